"""An exception in a slot must not leave a half-built screen: log it and start Home afresh.
A burst of them means something is badly wrong: exit non-zero so systemd starts a clean process.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import deque
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

BURST = 5  # this many faults ...
WINDOW_S = 60.0  # ... within this many seconds end the process
EXIT_STATUS = 70  # EX_SOFTWARE

_seen = 0  # unexpected errors reported to any guard in this process


def faults_seen() -> int:
    """How many unexpected errors this process has had: a change across a piece of work means
    it failed somewhere (PySide6 reports an exception in a paint or a slot, and goes on)."""
    return _seen


class FaultGuard(QObject):
    """Replaces sys.excepthook while installed; PySide6 reports slot exceptions there."""

    fault = Signal()  # recover: show a fresh Home
    burst = Signal()  # give up: the process should exit with EXIT_STATUS

    def __init__(self, parent: QObject, *, burst: int = BURST, window_s: float = WINDOW_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._times: deque[float] = deque(maxlen=burst)
        self._window_s = window_s
        self._clock = clock
        self._previous = sys.excepthook

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self._hook

    def uninstall(self) -> None:
        if sys.excepthook == self._hook:
            sys.excepthook = self._previous

    def _hook(self, kind: type[BaseException], value: BaseException,
              trace: TracebackType | None) -> None:
        global _seen  # noqa: PLW0603 - one count for the process, as sys.excepthook is one
        _seen += 1
        log.error("unexpected error; showing Home afresh", exc_info=(kind, value, trace))
        now = self._clock()
        self._times.append(now)
        if len(self._times) == self._times.maxlen and now - self._times[0] <= self._window_s:
            log.critical("%d errors in %.0f s; exiting so the service starts a clean process",
                         len(self._times), now - self._times[0])
            QTimer.singleShot(0, self.burst.emit)
        else:
            # After the failing slot has unwound, not inside it.
            QTimer.singleShot(0, self.fault.emit)
