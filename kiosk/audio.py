"""Playing the voice's recorded sentences inside the kiosk's own process.

The player is miniaudio (pip ``miniaudio``: a 1 MiB C library with its own Ogg Vorbis, WAV and
MP3 decoders, talking to ALSA or PulseAudio directly; README "Read aloud: the player" has the
figures against QtMultimedia). It is imported only when the kiosk first needs it, after the
first paint, so the start is no slower. No other process is ever started.

A sound card's audio thread asks for samples; it is handed the sentence's decoded samples at
the visit's volume, then silence. Once the sentence has played out (its samples and the
device's buffers after them), ``finished`` is emitted in the GUI thread (a queued signal): the
reader then hands it the next sentence, or stops the device. A stopped device's thread sleeps
and costs nothing.
"""

from __future__ import annotations

import array
import ctypes
import logging
import sys
import threading
import types
from collections.abc import Generator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

SAMPLE_RATE = 22_050  # what both voices are rendered at; miniaudio converts other files
# The device's buffer: short enough that Stop and a page change are heard at once (a sound
# card plays what it was handed), long enough for a busy 2-core PC never to run dry.
BUFFER_MS = 60
PERIODS = 3  # buffers the device holds: what has been handed over plays out this much later
# A file counts as finished once this much silence followed it: its last samples have then
# been heard (stopping sooner would cut them), and sentences get a short pause between them.
DRAIN_FRAMES = SAMPLE_RATE * BUFFER_MS * PERIODS // 1000


class PlayerError(Exception):
    """The sound device or a file could not be used."""


class Player(QObject):
    """Plays one file at a time; ``finished`` when a file has played to its end (not when it
    was stopped). Subclassed by the real player and by the tests' fake."""

    finished = Signal()

    def play(self, path: Path) -> None:
        """Stop whatever plays and start this file from its beginning (PlayerError if the
        file can't be read)."""
        raise NotImplementedError

    def stop(self) -> None:
        """Silence at once."""
        raise NotImplementedError

    def set_volume(self, volume: float) -> None:
        """0 to 1, heard from the next buffer on."""
        raise NotImplementedError

    def close(self) -> None:
        """Let the sound device go (the kiosk is stopping)."""


class MiniaudioPlayer(Player):
    """The real player. Build it with ``open_player``."""

    # From the sound card's thread, queued to this object's (the GUI) thread: which file
    # ended. One that ended just before it was stopped or replaced is not told on.
    _ended = Signal(int)

    def __init__(self, device: Any, miniaudio: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._device = device
        self._miniaudio = miniaudio
        self._lock = threading.Lock()
        self._samples = array.array("h")
        self._at = 0
        self._told = True  # finished was emitted for what was handed over last
        self._volume = 1.0
        self._running = False
        self._serial = 0  # one more for each file played
        self._ended.connect(self._tell_ended)

    def play(self, path: Path) -> None:
        ma = self._miniaudio
        try:
            sound = ma.decode_file(str(path), output_format=ma.SampleFormat.SIGNED16,
                                   nchannels=1, sample_rate=SAMPLE_RATE)
        except (ma.MiniaudioError, OSError) as error:
            raise PlayerError(f"can't play {path.name}: {error}") from error
        with self._lock:
            self._serial += 1
            self._samples = sound.samples
            self._at = 0
            self._told = False
        if not self._running:
            generator = self._feed()
            next(generator)
            try:
                self._device.start(generator)
            except ma.MiniaudioError as error:  # the sound card went away, for instance
                raise PlayerError(f"the sound device can't play: {error}") from error
            self._running = True

    def stop(self) -> None:
        with self._lock:
            self._serial += 1
            self._samples = array.array("h")
            self._at = 0
            self._told = True
        if self._running:
            self._running = False
            self._device.stop()

    def set_volume(self, volume: float) -> None:
        self._volume = min(1.0, max(0.0, volume))

    def close(self) -> None:
        self.stop()
        self._device.close()

    def _feed(self) -> Generator[array.array[int], int, None]:
        """Runs in the sound card's thread: a buffer of samples each time it asks."""
        frames = yield array.array("h")
        while True:
            with self._lock:
                chunk = self._samples[self._at:self._at + frames]
                self._at += frames  # past the end: the silence after it
                done = self._at >= len(self._samples) + DRAIN_FRAMES and not self._told
                if done:
                    self._told = True
                serial = self._serial
            volume = self._volume
            if volume < 1.0 and chunk:
                chunk = array.array("h", (int(sample * volume) for sample in chunk))
            if len(chunk) < frames:  # the sentence is over: silence until the next one
                chunk.extend([0] * (frames - len(chunk)))
            if done:
                self._ended.emit(serial)
            frames = yield chunk

    def _tell_ended(self, serial: int) -> None:
        if serial == self._serial:
            self.finished.emit()


def import_miniaudio() -> Any:
    """miniaudio, without the web client it carries for internet radio: its `import
    urllib.request` would load HTTP, e-mail parsing and OpenSSL, 8 MiB of memory the kiosk
    never uses (and it never goes on the network). Its radio classes are the only users.
    Nor with numpy, which it takes where installed (the `[voice]` extra brings it, for
    making the audio): 20 MiB resident for sample arrays the kiosk never passes it."""
    if "miniaudio" in sys.modules:
        return sys.modules["miniaudio"]
    stand_ins: dict[str, types.ModuleType | None] = {}
    if "urllib.request" not in sys.modules:
        stand_ins["urllib.request"] = types.ModuleType("urllib.request")
    if "numpy" not in sys.modules:
        stand_ins["numpy"] = None  # `import numpy` raises ImportError: miniaudio does without
    for name, stand_in in stand_ins.items():
        sys.modules[name] = stand_in  # type: ignore[assignment]  # None: "not installed"
    try:
        import miniaudio
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name, False) is stand_in:
                del sys.modules[name]  # anyone else who asks gets the real one
    return miniaudio


# ALSA's own error handler, kept alive while the library may call it.
_ALSA_QUIET: Any = None


def _quiet_alsa() -> None:
    """ALSA prints some thirty lines to stderr when a PC has no sound card; the kiosk says
    it in one line of its own instead. (Its handler takes a format and more arguments; a
    handler that ignores them all needs none of them.)"""
    global _ALSA_QUIET  # noqa: PLW0603 (one handler for the process, as ALSA has)
    if _ALSA_QUIET is not None:
        return
    try:
        asound = ctypes.CDLL("libasound.so.2")
    except OSError:
        return  # no ALSA: nothing to quieten
    handler = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                               ctypes.c_int, ctypes.c_char_p)
    _ALSA_QUIET = handler(lambda *_: None)
    asound.snd_lib_error_set_handler(_ALSA_QUIET)


def open_player(parent: QObject | None = None, *, backends: list[Any] | None = None
                ) -> Player | None:
    """The real player on the PC's sound device; None, with one log line, when there is no
    player library or no sound device (Read aloud is then not offered)."""
    try:
        miniaudio = import_miniaudio()
    except ImportError as error:
        log.warning("read aloud is off: the audio player is not installed (%s)", error)
        return None
    _quiet_alsa()
    try:
        device = miniaudio.PlaybackDevice(output_format=miniaudio.SampleFormat.SIGNED16,
                                          nchannels=1, sample_rate=SAMPLE_RATE,
                                          buffersize_msec=BUFFER_MS, callback_periods=PERIODS,
                                          backends=backends,
                                          app_name="kiosk")
    except miniaudio.MiniaudioError as error:
        log.warning("read aloud is off: no sound device (%s)",
                    ", ".join(str(arg) for arg in error.args))
        return None
    log.info("read aloud: sound through %s", device.backend)
    return MiniaudioPlayer(device, miniaudio, parent)
