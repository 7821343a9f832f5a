"""Record a witness testimony: verbal or written, from one of the candidate's accepted witnesses.

A checklist under the form shows, as the assessor types, each part a written testimony must
include (✓ there, ✗ missing) and why the testimony would not count; after saving, the screen
says whether it counts and why not. A word of the relationship as the testimony states it that
may name a personal relationship ('friend') is named, and ctrl+y confirms it does not. The rules
are the domain's (`logbook.domain.witnesses`).
"""

from __future__ import annotations

import dataclasses

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Footer, Header, Input, Select, TextArea

from logbook.domain.records import Testimony, Witness
from logbook.domain.validation import Problem
from logbook.domain.witnesses import (
    REQUIRED_PARTS,
    missing_parts,
    stated_words_to_confirm,
    testimony_problems,
    witness_problems,
)
from logbook.tui.screens.evidence_form import CONFIRM_KEY, EvidenceFormScreen, headline
from logbook.tui.screens.form import FormInvalid
from logbook.tui.widgets.criteria_picker import CriteriaPicker
from logbook.tui.widgets.fields import DateInput, Field, Tick, TimeInput
from logbook.tui.widgets.plain import Plain, field_value, shown

NO_WITNESS = "record a witness first (w)"
WITNESS_DETAILS = {"job_title": "job title", "contact": "contact"}
FORMS = [("written", "written"), ("verbal (noted down by the assessor)", "verbal")]
WRITERS = [("the witness", "witness"), ("the assessor", "assessor"), ("the candidate", "candidate")]


# Short names for the parts (the domain's REQUIRED_PARTS), so the checklist fits in two lines.
PART_NAMES = {
    "candidate_name": "candidate's name",
    "time": "time",
    "venue": "venue",
    "written_on": "date written",
    "relationship": "relationship",
    "signed": "signed",
    "job_title": "job title",
    "contact": "contact",
}


class TestimonyScreen(EvidenceFormScreen):
    BINDINGS = [Binding(CONFIRM_KEY, "confirm_words", "Confirm word", priority=True)]
    _pending: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        self.compose_prepare()
        usable = [w for w in self.portfolio.witnesses.values() if not witness_problems(w)]
        options = [
            (shown(f"{w.name}, {w.job_title}" if w.job_title else w.name, one_line=True), w.id)
            for w in usable
        ]
        yield Header()
        yield Plain(self.title_text("Testimony"), classes="form-title")
        with VerticalScroll(classes="form"):
            yield Field(
                "Verbal or written",
                Select(FORMS, value="written", allow_blank=False, id="form"),
                name="form",
            )
            yield Field(
                "Witness",
                Select(
                    options,
                    value=options[0][1] if len(options) == 1 else Select.NULL,
                    prompt="choose the witness" if options else "no witness can be used yet",
                    id="witness_id",
                ),
                name="witness_id",
                hint="only witnesses who can be used are listed" if options else NO_WITNESS,
            )
            yield Field(
                "Candidate's name as written on it",
                Input(
                    placeholder=f"as written on it, e.g. {field_value(self.candidate.name)}",
                    id="candidate_name",
                ),
                name="candidate_name",
            )
            yield Field("Date of the activity", DateInput(id="date"), name="date")
            yield Field("Time of the activity", TimeInput(id="time"), name="time")
            yield Field("Venue of the activity", Input(id="venue"), name="venue")
            yield Field(
                "What the candidate did, in the witness's words",
                TextArea(id="description"),
                name="description",
            )
            yield Field("Date written", DateInput(id="written_on"), name="written_on")
            yield Field(
                "Relationship to the candidate, as stated on it",
                Input(id="relationship"),
                name="relationship",
            )
            yield Field(
                "Signature",
                Tick("signed by the witness", id="signed"),
                name="signed",
            )
            # asked only when the witness's record does not hold them (shown beside the witness)
            yield Field("Witness's job title", Input(id="job_title"), name="job_title")
            yield Field("Witness's contact details", Input(id="contact"), name="contact")
            yield Field(
                "Who wrote it",
                Select(WRITERS, value="witness", allow_blank=False, id="written_by"),
                name="written_by",
            )
            yield self.criteria_field()
            yield self.context_field()
        yield Plain("", id="checklist", classes="checklist")
        yield self.form_status()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#form", Select).focus()
        self.show_witness_details()
        self.update_checklist()

    # the witness's own details ----------------------------------------------------------------

    def witness(self) -> Witness | None:
        return self.portfolio.witnesses.get(self.value("witness_id"))

    def from_witness(self, name: str) -> str:
        """The witness's job title or contact as their record holds it ('' if it does not)."""
        witness = self.witness()
        return getattr(witness, name).strip() if witness is not None else ""

    def show_witness_details(self) -> None:
        """What the witness's record holds is shown beside the witness, not asked again; what it
        lacks is asked for below."""
        held = {name: self.from_witness(name) for name in WITNESS_DETAILS}
        for name, value in held.items():
            self.query_one(f"#field-{name}", Field).display = not value
        field = self.query_one("#field-witness_id", Field)
        if self.witness() is None:
            field.show_note(field.hint)
            return
        said = [f"{WITNESS_DETAILS[name]}: {value}" for name, value in held.items() if value]
        if said:
            field.show_note("From the witness's record: " + "; ".join(said))
        else:
            field.show_note(field.hint)

    # the live checklist -----------------------------------------------------------------------

    def current(self) -> Testimony:
        """The testimony as typed so far, leaving out what cannot be read yet (the problems
        lists are thrown away: build() reports them)."""
        return Testimony(
            date=self.read_date("date", [], required=False) or self.app.today,
            witness_id=self.value("witness_id"),
            form=self.value("form"),
            candidate_name=self.value("candidate_name").strip(),
            time=self.read_time("time", []),
            venue=self.value("venue").strip(),
            description=self.value("description").strip(),
            written_on=self.read_date("written_on", [], required=False),
            relationship=self.value("relationship").strip(),
            signed=self.query_one("#signed", Checkbox).value,
            job_title=self.from_witness("job_title") or self.value("job_title").strip(),
            contact=self.from_witness("contact") or self.value("contact").strip(),
            written_by=self.value("written_by"),
            links=self.picked_links(),
            context=self.value("context"),
            confirmed=self.confirmation,
        )

    def words_pending(self) -> list[str]:
        testimony = self.current()
        witness = self.portfolio.witnesses.get(testimony.witness_id)
        return stated_words_to_confirm(testimony, witness)

    def words_confirmed(self, words: list[str]) -> None:
        self.update_checklist()

    def update_checklist(self) -> None:
        testimony = self.current()
        lines = []
        if testimony.form == "written":
            missing = set(missing_parts(testimony))
            marks = [
                f"{'✗' if words in missing else '✓'} {PART_NAMES.get(part, words)}"
                for part, words in REQUIRED_PARTS
            ]
            lines.append("A written testimony needs: " + "  ".join(marks))
        else:
            lines.append("Verbal testimony: noted down by the assessor.")
        # everything else that would stop it counting; the written parts are listed above
        verbal = dataclasses.replace(testimony, form="verbal")
        witness = self.portfolio.witnesses.get(testimony.witness_id)
        for problem in testimony_problems(verbal, witness, self.candidate, self.app.today):
            lines.append(f"⚠ {headline(problem)}")
        pending = stated_words_to_confirm(testimony, witness)
        if pending:
            named = ", ".join(f"'{w}'" for w in pending)
            lines.append(f"? {CONFIRM_KEY} confirms {named} is not a personal relationship here")
        elif self.confirmation is not None:
            named = ", ".join(f"'{w}'" for w in self.confirmation.words)
            lines.append(f"✓ {named} confirmed by {self.confirmation.by}")
        self.query_one("#checklist", Plain).update("\n".join(lines))
        if tuple(pending) != self._pending:  # the footer offers ctrl+y only while it is needed
            self._pending = tuple(pending)
            self.refresh_bindings()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.update_checklist()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.update_checklist()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "witness_id":
            self.show_witness_details()
        self.update_checklist()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.update_checklist()

    def on_criteria_picker_changed(self, event: CriteriaPicker.Changed) -> None:
        self.update_checklist()

    # saving -----------------------------------------------------------------------------------

    def build(self) -> Testimony:
        problems: list[Problem] = []
        when = self.read_date("date", problems)
        written_on = self.read_date("written_on", problems, required=False)
        at = self.read_time("time", problems)
        if problems:
            raise FormInvalid(problems)
        return dataclasses.replace(self.current(), date=when, time=at, written_on=written_on)

    def saved_message(self, record: Testimony) -> str:
        said = super().saved_message(record)
        if not self.not_counting(record):
            return f"It counts as witness testimony. {said}"
        return said
