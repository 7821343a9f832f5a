"""`Portfolio.added`: a portfolio worked out from the one before and one new record is the
portfolio of every record (a save keeps the portfolio instead of working it all out again)."""

from __future__ import annotations

from datetime import date

import pytest

from logbook.domain.portfolio import Portfolio
from logbook.domain.records import Link, Plan, SignOff
from tests.domain.test_coverage_and_signoff import CG, TODAY, candidate, observation


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
    ],
    ids=["covers", "not-yet-competent", "context-refused", "covered-again", "plan"],
)
def test_added_is_the_portfolio_of_every_record(new):
    who = candidate()
    records = [who, observation([Link("301", "301.1.1")]), observation([Link("302", "302.1.1")])]
    before = _worked_out(Portfolio(CG, records, TODAY))
    after = before.added(new)
    whole = Portfolio(CG, [*records, new], TODAY)
    assert after.summary() == whole.summary()
    assert after.coverage("301") == whole.coverage("301")
    assert after.coverage("205") == whole.coverage("205")
    assert before.summary() == Portfolio(CG, records, TODAY).summary()  # left as it was


def test_added_refuses_what_changes_what_counts():
    before = Portfolio(CG, [candidate()], TODAY)
    signoff = SignOff(unit="301", date=TODAY, assessor="A", candidate_declaration=True)
    with pytest.raises(ValueError):
        before.added(signoff)
