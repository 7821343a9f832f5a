"""Review an assessment plan: what is done, late and still to come, a dated review note, and the
date of the next visit. A review is a record of its own: the plan as agreed is never changed.

OCR Level 3 NVQ Diploma: "You will also meet regularly to review your progress and evidence, and
update your assessment plan." and "You will review, update and amend your plan many times as
you progress through your qualification. This is called the assessment planning cycle."
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Input, Select, TextArea

from logbook.domain.dates import say_date
from logbook.domain.planning import latest_plan, plan_statuses, reviews_of
from logbook.domain.records import Plan, PlanReview
from logbook.domain.validation import Problem
from logbook.tui.screens.evidence_form import EvidenceFormScreen
from logbook.tui.screens.form import FormInvalid
from logbook.tui.widgets.fields import DateInput, Field
from logbook.tui.widgets.plain import Plain, shown

NO_PLAN = "No plan yet: a on the overview makes and agrees one first."


def plan_label(plan: Plan) -> str:
    units = ", ".join(plan.units)
    return f"agreed {say_date(plan.agreed_on)} · units {units}"


def plan_lines(portfolio, plan: Plan, today) -> list[str]:
    """The plan as agreed, the state of each of its items today, and its reviews so far."""
    lines = [f"Plan {plan_label(plan)}"]
    if plan.agreed_by_candidate is not None or plan.agreed_by_assessor is not None:
        lines.append(
            f"  agreed by {plan.agreed_by_candidate or '—'} and {plan.agreed_by_assessor or '—'}"
        )
    else:
        lines.append("  who agreed it was not recorded (an older plan)")
    if plan.planned_for:
        where = f" at {plan.venue}" if plan.venue else ""
        lines.append(f"  observed on {say_date(plan.planned_for)}{where}")
    if plan.activities:
        lines.append(f"  doing: {plan.activities}")
    if plan.initial_assessment:
        lines.append(f"  initial assessment: {plan.initial_assessment}")
    statuses = [s for s in plan_statuses(portfolio, today) if s.plan.id == plan.id]
    if statuses:
        lines.append("Items:")
    for status in statuses:
        due = say_date(status.item.due) if status.item.due else "no date"
        codes = ", ".join(link.code for link in status.item.links)
        lines.append(f"  {status.state.upper():8} {status.what} · {codes} · due {due}")
        if status.state != "done" and status.missing:
            lines.append(f"           still to show: {', '.join(status.missing)}")
    if not plan.items and plan.expected_evidence:
        lines.append(f"  evidence: {plan.expected_evidence}")
    for review in reviews_of(portfolio, plan):
        visit = f"; next visit {say_date(review.next_visit)}" if review.next_visit else ""
        lines.append(f"Reviewed {say_date(review.date)} by {review.reviewed_by}{visit}")
        lines.append(f"  {review.notes}")
    return lines


class PlanReviewScreen(EvidenceFormScreen):
    def __init__(self, candidate_id: str, plan_id: str | None = None):
        super().__init__(candidate_id)
        self.plan_id = plan_id

    @property
    def plan(self) -> Plan | None:
        return next((p for p in self.portfolio.plans if p.id == self.plan_id), None)

    def compose(self) -> ComposeResult:
        self.compose_prepare()
        if self.plan is None:
            latest = latest_plan(self.portfolio)
            self.plan_id = latest.id if latest else None
        yield Header()
        yield Plain(self.title_text("Plan review"), classes="form-title")
        with VerticalScroll(classes="form"):
            if self.plan is None:
                yield Plain(NO_PLAN, id="review-plan", classes="refused")
            else:
                plans = sorted(self.portfolio.plans, key=lambda p: p.agreed_on, reverse=True)
                yield Field(
                    "Plan reviewed",
                    Select(
                        [(shown(plan_label(p), one_line=True), p.id) for p in plans],
                        value=self.plan_id,
                        allow_blank=False,
                        id="plan_id",
                    ),
                    name="plan_id",
                )
                yield Plain("", id="review-plan")
                yield Field("Reviewed on", DateInput("today", id="date"), name="date")
                yield Field(
                    "Review notes",
                    TextArea(id="notes"),
                    name="notes",
                    hint="progress, feedback, what changes for the next visit",
                )
                yield Field(
                    "Next visit",
                    DateInput(allow_future=True, id="next_visit"),
                    name="next_visit",
                )
                yield Field(
                    "Reviewed by", Input(self.app.assessor, id="reviewed_by"), name="reviewed_by"
                )
        yield self.form_status()
        yield Footer()

    def on_mount(self) -> None:
        if self.plan is None:
            return
        self.show_plan()
        self.query_one("#notes", TextArea).focus()

    def show_plan(self) -> None:
        lines = plan_lines(self.portfolio, self.plan, self.app.today)
        self.query_one("#review-plan", Plain).update("\n".join(lines))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "plan_id" and event.value != self.plan_id:
            untouched = self._clean is not None and self._snapshot()[1:] == self._clean[1:]
            self.plan_id = str(event.value)
            self.show_plan()
            if untouched:
                self.mark_clean()

    def build(self) -> PlanReview:
        if self.plan is None:
            raise FormInvalid([Problem("plan_id", NO_PLAN)])
        problems: list[Problem] = []
        when = self.read_date("date", problems)
        next_visit = self.read_date("next_visit", problems, required=False)
        if problems:
            raise FormInvalid(problems)
        return PlanReview(
            plan_id=self.plan_id,
            date=when,
            notes=self.value("notes").strip(),
            next_visit=next_visit,
            reviewed_by=self.value("reviewed_by").strip(),
        )

    def saved_message(self, record: PlanReview) -> str:
        visit = f" Next visit {say_date(record.next_visit)}." if record.next_visit else ""
        return f"Review saved.{visit} Escape to go back."

    def after_save(self, record) -> None:
        self.show_plan()  # the portfolio with the review in it (FormScreen._stored)
