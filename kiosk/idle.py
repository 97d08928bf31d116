"""Quiet time since the last touch: when to ask "Still reading?", and when to show the attract
screen. Two single-shot timers restarted by touches: nothing ticks while the kiosk is idle."""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, SignalInstance

TOUCHES = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel)


class IdleWatcher(QObject):
    """Installed on the QApplication; only looks at touches, never eats them."""

    still_reading_due = Signal()  # quiet for a while away from Home
    attract_due = Signal()  # quiet for a long while on Home
    touched = Signal()

    def __init__(self, parent: QObject, *, still_reading_ms: int, attract_ms: int) -> None:
        super().__init__(parent)
        self._on_home = True
        self._holds: set[Hashable] = set()  # why counting is held: an overlay, later speech
        self._reading = self._timer(still_reading_ms, self.still_reading_due)
        self._attract = self._timer(attract_ms, self.attract_due)
        self._restart()

    def _timer(self, interval: int, signal: SignalInstance) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(signal)
        return timer

    def set_intervals(self, *, still_reading_ms: int, attract_ms: int) -> None:
        self._reading.setInterval(still_reading_ms)
        self._attract.setInterval(attract_ms)
        self._restart()

    def set_on_home(self, on_home: bool) -> None:
        """Home counts toward the attract screen; every other screen toward "Still reading?"."""
        self._on_home = on_home
        self._restart()

    def hold(self, reason: Hashable) -> None:
        """Stop counting for a reason (an overlay keeping its own time, a voice speaking)."""
        self._holds.add(reason)
        self._restart()

    def release(self, reason: Hashable) -> None:
        """That reason is over; counting starts afresh once no reason holds it."""
        self._holds.discard(reason)
        self._restart()

    def release_all(self) -> None:
        self._holds.clear()
        self._restart()

    @property
    def holds(self) -> frozenset[Hashable]:
        return frozenset(self._holds)

    def is_counting(self) -> bool:
        return self._reading.isActive() or self._attract.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in TOUCHES and watched.isWidgetType():
            self._restart()
            self.touched.emit()
        return False

    def _restart(self) -> None:
        self._reading.stop()
        self._attract.stop()
        if not self._holds:
            (self._attract if self._on_home else self._reading).start()
