"""The staff screens: a PIN pad of the app's own big buttons, and the staff panel.

These words are for the office's staff, not patients, so they live here rather than in content/.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.pin import Attempt
from kiosk.screens.widgets import TextLabel, TouchButton, lock_widget
from kiosk.theme import GAP_MM, MARGIN_MM, TITLE_CAP_MM, Look

MAX_DIGITS = 12
SECOND_MS = 1000
ENTER_PIN = "Enter the staff PIN."
NO_PIN = ("No staff PIN is set on this computer. To set one, run this in a terminal: "
          "kiosk set-pin")
WRONG_PIN = "That PIN is not right. Try again."
LOCKED = "Too many wrong PINs. Try again in {seconds} seconds."


class _Screen(QWidget):
    """An opaque full-window screen in the kiosk's colours."""

    def __init__(self, look: Look, parent: QWidget) -> None:
        super().__init__(parent)
        self._look = look
        lock_widget(self)
        self.setAutoFillBackground(True)
        look.changed.connect(self._repaint_background)
        self._repaint_background()
        self.hide()

    def _repaint_background(self) -> None:
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(self._look.palette.background))
        self.setPalette(palette)

    def open(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()


class PinPad(_Screen):
    """Digits go nowhere but ``submitted``: they are never logged, nor is their number."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, look: Look, parent: QWidget) -> None:
        super().__init__(look, parent)
        self._digits = ""
        self._locked_until_tick = 0
        self.title = TextLabel(look, "Staff only", self, cap_mm=TITLE_CAP_MM, bold=True)
        self.message = TextLabel(look, ENTER_PIN, self)
        self.dots = TextLabel(look, "", self, cap_mm=TITLE_CAP_MM, bold=True)
        self.cancel = TouchButton(look, "Cancel", self)
        self.cancel.setObjectName("pin-cancel")
        self.cancel.clicked.connect(self._cancel)
        self.keys: dict[str, TouchButton] = {}
        grid = QGridLayout()
        for index, key in enumerate(("1", "2", "3", "4", "5", "6", "7", "8", "9",
                                     "Clear", "0", "OK")):
            button = TouchButton(look, key, self, centred=True)
            button.setObjectName(f"pin-{key.lower()}")
            button.clicked.connect(lambda _=False, k=key: self._press(k))
            grid.addWidget(button, index // 3, index % 3)
            self.keys[key] = button
        side = QVBoxLayout()
        for widget in (self.title, self.message, self.dots):
            side.addWidget(widget)
        side.addStretch(1)
        side.addWidget(self.cancel)
        layout = QHBoxLayout(self)
        layout.addLayout(side, 1)
        layout.addLayout(grid, 1)
        self._grid = grid
        self._tick = QTimer(self)
        self._tick.setInterval(SECOND_MS)
        self._tick.timeout.connect(self._count_down)
        margin, gap = look.px(MARGIN_MM), look.px(GAP_MM)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(3 * gap)
        grid.setSpacing(gap)

    @property
    def entered(self) -> int:
        """How many digits are entered (for tests; never logged)."""
        return len(self._digits)

    def show_entry(self, locked_for: float = 0.0) -> None:
        """Open the pad ready for a PIN, or counting down a lockout."""
        self._clear()
        self._set_keys_enabled(True)
        self.message.setText(ENTER_PIN)
        if locked_for > 0:
            self._lock(locked_for)
        self.open()

    def show_no_pin(self) -> None:
        """No PIN exists: say how to set one, and offer nothing but Cancel."""
        self._clear()
        self._tick.stop()
        self._set_keys_enabled(False)
        self.message.setText(NO_PIN)
        self.open()

    def show_attempt(self, attempt: Attempt) -> None:
        self._clear()
        if attempt.locked_for > 0:
            self._lock(attempt.locked_for)
        else:
            self.message.setText(WRONG_PIN)

    def close_pad(self) -> None:
        self._clear()
        self._tick.stop()
        self.hide()

    def _lock(self, seconds: float) -> None:
        self._remaining = math.ceil(seconds)
        self._set_keys_enabled(False)
        self.message.setText(LOCKED.format(seconds=self._remaining))
        self._tick.start()

    def _count_down(self) -> None:
        self._remaining -= 1
        if self._remaining <= 0:
            self._tick.stop()
            self._set_keys_enabled(True)
            self.message.setText(ENTER_PIN)
        else:
            self.message.setText(LOCKED.format(seconds=self._remaining))

    def _set_keys_enabled(self, enabled: bool) -> None:
        for button in self.keys.values():
            button.setEnabled(enabled)

    def _press(self, key: str) -> None:
        if key == "Clear":
            self._clear()
        elif key == "OK":
            digits, self._digits = self._digits, ""
            self._show_dots()
            if digits:
                self.submitted.emit(digits)
        elif len(self._digits) < MAX_DIGITS:
            self._digits += key
            self._show_dots()

    def _clear(self) -> None:
        self._digits = ""
        self._show_dots()

    def _show_dots(self) -> None:
        self.dots.setText(" ".join("●" * len(self._digits)))

    def _cancel(self) -> None:
        self.close_pad()
        self.cancelled.emit()


class StaffPanel(_Screen):
    """What staff can do once the PIN is right."""

    exit_requested = Signal()
    reload_requested = Signal()
    back_requested = Signal()

    def __init__(self, look: Look, parent: QWidget) -> None:
        super().__init__(look, parent)
        self.title = TextLabel(look, "Staff", self, cap_mm=TITLE_CAP_MM, bold=True)
        self.status = TextLabel(look, "", self)
        self.exit_button = TouchButton(look, "Exit the kiosk", self,
                                       subtitle="Closes the app until it is started again")
        self.reload_button = TouchButton(look, "Reload content", self,
                                         subtitle="Shows the latest text from content/")
        self.back_button = TouchButton(look, "Back to the kiosk", self, icon="home")
        for button, name, signal in ((self.exit_button, "staff-exit", self.exit_requested),
                                     (self.reload_button, "staff-reload", self.reload_requested),
                                     (self.back_button, "staff-back", self.back_requested)):
            button.setObjectName(name)
            button.clicked.connect(signal)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        for button in (self.back_button, self.reload_button, self.exit_button):
            buttons.addWidget(button, 1)
        layout.addStretch(1)
        layout.addLayout(buttons)
        margin, gap = look.px(MARGIN_MM), look.px(GAP_MM)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(2 * gap)
        buttons.setSpacing(3 * gap)

    def set_status(self, text: str) -> None:
        self.status.setText(text)
