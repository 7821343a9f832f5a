"""The assessment plan on a given day: which planned items are done, late or still to come, when
the candidate's next visit is, and what the caseload puts first.

The OCR Level 3 NVQ Diploma's "The assessment plan": "With your assessor you will make and agree
an assessment plan. This will show: the units the plan covers; when you will be observed; where
you will be observed; what you will be doing; what evidence you will produce." A planned item is
*done* once evidence that counts for every one of its criteria was recorded on or after the day
the plan was agreed (or every unit it is for is signed off: there is nothing left to collect);
otherwise it is *late* once its due date has passed, and *to come* until then. Evidence that
does not count ("not yet competent", a witness who cannot be used) does not do an item: "If you
are not yet competent, you and your assessor will return to the assessment planning cycle".

The caseload shows each candidate's next visit and overdue items from their summary (plain data,
cached without the day): `plan_summary` holds what does not depend on the day, and
`caseload_plan` / `caseload_order` judge it against today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

# the caseload's columns, from a summary alone: in a module of their own, which the app's first
# screen imports without the records
from logbook.domain.caseload_plan import CaseloadPlan, caseload_order, caseload_plan  # noqa: F401
from logbook.domain.records import (
    EVIDENCE_NAMES,
    Evidence,
    Plan,
    PlannedItem,
    PlanReview,
    evidence_links,
)
from logbook.domain.standards import normalise_code

if TYPE_CHECKING:
    from logbook.domain.portfolio import Portfolio

DONE, LATE, TO_COME = "done", "late", "to come"
STATES = (LATE, TO_COME, DONE)  # the order the overview lists them in


@dataclass(frozen=True)
class ItemStatus:
    plan: Plan
    item: PlannedItem
    state: str  # DONE, LATE or TO_COME
    evidence: tuple[str, ...] = ()  # ids of the evidence recorded for it since the plan
    missing: tuple[str, ...] = ()  # its criteria not yet shown by evidence since the plan
    signed_off: bool = False  # done because every unit it is for is signed off

    @property
    def units(self) -> list[str]:
        return list(dict.fromkeys(link.unit for link in self.item.links))

    @property
    def what(self) -> str:
        """The item in words: 'observation: the Saturday returns queue'."""
        method = EVIDENCE_NAMES.get(self.item.method, self.item.method)
        return f"{method}: {self.item.evidence}" if self.item.evidence else method


def item_status(portfolio: Portfolio, plan: Plan, item: PlannedItem, today: date) -> ItemStatus:
    """The state of one planned item on `today`."""
    dated = portfolio.evidence_dates
    since: list[str] = []
    missing: list[str] = []
    for link in item.links:
        try:
            coverage = portfolio.coverage(link.unit)
        except KeyError:  # a unit the standards no longer have: nothing can show it
            missing.append(link.code)
            continue
        found = [
            evidence_id
            for evidence_id in coverage.evidence_for(link.code)
            if dated.get(evidence_id, date.min) >= plan.agreed_on
        ]
        if found:
            since.extend(e for e in found if e not in since)
        else:
            missing.append(link.code)
    units = {normalise_code(link.unit) for link in item.links}
    signed = bool(units) and all(portfolio.is_signed_off(unit) for unit in units)
    if item.links and (not missing or signed):
        state = DONE
    elif item.due is not None and item.due < today:
        state = LATE
    else:
        state = TO_COME
    return ItemStatus(plan, item, state, tuple(since), tuple(missing), signed and bool(missing))


def plan_statuses(portfolio: Portfolio, today: date) -> list[ItemStatus]:
    """Every planned item of the plans in force, late first, then to come, then done; within
    each, by due date."""
    found = [
        item_status(portfolio, plan, item, today) for plan in portfolio.plans for item in plan.items
    ]
    return sorted(found, key=_listed)


def _listed(status: ItemStatus) -> tuple[int, date]:
    """Where `plan_statuses` lists an item: late first, then to come, then done; by due date."""
    return STATES.index(status.state), status.item.due or date.max


def open_items(portfolio: Portfolio) -> list[ItemStatus]:
    """The planned items not done, as `plan_statuses` lists them on `date.min` (nothing is late
    yet): what the caseload's summary holds of them (`plan_summary`)."""
    return [s for s in plan_statuses(portfolio, date.min) if s.state != DONE]


def open_items_after(before: list[ItemStatus], after: Portfolio, record) -> list[ItemStatus]:
    """`open_items(after)` from `before`, those of the portfolio `after` is once `record` (a
    new record, not a witness: a witness may make evidence saved before it count anywhere) is
    added: a plan's items are looked at; evidence may do the items for the units it is linked
    to, looked at again; any other record changes none."""
    if isinstance(record, Plan):
        new = [item_status(after, record, item, date.min) for item in record.items]
        # a stable sort: an item of the new plan comes after those due the same day before it
        return sorted([*before, *(s for s in new if s.state != DONE)], key=_listed)
    if not isinstance(record, Evidence):
        return list(before)
    units = {normalise_code(link.unit) for link in evidence_links(record)}
    found = []
    for status in before:
        if any(normalise_code(link.unit) in units for link in status.item.links):
            status = item_status(after, status.plan, status.item, date.min)
            if status.state == DONE:
                continue
        found.append(status)
    return found


def overdue(portfolio: Portfolio, today: date) -> list[ItemStatus]:
    return [s for s in plan_statuses(portfolio, today) if s.state == LATE]


def reviews_of(portfolio: Portfolio, plan: Plan) -> list[PlanReview]:
    """The reviews of a plan, oldest first."""
    found = [r for r in portfolio.current if isinstance(r, PlanReview) and r.plan_id == plan.id]
    return sorted(found, key=lambda r: r.date)


def next_visit(portfolio: Portfolio) -> date | None:
    """The date of the candidate's next visit, as last set: by the latest review that gives
    one, or by a plan agreed later than it (the plan's "when you will be observed")."""
    setting = portfolio.visit_setting
    return setting[2] if setting else None


def _setting(record, position: int) -> tuple[date, int, date] | None:
    if isinstance(record, Plan) and record.planned_for is not None:
        return record.agreed_on, position, record.planned_for
    if isinstance(record, PlanReview) and record.next_visit is not None:
        return record.date, position, record.next_visit
    return None


def visit_setting_after(
    before: tuple[date, int, date] | None, record, position: int
) -> tuple[date, int, date] | None:
    """`visit_setting` once `record` (a new record) is added at `position` after `before`'s."""
    setting = _setting(record, position)
    if setting is None:
        return before
    return setting if before is None else max(before, setting)


def visit_setting(portfolio: Portfolio) -> tuple[date, int, date] | None:
    """The latest setting of the next visit: (the day it was set, its position in saved order,
    the next visit); the last saved of a day wins."""
    positions = portfolio.positions  # saved order: the plans and reviews alone are looked at
    settings = [
        (plan.agreed_on, positions[plan.id], plan.planned_for)
        for plan in portfolio.plans
        if plan.planned_for is not None
    ]
    settings += [
        (review.date, positions[review.id], review.next_visit)
        for review in portfolio.reviews
        if review.next_visit is not None
    ]
    return max(settings) if settings else None  # the latest set, the last saved that day


def latest_plan(portfolio: Portfolio) -> Plan | None:
    """The plan agreed last (the one a review reviews unless another is chosen)."""
    plans = list(enumerate(portfolio.plans))
    if not plans:
        return None
    return max(plans, key=lambda pair: (pair[1].agreed_on, pair[0]))[1]


@dataclass(frozen=True)
class PlanState:
    """A candidate's plans on a day, as the overview shows them."""

    statuses: list[ItemStatus]
    next_visit: date | None
    visit_past: bool  # the next visit set is before the day: a review is due
    late: int
    latest: Plan | None
    last_review: PlanReview | None


def plan_state(portfolio: Portfolio, today: date) -> PlanState:
    statuses = plan_statuses(portfolio, today)
    visit = next_visit(portfolio)
    latest = latest_plan(portfolio)
    reviews = reviews_of(portfolio, latest) if latest else []
    return PlanState(
        statuses,
        visit,
        visit is not None and visit < today,
        sum(1 for s in statuses if s.state == LATE),
        latest,
        reviews[-1] if reviews else None,
    )


# the caseload: from a summary cached without the day ---------------------------------------------


def plan_summary(portfolio: Portfolio) -> dict:
    """What the caseload needs of the plans, as plain data that does not depend on the day:
    the next visit, and the due date of every planned item not done."""
    visit = next_visit(portfolio)
    return {
        "next_visit": visit.isoformat() if visit else None,
        "open_items": [
            {
                "due": status.item.due.isoformat() if status.item.due else None,
                "what": status.what,
                "units": status.units,
            }
            for status in portfolio.open_plan_items  # as on date.min: nothing is late yet
        ],
        "plans": len(portfolio.plans),
    }


def agreed_record_reason(record) -> str | None:
    """Why a plan or a review cannot be changed in place: what the candidate and assessor
    agreed stands as it was agreed; a review adds to a plan, and a mistake is corrected (a new
    record saying who, when and why), so the old one stays readable. None for other records and
    for an older plan that holds no record of who agreed it."""
    if isinstance(record, PlanReview):
        return "a plan's review is not changed once saved: correct it, saying why"
    if isinstance(record, Plan) and (
        record.agreed_by_candidate is not None or record.agreed_by_assessor is not None
    ):
        return (
            "an agreed plan is not changed: review it (a dated note and the next visit), or "
            "correct it, saying why"
        )
    return None
