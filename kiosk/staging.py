"""Work left for after the first paint: an ordered list of small steps, one per turn of the
event loop, so that a tap arriving meanwhile is handled between two steps, not after all of
them. Started once (from the window's first paint), by a chain of zero-ms single-shot timers:
each step queues the next, and nothing runs once the list is empty."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

Step = Callable[[], object]


class Staging(QObject):
    """The steps not yet run, in order. Each runs once, whichever way it is reached: by the
    chain, at once through ``run(step)`` (a tap that needs what it builds), or through
    ``finish()`` (everything left, now). ``done`` is emitted once the list is empty."""

    done = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._steps: list[Step] = []
        self._started = False
        self._queued = False
        self._held = False
        self._done = False

    def add(self, step: Step) -> None:
        """Run step after the ones already listed."""
        self._steps.append(step)
        self._done = False
        self._queue()

    def start(self) -> None:
        """Begin the chain (again calls do nothing): one step per turn of the event loop."""
        if not self._started:
            self._started = True
            self._queue()

    def hold(self) -> None:
        """Run no step until resume(): a tap's answer is being drawn, and comes first."""
        self._held = True

    def resume(self) -> None:
        self._held = False
        self._queue()

    def run(self, step: Step) -> None:
        """Run this step now if it has not run yet (it leaves the list first: once only)."""
        if step in self._steps:
            self._steps.remove(step)
            try:
                step()
            finally:
                self._check_done()

    def finish(self) -> None:
        """Run every step left, now, in order."""
        while self._steps:
            self.run(self._steps[0])
        self._check_done()

    def is_pending(self, step: Step) -> bool:
        return step in self._steps

    @property
    def is_done(self) -> bool:
        """Every step has run."""
        return not self._steps

    def _queue(self) -> None:
        if self._started and not self._queued and not self._held and self._steps:
            self._queued = True
            QTimer.singleShot(0, self, self._next)

    def _next(self) -> None:
        self._queued = False
        if not self._steps or self._held:
            return
        try:
            self.run(self._steps[0])
        finally:
            # Queued even if the step failed (the fault guard has logged it): the rest still
            # gets built.
            self._queue()

    def _check_done(self) -> None:
        if not self._steps and not self._done:
            self._done = True
            log.debug("every step after the first paint has run")
            self.done.emit()
