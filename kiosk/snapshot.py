"""`kiosk snapshot`: every screen rendered to PNG offscreen, at a real screen's density."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content import ContentError, highlight_names, load_content
from kiosk.theme import Metrics

if TYPE_CHECKING:  # Qt is imported only once the platform is chosen
    from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

    from kiosk.app import Kiosk
    from kiosk.window import KioskWindow

Save = Callable[[str, "QWidget"], None]
Layout = dict[str, dict[str, list[int]]]


def snapshot(out: str | Path, content_dir: Path, size: tuple[int, int], diagonal: float, *,
             larger_text: bool = False, high_contrast: bool = False,
             language: str | None = None) -> int:
    """Render every screen and each highlightable part; write layout.json beside them.
    With larger_text or high_contrast, every screen is shown as a patient who chose it sees it."""
    # Must be decided before Qt starts: snapshots never need (or touch) a real display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    import shiboken6
    from PySide6.QtWidgets import QApplication

    from kiosk.app import Kiosk
    from kiosk.theme import load_fonts
    from kiosk.window import KioskWindow

    try:
        content = load_content(content_dir)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    window = KioskWindow(content, Metrics.for_display(*size, diagonal), load_fonts())
    with tempfile.TemporaryDirectory() as state:  # the staff screens, without this PC's PIN
        kiosk = Kiosk(window, content_dir, Path(state), full_screen=False, environ={})
        written = render_all(app, kiosk, Path(out), size, larger_text=larger_text,
                             high_contrast=high_contrast, language=language)
    window.close()
    shiboken6.delete(window)  # now, while QApplication lives (PySide6 crashes otherwise)
    print(f"wrote {len(written)} images to {out}")
    return 0


def render_all(app: QApplication, kiosk: Kiosk, out: Path, size: tuple[int, int], *,
               larger_text: bool = False, high_contrast: bool = False,
               language: str | None = None) -> list[Path]:
    """Show each screen in turn at the given size and save it; returns the files written."""
    import shiboken6

    from kiosk.illustration import FootIllustration
    from kiosk.pin import Attempt

    out.mkdir(parents=True, exist_ok=True)
    window = kiosk.window
    window.resize(*size)
    window.show()
    written: list[Path] = []
    layout: Layout = {}

    def choose() -> None:  # what the patient chose; a new visit (after each layer) forgets it
        window.visit.set_larger_text(larger_text)
        window.visit.set_high_contrast(high_contrast)
        if language is not None:
            window.visit.set_language(language)

    window.visit.began.connect(choose)
    choose()

    def save(name: str, widget: QWidget) -> None:
        app.processEvents()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    _render_pages(window, save, layout)
    _render_layers(kiosk, save, layout, Attempt)
    render_take_home(kiosk, save, layout)
    _render_usage(kiosk, save, layout)
    _render_closed(kiosk, save)
    window.show_home()
    renderer = window.home.picture._renderer
    for name in sorted(highlight_names()):
        picture = FootIllustration(window.look, renderer, None, highlight=(name,))
        picture.resize(window.look.px(120), window.look.px(108))
        save(f"part-{name}", picture)
        shiboken6.delete(picture)
    (out / "layout.json").write_text(json.dumps(layout, indent=1))
    window.visit.began.disconnect(choose)
    return written


def _render_pages(window: KioskWindow, save: Save, layout: Layout) -> None:
    """Home, each of its pages, and every part of every topic."""
    window.show_home()
    home = window.home
    save("home", window)
    layout["home"] = _buttons(window, home.buttons)
    layout["home-controls"] = _buttons(window, [*home.controls.buttons, home.more_button,
                                                home.back_button])
    for page in range(1, home.pages):  # the topics that don't fit at once, a page at a time
        home.next_page()
        save(f"home-page-{page + 1}", window)
        layout[f"home-page-{page + 1}"] = _buttons(window, [*home.buttons, home.more_button,
                                                            home.back_button])
    home.rewind()
    head = home.picture
    if home.picture_shown:
        head.select_head(2)
        save("home-head-2", window)
        home.rewind()
    for number, screen in enumerate(window.topics, start=1):
        window.show_topic(number - 1)
        name = f"topic-{number:02d}-{screen.topic.slug}"
        buttons = [screen.home_button, screen.previous_button, screen.next_button,
                   *screen.controls.buttons]
        save(name, window)
        if number == 3 and screen.picture.opens_bigger:  # the larger view, a head named
            view = screen.picture.open_bigger()
            if view is not None:
                view.picture.select_head(2)
                save("picture-bigger", window)
                view.close_view()
        layout[name] = _buttons(window, buttons)
        for part in range(1, screen.parts):  # More turns to the next part of the text
            screen.next_button.click()
            save(f"{name}-part-{part + 1}", window)
            layout[f"{name}-part-{part + 1}"] = _buttons(window, buttons)


def _render_layers(kiosk: Kiosk, save: Save, layout: Layout, attempt_type: type) -> None:
    """The screens laid over the others: idle, attract and the staff screens."""
    from kiosk.visit import EndReason

    window = kiosk.window
    window.show_topic(0)
    kiosk.still_reading.start(kiosk.countdown_seconds)
    save("still-reading", window)
    layout["still-reading"] = _buttons(window, [kiosk.still_reading.button])
    kiosk.end_visit(EndReason.STAFF)
    kiosk.show_attract()
    save("attract", window)
    for step in range(1, kiosk.attract.steps):  # each topic's teaser, its part marked
        kiosk.attract.advance()
        save(f"attract-teaser-{step}", window)
    kiosk.end_visit(EndReason.STAFF)
    layout["home-office"] = _buttons(window, [window.home.office])
    kiosk.staff_access.pad.show_no_pin()
    save("staff-pin-pad-no-pin", window)
    kiosk.staff_access.pad.show_entry()
    for key in "1234":
        kiosk.staff_access.pad.keys[key].click()  # four dots: what staff see while typing
    save("staff-pin-pad", window)
    layout["staff-pin-pad"] = _buttons(window, [*kiosk.staff_access.pad.keys.values(),
                                                kiosk.staff_access.pad.cancel])
    kiosk.staff_access.pad.show_attempt(attempt_type(ok=False, failures=3, locked_for=30.0))
    save("staff-pin-pad-locked", window)
    kiosk.staff_access.pad.close_pad()
    kiosk.staff_access.set_status(kiosk.status())
    kiosk.staff_access.panel.open()
    save("staff-panel", window)
    panel = kiosk.staff_access.panel
    layout["staff-panel"] = _buttons(window, [panel.back_button, panel.reload_button,
                                              panel.exit_button])
    kiosk.end_visit(EndReason.STAFF)


def _render_usage(kiosk: Kiosk, save: Save, layout: Layout) -> None:
    """What patients read, each of its charts (from this state folder's counts)."""
    from kiosk.visit import EndReason

    kiosk.show_usage()
    page = kiosk.staff_access.usage
    for name in page.charts:
        page.show_chart(name)
        save(f"staff-usage-{name}", kiosk.window)
    layout["staff-usage"] = _buttons(kiosk.window, page.buttons)
    kiosk.end_visit(EndReason.STAFF)


def _render_closed(kiosk: Kiosk, save: Save) -> None:
    """The dark screen outside office hours."""
    from kiosk.screen_id import Overlay

    kiosk.go_dark()
    save("closed", kiosk.window)
    kiosk.closed_screen.stop()
    kiosk.idle.release(Overlay.CLOSED)


def render_take_home(kiosk: Kiosk, save: Save, layout: Layout) -> None:
    """The Take it home card over Home, opened by its button, where the office has a page."""
    from kiosk.visit import EndReason

    window = kiosk.window
    window.show_home()
    button = window.home.controls.take_home
    if button is None:
        return
    layout["home-controls"] = _buttons(window, [*window.home.controls.buttons,
                                                window.home.more_button,
                                                window.home.back_button])
    button.click()
    save("take-home", window)
    layout["take-home"] = _buttons(window, [kiosk.take_home.close_button])
    kiosk.end_visit(EndReason.STAFF)


def _buttons(window: KioskWindow, buttons: Iterable[QAbstractButton | QLabel]
             ) -> dict[str, list[int]]:
    """Each visible button's rectangle in window coordinates, for tests that tap real pixels."""
    result = {}
    for button in buttons:
        if button.isVisible():
            corner = button.mapTo(window, button.rect().topLeft())
            result[button.objectName() or button.text()] = [corner.x(), corner.y(),
                                                            button.width(), button.height()]
    return result
