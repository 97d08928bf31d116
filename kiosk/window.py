"""The kiosk's one window: every screen built ahead of time in a stack, switched instantly."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QPoint, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QResizeEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk import paths
from kiosk.content import Content
from kiosk.illustration import load_renderer
from kiosk.read_aloud import ReadAloud
from kiosk.screen_id import HOME, ScreenId, TopicPage
from kiosk.screens.home import HomeScreen
from kiosk.screens.topic import Choices, TopicScreen
from kiosk.screens.widgets import lock_widget
from kiosk.theme import Look, Metrics
from kiosk.visit import Defaults, Visit

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
    rewinds every screen to Home."""

    screen_changed = Signal(object)  # the ScreenId now shown
    take_home_requested = Signal()  # a Take it home button was tapped, on any page

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
        self.topics: list[TopicScreen] = []
        self.content = content
        self._build(content)
        self._warm_up = QTimer(self, singleShot=True, interval=WARM_UP_DELAY_MS)
        self._warm_up.setObjectName(WARM_UP_TIMER)
        self._warm_up.timeout.connect(self.warm_up)
        look.changed.connect(self._repaint_background)
        # Restyled pages not on show are laid out again the first time they show: do it ahead.
        look.changed.connect(self._warm_up.start)
        self.visit.began.connect(self._begin_afresh)
        self._repaint_background()

    # --- what to do ----------------------------------------------------------------------

    def show_home(self) -> None:
        self._switch_to(self.home)

    def show_topic(self, index: int) -> None:
        if 0 <= index < len(self.topics):
            self._switch_to(self.topics[index])

    def show_page(self, screen: ScreenId) -> None:
        """Show Home or a topic's page by its identity (a topic no longer there shows Home)."""
        for index, page in enumerate(self.topics):
            if screen == TopicPage(page.topic.slug):
                self.show_topic(index)
                return
        self.show_home()

    def _begin_afresh(self) -> None:
        """A new visit: every screen rewound, Home shown."""
        for page in self.pages():
            page.rewind()
        self.show_home()

    def set_content(self, content: Content) -> None:
        """Swap in new content: all screens are built first, then shown together."""
        old = self.pages()
        self.content = content
        self.visit.set_defaults(visit_defaults(content))
        self.setWindowTitle(content.settings.office_name)
        self._build(content)
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
        sink = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(sink)
        try:
            for page in self.pages():
                if page is not current:
                    page.setGeometry(current.geometry())
                    page.ensure_styled()
                    page.render(painter, QPoint())
        finally:
            painter.end()

    # --- what is ---------------------------------------------------------------------------

    def current_screen(self) -> ScreenId:
        widget = self.stack.currentWidget()
        if isinstance(widget, TopicScreen):
            return TopicPage(widget.topic.slug)
        return HOME

    def current_widget(self) -> HomeScreen | TopicScreen:
        """The page on show: Home or a topic's."""
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, TopicScreen) else self.home

    def pages(self) -> list[HomeScreen | TopicScreen]:
        return [self.home, *self.topics]

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

    # --- inside ----------------------------------------------------------------------------

    def _build(self, content: Content) -> None:
        home = HomeScreen(self.look, content, self._renderer, self.visit, reader=self.reader)
        home.topic_chosen.connect(self.show_topic)
        topics = []
        choices = Choices()  # every topic page of this content arranges itself alike
        for index in range(len(content.topics)):
            screen = TopicScreen(self.look, content, index, self._renderer, self.visit, choices,
                                 reader=self.reader)
            screen.home_requested.connect(self.show_home)
            screen.previous_requested.connect(lambda i=index: self.show_topic(i - 1))
            screen.next_requested.connect(lambda i=index: self.show_topic(i + 1))
            topics.append(screen)
        for page in (home, *topics):
            self.stack.addWidget(page)
        for controls in (home.controls, *(topic.controls for topic in topics)):
            if controls.take_home is not None:
                controls.take_home.clicked.connect(self.take_home_requested)
        self.home, self.topics = home, topics
        self.stack.setCurrentWidget(home)

    def _switch_to(self, screen: HomeScreen | TopicScreen) -> None:
        if self.stack.currentWidget() is screen:
            return
        self.current_widget().rewind()  # the page left behind is fresh when it is next opened
        self.stack.setCurrentWidget(screen)
        shown = self.current_screen()
        log.debug("screen %s", shown)
        self.screen_changed.emit(shown)

    def _repaint_background(self) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(self.look.palette.background))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
