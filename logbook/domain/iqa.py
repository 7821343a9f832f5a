"""Internal quality assurance: what an IQA records, and whether it may be saved.

The seeds name the role and what it checks, not how: OCR's student guide says an internal
verifier "is employed by your centre to maintain the quality of assessment within the centre",
"will check the assessment of your portfolio of evidence" and "will check your assessor is
following correct assessment procedures"; City & Guilds names "the usual City & Guilds external
verification process". How a centre samples (`logbook.domain.sampling`) is the centre's policy.

Three record kinds, each with its own id like every record (`Record`):

* `IqaDecision`: one sample: candidate, unit, assessor, stage, the criteria and records looked
  at, the outcome, feedback to the assessor and actions with due dates. Its own record, not a
  correction of the sign-off. A "disagree" sends the unit back to the assessor (`reopening`).
* `SamplingPlan`: one IQA's plan: each assessor's risk rating and the shares each rating sets.
* `StandardisationMeeting`: date, who came, the samples discussed, what was agreed, actions.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime

from logbook.domain.dates import say_date
from logbook.domain.ids import is_id
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import (
    Action,
    Evidence,
    Id,
    IqaDecision,
    Line,
    Notes,
    Record,
    RecordUnreadable,
    current_records,
    evidence_links,
    field_types,
)
from logbook.domain.standards import normalise_code
from logbook.domain.text import MAX_LINE, MAX_NOTES, blank, control_characters
from logbook.domain.validation import Problem

STAGES = ("interim", "summative")
STAGE_NAMES = {
    "interim": "interim (while the candidate works towards the unit)",
    "summative": "summative (after sign-off)",
}
OUTCOMES = ("agree", "agree_with_actions", "disagree")
OUTCOME_NAMES = {
    "agree": "agree",
    "agree_with_actions": "agree with actions",
    "disagree": "disagree: referred back to the assessor",
}
RISK_RATINGS = ("new", "experienced", "under_review")
RISK_NAMES = {"new": "new", "experienced": "experienced", "under_review": "under review"}


def same_person(a: str, b: str) -> bool:
    """Names as people type them: case and spacing do not matter."""
    return person_key(a) == person_key(b)


def person_key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass
class SampleRef:
    """A sample discussed at a standardisation meeting: a candidate's unit and what was read."""

    candidate_id: Id
    unit: Line
    evidence_ids: list[Id] = field(default_factory=list)


@dataclass
class StandardisationMeeting(Record):
    KIND: typing.ClassVar[str] = "standardisation"
    date: date
    attendees: list[Line]
    samples: list[SampleRef] = field(default_factory=list)
    agreed: Notes = ""  # what the meeting agreed about judging the samples
    actions: list[Action] = field(default_factory=list)


@dataclass
class AssessorRisk:
    assessor: Line
    rating: Line  # one of RISK_RATINGS


@dataclass
class RiskShare:
    """What share of an assessor's candidates and assessed units a rating asks to be sampled,
    in whole percent (an integer, so 10% of 30 is exactly 3, never 3.0000000000000004)."""

    rating: Line
    candidates: int
    units: int


# The seeds give no share: none of the five documents says how much an internal verifier
# samples. These are the logbook's starting values, not an awarding body's rule: everything of
# a new or under-review assessor, a quarter of an experienced one's candidates and units. A
# centre's plan states its own shares (`SamplingPlan.shares`) and the plan keeps the shares it
# was made with, so the EQA reads the centre's policy, not this default.
DEFAULT_SHARES = (
    RiskShare("new", 100, 100),
    RiskShare("experienced", 25, 25),
    RiskShare("under_review", 100, 100),
)


@dataclass
class SamplingPlan(Record):
    KIND: typing.ClassVar[str] = "sampling_plan"
    iqa: Line
    assessors: list[AssessorRisk]
    made_on: date
    shares: list[RiskShare] = field(default_factory=lambda: list(DEFAULT_SHARES))

    def rating_of(self, assessor: str) -> str | None:
        for entry in self.assessors:
            if same_person(entry.assessor, assessor):
                return entry.rating
        return None

    def share_for(self, rating: str) -> RiskShare:
        for share in self.shares:
            if share.rating == rating:
                return share
        for share in DEFAULT_SHARES:
            if share.rating == rating:
                return share
        raise KeyError(rating)


IQA_RECORD_KINDS: dict[str, type[Record]] = {
    cls.KIND: cls for cls in (IqaDecision, SamplingPlan, StandardisationMeeting)
}


# --- what may be saved ------------------------------------------------------------------------


def _text_problems(name: str, value: str, words: str, *, multiline: bool = False) -> list[Problem]:
    limit = MAX_NOTES if multiline else MAX_LINE
    out = []
    if len(value) > limit:
        out.append(Problem(name, f"{words} is {len(value)} characters; at most {limit}"))
    bad = control_characters(value, multiline=multiline)
    if bad:
        out.append(
            Problem(name, f"{words} holds control characters ({' '.join(bad)}): remove them")
        )
    return out


def _named(name: str, value: str, words: str) -> list[Problem]:
    if blank(value):
        return [Problem(name, f"{words} is needed")]
    return _text_problems(name, value, words)


def _action_problems(name: str, actions: list[Action], on: date) -> list[Problem]:
    out = []
    for number, action in enumerate(actions, 1):
        where = f"{name}[{number}]"
        if blank(action.text):
            out.append(Problem(where, f"action {number} needs to say what is to be done"))
        out.extend(_text_problems(where, action.text, f"action {number}", multiline=True))
        if action.due is None:
            out.append(Problem(where, f"action {number} needs a due date"))
        elif action.due < on:
            out.append(
                Problem(
                    where,
                    f"action {number} is due {say_date(action.due)}, before the date it was "
                    f"set ({say_date(on)})",
                )
            )
    return out


def _date_problem(name: str, value: date | None, today: date) -> list[Problem]:
    if value is None:
        return [Problem(name, "a date is needed")]
    if value > today:
        return [Problem(name, f"{say_date(value)} is in the future")]
    return []


def decision_problems(
    decision: IqaDecision, portfolio: Portfolio | None, today: date
) -> list[Problem]:
    """Why an IQA decision cannot be saved; empty when it can. With the candidate's portfolio,
    the unit, criteria and records it names are checked against it."""
    problems = [
        *_named("candidate_id", decision.candidate_id, "the sampled candidate"),
        *_named("unit", decision.unit, "the unit sampled"),
        *_named("assessor", decision.assessor, "the assessor whose decision was sampled"),
        *_named("iqa", decision.iqa, "the IQA's name"),
        *_date_problem("date", decision.date, today),
        *_text_problems("feedback", decision.feedback, "the feedback", multiline=True),
    ]
    if decision.stage not in STAGES:
        problems.append(Problem("stage", "choose interim or summative"))
    if decision.outcome not in OUTCOMES:
        problems.append(Problem("outcome", "choose agree, agree with actions or disagree"))
    if decision.outcome == "disagree" and blank(decision.feedback):
        problems.append(
            Problem("feedback", "say why you disagree: the assessor sees it when the unit reopens")
        )
    if decision.outcome == "agree_with_actions" and not decision.actions:
        problems.append(Problem("actions", "agree with actions needs at least one action"))
    if not decision.evidence_ids:
        problems.append(Problem("evidence_ids", "name at least one record you looked at"))
    if decision.date is not None:
        problems.extend(_action_problems("actions", decision.actions, decision.date))
    for code in decision.criteria:
        problems.extend(_text_problems("criteria", code, "a criterion code"))
    if portfolio is not None:
        problems.extend(_portfolio_problems(decision, portfolio))
    return problems


def _portfolio_problems(decision: IqaDecision, portfolio: Portfolio) -> list[Problem]:
    candidate = portfolio.candidate
    if decision.candidate_id != candidate.id:
        return [Problem("candidate_id", f"this logbook is {candidate.name}'s, not the sampled one")]
    out = []
    unit = portfolio.qualification.unit(decision.unit)
    chosen = {normalise_code(u) for u in candidate.units}
    if unit is None or normalise_code(unit.code) not in chosen:
        return [Problem("unit", f"unit {decision.unit} is not one of {candidate.name}'s units")]
    if decision.date is not None and decision.date < candidate.registered_on:
        out.append(
            Problem(
                "date",
                f"{say_date(decision.date)} is before the candidate's registration on "
                f"{say_date(candidate.registered_on)}",
            )
        )
    for code in decision.criteria:
        if unit.item(code) is None:
            out.append(Problem("criteria", f"{code} is not in unit {unit.code} ({unit.title})"))
    wanted = normalise_code(unit.code)
    for record_id in decision.evidence_ids:
        record = portfolio.find(record_id)
        if record is None:
            out.append(
                Problem("evidence_ids", f"{candidate.name}'s logbook has no record {record_id}")
            )
        elif isinstance(record, Evidence) and wanted not in {
            normalise_code(link.unit) for link in evidence_links(record)
        }:
            out.append(
                Problem("evidence_ids", f"record {record_id} is not evidence for unit {unit.code}")
            )
    signed = portfolio.signoff_for(unit.code)
    if decision.stage == "summative" and signed is None:
        out.append(
            Problem("stage", f"unit {unit.code} is not signed off yet: sample it as interim")
        )
    if (
        decision.stage == "summative"
        and decision.date is not None
        and signed is not None
        and decision.date < signed.date
    ):
        out.append(
            Problem("date", f"a summative sample follows the sign-off on {say_date(signed.date)}")
        )
    return out


def iqa_change_problems(portfolio: Portfolio, action: str, new, today: date) -> list[Problem]:
    """Why an IQA decision cannot be written to the candidate's logbook (`changes` asks this
    for every write that touches one). A decision is added, never changed in place or
    corrected: a later decision on the same unit takes its place (`latest_decisions`)."""
    if action != "add" or not isinstance(new, IqaDecision):
        return [
            Problem(
                "kind",
                "an IQA decision is never changed or corrected: record a later decision on the "
                "unit, which takes its place",
            )
        ]
    if portfolio.find(new.id) is not None:
        return [Problem("id", f"a record {new.id} is already saved: a new record")]
    problems = [] if is_id(new.id) else [Problem("id", f"{new.id!r:.50} is not an id")]
    return problems + decision_problems(new, portfolio, today)


def meeting_problems(meeting: StandardisationMeeting, today: date) -> list[Problem]:
    problems = _date_problem("date", meeting.date, today)
    names = [a for a in meeting.attendees if not blank(a)]
    if not names:
        problems.append(Problem("attendees", "name who came"))
    for name in meeting.attendees:
        problems.extend(_text_problems("attendees", name, "an attendee's name"))
    for number, sample in enumerate(meeting.samples, 1):
        if blank(sample.candidate_id) or blank(sample.unit):
            problems.append(
                Problem(f"samples[{number}]", f"sample {number} names a candidate and a unit")
            )
    problems.extend(_text_problems("agreed", meeting.agreed, "what was agreed", multiline=True))
    if meeting.date is not None:
        problems.extend(_action_problems("actions", meeting.actions, meeting.date))
    return problems


def plan_problems(plan: SamplingPlan, today: date) -> list[Problem]:
    problems = [
        *_named("iqa", plan.iqa, "the IQA's name"),
        *_date_problem("made_on", plan.made_on, today),
    ]
    seen: set[str] = set()
    for entry in plan.assessors:
        problems.extend(_named("assessors", entry.assessor, "an assessor's name"))
        key = person_key(entry.assessor)
        if key in seen:
            problems.append(Problem("assessors", f"{entry.assessor} is in the plan twice"))
        seen.add(key)
        if entry.rating not in RISK_RATINGS:
            problems.append(
                Problem(
                    "assessors",
                    f"{entry.assessor}'s risk rating must be new, experienced or under review",
                )
            )
    ratings = [share.rating for share in plan.shares]
    for share in plan.shares:
        if share.rating not in RISK_RATINGS:
            problems.append(Problem("shares", f"no risk rating {share.rating!r}"))
        if ratings.count(share.rating) > 1:
            problems.append(Problem("shares", f"the share for {share.rating} is given twice"))
        for what, value in (("candidates", share.candidates), ("units", share.units)):
            if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 100:
                problems.append(
                    Problem(
                        "shares",
                        f"the share of {what} for {RISK_NAMES.get(share.rating, share.rating)} "
                        "is a whole percent from 1 to 100",
                    )
                )
    return list(dict.fromkeys(problems))


# --- what a decision does ---------------------------------------------------------------------


@dataclass(frozen=True)
class Reopening:
    """A unit sent back to its assessor by an IQA's "disagree", with the IQA's reason."""

    candidate_id: str
    unit: str
    reason: str
    iqa: str
    on: date
    decision_id: str

    def __str__(self) -> str:
        return f"reopened by {self.iqa} on {say_date(self.on)}: {self.reason}"


def latest_decisions(decisions: list[IqaDecision]) -> dict[tuple[str, str], IqaDecision]:
    """The decision in force for each (candidate, unit): the latest by date, then by the order
    saved; a corrected decision is left out."""
    latest: dict[tuple[str, str], IqaDecision] = {}
    for decision in current_records(list(decisions)):
        key = (decision.candidate_id, normalise_code(decision.unit))
        if key not in latest or decision.date >= latest[key].date:
            latest[key] = decision
    return latest


def reopening(decisions: list[IqaDecision], candidate_id: str, unit: str) -> Reopening | None:
    """Is the unit reopened? It is while the IQA's latest decision on it is "disagree"; a later
    decision that agrees closes it again."""
    decision = latest_decisions(decisions).get((candidate_id, normalise_code(unit)))
    if decision is None or decision.outcome != "disagree":
        return None
    return Reopening(
        candidate_id=decision.candidate_id,
        unit=decision.unit,
        reason=decision.feedback.strip(),
        iqa=decision.iqa,
        on=decision.date,
        decision_id=decision.id,
    )


def reopened_units(decisions: list[IqaDecision]) -> list[Reopening]:
    out = []
    for (candidate_id, _), decision in sorted(latest_decisions(decisions).items()):
        found = reopening(decisions, candidate_id, decision.unit)
        if found is not None:
            out.append(found)
    return out


# --- the IQA's records as JSON ----------------------------------------------------------------

IQA_FILE_FORMAT = "logbook-iqa"
IQA_FILE_VERSION = 1
MAX_IQA_RECORDS = 10_000


@dataclass
class IqaRecords:
    plans: list[SamplingPlan] = field(default_factory=list)
    decisions: list[IqaDecision] = field(default_factory=list)
    meetings: list[StandardisationMeeting] = field(default_factory=list)

    def to_dict(self) -> dict:
        records = [*self.plans, *self.decisions, *self.meetings]
        return {
            "format": IQA_FILE_FORMAT,
            "version": IQA_FILE_VERSION,
            "records": [r.to_dict() for r in records],
        }


def _shape(hint, value, where: str) -> list[str]:
    """Is `value` (parsed JSON) of the type `hint` names? Problems say where and what."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if value is None and type(None) in args:
            return []
        (inner,) = [a for a in args if a is not type(None)]
        return _shape(inner, value, where)
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: a list is needed"]
        (item,) = typing.get_args(hint)
        return [p for n, v in enumerate(value, 1) for p in _shape(item, v, f"{where}[{n}]")]
    if hint is date:
        if not isinstance(value, str) or len(value) != 10:
            return [f"{where}: a date is needed, as 2026-11-24"]
        try:
            date.fromisoformat(value)
        except ValueError:
            return [f"{where}: {value!r} is not a date (2026-11-24)"]
        return []
    if hint is datetime:
        try:
            datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return [f"{where}: a date and time is needed, as 2026-11-24T09:30:00"]
        return []
    if hint is bool:
        return [] if isinstance(value, bool) else [f"{where}: true or false is needed"]
    if hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{where}: a whole number is needed"]
    if hint is str:
        return [] if isinstance(value, str) else [f"{where}: text is needed"]
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            return [f"{where}: an object is needed"]
        hints = field_types(hint)
        out = []
        names = {f.name for f in dataclasses.fields(hint)}
        for f in dataclasses.fields(hint):
            missing = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            if f.name not in value:
                if missing:
                    out.append(f"{where}: {f.name} is missing")
                continue
            out.extend(_shape(hints[f.name], value[f.name], f"{where}.{f.name}"))
        known = names | {"kind"}
        out.extend(f"{where}: unknown field {k!r}"[:200] for k in value if k not in known)
        return out
    return []


def read_iqa_records(data, today: date) -> tuple[IqaRecords, list[str]]:
    """The IQA's records from a parsed `logbook-iqa` JSON file, checked by the same rules as a
    record typed in: every problem found (where, and what to fix), or the records when none."""
    if not isinstance(data, dict) or data.get("format") != IQA_FILE_FORMAT:
        return IqaRecords(), [f"not an IQA records file: its 'format' must be {IQA_FILE_FORMAT!r}"]
    if data.get("version") != IQA_FILE_VERSION:
        return IqaRecords(), [f"version {data.get('version')!r} is not one this logbook reads (1)"]
    rows = data.get("records")
    if not isinstance(rows, list):
        return IqaRecords(), ["'records' must be a list"]
    if len(rows) > MAX_IQA_RECORDS:
        return IqaRecords(), [f"{len(rows)} records; at most {MAX_IQA_RECORDS}"]
    out, problems = IqaRecords(), []
    for number, row in enumerate(rows, 1):
        kind = row.get("kind") if isinstance(row, dict) else None
        cls = IQA_RECORD_KINDS.get(kind) if isinstance(kind, str) else None
        where = f"record {number}"
        if cls is None:
            names = ", ".join(IQA_RECORD_KINDS)
            problems.append(f"{where}: 'kind' must be one of {names}")
            continue
        found = _shape(cls, row, f"{where} ({kind})")
        if found:
            problems.extend(found)
            continue
        try:
            record = cls.from_dict(row)
        except RecordUnreadable as error:
            problems.append(f"{where} ({kind}): {error}"[:300])
            continue
        if isinstance(record, SamplingPlan):
            checked = plan_problems(record, today)
            out.plans.append(record)
        elif isinstance(record, IqaDecision):
            checked = decision_problems(record, None, today)
            out.decisions.append(record)
        else:
            checked = meeting_problems(record, today)
            out.meetings.append(record)
        problems.extend(f"{where} ({kind}): {p}" for p in checked)
    ids = [r.id for r in (*out.plans, *out.decisions, *out.meetings)]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    problems.extend(f"record id {i} is used twice" for i in repeated)
    return out, problems


# --- who the user is: the centre's roles ------------------------------------------------------
# Issue 12: "assessor (own candidates), IQA (the candidates of the assessors assigned to them),
# lead IQA (all), EQA (read-only, all). Who the user is comes from their login (SSH user or
# database role), never from a name typed in a form." The login is looked up in the centre's
# roles; the name found there is the one every history entry and IQA record carries.

ROLES = ("assessor", "iqa", "lead_iqa", "eqa")
ROLE_NAMES = {"assessor": "assessor", "iqa": "IQA", "lead_iqa": "lead IQA", "eqa": "EQA"}
MAX_PEOPLE = 2_000


@dataclass
class Person:
    """One login of the centre: its role, the name it signs with, and (an IQA) the assessors
    whose candidates it samples, by the names the logbooks give them."""

    login: Line
    role: Line  # one of ROLES
    name: Line
    assessors: list[Line] = field(default_factory=list)

    @property
    def read_only(self) -> bool:
        return self.role == "eqa"

    @property
    def samples(self) -> bool:
        """May record IQA decisions, plans and standardisation meetings."""
        return self.role in ("iqa", "lead_iqa")

    @property
    def makes_eqa_pack(self) -> bool:
        """May put together the pack the EQA asks for: an IQA, the lead IQA or the EQA (the
        sampling plan and the IQA's records are theirs, not an assessor's)."""
        return self.role in ("iqa", "lead_iqa", "eqa")

    def may_see(self, candidate_assessor: str) -> bool:
        """Whether this person sees a candidate whose assessor is `candidate_assessor`."""
        if self.role in ("lead_iqa", "eqa"):
            return True
        if self.role == "iqa":
            return any(same_person(a, candidate_assessor) for a in self.assessors)
        return same_person(self.name, candidate_assessor)


NOT_SAMPLER = "only an IQA or a lead IQA records an IQA decision"


def writer_problems(person: Person, record) -> list[Problem]:
    """Why `person` may not write `record` into a candidate's logbook: an IQA decision is
    recorded by an IQA or a lead IQA (`Person.samples`), never by the assessor whose work it
    judges, since it counts as sampled and goes into the EQA's pack as the IQA's."""
    if isinstance(record, IqaDecision) and not person.samples:
        return [Problem("outcome", NOT_SAMPLER)]
    return []


def person_problems(person: Person) -> list[Problem]:
    problems = [
        *_login_problems(person.login),
        *_named("name", person.name, "the person's name"),
    ]
    if person.role not in ROLES:
        problems.append(
            Problem("role", f"{person.role!r:.40} is not a role: assessor, iqa, lead_iqa or eqa")
        )
    for name in person.assessors:
        problems.extend(_named("assessors", name, "an assessor's name"))
    if person.assessors and person.role != "iqa":
        problems.append(Problem("assessors", "only an IQA is assigned assessors"))
    return problems


def _login_problems(login: str) -> list[Problem]:
    if not login or len(login) > 64 or not all(c.isalnum() or c in "._-@" for c in login):
        return [
            Problem(
                "login",
                f"{visible_login(login)} is not a login name: letters, digits and . _ - @, "
                "at most 64",
            )
        ]
    return []


def visible_login(login: str) -> str:
    from logbook.domain.text import visible

    return repr(visible(login[:64], multiline=False))


def roles_problems(people: list[Person]) -> list[Problem]:
    """Why a centre's roles cannot be kept: each person's problems, a login given twice, and
    no lead IQA left to change them."""
    problems = []
    if len(people) > MAX_PEOPLE:
        return [Problem("people", f"{len(people)} people; at most {MAX_PEOPLE}")]
    seen: set[str] = set()
    for person in people:
        problems.extend(
            Problem(p.field, f"{visible_login(person.login)}: {p.message}")
            for p in person_problems(person)
        )
        if person.login in seen:
            problems.append(Problem("login", f"{visible_login(person.login)} is given twice"))
        seen.add(person.login)
    if people and not any(p.role == "lead_iqa" for p in people):
        problems.append(
            Problem("role", "someone must stay lead IQA: only a lead IQA changes the roles")
        )
    return problems


def name_clash(people: list[Person], person: Person) -> Problem | None:
    """Is the name of `person` (being set) another login's? The name decides whose candidates
    a login sees, so it is one person's only. Said without naming the other person: checked
    when the roles are set, not when a roles file written before is read."""
    if any(same_person(o.name, person.name) and o.login != person.login for o in people):
        return Problem("name", "the name is already used by another person in the roles file")
    return None


def person_for(people: list[Person], login: str) -> Person | None:
    return next((p for p in people if p.login == login), None)


def plan_of(plans: list[SamplingPlan], iqa: str) -> SamplingPlan | None:
    """The IQA's own plan (the latest saved), else None."""
    mine = [p for p in plans if same_person(p.iqa, iqa)]
    return mine[-1] if mine else None


def plan_to_sample_by(plans: list[SamplingPlan], iqa: str) -> SamplingPlan | None:
    """The plan the IQA's screens show: their own, else the centre's latest, else None."""
    return plan_of(plans, iqa) or (plans[-1] if plans else None)


def signed_off_since(portfolio: Portfolio, found: Reopening) -> bool:
    """Has the unit a "disagree" reopened been signed off again since? A sign-off comes after
    the disagree when it is dated later, or the same day and saved later (when the decision is
    in this portfolio; a decision from elsewhere, the same day, counts as before it)."""
    code = normalise_code(found.unit)
    position = {r.id: n for n, r in enumerate(portfolio.records)}
    after = (found.on, position.get(found.decision_id, -1))
    return any(
        normalise_code(s.unit) == code and (s.date, position.get(s.id, -1)) > after
        for s in portfolio.signoff_history
    )


SIGNED_OFF_AGAIN = "signed off again, awaiting IQA"
REOPENED = "reopened"


def reopening_states(
    decisions: list[IqaDecision], portfolios: list[Portfolio]
) -> list[tuple[Reopening, str]]:
    """Every unit the IQA's latest decision disagrees with, and where it stands: "reopened"
    (back with its assessor) or, once the assessor signed it off again, "signed off again,
    awaiting IQA" (until the IQA samples it again)."""
    by_candidate = {p.candidate.id: p for p in portfolios}
    out = []
    for found in reopened_units(decisions):
        portfolio = by_candidate.get(found.candidate_id)
        again = portfolio is not None and signed_off_since(portfolio, found)
        out.append((found, SIGNED_OFF_AGAIN if again else REOPENED))
    return out


def portfolio_reopenings(portfolio: Portfolio) -> dict[str, Reopening]:
    """The candidate's units reopened by an IQA's "disagree" and not signed off again since,
    by normalised unit code (`signed_off_since`); the unit is then signed off again (on the new
    sign-off, the old one kept in the history) until the IQA samples it again: a later "agree"
    closes the referral, a later "disagree" reopens the unit once more."""
    decisions = [r for r in portfolio.records if isinstance(r, IqaDecision)]
    return {
        normalise_code(found.unit): found
        for found in reopened_units(decisions)
        if not signed_off_since(portfolio, found)
    }
