"""Loads and validates the content folder into an immutable model the screens read.

Layout of a content folder::

    content/
      settings.toml        the office's settings (name, languages, time-outs)
      en/                  one folder per language the kiosk offers
        words.toml         the words on buttons and screens
        01-what-is-it.md   one file per topic: a TOML header between +++ lines, then Markdown

Every problem is reported as ``file:line: what is wrong, and what would be right``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import json
import logging
import os
import re
import string
import tempfile
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk import paths

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 64 * 1024
MAX_TOPICS = 8  # the home screen is laid out to show this many buttons without scrolling
MAX_TOPIC_WORDS = 170  # about one screen at the default text size on a 21.5-inch screen
MAX_TITLE_CHARS = 26
MAX_SUBTITLE_CHARS = 34
HEADER_FENCE = "+++"
LANGUAGE_PATTERN = re.compile(r"[a-z]{2}(-[A-Za-z]{2})?")
SETTINGS_FILE = "settings.toml"
WORDS_FILE = "words.toml"
HEAD_COUNT = 5


@dataclass(frozen=True)
class Problem:
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


@dataclass(frozen=True)
class Settings:
    office_name: str
    language: str = "en"  # the language each visit starts in
    languages: tuple[str, ...] = ()  # the languages offered, in order; () means just `language`
    still_reading_seconds: int = 60
    countdown_seconds: int = 20
    attract_seconds: int = 300
    screen_diagonal_inches: float = 0.0  # 0: trust what the screen reports


@dataclass(frozen=True)
class Words:
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
    heads: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    subtitle: str
    order: int
    highlight: tuple[str, ...]
    picture: str
    body: str
    path: Path


@dataclass(frozen=True)
class Language:
    """One language's words and topics."""

    code: str
    words: Words
    topics: tuple[Topic, ...]


@dataclass(frozen=True)
class Content:
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
}
TOPIC_KEYS = ("title", "subtitle", "order", "highlight", "picture")
# The shortest each time-out may be. The countdown gives everyone 20 s to answer (WCAG 2.2.1).
SECONDS_RANGE = {"still_reading_seconds": 5, "countdown_seconds": 20, "attract_seconds": 5}
SETTINGS_KEYS: Mapping[str, type | tuple[type, ...]] = {
    "office_name": str,
    "language": str,
    "languages": list,
    "still_reading_seconds": int,
    "countdown_seconds": int,
    "attract_seconds": int,
    "screen_diagonal_inches": (int, float),
}

# Markdown the kiosk refuses, and what to do instead. Links could lead a patient out of the app.
FORBIDDEN_MARKDOWN = (
    (re.compile(r"!\["),
     "images are not shown in the text; remove it (the foot picture is automatic)"),
    (re.compile(r"\[[^\]]*\]\s*\("), "links are not allowed; write the words without the link"),
    (re.compile(r"<\s*[a-zA-Z]+:|\bhttps?://|\bwww\.|\bmailto:|\bfile:", re.I),
     "web or file addresses are not allowed; remove the address"),
    (re.compile(r"<\s*/?\s*[a-zA-Z!]"), "HTML tags are not allowed; use plain text and **bold**"),
    (re.compile(r"^\s{0,3}#"),
     "headings are not allowed in the text; the title comes from the header"),
    (re.compile(r"^\s*\|"), "tables are not allowed; use a bullet list (lines starting with '- ')"),
    (re.compile(r"^\s*\[[^\]]*\]:"), "link definitions are not allowed; remove the line"),
)


def load_content(root: Path, svg: Path = paths.ILLUSTRATION) -> Content:
    """Load and validate a content folder; raise ContentError listing every problem."""
    problems: list[Problem] = []
    root = Path(root)
    if not root.is_dir():
        raise ContentError([Problem(root, 0, "the content folder is missing; "
                                    "create it or give the right folder")])
    real_root = root.resolve()
    settings = _load_settings(root / SETTINGS_FILE, real_root, problems)
    allowed = highlight_names(svg)
    first = _load_language(root, settings.language, real_root, allowed, problems)
    if problems or first is None:
        raise ContentError(problems)
    # Another language with a problem is left out, and said why; the start language's
    # problems stop the content from being shown at all.
    languages, left_out = [first], []
    for code in settings.languages:
        if code == settings.language:
            continue
        found: list[Problem] = []
        other = _load_language(root, code, real_root, allowed, found)
        if other is not None:
            _compare_languages(first, other, found)
        if found or other is None:
            left_out += found
        else:
            languages.append(other)
    return Content(root=root, settings=settings, languages=tuple(languages),
                   left_out=tuple(left_out))


def _load_language(root: Path, code: str, real_root: Path, allowed: frozenset[str],
                   problems: list[Problem]) -> Language | None:
    folder = root / code
    if not folder.is_dir():
        settings = root / SETTINGS_FILE
        key = "languages" if code != _language_setting(settings) else "language"
        problems.append(Problem(settings, _key_line(settings, key),
                                f"language '{code}' has no folder {folder}; create it "
                                "(a copy of content/en to translate) or remove it here"))
        return None
    before = len(problems)
    words = _load_words(folder / WORDS_FILE, real_root, problems)
    topics = _load_topics(folder, real_root, allowed, problems)
    if words is None or len(problems) > before:
        return None
    return Language(code=code, words=words, topics=topics)


def _language_setting(path: Path) -> str:
    try:
        return str(tomllib.loads(path.read_text(encoding="utf-8")).get("language", "en"))
    except (OSError, ValueError):
        return "en"


def _compare_languages(first: Language, other: Language, problems: list[Problem]) -> None:
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
            problems.append(Problem(twin.path, _key_line(twin.path, "order"),
                                    f"order is {twin.order} here but {topic.order} in "
                                    f"{first.code}/{topic.path.name}; use order = {topic.order}"))
        elif twin.highlight != topic.highlight:
            wanted = ", ".join(f'"{part}"' for part in topic.highlight)
            problems.append(Problem(twin.path, _key_line(twin.path, "highlight"),
                                    f"highlight differs from {first.code}/{topic.path.name}; "
                                    f"use highlight = [{wanted}]"))
    ours = {topic.slug for topic in first.topics}
    for twin in other.topics:
        if twin.slug not in ours:
            problems.append(Problem(twin.path, 0, f"there is no {first.code}/{twin.path.name}; "
                                    f"add it there too, or remove this file"))


def log_left_out(content: Content) -> None:
    """Say once why a language the settings offer is not shown."""
    for problem in content.left_out:
        log.error("language left out: %s", problem)


def highlight_names(svg: Path = paths.ILLUSTRATION) -> frozenset[str]:
    """The ids of the illustration's parts that a topic may highlight."""
    try:
        tree = ET.parse(svg)  # noqa: S314 - our own bundled resource, not patient or web input
    except (OSError, ET.ParseError):
        return frozenset()
    return frozenset(
        element.get("id", "") for element in tree.iter()
        if element.get("id") and not element.get("id", "").startswith("deco-")
    )


def plain_text(markdown: str) -> str:
    """The Markdown body as plain text, the way the kiosk lays it out (needs a QGuiApplication)."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setMarkdown(markdown)
    return document.toPlainText()


# --- reading files -------------------------------------------------------------------------


def _read_text(path: Path, real_root: Path, problems: list[Problem]) -> str | None:
    """The file's text, or None after recording why it can't be used."""
    if not _inside(path.resolve(), real_root):
        problems.append(Problem(path, 0, "this file points outside the content folder; "
                                "replace the link with a real file inside the folder"))
        return None
    if not path.is_file():
        problems.append(Problem(path, 0, "this file is missing; create it "
                                "(see the README for what it holds)"))
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(path, 0, f"this file is {size} bytes; at most "
                                    f"{MAX_FILE_BYTES} fit: shorten it"))
            return None
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(path, 0, f"can't read this file ({error.strerror}); "
                                "check it exists and can be read"))
        return None
    if not data.strip():
        problems.append(Problem(path, 1, "this file is empty; put its text back "
                                "or restore it from the bundled content"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.append(Problem(path, line, "this line is not UTF-8 text; save the file "
                                "as UTF-8 in your editor"))
        return None
    return text.removeprefix("\ufeff")


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _parse_toml(text: str, path: Path, problems: list[Problem], first_line: int = 1
                ) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"at line (\d+)", str(error))
        line = first_line - 1 + int(match.group(1)) if match else first_line
        reason = re.sub(r"\s*\(at line.*\)", "", str(error))
        problems.append(Problem(path, line, f"{reason}; write it as key = \"text\" "
                                "(text in straight double quotes, numbers bare)"))
        return None


def _key_line(path: Path, key: str, text: str | None = None, first_line: int = 1) -> int:
    """The line a TOML key is written on, for messages; the first line if not found."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return first_line
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for number, line in enumerate(text.splitlines(), start=first_line):
        if pattern.match(line):
            return number
    return first_line


def _unknown_keys(data: Mapping[str, Any], known: Iterable[str], path: Path, text: str,
                  problems: list[Problem], first_line: int = 1) -> None:
    known = tuple(known)
    for key in data:
        if key not in known:
            guess = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else f"known keys: {', '.join(known)}"
            problems.append(Problem(path, _key_line(path, key, text, first_line),
                                    f"unknown key '{key}'; {hint}"))


# --- settings.toml -------------------------------------------------------------------------


def _load_settings(path: Path, real_root: Path, problems: list[Problem]) -> Settings:
    fallback = Settings(office_name="")
    text = _read_text(path, real_root, problems)
    data = None if text is None else _parse_toml(text, path, problems)
    if data is None or text is None:
        return fallback
    _unknown_keys(data, SETTINGS_KEYS, path, text, problems)
    values: dict[str, Any] = {}
    for key, kind in SETTINGS_KEYS.items():
        if key not in data:
            continue
        value = data[key]
        wrong = _setting_problem(key, value, kind)
        if wrong:
            problems.append(Problem(path, _key_line(path, key, text), wrong))
        else:
            values[key] = value
    if "languages" in values:
        values["languages"] = tuple(values["languages"])
        start = values.get("language", fallback.language)
        if start not in values["languages"]:
            problems.append(Problem(path, _key_line(path, "languages", text),
                                    f"'languages' does not list the start language '{start}'; "
                                    f"add \"{start}\" to it"))
    if "office_name" not in data:
        problems.append(Problem(path, 1, "'office_name' is missing; add a line like "
                                "office_name = \"Your office's name\""))
    return dataclasses.replace(fallback, **values)


def _setting_problem(key: str, value: Any, kind: type | tuple[type, ...]) -> str | None:
    """What is wrong with one setting's value, and the fix; None if it is right."""
    if not _is_kind(value, kind):
        wanted = "a number" if kind is not str else "text in double quotes"
        return f"'{key}' must be {wanted}"
    if isinstance(value, str) and not value.strip():
        return f"'{key}' is empty; write it in"
    if key == "languages" and not _languages_ok(value):
        return ("'languages' must list language folder names once each, like "
                "languages = [\"en\", \"es\"]")
    if key == "language" and not LANGUAGE_PATTERN.fullmatch(value):
        return (f"language '{value}' is not a language folder name; use a code like \"en\" "
                "or \"es\"")
    if key.endswith("_seconds") and not SECONDS_RANGE[key] <= value <= 3600:
        return (f"'{key}' is {value}; use a whole number of seconds from "
                f"{SECONDS_RANGE[key]} to 3600")
    if key == "screen_diagonal_inches" and value != 0 and not 5 <= value <= 100:
        return (f"'{key}' is {value}; use the screen's diagonal in inches (5 to 100), or 0 to "
                "ask the screen")
    return None


def _languages_ok(value: list[Any]) -> bool:
    return bool(value) and len(set(value)) == len(value) and all(
        isinstance(code, str) and LANGUAGE_PATTERN.fullmatch(code) for code in value)


def _is_kind(value: object, kind: type | tuple[type, ...]) -> bool:
    """Whether a TOML value is of the wanted kind (true and false are not numbers here)."""
    return not isinstance(value, bool) and isinstance(value, kind)


# --- words.toml ----------------------------------------------------------------------------


def _load_words(path: Path, real_root: Path, problems: list[Problem]) -> Words | None:
    text = _read_text(path, real_root, problems)
    data = None if text is None else _parse_toml(text, path, problems)
    if data is None or text is None:
        return None
    _unknown_keys(data, (*WORD_KEYS, "heads"), path, text, problems)
    values: dict[str, Any] = {}
    before = len(problems)
    for key, placeholders in WORD_KEYS.items():
        value = data.get(key)
        line = _key_line(path, key, text)
        if value is None:
            problems.append(Problem(path, 1, f"'{key}' is missing; add a line "
                                    f"{key} = \"...\" (see the bundled words.toml)"))
        elif not isinstance(value, str) or not value.strip():
            problems.append(Problem(path, line, f"'{key}' must be text in double quotes"))
        else:
            wrong = _placeholder_problem(value, placeholders)
            if wrong:
                problems.append(Problem(path, line, f"'{key}': {wrong}"))
            values[key] = value.strip()
    heads = data.get("heads")
    head_keys = tuple(str(n) for n in range(1, HEAD_COUNT + 1))
    if not isinstance(heads, dict) or set(heads) != set(head_keys) or not all(
            isinstance(v, str) and v.strip() for v in heads.values()):
        problems.append(Problem(path, _key_line(path, "[heads]", text),
                                "[heads] must name the five metatarsal heads, one line each: "
                                "1 = \"...\" to 5 = \"...\""))
    if len(problems) > before or not isinstance(heads, dict):
        return None
    return Words(**values, heads=tuple(heads[k].strip() for k in head_keys))


def _placeholder_problem(text: str, wanted: tuple[str, ...]) -> str | None:
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return "a { or } is unbalanced; keep {name} placeholders whole"
    missing = [name for name in wanted if name not in used]
    unknown = sorted(used - set(wanted))
    if missing:
        return "keep the placeholder " + ", ".join("{" + m + "}" for m in missing)
    if unknown:
        return "unknown placeholder " + ", ".join("{" + u + "}" for u in unknown) + (
            "; use only " + ", ".join("{" + w + "}" for w in wanted) if wanted else
            "; remove the braces")
    return None


# --- topics --------------------------------------------------------------------------------


def _load_topics(folder: Path, real_root: Path, allowed_highlights: frozenset[str],
                 problems: list[Problem]) -> tuple[Topic, ...]:
    files = sorted(p for p in folder.iterdir()
                   if p.suffix == ".md" and not p.name.startswith((".", "#", "~")))
    if not files:
        problems.append(Problem(folder, 0, "no topics here; add files like 01-what-is-it.md"))
        return ()
    if len(files) > MAX_TOPICS:
        problems.append(Problem(folder, 0, f"{len(files)} topics; at most {MAX_TOPICS} fit on "
                                "the home screen: merge some or move one out of the folder"))
    topics: list[Topic] = []
    for path in files:
        topic = _load_topic(path, real_root, allowed_highlights, problems)
        if topic is not None:
            topics.append(topic)
    seen: dict[int, Topic] = {}
    for topic in topics:
        if topic.order in seen:
            problems.append(Problem(topic.path, _key_line(topic.path, "order"),
                                    f"order {topic.order} is also used by "
                                    f"{seen[topic.order].path.name}; "
                                    "give each topic its own number"))
        seen[topic.order] = topic
    return tuple(sorted(topics, key=lambda t: t.order))


def _load_topic(path: Path, real_root: Path, allowed_highlights: frozenset[str],
                problems: list[Problem]) -> Topic | None:
    text = _read_text(path, real_root, problems)
    if text is None:
        return None
    lines = text.splitlines()
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
        return _key_line(path, key, header_text, first_line=2)

    def text_value(key: str, limit: int) -> str:
        value = header.get(key)
        if value is None:
            problems.append(Problem(path, end + 1, f"'{key}' is missing; add a line "
                                    f"{key} = \"...\" before the closing {HEADER_FENCE}"))
        elif not isinstance(value, str) or not value.strip():
            problems.append(Problem(path, line_of(key), f"'{key}' must be text in double quotes"))
        elif len(value.strip()) > limit:
            problems.append(Problem(path, line_of(key), f"'{key}' is {len(value.strip())} "
                                    f"characters; at most {limit} fit on a button: shorten it"))
        else:
            return value.strip()
        return ""

    title = text_value("title", MAX_TITLE_CHARS)
    subtitle = text_value("subtitle", MAX_SUBTITLE_CHARS)
    picture = text_value("picture", 400)
    order = header.get("order")
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        problems.append(Problem(path, line_of("order") if "order" in header else end + 1,
                                "'order' must be a whole number from 1 up, like order = 3"))
    highlight = header.get("highlight", [])
    if not isinstance(highlight, list) or not all(isinstance(h, str) for h in highlight):
        problems.append(Problem(path, line_of("highlight"), "'highlight' must be a list of "
                                "part names, like highlight = [\"metatarsal-heads\", \"fat-pad\"]"))
        highlight = []
    for name in highlight:
        if name not in allowed_highlights:
            guess = difflib.get_close_matches(name, sorted(allowed_highlights), n=1)
            hint = (f"did you mean '{guess[0]}'?" if guess else
                    "known parts: " + ", ".join(sorted(allowed_highlights)))
            problems.append(Problem(path, line_of("highlight"),
                                    f"the picture has no part '{name}'; {hint}"))
    body = "\n".join(lines[end + 1:]).strip()
    _check_body(path, lines, end + 1, problems)
    if len(problems) > before or not isinstance(order, int):
        return None
    return Topic(slug=path.stem, title=title, subtitle=subtitle, order=order,
                 highlight=tuple(highlight), picture=picture, body=body, path=path)


def _check_body(path: Path, lines: list[str], start: int, problems: list[Problem]) -> None:
    body_lines = lines[start:]
    if not any(line.strip() for line in body_lines):
        problems.append(Problem(path, start + 1, "the topic has no text; write it below "
                                f"the second {HEADER_FENCE} line"))
        return
    for number, line in enumerate(body_lines, start=start + 1):
        for pattern, fix in FORBIDDEN_MARKDOWN:
            if pattern.search(line):
                problems.append(Problem(path, number, fix))
                break
    words = len(" ".join(body_lines).split())
    if words > MAX_TOPIC_WORDS:
        problems.append(Problem(path, start + 1, f"the text is {words} words; at most "
                                f"{MAX_TOPIC_WORDS} fit on one screen: shorten it or split it "
                                "into two topics"))


def _language_from_json(data: dict[str, Any]) -> Language:
    words = data["words"]
    return Language(
        code=data["code"],
        words=Words(**{**words, "heads": tuple(words["heads"])}),
        topics=tuple(Topic(**{**t, "highlight": tuple(t["highlight"]), "path": Path(t["path"])})
                     for t in data["topics"]))


# --- the last good copy --------------------------------------------------------------------


def save_last_good(content: Content, path: Path) -> None:
    """Keep a copy of valid content so a later broken edit can't stop the kiosk from starting."""
    text = json.dumps(dataclasses.asdict(content), default=str, ensure_ascii=False)
    # Most starts and reloads keep the same content: spare the disk (an SD card, often) the write.
    with contextlib.suppress(OSError, UnicodeDecodeError):
        if path.read_text(encoding="utf-8") == text:
            return
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written to a temporary file and renamed, so a crash never leaves half a copy.
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                     prefix=".last-good-", suffix=".tmp") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    Path(handle.name).replace(path)


def load_last_good(path: Path) -> Content | None:
    """The last good copy saved by save_last_good, or None if there is none or it is unusable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        settings = data["settings"]
        return Content(
            root=Path(data["root"]),
            settings=Settings(**{**settings, "languages": tuple(settings["languages"])}),
            languages=tuple(_language_from_json(lang) for lang in data["languages"]),
            left_out=tuple(Problem(Path(p["path"]), p["line"], p["message"])
                           for p in data["left_out"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
