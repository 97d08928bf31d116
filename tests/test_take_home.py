"""Take it home: a QR code of the office's page that a real decoder reads back from the kiosk's
own snapshot, on every screen and in both palettes; no address, no button."""

import shutil
import subprocess
from pathlib import Path

import pytest
import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kiosk.content import ContentError, load_content
from kiosk.screen_id import Overlay
from kiosk.screens.take_home import QR_DARK, QR_LIGHT, QUIET_ZONE
from kiosk.screens.widgets import TouchButton
from kiosk.snapshot import render_take_home, snapshot
from kiosk.visit import TAKE_HOME

from .conftest import SCREENS, TAKE_HOME_URL, TAKE_HOME_URL_ES, add_take_home

LEFT = Qt.MouseButton.LeftButton
ZBARIMG = shutil.which("zbarimg")
needs_zbar = pytest.mark.skipif(
    ZBARIMG is None, reason="zbarimg missing: `bash scripts/system-deps.sh` installs zbar-tools")


def decode(png: Path) -> list[str]:
    """What a real QR decoder (Debian's zbar-tools) reads in an image."""
    result = subprocess.run([ZBARIMG or "zbarimg", "--raw", "-q", "-Sdisable",
                             "-Sqrcode.enable", str(png)], capture_output=True, text=True,
                            timeout=60)
    return result.stdout.split()


@pytest.fixture
def take_home_kiosk(make_kiosk, content_copy):
    """The whole kiosk, on content with a take-home page (and a Spanish one)."""
    add_take_home(content_copy)

    def make(screen: str = "21.5in-1920x1080"):
        return make_kiosk(screen=screen)

    return make


def visible_buttons(widget) -> list[TouchButton]:
    return [b for b in widget.findChildren(TouchButton) if b.isVisible()]


def snapshot_take_home(kiosk, out: Path) -> Path:
    """The take-home card as `kiosk snapshot` renders it (its own code path)."""
    written: dict[str, Path] = {}

    def save(name, widget):
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        written[name] = path

    render_take_home(kiosk, save, {})
    return written["take-home"]


# --- no address, no button -----------------------------------------------------------------


def test_without_an_address_no_screen_has_a_take_home_button(make_window, content):
    assert not content.settings.take_home_url  # the bundled content ships without one
    window = make_window(content)
    for page in window.pages():
        assert page.controls.take_home is None
        assert content.words.take_home not in [b.text() for b in page.findChildren(TouchButton)]


def test_without_an_address_the_last_topic_says_to_ask_at_the_front_desk(make_window, content):
    window = make_window(content)
    window.show_topic(len(content.topics) - 1)
    page = window.current_widget()
    while page.part < page.parts - 1:
        page.next_button.click()
    assert page.text.visible_text().split()[-len(content.words.ask_front_desk.split()):] == \
        content.words.ask_front_desk.split()
    window.show_topic(0)
    assert content.words.ask_front_desk not in window.current_widget().body


def test_with_an_address_the_last_topic_does_not_send_patients_to_the_desk(make_window,
                                                                          take_home_content):
    window = make_window(take_home_content)
    for index, page in enumerate(window.topics):
        window.show_topic(index)
        assert take_home_content.words.ask_front_desk not in page.body
        assert take_home_content.words.ask_front_desk not in page.text.plain_text()


# --- the button and the card ---------------------------------------------------------------


def test_tapping_take_it_home_opens_a_card_with_the_address_and_records_it(qtbot,
                                                                          take_home_kiosk):
    kiosk = take_home_kiosk()
    words = kiosk.window.content.words
    button = kiosk.window.home.controls.take_home
    assert button is not None and button.isVisible()
    assert button.text() == words.take_home and button.icon_name == "take-home"
    qtbot.mouseClick(button, LEFT)
    card = kiosk.take_home
    assert card.isVisible()
    assert card.code.address == TAKE_HOME_URL
    assert card.address.text().replace("\u200b", "") == TAKE_HOME_URL
    assert [card.scan.text(), card.ask.text()] == [words.take_home_scan, words.take_home_ask]
    assert TAKE_HOME in kiosk.visit.used()
    assert Overlay.TAKE_HOME in kiosk.idle.holds
    # Nothing on the kiosk follows the address: it is plain text, not a link.
    assert card.address.textFormat() == Qt.TextFormat.PlainText
    assert not card.address.openExternalLinks()


def test_opening_the_card_silences_read_aloud_whose_stop_button_it_covers(qtbot,
                                                                          take_home_kiosk):
    from PySide6.QtWidgets import QApplication

    from .readers import give_voice

    kiosk = take_home_kiosk()
    player = give_voice(kiosk.reader, kiosk.window.content)
    QApplication.processEvents()
    controls = kiosk.window.home.controls
    qtbot.mouseClick(controls.read_aloud, LEFT)
    assert player.playing is not None and kiosk.reader.speaking
    qtbot.mouseClick(controls.take_home, LEFT)
    assert kiosk.take_home.isVisible()
    assert player.playing is None and not kiosk.reader.speaking


def test_every_topic_page_has_the_button_and_it_opens_the_same_card(qtbot, take_home_kiosk):
    kiosk = take_home_kiosk()
    for index, page in enumerate(kiosk.window.topics):
        kiosk.window.show_topic(index)
        assert page.controls.take_home is not None and page.controls.take_home.isVisible()
        qtbot.mouseClick(page.controls.take_home, LEFT)
        assert kiosk.take_home.isVisible()
        qtbot.mouseClick(kiosk.take_home.close_button, LEFT)
        assert not kiosk.take_home.isVisible()
        assert kiosk.window.current_widget() is page  # the patient is where they were


def test_closing_the_card_lets_the_idle_time_count_again(qtbot, take_home_kiosk):
    kiosk = take_home_kiosk()
    kiosk.window.show_topic(1)
    qtbot.mouseClick(kiosk.window.topics[1].controls.take_home, LEFT)
    assert not kiosk.idle.is_counting()
    qtbot.mouseClick(kiosk.take_home.close_button, LEFT)
    assert Overlay.TAKE_HOME not in kiosk.idle.holds
    assert kiosk.idle.is_counting()
    qtbot.waitUntil(kiosk.still_reading.isVisible, timeout=3000)


def test_a_card_left_alone_closes_by_itself(qtbot, take_home_kiosk):
    kiosk = take_home_kiosk()
    kiosk.take_home_quiet_ms = 200
    qtbot.mouseClick(kiosk.window.home.controls.take_home, LEFT)
    assert kiosk.take_home.isVisible()
    qtbot.waitUntil(lambda: not kiosk.take_home.isVisible(), timeout=3000)
    assert not kiosk.idle.holds


def test_the_card_ends_with_the_visit(qtbot, take_home_kiosk):
    from kiosk.visit import EndReason

    kiosk = take_home_kiosk()
    qtbot.mouseClick(kiosk.window.home.controls.take_home, LEFT)
    kiosk.end_visit(EndReason.STAFF)
    assert not kiosk.take_home.isVisible()
    assert not kiosk.idle.holds
    assert TAKE_HOME not in kiosk.visit.used()


def test_a_tap_beside_the_card_reaches_nothing_beneath(qtbot, take_home_kiosk):
    kiosk = take_home_kiosk()
    qtbot.mouseClick(kiosk.window.home.controls.take_home, LEFT)
    qtbot.mouseClick(kiosk.take_home, LEFT, pos=kiosk.take_home.rect().topLeft())
    assert kiosk.take_home.isVisible()
    assert kiosk.window.current_widget() is kiosk.window.home


def test_in_spanish_the_card_speaks_spanish_and_shows_the_spanish_page(qtbot, take_home_kiosk):
    kiosk = take_home_kiosk()
    qtbot.mouseClick(kiosk.window.home.controls.language, LEFT)
    spanish = kiosk.window.content.language("es").words
    button = kiosk.window.home.controls.take_home
    assert button.text() == spanish.take_home
    qtbot.mouseClick(button, LEFT)
    card = kiosk.take_home
    assert card.code.address == TAKE_HOME_URL_ES
    assert [card.scan.text(), card.ask.text(), card.close_button.text()] == [
        spanish.take_home_scan, spanish.take_home_ask, spanish.take_home_close]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("larger", [False, True], ids=["default-text", "larger-text"])
def test_the_card_fits_every_screen_with_20mm_buttons(qtbot, take_home_kiosk, screen, larger):
    from .test_accessibility import GAP_MM, TARGET_MM, gap_px, rect_in_window
    from .test_home_layout import assert_labels_fit

    kiosk = take_home_kiosk(screen)
    window = kiosk.window
    window.visit.set_larger_text(larger)
    kiosk.open_take_home()
    card = kiosk.take_home
    mm = window.look.metrics.mm
    close = rect_in_window(window, card.close_button)
    assert min(mm(close.width()), mm(close.height())) >= TARGET_MM
    code = rect_in_window(window, card.code)
    assert mm(code.width()) >= 35 and mm(code.height()) >= 35
    assert mm(gap_px(close, code)) >= GAP_MM
    labels = [label for label in card._labels if label.isVisible()]
    assert card.scan in labels and card.address in labels and card.ask in labels
    floor = 7.3 if larger else 4.8
    assert_labels_fit(window, labels, [card.close_button], floor)
    for widget in (card.code, card.close_button, *labels):
        rect = rect_in_window(window, widget)
        assert window.rect().contains(rect), widget
        for other in (card.code, card.close_button, *labels):
            if other is not widget:
                assert not rect.intersects(rect_in_window(window, other)), (widget, other)


# --- the code itself -----------------------------------------------------------------------


def test_the_code_has_a_white_quiet_zone_and_whole_pixel_modules(take_home_kiosk):
    kiosk = take_home_kiosk("10in-1280x800")
    kiosk.window.visit.set_high_contrast(True)  # dark on white in every palette
    kiosk.open_take_home()
    code = kiosk.take_home.code
    expected = segno.make(TAKE_HOME_URL, error="m", micro=False)
    assert expected.error in ("M", "Q", "H")
    assert code.modules == expected.symbol_size(border=0)[0]
    step = code.module_device_px()
    image = code.grab().toImage()
    assert image.width() == (code.modules + 2 * QUIET_ZONE) * step
    light, dark = QColor(QR_LIGHT), QColor(QR_DARK)
    for x in range(0, image.width(), max(1, step // 2)):  # the quiet zone's top band
        for y in range(QUIET_ZONE * step):
            assert image.pixelColor(x, y) == light
    for y, row in enumerate(expected.matrix):  # each module one flat colour, as the standard
        for x, on in enumerate(row):
            for dx, dy in ((0, 0), (step - 1, step - 1)):
                pixel = image.pixelColor((QUIET_ZONE + x) * step + dx,
                                         (QUIET_ZONE + y) * step + dy)
                assert pixel == (dark if on else light), (x, y)


@needs_zbar
@pytest.mark.parametrize("high_contrast", [False, True], ids=["default", "high-contrast"])
@pytest.mark.parametrize("screen", SCREENS)
def test_a_real_decoder_reads_the_address_from_the_snapshot(take_home_kiosk, tmp_path, screen,
                                                            high_contrast):
    kiosk = take_home_kiosk(screen)
    kiosk.window.visit.set_high_contrast(high_contrast)
    kiosk.window.visit.began.connect(lambda: kiosk.window.visit.set_high_contrast(high_contrast))
    png = snapshot_take_home(kiosk, tmp_path)
    assert decode(png) == [TAKE_HOME_URL]


@needs_zbar
def test_kiosk_snapshot_renders_the_card_in_spanish_and_it_scans(take_home_dir, tmp_path):
    out = tmp_path / "snapshots"
    assert snapshot(out, take_home_dir, (1280, 800), 10.0, larger_text=True,
                    language="es") == 0
    assert decode(out / "take-home.png") == [TAKE_HOME_URL_ES]
    assert "take-home" in (out / "layout.json").read_text()


# --- kiosk check ---------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "message"), [
    ('take_home_url = "http://www.office.example/a"', "starting https://"),
    ('take_home_url = "https://"', "starting https://"),
    ('take_home_url = "https://localhost/a"', "web site's name"),
    ('take_home_url = "https://www.office.example/a b"', "one line of plain letters"),
    ('take_home_url = ""', "or remove the line"),
    ('take_home_url = "https://www.office.example/' + "a" * 200 + '"', "at most 200"),
    ('take_home_urls = { es = "https://www.office.example/es" }', "'take_home_url'"),
])
def test_kiosk_check_names_a_wrong_address_with_its_line_and_the_fix(content_copy, line,
                                                                      message):
    settings = content_copy / "settings.toml"
    count = len(settings.read_text(encoding="utf-8").splitlines())
    with settings.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    problem = caught.value.problems[0]
    assert problem.path == settings and problem.line == count + 1
    assert message in problem.message


def test_a_language_the_kiosk_does_not_offer_cannot_have_an_address(content_copy):
    settings = content_copy / "settings.toml"
    with settings.open("a", encoding="utf-8") as handle:
        handle.write('take_home_url = "https://www.office.example/a"\n'
                     'take_home_urls = { fr = "https://www.office.example/fr" }\n')
    with pytest.raises(ContentError, match="names language 'fr'"):
        load_content(content_copy)


def test_an_address_survives_as_the_last_good_copy(take_home_content, tmp_path):
    from kiosk.content import load_last_good, save_last_good

    save_last_good(take_home_content, tmp_path / "last-good.json")
    again = load_last_good(tmp_path / "last-good.json")
    assert again is not None and again.settings == take_home_content.settings


@pytest.mark.parametrize("language", ["en", "es"])
def test_where_the_button_has_no_room_the_last_topic_says_to_ask_at_the_desk(
        make_window, take_home_content, language):
    # The 10-inch screen in larger text: Home holds one topic a page and the topic pages one
    # line of text; Take it home gives way there, as the language button does on its pages.
    window = make_window(take_home_content, "10in-1280x800")
    window.visit.set_language(language)
    window.visit.set_larger_text(True)
    words = take_home_content.language(language).words
    assert window.home.take_home_spared and not window.home.controls.take_home.isVisible()
    window.show_topic(len(window.topics) - 1)
    page = window.current_widget()
    assert not page.controls.take_home.isVisible()
    seen = page.text.visible_text().split()
    while page.part < page.parts - 1:
        page.next_button.click()
        seen += page.text.visible_text().split()
    assert seen[-len(words.ask_front_desk.split()):] == words.ask_front_desk.split()
    window.visit.set_larger_text(False)  # room again: the button, and no such line
    assert page.controls.take_home.isVisible()
    assert words.ask_front_desk not in page.body
    window.show_home()
    assert window.home.controls.take_home.isVisible()


def test_an_address_added_while_running_brings_the_button_after_a_reload(qtbot, kiosk,
                                                                        content_copy):
    from kiosk.content_updates import Reload

    assert kiosk.window.home.controls.take_home is None
    add_take_home(content_copy)
    assert kiosk.updates.reload_now() is Reload.APPLIED
    button = kiosk.window.home.controls.take_home
    assert button is not None and button.isVisible()
    qtbot.mouseClick(button, LEFT)
    assert kiosk.take_home.isVisible() and kiosk.take_home.code.address == TAKE_HOME_URL
