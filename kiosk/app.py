"""Starting the kiosk and running it unattended: the one place its parts are wired together.

Home is on screen first: the imports at the top are what the first frame needs; each part that
waits for the first paint (overlays, staff screens and PIN store, content watcher, systemd,
usage counts) imports its modules in its own build step (Kiosk.rest_steps)."""

from __future__ import annotations

import argparse
import logging
import math
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

import kiosk.pyside  # noqa: F401 - first of the kiosk's modules: Python's own import back
from kiosk import paths
from kiosk.content import (
    Content,
    ContentError,
    Problem,
    StartCopy,
    load_content_traced,
    load_last_good,
    load_start_copy,
    log_left_out,
)
from kiosk.content_updates import LAST_GOOD, START_COPY, ContentUpdates, Reload
from kiosk.faults import EXIT_STATUS, FaultGuard
from kiosk.idle import IdleWatcher
from kiosk.lockdown import Lockdown
from kiosk.office_clock import OfficeClock
from kiosk.office_hours import OfficeHours
from kiosk.office_hours import parse as parse_hours
from kiosk.read_aloud import HOME as HOME_PAGE
from kiosk.read_aloud import SPEAKING, STILL_READING, Narration
from kiosk.screen_id import HOME, Overlay, ScreenId, TopicPage
from kiosk.screens.closed import ClosedScreen
from kiosk.staging import Step
from kiosk.status import Screen, StatusReport
from kiosk.theme import Metrics, load_fonts
from kiosk.visit import TAKE_HOME, EndReason, VisitRecord
from kiosk.window import KioskWindow

if TYPE_CHECKING:  # each imported by its build step, after the first paint
    from kiosk.screens.overlays import AttractScreen, StillReadingOverlay
    from kiosk.screens.take_home import TakeHomeOverlay
    from kiosk.staff_access import StaffAccess
    from kiosk.systemd import Heartbeat
    from kiosk.usage import UsageLog
    from kiosk.usage import Visit as UsageVisit
    from kiosk.voice import Spoken

log = logging.getLogger(__name__)

DEFAULT_WINDOW = (1280, 800)
# The audio player and the recorded voice load this long after the window is shown: after its
# first paint, so that the start is no slower for them (single shot, once).
VOICE_LOAD_DELAY_MS = 500
STAFF_USE = "staff"  # recorded into a visit that staff opened: it is not a patient's
# The staff panel's status says what Exit does under deploy/kiosk.service.
EXIT_UNDER_SERVICE = ("Exit stops the kiosk until staff start it (sudo systemctl start kiosk) "
                      "or the PC restarts.")
# Languages by their English names, for the staff page (staff words live in the code).
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German",
                  "pt": "Portuguese", "zh": "Chinese", "vi": "Vietnamese", "ar": "Arabic"}


def load_or_last_good(root: Path, state: Path) -> Content | None:
    """Valid content from root (kept as the last good copy), else the last good copy, else None."""
    return load_for_start(root, state)[0]


def load_for_start(root: Path, state: Path
                   ) -> tuple[Content | None, tuple[Problem, ...], StartCopy | None]:
    """As load_or_last_good, with root's problems (for the status report), and what a full
    check of root loaded, to keep as the start copy (None: the start copy was unchanged, or
    root's content is not valid)."""
    unchanged = load_start_copy(root, state / START_COPY)
    if unchanged is not None:
        log_left_out(unchanged)
        return unchanged, (), None
    try:
        copy = load_content_traced(root)
    except ContentError as error:
        for problem in error.problems:
            log.error("content problem: %s", problem)
        last_good = load_last_good(state / LAST_GOOD)
        if last_good is not None:
            log.warning("showing the last good content until %s is fixed", root)
        return last_good, error.problems, None
    log_left_out(copy.content)
    # Kept as the last good copy (and the start copy) only once the window has shown it.
    return copy.content, (), copy


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
                 reload_quiet_ms: int = 1500, report: Path | None = None) -> None:
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
        self._content_root = content_root
        self._full_screen = full_screen
        # In the state folder unless told (create() reads --report-dir, $KIOSK_REPORT_DIR).
        self.report = StatusReport(report or state / paths.REPORT_SUBDIR)
        self.reader = window.reader
        self._start_problems: tuple[Problem, ...] = ()
        # The card closes by itself after as long a quiet time as a topic page waits.
        self.take_home_quiet_ms = settings.still_reading_seconds * 1000
        # Built before the first paint: outside office hours the first thing shown is dark.
        self.closed_screen = ClosedScreen(window.look, window.content.words, window)
        self.office = OfficeClock(office_hours(window.content), self)
        self._still_reading: StillReadingOverlay | None = None
        self._attract: AttractScreen | None = None
        self._staff: StaffAccess | None = None
        self._heartbeat: Heartbeat | None = None
        self._usage: UsageLog | None = None
        self._take_home: TakeHomeOverlay | None = None
        self._connect()
        self._connect_voice()
        self._connect_take_home()
        self._connect_office()
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
        # The status report is written when something happens, never on a timer.
        self.updates.refused.connect(self.report.refused)
        self.updates.watcher.fixed.connect(self.report.fixed)
        self.faults.fault.connect(self.report.fault)
        self.faults.burst.connect(lambda: QApplication.exit(EXIT_STATUS))

    def _connect_voice(self) -> None:
        reader, idle = self.reader, self.idle
        # A long topic read aloud is not "no touch": the idle time starts when the voice stops.
        reader.speaking_changed.connect(
            lambda on: idle.hold(SPEAKING) if on else idle.release(SPEAKING))
        # Still reading?'s card and staff's gesture: connected where they are built
        # (_build_overlays, _build_staff), after the first paint.
        # `kiosk voice` remade the recordings beside unchanged content: speak them from now on.
        self.updates.watcher.recorded.connect(self._recordings_may_have_changed)

    def _connect_take_home(self) -> None:
        # The card itself is built after the first paint (_build_take_home).
        self.window.take_home_requested.connect(self.open_take_home)
        self.visit.language_changed.connect(self._take_home_language)
        self.updates.applied.connect(self._take_home_content)

    def _connect_office(self) -> None:
        self.office.closed.connect(self._office_closed)
        self.office.opened.connect(self._office_opened)
        self.closed_screen.woken.connect(lambda: self.idle.release(Overlay.CLOSED))
        self.visit.began.connect(self._keep_dark)  # after _visit_began released every hold
        self.updates.applied.connect(
            lambda content: self.office.set_hours(office_hours(content)))
        self.updates.applied.connect(
            lambda content: self.closed_screen.set_words(content.words))

    # --- built after the first paint -------------------------------------------------------

    def rest_steps(self) -> list[Step]:
        """The parts built after the first paint, in the order they are built: the ones a
        patient's first minutes can need first; READY=1 last."""
        return [self._build_overlays, self._offer_take_home, self._build_staff,
                self._build_usage, self._build_heartbeat, self._serve]

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
    def take_home(self) -> TakeHomeOverlay:
        return self._build_take_home()

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
            attract.set_topics(window.content.language(self.visit.language).topics)
            reader = self.reader
            still_reading.keep_reading.connect(
                lambda: reader.show(page_key(self.window.current_screen()), speak=False))
            reader.marked.connect(still_reading.mark)
            self._still_reading, self._attract = still_reading, attract
        return self._still_reading, self._attract

    def _build_take_home(self) -> TakeHomeOverlay:
        if self._take_home is None:
            from kiosk.screens.take_home import TakeHomeOverlay  # segno: not for the first frame

            window, idle = self.window, self.idle
            words = window.content.language(self.visit.language).words
            take_home = self._take_home = TakeHomeOverlay(window.look, words, window)
            take_home.closed.connect(lambda: idle.release(Overlay.TAKE_HOME))
            idle.touched.connect(take_home.touched)
            self.visit.began.connect(take_home.stop)  # it ends with the visit
        return self._take_home

    def _build_staff(self) -> StaffAccess:
        if self._staff is None:
            from kiosk.staff_access import StaffAccess

            staff = self._staff = StaffAccess(self.window.look, self.window, self._state,
                                                   environ=self._environ)
            staff.attach(self.window.home.office)
            staff.opened.connect(self.open_pin_pad)
            staff.left.connect(lambda: self.end_visit(EndReason.STAFF))
            staff.reload_requested.connect(self._reload_now)
            staff.exit_requested.connect(self.exit_kiosk)
            staff.usage_requested.connect(self.show_usage)
            # Staff's first hold on the office's name: the voice stops at once (the pad that
            # follows ends the visit, and read aloud with it).
            staff.gesture.first_hold.connect(self.reader.stop)
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
        self.report.started(self.window.content, self._content_root, self._screen(),
                            self._start_problems)
        log.info("ready: every page and part built")
        self.ready.emit()

    # --- what to do ----------------------------------------------------------------------

    def load_voice(self) -> None:
        """The player and each language's recorded voice: Read aloud is offered from now on,
        on a PC with a sound device, on each page whose recording matches its words."""
        from kiosk.audio import open_player  # miniaudio loads here, after the first paint

        player = self.reader.player or open_player(self)
        self.reader.attach(player, load_narration(self.window.content) if player else {})

    def open_take_home(self) -> None:
        """The QR code of the office's page for this handout, in the patient's language."""
        visit = self.visit
        address = self.window.content.settings.take_home_for(visit.language)
        if not address:
            return
        visit.record(TAKE_HOME)
        self.reader.stop()  # the card covers the page, and the Stop button with it
        self.idle.hold(Overlay.TAKE_HOME)  # it keeps its own quiet time, like the others
        self.take_home.open(address, self.take_home_quiet_ms)

    def start(self, app: QApplication, *, handle_signals: bool = True,
              problems: tuple[Problem, ...] = ()) -> None:
        """Guard the app; call once the window is shown. Systemd is told the kiosk is up,
        SIGTERM handled and the status report written by the last step after the first paint
        (_serve). problems: the content folder's, if the window shows the last good copy."""
        app.setQuitOnLastWindowClosed(False)
        app.installEventFilter(self.lockdown)
        app.installEventFilter(self.idle)
        self.faults.install()
        self.office.start()  # outside office hours the kiosk starts dark
        self._handle_signals = handle_signals  # tests leave pytest's own Ctrl-C handling alone
        self._start_problems = problems

    def _screen(self) -> Screen:
        """The window's size and the diagonal a screen of that size has at our density."""
        # Full screen, the window may not have its size yet (the window manager's to give).
        size = self.window.screen().size() if self._full_screen else self.window.size()
        width, height = size.width(), size.height()
        px_per_mm = self.window.look.metrics.px_per_mm
        return Screen(width, height, round(math.hypot(width, height) / px_per_mm / 25.4, 2))

    def stop(self, app: QApplication) -> None:
        self.reader.close()
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
        if not self.office.is_open():  # after hours, quiet means dark rather than attract
            self.go_dark()
            return
        self.end_visit(EndReason.ATTRACT)
        self.idle.hold(Overlay.ATTRACT)
        self.attract.start()

    def go_dark(self) -> None:
        """The office is shut and nobody is here: the dark screen, until a touch or opening."""
        self.end_visit(EndReason.ATTRACT)
        self.idle.hold(Overlay.CLOSED)
        self.closed_screen.start()

    def _office_closed(self) -> None:
        # A patient still reading keeps the kiosk until they go quiet (then it goes dark
        # instead of showing the attract screen); so does staff's panel.
        attracting = self._attract is not None and self._attract.isVisible()
        patient_here = self.visit.touched and not attracting
        if not patient_here and not self._staff_open():
            self.go_dark()

    def _keep_dark(self) -> None:
        """A visit ended under the dark screen (new content shown): it stays dark, and idle."""
        if self.closed_screen.isVisible():
            self.idle.hold(Overlay.CLOSED)

    def _office_opened(self) -> None:
        if self.closed_screen.isVisible():
            self.closed_screen.stop()
            self.idle.release(Overlay.CLOSED)

    def open_pin_pad(self) -> None:
        if not self.visit.topics_opened() and not self.visit.used():
            self.visit.record(STAFF_USE)  # its only touches were staff's, on the office name
        self.end_visit(EndReason.STAFF)  # the patient's visit, if any, is over
        self.visit.record(STAFF_USE)
        self.idle.set_on_home(False)  # an abandoned pad closes by itself, like a topic page
        self.staff_access.open_pad()

    def show_usage(self) -> None:
        """What patients read: the usage counts' figures, with the topics by their titles."""
        content = self.window.content
        titles = {topic.slug: topic.title for topic in content.topics}
        languages = {lang.code: LANGUAGE_NAMES.get(lang.code, lang.words.language_name)
                     for lang in content.languages[1:]}
        self.staff_access.show_usage(self.usage.figures(days=14, topic_days=30), titles,
                                     languages)

    def exit_kiosk(self) -> None:
        """Staff's Exit: under the service, a status it does not restart on (maintenance)."""
        log.info("staff exit: the kiosk stays stopped until it is started again")
        self.lockdown.unlock()
        from kiosk.systemd import MAINTENANCE_EXIT_STATUS, under_service

        QApplication.exit(MAINTENANCE_EXIT_STATUS if under_service(self._environ) else 0)

    def status(self) -> str:
        """What the staff panel says about the content on show."""
        content = self.window.content
        names = " and ".join(content.codes)
        text = f"Showing {len(content.topics)} topics from {content.root} ({names})."
        from kiosk.systemd import under_service

        if under_service(self._environ):  # said here too: small screens drop the subtitles
            text += " " + EXIT_UNDER_SERVICE
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
            self._attract.set_topics(self.window.content.language(code).topics)

    def _take_home_content(self, content: Content) -> None:
        self.take_home_quiet_ms = content.settings.still_reading_seconds * 1000
        self._offer_take_home()  # an address just set: its card ready before the first tap

    def _offer_take_home(self) -> None:
        """Build the take-home card where the office has set an address for it: without one
        there is no button, and its QR library (9 MiB resident) is never loaded."""
        settings = self.window.content.settings
        if settings.take_home_url or settings.take_home_urls:
            self._build_take_home()

    def _take_home_language(self, code: str) -> None:
        if self._take_home is None:
            return
        self._take_home.set_words(self.window.content.language(code).words)
        if self._take_home.is_open():
            self._take_home.set_address(self.window.content.settings.take_home_for(code))

    def _screen_changed(self, screen: ScreenId) -> None:
        # The old page's voice stops at once; the new one speaks only where its Stop button
        # is on show (Home on the 10-inch screen in larger text has no room for it).
        stoppable = bool(self.window.current_widget().controls.voice_placed())
        self.reader.show(page_key(screen), speak=stoppable)
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
        self.reader.show(STILL_READING)  # the card's question, read aloud if the visit has it on
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

    def _recordings_may_have_changed(self) -> None:
        if self.reader.player is not None:
            self.reader.set_narration(load_narration(self.window.content))

    def _content_applied(self, content: Content) -> None:
        if self.reader.player is not None:  # the new texts' recordings (or none, if stale)
            self.reader.set_narration(load_narration(content))
        self.report.applied(content)
        self._language_changed(self.visit.language)
        if self._staff is not None:
            self._staff.attach(self.window.home.office)
        settings = content.settings
        self.countdown_seconds = settings.countdown_seconds
        self.idle.set_intervals(still_reading_ms=settings.still_reading_seconds * 1000,
                                attract_ms=settings.attract_seconds * 1000)


def page_key(screen: ScreenId) -> str:
    """The key the recorded voice names a page by (kiosk/voice.py): a topic's slug."""
    return screen.slug if isinstance(screen, TopicPage) else HOME_PAGE


def load_narration(content: Content) -> Narration:
    """What each page of each language says, recorded; pages whose recording is missing or
    out of date are left out (and never spoken), and a language with no recording at all."""
    from kiosk import voice  # the voice model: read here, after the first paint

    narration: dict[str, Mapping[str, tuple[Spoken, ...]]] = {}
    for language in content.languages:
        try:
            pages = voice.load_narration(content.root / language.code, language)
        except (OSError, ValueError) as error:
            log.error("read aloud: the recorded voice for %s can't be read (%s)",
                      language.code, error)
            continue
        wanted = voice.page_sentences(language)
        log.info("read aloud: %d of %d pages recorded in %s", len(pages), len(wanted),
                 language.code)
        if pages:
            narration[language.code] = pages
    return narration


def office_hours(content: Content) -> OfficeHours | None:
    """The office's hours from its settings; None (always open) when it sets none."""
    hours = content.settings.office_hours
    return parse_hours(hours) if hours else None


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
    content, problems, start_copy = load_for_start(root, state)
    if content is None:
        print(f"kiosk: the content in {root} has problems (listed above) and there is no last "
              "good copy to show instead. Fix them, `kiosk check` to confirm, then start again.",
              file=sys.stderr)
        return None
    family = load_fonts()
    diagonal = args.diagonal or content.settings.screen_diagonal_inches
    metrics = Metrics.for_screen(app.primaryScreen(), diagonal)
    window = KioskWindow(content, metrics, family)
    report = paths.report_dir(getattr(args, "report_dir", None), state)
    kiosk = Kiosk(window, root, state, full_screen=not args.windowed, environ=environ,
                  report=report)
    if args.windowed:
        window.resize(*(args.size or DEFAULT_WINDOW))
        window.show()
    else:
        window.showFullScreen()
    kiosk.start(app, problems=problems)
    kiosk.updates.keep_when_painted(content, start_copy)
    QTimer.singleShot(VOICE_LOAD_DELAY_MS, kiosk, kiosk.load_voice)
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
    from kiosk.systemd import record_exit_status

    record_exit_status(status)
    # Deleted while QApplication lives: PySide6 can crash collecting it at interpreter exit.
    shiboken6.delete(kiosk.window)
    return status
