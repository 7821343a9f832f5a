"""Form fields: a labelled input with its reason shown beside it when it is wrong."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select

from logbook.domain.dates import DateError, parse_date, parse_time, say_date
from logbook.tui.widgets.plain import Plain


class Field(Vertical):
    """A label, a control, and a line for why it is refused (for dates: the date in words)."""

    DEFAULT_CLASSES = "field"

    def __init__(self, label: str, control: Widget, *, name: str, hint: str = ""):
        super().__init__(id=f"field-{name}")
        self.field_name = name
        self.label = label
        self.control = control
        self.hint = hint

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="field-label")  # program text: the field's name
        yield self.control
        yield Plain(self.hint, classes="field-note")

    def show_error(self, message: str) -> None:
        note = self.query_one(".field-note", Plain)
        note.update(message)
        note.set_class(bool(message), "error")
        self.set_class(bool(message), "invalid")

    def show_note(self, message: str) -> None:
        note = self.query_one(".field-note", Plain)
        note.update(message)
        note.remove_class("error", "ask")
        self.remove_class("invalid")

    def show_question(self, message: str) -> None:
        """Something the assessor is asked to confirm: not wrong, but not settled either."""
        self.show_note(message)
        self.query_one(".field-note", Plain).add_class("ask")


class DateInput(Input):
    """A date typed the UK way; the field says it back in words or says why it is wrong."""

    def __init__(self, value: str = "", *, allow_future: bool = False, **kwargs):
        super().__init__(value=value, placeholder="24/11/2026, today, mon", **kwargs)
        self.allow_future = allow_future

    def parse(self, today: date) -> date:
        return parse_date(self.value, today, allow_future=self.allow_future)

    def on_input_changed(self, event: Input.Changed) -> None:
        field = next((a for a in self.ancestors if isinstance(a, Field)), None)
        if field is None:
            return
        if not self.value.strip():
            field.show_note("")
            return
        try:
            field.show_note(say_date(self.parse(self.app.today)))
        except DateError as error:
            field.show_error(str(error))


class TimeInput(Input):
    def __init__(self, value: str = "", **kwargs):
        super().__init__(value=value, placeholder="14:30, 2.30pm, now", **kwargs)

    def on_input_changed(self, event: Input.Changed) -> None:
        field = next((a for a in self.ancestors if isinstance(a, Field)), None)
        if field is None or not self.value.strip():
            return
        try:
            field.show_note(parse_time(self.value).strftime("%H:%M"))
        except DateError as error:
            field.show_error(str(error))


class ContextFields(Vertical):
    """The working context, and, where the qualification names the reasons simulation may be
    used for, the reason: asked for only while simulation is chosen."""

    DEFAULT_CLASSES = "context-fields"

    def __init__(self, context: Field, reason: Field | None):
        super().__init__()
        self.context = context
        self.reason = reason

    def compose(self) -> ComposeResult:
        yield self.context
        if self.reason is not None:
            yield self.reason

    def on_mount(self) -> None:
        self._show_reason()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select is self.context.control:
            self._show_reason()

    def _show_reason(self) -> None:
        if self.reason is not None:
            self.reason.display = self.context.control.value == "simulation"


class Tick(Checkbox):
    """A checkbox whose box is empty when not ticked: Textual draws the X either way, told
    apart by colour alone, so that in 8 colours or NO_COLOR an unticked box looked ticked."""

    @property
    def BUTTON_INNER(self) -> str:  # Textual's name for the mark in the box
        return "X" if self.value else " "
