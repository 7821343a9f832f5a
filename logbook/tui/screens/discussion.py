"""Record a professional discussion: when it was planned and held, what it covered, the notes,
the recording and how long it took."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Input, TextArea

from logbook.domain.records import Discussion
from logbook.domain.validation import Problem
from logbook.tui.screens.evidence_form import EvidenceFormScreen
from logbook.tui.screens.form import FormInvalid
from logbook.tui.widgets.fields import DateInput, Field
from logbook.tui.widgets.plain import Plain


class DiscussionScreen(EvidenceFormScreen):
    def compose(self) -> ComposeResult:
        self.compose_prepare()
        yield Header()
        yield Plain(self.title_text("Discussion"), classes="form-title")
        with VerticalScroll(classes="form"):
            yield Field(
                "Planned for (optional)",
                DateInput(allow_future=True, id="planned_on"),
                name="planned_on",
            )
            yield Field("Date held", DateInput("today", id="date"), name="date")
            yield Field("Topics", Input(id="topics"), name="topics")
            yield Field("Notes", TextArea(id="notes"), name="notes")
            yield self.criteria_field()
            yield Field(
                "Recording reference",
                Input(placeholder="e.g. Audio PD-PS-02 (centre drive)", id="recording_ref"),
                name="recording_ref",
            )
            yield Field(
                "Duration in minutes",
                Input(placeholder="45", type="integer", valid_empty=True, id="duration_minutes"),
                name="duration_minutes",
            )
            yield self.context_field()
        yield self.form_status()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#planned_on", DateInput).focus()

    def build(self) -> Discussion:
        problems: list[Problem] = []
        planned = self.read_date("planned_on", problems, required=False)
        when = self.read_date("date", problems)
        typed = self.value("duration_minutes").strip()  # digits only: an integer input
        try:
            minutes = int(typed) if typed else None
        except ValueError:  # a sign alone
            problems.append(Problem("duration_minutes", "type minutes as a number"))
            minutes = None
        if problems:
            raise FormInvalid(problems)
        return Discussion(
            date=when,
            planned_on=planned,
            topics=self.value("topics").strip(),
            notes=self.value("notes").strip(),
            links=self.picked_links(),
            recording_ref=self.value("recording_ref").strip(),
            duration_minutes=minutes,
            context=self.value("context"),
        )
