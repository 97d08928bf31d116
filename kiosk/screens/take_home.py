"""Take it home: a calm card with a QR code of the office's page for this handout, the address
in plain text, and how to use it. Nothing opens on the kiosk: the link lives only on the
patient's phone.
"""

from __future__ import annotations

import itertools
import math

import segno
from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.content import Words
from kiosk.screens.measure import line_measure, natural_width
from kiosk.screens.widgets import (
    TextLabel,
    TouchButton,
    lock_widget,
    paint_card_over_page,
    show_over_window,
)
from kiosk.theme import GAP_MM, TITLE_CAP_MM, Look

# The code's dark part is at least this wide: a phone reads it from arm's length at once.
QR_MM = 36.0
# Larger where the screen has room (easier to aim at), the largest that fits first.
QR_SIZES_MM = (60.0, 50.0, 42.0, QR_MM)
# Four light modules round the code (the QR standard's quiet zone): scanners need it.
QUIET_ZONE = 4
# Error correction M or better: a smudge or a reflection on the glass still reads.
ERROR_LEVEL = "m"
# The text column beside the code is at most this wide (and never wider than a good line).
TEXT_MM = 130.0
# Dark on white in every palette: many phone scanners fail on light-on-dark codes.
QR_DARK, QR_LIGHT = "#000000", "#FFFFFF"
# Where an address may break when it is wider than its line (zero-width spaces: it shows as
# one unbroken address; the QR code holds the address itself).
_BREAK_AFTER = "/.?&="


def breakable(address: str) -> str:
    """The address as shown: allowed to wrap after its slashes and dots, never changed."""
    return "".join(char + ("\u200b" if char in _BREAK_AFTER else "") for char in address)


class QrCode(QWidget):
    """A QR code with its quiet zone, each module a whole number of device pixels."""

    def __init__(self, look: Look, parent: QWidget) -> None:
        super().__init__(parent)
        self._look = look
        self._modules: list[bytearray] = []
        self._mm = QR_MM
        self.address = ""
        lock_widget(self)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_address(self, address: str) -> None:
        self.address = address
        code = segno.make(address, error=ERROR_LEVEL, micro=False) if address else None
        self._modules = [bytearray(row) for row in code.matrix] if code is not None else []
        self.setAccessibleName(address)
        self.update()

    @property
    def modules(self) -> int:
        """Modules across the dark part (0 with no address)."""
        return len(self._modules)

    def set_size_mm(self, mm: float) -> None:
        """How wide the dark part is to be, at least (never under QR_MM)."""
        self._mm = max(mm, QR_MM)
        self.update()

    def module_device_px(self) -> int:
        """Device pixels a module: the fewest that make the dark part as wide as asked."""
        if not self._modules:
            return 1
        ratio = self.devicePixelRatioF() or 1.0
        return max(1, math.ceil(self._look.px(self._mm) * ratio / self.modules))

    def side(self) -> int:
        """The widget's width and height in logical pixels, quiet zone included."""
        ratio = self.devicePixelRatioF() or 1.0
        across = (self.modules + 2 * QUIET_ZONE) * self.module_device_px()
        return math.ceil(across / ratio)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(QR_LIGHT))
        ratio = self.devicePixelRatioF() or 1.0
        painter.scale(1 / ratio, 1 / ratio)  # draw in device pixels: no module is smeared
        step = self.module_device_px()
        dark = QColor(QR_DARK)
        origin = QUIET_ZONE * step
        for y, row in enumerate(self._modules):
            for x, on in enumerate(row):
                if on:
                    painter.fillRect(origin + x * step, origin + y * step, step, step, dark)
        painter.end()


class TakeHomeOverlay(QWidget):
    """Laid over the page it was opened from; closes with its button, or by itself after a
    quiet while (a patient who walked away leaves no card for the next one)."""

    closed = Signal()

    def __init__(self, look: Look, words: Words, parent: QWidget) -> None:
        super().__init__(parent)
        self._look = look
        lock_widget(self)
        self._card = QWidget(self)
        lock_widget(self._card)
        self.code = QrCode(look, self._card)
        self.title = TextLabel(look, "", self._card, cap_mm=TITLE_CAP_MM, bold=True)
        self.scan = TextLabel(look, "", self._card)
        self.address = TextLabel(look, "", self._card, bold=True)
        self.address.setObjectName("take-home-address")
        self.ask = TextLabel(look, "", self._card)
        self.close_button = TouchButton(look, "", self._card, centred=True)
        self.close_button.setObjectName("take-home-close")
        self.close_button.clicked.connect(self.close_card)
        self._labels = (self.title, self.scan, self.address, self.ask)
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.timeout.connect(self.close_card)
        self.set_words(words)
        look.changed.connect(self._place_card)
        self.hide()

    def set_words(self, words: Words) -> None:
        """Another language's words, at once, even while the card is up."""
        self.title.setText(words.take_home)
        self.scan.setText(words.take_home_scan)
        self.ask.setText(words.take_home_ask)
        self.close_button.set_title(words.take_home_close)
        self._place_card()

    def set_address(self, address: str) -> None:
        self.code.set_address(address)
        self.address.setText(breakable(address))
        self.address.setAccessibleName(address)
        self._place_card()

    def open(self, address: str, quiet_ms: int) -> None:
        """Show the card for an address; it closes by itself after quiet_ms with no touch."""
        self.set_address(address)
        self._quiet.setInterval(quiet_ms)
        show_over_window(self, self._place_card)
        self._quiet.start()

    def touched(self) -> None:
        """Someone is still there: the quiet time starts again."""
        if self.isVisible():
            self._quiet.start()

    def stop(self) -> None:
        """Hide without a word (the visit ended under it)."""
        self._quiet.stop()
        self.hide()

    def close_card(self) -> None:
        if self.isVisible():
            self.stop()
            self.closed.emit()

    def is_open(self) -> bool:
        return self.isVisible()

    # --- where everything goes -------------------------------------------------------------

    def _place_card(self) -> None:
        """The code with the close button under it at the left, the words beside; where they
        don't fit, a smaller code (never under QR_MM), the title in body size, then no title
        (the button said it), then all in one column. Centred, only as big as it needs."""
        if self.width() <= 0 or self.height() <= 0:
            return
        gap = self._look.px(GAP_MM)
        room = (self.width() - 4 * gap, self.height() - 4 * gap)  # a gap round the card
        tried: tuple[QSize, list[tuple[QWidget, QRect]]] | None = None
        # The title gives way before the code shrinks below its floor; the code shrinks first.
        for title, size_mm in itertools.product((True, False, None), QR_SIZES_MM):
            self.code.set_size_mm(size_mm)
            side = self.code.side()
            button_h = self.close_button.heightForWidth(side)
            left = (side, side + 2 * gap + button_h)
            self.title.setVisible(title is not None)
            self.title.set_title_size(bool(title))
            for beside in (True, False):
                tried = self._try(beside, room, left, button_h)
                if tried is not None:
                    break
            if tried is not None:
                break
        if tried is None:  # a window far smaller than any kiosk screen: as one column
            tried = self._try(False, (1 << 20, 1 << 20), left, button_h)
        self.code.setFixedSize(self.code.side(), self.code.side())
        if tried is None:
            return
        size, rects = tried
        for widget, rect in rects:
            widget.setGeometry(rect.translated(gap, gap))
        self._card.setGeometry((self.width() - size.width()) // 2 - gap,
                               (self.height() - size.height()) // 2 - gap,
                               size.width() + 2 * gap, size.height() + 2 * gap)

    def _try(self, beside: bool, room: tuple[int, int], left: tuple[int, int], button_h: int
             ) -> tuple[QSize, list[tuple[QWidget, QRect]]] | None:
        """Where everything goes with the words beside the code (or under it), and the size
        of it all; None if it is larger than room."""
        gap = self._look.px(GAP_MM)
        side = left[0]
        labels = [label for label in self._labels if not label.isHidden()]
        widest = self._widest_line(labels)
        if beside:
            width = min(room[0] - side - 3 * gap, self._look.px(TEXT_MM), widest)
            if width < self._look.px(60):
                return None
            rows, height = self._column(labels, width)
            total = QSize(side + 3 * gap + width, max(left[1], height))
            top = (total.height() - left[1]) // 2
            rects = [(self.code, QRect(0, top, side, side)),
                     (self.close_button, QRect(0, top + side + 2 * gap, side, button_h))]
            words_top = (total.height() - height) // 2
            rects += [(w, r.translated(side + 3 * gap, words_top)) for w, r in rows]
        else:
            width = min(room[0], max(side, min(self._look.px(TEXT_MM), widest)))
            rows, height = self._column(labels, width)
            total = QSize(width, side + 2 * gap + height + 2 * gap + button_h)
            rects = [(self.code, QRect((width - side) // 2, 0, side, side))]
            rects += [(w, r.translated(0, side + 2 * gap)) for w, r in rows]
            rects.append((self.close_button, QRect((width - side) // 2,
                                                   total.height() - button_h, side, button_h)))
        if total.width() > room[0] or total.height() > room[1]:
            return None
        return total, rects

    @staticmethod
    def _widest_line(labels: list[TextLabel]) -> int:
        """The widest the words want to be: each on one line, up to a comfortable line."""
        widest = max(natural_width(label, [label.text()]) for label in labels)
        return min(widest, max(line_measure(label) for label in labels))

    def _column(self, labels: list[TextLabel], width: int
                ) -> tuple[list[tuple[QWidget, QRect]], int]:
        """The words one above the other at a width: where each goes, and their height."""
        gap = self._look.px(GAP_MM)
        rows: list[tuple[QWidget, QRect]] = []
        y = 0
        for label in labels:
            height = label.heightForWidth(width)
            rows.append((label, QRect(0, y, width, height)))
            y += height + gap
        return rows, y - gap

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place_card()
        super().resizeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # the page beneath is out of reach while the card is up

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        # Calm: the page is only a hint behind the card.
        paint_card_over_page(self, self._look, self._card.geometry(), veil_alpha=235)
