"""One topic's page: its title, its text, the foot with its parts marked, and big nav buttons."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.content import Topic, Words
from kiosk.illustration import FootIllustration
from kiosk.screens.controls import PatientControls
from kiosk.screens.widgets import KineticScrollArea, TextLabel, TextView, TouchButton, lock_widget
from kiosk.theme import GAP_MM, MARGIN_MM, TARGET_MM, TITLE_CAP_MM, Look
from kiosk.visit import Visit

# Below this height the foot is too small to make out: its caption gives way to it.
PICTURE_MIN_MM = 35.0


class TopicScreen(QWidget):
    """Built once per topic; asks for navigation with signals, never navigates itself."""

    home_requested = Signal()
    previous_requested = Signal()
    next_requested = Signal()

    def __init__(self, look: Look, topic: Topic, words: Words, renderer: QSvgRenderer,
                 visit: Visit, number: int, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._look = look
        self.topic = topic
        self._heads = words.heads
        lock_widget(self)

        self.title = TextLabel(look, topic.title, self, cap_mm=TITLE_CAP_MM, bold=True)
        self.counter = TextLabel(look, words.topic_counter.format(number=number, count=count),
                                 self)
        self.counter.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.text = TextView(look, topic.body)
        self.scroll = KineticScrollArea(self.text, self)

        self.picture = FootIllustration(look, renderer, self, highlight=topic.highlight)
        self.picture.setAccessibleName(topic.picture)
        self.caption = TextLabel(look, topic.picture, self)
        self.picture.head_tapped.connect(self._name_head)

        self.home_button = TouchButton(look, words.home, self, icon="home")
        self.previous_button = TouchButton(look, words.previous, self, icon="back")
        self.next_button = TouchButton(look, words.next, self, icon="next")
        self.controls = PatientControls(look, words, visit, self)
        self.home_button.setObjectName("home")
        self.previous_button.setObjectName("previous")
        self.next_button.setObjectName("next")
        self.home_button.clicked.connect(self.home_requested)
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        # The first page has nowhere to go back to and the last nowhere next; Home always stays.
        for button, shown in ((self.previous_button, number > 1),
                              (self.next_button, number < count)):
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            button.setSizePolicy(policy)
            button.setHidden(not shown)

        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.counter)
        side = QVBoxLayout()
        side.addWidget(self.picture, 1)
        side.addWidget(self.caption)
        self._middle = QHBoxLayout()
        self._middle.addWidget(self.scroll, 3)
        self._middle.addLayout(side, 2)
        self._nav = QHBoxLayout()
        for button in (self.home_button, self.previous_button, self.next_button):
            self._nav.addWidget(button, 1)
        for button in self.controls.buttons:
            button.hide()  # placed by the layout work that follows
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(self._middle, 1)
        layout.addLayout(self._nav)
        look.changed.connect(self.restyle)
        self.restyle()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_caption()

    def restyle(self) -> None:
        margin, gap = self._look.px(MARGIN_MM), self._look.px(GAP_MM)
        self.layout().setContentsMargins(margin, margin, margin, margin)
        self.layout().setSpacing(gap)
        self._middle.setSpacing(3 * gap)
        self._nav.setSpacing(3 * gap)
        for button in (self.home_button, self.previous_button, self.next_button):
            button.setFixedHeight(max(self._look.px(TARGET_MM), button.sizeHint().height()))
        self._fit_caption()

    def rewind(self) -> None:
        """As new: text at the top, the picture's words back to its description."""
        self.scroll.stop_and_rewind()
        self.picture.clear_tap()
        self.caption.setText(self.topic.picture)

    def _fit_caption(self) -> None:
        """On a short screen (a 10-inch one) the caption would squeeze the picture to nothing.
        The picture matters more there; its words stay its accessible name."""
        layout = self.layout()
        layout.activate()
        column = self._middle.geometry().height()
        caption = self.caption.heightForWidth(self.picture.width()) + layout.spacing()
        fits = column - caption >= self._look.px(PICTURE_MIN_MM)
        self.caption.setVisible(fits)

    def _name_head(self, number: int) -> None:
        self.caption.setText(self._heads[number - 1])
