"""The foot illustration: the bundled SVG, parts highlighted by id, metatarsal heads tappable."""

from __future__ import annotations

import itertools
import logging
import math
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.content import HEAD_COUNT
from kiosk.screens.widgets import lock_widget
from kiosk.theme import BORDER_MM, Look

log = logging.getLogger(__name__)

HEAD_IDS = tuple(f"metatarsal-head-{n}" for n in range(1, HEAD_COUNT + 1))
# Each head's tap zone is as wide as the space between heads: a finger needs 20 mm.
HEAD_ZONE_MM = 20.0
MAX_SVG_BYTES = 2 * 1024 * 1024


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
    """Draws the foot; highlighted parts get a colour fill and a dark ring (not colour alone)."""

    head_tapped = Signal(int)  # 1 (big toe side) to 5
    tappable_changed = Signal(bool)  # whether the heads are now big enough to tap

    def __init__(self, look: Look, renderer: QSvgRenderer, parent: QWidget | None = None, *,
                 highlight: tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        self._look = look
        self._renderer = renderer
        self._highlight = tuple(h for h in highlight if renderer.elementExists(h))
        self._tapped: int | None = None
        self._tappable = False
        self._overlays: dict[str, QImage] = {}  # one per highlighted part, rebuilt on resize
        lock_widget(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        look.changed.connect(self._restyle)

    @property
    def highlight(self) -> tuple[str, ...]:
        return self._highlight

    @property
    def tapped_head(self) -> int | None:
        return self._tapped

    def clear_tap(self) -> None:
        if self._tapped is not None:
            self._tapped = None
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(self._look.px(100), self._look.px(90))

    def _restyle(self) -> None:
        self._overlays.clear()
        self._update_tappable()
        self.update()

    # --- geometry ------------------------------------------------------------------------

    def picture_rect(self) -> QRectF:
        """Where the drawing lands in the widget, keeping its proportions."""
        box = self._renderer.viewBoxF()
        if box.isEmpty():
            return QRectF()
        scale = min(self.width() / box.width(), self.height() / box.height())
        w, h = box.width() * scale, box.height() * scale
        # Sits on the bottom edge, right above its caption.
        return QRectF((self.width() - w) / 2, self.height() - h, w, h)

    def part_rect(self, part: str) -> QRectF:
        """A part's bounds in widget coordinates."""
        box = self._renderer.viewBoxF()
        target = self.picture_rect()
        if box.isEmpty() or target.isEmpty():
            return QRectF()
        bounds = self._renderer.boundsOnElement(part)
        sx, sy = target.width() / box.width(), target.height() / box.height()
        return QRectF(target.x() + (bounds.x() - box.x()) * sx,
                      target.y() + (bounds.y() - box.y()) * sy,
                      bounds.width() * sx, bounds.height() * sy)

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

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # Act on release, like the buttons (WCAG 2.5.2).
        event.accept()
        if event.button() != Qt.MouseButton.LeftButton:
            return
        head = self.head_at(event.position())
        if head is not None:
            self.select_head(head)

    def select_head(self, head: int) -> None:
        """Ring metatarsal head `head` (1 to 5) and say it was tapped, as a tap on it does."""
        self._tapped = head
        self.update()
        self.head_tapped.emit(head)

    # --- painting ------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._overlays.clear()
        super().resizeEvent(event)
        self._update_tappable()

    def _update_tappable(self) -> None:
        tappable = self.head_spacing_mm() >= HEAD_ZONE_MM
        if tappable != self._tappable:
            self._tappable = tappable
            if not tappable:
                self.clear_tap()
            self.tappable_changed.emit(tappable)

    def _overlay(self, part: str, rect: QRectF) -> QImage:
        """The part's shape alone, in the highlight colour: multiplied over the drawing it tints
        the part's light fill and leaves its dark bone outlines dark, so a marked part never
        hides what it marks (made once per size: rendering the part's vectors on every paint
        cost a page change about 2 ms)."""
        image = self._overlays.get(part)
        if image is None:
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
        painter.drawPixmap(*Drawings.of(self._renderer).drawing(target, self.devicePixelRatioF()))
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
        painter.end()

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
