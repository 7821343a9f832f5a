"""`--assessor NAME` on the real command line: who `logbook import` records in the history, what
comes first, and a bad name or a damaged settings file refused (exit 2) with nothing written.

The settings file of each test names TEST_ASSESSOR (tests/conftest.py)."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest

from logbook.store.caseload import Caseload
from tests.conftest import TEST_ASSESSOR


@pytest.fixture
def export_file(cli, tmp_path) -> Path:
    demo = tmp_path / "demo"
    assert cli("demo", demo).returncode == 0
    target = tmp_path / "tom.json"
    made = cli("--data-dir", demo, "export", "Tom Reilly", "-o", target)
    assert made.returncode == 0, made.stderr
    return target


def imported_by(folder: Path) -> list[str]:
    """Who the history of each imported logbook says imported it."""
    caseload = Caseload(folder)
    return [caseload.logbook(p.stem).rows()[1][-1]["by"] for p in caseload.files()]


def test_import_records_the_name_in_the_settings_file(cli, export_file, data_dir):
    result = cli("--data-dir", data_dir, "import", export_file)
    assert result.returncode == 0, result.stderr
    assert imported_by(data_dir) == [TEST_ASSESSOR]


def test_assessor_on_the_command_line_comes_before_the_variable_and_the_file(
    cli, export_file, data_dir
):
    result = cli(
        "--data-dir", data_dir, "--assessor", "Dana Okafor", "import", export_file,
        env={"LOGBOOK_ASSESSOR": "From The Environment"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert imported_by(data_dir) == ["Dana Okafor"]


def test_logbook_assessor_comes_before_the_settings_file(cli, export_file, data_dir):
    result = cli(
        "--data-dir", data_dir, "import", export_file, env={"LOGBOOK_ASSESSOR": "From Env"}
    )
    assert result.returncode == 0, result.stderr
    assert imported_by(data_dir) == ["From Env"]


@pytest.mark.parametrize(
    ("name", "fix"),
    [
        ("Dana\x1b[31mOkafor", "it holds control characters or line breaks (^[), which are never"),
        ("D" * 600, "it is 600 characters long; at most 500 can be stored: shorten it"),
        ("  ", "the name is empty"),
        ("\u200b", "the name is empty"),  # a zero-width space: draws nothing
        (" \u3164\u2060 ", "the name is empty"),  # a Hangul filler and a word joiner
    ],
    ids=["escape", "600", "spaces", "zero-width", "fillers"],
)
def test_a_bad_assessor_name_is_refused_and_nothing_is_imported(
    cli, export_file, data_dir, name, fix
):
    result = cli("--data-dir", data_dir, "--assessor", name, "import", export_file)
    assert result.returncode == 2
    assert result.stderr.startswith(f"logbook: --assessor: {fix}")
    assert "nothing was done" in result.stderr
    assert "\x1b" not in result.stderr
    assert list(data_dir.iterdir()) == []


def test_a_bad_logbook_assessor_is_refused_and_nothing_is_imported(cli, export_file, data_dir):
    result = cli(
        "--data-dir", data_dir, "import", export_file, env={"LOGBOOK_ASSESSOR": "Dana\x07"}
    )
    assert result.returncode == 2
    assert result.stderr.startswith("logbook: LOGBOOK_ASSESSOR: it holds control characters")
    assert "(^G)" in result.stderr and "\x07" not in result.stderr
    assert list(data_dir.iterdir()) == []


def test_a_damaged_settings_file_refuses_an_import_saying_what_to_do(
    cli, export_file, data_dir, settings_file
):
    settings_file.write_text("{not json", encoding="utf-8")
    result = cli("--data-dir", data_dir, "import", export_file)
    assert result.returncode == 2
    assert f"logbook: the settings file {settings_file} cannot be used: it is not valid JSON" in (
        result.stderr
    )
    assert "--assessor NAME" in result.stderr
    assert list(data_dir.iterdir()) == []
    named = cli("--data-dir", data_dir, "--assessor", "Dana Okafor", "import", export_file)
    assert named.returncode == 0, named.stderr  # a name given: the file is not needed
    assert imported_by(data_dir) == ["Dana Okafor"]
    assert settings_file.read_text(encoding="utf-8") == "{not json"


def test_with_no_name_anywhere_an_import_records_the_login_name(
    cli, export_file, data_dir, settings_file
):
    settings_file.unlink()
    result = cli("--data-dir", data_dir, "import", export_file)
    assert result.returncode == 0, result.stderr
    assert imported_by(data_dir) == [getpass.getuser()]
    assert not settings_file.exists()  # the command line never asks, never writes settings


def test_a_bad_assessor_name_stops_the_app_before_it_starts(cli, data_dir):
    result = cli("--data-dir", data_dir, "--assessor", "Bad\x1b]0;x\x07")
    assert result.returncode == 2
    assert result.stderr.startswith("logbook: --assessor: it holds control characters")
    assert "\x1b" not in result.stdout + result.stderr


def test_help_says_what_assessor_is(cli):
    result = cli("--help")
    assert "--assessor NAME" in result.stdout
    assert "LOGBOOK_ASSESSOR" in result.stdout and "settings file" in result.stdout


def test_read_only_commands_never_write_settings(cli, data_dir, settings_file):
    settings_file.unlink()
    assert cli("--data-dir", data_dir, "candidates").returncode == 0
    assert list(settings_file.parent.iterdir()) == []
