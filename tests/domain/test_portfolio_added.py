"""`Portfolio.added`: a portfolio worked out from the one before and one new record is the
portfolio of every record (a save keeps the portfolio instead of working it all out again)."""

from __future__ import annotations

from datetime import date

import pytest

from logbook.domain.portfolio import Portfolio
from logbook.domain.records import Link, Plan, PlanReview, SignOff
from tests.domain.test_coverage_and_signoff import CG, TODAY, candidate, observation

PLAN = Plan(
    agreed_on=date(2026, 10, 1),
    units=["302"],
    planned_for=date(2026, 10, 15),
    venue="Desk",
    activities="The complaints log",
    expected_evidence="Observation",
)


def _worked_out(portfolio: Portfolio) -> Portfolio:
    portfolio.summary()  # coverage, plans and the rest worked out, as a save leaves them
    return portfolio


@pytest.mark.parametrize(
    "new",
    [
        observation([Link("301", "301.1.1"), Link("205", "205.1.1")]),
        observation([Link("301", "301.1.2")], decision="not_yet_competent"),
        observation([Link("301", "301.1.3")], context="simulation"),  # 301 allows none
        observation([Link("301", "301.1.1")]),  # an item covered already
        Plan(
            agreed_on=date(2026, 11, 1),
            units=["301"],
            planned_for=date(2026, 12, 1),
            venue="Desk",
            activities="Returns",
            expected_evidence="Observation",
        ),
        PlanReview(
            plan_id=PLAN.id,
            date=date(2026, 11, 2),
            notes="Returns done; next the complaints log",
            next_visit=date(2026, 11, 20),  # set later than the plan's: the next visit now
        ),
    ],
    ids=["covers", "not-yet-competent", "context-refused", "covered-again", "plan", "review"],
)
def test_added_is_the_portfolio_of_every_record(new):
    who = candidate()
    records = [who, observation([Link("301", "301.1.1")]), observation([Link("302", "302.1.1")])]
    records.append(PLAN)
    before = _worked_out(Portfolio(CG, records, TODAY))
    after = before.added(new)
    whole = Portfolio(CG, [*records, new], TODAY)
    assert after.find(new.id) is new and after.find(PLAN.id) is PLAN
    assert after.summary() == whole.summary()  # the next visit, the plans, the coverage
    assert after.coverage("301") == whole.coverage("301")
    assert after.coverage("205") == whole.coverage("205")
    assert before.summary() == Portfolio(CG, records, TODAY).summary()  # left as it was


def test_added_refuses_what_changes_what_counts():
    before = Portfolio(CG, [candidate()], TODAY)
    signoff = SignOff(unit="301", date=TODAY, assessor="A", candidate_declaration=True)
    with pytest.raises(ValueError):
        before.added(signoff)
