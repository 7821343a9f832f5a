"""Sync with the centre: push this laptop's new entries, pull what others wrote.

The same sync as `logbook sync` (`logbook.centre.sync`), run off the key handlers. The centre is
the one `$LOGBOOK_CENTRE` or the settings file names, shown to change before Enter (or ctrl+s)
syncs; then the screen says what was pushed and pulled, what was merged, the flags a merge left
("2 versions: choose"), and anything not synced and why.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from logbook.tui.widgets.fields import Field
from logbook.tui.widgets.plain import Plain

HINT = "a connection string (host=... dbname=... user=...); Enter or ctrl+s syncs"


class SyncScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "sync", "Sync", priority=True),
        Binding("escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        from logbook.centre.sync import NoCentre, centre_conninfo

        try:
            centre = centre_conninfo()
        except NoCentre:
            centre = ""
        yield Header()
        yield Plain("Sync with the centre", classes="form-title")
        with VerticalScroll(classes="form"):
            yield Field("Centre", Input(centre, id="centre"), name="centre", hint=HINT)
            yield Plain("", id="sync-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#centre", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_sync()

    def status(self, text: str, state: str) -> None:
        said = self.query_one("#sync-status", Plain)
        said.update(text)
        said.set_classes(state)

    def action_sync(self) -> None:
        from logbook.centre.sync import NoCentre, centre_conninfo

        field = self.query_one("#field-centre", Field)
        try:
            conninfo = centre_conninfo(self.query_one("#centre", Input).value.strip())
        except NoCentre as error:
            field.show_error(str(error))
            self.status(f"Nothing synced: {error}.", "refused")
            return
        field.show_note(HINT)
        self.status("Syncing…", "saving")
        self._sync(conninfo)

    @work(thread=True, exclusive=True, group="sync")
    def _sync(self, conninfo: str) -> None:
        import psycopg

        from logbook.centre.sync import connect, sync

        try:
            with connect(conninfo) as conn:
                report = sync(conn, self.app.caseload.folder, self.app.assessor)
        except psycopg.Error as error:
            reason = (str(error).strip().splitlines() or [type(error).__name__])[0][:300]
            self.app.call_from_thread(
                self._done, [f"Not synced: the centre cannot be reached or stopped ({reason})."
                             " What was done is kept: ctrl+s tries again."], True,
            )  # fmt: skip
            return
        self.app.call_from_thread(self._done, report.lines(), bool(report.refused))

    def _done(self, lines: list[str], refused: bool) -> None:
        if not self.is_attached:
            return
        self.status("\n".join(lines), "refused" if refused else "saved")
        self.notify(lines[0], title="Sync")

    def action_back(self) -> None:
        self.dismiss()
