"""Export one candidate's logbook to a JSON file, or the whole caseload to a folder.

"The whole caseload" means what `logbook export --all -o DIR` means: a folder of one export file
per candidate (`logbook.store.exchange.export_caseload`), which the import screen and
`logbook import DIR` take back. Each file is the documented export format, written whole or not
at all and readable by its owner only. The export runs off the key handlers, then the screen says
where it was written and how many records it holds; a path that cannot be written is said why.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Select

from logbook.store.exchange import (
    OUTSIDE_DATA_FOLDER,
    export_caseload,
    export_logbooks,
    in_data_folder,
    write_export,
)
from logbook.store.logbooks import CorruptLogbook
from logbook.store.storage import StoreBusy
from logbook.tui.widgets.fields import Field
from logbook.tui.widgets.plain import Plain, shown

ONE, ALL = "one", "all"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class ExportScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "export", "Export", priority=True),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, candidate_id: str | None = None):
        super().__init__()
        self.candidate_id = candidate_id
        self.candidate_name = ""
        self.registration_number = ""
        self._replace: Path | None = None  # an existing file the assessor was asked about

    # drawing ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        caseload = self.app.caseload
        if self.candidate_id:
            try:
                candidate = caseload.logbook(self.candidate_id).read(self.app.today).candidate
            except (CorruptLogbook, ValueError):
                self.candidate_id = None
            else:
                self.candidate_name = candidate.name
                self.registration_number = candidate.registration_number
        count = len(caseload.files())
        options = [(f"the whole caseload ({_plural(count, 'candidate')}), a file each", ALL)]
        if self.candidate_id:
            options.insert(0, (shown(f"{self.candidate_name} only", one_line=True), ONE))
        what = ONE if self.candidate_id else ALL
        yield Header()
        yield Plain("Export", classes="form-title")
        with VerticalScroll(classes="form"):
            yield Field(
                "What to export",
                Select(options, value=what, allow_blank=False, id="what"),
                name="what",
            )
            yield Field(
                "Write to",
                Input(str(self.default_path(what)), id="path"),
                name="path",
                hint=self.hint(what),
            )
        yield Plain("", id="export-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @staticmethod
    def hint(what: str) -> str:
        if what == ONE:
            return "a JSON file, readable by you only; Enter or ctrl+s exports"
        return "a folder: one file per candidate, readable by you only; Enter or ctrl+s exports"

    def default_path(self, what: str) -> Path:
        when = self.app.today.isoformat()
        parent = self.app.export_folder
        if what == ONE:
            who = _UNSAFE.sub("-", self.registration_number).strip("-") or self.candidate_id
            return parent / f"logbook-export-{who}-{when}.json"
        return parent / f"logbook-export-{when}"

    @staticmethod
    def typed_path(typed: str) -> Path:
        """The file typed, in full: the message after the export names it whole."""
        return Path(typed.strip()).expanduser().absolute()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "what":
            return
        path = self.query_one("#path", Input)
        if path.value in {str(self.default_path(ONE)), str(self.default_path(ALL))}:
            path.value = str(self.default_path(str(event.value)))
        self.query_one("#field-path", Field).show_note(self.hint(str(event.value)))

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._replace is not None and self.typed_path(event.value) != self._replace:
            self._replace = None  # a different file: ask again before replacing it

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_export()

    # exporting --------------------------------------------------------------------------------

    def status(self, text: str, state: str) -> None:
        shown = self.query_one("#export-status", Plain)
        shown.update(text)
        shown.set_classes(state)

    def path_problem(self, path: Path, what: str) -> str | None:
        """Why the export cannot be written to `path`, before anything is read."""
        if what == ALL:
            if path.exists() and not path.is_dir():
                return f"{path} is not a folder: give a folder to write one file per candidate"
            if in_data_folder(path, self.app.caseload.folder):
                return OUTSIDE_DATA_FOLDER
            return None
        if path.is_dir():
            return f"{path} is a folder: give a file name inside it"
        if not path.parent.is_dir():
            return f"there is no folder {path.parent}: create it, or choose another place"
        if in_data_folder(path.parent, self.app.caseload.folder):
            return OUTSIDE_DATA_FOLDER
        return None

    def action_export(self) -> None:
        field = self.query_one("#field-path", Field)
        typed = self.query_one("#path", Input).value.strip()
        path = self.typed_path(typed)
        what = str(self.query_one("#what", Select).value)
        problem = self.path_problem(path, what) if typed else "type where to write the export"
        if problem:
            field.show_error(problem)
            self.status(f"Not exported: {problem}.", "refused")
            return
        if what == ONE and path.exists() and self._replace != path:
            self._replace = path
            field.show_note("")
            self.status(f"{path} exists: ctrl+s again to replace it.", "saving")
            return
        field.show_note("")
        self.status("Exporting…", "saving")
        self._export(what, path)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, what: str, path: Path) -> None:
        caseload = self.app.caseload
        try:
            if what == ONE:
                data = export_logbooks([caseload.logbook(self.candidate_id)])
                write_export(path, data)
                records = len(data["logbooks"][0]["records"])
                text = f"Exported 1 candidate ({_plural(records, 'record')}) to {path}"
            else:
                done = export_caseload(caseload, path)
                records = sum(exported.records for exported in done.written)
                text = (
                    f"Exported {_plural(len(done.written), 'candidate')} "
                    f"({_plural(records, 'record')}), a file each, to {path}"
                )
                if done.failed:
                    text += "\nNot exported, could not be read: " + "; ".join(done.failed)
        except CorruptLogbook as error:
            self.app.call_from_thread(self._failed, f"Not exported: {error}.")
            return
        except (OSError, StoreBusy) as error:
            reason = getattr(error, "strerror", None) or str(error)
            where = getattr(error, "filename", None) or path
            self.app.call_from_thread(
                self._failed, f"Not exported: cannot write {where}: {reason}."
            )
            return
        self.app.call_from_thread(self._done, text)

    def _failed(self, text: str) -> None:
        self._replace = None
        self.status(text, "refused")

    def _done(self, text: str) -> None:
        self._replace = None
        self.status(text, "saved")
        self.notify("Export written.", title="Exported")

    def action_back(self) -> None:
        self.dismiss()
