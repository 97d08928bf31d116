"""Starting the kiosk and running it unattended: the one place its parts are wired together."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from kiosk import paths
from kiosk.content import (
    Content,
    ContentError,
    Problem,
    load_content,
    load_last_good,
    save_last_good,
)
from kiosk.faults import EXIT_STATUS, FaultGuard
from kiosk.gesture import StaffGesture
from kiosk.idle import IdleWatcher
from kiosk.lockdown import Lockdown
from kiosk.pin import PinStore
from kiosk.reload import ContentWatcher
from kiosk.screens.overlays import AttractScreen, StillReadingOverlay
from kiosk.screens.staff import PinPad, StaffPanel
from kiosk.systemd import Heartbeat, install_sigterm_handler
from kiosk.theme import Metrics, load_fonts
from kiosk.window import HOME, KioskWindow

log = logging.getLogger(__name__)

LAST_GOOD = "last-good-content.json"
DEFAULT_WINDOW = (1280, 800)
APPLY_WHEN_QUIET_MS = 3000  # new content waits for this long without a touch on Home


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
    keep_last_good(content, state)
    return content


def keep_last_good(content: Content, state: Path) -> None:
    try:
        save_last_good(content, state / LAST_GOOD)
    except OSError as error:
        log.warning("could not keep a last good copy in %s: %s", state, error)


class Kiosk(QObject):
    """The window and everything that keeps it safe, fresh and alive for weeks."""

    def __init__(self, window: KioskWindow, content_root: Path, state: Path, *,
                 full_screen: bool, environ: Mapping[str, str] = os.environ,
                 reload_quiet_ms: int = 1500) -> None:
        super().__init__(window)
        self.window = window
        self._state = state
        self._pending: Content | None = None
        settings = window.content.settings
        words = window.content.words
        self.lockdown = Lockdown(window, full_screen=full_screen)
        self.idle = IdleWatcher(self, still_reading_ms=settings.still_reading_seconds * 1000,
                                attract_ms=settings.attract_seconds * 1000)
        self.still_reading = StillReadingOverlay(window.look, words, window)
        self.attract = AttractScreen(window.look, words, window.renderer, window)
        self.pin_pad = PinPad(window.look, window)
        self.staff = StaffPanel(window.look, window)
        self.pins = PinStore(state)
        self.countdown_seconds = settings.countdown_seconds
        self.gesture = StaffGesture(self)
        self.gesture.attach(window.home.office)
        self.watcher = ContentWatcher(content_root, window.content, self,
                                      quiet_ms=reload_quiet_ms)
        self.faults = FaultGuard(self)
        self.heartbeat = Heartbeat(self, environ)
        self._apply_timer = QTimer(self)
        self._apply_timer.setSingleShot(True)
        self._apply_timer.setInterval(APPLY_WHEN_QUIET_MS)
        self._connect()

    def _connect(self) -> None:
        window, idle = self.window, self.idle
        window.screen_changed.connect(self._screen_changed)
        idle.still_reading_due.connect(self._quiet_away_from_home)
        idle.attract_due.connect(self.show_attract)
        idle.touched.connect(self._touched)
        self.still_reading.keep_reading.connect(idle.resume)
        self.still_reading.expired.connect(self.reset)
        self.attract.woken.connect(self._woken)
        self.gesture.completed.connect(self.open_pin_pad)
        self.pin_pad.submitted.connect(self._check_pin)
        self.pin_pad.cancelled.connect(self.reset)
        self.staff.back_requested.connect(self.reset)
        self.staff.reload_requested.connect(self._reload_now)
        self.staff.exit_requested.connect(self.exit_kiosk)
        self.watcher.changed.connect(self._content_changed)
        self.watcher.refused.connect(self._content_refused)
        self.faults.fault.connect(self.reset)
        self.faults.burst.connect(lambda: QApplication.exit(EXIT_STATUS))
        self._apply_timer.timeout.connect(self._apply_pending)

    def set_apply_delay(self, ms: int) -> None:
        """How long Home must be left untouched before new content is shown."""
        self._apply_timer.setInterval(ms)

    # --- what to do ----------------------------------------------------------------------

    def start(self, app: QApplication, *, handle_signals: bool = True) -> None:
        """Guard the app and tell systemd we are up; call once the window is shown."""
        app.setQuitOnLastWindowClosed(False)
        app.installEventFilter(self.lockdown)
        app.installEventFilter(self.idle)
        self.faults.install()
        self.heartbeat.start()
        if handle_signals:  # tests leave pytest's own Ctrl-C handling alone
            install_sigterm_handler(app)

    def stop(self, app: QApplication) -> None:
        self.heartbeat.stop()
        self.faults.uninstall()
        app.removeEventFilter(self.lockdown)
        app.removeEventFilter(self.idle)

    def reset(self) -> None:
        """As new for the next patient: no overlay, default settings, Home."""
        for layer in (self.still_reading, self.attract):
            layer.stop()
        self.pin_pad.close_pad()
        self.staff.hide()
        self.gesture.reset()
        self.window.reset()
        self.idle.set_on_home(True)
        self.idle.resume()
        self._apply_pending()

    def show_attract(self) -> None:
        if self._staff_open():
            return
        self.reset()
        self.idle.pause()
        self.attract.start()

    def open_pin_pad(self) -> None:
        self.idle.set_on_home(False)  # an abandoned pad closes by itself, like a topic page
        if not self.pins.has_pin():
            self.pin_pad.show_no_pin()
        else:
            self.pin_pad.show_entry(self.pins.locked_for())

    def exit_kiosk(self) -> None:
        log.info("staff exit")
        self.lockdown.unlock()
        QApplication.exit(0)

    # --- what happened ---------------------------------------------------------------------

    def _staff_open(self) -> bool:
        return self.pin_pad.isVisible() or self.staff.isVisible()

    def _screen_changed(self, name: str) -> None:
        self.lockdown.screen_changed()
        self.idle.set_on_home(name == HOME)
        if name == HOME:
            self._apply_timer.start()

    def _touched(self) -> None:
        if self._apply_timer.isActive():
            self._apply_timer.start()  # not under a patient's finger: wait for quiet again

    def _quiet_away_from_home(self) -> None:
        if self._staff_open():
            log.info("staff screen left open; back to the kiosk")
            self.reset()
            return
        self.idle.pause()
        self.still_reading.start(self.countdown_seconds)

    def _woken(self) -> None:
        self.idle.resume()

    def _check_pin(self, pin: str) -> None:
        attempt = self.pins.verify(pin)
        if attempt.ok:
            log.info("admin unlock succeeded")
            self.pin_pad.close_pad()
            self.staff.set_status(self.status())
            self.staff.open()
            return
        log.warning("admin unlock failed, %d failures in a row", attempt.failures)
        if attempt.locked_for > 0:
            log.warning("admin PIN pad locked for %.0f s", attempt.locked_for)
        self.pin_pad.show_attempt(attempt)

    def status(self) -> str:
        """What the staff panel says about the content on show."""
        content = self.window.content
        return (f"Showing {len(content.topics)} topics from {content.root} "
                f"({content.settings.language}).")

    def _reload_now(self) -> None:
        self.watcher.check_now()
        if self._pending is not None:
            self._apply_pending()
            self.staff.set_status("Reloaded. " + self.status())
        elif not self.staff.status.text().startswith("The content has"):
            self.staff.set_status("No change. " + self.status())

    def _content_changed(self, content: Content) -> None:
        self._pending = content
        if self.window.current_screen() == HOME and not self._staff_open():
            self._apply_timer.start()

    def _content_refused(self, problems: tuple[Problem, ...]) -> None:
        self.staff.set_status(f"The content has {len(problems)} problem(s); the kiosk shows the "
                              f"last good version. First: {problems[0]}")

    def _apply_pending(self) -> None:
        content, self._pending = self._pending, None
        if content is None:
            return
        self._apply_timer.stop()
        self.window.set_content(content)
        self.still_reading.set_words(content.words)
        self.attract.set_words(content.words)
        self.gesture.attach(self.window.home.office)
        settings = content.settings
        self.countdown_seconds = settings.countdown_seconds
        self.idle.set_intervals(still_reading_ms=settings.still_reading_seconds * 1000,
                                attract_ms=settings.attract_seconds * 1000)
        keep_last_good(content, self._state)
        log.info("new content shown: %d topics", len(content.topics))


def create(args: argparse.Namespace, app: QApplication,
           environ: Mapping[str, str] = os.environ) -> Kiosk | None:
    """Build and show the kiosk from command-line arguments; None if there is nothing to show."""
    root = paths.content_dir(args.content)
    state = paths.state_dir(args.state_dir)
    content = load_or_last_good(root, state)
    if content is None:
        print(f"kiosk: the content in {root} has problems (listed above) and there is no last "
              "good copy to show instead. Fix them, `kiosk check` to confirm, then start again.",
              file=sys.stderr)
        return None
    family = load_fonts()
    diagonal = args.diagonal or content.settings.screen_diagonal_inches
    metrics = Metrics.for_screen(app.primaryScreen(), diagonal)
    window = KioskWindow(content, metrics, family)
    kiosk = Kiosk(window, root, state, full_screen=not args.windowed, environ=environ)
    if args.windowed:
        window.resize(*(args.size or DEFAULT_WINDOW))
        window.show()
    else:
        window.showFullScreen()
    kiosk.start(app)
    log.info("started: %d topics from %s, %.2f px/mm", len(content.topics), root,
             metrics.px_per_mm)
    return kiosk


def run(args: argparse.Namespace) -> int:
    """`kiosk run`: the full-screen kiosk until staff exit it or the service stops it."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationDisplayName("Stress fracture kiosk")
    kiosk = create(args, app)
    if kiosk is None:
        return 2
    status = app.exec()
    kiosk.stop(app)
    log.info("stopped with status %d", status)
    # Deleted while QApplication lives: PySide6 can crash collecting it at interpreter exit.
    shiboken6.delete(kiosk.window)
    return status
