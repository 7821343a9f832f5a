"""Witness acceptance and testimony rules, with their reasons."""

from datetime import date, time

import pytest

from logbook.domain.records import Candidate, Witness
from logbook.domain.records import Testimony as WitnessTestimony
from logbook.domain.validation import check_witness
from logbook.domain.witnesses import (
    personal_relationship,
    witness_problems,
)
from logbook.domain.witnesses import (
    testimony_problems as problems_of,
)

TODAY = date(2026, 11, 24)
CANDIDATE = Candidate(
    name="Priya Shah",
    date_of_birth=date(1994, 3, 14),
    registration_number="CG-1",
    qualification="cg-l3-nsvq",
    units=["301", "302", "205"],
    registered_on=date(2026, 6, 1),
)


@pytest.mark.parametrize(
    "relationship",
    [
        "my mum", "Mum", "mother", "partner", "my partner", "brother-in-law", "Brother in law",
        "flatmate and girlfriend", "step-dad", "stepdaughter", "grandson", "great-grandmother",
        "her husband", "wife", "ex-wife", "my ex", "cousin", "auntie", "fiancée", "boyfriend",
        "best friend", "lives with the candidate", "other half", "twin sister", "family friend",
    ],
)  # fmt: skip
def test_relatives_and_partners_are_never_acceptable(relationship):
    witness = Witness(name="A Person", role="colleague", relationship=relationship)
    problems = witness_problems(witness)
    assert problems and "never acceptable" in problems[0]
    assert check_witness(witness)[0].field == "relationship"


@pytest.mark.parametrize(
    "relationship",
    [
        "line manager", "colleague on the service desk", "supervisor", "team leader",
        "business partner of the company", "service partner organisation",
        "manager at our sister store", "works for the parent company", "ex-colleague",
        "customer", "trainer",
    ],
)  # fmt: skip
def test_working_relationships_are_acceptable(relationship):
    assert personal_relationship(relationship) is None
    assert witness_problems(Witness(name="A", role="colleague", relationship=relationship)) == []


def test_a_witness_without_a_status_statement_cannot_be_used_yet():
    problems = witness_problems(Witness(name="Chris Dale"))
    assert problems == [
        "cannot be used yet: the statement of the witness's status needs their role (colleague, "
        "supervisor, worker from another organisation...) and their relationship to the candidate"
    ]


SAM = Witness(name="Sam Patel", role="supervisor", relationship="line manager")
GOOD = dict(
    date=date(2026, 11, 2),
    witness_id=SAM.id,
    form="written",
    candidate_name="Priya Shah",
    time=time(16, 0),
    venue="Greenway Stores",
    description=(
        "Priya saw an elderly customer struggling at the self-checkout, took her to the desk, "
        "served her personally and phoned her when the item came in."
    ),
    written_on=date(2026, 11, 3),
    relationship="line manager",
    signed=True,
    job_title="Supervisor",
    contact="0113 496 0002",
)


def test_a_complete_written_testimony_counts():
    assert problems_of(WitnessTestimony(**GOOD), SAM, CANDIDATE, TODAY) == []


def test_missing_parts_are_named():
    testimony = WitnessTestimony(**{**GOOD, "venue": "", "signed": False, "contact": ""})
    problems = problems_of(testimony, SAM, CANDIDATE, TODAY)
    assert problems == [
        "a written testimony must include the venue of the activity, the witness's signature, "
        "the witness's contact details"
    ]


def test_a_verbal_testimony_needs_no_signature():
    testimony = WitnessTestimony(**{**GOOD, "form": "verbal", "signed": False, "written_on": None})
    assert problems_of(testimony, SAM, CANDIDATE, TODAY) == []


def test_a_list_of_criteria_is_not_a_description():
    testimony = WitnessTestimony(
        **{**GOOD, "description": "Priya meets 205.1.1, 205.1.2 and 205 ER4b."}
    )
    problems = problems_of(testimony, SAM, CANDIDATE, TODAY)
    assert any("names criteria" in p for p in problems)


def test_a_bullet_list_of_skills_is_not_a_description():
    text = "- greets customers\n- listens well\n- solves problems\n- follows procedures"
    problems = problems_of(WitnessTestimony(**{**GOOD, "description": text}), SAM, CANDIDATE, TODAY)
    assert any("a list, not a description" in p for p in problems)


def test_written_by_the_candidate_does_not_count():
    testimony = WitnessTestimony(**{**GOOD, "written_by": "candidate"})
    assert any("the candidate wrote it" in p for p in problems_of(testimony, SAM, CANDIDATE))


def test_a_relative_named_only_in_the_testimony_is_caught():
    testimony = WitnessTestimony(**{**GOOD, "relationship": "her mum"})
    problems = problems_of(testimony, SAM, CANDIDATE, TODAY)
    assert any("never acceptable" in p for p in problems)


def test_another_candidates_name_and_impossible_dates():
    testimony = WitnessTestimony(
        **{**GOOD, "candidate_name": "Tom Reilly", "written_on": date(2026, 11, 1)}
    )
    problems = problems_of(testimony, SAM, CANDIDATE, TODAY)
    assert "it names 'Tom Reilly', but the candidate is 'Priya Shah'" in problems
    assert any("before the activity it describes" in p for p in problems)


def test_no_witness_no_testimony():
    problems = problems_of(WitnessTestimony(**GOOD), None, CANDIDATE, TODAY)
    assert problems[0] == "it is not linked to a witness on the candidate's witness list"
