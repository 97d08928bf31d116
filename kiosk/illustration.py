"""The foot illustration: the bundled SVG, parts highlighted by id, metatarsal heads tappable
(numbered, each named next to the finger), and a larger view of its own where the picture is
too small to tap."""

from __future__ import annotations

import itertools
import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QHideEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFrame, QSizePolicy, QWidget

from kiosk.content import HEAD_COUNT, Words
from kiosk.screens.widgets import TextLabel, TouchButton, lock_widget
from kiosk.theme import BORDER_MM, GAP_MM, MARGIN_MM, TARGET_MM, TITLE_CAP_MM, Look

if TYPE_CHECKING:  # made for a marked part: Home's first frame marks none (1.5 ms)
    from PySide6.QtGui import QImage

log = logging.getLogger(__name__)

HEAD_IDS = tuple(f"metatarsal-head-{n}" for n in range(1, HEAD_COUNT + 1))
# Each head's tap zone is as wide as the space between heads: a finger needs 20 mm.
HEAD_ZONE_MM = 20.0
MAX_SVG_BYTES = 2 * 1024 * 1024
# In the drawing's own units (resources/foot.svg is 1000 x 900): its empty top right corner,
# beside the toes and above the side view, where the legend and the lens go.
CORNER = QRectF(572, 16, 420, 396)
# What the larger view shows: the ball of the foot, from the toes to the middle of the long
# bones, wide rather than tall, so its heads are a finger apart on every supported screen.
FOREFOOT = QRectF(20, 90, 530, 380)
# The sample of the marking beside the legend's words.
SWATCH_MM = (16.0, 9.0)
LENS_MM = 9.0  # the magnifying glass on a picture that opens larger


def load_renderer(path: Path, parent: QObject) -> QSvgRenderer:
    """The illustration's renderer; an invalid or missing file gives an empty one and a log line."""
    renderer = QSvgRenderer(parent)
    try:
        data = path.read_bytes() if path.stat().st_size <= MAX_SVG_BYTES else b""
    except OSError:
        data = b""
    if not data or not renderer.load(data) or not all(renderer.elementExists(h) for h in HEAD_IDS):
        log.error("illustration %s is missing or broken; showing its text description only", path)
        renderer = QSvgRenderer(parent)
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    return renderer


class Drawings(QObject):
    """The whole drawing rendered once per size and sub-pixel position, shared by every picture
    of one renderer: rendering the SVG's vectors was half the time of each page change.

    A child of the renderer, so it goes when the renderer does. Not QPixmapCache: its clean-up
    timer would wake an idle kiosk every 30 s and drop the drawings.
    """

    KEPT = 4  # Home's, the topic pages', the attract screen's, and a spare

    def __init__(self, renderer: QSvgRenderer) -> None:
        super().__init__(renderer)
        self._renderer = renderer
        self._pixmaps: dict[tuple[float, float, float, float, float], QPixmap] = {}

    @classmethod
    def of(cls, renderer: QSvgRenderer) -> Drawings:
        return renderer.findChild(cls) or cls(renderer)

    def drawing(self, target: QRectF, ratio: float) -> tuple[QPoint, QPixmap]:
        """Where to draw, and the pixmap that looks exactly like rendering into target."""
        box = target.toAlignedRect()
        inside = target.translated(-box.x(), -box.y())  # keeps the fractional position
        key = (round(inside.x(), 3), round(inside.y(), 3), round(inside.width(), 3),
               round(inside.height(), 3), ratio)
        pixmap = self._pixmaps.pop(key, None)  # put back last: the most recently used
        if pixmap is None:
            pixmap = QPixmap(box.size() * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._renderer.render(painter, inside)
            painter.end()
            if len(self._pixmaps) >= self.KEPT:  # sizes left behind by a resized window
                del self._pixmaps[next(iter(self._pixmaps))]
        self._pixmaps[key] = pixmap
        return box.topLeft(), pixmap


class FootIllustration(QWidget):
    """Draws the foot; highlighted parts get a tint and a dashed ring (not colour alone).

    Given its words (set_words), it also says what the marking means, names a tapped head
    next to the finger where its heads are a finger apart (numbered, so there is something to
    aim at), and, where they are not, opens the larger view when tapped.
    """

    head_tapped = Signal(int)  # 1 (big toe side) to 5
    tappable_changed = Signal(bool)  # whether the heads are now big enough to tap

    def __init__(self, look: Look, renderer: QSvgRenderer, parent: QWidget | None = None, *,
                 highlight: tuple[str, ...] = (), view: QRectF | None = None) -> None:
        super().__init__(parent)
        self._look = look
        self._renderer = renderer
        self._highlight = tuple(h for h in highlight if renderer.elementExists(h))
        self._view = QRectF(view) if view is not None else QRectF()  # empty: the whole drawing
        self._tapped: int | None = None
        self._tappable = False
        self._words: Words | None = None
        self._pressed = False
        self._swatch = QRectF()
        self._lens = QRectF()
        self._overlays: dict[str, QImage] = {}  # one per highlighted part, rebuilt on resize
        lock_widget(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # The tapped head's name, in large text beside it; what the marking means; the words
        # of the lens. Labels, so they are sized, styled and checked like every other text.
        self.callout = TextLabel(look, "", self, cap_mm=TITLE_CAP_MM, bold=True)
        self.callout.setObjectName("head-name")
        self.legend = TextLabel(look, "", self)
        self.lens_words = TextLabel(look, "", self)
        for label in (self.callout, self.legend, self.lens_words):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.hide()
        look.changed.connect(self._restyle)

    @property
    def highlight(self) -> tuple[str, ...]:
        return self._highlight

    def set_highlight(self, highlight: tuple[str, ...]) -> None:
        # The tints made for other parts are kept: the attract screen comes back to them.
        self._highlight = tuple(h for h in highlight if self._renderer.elementExists(h))
        self._place_labels()
        self.update()

    def set_words(self, words: Words) -> None:
        """The words it shows (the legend, the heads' names, the lens), in the visit's
        language; a picture with words names its heads and opens larger."""
        self._words = words
        self.legend.setText(words.picture_legend)
        self.lens_words.setText(words.picture_bigger)
        if self._tapped is not None:
            self.callout.setText(words.heads[self._tapped - 1])
        view = PictureView.of(self)
        if view is not None and view.source is self:
            view.set_words(words)
        self._place_labels()

    @property
    def tapped_head(self) -> int | None:
        return self._tapped

    def clear_tap(self) -> None:
        """As new: no head named, and no larger view of this picture open."""
        view = PictureView.of(self)
        if view is not None and view.source is self:
            view.close_view()
        if self._tapped is not None:
            self._tapped = None
            self._place_labels()
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(self._look.px(100), self._look.px(90))

    def _restyle(self) -> None:
        self._overlays.clear()
        self._update_tappable()
        self._place_labels()
        self.update()

    # --- geometry ------------------------------------------------------------------------

    def _shown(self) -> QRectF:
        """The part of the drawing shown, in its own units."""
        box = self._renderer.viewBoxF()
        return box if self._view.isEmpty() or box.isEmpty() else self._view

    def picture_rect(self) -> QRectF:
        """Where the whole drawing lands in the widget, keeping its proportions (in the
        larger view it reaches past the widget's edges: only its forefoot is shown)."""
        box = self._renderer.viewBoxF()
        shown = self._shown()
        if box.isEmpty():
            return QRectF()
        scale = min(self.width() / shown.width(), self.height() / shown.height())
        w, h = shown.width() * scale, shown.height() * scale
        # Sits on the bottom edge, right above its caption (the larger view: centred).
        left = (self.width() - w) / 2
        top = self.height() - h if self._view.isEmpty() else (self.height() - h) / 2
        return QRectF(left - (shown.x() - box.x()) * scale, top - (shown.y() - box.y()) * scale,
                      box.width() * scale, box.height() * scale)

    def shown_rect(self) -> QRectF:
        """The part of the widget the drawing is painted in (the larger view: its forefoot)."""
        if self._view.isEmpty():
            return self.picture_rect()
        return self._map(self._view).intersected(QRectF(self.rect()))

    def _map(self, rect: QRectF) -> QRectF:
        """A rectangle in the drawing's units, in widget coordinates."""
        box = self._renderer.viewBoxF()
        target = self.picture_rect()
        if box.isEmpty() or target.isEmpty():
            return QRectF()
        sx, sy = target.width() / box.width(), target.height() / box.height()
        return QRectF(target.x() + (rect.x() - box.x()) * sx,
                      target.y() + (rect.y() - box.y()) * sy,
                      rect.width() * sx, rect.height() * sy)

    def part_rect(self, part: str) -> QRectF:
        """A part's bounds in widget coordinates."""
        return self._map(self._renderer.boundsOnElement(part))

    def head_centres(self) -> list[QPointF]:
        return [self.part_rect(h).center() for h in HEAD_IDS]

    def head_spacing_mm(self) -> float:
        """The distance between neighbouring heads: the width of each head's tap zone."""
        centres = self.head_centres()
        if self.picture_rect().isEmpty():
            return 0.0
        spacing = min(math.dist(a.toTuple(), b.toTuple()) for a, b in itertools.pairwise(centres))
        return self._look.metrics.mm(spacing)

    @property
    def tappable(self) -> bool:
        return self._tappable

    @property
    def opens_bigger(self) -> bool:
        """Whether a tap on it opens the larger view: it has words, its heads are too close
        to tap, it is a finger wide, and it is not the larger view's own picture."""
        mm = self._look.metrics.mm
        drawing = self.picture_rect()
        return (self._words is not None and not self._tappable and self._view.isEmpty()
                and not drawing.isEmpty()
                and min(mm(drawing.width()), mm(drawing.height())) >= TARGET_MM)

    def _on_drawing(self, point: QPointF) -> bool:
        """Whether a tap lands on the drawing (or its lens), not the room beside it."""
        return (self.picture_rect().intersected(QRectF(self.rect())).contains(point)
                or self._lens.contains(point))

    def legend_rect(self) -> QRectF:
        """Where the legend (its sample and words) is, or an empty rectangle if not shown."""
        if self.legend.isHidden():
            return QRectF()
        return self._swatch.united(QRectF(self.legend.geometry()))

    def lens_rect(self) -> QRectF:
        """The lens that shows a tap opens the picture larger (empty if it doesn't)."""
        return QRectF(self._lens) if self.opens_bigger else QRectF()

    def head_at(self, point: QPointF) -> int | None:
        """The head nearest to a tap near the ball of the foot, or None for a tap elsewhere."""
        if not self._tappable:
            return None
        centres = self.head_centres()
        reach = self._look.px(self.head_spacing_mm())
        distances = [math.dist(point.toTuple(), c.toTuple()) for c in centres]
        nearest = min(range(len(centres)), key=distances.__getitem__)
        return nearest + 1 if distances[nearest] <= reach else None

    # --- input ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
        if (event.button() == Qt.MouseButton.LeftButton and self.opens_bigger
                and self._on_drawing(event.position())):
            self._pressed = True  # shown on the lens until the finger lifts
            self._set_lens_ink()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # Act on release, like the buttons (WCAG 2.5.2).
        event.accept()
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pressed, self._pressed = self._pressed, False
        if pressed:
            self._set_lens_ink()
            self.update()
            if self.opens_bigger and self._on_drawing(event.position()):
                self.open_bigger()
            return
        head = self.head_at(event.position())
        if head is not None:
            self.select_head(head)

    def select_head(self, head: int) -> None:
        """Ring metatarsal head `head` (1 to 5) and say it was tapped, as a tap on it does."""
        self._tapped = head
        if self._words is not None:
            self.callout.setText(self._words.heads[head - 1])
        self._place_labels()
        self.update()
        self.head_tapped.emit(head)

    def open_bigger(self) -> PictureView | None:
        """Show this picture larger, over the whole window, where its heads can be tapped."""
        window = self.window()
        if self._words is None or window is self:
            return None
        view = PictureView.of(self) or PictureView(self._look, self._renderer, window)
        view.show_for(self, self._words)
        return view

    # --- painting ------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._overlays.clear()
        super().resizeEvent(event)
        self._update_tappable()
        self._place_labels()

    def hideEvent(self, event: QHideEvent) -> None:
        self._pressed = False
        super().hideEvent(event)

    def _update_tappable(self) -> None:
        tappable = self.head_spacing_mm() >= HEAD_ZONE_MM
        if tappable != self._tappable:
            self._tappable = tappable
            if not tappable:
                self.clear_tap()
            self.tappable_changed.emit(tappable)

    def _place_labels(self) -> None:
        """The legend and the lens in the drawing's empty corner, where they fit; the tapped
        head's name beside the head."""
        gap = self._look.px(GAP_MM)
        corner = self._corner(gap)
        self._swatch = QRectF()
        top = corner.top()
        swatch = QRectF(corner.left(), top, self._look.px(SWATCH_MM[0]),
                        self._look.px(SWATCH_MM[1]))
        place = self._legend_place(corner, swatch, gap) if (
            self._words is not None and self._highlight) else None
        self.legend.setVisible(place is not None)
        if place is not None:
            self._swatch = swatch
            self.legend.setGeometry(place)
            top = max(swatch.bottom(), place.bottom()) + 1 + gap
        self._place_lens(QRectF(corner.left(), top, corner.width(), corner.bottom() - top))
        self._place_callout()

    def _corner(self, gap: int) -> QRectF:
        """The room beside the foot for the legend and the lens: the drawing's empty top
        right corner; in the larger view, the widest margin beside the forefoot it shows."""
        widget = QRectF(self.rect())
        if self._view.isEmpty():
            return self._map(CORNER).intersected(widget)
        shown = self.shown_rect()
        right = QRectF(shown.right() + gap, shown.top(), widget.right() - shown.right() - gap,
                       shown.height())
        below = QRectF(widget.left(), shown.bottom() + gap, widget.width(),
                       widget.bottom() - shown.bottom() - gap)
        return max((right, below), key=lambda r: r.height() if r.width() > 0 else 0.0)

    def _legend_place(self, corner: QRectF, swatch: QRectF, gap: int) -> QRect | None:
        """Where the legend's words go: beside the sample of the marking, or under it where
        the corner is narrow; None where they don't fit whole."""
        metrics = QFontMetricsF(self.legend.font())
        longest = max((metrics.horizontalAdvance(w) for w in self.legend.text().split()),
                      default=0.0)
        beside_x = int(swatch.right()) + gap
        for x, y in ((beside_x, int(corner.top())),
                     (int(corner.left()), int(swatch.bottom()) + gap)):
            width = int(corner.right()) - x
            if width < longest + 2 or width < swatch.width():
                continue
            height = self.legend.heightForWidth(width)
            if y + height <= corner.bottom():
                return QRect(x, y, width, height)
        return None

    def _place_lens(self, room: QRectF) -> None:
        lens = self._look.px(LENS_MM)
        pad = self._look.px(1.5)
        words_w = int(room.width()) - lens - 4 * pad
        words_h = self.lens_words.heightForWidth(max(1, words_w))
        # With its words it is drawn as a button is: a finger tall.
        height = max(lens, words_h, self._look.px(TARGET_MM)) + 2 * pad
        with_words = (self.opens_bigger and words_w > 0 and self.lens_words.text() != ""
                      and height <= room.height()
                      and self.lens_words.sizeHint().width() <= words_w * 2)
        self.lens_words.setVisible(with_words)
        self._set_lens_ink()
        if with_words:
            self._lens = QRectF(room.left(), room.top(), room.width(), height)
            self.lens_words.setGeometry(int(room.left()) + lens + 3 * pad,
                                        int(room.top() + (height - words_h) / 2),
                                        words_w, words_h)
        else:  # the lens alone, in the drawing's top right corner
            size = lens + 2 * pad
            drawing = self.picture_rect().intersected(QRectF(self.rect()))
            self._lens = QRectF(drawing.right() - size - 1, drawing.top() + 1, size, size)

    def _place_callout(self) -> None:
        if self._tapped is None or self._words is None or not self._tappable:
            self.callout.hide()
            return
        margin = self._look.px(1.0)
        pad = self._look.px(2.0)
        # A card of its own, filled and framed, over whatever of the picture lies beneath.
        colours = self._look.palette
        palette = self.callout.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(colours.overlay))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(colours.text))
        self.callout.setPalette(palette)
        self.callout.setAutoFillBackground(True)
        self.callout.setFrameShape(QFrame.Shape.Box)
        self.callout.setLineWidth(max(2, self._look.px(BORDER_MM)))
        self.callout.setContentsMargins(pad, pad, pad, pad)
        metrics = QFontMetricsF(self.callout.font())
        natural = math.ceil(metrics.horizontalAdvance(self.callout.text())) + 2 * pad + 2
        width = max(1, min(natural, self.width() - 2 * margin))
        height = self.callout.heightForWidth(width)
        head = self.part_rect(HEAD_IDS[self._tapped - 1])
        gap = self._look.px(GAP_MM)
        y = head.top() - gap - height  # above the head, clear of the finger on it
        if y < margin:
            y = head.bottom() + gap
        y = max(margin, min(y, self.height() - margin - height))
        x = max(margin, min(head.center().x() - width / 2, self.width() - margin - width))
        self.callout.setGeometry(int(x), int(y), width, height)
        self.callout.show()
        self.callout.raise_()

    def _overlay(self, part: str, rect: QRectF) -> QImage:
        """The part's shape alone, in the highlight colour: multiplied over the drawing it tints
        the part's light fill and leaves its dark bone outlines dark, so a marked part never
        hides what it marks (made once per size: rendering the part's vectors on every paint
        cost a page change about 2 ms)."""
        image = self._overlays.get(part)
        if image is None:
            from PySide6.QtGui import QImage

            size = rect.size().toSize().expandedTo(QSize(1, 1))
            image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            self._renderer.render(painter, part, QRectF(0, 0, size.width(), size.height()))
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            painter.fillRect(image.rect(), QColor(self._look.palette.highlight))
            painter.end()
            self._overlays[part] = image
        return image

    def _tint(self, painter: QPainter, part: str) -> None:
        rect = self.part_rect(part)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        painter.drawImage(rect.topLeft(), self._overlay(part, rect))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)

    def paintEvent(self, event: QPaintEvent) -> None:
        target = self.picture_rect()
        if target.isEmpty():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._view.isEmpty():
            painter.drawPixmap(*Drawings.of(self._renderer).drawing(target,
                                                                    self.devicePixelRatioF()))
        else:  # the larger view, shown once in a while: its vectors, cut to the forefoot
            painter.setClipRect(self.shown_rect())
            self._renderer.render(painter, target)
        ring = QPen(QColor(self._look.palette.highlight_outline), max(2, self._look.px(BORDER_MM)))
        for part in self._highlight:
            self._tint(painter, part)
        for part in self._highlight:  # rings after every tint: a tint never dims a ring
            self._draw_ring(painter, self.part_rect(part), ring, dashed=True)
        if self._tapped is not None:
            part = HEAD_IDS[self._tapped - 1]
            self._tint(painter, part)
            self._draw_ring(painter, self.part_rect(part), ring, dashed=False,
                            grow=self._look.px(2.5))
        if self._tappable and self._words is not None:
            self._draw_numbers(painter)
        painter.setClipping(False)
        if not self._swatch.isEmpty():
            self._draw_swatch(painter, ring)
        if self.opens_bigger:
            self._draw_lens(painter)
        painter.end()

    def _draw_numbers(self, painter: QPainter) -> None:
        """A number on each head: something to aim at, in the order the names count them."""
        colours = self._look.palette
        font = self._look.font(bold=True)
        radius = QFontMetricsF(font).capHeight() * 1.1
        painter.setFont(font)
        for number, centre in enumerate(self.number_centres(radius), start=1):
            disc = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
            # The named head's number is shown inverted: chosen, and not by colour alone.
            chosen = number == self._tapped
            ink, paper = (colours.overlay, colours.text) if chosen else (colours.text,
                                                                          colours.overlay)
            painter.setPen(QPen(QColor(colours.text), max(2, self._look.px(0.5))))
            painter.setBrush(QColor(paper))
            painter.drawEllipse(disc)
            painter.setPen(QColor(ink))
            painter.drawText(disc, int(Qt.AlignmentFlag.AlignCenter), str(number))

    def number_centres(self, radius: float | None = None) -> list[QPointF]:
        """Where each head's number goes: on its bone, just behind the head, so the head
        itself (and its marking) stays in view; still well within the head's tap zone."""
        if radius is None:
            radius = QFontMetricsF(self._look.font(bold=True)).capHeight() * 1.1
        centres = []
        for number, head in enumerate(HEAD_IDS, start=1):
            rect = self.part_rect(head)
            bone = self.part_rect(f"metatarsal-{number}").center()
            dx, dy = bone.x() - rect.center().x(), bone.y() - rect.center().y()
            length = math.hypot(dx, dy) or 1.0
            away = max(rect.width(), rect.height()) / 2 + radius + self._look.px(0.5)
            centres.append(QPointF(rect.center().x() + dx / length * away,
                                   rect.center().y() + dy / length * away))
        return centres

    def _draw_swatch(self, painter: QPainter, ring: QPen) -> None:
        """A sample of the marking, for the legend: a tinted bone inside a dashed ring."""
        inner = self._swatch.adjusted(self._swatch.width() * 0.2, self._swatch.height() * 0.25,
                                      -self._swatch.width() * 0.2, -self._swatch.height() * 0.25)
        painter.setPen(QPen(QColor("#3A3A3A"), max(2, self._look.px(0.4))))
        painter.setBrush(QColor(self._look.palette.highlight))
        painter.drawRoundedRect(inner, inner.height() / 2, inner.height() / 2)
        pen = QPen(ring)
        pen.setStyle(Qt.PenStyle.DashLine)
        inset = pen.widthF()
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(self._swatch.adjusted(inset, inset, -inset, -inset))

    def _draw_lens(self, painter: QPainter) -> None:
        """A magnifying glass, framed like a button: a tap here (or anywhere on the picture)
        opens it larger. Pressed, it shows the buttons' pressed colours and a thicker frame."""
        colours = self._look.palette
        border = max(2, self._look.px(BORDER_MM)) * (2 if self._pressed else 1)
        frame = self._lens.adjusted(border / 2, border / 2, -border / 2, -border / 2)
        painter.setPen(QPen(QColor(colours.border), border))
        painter.setBrush(QColor(colours.pressed if self._pressed else colours.button))
        radius = self._look.px(2.0)
        painter.drawRoundedRect(frame, radius, radius)
        ink = QColor(colours.pressed_text if self._pressed else colours.button_text)
        size = self._look.px(LENS_MM)
        pad = self._look.px(1.5)
        glass = QRectF(self._lens.left() + pad + border, self._lens.center().y() - size / 2,
                       size * 0.7, size * 0.7)
        painter.setPen(QPen(ink, max(2, self._look.px(0.9))))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(glass)
        handle = glass.center() + QPointF(glass.width() * 0.36, glass.height() * 0.36)
        painter.drawLine(handle, QPointF(glass.left() + size, glass.top() + size))

    def _set_lens_ink(self) -> None:
        """The lens's words in the buttons' ink: pressed or not."""
        colours = self._look.palette
        palette = self.lens_words.palette()
        palette.setColor(self.lens_words.foregroundRole(),
                         QColor(colours.pressed_text if self._pressed else colours.button_text))
        self.lens_words.setPalette(palette)

    def _draw_ring(self, painter: QPainter, rect: QRectF, pen: QPen, *, dashed: bool,
                   grow: float = 0) -> None:
        pen = QPen(pen)
        pen.setStyle(Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
        # An ellipse through the corners of the part's box (sqrt 2 larger) encloses all of it.
        dx = rect.width() * 0.21 + self._look.px(1.0) + grow
        dy = rect.height() * 0.21 + self._look.px(1.0) + grow
        ring = rect.adjusted(-dx, -dy, dx, dy)
        # Kept inside the widget: a ring cut off by its edge looks broken.
        inset = pen.widthF() / 2
        ring = ring.intersected(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # A band of the page's own colour under the ring keeps it 3:1 against the light skin
        # it crosses as well as against the page (the high-contrast ring is white).
        halo = QPen(QColor(self._look.palette.background), pen.widthF() * 2.2)
        painter.setPen(halo)
        painter.drawEllipse(ring)
        painter.setPen(pen)
        painter.drawEllipse(ring)


class PictureView(QWidget):
    """The picture larger, over the whole window: the ball of the foot, big enough on every
    supported screen for its heads to be tapped and named. Back returns to the page."""

    def __init__(self, look: Look, renderer: QSvgRenderer, window: QWidget) -> None:
        super().__init__(window)
        self._look = look
        self.source: FootIllustration | None = None
        lock_widget(self)
        self.back = TouchButton(look, "", self, icon="back")
        self.back.setObjectName("picture-back")
        self.back.clicked.connect(self.close_view)
        self.hint = TextLabel(look, "", self)
        self.picture = FootIllustration(look, renderer, self, view=FOREFOOT)
        self.setAutoFillBackground(True)
        look.changed.connect(self._restyle)
        self._restyle()
        self.hide()

    @staticmethod
    def of(widget: QWidget) -> PictureView | None:
        """The window's larger view, if one was made (one for all its pictures)."""
        window = widget.window()
        return window.findChild(PictureView) if window is not widget else None

    def show_for(self, source: FootIllustration, words: Words) -> None:
        self.source = source
        self.picture.clear_tap()
        self.picture.set_highlight(source.highlight)
        self.set_words(words)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self._arrange()

    def set_words(self, words: Words) -> None:
        self.back.set_title(words.previous)
        self.hint.setText(words.tap_hint)
        self.picture.set_words(words)
        self.picture.setAccessibleName(words.home_picture)
        self._arrange()

    def close_view(self) -> None:
        self.hide()
        self.picture.clear_tap()
        self.source = None

    def _restyle(self) -> None:
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(self._look.palette.background))
        self.setPalette(palette)
        self._arrange()

    def _arrange(self) -> None:
        margin, gap = self._look.px(MARGIN_MM), self._look.px(GAP_MM)
        width = max(self.back.sizeHint().width(), self.back.narrowest())
        height = self.back.heightForWidth(width)
        self.back.setGeometry(margin, margin, width, height)
        left = margin + width + 2 * gap
        hint_w = max(1, self.width() - left - margin)
        hint_h = self.hint.heightForWidth(hint_w)
        row = max(height, hint_h)
        self.hint.setGeometry(left, margin + (row - hint_h) // 2, hint_w, hint_h)
        top = margin + row + 2 * gap
        self.picture.setGeometry(margin, top, max(1, self.width() - 2 * margin),
                                 max(1, self.height() - top - margin))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange()
        super().resizeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # a tap beside the picture reaches nothing beneath

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()
