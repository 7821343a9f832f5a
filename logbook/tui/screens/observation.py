"""Record a direct observation: when and where, what the candidate did, what it shows, the
decision (no default: `c` or `n`), its justification and the feedback given."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Input, TextArea

from logbook.domain.records import Observation
from logbook.domain.validation import Problem
from logbook.tui.screens.evidence_form import EvidenceFormScreen
from logbook.tui.screens.form import FormInvalid
from logbook.tui.widgets.fields import DateInput, Field, TimeInput
from logbook.tui.widgets.plain import Plain, field_value


class ObservationScreen(EvidenceFormScreen):
    def compose(self) -> ComposeResult:
        self.compose_prepare()
        yield Header()
        yield Plain(self.title_text("Observation"), classes="form-title")
        with self.form_body():  # the four fields at the top, then the rest a field a frame
            yield Field("Date", DateInput("today", id="date"), name="date")
            yield Field("Time", TimeInput("now", id="time"), name="time")
            yield Field(
                "Venue", Input(field_value(self.candidate.workplace), id="venue"), name="venue"
            )
            yield Field("What the candidate did", TextArea(id="activity"), name="activity")
            yield self.criteria_field()
            yield self.context_field()
            yield from self.decision_fields()
        yield self.form_status()
        yield Footer()

    def on_mount(self) -> None:
        # date, time and venue come filled in (today, now, the workplace): the typing starts
        # with what the candidate did; Shift+Tab goes back to them
        self.query_one("#activity", TextArea).focus()

    def build(self) -> Observation:
        problems: list[Problem] = []
        when = self.read_date("date", problems)
        at = self.read_time("time", problems)
        if problems:
            raise FormInvalid(problems)
        return Observation(
            date=when,
            time=at,
            venue=self.value("venue").strip(),
            activity=self.value("activity").strip(),
            links=self.picked_links(),
            context=self.value("context"),
            decision=self.value("decision"),
            justification=self.value("justification").strip(),
            feedback=self.value("feedback").strip(),
        )
