"""The real player (miniaudio) on its null backend: decodes a file, plays it to its end in
real time, says so once, and stops at once. No sound card is needed."""

import math
import struct
import subprocess
import sys
import wave

import miniaudio
import pytest

from kiosk.audio import PlayerError, open_player


def tone(path, seconds: float) -> None:
    """A short mono 22,050 Hz WAV (miniaudio decodes Ogg Vorbis, the voice's format, alike)."""
    rate = 22_050
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", int(6000 * math.sin(i / 8)))
                                 for i in range(int(rate * seconds))))


@pytest.fixture
def player(qapp):
    made = open_player(backends=[miniaudio.Backend.NULL])
    assert made is not None
    yield made
    made.close()


def test_a_file_plays_to_its_end_and_finished_is_told_once(qtbot, player, tmp_path):
    clip = tmp_path / "one.wav"
    tone(clip, 0.2)
    told = []
    player.finished.connect(lambda: told.append(1))
    with qtbot.waitSignal(player.finished, timeout=3000):
        player.play(clip)
    qtbot.wait(300)
    assert told == [1]


def test_stop_silences_at_once_and_finished_is_not_told(qtbot, player, tmp_path):
    clip = tmp_path / "long.wav"
    tone(clip, 2.0)
    told = []
    player.finished.connect(lambda: told.append(1))
    player.play(clip)
    qtbot.wait(100)
    player.stop()
    qtbot.wait(300)
    assert told == []


def test_a_file_that_is_not_audio_is_a_clear_error(player, tmp_path):
    broken = tmp_path / "broken.ogg"
    broken.write_bytes(b"not audio at all")
    with pytest.raises(PlayerError, match=r"broken\.ogg"):
        player.play(broken)



def test_the_player_loads_neither_numpy_nor_the_web_client():
    # Both are memory the kiosk never uses (numpy alone 20 MiB resident): numpy is installed
    # beside it for `kiosk voice`, and miniaudio takes it wherever it is.
    check = ("import sys; from kiosk.audio import import_miniaudio; m = import_miniaudio(); "
             "print('numpy' in sys.modules, 'urllib.request' in sys.modules, m.numpy is None)")
    shown = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                           check=True).stdout.split()
    assert shown == ["False", "False", "True"]
