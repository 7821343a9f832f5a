"""Coverage, working contexts, sign-off readiness and qualification progress, on real standards."""

from datetime import date

import pytest

from logbook.domain.portfolio import Portfolio
from logbook.domain.records import (
    Candidate,
    Discussion,
    Link,
    Observation,
    SignOff,
    WorkProduct,
)
from logbook.domain.signoff import signoff_problems
from logbook.domain.validation import check_candidate, check_evidence
from logbook.qualifications import load_library

TODAY = date(2026, 11, 24)
CG = load_library().get("cg-l3-nsvq")


def candidate(**changes) -> Candidate:
    values = dict(
        name="Priya Shah",
        date_of_birth=date(1994, 3, 14),
        registration_number="CG-1",
        qualification="cg-l3-nsvq",
        units=["301", "302", "205", "206", "211", "308", "311", "312"],
        registered_on=date(2026, 6, 1),
    )
    values.update(changes)
    return Candidate(**values)


def observation(links, context="real_work", decision="competent", when=date(2026, 11, 2)):
    return Observation(
        date=when, links=links, context=context, decision=decision, venue="Desk",
        activity="Served customers", justification="Met", feedback="Good",
    )  # fmt: skip


def portfolio(*evidence, person=None) -> Portfolio:
    return Portfolio(CG, [person or candidate(), *evidence], TODAY)


def all_of(unit: str) -> list[Link]:
    return [Link(unit, item.code) for item in CG.unit(unit).items]


def test_coverage_names_what_is_missing_and_by_which_evidence():
    seen = observation([Link("205", "205.1.1"), Link("205", "205 ER4b")])
    coverage = portfolio(seen).coverage("205")
    assert coverage.covered == {"205.1.1": [seen.id], "205 ER4b": [seen.id]}
    assert coverage.total == 28 and coverage.done == 2
    assert [i.code for i in coverage.missing][:3] == ["205.1.2", "205.1.3", "205.1.4"]


def test_one_piece_of_evidence_counts_for_several_units():
    seen = observation([Link("205", "205.1.1"), Link("206", "206.1.1")])
    folio = portfolio(seen)
    assert folio.coverage("205").covered["205.1.1"] == [seen.id]
    assert folio.coverage("206").covered["206.1.1"] == [seen.id]


def test_simulation_does_not_count_where_the_unit_forbids_it():
    simulated = observation(all_of("301"), context="simulation")
    coverage = portfolio(simulated).coverage("301")
    assert coverage.done == 0
    assert "evidence from simulation cannot count for unit 301" in coverage.refused[0].reason


def test_rwe_counts_for_205_but_not_for_301():
    rwe = observation([Link("205", "205.1.1"), Link("301", "301.1.1")], context="rwe")
    folio = portfolio(rwe)
    assert folio.coverage("205").covered == {"205.1.1": [rwe.id]}
    assert folio.coverage("301").covered == {}
    reason = folio.coverage("301").refused[0].reason
    assert "a realistic working environment cannot count for unit 301" in reason
    assert "must come from real work" in reason


def test_not_yet_competent_observations_cover_nothing():
    coverage = portfolio(observation(all_of("301"), decision="not_yet_competent")).coverage("301")
    assert coverage.done == 0
    assert "not yet competent" in coverage.refused[0].reason


def test_a_corrected_record_no_longer_counts():
    first = observation(all_of("301"))
    fixed = observation([Link("301", "301.1.1")])
    fixed.corrects = first.id
    assert portfolio(first, fixed).coverage("301").done == 1


def ready_signoff(**changes) -> SignOff:
    values = dict(unit="301", date=date(2026, 11, 20), assessor="M Ellis",
                  candidate_declaration=True)  # fmt: skip
    values.update(changes)
    return SignOff(**values)


def problems_of(folio, signoff, signed=(), today=TODAY) -> list[str]:
    return signoff_problems(
        folio.candidate,
        folio.coverage(signoff.unit),
        signoff,
        list(signed),
        today,
        minimum_age=CG.minimum_age,
    )


def test_a_complete_unit_can_be_signed_off():
    folio = portfolio(Discussion(date=date(2026, 11, 2), notes="n", links=all_of("301")))
    assert problems_of(folio, ready_signoff()) == []


def test_sign_off_is_refused_while_anything_is_missing():
    folio = portfolio(observation([Link("301", "301.1.1")]))
    problems = problems_of(folio, ready_signoff())
    assert problems[0].startswith("unit 301 still needs evidence for 19 of 20: 301.1.2, 301.1.3")


@pytest.mark.parametrize(
    ("changes", "person", "reason"),
    [
        ({"date": date(2026, 12, 1)}, {}, "is in the future"),
        ({"date": date(2026, 5, 1)}, {}, "before the candidate's registration"),
        ({"candidate_declaration": False}, {}, "has not declared"),
        ({"decision": "not_yet_competent"}, {}, "only on a decision of competent"),
        ({"assessor": " "}, {}, "assessor's name is needed"),
        ({}, {"date_of_birth": date(2010, 12, 1)}, "not approved for anyone under 16"),
        ({"iv_name": "R Okoye"}, {}, "countersignature needs its date"),
    ],
)
def test_sign_off_rules(changes, person, reason):
    folio = portfolio(
        Discussion(date=date(2026, 11, 2), notes="n", links=all_of("301")),
        person=candidate(**person),
    )
    problems = problems_of(folio, ready_signoff(**changes))
    assert any(reason in p for p in problems), problems


def test_a_unit_is_signed_off_once():
    folio = portfolio(Discussion(date=date(2026, 11, 2), notes="n", links=all_of("301")))
    problems = problems_of(folio, ready_signoff(), ["301"], today=None)
    assert problems == ["unit 301 is already signed off"]


def test_progress_runs_the_signed_off_units_through_the_rules():
    signed = [SignOff(unit=u, date=date(2026, 11, 1), assessor="M") for u in ("301", "302")]
    folio = portfolio(*signed)
    progress = folio.progress()
    assert not progress.achieved
    assert (
        "needs 6 more units from the optional themes (has 0, the award counts 6)" in progress.unmet
    )


def test_evidence_for_a_criterion_not_in_the_unit_is_refused_at_save():
    bad = observation([Link("205", "205.9.9")])
    problems = check_evidence(bad, candidate(), CG, {}, TODAY)
    assert problems[0].field == "links"
    assert problems[0].message.startswith("205.9.9 is not in unit 205 (Make customer service")


def test_evidence_for_a_unit_the_candidate_has_not_chosen_is_refused():
    problems = check_evidence(observation([Link("207", "207.1.1")]), candidate(), CG, {}, TODAY)
    assert [p.message for p in problems] == ["unit 207 is not one of the candidate's units"]


def test_work_products_say_where_they_are_kept():
    product = WorkProduct(
        date=date(2026, 11, 2), title="Log", links=[Link("301", "301.1.1")],
        decision="competent", justification="Complete and accurate", feedback="Well kept",
    )  # fmt: skip
    assert [p.field for p in check_evidence(product, candidate(), CG, {}, TODAY)] == ["location"]


def test_future_and_pre_registration_dates_are_refused_at_save():
    future = observation([Link("301", "301.1.1")], when=date(2026, 11, 25))
    early = observation([Link("301", "301.1.1")], when=date(2026, 5, 31))
    assert "is in the future" in check_evidence(future, candidate(), CG, {}, TODAY)[0].message
    assert (
        "before the candidate's registration"
        in check_evidence(early, candidate(), CG, {}, TODAY)[0].message
    )


def test_a_candidate_under_16_at_registration_is_refused():
    problems = check_candidate(candidate(date_of_birth=date(2011, 1, 1)), CG, TODAY)
    assert problems[0].field == "date_of_birth"
    assert "not approved for anyone under 16" in problems[0].message


def test_a_candidate_with_an_unknown_unit_is_refused_by_name():
    problems = check_candidate(candidate(units=["301", "302", "999"]), CG, TODAY)
    assert problems[0].field == "units" and "'999'" in problems[0].message


def test_a_link_is_judged_against_each_candidate_s_own_units():
    """A link's answer is kept for a choice of units (a logbook's links recur): a candidate who
    chose the unit, and then one who did not, get each their own answer, every time."""
    link = [Link("207", "207.1.1")]
    chose = candidate(units=[*candidate().units, "207"])
    for _ in range(2):
        assert check_evidence(observation(link), chose, CG, {}, TODAY) == []
        problems = check_evidence(observation(link), candidate(), CG, {}, TODAY)
        assert [p.message for p in problems] == ["unit 207 is not one of the candidate's units"]
