"""systemd integration: readiness and watchdog notifications, and a clean stop on SIGTERM."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
from collections.abc import Mapping
from types import FrameType

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, QTimer

# A datagram send to a busy receiver can block; never let that freeze the GUI for long.
_SEND_TIMEOUT_S = 1.0


def _notify_address(value: str) -> str | bytes:
    """Turn a $NOTIFY_SOCKET value into an AF_UNIX address."""
    if value.startswith("@"):
        # Linux abstract namespace: the name starts with a NUL byte and has no file.
        return b"\0" + value[1:].encode()
    return value


def notify(message: str, *, environ: Mapping[str, str] = os.environ) -> bool:
    """Send one sd_notify datagram to $NOTIFY_SOCKET; True only if it was sent."""
    target = environ.get("NOTIFY_SOCKET")
    if not target:
        # Not started by systemd (development, tests): nothing to tell.
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.settimeout(_SEND_TIMEOUT_S)
            sock.sendto(message.encode(), _notify_address(target))
    except (OSError, ValueError):
        # The kiosk must keep running whatever happens to the service manager's socket;
        # a missed ping is what the watchdog is there to notice. (ValueError: NUL in a path.)
        return False
    return True


def watchdog_interval_ms(environ: Mapping[str, str] = os.environ) -> int | None:
    """Half the systemd watchdog period in ms, or None when no watchdog applies to this process."""
    pid = environ.get("WATCHDOG_PID")
    if pid is not None:
        # The watchdog belongs to the process whose pid systemd wrote here; under cage that is
        # cage, so deploy/kiosk.service removes the variable (UnsetEnvironment=WATCHDOG_PID).
        try:
            if int(pid) != os.getpid():
                return None
        except ValueError:
            return None
    try:
        usec = int(environ.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    if usec <= 0:
        return None
    # systemd recommends pinging at half the period, so one late tick is not yet fatal.
    return max(1, usec // 2000)


class Heartbeat(QObject):
    """Tells systemd the kiosk is ready, keeps its watchdog fed, and says when it stops."""

    def __init__(self, parent: QObject, environ: Mapping[str, str] = os.environ) -> None:
        """Prepare the timer; nothing is sent until start()."""
        super().__init__(parent)
        # A snapshot: where to report must not change if something edits os.environ later.
        self._environ: dict[str, str] = dict(environ)
        interval = watchdog_interval_ms(self._environ)
        self._watchdog = interval is not None
        # The timer lives in the GUI thread on purpose: if the event loop freezes, the pings
        # stop and systemd restarts the kiosk instead of leaving a frozen screen up for weeks.
        # Without a watchdog it never runs: an idle kiosk wakes for nothing.
        self._timer = QTimer(self)
        self._timer.setInterval(interval or 0)
        self._timer.timeout.connect(self._beat)

    def start(self) -> None:
        """Send READY=1 (call once the window is shown) and start feeding any watchdog."""
        notify("READY=1", environ=self._environ)
        if self._watchdog:
            self._timer.start()

    def stop(self) -> None:
        """Send STOPPING=1 and stop the tick."""
        self._timer.stop()
        notify("STOPPING=1", environ=self._environ)

    def _beat(self) -> None:
        notify("WATCHDOG=1", environ=self._environ)


class _WakeupNotifier(QSocketNotifier):
    """Watches the reading end of a socket pair, and keeps both ends open while it lives."""

    def __init__(self, reader: socket.socket, writer: socket.socket, parent: QObject) -> None:
        super().__init__(reader.fileno(), QSocketNotifier.Type.Read, parent)
        self.sockets = (reader, writer)


def install_sigterm_handler(app: QCoreApplication) -> QSocketNotifier:
    """Make SIGTERM and SIGINT end the event loop cleanly with exit status 0.

    A Python signal handler only runs when the interpreter runs Python code, and an idle Qt
    loop runs none. Instead of waking on a timer, the C-level handler writes a byte to a socket
    (signal.set_wakeup_fd) that a QSocketNotifier watches: the loop wakes only for a signal.
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    notifier = _WakeupNotifier(reader, writer, app)

    def _drain() -> None:
        # Returning to Python here is what runs the pending handler below.
        with contextlib.suppress(OSError):
            reader.recv(64)

    notifier.activated.connect(_drain)

    def _request_quit(signum: int, frame: FrameType | None) -> None:
        # Only ask the event loop to finish; all cleanup happens after exec() returns.
        # exit(0) rather than quit(): since Qt 6, quit() first asks every window to close, and
        # the kiosk's windows refuse to close (Alt+F4), which would turn a stop into a SIGKILL.
        # Queued through a zero timer rather than called here: exit() does nothing while the
        # loop is not running yet, so a stop during start-up would otherwise be lost.
        QTimer.singleShot(0, lambda: app.exit(0))

    signal.signal(signal.SIGTERM, _request_quit)
    signal.signal(signal.SIGINT, _request_quit)
    return notifier


# Staff chose Exit: deploy/kiosk.service lists this in RestartPreventExitStatus=, so the
# service leaves the kiosk stopped for maintenance instead of starting it again.
# (75 is EX_TEMPFAIL: nothing else in the kiosk exits with it.)
MAINTENANCE_EXIT_STATUS = 75
# deploy/kiosk-session.sh names a file here: cage (0.1.4) exits 0 whatever its program's
# status, so the app writes its own status for the session script to exit with.
EXIT_STATUS_FILE_VARIABLE = "KIOSK_EXIT_STATUS_FILE"


def under_service(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a systemd service started us (it sets INVOCATION_ID for its processes)."""
    return bool(environ.get("INVOCATION_ID"))


def record_exit_status(status: int, environ: Mapping[str, str] = os.environ) -> bool:
    """Write the exit status where deploy/kiosk-session.sh reads it; True if written."""
    target = environ.get(EXIT_STATUS_FILE_VARIABLE)
    if not target:
        return False
    try:
        with open(target, "w", encoding="ascii") as handle:
            handle.write(f"{status}\n")
    except OSError:
        return False  # the service then restarts the kiosk: never worse than before
    return True
