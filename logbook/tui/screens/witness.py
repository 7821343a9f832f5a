"""Record a witness and the statement of their status: who they are, their role (one key from
the seeds' short list), their relationship to the candidate, and the assessor's answer to the
question whether they are a relative or someone with whom the candidate has a significant
personal relationship ('y' refuses them on the spot). The words of the relationship are checked
as they are typed: a clear personal relationship is refused; a word that may be either is named,
and ctrl+y confirms it is not a personal one. The rules are the domain's (`judge_witness`).

Opened with a witness's id (enter on the overview's witness list), the form edits that witness.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Footer, Header, Input, TextArea

from logbook.domain.records import (
    NOT_ASKED,
    OLDER_WITNESS_ROLES,
    UNANSWERED,
    WITNESS_ROLE_NAMES,
    Witness,
)
from logbook.domain.text import visible
from logbook.domain.witnesses import (
    REFUSED,
    RELATIVE_QUESTION,
    TO_CONFIRM,
    WORD_CHECKED,
    judge_witness,
    witness_problems,
    words_to_confirm,
)
from logbook.tui.screens.evidence_form import CONFIRM_KEY, EvidenceFormScreen
from logbook.tui.widgets.fields import Field, Tick
from logbook.tui.widgets.key_choice import Choice, KeyChoice
from logbook.tui.widgets.plain import Plain, field_value

RELATIONSHIP_HINT = "in their words, e.g. line manager for two years"
STATUS_HINT = "anything more about their status, e.g. how often they see the candidate work"
ROLE_DESCRIPTION_HINT = "what their role is, when it is 'other'"
RELATIVE_HINT = "y yes (refused: never acceptable), n no"
HINTS = {
    "relationship": RELATIONSHIP_HINT,
    "status_statement": STATUS_HINT,
    "role_description": ROLE_DESCRIPTION_HINT,
    "relative": RELATIVE_HINT,
}
ROLE_CHOICES = [
    Choice("c", WITNESS_ROLE_NAMES["colleague"], "colleague"),
    Choice("ls", WITNESS_ROLE_NAMES["line_manager"], "line_manager"),
    Choice("w", WITNESS_ROLE_NAMES["worker_other_organisation"], "worker_other_organisation"),
    Choice("e", WITNESS_ROLE_NAMES["expert_witness"], "expert_witness"),
    Choice("u", WITNESS_ROLE_NAMES["customer"], "customer"),
    Choice("o", WITNESS_ROLE_NAMES["other"], "other"),
]
ROLE_HINT = "press its letter: c, l (or s), w, e, u, o"
RELATIVE_CHOICES = [Choice("y", "yes", "yes"), Choice("n", "no", "no")]
# a supervisor saved before the short list is on it as 'line manager or supervisor'
SAME_ROLE = {"supervisor": "line_manager"}


def _mentioned(text: str, words: list[str]) -> list[str]:
    """The confirmed words this field's text holds, to say beside it that they are confirmed."""
    lowered = text.lower()
    return [w for w in words if w in lowered]


class WitnessScreen(EvidenceFormScreen):
    BINDINGS = [Binding(CONFIRM_KEY, "confirm_words", "Confirm word", priority=True)]

    def __init__(self, candidate_id: str, witness_id: str | None = None):
        super().__init__(candidate_id)
        self.witness_id = witness_id
        self.editing: Witness | None = None
        self._said: dict[str, tuple[str, str]] = {}  # what each checked field's note says
        self._pending: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        self.compose_prepare()
        if self.witness_id is not None and self.editing is None:
            self.editing = self.portfolio.witnesses.get(self.witness_id)
            if self.editing is not None:
                self.saved_record = self.editing  # saving changes this witness
                self.confirmation = self.editing.confirmed
        old = self.editing or Witness(name="", relative=UNANSWERED)
        role = SAME_ROLE.get(old.role, old.role)
        relative = old.relative if old.relative != NOT_ASKED else ""
        what = f"Witness: {old.name}" if self.editing else "Witness"
        yield Header()
        yield Plain(self.title_text(what), classes="form-title")
        with VerticalScroll(classes="form"):
            yield Field("Name", Input(field_value(old.name), id="name"), name="name")
            yield Field(
                "Job title", Input(field_value(old.job_title), id="job_title"), name="job_title"
            )
            yield Field(
                "Organisation",
                Input(field_value(old.organisation), id="organisation"),
                name="organisation",
            )
            yield Field(
                "Role",
                KeyChoice(ROLE_CHOICES, role, id="role"),
                name="role",
                hint=self.role_hint(role),
            )
            yield Field(
                "Role, if other",
                Input(field_value(old.role_description), id="role_description"),
                name="role_description",
                hint=ROLE_DESCRIPTION_HINT,
            )
            yield Field(
                "Relationship to the candidate",
                Input(field_value(old.relationship), id="relationship"),
                name="relationship",
                hint=RELATIONSHIP_HINT,
            )
            yield Field(
                RELATIVE_QUESTION,
                KeyChoice(RELATIVE_CHOICES, relative, id="relative"),
                name="relative",
                hint=self.hint_for("relative"),
            )
            yield Field(
                "Contact details", Input(field_value(old.contact), id="contact"), name="contact"
            )
            yield Field(
                "Occupational knowledge",
                Tick("knows the standards", old.knows_standards, id="knows_standards"),
                name="knows_standards",
            )
            yield Field(
                "Status statement",
                TextArea(visible(old.status_statement), id="status_statement"),
                name="status_statement",
                hint=STATUS_HINT,
            )
        yield self.form_status()
        yield Footer()

    def load(self, record: Witness) -> None:
        """Filled already: the form draws the witness it was opened on (`witness_id`)."""

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        if self.editing is not None:
            self.check_relationship()

    def hint_for(self, name: str) -> str:
        if name == "relative" and self.editing is not None and self.editing.relative == NOT_ASKED:
            return f"not asked when this witness was recorded: {RELATIVE_HINT}"
        return HINTS[name]

    @staticmethod
    def role_hint(role: str) -> str:
        if role in OLDER_WITNESS_ROLES:
            return f"saved as '{WITNESS_ROLE_NAMES[role]}' (an older role): {ROLE_HINT}"
        return ROLE_HINT

    def current(self) -> Witness:
        old = self.editing
        relative = self.value("relative")
        if not relative:
            relative = old.relative if old is not None else UNANSWERED
        witness = Witness(
            name=self.value("name").strip(),
            job_title=self.value("job_title").strip(),
            organisation=self.value("organisation").strip(),
            role=self.value("role"),
            role_description=self.value("role_description").strip(),
            relationship=self.value("relationship").strip(),
            contact=self.value("contact").strip(),
            knows_standards=self.query_one("#knows_standards", Checkbox).value,
            status_statement=self.value("status_statement").strip(),
            relative=relative,
            confirmed=self.confirmation,
        )
        if old is not None:
            witness.id = old.id
        return witness

    # the live judgement ----------------------------------------------------------------------

    def words_pending(self) -> list[str]:
        return words_to_confirm(self.current())

    def check_relationship(self) -> None:
        """Say at once, beside each field, why a relative or partner cannot be a witness, and
        which words the assessor is asked to confirm (a field is redrawn only when what it says
        changes: this runs on every key)."""
        witness = self.current()
        findings = judge_witness(witness)
        refused = {f.field: f.message for f in findings if f.kind == REFUSED}
        asked = {f.field: f.words for f in findings if f.kind == TO_CONFIRM}
        confirmed = self.confirmation.words if self.confirmation else []
        for name in HINTS:
            if name in refused:
                said = ("error", refused[name])
            elif name in asked:
                named = ", ".join(f"'{w}'" for w in asked[name])
                said = (
                    "question",
                    f"{named} can name a personal relationship. If it does not here, "
                    f"{CONFIRM_KEY} confirms it (you, now); if it does, answer y below",
                )
            elif name in WORD_CHECKED and _mentioned(getattr(witness, name), confirmed):
                named = ", ".join(f"'{w}'" for w in _mentioned(getattr(witness, name), confirmed))
                said = (
                    "note",
                    f"✓ confirmed by {self.confirmation.by}: {named} is not a personal "
                    "relationship here",
                )
            else:
                said = ("note", self.hint_for(name))
            if self._said.get(name) != said:
                self._said[name] = said
                field = self.query_one(f"#field-{name}", Field)
                kind, message = said
                {"error": field.show_error, "question": field.show_question}.get(
                    kind, field.show_note
                )(message)
        pending = tuple(w for words in asked.values() for w in words)
        if pending != self._pending:
            self._pending = pending
            self.refresh_bindings()

    def words_confirmed(self, words: list[str]) -> None:
        self.check_relationship()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in HINTS:
            self.check_relationship()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "status_statement":
            self.check_relationship()

    def on_key_choice_changed(self, event: KeyChoice.Changed) -> None:
        if event.choice.id == "role":
            self.query_one("#field-role", Field).show_note(self.role_hint(event.value))
        self.check_relationship()

    # saving ------------------------------------------------------------------------------------

    def build(self) -> Witness:
        return self.current()

    def saved_message(self, record: Witness) -> str:
        problems = witness_problems(record)
        if not problems:
            return f"{record.name} can be used as a witness. Escape to go back."
        if words_to_confirm(record):
            problems.append(f"{CONFIRM_KEY} confirms the words, then ctrl+s")
        return f"{record.name}: {'; '.join(problems)}"
