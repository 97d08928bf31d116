"""The hidden staff gesture: hold the office name for 3 s, let go, hold it again within 5 s.

Random or impatient tapping can't complete it: every short press starts it over.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

HOLD_MS = 3000
BETWEEN_MS = 5000


class StaffGesture(QObject):
    """An event filter on one widget (the office name); ``completed`` opens the PIN pad."""

    completed = Signal()
    # The first hold lasted long enough: staff get a small sign that it counted.
    first_hold = Signal()
    cleared = Signal()  # the gesture is back at its start (a short press, the gap ran out)

    def __init__(self, parent: QObject, *, hold_ms: int = HOLD_MS,
                 between_ms: int = BETWEEN_MS) -> None:
        super().__init__(parent)
        self._target: QWidget | None = None
        self._holds = 0  # completed holds so far
        self._held = QTimer(self)
        self._held.setSingleShot(True)
        self._held.setInterval(hold_ms)
        self._held.timeout.connect(self._held_long_enough)
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.setInterval(between_ms)
        self._gap.timeout.connect(self.reset)

    def set_timing(self, *, hold_ms: int, between_ms: int) -> None:
        self._held.setInterval(hold_ms)
        self._gap.setInterval(between_ms)

    def attach(self, target: QWidget) -> None:
        """Watch this widget (the office name, which is rebuilt when content reloads)."""
        if self._target is not None:
            self._target.removeEventFilter(self)
        self._target = target
        target.installEventFilter(self)
        self.reset()

    def reset(self) -> None:
        self._holds = 0
        self._held.stop()
        self._gap.stop()
        self.cleared.emit()

    def _held_long_enough(self) -> None:
        if self._holds == 0:
            self.first_hold.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self._target:
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self._gap.stop()
            self._held.start()
            return True  # accepted here, so the release comes back to this widget
        if kind == QEvent.Type.MouseButtonRelease:
            if self._held.isActive():  # let go too soon
                self.reset()
                return True
            self._holds += 1
            if self._holds >= 2:
                self.reset()
                self.completed.emit()
            else:
                self._gap.start()
            return True
        return False
