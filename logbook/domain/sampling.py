"""An IQA's sampling plan against the centre's portfolios: coverage, a proposed sample, what is
overdue.

What can be sampled is a *piece of assessment work*: one candidate's unit with something in it
(evidence linked to the unit, or its sign-off). Its assessor is the one who signed it off, else
the candidate's assessor; its stage is summative once signed off, interim before. A piece is
sampled when an IQA decision names that candidate and unit (at either stage).

The CAVIAR factors a plan must cover over the programme, as this module reads them from the
records:

* candidates: every candidate with work to sample;
* assessors: every assessor with work to sample (an assessor missing from the plan is flagged);
* venues: the candidates' workplaces (`Candidate.workplace`);
* instruments: the assessment methods, the kinds of evidence (observation, testimony, ...);
* assessment decisions: both stages, interim and summative, for every assessor;
* records: the portfolio's records that are not evidence: assessment plans, witness status
  statements, sign-offs (an IQA decision names them among the records looked at).

Shares: a rating's share of an assessor's candidates and pieces of work, rounded up (10% of
one candidate is that candidate), counted over the candidates and pieces that have something to
sample. The seeds set no share; see `logbook.domain.iqa.DEFAULT_SHARES`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from logbook.domain.dates import say_date
from logbook.domain.iqa import (
    RISK_NAMES,
    IqaDecision,
    SamplingPlan,
    StandardisationMeeting,
    person_key,
)
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import (
    EVIDENCE_NAMES,
    Evidence,
    Plan,
    SignOff,
    Witness,
    current_records,
    evidence_links,
)
from logbook.domain.standards import normalise_code

FACTORS = ("candidates", "assessors", "venues", "instruments", "decisions", "records")
FACTOR_NAMES = {
    "candidates": "candidates",
    "assessors": "assessors",
    "venues": "venues (workplaces)",
    "instruments": "instruments (assessment methods)",
    "decisions": "assessment decisions (interim and summative, per assessor)",
    "records": "records",
}
RECORD_NAMES = {"plan": "assessment plan", "witness": "witness status", "signoff": "sign-off"}


@dataclass(frozen=True)
class Work:
    """One candidate's unit with something to sample."""

    candidate_id: str
    candidate: str  # the candidate's name
    unit: str  # the unit's code as the standards give it
    assessor: str
    stage: str  # interim | summative
    workplace: str
    methods: tuple[str, ...]  # evidence kinds linked to the unit
    record_ids: frozenset[str]

    @property
    def key(self) -> tuple[str, str]:
        return (self.candidate_id, normalise_code(self.unit))

    @property
    def order(self) -> tuple:
        return (self.candidate.casefold(), self.candidate_id, normalise_code(self.unit))


def assessor_of(portfolio: Portfolio, unit: str) -> str:
    signed = portfolio.signoff_for(unit)
    if signed is not None and signed.assessor.strip():
        return signed.assessor
    return portfolio.candidate.assessor


def work_of(portfolio: Portfolio) -> list[Work]:
    """The candidate's units that have something to sample."""
    by_unit: dict[str, list[Evidence]] = defaultdict(list)
    for record in portfolio.evidence:
        for unit in {normalise_code(link.unit) for link in evidence_links(record)}:
            by_unit[unit].append(record)
    out = []
    for unit in portfolio.units:
        code = normalise_code(unit.code)
        evidence = by_unit.get(code, [])
        signed = portfolio.signoff_for(unit.code)
        if not evidence and signed is None:
            continue
        ids = {e.id for e in evidence} | ({signed.id} if signed else set())
        out.append(
            Work(
                candidate_id=portfolio.candidate.id,
                candidate=portfolio.candidate.name,
                unit=unit.code,
                assessor=assessor_of(portfolio, unit.code),
                stage="summative" if signed else "interim",
                workplace=portfolio.candidate.workplace.strip(),
                methods=tuple(sorted({e.KIND for e in evidence})),
                record_ids=frozenset(ids),
            )
        )
    return out


def centre_work(portfolios: list[Portfolio]) -> list[Work]:
    return sorted((w for p in portfolios for w in work_of(p)), key=lambda w: w.order)


@dataclass
class _Sampled:
    """What the IQA decisions so far have covered."""

    pieces: set[tuple[str, str]] = field(default_factory=set)
    candidates: set[str] = field(default_factory=set)
    assessors: set[str] = field(default_factory=set)  # person keys
    workplaces: set[str] = field(default_factory=set)  # casefolded
    methods: set[str] = field(default_factory=set)
    records: set[str] = field(default_factory=set)
    units: set[tuple[str, str]] = field(default_factory=set)  # (assessor key, unit)
    assessor_methods: set[tuple[str, str]] = field(default_factory=set)
    stages: set[tuple[str, str]] = field(default_factory=set)  # (assessor key, stage)

    def take(self, work: Work, stage: str, looked_at: set[str], kinds: dict[str, str]):
        who = person_key(work.assessor)
        self.pieces.add(work.key)
        self.candidates.add(work.candidate_id)
        self.assessors.add(who)
        if work.workplace:
            self.workplaces.add(work.workplace.casefold())
        self.units.add((who, normalise_code(work.unit)))
        self.stages.add((who, stage))
        for record_id in looked_at:
            kind = kinds.get(record_id)
            if kind in EVIDENCE_NAMES:
                self.methods.add(kind)
                self.assessor_methods.add((who, kind))
            elif kind in RECORD_NAMES:
                self.records.add(kind)

    def assume(self, work: Work) -> None:
        """Count a proposed piece as sampled, with every method linked to its unit."""
        self.take(work, work.stage, set(), {})
        who = person_key(work.assessor)
        self.methods.update(work.methods)
        self.assessor_methods.update((who, m) for m in work.methods)

    def gain(self, work: Work) -> int:
        """How many not-yet-covered things sampling this piece would cover."""
        who = person_key(work.assessor)
        new = [
            work.candidate_id not in self.candidates,
            who not in self.assessors,
            bool(work.workplace) and work.workplace.casefold() not in self.workplaces,
            (who, normalise_code(work.unit)) not in self.units,
            (who, work.stage) not in self.stages,
        ]
        new.extend(m not in self.methods for m in work.methods)
        new.extend((who, m) not in self.assessor_methods for m in work.methods)
        return sum(new)


def _record_kinds(portfolios: list[Portfolio]) -> dict[str, str]:
    kinds = {}
    for portfolio in portfolios:
        for record in portfolio.current:
            if isinstance(record, Evidence | Plan | Witness | SignOff):
                kinds[record.id] = record.KIND
    return kinds


def _sampled(work: list[Work], decisions: list[IqaDecision], kinds: dict[str, str]) -> _Sampled:
    by_key = {w.key: w for w in work}
    sampled = _Sampled()
    for decision in current_records(list(decisions)):
        piece = by_key.get((decision.candidate_id, normalise_code(decision.unit)))
        if piece is not None:
            sampled.take(piece, decision.stage, set(decision.evidence_ids), kinds)
    return sampled


# --- shares -----------------------------------------------------------------------------------


def share_of(percent: int, count: int) -> int:
    """`percent`% of `count`, rounded up: at least the share."""
    return -(-percent * count // 100)


@dataclass(frozen=True)
class ShareStatus:
    assessor: str
    rating: str
    candidates: int  # with something to sample
    candidates_needed: int
    candidates_sampled: int
    units: int  # pieces of work with something to sample
    units_needed: int
    units_sampled: int

    @property
    def met(self) -> bool:
        return (
            self.candidates_sampled >= self.candidates_needed
            and self.units_sampled >= self.units_needed
        )

    def shortfall(self) -> str:
        """What is missing, in words; empty when the share is met."""
        parts = []
        if self.candidates_sampled < self.candidates_needed:
            parts.append(
                f"{self.candidates_sampled} of the {self.candidates_needed} candidates the plan "
                "asks for"
            )
        if self.units_sampled < self.units_needed:
            parts.append(f"{self.units_sampled} of the {self.units_needed} units the plan asks for")
        if not parts:
            return ""
        rating = RISK_NAMES.get(self.rating, self.rating)
        return f"{self.assessor} ({rating}): sampled {' and '.join(parts)}"


def _by_assessor(work: list[Work]) -> dict[str, list[Work]]:
    out: dict[str, list[Work]] = defaultdict(list)
    for piece in work:
        out[person_key(piece.assessor)].append(piece)
    return out


def _status(plan, assessor, rating, pieces, sampled_pieces) -> ShareStatus:
    share = plan.share_for(rating)
    candidates = {w.candidate_id for w in pieces}
    done = [w for w in pieces if w.key in sampled_pieces]
    return ShareStatus(
        assessor=assessor,
        rating=rating,
        candidates=len(candidates),
        candidates_needed=share_of(share.candidates, len(candidates)),
        candidates_sampled=len({w.candidate_id for w in done}),
        units=len(pieces),
        units_needed=share_of(share.units, len(pieces)),
        units_sampled=len(done),
    )


def share_status(
    plan: SamplingPlan, portfolios: list[Portfolio], decisions: list[IqaDecision]
) -> list[ShareStatus]:
    """Each assessor of the plan, in the plan's order: their share and how much is sampled."""
    work = centre_work(portfolios)
    sampled = _sampled(work, decisions, _record_kinds(portfolios))
    groups = _by_assessor(work)
    return [
        _status(plan, e.assessor, e.rating, groups.get(person_key(e.assessor), []), sampled.pieces)
        for e in plan.assessors
    ]


# --- coverage ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    sampled: int
    total: int


@dataclass(frozen=True)
class Grid:
    """Assessors down, units or methods across; a cell counts the pieces of work (unit grid) or
    evidence records (method grid) sampled out of those there are."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]

    def cell(self, row: str, column: str) -> Cell:
        return self.cells.get((row, column), Cell(0, 0))

    def uncovered(self) -> list[tuple[str, str]]:
        """Cells with work in them and nothing sampled."""
        return [k for k, c in self.cells.items() if c.total and not c.sampled]


@dataclass(frozen=True)
class Factor:
    name: str
    present: tuple[str, ...]
    covered: tuple[str, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(p for p in self.present if p not in self.covered)


@dataclass(frozen=True)
class PlanCoverage:
    factors: dict[str, Factor]
    units: Grid
    methods: Grid
    unplanned: tuple[str, ...]  # assessors with work to sample who are not in the plan


def _assessor_rows(plan: SamplingPlan, work: list[Work]) -> tuple[tuple[str, ...], dict]:
    names: dict[str, str] = {}
    for entry in plan.assessors:
        names.setdefault(person_key(entry.assessor), entry.assessor)
    for piece in work:
        names.setdefault(person_key(piece.assessor), piece.assessor)
    return tuple(names.values()), names


def plan_coverage(
    plan: SamplingPlan, portfolios: list[Portfolio], decisions: list[IqaDecision]
) -> PlanCoverage:
    work = centre_work(portfolios)
    kinds = _record_kinds(portfolios)
    sampled = _sampled(work, decisions, kinds)
    rows, names = _assessor_rows(plan, work)
    looked_at = {i for d in current_records(list(decisions)) for i in d.evidence_ids}

    unit_cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    method_cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    unit_columns: dict[str, str] = {}
    method_columns: set[str] = set()
    for piece in work:
        row = names[person_key(piece.assessor)]
        unit_columns.setdefault(normalise_code(piece.unit), piece.unit)
        cell = unit_cells[(row, piece.unit)]
        cell[1] += 1
        cell[0] += piece.key in sampled.pieces
    for portfolio in portfolios:
        unit_assessor = {
            normalise_code(w.unit): names[person_key(w.assessor)] for w in work_of(portfolio)
        }
        for record in portfolio.evidence:
            units = {normalise_code(link.unit) for link in evidence_links(record)}
            for row in sorted({unit_assessor[u] for u in units if u in unit_assessor}):
                method_columns.add(record.KIND)
                cell = method_cells[(row, record.KIND)]
                cell[1] += 1
                cell[0] += record.id in looked_at

    def grid(cells, columns) -> Grid:
        return Grid(rows, tuple(columns), {k: Cell(*v) for k, v in cells.items()})

    units_order = sorted(unit_columns.values(), key=normalise_code)
    methods_order = [m for m in EVIDENCE_NAMES if m in method_columns]

    present_records = sorted({k for k in kinds.values() if k in RECORD_NAMES})
    workplaces = sorted({w.workplace for w in work if w.workplace}, key=str.casefold)
    assessor_stages = sorted({f"{names[person_key(w.assessor)]}: {w.stage}" for w in work})
    stage_done = {
        f"{names[who_row]}: {stage}" for who_row, stage in sampled.stages if who_row in names
    }
    candidates = sorted({(w.candidate, w.candidate_id) for w in work})
    factors = {
        "candidates": Factor(
            "candidates",
            tuple(c for c, _ in candidates),
            tuple(c for c, i in candidates if i in sampled.candidates),
        ),
        "assessors": Factor(
            "assessors",
            tuple(r for r in rows if any(person_key(w.assessor) == person_key(r) for w in work)),
            tuple(r for r in rows if person_key(r) in sampled.assessors),
        ),
        "venues": Factor(
            "venues",
            tuple(workplaces),
            tuple(w for w in workplaces if w.casefold() in sampled.workplaces),
        ),
        "instruments": Factor(
            "instruments",
            tuple(methods_order),
            tuple(m for m in methods_order if m in sampled.methods),
        ),
        "decisions": Factor(
            "decisions",
            tuple(assessor_stages),
            tuple(s for s in assessor_stages if s in stage_done),
        ),
        "records": Factor(
            "records",
            tuple(present_records),
            tuple(r for r in present_records if r in sampled.records),
        ),
    }
    planned = {person_key(e.assessor) for e in plan.assessors}
    unplanned = tuple(r for r in rows if person_key(r) not in planned)
    return PlanCoverage(
        factors=factors,
        units=grid(unit_cells, units_order),
        methods=grid(method_cells, methods_order),
        unplanned=unplanned,
    )


# --- the proposed sample ----------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    candidate_id: str
    candidate: str
    unit: str
    assessor: str
    stage: str
    covers: int  # how many not-yet-covered things it covers when proposed


def propose_sample(
    plan: SamplingPlan, portfolios: list[Portfolio], decisions: list[IqaDecision]
) -> list[Proposal]:
    """What to sample next, to bring every assessor of the plan up to their share.

    For each assessor in the plan's order, pieces of work not yet sampled are taken one at a
    time until the share of candidates and of units is met: while candidates are short, from a
    candidate not yet sampled; of those, the piece that covers most not yet covered (a
    candidate, a workplace, the assessor's unit, a method, a stage), ties going to the candidate
    first by name, then id, then unit code. A sampled piece is never proposed again. The same
    inputs, in any order, give the same proposal."""
    work = centre_work(portfolios)
    sampled = _sampled(work, decisions, _record_kinds(portfolios))
    groups = _by_assessor(work)
    out: list[Proposal] = []
    for entry in plan.assessors:
        pieces = groups.get(person_key(entry.assessor), [])
        status = _status(plan, entry.assessor, entry.rating, pieces, sampled.pieces)
        candidates_short = status.candidates_needed - status.candidates_sampled
        units_short = status.units_needed - status.units_sampled
        open_pieces = [w for w in pieces if w.key not in sampled.pieces]
        # candidates whose work by this assessor is sampled (another assessor's does not count)
        seen = {w.candidate_id for w in pieces if w.key in sampled.pieces}
        while (candidates_short > 0 or units_short > 0) and open_pieces:
            pool = open_pieces
            if candidates_short > 0:
                fresh = [w for w in open_pieces if w.candidate_id not in seen]
                pool = fresh or open_pieces
            best = min(pool, key=lambda w: (-sampled.gain(w), w.order))
            gain = sampled.gain(best)
            if best.candidate_id not in seen:
                candidates_short -= 1
                seen.add(best.candidate_id)
            units_short -= 1
            sampled.assume(best)
            open_pieces.remove(best)
            out.append(
                Proposal(
                    candidate_id=best.candidate_id,
                    candidate=best.candidate,
                    unit=best.unit,
                    assessor=best.assessor,
                    stage=best.stage,
                    covers=gain,
                )
            )
    return out


# --- what is overdue --------------------------------------------------------------------------


@dataclass(frozen=True)
class Overdue:
    kind: str  # "action" | "share" | "unplanned"
    message: str
    due: date | None = None
    source_id: str = ""


def overdue(
    plan: SamplingPlan,
    portfolios: list[Portfolio],
    decisions: list[IqaDecision],
    meetings: list[StandardisationMeeting],
    today: date,
) -> list[Overdue]:
    """Actions past their due date and not done, assessors below their share, and assessors
    with work to sample whom the plan leaves out."""
    out: list[Overdue] = []
    names = {p.candidate.id: p.candidate.name for p in portfolios}
    for decision in current_records(list(decisions)):
        for action in decision.actions:
            if not action.done and action.due < today:
                whose = names.get(decision.candidate_id, decision.candidate_id)
                out.append(
                    Overdue(
                        "action",
                        f"{decision.assessor}, {whose} unit {decision.unit}: {action.text} "
                        f"(due {say_date(action.due)})",
                        action.due,
                        decision.id,
                    )
                )
    for meeting in current_records(list(meetings)):
        for action in meeting.actions:
            if not action.done and action.due < today:
                out.append(
                    Overdue(
                        "action",
                        f"standardisation {say_date(meeting.date)}: {action.text} "
                        f"(due {say_date(action.due)})",
                        action.due,
                        meeting.id,
                    )
                )
    out.sort(key=lambda o: (o.due, o.message))
    for status in share_status(plan, portfolios, decisions):
        if not status.met:
            out.append(Overdue("share", status.shortfall()))
    for assessor in plan_coverage(plan, portfolios, decisions).unplanned:
        out.append(Overdue("unplanned", f"{assessor} has work to sample but is not in the plan"))
    return out
