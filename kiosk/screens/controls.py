"""The patient's own choices, offered on every screen: larger text, high contrast, and the
other language where the kiosk offers more than one.

The buttons hold no state: a tap asks the visit to change, and the buttons show what the visit
says. Later choices (read aloud) join the same row.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.content import Content
from kiosk.screens.widgets import TouchButton
from kiosk.theme import Look
from kiosk.visit import Visit


class PatientControls:
    """The switch buttons of one screen, made as children of that screen's widget, which lays
    them out as it likes (a row under the text, a column beside it)."""

    def __init__(self, look: Look, content: Content, visit: Visit, parent: QWidget) -> None:
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

    @property
    def buttons(self) -> tuple[TouchButton, ...]:
        switches = (self.larger_text, self.high_contrast)
        buttons = (self.language, *switches) if self.language is not None else switches
        return (*buttons, self.take_home) if self.take_home is not None else buttons

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

    def _other_name(self, code: str) -> str:
        codes = self._content.codes
        at = codes.index(code) if code in codes else 0
        return self._content.language(codes[(at + 1) % len(codes)]).words.language_name
