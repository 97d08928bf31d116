"""The foot illustration: safe SVG, every part the content names, tappable metatarsal heads."""

import itertools
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtSvg import QSvgRenderer

from kiosk import paths
from kiosk.content import highlight_names
from kiosk.illustration import HEAD_IDS, HEAD_ZONE_MM, FootIllustration
from kiosk.screens.topic import PICTURE_MIN_MM

from .conftest import SCREENS

REQUIRED_PARTS = {
    "foot-top", "skin-top", "midfoot", "metatarsals", "metatarsal-heads", "toes", "foot-side",
    "skin-side", "side-bones", "side-metatarsal-head", "fat-pad",
    *(f"metatarsal-{n}" for n in range(1, 6)), *HEAD_IDS,
}
SVG_NS = "{http://www.w3.org/2000/svg}"


def test_the_svg_has_every_part_a_topic_can_highlight():
    renderer = QSvgRenderer(str(paths.ILLUSTRATION))
    assert renderer.isValid()
    for part in REQUIRED_PARTS:
        assert renderer.elementExists(part), part
    assert highlight_names() >= REQUIRED_PARTS


def test_every_part_named_in_the_content_exists_in_the_svg(content):
    renderer = QSvgRenderer(str(paths.ILLUSTRATION))
    named = {part for topic in content.topics for part in topic.highlight}
    assert named, "no topic highlights anything"
    for part in named:
        assert renderer.elementExists(part), part


def test_the_svg_holds_nothing_active_or_external():
    tree = ET.parse(paths.ILLUSTRATION)
    tags = {element.tag.removeprefix(SVG_NS) for element in tree.iter()}
    assert not tags & {"script", "text", "image", "style", "animate", "set", "foreignObject",
                       "animateTransform", "animateMotion", "use"}
    for element in tree.iter():
        assert "transform" not in element.attrib, element.attrib.get("id")
        assert not any(key.endswith("href") for key in element.attrib), element.attrib


def test_the_heads_run_from_the_big_toe_side_without_overlapping(window):
    picture = window.home.picture
    rects = [picture.part_rect(head) for head in HEAD_IDS]
    for first, second in itertools.pairwise(rects):
        assert not first.intersects(second)
    big_toe = picture.part_rect("toes")
    assert big_toe.isValid()


@pytest.mark.parametrize("number", range(1, 6))
def test_tapping_a_head_on_home_names_it(qtbot, window, content, number):
    picture = window.home.picture
    assert picture.tappable
    assert window.home.hint.isVisible()
    centre = picture.head_centres()[number - 1].toPoint()
    qtbot.mouseClick(picture, Qt.MouseButton.LeftButton, pos=centre)
    assert window.home.hint.text() == content.words.heads[number - 1]
    assert picture.tapped_head == number


def test_a_tapped_head_is_marked_on_the_picture_as_well_as_named(qtbot, window):
    picture = window.home.picture
    head = picture.part_rect("metatarsal-head-3").toRect()
    before = picture.grab().toImage().copy(head)
    qtbot.mouseClick(picture, Qt.MouseButton.LeftButton, pos=head.center())
    assert picture.tapped_head == 3
    assert picture.grab().toImage().copy(head) != before


def test_leaving_home_clears_the_named_head(qtbot, window, content):
    picture = window.home.picture
    qtbot.mouseClick(picture, Qt.MouseButton.LeftButton, pos=picture.head_centres()[0].toPoint())
    window.show_topic(0)
    window.show_home()
    assert window.home.hint.text() == content.words.tap_hint
    assert picture.tapped_head is None


def test_tapping_far_from_the_heads_names_nothing(qtbot, window, content):
    picture = window.home.picture
    qtbot.mouseClick(picture, Qt.MouseButton.LeftButton, pos=QPoint(1, 1))
    assert window.home.hint.text() == content.words.tap_hint
    assert picture.tapped_head is None


@pytest.mark.parametrize("screen", SCREENS)
def test_every_tappable_picture_gives_each_head_a_20mm_zone(make_window, content, screen):
    window = make_window(content, screen)
    pictures = [window.home.picture, window.home.thumbnail, *(t.picture for t in window.topics)]
    for index, picture in enumerate(pictures):
        window.show_topic(index - 2) if index >= 2 else window.show_home()
        spacing = picture.head_spacing_mm()
        assert picture.tappable == (picture.isVisible() and spacing >= HEAD_ZONE_MM)
        if not picture.tappable:
            centre = picture.head_centres()[0]
            assert picture.head_at(centre) is None


def test_the_large_screen_offers_head_tapping_on_home(make_window, content):
    window = make_window(content, "21.5in-1920x1080")
    assert window.home.picture.tappable
    assert window.home.picture.head_spacing_mm() >= HEAD_ZONE_MM


def test_a_picture_too_small_to_tap_ignores_taps_and_hides_the_hint(qtbot, make_window, content):
    window = make_window(content, "15.6in-1366x768")
    picture = window.home.thumbnail if window.home.thumbnail.isVisible() else window.home.picture
    assert not picture.tappable
    assert not window.home.hint.isVisible()
    qtbot.mouseClick(picture, Qt.MouseButton.LeftButton, pos=picture.head_centres()[1].toPoint())
    assert picture.tapped_head is None


def test_a_highlighted_part_is_drawn_differently(window):
    renderer = window.home.picture._renderer
    plain = FootIllustration(window.look, renderer, window)
    marked = FootIllustration(window.look, renderer, window, highlight=("fat-pad",))
    for picture in (plain, marked):
        picture.resize(600, 540)
    rect = marked.part_rect("fat-pad").toRect()
    assert plain.grab().toImage().copy(rect) != marked.grab().toImage().copy(rect)


def test_a_missing_illustration_leaves_the_screens_whole(make_window, content, tmp_path):
    broken = tmp_path / "foot.svg"
    broken.write_text("<svg", encoding="utf-8")
    window = make_window(content, svg=broken)
    window.show_topic(0)
    assert window.current_widget().caption.text() == content.topics[0].picture
    window.current_widget().grab()  # paints without raising


@pytest.mark.parametrize("screen", SCREENS)
def test_every_topic_page_shows_its_picture_large_enough_to_make_out(make_window, content,
                                                                     screen):
    window = make_window(content, screen)
    for index, page in enumerate(window.topics):
        window.show_topic(index)
        assert page.picture.height() >= window.look.px(PICTURE_MIN_MM), page.topic.slug
        # The caption gives way only where the picture would not fit beside it: on the large
        # screen, never.
        if screen == "21.5in-1920x1080":
            assert page.caption.isVisible(), page.topic.slug
