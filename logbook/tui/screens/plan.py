"""Make and agree an assessment plan: the initial assessment, when and where the candidate will
be observed, what they will do, and the planned items (how, what evidence, which criteria, due
by), agreed by the candidate and the assessor.

OCR Level 3 NVQ Diploma, "The assessment plan": "With your assessor you will make and agree an
assessment plan. This will show: the units the plan covers; when you will be observed; where
you will be observed; what you will be doing; what evidence you will produce." ctrl+a adds the
item in the item fields to the plan and clears them for the next; saving stores every item
added, and the one still in the fields if it is filled in. The domain says what is wrong.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Footer, Header, Input, TextArea

from logbook.domain.dates import say_date
from logbook.domain.records import EVIDENCE_NAMES, PLAN_METHODS, Plan, PlannedItem
from logbook.domain.validation import Problem, check_planned_item
from logbook.tui.screens.evidence_form import EvidenceFormScreen
from logbook.tui.screens.form import FormInvalid
from logbook.tui.widgets.criteria_picker import CriteriaPicker
from logbook.tui.widgets.fields import DateInput, Field
from logbook.tui.widgets.key_choice import Choice, KeyChoice
from logbook.tui.widgets.plain import Plain

METHOD_KEYS = {
    "observation": "o",
    "testimony": "t",
    "discussion": "d",
    "questioning": "q",
    "work_product": "p",
}
NONE_YET = "No items yet: fill in how, what evidence, the criteria and the due date, then ctrl+a."


class PlanScreen(EvidenceFormScreen):
    BINDINGS = [Binding("ctrl+a", "add_item", "Add item", priority=True)]

    def __init__(self, candidate_id: str):
        super().__init__(candidate_id)
        self.added: list[PlannedItem] = []

    def compose(self) -> ComposeResult:
        self.compose_prepare()
        yield Header()
        yield Plain(self.title_text("Assessment plan"), classes="form-title")
        choices = [Choice(METHOD_KEYS[m], EVIDENCE_NAMES[m], m) for m in PLAN_METHODS]
        with VerticalScroll(classes="form"):
            yield Field("Agreed on", DateInput("today", id="agreed_on"), name="agreed_on")
            yield Field(
                "Initial assessment",
                TextArea(id="initial_assessment"),
                name="initial_assessment",
                hint="the starting point: what the candidate can do already, and the gaps",
            )
            yield Field(
                "When they will be observed (first visit)",
                DateInput(allow_future=True, id="planned_for"),
                name="planned_for",
            )
            yield Field("Where", Input(self.candidate.workplace, id="venue"), name="venue")
            yield Field("What they will be doing", TextArea(id="activities"), name="activities")
            yield Plain(NONE_YET, id="items-list")
            yield Field(
                "How it is assessed",
                KeyChoice(choices, id="method"),
                name="items",
                hint="o observation, t testimony, d discussion, q questioning, p work product",
            )
            yield Field("What evidence will come of it", Input(id="evidence"), name="evidence")
            yield Field(
                "Criteria it is for",
                CriteriaPicker(self.portfolio.units, id="criteria"),
                name="links",
            )
            yield Field(
                "Due by",
                DateInput(allow_future=True, id="due"),
                name="due",
                hint="ctrl+a adds this item, then clears the item fields for the next",
            )
            yield Field(
                "Agreed by the candidate",
                Checkbox(f"{self.candidate.name} agrees this plan", id="candidate_agrees"),
                name="agreed_by_candidate",
            )
            yield Field(
                "Agreed by the assessor",
                Input(self.app.assessor, id="assessor"),
                name="agreed_by_assessor",
            )
        yield self.form_status()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#initial_assessment", TextArea).focus()

    def load(self, record: Plan) -> None:
        """Opened on an agreed plan (from the overview's plan tab, or the record screen) to
        correct it, saying why: its fields and items as agreed; the item fields are left
        empty for another item."""
        super().load(record)
        self.query_one("#method", KeyChoice).value = ""  # the items are listed, not in the fields
        self.query_one("#candidate_agrees", Checkbox).value = bool(record.agreed_by_candidate)
        self.added = list(record.items)
        self.show_added()

    def _snapshot(self) -> tuple:
        # the items already added count as typing: Escape warns before dropping them
        return (*super()._snapshot(), tuple(self.added))

    # the items -------------------------------------------------------------------------------

    def typed_item(self, problems: list[Problem]) -> PlannedItem | None:
        """The item in the item fields, None when they are all empty; a due date that cannot
        be read is added to `problems`."""
        method = self.value("items")
        evidence = self.value("evidence").strip()
        links = self.picked_links()
        due_typed = self.value("due").strip()
        if not (method or evidence or links or due_typed):
            return None
        due = self.read_date("due", problems, required=False)
        return PlannedItem(method, evidence, links, due)

    def agreed_on(self):
        return self.read_date("agreed_on", [], required=True) or self.app.today

    def action_add_item(self) -> None:
        problems: list[Problem] = []
        item = self.typed_item(problems)
        field = self.query_one("#field-items", Field)
        if problems:
            self.show_problems(problems)
            return
        if item is None:
            field.show_error("choose how, say what evidence, pick criteria and a due date")
            self.query_one("#method", KeyChoice).focus()
            return
        found = check_planned_item(
            item, self.agreed_on(), self.candidate, self.portfolio.qualification
        )
        if found:
            field.show_error("; ".join(found))
            self.query_one("#method", KeyChoice).focus()
            return
        self.added.append(item)
        self.clear_problems()
        field.show_note(f"item {len(self.added)} added; fill in the next, or ctrl+s to save")
        self.query_one("#method", KeyChoice).value = ""
        self.query_one("#evidence", Input).value = ""
        self.query_one("#due", DateInput).value = ""
        picker = self.query_one(CriteriaPicker)
        while picker.picked:
            picker.action_remove_last()
        self.show_added()
        self.query_one("#method", KeyChoice).focus()
        self.query_one(VerticalScroll).scroll_to_widget(self.query_one("#items-list"), top=True)

    def show_added(self) -> None:
        if not self.added:
            self.query_one("#items-list", Plain).update(NONE_YET)
            return
        lines = [f"Planned items ({len(self.added)}):"]
        for number, item in enumerate(self.added, 1):
            codes = ", ".join(link.code for link in item.links)
            due = say_date(item.due) if item.due else "no date"
            lines.append(
                f"{number}. {EVIDENCE_NAMES.get(item.method, item.method)}: {item.evidence}"
                f"\n   {codes} · due {due}"
            )
        self.query_one("#items-list", Plain).update("\n".join(lines))

    # saving ----------------------------------------------------------------------------------

    def build(self) -> Plan:
        problems: list[Problem] = []
        agreed_on = self.read_date("agreed_on", problems)
        planned_for = self.read_date("planned_for", problems, required=False)
        typed = self.typed_item(problems)
        if problems:
            raise FormInvalid(problems)
        items = [*self.added, *([typed] if typed else [])]
        units = list(dict.fromkeys(link.unit for item in items for link in item.links))
        older = self.loaded  # what the form does not show of a plan it was opened on stays
        if older is not None and not units:
            units = list(older.units)
        agrees = self.query_one("#candidate_agrees", Checkbox).value
        return Plan(
            agreed_on=agreed_on,
            units=units,
            planned_for=planned_for,
            venue=self.value("venue").strip(),
            activities=self.value("activities").strip(),
            initial_assessment=self.value("initial_assessment").strip(),
            items=items,
            agreed_by_candidate=self.candidate.name if agrees else "",
            agreed_by_assessor=self.value("agreed_by_assessor").strip(),
            expected_evidence=older.expected_evidence if older is not None else "",
        )

    def show_problems(self, problems: list[Problem]) -> None:
        """'name the units the plan covers' is said of the items, where the units come from."""
        super().show_problems(
            [Problem("items", p.message) if p.field == "units" else p for p in problems]
        )

    def saved_message(self, record: Plan) -> str:
        if self.correcting:
            return "Plan corrected; the plan as first agreed stays readable. Escape to go back."
        return (
            f"Plan agreed with {len(record.items)} items. r on the overview reviews it. "
            "Escape to go back."
        )
