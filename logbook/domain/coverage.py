"""What a unit's evidence covers, by which evidence, what is missing, and what was refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from logbook.domain.records import (
    DECISION_NAMES,
    EVIDENCE_NAMES,
    NOT_RECORDED,
    Candidate,
    Evidence,
    Link,
    Observation,
    Questioning,
    Testimony,
    Witness,
    WorkProduct,
    evidence_links,
)
from logbook.domain.standards import CONTEXT_NAMES, Item, Unit, normalise_code
from logbook.domain.witnesses import testimony_problems


@dataclass(frozen=True)
class Refusal:
    evidence_id: str
    code: str
    reason: str


@dataclass
class UnitCoverage:
    unit: Unit
    covered: dict[str, list[str]] = field(default_factory=dict)  # item code -> evidence ids
    missing: list[Item] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def total(self) -> int:
        return len(self.unit.items)

    @property
    def done(self) -> int:
        return self.total - len(self.missing)

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 100

    def evidence_for(self, code: str) -> list[str]:
        return self.covered.get(code, [])


def why_evidence_does_not_count(
    evidence: Evidence,
    candidate: Candidate,
    witnesses: dict[str, Witness],
    today: date | None = None,
) -> list[str]:
    """Reasons a piece of evidence counts for nothing at all (whatever unit it is linked to)."""
    if isinstance(evidence, Observation) and evidence.decision != "competent":
        return ["the observation's decision was 'not yet competent'"]
    # a work product or questioning saved before they held a decision counts as it did then
    if isinstance(evidence, WorkProduct | Questioning) and evidence.decision not in (
        "competent",
        NOT_RECORDED,
    ):
        decision = DECISION_NAMES.get(evidence.decision, evidence.decision)
        return [f"the {EVIDENCE_NAMES[evidence.KIND]}'s decision was {decision!r}"]
    if isinstance(evidence, Testimony):
        return testimony_problems(evidence, witnesses.get(evidence.witness_id), candidate, today)
    return []


def context_refusal(
    unit: Unit, item: Item, context: str, simulation_reason: str = ""
) -> str | None:
    """Why evidence from `context` cannot count for this item of the unit; None if it can.

    Where the qualification names the reasons simulation may be used for, simulation counts
    only with one of them recorded (an older record without one does not count)."""
    if unit.contexts.allows(context, item.evidence):
        reasons = unit.contexts.simulation_reasons
        if context != "simulation" or not reasons:
            return None
        if simulation_reason in reasons:
            return None
        given = (
            f"'{simulation_reason}' is not one of them"
            if simulation_reason
            else "this record gives none"
        )
        return (
            f"simulation counts for unit {unit.code} only with one of the reasons its "
            f"qualification names for simulation; {given}"
        )
    allowed = (
        unit.contexts.performance if item.evidence == "performance" else (unit.contexts.knowledge)
    )
    names = " or ".join(CONTEXT_NAMES[c] for c in allowed)
    return (
        f"evidence from {CONTEXT_NAMES.get(context, context)} cannot count for unit {unit.code}: "
        f"its {item.evidence} evidence must come from {names}"
    )


_UNSEEN = object()


def _not_in_unit(record_id: str, code: str, unit: Unit) -> Refusal:
    """A link to an item the unit does not have."""
    return Refusal(record_id, code, f"{code} is not in unit {unit.code}")


def _refusals(record: Evidence, item: Item, stops: list[str], refusal: str | None) -> list:
    """Why `record` does not cover `item`: what it does not count for at all (`stops`,
    `why_evidence_does_not_count`) and why its context cannot count for this item (`refusal`,
    `context_refusal`); asked when either holds something."""
    reasons = [*stops, refusal] if refusal else stops
    name = EVIDENCE_NAMES.get(record.KIND, record.KIND)
    return [Refusal(record.id, item.code, f"{name}: {reason}") for reason in reasons]


def links_by_unit(evidence: list[Evidence]) -> dict[str, list[tuple[Evidence, list[Link]]]]:
    """Each piece of evidence with its links to each unit, by the unit's normalised code: the
    evidence in the order given, each one's links in its own order (`unit_coverage` takes one
    unit's list as `linked`: the links worked out once for every unit, not once per unit)."""
    out: dict[str, list[tuple[Evidence, list[Link]]]] = {}
    codes: dict[str, str] = {}  # a unit code as written: normalised
    for record in evidence:
        add_links(out, record, codes)
    return out


def add_links(
    out: dict[str, list[tuple[Evidence, list[Link]]]], record: Evidence, codes: dict[str, str]
) -> None:
    """`record` added after the evidence of `out` (`links_by_unit`); `codes`: each unit code
    as written, normalised, kept between calls."""
    mine: dict[str, list[Link]] = {}
    for link in evidence_links(record):
        code = codes.get(link.unit)
        if code is None:
            code = codes[link.unit] = normalise_code(link.unit)
        mine.setdefault(code, []).append(link)
    for code, links in mine.items():
        out.setdefault(code, []).append((record, links))


def unit_coverage(
    unit: Unit,
    evidence: list[Evidence],
    candidate: Candidate,
    witnesses: dict[str, Witness],
    today: date | None = None,
    blockers: dict[str, list[str]] | None = None,
    linked: list[tuple[Evidence, list[Link]]] | None = None,
) -> UnitCoverage:
    """Which of the unit's items the current evidence covers; evidence is assumed current.

    `blockers` may hold, by evidence id, what `why_evidence_does_not_count` says, worked out
    once for a portfolio rather than once per unit. `linked`: the evidence linked to this unit
    with its links to it (`links_by_unit`), if worked out already; else found in `evidence`.
    Each item's and each context's answer (`context_refusal`) is worked out once a call.
    """
    coverage = UnitCoverage(unit)
    found: dict[str, list[str]] = {}
    items = {normalise_code(i.code): i for i in unit.items}
    if linked is None:
        wanted_unit = normalise_code(unit.code)
        wanted: dict[str, bool] = {}  # a unit code as written: is it this unit's
        linked = []
        for record in evidence:
            links = []
            for link in evidence_links(record):
                here = wanted.get(link.unit)
                if here is None:
                    here = wanted[link.unit] = normalise_code(link.unit) == wanted_unit
                if here:
                    links.append(link)
            if links:
                linked.append((record, links))
    item_of: dict[str, Item | None] = {}  # a link's code as written: the item, if any
    refusals: dict[tuple, str | None] = {}  # (item, context, simulation reason): context_refusal
    for record, links in linked:
        if blockers is not None and record.id in blockers:
            stops = blockers[record.id]
        else:
            stops = why_evidence_does_not_count(record, candidate, witnesses, today)
        for link in links:
            item = item_of.get(link.code, _UNSEEN)
            if item is _UNSEEN:
                item = item_of[link.code] = items.get(normalise_code(link.code))
            if item is None:
                coverage.refused.append(_not_in_unit(record.id, link.code, unit))
                continue
            key = (item.code, record.context, record.simulation_reason)
            refusal = refusals.get(key, _UNSEEN)
            if refusal is _UNSEEN:
                refusal = refusals[key] = context_refusal(
                    unit, item, record.context, record.simulation_reason
                )
            if stops or refusal:
                coverage.refused.extend(_refusals(record, item, stops, refusal))
            else:
                found.setdefault(item.code, []).append(record.id)
    coverage.covered = {i.code: found[i.code] for i in unit.items if i.code in found}
    coverage.missing = [i for i in unit.items if i.code not in found]
    return coverage


def units_coverage(
    units: list[Unit],
    evidence: list[Evidence],
    candidate: Candidate,
    witnesses: dict[str, Witness],
    today: date | None = None,
) -> dict[str, UnitCoverage]:
    """`unit_coverage` of each of `units`, by unit code, in one pass over the evidence: each
    piece's links worked out once, whatever it does not count for (`why_evidence_does_not_count`)
    once, and only for evidence linked to one of the units; what a link means for each unit
    (its item, and why evidence from a context cannot count for it) once a pass. The same
    answer as a call per unit (`tests/domain/test_units_coverage.py`): each unit's items
    covered by the evidence in order, its refusals in the order of the evidence, then of each
    one's links."""
    by_code: dict[str, list] = {}  # a unit's normalised code: (unit, items, ids, refused) each
    for unit in units:
        items = {normalise_code(i.code): i for i in unit.items}
        ids = {i.code: [] for i in unit.items}  # by item code: the evidence that covers it
        by_code.setdefault(normalise_code(unit.code), []).append((unit, items, ids, []))
    # what a piece of evidence does not count for, by id: as the last piece with its id
    # (one answer an id, as `unit_coverage`'s `blockers`)
    last = {record.id: record for record in evidence}
    blockers: dict[str, list[str]] = {}
    # (link unit, link code, context, simulation reason): for each unit it names, the unit,
    # its refusals, the item (None: not in the unit), why that context cannot count for it
    # and the ids of the evidence covering it
    meanings: dict[tuple, list[tuple]] = {}
    for record in evidence:
        record_id, context, reason = record.id, record.context, record.simulation_reason
        stops = None
        # `evidence_links`, without a copy of the links: they are only read
        for link in record.all_links if isinstance(record, Questioning) else record.links:
            key = (link.unit, link.code, context, reason)
            meaning = meanings.get(key)
            if meaning is None:
                meaning = meanings[key] = _meaning(by_code, *key)
            for unit, refused, item, refusal, covering in meaning:
                if item is None:
                    refused.append(_not_in_unit(record_id, link.code, unit))
                    continue
                if stops is None:
                    stops = blockers.get(record_id)
                    if stops is None:
                        stops = blockers[record_id] = why_evidence_does_not_count(
                            last[record_id], candidate, witnesses, today
                        )
                if stops or refusal:
                    refused.extend(_refusals(record, item, stops, refusal))
                else:
                    covering.append(record_id)
    out: dict[str, UnitCoverage] = {}
    for unit in units:
        for same, _, ids, refused in by_code[normalise_code(unit.code)]:
            if same is unit:
                out[unit.code] = UnitCoverage(
                    unit,
                    {i.code: ids[i.code] for i in unit.items if ids[i.code]},
                    [i for i in unit.items if not ids[i.code]],
                    refused,
                )
    return out


def _meaning(by_code, unit_code, code, context, simulation_reason) -> list[tuple]:
    """What a link (`unit_code`, `code`) of evidence from `context` means for each unit of
    `by_code` it names (`units_coverage`)."""
    out = []
    for unit, items, ids, refused in by_code.get(normalise_code(unit_code), ()):
        item = items.get(normalise_code(code))
        if item is None:
            out.append((unit, refused, None, None, None))
        else:
            refusal = context_refusal(unit, item, context, simulation_reason)
            out.append((unit, refused, item, refusal, ids[item.code]))
    return out
