"""Shared fixtures: offscreen Qt, the bundled content, and kiosk windows at real screen sizes."""

import os
import shutil
from collections.abc import Callable
from pathlib import Path

# Set before any Qt import: the tests never need a display (tests/e2e starts its own Xvfb).
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_ACCESSIBILITY", "0")

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import paths
from kiosk.content import Content, load_content
from kiosk.theme import Metrics, load_fonts
from kiosk.window import KioskWindow

# The screens the issue names: (width px, height px, diagonal inches).
SCREENS = {
    "21.5in-1920x1080": (1920, 1080, 21.5),
    "15.6in-1366x768": (1366, 768, 15.6),
    "10in-1280x800": (1280, 800, 10.0),
    "21.5in-1080x1920-portrait": (1080, 1920, 21.5),
    "27in-3840x2160": (3840, 2160, 27.0),
}
CONTENT_DIR = paths.DEFAULT_CONTENT_DIR


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(CONTENT_DIR)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled content folder, to edit or break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


@pytest.fixture
def eight_topics(content_copy) -> Content:
    """The bundled content plus an eighth topic, in English only (the Spanish folder lacks it
    and is left out): the most the home screen must fit."""
    folder = content_copy / "en"
    last = sorted(folder.glob("*.md"))[-1]
    text = last.read_text(encoding="utf-8").replace("order = 7", "order = 8")
    (folder / "08-extra.md").write_text(text, encoding="utf-8")
    content = load_content(content_copy)
    assert len(content.topics) == 8
    return content


# The addresses a content copy with Take it home sets (the bundled content has none).
TAKE_HOME_URL = "https://www.podiatry-office.example/stress-fracture"
TAKE_HOME_URL_ES = "https://www.podiatry-office.example/es/fractura-por-estres"


def add_take_home(folder: Path) -> Path:
    """Give a content folder the office's take-home page, and a Spanish one of its own."""
    with (folder / "settings.toml").open("a", encoding="utf-8") as settings:
        settings.write(f'\ntake_home_url = "{TAKE_HOME_URL}"\n'
                       f'take_home_urls = {{ es = "{TAKE_HOME_URL_ES}" }}\n')
    return folder


@pytest.fixture(scope="session")
def take_home_dir(tmp_path_factory) -> Path:
    """A copy of the bundled content with a take-home address (not to be edited)."""
    target = tmp_path_factory.mktemp("take-home") / "content"
    shutil.copytree(CONTENT_DIR, target)
    return add_take_home(target)


@pytest.fixture(scope="session")
def take_home_content(take_home_dir) -> Content:
    """The bundled content with a Take it home button on every screen."""
    content = load_content(take_home_dir)
    assert content.settings.take_home_url == TAKE_HOME_URL
    return content


@pytest.fixture(params=["bundled", "take-home"])
def contents(request, content) -> Content:
    """The bundled content, and the same with a Take it home button: one more to fit."""
    return content if request.param == "bundled" else request.getfixturevalue(
        "take_home_content")


@pytest.fixture(scope="session")
def font_family(qapp) -> str:
    return load_fonts()


@pytest.fixture
def make_window(qtbot, font_family) -> Callable[..., KioskWindow]:
    """A shown kiosk window of a given screen's pixel size and physical density."""
    made: list[QWidget] = []

    def make(content: Content, screen: str = "21.5in-1920x1080",
             svg: Path = paths.ILLUSTRATION, *, finish: bool = True) -> KioskWindow:
        width, height, diagonal = SCREENS[screen]
        window = KioskWindow(content, Metrics.for_display(width, height, diagonal), font_family,
                             svg=svg)
        made.append(window)
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        QApplication.processEvents()  # runs the posted layout requests: widgets get their sizes
        if finish:  # every page, as a patient finds them (tests/test_start.py: before that)
            window.finish_building()
        return window

    yield make
    # Deleted now, not at interpreter exit: PySide6 crashes collecting live top-level widgets
    # after QApplication is gone.
    for window in made:
        if shiboken6.isValid(window):
            window.close()
            shiboken6.delete(window)


@pytest.fixture
def window(make_window, content) -> KioskWindow:
    return make_window(content)


@pytest.fixture
def make_kiosk(make_window, content_copy, tmp_path, qapp):
    """The whole kiosk (guards, idle, staff, reload) on a private content copy, with short
    timings: 0.3 s to "Still reading?", a 3-count countdown of 50 ms steps, 0.6 s to attract."""
    from kiosk.app import Kiosk
    from kiosk.pin import PinStore

    made = []

    def make(*, full_screen: bool = False, screen: str = "21.5in-1920x1080") -> Kiosk:
        window = make_window(load_content(content_copy), screen)
        if full_screen:
            window.showFullScreen()
            QApplication.processEvents()
        state = tmp_path / "state"
        kiosk = Kiosk(window, content_copy, state, full_screen=full_screen, environ={},
                      reload_quiet_ms=50)
        # Cheap: the real cost is tested in test_pin.
        kiosk.staff_access.pins = PinStore(state, scrypt_n=2**4)
        kiosk.idle.set_intervals(still_reading_ms=300, attract_ms=600)
        kiosk.countdown_seconds = 3
        kiosk.still_reading.set_tick_ms(50)
        kiosk.staff_access.gesture.set_timing(hold_ms=100, between_ms=600)
        kiosk.updates.set_apply_delay(100)
        kiosk.start(qapp, handle_signals=False)
        kiosk.finish_building()  # every part, as the first patient finds them
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.stop(qapp)


@pytest.fixture
def kiosk(make_kiosk):
    return make_kiosk()
