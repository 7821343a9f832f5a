"""The caseload's view of each candidate's assessment plan on a given day, from their summary
alone (plain data, cached without the day: `logbook.domain.planning.plan_summary`): the next
visit, the planned items overdue, and the order that puts today's work first.

Kept apart from `logbook.domain.planning` (which re-exports it) so that the caseload list, the
app's first screen, needs none of the records' code to draw its rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CaseloadPlan:
    next_visit: date | None
    overdue: int  # planned items past their due date and not done
    first_overdue: str = ""  # the first of them, in words
    visit_past: bool = False  # the next visit set is before today: a review is due


def caseload_plan(summary: dict, today: date) -> CaseloadPlan:
    """A candidate's next visit and overdue plan items on `today`, from their summary."""
    plan = summary.get("plan") or {}
    visit = plan.get("next_visit")
    late = [
        item
        for item in plan.get("open_items", [])
        if item.get("due") and date.fromisoformat(item["due"]) < today
    ]
    late.sort(key=lambda item: item["due"])
    visit_on = date.fromisoformat(visit) if visit else None
    return CaseloadPlan(
        visit_on,
        len(late),
        late[0]["what"] if late else "",
        visit_on is not None and visit_on < today,
    )


def caseload_order(summary: dict, today: date, plan: CaseloadPlan | None = None) -> tuple:
    """Sort key putting today's work on top: candidates with overdue plan items first, then the
    nearest next visit (a visit already past is the nearest), then those with no visit set;
    by name within each. `plan`: the candidate's `caseload_plan` on `today`, if worked out
    already (the caseload list shows it too)."""
    if plan is None:
        plan = caseload_plan(summary, today)
    return (
        0 if plan.overdue else 1,
        plan.next_visit or date.max,
        summary["name"].casefold(),
        summary["id"],
    )
