"""The few widgets every screen is built from, sized in millimetres from the shared Look."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QShowEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QSizePolicy,
    QWidget,
)

from kiosk.theme import BODY_CAP_MM, BORDER_MM, TARGET_MM, TITLE_CAP_MM, Look

MAX_BUTTON_MM = 50.0

ICONS = ("home", "back", "next", "more", "larger-text", "contrast", "language", "speaker",
         "stop", "louder", "softer", "take-home")


def lock_widget(widget: QWidget) -> None:
    """No keyboard focus, no context menu, no drops: a patient can only tap."""
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    widget.setAcceptDrops(False)


def show_over_window(overlay: QWidget, arrange: Callable[[], None] = lambda: None) -> None:
    """Lay an overlay over the whole of the window it belongs to, arrange its parts for that
    size, and show it on top of everything."""
    window = overlay.parentWidget()
    if window is not None:
        overlay.setGeometry(window.rect())
    arrange()
    overlay.show()
    overlay.raise_()


def paint_card_over_page(overlay: QWidget, look: Look, card: QRect, *, veil_alpha: int) -> None:
    """An overlay's own paint: the page's colour laid over the page beneath (veil_alpha of
    255 opaque), and a framed card where its parts sit."""
    colours = look.palette
    painter = QPainter(overlay)
    veil = QColor(colours.background)
    veil.setAlpha(veil_alpha)
    painter.fillRect(overlay.rect(), veil)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(colours.border), max(2, look.px(BORDER_MM))))
    painter.setBrush(QColor(colours.overlay))
    radius = look.px(3)
    painter.drawRoundedRect(card.adjusted(-2, -2, 2, 2), radius, radius)
    painter.end()


class Page(QWidget):
    """A page of the window's stack. A new look or language is laid out at once only on the
    page on show, within the tap that asked for it; a page not on show is laid out when it is
    next shown, or by the window's warm-up a second later (ensure_styled)."""

    _stale = False

    def relayout(self) -> None:
        """Lay the page out for the look and words it has now."""
        raise NotImplementedError

    def restyle(self) -> None:
        if not self.testAttribute(Qt.WidgetAttribute.WA_Resized) and not self.isVisible():
            # Never given a size yet: laying out for Qt's placeholder 640x480 measured every
            # arrangement for nothing (36 ms of Home's start). Its first resize lays it out
            # (its labels and text style themselves), and a new look since then still shows.
            return
        self._stale = False
        self.relayout()

    def ensure_styled(self) -> None:
        if self._stale:
            self.restyle()

    def look_changed(self) -> None:
        if self.isVisible():
            self.restyle()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_styled()
        super().showEvent(event)


class TextLabel(QLabel):
    """Plain text (never rich text from a content file), wrapped, with no interaction."""

    def __init__(self, look: Look, text: str = "", parent: QWidget | None = None, *,
                 cap_mm: float = BODY_CAP_MM, bold: bool = False) -> None:
        super().__init__(parent)
        self._look = look
        self._cap_mm = cap_mm
        self._bold = bold
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setWordWrap(True)
        lock_widget(self)
        self._marked = False
        self.setText(text)
        look.changed.connect(self.restyle)
        self.restyle()

    def set_marked(self, marked: bool) -> None:
        """Read aloud is speaking these words: a calm tint behind them, and underlined."""
        if marked != self._marked:
            self._marked = marked
            self.restyle()

    @property
    def marked(self) -> bool:
        return self._marked

    def set_title_size(self, title: bool) -> None:
        """Title size, or body size (still bold, if it is) on a screen with no room to spare."""
        cap = TITLE_CAP_MM if title else BODY_CAP_MM
        if cap != self._cap_mm:
            self._cap_mm = cap
            self.restyle()

    def restyle(self) -> None:
        font = self._look.font(self._cap_mm, bold=self._bold)
        font.setUnderline(self._marked)  # same metrics: marking moves nothing
        self.setFont(font)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(self._look.palette.text))
        palette.setColor(QPalette.ColorRole.Window, QColor(self._look.palette.marked))
        self.setPalette(palette)
        self.setAutoFillBackground(self._marked)


class TouchButton(QAbstractButton):
    """A large button: acts on release inside it, shows a press state that isn't colour alone."""

    def __init__(self, look: Look, title: str, parent: QWidget | None = None, *,
                 subtitle: str = "", icon: str | None = None, centred: bool = False,
                 switch: bool = False) -> None:
        super().__init__(parent)
        if icon not in (None, *ICONS):
            raise ValueError(f"unknown icon {icon!r}")
        self._look = look
        self._subtitle = subtitle
        self._icon = icon
        self._switch = switch  # an on/off choice: a box on the right shows a check mark when on
        self._on = False
        self._marked = False
        self._compact = False
        self._centred = centred and icon is None
        # Text heights by (width, compact, text): a page change asks for them ~80 times, and
        # each costs two text layouts. Fonts only change in restyle(), which empties it.
        self._heights: dict[tuple[int, bool, str], tuple[int, int]] = {}
        self.setText(title)
        lock_widget(self)
        self.setAutoRepeat(False)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(title)
        self.setAccessibleDescription(subtitle)
        look.changed.connect(self.restyle)
        self.pressed.connect(self.update)
        self.released.connect(self.update)
        self.restyle()

    @property
    def subtitle(self) -> str:
        return self._subtitle

    def set_on(self, on: bool) -> None:
        """Show a switch as on (check mark, thicker border) or off; the state lives elsewhere."""
        if on != self._on:
            self._on = on
            self.setAccessibleDescription("on" if on else "off")
            self.update()

    @property
    def on(self) -> bool:
        return self._on

    def set_marked(self, marked: bool) -> None:
        """Read aloud is speaking the button's title: a calm tint, the title underlined."""
        if marked != self._marked:
            self._marked = marked
            self.update()

    @property
    def marked(self) -> bool:
        return self._marked

    def set_title(self, title: str) -> None:
        """New words on the button (a page's Next becomes More)."""
        if title != self.text():
            self.setText(title)
            self.setAccessibleName(title)
            self.updateGeometry()
            self.update()

    def set_subtitle(self, subtitle: str) -> None:
        """New words under the title (the same topic in another language)."""
        if subtitle != self._subtitle:
            self._subtitle = subtitle
            self._heights.clear()  # its heights are kept by title only
            self.setAccessibleDescription(subtitle)
            self.updateGeometry()
            self.update()

    def set_icon(self, icon: str | None) -> None:
        """Another icon beside the title (a page's Next arrow becomes More's down arrow)."""
        if icon not in (None, *ICONS):
            raise ValueError(f"unknown icon {icon!r}")
        if icon != self._icon:
            self._icon = icon
            self._heights.clear()
            self.updateGeometry()
            self.update()

    @property
    def icon_name(self) -> str | None:
        """Which of ICONS the button shows (Qt's own icon() is a QIcon, unused here)."""
        return self._icon

    def set_compact(self, compact: bool) -> None:
        """Title only, when the screen is too small for subtitles too."""
        if compact != self._compact:
            self._compact = compact
            self.updateGeometry()
            self.update()

    @property
    def compact(self) -> bool:
        return self._compact

    def height_for(self, width: int, *, compact: bool) -> int:
        """The height this button would need at a width, with or without its subtitle."""
        was = self._compact
        self._compact = compact
        try:
            return self.heightForWidth(width)
        finally:
            self._compact = was

    def _shown_subtitle(self) -> str:
        return "" if self._compact else self._subtitle

    def restyle(self) -> None:
        self._heights.clear()
        self._title_font = self._look.font(bold=True)
        self._subtitle_font = self._look.font()
        self.setMinimumSize(self._look.px(TARGET_MM), self._look.px(TARGET_MM))
        # Tall enough to be an easy target, not so tall it stops looking like a button.
        self.setMaximumHeight(self._look.px(MAX_BUTTON_MM) * (2 if self._look.larger_text else 1))
        self.updateGeometry()
        self.update()

    def _padding(self) -> int:
        return self._look.px(3.0)

    def _icon_size(self) -> int:
        return QFontMetrics(self._title_font).capHeight() * 2 if self._icon or self._switch else 0

    def _icon_on_right(self) -> bool:
        # "Next" and "More" read toward their arrow, so their icon sits on the right.
        return self._icon in ("next", "more")

    def _text_rect(self, width: int) -> QRectF:
        pad = self._padding()
        icon = self._icon_size() + pad if self._icon else 0
        box = self._icon_size() + pad if self._switch else 0
        left = pad + (icon if not self._icon_on_right() else 0)
        return QRectF(left, pad, max(1, width - icon - box - 2 * pad), 10_000)

    def _text_heights(self, width: int) -> tuple[int, int]:
        key = (width, self._compact, self.text())
        heights = self._heights.get(key)
        if heights is None:
            if len(self._heights) > 64:  # widths seen while a window is dragged about
                self._heights.clear()
            heights = self._heights[key] = self._measure_text(width)
        return heights

    def _measure_text(self, width: int) -> tuple[int, int]:
        flags = int(Qt.TextFlag.TextWordWrap)
        rect = self._text_rect(width).toRect()
        title = QFontMetrics(self._title_font).boundingRect(rect, flags, self.text()).height()
        shown = self._shown_subtitle()
        subtitle = (QFontMetrics(self._subtitle_font).boundingRect(rect, flags, shown).height()
                    if shown else 0)
        return title, subtitle

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        title, subtitle = self._text_heights(width)
        return max(self.minimumHeight(), title + subtitle + 2 * self._padding())

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self._title_font)
        icons = (self._icon_size() + self._padding()) * ((self._icon is not None) + self._switch)
        width = metrics.horizontalAdvance(self.text()) + icons + 3 * self._padding()
        width = max(width, self.minimumWidth())
        return QSize(width, self.heightForWidth(width))

    def narrowest(self, title: str | None = None) -> int:
        """The least width at which no word of the title is broken: its longest word, its icons
        and padding (the title wraps between words below its natural width). With a title,
        for those words instead (one the button will show later, e.g. Next's "More")."""
        metrics = QFontMetrics(self._title_font)
        words = (self.text() if title is None else title).split()
        longest = max((metrics.horizontalAdvance(w) for w in words), default=0)
        icons = (self._icon_size() + self._padding()) * ((self._icon is not None) + self._switch)
        return max(self.minimumWidth(), longest + icons + 3 * self._padding())

    def minimumSizeHint(self) -> QSize:
        return self.minimumSize()

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = self._look.palette
        down = self.isDown()
        border = max(2, self._look.px(BORDER_MM)) * (2 if down or self._on else 1)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QRectF(self.rect()).adjusted(border / 2, border / 2, -border / 2, -border / 2)
        pen = QPen(QColor(colours.border), border)
        fill = colours.pressed if down else colours.marked if self._marked else colours.button
        if not self.isEnabled():  # out of use: a dashed outline on the page colour
            pen.setStyle(Qt.PenStyle.DashLine)
            fill = colours.background
        painter.setPen(pen)
        painter.setBrush(QColor(fill))
        radius = self._look.px(2.5)
        painter.drawRoundedRect(frame, radius, radius)
        # The press also moves the label down a little, so the state shows without colour.
        shift = self._look.px(0.7) if down else 0
        ink = QColor(colours.pressed_text if down else colours.button_text)
        painter.setPen(ink)
        text_rect = self._text_rect(self.width()).translated(0, shift)
        title_h, subtitle_h = self._text_heights(self.width())
        top = (self.height() - title_h - subtitle_h) / 2 + shift
        text_rect.moveTop(top)
        text_rect.setHeight(title_h)
        flag = Qt.AlignmentFlag
        side = flag.AlignRight if self._icon_on_right() else flag.AlignLeft
        align = (flag.AlignHCenter if self._centred else side) | flag.AlignVCenter
        title_font = self._title_font
        if self._marked:
            title_font = QFont(title_font)
            title_font.setUnderline(True)
        painter.setFont(title_font)
        painter.drawText(text_rect, int(align | Qt.TextFlag.TextWordWrap), self.text())
        if self._shown_subtitle():
            painter.setFont(self._subtitle_font)
            sub_rect = QRectF(text_rect.left(), top + title_h, text_rect.width(), subtitle_h)
            painter.drawText(sub_rect, int(align | Qt.TextFlag.TextWordWrap), self._subtitle)
        size, line = self._icon_size(), max(2, self._look.px(1.0))
        if self._icon:
            right = self._icon_on_right()
            x = self.width() - self._padding() - size if right else self._padding()
            box = QRectF(x, (self.height() - size) / 2 + shift, size, size)
            _draw_icon(painter, self._icon, box, ink, line)
        if self._switch:
            box = QRectF(self.width() - self._padding() - size,
                         (self.height() - size) / 2 + shift, size, size)
            _draw_check_box(painter, box, ink, line, checked=self._on)
        painter.end()


def _larger_text_icon(path: QPainterPath) -> None:
    for left, height in ((0.0, 0.5), (0.38, 0.95)):  # a small A and a large one
        base, top = 0.95, 0.95 - height
        half = 0.31 * height / 0.95
        apex = left + half
        path.moveTo(apex - half, base)
        path.lineTo(apex, top)
        path.lineTo(apex + half, base)
        path.moveTo(apex - half * 0.55, base - 0.4 * (base - top))
        path.lineTo(apex + half * 0.55, base - 0.4 * (base - top))


def _language_icon(path: QPainterPath) -> None:
    globe = QRectF(0.06, 0.06, 0.88, 0.88)  # the world's languages, not one country's flag
    path.addEllipse(globe)
    path.addEllipse(globe.adjusted(0.24, 0, -0.24, 0))
    path.moveTo(0.06, 0.5)
    path.lineTo(0.94, 0.5)
    path.moveTo(0.5, 0.06)
    path.lineTo(0.5, 0.94)


def _contrast_icon(path: QPainterPath) -> None:
    path.addEllipse(QRectF(0.06, 0.06, 0.88, 0.88))  # its left half is filled as well


def _home_icon(path: QPainterPath) -> None:
    path.moveTo(0.05, 0.5)
    path.lineTo(0.5, 0.08)
    path.lineTo(0.95, 0.5)
    path.moveTo(0.18, 0.4)
    path.lineTo(0.18, 0.92)
    path.lineTo(0.82, 0.92)
    path.lineTo(0.82, 0.4)


def _more_icon(path: QPainterPath) -> None:  # an arrow pointing down the page
    path.moveTo(0.5, 0.08)
    path.lineTo(0.5, 0.92)
    path.moveTo(0.12, 0.54)
    path.lineTo(0.5, 0.92)
    path.lineTo(0.88, 0.54)


def _arrow_icon(path: QPainterPath, sign: int) -> None:
    tip = 0.5 + sign * 0.42
    path.moveTo(0.5 - sign * 0.42, 0.5)
    path.lineTo(tip, 0.5)
    path.moveTo(tip - sign * 0.38, 0.12)
    path.lineTo(tip, 0.5)
    path.lineTo(tip - sign * 0.38, 0.88)


def _speaker_icon(path: QPainterPath, waves: int = 2) -> None:
    path.moveTo(0.06, 0.36)  # a loudspeaker: a box and its cone
    path.lineTo(0.26, 0.36)
    path.lineTo(0.52, 0.1)
    path.lineTo(0.52, 0.9)
    path.lineTo(0.26, 0.64)
    path.lineTo(0.06, 0.64)
    path.closeSubpath()
    for wave in range(waves):  # the sound, in arcs
        reach = 0.16 + 0.16 * wave
        path.arcMoveTo(QRectF(0.52 - reach, 0.5 - reach * 1.6, 2 * reach, 3.2 * reach), 45)
        path.arcTo(QRectF(0.52 - reach, 0.5 - reach * 1.6, 2 * reach, 3.2 * reach), 45, -90)


def _stop_icon(path: QPainterPath) -> None:
    path.addRoundedRect(QRectF(0.16, 0.16, 0.68, 0.68), 0.08, 0.08)  # a square, as on players


def _volume_icon(path: QPainterPath, louder: bool) -> None:
    path.moveTo(0.04, 0.4)  # a small loudspeaker with a plus or a minus beside it
    path.lineTo(0.18, 0.4)
    path.lineTo(0.38, 0.2)
    path.lineTo(0.38, 0.8)
    path.lineTo(0.18, 0.6)
    path.lineTo(0.04, 0.6)
    path.closeSubpath()
    path.moveTo(0.56, 0.5)
    path.lineTo(0.96, 0.5)
    if louder:
        path.moveTo(0.76, 0.3)
        path.lineTo(0.76, 0.7)


def _take_home_icon(path: QPainterPath) -> None:  # a phone with a small square on its screen
    path.addRoundedRect(QRectF(0.24, 0.04, 0.52, 0.92), 0.08, 0.08)
    path.addRect(QRectF(0.36, 0.26, 0.28, 0.28))
    path.moveTo(0.44, 0.82)
    path.lineTo(0.56, 0.82)


# Each icon drawn in a square one unit wide; _draw_icon scales it to the button.
_ICON_PATHS = {
    "larger-text": _larger_text_icon,
    "language": _language_icon,
    "contrast": _contrast_icon,
    "home": _home_icon,
    "more": _more_icon,
    "back": lambda path: _arrow_icon(path, -1),
    "next": lambda path: _arrow_icon(path, 1),
    "speaker": _speaker_icon,
    "stop": _stop_icon,
    "louder": lambda path: _volume_icon(path, louder=True),
    "softer": lambda path: _volume_icon(path, louder=False),
    "take-home": _take_home_icon,
}


def _draw_icon(painter: QPainter, icon: str, box: QRectF, ink: QColor, width: int) -> None:
    """Simple line icons drawn as paths, so they stay sharp at any size and need no font."""
    unit = QPainterPath()
    _ICON_PATHS[icon](unit)
    scale = QTransform(box.width(), 0, 0, box.height(), box.x(), box.y())
    painter.setPen(QPen(ink, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(scale.map(unit))
    if icon == "stop":  # filled: a hollow square would read as an empty check box
        painter.fillPath(scale.map(unit), ink)
    if icon == "contrast":
        half = QPainterPath()
        half.moveTo(0.5, 0.06)
        half.arcTo(QRectF(0.06, 0.06, 0.88, 0.88), 90, 180)
        half.closeSubpath()
        painter.fillPath(scale.map(half), ink)


def _draw_check_box(painter: QPainter, box: QRectF, ink: QColor, width: int, *,
                    checked: bool) -> None:
    """A box that holds a check mark when the switch is on: the state is a shape, not a colour."""
    pen = QPen(ink, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inner = box.adjusted(0.1 * box.width(), 0.1 * box.height(), -0.1 * box.width(),
                         -0.1 * box.height())
    painter.drawRoundedRect(inner, 0.12 * box.width(), 0.12 * box.width())
    if checked:
        x, y, s = inner.x(), inner.y(), inner.width()
        tick = QPainterPath()
        tick.moveTo(x + 0.2 * s, y + 0.52 * s)
        tick.lineTo(x + 0.42 * s, y + 0.75 * s)
        tick.lineTo(x + 0.82 * s, y + 0.25 * s)
        pen.setWidthF(width * 1.6)
        painter.setPen(pen)
        painter.drawPath(tick)
