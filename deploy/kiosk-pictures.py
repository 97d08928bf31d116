"""Pictures of every kiosk screen as it is shown now, made outside the kiosk process.

    /opt/kiosk/.venv/bin/python /opt/kiosk/deploy/kiosk-pictures.py REPORT_DIR

Run by kiosk-pictures.service whenever the kiosk rewrites REPORT_DIR/kiosk-status.json
(kiosk-pictures.path). When the status names a content revision the pictures are not yet of,
it renders every screen with `kiosk snapshot` (offscreen), in each language the kiosk shows,
at the kiosk's own screen size, into REPORT_DIR/screens/<language>/, and copies the content
folder it rendered into REPORT_DIR/shown-content/ (a copy staff can restore from). Both are
replaced whole, so the desk never sees a half-made set. Content that no longer renders (it
was changed again since, and is broken) leaves the previous pictures in place.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

STATUS = "kiosk-status.json"
SCREENS = "screens"
SHOWN = "shown-content"
REVISION = "revision.txt"
TIMEOUT_S = 300


def main(report: Path) -> int:
    try:
        status = json.loads((report / STATUS).read_text(encoding="utf-8"))
        revision, content = status["content_revision"], Path(status["content_dir"])
        screen, languages = status["screen"], status["languages"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"kiosk-pictures: no usable {report / STATUS} ({error}); nothing to do")
        return 0
    try:
        if (report / SCREENS / REVISION).read_text().strip() == revision:
            return 0  # a fault or a refused change: what is shown has not changed
    except OSError:
        pass
    fresh = report / f".{SCREENS}-new"
    shutil.rmtree(fresh, ignore_errors=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for language in languages:
        command = [sys.executable, "-m", "kiosk", "snapshot", str(fresh / language),
                   "--content", str(content), "--language", language,
                   "--size", f"{screen['width']}x{screen['height']}",
                   "--diagonal", str(screen["diagonal_inches"])]
        done = subprocess.run(command, env=env, capture_output=True, text=True,
                              timeout=TIMEOUT_S, check=False)
        if done.returncode != 0:
            shutil.rmtree(fresh, ignore_errors=True)
            print(f"kiosk-pictures: {content} did not render: {done.stderr.strip()[-800:]}\n"
                  "the pictures of the version shown stay")
            return 1
    (fresh / REVISION).write_text(revision + "\n")
    shown = report / f".{SHOWN}-new"
    shutil.rmtree(shown, ignore_errors=True)
    shutil.copytree(content, shown, ignore=shutil.ignore_patterns(".*", "~*"))
    for new, name in ((fresh, SCREENS), (shown, SHOWN)):
        old = report / f".{name}-old"
        shutil.rmtree(old, ignore_errors=True)
        if (report / name).exists():
            (report / name).rename(old)
        new.rename(report / name)
        shutil.rmtree(old, ignore_errors=True)
    print(f"kiosk-pictures: pictures of revision {revision} in {report / SCREENS}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip())
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1])))
