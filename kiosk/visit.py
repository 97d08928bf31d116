"""One patient's visit: their choices (text size, contrast, language), what they read, and
how the visit ended. The one owner of per-patient state; screens and the theme observe it.

When a visit ends, a record of it is handed on (``ended``) and a fresh visit begins with the
office's defaults, so the next patient finds the kiosk as new.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QObject, Signal

from kiosk.record import Record
from kiosk.screen_id import ScreenId, TopicPage


class EndReason(Enum):
    """Why a visit ended."""

    STILL_READING_EXPIRED = "nobody answered 'Still reading?'"
    ATTRACT = "quiet long enough for the attract screen"
    STAFF = "staff opened or closed the staff screens"
    FAULT = "an unexpected error"
    CONTENT_CHANGE = "new content was shown"


# Features a visit can record as used; later features add their own names here.
LARGER_TEXT = "larger-text"
HIGH_CONTRAST = "high-contrast"
READ_ALOUD = "read-aloud"
TAKE_HOME = "take-home"

# The voice's volume, from 0 (silent) to 1 (the player's full level): each Louder or Softer
# tap moves it one step, never to silence (a patient who can't hear it can't find it again).
VOLUME_STEP = 0.15
VOLUME_LEAST = 0.1


class Defaults(Record):
    """What every visit starts with: the office's settings."""

    language: str = "en"
    larger_text: bool = False
    high_contrast: bool = False
    volume: float = 0.7  # the office's voice_volume, as a share of full


class VisitRecord(Record):
    """What one visit was, once it is over. Holds no text the patient saw or typed."""

    began: float  # wall-clock seconds since the epoch, at the first touch if there was one
    seconds: float  # how long it lasted from then
    reason: EndReason
    touched: bool  # whether anyone touched the screen at all
    language: str  # the language at its end
    languages: tuple[str, ...]  # every language shown, in the order first shown
    topics: tuple[tuple[str, float], ...]  # (slug, seconds on its page), in the order first opened
    used: frozenset[str]  # features used at any time, e.g. LARGER_TEXT


class Visit(QObject):
    """The current patient's state. Signals tell what changed; methods say what to do."""

    larger_text_changed = Signal(bool)
    high_contrast_changed = Signal(bool)
    language_changed = Signal(str)
    read_aloud_changed = Signal(bool)
    volume_changed = Signal(float)
    ended = Signal(object)  # the VisitRecord of the visit that ended
    began = Signal()  # a fresh visit, with the defaults, has begun

    def __init__(self, defaults: Defaults, parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self._defaults = defaults
        self._clock = clock
        self._wall_clock = wall_clock
        self._larger_text = defaults.larger_text
        self._high_contrast = defaults.high_contrast
        self._language = defaults.language
        self._read_aloud = False  # never on by itself (WCAG 1.4.2): only a patient's tap
        self._volume = clamp_volume(defaults.volume)
        self._start_fresh()

    def _start_fresh(self) -> None:
        self._began_at = self._clock()
        self._began_wall = self._wall_clock()
        self._touched = False
        self._used: set[str] = set()
        self._languages = [self._language]
        self._reading: dict[str, float] = {}  # slug -> seconds so far, in order first opened
        self._on_topic: str | None = None
        self._on_topic_since = 0.0

    # --- what is ---------------------------------------------------------------------------

    @property
    def larger_text(self) -> bool:
        return self._larger_text

    @property
    def high_contrast(self) -> bool:
        return self._high_contrast

    @property
    def language(self) -> str:
        return self._language

    @property
    def read_aloud(self) -> bool:
        return self._read_aloud

    @property
    def volume(self) -> float:
        return self._volume

    @property
    def defaults(self) -> Defaults:
        return self._defaults

    def topics_opened(self) -> tuple[str, ...]:
        return tuple(self._reading)

    def used(self) -> frozenset[str]:
        return frozenset(self._used)

    @property
    def touched(self) -> bool:
        """Whether anyone has touched the screen in this visit."""
        return self._touched

    # --- what to do ------------------------------------------------------------------------

    def set_larger_text(self, on: bool) -> None:
        if on:
            self._used.add(LARGER_TEXT)
        if on != self._larger_text:
            self._larger_text = on
            self.larger_text_changed.emit(on)

    def set_high_contrast(self, on: bool) -> None:
        if on:
            self._used.add(HIGH_CONTRAST)
        if on != self._high_contrast:
            self._high_contrast = on
            self.high_contrast_changed.emit(on)

    def set_language(self, language: str) -> None:
        if language not in self._languages:
            self._languages.append(language)
        if language != self._language:
            self._language = language
            self.language_changed.emit(language)

    def set_read_aloud(self, on: bool) -> None:
        """Speak each page as it shows, for the rest of this visit (or stop)."""
        if on:
            self._used.add(READ_ALOUD)
        if on != self._read_aloud:
            self._read_aloud = on
            self.read_aloud_changed.emit(on)

    def set_volume(self, volume: float) -> None:
        volume = clamp_volume(volume)
        if volume != self._volume:
            self._volume = volume
            self.volume_changed.emit(volume)

    def louder(self) -> None:
        self.set_volume(self._volume + VOLUME_STEP)

    def softer(self) -> None:
        self.set_volume(self._volume - VOLUME_STEP)

    def record(self, feature: str) -> None:
        """Note that this visit used a feature (for instance "read-aloud")."""
        self._used.add(feature)

    def touch(self) -> None:
        """Someone touched the screen: the first touch is when the visit really began (the
        kiosk may have waited on its attract screen for hours before)."""
        if not self._touched:
            self._touched = True
            self._began_at = self._clock()
            self._began_wall = self._wall_clock()

    def show(self, screen: ScreenId) -> None:
        """The kiosk now shows this screen: time on topic pages is counted per topic."""
        self._stop_reading()
        if isinstance(screen, TopicPage):
            self._reading.setdefault(screen.slug, 0.0)
            self._on_topic = screen.slug
            self._on_topic_since = self._clock()

    def set_defaults(self, defaults: Defaults) -> None:
        """The office's defaults for the visits that begin from now on."""
        self._defaults = defaults

    def end(self, reason: EndReason) -> VisitRecord:
        """End this visit for a reason, hand on its record, and begin a fresh one."""
        self._stop_reading()
        now = self._clock()
        record = VisitRecord(began=self._began_wall, seconds=now - self._began_at, reason=reason,
                             touched=self._touched, language=self._language,
                             languages=tuple(self._languages),
                             topics=tuple(self._reading.items()), used=frozenset(self._used))
        self.ended.emit(record)
        self._start_fresh()
        defaults = self._defaults
        self.set_read_aloud(False)  # first: the voice stops before the screens change
        self.set_volume(defaults.volume)
        self.set_larger_text(defaults.larger_text)
        self.set_high_contrast(defaults.high_contrast)
        self.set_language(defaults.language)
        self._used.clear()  # the defaults are not the new patient's own choice
        self._languages = [self._language]
        self.began.emit()
        return record

    def _stop_reading(self) -> None:
        if self._on_topic is not None:
            self._reading[self._on_topic] += self._clock() - self._on_topic_since
            self._on_topic = None


def clamp_volume(volume: float) -> float:
    """A volume within what Louder and Softer reach, rounded so that steps add up exactly."""
    return round(min(1.0, max(VOLUME_LEAST, volume)), 2)
