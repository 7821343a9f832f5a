"""`logbook verify` checks a caseload's files several at a time, each in a process of its own
(`Caseload.verify(processes=n)`): it must find exactly what checking them one by one finds, in
the same order, damaged files and all, and print the same."""

from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import asdict
from datetime import date

import pytest

from logbook.demo import write_demo
from logbook.domain.records import Candidate
from logbook.store.caseload import Caseload
from logbook.store.logbooks import LogbookFile

TODAY = date(2025, 6, 1)


@pytest.fixture
def caseload(tmp_path):
    """The demo's five logbooks, four new ones, and three damaged files: one record edited by
    hand, one file cut short, one logbook copied under another candidate's name."""
    folder = tmp_path / "caseload"
    write_demo(folder, TODAY)
    for number in range(4):
        candidate = Candidate(
            name=f"Candidate {number}",
            date_of_birth=date(1990, 1, 1),
            registration_number=f"REG-{number}",
            qualification="ocr-l3-nvq",
            units=["1", "2", "3", "4", "5", "6"],
            registered_on=date(2025, 1, 6),
        )
        LogbookFile(folder / f"{candidate.id}.json").create(candidate, "Test Assessor", TODAY)
    books = sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))
    edited = next(p for p in books if "Priya Shah" in p.read_text(encoding="utf-8"))
    data = json.loads(edited.read_text(encoding="utf-8"))
    observation = next(r for r in data["records"].values() if r["kind"] == "observation")
    observation["venue"] = "Somewhere else entirely"
    edited.write_text(json.dumps(data, indent=2), encoding="utf-8")
    (folder / f"{uuid.uuid4()}.json").write_text('{"meta": {"1": {"format": 2}}, "rec')
    shutil.copy(books[0], folder / f"{uuid.uuid4()}.json")
    return folder


def _found(check) -> tuple:
    return (
        [(name, asdict(v)) for name, v in check.logbooks.items()],
        check.problems,
        check.notes,
    )


def test_checked_in_processes_finds_what_one_by_one_finds(caseload):
    one_by_one = Caseload(caseload).verify()
    at_once = Caseload(caseload).verify(processes=2)
    assert _found(at_once) == _found(one_by_one)
    assert len(one_by_one.logbooks) == 11
    assert one_by_one.bad == 3
    problems = [p for v in one_by_one.logbooks.values() for p in v.problems]
    assert any("was changed without a history entry" in p for p in problems)
    assert any("not valid JSON" in p for p in problems)
    assert any("copied or renamed by hand" in p for p in problems)


def test_the_command_prints_what_one_by_one_finds(cli, caseload):
    check = Caseload(caseload).verify()
    result = cli("--data-dir", caseload, "verify")
    assert result.returncode == 1
    expected = [f"{name}: {p}" for name, v in check.logbooks.items() for p in v.problems]
    names = {name.split(".")[0] for name in check.logbooks}
    printed = [line for line in result.stdout.splitlines() if line.split(".")[0] in names]
    assert [line for line in printed if ": note: " not in line] == expected
    assert result.stdout.strip().splitlines()[-1] == "3 of 11 logbooks failed verification"


def test_verify_leaves_the_collector_of_cycles_as_it_found_it(caseload):
    """Each file is checked with the collector of reference cycles waiting
    (`caseload._check_one`): it runs again after, damaged files and all, and a caller that
    had stopped it finds it stopped."""
    import gc

    assert gc.isenabled()
    check = Caseload(caseload).verify()
    assert gc.isenabled() and check.bad == 3
    gc.disable()
    try:
        assert Caseload(caseload).verify().bad == 3
        assert not gc.isenabled()
    finally:
        gc.enable()
