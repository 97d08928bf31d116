"""Staff edit content/ while the kiosk runs: good edits appear on Home, broken ones never show."""

import logging
import os

from PySide6.QtCore import QObject, Qt

from kiosk.content import load_content
from kiosk.reload import ContentWatcher
from kiosk.screen_id import HOME

LEFT = Qt.MouseButton.LeftButton
FIRST_TOPIC = "en/01-what-is-it.md"


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def replace_atomically(path, text: str) -> None:
    """How many editors save: write a temporary file, then rename it over the old one."""
    temporary = path.with_suffix(".tmp-save")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_a_valid_edit_shows_up_on_home(qtbot, kiosk, content_copy):
    edit(content_copy / "settings.toml", "office_name = ", "office_name = \"Main Street Feet\"\n#")
    qtbot.waitUntil(lambda: kiosk.window.home.office.text() == "Main Street Feet", timeout=5000)
    assert kiosk.window.current_screen() == HOME


def test_a_new_topic_title_reaches_its_button_and_page(qtbot, kiosk, content_copy):
    path = content_copy / FIRST_TOPIC
    text = path.read_text(encoding="utf-8")
    title = load_content(content_copy).topics[0].title
    replace_atomically(path, text.replace(f'title = "{title}"', 'title = "All about it"'))
    qtbot.waitUntil(lambda: kiosk.window.home.buttons[0].text() == "All about it", timeout=5000)
    qtbot.mouseClick(kiosk.window.home.buttons[0], LEFT)
    assert kiosk.window.topics[0].title.text() == "All about it"


def test_a_change_waits_while_a_patient_reads_a_topic(qtbot, kiosk, content_copy):
    qtbot.mouseClick(kiosk.window.home.buttons[0], LEFT)
    page = kiosk.window.current_widget()
    edit(content_copy / "settings.toml", "office_name = ", "office_name = \"Later\"\n#")
    qtbot.waitUntil(lambda: kiosk.updates.pending is not None, timeout=5000)
    qtbot.wait(300)
    assert kiosk.window.current_widget() is page  # the page under the finger is untouched
    qtbot.mouseClick(page.home_button, LEFT)
    qtbot.waitUntil(lambda: kiosk.window.home.office.text() == "Later", timeout=5000)


def test_a_broken_edit_is_refused_and_the_old_text_stays(qtbot, kiosk, content_copy, caplog):
    caplog.set_level(logging.ERROR)
    office = kiosk.window.home.office.text()
    title = kiosk.window.home.buttons[0].text()
    edit(content_copy / FIRST_TOPIC, "order = ", "order = \"first\"\n#")
    qtbot.waitUntil(lambda: "content reload refused" in caplog.text, timeout=5000)
    assert f"{FIRST_TOPIC.split('/')[1]}:" in caplog.text  # the `kiosk check` message
    qtbot.wait(300)
    assert kiosk.window.home.office.text() == office
    assert kiosk.window.home.buttons[0].text() == title
    assert kiosk.updates.pending is None


def test_a_broken_edit_is_logged_once_not_on_every_look(qtbot, kiosk, content_copy, caplog):
    caplog.set_level(logging.ERROR)
    edit(content_copy / FIRST_TOPIC, "order = ", "order = \"first\"\n#")
    qtbot.waitUntil(lambda: "content reload refused" in caplog.text, timeout=5000)
    kiosk.updates.watcher.check_now()
    kiosk.updates.watcher.check_now()
    assert caplog.text.count("content reload refused") == 1


def test_fixing_a_broken_edit_shows_the_fixed_content(qtbot, kiosk, content_copy, caplog):
    caplog.set_level(logging.ERROR)
    path = content_copy / "settings.toml"
    good = path.read_text(encoding="utf-8")
    path.write_text("office_name = \n", encoding="utf-8")
    qtbot.waitUntil(lambda: "content reload refused" in caplog.text, timeout=5000)
    path.write_text(good.replace("office_name = ", "office_name = \"Fixed\"\n#"),
                    encoding="utf-8")
    qtbot.waitUntil(lambda: kiosk.window.home.office.text() == "Fixed", timeout=5000)


def test_a_file_caught_half_written_is_never_shown(qtbot, content_copy):
    owner = QObject()
    watcher = ContentWatcher(content_copy, load_content(content_copy), owner, quiet_ms=50)
    seen = []
    watcher.changed.connect(seen.append)
    path = content_copy / FIRST_TOPIC
    full = path.read_text(encoding="utf-8")
    half = full[: len(full) // 2]
    path.write_text(half, encoding="utf-8")  # the editor has written half and paused
    qtbot.wait(20)
    path.write_text(full.replace("stress fracture", "STRESS FRACTURE", 1), encoding="utf-8")
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    qtbot.wait(300)
    assert len(seen) == 1
    assert "STRESS FRACTURE" in seen[0].topics[0].body or any(
        "STRESS FRACTURE" in topic.body for topic in seen[0].topics)


def test_the_staff_reload_button_applies_a_change_at_once(qtbot, kiosk, content_copy):
    kiosk.updates.watcher._quiet.setInterval(60_000)  # the watcher alone would not see it in time
    kiosk.staff_access.pins.set_pin("482916")
    kiosk.open_pin_pad()
    for digit in "482916":
        qtbot.mouseClick(kiosk.staff_access.pad.keys[digit], LEFT)
    qtbot.mouseClick(kiosk.staff_access.pad.keys["OK"], LEFT)
    edit(content_copy / "settings.toml", "office_name = ", "office_name = \"Now\"\n#")
    qtbot.mouseClick(kiosk.staff_access.panel.reload_button, LEFT)
    assert kiosk.window.home.office.text() == "Now"
    assert kiosk.staff_access.panel.status.text().startswith("Reloaded.")


def test_a_removed_content_folder_keeps_the_kiosk_showing(qtbot, kiosk, content_copy, caplog):
    import shutil

    caplog.set_level(logging.ERROR)
    title = kiosk.window.home.buttons[0].text()
    shutil.rmtree(content_copy)
    qtbot.waitUntil(lambda: "content reload refused" in caplog.text, timeout=5000)
    assert kiosk.window.home.buttons[0].text() == title
