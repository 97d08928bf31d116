"""When the office opens and closes, as signals: one single-shot timer to the next change,
nothing that polls. The clock is a seam (``now``) so tests can run a day in a second."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.office_hours import OfficeHours

if TYPE_CHECKING:  # imported where it is used: a start with no office hours needs none of it
    import datetime as dt

log = logging.getLogger(__name__)

# A timer is set at most this far ahead (QTimer's limit is about 24 days); it then looks again.
LONGEST_WAIT_MS = 24 * 3600 * 1000
# A change is acted on this late rather than a hair early (a timer may fire a millisecond before
# the moment it was set for, and the clock may have been adjusted while it waited).
LATE_MS = 50


def local_now() -> dt.datetime:
    """The wall clock's local time, naive: the office's hours are local times."""
    import datetime as dt

    return dt.datetime.now()


class OfficeClock(QObject):
    """Says whether the office is open now, and when that changes (``opened``/``closed``).
    Without office hours the office is always open and no timer is ever set."""

    opened = Signal()
    closed = Signal()

    def __init__(self, hours: OfficeHours | None, parent: QObject, *,
                 now: Callable[[], dt.datetime] = local_now) -> None:
        super().__init__(parent)
        self._hours = hours
        self._now = now
        self._open = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # Precise: a coarse timer may fire 5 % late (over an hour on a day's wait) and says so
        # in remainingTime().
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._look)

    def is_open(self) -> bool:
        return self._open

    def is_waiting(self) -> bool:
        """Whether a timer is set for the next change (for tests)."""
        return self._timer.isActive()

    def wait_ms(self) -> int:
        """How long until the timer fires; -1 when none is set."""
        return self._timer.remainingTime() if self._timer.isActive() else -1

    def set_clock(self, now: Callable[[], dt.datetime]) -> None:
        """Another clock (tests), looked at at once."""
        self._now = now
        self._look()

    def start(self) -> None:
        """Take the state now (emitting closed if the office is shut) and wait for the next."""
        self._look()

    def set_hours(self, hours: OfficeHours | None) -> None:
        """New hours (new content): the state and the next change follow at once."""
        if hours != self._hours:
            self._hours = hours
            self._look()

    def _look(self) -> None:
        self._timer.stop()
        hours = self._hours
        if hours is None:  # always open: no clock to read, no change to wait for
            self._become(True, "(no office hours are set)")
            return
        now = self._now()
        self._become(hours.is_open(now), f"at {now:%H:%M}")
        change = hours.next_change(now)
        if change is not None:
            # By timestamps, which know the local clock's daylight-saving changes.
            wait = (change.timestamp() - now.timestamp()) * 1000
            self._timer.start(int(min(max(wait, 0) + LATE_MS, LONGEST_WAIT_MS)))

    def _become(self, is_open: bool, when: str) -> None:
        if is_open != self._open:
            self._open = is_open
            log.info("office %s %s", "opens" if is_open else "closes", when)
            (self.opened if is_open else self.closed).emit()
