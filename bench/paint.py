"""What the benchmark's child processes share: the offscreen screen, and knowing when a widget
has been painted."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

BENCH_DIR = Path(__file__).resolve().parent
# The offscreen plugin's own screen is 800x800; the kiosk sizes everything from its screen,
# so the benchmark gives it the 1920x1080 one it is measured at.
SCREEN_CONFIG = BENCH_DIR / "offscreen-1920x1080.json"
PLATFORM = f"offscreen:configfile={SCREEN_CONFIG}"
SIZE = (1920, 1080)
DIAGONAL_INCHES = 21.5


def use_offscreen() -> None:
    """Call before the QApplication exists (bench.run already sets this for its children)."""
    os.environ.setdefault("QT_QPA_PLATFORM", PLATFORM)


class PaintCounter(QObject):
    """Counts the Paint events some widgets receive.

    An event filter sees each Paint just before the widget handles it, and a widget's paint is
    part of its window's one repaint pass; so once the event loop has returned after the count
    moved, that whole pass (the widget and everything over it) is done.
    """

    def __init__(self, widgets: list[QWidget], parent: QObject) -> None:
        super().__init__(parent)
        self.counts = {id(widget): 0 for widget in widgets}
        for widget in widgets:
            widget.installEventFilter(self)

    def count(self, widget: QWidget) -> int:
        return self.counts[id(widget)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and id(watched) in self.counts:
            self.counts[id(watched)] += 1
        return False  # only looks


def wait_for_paint(app: QCoreApplication, counter: PaintCounter, widget: QWidget, before: int,
                   timeout_s: float = 10.0) -> None:
    """Run the event loop until widget has been painted since its count was `before`."""
    deadline = time.monotonic() + timeout_s
    while counter.count(widget) == before:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{type(widget).__name__} was not painted within {timeout_s} s")
        app.processEvents()


def report_first_paint(window: QWidget, describe: Callable[[QWidget], dict] = lambda _: {},
                       then: Callable[[], None] = lambda: None) -> None:
    """Print one JSON line, stamped with the system-wide monotonic clock, once the window's first
    paint is over; then call `then` (for example, to end the event loop).

    The stamp is taken in a zero timer queued from the first Paint: it runs after the whole
    repaint pass, children included, has finished. CLOCK_MONOTONIC is shared by all processes,
    so the parent subtracts the moment it spawned this one.
    """

    def painted(stamp: float) -> None:
        line = {"painted_monotonic": stamp, "width": window.width(), "height": window.height(),
                **describe(window)}
        print(json.dumps(line), flush=True)
        then()

    when_first_painted(window, painted)


def when_first_painted(window: QWidget, then: Callable[[float], None]) -> None:
    """Call then(time.monotonic() stamp) once the window's first paint pass is over."""
    window.installEventFilter(_FirstPaint(window, lambda: then(time.monotonic())))


class _FirstPaint(QObject):
    def __init__(self, parent: QObject, painted: Callable[[], None]) -> None:
        super().__init__(parent)
        self._painted: Callable[[], None] | None = painted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._painted is not None:
            QTimer.singleShot(0, self._painted)
            self._painted = None
        return False
