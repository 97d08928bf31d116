"""Larger text and High contrast: the patient's own switches, on every screen, for one visit."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFontMetrics

from kiosk.screen_id import HOME, TopicPage
from kiosk.theme import DEFAULT_PALETTE, HIGH_CONTRAST_PALETTE
from kiosk.visit import EndReason

LEFT = Qt.MouseButton.LeftButton
LARGE_CAP_MM = 7.3


def controls_on_show(window):
    return window.current_widget().controls


def test_home_and_every_topic_page_offer_both_switches(qtbot, window, content):
    pages = [window.home, *window.topics]
    for index, page in enumerate(pages):
        if index:
            window.show_topic(index - 1)
        switches = (page.controls.larger_text, page.controls.high_contrast)
        for button in switches:
            assert button.isVisible(), (page, button.text())
        assert [b.text() for b in switches] == [content.words.larger_text,
                                                content.words.high_contrast]


def test_tapping_larger_text_makes_capitals_at_least_7_3_mm_on_every_screen(qtbot, window):
    qtbot.mouseClick(window.home.controls.larger_text, LEFT)
    assert window.visit.larger_text
    for index in range(len(window.topics)):
        window.show_topic(index)
        page = window.current_widget()
        cap = window.look.metrics.mm(QFontMetrics(page.title.font()).capHeight())
        body = window.look.metrics.mm(QFontMetrics(page.text.font()).capHeight())
        assert min(cap, body) >= LARGE_CAP_MM


def test_a_switch_shows_its_state_without_colour(qtbot, window):
    button = window.home.controls.larger_text
    off = _ink(button.grab().toImage())
    qtbot.mouseClick(button, LEFT)
    window.visit.set_larger_text(False)  # back to the same size, and the button drawn off...
    button.set_on(True)  # ...then drawn on: only its state differs
    on = _ink(button.grab().toImage())
    # Seen in black and white (a dark/light mask), on and off still differ: a check mark and
    # a thicker border, not a change of colour.
    assert sum(a != b for a, b in zip(off, on, strict=True)) > 50


def _ink(image):
    """Which pixels are dark: the button's shapes, whatever their colours."""
    grey = image.convertToFormat(image.Format.Format_Grayscale8)
    return [grey.pixelColor(x, y).lightness() < 128 for y in range(grey.height())
            for x in range(grey.width())]


def test_a_tap_on_either_switch_turns_it_on_then_off(qtbot, window):
    for button, state in ((window.home.controls.larger_text, lambda: window.visit.larger_text),
                          (window.home.controls.high_contrast,
                           lambda: window.visit.high_contrast)):
        qtbot.mouseClick(button, LEFT)
        assert state() and button.on
        qtbot.mouseClick(button, LEFT)
        assert not state() and not button.on


def test_a_switch_on_one_page_shows_as_on_on_every_page(qtbot, window):
    window.show_topic(2)
    qtbot.mouseClick(controls_on_show(window).larger_text, LEFT)
    for page in (window.home, *window.topics):
        assert page.controls.larger_text.on
        assert not page.controls.high_contrast.on


def test_high_contrast_repaints_every_page_in_the_high_contrast_palette(qtbot, window):
    qtbot.mouseClick(window.home.controls.high_contrast, LEFT)
    default_ground = QColor(DEFAULT_PALETTE.background).rgb()
    ground = QColor(HIGH_CONTRAST_PALETTE.background).rgb()
    for index in range(-1, len(window.topics)):
        if index >= 0:
            window.show_topic(index)
        image = window.grab().toImage()
        corner = image.pixel(QPoint(2, 2))
        assert corner == ground, index
        pixels = [image.pixel(x, y) for x in range(0, image.width(), 37)
                  for y in range(0, image.height(), 37)]
        assert default_ground not in pixels, f"page {index} kept some of the default palette"


@pytest.mark.parametrize("larger", [False, True], ids=["default-text", "larger-text"])
@pytest.mark.parametrize("contrast", [False, True], ids=["default-palette", "high-contrast"])
def test_the_patients_path_works_in_each_text_size_and_palette(qtbot, window, content, larger,
                                                                contrast):
    if larger:
        qtbot.mouseClick(window.home.controls.larger_text, LEFT)
    if contrast:
        qtbot.mouseClick(window.home.controls.high_contrast, LEFT)
    qtbot.mouseClick(window.home.buttons[0], LEFT)
    seen = []
    while True:
        shown = window.current_screen()
        if shown not in seen:
            seen.append(shown)
        page = window.current_widget()
        if not page.next_button.isVisible():
            break
        qtbot.mouseClick(page.next_button, LEFT)
    assert seen == [TopicPage(t.slug) for t in content.topics]
    qtbot.mouseClick(window.current_widget().home_button, LEFT)
    assert window.current_screen() == HOME
    assert (window.visit.larger_text, window.visit.high_contrast) == (larger, contrast)


def test_both_switches_last_the_visit_and_are_off_for_the_next_patient(qtbot, kiosk):
    window = kiosk.window
    qtbot.mouseClick(window.home.controls.larger_text, LEFT)
    qtbot.mouseClick(window.home.controls.high_contrast, LEFT)
    qtbot.mouseClick(window.home.buttons[1], LEFT)
    assert window.current_widget().controls.larger_text.on  # still on, on the next page
    qtbot.waitUntil(lambda: window.current_screen() == HOME, timeout=5000)  # nobody answered
    assert not kiosk.visit.larger_text and not kiosk.visit.high_contrast
    assert not window.look.larger_text
    assert window.look.palette == DEFAULT_PALETTE
    assert not any(b.on for page in window.pages() for b in page.controls.buttons)


def test_the_visit_records_that_a_switch_was_used(qtbot, kiosk):
    records = []
    kiosk.visit.ended.connect(records.append)
    qtbot.mouseClick(kiosk.window.home.controls.high_contrast, LEFT)
    qtbot.mouseClick(kiosk.window.home.controls.high_contrast, LEFT)  # and off again
    kiosk.end_visit(EndReason.ATTRACT)
    assert records[0].used == frozenset({"high-contrast"})
