"""The design floors, measured on the built screens at real screens' physical densities."""

import itertools

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel

from kiosk.content import plain_text
from kiosk.screens.text_view import TextView
from kiosk.screens.widgets import TouchButton
from kiosk.theme import (
    DEFAULT_PALETTE,
    HIGH_CONTRAST_PALETTE,
    Metrics,
    contrast_ratio,
)

from .conftest import SCREENS

TARGET_MM, GAP_MM, CAP_MM, LARGE_CAP_MM = 20.0, 3.0, 4.8, 7.3


def visible_buttons(window):
    page = window.current_widget()
    return [b for b in page.findChildren(TouchButton) if b.isVisible()]


def rect_in_window(window, widget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def gap_px(a: QRect, b: QRect) -> float:
    dx = max(b.left() - a.right() - 1, a.left() - b.right() - 1, 0)
    dy = max(b.top() - a.bottom() - 1, a.top() - b.bottom() - 1, 0)
    return max(dx, dy)


def assert_targets_meet_the_floor(window):
    mm = window.look.metrics.mm
    rects = [(b.text(), rect_in_window(window, b)) for b in visible_buttons(window)]
    assert rects
    for name, rect in rects:
        assert min(mm(rect.width()), mm(rect.height())) >= TARGET_MM, (name, rect)
        assert window.rect().contains(rect), f"{name} is cut off: {rect}"
    for (first, a), (second, b) in itertools.combinations(rects, 2):
        assert mm(gap_px(a, b)) >= GAP_MM, (first, second)


def assert_every_home_page_meets_the_floor(window):
    """Each page of topic buttons meets the floor, and between them they show every topic
    once (tests/test_home_layout.py walks them with taps, in both text sizes)."""
    home, seen = window.home, []
    for page in range(home.pages):
        home.show_page(page)
        assert_targets_meet_the_floor(window)
        seen += [button for button in home.buttons if button.isVisible()]
    assert seen == home.buttons


@pytest.mark.parametrize("screen", SCREENS)
def test_home_shows_eight_topic_buttons_of_20mm_with_3mm_gaps(make_window, eight_topics, screen):
    window = make_window(eight_topics, screen)
    assert_every_home_page_meets_the_floor(window)


@pytest.mark.parametrize("screen", SCREENS)
def test_every_topic_page_button_is_20mm_with_3mm_gaps(make_window, contents, screen):
    content = contents
    window = make_window(content, screen)
    for index in range(len(content.topics)):
        window.show_topic(index)
        assert_targets_meet_the_floor(window)


def test_home_stays_usable_on_a_tablet_turned_to_portrait(make_window, eight_topics, qtbot):
    window = make_window(eight_topics, "10in-1280x800")
    window.resize(800, 1280)
    qtbot.waitUntil(lambda: window.home.width() == 800)
    assert window.home.per_page >= 2
    assert_every_home_page_meets_the_floor(window)


def test_every_topic_reads_in_one_part_on_a_21_inch_screen(make_window, content):
    window = make_window(content, "21.5in-1920x1080")
    for index, topic in enumerate(content.topics):
        window.show_topic(index)
        page = window.current_widget()
        assert page.parts == 1, topic.path.name
        assert page.text.visible_text().split() == plain_text(page.body).split(), topic.slug


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("larger", [False, True])
def test_all_text_has_capitals_at_least_4_8mm_tall(make_window, contents, screen, larger):
    content = contents
    window = make_window(content, screen)
    window.visit.set_larger_text(larger)
    floor = LARGE_CAP_MM if larger else CAP_MM
    fonts = [w.font() for w in window.findChildren(QLabel)]
    for index in range(len(window.topics)):  # a page's text is restyled as it is shown
        window.show_topic(index)
        fonts += [w.font() for w in window.current_widget().findChildren(TextView)]
    fonts += [b._title_font for b in window.findChildren(TouchButton)]
    fonts += [b._subtitle_font for b in window.findChildren(TouchButton)]
    assert len(fonts) > 20
    for font in fonts:
        cap = window.look.metrics.mm(QFontMetrics(font).capHeight())
        assert cap >= floor, f"{font.family()} {font.pixelSize()}px has {cap:.2f} mm capitals"


def test_the_bundled_typeface_is_the_one_in_use(window, font_family):
    assert font_family == "Atkinson Hyperlegible"
    assert window.home.buttons[0]._title_font.family() == font_family


@pytest.mark.parametrize("palette", [DEFAULT_PALETTE, HIGH_CONTRAST_PALETTE],
                         ids=["default", "high-contrast"])
def test_theme_colours_meet_their_contrast_ratios(palette):
    for text, ground in [(palette.text, palette.background), (palette.button_text, palette.button),
                         (palette.pressed_text, palette.pressed), (palette.text, palette.overlay)]:
        assert contrast_ratio(text, ground) >= 7.0, (text, ground)
    for line, ground in [(palette.border, palette.background), (palette.border, palette.button),
                         (palette.highlight_outline, palette.background)]:
        assert contrast_ratio(line, ground) >= 3.0, (line, ground)


def test_contrast_ratio_follows_the_wcag_formula():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#0072B2", "#FFFFFF") == pytest.approx(5.2, abs=0.05)


@pytest.mark.parametrize(("size", "diagonal", "px_per_mm"),
                         [((1920, 1080), 21.5, 4.03), ((1280, 800), 10.0, 5.94)])
def test_millimetres_come_from_the_screens_physical_density(size, diagonal, px_per_mm):
    metrics = Metrics.for_display(*size, diagonal)
    assert metrics.px_per_mm == pytest.approx(px_per_mm, abs=0.01)
    assert metrics.px(20) >= 20 * px_per_mm - 0.01


def test_larger_text_restyles_the_built_screens_in_place(window):
    button = window.home.buttons[0]
    before = button._title_font.pixelSize()
    window.visit.set_larger_text(True)
    assert window.home.buttons[0] is button
    assert button._title_font.pixelSize() > before
