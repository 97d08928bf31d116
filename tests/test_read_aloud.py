"""Read aloud, as a patient meets it: a button on every page that reads the page on show, marks
each sentence as it is spoken, reads each page opened after it, stops at once, and ends with
the visit. Played through a fake player: no sound device is needed."""

import json
import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.app import load_narration
from kiosk.read_aloud import HOME, SPEAKING, STILL_READING
from kiosk.screen_id import HOME as HOME_SCREEN
from kiosk.screen_id import TopicPage
from kiosk.visit import READ_ALOUD, EndReason

from .readers import audio_of, give_voice, narration_for, sentence
from .test_accessibility import assert_targets_meet_the_floor

LEFT = Qt.MouseButton.LeftButton


def tap(qtbot, button) -> None:
    assert button.isVisible(), f"{button.text()!r} is not on show"
    qtbot.mouseClick(button, LEFT)


def controls(window):
    return window.current_widget().controls


def open_topic(qtbot, window, index: int):
    """Home's button for the topic (turning Home's pages if need be), as a patient would."""
    home = window.home
    title = window.content.language(window.visit.language).topics[index].title
    for _ in range(len(home.buttons) + 1):
        shown = [b for b in home.buttons if b.isVisible()]
        button = next((b for b in shown if b.text() == title), None)
        if button is not None:
            tap(qtbot, button)
            return window.current_widget()
        tap(qtbot, home.more_button)
    raise AssertionError(f"no button for {title!r}")


@pytest.fixture
def speaking(make_kiosk):
    """A kiosk on a PC that can speak, every page recorded: (kiosk, player)."""
    kiosk = make_kiosk()
    player = give_voice(kiosk.reader, kiosk.window.content)
    QApplication.processEvents()
    return kiosk, player


# --- no sound, no button -------------------------------------------------------------------


def test_a_pc_with_no_sound_device_shows_no_read_aloud_button(make_kiosk):
    kiosk = make_kiosk()
    kiosk.reader.attach(None, narration_for(kiosk.window.content))
    QApplication.processEvents()
    assert not kiosk.reader.offered
    assert not controls(kiosk.window).read_aloud.isVisible()


def test_no_sound_device_is_one_log_line_and_no_player(monkeypatch, caplog):
    import miniaudio

    from kiosk import audio

    def no_device(*args, **kwargs):
        raise miniaudio.MiniaudioError("failed to init device", -401)

    monkeypatch.setattr(miniaudio, "PlaybackDevice", no_device)
    with caplog.at_level(logging.INFO, logger="kiosk.audio"):
        assert audio.open_player() is None
    assert len(caplog.records) == 1
    assert "no sound device" in caplog.records[0].getMessage()


def test_sound_never_starts_by_itself(qtbot, speaking):
    kiosk, player = speaking
    open_topic(qtbot, kiosk.window, 0)
    tap(qtbot, kiosk.window.current_widget().home_button)
    assert player.played == []
    assert not kiosk.visit.read_aloud


# --- speaking ------------------------------------------------------------------------------


def test_tapping_read_aloud_reads_the_page_on_show_from_its_first_sentence(qtbot, speaking):
    kiosk, player = speaking
    home = kiosk.window.home
    button = home.controls.read_aloud
    assert button.text() == "Read aloud" and button.icon_name == "speaker"
    tap(qtbot, button)
    assert player.playing == audio_of(HOME, 0)
    assert home.welcome.marked
    assert button.text() == "Stop" and button.icon_name == "stop"
    assert READ_ALOUD in kiosk.visit.used()


def test_the_marking_follows_each_sentence_on_home(qtbot, speaking):
    kiosk, player = speaking
    home = kiosk.window.home
    tap(qtbot, home.controls.read_aloud)
    player.finish()
    first_topic = kiosk.window.content.topics[0].title
    assert sentence(kiosk.window.content, HOME, 1) == first_topic
    assert player.playing == audio_of(HOME, 1)
    assert not home.welcome.marked
    assert [b.text() for b in home.buttons if b.marked] == [first_topic]


def test_a_topic_is_read_sentence_by_sentence_and_its_parts_turn_with_the_voice(
        qtbot, make_kiosk):
    kiosk = make_kiosk(screen="10in-1280x800")
    player = give_voice(kiosk.reader, kiosk.window.content, seconds=0.3)
    window = kiosk.window
    window.visit.set_larger_text(True)  # several parts on the 10-inch screen
    QApplication.processEvents()
    page = open_topic(qtbot, window, 1)
    slug = page.topic.slug
    assert page.parts > 1
    tap(qtbot, page.controls.read_aloud)
    texts = [sentence(window.content, slug, i) for i in range(len(
        kiosk.reader._sentences))]
    assert page.title.marked and texts[0] == page.topic.title
    parts_seen = {page.part}
    page.text.paged.connect(lambda: parts_seen.add(page.part))
    for index in range(1, len(texts) - 1):
        player.finish()
        assert player.playing == audio_of(slug, index)
        assert page.text.marked_text() == texts[index]
        # The part on show holds the sentence's start: the patient sees what they hear...
        assert texts[index].split()[0] in page.text.visible_text()
        assert_targets_meet_the_floor(window)
        # ...and turns as the voice reaches the next part, within the sentence.
        last = texts[index].split()[-1]
        qtbot.waitUntil(lambda word=last: word in page.text.visible_text(), timeout=2000)
    assert parts_seen == set(range(page.parts)), "the parts did not turn with the voice"
    player.finish()  # the picture's description, last
    assert page.caption.marked or not page.caption.isVisible()
    player.finish()
    assert player.playing is None
    assert not kiosk.reader.speaking
    assert not page.title.marked and page.text.marked_text() == ""
    assert kiosk.visit.read_aloud, "read aloud stays on for the next page"


def test_the_next_page_opened_is_read_as_it_opens(qtbot, speaking):
    kiosk, player = speaking
    window = kiosk.window
    tap(qtbot, window.home.controls.read_aloud)
    page = open_topic(qtbot, window, 2)
    assert player.playing == audio_of(page.topic.slug, 0)
    assert page.title.marked
    assert not any(b.marked for b in window.home.buttons)
    tap(qtbot, page.home_button)
    assert player.playing == audio_of(HOME, 0)


def test_stop_stops_at_once_and_the_next_page_is_silent(qtbot, speaking):
    kiosk, player = speaking
    window = kiosk.window
    page = open_topic(qtbot, window, 0)
    tap(qtbot, page.controls.read_aloud)
    assert player.playing is not None
    tap(qtbot, page.controls.read_aloud)  # now "Stop"
    assert player.playing is None
    assert not kiosk.reader.speaking and not page.title.marked
    assert page.controls.read_aloud.text() == "Read aloud"
    assert not page.controls.louder.isVisible()
    played = len(player.played)
    tap(qtbot, page.home_button)
    assert len(player.played) == played


def test_louder_and_softer_change_the_visits_volume_while_read_aloud_is_on(qtbot, speaking):
    kiosk, player = speaking
    window, visit = kiosk.window, kiosk.visit
    start = visit.volume
    assert start == pytest.approx(0.7)  # settings.toml's voice_volume = 70
    page = open_topic(qtbot, window, 0)
    assert not page.controls.louder.isVisible() and not page.controls.softer.isVisible()
    tap(qtbot, page.controls.read_aloud)
    QApplication.processEvents()
    assert page.controls.louder.isVisible() and page.controls.softer.isVisible()
    assert_targets_meet_the_floor(window)
    tap(qtbot, page.controls.louder)
    assert visit.volume > start and player.volume == visit.volume
    tap(qtbot, page.controls.softer)
    tap(qtbot, page.controls.softer)
    assert visit.volume < start and player.volume == visit.volume
    for _ in range(10):
        tap(qtbot, page.controls.softer)
    assert player.volume > 0, "Softer never silences the voice"


def test_the_visits_end_stops_the_voice_and_the_next_visit_is_silent_at_the_default_volume(
        qtbot, speaking):
    kiosk, player = speaking
    window, visit = kiosk.window, kiosk.visit
    page = open_topic(qtbot, window, 0)
    tap(qtbot, page.controls.read_aloud)
    tap(qtbot, page.controls.louder)
    record = kiosk.end_visit(EndReason.STILL_READING_EXPIRED)
    assert READ_ALOUD in record.used
    assert player.playing is None and not visit.read_aloud
    assert visit.volume == pytest.approx(0.7) and player.volume == pytest.approx(0.7)
    assert window.current_screen() == HOME_SCREEN
    assert window.home.controls.read_aloud.text() == "Read aloud"
    played = len(player.played)
    open_topic(qtbot, window, 1)
    assert len(player.played) == played, "the next patient's visit starts silent"


def test_the_idle_timer_is_held_while_the_voice_speaks_and_released_after(qtbot, speaking):
    kiosk, player = speaking
    page = open_topic(qtbot, kiosk.window, 0)
    tap(qtbot, page.controls.read_aloud)
    assert SPEAKING in kiosk.idle.holds and not kiosk.idle.is_counting()
    while player.playing is not None:
        player.finish()
    assert SPEAKING not in kiosk.idle.holds and kiosk.idle.is_counting()


def test_still_reading_stops_the_voice_and_asks_its_question_aloud(qtbot, speaking):
    kiosk, player = speaking
    page = open_topic(qtbot, kiosk.window, 0)
    tap(qtbot, page.controls.read_aloud)
    while player.playing is not None and kiosk.reader.page == page.topic.slug:
        player.finish()
    qtbot.waitUntil(kiosk.still_reading.isVisible, timeout=3000)
    assert player.playing == audio_of(STILL_READING, 0)
    assert kiosk.still_reading.question.marked
    player.finish()
    assert kiosk.still_reading.button.marked and not kiosk.still_reading.question.marked
    tap(qtbot, kiosk.still_reading.button)
    assert player.playing is None
    assert kiosk.reader.page == page.topic.slug


def test_the_staff_gestures_first_hold_stops_the_voice_at_once(qtbot, speaking):
    from PySide6.QtTest import QTest

    kiosk, player = speaking
    office = kiosk.window.home.office
    tap(qtbot, kiosk.window.home.controls.read_aloud)
    assert player.playing is not None
    QTest.mousePress(office, LEFT)
    qtbot.waitUntil(lambda: player.playing is None, timeout=2000)  # the 100 ms hold
    QTest.mouseRelease(office, LEFT)
    assert not kiosk.reader.speaking


def test_opening_the_staff_pad_stops_the_voice(qtbot, speaking):
    kiosk, player = speaking
    tap(qtbot, kiosk.window.home.controls.read_aloud)
    kiosk.staff_access.opened.emit()
    assert player.playing is None and not kiosk.visit.read_aloud


def test_the_attract_screen_stays_silent(qtbot, speaking):
    kiosk, player = speaking
    tap(qtbot, kiosk.window.home.controls.read_aloud)
    kiosk.show_attract()
    assert kiosk.attract.isVisible()
    assert player.playing is None
    played = len(player.played)
    QApplication.processEvents()
    assert len(player.played) == played


def test_a_new_language_reads_the_page_again_in_its_words(qtbot, speaking):
    kiosk, player = speaking
    window = kiosk.window
    tap(qtbot, window.home.controls.read_aloud)
    tap(qtbot, window.home.controls.language)
    qtbot.waitUntil(lambda: player.playing == audio_of(HOME, 0, "es"), timeout=2000)
    assert window.home.welcome.marked
    assert window.home.controls.read_aloud.text() == "Parar"


# --- pages whose recording does not match ------------------------------------------------


def test_a_page_without_matching_audio_is_not_read_and_offers_no_button(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    stale = window.content.topics[1].slug
    player = give_voice(kiosk.reader, window.content, leave_out=(stale,))
    QApplication.processEvents()
    page = open_topic(qtbot, window, 0)
    tap(qtbot, page.controls.read_aloud)
    tap(qtbot, page.next_button) if page.parts == 1 else None
    while window.current_screen() != TopicPage(stale):
        tap(qtbot, window.current_widget().next_button)
    stale_page = window.current_widget()
    assert player.playing is None, "a page whose recording is out of date is never spoken"
    assert not stale_page.controls.read_aloud.isVisible()
    assert stale_page.controls.larger_text.isVisible()
    tap(qtbot, stale_page.next_button)
    assert player.playing == audio_of(window.current_widget().topic.slug, 0)


def test_an_edited_sentence_leaves_its_page_unspoken_until_the_voice_is_made_again(
        content_copy):
    from kiosk import voice
    from kiosk.content import load_content

    def record(content):
        for language in content.languages:
            folder = voice.voice_folder(content_copy / language.code, language.code)
            folder.mkdir(parents=True, exist_ok=True)
            pages = {}
            for page, texts in voice.page_sentences(language).items():
                entries = []
                for text in texts:
                    sha = voice.sentence_sha(voice.voice_for(language.code), text)
                    (folder / voice.audio_name(sha)).write_bytes(b"OggS")
                    entries.append({"text": text, "file": voice.audio_name(sha),
                                    "seconds": 1.0, "sha": sha})
                pages[page] = entries
            (folder / voice.MANIFEST).write_text(
                json.dumps({"format": voice.MANIFEST_FORMAT, "pages": pages}), encoding="utf-8")

    content = load_content(content_copy)
    record(content)
    topic = content.topics[2]
    assert topic.slug in load_narration(content)["en"]
    text = topic.path.read_text(encoding="utf-8")
    assert topic.body in text
    edited_body = topic.body.replace(".", ", as you know.", 1)  # one sentence changed
    topic.path.write_text(text.replace(topic.body, edited_body), encoding="utf-8")
    edited = load_content(content_copy)
    assert edited.topics[2].body == edited_body
    narration = load_narration(edited)
    assert topic.slug not in narration["en"]
    assert content.topics[3].slug in narration["en"] and HOME in narration["en"]
    record(edited)  # what `kiosk voice` does
    assert topic.slug in load_narration(load_content(content_copy))["en"]


# --- the office's default volume -----------------------------------------------------------


def test_a_voice_volume_out_of_range_is_named_with_its_file_line_and_fix(content_copy, capsys):
    from .test_content_check import assert_reported, check, replace_in

    settings = content_copy / "settings.toml"
    replace_in(settings, "voice_volume = 70", "voice_volume = 0")
    line = settings.read_text(encoding="utf-8").splitlines().index("voice_volume = 0") + 1
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, settings, line, "voice_volume", "10 to 100")


def test_the_offices_voice_volume_is_where_every_visit_starts(qtbot, make_window, content_copy):
    from kiosk.content import load_content

    from .test_content_check import replace_in

    replace_in(content_copy / "settings.toml", "voice_volume = 70", "voice_volume = 40")
    window = make_window(load_content(content_copy))
    assert window.visit.volume == pytest.approx(0.4)
    window.visit.louder()
    window.visit.end(EndReason.ATTRACT)
    assert window.visit.volume == pytest.approx(0.4)


def test_recordings_remade_for_unchanged_content_are_spoken_without_a_restart(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    stale = window.content.topics[0].slug
    player = give_voice(kiosk.reader, window.content, leave_out=(stale,))
    page = open_topic(qtbot, window, 0)
    assert not page.controls.read_aloud.isVisible()
    kiosk.reader.set_narration(narration_for(window.content))  # what `kiosk voice` made
    QApplication.processEvents()
    assert page.controls.read_aloud.isVisible()
    tap(qtbot, page.controls.read_aloud)
    assert player.playing == audio_of(stale, 0)


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_recorded_sentence_of_the_bundled_voice_is_marked_where_it_is_shown(
        qtbot, make_kiosk, language):
    """The bundled recordings match today's texts, and each sentence spoken is found on its
    screen: the welcome or a topic button on Home, a topic's title, a sentence of its text or
    its picture's words."""
    kiosk = make_kiosk()
    window = kiosk.window
    narration = load_narration(window.content)
    assert set(narration[language]) == {HOME, STILL_READING, *(t.slug for t in
                                                               window.content.topics)}
    from .readers import FakePlayer

    player = FakePlayer()
    kiosk.reader.attach(player, narration)
    window.visit.set_language(language)
    QApplication.processEvents()
    tap(qtbot, window.home.controls.read_aloud)
    qtbot.waitUntil(lambda: kiosk.reader.speaking, timeout=2000)
    for spoken in narration[language][HOME]:
        assert player.playing == spoken.audio
        home = window.home
        assert home.welcome.marked or any(b.marked and b.isVisible() for b in home.buttons), (
            spoken.text)
        player.finish()
    for index, topic in enumerate(window.content.language(language).topics):
        window.show_topic(index)
        page = window.current_widget()
        for spoken in narration[language][topic.slug]:
            assert player.playing == spoken.audio
            assert (page.title.marked or page.caption.marked
                    or page.text.marked_text() == spoken.text), spoken.text
            player.finish()
