"""The kiosk's status report: plain words for the desk, JSON for head office, written when
something happens (start, content shown or refused, a fault) and never on a timer."""

from __future__ import annotations

import json
import logging
import time

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.cli import main
from kiosk.content import Problem, load_content
from kiosk.status import STATUS_JSON, STATUS_TEXT, StatusReport, revision

FIRST_TOPIC = "en/01-what-is-it.md"


def report_of(kiosk):
    folder = kiosk.report.folder
    return (folder / STATUS_TEXT).read_text(encoding="utf-8"), json.loads(
        (folder / STATUS_JSON).read_text(encoding="utf-8"))


def test_a_started_kiosk_says_all_good_with_what_it_shows(kiosk):
    text, data = report_of(kiosk)
    assert text.startswith("All good: showing 7 topics in English and Spanish since ")
    assert data["state"] == "ok"
    assert data["topics"] == 7 and data["languages"] == ["en", "es"]
    assert data["content_revision"] == revision(kiosk.window.content)
    assert data["office_name"] == "Podiatry Office"
    assert data["faults_last_day"] == 0 and data["problems"] == []
    assert data["screen"]["width"] == kiosk.window.width()
    for key in ("version", "shown_since", "uptime_seconds", "started", "last_problem"):
        assert key in data


def test_a_broken_edit_names_file_and_line_and_the_version_still_shown(
        qtbot, kiosk, content_copy):
    shown_since = report_of(kiosk)[1]["shown_since"]
    path = content_copy / FIRST_TOPIC
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("order = ", "order = \"first\"\n#", 1), encoding="utf-8")
    qtbot.waitUntil(lambda: report_of(kiosk)[1]["state"] == "problem", timeout=5000)
    words, data = report_of(kiosk)
    first = words.splitlines()[0]
    assert first.startswith("en/01-what-is-it.md, line ")
    assert "The kiosk is still showing the version from " in first
    assert data["problems"][0]["file"] == "en/01-what-is-it.md"
    assert data["problems"][0]["line"] > 1
    assert data["shown_since"] == shown_since
    assert data["last_problem"]["file"] == "en/01-what-is-it.md"
    path.write_text(text, encoding="utf-8")  # put back as it was: the same content as shown
    qtbot.waitUntil(lambda: report_of(kiosk)[1]["state"] == "ok", timeout=5000)
    assert report_of(kiosk)[0].startswith("All good")
    assert report_of(kiosk)[1]["last_problem"]["file"] == "en/01-what-is-it.md"


def test_new_content_on_screen_gets_a_new_revision_and_shown_since(qtbot, kiosk, content_copy):
    before = report_of(kiosk)[1]
    settings = content_copy / "settings.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "Podiatry Office", "Report Street"), encoding="utf-8")
    qtbot.waitUntil(lambda: report_of(kiosk)[1]["office_name"] == "Report Street",
                    timeout=5000)
    after = report_of(kiosk)[1]
    assert after["content_revision"] != before["content_revision"]
    assert kiosk.window.home.office.text() == "Report Street"  # written once it is shown


def test_a_fault_is_counted_in_the_last_day(qtbot, kiosk, caplog):
    caplog.set_level(logging.CRITICAL)
    kiosk.faults.fault.emit()
    assert report_of(kiosk)[1]["faults_last_day"] == 1
    assert "Unexpected errors in the last day: 1" in report_of(kiosk)[0]


def test_faults_older_than_a_day_are_not_counted_and_survive_a_restart(tmp_path, content):
    now = [1_000_000.0]
    report = StatusReport(tmp_path, clock=lambda: now[0])
    report.started(content, content.root)
    report.fault()
    now[0] += 3600
    again = StatusReport(tmp_path, clock=lambda: now[0])  # the kiosk restarted
    again.started(content, content.root)
    assert json.loads((tmp_path / STATUS_JSON).read_text())["faults_last_day"] == 1
    now[0] += 24 * 3600
    again.fault()
    assert json.loads((tmp_path / STATUS_JSON).read_text())["faults_last_day"] == 1


def test_nothing_is_written_while_nothing_happens(qtbot, kiosk):
    path = kiosk.report.folder / STATUS_JSON
    written = path.stat().st_mtime_ns
    qtbot.wait(700)  # past the attract time of the test kiosk
    QApplication.processEvents()
    assert path.stat().st_mtime_ns == written


def test_an_unwritable_report_folder_is_logged_and_the_kiosk_runs_on(tmp_path, content, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    report = StatusReport(blocker / "report")
    report.started(content, content.root)
    report.refused([Problem(content.root / "settings.toml", 3, "bad")])
    assert sum("could not write the status report" in r.message for r in caplog.records) == 1


def test_kiosk_status_prints_the_text_and_the_json(tmp_path, content, capsys):
    report = StatusReport(tmp_path / "report")
    report.started(content, content.root)
    assert main(["status", "--report-dir", str(tmp_path / "report")]) == 0
    assert capsys.readouterr().out.startswith("All good: showing 7 topics")
    assert main(["status", "--json", "--report-dir", str(tmp_path / "report")]) == 0
    assert json.loads(capsys.readouterr().out)["topics"] == 7


def test_kiosk_status_with_no_report_says_where_it_looked(tmp_path, capsys):
    assert main(["status", "--report-dir", str(tmp_path / "none")]) == 1
    assert str(tmp_path / "none") in capsys.readouterr().err


@pytest.mark.parametrize("days", [0, 8])
def test_times_read_like_a_person_would_say_them(days):
    from kiosk.status import when

    now = time.mktime((2026, 12, 1, 10, 42, 0, 0, 0, -1))
    said = when(now - days * 86400, now)
    assert said.endswith(":42")
    assert (len(said.split()) > 2) == (days > 6)


def test_the_revision_does_not_depend_on_where_the_folder_is(content_copy, content):
    assert revision(load_content(content_copy)) == revision(content)


def test_a_kiosk_started_on_its_last_good_copy_says_so_with_the_problem(tmp_path, content):
    report = StatusReport(tmp_path)
    problem = Problem(content.root / "es" / "words.toml", 4, "'home' is empty; write it in")
    report.started(content, content.root, problems=[problem])
    text = (tmp_path / STATUS_TEXT).read_text()
    assert text.startswith("es/words.toml, line 4: 'home' is empty; write it in. The kiosk is "
                           "still showing the version from ")
    assert json.loads((tmp_path / STATUS_JSON).read_text())["state"] == "problem"


def test_a_problem_ending_in_a_question_reads_as_one_sentence(tmp_path, content):
    report = StatusReport(tmp_path)
    problem = Problem(content.root / "en" / "02-causes.md", 3,
                      "unknown key 'subtitel'; did you mean 'subtitle'?")
    report.started(content, content.root, problems=[problem])
    first = (tmp_path / STATUS_TEXT).read_text().splitlines()[0]
    assert first.startswith("en/02-causes.md, line 3: unknown key 'subtitel'; did you mean "
                            "'subtitle'? The kiosk is still showing the version from ")


def test_kiosk_status_on_the_deployed_pc_reads_the_services_report(tmp_path, content,
                                                                   monkeypatch, capsys):
    from kiosk import paths

    wrapper = tmp_path / "kiosk-set-pin"
    wrapper.write_text("#!/bin/sh\n")
    monkeypatch.setattr(paths, "SET_PIN_WRAPPER", wrapper)
    monkeypatch.setattr(paths, "DEPLOYED_REPORT_DIR", tmp_path / "var-lib-kiosk-report")
    for name in ("KIOSK_REPORT_DIR", "KIOSK_STATE_DIR"):
        monkeypatch.delenv(name, raising=False)
    StatusReport(tmp_path / "var-lib-kiosk-report").started(content, content.root)
    assert main(["status"]) == 0
    assert capsys.readouterr().out.startswith("All good")
