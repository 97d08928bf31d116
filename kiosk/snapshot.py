"""`kiosk snapshot`: every screen rendered to PNG offscreen, at a real screen's density."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from kiosk.content import ContentError, highlight_names, load_content
from kiosk.theme import Metrics


def snapshot(out: str | Path, content_dir: Path, size: tuple[int, int], diagonal: float) -> int:
    """Render Home, each topic and each highlightable part; write layout.json beside them."""
    # Must be decided before Qt starts: snapshots never need (or touch) a real display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import shiboken6
    from PySide6.QtWidgets import QApplication

    from kiosk.theme import load_fonts
    from kiosk.window import KioskWindow

    try:
        content = load_content(content_dir)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = KioskWindow(content, Metrics.for_display(*size, diagonal), load_fonts())
    written = render_all(app, window, Path(out), size)
    window.close()
    shiboken6.delete(window)  # now, while QApplication lives (PySide6 crashes otherwise)
    print(f"wrote {len(written)} images to {out}")
    return 0


def render_all(app, window, out: Path, size: tuple[int, int]) -> list[Path]:
    """Show each screen in turn at the given size and save it; returns the files written."""
    import shiboken6

    from kiosk.illustration import FootIllustration

    out.mkdir(parents=True, exist_ok=True)
    window.resize(*size)
    window.show()
    written: list[Path] = []
    layout: dict[str, dict] = {}

    def save(name: str, widget) -> None:
        app.processEvents()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    window.show_home()
    save("home", window)
    layout["home"] = _buttons(window, window.home.buttons)
    head = window.home.picture
    if window.home.picture_shown:
        centre = head.head_centres()[1]
        head.head_at(centre)
        head.head_tapped.emit(2)
        save("home-head-2", window)
        window.home.reset()
    for number, screen in enumerate(window.topics, start=1):
        window.show_topic(number - 1)
        name = f"topic-{number:02d}-{screen.topic.slug}"
        save(name, window)
        layout[name] = _buttons(window, [screen.home_button, screen.previous_button,
                                         screen.next_button])
    window.show_home()
    renderer = window.home.picture._renderer
    for part in sorted(highlight_names()):
        picture = FootIllustration(window.look, renderer, None, highlight=(part,))
        picture.resize(window.look.px(120), window.look.px(108))
        save(f"part-{part}", picture)
        shiboken6.delete(picture)
    (out / "layout.json").write_text(json.dumps(layout, indent=1))
    return written


def _buttons(window, buttons) -> dict[str, list[int]]:
    """Each visible button's rectangle in window coordinates, for tests that tap real pixels."""
    result = {}
    for button in buttons:
        if button.isVisible():
            corner = button.mapTo(window, button.rect().topLeft())
            result[button.objectName() or button.text()] = [corner.x(), corner.y(),
                                                            button.width(), button.height()]
    return result
