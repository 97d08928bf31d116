"""The staff flow as the deployed service runs it (deploy/kiosk.service): Exit leaves the kiosk
stopped, the pad names the command that stores the PIN where the service reads it, and the
first hold of the gesture shows a small sign."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk import paths
from kiosk.app import EXIT_UNDER_SERVICE
from kiosk.content import load_content
from kiosk.pin import PinStore
from kiosk.screens.staff import EXIT_SUBTITLE_SERVICE
from kiosk.systemd import EXIT_STATUS_FILE_VARIABLE, record_exit_status
from tests.conftest import SCREENS
from tests.e2e.desk import poll
from tests.test_staff import PIN, do_gesture, hold, type_pin

DEPLOY = paths.PROJECT_ROOT / "deploy"
UNIT = DEPLOY / "kiosk.service"
LEFT = Qt.MouseButton.LeftButton


def unit_values(key: str) -> list[str]:
    """Every value of one [Service] key in deploy/kiosk.service, in order."""
    values, section = [], ""
    for raw in UNIT.read_text().splitlines():
        line = raw.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and line.partition("=")[0] == key:
            values.append(line.partition("=")[2])
    return values


def unit_environment() -> dict[str, str]:
    """The Environment= the unit gives the app, plus the INVOCATION_ID systemd sets."""
    env = {"INVOCATION_ID": "0123456789abcdef"}
    for value in unit_values("Environment"):
        for word in shlex.split(value):
            name, _, setting = word.partition("=")
            env[name] = setting
    return env


@pytest.fixture
def deployed(make_window, content_copy, tmp_path, qapp):
    """The kiosk as the unit starts it: its environment, its state folder (a private one)."""
    from kiosk.app import Kiosk

    window = make_window(load_content(content_copy))
    state = tmp_path / "state"
    kiosk = Kiosk(window, content_copy, state, full_screen=False, environ=unit_environment(),
                  reload_quiet_ms=50)
    kiosk.staff_access.pins = PinStore(state, scrypt_n=2**4)
    kiosk.staff_access.gesture.set_timing(hold_ms=100, between_ms=600)
    kiosk.start(qapp, handle_signals=False)
    yield kiosk
    kiosk.stop(qapp)


def test_exit_under_the_service_ends_with_the_status_the_unit_does_not_restart_on(
        qtbot, deployed, monkeypatch):
    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(codes.append))
    deployed.staff_access.pins.set_pin(PIN)
    do_gesture(qtbot, deployed)
    type_pin(qtbot, deployed, PIN)
    panel = deployed.staff_access.panel
    assert "until staff start it" in panel.exit_button.subtitle
    # On a small screen the subtitles give way: the status above the buttons says it too.
    assert "Exit stops the kiosk until staff start it" in panel.status.text()
    qtbot.mouseClick(panel.exit_button, LEFT)
    prevented = {int(word) for value in unit_values("RestartPreventExitStatus")
                 for word in value.split()}
    assert unit_values("Restart") == ["always"]
    assert codes and codes[0] in prevented


def test_the_session_script_hands_the_apps_status_to_systemd_though_cage_says_0(tmp_path):
    # A stand-in for Debian's cage 0.1.4: runs its program, then exits 0 whatever happened.
    cage = tmp_path / "cage"
    cage.write_text('#!/bin/sh\nshift 2\n"$@"\nexit 0\n')
    cage.chmod(0o755)
    # The app's own way of leaving its status (kiosk.systemd.record_exit_status).
    app = tmp_path / "kiosk"
    app.write_text(f"#!{sys.executable}\nimport sys\n"
                   f"sys.path.insert(0, {str(paths.PROJECT_ROOT)!r})\n"
                   "from kiosk.systemd import MAINTENANCE_EXIT_STATUS, record_exit_status\n"
                   "record_exit_status(MAINTENANCE_EXIT_STATUS)\n"
                   "sys.exit(MAINTENANCE_EXIT_STATUS)\n")
    app.chmod(0o755)
    env = {"PATH": os.environ["PATH"], "KIOSK_CAGE": str(cage), "KIOSK_PROGRAM": str(app),
           "RUNTIME_DIRECTORY": str(tmp_path)}
    script = DEPLOY / "kiosk-session.sh"
    assert unit_values("ExecStart") == [f"/opt/kiosk/deploy/{script.name}"]
    done = subprocess.run([str(script)], env=env, timeout=30, check=False)
    prevented = {int(v) for v in unit_values("RestartPreventExitStatus")}
    assert done.returncode in prevented


def test_a_crash_under_the_session_script_is_still_restarted(tmp_path):
    cage = tmp_path / "cage"
    cage.write_text('#!/bin/sh\nshift 2\n"$@"\nexit 0\n')
    cage.chmod(0o755)
    env = {"PATH": os.environ["PATH"], "KIOSK_CAGE": str(cage), "KIOSK_PROGRAM": "false",
           "RUNTIME_DIRECTORY": str(tmp_path)}
    done = subprocess.run([str(DEPLOY / "kiosk-session.sh")], env=env, timeout=30, check=False)
    assert done.returncode not in {int(v) for v in unit_values("RestartPreventExitStatus")}


def test_the_app_leaves_its_status_where_the_session_script_reads_it(tmp_path):
    target = tmp_path / "status"
    assert record_exit_status(75, {EXIT_STATUS_FILE_VARIABLE: str(target)})
    assert target.read_text().strip() == "75"
    assert not record_exit_status(75, {})


def test_the_pad_with_no_pin_names_the_installed_command(qtbot, deployed):
    do_gesture(qtbot, deployed)
    pad = deployed.staff_access.pad
    assert pad.isVisible()
    command = unit_environment()["KIOSK_SET_PIN_COMMAND"]
    assert command in pad.message.text().splitlines()
    wrapper = command.removeprefix("sudo ")
    installer = (DEPLOY / "install.sh").read_text()
    assert f"/usr/local/sbin/{wrapper}" in installer


def test_the_set_pin_command_writes_where_the_service_reads():
    """The wrapper's state folder is the unit's KIOSK_STATE_DIR, the folder systemd makes
    (StateDirectory=), and it runs set-pin as the unit's user."""
    env = unit_environment()
    wrapper = (DEPLOY / "kiosk-set-pin").read_text()
    settings = dict(line.split("=", 1) for line in wrapper.splitlines()
                    if line[:1].isupper() and "=" in line)
    assert settings["STATE_DIR"] == env["KIOSK_STATE_DIR"]
    assert env["KIOSK_STATE_DIR"] == "/var/lib/" + unit_values("StateDirectory")[0]
    assert settings["KIOSK_USER"] == unit_values("User")[0]
    assert 'KIOSK_STATE_DIR="$STATE_DIR"' in wrapper and " set-pin" in wrapper


def test_the_first_hold_shows_a_small_sign_and_a_short_tap_takes_it_away(qtbot, deployed):
    deployed.staff_access.pins.set_pin(PIN)
    office = deployed.window.home.office
    mark = deployed.staff_access.hold_mark
    hold(qtbot, office, 200)
    assert mark.isVisible()
    look = deployed.window.look
    assert mark.width() <= look.px(4.0)  # small: not a button, not for patients
    qtbot.mouseClick(office, LEFT)  # a short tap starts the gesture over
    assert not mark.isVisible()


def test_the_sign_goes_when_the_pad_opens(qtbot, deployed):
    deployed.staff_access.pins.set_pin(PIN)
    do_gesture(qtbot, deployed)
    assert deployed.staff_access.pad.isVisible()
    assert not deployed.staff_access.hold_mark.isVisible()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_deployed_staff_words_fit_every_screen(make_kiosk, screen):
    """The words Exit and the pad show under the service are longer: they still fit."""
    from tests.test_home_layout import assert_layer_fits

    kiosk = make_kiosk(screen=screen)
    access = kiosk.staff_access
    access.panel.exit_button.set_subtitle(EXIT_SUBTITLE_SERVICE)
    access.pad.set_pin_command(unit_environment()["KIOSK_SET_PIN_COMMAND"])
    access.set_status(f"{kiosk.status()} {EXIT_UNDER_SERVICE}")
    access.panel.open()
    QApplication.processEvents()
    assert_layer_fits(kiosk.window, access.panel)
    access.panel.hide()
    access.pad.show_no_pin()
    QApplication.processEvents()
    assert_layer_fits(kiosk.window, access.pad)


def test_the_units_stop_command_reaches_the_app_under_the_session_script(tmp_path):
    """systemctl stop: ExecStop= signals the app (cage's child), not cage, and waits for the
    session script to end. A stand-in cage and app show who got the signal."""
    cage = tmp_path / "cage"  # named cage: ExecStop= finds it by name
    cage.write_text('#!/bin/sh\nshift 2\n"$@"\necho "cage saw its program end" >> "$LOG"\n'
                    "exit 0\n")
    cage.chmod(0o755)
    app = tmp_path / "app"
    app.write_text("#!/bin/sh\ntrap 'echo app got TERM >> \"$LOG\"; exit 0' TERM\n"
                   "while :; do sleep 0.1; done\n")
    app.chmod(0o755)
    log = tmp_path / "log"
    env = {"PATH": os.environ["PATH"], "KIOSK_CAGE": str(cage), "KIOSK_PROGRAM": str(app),
           "RUNTIME_DIRECTORY": str(tmp_path), "LOG": str(log)}
    session = subprocess.Popen([str(DEPLOY / "kiosk-session.sh")], env=env)
    try:
        stop_line = unit_values("ExecStop")[0]
        assert stop_line.startswith("/bin/sh -c '") and stop_line.endswith("'")
        # As systemd runs it: ${MAINPID} filled in, $$ made $.
        script = stop_line[len("/bin/sh -c '"):-1].replace("${MAINPID}", str(session.pid))
        script = script.replace("$$", "$")

        def children() -> bool:
            pgrep = shutil.which("pgrep") or "/usr/bin/pgrep"
            probe = subprocess.run([pgrep, "--parent", str(session.pid), "--exact", "cage"],
                                   capture_output=True, check=False)
            return probe.returncode == 0

        assert poll(children, timeout=10)
        stopper = subprocess.Popen(["/bin/sh", "-c", script], env=env)
        # Reaped here as systemd reaps its main process: tail --pid waits for it to be gone.
        assert session.wait(10) == 0
        assert stopper.wait(10) == 0
    finally:
        if session.poll() is None:
            session.kill()
    assert log.read_text().splitlines() == ["app got TERM", "cage saw its program end"]


def test_a_plain_set_pin_on_the_deployed_pc_points_to_the_command_that_works(
        tmp_path, monkeypatch, capsys):
    from kiosk.cli import main

    wrapper = tmp_path / "kiosk-set-pin"
    wrapper.write_text("#!/bin/sh\n")
    monkeypatch.setattr(paths, "SET_PIN_WRAPPER", wrapper)
    monkeypatch.delenv("KIOSK_STATE_DIR", raising=False)
    assert main(["set-pin"]) == 1
    assert "sudo kiosk-set-pin" in capsys.readouterr().err


def test_exit_for_maintenance_counts_as_a_clean_stop_of_the_unit():
    prevented = set(unit_values("RestartPreventExitStatus"))
    assert prevented and prevented <= set(unit_values("SuccessExitStatus"))


def test_the_report_folder_is_the_same_for_the_kiosk_its_pictures_and_kiosk_status():
    report = unit_environment()["KIOSK_REPORT_DIR"]
    assert report == str(paths.DEPLOYED_REPORT_DIR)
    assert f"PathChanged={report}/kiosk-status.json" in \
        (DEPLOY / "kiosk-pictures.path").read_text()
    assert (DEPLOY / "kiosk-pictures.service").read_text().rstrip().endswith(report)
    assert 'REPORT_DIR="$STATE_DIR/report"' in (DEPLOY / "install.sh").read_text()
    assert report == unit_environment()["KIOSK_STATE_DIR"] + "/report"
