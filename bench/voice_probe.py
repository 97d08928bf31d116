"""Read aloud in the real kiosk, in a child process of bench.run; prints one JSON line.

    .venv/bin/python -m bench.voice_probe --state-dir DIR [--rounds N] [--seconds S] [--taps N]

The real player (kiosk/audio.py, miniaudio) on miniaudio's null backend: it pulls samples in
real time like a sound card, but no card is needed (a bench machine has none). "First sound"
is when the player hands the device the sentence's first samples; a real card adds its own
output latency on top (at most a buffer, 60 ms, kiosk/audio.py BUFFER_MS).

The recorded voice of the content is used where it is there and matches (kiosk voice); else
every sentence is a made-up 1.5 s tone, so the figures never wait for a render.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import struct
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from bench.kiosk_probe import Bench, measure_idle, rss_mib
from kiosk.audio import MiniaudioPlayer, import_miniaudio, open_player
from kiosk.read_aloud import Narration
from kiosk.voice import Spoken, page_sentences
from kiosk.window import WARM_UP_DELAY_MS

# The targets.
FIRST_SOUND_MS = 300.0
VOICE_MEMORY_OVER_FLOOR_MIB = 40.0
IDLE_PERCENT = 0.1
GROWTH_MIB = 2.0


def made_up_narration(bench: Bench, folder: Path) -> Narration:
    """A 1.5 s tone for every sentence of every page (one file, shared)."""
    tone = folder / "tone.wav"
    rate = 22_050
    with wave.open(str(tone), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", int(6000 * math.sin(i / 8)))
                                 for i in range(int(rate * 1.5))))
    return {language.code: {page: tuple(Spoken(text, tone, 1.5) for text in texts)
                            for page, texts in page_sentences(language).items()}
            for language in bench.window.content.languages}


class Ear:
    """Listens at the device: when each file's first samples were handed to it."""

    def __init__(self, player: MiniaudioPlayer) -> None:
        self.heard: dict[int, float] = {}
        self._lock = threading.Lock()
        feed = player._feed

        def listening() -> Any:
            inner = feed()
            frames = yield next(inner)
            while True:
                chunk = inner.send(frames)
                if any(chunk):
                    with self._lock:
                        self.heard.setdefault(player._serial, time.perf_counter())
                frames = yield chunk

        player._feed = listening  # type: ignore[method-assign]
        self._player = player

    def heard_since(self, began: float) -> float | None:
        """ms from began to the first samples of the file playing now, if heard yet."""
        with self._lock:
            at = self.heard.get(self._player._serial)
        return None if at is None or at < began else (at - began) * 1000


def tap_and_listen(bench: Bench, ear: Ear, button: Any) -> float:
    from PySide6.QtTest import QTest

    began = time.perf_counter()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    for _ in range(40):  # up to 2 s, in the kiosk's own event loop
        heard = ear.heard_since(began)
        if heard is not None:
            return heard
        bench.run_for(0.05)
    raise SystemExit(f"no sound within 2 s of tapping {button.objectName()}")


def voice(state_dir: str, rounds: int, seconds: float, taps: int) -> int:
    bench = Bench(state_dir)
    bench.run_for(WARM_UP_DELAY_MS / 1000 + 0.5)  # past the kiosk's own attempt to load
    kiosk, window = bench.kiosk, bench.window
    before_load = rss_mib()
    loading = time.perf_counter()
    miniaudio = import_miniaudio()
    player = open_player(kiosk, backends=[miniaudio.Backend.NULL])
    if not isinstance(player, MiniaudioPlayer):
        raise SystemExit("miniaudio's null backend would not open")
    with tempfile.TemporaryDirectory() as folder:
        from kiosk.app import load_narration

        narration = load_narration(window.content)
        recorded = bool(narration)
        if not recorded:
            narration = made_up_narration(bench, Path(folder))
        kiosk.reader.attach(player, narration)
        load_ms = (time.perf_counter() - loading) * 1000
        ear = Ear(player)
        bench.run_for(0.5)
        after_load = rss_mib()
        idle = measure_idle(bench, seconds)  # loaded, on Home, silent
        first, switches = [], []
        home = window.home
        for _ in range(rounds):
            first.append(tap_and_listen(bench, ear, home.controls.read_aloud))
            # Speaking Home: open a topic; its voice must replace Home's.
            switches.append(tap_and_listen(bench, ear, home.buttons[0]))
            page = window.current_widget()
            switches.append(tap_and_listen(bench, ear, page.next_button))
            window.current_widget().controls.read_aloud.click()  # Stop
            window.show_home()
            bench.run_for(0.1)
        speaking_rss = rss_mib()
        kiosk.visit.set_read_aloud(True)
        grown_from = rss_mib()
        for number in range(taps):
            index = number % (len(window.topics) - 1)
            window.show_topic(index)
            bench.run_for(0.02)
            window.show_home()
            bench.run_for(0.02)
        kiosk.visit.set_read_aloud(False)
        grown_to = rss_mib()
    bench.close()
    print(json.dumps({
        "recorded_voice": recorded, "load_ms": load_ms, "rss_before_load_mib": before_load,
        "rss_loaded_mib": after_load, "rss_speaking_mib": speaking_rss, "idle": idle,
        "first_sound_ms": first, "switch_ms": switches, "growth_taps": taps,
        "growth_from_mib": grown_from, "growth_to_mib": grown_to}), flush=True)
    return 0


def rows(found: dict, floor_mib: float) -> list[list[str]]:
    """The read-aloud rows of bench.run's table."""
    def verdict(ok: bool) -> str:
        return "pass" if ok else "**MISS**"

    def spread(samples: list[float]) -> tuple[float, float]:
        ordered = sorted(samples)
        return statistics.median(ordered), ordered[max(1, math.ceil(0.95 * len(ordered))) - 1]

    voice_name = "recorded voice" if found["recorded_voice"] else "made-up clips"
    p50, p95 = spread(found["first_sound_ms"])
    s50, s95 = spread(found["switch_ms"])
    idle = found["idle"]
    in_use = max(found["rss_loaded_mib"], found["rss_speaking_mib"])
    loaded = found["rss_loaded_mib"] - found["rss_before_load_mib"]
    grown = found["growth_to_mib"] - found["growth_from_mib"]
    return [
        [f"read aloud: tap to first sound (n={len(found['first_sound_ms'])}, {voice_name})",
         f"p50 {p50:.1f} ms, p95 {p95:.1f} ms", "", "null backend, + card latency",
         f"p95 < {FIRST_SOUND_MS:.0f} ms", verdict(p95 < FIRST_SOUND_MS)],
        [f"read aloud: page change while speaking (n={len(found['switch_ms'])})",
         f"p50 {s50:.1f} ms, p95 {s95:.1f} ms", "", "old voice stopped, new one heard",
         f"p95 < {FIRST_SOUND_MS:.0f} ms", verdict(s95 < FIRST_SOUND_MS)],
        [f"read aloud: idle CPU, {idle['wall_s']:.0f} s on Home, player loaded",
         f"{idle['percent_of_core']:.3f} % of a core", "",
         f"{idle['cpu_s'] * 1000:.1f} ms CPU, {idle['wakeups']} wake-ups",
         f"< {IDLE_PERCENT} %", verdict(idle["percent_of_core"] < IDLE_PERCENT)],
        ["read aloud: resident memory, player loaded and speaking", f"{in_use:.1f} MiB",
         f"{floor_mib:.1f} MiB",
         f"{in_use - floor_mib:+.1f} MiB (loading it {loaded:+.1f})",
         f"<= +{VOICE_MEMORY_OVER_FLOOR_MIB:.0f} MiB",
         verdict(in_use - floor_mib <= VOICE_MEMORY_OVER_FLOOR_MIB)],
        [f"read aloud: memory growth over {found['growth_taps']:,} page changes, speaking",
         f"{grown:+.2f} MiB", "",
         f"RSS {found['growth_from_mib']:.1f} -> {found['growth_to_mib']:.1f} MiB",
         f"< {GROWTH_MIB:.0f} MiB", verdict(grown < GROWTH_MIB)],
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.voice_probe")
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--rounds", type=int, default=20, help="taps on Read aloud")
    parser.add_argument("--seconds", type=float, default=60.0, help="idle, player loaded")
    parser.add_argument("--taps", type=int, default=2000, help="page changes while speaking")
    args = parser.parse_args(argv)
    return voice(args.state_dir, args.rounds, args.seconds, args.taps)


if __name__ == "__main__":
    sys.exit(main())
