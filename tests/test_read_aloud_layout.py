"""With Read aloud offered, and on, every screen still keeps every rule: on the five screens,
in both text sizes and both languages, Home shows every topic by taps alone, every word of
every topic is reached, and every button (Read aloud, Stop, Softer, Louder among them) is
20 mm with 3 mm gaps, nothing cut, nothing laid over the text; with Take it home's button
too (an office with an address: `contents`), which gives way first where there is no room."""

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.content import plain_text

from .readers import give_voice
from .test_home_layout import assert_home_page_fits, walk_to
from .test_spanish import in_spanish
from .test_topic_layout import SIZES, open_from_home, read_all_parts, tap, words_of

LANGUAGES = ["en", "es"]
SMALLEST = "10in-1280x800"


def speaking_window(make_window, content, screen, larger, language, *, on: bool):
    window = make_window(content, screen)
    player = give_voice(window.reader, content)
    window.visit.set_larger_text(larger)
    if language != window.visit.language:
        window.visit.set_language(language)
    if on:
        window.visit.set_read_aloud(True)
    QApplication.processEvents()
    return window, player


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("screen", "larger"), SIZES)
@pytest.mark.parametrize("on", [False, True], ids=["offered", "on"])
def test_home_with_read_aloud_shows_every_topic_and_keeps_every_rule(qtbot, make_window,
                                                                     contents, screen, larger,
                                                                     language, on):
    window, _ = speaking_window(make_window, contents, screen, larger, language, on=on)
    home = window.home
    controls = home.controls
    if screen == SMALLEST and larger:
        # No room for another row of 20 mm buttons: they give way on Home alone (each topic
        # page has them, test below), and nothing of theirs shows half-placed.
        assert controls.voice_buttons() and not set(controls.voice_buttons()) & set(
            controls.buttons)
        assert not any(b.isVisible() for b in controls.voice_buttons())
    else:
        assert controls.read_aloud in controls.buttons
        assert (controls.louder in controls.buttons) == on
    seen = []
    for page in range(home.pages):
        home.show_page(page)
        assert_home_page_fits(window)
        seen += [b for b in home.buttons if b.isVisible()]
    assert seen == home.buttons
    home.show_page(0)
    walk_to(qtbot, home, home.buttons[-1])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("screen", "larger"), SIZES)
def test_every_word_of_every_topic_is_reached_with_read_aloud_on(qtbot, make_window, contents,
                                                                screen, larger, language):
    window, player = speaking_window(make_window, contents, screen, larger, language, on=True)
    shown = in_spanish(contents) if language == "es" else contents
    for index, topic in enumerate(shown.topics):
        page = open_from_home(qtbot, window, shown, index)
        controls = page.controls
        # Where even a line of text would not fit with them all (the 10-inch screen in larger
        # text), Softer and Louder give way; Stop is always there.
        volume = () if screen == SMALLEST and larger else (controls.softer, controls.louder)
        for button in (controls.read_aloud, *volume):
            assert button.isVisible(), f"{button.text()} is not on show on {topic.slug}"
        parts = read_all_parts(qtbot, window, shown, page)
        assert words_of(parts) == plain_text(page.body).split(), topic.slug
    assert player.played, "the pages were read aloud as they opened"
    tap(qtbot, window.current_widget().controls.read_aloud)  # Stop
    assert not window.visit.read_aloud
