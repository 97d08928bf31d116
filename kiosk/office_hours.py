"""The office's opening hours: when the kiosk is open, and when that next changes.

Qt-free: the hours are parsed from settings.toml's ``office_hours`` table (``mon = "08:00-17:30"``),
and asked about a given local time, so tests can use any clock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from kiosk.record import Record

if TYPE_CHECKING:  # imported where it is used: a start with no office hours needs none of it
    import datetime as dt

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # datetime.weekday() order
_SPAN = re.compile(r"\s*([0-9]{1,2}):([0-9]{2})\s*-\s*([0-9]{1,2}):([0-9]{2})\s*")
EXAMPLE = 'office_hours = { mon = "08:00-17:30", sat = "09:00-12:00" }'


class HoursError(ValueError):
    """A day or span that can't be read; the message says what would be right."""


class OfficeHours(Record):
    """One opening span a weekday at most (a day not named is closed all day)."""

    spans: Mapping[int, tuple[dt.time, dt.time]]  # weekday -> (opens, closes), opens < closes

    def is_open(self, at: dt.datetime) -> bool:
        span = self.spans.get(at.weekday())
        return span is not None and span[0] <= at.time() < span[1]

    def next_change(self, after: dt.datetime) -> dt.datetime | None:
        """The first opening or closing strictly after a time; None if the hours are empty."""
        if not self.spans:
            return None
        import datetime as dt

        day = after.replace(hour=0, minute=0, second=0, microsecond=0)
        for ahead in range(8):  # a week on, every named day has come round again
            date = day + dt.timedelta(days=ahead)
            span = self.spans.get(date.weekday())
            if span is None:
                continue
            for moment in span:
                when = dt.datetime.combine(date.date(), moment, tzinfo=after.tzinfo)
                if when > after:
                    return when
        return None


def span_problem(day: str, text: object) -> str | None:
    """What is wrong with one day's entry, and the fix; None if it is right."""
    if day not in DAYS:
        return (f"'office_hours' has a day '{str(day)[:20]}'; use the days "
                f"{', '.join(DAYS)}, like {EXAMPLE}")
    if not isinstance(text, str):
        return f"'office_hours' {day} must be text in double quotes, like {day} = \"08:00-17:30\""
    match = _SPAN.fullmatch(text)
    if match is None:
        return (f"'office_hours' {day} is '{text[:30]}'; write the opening and closing time "
                f"as {day} = \"08:00-17:30\" (24-hour clock)")
    hours = [int(match.group(n)) for n in range(1, 5)]
    if hours[0] > 23 or hours[2] > 24 or hours[1] > 59 or hours[3] > 59 \
            or (hours[2] == 24 and hours[3] != 0):
        return f"'office_hours' {day} is '{text}'; times go from 00:00 to 24:00"
    if hours[0] * 60 + hours[1] >= hours[2] * 60 + hours[3]:
        return f"'office_hours' {day} is '{text}'; the office must open before it closes"
    return None


def _time(hours: int, minutes: int) -> dt.time:
    import datetime as dt

    return dt.time.max if hours == 24 else dt.time(hours, minutes)


def parse(table: Mapping[str, str] | tuple[tuple[str, str], ...]) -> OfficeHours:
    """Hours from day -> "HH:MM-HH:MM"; raises HoursError naming the first wrong entry."""
    items = table.items() if isinstance(table, Mapping) else table
    spans: dict[int, tuple[dt.time, dt.time]] = {}
    for day, text in items:
        wrong = span_problem(day, text)
        if wrong:
            raise HoursError(wrong)
        match = _SPAN.fullmatch(text)
        if match is None:  # cannot be: span_problem said it matches
            raise HoursError(f"'office_hours' {day} can't be read")
        a, b, c, d = (int(match.group(n)) for n in range(1, 5))
        spans[DAYS.index(day)] = (_time(a, b), _time(c, d))
    return OfficeHours(spans)
