"""What `kiosk check` accepts, the kiosk can show: content and state that once passed the check
or looked harmless, and crashed, hung or left the kiosk open. One test (or a few) per defect of
the issue, numbered as there; each fails on the code before the fix."""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from kiosk import content as model
from kiosk import paths
from kiosk.app import LAST_GOOD, load_or_last_good
from kiosk.content import (
    MAX_LINE_CHARS,
    MAX_OFFICE_NAME_CHARS,
    WORD_KEYS,
    WORD_LIMITS,
    load_content,
    load_last_good,
    save_last_good,
)
from kiosk.content_updates import keep_last_good
from kiosk.pin import PinStore
from kiosk.reload import MAX_WATCHED, ContentWatcher, content_files, fingerprint

from .test_content_check import assert_reported, check, first_topic

CHEAP_N = 2**4
PIN = "739164"
WRONG = "000000"
# "No hang": a generous bound for work that took 34 s before the fix and milliseconds after.
NO_HANG_S = 5.0


def line_of(path: Path, key: str) -> int:
    """The line a key is written on in a TOML file (or a topic's header)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    raise AssertionError(f"{key} not in {path}")


def set_value(path: Path, key: str, value: object) -> int:
    """Write key = value (as TOML) in place of the key's line; returns that line."""
    number = line_of(path, key)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = f"{key} = {json.dumps(value, ensure_ascii=False)}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number


def set_raw(path: Path, key: str, toml: str) -> int:
    """Write key = <toml text, as written> in place of the key's line; returns that line."""
    number = line_of(path, key)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = f"{key} = {toml}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number


def append_to_body(topic: Path, text: str) -> int:
    """Add text as the topic's last lines; returns the line number of its first line."""
    old = topic.read_text(encoding="utf-8").rstrip("\n")
    topic.write_text(old + "\n\n" + text + "\n", encoding="utf-8")
    return old.count("\n") + 3


def words_file(root: Path) -> Path:
    return root / "en" / "words.toml"


# --- 1. a format spec in words.toml ----------------------------------------------------------


def test_a_format_spec_in_words_is_refused_with_its_line(content_copy, capsys):
    words = words_file(content_copy)
    line = set_value(words, "topic_counter", "Topic {number:s} of {count}")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, words, line, "topic_counter", "{number:s}", "write just {number}")


def test_a_format_spec_that_would_eat_gigabytes_is_refused_before_anything_formats_it(
        content_copy, capsys):
    words = words_file(content_copy)
    line = set_value(words, "topic_counter", "Topic {number:>300000000} of {count}")
    started = time.monotonic()
    status, out = check(content_copy, capsys)
    assert time.monotonic() - started < NO_HANG_S
    assert status == 1
    assert_reported(out, words, line, "topic_counter", "format")


@pytest.mark.parametrize("written", ["{seconds:s}", "{seconds!r}", "{seconds:{seconds}}",
                                     "{seconds.real}", "{seconds[0]}", "{0}", "{}"])
def test_a_countdown_placeholder_written_any_other_way_than_bare_is_refused(
        content_copy, capsys, written):
    words = words_file(content_copy)
    line = set_value(words, "going_home", f"Going back to the start in {written} seconds.")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, words, line, "going_home")


def test_every_placeholder_text_the_check_accepts_can_be_filled_in(content):
    for language in content.languages:
        words = language.words
        for key, placeholders in WORD_KEYS.items():
            if placeholders:
                filled = getattr(words, key).format(**model.SAMPLE_VALUES)
                assert "{" not in filled, (key, filled)


def test_content_is_not_kept_as_the_last_good_copy_before_the_window_has_shown_it(
        content_copy, tmp_path):
    state = tmp_path / "state"
    assert load_or_last_good(content_copy, state) is not None
    assert not (state / LAST_GOOD).exists()


def test_new_content_is_kept_as_the_last_good_copy_only_once_home_has_painted_it(
        qtbot, kiosk, content_copy, tmp_path):
    copy = tmp_path / "state" / LAST_GOOD
    set_value(content_copy / "settings.toml", "office_name", "Main Street Feet")
    qtbot.waitUntil(lambda: kiosk.updates.pending is not None, timeout=5000)
    home = kiosk.window.home
    kiosk.window.hide()  # nothing can paint it now
    kiosk.updates.apply_pending()
    assert kiosk.window.home is not home  # the new Home is built ...
    qtbot.wait(100)
    assert not copy.exists()  # ... but not yet painted, so not kept
    kiosk.window.show()
    qtbot.waitUntil(copy.exists, timeout=5000)
    assert load_last_good(copy).settings.office_name == "Main Street Feet"


@pytest.mark.qt_no_exception_capture
def test_new_content_that_fails_while_being_painted_is_not_kept(qtbot, kiosk, content_copy,
                                                                 tmp_path, caplog):
    from kiosk.screens.home import HomeScreen

    copy = tmp_path / "state" / LAST_GOOD
    set_value(content_copy / "settings.toml", "office_name", "Main Street Feet")
    qtbot.waitUntil(lambda: kiosk.updates.pending is not None, timeout=5000)

    def broken(self, event) -> None:
        raise ValueError("a paint that fails")

    original = HomeScreen.paintEvent
    HomeScreen.paintEvent = broken  # type: ignore[method-assign]
    try:
        kiosk.updates.apply_pending()
        kiosk.window.home.update()
        qtbot.waitUntil(lambda: "not kept as the last good copy" in caplog.text, timeout=5000)
    finally:
        HomeScreen.paintEvent = original  # type: ignore[method-assign]
    assert not copy.exists()


# --- 2. every value has a length limit that fits the layout ----------------------------------


def test_an_office_name_longer_than_the_top_of_home_holds_is_refused(content_copy, capsys):
    settings = content_copy / "settings.toml"
    line = set_value(settings, "office_name", "Podiatry " * 5)
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, settings, line, "office_name", f"at most {MAX_OFFICE_NAME_CHARS}")


def test_an_office_name_of_54_kb_is_refused_without_growing_memory(content_copy, capsys):
    settings = content_copy / "settings.toml"
    line = set_value(settings, "office_name", "Podiatry Office " * 3400)
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, settings, line, "office_name", "characters")
    assert max(len(entry) for entry in out) < 400  # the message does not repeat the value


@pytest.mark.parametrize("key", WORD_KEYS)
def test_every_word_has_a_length_limit_that_its_message_names(content_copy, capsys, key):
    limit, _ = WORD_LIMITS[key]
    keep = " ".join("{" + name + "}" for name in WORD_KEYS[key])
    words = words_file(content_copy)
    line = set_value(words, key, (keep + " " + "word " * limit).strip())
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, words, line, key, f"at most {limit}")


def test_a_named_bone_has_a_length_limit_too(content_copy, capsys):
    words = words_file(content_copy)
    line = set_value(words, "3", "The third bone. " * 20)
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, words, line, "heads 3", "at most")


@pytest.mark.parametrize(("escape", "named"), [
    ("\\n", "line break"), ("\\t", "tab"), ("\\u0000", "U+0000"), ("\\u202e", "U+202E"),
    ("\\u2028", "U+2028"), ("\\u001b", "U+001B"),
])
def test_a_line_break_or_control_character_in_a_title_is_refused(content_copy, capsys, escape,
                                                                  named):
    topic = first_topic(content_copy)
    line = set_raw(topic, "title", f'"Two{escape}lines"')
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, topic, line, "'title'", named, "one line")


@pytest.mark.parametrize("key", ["home", "still_reading", "welcome"])
def test_a_line_break_in_a_screen_word_is_refused(content_copy, capsys, key):
    words = words_file(content_copy)
    line = set_raw(words, key, '"One\\nTwo"')
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, words, line, key, "line break")


def test_a_control_character_written_into_a_file_is_refused_with_its_line(content_copy, capsys):
    topic = first_topic(content_copy)
    line = append_to_body(topic, "A page\x0cbreak.")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, topic, line, "U+000C")


def test_every_value_at_its_limit_builds_every_screen_with_nothing_outside_it(
        make_window, content_copy):
    at_limits = content_at_limits(content_copy, letter="e")
    for screen in ("10in-1280x800", "21.5in-1920x1080", "21.5in-1080x1920-portrait"):
        window = make_window(at_limits, screen)
        for index in range(-1, len(window.topics)):
            if index < 0:
                window.show_home()
            else:
                window.show_topic(index)
            QApplication.processEvents()
            page = window.current_widget()
            outside = [
                w.objectName() or type(w).__name__ for w in visible_buttons(page)
                if not page.rect().contains(w.geometry())]
            assert not outside, f"{screen}, page {index}: outside the page: {outside}"
        window.close()


def visible_buttons(page):
    from kiosk.screens.widgets import TouchButton

    return [button for button in page.findChildren(TouchButton) if button.isVisibleTo(page)]


def content_at_limits(root: Path, letter: str) -> model.Content:
    """Every value of root's content at the most characters the check lets through."""

    def text(limit: int, keep: tuple[str, ...] = ()) -> str:
        value = " ".join("{" + name + "}" for name in keep)
        while len(value.format(**model.SAMPLE_VALUES)) < limit:
            value += letter if len(value) % 8 else " "
        return value.strip().ljust(limit, letter)[:limit] if not keep else value

    set_value(root / "settings.toml", "office_name", text(MAX_OFFICE_NAME_CHARS))
    words = words_file(root)
    for key, keep in WORD_KEYS.items():
        set_value(words, key, text(WORD_LIMITS[key][0], keep))
    for number in range(1, 6):
        set_value(words, str(number), text(model.HEAD_LIMIT[0]))
    for topic in sorted((root / "en").glob("*.md")):
        set_value(topic, "title", text(model.MAX_TITLE_CHARS))
        set_value(topic, "subtitle", text(model.MAX_SUBTITLE_CHARS))
        set_value(topic, "picture", text(model.MAX_PICTURE_CHARS))
    return load_content(root)


# --- 3. checks take linear time: a line of 65,000 brackets -----------------------------------


def brackets_for_a_body(topic: Path) -> int:
    """The topic's text replaced by one line of 65,000 brackets; returns its line."""
    text = topic.read_text(encoding="utf-8")
    header = text[:text.index("+++", 3) + 3]
    topic.write_text(header + "\n" + "[" * 65_000 + "\n", encoding="utf-8")
    return header.count("\n") + 2


def test_a_line_of_65000_brackets_is_refused_by_its_length_in_well_under_a_second(
        content_copy, capsys):
    topics = sorted((content_copy / "en").glob("*.md"))
    lines = [brackets_for_a_body(topic) for topic in topics]
    started = time.monotonic()
    status, out = check(content_copy, capsys)
    assert time.monotonic() - started < NO_HANG_S
    assert status == 1
    for topic, line in zip(topics, lines, strict=True):
        assert_reported(out, topic, line, "65000 characters", f"at most {MAX_LINE_CHARS}")


@pytest.mark.parametrize("line", [
    "[" * (MAX_LINE_CHARS - 10) + "](x.org)",
    "[a" * (MAX_LINE_CHARS // 2 - 10) + "] (x)",
    "See [our site](/" + "(" * 500 + ").",
])
def test_links_are_still_found_at_the_longest_line(content_copy, capsys, line):
    topic = first_topic(content_copy)
    number = append_to_body(topic, line)
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, topic, number, "links are not allowed")


@pytest.mark.parametrize("hostile", [
    "[" * MAX_LINE_CHARS, "<" + " " * (MAX_LINE_CHARS - 1), "< /" * (MAX_LINE_CHARS // 3),
    "&#" * (MAX_LINE_CHARS // 2), "a@" * (MAX_LINE_CHARS // 2), "]" + " " * (MAX_LINE_CHARS - 1),
    "- " * (MAX_LINE_CHARS // 2),
])
def test_no_pattern_of_the_check_backtracks_on_the_longest_line(hostile):
    # 2,000 lines at the longest length allowed: quadratic patterns take minutes here.
    started = time.monotonic()
    for _ in range(2000):
        model._line_problem(hostile)
    assert time.monotonic() - started < NO_HANG_S


def test_a_hot_reload_of_65000_brackets_is_refused_without_freezing_the_screen(
        qtbot, content_copy, caplog):
    caplog.set_level(logging.ERROR)
    owner = QObject()
    watcher = ContentWatcher(content_copy, load_content(content_copy), owner, quiet_ms=50)
    refused = []
    watcher.refused.connect(refused.append)
    for topic in sorted((content_copy / "en").glob("*.md")):
        brackets_for_a_body(topic)
    started = time.monotonic()
    watcher.check_now()
    assert time.monotonic() - started < NO_HANG_S
    assert refused and "characters" in caplog.text


def test_toml_nested_too_deeply_is_a_problem_not_a_traceback(content_copy, capsys):
    topic = first_topic(content_copy)
    set_raw(topic, "highlight", "[" * 5000 + "]" * 5000)
    settings = content_copy / "settings.toml"
    set_raw(settings, "attract_seconds", "9" * 5000)
    status, out = check(content_copy, capsys)
    assert status == 1
    assert any(entry.startswith(f"{topic}:") and "nested too deeply" in entry for entry in out)
    assert any(entry.startswith(f"{settings}:") for entry in out)


# --- 4. an unreadable language folder --------------------------------------------------------


@pytest.fixture
def unreadable(monkeypatch):
    """Make folders unreadable the way a wrong owner or mode does (the tests may run as root,
    for whom chmod changes nothing): PermissionError from every look into or below them."""
    blocked: list[Path] = []

    def denied(path: object) -> bool:
        text = os.fspath(path)  # type: ignore[call-overload]
        return any(text == str(b) or text.startswith(str(b) + os.sep) for b in blocked)

    def deny(path: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))  # type: ignore[call-overload]

    real_scandir, real_stat, real_open = os.scandir, Path.stat, Path.open

    def scandir(path=".", *args, **kwargs):
        if denied(path):
            deny(path)
        return real_scandir(path, *args, **kwargs)

    def stat(self, *args, **kwargs):
        if denied(self) and self not in blocked:  # the folder itself can be seen, not inside
            deny(self)
        return real_stat(self, *args, **kwargs)

    def open_(self, *args, **kwargs):
        if denied(self):
            deny(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "stat", stat)
    monkeypatch.setattr(Path, "open", open_)
    return blocked


def test_an_unreadable_language_folder_is_a_problem_not_a_traceback(content_copy, capsys,
                                                                    unreadable):
    folder = content_copy / "en"
    unreadable.append(folder)
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, folder, 0, "can't open this folder", "Permission denied")


def test_an_unreadable_topic_file_is_a_problem_not_a_traceback(content_copy, capsys,
                                                               unreadable):
    topic = first_topic(content_copy)
    unreadable.append(topic)
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, topic, 0, "can't read this file", "Permission denied")


def test_an_unreadable_folder_at_start_shows_the_last_good_copy(content_copy, tmp_path,
                                                                unreadable, content):
    state = tmp_path / "state"
    good = load_content(content_copy)
    save_last_good(good, state / LAST_GOOD)
    unreadable.append(content_copy / "en")
    assert load_or_last_good(content_copy, state) == good


def test_an_unreadable_content_folder_itself_is_a_problem(tmp_path, capsys, monkeypatch):
    def denied(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "is_dir", denied)
    status, out = check(tmp_path / "content", capsys)
    assert status == 1
    assert any("Permission denied" in entry for entry in out), out


# --- 5. a state folder that can't be made ----------------------------------------------------


@pytest.mark.parametrize("how", ["a file in its place", "an unwritable parent"])
def test_a_state_folder_that_cant_be_made_does_not_stop_the_start(tmp_path, monkeypatch,
                                                                  caplog, how):
    if how == "a file in its place":
        state = tmp_path / "state"
        state.write_text("not a folder")
    else:
        state = tmp_path / "locked" / "state"
        real_mkdir = Path.mkdir

        def mkdir(self, *args, **kwargs):
            if self == tmp_path / "locked":
                raise PermissionError(errno.EACCES, "Permission denied", str(self))
            return real_mkdir(self, *args, **kwargs)

        monkeypatch.setattr(Path, "mkdir", mkdir)
    store = PinStore(state, scrypt_n=CHEAP_N)
    assert not store.has_pin()
    assert store.verify(PIN).ok is False
    assert store.problem is not None and "can't be made" in store.problem
    keep_last_good(load_content(paths.DEFAULT_CONTENT_DIR), state)
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len([r for r in errors if "can't be made" in r.getMessage()]) == 1
    assert any("last good copy" in r.getMessage() for r in errors)


def test_the_whole_kiosk_starts_with_a_state_folder_it_cant_make(make_window, content_copy,
                                                                 tmp_path, content, qapp):
    from kiosk.app import Kiosk

    state = tmp_path / "state"
    state.write_text("not a folder")
    window = make_window(content)
    kiosk = Kiosk(window, content_copy, state, full_screen=False, environ={})
    assert kiosk.staff_access.pins.problem is not None


@pytest.mark.parametrize("first", ["the last good copy", "the PIN store"])
def test_the_state_folder_is_made_0700_whoever_comes_first(tmp_path, content, first):
    state = tmp_path / "state"
    old = os.umask(0o022)
    try:
        if first == "the last good copy":
            keep_last_good(content, state)
            assert (state / LAST_GOOD).exists()
        PinStore(state, scrypt_n=CHEAP_N)
        keep_last_good(content, state)
    finally:
        os.umask(old)
    assert state.stat().st_mode & 0o777 == 0o700


def test_a_state_folder_open_to_others_is_narrowed_to_0700(tmp_path):
    state = tmp_path / "state"
    state.mkdir(mode=0o755)
    state.chmod(0o755)
    PinStore(state, scrypt_n=CHEAP_N)
    assert state.stat().st_mode & 0o777 == 0o700


# --- 6. a lockout that can't be saved --------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def locked_store(tmp_path: Path, clock: Clock) -> PinStore:
    store = PinStore(tmp_path / "state", clock=clock, scrypt_n=CHEAP_N)
    store.set_pin(PIN)
    return store


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_a_lockout_that_cant_be_saved_is_enforced_in_memory_and_said_once(
        tmp_path, monkeypatch, caplog, code):
    clock = Clock()
    store = locked_store(tmp_path, clock)

    def full(path, data):
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr("kiosk.pin._write_atomic", full)
    attempts = [store.verify(WRONG) for _ in range(5)]
    assert [a.failures for a in attempts] == [1, 2, 3, 3, 3]
    assert attempts[2].locked_for == 30.0
    assert store.locked_for() == 30.0
    assert not store.verify(PIN).ok  # still locked, though nothing was saved
    saved = [r for r in caplog.records if "can't be saved" in r.getMessage()]
    assert len(saved) == 1 and os.strerror(code) in saved[0].getMessage()
    assert store.problem is not None and os.strerror(code) in store.problem
    clock.now += 30
    assert store.verify(WRONG).locked_for == 60.0  # the count went on, in memory


def test_the_start_and_the_end_of_a_lockout_are_logged(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="kiosk.pin")
    clock = Clock()
    store = locked_store(tmp_path, clock)
    for _ in range(3):
        store.verify(WRONG)
    assert "locked for 30 s" in caplog.text
    assert "lockout ended" not in caplog.text
    clock.now += 30
    assert store.locked_for() == 0.0
    assert caplog.text.count("lockout ended") == 1
    store.locked_for()
    assert caplog.text.count("lockout ended") == 1


def test_a_lockout_file_that_cant_be_read_counts_as_the_longest_lockout(tmp_path, monkeypatch,
                                                                        caplog):
    clock = Clock()
    store = locked_store(tmp_path, clock)
    lockout = tmp_path / "state" / "lockout.json"
    real = Path.read_bytes

    def read_bytes(self):
        if self == lockout:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    restarted = PinStore(tmp_path / "state", clock=clock, scrypt_n=CHEAP_N)
    assert restarted.locked_for() == 3600.0
    assert not restarted.verify(PIN).ok
    assert caplog.text.count("can't be read") == 1
    assert store.state_dir == restarted.state_dir


# --- 7. (the window manager: tests/test_lockdown.py and tests/e2e/test_keyboard.py) ----------

# --- 8. smaller ------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "words"), [
    ("> " * 30_000, "characters"),
    ("> A quote.", "quotes"),
    (">>>> Deep.", "quotes"),
    ("- A list.\n  - Inside it.\n    - Deeper still.", "indented by 4"),
    ("- - - Three on one line.", "at most 2 deep"),
    ("  - - Two, and one indented.", "at most 2 deep"),
    ("```\ncode\n```", "code blocks"),
    ("***", "only marks"),
    ("Heading\n=======", "only marks"),
    ("A &amp; B.", "character codes"),
    ("Write to care@example.org today.", "addresses"),
    ("See ftp://example.org.", "addresses"),
    ("A <?php tag.", "HTML"),
    ("1. ", "no words"),
    ("- 2024.", "no words"),
    ("\u3000\u3000 !", "no words"),
])
def test_markdown_the_kiosk_does_not_show_is_refused_with_its_line(content_copy, capsys,
                                                                   written, words):
    topic = first_topic(content_copy)
    first = append_to_body(topic, written)
    status, out = check(content_copy, capsys)
    assert status == 1
    last = first + written.count("\n")
    assert any(entry.startswith(f"{topic}:") and words.lower() in entry.lower()
               and first <= int(entry.split(":")[1]) <= last for entry in out), out


@pytest.mark.parametrize("body", ["***", "- \n- \n", "---", "** **", "🦶", "1. "])
def test_a_topic_with_no_words_is_refused(content_copy, capsys, body):
    topic = first_topic(content_copy)
    text = topic.read_text(encoding="utf-8")
    header_end = text.index("+++", 3) + 3
    topic.write_text(text[:header_end] + "\n" + body + "\n", encoding="utf-8")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert any(entry.startswith(f"{topic}:") and "no text" in entry for entry in out), out


def test_a_last_good_copy_that_is_not_valid_content_is_not_used(content, tmp_path, caplog):
    copy = tmp_path / LAST_GOOD
    save_last_good(content, copy)
    data = json.loads(copy.read_text(encoding="utf-8"))
    data["languages"][0]["words"]["topic_counter"] = "Topic {number:s} of {count}"
    copy.write_text(json.dumps(data), encoding="utf-8")
    assert load_last_good(copy) is None
    assert "not valid content" in caplog.text and "topic_counter" in caplog.text


@pytest.mark.parametrize("damage", [
    lambda d: d["languages"][0]["topics"][0].update(title="W" * 200),
    lambda d: d["languages"][0]["topics"][0].update(body="> " * 40_000),
    lambda d: d["settings"].update(office_name="Two\nlines"),
    lambda d: d["languages"][0]["topics"][0].update(order="1"),
    lambda d: d["languages"][0]["topics"][0].update(path="/etc/passwd"),
    lambda d: d.update(languages=[]),
])
def test_a_last_good_copy_is_checked_again_like_the_folder_it_came_from(content, tmp_path,
                                                                        damage):
    copy = tmp_path / LAST_GOOD
    save_last_good(content, copy)
    data = json.loads(copy.read_text(encoding="utf-8"))
    damage(data)
    copy.write_text(json.dumps(data), encoding="utf-8")
    assert load_last_good(copy) is None


def test_a_last_good_copy_nested_too_deeply_is_no_copy(tmp_path):
    copy = tmp_path / LAST_GOOD
    copy.write_text("[" * 100_000, encoding="utf-8")
    assert load_last_good(copy) is None


def test_a_broken_drawing_is_named_once_not_blamed_on_every_topic(content_copy, tmp_path,
                                                                  caplog):
    svg = tmp_path / "foot.svg"
    svg.write_text("<svg><g id='toes'>", encoding="utf-8")  # cut short
    loaded = load_content(content_copy, svg=svg)  # the kiosk shows the drawing's words instead
    assert loaded.topics
    named = [r for r in caplog.records if str(svg) in r.getMessage()]
    assert len(named) == 1 and "can't be read" in named[0].getMessage()


def test_an_unknown_part_is_still_refused_when_the_drawing_is_whole(content_copy, capsys):
    topic = first_topic(content_copy)
    line = set_value(topic, "highlight", ["toes", "toes"])
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, topic, line, "twice")


def test_a_git_folder_in_content_is_neither_fingerprinted_nor_watched(qtbot, content_copy):
    objects = content_copy / ".git" / "objects"
    for n in range(40):
        folder = objects / f"{n:02x}"
        folder.mkdir(parents=True)
        for m in range(50):
            (folder / f"{m:038x}").write_bytes(b"x")
    seen = content_files(content_copy)
    assert seen and not any(".git" in path.parts for path in seen)
    assert not any(".git" in name for name, _, _ in fingerprint(content_copy))
    owner = QObject()
    watcher = ContentWatcher(content_copy, load_content(content_copy), owner, quiet_ms=50)
    watched = watcher._watcher.files() + watcher._watcher.directories()
    assert len(watched) <= MAX_WATCHED + 1
    assert not any(".git" in Path(path).parts for path in watched)


def test_a_folder_of_thousands_of_files_is_looked_at_only_so_far(content_copy, capsys):
    junk = content_copy / "junk"
    junk.mkdir()
    for n in range(3 * MAX_WATCHED):
        (junk / f"{n}.txt").write_bytes(b"x")
    language = content_copy / "en"
    for n in range(model.MAX_FOLDER_ENTRIES):
        (language / f"backup-{n}.bak").write_bytes(b"x")
    assert len(content_files(content_copy)) == MAX_WATCHED
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, language, 0, f"more than {model.MAX_FOLDER_ENTRIES} files")


def test_every_problem_names_a_file_and_a_line_even_in_a_flood(content_copy, capsys):
    words = words_file(content_copy)
    words.write_text("".join(f"unknown_{n} = \"x\"\n" for n in range(3000))
                     + words.read_text(encoding="utf-8"), encoding="utf-8")
    started = time.monotonic()
    status, out = check(content_copy, capsys)
    assert time.monotonic() - started < NO_HANG_S
    assert status == 1
    mine = [entry for entry in out if entry.startswith(f"{words}:")]
    assert len(mine) <= model.MAX_PROBLEMS_PER_FILE + 2
    assert any("more unknown keys" in entry for entry in mine)
