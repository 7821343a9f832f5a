"""A corrupt logbook is reported by name and left untouched; the rest of the caseload opens.

Each case damages one candidate's file in a copy of the demo caseload. Opening the caseload
must name that file with a reason, still list the other candidates, and leave the damaged file's
bytes exactly as they were; writing to it must raise CorruptLogbook and change nothing.
"""

from __future__ import annotations

import copy
import hashlib
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import orjson
import pytest

from logbook.demo import write_demo
from logbook.domain.records import Link, Observation, SignOff, record_from_dict
from logbook.store.caseload import INDEX_VERSION, Caseload
from logbook.store.logbooks import CorruptLogbook, LogbookFile

TODAY = date(2025, 6, 1)
VICTIM = "Tom Reilly"
OTHERS = ["Aisha Okafor", "Gareth Jones", "Lena Novak", "Priya Shah"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "caseload"
    write_demo(folder, TODAY)
    return folder


@pytest.fixture
def caseload(demo, tmp_path) -> tuple[Path, Path, dict]:
    """A fresh copy of the demo caseload, the victim's file, and that file's data."""
    folder = tmp_path / "caseload"
    shutil.copytree(demo, folder)
    Caseload(folder).index_path.unlink(missing_ok=True)
    (target,) = [
        p
        for p in folder.glob("*.json")
        if not p.name.startswith(".")
        and orjson.loads(p.read_bytes())["records"]["1"]["name"] == VICTIM
    ]
    return folder, target, orjson.loads(target.read_bytes())


def _changed(data: dict, change) -> bytes:
    data = copy.deepcopy(data)
    change(data)
    return orjson.dumps(data, option=orjson.OPT_INDENT_2)


def _record(data: dict, kind: str) -> dict:
    return next(r for r in data["records"].values() if r["kind"] == kind)


def _set(kind: str, name: str, value):
    return lambda data: _record(data, kind).__setitem__(name, value)


def _meta(name: str, value):
    return lambda data: data["meta"]["1"].__setitem__(name, value)


# name: (what the file holds, made from the good file's data; words the reason must contain)
CASES = {
    "truncated JSON": (lambda d: orjson.dumps(d)[: len(orjson.dumps(d)) // 2], "not valid JSON"),
    "empty": (lambda d: b"", "empty"),
    "only whitespace": (lambda d: b"\n  \n", "empty"),
    "binary garbage": (lambda d: bytes(range(256)) * 64, "not valid JSON"),
    "a foreign JSON object": (
        lambda d: b'{"shopping": ["milk", "bread"], "done": false}',
        "not a logbook file",
    ),
    "another TinyDB file": (lambda d: b'{"_default": {"1": {"a": 1}}}', "not a logbook file"),
    "a JSON array": (lambda d: b"[1, 2, 3]", "not a logbook file"),
    "JSON null": (lambda d: b"null", "not a logbook file"),
    "a bare number": (lambda d: b"42", "not a logbook file"),
    "nested 100000 deep": (lambda d: b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    "objects nested 100000 deep": (
        lambda d: b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        "not valid JSON",
    ),
    "a huge string": (lambda d: b'"' + b"x" * 20_000_000 + b'"', "not a logbook file"),
    "a byte order mark": (lambda d: b"\xef\xbb\xbf" + orjson.dumps(d), "not valid JSON"),
    "UTF-16": (lambda d: orjson.dumps(d).decode().encode("utf-16"), "not valid JSON"),
    "NaN for a number": (
        lambda d: orjson.dumps(d).replace(b'"format":2', b'"format":NaN'),
        "not valid JSON",
    ),
    "date is a number": (
        lambda d: _changed(d, _set("observation", "date", 12)),
        "record 2 (observation) is damaged: date",
    ),
    "date is not a date": (
        lambda d: _changed(d, _set("observation", "date", "last Tuesday")),
        "record 2 (observation) is damaged",
    ),
    "name is a number": (lambda d: _changed(d, _set("candidate", "name", 12)), "name"),
    "units is text": (lambda d: _changed(d, _set("candidate", "units", "F3")), "units"),
    "units are numbers": (lambda d: _changed(d, _set("candidate", "units", [3, 4])), "units"),
    "qualification is a list": (
        lambda d: _changed(d, _set("candidate", "qualification", ["ocr"])),
        "qualification",
    ),
    "a link's code is a number": (
        lambda d: _changed(d, _set("observation", "links", [{"unit": "F3", "code": 3}])),
        "links",
    ),
    "links is text": (lambda d: _changed(d, _set("observation", "links", "F3 1.1")), "links"),
    "context is a list": (lambda d: _changed(d, _set("observation", "context", [])), "context"),
    "a sign-off's unit is null": (lambda d: _changed(d, _set("signoff", "unit", None)), "unit"),
    "a yes/no is text": (
        lambda d: _changed(d, _set("signoff", "candidate_declaration", "no")),
        "candidate_declaration",
    ),
    "a record has no id": (
        lambda d: _changed(d, lambda x: _record(x, "observation").pop("id")),
        "has no id",
    ),
    "an unknown record kind": (
        lambda d: _changed(d, _set("observation", "kind", "selfie")),
        "unknown kind 'selfie'",
    ),
    "a kind that is a list": (lambda d: _changed(d, _set("observation", "kind", [])), "kind"),
    "a record that is text": (
        lambda d: _changed(d, lambda x: x["records"].__setitem__("99", "hello")),
        "not a document",
    ),
    "the records table is a list": (
        lambda d: _changed(d, lambda x: x.__setitem__("records", [])),
        "records table",
    ),
    "the history table is a list": (
        lambda d: _changed(d, lambda x: x.__setitem__("history", [1])),
        "history table",
    ),
    "no candidate": (
        lambda d: _changed(d, lambda x: x["records"].pop("1")),
        "holds no candidate",
    ),
    "an unknown qualification": (
        lambda d: _changed(d, _set("candidate", "qualification", "pilot-licence")),
        "pilot-licence",
    ),
    "no format version": (lambda d: _changed(d, _meta("format", "two")), "no format version"),
    "a newer format (99)": (
        lambda d: _changed(d, _meta("format", 99)),
        "written by a newer logbook (format 99)",
    ),
}


def _digest(path: Path) -> tuple[int, str, int]:
    stat = path.stat()
    return stat.st_size, hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns


def _observation() -> Observation:
    return Observation(
        date=date(2025, 5, 1),
        venue="York station ticket office",
        activity="Sold a season ticket",
        links=[Link("F3", "F3 1.1")],
        justification="Accurate",
        feedback="Good",
    )


@pytest.mark.parametrize("case", CASES)
def test_a_corrupt_file_is_named_and_the_rest_still_opens(caseload, case):
    folder, target, data = caseload
    make, reason = CASES[case]
    target.write_bytes(make(data))
    before = _digest(target)

    for _cold_then_warm in range(2):
        view = Caseload(folder).view(TODAY)
        assert [p.path.name for p in view.problems] == [target.name]
        problem = view.problems[0]
        assert reason in problem.reason
        assert str(problem).startswith(f"{target.name}: ")
        assert "left untouched" in str(problem)
        assert [s["name"] for s in view.summaries] == OTHERS
    assert _digest(target) == before

    book = LogbookFile(target)
    with pytest.raises(CorruptLogbook, match=target.name):
        book.read(TODAY)
    try:
        assert book.verify() != []  # a file that decodes but is not what its history says
    except CorruptLogbook as error:
        assert error.path == target
    assert _digest(target) == before


def _writes(book: LogbookFile, data: dict) -> dict:
    """Every kind of write, each of which succeeds on the good file."""
    observation = record_from_dict(_record(data, "observation"))
    return {
        "add": lambda: book.add(_observation(), "test", TODAY),
        "countersign": lambda: book.countersign("F3", "Ruth Okoye (IV)", TODAY, "test", TODAY),
        "correct": lambda: book.correct(
            observation.id, replace(observation, venue="York station"), "test", "venue", TODAY
        ),
    }


def test_the_writes_used_below_succeed_on_the_good_file(caseload):
    _, target, data = caseload
    book = LogbookFile(target)
    for attempt in _writes(book, data).values():
        attempt()
    assert book.verify() == []


WRITE_CASES = [
    "truncated JSON",
    "binary garbage",
    "a JSON array",
    "nested 100000 deep",
    "a newer format (99)",
    "date is a number",  # in a record that a save does not otherwise decode
    "a link's code is a number",
    "an unknown record kind",
    "a record has no id",
    "no candidate",
]


@pytest.mark.parametrize("case", WRITE_CASES)
def test_writing_to_a_corrupt_logbook_is_refused_and_changes_nothing(caseload, case):
    folder, target, data = caseload
    make, _ = CASES[case]
    target.write_bytes(make(data))
    before = _digest(target)
    book = LogbookFile(target)
    attempts = {
        **_writes(book, data),
        "update": lambda: book.update(
            Observation(**{**_observation().__dict__, "id": _record(data, "observation")["id"]}),
            "test",
            TODAY,
        ),
        "sign_off": lambda: book.sign_off(
            SignOff(unit="F4", date=TODAY, assessor="test", candidate_declaration=True),
            "test",
            TODAY,
        ),
    }
    for name, attempt in attempts.items():
        with pytest.raises(CorruptLogbook, match=target.name):
            attempt()
        assert _digest(target) == before, name
    assert not list(folder.glob(".*.tmp"))


def test_a_file_larger_than_any_logbook_is_not_read(caseload):
    folder, target, _ = caseload
    with target.open("r+b") as f:
        f.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    before = _digest(target)
    view = Caseload(folder).view(TODAY)
    assert [p.path.name for p in view.problems] == [target.name]
    assert "larger than any logbook" in view.problems[0].reason
    assert [s["name"] for s in view.summaries] == OTHERS
    assert _digest(target) == before


def test_a_repaired_file_is_listed_again(caseload):
    """The summary cache never hides a file: once it is put right it shows up again."""
    folder, target, _ = caseload
    good = target.read_bytes()
    target.write_bytes(good[:100])
    assert len(Caseload(folder).view(TODAY).problems) == 1
    target.write_bytes(good)
    view = Caseload(folder).view(TODAY)
    assert view.problems == []
    assert [s["name"] for s in view.summaries] == sorted([*OTHERS, VICTIM])


def test_a_corrupt_index_is_ignored_and_rebuilt(caseload):
    folder, _, _ = caseload
    Caseload(folder).view(TODAY)
    index = Caseload(folder).index_path
    # an older index (version 2 held no plans) is rebuilt like a damaged one
    for damage in (b"", b"[" * 100_000, b'{"version": 2, "files": []}'):
        index.write_bytes(damage)
        view = Caseload(folder).view(TODAY)
        assert view.problems == []
        assert len(view.summaries) == 5
        assert orjson.loads(index.read_bytes())["version"] == INDEX_VERSION
