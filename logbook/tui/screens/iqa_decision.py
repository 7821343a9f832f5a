"""An IQA decision on one candidate's unit: signed off (summative) or in progress (interim).

The IQA picks the unit, the stage, the outcome, the records looked at (all of the unit's, to
begin with), the criteria, feedback and an action with its due date; ctrl+s saves it as its own
record in the candidate's logbook. The domain decides whether it may be saved
(`logbook.domain.iqa.decision_problems`) and what a "disagree" does (the unit reopens for the
assessor, with the reason on the overview). Reached from the caseload (f2) and the proposed
sample (Enter on a proposal).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Input, Select, SelectionList, TextArea

from logbook.domain.iqa import OUTCOME_NAMES, STAGE_NAMES, Action, IqaDecision
from logbook.domain.records import EVIDENCE_NAMES
from logbook.domain.sampling import RECORD_NAMES, work_of
from logbook.domain.validation import Problem
from logbook.tui.screens.form import FormInvalid, FormScreen
from logbook.tui.widgets.fields import DateInput, Field
from logbook.tui.widgets.plain import Plain, shown


class IqaDecisionScreen(FormScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save decision", priority=True),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, candidate_id: str, unit: str | None = None):
        super().__init__()
        self.candidate_id = candidate_id
        self.first_unit = unit
        self.portfolio = None
        self.logbook = None
        self.work = {}

    def prepare(self) -> None:
        if self.portfolio is None:
            self.logbook = self.app.caseload.logbook(self.candidate_id)
            self.portfolio = self.logbook.read(self.app.today)
            self.work = {w.unit: w for w in work_of(self.portfolio)}

    @property
    def candidate(self):
        return self.portfolio.candidate

    def compose(self) -> ComposeResult:
        self.prepare()
        units = [(shown(f"{u.code} {u.title}", one_line=True), u.code) for u in self.portfolio.units
                 if u.code in self.work]  # fmt: skip
        yield Header()
        yield Plain(
            f"IQA decision · {self.candidate.name} · sampled by {self.app.assessor}",
            classes="form-title",
        )
        with VerticalScroll(classes="form"):
            yield Field("Unit", Select(units, id="unit", prompt="choose the unit sampled"),
                        name="unit")  # fmt: skip
            yield Field("Stage", Select([(v, k) for k, v in STAGE_NAMES.items()], id="stage"),
                        name="stage")  # fmt: skip
            yield Field("Outcome", Select([(v, k) for k, v in OUTCOME_NAMES.items()],
                        id="outcome"), name="outcome")  # fmt: skip
            yield Field("Records looked at", SelectionList(id="records_seen"),
                        name="evidence_ids")  # fmt: skip
            yield Field("Criteria looked at", Input(placeholder="codes, e.g. 301.1.1, 301.1.2",
                        id="criteria"), name="criteria")  # fmt: skip
            yield Field("Feedback to the assessor", TextArea(id="feedback"), name="feedback",
                        hint="with disagree: why the unit goes back to the assessor")  # fmt: skip
            yield Field("Action", Input(placeholder="what the assessor is to do (optional)",
                        id="action"), name="actions")  # fmt: skip
            yield Field("Action due", DateInput("", id="action_due"), name="action_due")
            yield Field("Sampled on", DateInput("today", id="date"), name="date")
        yield self.form_status()
        yield Footer()

    def on_mount(self) -> None:
        units = [u for u in self.work]
        chosen = self.first_unit if self.first_unit in self.work else None
        if chosen is None and len(units) == 1:
            chosen = units[0]
        if chosen:
            self.query_one("#unit", Select).value = chosen
            self.fill_unit(chosen)
        self.query_one("#unit", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "unit" and event.value in self.work:
            self.fill_unit(event.value)

    def fill_unit(self, unit: str) -> None:
        """The unit's records, all picked, and its stage as the logbook has it."""
        piece = self.work[unit]
        records = self.query_one("#records_seen", SelectionList)
        records.clear_options()
        names = EVIDENCE_NAMES | RECORD_NAMES
        for record in self.portfolio.current:
            if record.id in piece.record_ids:
                when = getattr(record, "date", "")
                label = f"{names.get(record.KIND, record.KIND)} {when}"
                summary = getattr(record, "summary", "")
                label += f": {summary[:40]}" if summary else ""
                records.add_option((shown(label, one_line=True), record.id, True))
        self.query_one("#stage", Select).value = piece.stage

    def build(self) -> IqaDecision:
        problems: list[Problem] = []
        on = self.read_date("date", problems)
        due = self.read_date("action_due", problems, required=False)
        action = self.value("actions").strip()
        if action and due is None and not problems:
            problems.append(Problem("action_due", "give the action a due date"))
        if due is not None and not action:
            problems.append(Problem("actions", "say what the action is"))
        unit = self.value("unit")
        if not unit:
            problems.append(Problem("unit", "choose the unit sampled"))
        if problems:
            raise FormInvalid(problems)
        piece = self.work[unit]
        criteria = [c.strip() for c in self.value("criteria").replace(";", ",").split(",")]
        return IqaDecision(
            candidate_id=self.candidate.id,
            unit=unit,
            assessor=piece.assessor,
            stage=self.value("stage"),
            outcome=self.value("outcome"),
            iqa=self.app.assessor,
            date=on,
            criteria=[c for c in criteria if c],
            evidence_ids=list(self.query_one("#records_seen", SelectionList).selected),
            feedback=self.value("feedback"),
            actions=[Action(action, due)] if action else [],
        )

    def store(self, record: IqaDecision):
        return self.logbook.add(record, self.app.assessor, self.app.today)

    def saved_message(self, record) -> str:
        if record.outcome == "disagree":
            return f"Unit {record.unit} is reopened for {record.assessor}. Escape to go back."
        return "Escape to go back."
