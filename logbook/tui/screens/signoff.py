"""Sign a unit off, or countersign one that is signed off.

The panel beside the form shows the unit's coverage, every item still missing (by code and text)
and the evidence that does not count for it, with why; while anything would stop the sign-off it
says so before anything is saved. The store makes the decision: a refused save shows its
reasons and writes nothing. A unit already signed off offers only the internal verifier's
countersignature, which the store keeps as a dated, attributed correction.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Footer, Header, Input, Label, Select

from logbook.domain.dates import say_date
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import DECISION_NAMES, DECISIONS, SignOff
from logbook.domain.signoff import (
    already_countersigned,
    countersign_problems,
    signoff_problems,
)
from logbook.domain.validation import Problem
from logbook.tui.screens.evidence_form import DECISION_KEYS
from logbook.tui.screens.form import FormInvalid, FormScreen
from logbook.tui.widgets.fields import DateInput, Field, Tick
from logbook.tui.widgets.key_choice import Choice, KeyChoice
from logbook.tui.widgets.plain import Plain, field_value, shown

MISSING_LISTED = 60
REFUSED_LISTED = 20
DECLARATION = "The candidate declares the evidence is their own"
WHOLE_UNIT = "The whole unit's criteria were covered (checked against its specification)"
TITLE_ONLY = (
    "This unit is given by title only in the standards: the logbook cannot list its criteria, "
    "so one linked record covers it. Check the evidence against the awarding body's unit "
    "specification, and confirm below that the whole unit's criteria were covered (a centre can "
    "add the unit's criteria: logbook standards add)."
)
NO_UNITS = "No units are chosen for this candidate yet: choose them first (e on the overview)."


class Countersign:
    """What a countersignature form holds: the store turns it into a correction."""

    def __init__(self, unit: str, iv_name: str, iv_date):
        self.unit = unit
        self.iv_name = iv_name
        self.iv_date = iv_date


class SignOffScreen(FormScreen):
    def __init__(self, candidate_id: str, unit_code: str):
        super().__init__()
        self.candidate_id = candidate_id
        self.unit_code = unit_code
        self.logbook = None
        self.portfolio: Portfolio | None = None

    def read_portfolio(self) -> None:
        self.logbook = self.app.caseload.logbook(self.candidate_id)
        self.portfolio = self.logbook.read(self.app.today)

    # drawing ----------------------------------------------------------------------------------

    def prepare(self) -> None:
        if self.portfolio is None:
            self.read_portfolio()

    def compose(self) -> ComposeResult:
        self.prepare()
        portfolio = self.portfolio
        yield Header()
        yield Plain(
            f"Sign off · {portfolio.candidate.name} · {portfolio.qualification.title}",
            classes="form-title",
        )
        if not portfolio.units:
            yield Plain(NO_UNITS, id="signoff-readiness", classes="refused")
            yield self.form_status()
            yield Footer()
            return
        wanted = portfolio.qualification.unit(self.unit_code)
        unit = wanted if wanted in portfolio.units else portfolio.units[0]
        self.unit_code = unit.code
        with Horizontal(id="signoff-columns"):
            with VerticalScroll(classes="form", id="signoff-form"):
                yield Field(
                    "Unit",
                    Select(self.unit_options(), value=unit.code, allow_blank=False, id="unit"),
                    name="unit",
                )
                with Vertical(id="signoff-fields"):
                    # no decision until the assessor chooses one; the key moves on to the
                    # declaration. Date and name are set, so they come last.
                    choices = [Choice(DECISION_KEYS[d], DECISION_NAMES[d], d) for d in DECISIONS]
                    yield Field(
                        "Decision",
                        KeyChoice(choices, id="decision"),
                        name="decision",
                        hint="c competent, n not yet competent",
                    )
                    yield Field(
                        "Candidate's declaration",
                        Tick(DECLARATION, id="candidate_declaration"),
                        name="candidate_declaration",
                    )
                    yield Field(
                        "Whole unit (given by title only)",
                        Tick(WHOLE_UNIT, id="whole_unit_confirmed"),
                        name="whole_unit_confirmed",
                    )
                    yield Field("Sign-off date", DateInput("today", id="date"), name="date")
                    yield Field(
                        "Assessor",
                        Input(field_value(self.app.assessor), id="assessor"),
                        name="assessor",
                    )
                yield Field(
                    "Internal verifier",
                    Input(id="iv_name", placeholder="name (optional at sign-off)"),
                    name="iv_name",
                )
                yield Field("Countersigned on", DateInput(id="iv_date"), name="iv_date")
            with VerticalScroll(id="signoff-panel"):
                yield Plain("", id="signoff-readiness")
                yield Plain("", id="signoff-coverage")
        yield self.form_status()
        yield Footer()

    def unit_options(self) -> list[tuple[Text, str]]:
        options = []
        for unit in self.portfolio.units:
            coverage = self.portfolio.coverage(unit.code)
            if self.portfolio.is_signed_off(unit.code):
                state = "signed off"
            else:
                state = f"{coverage.done}/{coverage.total}"
            if unit.title_only:
                state += ", title only"
            options.append((shown(f"{unit.code} {unit.title} ({state})", one_line=True), unit.code))
        return options

    def on_mount(self) -> None:
        if not self.portfolio.units:
            return
        self.refresh_unit()
        self.focus_first()

    def focus_first(self) -> None:
        """Where the next key goes: the countersignature of a unit awaiting one, the
        decision of a unit ready to sign off (then the declaration), else the choice of unit."""
        signed = self.signed
        if signed is not None and already_countersigned(signed) is None:
            self.query_one("#iv_name", Input).focus()
        elif signed is None and self.portfolio.coverage(self.unit_code).complete:
            self.query_one("#decision", KeyChoice).focus()
        else:
            self.query_one("#unit", Select).focus()

    @property
    def unit(self):
        return self.portfolio.qualification.unit(self.unit_code)

    @property
    def signed(self) -> SignOff | None:
        return self.portfolio.signoff_for(self.unit_code)

    def load(self, record: SignOff) -> None:
        """Opened on a saved sign-off (from the record screen) to correct it: every field
        filled from it, the unit fixed. Whether the correction may be made is the domain's to
        say when it is saved (logbook.domain.changes: a sign-off is corrected into a sign-off of
        the same unit, competent, keeping any countersignature)."""
        self.unit_code = record.unit
        unit = self.query_one("#unit", Select)
        with unit.prevent(Select.Changed):
            super().load(record)
        unit.disabled = True
        self.refresh_unit()

    def refresh_unit(self) -> None:
        """Show the chosen unit: its coverage, and sign-off or countersign as it allows (or,
        correcting a sign-off, every field of it)."""
        signed = None if self.correcting else self.signed
        self.query_one("#signoff-fields").display = signed is None
        self.query_one("#field-whole_unit_confirmed").display = self.unit.title_only
        # a unit is countersigned once: its countersignature is shown, not asked for again
        again = signed is not None and already_countersigned(signed) is not None
        self.query_one("#field-iv_name").display = not again
        self.query_one("#field-iv_date").display = not again
        iv_date = self.query_one("#iv_date", DateInput)
        if signed is not None and not again and not iv_date.value:
            iv_date.value = "today"
        self.query_one("#iv_name", Input).placeholder = (
            "name (optional at sign-off)" if signed is None else "the internal verifier's name"
        )
        self.query_one("#field-iv_name .field-label", Label).update(
            "Internal verifier" if signed is None else "Internal verifier countersigns"
        )
        self.show_coverage()
        self.show_readiness()

    def show_coverage(self) -> None:
        coverage = self.portfolio.coverage(self.unit_code)
        unit = coverage.unit
        lines = [f"Unit {unit.code} {unit.title}", f"Covered: {coverage.done} of {coverage.total}"]
        if unit.title_only:
            lines.append(TITLE_ONLY)
        if coverage.missing:
            lines.append(f"Missing ({len(coverage.missing)}):")
            for item in coverage.missing[:MISSING_LISTED]:
                lines.append(f"  {item.code}  {item.text}")
            if len(coverage.missing) > MISSING_LISTED:
                lines.append(f"  … and {len(coverage.missing) - MISSING_LISTED} more")
        else:
            lines.append("Nothing missing.")
        if coverage.refused:
            lines.append("Evidence that does not count for this unit:")
            for refusal in coverage.refused[:REFUSED_LISTED]:
                lines.append(f"  {refusal.code}: {refusal.reason}")
            if len(coverage.refused) > REFUSED_LISTED:
                lines.append(f"  … and {len(coverage.refused) - REFUSED_LISTED} more")
        # as text, never markup: titles and criteria come from the standards (a centre's file)
        self.query_one("#signoff-coverage", Plain).update("\n".join(lines))

    def draft(self) -> SignOff | None:
        """The sign-off the form holds now, when its dates can be read."""
        problems: list[Problem] = []
        signoff = self._signoff(problems)
        return None if problems else signoff

    def _signoff(self, problems: list[Problem]) -> SignOff | None:
        """The sign-off as typed; a date that cannot be read is added to `problems`."""
        when = self.read_date("date", problems)
        iv_date = self.read_date("iv_date", problems, required=False)
        if problems:
            return None
        return SignOff(
            unit=self.unit_code,
            date=when,
            assessor=self.value("assessor").strip(),
            decision=self.value("decision"),
            candidate_declaration=self.query_one("#candidate_declaration", Checkbox).value,
            iv_name=self.value("iv_name").strip(),
            iv_date=iv_date,
            whole_unit_confirmed=(
                self.query_one("#whole_unit_confirmed", Checkbox).value
                if self.unit.title_only
                else None
            ),
        )

    def show_readiness(self) -> None:
        shown = self.query_one("#signoff-readiness", Plain)
        if self.correcting:
            old = self.loaded
            shown.update(
                f"Correcting the sign-off of unit {old.unit} made {say_date(old.date)} by "
                f"{old.assessor}: say why; saved with your name and the time, the old one "
                "stays readable."
            )
            shown.set_classes("saving")
            return
        signed = self.signed
        if signed is not None:
            text = f"Signed off {say_date(signed.date)} by {signed.assessor}."
            again = already_countersigned(signed)
            if again:
                text += f"\n{again[0].upper()}{again[1:]}."
            else:
                text += "\nThe internal verifier may countersign it: name, date, ctrl+s."
            shown.update(text)
            shown.set_classes("achieves")
            return
        coverage = self.portfolio.coverage(self.unit_code)
        draft = self.draft()
        if draft is None:
            problems = []
            if coverage.missing:
                problems.append(
                    f"unit {coverage.unit.code} still needs evidence for "
                    f"{len(coverage.missing)} of {coverage.total}"
                )
        else:
            problems = signoff_problems(
                self.portfolio.candidate,
                coverage,
                draft,
                self.portfolio.signed_units,
                self.app.today,
                minimum_age=self.portfolio.qualification.minimum_age,
            )
        if problems:
            reasons = "\n".join(f"• {p}" for p in problems)
            shown.update(f"Not ready to sign off:\n{reasons}")
            shown.set_classes("refused")
        else:
            shown.update("✓ Ready to sign off: ctrl+s.")
            shown.set_classes("achieves")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "unit" and event.value != self.unit_code:
            # choosing another unit is not typing: the unit is the form's first value
            untouched = self._clean is not None and self._snapshot()[1:] == self._clean[1:]
            self.unit_code = str(event.value)
            self.clear_problems()
            self.status().update("")
            self.refresh_unit()
            if untouched:
                self.mark_clean()
        elif self.portfolio is not None:
            self.show_readiness()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.portfolio is not None and self.is_mounted:
            self.show_readiness()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if self.portfolio is not None and self.is_mounted:
            self.show_readiness()

    def on_key_choice_changed(self, event: KeyChoice.Changed) -> None:
        """A decision chosen by its key: on to the declaration, the next thing to do."""
        if self.portfolio is None or not self.is_mounted:
            return
        self.show_readiness()
        if event.value and event.choice.has_focus:
            self.focus_next()

    # saving -----------------------------------------------------------------------------------

    def build(self) -> SignOff | Countersign:
        problems: list[Problem] = []
        if not self.portfolio.units:
            raise FormInvalid([Problem("unit", NO_UNITS)])
        if self.signed is not None and not self.correcting:
            iv_name = self.value("iv_name")
            again = already_countersigned(self.signed)
            if again:
                raise FormInvalid([Problem("unit", again)])
            iv_date = self.read_date("iv_date", problems)
            problems.extend(
                Problem("iv_name", p)
                for p in countersign_problems(iv_name, self.signed, iv_date, self.app.today)
            )
            if problems:
                raise FormInvalid(problems)
            return Countersign(self.unit_code, iv_name.strip(), iv_date)
        signoff = self._signoff(problems)
        if problems:
            raise FormInvalid(problems)
        return signoff

    def store(self, record):
        if self.correcting:  # the domain says whether it may be (the store asks it)
            return self.logbook.correct(
                self.loaded.id, record, self.app.assessor, self.correction_reason(), self.app.today
            )
        if isinstance(record, Countersign):
            return self.logbook.countersign(
                record.unit, record.iv_name, record.iv_date, self.app.assessor, self.app.today
            )
        return self.logbook.sign_off(record, self.app.assessor, self.app.today)

    def show_problems(self, problems: list[Problem]) -> None:
        """The store gives every reason against a sign-off; show them all, not the last."""
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        merged = [
            Problem(
                name, messages[0] if len(messages) == 1 else "\n".join(f"• {m}" for m in messages)
            )
            for name, messages in by_field.items()
        ]
        super().show_problems(merged)

    def saved_message(self, record) -> str:
        if self.correcting:
            return (
                f"The sign-off of unit {record.unit} is corrected; the old one stays readable. "
                "Escape to go back."
            )
        if record.iv_name and record.corrects:
            return f"Unit {record.unit} countersigned by {record.iv_name}. Escape to go back."
        return f"Unit {record.unit} is signed off. Escape to go back."

    def after_save(self, record) -> None:
        # the portfolio with the sign-off in it is the form's already (FormScreen._stored)
        if self.correcting:
            self.refresh_unit()
            return
        select = self.query_one("#unit", Select)
        with select.prevent(Select.Changed):
            select.set_options(self.unit_options())
            select.value = self.unit_code
        self.query_one("#iv_name", Input).value = ""
        self.query_one("#iv_date", DateInput).value = ""
        # another unit is decided and declared for on its own
        self.query_one("#decision", KeyChoice).value = ""
        self.query_one("#candidate_declaration", Checkbox).value = False
        self.refresh_unit()
        self.focus_first()
        self.call_after_refresh(self.mark_clean)
