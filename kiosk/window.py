"""The kiosk's one window: every screen built ahead of time in a stack, switched instantly."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk import paths
from kiosk.content import Content
from kiosk.illustration import load_renderer
from kiosk.screens.home import HomeScreen
from kiosk.screens.topic import TopicScreen
from kiosk.screens.widgets import lock_widget
from kiosk.theme import Look, Metrics

log = logging.getLogger(__name__)

HOME = "home"


class KioskWindow(QWidget):
    """Shows Home or a topic; ``screen_changed`` tells which, by name."""

    screen_changed = Signal(str)

    def __init__(self, content: Content, metrics: Metrics, family: str,
                 svg: Path = paths.ILLUSTRATION) -> None:
        super().__init__()
        self.look = Look(metrics, family, self)
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
        look.changed.connect(self._repaint_background)
        self._repaint_background()

    # --- what to do ----------------------------------------------------------------------

    def show_home(self) -> None:
        self._switch_to(self.home)

    def show_topic(self, index: int) -> None:
        if 0 <= index < len(self.topics):
            self._switch_to(self.topics[index])

    def reset(self) -> None:
        """As new for the next patient: every screen rewound, default look, Home shown."""
        for screen in (self.home, *self.topics):
            screen.reset()
        self.look.reset()
        self.show_home()

    def set_content(self, content: Content) -> None:
        """Swap in new content: all screens are built first, then shown together."""
        old = [self.stack.widget(i) for i in range(self.stack.count())]
        self.content = content
        self.setWindowTitle(content.settings.office_name)
        self._build(content)
        for widget in old:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.show_home()

    # --- what is ---------------------------------------------------------------------------

    def current_screen(self) -> str:
        widget = self.stack.currentWidget()
        if isinstance(widget, TopicScreen):
            return f"topic:{widget.topic.slug}"
        return HOME

    def current_widget(self) -> QWidget:
        return self.stack.currentWidget()

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

    # --- inside ----------------------------------------------------------------------------

    def _build(self, content: Content) -> None:
        home = HomeScreen(self.look, content, self._renderer)
        home.topic_chosen.connect(self.show_topic)
        count = len(content.topics)
        topics = []
        for index, topic in enumerate(content.topics):
            screen = TopicScreen(self.look, topic, content.words, self._renderer,
                                 number=index + 1, count=count)
            screen.home_requested.connect(self.show_home)
            screen.previous_requested.connect(lambda i=index: self.show_topic(i - 1))
            screen.next_requested.connect(lambda i=index: self.show_topic(i + 1))
            topics.append(screen)
        for screen in (home, *topics):
            self.stack.addWidget(screen)
        self.home, self.topics = home, topics
        self.stack.setCurrentWidget(home)

    def _switch_to(self, screen: QWidget) -> None:
        if self.stack.currentWidget() is screen:
            return
        previous = self.stack.currentWidget()
        if previous is not None and hasattr(previous, "reset"):
            previous.reset()  # the page left behind is fresh when it is next opened
        self.stack.setCurrentWidget(screen)
        name = self.current_screen()
        log.debug("screen %s", name)
        self.screen_changed.emit(name)

    def _repaint_background(self) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(self.look.palette.background))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
