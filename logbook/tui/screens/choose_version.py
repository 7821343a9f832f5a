"""Choose between the versions a sync kept: v on the overview of a logbook flagged "2 versions:
choose". One flagged record at a time: each field set on two laptops without either seeing the
other, with every value it holds (the current one first), the device, the person and the time
that set it. Enter keeps the highlighted value for its field; once every field has one, the
choice is saved (`logbook.store.merges.choose`: an edit, or a correction when the record is
read-only) and the next flagged record is shown, or the overview again when none is left.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from logbook.domain.records import EVIDENCE_NAMES
from logbook.domain.validation import RecordRefused
from logbook.store.merges import Choice, choices, choose
from logbook.tui.unreadable import READ_ERRORS, cannot_open
from logbook.tui.widgets.plain import Plain, PlainTable

KEYS = "↑↓ move   enter keep this value   esc back (nothing is saved until every field is chosen)"


def _value(value) -> str:
    return "(empty)" if value in (None, "", []) else str(value)


def _when(at: str) -> str:
    return at[:16].replace("T", " ")


class ChooseVersionScreen(Screen):
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, candidate_id: str):
        super().__init__()
        self.candidate_id = candidate_id
        self.choices: list[Choice] = []
        self.picked: dict = {}
        self.saved = 0

    @property
    def logbook(self):
        return self.app.caseload.logbook(self.candidate_id)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="versions"):
            yield Plain("Versions kept by a sync", id="versions-title", classes="form-title")
            yield PlainTable(id="versions-table", cursor_type="row")
            yield Plain("", id="versions-value")
            yield Plain("", id="versions-status")
            yield Plain(KEYS, classes="keys")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#versions-table", PlainTable)
        table.add_columns("Field", "Value", "Device", "By", "When")
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="versions")
    def load(self) -> None:
        try:
            found = choices(self.logbook.path)
        except READ_ERRORS as error:
            self.app.call_from_thread(self.say, cannot_open(error, self.logbook.path), "refused")
            return
        self.app.call_from_thread(self.show, found)

    def say(self, text: str, state: str = "") -> None:
        said = self.query_one("#versions-status", Plain)
        said.update(text)
        said.set_classes(state)

    def show(self, found: list[Choice]) -> None:
        if not self.is_attached:
            return
        self.choices = found
        self.picked = {}
        if not found:
            self.dismiss(self.saved)
            return
        choice = found[0]
        kind = EVIDENCE_NAMES.get(choice.kind, choice.kind.replace("_", " "))
        more = f" · {len(found) - 1} more record(s) after this" if len(found) > 1 else ""
        names = ", ".join(choice.fields)
        self.query_one("#versions-title", Plain).update(
            f"{kind}: {names} kept in several versions: keep one{more}"
        )
        table = self.query_one("#versions-table", PlainTable)
        table.clear()
        for name, siblings in choice.fields.items():
            for number, sibling in enumerate(siblings):
                value = _value(sibling.value)
                table.add_row(
                    name[:18],
                    value if len(value) <= 30 else value[:29] + "…",
                    sibling.device[:20],
                    sibling.by[:16],
                    _when(sibling.at),
                    key=f"{name}|{number}",
                )
        table.move_cursor(row=0)
        self.show_value()

    def show_value(self) -> None:
        """The highlighted value whole (a table cell is cut), under the table."""
        table = self.query_one("#versions-table", PlainTable)
        if not self.choices or not table.row_count:
            return
        sibling = self._sibling(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)
        self.query_one("#versions-value", Plain).update(_value(sibling.value)[:600])

    def _sibling(self, key: str):
        name, number = key.rsplit("|", 1)
        return self.choices[0].fields[name][int(number)]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_value()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not self.choices:
            return
        key = event.row_key.value
        name = key.rsplit("|", 1)[0]
        self.picked[name] = self._sibling(key)
        table = self.query_one("#versions-table", PlainTable)
        for number, _ in enumerate(self.choices[0].fields[name]):
            row = f"{name}|{number}"
            mark = "✓ " if row == key else ""
            table.update_cell(row, table.ordered_columns[0].key, mark + name[:18])
        left = [n for n in self.choices[0].fields if n not in self.picked]
        if left:
            self.say(f"Kept for {name}. Still to choose: {', '.join(left)}.")
            return
        self.say("Saving…", "saving")
        self._save(self.choices[0], dict(self.picked))

    @work(thread=True, exclusive=True, group="versions-save")
    def _save(self, choice: Choice, picked: dict) -> None:
        try:
            choose(self.logbook.path, choice, picked, self.app.assessor, self.app.today)
            found = choices(self.logbook.path)
        except RecordRefused as refused:
            text = "; ".join(p.message for p in refused.problems)
            self.app.call_from_thread(self.say, f"Not saved: {text}", "refused")
            return
        except READ_ERRORS as error:
            self.app.call_from_thread(self.say, cannot_open(error, self.logbook.path), "refused")
            return
        self.app.call_from_thread(self._saved, found)

    def _saved(self, found: list[Choice]) -> None:
        self.saved += 1
        self.show(found)
        if found:
            self.say("Saved: stored safely on disk. Next, another record kept twice.", "saved")

    def action_back(self) -> None:
        self.dismiss(self.saved)
