"""Screens laid over the kiosk: "Still reading?" before a reset, and the attract screen."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.content import Words
from kiosk.illustration import FootIllustration
from kiosk.read_aloud import STILL_READING
from kiosk.screens.measure import line_measure, natural_width
from kiosk.screens.widgets import TextLabel, TouchButton, lock_widget
from kiosk.theme import BORDER_MM, GAP_MM, MARGIN_MM, TITLE_CAP_MM, Look

SECOND_MS = 1000
# The card is at least this wide, and wider if its words need it to stay on one line each.
CARD_MM = 150.0
# The attract picture moves to its next place this often: slow enough to stay calm (WCAG
# 2.2.2 asks that motion can be stopped; this is a jump every 20 s, not an animation),
# often enough to keep the same pixels from burning in.
ATTRACT_MOVE_MS = 20_000


def _cover(widget: QWidget) -> None:
    """Lay a screen over the whole of the window it belongs to."""
    parent = widget.parentWidget()
    if parent is not None:
        widget.setGeometry(parent.rect())


class StillReadingOverlay(QWidget):
    """A calm card over the page: a countdown and one big "Keep reading" button."""

    keep_reading = Signal()
    expired = Signal()

    def __init__(self, look: Look, words: Words, parent: QWidget) -> None:
        super().__init__(parent)
        self._look = look
        self._remaining = 0
        self._longest = 0  # the countdown's first (and widest) number
        lock_widget(self)
        self._card = QWidget(self)
        lock_widget(self._card)
        self.question = TextLabel(look, words.still_reading, self._card, cap_mm=TITLE_CAP_MM,
                                  bold=True)
        self.countdown = TextLabel(look, "", self._card)
        self.button = TouchButton(look, words.keep_reading, self._card, centred=True)
        self.button.setObjectName("keep-reading")
        self.button.clicked.connect(self._keep)
        self._card_layout = QVBoxLayout(self._card)
        for widget in (self.question, self.countdown, self.button):
            self._card_layout.addWidget(widget)
        self._words = words
        self._tick = QTimer(self)
        self._tick.setInterval(SECOND_MS)
        self._tick.timeout.connect(self._count_down)
        look.changed.connect(self._restyle)
        self._restyle()
        self.hide()

    def set_words(self, words: Words) -> None:
        """Another language's words, at once, even while the card is up."""
        self._words = words
        self.question.setText(words.still_reading)
        self.button.set_title(words.keep_reading)
        self._show_remaining()

    def mark(self, page: str, text: str, seconds: float = 0.0) -> None:
        """Read aloud speaks the card's question or its button's words: tinted, underlined."""
        here = page == STILL_READING and bool(text)
        self.question.set_marked(here and text == self.question.text())
        self.button.set_marked(here and text == self.button.text())

    @property
    def remaining(self) -> int:
        return self._remaining

    def set_tick_ms(self, ms: int) -> None:
        """How long one counted second lasts (shortened by tests)."""
        self._tick.setInterval(ms)

    def start(self, seconds: int) -> None:
        """Show the card and count down from seconds; expired is emitted at zero."""
        self._remaining = self._longest = seconds
        self._show_remaining()
        _cover(self)
        self.show()
        self.raise_()
        self._tick.start()

    def stop(self) -> None:
        self._tick.stop()
        self.hide()

    def _keep(self) -> None:
        self.stop()
        self.keep_reading.emit()

    def _count_down(self) -> None:
        self._remaining -= 1
        if self._remaining <= 0:
            self.stop()
            self.expired.emit()
        else:
            self._show_remaining()

    def _show_remaining(self) -> None:
        self.countdown.setText(self._words.going_home.format(seconds=self._remaining))
        self._place_card()

    def _restyle(self) -> None:
        gap = self._look.px(GAP_MM)
        self._card_layout.setContentsMargins(2 * gap, 2 * gap, 2 * gap, 2 * gap)
        self._card_layout.setSpacing(2 * gap)
        self._place_card()

    def _place_card(self) -> None:
        """Centred, as wide as its words need to sit on a line each (never wider than the
        window or than a comfortable line), as tall as they then need."""
        padding = 2 * 2 * self._look.px(GAP_MM)
        lines = [(self.question, self.question.text()),
                 (self.countdown, self._words.going_home.format(seconds=self._longest))]
        words = max(natural_width(label, [text]) for label, text in lines)
        measure = max(line_measure(label) for label, _ in lines)
        width = min(self.width() - 2 * self._look.px(MARGIN_MM),
                    max(self._look.px(CARD_MM), min(words, measure) + padding))
        self._card.setFixedWidth(max(width, 1))
        self._card.adjustSize()
        self._card.move((self.width() - self._card.width()) // 2,
                        (self.height() - self._card.height()) // 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place_card()
        super().resizeEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # A tap anywhere says "I'm still here", not only on the button.
        event.accept()
        self._keep()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = self._look.palette
        painter = QPainter(self)
        veil = QColor(colours.background)
        veil.setAlpha(215)  # the page stays faintly visible behind: it is still there
        painter.fillRect(self.rect(), veil)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(colours.border), max(2, self._look.px(BORDER_MM))))
        painter.setBrush(QColor(colours.overlay))
        radius = self._look.px(3)
        painter.drawRoundedRect(self._card.geometry().adjusted(-2, -2, 2, 2), radius, radius)
        painter.end()


class AttractScreen(QWidget):
    """Shown after a long quiet time on Home. The touch that wakes it opens nothing beneath."""

    woken = Signal()

    def __init__(self, look: Look, words: Words, renderer: QSvgRenderer,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._look = look
        lock_widget(self)
        self._group = QWidget(self)
        lock_widget(self._group)
        self.message = TextLabel(look, words.attract, self._group, cap_mm=TITLE_CAP_MM, bold=True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture = FootIllustration(look, renderer, self._group)
        self.picture.setAccessibleName(words.home_picture)
        for child in (self.message, self.picture):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self._group)
        layout.addWidget(self.picture, 1)
        layout.addWidget(self.message)
        self._places = itertools.cycle(((0.5, 0.5), (0.3, 0.4), (0.7, 0.6), (0.35, 0.65),
                                        (0.65, 0.35)))
        self._place = (0.5, 0.5)
        self._mover = QTimer(self)
        self._mover.setInterval(ATTRACT_MOVE_MS)
        self._mover.timeout.connect(self._move_on)
        self.setAutoFillBackground(True)
        look.changed.connect(self._restyle)
        self._restyle()
        self.hide()

    def set_words(self, words: Words) -> None:
        self.message.setText(words.attract)

    def start(self) -> None:
        _cover(self)
        self.show()
        self.raise_()
        self._mover.start()

    def stop(self) -> None:
        self._mover.stop()
        self.hide()

    def is_moving(self) -> bool:
        return self._mover.isActive()

    def group_position(self) -> QPoint:
        return self._group.pos()

    def _move_on(self) -> None:
        self._place = next(self._places)
        self._arrange()

    def _restyle(self) -> None:
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(self._look.palette.background))
        self.setPalette(palette)
        self._arrange()

    def _arrange(self) -> None:
        size = min(self.width(), self.height()) * 3 // 5
        self._group.resize(max(size * 4 // 3, 1), max(size, 1))
        fx, fy = self._place
        self._group.move(int((self.width() - self._group.width()) * fx),
                         int((self.height() - self._group.height()) * fy))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange()
        super().resizeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # swallowed: this press belongs to the attract screen, not to Home

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self.stop()
        self.woken.emit()
