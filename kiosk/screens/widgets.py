"""The few widgets every screen is built from, sized in millimetres from the shared Look."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QLabel,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QWidget,
)

from kiosk.theme import BODY_CAP_MM, BORDER_MM, TARGET_MM, Look

MAX_BUTTON_MM = 50.0

ICONS = ("home", "back", "next", "more", "larger-text", "contrast")


def lock_widget(widget: QWidget) -> None:
    """No keyboard focus, no context menu, no drops: a patient can only tap."""
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    widget.setAcceptDrops(False)


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
        self.setText(text)
        look.changed.connect(self.restyle)
        self.restyle()

    def restyle(self) -> None:
        self.setFont(self._look.font(self._cap_mm, bold=self._bold))
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(self._look.palette.text))
        self.setPalette(palette)


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

    def set_title(self, title: str) -> None:
        """New words on the button (a page's Next becomes More)."""
        if title != self.text():
            self.setText(title)
            self.setAccessibleName(title)
            self.updateGeometry()
            self.update()

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

    def narrowest(self) -> int:
        """The least width at which no word of the title is broken: its longest word, its icons
        and padding (the title wraps between words below its natural width)."""
        metrics = QFontMetrics(self._title_font)
        longest = max((metrics.horizontalAdvance(w) for w in self.text().split()), default=0)
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
        fill = colours.pressed if down else colours.button
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
        painter.setFont(self._title_font)
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


def _draw_icon(painter: QPainter, icon: str, box: QRectF, ink: QColor, width: int) -> None:
    """Simple line icons drawn as paths, so they stay sharp at any size and need no font."""
    path = QPainterPath()
    x, y, s = box.x(), box.y(), box.width()
    pen = QPen(ink, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    if icon == "larger-text":  # a small A and a large one
        for left, height in ((0.0, 0.5), (0.38, 0.95)):
            base, top = y + 0.95 * s, y + (0.95 - height) * s
            half = 0.31 * s * height / 0.95
            mid = x + left * s + half
            path.moveTo(mid - half, base)
            path.lineTo(mid, top)
            path.lineTo(mid + half, base)
            path.moveTo(mid - half * 0.55, base - 0.4 * (base - top))
            path.lineTo(mid + half * 0.55, base - 0.4 * (base - top))
    elif icon == "contrast":  # a circle, half of it filled
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        circle = QRectF(x + 0.06 * s, y + 0.06 * s, 0.88 * s, 0.88 * s)
        painter.drawEllipse(circle)
        half = QPainterPath()
        half.moveTo(circle.center().x(), circle.top())
        half.arcTo(circle, 90, 180)
        half.closeSubpath()
        painter.fillPath(half, ink)
        return
    elif icon == "home":
        path.moveTo(x + 0.05 * s, y + 0.5 * s)
        path.lineTo(x + 0.5 * s, y + 0.08 * s)
        path.lineTo(x + 0.95 * s, y + 0.5 * s)
        path.moveTo(x + 0.18 * s, y + 0.4 * s)
        path.lineTo(x + 0.18 * s, y + 0.92 * s)
        path.lineTo(x + 0.82 * s, y + 0.92 * s)
        path.lineTo(x + 0.82 * s, y + 0.4 * s)
    elif icon == "more":  # an arrow pointing down the page
        mid = x + 0.5 * s
        path.moveTo(mid, y + 0.08 * s)
        path.lineTo(mid, y + 0.92 * s)
        path.moveTo(x + 0.12 * s, y + 0.54 * s)
        path.lineTo(mid, y + 0.92 * s)
        path.lineTo(x + 0.88 * s, y + 0.54 * s)
    else:
        sign = -1 if icon == "back" else 1
        mid = QPointF(x + 0.5 * s, y + 0.5 * s)
        tip = QPointF(mid.x() + sign * 0.42 * s, mid.y())
        path.moveTo(mid.x() - sign * 0.42 * s, mid.y())
        path.lineTo(tip)
        path.moveTo(tip.x() - sign * 0.38 * s, y + 0.12 * s)
        path.lineTo(tip)
        path.lineTo(tip.x() - sign * 0.38 * s, y + 0.88 * s)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)


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


class TextView(QWidget):
    """A topic's Markdown, laid out by Qt and painted: nothing to select, click or follow."""

    def __init__(self, look: Look, markdown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._look = look
        self._document = QTextDocument(self)
        self._document.setUndoRedoEnabled(False)
        self._document.setMarkdown(markdown)
        lock_widget(self)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        look.changed.connect(self.restyle)
        self.restyle()

    def plain_text(self) -> str:
        return self._document.toPlainText()

    def restyle(self) -> None:
        font = self._look.font()
        self.setFont(font)
        self._document.setDefaultFont(font)
        self._document.setIndentWidth(self._look.px(6.0))
        block = QTextBlockFormat()
        # WCAG 1.4.8: line spacing at least 1.5 within paragraphs, more between them.
        block.setLineHeight(150.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block.setBottomMargin(self._look.px(3.0))
        cursor = QTextCursor(self._document)
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(block)
        self._document.setTextWidth(max(1, self.width()))
        self.updateGeometry()
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        self._document.setTextWidth(max(1, width))
        return int(self._document.size().height()) + 1

    def sizeHint(self) -> QSize:
        return QSize(self._look.px(120), self.heightForWidth(self._look.px(120)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._document.setTextWidth(max(1, event.size().width()))
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor(self._look.palette.text))
        context.clip = QRectF(event.rect())
        self._document.documentLayout().draw(painter, context)
        painter.end()


class KineticScrollArea(QScrollArea):
    """Scrolls by finger (kinetic) with no scroll bar to aim at; stops a flick when hidden."""

    def __init__(self, child: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(child)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lock_widget(self)
        self.viewport().setAutoFillBackground(False)
        child.setAutoFillBackground(False)
        self._grabbed = False
        # Only a page that overflows scrolls: a grabbed gesture delays every press inside it.
        self.verticalScrollBar().rangeChanged.connect(self._update_gesture)
        scroller = QScroller.scroller(self.viewport())
        properties = scroller.scrollerProperties()
        # No overshoot bounce: it reads as the screen wobbling to someone who didn't expect it.
        metric = QScrollerProperties.ScrollMetric
        # Presses reach the buttons at once (a flick then sends them a release far away, which
        # doesn't click); the default 0.25 s delay made quick taps on a scrolling page vanish.
        properties.setScrollMetric(metric.MousePressEventDelay, 0.0)
        off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
        properties.setScrollMetric(metric.OvershootDragResistanceFactor, 0.0)
        properties.setScrollMetric(metric.VerticalOvershootPolicy, off)
        properties.setScrollMetric(metric.HorizontalOvershootPolicy, off)
        scroller.setScrollerProperties(properties)

    def overflows(self) -> bool:
        return self.verticalScrollBar().maximum() > 0

    def _update_gesture(self) -> None:
        wanted = self.overflows()
        if wanted and not self._grabbed:
            QScroller.grabGesture(self.viewport(),
                                  QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        elif not wanted and self._grabbed:
            QScroller.scroller(self.viewport()).stop()
            QScroller.ungrabGesture(self.viewport())
        self._grabbed = wanted

    def stop_and_rewind(self) -> None:
        """Stop any flick (QScroller must not outlive a hidden page) and go back to the top."""
        QScroller.scroller(self.viewport()).stop()
        self.verticalScrollBar().setValue(0)

    def hideEvent(self, event) -> None:
        QScroller.scroller(self.viewport()).stop()
        super().hideEvent(event)
