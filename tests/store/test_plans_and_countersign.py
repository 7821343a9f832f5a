"""Plans, their reviews and the internal verifier's countersignature, through the real store.

The domain (DOMAIN.md, "Sign-off"): "The IV may sample and countersign. After sign-off the unit's
records are part of a verified portfolio: they must not change silently; a correction is a new,
attributed, dated entry." Issue 10: "A second countersign silently replaces the first (the panel
still says "may countersign"): refuse, or ask and record it as a correction with a reason." The
logbook refuses it, with the reason, however it is asked for.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta

import pytest

from logbook.demo import write_demo
from logbook.domain.records import Link, Plan, PlannedItem, PlanReview
from logbook.domain.validation import RecordRefused
from logbook.store.caseload import Caseload
from logbook.store.exchange import ImportRefused, export_logbooks, import_export, write_export

TODAY = date(2026, 11, 24)


@pytest.fixture
def caseload(tmp_path) -> Caseload:
    return write_demo(tmp_path / "caseload", TODAY)


def book_of(caseload: Caseload, name: str):
    summary = next(s for s in caseload.view(TODAY).summaries if s["name"] == name)
    return caseload.logbook(summary["id"])


def refusal(call) -> str:
    with pytest.raises(RecordRefused) as refused:
        call()
    return str(refused.value)


def test_a_second_countersign_is_refused_and_the_first_stands(caseload):
    book = book_of(caseload, "Priya Shah")
    first = book.read(TODAY).signoff_for("301")
    assert first.iv_name == "Ruth Okoye (IV)"  # the demo's countersigned unit
    before = book.path.read_bytes()
    reason = refusal(lambda: book.countersign("301", "Sam Other", TODAY, "Sam Other", TODAY))
    assert "unit 301 is already countersigned by Ruth Okoye (IV) on" in reason
    assert "a second countersignature is refused" in reason
    assert book.path.read_bytes() == before
    assert book.read(TODAY).signoff_for("301") == first


def test_a_unit_countersigned_once_through_the_store_cannot_be_countersigned_again(caseload):
    book = book_of(caseload, "Priya Shah")
    book.countersign("302", "Ruth Okoye", TODAY, "Ruth Okoye", TODAY)
    reason = refusal(lambda: book.countersign("302", "Ruth Okoye", TODAY, "Ruth Okoye", TODAY))
    assert "unit 302 is already countersigned by Ruth Okoye on Tue 24 Nov 2026" in reason


def test_a_correction_cannot_replace_or_remove_a_countersignature(caseload):
    book = book_of(caseload, "Priya Shah")
    signed = book.read(TODAY).signoff_for("301")
    before = book.path.read_bytes()
    other = dataclasses.replace(signed, iv_name="Someone Else")
    reason = refusal(lambda: book.correct(signed.id, other, "M", "wrong IV", TODAY))
    assert "already countersigned by Ruth Okoye (IV)" in reason
    removed = dataclasses.replace(signed, iv_name="", iv_date=None)
    reason = refusal(lambda: book.correct(signed.id, removed, "M", "no IV", TODAY))
    assert "a correction keeps the countersignature" in reason
    assert book.path.read_bytes() == before
    # a correction that keeps the countersignature is still made
    kept = dataclasses.replace(signed, assessor="Morgan Ellis (assessor)")
    corrected = book.correct(signed.id, kept, "M", "assessor's name in full", TODAY)
    assert corrected.iv_name == signed.iv_name and corrected.iv_date == signed.iv_date


def test_a_countersign_dated_before_the_sign_off_or_in_the_future_is_refused(caseload):
    book = book_of(caseload, "Priya Shah")
    signed = book.read(TODAY).signoff_for("302")
    early = signed.date - timedelta(days=1)
    assert "cannot countersign before the sign-off" in refusal(
        lambda: book.countersign("302", "Ruth Okoye", early, "R", TODAY)
    )
    assert "in the future" in refusal(
        lambda: book.countersign("302", "Ruth Okoye", TODAY + timedelta(days=1), "R", TODAY)
    )


def new_plan(**changes) -> Plan:
    values = dict(
        agreed_on=TODAY,
        units=["206"],
        planned_for=TODAY + timedelta(days=3),
        items=[
            PlannedItem("observation", "Added value at the desk", [Link("206", "206.3.1")], TODAY)
        ],
        agreed_by_candidate="Priya Shah",
        agreed_by_assessor="Morgan Ellis",
    )
    values.update(changes)
    return Plan(**values)


def test_a_plan_and_its_review_are_saved_and_a_review_of_no_plan_is_refused(caseload):
    book = book_of(caseload, "Priya Shah")
    plan = book.add(new_plan(), "Morgan Ellis", TODAY)
    review = PlanReview(plan_id=plan.id, date=TODAY, notes="On track", reviewed_by="M")
    book.add(review, "Morgan Ellis", TODAY)
    portfolio = book.read(TODAY)
    assert plan in portfolio.plans and review in portfolio.current
    before = book.path.read_bytes()
    stray = PlanReview(plan_id="not-a-plan", date=TODAY, notes="?", reviewed_by="M")
    assert "plan_id: choose the plan reviewed" in refusal(lambda: book.add(stray, "M", TODAY))
    unagreed = new_plan(agreed_by_candidate="")
    assert "agreed_by_candidate" in refusal(lambda: book.add(unagreed, "M", TODAY))
    assert book.path.read_bytes() == before


def test_what_was_agreed_is_not_changed_in_place_only_corrected(caseload):
    book = book_of(caseload, "Priya Shah")
    plan = book.add(new_plan(), "Morgan Ellis", TODAY)
    review = book.add(
        PlanReview(plan_id=plan.id, date=TODAY, notes="On track", reviewed_by="M"), "M", TODAY
    )
    before = book.path.read_bytes()
    changed = dataclasses.replace(plan, venue="Elsewhere")
    assert "an agreed plan is not changed: review it" in refusal(
        lambda: book.update(changed, "M", TODAY)
    )
    rewritten = dataclasses.replace(review, notes="Rewritten")
    assert "review is not changed once saved" in refusal(lambda: book.update(rewritten, "M", TODAY))
    assert book.path.read_bytes() == before
    corrected = book.correct(plan.id, changed, "M", "the venue moved", TODAY)
    portfolio = book.read(TODAY)
    assert corrected in portfolio.plans and plan not in portfolio.plans
    assert portfolio.find(plan.id) == plan  # the plan as agreed stays readable


def test_an_older_plan_can_still_be_changed_as_before(caseload):
    book = book_of(caseload, "Priya Shah")
    older = next(p for p in book.read(TODAY).plans if not p.items)
    assert older.agreed_by_candidate is None
    book.update(dataclasses.replace(older, venue="Greenway Stores, front desk"), "M", TODAY)
    assert any(p.venue == "Greenway Stores, front desk" for p in book.read(TODAY).plans)


def test_plans_and_reviews_go_out_in_the_export_and_come_back(caseload, tmp_path):
    book = book_of(caseload, "Priya Shah")
    exported = tmp_path / "priya.json"
    write_export(exported, export_logbooks([book]))
    elsewhere = Caseload(tmp_path / "elsewhere")
    import_export(elsewhere, exported, "Morgan Ellis")
    again = elsewhere.logbook(book.candidate_id).read(TODAY)
    original = book.read(TODAY)
    assert again.plans == original.plans
    reviews = [r for r in again.current if isinstance(r, PlanReview)]
    assert reviews and reviews[0].plan_id in {p.id for p in again.plans}


def test_an_export_with_a_review_of_a_missing_plan_is_refused(caseload, tmp_path):
    book = book_of(caseload, "Priya Shah")
    data = export_logbooks([book])
    records = data["logbooks"][0]["records"]
    records[:] = [r for r in records if r["kind"] != "plan"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data))
    elsewhere = Caseload(tmp_path / "elsewhere")
    with pytest.raises(ImportRefused) as refused:
        import_export(elsewhere, path, "Morgan Ellis")
    assert any("plan_id: there is no plan" in p for p in refused.value.problems)
    assert elsewhere.files() == []


def test_hostile_text_in_a_plan_or_a_review_is_refused_and_nothing_written(caseload):
    book = book_of(caseload, "Priya Shah")
    plan = book.add(new_plan(), "Morgan Ellis", TODAY)
    before = book.path.read_bytes()
    item = new_plan().items[0]
    review = PlanReview(plan_id=plan.id, date=TODAY, notes="On track", reviewed_by="M")
    hostile = {
        "items": new_plan(items=[dataclasses.replace(item, evidence="log \x1b]0;PWNED\x07")]),
        "agreed_by_candidate": new_plan(agreed_by_candidate="Priya\nShah"),
        "initial_assessment": new_plan(initial_assessment="x" * 20_001),
        "venue": new_plan(venue="desk \u202e"),
        "notes": dataclasses.replace(review, notes="fine\x9b2J"),
        "reviewed_by": dataclasses.replace(review, reviewed_by="M" * 501),
        "plan_id": dataclasses.replace(review, plan_id="../../etc/passwd"),
    }
    for field, record in hostile.items():
        with pytest.raises(RecordRefused) as refused:
            book.add(record, "Morgan Ellis", TODAY)
        assert field in {p.field for p in refused.value.problems}, (field, refused.value)
    assert book.path.read_bytes() == before
