"""A patient's path through the kiosk, tapped with qtbot on the real buttons."""

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer

from kiosk.content import plain_text
from kiosk.screen_id import HOME, TopicPage
from kiosk.visit import EndReason
from kiosk.window import WARM_UP_TIMER

LEFT = Qt.MouseButton.LeftButton


def test_the_kiosk_starts_on_home_with_one_button_per_topic(window, content):
    assert window.current_screen() == HOME
    assert [b.text() for b in window.home.buttons] == [t.title for t in content.topics]
    assert [b.subtitle for b in window.home.buttons] == [t.subtitle for t in content.topics]
    assert window.home.office.text() == content.settings.office_name


@pytest.mark.parametrize("index", range(7))
def test_tapping_a_topic_opens_its_page(qtbot, window, content, index):
    topic = content.topics[index]
    qtbot.mouseClick(window.home.buttons[index], LEFT)
    assert window.current_screen() == TopicPage(topic.slug)
    page = window.current_widget()
    assert page.title.text() == topic.title
    assert page.text.plain_text() == plain_text(page.body)
    assert page.caption.text() == topic.picture
    assert page.picture.highlight == topic.highlight


def test_next_walks_through_every_topic_and_home_returns(qtbot, window, content):
    qtbot.mouseClick(window.home.buttons[0], LEFT)
    seen = [window.current_screen()]
    while window.current_widget().next_button.isVisible():
        qtbot.mouseClick(window.current_widget().next_button, LEFT)
        seen.append(window.current_screen())
    assert seen == [TopicPage(t.slug) for t in content.topics]
    assert not window.current_widget().next_button.isVisible()
    qtbot.mouseClick(window.current_widget().home_button, LEFT)
    assert window.current_screen() == HOME


def test_back_returns_to_the_topic_before(qtbot, window, content):
    qtbot.mouseClick(window.home.buttons[2], LEFT)
    qtbot.mouseClick(window.current_widget().previous_button, LEFT)
    assert window.current_screen() == TopicPage(content.topics[1].slug)


def test_the_first_topic_has_no_back_button_and_keeps_its_layout(qtbot, window):
    qtbot.mouseClick(window.home.buttons[0], LEFT)
    page = window.current_widget()
    assert not page.previous_button.isVisible()
    assert page.home_button.isVisible()
    assert page.next_button.isVisible()


def test_a_button_acts_on_release_not_on_press(qtbot, window):
    button = window.home.buttons[1]
    qtbot.mousePress(button, LEFT)
    assert window.current_screen() == HOME
    qtbot.mouseRelease(button, LEFT)
    assert window.current_screen() != HOME


def test_pressing_then_sliding_off_a_button_does_nothing(qtbot, window):
    button = window.home.buttons[1]
    qtbot.mousePress(button, LEFT)
    outside = QPoint(button.width() + 40, button.height() + 40)
    qtbot.mouseMove(button, outside)
    qtbot.mouseRelease(button, LEFT, pos=outside)
    assert window.current_screen() == HOME
    assert not button.isDown()


def test_a_pressed_button_looks_different_from_a_resting_one(qtbot, window):
    button = window.home.buttons[0]
    resting = button.grab().toImage()
    qtbot.mousePress(button, LEFT)
    pressed = button.grab().toImage()
    qtbot.mouseRelease(button, LEFT, pos=QPoint(-10, -10))
    assert resting != pressed
    assert button.grab().toImage() == resting


def test_a_page_opens_at_its_first_part_after_being_left(qtbot, make_window, content):
    window = make_window(content, "10in-1280x800")
    window.visit.set_larger_text(True)  # long enough for several parts on the small screen
    qtbot.mouseClick(window.home.buttons[0], LEFT)
    page = window.current_widget()
    first = page.text.visible_text()
    assert page.parts > 2
    while page.part < page.parts - 1:
        qtbot.mouseClick(page.next_button, LEFT)
    assert page.text.visible_text() != first
    qtbot.mouseClick(page.home_button, LEFT)
    qtbot.mouseClick(window.home.buttons[0], LEFT)
    assert window.current_widget() is page
    assert page.part == 0
    assert page.text.visible_text() == first
    assert page.next_button.text() == content.words.more


def test_a_new_visit_shows_home_with_default_text_size(qtbot, window):
    qtbot.mouseClick(window.home.buttons[0], LEFT)
    window.visit.set_larger_text(True)
    window.visit.end(EndReason.STILL_READING_EXPIRED)
    assert window.current_screen() == HOME
    assert not window.look.larger_text


def test_screen_changes_are_signalled_by_name(qtbot, window, content):
    with qtbot.waitSignal(window.screen_changed) as blocker:
        qtbot.mouseClick(window.home.buttons[0], LEFT)
    assert blocker.args == [TopicPage(content.topics[0].slug)]


def test_pages_not_on_show_are_laid_out_before_their_first_tap(qtbot, make_window, content):
    # A hidden page of the stack is sized only when shown, unless the window warms it up:
    # it does, in the steps right after its first paint.
    window = make_window(content, finish=False)
    qtbot.waitUntil(window.pages_ready, timeout=5000)
    assert all(page.geometry() == window.home.geometry() for page in window.topics)
    assert window.current_screen() == HOME
    # Once: nothing keeps running afterwards.
    qtbot.waitUntil(lambda: not window.findChild(QTimer, WARM_UP_TIMER).isActive())
