"""Form fields: a labelled input with its reason shown beside it when it is wrong.

Dates and times are checked as they are typed by Textual `Validator`s that ask the domain
(`logbook.domain.dates`): the validator holds no rule of its own, it says what the domain's
parser says.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.validation import ValidationResult, Validator
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

    # Marked by a refused save, then changed: the mark goes and the hint is said again (the
    # next save says whether it is right now). Handled here, as the change comes up from the
    # control, before the screen's own checks of what was typed, which may mark it again. A
    # date or a time says itself back (CheckedInput).
    def _answered(self) -> None:
        if "invalid" in self.classes:
            self.show_note(self.hint)

    def on_input_changed(self, event: Input.Changed) -> None:
        if not isinstance(event.input, CheckedInput):
            self._answered()

    def on_text_area_changed(self) -> None:
        self._answered()

    def on_select_changed(self) -> None:
        self._answered()

    def on_checkbox_changed(self) -> None:
        self._answered()

    def on_key_choice_changed(self) -> None:
        self._answered()

    def on_criteria_picker_changed(self) -> None:
        self._answered()


class DomainValidator(Validator):
    """A Validator that asks a domain parser: the value is valid when `parse` reads it, and
    the failure is the domain's reason (DateError). An empty value is left to the form: a
    required field says so when it is saved."""

    def __init__(self, parse: Callable[[str], object]):
        super().__init__()
        self.parse = parse

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.success()
        try:
            self.parse(value)
        except DateError as error:
            return self.failure(str(error))
        return self.success()


class CheckedInput(Input):
    """An input whose validators' verdict is shown on its field as it is typed: the reason when
    it is wrong, else `said_back()` (a date in words, a time as 14:30)."""

    def said_back(self) -> str:
        return ""

    def on_input_changed(self, event: Input.Changed) -> None:
        field = next((a for a in self.ancestors if isinstance(a, Field)), None)
        result = event.validation_result
        if field is None or result is None:
            return
        if not result.is_valid:
            field.show_error("; ".join(result.failure_descriptions))
        else:
            field.show_note(self.said_back() if self.value.strip() else field.hint)


class DateInput(CheckedInput):
    """A date typed the UK way; the field says it back in words or says why it is wrong."""

    def __init__(self, value: str = "", *, allow_future: bool = False, **kwargs):
        self.allow_future = allow_future
        super().__init__(
            value=value,
            placeholder="24/11/2026, today, mon",
            validators=[DomainValidator(lambda text: self.parse(self.today(), text))],
            **kwargs,
        )

    def today(self) -> date:
        return self.app.today

    def parse(self, today: date, text: str | None = None) -> date:
        text = self.value if text is None else text
        return parse_date(text, today, allow_future=self.allow_future)

    def said_back(self) -> str:
        return say_date(self.parse(self.today()))


class TimeInput(CheckedInput):
    def __init__(self, value: str = "", **kwargs):
        super().__init__(
            value=value,
            placeholder="14:30, 2.30pm, now",
            validators=[DomainValidator(parse_time)],
            **kwargs,
        )

    def said_back(self) -> str:
        return parse_time(self.value).strftime("%H:%M")


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


class FormBody(VerticalScroll):
    """A form's fields, drawn a part a frame: the first `first` of them with the screen, each
    of the rest after the frame before it is drawn. Textual styles, lays out and draws a whole
    screen of widgets in one callback: the nine fields of an observation at once kept `o`
    waiting 26 ms and more of UI-thread work; a part at a time, no frame costs more than one.

    The screen holds every key typed until the body is whole (`Whole`, then laid out: focus
    goes by position on screen), and hands them on then, in order
    (logbook.tui.screens.form.FormScreen.hold): a key never lands in a field before the field
    it would land in on the whole form is there. `first=None` mounts every field at once (a
    form opened on a record, filled as soon as it is drawn)."""

    DEFAULT_CLASSES = "form"

    class Whole(Message):
        """Every field of the form is mounted."""

    def __init__(self, *children, first: int | None = 4, **kwargs):
        super().__init__(*children, **kwargs)
        self.first = first
        self.waiting: list[Widget] = []  # composed into the form, not mounted yet, in order

    def compose_add_child(self, widget) -> None:
        if self.first is None or (len(self._pending_children) < self.first and not self.waiting):
            super().compose_add_child(widget)
        else:
            self.waiting.append(widget)

    def on_mount(self) -> None:
        if self.waiting:
            self.call_after_refresh(self._mount_next)
        else:
            self.post_message(self.Whole())

    @property
    def whole(self) -> bool:
        return not self.waiting

    async def _mount_next(self) -> None:
        if not self.waiting or not self.is_attached:
            return
        await self.mount(self.waiting[0])
        self.waiting.pop(0)  # counted as waiting until mounted: the form is not whole before
        if self.waiting:
            self.call_after_refresh(self._mount_next)
        else:
            self.post_message(self.Whole())
