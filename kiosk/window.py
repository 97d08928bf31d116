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
from kiosk.screens.home import HomeScreen
from kiosk.screens.topic import TopicScreen
from kiosk.screens.widgets import lock_widget
from kiosk.theme import Look, Metrics

log = logging.getLogger(__name__)

HOME = "home"
# Screens not on show are painted once, off screen, this long after the window last changed
# size or content, so that their first showing is as quick as any later one. Long enough for
# the window's own first paint and for a burst of resizes at start to pass.
WARM_UP_DELAY_MS = 1000
WARM_UP_TIMER = "warm-up"


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
        self._warm_up = QTimer(self, singleShot=True, interval=WARM_UP_DELAY_MS,
                               objectName=WARM_UP_TIMER)
        self._warm_up.timeout.connect(self.warm_up)
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
        self._warm_up.start()

    def warm_up(self) -> None:
        """Lay out and paint every screen not on show, off screen, once: a hidden page of the
        stack is only sized, laid out and its pictures made when it is first opened, which
        made that first tap take longer than a frame."""
        current = self.stack.currentWidget()
        if current is None:
            return
        # Painted onto a one-pixel image: every paintEvent runs and fills its caches, but no
        # screen-sized picture is allocated for it (a grab() of each page kept 13 MiB resident).
        sink = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(sink)
        try:
            for index in range(self.stack.count()):
                screen = self.stack.widget(index)
                if screen is not current:
                    screen.setGeometry(current.geometry())
                    screen.render(painter, QPoint())
        finally:
            painter.end()

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
        self._warm_up.start()

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
