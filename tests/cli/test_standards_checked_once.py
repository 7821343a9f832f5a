"""A centre's file is checked against the schema once, when `logbook standards add` copies it
into the data folder, not on every start; a file put there by hand, or changed since it was
added, is checked in full every time it is loaded (issue 11: "a user-added standards file ...
once when it is added").

The command keeps the sha256 of what it checked in standards/.checked.json (0600): content,
not a name or a time, so a file changed by hand in the same second is still caught."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from tests.centre import CENTRE_F5, centre_data, install, write_json

PROBE = (
    "import sys\n"
    "from logbook.qualifications import library_for\n"
    "library = library_for(sys.argv[1])\n"
    "unit = library.get('ocr-l4-diploma').unit('F5')\n"
    "print(json.dumps({'title_only': unit.title_only, 'jsonschema': 'jsonschema' in sys.modules,"
    " 'problems': [str(p) for p in library.problems]}))\n"
)


def standards_of(data_dir) -> dict:
    """The data folder's standards, as a new process loads them at start."""
    result = subprocess.run(
        [sys.executable, "-c", "import json\n" + PROBE, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_file_added_by_the_command_is_not_checked_against_the_schema_again(cli, tmp_path):
    data_dir = tmp_path / "caseload"
    result = cli("--data-dir", data_dir, "standards", "add", CENTRE_F5)
    assert result.returncode == 0, result.stderr
    record = data_dir / "standards" / ".checked.json"
    assert record.stat().st_mode & 0o777 == 0o600
    loaded = standards_of(data_dir)
    assert loaded == {"title_only": False, "jsonschema": False, "problems": []}
    # the record is not taken for a centre's file
    listed = cli("--data-dir", data_dir, "standards", "list")
    assert (listed.returncode, listed.stderr) == (0, "")


def test_a_file_put_in_by_hand_is_checked_on_every_load(tmp_path):
    install(tmp_path)
    assert standards_of(tmp_path) == {"title_only": False, "jsonschema": True, "problems": []}


def test_a_file_changed_by_hand_after_it_was_added_is_checked_again(cli, tmp_path):
    """A text over the schema's limit would build: only the schema refuses it."""
    assert cli("--data-dir", tmp_path, "standards", "add", CENTRE_F5).returncode == 0
    data = centre_data()
    data["replaces"][0]["title"] = "x" * 2001
    write_json(tmp_path / "standards", CENTRE_F5.name, data)
    loaded = standards_of(tmp_path)
    assert loaded["title_only"]  # left out: the shipped unit stands
    assert loaded["problems"] == [
        "ocr-l4-f5-invented.json at replaces[0].title: the text is longer than 2000 characters"
    ]
    # and the command line says so too
    listed = cli("--data-dir", tmp_path, "standards", "list")
    refused = "standards file refused: ocr-l4-f5-invented.json at replaces[0].title"
    assert refused in listed.stderr


def test_a_record_that_names_a_broken_file_does_not_let_it_through(cli, tmp_path):
    """The record copied from another folder, or written by hand, to list a file that is not
    the shape of a centre's file: it is refused with its place and reason, not a crash."""
    assert cli("--data-dir", tmp_path, "standards", "add", CENTRE_F5).returncode == 0
    data = centre_data()
    del data["replaces"][0]["contexts"]
    path = write_json(tmp_path / "standards", CENTRE_F5.name, data)
    record_path = tmp_path / "standards" / ".checked.json"
    record = json.loads(record_path.read_text())
    record["files"][path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    record_path.write_text(json.dumps(record))
    loaded = standards_of(tmp_path)
    assert loaded["title_only"]
    assert loaded["problems"] == [
        "ocr-l4-f5-invented.json at replaces[0]: 'contexts' is a required property"
    ]


def test_adding_a_second_file_keeps_the_first_ones_record(cli, tmp_path):
    assert cli("--data-dir", tmp_path, "standards", "add", CENTRE_F5).returncode == 0
    data = centre_data()
    data["replaces"] = []
    new = centre_data()["replaces"][0]
    new.update(code="Z1", title="TEST: an invented extra unit", refs={}, group="B", level=3)
    for element in new["elements"]:
        element["code"] = element["code"].replace("F5", "Z1")
        for criterion in element["criteria"]:
            criterion["code"] = criterion["code"].replace("F5", "Z1")
    new["evidence_requirements"] = []
    data["adds"] = [new]
    second = write_json(tmp_path / "in", "extra-z1.json", data)
    result = cli("--data-dir", tmp_path, "standards", "add", second)
    assert result.returncode == 0, result.stderr
    record = json.loads((tmp_path / "standards" / ".checked.json").read_text())
    assert sorted(record["files"]) == ["extra-z1.json", "ocr-l4-f5-invented.json"]
    assert standards_of(tmp_path)["jsonschema"] is False
