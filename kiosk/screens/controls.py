"""The patient's own choices, offered on every screen: larger text, high contrast, and the
other language where the kiosk offers more than one.

The buttons hold no state: a tap asks the visit to change, and the buttons show what the visit
says. Later choices (read aloud) join the same row.
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
        self._make_voice_buttons(look, words, parent, reader, page, changed)

    @property
    def buttons(self) -> tuple[TouchButton, ...]:
        switches = (self.larger_text, self.high_contrast)
        shown = (self.language, *switches) if self.language is not None else switches
        return shown + self.voice_placed()

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
        self._voice_room = True
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
        """The voice's buttons the page lays out: none where it has no room for them."""
        return self.voice_buttons() if self._voice_room else ()

    def set_voice_room(self, room: bool) -> None:
        """Whether the page has room for the voice's buttons (Home, on the smallest screen in
        larger text, has none: they give way there, and stay on every topic page)."""
        self._voice_room = room
        if not room:
            for button in (self.read_aloud, self.softer, self.louder):
                button.hide()

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
