"""The foot illustration: safe SVG, every part the content names, tappable metatarsal heads."""

import itertools
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from kiosk import paths
from kiosk.content import highlight_names
from kiosk.illustration import HEAD_IDS, HEAD_ZONE_MM, FootIllustration
from kiosk.screens.topic import PICTURE_MIN_MM
from kiosk.theme import DEFAULT_PALETTE, HIGH_CONTRAST_PALETTE, contrast_ratio

from .conftest import SCREENS

REQUIRED_PARTS = {
    "hindfoot", "midfoot", "metatarsals", "metatarsal-heads", "toes", "side-bones",
    "side-metatarsal-head", "fat-pad", *(f"metatarsal-{n}" for n in range(1, 6)), *HEAD_IDS,
}
# Marking one of these flooded the whole drawing until the bones disappeared.
WHOLE_FOOT_PARTS = {"foot-top", "skin-top", "foot-side", "skin-side"}
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


# --- the drawing itself -------------------------------------------------------------------


def _alone(renderer: QSvgRenderer, part: str) -> QImage:
    """The part drawn alone, where it sits in the drawing (one pixel a drawing unit)."""
    box = renderer.viewBoxF()
    image = QImage(int(box.width()), int(box.height()), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter, part, renderer.boundsOnElement(part).translated(-box.topLeft()))
    painter.end()
    return image


def _covered(image: QImage) -> set[int]:
    """The pixels (as indices) where the image is more than faintly painted."""
    alpha = bytes(image.constBits())[3::4]  # ARGB32 is stored B, G, R, A
    return {index for index, value in enumerate(alpha) if value > 96}


def _rows(pixels: set[int], width: int) -> list[int]:
    return sorted({index // width for index in pixels})


@pytest.mark.parametrize("number", range(1, 6))
def test_each_metatarsal_is_one_bone_holding_its_head(qapp, number):
    renderer = QSvgRenderer(str(paths.ILLUSTRATION))
    bone = _covered(_alone(renderer, f"metatarsal-{number}"))
    head = _covered(_alone(renderer, f"metatarsal-head-{number}"))
    assert len(head) > 500, "the head is too small to see"
    assert not head - bone, "the head sticks out of its bone"
    # The head is the bone's end, towards the toes, not its middle.
    width = int(renderer.viewBoxF().width())
    rows, head_rows = _rows(bone, width), _rows(head, width)
    assert sum(head_rows) / len(head_rows) < rows[0] + (rows[-1] - rows[0]) / 4


def test_the_side_views_head_lies_in_its_bone_above_the_fat_pad(qapp):
    renderer = QSvgRenderer(str(paths.ILLUSTRATION))
    bone = _covered(_alone(renderer, "deco-side-metatarsal"))
    head = _covered(_alone(renderer, "side-metatarsal-head"))
    assert head and not head - bone
    pad = renderer.boundsOnElement("fat-pad")
    head_box = renderer.boundsOnElement("side-metatarsal-head")
    assert pad.left() < head_box.center().x() < pad.right()
    assert pad.center().y() > head_box.bottom() - 2  # the cushion sits under the head


def test_the_midfoot_and_the_hindfoot_do_not_overlap(qapp):
    renderer = QSvgRenderer(str(paths.ILLUSTRATION))
    midfoot = _covered(_alone(renderer, "midfoot"))
    hindfoot = _covered(_alone(renderer, "hindfoot"))
    assert midfoot and hindfoot
    assert not midfoot & hindfoot
    # The heel bone is behind the midfoot: further from the toes.
    assert (renderer.boundsOnElement("hindfoot").center().y()
            > renderer.boundsOnElement("midfoot").center().y())


def test_no_part_marks_the_whole_foot(qapp):
    renderer = QSvgRenderer(str(paths.ILLUSTRATION))
    box = renderer.viewBoxF()
    assert not highlight_names() & WHOLE_FOOT_PARTS
    for part in highlight_names():
        bounds = renderer.boundsOnElement(part)
        assert bounds.width() * bounds.height() < 0.3 * box.width() * box.height(), part


def _colours() -> dict[str, tuple[str, str]]:
    tree = ET.parse(paths.ILLUSTRATION)
    return {element.get("id", ""): (element.get("fill", ""), element.get("stroke", ""))
            for element in tree.iter() if element.get("fill")}


def _multiply(first: str, second: str) -> str:
    a, b = QColor(first), QColor(second)
    return QColor(a.red() * b.red() // 255, a.green() * b.green() // 255,
                  a.blue() * b.blue() // 255).name()


@pytest.mark.parametrize("palette", [DEFAULT_PALETTE, HIGH_CONTRAST_PALETTE],
                         ids=["normal", "high-contrast"])
def test_every_outline_stands_out_3_to_1_plain_and_marked(palette):
    colours = _colours()
    skin, skin_line = colours["deco-skin-top"]
    # The foot's edge against the page: its fill or its line.
    assert max(contrast_ratio(skin, palette.background),
               contrast_ratio(skin_line, palette.background)) >= 3
    for part, (fill, stroke) in colours.items():
        if stroke == "none":
            continue  # a head: the end of its bone, inside the bone's line
        assert contrast_ratio(stroke, fill) >= 3, part
        if not part.startswith("deco-skin"):
            assert contrast_ratio(stroke, skin) >= 3, part  # against the skin it lies on
            # A marked part is tinted: its lines stay dark against its tinted fill.
            tinted_fill, tinted_line = (_multiply(c, palette.highlight) for c in (fill, stroke))
            assert contrast_ratio(tinted_line, tinted_fill) >= 3, part
    # The marking's ring, on its band of page colour, against the page and the skin.
    assert contrast_ratio(palette.highlight_outline, palette.background) >= 3
    assert max(contrast_ratio(palette.background, skin),
               contrast_ratio(palette.highlight_outline, skin)) >= 3


def test_the_fat_pad_is_a_calm_neutral_until_marked():
    fill, _ = _colours()["fat-pad"]
    assert QColor(fill).hsvSaturationF() < 0.15
    marked = _multiply(fill, DEFAULT_PALETTE.highlight)
    assert QColor(marked).hsvSaturationF() > 0.5


def test_a_marked_part_keeps_its_bone_outlines(window):
    renderer = window.home.picture._renderer
    marked = FootIllustration(window.look, renderer, window, highlight=("metatarsals",))
    marked.resize(600, 540)
    image = marked.grab().toImage()
    rect = marked.part_rect("metatarsal-3").toRect()
    darkest = min(QColor(image.pixel(x, rect.center().y())).lightness()
                  for x in range(rect.left(), rect.right()))
    assert darkest < 90  # the bone's dark line still shows through the tint
