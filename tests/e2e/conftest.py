"""Fixtures for the end-to-end tests: Xvfb, openbox and the kiosk as a separate process.

The tests in this folder drive the real program with real X input; tests/conftest.py's
offscreen Qt is only used here to read PNG and XWD files.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.e2e.desk import (
    DIAGONAL,
    FOREIGN_ENV,
    MATCH_FRACTION,
    SCREEN,
    Desk,
    Snapshots,
    private_content,
    running,
)

# What scripts/system-deps.sh installs; without them these tests cannot run at all.
TOOLS = ("Xvfb", "openbox", "xdotool", "xprop", "xwininfo")


def require(tools: tuple[str, ...]) -> None:
    """Skip when a tool is missing, with the reason; in CI, fail instead: CI must run them."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    reason = (f"{', '.join(missing)} not installed: run scripts/system-deps.sh "
              "(Debian 12) to install what the end-to-end tests need")
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def e2e_tools() -> None:
    require(TOOLS)


def make_desk(root: Path, settings: Mapping[str, object] | None = None) -> Desk:
    """A private content copy, the kiosk's own snapshots of it, and a desk to run it on."""
    content = private_content(root / "content", settings)
    env = {key: value for key, value in os.environ.items() if key not in FOREIGN_ENV}
    snapshots = Snapshots.render(root / "snapshots", content, SCREEN, DIAGONAL, env)
    return Desk(root, content, snapshots)


@pytest.fixture(scope="session")
def desk(e2e_tools, tmp_path_factory) -> Iterator[Desk]:
    """The kiosk with the bundled settings (idle time-outs of minutes: they never fire here),
    shared by the touch and keyboard tests; restarted between tests only if one broke it."""
    with running(make_desk(tmp_path_factory.mktemp("desk"))) as started:
        yield started


@pytest.fixture
def on_home(desk: Desk) -> Desk:
    desk.back_home()
    return desk


@pytest.fixture
def on_a_topic(desk: Desk) -> Desk:
    """The kiosk showing a topic page (any of them: the keyboard tests only need a page
    with Previous and Next to prove afterwards that taps still work)."""
    name, score = desk.current_screen()
    if not name.startswith("topic-") or score > MATCH_FRACTION or desk.problems():
        desk.back_home()
        first = desk.snapshots.topic_screens()[0]
        desk.open_topic(first)
    return desk
