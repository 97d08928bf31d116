"""Usage counts: one anonymous row a visit, crash-safe, and the figures staff see."""

import io
import logging
import sqlite3
import subprocess
import sys
from datetime import datetime

import pytest

from kiosk.usage import DATABASE, UsageLog, Visit, write_csv

NOON = datetime(2026, 12, 1, 12, 34, 56).timestamp()
DAY = 86_400.0


def a_visit(began=NOON, *, topics=(("02-causes", 31.4), ("04-treatment", 12.0)),
            used=frozenset({"larger-text"}), languages=("en", "es"), ended="ATTRACT"):
    return Visit(began=began, seconds=61.7, languages=languages, used=used, ended=ended,
                 topics=topics)


@pytest.fixture
def usage(tmp_path):
    log = UsageLog(tmp_path, clock=lambda: NOON)
    yield log
    log.close()


def rows(tmp_path, query):
    with sqlite3.connect(tmp_path / DATABASE) as db:
        return db.execute(query).fetchall()


def test_a_visit_is_one_row_of_anonymous_facts(usage, tmp_path):
    assert usage.add(a_visit())
    assert rows(tmp_path, "SELECT * FROM visits") == [
        (1, "2026-12-01 12:00", 62, "en es", 1, 0, 0, 0, "ATTRACT")]
    assert rows(tmp_path, "SELECT * FROM topics") == [(1, "02-causes", 31), (1, "04-treatment", 12)]


def test_only_the_hour_is_kept_of_when_a_visit_began(usage, tmp_path):
    usage.add(a_visit(began=NOON + 25 * 60))
    (hour,), = rows(tmp_path, "SELECT hour FROM visits")
    assert hour == "2026-12-01 12:00"


def test_the_figures_count_visits_per_day_topics_and_shares(usage):
    usage.add(a_visit())
    usage.add(a_visit(began=NOON - DAY, used=frozenset({"high-contrast"}), languages=("en",),
                      topics=(("02-causes", 5.0),)))
    usage.add(a_visit(began=NOON - 20 * DAY))  # outside the two weeks, inside the 30 days
    figures = usage.figures(days=14, topic_days=30)
    assert len(figures.days) == 14
    assert figures.days[-1][1] == 1 and figures.days[-2][1] == 1
    assert sum(count for _, count in figures.days) == 2
    assert figures.topics == (("02-causes", 3), ("04-treatment", 2))
    assert figures.visits == 3
    assert figures.shares["larger-text"] == pytest.approx(2 / 3)
    assert figures.shares["high-contrast"] == pytest.approx(1 / 3)
    assert figures.shares["es"] == pytest.approx(2 / 3)


def test_visits_older_than_thirteen_months_are_removed(tmp_path):
    early = UsageLog(tmp_path, clock=lambda: NOON - 400 * DAY)
    early.add(a_visit(began=NOON - 400 * DAY))
    early.close()
    later = UsageLog(tmp_path, clock=lambda: NOON)
    later.add(a_visit())
    later.close()
    assert rows(tmp_path, "SELECT hour FROM visits") == [("2026-12-01 12:00",)]
    assert len(rows(tmp_path, "SELECT * FROM topics")) == 2


def test_a_corrupt_database_is_set_aside_and_a_fresh_one_begun(tmp_path, caplog):
    (tmp_path / DATABASE).write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    usage = UsageLog(tmp_path, clock=lambda: NOON)
    assert usage.add(a_visit())
    usage.close()
    assert "set aside" in caplog.text
    assert list(tmp_path.glob(f"{DATABASE}.broken-*"))
    assert len(rows(tmp_path, "SELECT * FROM visits")) == 1


def test_an_unwritable_state_folder_is_logged_once_and_survived(tmp_path, caplog):
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder should be")
    usage = UsageLog(blocker, clock=lambda: NOON)
    with caplog.at_level(logging.ERROR):
        assert not usage.add(a_visit())
        assert not usage.add(a_visit())
    assert caplog.text.count("usage database") == 1
    assert usage.figures().visits == 0


def test_a_kill_in_the_middle_of_writing_leaves_a_readable_database(tmp_path):
    writer = (
        "import os, sys, time\n"
        "from kiosk.usage import UsageLog, Visit\n"
        f"log = UsageLog(__import__('pathlib').Path({str(tmp_path)!r}))\n"
        "for n in range(100000):\n"
        "    log.add(Visit(began=time.time(), seconds=5, languages=('en',),\n"
        "                  used=frozenset(), ended='ATTRACT', topics=(('a', 1), ('b', 2))))\n"
        "    if n == 50: print('writing', flush=True)\n")
    child = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "writing"
    child.kill()
    child.wait()
    usage = UsageLog(tmp_path)
    assert usage.figures().visits >= 51
    (check,), = rows(tmp_path, "PRAGMA integrity_check")
    assert check == "ok"
    usage.close()


def test_daily_rows_for_a_spreadsheet_match_the_figures(usage):
    usage.add(a_visit())
    usage.add(a_visit(used=frozenset({"high-contrast", "larger-text"})))
    out = io.StringIO()
    write_csv(usage.daily_rows(days=2), out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ("day,visits,minutes,larger-text,high-contrast,read-aloud,take-home,"
                        "language-es,02-causes,04-treatment")
    assert lines[1].startswith("2026-11-30,0,0")
    assert lines[2] == "2026-12-01,2,2.1,2,1,0,0,2,2,2"


# --- through the whole kiosk ---------------------------------------------------------------

def test_a_patients_visit_writes_exactly_one_row_with_its_facts(qtbot, kiosk, content):
    from PySide6.QtCore import Qt

    from kiosk.visit import EndReason

    left = Qt.MouseButton.LeftButton
    window = kiosk.window
    qtbot.mouseClick(window.home.controls.larger_text, left)
    qtbot.mouseClick(window.home.buttons[1], left)
    qtbot.mouseClick(window.current_widget().home_button, left)
    qtbot.mouseClick(window.home.buttons[3], left)
    kiosk.end_visit(EndReason.STILL_READING_EXPIRED)
    kiosk.usage.close()
    db = kiosk.usage.path
    with sqlite3.connect(db) as conn:
        visits = conn.execute("SELECT languages, larger_text, high_contrast, read_aloud, "
                              "take_home, ended FROM visits").fetchall()
        topics = conn.execute("SELECT slug FROM topics ORDER BY rowid").fetchall()
        columns = [row[1] for row in conn.execute("PRAGMA table_info(visits)")]
    assert visits == [("en", 1, 0, 0, 0, "STILL_READING_EXPIRED")]
    assert topics == [(content.topics[1].slug,), (content.topics[3].slug,)]
    assert columns == ["id", "hour", "seconds", "languages", "larger_text", "high_contrast",
                       "read_aloud", "take_home", "ended"]


def test_a_staff_visit_and_an_untouched_one_write_nothing(qtbot, kiosk):
    from PySide6.QtCore import Qt

    from kiosk.visit import EndReason

    from .test_staff import do_gesture

    kiosk.end_visit(EndReason.ATTRACT)  # nobody touched it
    do_gesture(qtbot, kiosk)  # touched only by staff's hands on the office name
    qtbot.mouseClick(kiosk.staff_access.pad.cancel, Qt.MouseButton.LeftButton)
    assert kiosk.usage.figures().visits == 0


def test_a_patients_visit_ended_by_the_staff_gesture_is_still_counted(qtbot, kiosk):
    from PySide6.QtCore import Qt

    from .test_staff import do_gesture

    qtbot.mouseClick(kiosk.window.home.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.window.current_widget().home_button, Qt.MouseButton.LeftButton)
    do_gesture(qtbot, kiosk)
    qtbot.mouseClick(kiosk.staff_access.pad.cancel, Qt.MouseButton.LeftButton)
    assert kiosk.usage.figures().visits == 1


def test_kiosk_stats_prints_the_figures_and_writes_the_same_as_csv(tmp_path, capsys):
    import time

    from kiosk.cli import main

    usage = UsageLog(tmp_path)
    now = time.time()
    for _ in range(3):
        usage.add(a_visit(began=now))
    usage.close()
    assert main(["stats", "--state-dir", str(tmp_path), "--days", "3"]) == 0
    printed = capsys.readouterr().out
    assert "3 visits in the last 30 days" in printed
    assert "02-causes" in printed and "larger-text" in printed and "100%" in printed
    out = tmp_path / "days.csv"
    assert main(["stats", "--state-dir", str(tmp_path), "--days", "3", "--csv", str(out)]) == 0
    last = out.read_text(encoding="utf-8").splitlines()[-1].split(",")
    assert last[0] == datetime.fromtimestamp(now).date().isoformat()
    assert last[1] == "3"


def test_two_topics_larger_text_and_spanish_write_one_row_of_those_facts(qtbot, kiosk,
                                                                          content):
    from PySide6.QtCore import Qt

    from kiosk.visit import EndReason

    left = Qt.MouseButton.LeftButton
    window = kiosk.window
    qtbot.mouseClick(window.home.controls.language, left)  # Español
    qtbot.mouseClick(window.home.controls.larger_text, left)
    qtbot.mouseClick(window.home.buttons[0], left)
    qtbot.mouseClick(window.current_widget().home_button, left)
    qtbot.mouseClick(window.home.buttons[2], left)
    kiosk.end_visit(EndReason.STILL_READING_EXPIRED)
    kiosk.usage.close()
    with sqlite3.connect(kiosk.usage.path) as db:
        visits = db.execute("SELECT * FROM visits").fetchall()
        topics = db.execute("SELECT visit, slug FROM topics ORDER BY rowid").fetchall()
    (visit_id, hour, seconds, languages, larger, contrast, read_aloud, take_home, ended), = visits
    assert (languages, larger, contrast, read_aloud, take_home, ended) == (
        "en es", 1, 0, 0, 0, "STILL_READING_EXPIRED")
    assert hour.endswith(":00") and len(hour) == len("2026-12-01 12:00")  # never finer
    assert isinstance(seconds, int) and seconds >= 0
    assert topics == [(visit_id, content.topics[0].slug), (visit_id, content.topics[2].slug)]


def test_a_visit_that_opened_take_it_home_is_counted_as_such(qtbot, make_kiosk,
                                                             content_copy):
    from PySide6.QtCore import Qt

    from kiosk.visit import EndReason

    from .conftest import add_take_home

    add_take_home(content_copy)
    kiosk = make_kiosk()
    qtbot.mouseClick(kiosk.window.home.controls.take_home, Qt.MouseButton.LeftButton)
    kiosk.end_visit(EndReason.ATTRACT)
    assert kiosk.usage.figures().shares["take-home"] == 1.0


def test_a_corrupt_database_does_not_stop_the_kiosk(qtbot, make_kiosk, tmp_path, caplog):
    from PySide6.QtCore import Qt

    from kiosk.visit import EndReason

    state = tmp_path / "state"  # the kiosk fixture's state folder
    state.mkdir(parents=True, exist_ok=True)
    (state / DATABASE).write_bytes(b"SQLite format 3\x00" + b"\xee" * 8000)
    kiosk = make_kiosk()
    qtbot.mouseClick(kiosk.window.home.buttons[0], Qt.MouseButton.LeftButton)
    kiosk.end_visit(EndReason.STILL_READING_EXPIRED)
    assert "set aside" in caplog.text
    assert kiosk.usage.figures().visits == 1
    qtbot.mouseClick(kiosk.window.home.buttons[1], Qt.MouseButton.LeftButton)  # and runs on
    assert kiosk.window.current_widget() is kiosk.window.topics[1]
