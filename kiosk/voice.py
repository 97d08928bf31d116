"""What each page says aloud, and which of its recorded sentences still match its text.

Qt-free: `kiosk check` and the build step (`kiosk voice`, kiosk/voice_build.py) use it without
a screen, and the kiosk reads the narration with it.

The audio is made ahead of time, one file per sentence, into ``content/<code>/voice/``::

    voice/
      manifest.json       page -> [{text, file, seconds, sha}], in the order they are read
      3f2a9c...ogg        one sentence, Ogg Vorbis mono; named by its sha, so a sentence
                          that two pages say (or that did not change) is made once

A sentence's ``sha`` is of its text *and* the voice that spoke it (engine, voice, settings):
a changed text, or another voice, makes it stale, and a stale page is never spoken.

The texts are the plain text the kiosk shows (what QTextDocument makes of a topic's Markdown:
no ``**``, no list markers), worked out here without Qt for the little Markdown the content
check allows; tests/test_voice.py holds it to Qt's own on the bundled content and on the odd
cases.
"""

from __future__ import annotations

import bisect
import json
import logging
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content import Content, Language
from kiosk.record import Record
from kiosk.voice_names import HOME, MANIFEST, STILL_READING, VOICE_FOLDER

log = logging.getLogger(__name__)

MANIFEST_FORMAT = 1
AUDIO_SUFFIX = ".ogg"
MAX_MANIFEST_BYTES = 4 * 1024 * 1024  # a few hundred sentences take some 100 KiB
# How each file is made (kiosk/voice_build.py): part of every sha, so a change remakes them all.
AUDIO_FORMAT = "ogg-vorbis-mono-q0.75-peak0.9-pause0.4"
_FILE_NAME = re.compile(r"[0-9a-f]{16,64}\.ogg")  # only files named as we name them are played


class Spoken(Record):
    """One sentence of a page, as spoken."""

    text: str  # exactly the sentence's text as shown on screen (plain text, no markdown)
    audio: Path  # its audio file (absolute path)
    seconds: float  # how long it lasts


class Voice(Record):
    """Who speaks a language, and how: every field is part of each sentence's sha."""

    engine: str  # "piper" or "espeak-ng" (kiosk/voice_build.py)
    name: str  # the piper model, or espeak-ng's voice
    settings: str = ""  # what else changes the sound (speed, pitch...)

    @property
    def key(self) -> str:
        return f"{self.engine}:{self.name}:{self.settings}"


# The voice of each bundled language (README, "Read aloud: the audio beside the text", says
# why these).
VOICES: Mapping[str, Voice] = {
    "en": Voice("piper", "en_US-joe-medium", "length_scale=1.25"),
    "es": Voice("espeak-ng", "es-419", "speed=150,pitch=45,gap=2"),
}


def voice_for(code: str) -> Voice:
    """A language's voice: its own, else espeak-ng's voice of that language (a third language
    is spoken without more set-up, if espeak-ng knows it)."""
    return VOICES.get(code) or VOICES.get(code.split("-", 1)[0]) or Voice(
        "espeak-ng", code.lower(), "speed=150,pitch=45,gap=2")


def sentence_sha(voice: Voice, text: str) -> str:
    """The sha of a sentence as this voice speaks it, into files made as they are made today."""
    import hashlib  # here: the recordings are checked after the first paint, which needs none

    return hashlib.sha256(f"{voice.key}\n{AUDIO_FORMAT}\n{text}".encode()).hexdigest()


def audio_name(sha: str) -> str:
    """The file a sentence's audio is kept in, beside the manifest."""
    return sha[:20] + AUDIO_SUFFIX


def voice_folder(language_root: Path, code: str) -> Path:
    """content/<code>/voice/. The language's folder is expected; the content folder itself is
    understood too (its <code> folder is meant)."""
    if language_root.name != code and (language_root / code).is_dir():
        language_root = language_root / code
    return language_root / VOICE_FOLDER


# --- what each page says -------------------------------------------------------------------


def page_sentences(language: Language) -> dict[str, tuple[str, ...]]:
    """What each page says, in the order it is read: on Home the welcome and each topic's
    title; on a topic page its title, its text (sentence by sentence) and what the picture
    shows; "Still reading?" its question and its button."""
    words = language.words
    pages: dict[str, tuple[str, ...]] = {
        HOME: _nonempty(words.welcome, *(topic.title for topic in language.topics)),
    }
    for topic in language.topics:
        pages[topic.slug] = _nonempty(topic.title, *sentences(plain_text(topic.body)),
                                      topic.picture)
    pages[STILL_READING] = _nonempty(words.still_reading, words.keep_reading)
    return pages


def _nonempty(*texts: str) -> tuple[str, ...]:
    return tuple(text.strip() for text in texts if text.strip())


# A sentence ends at . ! ? or … (and any closing quote or bracket after it) before a space.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*(?=\s)")
# Where a full stop ends a short form, not a sentence ("Dr. Lee", "p. ej. esto").
_ABBREVIATIONS = frozenset({"dr", "dra", "mr", "mrs", "ms", "sr", "sra", "srta", "st", "vs",
                            "etc", "e.g", "i.e", "p. ej", "ej", "núm", "approx", "aprox"})


def sentences(text: str) -> tuple[str, ...]:
    """Plain text cut into sentences, each exactly as it appears in it (a paragraph or list
    item is never joined to the next)."""
    found: list[str] = []
    for block in text.split("\n"):
        start = 0
        for end in _SENTENCE_END.finditer(block):
            piece = block[start:end.end()]
            if _ends_short_form(piece):
                continue
            if piece.strip():
                found.append(piece.strip())
            start = end.end()
        if block[start:].strip():
            found.append(block[start:].strip())
    return tuple(found)


def _ends_short_form(piece: str) -> bool:
    if not piece.endswith("."):
        return False
    tail = piece[:-1].lower()
    return any(tail.endswith(short) and (len(tail) == len(short)
                                         or not tail[-len(short) - 1].isalnum())
               for short in _ABBREVIATIONS)


# --- the plain text of a topic's Markdown, as Qt shows it ------------------------------------

_LIST_ITEM = re.compile(r"[ \t]{0,3}(?:(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+|$))+")
_TASK = re.compile(r"\[[ xX]\][ \t]+(?=\S)")  # "- [ ] item": Qt draws the box, not its text
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_DELIMITERS = frozenset("*_~")
_SPECIAL = re.compile(r"[\\`*_~\n]")


def plain_text(markdown: str) -> str:
    """A topic's Markdown as the plain text the kiosk shows, one paragraph or list item a line
    (what kiosk.content.plain_text gets from Qt, for the Markdown the content check allows)."""
    return "\n".join(_inline("\n".join(line.lstrip(" \t") for line in block))
                     for block in _blocks(markdown))


def _blocks(markdown: str) -> Iterator[list[str]]:
    """The lines of each paragraph and list item, their list markers taken off."""
    lines: list[str] = []
    for raw in markdown.replace("\r\n", "\n").split("\n"):
        if not raw.strip():
            if lines:
                yield lines
            lines = []
            continue
        line = raw
        item = _LIST_ITEM.match(line) if line.lstrip(" \t")[:1] in "-*+0123456789" else None
        if item is not None and (item.end() < len(line) or not lines):
            if lines:
                yield lines
            lines = []
            line = line[item.end():]
            task = _TASK.match(line)
            line = line[task.end():] if task else line
        lines.append(line)
    if lines:
        yield lines


@dataclass
class _Run:
    """A run of * _ or ~ that may open or close emphasis (CommonMark's delimiter run)."""

    char: str
    count: int  # how many of its characters are still text
    length: int  # how many it had
    can_open: bool
    can_close: bool


def _inline(text: str) -> str:
    """One line's Markdown as Qt shows it: code spans and escapes taken as they are, emphasis
    and strikethrough marks that pair up (CommonMark's rules, as md4c applies them) left out,
    and those that don't pair kept as text."""
    nodes: list[str | _Run] = []
    code_runs = _backtick_runs(text)
    index = 0
    while index < len(text):
        found = _SPECIAL.search(text, index)
        if found is None:
            nodes.append(text[index:])
            break
        if found.start() > index:
            nodes.append(text[index:found.start()])
        index = found.start()
        char = text[index]
        if char == "\n":  # a soft break is a space; two spaces before it make a hard one
            spaces = _strip_end(nodes)
            nodes.append("\n" if spaces >= 2 else " ")
            index += 1
            continue
        if char == "\\":
            if text[index + 1: index + 2] == "\n":  # a backslash at a line's end: a hard break
                nodes.append("\n")
                index += 2
            elif index + 1 < len(text) and text[index + 1] in _ESCAPABLE:
                nodes.append(text[index + 1])
                index += 2
            else:
                nodes.append(char)
                index += 1
            continue
        end = index
        while end < len(text) and text[end] == char:
            end += 1
        if char == "`":
            index = _code_span(text, index, end, code_runs, nodes)
            continue
        nodes.append(_run(text, index, end))
        index = end
    _pair_up([node for node in nodes if isinstance(node, _Run)])
    _strip_end(nodes)
    return "".join(node if isinstance(node, str) else node.char * node.count
                   for node in nodes)


def _strip_end(nodes: list[str | _Run]) -> int:
    """Takes the spaces and tabs off the end of the text so far; how many spaces it took."""
    taken = 0
    while nodes and isinstance(nodes[-1], str):
        kept = nodes[-1].rstrip(" \t")
        taken += nodes[-1][len(kept):].count(" ")
        if kept:
            nodes[-1] = kept
            break
        nodes.pop()
    return taken


def _backtick_runs(text: str) -> dict[int, list[int]]:
    """Where each run of backticks starts, by its length."""
    runs: dict[int, list[int]] = {}
    for match in re.finditer(r"`+", text):
        runs.setdefault(len(match.group()), []).append(match.start())
    return runs


def _code_span(text: str, start: int, end: int, runs: dict[int, list[int]],
               nodes: list[str | _Run]) -> int:
    """A code span's text (or the backticks themselves, with no run to close them); where
    the text goes on."""
    length = end - start
    closers = runs.get(length, [])
    after = bisect.bisect_right(closers, start)
    closer = closers[after] if after < len(closers) else None
    if closer is None:
        nodes.append(text[start:end])
        return end
    code = text[end:closer].replace("\n", " ")
    if len(code) >= 2 and code[0] == code[-1] == " " and code.strip(" "):
        code = code[1:-1]
    nodes.append(code)
    return closer + length


def _kind(char: str) -> str:
    """"space", "punctuation" or "other", as CommonMark's flanking rules see a character."""
    if not char or char.isspace():
        return "space"
    if char in _ESCAPABLE or unicodedata.category(char)[0] in "PS":
        return "punctuation"
    return "other"


def _run(text: str, start: int, end: int) -> _Run:
    before, after = _kind(text[start - 1: start]), _kind(text[end: end + 1])
    left = after != "space" and (after != "punctuation" or before != "other")
    right = before != "space" and (before != "punctuation" or after != "other")
    char, length = text[start], end - start
    if char == "*":
        return _Run(char, length, length, left, right)
    if char == "~":  # md4c: ~x~ or ~~x~~, not inside a word, whatever the spaces
        usable = length <= 2
        return _Run(char, length, length,
                    usable and not text[start - 1: start].isalnum(),
                    usable and not text[end: end + 1].isalnum())
    # _ and ~ never open or close inside a word.
    return _Run(char, length, length, left and (not right or before == "punctuation"),
                right and (not left or after == "punctuation"))


def _pair_up(runs: list[_Run]) -> None:
    """CommonMark's "process emphasis": each closing run, from the left, takes the nearest
    opening run that can pair with it; the marks they pair with are not shown."""
    stack = list(runs)
    bottoms: dict[tuple[str, bool, int], int] = {}
    current = 0
    while current < len(stack):
        closer = stack[current]
        if not closer.can_close:
            current += 1
            continue
        key = (closer.char, closer.can_open, closer.length % 3)
        opener_at = next((at for at in range(current - 1, bottoms.get(key, -1), -1)
                          if _pairs(stack[at], closer)), None)
        if opener_at is None:
            bottoms[key] = current - 1
            if closer.can_open:
                current += 1
            else:
                del stack[current]
            continue
        opener = stack[opener_at]
        used = closer.count if closer.char == "~" else (
            2 if opener.count >= 2 and closer.count >= 2 else 1)
        opener.count -= used
        closer.count -= used
        del stack[opener_at + 1:current]  # the runs between them are text now
        current = opener_at + 1
        if opener.count == 0:
            del stack[opener_at]
            current -= 1
        if closer.count == 0:
            del stack[current]


def _pairs(opener: _Run, closer: _Run) -> bool:
    if opener.char != closer.char or not opener.can_open or opener.count == 0:
        return False
    if closer.char == "~":
        return opener.count == closer.count  # md4c: ~x~ and ~~x~~, never ~x~~
    # The rule of 3: a run that can both open and close pairs only with one whose length
    # added to its own is not a multiple of 3 (unless both are).
    both = opener.can_close or closer.can_open
    return not (both and (opener.length + closer.length) % 3 == 0
                and not (opener.length % 3 == 0 and closer.length % 3 == 0))


# --- the recorded audio ----------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """The manifest's pages; {} for none, or for one that can't be read (its pages are then
    stale, and the log says why once)."""
    path = folder / MANIFEST
    try:
        if not path.is_file():
            return {}
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            log.warning("%s is too big to be a voice manifest; run `kiosk voice` to make it "
                        "again", path)
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        log.warning("can't read %s (%s); its pages are not read aloud until `kiosk voice` "
                    "makes it again", path, error)
        return {}
    pages = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(pages, dict) or data.get("format") != MANIFEST_FORMAT:
        log.warning("%s is not a voice manifest this kiosk reads; run `kiosk voice` to make "
                    "it again", path)
        return {}
    return {str(page): [entry for entry in entries if isinstance(entry, dict)]
            for page, entries in pages.items() if isinstance(entries, list)}


def _recorded(folder: Path, voice: Voice, texts: tuple[str, ...],
              entries: list[dict[str, Any]]) -> tuple[Spoken, ...] | None:
    """The page's sentences, if the manifest has each one, in order, with its text as it is
    today, spoken by today's voice, and its file is there; else None."""
    if len(entries) != len(texts) or not texts:
        return None
    spoken: list[Spoken] = []
    for text, entry in zip(texts, entries, strict=True):
        name, seconds = entry.get("file"), entry.get("seconds")
        if (entry.get("text") != text or entry.get("sha") != sentence_sha(voice, text)
                or not isinstance(name, str) or not _FILE_NAME.fullmatch(name)
                or not isinstance(seconds, int | float) or not 0 < seconds < 600):
            return None
        audio = folder / name
        try:
            if not audio.is_file() or audio.stat().st_size == 0:
                return None
        except OSError:
            return None
        spoken.append(Spoken(text, audio.absolute(), float(seconds)))
    return tuple(spoken)


def load_narration(language_root: Path, language: Language) -> dict[str, tuple[Spoken, ...]]:
    """The pages whose audio (content/<code>/voice/) matches their text today; a page whose
    audio is missing or stale is left out (never spoken with an old text).

    language_root is the language's folder, content/<code> (the content folder is understood
    too)."""
    folder = voice_folder(language_root, language.code)
    manifest = read_manifest(folder)
    voice = voice_for(language.code)
    narration: dict[str, tuple[Spoken, ...]] = {}
    for page, texts in page_sentences(language).items():
        spoken = _recorded(folder, voice, texts, manifest.get(page, []))
        if spoken is not None:
            narration[page] = spoken
    return narration


def stale_pages(language_root: Path, language: Language) -> list[str]:
    """Pages whose audio is missing or out of date."""
    narration = load_narration(language_root, language)
    return [page for page in page_sentences(language) if page not in narration]


def stale_warnings(content: Content, command: str) -> list[str]:
    """`kiosk check`'s lines on audio: per language, the pages not read aloud because their
    audio is missing or out of date, their files, and the command that remakes it."""
    lines = []
    for language in content.languages:
        stale = stale_pages(content.root / language.code, language)
        if not stale:
            continue
        files = {HOME: "the start screen", STILL_READING: f"{language.code}/words.toml",
                 **{topic.slug: f"{language.code}/{topic.path.name}"
                    for topic in language.topics}}
        named = ", ".join(f"{page} ({files.get(page, page)})" for page in stale)
        count = len(stale)
        lines.append(f"warning: {language.code}: {count} page{'s' if count != 1 else ''} "
                     f"not read aloud, their audio is missing or out of date: {named}. "
                     f"Remake it with: {command}")
    return lines
