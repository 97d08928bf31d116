"""`kiosk check`: every kind of broken content file is named with its line and its fix."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.app import LAST_GOOD, load_or_last_good
from kiosk.cli import main
from kiosk.content import ContentError, load_content, load_last_good, save_last_good
from kiosk.content_updates import keep_last_good

from .conftest import CONTENT_DIR


def first_topic(root: Path) -> Path:
    return sorted((root / "en").glob("*.md"))[0]


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(root: Path, capsys) -> tuple[int, list[str]]:
    status = main(["check", str(root)])
    return status, capsys.readouterr().out.splitlines()


def assert_reported(lines: list[str], path: Path, line: int, *words: str) -> None:
    prefix = f"{path}:{line}: "
    matching = [entry for entry in lines if entry.startswith(prefix)]
    assert matching, f"no problem reported at {prefix!r}; got {lines}"
    assert any(all(w.lower() in entry.lower() for w in words) for entry in matching), matching


def test_the_bundled_content_passes_the_check(capsys):
    status, lines = check(CONTENT_DIR, capsys)
    assert status == 0
    assert "OK" in lines[-1]


def test_a_header_that_is_never_closed(content_copy, capsys):
    topic = first_topic(content_copy)
    lines = topic.read_text(encoding="utf-8").splitlines()
    closing = lines.index("+++", 1)
    topic.write_text("\n".join(lines[:closing]) + "\n", encoding="utf-8")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, topic, closing, "never closed", "+++")


def test_a_file_without_a_header(content_copy, capsys):
    topic = first_topic(content_copy)
    topic.write_text("Just some text.\n", encoding="utf-8")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, topic, 1, "must start with a line of +++")


def test_broken_toml_names_the_line_in_the_file(content_copy, capsys):
    topic = first_topic(content_copy)
    replace_in(topic, "subtitle = \"", "subtitle = ")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, topic, 3, "double quotes")


def test_a_missing_title(content_copy, capsys):
    topic = first_topic(content_copy)
    text = topic.read_text(encoding="utf-8")
    topic.write_text(re.sub(r"^title = .*\n", "", text, count=1, flags=re.M), encoding="utf-8")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert any(str(topic) in line and "'title' is missing" in line for line in out), out


def test_a_misspelt_key_gets_a_suggestion(content_copy, capsys):
    topic = first_topic(content_copy)
    replace_in(topic, "subtitle =", "subtitel =")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, topic, 3, "unknown key 'subtitel'", "did you mean 'subtitle'")


def test_an_unknown_highlight_name_gets_a_suggestion(content_copy, capsys):
    topic = first_topic(content_copy)
    text = topic.read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("highlight"))
    topic.write_text(re.sub(r"^highlight = .*$", 'highlight = ["fat-pads"]', text, count=1,
                            flags=re.M), encoding="utf-8")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, topic, line, "no part 'fat-pads'", "did you mean 'fat-pad'")


def test_text_that_is_not_utf8_names_its_line(content_copy, capsys):
    topic = first_topic(content_copy)
    data = topic.read_bytes().rstrip(b"\n") + b"\nCaf\xe9 latin-1 text.\n"
    topic.write_bytes(data)
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, topic, data.count(b"\n"), "not UTF-8", "save the file as UTF-8")


def test_an_empty_file(content_copy, capsys):
    topic = first_topic(content_copy)
    topic.write_bytes(b"")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, topic, 1, "empty")


@pytest.mark.parametrize(("written", "words"), [
    ("See [our site](https://example.org).", "links are not allowed"),
    ("Go to https://example.org today.", "addresses are not allowed"),
    ("Open <file:///etc/passwd> now.", "addresses are not allowed"),
    ("A <b>bold</b> claim.", "HTML"),
    ("# A heading", "headings are not allowed"),
    ("![foot](foot.png)", "images are not shown"),
    ("| a | b |", "tables are not allowed"),
])
def test_links_html_and_headings_in_the_text_are_refused(content_copy, capsys, written, words):
    topic = first_topic(content_copy)
    text = topic.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + written + "\n"
    topic.write_text(text, encoding="utf-8")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert_reported(out, topic, text.count("\n"), words)


def test_a_topic_too_long_for_one_screen(content_copy, capsys):
    topic = first_topic(content_copy)
    topic.write_text(topic.read_text(encoding="utf-8") + "\nword " * 200, encoding="utf-8")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert any(str(topic) in line and "split it" in line for line in out), out


def test_two_topics_with_the_same_order(content_copy, capsys):
    first, second = sorted((content_copy / "en").glob("*.md"))[:2]
    replace_in(second, "order = 2", "order = 1")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert any(str(second) in line and f"also used by {first.name}" in line for line in out)


def test_a_file_linking_outside_the_content_folder_is_refused(content_copy, capsys, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text(first_topic(content_copy).read_text(encoding="utf-8"), encoding="utf-8")
    link = content_copy / "en" / "09-link.md"
    link.symlink_to(outside)
    status, out = check(content_copy, capsys)
    assert status == 1
    assert any(line.startswith(f"{link}:") and "outside the content folder" in line
               for line in out), out


def test_a_language_that_climbs_out_of_the_folder_is_refused(content_copy, capsys):
    settings = content_copy / "settings.toml"
    replace_in(settings, 'language = "en"', 'language = "../en"')
    status, out = check(content_copy, capsys)
    assert status == 1
    assert any(line.startswith(f"{settings}:") and "not a language folder name" in line
               for line in out), out


def test_missing_settings_file(content_copy, capsys):
    (content_copy / "settings.toml").unlink()
    status, out = check(content_copy, capsys)
    assert status == 1
    assert any("settings.toml" in line and "missing" in line for line in out), out


def test_a_time_out_out_of_range(content_copy, capsys):
    settings = content_copy / "settings.toml"
    replace_in(settings, "countdown_seconds = 20", "countdown_seconds = 10")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert any("countdown_seconds" in line and "20 to 3600" in line for line in out), out


def test_a_screen_word_that_loses_its_placeholder(content_copy, capsys):
    words = content_copy / "en" / "words.toml"
    replace_in(words, "{seconds}", "twenty")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert any("going_home" in line and "{seconds}" in line for line in out), out


def test_a_missing_head_name(content_copy, capsys):
    words = content_copy / "en" / "words.toml"
    text = words.read_text(encoding="utf-8")
    words.write_text(re.sub(r"^5 = .*\n", "", text, flags=re.M), encoding="utf-8")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert any("[heads]" in line for line in out), out


def test_more_topics_than_the_home_screen_holds(content_copy, capsys):
    topic = first_topic(content_copy)
    for number in range(10, 12):
        (topic.parent / f"{number}-copy.md").write_text(
            topic.read_text(encoding="utf-8").replace("order = 1", f"order = {number}"),
            encoding="utf-8")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert any("at most 8 fit" in line for line in out), out


def test_every_problem_is_reported_not_just_the_first(content_copy, capsys):
    first, second = sorted((content_copy / "en").glob("*.md"))[:2]
    replace_in(first, "subtitle =", "subtitel =")
    second.write_bytes(b"")
    status, out = check(content_copy, capsys)
    assert status == 1
    assert any(line.startswith(f"{first}:") for line in out)
    assert any(line.startswith(f"{second}:") for line in out)


def test_check_exits_non_zero_as_a_real_command(content_copy):
    first_topic(content_copy).write_bytes(b"")
    result = subprocess.run([sys.executable, "-m", "kiosk", "check", str(content_copy)],
                            capture_output=True, text=True, timeout=60,
                            cwd=paths.PROJECT_ROOT,
                            env={**os.environ, "PYTHONPATH": str(paths.PROJECT_ROOT)})
    assert result.returncode == 1
    assert "empty" in result.stdout


def test_the_loaded_model_cannot_be_changed(content):
    with pytest.raises(AttributeError):
        content.topics[0].title = "Changed"  # type: ignore[misc]
    assert isinstance(content.topics, tuple)


def test_invalid_content_with_no_last_good_copy_refuses_to_start(content_copy, tmp_path):
    first_topic(content_copy).write_bytes(b"")
    assert load_or_last_good(content_copy, tmp_path / "state") is None


def test_invalid_content_falls_back_to_the_last_good_copy(content_copy, tmp_path, content):
    state = tmp_path / "state"
    good = load_or_last_good(content_copy, state)
    assert good is not None
    keep_last_good(good, state)  # as the kiosk does once its window has painted it
    assert (state / LAST_GOOD).exists()
    first_topic(content_copy).write_bytes(b"")
    with pytest.raises(ContentError):
        load_content(content_copy)
    fallback = load_or_last_good(content_copy, state)
    assert fallback == good


def test_the_last_good_copy_round_trips_exactly(content, tmp_path):
    save_last_good(content, tmp_path / "copy.json")
    assert load_last_good(tmp_path / "copy.json") == content
    (tmp_path / "copy.json").write_text("{broken", encoding="utf-8")
    assert load_last_good(tmp_path / "copy.json") is None


def test_the_same_content_is_not_written_again(content, content_copy, tmp_path):
    copy = tmp_path / "copy.json"
    save_last_good(content, copy)
    first = copy.stat()
    save_last_good(content, copy)
    assert (copy.stat().st_ino, copy.stat().st_mtime_ns) == (first.st_ino, first.st_mtime_ns)
    (content_copy / "settings.toml").write_text(
        (content_copy / "settings.toml").read_text(encoding="utf-8").replace(
            "Podiatry Office", "Foot Clinic", 1), encoding="utf-8")
    changed = load_content(content_copy)
    save_last_good(changed, copy)
    assert load_last_good(copy) == changed
