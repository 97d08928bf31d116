"""Office hours: dark outside them, a touch starts a normal visit, dark again when idle, and
back by itself at opening. Driven with a fake clock that runs at real speed from a set time."""

import datetime as dt
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.content import ContentError, load_content
from kiosk.office_clock import OfficeClock
from kiosk.office_hours import HoursError, parse
from kiosk.screen_id import HOME, Overlay
from kiosk.screens.closed import DARK_BACKGROUND, DIM_TEXT
from kiosk.theme import contrast_ratio

LEFT = Qt.MouseButton.LeftButton
MONDAY = dt.date(2026, 11, 30)
HOURS = 'office_hours = { mon = "08:00-17:30", tue = "08:00-17:30", sat = "09:00-12:00" }'


class FakeClock:
    """Local time from a set moment on, running at the real clock's speed (so Qt's timers,
    set from it, fire when it says they should)."""

    def __init__(self, start: dt.datetime) -> None:
        self.set(start)

    def set(self, moment: dt.datetime) -> None:
        self._start, self._at = moment, time.monotonic()

    def __call__(self) -> dt.datetime:
        return self._start + dt.timedelta(seconds=time.monotonic() - self._at)


def at(day: dt.date, hh: int, mm: int, ss: float = 0.0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm)) + dt.timedelta(seconds=ss)


# --- the hours themselves ------------------------------------------------------------------


def test_open_within_a_days_hours_and_closed_outside_and_on_days_not_named():
    hours = parse({"mon": "08:00-17:30", "sat": "09:00-12:00"})
    assert hours.is_open(at(MONDAY, 8, 0))
    assert hours.is_open(at(MONDAY, 17, 29, 59))
    assert not hours.is_open(at(MONDAY, 17, 30))
    assert not hours.is_open(at(MONDAY, 7, 59, 59))
    assert not hours.is_open(at(MONDAY + dt.timedelta(days=1), 10, 0))  # Tuesday: not named
    assert hours.is_open(at(MONDAY + dt.timedelta(days=5), 11, 0))  # Saturday


def test_the_next_change_is_the_next_opening_or_closing_even_a_week_on():
    hours = parse({"mon": "08:00-17:30", "sat": "09:00-12:00"})
    assert hours.next_change(at(MONDAY, 7, 0)) == at(MONDAY, 8, 0)
    assert hours.next_change(at(MONDAY, 8, 0)) == at(MONDAY, 17, 30)
    assert hours.next_change(at(MONDAY, 18, 0)) == at(MONDAY + dt.timedelta(days=5), 9, 0)
    sunday = MONDAY + dt.timedelta(days=6)
    assert hours.next_change(at(sunday, 12, 0)) == at(sunday + dt.timedelta(days=1), 8, 0)
    only_monday = parse({"mon": "08:00-09:00"})
    assert only_monday.next_change(at(MONDAY, 9, 30)) == at(MONDAY + dt.timedelta(days=7), 8, 0)
    assert parse({}).next_change(at(MONDAY, 9, 0)) is None


@pytest.mark.parametrize(("day", "span", "message"), [
    ("monday", "08:00-17:30", "use the days mon"),
    ("mon", "8-17", "08:00-17:30"),
    ("mon", "17:30-08:00", "open before it closes"),
    ("mon", "08:00-25:00", "from 00:00 to 24:00"),
    ("mon", "08:61-17:00", "from 00:00 to 24:00"),
])
def test_a_wrong_entry_is_refused_saying_what_would_be_right(day, span, message):
    with pytest.raises(HoursError, match=message):
        parse({day: span})


def test_kiosk_check_names_wrong_hours_with_their_line(content_copy):
    settings = content_copy / "settings.toml"
    count = len(settings.read_text(encoding="utf-8").splitlines())
    with settings.open("a", encoding="utf-8") as handle:
        handle.write('office_hours = { mon = "08:00-17:30", fri = "9 to 5" }\n')
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    problem, = caught.value.problems
    assert (problem.path, problem.line) == (settings, count + 1)
    assert "'office_hours' fri is '9 to 5'" in problem.message


def test_the_bundled_settings_set_no_hours_and_a_valid_line_loads(content, content_copy):
    assert content.settings.office_hours == ()
    with (content_copy / "settings.toml").open("a", encoding="utf-8") as handle:
        handle.write(HOURS + "\n")
    loaded = load_content(content_copy)
    assert dict(loaded.settings.office_hours)["sat"] == "09:00-12:00"


# --- the clock -----------------------------------------------------------------------------


def test_one_single_shot_timer_waits_for_the_next_change(qtbot, qapp):
    from PySide6.QtCore import QObject

    owner = QObject()
    # Three seconds to closing: room for a slow, shared machine between the lines below.
    clock = FakeClock(at(MONDAY, 17, 29, 57))
    office = OfficeClock(parse({"mon": "08:00-17:30"}), owner, now=clock)
    office.start()
    assert office.is_open()
    assert 0 <= office.wait_ms() <= 3100
    with qtbot.waitSignal(office.closed, timeout=10_000):
        pass
    assert not office.is_open()
    day = 24 * 3600 * 1000  # the next opening is a week away: it waits a day, then looks again
    assert day - 60_000 < office.wait_ms() <= day


def test_without_hours_the_office_is_always_open_and_no_timer_is_set(qapp):
    from PySide6.QtCore import QObject

    owner = QObject()
    office = OfficeClock(None, owner, now=lambda: at(MONDAY, 3, 0))
    office.start()
    assert office.is_open() and not office.is_waiting()


# --- the whole kiosk -----------------------------------------------------------------------


@pytest.fixture
def office_kiosk(make_kiosk, content_copy):
    with (content_copy / "settings.toml").open("a", encoding="utf-8") as handle:
        handle.write(HOURS + "\n")
    kiosk = make_kiosk()
    clock = FakeClock(at(MONDAY, 12, 0))
    kiosk.office.set_clock(clock)  # open, whatever the real time is
    QApplication.processEvents()
    assert kiosk.office.is_open() and not kiosk.closed_screen.isVisible()
    return kiosk, clock


def test_the_kiosk_goes_dark_at_closing_wakes_on_a_touch_and_comes_back_at_opening(
        qtbot, office_kiosk, content):
    kiosk, _ = office_kiosk
    dark = kiosk.closed_screen
    kiosk.office.set_clock(FakeClock(at(MONDAY, 17, 29, 59.8)))
    qtbot.waitUntil(dark.isVisible, timeout=3000)  # closing time, nobody there: dark
    assert dark.message.text() == content.words.closed_touch
    assert Overlay.CLOSED in kiosk.idle.holds
    assert not kiosk.idle.is_counting()  # nothing ticks while it is dark
    assert kiosk.office.is_waiting()  # but the one timer to the next opening
    qtbot.mouseClick(dark, LEFT)  # a patient touches it: a normal visit
    assert not dark.isVisible()
    assert kiosk.window.current_screen() == HOME
    qtbot.mouseClick(kiosk.window.home.buttons[0], LEFT)
    assert kiosk.window.current_widget() is kiosk.window.topics[0]
    # Quiet: "Still reading?", back to Home, then dark again instead of the attract screen.
    qtbot.waitUntil(dark.isVisible, timeout=5000)
    assert not kiosk.attract.isVisible()
    assert kiosk.window.current_screen() == HOME
    assert kiosk.usage.figures().visits == 1  # the after-hours visit counted like any
    kiosk.office.set_clock(FakeClock(at(MONDAY + dt.timedelta(days=1), 7, 59, 59.8)))
    qtbot.waitUntil(lambda: not dark.isVisible(), timeout=3000)  # opening: back by itself
    assert kiosk.office.is_open()
    assert Overlay.CLOSED not in kiosk.idle.holds and kiosk.idle.is_counting()


def test_a_patient_reading_at_closing_time_keeps_the_kiosk_until_quiet(qtbot, office_kiosk):
    kiosk, _ = office_kiosk
    qtbot.mouseClick(kiosk.window.home.buttons[1], LEFT)
    kiosk.idle.set_intervals(still_reading_ms=60_000, attract_ms=600)  # a slow reader
    kiosk.office.set_clock(FakeClock(at(MONDAY, 17, 29, 59.9)))
    qtbot.waitUntil(lambda: not kiosk.office.is_open(), timeout=3000)
    assert not kiosk.closed_screen.isVisible()
    assert kiosk.window.current_widget() is kiosk.window.topics[1]


def test_the_kiosk_starts_dark_outside_office_hours(qtbot, office_kiosk):
    kiosk, _ = office_kiosk
    kiosk.office.set_clock(lambda: at(MONDAY + dt.timedelta(days=6), 12, 0))  # a Sunday
    assert kiosk.closed_screen.isVisible()


def test_the_dim_line_is_still_legible_up_close():
    assert contrast_ratio(DIM_TEXT, DARK_BACKGROUND) >= 7.0
