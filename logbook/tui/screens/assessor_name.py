"""Who is recording: the assessor's name, asked once on first start and changed from the
palette ("Assessor name: …").

The name goes into the history of every record saved, and is kept in the settings file in the
user's config folder (`logbook.store.settings`) for the next start. Enter (or ctrl+s) saves it;
the domain's rule on text decides whether it can be stored, and the field says what to fix.
Escape keeps the name as it is: on first start that is the login name, for this session only.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from logbook.domain.assessor import assessor_name_problem
from logbook.domain.text import visible
from logbook.store.settings import (
    COMMAND_LINE,
    ENV_VAR,
    AssessorRefused,
    save_assessor,
    settings_path,
)
from logbook.tui.widgets.fields import Field

ABOUT = (
    "Your name goes into the history of every record you save. It is kept in your settings "
    "file for the next start; change it later from the palette (ctrl+p, Assessor name)."
)
KEYS_FIRST = "enter  save      escape  use the login name, this session only"
KEYS_CHANGE = "enter  save      escape  keep the name as it is"
SESSION = "this session only"
HELP = "Who is recording: the name in the history of every record you save"


def one_line(text: str) -> str:
    return visible(text, multiline=False)


class AssessorNameScreen(ModalScreen[tuple[str, str] | None]):
    """Asks for the assessor's name; dismissed with the name and where it is kept (the
    settings file's path, or SESSION when it could not be written), or None (Escape)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Keep the name as it is"),
    ]

    def __init__(self, *, first_start: bool = False):
        super().__init__()
        self.first_start = first_start

    def compose(self) -> ComposeResult:
        title = "Who is recording?" if self.first_start else "Assessor name"
        current = "" if self.first_start else self.app.assessor
        with Vertical(id="assessor-box"):
            yield Label(title, classes="form-title")  # program text
            yield Label(ABOUT)  # program text
            yield Field(
                "Your name",
                Input(current, id="assessor-name"),
                name="assessor-name",
                hint=Text(self.hint(), end=""),
            )
            keys = KEYS_FIRST if self.first_start else KEYS_CHANGE
            yield Label(keys, classes="keys")  # program text

    def hint(self) -> str:
        """Where the name in use comes from, and what was passed over finding it."""
        app = self.app
        if self.first_start:
            lines = [f"Escape records as {one_line(app.assessor)}, your login name, this time."]
        else:
            where = {
                "": "your login name, for this session only",
                SESSION: "this session only",
                str(settings_path()): "the settings file",
            }.get(app.assessor_from, app.assessor_from)
            lines = [f"Now: {one_line(app.assessor)}, from {one_line(where)}."]
            first = app.known_assessor.source
            if first in (COMMAND_LINE, ENV_VAR):
                lines.append(f"At the next start {first} still comes first.")
        lines.extend(
            one_line(problem[:1].upper() + problem[1:]) for problem in app.known_assessor.problems
        )
        return "\n".join(lines)

    def on_mount(self) -> None:
        self.query_one("#assessor-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        field = self.query_one("#field-assessor-name", Field)
        if "invalid" in field.classes and assessor_name_problem(event.value) is None:
            field.show_note(Text(self.hint(), end=""))  # put right: the refusal goes

    def action_save(self) -> None:
        field = self.query_one("#field-assessor-name", Field)
        typed = self.query_one("#assessor-name", Input).value
        problem = assessor_name_problem(typed)
        if problem:
            field.show_error(Text(f"Not saved: {one_line(problem)}.", end=""))
            return
        name = typed.strip()
        try:
            path = save_assessor(name)
        except AssessorRefused as error:
            field.show_error(Text(f"Not saved: {one_line(str(error))}.", end=""))
            return
        except OSError as error:
            self.notify(
                f"Recording as {one_line(name)} for this session only: it could not be kept "
                f"in {one_line(str(settings_path()))} ({error.strerror or error}).",
                title="Assessor",
                severity="warning",
                timeout=30,
                markup=False,
            )
            self.dismiss((name, SESSION))
            return
        self.notify(
            f"Recording as {one_line(name)}; kept in {one_line(str(path))}.",
            title="Assessor",
            markup=False,
        )
        self.dismiss((name, str(path)))

    def action_cancel(self) -> None:
        if self.first_start:
            self.notify(
                f"Recording as {one_line(self.app.assessor)} (your login name) for this "
                "session only; set your name from the palette: ctrl+p, Assessor name.",
                title="Assessor",
                timeout=15,
                markup=False,
            )
        self.dismiss(None)


class AssessorNameCommands(Provider):
    """The palette's "Assessor name: <current>", on every screen: opens AssessorNameScreen."""

    def _title(self) -> str:
        return f"Assessor name: {one_line(self.app.assessor)}"

    def _open(self) -> None:
        self.app.action_assessor_name()

    async def discover(self) -> Hits:
        title = self._title()
        yield DiscoveryHit(Content(title), self._open, text=title, help=HELP)

    async def search(self, query: str) -> Hits:
        title = self._title()
        matcher = self.matcher(query)
        score, offsets = matcher.fuzzy_search.match(query, title)
        if score > 0:
            shown = Content(title)  # a name is text, never markup
            for offset in offsets:
                shown = shown.stylize(matcher.match_style, offset, offset + 1)
            yield Hit(score, shown, self._open, text=title, help=HELP)
