"""A small assessment centre built from real records on the real City & Guilds standards: what
the IQA tests sample."""

from __future__ import annotations

from datetime import date

from logbook.domain.iqa import Action, AssessorRisk, IqaDecision, SamplingPlan
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import (
    Candidate,
    Discussion,
    Evidence,
    Link,
    Observation,
    Plan,
    QuestionAnswer,
    Questioning,
    SignOff,
    Testimony,
    WorkProduct,
)
from logbook.qualifications import load_library

TODAY = date(2026, 11, 24)
CG = load_library().get("cg-l3-nsvq")
UNITS = ["301", "302", "205", "206", "211", "308", "311", "312"]
START = date(2026, 6, 1)


def candidate(name: str, assessor: str, workplace: str = "", **changes) -> Candidate:
    values = dict(
        name=name,
        date_of_birth=date(1990, 1, 1),
        registration_number=f"CG-{name.split()[0].upper()}",
        qualification="cg-l3-nsvq",
        units=list(UNITS),
        registered_on=START,
        workplace=workplace,
        assessor=assessor,
    )
    values.update(changes)
    return Candidate(**values)


def links(unit: str, count: int = 2) -> list[Link]:
    return [Link(unit, item.code) for item in CG.unit(unit).items[:count]]


def evidence(kind: str, unit: str, when: date = date(2026, 9, 1)) -> Evidence:
    """A real record of each kind, linked to the first items of `unit`."""
    linked = links(unit)
    if kind == "observation":
        return Observation(date=when, links=linked, venue="Shop floor", activity="Served",
                           justification="Met", feedback="Good")  # fmt: skip
    if kind == "discussion":
        return Discussion(date=when, links=linked, topics="Complaints", notes="Discussed")
    if kind == "questioning":
        return Questioning(date=when, questions=[QuestionAnswer("Why?", "Because", linked)],
                           decision="competent")  # fmt: skip
    if kind == "work_product":
        return WorkProduct(date=when, links=linked, title="Complaint log", decision="competent")
    if kind == "testimony":
        return Testimony(date=when, links=linked, description="Handled a complaint calmly")
    raise ValueError(kind)


def signoff(unit: str, assessor: str, when: date = date(2026, 10, 1)) -> SignOff:
    return SignOff(unit=unit, date=when, assessor=assessor, candidate_declaration=True)


def portfolio(person: Candidate, *records) -> Portfolio:
    return Portfolio(CG, [person, *records], TODAY)


def plan(*ratings: tuple[str, str], **changes) -> SamplingPlan:
    values = dict(
        iqa="Jo Barnes",
        assessors=[AssessorRisk(a, r) for a, r in ratings],
        made_on=date(2026, 6, 1),
    )
    values.update(changes)
    return SamplingPlan(**values)


def sample(folio: Portfolio, sampled_unit: str, outcome: str = "agree", **changes) -> IqaDecision:
    """An IQA decision on `unit` of `folio`, looking at every record of the unit."""
    from logbook.domain.sampling import assessor_of

    unit = sampled_unit
    looked = [e.id for e in folio.evidence if any(link.unit == unit for link in e.links)]
    looked += [
        e.id for e in folio.evidence
        if isinstance(e, Questioning) and any(link.unit == unit for link in e.all_links)
        and e.id not in looked
    ]  # fmt: skip
    signed = folio.signoff_for(unit)
    values = dict(
        candidate_id=folio.candidate.id,
        unit=unit,
        assessor=assessor_of(folio, unit),
        stage="summative" if signed else "interim",
        outcome=outcome,
        iqa="Jo Barnes",
        date=date(2026, 11, 2),
        evidence_ids=looked + ([signed.id] if signed else []),
        feedback="Clear judgement" if outcome != "disagree" else "The observation shows no "
        "busy period (205 ER4b)",
        actions=[Action("Add the busy period", date(2026, 12, 1))]
        if outcome == "agree_with_actions" else [],
    )  # fmt: skip
    values.update(changes)
    return IqaDecision(**values)


def assessment_plan() -> Plan:
    return Plan(agreed_on=date(2026, 6, 2), units=["205"], venue="Shop floor")
