"""Home on screen first: the window shows a complete Home before anything else is built, the
rest is built right after the first paint, and a tap in that moment still gets what it asks
for (issue 15)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer

from kiosk.app import Kiosk
from kiosk.content import load_content
from kiosk.screen_id import HOME, TopicPage
from kiosk.theme import Metrics
from kiosk.usage import UsageLog
from kiosk.visit import EndReason
from kiosk.window import WARM_UP_TIMER, KioskWindow

LEFT = Qt.MouseButton.LeftButton
REPO_ROOT = Path(__file__).resolve().parents[1]


class AfterFirstPaint(QObject):
    """Calls `then` from a zero timer queued by the window's first Paint event: once that
    paint pass is over, before the first step the window queued from the same paint."""

    def __init__(self, window: KioskWindow, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self._then)
            self._then = None
        return False


@pytest.fixture
def fresh_kiosk(qapp, font_family, content_copy, tmp_path):
    """A kiosk as create() leaves it: built, not yet shown nor painted, nothing after it."""
    made: list[Kiosk] = []

    def make(environ: dict[str, str] | None = None) -> Kiosk:
        window = KioskWindow(load_content(content_copy), Metrics.for_display(1920, 1080, 21.5),
                             font_family)
        window.resize(1920, 1080)
        kiosk = Kiosk(window, content_copy, tmp_path / "state", full_screen=False,
                      environ=environ or {})
        kiosk.start(qapp, handle_signals=False)
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.stop(qapp)
        if shiboken6.isValid(kiosk.window):
            kiosk.window.close()
            shiboken6.delete(kiosk.window)


def test_before_the_first_paint_only_home_is_built(fresh_kiosk):
    kiosk = fresh_kiosk()
    window = kiosk.window
    assert window.stack.count() == 1  # Home, and not one topic page yet
    assert window.current_screen() == HOME
    assert not window.pages_ready()
    assert not kiosk.is_ready


def test_the_first_paint_shows_a_complete_home(qtbot, fresh_kiosk, content_copy):
    kiosk = fresh_kiosk()
    window, content = kiosk.window, load_content(content_copy)
    seen: dict[str, object] = {}

    def look() -> None:
        home = window.home
        seen["titles"] = [button.text() for button in home.buttons if button.isVisible()]
        seen["office"] = home.office.isVisible() and home.office.text()
        seen["controls"] = all(button.isVisible() for button in home.controls.buttons)
        seen["pages built"] = window.stack.count()

    AfterFirstPaint(window, look)
    with qtbot.waitSignal(kiosk.ready, timeout=10_000):
        window.show()
    assert seen["titles"] == [topic.title for topic in content.topics]
    assert seen["office"] == content.settings.office_name
    assert seen["controls"]
    assert seen["pages built"] == 1


def test_a_tap_in_the_first_moment_after_the_first_paint_opens_its_page(
        qtbot, fresh_kiosk, content_copy):
    kiosk = fresh_kiosk()
    window, content = kiosk.window, load_content(content_copy)
    last = content.topics[-1]
    seen: dict[str, object] = {}

    def tap() -> None:
        seen["built before"] = window.stack.count()
        seen["ready before"] = kiosk.is_ready
        qtbot.mouseClick(window.home.buttons[-1], LEFT)  # the page built last of all
        page = window.current_widget()
        seen["shown"] = window.current_screen()
        seen["page"] = page.isVisible() and page.title.text()
        seen["parts"] = page.text.parts  # cut for the real size at once

    AfterFirstPaint(window, tap)
    with qtbot.waitSignal(kiosk.ready, timeout=10_000):
        window.show()
    assert seen["built before"] == 1
    assert seen["ready before"] is False
    assert seen["shown"] == TopicPage(last.slug)
    assert seen["page"] == last.title
    assert seen["parts"] >= 1
    # The rest of the build went on around it and left the patient where they were.
    assert window.current_screen() == TopicPage(last.slug)
    assert [page.topic.slug for page in window.topics] == [t.slug for t in content.topics]
    qtbot.mouseClick(window.current_widget().home_button, LEFT)
    assert window.current_screen() == HOME


def test_every_page_is_built_and_painted_once_right_after_the_first_paint(qtbot, fresh_kiosk):
    kiosk = fresh_kiosk()
    window = kiosk.window
    with qtbot.waitSignal(window.all_pages_ready, timeout=10_000):
        window.show()
    assert window.pages_ready()
    # Laid out for the window's size, off screen, without anyone opening them.
    assert all(page.geometry() == window.home.geometry() for page in window.topics)
    qtbot.waitUntil(lambda: kiosk.is_ready, timeout=10_000)
    # Painted once already: the warm-up a second later would only do it again.
    assert not window.findChild(QTimer, WARM_UP_TIMER).isActive()


def test_ready_is_sent_to_systemd_once_every_page_and_part_is_built(qtbot, fresh_kiosk,
                                                                     tmp_path):
    address = str(tmp_path / "n.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as systemd:
        systemd.bind(address)
        systemd.setblocking(False)
        kiosk = fresh_kiosk({"NOTIFY_SOCKET": address})
        received: dict[str, list[str]] = {"at first paint": [], "when ready": []}

        def drain(into: list[str]) -> None:
            while True:
                try:
                    into.append(systemd.recv(64).decode())
                except BlockingIOError:
                    return

        AfterFirstPaint(kiosk.window, lambda: drain(received["at first paint"]))
        with qtbot.waitSignal(kiosk.ready, timeout=10_000):
            kiosk.window.show()
        drain(received["when ready"])
    assert received == {"at first paint": [], "when ready": ["READY=1"]}


def test_a_visit_that_ends_before_the_usage_log_is_built_is_still_counted(
        qtbot, fresh_kiosk, tmp_path):
    kiosk = fresh_kiosk()
    window = kiosk.window
    seen: dict[str, object] = {}

    def visit_and_fault() -> None:
        seen["ready"] = kiosk.is_ready
        qtbot.mouseClick(window.home.buttons[0], LEFT)
        kiosk.end_visit(EndReason.FAULT)  # as the fault guard does after an error

    AfterFirstPaint(window, visit_and_fault)
    with qtbot.waitSignal(kiosk.ready, timeout=10_000):
        window.show()
    assert seen["ready"] is False
    assert window.current_screen() == HOME
    usage = UsageLog(tmp_path / "state")
    try:
        assert usage.figures().visits == 1
    finally:
        usage.close()


def test_a_content_edit_in_the_first_moments_is_seen(qtbot, fresh_kiosk, content_copy):
    # The watcher is there from before the first paint (see Kiosk's docstring for why).
    kiosk = fresh_kiosk()
    settings = content_copy / "settings.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("office_name = ", 'office_name = "Main Street Feet"\n#'),
                        encoding="utf-8")
    kiosk.window.show()
    qtbot.waitUntil(lambda: kiosk.updates.pending is not None, timeout=5000)
    assert kiosk.updates.pending.settings.office_name == "Main Street Feet"


def test_the_staff_screens_and_pin_store_are_there_whenever_asked_for(fresh_kiosk):
    kiosk = fresh_kiosk()
    staff = kiosk.staff_access  # asked for before its turn: built at once
    assert staff.pins is not None
    kiosk.finish_building()
    assert kiosk.staff_access is staff  # and never built twice
    assert kiosk.is_ready


FIRST_FRAME_PROBE = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication
    import kiosk.app, kiosk.cli

    create = kiosk.app.create

    class Watch(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, report)
            return False

    def report():
        # The modules PySide6's import hook read the source of, looking for `__feature__`.
        read = sys.modules["shibokensupport.feature"].pyside_feature_dict
        scanned = sorted(name for name in read if name.startswith("kiosk."))
        # The Qt classes PySide6 has made Python types of so far (it makes each on first use).
        made = sorted(name for module in ("QtCore", "QtGui", "QtWidgets")
                      for name, value in vars(sys.modules["PySide6." + module]).items()
                      if isinstance(value, type))
        print(json.dumps({"modules": sorted(sys.modules), "scanned": scanned,
                          "qt_classes": made}), flush=True)
        QApplication.exit(0)

    def create_and_watch(args, app, environ=None):
        made = create(args, app, {})
        made.window.installEventFilter(Watch(made.window))
        return made

    kiosk.app.create = create_and_watch
    sys.exit(kiosk.cli.main(["run", "--windowed", "--size", "1280x800", "--state-dir",
                             sys.argv[1]]))
""")
AFTER_THE_FIRST_FRAME = ("sqlite3", "socket", "kiosk.usage", "kiosk.pin", "kiosk.staff_access",
                         "kiosk.screens.staff", "kiosk.screens.overlays", "kiosk.screens.topic",
                         "kiosk.systemd", "kiosk.gesture",
                         # the player and the recordings' checks (3 and 3 ms), ElementTree (3)
                         "kiosk.audio", "ctypes", "hashlib", "xml.etree.ElementTree",
                         # a topic's text (3 ms)
                         "kiosk.screens.text_view", "kiosk.screens.pages",
                         # the voice model (2 ms): the names it goes by suffice
                         "kiosk.voice",
                         # the first frame's values are Records (kiosk/record.py): a frozen
                         # dataclass compiles six methods as it is made, 1 to 2 ms a class
                         "dataclasses",
                         # asked for by office hours and the status report's stamps (2 ms)
                         "datetime")


def test_the_first_frame_imports_nothing_that_only_later_parts_need(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for name in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "KIOSK_CONTENT_DIR", "KIOSK_STATE_DIR"):
        env.pop(name, None)
    starts = []
    for _ in range(2):  # the second finds the start copy the first kept, as nearly every start
        done = subprocess.run([sys.executable, "-c", FIRST_FRAME_PROBE, str(tmp_path / "state")],
                              cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                              timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        starts.append(json.loads(done.stdout.strip().splitlines()[-1]))
    first, found = starts
    # The first start checked the content (tomllib) and so read datetime; the second did not.
    assert {"tomllib", "datetime"} <= set(first["modules"])
    assert "tomllib" not in found["modules"]
    loaded = set(found["modules"])
    assert "kiosk.screens.home" in loaded  # the probe did see the first frame
    assert loaded.isdisjoint(AFTER_THE_FIRST_FRAME), sorted(loaded & set(AFTER_THE_FIRST_FRAME))
    # kiosk/pyside.py put Python's own import back before the kiosk's modules loaded.
    assert found["scanned"] == [], found["scanned"]
    # A marked part's overlay and the off-screen warm-up are drawn into QImages; Home's first
    # frame needs neither, and making QImage's Python type costs 1.5 ms.
    assert "QPainter" in found["qt_classes"]  # the probe does see what was made
    assert "QImage" not in found["qt_classes"]


def test_new_content_is_shown_whole_at_once(qtbot, kiosk, content_copy):
    # Not in steps: a change of content (on a quiet Home) builds every page before showing.
    window = kiosk.window
    window.set_content(load_content(content_copy))
    assert window.stack.count() == 1 + len(window.content.topics)
