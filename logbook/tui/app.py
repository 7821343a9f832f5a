"""The Textual application: the caseload first, a screen per task, keys for everything.

Every binding a screen declares is also a command in the palette (ctrl+p), so an action is
always reachable by name as well as by key.

Text leaves the app as text: screens show record text through `logbook.tui.widgets.plain`, a
notification is never read as markup, and a pasted control character is put in the field in its
visible form (`^[`), in the order it was pasted (the driver keeps a bracketed paste whole:
`logbook.tui.driver`). ctrl+q asks before dropping a form's unsaved typing, as Escape does.
"""

from __future__ import annotations

import dataclasses
import getpass
import os
import threading
from collections.abc import Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from logbook.domain.text import visible
from logbook.store.caseload import Caseload
from logbook.store.settings import known_assessor

if TYPE_CHECKING:  # the standards are loaded when first needed, not at start
    from logbook.qualifications import Library

IMPORT_AHEAD_WAIT = 2.0  # the most the screens' imports wait for the caseload's first frame
QUIT_QUESTION = "Quit and drop what you typed? It has not been saved."


def pasted_text(text: str, *, multiline: bool) -> str:
    """What a paste puts in a field: the pasted text in its order, its control characters in
    their visible form; a one-line field takes its first line, as Textual's Input does."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = text.split("\n", 1)[0]
    return visible(text, multiline=multiline)


def held_input(event: events.Event) -> bool:
    """A key, a paste or a click from the terminal, not yet handed to a widget: what a screen
    being drawn holds (the pointer's moves are not held: they type nothing)."""
    return (
        isinstance(event, (events.Key, events.Paste, events.MouseEvent))
        and not isinstance(event, events.MouseMove)
        and not event.is_forwarded
    )


def no_color() -> bool:
    """NO_COLOR is set (to anything, https://no-color.org): no colour, only bold, reverse and
    underline."""
    return "NO_COLOR" in os.environ


def _import_ahead(after: threading.Event) -> None:
    from importlib import import_module

    from logbook.tui.screens.registry import AHEAD

    after.wait(IMPORT_AHEAD_WAIT)
    for module in AHEAD:
        import_module(module)


def assessor_commands():
    from logbook.tui.screens.assessor_name import AssessorNameCommands

    return AssessorNameCommands


class LogbookApp(App):
    TITLE = "logbook"
    SUB_TITLE = "NVQ Customer Service"
    # the caseload's styles and the shared ones; every other screen's are read when the first
    # of them opens (push_screen): some 10 ms of parsing that the start does without
    CSS_PATH = "logbook.tcss"
    SCREENS_CSS = Path(__file__).parent / "screens.tcss"
    COMMANDS = App.COMMANDS | {assessor_commands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "show_keys", "Keys"),
        # Tab moves on when it arrives, before the keys after it are handed to a field: over SSH
        # `Followed the policy.<Tab>Well done.` can arrive in one burst, and a Tab left to the
        # field would move on only after `Well done.` had gone into the wrong field.
        # (described, as f1 lists every binding: without words it showed the key alone)
        Binding("tab", "focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "focus_previous", "Previous field", show=False, priority=True),
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
        # NO_COLOR: Textual's NoColor filter (the terminal's own colours for every cell) needs
        # ANSI colour on from the start; its default, Monochrome, sent grey on grey, which an
        # 8- or 16-colour terminal shows black on black
        super().__init__(ansi_color=True if no_color() else None)
        self.caseload = Caseload(data_dir, library)
        self.known_assessor = known_assessor(assessor)
        self.assessor = self.known_assessor.name or getpass.getuser()
        self.assessor_from = self.known_assessor.source  # "" for the login name
        self.person = None  # with the centre's roles: who the login is (logbook.store.roles)
        self.roles_problem = ""
        self.use_roles(data_dir, library)
        self._today = today
        self._standards_warned = False
        self._imported_ahead = False
        # where an export goes unless the assessor types another place
        self.export_folder = export_folder or self.caseload.folder.parent
        self.show_assessor()

    def use_roles(self, data_dir: Path, library: Library | None) -> None:
        """With a roles file in the data folder, the user is who their login says: their name
        is the roles file's, never typed, and the caseload is theirs to see."""
        if not self.caseload.may_have_roles():
            return  # the single assessor's app: the roles' rules are not even imported
        from logbook.domain.iqa import Person
        from logbook.domain.validation import RecordRefused
        from logbook.store.roles import DamagedRoles, RoleCaseload, current_person, login_name

        try:
            person = current_person(self.caseload.folder)
        except (RecordRefused, DamagedRoles) as error:
            problems = getattr(error, "problems", None)
            self.roles_problem = problems[0].message if problems else str(error)
            login = login_name()
            person = Person(login, "iqa", login)  # a stranger: sees no candidate
        if person is None:
            return
        self.person = person
        self.caseload = RoleCaseload(data_dir, person, library)
        self.known_assessor = dataclasses.replace(
            self.known_assessor, name=person.name, problems=()
        )
        self.assessor = person.name
        self.assessor_from = "the centre's roles"

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
        if no_color():
            self.theme = "ansi-dark"  # Textual 8 has no "textual-ansi"

    def push_screen(self, screen, *args, **kwargs):
        """Push a screen, with the other screens' styles read first if they are not yet."""
        self.read_screens_css()
        return super().push_screen(screen, *args, **kwargs)

    def read_screens_css(self) -> None:
        """Add the other screens' styles to the app's stylesheet, once. Its rules are for their
        widgets alone, so nothing on the caseload is styled again; the stylesheet parses the
        new file when it next styles a widget (the files it has parsed are kept parsed)."""
        path = os.path.abspath(self.SCREENS_CSS)
        if not self.stylesheet.has_source(path):
            self.stylesheet.read(path)

    def import_ahead(self, after: threading.Event) -> None:
        """Import the screens a site visit's next keys open (`registry.AHEAD`) in a thread of
        their own, once a session, once `after` is set (the caseload's list drawn: the start
        does not share its frames with them). Enter and `o` then open a screen imported."""
        if not self._imported_ahead:
            self._imported_ahead = True
            # an import that fails here fails again, and is reported, on the key that needs it
            self.run_worker(
                partial(_import_ahead, after),
                thread=True,
                group="import-ahead",
                exit_on_error=False,
            )

    def get_driver_class(self):
        from logbook.tui.driver import paste_keeping

        return paste_keeping(super().get_driver_class())

    async def on_event(self, event: events.Event) -> None:
        if held_input(event) and self._held_by_screen(event):
            return  # handed on by the screen, in order, once it is drawn whole
        if isinstance(event, events.Paste) and not event.is_forwarded:
            from textual.widgets import TextArea  # not at start-up: a paste comes later

            event.text = pasted_text(event.text, multiline=isinstance(self.focused, TextArea))
        await super().on_event(event)

    async def hand_on(self, held: list) -> None:
        """What a screen held (`hold`) handed on, in order, as if it came now: a screen that
        holds then holds it in turn."""
        for event in held:
            await self.on_event(event)

    def _held_by_screen(self, event: events.Event) -> bool:
        """A screen being drawn a part a frame (a form: logbook.tui.screens.form) holds the
        keys typed meanwhile, to hand them on once whole."""
        try:
            hold = getattr(self.screen, "hold", None)
        except ScreenStackError:
            return False
        return hold is not None and hold(event)

    def notify(self, message: str, *, title: str = "", markup: bool = True, **kwargs) -> None:
        """Every notification is shown as text: a message may quote a record or a file."""
        super().notify(visible(str(message)), title=visible(str(title)), markup=False, **kwargs)

    def action_quit(self) -> None:
        """Quit; when a form holds unsaved typing, ask first, as Escape does. Answered once the
        focused field has taken every key typed before it, as ctrl+s is (a priority key is
        seen before the keys typed just before it are in the field): `Canteen^Q` in one burst,
        or handed on at once by a form drawn a part a frame (FormScreen.hold), asks."""
        field = self.focused
        if field is not None:
            field.call_later(self._quit_asking)
        else:
            self._quit_asking()

    def _quit_asking(self) -> None:
        from logbook.tui.screens.confirm import ConfirmDiscardScreen

        if isinstance(self.screen, ConfirmDiscardScreen):
            return  # already asking
        if not any(getattr(screen, "dirty", False) for screen in self.screen_stack):
            self.exit()
            return

        def answered(drop: bool | None) -> None:
            if drop:
                self.exit()

        self.push_screen(ConfirmDiscardScreen(QUIT_QUESTION, yes="drop it and quit"), answered)

    def _fatal_error(self) -> None:
        """Stop on an unexpected error with a traceback that says where, not what: Textual's
        own lists every local variable of every frame, which here hold a logbook's records."""
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    def on_portfolio_saved(self, saved) -> None:
        """A form saved (logbook.tui.messages.PortfolioSaved): every other screen open on that
        candidate follows the portfolio it carries, so none reads the file again."""
        for screen in self.screen_stack:
            if (
                screen is not saved.source
                and getattr(screen, "candidate_id", None) == saved.candidate_id
                and hasattr(screen, "follow")
            ):
                screen.follow(saved)

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
        role = "assessor"
        if self.person is not None:
            from logbook.domain.iqa import ROLE_NAMES

            role = ROLE_NAMES.get(self.person.role, "assessor")
        who = visible(self.assessor, multiline=False)
        self.sub_title = f"{self.SUB_TITLE} · {role}: {who}"

    def on_ready(self) -> None:
        """Say what was passed over in finding the assessor's name, and ask for it when
        nothing said it: once, on first start."""
        if self.roles_problem:
            self.notify(self.roles_problem, title="Roles", severity="error", timeout=60)
        for problem in self.known_assessor.problems:
            self.notify(problem, title="Assessor", severity="warning", timeout=30, markup=False)
        if self.known_assessor.name is None and self.person is None:
            self.action_assessor_name(first_start=True)

    def action_assessor_name(self, first_start: bool = False) -> None:
        if self.person is not None:
            self.notify(
                "Your name comes from your login and the centre's roles: a lead IQA changes it "
                "with 'logbook roles set'.",
                title="Assessor",
            )
            return
        from logbook.tui.screens.assessor_name import AssessorNameScreen

        self.push_screen(AssessorNameScreen(first_start=first_start), self.assessor_named)

    def assessor_named(self, named: tuple[str, str] | None) -> None:
        """The name screen closed: with the name and where it is kept, or None (Escape)."""
        if named is None:
            return
        self.assessor, self.assessor_from = named
        self.show_assessor()
