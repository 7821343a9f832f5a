"""Register a candidate, or change their details and chosen units.

As the units are typed the rules of combination are run over them, and the screen says what the
choice still lacks, or that it achieves the qualification; codes the qualification does not have
are named. The store decides whether the candidate can be saved (age, units, name) and the
screen shows its reasons beside the fields.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import replace
from datetime import date

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Input, Select

from logbook.domain.combination import UnitChoiceError, check_combination, resolve_units
from logbook.domain.records import Candidate
from logbook.domain.standards import Qualification
from logbook.domain.validation import Problem, check_candidate
from logbook.tui.screens.form import FormInvalid, FormScreen
from logbook.tui.widgets.fields import DateInput, Field
from logbook.tui.widgets.plain import Plain, field_value, shown

_SEPARATORS = re.compile(r"[\s,;]+")
DATE_FIELDS = ("date_of_birth", "registered_on")
REGISTERED_HINT = "the date the candidate was registered: evidence dated before it is refused"


def unit_codes(text: str) -> list[str]:
    """The unit codes typed, separated by spaces or commas."""
    return [code for code in _SEPARATORS.split(text) if code]


class CandidateScreen(FormScreen):
    def __init__(self, candidate_id: str | None = None):
        super().__init__()
        self.candidate_id = candidate_id
        self.existing: Candidate | None = None

    # drawing ----------------------------------------------------------------------------------

    def prepare(self) -> None:
        """The candidate to edit, when the form was not opened on them (`open_on`, as the
        overview does with the portfolio it holds): from the portfolio handed to the form, else
        read from their logbook. Nothing for a new one."""
        if self.candidate_id and self.loaded is None:
            portfolio = getattr(self, "portfolio", None)
            if portfolio is None:
                portfolio = self.app.caseload.logbook(self.candidate_id).read(self.app.today)
            self.open_on(portfolio.candidate)

    def load(self, record: Candidate) -> None:
        """Fill the form from the candidate's record: saving changes their details."""
        super().load(record)
        self.existing = record
        self.candidate_id = record.id
        self.query_one("#units", Input).value = field_value(" ".join(record.units))
        self.query_one("#field-registered_on", Field).show_note("")
        self.query_one("#candidate-title", Plain).update(self.title_text())
        self.show_combination()

    def portfolio_after(self, stored: Candidate):
        """The portfolio with the candidate's new details (and qualification, if changed)."""
        portfolio = getattr(self, "portfolio", None)
        if portfolio is None:
            return None
        try:
            qualification = self.app.library.get(stored.qualification)
        except KeyError:
            qualification = None
        return portfolio.with_saved(stored, qualification)

    def compose(self) -> ComposeResult:
        self.prepare()
        options = [(shown(q.title, one_line=True), q.id) for q in self.app.library]
        yield Header()
        yield Plain(self.title_text(), classes="form-title", id="candidate-title")
        with VerticalScroll(classes="form"):
            yield Field("Name", Input(id="name"), name="name")
            yield Field(
                "Date of birth",
                DateInput(id="date_of_birth"),
                name="date_of_birth",
            )
            yield Field(
                "Registration number",
                Input(id="registration_number"),
                name="registration_number",
                hint="the awarding body's registration number",
            )
            yield Field(
                "Qualification",
                Select(
                    options,
                    value=Select.NULL,
                    prompt="choose the qualification",
                    id="qualification",
                ),
                name="qualification",
            )
            yield Field(
                "Chosen units",
                Input(
                    placeholder="unit codes separated by spaces or commas",
                    id="units",
                ),
                name="units",
                hint="codes separated by spaces or commas, e.g. 301 302 205",
            )
            yield Plain("", id="unit-groups")
            yield Plain("", id="combination")
            yield Field(
                "Registered on",
                # no default: today would refuse every piece of evidence recorded before it
                DateInput(id="registered_on"),
                name="registered_on",
                hint=REGISTERED_HINT,
            )
            yield Field(
                "Workplace",
                Input(id="workplace"),
                name="workplace",
            )
            yield Field("Contact", Input(id="contact"), name="contact")
        yield self.form_status()
        yield Footer()

    def title_text(self) -> str:
        if self.existing is None:
            return "Register a candidate"
        return f"Candidate · {self.existing.name} · {self.existing.registration_number}"

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self.show_combination()

    # the rules of combination, live -----------------------------------------------------------

    def qualification(self) -> Qualification | None:
        value = self.query_one("#qualification", Select).value
        if value is Select.NULL:
            return None
        try:
            return self.app.library.get(str(value))
        except KeyError:
            return None

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "units":
            self.show_combination()

    def on_descendant_focus(self, event) -> None:
        """Typing the units, the themes or groups and what the choice lacks are in view."""
        if event.widget.id == "units":
            field = self.query_one("#field-units", Field)
            self.call_after_refresh(field.scroll_visible, top=True, animate=False)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "qualification":
            self.show_combination()

    def show_combination(self) -> None:
        text, state = self.combination_text()
        shown = self.query_one("#combination", Plain)
        shown.update(text)
        shown.set_classes(state)
        self.query_one("#unit-groups", Plain).update(self.unit_groups_text())

    def unit_groups_text(self) -> str:
        """Which units are in which theme or group of the qualification, the chosen ones
        marked ✓ (the groups as the standards give them)."""
        qualification = self.qualification()
        if qualification is None:
            return ""
        chosen = set()
        for code in unit_codes(self.query_one("#units", Input).value):
            unit = qualification.unit(code)
            if unit is not None:
                chosen.add(unit.code)
        nouns = {group.noun for group in qualification.groups}
        lines = [f"Units by {' or '.join(sorted(nouns))} (✓ chosen):"]
        for group in qualification.groups:
            heading = group.title if group.noun == "theme" else group.name
            if group.mandatory and "mandatory" not in heading.casefold():
                heading += " (mandatory)"
            units = qualification.units_in(group.id)
            codes = " ".join(f"{u.code}✓" if u.code in chosen else u.code for u in units)
            lines.append(f"  {heading}: {codes}")
        return "\n".join(lines)  # shown plain: titles come from the standards, a centre's too

    def combination_text(self) -> tuple[str, str]:
        qualification = self.qualification()
        if qualification is None:
            return "Choose the qualification to check the units against its rules.", "lacks"
        codes = unit_codes(self.query_one("#units", Input).value)
        try:
            result = check_combination(qualification, codes)
        except UnitChoiceError as wrong:
            return f"✗ {wrong}", "refused"
        chosen = f"{len(result.units)} unit{'s' if len(result.units) != 1 else ''}"
        if result.credits:
            chosen += f", {result.credits} credits"
        remarks = "".join(f"\nNote: {remark}" for remark in result.remarks)
        if result.achieved:
            return f"✓ {chosen}: this choice achieves the qualification.{remarks}", "achieves"
        lacks = "\n".join(f"• {reason}" for reason in result.unmet)
        return (
            f"{chosen}: this choice does not yet achieve the qualification:\n{lacks}{remarks}",
            "lacks",
        )

    # saving -----------------------------------------------------------------------------------

    def build(self) -> Candidate:
        problems: list[Problem] = []
        born = self.read_date("date_of_birth", problems)
        registered = self.read_date("registered_on", problems)
        qualification = self.qualification()
        codes = unit_codes(self.value("units"))
        if qualification is not None:
            # each unit as the qualification prints its code; the store refuses (and names)
            # codes the qualification does not have and units named twice
            with suppress(UnitChoiceError):
                codes = [unit.code for unit in resolve_units(qualification, codes)]
        details = {
            "name": self.value("name").strip(),
            "date_of_birth": born,
            "registration_number": self.value("registration_number").strip(),
            "qualification": qualification.id if qualification else "",
            "units": codes,
            "registered_on": registered,
            "workplace": self.value("workplace").strip(),
            "contact": self.value("contact").strip(),
        }
        if problems:
            raise FormInvalid(problems + self.other_problems(details, qualification))
        if self.existing is not None:
            return replace(self.existing, **details)
        return Candidate(**details, assessor=self.app.assessor)

    def other_problems(self, details: dict, qualification) -> list[Problem]:
        """With a date that cannot be read (or not typed yet), what else the domain says of the
        rest, so that one save names everything to fix: the candidate is checked with the
        dates left out of it, and what it says of the dates is left out too."""
        stand_in = self.app.today
        draft = Candidate(**{**details, "date_of_birth": date.min, "registered_on": stand_in})
        return [
            problem
            for problem in check_candidate(draft, qualification, stand_in)
            if problem.field not in DATE_FIELDS
        ]

    def store(self, record: Candidate) -> Candidate:
        if self.existing is None:
            self.app.caseload.create(record, self.app.assessor, self.app.today)
        else:
            logbook = self.app.caseload.logbook(record.id)
            logbook.update_candidate(record, self.app.assessor, self.app.today)
        return record

    def saved_message(self, record) -> str:
        return f"{record.name} is in the caseload. Escape to go back."

    def after_save(self, record: Candidate) -> None:
        # a second save changes this candidate; it does not register another
        self.existing = record
        self.candidate_id = record.id
        self.query_one("#candidate-title", Plain).update(self.title_text())
