"""The real kiosk, driven in a child process of bench.run; each mode prints one JSON line.

    .venv/bin/python -m bench.kiosk_probe start  --state-dir DIR
    .venv/bin/python -m bench.kiosk_probe early  --state-dir DIR
    .venv/bin/python -m bench.kiosk_probe taps   --state-dir DIR [--rounds N]
    .venv/bin/python -m bench.kiosk_probe growth --state-dir DIR [--taps N] [--warmup N]
    .venv/bin/python -m bench.kiosk_probe idle   --state-dir DIR [--seconds S]

Add --profile FILE to any of them for cProfile stats (read them with `python -m pstats FILE`).

Offscreen, on one 1920x1080 screen of 21.5 inches (bench/offscreen-1920x1080.json).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any

# The kiosk first, as `kiosk run` loads it. Importing PySide6 puts in an import hook that reads
# the source of every module imported after it, and kiosk.app takes it out again
# (kiosk/pyside.py): imported after this probe's own PySide6 imports, kiosk.app's would be
# read too, which a real start never does, and the start would be timed slower than it is.
import kiosk.app
import kiosk.cli

# isort: split
import shiboken6
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from bench.paint import (
    DIAGONAL_INCHES,
    SIZE,
    PaintCounter,
    use_offscreen,
    wait_for_paint,
    when_first_painted,
)
from kiosk.screen_id import HOME, TopicPage
from kiosk.window import WARM_UP_DELAY_MS

# Only what `start` needs is imported above: the start child is timed, and the modules only
# the other modes use (statistics, socket, cProfile: about 10 ms) are imported by those modes.

ROUTE_TOPICS = 6  # topics 1 to 6 have a Next button (the 7th is the last)
WATCHDOG_S = 30  # WatchdogSec in deploy/kiosk.service: the kiosk pings every 15 s


# --- start: the real `kiosk run` ------------------------------------------------------------

def start(state_dir: str) -> int:
    """`kiosk run --windowed --size 1920x1080`, through kiosk.cli.main, ended once every page
    and part is built (Kiosk.ready). The only change is a wrapper round kiosk.app.create that
    watches the window it made: run() looks create up when it calls it, and the window is not
    painted before the event loop runs. One line: when the first paint was over, when every
    page had been built and painted once, and when the kiosk was ready (READY=1)."""
    use_offscreen()
    create = kiosk.app.create

    def create_and_watch(args: argparse.Namespace, app: QApplication,
                         environ: Mapping[str, str] = os.environ) -> kiosk.app.Kiosk | None:
        made = create(args, app, environ)
        if made is None:
            return None
        window, found = made.window, {}

        def painted(stamp: float) -> None:
            found.update(painted_monotonic=stamp, width=window.width(), height=window.height(),
                         screen=str(window.current_screen()),
                         pages_ready_at_paint=window.pages_ready())

        def ready() -> None:
            found["ready_monotonic"] = time.monotonic()
            print(json.dumps(found), flush=True)
            QApplication.exit(0)

        when_first_painted(window, painted)
        window.all_pages_ready.connect(
            lambda: found.setdefault("pages_monotonic", time.monotonic()))
        made.ready.connect(ready)
        return made

    kiosk.app.create = create_and_watch
    return kiosk.cli.main(["run", "--windowed", "--size", "x".join(map(str, SIZE)),
                           "--diagonal", str(DIAGONAL_INCHES), "--state-dir", state_dir])


def early(state_dir: str) -> int:
    """A tap in the first moment after the first paint, before any page but Home is built: on
    the last topic's button (its page is built last of all), from a zero timer queued by the
    window's first paint; timed from the click until that page has been painted."""
    use_offscreen()
    app = QApplication(sys.argv[:1])
    args = argparse.Namespace(content=None, state_dir=state_dir, windowed=True, size=SIZE,
                              diagonal=DIAGONAL_INCHES)
    made = kiosk.app.create(args, app, environ={})
    if made is None:
        raise SystemExit("the kiosk would not start (see above)")
    window, found = made.window, {}

    def tap(_stamp: float) -> None:
        from PySide6.QtTest import QTest  # before the clock starts

        found["pages_built_before"] = window.stack.count()
        began = time.perf_counter()
        QTest.mouseClick(window.home.buttons[-1], Qt.MouseButton.LeftButton)
        page = window.current_widget()
        wait_for_paint(app, PaintCounter([page], window), page, 0)
        found["early_tap_ms"] = (time.perf_counter() - began) * 1000
        found["screen"] = str(window.current_screen())
        found["ready_before"] = made.is_ready

    def ready() -> None:
        print(json.dumps(found), flush=True)
        QApplication.exit(0)

    when_first_painted(window, tap)
    made.ready.connect(ready)
    status = app.exec()
    made.stop(app)
    shiboken6.delete(window)
    return status


# --- the kiosk in this process ----------------------------------------------------------------

class Bench:
    """The real Kiosk from kiosk.app.create, shown and painted, with every screen watched."""

    def __init__(self, state_dir: str, environ: Mapping[str, str] | None = None) -> None:
        use_offscreen()
        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        args = argparse.Namespace(content=None, state_dir=state_dir, windowed=True, size=SIZE,
                                  diagonal=DIAGONAL_INCHES)
        made = kiosk.app.create(args, self.app, environ=environ or {})  # {}: no systemd
        if made is None:
            raise SystemExit("the kiosk would not start (see above)")
        self.kiosk = made
        self.window = made.window
        if not made.is_ready:  # the first paint, then every page and part built after it
            loop = QEventLoop()
            made.ready.connect(loop.quit)
            loop.exec()
        self.screens = [self.window.home, *self.window.topics]
        self.painted = PaintCounter([*self.screens, made.attract], self.window)
        if self.window.size().toTuple() != SIZE:
            raise SystemExit(f"the window is {self.window.size().toTuple()}, not {SIZE}")

    def wait_painted(self, widget: QWidget, before: int) -> None:
        wait_for_paint(self.app, self.painted, widget, before)

    def tap(self, button: QAbstractButton, opens: QWidget) -> float:
        """Click a real button with QTest, run the loop until `opens` has been painted: ms.

        QTest spaces successive clicks beyond the double-click interval, so the kiosk's guard
        against the second half of a double tap lets each one through; checked all the same.
        """
        from PySide6.QtTest import QTest  # here: `start` must not pay for loading it

        expected = HOME if opens is self.window.home else TopicPage(opens.topic.slug)
        before = self.painted.count(opens)
        began = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        self.wait_painted(opens, before)
        elapsed = (time.perf_counter() - began) * 1000
        if self.window.current_screen() != expected:
            raise SystemExit(f"a tap meant to open {expected} left {self.window.current_screen()}")
        return elapsed

    def switch(self, button: QAbstractButton, page: QWidget, wanted: Callable[[], bool]
               ) -> float:
        """Tap a patient switch (Larger text, High contrast) on the page on show; run the loop
        until that page, restyled, has been painted: ms."""
        from PySide6.QtTest import QTest

        before = self.painted.count(page)
        began = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        self.wait_painted(page, before)
        elapsed = (time.perf_counter() - began) * 1000
        if not wanted():
            raise SystemExit(f"a tap on {button.objectName()} did not switch it")
        return elapsed

    def run_for(self, seconds: float) -> None:
        """The kiosk's own event loop, as in production, for this long."""
        loop, timer = QEventLoop(), QTimer()
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may end 5 % late
        timer.timeout.connect(loop.quit)
        timer.start(round(seconds * 1000))
        loop.exec()

    def close(self) -> None:
        self.kiosk.stop(self.app)
        shiboken6.delete(self.window)  # while QApplication lives


def route(bench: Bench) -> list[tuple[str, Callable[[], float]]]:
    """One pass of taps, each a (kind, tap): open topic k from Home, Next, then Home."""
    window, taps = bench.window, []
    for index in range(ROUTE_TOPICS):
        page, following = window.topics[index], window.topics[index + 1]
        taps += [
            ("open", lambda b=window.home.buttons[index], p=page: bench.tap(b, p)),
            ("next", lambda b=page.next_button, p=following: bench.tap(b, p)),
            ("home", lambda b=following.home_button: bench.tap(b, window.home)),
        ]
    return taps


def switches(bench: Bench) -> list[tuple[str, Callable[[], float]]]:
    """One pass of the patient switches on a topic page: larger text on and off, high contrast
    on and off (each restyles every screen)."""
    window, visit, taps = bench.window, bench.window.visit, []
    for index in range(ROUTE_TOPICS):
        page = window.topics[index]
        big, dark = page.controls.larger_text, page.controls.high_contrast
        taps += [
            ("open", lambda b=window.home.buttons[index], p=page: bench.tap(b, p)),
            ("switch", lambda b=big, p=page: bench.switch(b, p, lambda: visit.larger_text)),
            ("switch", lambda b=big, p=page: bench.switch(b, p, lambda: not visit.larger_text)),
            ("switch", lambda b=dark, p=page: bench.switch(b, p, lambda: visit.high_contrast)),
            ("switch", lambda b=dark, p=page: bench.switch(
                b, p, lambda: not visit.high_contrast)),
            ("language", lambda b=page.controls.language, p=page: bench.switch(
                b, p, lambda: visit.language != visit.defaults.language)),
            ("language", lambda b=page.controls.language, p=page: bench.switch(
                b, p, lambda: visit.language == visit.defaults.language)),
            ("home", lambda b=page.home_button: bench.tap(b, window.home)),
        ]
    return taps


def taps(state_dir: str, rounds: int) -> int:
    """Tap-to-repaint for opening a topic, Next and Home; the first pass (each page's first
    showing) is reported apart from the warm passes."""
    bench = Bench(state_dir)
    # No patient taps within a second of the kiosk starting: by then it has painted the
    # pages not on show once, off screen (kiosk/window.py, WARM_UP_DELAY_MS).
    bench.run_for(WARM_UP_DELAY_MS / 1000 + 0.5)
    kinds = ("open", "next", "home", "switch", "language")
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    first: dict[str, list[float]] = {kind: [] for kind in kinds}
    for number in range(rounds + 1):
        for kind, tap in route(bench):
            (first if number == 0 else times)[kind].append(tap())
    # The switches apart: the pages they restyle are laid out again, off screen, a second
    # later (kiosk/window.py), and the route's figures are about pages already warm.
    for number in range(max(1, rounds // 5) + 1):
        for kind, tap in switches(bench):
            if kind in ("switch", "language"):
                (first if number == 0 else times)[kind].append(tap())
            else:
                tap()
                bench.run_for(WARM_UP_DELAY_MS / 1000 + 0.2)
    bench.close()
    print(json.dumps({"taps": times, "first_pass": first}), flush=True)
    return 0


# --- growth: memory over many navigations ----------------------------------------------------

def rss_mib() -> float:
    """Resident memory now, after a full collection (what growth is about is what stays)."""
    import gc

    gc.collect()
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def navigate(bench: Bench, count: int) -> list[float]:
    """`count` taps round topic, Next, Previous and Home: every kind of page change."""
    window, done, times = bench.window, 0, []
    while done < count:
        for index in range(ROUTE_TOPICS):
            page, following = window.topics[index], window.topics[index + 1]
            for button, opens in ((window.home.buttons[index], page),
                                  (page.next_button, following),
                                  (following.previous_button, page),
                                  (page.home_button, window.home)):
                if done == count:
                    return times
                times.append(bench.tap(button, opens))
                done += 1
    return times


def growth(state_dir: str, count: int, warmup: int) -> int:
    import gc
    import statistics

    bench = Bench(state_dir)
    navigate(bench, warmup)
    objects_before, before = len(gc.get_objects()), rss_mib()
    started = time.perf_counter()
    times = navigate(bench, count)
    seconds = time.perf_counter() - started
    after, objects_after = rss_mib(), len(gc.get_objects())
    bench.close()
    print(json.dumps({"taps": count, "rss_before_mib": before, "rss_after_mib": after,
                      "python_objects_before": objects_before,
                      "python_objects_after": objects_after, "seconds": seconds,
                      "tap_median_ms": statistics.median(times)}), flush=True)
    return 0


# --- idle: CPU while nobody touches it --------------------------------------------------------

def cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure_idle(bench: Bench, seconds: float) -> dict[str, float]:
    """The process's CPU time and wake-ups (voluntary context switches) over `seconds` of the
    real event loop."""
    import resource

    cpu, switches = cpu_seconds(), resource.getrusage(resource.RUSAGE_SELF).ru_nvcsw
    began = time.monotonic()
    bench.run_for(seconds)
    wall = time.monotonic() - began
    return {"cpu_s": cpu_seconds() - cpu, "wall_s": wall,
            "percent_of_core": 100 * (cpu_seconds() - cpu) / wall,
            "wakeups": resource.getrusage(resource.RUSAGE_SELF).ru_nvcsw - switches}


def idle(state_dir: str, seconds: float, settle: float) -> int:
    """Home, then the attract screen, each left alone for `seconds`, fed by systemd's watchdog
    as deploy/kiosk.service runs it: the pings go to a socket here that nobody reads."""
    import contextlib
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as systemd:
        address = os.path.join(state_dir, "notify.sock")
        systemd.bind(address)
        systemd.setblocking(False)
        environ = {"NOTIFY_SOCKET": address, "WATCHDOG_USEC": str(WATCHDOG_S * 1_000_000)}
        found = idle_windows(Bench(state_dir, environ), seconds, settle)
        pings = 0
        with contextlib.suppress(BlockingIOError):  # until no datagram is left
            while True:
                pings += systemd.recv(64) == b"WATCHDOG=1"
        found["watchdog_pings"] = pings
    print(json.dumps(found), flush=True)
    return 0


def idle_windows(bench: Bench, seconds: float, settle: float) -> dict[str, Any]:
    """Measure Home, then the attract screen; checks that nothing moved either on."""
    bench.run_for(settle)  # start-up's own work (posted events, deferred deletes) is not idling
    home = measure_idle(bench, seconds)
    home_ok = bench.window.current_screen() == HOME and not bench.kiosk.attract.isVisible()
    before = bench.painted.count(bench.kiosk.attract)
    bench.kiosk.show_attract()
    bench.wait_painted(bench.kiosk.attract, before)
    bench.run_for(settle)
    attract = measure_idle(bench, seconds)
    attract_ok = bench.kiosk.attract.isVisible()
    bench.close()
    if not (home_ok and attract_ok):
        raise SystemExit(f"the screen changed while idle: home {home_ok}, attract {attract_ok}")
    return {"home": home, "attract": attract}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.kiosk_probe")
    parser.add_argument("mode", choices=("start", "early", "taps", "growth", "idle"))
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--rounds", type=int, default=30, help="taps: warm passes of the route")
    parser.add_argument("--taps", type=int, default=10_000, help="growth: navigations measured")
    parser.add_argument("--warmup", type=int, default=500, help="growth: navigations before")
    parser.add_argument("--seconds", type=float, default=60.0, help="idle: each of the two")
    parser.add_argument("--settle", type=float, default=2.0, help="idle: before each window")
    parser.add_argument("--profile", metavar="FILE",
                        help="run the mode under cProfile and save its stats to FILE")
    args = parser.parse_args(argv)
    modes: dict[str, Callable[[], int]] = {
        "start": lambda: start(args.state_dir),
        "early": lambda: early(args.state_dir),
        "taps": lambda: taps(args.state_dir, args.rounds),
        "growth": lambda: growth(args.state_dir, args.taps, args.warmup),
        "idle": lambda: idle(args.state_dir, args.seconds, args.settle),
    }
    if not args.profile:
        return modes[args.mode]()
    import cProfile

    profile = cProfile.Profile()
    try:
        return profile.runcall(modes[args.mode])
    finally:
        profile.dump_stats(args.profile)


if __name__ == "__main__":
    sys.exit(main())
