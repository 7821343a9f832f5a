"""The base of the screens that record evidence for one candidate."""

from __future__ import annotations

from textual.widgets import Select

from logbook.domain.records import CONTEXT_CHOICES
from logbook.domain.standards import CONTEXT_NAMES
from logbook.tui.screens.form import FormScreen
from logbook.tui.widgets.criteria_picker import CriteriaPicker
from logbook.tui.widgets.fields import ContextFields, Field


class EvidenceFormScreen(FormScreen):
    def __init__(self, candidate_id: str):
        super().__init__()
        self.candidate_id = candidate_id
        self.logbook = None
        self.portfolio = None

    def compose_prepare(self) -> None:
        """Read the candidate's portfolio once, before the form is drawn."""
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
        choices = [(r.text, r.id) for r in reasons]
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

    def criteria_field(self, links=None, kinds=None) -> Field:
        return Field(
            "Criteria and range items it shows",
            CriteriaPicker(self.portfolio.units, links, id="criteria"),
            name="links",
        )

    def picked_links(self):
        return list(self.query_one(CriteriaPicker).picked)

    def store(self, record):
        """A first save adds the record; saving again after more typing changes that record."""
        if self.saved_record is not None:
            record.id = self.saved_record.id
            return self.logbook.update(record, self.app.assessor, self.app.today)
        return self.logbook.add(record, self.app.assessor, self.app.today)
