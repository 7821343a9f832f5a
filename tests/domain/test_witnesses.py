"""Witness acceptance and testimony rules, with their reasons."""

from datetime import UTC, date, datetime, time

import pytest

from logbook.domain.records import (
    NOT_ASKED,
    UNANSWERED,
    WITNESS_ROLE_NAMES,
    WITNESS_ROLES,
    Candidate,
    Witness,
    WordConfirmation,
)
from logbook.domain.records import Testimony as WitnessTestimony
from logbook.domain.relationship_words import ACCEPT, check_relationship_words
from logbook.domain.validation import check_imported_witness, check_witness
from logbook.domain.witnesses import (
    REFUSED,
    TO_CONFIRM,
    judge_witness,
    stated_words_to_confirm,
    witness_problems,
    words_to_confirm,
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
# C&G, Standards and Assessment Requirements, 7 Witnesses
SEED_BAN = (
    "The use of witness testimony from relatives or those with whom the candidate has a "
    "significant personal relationship is not acceptable."
)
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)


def test_the_refusal_quotes_the_seed():
    assert (
        SEED_BAN[:-1].lower()
        in witness_problems(
            Witness(name="A", role="colleague", relationship="my mum", relative="no")
        )[0].lower()
    )


@pytest.mark.parametrize(
    "relationship",
    [
        "my mum", "Mum", "mother", "my partner", "brother-in-law", "Brother in law",
        "flatmate and girlfriend", "step-dad", "stepdaughter", "grandson", "great-grandmother",
        "her husband", "wife", "ex-wife", "my ex", "cousin", "auntie", "fiancée", "boyfriend",
        "best friend", "lives with the candidate", "other half", "twin sister", "family friend",
        "we live together", "lodger",
    ],
)  # fmt: skip
def test_relatives_and_partners_are_never_acceptable(relationship):
    for answer in ("no", NOT_ASKED):  # whatever the assessor answered: the words refuse
        witness = Witness(name="A Person", role="colleague", relationship=relationship)
        witness.relative = answer
        problems = witness_problems(witness)
        assert problems and SEED_BAN[:-1].lower() in problems[0].lower()
        assert check_witness(witness)[0].field == "relationship"


@pytest.mark.parametrize(
    "relationship",
    [
        "line manager", "colleague on the service desk", "supervisor", "team leader",
        "business partner of the company", "service partner organisation",
        "manager at our sister store", "works for the parent company", "ex-colleague",
        "customer", "trainer", "Partner at John Lewis", "not related",
    ],
)  # fmt: skip
def test_working_relationships_are_acceptable(relationship):
    assert check_relationship_words(relationship).outcome == ACCEPT
    witness = Witness(name="A", role="colleague", relationship=relationship, relative="no")
    assert witness_problems(witness) == []
    assert check_witness(witness) == []


def test_a_witness_without_a_status_statement_cannot_be_used_yet():
    problems = witness_problems(Witness(name="Chris Dale"))
    assert problems == [
        "cannot be used yet: the statement of the witness's status needs their role (colleague, "
        "supervisor, worker from another organisation...) and their relationship to the candidate"
    ]


# the assessor's answer ---------------------------------------------------------------------------


def test_yes_refuses_the_witness_with_the_seeds_reason_whatever_the_words():
    witness = Witness(name="Anita Shah", role="colleague", relationship="colleague", relative="yes")
    (finding,) = judge_witness(witness)
    assert finding.kind == REFUSED and finding.field == "relative"
    assert "the assessor answered that Anita Shah is a relative" in finding.message
    assert SEED_BAN[:-1].lower() in finding.message.lower()
    assert [p.field for p in check_witness(witness)] == ["relative"]  # never saved


def test_no_answer_yet_means_the_witness_cannot_be_used_yet_but_may_be_saved():
    witness = Witness(
        name="Jo Reid", role="colleague", relationship="works beside her", relative=UNANSWERED
    )
    (problem,) = witness_problems(witness)
    assert problem.startswith("cannot be used yet")
    assert "is the witness a relative" in problem
    assert check_witness(witness) == []


def test_an_answer_that_is_not_yes_or_no_is_refused():
    witness = Witness(name="Jo Reid", role="colleague", relationship="colleague", relative="maybe")
    assert [p.field for p in check_witness(witness)] == ["relative"]


def test_an_older_record_without_an_answer_is_judged_by_its_words_as_it_was_then():
    older = Witness(name="Sam Patel", role="supervisor", relationship="line manager")
    assert older.relative == NOT_ASKED
    assert witness_problems(older) == []
    assert check_witness(older) == [] and check_imported_witness(older) == []
    # the word check still applies: an older record the old list let through is refused now,
    # though the record itself stays valid in an import
    lodger = Witness(name="Lee Moss", role="colleague", relationship="lodger")
    assert witness_problems(lodger) and "'lodger'" in witness_problems(lodger)[0]
    assert check_imported_witness(lodger) == []
    assert [p.field for p in check_witness(lodger)] == ["relationship"]  # no new save of it
    # a newer record that says so cannot have been written by the app: an import refuses it
    newer = Witness(name="Lee Moss", role="colleague", relationship="lodger", relative="no")
    assert [p.field for p in check_imported_witness(newer)] == ["relationship"]


# the roles the seeds name ------------------------------------------------------------------------


def test_the_role_is_one_of_the_short_list_the_seeds_name():
    # C&G: "by defining the role that the witness has played in the gathering of evidence (ie as
    # colleague, worker from another organisation)"; "testimony from an expert witness";
    # OCR: "They may be your supervisor or line manager."
    names = [WITNESS_ROLE_NAMES[r] for r in WITNESS_ROLES]
    assert names == [
        "colleague",
        "line manager or supervisor",
        "worker from another organisation",
        "expert witness",
        "customer",
        "other",
    ]
    refused = check_witness(Witness(name="A", role="cousin", relationship="x", relative="no"))
    assert [p.field for p in refused] == ["role"]
    assert "line manager or supervisor" in refused[0].message
    # roles an older record holds stay valid
    for older in ("supervisor", "manager"):
        assert check_witness(Witness(name="A", role=older, relationship="boss")) == []


def test_other_needs_a_description_of_the_role():
    witness = Witness(name="A", role="other", relationship="volunteer lead", relative="no")
    assert "a description of their role" in witness_problems(witness)[0]
    witness.role_description = "volunteer coordinator at the food bank"
    assert witness_problems(witness) == []
    older = Witness(name="A", role="other", relationship="volunteer lead")  # not asked then
    assert witness_problems(older) == []


def test_the_role_description_is_read_by_the_word_check_too():
    witness = Witness(
        name="A", role="other", role_description="her lodger", relationship="helps", relative="no"
    )
    assert [p.field for p in check_witness(witness)] == ["role_description"]


# ask: the assessor confirms -----------------------------------------------------------------------


def test_an_ambiguous_word_asks_the_assessor_and_names_the_word():
    witness = Witness(
        name="Dev Mistry", role="colleague", relationship="friend from work", relative="no"
    )
    (finding,) = judge_witness(witness)
    assert finding.kind == TO_CONFIRM and finding.field == "relationship"
    assert "'friend'" in finding.message
    assert words_to_confirm(witness) == ["friend"]
    assert check_witness(witness) == []  # saved; not usable until confirmed


def test_a_confirmed_witness_is_never_refused_for_the_word_confirmed():
    witness = Witness(
        name="Dev Mistry",
        role="colleague",
        relationship="friend from work",
        status_statement="senior partner at the practice",
        relative="no",
        confirmed=WordConfirmation(["friend"], "Morgan Ellis", NOW),
    )
    assert witness_problems(witness) == []
    assert words_to_confirm(witness) == []


@pytest.mark.parametrize("nobody", ["  ", "\u200b", "\u2060\u3164"])
def test_a_confirmation_covers_only_its_words_and_needs_who_confirmed(nobody):
    """A confirmation by a name that reads as nothing (spaces, or characters that draw
    nothing) is by nobody: it covers no word."""
    witness = Witness(
        name="Dev Mistry",
        role="colleague",
        relationship="friend and neighbour",
        relative="no",
        confirmed=WordConfirmation(["friend"], "Morgan Ellis", NOW),
    )
    assert words_to_confirm(witness) == ["neighbour"]
    witness.confirmed = WordConfirmation(["friend", "neighbour"], nobody, NOW)
    assert words_to_confirm(witness) == ["friend", "neighbour"]
    assert [p.field for p in check_witness(witness)] == ["confirmed"]


def test_a_refused_word_is_not_confirmed_away():
    witness = Witness(
        name="Lee Moss",
        role="colleague",
        relationship="lodger",
        relative="no",
        confirmed=WordConfirmation(["lodger"], "Morgan Ellis", NOW),
    )
    assert [f.kind for f in judge_witness(witness)] == [REFUSED]


SAM = Witness(name="Sam Patel", role="line_manager", relationship="line manager", relative="no")
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
    assert any(SEED_BAN[:-1].lower() in p.lower() and "'mum'" in p for p in problems)


def test_an_ambiguous_word_in_the_testimony_counts_once_confirmed():
    testimony = WitnessTestimony(**{**GOOD, "relationship": "colleague and friend"})
    problems = problems_of(testimony, SAM, CANDIDATE, TODAY)
    assert problems == [
        "the testimony's relationship says 'friend', which can name a personal relationship: "
        "the assessor must confirm it does not before the witness can be used"
    ]
    assert stated_words_to_confirm(testimony, SAM) == ["friend"]
    testimony.confirmed = WordConfirmation(["friend"], "Morgan Ellis", NOW)
    assert problems_of(testimony, SAM, CANDIDATE, TODAY) == []
    # a confirmation on the witness's record covers the word too
    testimony.confirmed = None
    confirmed_sam = Witness(
        **{**SAM.__dict__, "confirmed": WordConfirmation(["friend"], "Morgan Ellis", NOW)}
    )
    assert problems_of(testimony, confirmed_sam, CANDIDATE, TODAY) == []


def test_a_testimony_from_a_witness_answered_yes_does_not_count():
    relative = Witness(**{**SAM.__dict__, "relative": "yes"})
    problems = problems_of(WitnessTestimony(**GOOD), relative, CANDIDATE, TODAY)
    assert problems and "the assessor answered that Sam Patel is a relative" in problems[0]


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
