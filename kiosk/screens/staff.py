"""The staff screens: a PIN pad of the app's own big buttons, and the staff panel.

These words are for the office's staff, not patients, so they live here rather than in content/.
They open only once a patient's visit has ended, so they keep the office's default text size
and colours (whatever the last patient chose), and they place their parts themselves,
measured in millimetres, so that nothing is cut or squeezed on any screen.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping

from PySide6.QtCore import QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.pin import Attempt
from kiosk.record import replace
from kiosk.screens.charts import Bar, BarChart
from kiosk.screens.measure import line_measure, natural_width
from kiosk.screens.widgets import TextLabel, TouchButton, lock_widget, show_over_window
from kiosk.theme import GAP_MM, MARGIN_MM, TARGET_MM, TITLE_CAP_MM, Look
from kiosk.usage import Figures
from kiosk.visit import Defaults, Visit

MAX_DIGITS = 12
SECOND_MS = 1000
ENTER_PIN = "Enter the staff PIN."
# The command has a line of its own, never broken: it is what staff type in a terminal.
COMMAND = "kiosk set-pin"
NO_PIN_TEXT = ("No staff PIN is set on this computer.\nTo set one, run this in a terminal:\n"
               "{command}")
NO_PIN = NO_PIN_TEXT.format(command=COMMAND)
# What Exit does, said on its button: in development the app just closes; under the service
# (deploy/kiosk.service) it stays stopped, and the screen then says how to start it again.
EXIT_SUBTITLE = "Closes the app until it is started again"
EXIT_SUBTITLE_SERVICE = "Stops it until staff start it or the PC restarts"
WRONG_PIN = "That PIN is not right. Try again."
LOCKED = "Too many wrong PINs. Try again in {seconds} seconds."
LONGEST_LOCK_S = 3600  # kiosk.pin's longest lockout: the pad keeps room for its message
KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "Clear", "0", "OK")
# Keys grow with the room there is, up to this: a pad, not a wall of slabs.
KEY_MAX_MM = 30.0
# Buttons that stand alone (Cancel, the staff panel's) are about this wide, at most this.
BUTTON_MM = 70.0
BUTTON_MAX_MM = 110.0
# What patients read: topics and choices over this many days (visits a day over 14).
TOPIC_DAYS = 30
CHOICE_NAMES = {"larger-text": "Larger text", "high-contrast": "High contrast",
                "read-aloud": "Read aloud", "take-home": "Take it home"}


def staff_look(look: Look, parent: QObject) -> Look:
    """The kiosk's look at the office's defaults: default text size, default colours."""
    return Look(replace(look.metrics, text_scale=1.0), look.family, Visit(Defaults(), parent),
                parent)


def _height(label: QLabel, width: int, texts: list[str]) -> int:
    """The height the tallest of texts needs in a label of this width."""
    metrics = QFontMetrics(label.font())
    flags = int(label.alignment()) | int(Qt.TextFlag.TextWordWrap)
    return max(metrics.boundingRect(QRect(0, 0, width, 1 << 20), flags, text).height()
               for text in texts)


def _text_box(label: QLabel, width: int, texts: list[str]) -> tuple[int, int]:
    """(width, height) for a label: as wide as its texts need, at most width and a measure."""
    width = max(1, min(width, line_measure(label), natural_width(label, texts)))
    return width, _height(label, width, texts)


class _Screen(QWidget):
    """An opaque full-window screen in the kiosk's default colours; places its parts itself."""

    def __init__(self, look: Look, parent: QWidget) -> None:
        super().__init__(parent)
        self._look = staff_look(look, self)
        lock_widget(self)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(self._look.palette.background))
        self.setPalette(palette)
        self.hide()

    def open(self) -> None:
        show_over_window(self, self._arrange)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _inner(self) -> QRect:
        margin = self._look.px(MARGIN_MM)
        return self.rect().adjusted(margin, margin, -margin, -margin)

    def _arrange(self) -> None:
        raise NotImplementedError


class PinPad(_Screen):
    """Digits go nowhere but ``submitted``: they are never logged, nor is their number."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, look: Look, parent: QWidget) -> None:
        super().__init__(look, parent)
        look = self._look
        self._digits = ""
        self._remaining = 0
        self._keys_shown = True
        self._no_pin = NO_PIN
        self.title = TextLabel(look, "Staff only", self, cap_mm=TITLE_CAP_MM, bold=True)
        self.message = TextLabel(look, ENTER_PIN, self)
        self.dots = TextLabel(look, "", self, cap_mm=TITLE_CAP_MM, bold=True)
        self.cancel = TouchButton(look, "Cancel", self, centred=True)
        self.cancel.setObjectName("pin-cancel")
        self.cancel.clicked.connect(self._cancel)
        self.keys: dict[str, TouchButton] = {}
        for key in KEYS:
            button = TouchButton(look, key, self, centred=True)
            button.setObjectName(f"pin-{key.lower()}")
            button.clicked.connect(lambda _=False, k=key: self._press(k))
            self.keys[key] = button
        self._tick = QTimer(self)
        self._tick.setInterval(SECOND_MS)
        self._tick.timeout.connect(self._count_down)

    @property
    def entered(self) -> int:
        """How many digits are entered (for tests; never logged)."""
        return len(self._digits)

    def show_entry(self, locked_for: float = 0.0) -> None:
        """Open the pad ready for a PIN, or counting down a lockout."""
        self._clear()
        self._show_keys(True)
        self._set_keys_enabled(True)
        self.message.setText(ENTER_PIN)
        if locked_for > 0:
            self._lock(locked_for)
        self.open()

    def show_no_pin(self) -> None:
        """No PIN exists: say how to set one, and offer nothing but Cancel."""
        self._clear()
        self._tick.stop()
        self._set_keys_enabled(False)
        self._show_keys(False)  # nothing to type until a PIN is set
        self.message.setText(self._no_pin)
        self.open()

    def set_pin_command(self, command: str) -> None:
        """The command the no-PIN message names (on the deployed PC: the installed wrapper)."""
        self._no_pin = NO_PIN_TEXT.format(command=command)

    def show_attempt(self, attempt: Attempt) -> None:
        self._clear()
        if attempt.locked_for > 0:
            self._lock(attempt.locked_for)
        else:
            self.message.setText(WRONG_PIN)

    def close_pad(self) -> None:
        self._clear()
        self._tick.stop()
        self.hide()

    def _show_keys(self, shown: bool) -> None:
        self._keys_shown = shown
        for button in self.keys.values():
            button.setVisible(shown)
        self._arrange()

    def _messages(self) -> list[str]:
        """Every message the pad may show in its present state: it keeps room for each."""
        if not self._keys_shown:
            return [self._no_pin]
        return [ENTER_PIN, WRONG_PIN, LOCKED.format(seconds=LONGEST_LOCK_S)]

    def _lock(self, seconds: float) -> None:
        self._remaining = math.ceil(seconds)
        self._set_keys_enabled(False)
        self.message.setText(LOCKED.format(seconds=self._remaining))
        self._tick.start()

    def _count_down(self) -> None:
        self._remaining -= 1
        if self._remaining <= 0:
            self._tick.stop()
            self._set_keys_enabled(True)
            self.message.setText(ENTER_PIN)
        else:
            self.message.setText(LOCKED.format(seconds=self._remaining))

    def _set_keys_enabled(self, enabled: bool) -> None:
        for button in self.keys.values():
            button.setEnabled(enabled)

    def _press(self, key: str) -> None:
        if key == "Clear":
            self._clear()
        elif key == "OK":
            digits, self._digits = self._digits, ""
            self._show_dots()
            if digits:
                self.submitted.emit(digits)
        elif len(self._digits) < MAX_DIGITS:
            self._digits += key
            self._show_dots()

    def _clear(self) -> None:
        self._digits = ""
        self._show_dots()

    def _show_dots(self) -> None:
        self.dots.setText(" ".join("●" * len(self._digits)))

    def _cancel(self) -> None:
        self.close_pad()
        self.cancelled.emit()

    # --- placing ---------------------------------------------------------------------------

    def _keypad_size(self, inner: QRect, portrait: bool) -> tuple[int, int]:
        """(width, height) of each key: square-ish, as big as the room allows up to a limit."""
        px, gap = self._look.px, self._look.px(GAP_MM)
        narrowest = max(b.narrowest() for b in self.keys.values())
        side = (inner.width() - 2 * gap) // 3 if portrait else (inner.height() - 3 * gap) // 4
        side = max(px(TARGET_MM), min(px(KEY_MAX_MM), side))
        return max(side, narrowest), side

    def _arrange(self) -> None:
        inner = self._inner()
        gap = self._look.px(GAP_MM)
        portrait = inner.height() > inner.width()
        key_w, key_h = self._keypad_size(inner, portrait) if self._keys_shown else (0, 0)
        pad_w, pad_h = (3 * key_w + 2 * gap, 4 * key_h + 3 * gap) if self._keys_shown else (0, 0)
        # The words: beside the keypad on a landscape screen, above it on a portrait one.
        column = inner.width() if portrait or not self._keys_shown else \
            inner.width() - pad_w - 3 * gap
        y = inner.top()
        for label, texts in ((self.title, [self.title.text()]), (self.message, self._messages()),
                             (self.dots, [" ".join("●" * MAX_DIGITS)])):
            width, height = _text_box(label, column, texts)
            label.setGeometry(inner.left(), y, width, height)
            y += height + 2 * gap
        cancel_w = min(column, max(self._look.px(BUTTON_MM), self.cancel.narrowest()),
                       self._look.px(BUTTON_MAX_MM))
        cancel_h = self.cancel.heightForWidth(cancel_w)
        if portrait and self._keys_shown:
            left = inner.left() + (inner.width() - pad_w) // 2
            top = y
            self.cancel.setGeometry(left, top + pad_h + 3 * gap, pad_w, cancel_h)
        else:
            left, top = inner.right() + 1 - pad_w, inner.top()
            # Cancel at the foot of the words, in line with the keypad's last row if it can be.
            bottom = max(y + cancel_h, top + pad_h) if self._keys_shown else y + cancel_h
            self.cancel.setGeometry(inner.left(), bottom - cancel_h, cancel_w, cancel_h)
        for index, button in enumerate(self.keys.values()):
            button.setGeometry(left + (index % 3) * (key_w + gap),
                               top + (index // 3) * (key_h + gap), key_w, key_h)


class StaffPanel(_Screen):
    """What staff can do once the PIN is right."""

    exit_requested = Signal()
    reload_requested = Signal()
    back_requested = Signal()
    usage_requested = Signal()  # "What patients read"

    def __init__(self, look: Look, parent: QWidget) -> None:
        super().__init__(look, parent)
        look = self._look
        self.title = TextLabel(look, "Staff", self, cap_mm=TITLE_CAP_MM, bold=True)
        self.status = TextLabel(look, "", self)
        self.exit_button = TouchButton(look, "Exit the kiosk", self, subtitle=EXIT_SUBTITLE)
        self.reload_button = TouchButton(look, "Reload content", self,
                                         subtitle="Shows the latest text from content/")
        self.back_button = TouchButton(look, "Back to the kiosk", self, icon="home")
        self.usage_button = TouchButton(look, "What patients read", self,
                                        subtitle="Visits, topics and choices")
        self.usage_button.setObjectName("staff-usage")
        self.usage_button.clicked.connect(self.usage_requested)
        for button, name, signal in ((self.exit_button, "staff-exit", self.exit_requested),
                                     (self.reload_button, "staff-reload", self.reload_requested),
                                     (self.back_button, "staff-back", self.back_requested)):
            button.setObjectName(name)
            button.clicked.connect(signal)

    @property
    def buttons(self) -> tuple[TouchButton, ...]:
        """In the order they are shown: the way back first, the way out last."""
        return (self.back_button, self.usage_button, self.reload_button, self.exit_button)

    def set_status(self, text: str) -> None:
        # A long path wraps between its folders (at a zero-width space), not inside a name.
        self.status.setText(text.replace("/", "/\u200b"))
        self._arrange()

    def _arrange(self) -> None:
        """The title and the status across the top (a path in the status is never broken
        for want of width); below them the buttons in a row, else one above the other, with
        their explanations if there is room for them, else their titles alone."""
        inner = self._inner()
        gap = self._look.px(GAP_MM)
        y = inner.top()
        for label in (self.title, self.status):
            width, height = _text_box(label, inner.width(), [label.text() or " "])
            label.setGeometry(inner.left(), y, width, height)
            y += height + 2 * gap
        y += gap
        room = inner.bottom() + 1 - y
        count = len(self.buttons)
        # In a row, else two rows of two, else one above the other; with their explanations
        # where there is room, else their titles alone.
        # (Roomy gaps first; the design's 3 mm floor is below GAP_MM.)
        for space, compact, per_row in itertools.product(
                (3 * gap, gap), (False, True), (count, 2, 1)):
            for button in self.buttons:
                button.set_compact(compact)
            each = min((inner.width() - space * (per_row - 1)) // per_row,
                       self._look.px(BUTTON_MAX_MM))
            tall = max(b.heightForWidth(each) for b in self.buttons)
            rows = -(-count // per_row)
            fits = each >= max(b.narrowest() for b in self.buttons) and \
                tall <= min(b.maximumHeight() for b in self.buttons)
            if fits and rows * tall + (rows - 1) * space <= room:
                break
        for index, button in enumerate(self.buttons):
            line, column = divmod(index, per_row)
            button.setGeometry(inner.left() + column * (each + space),
                               y + line * (tall + space), each, tall)


HOLD_MARK_MM = 3.0  # small: staff look for it, a patient does not notice it


class HoldMark(QWidget):
    """A small dot beside the office name: the first hold of the staff gesture counted."""

    def __init__(self, look: Look, parent: QWidget) -> None:
        super().__init__(parent)
        self._look = look
        lock_widget(self)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setObjectName("staff-hold-mark")
        self.hide()

    def show_beside(self, target: QWidget) -> None:
        """Show the dot just right of target's top-right corner, inside the window."""
        side = self._look.px(HOLD_MARK_MM)
        parent = self.parentWidget()
        corner = target.mapTo(parent, target.rect().topRight()) if parent else \
            target.rect().topRight()
        x = corner.x() + self._look.px(1.0)
        if parent is not None:
            x = min(x, parent.width() - side)
        self.setGeometry(x, corner.y(), side, side)
        self.show()
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self._look.palette
        painter.setPen(QPen(QColor(palette.text), 1))
        painter.setBrush(QColor(palette.border))
        painter.drawEllipse(self.rect().adjusted(1, 1, -1, -1))


class UsagePage(_Screen):
    """What patients read: one chart at a time, chosen with the buttons at the foot (large
    enough to read on the 10-inch screen), and a way back to the staff panel."""

    back_requested = Signal()

    def __init__(self, look: Look, parent: QWidget) -> None:
        super().__init__(look, parent)
        look = self._look
        self.heading = TextLabel(look, "", self, bold=True)
        self.heading.setObjectName("usage-heading")
        self.days = BarChart(look, self, vertical=True)
        self.topics = BarChart(look, self, vertical=False)
        self.choices = BarChart(look, self, vertical=False)
        self.back_button = TouchButton(look, "Back", self, icon="back")
        self.back_button.setObjectName("usage-back")
        self.back_button.clicked.connect(self.back_requested)
        self.chart_buttons: dict[str, TouchButton] = {}
        for name, title in (("days", "Visits a day"), ("topics", "Topics read"),
                            ("choices", "Choices used")):
            button = TouchButton(look, title, self)  # the one on show: a thicker border
            button.setObjectName(f"usage-{name}")
            button.clicked.connect(lambda _=False, n=name: self.show_chart(n))
            self.chart_buttons[name] = button
        self._headings = {"days": "", "topics": "", "choices": ""}
        self._shown = "days"

    @property
    def buttons(self) -> tuple[TouchButton, ...]:
        return (self.back_button, *self.chart_buttons.values())

    @property
    def charts(self) -> dict[str, BarChart]:
        return {"days": self.days, "topics": self.topics, "choices": self.choices}

    @property
    def shown(self) -> str:
        """The chart on show: "days", "topics" or "choices"."""
        return self._shown

    def set_figures(self, figures: Figures, titles: Mapping[str, str],
                    languages: Mapping[str, str]) -> None:
        """The figures to draw; topics by their titles, languages by their names."""
        days = figures.days
        self.days.set_bars([Bar(f"{day:%d}", count, str(count)) for day, count in days])
        total = sum(count for _, count in days)
        span = f"{days[0][0]:%a %d %b} to {days[-1][0]:%a %d %b}" if days else ""
        self._headings["days"] = f"Visits a day, {span}: {total} in all"
        self.topics.set_bars([Bar(titles.get(slug, slug), count, str(count))
                              for slug, count in figures.topics])
        self._headings["topics"] = (
            f"Visits that opened each topic, last {TOPIC_DAYS} days"
            if figures.topics else f"No topic was opened in the last {TOPIC_DAYS} days")
        shares = figures.shares
        names = [(CHOICE_NAMES[feature], shares.get(feature, 0.0)) for feature in CHOICE_NAMES]
        names += [(f"In {name}", shares.get(code, 0.0)) for code, name in languages.items()]
        self.choices.set_bars([Bar(name, share, f"{share:.0%}") for name, share in names])
        self._headings["choices"] = (f"Share of the {figures.visits} visits in the last "
                                     f"{TOPIC_DAYS} days that used each choice")
        self.show_chart(self._shown)

    def show_chart(self, name: str) -> None:
        self._shown = name
        for key, chart in self.charts.items():
            chart.setVisible(key == name)
            self.chart_buttons[key].set_on(key == name)
        self.heading.setText(self._headings[name])
        self._arrange()

    def _arrange(self) -> None:
        """The heading at the top, the chart under it; the buttons in a column at its right
        where they fit there (a landscape screen), else in rows at the foot."""
        inner = self._inner()
        gap = self._look.px(GAP_MM)
        # Room kept for the tallest heading: the buttons stay put from chart to chart.
        headings = [text or " " for text in self._headings.values()]
        width, height = _text_box(self.heading, inner.width(), headings)
        self.heading.setGeometry(inner.left(), inner.top(), width, height)
        body = QRect(inner.left(), inner.top() + height + 2 * gap, inner.width(),
                     max(1, inner.height() - height - 2 * gap))
        buttons = self.buttons
        column = max(b.narrowest() for b in buttons)
        column = max(column, min(max(b.sizeHint().width() for b in buttons),
                                 body.width() * 3 // 10))
        tall = [b.heightForWidth(column) for b in buttons]
        if inner.width() > inner.height() and sum(tall) + gap * (len(buttons) - 1) \
                <= body.height():
            y = body.bottom() + 1 - sum(tall) - gap * (len(buttons) - 1)
            for button, button_h in zip(buttons, tall, strict=True):
                button.setGeometry(body.right() + 1 - column, y, column, button_h)
                y += button_h + gap
            area = QRect(body.left(), body.top(), body.width() - column - 3 * gap,
                         body.height())
        else:
            for per_row in (len(buttons), 2, 1):
                each = min((inner.width() - 3 * gap * (per_row - 1)) // per_row,
                           self._look.px(BUTTON_MAX_MM))
                if each >= max(b.narrowest() for b in buttons):
                    break
            rows = -(-len(buttons) // per_row)
            row_h = max(b.heightForWidth(each) for b in buttons)
            top = inner.bottom() + 1 - rows * row_h - (rows - 1) * 3 * gap
            for index, button in enumerate(buttons):
                row, place = divmod(index, per_row)
                button.setGeometry(inner.left() + place * (each + 3 * gap),
                                   top + row * (row_h + 3 * gap), each, row_h)
            area = QRect(body.left(), body.top(), body.width(),
                         max(1, top - 3 * gap - body.top()))
        for chart in self.charts.values():
            chart.setGeometry(area)
