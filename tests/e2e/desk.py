"""The end-to-end harness: a real X server, a window manager, the kiosk as its own process,
real input through xdotool, and screenshots compared with the kiosk's own snapshots.

The kiosk is a black box here. What screen it shows is decided from pixels only (the X
server's framebuffer against `kiosk snapshot`'s PNGs), and where to tap comes from the same
snapshot's layout.json: no hooks into the app, so these tests see what a patient sees.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_CONTENT = PROJECT_ROOT / "content"
# `make run` runs .venv/bin/kiosk: the console script next to the interpreter running pytest.
KIOSK = Path(sys.executable).with_name("kiosk")

SCREEN = (1920, 1080)
DIAGONAL = 21.5
# A 21.5-inch 1920x1080 panel: sqrt(1920² + 1080²) / 21.5 = 102.5 pixels per inch.
DPI = 102
SCREEN_CENTRE = (SCREEN[0] // 2, SCREEN[1] // 2)

# Qt eats the second tap of a double tap when the first one changed the screen (kiosk/lockdown.py,
# the style hint's double-click interval: 400 ms unless an XSettings daemon says otherwise, and
# this X server has none). Taps meant as separate taps are spaced at least this far apart.
TAP_SPACING_S = 0.5

# Screens are compared on a 480x270 greyscale thumbnail: a pixel "differs" when its grey level
# is more than PIXEL_TOLERANCE away, and a screen matches a snapshot when at most
# MATCH_FRACTION of its pixels differ. The live screen and the snapshot come out identical on
# Xvfb; the slack is for the countdown's digits on "Still reading?". The closest two different
# screens (Home, and Home with a bone named) differ in 0.6 % of the pixels.
THUMB = (480, 270)
PIXEL_TOLERANCE = 24
MATCH_FRACTION = 0.003

# Snapshot files that are whole screens (the part-* files are single drawings).
SCREEN_PREFIXES = ("home", "topic-", "still-reading", "attract", "staff-")

# Variables that would steer the kiosk somewhere else than the X server under test.
FOREIGN_ENV = ("WAYLAND_DISPLAY", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID",
               "KIOSK_CONTENT_DIR", "KIOSK_STATE_DIR", "QT_QPA_PLATFORM", "DISPLAY",
               "XAUTHORITY", "QT_SCALE_FACTOR", "QT_SCREEN_SCALE_FACTORS",
               "QT_ENABLE_HIGHDPI_SCALING", "QT_AUTO_SCREEN_SCALE_FACTOR")


class DeskError(AssertionError):
    """Something on the real display is not as a patient should find it."""


# --- processes ------------------------------------------------------------------------------


def spawn(command: Sequence[str | os.PathLike[str]], env: Mapping[str, str], log: Path,
          **options: object) -> subprocess.Popen[bytes]:
    """Start a program in its own process group, its output into a log file."""
    with log.open("ab") as sink:
        # A process group of its own: stop() ends the program and anything it started.
        return subprocess.Popen([str(part) for part in command], env=dict(env),
                                stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                                start_new_session=True, **options)  # type: ignore[arg-type]


def stop(process: subprocess.Popen[bytes] | None, timeout: float = 5.0) -> None:
    """End a spawned program and its process group: SIGTERM, then SIGKILL if it lingers."""
    if process is None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            continue
        # The leader is gone; its group may still hold children that ignored SIGTERM.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        return


def program(name: str) -> str:
    """A program's full path (Debian puts Xvfb and friends in /usr/bin, but say so if not)."""
    path = shutil.which(name)
    if path is None:
        raise DeskError(f"{name} is not installed: run scripts/system-deps.sh")
    return path


def log_tail(log: Path, lines: int = 25) -> str:
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


def poll(check: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    """Call check until it returns True or the deadline passes; whether it did."""
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


# --- pictures -------------------------------------------------------------------------------


def read_xwd(data: bytes) -> QImage:
    """A QImage of an XWD file as Xvfb -fbdir writes its framebuffer (32-bit TrueColor)."""
    header = struct.unpack(">25I", data[:100])
    header_size, _version, pixmap_format, _depth, width, height = header[:6]
    byte_order, bits_per_pixel, bytes_per_line, ncolors = (header[7], header[11], header[12],
                                                           header[19])
    if pixmap_format != 2 or bits_per_pixel != 32 or byte_order != 0:
        raise ValueError(f"unexpected XWD layout: format {pixmap_format}, "
                         f"{bits_per_pixel} bits a pixel, byte order {byte_order}")
    start = header_size + ncolors * 12  # the header, then a 12-byte XWDColor per colour
    pixels = data[start:start + bytes_per_line * height]
    # Little-endian 32-bit pixels are B, G, R, x bytes: exactly QImage's RGB32.
    return QImage(pixels, width, height, bytes_per_line, QImage.Format.Format_RGB32).copy()


def thumbnail(image: QImage) -> bytes:
    """The image as THUMB-sized greyscale bytes, for quick, noise-tolerant comparison."""
    small = image.convertToFormat(QImage.Format.Format_RGB32).scaled(
        *THUMB, Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation).convertToFormat(
        QImage.Format.Format_Grayscale8)
    width = THUMB[0]
    rows = memoryview(small.constBits()).cast("B")
    stride = small.bytesPerLine()
    return b"".join(bytes(rows[y * stride:y * stride + width]) for y in range(THUMB[1]))


def difference(first: bytes, second: bytes) -> float:
    """The fraction of thumbnail pixels whose grey levels differ by more than the tolerance."""
    if first == second:
        return 0.0
    differing = sum(1 for a, b in zip(first, second, strict=True)
                    if abs(a - b) > PIXEL_TOLERANCE)
    return differing / len(first)


@dataclass(frozen=True)
class Snapshots:
    """`kiosk snapshot`'s output: what each screen looks like, and where its buttons are."""

    folder: Path
    thumbs: dict[str, bytes]
    layout: dict[str, dict[str, list[int]]]

    @classmethod
    def render(cls, out: Path, content: Path, size: tuple[int, int], diagonal: float,
               env: Mapping[str, str]) -> Snapshots:
        """Run `kiosk snapshot` on the same content as the kiosk under test."""
        env = {**env, "QT_QPA_PLATFORM": "offscreen"}  # no display needed, nor touched
        result = subprocess.run(
            [str(KIOSK), "snapshot", str(out), "--size", f"{size[0]}x{size[1]}",
             "--diagonal", str(diagonal), "--content", str(content)],
            env=env, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            raise DeskError(f"kiosk snapshot failed ({result.returncode}):\n{result.stderr}")
        thumbs = {path.stem: thumbnail(QImage(str(path))) for path in sorted(out.glob("*.png"))
                  if path.stem.startswith(SCREEN_PREFIXES)}
        layout = json.loads((out / "layout.json").read_text())
        return cls(out, thumbs, layout)

    def topic_screens(self) -> list[str]:
        """The topic pages' snapshot names, in order: "topic-01-01-what-is-it"..."""
        return sorted(name for name in self.layout if name.startswith("topic-"))

    @staticmethod
    def topic_button(page: str) -> str:
        """Home's button for a topic page: "topic-01-01-what-is-it" -> "topic-01-what-is-it"."""
        return "topic-" + page.split("-", 2)[2]

    def centre(self, screen: str, button: str) -> tuple[int, int]:
        """Where to tap a button, in window coordinates."""
        try:
            x, y, width, height = self.layout[screen][button]
        except KeyError:
            raise DeskError(f"layout.json has no button {button!r} on {screen!r}; it has "
                            f"{sorted(self.layout.get(screen, {}))}") from None
        return x + width // 2, y + height // 2

    def ranking(self, shot: bytes) -> list[tuple[float, str]]:
        """Every snapshot's difference from a screenshot thumbnail, closest first."""
        return sorted((difference(shot, thumb), name) for name, thumb in self.thumbs.items())


# --- the X server and what runs on it --------------------------------------------------------


@dataclass(frozen=True)
class WindowInfo:
    mapped: bool
    geometry: tuple[int, int, int, int]  # x, y, width, height on the screen
    states: tuple[str, ...]  # _NET_WM_STATE atoms
    frame: tuple[int, ...] = (0, 0, 0, 0)  # _NET_FRAME_EXTENTS: the decoration's left, right,
    # top and bottom (all 0 when undecorated)


class XServer:
    """Xvfb on a free display, its framebuffer in a file we can read as a screenshot."""

    def __init__(self, workdir: Path, size: tuple[int, int] = SCREEN, dpi: int = DPI) -> None:
        self.workdir = workdir
        self.size = size
        self.framebuffer_dir = workdir / "fb"
        self.framebuffer_dir.mkdir(parents=True, exist_ok=True)
        self.log = workdir / "xvfb.log"
        read_end, write_end = os.pipe()
        try:
            # -displayfd: Xvfb picks a free display itself and writes its number when it is
            # ready for clients, so no guessing, no lock-file races with other X servers.
            # -fbdir: the screen lives in an XWD file, a screenshot that costs one read.
            # -nocursor: a touchscreen kiosk shows no pointer, and screenshots stay clean.
            self.process = spawn(
                [program("Xvfb"), "-displayfd", str(write_end), "-screen", "0",
                 f"{size[0]}x{size[1]}x24", "-dpi", str(dpi), "-nolisten", "tcp",
                 "-nocursor", "-noreset", "-fbdir", str(self.framebuffer_dir)],
                os.environ, self.log, pass_fds=(write_end,))
            os.close(write_end)
            self.display = f":{self._read_display(read_end)}"
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(write_end)
            stop(getattr(self, "process", None))
            raise
        finally:
            os.close(read_end)
        self.env = {key: value for key, value in os.environ.items() if key not in FOREIGN_ENV}
        self.env["DISPLAY"] = self.display

    def _read_display(self, fd: int, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        text = b""
        while not text.endswith(b"\n"):
            left = deadline - time.monotonic()
            ready, _, _ = select.select([fd], [], [], max(left, 0))
            if not ready:
                raise DeskError(f"Xvfb did not start within {timeout:.0f} s:\n"
                                f"{log_tail(self.log)}")
            chunk = os.read(fd, 64)
            if not chunk:
                raise DeskError(f"Xvfb exited at start:\n{log_tail(self.log)}")
            text += chunk
        return text.decode().strip()

    def close(self) -> None:
        stop(self.process)

    def alive(self) -> bool:
        return self.process.poll() is None

    # -- looking at it --

    def screenshot(self) -> QImage:
        return read_xwd((self.framebuffer_dir / "Xvfb_screen0").read_bytes())

    def run(self, *command: str, timeout: float = 10.0) -> str:
        """Run an X client (xdotool, xprop, xwininfo) against this display; its stdout."""
        result = subprocess.run([program(command[0]), *command[1:]], env=self.env,
                                capture_output=True, text=True, timeout=timeout, check=False)
        if result.returncode != 0:
            raise DeskError(f"{' '.join(command)} failed ({result.returncode}): "
                            f"{result.stderr.strip()}")
        return result.stdout

    def windows_of(self, pid: int) -> list[int]:
        """The mapped windows carrying this process id (_NET_WM_PID)."""
        result = subprocess.run([program("xdotool"), "search", "--onlyvisible", "--pid",
                                 str(pid)],
                                env=self.env, capture_output=True, text=True, timeout=10,
                                check=False)
        return [int(line) for line in result.stdout.split()]  # exits 1 when there is none

    def window_info(self, window: int) -> WindowInfo:
        fields: dict[str, str] = {}
        for line in self.run("xwininfo", "-id", str(window)).splitlines():
            key, _, value = line.strip().partition(":")
            fields[key] = value.strip()
        geometry = tuple(int(fields[key]) for key in ("Absolute upper-left X",
                                                       "Absolute upper-left Y",
                                                       "Width", "Height"))
        state, extents = self.run("xprop", "-id", str(window), "_NET_WM_STATE",
                                  "_NET_FRAME_EXTENTS").splitlines()[:2]
        atoms = tuple(atom.strip() for atom in state.partition("=")[2].split(",")
                      if atom.strip())
        frame = tuple(int(part) for part in extents.partition("=")[2].split(",")
                      if part.strip().isdigit())
        return WindowInfo(fields.get("Map State") == "IsViewable",
                          geometry, atoms, frame or (0, 0, 0, 0))  # type: ignore[arg-type]

    def root_windows(self, prop: str) -> list[int]:
        """A window-list property of the root window (0 stands for "none")."""
        text = self.run("xprop", "-root", prop)
        if "#" not in text:
            return []
        return [int(part.strip(), 16) for part in text.partition("#")[2].split(",")
                if part.strip()]

    # -- touching it --

    def tap(self, x: int, y: int) -> None:
        """A real pointer press and release at a screen position (XTEST, like a touchscreen
        driver's emulated mouse). No --sync: it waits forever when the pointer is already
        there (Next sits in the same place on every page), and XTEST events stay in order."""
        self.run("xdotool", "mousemove", str(x), str(y), "click", "1")

    def key(self, *keys: str) -> None:
        """Real key presses (XTEST) to whatever has the focus: key1 key2... one after another."""
        self.run("xdotool", "key", "--delay", "30", *keys)


def start_window_manager(x: XServer) -> subprocess.Popen[bytes]:
    """Openbox with Debian's stock configuration, which binds Alt+F4, Alt+Tab, Super+D..."""
    # Its own config and cache homes: a developer's ~/.config/openbox must not change the test.
    env = {**x.env, "XDG_CONFIG_HOME": str(x.workdir / "config"),
           "XDG_CACHE_HOME": str(x.workdir / "cache")}
    process = spawn([program("openbox"), "--sm-disable"], env, x.workdir / "openbox.log")
    ready = poll(lambda: bool(x.root_windows("_NET_SUPPORTING_WM_CHECK"))
                 or process.poll() is not None, timeout=15)
    if not ready or process.poll() is not None:
        stop(process)
        raise DeskError(f"openbox did not start:\n{log_tail(x.workdir / 'openbox.log')}")
    return process


# --- the kiosk on it -------------------------------------------------------------------------


class Desk:
    """Xvfb, openbox and the kiosk started as `make run` would, on a private content copy."""

    def __init__(self, workdir: Path, content: Path, snapshots: Snapshots) -> None:
        self.workdir = workdir
        self.content = content
        self.snapshots = snapshots
        self.state = workdir / "state"
        self.x: XServer | None = None
        self.wm: subprocess.Popen[bytes] | None = None
        self.kiosk: subprocess.Popen[bytes] | None = None
        self.window = 0
        self._last_tap = 0.0
        self.starts = 0
        self.failures = workdir / "failures"
        self.kiosk_log = workdir / "kiosk.log"  # each start logs into its own run-N folder

    # -- life --

    def start(self) -> None:
        self.starts += 1
        run_dir = self.workdir / f"run-{self.starts}"
        run_dir.mkdir(parents=True)
        self.x = XServer(run_dir)
        self.wm = start_window_manager(self.x)
        runtime = run_dir / "runtime"
        runtime.mkdir(mode=0o700)
        env = {**self.x.env, "QT_QPA_PLATFORM": "xcb", "XDG_RUNTIME_DIR": str(runtime)}
        self.kiosk_log = run_dir / "kiosk.log"
        # Exactly `make run`'s program, full screen (no --windowed), at the panel's diagonal.
        self.kiosk = spawn([KIOSK, "run", "--content", self.content, "--state-dir", self.state,
                            "--diagonal", str(DIAGONAL)], env, self.kiosk_log,
                           cwd=PROJECT_ROOT)
        self.window = self._find_window()
        self.wait_for_screen("home", timeout=15)

    def _find_window(self, timeout: float = 20.0) -> int:
        assert self.x is not None and self.kiosk is not None
        found: list[int] = []

        def shown() -> bool:
            if self.kiosk is None or self.kiosk.poll() is not None:
                return True
            found[:] = self.x.windows_of(self.kiosk.pid) if self.x else []
            return bool(found)

        poll(shown, timeout)
        if self.kiosk.poll() is not None:
            raise DeskError(f"the kiosk exited with status {self.kiosk.returncode} at start:\n"
                            f"{log_tail(self.kiosk_log)}")
        if len(found) != 1:
            raise DeskError(f"expected one mapped kiosk window, found {found} after "
                            f"{timeout:.0f} s:\n{log_tail(self.kiosk_log)}")
        return found[0]

    def close(self) -> None:
        """Stop everything, the kiosk first; safe to call twice or after a failed start."""
        for attribute in ("kiosk", "wm"):
            stop(getattr(self, attribute))
            setattr(self, attribute, None)
        if self.x is not None:
            self.x.close()
            self.x = None

    def restart(self) -> None:
        self.close()
        self.start()

    @property
    def display(self) -> XServer:
        if self.x is None:
            raise DeskError("the desk is not running")
        return self.x

    # -- what a patient does --

    def tap(self, x: int, y: int) -> None:
        # Separate taps, not a double tap: see TAP_SPACING_S. This is pacing the way a person
        # would, not waiting for something to happen; what happens is polled for afterwards.
        wait = self._last_tap + TAP_SPACING_S - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        left, top, _, _ = self.display.window_info(self.window).geometry
        self.display.tap(left + x, top + y)
        self._last_tap = time.monotonic()

    def tap_button(self, screen: str, button: str) -> None:
        """Tap the middle of a button, where the kiosk's own layout.json says it is."""
        self.tap(*self.snapshots.centre(screen, button))

    def open_topic(self, page: str) -> None:
        """From Home, tap the topic's button and wait for its page."""
        self.tap_button("home", self.snapshots.topic_button(page))
        self.wait_for_screen(page)

    def double_tap(self, x: int, y: int) -> None:
        """Two quick taps at one spot: xdotool's own click repeat, a few ms apart."""
        self.display.run("xdotool", "mousemove", str(x), str(y),
                         "click", "--repeat", "2", "--delay", "60", "1")
        self._last_tap = time.monotonic()

    def key(self, *keys: str) -> None:
        self.display.key(*keys)

    def window_menu(self, *keys: str) -> None:
        """Open the window manager's window menu (Alt+Space), wait until it is drawn over the
        kiosk, then choose in it with keys (Down, Right, Return...)."""
        page, _ = self.current_screen()
        expected = self.snapshots.thumbs[page]
        # Twice at most: on a loaded machine openbox has been seen to miss the first press.
        for _ in range(2):
            self.key("alt+space")
            if poll(lambda: difference(self.screen_thumb(), expected) > MATCH_FRACTION, 5):
                break
        else:
            raise DeskError("openbox's window menu did not show after Alt+Space, twice")
        self.key(*keys)

    def ask_window_manager(self, action: str, *arguments: str) -> None:
        """Ask the window manager to do something to the kiosk's window, as any program on the
        display could: xdotool's windowminimize, windowsize W H, windowmove X Y..."""
        self.display.run("xdotool", action, str(self.window), *arguments)

    # -- what a patient sees --

    def screen_thumb(self) -> bytes:
        return thumbnail(self.display.screenshot())

    def current_screen(self) -> tuple[str, float]:
        """The snapshot closest to the display now, and how far from it."""
        score, name = self.snapshots.ranking(self.screen_thumb())[0]
        return name, score

    def problems(self) -> list[str]:
        """What keeps the kiosk from being the one full-screen thing in front; [] if nothing."""
        if self.kiosk is None or self.kiosk.poll() is not None:
            code = None if self.kiosk is None else self.kiosk.returncode
            return [f"the kiosk process is gone (exit status {code})"]
        x = self.display
        if not x.alive():
            return ["the X server is gone"]
        try:
            info = x.window_info(self.window)
            stacking = x.root_windows("_NET_CLIENT_LIST_STACKING")
            active = x.root_windows("_NET_ACTIVE_WINDOW")
        except DeskError as error:
            return [f"its window cannot be read: {error}"]
        found = []
        if not info.mapped:
            found.append("its window is not mapped (hidden, iconified or on another desktop)")
        if "_NET_WM_STATE_FULLSCREEN" not in info.states:
            found.append(f"its window is not full screen: _NET_WM_STATE = {info.states}")
        if info.geometry != (0, 0, *x.size):
            found.append(f"its window covers {info.geometry}, not the whole {x.size} screen")
        if any(info.frame):
            found.append(f"its window is decorated: _NET_FRAME_EXTENTS = {info.frame}")
        if not stacking or stacking[-1] != self.window:
            found.append(f"another window is stacked above it: {[hex(w) for w in stacking]}")
        if active != [self.window]:
            found.append(f"it is not the active window: {[hex(w) for w in active]}")
        return found

    def wait_for_screen(self, name: str, timeout: float = 5.0) -> float:
        """Poll until the kiosk is in front, full screen, showing this snapshot's screen.

        Returns the seconds it took. On time-out: fails naming what was wrong, the closest
        snapshots and where the last screenshot was saved.
        """
        if name not in self.snapshots.thumbs:
            raise DeskError(f"no snapshot named {name!r}")
        expected = self.snapshots.thumbs[name]
        started = time.monotonic()
        last: dict[str, object] = {}

        def there() -> bool:
            problems = self.problems()
            if problems and problems[0].startswith(("the kiosk process", "the X server")):
                return True  # nothing to wait for
            shot = self.display.screenshot()
            score = difference(thumbnail(shot), expected)
            last.update(problems=problems, shot=shot, score=score)
            return not problems and score <= MATCH_FRACTION

        poll(there, timeout)
        problems = self.problems()
        score = last.get("score")
        if not problems and isinstance(score, float) and score <= MATCH_FRACTION:
            return time.monotonic() - started
        raise DeskError(self._describe_failure(name, problems, last.get("shot")))

    def settles_on(self, name: str, within: float = 2.0, quiet: float = TAP_SPACING_S) -> float:
        """Watch the display until it has shown this screen, with the kiosk in front and full
        screen, for `quiet` seconds in a row; fail if that has not happened `within` seconds.

        For "nothing happened" after a key, which can only be seen over time: the window
        manager handles a key in its own process, unordered with the kiosk, so a dialog or a
        hidden window can show up a moment later. A kiosk that loses the front and takes it
        back at once passes; one that stays behind, hidden or changed does not. The default
        quiet time is the pause the next tap would take anyway (TAP_SPACING_S).
        Returns the seconds it took.
        """
        expected = self.snapshots.thumbs[name]
        started = time.monotonic()
        good_since: float | None = None
        while True:
            now = time.monotonic()
            problems = self.problems()
            shot = self.display.screenshot()
            if problems or difference(thumbnail(shot), expected) > MATCH_FRACTION:
                good_since = None
            elif good_since is None:
                good_since = now
            if good_since is not None and now - good_since >= quiet:
                return now - started
            if now - started >= within or (problems and problems[0].startswith(
                    ("the kiosk process", "the X server"))):
                raise DeskError(self._describe_failure(name, problems, shot))
            time.sleep(0.05)

    def _describe_failure(self, name: str, problems: list[str], shot: object) -> str:
        lines = [f"expected the {name!r} screen in front, full screen"]
        lines += [f"  - {problem}" for problem in problems]
        if isinstance(shot, QImage):
            self.failures.mkdir(exist_ok=True)
            saved = self.failures / f"{time.strftime('%H%M%S')}-{name}.png"
            shot.save(str(saved))
            ranking = self.snapshots.ranking(thumbnail(shot))[:3]
            closest = ", ".join(f"{n} ({s:.2%} differs)" for s, n in ranking)
            lines.append(f"  - the display looks most like: {closest} "
                         f"(match needs <= {MATCH_FRACTION:.2%})")
            lines.append(f"  - screenshot: {saved}")
        if self.kiosk is not None:
            lines.append(f"  - kiosk log:\n{log_tail(self.kiosk_log, 10)}")
        return "\n".join(lines)

    # -- getting back to a known place between tests --

    def back_home(self) -> None:
        """From wherever the last test left it, Home; a full restart if it is broken."""
        if self.x is None or self.problems():
            self.restart()
            return
        for _ in range(3):  # still-reading -> its topic -> Home at most
            name, score = self.current_screen()
            if score > MATCH_FRACTION or name.startswith("staff-"):
                break  # something unknown on screen (a dialog, a menu), or the staff screens
            if name == "home":
                return
            if name.startswith("topic-"):
                self.tap_button(name, "home")
            elif name == "still-reading":
                self.tap_button(name, "keep-reading")
            elif name == "attract":
                self.tap(*SCREEN_CENTRE)  # a tap anywhere wakes it
            else:
                break  # Home with a bone named, say: quicker to start afresh
            # Let the tap land before looking again (the screen changes within a frame).
            poll(lambda before=name: self.current_screen()[0] != before, timeout=2)
        self.restart()



def private_content(target: Path, settings: Mapping[str, object] | None = None) -> Path:
    """A copy of the bundled content folder, with some settings.toml values replaced."""
    shutil.copytree(BUNDLED_CONTENT, target)
    if settings:
        path = target / "settings.toml"
        lines = path.read_text().splitlines()
        for key, value in settings.items():
            text = json.dumps(value)  # TOML's strings and numbers are written the same way
            lines = [f"{key} = {text}" if line.split("=")[0].strip() == key else line
                     for line in lines]
        path.write_text("\n".join(lines) + "\n")
    return target


@contextlib.contextmanager
def running(desk: Desk) -> Iterator[Desk]:
    """Start a desk and always stop it, however the block ends."""
    try:
        desk.start()
        yield desk
    finally:
        desk.close()
