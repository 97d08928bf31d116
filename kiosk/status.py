"""What the kiosk reports about itself, for staff at the desk and for head office: a plain-words
kiosk-status.txt and a machine-readable kiosk-status.json in a report folder (which Syncthing
sends to the desk, see deploy/README.md).

Written only when something happens (start, new content shown, content refused or fixed, an
unexpected error), never on a timer: an idle kiosk writes nothing. Qt-free: the controller
(kiosk/app.py) calls it from its signals.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.content import Content, Problem
from kiosk.record import Record, as_dict

log = logging.getLogger(__name__)

STATUS_TEXT = "kiosk-status.txt"
STATUS_JSON = "kiosk-status.json"
SCHEMA = 1
FAULT_WINDOW_S = 24 * 3600  # "faults in the last day"
MAX_PROBLEMS_SHOWN = 10  # in the text: the first ones; the check lists them all
WEEK_S = 6 * 24 * 3600  # older than this, a time is given with its date


def version() -> str:
    """The installed kiosk's version (pyproject.toml), or 'unknown'."""
    # Imported here: importlib.metadata brings email and socket, not for the first frame.
    from importlib import metadata

    try:
        return metadata.version("stress-fracture-kiosk")
    except metadata.PackageNotFoundError:
        return "unknown"


def revision(content: Content) -> str:
    """A short fingerprint of what the content shows: the same words and settings give the
    same revision on every kiosk, wherever the folder is."""
    data = as_dict(content)
    data.pop("root", None)
    data.pop("left_out", None)  # where its problems are: what it shows is in "languages"
    for language in data["languages"]:
        for topic in language["topics"]:
            topic["path"] = Path(topic["path"]).name
    text = json.dumps(data, default=str, sort_keys=True, ensure_ascii=False)
    import hashlib  # here: the report is written after the first paint, which needs none

    return hashlib.sha256(text.encode()).hexdigest()[:12]


def when(moment: float, now: float) -> str:
    """'Tuesday 10:42', or 'Tuesday 24 November 10:42' once more than six days old."""
    local = time.localtime(moment)
    if abs(now - moment) > WEEK_S:
        return time.strftime("%A %d %B %H:%M", local).replace(" 0", " ")
    return time.strftime("%A %H:%M", local)


def problem_words(problem: Problem, root: Path) -> str:
    """'en/02-causes.md, line 3: what is wrong': the file as staff see it in their folder."""
    try:
        name = str(problem.path.relative_to(root))
    except ValueError:
        name = problem.path.name or str(problem.path)
    where = f"{name}, line {problem.line}" if problem.line else name
    return f"{where}: {problem.message}"


class Screen(Record):
    """The screen the kiosk runs on, for pictures made of it elsewhere (kiosk snapshot)."""

    width: int
    height: int
    diagonal_inches: float


class StatusReport:
    """Keeps what the report says and writes both files when it changes."""

    def __init__(self, folder: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.folder = Path(folder)
        self._clock = clock
        self._started = clock()
        self._content: Content | None = None
        self._shown_since = self._started
        self._problems: tuple[Problem, ...] = ()
        self._last_problem: dict[str, Any] | None = None
        self._faults: list[float] = []
        self._screen: Screen | None = None
        self._content_dir: Path | None = None
        self._reported: set[str] = set()
        self._read_previous()

    # --- what happened ---------------------------------------------------------------------

    def started(self, content: Content, content_dir: Path, screen: Screen | None = None,
                problems: Iterable[Problem] = ()) -> None:
        """The kiosk is up, showing content (the last good copy if content_dir had problems)."""
        self._content, self._content_dir, self._screen = content, Path(content_dir), screen
        self._shown_since = self._clock()
        self._set_problems(tuple(problems))
        self.write()

    def applied(self, content: Content) -> None:
        """New content is on screen."""
        self._content = content
        self._shown_since = self._clock()
        self._set_problems(())
        self.write()

    def refused(self, problems: Iterable[Problem]) -> None:
        """content/ has problems: the kiosk keeps showing what it showed."""
        self._set_problems(tuple(problems))
        self.write()

    def fixed(self) -> None:
        """content/ is valid again (whether or not it differs from what is shown)."""
        if self._problems:
            self._set_problems(())
            self.write()

    def fault(self) -> None:
        """An unexpected error: the kiosk recovered with a fresh start screen."""
        self._faults.append(self._clock())
        self.write()

    # --- what it says ----------------------------------------------------------------------

    def as_dict(self) -> dict[str, Any]:
        """The machine-readable status (kiosk-status.json)."""
        now = self._clock()
        self._faults = [t for t in self._faults if now - t <= FAULT_WINDOW_S]
        content = self._content
        data: dict[str, Any] = {
            "schema": SCHEMA,
            "state": "problem" if self._problems else "ok",
            "version": version(),
            "written": _iso(now),
            "started": _iso(self._started),
            "uptime_seconds": round(now - self._started),
            "shown_since": _iso(self._shown_since),
            "content_revision": revision(content) if content else None,
            "office_name": content.settings.office_name if content else None,
            "topics": len(content.topics) if content else 0,
            "languages": list(content.codes) if content else [],
            "topic_titles": [topic.title for topic in content.topics] if content else [],
            "content_dir": str(self._content_dir) if self._content_dir else None,
            "problems": [self._problem_dict(p) for p in self._problems],
            "last_problem": self._last_problem,
            "faults_last_day": len(self._faults),
            "fault_times": [_iso(t) for t in self._faults],
            "screen": as_dict(self._screen) if self._screen else None,
        }
        return data

    def text(self) -> str:
        """kiosk-status.txt: a few plain lines for the receptionist."""
        now = self._clock()
        content = self._content
        if content is None:
            return "The kiosk has not shown anything yet.\n"
        shown = (f"{len(content.topics)} topics in {_names(content)}")
        lines = []
        if self._problems:
            root = self._content_dir or content.root
            first = problem_words(self._problems[0], root)
            stop = "" if first.endswith((".", "?", "!")) else "."
            lines.append(f"{first}{stop} The kiosk is still showing the version from "
                         f"{when(self._shown_since, now)} ({shown}).")
            more = self._problems[1:MAX_PROBLEMS_SHOWN]
            if more:
                lines.append("Also:")
                lines += [f"  {problem_words(p, root)}" for p in more]
            if len(self._problems) > MAX_PROBLEMS_SHOWN:
                lines.append(f"  and {len(self._problems) - MAX_PROBLEMS_SHOWN} more.")
            lines.append("Fix the file and save it: the kiosk takes it a few seconds later.")
        else:
            lines.append(f"All good: showing {shown} since {when(self._shown_since, now)}.")
        lines.append(f"Office: {content.settings.office_name}. Kiosk running since "
                     f"{when(self._started, now)}.")
        faults = self.as_dict()["faults_last_day"]
        if faults:
            lines.append(f"Unexpected errors in the last day: {faults} (each time the kiosk "
                         "went back to its start screen by itself).")
        lines.append(f"Written {when(now, now)}; version {version()}.")
        return "\n".join(lines) + "\n"

    def write(self) -> None:
        """Write both files, each replaced whole (never seen half-written); a folder that
        can't be written is logged once and the kiosk runs on."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # The JSON first: the text is what people read, and the picture maker watches it.
            _replace(self.folder / STATUS_JSON, json.dumps(self.as_dict(), indent=2,
                                                           ensure_ascii=False) + "\n")
            _replace(self.folder / STATUS_TEXT, self.text())
        except OSError as error:
            reason = paths.describe(error)
            if reason not in self._reported:
                self._reported.add(reason)
                log.warning("could not write the status report in %s (%s); the kiosk runs on",
                            self.folder, reason)

    # --- inside ----------------------------------------------------------------------------

    def _set_problems(self, problems: tuple[Problem, ...]) -> None:
        self._problems = problems
        if problems:
            self._last_problem = {**self._problem_dict(problems[0]),
                                  "at": _iso(self._clock())}

    def _problem_dict(self, problem: Problem) -> dict[str, Any]:
        root = self._content_dir or (self._content.root if self._content else Path())
        try:
            name = str(problem.path.relative_to(root))
        except ValueError:
            name = str(problem.path)
        return {"file": name, "line": problem.line, "message": problem.message,
                "text": problem_words(problem, root)}

    def _read_previous(self) -> None:
        """Faults and the last problem outlive a restart (five faults restart the process)."""
        try:
            data = json.loads((self.folder / STATUS_JSON).read_text(encoding="utf-8"))
            faults = [_from_iso(t) for t in data.get("fault_times", [])]
            last = data.get("last_problem")
        except (OSError, ValueError, TypeError, AttributeError):
            return  # none yet, or damaged: start afresh
        now = self._clock()
        self._faults = [t for t in faults if now - t <= FAULT_WINDOW_S]
        if isinstance(last, dict):
            self._last_problem = last


def read_status(folder: Path, *, as_json: bool) -> str | None:
    """What `kiosk status` prints: the text, or the JSON; None if there is none. Raises
    PermissionError when the folder is not this user's to read."""
    try:
        return (folder / (STATUS_JSON if as_json else STATUS_TEXT)).read_text(encoding="utf-8")
    except PermissionError:
        raise
    except OSError:
        return None


# The report is read by the office's staff, in English: languages by their English names.
ENGLISH_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German",
                 "pt": "Portuguese", "it": "Italian", "zh": "Chinese", "vi": "Vietnamese"}


def _names(content: Content) -> str:
    names = [ENGLISH_NAMES.get(code.split("-")[0], content.language(code).words.language_name)
             for code in content.codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# datetime is imported where it is used: the first frame needs none of it (2 ms).
def _iso(moment: float) -> str:
    from datetime import datetime

    return datetime.fromtimestamp(moment).astimezone().isoformat(timespec="seconds")


def _from_iso(text: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(text).timestamp()


def _replace(path: Path, text: str) -> None:
    # A dot and .tmp: the report folder's .stignore (deploy/) keeps Syncthing off it.
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
