"""The soak: a random patient (and a curious one at the staff corner) taps through every screen
of the real kiosk, in-process and offscreen, with Read aloud speaking through the real player,
while memory, file descriptors, threads, widgets and Python objects are sampled. After warm-up
every series must stay flat.

    python -m tests.soak --steps 20000      # `make soak`; tests/test_soak.py runs a short one
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import random
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MIB = 1024 * 1024
RSS_LIMIT_MIB = 2.0  # the figure for "flat"
OBJECT_SLACK = 300  # Python objects: caches (regex, fonts, logging) settle within this
WARM_UP_FRACTION = 0.2


@dataclass(frozen=True)
class Sample:
    step: int
    rss_kib: int
    fds: int
    threads: int
    widgets: int
    objects: int


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _trim() -> None:
    """Hand the allocator's free pages back to the system first (glibc's malloc_trim): resident
    memory then counts what the process holds, not free memory glibc keeps for reuse, which
    comes and goes by megabytes with the order of frees (with read aloud on, it swung by 3 MiB
    from one sample to the next while the heap held the same)."""
    import ctypes

    with suppress(OSError, AttributeError):  # not glibc: resident memory as it is
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def sample(step: int, held: int = 0) -> Sample:
    """The process now; `held` earlier samples are the soak's own objects, not the app's."""
    from PySide6.QtWidgets import QApplication

    gc.collect()
    _trim()
    return Sample(step=step, rss_kib=_rss_kib(), fds=len(os.listdir("/proc/self/fd")),
                  threads=len(os.listdir("/proc/self/task")),
                  widgets=len(QApplication.allWidgets()), objects=len(gc.get_objects()) - held)


@contextmanager
def soak_kiosk(seed_dir: Path | None = None) -> Iterator[object]:
    """The real Kiosk on a private content copy, with timings short enough to visit every
    screen many times: still-reading after 80 ms, a 3-step countdown, attract after 150 ms."""
    import shiboken6
    from PySide6.QtWidgets import QApplication

    from kiosk import paths
    from kiosk.app import Kiosk
    from kiosk.content import load_content
    from kiosk.pin import PinStore
    from kiosk.theme import Metrics, load_fonts
    from kiosk.window import KioskWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(dir=seed_dir) as temporary:
        root = Path(temporary) / "content"
        shutil.copytree(paths.DEFAULT_CONTENT_DIR, root)
        state = Path(temporary) / "state"
        window = KioskWindow(load_content(root), Metrics.for_display(1920, 1080, 21.5),
                             load_fonts())
        window.resize(1920, 1080)
        window.show()
        kiosk = Kiosk(window, root, state, full_screen=False, environ={})
        kiosk.staff_access.pins = PinStore(state, scrypt_n=2**4, base_wait=0.05, max_wait=0.2)
        # Never typed: the soak's staff only get it wrong.
        kiosk.staff_access.pins.set_pin("97531864")
        kiosk.idle.set_intervals(still_reading_ms=80, attract_ms=150)
        kiosk.countdown_seconds = 3
        kiosk.still_reading.set_tick_ms(10)
        kiosk.staff_access.gesture.set_timing(hold_ms=15, between_ms=200)
        kiosk.attract._mover.setInterval(30)  # many moves, to catch a leak in moving
        give_voice(kiosk, Path(temporary))
        kiosk.start(app, handle_signals=False)
        kiosk.finish_building()
        try:
            yield kiosk
        finally:
            kiosk.stop(app)
            window.close()
            shiboken6.delete(window)


def give_voice(kiosk, folder: Path) -> None:
    """Read aloud through the real player on miniaudio's null backend (it plays in real time
    with no sound card), every sentence of every page a 60 ms tone: many sentences, pages and
    stops go by."""
    import math
    import struct
    import wave

    from kiosk.audio import import_miniaudio, open_player
    from kiosk.voice import Spoken, page_sentences

    clip = folder / "tone.wav"
    with wave.open(str(clip), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22_050)
        out.writeframes(b"".join(struct.pack("<h", int(6000 * math.sin(i / 8)))
                                 for i in range(1323)))
    miniaudio = import_miniaudio()
    player = open_player(kiosk, backends=[miniaudio.Backend.NULL])
    if player is None:
        raise SystemExit("miniaudio's null backend would not open")
    kiosk.reader.attach(player, {
        language.code: {page: tuple(Spoken(text, clip, 0.06) for text in texts)
                        for page, texts in page_sentences(language).items()}
        for language in kiosk.window.content.languages})


class Patient:
    """Picks a plausible next tap from what is on screen, as a person would."""

    def __init__(self, kiosk, rng: random.Random) -> None:
        self.kiosk = kiosk
        self.rng = rng
        self.visits: dict[str, int] = {}

    def step(self) -> None:
        from PySide6.QtTest import QTest

        kiosk = self.kiosk
        if kiosk.attract.isVisible():
            self._count("attract")
            self._tap(kiosk.attract)
        elif kiosk.still_reading.isVisible():
            self._count("still-reading")
            if self.rng.random() < 0.5:
                self._tap(kiosk.still_reading.button)
            else:
                QTest.qWait(40)  # let the countdown run out: back to Home
        elif kiosk.staff_access.pad.isVisible():
            self._count("pin-pad")
            self._at_pin_pad()
        elif kiosk.staff_access.panel.isVisible():  # unreachable without the PIN; here for safety
            self._tap(kiosk.staff_access.panel.back_button)
        else:
            self._on_window()

    def _on_window(self) -> None:
        from PySide6.QtTest import QTest

        from kiosk.screen_id import HOME

        window = self.kiosk.window
        if self._voice():
            return
        roll = self.rng.random()
        if window.current_screen() == HOME:
            self._count("home")
            if roll < 0.7:
                self._tap(self.rng.choice(window.home.buttons))
            elif roll < 0.8:
                self._tap_picture(window.home.picture)
            elif roll < 0.88:
                self._staff_gesture()
            else:
                QTest.qWait(self.rng.choice((20, 200)))  # long enough, and attract shows
            return
        page = window.current_widget()
        self._count("topic")
        if roll < 0.3:
            self._tap(page.next_button)
        elif roll < 0.5:
            self._tap(page.previous_button)
        elif roll < 0.65:
            self._tap(page.home_button)
        elif roll < 0.8:
            self._tap_picture(page.picture)
        elif roll < 0.9:
            self._tap(page.text)
        else:
            QTest.qWait(95)  # a slow reader: "Still reading?" comes up (at 80 ms)

    def _voice(self) -> bool:
        """Now and then Read aloud (or Stop), Louder or Softer; True if tapped."""
        if self.kiosk.reader.speaking:
            self._count("read-aloud")
        if self.rng.random() >= 0.08:
            return False
        controls = self.kiosk.window.current_widget().controls
        self._tap(self.rng.choice((controls.read_aloud, controls.read_aloud, controls.louder,
                                   controls.softer)))
        return True

    def _at_pin_pad(self) -> None:
        pad = self.kiosk.staff_access.pad
        if not pad.keys["OK"].isEnabled() or self.rng.random() < 0.2:
            self._tap(pad.cancel)
            return
        for _ in range(self.rng.randint(1, 8)):
            self._tap(pad.keys[self.rng.choice("0123456789")])
        self._tap(pad.keys["OK"])

    def _staff_gesture(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        office = self.kiosk.window.home.office
        for _ in range(2):
            QTest.mousePress(office, Qt.MouseButton.LeftButton)
            QTest.qWait(25)
            QTest.mouseRelease(office, Qt.MouseButton.LeftButton)

    def _tap_picture(self, picture) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        centres = picture.head_centres()
        if centres:
            spot = self.rng.choice(centres).toPoint()
            QTest.mouseClick(picture, Qt.MouseButton.LeftButton, pos=spot)
        else:
            self._tap(picture)

    def _tap(self, widget) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        if widget.isVisible():
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton)

    def _count(self, screen: str) -> None:
        self.visits[screen] = self.visits.get(screen, 0) + 1


def run_soak(steps: int, every: int, seed: int = 1,
             report: Callable[[Sample], None] | None = None) -> tuple[list[Sample], dict]:
    """Tap `steps` times; a sample before the first step and every `every` steps after."""
    from PySide6.QtWidgets import QApplication

    with soak_kiosk() as kiosk:
        patient = Patient(kiosk, random.Random(seed))  # noqa: S311 - repeatable, not secret
        samples = [sample(0)]
        for step in range(1, steps + 1):
            patient.step()
            QApplication.processEvents()
            if step % every == 0:
                samples.append(sample(step, held=len(samples)))
                if report:
                    report(samples[-1])
        return samples, dict(patient.visits)


def problems(samples: list[Sample]) -> list[str]:
    """What is not flat after warm-up; empty when the soak passes."""
    settled = samples[max(1, int(len(samples) * WARM_UP_FRACTION)):]
    if len(settled) < 2:
        return ["too few samples after warm-up; run more steps"]
    found = []
    rss = [s.rss_kib for s in settled]
    if (max(rss) - min(rss)) / 1024 > RSS_LIMIT_MIB:
        found.append(f"resident memory moved {(max(rss) - min(rss)) / 1024:.1f} MiB "
                     f"after warm-up (limit {RSS_LIMIT_MIB} MiB)")
    for name in ("widgets", "fds", "threads"):
        values = {getattr(s, name) for s in settled}
        if len(values) > 1:
            found.append(f"{name} not flat after warm-up: {sorted(values)}")
    objects = [s.objects for s in settled]
    if objects[-1] - objects[0] > OBJECT_SLACK:
        found.append(f"Python objects grew by {objects[-1] - objects[0]} after warm-up")
    return found


def table(samples: list[Sample]) -> str:
    lines = [f"{'step':>7} {'RSS MiB':>8} {'fds':>5} {'threads':>7} {'widgets':>7} "
             f"{'objects':>8}"]
    lines += [f"{s.step:>7} {s.rss_kib / 1024:>8.1f} {s.fds:>5} {s.threads:>7} "
              f"{s.widgets:>7} {s.objects:>8}" for s in samples]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--every", type=int, default=0, help="sample interval (default steps/20)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    # The staff pad logs every wrong PIN; the soak types thousands. Errors still show.
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    every = args.every or max(1, args.steps // 20)
    print(table([]).splitlines()[0], flush=True)
    samples, visits = run_soak(args.steps, every, args.seed,
                               report=lambda s: print(table([s]).splitlines()[1], flush=True))
    print("\nscreens visited:", ", ".join(f"{k} {v}" for k, v in sorted(visits.items())))
    found = problems(samples)
    for problem in found:
        print("NOT FLAT:", problem)
    print("soak passed: every series flat after warm-up" if not found else "soak FAILED")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
