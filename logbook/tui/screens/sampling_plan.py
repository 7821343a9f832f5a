"""The IQA's sampling plan: every assessor with work to sample and their risk rating (new,
experienced, under review), which sets the share of their candidates and units to sample.
n / e / u rate the highlighted assessor; ctrl+s keeps the plan in the centre's file. The shares
and the check are the domain's (`logbook.domain.iqa`)."""

from __future__ import annotations

import dataclasses

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from logbook.domain.iqa import RISK_NAMES, AssessorRisk, SamplingPlan, person_key, plan_of
from logbook.domain.sampling import centre_work, share_status
from logbook.domain.validation import RecordRefused
from logbook.store.centre_records import CentreFile, load_centre
from logbook.tui.widgets.plain import Plain, PlainTable


class SamplingPlanScreen(Screen):
    BINDINGS = [
        Binding("n", "rate('new')", "New"),
        Binding("e", "rate('experienced')", "Experienced"),
        Binding("u", "rate('under_review')", "Under review"),
        Binding("ctrl+s", "save", "Save plan", priority=True),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self):
        super().__init__()
        self.plan: SamplingPlan | None = None
        self.portfolios = []
        self.decisions = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain("Sampling plan", id="plan-title", classes="iqa-title")
        yield PlainTable(id="plan-assessors", cursor_type="row", classes="iqa-table")
        yield Plain("", id="plan-status", classes="iqa-note")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(PlainTable)
        table.add_columns("Assessor", "Risk", "Candidates sampled", "Units sampled")
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="iqa")
    def load(self) -> None:
        try:
            portfolios, records = load_centre(self.app.caseload, self.app.today)
        except Exception as error:  # a damaged centre file: said, never a crash
            self.app.call_from_thread(self.say, str(error), True)
            return
        self.app.call_from_thread(self._show, portfolios, records)

    def say(self, message: str, refused: bool = False) -> None:
        status = self.query_one("#plan-status", Plain)
        status.update(message)
        status.set_class(refused, "refused")

    def _show(self, portfolios, records) -> None:
        if not self.is_attached:
            return
        self.portfolios, self.decisions = portfolios, records.decisions
        plan = plan_of(records.plans, self.app.assessor)
        if plan is None:
            plan = SamplingPlan(iqa=self.app.assessor, assessors=[], made_on=self.app.today)
        names = {person_key(a.assessor) for a in plan.assessors}
        for piece in centre_work(portfolios):  # every assessor with work is in the plan
            if person_key(piece.assessor) not in names:
                names.add(person_key(piece.assessor))
                plan.assessors.append(AssessorRisk(piece.assessor, "new"))
        self.plan = plan
        self.refill()

    def refill(self) -> None:
        table = self.query_one(PlainTable)
        row = table.cursor_row or 0
        table.clear()
        statuses = share_status(self.plan, self.portfolios, self.decisions)
        for status in statuses:
            table.add_row(
                status.assessor,
                RISK_NAMES.get(status.rating, status.rating),
                f"{status.candidates_sampled} of {status.candidates_needed} needed",
                f"{status.units_sampled} of {status.units_needed} needed",
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self.query_one("#plan-title", Plain).update(
            f"Sampling plan of {self.plan.iqa} · {len(statuses)} assessors · "
            "n new, e experienced, u under review"
        )

    def action_rate(self, rating: str) -> None:
        if self.plan is None or not self.plan.assessors:
            return
        table = self.query_one(PlainTable)
        entry = self.plan.assessors[table.cursor_row]
        self.plan.assessors[table.cursor_row] = dataclasses.replace(entry, rating=rating)
        self.refill()
        self.say(f"{entry.assessor}: {RISK_NAMES[rating]} (not saved yet: ctrl+s)")

    def action_save(self) -> None:
        if self.plan is None:
            return
        person = self.app.person
        if person is not None and not person.samples:
            self.say("Only an IQA or a lead IQA keeps a sampling plan: not saved.", True)
            return
        plan = dataclasses.replace(self.plan, made_on=self.app.today)
        try:
            CentreFile(self.app.caseload.folder).save(plan, self.app.assessor, self.app.today)
        except RecordRefused as refused:
            self.say("Not saved: " + "; ".join(p.message for p in refused.problems), True)
            return
        except Exception as error:
            self.say(f"Not saved: {error}", True)
            return
        self.plan = plan
        self.say("Saved: the sampling plan is stored safely on disk.")
