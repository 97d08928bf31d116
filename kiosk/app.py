"""Starting the kiosk and running it unattended: the one place its parts are wired together."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from kiosk import paths
from kiosk.content import (
    Content,
    ContentError,
    Problem,
    load_content,
    load_last_good,
    log_left_out,
)
from kiosk.content_updates import LAST_GOOD, ContentUpdates, Reload
from kiosk.faults import EXIT_STATUS, FaultGuard
from kiosk.idle import IdleWatcher
from kiosk.lockdown import Lockdown
from kiosk.screen_id import HOME, Overlay, ScreenId
from kiosk.screens.overlays import AttractScreen, StillReadingOverlay
from kiosk.staff_access import StaffAccess
from kiosk.systemd import Heartbeat, install_sigterm_handler
from kiosk.theme import Metrics, load_fonts
from kiosk.usage import UsageLog
from kiosk.usage import Visit as UsageVisit
from kiosk.visit import EndReason, VisitRecord
from kiosk.window import KioskWindow

log = logging.getLogger(__name__)

DEFAULT_WINDOW = (1280, 800)
STAFF_USE = "staff"  # recorded into a visit that staff opened: it is not a patient's


def load_or_last_good(root: Path, state: Path) -> Content | None:
    """Valid content from root (kept as the last good copy), else the last good copy, else None."""
    try:
        content = load_content(root)
    except ContentError as error:
        for problem in error.problems:
            log.error("content problem: %s", problem)
        last_good = load_last_good(state / LAST_GOOD)
        if last_good is not None:
            log.warning("showing the last good content until %s is fixed", root)
        return last_good
    log_left_out(content)
    # Kept as the last good copy only once the window has shown it (Kiosk.start).
    return content


class Kiosk(QObject):
    """The window and everything that keeps it safe, fresh and alive for weeks: the place the
    parts are wired together. Every way a visit ends goes through ``end_visit``."""

    def __init__(self, window: KioskWindow, content_root: Path, state: Path, *,
                 full_screen: bool, environ: Mapping[str, str] = os.environ,
                 reload_quiet_ms: int = 1500) -> None:
        super().__init__(window)
        self.window = window
        self.visit = window.visit
        settings = window.content.settings
        words = window.content.words
        self.lockdown = Lockdown(window, full_screen=full_screen)
        self.idle = IdleWatcher(self, still_reading_ms=settings.still_reading_seconds * 1000,
                                attract_ms=settings.attract_seconds * 1000)
        self.still_reading = StillReadingOverlay(window.look, words, window)
        self.attract = AttractScreen(window.look, words, window.renderer, window)
        self.attract.set_topics(window.content.topics)  # their teasers, in turn
        self.staff_access = StaffAccess(window.look, window, state)
        self.staff_access.attach(window.home.office)
        self.countdown_seconds = settings.countdown_seconds
        self.updates = ContentUpdates(window, content_root, state, self,
                                      quiet_ms=reload_quiet_ms)
        self.faults = FaultGuard(self)
        self.heartbeat = Heartbeat(self, environ)
        self.usage = UsageLog(state)
        self._connect()

    def _connect(self) -> None:
        window, idle, visit, staff = self.window, self.idle, self.visit, self.staff_access
        window.screen_changed.connect(self._screen_changed)
        visit.began.connect(self._visit_began)
        visit.language_changed.connect(self._language_changed)
        visit.ended.connect(self._visit_ended)
        idle.still_reading_due.connect(self._quiet_away_from_home)
        idle.attract_due.connect(self.show_attract)
        idle.touched.connect(visit.touch)
        idle.touched.connect(self.updates.touched)
        self.still_reading.keep_reading.connect(lambda: idle.release(Overlay.STILL_READING))
        self.still_reading.expired.connect(
            lambda: self.end_visit(EndReason.STILL_READING_EXPIRED))
        self.attract.woken.connect(lambda: idle.release(Overlay.ATTRACT))
        staff.opened.connect(self.open_pin_pad)
        staff.left.connect(lambda: self.end_visit(EndReason.STAFF))
        staff.reload_requested.connect(self._reload_now)
        staff.exit_requested.connect(self.exit_kiosk)
        self.updates.due.connect(self._content_due)
        self.updates.applied.connect(self._content_applied)
        self.updates.refused.connect(self._content_refused)
        self.faults.fault.connect(lambda: self.end_visit(EndReason.FAULT))
        self.faults.burst.connect(lambda: QApplication.exit(EXIT_STATUS))

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
        self.usage.close()
        self.heartbeat.stop()
        self.faults.uninstall()
        app.removeEventFilter(self.lockdown)
        app.removeEventFilter(self.idle)

    def end_visit(self, reason: EndReason) -> VisitRecord:
        """End the patient's visit: the next one finds the kiosk as new (Home, defaults)."""
        return self.visit.end(reason)

    def show_attract(self) -> None:
        if self.staff_access.is_open():
            return
        self.end_visit(EndReason.ATTRACT)
        self.idle.hold(Overlay.ATTRACT)
        self.attract.start()

    def open_pin_pad(self) -> None:
        if not self.visit.topics_opened() and not self.visit.used():
            self.visit.record(STAFF_USE)  # its only touches were staff's, on the office name
        self.end_visit(EndReason.STAFF)  # the patient's visit, if any, is over
        self.visit.record(STAFF_USE)
        self.idle.set_on_home(False)  # an abandoned pad closes by itself, like a topic page
        self.staff_access.open_pad()

    def exit_kiosk(self) -> None:
        log.info("staff exit")
        self.lockdown.unlock()
        QApplication.exit(0)

    def status(self) -> str:
        """What the staff panel says about the content on show."""
        content = self.window.content
        names = " and ".join(content.codes)
        text = f"Showing {len(content.topics)} topics from {content.root} ({names})."
        problem = self.staff_access.pins.problem
        return f"{text} Staff PIN: {problem}" if problem else text

    # --- what happened ---------------------------------------------------------------------

    def _visit_ended(self, record: VisitRecord) -> None:
        visit = patients_visit(record)
        if visit is not None:
            log.info("visit ended (%s) after %.0f s: %d topics opened", record.reason.value,
                     record.seconds, len(record.topics))
            self.usage.add(visit)

    def _visit_began(self) -> None:
        self.still_reading.stop()
        self.attract.stop()
        self.staff_access.close()
        self.idle.release_all()
        self.idle.set_on_home(True)
        self.updates.apply_pending()
        problems = self.updates.problems
        if problems:
            self._content_refused(problems)
        else:
            self.staff_access.set_status(self.status())

    def _language_changed(self, code: str) -> None:
        words = self.window.content.language(code).words
        self.still_reading.set_words(words)
        self.attract.set_words(words)
        self.attract.set_topics(self.window.content.language(code).topics)

    def _screen_changed(self, screen: ScreenId) -> None:
        self.lockdown.screen_changed()
        self.visit.show(screen)
        self.idle.set_on_home(screen == HOME)
        self.updates.screen_changed(screen)

    def _quiet_away_from_home(self) -> None:
        if self.staff_access.is_open():
            log.info("staff screen left open; back to the kiosk")
            self.end_visit(EndReason.STAFF)
            return
        self.idle.hold(Overlay.STILL_READING)
        self.still_reading.start(self.countdown_seconds)

    def _reload_now(self) -> None:
        outcome = self.updates.reload_now()
        if outcome is Reload.APPLIED:
            self.staff_access.set_status("Reloaded. " + self.status())
        elif outcome is Reload.NO_CHANGE:
            self.staff_access.set_status("No change. " + self.status())
        else:
            self._content_refused(self.updates.problems)

    def _content_due(self) -> None:
        if not self.staff_access.is_open():  # staff leaving ends their visit: it shows then
            self.end_visit(EndReason.CONTENT_CHANGE)

    def _content_refused(self, problems: tuple[Problem, ...]) -> None:
        self.staff_access.set_status(
            f"The content has {len(problems)} problem(s); the kiosk shows the last good "
            f"version. First: {problems[0]}")

    def _content_applied(self, content: Content) -> None:
        self._language_changed(self.visit.language)
        self.staff_access.attach(self.window.home.office)
        settings = content.settings
        self.countdown_seconds = settings.countdown_seconds
        self.idle.set_intervals(still_reading_ms=settings.still_reading_seconds * 1000,
                                attract_ms=settings.attract_seconds * 1000)


def patients_visit(record: VisitRecord) -> UsageVisit | None:
    """What the usage counts keep of a visit: none for a visit nobody touched, or staff's."""
    if not record.touched or STAFF_USE in record.used:
        return None
    return UsageVisit(began=record.began, seconds=record.seconds, languages=record.languages,
                      used=record.used, ended=record.reason.name, topics=record.topics)


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
    kiosk.updates.keep_when_painted(content)
    log.info("started: %d topics from %s, %.2f px/mm", len(content.topics), root,
             metrics.px_per_mm)
    return kiosk


def run(args: argparse.Namespace) -> int:
    """`kiosk run`: the full-screen kiosk until staff exit it or the service stops it."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
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
