"""What to sample next and what is overdue: the domain's proposal (`propose_sample`: what is
not yet covered, to bring each assessor up to their share) and its `overdue` list. Enter on a
proposal records the IQA decision on that candidate's unit."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from logbook.domain.iqa import SamplingPlan, plan_to_sample_by
from logbook.domain.sampling import overdue, propose_sample
from logbook.store.centre_records import load_centre
from logbook.tui.widgets.plain import Plain, PlainTable


class ProposedSampleScreen(Screen):
    BINDINGS = [
        Binding("enter", "sample", "Record decision"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self):
        super().__init__()
        self.proposals = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain("Proposed sample", id="sample-title", classes="iqa-title")
        yield PlainTable(id="proposals", cursor_type="row", classes="iqa-table")
        yield Plain("", id="overdue", classes="iqa-note")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(PlainTable)
        table.add_columns("Candidate", "Unit", "Assessor", "Stage")
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="iqa")
    def load(self) -> None:
        try:
            portfolios, records = load_centre(self.app.caseload, self.app.today)
        except Exception as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        plan = plan_to_sample_by(records.plans, self.app.assessor)
        if plan is None:
            self.app.call_from_thread(
                self._failed, "No sampling plan yet: make it first (f3 on the caseload)."
            )
            return
        proposals = propose_sample(plan, portfolios, records.decisions)
        late = overdue(plan, portfolios, records.decisions, records.meetings, self.app.today)
        self.app.call_from_thread(self._show, plan, proposals, late)

    def _failed(self, message: str) -> None:
        if self.is_attached:
            self.query_one("#overdue", Plain).update(message)

    def _show(self, plan: SamplingPlan, proposals, late) -> None:
        if not self.is_attached:
            return
        self.proposals = proposals
        table = self.query_one(PlainTable)
        table.clear()
        for p in proposals:
            table.add_row(p.candidate, p.unit, p.assessor, p.stage)
        count = len(proposals)
        self.query_one("#sample-title", Plain).update(
            f"Proposed sample for the plan of {plan.iqa} · {count} to sample"
            if count
            else f"Proposed sample for the plan of {plan.iqa} · nothing: every share is met"
        )
        lines = [f"Overdue ({len(late)}):" if late else "Nothing overdue."]
        lines += [f"• {o.message}" for o in late]
        self.query_one("#overdue", Plain).update("\n".join(lines))

    def on_data_table_row_selected(self, event) -> None:
        self.action_sample()  # Enter on a proposal: the table takes the key first

    def action_sample(self) -> None:
        table = self.query_one(PlainTable)
        if not self.proposals or table.cursor_row is None:
            return
        chosen = self.proposals[min(table.cursor_row, len(self.proposals) - 1)]
        from logbook.tui.screens.iqa_decision import IqaDecisionScreen

        screen = IqaDecisionScreen(chosen.candidate_id, chosen.unit)
        screen.prepare()
        self.app.push_screen(screen)
