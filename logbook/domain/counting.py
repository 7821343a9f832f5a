"""Whether a piece of evidence will count towards the items it is linked to, and why not.

A record can be fit to save (`validation`) and still count for nothing: a 'not yet competent'
decision, a testimony from a witness who cannot be used, simulation where the unit's working
contexts do not allow it. `coverage` leaves such evidence out of a unit's coverage and lists it
in the unit's gaps; this module says the same, for one record, at the moment it is saved, so the
form can say so beside the "Saved".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from logbook.domain.coverage import context_refusal, why_evidence_does_not_count
from logbook.domain.records import Candidate, Evidence, Witness, evidence_links
from logbook.domain.standards import Qualification


@dataclass(frozen=True)
class NotCounting:
    """Why the record will not count, and the items it will not count for (empty: every item
    it is linked to)."""

    reasons: tuple[str, ...]
    codes: tuple[str, ...] = ()

    def says(self, shorten=None) -> str:
        """'It will not count for 205.1.1: <reason>; <reason>.'; `shorten` shortens each
        reason (the status lines hold about 500 characters)."""
        where = f" for {', '.join(self.codes)}" if self.codes else ""
        reasons = [shorten(r) for r in self.reasons] if shorten else self.reasons
        return f"It will not count{where}: {'; '.join(reasons)}."

    def __str__(self) -> str:
        return self.says()


def will_not_count(
    record: Evidence,
    qualification: Qualification,
    candidate: Candidate,
    witnesses: dict[str, Witness],
    today: date | None = None,
) -> list[NotCounting]:
    """Why `record` will not count; empty when it counts for every item it is linked to. The
    reasons are coverage's own: `why_evidence_does_not_count` for the whole record, then
    `context_refusal` item by item (one entry a reason, with the items it stops)."""
    items = []
    for link in evidence_links(record):
        unit = qualification.unit(link.unit)
        item = unit.item(link.code) if unit is not None else None
        if item is not None:  # a code not in the unit is refused before it is saved
            items.append((unit, item))
    found = []
    whole = why_evidence_does_not_count(record, candidate, witnesses, today)
    if whole:
        found.append(NotCounting(tuple(whole)))
    by_reason: dict[str, list[str]] = {}
    for unit, item in items:
        refusal = context_refusal(unit, item, record.context, record.simulation_reason)
        if refusal and item.code not in by_reason.setdefault(refusal, []):
            by_reason[refusal].append(item.code)
    every = [item.code for _, item in items]
    for reason, codes in by_reason.items():
        found.append(NotCounting((reason,), () if codes == every else tuple(codes)))
    return found
