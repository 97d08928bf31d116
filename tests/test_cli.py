"""The command line: snapshots, a clear line when there is no display, and the entry points."""

import argparse
import json
import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from kiosk import paths
from kiosk.cli import build_parser, parse_size

ENV = {**os.environ, "PYTHONPATH": str(paths.PROJECT_ROOT)}


def run_kiosk(*args: str, env: dict | None = None, timeout: int = 120):
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=paths.PROJECT_ROOT, env=env or ENV)


def test_snapshot_renders_every_screen_at_the_given_size(tmp_path, content):
    result = run_kiosk("snapshot", str(tmp_path), "--size", "1366x768", "--diagonal", "15.6")
    assert result.returncode == 0, result.stderr
    expected = {"home.png", *(f"topic-{n:02d}-{t.slug}.png"
                              for n, t in enumerate(content.topics, start=1))}
    written = {p.name for p in tmp_path.glob("*.png")}
    assert expected <= written
    assert {"part-fat-pad.png", "part-metatarsal-heads.png"} <= written
    image = QImage(str(tmp_path / "home.png"))
    assert (image.width(), image.height()) == (1366, 768)
    colours = {image.pixel(x, y) for x in range(0, 1366, 9) for y in range(0, 768, 9)}
    assert len(colours) > 10  # text, buttons and the picture, not a blank screen
    layout = json.loads((tmp_path / "layout.json").read_text())
    assert len(layout["home"]) == len(content.topics)
    x, y, w, h = layout["home"][f"topic-{content.topics[0].slug}"]
    assert 0 <= x < x + w <= 1366 and 0 <= y < y + h <= 768


def test_without_a_display_run_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in ENV.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = run_kiosk("--windowed", "--state-dir", str(tmp_path), env=env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "no display" in lines[0] and "xvfb-run" in lines[0]
    assert "Traceback" not in result.stderr


def test_run_refuses_broken_content_with_the_check_messages(content_copy, tmp_path):
    topic = sorted((content_copy / "en").glob("*.md"))[0]
    topic.write_bytes(b"")
    env = {**ENV, "QT_QPA_PLATFORM": "offscreen"}
    result = run_kiosk("--windowed", "--content", str(content_copy), "--state-dir",
                       str(tmp_path / "state"), env=env)
    assert result.returncode == 2
    assert f"{topic}:1: this file is empty" in result.stderr


def test_the_default_command_is_run_with_its_options():
    args = build_parser().parse_args(["run", "--windowed", "--size", "800x600"])
    assert args.windowed and args.size == (800, 600)


def test_sizes_are_parsed():
    assert parse_size("1920x1080") == (1920, 1080)


@pytest.mark.parametrize("bad", ["big", "10x10", "1920"])
def test_nonsense_sizes_are_refused(bad):
    with pytest.raises(argparse.ArgumentTypeError, match="size"):
        parse_size(bad)
