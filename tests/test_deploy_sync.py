"""deploy/'s Syncthing set-up and picture maker, run here on private folders: the kiosk's
Syncthing is office-network-only and one-way each way, and the pictures of every screen are
made outside the kiosk, once per new version shown."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.content import load_content
from kiosk.status import STATUS_JSON, Screen, StatusReport

DEPLOY = paths.PROJECT_ROOT / "deploy"
DESK_ID = "4EVBODL-ADMKU7Z-C4SXYAG-WSTLRPD-HQBZ3KT-DY3CCUT-TDXNOHH-X3XPAQ3"


@pytest.fixture
def configured(tmp_path) -> tuple[ET.Element, Path, str]:
    if shutil.which("syncthing") is None:
        pytest.skip("syncthing is not installed: run scripts/system-deps.sh")
    home, report = tmp_path / "home", tmp_path / "report"
    done = subprocess.run([str(DEPLOY / "kiosk-sync-setup.sh"), str(home),
                           str(tmp_path / "content"), str(report), "elm-street", DESK_ID],
                          capture_output=True, text=True, timeout=60, check=True)
    return ET.parse(home / "config.xml").getroot(), report, done.stdout.strip()


def test_the_kiosks_syncthing_stays_on_the_office_network_and_reports_nothing(configured):
    config, _, _ = configured
    options = config.find("options")
    assert options is not None
    expected = {"globalAnnounceEnabled": "false", "relaysEnabled": "false",
                "natEnabled": "false", "urAccepted": "-1", "autoUpgradeIntervalH": "0",
                "crashReportingEnabled": "false", "startBrowser": "false"}
    assert {key: options.findtext(key) for key in expected} == expected
    gui = config.find("gui")
    assert gui is not None and gui.findtext("address", "").startswith("127.0.0.1:")


def test_content_only_comes_in_and_the_report_only_goes_out(configured):
    config, _, kiosk_id = configured
    folders = {folder.get("id"): folder for folder in config.findall("folder")}
    assert folders["kiosk-content"].get("type") == "receiveonly"
    assert folders["kiosk-report-elm-street"].get("type") == "sendonly"
    for folder in folders.values():
        assert {d.get("id") for d in folder.findall("device")} == {kiosk_id, DESK_ID}
    versioning = folders["kiosk-content"].find("versioning")
    assert versioning is not None and versioning.get("type") == "simple"


def test_the_reports_temporary_files_are_never_sent(configured):
    _, report, _ = configured
    ignored = (report / ".stignore").read_text()
    assert ".*.tmp" in ignored.splitlines()


def test_a_wrong_device_id_is_refused_with_what_one_looks_like(tmp_path):
    done = subprocess.run([str(DEPLOY / "kiosk-sync-setup.sh"), str(tmp_path / "h"),
                           str(tmp_path / "c"), str(tmp_path / "r"), "k", "not-an-id"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "is not a Syncthing device ID" in done.stderr


def test_pictures_are_made_once_per_version_shown_and_kept_when_content_breaks(
        tmp_path, content_copy):
    report = tmp_path / "report"
    status = StatusReport(report)
    status.started(load_content(content_copy), content_copy, Screen(1280, 800, 10.0))
    command = [sys.executable, str(DEPLOY / "kiosk-pictures.py"), str(report)]
    subprocess.run(command, check=True, timeout=300, capture_output=True)
    revision = json.loads((report / STATUS_JSON).read_text())["content_revision"]
    assert (report / "screens" / "revision.txt").read_text().strip() == revision
    assert (report / "screens" / "es" / "home.png").is_file()
    assert (report / "shown-content" / "settings.toml").is_file()
    home = report / "screens" / "en" / "home.png"
    made = home.stat().st_mtime_ns
    status.fault()  # something happened, but what is shown did not change
    subprocess.run(command, check=True, timeout=300, capture_output=True)
    assert home.stat().st_mtime_ns == made
    # A new version shown, and then broken before the pictures were made: the old stay.
    settings = content_copy / "settings.toml"
    settings.write_text(settings.read_text().replace("Podiatry Office", "Next"))
    status.applied(load_content(content_copy))
    settings.write_text("office_name = \n")
    failed = subprocess.run(command, timeout=300, capture_output=True, text=True, check=False)
    assert failed.returncode == 1 and "did not render" in failed.stdout
    assert home.stat().st_mtime_ns == made
    assert not list(report.glob(".screens-*"))
