"""Left alone, the kiosk returns to Home for the next patient, then shows its attract screen.

The kiosk runs with the shortest time-outs its settings accept (still_reading_seconds 5,
countdown_seconds 20, attract_seconds 5), so a full return to Home takes about 25 s.
"""

from collections.abc import Iterator
from time import monotonic

import pytest

from tests.e2e.conftest import make_desk
from tests.e2e.desk import SCREEN_CENTRE, Desk, running

pytestmark = pytest.mark.e2e

STILL_READING_S = 5
COUNTDOWN_S = 20
ATTRACT_S = 5
# Timers start at the last touch, which the test sees a little after the kiosk does: a screen
# may show this much earlier than the nominal time, measured from here.
EARLY_S = 1.0
# Slack on top of a time-out before giving up on a screen (a loaded CI machine).
LATE_S = 5.0


@pytest.fixture(scope="module")
def quick_desk(e2e_tools, tmp_path_factory) -> Iterator[Desk]:
    settings = {"still_reading_seconds": STILL_READING_S, "countdown_seconds": COUNTDOWN_S,
                "attract_seconds": ATTRACT_S}
    with running(make_desk(tmp_path_factory.mktemp("quick"), settings)) as started:
        yield started


@pytest.fixture
def on_a_page(quick_desk: Desk) -> tuple[Desk, str]:
    """The first topic page, just opened: the still-reading clock starts from this tap.

    The first, because "Still reading?" is a veil over the page, and the snapshot it is
    compared with shows it over the first page.
    """
    quick_desk.back_home()
    page = quick_desk.snapshots.topic_screens()[0]
    quick_desk.open_topic(page)
    return quick_desk, page


def test_a_quiet_page_asks_still_reading_and_keep_reading_keeps_the_page(on_a_page):
    desk, page = on_a_page
    started = monotonic()
    desk.wait_for_screen("still-reading", timeout=STILL_READING_S + LATE_S)
    assert monotonic() - started >= STILL_READING_S - EARLY_S, "asked too early"
    desk.tap_button("still-reading", "keep-reading")
    desk.wait_for_screen(page)


def test_an_unanswered_still_reading_returns_home_after_the_countdown(on_a_page):
    desk, _ = on_a_page
    desk.wait_for_screen("still-reading", timeout=STILL_READING_S + LATE_S)
    asked = monotonic()
    desk.wait_for_screen("home", timeout=COUNTDOWN_S + LATE_S)
    assert monotonic() - asked >= COUNTDOWN_S - EARLY_S, "went home before the countdown ended"


def test_a_quiet_home_shows_attract_and_the_waking_tap_opens_nothing(quick_desk: Desk):
    desk = quick_desk
    desk.back_home()
    desk.tap(*SCREEN_CENTRE)  # a touch on Home restarts the attract clock from here
    started = monotonic()
    desk.wait_for_screen("attract", timeout=ATTRACT_S + LATE_S)
    assert monotonic() - started >= ATTRACT_S - EARLY_S, "attract screen too early"
    # The tap that wakes it lands where a topic button is underneath: it must not open it.
    first = desk.snapshots.topic_screens()[0]
    desk.tap_button("home", desk.snapshots.topic_button(first))
    desk.settles_on("home")
