"""One patient's visit: its choices, what was read, how it ended, and a fresh start after."""

import logging

import pytest
from PySide6.QtCore import QObject, Qt

from kiosk.screen_id import HOME, Overlay, TopicPage
from kiosk.visit import LARGER_TEXT, Defaults, EndReason, Visit

from .test_staff import PIN, do_gesture, type_pin

LEFT = Qt.MouseButton.LeftButton


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def visit(qapp, clock):
    owner = QObject()
    made = Visit(Defaults(language="en"), owner, clock=clock, wall_clock=lambda: clock.now + 5e8)
    yield made
    owner.deleteLater()


def test_a_visit_starts_with_the_offices_defaults(visit):
    assert (visit.language, visit.larger_text, visit.high_contrast) == ("en", False, False)
    assert visit.topics_opened() == ()
    assert visit.used() == frozenset()


def test_each_change_of_choice_is_signalled_once(qtbot, visit):
    with qtbot.waitSignal(visit.larger_text_changed) as blocker:
        visit.set_larger_text(True)
    assert blocker.args == [True]
    with qtbot.assertNotEmitted(visit.larger_text_changed):
        visit.set_larger_text(True)
    with qtbot.waitSignal(visit.high_contrast_changed) as blocker:
        visit.set_high_contrast(True)
    assert blocker.args == [True]
    with qtbot.waitSignal(visit.language_changed) as blocker:
        visit.set_language("es")
    assert blocker.args == ["es"]


def test_the_record_says_what_was_read_for_how_long_and_why_it_ended(visit, clock):
    visit.touch()
    visit.show(TopicPage("02-causes"))
    clock.now += 30
    visit.show(HOME)
    clock.now += 5
    visit.show(TopicPage("04-treatment"))
    clock.now += 12
    visit.show(TopicPage("02-causes"))
    clock.now += 8
    visit.set_larger_text(True)
    record = visit.end(EndReason.STILL_READING_EXPIRED)
    assert record.reason is EndReason.STILL_READING_EXPIRED
    assert record.topics == (("02-causes", 38.0), ("04-treatment", 12.0))
    assert record.seconds == 55.0
    assert record.used == frozenset({LARGER_TEXT})
    assert record.touched


def test_a_visit_begins_at_its_first_touch_not_when_the_kiosk_was_left(visit, clock):
    clock.now += 3600  # an hour on the attract screen
    visit.touch()
    clock.now += 20
    record = visit.end(EndReason.ATTRACT)
    assert record.seconds == 20.0
    assert record.began == 1000.0 + 3600 + 5e8


def test_a_later_feature_records_its_use_into_the_visit(visit):
    visit.record("read-aloud")
    assert visit.end(EndReason.ATTRACT).used == frozenset({"read-aloud"})


def test_ending_a_visit_brings_back_the_defaults_and_signals_each_change(qtbot, visit):
    visit.set_larger_text(True)
    visit.set_high_contrast(True)
    visit.set_language("es")
    visit.show(TopicPage("01-what-is-it"))
    with qtbot.waitSignals([visit.ended, visit.larger_text_changed, visit.high_contrast_changed,
                            visit.language_changed, visit.began], order="strict"):
        visit.end(EndReason.FAULT)
    assert (visit.language, visit.larger_text, visit.high_contrast) == ("en", False, False)
    assert visit.topics_opened() == ()
    assert visit.used() == frozenset()
    assert not visit.end(EndReason.ATTRACT).touched


def test_new_defaults_apply_from_the_next_visit(visit):
    visit.set_defaults(Defaults(language="es"))
    assert visit.language == "en"
    visit.end(EndReason.CONTENT_CHANGE)
    assert visit.language == "es"


# --- through the whole kiosk: every way a visit ends gives its reason ---------------------


def ended_reasons(qtbot, kiosk):
    reasons = []
    kiosk.visit.ended.connect(lambda record: reasons.append(record.reason))
    return reasons


def turn_both_controls_on(qtbot, kiosk, page):
    qtbot.mouseClick(page.controls.larger_text, LEFT)
    qtbot.mouseClick(page.controls.high_contrast, LEFT)
    assert kiosk.visit.larger_text and kiosk.visit.high_contrast


def test_no_answer_to_still_reading_ends_the_visit_and_the_next_starts_as_new(qtbot, kiosk):
    reasons = ended_reasons(qtbot, kiosk)
    qtbot.mouseClick(kiosk.window.home.buttons[1], LEFT)
    page = kiosk.window.current_widget()
    page.controls.larger_text.show()
    page.controls.high_contrast.show()
    turn_both_controls_on(qtbot, kiosk, page)
    qtbot.waitUntil(lambda: reasons == [EndReason.STILL_READING_EXPIRED], timeout=5000)
    assert kiosk.window.current_screen() == HOME
    assert not kiosk.visit.larger_text and not kiosk.visit.high_contrast
    assert not kiosk.window.look.larger_text
    assert not page.controls.larger_text.on and not page.controls.high_contrast.on


def test_the_attract_screen_ends_the_visit(qtbot, kiosk):
    reasons = ended_reasons(qtbot, kiosk)
    qtbot.waitUntil(kiosk.attract.isVisible, timeout=3000)
    assert reasons == [EndReason.ATTRACT]
    assert Overlay.ATTRACT in kiosk.idle.holds


def test_staff_opening_and_leaving_each_end_a_visit(qtbot, kiosk):
    kiosk.staff_access.pins.set_pin(PIN)
    reasons = ended_reasons(qtbot, kiosk)
    do_gesture(qtbot, kiosk)
    type_pin(qtbot, kiosk, PIN)
    qtbot.mouseClick(kiosk.staff_access.panel.back_button, LEFT)
    assert reasons == [EndReason.STAFF, EndReason.STAFF]


def test_the_visit_staff_opened_is_not_counted_as_a_patients(qtbot, kiosk, caplog):
    caplog.set_level(logging.INFO)
    records = []
    kiosk.visit.ended.connect(records.append)
    do_gesture(qtbot, kiosk)
    qtbot.mouseClick(kiosk.staff_access.pad.cancel, LEFT)
    assert all("staff" in record.used for record in records)
    # Only staff's hands touched it (the office name): no patient's visit is logged.
    assert "visit ended" not in caplog.text


@pytest.mark.qt_no_exception_capture
def test_a_fault_ends_the_visit(qtbot, kiosk):
    reasons = ended_reasons(qtbot, kiosk)

    def broken() -> None:
        raise RuntimeError("a bug in a slot")

    kiosk.window.home.buttons[0].clicked.connect(broken)
    qtbot.mouseClick(kiosk.window.home.buttons[0], LEFT)
    qtbot.waitUntil(lambda: reasons == [EndReason.FAULT], timeout=2000)


def test_new_content_shown_on_a_quiet_home_ends_the_visit(qtbot, kiosk, content_copy):
    reasons = ended_reasons(qtbot, kiosk)
    path = content_copy / "settings.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'office_name = "Podiatry Office"', 'office_name = "Renamed Office"'), encoding="utf-8")
    qtbot.waitUntil(lambda: kiosk.window.home.office.text() == "Renamed Office", timeout=5000)
    assert reasons == [EndReason.CONTENT_CHANGE]


def test_the_visit_records_the_topics_a_patient_opened(qtbot, kiosk, content):
    records = []
    kiosk.visit.ended.connect(records.append)
    qtbot.mouseClick(kiosk.window.home.buttons[2], LEFT)
    qtbot.mouseClick(kiosk.window.current_widget().next_button, LEFT)
    kiosk.end_visit(EndReason.STAFF)
    assert [slug for slug, _ in records[0].topics] == [t.slug for t in content.topics[2:4]]
    assert records[0].touched
