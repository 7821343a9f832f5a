"""The caseload: every candidate, their next visit, progress and what is still missing, today's
work on top (overdue plan items first, then the nearest next visit). Type to filter."""

from __future__ import annotations

import os

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input

from logbook.domain.dates import say_date
from logbook.domain.planning import caseload_order, caseload_plan
from logbook.tui.widgets.plain import Plain, PlainTable

MAX_ROWS = 500
EXIT_WHEN_DRAWN = "LOGBOOK_EXIT_WHEN_DRAWN"  # bench/startup_bench.py: quit once the list is drawn


def progress_text(summary: dict) -> str:
    units = summary["units"]
    done = sum(u["done"] for u in units)
    total = sum(u["total"] for u in units) or 1
    return f"{len(summary['signed_off'])}/{len(units)} signed, {100 * done // total}%"


def plan_text(summary: dict, today) -> str:
    """The next visit, and how many planned items are overdue: today's work at a glance."""
    plan = caseload_plan(summary, today)
    # "28 Nov": the day and month of the date as the app says it ("Sat 28 Nov 2026")
    visit = " ".join(say_date(plan.next_visit).split()[1:3]) if plan.next_visit else ""
    if plan.visit_past:
        visit = f"was {visit}"
    if plan.overdue:
        return f"{plan.overdue} late" + (f", {visit}" if visit else "")
    return visit or "—"


def missing_text(summary: dict) -> str:
    for unit in summary["units"]:
        if not unit["signed_off"] and unit["missing_count"]:
            return f"{unit['code']}: {unit['missing_count']} to cover"
    return "achieved" if summary["achieved"] else "units to choose"


class CaseloadScreen(Screen):
    _more = ""
    BINDINGS = [
        Binding("enter", "open", "Open", show=True),
        Binding("ctrl+n", "new_candidate", "New candidate"),
        Binding("ctrl+e", "export_all", "Export", priority=True),  # over the filter's ctrl+e
        Binding("ctrl+o", "import_files", "Import", priority=True),
        Binding("ctrl+r", "reload", "Reload", show=False),  # in f1 and the palette: room at 80
        Binding("ctrl+t", "countersign", "IV countersign", priority=True),
        Binding("ctrl+y", "sync", "Sync with the centre", show=False),  # in f1 and the palette
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self):
        super().__init__()
        self.summaries: list[dict] = []
        self.problems = []
        self.shown_once = False

    def compose(self) -> ComposeResult:
        yield Header()
        # a key that comes to the filter from elsewhere is added where the typing is, not
        # typed over a selection (select_on_focus): see on_key
        yield Input(
            placeholder="type to filter by name, number, qualification",
            select_on_focus=False,
            id="filter",
        )
        yield PlainTable(id="caseload", cursor_type="row", zebra_stripes=True)
        yield Plain("", id="caseload-detail")
        yield Plain("", id="caseload-problems")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # at 80 columns: the qualification, by its title, is on the line under the list for the
        # highlighted candidate (a column of titles pushed "Still missing" past the edge)
        table.add_columns("Candidate", "Next visit", "Progress", "Still missing")
        self.query_one("#filter", Input).focus()
        self.load()

    def on_screen_resume(self) -> None:
        """Come back to from another screen: read the caseload again (a save may have changed
        it). The first read starts in on_mount, once the list exists to be filled."""
        if self.shown_once:
            self.load()

    @work(thread=True, exclusive=True, group="caseload")
    def load(self) -> None:
        view = self.app.caseload.view(self.app.today)
        self.app.call_from_thread(self._show, view)

    def _show(self, view) -> None:
        if not self.is_attached or not self.query("#caseload-problems"):
            return  # closed (or the app quit) while the caseload was being read
        self.shown_once = True
        self.summaries = view.summaries
        self.problems = view.problems
        problems = self.query_one("#caseload-problems", Plain)
        if view.problems:
            problems.update(
                "\n".join(f"Could not open {p.path.name}: {p.reason}" for p in view.problems)
            )
            problems.add_class("refused")
        else:
            problems.update("")
        self.refill()
        if os.environ.get(EXIT_WHEN_DRAWN):
            self.call_after_refresh(self.app.exit)

    def matching(self) -> list[dict]:
        words = self.query_one("#filter", Input).value.casefold().split()
        if not words:
            return self.summaries
        out = []
        for summary in self.summaries:
            text = " ".join(
                (
                    summary["name"],
                    summary["registration_number"],
                    summary["qualification"],
                    summary["qualification_title"],
                    summary["workplace"],
                )
            ).casefold()
            if all(w in text for w in words):
                out.append(summary)
        return out

    def refill(self) -> None:
        table = self.query_one(DataTable)
        # the candidate highlighted stays highlighted (back from their overview, or a
        # narrower filter that still lists them); the list is not reset to the top
        highlighted = self._highlighted_id()
        table.clear()
        today = self.app.today
        rows = sorted(self.matching(), key=lambda summary: caseload_order(summary, today))
        for summary in rows[:MAX_ROWS]:
            table.add_row(
                summary["name"],
                plan_text(summary, today),
                progress_text(summary),
                missing_text(summary),
                key=summary["id"],
            )
        shown = min(len(rows), MAX_ROWS)
        more = f" (first {MAX_ROWS}: type to narrow)" if len(rows) > MAX_ROWS else ""
        if not self.summaries and not self.problems:
            detail = "No candidates yet. ctrl+n registers one."
        else:
            detail = f"{shown} of {len(self.summaries)} candidates{more}"
        self._more = detail if more else ""  # kept under the highlighted candidate
        self.query_one("#caseload-detail", Plain).update(detail)
        if highlighted is not None and highlighted in table.rows:
            table.move_cursor(row=table.get_row_index(highlighted), scroll=True)
        self._describe_highlighted()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_open()

    def on_key(self, event) -> None:
        search = self.query_one("#filter", Input)
        if event.key in ("down", "up") and search.has_focus:
            table = self.query_one(DataTable)
            table.focus()
            event.stop()
        elif event.is_printable and event.character:
            # a character the filter did not get: typed straight after launch, before the
            # filter had focus, or typed in the list; the filter takes it (the filter itself
            # stops every character it takes, so none comes here twice)
            event.stop()
            search.focus()
            search.insert_text_at_cursor(event.character)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe_highlighted()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_candidate(event.row_key.value)

    def _highlighted_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row = table.cursor_row if table.cursor_row is not None else 0
        return table.coordinate_to_cell_key((row, 0)).row_key.value

    def _describe_highlighted(self) -> None:
        candidate_id = self._highlighted_id()
        summary = next((s for s in self.summaries if s["id"] == candidate_id), None)
        if summary is None:
            return
        units = "  ".join(
            f"{u['code']} " + ("✓" if u["signed_off"] else f"{u['done']}/{u['total']}")
            for u in summary["units"]
        )
        plan = caseload_plan(summary, self.app.today)
        late = f"\nLate: {plan.first_overdue}" if plan.overdue else ""
        count = self.query_one("#caseload-detail", Plain)
        count.update(
            f"{summary['name']} · {summary['registration_number']} · "
            f"{summary['qualification_title']}\n{units}{late}"
            + (f"\n{self._more}" if self._more else "")
        )

    def action_open(self) -> None:
        candidate_id = self._highlighted_id()
        if candidate_id:
            self.open_candidate(candidate_id)

    def open_candidate(self, candidate_id: str) -> None:
        from logbook.tui.screens.overview import OverviewScreen

        self.app.push_screen(OverviewScreen(candidate_id))

    def action_new_candidate(self) -> None:
        from logbook.tui.screens.candidate import CandidateScreen

        self.app.push_screen(CandidateScreen())

    def action_export_all(self) -> None:
        from logbook.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(candidate_id=self._highlighted_id()))

    def action_countersign(self) -> None:
        from logbook.tui.screens.countersign import CountersignScreen

        self.app.push_screen(CountersignScreen(candidate_id=self._highlighted_id()))

    def action_import_files(self) -> None:
        from logbook.tui.screens.import_files import ImportScreen

        self.app.push_screen(ImportScreen())

    def action_sync(self) -> None:
        from logbook.tui.screens.sync import SyncScreen

        self.app.push_screen(SyncScreen())

    def action_reload(self) -> None:
        self.load()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one("#filter", Input).focus()
