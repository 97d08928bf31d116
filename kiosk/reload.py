"""Watching content/ for staff edits: valid changes are offered to the kiosk, broken ones are
logged and refused. Event-driven (QFileSystemWatcher), so an idle kiosk does no work here."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk import paths
from kiosk.content import Content, ContentError, Problem, load_content, log_left_out
from kiosk.voice_names import MANIFEST, VOICE_FOLDER

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]
# The most paths watched and fingerprinted: a content folder holds settings.toml and a few
# language folders of about ten files each. Whatever else is there (a .git with 41,000 files,
# say) must not make every look, or every change, take seconds.
MAX_WATCHED = 256
# Syncthing writes each file it receives to a temporary file beside it, then renames it into
# place: ".syncthing.NAME.tmp" (hidden, so never read), or "~syncthing~NAME.tmp" where hidden
# names are awkward (Windows). While one is there, a change is still arriving.
SYNC_TEMP_PREFIXES = (".syncthing.", "~syncthing~")
SYNC_TEMP_SUFFIX = ".tmp"
# A temporary file left behind by a sync that died must not hold changes back for ever:
# after this many quiet periods with it still there, the folder is judged as it is.
MAX_SYNC_WAITS = 40
# A sync delivers a change file by file, folder by folder, sometimes seconds apart (the
# desk's Syncthing gathers what changed for 10 s, per folder): a new topic may reach en/ before
# es/. Content that would show fewer languages than are on screen is held back this long for
# the rest to arrive; if nothing completes it, it is shown (the language left out, as at start).
INCOMPLETE_GRACE_MS = 30_000


def is_sync_temporary(name: str) -> bool:
    """Whether a file name is a file sync's half-received copy (Syncthing's)."""
    return name.startswith(SYNC_TEMP_PREFIXES) and name.endswith(SYNC_TEMP_SUFFIX)


def sync_in_progress(root: Path) -> bool:
    """Whether a sync is still writing into root: a temporary file of Syncthing's in root or
    in one of the folders the kiosk reads."""
    for folder in [root, *(path for path in content_files(root) if _is_folder(path))]:
        try:
            with os.scandir(folder) as scan:
                if any(is_sync_temporary(entry.name) for entry in scan):
                    return True
        except OSError:
            continue
    return False


def identity(root: Path) -> tuple[str, int, int]:
    """Which folder root is now: where it leads and that folder's inode. Changes when
    content/ is replaced by a rename or a symlink swap, as sync and deployment tools do."""
    try:
        real = root.resolve()
        info = real.stat()
    except (OSError, RuntimeError):
        return (str(root), 0, 0)
    return (str(real), info.st_dev, info.st_ino)


def content_files(root: Path) -> list[Path]:
    """The files and folders the kiosk reads from a content folder, as far down as it reads:
    root's visible entries and the visible entries of each visible folder in it, at most
    MAX_WATCHED, sorted. Hidden names (.git, an editor's .swp) are never looked into, and a
    folder that can't be read is left out (the content check names it)."""
    found: list[Path] = []
    folders: list[Path] = []
    for path, is_folder in _visible(root, MAX_WATCHED):
        found.append(path)
        if is_folder:
            folders.append(path)
    for folder in sorted(folders):
        found += [path for path, _ in _visible(folder, MAX_WATCHED - len(found))]
    return sorted(found)


def _visible(folder: Path, limit: int) -> list[tuple[Path, bool]]:
    entries: list[tuple[Path, bool]] = []
    if limit <= 0:
        return entries
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                if entry.name.startswith(".") or is_sync_temporary(entry.name):
                    continue
                try:
                    is_folder = entry.is_dir()
                except OSError:
                    is_folder = False
                entries.append((folder / entry.name, is_folder))
                if len(entries) >= limit:
                    break
    except OSError:
        pass
    return entries


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def fingerprint(root: Path) -> Fingerprint:
    """Which folder root is, then every file the kiosk reads under it with its size and
    modification time: changes while a file is being written, or the folder is swapped."""
    found = [identity(root)]
    for path in [*content_files(root), paths.office_file()]:
        try:
            stat = path.stat()
        except OSError:  # removed while we looked: the next look will see it gone
            continue
        found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def recordings(root: Path) -> Fingerprint:
    """Each language's read-aloud manifest with its size and modification time (the audio
    files change only with it: `kiosk voice` writes it last)."""
    found = []
    for path in sorted(root.glob(f"*/{VOICE_FOLDER}/{MANIFEST}")):
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


class ContentWatcher(QObject):
    """Tells when content/ holds new valid content, or new problems."""

    changed = Signal(object)  # the new Content
    refused = Signal(object)  # tuple[Problem, ...]: the kiosk keeps what it shows
    # `kiosk voice` remade the read-aloud audio (a content/<code>/voice/manifest.json changed)
    # while the texts stayed the same: load the narration again (kiosk/voice.py). After
    # `changed` when both happened in one look.
    recorded = Signal()
    fixed = Signal()  # content/ is valid again after problems (it may be what is shown)

    def __init__(self, root: Path, current: Content, parent: QObject, *,
                 quiet_ms: int = 1500, svg: Path = paths.ILLUSTRATION,
                 grace_ms: int = INCOMPLETE_GRACE_MS) -> None:
        super().__init__(parent)
        self._root = Path(root)
        self._svg = svg
        self._current = current
        self._problems: tuple[Problem, ...] = ()
        self._recordings = recordings(self._root)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._folder_changed)
        self._watcher.fileChanged.connect(self._poke)
        # Editors save in bursts (truncate, write, rename): look once the folder is quiet.
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(quiet_ms)
        self._quiet.timeout.connect(self._settled)
        self._sync_waits = 0
        self._grace = QTimer(self)
        self._grace.setSingleShot(True)
        self._grace.setInterval(grace_ms)
        self._grace.timeout.connect(self._grace_over)
        self._grace_spent = False
        self._identity = identity(self._root)
        self._watch()

    @property
    def current(self) -> Content:
        return self._current

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The problems of content/ as last read; empty when it was valid."""
        return self._problems

    def check_now(self, *, wait_for_rest: bool = True) -> None:
        """Load content/ now; emit changed or refused if it differs from what we had.
        Content that would leave out a language on screen first waits for the rest of the
        change (INCOMPLETE_GRACE_MS), unless wait_for_rest is False (staff asked)."""
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
        if self._problems:
            self._problems = ()
            self.fixed.emit()
        if content != self._current and wait_for_rest and self._incomplete(content):
            return  # the rest of the change is probably on its way
        self._grace.stop()
        self._grace_spent = False
        if content != self._current:
            self._current = content
            log.info("content changed in %s: %d topics", self._root, len(content.topics))
            log_left_out(content)
            self.changed.emit(content)
        now = recordings(self._root)
        if now != self._recordings:
            self._recordings = now
            log.info("read-aloud audio changed in %s", self._root)
            self.recorded.emit()

    def _incomplete(self, content: Content) -> bool:
        """Whether content leaves out a language on screen and may still be completed: the
        grace period starts (or is running); once spent, the content is taken as it is."""
        if not set(self._current.codes) - set(content.codes) or self._grace_spent:
            return False
        if not self._grace.isActive():
            log.info("content/ leaves out a language that is shown; waiting up to %d s for "
                     "the rest of the change", self._grace.interval() // 1000)
            self._grace.start()
        return True

    def _grace_over(self) -> None:
        self._grace_spent = True
        self.check_now()

    def _settled(self) -> None:
        """The folder has been quiet: judge it, unless a sync is still writing into it."""
        if sync_in_progress(self._root) and self._sync_waits < MAX_SYNC_WAITS:
            self._sync_waits += 1
            self._quiet.start()  # the rest of the change is on its way: wait for all of it
            return
        if self._sync_waits >= MAX_SYNC_WAITS:
            log.warning("a sync's temporary file has stayed in %s; judging the folder as it is",
                        self._root)
        self._sync_waits = 0
        self.check_now()

    def _refuse(self, problems: tuple[Problem, ...]) -> None:
        if problems == self._problems:
            return  # logged once is enough; a staff member is probably still typing
        self._problems = problems
        log.error("content reload refused, %d problem(s); still showing the last good content",
                  len(problems))
        for problem in problems:
            log.error("content problem: %s", problem)
        self.refused.emit(problems)

    def _folder_changed(self, path: str) -> None:
        # The folder above content/ is watched only to notice content/ itself replaced: its
        # other changes (the state folder beside it, an editor's backup) are not content's.
        if Path(path) == self._root.parent and identity(self._root) == self._identity:
            return
        self._poke(path)

    def _poke(self, _path: str = "") -> None:
        self._watch()  # a file replaced by rename drops out of the watcher: watch it again
        self._quiet.start()

    def _watch(self) -> None:
        is_folder = _is_folder(self._root)
        # The parent too: a content/ renamed away, or a symlink swapped, changes only there.
        wanted = {str(self._root.parent)}
        if is_folder:
            wanted.add(str(self._root))
            wanted.update(str(path) for path in content_files(self._root))
        office = paths.office_file()  # the office's own settings, layered over settings.toml
        if office.is_file():
            wanted.add(str(office))
        watched = set(self._watcher.files()) | set(self._watcher.directories())
        now = identity(self._root)
        if now != self._identity:
            # Same paths, another folder behind them: the old watches follow the old folder.
            self._identity = now
            if watched:
                self._watcher.removePaths(sorted(watched))
            watched = set()
        missing = sorted(wanted - watched)
        if missing:
            self._watcher.addPaths(missing)
        gone = sorted(watched - wanted)
        if gone:
            self._watcher.removePaths(gone)
