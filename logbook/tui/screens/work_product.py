"""Record a work product (examining evidence): what was examined, where it is kept (confidential
or bulky evidence stays where it is, with a note of its location), what it shows, the criteria,
and the assessor's decision, its justification and the feedback given.

OCR's "Examining evidence": "After the assessor has examined the evidence, the assessor must
record an assessment decision and the justification for the decision. The assessor must also
give you feedback on your evidence and the decision made." The decision has no default.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Footer, Header, Input, TextArea

from logbook.domain.records import WorkProduct
from logbook.domain.validation import Problem
from logbook.tui.screens.evidence_form import EvidenceFormScreen
from logbook.tui.screens.form import FormInvalid
from logbook.tui.widgets.fields import DateInput, Field, Tick
from logbook.tui.widgets.plain import Plain

CONFIDENTIAL = "confidential: it stays where it is kept, not copied"


class WorkProductScreen(EvidenceFormScreen):
    def compose(self) -> ComposeResult:
        self.compose_prepare()
        yield Header()
        yield Plain(self.title_text("Work product"), classes="form-title")
        with VerticalScroll(classes="form"):
            yield Field("Date examined", DateInput("today", id="date"), name="date")
            yield Field(
                "What was examined",
                Input(placeholder="e.g. Refunds authorisation log, March", id="title"),
                name="title",
            )
            yield Field(
                "Where it is kept",
                Input(placeholder="e.g. Store office, locked cabinet 2", id="location"),
                name="location",
            )
            yield Field("Confidential", Tick(CONFIDENTIAL, id="confidential"), name="confidential")
            yield Field("What it shows", TextArea(id="description"), name="description")
            yield self.criteria_field()
            yield self.context_field()
            yield from self.decision_fields()
        yield self.form_status()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def build(self) -> WorkProduct:
        problems: list[Problem] = []
        when = self.read_date("date", problems)
        if problems:
            raise FormInvalid(problems)
        return WorkProduct(
            date=when,
            title=self.value("title").strip(),
            location=self.value("location").strip(),
            confidential=self.query_one("#confidential", Checkbox).value,
            description=self.value("description").strip(),
            links=self.picked_links(),
            context=self.value("context"),
            decision=self.value("decision"),
            justification=self.value("justification").strip(),
            feedback=self.value("feedback").strip(),
        )
