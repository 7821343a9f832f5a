"""Every assessment method records a decision: examining evidence (work products) and questioning
hold the assessor's decision, its justification and the feedback given, as observations do.

OCR Level 3 NVQ Diploma in Customer Service, student guide, Examining evidence: "After the
assessor has examined the evidence, the assessor must record an assessment decision and the
justification for the decision. The assessor must also give you feedback on your evidence and the
decision made." Questioning: "Your assessor will record assessment decisions after they have
questioned you. They will record enough information to justify the decisions they make."
"""

from __future__ import annotations

from datetime import date

import pytest

from logbook.domain.portfolio import Portfolio
from logbook.domain.records import (
    NOT_RECORDED,
    Candidate,
    Link,
    QuestionAnswer,
    Questioning,
    WorkProduct,
    record_from_dict,
)
from logbook.domain.validation import check_evidence
from logbook.qualifications import load_library

TODAY = date(2026, 11, 24)
CG = load_library().get("cg-l3-nsvq")
CANDIDATE = Candidate(
    name="Priya Shah",
    date_of_birth=date(1994, 3, 14),
    registration_number="CG-1",
    qualification="cg-l3-nsvq",
    units=["301", "302", "205"],
    registered_on=date(2026, 6, 1),
)
LINKS = [Link("302", "302 ER7a")]


def work_product(**changes) -> WorkProduct:
    values = dict(
        date=date(2026, 11, 2),
        title="Refunds log, March",
        location="Store office, cabinet 2",
        description="Refunds checked against the policy",
        confidential=True,
        links=LINKS,
        decision="competent",
        justification="Every refund checked and signed",
        feedback="Thorough; initial each page next time",
    )
    return WorkProduct(**{**values, **changes})


def questioning(**changes) -> Questioning:
    values = dict(
        date=date(2026, 11, 2),
        questions=[QuestionAnswer("Who approves a refund over £100?", "The duty manager.")],
        links=LINKS,
        decision="competent",
        justification="Knew the authorisation limits without prompting",
        feedback="Good; now learn the exceptions",
    )
    return Questioning(**{**values, **changes})


@pytest.mark.parametrize("make", [work_product, questioning])
def test_a_new_record_needs_a_decision_its_justification_and_the_feedback(make):
    record = make(decision=NOT_RECORDED, justification=" ", feedback="")
    problems = check_evidence(record, CANDIDATE, CG, {}, TODAY)
    assert [p.field for p in problems] == ["decision", "justification", "feedback"]
    assert problems[0].message == "choose competent or not yet competent"
    assert check_evidence(make(), CANDIDATE, CG, {}, TODAY) == []
    assert [p.field for p in check_evidence(make(decision="maybe"), CANDIDATE, CG, {}, TODAY)] == [
        "decision"
    ]


@pytest.mark.parametrize("make", [work_product, questioning])
def test_not_yet_competent_evidence_does_not_count(make):
    record = make(decision="not_yet_competent")
    coverage = Portfolio(CG, [CANDIDATE, record], TODAY).coverage("302")
    assert coverage.evidence_for("302 ER7a") == []
    name = "work product" if isinstance(record, WorkProduct) else "questioning"
    assert [r.reason for r in coverage.refused] == [
        f"{name}: the {name}'s decision was 'not yet competent'"
    ]
    counted = make()
    coverage = Portfolio(CG, [CANDIDATE, counted], TODAY).coverage("302")
    assert coverage.evidence_for("302 ER7a") == [counted.id]


@pytest.mark.parametrize("make", [work_product, questioning])
def test_an_older_record_without_a_decision_still_counts(make):
    row = make().to_dict()
    for name in ("decision", "justification", "feedback"):
        del row[name]  # as a logbook written before these fields were asked for
    older = record_from_dict(row)
    assert older.decision == NOT_RECORDED
    coverage = Portfolio(CG, [CANDIDATE, older], TODAY).coverage("302")
    assert coverage.evidence_for("302 ER7a") == [older.id]
