"""Home, the overlays and the staff screens on every supported screen, in both text sizes,
driven as a patient (or staff) would: taps on the widgets that are on show, and nothing else.

Every topic button is reached by tapping visible buttons alone, each exactly once; every
target is at least 20 mm with 3 mm gaps, inside the window; no text is clipped, squeezed, cut
inside a word, hidden under a button or set in lines of more than 80 characters.
"""

import itertools
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QTextLayout, QTextOption
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk.pin import Attempt
from kiosk.screen_id import HOME, TopicPage
from kiosk.screens.staff import COMMAND
from kiosk.screens.widgets import TouchButton
from kiosk.visit import EndReason

from .conftest import SCREENS
from .test_accessibility import CAP_MM, GAP_MM, LARGE_CAP_MM, TARGET_MM, gap_px, rect_in_window

LEFT = Qt.MouseButton.LeftButton
PORTRAIT = "21.5in-1080x1920-portrait"
MAX_LINE = 80  # WCAG 1.4.8
PICTURE_SHARE = 0.4  # in portrait the drawing is at least this share of the screen's width


@pytest.fixture(params=["seven", "eight", "take-home"])
def topics(request, content):
    """The bundled content, the same with an eighth topic (the most Home must show), and with
    a Take it home button (one more control to fit)."""
    if request.param == "take-home":
        return request.getfixturevalue("take_home_content")
    return content if request.param == "seven" else request.getfixturevalue("eight_topics")


def home_window(make_window, content, screen, larger):
    window = make_window(content, screen)
    window.visit.set_larger_text(larger)
    QApplication.processEvents()
    assert window.look.larger_text == larger
    return window


# --- what is on show ---------------------------------------------------------------------


def shown(widget: QWidget, kind) -> list:
    """Widgets of a kind under widget that a person can see now."""
    return [w for w in widget.findChildren(kind) if w.isVisible() and not w.size().isEmpty()]


def topic_buttons_on_show(window) -> list[TouchButton]:
    return [b for b in window.home.buttons if b.isVisible()]


def wrapped_lines(text: str, font, width: int) -> list[str]:
    """The lines Qt breaks text into at a width, as a word-wrapped label does."""
    text = text.replace("\n", "\u2028")
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return [line.strip("\u2028 ") for line in lines]


def assert_words_whole(text: str, font, width: int, name: str) -> None:
    """No word wider than the line: Qt would break it inside. (A zero-width space marks
    where a path may wrap, between its folders.)"""
    metrics = QFontMetrics(font)
    for word in re.split(r"[\s\u200b]+", text):
        assert metrics.horizontalAdvance(word) <= width, f"{name}: {word!r} is broken"


def assert_buttons_fit(window, buttons) -> None:
    """20 mm targets, 3 mm apart, inside the window, their words whole and all showing."""
    mm = window.look.metrics.mm
    rects = [(b.text(), rect_in_window(window, b)) for b in buttons]
    assert rects
    for button, (name, rect) in zip(buttons, rects, strict=True):
        assert min(mm(rect.width()), mm(rect.height())) >= TARGET_MM, (name, rect)
        assert window.rect().contains(rect), f"{name} is cut off: {rect}"
        assert button.width() >= button.narrowest(), f"{name}: a word of its title is broken"
        assert button.heightForWidth(button.width()) <= button.height(), f"{name} is clipped"
        if button.subtitle and not button.compact:
            text_width = button._text_rect(button.width()).width()
            assert_words_whole(button.subtitle, button._subtitle_font, text_width, name)
    for (first, a), (second, b) in itertools.combinations(rects, 2):
        assert mm(gap_px(a, b)) >= GAP_MM, (first, second)


def assert_labels_fit(window, labels, buttons, floor_mm) -> None:
    """Each label's text shows whole, inside the window, over no button, in lines of 80
    characters at most, with capitals at least floor_mm tall."""
    mm = window.look.metrics.mm
    button_rects = [(b.text(), rect_in_window(window, b)) for b in buttons]
    label_rects = []
    for label in labels:
        name = label.text()[:30]
        rect = rect_in_window(window, label)
        label_rects.append((name, rect))
        assert window.rect().contains(rect), f"{name!r} is cut off: {rect}"
        assert label.heightForWidth(label.width()) <= label.height(), f"{name!r} is clipped"
        assert_words_whole(label.text(), label.font(), label.contentsRect().width(), name)
        for line in wrapped_lines(label.text(), label.font(), label.contentsRect().width()):
            assert len(line) <= MAX_LINE, f"{name!r}: a line of {len(line)} characters"
        cap = mm(QFontMetrics(label.font()).capHeight())
        assert cap >= floor_mm, f"{name!r} has {cap:.2f} mm capitals"
        for other, button in button_rects:
            assert not rect.intersects(button), f"{name!r} lies under {other!r}"
    for (first, a), (second, b) in itertools.combinations(label_rects, 2):
        assert not a.intersects(b), f"{first!r} overlaps {second!r}"


def assert_capitals(window, buttons, floor_mm) -> None:
    mm = window.look.metrics.mm
    for button in buttons:
        fonts = [button._title_font] + ([button._subtitle_font] if button.subtitle else [])
        for font in fonts:
            cap = mm(QFontMetrics(font).capHeight())
            assert cap >= floor_mm, f"{button.text()}: {cap:.2f} mm capitals"


def assert_home_page_fits(window) -> None:
    home = window.home
    floor = LARGE_CAP_MM if window.look.larger_text else CAP_MM
    buttons = shown(home, TouchButton)
    labels = shown(home, QLabel)
    assert_buttons_fit(window, buttons)
    assert_labels_fit(window, labels, buttons, floor)
    assert_capitals(window, buttons, floor)
    for control in (*home.controls.buttons, *home.controls.given_way):
        if control in home.controls.given_way:
            # Only where nothing else fits with it, in GIVE_WAY's order (controls.py): on the
            # 10-inch screen in larger text, Take it home, then the voice's buttons; in default
            # text Take it home alone, once Read aloud is on (seven buttons). Each stays on
            # every topic page (tests/test_take_home.py, tests/test_read_aloud_layout.py).
            assert window.width() == 1280, f"{control.text()} gave way"
            assert window.look.larger_text or (control is home.controls.take_home
                                               and window.visit.read_aloud), control.text()
            continue
        assert control in buttons, f"{control.text()} is not on show"
    assert home.office in labels
    for picture in (home.picture, home.thumbnail):
        if picture.isVisible():
            drawing = picture.picture_rect().toAlignedRect().translated(
                picture.mapTo(window, picture.rect().topLeft()))
            assert window.rect().contains(drawing)
            for widget in (*buttons, *labels):
                if widget.parentWidget() is picture:
                    continue  # its own legend and lens, beside the foot (test_head_naming)
                assert not drawing.intersects(rect_in_window(window, widget)), widget


def walk_to(qtbot, home, button) -> None:
    """Tap More topics until the button is on show, as a patient looking for it would."""
    for _ in range(home.pages):
        if button.isVisible():
            return
        assert home.more_button.isVisible(), f"{button.text()} can't be reached"
        qtbot.mouseClick(home.more_button, LEFT)
    assert button.isVisible()


# --- Home --------------------------------------------------------------------------------


@pytest.mark.parametrize("larger", [False, True], ids=["default-text", "larger-text"])
@pytest.mark.parametrize("screen", SCREENS)
def test_every_topic_is_reached_by_tapping_visible_buttons(qtbot, make_window, topics, screen,
                                                           larger):
    window = home_window(make_window, topics, screen, larger)
    home = window.home
    seen = []
    for page in range(home.pages):
        assert home.page == page
        on_show = topic_buttons_on_show(window)
        assert on_show == home.visible_topic_buttons()
        assert home.back_button.isVisible() == (page > 0)
        if home.pages > 1:
            count = len(home.buttons)
            first = home.buttons.index(on_show[0]) + 1
            assert home.page_label.isVisible()
            assert home.page_label.text() == topics.words.topics_shown.format(
                first=first, last=first + len(on_show) - 1, count=count)
        assert_home_page_fits(window)
        seen += on_show
        if page < home.pages - 1:
            qtbot.mouseClick(home.more_button, LEFT)
    assert not home.more_button.isVisible()
    assert seen == home.buttons  # each exactly once, in order
    for page in reversed(range(home.pages - 1)):  # Back, all the way to the first page
        qtbot.mouseClick(home.back_button, LEFT)
        assert home.page == page
        assert topic_buttons_on_show(window) == home.visible_topic_buttons()
    assert not home.back_button.isVisible()
    for button, topic in zip(home.buttons, topics.topics, strict=True):
        if window.current_screen() != HOME:
            qtbot.mouseClick(window.current_widget().home_button, LEFT)
        assert window.current_screen() == HOME
        assert home.page == 0  # Home is rewound when it is left
        walk_to(qtbot, home, button)
        qtbot.mouseClick(button, LEFT)
        assert window.current_screen() == TopicPage(topic.slug)


@pytest.mark.parametrize("larger", [False, True], ids=["default-text", "larger-text"])
def test_in_portrait_the_picture_is_large_and_above_the_buttons(make_window, topics, larger):
    window = home_window(make_window, topics, PORTRAIT, larger)
    home = window.home
    picture = home.picture
    assert picture.isVisible()
    drawing = picture.picture_rect().translated(picture.mapTo(window, picture.rect().topLeft()))
    assert drawing.width() >= PICTURE_SHARE * window.width()
    # The switches sit above the picture; the language button may sit at the foot instead.
    switches = (home.controls.larger_text, home.controls.high_contrast)
    lowest_control = max(rect_in_window(window, b).bottom() for b in switches)
    for button in home.visible_topic_buttons():
        assert drawing.bottom() < rect_in_window(window, button).top()
    assert drawing.top() > lowest_control
    # The buttons keep a natural height: the room left goes to the picture, not to them.
    natural = max(b.heightForWidth(b.width()) for b in home.visible_topic_buttons())
    for button in home.visible_topic_buttons():
        assert button.height() <= 1.5 * natural
    assert home.hint.isVisible() == picture.tappable
    if not larger:
        assert picture.tappable  # at 268 mm wide the heads are a finger apart


def test_the_large_portrait_picture_names_a_tapped_head(qtbot, make_window, content):
    window = home_window(make_window, content, PORTRAIT, False)
    picture = window.home.picture
    assert picture.tappable
    qtbot.mouseClick(picture, LEFT, pos=picture.head_centres()[2].toPoint())
    assert window.home.hint.text() == content.words.heads[2]
    assert_home_page_fits(window)  # the longest head name fits where the hint was


@pytest.mark.parametrize("larger", [False, True], ids=["default-text", "larger-text"])
@pytest.mark.parametrize("screen", SCREENS)
def test_each_head_name_fits_where_the_hint_is(make_window, content, screen, larger):
    window = home_window(make_window, content, screen, larger)
    home = window.home
    if not home.hint.isVisible():
        assert not home.picture.isVisible() or not home.picture.tappable
        return
    for number in range(1, 6):
        home.picture.select_head(number)
        assert_labels_fit(window, [home.hint], shown(home, TouchButton),
                          LARGE_CAP_MM if larger else CAP_MM)


@pytest.mark.parametrize("screen", ["27in-3840x2160", "21.5in-1920x1080"])
def test_on_big_screens_nothing_is_stretched(make_window, content, screen):
    window = home_window(make_window, content, screen, False)
    mm = window.look.metrics.mm
    for button in shown(window.home, TouchButton):
        assert mm(button.height()) <= 50
        assert mm(button.width()) <= 160
    assert window.home.pages == 1
    assert window.home.picture.tappable


def test_a_small_screen_in_larger_text_still_shows_two_topics_a_page(make_window, topics):
    window = home_window(make_window, topics, "10in-1280x800", True)
    if window.home.controls.language is None:
        assert window.home.per_page >= 2
        assert window.home.pages <= 4
    else:  # with a language button too, one topic a page is all a 10-inch screen holds
        assert window.home.per_page >= 1
        assert window.home.pages <= len(topics.topics)


def test_tapping_larger_text_on_home_restyles_every_screen_and_tapping_again_undoes_it(
        qtbot, make_window, content):
    window = home_window(make_window, content, "15.6in-1366x768", False)
    control = window.home.controls.larger_text
    assert not control.on
    before = [window.home.buttons[0]._title_font.pixelSize(),
              *(page.title.font().pixelSize() for page in window.topics)]
    qtbot.mouseClick(control, LEFT)
    assert window.visit.larger_text
    assert control.on
    after = [window.home.buttons[0]._title_font.pixelSize(),
             *(page.title.font().pixelSize() for page in window.topics)]
    assert all(a > b for a, b in zip(after, before, strict=True))
    for page in window.topics:
        assert page.controls.larger_text.on
    assert_home_page_fits(window)
    assert control.isVisible()
    qtbot.mouseClick(control, LEFT)
    assert not window.visit.larger_text
    assert not control.on
    assert [window.home.buttons[0]._title_font.pixelSize(),
            *(page.title.font().pixelSize() for page in window.topics)] == before
    assert_home_page_fits(window)


def test_tapping_high_contrast_on_home_switches_it_on_and_off(qtbot, make_window, content):
    window = home_window(make_window, content, "10in-1280x800", False)
    control = window.home.controls.high_contrast
    qtbot.mouseClick(control, LEFT)
    assert window.visit.high_contrast
    assert control.on
    assert window.look.palette.background == "#000000"
    qtbot.mouseClick(control, LEFT)
    assert not window.visit.high_contrast
    assert not control.on


def test_a_new_text_size_keeps_the_patients_place_in_the_topics(qtbot, make_window, content):
    window = home_window(make_window, content, "10in-1280x800", False)
    home = window.home
    assert home.pages > 1
    qtbot.mouseClick(home.more_button, LEFT)
    first = home.visible_topic_buttons()[0]
    qtbot.mouseClick(home.controls.larger_text, LEFT)
    assert first in home.visible_topic_buttons()
    assert_home_page_fits(window)


def test_home_goes_back_to_its_first_page_when_left_or_when_a_visit_begins(qtbot, make_window,
                                                                          content):
    window = home_window(make_window, content, "10in-1280x800", True)
    home = window.home
    assert home.pages > 2
    qtbot.mouseClick(home.more_button, LEFT)
    qtbot.mouseClick(home.more_button, LEFT)
    assert home.page == 2
    window.visit.end(EndReason.STILL_READING_EXPIRED)
    assert home.page == 0
    assert not window.visit.larger_text
    assert topic_buttons_on_show(window) == home.visible_topic_buttons()
    assert home.visible_topic_buttons()[0] is home.buttons[0]


def test_a_double_tap_on_more_topics_turns_one_page(qtbot, make_window, content):
    window = home_window(make_window, content, "10in-1280x800", True)
    home = window.home
    assert home.pages > 2
    # Press, release, press, release, as the window system delivers a real double tap.
    where = home.more_button.mapTo(window, home.more_button.rect().center())
    QTest.mouseDClick(window.windowHandle(), LEFT, Qt.KeyboardModifier.NoModifier, where)
    assert home.page == 1
    qtbot.mouseClick(home.more_button, LEFT)  # a later tap still turns the next
    assert home.page == 2


@pytest.mark.parametrize("screen", SCREENS)
def test_the_office_name_is_one_widget_always_on_show(make_window, content, screen):
    window = home_window(make_window, content, screen, False)
    office = window.home.office
    for larger in (True, False, True):
        window.visit.set_larger_text(larger)
        assert window.home.office is office
        assert office.isVisible()
        assert office.text() == content.settings.office_name


# --- overlays and staff screens ----------------------------------------------------------


def assert_layer_fits(window, layer, floor_mm=CAP_MM) -> None:
    buttons = shown(layer, TouchButton)
    assert_buttons_fit(window, buttons)
    assert_labels_fit(window, shown(layer, QLabel), buttons, floor_mm)
    assert_capitals(window, buttons, floor_mm)


@pytest.fixture(params=list(SCREENS))
def screen_kiosk(request, make_kiosk):
    return make_kiosk(screen=request.param)


@pytest.mark.parametrize("larger", [False, True], ids=["default-text", "larger-text"])
def test_still_reading_card_fits_every_screen(screen_kiosk, larger):
    kiosk = screen_kiosk
    kiosk.visit.set_larger_text(larger)
    kiosk.window.show_topic(0)
    kiosk.still_reading.set_tick_ms(60_000)  # no tick while it is looked at
    kiosk.still_reading.start(20)
    QApplication.processEvents()
    card = kiosk.still_reading
    assert card.button.isVisible()
    assert card.geometry() == kiosk.window.rect()
    assert_layer_fits(kiosk.window, card, LARGE_CAP_MM if larger else CAP_MM)
    for seconds in (9, 1):  # the countdown's words change; they still fit
        card._remaining = seconds + 1
        card._count_down()
        assert_layer_fits(kiosk.window, card, LARGE_CAP_MM if larger else CAP_MM)


@pytest.mark.parametrize("larger", [False, True], ids=["default-text", "larger-text"])
def test_pin_pad_fits_every_screen_in_each_of_its_states(screen_kiosk, larger):
    kiosk = screen_kiosk
    kiosk.visit.set_larger_text(larger)
    pad = kiosk.staff_access.pad
    window = kiosk.window
    default_size = None
    for state in ("entry", "typed", "locked", "longest-lock", "no-pin"):
        if state == "entry":
            pad.show_entry()
        elif state == "typed":
            for key in "123456789012":
                pad.keys[key].click()
        elif state == "locked":
            pad.show_entry(locked_for=30.0)
        elif state == "longest-lock":
            pad.show_attempt(Attempt(ok=False, failures=9, locked_for=3600.0))
        else:
            pad.show_no_pin()
        QApplication.processEvents()
        assert pad.geometry() == window.rect()
        assert pad.cancel.isVisible()
        keys_shown = state != "no-pin"
        assert all(k.isVisible() == keys_shown for k in pad.keys.values())
        assert_layer_fits(window, pad)
        size = pad.message.font().pixelSize()
        assert default_size in (None, size)  # staff screens keep one size
        default_size = size
    lines = wrapped_lines(pad.message.text(), pad.message.font(),
                          pad.message.contentsRect().width())
    assert COMMAND in lines, lines  # on a line of its own, whole
    assert "kiosk set-pin" in pad.message.text()


@pytest.mark.parametrize("larger", [False, True], ids=["default-text", "larger-text"])
def test_staff_panel_fits_every_screen(screen_kiosk, larger):
    kiosk = screen_kiosk
    kiosk.visit.set_larger_text(larger)
    panel = kiosk.staff_access.panel
    kiosk.staff_access.set_status(kiosk.status())
    panel.open()
    QApplication.processEvents()
    assert [b.isVisible() for b in panel.buttons] == [True] * 4
    assert_layer_fits(kiosk.window, panel)
    # A content problem is reported in full, however long, and still fits.
    long = ("The content has 3 problem(s); the kiosk shows the last good version. First: "
            "content/en/02-causes.md:3: unknown key 'subtitel'; did you mean 'subtitle'? "
            "Fix it, then press Reload content.")
    kiosk.staff_access.set_status(long)
    assert_layer_fits(kiosk.window, panel)


def test_staff_screens_keep_the_default_text_size_after_a_patient_chose_larger(make_kiosk):
    kiosk = make_kiosk(screen="10in-1280x800")
    pad = kiosk.staff_access.pad
    pad.show_entry()
    default = pad.message.font().pixelSize()
    pad.close_pad()
    kiosk.visit.set_larger_text(True)
    pad.show_entry()
    assert pad.message.font().pixelSize() == default
    assert kiosk.window.look.metrics.mm(QFontMetrics(pad.message.font()).capHeight()) >= CAP_MM
