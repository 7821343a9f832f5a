"""`logbook demo | candidates | export | import | verify`, run as a user runs them: the real command
line in a child process, on folders in tmp_path.

Exit codes: 0 done / all well, 1 a check found a problem, 2 bad input (nothing changed).
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.conftest import TEST_ASSESSOR

NAMES = ["Aisha Okafor", "Gareth Jones", "Lena Novak", "Priya Shah", "Tom Reilly"]
REGISTRATIONS = {"CG-4471-0931", "OCR-03456-2290", "EDX-77120", "OCR-NVQ-1187", "OCR-L4-5521"}


@pytest.fixture(autouse=True)
def _real_standards(monkeypatch):
    monkeypatch.delenv("LOGBOOK_STANDARDS_DIR", raising=False)


@pytest.fixture
def demo(cli, tmp_path) -> Path:
    folder = tmp_path / "demo"
    result = cli("demo", folder)
    assert result.returncode == 0, result.stderr
    return folder


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def logbooks(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))


def names(cli, folder: Path, env=None) -> list[str]:
    result = cli("--data-dir", folder, "candidates", "--json", env=env)
    assert result.returncode == 0, result.stderr
    return [row["name"] for row in json.loads(result.stdout)]


# demo and candidates -----------------------------------------------------------------------------


def test_demo_writes_a_caseload_and_says_how_to_open_it(cli, tmp_path):
    folder = tmp_path / "try"
    result = cli("demo", folder)
    assert result.returncode == 0, result.stderr
    assert len(logbooks(folder)) == 5
    assert f"logbook --data-dir {folder}" in result.stdout
    assert all(mode(p) == 0o600 for p in logbooks(folder))


def test_demo_refuses_a_folder_that_holds_logbooks(cli, demo):
    before = {p.name: p.read_bytes() for p in logbooks(demo)}
    result = cli("demo", demo)
    assert result.returncode == 2
    assert "already holds logbooks" in result.stderr
    assert {p.name: p.read_bytes() for p in logbooks(demo)} == before


def test_candidates_lists_the_five_demo_candidates(cli, demo):
    result = cli("--data-dir", demo, "candidates")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["NAME", "REGISTRATION"]
    assert [line.split("  ")[0] for line in lines[1:]] == NAMES
    priya = next(line for line in lines if line.startswith("Priya Shah"))
    assert "CG-4471-0931" in priya and "cg-l3-nsvq" in priya and "2/8 units" in priya


def test_candidates_json_gives_progress(cli, demo):
    result = cli("--data-dir", demo, "candidates", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["name"] for r in rows] == NAMES
    priya = next(r for r in rows if r["name"] == "Priya Shah")
    assert priya["registration_number"] == "CG-4471-0931"
    assert priya["qualification"] == "cg-l3-nsvq"
    assert (priya["units_signed_off"], priya["units_chosen"]) == (2, 8)
    assert priya["signed_off"] == ["301", "302"]
    assert priya["achieved"] is False


def test_candidates_reports_a_corrupt_file_and_lists_the_rest(cli, demo):
    (demo / "broken.json").write_text("{ not json", encoding="utf-8")
    result = cli("--data-dir", demo, "candidates")
    assert result.returncode == 0
    assert "broken.json" in result.stderr
    assert len(result.stdout.splitlines()) == 1 + 5


def test_candidates_in_an_empty_folder(cli, data_dir):
    result = cli("--data-dir", data_dir, "candidates")
    assert result.returncode == 0, result.stderr
    assert "No candidates" in result.stdout
    assert cli("--data-dir", data_dir, "candidates", "--json").stdout.strip() == "[]"


def test_reading_commands_do_not_create_the_data_folder(cli, tmp_path):
    missing = tmp_path / "not-yet"
    assert cli("--data-dir", missing, "candidates").returncode == 0
    assert cli("--data-dir", missing, "verify").returncode == 0
    assert not missing.exists()


# the data folder ---------------------------------------------------------------------------------


def test_the_environment_selects_the_data_folder(cli, demo):
    result = cli("candidates", "--json", env={"LOGBOOK_DATA_DIR": str(demo)})
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 5


def test_data_dir_wins_over_the_environment(cli, demo, data_dir):
    assert names(cli, data_dir, env={"LOGBOOK_DATA_DIR": str(demo)}) == []
    result = cli("--data-dir", demo, "verify", env={"LOGBOOK_DATA_DIR": str(data_dir)})
    assert "5 logbooks, all verified" in result.stdout


# export ------------------------------------------------------------------------------------------


def test_export_by_name_to_stdout_is_the_candidates_logbook(cli, demo):
    result = cli("--data-dir", demo, "export", "Priya Shah")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "logbook-export"
    (logbook,) = data["logbooks"]
    assert logbook["qualification"] == "cg-l3-nsvq"
    candidate = next(r for r in logbook["records"] if r["kind"] == "candidate")
    assert candidate["name"] == "Priya Shah"
    assert logbook["history"][0]["action"] == "create"


def test_export_by_registration_number_to_a_file_is_private(cli, demo, tmp_path):
    target = tmp_path / "priya.json"
    result = cli("--data-dir", demo, "export", "CG-4471-0931", "-o", target)
    assert result.returncode == 0, result.stderr
    assert "Priya Shah" in result.stdout and str(target) in result.stdout
    assert mode(target) == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["logbooks"][0]["records"]


def test_export_of_an_unknown_candidate_says_so(cli, demo):
    result = cli("--data-dir", demo, "export", "Nobody Here")
    assert result.returncode == 2
    assert result.stderr.startswith("logbook: no candidate matches 'Nobody Here'")
    assert result.stdout == ""


def test_export_without_a_candidate_says_what_is_needed(cli, demo):
    result = cli("--data-dir", demo, "export")
    assert result.returncode == 2
    assert "--all" in result.stderr


def test_export_all_writes_one_private_file_per_candidate_and_nothing_else(cli, demo, tmp_path):
    out = tmp_path / "exports"
    result = cli("--data-dir", demo, "export", "--all", "-o", out)
    assert result.returncode == 0, result.stderr
    files = sorted(out.iterdir())
    assert {p.name for p in files} == {f"{number}.json" for number in REGISTRATIONS}
    assert all(mode(p) == 0o600 for p in files)
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        (logbook,) = data["logbooks"]
        candidate = next(r for r in logbook["records"] if r["kind"] == "candidate")
        assert f"{candidate['registration_number']}.json" == path.name


def test_export_all_needs_a_folder(cli, demo):
    result = cli("--data-dir", demo, "export", "--all")
    assert result.returncode == 2
    assert "-o DIR" in result.stderr


# import ------------------------------------------------------------------------------------------


def test_import_into_another_caseload_shows_the_candidates(cli, demo, tmp_path, data_dir):
    out = tmp_path / "exports"
    assert cli("--data-dir", demo, "export", "--all", "-o", out).returncode == 0
    for path in sorted(out.iterdir()):
        result = cli("--data-dir", data_dir, "import", path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Imported ")
    assert names(cli, data_dir) == NAMES
    verified = cli("--data-dir", data_dir, "verify")
    assert verified.returncode == 0
    assert "5 logbooks, all verified" in verified.stdout


def test_import_says_what_was_imported(cli, demo, tmp_path, data_dir):
    target = tmp_path / "tom.json"
    cli("--data-dir", demo, "export", "Tom Reilly", "-o", target)
    result = cli("--data-dir", data_dir, "import", target)
    assert result.returncode == 0, result.stderr
    assert "Imported Tom Reilly (OCR-03456-2290)" in result.stdout
    again = cli("--data-dir", data_dir, "import", target)
    assert again.returncode == 2
    assert "Tom Reilly (OCR-03456-2290) is already in the caseload" in again.stderr


def test_import_of_a_bad_file_is_refused_and_writes_nothing(cli, demo, tmp_path, data_dir):
    target = tmp_path / "priya.json"
    cli("--data-dir", demo, "export", "Priya Shah", "-o", target)
    data = json.loads(target.read_text(encoding="utf-8"))
    testimony = next(r for r in data["logbooks"][0]["records"] if r["kind"] == "testimony")
    testimony["links"][0]["code"] = "205.9.9"
    target.write_text(json.dumps(data), encoding="utf-8")

    result = cli("--data-dir", data_dir, "import", target)

    assert result.returncode == 2
    assert result.stderr.startswith("logbook: priya.json was not imported")
    assert "205.9.9 is not in unit 205" in result.stderr
    assert list(data_dir.iterdir()) == []


def test_import_of_something_that_is_not_json_is_refused(cli, tmp_path, data_dir):
    target = tmp_path / "notes.json"
    target.write_text("Priya: observed 3 March", encoding="utf-8")
    result = cli("--data-dir", data_dir, "import", target)
    assert result.returncode == 2
    assert "not valid JSON" in result.stderr
    assert "line 1 column" in result.stderr
    assert list(data_dir.iterdir()) == []


def test_export_all_is_taken_back_by_import_of_the_folder(cli, demo, tmp_path, data_dir):
    first, again = tmp_path / "first", tmp_path / "again"
    assert cli("--data-dir", demo, "export", "--all", "-o", first).returncode == 0

    result = cli("--data-dir", data_dir, "import", first)

    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Imported ") == 5
    assert "5 of 5 files imported" in result.stdout
    assert cli("--data-dir", data_dir, "export", "--all", "-o", again).returncode == 0
    assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in first.iterdir())
    for path in sorted(first.iterdir()):
        before = json.loads(path.read_text(encoding="utf-8"))
        after = json.loads((again / path.name).read_text(encoding="utf-8"))
        (was,), (now,) = before["logbooks"], after["logbooks"]
        assert now["records"] == was["records"]
        # the history as it was, plus the one signed entry saying it was imported
        assert now["history"][:-1] == was["history"]
        assert now["history"][-1]["action"] == "import"
        assert now["history"][-1]["by"] == TEST_ASSESSOR
        assert {k["public_key"] for k in before["keys"]} <= {k["public_key"] for k in after["keys"]}


def test_import_of_a_folder_says_each_file_and_imports_the_good_ones(cli, demo, tmp_path, data_dir):
    out = tmp_path / "exports"
    assert cli("--data-dir", demo, "export", "--all", "-o", out).returncode == 0
    (out / "CG-4471-0931.json").write_text("{}", encoding="utf-8")  # Priya's, spoiled
    (out / "notes.txt").write_text("not an export", encoding="utf-8")  # not *.json: not tried

    result = cli("--data-dir", data_dir, "import", out)

    assert result.returncode == 2
    assert "logbook: CG-4471-0931.json was not imported, nothing was written" in result.stderr
    assert "notes.txt" not in result.stderr + result.stdout
    assert "4 of 5 files imported, 1 refused" in result.stdout
    assert names(cli, data_dir) == [n for n in NAMES if n != "Priya Shah"]


def test_import_of_several_files_and_an_empty_folder(cli, demo, tmp_path, data_dir):
    tom, lena = tmp_path / "tom.json", tmp_path / "lena.json"
    cli("--data-dir", demo, "export", "Tom Reilly", "-o", tom)
    cli("--data-dir", demo, "export", "Lena Novak", "-o", lena)
    empty = tmp_path / "empty"
    empty.mkdir()

    refused = cli("--data-dir", data_dir, "import", tom, empty)
    assert refused.returncode == 2
    assert f"{empty} holds no export files" in refused.stderr
    assert list(data_dir.iterdir()) == []

    result = cli("--data-dir", data_dir, "import", tom, lena)
    assert result.returncode == 0, result.stderr
    assert "2 of 2 files imported" in result.stdout
    assert names(cli, data_dir) == ["Lena Novak", "Tom Reilly"]


# verify ------------------------------------------------------------------------------------------


def test_verify_the_demo_is_all_well(cli, demo):
    result = cli("--data-dir", demo, "verify")
    assert result.returncode == 0, result.stdout
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "5 logbooks, all verified"
    # who signed, by key fingerprint, for a third party to compare
    assert [line.split(": key ")[0] for line in lines[:-1]] == [
        "note: signed by Morgan Ellis",
        "note: signed by Ruth Okoye",
    ]


def test_verify_names_a_file_whose_record_was_edited_by_hand(cli, demo):
    path = next(p for p in logbooks(demo) if "Priya Shah" in p.read_text(encoding="utf-8"))
    data = json.loads(path.read_text(encoding="utf-8"))
    observation = next(r for r in data["records"].values() if r["kind"] == "observation")
    observation["venue"] = "Somewhere else entirely"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    result = cli("--data-dir", demo, "verify")

    assert result.returncode == 1
    assert (
        f"{path.name}: observation {observation['id']} was changed without a history entry"
        in result.stdout
    )
    assert "1 of 5 logbooks failed verification" in result.stdout


def test_verify_counts_a_corrupt_file_as_a_problem(cli, demo):
    (demo / "half-written.json").write_text('{"meta": {"1": {"format": 2}}, "rec', encoding="utf-8")
    result = cli("--data-dir", demo, "verify")
    assert result.returncode == 1
    assert "half-written.json: " in result.stdout
    assert "not valid JSON" in result.stdout
