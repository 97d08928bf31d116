"""Staff get in with a hidden gesture and a PIN; patients can't, and no PIN reaches a log."""

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.screen_id import HOME

LEFT = Qt.MouseButton.LeftButton
PIN = "482916"


def hold(qtbot, widget, ms: int) -> None:
    qtbot.mousePress(widget, LEFT)
    qtbot.wait(ms)
    qtbot.mouseRelease(widget, LEFT)


def do_gesture(qtbot, kiosk) -> None:
    """Two long presses on the office name (0.1 s each under the test timing)."""
    office = kiosk.window.home.office
    hold(qtbot, office, 200)
    qtbot.wait(50)
    hold(qtbot, office, 200)


def type_pin(qtbot, kiosk, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(kiosk.staff_access.pad.keys[digit], LEFT)
    qtbot.mouseClick(kiosk.staff_access.pad.keys["OK"], LEFT)


@pytest.fixture
def with_pin(kiosk):
    kiosk.staff_access.pins.set_pin(PIN)
    return kiosk


def test_the_hidden_gesture_opens_the_pin_pad(qtbot, with_pin):
    do_gesture(qtbot, with_pin)
    assert with_pin.staff_access.pad.isVisible()
    assert with_pin.staff_access.pad.keys["5"].isEnabled()


def test_short_taps_on_the_office_name_open_nothing(qtbot, with_pin):
    office = with_pin.window.home.office
    for _ in range(20):
        qtbot.mouseClick(office, LEFT)
    hold(qtbot, office, 200)  # one long press alone is not enough
    qtbot.wait(700)  # and the second comes too late
    hold(qtbot, office, 200)
    assert not with_pin.staff_access.pad.isVisible()


def test_without_a_pin_the_pad_says_how_to_set_one_and_opens_nothing(qtbot, kiosk):
    do_gesture(qtbot, kiosk)
    pad = kiosk.staff_access.pad
    assert pad.isVisible()
    assert "kiosk set-pin" in pad.message.text()
    assert not any(key.isEnabled() for key in pad.keys.values())
    qtbot.mouseClick(pad.cancel, LEFT)
    assert not pad.isVisible()
    assert kiosk.window.current_screen() == HOME


def test_the_right_pin_opens_the_staff_panel(qtbot, with_pin):
    do_gesture(qtbot, with_pin)
    type_pin(qtbot, with_pin, PIN)
    assert with_pin.staff_access.panel.isVisible()
    assert not with_pin.staff_access.pad.isVisible()
    assert "7 topics" in with_pin.staff_access.panel.status.text()


def test_a_wrong_pin_says_so_and_keeps_the_panel_shut(qtbot, with_pin):
    do_gesture(qtbot, with_pin)
    type_pin(qtbot, with_pin, "111111")
    assert not with_pin.staff_access.panel.isVisible()
    assert "not right" in with_pin.staff_access.pad.message.text()
    assert with_pin.staff_access.pad.entered == 0


def test_three_wrong_pins_lock_the_pad_even_for_the_right_one(qtbot, with_pin):
    do_gesture(qtbot, with_pin)
    for _ in range(3):
        type_pin(qtbot, with_pin, "111111")
    pad = with_pin.staff_access.pad
    assert "Too many wrong PINs" in pad.message.text()
    assert not pad.keys["1"].isEnabled()
    type_pin(qtbot, with_pin, PIN)  # taps on disabled keys do nothing
    assert not with_pin.staff_access.panel.isVisible()
    assert with_pin.staff_access.pins.locked_for() > 0


def test_the_lock_is_still_there_when_the_pad_opens_again(qtbot, with_pin):
    do_gesture(qtbot, with_pin)
    for _ in range(3):
        type_pin(qtbot, with_pin, "111111")
    qtbot.mouseClick(with_pin.staff_access.pad.cancel, LEFT)
    do_gesture(qtbot, with_pin)
    assert "Too many wrong PINs" in with_pin.staff_access.pad.message.text()
    assert not with_pin.staff_access.pad.keys["OK"].isEnabled()


def test_nothing_typed_on_the_pad_nor_its_length_reaches_a_log(qtbot, with_pin, caplog):
    caplog.set_level(logging.DEBUG)
    do_gesture(qtbot, with_pin)
    type_pin(qtbot, with_pin, "739105")
    type_pin(qtbot, with_pin, PIN)
    logged = caplog.text
    assert "admin unlock failed" in logged
    assert "admin unlock succeeded" in logged
    for secret in ("739105", PIN, "6 digits", "length"):
        assert secret not in logged
    for record in caplog.records:
        assert not any(str(arg) in ("6", "739105", PIN) for arg in record.args or ())


def test_back_to_the_kiosk_closes_the_panel_on_home(qtbot, with_pin):
    do_gesture(qtbot, with_pin)
    type_pin(qtbot, with_pin, PIN)
    qtbot.mouseClick(with_pin.staff_access.panel.back_button, LEFT)
    assert not with_pin.staff_access.panel.isVisible()
    assert with_pin.window.current_screen() == HOME


def test_exit_unlocks_the_window_and_ends_the_event_loop(qtbot, with_pin, monkeypatch):
    codes = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(codes.append))
    do_gesture(qtbot, with_pin)
    type_pin(qtbot, with_pin, PIN)
    qtbot.mouseClick(with_pin.staff_access.panel.exit_button, LEFT)
    assert codes == [0]
    assert not with_pin.lockdown.locked
    assert with_pin.window.close()


def test_a_pad_left_open_closes_by_itself(qtbot, with_pin):
    do_gesture(qtbot, with_pin)
    qtbot.waitUntil(lambda: not with_pin.staff_access.pad.isVisible(), timeout=3000)
    assert with_pin.window.current_screen() == HOME


def test_the_staff_buttons_are_kiosk_sized(qtbot, with_pin):
    do_gesture(qtbot, with_pin)
    look = with_pin.window.look
    for key in with_pin.staff_access.pad.keys.values():
        assert min(key.width(), key.height()) >= look.px(20) - 1
    type_pin(qtbot, with_pin, PIN)
    panel = with_pin.staff_access.panel
    for button in (panel.exit_button, panel.back_button):
        assert min(button.width(), button.height()) >= look.px(20) - 1
