"""Starting the kiosk and running it unattended: the one place its parts are wired together.

Home is on screen first: the imports at the top are what the first frame needs; each part that
waits for the first paint (overlays, staff screens and PIN store, content watcher, systemd,
usage counts) imports its modules in its own build step (Kiosk.rest_steps)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Signal
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
from kiosk.staging import Step
from kiosk.theme import Metrics, load_fonts
from kiosk.visit import EndReason, VisitRecord
from kiosk.window import KioskWindow

if TYPE_CHECKING:  # each imported by its build step, after the first paint
    from kiosk.screens.overlays import AttractScreen, StillReadingOverlay
    from kiosk.staff_access import StaffAccess
    from kiosk.systemd import Heartbeat
    from kiosk.usage import UsageLog
    from kiosk.usage import Visit as UsageVisit

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
    parts are wired together. Every way a visit ends goes through ``end_visit``.

    Built in two stages, so that Home is on screen first. ``__init__`` builds only what must
    work from the first frame on: the input guard, the fault guard, the idle timers, the
    visit's first touch, and the content watcher (``updates``: made before the guards are
    installed on the app, it costs 1 ms; made after, PySide wraps the file watcher's internal
    engine for the guards' event filters and first creates every QtCore type, 30 ms and
    3 MiB; bench/README.md). Every other part is built by one step of ``rest_steps()``, run after
    the window's first paint (and after the window's own pages) as part of
    ``window.staging``, one step per turn of the event loop. A step builds its part, connects
    it and returns it; it does nothing if the part is there already, so each part's property
    (``still_reading``, ``attract``, ``staff_access``, ``heartbeat``, ``usage``)
    simply calls its step: something needed before its turn is built at once, never missing.
    Until then the handlers skip a part that isn't built (there is nothing to stop, close or
    re-word: it is built from the visit as it is). The last step, ``_serve``, sends READY=1
    and emits ``ready``: every page and every part is in place.

    A new part: a ``_build_x`` step (import, build, connect, return), a property calling it,
    its place in ``rest_steps()``, and a ``self._x is not None`` guard where a handler that
    can run earlier uses it."""

    ready = Signal()  # every page and part built, READY=1 sent: the kiosk is fully up

    def __init__(self, window: KioskWindow, content_root: Path, state: Path, *,
                 full_screen: bool, environ: Mapping[str, str] = os.environ,
                 reload_quiet_ms: int = 1500) -> None:
        super().__init__(window)
        self.window = window
        self.visit = window.visit
        self._state = state
        self._environ: Mapping[str, str] = environ
        self._handle_signals = False
        settings = window.content.settings
        self.lockdown = Lockdown(window, full_screen=full_screen)
        self.idle = IdleWatcher(self, still_reading_ms=settings.still_reading_seconds * 1000,
                                attract_ms=settings.attract_seconds * 1000)
        self.countdown_seconds = settings.countdown_seconds
        self.updates = ContentUpdates(window, content_root, state, self,
                                      quiet_ms=reload_quiet_ms)
        self.faults = FaultGuard(self)
        self._still_reading: StillReadingOverlay | None = None
        self._attract: AttractScreen | None = None
        self._staff: StaffAccess | None = None
        self._heartbeat: Heartbeat | None = None
        self._usage: UsageLog | None = None
        self._connect()
        for step in self.rest_steps():
            window.staging.add(step)

    def _connect(self) -> None:
        window, idle, visit = self.window, self.idle, self.visit
        window.screen_changed.connect(self._screen_changed)
        visit.began.connect(self._visit_began)
        visit.language_changed.connect(self._language_changed)
        visit.ended.connect(self._visit_ended)
        idle.still_reading_due.connect(self._quiet_away_from_home)
        idle.attract_due.connect(self.show_attract)
        idle.touched.connect(visit.touch)
        idle.touched.connect(self.updates.touched)
        self.updates.due.connect(self._content_due)
        self.updates.applied.connect(self._content_applied)
        self.updates.refused.connect(self._content_refused)
        self.faults.fault.connect(lambda: self.end_visit(EndReason.FAULT))
        self.faults.burst.connect(lambda: QApplication.exit(EXIT_STATUS))

    # --- built after the first paint -------------------------------------------------------

    def rest_steps(self) -> list[Step]:
        """The parts built after the first paint, in the order they are built: the ones a
        patient's first minutes can need first; READY=1 last."""
        return [self._build_overlays, self._build_staff, self._build_usage,
                self._build_heartbeat, self._serve]

    def finish_building(self) -> None:
        """Build every page and part not built yet, now (tests, snapshots)."""
        self.window.finish_building()

    @property
    def is_ready(self) -> bool:
        """Every page and part built, READY=1 sent."""
        return self.window.staging.is_done

    @property
    def still_reading(self) -> StillReadingOverlay:
        return self._build_overlays()[0]

    @property
    def attract(self) -> AttractScreen:
        return self._build_overlays()[1]

    @property
    def staff_access(self) -> StaffAccess:
        return self._build_staff()

    @property
    def usage(self) -> UsageLog:
        return self._build_usage()

    @property
    def heartbeat(self) -> Heartbeat:
        return self._build_heartbeat()

    def _build_overlays(self) -> tuple[StillReadingOverlay, AttractScreen]:
        if self._still_reading is None or self._attract is None:
            from kiosk.screens.overlays import AttractScreen, StillReadingOverlay

            window, idle = self.window, self.idle
            words = window.content.language(self.visit.language).words
            still_reading = StillReadingOverlay(window.look, words, window)
            attract = AttractScreen(window.look, words, window.renderer, window)
            still_reading.keep_reading.connect(lambda: idle.release(Overlay.STILL_READING))
            still_reading.expired.connect(
                lambda: self.end_visit(EndReason.STILL_READING_EXPIRED))
            attract.woken.connect(lambda: idle.release(Overlay.ATTRACT))
            self._still_reading, self._attract = still_reading, attract
        return self._still_reading, self._attract

    def _build_staff(self) -> StaffAccess:
        if self._staff is None:
            from kiosk.staff_access import StaffAccess

            staff = self._staff = StaffAccess(self.window.look, self.window, self._state)
            staff.attach(self.window.home.office)
            staff.opened.connect(self.open_pin_pad)
            staff.left.connect(lambda: self.end_visit(EndReason.STAFF))
            staff.reload_requested.connect(self._reload_now)
            staff.exit_requested.connect(self.exit_kiosk)
            self._show_status()
        return self._staff

    def _build_usage(self) -> UsageLog:
        if self._usage is None:
            from kiosk.usage import UsageLog

            self._usage = UsageLog(self._state)
        return self._usage

    def _build_heartbeat(self) -> Heartbeat:
        if self._heartbeat is None:
            from kiosk.systemd import Heartbeat

            self._heartbeat = Heartbeat(self, self._environ)
        return self._heartbeat

    def _serve(self) -> None:
        """Every page and part is in place: tell systemd (README, "Start-up") and the tests."""
        for step in self.rest_steps()[:-1]:
            self.window.staging.run(step)  # forced here if a step was added out of order
        app = QApplication.instance()
        if self._handle_signals and isinstance(app, QApplication):
            from kiosk.systemd import install_sigterm_handler

            install_sigterm_handler(app)
        self.heartbeat.start()
        log.info("ready: every page and part built")
        self.ready.emit()

    # --- what to do ----------------------------------------------------------------------

    def start(self, app: QApplication, *, handle_signals: bool = True) -> None:
        """Guard the app; call once the window is shown. Systemd is told the kiosk is up,
        and SIGTERM handled, by the last step after the first paint (_serve)."""
        app.setQuitOnLastWindowClosed(False)
        app.installEventFilter(self.lockdown)
        app.installEventFilter(self.idle)
        self.faults.install()
        self._handle_signals = handle_signals  # tests leave pytest's own Ctrl-C handling alone

    def stop(self, app: QApplication) -> None:
        if self._usage is not None:
            self._usage.close()
        if self._heartbeat is not None:
            self._heartbeat.stop()
        self.faults.uninstall()
        app.removeEventFilter(self.lockdown)
        app.removeEventFilter(self.idle)

    def end_visit(self, reason: EndReason) -> VisitRecord:
        """End the patient's visit: the next one finds the kiosk as new (Home, defaults)."""
        return self.visit.end(reason)

    def show_attract(self) -> None:
        if self._staff_open():
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
        problem = self._staff.pins.problem if self._staff is not None else None
        return f"{text} Staff PIN: {problem}" if problem else text

    def _staff_open(self) -> bool:
        return self._staff is not None and self._staff.is_open()

    def _show_status(self) -> None:
        """What the staff panel says: the content's problems if content/ has any."""
        if self._staff is None:
            return
        problems = self.updates.problems
        if problems:
            self._content_refused(problems)
        else:
            self._staff.set_status(self.status())

    # --- what happened ---------------------------------------------------------------------

    def _visit_ended(self, record: VisitRecord) -> None:
        visit = patients_visit(record)
        if visit is not None:
            log.info("visit ended (%s) after %.0f s: %d topics opened", record.reason.value,
                     record.seconds, len(record.topics))
            self.usage.add(visit)

    def _visit_began(self) -> None:
        # A part not built yet has nothing to stop or close (see the class's docstring).
        if self._still_reading is not None:
            self._still_reading.stop()
        if self._attract is not None:
            self._attract.stop()
        if self._staff is not None:
            self._staff.close()
        self.idle.release_all()
        self.idle.set_on_home(True)
        self.updates.apply_pending()
        self._show_status()

    def _language_changed(self, code: str) -> None:
        words = self.window.content.language(code).words
        if self._still_reading is not None:
            self._still_reading.set_words(words)
        if self._attract is not None:
            self._attract.set_words(words)

    def _screen_changed(self, screen: ScreenId) -> None:
        self.lockdown.screen_changed()
        self.visit.show(screen)
        self.idle.set_on_home(screen == HOME)
        self.updates.screen_changed(screen)

    def _quiet_away_from_home(self) -> None:
        if self._staff_open():
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
        if not self._staff_open():  # staff leaving ends their visit: it shows then
            self.end_visit(EndReason.CONTENT_CHANGE)

    def _content_refused(self, problems: tuple[Problem, ...]) -> None:
        if self._staff is None:
            return  # the staff panel shows them once it is built
        self._staff.set_status(
            f"The content has {len(problems)} problem(s); the kiosk shows the last good "
            f"version. First: {problems[0]}")

    def _content_applied(self, content: Content) -> None:
        self._language_changed(self.visit.language)
        if self._staff is not None:
            self._staff.attach(self.window.home.office)
        settings = content.settings
        self.countdown_seconds = settings.countdown_seconds
        self.idle.set_intervals(still_reading_ms=settings.still_reading_seconds * 1000,
                                attract_ms=settings.attract_seconds * 1000)


def patients_visit(record: VisitRecord) -> UsageVisit | None:
    """What the usage counts keep of a visit: none for a visit nobody touched, or staff's."""
    if not record.touched or STAFF_USE in record.used:
        return None
    from kiosk.usage import Visit as UsageVisit

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
