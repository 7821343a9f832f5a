"""The plan's coverage: assessor × unit and assessor × method (each cell *sampled/in all*), and
the CAVIAR factors not yet covered. Read only; the counting is the domain's
(`logbook.domain.sampling.plan_coverage`)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, TabPane

from logbook.domain.iqa import SamplingPlan, plan_to_sample_by
from logbook.domain.records import EVIDENCE_NAMES
from logbook.domain.sampling import FACTOR_NAMES, FACTORS, RECORD_NAMES, plan_coverage
from logbook.store.centre_records import load_centre
from logbook.tui.widgets.plain import Plain, PlainTable

SHORT_METHODS = {
    "observation": "obs",
    "testimony": "testimony",
    "discussion": "discussion",
    "questioning": "questions",
    "work_product": "product",
}


def fill_grid(table: PlainTable, grid, names: dict[str, str]) -> None:
    table.clear(columns=True)
    table.add_columns("Assessor", *(names.get(c, c) for c in grid.columns))
    for row in grid.rows:
        cells = []
        for column in grid.columns:
            cell = grid.cell(row, column)
            cells.append(f"{cell.sampled}/{cell.total}" if cell.total else "")
        table.add_row(row, *cells)


class CoverageScreen(Screen):
    BINDINGS = [
        Binding("1", "tab('by-unit')", "By unit"),
        Binding("2", "tab('by-method')", "By method"),
        Binding("3", "tab('factors')", "CAVIAR"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain("Coverage of the sampling plan · cells: sampled/in all", classes="iqa-title",
                    id="coverage-title")  # fmt: skip
        with TabbedContent(initial="by-unit"):
            with TabPane("1 Assessor × unit", id="by-unit"):
                yield PlainTable(id="grid-units", cursor_type="cell", classes="iqa-table")
            with TabPane("2 Assessor × method", id="by-method"):
                yield PlainTable(id="grid-methods", cursor_type="cell", classes="iqa-table")
            with TabPane("3 CAVIAR", id="factors"):
                yield Plain("", id="coverage-factors")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#grid-units", PlainTable).focus()
        self.load()

    def action_tab(self, name: str) -> None:
        self.query_one(TabbedContent).active = name

    @work(thread=True, exclusive=True, group="iqa")
    def load(self) -> None:
        try:
            portfolios, records = load_centre(self.app.caseload, self.app.today)
        except Exception as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        plan = plan_to_sample_by(records.plans, self.app.assessor)
        plan = plan or SamplingPlan(iqa=self.app.assessor, assessors=[], made_on=self.app.today)
        coverage = plan_coverage(plan, portfolios, records.decisions)
        self.app.call_from_thread(self._show, coverage)

    def _failed(self, message: str) -> None:
        if self.is_attached:
            self.query_one("#coverage-factors", Plain).update(message)

    def _show(self, coverage) -> None:
        if not self.is_attached:
            return
        fill_grid(self.query_one("#grid-units", PlainTable), coverage.units, {})
        fill_grid(self.query_one("#grid-methods", PlainTable), coverage.methods, SHORT_METHODS)
        lines = []
        shown_names = RECORD_NAMES | EVIDENCE_NAMES
        for name in FACTORS:
            factor = coverage.factors[name]
            line = f"{FACTOR_NAMES[name]}: {len(factor.covered)} of {len(factor.present)}"
            if factor.missing:
                line += "; not yet: " + ", ".join(shown_names.get(m, m) for m in factor.missing)
            lines.append(line)
        if coverage.unplanned:
            lines.append("not in the plan: " + ", ".join(coverage.unplanned))
        self.query_one("#coverage-factors", Plain).update("\n".join(lines))
