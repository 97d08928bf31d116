"""Read aloud: which page is spoken, which of its sentences is being spoken, and when to stop.

A QtCore model, observed by the screens (they mark the sentence being spoken and turn their
parts with it) and driven by the controller (the page on show, "Still reading?", the visit's
end). It speaks only while the visit's ``read_aloud`` is on, which only a patient's tap turns
on (WCAG 1.4.2): turning it on speaks the page on show from its first sentence, and each page
shown after it is spoken as it opens. A page with no recorded narration that matches its text
(kiosk/voice.py leaves stale pages out) is never spoken, and says so by offering no button.

Until a player is attached (after the first paint, and only on a PC with a sound device),
nothing is offered and nothing is spoken.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.visit import Visit
from kiosk.voice_names import HOME, STILL_READING

if TYPE_CHECKING:  # the player (ctypes) and the voice model load after the first paint
    from kiosk.audio import Player
    from kiosk.voice import Spoken

log = logging.getLogger(__name__)

__all__ = ["HOME", "SPEAKING", "STILL_READING", "Narration", "ReadAloud"]

# Why the idle timer is held while the voice speaks (kiosk/idle.py hold/release).
SPEAKING = "read-aloud"


# language code -> page key (a topic's slug) -> its sentences, in the order they are read
Narration = Mapping[str, Mapping[str, Sequence["Spoken"]]]


class ReadAloud(QObject):
    """Speaks the page on show while the visit has Read aloud on."""

    offered_changed = Signal(bool)  # a player and some narration are there (or no longer)
    narration_changed = Signal()  # which pages can be spoken may have changed
    sentence_started = Signal(int)  # the index of the sentence now spoken, on ``page``
    # (page key, text of the sentence now spoken or "" for none, how long it lasts in seconds)
    marked = Signal(str, str, float)
    speaking_changed = Signal(bool)
    stopped = Signal()  # silence: stopped, or the page was read to its end

    def __init__(self, visit: Visit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._visit = visit
        self._player: Player | None = None
        self._narration: Narration = {}
        self._page = HOME
        self._sentences: Sequence[Spoken] = ()
        self._index = -1
        self._speaking = False
        visit.read_aloud_changed.connect(self._switched)
        visit.volume_changed.connect(self._volume_changed)
        visit.language_changed.connect(self._language_changed)

    # --- what is ---------------------------------------------------------------------------

    @property
    def offered(self) -> bool:
        """Whether the kiosk can speak at all: a sound device, and narration for some page."""
        return self._player is not None and any(self._narration.values())

    def has_voice(self, page: str, language: str | None = None) -> bool:
        """Whether this page can be spoken in this language (the visit's, by default)."""
        if self._player is None:
            return False
        pages = self._narration.get(language or self._visit.language, {})
        return bool(pages.get(page))

    @property
    def page(self) -> str:
        return self._page

    @property
    def speaking(self) -> bool:
        return self._speaking

    @property
    def index(self) -> int:
        """The sentence being spoken, from 0; -1 when silent."""
        return self._index

    @property
    def text(self) -> str:
        """The words of the sentence being spoken; "" when silent."""
        return self._sentences[self._index].text if self._speaking else ""

    @property
    def player(self) -> Player | None:
        return self._player

    # --- what to do ------------------------------------------------------------------------

    def attach(self, player: Player | None, narration: Narration) -> None:
        """The player (None: no sound device) and what each page says."""
        was = self.offered
        self.stop()
        if self._player is not None and self._player is not player:
            self._player.finished.disconnect(self._finished)
        if player is not None and player is not self._player:
            player.finished.connect(self._finished)
            player.set_volume(self._visit.volume)
        self._player = player
        self._narration = narration
        if self.offered != was:
            self.offered_changed.emit(self.offered)
        self.narration_changed.emit()

    def set_narration(self, narration: Narration) -> None:
        """New narration (new content, or audio remade for it), with the same player: the
        voice goes on unless the page it speaks is recorded otherwise now."""
        if narration == self._narration:
            return
        language, page = self._visit.language, self._page
        if self._speaking and (narration.get(language, {}).get(page)
                               != self._narration.get(language, {}).get(page)):
            self.stop()
        was = self.offered
        self._narration = narration
        if self.offered != was:
            self.offered_changed.emit(self.offered)
        self.narration_changed.emit()

    def show(self, page: str, *, speak: bool = True) -> None:
        """This page is now on show: the voice of the last one stops at once, and this one is
        spoken from its start if the visit has Read aloud on (and speak)."""
        self.stop()
        self._page = page
        if speak and self._visit.read_aloud:
            self._start()

    def read_again(self) -> None:
        """Speak the page on show from its first sentence."""
        self.show(self._page)

    def stop(self) -> None:
        """Silence at once."""
        if self._player is not None:
            self._player.stop()
        if not self._speaking:
            return
        self._speaking = False
        self._index = -1
        self._sentences = ()
        self.marked.emit(self._page, "", 0.0)
        self.speaking_changed.emit(False)
        self.stopped.emit()

    def close(self) -> None:
        self.stop()
        if self._player is not None:
            self._player.close()

    # --- inside ----------------------------------------------------------------------------

    def _start(self) -> None:
        if not self.has_voice(self._page):
            return
        pages = self._narration[self._visit.language]
        self._sentences = tuple(pages[self._page])
        self._index = -1
        self._advance()

    def _finished(self) -> None:
        if self._speaking:
            self._advance()

    def _advance(self) -> None:
        """The next sentence (the first, from the start); silence after the last."""
        if self._player is None:
            return
        self._index += 1
        if self._index >= len(self._sentences):
            self.stop()
            return
        sentence = self._sentences[self._index]
        from kiosk.audio import PlayerError  # loaded already: the player came from it

        try:
            self._player.play(sentence.audio)
        except PlayerError as error:
            log.error("read aloud stopped on %s: %s", self._page, error)
            self._speaking = True  # so that stop() tells the screens
            self.stop()
            return
        if not self._speaking:
            self._speaking = True
            self.speaking_changed.emit(True)
        self.sentence_started.emit(self._index)
        self.marked.emit(self._page, sentence.text, sentence.seconds)

    def _switched(self, on: bool) -> None:
        if on:
            self.show(self._page)
        else:
            self.stop()

    def _volume_changed(self, volume: float) -> None:
        if self._player is not None:
            self._player.set_volume(volume)

    def _language_changed(self) -> None:
        """The same page in the other language, from its start: once the screens have
        their new words (they hear of the language after this model), so that the marking
        finds the sentence."""
        self.stop()
        if self._visit.read_aloud:
            QTimer.singleShot(0, self, self._start_if_silent)

    def _start_if_silent(self) -> None:
        if self._visit.read_aloud and not self._speaking:
            self._start()
