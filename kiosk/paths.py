"""Where the kiosk finds its resources, its content and its per-machine state."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESOURCES_DIR = PROJECT_ROOT / "resources"
ILLUSTRATION = RESOURCES_DIR / "foot.svg"
FONTS_DIR = RESOURCES_DIR / "fonts"
DEFAULT_CONTENT_DIR = PROJECT_ROOT / "content"
STATE_DIR_MODE = 0o700  # the PIN hash and the lockout are nobody else's business


def content_dir(option: str | None = None) -> Path:
    """The content folder: the option, then $KIOSK_CONTENT_DIR, then the bundled one."""
    chosen = option or os.environ.get("KIOSK_CONTENT_DIR")
    return Path(chosen).expanduser() if chosen else DEFAULT_CONTENT_DIR


def state_dir(option: str | None = None) -> Path:
    """The per-machine state folder (PIN hash, lockout, last good content), outside content/."""
    chosen = option or os.environ.get("KIOSK_STATE_DIR")
    if chosen:
        return Path(chosen).expanduser()
    # Imported here so `kiosk check` and `kiosk set-pin` work without touching Qt's GUI side.
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName("kiosk")
    QCoreApplication.setApplicationName("stress-fracture-kiosk")
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".local/share/stress-fracture-kiosk"


def make_state_dir(folder: Path) -> Path:
    """The one way the state folder is made: with its parents, mode 0700 (an existing one that
    this user owns is narrowed to 0700 too). Every writer of state calls this first.

    Raises OSError when it can't be made (an unwritable parent, a file in its place); the
    caller logs it and carries on with what it has."""
    folder = Path(folder)
    folder.mkdir(mode=STATE_DIR_MODE, parents=True, exist_ok=True)
    info = folder.stat()
    if not stat.S_ISDIR(info.st_mode):  # a file in its place: mkdir(exist_ok) says so, but be sure
        raise NotADirectoryError(20, "Not a directory", str(folder))
    if info.st_mode & 0o077 and info.st_uid == os.getuid():
        folder.chmod(STATE_DIR_MODE)
    return folder


def describe(error: OSError) -> str:
    """An OSError in a few words for a log line: 'Permission denied', 'No space left on device'."""
    return error.strerror or type(error).__name__


REPORT_SUBDIR = "report"


def report_dir(option: str | None, state: Path) -> Path:
    """Where the kiosk writes its status report (kiosk/status.py): the option, then
    $KIOSK_REPORT_DIR, then report/ in the state folder. deploy/ shares it with the desk."""
    chosen = option or os.environ.get("KIOSK_REPORT_DIR")
    return Path(chosen).expanduser() if chosen else state / REPORT_SUBDIR


DEFAULT_OFFICE_FILE = Path("/etc/kiosk/office.toml")


def office_file() -> Path:
    """The office's own settings, layered over the shared settings.toml: $KIOSK_OFFICE_FILE,
    else /etc/kiosk/office.toml (outside content/: a sync never touches it)."""
    chosen = os.environ.get("KIOSK_OFFICE_FILE")
    return Path(chosen).expanduser() if chosen else DEFAULT_OFFICE_FILE


# deploy/install.sh installs deploy/kiosk-set-pin here: on such a PC the service reads the PIN
# from its own state folder, and a plain `kiosk set-pin` would store it where it never looks.
SET_PIN_WRAPPER = Path("/usr/local/sbin/kiosk-set-pin")
DEPLOYED_REPORT_DIR = Path("/var/lib/kiosk/report")  # deploy/kiosk.service's KIOSK_REPORT_DIR
