"""The base of the screens that record evidence for one candidate."""

from __future__ import annotations

from textual.widgets import Select

from logbook.domain.records import CONTEXT_CHOICES
from logbook.domain.standards import CONTEXT_NAMES
from logbook.tui.screens.form import FormScreen
from logbook.tui.widgets.criteria_picker import CriteriaPicker
from logbook.tui.widgets.fields import Field


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

    def context_field(self, value: str = "real_work") -> Field:
        options = [(CONTEXT_NAMES[c], c) for c in CONTEXT_CHOICES]
        return Field(
            "Working context",
            Select(options, value=value, allow_blank=False, id="context"),
            name="context",
            hint="real work, a realistic working environment, or simulation",
        )

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
