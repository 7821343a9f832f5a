"""A unit an IQA's "disagree" sends back to the assessor is open again: not signed off for
progress, its evidence changed in place, signed off again by the assessor (the old sign-off
kept in the history), until the IQA samples it again. Real records on the real City & Guilds
standards.

Issue 12: "A "disagree" reopens the unit for the assessor with the reason shown on the
overview." DOMAIN.md: the outcome is "agree; agree with actions; disagree, so the decision goes
back to the assessor"; and "After sign-off the unit's records are part of a verified portfolio:
they must not change silently; a correction is a new, attributed, dated entry."
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from logbook.domain.changes import (
    CORRECT,
    SIGN_OFF,
    UPDATE,
    Change,
    change_problems,
    logbook_problems,
    sealed_reason,
)
from logbook.domain.iqa import reopening
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import IqaDecision, Link, Observation
from tests.domain.centre_helpers import CG, TODAY, candidate, portfolio, sample, signoff

DISAGREED = date(2026, 11, 2)


def seen_205() -> Observation:
    return Observation(
        date=date(2026, 9, 1), venue="Shop floor", activity="Served a queue of customers",
        justification="Met", feedback="Good", decision="competent",
        links=[Link("205", item.code) for item in CG.unit("205").items],
    )  # fmt: skip


def signed_then_disagreed():
    """Priya's unit 205 signed off on 1 Oct, then the IQA's summative "disagree" on 2 Nov."""
    seen, first = seen_205(), signoff("205", "Morgan Ellis")
    folio = portfolio(candidate("Priya Shah", "Morgan Ellis"), seen, first)
    disagree = sample(folio, "205", "disagree", feedback="No busy period observed")
    return folio.with_saved(disagree), seen, first, disagree


def problems(folio: Portfolio, change: Change) -> list[str]:
    return [str(p) for p in change_problems(folio, change, CG, TODAY)]


def test_a_disagree_takes_the_unit_out_of_the_signed_off_units_and_progress():
    folio, _, first, _ = signed_then_disagreed()
    before = portfolio(folio.candidate, *folio.records[1:3])
    assert before.signed_units == ["205"] and "205" in [u.code for u in before.progress().units]
    assert folio.signed_units == [] and folio.signoff_for("205") is None
    assert [u.code for u in folio.progress().units] == []
    assert folio.signoff_history == [first]  # kept, not corrected
    assert str(folio.reopened["205"]).endswith("No busy period observed")
    assert folio.summary()["signed_off"] == [] and folio.summary()["awaiting_countersign"] == []


def test_the_reopened_units_evidence_is_edited_in_place_again():
    folio, seen, _, _ = signed_then_disagreed()
    sealed = portfolio(folio.candidate, *folio.records[1:3])
    assert sealed_reason(sealed, seen).startswith("unit 205 is signed off")
    assert sealed_reason(folio, seen) is None
    fewer = dataclasses.replace(seen, activity="Served at the busiest hour", links=seen.links[:1])
    assert problems(sealed, Change(UPDATE, fewer, seen))  # before the disagree: refused
    assert problems(folio, Change(UPDATE, fewer, seen)) == []  # reopened: the assessor's again


def test_the_assessor_signs_it_off_again_on_or_after_the_disagree():
    folio, _, first, disagree = signed_then_disagreed()
    again = signoff("205", "Morgan Ellis", date(2026, 11, 20))
    assert problems(folio, Change(SIGN_OFF, again)) == []
    early = signoff("205", "Morgan Ellis", date(2026, 11, 1))
    assert problems(folio, Change(SIGN_OFF, early)) == [
        "date: unit 205 was reopened by Jo Barnes on Mon 2 Nov 2026: No busy period observed; "
        "sign it off again on or after Mon 2 Nov 2026"
    ]
    after = folio.with_saved(again)
    assert after.signoff_for("205") == again and after.signed_units == ["205"]
    assert after.signoff_history == [first, again]  # the old one stays in the history
    assert after.reopened == {}
    assert sealed_reason(after, after.evidence[0]).startswith("unit 205 is signed off")
    # a third sign-off is refused as ever
    third = signoff("205", "Morgan Ellis", date(2026, 11, 21))
    assert problems(after, Change(SIGN_OFF, third)) == ["unit: unit 205 is already signed off"]
    # the IQA's referral stays open until the IQA agrees with the new sign-off
    decisions = [r for r in after.records if isinstance(r, IqaDecision)]
    assert reopening(decisions, after.candidate.id, "205").decision_id == disagree.id
    agree = sample(after, "205", "agree", date=date(2026, 11, 23))
    assert agree.evidence_ids[-1] == again.id and agree.stage == "summative"
    assert problems(after, Change("add", agree)) == []
    closed = after.with_saved(agree)
    assert reopening([disagree, agree], after.candidate.id, "205") is None
    assert closed.signoff_for("205") == again and closed.reopened == {}


def test_a_later_disagree_on_the_new_sign_off_reopens_the_unit_once_more():
    folio, _, _, _ = signed_then_disagreed()
    after = folio.with_saved(signoff("205", "Morgan Ellis", date(2026, 11, 20)))
    again = sample(after, "205", "disagree", date=date(2026, 11, 23), feedback="Still no busy")
    reopened = after.with_saved(again)
    assert reopened.signoff_for("205") is None
    assert reopened.reopened["205"].reason == "Still no busy"


def test_the_old_sign_off_of_a_reopened_unit_is_not_corrected_into_force():
    folio, _, first, _ = signed_then_disagreed()
    fixed = dataclasses.replace(
        first, id="e2a4b3c1-0000-4000-8000-000000000001", corrects=first.id,
        corrected_by="Morgan Ellis", corrected_at=datetime(2026, 11, 24, 9, tzinfo=UTC),
        correction_reason="typo",
    )  # fmt: skip
    assert problems(folio, Change(CORRECT, fixed, first)) == [
        "corrects: unit 205 was reopened by Jo Barnes on Mon 2 Nov 2026: No busy period "
        "observed: sign it off again instead of correcting this"
    ]
    after = folio.with_saved(signoff("205", "Morgan Ellis", date(2026, 11, 20)))
    assert problems(after, Change(CORRECT, fixed, first)) == [
        "corrects: unit 205 was signed off again after an IQA's disagree: this sign-off stays "
        "in the history as it is; correct the new one"
    ]


def test_a_reopened_unit_stays_chosen():
    folio, _, _, _ = signed_then_disagreed()
    dropped = dataclasses.replace(folio.candidate, units=["301", "302"])
    assert problems(folio, Change(UPDATE, dropped, folio.candidate)) == [
        "units: unit 205 is signed off and stays chosen"
    ]


def test_an_interim_disagree_is_closed_by_the_sign_off_that_follows():
    seen = seen_205()
    folio = portfolio(candidate("Priya Shah", "Morgan Ellis"), seen)
    disagree = sample(folio, "205", "disagree")
    assert disagree.stage == "interim"
    folio = folio.with_saved(disagree)
    assert list(folio.reopened) == ["205"]
    signed = folio.with_saved(signoff("205", "Morgan Ellis", date(2026, 11, 20)))
    assert signed.reopened == {} and signed.signed_units == ["205"]


def test_a_whole_logbook_with_a_second_sign_off_replays_only_after_a_disagree():
    folio, _, _, _ = signed_then_disagreed()
    again = signoff("205", "Morgan Ellis", date(2026, 11, 20))
    records = [*folio.records, again]
    assert logbook_problems(records, {}, CG) == []
    without = [r for r in records if not isinstance(r, IqaDecision)]
    assert [str(p) for _, p in logbook_problems(without, {}, CG)] == [
        "unit: unit 205 is already signed off"
    ]
