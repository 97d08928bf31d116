"""A fake player and recorded narration for the read-aloud tests: no sound device needed."""

from __future__ import annotations

from pathlib import Path

from kiosk.audio import Player
from kiosk.content import Content
from kiosk.read_aloud import Narration, ReadAloud
from kiosk.voice import Spoken, page_sentences


class FakePlayer(Player):
    """Plays nothing: remembers what it was asked to play; ``finish`` ends the file."""

    def __init__(self) -> None:
        super().__init__()
        self.played: list[Path] = []
        self.playing: Path | None = None
        self.volume = 1.0
        self.closed = False

    def play(self, path: Path) -> None:
        self.played.append(path)
        self.playing = path

    def stop(self) -> None:
        self.playing = None

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def close(self) -> None:
        self.closed = True

    def finish(self) -> None:
        """The file on show played to its end."""
        assert self.playing is not None, "nothing is playing"
        self.playing = None
        self.finished.emit()


def narration_for(content: Content, *, leave_out: tuple[str, ...] = (),
                  seconds: float = 1.0) -> Narration:
    """Every page of every language recorded (one made-up file a sentence), but those left
    out (page keys), as kiosk.voice.load_narration leaves out a page whose audio is stale."""
    narration = {}
    for language in content.languages:
        pages = {}
        for page, texts in page_sentences(language).items():
            if page not in leave_out:
                pages[page] = tuple(Spoken(text, Path(f"/voice/{language.code}/{page}/{i}.ogg"),
                                           seconds) for i, text in enumerate(texts))
        narration[language.code] = pages
    return narration


def give_voice(reader: ReadAloud, content: Content, *, leave_out: tuple[str, ...] = (),
               seconds: float = 1.0) -> FakePlayer:
    player = FakePlayer()
    reader.attach(player, narration_for(content, leave_out=leave_out, seconds=seconds))
    return player


def sentence(content: Content, page: str, index: int, language: str = "") -> str:
    return page_sentences(content.language(language or content.codes[0]))[page][index]


def audio_of(page: str, index: int, language: str = "en") -> Path:
    return Path(f"/voice/{language}/{page}/{index}.ogg")
