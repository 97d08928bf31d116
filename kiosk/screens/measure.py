"""Measuring text for screens that place their parts themselves (home, overlays, staff)."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

# WCAG 1.4.8: lines of 80 characters or fewer. A label is never set wider than this many
# characters of ordinary text (a little under 80, for lines of wider letters).
LINE_CHARACTERS = 75
_SAMPLE = "the quick brown fox jumps over the lazy dog. "


def line_measure(label: QWidget) -> int:
    """The widest a label may be set, in pixels: LINE_CHARACTERS of ordinary text in its font."""
    advance = QFontMetrics(label.font()).horizontalAdvance(_SAMPLE)
    return advance * LINE_CHARACTERS // len(_SAMPLE)


def natural_width(label: QWidget, texts: list[str]) -> int:
    """The width the widest of texts needs in a label's font, with no line wrapped except at
    its own line breaks."""
    metrics = QFontMetrics(label.font())
    lines = [line for text in texts for line in text.split("\n")]
    return max((metrics.horizontalAdvance(line) for line in lines), default=0) + 2


def longest_word(label: QWidget, texts: list[str]) -> int:
    """The width of the widest word of texts in a label's font: a label narrower would break it."""
    metrics = QFontMetrics(label.font())
    words = [word for text in texts for word in text.split()]
    return max((metrics.horizontalAdvance(word) for word in words), default=0) + 2
