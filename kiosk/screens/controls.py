"""The patient's own choices, offered on every screen: larger text and high contrast.

The buttons hold no state: a tap asks the visit to change, and the buttons show what the visit
says. Later choices (language, read aloud) join the same row.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.content import Words
from kiosk.screens.widgets import TouchButton
from kiosk.theme import Look
from kiosk.visit import Visit


class PatientControls:
    """The switch buttons of one screen, made as children of that screen's widget, which lays
    them out as it likes (a row under the text, a column beside it)."""

    def __init__(self, look: Look, words: Words, visit: Visit, parent: QWidget) -> None:
        self._visit = visit
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

    @property
    def buttons(self) -> tuple[TouchButton, ...]:
        return (self.larger_text, self.high_contrast)
