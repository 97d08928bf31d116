"""A laid-out text cut into parts that each fit a given height, between lines, never through one.

The patient moves through the parts with the big buttons, so no text hides below an edge and no
gesture is needed to reach it. Breaks fall between lines; a break between paragraphs (or list
items) is taken instead when it leaves little of the part empty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.record import Record

if TYPE_CHECKING:  # imported with the first topic page, after the first paint
    from PySide6.QtGui import QTextDocument

# A part may end at the last paragraph end before its last line when the room this leaves
# empty is at most this share of its height: a paragraph then starts at the top of a part.
PARAGRAPH_SLACK = 0.25
# Parts of at least this many lines never leave a paragraph's first line alone at their foot
# nor its last line alone at the next part's head (one line moves over instead).
LONE_LINE_PARTS = 4


class Line(Record):
    """One laid-out line, in document coordinates: where its ink is and which text it holds."""

    top: float
    bottom: float  # the bottom of its letters (descenders), not of the space after the line
    start: int  # document position of its first character
    text: str
    ends_block: bool  # the last line of its paragraph or list item


class Part(Record):
    """A run of whole lines, drawn together in the text's area."""

    first: int  # index of its first line
    last: int  # index of its last line (inclusive)
    top: float  # document y where its first line starts
    bottom: float  # document y where its last line's letters end

    @property
    def height(self) -> float:
        return self.bottom - self.top


def document_lines(document: QTextDocument) -> list[Line]:
    """Every line of a laid-out document, top to bottom (lays it out if it isn't yet)."""
    document.documentLayout().documentSize()  # makes sure every block has been laid out
    lines: list[Line] = []
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        origin = layout.position()
        text = block.text()
        count = layout.lineCount()
        for index in range(count):
            line = layout.lineAt(index)
            top = origin.y() + line.y()
            lines.append(Line(top=top, bottom=top + line.height(),
                              start=block.position() + line.textStart(),
                              text=_utf16_slice(text, line.textStart(), line.textLength()),
                              ends_block=index == count - 1))
        block = block.next()
    return lines


def paginate(lines: list[Line], height: float, *,
             slack: float = PARAGRAPH_SLACK) -> list[Part]:
    """Parts of whole lines, each no taller than height (a single line taller than height
    still makes a part of its own: the text always moves on)."""
    parts: list[Part] = []
    first = 0
    while first < len(lines):
        top = lines[first].top
        last = first
        while last + 1 < len(lines) and lines[last + 1].bottom - top <= height:
            last += 1
        if last + 1 < len(lines) and not lines[last].ends_block:
            last = _better_break(lines, first, last, height, slack)
        parts.append(Part(first, last, top, lines[last].bottom))
        first = last + 1
    return parts


def _better_break(lines: list[Line], first: int, last: int, height: float,
                  slack: float) -> int:
    """Where a part that would end inside a paragraph ends instead: at the paragraph end
    before, when little room goes empty; else one line earlier when that saves a lone line."""
    for earlier in range(last - 1, first - 1, -1):
        if lines[earlier].ends_block:
            if lines[last].bottom - lines[earlier].bottom <= slack * height:
                return earlier
            break
    if last - first + 1 < LONE_LINE_PARTS:
        return last
    starts_block = last == 0 or lines[last - 1].ends_block
    widow = lines[last + 1].ends_block  # the paragraph's last line would start the next part
    return last - 1 if starts_block or widow else last


def part_text(lines: list[Line], part: Part) -> str:
    """The words a part shows: its lines joined as the document holds them (a paragraph's
    lines run on; paragraphs and list items are separated by a new line)."""
    pieces = []
    for line in lines[part.first:part.last + 1]:
        pieces.append(line.text + ("\n" if line.ends_block else ""))
    return "".join(pieces)


def _utf16_slice(text: str, start: int, length: int) -> str:
    """text[start:start + length] in Qt's UTF-16 units (a character outside the BMP is two)."""
    if text.isascii():
        return text[start:start + length]
    data = text.encode("utf-16-le")
    return data[2 * start:2 * (start + length)].decode("utf-16-le", errors="replace")
