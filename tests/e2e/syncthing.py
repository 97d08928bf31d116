"""Real Syncthing instances on 127.0.0.1 for the end-to-end tests: a kiosk configured exactly as
deploy/kiosk-sync-setup.sh configures one, and a desk (or head office) configured through the
REST API, the way the IT person's one step in the GUI does it.

No discovery, no relays: every instance listens on its own free port of 127.0.0.1 and is told
where the other one is. Nothing here leaves this machine.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.e2e.desk import PROJECT_ROOT, DeskError, log_tail, poll, program, spawn, stop

DEPLOY = PROJECT_ROOT / "deploy"
SETUP = DEPLOY / "kiosk-sync-setup.sh"
SERVICE = DEPLOY / "kiosk-sync.service"
CONTENT_FOLDER = "kiosk-content"
LOOK_EVERY_S = 0.25  # polling a condition in a test: gentle on a shared two-core machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_command(home: Path) -> list[str]:
    """deploy/kiosk-sync.service's ExecStart, with a private home folder."""
    line = next(line for line in SERVICE.read_text().splitlines()
                if line.startswith("ExecStart="))
    words = shlex.split(line.removeprefix("ExecStart="))
    return [program("syncthing") if word == "/usr/bin/syncthing" else
            f"--home={home}" if word.startswith("--home=") else word for word in words]


class Syncthing:
    """One Syncthing process, its REST API, and where it listens."""

    def __init__(self, home: Path, name: str) -> None:
        self.home = home
        self.name = name
        self.listen_port = free_port()
        self.gui_port = free_port()
        self.log = home.parent / f"syncthing-{name}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.device_id = ""
        self.api_key = ""

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.listen_port}"

    def start(self) -> None:
        env = {**os.environ, "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1",
               "HOME": str(self.home.parent)}
        self.device_id = subprocess.run(
            [program("syncthing"), "serve", f"--home={self.home}", "--device-id"],
            capture_output=True, text=True, check=True, timeout=30).stdout.strip()
        config = (self.home / "config.xml").read_text()
        found = re.search(r"<apikey>([^<]+)</apikey>", config)
        if found is None:
            raise DeskError(f"no API key in {self.home / 'config.xml'}")
        self.api_key = found.group(1)
        command = [*serve_command(self.home), f"--gui-address=127.0.0.1:{self.gui_port}"]
        self.process = spawn(command, env, self.log)
        if not poll(self._up, timeout=30, interval=LOOK_EVERY_S):
            raise DeskError(f"syncthing {self.name} did not answer:\n{log_tail(self.log)}")

    def stop(self) -> None:
        stop(self.process)
        self.process = None

    def _up(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise DeskError(f"syncthing {self.name} exited:\n{log_tail(self.log)}")
        try:
            return self.rest("GET", "/rest/system/ping").get("ping") == "pong"
        except (OSError, urllib.error.URLError, ValueError):
            return False

    def rest(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}", data=data, method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 (localhost)
            text = answer.read().decode()
        return json.loads(text) if text.strip() else {}

    # --- the IT person's step, through the API ---------------------------------------------

    def add_device(self, other: Syncthing, name: str) -> None:
        self.rest("POST", "/rest/config/devices", {
            "deviceID": other.device_id, "name": name, "addresses": [other.address]})

    def add_folder(self, folder_id: str, path: Path, kind: str, devices: list[Syncthing],
                   delay_s: int = 10) -> None:
        path.mkdir(parents=True, exist_ok=True)
        (path / ".stfolder").mkdir(exist_ok=True)
        existing = {folder["id"]: folder for folder in self.rest("GET", "/rest/config/folders")}
        if folder_id in existing:  # shared with one more device (a group's next kiosk)
            folder = existing[folder_id]
            folder["devices"] += [{"deviceID": device.device_id} for device in devices]
            self.rest("PUT", f"/rest/config/folders/{folder_id}", folder)
            return
        self.rest("POST", "/rest/config/folders", {
            "id": folder_id, "label": folder_id, "path": str(path), "type": kind,
            "fsWatcherEnabled": True, "fsWatcherDelayS": delay_s, "rescanIntervalS": 3600,
            "devices": [{"deviceID": device.device_id} for device in devices]})

    def completion(self, folder_id: str, device: Syncthing) -> float:
        answer = self.rest("GET", f"/rest/db/completion?folder={folder_id}"
                           f"&device={device.device_id}")
        return float(answer.get("completion", 0.0))


def generate(home: Path) -> None:
    """Keys and a first config.xml, as `syncthing generate` makes them."""
    subprocess.run([program("syncthing"), "generate", f"--home={home}", "--no-default-folder"],
                   capture_output=True, check=True, timeout=60)


def kiosk_instance(root: Path, name: str, content: Path, report: Path,
                   source: Syncthing) -> Syncthing:
    """A kiosk's Syncthing, set up by deploy/kiosk-sync-setup.sh as install.sh does."""
    home = root / "syncthing"
    instance = Syncthing(home, name)
    env = {**os.environ, "LISTEN": instance.address,
           "GUI_ADDRESS": f"127.0.0.1:{instance.gui_port}", "LOCAL_ANNOUNCE": "false",
           "SOURCE_ADDRESS": source.address, "REPORT_DELAY_S": "1", "RECONNECT_S": "1"}
    done = subprocess.run([str(SETUP), str(home), str(content), str(report), name,
                           source.device_id], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    if done.returncode != 0:
        raise DeskError(f"kiosk-sync-setup.sh failed:\n{done.stderr}")
    instance.device_id = done.stdout.strip().splitlines()[-1]
    return instance


# The desk's first config.xml, as `syncthing generate` writes it, made office-network-only
# before its first start (as the README asks of the desk): nothing leaves this machine.
DESK_OPTIONS = {"globalAnnounceEnabled": "false", "localAnnounceEnabled": "false",
                "relaysEnabled": "false", "natEnabled": "false", "urAccepted": "-1",
                "autoUpgradeIntervalH": "0", "crashReportingEnabled": "false",
                "startBrowser": "false", "reconnectionIntervalS": "1"}


def source_instance(root: Path, name: str) -> Syncthing:
    """The desk's (or head office's) Syncthing: keys made, office network only, not started."""
    home = root / "syncthing"
    generate(home)
    instance = Syncthing(home, name)
    config = home / "config.xml"
    text = config.read_text()
    for option, value in DESK_OPTIONS.items():
        text = re.sub(rf"<{option}>[^<]*</{option}>", f"<{option}>{value}</{option}>", text)
    text = re.sub(r"<listenAddress>[^<]*</listenAddress>",
                  f"<listenAddress>{instance.address}</listenAddress>", text)
    config.write_text(text)
    instance.device_id = subprocess.run(
        [program("syncthing"), "serve", f"--home={home}", "--device-id"],
        capture_output=True, text=True, check=True, timeout=30).stdout.strip()
    return instance
