"""What belongs to one office (its name, its screen...) lives in a file on that PC that sync
never touches, layered over the shared settings and checked with the same file:line."""

from __future__ import annotations

import pytest

from kiosk.cli import main
from kiosk.content import ContentError, load_content


@pytest.fixture
def office(tmp_path, monkeypatch):
    path = tmp_path / "etc" / "office.toml"
    path.parent.mkdir()
    monkeypatch.setenv("KIOSK_OFFICE_FILE", str(path))
    return path


def test_the_offices_file_is_laid_over_the_shared_settings(content_copy, office):
    office.write_text('office_name = "Elm Street Podiatry"\nattract_seconds = 120\n')
    settings = load_content(content_copy).settings
    assert settings.office_name == "Elm Street Podiatry"
    assert settings.attract_seconds == 120
    assert settings.still_reading_seconds == 60  # the shared value where it says nothing


def test_without_an_offices_file_the_shared_settings_stand(content_copy, office):
    assert load_content(content_copy).settings.office_name == "Podiatry Office"


def test_shared_settings_of_a_group_need_not_name_an_office(content_copy, office):
    shared = content_copy / "settings.toml"
    shared.write_text("\n".join(line for line in shared.read_text().splitlines()
                                if not line.startswith("office_name")) + "\n")
    with pytest.raises(ContentError):
        load_content(content_copy, office=office)  # no office file: the name is missing
    office.write_text('office_name = "Oak Lane"\n')
    assert load_content(content_copy).settings.office_name == "Oak Lane"


def test_a_wrong_value_in_the_offices_file_is_named_with_its_file_and_line(
        content_copy, office, capsys):
    office.write_text('# this office\noffice_name = "Oak Lane"\nattract_seconds = "soon"\n')
    assert main(["check", str(content_copy)]) == 1
    out = capsys.readouterr().out
    assert f"{office}:3: 'attract_seconds' must be a number" in out


def test_an_unknown_key_in_the_offices_file_gets_a_suggestion(content_copy, office, capsys):
    office.write_text('office_nmae = "Oak Lane"\n')
    assert main(["check", str(content_copy)]) == 1
    assert f"{office}:1: unknown key 'office_nmae'; did you mean 'office_name'?" in \
        capsys.readouterr().out


def test_broken_toml_in_the_offices_file_is_a_problem_not_a_traceback(content_copy, office,
                                                                      capsys):
    office.write_text('office_name = "Oak Lane\n')
    assert main(["check", str(content_copy)]) == 1
    assert f"{office}:1:" in capsys.readouterr().out


def test_an_office_name_too_long_for_home_is_refused_from_the_offices_file(content_copy,
                                                                           office):
    office.write_text(f'office_name = "{"W" * 41}"\n')
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    assert caught.value.problems[0].path == office


def test_an_edit_of_the_offices_file_reaches_a_running_kiosk(qtbot, office, make_kiosk):
    office.write_text('office_name = "Before"\n')
    kiosk = make_kiosk()
    assert kiosk.window.home.office.text() == "Before"
    office.write_text('office_name = "After The Edit"\n')
    qtbot.waitUntil(lambda: kiosk.window.home.office.text() == "After The Edit", timeout=5000)


def test_an_offices_own_hours_and_addresses_are_kept_as_in_the_shared_file(content_copy, office):
    office.write_text('office_hours = { mon = "08:00-17:00" }\n'
                      'take_home_url = "https://elm.example/sf"\n'
                      'take_home_urls = { es = " https://elm.example/es " }\n')
    settings = load_content(content_copy).settings
    assert settings.office_hours == (("mon", "08:00-17:00"),)
    assert settings.take_home_for("es") == "https://elm.example/es"
    hash(settings)  # immutable all through: a table left as a dict could not be hashed


def test_an_offices_address_for_a_language_it_does_not_offer_is_named_with_its_line(
        content_copy, office, capsys):
    office.write_text('office_name = "Oak Lane"\n'
                      'take_home_url = "https://oak-lane.example/stress-fracture"\n'
                      'take_home_urls = { fr = "https://oak-lane.example/fr" }\n')
    assert main(["check", str(content_copy)]) == 1
    assert (f"{office}:3: 'take_home_urls' names language 'fr', which 'languages' does not "
            "offer on this PC") in capsys.readouterr().out


def test_an_office_that_drops_a_language_the_shared_addresses_name_is_told_where(
        content_copy, office, capsys):
    shared = content_copy / "settings.toml"
    shared.write_text(shared.read_text()
                      + 'take_home_url = "https://group.example/stress-fracture"\n'
                      + 'take_home_urls = { es = "https://group.example/es" }\n')
    assert load_content(content_copy, office=office).settings.take_home_for("es").endswith("/es")
    office.write_text('office_name = "Oak Lane"\nlanguages = ["en"]\n')
    assert main(["check", str(content_copy)]) == 1
    assert f"{office}:2: 'take_home_urls' names language 'es'" in capsys.readouterr().out


def test_an_offices_own_addresses_need_an_address_for_the_other_languages(
        content_copy, office, capsys):
    office.write_text('office_name = "Oak Lane"\n'
                      'take_home_urls = { es = "https://oak-lane.example/es" }\n')
    assert main(["check", str(content_copy)]) == 1
    assert (f"{office}:2: 'take_home_urls' gives languages their own address, but neither "
            "this file nor settings.toml has 'take_home_url'") in capsys.readouterr().out
