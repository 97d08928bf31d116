"""Español: a patient switches the whole kiosk to Spanish with one tap, for their visit."""

import pytest
from PySide6.QtCore import Qt

from kiosk.content import Content, load_content, plain_text
from kiosk.record import replace
from kiosk.screen_id import HOME, TopicPage
from kiosk.visit import EndReason

from .test_content_translations import offer
from .test_home_layout import assert_home_page_fits
from .test_topic_layout import (
    SIZES,
    open_from_home,
    patient,
    read_all_parts,
    tap,
    words_of,
)

LEFT = Qt.MouseButton.LeftButton


def in_spanish(content: Content) -> Content:
    """The same content seen from Spanish: its words and topics first."""
    spanish = content.language("es")
    return replace(
        content, languages=(spanish, *(lang for lang in content.languages if lang is not spanish)))


def test_the_bundled_content_offers_english_and_spanish(content):
    assert content.codes == ("en", "es")
    assert content.left_out == ()


def test_the_language_button_names_the_other_language_in_its_own_words(qtbot, window):
    button = window.home.controls.language
    assert button.isVisible() and button.text() == "Español"
    tap(qtbot, button)
    assert window.visit.language == "es"
    assert button.text() == "English"
    window.show_topic(0)
    assert window.current_widget().controls.language.text() == "English"


def test_one_tap_turns_every_screen_to_spanish(qtbot, window, content):
    spanish = content.language("es")
    tap(qtbot, window.home.controls.language)
    assert window.home.welcome.text() == spanish.words.welcome
    assert [b.text() for b in window.home.buttons] == [t.title for t in spanish.topics]
    assert [b.subtitle for b in window.home.buttons] == [t.subtitle for t in spanish.topics]
    for page, topic in zip(window.topics, spanish.topics, strict=True):
        assert page.title.text() == topic.title
        assert page.text.plain_text() == plain_text(page.body)
        assert page.home_button.text() == spanish.words.home
        assert page.controls.larger_text.text() == spanish.words.larger_text


def test_switching_keeps_the_patient_on_the_same_topic_and_part(qtbot, make_window, content):
    window = patient(make_window, content, "10in-1280x800", False)
    page = open_from_home(qtbot, window, content, 2)
    assert page.parts > 1
    tap(qtbot, page.next_button)
    assert page.part == 1
    tap(qtbot, page.controls.language)
    assert window.current_screen() == TopicPage(content.topics[2].slug)
    assert window.current_widget() is page
    assert page.part == 1
    assert page.title.text() == content.language("es").topics[2].title


def test_back_to_english_shows_the_english_words_again(qtbot, window, content):
    tap(qtbot, window.home.controls.language)
    tap(qtbot, window.home.controls.language)
    assert window.visit.language == "en"
    assert window.home.welcome.text() == content.words.welcome
    assert window.topics[3].title.text() == content.topics[3].title


def test_with_one_language_there_is_no_language_button(make_window, content_copy):
    offer(content_copy, '["en"]')
    window = make_window(load_content(content_copy))
    assert window.home.controls.language is None
    assert len(window.home.controls.buttons) == 2


@pytest.mark.parametrize(("screen", "larger"), SIZES)
def test_every_spanish_word_is_reached_with_the_buttons_alone(qtbot, make_window, contents,
                                                             screen, larger):
    content = contents
    window = patient(make_window, content, screen, larger)
    tap(qtbot, window.home.controls.language)
    spanish = in_spanish(content)
    for page_number in range(window.home.pages):
        window.home.show_page(page_number)
        assert_home_page_fits(window)
    window.home.show_page(0)
    for index, topic in enumerate(spanish.topics):
        page = open_from_home(qtbot, window, spanish, index)
        parts = read_all_parts(qtbot, window, spanish, page)
        assert words_of(parts) == plain_text(page.body).split(), topic.slug


def test_the_overlays_speak_the_patients_language(qtbot, kiosk, content):
    spanish = content.language("es").words
    tap(qtbot, kiosk.window.home.controls.language)
    qtbot.mouseClick(kiosk.window.home.buttons[0], LEFT)
    qtbot.waitUntil(kiosk.still_reading.isVisible, timeout=3000)
    assert kiosk.still_reading.question.text() == spanish.still_reading
    assert kiosk.still_reading.button.text() == spanish.keep_reading
    assert "Volviendo al inicio" in kiosk.still_reading.countdown.text()


def test_a_spanish_visit_ends_and_the_next_patient_finds_english(qtbot, kiosk, content):
    records = []
    kiosk.visit.ended.connect(records.append)
    window = kiosk.window
    tap(qtbot, window.home.controls.language)
    qtbot.mouseClick(window.home.buttons[1], LEFT)
    page = window.current_widget()
    while page.next_button.isVisible():  # reads every topic in Spanish with Next
        qtbot.mouseClick(page.next_button, LEFT)
        page = window.current_widget()
    assert window.current_screen() == TopicPage(content.topics[-1].slug)
    qtbot.waitUntil(lambda: window.current_screen() == HOME, timeout=5000)  # nobody answered
    assert records[-1].reason is EndReason.STILL_READING_EXPIRED
    assert records[-1].languages == ("en", "es")
    assert kiosk.visit.language == "en"
    assert window.home.welcome.text() == content.words.welcome
    assert window.home.controls.language.text() == "Español"
    assert kiosk.still_reading.question.text() == content.words.still_reading


def test_the_attract_screen_follows_the_language(qtbot, kiosk, content):
    tap(qtbot, kiosk.window.home.controls.language)
    assert kiosk.attract.message.text() == content.language("es").words.attract
    kiosk.visit.set_language("en")
    assert kiosk.attract.message.text() == content.words.attract
