"""One topic's page: its title, its text in parts that fit the screen, the foot with its parts
marked, the big nav buttons and the patient's own switches.

Nothing on a page is out of sight: where the text is longer than its area, it is cut into parts
between lines, and Next (reading "More") turns them before going on to the next topic. Where
everything goes is measured in millimetres for the screen and text size at hand: of a few
arrangements (one row of five buttons, two rows, the switches or the nav buttons in a column
beside the text; the picture beside the text, or above it in portrait), the simplest whose text
area holds about as much as the roomiest's. Every topic page of a screen picks the same one,
with a picture of the same size, so nothing jumps about from page to page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QFontMetrics, QFontMetricsF, QResizeEvent, QShowEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QWidget

from kiosk.content import MAX_TITLE_CHARS, Content
from kiosk.illustration import FootIllustration
from kiosk.read_aloud import ReadAloud
from kiosk.screens.controls import PatientControls
from kiosk.screens.text_view import TextView
from kiosk.screens.widgets import Page, TextLabel, TouchButton, lock_widget
from kiosk.theme import GAP_MM, MARGIN_MM, TITLE_CAP_MM, Look
from kiosk.visit import Visit

# Below this height the foot is too small to make out: its caption gives way to it.
PICTURE_MIN_MM = 35.0
# The picture's share of the body: of its width beside the text, of its height above it.
PICTURE_SHARE = 0.4
# WCAG 1.4.8: lines of body text hold 80 characters or fewer.
MAX_LINE_CHARS = 80
# A text column narrower than this many characters is not worth reading.
MIN_LINE_CHARS = 12
# An arrangement without the picture counts its text area at this share: it is chosen only
# where it holds some three times as much as any with the picture (in practice, where the
# picture doesn't fit at all).
NO_PICTURE_WEIGHT = 1 / 3
# A text area holding this many characters shows a whole topic of about 120 words (the
# longest bundled one) at once: more room buys nothing more.
WHOLE_TOPIC_CHARS = 700
# Arrangements whose text area holds at least this share of the roomiest one's (up to a whole
# topic) are as good; of those, the one with the picture, then the usual margin, then the
# simpler arrangement (earlier in ARRANGEMENTS) wins.
GOOD_ENOUGH = 0.9
# A text area must hold this many lines (one line a part reads as a ticker, not a page).
MIN_LINES = 2
ARRANGEMENTS = ("one-row", "two-rows", "switch-column", "switch-column/wrapped", "nav-column",
                "voice-row",  # Read aloud's buttons in a row of their own, while it is on
                "rows")  # the last resort, never chosen among the others
NO_PICTURE = "/no-picture"  # the arrangement's name, without the picture
# The voice's own row of buttons is worth it only where the text keeps this many lines a part.
VOICE_ROW_MIN_LINES = 5
# On a screen too small for the usual margin, a narrower one, where it buys room.
TIGHT_MARGIN_MM = 4.0
# Ordinary text averages about this share of a font's average character width (which counts
# capitals and wide letters as often as e and i).
TYPICAL_CHAR_SHARE = 0.8
# The counter is measured as if the topic had this many parts, so that it never needs more room
# than was kept for it.
WIDEST_PAGE_NUMBER = 99
# The foot drawing is 1000 x 900.
DRAWING_RATIO = 0.9
# Room is kept for a caption of this many lines under a picture beside the text where the
# picture keeps at least CAPTION_COST of its height; else the caption gives way to it.
CAPTION_LINES = 3
CAPTION_COST = 0.75


@dataclass
class Plan:
    """Where everything on a page goes, and how much text its text area holds."""

    name: str
    title: QRect
    counter: QRect
    counter_beside: bool
    text: QRect
    picture: QRect | None
    caption: QRect | None
    buttons: list[tuple[TouchButton, QRect]] = field(default_factory=list)
    capacity: float = 0.0  # characters one part holds, about (a third without the picture)
    margin_mm: float = MARGIN_MM

    @property
    def preference(self) -> tuple[bool, bool, int, float]:
        """Among plans as good as each other, smaller is better: the picture shown, the usual
        margin, the simpler arrangement, the roomier text."""
        arrangement = ARRANGEMENTS.index(self.name.removesuffix(NO_PICTURE))
        return (self.picture is None, self.margin_mm != MARGIN_MM, arrangement,
                -self.capacity)


def choose(plans: list[Plan]) -> Plan:
    """The preferred plan among those whose text area holds about as much as the roomiest."""
    def room(plan: Plan) -> float:
        return min(plan.capacity, WHOLE_TOPIC_CHARS)

    roomiest = max(room(plan) for plan in plans)
    good = [plan for plan in plans if room(plan) >= GOOD_ENOUGH * roomiest]
    return min(good, key=lambda plan: plan.preference)


class Choices:
    """The arrangement chosen for a screen size, look and set of words, shared by every topic
    page of a window: the choice doesn't depend on the topic, so a change of text size makes it
    once, not once a page. A few entries (sizes a window was dragged through) are kept."""

    KEPT = 16

    def __init__(self) -> None:
        self._chosen: dict[tuple[object, ...], tuple[str, float]] = {}

    def get(self, key: tuple[object, ...]) -> tuple[str, float] | None:
        return self._chosen.get(key)

    def keep(self, key: tuple[object, ...], choice: tuple[str, float]) -> None:
        if len(self._chosen) >= self.KEPT:
            self._chosen.clear()
        self._chosen[key] = choice


_HeadingMaker = Callable[[int, int, int], "_Heading"]


@dataclass
class _Heading:
    title: QRect
    counter: QRect
    beside: bool

    @property
    def bottom(self) -> int:
        return max(self.title.bottom(), self.counter.bottom()) + 1


@dataclass
class _Row:
    """Buttons side by side: their widths, the gap between them, one height for all."""

    buttons: list[TouchButton]
    widths: list[int]
    gap: int
    height: int

    def place(self, x: int, y: int) -> list[tuple[TouchButton, QRect]]:
        placed = []
        for button, width in zip(self.buttons, self.widths, strict=True):
            placed.append((button, QRect(x, y, width, self.height)))
            x += width + self.gap
        return placed


class TopicScreen(Page):
    """Built once per topic; turns its own parts, and asks for other pages with signals."""

    home_requested = Signal()
    previous_requested = Signal()
    next_requested = Signal()

    def __init__(self, look: Look, content: Content, index: int, renderer: QSvgRenderer,
                 visit: Visit, choices: Choices, parent: QWidget | None = None, *,
                 reader: ReadAloud | None = None) -> None:
        super().__init__(parent)
        self._look = look
        self._content = content
        self._index = index
        self._choices = choices
        topic = self.topic = content.topics[index]
        words = self._words = content.words
        self._heads = words.heads
        self._number, self._count = index + 1, len(content.topics)
        self.plan: Plan | None = None
        self._take_home_gave_way = False  # no room for its button here (the body says ask)
        self._nominal = False  # measuring for a topic in general, not this one
        self._memo: dict[object, int] = {}
        lock_widget(self)

        self.title = TextLabel(look, topic.title, self, cap_mm=TITLE_CAP_MM, bold=True)
        self.counter = TextLabel(look, "", self)
        self.text = TextView(look, self.body, self)
        self.picture = FootIllustration(look, renderer, self, highlight=topic.highlight)
        self.picture.setAccessibleName(topic.picture)
        self.caption = TextLabel(look, topic.picture, self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.picture.head_tapped.connect(self._name_head)
        self.picture.set_words(words)  # the legend; opens larger where too small to tap

        self.home_button = TouchButton(look, words.home, self, icon="home")
        self.previous_button = TouchButton(look, words.previous, self, icon="back")
        self.next_button = TouchButton(look, words.next, self, icon="next")
        self.controls = PatientControls(look, content, visit, self, reader=reader,
                                        page=topic.slug, changed=self.look_changed)
        self.home_button.setObjectName("home")
        self.previous_button.setObjectName("previous")
        self.next_button.setObjectName("next")
        self.home_button.clicked.connect(self.home_requested)
        self.previous_button.clicked.connect(self._previous)
        self.next_button.clicked.connect(self._next)
        self.text.paged.connect(self._show_part)
        visit.language_changed.connect(self.set_language)
        if visit.language != content.languages[0].code:
            self.set_language(visit.language)
        look.changed.connect(self.look_changed)
        if reader is not None:
            reader.marked.connect(self.mark)
        self.restyle()

    def mark(self, page: str, text: str, seconds: float = 0.0) -> None:
        """Read aloud speaks these words (for seconds): the title, a sentence of the text
        (its parts turn with the voice) or the picture's description is tinted."""
        here = page == self.topic.slug and bool(text)
        title = here and text == self.title.text()
        caption = here and text == self.topic.picture
        self.title.set_marked(title)
        self.caption.set_marked(caption)
        if here and not title and not caption:
            self.text.mark(text, seconds)
        else:
            self.text.unmark()

    @property
    def body(self) -> str:
        """The text the page shows: the topic's, and on the last topic, where the office has
        no page to take home, where to get a printed copy."""
        no_button = not self._content.settings.take_home_url or self._take_home_gave_way
        if self._number == self._count and no_button:
            return f"{self.topic.body}\n\n{self._words.ask_front_desk}"
        return self.topic.body

    # --- the parts -------------------------------------------------------------------------

    @property
    def part(self) -> int:
        """The part of the text on show, from 0."""
        return self.text.part

    @property
    def parts(self) -> int:
        return self.text.parts

    def _next(self) -> None:
        # Only the page on show has a part on show (a hidden one isn't cut for its size yet).
        if self.isVisible() and self.text.part < self.text.parts - 1:
            self.text.set_part(self.text.part + 1)
        else:
            self.next_requested.emit()

    def _previous(self) -> None:
        if self.isVisible() and self.text.part > 0:
            self.text.set_part(self.text.part - 1)
        else:
            self.previous_requested.emit()

    def _show_part(self) -> None:
        """Next reads "More" while this topic has more to show; the counter names the part."""
        part, parts = self.text.part, self.text.parts
        more = part < parts - 1
        self.next_button.set_title(self._words.more if more else self._words.next)
        self.next_button.set_icon("more" if more else "next")
        # The first page has nowhere to go back to and the last nowhere next; Home always stays.
        self.next_button.setVisible(more or self._number < self._count)
        self.previous_button.setVisible(part > 0 or self._number > 1)
        self.counter.setText(self._counter_text(part + 1, parts))

    def _counter_text(self, page: int, pages: int, number: int | None = None) -> str:
        number = self._number if number is None else number
        text = self._words.topic_counter.format(number=number, count=self._count)
        if pages > 1:
            text += " · " + self._words.page_counter.format(page=page, pages=pages)
        return text

    def set_language(self, code: str) -> None:
        """The same topic in another language, on the part with the same number."""
        language = self._content.language(code)
        topic = self.topic = language.topics[self._index]
        words = self._words = language.words
        self._heads = words.heads
        self.title.setText(topic.title)
        self.picture.setAccessibleName(topic.picture)
        self.picture.set_words(words)
        tapped = self.picture.tapped_head
        self.caption.setText(self._heads[tapped - 1] if tapped else topic.picture)
        self.home_button.set_title(words.home)
        self.previous_button.set_title(words.previous)
        self.controls.set_language(code)
        part = self.text.part  # the patient stays on the part with the same number
        self.text.set_markdown(self.body)
        self.look_changed()
        if self.isVisible():
            self.text.set_part(part)
        self._show_part()

    # --- as new ----------------------------------------------------------------------------

    def relayout(self) -> None:
        self.text.restyle()
        self._arrange(self.width(), self.height())

    def rewind(self) -> None:
        """As new: the first part of the text, the picture's words back to its description."""
        self.text.rewind()
        self.picture.clear_tap()
        self.caption.setText(self.topic.picture)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width(), event.size().height())

    def showEvent(self, event: QShowEvent) -> None:
        # A page of the stack is sized by the stack's layout only once the event loop runs:
        # a tap on Next straight after opening the page must already find its parts cut for
        # the real size.
        parent = self.parentWidget()
        if parent is not None and self.geometry() != parent.contentsRect():
            self.setGeometry(parent.contentsRect())
        super().showEvent(event)  # lays the page out, if a new look came while it was hidden

    def _name_head(self, number: int) -> None:
        self.caption.setText(self._heads[number - 1])

    # --- where everything goes -------------------------------------------------------------

    def _arrange(self, width: int, height: int) -> None:
        """Pick the arrangement for this size, and put everything in place.

        The choice is made for a topic in general (a long title of MAX_TITLE_CHARS letters, a
        caption of CAPTION_LINES), not for this page's own, so that every topic page of the
        screen chooses alike; then this page is laid out in it."""
        self._memo = {}
        self.title.set_title_size(True)
        key = (width, height, self._look.metrics, self._look.family, self._words, self._count,
               len(self.controls.buttons))
        chosen = self._choices.get(key)
        if chosen is None:
            plans = (self._plans(width, height, nominal=True)
                     or self._plans(width, height, nominal=True, strict=False))
            if not plans:
                fallback = self._plan_rows(width, height)
                if fallback is not None:
                    self._apply(fallback)
                return  # else not yet given a real size
            best = choose(plans)
            chosen = (best.name, best.margin_mm)
            self._choices.keep(key, chosen)
        name, margin_mm = chosen
        bare = name.removesuffix(NO_PICTURE) + NO_PICTURE
        mine = {plan.name: plan for plan in self._plans(width, height, nominal=False,
                                                        only={name, bare},
                                                        margins=(margin_mm,))}
        plan = mine.get(name) or mine.get(bare)
        if plan is None:  # this page's own title or caption doesn't fit the choice
            plans = (self._plans(width, height, nominal=False)
                     or self._plans(width, height, nominal=False, strict=False))
            plan = choose(plans) if plans else self._plan_rows(width, height)
            if plan is None:
                return
        self._apply(plan)

    def _plan_rows(self, width: int, height: int) -> Plan | None:
        """The last resort, where no arrangement above fits (a 10-inch screen, larger text,
        long words): the buttons in as many rows as their words need, at the foot, no
        picture, and the text in what is left, a line a part if need be. Where even one line
        would not fit, the patient's controls give way on this page, a step at a time, in
        GIVE_WAY's order (controls.py): the language, Take it home, Softer and Louder, Stop."""
        self.title.set_title_size(False)  # the title in bold body size: a line more for text
        self._memo = {}
        plan = None
        for left_out in self.controls.topic_give_way():
            kept = [b for b in self.controls.buttons if b not in left_out]
            voice = [b for b in kept if b in self.controls.voice_buttons()]
            rest = [b for b in kept if b not in voice]
            # The voice's buttons in rows of their own, then first (a shorter word first).
            for waiting in ([*rest, *voice], [*voice, *rest]) if voice and rest else (kept,):
                found = self._rows_plan(width, height, [*self._nav(), *waiting])
                if found is not None and found.text.height() >= self.text.line_height():
                    return found
                plan = found or plan
        return plan

    def _rows_plan(self, width: int, height: int, waiting: list[TouchButton]) -> Plan | None:
        margin, gap = self._look.px(TIGHT_MARGIN_MM), self._gap()
        inner = QRect(margin, margin, width - 2 * margin, height - 2 * margin)
        if inner.width() <= 0 or inner.height() <= 0:
            return None
        rows: list[_Row] = []
        while waiting:
            taken = next((n for n in range(len(waiting), 0, -1)
                          if self._row(waiting[:n], inner.width()) is not None), 1)
            row = self._row(waiting[:taken], inner.width())
            rows.append(row or _Row(waiting[:1], [inner.width()], gap,
                                    waiting[0].heightForWidth(inner.width())))
            waiting = waiting[taken:]
        y = inner.bottom() + 1
        buttons: list[tuple[TouchButton, QRect]] = []
        for row in reversed(rows):
            y -= row.height
            buttons = row.place(inner.x(), y) + buttons
            y -= gap
        head = self._heading_maker(False)(inner.x(), inner.y(), inner.width())
        text = QRect(inner.x(), head.bottom + gap, min(self._text_cap(), inner.width()),
                     max(1, y - head.bottom - gap))
        plan = self._plan("rows" + NO_PICTURE, head, text, None, None, buttons, False)
        if plan is not None:
            plan.margin_mm = TIGHT_MARGIN_MM
        return plan

    def _apply(self, plan: Plan) -> None:
        self.plan = plan
        flag = Qt.AlignmentFlag
        self.title.setAlignment(flag.AlignLeft | flag.AlignVCenter)
        self.counter.setAlignment(flag.AlignRight | flag.AlignVCenter if plan.counter_beside
                                  else flag.AlignLeft | flag.AlignTop)
        self.title.setGeometry(plan.title)
        self.counter.setGeometry(plan.counter)
        self.picture.setVisible(plan.picture is not None)
        if plan.picture is not None:
            self.picture.setGeometry(plan.picture)
        self.caption.setVisible(plan.caption is not None)
        if plan.caption is not None:
            self.caption.setGeometry(plan.caption)
        for button, rect in plan.buttons:
            button.setGeometry(rect)
        placed = {button for button, _ in plan.buttons}
        for button in self.controls.buttons:
            button.setVisible(button in placed)
        take_home = self.controls.take_home
        gave_way = take_home is not None and take_home not in placed
        if gave_way != self._take_home_gave_way:
            self._take_home_gave_way = gave_way
            if self._number == self._count:
                self.text.set_markdown(self.body)
        self.text.place(plan.text)
        self._fit_line_length(plan.text)
        self._show_part()

    def _fit_line_length(self, area: QRect) -> None:
        """The width cap is worked out from the text's average letter; should a line still hold
        more than MAX_LINE_CHARS, the column narrows until none does."""
        for _ in range(8):
            if self.text.longest_line() <= MAX_LINE_CHARS:
                return
            self.text.place(QRect(area.x(), area.y(), self.text.width() * 95 // 100,
                                  area.height()))

    # --- the arrangements ------------------------------------------------------------------

    def _plans(self, width: int, height: int, *, nominal: bool, strict: bool = True,
               only: set[str] | None = None,
               margins: tuple[float, ...] = (MARGIN_MM, TIGHT_MARGIN_MM)) -> list[Plan]:
        """Every arrangement that fits this size (or only those named), each with the text
        its area holds; nominal: for a topic in general rather than this one."""
        px = self._look.px
        self._nominal = nominal
        try:
            heading = self._heading_maker(nominal)
            found: list[Plan] = []
            for margin_mm in margins:
                margin = px(margin_mm)
                inner = QRect(margin, margin, width - 2 * margin, height - 2 * margin)
                if inner.width() < px(40) or inner.height() < px(40):
                    return []
                for name, build in self._candidates(inner, heading, height > width, strict):
                    if only is None or name in only:
                        plan = build()
                        if plan is not None:
                            plan.margin_mm = margin_mm
                            found.append(plan)
            return found
        finally:
            self._nominal = False

    def _candidates(self, inner: QRect, heading: _HeadingMaker, portrait: bool, strict: bool
                    ) -> Iterator[tuple[str, Callable[[], Plan | None]]]:
        """The arrangements by name, each with what builds its plan."""
        body = "above" if portrait else "beside"
        for picture in (body, "none"):
            suffix = "" if picture != "none" else NO_PICTURE
            yield "one-row" + suffix, partial(self._plan_one_row, inner, heading, picture,
                                              strict)
            yield "two-rows" + suffix, partial(self._plan_two_rows, inner, heading, picture,
                                               strict)
        for picture in (body, "none"):
            suffix = "" if picture != "none" else NO_PICTURE
            yield "voice-row" + suffix, partial(self._plan_voice_row, inner, heading, picture,
                                                strict)
        if portrait:  # a column beside the text would leave it too narrow
            return
        for shown in (True, False):
            suffix = "" if shown else NO_PICTURE
            yield "switch-column" + suffix, partial(self._plan_switch_column, inner, heading,
                                                    shown, False, strict)
            yield "switch-column/wrapped" + suffix, partial(
                self._plan_switch_column, inner, heading, shown, True, strict)
            yield "nav-column" + suffix, partial(self._plan_nav_column, inner, heading, shown,
                                                 strict)

    def _plan_one_row(self, inner: QRect, heading: _HeadingMaker, picture: str, strict: bool
                      ) -> Plan | None:
        """All five buttons in one row along the bottom: Home, the switches, Back, Next."""
        home, previous, following = self._nav()
        row = self._row([home, *self.controls.buttons, previous, following], inner.width())
        if row is None:
            return None
        head = heading(inner.x(), inner.y(), inner.width())
        row_y = inner.bottom() + 1 - row.height
        body = QRect(inner.x(), head.bottom + self._gap(), inner.width(),
                     row_y - self._gap() - head.bottom - self._gap())
        return self._finish("one-row", head, body, picture, row.place(inner.x(), row_y), strict)

    def _plan_two_rows(self, inner: QRect, heading: _HeadingMaker, picture: str, strict: bool
                       ) -> Plan | None:
        """The switches in a row above a row of Home, Back and Next."""
        nav = self._row(list(self._nav()), inner.width())
        switches = self._row(list(self.controls.buttons), inner.width())
        if nav is None or switches is None:
            return None
        head = heading(inner.x(), inner.y(), inner.width())
        nav_y = inner.bottom() + 1 - nav.height
        switches_y = nav_y - self._gap() - switches.height
        body = QRect(inner.x(), head.bottom + self._gap(), inner.width(),
                     switches_y - self._gap() - head.bottom - self._gap())
        buttons = switches.place(inner.x(), switches_y) + nav.place(inner.x(), nav_y)
        return self._finish("two-rows", head, body, picture, buttons, strict)

    def _plan_voice_row(self, inner: QRect, heading: _HeadingMaker, picture: str, strict: bool
                        ) -> Plan | None:
        """Read aloud's buttons (Stop, Softer, Louder) in a row of their own, above the
        switches' row, above Home, Back and Next: where the voice's buttons make the switches'
        row too long, the picture keeps its place."""
        voice = [b for b in self.controls.buttons if b in self.controls.voice_buttons()]
        if not voice:
            return None
        others = [b for b in self.controls.buttons if b not in voice]
        nav = self._row(list(self._nav()), inner.width())
        switches = self._row(others, inner.width())
        spoken = self._row(voice, inner.width())
        if nav is None or switches is None or spoken is None:
            return None
        gap = self._gap()
        head = heading(inner.x(), inner.y(), inner.width())
        nav_y = inner.bottom() + 1 - nav.height
        switches_y = nav_y - gap - switches.height
        spoken_y = switches_y - gap - spoken.height
        body = QRect(inner.x(), head.bottom + gap, inner.width(),
                     spoken_y - gap - head.bottom - gap)
        buttons = (spoken.place(inner.x(), spoken_y) + switches.place(inner.x(), switches_y)
                   + nav.place(inner.x(), nav_y))
        plan = self._finish("voice-row", head, body, picture, buttons, strict)
        least = self.text.line_height() + (VOICE_ROW_MIN_LINES - 1) * self.text.line_pitch()
        if plan is None or plan.text.height() < least:
            return None  # a ticker of a text to keep the picture: the last resort does better
        return plan

    def _plan_switch_column(self, inner: QRect, heading: _HeadingMaker, picture: bool,
                            wrapped: bool, strict: bool) -> Plan | None:
        """Home, Back and Next in a row along the bottom; the switches one above the other in
        a column beside the text, under the picture. Wrapped: the column only as wide as the
        switches' longest words, their titles on two lines."""
        gap = self._gap()
        nav = self._row(list(self._nav()), inner.width())
        if nav is None:
            return None
        switches = self.controls.buttons
        column = max((b.narrowest() if wrapped else b.sizeHint().width()) for b in switches)
        if picture:
            column = max(column, self._picture_min_width())
        head = heading(inner.x(), inner.y(), inner.width())
        nav_y = inner.bottom() + 1 - nav.height
        body = QRect(inner.x(), head.bottom + gap, inner.width(), nav_y - 2 * gap - head.bottom)
        text_width = min(self._text_cap(), inner.width() - column - self._column_gap())
        column = inner.width() - text_width - self._column_gap()
        side_x = inner.right() + 1 - column
        stack = self._column_stack(list(switches), column, side_x, body, picture)
        if stack is None:
            return None
        stack_top = min(rect.top() for _, rect in stack)
        buttons = stack + nav.place(inner.x(), nav_y)
        text = QRect(body.x(), body.y(), text_width, body.height())
        side = QRect(side_x, body.y(), column, stack_top - gap - body.y())
        name = "switch-column" + ("/wrapped" if wrapped else "")
        return self._finish_side(name, head, text, side if picture else None, buttons, strict)

    def _plan_nav_column(self, inner: QRect, heading: _HeadingMaker, picture: bool, strict: bool
                         ) -> Plan | None:
        """Home, Back and Next one above the other in a column on the right, the picture over
        them; the switches in a row under the text."""
        gap = self._gap()
        column = self._nav_min()
        if picture:
            column = max(column, self._picture_min_width())
        left = inner.width() - column - self._column_gap()
        switches = self._row(list(self.controls.buttons), left)
        if switches is None:
            return None
        side_x = inner.right() + 1 - column
        stack = self._column_stack(list(self._nav()), column, side_x, inner, picture)
        if stack is None:
            return None
        stack_top = min(rect.top() for _, rect in stack)
        head = heading(inner.x(), inner.y(), left)
        switches_y = inner.bottom() + 1 - switches.height
        buttons = switches.place(inner.x(), switches_y) + stack
        text = QRect(inner.x(), head.bottom + gap, min(left, self._text_cap()),
                     switches_y - 2 * gap - head.bottom)
        side = QRect(side_x, inner.y(), column, stack_top - gap - inner.y())
        return self._finish_side("nav-column", head, text, side if picture else None, buttons,
                                 strict)

    def _finish(self, name: str, head: _Heading, body: QRect, picture: str,
                buttons: list[tuple[TouchButton, QRect]], strict: bool) -> Plan | None:
        """The body (text and picture) of a plan whose buttons are all in rows."""
        gap = self._gap()
        cap = self._text_cap()
        if picture == "beside":
            width = min(int(body.width() * PICTURE_SHARE), int(body.height() / DRAWING_RATIO))
            width = max(width, self._picture_min_width())
            text_width = min(cap, body.width() - self._column_gap() - width)
            side_x = body.x() + text_width + self._column_gap()
            side = QRect(side_x, body.y(), body.right() + 1 - side_x, body.height())
            text = QRect(body.x(), body.y(), text_width, body.height())
            return self._finish_side(name, head, text, side, buttons, strict)
        if picture == "above":
            least = self._look.px(PICTURE_MIN_MM)
            # Larger text needs more room: the picture gives up as much of its share.
            share = PICTURE_SHARE / self._look.metrics.text_scale
            tall = min(int(body.width() * DRAWING_RATIO), max(least, int(body.height() * share)))
            if strict and tall < least:
                return None
            picture_rect = QRect(body.x(), body.y(), body.width(), tall)
            top = picture_rect.bottom() + 1 + gap
            caption_h = self._caption_height(body.width())
            caption_rect = None
            apart = 3 * gap  # well apart from the text under it, so it doesn't read as its start
            if body.bottom() + 1 - (top + caption_h + apart) >= body.height() * PICTURE_SHARE:
                caption_rect = QRect(body.x(), top, body.width(), caption_h)
                top = caption_rect.bottom() + 1 + apart
            text = QRect(body.x(), top, min(cap, body.width()), body.bottom() + 1 - top)
            return self._plan(name, head, text, picture_rect, caption_rect, buttons, strict)
        text = QRect(body.x(), body.y(), min(cap, body.width()), body.height())
        return self._plan(name + NO_PICTURE, head, text, None, None, buttons, strict)

    def _finish_side(self, name: str, head: _Heading, text: QRect, side: QRect | None,
                     buttons: list[tuple[TouchButton, QRect]], strict: bool) -> Plan | None:
        """A plan with the picture at the top of a column beside the text, its caption under
        it where there is room (the caption gives way to the picture); or without the
        picture. The picture's size comes from the column alone, so it is the same on every
        topic page: it neither jumps from page to page nor misses the drawing cache."""
        if side is None:
            return self._plan(name + NO_PICTURE, head, text, None, None, buttons, strict)
        least = self._look.px(PICTURE_MIN_MM)
        gap = self._gap()
        drawing = min(side.height(), int(side.width() * DRAWING_RATIO))
        if strict and drawing < least:
            return None
        # Room for a caption where that costs the picture little.
        kept = side.height() - self._caption_reserve() - gap
        if kept >= max(least, drawing * CAPTION_COST):
            drawing = min(drawing, kept)
        picture = QRect(side.x(), side.y(), side.width(), max(1, drawing))
        caption_h = self._caption_height(side.width())
        caption = None
        if picture.bottom() + 1 + gap + caption_h <= side.bottom() + 1:
            caption = QRect(side.x(), picture.bottom() + 1 + gap, side.width(), caption_h)
        return self._plan(name, head, text, picture, caption, buttons, strict)

    def _plan(self, name: str, head: _Heading, text: QRect, picture: QRect | None,
              caption: QRect | None, buttons: list[tuple[TouchButton, QRect]],
              strict: bool) -> Plan | None:
        """A plan, scored by how many characters its text area holds (if it is usable)."""
        metrics = QFontMetricsF(self._look.font())
        line = self.text.line_height()
        lines = 0 if text.height() < line else 1 + int((text.height() - line)
                                                       // self.text.line_pitch())
        chars = text.width() / (metrics.averageCharWidth() * TYPICAL_CHAR_SHARE)
        if strict and (lines < MIN_LINES or chars < MIN_LINE_CHARS):
            return None
        capacity = max(lines, 1) * min(chars, MAX_LINE_CHARS)
        if picture is None:
            capacity *= NO_PICTURE_WEIGHT
        return Plan(name, head.title, head.counter, head.beside, text, picture, caption,
                    buttons, capacity)

    # --- measures --------------------------------------------------------------------------

    def _gap(self) -> int:
        return self._look.px(GAP_MM)

    def _column_gap(self) -> int:
        return 2 * self._gap()

    def _nav(self) -> tuple[TouchButton, TouchButton, TouchButton]:
        return self.home_button, self.previous_button, self.next_button

    def _remember(self, key: object, work: Callable[[], int]) -> int:
        """A measure worked out once per arrangement pass (fonts only change between them)."""
        if key not in self._memo:
            self._memo[key] = work()
        return self._memo[key]

    def _nav_min(self) -> int:
        """One width for Home, Back and Next that breaks none of their words (Next's "More"
        included)."""
        return self._remember("nav", lambda: max(
            self.home_button.narrowest(), self.previous_button.narrowest(),
            self.next_button.narrowest(self._words.next),
            self.next_button.narrowest(self._words.more)))

    def _picture_min_width(self) -> int:
        return math.ceil(self._look.px(PICTURE_MIN_MM) / DRAWING_RATIO)

    def _text_cap(self) -> int:
        """The width of MAX_LINE_CHARS characters of ordinary text in the body font (the same
        on every page; a page whose lines still run longer narrows its text column alone)."""
        def work() -> int:
            metrics = QFontMetricsF(self._look.font())
            return int(MAX_LINE_CHARS * metrics.averageCharWidth() * TYPICAL_CHAR_SHARE)

        return self._remember("cap", work)

    def _caption_reserve(self) -> int:
        """The room kept under a picture for its caption, whatever the topic."""
        return CAPTION_LINES * (QFontMetrics(self.caption.font()).height() + 1)

    def _caption_height(self, width: int) -> int:
        """Room for the caption's longest words: the description or any head's name (tapping
        a head must not move the text)."""
        if self._nominal:  # any topic's
            return self._caption_reserve()

        def work() -> int:
            metrics = QFontMetrics(self.caption.font())
            flags = int(Qt.TextFlag.TextWordWrap)
            return max(metrics.boundingRect(QRect(0, 0, max(1, width), 100_000), flags, text)
                       .height() for text in (self.topic.picture, *self._heads))

        return self._remember(("caption", width), work)

    def _heading_maker(self, nominal: bool) -> _HeadingMaker:
        title_metrics = QFontMetrics(self.title.font())
        counter_metrics = QFontMetrics(self.counter.font())
        title_width = title_metrics.horizontalAdvance(self.topic.title)
        if nominal:
            title_width = int(MAX_TITLE_CHARS * TYPICAL_CHAR_SHARE
                              * title_metrics.averageCharWidth())
        widest = self._counter_text(WIDEST_PAGE_NUMBER, WIDEST_PAGE_NUMBER,
                                    number=self._count if nominal else self._number)
        counter_width = counter_metrics.horizontalAdvance(widest) + 2
        flags = int(Qt.TextFlag.TextWordWrap)

        def height(label: TextLabel, width: int, text_width: int, text: str) -> int:
            """As tall as the label needs for text at width (a line more than QFontMetrics
            says is sometimes needed: QLabel rounds differently)."""
            metrics = QFontMetrics(label.font())
            if nominal:
                return (metrics.height() + 1) * max(1, math.ceil(text_width / max(1, width)))
            box = metrics.boundingRect(QRect(0, 0, max(1, width), 100_000), flags, text)
            own = label.heightForWidth(width) if label.text() == text else 0
            return max(box.height(), own)

        def make(x: int, y: int, width: int) -> _Heading:
            space = 3 * self._gap()
            if title_width + space + counter_width <= width:
                title_w = width - space - counter_width
                tall = max(height(self.title, title_w, title_width, self.topic.title),
                           height(self.counter, counter_width, counter_width, widest))
                return _Heading(QRect(x, y, title_w, tall),
                                QRect(x + width - counter_width, y, counter_width, tall), True)
            title_h = height(self.title, width, title_width, self.topic.title)
            counter_h = height(self.counter, width, counter_width, widest)
            title = QRect(x, y, width, title_h)
            return _Heading(title, QRect(x, title.bottom() + 1, width, counter_h), False)

        return make

    def _row(self, buttons: list[TouchButton], width: int) -> _Row | None:
        """Buttons side by side in width: none narrower than its longest word, each on one
        line when there is room, spare room shared out to make them as even as can be, the
        widest gaps that fit (they keep fingers off the neighbouring button)."""
        wanted = [self._want(b) for b in buttons]
        least = [self._least(b) for b in buttons]
        gap = self._gap()
        for base in (wanted, least):
            for space in (3 * gap, 2 * gap, gap):
                room = width - space * (len(buttons) - 1)
                if sum(base) <= room:
                    widths = _even_out(base, room)
                    tall = max(b.heightForWidth(w) for b, w in zip(buttons, widths, strict=True))
                    return _Row(buttons, widths, space, tall)
        return None

    def _column_stack(self, buttons: list[TouchButton], width: int, x: int, area: QRect,
                      picture: bool) -> list[tuple[TouchButton, QRect]] | None:
        """Buttons one above the other at the bottom of area, with roomy gaps where that
        still leaves the picture room above them; None if they don't fit at all."""
        least = self._look.px(PICTURE_MIN_MM) + self._gap() if picture else 0
        for tight in (False, True):
            stack = self._stack(buttons, width, x, area.bottom() + 1, tight=tight)
            if min(rect.top() for _, rect in stack) - area.top() >= least:
                return stack
        return None

    def _stack(self, buttons: list[TouchButton], width: int, x: int, bottom: int, *,
               tight: bool = False) -> list[tuple[TouchButton, QRect]]:
        """Buttons one above the other, all as tall as the tallest title needs, the last
        one's bottom at bottom."""
        tall = max(b.heightForWidth(width) for b in buttons)
        # Roomy gaps where the buttons leave room for the picture above them, else the least.
        gap = self._gap() * (1 if tight else 2)
        placed = []
        y = bottom - len(buttons) * tall - (len(buttons) - 1) * gap
        for button in buttons:
            placed.append((button, QRect(x, y, width, tall)))
            y += tall + gap
        return placed

    def _want(self, button: TouchButton) -> int:
        """The width at which a button's title fits on one line."""
        if button in self._nav():
            return self._nav_min()
        return self._remember(("want", id(button)),
                              lambda: max(button.sizeHint().width(), button.narrowest()))

    def _least(self, button: TouchButton) -> int:
        if button in self._nav():
            return self._nav_min()
        return self._remember(("least", id(button)), button.narrowest)


def _even_out(widths: list[int], room: int) -> list[int]:
    """Widths grown to fill room, the narrowest first, until all are as even as room allows."""
    order = sorted(widths)
    level = order[0]
    spare = room - sum(widths)
    for index, width in enumerate(order):
        below = index + 1  # how many are at or under this width
        following = order[index + 1] if index + 1 < len(order) else None
        step = (following - width) * below if following is not None else None
        if step is None or spare < step:
            level = width + spare // below
            break
        spare -= step
    grown = [max(w, level) for w in widths]
    leftover = room - sum(grown)
    for index in range(len(grown)):  # the last pixels, one each from the left
        if leftover <= 0:
            break
        grown[index] += 1
        leftover -= 1
    return grown
