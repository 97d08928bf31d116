"""Sizes in millimetres and colours: the one place every screen takes its look from."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QScreen

from kiosk import paths
from kiosk.record import Record, replace
from kiosk.visit import Visit

log = logging.getLogger(__name__)

MM_PER_INCH = 25.4
CAP_HEIGHT_EM = 0.668  # Atkinson Hyperlegible's capital height, as a fraction of its font size
FONT_FAMILY = "Atkinson Hyperlegible"

# The design floors (../shared/design/accessibility.md), with a little headroom for rounding.
TARGET_MM = 22.0  # touch targets: at least 20 mm on the short side
GAP_MM = 4.0  # at least 3 mm between targets
BODY_CAP_MM = 5.0  # body text: capital letters at least 4.8 mm tall
LARGE_CAP_MM = 7.4  # the "larger text" setting: 0.7 degrees at 60 cm, at least 7.3 mm
TITLE_CAP_MM = 7.0
MARGIN_MM = 8.0
BORDER_MM = 0.8

# Used when a screen reports nonsense (0 or absurd physical sizes are common on cheap panels).
FALLBACK_DPI = 96.0


class Palette(Record):
    """The colours of one theme; every text pair is checked for 7:1 and every border for 3:1."""

    background: str
    text: str
    button: str
    button_text: str
    border: str
    pressed: str
    pressed_text: str
    highlight: str
    highlight_outline: str
    overlay: str
    # The sentence Read aloud is speaking: a calm tint behind the text (and an underline, so
    # it is not colour alone); text on it keeps 7:1.
    marked: str = "#FFE08A"


DEFAULT_PALETTE = Palette(
    background="#F7F5F0",
    text="#1B1B1B",
    button="#E3EEF7",
    button_text="#1B1B1B",
    border="#005A8C",
    pressed="#00466E",
    pressed_text="#FFFFFF",
    highlight="#E69F00",  # Okabe-Ito orange: a fill with a dark outline, never a text colour
    highlight_outline="#1B1B1B",
    overlay="#FFFFFF",
)

HIGH_CONTRAST_PALETTE = Palette(
    background="#000000",
    text="#FFFFFF",
    button="#000000",
    button_text="#FFFF00",
    border="#FFFF00",
    pressed="#FFFF00",
    pressed_text="#000000",
    highlight="#FFFF00",
    highlight_outline="#FFFFFF",
    overlay="#000000",
    marked="#1D3557",
)


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour like "#1B1B1B"."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    q = QColor(colour)
    return 0.2126 * channel(q.red()) + 0.7152 * channel(q.green()) + 0.0722 * channel(q.blue())


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, from 1 to 21."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


class Metrics(Record):
    """Millimetres to pixels for one screen, and the text sizes derived from them."""

    px_per_mm: float
    text_scale: float = 1.0

    @classmethod
    def for_display(cls, width_px: int, height_px: int, diagonal_inches: float) -> Metrics:
        """Metrics for a screen of the given pixel size and diagonal (square pixels)."""
        diagonal_px = math.hypot(width_px, height_px)
        return cls(px_per_mm=diagonal_px / (diagonal_inches * MM_PER_INCH))

    @classmethod
    def for_screen(cls, screen: QScreen | None, diagonal_inches: float = 0.0) -> Metrics:
        """Metrics from the screen's physical size, or from a diagonal the office configured."""
        if screen is None:
            return cls(px_per_mm=FALLBACK_DPI / MM_PER_INCH)
        size = screen.geometry().size()
        if diagonal_inches > 0:
            return cls.for_display(size.width(), size.height(), diagonal_inches)
        # Logical pixels per physical millimetre: what Qt lays widgets out in.
        dpi = screen.physicalDotsPerInch() / max(screen.devicePixelRatio(), 1.0)
        if not 40 <= dpi <= 600:
            log.warning("screen reports %.0f dpi; using %.0f (set screen_diagonal_inches)",
                        dpi, FALLBACK_DPI)
            dpi = FALLBACK_DPI
        return cls(px_per_mm=dpi / MM_PER_INCH)

    def px(self, mm: float) -> int:
        """A length in millimetres as whole pixels, never rounded below the figure."""
        return math.ceil(mm * self.px_per_mm)

    def mm(self, px: float) -> float:
        return px / self.px_per_mm

    def font_px(self, cap_mm: float) -> int:
        """The pixel size of a font whose capitals are cap_mm tall (times the text setting)."""
        return math.ceil(cap_mm * self.text_scale * self.px_per_mm / CAP_HEIGHT_EM)


def load_fonts() -> str:
    """Load the bundled typeface; return the family to use (a system sans serif if it fails)."""
    loaded = [QFontDatabase.addApplicationFont(str(path))
              for path in sorted(paths.FONTS_DIR.glob("*.ttf"))]
    families = {name for font_id in loaded if font_id >= 0
                for name in QFontDatabase.applicationFontFamilies(font_id)}
    if FONT_FAMILY in families:
        return FONT_FAMILY
    log.error("could not load the bundled fonts from %s; using the system sans serif",
              paths.FONTS_DIR)
    return "sans-serif"


class Look(QObject):
    """The current sizes and colours, derived from the visit's choices; screens restyle
    themselves when it changes."""

    changed = Signal()

    def __init__(self, metrics: Metrics, family: str, visit: Visit,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._base = metrics
        self._visit = visit
        self.family = family
        self.metrics = metrics
        self.palette = DEFAULT_PALETTE
        self._follow_visit()
        visit.larger_text_changed.connect(self._follow_visit)
        visit.high_contrast_changed.connect(self._follow_visit)

    def _follow_visit(self) -> None:
        scale = LARGE_CAP_MM / BODY_CAP_MM if self._visit.larger_text else 1.0
        palette = HIGH_CONTRAST_PALETTE if self._visit.high_contrast else DEFAULT_PALETTE
        if scale == self.metrics.text_scale and palette == self.palette:
            return
        self.metrics = replace(self._base, text_scale=scale)
        self.palette = palette
        self.changed.emit()

    @property
    def larger_text(self) -> bool:
        return self._visit.larger_text

    def font(self, cap_mm: float = BODY_CAP_MM, *, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPixelSize(self.metrics.font_px(cap_mm))
        font.setBold(bold)
        # Hinting shifts glyph heights by a pixel or two; full size matters more here.
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return font

    def px(self, mm: float) -> int:
        return self.metrics.px(mm)
