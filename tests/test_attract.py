"""The attract screen teaches from across the room (issue 9): each topic's teaser in turn, its
part of the foot marked, then the invitation to touch; headline capitals of 16 mm on the
21.5-inch screen, no word alone on a line's end; one slow single-shot timer."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import textstat
from PySide6.QtCore import QPoint, QRect, Qt, QTimer

from kiosk.cli import main
from kiosk.content import load_content
from kiosk.screen_id import HOME
from kiosk.screens.overlays import ATTRACT_MOVE_MS, AttractScreen
from kiosk.visit import EndReason

from .conftest import CONTENT_DIR, SCREENS
from .test_idle import active_timers

HEADLINE_CAP_MM = 16.0  # ADA 703.5.5: 5/8 inch, for signs read from under 1.8 m


def steps_of(attract: AttractScreen) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each step of one whole cycle, as shown: (the headline, the parts marked)."""
    for _ in range(attract.steps):
        yield attract.message.text(), attract.picture.highlight
        attract._mover.timeout.emit()  # what the single-shot timer does when it fires


def test_it_cycles_through_every_teaser_and_back_with_its_part_marked(qtbot, kiosk, content):
    qtbot.waitUntil(kiosk.attract.isVisible, timeout=3000)
    attract = kiosk.attract
    seen = [(attract.message.text(), attract.picture.highlight)]
    attract.changed.connect(
        lambda _: seen.append((attract.message.text(), attract.picture.highlight)))
    attract._mover.setInterval(30)
    attract.start()
    wanted = [(content.words.attract, ())] + [(t.teaser, t.highlight) for t in content.topics]
    qtbot.waitUntil(lambda: len(seen) >= len(wanted) + 1, timeout=5000)
    assert seen[:len(wanted) + 1] == [*wanted, wanted[0]]  # each teaser, then the invitation
    assert any(highlight for _, highlight in seen)


def test_a_change_is_one_single_shot_timer_a_few_times_a_minute(qtbot, kiosk):
    qtbot.waitUntil(kiosk.attract.isVisible, timeout=3000)
    mover = kiosk.attract._mover
    assert mover.isSingleShot() and mover.interval() == ATTRACT_MOVE_MS >= 12_000
    assert active_timers(kiosk) == [mover]
    mover.timeout.emit()  # a change: the next one is timed afresh, by the same one timer
    assert active_timers(kiosk) == [mover] and mover.isActive()
    assert all(t.isSingleShot() for t in kiosk.window.findChildren(QTimer) if t.isActive())


def test_a_new_attract_screen_starts_with_the_invitation(qtbot, kiosk, content):
    qtbot.waitUntil(kiosk.attract.isVisible, timeout=3000)
    kiosk.attract._mover.timeout.emit()
    assert kiosk.attract.step == 1
    kiosk.end_visit(EndReason.STAFF)
    kiosk.show_attract()
    assert kiosk.attract.step == 0
    assert kiosk.attract.message.text() == content.words.attract


def test_the_touch_that_wakes_a_teaser_opens_nothing(qtbot, kiosk):
    qtbot.waitUntil(kiosk.attract.isVisible, timeout=3000)
    kiosk.attract._mover.timeout.emit()  # a teaser, its part marked
    button = kiosk.window.home.buttons[0]
    spot = kiosk.attract.mapFrom(kiosk.window, button.mapTo(kiosk.window, QPoint(20, 20)))
    qtbot.mouseClick(kiosk.attract, Qt.MouseButton.LeftButton, pos=spot)
    assert not kiosk.attract.isVisible() and not kiosk.attract.is_moving()
    assert kiosk.window.current_screen() == HOME
    assert not button.isDown()


def attract_on(make_window, content, screen, language="en") -> AttractScreen:
    window = make_window(content, screen)
    window.visit.set_language(language)
    attract = AttractScreen(window.look, content.language(language).words, window.renderer,
                            window)
    attract.set_topics(content.language(language).topics)
    attract.start()
    return attract


def test_the_headline_has_16mm_capitals_on_the_21_inch_screen(make_window, content):
    attract = attract_on(make_window, content, "21.5in-1920x1080")
    for text, _ in steps_of(attract):
        assert attract.headline_cap_mm() >= HEADLINE_CAP_MM, text


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("screen", SCREENS)
def test_every_headline_shows_whole_with_no_word_alone(make_window, content, screen, language):
    attract = attract_on(make_window, content, screen, language)
    window = attract.parentWidget()
    mm = window.look.metrics.mm
    short = mm(min(window.width(), window.height()))
    caps = set()
    for text, _ in steps_of(attract):
        message = attract.message
        lines = attract.headline_lines()
        assert " ".join(" ".join(lines).split()) == " ".join(text.split()), "a word is lost"
        assert len(lines) == 1 or len(lines[-1].split()) >= 2, f"{lines[-1]!r} alone: {lines}"
        assert message.heightForWidth(message.width()) <= message.height(), text
        shown = QRect(message.mapTo(window, message.rect().topLeft()), message.size())
        drawing = attract.picture.picture_rect().toAlignedRect().translated(
            attract.picture.mapTo(window, attract.picture.rect().topLeft()))
        assert window.rect().contains(shown) and window.rect().contains(drawing)
        assert not shown.intersects(drawing), "the headline is over the foot"
        caps.add(round(attract.headline_cap_mm(), 2))
    assert len(caps) == 1  # the same size from one change to the next: calm
    # In proportion to the screen: 16 mm on the 21.5-inch one's 268 mm short side.
    assert caps.pop() >= HEADLINE_CAP_MM * short / 268 - 0.05


def test_the_teasers_read_easily():
    english = " ".join(t.teaser for t in load_content(CONTENT_DIR).topics)
    assert textstat.flesch_kincaid_grade(english) <= 6
    spanish = " ".join(t.teaser for t in load_content(CONTENT_DIR).language("es").topics)
    instance = textstat.textstat
    before = getattr(instance, "_textstatistics__lang", "en_US")
    textstat.set_lang("es")
    try:
        assert textstat.fernandez_huerta(spanish) >= 80
    finally:
        textstat.set_lang(before)


def test_every_bundled_topic_has_a_teaser_in_every_language():
    content = load_content(CONTENT_DIR)
    for language in content.languages:
        for topic in language.topics:
            assert topic.teaser, f"{language.code}/{topic.path.name}"


# --- kiosk check -----------------------------------------------------------------------------


def check(root: Path, capsys) -> tuple[int, list[str]]:
    status = main(["check", str(root)])
    return status, capsys.readouterr().out.splitlines()


def teaser_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("teaser"))


def test_a_teaser_too_long_for_the_attract_screen_is_named_with_its_line(content_copy, capsys):
    topic = sorted((content_copy / "en").glob("*.md"))[1]
    text = topic.read_text(encoding="utf-8")
    topic.write_text(re.sub(r'^teaser = ".*"$', 'teaser = "' + "Walk less. " * 12 + '"', text,
                            count=1, flags=re.M), encoding="utf-8")
    status, out = check(content_copy, capsys)
    assert status == 1
    prefix = f"{topic}:{teaser_line(topic)}: "
    assert any(line.startswith(prefix) and "'teaser'" in line and "attract" in line
               for line in out), out


def test_a_teaser_in_one_language_only_is_named_in_the_other(content_copy, capsys):
    topic = sorted((content_copy / "es").glob("*.md"))[2]
    text = topic.read_text(encoding="utf-8")
    topic.write_text(re.sub(r'^teaser = ".*"\n', "", text, count=1, flags=re.M),
                     encoding="utf-8")
    status, out = check(content_copy, capsys)
    assert any(line.startswith(f"{topic}:") and "teaser" in line for line in out), out
    assert status == 1 or "left out" in " ".join(out)


def test_a_topic_without_a_teaser_is_left_out_of_the_cycle(content_copy):
    for language in ("en", "es"):
        topic = sorted((content_copy / language).glob("*.md"))[0]
        text = topic.read_text(encoding="utf-8")
        topic.write_text(re.sub(r'^teaser = ".*"\n', "", text, count=1, flags=re.M),
                         encoding="utf-8")
    content = load_content(content_copy)
    assert content.topics[0].teaser == ""
    assert [t.teaser for t in content.topics[1:]] == [t.teaser for t in
                                                       load_content(CONTENT_DIR).topics[1:]]


def test_the_cycle_skips_a_topic_without_a_teaser(make_window, content_copy):
    for language in ("en", "es"):
        topic = sorted((content_copy / language).glob("*.md"))[0]
        text = topic.read_text(encoding="utf-8")
        topic.write_text(re.sub(r'^teaser = ".*"\n', "", text, count=1, flags=re.M),
                         encoding="utf-8")
    content = load_content(content_copy)
    attract = attract_on(make_window, content, "21.5in-1920x1080")
    shown = [text for text, _ in steps_of(attract)]
    assert shown == [content.words.attract, *(t.teaser for t in content.topics[1:])]
