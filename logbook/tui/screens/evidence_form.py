"""The base of the screens that record evidence for one candidate."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Select, TextArea

from logbook.domain.records import (
    CONTEXT_CHOICES,
    DECISION_NAMES,
    DECISIONS,
    Evidence,
    Link,
    WordConfirmation,
)
from logbook.domain.standards import CONTEXT_NAMES
from logbook.domain.validation import Problem, will_not_count
from logbook.tui.screens.form import FormScreen
from logbook.tui.widgets.criteria_picker import LEGEND, CriteriaPicker
from logbook.tui.widgets.fields import ContextFields, Field
from logbook.tui.widgets.key_choice import Choice, KeyChoice
from logbook.tui.widgets.plain import shown

DECISION_KEYS = {"competent": "c", "not_yet_competent": "n"}
CONFIRM_KEY = "ctrl+y"
FULL_REASONS = 480  # characters of reasons the status lines hold at 80 columns


def headline(problem: str) -> str:
    """'it names criteria: a testimony must...' -> 'it names criteria': one line; the whole
    reason is in the gaps."""
    return problem.split(": ", 1)[0]


class EvidenceFormScreen(FormScreen):
    def __init__(self, candidate_id: str):
        super().__init__()
        self.candidate_id = candidate_id
        self.logbook = None
        self.portfolio = None
        self.confirmation: WordConfirmation | None = None
        self._marked: set[str] = set()  # fields marked as the reason saved evidence won't count

    def compose_prepare(self) -> None:
        """The candidate's portfolio, before the form is drawn: the one handed to the form by
        the screen that opened it (the overview or the record screen: no read), else read."""
        self.prepare()

    def prepare(self) -> None:
        if self.portfolio is None:
            self.logbook = self.app.caseload.logbook(self.candidate_id)
            self.portfolio = self.logbook.read(self.app.today)

    @property
    def candidate(self):
        return self.portfolio.candidate

    def title_text(self, what: str) -> str:
        return f"{what} · {self.candidate.name} · {self.portfolio.qualification.title}"

    def context_field(self, value: str = "real_work", reason: str = "") -> ContextFields:
        """The working context; where the qualification names the reasons simulation may be
        used for (the OCR Level 3 NVQ Diploma), the reason too, asked while simulation is
        chosen. Whether the evidence counts is the domain's to say (the gaps and sign-off)."""
        options = [(CONTEXT_NAMES[c], c) for c in CONTEXT_CHOICES]
        context = Field(
            "Working context",
            Select(options, value=value, allow_blank=False, id="context"),
            name="context",
            hint="real work, a realistic working environment, or simulation",
        )
        reasons = self.portfolio.qualification.simulation_reasons
        if not reasons:
            return ContextFields(context, None)
        # as text, never markup: the reasons come from the standards (a centre's file too)
        choices = [(shown(r.text, one_line=True), r.id) for r in reasons]
        why = Field(
            "Why simulation",
            Select(
                choices,
                value=reason if reason in {r.id for r in reasons} else Select.NULL,
                prompt="choose the reason simulation is used",
                id="simulation_reason",
            ),
            name="simulation_reason",
            hint="the kinds of criteria the standards allow simulation for",
        )
        return ContextFields(context, why)

    def finish(self, record):
        """The reason for simulation goes with the record the screen built."""
        if self.query("#field-simulation_reason") and record.context == "simulation":
            record.simulation_reason = self.value("simulation_reason")
        return record

    def coverage_counts(self) -> tuple[dict[Link, int], set[str]]:
        """How many pieces of counting evidence cover each of the candidate's items, and the
        units signed off, in the portfolio this form holds."""
        covered = {}
        signed_off = set()
        for unit in self.portfolio.units:
            if self.portfolio.is_signed_off(unit.code):
                signed_off.add(unit.code)
            coverage = self.portfolio.coverage(unit.code)
            for item in unit.items:
                covered[Link(unit.code, item.code)] = len(coverage.evidence_for(item.code))
        return covered, signed_off

    def criteria_picker(self, links=None) -> CriteriaPicker:
        """The candidate's units' items, each with how much counting evidence covers it."""
        covered, signed_off = self.coverage_counts()
        return CriteriaPicker(
            self.portfolio.units, links, covered=covered, signed_off=signed_off, id="criteria"
        )

    def criteria_field(self, links=None, label: str = "Criteria and range items it shows"):
        return Field(label, self.criteria_picker(links), name="links", hint=LEGEND)

    def decision_fields(self) -> list[Field]:
        """The assessment decision (no choice until a key is pressed), its justification and
        the feedback given to the candidate."""
        choices = [Choice(DECISION_KEYS[d], DECISION_NAMES[d], d) for d in DECISIONS]
        return [
            Field(
                "Decision",
                KeyChoice(choices, id="decision"),
                name="decision",
                hint="c competent, n not yet competent",
            ),
            Field("Justification", TextArea(id="justification"), name="justification"),
            Field("Feedback given", TextArea(id="feedback"), name="feedback"),
        ]

    def picked_links(self):
        return list(self.query_one(CriteriaPicker).picked)

    # confirming the words the relationship check asks about -----------------------------------

    def words_pending(self) -> list[str]:
        """The words of the form the domain asks the assessor to confirm (none by default)."""
        return []

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "confirm_words":
            return bool(self.words_pending())
        return True

    def action_confirm_words(self) -> None:
        pending = self.words_pending()
        if not pending:
            return
        before = self.confirmation.words if self.confirmation else []
        self.confirmation = WordConfirmation(
            list(dict.fromkeys([*before, *pending])),
            self.app.assessor,
            datetime.now(UTC).replace(microsecond=0),
        )
        self.words_confirmed(pending)

    def words_confirmed(self, words: list[str]) -> None:
        """The assessor confirmed these words: the form shows it."""

    def _snapshot(self) -> tuple:
        return (*super()._snapshot(), self.confirmation)

    # whether what was saved will count ------------------------------------------------------

    def not_counting(self, record) -> list[Problem]:
        """The domain's reasons the saved evidence will not count, each on the field it is
        about (none for a witness)."""
        if not isinstance(record, Evidence):
            return []
        return will_not_count(record, self.portfolio)

    def saved_message(self, record) -> str:
        problems = self.not_counting(record)
        if not problems:
            return "Escape to go back."
        lines = [f"• {problem.full}" for problem in problems]
        said = "But it will not count (the fields marked ? say where):"
        for number, line in enumerate(lines):
            if len(said) + len(line) > FULL_REASONS:
                rest = len(lines) - number
                said += f"\n• and {rest} more: the gaps (4 on the overview) list every reason"
                break
            said += f"\n{line}"
        return said

    def after_save(self, record) -> None:
        if self.query("#criteria"):  # what it picked counts now: the picker says so
            self.query_one("#criteria", CriteriaPicker).show_coverage(*self.coverage_counts())
        for name in self._marked:  # what the last save said beside a field is said no more
            if self.query(f"#field-{name}"):
                field = self.query_one(f"#field-{name}", Field)
                field.show_note(field.hint)
        self._marked = set()
        problems = self.not_counting(record)
        if not problems:
            return
        self.status().set_classes("not-counting")
        for problem in problems:  # the headline beside its field, the reason in the status
            if self.query(f"#field-{problem.field}"):
                self.query_one(f"#field-{problem.field}", Field).show_question(
                    f"? {problem.headline}"
                )
                self._marked.add(problem.field)
        self.notify(
            "Saved, but it will not count: the form says why.",
            title="Will not count",
            severity="warning",
        )

    def store(self, record):
        """A first save adds the record; saving again after more typing changes that record.
        A form opened on a sealed record corrects it (the store refuses an empty reason)."""
        if self.correcting:
            return self.logbook.correct(
                self.loaded.id, record, self.app.assessor, self.correction_reason(), self.app.today
            )
        if self.saved_record is not None:
            record.id = self.saved_record.id
            return self.logbook.update(record, self.app.assessor, self.app.today)
        return self.logbook.add(record, self.app.assessor, self.app.today)
