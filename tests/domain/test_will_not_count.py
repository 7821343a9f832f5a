"""Evidence that is valid but will not count is said at save, with the field and the reason.

Edexcel: "However, simulation of real working practice might be permitted. Where this is
allowed it will be shown in the individual units" (no Edexcel unit shows it).
"""

from __future__ import annotations

from dataclasses import replace

from logbook.domain.portfolio import Portfolio
from logbook.domain.records import Link
from logbook.domain.validation import check_evidence, will_not_count
from tests.domain.test_working_contexts import CG, EDEXCEL, TODAY, candidate, seen


def folio(qualification) -> Portfolio:
    return Portfolio(qualification, [candidate(qualification.id)], TODAY)


def test_simulation_where_the_unit_does_not_allow_it_is_said_on_the_context_field():
    book = folio(EDEXCEL)
    simulated = seen([Link("13", "13.1")], "simulation")
    assert check_evidence(simulated, book.candidate, EDEXCEL, {}, TODAY) == []  # valid
    (problem,) = will_not_count(simulated, book)
    assert problem.field == "context"
    assert problem.headline == "will not count for unit 13"
    assert "evidence from simulation cannot count for unit 13" in problem.full


def test_not_yet_competent_is_said_on_the_decision_field():
    book = folio(CG)
    observed = replace(seen([Link("205", "205 Ka")], "real_work"), decision="not_yet_competent")
    (problem,) = will_not_count(observed, book)
    assert problem.field == "decision"
    assert "not yet competent" in problem.full


def test_evidence_that_counts_has_nothing_to_say():
    book = folio(CG)
    assert will_not_count(seen([Link("205", "205 Ka")], "real_work"), book) == []
