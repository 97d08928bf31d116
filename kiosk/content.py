"""Loads and validates the content folder into an immutable model the screens read.

Layout of a content folder::

    content/
      settings.toml        the office's settings (name, languages, time-outs)
      en/                  one folder per language the kiosk offers
        words.toml         the words on buttons and screens
        01-what-is-it.md   one file per topic: a TOML header between +++ lines, then Markdown

Every problem is reported as ``file:line: what is wrong, and what would be right``.

The rule: what this module accepts, the kiosk can show. Every value has a length that fits
its place on screen, one-line values hold no line breaks or control characters, every text
with placeholders is formatted with sample values, the Markdown is the little the kiosk
shows (paragraphs, **bold**, lists two deep), and every check takes time linear in its input
(lines are bounded before any pattern looks at them). A file-system error is a problem with
its file, never a traceback.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import string
import tempfile
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol
from xml.parsers import expat

from kiosk import office_hours, paths
from kiosk.record import Record, as_dict, replace

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 64 * 1024
MAX_TOPICS = 8  # the home screen is laid out to show this many buttons without scrolling
MAX_TOPIC_WORDS = 170  # about one screen at the default text size on a 21.5-inch screen
MAX_TITLE_CHARS = 26
MAX_SUBTITLE_CHARS = 34
MAX_PICTURE_CHARS = 400  # the drawing's description, under it on a topic page
MAX_OFFICE_NAME_CHARS = 40  # one line of title-size text at the top of Home
MAX_BUTTON_WORD_CHARS = 20  # "Keep reading", "Larger text": the words on a big button
MAX_HEADING_CHARS = 26  # "Still reading?": a title-size line on a card
MAX_COUNTER_CHARS = 34  # "Topic {number} of {count}": a line beside a title
MAX_SENTENCE_CHARS = 160  # the welcome, the hints, the countdown, a named bone
MAX_PICTURE_BUTTON_CHARS = 30  # "See the picture bigger": on the picture, beside a lens
MAX_TEASER_CHARS = 90  # a topic's one fact on the attract screen, read from across the room
MAX_DESCRIPTION_CHARS = 400  # the home drawing's description (read aloud, never cut)
MAX_LINE_CHARS = 1200  # one line of a topic's text: a whole paragraph of 170 words fits
MAX_LIST_DEPTH = 2  # a list, and a list inside it
MAX_LANGUAGES = 8
MAX_FOLDER_ENTRIES = 200  # files looked at in one language folder (topics, backups...)
MAX_PROBLEMS_PER_FILE = 20  # then one line says how many more
MAX_LAST_GOOD_BYTES = 32 * 1024 * 1024
MAX_SVG_BYTES = 2 * 1024 * 1024  # as kiosk/illustration.py reads it
HEADER_FENCE = "+++"
LANGUAGE_PATTERN = r"[a-z]{2}(-[A-Za-z]{2})?"
SETTINGS_FILE = "settings.toml"
WORDS_FILE = "words.toml"
HEAD_COUNT = 5


class Problem(Record):
    """One thing wrong with one content file, with where and how to fix it."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """The content folder can't be shown; ``problems`` says why, file by file."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Settings(Record):
    office_name: str
    language: str = "en"  # the language each visit starts in
    languages: tuple[str, ...] = ()  # the languages offered, in order; () means just `language`
    still_reading_seconds: int = 60
    countdown_seconds: int = 20
    attract_seconds: int = 300
    screen_diagonal_inches: float = 0.0  # 0: trust what the screen reports
    voice_volume: int = 70  # Read aloud's volume at the start of each visit, in per cent
    take_home_url: str = ""  # the office's page for this handout; "" = no Take it home button
    take_home_urls: tuple[tuple[str, str], ...] = ()  # (language, its own page), overriding it
    office_hours: tuple[tuple[str, str], ...] = ()  # (day, "08:00-17:30"); () = always open

    def take_home_for(self, code: str) -> str:
        """The address a patient reading this language takes home ("" for none)."""
        return dict(self.take_home_urls).get(code, self.take_home_url)


class Words(Record):
    """The fixed words of the screens, in the content's language."""

    welcome: str
    home: str
    previous: str
    next: str
    topic_counter: str
    home_picture: str
    tap_hint: str
    still_reading: str
    keep_reading: str
    going_home: str
    attract: str
    language_name: str  # the language's name in its own words, on the button that picks it
    larger_text: str
    high_contrast: str
    more: str
    page_counter: str
    more_topics: str
    topics_shown: str
    take_home: str
    take_home_scan: str
    take_home_ask: str
    take_home_close: str
    ask_front_desk: str
    closed_touch: str
    heads: tuple[str, ...]
    # Read aloud (last, with defaults: a last good copy saved before they existed still loads,
    # and is then checked again like any content folder).
    read_aloud: str = "Read aloud"
    stop_reading: str = "Stop"
    louder: str = "Louder"
    softer: str = "Softer"
    # The picture's own words: what its marking means, and the button to see it larger.
    picture_legend: str = ""
    picture_bigger: str = ""


class Topic(Record):
    slug: str
    title: str
    subtitle: str
    order: int
    highlight: tuple[str, ...]
    picture: str
    body: str
    path: Path
    teaser: str = ""  # one short fact for the attract screen; optional


class Language(Record):
    """One language's words and topics."""

    code: str
    words: Words
    topics: tuple[Topic, ...]


class Content(Record):
    root: Path
    settings: Settings
    languages: tuple[Language, ...]  # the languages offered: the start language and each
    # other whose folder is whole and matches it
    left_out: tuple[Problem, ...] = ()  # why an offered language was left out, if one was

    def language(self, code: str) -> Language:
        """A language by its code; the start language for one not offered."""
        return next((lang for lang in self.languages if lang.code == code), self.languages[0])

    @property
    def words(self) -> Words:
        """The start language's words."""
        return self.languages[0].words

    @property
    def topics(self) -> tuple[Topic, ...]:
        """The start language's topics."""
        return self.languages[0].topics

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)


# What each words.toml key is for, and the {placeholders} it must keep.
WORD_KEYS: Mapping[str, tuple[str, ...]] = {
    "welcome": (),
    "home": (),
    "previous": (),
    "next": (),
    "topic_counter": ("number", "count"),
    "home_picture": (),
    "tap_hint": (),
    "still_reading": (),
    "keep_reading": (),
    "going_home": ("seconds",),
    "attract": (),
    "language_name": (),
    "larger_text": (),
    "high_contrast": (),
    "more": (),
    "page_counter": ("page", "pages"),
    "more_topics": (),
    "topics_shown": ("first", "last", "count"),
    # Read aloud: its switch, and the voice's buttons while it is on.
    "read_aloud": (),
    "stop_reading": (),
    "louder": (),
    "softer": (),
    "take_home": (),
    "take_home_scan": (),
    "take_home_ask": (),
    "take_home_close": (),
    "ask_front_desk": (),
    "closed_touch": (),
    "picture_legend": (),
    "picture_bigger": (),
}
_BUTTON = (MAX_BUTTON_WORD_CHARS, "on a button")
_SENTENCE = (MAX_SENTENCE_CHARS, "on the screen")
_COUNTER = (MAX_COUNTER_CHARS, "beside a title")
# The most characters each words.toml value may have, and where it goes (for the message).
WORD_LIMITS: Mapping[str, tuple[int, str]] = {
    "welcome": _SENTENCE,
    "home": _BUTTON,
    "previous": _BUTTON,
    "next": _BUTTON,
    "topic_counter": _COUNTER,
    "home_picture": (MAX_DESCRIPTION_CHARS, "in the drawing's description"),
    "tap_hint": _SENTENCE,
    "still_reading": (MAX_HEADING_CHARS, "as the card's title"),
    "keep_reading": _BUTTON,
    "going_home": _SENTENCE,
    "attract": _SENTENCE,
    "language_name": _BUTTON,
    "larger_text": _BUTTON,
    "high_contrast": _BUTTON,
    "more": _BUTTON,
    "page_counter": _COUNTER,
    "more_topics": _BUTTON,
    "topics_shown": _COUNTER,
    "read_aloud": _BUTTON,
    "stop_reading": _BUTTON,
    "louder": _BUTTON,
    "softer": _BUTTON,
    "take_home": _BUTTON,
    "take_home_scan": _SENTENCE,
    "take_home_ask": _SENTENCE,
    "take_home_close": _BUTTON,
    "ask_front_desk": _SENTENCE,
    "closed_touch": _SENTENCE,
    "picture_legend": _SENTENCE,
    "picture_bigger": (MAX_PICTURE_BUTTON_CHARS, "on the picture's button"),
}
HEAD_LIMIT = _SENTENCE
# The widest numbers each placeholder is filled with: the check formats every text with them.
SAMPLE_VALUES: Mapping[str, int] = {
    "number": MAX_TOPICS, "count": MAX_TOPICS, "page": 99, "pages": 99,
    "first": MAX_TOPICS, "last": MAX_TOPICS, "seconds": 3600,
}
TOPIC_KEYS = ("title", "subtitle", "order", "highlight", "picture", "teaser")
# The shortest each time-out may be. The countdown gives everyone 20 s to answer (WCAG 2.2.1).
SECONDS_RANGE = {"still_reading_seconds": 5, "countdown_seconds": 20, "attract_seconds": 5}
# Read aloud's volume at the start of a visit, in per cent: never silent (a patient who taps
# Read aloud must hear it), at most full.
VOICE_VOLUME_RANGE = (10, 100)
SETTINGS_KEYS: Mapping[str, type | tuple[type, ...]] = {
    "office_name": str,
    "language": str,
    "languages": list,
    "still_reading_seconds": int,
    "countdown_seconds": int,
    "attract_seconds": int,
    "screen_diagonal_inches": (int, float),
    "voice_volume": int,
    "take_home_url": str,
    "take_home_urls": dict,
    "office_hours": dict,
}
# An address longer than this makes a QR code too dense to scan from a screen at arm's length.
MAX_URL_CHARS = 200
URL_EXAMPLE = 'take_home_url = "https://www.your-office.example/stress-fracture"'


# Markdown the kiosk refuses, and what to do instead. Links could lead a patient out of the app.
# Every pattern is linear in the line's length: no two neighbouring repeats can match the same
# characters, so a line of 65,000 brackets is one pass. (Links are found without a pattern.)
FORBIDDEN_MARKDOWN = (  # (pattern, its flags, the fix)
    (r"!\[", 0,
     "images are not shown in the text; remove it (the foot picture is automatic)"),
    (r"<\s*[a-zA-Z][a-zA-Z0-9+.-]{0,31}:|\b[a-zA-Z][a-zA-Z0-9+.-]{0,31}://"
     r"|\bwww\.|\bmailto:|\bfile:|[\w.+-]@[\w-]+\.[a-zA-Z]", re.I,
     "web, e-mail or file addresses are not allowed; remove the address"),
    (r"<\s*(?:/\s*)?[a-zA-Z!?]", 0,
     "HTML tags are not allowed; use plain text and **bold**"),
    (r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});", 0,
     "character codes like &amp; are not allowed; type the character itself"),
    (r"^\s{0,3}#", 0,
     "headings are not allowed in the text; the title comes from the header"),
    (r"^\s*\|", 0, "tables are not allowed; use a bullet list (lines starting with '- ')"),
    (r"^\s*\[[^\]]*\]:", 0, "link definitions are not allowed; remove the line"),
)
LINK_MESSAGE = "links are not allowed; write the words without the link"
_LINK_END = r"\]\s*\("
_LIST_MARKER = r"(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+|$)"
_ONLY_MARKS = frozenset("-=*_+~`#>|:. \t")
# Characters no content file may hold: controls other than tab and new line (a carriage return
# only before a new line), line and paragraph separators (they break lines where an editor
# shows none), and the invisible marks that reorder text (bidirectional embeddings/overrides).
_HIDDEN = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
# And no one-line value (a title, a button's word) holds a tab or a new line either.
_NOT_ONE_LINE = "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
# The patterns above and below are compiled on first use, by _pattern: most starts show the
# start copy and check nothing, and compiling them all cost 2 to 5 ms of every start.
_TOML_KEY = (r"""\s*(?:"((?:[^"\\\n]|\\.){0,200})"|'([^'\n]{0,200})'"""
             r"""|([A-Za-z0-9_-]{1,200}))\s*=""")
_TOML_TABLE = r"\s*\[\s*([A-Za-z0-9_-]{1,200})\s*\]"


@functools.cache
def _pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(source, flags)


# --- where files come from -------------------------------------------------------------------


class _Source(Protocol):
    texts: dict[Path, str]  # what was read, by file: for messages that name a line

    def is_folder(self, path: Path, problems: list[Problem]) -> bool: ...

    def files(self, folder: Path, problems: list[Problem]) -> list[Path]: ...

    def read(self, path: Path, problems: list[Problem]) -> str | None: ...


class _Disk:
    """The content folder on disk: every OSError becomes a problem with its file."""

    def __init__(self, root: Path, real_root: Path) -> None:
        self.root = root
        self.real_root = real_root
        self.texts: dict[Path, str] = {}

    def is_folder(self, path: Path, problems: list[Problem]) -> bool:
        try:
            return path.is_dir()
        except OSError as error:
            problems.append(_unreadable_folder(path, error))
            return False

    def files(self, folder: Path, problems: list[Problem]) -> list[Path]:
        """The folder's visible entries, sorted; at most MAX_FOLDER_ENTRIES are looked at."""
        found: list[Path] = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue  # hidden: an editor's or version control's, never content
                    if len(found) == MAX_FOLDER_ENTRIES:
                        problems.append(Problem(folder, 0, f"this folder holds more than "
                                                f"{MAX_FOLDER_ENTRIES} files; the kiosk looks "
                                                "at no more: move the others out of it"))
                        break
                    found.append(folder / entry.name)
        except OSError as error:
            problems.append(_unreadable_folder(folder, error))
            return []
        return sorted(found)

    def read(self, path: Path, problems: list[Problem]) -> str | None:
        try:
            real = path.resolve()
        except (OSError, RuntimeError) as error:  # a loop of links
            problems.append(Problem(path, 0, f"can't follow this file's link ({_reason(error)}); "
                                    "replace the link with a real file inside the folder"))
            return None
        if not _inside(real, self.real_root):
            problems.append(Problem(path, 0, "this file points outside the content folder; "
                                    "replace the link with a real file inside the folder"))
            return None
        try:
            if not path.is_file():
                problems.append(Problem(path, 0, "this file is missing; create it "
                                        "(see the README for what it holds)"))
                return None
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                problems.append(_too_big(path, size))
                return None
            with path.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)  # it may grow while we read
        except OSError as error:
            problems.append(Problem(path, 0, f"can't read this file ({_reason(error)}); "
                                    "check it exists and can be read"))
            return None
        if len(data) > MAX_FILE_BYTES:
            problems.append(_too_big(path, len(data)))
            return None
        if not data.strip():
            problems.append(_empty(path))
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            problems.append(Problem(path, line, "this line is not UTF-8 text; save the file "
                                    "as UTF-8 in your editor"))
            return None
        return _remember(self.texts, path, _clean_text(path, text, problems))


class _Memory:
    """Files held in memory: the last good copy, written out again to be checked again."""

    def __init__(self, files: Mapping[Path, str]) -> None:
        self._files = dict(files)
        self.texts: dict[Path, str] = {}

    def is_folder(self, path: Path, problems: list[Problem]) -> bool:
        return any(file.parent == path for file in self._files)

    def files(self, folder: Path, problems: list[Problem]) -> list[Path]:
        return sorted(file for file in self._files if file.parent == folder)

    def read(self, path: Path, problems: list[Problem]) -> str | None:
        text = self._files.get(path)
        if text is None:
            problems.append(Problem(path, 0, "this file is missing"))
            return None
        if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
            problems.append(_too_big(path, len(text.encode("utf-8", errors="replace"))))
            return None
        if not text.strip():
            problems.append(_empty(path))
            return None
        return _remember(self.texts, path, _clean_text(path, text, problems))


def _remember(texts: dict[Path, str], path: Path, text: str | None) -> str | None:
    if text is not None:
        texts[path] = text
    return text


def _reason(error: BaseException) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)


def _unreadable_folder(folder: Path, error: OSError) -> Problem:
    return Problem(folder, 0, f"can't open this folder ({_reason(error)}); check that it "
                   "exists and the kiosk's user can read it")


def _too_big(path: Path, size: int) -> Problem:
    return Problem(path, 0, f"this file is {size} bytes; at most {MAX_FILE_BYTES} fit: shorten it")


def _empty(path: Path) -> Problem:
    return Problem(path, 1, "this file is empty; put its text back "
                   "or restore it from the bundled content")


def _clean_text(path: Path, text: str, problems: list[Problem]) -> str | None:
    """The text with a BOM and Windows line ends removed, or None if it holds a hidden
    character (a control character, a separator, a direction override) on some line."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    hidden = _pattern(_HIDDEN).search(text)
    if hidden is not None:
        line = text.count("\n", 0, hidden.start()) + 1
        problems.append(Problem(path, line, f"this line holds a hidden character "
                                f"({_codepoint(hidden.group())}); delete it, or retype the "
                                "line in a plain text editor"))
        return None
    return text


def _lines(text: str) -> list[str]:
    """The text's lines as an editor numbers them (a clean text has no other line breaks)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _codepoint(char: str) -> str:
    names = {"\n": "a line break, \\n", "\t": "a tab, \\t", "\r": "a carriage return, \\r"}
    return names.get(char, f"U+{ord(char):04X}")


def _shown(value: object, limit: int = 40) -> str:
    """A value for a message: on one line (hidden characters written as \\uXXXX), cut short."""
    text = str(value)
    text = text if len(text) <= limit else text[:limit] + "..."
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in text)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


# --- loading -------------------------------------------------------------------------------


def load_content(root: Path, svg: Path = paths.ILLUSTRATION,
                 office: Path | None = None) -> Content:
    """Load and validate a content folder; raise ContentError listing every problem.
    The office's own settings file (office, else paths.office_file()) is layered over
    settings.toml when it exists."""
    root = Path(root)
    return _load(root, _disk(root), svg, [],
                 office=office if office is not None else paths.office_file())


def _disk(root: Path) -> _Disk:
    """The content folder to read; ContentError if it is missing or can't be opened."""
    missing = ContentError([Problem(root, 0, "the content folder is missing; "
                                    "create it or give the right folder")])
    try:
        if not root.is_dir():
            raise missing
        return _Disk(root, root.resolve())
    except (OSError, RuntimeError) as error:
        raise ContentError([Problem(root, 0, f"can't open the content folder ({_reason(error)});"
                                    " check that it exists and the kiosk's user can read it")]
                           ) from None


# --- the start copy: the content as a start loaded it, and everything it was loaded from ----
#
# Checking the content folder is the largest part of the kiosk's own start after Python and
# Qt (bench/README.md), and almost every start finds it as the last start did. So a start
# keeps what it loaded beside every answer the folder gave while it was read (each file's
# text, each folder's listing), the office's own file, and which drawing and which checks
# (this module) judged it. The next start asks the folder the same questions; only if every
# answer is the same does it show the copy, unchecked: the same files through the same checks
# give the same content. Any other answer, or a copy that can't be read, means a full load.

START_COPY_VERSION = 1


class _Traced:
    """A source that notes each answer it gives (see above)."""

    def __init__(self, source: _Disk) -> None:
        self._source = source
        self.texts = source.texts
        self.answers: list[list[Any]] = []

    def is_folder(self, path: Path, problems: list[Problem]) -> bool:
        answer = self._source.is_folder(path, problems)
        self.answers.append(["is_folder", str(path), answer])
        return answer

    def files(self, folder: Path, problems: list[Problem]) -> list[Path]:
        answer = self._source.files(folder, problems)
        self.answers.append(["files", str(folder), [str(path) for path in answer]])
        return answer

    def read(self, path: Path, problems: list[Problem]) -> str | None:
        answer = self._source.read(path, problems)
        self.answers.append(["read", str(path), answer])
        return answer


def _same_answers(source: _Disk, answers: list[list[Any]]) -> bool:
    for kind, name, answer in answers:
        path = Path(name)
        if kind == "is_folder":
            now: object = source.is_folder(path, [])
        elif kind == "files":
            now = [str(file) for file in source.files(path, [])]
        elif kind == "read":
            now = source.read(path, [])
        else:
            return False
        if now != answer:
            return False
    return True


def _judges(svg: Path, office: Path) -> list[Any]:
    """What else decides what a folder loads as: the drawing (its part names), the office's
    own file, and the checks themselves (this module's code, as installed)."""
    def stat(path: Path) -> list[int] | None:
        try:
            found = path.stat()
        except OSError:
            return None
        return [found.st_mtime_ns, found.st_size]

    try:
        with office.open("rb") as handle:
            office_bytes: str | None = handle.read(MAX_FILE_BYTES + 1).hex()
    except OSError:
        office_bytes = None
    return [START_COPY_VERSION, str(svg), stat(svg), str(office), office_bytes,
            stat(Path(__file__)), stat(Path(office_hours.__file__))]


class StartCopy(Record):
    """Content as load_content_traced loaded it, with the answers it was loaded from."""

    content: Content
    answers: tuple[tuple[Any, ...], ...]  # (question, file or folder, answer)
    judges: tuple[Any, ...]


def load_content_traced(root: Path, svg: Path = paths.ILLUSTRATION,
                        office: Path | None = None) -> StartCopy:
    """load_content, noting what it was loaded from, for save_start_copy."""
    root = Path(root)
    office = office if office is not None else paths.office_file()
    judges = _judges(svg, office)
    traced = _Traced(_disk(root))
    content = _load(root, traced, svg, [], office=office)
    return StartCopy(content, tuple(tuple(answer) for answer in traced.answers),
                     tuple(judges))


def save_start_copy(copy: StartCopy, path: Path) -> None:
    """Keep the start copy (as save_last_good keeps its copy). Raises OSError."""
    payload = json.dumps({"content": as_dict(copy.content), "answers": copy.answers,
                          "judges": copy.judges}, default=str, ensure_ascii=False)
    # With its checksum: the copy is shown unchecked, so a copy the disk damaged must show as
    # damaged, not as other words on the screen.
    _write_json(json.dumps({"crc32": zlib.crc32(payload.encode()), "payload": payload}), path)


def load_start_copy(root: Path, path: Path, svg: Path = paths.ILLUSTRATION,
                    office: Path | None = None) -> Content | None:
    """The content the last start loaded from root, if root would load the same today (see
    above); None if anything differs, or there is no usable copy (then: load_content)."""
    root = Path(root)
    office = office if office is not None else paths.office_file()
    try:
        with path.open("rb") as handle:
            kept = json.loads(handle.read(MAX_LAST_GOOD_BYTES).decode("utf-8"))
        if zlib.crc32(kept["payload"].encode()) != kept["crc32"]:
            raise ValueError("its checksum does not match: the file is damaged")
        data = json.loads(kept["payload"])
        if data["judges"] != _judges(svg, office) or data["content"]["root"] != str(root):
            return None
        source = _Disk(root, root.resolve())
        if not _same_answers(source, data["answers"]):
            return None
        return _content_from_json(data["content"])
    except FileNotFoundError:
        return None
    except (OSError, RuntimeError, ValueError, KeyError, TypeError, AttributeError,
            RecursionError) as error:
        log.warning("the start copy %s can't be used (%s); checking the content folder",
                    path, _shown(_reason(error), 80))
        return None


def _load(root: Path, source: _Source, svg: Path, problems: list[Problem],
          office: Path | None = None) -> Content:
    settings_path = root / SETTINGS_FILE
    settings_text = source.read(settings_path, problems)
    settings = _load_settings(settings_path, settings_text, problems)
    if office is not None:
        settings = layer_office(settings, settings_path, office, problems)
    allowed = highlight_names(svg)
    if not allowed:
        log.error("the drawing %s can't be read; topic highlights are not checked "
                  "(reinstall the kiosk's resources)", svg)
    first = _load_language(source, root, settings.language, "language", settings_text,
                           allowed, problems)
    if problems or first is None:
        raise ContentError(_capped(problems))
    # Another language with a problem is left out, and said why; the start language's
    # problems stop the content from being shown at all.
    languages, left_out = [first], []
    for code in settings.languages:
        if code == settings.language:
            continue
        found: list[Problem] = []
        other = _load_language(source, root, code, "languages", settings_text, allowed, found)
        if other is not None:
            _compare_languages(source, first, other, found)
        if found or other is None:
            left_out += _capped(found)
        else:
            languages.append(other)
    return Content(root=root, settings=settings, languages=tuple(languages),
                   left_out=tuple(left_out))


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS_PER_FILE problems a file, then one line saying how many more."""
    kept: list[Problem] = []
    counts: dict[Path, int] = {}
    for problem in problems:
        counts[problem.path] = counts.get(problem.path, 0) + 1
        if counts[problem.path] <= MAX_PROBLEMS_PER_FILE:
            kept.append(problem)
    for path, count in counts.items():
        if count > MAX_PROBLEMS_PER_FILE:
            kept.append(Problem(path, 0, f"and {count - MAX_PROBLEMS_PER_FILE} more problems "
                                "in this file; fix the ones above and check again"))
    return kept


def _load_language(source: _Source, root: Path, code: str, setting: str,
                   settings_text: str | None, allowed: frozenset[str],
                   problems: list[Problem]) -> Language | None:
    folder = root / code
    if not source.is_folder(folder, problems):
        if not any(p.path == folder for p in problems):
            settings = root / SETTINGS_FILE
            problems.append(Problem(settings, _key_line(settings_text, setting),
                                    f"language '{code}' has no folder {folder}; create it "
                                    "(a copy of content/en to translate) or remove it here"))
        return None
    before = len(problems)
    words = _load_words(folder / WORDS_FILE, source.read(folder / WORDS_FILE, problems),
                        problems)
    topics = _load_topics(source, folder, allowed, problems)
    if words is None or len(problems) > before:
        return None
    return Language(code=code, words=words, topics=topics)


def _compare_languages(source: _Source, first: Language, other: Language,
                       problems: list[Problem]) -> None:
    """Every language has the start language's topics, in its order, marking the same parts:
    the kiosk switches between them keeping the patient on the same page."""
    theirs = {topic.slug: topic for topic in other.topics}
    for topic in first.topics:
        twin = theirs.get(topic.slug)
        if twin is None:
            folder = topic.path.parent.parent / other.code
            problems.append(Problem(folder / topic.path.name, 0,
                                    f"this topic is missing in '{other.code}'; copy "
                                    f"{first.code}/{topic.path.name} here and translate it"))
        elif twin.order != topic.order:
            problems.append(Problem(twin.path, _file_key_line(source, twin.path, "order"),
                                    f"order is {twin.order} here but {topic.order} in "
                                    f"{first.code}/{topic.path.name}; use order = {topic.order}"))
        elif twin.highlight != topic.highlight:
            wanted = ", ".join(f'"{part}"' for part in topic.highlight)
            problems.append(Problem(twin.path, _file_key_line(source, twin.path, "highlight"),
                                    f"highlight differs from {first.code}/{topic.path.name}; "
                                    f"use highlight = [{wanted}]"))
        elif bool(twin.teaser) != bool(topic.teaser):
            problems.append(_teaser_problem(source, first, topic, twin))
    ours = {topic.slug for topic in first.topics}
    for twin in other.topics:
        if twin.slug not in ours:
            problems.append(Problem(twin.path, 0, f"there is no {first.code}/{twin.path.name}; "
                                    f"add it there too, or remove this file"))


def log_left_out(content: Content) -> None:
    """Say once why a language the settings offer is not shown."""
    for problem in content.left_out:
        log.error("language left out: %s", problem)


def _teaser_problem(source: _Source, first: Language, topic: Topic, twin: Topic) -> Problem:
    """A teaser in one language and not in the other: the attract screens would differ."""
    where = f"{first.code}/{topic.path.name}"
    if twin.teaser:
        return Problem(twin.path, _file_key_line(source, twin.path, "teaser"),
                       f"this topic has a teaser but {where} has none; add one there too, "
                       "or remove this line")
    return Problem(twin.path, 1, f"{where} has a teaser; add a line teaser = \"...\" here "
                   "too, in this language")


def highlight_names(svg: Path = paths.ILLUSTRATION) -> frozenset[str]:
    """The ids of the illustration's parts that a topic may highlight (none if it can't be
    read: then the kiosk shows the drawing's description instead, and nothing is checked)."""
    try:
        with Path(svg).open("rb") as handle:
            data = handle.read(MAX_SVG_BYTES + 1)
        if len(data) > MAX_SVG_BYTES:
            return frozenset()
    except OSError:
        return frozenset()
    # expat, under ElementTree: the ids are all that is wanted, and ElementTree's modules
    # cost the start 3 ms before the first paint.
    ids: list[str] = []
    parser = expat.ParserCreate()  # our own bundled resource, not patient or web input
    parser.StartElementHandler = lambda _name, attributes: ids.append(attributes.get("id", ""))
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, ValueError):
        return frozenset()
    return frozenset(name for name in ids if name and not name.startswith("deco-"))


def plain_text(markdown: str) -> str:
    """The Markdown body as plain text, the way the kiosk lays it out (needs a QGuiApplication)."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setMarkdown(markdown)
    return document.toPlainText()


# --- TOML ----------------------------------------------------------------------------------


def _parse_toml(text: str, path: Path, problems: list[Problem], first_line: int = 1
                ) -> dict[str, Any] | None:
    import tomllib  # here: a start that finds its start copy unchanged parses no TOML

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"at line (\d+)", str(error))
        line = first_line - 1 + int(match.group(1)) if match else first_line
        reason = re.sub(r"\s*\(at line.*\)", "", str(error))
        problems.append(Problem(path, line, f"{reason}; write it as key = \"text\" "
                                "(text in straight double quotes, numbers bare)"))
    except (ValueError, RecursionError):  # a number of thousands of digits, [[[[... nesting
        problems.append(Problem(path, first_line, "a value here is too long or nested too "
                                "deeply to read; write it as key = \"text\" (text in straight "
                                "double quotes, numbers bare)"))
    return None


@functools.lru_cache(maxsize=32)
def _key_index(text: str, first_line: int) -> Mapping[str, int]:
    """Where each TOML key (and [table]) is first written: one pass over the text."""
    index: dict[str, int] = {}
    for number, line in enumerate(_lines(text), start=first_line):
        match = _pattern(_TOML_KEY).match(line)
        if match is not None:
            key = next(group for group in match.groups() if group is not None)
            index.setdefault(key, number)
            continue
        table = _pattern(_TOML_TABLE).match(line)
        if table is not None:
            index.setdefault(f"[{table.group(1)}]", number)
    return index


def _key_line(text: str | None, key: str, first_line: int = 1) -> int:
    """The line a TOML key is written on, for messages; the first line if not found."""
    if text is None:
        return first_line
    return _key_index(text, first_line).get(key, first_line)


def _file_key_line(source: _Source, path: Path, key: str) -> int:
    """As _key_line, in a file the source has read (a topic's header starts on line 2)."""
    return _key_line(source.texts.get(path), key)


def _unknown_keys(data: Mapping[str, Any], known: Iterable[str], path: Path, text: str,
                  problems: list[Problem], first_line: int = 1) -> None:
    known = tuple(known)
    unknown = [key for key in data if key not in known]
    named = MAX_PROBLEMS_PER_FILE // 2  # and room for the file's other problems
    for key in unknown[:named]:
        import difflib  # here: only a misspelt key needs it, not every start

        guess = difflib.get_close_matches(key, known, n=1) if len(key) <= 40 else []
        hint = f"did you mean '{guess[0]}'?" if guess else f"known keys: {', '.join(known)}"
        problems.append(Problem(path, _key_line(text, key, first_line),
                                f"unknown key '{_shown(key)}'; {hint}"))
    if len(unknown) > named:
        problems.append(Problem(path, first_line, f"and {len(unknown) - named} "
                                f"more unknown keys; known keys: {', '.join(known)}"))


def _one_line_problem(key: str, value: str, limit: int, where: str) -> str | None:
    """What is wrong with a one-line text value (a title, a button's word), or None."""
    hidden = _pattern(_NOT_ONE_LINE).search(value)
    if hidden is not None:
        return (f"'{key}' holds {_codepoint(hidden.group())} (a line break or control "
                "character); write it as one line of plain text")
    length = len(value.strip())
    if length > limit:
        return f"'{key}' is {length} characters; at most {limit} fit {where}: shorten it"
    return None


# --- settings.toml -------------------------------------------------------------------------


def _load_settings(path: Path, text: str | None, problems: list[Problem]) -> Settings:
    fallback = Settings(office_name="")
    data = None if text is None else _parse_toml(text, path, problems)
    if data is None or text is None:
        return fallback
    values = _settings_in(data, path, text, problems)
    if "languages" in values:
        start = values.get("language", fallback.language)
        if start not in values["languages"]:
            problems.append(Problem(path, _key_line(text, "languages"),
                                    f"'languages' does not list the start language '{start}'; "
                                    f"add \"{start}\" to it"))
    _check_tables(path, text, data, values, problems)
    if "office_name" not in data:
        problems.append(Problem(path, 1, "'office_name' is missing; add a line like "
                                "office_name = \"Your office's name\""))
    return replace(fallback, **values)


def _check_tables(path: Path, text: str, data: Mapping[str, Any], values: dict[str, Any],
                  problems: list[Problem]) -> None:
    """The take-home addresses by language agree with the languages and the address for
    the others."""
    fallback = Settings(office_name="")
    if "take_home_urls" in values and "take_home_url" not in data:
        problems.append(Problem(path, _key_line(text, "take_home_urls"),
                                "'take_home_urls' gives languages their own address, but "
                                "'take_home_url' (the address for the others) is missing; "
                                f"add a line like {URL_EXAMPLE}"))
    offered = set(values.get("languages", ())) | {values.get("language", fallback.language)}
    for code, _ in values.get("take_home_urls", ()):
        if code not in offered:
            problems.append(Problem(path, _key_line(text, "take_home_urls"),
                                    f"'take_home_urls' names language '{_shown(code, 20)}', "
                                    "which 'languages' does not offer; remove it or add it "
                                    "to 'languages'"))


def _settings_in(data: Mapping[str, Any], path: Path, text: str,
                 problems: list[Problem]) -> dict[str, Any]:
    """The settings a parsed file (settings.toml, or an office's own) sets, each checked with
    its line: the right ones as Settings holds them (text stripped, lists as tuples, tables as
    pairs); the wrong ones and unknown keys as problems."""
    _unknown_keys(data, SETTINGS_KEYS, path, text, problems)
    values: dict[str, Any] = {}
    for key, kind in SETTINGS_KEYS.items():
        if key not in data:
            continue
        value = data[key]
        wrong = _setting_problem(key, value, kind)
        if wrong:
            problems.append(Problem(path, _key_line(text, key), wrong))
        else:
            values[key] = tuple(value) if isinstance(value, list) else (
                value.strip() if isinstance(value, str) else value)
    _tables_as_pairs(values)
    return values


def _tables_as_pairs(values: dict[str, Any]) -> None:
    """The settings that are tables, kept as (key, value) pairs: Settings stays immutable."""
    for key in ("take_home_urls", "office_hours"):
        if key in values:
            values[key] = tuple((k, v.strip()) for k, v in values[key].items())


def _setting_problem(key: str, value: Any, kind: type | tuple[type, ...]) -> str | None:
    """What is wrong with one setting's value, and the fix; None if it is right."""
    if not _is_kind(value, kind):
        wanted = ("text in double quotes" if kind is str else
                  "a list in [brackets]" if kind is list else
                  "a table in {braces}" if kind is dict else "a number")
        return f"'{key}' must be {wanted}"
    if key == "take_home_url" and not value.strip():
        return ("'take_home_url' is empty; write the office's page for this handout, like "
                f"{URL_EXAMPLE}, or remove the line (then there is no Take it home button)")
    if isinstance(value, str) and not value.strip():
        return f"'{key}' is empty; write it in"
    if key == "office_name":
        return _one_line_problem(key, value, MAX_OFFICE_NAME_CHARS, "at the top of the screen")
    if key == "languages" and not _languages_ok(value):
        return ("'languages' must list language folder names once each, like "
                "languages = [\"en\", \"es\"]")
    if key == "languages" and len(value) > MAX_LANGUAGES:
        return f"'languages' lists {len(value)}; at most {MAX_LANGUAGES} can be offered"
    if key == "language" and not _pattern(LANGUAGE_PATTERN).fullmatch(value):
        return (f"language '{_shown(value)}' is not a language folder name; use a code like "
                "\"en\" or \"es\"")
    if key.endswith("_seconds") and not SECONDS_RANGE[key] <= value <= 3600:
        return (f"'{key}' is {_shown(value)}; use a whole number of seconds from "
                f"{SECONDS_RANGE[key]} to 3600")
    if key == "take_home_url":
        return _url_problem(key, value)
    if key == "take_home_urls":
        return next((f"{wrong} (in 'take_home_urls', for '{_shown(code, 20)}')"
                     for code, url in value.items()
                     if (wrong := _url_problem(key, url) if isinstance(url, str) else
                         "each address must be text in double quotes")), None)
    if key == "office_hours":
        return next((wrong for day, span in value.items()
                     if (wrong := office_hours.span_problem(day, span))), None)
    return _number_problem(key, value)


def _number_problem(key: str, value: Any) -> str | None:
    """What is wrong with a number setting's size, and the fix; None if it is right."""
    if key == "screen_diagonal_inches" and value != 0 and not 5 <= value <= 100:
        return (f"'{key}' is {_shown(value)}; use the screen's diagonal in inches (5 to 100), "
                "or 0 to ask the screen")
    if key == "voice_volume" and not VOICE_VOLUME_RANGE[0] <= value <= VOICE_VOLUME_RANGE[1]:
        return (f"'{key}' is {_shown(value)}; use a whole number from {VOICE_VOLUME_RANGE[0]} "
                f"to {VOICE_VOLUME_RANGE[1]} (per cent of full volume)")
    return None


def _url_problem(key: str, url: str) -> str | None:
    """A take-home address is the office's own https page: one line, no spaces, short enough
    for a QR code a phone reads from across a desk."""
    url = url.strip()
    hidden = re.search(r"[^\x21-\x7e]", url)
    if hidden is not None:
        return (f"'{key}' holds {_codepoint(hidden.group())}; write the address as one line "
                "of plain letters, digits and punctuation, like " + URL_EXAMPLE)
    if not url.lower().startswith("https://") or len(url) <= len("https://") \
            or url[len("https://"):][:1] in "/?#":
        return (f"'{key}' is '{_shown(url, 60)}'; use the office's secure web address, "
                f"starting https://, like {URL_EXAMPLE}")
    host = re.split(r"[/?#]", url[len("https://"):], maxsplit=1)[0]
    if "@" in host or "." not in host:
        return (f"'{key}' is '{_shown(url, 60)}'; give the web site's name after https://, "
                f"like {URL_EXAMPLE}")
    if len(url) > MAX_URL_CHARS:
        return (f"'{key}' is {len(url)} characters; at most {MAX_URL_CHARS} make a QR code a "
                "phone can read: use a shorter address for the page")
    return None


def _languages_ok(value: list[Any]) -> bool:
    return bool(value) and all(
        isinstance(code, str) and _pattern(LANGUAGE_PATTERN).fullmatch(code) for code in value
    ) and len(set(value)) == len(value)


def _is_kind(value: object, kind: type | tuple[type, ...]) -> bool:
    """Whether a TOML value is of the wanted kind (true and false are not numbers here)."""
    return not isinstance(value, bool) and isinstance(value, kind)


# --- the office's own settings (office.toml) ------------------------------------------------


def layer_office(settings: Settings, shared: Path, office: Path,
                 problems: list[Problem]) -> Settings:
    """settings.toml's settings with the office's own file laid over them, key by key.

    What is the same in every office (topics, words, the shared settings) syncs from one
    place; what belongs to one office (its name, its screen, ...) lives in a file on that PC
    that sync never touches (/etc/kiosk/office.toml). It may hold any key settings.toml may,
    checked the same way, with its own file and line. A missing file is no problem."""
    try:
        with office.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return settings
    except OSError as error:
        problems.append(Problem(office, 0, f"can't read this file ({_reason(error)}); check "
                                "the kiosk's user can read it, or remove it"))
        return settings
    if len(data) > MAX_FILE_BYTES:
        problems.append(_too_big(office, len(data)))
        return settings
    try:
        text = _clean_text(office, data.decode("utf-8"), problems)
    except UnicodeDecodeError as error:
        problems.append(Problem(office, data.count(b"\n", 0, error.start) + 1,
                                "this line is not UTF-8 text; save the file as UTF-8"))
        return settings
    parsed = None if text is None else _parse_toml(text, office, problems)
    if parsed is None or text is None:
        return settings
    values = _settings_in(parsed, office, text, problems)
    if "office_name" in values:
        # The shared settings of a group need not name an office: each office names itself.
        problems[:] = [p for p in problems
                       if not (p.path == shared and p.message.startswith("'office_name' is "
                                                                          "missing"))]
    layered = replace(settings, **values)
    if layered.languages and layered.language not in layered.languages:
        key = "language" if "language" in values else "languages"
        problems.append(Problem(office, _key_line(text, key), f"'languages' does not list "
                                f"the start language '{layered.language}'; make them agree"))
    _check_office_addresses(layered, values, office, text, problems)
    return layered


def _check_office_addresses(layered: Settings, values: Mapping[str, Any], office: Path,
                            text: str, problems: list[Problem]) -> None:
    """The take-home addresses by language still agree with the languages offered, and
    with an address for the others, once the office's file has changed any of them (the
    shared file's own are checked with it)."""
    if "take_home_urls" in values and not layered.take_home_url:
        problems.append(Problem(office, _key_line(text, "take_home_urls"),
                                "'take_home_urls' gives languages their own address, but "
                                "neither this file nor settings.toml has 'take_home_url' "
                                f"(the address for the others); add a line like {URL_EXAMPLE}"))
    changed = [key for key in ("take_home_urls", "languages", "language") if key in values]
    if not changed:
        return
    offered = set(layered.languages) | {layered.language}
    for code, _ in layered.take_home_urls:
        if code not in offered:
            problems.append(Problem(office, _key_line(text, changed[0]),
                                    f"'take_home_urls' names language '{_shown(code, 20)}', "
                                    "which 'languages' does not offer on this PC; remove it "
                                    "or add it to 'languages'"))


# --- words.toml ----------------------------------------------------------------------------


def _load_words(path: Path, text: str | None, problems: list[Problem]) -> Words | None:
    data = None if text is None else _parse_toml(text, path, problems)
    if data is None or text is None:
        return None
    _unknown_keys(data, (*WORD_KEYS, "heads"), path, text, problems)
    values: dict[str, Any] = {}
    before = len(problems)
    for key, placeholders in WORD_KEYS.items():
        value = data.get(key)
        line = _key_line(text, key)
        if value is None:
            problems.append(Problem(path, 1, f"'{key}' is missing; add a line "
                                    f"{key} = \"...\" (see the bundled words.toml)"))
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(path, line, f"'{key}' must be text in double quotes"))
            continue
        wrong = _word_problem(key, value, placeholders)
        if wrong:
            problems.append(Problem(path, line, wrong))
        values[key] = value.strip()
    heads = data.get("heads")
    head_keys = tuple(str(n) for n in range(1, HEAD_COUNT + 1))
    if not isinstance(heads, dict) or set(heads) != set(head_keys) or not all(
            isinstance(v, str) and v.strip() for v in heads.values()):
        problems.append(Problem(path, _key_line(text, "[heads]"),
                                "[heads] must name the five metatarsal heads, one line each: "
                                "1 = \"...\" to 5 = \"...\""))
    else:
        for number in head_keys:
            wrong = _one_line_problem(f"heads {number}", heads[number], *HEAD_LIMIT)
            if wrong:
                problems.append(Problem(path, _head_line(text, number), wrong))
    if len(problems) > before or not isinstance(heads, dict):
        return None
    return Words(**values, heads=tuple(heads[k].strip() for k in head_keys))


def _head_line(text: str, number: str) -> int:
    """The line of `number = ...` in the [heads] table."""
    start = _key_line(text, "[heads]")
    below = "\n".join(_lines(text)[start:])
    return _key_line(below, number, start + 1) if below else start


def _word_problem(key: str, value: str, placeholders: tuple[str, ...]) -> str | None:
    """One line, its placeholders bare, and short enough once filled in with the widest
    numbers (the length of what the screen shows)."""
    limit, where = WORD_LIMITS[key]
    wrong = _one_line_problem(key, value, len(value), where) or _placeholder_problem(
        key, value, placeholders)
    if wrong:
        return wrong
    shown = value.format(**{name: SAMPLE_VALUES[name] for name in placeholders}) \
        if placeholders else value
    length = len(shown.strip())
    if length > limit:
        filled = f" filled in (\"{_shown(shown.strip(), 30)}\")" if placeholders else ""
        return f"'{key}' is {length} characters{filled}; at most {limit} fit {where}: shorten it"
    return None


def _placeholder_problem(key: str, text: str, wanted: tuple[str, ...]) -> str | None:
    """Whether text keeps exactly its {placeholders}, written bare, and can be filled in."""
    try:
        fields = [(name, spec, conversion)
                  for _, name, spec, conversion in string.Formatter().parse(text)
                  if name is not None]
    except ValueError:
        return f"'{key}': a {{ or }} is unbalanced; keep {{name}} placeholders whole"
    for name, spec, conversion in fields:
        if spec or conversion:
            written = "{" + name + (f"!{conversion}" if conversion else "") + (
                f":{spec}" if spec else "") + "}"
            return (f"'{key}': the placeholder {_shown(written, 30)} has a format the kiosk "
                    f"can't use; write just {{{_shown(name, 20)}}}")
    used = {name for name, _, _ in fields}
    missing = [name for name in wanted if name not in used]
    unknown = sorted(used - set(wanted))
    if missing:
        return f"'{key}': keep the placeholder " + ", ".join("{" + m + "}" for m in missing)
    if unknown:
        return f"'{key}': unknown placeholder " + ", ".join(
            "{" + _shown(u, 20) + "}" for u in unknown[:5]) + (
            "; use only " + ", ".join("{" + w + "}" for w in wanted) if wanted else
            "; remove the braces")
    if wanted:
        try:
            text.format(**{name: SAMPLE_VALUES[name] for name in wanted})
        except (ValueError, KeyError, IndexError, AttributeError, TypeError) as error:
            return f"'{key}' can't be filled in ({_shown(error, 60)}); write {{name}} bare"
    return None


# --- topics --------------------------------------------------------------------------------


def _load_topics(source: _Source, folder: Path, allowed_highlights: frozenset[str],
                 problems: list[Problem]) -> tuple[Topic, ...]:
    files = [p for p in source.files(folder, problems)
             if p.suffix == ".md" and not p.name.startswith(("#", "~"))]
    if not files:
        if not any(p.path == folder for p in problems):
            problems.append(Problem(folder, 0, "no topics here; add files like 01-what-is-it.md"))
        return ()
    if len(files) > MAX_TOPICS:
        problems.append(Problem(folder, 0, f"{len(files)} topics; at most {MAX_TOPICS} fit on "
                                "the home screen: merge some or move one out of the folder"))
        files = files[:2 * MAX_TOPICS]  # enough to name what else is wrong, in bounded time
    topics: list[Topic] = []
    for path in files:
        topic = _load_topic(path, source.read(path, problems), allowed_highlights, problems)
        if topic is not None:
            topics.append(topic)
    seen: dict[int, Topic] = {}
    for topic in topics:
        if topic.order in seen:
            problems.append(Problem(topic.path, _file_key_line(source, topic.path, "order"),
                                    f"order {topic.order} is also used by "
                                    f"{seen[topic.order].path.name}; "
                                    "give each topic its own number"))
        seen[topic.order] = topic
    return tuple(sorted(topics, key=lambda t: t.order))


def _load_topic(path: Path, text: str | None, allowed_highlights: frozenset[str],
                problems: list[Problem]) -> Topic | None:
    if text is None:
        return None
    lines = _lines(text)
    if lines[0].strip() != HEADER_FENCE:
        problems.append(Problem(path, 1, f"a topic must start with a line of {HEADER_FENCE}, "
                                "then title, subtitle, order, highlight and picture, "
                                f"then another line of {HEADER_FENCE}"))
        return None
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == HEADER_FENCE)
    except StopIteration:
        problems.append(Problem(path, len(lines), f"the header is never closed; add a line "
                                f"of {HEADER_FENCE} after the picture line"))
        return None
    header_text = "\n".join(lines[1:end])
    before = len(problems)
    header = _parse_toml(header_text, path, problems, first_line=2)
    if header is None:
        return None
    _unknown_keys(header, TOPIC_KEYS, path, header_text, problems, first_line=2)

    def line_of(key: str) -> int:
        return _key_line(header_text, key, first_line=2)

    def text_value(key: str, limit: int, where: str) -> str:
        value = header.get(key)
        if value is None:
            problems.append(Problem(path, end + 1, f"'{key}' is missing; add a line "
                                    f"{key} = \"...\" before the closing {HEADER_FENCE}"))
        elif not isinstance(value, str) or not value.strip():
            problems.append(Problem(path, line_of(key), f"'{key}' must be text in double quotes"))
        elif wrong := _one_line_problem(key, value, limit, where):
            problems.append(Problem(path, line_of(key), wrong))
        else:
            return value.strip()
        return ""

    title = text_value("title", MAX_TITLE_CHARS, "on a button")
    subtitle = text_value("subtitle", MAX_SUBTITLE_CHARS, "on a button")
    picture = text_value("picture", MAX_PICTURE_CHARS, "under the drawing")
    order = header.get("order")
    if isinstance(order, bool) or not isinstance(order, int) or not 1 <= order <= 999:
        problems.append(Problem(path, line_of("order") if "order" in header else end + 1,
                                "'order' must be a whole number from 1 up (to 999), "
                                "like order = 3"))
    highlight = _highlight(header, path, line_of("highlight"), allowed_highlights, problems)
    teaser = text_value("teaser", MAX_TEASER_CHARS, "on the attract screen") \
        if "teaser" in header else ""  # optional: a topic without one is left out there
    body = "\n".join(lines[end + 1:]).strip()
    _check_body(path, lines, end + 1, problems)
    if len(problems) > before or not isinstance(order, int):
        return None
    return Topic(slug=path.stem, title=title, subtitle=subtitle, order=order,
                 highlight=highlight, picture=picture, body=body, path=path, teaser=teaser)


def _highlight(header: Mapping[str, Any], path: Path, line: int, allowed: frozenset[str],
               problems: list[Problem]) -> tuple[str, ...]:
    highlight = header.get("highlight", [])
    if not isinstance(highlight, list) or not all(isinstance(h, str) for h in highlight):
        problems.append(Problem(path, line, "'highlight' must be a list of part names, like "
                                "highlight = [\"metatarsal-heads\", \"fat-pad\"]"))
        return ()
    if len(set(highlight)) != len(highlight):
        problems.append(Problem(path, line, "'highlight' names a part twice; name each once"))
    if not allowed:  # the drawing can't be read: nothing to check against (logged once)
        return tuple(highlight)
    for name in [name for name in highlight if name not in allowed][:MAX_PROBLEMS_PER_FILE]:
        import difflib  # here: only a misspelt name needs it

        guess = (difflib.get_close_matches(name, sorted(allowed), n=1)
                 if len(name) <= 40 else [])
        hint = (f"did you mean '{guess[0]}'?" if guess else
                "known parts: " + ", ".join(sorted(allowed)))
        problems.append(Problem(path, line, f"the picture has no part '{_shown(name)}'; {hint}"))
    return tuple(highlight)


def _check_body(path: Path, lines: list[str], start: int, problems: list[Problem]) -> None:
    body_lines = lines[start:]
    if not any(_words_of(line) for line in body_lines):
        problems.append(Problem(path, start + 1, "the topic has no text; write it below "
                                f"the second {HEADER_FENCE} line"))
    for number, line in enumerate(body_lines, start=start + 1):
        wrong = _line_problem(line)
        if wrong:
            problems.append(Problem(path, number, wrong))
    words = len(" ".join(body_lines).split())
    if words > MAX_TOPIC_WORDS:
        problems.append(Problem(path, start + 1, f"the text is {words} words; at most "
                                f"{MAX_TOPIC_WORDS} fit on one screen: shorten it or split it "
                                "into two topics"))


def _line_problem(line: str) -> str | None:
    """What one line of a topic's text may not hold, and the fix; None if it is fine.

    The length is bounded first, so that every look after it is short."""
    if len(line) > MAX_LINE_CHARS:
        return (f"this line is {len(line)} characters; at most {MAX_LINE_CHARS} fit in one "
                "paragraph: break it into shorter paragraphs with a blank line between")
    image, *others = FORBIDDEN_MARKDOWN
    if _pattern(image[0], image[1]).search(line):
        return image[2]
    opening = line.find("[")
    if opening >= 0 and _pattern(_LINK_END).search(line, opening):
        return LINK_MESSAGE
    for pattern, flags, fix in others:
        if _pattern(pattern, flags).search(line):
            return fix
    return _structure_problem(line)


def _words_of(line: str) -> bool:
    """Whether a line of the text has anything to read once its list markers are taken off
    (a list item's number is drawn as its marker, not read as its words)."""
    rest = line.lstrip(" \t")
    while (marker := _pattern(_LIST_MARKER).match(rest)) is not None:
        rest = rest[marker.end():]
    return any(char.isalnum() for char in rest)


def _structure_problem(line: str) -> str | None:
    """Quotes, code, rules, headings made by underlining, and lists deeper than two."""
    rest = line.lstrip(" \t")
    if not rest:
        return None
    if rest.startswith(("```", "~~~")):
        return "code blocks are not allowed; write the words as a paragraph"
    indent = len(line[:len(line) - len(rest)].expandtabs(4))
    if indent >= 4:
        return ("this line is indented by 4 or more spaces, which shows it as code or as a "
                "third level of list; indent a list inside a list by 2 spaces, no more")
    if set(rest) <= _ONLY_MARKS:
        return ("this line holds only marks (- = * _ and the like), which draw a line across "
                "or turn the line above into a heading; remove it or write words")
    depth = 1 if indent >= 2 else 0
    markers = 0
    while (marker := _pattern(_LIST_MARKER).match(rest)) is not None:
        markers += 1
        rest = rest[marker.end():]
    if markers and depth + markers > MAX_LIST_DEPTH:
        return (f"lists go at most {MAX_LIST_DEPTH} deep (a list, and a list inside it); "
                "move this item up a level")
    if not any(char.isalnum() for char in rest):  # a list item's number is not its words
        return "this line has no words (only signs or spaces); write words, or remove it"
    if rest.startswith(">"):
        return "quotes (lines starting with >) are not allowed; write the words as a paragraph"
    if markers and rest.startswith(("```", "~~~")):
        return "code blocks are not allowed; write the words as a paragraph"
    if markers and rest.startswith(("#", "|")):
        return "headings and tables are not allowed in a list; write the item's words"
    return None


# --- the last good copy --------------------------------------------------------------------


def save_last_good(content: Content, path: Path) -> None:
    """Keep a copy of valid content so a later broken edit can't stop the kiosk from starting.
    Raises OSError when the state folder can't be made or written."""
    text = json.dumps(as_dict(content), default=str, ensure_ascii=False)
    # Most starts and reloads keep the same content: spare the disk (an SD card, often) the write.
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    _write_json(text, path)


def _write_json(text: str, path: Path) -> None:
    paths.make_state_dir(path.parent)
    # Written to a temporary file and renamed, so a crash never leaves half a copy.
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                     prefix=f".{path.stem}-", suffix=".tmp") as handle:
        try:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        except OSError:
            handle.close()
            Path(handle.name).unlink(missing_ok=True)
            raise
    try:
        Path(handle.name).replace(path)
    except OSError:
        Path(handle.name).unlink(missing_ok=True)
        raise


def load_last_good(path: Path, svg: Path = paths.ILLUSTRATION) -> Content | None:
    """The last good copy saved by save_last_good, checked again exactly as load_content checks
    a content folder; None (and a log line saying why) if there is none or it is unusable."""
    try:
        with path.open("rb") as handle:
            stored = _content_from_json(
                json.loads(handle.read(MAX_LAST_GOOD_BYTES).decode("utf-8")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        log.error("the last good copy %s can't be used (%s); there is no last good copy",
                  path, _shown(_reason(error), 80))
        return None
    try:
        checked = _check_again(stored, svg)
    except ContentError as error:
        log.error("the last good copy %s is not valid content (%s); there is no last good copy",
                  path, error.problems[0] if error.problems else "no reason")
        return None
    if checked is None:
        log.error("the last good copy %s does not read back as it was written; there is no "
                  "last good copy", path)
    return checked


def _content_from_json(data: dict[str, Any]) -> Content:
    settings = data["settings"]
    return Content(
        root=Path(data["root"]),
        settings=Settings(**{**settings, "languages": tuple(settings["languages"]),
                             **{key: tuple(tuple(pair) for pair in settings.get(key, ()))
                                for key in ("take_home_urls", "office_hours")}}),
        languages=tuple(_language_from_json(lang) for lang in data["languages"]),
        left_out=tuple(Problem(Path(p["path"]), p["line"], p["message"])
                       for p in data["left_out"]),
    )


def _language_from_json(data: dict[str, Any]) -> Language:
    words = data["words"]
    return Language(
        code=data["code"],
        words=Words(**{**words, "heads": tuple(words["heads"])}),
        topics=tuple(Topic(**{**t, "highlight": tuple(t["highlight"]), "path": Path(t["path"])})
                     for t in data["topics"]))


def _check_again(content: Content, svg: Path) -> Content | None:
    """The content written out as the files it came from and loaded from them with every
    check of load_content; None if what loads is not what was stored."""
    files = _as_files(content)
    if files is None:
        return None
    loaded = _load(content.root, _Memory(files), svg, [])
    shown = tuple(lang.code for lang in content.languages)
    kept = tuple(lang for lang in loaded.languages if lang.code in shown)
    if loaded.settings != content.settings or kept != content.languages:
        return None
    return replace(content, languages=kept)


def _as_files(content: Content) -> dict[Path, str] | None:
    def toml(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string or number is TOML's too

    settings = as_dict(content.settings)
    if not settings["languages"]:
        del settings["languages"]
    for key in ("take_home_url", "take_home_urls", "office_hours"):  # unset: left out, as in
        if not settings[key]:  # the office's own file (an empty address is refused)
            del settings[key]
        elif key != "take_home_url":  # a TOML inline table, which JSON's {"a": 1} is not
            settings[key] = {k: v for k, v in settings[key]}
    root = content.root
    files = {root / SETTINGS_FILE: "".join(
        f"{k} = {_toml_table(v) if isinstance(v, dict) else toml(v)}\n"
        for k, v in settings.items())}
    for language in content.languages:
        folder = root / str(language.code)
        words = as_dict(language.words)
        heads = words.pop("heads")
        files[folder / WORDS_FILE] = "".join(f"{k} = {toml(v)}\n" for k, v in words.items()) + (
            "[heads]\n" + "".join(f"{n} = {toml(v)}\n" for n, v in enumerate(heads, start=1)))
        for topic in language.topics:
            if topic.path.parent != folder or topic.path.stem != topic.slug:
                return None
            header = {"title": topic.title, "subtitle": topic.subtitle, "order": topic.order,
                      "highlight": list(topic.highlight), "picture": topic.picture}
            if topic.teaser:
                header["teaser"] = topic.teaser
            files[topic.path] = (f"{HEADER_FENCE}\n"
                                 + "".join(f"{k} = {toml(v)}\n" for k, v in header.items())
                                 + f"{HEADER_FENCE}\n{topic.body}\n")
    return files


def _toml_table(table: Mapping[str, str]) -> str:
    """An inline TOML table of strings: { mon = "08:00-17:30" }."""
    return "{ " + ", ".join(f"{json.dumps(k)} = {json.dumps(v, ensure_ascii=False)}"
                            for k, v in table.items()) + " }"
