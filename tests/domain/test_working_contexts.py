"""Working contexts and the age rule as the seeds write them, on the real standards.

Each rule is checked where the seed writes it and where it does not: a rule that refuses
valid evidence is as harmful as one that lets bad evidence through.
"""

from __future__ import annotations

from datetime import date

import pytest

from logbook.domain.portfolio import Portfolio
from logbook.domain.records import Candidate, Discussion, Link, Observation, SignOff
from logbook.domain.signoff import signoff_problems
from logbook.domain.validation import check_candidate, check_evidence
from logbook.qualifications import load_library

TODAY = date(2026, 11, 24)
LIBRARY = load_library()
CG = LIBRARY.get("cg-l3-nsvq")
EDEXCEL = LIBRARY.get("edexcel-l3")
OCR_L3 = LIBRARY.get("ocr-l3-diploma")

CHOSEN = {
    "cg-l3-nsvq": ["301", "302", "205", "206", "211", "303", "308", "311"],
    "edexcel-l3": ["7", "8", "13", "14", "22", "18", "32", "39"],
    "ocr-l3-diploma": ["F3", "F4", "A14", "B9", "C5", "D8", "D1"],
    "ocr-l3-nvq": ["1", "2", "3", "4", "5", "6"],
    "ocr-l4-diploma": ["F5", "F6", "A17", "B13", "C8", "D14", "D17"],
}


def candidate(qualification: str, **changes) -> Candidate:
    values = dict(
        name="Sam Lee", date_of_birth=date(1990, 1, 1), registration_number="R-1",
        qualification=qualification, units=CHOSEN[qualification],
        registered_on=date(2026, 6, 1),
    )  # fmt: skip
    values.update(changes)
    return Candidate(**values)


def seen(links, context, reason=""):
    return Observation(
        date=date(2026, 11, 2), links=links, context=context, simulation_reason=reason,
        venue="Desk", activity="Served customers", justification="Met", feedback="Good",
    )  # fmt: skip


def coverage(qualification, unit, *evidence):
    folio = Portfolio(qualification, [candidate(qualification.id), *evidence], TODAY)
    return folio.coverage(unit)


# --- Edexcel: conditions resembling the workplace ------------------------------------------------
# "NVQs are designed to be assessed in the workplace, or in conditions resembling the workplace.
# However, simulation of real working practice might be permitted. Where this is allowed it will
# be shown in the individual units" ... "These conditions are described as being a 'realistic
# working environment' (RWE)."


@pytest.mark.parametrize("unit", ["7", "13", "22", "32", "39"])
def test_edexcel_a_realistic_working_environment_counts(unit):
    item = EDEXCEL.unit(unit).items[0].code
    rwe = seen([Link(unit, item)], "rwe")
    assert coverage(EDEXCEL, unit, rwe).covered == {item: [rwe.id]}


def test_edexcel_simulation_is_shown_in_no_unit_so_it_does_not_count():
    simulated = seen([Link("13", "13.1")], "simulation")
    result = coverage(EDEXCEL, "13", simulated)
    assert result.covered == {}
    assert "evidence from simulation cannot count for unit 13" in result.refused[0].reason


# --- OCR Level 3 NVQ Diploma: simulation with one of the guide's reasons -------------------------
# "Examples of where simulation may be used include: where performance is critical but events
# occur infrequently and yet a high degree of confidence is needed that you would act
# appropriately; where performance is critical, happens frequently but where there is risk of
# harm to you in a real situation; as a supplementary form of evidence."


@pytest.mark.parametrize("reason", ["infrequent_critical_event", "risk_of_harm", "supplementary"])
def test_ocr_diploma_simulation_with_a_named_reason_counts(reason):
    simulated = seen([Link("F3", "F3 1.1"), Link("F3", "F3 3.12")], "simulation", reason)
    assert check_evidence(simulated, candidate("ocr-l3-diploma"), OCR_L3, {}, TODAY) == []
    result = coverage(OCR_L3, "F3", simulated)
    assert set(result.covered) == {"F3 1.1", "F3 3.12"}


def test_ocr_diploma_simulation_without_a_reason_is_refused_at_save():
    simulated = seen([Link("F3", "F3 1.1")], "simulation")
    problems = check_evidence(simulated, candidate("ocr-l3-diploma"), OCR_L3, {}, TODAY)
    assert [p.field for p in problems] == ["simulation_reason"]
    message = problems[0].message
    assert message.startswith("say why simulation is used; OCR Level 3 NVQ Diploma")
    assert "a supplementary form of evidence (supplementary)" in message


def test_ocr_diploma_an_older_simulation_record_without_a_reason_does_not_count():
    """A record saved before the reason was asked for has none: it does not count (as before),
    and the gaps say why."""
    older = seen([Link("F3", "F3 1.1")], "simulation")
    result = coverage(OCR_L3, "F3", older)
    assert result.covered == {}
    assert result.refused[0].reason == (
        "observation: simulation counts for unit F3 only with one of the reasons its "
        "qualification names for simulation; this record gives none"
    )


@pytest.mark.parametrize(
    ("qualification", "links", "context", "reason", "message"),
    [
        ("ocr-l3-diploma", [Link("F3", "F3 1.1")], "simulation", "practice",
         "'practice' is not a reason; choose: "),
        ("ocr-l3-diploma", [Link("F3", "F3 1.1")], "real_work", "supplementary",
         "a reason is given only for simulation"),
        ("cg-l3-nsvq", [Link("205", "205 Ka")], "simulation", "supplementary",
         "City & Guilds Level 3 N/SVQ in Customer Service names no reasons for simulation"),
    ],
)  # fmt: skip
def test_a_reason_that_does_not_fit_is_refused(qualification, links, context, reason, message):
    record = seen(links, context, reason)
    qual = LIBRARY.get(qualification)
    problems = check_evidence(record, candidate(qualification), qual, {}, TODAY)
    assert [p.field for p in problems] == ["simulation_reason"]
    assert problems[0].message.startswith(message)


# --- City & Guilds: simulation is banned for performance evidence, not knowledge -----------------
# Units 205, 206, 207, 211, 303, 304, evidence requirement 1: "Simulation is not allowed for any
# performance evidence within this Unit." Units 301, 302: "Simulation is not allowed for any
# evidence within this Unit."


@pytest.mark.parametrize("unit", ["205", "206", "211", "303"])
def test_cg_knowledge_evidence_from_simulation_counts(unit):
    knowledge = next(i for i in CG.unit(unit).items if i.kind == "knowledge")
    performance = next(i for i in CG.unit(unit).items if i.evidence == "performance")
    simulated = seen([Link(unit, knowledge.code), Link(unit, performance.code)], "simulation")
    assert check_evidence(simulated, candidate("cg-l3-nsvq"), CG, {}, TODAY) == []
    result = coverage(CG, unit, simulated)
    assert result.covered == {knowledge.code: [simulated.id]}
    assert [r.code for r in result.refused] == [performance.code]
    assert "its performance evidence must come from real work" in result.refused[0].reason


def test_cg_301_allows_simulation_for_no_evidence():
    simulated = seen([Link("301", "301.1.1")], "simulation")  # a knowledge criterion
    result = coverage(CG, "301", simulated)
    assert result.covered == {}
    assert "its knowledge evidence must come from real work" in result.refused[0].reason


def test_cg_303_refuses_a_realistic_working_environment_for_all_evidence():
    # 303, evidence requirement 1: "Evidence collected in a realistic working environment or a
    # work placement is not permissible for this Unit."
    knowledge = next(i for i in CG.unit("303").items if i.kind == "knowledge")
    result = coverage(CG, "303", seen([Link("303", knowledge.code)], "rwe"))
    assert result.covered == {}


# --- the age rule: written by City & Guilds only -------------------------------------------------
# C&G, Age restrictions: "These N/SVQs are not approved for the use of those who are under 16
# years of age."

FIFTEEN = date(2011, 1, 1)  # 15 on registration, 1 June 2026


def test_cg_refuses_a_candidate_under_16():
    problems = check_candidate(candidate("cg-l3-nsvq", date_of_birth=FIFTEEN), CG, TODAY)
    assert [(p.field, p.message) for p in problems] == [
        (
            "date_of_birth",
            "the candidate was 15 at registration; these NVQs are not approved for anyone under 16",
        )
    ]


@pytest.mark.parametrize("qualification", ["edexcel-l3", "ocr-l3-nvq", "ocr-l3-diploma",
                                           "ocr-l4-diploma"])  # fmt: skip
def test_the_other_documents_write_no_age_so_none_is_checked(qualification):
    qual = LIBRARY.get(qualification)
    assert qual.minimum_age is None
    assert check_candidate(candidate(qualification, date_of_birth=FIFTEEN), qual, TODAY) == []


def test_sign_off_checks_the_age_only_where_it_is_written():
    def problems(qualification, unit):
        qual = LIBRARY.get(qualification)
        items = [Link(unit, i.code) for i in qual.unit(unit).items]
        person = candidate(qualification, date_of_birth=date(2011, 1, 1))
        folio = Portfolio(qual, [person, Discussion(date=date(2026, 11, 2), notes="n",
                                                    links=items)], TODAY)  # fmt: skip
        signoff = SignOff(unit=unit, date=date(2026, 11, 20), assessor="M",
                          candidate_declaration=True)  # fmt: skip
        return signoff_problems(person, folio.coverage(unit), signoff, [], TODAY,
                                minimum_age=qual.minimum_age)  # fmt: skip

    assert problems("cg-l3-nsvq", "301") == [
        "the candidate is 15 on Fri 20 Nov 2026; these NVQs are not approved for anyone under 16"
    ]
    assert problems("edexcel-l3", "7") == []


def test_every_rule_and_context_names_its_source():
    for qualification in LIBRARY:
        for rule in qualification.rules:
            assert rule.source, (qualification.id, rule)
        for unit in qualification.units:
            assert unit.contexts.basis, (qualification.id, unit.code)
    assert CG.minimum_age.source.startswith("Section 3, Candidate entry and progression")
