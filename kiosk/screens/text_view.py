"""A topic's text: its Markdown laid out at the page's width and shown a part at a time,
each part as many whole lines as fit (kiosk/screens/pages.py). Only topic pages have one, and
they are built after the first paint: Home's first frame needs none of this module."""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, QRect, QRectF, QSize, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.screens.pages import Line, Part, document_lines, paginate, part_text
from kiosk.screens.widgets import lock_widget
from kiosk.theme import Look


def _cursor_x(value: object) -> float:
    """QTextLine.cursorToX's x (PySide6 returns it with the position, as a tuple)."""
    return float(value[0] if isinstance(value, tuple) else value)  # type: ignore[arg-type]


class TextView(QWidget):
    """A topic's Markdown, laid out by Qt at the widget's width and painted one part at a time.

    Each part is as many whole lines as fit the widget's height (kiosk/screens/pages.py), so no
    line is cut at an edge and no text waits out of sight behind a gesture: the page turns the
    parts with its buttons. Nothing to select, click or follow."""

    paged = Signal()  # the parts were worked out again, or another part is shown

    def __init__(self, look: Look, markdown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._look = look
        # The text classes are imported here: only topic pages, built after the first paint,
        # have a TextView, and making their Python types cost Home's start 5 ms.
        from PySide6.QtGui import QTextDocument

        self._document = QTextDocument(self)
        self._document.setUndoRedoEnabled(False)
        self._document.setMarkdown(markdown)
        self._lines: list[Line] = []
        self._parts: list[Part] = []
        self._part = 0
        # Where the part on show starts in the text: a new text size or width shows the part
        # that holds it, so the patient keeps their place.
        self._anchor = 0
        self._paged_size = QSize()
        # The sentence Read aloud is speaking, as (first, end) document positions; the next
        # one is looked for after it (a sentence may come twice in a text).
        self._marked: tuple[int, int] | None = None
        self._mark_from = 0
        self._mark_seconds = 0.0
        self._mark_clock = QElapsedTimer()  # since the marked sentence began
        self._turn = QTimer(self)
        self._turn.setSingleShot(True)
        self._turn.timeout.connect(self._turn_with_voice)
        self._turn_due = 0
        lock_widget(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # The page restyles it: only the page on show does so at once.
        self.restyle()

    def plain_text(self) -> str:
        return self._document.toPlainText()

    def set_markdown(self, markdown: str) -> None:
        """Another text (the same topic in another language), from its first part."""
        self._document.setMarkdown(markdown)
        self._anchor = 0
        self._marked, self._mark_from = None, 0
        self.restyle()

    # --- the sentence being read aloud -----------------------------------------------------

    def mark(self, sentence: str, seconds: float = 0.0) -> bool:
        """Tint these words (a sentence of the text, as Read aloud speaks it) and turn to the
        part that shows its start; "" clears the tint. False if the text doesn't hold them.
        A sentence that runs on into the next part turns to it when the voice, spoken over
        seconds at an even pace, gets there (one single-shot timer to each turn)."""
        self._turn.stop()
        if not sentence:
            self.unmark()
            return False
        plain = self._document.toPlainText()
        at = plain.find(sentence, self._mark_from)
        if at < 0:
            at = plain.find(sentence)
        if at < 0:
            self.unmark()
            return False
        self._marked = (at, at + len(sentence))
        self._mark_from = at + len(sentence)
        self._mark_clock.start()
        self._mark_seconds = seconds
        self.set_part(self._part_at(at))
        self._time_turn()
        self.update()
        return True

    def _part_at(self, position: int) -> int:
        return next((i for i in range(len(self._parts) - 1, -1, -1)
                     if self._part_start(i) <= position), 0)

    def _time_turn(self) -> None:
        """When the voice reaches the next part within the marked sentence, turn to it."""
        if self._marked is None or self._mark_seconds <= 0:
            return
        first, end = self._marked
        following = self._part + 1
        if following >= len(self._parts) or self._part_start(following) >= end:
            return
        share = (self._part_start(following) - first) / max(1, end - first)
        self._turn.setInterval(max(0, round(share * self._mark_seconds * 1000)
                                   - self._spoken_ms()))
        self._turn_due = following
        self._turn.start()

    def _spoken_ms(self) -> int:
        return self._mark_clock.elapsed() if self._mark_clock.isValid() else 0

    def _turn_with_voice(self) -> None:
        if self._marked is not None and self._turn_due < len(self._parts):
            self.set_part(self._turn_due)
            self._time_turn()

    def marked_rects(self) -> list[QRectF]:
        """Where the marked words are on their lines, in document coordinates."""
        if self._marked is None:
            return []
        first, end = self._marked
        rects = []
        block = self._document.findBlock(first)
        while block.isValid() and block.position() < end:
            layout, at = block.layout(), block.position()
            origin = layout.position()
            for index in range(layout.lineCount()):
                line = layout.lineAt(index)
                start, stop = at + line.textStart(), at + line.textStart() + line.textLength()
                low, high = max(start, first), min(stop, end)
                if low >= high:
                    continue
                left = _cursor_x(line.cursorToX(low - at))
                right = _cursor_x(line.cursorToX(high - at))
                rects.append(QRectF(origin.x() + left, origin.y() + line.y(), right - left,
                                    line.height()))
            block = block.next()
        return rects

    def _paint_mark(self, painter: QPainter) -> None:
        """A calm tint behind the words being spoken, and a line under them: the marking is
        not colour alone, and it moves no letter."""
        colours = self._look.palette
        pad = self._look.px(0.6)
        underline = max(2, self._look.px(0.5))
        for rect in self.marked_rects():
            painter.fillRect(rect.adjusted(-pad, 0, pad, 0), QColor(colours.marked))
            painter.fillRect(QRectF(rect.left(), rect.bottom() - underline, rect.width(),
                                    underline), QColor(colours.text))

    def unmark(self) -> None:
        """No tint; the next sentence is looked for from the text's start."""
        self._turn.stop()
        self._mark_from = 0
        if self._marked is not None:
            self._marked = None
            self.update()

    def marked_text(self) -> str:
        """The words tinted now ("" for none)."""
        if self._marked is None:
            return ""
        first, end = self._marked
        return self._document.toPlainText()[first:end]

    def restyle(self) -> None:
        font = self._look.font()
        self.setFont(font)
        self._document.setDefaultFont(font)
        self._document.setIndentWidth(self._look.px(6.0))
        from PySide6.QtGui import QTextBlockFormat, QTextCursor

        block = QTextBlockFormat()
        # WCAG 1.4.8: lines 1.5 times the font size apart, more between paragraphs. (Qt's
        # proportional 150 % is of the font's own line height, about 1.25 em: 1.87 em apart,
        # a quarter more room per line than the rule asks on a small screen.)
        block.setLineHeight(1.5 * font.pixelSize(),
                            QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        block.setBottomMargin(self._look.px(3.0))
        cursor = QTextCursor(self._document)
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(block)
        self._repaginate(force=True)

    def place(self, area: QRect) -> None:
        """Move and size to area, and cut the text into parts for it now (a hidden widget
        would only hear of its new size when next shown)."""
        self.setGeometry(area)
        self._repaginate()

    # --- the parts -------------------------------------------------------------------------

    @property
    def part(self) -> int:
        """The part on show, from 0."""
        return self._part

    @property
    def parts(self) -> int:
        return len(self._parts)

    def set_part(self, part: int) -> None:
        part = max(0, min(part, len(self._parts) - 1))
        self._anchor = self._part_start(part)
        if part != self._part:
            self._part = part
            self.update()
            self.paged.emit()

    def rewind(self) -> None:
        self.set_part(0)

    def visible_lines(self) -> list[str]:
        """The text of each line of the part on show, as painted."""
        part = self._current()
        return [line.text for line in self._lines[part.first:part.last + 1]]

    def visible_text(self) -> str:
        """The words of the part on show, as the patient sees them."""
        return part_text(self._lines, self._current())

    def visible_line_rects(self) -> list[QRectF]:
        """Where each line of the part on show is painted, in this widget's coordinates."""
        part = self._current()
        top = math.floor(part.top)
        return [QRectF(0, line.top - top, self.width(), line.bottom - line.top)
                for line in self._lines[part.first:part.last + 1]]

    def longest_line(self) -> int:
        """The most characters any line holds at this width (WCAG 1.4.8 asks for 80 at most)."""
        return max((len(line.text.rstrip()) for line in self._lines), default=0)

    def line_pitch(self) -> float:
        """From one line's top to the next one's within a paragraph, in pixels."""
        return 1.5 * self._look.font().pixelSize()

    def line_height(self) -> float:
        """A line's letters, top to bottom (the room one line needs), in pixels."""
        metrics = QFontMetricsF(self._look.font())
        return metrics.ascent() + metrics.descent()

    def _current(self) -> Part:
        return self._parts[self._part] if self._parts else Part(0, -1, 0.0, 0.0)

    def _part_start(self, part: int) -> int:
        if not self._parts:
            return 0
        return self._lines[self._parts[part].first].start

    def _repaginate(self, *, force: bool = False) -> None:
        if self.size() == self._paged_size and not force:
            return
        self._paged_size = self.size()
        self._document.setTextWidth(max(1, self.width()))
        self._lines = document_lines(self._document)
        self._parts = paginate(self._lines, max(1, self.height()))
        starts = [self._part_start(i) for i in range(len(self._parts))]
        self._part = max((i for i, start in enumerate(starts) if start <= self._anchor),
                         default=0)
        self.update()
        self.paged.emit()

    # --- Qt --------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(self._look.px(120), self._look.px(60))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._repaginate()

    def paintEvent(self, event: QPaintEvent) -> None:
        part = self._current()
        top = math.floor(part.top)
        shown = QRectF(0, 0, self.width(), min(self.height(), math.ceil(part.bottom) - top))
        painter = QPainter(self)
        painter.setClipRect(shown.intersected(QRectF(event.rect())))
        painter.translate(0, -top)
        from PySide6.QtGui import QAbstractTextDocumentLayout

        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor(self._look.palette.text))
        context.clip = shown.translated(0, top)
        if self._marked is not None:
            self._paint_mark(painter)
        self._document.documentLayout().draw(painter, context)
        painter.end()
