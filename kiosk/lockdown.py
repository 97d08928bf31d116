"""The app's own wall: one application-wide allow-list of the input a patient may give.

The real lock is the kiosk compositor below the app (deploy/); this guard is the second wall,
and the only one during development and on other window systems.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

Type = QEvent.Type

# Input a patient can give, and whether it may pass. Anything not listed here is not input
# (paint, layout, timers...) and passes untouched.
ALLOWED_INPUT = {
    Type.MouseButtonPress: True,  # left button only, checked below
    Type.MouseButtonRelease: True,
    Type.MouseButtonDblClick: True,
    Type.MouseMove: True,
    Type.TouchBegin: True,
    Type.TouchUpdate: True,
    Type.TouchEnd: True,
    Type.TouchCancel: True,
    Type.Wheel: True,  # scrolls a long page; opens nothing
    Type.KeyPress: False,  # no screen needs a key: staff type the PIN on the app's own pad
    Type.KeyRelease: False,
    Type.ShortcutOverride: False,
    Type.Shortcut: False,
    Type.ContextMenu: False,
    Type.DragEnter: False,
    Type.DragMove: False,
    Type.Drop: False,
    Type.ToolTip: False,
    Type.WhatsThis: False,
    Type.QueryWhatsThis: False,
    Type.StatusTip: False,
    Type.InputMethod: False,
    Type.TabletPress: False,
    Type.TabletRelease: False,
    Type.TabletMove: False,
    Type.NativeGesture: False,
    Type.Gesture: False,
}
MOUSE_EVENTS = (Type.MouseButtonPress, Type.MouseButtonRelease, Type.MouseButtonDblClick)

# A window manager's own keys (show desktop, switch desktop, run a program) can hide the kiosk
# or put another window over it. It takes the front back a moment later: after the window
# manager has finished, so the two don't fight over one event.
RECLAIM_DELAY_MS = 250
# Re-showing a window that stays hidden would loop; after this many tries in a row, stop and
# wait for the next event (the window being shown again resets the count).
RECLAIM_TRIES = 3
# A window manager can hand the window back iconified, resized or decorated while the window's
# state (and _NET_WM_STATE) still says full screen. Its real geometry is looked at shortly
# after every resize, move or state change (coalescing a burst of them), and full screen is
# asked for again when it does not cover the screen; at most this many times in a row.
GEOMETRY_CHECK_MS = 30
RESTORE_TRIES = 5
GEOMETRY_EVENTS = (Type.Resize, Type.Move, Type.WindowStateChange, Type.Show)


class Lockdown(QObject):
    """Installed on the QApplication; keeps the kiosk window full screen and unclosable."""

    def __init__(self, window: QWidget, *, full_screen: bool) -> None:
        super().__init__(window)
        self._window = window
        self._full_screen = full_screen
        self._locked = True
        self.blocked = 0  # how many inputs were refused, for tests and the soak
        self._last_release = -1  # event timestamp (ms) of the last left-button release
        self._settle_until = -1  # presses before this belong to the tap that changed screens
        self._eating_tap = False
        self._reclaim = QTimer(self, singleShot=True, interval=RECLAIM_DELAY_MS)
        self._reclaim.timeout.connect(self._take_front)
        self._reclaim_tries = 0
        self._geometry = QTimer(self, singleShot=True, interval=GEOMETRY_CHECK_MS)
        self._geometry.timeout.connect(self._check_geometry)
        self._restore_tries = 0
        self.restored = 0  # how many times full screen was asked for again, for tests

    @property
    def locked(self) -> bool:
        return self._locked

    def unlock(self) -> None:
        """Let the window close: staff asked to leave the kiosk."""
        self._locked = False

    def screen_changed(self) -> None:
        """The last tap changed the screen: the second half of a double tap must not land on
        whatever the new screen has under the finger."""
        self._settle_until = self._last_release + QGuiApplication.styleHints() \
            .mouseDoubleClickInterval()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self._locked:
            return False
        allowed = ALLOWED_INPUT.get(kind)
        if allowed is False or (kind in MOUSE_EVENTS and not _left_button(event)):
            self.blocked += 1
            return True
        if kind in MOUSE_EVENTS and isinstance(event, QMouseEvent) and self._second_tap(event):
            self.blocked += 1
            return True
        if watched is self._window:
            if kind == Type.Close:
                event.ignore()
                return True
            if kind == Type.WindowStateChange and self._full_screen \
                    and not self._window.isFullScreen():
                log.warning("the window left full screen; putting it back")
                self._window.showFullScreen()
            if kind in (Type.WindowDeactivate, Type.WindowStateChange) and self._full_screen:
                self._reclaim.start()
            if kind in GEOMETRY_EVENTS and self._full_screen:
                self._geometry.start()
        elif kind == Type.Expose and self._full_screen and watched is self._window.windowHandle():
            self._reclaim.start()
            self._geometry.start()
        return False

    def covers_the_screen(self) -> bool:
        """Whether the window really is full screen: shown, not minimised, its own and its
        frame's geometry exactly its screen's (a decoration or a smaller size is not), whatever
        its state says."""
        window = self._window
        screen = window.screen().geometry()
        return (window.isVisible() and window.isFullScreen() and not window.isMinimized()
                and window.geometry() == screen and window.frameGeometry() == screen)

    def _check_geometry(self) -> None:
        window, handle = self._window, self._window.windowHandle()
        if not (self._locked and self._full_screen) or handle is None or not handle.isVisible():
            return
        if self.covers_the_screen():
            self._restore_tries = 0
            return
        if self._restore_tries >= RESTORE_TRIES:
            return  # the window manager will not have it; the next event tries again
        self._restore_tries += 1
        self.restored += 1
        geometry, frame = window.geometry(), window.frameGeometry()
        log.warning("the window is not full screen (%dx%d at %d,%d%s%s); putting it back",
                    geometry.width(), geometry.height(), geometry.x(), geometry.y(),
                    ", decorated" if frame != geometry else "",
                    ", minimised" if window.isMinimized() else "")
        # Asked as a change of state: a window whose state still says full screen would
        # otherwise ask for nothing.
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.showFullScreen()
        window.raise_()
        window.activateWindow()
        self._geometry.start()  # and look again once the window manager has answered

    def _take_front(self) -> None:
        """Be the visible, active window again, if something else took that place."""
        window, handle = self._window, self._window.windowHandle()
        if not self._locked or handle is None or not handle.isVisible():
            return
        if handle.isExposed() and not window.isMinimized():
            self._reclaim_tries = 0
            if not window.isActiveWindow():
                window.raise_()
                window.activateWindow()
            return
        if self._reclaim_tries >= RECLAIM_TRIES:
            return
        self._reclaim_tries += 1
        log.warning("the window was hidden by another program; showing it again")
        # A fresh map request: the window manager shows it on the current desktop, in front.
        window.hide()
        window.showFullScreen()
        window.activateWindow()


    def _second_tap(self, event: QMouseEvent) -> bool:
        if event.type() == Type.MouseButtonRelease:
            eaten, self._eating_tap = self._eating_tap, False
            self._last_release = event.timestamp()
            return eaten
        if event.timestamp() < self._settle_until:
            self._eating_tap = True
        return self._eating_tap


def _left_button(event: QEvent) -> bool:
    return isinstance(event, QMouseEvent) and event.button() in (
        Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)
