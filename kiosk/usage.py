"""Usage counts, anonymous by design: one row per patient's visit in an SQLite file in the state
folder, and the figures staff see (visits per day, topics opened, switches used).

A row holds the hour the visit began (never a finer time), how long it lasted, the topics
opened with the seconds on each, the languages and switches used, and why it ended. Nothing
typed, nothing from the PIN pad, no tap positions: nothing that could pick out a person.
"""

from __future__ import annotations

import contextlib
import csv
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TextIO

from kiosk import paths
from kiosk.record import Record

log = logging.getLogger(__name__)

DATABASE = "usage.sqlite3"
KEEP_DAYS = 396  # 13 months
# The features a visit can have used, as the visit records them, and their columns.
FEATURES = ("larger-text", "high-contrast", "read-aloud", "take-home")

SCHEMA = """
CREATE TABLE IF NOT EXISTS visits (
    id INTEGER PRIMARY KEY,
    hour TEXT NOT NULL,            -- local time, to the hour: 'YYYY-MM-DD HH:00'
    seconds INTEGER NOT NULL,
    languages TEXT NOT NULL,       -- the languages shown, space-separated, start language first
    larger_text INTEGER NOT NULL,
    high_contrast INTEGER NOT NULL,
    read_aloud INTEGER NOT NULL,
    take_home INTEGER NOT NULL,
    ended TEXT NOT NULL            -- why the visit ended (EndReason's name)
);
CREATE TABLE IF NOT EXISTS topics (
    visit INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    seconds INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS visits_by_hour ON visits(hour);
"""


class Visit(Record):
    """One visit as stored: what the usage log keeps of a visit record."""

    began: float  # wall-clock seconds, cut to the hour when stored
    seconds: float
    languages: tuple[str, ...]
    used: frozenset[str]
    ended: str
    topics: tuple[tuple[str, float], ...]


class Figures(Record):
    """What staff see: counts over a span of days ending today."""

    days: tuple[tuple[date, int], ...]  # visits per day, oldest first, every day of the span
    topics: tuple[tuple[str, int], ...]  # visits that opened each topic, most first
    visits: int
    shares: dict[str, float]  # share of visits that used each feature, and each language


class UsageLog:
    """The visits database. Every failure to read or write it is logged once and survived:
    the kiosk never stops working because of it."""

    def __init__(self, state: Path, *, clock: Callable[[], float] = time.time) -> None:
        self._path = state / DATABASE
        self._clock = clock
        self._db: sqlite3.Connection | None = None
        self._broken = False

    @property
    def path(self) -> Path:
        return self._path

    def open(self) -> bool:
        """Open (or create) the database; a corrupt one is set aside and a fresh one begun."""
        if self._db is not None:
            return True
        for attempt in range(2):
            try:
                self._db = self._connect()
                self._prune(self._db)
                return True
            except sqlite3.DatabaseError as error:
                self.close()
                if attempt == 0 and self._set_aside(error):
                    continue
                self._fail("could not open the usage database", error)
            except OSError as error:
                self.close()
                self._fail("could not open the usage database", error)
                break
        return False

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def add(self, visit: Visit) -> bool:
        """Write one visit in one short transaction; whether it was written."""
        if not self.open() or self._db is None:
            return False
        hour = datetime.fromtimestamp(visit.began).strftime("%Y-%m-%d %H:00")
        flags = [int(feature in visit.used) for feature in FEATURES]
        try:
            with self._db:
                cursor = self._db.execute(
                    "INSERT INTO visits (hour, seconds, languages, larger_text, high_contrast, "
                    "read_aloud, take_home, ended) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (hour, round(visit.seconds), " ".join(visit.languages), *flags, visit.ended))
                self._db.executemany(
                    "INSERT INTO topics (visit, slug, seconds) VALUES (?, ?, ?)",
                    [(cursor.lastrowid, slug, round(seconds)) for slug, seconds in visit.topics])
        except sqlite3.Error as error:
            self._fail("could not write a visit to the usage database", error)
            self.close()
            return False
        return True

    def figures(self, days: int = 14, topic_days: int = 30) -> Figures:
        """Visits per day over `days`, topics over `topic_days`, shares over `topic_days`."""
        today = datetime.fromtimestamp(self._clock()).date()
        if not self.open() or self._db is None:
            return Figures(days=tuple((today - timedelta(days=n), 0)
                                      for n in reversed(range(days))),
                           topics=(), visits=0, shares={})
        try:
            return self._figures(self._db, today, days, topic_days)
        except sqlite3.Error as error:
            self._fail("could not read the usage database", error)
            return Figures(days=(), topics=(), visits=0, shares={})

    def daily_rows(self, days: int) -> list[dict[str, object]]:
        """One row per day for a spreadsheet: visits, minutes, each feature, each language
        switched to ("language-es": visits that showed Spanish) and each topic."""
        today = datetime.fromtimestamp(self._clock()).date()
        if not self.open() or self._db is None:
            return []
        first = today - timedelta(days=days - 1)
        slugs = [row[0] for row in self._db.execute(
            "SELECT DISTINCT slug FROM topics ORDER BY slug")]
        # Every language but the start one (each visit's first), as the figures count them.
        codes = sorted({code for (languages,) in self._db.execute(
            "SELECT DISTINCT languages FROM visits") for code in languages.split()[1:]})
        rows = []
        for offset in range(days):
            day = first + timedelta(days=offset)
            key = day.isoformat() + "%"
            visits, seconds, *flags = self._db.execute(
                "SELECT COUNT(*), COALESCE(SUM(seconds), 0), COALESCE(SUM(larger_text), 0), "
                "COALESCE(SUM(high_contrast), 0), COALESCE(SUM(read_aloud), 0), "
                "COALESCE(SUM(take_home), 0) FROM visits WHERE hour LIKE ?", (key,)).fetchone()
            opened = dict(self._db.execute(
                "SELECT slug, COUNT(DISTINCT visit) FROM topics JOIN visits ON visits.id = visit "
                "WHERE hour LIKE ? GROUP BY slug", (key,)).fetchall())
            row: dict[str, object] = {"day": day.isoformat(), "visits": visits,
                                      "minutes": round(seconds / 60, 1)}
            row.update({feature: count for feature, count in zip(FEATURES, flags, strict=True)})
            row.update({f"language-{code}": self._db.execute(
                "SELECT COUNT(*) FROM visits WHERE hour LIKE ? AND (' ' || languages || ' ') "
                "LIKE ?", (key, f"% {code} %")).fetchone()[0] for code in codes})
            row.update({slug: opened.get(slug, 0) for slug in slugs})
            rows.append(row)
        return rows

    # --- inside ------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        paths.make_state_dir(self._path.parent)
        db = sqlite3.connect(self._path, timeout=1.0, isolation_level="DEFERRED")
        # Write-ahead logging: a kill -9 mid-write loses at most that visit, never the file.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            db.close()
            raise sqlite3.DatabaseError("the quick check found damage")
        db.executescript(SCHEMA)
        return db

    def _prune(self, db: sqlite3.Connection) -> None:
        oldest = datetime.fromtimestamp(self._clock()) - timedelta(days=KEEP_DAYS)
        with db:
            db.execute("DELETE FROM visits WHERE hour < ?",
                             (oldest.strftime("%Y-%m-%d %H:00"),))

    def _set_aside(self, error: Exception) -> bool:
        stamp = datetime.fromtimestamp(self._clock()).strftime("%Y%m%d-%H%M%S")
        aside = self._path.with_name(f"{self._path.name}.broken-{stamp}")
        try:
            self._path.replace(aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self._path}{suffix}").unlink(missing_ok=True)
        except OSError:
            return False
        log.error("the usage database was damaged (%s); set aside as %s, a fresh one begun",
                  error, aside.name)
        return True

    def _fail(self, what: str, error: Exception) -> None:
        if not self._broken:  # once: a full disk would otherwise log every visit
            log.error("%s %s: %s; the kiosk runs on without it", what, self._path, error)
        self._broken = True

    def _figures(self, db: sqlite3.Connection, today: date, days: int, topic_days: int
                 ) -> Figures:
        first = today - timedelta(days=days - 1)
        per_day = dict(db.execute(
            "SELECT substr(hour, 1, 10), COUNT(*) FROM visits WHERE hour >= ? "
            "GROUP BY substr(hour, 1, 10)", (first.isoformat(),)).fetchall())
        daily = tuple((first + timedelta(days=n), per_day.get((first + timedelta(days=n))
                                                                .isoformat(), 0))
                      for n in range(days))
        since = (today - timedelta(days=topic_days - 1)).isoformat()
        topics = tuple(db.execute(
            "SELECT slug, COUNT(DISTINCT visit) AS n FROM topics JOIN visits ON visits.id = visit"
            " WHERE hour >= ? GROUP BY slug ORDER BY n DESC, slug", (since,)).fetchall())
        visits, *flags = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(larger_text), 0), COALESCE(SUM(high_contrast), 0), "
            "COALESCE(SUM(read_aloud), 0), COALESCE(SUM(take_home), 0) FROM visits "
            "WHERE hour >= ?", (since,)).fetchone()
        shares = {feature: (count / visits if visits else 0.0)
                  for feature, count in zip(FEATURES, flags, strict=True)}
        for (languages,) in db.execute(
                "SELECT DISTINCT languages FROM visits WHERE hour >= ?", (since,)).fetchall():
            for code in languages.split()[1:]:  # the start language is every visit's
                if code not in shares:
                    shares[code] = db.execute(
                        "SELECT COUNT(*) FROM visits WHERE hour >= ? AND (' ' || languages || "
                        "' ') LIKE ?", (since, f"% {code} %")).fetchone()[0] / visits
        return Figures(days=daily, topics=topics, visits=visits, shares=shares)


def write_csv(rows: Iterable[dict[str, object]], out: TextIO) -> None:
    """Rows from UsageLog.daily_rows, as CSV with a header line."""
    rows = list(rows)
    if not rows:
        return
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
