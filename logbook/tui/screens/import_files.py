"""Import export files into the caseload: one file, or a folder of them (`export --all`).

The same import as `logbook import FILE|DIR` (`logbook.store.exchange.import_paths`): each file
is checked whole and imported only if all is well in it, else it is said why and nothing of it is
written; the next file is still tried. The import runs off the key handlers; then the screen says,
a line per file, who was imported or why not.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from logbook.store.exchange import export_files, import_paths
from logbook.store.logbooks import CorruptLogbook
from logbook.tui.widgets.fields import Field
from logbook.tui.widgets.plain import Plain

HINT = "an export file, or a folder of them; Enter or ctrl+s imports"


class ImportScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "import_files", "Import", priority=True),
        Binding("escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain("Import", classes="form-title")
        with VerticalScroll(classes="form"):
            yield Field(
                "Import from",
                Input(str(self.app.export_folder), id="path"),
                name="path",
                hint=HINT,
            )
            yield Plain("", id="import-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_import_files()

    def status(self, text: str, state: str) -> None:
        said = self.query_one("#import-status", Plain)
        said.update(text)
        said.set_classes(state)

    def action_import_files(self) -> None:
        field = self.query_one("#field-path", Field)
        typed = self.query_one("#path", Input).value.strip()
        path = Path(typed).expanduser().absolute()
        problem = ""
        if not typed:
            problem = "type the export file, or the folder of export files, to import"
        elif not path.exists():
            problem = f"there is no file or folder {path}"
        elif path.is_dir() and not export_files([path]):
            problem = f"{path} holds no export files (*.json)"
        if problem:
            field.show_error(problem)
            self.status(f"Nothing imported: {problem}.", "refused")
            return
        field.show_note(HINT)
        self.status("Importing…", "saving")
        self._import(path)

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: Path) -> None:
        caseload = self.app.caseload
        results = import_paths(caseload, [path], by=self.app.assessor)
        lines = []
        for result in results:
            if result.refused:
                lines.append(result.refused)
                continue
            for candidate_id in result.ids:
                try:
                    candidate = caseload.logbook(candidate_id).read(self.app.today).candidate
                    who = f"{candidate.name} ({candidate.registration_number})"
                except (CorruptLogbook, ValueError):
                    who = candidate_id
                lines.append(f"{result.path.name}: imported {who}")
        refused = sum(1 for result in results if result.refused)
        summary = f"{len(results) - refused} of {len(results)} files imported"
        if refused:
            summary += f", {refused} refused (nothing of those was written)"
        self.app.call_from_thread(self._done, [summary, *lines], bool(refused))

    def _done(self, lines: list[str], refused: bool) -> None:
        self.status("\n".join(lines), "refused" if refused else "saved")
        self.notify(lines[0], title="Import")

    def action_back(self) -> None:
        self.dismiss()
