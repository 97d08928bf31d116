"""The Qt binding itself must survive weeks of calls: a guard against a known-bad release."""

import gc
import sys

from PySide6.QtGui import QColor, QImage, QPainter


def none_refcount() -> int:
    gc.collect()
    return sys.getrefcount(None)


def test_calling_qt_methods_does_not_eat_nones_refcount(qapp):
    # PySide6 6.12.0 on Python 3.11 decremented None's refcount on every void method call,
    # which aborts the interpreter ("none_dealloc") after a few minutes of painting.
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    colour = QColor("#336699")
    before = none_refcount()
    for _ in range(5000):
        painter = QPainter(image)
        painter.setBrush(colour)
        painter.setOpacity(0.5)
        painter.end()
        colour.setRed(10)
    assert none_refcount() - before > -500
