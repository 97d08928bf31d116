"""The next patient finds the kiosk as new: "Still reading?", then Home; attract after long."""

from PySide6.QtCore import QPoint, Qt, QTimer

from kiosk.screen_id import HOME
from kiosk.window import WARM_UP_TIMER

LEFT = Qt.MouseButton.LeftButton


def open_topic(qtbot, kiosk, index=1):
    qtbot.mouseClick(kiosk.window.home.buttons[index], LEFT)
    return kiosk.window.current_screen()


def test_quiet_on_a_topic_asks_still_reading_with_a_countdown(qtbot, kiosk, content):
    open_topic(qtbot, kiosk)
    overlay = kiosk.still_reading
    qtbot.waitUntil(overlay.isVisible, timeout=3000)
    assert overlay.question.text() == content.words.still_reading
    assert "3 seconds" in overlay.countdown.text()
    assert overlay.button.isVisible()


def test_no_answer_goes_home_with_default_settings(qtbot, kiosk):
    open_topic(qtbot, kiosk)
    kiosk.window.visit.set_larger_text(True)
    qtbot.waitUntil(kiosk.still_reading.isVisible, timeout=3000)
    qtbot.waitUntil(lambda: kiosk.window.current_screen() == HOME, timeout=3000)
    assert not kiosk.still_reading.isVisible()
    assert not kiosk.window.look.larger_text


def test_keep_reading_stays_on_the_page_and_counts_again(qtbot, kiosk):
    screen = open_topic(qtbot, kiosk)
    qtbot.waitUntil(kiosk.still_reading.isVisible, timeout=3000)
    qtbot.mouseClick(kiosk.still_reading.button, LEFT)
    assert not kiosk.still_reading.isVisible()
    assert kiosk.window.current_screen() == screen
    qtbot.waitUntil(kiosk.still_reading.isVisible, timeout=3000)  # asked again later


def test_a_tap_anywhere_on_the_question_also_keeps_reading(qtbot, kiosk):
    screen = open_topic(qtbot, kiosk)
    qtbot.waitUntil(kiosk.still_reading.isVisible, timeout=3000)
    qtbot.mouseClick(kiosk.still_reading, LEFT, pos=QPoint(3, 3))
    assert not kiosk.still_reading.isVisible()
    assert kiosk.window.current_screen() == screen


def test_touches_on_a_page_keep_the_question_away(qtbot, kiosk):
    open_topic(qtbot, kiosk)
    page = kiosk.window.current_widget()
    for _ in range(6):
        qtbot.wait(100)
        qtbot.mouseClick(page.text, LEFT)
    assert not kiosk.still_reading.isVisible()


def test_long_quiet_on_home_shows_the_attract_screen(qtbot, kiosk, content):
    qtbot.waitUntil(kiosk.attract.isVisible, timeout=3000)
    assert kiosk.attract.message.text() == content.words.attract
    assert kiosk.attract.is_moving()


def test_the_attract_screen_moves_slowly(qtbot, kiosk):
    qtbot.waitUntil(kiosk.attract.isVisible, timeout=3000)
    mover = kiosk.attract._mover
    assert mover.interval() >= 12_000  # at most a few moves a minute
    start = kiosk.attract.group_position()
    mover.setInterval(20)
    qtbot.waitUntil(lambda: kiosk.attract.group_position() != start, timeout=2000)


def test_the_touch_that_wakes_the_attract_screen_presses_nothing_beneath(qtbot, kiosk):
    qtbot.waitUntil(kiosk.attract.isVisible, timeout=3000)
    button = kiosk.window.home.buttons[0]
    spot = kiosk.attract.mapFrom(kiosk.window, button.mapTo(kiosk.window, QPoint(20, 20)))
    qtbot.mouseClick(kiosk.attract, LEFT, pos=spot)
    assert not kiosk.attract.isVisible()
    assert kiosk.window.current_screen() == HOME
    assert not button.isDown()


def test_an_idle_kiosk_runs_no_frequent_timer(qtbot, kiosk):
    qtbot.waitUntil(kiosk.attract.isVisible, timeout=3000)
    kiosk.attract._mover.setInterval(20_000)
    kiosk.attract.start()
    active = set(active_timers(kiosk))
    assert active == {kiosk.attract._mover}
    assert all(t.interval() >= 12_000 for t in active)


def active_timers(kiosk) -> list[QTimer]:
    """Timers running in the kiosk, but for the window's one-off warm-up a second after it
    starts (tests/test_navigation.py checks that it stops)."""
    return [t for t in kiosk.window.findChildren(QTimer)  # the Kiosk is the window's child
            if t.isActive() and t.objectName() != WARM_UP_TIMER]


def test_an_idle_home_runs_only_the_one_shot_attract_timer(kiosk):
    running = active_timers(kiosk)
    assert [t.interval() for t in running] == [600]
    assert all(t.isSingleShot() for t in running)


def test_the_attract_screen_runs_one_slow_timer_and_nothing_else(qtbot, kiosk):
    qtbot.waitUntil(kiosk.attract.isVisible, timeout=3000)
    assert [t.interval() for t in active_timers(kiosk)] == [kiosk.attract._mover.interval()]
