"""The shipped standards are checked against their schema here, when they are built and tested,
not on every run of the program: a run builds them after the checks a schema cannot make, and
never imports jsonschema on its way to the caseload (issue 11: "validate them when they are
built and tested, not on every run").

A shipped file that breaks the schema fails this test; a file that breaks it so badly that it
cannot be built is still refused at run time with its place and reason, as any other file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from logbook.qualifications import (
    SCHEMA_NAME,
    load_library,
    load_qualification_file,
    shipped_dir,
)

STANDARDS = Path(__file__).resolve().parents[2] / "standards"
SHIPPED = sorted(p.name for p in STANDARDS.glob("*.json") if p.name != SCHEMA_NAME)


def test_the_five_shipped_files_are_the_ones_the_program_loads():
    assert shipped_dir().resolve() == STANDARDS
    assert len(SHIPPED) == 5


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_file_meets_the_schema(name):
    schema = json.loads((STANDARDS / SCHEMA_NAME).read_text(encoding="utf-8"))
    data = json.loads((STANDARDS / name).read_text(encoding="utf-8"))
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in jsonschema.Draft202012Validator(schema).iter_errors(data)
    ]
    assert errors == []


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_file_passes_every_check_a_user_file_gets(name):
    """The schema, control characters in any text, codes and groups: as `load_library` checks
    a folder that is not the shipped one."""
    checked = load_qualification_file(STANDARDS / name, checked=True)
    assert checked == load_qualification_file(STANDARDS / name, checked=False)


def test_the_shipped_standards_load_as_checked_and_unchecked_alike():
    fast = load_library(STANDARDS)
    full = load_library(STANDARDS, checked=True)
    assert fast.problems == [] and full.problems == []
    assert fast.qualifications == full.qualifications


def test_loading_the_shipped_standards_imports_no_jsonschema():
    probe = (
        "import sys\n"
        "from logbook.qualifications import default_library\n"
        "library = default_library()\n"
        "print(len(library.qualifications), len(library.problems), 'jsonschema' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["5", "0", "False"]


def _copy_with(tmp_path: Path, change) -> Path:
    folder = tmp_path / "standards"
    folder.mkdir()
    shutil.copy(STANDARDS / SCHEMA_NAME, folder)
    data = json.loads((STANDARDS / "ocr-l3-nvq.json").read_text(encoding="utf-8"))
    change(data)
    (folder / "ocr-l3-nvq.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


def test_a_file_that_cannot_be_built_unchecked_is_refused_as_a_checked_one(tmp_path):
    def no_contexts(data):
        del data["units"][2]["contexts"]

    folder = _copy_with(tmp_path, no_contexts)
    library = load_library(folder, checked=False)
    assert library.qualifications == {}
    assert [str(p) for p in library.problems] == [
        "ocr-l3-nvq.json at units[2]: 'contexts' is a required property"
    ]


def test_another_folder_of_standards_is_checked_against_the_schema(tmp_path):
    """LOGBOOK_STANDARDS_DIR, or a folder given to the loader: not the shipped files, so
    checked in full on every load (a text too long is refused, though it would build)."""

    def long_title(data):
        data["units"][0]["title"] = "x" * 2001

    folder = _copy_with(tmp_path, long_title)
    library = load_library(folder)
    assert [str(p) for p in library.problems] == [
        "ocr-l3-nvq.json at units[0].title: the text is longer than 2000 characters"
    ]
