"""The assessment plan: what it must hold, and each planned item done, late or to come on a day.

OCR Level 3 NVQ Diploma, "The assessment plan" (the seed):
"With your assessor you will make and agree an assessment plan. This will show: the units the
plan covers; when you will be observed; where you will be observed; what you will be doing;
what evidence you will produce."
"You will review, update and amend your plan many times as you progress through your
qualification. This is called the assessment planning cycle."
"""

from __future__ import annotations

from datetime import date, timedelta

from logbook.domain.planning import (
    DONE,
    LATE,
    TO_COME,
    agreed_record_reason,
    caseload_order,
    caseload_plan,
    item_status,
    next_visit,
    plan_state,
    plan_statuses,
    plan_summary,
)
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import Link, Plan, PlannedItem, PlanReview, SignOff
from logbook.domain.validation import check_plan, check_plan_review, check_record
from tests.domain.test_coverage_and_signoff import CG, TODAY, all_of, candidate, observation

AGREED = TODAY - timedelta(days=30)
ITEM_205 = [Link("205", "205.1.1"), Link("205", "205.1.2")]


def item(links=None, due=TODAY + timedelta(days=7), method="observation", evidence="At the desk"):
    return PlannedItem(method, evidence, ITEM_205 if links is None else links, due)


def plan(*items, agreed_on=AGREED, **changes) -> Plan:
    values = dict(
        agreed_on=agreed_on,
        units=["205", "206"],
        planned_for=agreed_on + timedelta(days=7),
        venue="Service desk",
        activities="Serve customers",
        items=list(items) or [item()],
        agreed_by_candidate="Priya Shah",
        agreed_by_assessor="Morgan Ellis",
    )
    values.update(changes)
    return Plan(**values)


def portfolio(*records, today=TODAY) -> Portfolio:
    return Portfolio(CG, [candidate(), *records], today)


def fields(problems) -> list[str]:
    return [p.field for p in problems]


# what a plan must hold ---------------------------------------------------------------------------


def test_an_agreed_plan_with_items_is_valid():
    assert check_plan(plan(), candidate(), CG, TODAY) == []


def test_a_plan_is_agreed_by_the_candidate_and_the_assessor():
    # "With your assessor you will make and agree an assessment plan."
    problems = check_plan(plan(agreed_by_candidate="", agreed_by_assessor=" "), candidate(), CG)
    assert fields(problems) == ["agreed_by_candidate", "agreed_by_assessor"]
    assert "agreed by the candidate" in problems[0].message


def test_a_plan_shows_what_evidence_for_which_criteria_by_when():
    # "This will show: ... what evidence you will produce."
    empty = PlannedItem("", "", [], None)
    problems = [p.message for p in check_plan(plan(empty), candidate(), CG, TODAY)]
    assert problems == [
        "item 1: choose how it is assessed: observation, witness testimony, professional "
        "discussion, questioning, work product",
        "item 1: say what evidence will come of it",
        "item 1: pick the criteria it is for",
        "item 1: say when it is due",
    ]
    assert fields(check_plan(plan(items=[]), candidate(), CG, TODAY)) == ["items"]


def test_a_planned_item_is_for_the_units_the_plan_covers_and_due_after_it_is_agreed():
    # "the units the plan covers"
    outside = item([Link("211", "211.1.1")], due=AGREED - timedelta(days=1))
    problems = [p.message for p in check_plan(plan(outside), candidate(), CG, TODAY)]
    assert problems == [
        "item 1: it is due on Sat 24 Oct 2026, before the plan was agreed on Sun 25 Oct 2026",
        "item 1: unit 211 is not one of the units the plan covers",
    ]
    unknown = item([Link("205", "205.9.9"), Link("999", "1")])
    problems = [p.message for p in check_plan(plan(unknown), candidate(), CG, TODAY)]
    assert "item 1: 205.9.9 is not in unit 205" in problems[0]
    assert "item 1: City & Guilds Level 3 N/SVQ in Customer Service has no unit 999" in problems


def test_a_plan_cannot_be_agreed_in_the_future_or_before_registration():
    later = plan(agreed_on=TODAY + timedelta(days=1))
    assert fields(check_plan(later, candidate(), CG, TODAY)) == ["agreed_on"]
    early = plan(agreed_on=date(2026, 5, 1))
    assert (
        "before the candidate's registration"
        in check_plan(early, candidate(), CG, TODAY)[0].message
    )


def test_an_older_plan_without_items_or_agreement_stays_valid():
    older = Plan(agreed_on=date(2026, 6, 3), units=["301", "302"], planned_for=date(2026, 6, 20))
    assert (older.items, older.initial_assessment, older.agreed_by_candidate) == ([], "", None)
    assert check_plan(older, candidate(), CG, TODAY) == []
    loaded = Plan.from_dict({k: v for k, v in older.to_dict().items() if k in (
        "id", "agreed_on", "units", "planned_for")})  # fmt: skip
    assert loaded.items == [] and loaded.agreed_by_assessor is None


def test_a_plan_saved_and_read_back_keeps_its_items():
    saved = plan(item(), item([Link("206", "206.1.1")], method="work_product"))
    assert Plan.from_dict(saved.to_dict()) == saved


# reviews -----------------------------------------------------------------------------------------


def review(plan_id, when=TODAY, **changes) -> PlanReview:
    values = dict(
        plan_id=plan_id,
        date=when,
        notes="Observation put off",
        next_visit=when + timedelta(days=14),
        reviewed_by="Morgan Ellis",
    )
    values.update(changes)
    return PlanReview(**values)


def test_a_review_is_dated_with_notes_of_a_plan_in_the_logbook():
    agreed = plan()
    plans = {agreed.id: agreed}
    assert check_plan_review(review(agreed.id), plans, candidate(), TODAY) == []
    missing = check_plan_review(review("no-such-plan"), plans, candidate(), TODAY)
    assert fields(missing) == ["plan_id"]
    empty = check_plan_review(
        review(agreed.id, notes=" ", reviewed_by=""), plans, candidate(), TODAY
    )
    assert fields(empty) == ["notes", "reviewed_by"]
    early = review(agreed.id, when=AGREED - timedelta(days=1))
    assert (
        "before the plan was agreed"
        in check_plan_review(early, plans, candidate(), TODAY)[0].message
    )
    back = review(agreed.id, next_visit=TODAY - timedelta(days=1))
    assert fields(check_plan_review(back, plans, candidate(), TODAY)) == ["next_visit"]
    future = review(agreed.id, when=TODAY + timedelta(days=1))
    assert "in the future" in check_plan_review(future, plans, candidate(), TODAY)[0].message


def test_a_review_without_the_logbooks_plans_is_refused():
    agreed = plan()
    problems = check_record(review(agreed.id), candidate(), CG, {}, TODAY)
    assert fields(problems) == ["plan_id"]
    assert (
        check_record(review(agreed.id), candidate(), CG, {}, TODAY, plans={agreed.id: agreed}) == []
    )


def test_what_was_agreed_is_never_rewritten_in_place():
    assert "review it" in agreed_record_reason(plan())
    assert "correct it" in agreed_record_reason(review("x"))
    older = Plan(agreed_on=date(2026, 6, 3), units=["301"])
    assert agreed_record_reason(older) is None
    assert agreed_record_reason(observation(ITEM_205)) is None


# done, late, to come ------------------------------------------------------------------------------


def test_an_item_is_done_once_evidence_after_the_plan_shows_every_criterion():
    agreed = plan(item(due=TODAY - timedelta(days=1)))
    half = observation(ITEM_205[:1], when=AGREED + timedelta(days=2))
    status = item_status(portfolio(agreed, half), agreed, agreed.items[0], TODAY)
    assert (status.state, status.missing) == (LATE, ("205.1.2",))
    rest = observation(ITEM_205[1:], when=AGREED + timedelta(days=3))
    status = item_status(portfolio(agreed, half, rest), agreed, agreed.items[0], TODAY)
    assert (status.state, status.missing) == (DONE, ())
    assert set(status.evidence) == {half.id, rest.id}


def test_evidence_recorded_before_the_plan_was_agreed_does_not_do_an_item():
    agreed = plan()
    before = observation(ITEM_205, when=AGREED - timedelta(days=1))
    on_the_day = observation(ITEM_205, when=AGREED)
    assert item_status(portfolio(agreed, before), agreed, agreed.items[0], TODAY).state == TO_COME
    assert item_status(portfolio(agreed, on_the_day), agreed, agreed.items[0], TODAY).state == DONE


def test_evidence_that_does_not_count_does_not_do_an_item():
    # "If you are not yet competent, you and your assessor will return to the assessment
    # planning cycle and decide how you can collect further evidence."
    agreed = plan()
    nyc = observation(ITEM_205, decision="not_yet_competent", when=AGREED + timedelta(days=1))
    assert item_status(portfolio(agreed, nyc), agreed, agreed.items[0], TODAY).state == TO_COME


def test_an_item_is_late_the_day_after_it_is_due_and_to_come_until_then():
    due = TODAY
    agreed = plan(item(due=due))
    states = [
        item_status(portfolio(agreed, today=day), agreed, agreed.items[0], day).state
        for day in (due - timedelta(days=1), due, due + timedelta(days=1))
    ]
    assert states == [TO_COME, TO_COME, LATE]


def test_an_item_for_a_unit_signed_off_is_done():
    agreed = plan(item([Link("205", "205.1.1")], due=TODAY - timedelta(days=3)))
    before = observation(all_of("205"), when=AGREED - timedelta(days=5))
    signed = SignOff(
        unit="205", date=AGREED - timedelta(days=2), assessor="M", candidate_declaration=True
    )
    status = item_status(portfolio(agreed, before, signed), agreed, agreed.items[0], TODAY)
    assert status.state == DONE and status.signed_off


def test_the_overview_lists_late_first_then_to_come_then_done():
    done = item(ITEM_205, due=TODAY - timedelta(days=20), evidence="done")
    late = item([Link("206", "206.1.1")], due=TODAY - timedelta(days=2), evidence="late")
    soon = item([Link("206", "206.1.2")], due=TODAY + timedelta(days=2), evidence="soon")
    later = item([Link("206", "206.1.3")], due=TODAY + timedelta(days=9), evidence="later")
    agreed = plan(later, done, soon, late)
    seen = observation(ITEM_205, when=AGREED + timedelta(days=1))
    state = plan_state(portfolio(agreed, seen), TODAY)
    assert [s.item.evidence for s in state.statuses] == ["late", "soon", "later", "done"]
    assert [s.state for s in state.statuses] == [LATE, TO_COME, TO_COME, DONE]
    assert state.late == 1 and state.latest is agreed


# the next visit and the caseload ----------------------------------------------------------------


def test_the_next_visit_is_set_by_the_latest_review_or_a_later_plan():
    first = plan(planned_for=AGREED + timedelta(days=7))
    assert next_visit(portfolio(first)) == AGREED + timedelta(days=7)
    reviewed = review(
        first.id, when=TODAY - timedelta(days=3), next_visit=TODAY + timedelta(days=4)
    )
    assert next_visit(portfolio(first, reviewed)) == TODAY + timedelta(days=4)
    again = plan(agreed_on=TODAY - timedelta(days=1), planned_for=TODAY + timedelta(days=10))
    assert next_visit(portfolio(first, reviewed, again)) == TODAY + timedelta(days=10)
    assert next_visit(portfolio()) is None
    state = plan_state(portfolio(first), TODAY)
    assert state.next_visit < TODAY and state.visit_past


def summary_of(name: str, *records, today=TODAY) -> dict:
    found = portfolio(*records, today=today)
    found.candidate.name = name
    return {"name": name, "id": name, "plan": plan_summary(found)}


def test_the_caseload_puts_overdue_items_first_then_the_nearest_next_visit():
    late = plan(item(due=TODAY - timedelta(days=1)), planned_for=TODAY + timedelta(days=20))
    soon = plan(item(due=TODAY + timedelta(days=5)), planned_for=TODAY + timedelta(days=2))
    later = plan(item(due=TODAY + timedelta(days=5)), planned_for=TODAY + timedelta(days=9))
    summaries = [
        summary_of("Ann", later),
        summary_of("Bob"),
        summary_of("Cy", soon),
        summary_of("Di", late),
    ]
    ordered = sorted(summaries, key=lambda s: caseload_order(s, TODAY))
    assert [s["name"] for s in ordered] == ["Di", "Cy", "Ann", "Bob"]
    di = caseload_plan(summaries[3], TODAY)
    assert (di.overdue, di.first_overdue, di.next_visit) == (
        1,
        "observation: At the desk",
        TODAY + timedelta(days=20),
    )
    # the same summary, a day before the item was due: nothing overdue yet
    assert caseload_plan(summaries[3], TODAY - timedelta(days=2)).overdue == 0


def test_a_summary_without_a_plan_reads_as_no_visit_and_nothing_overdue():
    assert caseload_plan({"name": "Old", "id": "1"}, TODAY) == caseload_plan(
        summary_of("New"), TODAY
    )
    assert plan_statuses(portfolio(), TODAY) == []
