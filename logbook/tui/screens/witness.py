"""Record a witness and the statement of their status: who they are, their role, and their
relationship to the candidate. A relative or partner is refused as the relationship is typed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Footer, Header, Input, Select, TextArea

from logbook.domain.records import WITNESS_ROLE_NAMES, WITNESS_ROLES, Witness
from logbook.domain.validation import check_witness
from logbook.domain.witnesses import witness_problems
from logbook.tui.screens.evidence_form import EvidenceFormScreen
from logbook.tui.widgets.fields import Field, Tick
from logbook.tui.widgets.plain import Plain

RELATIONSHIP_HINT = "in their words, e.g. line manager for two years"
STATUS_HINT = "anything more about their status, e.g. how often they see the candidate work"
# The fields whose typing is checked against the relatives rule as it is typed.
LIVE_CHECKED = {"relationship": RELATIONSHIP_HINT, "status_statement": STATUS_HINT}


class WitnessScreen(EvidenceFormScreen):
    def compose(self) -> ComposeResult:
        self.compose_prepare()
        yield Header()
        yield Plain(self.title_text("Witness"), classes="form-title")
        with VerticalScroll(classes="form"):
            yield Field("Name", Input(id="name"), name="name")
            yield Field("Job title", Input(id="job_title"), name="job_title")
            yield Field("Organisation", Input(id="organisation"), name="organisation")
            yield Field(
                "Role",
                Select(
                    [(WITNESS_ROLE_NAMES[role], role) for role in WITNESS_ROLES],
                    prompt="choose their role",
                    id="role",
                ),
                name="role",
                hint="Enter to open, type to find",
            )
            yield Field(
                "Relationship to the candidate",
                Input(id="relationship"),
                name="relationship",
                hint=RELATIONSHIP_HINT,
            )
            yield Field("Contact details", Input(id="contact"), name="contact")
            yield Field(
                "Occupational knowledge",
                Tick("knows the standards", id="knows_standards"),
                name="knows_standards",
            )
            yield Field(
                "Status statement",
                TextArea(id="status_statement"),
                name="status_statement",
                hint=STATUS_HINT,
            )
        yield self.form_status()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def current(self) -> Witness:
        return Witness(
            name=self.value("name").strip(),
            job_title=self.value("job_title").strip(),
            organisation=self.value("organisation").strip(),
            role=self.value("role"),
            relationship=self.value("relationship").strip(),
            contact=self.value("contact").strip(),
            knows_standards=self.query_one("#knows_standards", Checkbox).value,
            status_statement=self.value("status_statement").strip(),
        )

    def check_relationship(self) -> None:
        """Say at once, beside the field, why a relative or partner cannot be a witness."""
        problems = {p.field: p.message for p in check_witness(self.current())}
        for name, hint in LIVE_CHECKED.items():
            field = self.query_one(f"#field-{name}", Field)
            if name in problems:
                field.show_error(problems[name])
            else:
                field.show_note(hint)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "relationship":
            self.check_relationship()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "status_statement":
            self.check_relationship()

    def build(self) -> Witness:
        return self.current()

    def saved_message(self, record: Witness) -> str:
        problems = witness_problems(record)
        if not problems:
            return f"{record.name} can be used as a witness. Escape to go back."
        return f"{record.name}: {'; '.join(problems)}"
