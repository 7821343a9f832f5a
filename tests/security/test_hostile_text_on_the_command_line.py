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


def refused_by_name(result, stem: str) -> None:
    """The logbook whose text holds escapes is not read: it is named, with the escapes of its
    reason in their visible form, and so is the file whose own name holds an escape."""
    assert f"{stem}.json" in result.stderr
    assert "control characters" in result.stderr and "^[" in result.stderr
    assert "odd^[]0;PWNED^G.json" in result.stderr


def test_candidates_lists_the_rest_and_names_the_logbook_holding_escapes(cli, hostile):
    result = cli("--data-dir", hostile[0], "candidates")
    clean(result)
    assert result.returncode == 0
    refused_by_name(result, hostile[1])
    assert "Priya" not in result.stdout  # never shown from a file the store refuses
    assert len(result.stdout.splitlines()) == 1 + 4  # the header, a line per good file


def test_candidates_json_stays_json_without_the_refused_logbook(cli, hostile):
    result = cli("--data-dir", hostile[0], "candidates", "--json")
    clean(result)
    rows = json.loads(result.stdout)
    assert len(rows) == 4 and hostile[1] not in [row["id"] for row in rows]
    refused_by_name(result, hostile[1])


def test_export_of_a_logbook_holding_escapes_is_refused_visibly(cli, hostile, tmp_path):
    result = cli("--data-dir", hostile[0], "export", hostile[1])
    clean(result)
    assert result.returncode == 2 and result.stdout == ""
    assert f"{hostile[1]}.json" in result.stderr and "^[" in result.stderr
    one = cli("--data-dir", hostile[0], "export", hostile[1], "-o", tmp_path / "one.json")
    clean(one)
    assert one.returncode == 2 and not (tmp_path / "one.json").exists()


def test_export_all_exports_the_rest_and_says_what_it_left_visibly(cli, hostile, tmp_path):
    every = cli("--data-dir", hostile[0], "export", "--all", "-o", tmp_path / "all")
    clean(every)
    assert "Exported 4 of 6 candidates" in every.stdout
    assert len(list((tmp_path / "all").iterdir())) == 4
    refused_by_name(every, hostile[1])


def test_import_messages_quote_file_names_and_values_visibly(cli, hostile, tmp_path):
    rows = json.loads(cli("--data-dir", hostile[0], "candidates", "--json").stdout)
    exported = tmp_path / f"from{TITLE}.json"
    made = cli("--data-dir", hostile[0], "export", rows[0]["id"], "-o", exported)
    clean(made)
    assert made.returncode == 0 and "from^[]0;PWNED^G.json" in made.stdout

    data = json.loads(exported.read_text(encoding="utf-8"))
    for record in data["logbooks"][0]["records"]:
        if record["kind"] == "candidate":
            record["qualification"] = f"q{TITLE}"
    exported.write_text(json.dumps(data), encoding="utf-8")
    result = cli("--data-dir", tmp_path / "empty", "import", exported)
    clean(result)
    assert result.returncode == 2
    assert "q^[]0;PWNED^G" in result.stderr or "^[" in result.stderr


def test_verify_names_files_and_problems_visibly(cli, hostile):
    result = cli("--data-dir", hostile[0], "verify")
    clean(result)
    assert result.returncode == 1  # the planted changes have no history entry
    assert "odd^[]0;PWNED^G.json" in result.stdout


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
