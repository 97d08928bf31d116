"""Outside office hours: a dark screen with one small, dim line, "Touch the screen to start".
It saves the screen and the office's electricity; a touch starts a normal visit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.content import Words
from kiosk.screens.widgets import TextLabel, lock_widget, show_over_window
from kiosk.theme import MARGIN_MM, Look

# Black, as an unlit panel is: the least light and power a screen can give.
DARK_BACKGROUND = "#000000"
# Dim, yet the line is the one thing a patient must read here: 7.5:1 on black, over the 7:1
# that body text is held to (tests/test_office_hours.py measures it).
DIM_TEXT = "#9A9A9A"


class ClosedScreen(QWidget):
    """Covers the window while the office is shut. The touch that wakes it opens nothing."""

    woken = Signal()

    def __init__(self, look: Look, words: Words, parent: QWidget) -> None:
        super().__init__(parent)
        self._look = look
        lock_widget(self)
        self.message = TextLabel(look, words.closed_touch, self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAutoFillBackground(True)
        look.changed.connect(self._restyle)
        self._restyle()
        self.hide()

    def set_words(self, words: Words) -> None:
        self.message.setText(words.closed_touch)
        self._arrange()

    def start(self) -> None:
        show_over_window(self, self._arrange)

    def stop(self) -> None:
        self.hide()

    def _restyle(self) -> None:
        # The same in either palette: the dark screen is no patient's choice.
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(DARK_BACKGROUND))
        self.setPalette(palette)
        label = self.message.palette()
        label.setColor(QPalette.ColorRole.WindowText, QColor(DIM_TEXT))
        self.message.setPalette(label)
        self._arrange()

    def _arrange(self) -> None:
        margin = self._look.px(MARGIN_MM)
        width = max(1, self.width() - 2 * margin)
        height = self.message.heightForWidth(width)
        self.message.setGeometry(margin, (self.height() - height) // 2, width, max(height, 1))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange()
        super().resizeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # this press belongs to the dark screen, not to Home beneath

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self.stop()
        self.woken.emit()
