"""The Textual application: the caseload first, a screen per task, keys for everything.

Every binding a screen declares is also a command in the palette (ctrl+p), so an action is
always reachable by name as well as by key.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from logbook.domain.text import visible
from logbook.qualifications import Library
from logbook.store.caseload import Caseload
from logbook.store.settings import known_assessor


def assessor_commands():
    from logbook.tui.screens.assessor_name import AssessorNameCommands

    return AssessorNameCommands


class LogbookApp(App):
    TITLE = "logbook"
    SUB_TITLE = "NVQ Customer Service"
    CSS_PATH = "logbook.tcss"
    COMMANDS = App.COMMANDS | {assessor_commands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "show_keys", "Keys"),
    ]

    def __init__(
        self,
        data_dir: Path,
        *,
        library: Library | None = None,
        assessor: str | None = None,
        today: date | None = None,
        export_folder: Path | None = None,
    ):
        super().__init__()
        self.caseload = Caseload(data_dir, library)
        self.known_assessor = known_assessor(assessor)
        self.assessor = self.known_assessor.name or getpass.getuser()
        self.assessor_from = self.known_assessor.source  # "" for the login name
        self._today = today
        self._standards_warned = False
        # where an export goes unless the assessor types another place
        self.export_folder = export_folder or self.caseload.folder.parent
        self.show_assessor()

    @property
    def library(self) -> Library:
        return self.caseload.library

    def warn_of_refused_standards(self) -> None:
        """Say once that a standards file of the data folder (a centre's file edited by hand)
        was refused and left out: its units are as shipped until it is put right."""
        if self._standards_warned:
            return
        self._standards_warned = True
        for problem in self.library.problems:
            self.notify(
                f"standards file refused: {problem}",
                title="Standards",
                severity="warning",
                timeout=30,
                markup=False,
            )

    @property
    def today(self) -> date:
        return self._today or date.today()

    def get_default_screen(self) -> Screen:
        """The caseload is the app's first screen: nothing else is drawn before it."""
        from logbook.tui.screens.caseload import CaseloadScreen

        return CaseloadScreen()

    def on_mount(self) -> None:
        if os.environ.get("NO_COLOR"):
            self.theme = "ansi-dark"  # Textual 8 has no "textual-ansi"

    def action_show_keys(self) -> None:
        if self.screen.query("KeyPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        seen = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            node = active.node

            def run(action=binding.action, node=node):
                self.call_later(node.run_action, action)

            yield SystemCommand(binding.description, f"{binding.description} ({key})", run)

    # who the assessor is --------------------------------------------------------------------
    # The name in every history entry: said by --assessor, LOGBOOK_ASSESSOR or the settings file
    # (logbook.store.settings), else asked once at start. The header shows it; the palette's
    # "Assessor name" changes it (logbook.tui.screens.assessor_name).

    def show_assessor(self) -> None:
        self.sub_title = f"{self.SUB_TITLE} · assessor: {visible(self.assessor, multiline=False)}"

    def on_ready(self) -> None:
        """Say what was passed over in finding the assessor's name, and ask for it when
        nothing said it: once, on first start."""
        for problem in self.known_assessor.problems:
            self.notify(problem, title="Assessor", severity="warning", timeout=30, markup=False)
        if self.known_assessor.name is None:
            self.action_assessor_name(first_start=True)

    def action_assessor_name(self, first_start: bool = False) -> None:
        from logbook.tui.screens.assessor_name import AssessorNameScreen

        self.push_screen(AssessorNameScreen(first_start=first_start), self.assessor_named)

    def assessor_named(self, named: tuple[str, str] | None) -> None:
        """The name screen closed: with the name and where it is kept, or None (Escape)."""
        if named is None:
            return
        self.assessor, self.assessor_from = named
        self.show_assessor()
