"""Bar charts drawn by the app itself (QPainter, in the kiosk's look): the staff page's figures,
each bar with its number written at its end, in large type. No chart library, no animation."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk.record import Record
from kiosk.screens.widgets import lock_widget
from kiosk.theme import BODY_CAP_MM, BORDER_MM, GAP_MM, Look

# A name beside a bar takes at most this share of the chart's width; the rest is the bars'.
LABEL_SHARE = 0.5
# A bar is this share of its slot (the rest is the space between bars).
BAR_SHARE = 0.7
# Numbers that would not fit their place at full size shrink, down to capitals this tall.
LEAST_CAP_MM = 3.0


class Bar(Record):
    """One bar: its name, its value, and the number written on it ("12", "40%")."""

    label: str
    value: float
    text: str


class Placed(Record):
    """Where one bar and its words are drawn, in the chart's own coordinates."""

    bar: Bar
    rect: QRect  # the bar itself (empty for a value of 0)
    number: QRect  # its number
    name: QRect  # its label


class BarChart(QWidget):
    """Vertical bars side by side (a day each), or horizontal bars one under the other, each
    with its name (under it, or at its left) and its number at its end."""

    def __init__(self, look: Look, parent: QWidget, *, vertical: bool) -> None:
        super().__init__(parent)
        self._look = look
        self._vertical = vertical
        self._bars: tuple[Bar, ...] = ()
        lock_widget(self)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    @property
    def bars(self) -> tuple[Bar, ...]:
        return self._bars

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self._bars = tuple(bars)
        self.update()

    def font_px(self) -> int:
        """The words' size: the kiosk's body text, smaller only where a number would not fit."""
        look = self._look
        full = look.metrics.font_px(BODY_CAP_MM)
        if not self._bars:
            return full
        least = look.metrics.font_px(LEAST_CAP_MM)
        count = len(self._bars)
        widest = max((*(b.text for b in self._bars), *(b.label for b in self._bars)), key=len)
        for size in range(full, least - 1, -1):
            font = look.font(BODY_CAP_MM)
            font.setPixelSize(size)
            metrics = QFontMetrics(font)
            if self._vertical:  # a number and a name fit its slot's width
                if metrics.horizontalAdvance(widest) <= self.width() / count - 2:
                    return size
            elif count * metrics.height() + (count - 1) * (look.px(GAP_MM) // 2) \
                    <= self.height() and max(metrics.horizontalAdvance(b.label)
                                             for b in self._bars) <= self.width() * LABEL_SHARE:
                return size  # every row its line, every name on one line
        return least

    def placed(self) -> list[Placed]:
        """Where every bar, number and name goes at the chart's present size."""
        if not self._bars or self.width() <= 0 or self.height() <= 0:
            return []
        font = self._look.font(BODY_CAP_MM)
        font.setPixelSize(self.font_px())
        metrics = QFontMetrics(font)
        top = max(b.value for b in self._bars) or 1.0
        return (self._placed_vertical(metrics, top) if self._vertical
                else self._placed_horizontal(metrics, top))

    def _placed_vertical(self, metrics: QFontMetrics, top: float) -> list[Placed]:
        line = metrics.height()
        gap = self._look.px(GAP_MM) // 2
        slot = self.width() / len(self._bars)
        base = self.height() - line - gap  # the bars stand on this line, their names below
        tallest = max(1, base - line - gap)
        placed = []
        for index, bar in enumerate(self._bars):
            left = round(index * slot)
            right = round((index + 1) * slot)
            width = max(1, round((right - left) * BAR_SHARE))
            x = left + (right - left - width) // 2
            height = round(tallest * bar.value / top) if bar.value > 0 else 0
            rect = QRect(x, base - height, width, height)
            number = QRect(left, base - height - gap - line, right - left, line)
            name = QRect(left, base + gap, right - left, line)
            placed.append(Placed(bar, rect, number, name))
        return placed

    def _placed_horizontal(self, metrics: QFontMetrics, top: float) -> list[Placed]:
        gap = self._look.px(GAP_MM)
        line = metrics.height()
        count = len(self._bars)
        row = min(2 * line, max(line, (self.height() - (count - 1) * gap // 2) // count))
        names = min(int(self.width() * LABEL_SHARE),
                    max(metrics.horizontalAdvance(b.label) for b in self._bars))
        numbers = max(metrics.horizontalAdvance(b.text) for b in self._bars)
        longest = max(1, self.width() - names - numbers - 2 * gap)
        placed = []
        for index, bar in enumerate(self._bars):
            y = index * (row + gap // 2)
            length = round(longest * bar.value / top) if bar.value > 0 else 0
            height = max(1, row * 2 // 3)
            rect = QRect(names + gap, y + (row - height) // 2, length, height)
            number = QRect(rect.right() + 1 + gap // 2, y, numbers + gap // 2, row)
            placed.append(Placed(bar, rect, number, QRect(0, y, names, row)))
        return placed

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = self._look.palette
        painter = QPainter(self)
        font = self._look.font(BODY_CAP_MM)
        font.setPixelSize(self.font_px())
        painter.setFont(font)
        ink, fill = QColor(colours.text), QColor(colours.border)
        flags = Qt.AlignmentFlag
        placed = self.placed()
        if self._vertical and placed:  # the line the bars stand on
            painter.setPen(QPen(ink, max(1, self._look.px(BORDER_MM) // 2)))
            base = placed[0].name.top() - 1
            painter.drawLine(0, base, self.width(), base)
        for item in placed:
            if not item.rect.isEmpty():
                painter.fillRect(item.rect, fill)
            painter.setPen(ink)
            number_align = flags.AlignHCenter | flags.AlignBottom if self._vertical else \
                flags.AlignLeft | flags.AlignVCenter
            painter.drawText(item.number, int(number_align), item.bar.text)
            name_align = flags.AlignHCenter | flags.AlignTop if self._vertical else \
                flags.AlignLeft | flags.AlignVCenter
            painter.drawText(item.name, int(name_align), item.bar.label)
        painter.end()
