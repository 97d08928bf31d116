"""Screens laid over the kiosk: "Still reading?" before a reset, and the attract screen."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPaintEvent,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.content import Topic, Words
from kiosk.illustration import FootIllustration
from kiosk.read_aloud import STILL_READING
from kiosk.screens.measure import line_measure, natural_width
from kiosk.screens.widgets import (
    TextLabel,
    TouchButton,
    lock_widget,
    paint_card_over_page,
    show_over_window,
)
from kiosk.theme import GAP_MM, MARGIN_MM, TITLE_CAP_MM, Look

SECOND_MS = 1000
# The card is at least this wide, and wider if its words need it to stay on one line each.
CARD_MM = 150.0
# The attract screen changes (its next fact, in its next place) this often: slow enough to
# stay calm (three changes a minute, no flashing: WCAG 2.3.1; a jump, not an animation: WCAG
# 2.2.2), often enough to keep the same pixels from burning in.
ATTRACT_MOVE_MS = 20_000
# The headline's capitals on the 21.5-inch screen, read from the chairs two or three metres
# away (ADA 703.5.5 asks 5/8 inch, 16 mm), and that screen's short side: other screens scale
# the capitals with their own short side.
ATTRACT_CAP_MM = 16.0
ATTRACT_SHORT_SIDE_MM = 268.0
ATTRACT_SHARE = (0.9, 0.84)  # of the screen's width and height: the headline and picture
DRAWING_RATIO = 0.9  # the foot drawing is 1000 x 900
PICTURE_SHARES = (0.5, 0.42, 0.35)  # of the width, beside the headline: first that fits


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
        show_over_window(self)
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
        # The page stays faintly visible behind: it is still there.
        paint_card_over_page(self, self._look, self._card.geometry(), veil_alpha=215)


class AttractScreen(QWidget):
    """Shown after a long quiet time on Home: it teaches from across the room, one topic's
    short fact at a time with its part of the foot marked, then invites a touch. The touch
    that wakes it opens nothing beneath."""

    woken = Signal()
    changed = Signal(int)  # the step now shown: 0 the invitation, n the n-th teaser

    def __init__(self, look: Look, words: Words, renderer: QSvgRenderer,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._look = look
        self._words = words
        self._teasers: tuple[tuple[str, tuple[str, ...]], ...] = ()
        self._step = 0  # 0: the invitation to touch; then each topic's teaser in turn
        self._cap_mm = ATTRACT_CAP_MM
        self._fitted: dict[object, tuple[float, float]] = {}
        self._boxes: dict[object, tuple[int, int, int]] = {}  # measured once per size
        lock_widget(self)
        self._group = QWidget(self)
        lock_widget(self._group)
        self.message = TextLabel(look, words.attract, self._group, cap_mm=TITLE_CAP_MM, bold=True)
        self.picture = FootIllustration(look, renderer, self._group)
        self.picture.setAccessibleName(words.home_picture)
        for child in (self.message, self.picture):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._places = itertools.cycle(((0.5, 0.5), (0.3, 0.4), (0.7, 0.6), (0.35, 0.65),
                                        (0.65, 0.35)))
        self._place = (0.5, 0.5)
        # One single-shot timer, started again for each change: nothing fires more often.
        self._mover = QTimer(self)
        self._mover.setSingleShot(True)
        self._mover.setInterval(ATTRACT_MOVE_MS)
        self._mover.timeout.connect(self._move_on)
        self.setAutoFillBackground(True)
        look.changed.connect(self._restyle)
        self._restyle()
        self.hide()

    def set_words(self, words: Words) -> None:
        self._words = words
        self.picture.setAccessibleName(words.home_picture)
        self._show_step()

    def set_topics(self, topics: Sequence[Topic]) -> None:
        """The topics whose teasers it shows, in their order (those without one are left out)."""
        self._teasers = tuple((t.teaser, t.highlight) for t in topics if t.teaser)
        self._step %= len(self._teasers) + 1
        self._show_step()

    @property
    def step(self) -> int:
        """0 while it invites a touch; n while it shows the n-th teaser."""
        return self._step

    @property
    def steps(self) -> int:
        return len(self._teasers) + 1

    def start(self) -> None:
        self._step = 0
        show_over_window(self, self._show_step)
        self._mover.start()

    def stop(self) -> None:
        self._mover.stop()
        self.hide()

    def is_moving(self) -> bool:
        return self._mover.isActive()

    def group_position(self) -> QPoint:
        return self._group.pos()

    def headline_cap_mm(self) -> float:
        """How tall the headline's capitals are, in millimetres."""
        return self._look.metrics.mm(QFontMetrics(self.message.font()).capHeight())

    def headline_lines(self) -> list[str]:
        """The headline as it is broken into lines at its width."""
        return _wrapped(self.message.text(), self.message.font(),
                        self.message.contentsRect().width())

    def _move_on(self) -> None:
        self.advance()

    def advance(self) -> None:
        """The next change now: the next teaser (or the invitation), somewhere else."""
        self._step = (self._step + 1) % self.steps
        self._place = next(self._places)
        self._show_step()
        self._mover.start()
        self.changed.emit(self._step)

    def _show_step(self) -> None:
        text, highlight = ((self._words.attract, ()) if self._step == 0
                           else self._teasers[self._step - 1])
        self.message.setText(text)
        self.picture.set_highlight(highlight)
        self._arrange()

    def _restyle(self) -> None:
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(self._look.palette.background))
        self.setPalette(palette)
        self._fitted.clear()
        self._arrange()

    def _texts(self) -> list[str]:
        return [self._words.attract, *(text for text, _ in self._teasers)]

    def _font(self, cap_mm: float) -> QFont:
        return self._look.font(cap_mm, bold=True)

    def _arrange(self) -> None:
        width, height = max(self.width(), 1), max(self.height(), 1)
        group_w, group_h = int(width * ATTRACT_SHARE[0]), int(height * ATTRACT_SHARE[1])
        portrait = height > width
        gap = 3 * self._look.px(GAP_MM)
        cap, share = self._headline_cap(group_w, group_h, gap, portrait)
        font = self._font(cap)
        self.message.setFont(font)
        text_w, text_h, line_w = self._text_box(self.message.text(), font, group_w, group_h,
                                                gap, portrait, share)
        text_h = max(text_h, self.message.heightForWidth(line_w))  # as the label lays it out
        if portrait:  # the headline above the picture
            picture_h = max(1, group_h - text_h - gap)
            self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.message.setGeometry((group_w - line_w) // 2, 0, line_w, text_h)
            self.picture.setGeometry(0, text_h + gap, group_w, picture_h)
        else:  # the picture on the left, the headline beside it
            picture_w = group_w - text_w - gap
            self.picture.setGeometry(0, 0, max(1, picture_w), group_h)
            self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.message.setGeometry(picture_w + gap, (group_h - text_h) // 2, line_w, text_h)
        self._group.resize(group_w, group_h)
        fx, fy = self._place
        self._group.move(int((width - group_w) * fx), int((height - group_h) * fy))

    def _text_box(self, text: str, font: QFont, group_w: int, group_h: int, gap: int,
                  portrait: bool, share: float) -> tuple[int, int, int]:
        """The headline's column width (beside a picture of `share` of the width), its
        height there, and the width its lines are balanced to (as even as they can be: no
        word is left alone on the last line)."""
        key = (text, font.pixelSize(), group_w, group_h, gap, portrait, share)
        known = self._boxes.get(key)
        if known is not None:
            return known
        if len(self._boxes) > 256:
            self._boxes.clear()
        self._boxes[key] = found = self._measure_box(text, font, group_w, group_h, gap,
                                                     portrait, share)
        return found

    def _measure_box(self, text: str, font: QFont, group_w: int, group_h: int, gap: int,
                     portrait: bool, share: float) -> tuple[int, int, int]:
        column = group_w if portrait else group_w - min(int(group_h / DRAWING_RATIO),
                                                        int(group_w * share)) - gap
        column = max(1, column)
        # The fewest lines with no word alone on the last (from widest to narrowest), then
        # the narrowest width that keeps them: lines as even as they can be.
        least = max((QFontMetrics(font).horizontalAdvance(w) for w in text.split()), default=1)
        step = max(1, column // 60)
        best: tuple[int, int] | None = None  # (lines, width)
        for width in range(column, max(least, 1) - 1, -step):
            wrapped = _wrapped(text, font, width)
            if not _orphaned(wrapped) and (best is None or len(wrapped) < best[0]):
                best = (len(wrapped), width)
        lines, wide = best if best is not None else (len(_wrapped(text, font, column)), column)
        narrow = max(1, least)
        while narrow < wide:  # the narrowest width that still needs no more lines
            middle = (narrow + wide) // 2
            wrapped = _wrapped(text, font, middle)
            if len(wrapped) <= lines and (best is None or not _orphaned(wrapped)):
                wide = middle
            else:
                narrow = middle + 1
        lines = len(_wrapped(text, font, wide))
        line_w = min(column, wide + 2)  # a hair over: the label breaks exactly there
        height = math.ceil(QFontMetrics(font).lineSpacing() * lines) + lines + 4
        return column, height, line_w

    def _headline_cap(self, group_w: int, group_h: int, gap: int,
                      portrait: bool) -> tuple[float, float]:
        """The largest capitals, up to the screen's share of 16 mm, at which every headline
        fits whole, and the picture's share of the width beside it (it gives up some before
        the words shrink). The same for all, so the words keep their size from one change to
        the next; in portrait, the picture keeps at least half of the height."""
        key = (group_w, group_h, portrait, tuple(self._texts()))
        if key in self._fitted:
            return self._fitted[key]
        short_mm = self._look.metrics.mm(min(self.width(), self.height()))
        cap = max(TITLE_CAP_MM, ATTRACT_CAP_MM * short_mm / ATTRACT_SHORT_SIDE_MM)
        found = (TITLE_CAP_MM, PICTURE_SHARES[-1])
        while cap >= TITLE_CAP_MM:
            font = self._font(cap)
            share = next((share for share in PICTURE_SHARES
                          if all(self._fits(text, font, group_w, group_h, gap, portrait, share)
                                 for text in self._texts())), None)
            if share is not None:
                found = (cap, share)
                break
            cap = cap * 0.95 if cap > TITLE_CAP_MM else 0.0
            cap = max(cap, TITLE_CAP_MM) if cap else 0.0
        if len(self._fitted) > 8:
            self._fitted.clear()
        self._fitted[key] = found
        return found

    def _fits(self, text: str, font: QFont, group_w: int, group_h: int, gap: int,
              portrait: bool, share: float) -> bool:
        column, height, line_w = self._text_box(text, font, group_w, group_h, gap, portrait,
                                                share)
        metrics = QFontMetrics(font)
        if max((metrics.horizontalAdvance(word) for word in text.split()), default=0) > column:
            return False  # a word would be broken
        if _orphaned(_wrapped(text, font, line_w)):
            return False
        return height <= (group_h - gap) // 2 if portrait else height <= group_h

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fitted.clear()
        self._arrange()
        super().resizeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # swallowed: this press belongs to the attract screen, not to Home

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self.stop()
        self.woken.emit()


def _orphaned(lines: list[str]) -> bool:
    """Whether the last of several lines holds a single word."""
    return len(lines) > 1 and len(lines[-1].split()) < 2


def _wrapped(text: str, font: QFont, width: int) -> list[str]:
    """The lines a text breaks into at a width, between words, as a label breaks it."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1, width))
        lines.append(text[line.textStart():line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return lines
