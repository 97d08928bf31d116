"""Content arriving by a file sync (Syncthing) or a deployment tool: a change caught halfway
is never shown, and a content/ replaced by a rename or a symlink swap is noticed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtCore import QObject

from kiosk.content import Content, load_content
from kiosk.reload import ContentWatcher

SETTINGS = "settings.toml"
FIRST_TOPIC = "en/01-what-is-it.md"


def office(folder: Path, name: str) -> None:
    path = folder / SETTINGS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('office_name = "Podiatry Office"',
                                 f'office_name = "{name}"'), encoding="utf-8")


OWNERS: list[QObject] = []  # each watcher's parent, kept for the test's length


def watch(root: Path, quiet_ms: int = 100) -> tuple[ContentWatcher, list[Content], list[object]]:
    OWNERS[:] = [QObject()]
    watcher = ContentWatcher(root, load_content(root), OWNERS[0], quiet_ms=quiet_ms)
    seen: list[Content] = []
    refused: list[object] = []
    watcher.changed.connect(seen.append)
    watcher.refused.connect(refused.append)
    return watcher, seen, refused


def test_a_change_is_judged_only_once_syncthing_has_renamed_its_last_temporary_file(
        qtbot, content_copy):
    _watcher, seen, refused = watch(content_copy)
    # Syncthing has put the new settings in place and is still receiving a topic.
    office(content_copy, "Synced Feet")
    temporary = content_copy / "en" / ".syncthing.01-what-is-it.md.tmp"
    temporary.write_text("+++\ntitle = \"half", encoding="utf-8")
    qtbot.wait(600)  # several quiet periods
    assert seen == [] and refused == []
    final = content_copy / FIRST_TOPIC
    text = final.read_text(encoding="utf-8").replace("stress fracture", "STRESS FRACTURE", 1)
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, final)  # the last file arrives whole
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    assert seen[0].settings.office_name == "Synced Feet"
    assert any("STRESS FRACTURE" in topic.body for topic in seen[0].topics)
    assert refused == []


def test_syncthings_windows_style_temporary_files_are_never_read(qtbot, content_copy):
    _watcher, seen, refused = watch(content_copy)
    broken = content_copy / "en" / "~syncthing~02-causes.md.tmp"
    broken.write_text("not a topic at all", encoding="utf-8")
    qtbot.wait(400)
    broken.unlink()
    office(content_copy, "After The Sync")
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    assert refused == []


def test_files_arriving_one_after_another_are_shown_together(qtbot, content_copy):
    _watcher, seen, _ = watch(content_copy, quiet_ms=300)
    office(content_copy, "One Change")
    qtbot.wait(100)  # the next file arrives before the folder has been quiet
    topic = content_copy / FIRST_TOPIC
    topic.write_text(topic.read_text(encoding="utf-8").replace(
        "stress fracture", "STRESS FRACTURE", 1), encoding="utf-8")
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    qtbot.wait(500)
    assert len(seen) == 1
    assert seen[0].settings.office_name == "One Change"
    assert any("STRESS FRACTURE" in topic.body for topic in seen[0].topics)


def test_a_content_folder_replaced_by_a_rename_is_noticed(qtbot, content_copy, tmp_path):
    _watcher, seen, _ = watch(content_copy)
    new = tmp_path / "content-new"
    shutil.copytree(content_copy, new)
    office(new, "Renamed In")
    content_copy.rename(tmp_path / "content-old")
    new.rename(content_copy)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    assert seen[0].settings.office_name == "Renamed In"
    # and the new folder is the one watched from now on
    office(content_copy, "Podiatry Office")  # no-op: its name is already changed
    settings = content_copy / SETTINGS
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "Renamed In", "Edited Later"), encoding="utf-8")
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen[1].settings.office_name == "Edited Later"


def test_a_content_symlink_swapped_to_a_new_release_is_noticed(qtbot, content_copy, tmp_path):
    releases = tmp_path / "releases"
    releases.mkdir()
    first = releases / "1"
    shutil.copytree(content_copy, first)
    live = tmp_path / "live"
    live.symlink_to(first)
    _watcher, seen, _ = watch(live)
    second = releases / "2"
    shutil.copytree(first, second)
    office(second, "Release Two")
    swap = tmp_path / "live.new"
    swap.symlink_to(second)
    os.replace(swap, live)  # the atomic swap deployment tools make
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    assert seen[0].settings.office_name == "Release Two"
    settings = second / SETTINGS
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "Release Two", "Two, Edited"), encoding="utf-8")
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen[1].settings.office_name == "Two, Edited"


def new_topic(folder: Path, code: str) -> None:
    """An eighth topic in one language folder: a copy of the first, with its own name."""
    first = folder / code / "01-what-is-it.md"
    text = first.read_text(encoding="utf-8").replace("order = 1", "order = 8")
    (folder / code / "08-one-more.md").write_text(text, encoding="utf-8")


def test_a_new_topic_reaching_one_language_first_waits_for_the_other(qtbot, content_copy):
    _watcher, seen, _ = watch(content_copy)
    new_topic(content_copy, "en")  # es/ arrives a moment later
    qtbot.wait(600)
    assert seen == []  # en alone would show English only: not shown half
    new_topic(content_copy, "es")
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    assert seen[0].codes == ("en", "es")
    assert len(seen[0].topics) == 8


def test_a_change_that_never_completes_is_shown_after_the_grace(qtbot, content_copy):
    OWNERS[:] = [QObject()]
    watcher = ContentWatcher(content_copy, load_content(content_copy), OWNERS[0],
                             quiet_ms=100, grace_ms=500)
    seen: list[Content] = []
    watcher.changed.connect(seen.append)
    new_topic(content_copy, "en")
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    assert seen[0].codes == ("en",)  # as at start: a language with a problem is left out
