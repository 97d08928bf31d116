"""Read aloud's words: what each page says, and which recorded pages still match their text."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kiosk import content as content_model
from kiosk import voice
from kiosk.content import Language, load_content


@pytest.fixture
def content_copy(content_copy: Path) -> Path:
    """The bundled content without its audio: each test makes what it needs."""
    for folder in content_copy.glob("*/voice"):
        shutil.rmtree(folder)
    return content_copy


def fake_narration(root: Path, language: Language) -> Path:
    """A manifest and (silent, made-up) audio files for every page, as `kiosk voice` leaves
    them: the test of the manifest's reader, without a voice installed."""
    folder = root / language.code / voice.VOICE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    speaker = voice.voice_for(language.code)
    pages = {}
    for page, texts in voice.page_sentences(language).items():
        entries = []
        for text in texts:
            sha = voice.sentence_sha(speaker, text)
            (folder / voice.audio_name(sha)).write_bytes(b"OggS fake")
            entries.append({"text": text, "file": voice.audio_name(sha), "seconds": 1.5,
                            "sha": sha})
        pages[page] = entries
    (folder / voice.MANIFEST).write_text(json.dumps({"format": voice.MANIFEST_FORMAT,
                                                     "pages": pages}), encoding="utf-8")
    return folder


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@pytest.mark.parametrize("code", ["en", "es"])
def test_a_topic_page_says_its_title_every_word_of_its_text_and_its_picture(content, qapp,
                                                                             code):
    language = content.language(code)
    pages = voice.page_sentences(language)
    for topic in language.topics:
        said = pages[topic.slug]
        assert said[0] == topic.title
        assert said[-1] == topic.picture
        shown = content_model.plain_text(topic.body)  # what Qt shows
        assert words_of(" ".join(said[1:-1])) == words_of(shown)
        for sentence in said[1:-1]:
            assert sentence in shown, "each sentence is found as it is on screen"


@pytest.mark.parametrize("code", ["en", "es"])
def test_home_says_the_welcome_then_each_topic_title_in_order(content, code):
    language = content.language(code)
    assert voice.page_sentences(language)[voice.HOME] == (
        language.words.welcome, *(topic.title for topic in language.topics))


def test_still_reading_says_its_question_and_its_button(content):
    words = content.words
    assert voice.page_sentences(content.languages[0])[voice.STILL_READING] == (
        words.still_reading, words.keep_reading)


def test_the_plain_text_is_the_one_qt_shows_for_the_markdown_the_check_allows(qapp):
    samples = [
        "a *b* _c_ `d` \\*e\\* line\nnext line  \nhard\n\n1. one\n2. two\n   - sub\n\n+ x",
        "snake_case_word and 2*3*4, __strong__ and ***both***",
        "- a\ncontinued\n- b",
        "x\\\ny",
        "**bold *it* x**",
        "a ** b ** c",
        "``a ` b``",
        "1) one\n10. ten",
        "Tab\tinside, and a trailing space ",
    ]
    for markdown in samples:
        assert voice.plain_text(markdown) == content_model.plain_text(markdown), markdown


# Pieces of the Markdown a topic may hold, and of what staff might type by chance.
MARKDOWN_PIECES = ["Rest", "foot", "Dr.", "2*3", "snake_case", "á", "¿Qué?", ". ", "? ", "! ",
                   ", ", " ", "**", "*", "_", "__", "`", "~", "~~", "\\*", "\\_", "\\", "- ",
                   "1. ", "2) ", "  - ", "+ ", "[ ] ", "\n", "\n\n", "  \n", "\t"]


@settings(max_examples=300, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), min_size=1, max_size=25))
def test_every_sentence_is_found_as_qt_shows_any_markdown_the_check_allows(qapp, pieces):
    markdown = "".join(pieces)
    lines = markdown.split("\n")
    assume(all(content_model._line_problem(line) is None for line in lines))
    shown = content_model.plain_text(markdown)
    mine = voice.plain_text(markdown)
    assert words_of(mine) == words_of(shown)
    for sentence in voice.sentences(mine):
        assert sentence in shown


def test_sentences_are_cut_at_their_ends_but_not_after_a_title_like_dr():
    assert voice.sentences("Ask Dr. Lee. Then rest! ¿Le duele? No. Sí.\nNext line") == (
        "Ask Dr. Lee.", "Then rest!", "¿Le duele?", "No.", "Sí.", "Next line")


def test_every_page_is_stale_before_any_audio_is_made(content_copy):
    content = load_content(content_copy)
    language = content.languages[0]
    assert voice.load_narration(content_copy / "en", language) == {}
    assert voice.stale_pages(content_copy / "en", language) == list(
        voice.page_sentences(language))


def test_recorded_pages_are_narrated_sentence_by_sentence(content_copy):
    language = load_content(content_copy).languages[0]
    folder = fake_narration(content_copy, language)
    narration = voice.load_narration(content_copy / "en", language)
    assert set(narration) == set(voice.page_sentences(language))
    home = narration[voice.HOME]
    assert [spoken.text for spoken in home] == list(voice.page_sentences(language)[voice.HOME])
    assert all(spoken.audio.is_absolute() and spoken.audio.parent == folder.absolute()
               for spoken in home)
    assert home[0].seconds == 1.5
    assert voice.stale_pages(content_copy / "en", language) == []


def test_the_content_folder_is_understood_for_the_language_folder(content_copy):
    language = load_content(content_copy).languages[0]
    fake_narration(content_copy, language)
    assert voice.load_narration(content_copy, language) == voice.load_narration(
        content_copy / "en", language)


def test_a_page_whose_text_changed_is_left_out_and_the_others_are_kept(content_copy):
    first = load_content(content_copy).languages[0]
    fake_narration(content_copy, first)
    topic = first.topics[2]
    path = topic.path
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Arthritis is a disease of the joints.", "Arthritis is a disease of your joints."),
        encoding="utf-8")
    changed = load_content(content_copy).languages[0]
    narration = voice.load_narration(content_copy / "en", changed)
    assert topic.slug not in narration
    assert set(narration) == set(voice.page_sentences(changed)) - {topic.slug}
    assert voice.stale_pages(content_copy / "en", changed) == [topic.slug]


def test_a_new_title_makes_home_and_its_page_stale(content_copy):
    first = load_content(content_copy).languages[0]
    fake_narration(content_copy, first)
    path = first.topics[0].path
    path.write_text(path.read_text(encoding="utf-8").replace(
        'title = "Stress fractures"', 'title = "About stress fractures"'), encoding="utf-8")
    changed = load_content(content_copy).languages[0]
    assert voice.stale_pages(content_copy / "en", changed) == [voice.HOME, first.topics[0].slug]


def test_a_missing_audio_file_makes_its_page_stale(content_copy):
    language = load_content(content_copy).languages[0]
    folder = fake_narration(content_copy, language)
    spoken = voice.load_narration(content_copy / "en", language)[voice.STILL_READING][1]
    (folder / spoken.audio.name).unlink()
    assert voice.stale_pages(content_copy / "en", language) == [voice.STILL_READING]


def test_audio_made_by_another_voice_is_stale(content_copy, monkeypatch):
    language = load_content(content_copy).languages[0]
    fake_narration(content_copy, language)
    monkeypatch.setitem(voice.VOICES, "en", voice.Voice("piper", "en_US-other-medium"))
    assert voice.load_narration(content_copy / "en", language) == {}


@pytest.mark.parametrize("manifest", [b"{not json", b"\xff\xfe", b"[]",
                                      b'{"format": 99, "pages": {}}',
                                      b'{"format": 1, "pages": {"home": [{"file": "../x"}]}}'])
def test_a_broken_manifest_means_no_narration_and_a_log_line_not_a_crash(content_copy,
                                                                         manifest):
    language = load_content(content_copy).languages[0]
    folder = fake_narration(content_copy, language)
    (folder / voice.MANIFEST).write_bytes(manifest)
    assert voice.load_narration(content_copy / "en", language) == {}


def test_the_voice_model_reads_the_content_and_its_narration_without_loading_qt():
    probe = ("import sys; from pathlib import Path; from kiosk import paths, voice; "
             "from kiosk.content import load_content; "
             "c = load_content(paths.DEFAULT_CONTENT_DIR); "
             "[voice.stale_pages(c.root / l.code, l) for l in c.languages]; "
             "loaded = sorted(m for m in sys.modules if m.startswith('PySide6')); "
             "print(loaded); sys.exit(1 if loaded else 0)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, f"kiosk.voice loads {result.stdout}{result.stderr}"
