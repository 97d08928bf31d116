"""Smoke test of the deployment: the kiosk as the one program of the cage kiosk compositor,
started the way deploy/kiosk.service starts it, and photographed with grim.

cage runs nested in a private Xvfb (wlroots' x11 backend), not on its headless backend:
Debian 12's cage 0.1.4 / wlroots 0.15.1 headless output, with the pixman renderer (the only
one without a /dev/dri render node), fails every commit after the first ("Basic output test
failed for HEADLESS-1"), so grim only ever sees the first frame, the kiosk's window before it
went full screen. The x11 backend repaints properly, and Xvfb needs no device at all.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.e2e.conftest import require
from tests.e2e.desk import (
    FOREIGN_ENV,
    KIOSK,
    MATCH_FRACTION,
    DeskError,
    Snapshots,
    XServer,
    difference,
    log_tail,
    poll,
    private_content,
    program,
    spawn,
    stop,
    thumbnail,
)

pytestmark = pytest.mark.e2e

# wlroots' x11 backend opens its output as a 1024x768 window; cage has no option to change it.
OUTPUT = (1024, 768)
# Under cage the kiosk gets no --diagonal (see ExecStart): the office's settings.toml gives it.
DIAGONAL = 15.0


def _cage_command() -> list[str]:
    """cage, as an unprivileged user if we are root: cage refuses to start as root ("Unable to
    drop root"). A new user namespace with no mapping makes us nobody in cage's eyes while the
    files (the venv under /root, say) stay readable, as they are for the kiosk user."""
    command = [program("cage"), "-d", "--", str(KIOSK)]  # as deploy/kiosk.service's ExecStart
    if os.geteuid() != 0:
        return command
    unshare = program("unshare")
    probe = subprocess.run([unshare, "--user", "true"], capture_output=True, text=True,
                           check=False)
    if probe.returncode != 0:
        pytest.skip("cage refuses to run as root, and this machine allows no user namespace "
                    f"to run it unprivileged (unshare --user: {probe.stderr.strip()})")
    return [unshare, "--user", *command]


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _stop_cage(cage: subprocess.Popen[bytes]) -> None:
    """As deploy/kiosk.service's ExecStop: SIGTERM to the app, and cage follows it out.
    SIGTERM to cage itself makes Debian's cage 0.1.4 abort on an assertion."""
    for child in _children(cage.pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        cage.wait(5)
    stop(cage)  # whatever is left of its process group (Xwayland, a stuck kiosk)


def test_under_cage_the_kiosk_fills_the_screen_with_home(e2e_tools, tmp_path: Path):
    require(("cage", "grim", "Xwayland"))
    content = private_content(tmp_path / "content", {"screen_diagonal_inches": DIAGONAL})
    base_env = {key: value for key, value in os.environ.items() if key not in FOREIGN_ENV}
    snapshots = Snapshots.render(tmp_path / "snapshots", content, OUTPUT, DIAGONAL, base_env)
    command = _cage_command()

    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    grim_env = {**base_env, "XDG_RUNTIME_DIR": str(runtime), "WAYLAND_DISPLAY": "wayland-0"}
    expected = snapshots.thumbs["home"]
    log = tmp_path / "cage.log"
    host = XServer(tmp_path / "x")  # only a surface for cage's output window: no WM, no input
    cage: subprocess.Popen[bytes] | None = None
    last: dict[str, QImage] = {}

    def shows_home() -> bool:
        assert cage is not None
        if cage.poll() is not None or not (runtime / "wayland-0").exists():
            return cage.poll() is not None  # gone: stop waiting; not up yet: wait
        shot = subprocess.run([program("grim"), "-"], env=grim_env, capture_output=True,
                              timeout=10, check=False)
        image = QImage.fromData(shot.stdout, "PNG")
        if image.isNull():
            return False
        last["shot"] = image
        return image.size().toTuple() == OUTPUT and \
            difference(thumbnail(image), expected) <= MATCH_FRACTION

    try:
        env = {
            **host.env,  # DISPLAY: wlroots' x11 backend opens its output window there
            "XDG_RUNTIME_DIR": str(runtime),
            "WLR_BACKENDS": "x11",
            "WLR_RENDERER": "pixman",
            "WLR_LIBINPUT_NO_DEVICES": "1",
            # As deploy/kiosk.service sets them:
            "KIOSK_STATE_DIR": str(tmp_path / "state"),
            "KIOSK_CONTENT_DIR": str(content),
            "QT_QPA_PLATFORM": "wayland",
            "QT_WAYLAND_DISABLE_WINDOWDECORATION": "1",
        }
        cage = spawn(command, env, log, cwd=tmp_path)
        poll(shows_home, timeout=30, interval=0.2)
        if cage.poll() is not None:
            raise DeskError(f"cage exited with status {cage.returncode}:\n{log_tail(log)}")
        shot = last.get("shot")
        if shot is None:
            raise DeskError(f"grim got no picture from cage in 30 s:\n{log_tail(log)}")
        score = difference(thumbnail(shot), expected)
        if shot.size().toTuple() != OUTPUT or score > MATCH_FRACTION:
            saved = tmp_path / "grim.png"
            shot.save(str(saved))
            raise DeskError(f"under cage the screen is not Home filling the {OUTPUT} output: "
                            f"grim took {shot.size().toTuple()}, {score:.2%} differs from "
                            f"the snapshot (see {saved}):\n{log_tail(log)}")
    finally:
        if cage is not None:
            _stop_cage(cage)
        host.close()
