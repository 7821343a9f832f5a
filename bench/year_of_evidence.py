"""The records of one candidate's year, shared by the benches that build caseloads
(`bench/store_bench.py` through the store, `bench/scale_bench.py` with the store's encoder):
the candidate, two witnesses, and a mix of evidence in which observations walk through every
item of the units, unit by unit, between discussions, questioning, work products, testimony and
plans. Each bench saves them its own way; the records are the same."""

from __future__ import annotations

from datetime import date, timedelta
from datetime import time as clock

from logbook.domain.records import (
    Candidate,
    Discussion,
    Link,
    Observation,
    Plan,
    QuestionAnswer,
    Questioning,
    Testimony,
    Witness,
    WorkProduct,
)

TODAY = date(2025, 6, 1)
START = TODAY - timedelta(days=400)
ASSESSOR = "Morgan Ellis"
QUALIFICATION = "cg-l3-nsvq"
UNITS = ["301", "302", "205", "206", "211", "308", "311", "312"]
FIRST = ["Priya", "Tom", "Aisha", "Gareth", "Lena", "Sam", "Ruth", "Chris", "Nia", "Owen"]
LAST = ["Shah", "Reilly", "Okafor", "Jones", "Novak", "Patel", "Okoye", "Dale", "Evans", "Hughes"]
# the decision a work product or questioning records (OCR L3, Examining evidence, Questioning)
DECIDED = {
    "decision": "competent",
    "justification": "Shows the policy applied without prompting.",
    "feedback": "Good; keep the log up to date.",
}


def candidate() -> Candidate:
    return Candidate(
        name="Priya Shah",
        date_of_birth=date(1994, 3, 14),
        registration_number="CG-4471-0000",
        qualification=QUALIFICATION,
        units=UNITS,
        registered_on=START,
        workplace="Greenway Stores, Leeds",
        contact="priya.shah@example.org, 0113 496 0001",
        assessor=ASSESSOR,
    )


def witnesses() -> list[Witness]:
    return [
        Witness(
            name=name,
            job_title="Customer Service Supervisor",
            organisation="Greenway Stores",
            role=role,
            relationship="works alongside her on the service desk",
            contact="0113 496 0002",
            knows_standards=True,
            relative="no",
        )
        for name, role in (("Sam Patel", "line_manager"), ("Jo Reid", "colleague"))
    ]


def observation(when: date, links: list[Link], n: int) -> Observation:
    return Observation(
        date=when,
        time=clock(9 + n % 8, 15),
        venue="Greenway Stores service desk",
        activity=(
            f"Observation {n}: dealt with a customer returning a faulty kettle during the "
            "Saturday rush, checked the receipt, explained the refunds policy and offered an "
            "exchange; logged the complaint and told the supervisor about the faulty batch."
        ),
        links=links,
        justification="Followed the procedure without prompting and kept the customer informed.",
        feedback="Good; next time note the batch number on the complaint log.",
    )


def unit_items(library) -> list[tuple[str, str]]:
    """Every (unit, item code) of the units, in order: what the observations walk through."""
    qualification = library.get(QUALIFICATION)
    return [(u, item.code) for u in UNITS for item in qualification.unit(u).items]


def day_of(n: int, count: int) -> date:
    """The date of the `n`-th piece of evidence of `count`, spread over the year."""
    return START + timedelta(days=1 + n * 390 // count)


def nth_record(n: int, when: date, all_items: list, pending: list, known: list[Witness]):
    """The `n`-th piece of evidence, dated `when`: five in ten are observations of the next
    three items still `pending` (taken from it), the others link three items of `all_items`."""
    links = [Link(u, c) for u, c in (all_items[(3 * n + k) % len(all_items)] for k in range(3))]
    kind = n % 10
    if kind < 5:  # observations walk through every item, unit by unit
        if pending:
            links = [Link(u, c) for u, c in pending[:3]]
            del pending[:3]
        return observation(when, links, n)
    if kind == 5:
        return Discussion(
            date=when,
            topics="The service offer; how customers form expectations",
            notes="Explained the store's service offer with examples from the desk. " * 3,
            duration_minutes=40,
            links=links,
        )
    if kind == 6:
        return Questioning(
            date=when,
            questions=[
                QuestionAnswer("Which laws shape complaints?", "Consumer rights.", links[:1]),
                QuestionAnswer("Who approves a change?", "The store manager.", links[1:]),
            ],
            **DECIDED,
        )
    if kind == 7:
        return WorkProduct(
            date=when,
            title=f"Refunds authorisation log, week {n}",
            description="Shows refunds checked against the policy",
            location="Store office, cabinet 2",
            links=links,
            **DECIDED,
        )
    if kind == 8:
        witness = known[n % 2]
        return Testimony(
            date=when,
            witness_id=witness.id,
            candidate_name="Priya Shah",
            time=clock(16, 0),
            venue="Greenway Stores, Leeds",
            description="Priya took an elderly customer to the desk and served her herself.",
            written_on=when,
            relationship="her supervisor",
            signed=True,
            job_title=witness.job_title,
            contact=witness.contact,
            links=links,
        )
    return Plan(
        agreed_on=when,
        units=sorted({link.unit for link in links}),
        planned_for=when + timedelta(days=7),
        venue="Greenway Stores",
        activities="Handle the returns queue",
        expected_evidence="Observation",
    )
