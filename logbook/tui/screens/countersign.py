"""The internal verifier's view: every unit signed off and not yet countersigned, across the
whole caseload, and the countersignature made from here (the IV's name and date, ctrl+s on the
highlighted unit).

The seeds' internal verifier "samples the assessor's decisions, checks the portfolio and
countersigns". The domain decides whether a countersignature may be made (a unit is
countersigned once; not before its sign-off); the store keeps it as a dated, attributed
correction of the sign-off.
"""

from __future__ import annotations

from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Input

from logbook.domain.dates import say_date
from logbook.domain.signoff import countersign_problems
from logbook.domain.validation import Problem
from logbook.tui.screens.form import FormInvalid, FormScreen
from logbook.tui.screens.signoff import Countersign
from logbook.tui.widgets.fields import DateInput, Field
from logbook.tui.widgets.plain import Plain, PlainTable

NOTHING = "Nothing to countersign: every unit signed off is countersigned."


def awaiting_rows(summaries: list[dict]) -> list[tuple[dict, dict]]:
    """(candidate summary, unit awaiting countersign), the longest waiting first."""
    rows = [(s, unit) for s in summaries for unit in s.get("awaiting_countersign", [])]
    return sorted(rows, key=lambda r: (r[1]["signed_on"], r[0]["name"].casefold(), r[1]["unit"]))


class CountersignScreen(FormScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Countersign", priority=True),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, candidate_id: str | None = None):
        super().__init__()
        self.candidate_id = candidate_id  # whose units to highlight first
        self.rows: list[tuple[dict, dict]] = []
        self.candidate_name = ""  # of the unit being countersigned

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain("IV countersign", classes="form-title", id="countersign-title")
        with VerticalScroll(classes="form", id="countersign-form"):
            yield Field(
                "Internal verifier",
                Input(placeholder="the internal verifier's name", id="iv_name"),
                name="iv_name",
            )
            yield Field("Countersigned on", DateInput("today", id="iv_date"), name="iv_date")
        yield PlainTable(id="awaiting", cursor_type="row")
        yield self.form_status()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#awaiting", PlainTable)
        table.add_columns("Candidate", "Unit", "Signed off", "Assessor")
        self.query_one("#iv_name", Input).focus()
        self.load()

    @work(thread=True, exclusive=True, group="countersign")
    def load(self) -> None:
        view = self.app.caseload.view(self.app.today)
        self.app.call_from_thread(self._show, view.summaries)

    def _show(self, summaries: list[dict]) -> None:
        if not self.is_attached or not self.query("#awaiting"):
            return  # closed while the caseload was being read
        table = self.query_one("#awaiting", PlainTable)
        highlighted = self.selected()
        self.rows = awaiting_rows(summaries)
        table.clear()
        for summary, unit in self.rows:
            table.add_row(
                summary["name"],
                unit["unit"],
                say_date(date.fromisoformat(unit["signed_on"])),
                unit["assessor"],
                key=f"{summary['id']}|{unit['unit']}",
            )
        # first shown: the candidate highlighted on the caseload, at their latest sign-off
        theirs = [(s["id"], u["unit"]) for s, u in self.rows if s["id"] == self.candidate_id]
        wanted = highlighted or (theirs[-1] if theirs else None)
        if wanted is not None:
            keys = [(s["id"], u["unit"]) for s, u in self.rows]
            if wanted in keys:
                table.move_cursor(row=keys.index(wanted))
        count = len(self.rows)
        self.query_one("#countersign-title", Plain).update(
            f"IV countersign · {count} unit{'s' if count != 1 else ''} signed off, not yet "
            "countersigned, across the caseload"
            if count
            else f"IV countersign · {NOTHING}"
        )

    def selected(self) -> tuple[str, str] | None:
        """The candidate id and unit of the highlighted row."""
        table = self.query_one("#awaiting", PlainTable)
        if not table.row_count or not self.rows:
            return None
        summary, unit = self.rows[min(table.cursor_row, len(self.rows) - 1)]
        return summary["id"], unit["unit"]

    def on_key(self, event) -> None:
        """Down from the fields goes to the list: the fields are two lines, the list the rest."""
        if event.key in ("down", "up") and isinstance(self.focused, Input):
            table = self.query_one("#awaiting", PlainTable)
            if table.row_count:
                table.focus()
                event.stop()

    # saving ----------------------------------------------------------------------------------

    def build(self) -> tuple[str, Countersign]:
        chosen = self.selected()
        if chosen is None:
            raise FormInvalid([Problem("awaiting", NOTHING)])
        problems = [Problem("iv_name", p) for p in countersign_problems(self.value("iv_name"))]
        iv_date = self.read_date("iv_date", problems)
        if problems:
            raise FormInvalid(problems)
        candidate_id, unit = chosen
        self.candidate_name = next(s["name"] for s, _ in self.rows if s["id"] == candidate_id)
        return candidate_id, Countersign(unit, self.value("iv_name").strip(), iv_date)

    def store(self, record):
        candidate_id, countersign = record
        logbook = self.app.caseload.logbook(candidate_id)
        return logbook.countersign(
            countersign.unit,
            countersign.iv_name,
            countersign.iv_date,
            self.app.assessor,
            self.app.today,
        )

    def saved_message(self, record) -> str:
        return (
            f"Unit {record.unit} of {self.candidate_name} countersigned by {record.iv_name} on "
            f"{say_date(record.iv_date)}."
        )

    def after_save(self, record) -> None:
        # the next unit may be countersigned with the same name: nothing is left unsaved
        self.saved_record = None
        self.load()
