"""A portfolio's coverage of every unit in one pass over its evidence (`coverage.units_coverage`)
is what it was worked out as before, unit by unit: `unit_coverage` of each unit with what each
piece of evidence does not count for worked out once, by id (`blockers`). Hypothesis makes the
evidence: links to units written in other cases, to items not in their unit, to units the
candidate did not choose; every context, simulation with and without a reason; decisions that
do not count; testimony with and without its witness, in the future; two pieces with one id."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from logbook.domain.coverage import unit_coverage, units_coverage, why_evidence_does_not_count
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import (
    Discussion,
    Link,
    Observation,
    QuestionAnswer,
    Questioning,
    Witness,
    WorkProduct,
)
from logbook.domain.records import (
    Testimony as Statement,
)
from tests.domain.test_coverage_and_signoff import CG, TODAY, candidate

UNITS = ["301", "302", "205", "206", "211", "308", "311", "312"]
WITNESS = Witness(
    name="Sam Patel",
    job_title="Customer Service Supervisor",
    organisation="Greenway Stores",
    role="line_manager",
    relationship="works alongside her on the service desk",
    contact="0113 496 0002",
    knows_standards=True,
    relative="no",
)
DESCRIPTION = (
    "Priya dealt with a customer returning a faulty kettle during the Saturday rush, checked "
    "the receipt and explained the refunds policy calmly."
)


def _codes(unit: str) -> list[str]:
    return [item.code for item in CG.unit(unit).items][:6]


links = st.builds(
    Link,
    st.sampled_from([*UNITS, " 301", "f3", "999", "205 "]),
    st.sampled_from([*_codes("301"), *_codes("205"), *_codes("211"), "205 er4b", "999.9"]),
)
common = {
    "date": st.sampled_from([date(2026, 11, 2), TODAY + timedelta(days=3)]),
    "links": st.lists(links, max_size=5),
    "context": st.sampled_from(["real_work", "rwe", "simulation"]),
    "simulation_reason": st.sampled_from(["", "safety", "not a reason"]),
}
decided = st.sampled_from(["competent", "not_yet_competent", ""])
evidence = st.one_of(
    st.builds(Observation, decision=st.sampled_from(["competent", "not_yet_competent"]), **common),
    st.builds(Discussion, notes=st.just("Talked it through"), **common),
    st.builds(WorkProduct, title=st.just("Log"), decision=decided, **common),
    st.builds(
        Questioning,
        questions=st.lists(
            st.builds(QuestionAnswer, st.just("Why?"), st.just("So."), st.lists(links, max_size=3)),
            max_size=2,
        ),
        decision=decided,
        **common,
    ),
    st.builds(
        Statement,
        witness_id=st.sampled_from([WITNESS.id, ""]),
        description=st.sampled_from([DESCRIPTION, "Did 301.1.1 well"]),
        written_by=st.sampled_from(["witness", "candidate"]),
        form=st.sampled_from(["written", "verbal"]),
        **common,
    ),
)


def _as_before(portfolio: Portfolio) -> dict:
    """The coverage as `Portfolio._coverage` worked it out before `units_coverage`."""
    args = (portfolio.candidate, portfolio.witnesses, portfolio.today)
    blockers = {r.id: why_evidence_does_not_count(r, *args) for r in portfolio.evidence}
    return {
        unit.code: unit_coverage(unit, portfolio.evidence, *args, blockers)
        for unit in portfolio.units
    }


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(evidence, max_size=12),
    chosen=st.lists(st.sampled_from([*UNITS, "f3", "301"]), min_size=1, max_size=9),
    twins=st.lists(st.integers(0, 11), max_size=2),
)
def test_every_unit_in_one_pass_is_every_unit_worked_out_alone(pieces, chosen, twins):
    for n in twins:  # a piece with the id of the one before it
        if 0 < n < len(pieces):
            pieces[n] = dataclasses.replace(pieces[n], id=pieces[n - 1].id)
    who = candidate(units=chosen)
    portfolio = Portfolio(CG, [who, WITNESS, *pieces], TODAY)
    before = _as_before(portfolio)
    assert units_coverage(portfolio.units, portfolio.evidence, who, portfolio.witnesses, TODAY) == (
        before
    )
    assert portfolio._coverage == before


def test_the_one_pass_counts_refuses_and_leaves_missing_as_each_unit_alone():
    """Something of each: covered twice, refused for its context, its decision, its unit."""
    first = Observation(
        date=date(2026, 11, 2), links=[Link(" 301", "301.1.1"), Link("301", "999.9")],
        venue="Desk", activity="Served", justification="Met", feedback="Good",
    )  # fmt: skip
    again = dataclasses.replace(first, id=Observation(date=first.date).id, context="simulation")
    failed = dataclasses.replace(
        first, id=Observation(date=first.date).id, decision="not_yet_competent"
    )
    portfolio = Portfolio(CG, [candidate(), first, again, failed], TODAY)
    assert portfolio._coverage == _as_before(portfolio)
    got = portfolio._coverage["301"]
    assert got.covered == {"301.1.1": [first.id]}
    assert [(r.evidence_id, r.code) for r in got.refused] == [
        (first.id, "999.9"),
        (again.id, "301.1.1"),  # 301's knowledge evidence comes from real work
        (again.id, "999.9"),
        (failed.id, "301.1.1"),
        (failed.id, "999.9"),
    ]
    assert len(got.missing) == len(CG.unit("301").items) - 1


def test_two_pieces_with_one_id_count_as_the_last_of_them_as_before():
    """`blockers` held one answer an id, the last piece's: a portfolio with two pieces of one
    id (which no file holds) is worked out as it was."""
    counts = Observation(
        date=date(2026, 11, 2), links=[Link("301", "301.1.1")],
        venue="Desk", activity="Served", justification="Met", feedback="Good",
    )  # fmt: skip
    twin = dataclasses.replace(counts, decision="not_yet_competent")
    portfolio = Portfolio(CG, [candidate(), counts, twin], TODAY)
    assert portfolio._coverage == _as_before(portfolio)
    assert portfolio._coverage["301"].covered == {}
