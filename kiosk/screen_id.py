"""Which screen the kiosk shows, as typed values rather than strings."""

from __future__ import annotations

from enum import Enum

from kiosk.record import Record


class Home(Record):
    """The start screen."""

    def __str__(self) -> str:
        return "home"


class TopicPage(Record):
    """One topic's page, by its slug (the file name without .md)."""

    slug: str

    def __str__(self) -> str:
        return f"topic {self.slug}"


ScreenId = Home | TopicPage
HOME = Home()


class Overlay(Enum):
    """The screens laid over the others that keep their own time (and hold the idle timer)."""

    STILL_READING = "still reading"
    ATTRACT = "attract"
    TAKE_HOME = "take home"
    CLOSED = "closed"  # the dark screen outside office hours
