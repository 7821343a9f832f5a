"""The settings file: the assessor's name kept privately and written whole; what comes first;
and every way the file can be found damaged, each said in words, none a crash.

Each test's config folder is its own (XDG_CONFIG_HOME, tests/conftest.py), where the settings
file names TEST_ASSESSOR."""

from __future__ import annotations

import json
import os
import stat

import pytest

from logbook.domain.assessor import assessor_name_problem
from logbook.store.settings import (
    ENV_VAR,
    MAX_SETTINGS_BYTES,
    AssessorRefused,
    SettingsDamaged,
    known_assessor,
    save_assessor,
    saved_assessor,
    settings_path,
)
from tests.conftest import TEST_ASSESSOR


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_settings_file_is_in_the_users_config_folder(settings_file, tmp_path):
    assert settings_path() == settings_file
    assert str(settings_file).endswith(os.path.join(".config", "logbook", "settings.json"))


def test_a_saved_name_is_kept_whole_and_private(settings_file):
    settings_file.unlink()
    settings_file.parent.rmdir()
    assert saved_assessor() is None
    assert save_assessor("  Dana Okafor  ") == settings_file
    assert json.loads(settings_file.read_text(encoding="utf-8")) == {"assessor": "Dana Okafor"}
    assert mode(settings_file) == 0o600
    assert mode(settings_file.parent) == 0o700
    assert [p.name for p in settings_file.parent.iterdir()] == ["settings.json"]  # no temporary
    assert saved_assessor() == "Dana Okafor"


def test_a_config_folder_open_to_others_is_made_private_when_the_name_is_saved(settings_file):
    settings_file.parent.chmod(0o755)
    save_assessor("Dana Okafor")
    assert mode(settings_file.parent) == 0o700


def test_other_settings_in_the_file_are_kept(settings_file):
    settings_file.write_text(json.dumps({"assessor": "A", "theme": "dark"}), encoding="utf-8")
    save_assessor("Dana Okafor")
    assert json.loads(settings_file.read_text()) == {"assessor": "Dana Okafor", "theme": "dark"}


def test_a_name_given_in_unicode_is_kept_as_typed(settings_file):
    save_assessor("Siân Ó Briain-Łukasz")
    assert saved_assessor() == "Siân Ó Briain-Łukasz"


@pytest.mark.parametrize(
    ("name", "fix"),
    [
        ("Dana\x1b[31mOkafor", "control characters or line breaks (^[)"),
        ("Dana\nOkafor", "(^J)"),
        ("Dana\u202eOkafor", "(<U+202E>)"),
        ("D" * 501, "501 characters long; at most 500"),
        ("", "the name is empty"),
    ],
)
def test_a_name_breaking_the_rule_on_text_is_refused_and_nothing_is_written(
    settings_file, name, fix
):
    before = settings_file.read_bytes()
    with pytest.raises(AssessorRefused) as refused:
        save_assessor(name)
    assert fix in str(refused.value)
    assert settings_file.read_bytes() == before
    assert fix in assessor_name_problem(name)


def test_the_longest_name_allowed_is_kept(settings_file):
    save_assessor("D" * 500)
    assert saved_assessor() == "D" * 500


# what comes first --------------------------------------------------------------------------------


def test_the_command_line_then_logbook_assessor_then_the_settings_file(monkeypatch):
    assert known_assessor().name == TEST_ASSESSOR
    monkeypatch.setenv(ENV_VAR, "From Env")
    assert (known_assessor().name, known_assessor().source) == ("From Env", ENV_VAR)
    found = known_assessor("From Command Line")
    assert (found.name, found.source) == ("From Command Line", "--assessor")


def test_no_name_anywhere_is_none_so_the_app_asks(settings_file):
    settings_file.unlink()
    assert known_assessor().name is None
    assert known_assessor().problems == ()


def test_a_refused_command_line_name_raises_a_refused_variable_is_passed_over(monkeypatch):
    with pytest.raises(AssessorRefused, match=r"^--assessor: .*\(\^\[\)"):
        known_assessor("Bad\x1b[2J")
    monkeypatch.setenv(ENV_VAR, "Bad\x1b[2J")
    found = known_assessor()
    assert found.name == TEST_ASSESSOR
    assert found.problems[0].startswith(f"{ENV_VAR}: it holds control characters")


# a damaged settings file -------------------------------------------------------------------------

DAMAGED = [
    (b"", "it is not valid JSON"),
    (b'{"assessor": "Dana', "it is not valid JSON"),
    (b"\xff\xfe\x00d", "it is not text (UTF-8)"),
    (b'["Dana Okafor"]', "it is not a JSON object of settings"),
    (b'{"assessor": 42}', "its assessor is not a text"),
    (b'{"assessor": "Dana\\u001b[31m"}', "its assessor name is refused: it holds control"),
    (b'{"assessor": "' + b"D" * 600 + b'"}', "its assessor name is refused: it is 600 characters"),
    (b'{"assessor": "' + b"D" * MAX_SETTINGS_BYTES + b'"}', "more than a settings file holds"),
]


@pytest.mark.parametrize(("content", "reason"), DAMAGED)
def test_a_damaged_settings_file_is_said_and_passed_over(settings_file, content, reason):
    settings_file.write_bytes(content)
    with pytest.raises(SettingsDamaged) as damaged:
        saved_assessor()
    assert str(damaged.value).startswith(f"the settings file {settings_file} cannot be used: ")
    assert reason in str(damaged.value)
    found = known_assessor()
    assert found.name is None  # the app asks
    assert reason in found.problems[0]
    assert settings_file.read_bytes() == content  # reading never changes it
    save_assessor("Dana Okafor")  # a name saved replaces it
    assert saved_assessor() == "Dana Okafor"


def test_a_settings_file_that_is_a_link_or_a_pipe_or_a_folder_is_not_followed(
    settings_file, tmp_path
):
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps({"assessor": "Someone Else"}))
    settings_file.unlink()
    settings_file.symlink_to(elsewhere)
    with pytest.raises(SettingsDamaged, match="it is a symbolic link, not a file"):
        saved_assessor()
    save_assessor("Dana Okafor")  # replaces the link itself; the file it pointed at is kept
    assert not settings_file.is_symlink() and saved_assessor() == "Dana Okafor"
    assert json.loads(elsewhere.read_text()) == {"assessor": "Someone Else"}

    settings_file.unlink()
    os.mkfifo(settings_file)  # a pipe nobody writes to: never waited on
    with pytest.raises(SettingsDamaged, match="it is not a plain file"):
        saved_assessor()

    settings_file.unlink()
    settings_file.mkdir()
    with pytest.raises(SettingsDamaged, match="cannot be used"):
        saved_assessor()


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give the file to another user")
def test_a_settings_file_of_another_user_is_not_used(settings_file):
    os.chown(settings_file, 12345, 12345)
    with pytest.raises(SettingsDamaged, match=r"it belongs to another user \(uid 12345\)"):
        saved_assessor()
