"""One candidate's portfolio as the rules see it: records in force, coverage, progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from logbook.domain.combination import CombinationResult
from logbook.domain.coverage import UnitCoverage, links_by_unit, unit_coverage, units_coverage
from logbook.domain.records import (
    Candidate,
    Evidence,
    IqaDecision,
    Link,
    Plan,
    PlanReview,
    Record,
    SignOff,
    Witness,
    current_records,
    evidence_links,
)
from logbook.domain.signoff import qualification_progress
from logbook.domain.standards import Qualification, Unit, normalise_code
from logbook.domain.text import blank

# The shape of `Portfolio.summary()`: a summary saved under another version is worked out again.
SUMMARY_VERSION = 1


@dataclass
class Portfolio:
    qualification: Qualification
    records: list[Record]  # every record, corrections and corrected alike, in saved order
    today: date = field(default_factory=date.today)

    @cached_property
    def current(self) -> list[Record]:
        return current_records(self.records)

    @cached_property
    def candidate(self) -> Candidate:
        for record in reversed(self.records):
            if isinstance(record, Candidate):
                return record
        raise ValueError("the logbook holds no candidate")

    @cached_property
    def witnesses(self) -> dict[str, Witness]:
        return {r.id: r for r in self.current if isinstance(r, Witness)}

    @cached_property
    def evidence(self) -> list[Evidence]:
        return [r for r in self.current if isinstance(r, Evidence)]

    @cached_property
    def plans(self) -> list[Plan]:
        return [r for r in self.current if isinstance(r, Plan)]

    @cached_property
    def plans_by_id(self) -> dict[str, Plan]:
        """The plans in force, by id (what a plan review is checked against)."""
        return {plan.id: plan for plan in self.plans}

    @cached_property
    def evidence_dates(self) -> dict[str, date]:
        """The date of each piece of evidence in force, by id (what shows a planned item was
        done since its plan was agreed)."""
        return {record.id: record.date for record in self.evidence}

    @cached_property
    def visit_setting(self) -> tuple[date, int, date] | None:
        """The latest setting of the next visit (`logbook.domain.planning.visit_setting`)."""
        from logbook.domain.planning import visit_setting  # planning reads portfolios

        return visit_setting(self)

    @cached_property
    def open_plan_items(self) -> list:
        """The planned items not done, by due date (`logbook.domain.planning.open_items`)."""
        from logbook.domain.planning import open_items  # planning reads portfolios

        return open_items(self)

    @cached_property
    def reviews(self) -> list[PlanReview]:
        """The plan reviews in force, in saved order."""
        return [r for r in self.current if isinstance(r, PlanReview)]

    @cached_property
    def signoff_history(self) -> list[SignOff]:
        """Every sign-off not corrected, in saved order: a unit an IQA's "disagree" reopened
        and the assessor signed off again has two, the old one kept in the history."""
        return [r for r in self.current if isinstance(r, SignOff)]

    @cached_property
    def reopened(self) -> dict:
        """The units an IQA's "disagree" has reopened and the assessor has not signed off
        again since, by normalised unit code (`logbook.domain.iqa.portfolio_reopenings`)."""
        from logbook.domain.iqa import portfolio_reopenings  # iqa reads portfolios

        return portfolio_reopenings(self)

    @cached_property
    def signoffs(self) -> list[SignOff]:
        """The sign-offs in force: each unit's latest, unless an IQA's "disagree" reopened the
        unit since. A reopened unit is not signed off: it does not count for progress, its
        evidence may be changed in place, and the assessor may sign it off again."""
        latest: dict[str, SignOff] = {}
        for signoff in self.signoff_history:
            latest[normalise_code(signoff.unit)] = signoff
        reopened = self.reopened
        return [s for code, s in latest.items() if code not in reopened]

    @property
    def signed_units(self) -> list[str]:
        return [s.unit for s in self.signoffs]

    @property
    def awaiting_countersign(self) -> list[SignOff]:
        """The units signed off and not yet countersigned by the internal verifier."""
        return [s for s in self.signoffs if blank(s.iv_name)]

    def signoff_for(self, unit_code: str) -> SignOff | None:
        wanted = normalise_code(unit_code)
        for signoff in self.signoffs:
            if normalise_code(signoff.unit) == wanted:
                return signoff
        return None

    def is_signed_off(self, unit_code: str) -> bool:
        return self.signoff_for(unit_code) is not None

    @cached_property
    def units(self) -> list[Unit]:
        return [u for u in map(self.qualification.unit, self.candidate.units) if u is not None]

    @cached_property
    def _coverage(self) -> dict[str, UnitCoverage]:
        return units_coverage(self.units, self.evidence, self.candidate, self.witnesses, self.today)

    @cached_property
    def linked(self) -> dict[str, list[tuple[Evidence, list[Link]]]]:
        """The evidence in force linked to each unit, with its links to it, by the unit's
        normalised code (`links_by_unit`)."""
        return links_by_unit(self.evidence)

    def linked_to(self, unit_code: str) -> list[tuple[Evidence, list[Link]]] | None:
        """The evidence in force linked to this unit, with its links to it, if `linked` is
        worked out already (a replay sets it: `changes.logbook_problems`); else None, and
        `unit_coverage` finds them for the one unit."""
        if "linked" not in self.__dict__:
            return None
        return self.linked.get(normalise_code(unit_code), [])

    def coverage(self, unit_code: str) -> UnitCoverage:
        unit = self.qualification.unit(unit_code)
        if unit is None:
            raise KeyError(unit_code)
        if unit.code in self._coverage:
            return self._coverage[unit.code]
        return unit_coverage(unit, self.evidence, self.candidate, self.witnesses, self.today)

    def progress(self) -> CombinationResult:
        return qualification_progress(self.qualification, self.signed_units)

    def locked_units(self, record: Record) -> list[str]:
        """Signed-off units this record is evidence for: it may then only be corrected."""
        if not isinstance(record, Evidence):
            return []
        units = {normalise_code(link.unit) for link in evidence_links(record)}
        return [s.unit for s in self.signoffs if normalise_code(s.unit) in units]

    def with_saved(self, record: Record, qualification: Qualification | None = None) -> Portfolio:
        """This portfolio once `record` is saved, as the store writes it, without reading the
        file back: the record takes the place of the one with its id (a change in place), else
        it is added after the rest (a new record, a sign-off, or a correction, which names the
        record it replaces: that one stays). `qualification`: the candidate's, when a change of
        the candidate's details changed it."""
        records = [record if r.id == record.id else r for r in self.records]
        if not any(r is record for r in records):
            records.append(record)
        return Portfolio(qualification or self.qualification, records, self.today)

    @cached_property
    def positions(self) -> dict[str, int]:
        """Each record's id: its position in `records`, from 1 (the first, if two share it)."""
        positions: dict[str, int] = {}
        for position, record in enumerate(self.records, 1):
            positions.setdefault(record.id, position)
        return positions

    def find(self, record_id: str) -> Record | None:
        position = self.positions.get(record_id)
        return None if position is None else self.records[position - 1]

    def added(self, record: Record) -> Portfolio:
        """This portfolio with `record` added (a new record, not a correction, not a sign-off,
        not the candidate), keeping what was worked out already: only the units the record is
        evidence for are worked out again, and only for that record. The same as a portfolio
        made from every record (`tests/domain/test_portfolio_added.py` checks it)."""
        if record.corrects or isinstance(record, SignOff | Candidate):
            raise ValueError("added() takes a new record; a change of what counts is made anew")
        after = Portfolio(self.qualification, [*self.records, record], self.today)
        if isinstance(record, IqaDecision):
            return after  # a disagree reopens a unit: which sign-offs are in force is worked anew
        done = self.__dict__
        position = len(after.records)
        if "positions" in done:
            positions = self.positions.copy()
            positions.setdefault(record.id, position)  # the first, if two share it
            after.positions = positions
        if "current" in done:
            after.current = [*self.current, record]
        if "candidate" in done:
            after.candidate = self.candidate
        if "units" in done:
            after.units = self.units
        for name in (
            "plans", "reviews", "signoffs", "witnesses", "evidence", "plans_by_id", "evidence_dates"
        ):  # fmt: skip
            if name in done:
                after.__dict__[name] = done[name].copy()
        if isinstance(record, Plan) and "plans" in done:
            after.plans.append(record)
        if isinstance(record, Plan) and "plans_by_id" in done:
            after.plans_by_id[record.id] = record
        if isinstance(record, Evidence) and "evidence_dates" in done:
            after.evidence_dates[record.id] = record.date
        if isinstance(record, PlanReview) and "reviews" in done:
            after.reviews.append(record)
        if isinstance(record, Witness) and "witnesses" in done:
            after.witnesses[record.id] = record
        if isinstance(record, Evidence) and "evidence" in done:
            after.evidence.append(record)
        # a witness may be the one behind a testimony saved before it: worked out anew
        if "_coverage" in done and not isinstance(record, Witness) and "evidence" in done:
            after._coverage = self._coverage_with(record, after)
        from logbook.domain.planning import open_items_after, visit_setting_after

        if "visit_setting" in done:
            after.visit_setting = visit_setting_after(self.visit_setting, record, position)
        if "open_plan_items" in done and not isinstance(record, Witness):  # as coverage
            after.open_plan_items = open_items_after(self.open_plan_items, after, record)
        return after

    def _coverage_with(self, record: Record, after: Portfolio) -> dict[str, UnitCoverage]:
        """The coverage of `after` (this portfolio with `record` added) from this one's: what
        an item is covered by is the evidence that counts for it, each piece on its own."""
        coverage = dict(self._coverage)
        if not isinstance(record, Evidence):
            return coverage
        linked = {normalise_code(link.unit) for link in evidence_links(record)}
        for unit in after.units:
            if normalise_code(unit.code) not in linked:
                continue
            own = unit_coverage(unit, [record], after.candidate, after.witnesses, after.today)
            old = coverage[unit.code]
            covered = {code: list(ids) for code, ids in old.covered.items()}
            for code, ids in own.covered.items():
                covered.setdefault(code, []).extend(ids)
            coverage[unit.code] = UnitCoverage(
                unit,
                {i.code: covered[i.code] for i in unit.items if i.code in covered},
                [i for i in unit.items if i.code not in covered],
                [*old.refused, *own.refused],
            )
        return coverage

    def summary(self) -> dict:
        """What the caseload shows for this candidate: plain data, cacheable as JSON."""
        from logbook.domain.planning import plan_summary  # planning reads portfolios

        units = []
        for unit in self.units:
            coverage = self._coverage[unit.code]
            units.append(
                {
                    "code": unit.code,
                    "done": coverage.done,
                    "total": coverage.total,
                    "signed_off": self.is_signed_off(unit.code),
                    "missing": [i.code for i in coverage.missing[:5]],
                    "missing_count": len(coverage.missing),
                }
            )
        progress = self.progress()
        return {
            "id": self.candidate.id,
            "name": self.candidate.name,
            "registration_number": self.candidate.registration_number,
            "qualification": self.qualification.id,
            "qualification_title": self.qualification.title,
            "workplace": self.candidate.workplace,
            "assessor": self.candidate.assessor,  # who may see it (logbook.store.roles)
            "units": units,
            "signed_off": [u["code"] for u in units if u["signed_off"]],
            "evidence_count": len(self.evidence),
            "achieved": progress.achieved,
            "unmet": list(progress.unmet),
            "plan": plan_summary(self),
            "awaiting_countersign": [
                {"unit": s.unit, "signed_on": s.date.isoformat(), "assessor": s.assessor}
                for s in self.awaiting_countersign
            ],
        }
