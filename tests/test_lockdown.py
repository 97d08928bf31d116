"""A patient can't leave the kiosk or break it: every input from the security notes is tried."""

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QContextMenuEvent, QMoveEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk import paths
from kiosk.lockdown import GEOMETRY_CHECK_MS, RECLAIM_DELAY_MS, RESTORE_TRIES
from kiosk.screen_id import HOME, TopicPage

K, M = Qt.Key, Qt.KeyboardModifier
CTRL, ALT, SHIFT, META = M.ControlModifier, M.AltModifier, M.ShiftModifier, M.MetaModifier
NONE = M.NoModifier

# "Inputs a patient can try" (../shared/design/kiosk-security.md), keyboard part.
KEYS = {
    "alt+f4": [(K.Key_F4, ALT)], "ctrl+w": [(K.Key_W, CTRL)], "ctrl+f4": [(K.Key_F4, CTRL)],
    "ctrl+q": [(K.Key_Q, CTRL)], "alt+tab": [(K.Key_Tab, ALT)], "super": [(K.Key_Super_L, NONE)],
    "super+d": [(K.Key_D, META)], "super+e": [(K.Key_E, META)], "super+r": [(K.Key_R, META)],
    "super+l": [(K.Key_L, META)], "ctrl+alt+del": [(K.Key_Delete, CTRL | ALT)],
    "ctrl+alt+backspace": [(K.Key_Backspace, CTRL | ALT)],
    **{f"ctrl+alt+f{n}": [(getattr(K, f"Key_F{n}"), CTRL | ALT)] for n in range(1, 13)},
    "alt+esc": [(K.Key_Escape, ALT)], "esc": [(K.Key_Escape, NONE)], "f1": [(K.Key_F1, NONE)],
    "shift+f1": [(K.Key_F1, SHIFT)], "f11": [(K.Key_F11, NONE)],
    "alt+enter": [(K.Key_Return, ALT)],
    **{f"ctrl+{c}": [(getattr(K, f"Key_{c.upper()}"), CTRL)] for c in "ospnfaczv"},
    "shift+f10": [(K.Key_F10, SHIFT)], "menu": [(K.Key_Menu, NONE)],
    "tab then enter": [(K.Key_Tab, NONE), (K.Key_Return, NONE)],
    "shift+tab then space": [(K.Key_Backtab, SHIFT), (K.Key_Space, NONE)],
    "backspace": [(K.Key_Backspace, NONE)], "alt+left": [(K.Key_Left, ALT)],
    "alt+right": [(K.Key_Right, ALT)], "shift five times": [(K.Key_Shift, NONE)] * 5,
    "printscreen": [(K.Key_Print, NONE)],
}
FORBIDDEN = ("QFileDialog", "QPrintDialog", "QColorDialog", "QFontDialog", "QDesktopServices",
             "QProcess", "subprocess", "os.system", "webbrowser")


@pytest.fixture
def kiosk(make_kiosk):
    """Full screen, as in the waiting room (the offscreen screen is smaller than 1920x1080)."""
    return make_kiosk(full_screen=True)


def top_levels() -> set[int]:
    return {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}


def assert_still_the_kiosk(kiosk, screen: str, before: set[int]) -> None:
    window = kiosk.window
    assert window.isVisible()
    assert window.isFullScreen()
    assert window.current_screen() == screen
    assert top_levels() == before
    assert QApplication.activePopupWidget() is None
    assert QApplication.activeModalWidget() is None


@pytest.mark.parametrize("where", ["home", "topic"])
@pytest.mark.parametrize("name", KEYS)
def test_no_key_from_the_escape_list_changes_anything(qtbot, kiosk, name, where):
    window = kiosk.window
    if where == "topic":
        qtbot.mouseClick(window.home.buttons[1], Qt.MouseButton.LeftButton)
    screen, before, blocked = window.current_screen(), top_levels(), kiosk.lockdown.blocked
    for target in (window, window.current_widget(), QApplication.focusWidget() or window):
        for key, modifiers in KEYS[name]:
            QTest.keyClick(target, key, modifiers)
    assert_still_the_kiosk(kiosk, screen, before)
    assert kiosk.lockdown.blocked > blocked


def test_the_window_refuses_to_close_while_locked(kiosk):
    assert not kiosk.window.close()
    assert kiosk.window.isVisible()
    kiosk.lockdown.unlock()
    assert kiosk.window.close()


def test_a_window_pushed_out_of_full_screen_goes_back(qtbot, kiosk):
    kiosk.window.showNormal()
    qtbot.waitUntil(kiosk.window.isFullScreen)
    kiosk.window.showMinimized()
    qtbot.waitUntil(lambda: kiosk.window.isFullScreen() and not kiosk.window.isMinimized())


def a_window_manager_that_shrinks(monkeypatch, window, rect: QRect, *, decorated: bool,
                                  gives_in: bool = True) -> None:
    """What openbox did after Iconify: the window came back smaller (at Qt's default size, or
    1274x658 and decorated) while its state, and _NET_WM_STATE, still said full screen. The
    offscreen platform can't do that to a window, so the window's geometry is made to report
    it, until the kiosk asks for full screen again (if the window manager gives in)."""
    shrunk = [True]
    real_geometry, real_frame = window.geometry, window.frameGeometry
    real_set_state = window.setWindowState
    frame = rect.adjusted(-4, -28, 4, 4) if decorated else rect
    monkeypatch.setattr(window, "geometry", lambda: rect if shrunk[0] else real_geometry())
    monkeypatch.setattr(window, "frameGeometry", lambda: frame if shrunk[0] else real_frame())

    def set_window_state(state) -> None:
        shrunk[0] = shrunk[0] and not gives_in
        real_set_state(state)

    monkeypatch.setattr(window, "setWindowState", set_window_state)
    # The configure notification that brings the new geometry.
    QApplication.postEvent(window, QMoveEvent(rect.topLeft(), QPoint()))


@pytest.mark.parametrize(("size", "decorated"), [((200, 100), False), ((1274, 658), True)])
def test_a_window_shrunk_while_its_state_still_says_full_screen_goes_back(
        qtbot, kiosk, monkeypatch, caplog, size, decorated):
    window = kiosk.window
    assert kiosk.lockdown.covers_the_screen()
    a_window_manager_that_shrinks(monkeypatch, window, QRect(QPoint(27, 52), QSize(*size)),
                                  decorated=decorated)
    assert window.isFullScreen()  # the state alone would not tell
    assert not kiosk.lockdown.covers_the_screen()
    qtbot.waitUntil(kiosk.lockdown.covers_the_screen, timeout=1000)
    assert kiosk.lockdown.restored == 1
    assert "not full screen" in caplog.text


def test_a_window_manager_that_keeps_the_window_decorated_is_not_asked_forever(
        qtbot, kiosk, monkeypatch):
    a_window_manager_that_shrinks(monkeypatch, kiosk.window, QRect(0, 0, 1274, 658),
                                  decorated=True, gives_in=False)
    qtbot.waitUntil(lambda: kiosk.lockdown.restored == RESTORE_TRIES, timeout=2000)
    qtbot.wait(10 * GEOMETRY_CHECK_MS)
    assert kiosk.lockdown.restored == RESTORE_TRIES


def test_a_minimised_window_whose_state_comes_back_full_screen_is_shown_again(qtbot, kiosk):
    window = kiosk.window
    window.setWindowState(Qt.WindowState.WindowMinimized | Qt.WindowState.WindowFullScreen)
    qtbot.waitUntil(lambda: not window.isMinimized() and kiosk.lockdown.covers_the_screen(),
                    timeout=1000)


def test_an_unlocked_kiosk_is_left_the_size_staff_make_it(qtbot, kiosk):
    kiosk.lockdown.unlock()
    kiosk.window.setGeometry(40, 40, 800, 600)
    qtbot.wait(200)
    assert kiosk.lockdown.restored == 0


def test_a_window_that_comes_in_front_gives_the_front_back_to_the_kiosk(qtbot, kiosk):
    # Another program's window (a window manager's dialog, say), shown and activated over it.
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other)
    qtbot.waitUntil(kiosk.window.isActiveWindow)


def test_an_unlocked_kiosk_leaves_the_front_to_other_windows(qtbot, kiosk):
    kiosk.lockdown.unlock()
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other)
    qtbot.wait(3 * RECLAIM_DELAY_MS)
    assert QApplication.activeWindow() is other


def test_pressing_a_button_and_sliding_off_it_opens_nothing(kiosk):
    window, before = kiosk.window, top_levels()
    button = window.home.buttons[0]
    start = button.mapTo(window, button.rect().center())
    away = window.home.office.mapTo(window, window.home.office.rect().center())
    handle = window.windowHandle()  # through the window system, so the button keeps the grab
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, NONE, start)
    assert button.isDown()
    QTest.mouseMove(handle, away)
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, NONE, away)
    assert not button.isDown()
    assert_still_the_kiosk(kiosk, HOME, before)


def test_long_press_and_right_click_open_no_context_menu(qtbot, kiosk):
    window = kiosk.window
    before = top_levels()
    button = window.home.buttons[0]
    for widget in (button, window.home.office, window.home.picture, window):
        menu = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
        QApplication.sendEvent(widget, menu)
        qtbot.mouseClick(widget, Qt.MouseButton.RightButton)
    assert_still_the_kiosk(kiosk, HOME, before)


def test_press_and_hold_on_a_button_opens_only_its_topic(qtbot, kiosk, content):
    button = kiosk.window.home.buttons[0]
    before = top_levels()
    qtbot.mousePress(button, Qt.MouseButton.LeftButton)
    qtbot.wait(800)
    qtbot.mouseRelease(button, Qt.MouseButton.LeftButton)
    assert_still_the_kiosk(kiosk, TopicPage(kiosk.window.content.topics[0].slug), before)


def double_tap(window, widget) -> None:
    """Press, release, press, release, as the window system delivers a real double tap."""
    where = widget.mapTo(window, widget.rect().center())
    QTest.mouseDClick(window.windowHandle(), Qt.MouseButton.LeftButton, NONE, where)


def test_a_fast_double_tap_opens_one_topic(kiosk):
    double_tap(kiosk.window, kiosk.window.home.buttons[2])
    assert kiosk.window.current_screen() == TopicPage(kiosk.window.content.topics[2].slug)


def test_a_double_tap_on_next_moves_one_page(kiosk):
    window = kiosk.window
    window.show_topic(0)
    double_tap(window, window.topics[0].next_button)
    assert window.current_screen() == TopicPage(window.content.topics[1].slug)


def test_two_separate_taps_both_count(qtbot, kiosk):
    window = kiosk.window
    window.show_topic(0)
    qtbot.mouseClick(window.topics[0].next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.topics[1].next_button, Qt.MouseButton.LeftButton)
    assert window.current_screen() == TopicPage(window.content.topics[2].slug)


def test_fifty_fast_taps_in_each_corner_change_nothing(qtbot, kiosk):
    window, before = kiosk.window, top_levels()
    w, h = window.width() - 1, window.height() - 1
    for corner in (QPoint(0, 0), QPoint(w, 0), QPoint(0, h), QPoint(w, h)):
        target = window.childAt(corner) or window
        local = target.mapFrom(window, corner)
        for _ in range(50):
            qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=local)
    assert_still_the_kiosk(kiosk, HOME, before)
    assert not kiosk.staff_access.pad.isVisible()


def test_nothing_can_take_keyboard_focus_select_text_or_take_a_drop(kiosk):
    layers = [kiosk.window, kiosk.still_reading, kiosk.attract, kiosk.staff_access.pad,
              kiosk.staff_access.panel]
    widgets = [w for layer in layers for w in (layer, *layer.findChildren(QWidget))]
    focusable = [w for w in widgets if w.focusPolicy() != Qt.FocusPolicy.NoFocus
                 and w.isVisibleTo(kiosk.window)]
    assert focusable == []
    for label in kiosk.window.findChildren(QLabel):
        assert label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert not any(w.acceptDrops() for w in widgets)


def test_quitting_on_last_window_closed_is_off(kiosk):
    assert not QApplication.quitOnLastWindowClosed()


def test_a_wheel_or_touch_is_input_the_kiosk_lets_through(kiosk):
    from kiosk.lockdown import ALLOWED_INPUT

    assert ALLOWED_INPUT[QEvent.Type.TouchBegin]
    assert not ALLOWED_INPUT[QEvent.Type.KeyPress]


def test_the_kiosk_code_opens_no_door_out(tmp_path):
    pattern = re.compile("|".join(re.escape(name) for name in FORBIDDEN))
    offenders = []
    for source in sorted(Path(paths.PROJECT_ROOT, "kiosk").rglob("*.py")):
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{source.name}:{number}: {line.strip()}")
    assert offenders == []


def test_the_door_scan_would_catch_a_door(tmp_path):
    pattern = re.compile("|".join(re.escape(name) for name in FORBIDDEN))
    assert pattern.search("from PySide6.QtGui import QDesktopServices")
    assert pattern.search("import subprocess")
