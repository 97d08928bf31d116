"""Whatever `kiosk check` accepts, the kiosk can show: Hypothesis mutates the bundled content
with random and hostile text (format specs, huge numbers, control characters, brackets, deep
nesting, long lines, other scripts and right-to-left text) in every key and every topic's text.
Each mutation must either be refused by the check, every problem naming its file and line, or
be built into every screen within a fixed time and memory bound, with text on every topic page.

The normal test run tries a few hundred examples in a fixed order (derandomized, so a failure
shows up the same way on every machine); `make fuzz` tries many more, at random, and prints
what it found (the outcome of each kind of mutation, and any failing example, shrunk).
"""

from __future__ import annotations

import json
import os
import re
import resource
import time
from pathlib import Path

import pytest
import shiboken6
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import paths
from kiosk.content import WORD_KEYS, Content, ContentError, load_content
from kiosk.screens.overlays import AttractScreen, StillReadingOverlay

FUZZING = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"  # `make fuzz`
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3000" if FUZZING else "300"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=not FUZZING,
    deadline=None,  # the bounds below are the "no hang" checks, generous on purpose
    database=None,  # nothing written into the project
    print_blob=FUZZING,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                           HealthCheck.data_too_large, HealthCheck.large_base_example],
)
# No hang: a check well under a second, and every screen built, shown and painted in a few.
CHECK_BOUND_S = 2.0
SHOW_BOUND_S = 10.0
# No runaway memory (a format spec once asked for 10.7 GB): the peak resident size may grow
# this much over the whole run.
MEMORY_BOUND_KIB = 1024 * 1024
SCREEN = "15.6in-1366x768"

BUNDLED = paths.DEFAULT_CONTENT_DIR
PROBLEM = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<message>\S.*)$")

# --- hostile text ------------------------------------------------------------------------------

FRAGMENTS = [
    # placeholders, well and badly written
    "{number}", "{count}", "{seconds}", "{page}", "{pages}", "{first}", "{last}",
    "{number:s}", "{number:>300000000}", "{seconds!r}", "{count:{number}}", "{0}", "{}", "{",
    "}", "{{", "}}", "{number.real}", "{page[0]}", "{__class__}",
    # line breaks and hidden characters
    "\n", "\r", "\r\n", "\t", "\x00", "\x07", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85",
    "\u2028", "\u2029", "\u202e", "\u2066", "\u200b", "\u200d", "\u200e", "\u200f", "\ufeff",
    "\u00ad", "\ufffd", "\U0010ffff",
    # Markdown and HTML
    "[", "]", "(", ")", "](", "![", "[x](y)", "[x]: y", ">", "> ", "- ", "  - ", "    - ",
    "1. ", "* ", "+ ", "**", "__", "*", "_", "`", "```", "~~~", "# ", "#", "|", "| a |",
    "---", "===", "***", "<b>", "</i>", "<!--", "<?", "<http://x>", "&amp;", "&#0;", "&nbsp;",
    "http://example.org", "www.example.org", "care@example.org", "file:///etc/passwd", "\\",
    # numbers and TOML
    "9" * 30, "-1", "0", "1e309", "nan", "inf", "true", "[]", "{}", "\"", "'", "=", "[[x]]",
    # other scripts, right to left, combining marks, emoji, very long words
    "שלום עולם", "مرحبا بالعالم", "كسر الإجهاد في القدم", "足の疲労骨折", "ฟุต", "पैर की हड्डी",
    "Ωμέγα", "Привет", "e\u0301\u0301\u0301", "🦶🏽", "👩‍⚕️", "W" * 40, "Ermüdungsbruch",
]
REPEATED = ["[", "]", "(", ">", "> ", "- ", "  ", "*", "_", "`", "{", "}", "<", "&", "#", "a",
            "W ", "שלום ", "\t", "\\", "](", "[a", "{number}"]

hostile_text = st.one_of(
    st.sampled_from(FRAGMENTS),
    # ordinary-looking text in any script, which the check should mostly let through
    st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), min_size=1,
            max_size=30),
    st.text(max_size=40),  # any characters at all (but lone surrogates, which UTF-8 can't hold)
    st.builds(lambda part, times: part * times, st.sampled_from(REPEATED),
              st.sampled_from([2, 3, 27, 41, 161, 401, 1201, 5000, 30_000, 65_000])),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), min_size=2, max_size=8)
    .map("".join),
)
hostile_toml = st.one_of(
    hostile_text.map(lambda text: json.dumps(text, ensure_ascii=False)),  # a TOML string
    st.sampled_from(["0", "-5", "3", "99999999999999999999", "1.5", "1e309", "nan", "inf",
                     "true", "[]", "[\"toes\"]", "[1, 2]", "{}", "{a = 1}", "\"", "'''",
                     "[" * 3000 + "]" * 3000, "{a={a={a={a=1}}}}", "9" * 5000, ""]),
    hostile_text,  # written bare, broken TOML as likely as not
)

SETTINGS_KEYS = ["office_name", "language", "languages", "still_reading_seconds",
                 "countdown_seconds", "attract_seconds", "screen_diagonal_inches"]
WORDS_KEYS = [*WORD_KEYS, "1", "2", "3", "4", "5"]
HEADER_KEYS = ["title", "subtitle", "order", "highlight", "picture"]


def bundled_files() -> dict[str, str]:
    """The bundled content the kiosk reads: settings, and each language folder's files."""
    files = {"settings.toml": (BUNDLED / "settings.toml").read_text(encoding="utf-8")}
    for folder in sorted(p for p in BUNDLED.iterdir() if p.is_dir()):
        for path in sorted(folder.iterdir()):
            if path.is_file():
                files[f"{folder.name}/{path.name}"] = path.read_text(encoding="utf-8")
    return files


BASE = bundled_files()
# The changes go to the start language's files (a broken translation is only left out).
TOPICS = sorted(name for name in BASE if name.startswith("en/") and name.endswith(".md"))


def set_key(text: str, key: str, toml: str) -> str:
    """key = toml in place of the key's first line (added at the top if it is not there)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            lines[index] = f"{key} = {toml}"
            return "\n".join(lines)
    return f"{key} = {toml}\n" + text


def body_bounds(text: str) -> tuple[list[str], int]:
    """A topic's lines, and the index of its first line of text (after the second +++)."""
    lines = text.split("\n")
    closing = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "+++"),
                   len(lines) - 1)
    return lines, closing + 1


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, str, str]:
    """One change to one file: (file, what kind of change and what was written, the file's
    new text)."""
    kind = draw(st.sampled_from(["setting", "word", "header", "body line", "body",
                                 "splice"]))
    if kind == "setting":
        name, key, value = "settings.toml", draw(st.sampled_from(SETTINGS_KEYS)), draw(hostile_toml)
        return name, f"{kind} {key} = {value!r}", set_key(BASE[name], key, value)
    if kind == "word":
        name, key, value = "en/words.toml", draw(st.sampled_from(WORDS_KEYS)), draw(hostile_toml)
        return name, f"{kind} {key} = {value!r}", set_key(BASE[name], key, value)
    name = draw(st.sampled_from(TOPICS))
    text = BASE[name]
    if kind == "header":
        key, value = draw(st.sampled_from(HEADER_KEYS)), draw(hostile_toml)
        return name, f"{kind} {key} = {value!r}", set_key(text, key, value)
    lines, start = body_bounds(text)
    if kind == "body line":
        at = draw(st.integers(start, len(lines)))
        how = draw(st.sampled_from(["insert", "replace", "extend"]))
        new = draw(hostile_text)
        if how == "insert" or at == len(lines):
            lines.insert(at, new)
        elif how == "replace":
            lines[at] = new
        else:
            lines[at] += new
        return name, f"{kind} {how} {at + 1}: {new!r}", "\n".join(lines)
    if kind == "body":
        new = draw(hostile_text)
        return name, f"{kind} {new!r}", "\n".join(lines[:start]) + "\n" + new + "\n"
    at, new = draw(st.integers(0, len(text))), draw(hostile_text)
    return name, f"{kind} at {at}: {new!r}", text[:at] + new + text[at:]


# --- what must hold ----------------------------------------------------------------------------


def assert_every_problem_names_its_file_and_line(error: ContentError, root: Path,
                                                 files: dict[str, str]) -> None:
    assert error.problems, "refused without a reason"
    for problem in error.problems:
        shown = str(problem)
        match = PROBLEM.match(shown)
        assert match and "\n" not in shown, f"not one file:line: message line: {shown!r}"
        path = Path(match["path"])
        assert path == root or root in path.parents, f"names a file outside: {shown!r}"
        relative = path.relative_to(root).as_posix()
        if relative in files:
            assert int(match["line"]) <= files[relative].count("\n") + 2, shown
        assert len(shown) < len(str(path)) + 600, f"a message that repeats the text: {shown!r}"


def paint(widget: QWidget) -> None:
    """Run every paintEvent of the widget and its children, onto one pixel."""
    sink = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(sink)
    try:
        widget.render(painter, QPoint())
    finally:
        painter.end()


def assert_every_screen_shows_it(window, content: Content) -> None:
    window.set_content(content)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the old pages, gone
    QApplication.processEvents()
    window.show_home()
    QApplication.processEvents()
    paint(window)
    for button in window.home.buttons:
        assert button.text().strip(), "a topic button without words"
    for index, page in enumerate(window.topics):
        window.show_topic(index)
        QApplication.processEvents()
        assert page.title.text().strip(), f"topic {index + 1} has no title"
        paint(page)
        for part in range(max(page.text.parts, 1)):
            page.text.set_part(part)
            assert page.text.visible_text().strip(), (
                f"topic {index + 1} ({page.topic.path.name}) shows no text in part {part + 1} "
                f"of {page.text.parts}")
        page.rewind()
    window.show_home()
    still = StillReadingOverlay(window.look, content.words, window)
    attract = AttractScreen(window.look, content.words, window.renderer, window)
    try:
        still.start(content.settings.countdown_seconds)
        attract.start()
        paint(still)
        paint(attract)
        still.stop()
        attract.stop()
    finally:
        shiboken6.delete(still)
        shiboken6.delete(attract)


def peak_memory_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@pytest.fixture
def fuzz_window(make_window, content):
    return make_window(content, SCREEN)


def test_whatever_the_check_accepts_every_screen_can_show(fuzz_window, tmp_path):
    root = tmp_path / "content"
    for name in BASE:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
    start_memory = peak_memory_kib()
    started = time.monotonic()
    tally: dict[tuple[str, str], int] = {}

    @SETTINGS
    @given(st.lists(mutation(), min_size=1, max_size=3))
    def check_then_show(changes: list[tuple[str, str, str]]) -> None:
        files = dict(BASE)
        for name, kind, text in changes:
            files[name] = text
            note(f"{name}: {kind[:300]}{'...' if len(kind) > 300 else ''}")
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
        began = time.monotonic()
        try:
            loaded = load_content(root)
        except ContentError as error:
            assert time.monotonic() - began < CHECK_BOUND_S, "the check took too long"
            assert_every_problem_names_its_file_and_line(error, root, files)
            count("refused", changes)
            return
        assert time.monotonic() - began < CHECK_BOUND_S, "the check took too long"
        began = time.monotonic()
        assert_every_screen_shows_it(fuzz_window, loaded)
        assert time.monotonic() - began < SHOW_BOUND_S, "building every screen took too long"
        assert peak_memory_kib() - start_memory < MEMORY_BOUND_KIB, "memory ran away"
        count("shown", changes)

    def count(outcome: str, changes: list[tuple[str, str, str]]) -> None:
        for _, kind, _ in changes:
            key = (outcome, kind.split(" ")[0])
            tally[key] = tally.get(key, 0) + 1
        event(outcome)

    try:
        check_then_show()
    finally:
        report(tally, time.monotonic() - started, peak_memory_kib() - start_memory)


def report(tally: dict[tuple[str, str], int], seconds: float, grown_kib: int) -> None:
    """What the run found: how often each kind of change was refused or shown."""
    kinds = sorted({kind for _, kind in tally})
    refused = sum(n for (outcome, _), n in tally.items() if outcome == "refused")
    shown = sum(n for (outcome, _), n in tally.items() if outcome == "shown")
    lines = [f"fuzz: {refused + shown} changes in {seconds:.1f} s, peak memory grew "
             f"{grown_kib / 1024:.0f} MiB; each change was refused by the check (file:line) "
             "or built into every screen:",
             f"  {'change':<10} {'refused':>8} {'shown':>8}"]
    lines += [f"  {kind:<10} {tally.get(('refused', kind), 0):>8} "
              f"{tally.get(('shown', kind), 0):>8}" for kind in kinds]
    print("\n" + "\n".join(lines))
