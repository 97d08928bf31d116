"""A fault in a slot never leaves a broken screen; a burst of them ends the process for systemd."""

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.faults import EXIT_STATUS, FaultGuard
from kiosk.screen_id import HOME, TopicPage

LEFT = Qt.MouseButton.LeftButton


def break_next_button(kiosk, index: int = 0) -> None:
    """Make Next on a topic page raise, the way a bug in a slot would."""

    def broken() -> None:
        raise RuntimeError("a bug in a slot")

    kiosk.window.topics[index].next_button.clicked.connect(broken)


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_returns_to_a_fresh_home(qtbot, kiosk, caplog):
    break_next_button(kiosk)
    qtbot.mouseClick(kiosk.window.home.buttons[0], LEFT)
    kiosk.window.visit.set_larger_text(True)
    qtbot.mouseClick(kiosk.window.topics[0].next_button, LEFT)
    qtbot.waitUntil(lambda: kiosk.window.current_screen() == HOME, timeout=2000)
    assert not kiosk.window.look.larger_text
    assert kiosk.window.isVisible()
    assert "a bug in a slot" in caplog.text


@pytest.mark.qt_no_exception_capture
def test_the_kiosk_still_works_after_a_fault(qtbot, kiosk):
    break_next_button(kiosk)
    qtbot.mouseClick(kiosk.window.home.buttons[0], LEFT)
    qtbot.mouseClick(kiosk.window.topics[0].next_button, LEFT)
    qtbot.waitUntil(lambda: kiosk.window.current_screen() == HOME, timeout=2000)
    qtbot.mouseClick(kiosk.window.home.buttons[3], LEFT)
    assert kiosk.window.current_screen() == TopicPage(kiosk.window.content.topics[3].slug)


@pytest.mark.qt_no_exception_capture
def test_a_burst_of_faults_exits_with_a_failure_status(qtbot, kiosk, monkeypatch):
    codes = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(codes.append))
    break_next_button(kiosk)
    for _ in range(5):
        qtbot.mouseClick(kiosk.window.home.buttons[0], LEFT)
        qtbot.mouseClick(kiosk.window.topics[0].next_button, LEFT)
        qtbot.wait(20)
    qtbot.waitUntil(lambda: codes == [EXIT_STATUS], timeout=2000)


def test_faults_spread_out_in_time_never_make_a_burst(qtbot, caplog):
    from PySide6.QtCore import QObject

    now = [0.0]
    owner = QObject()
    guard = FaultGuard(owner, burst=3, window_s=60, clock=lambda: now[0])
    bursts, faults = [], []
    guard.burst.connect(lambda: bursts.append(1))
    guard.fault.connect(lambda: faults.append(1))
    caplog.set_level(logging.CRITICAL)
    for _ in range(6):
        now[0] += 61
        guard._hook(RuntimeError, RuntimeError("rare"), None)
    qtbot.waitUntil(lambda: len(faults) == 6, timeout=1000)
    assert bursts == []


def test_the_guard_puts_the_old_hook_back(qtbot):
    import sys

    from PySide6.QtCore import QObject

    owner = QObject()
    before = sys.excepthook
    guard = FaultGuard(owner)
    guard.install()
    assert sys.excepthook != before
    guard.uninstall()
    assert sys.excepthook == before
