"""New content from content/, shown only when nobody is using the kiosk: kept pending until
Home has been quiet for a while (or a visit ends), then applied, and kept as the last good copy
once the window has been built and has painted it: content that can't be shown never becomes
the copy the kiosk falls back on."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk import paths
from kiosk.content import Content, Problem, StartCopy, save_last_good, save_start_copy
from kiosk.faults import faults_seen
from kiosk.reload import ContentWatcher
from kiosk.screen_id import HOME, ScreenId
from kiosk.window import KioskWindow

log = logging.getLogger(__name__)

LAST_GOOD = "last-good-content.json"
START_COPY = "start-copy.json"  # what the last start loaded, and from what (kiosk/content.py)
APPLY_WHEN_QUIET_MS = 3000  # new content waits for this long without a touch on Home


class Reload(Enum):
    """What an immediate reload found."""

    APPLIED = "applied"
    NO_CHANGE = "no change"
    REFUSED = "refused"


def keep_last_good(content: Content, state: Path) -> None:
    _keep(lambda: save_last_good(content, state / LAST_GOOD), state,
          "a last good copy", "the kiosk goes on with the content it shows")


def keep_start_copy(copy: StartCopy, state: Path) -> None:
    _keep(lambda: save_start_copy(copy, state / START_COPY), state,
          "a start copy", "the next start checks the content folder again")


def _keep(save: Callable[[], None], state: Path, what: str, meanwhile: str) -> None:
    """Save, or say in the log that it could not and what happens instead."""
    try:
        save()
    except OSError as error:
        log.warning("could not keep %s in %s (%s); %s", what, state, paths.describe(error),
                    meanwhile)


class KeepWhenPainted(QObject):
    """Keeps content as the last good copy once a page showing it has painted, with no
    unexpected error on the way; a page never painted keeps nothing. At the start, the same
    for the start copy: what a full check loaded, and from what."""

    def __init__(self, page: QWidget, content: Content, state: Path, parent: QObject,
                 start_copy: StartCopy | None = None) -> None:
        super().__init__(parent)
        self._page = page
        self._content = content
        self._start_copy = start_copy
        self._state = state
        self._faults = faults_seen()
        self.kept = False
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._page and event.type() == QEvent.Type.Paint:
            self._page.removeEventFilter(self)
            QTimer.singleShot(0, self, self._painted)  # once this paint has run its course
        return False

    def cancel(self) -> None:
        """Newer content is on its way: this one is not kept (if it isn't yet)."""
        with contextlib.suppress(RuntimeError):  # its page is already gone
            self._page.removeEventFilter(self)
        self.deleteLater()

    def _painted(self) -> None:
        if faults_seen() != self._faults:
            log.error("the new content failed while being shown; it is not kept as the last "
                      "good copy")
        else:
            keep_last_good(self._content, self._state)
            if self._start_copy is not None:
                keep_start_copy(self._start_copy, self._state)
                self._start_copy = None  # every file's text: not held for weeks
            self.kept = True


class ContentUpdates(QObject):
    """Owns the content waiting to be shown; the window owns the content on show."""

    due = Signal()  # content is waiting and Home has been quiet: a good moment to show it
    applied = Signal(object)  # the Content now on show
    refused = Signal(object)  # tuple[Problem, ...]: content/ has problems; the old stays

    def __init__(self, window: KioskWindow, root: Path, state: Path, parent: QObject, *,
                 quiet_ms: int = 1500) -> None:
        super().__init__(parent)
        self._window = window
        self._state = state
        self._pending: Content | None = None
        self._keeper: KeepWhenPainted | None = None
        self.watcher = ContentWatcher(root, window.content, self, quiet_ms=quiet_ms)
        self._quiet = QTimer(self, singleShot=True, interval=APPLY_WHEN_QUIET_MS)
        self._quiet.timeout.connect(self.due)
        self.watcher.changed.connect(self._arrived)
        self.watcher.refused.connect(self.refused)

    @property
    def pending(self) -> Content | None:
        return self._pending

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The problems of the newest content/ seen, if it was refused."""
        return self.watcher.problems

    def set_apply_delay(self, ms: int) -> None:
        """How long Home must be left untouched before new content is shown."""
        self._quiet.setInterval(ms)

    def screen_changed(self, screen: ScreenId) -> None:
        if screen == HOME and self._pending is not None:
            self._quiet.start()
        elif screen != HOME:
            self._quiet.stop()

    def touched(self) -> None:
        if self._quiet.isActive():
            self._quiet.start()  # not under a patient's finger: wait for quiet again

    def apply_pending(self) -> bool:
        """Show the waiting content now, if there is any; whether there was."""
        content, self._pending = self._pending, None
        self._quiet.stop()
        if content is None:
            return False
        self._window.set_content(content)
        self.keep_when_painted(content)
        log.info("new content shown: %d topics", len(content.topics))
        self.applied.emit(content)
        return True

    def keep_when_painted(self, content: Content, start_copy: StartCopy | None = None) -> None:
        """Keep content as the last good copy (and start_copy as the start copy) once the
        window's Home has painted it."""
        if self._keeper is not None:
            self._keeper.cancel()
        self._keeper = KeepWhenPainted(self._window.home, content, self._state, self,
                                       start_copy)

    def reload_now(self) -> Reload:
        """Read content/ at once (staff asked) and show it if it is new and valid."""
        self.watcher.check_now(wait_for_rest=False)
        if self.apply_pending():
            return Reload.APPLIED
        return Reload.REFUSED if self.problems else Reload.NO_CHANGE

    def _arrived(self, content: Content) -> None:
        self._pending = content
        if self._window.current_screen() == HOME:
            self._quiet.start()
