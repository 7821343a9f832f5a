"""What every recording screen shares: save with ctrl+s off the key handlers, refusals shown
beside their fields, and Escape (or ctrl+q) that warns before dropping unsaved typing.

Forms go both ways: opened on a saved record (`open_on`), a form is filled from it by `load()`
(every field named as one of the record's attributes takes its value; a form adds what is its own)
and saving it changes that record in place, or, when the record is sealed (the domain's
`sealed_reason`), corrects it: a new record pointing at the old one, with who (the assessor),
when (now) and why (the reason field the form then shows, which the store refuses empty).

A screen builds its record in `build()` (raising FormInvalid with field problems when the typing
cannot make a record, e.g. a bad date) and stores it in `store()`, which runs in a worker
thread; the rules live in the domain and the store, never here.

No error loses the typing: whatever stops a save (a full disk, a read-only folder, a damaged
file, a lock that cannot be taken) is said on the form in words, the form stays as typed, ctrl+s
tries again, and ctrl+o writes what is typed to a private file beside the data folder.
"""

from __future__ import annotations

import errno
import os
from contextlib import suppress
from datetime import date, datetime, time
from pathlib import Path

from textual import work
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Select, TextArea
from textual.widgets.select import InvalidSelectValueError
from textual.worker import get_current_worker

from logbook.domain.dates import DateError, parse_time
from logbook.domain.text import visible
from logbook.domain.validation import Problem, RecordRefused
from logbook.store.logbooks import CorruptLogbook
from logbook.store.storage import FILE_MODE, StoreBusy
from logbook.tui.messages import PortfolioSaved, file_stamp
from logbook.tui.screens.confirm import ConfirmDiscardScreen
from logbook.tui.widgets.criteria_picker import CriteriaPicker
from logbook.tui.widgets.fields import Field, FormBody
from logbook.tui.widgets.key_choice import KeyChoice
from logbook.tui.widgets.plain import Plain, StyledOnce, field_value

# What an operating system error means for a save, in the words an assessor needs.
_OS_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EFBIG: "the file has grown past the size this system allows",
    errno.EROFS: "the data folder is on a read-only disk",
    errno.EACCES: "permission denied: the data folder or the file cannot be written",
    errno.EPERM: "the system does not allow the data folder or the file to be changed",
    errno.EISDIR: "a folder stands where the file should be",
    errno.ENOTDIR: "a file stands where a folder should be",
    errno.ELOOP: "a symbolic link stands where the file should be",
    errno.ENOENT: "the file or its folder is missing",
    errno.EIO: "the disk reported a read or write error",
}
AFTER_FAILURE = "What you typed is still here: ctrl+s tries again, ctrl+o writes it to a file."


def save_error(error: BaseException) -> str:
    """Why a save failed, in words (the error itself, never a traceback)."""
    if isinstance(error, (StoreBusy, CorruptLogbook)):
        return str(error)
    if isinstance(error, OSError):
        reason = _OS_REASONS.get(error.errno) or error.strerror or "the system refused it"
        where = f" ({Path(error.filename).name})" if error.filename else ""
        return f"{reason}{where}"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def put_value(control, value) -> None:
    """Put a record's value into the control that edits it (a value of another shape, e.g. a
    list for a one-line input, is left for the form's own `load`)."""
    if isinstance(control, CriteriaPicker):
        if isinstance(value, list):
            control.picked = list(value)
            control.refresh_picked()
    elif isinstance(control, TextArea):
        control.text = visible(str(value or ""))
    elif isinstance(control, Checkbox):
        control.value = bool(value)
    elif isinstance(control, Select):
        # a value not among its choices (an older record) is left as the form offers it
        with suppress(InvalidSelectValueError):
            control.value = value
    elif isinstance(control, KeyChoice):
        control.value = str(value or "")
    elif isinstance(control, Input):
        if isinstance(value, date):
            control.value = value.strftime("%d/%m/%Y")
        elif isinstance(value, time):
            control.value = value.strftime("%H:%M")
        elif value is None:
            control.value = ""
        elif isinstance(value, (str, int)) and not isinstance(value, bool):
            control.value = field_value(value)


class FormInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


class FormScreen(StyledOnce, Screen):
    # nothing is focused as the form is composed: each form focuses its first field when
    # mounted (Textual's default focused the scrolling body first, then the field: the whole
    # form restyled twice); `_focus_a_field` is the net for a form that focuses none
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "back", "Back"),
        Binding("ctrl+o", "copy_out", "Write typing to a file", show=False, priority=True),
    ]
    saved_record = None
    _clean: tuple | None = None
    loaded = None  # the saved record this form was opened on, to edit or correct
    correcting = False  # the record is sealed: saving corrects it, saying why
    # the keys (pastes, clicks) that came before the form was open (`_open`), held till then
    # (`hold`): None when nothing is held
    _held: list | None = None
    # drawn whole, laid out, a field focused and what was held handed on: keys go straight
    # to the fields from then on (until then every key is held: `hold`)
    _open = False

    # opening on a saved record ----------------------------------------------------------------

    def open_on(self, record, *, correct: bool = False):
        """This form, to be filled from `record` once drawn; saving changes it (or, with
        `correct`, corrects it)."""
        self.loaded = record
        self.correcting = correct
        return self

    async def on_mount(self) -> None:
        """Runs after the form's own on_mount (Textual calls each class's handler): a form
        opened on a record is filled from it, and a correction asks why first.

        The scrolling body of the form is not a stop of Tab and Shift+Tab: focus goes from
        field to field, never to a container that shows no cursor (where typing is lost)."""
        for body in self.query(".form"):
            body.can_focus = False
        self.app.call_later(self._focus_a_field)  # after the focus the form's on_mount asked
        if self.loaded is None:
            self._hand_on_after_mount()
            return
        self.load(self.loaded)
        if not self.correcting:
            self.saved_record = self.loaded  # saving changes this record
        else:
            reason = Field(
                "Why it is corrected",
                TextArea(id="correction_reason"),
                name="correction_reason",
                hint=f"required: saved with your name ({self.app.assessor}) and the time",
            )
            form = self.query_one(VerticalScroll)
            await form.mount(reason, before=0)
            reason.control.focus()
        self._clean = None
        self.call_after_refresh(self.mark_clean)
        self._hand_on_after_mount()

    def _hand_on_after_mount(self) -> None:
        """The form is open once laid out with a field focused, and the keys that came before
        (opened by a key in one burst with them: `w`, then the witness's name, from
        logbook.tui.screens.overview) are handed on then; a form drawn a part a frame
        (FormBody) opens once whole (`on_form_body_whole`)."""
        if not self.query(FormBody):
            self.call_after_refresh(self._whole_laid_out)

    # drawn a part a frame --------------------------------------------------------------------

    def form_body(self) -> FormBody:
        """The scrolling body of the form, for its fields: drawn a part a frame (FormBody) on
        a new form, whole at once on a form opened on a record (filled as soon as drawn).
        While it is drawn, every key is held (`hold`) and handed on once it is whole."""
        if self.loaded is not None:
            return FormBody(first=None)
        return FormBody()

    def hold(self, event) -> bool:
        """Called by the app (logbook.tui.app.LogbookApp.on_event) for every key, paste and
        click before it is handed to a widget: while the form is still being drawn, it is
        kept, in order, and True said. Focus goes by position on screen, and a field not
        drawn yet cannot take it: a key after a Tab would land in the wrong field. Every form
        holds the keys that come before it is drawn at all (opened by a key in the same burst):
        no field is there to take them."""
        if self._open:
            return False
        if self._held is None:
            self._held = []
        self._held.append(event)
        return True

    def on_form_body_whole(self, message: FormBody.Whole) -> None:
        self.call_after_refresh(self._whole_laid_out)  # Tab goes by where fields are

    def _whole_laid_out(self) -> None:
        if self.loaded is None:
            self.mark_clean()  # every field as it was made: nothing typed yet (all is held)
        # handed on in the app's own turn: a key arriving meanwhile is queued behind this,
        # and held until then, so every key is handed on in the order it came
        self.app.call_later(self._hand_on_held)

    async def _hand_on_held(self) -> None:
        held, self._held = self._held or [], None
        self._open = True
        await self.app.hand_on(held)

    def _focus_a_field(self) -> None:
        if self.is_attached and self.focused is None:
            self.focus_next()

    def load(self, record) -> None:
        """Fill every field named as one of `record`'s attributes with its value; a form
        overrides this to add what only it holds (and calls it)."""
        for field in self.query(Field):
            if field.field_name == "correction_reason" or not hasattr(record, field.field_name):
                continue
            put_value(field.control, getattr(record, field.field_name))
        if hasattr(record, "confirmed"):
            self.confirmation = record.confirmed

    def correction_reason(self) -> str:
        if not self.query("#correction_reason"):
            return ""
        return self.query_one("#correction_reason", TextArea).text

    def prepare(self) -> None:
        """Read what the form shows from the logbook, when the screen that opens it holds
        nothing to hand it: in the app the overview and the record screen hand their portfolio
        on (read once), so no form reads the file to be drawn. Nothing to read by default."""

    def status(self) -> Plain:
        return self.query_one("#form-status", Plain)

    def form_status(self) -> Plain:
        return Plain("", id="form-status")

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

    def on_screen_resume(self) -> None:
        if self._clean is None and self._open:  # else marked clean once whole
            self.call_after_refresh(self.mark_clean)

    def mark_clean(self) -> None:
        """What is on the form now counts as nothing typed."""
        self._clean = self._snapshot()

    @property
    def dirty(self) -> bool:
        """Something typed differs from what the form was made (or loaded, or saved) with;
        never while the form is drawn: every key is held till then."""
        return self._open and self._clean is not None and self._snapshot() != self._clean

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
                field.show_note(field.hint)  # what it is for, as before it was marked

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
        """ctrl+s, answered once the focused field has taken every key typed before it: over SSH
        `Well done.^S` can arrive in one burst, and the field takes its keys after the app has
        already seen ctrl+s."""
        field = self.focused
        if field is not None and field is not self:
            field.call_later(self._save_typed)
        else:
            self._save_typed()

    def _save_typed(self) -> None:
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
        except Exception as error:  # the disk, the folder or the file: said, never a crash
            self.app.call_from_thread(self._failed, save_error(error))
            return
        portfolio, stamp = None, None
        if getattr(self, "portfolio", None) is not None:
            # the portfolio after the save, made here with the collector held off and then
            # frozen, as the overview's read is: a full collection of a year of records came on
            # the UI thread otherwise (logbook.tui.screens.overview.kept_from_collection)
            from logbook.tui.screens.overview import kept_from_collection

            with kept_from_collection():
                portfolio = self.portfolio_after(stored)
                if portfolio is not None:
                    portfolio.summary()  # works out coverage here, off the UI thread
                    stamp = file_stamp(self.logbook.path)
                    self.prepare_followers(portfolio)
        self.app.call_from_thread(self._stored, stored, portfolio, stamp)

    def prepare_followers(self, portfolio) -> None:
        """In the save's worker thread: every other screen open on this candidate works out
        what it will show of `portfolio` (`prepare_to_follow`), so that following the save
        (PortfolioSaved) on the UI thread only puts it on screen."""
        for screen in list(self.app.screen_stack):
            prepare = getattr(screen, "prepare_to_follow", None)
            if (
                screen is not self
                and prepare is not None
                and getattr(screen, "candidate_id", None) == getattr(self, "candidate_id", "")
            ):
                prepare(portfolio)

    def portfolio_after(self, stored):
        """The candidate's portfolio once `stored` is saved, from the one this form was handed
        and what the store wrote (never read back); None for a form that holds none."""
        portfolio = getattr(self, "portfolio", None)
        return None if portfolio is None else portfolio.with_saved(stored)

    def _failed(self, message: str) -> None:
        self.status().update(f"Not saved: {message}.\n{AFTER_FAILURE}")
        self.status().set_classes("refused")

    # copying the typing out -------------------------------------------------------------------

    def typed_text(self) -> str:
        """Everything typed on the form, field by field, as plain text."""
        lines = []
        for title in self.query(".form-title"):
            lines.append(str(title.content))
        for field in self.query(Field):
            control = field.control
            if isinstance(control, TextArea):
                value = control.text.replace("\n", "\n    ")
            elif isinstance(control, CriteriaPicker):
                value = ", ".join(link.code for link in control.picked)
            elif isinstance(control, Checkbox):
                value = "yes" if control.value else "no"
            elif isinstance(control, Select):
                value = "" if control.is_blank() else str(control.value)
            else:
                value = str(getattr(control, "value", ""))
            lines.append(f"{field.label}: {value}")
        return "\n".join(lines) + "\n"

    def copy_places(self) -> list[Path]:
        """Where a copy of the typing may go: beside the data folder, else the home folder."""
        return [self.app.caseload.folder.parent, Path.home()]

    def action_copy_out(self) -> None:
        text = self.typed_text()
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kind = type(self).__name__.removesuffix("Screen").lower()
        problems = []
        for folder in self.copy_places():
            path = folder / f"logbook-unsaved-{kind}-{stamp}.txt"
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
                with os.fdopen(fd, "w", encoding="utf-8") as file:
                    file.write(text)
            except OSError as error:
                problems.append(f"{folder}: {save_error(error)}")
                continue
            self.status().update(
                f"What you typed is written to {path} (readable by you only). "
                "It is not saved in the logbook: ctrl+s tries again."
            )
            return
        self.status().update(
            "Could not write a copy: " + "; ".join(problems) + ". What you typed is still here."
        )
        self.status().set_classes("refused")

    def _stored(self, record, portfolio=None, stamp=None) -> None:
        self.clear_problems()
        self.saved_record = record
        if portfolio is not None:
            # every screen on this candidate follows (logbook.tui.messages)
            self.portfolio = portfolio
            self.post_message(PortfolioSaved(self.candidate_id, portfolio, stamp, self))
        if self.correcting:
            self.loaded = record  # a further save corrects the correction
        self.mark_clean()
        self.status().update(f"Saved: stored safely on disk. {self.saved_message(record)}")
        self.status().set_classes("saved")
        self.notify("Stored safely on disk.", title="Saved")
        self.after_save(record)

    def saved_message(self, record) -> str:
        return "Escape to go back."

    def after_save(self, record) -> None:
        """A form may reset itself for the next entry."""
