"""What every recording screen shares: save with ctrl+s off the key handlers, refusals shown
beside their fields, and Escape that warns before dropping unsaved typing.

A screen builds its record in `build()` (raising FormInvalid with field problems when the typing
cannot make a record, e.g. a bad date) and stores it in `store()`, which runs in a worker
thread; the rules live in the domain and the store, never here.
"""

from __future__ import annotations

from textual import work
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Select, Static, TextArea
from textual.worker import get_current_worker

from logbook.domain.dates import DateError, parse_time
from logbook.domain.validation import Problem, RecordRefused
from logbook.store.storage import StoreBusy
from logbook.tui.screens.confirm import ConfirmDiscardScreen
from logbook.tui.widgets.criteria_picker import CriteriaPicker
from logbook.tui.widgets.fields import Field


class FormInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


class FormScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "back", "Back"),
    ]
    saved_record = None
    _clean: tuple | None = None

    def status(self) -> Static:
        return self.query_one("#form-status", Static)

    def form_status(self) -> Static:
        return Static("", id="form-status")

    def _snapshot(self) -> tuple:
        values = []
        for widget in self.query("Input, TextArea, Select, Checkbox, CriteriaPicker, KeyChoice"):
            if isinstance(widget, TextArea):
                values.append(widget.text)
            elif isinstance(widget, CriteriaPicker):
                values.append(tuple(widget.picked))
            elif "picker-search" in widget.classes:
                continue
            else:
                values.append(widget.value)
        return tuple(values)

    def on_mount(self) -> None:
        """The scrolling body of the form is not a stop of Tab and Shift+Tab: focus goes from
        field to field, never to a container that shows no cursor (where typing is lost)."""
        for body in self.query(".form"):
            body.can_focus = False

    def on_screen_resume(self) -> None:
        if self._clean is None:
            self.call_after_refresh(self.mark_clean)

    def mark_clean(self) -> None:
        """What is on the form now counts as nothing typed."""
        self._clean = self._snapshot()

    @property
    def dirty(self) -> bool:
        return self._clean is not None and self._snapshot() != self._clean

    def action_back(self) -> None:
        if not self.dirty:
            self.dismiss(self.saved_record)
            return

        def answered(drop: bool | None) -> None:
            if drop:
                self.dismiss(self.saved_record)

        self.app.push_screen(ConfirmDiscardScreen(), answered)

    # building ---------------------------------------------------------------------------------

    def build(self):  # pragma: no cover - every form defines it
        raise NotImplementedError

    def store(self, record):  # pragma: no cover - every form defines it
        raise NotImplementedError

    def finish(self, record):
        """What a family of forms adds to the record every one of its screens builds."""
        return record

    def value(self, name: str) -> str:
        control = self.query_one(f"#field-{name}", Field).control
        if isinstance(control, TextArea):
            return control.text
        if isinstance(control, Select):
            return "" if control.is_blank() else str(control.value)
        return control.value

    def read_date(self, name: str, problems: list[Problem], required: bool = True):
        control = self.query_one(f"#field-{name}", Field).control
        if not control.value.strip() and not required:
            return None
        try:
            return control.parse(self.app.today)
        except DateError as error:
            problems.append(Problem(name, str(error)))
            return None

    def read_time(self, name: str, problems: list[Problem]):
        """The time typed in a field, None if left empty; a bad time is added to `problems`."""
        text = self.value(name)
        if not text.strip():
            return None
        try:
            return parse_time(text)
        except DateError as error:
            problems.append(Problem(name, str(error)))
            return None

    def clear_problems(self) -> None:
        for field in self.query(Field):
            if "invalid" in field.classes:
                field.show_error("")

    def show_problems(self, problems: list[Problem]) -> None:
        self.clear_problems()
        general = []
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            if self.query(f"#field-{problem.field}"):
                by_field.setdefault(problem.field, []).append(problem.message)
            else:
                general.append(problem.message)
        for name, messages in by_field.items():
            self.query_one(f"#field-{name}", Field).show_error("\n".join(messages))
        lines = "\n".join(f"• {m}" for m in general)
        self.status().update(f"Not saved. Fix the marked fields.\n{lines}".strip())
        self.status().set_classes("refused")
        first = self.query(".invalid")
        if first:
            first.first().control.focus()
            self.query_one(VerticalScroll).scroll_to_widget(first.first())

    def action_save(self) -> None:
        if self.saved_record is not None and not self.dirty:
            self.status().update("Already saved; nothing has changed since.")
            return
        try:
            record = self.finish(self.build())
        except FormInvalid as invalid:
            self.show_problems(invalid.problems)
            return
        self.status().update("Saving…")
        self.status().set_classes("saving")
        self._save(record)

    @work(thread=True, exclusive=True, group="save")
    def _save(self, record) -> None:
        worker = get_current_worker()
        try:
            stored = self.store(record)
        except RecordRefused as refused:
            if not worker.is_cancelled:
                self.app.call_from_thread(self.show_problems, refused.problems)
            return
        except StoreBusy as busy:
            self.app.call_from_thread(self._failed, str(busy))
            return
        self.app.call_from_thread(self._stored, stored)

    def _failed(self, message: str) -> None:
        self.status().update(f"Not saved: {message}")
        self.status().set_classes("refused")

    def _stored(self, record) -> None:
        self.clear_problems()
        self.saved_record = record
        self.mark_clean()
        self.status().update(f"Saved: stored safely on disk. {self.saved_message(record)}")
        self.status().set_classes("saved")
        self.notify("Stored safely on disk.", title="Saved")
        self.after_save(record)

    def saved_message(self, record) -> str:
        return "Escape to go back."

    def after_save(self, record) -> None:
        """A form may reset itself for the next entry."""
