"""Starting the kiosk: load content (or the last good copy), build the window, run the loop."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import shiboken6
from PySide6.QtWidgets import QApplication

from kiosk import paths
from kiosk.content import Content, ContentError, load_content, load_last_good, save_last_good
from kiosk.theme import Metrics, load_fonts
from kiosk.window import KioskWindow

log = logging.getLogger(__name__)

LAST_GOOD = "last-good-content.json"
DEFAULT_WINDOW = (1280, 800)


def load_or_last_good(root: Path, state: Path) -> Content | None:
    """Valid content from root (kept as the last good copy), else the last good copy, else None."""
    try:
        content = load_content(root)
    except ContentError as error:
        for problem in error.problems:
            log.error("content problem: %s", problem)
        content = load_last_good(state / LAST_GOOD)
        if content is not None:
            log.warning("showing the last good content until %s is fixed", root)
        return content
    try:
        save_last_good(content, state / LAST_GOOD)
    except OSError as error:
        log.warning("could not keep a last good copy in %s: %s", state, error)
    return content


def run(args: argparse.Namespace) -> int:
    """`kiosk run`: the full-screen kiosk until staff exit it."""
    root = paths.content_dir(args.content)
    state = paths.state_dir(args.state_dir)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationDisplayName("Stress fracture kiosk")
    content = load_or_last_good(root, state)
    if content is None:
        print(f"kiosk: the content in {root} has problems (listed above) and there is no last "
              "good copy to show instead. Fix them, `kiosk check` to confirm, then start again.",
              file=sys.stderr)
        return 2
    family = load_fonts()
    diagonal = args.diagonal or content.settings.screen_diagonal_inches
    metrics = Metrics.for_screen(app.primaryScreen(), diagonal)
    window = KioskWindow(content, metrics, family)
    if args.windowed:
        window.resize(*(args.size or DEFAULT_WINDOW))
        window.show()
    else:
        window.showFullScreen()
    log.info("started: %d topics from %s, %.2f px/mm", len(content.topics), root,
             metrics.px_per_mm)
    status = app.exec()
    log.info("stopped with status %d", status)
    # Deleted while QApplication lives: PySide6 can crash collecting it at interpreter exit.
    shiboken6.delete(window)
    return status
