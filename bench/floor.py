"""The floor: the least a PySide6 window like the kiosk's Home can cost.

One 1920x1080 window with seven plain buttons and the kiosk's SVG drawing, painted once, then
the process quits. It loads the same Qt modules the kiosk needs (QtWidgets, QtGui, QtSvg) and
nothing of the kiosk itself, so "kiosk minus floor" is what the kiosk's own code costs.

    .venv/bin/python -m bench.floor     # prints one JSON line when the first paint is done
"""

from __future__ import annotations

import sys

# The measuring code first: imported after PySide6, its own imports (json, pathlib...) would
# be read by PySide6's import hook (kiosk/pyside.py), a cost of the probe, not of the floor.
from bench.paint import BENCH_DIR, SIZE, report_first_paint, use_offscreen

# isort: split
import shiboken6
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QApplication, QGridLayout, QHBoxLayout, QPushButton, QWidget

SVG = BENCH_DIR.parent / "resources" / "foot.svg"
BUTTONS = 7  # as many as the bundled content has topics


def main() -> int:
    use_offscreen()
    app = QApplication(sys.argv[:1])
    window = QWidget()
    grid = QGridLayout()
    for index in range(BUTTONS):
        grid.addWidget(QPushButton(f"Topic {index + 1}"), index // 2, index % 2)
    row = QHBoxLayout(window)
    row.addLayout(grid, 1)
    row.addWidget(QSvgWidget(str(SVG)), 1)
    window.resize(*SIZE)
    window.show()
    report_first_paint(window, then=lambda: app.exit(0))
    status = app.exec()
    shiboken6.delete(window)  # while QApplication lives: PySide6 can crash at exit otherwise
    return status


if __name__ == "__main__":
    sys.exit(main())
