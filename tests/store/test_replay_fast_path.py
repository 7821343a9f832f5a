"""The replay's quick answer for the usual evidence (`logbook.domain.as_written`) and the full
check (`changes._as_written_problems`) agree: on the demo logbooks as `verify` reads them, and
on their evidence broken field by field (hypothesis picks the fields and the values).

`logbook_problems(..., texts_checked=False)` never asks the quick answer (it must check every
text): the same logbook replayed both ways gives the same problems, in the same order."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logbook.demo import write_demo
from logbook.domain import as_written, changes
from logbook.domain.as_written import AsWritten
from logbook.domain.changes import (
    TIME_ZONE_SLACK,
    _as_written_problems,
    _everyone,
    logbook_problems,
)
from logbook.domain.coverage import links_by_unit, unit_coverage
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import (
    Candidate,
    Evidence,
    Link,
    Plan,
    QuestionAnswer,
    Questioning,
    Witness,
    new_id,
)
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


def _both_ways(records, written, qualification):
    quick = logbook_problems(records, written, qualification, texts_checked=True)
    full = logbook_problems(records, written, qualification, texts_checked=False)
    assert [(n, str(p), p.reason) for n, p in quick] == [(n, str(p), p.reason) for n, p in full]
    return quick


def test_the_demo_logbooks_replay_the_same_both_ways_and_the_quick_answer_is_taken(
    demo_books, monkeypatch
):
    asked = []
    surely_clean = AsWritten.surely_clean

    def counted(self, record, witnesses, today):
        answer = surely_clean(self, record, witnesses, today)
        if isinstance(record, Evidence):
            asked.append(answer)
        return answer

    monkeypatch.setattr(as_written.AsWritten, "surely_clean", counted)
    for records, written, qualification in demo_books:
        _both_ways(records, written, qualification)
    # every piece of the demo's evidence is answered quickly (else this shows nothing)
    assert len(asked) >= 10 and all(asked)


# values that break a rule of `check_evidence` as written, and some that do not
_BAD_LINKS = [[], [Link("999", "1.1")], [Link("301", "no such item")], [Link("", "")]]
_TEXTS = ["", "   ", "Served the customer at the desk"]
_VALUES = {
    "date": [LATER + timedelta(days=5)],  # (None, which no file holds: the sweep below)
    "links": _BAD_LINKS,
    "context": ["elsewhere", "simulation", "rwe", "real_work"],
    "simulation_reason": ["", "not a reason", "safety"],
    "venue": _TEXTS,
    "activity": _TEXTS,
    "justification": _TEXTS,
    "feedback": _TEXTS,
    "description": _TEXTS,
    "title": _TEXTS,
    "location": _TEXTS,
    "notes": _TEXTS,
    "topics": _TEXTS,
    "decision": ["", "competent", "not_yet_competent", "maybe"],
    "witness_id": ["", new_id()],
    "form": ["written", "verbal", "sung"],
    "written_by": ["witness", "candidate", "ghost"],
    "written_on": [None, LATER + timedelta(days=5), date(2024, 1, 1)],
    "duration_minutes": [None, 0, 601, 30, True],
    "questions": [
        [],
        [QuestionAnswer("", "An answer")],
        [QuestionAnswer("A question?", " ")],
        [QuestionAnswer("A question?", "An answer", links=[Link("999", "1.1")])],
    ],
}


def _broken(record: Evidence, data) -> Evidence:
    names = [f.name for f in dataclasses.fields(record) if f.name in _VALUES]
    chosen = data.draw(st.sets(st.sampled_from(names), min_size=2, max_size=3))
    return dataclasses.replace(
        record, **{name: data.draw(st.sampled_from(_VALUES[name])) for name in chosen}
    )


def _judged_alike(record, records, position, qualification) -> bool:
    """Whether the quick answer calls `record` clean, in `records` at `position`; fails if it
    does and the full check finds a problem."""
    candidate = next(r for r in records if r.KIND == "candidate")
    witnesses = {r.id: r for r in records[:position] if isinstance(r, Witness)}
    plans = {r.id: r for r in records[:position] if isinstance(r, Plan)}
    everyone = _everyone(candidate, qualification)
    today = LATER + TIME_ZONE_SLACK
    full = _as_written_problems(
        record, everyone, qualification, witnesses, today, plans, text=False, ids=False
    )
    clean = AsWritten(everyone, qualification).surely_clean(record, witnesses, today)
    if clean:
        assert full == [], (record, full)
    return clean


def _own_questions_broken(record, name: str) -> list:
    """A questioning's own questions, the first one's question or answer left blank (its
    links kept: a questioning may be linked through its questions alone)."""
    if name != "questions" or not record.questions:
        return []
    first, rest = record.questions[0], record.questions[1:]
    return [[dataclasses.replace(first, **{part: " "}), *rest] for part in ("question", "answer")]


def test_each_field_broken_alone_the_quick_answer_never_calls_clean_what_the_full_check_refuses(
    demo_books,
):
    refused = 0
    for records, _, qualification in demo_books:
        for position, record in enumerate(records):
            if not isinstance(record, Evidence):
                continue
            assert _judged_alike(record, records, position, qualification)
            for name in [f.name for f in dataclasses.fields(record) if f.name in _VALUES]:
                more = [None] if name == "date" else _own_questions_broken(record, name)
                for value in [*_VALUES[name], *more]:
                    broken = dataclasses.replace(record, **{name: value})
                    refused += not _judged_alike(broken, records, position, qualification)
    assert refused > 100  # the broken records were sent to the full check


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_evidence_the_quick_answer_calls_clean_the_full_check_finds_clean(demo_books, data):
    cases = [
        (book, position)
        for book, (records, _, _) in enumerate(demo_books)
        for position, record in enumerate(records)
        if isinstance(record, Evidence)
    ]
    book, position = cases[data.draw(st.integers(0, len(cases) - 1))]
    records, written, qualification = demo_books[book]
    record = _broken(records[position], data)
    _judged_alike(record, records, position, qualification)
    # and the whole logbook with that record in it replays the same both ways
    _both_ways([*records[:position], record, *records[position + 1 :]], written, qualification)


def test_a_questioning_is_asked_every_question_s_links(demo_books):
    """A question's link that is not in the qualification is found by the quick answer too."""
    for records, written, qualification in demo_books:
        for position, record in enumerate(records):
            if not isinstance(record, Questioning) or not record.questions:
                continue
            bad = dataclasses.replace(record.questions[0], links=[Link("999", "1.1")])
            broken = dataclasses.replace(record, questions=[bad, *record.questions[1:]])
            found = _both_ways([*records[:position], broken, *records[position + 1 :]], written,
                               qualification)  # fmt: skip
            assert (position, "links") in [(n, p.field) for n, p in found]
            return
    pytest.skip("no demo questioning")


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
