"""Where the kiosk finds its resources, its content and its per-machine state."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESOURCES_DIR = PROJECT_ROOT / "resources"
ILLUSTRATION = RESOURCES_DIR / "foot.svg"
FONTS_DIR = RESOURCES_DIR / "fonts"
DEFAULT_CONTENT_DIR = PROJECT_ROOT / "content"


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
