"""A portfolio's coverage is worked out from each piece of evidence's links grouped by unit once
(`coverage.links_by_unit`), not by looking through every piece of evidence for each unit: the
same coverage, item by item, evidence by evidence, refusal by refusal, as `unit_coverage` finds
looking through all of it for one unit."""

from __future__ import annotations

from datetime import date

from logbook.domain.coverage import unit_coverage
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import Link, QuestionAnswer, Questioning
from tests.domain.test_coverage_and_signoff import CG, TODAY, candidate, observation


def test_grouped_coverage_is_the_coverage_of_every_unit_looked_for_alone():
    questioning = Questioning(
        date=date(2026, 11, 3),
        links=[Link("302", "302.1.2")],
        context="real_work",
        questions=[
            QuestionAnswer("Why?", "Because", [Link("205", "205.1.3"), Link("302", "302.1.2")])
        ],
        decision="competent",
    )
    evidence = [
        # a unit written in another case and with spaces, an item not in its unit
        observation([Link(" 301", "301.1.1"), Link("301", "999.9"), Link("205", "205.1.1")]),
        observation([Link("301", "301.1.2")], decision="not_yet_competent"),
        observation([Link("301", "301.1.3"), Link("206", "206.1.1")], context="simulation"),
        observation([Link("205", "205 er4b"), Link("205", "205.1.1")]),  # covered again
        questioning,
        observation([Link("211", "211.1.1")], context="simulation"),
    ]
    portfolio = Portfolio(CG, [candidate(), *evidence], TODAY)
    seen = 0
    for unit in portfolio.units:
        grouped = portfolio.coverage(unit.code)
        alone = unit_coverage(
            unit, portfolio.evidence, portfolio.candidate, portfolio.witnesses, TODAY
        )
        assert grouped == alone, unit.code
        seen += len(grouped.covered) + len(grouped.refused)
    first, refused, simulated, again = evidence[:4]
    assert portfolio.coverage("301").covered == {"301.1.1": [first.id]}
    assert [(r.evidence_id, r.code) for r in portfolio.coverage("301").refused] == [
        (first.id, "999.9"),
        (refused.id, "301.1.2"),
        (simulated.id, "301.1.3"),
    ]
    assert portfolio.coverage("205").covered["205.1.1"] == [first.id, again.id]
    assert portfolio.coverage("205").covered["205 ER4b"] == [again.id]
    assert portfolio.coverage("205").covered["205.1.3"] == [questioning.id]
    assert portfolio.coverage("302").covered == {"302.1.2": [questioning.id]}
    assert seen >= 10


def test_a_questionings_links_are_its_own_then_each_questions_new_ones_in_order():
    a, b, c, d = (Link("302", f"302.1.{n}") for n in range(1, 5))
    questioning = Questioning(
        date=date(2026, 11, 3),
        links=[a, a, b],  # the record's own, as saved, repeats kept
        context="real_work",
        questions=[
            QuestionAnswer("Why?", "Because", [c, b, c, Link("302", "302.1.3")]),
            QuestionAnswer("How?", "Thus", [d, a]),
        ],
    )
    assert questioning.all_links == [a, a, b, c, d]
