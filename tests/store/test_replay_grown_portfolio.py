"""The replay grows one portfolio record by record (`changes._Seen`) instead of working a
sign-off's, a correction's or an IQA decision's out from its records alone: at every step it is
the portfolio of the records seen, and rule-breaking logbooks replay to the same problems either
way."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest

from logbook.demo import write_demo
from logbook.domain import changes
from logbook.domain.changes import logbook_problems
from logbook.domain.coverage import links_by_unit, unit_coverage
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import Candidate, Evidence, Witness, new_id
from logbook.domain.standards import normalise_code
from logbook.qualifications import default_library
from logbook.store.logbooks import LogbookFile, _written, check_rows, read_once

TODAY = date(2025, 6, 1)
LATER = TODAY + timedelta(days=30)  # after the day any demo record was written


@pytest.fixture(scope="module")
def demo_books(tmp_path_factory):
    """Each demo logbook as `LogbookFile.check` replays it: records, days written, qualification."""
    folder = tmp_path_factory.mktemp("demo")
    write_demo(folder, TODAY)
    library = default_library()
    books = []
    for path in sorted(folder.glob("*.json")):
        if path.name.startswith("."):
            continue
        tables, _ = read_once(path)
        records = check_rows(path, list(tables["records"].values()))
        written = _written(list(tables["history"].values()))
        books.append((records, written, LogbookFile(path, library).qualification_of(records)))
    assert books
    return books


# the portfolio a replay grows record by record (`changes._Seen`) -------------------------------


class _Fresh(changes._Seen):
    """The replay as it was: each sign-off's, correction's or IQA decision's portfolio
    worked out from its records alone."""

    def give(self, portfolio) -> None:
        pass


def _both_grown_and_fresh(records, written, qualification, monkeypatch):
    grown = logbook_problems(records, written, qualification, texts_checked=True)
    with monkeypatch.context() as patched:
        patched.setattr(changes, "_Seen", _Fresh)
        fresh = logbook_problems(records, written, qualification, texts_checked=True)
    assert [(n, str(p)) for n, p in grown] == [(n, str(p)) for n, p in fresh]
    return grown


def _twin(records):
    """`records` with the one halfway given the id of the first after the candidate."""
    half = len(records) // 2
    return [*records[:half], dataclasses.replace(records[half], id=records[1].id),
            *records[half + 1 :]]  # fmt: skip


def test_a_grown_portfolio_is_the_portfolio_of_the_records_seen_at_every_step(demo_books):
    books = [(records, q) for records, _, q in demo_books if len(records) > 4]
    for records, qualification in [*books, *((_twin(records), q) for records, q in books)]:
        candidate = next(r for r in records if isinstance(r, Candidate))
        grown, seen = changes._Seen(candidate), [candidate]
        for record in records:
            if record is candidate:
                continue
            given, fresh = (Portfolio(qualification, list(seen), TODAY) for _ in range(2))
            grown.give(given)
            assert given.__dict__.keys() >= {"current", "positions", "evidence", "witnesses"}
            for name in ("current", "positions", "evidence", "witnesses"):
                mine, theirs = getattr(given, name), getattr(fresh, name)
                assert mine == theirs and list(mine) == list(theirs), name
            for unit in qualification.units:
                alone = unit_coverage(unit, fresh.evidence, candidate, fresh.witnesses, TODAY)
                assert given.linked_to(unit.code) == (
                    links_by_unit(fresh.evidence).get(normalise_code(unit.code), [])
                )
                assert given.coverage(unit.code) == alone
            seen.append(record)
            grown.add(record)


def _moved(records, kind, before_kind):
    """`records` with the first record of `kind` moved before the first of `before_kind`."""
    moving = next((r for r in records if kind == r.KIND), None)
    target = next((r for r in records if before_kind == r.KIND), None)
    if moving is None or target is None:
        return None
    rest = [r for r in records if r is not moving]
    at = rest.index(target)
    return [*rest[:at], moving, *rest[at:]]


def test_rule_breaking_logbooks_replay_the_same_grown_or_fresh(demo_books, monkeypatch):
    """A sign-off before its evidence, a correction of a record not there, a testimony whose
    witness comes after it, a correction of evidence before a sign-off, two records of one
    id: each replays to the same problems, with and without the grown portfolio."""
    broken = 0
    for records, written, qualification in demo_books:
        evidence = next((r for r in records if isinstance(r, Evidence)), None)
        variants = [
            records,
            _moved(records, "signoff", "observation"),
            _moved(records, "testimony", "witness"),
            _moved(records, "signoff", "witness"),
        ]
        if evidence is not None:
            fixed = dataclasses.replace(
                evidence, id=new_id(), corrects=evidence.id, corrected_by="Morgan Ellis",
                corrected_at=datetime(2025, 5, 2, 9, 0), correction_reason="Wrong date",
                links=[],
            )  # fmt: skip
            at = records.index(evidence) + 1
            variants += [
                [*records[:at], fixed, *records[at:]],  # taken back before a sign-off
                [*records, dataclasses.replace(fixed, corrects=new_id())],  # of nothing
                [*records[:at], dataclasses.replace(evidence, id=records[1].id), *records[at:]],
            ]
        signoff = next((r for r in records if r.KIND == "signoff"), None)
        if signoff is not None:  # the candidate names as replaced the evidence before it
            at = records.index(signoff)
            last = next(r for r in reversed(records[:at]) if isinstance(r, Evidence | Witness))
            variants.append(
                [dataclasses.replace(r, corrects=last.id) if r.KIND == "candidate" else r
                 for r in records]
            )  # fmt: skip
        for variant in filter(None, variants):
            found = _both_grown_and_fresh(variant, written, qualification, monkeypatch)
            broken += bool(found)
    assert broken >= 5  # the variants break rules, and those were compared
