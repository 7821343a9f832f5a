"""Reading a logbook decodes its rows kind by kind, each kind in one call
(`logbook.store.logbooks.check_rows`), and row by row only when one of them is damaged: a
shortcut that must give the same records as decoding each row alone, or the same message
naming the same record. Each case damages a real logbook's rows (the demo's) as a file edited
by hand or by another tool might be, and reads them both ways."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from logbook.store.logbooks import CorruptLogbook, check_rows
from tests.store.helpers import richest_demo_logbook

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def logbook(tmp_path_factory) -> tuple[Path, list[dict]]:
    """The demo logbook with the most kinds of record: its path and its rows as read."""
    return richest_demo_logbook(tmp_path_factory.mktemp("demo") / "caseload")


def _read(path: Path, rows: list[dict], one_by_one: bool):
    try:
        return [r.to_dict() for r in check_rows(path, rows, one_by_one=one_by_one)]
    except CorruptLogbook as error:
        return str(error)


def _last(rows, kind):
    return max(i for i, r in enumerate(rows) if r["kind"] == kind)


def _first(rows, kind):
    return min(i for i, r in enumerate(rows) if r["kind"] == kind)


def _damage(rows: list[dict], case: str) -> None:
    observation, testimony = _last(rows, "observation"), _first(rows, "testimony")
    if case == "wrong type":
        rows[observation]["date"] = 20250101
    elif case == "missing field":
        del rows[testimony]["date"]
    elif case == "too long":
        rows[observation]["venue"] = "x" * 100_000
    elif case == "not a choice":
        rows[observation]["decision"] = "brilliant"
    elif case == "unknown kind":
        rows[testimony]["kind"] = "rumour"
    elif case == "no kind":
        del rows[testimony]["kind"]
    elif case == "no id":
        del rows[observation]["id"]
    elif case == "id not text":
        rows[observation]["id"] = 7
    elif case == "id empty":
        rows[observation]["id"] = ""
    elif case == "id a list":
        rows[observation]["id"] = [rows[observation]["id"]]
    elif case == "kind a list":
        rows[testimony]["kind"] = ["testimony"]
    elif case == "kind a number":
        rows[testimony]["kind"] = 4
    elif case == "id repeated":
        rows[observation]["id"] = rows[testimony]["id"]
    elif case == "id not a uuid":
        rows[testimony]["id"] = "../victim"
    elif case == "two damaged, the later of another kind first":
        rows[observation]["date"] = "yesterday"
        rows[testimony]["form"] = 3
    elif case == "a second candidate":
        rows.append({**rows[0], "id": "0b4e28ba-2fa1-41d2-883f-0016d3cca427"})
    elif case == "control character":
        rows[observation]["venue"] = "Desk\x1b[2J"
    elif case == "a row repeated":
        rows.append(copy.deepcopy(rows[observation]))


CASES = [
    "wrong type",
    "missing field",
    "too long",
    "not a choice",
    "unknown kind",
    "no kind",
    "no id",
    "id not text",
    "id empty",
    "id a list",
    "kind a list",
    "kind a number",
    "id repeated",
    "id not a uuid",
    "two damaged, the later of another kind first",
    "a second candidate",
    "control character",
    "a row repeated",
]


@pytest.mark.parametrize("case", CASES)
def test_a_damaged_row_is_named_the_same_both_ways(logbook, case):
    path, rows = logbook
    rows = copy.deepcopy(rows)
    _damage(rows, case)
    by_kind, one_by_one = _read(path, rows, False), _read(path, rows, True)
    assert isinstance(one_by_one, str), case  # every case is refused
    assert by_kind == one_by_one


def test_whole_rows_give_the_same_records_in_the_same_order(logbook):
    path, rows = logbook
    by_kind = check_rows(path, copy.deepcopy(rows))
    assert [r.to_dict() for r in by_kind] == _read(path, copy.deepcopy(rows), True)
    assert [r.id for r in by_kind] == [r["id"] for r in rows]
    assert len({r["kind"] for r in rows}) >= 6  # kinds interleaved, put back in place
