"""IQA decisions, standardisation meetings and sampling plans: what may be saved, and what a
"disagree" does to the unit. Real records on the real City & Guilds standards."""

from __future__ import annotations

from datetime import date

import pytest

from logbook.domain.iqa import (
    DEFAULT_SHARES,
    IQA_RECORD_KINDS,
    Action,
    AssessorRisk,
    IqaDecision,
    RiskShare,
    SampleRef,
    SamplingPlan,
    StandardisationMeeting,
    decision_problems,
    meeting_problems,
    plan_problems,
    reopened_units,
    reopening,
)
from tests.domain.centre_helpers import (
    TODAY,
    candidate,
    evidence,
    plan,
    portfolio,
    sample,
    signoff,
)


def priya():
    seen = evidence("observation", "205")
    talked = evidence("discussion", "301")
    return portfolio(
        candidate("Priya Shah", "Morgan Ellis", "Greenway Stores"),
        seen,
        talked,
        signoff("301", "Morgan Ellis"),
    )


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_a_complete_decision_can_be_saved_and_reads_back_the_same():
    folio = priya()
    decision = sample(folio, "205", "agree_with_actions", criteria=["205.1.1", "205 ER4b"])
    assert decision_problems(decision, folio, TODAY) == []
    again = IQA_RECORD_KINDS["iqa_decision"].from_dict(decision.to_dict())
    assert again == decision
    assert again.to_dict()["actions"] == [
        {"text": "Add the busy period", "due": "2026-12-01", "done": False}
    ]


def test_an_iqa_decision_is_its_own_record_not_a_correction_of_the_sign_off():
    folio = priya()
    decision = sample(folio, "301")
    assert decision.KIND == "iqa_decision" and decision.corrects is None
    assert decision.stage == "summative"
    assert decision_problems(decision, folio, TODAY) == []
    assert folio.signoff_for("301").iv_name == ""  # the sign-off is untouched


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"outcome": "disagree", "feedback": "  "}, "feedback: say why you disagree"),
        ({"outcome": "agree_with_actions", "actions": []}, "agree with actions needs at least"),
        ({"outcome": "maybe"}, "outcome: choose agree, agree with actions or disagree"),
        ({"stage": "final"}, "stage: choose interim or summative"),
        ({"stage": "summative"}, "unit 205 is not signed off yet: sample it as interim"),
        ({"iqa": " "}, "iqa: the IQA's name is needed"),
        ({"assessor": ""}, "the assessor whose decision was sampled is needed"),
        ({"date": date(2026, 12, 25)}, "date: Fri 25 Dec 2026 is in the future"),
        ({"date": date(2026, 5, 1)}, "before the candidate's registration"),
        ({"evidence_ids": []}, "name at least one record you looked at"),
        ({"evidence_ids": ["no-such-id"]}, "Priya Shah's logbook has no record no-such-id"),
        ({"criteria": ["206.1.1"]}, "206.1.1 is not in unit 205"),
        ({"unit": "999"}, "unit 999 is not one of Priya Shah's units"),
        ({"candidate_id": "someone-else"}, "this logbook is Priya Shah's, not the sampled one"),
        (
            {"actions": [Action("Re-observe", date(2026, 10, 1))]},
            "action 1 is due Thu 1 Oct 2026, before the date it was set (Mon 2 Nov 2026)",
        ),
        ({"actions": [Action(" ", date(2026, 12, 1))]}, "action 1 needs to say what is"),
    ],
)
def test_a_decision_that_cannot_be_saved_says_what_to_fix(changes, expected):
    folio = priya()
    decision = sample(folio, "205", **changes)
    found = messages(decision_problems(decision, folio, TODAY))
    assert any(expected in m for m in found), found


def test_evidence_of_another_unit_is_not_what_was_sampled():
    folio = priya()
    other = next(e for e in folio.evidence if e.links[0].unit == "301")
    decision = sample(folio, "205", evidence_ids=[other.id])
    assert messages(decision_problems(decision, folio, TODAY)) == [
        f"evidence_ids: record {other.id} is not evidence for unit 205"
    ]


def test_a_summative_sample_comes_after_the_sign_off():
    folio = priya()
    decision = sample(folio, "301", date=date(2026, 9, 1))
    assert messages(decision_problems(decision, folio, TODAY)) == [
        "date: a summative sample follows the sign-off on Thu 1 Oct 2026"
    ]


HOSTILE = [
    "\x1b[2J\x1b[31mcleared",
    "bell\x07",
    "nul\x00byte",
    "right-to-left \u202eoverride",
    "line\u2028separator",
    "del\x7f",
    "c1 \x9b control",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_control_characters_are_refused_in_every_text_of_a_decision(text):
    folio = priya()
    for changes, field in [
        ({"feedback": text}, "feedback"),
        ({"iqa": text}, "iqa"),
        ({"assessor": text}, "assessor"),
        ({"actions": [Action(text, date(2026, 12, 1))]}, "actions[1]"),
    ]:
        decision = sample(folio, "205", **changes)
        problems = decision_problems(decision, folio, TODAY)
        assert any(p.field == field and "control characters" in p.message for p in problems), (
            field,
            messages(problems),
        )


def test_a_tab_and_line_break_are_allowed_in_feedback_but_not_in_a_name():
    folio = priya()
    assert decision_problems(sample(folio, "205", feedback="One\n\tTwo"), folio, TODAY) == []
    problems = decision_problems(sample(folio, "205", iqa="Jo\nBarnes"), folio, TODAY)
    assert [p.field for p in problems] == ["iqa"]


def test_oversized_feedback_is_refused_with_its_size():
    folio = priya()
    problems = decision_problems(sample(folio, "205", feedback="x" * 20_001), folio, TODAY)
    assert messages(problems) == ["feedback: the feedback is 20001 characters; at most 20000"]


def test_a_disagree_reopens_the_unit_with_the_reason_until_a_later_decision_agrees():
    folio = priya()
    pid = folio.candidate.id
    disagree = sample(folio, "205", "disagree", feedback="No busy period observed")
    found = reopening([disagree], pid, "205")
    assert found is not None
    assert found.reason == "No busy period observed"
    assert str(found) == "reopened by Jo Barnes on Mon 2 Nov 2026: No busy period observed"
    assert reopening([disagree], pid, "301") is None  # only the sampled unit
    agreed = sample(folio, "205", "agree", date=date(2026, 11, 20))
    assert reopening([disagree, agreed], pid, "205") is None
    assert reopening([agreed, disagree], pid, "205") is None  # by date, not by list order


def test_an_agreement_before_the_disagree_does_not_close_it():
    folio = priya()
    earlier = sample(folio, "205", "agree", date=date(2026, 10, 1))
    disagree = sample(folio, "205", "disagree")
    assert reopening([disagree, earlier], folio.candidate.id, "205").decision_id == disagree.id


def test_a_corrected_disagree_no_longer_reopens_the_unit():
    folio = priya()
    disagree = sample(folio, "205", "disagree")
    fixed = sample(folio, "205", "agree")
    fixed.corrects = disagree.id
    assert reopening([disagree, fixed], folio.candidate.id, "205") is None
    assert reopened_units([disagree]) == [reopening([disagree], folio.candidate.id, "205")]


def test_a_unit_code_typed_another_way_is_the_same_unit():
    folio = priya()
    disagree = sample(folio, "205", "disagree")
    assert reopening([disagree], folio.candidate.id, " 205 ") is not None


def test_a_standardisation_meeting_records_who_came_what_was_looked_at_and_actions():
    folio = priya()
    meeting = StandardisationMeeting(
        date=date(2026, 11, 10),
        attendees=["Jo Barnes", "Morgan Ellis", "Sam Okafor"],
        samples=[SampleRef(folio.candidate.id, "205", [folio.evidence[0].id])],
        agreed="A busy period needs the time of day recorded",
        actions=[Action("Add time of day to observations", date(2026, 12, 1))],
    )
    assert meeting_problems(meeting, TODAY) == []
    assert StandardisationMeeting.from_dict(meeting.to_dict()) == meeting


@pytest.mark.parametrize("nobody", [" ", "\u200b", "\u3164"])
def test_a_meeting_without_attendees_or_with_a_bad_sample_is_refused(nobody):
    meeting = StandardisationMeeting(
        date=date(2026, 11, 10),
        attendees=[nobody],
        samples=[SampleRef("", "205")],
        actions=[Action("x", date(2026, 11, 1))],
    )
    assert messages(meeting_problems(meeting, TODAY)) == [
        "attendees: name who came",
        "samples[1]: sample 1 names a candidate and a unit",
        "actions[1]: action 1 is due Sun 1 Nov 2026, before the date it was set (Tue 10 Nov 2026)",
    ]


def test_a_plan_names_each_assessor_once_with_a_known_rating():
    good = plan(("Morgan Ellis", "new"), ("Sam Okafor", "experienced"))
    assert plan_problems(good, TODAY) == []
    bad = plan(("Morgan Ellis", "new"), ("morgan  ellis", "experienced"), ("Ria", "risky"))
    assert messages(plan_problems(bad, TODAY)) == [
        "assessors: morgan  ellis is in the plan twice",
        "assessors: Ria's risk rating must be new, experienced or under review",
    ]


@pytest.mark.parametrize("value", [0, 101, -5, 12.5, True])
def test_a_share_is_a_whole_percent_from_1_to_100(value):
    bad = plan(("Sam Okafor", "experienced"), shares=[RiskShare("experienced", value, 20)])
    assert messages(plan_problems(bad, TODAY)) == [
        "shares: the share of candidates for experienced is a whole percent from 1 to 100"
    ]


def test_the_shares_are_the_centres_the_defaults_only_fill_in_what_it_leaves_out():
    """The seeds set no share: none of the five documents says how much an internal verifier
    samples. OCR's guide says only that an internal verifier 'will check the assessment of your
    portfolio of evidence'. The plan carries the centre's shares; the logbook's defaults fill a
    rating the centre did not give."""
    default = plan(("Sam Okafor", "experienced"))
    assert default.shares == list(DEFAULT_SHARES)
    assert default.share_for("experienced") == RiskShare("experienced", 25, 25)
    centre = plan(("Sam Okafor", "experienced"), shares=[RiskShare("experienced", 10, 15)])
    assert centre.share_for("experienced") == RiskShare("experienced", 10, 15)
    assert centre.share_for("new") == RiskShare("new", 100, 100)
    again = SamplingPlan.from_dict(centre.to_dict())
    assert again == centre and again.assessors == [AssessorRisk("Sam Okafor", "experienced")]


def test_a_plan_finds_an_assessor_however_their_name_is_spaced_or_cased():
    p = plan(("Morgan Ellis", "under_review"))
    assert p.rating_of(" morgan   ELLIS ") == "under_review"
    assert p.rating_of("Sam Okafor") is None


def test_iqa_records_have_their_own_kinds():
    assert set(IQA_RECORD_KINDS) == {"iqa_decision", "sampling_plan", "standardisation"}
    assert IQA_RECORD_KINDS["iqa_decision"] is IqaDecision
