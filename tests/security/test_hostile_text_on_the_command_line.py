"""The command line's plain output never carries a control character from the data raw, and
its JSON output stays JSON that means the same (issue 9, "Terminal and markup injection")."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from logbook.demo import write_demo
from logbook.qualifications import standards_dir
from tests.security.hostile import (
    ESCAPES,
    ESCAPES_SHOWN,
    MARKUP,
    TITLE,
    hostile_standards,
    logbook_of,
    plant,
    raw_control,
)

TODAY = date(2026, 11, 24)
NAME = f"Priya {ESCAPES} Shah"
NAME_SHOWN = f"Priya {ESCAPES_SHOWN} Shah"


@pytest.fixture
def hostile(tmp_path):
    """A demo caseload whose Priya Shah has escapes in her name and every free-text field,
    and a file in the data folder whose own name holds an escape."""
    folder = tmp_path / "caseload"
    write_demo(folder, TODAY)
    path = logbook_of(folder, "Priya Shah")
    plant(path, ESCAPES, name=NAME)
    shutil.copy(path, folder / f"odd{TITLE}.json")
    return folder, path.stem


def clean(result) -> None:
    """Neither output of a finished command holds a raw control character."""
    assert not raw_control(result.stdout), result.stdout
    assert not raw_control(result.stderr), result.stderr


def shown_or_reported(result, text: str = NAME_SHOWN) -> None:
    """The hostile text is printed in its visible form, or its file is reported by name."""
    output = result.stdout + result.stderr
    assert text in output or "odd^[]0;PWNED^G.json" in output or "could not" in output.lower()


def test_candidates_prints_names_with_their_escapes_visible(cli, hostile):
    result = cli("--data-dir", hostile[0], "candidates")
    clean(result)
    assert result.returncode == 0
    assert NAME_SHOWN in result.stdout  # made visible, still in the table
    assert len(result.stdout.splitlines()) == 1 + 6  # the header, a line per file


def test_candidates_json_stays_json_and_means_the_same(cli, hostile):
    result = cli("--data-dir", hostile[0], "candidates", "--json")
    clean(result)
    rows = json.loads(result.stdout)
    assert NAME in [row["name"] for row in rows]  # the exact text, escaped only as JSON
    assert "\\u009b" in result.stdout and "\\u202e" in result.stdout


def test_export_to_stdout_stays_json_and_means_the_same(cli, hostile):
    result = cli("--data-dir", hostile[0], "export", hostile[1])
    clean(result)
    assert result.returncode == 0
    records = json.loads(result.stdout)["logbooks"][0]["records"]
    candidate = next(r for r in records if r["kind"] == "candidate")
    assert candidate["name"] == NAME


def test_export_to_a_file_and_export_all_say_so_visibly(cli, hostile, tmp_path):
    one = cli("--data-dir", hostile[0], "export", hostile[1], "-o", tmp_path / "one.json")
    clean(one)
    assert one.returncode == 0 and NAME_SHOWN in one.stdout
    every = cli("--data-dir", hostile[0], "export", "--all", "-o", tmp_path / "all")
    clean(every)
    assert NAME_SHOWN in every.stdout
    shown_or_reported(every)


def test_verify_names_files_and_problems_visibly(cli, hostile):
    result = cli("--data-dir", hostile[0], "verify")
    clean(result)
    assert result.returncode == 1  # the planted changes have no history entry
    assert "odd^[]0;PWNED^G.json" in result.stdout


def test_import_messages_quote_file_names_and_values_visibly(cli, hostile, tmp_path):
    exported = tmp_path / f"from{TITLE}.json"
    assert cli("--data-dir", hostile[0], "export", hostile[1], "-o", exported).returncode == 0
    result = cli("--data-dir", tmp_path / "empty", "import", exported)
    clean(result)
    assert result.returncode == 2  # refused: the changes were made behind the history's back
    assert "from^[]0;PWNED^G.json" in result.stderr

    data = json.loads(exported.read_text(encoding="utf-8"))
    for record in data["logbooks"][0]["records"]:
        if record["kind"] == "candidate":
            record["qualification"] = f"q{TITLE}"
    exported.write_text(json.dumps(data), encoding="utf-8")
    result = cli("--data-dir", tmp_path / "empty", "import", exported)
    clean(result)
    assert result.returncode == 2
    assert "q^[]0;PWNED^G" in result.stderr or "\\x1b" in result.stderr


def test_a_bad_candidate_name_on_the_command_line_is_quoted_visibly(cli, hostile):
    result = cli("--data-dir", hostile[0], "export", f"nobody{TITLE}")
    clean(result)
    assert result.returncode == 2


def test_standards_from_a_centres_folder_are_printed_as_text(cli, tmp_path):
    centre = hostile_standards(tmp_path / "centre", standards_dir(), MARKUP)
    env = {"LOGBOOK_STANDARDS_DIR": str(centre)}
    listed = cli("standards", "list", env=env)
    shown = cli("standards", "show", "cg-l3-nsvq", env=env)
    unit = cli("standards", "show", "cg-l3-nsvq", "205", env=env)
    check = cli("standards", "check", "cg-l3-nsvq", "301", env=env)
    as_json = cli("standards", "show", "cg-l3-nsvq", "205", "--json", env=env)
    for result in (listed, shown, unit, check, as_json):
        clean(result)
    assert listed.stdout.count(MARKUP) == 5  # every qualification's title
    assert f"Make customer service personal {MARKUP}" in unit.stdout
    assert MARKUP in json.loads(as_json.stdout)["title"]
    assert check.returncode == 1 and MARKUP in check.stdout


def test_standards_with_escapes_are_refused_by_name_and_never_printed_raw(cli, tmp_path):
    """A standards file is text from a file: one holding control characters is refused (the
    same rule as typed text), named, and its escapes are neither used nor printed."""
    centre = hostile_standards(tmp_path / "centre", standards_dir(), ESCAPES)
    env = {"LOGBOOK_STANDARDS_DIR": str(centre)}
    listed = cli("standards", "list", env=env)
    shown = cli("standards", "show", "cg-l3-nsvq", env=env)
    for result in (listed, shown):
        clean(result)
        assert ESCAPES_SHOWN not in result.stdout + result.stderr
    refused = [line for line in listed.stderr.splitlines() if "standards file refused" in line]
    assert len(refused) == 5  # one line per file, each named
    assert all("at title: the text holds control characters (^[, ^G" in r for r in refused)
    assert "cg-l3-nsvq.json" in refused[0] and listed.stdout.strip() == ""
    assert shown.returncode == 2 and "no qualification 'cg-l3-nsvq'" in shown.stderr
