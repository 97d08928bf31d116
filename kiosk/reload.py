"""Watching content/ for staff edits: valid changes are offered to the kiosk, broken ones are
logged and refused. Event-driven (QFileSystemWatcher), so an idle kiosk does no work here."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk import paths
from kiosk.content import Content, ContentError, Problem, load_content, log_left_out

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(root: Path) -> Fingerprint:
    """Every file under root with its size and modification time: changes while a file is
    being written."""
    found = []
    for path in sorted(root.rglob("*")) if root.is_dir() else ():
        try:
            stat = path.stat()
        except OSError:  # removed while we looked: the next look will see it gone
            continue
        found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


class ContentWatcher(QObject):
    """Tells when content/ holds new valid content, or new problems."""

    changed = Signal(object)  # the new Content
    refused = Signal(object)  # tuple[Problem, ...]: the kiosk keeps what it shows

    def __init__(self, root: Path, current: Content, parent: QObject, *,
                 quiet_ms: int = 1500, svg: Path = paths.ILLUSTRATION) -> None:
        super().__init__(parent)
        self._root = Path(root)
        self._svg = svg
        self._current = current
        self._problems: tuple[Problem, ...] = ()
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._poke)
        self._watcher.fileChanged.connect(self._poke)
        # Editors save in bursts (truncate, write, rename): look once the folder is quiet.
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(quiet_ms)
        self._quiet.timeout.connect(self.check_now)
        self._watch()

    @property
    def current(self) -> Content:
        return self._current

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The problems of content/ as last read; empty when it was valid."""
        return self._problems

    def check_now(self) -> None:
        """Load content/ now; emit changed or refused if it differs from what we had."""
        self._watch()
        before = fingerprint(self._root)
        try:
            content = load_content(self._root, self._svg)
        except ContentError as error:
            if fingerprint(self._root) != before:
                self._quiet.start()  # a write in progress: judge it when it is finished
                return
            self._refuse(error.problems)
            return
        if fingerprint(self._root) != before:
            self._quiet.start()
            return
        self._problems = ()
        if content != self._current:
            self._current = content
            log.info("content changed in %s: %d topics", self._root, len(content.topics))
            log_left_out(content)
            self.changed.emit(content)

    def _refuse(self, problems: tuple[Problem, ...]) -> None:
        if problems == self._problems:
            return  # logged once is enough; a staff member is probably still typing
        self._problems = problems
        log.error("content reload refused, %d problem(s); still showing the last good content",
                  len(problems))
        for problem in problems:
            log.error("content problem: %s", problem)
        self.refused.emit(problems)

    def _poke(self, _path: str = "") -> None:
        self._watch()  # a file replaced by rename drops out of the watcher: watch it again
        self._quiet.start()

    def _watch(self) -> None:
        wanted = {str(self._root)} if self._root.is_dir() else {str(self._root.parent)}
        if self._root.is_dir():
            wanted.update(str(path) for path in self._root.rglob("*"))
        watched = set(self._watcher.files()) | set(self._watcher.directories())
        missing = sorted(wanted - watched)
        if missing:
            self._watcher.addPaths(missing)
        gone = sorted(watched - wanted)
        if gone:
            self._watcher.removePaths(gone)
