"""The patient's own choices, offered on every screen: larger text, high contrast, and the
other language where the kiosk offers more than one.

The buttons hold no state: a tap asks the visit to change, and the buttons show what the visit
says. In order: the language, larger text, high contrast, Take it home (where the office has a
page to take home), then Read aloud's buttons (where this page's voice is recorded). Where a
page has no room for them all, they give way in one order (GIVE_WAY, below).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from kiosk.content import Content, Words
from kiosk.read_aloud import HOME, ReadAloud
from kiosk.screens.widgets import TouchButton
from kiosk.theme import Look
from kiosk.visit import Visit

# Where a page has no room for every patient control (only the 10-inch screen), they give way
# in this order, one more at each step, until the page fits; each stays on the pages that
# have room for it.
#   Home (where nothing fits but a topic at a time): Take it home (a tap away on every topic
#     page; in default text this happens only while Read aloud is on, seven buttons, so the
#     Stop a patient just turned on stays), then the voice's buttons, all three (in larger
#     text: Home is then not read aloud); the language and the two switches always stay.
#   A topic page, in its last resort (its buttons in rows at the foot, no picture): the
#     language (it stays on Home), then Take it home (the last topic then says to ask at the
#     front desk), then Softer and Louder, then Read aloud (Stop) itself. Stop goes last: a
#     voice that is speaking can be stopped wherever there is a line of text.
# GIVE_WAY: home_give_way() and topic_give_way() are these steps; HomeScreen and TopicScreen
# follow them, and nothing else leaves a patient control out.


class PatientControls:
    """The switch buttons of one screen, made as children of that screen's widget, which lays
    them out as it likes (a row under the text, a column beside it)."""

    def __init__(self, look: Look, content: Content, visit: Visit, parent: QWidget, *,
                 reader: ReadAloud | None = None, page: str = HOME,
                 changed: Callable[[], None] | None = None) -> None:
        self._visit = visit
        self._content = content
        words = content.language(visit.language).words
        self.larger_text = TouchButton(look, words.larger_text, parent, icon="larger-text",
                                       switch=True)
        self.high_contrast = TouchButton(look, words.high_contrast, parent, icon="contrast",
                                         switch=True)
        self.larger_text.setObjectName("larger-text")
        self.high_contrast.setObjectName("high-contrast")
        self.larger_text.clicked.connect(lambda: visit.set_larger_text(not visit.larger_text))
        self.high_contrast.clicked.connect(
            lambda: visit.set_high_contrast(not visit.high_contrast))
        visit.larger_text_changed.connect(self.larger_text.set_on)
        visit.high_contrast_changed.connect(self.high_contrast.set_on)
        self.larger_text.set_on(visit.larger_text)
        self.high_contrast.set_on(visit.high_contrast)
        # Named in the other language's own words ("Español" on the English screens): no flag,
        # a flag is a country, not a language.
        self.language: TouchButton | None = None
        if len(content.languages) > 1:
            self.language = TouchButton(look, self._other_name(visit.language), parent,
                                        icon="language")
            self.language.setObjectName("language")
            self.language.clicked.connect(lambda: visit.set_language(self.other_language()))
        # Where the office has a page for this handout: its QR code, in an overlay the window
        # opens (a tap here asks; the button knows nothing of the overlay).
        self.take_home: TouchButton | None = None
        if content.settings.take_home_url:
            self.take_home = TouchButton(look, words.take_home, parent, icon="take-home")
            self.take_home.setObjectName("take-home")
        self._given_way: tuple[TouchButton, ...] = ()  # left out by the page: see GIVE_WAY
        self._make_voice_buttons(look, words, parent, reader, page, changed)

    @property
    def buttons(self) -> tuple[TouchButton, ...]:
        switches = (self.larger_text, self.high_contrast)
        shown = (self.language, *switches) if self.language is not None else switches
        if self.take_home is not None:
            shown = (*shown, self.take_home)
        return tuple(b for b in shown if b not in self._given_way) + self.voice_placed()

    # --- giving way, where a page has no room for them all ---------------------------------

    def home_give_way(self) -> list[tuple[TouchButton, ...]]:
        """Home's steps of GIVE_WAY: the buttons left out at each, the first none."""
        steps = [(self.take_home,)] if self.take_home is not None else []
        if self.voice_buttons():
            left = steps[-1] if steps else ()
            steps.append((*left, self.read_aloud, self.softer, self.louder))
        return [(), *steps]

    def topic_give_way(self) -> list[tuple[TouchButton, ...]]:
        """A topic page's steps of GIVE_WAY (its last resort): the buttons left out at each,
        the first none."""
        steps: list[tuple[TouchButton, ...]] = [()]
        voice = self.voice_buttons()
        for more in ((self.language,), (self.take_home,), voice[1:], voice[:1]):
            kept = tuple(b for b in more if b is not None)
            if kept:
                steps.append((*steps[-1], *kept))
        return steps

    def give_way(self, buttons: tuple[TouchButton, ...]) -> None:
        """Leave these buttons out of buttons (and hidden) on this page, or none with ()."""
        self._given_way = buttons
        for button in buttons:
            button.hide()

    @property
    def given_way(self) -> tuple[TouchButton, ...]:
        """The buttons this page leaves out for want of room."""
        return self._given_way

    # --- Read aloud ------------------------------------------------------------------------

    def _make_voice_buttons(self, look: Look, words: Words, parent: QWidget,
                            reader: ReadAloud | None, page: str,
                            changed: Callable[[], None] | None) -> None:
        """Read aloud (Stop while it is on), then Softer and Louder while it is on: only
        where the PC can speak and this page's recorded voice matches its words."""
        self._reader, self._page, self._changed = reader, page, changed
        visit = self._visit
        self.read_aloud = TouchButton(look, words.read_aloud, parent, icon="speaker")
        self.softer = TouchButton(look, words.softer, parent, icon="softer")
        self.louder = TouchButton(look, words.louder, parent, icon="louder")
        self.read_aloud.setObjectName("read-aloud")
        self.softer.setObjectName("softer")
        self.louder.setObjectName("louder")
        self.read_aloud.clicked.connect(lambda: visit.set_read_aloud(not visit.read_aloud))
        self.softer.clicked.connect(visit.softer)
        self.louder.clicked.connect(visit.louder)
        for button in (self.read_aloud, self.softer, self.louder):
            button.hide()  # until the page places it
        self._voice_shown: tuple[TouchButton, ...] = ()
        # Heard through a child of the page: a page replaced by new content stops hearing.
        relay = _Relay(parent, self._voice_changed)
        visit.read_aloud_changed.connect(relay.fire)
        if reader is not None:
            reader.narration_changed.connect(relay.fire)
        self._voice_changed()

    def voice_buttons(self) -> tuple[TouchButton, ...]:
        """The voice's buttons this page shows now."""
        reader = self._reader
        if reader is None or not reader.has_voice(self._page, self._visit.language):
            return ()
        if not self._visit.read_aloud:
            return (self.read_aloud,)
        return self.read_aloud, self.softer, self.louder

    def voice_placed(self) -> tuple[TouchButton, ...]:
        """The voice's buttons the page lays out: none where they gave way (GIVE_WAY)."""
        return tuple(b for b in self.voice_buttons() if b not in self._given_way)

    def set_page(self, page: str) -> None:
        """The page key whose voice these buttons speak (a topic's slug)."""
        self._page = page
        self._voice_changed()

    def _voice_changed(self) -> None:
        """Read aloud turned on or off, or its voice came or went: the button's words, and
        the page laid out again when the buttons it shows changed."""
        on = self._visit.read_aloud
        words = self._content.language(self._visit.language).words
        self.read_aloud.set_title(words.stop_reading if on else words.read_aloud)
        self.read_aloud.set_icon("stop" if on else "speaker")
        self.read_aloud.set_on(on)
        shown = self.voice_buttons()
        if shown != self._voice_shown:
            for button in (self.read_aloud, self.softer, self.louder):
                if button not in shown:
                    button.hide()
            self._voice_shown = shown
            if self._changed is not None:
                self._changed()

    def other_language(self) -> str:
        """The language a tap on the language button shows: the next one offered."""
        codes = self._content.codes
        at = codes.index(self._visit.language) if self._visit.language in codes else 0
        return codes[(at + 1) % len(codes)]

    def set_language(self, code: str) -> None:
        """The screen now speaks this language: the buttons' words follow."""
        words = self._content.language(code).words
        self.larger_text.set_title(words.larger_text)
        self.high_contrast.set_title(words.high_contrast)
        if self.language is not None:
            self.language.set_title(self._other_name(code))
        if self.take_home is not None:
            self.take_home.set_title(words.take_home)
        self.softer.set_title(words.softer)
        self.louder.set_title(words.louder)
        self._voice_changed()  # its words, and whether this language's voice is there

    def _other_name(self, code: str) -> str:
        codes = self._content.codes
        at = codes.index(code) if code in codes else 0
        return self._content.language(codes[(at + 1) % len(codes)]).words.language_name


class _Relay(QObject):
    """Calls back when a signal fires, for as long as its parent lives."""

    def __init__(self, parent: QObject, callback: Callable[[], None]) -> None:
        super().__init__(parent)
        self._callback = callback

    def fire(self, *_: object) -> None:
        self._callback()
