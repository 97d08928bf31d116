"""Naming a metatarsal head next to the finger, the legend of the marking, and the larger view
a picture too small to tap opens (issue 9), on every supported screen."""

import math

import pytest
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QFontMetrics

from kiosk.illustration import HEAD_IDS, FootIllustration, PictureView
from kiosk.visit import EndReason

from .conftest import SCREENS

LEFT = Qt.MouseButton.LeftButton
NEXT_TO_FINGER_MM = 30.0  # the name's nearest edge, from the tap
TITLE_CAP_MM = 6.9  # the name is in large text: title-size capitals (7 mm, less rounding)


def in_window(window, widget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def distance_to(rect: QRectF, point) -> float:
    dx = max(rect.left() - point.x(), 0, point.x() - rect.right())
    dy = max(rect.top() - point.y(), 0, point.y() - rect.bottom())
    return math.hypot(dx, dy)


def tappable_picture(qtbot, window) -> FootIllustration:
    """Home's picture where its heads are a finger apart; else the larger view, opened from
    the first topic page's picture the way a patient does: by tapping it."""
    if window.home.picture.isVisible() and window.home.picture.tappable:
        return window.home.picture
    window.show_topic(0)
    small = window.current_widget().picture
    assert small.isVisible() and small.opens_bigger
    lens = small.lens_rect()
    assert not lens.isEmpty() and QRectF(small.rect()).contains(lens)
    qtbot.mouseClick(small, LEFT, pos=lens.center().toPoint())
    view = PictureView.of(small)
    assert view is not None and view.isVisible()
    assert in_window(window, view) == window.rect()  # over the whole window
    return view.picture


@pytest.mark.parametrize("screen", SCREENS)
def test_a_tapped_head_names_itself_next_to_the_finger(qtbot, make_window, content, screen):
    window = make_window(content, screen)
    picture = tappable_picture(qtbot, window)
    assert picture.tappable
    mm = window.look.metrics.mm
    for number in range(1, 6):
        finger = picture.head_centres()[number - 1].toPoint()
        qtbot.mouseClick(picture, LEFT, pos=finger)
        name = picture.callout
        assert picture.tapped_head == number
        assert name.isVisible() and name.text() == content.words.heads[number - 1]
        shown = QRectF(name.geometry())
        assert QRectF(picture.rect()).contains(shown), "the name is cut off"
        assert window.rect().contains(in_window(window, name))
        assert not shown.contains(finger), "the name hides the head under the finger"
        assert mm(distance_to(shown, finger)) <= NEXT_TO_FINGER_MM
        assert mm(QFontMetrics(name.font()).capHeight()) >= TITLE_CAP_MM
        # Its words fit its box: wrapped lines, none cut.
        assert name.heightForWidth(name.width()) <= name.height()


def test_tappable_heads_carry_numbers_to_aim_at(window):
    renderer = window.home.picture._renderer
    bare = FootIllustration(window.look, renderer, window)  # no words: nothing to name
    numbered = FootIllustration(window.look, renderer, window)
    numbered.set_words(window.content.words)
    for picture in (bare, numbered):
        picture.resize(window.home.picture.size())
        picture.show()
    assert numbered.tappable and bare.tappable
    plain, marked = bare.grab().toImage(), numbered.grab().toImage()
    heads = [numbered.part_rect(head) for head in HEAD_IDS]
    for number, (head, centre) in enumerate(zip(heads, numbered.number_centres(), strict=True),
                                            start=1):
        box = QRect(centre.toPoint() - QPoint(4, 4), centre.toPoint() + QPoint(4, 4))
        assert plain.copy(box) != marked.copy(box), number
        # Beside its own head, not over it (its marking stays in view), and a tap on it
        # names that head.
        assert not head.contains(centre)
        assert numbered.head_at(centre) == number


def test_a_head_name_goes_with_the_next_tap_and_with_leaving(qtbot, window):
    picture = window.home.picture
    qtbot.mouseClick(picture, LEFT, pos=picture.head_centres()[0].toPoint())
    assert picture.callout.isVisible()
    qtbot.mouseClick(picture, LEFT, pos=picture.head_centres()[4].toPoint())
    assert picture.callout.text() == window.content.words.heads[4]
    window.show_topic(0)
    window.show_home()
    assert not picture.callout.isVisible() and picture.tapped_head is None


# --- the larger view -----------------------------------------------------------------------


def small_picture(window) -> FootIllustration:
    window.show_topic(2)
    picture = window.current_widget().picture
    assert picture.opens_bigger
    return picture


def test_a_picture_big_enough_to_tap_opens_nothing(qtbot, window):
    picture = window.home.picture
    assert picture.tappable and not picture.opens_bigger
    qtbot.mouseClick(picture, LEFT, pos=QPoint(picture.width() - 2, 2))
    view = PictureView.of(picture)
    assert view is None or not view.isVisible()


def test_the_larger_view_opens_on_release_and_shows_the_press(qtbot, make_window, content):
    window = make_window(content, "15.6in-1366x768")
    picture = small_picture(window)
    lens = picture.lens_rect().center().toPoint()
    before = picture.grab().toImage()
    qtbot.mousePress(picture, LEFT, pos=lens)
    assert picture.grab().toImage() != before  # the lens shows it is pressed
    view = PictureView.of(picture)
    assert view is None or not view.isVisible()
    qtbot.mouseRelease(picture, LEFT, pos=lens)
    view = PictureView.of(picture)
    assert view is not None and view.isVisible()


def test_a_press_that_slides_off_the_picture_opens_nothing(qtbot, make_window, content):
    window = make_window(content, "15.6in-1366x768")
    picture = small_picture(window)
    qtbot.mousePress(picture, LEFT, pos=picture.lens_rect().center().toPoint())
    qtbot.mouseRelease(picture, LEFT, pos=QPoint(-5, -5))
    view = PictureView.of(picture)
    assert view is None or not view.isVisible()


@pytest.mark.parametrize("larger", [False, True], ids=["default-text", "larger-text"])
@pytest.mark.parametrize("screen", SCREENS)
def test_the_larger_view_has_a_20mm_back_button_and_tappable_heads(qtbot, make_window, content,
                                                                    screen, larger):
    window = make_window(content, screen)
    window.visit.set_larger_text(larger)
    window.show_topic(2)
    picture = window.current_widget().picture
    if not picture.isVisible():
        pytest.skip("no picture on this page here: its words stand in for it")
    if not picture.opens_bigger:
        assert picture.tappable  # too small to tap, yet no way to see it bigger: never
        return
    qtbot.mouseClick(picture, LEFT, pos=picture.rect().center())
    view = PictureView.of(picture)
    assert view is not None and view.isVisible()
    mm = window.look.metrics.mm
    back = in_window(window, view.back)
    assert min(mm(back.width()), mm(back.height())) >= 20 and window.rect().contains(back)
    assert view.picture.tappable and view.picture.head_spacing_mm() >= 20
    assert not in_window(window, view.hint).intersects(in_window(window, view.picture))
    for head in view.picture.head_centres():
        assert QRectF(view.picture.rect()).contains(head)
    qtbot.mouseClick(view.back, LEFT)
    assert not view.isVisible()
    assert window.current_widget().picture is picture  # back where the patient was


def test_leaving_the_page_or_a_new_visit_closes_the_larger_view(qtbot, make_window, content):
    window = make_window(content, "15.6in-1366x768")
    picture = small_picture(window)
    view = picture.open_bigger()
    assert view is not None and view.isVisible()
    window.show_home()
    assert not view.isVisible()
    picture = small_picture(window)
    picture.open_bigger()
    window.visit.end(EndReason.ATTRACT)  # the next patient finds the page, not the view
    assert not view.isVisible()


def test_the_larger_view_follows_a_change_of_language(qtbot, make_window, content):
    window = make_window(content, "15.6in-1366x768")
    picture = small_picture(window)
    view = picture.open_bigger()
    assert view is not None
    qtbot.mouseClick(view.picture, LEFT, pos=view.picture.head_centres()[1].toPoint())
    window.visit.set_language("es")
    spanish = content.language("es").words
    assert view.isVisible()
    assert view.back.text() == spanish.previous
    assert view.picture.callout.text() == spanish.heads[1]


# --- the legend ----------------------------------------------------------------------------


def drawing_rects(picture: FootIllustration) -> list[QRectF]:
    """Where the foot is drawn: its two views (the larger view paints its forefoot only)."""
    if picture.shown_rect() != picture.picture_rect():
        return [picture.shown_rect()]
    return [picture.part_rect("deco-top-view"), picture.part_rect("deco-side-view")]


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_marked_picture_says_what_its_marking_means(window, content, language):
    window.visit.set_language(language)
    words = content.language(language).words
    for index, topic in enumerate(content.language(language).topics):
        window.show_topic(index)
        picture = window.current_widget().picture
        legend = picture.legend_rect()
        if not topic.highlight:
            assert legend.isEmpty(), topic.slug  # nothing marked, nothing to explain
            continue
        assert picture.legend.isVisible() and picture.legend.text() == words.picture_legend
        assert QRectF(picture.rect()).contains(legend), topic.slug
        assert picture.legend.heightForWidth(picture.legend.width()) <= picture.legend.height()


def assert_beside_the_foot(picture: FootIllustration) -> None:
    """The legend and the lens show whole, in the picture, over none of the foot."""
    for shown in (picture.legend_rect(), picture.lens_rect()):
        if shown.isEmpty():
            continue
        assert QRectF(picture.rect()).contains(shown)
        if picture.lens_words.isVisible() or shown == picture.legend_rect():
            for drawing in drawing_rects(picture):
                assert not shown.intersects(drawing)


@pytest.mark.parametrize("larger", [False, True], ids=["default-text", "larger-text"])
@pytest.mark.parametrize("screen", SCREENS)
def test_the_legend_and_lens_never_cover_the_drawing_or_get_cut(make_window, content, screen,
                                                                larger):
    window = make_window(content, screen)
    window.visit.set_larger_text(larger)
    if window.home.picture.isVisible():
        assert_beside_the_foot(window.home.picture)
    for index in range(len(content.topics)):
        window.show_topic(index)
        picture = window.current_widget().picture
        if picture.isVisible():
            assert_beside_the_foot(picture)


@pytest.mark.parametrize("larger", [False, True], ids=["default-text", "larger-text"])
@pytest.mark.parametrize("screen", SCREENS)
def test_a_marked_picture_explains_its_marking_here_or_in_its_larger_view(
        qtbot, make_window, content, screen, larger):
    window = make_window(content, screen)
    window.visit.set_larger_text(larger)
    for index, topic in enumerate(content.topics):
        window.show_topic(index)
        picture = window.current_widget().picture
        if not topic.highlight or not picture.isVisible() or picture.legend.isVisible():
            continue
        qtbot.mouseClick(picture, LEFT, pos=picture.lens_rect().center().toPoint())
        view = PictureView.of(picture)
        assert view is not None and view.isVisible(), topic.slug
        assert view.picture.highlight == topic.highlight
        assert view.picture.legend.isVisible(), (screen, topic.slug)
        assert_beside_the_foot(view.picture)
        qtbot.mouseClick(view.back, LEFT)


def test_a_tap_beside_the_drawing_opens_nothing(qtbot, make_window, content):
    window = make_window(content, "15.6in-1366x768")
    picture = FootIllustration(window.look, window.renderer, window)
    picture.set_words(content.words)
    picture.setGeometry(0, 0, window.width(), window.look.px(60))  # wide: room beside it
    picture.show()
    picture.raise_()
    assert picture.opens_bigger
    drawing = picture.picture_rect()
    beside = QPoint(int(drawing.left()) // 2, picture.height() // 2)
    assert beside.x() > 0 and not drawing.contains(beside)
    qtbot.mouseClick(picture, LEFT, pos=beside)
    view = PictureView.of(picture)
    assert view is None or not view.isVisible()
    qtbot.mouseClick(picture, LEFT, pos=picture.lens_rect().center().toPoint())
    view = PictureView.of(picture)
    assert view is not None and view.isVisible()
    assert drawing.contains(picture.lens_rect())  # the lens is on the drawing's corner
