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

import hashlib
import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content import Content, Language

log = logging.getLogger(__name__)

HOME = "home"
STILL_READING = "still-reading"
VOICE_FOLDER = "voice"
MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
AUDIO_SUFFIX = ".ogg"
MAX_MANIFEST_BYTES = 4 * 1024 * 1024  # a few hundred sentences take some 100 KiB
# How each file is made (kiosk/voice_build.py): part of every sha, so a change remakes them all.
AUDIO_FORMAT = "ogg-vorbis-mono-q0.75-peak0.9-pause0.4"
_FILE_NAME = re.compile(r"[0-9a-f]{16,64}\.ogg")  # only files named as we name them are played


@dataclass(frozen=True)
class Spoken:
    """One sentence of a page, as spoken."""

    text: str  # exactly the sentence's text as shown on screen (plain text, no markdown)
    audio: Path  # its audio file (absolute path)
    seconds: float  # how long it lasts


@dataclass(frozen=True)
class Voice:
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
_ESCAPABLE = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.S)
_EMPHASIS = (
    re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*", re.S),
    re.compile(r"___(?=\S)(.+?)(?<=\S)___(?!\w)", re.S),
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S),
    re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)", re.S),
    re.compile(r"(?<!\*)\*(?![\s*])(.+?)(?<![\s*])\*(?!\*)", re.S),
    re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", re.S),
)
_ESCAPED = re.compile(r"\\([" + re.escape(_ESCAPABLE) + r"])")


def plain_text(markdown: str) -> str:
    """A topic's Markdown as the plain text the kiosk shows, one paragraph or list item a line
    (what kiosk.content.plain_text gets from Qt, for the Markdown the content check allows)."""
    return "\n".join(_inline(block) for block in _blocks(markdown))


def _blocks(markdown: str) -> Iterator[str]:
    """The paragraphs and list items, their lines joined as Qt joins them (a soft break is a
    space; a hard break, two spaces or a backslash at a line's end, starts a new line)."""
    lines: list[str] = []

    def flush() -> Iterator[str]:
        if lines:
            yield " ".join(lines)
            lines.clear()

    for raw in markdown.replace("\r\n", "\n").split("\n"):
        if not raw.strip():
            yield from flush()
            continue
        line = raw
        item = _LIST_ITEM.match(line) if line.lstrip(" \t")[:1] in "-*+0123456789" else None
        if item is not None and (item.end() < len(line) or not lines):
            yield from flush()
            line = line[item.end():]
        hard = line.endswith(("  ", "\\")) and line.strip() != "\\"
        text = line.strip(" \t")
        if hard and text.endswith("\\"):
            text = text[:-1].rstrip(" \t")
        if text:
            lines.append(text)
        if hard:
            yield from flush()
    yield from flush()


def _inline(text: str) -> str:
    codes: list[str] = []

    def keep_code(match: re.Match[str]) -> str:
        codes.append(match.group(2).strip(" ") if match.group(2).strip(" ") else match.group(2))
        return f"\x00{len(codes) - 1}\x00"

    escapes: list[str] = []

    def keep_escape(match: re.Match[str]) -> str:
        escapes.append(match.group(1))
        return f"\x01{len(escapes) - 1}\x01"

    text = _ESCAPED.sub(keep_escape, text)
    text = _CODE_SPAN.sub(keep_code, text)
    for pattern in _EMPHASIS:
        previous = None
        while previous != text:
            previous = text
            text = pattern.sub(r"\1", text)
    text = re.sub("\x00([0-9]+)\x00", lambda m: codes[int(m.group(1))], text)
    return re.sub("\x01([0-9]+)\x01", lambda m: escapes[int(m.group(1))], text)


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
