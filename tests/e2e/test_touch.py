"""A patient's taps on the real display: each lands where the kiosk drew the button."""

from itertools import pairwise

import pytest

from tests.e2e.desk import Desk

pytestmark = pytest.mark.e2e


def test_the_kiosk_starts_full_screen_in_front_showing_home(on_home: Desk):
    # wait_for_screen checks the window too: mapped, full screen, covering the screen,
    # top of the stacking order and the active window.
    on_home.wait_for_screen("home")


def test_tapping_each_topic_opens_its_page_and_home_returns(on_home: Desk):
    desk = on_home
    for page in desk.snapshots.topic_screens():
        desk.open_topic(page)
        desk.tap_button(page, "home")
        desk.wait_for_screen("home")


def test_next_walks_through_every_topic_in_order(on_home: Desk):
    desk = on_home
    pages = desk.snapshots.topic_screens()
    desk.open_topic(pages[0])
    for shown, following in pairwise(pages):
        desk.tap_button(shown, "next")
        desk.wait_for_screen(following)
    # The last page has no Next: the snapshot's layout leaves out buttons that are hidden.
    assert "next" not in desk.snapshots.layout[pages[-1]]
    desk.tap_button(pages[-1], "home")
    desk.wait_for_screen("home")


def test_previous_goes_back_one_topic(on_home: Desk):
    desk = on_home
    pages = desk.snapshots.topic_screens()
    desk.open_topic(pages[2])
    desk.tap_button(pages[2], "previous")
    desk.wait_for_screen(pages[1])


def test_a_fast_double_tap_on_next_moves_one_page_only(on_home: Desk):
    desk = on_home
    pages = desk.snapshots.topic_screens()
    desk.open_topic(pages[0])
    desk.tap(0, 0)  # nothing there; only so the double tap below is spaced from the last tap
    desk.double_tap(*desk.snapshots.centre(pages[0], "next"))
    desk.wait_for_screen(pages[1])
    # Both taps were queued before the page changed, so the second one has been handled by
    # now; Previous proves where the kiosk really is (from page 3 it would land on page 2).
    desk.tap_button(pages[1], "previous")
    desk.wait_for_screen(pages[0])


def test_a_tap_between_the_buttons_changes_nothing(on_home: Desk):
    desk = on_home
    pages = desk.snapshots.topic_screens()
    first = desk.snapshots.layout["home"][desk.snapshots.topic_button(pages[0])]
    second = desk.snapshots.layout["home"][desk.snapshots.topic_button(pages[1])]
    # The gap between the first two topic buttons, at their middle height.
    gap_x = (first[0] + first[2] + second[0]) // 2
    desk.tap(gap_x, first[1] + first[3] // 2)
    # Then a real tap: if the gap tap had opened a page, this one would land somewhere else.
    desk.open_topic(pages[1])
