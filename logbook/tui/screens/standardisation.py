"""A standardisation meeting: date, who came, the samples discussed (the IQA decisions of the
caseload, picked from a list), what was agreed, and an action with its due date; ctrl+s keeps it
in the centre's file. The check is the domain's (`logbook.domain.iqa.meeting_problems`)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Input, SelectionList, TextArea

from logbook.domain.dates import say_date
from logbook.domain.iqa import Action, SampleRef, StandardisationMeeting
from logbook.domain.validation import Problem, RecordRefused
from logbook.store.centre_records import CentreFile, load_centre
from logbook.tui.screens.form import FormInvalid, FormScreen
from logbook.tui.widgets.fields import DateInput, Field
from logbook.tui.widgets.plain import Plain, shown


class StandardisationScreen(FormScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save meeting", priority=True),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self):
        super().__init__()
        self.samples: dict[str, SampleRef] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain("Standardisation meeting", classes="form-title")
        with VerticalScroll(classes="form"):
            yield Field("Held on", DateInput("today", id="date"), name="date")
            yield Field("Who came", Input(placeholder="names, separated by commas",
                        id="attendees"), name="attendees")  # fmt: skip
            yield Field("Samples discussed", SelectionList(id="samples"), name="samples",
                        hint="space picks a sample")  # fmt: skip
            yield Field("What was agreed", TextArea(id="agreed"), name="agreed")
            yield Field("Action", Input(placeholder="what is to be done (optional)",
                        id="action"), name="actions")  # fmt: skip
            yield Field("Action due", DateInput("", id="action_due"), name="action_due")
        yield self.form_status()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#attendees", Input).value = self.app.assessor
        self.query_one("#attendees", Input).focus()
        self.load_samples()

    @work(thread=True, exclusive=True, group="iqa")
    def load_samples(self) -> None:
        try:
            portfolios, records = load_centre(self.app.caseload, self.app.today)
        except Exception as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._show, portfolios, records.decisions)

    def _failed(self, message: str) -> None:
        if self.is_attached:
            self.status().update(message)
            self.status().set_classes("refused")

    def _show(self, portfolios, decisions) -> None:
        if not self.is_attached:
            return
        names = {p.candidate.id: p.candidate.name for p in portfolios}
        samples = self.query_one("#samples", SelectionList)
        for d in sorted(decisions, key=lambda d: (d.date, d.id), reverse=True):
            label = f"{names.get(d.candidate_id, '?')}, unit {d.unit} ({say_date(d.date)})"
            self.samples[d.id] = SampleRef(d.candidate_id, d.unit, list(d.evidence_ids))
            samples.add_option((shown(label, one_line=True), d.id))
        self.call_after_refresh(self.mark_clean)

    def build(self) -> StandardisationMeeting:
        problems: list[Problem] = []
        on = self.read_date("date", problems)
        due = self.read_date("action_due", problems, required=False)
        action = self.value("actions").strip()
        if action and due is None and not problems:
            problems.append(Problem("action_due", "give the action a due date"))
        if problems:
            raise FormInvalid(problems)
        picked = self.query_one("#samples", SelectionList).selected
        return StandardisationMeeting(
            date=on,
            attendees=[a.strip() for a in self.value("attendees").split(",") if a.strip()],
            samples=[self.samples[i] for i in picked],
            agreed=self.value("agreed"),
            actions=[Action(action, due)] if action else [],
        )

    def store(self, record: StandardisationMeeting):
        person = self.app.person
        if person is not None and not person.samples:
            raise RecordRefused(
                [Problem("date", "only an IQA or a lead IQA records a standardisation meeting")]
            )
        return CentreFile(self.app.caseload.folder).save(record, self.app.assessor, self.app.today)

    def saved_message(self, record) -> str:
        return f"Meeting of {say_date(record.date)} kept in the centre's file. Escape to go back."
