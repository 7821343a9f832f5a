"""What may change in a logbook, and how: the one rule every write asks, whatever its path.

A logbook only grows: a record is added, a record not yet part of a signed-off unit is changed
in place, a record is corrected, or a unit is signed off. Nothing is ever removed.

Once a unit is signed off its records are part of a verified portfolio ("they must not change
silently; a correction is a new, attributed, dated entry"). A record is *sealed*, read-only, when
it is a sign-off, when it was already corrected, when it is evidence for a signed-off unit, or
when it is the witness behind a testimony that is evidence for one; so is what a candidate and
assessor agreed, an agreed assessment plan and a plan's review (`agreed_record_reason`). A
sealed record is only ever corrected: a new record of the same kind that names the record it
replaces, who, when and why. Only a correction carries those four fields, and a correction never
unsigns a unit: a sign-off is corrected into a sign-off of the same unit, competent, keeping any
countersignature (a unit is countersigned once), and after any correction every signed-off unit
is still covered by all the evidence it was covered by.

An IQA's "disagree" sends a unit back to the assessor (`Portfolio.reopened`): until the
assessor signs it off again, it is not signed off, its evidence is changed in place, and its
old sign-off stays in the history, never corrected back into force.

The store asks `change_problems` before every write (add, update, correct, sign-off, countersign,
a candidate's details, a new logbook), and an import or `verify` asks `logbook_problems`, which
replays a whole logbook as the changes that made it, under the rules of the day each record was
written.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from logbook.domain.coverage import add_links, unit_coverage
from logbook.domain.dates import age_on, say_date
from logbook.domain.ids import is_id, is_uuid
from logbook.domain.iqa import iqa_change_problems
from logbook.domain.planning import agreed_record_reason
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import (
    Candidate,
    Evidence,
    IqaDecision,
    Plan,
    Record,
    SignOff,
    Testimony,
    Witness,
    evidence_links,
)
from logbook.domain.signoff import (
    DECISION_PROBLEMS,
    already_countersigned,
    signoff_correction_problems,
    signoff_problems,
    too_young,
    whole_unit_unconfirmed,
)
from logbook.domain.standards import Qualification, normalise_code
from logbook.domain.text import blank
from logbook.domain.validation import (
    Problem,
    check_ids,
    check_record,
    check_text,
    id_fields,
)

CREATE, ADD, UPDATE, CORRECT, SIGN_OFF = "create", "add", "update", "correct", "sign_off"
ACTIONS = (CREATE, ADD, UPDATE, CORRECT, SIGN_OFF)
CORRECTION_FIELDS = ("corrects", "corrected_by", "corrected_at", "correction_reason")
_UNSET = (None, "")  # a correction field not set (`_correction_fields_problems`)
_NOT_ADDED = (SignOff, Candidate, IqaDecision)  # records a replay does not take as added

# A record's dates are judged against the day it was written; its history entry's time is UTC
# and the assessor's day is local, so a day either side is the same day somewhere.
TIME_ZONE_SLACK = timedelta(days=1)


@dataclass(frozen=True)
class Change:
    """One write: `new` added, or `old` changed in place into `new`, or `old` corrected."""

    action: str
    new: Record
    old: Record | None = None


# sealed records ----------------------------------------------------------------------------------


def _signed_units_of(portfolio: Portfolio, record: Record) -> list[str]:
    if isinstance(record, Evidence):
        return portfolio.locked_units(record)
    if isinstance(record, Witness):
        units: list[str] = []
        for testimony in portfolio.evidence:
            if isinstance(testimony, Testimony) and testimony.witness_id == record.id:
                units.extend(u for u in portfolio.locked_units(testimony) if u not in units)
        return units
    return []


def in_force(portfolio: Portfolio, record: Record) -> Record:
    """The record that stands for `record` now: itself, or the last of the corrections that
    followed it (a correction of a correction, and so on)."""
    corrections = {r.corrects: r for r in portfolio.records if getattr(r, "corrects", None)}
    seen = {record.id}
    while record.id in corrections and corrections[record.id].id not in seen:
        record = corrections[record.id]
        seen.add(record.id)
    return record


def sealed_reason(portfolio: Portfolio, record: Record) -> str | None:
    """Why `record` is read-only in this portfolio (it may then only be corrected); None if not."""
    if isinstance(record, SignOff):
        return "a sign-off is part of the verified portfolio: correct it instead"
    if record not in portfolio.current:
        return "this record was corrected: edit the correction"
    agreed = agreed_record_reason(record)
    if agreed:
        return agreed
    units = _signed_units_of(portfolio, record)
    if units and isinstance(record, Witness):
        return (
            f"{record.name} is the witness behind testimony for unit {', '.join(units)}, which "
            "is signed off, so their record is read-only"
        )
    if units:
        return (
            f"unit {', '.join(units)} is signed off, so this evidence is read-only: make a "
            "correction, saying why"
        )
    return None


def _superseded_signoff(portfolio: Portfolio, old: SignOff) -> str:
    """Why a sign-off that is no longer in force cannot be corrected: its unit was reopened
    by an IQA's "disagree" (a correction would sign it off again behind the IQA's back), or
    the unit was signed off again since."""
    reopened = portfolio.reopened.get(normalise_code(old.unit))
    if reopened is not None:
        return f"unit {old.unit} was {reopened}: sign it off again instead of correcting this"
    return (
        f"unit {old.unit} was signed off again after an IQA's disagree: this sign-off stays "
        "in the history as it is; correct the new one"
    )


# the rules of one change -------------------------------------------------------------------------


def _correction_fields_problems(change: Change) -> list[Problem]:
    new, old = change.new, change.old
    if change.action == CORRECT:
        problems = []
        if old is None or new.corrects != old.id:
            problems.append(Problem("corrects", "a correction names the record it replaces"))
        if blank(new.corrected_by):
            problems.append(Problem("corrected_by", "say who makes the correction"))
        if new.corrected_at is None:
            problems.append(Problem("corrected_at", "a correction says when it was made"))
        if blank(new.correction_reason):
            problems.append(Problem("correction_reason", "say why the record is corrected"))
        return problems
    if change.action == UPDATE and old is not None:
        changed = [f for f in CORRECTION_FIELDS if getattr(new, f) != getattr(old, f)]
        if changed:
            return [
                Problem(
                    changed[0],
                    "who corrected a record, when and why is set by a correction and never "
                    "changed afterwards",
                )
            ]
        return []
    set_fields = [f for f in CORRECTION_FIELDS if getattr(new, f) not in (None, "")]
    if set_fields:
        return [
            Problem(
                set_fields[0],
                "only a correction replaces a record: correct the record, saying who and why",
            )
        ]
    return []


def _covered(portfolio: Portfolio, units: list[str]) -> dict[str, set[str]]:
    out = {}
    for code in units:
        unit = portfolio.qualification.unit(code)
        if unit is not None:
            coverage = unit_coverage(
                unit, portfolio.evidence, portfolio.candidate, portfolio.witnesses, portfolio.today
            )
            out[unit.code] = set(coverage.covered)
    return out


def _units_touched(portfolio: Portfolio, change: Change) -> list[str]:
    """The signed-off units whose coverage this change could alter."""
    signed = portfolio.signed_units
    if isinstance(change.new, Candidate):
        return signed
    touched: set[str] = set()
    for record in (change.old, change.new):
        if isinstance(record, Evidence):
            touched.update(normalise_code(link.unit) for link in evidence_links(record))
        elif isinstance(record, Witness):
            for testimony in portfolio.evidence:
                if isinstance(testimony, Testimony) and testimony.witness_id == record.id:
                    touched.update(normalise_code(link.unit) for link in testimony.links)
    return [unit for unit in signed if normalise_code(unit) in touched]


def _coverage_kept_problems(before: Portfolio, after: Portfolio, change: Change) -> list[Problem]:
    """A signed-off unit keeps every item its evidence covered: no change may take one away."""
    signed = _units_touched(before, change)
    if not signed:
        return []
    was, now = _covered(before, signed), _covered(after, signed)
    problems = []
    for unit, items in was.items():
        lost = sorted(items - now.get(unit, set()))
        if lost:
            shown = ", ".join(lost[:8]) + (f" and {len(lost) - 8} more" if len(lost) > 8 else "")
            problems.append(
                Problem(
                    "id",
                    f"unit {unit} is signed off on this evidence: the change would leave {shown} "
                    "without evidence that counts, and a signed-off unit keeps its evidence",
                )
            )
    return problems


def _candidate_change_problems(portfolio: Portfolio, old: Candidate, new: Candidate):
    problems = []
    if new.id != old.id:
        problems.append(Problem("id", "this logbook belongs to another candidate"))
    if not portfolio.signoff_history:  # a unit reopened by an IQA was signed off all the same
        return problems
    if new.qualification != old.qualification:
        problems.append(
            Problem("qualification", "units are signed off, so the qualification stays as it is")
        )
    chosen = {normalise_code(u) for u in new.units}
    signed = dict.fromkeys(s.unit for s in portfolio.signoff_history)
    dropped = [u for u in signed if normalise_code(u) not in chosen]
    if dropped:
        problems.append(
            Problem("units", f"unit {', '.join(dropped)} is signed off and stays chosen")
        )
    for signoff in portfolio.signoff_history:
        if signoff.date < new.registered_on:
            problems.append(
                Problem(
                    "registered_on",
                    f"unit {signoff.unit} was signed off on {say_date(signoff.date)}, before "
                    f"{say_date(new.registered_on)}",
                )
            )
        minimum = portfolio.qualification.minimum_age
        if too_young(minimum, age_on(new.date_of_birth, signoff.date)):
            problems.append(
                Problem(
                    "date_of_birth",
                    f"unit {signoff.unit} was signed off on {say_date(signoff.date)}, when the "
                    f"candidate would have been under {minimum.years}",
                )
            )
    return problems


def signoff_unit(signoff: SignOff, qualification: Qualification) -> SignOff:
    """The sign-off with its unit's code as the standards print it (`f3` -> `F3`)."""
    unit = qualification.unit(signoff.unit)
    return signoff if unit is None else dataclasses.replace(signoff, unit=unit.code)


def _signoff_problems(
    portfolio: Portfolio, signoff: SignOff, today: date, correcting: SignOff | None, strict: bool
) -> list[Problem]:
    unit = portfolio.qualification.unit(signoff.unit)
    if unit is None:
        return [Problem("unit", f"{portfolio.qualification.title} has no unit {signoff.unit}")]
    problems = []
    if correcting is not None:
        if normalise_code(correcting.unit) != normalise_code(signoff.unit):
            problems.append(
                Problem(
                    "unit",
                    f"a sign-off of unit {correcting.unit} is corrected into a sign-off of the "
                    f"same unit, not of unit {signoff.unit}",
                )
            )
        if signoff.decision != "competent":
            problems.append(Problem("decision", "a correction cannot take a signed-off unit back"))
        problems.extend(
            Problem("iv_name", p) for p in signoff_correction_problems(correcting, signoff)
        )
    coverage = unit_coverage(
        unit, portfolio.evidence, portfolio.candidate, portfolio.witnesses, today,
        linked=portfolio.linked_to(unit.code),
    )  # fmt: skip
    if not strict:
        # the rules of the day it was written: the standards may have grown since, but a
        # sign-off always stood on evidence for its unit
        if not coverage.covered:
            problems.append(
                Problem("unit", f"unit {unit.code} is signed off with no evidence that counts")
            )
        coverage = dataclasses.replace(coverage, missing=[])
    signed = [u for u in portfolio.signed_units if correcting is None or u != correcting.unit]
    reopened = portfolio.reopened.get(normalise_code(unit.code))
    if correcting is None and reopened is not None and signoff.date < reopened.on:
        problems.append(
            Problem(
                "date",
                f"unit {unit.code} was {reopened}; sign it off again on or after "
                f"{say_date(reopened.on)}",
            )
        )
    found = signoff_problems(
        portfolio.candidate,
        coverage,
        signoff,
        signed,
        today,
        minimum_age=portfolio.qualification.minimum_age,
    )
    if not strict and signoff.whole_unit_confirmed is None:
        # written before the whole unit was asked to be confirmed: it stands as it was
        found = [p for p in found if p != whole_unit_unconfirmed(coverage, signoff)]
    problems.extend(Problem("decision" if p in DECISION_PROBLEMS else "unit", p) for p in found)
    return problems


def _as_written_problems(
    record: Record,
    everyone: Candidate,
    qualification: Qualification,
    witnesses: dict[str, Witness],
    today: date,
    plans: dict[str, Plan],
    text: bool = True,
    ids: bool = True,
) -> list[Problem]:
    """The rules of a record alone, as it was written: its links against the qualification (the
    candidate's choice of units may have changed since: `everyone` is the candidate with every
    unit chosen and no registration date), its dates against the day it was written, a
    testimony's witness present in the logbook (`witnesses`: every witness record, edited or
    corrected since or not), a review's plan likewise (`plans`)."""
    problems = check_record(
        record, everyone, qualification, witnesses, today, as_written=True, plans=plans,
        text=text, ids=ids,
    )  # fmt: skip
    if isinstance(record, Testimony) and record.witness_id in witnesses:
        problems = [p for p in problems if p.field != "witness_id"]
    return problems


def _everyone(candidate: Candidate, qualification: Qualification) -> Candidate:
    return dataclasses.replace(
        candidate, units=[u.code for u in qualification.units], registered_on=date.min
    )


def change_problems(
    portfolio: Portfolio | None,
    change: Change,
    qualification: Qualification | None,
    today: date,
    *,
    strict: bool = True,
) -> list[Problem]:
    """Every reason this change cannot be made to the logbook `portfolio` (None: a new one).

    `strict` is the app's rule on the day; not strict, the rule of a record as it was written,
    for a logbook replayed from its file or an import (see `logbook_problems`).
    """
    new, old, action = change.new, change.old, change.action
    if action not in ACTIONS:
        return [Problem("kind", f"there is no such change as {action!r}")]
    problems = _correction_fields_problems(change)
    if action == CREATE:
        if portfolio is not None or not isinstance(new, Candidate):
            return [Problem("kind", "a logbook starts with its candidate, once")]
        return problems + check_record(new, new, qualification, {}, today)
    if portfolio is None:
        return [Problem("candidate", "the logbook has no candidate")]
    if isinstance(new, IqaDecision) or isinstance(old, IqaDecision):
        return problems + iqa_change_problems(portfolio, action, new, today)

    if action in (ADD, SIGN_OFF, CORRECT) and portfolio.find(new.id) is not None:
        problems.append(Problem("id", f"a record {new.id} is already saved: a new record"))
    if action in (ADD, SIGN_OFF) and isinstance(new, Candidate):
        problems.append(Problem("kind", "a logbook holds one candidate: edit it"))
    if action == ADD and isinstance(new, SignOff):
        problems.append(Problem("kind", "a unit is signed off by a sign-off"))
    if action == SIGN_OFF and not isinstance(new, SignOff):
        problems.append(Problem("kind", "only a sign-off signs a unit off"))

    if action in (UPDATE, CORRECT):
        if old is None or portfolio.find(old.id) is not old:
            what = "change" if action == UPDATE else "correct"
            return [*problems, Problem("corrects", f"there is no such record to {what}")]
        if old.KIND != new.KIND:
            what = "a record cannot change its kind"
            if action == CORRECT:
                what = "a correction is a record of the same kind"
            problems.append(Problem("kind", what))
    if action == UPDATE:
        if new.id != old.id:
            problems.append(Problem("id", "a record keeps its id"))
        if isinstance(old, Candidate) and isinstance(new, Candidate):
            problems.extend(_candidate_change_problems(portfolio, old, new))
        else:
            reason = sealed_reason(portfolio, old)
            if reason is None and old.KIND == new.KIND:
                locked = _signed_units_of(portfolio, new)
                if locked:
                    reason = (
                        f"unit {', '.join(locked)} is signed off, so this evidence is read-only: "
                        "make a correction, saying why"
                    )
            if reason:
                problems.append(Problem("id", reason))
    if action == CORRECT:
        if isinstance(old, Candidate):
            problems.append(Problem("kind", "a candidate's details are edited, not corrected"))
        elif old not in portfolio.current:
            # a countersign made meanwhile elsewhere: say so, not only that it was corrected
            current = portfolio.signoff_for(old.unit) if isinstance(old, SignOff) else None
            again = already_countersigned(current) if current is not None else None
            if again and getattr(new, "iv_name", "") != old.iv_name:
                problems.append(Problem("iv_name", again))
            else:
                problems.append(Problem("corrects", "that record was already corrected"))
        elif isinstance(old, SignOff) and portfolio.signoff_for(old.unit) is not old:
            problems.append(Problem("corrects", _superseded_signoff(portfolio, old)))
    if problems:
        return problems

    if isinstance(new, SignOff) and action in (SIGN_OFF, CORRECT):
        correcting = old if isinstance(old, SignOff) else None
        return (check_ids(new) + check_text(new)) or _signoff_problems(
            portfolio, new, today, correcting, strict
        )
    if strict:
        candidate = new if isinstance(new, Candidate) else portfolio.candidate
        checked = check_record(
            new, candidate, qualification, portfolio.witnesses, today, plans=portfolio.plans_by_id
        )
    else:
        witnesses = {r.id: r for r in portfolio.records if isinstance(r, Witness)}
        plans = {r.id: r for r in portfolio.records if isinstance(r, Plan)}
        everyone = _everyone(portfolio.candidate, portfolio.qualification)
        checked = _as_written_problems(
            new, everyone, portfolio.qualification, witnesses, today, plans
        )
    if checked:
        return checked
    if action == CORRECT or (action == UPDATE and isinstance(new, Candidate | Witness)):
        records = [new if r is old and action == UPDATE else r for r in portfolio.records]
        if action == CORRECT:
            records.append(new)
        after = Portfolio(portfolio.qualification, records, portfolio.today)
        return _coverage_kept_problems(portfolio, after, change)
    return []


# a whole logbook, replayed ----------------------------------------------------------------------


class _Seen:
    """What `Portfolio` works out of the records a replay has seen, none replacing another
    (so every one is in force), grown a record at a time: their positions, evidence, witnesses,
    and the evidence linked to each unit (`links_by_unit`, brought up to date when asked)."""

    def __init__(self, candidate: Candidate):
        self.count = 1  # the records seen, the candidate first
        self.positions = {candidate.id: 1}
        self.evidence: list[Evidence] = []
        self.witnesses: dict[str, Witness] = {}
        self.linked: dict = {}
        self._codes: dict[str, str] = {}
        self._linked_upto = 0  # the evidence in `linked`

    def add(self, record: Record) -> _Seen:
        self.count += 1
        self.positions.setdefault(record.id, self.count)  # the first, if two share it
        if isinstance(record, Evidence):
            self.evidence.append(record)
        elif isinstance(record, Witness):
            self.witnesses[record.id] = record
        return self

    def give(self, portfolio: Portfolio) -> None:
        """Set what `portfolio`, of the records seen, would work out: the same
        (`tests/store/test_replay_grown_portfolio.py`). Its `linked` is this replay's own,
        read while the record is judged and grown after (the portfolio is not kept)."""
        for record in self.evidence[self._linked_upto :]:
            add_links(self.linked, record, self._codes)
        self._linked_upto = len(self.evidence)
        portfolio.current = portfolio.records
        portfolio.positions = dict(self.positions)
        portfolio.evidence = list(self.evidence)
        portfolio.witnesses = dict(self.witnesses)
        portfolio.linked = self.linked


def logbook_problems(
    records: list[Record],
    written: dict[str, date],
    qualification: Qualification,
    *,
    texts_checked: bool = False,
) -> list[tuple[int, Problem]]:
    """Every rule a logbook's records break, each with the record's position.

    The records are replayed in saved order as the changes that made them: the candidate
    created, each record added, corrected or signed off, under the rules of the day it was
    written (`written`, by record id: the day of its last history entry). Changes in place
    leave no trace in the records, so a record is held to the rules of a record as it was
    written, not to everything the app checks on the day (see `change_problems`).

    `texts_checked`: every record's text was checked already (`validation.check_text`), as
    a file's records are when they are read: an added record's is not checked again.
    """
    problems: list[tuple[int, Problem]] = []
    candidates = [p for p, r in enumerate(records) if isinstance(r, Candidate)]
    if len(candidates) != 1:
        count = len(candidates)
        return [(0, Problem("kind", f"a logbook holds one candidate record, this has {count}"))]
    candidate = records[candidates[0]]
    fields: dict[type, tuple[str, ...]] = {}  # `id_fields` of each kind, looked up once
    for position, record in enumerate(records):
        kind = type(record)
        names = fields.get(kind)
        if names is None:
            names = fields[kind] = id_fields(kind)
        for name in names:
            value = getattr(record, name, None)
            if value is None or value == "" or (type(value) is str and is_uuid(value)):
                continue  # not set, or an id (`is_id`, asked of text alone)
            if not is_id(value):
                problems.append((position, Problem(name, f"{value!r:.50} is not an id")))
    if problems:
        return problems
    seen: list[Record] = [candidate]
    ids = {candidate.id}
    witnesses: dict[str, Witness] = {}
    plans: dict[str, Plan] = {}
    everyone = _everyone(candidate, qualification)
    unwritten = date.max - TIME_ZONE_SLACK
    # what a portfolio of the records seen works out, grown record by record while no record
    # seen replaces another (`_Seen`): a sign-off's portfolio then starts from it
    grown = None if candidate.corrects else _Seen(candidate)
    for position, record in enumerate(records):
        today = written.get(record.id, unwritten) + TIME_ZONE_SLACK
        if record is candidate:
            change = Change(CREATE, record)
            found = change_problems(None, change, qualification, today, strict=False)
        elif record.corrects is None and not isinstance(record, _NOT_ADDED):
            # a record added: what `change_problems` asks of an ADD, without a portfolio (no
            # correction field set, the usual case, asked without making the change)
            found = (
                []
                if record.corrected_by in _UNSET
                and record.corrected_at in _UNSET
                and record.correction_reason in _UNSET
                else _correction_fields_problems(Change(ADD, record))
            )
            if record.id in ids:
                found.append(Problem("id", f"a record {record.id} is already saved"))
            # every id was found a UUID above, an empty one aside (which `check_ids` refuses)
            unasked = record.id == "" or getattr(record, "plan_id", None) == ""
            if not found:
                found = _as_written_problems(
                    record, everyone, qualification, witnesses, today, plans, not texts_checked,
                    unasked,
                )  # fmt: skip
        else:
            portfolio = Portfolio(qualification, list(seen), today)
            if grown is not None:
                grown.give(portfolio)
            if record.corrects is not None:
                old = portfolio.find(record.corrects)
                change = Change(CORRECT, record, old)
            else:
                change = Change(SIGN_OFF if isinstance(record, SignOff) else ADD, record)
            if record.corrects is not None and old is None:
                found = [Problem("corrects", f"there is no record {record.corrects} before it")]
            else:
                found = change_problems(portfolio, change, qualification, today, strict=False)
        if found:
            problems.extend((position, p) for p in found)
        if record is not candidate:
            seen.append(record)
            if grown is not None:
                grown = None if record.corrects else grown.add(record)
        ids.add(record.id)
        if isinstance(record, Witness):
            witnesses[record.id] = record
        if isinstance(record, Plan):
            plans[record.id] = record
    return problems


def written_on(at: str) -> date | None:
    """The day a history entry's time (ISO 8601) falls on; None if it is not a time."""
    try:
        return date.fromisoformat(at[:10])
    except (TypeError, ValueError):
        return None


__all__ = [
    "ADD",
    "CORRECT",
    "CREATE",
    "SIGN_OFF",
    "UPDATE",
    "Change",
    "change_problems",
    "logbook_problems",
    "sealed_reason",
    "signoff_unit",
    "written_on",
]
