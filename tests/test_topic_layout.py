"""Topic pages show every word on every screen, in both text sizes, with the big buttons alone.

Driven as a patient would: taps (qtbot) on the visible buttons only, reading what each part of
each page shows. The parts are cut between lines, so what the patient sees, part after part,
must be the topic's text: every word, once, in order.
"""

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QApplication

from kiosk.content import plain_text
from kiosk.screen_id import HOME, TopicPage
from kiosk.screens.pages import Line, paginate
from kiosk.screens.topic import MAX_LINE_CHARS, PICTURE_MIN_MM
from kiosk.screens.widgets import TouchButton
from kiosk.theme import MARGIN_MM
from kiosk.visit import EndReason

from .conftest import SCREENS
from .test_accessibility import assert_targets_meet_the_floor, rect_in_window

LEFT = Qt.MouseButton.LeftButton
SIZES = [pytest.param(screen, larger, id=f"{screen}-{'larger' if larger else 'default'}")
         for screen in SCREENS for larger in (False, True)]


# --- a patient's taps ----------------------------------------------------------------------


def tap(qtbot, button: TouchButton) -> None:
    assert button.isVisible(), f"{button.text()!r} is not on show"
    qtbot.mouseClick(button, LEFT)


def visible_buttons(widget) -> list[TouchButton]:
    return [b for b in widget.findChildren(TouchButton) if b.isVisible()]


def open_from_home(qtbot, window, content, index: int):
    """Home, then the topic's button (turning Home's pages of buttons if it has them)."""
    if window.current_screen() != HOME:
        tap(qtbot, window.current_widget().home_button)
    topic = content.topics[index]
    for _ in range(len(content.topics) + 1):
        shown = visible_buttons(window.home)
        button = next((b for b in shown if b.text() == topic.title), None)
        if button is not None:
            tap(qtbot, button)
            assert window.current_screen() == TopicPage(topic.slug)
            return window.current_widget()
        tap(qtbot, next(b for b in shown if b.text() == content.words.more_topics))
    raise AssertionError(f"no button for {topic.title!r} on Home")


def read_all_parts(qtbot, window, content, page) -> list[str]:
    """Each part's text as the patient sees it, tapping More until the last part."""
    seen = []
    for _ in range(200):
        assert window.current_widget() is page, "More left the page before its last part"
        assert_page_is_whole(window, content, page)
        seen.append(page.text.visible_text())
        if page.part == page.parts - 1:
            return seen
        assert page.next_button.text() == content.words.more
        assert page.next_button.icon_name == "more"
        tap(qtbot, page.next_button)
    raise AssertionError("More never reached the last part")


def words_of(parts: list[str]) -> list[str]:
    return " ".join(parts).split()


def patient(make_window, content, screen: str, larger: bool):
    window = make_window(content, screen)
    window.visit.set_larger_text(larger)
    QApplication.processEvents()
    return window


# --- what a whole page means ---------------------------------------------------------------


def label_fits(label) -> bool:
    """All of a label's words inside it: none wider than it, its lines no taller."""
    metrics = QFontMetrics(label.font())
    widest = max(metrics.horizontalAdvance(w) for w in label.text().split())
    return widest <= label.width() and label.heightForWidth(label.width()) <= label.height()


def assert_page_is_whole(window, content, page) -> None:
    number = window.topics.index(page) + 1
    counter = content.words.topic_counter.format(number=number, count=len(window.topics))
    if page.parts > 1:
        counter += " · " + content.words.page_counter.format(page=page.part + 1,
                                                              pages=page.parts)
    assert page.counter.text() == counter
    for label in (page.title, page.counter):
        assert label.isVisible() and label_fits(label), label.text()
    switches = (page.controls.larger_text, page.controls.high_contrast)
    assert all(b.isVisible() for b in switches), "a patient switch is hidden"
    if page.controls.language is not None and not page.controls.language.isVisible():
        # Only the last-resort arrangement may leave it out (it stays on Home), and only where
        # not one line of text would fit beside it.
        assert page.plan is not None and page.plan.name == "rows/no-picture"
    if page.controls.take_home is not None and not page.controls.take_home.isVisible():
        # Likewise Take it home, the one place nothing fits beside it: the 10-inch screen in
        # larger text.
        assert page.plan is not None and page.plan.name == "rows/no-picture"
        assert window.width() == 1280 and window.look.larger_text
    assert_targets_meet_the_floor(window)
    # No line cut at the text area's edges, and nothing else laid over the text.
    text = page.text
    for line in text.visible_line_rects():
        assert line.top() >= 0 and line.bottom() <= text.height(), (line, text.height())
    area = rect_in_window(window, text)
    assert window.rect().contains(area)
    others = [page.title, page.counter, *visible_buttons(page)]
    others += [w for w in (page.picture, page.caption) if w.isVisible()]
    for widget in others:
        assert not area.intersects(rect_in_window(window, widget)), widget
    for first, second in itertools.combinations(others, 2):
        assert not rect_in_window(window, first).intersects(rect_in_window(window, second)), (
            first, second)


# --- every word, on every screen, in both text sizes ---------------------------------------


@pytest.mark.parametrize(("screen", "larger"), SIZES)
def test_every_word_of_every_topic_is_reached_with_the_buttons_alone(qtbot, make_window,
                                                                    contents, screen, larger):
    content = contents
    window = patient(make_window, content, screen, larger)
    for index, topic in enumerate(content.topics):
        page = open_from_home(qtbot, window, content, index)
        assert page.part == 0
        parts = read_all_parts(qtbot, window, content, page)
        assert all(part.split() for part in parts), "an empty part"
        assert words_of(parts) == plain_text(page.body).split(), topic.slug
        # The last part's Next goes on to the next topic (there is none after the last).
        if index < len(content.topics) - 1:
            assert page.next_button.text() == content.words.next
            tap(qtbot, page.next_button)
            assert window.current_screen() == TopicPage(content.topics[index + 1].slug)
            assert window.current_widget().part == 0
        else:
            assert not page.next_button.isVisible()


@pytest.mark.parametrize(("screen", "larger"), SIZES)
def test_a_part_is_painted_whole_lines_only(qtbot, make_window, contents, screen, larger):
    """What is painted is what the parts say: ink only on the part's own lines, none below."""
    content = contents
    window = patient(make_window, content, screen, larger)
    page = open_from_home(qtbot, window, content, 2)
    if page.parts > 1:
        tap(qtbot, page.next_button)
    image = page.text.grab().toImage()
    lines = page.text.visible_line_rects()
    ground = QColor(window.look.palette.background)
    ratio = image.devicePixelRatio()
    inked = set()
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 3):
            colour = image.pixelColor(x, y)
            if abs(colour.lightness() - ground.lightness()) > 96:
                inked.add(y / ratio)
    assert inked, "nothing painted"
    for y in inked:
        assert any(line.top() - 1 <= y <= line.bottom() + 1 for line in lines), y


@pytest.mark.parametrize(("screen", "larger"), SIZES)
def test_the_page_keeps_its_picture_where_there_is_room(make_window, content, screen, larger):
    window = patient(make_window, content, screen, larger)
    for index, page in enumerate(window.topics):
        window.show_topic(index)
        QApplication.processEvents()
        if not larger or screen != "10in-1280x800":
            # Only the 10-inch screen with larger text is too small for the foot as well.
            assert page.picture.isVisible(), page.topic.slug
            assert page.picture.height() >= window.look.px(PICTURE_MIN_MM), page.topic.slug
    arrangements = {page.plan.name for page in window.topics}
    assert len(arrangements) == 1, f"the pages are not laid out alike: {arrangements}"


def test_in_portrait_the_picture_is_large_above_the_text(make_window, content):
    for larger in (False, True):
        window = patient(make_window, content, "21.5in-1080x1920-portrait", larger)
        for index, page in enumerate(window.topics):
            window.show_topic(index)
            QApplication.processEvents()
            picture, text = page.picture.geometry(), page.text.geometry()
            assert page.picture.isVisible()
            assert picture.bottom() < text.top(), page.topic.slug
            assert picture.width() >= 0.9 * (page.width() - 2 * window.look.px(MARGIN_MM))
            # Large: it may give up some height where that spares a part, never half of it.
            assert window.look.metrics.mm(page.picture.picture_rect().height()) >= 60
            # ...but the text keeps most of the room.
            assert text.height() >= picture.height()


@pytest.mark.parametrize("larger", [False, True], ids=["default", "larger"])
def test_on_4k_a_line_holds_80_characters_or_fewer(qtbot, make_window, content, larger):
    window = patient(make_window, content, "27in-3840x2160", larger)
    longest = 0
    for index in range(len(content.topics)):
        page = open_from_home(qtbot, window, content, index)
        while True:
            longest = max([longest, *(len(line.rstrip()) for line in page.text.visible_lines())])
            if page.part == page.parts - 1:
                break
            tap(qtbot, page.next_button)
    assert 60 <= longest <= MAX_LINE_CHARS  # capped, and the free width went to the picture
    page = window.topics[0]
    assert page.picture.width() > window.look.px(150)


# --- moving through the parts ---------------------------------------------------------------


def long_page(qtbot, window, content, parts: int = 3):
    """The first topic that needs at least so many parts on this screen, opened from Home."""
    for index in range(len(content.topics)):
        page = open_from_home(qtbot, window, content, index)
        if page.parts >= parts:
            return page
    raise AssertionError(f"no topic needs {parts} parts here")


def test_back_from_part_two_returns_to_part_one(qtbot, make_window, content):
    window = patient(make_window, content, "10in-1280x800", True)
    page = long_page(qtbot, window, content)
    first = page.text.visible_text()
    assert page.previous_button.isVisible() or page.topic == content.topics[0]
    tap(qtbot, page.next_button)
    assert page.part == 1
    assert page.previous_button.isVisible()
    second = page.text.visible_text()
    with qtbot.assertNotEmitted(page.previous_requested):
        tap(qtbot, page.previous_button)
    assert window.current_widget() is page
    assert page.part == 0
    assert page.text.visible_text() == first != second
    # From part 1, Back is the topic before's page.
    number = window.topics.index(page)
    if number > 0:
        tap(qtbot, page.previous_button)
        assert window.current_screen() == TopicPage(content.topics[number - 1].slug)


def test_more_turns_the_part_without_leaving_the_page(qtbot, make_window, content):
    window = patient(make_window, content, "10in-1280x800", False)
    page = long_page(qtbot, window, content)
    with qtbot.assertNotEmitted(page.next_requested), \
            qtbot.assertNotEmitted(window.screen_changed):
        tap(qtbot, page.next_button)
    assert page.part == 1
    assert page.counter.text().endswith(content.words.page_counter.format(page=2,
                                                                          pages=page.parts))


def test_a_page_left_and_opened_again_starts_at_part_one(qtbot, make_window, content):
    window = patient(make_window, content, "10in-1280x800", True)
    page = long_page(qtbot, window, content)
    index = window.topics.index(page)
    tap(qtbot, page.next_button)
    tap(qtbot, page.next_button)
    assert page.part == 2
    tap(qtbot, page.home_button)
    assert open_from_home(qtbot, window, content, index) is page
    assert page.part == 0
    assert page.counter.text().endswith(content.words.page_counter.format(page=1,
                                                                          pages=page.parts))


def test_a_new_visit_starts_every_page_at_part_one(qtbot, make_window, content):
    window = patient(make_window, content, "10in-1280x800", False)
    page = long_page(qtbot, window, content)
    tap(qtbot, page.next_button)
    assert page.part == 1
    window.visit.end(EndReason.STILL_READING_EXPIRED)
    assert window.current_screen() == HOME
    assert all(p.part == 0 for p in window.topics)


@pytest.mark.parametrize("screen", ["10in-1280x800", "15.6in-1366x768"])
def test_larger_text_on_part_two_cuts_the_parts_again_and_every_word_stays_in_reach(
        qtbot, make_window, content, screen):
    window = patient(make_window, content, screen, False)
    page = long_page(qtbot, window, content, parts=2)
    before, first = page.parts, page.text.visible_text().split()
    tap(qtbot, page.next_button)
    on_show = page.text.visible_text().split()[0]
    tap(qtbot, page.controls.larger_text)
    assert window.visit.larger_text
    assert page.parts >= before
    # The part on show still holds the words the patient was reading.
    assert on_show in page.text.visible_text().split()
    while page.part > 0:
        tap(qtbot, page.previous_button)
    parts = read_all_parts(qtbot, window, content, page)
    assert len(parts[0].split()) < len(first), "the larger text was not cut again"
    assert words_of(parts) == plain_text(page.body).split()
    # ...and back to the default size: fewer parts again, all words still there.
    tap(qtbot, page.controls.larger_text)
    assert page.parts == before
    while page.part > 0:
        tap(qtbot, page.previous_button)
    assert words_of(read_all_parts(qtbot, window, content, page)) == \
        plain_text(page.body).split()


def test_a_new_window_size_cuts_the_parts_again(qtbot, make_window, content):
    window = patient(make_window, content, "21.5in-1920x1080", True)
    page = open_from_home(qtbot, window, content, 2)
    before = page.parts
    window.resize(1280, 800)
    QApplication.processEvents()
    assert page.parts > before
    while page.part > 0:
        tap(qtbot, page.previous_button)
    assert words_of(read_all_parts(qtbot, window, content, page)) == \
        plain_text(page.body).split()


def test_a_topic_that_fits_shows_next_and_no_page_count(qtbot, make_window, content):
    window = patient(make_window, content, "21.5in-1920x1080", False)
    for index in range(len(content.topics)):
        page = open_from_home(qtbot, window, content, index)
        assert page.parts == 1
        assert page.next_button.icon_name == "next"
        assert content.words.page_counter.format(page=1, pages=1) not in page.counter.text()


# --- the cutting itself ---------------------------------------------------------------------


def lines_of(paragraphs: list[int], pitch: float = 10.0, ink: float = 7.0,
             gap: float = 3.0) -> list[Line]:
    """Synthetic lines: paragraphs of so many lines each."""
    lines, y = [], 0.0
    for number, count in enumerate(paragraphs):
        for index in range(count):
            lines.append(Line(top=y, bottom=y + ink, start=len(lines), text=f"p{number}l{index} ",
                              ends_block=index == count - 1))
            y += pitch
        y += gap
    return lines


@pytest.mark.parametrize("height", [7.0, 15.0, 27.0, 40.0, 66.0, 100.0])
def test_parts_hold_every_line_once_and_none_is_taller_than_the_area(height):
    lines = lines_of([3, 1, 5, 2, 7, 1, 1, 4])
    parts = paginate(lines, height)
    assert [i for p in parts for i in range(p.first, p.last + 1)] == list(range(len(lines)))
    for part in parts:
        assert part.height <= height or part.first == part.last


def test_a_line_taller_than_the_area_still_moves_on():
    lines = lines_of([3])
    parts = paginate(lines, 2.0)
    assert [(p.first, p.last) for p in parts] == [(0, 0), (1, 1), (2, 2)]


def test_a_part_ends_at_a_paragraph_when_little_room_is_lost():
    lines = lines_of([4, 4])  # six lines' room ends two lines into the second paragraph
    height = 5 * 10.0 + 3.0 + 7.0 + 0.5
    parts = paginate(lines, height, slack=0.4)
    assert (parts[0].first, parts[0].last) == (0, 3)
    parts = paginate(lines, height, slack=0.0)  # ...unless no room may go empty
    assert (parts[0].first, parts[0].last) == (0, 5)


def test_no_paragraph_leaves_one_line_alone_on_a_long_part():
    lines = lines_of([1, 6])  # eight lines' room would keep only the paragraph's last line over
    height = 5 * 10.0 + 3.0 + 7.0 + 0.5  # six lines
    parts = paginate(lines, height, slack=0.0)
    last_line_alone = parts[1].first == parts[1].last == len(lines) - 1
    assert not last_line_alone
    assert [i for p in parts for i in range(p.first, p.last + 1)] == list(range(len(lines)))


def test_hidden_pages_are_laid_out_the_same_before_and_after_their_first_showing(make_window,
                                                                               content):
    window = make_window(content, "10in-1280x800")
    window.warm_up()  # what the window does a second after start: every page sized, off screen
    before = {page.topic.slug: (page.plan.name, page.text.geometry(), page.parts)
              for page in window.topics}
    assert all(geometry.isValid() for _, geometry, _ in before.values())
    for index, page in enumerate(window.topics):
        window.show_topic(index)
        assert (page.plan.name, page.text.geometry(), page.parts) == before[page.topic.slug]
