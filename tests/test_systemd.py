"""Tests for kiosk.systemd: sd_notify datagrams, watchdog interval, heartbeat and SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer

from kiosk.systemd import Heartbeat, notify, watchdog_interval_ms

REPO_ROOT = Path(__file__).resolve().parents[1]

# A bound receiving socket and the $NOTIFY_SOCKET value that reaches it.
Receiver = tuple[socket.socket, str]


def _receiver(address: str | bytes) -> socket.socket:
    """A non-blocking datagram socket standing in for systemd's notify socket."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(address)
    sock.setblocking(False)
    return sock


def _drain(sock: socket.socket, into: list[str]) -> list[str]:
    """Append every datagram waiting on sock to into, without blocking."""
    while True:
        try:
            into.append(sock.recv(4096).decode())
        except BlockingIOError:
            return into


@pytest.fixture
def path_socket(tmp_path: Path) -> Iterator[Receiver]:
    """A notify socket bound to a file in tmp_path (short name: AF_UNIX paths max ~108 bytes)."""
    path = str(tmp_path / "n.sock")
    sock = _receiver(path)
    yield sock, path
    sock.close()


@pytest.fixture
def abstract_socket() -> Iterator[Receiver]:
    """A notify socket in the abstract namespace, named the way systemd writes it (@name)."""
    name = f"kiosk-test-{uuid.uuid4().hex}"
    sock = _receiver(b"\0" + name.encode())
    yield sock, "@" + name
    sock.close()


# --- notify -------------------------------------------------------------------------------


def test_notify_path_socket_receives_exact_message(path_socket: Receiver) -> None:
    sock, path = path_socket
    assert notify("READY=1", environ={"NOTIFY_SOCKET": path}) is True
    assert _drain(sock, []) == ["READY=1"]


def test_notify_abstract_socket(abstract_socket: Receiver) -> None:
    sock, name = abstract_socket
    assert notify("READY=1", environ={"NOTIFY_SOCKET": name}) is True
    assert _drain(sock, []) == ["READY=1"]


def test_notify_without_socket_sends_nothing(path_socket: Receiver) -> None:
    sock, _ = path_socket
    assert notify("READY=1", environ={}) is False
    assert notify("READY=1", environ={"NOTIFY_SOCKET": ""}) is False
    assert _drain(sock, []) == []


def test_notify_unreachable_socket_returns_false(tmp_path: Path) -> None:
    assert notify("READY=1", environ={"NOTIFY_SOCKET": str(tmp_path / "missing.sock")}) is False
    nobody = "@kiosk-test-nobody-" + uuid.uuid4().hex
    assert notify("READY=1", environ={"NOTIFY_SOCKET": nobody}) is False
    # A regular file is not a socket; a NUL byte in a path is refused before any system call.
    not_a_socket = tmp_path / "plain"
    not_a_socket.write_text("x")
    assert notify("READY=1", environ={"NOTIFY_SOCKET": str(not_a_socket)}) is False
    assert notify("READY=1", environ={"NOTIFY_SOCKET": "bad\0path"}) is False
    assert notify("READY=1", environ={"NOTIFY_SOCKET": "/" + "x" * 200}) is False


# --- watchdog_interval_ms -----------------------------------------------------------------


def test_watchdog_interval_is_half_the_period() -> None:
    assert watchdog_interval_ms({"WATCHDOG_USEC": "2000000"}) == 1000
    assert watchdog_interval_ms({"WATCHDOG_USEC": "30000000"}) == 15000


def test_watchdog_interval_honours_own_pid() -> None:
    env = {"WATCHDOG_USEC": "2000000", "WATCHDOG_PID": str(os.getpid())}
    assert watchdog_interval_ms(env) == 1000


def test_watchdog_for_another_pid_is_not_ours() -> None:
    env = {"WATCHDOG_USEC": "2000000", "WATCHDOG_PID": str(os.getpid() + 1)}
    assert watchdog_interval_ms(env) is None


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"WATCHDOG_USEC": ""},
        {"WATCHDOG_USEC": "abc"},
        {"WATCHDOG_USEC": "1.5"},
        {"WATCHDOG_USEC": "0"},
        {"WATCHDOG_USEC": "-2000000"},
        {"WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "garbage"},
    ],
)
def test_watchdog_garbage_is_none(env: dict[str, str]) -> None:
    assert watchdog_interval_ms(env) is None


def test_watchdog_tiny_period_never_gives_zero() -> None:
    # A 0 ms QTimer would spin the CPU.
    assert watchdog_interval_ms({"WATCHDOG_USEC": "1"}) == 1


# --- Heartbeat ----------------------------------------------------------------------------


def test_heartbeat_ready_then_watchdog_then_stopping(qtbot, path_socket: Receiver) -> None:
    sock, path = path_socket
    parent = QObject()
    heartbeat = Heartbeat(parent, {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "200000"})
    timer = heartbeat.findChild(QTimer)
    assert timer is not None
    assert timer.interval() == 100
    assert _drain(sock, []) == [], "nothing is sent before start()"

    got: list[str] = []
    heartbeat.start()
    qtbot.waitUntil(lambda: _drain(sock, got).count("WATCHDOG=1") >= 2, timeout=5000)
    assert got[0] == "READY=1"
    assert set(got[1:]) == {"WATCHDOG=1"}

    heartbeat.stop()
    assert _drain(sock, [])[-1:] == ["STOPPING=1"]
    assert not timer.isActive()
    # Spin the event loop for several former intervals: no ping may follow the stop.
    qtbot.wait(350)
    assert _drain(sock, []) == []


def test_heartbeat_without_watchdog_runs_no_timer(qtbot, path_socket: Receiver) -> None:
    sock, path = path_socket
    parent = QObject()
    heartbeat = Heartbeat(parent, {"NOTIFY_SOCKET": path})
    heartbeat.start()
    timer = heartbeat.findChild(QTimer)
    assert timer is not None
    assert not timer.isActive()  # an idle kiosk wakes for nothing
    assert _drain(sock, []) == ["READY=1"]
    heartbeat.stop()
    assert _drain(sock, []) == ["STOPPING=1"]


def test_heartbeat_outside_systemd_is_silent(qtbot) -> None:
    parent = QObject()
    heartbeat = Heartbeat(parent, {})
    heartbeat.start()
    heartbeat.stop()
    assert heartbeat.parent() is parent


# --- SIGTERM in a real process ------------------------------------------------------------

_CHILD = textwrap.dedent(
    """
    import os
    import sys
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QGuiApplication, QWindow
    import kiosk.systemd

    class StubbornWindow(QWindow):
        # Like the kiosk's own window: refuses to be closed (Alt+F4).
        def event(self, event):
            if event.type() == QEvent.Type.Close:
                event.ignore()
                return True
            return super().event(event)

    app = QGuiApplication(sys.argv)
    if sys.argv[1] == "stubborn":
        window = StubbornWindow()
        window.show()
    heartbeat = kiosk.systemd.Heartbeat(app, {})
    kiosk.systemd.install_sigterm_handler(app)
    heartbeat.start()
    if sys.argv[1] == "early":
        # The stop request lands before the event loop runs (systemd stopping a slow start).
        os.kill(os.getpid(), int(sys.argv[2]))
    print("ready", flush=True)
    status = app.exec()
    heartbeat.stop()
    sys.exit(status)
    """
)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("case", ["plain", "stubborn", "early"])
def test_signal_ends_event_loop_with_status_0(sig: signal.Signals, case: str) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, case, str(int(sig))],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # readline returns "" if the child dies first, so this cannot hang on a crash.
        line = proc.stdout.readline()
        assert line.strip() == "ready", proc.stderr.read() if proc.poll() is not None else line
        if case != "early":
            proc.send_signal(sig)
        status = proc.wait(timeout=5)
        assert status == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
