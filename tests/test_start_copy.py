"""The start copy: a start that finds the content folder exactly as the last start loaded it
shows what that start loaded, without checking it all again; any other change means a full
check, and a broken folder is never hidden behind the copy (bench/README.md: the start)."""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.app import load_for_start
from kiosk.content import (
    load_content,
    load_content_traced,
    load_start_copy,
    save_start_copy,
)
from kiosk.content_updates import START_COPY


@pytest.fixture
def office(tmp_path: Path) -> Path:
    return tmp_path / "office.toml"  # none yet: as on most PCs


@pytest.fixture
def kept(content_copy: Path, tmp_path: Path, office: Path) -> Path:
    """A start copy of content_copy, as a start leaves it once Home has painted."""
    path = tmp_path / "state" / START_COPY
    save_start_copy(load_content_traced(content_copy, office=office), path)
    return path


def test_an_unchanged_folder_loads_from_the_start_copy_as_a_full_check_would(
        content_copy, kept, office):
    copy = load_start_copy(content_copy, kept, office=office)
    assert copy is not None
    assert copy == load_content(content_copy, office=office)


@pytest.mark.parametrize("change", ["one letter of a topic", "a word in words.toml",
                                    "a setting", "a new topic file", "a file taken away"])
def test_any_change_to_the_folder_means_a_full_check(content_copy, kept, office, change):
    topic = content_copy / "es" / "02-causes.md"
    if change == "one letter of a topic":
        topic.write_text(topic.read_text(encoding="utf-8").replace("a", "á", 1), encoding="utf-8")
    elif change == "a word in words.toml":
        words = content_copy / "en" / "words.toml"
        words.write_text(words.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "a setting":
        settings = content_copy / "settings.toml"
        settings.write_text(settings.read_text(encoding="utf-8") + "# edited\n",
                            encoding="utf-8")
    elif change == "a new topic file":
        (content_copy / "en" / "08-new.md").write_text("new", encoding="utf-8")
    else:
        topic.unlink()
    assert load_start_copy(content_copy, kept, office=office) is None


def test_an_office_file_that_appears_or_changes_means_a_full_check(content_copy, kept, office):
    office.write_text('office_name = "North Clinic"\n', encoding="utf-8")
    assert load_start_copy(content_copy, kept, office=office) is None
    save_start_copy(load_content_traced(content_copy, office=office), kept)
    assert load_start_copy(content_copy, kept, office=office) is not None
    office.write_text('office_name = "South Clinic"\n', encoding="utf-8")
    assert load_start_copy(content_copy, kept, office=office) is None


def test_another_content_folder_never_loads_this_ones_copy(content_copy, kept, office,
                                                            tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    for item in content_copy.iterdir():
        target = other / item.name
        target.symlink_to(item, target_is_directory=item.is_dir())
    assert load_start_copy(other, kept, office=office) is None


def _rewritten(text: str, change: Callable[[str], str]) -> str:
    """The start copy with its payload changed and its checksum made to match again."""
    kept = json.loads(text)
    payload = change(kept["payload"])
    return json.dumps({"crc32": zlib.crc32(payload.encode()), "payload": payload})


@pytest.mark.parametrize("damage", ["not json", "cut short", "a word changed on disk",
                                    "a key missing"])
def test_a_damaged_start_copy_means_a_full_check_and_says_so(content_copy, kept, office,
                                                             damage, caplog):
    text = kept.read_text(encoding="utf-8")
    assert "stress fracture" in text
    kept.write_text({"not json": "\x00\x01 garbage",
                     "cut short": text[: len(text) // 2],
                     "a word changed on disk": text.replace("stress fracture", "stress fractura",
                                                            1),
                     "a key missing": _rewritten(text, lambda p: p.replace('"answers"',
                                                                           '"other"')),
                     }[damage], encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert load_start_copy(content_copy, kept, office=office) is None
    assert "start copy" in caplog.text


def test_a_second_start_shows_the_first_starts_content_and_a_broken_edit_is_still_caught(
        content_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_OFFICE_FILE", str(tmp_path / "office.toml"))
    state = tmp_path / "state"
    first, problems, copy = load_for_start(content_copy, state)
    assert first is not None and problems == () and copy is not None  # a full check
    save_start_copy(copy, state / START_COPY)  # as the first start does once Home painted
    second, problems, copy = load_for_start(content_copy, state)
    assert second == first and problems == () and copy is None  # from the start copy

    topic = content_copy / "en" / "02-causes.md"
    topic.write_text(topic.read_text(encoding="utf-8") + "\n<script>\n", encoding="utf-8")
    _, problems, copy = load_for_start(content_copy, state)
    assert copy is None
    assert [problem.path for problem in problems] == [topic]  # named, with its line
