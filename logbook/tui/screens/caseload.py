"""The caseload: every candidate, their next visit, progress and what is still missing, today's
work on top (overdue plan items first, then the nearest next visit). Type to filter.

Nothing here reads a file on the UI thread: a worker goes through the caseload
(`Caseload.each`), works out each candidate's row (its cells, the words the filter looks in,
the line under the list, its place in the list: nothing else of the summary is kept) and hands
the rows over in batches as they come, so the list fills while a slow or damaged file is still
being read. The first read takes a file the index does not know (no index yet, a restore, a
sync) from its summary line without checking it (`quick`), so the list is drawn at once; then
it goes through those files again, checking each summary against its file (decoding a file that
does not match, that file alone), and puts the list right. A keystroke in the filter looks
through the rows and lays out a screenful of the table; the rest of the page is laid out
as the cursor or the view reaches it (`logbook.tui.widgets.page_table`)."""

from __future__ import annotations

import os
import time
from datetime import date
from operator import attrgetter
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input
from textual.worker import get_current_worker

from logbook.domain.caseload_plan import CaseloadPlan, caseload_order, caseload_plan
from logbook.domain.dates import say_day_month
from logbook.tui.widgets.keys_footer import KeysFooter
from logbook.tui.widgets.page_table import PageTable
from logbook.tui.widgets.plain import Plain

MAX_ROWS = 500
# the worker hands rows over at least this often while it reads: often enough to see a slow
# read fill the list, seldom enough that drawing it again and again does not slow the read
BATCH_SECONDS = 0.2
FIRST_PAINT_WAIT = 0.5  # the most the first read waits for the screen's first paint
# bench/startup_bench.py, bench/app_bench.py: quit once the list is drawn whole, or with
# "checked" once every summary in it is checked as well
EXIT_WHEN_DRAWN = "LOGBOOK_EXIT_WHEN_DRAWN"


def progress_text(summary: dict) -> str:
    units = summary["units"]
    done = sum(u["done"] for u in units)
    total = sum(u["total"] for u in units) or 1
    return f"{len(summary['signed_off'])}/{len(units)} signed, {100 * done // total}%"


_DAY_MONTH: dict[date, str] = {}


def day_month(day: date) -> str:
    """The day and month of the date as the app says it ("28 Nov" of "Sat 28 Nov 2026"),
    worked out once for each date (a caseload of a thousand has a few hundred visit dates)."""
    said = _DAY_MONTH.get(day)
    if said is None:
        said = _DAY_MONTH[day] = say_day_month(day)
    return said


def plan_text(plan: CaseloadPlan) -> str:
    """The next visit, and how many planned items are overdue: today's work at a glance."""
    visit = day_month(plan.next_visit) if plan.next_visit else ""
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


class Unshown:
    """A file whose summary the list cannot show, named under the list as a damaged file is."""

    __slots__ = ("path", "reason")

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason


class Row:
    """A candidate's line in the list, worked out once off the UI thread; the summary it came
    from is not kept (a caseload of a thousand holds a thousand rows). A plain class, not a
    dataclass: making a dataclass's methods took a millisecond of every start."""

    __slots__ = ("cells", "detail", "id", "name", "order", "words")

    def __init__(
        self,
        order: tuple,  # where it goes in the list (`caseload_order`): ends with its id
        id: str,
        name: str,
        cells: tuple[str, str, str, str],  # shown as text when laid out (PageTable)
        words: str,  # what the filter looks in, casefolded
        detail: str,  # the lines under the list while the row is highlighted
    ) -> None:
        self.order = order
        self.id = id
        self.name = name
        self.cells = cells
        self.words = words
        self.detail = detail


# the list's order: today's work first (`caseload_order`), compared as tuples, in C
in_order = attrgetter("order")


def detail_text(summary: dict, plan: CaseloadPlan) -> str:
    """Under the list, for the highlighted candidate: who, on which qualification, each unit's
    progress, and the first overdue plan item."""
    units = "  ".join(
        f"{u['code']} " + ("✓" if u["signed_off"] else f"{u['done']}/{u['total']}")
        for u in summary["units"]
    )
    late = f"\nLate: {plan.first_overdue}" if plan.overdue else ""
    return (
        f"{summary['name']} · {summary['registration_number']} · "
        f"{summary['qualification_title']}\n{units}{late}"
    )


def row_of(summary: dict, today) -> Row:
    words = " ".join(
        (
            summary["name"],
            summary["registration_number"],
            summary["qualification"],
            summary["qualification_title"],
            summary["workplace"],
        )
    ).casefold()
    plan = caseload_plan(summary, today)
    cells = (summary["name"], plan_text(plan), progress_text(summary), missing_text(summary))
    return Row(
        caseload_order(summary, today, plan),
        summary["id"],
        summary["name"],
        cells,
        words,
        detail_text(summary, plan),
    )


class CaseloadScreen(Screen):
    _more = ""
    _said = ""  # what the line under the list says
    BINDINGS = [
        # over the filter's own Enter, which says what it held only after keys typed with the
        # Enter (`enter o` in one packet over SSH) were put in it: the Enter opens the candidate
        # highlighted as it is pressed, and the keys after it go to their overview
        Binding("enter", "open", "Open", show=False, priority=True),  # in f1 and the palette
        Binding("ctrl+n", "new_candidate", "New candidate"),
        Binding("ctrl+e", "export_all", "Export", priority=True),  # over the filter's ctrl+e
        Binding("ctrl+o", "import_files", "Import", priority=True),
        Binding("ctrl+r", "reload", "Reload", show=False),  # in f1 and the palette: room at 80
        Binding("ctrl+t", "countersign", "IV countersign", priority=True),
        Binding("ctrl+y", "sync", "Sync with the centre", show=False),  # in f1 and the palette
        Binding("escape", "clear_filter", "Clear filter", show=False),
        # the IQA's screens (logbook/tui/screens/iqa_*.py): in f1 and the palette by name
        Binding("f2", "iqa_decision", "IQA decision", show=False),
        Binding("f3", "iqa('sampling_plan', 'SamplingPlanScreen')", "Sampling plan", show=False),
        Binding("f4", "iqa('iqa_coverage', 'CoverageScreen')", "IQA coverage", show=False),
        Binding("f5", "iqa('iqa_sample', 'ProposedSampleScreen')", "Proposed sample", show=False),
        Binding(
            "f6", "iqa('standardisation', 'StandardisationScreen')", "Standardisation", show=False
        ),
    ]

    def __init__(self):
        super().__init__()
        self.rows: list[Row] = []  # every candidate's row, in the list's order
        self.by_id: dict[str, Row] = {}
        self.problems = []
        self.shown_once = False
        self._incoming: list[Row] = []  # rows of the read under way, until it is done
        self._problems_in: list = []
        self._mounted = False
        self._resumed = False
        self._before_mount: bool | None = None  # rows read before the list was there: done?

    @property
    def names(self) -> list[str]:
        """Every candidate's name, sorted."""
        return sorted((row.name for row in self.rows), key=str.casefold)

    def compose(self) -> ComposeResult:
        table = PageTable(id="caseload", cursor_type="row", zebra_stripes=True)
        self._drawn = table.drawn  # set once the list's first frame is drawn
        # the first read starts now, while the screen is being put together: a warm start's
        # rows are read from the index by the time of its first paint, and drawn in it (rows
        # that come before the list is mounted are shown by on_mount)
        self.load()
        yield Header()
        # a key that comes to the filter from elsewhere is added where the typing is, not
        # typed over a selection (select_on_focus): see on_key
        yield Input(
            placeholder="type to filter by name, number, qualification",
            select_on_focus=False,
            id="filter",
        )
        yield table
        yield Plain("", id="caseload-detail")
        yield Plain("", id="caseload-problems")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one(PageTable)
        # at 80 columns: the qualification, by its title, is on the line under the list for the
        # highlighted candidate (a column of titles pushed "Still missing" past the edge)
        table.add_columns("Candidate", "Next visit", "Progress", "Still missing")
        self.query_one("#filter", Input).focus()
        self._mounted = True
        if self._before_mount is not None:
            self._show(self._before_mount)

    def on_screen_resume(self) -> None:
        """Come back to from another screen: read the caseload again (a save may have changed
        it). The first read starts in compose."""
        if self._resumed and self.shown_once:
            self.load()
        self._resumed = True

    @work(thread=True, exclusive=True, group="caseload")
    def load(self) -> None:
        """Read the caseload off the UI thread, handing rows over as they come. The first read
        draws the files the index does not know from their summary lines unchecked, then reads
        them checked and puts right any row whose file says otherwise."""
        worker = get_current_worker()
        caseload = self.app.caseload
        today = self.app.today
        quick = not self.shown_once
        if not self._read(worker, caseload.each(today, quick=quick), today):
            return
        if quick and caseload.unchecked and not self._read(worker, caseload.each(today), today):
            return
        self.app.call_from_thread(self._checked)

    def _read(self, worker, found_each, today) -> bool:
        """One pass through the caseload, its rows handed over in batches; False if the worker
        was cancelled meanwhile. The rows the index holds come in one batch (a thousand take
        a few tens of milliseconds: a list drawn twice would take longer); the rows of files
        read meanwhile follow at most BATCH_SECONDS apart."""
        caseload = self.app.caseload
        batch: list[Row] = []
        problems = []
        sent = time.monotonic()
        first = True  # the pass's first batch: the rows of the pass before are dropped
        painted = self._drawn.is_set()
        for found in found_each:
            if worker.is_cancelled:
                return False
            if isinstance(found, dict):
                try:
                    batch.append(row_of(found, today))
                except (KeyError, TypeError, ValueError, AttributeError):
                    # a summary of the right shape whose values are not (a date that is not
                    # one): the file is named, never a crash
                    path = self.app.caseload.folder / f"{found['id']}.json"
                    problems.append(Unshown(path, "its summary cannot be shown"))
            else:  # a file that could not be read (CorruptLogbook): named under the list
                problems.append(found)
            if not caseload.reading_files:
                continue
            if not painted or time.monotonic() - sent >= BATCH_SECONDS:
                batch.sort(key=in_order)  # here, not on the UI thread
                self.app.call_from_thread(self._arrived, batch, problems, False, first)
                batch, problems, sent, first = [], [], time.monotonic(), False
            if not painted:
                self._wait_for_the_first_paint()
                painted = True
        if worker.is_cancelled:
            return False
        batch.sort(key=in_order)
        self.app.call_from_thread(self._arrived, batch, problems, True, first)
        return True

    def _wait_for_the_first_paint(self) -> None:
        """Before the first read goes on to files the index does not know (no index yet, a
        restore, a sync), it waits for the screen's first paint (the list's lines drawn, and
        the frame they are in handed to the terminal: the UI thread answers once it is; not the
        refreshes after it): reading and working out files would compete with that paint for
        the interpreter, and nothing is on screen until it is. The rows of the index are not
        held back: a warm start's list is drawn in the first frame if it is ready by then."""
        self._drawn.wait(FIRST_PAINT_WAIT)
        self.app.call_from_thread(lambda: None)

    def _arrived(self, batch: list[Row], problems: list, done: bool, first: bool) -> None:
        """Rows read: drawn at once. While the first read is under way the list grows; a read
        again (the checked pass, back from a form, ctrl+r) replaces the list when it is done."""
        if self._mounted and (not self.is_attached or not self.query("#caseload-problems")):
            return  # closed (or the app quit) while the caseload was being read
        if first:
            self._incoming, self._problems_in = [], []
        # the batch comes sorted: the two runs are merged in one pass
        self._incoming += batch
        self._incoming.sort(key=in_order)
        self._problems_in.extend(problems)
        if not done and self.shown_once:
            return  # a list is on screen already: it stays until the new one is whole
        if not self._mounted:  # on_mount shows them
            self._before_mount = done or bool(self._before_mount)
            return
        self._show(done)

    def _show(self, done: bool) -> None:
        """Show the rows read so far (all of them if `done`)."""
        self._before_mount = None
        self.rows = self._incoming if done else list(self._incoming)
        self.by_id = {row.id: row for row in self.rows}
        self.problems = list(self._problems_in)
        problems_widget = self.query_one("#caseload-problems", Plain)
        if self.problems:
            problems_widget.update(
                "\n".join(f"Could not open {p.path.name}: {p.reason}" for p in self.problems)
            )
            problems_widget.add_class("refused")
        else:
            problems_widget.update("")
        # while the first read is under way the top of the list is today's work so far: the
        # cursor stays on top, on the first candidate of the whole list once it is read
        keep = self.shown_once
        if done:
            self.shown_once = True
            self.app.import_ahead(self._drawn)  # what Enter and the overview's keys open
        self.refill(keep_highlighted=keep)
        if done and os.environ.get(EXIT_WHEN_DRAWN) not in (None, "", "checked"):
            self.call_after_refresh(self.app.exit)

    def _checked(self) -> None:
        """Every row on the list is checked against its file."""
        if os.environ.get(EXIT_WHEN_DRAWN) == "checked" and self.is_attached:
            self.call_after_refresh(self.app.exit)

    def matching(self) -> list[Row]:
        words = self.query_one("#filter", Input).value.casefold().split()
        if not words:
            return self.rows
        return [row for row in self.rows if all(w in row.words for w in words)]

    def refill(self, keep_highlighted: bool = True) -> None:
        """Lay the table out for the filter as it is: a screenful now, the rest of the page as
        the cursor or the view reaches it (`PageTable`)."""
        table = self.query_one(PageTable)
        # the candidate highlighted stays highlighted (back from their overview, or a
        # narrower filter that still lists them); the list is not reset to the top
        highlighted = self._highlighted_id() if keep_highlighted else None
        rows = self.matching()
        page = rows[:MAX_ROWS]
        table.show([(row.id, row.cells) for row in page])
        more = f" (first {MAX_ROWS}: type to narrow)" if len(rows) > MAX_ROWS else ""
        if not self.rows and not self.problems:
            detail = "No candidates yet. ctrl+n registers one." if self.shown_once else ""
        else:
            detail = f"{len(page)} of {len(self.rows)} candidates{more}"
        self._more = detail if more else ""  # kept under the highlighted candidate
        self._say(detail)
        at = table.index_of(highlighted) if highlighted is not None else None
        if at is not None:
            table.lay_out_to_index(at)
            table.move_cursor(row=at, scroll=True)
        self._describe_highlighted()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refill()

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
        elif event.key == "backspace" and not search.has_focus:
            # and what was typed can be taken back from the list too, as it was typed there
            event.stop()
            search.focus()
            search.action_delete_left()

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
        row = self.by_id.get(self._highlighted_id() or "")
        if row is None:
            return
        self._say(row.detail + (f"\n{self._more}" if self._more else ""))

    def _say(self, text: str) -> None:
        """Put `text` under the list, unless it is there already: the table says a row is
        highlighted after the list has described it (every time rows are laid out), and
        the same text put there again laid the whole screen out again."""
        if text != self._said:
            self._said = text
            self.query_one("#caseload-detail", Plain).update(text)

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

    def action_iqa(self, module: str, name: str) -> None:
        from importlib import import_module

        screen = getattr(import_module(f"logbook.tui.screens.{module}"), name)
        self.app.push_screen(screen())

    def action_iqa_decision(self) -> None:
        """Record an IQA decision on the highlighted candidate."""
        from logbook.tui.screens.iqa_decision import IqaDecisionScreen
        from logbook.tui.unreadable import READ_ERRORS, cannot_open

        candidate_id = self._highlighted_id()
        if not candidate_id:
            return
        screen = IqaDecisionScreen(candidate_id)
        try:
            screen.prepare()
        except READ_ERRORS as error:
            self.app.notify(cannot_open(error, self.app.caseload.logbook(candidate_id).path))
            return
        self.app.push_screen(screen)

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
