"""The start screen: the office's name, a welcome, one big button per topic, and the foot."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.content import Content, Words
from kiosk.illustration import FootIllustration
from kiosk.screens.controls import PatientControls
from kiosk.screens.widgets import KineticScrollArea, TextLabel, TouchButton, lock_widget
from kiosk.theme import GAP_MM, MARGIN_MM, TITLE_CAP_MM, Look
from kiosk.visit import Visit

# Layouts to try, best first: (columns, where the picture goes, subtitles on the buttons).
# "side" is a large, tappable picture beside the buttons; "header" a small one by the title.
# The first whose buttons all fit the screen's height without scrolling wins.
LAYOUTS = ((2, "side", True), (2, "header", True), (3, "header", True), (2, "side", False),
           (2, "header", False), (3, "header", False))
# The narrowest a topic button may be, by number of columns, for its title to wrap well.
BUTTON_MIN_WIDTH_MM = {1: 60.0, 2: 75.0, 3: 55.0}
# Below this width the picture is too small to be worth its place beside the buttons.
PICTURE_MIN_WIDTH_MM = 110.0


class HomeScreen(QWidget):
    """Signals topic_chosen(index) when a topic button is tapped (on release)."""

    topic_chosen = Signal(int)

    def __init__(self, look: Look, content: Content, renderer: QSvgRenderer, visit: Visit,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._look = look
        self._columns = 0
        lock_widget(self)
        words = content.words

        self.office = TextLabel(look, content.settings.office_name, self, cap_mm=TITLE_CAP_MM,
                                bold=True)
        self.office.setObjectName("office-name")
        self.welcome = TextLabel(look, words.welcome, self)
        self.thumbnail = FootIllustration(look, renderer, self)
        self.thumbnail.setAccessibleName(words.home_picture)
        self.controls = PatientControls(look, words, visit, self)

        self._build_buttons(content)
        self._build_picture_column(renderer, words)
        self._body = QHBoxLayout()
        self._body.addWidget(self.scroll, 1)
        self._body.addWidget(self._picture_column, 1)
        titles = QVBoxLayout()
        titles.setContentsMargins(0, 0, 0, 0)
        titles.addWidget(self.office)
        titles.addWidget(self.welcome)
        self._header = QHBoxLayout()
        self._header.addLayout(titles, 1)
        self._header.addWidget(self.thumbnail)
        for button in self.controls.buttons:
            button.hide()  # placed by the layout work that follows
        layout = QVBoxLayout(self)
        layout.addLayout(self._header)
        layout.addLayout(self._body, 1)
        look.changed.connect(self.restyle)
        self.restyle()

    def _build_buttons(self, content: Content) -> None:
        self.buttons: list[TouchButton] = []
        self._grid_host = QWidget()
        lock_widget(self._grid_host)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        for index, topic in enumerate(content.topics):
            button = TouchButton(self._look, topic.title, self._grid_host,
                                 subtitle=topic.subtitle)
            button.setObjectName(f"topic-{topic.slug}")
            button.clicked.connect(lambda _=False, i=index: self.topic_chosen.emit(i))
            self.buttons.append(button)
        self.scroll = KineticScrollArea(self._grid_host, self)

    def _build_picture_column(self, renderer: QSvgRenderer, words: Words) -> None:
        self.picture = FootIllustration(self._look, renderer, self)
        self.picture.setAccessibleName(words.home_picture)
        self._tap_hint = words.tap_hint
        self._head_names = words.heads
        self.hint = TextLabel(self._look, words.tap_hint, self)
        # Shown only while the heads are big enough to tap; hiding it must not resize the
        # picture, or the two could flip each other back and forth.
        hint_policy = self.hint.sizePolicy()
        hint_policy.setRetainSizeWhenHidden(True)
        self.hint.setSizePolicy(hint_policy)
        self.hint.hide()
        self.picture.tappable_changed.connect(self.hint.setVisible)
        self.picture.head_tapped.connect(self._name_head)
        self._picture_column = QWidget(self)
        lock_widget(self._picture_column)
        column = QVBoxLayout(self._picture_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.picture, 1)
        column.addWidget(self.hint)

    @property
    def columns(self) -> int:
        return self._columns

    @property
    def subtitles_shown(self) -> bool:
        return not self.buttons or not self.buttons[0].compact

    @property
    def picture_shown(self) -> bool:
        """Whether the large picture is beside the buttons (else a small one is in the header)."""
        return not self._picture_column.isHidden()

    def restyle(self) -> None:
        margin, gap = self._look.px(MARGIN_MM), self._look.px(GAP_MM)
        self.layout().setContentsMargins(margin, margin, margin, margin)
        self.layout().setSpacing(gap)
        self._body.setSpacing(2 * gap)
        self._grid.setSpacing(gap)
        self._arrange(self.width(), self.height())

    def rewind(self) -> None:
        """As new: no bone named, list at the top."""
        self.picture.clear_tap()
        self.hint.setText(self._tap_hint)
        self.scroll.stop_and_rewind()

    def _name_head(self, number: int) -> None:
        self.hint.setText(self._head_names[number - 1])

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width(), event.size().height())
        super().resizeEvent(event)

    def _arrange(self, width: int, height: int) -> None:
        """Pick the first layout whose topic buttons all fit, measured in millimetres."""
        mm = self._look.metrics.mm
        margin, gap = self._look.px(MARGIN_MM), self._look.px(GAP_MM)
        inner = width - 2 * margin
        header = self.office.heightForWidth(inner) + self.welcome.heightForWidth(inner) + gap
        thumb = QSize(header * 10 // 9, header)  # the drawing is 10 wide for 9 high
        room = height - 2 * margin - header - gap
        count = max(1, len(self.buttons))
        chosen = None
        for columns, picture, subtitles in LAYOUTS:
            grid = (inner - 2 * gap) // 2 if picture == "side" else inner
            if picture == "side" and mm(inner - grid - 2 * gap) < PICTURE_MIN_WIDTH_MM:
                continue
            button = (grid - (columns - 1) * gap) // columns
            if columns > count or mm(button) < BUTTON_MIN_WIDTH_MM[columns]:
                continue
            rows = -(-count // columns)
            tallest = max(b.height_for(button, compact=not subtitles) for b in self.buttons)
            if rows * tallest + (rows - 1) * gap <= room:
                chosen = (columns, picture, subtitles)
                break
        if chosen is None:  # portrait, or a very small screen: a list that scrolls
            chosen = (1 if mm(inner) < 2 * BUTTON_MIN_WIDTH_MM[2] else 2, "header", True)
        columns, picture, subtitles = chosen
        self._picture_column.setHidden(picture != "side")
        self.thumbnail.setHidden(picture != "header")
        self.thumbnail.setFixedSize(thumb)
        for button in self.buttons:
            button.set_compact(not subtitles)
        if columns != self._columns:
            self._columns = columns
            for index, button in enumerate(self.buttons):
                self._grid.addWidget(button, index // columns, index % columns)
            for row in range(self._grid.rowCount()):
                self._grid.setRowStretch(row, 1 if row < -(-count // columns) else 0)
