"""A second language: checked against the first, and left out (never half shown) if broken."""

import re
import shutil

import pytest

from kiosk.cli import main
from kiosk.content import ContentError, load_content


@pytest.fixture
def two_languages(content_copy):
    """The bundled content with a second language 'xx': a copy of English under another name."""
    shutil.copytree(content_copy / "en", content_copy / "xx")
    words = content_copy / "xx" / "words.toml"
    words.write_text(words.read_text(encoding="utf-8").replace(
        'language_name = "English"', 'language_name = "Other"'), encoding="utf-8")
    offer(content_copy, '["en", "xx"]')
    return content_copy


def offer(folder, languages: str) -> None:
    """Set the languages settings.toml offers, e.g. '["en", "xx"]'."""
    settings = folder / "settings.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"^languages = .*$", f"languages = {languages}", text,
                               flags=re.MULTILINE), encoding="utf-8")


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(folder, capsys) -> tuple[int, str]:
    status = main(["check", str(folder)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_a_whole_second_language_is_offered(two_languages, capsys):
    content = load_content(two_languages)
    assert content.codes == ("en", "xx")
    assert content.language("xx").words.language_name == "Other"
    assert check(two_languages, capsys)[0] == 0


def test_a_topic_missing_from_a_translation_is_named_with_the_fix(two_languages, capsys):
    (two_languages / "xx" / "04-treatment.md").unlink()
    status, out = check(two_languages, capsys)
    assert status == 1
    assert "xx/04-treatment.md:0: this topic is missing in 'xx'; copy en/04-treatment.md" in out


def test_a_different_highlight_is_named_with_the_right_one(two_languages, capsys):
    edit(two_languages / "xx" / "03-ball-of-the-foot.md",
         'highlight = ["metatarsal-heads", "fat-pad"]', 'highlight = ["metatarsal-heads"]')
    status, out = check(two_languages, capsys)
    assert status == 1
    assert re.search(r"xx/03-ball-of-the-foot\.md:5: highlight differs from "
                     r"en/03-ball-of-the-foot\.md; use highlight = \[\"metatarsal-heads\", "
                     r"\"fat-pad\"\]", out), out


def test_a_different_order_is_named_with_the_right_one(two_languages, capsys):
    edit(two_languages / "xx" / "02-causes.md", "order = 2", "order = 9")
    status, out = check(two_languages, capsys)
    assert status == 1
    assert "xx/02-causes.md:4: order is 9 here but 2 in en/02-causes.md; use order = 2" in out


def test_a_missing_word_in_a_translation_is_named(two_languages, capsys):
    edit(two_languages / "xx" / "words.toml", 'keep_reading = "Keep reading"\n', "")
    status, out = check(two_languages, capsys)
    assert status == 1
    assert "xx/words.toml:1: 'keep_reading' is missing" in out


def test_a_broken_translation_is_left_out_and_the_rest_still_shows(two_languages):
    (two_languages / "xx" / "04-treatment.md").unlink()
    content = load_content(two_languages)
    assert content.codes == ("en",)
    assert len(content.topics) == 7
    assert any("04-treatment.md" in str(problem) for problem in content.left_out)


def test_a_broken_start_language_stops_the_content(two_languages):
    (two_languages / "en" / "04-treatment.md").write_text("no header", encoding="utf-8")
    with pytest.raises(ContentError):
        load_content(two_languages)


def test_a_listed_language_needs_a_folder(content_copy, capsys):
    offer(content_copy, '["en", "fr"]')
    status, out = check(content_copy, capsys)
    assert status == 1
    assert "language 'fr' has no folder" in out


def test_the_start_language_must_be_offered(content_copy, capsys):
    offer(content_copy, '["xx"]')
    status, out = check(content_copy, capsys)
    assert status == 1
    assert "'languages' does not list the start language 'en'" in out


def test_the_last_good_copy_keeps_every_language(two_languages, tmp_path):
    from kiosk.content import load_last_good, save_last_good

    content = load_content(two_languages)
    save_last_good(content, tmp_path / "last.json")
    assert load_last_good(tmp_path / "last.json") == content
