"""The kiosk's one window: every screen built ahead of time in a stack, switched instantly.

Ahead of time means before a patient can tap, not before the first paint: the window builds
only Home before it is shown, and each topic page right after the first paint, one per turn of
the event loop (``staging``), then paints each once off screen. A page asked for before its
turn is built at once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk import paths
from kiosk.content import Content
from kiosk.illustration import load_renderer
from kiosk.read_aloud import ReadAloud
from kiosk.screen_id import HOME, ScreenId, TopicPage
from kiosk.screens.home import HomeScreen
from kiosk.screens.widgets import lock_widget
from kiosk.staging import Staging
from kiosk.theme import Look, Metrics
from kiosk.visit import Defaults, Visit

if TYPE_CHECKING:  # imported when the first topic page is built, after the first paint
    from kiosk.screens.topic import Choices, TopicScreen

log = logging.getLogger(__name__)

# Screens not on show are painted once, off screen, this long after the window last changed
# size or content, so that their first showing is as quick as any later one. Long enough for
# the window's own first paint and for a burst of resizes at start to pass.
WARM_UP_DELAY_MS = 1000
WARM_UP_TIMER = "warm-up"


def visit_defaults(content: Content) -> Defaults:
    """What each visit starts with, from the office's settings."""
    return Defaults(language=content.settings.language,
                    volume=content.settings.voice_volume / 100)


class KioskWindow(QWidget):
    """Shows Home or a topic; ``screen_changed`` tells which. Owns the visit, whose start
    rewinds every screen to Home.

    Built in two stages. ``__init__`` builds what the first frame shows: Home. ``staging``
    holds the rest as small steps, started by the window's first paint, one per turn of the
    event loop: each topic page built, then each page painted once off screen (the Kiosk adds
    its own parts after these). ``show_topic``/``show_page`` build a page not yet built at
    once; ``pages()`` and ``topics`` finish building first, so they always hold every page;
    ``finish_building()`` runs whatever is left now (tests, snapshots)."""

    screen_changed = Signal(object)  # the ScreenId now shown
    take_home_requested = Signal()  # a Take it home button was tapped, on any page
    all_pages_ready = Signal()  # every page built and painted once (after the first paint)

    def __init__(self, content: Content, metrics: Metrics, family: str,
                 svg: Path = paths.ILLUSTRATION) -> None:
        super().__init__()
        self.visit = Visit(visit_defaults(content), self)
        # Offers nothing until the controller attaches a player, after the first paint.
        self.reader = ReadAloud(self.visit, self)
        self.look = Look(metrics, family, self.visit, self)
        self._renderer = load_renderer(svg, self)
        look = self.look
        self.setWindowTitle(content.settings.office_name)
        lock_widget(self)
        self.stack = QStackedWidget(self)
        lock_widget(self.stack)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.home: HomeScreen
        self._topics: list[TopicScreen | None] = []
        self._choices: Choices | None = None
        self.content = content
        self._painted = False
        self._warmed_at: int | None = None  # _changes when the steps first painted a page
        self._changes = 0  # resizes and new looks: a warm-up after one is out of date
        self.staging = Staging(self)
        self._build(content)
        self._stage_pages()
        self._warm_up = QTimer(self, singleShot=True, interval=WARM_UP_DELAY_MS)
        self._warm_up.setObjectName(WARM_UP_TIMER)
        self._warm_up.timeout.connect(self.warm_up)
        look.changed.connect(self._repaint_background)
        # Restyled pages not on show are laid out again the first time they show: do it ahead.
        look.changed.connect(self._warm_up.start)
        look.changed.connect(self._changed)
        look.changed.connect(self._answer_first)
        self.visit.language_changed.connect(lambda _code: self._answer_first())
        self.visit.began.connect(self._begin_afresh)
        self._repaint_background()

    # --- what to do ----------------------------------------------------------------------

    def show_home(self) -> None:
        self._switch_to(self.home)

    def show_topic(self, index: int) -> None:
        """Show a topic's page, built now if its turn has not come yet."""
        if 0 <= index < len(self._topics):
            self._switch_to(self._topic(index))

    def show_page(self, screen: ScreenId) -> None:
        """Show Home or a topic's page by its identity (a topic no longer there shows Home)."""
        for index, topic in enumerate(self.content.topics):
            if screen == TopicPage(topic.slug):
                self.show_topic(index)
                return
        self.show_home()

    def finish_building(self) -> None:
        """Build (and paint once) now whatever the steps after the first paint have not yet:
        for callers that need every screen at once, such as tests and snapshots."""
        self.staging.finish()

    def _begin_afresh(self) -> None:
        """A new visit: every screen rewound, Home shown (a page not built yet is as new)."""
        for page in self._built_pages():
            page.rewind()
        self.show_home()

    def set_content(self, content: Content) -> None:
        """Swap in new content: all screens are built first, then shown together."""
        old = self._built_pages()
        self.content = content
        self.visit.set_defaults(visit_defaults(content))
        self.setWindowTitle(content.settings.office_name)
        self._build(content)
        for index in range(len(self._topics)):
            self._topic(index)
        for widget in old:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.show_home()
        self._warm_up.start()

    def warm_up(self) -> None:
        """Lay out and paint every screen not on show, off screen, once: a hidden page of the
        stack is only sized, laid out and its pictures made when it is first opened, which
        made that first tap take longer than a frame."""
        current = self.current_widget()
        # Painted onto a one-pixel image: every paintEvent runs and fills its caches, but no
        # screen-sized picture is allocated for it (a grab() of each page kept 13 MiB resident).
        from PySide6.QtGui import QImage  # after the first paint: Home needs none (1.5 ms)

        sink = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(sink)
        try:
            for page in self._built_pages():
                if page is not current:
                    self._paint_off_screen(page, current, painter)
        finally:
            painter.end()

    def _paint_off_screen(self, page: HomeScreen | TopicScreen,
                          current: HomeScreen | TopicScreen, painter: QPainter) -> None:
        page.setGeometry(current.geometry())
        page.ensure_styled()
        page.render(painter, QPoint())

    # --- what is ---------------------------------------------------------------------------

    def current_screen(self) -> ScreenId:
        widget = self.stack.currentWidget()
        for page in self._topics:
            if page is not None and page is widget:
                return TopicPage(page.topic.slug)
        return HOME

    def current_widget(self) -> HomeScreen | TopicScreen:
        """The page on show: Home or a topic's."""
        widget = self.stack.currentWidget()
        for page in self._topics:
            if page is not None and page is widget:
                return page
        return self.home

    @property
    def topics(self) -> list[TopicScreen]:
        """Every topic page, in order (any not built yet are built first)."""
        self.finish_building()
        return [self._topic(index) for index in range(len(self._topics))]

    def pages(self) -> list[HomeScreen | TopicScreen]:
        """Home and every topic page (any not built yet are built first)."""
        return [self.home, *self.topics]

    def pages_ready(self) -> bool:
        """Every page built and painted once: the steps after the first paint are through
        the pages (the Kiosk's own parts may still follow)."""
        return not self.staging.is_pending(self._pages_built)

    @property
    def renderer(self) -> QSvgRenderer:
        """The one SVG renderer every picture of the foot shares."""
        return self._renderer

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Screens laid over the stack (overlays) always cover the whole window.
        for child in self.children():
            if isinstance(child, QWidget) and child is not self.stack and child.isVisible():
                child.setGeometry(self.rect())
        super().resizeEvent(event)
        self._warm_up.start()
        self._changed()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            # The first frame is on its way to the screen: the rest is built from the next
            # turn of the event loop on (a zero timer runs once this whole paint pass is over).
            self._painted = True
            self.staging.start()

    # --- inside ----------------------------------------------------------------------------

    def _build(self, content: Content) -> None:
        """Home for this content, shown; its topic pages are built by _topic, later."""
        home = HomeScreen(self.look, content, self._renderer, self.visit, reader=self.reader)
        home.topic_chosen.connect(self.show_topic)
        self.stack.addWidget(home)
        self.home = home
        self._topics = [None] * len(content.topics)
        self._choices = None  # every topic page of this content arranges itself alike
        if home.controls.take_home is not None:
            home.controls.take_home.clicked.connect(self.take_home_requested)
        self.stack.setCurrentWidget(home)

    def _topic(self, index: int) -> TopicScreen:
        """Topic page index of the content on show, built now if it is not yet."""
        page = self._topics[index]
        if page is not None:
            return page
        from kiosk.screens.topic import Choices, TopicScreen  # here: not needed for the first frame

        if self._choices is None:
            self._choices = Choices()
        page = TopicScreen(self.look, self.content, index, self._renderer, self.visit,
                           self._choices, reader=self.reader)
        page.home_requested.connect(self.show_home)
        page.previous_requested.connect(lambda i=index: self.show_topic(i - 1))
        page.next_requested.connect(lambda i=index: self.show_topic(i + 1))
        if page.controls.take_home is not None:
            page.controls.take_home.clicked.connect(self.take_home_requested)
        self.stack.addWidget(page)
        self._topics[index] = page
        return page

    def _built_pages(self) -> list[HomeScreen | TopicScreen]:
        return [self.home, *(page for page in self._topics if page is not None)]

    def _stage_pages(self) -> None:
        """The steps after the first paint that make every page ready: each topic page built,
        then each page not on show laid out and painted once, off screen."""
        count = len(self._topics)
        for index in range(count):
            self.staging.add(partial(self._build_topic_step, index))
        for index in range(-1, count):  # -1: Home, for when a tap has left it already
            self.staging.add(partial(self._warm_step, index))
        self.staging.add(self._pages_built)

    def _build_topic_step(self, index: int) -> None:
        if index < len(self._topics):  # new content with fewer topics came first
            self._topic(index)

    def _warm_step(self, index: int) -> None:
        if index >= len(self._topics):
            return
        page = self.home if index < 0 else self._topic(index)
        current = self.current_widget()
        if page is current:
            return  # on show: painted by the window itself
        from PySide6.QtGui import QImage  # after the first paint: Home needs none (1.5 ms)

        sink = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(sink)
        try:
            self._paint_off_screen(page, current, painter)
        finally:
            painter.end()
        if self._warmed_at is None:
            self._warmed_at = self._changes

    def _pages_built(self) -> None:
        # The warm-up a second after the start's resizes is not needed if nothing changed
        # since these steps painted the pages.
        if self._warmed_at == self._changes:
            self._warm_up.stop()
        log.debug("every page built and painted once")
        self.all_pages_ready.emit()

    def _changed(self) -> None:
        self._changes += 1

    def _answer_first(self, page: QWidget | None = None) -> None:
        """No step after the first paint runs between a tap and the frame that answers it:
        the steps wait until the page on show has painted again."""
        if not self.staging.is_done:
            self.staging.hold()
            _NextPaint(page or self.current_widget(), self.staging.resume, self)

    def _switch_to(self, screen: HomeScreen | TopicScreen) -> None:
        if self.stack.currentWidget() is screen:
            return
        self.current_widget().rewind()  # the page left behind is fresh when it is next opened
        self.stack.setCurrentWidget(screen)
        self._answer_first(screen)
        shown = self.current_screen()
        log.debug("screen %s", shown)
        self.screen_changed.emit(shown)

    def _repaint_background(self) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(self.look.palette.background))
        self.setPalette(palette)
        self.setAutoFillBackground(True)


class _NextPaint(QObject):
    """Calls `then` once `widget`'s next paint pass is over (from a zero timer)."""

    def __init__(self, widget: QWidget, then: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._widget = widget
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._done)
        return False

    def _done(self) -> None:
        self._then()
        self.deleteLater()
