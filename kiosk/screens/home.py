"""The start screen: the office's name, a welcome, one big button per topic, the foot, and the
patient's own choices (larger text, high contrast).

Every topic button is reachable with taps alone: when they don't all fit at once, they are
shown a page at a time, with big "Back" and "More topics" buttons and a line saying which
topics are on show. Nothing is ever cut at an edge, and nothing scrolls.

The screen places its parts itself (no Qt layout): each candidate arrangement is measured in
millimetres from the real text, and the first that fits is used.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QFontMetrics, QGuiApplication, QMouseEvent, QResizeEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

from kiosk.content import Content, Words
from kiosk.illustration import HEAD_IDS, HEAD_ZONE_MM, FootIllustration
from kiosk.read_aloud import HOME, ReadAloud
from kiosk.record import Record
from kiosk.screens.controls import PatientControls
from kiosk.screens.measure import line_measure, longest_word, natural_width
from kiosk.screens.widgets import Page, TextLabel, TouchButton, lock_widget
from kiosk.theme import GAP_MM, MARGIN_MM, TITLE_CAP_MM, Look
from kiosk.visit import Visit

# Where the picture of the foot goes: beside the buttons, large and tappable ("side"); above
# them, on a portrait screen ("top"); or small in the header when there is room ("small").
SIDE, TOP, SMALL = "side", "top", "small"
# Where the patient's controls go: a row right of the office's name ("beside"), a column
# there ("stacked"), a row at the foot of the screen ("below"), or a column there ("under",
# for a narrow screen); best first, their words on one line before wrapped.
BESIDE, STACKED, BELOW, UNDER = "beside", "stacked", "below", "under"
# The third item: the language button at the foot, left of the paging buttons, rather than
# with the switches (three in a row don't fit beside the office's name on a 10-inch screen).
CONTROL_PLACES = ((BESIDE, False, False), (STACKED, False, False), (BESIDE, True, False),
                  (STACKED, True, False), (BESIDE, False, True), (STACKED, False, True),
                  (BESIDE, True, True), (STACKED, True, True), (BELOW, False, False),
                  (BELOW, False, True), (UNDER, False, False))

# Arrangements to try, best first: (columns, picture, subtitles on the buttons). The first
# whose topic buttons all fit wins; when none does, the one needing the fewest pages.
LANDSCAPE_LAYOUTS = ((2, SIDE, True), (2, SMALL, True), (3, SMALL, True), (2, SIDE, False),
                     (2, SMALL, False), (3, SMALL, False), (1, SMALL, True), (1, SMALL, False))
PORTRAIT_LAYOUTS = ((2, TOP, True), (1, TOP, True), (2, TOP, False), (1, TOP, False))
# The narrowest a topic button may be, by number of columns, for its title to wrap well.
BUTTON_MIN_WIDTH_MM = {1: 60.0, 2: 75.0, 3: 55.0}
# Below this width the picture is too small to be worth its place beside the buttons.
PICTURE_MIN_WIDTH_MM = 110.0
# On a portrait screen the picture is at least this share of the screen's width.
PORTRAIT_PICTURE_SHARE = 0.45
# With room to spare, rows of buttons grow to at most this times their natural height.
ROW_GROWTH = 1.5
# The paging buttons are at least this wide, so they read as buttons and not as labels.
PAGER_MIN_WIDTH_MM = 45.0


class Plan(Record):
    """One arrangement of the home screen."""

    columns: int
    picture: str  # SIDE, TOP or SMALL
    subtitles: bool
    controls: str  # BESIDE, STACKED, BELOW or UNDER
    wrap_controls: bool = False  # their words wrapped, to leave the titles more room
    welcome: bool = True  # the welcome line gives way only on the smallest screens
    office_title: bool = True  # the office's name in title size (else body size, bold)
    label_in_header: bool = False  # "Topics 1 to 4 of 7" beside the office's name
    language_at_foot: bool = False  # the language button left of the paging buttons


class Arrangement:
    """A plan measured at one size: where everything goes (filled in as it is measured)."""

    def __init__(self, plan: Plan, per_page: int, pages: int, cells: list[QRect],
                 rects: dict[str, QRect]) -> None:
        self.plan = plan
        self.per_page = per_page
        self.pages = pages
        self.cells = cells  # one per button of a page, in reading order
        self.rects = rects  # parts shown, by name
        self.hint = False  # the picture is big enough to tap: its hint is shown
        self.forced = False  # nothing fitted: the last resort, a button at a time


class HomeScreen(Page):
    """Signals topic_chosen(index) when a topic button is tapped (on release)."""

    topic_chosen = Signal(int)

    def __init__(self, look: Look, content: Content, renderer: QSvgRenderer, visit: Visit,
                 parent: QWidget | None = None, *, reader: ReadAloud | None = None) -> None:
        super().__init__(parent)
        self._look = look
        self._content = content
        self._words = content.words
        self._arrangement: Arrangement | None = None
        self._page = 0
        self._turned_at = -1_000_000  # event time (ms) of the release that last turned a page
        self._release_at = 0
        self._heights: dict[tuple, int] = {}
        lock_widget(self)
        words = content.words

        self.office = TextLabel(look, content.settings.office_name, self, cap_mm=TITLE_CAP_MM,
                                  bold=True)
        self.office.setObjectName("office-name")
        self.welcome = TextLabel(look, words.welcome, self)
        self.thumbnail = FootIllustration(look, renderer, self)
        self.thumbnail.setAccessibleName(words.home_picture)
        self.controls = PatientControls(look, content, visit, self, reader=reader, page=HOME,
                                        changed=self.look_changed)
        self._build_buttons(content)
        self._build_pager(words)
        self._build_picture(renderer, words)
        look.changed.connect(self.look_changed)
        visit.language_changed.connect(self.set_language)
        if visit.language != content.languages[0].code:
            self.set_language(visit.language)
        if reader is not None:
            reader.marked.connect(self.mark)
        self.restyle()

    def mark(self, page: str, text: str, seconds: float = 0.0) -> None:
        """Read aloud speaks these words: the welcome or a topic's button is tinted, and the
        page of buttons that holds it turns into view."""
        here = page == HOME and bool(text)
        self.welcome.set_marked(here and text == self.welcome.text())
        for index, button in enumerate(self.buttons):
            marked = here and text == button.text()
            button.set_marked(marked)
            if marked and button.isHidden() and self.per_page:
                self.show_page(index // self.per_page)

    def _build_buttons(self, content: Content) -> None:
        self.buttons: list[TouchButton] = []
        for index, topic in enumerate(content.topics):
            button = TouchButton(self._look, topic.title, self, subtitle=topic.subtitle)
            button.setObjectName(f"topic-{topic.slug}")
            button.clicked.connect(lambda _=False, i=index: self.topic_chosen.emit(i))
            self.buttons.append(button)

    def _build_pager(self, words: Words) -> None:
        self.back_button = TouchButton(self._look, words.previous, self, icon="back")
        self.more_button = TouchButton(self._look, words.more_topics, self, icon="next")
        self.back_button.setObjectName("topics-back")
        self.more_button.setObjectName("more-topics")
        self.page_label = TextLabel(self._look, "", self)
        self.page_label.setObjectName("topics-shown")
        self.back_button.clicked.connect(lambda: self._turn(-1))
        self.more_button.clicked.connect(lambda: self._turn(1))
        for button in (self.back_button, self.more_button):
            button.installEventFilter(self)
        self._page_texts = self._counts(words)

    def _counts(self, words: Words) -> list[str]:
        """Every "Topics 1 to 4 of 7" a page could show: the label's room is kept for the
        longest."""
        count = len(self.buttons)
        return [words.topics_shown.format(first=first, last=last, count=count)
                for first in range(1, count + 1) for last in range(first, count + 1)] or [""]

    def _build_picture(self, renderer: QSvgRenderer, words: Words) -> None:
        self.picture = FootIllustration(self._look, renderer, self)
        self.picture.setAccessibleName(words.home_picture)
        self._tap_hint = words.tap_hint
        self._head_names = words.heads
        self.hint = TextLabel(self._look, words.tap_hint, self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.picture.head_tapped.connect(self._name_head)
        self.picture.set_words(words)  # numbered heads, each named beside it when tapped
        box = renderer.viewBoxF()
        self._drawing = (max(box.width(), 1.0), max(box.height(), 1.0))
        centres = [renderer.boundsOnElement(head).center() for head in HEAD_IDS]
        # The drawing's closest two heads, in its own units: how big it must be to tap them.
        self._head_step = min((math.dist(a.toTuple(), b.toTuple())
                               for a, b in itertools.pairwise(centres)), default=0.0)

    # --- what is ---------------------------------------------------------------------------

    @property
    def arrangement(self) -> Arrangement | None:
        """The arrangement in use (for tests and snapshots)."""
        return self._arrangement

    @property
    def take_home_spared(self) -> bool:
        """Whether Take it home gave way on Home (no room; it stays on the topic pages)."""
        return self.controls.take_home is not None \
            and self.controls.take_home in self.controls.given_way

    @property
    def columns(self) -> int:
        return self._arrangement.plan.columns if self._arrangement else 0

    @property
    def subtitles_shown(self) -> bool:
        return not self.buttons or not self.buttons[0].compact

    @property
    def picture_shown(self) -> bool:
        """Whether the large picture is on show (beside the buttons, or above them)."""
        return not self.picture.isHidden()

    @property
    def page(self) -> int:
        """The page of topic buttons on show, from 0."""
        return self._page

    @property
    def pages(self) -> int:
        return self._arrangement.pages if self._arrangement else 1

    @property
    def per_page(self) -> int:
        return self._arrangement.per_page if self._arrangement else len(self.buttons)

    def visible_topic_buttons(self) -> list[TouchButton]:
        """The topic buttons of the page on show, in order."""
        first = self._page * self.per_page
        return self.buttons[first:first + self.per_page]

    # --- what to do ------------------------------------------------------------------------

    def relayout(self) -> None:
        self._heights.clear()  # fonts may have changed
        self._arrange(self.width(), self.height())

    def rewind(self) -> None:
        """As new: no bone named, the first page of topics."""
        self.picture.clear_tap()
        self.hint.setText(self._tap_hint)
        self.show_page(0)

    def set_language(self, code: str) -> None:
        """Every word of Home in this language (the office's name is the same in all)."""
        language = self._content.language(code)
        words = self._words = language.words
        self.welcome.setText(words.welcome)
        self.thumbnail.setAccessibleName(words.home_picture)
        self.picture.setAccessibleName(words.home_picture)
        self.picture.set_words(words)
        for button, topic in zip(self.buttons, language.topics, strict=True):
            button.set_title(topic.title)
            button.set_subtitle(topic.subtitle)
        self.back_button.set_title(words.previous)
        self.more_button.set_title(words.more_topics)
        self._page_texts = self._counts(words)
        self._tap_hint, self._head_names = words.tap_hint, words.heads
        tapped = self.picture.tapped_head
        self.hint.setText(self._head_names[tapped - 1] if tapped else self._tap_hint)
        self.controls.set_language(code)
        self.look_changed()

    def show_page(self, page: int) -> None:
        self._page = max(0, min(page, self.pages - 1))
        self._show_page()

    def next_page(self) -> None:
        self.show_page(self._page + 1)


    def _turn(self, step: int) -> None:
        # The second tap of a double tap lands where the first one was: on the same paging
        # button, now on another page. It must not turn a second page (a tap acts once).
        interval = QGuiApplication.styleHints().mouseDoubleClickInterval()
        if self._release_at - self._turned_at < interval:
            return
        self._turned_at = self._release_at
        self.show_page(self._page + step)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            self._release_at = event.timestamp()
        return False

    def _name_head(self, number: int) -> None:
        self.hint.setText(self._head_names[number - 1])

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width(), event.size().height())
        super().resizeEvent(event)

    # --- measuring -------------------------------------------------------------------------

    def _height(self, widget: TextLabel | TouchButton, width: int, text: str | None = None
                ) -> int:
        """A label's (or button's) height at a width: for another text than its own, if given."""
        shown = widget.text() if text is None else text

        def work() -> int:
            if text is None or isinstance(widget, TouchButton):
                return widget.heightForWidth(width)
            metrics = QFontMetrics(widget.font())
            flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
            return metrics.boundingRect(QRect(0, 0, width, 1 << 20), flags, shown).height()

        return self._remember(("height", id(widget), width, shown, widget.font().pixelSize()),
                              work)

    def _remember(self, key: tuple, work: Callable[[], int]) -> int:
        """A measurement, remembered until the next restyle (a choice asks for each ~100 times)."""
        value = self._heights.get(key)
        if value is None:
            if len(self._heights) > 4096:  # sizes seen while a window is dragged about
                self._heights.clear()
            value = self._heights[key] = work()
        return value

    def _natural(self, label: TextLabel, texts: list[str] | None = None) -> int:
        """The width a label needs to show its text (or the widest of texts) on one line."""
        texts = texts or [label.text()]
        return self._remember(("natural", id(label), label.font().pixelSize(), *texts),
                              lambda: natural_width(label, texts))

    def _longest_word(self, label: TextLabel, texts: list[str] | None = None) -> int:
        texts = texts or [label.text()]
        return self._remember(("word", id(label), label.font().pixelSize(), *texts),
                              lambda: longest_word(label, texts))

    def _measure(self, label: QWidget) -> int:
        """The widest a label may be set (WCAG 1.4.8's 80 characters)."""
        return self._remember(("measure", label.font().pixelSize()),
                              lambda: line_measure(label))

    def _button_widths(self, buttons: Sequence[TouchButton]) -> tuple[int, int]:
        """(widest natural width, widest narrowest width) of some buttons."""
        key = ("buttons", *(id(b) for b in buttons))
        natural = self._remember((*key, "natural"),
                                 lambda: max(b.sizeHint().width() for b in buttons))
        narrowest = self._remember((*key, "narrowest"),
                                   lambda: max(b.narrowest() for b in buttons))
        return natural, narrowest

    def _label_box(self, label: TextLabel, width: int, texts: list[str] | None = None
                   ) -> tuple[int, int]:
        """(width, height) of a label given at most width: its natural width if that fits,
        else wrapped at width (up to its measure), tall enough for the tallest of texts."""
        texts = texts or [label.text()]
        width = min(width, self._measure(label), max(self._natural(label, texts), 1))
        return width, max(self._height(label, width, text) for text in texts)

    # --- arranging -------------------------------------------------------------------------

    def _arrange(self, width: int, height: int) -> None:
        """Pick the first arrangement whose topic buttons all fit, measured in millimetres;
        else the one that needs the fewest pages."""
        if width <= 0 or height <= 0 or not self.buttons:
            return
        first_shown = self._page * self.per_page
        # Where nothing fits but a button at a time (the 10-inch screen in larger text), the
        # patient's controls give way, a step at a time, in GIVE_WAY's order (controls.py):
        # Take it home, then the voice's buttons; every topic page still has them.
        steps = self.controls.home_give_way()
        for left_out in steps:
            self.controls.give_way(left_out)
            arrangement = self._choose(width, height)
            if not arrangement.forced or left_out is steps[-1]:
                break
        self.office.set_title_size(arrangement.plan.office_title)
        self._apply(arrangement)
        self._page = min(first_shown // arrangement.per_page, arrangement.pages - 1)
        self._show_page()

    def _choose(self, width: int, height: int) -> Arrangement:
        portrait = height > width
        layouts = PORTRAIT_LAYOUTS if portrait else LANDSCAPE_LAYOUTS
        for (columns, picture, subtitles), (place, wrap, foot) in itertools.product(
                layouts, CONTROL_PLACES):
            found = self._try(Plan(columns, picture, subtitles, place, wrap,
                                   language_at_foot=foot), width, height, False)
            if found is not None:
                return found
        # Pages: the full header first; the welcome and the title's size give way only if
        # fewer than two buttons would fit a page. So does a portrait screen's large picture.
        best: Arrangement | None = None
        for paged_layouts in ((layouts, LANDSCAPE_LAYOUTS[-4:]) if portrait else (layouts,)):
            for styles in (((True, True, False), (True, True, True)),
                           ((False, True, True), (False, False, True))):
                for (welcome, office, label), (columns, picture, subtitles), \
                        (place, wrap, foot) in itertools.product(styles, paged_layouts,
                                                                 CONTROL_PLACES):
                    plan = Plan(columns, picture, subtitles, place, wrap, welcome, office,
                                label, foot)
                    found = self._try(plan, width, height, True)
                    if found is not None and (best is None or found.pages < best.pages):
                        best = found
                if best is not None and best.per_page >= 2:
                    break
            if best is not None and best.per_page >= 2:
                break
        if best is None:  # a window far smaller than any kiosk screen: a button at a time
            best = self._try(Plan(1, SMALL, False, BELOW, True, False, False, True, True), width,
                             height, True, force=True)
            if best is not None:
                best.forced = True
        if best is None:  # cannot be: nothing is refused when forced
            raise RuntimeError(f"no arrangement of the home screen at {width}x{height}")
        return best

    def _try(self, plan: Plan, width: int, height: int, paged: bool, *,
             force: bool = False) -> Arrangement | None:
        """Measure a plan at a size; None if it doesn't fit."""
        self.office.set_title_size(plan.office_title)
        margin, gap = self._look.px(MARGIN_MM), self._look.px(GAP_MM)
        inner = QRect(margin, margin, width - 2 * margin, height - 2 * margin)
        rects: dict[str, QRect] = {}
        controls = self._controls_size(plan, inner.width(), paged)
        if controls is None and not force:
            return None
        controls = controls or (max(1, (inner.width() - gap) // 2), self._look.px(22), 0)
        header = self._place_header(plan, inner, controls, paged, rects)
        if header is None and not force:
            return None
        footer = self._place_footer(plan, inner, controls, paged, rects)
        if footer is None and not force:
            return None
        body = QRect(inner.left(), inner.top() + (header or 0) + gap, inner.width(),
                     inner.height() - (header or 0) - gap - ((footer or 0) + gap if footer
                                                            else 0))
        return self._place_body(plan, body, width, paged, rects, force=force)

    def _controls_size(self, plan: Plan, inner: int, paged: bool
                       ) -> tuple[int, int, int] | None:
        """(width of each control, its height, width left for the titles) for a plan."""
        gap = self._look.px(GAP_MM)
        buttons = self._controls_in(plan)
        natural, narrowest = self._button_widths(buttons)
        count = len(buttons)
        if plan.controls in (BELOW, UNDER):
            each = min(natural, inner)
            if plan.controls == BELOW:  # in a row, or in as few rows as their words allow
                each = next((w for w in (min(natural, (inner - (c - 1) * gap) // c)
                                         for c in range(count, 0, -1)) if w >= narrowest),
                            min(natural, inner))
            height = max(self._height(b, each) for b in buttons)
            if each < narrowest or height > buttons[0].maximumHeight():
                return None
            return each, height, inner
        each = narrowest if plan.wrap_controls else natural
        block = count * each + (count - 1) * gap if plan.controls == BESIDE else each
        titles = inner - block - 2 * gap
        height = max(self._height(b, each) for b in buttons)
        if titles < self._titles_least_width(plan, inner, paged) \
                or height > buttons[0].maximumHeight():
            return None
        return each, height, titles

    def _controls_in(self, plan: Plan) -> list[TouchButton]:
        """The switches, where the plan puts them (top right, or at the foot); the language
        button has a place of its own at the foot, left of the paging buttons (three in a row
        don't fit a 10-inch screen). In a column at the foot, all go in the column."""
        if plan.controls == UNDER or not plan.language_at_foot:
            return list(self.controls.buttons)
        foot = self._foot_buttons(plan)
        return [b for b in self.controls.buttons if b not in foot]

    def _foot_buttons(self, plan: Plan) -> list[TouchButton]:
        """The controls at the foot's left, beside or above the paging buttons: the choices
        made once (the language, Take it home), then Read aloud's buttons (a 10-inch screen
        has no room for them all at the top); only those Home has not left out (GIVE_WAY)."""
        if plan.controls == UNDER or not plan.language_at_foot:
            return []
        shown = self.controls.buttons
        once = [b for b in (self.controls.language, self.controls.take_home)
                if b is not None and b in shown]
        return once + list(self.controls.voice_placed())

    def _control_names(self, plan: Plan) -> list[str]:
        """The rects' keys of the controls the plan places together, in order."""
        return [button.objectName() for button in self._controls_in(plan)]

    def _titles_least_width(self, plan: Plan, inner: int, paged: bool) -> int:
        """The office's name on one line if it can be, and no word of any title line broken."""
        labels = [self.office, *([self.welcome] if plan.welcome else [])]
        least = max(self._longest_word(label) for label in labels)
        if paged and plan.label_in_header:
            least = max(least, self._longest_word(self.page_label, self._page_texts))
        return max(least, min(self._natural(self.office), inner // 2))

    def _place_header(self, plan: Plan, inner: QRect, controls: tuple[int, int, int],
                      paged: bool, rects: dict[str, QRect]) -> int | None:
        """The office's name, the welcome (and the page line), the controls: their height."""
        gap = self._look.px(GAP_MM)
        each, control_height, titles_width = controls
        titles = self._place_titles(plan, inner.topLeft(), titles_width, paged, rects)
        right = inner.right() + 1
        block = 0
        names = self._control_names(plan)
        if plan.controls == BESIDE:  # a row, ending at the right margin
            first = right - len(names) * (each + gap) + gap
            for index, name in enumerate(names):
                rects[name] = QRect(first + index * (each + gap), inner.top(), each,
                                    control_height)
            block = control_height
        elif plan.controls == STACKED:  # a column at the right margin
            for index, name in enumerate(names):
                rects[name] = QRect(right - each, inner.top() + index * (control_height + gap),
                                    each, control_height)
            block = len(names) * (control_height + gap) - gap
        height = max(titles, block)
        if plan.picture == SMALL:  # a small drawing by the titles, where there is room
            thumb = QRect(0, inner.top(), titles * 10 // 9, titles)
            used = max(r.right() + 1 for key, r in rects.items()
                       if key in ("office", "welcome", "page-label"))
            room_right = inner.left() + titles_width
            if used + 2 * gap + thumb.width() <= room_right:
                thumb.moveRight(room_right - 1)
                rects["thumbnail"] = thumb
        return height

    def _place_titles(self, plan: Plan, corner: QPoint, width: int, paged: bool,
                      rects: dict[str, QRect]) -> int:
        """The office's name, then the welcome, then (if it goes here and not beside the name)
        the page line: their height."""
        gap = self._look.px(GAP_MM)
        x, y = corner.x(), corner.y()
        office_w, office_h = self._label_box(self.office, width)
        rects["office"] = QRect(x, y, office_w, office_h)
        line, below = office_h, None
        if paged and plan.label_in_header:
            texts = self._page_texts
            natural = self._natural(self.page_label, texts)
            if office_w + 2 * gap + natural <= width:  # on the name's line, at its right end
                label_h = max(self._height(self.page_label, natural, t) for t in texts)
                line = max(office_h, label_h)
                rects["office"].moveTop(y + (line - office_h) // 2)
                rects["page-label"] = QRect(x + width - natural, y + (line - label_h) // 2,
                                            natural, label_h)
            else:
                below = self._label_box(self.page_label, width, texts)
        y += line
        if plan.welcome:
            welcome_w, welcome_h = self._label_box(self.welcome, width)
            rects["welcome"] = QRect(x, y + gap // 2, welcome_w, welcome_h)
            y += gap // 2 + welcome_h
        if below is not None:
            rects["page-label"] = QRect(x, y + gap // 2, *below)
            y += gap // 2 + below[1]
        return y - corner.y()

    def _pager_size(self, plan: Plan, inner: int) -> tuple[int, int, int, int] | None:
        """(width of each paging button, the row's height, the page line's width and height;
        0 when the line is in the header)."""
        gap = self._look.px(GAP_MM)
        pager = (self.back_button, self.more_button)
        natural, narrowest = self._button_widths(pager)
        each = max(self._look.px(PAGER_MIN_WIDTH_MM), natural)
        label = (0, 0)
        room = inner - 2 * each - 4 * gap
        if not plan.label_in_header:
            line = self._natural(self.page_label, self._page_texts)
            if line > room:  # wrap the buttons' words first, then the line's
                each = max(narrowest, min(each, (inner - line) // 2 - 2 * gap))
                room = inner - 2 * each - 4 * gap
            if room < self._longest_word(self.page_label, self._page_texts):
                return None
            label = self._label_box(self.page_label, room, self._page_texts)
        elif 2 * each + gap > inner:  # a narrow screen: the two share its width
            each = max(narrowest, (inner - gap) // 2)
        buttons = max(self._height(b, each) for b in pager)
        if 2 * each + gap > inner or buttons > pager[0].maximumHeight():
            return None
        row = max(buttons, label[1])
        return each, row, *label

    def _place_footer(self, plan: Plan, inner: QRect, controls: tuple[int, int, int],
                      paged: bool, rects: dict[str, QRect]) -> int | None:
        """At the foot, from the bottom up: the switches (if they go here), then a row with the
        language button at its left and the paging buttons at its right; their height."""
        gap = self._look.px(GAP_MM)
        bottom = inner.bottom() + 1
        left, right = inner.left(), inner.right() + 1
        rows = self._place_foot_controls(plan, inner, controls, rects)  # used, from the bottom
        foot = self._foot_buttons(plan)
        language = foot[0] if foot else None
        pager = self._pager_size(plan, inner.width()) if paged else None
        if paged and pager is None:
            return None
        if len(foot) > 1:  # the language with Take it home or Read aloud's buttons
            return self._place_foot_group(inner, foot, pager, rows, rects)
        if language is None and pager is None:
            return rows
        row_bottom = bottom - rows - gap if rows else bottom
        row = 0
        used = 0  # of the row's width, from the right, by the paging buttons
        if pager is not None:
            button, row, label_w, label_h = pager
            used = 2 * button + (label_w + 4 * gap if label_w else gap)
        if language is not None:
            widths = self._foot_widths(foot, inner.width(), used)
            lang_w = sum(widths) + gap * (len(foot) - 1)
            lang_h = max(self._height(b, w) for b, w in zip(foot, widths, strict=True))
            if pager is not None and lang_w + 2 * gap + used > inner.width():
                # The paging buttons' words wrapped, to leave the language button room beside.
                narrow = self._button_widths((self.back_button, self.more_button))[1]
                narrow_used = used - 2 * (button - narrow)
                if narrow < button and lang_w + 2 * gap + narrow_used <= inner.width():
                    row = max(row, *(self._height(b, narrow)
                                     for b in (self.back_button, self.more_button)))
                    pager = (narrow, row, label_w, label_h)
                    used = narrow_used
            if used and lang_w + 2 * gap + used > inner.width():  # no room beside: a row above
                self._place_foot_buttons(foot, widths, left, row_bottom - lang_h, lang_h, rects)
                rows = bottom - row_bottom + lang_h + gap
                row_bottom -= lang_h + gap
            else:
                row = max(row, lang_h)
                self._place_foot_buttons(foot, widths, left,
                                         row_bottom - row + (row - lang_h) // 2, lang_h, rects)
        if pager is not None:
            self._place_pager(pager, QRect(right - used, row_bottom - row, used, row), rects)
        return bottom - (row_bottom - row)

    def _place_foot_group(self, inner: QRect, foot: list[TouchButton],
                          pager: tuple[int, int, int, int] | None, rows: int,
                          rects: dict[str, QRect]) -> int | None:
        """The foot's buttons and the paging buttons, as low as they go: in their order, or
        Read aloud's buttons first (then a choice made once may sit beside the paging
        buttons); each with the paging buttons' words wrapped too. The lowest wins, the first
        of equals: their height, with the rows under it."""
        candidates = [(foot, pager)]
        voice = [b for b in foot if b in self.controls.voice_placed()]
        once = [b for b in foot if b not in voice]
        if voice and once:
            candidates.append(([*voice, *once], pager))
        if pager is not None:
            paging = (self.back_button, self.more_button)
            narrow = self._button_widths(paging)[1]
            row = max(pager[1], *(self._height(b, narrow) for b in paging))
            if narrow < pager[0] and row <= self.back_button.maximumHeight():
                candidates += [(order, (narrow, row, pager[2], pager[3]))
                               for order, _ in list(candidates)]
        best: tuple[int, dict[str, QRect]] | None = None
        for order, paged in candidates:
            trial: dict[str, QRect] = {}
            height = self._place_foot_rows(inner, order, paged, rows, trial)
            if height is not None and (best is None or height < best[0]):
                best = (height, trial)
        if best is None:
            return None
        rects.update(best[1])
        return best[0]

    def _place_foot_rows(self, inner: QRect, foot: list[TouchButton],
                         pager: tuple[int, int, int, int] | None, rows: int,
                         rects: dict[str, QRect]) -> int | None:
        """The foot's buttons (_foot_buttons) in rows at the foot's left, each at its natural
        width; the last row beside the paging buttons where there is room (all of them in one
        row there, their words wrapped, where that is what fits), else above them: the height
        of it all, with the rows under it."""
        gap = self._look.px(GAP_MM)
        bottom, left, right = inner.bottom() + 1, inner.left(), inner.right() + 1
        widths = [min(self._button_widths([button])[0], inner.width()) for button in foot]
        if any(button.narrowest() > width for button, width in zip(foot, widths, strict=True)):
            return None
        if pager is not None:
            used = 2 * pager[0] + (pager[2] + 4 * gap if pager[2] else gap)
            if sum(widths) + gap * (len(foot) - 1) + 2 * gap + used > inner.width():
                wrapped = self._foot_widths(foot, inner.width(), used)
                if sum(wrapped) + gap * (len(foot) - 1) + 2 * gap + used <= inner.width() \
                        and all(b.narrowest() <= w for b, w in zip(foot, wrapped, strict=True)):
                    widths = wrapped
        lines = self._foot_lines(widths, inner.width())
        if len(lines) > 1:  # one row above the paging buttons, words wrapped, saves a row
            wrapped = self._foot_widths(foot, inner.width(), 0)
            if len(self._foot_lines(wrapped, inner.width())) == 1 and all(
                    b.narrowest() <= w and self._height(b, w) <= b.maximumHeight()
                    for b, w in zip(foot, wrapped, strict=True)):
                widths, lines = wrapped, [list(range(len(foot)))]
        row_bottom = bottom - rows - gap if rows else bottom

        def place(line: list[int], top: int, height: int) -> None:
            x = left
            for i in line:
                tall = self._height(foot[i], widths[i])
                rects[foot[i].objectName()] = QRect(x, top + (height - tall) // 2, widths[i],
                                                    tall)
                x += widths[i] + gap

        def line_height(line: list[int]) -> int:
            return max(self._height(foot[i], widths[i]) for i in line)

        if pager is not None:
            button, row, label_w, _ = pager
            used = 2 * button + (label_w + 4 * gap if label_w else gap)
            last = lines[-1]
            last_w = sum(widths[i] for i in last) + gap * (len(last) - 1)
            if last_w + 2 * gap + used <= inner.width():  # the last line beside them
                if line_height(last) > foot[0].maximumHeight():
                    return None
                row = max(row, line_height(last))
                place(last, row_bottom - row, row)
                lines = lines[:-1]
            self._place_pager(pager, QRect(right - used, row_bottom - row, used, row), rects)
            row_bottom -= row + gap
        for line in reversed(lines):
            tall = line_height(line)
            if tall > foot[0].maximumHeight():
                return None
            place(line, row_bottom - tall, tall)
            row_bottom -= tall + gap
        return bottom - (row_bottom + gap)

    def _foot_lines(self, widths: list[int], room: int) -> list[list[int]]:
        """The foot's buttons, by index, in rows as wide as the room, in order."""
        gap = self._look.px(GAP_MM)
        lines: list[list[int]] = [[]]
        for index, width in enumerate(widths):
            line = lines[-1]
            taken = sum(widths[i] for i in line) + gap * len(line)
            if line and taken + width > room:
                lines.append([index])
            else:
                line.append(index)
        return lines

    def _foot_widths(self, foot: list[TouchButton], inner: int, used: int) -> list[int]:
        """Each foot button's width: natural, or wrapped to its longest word where the row
        would not hold them beside the paging buttons otherwise."""
        gap = self._look.px(GAP_MM)
        natural = [self._button_widths([b])[0] for b in foot]
        room = inner - (used + 2 * gap if used else 0) - gap * (len(foot) - 1)
        if len(foot) > 1 and sum(natural) > room:
            narrow = [self._button_widths([b])[1] for b in foot]
            natural = [max(n, min(w, room // len(foot))) for n, w in zip(narrow, natural,
                                                                          strict=True)]
        share = (inner - gap * (len(foot) - 1)) // len(foot)
        return [min(w, share if len(foot) > 1 else inner) for w in natural]

    def _place_foot_buttons(self, foot: list[TouchButton], widths: list[int], left: int,
                            top: int, height: int, rects: dict[str, QRect]) -> None:
        gap = self._look.px(GAP_MM)
        for button, width in zip(foot, widths, strict=True):
            rects[button.objectName()] = QRect(left, top, width, height)
            left += width + gap

    def _place_foot_controls(self, plan: Plan, inner: QRect, controls: tuple[int, int, int],
                             rects: dict[str, QRect]) -> int:
        """The controls that go at the very foot, in a row (two, where one is too narrow) or a
        column: their height."""
        gap = self._look.px(GAP_MM)
        each, control_height, _ = controls
        bottom, left = inner.bottom() + 1, inner.left()
        names = self._control_names(plan)
        if plan.controls == BELOW:
            columns = max(1, min(len(names), (inner.width() + gap) // (each + gap)))
        elif plan.controls == UNDER:
            columns = 1
        else:
            return 0
        lines = -(-len(names) // columns)
        rows = lines * (control_height + gap) - gap
        for index, name in enumerate(names):
            line, column = divmod(index, columns)
            rects[name] = QRect(left + column * (each + gap),
                                bottom - rows + line * (control_height + gap), each,
                                control_height)
        return rows

    def _place_pager(self, pager: tuple[int, int, int, int], row: QRect,
                     rects: dict[str, QRect]) -> None:
        """Back at the row's left, More topics at its right, the page line between."""
        button, _, label_w, label_h = pager
        back_h = self._height(self.back_button, button)
        more_h = self._height(self.more_button, button)
        rects["back"] = QRect(row.left(), row.top() + (row.height() - back_h) // 2, button,
                              back_h)
        rects["more"] = QRect(row.right() + 1 - button, row.top() + (row.height() - more_h) // 2,
                              button, more_h)
        if label_w:
            middle = (rects["back"].right() + 1 + rects["more"].left()) // 2
            rects["page-label"] = QRect(middle - label_w // 2,
                                        row.top() + (row.height() - label_h) // 2, label_w,
                                        label_h)

    def _place_body(self, plan: Plan, body: QRect, width: int, paged: bool,
                    rects: dict[str, QRect], *, force: bool) -> Arrangement | None:
        """The grid of topic buttons and the picture, in what is left between."""
        mm = self._look.metrics.mm
        gap = self._look.px(GAP_MM)
        count = len(self.buttons)
        grid_width = (body.width() - 2 * gap) // 2 if plan.picture == SIDE else body.width()
        if plan.picture == SIDE and mm(body.width() - grid_width - 2 * gap) \
                < PICTURE_MIN_WIDTH_MM:
            return None
        button = (grid_width - (plan.columns - 1) * gap) // plan.columns
        narrowest = self._button_widths(self.buttons)[1]
        if not force and (plan.columns > count or button < narrowest
                          or mm(button) < BUTTON_MIN_WIDTH_MM[plan.columns]):
            return None
        natural = max(b.height_for(button, compact=not plan.subtitles) for b in self.buttons)
        if natural > self.buttons[0].maximumHeight() and not force:
            return None  # its words would be cut off at the button's greatest height
        room = whole = body.height()
        if plan.picture == TOP:
            room -= math.ceil(width * PORTRAIT_PICTURE_SHARE * self._drawing[1]
                              / self._drawing[0]) + gap
        fit = max(0, (room + gap) // (natural + gap)) * plan.columns
        paging = self._paging(count, fit, paged, force=force)
        if paging is None:
            return None
        per_page, pages = paging
        rows = -(-per_page // plan.columns)
        if plan.picture == TOP:  # rows only get what the picture, at full width, can't use
            hint = self._label_box(self.hint, body.width(), [self._tap_hint, *self._head_names])
            room = whole - int(body.width() * self._drawing[1] / self._drawing[0]) - hint[1] \
                - 2 * gap
        # Room to spare: rows grow a little, never to a slab.
        limit = min(self.buttons[0].maximumHeight(), int(natural * ROW_GROWTH))
        row = max(natural, min(limit, (room - (rows - 1) * gap) // rows))
        grid_height = rows * row + (rows - 1) * gap
        top = body.bottom() + 1 - grid_height if plan.picture == TOP else body.top()
        cells = [QRect(body.left() + (i % plan.columns) * (button + gap),
                       top + (i // plan.columns) * (row + gap), button, row)
                 for i in range(per_page)]
        arrangement = Arrangement(plan, per_page, pages, cells, rects)
        if plan.picture == SIDE:
            self._place_picture(QRect(body.left() + grid_width + 2 * gap, body.top(),
                                      body.width() - grid_width - 2 * gap, body.height()),
                                arrangement, 0)
        elif plan.picture == TOP:
            self._place_picture(QRect(body.left(), body.top(), body.width(),
                                      top - gap - body.top()),
                                arrangement, math.ceil(width * PORTRAIT_PICTURE_SHARE))
        return arrangement

    @staticmethod
    def _paging(count: int, fit: int, paged: bool, *, force: bool) -> tuple[int, int] | None:
        """(buttons a page, pages) when fit buttons fit a page; None if that won't do."""
        if not paged:
            return (count, 1) if fit >= count else None
        per_page = min(count, fit)
        if per_page < 1:
            if not force:
                return None
            per_page = 1
        pages = -(-count // per_page)
        if pages < 2 and not force:
            return None
        return -(-count // pages), pages  # pages as even as they can be

    def _drawing_size(self, width: int, height: int) -> tuple[int, int]:
        """The drawing's size, in whole pixels, as large as fits width x height."""
        scale = min(width / self._drawing[0], height / self._drawing[1])
        return int(self._drawing[0] * scale), int(self._drawing[1] * scale)

    def _tappable(self, size: tuple[int, int]) -> bool:
        """Whether a drawing of this size has its heads a finger apart (as FootIllustration
        works it out for a widget of that size)."""
        scale = min(size[0] / self._drawing[0], size[1] / self._drawing[1])
        return self._look.metrics.mm(scale * self._head_step) >= HEAD_ZONE_MM

    def _place_picture(self, band: QRect, arrangement: Arrangement, least: int) -> None:
        """The drawing as large as the band allows, centred, with its hint below it when its
        heads are big enough to tap (and the hint's room leaves them so). A drawing whose
        heads could be tapped but has no room for the hint that names them is kept just too
        small to tap: a tap must never do something nobody can see."""
        gap = self._look.px(GAP_MM)
        texts = [self._tap_hint, *self._head_names]
        hint_w, hint_h = self._label_box(self.hint, band.width(), texts)
        drawing = self._drawing_size(band.width(), band.height())
        smaller = self._drawing_size(band.width(), band.height() - hint_h - gap)
        hint = self._tappable(smaller) and smaller[0] >= least
        if hint:
            drawing = smaller
        else:
            while self._tappable(drawing) and drawing[0] > least:
                drawing = self._drawing_size(drawing[0] - max(1, drawing[0] // 100), drawing[1])
        group = drawing[1] + (hint_h + gap if hint else 0)
        top = band.top() + (band.height() - group) // 2
        picture = QRect(band.left() + (band.width() - drawing[0]) // 2, top, *drawing)
        arrangement.rects["picture"] = picture
        if hint:
            arrangement.rects["hint"] = QRect(band.left() + (band.width() - hint_w) // 2,
                                              picture.bottom() + 1 + gap, hint_w, hint_h)
        arrangement.hint = hint

    # --- showing ---------------------------------------------------------------------------

    def _apply(self, arrangement: Arrangement) -> None:
        self._arrangement = arrangement
        rects = arrangement.rects
        for button in self.buttons:
            button.set_compact(not arrangement.plan.subtitles)
        parts = {"office": self.office, "welcome": self.welcome, "thumbnail": self.thumbnail,
                 "picture": self.picture, "hint": self.hint,
                 **{button.objectName(): button for button in self.controls.buttons}}
        for name, widget in parts.items():
            rect = rects.get(name)
            if rect is None:
                # Of no size, then hidden: a hidden picture never counts as tappable.
                widget.setGeometry(QRect(0, 0, 0, 0))
                widget.hide()
            else:
                widget.setGeometry(rect)
                widget.show()
        for name, widget in (("back", self.back_button), ("more", self.more_button),
                             ("page-label", self.page_label)):
            if name in rects:
                widget.setGeometry(rects[name])

    def _show_page(self) -> None:
        arrangement = self._arrangement
        if arrangement is None:
            return
        first = self._page * arrangement.per_page
        for index, button in enumerate(self.buttons):
            slot = index - first
            if 0 <= slot < arrangement.per_page:
                button.setGeometry(arrangement.cells[slot])
                button.show()
            else:
                button.hide()
        paged = arrangement.pages > 1
        self.back_button.setVisible(paged and self._page > 0)
        self.more_button.setVisible(paged and self._page < arrangement.pages - 1)
        if paged:
            last = min(first + arrangement.per_page, len(self.buttons))
            self.page_label.setText(self._words.topics_shown.format(
                first=first + 1, last=last, count=len(self.buttons)))
        self.page_label.setVisible(paged)
