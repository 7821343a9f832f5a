"""What an assessor records, as plain data with stable ids.

Every record carries its own UUID (`id`), so references survive whatever the store does with its
own document ids. Dates are `date` objects here and ISO strings on disk (`to_dict`/`from_dict`).
Evidence refers to the standards by code: a `Link` is (unit code, item code).
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time


def new_id() -> str:
    return str(uuid.uuid4())


CONTEXT_CHOICES = ("real_work", "rwe", "simulation")
DECISIONS = ("competent", "not_yet_competent")
DECISION_NAMES = {"competent": "competent", "not_yet_competent": "not yet competent"}
# The decision of a work product or questioning saved before those records held one: it counts
# as it did when it was saved (the assessor's decision was not asked for then).
NOT_RECORDED = ""

# The witness's role, from the seeds' statement of the witness's status (C&G: "defining the role
# that the witness has played in the gathering of evidence (ie as colleague, worker from another
# organisation)"; OCR: "They may be your supervisor or line manager"; both name the expert
# witness); 'other' needs a description.
WITNESS_ROLES = (
    "colleague",
    "line_manager",
    "worker_other_organisation",
    "expert_witness",
    "customer",
    "other",
)
# Roles records saved before the short list may hold; still valid, shown as they were.
OLDER_WITNESS_ROLES = ("supervisor", "manager")
WITNESS_ROLE_NAMES = {
    "colleague": "colleague",
    "line_manager": "line manager or supervisor",
    "worker_other_organisation": "worker from another organisation",
    "expert_witness": "expert witness",
    "customer": "customer",
    "other": "other",
    "supervisor": "supervisor",
    "manager": "manager",
}
# The assessor's answer to: is the witness a relative of the candidate, or someone with whom the
# candidate has a significant personal relationship?
RELATIVE_ANSWERS = ("yes", "no")
UNANSWERED = ""  # a witness recorded before the assessor answered: cannot be used yet
NOT_ASKED = "not_asked"  # a record saved before the question was asked (older record)


@dataclass(frozen=True)
class Link:
    """Evidence cross-referenced to one criterion, knowledge item or range item of a unit."""

    unit: str
    code: str

    def __str__(self) -> str:
        return self.code


@dataclass
class Record:
    id: str = field(default_factory=new_id, kw_only=True)
    corrects: str | None = field(default=None, kw_only=True)  # id of the record this replaces
    corrected_by: str = field(default="", kw_only=True)  # with `corrects`: who, when and why
    corrected_at: datetime | None = field(default=None, kw_only=True)
    correction_reason: str = field(default="", kw_only=True)

    KIND: typing.ClassVar[str] = "record"

    def to_dict(self) -> dict:
        out = {"kind": self.KIND}
        for f in dataclasses.fields(self):
            out[f.name] = _dump(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls, data: dict):
        fields = _loader(cls).fields
        return cls(**{name: load(data[name]) for name, load in fields.items() if name in data})


@functools.cache
def field_types(cls) -> dict:
    """The resolved type of every field of a record class (worked out once per class)."""
    return typing.get_type_hints(cls)


def _dump(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Link):
        return {"unit": value.unit, "code": value.code}
    if dataclasses.is_dataclass(value):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    return value


class _Loader:
    """Turns the JSON of one type back into Python, worked out once per type: a caseload of
    thousands of records is read without looking at type hints again."""

    def __init__(self, hint):
        self.fields: dict = {}
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            (inner, *_) = [a for a in typing.get_args(hint) if a is not type(None)]
            self.load = _loader(inner).load
        elif origin in (list, tuple):
            item = _loader(typing.get_args(hint)[0]).load
            self.load = lambda value: None if value is None else [item(v) for v in value]
        elif hint in (datetime, date, time):
            parse = hint.fromisoformat
            self.load = lambda value: None if value is None else parse(value)
        elif dataclasses.is_dataclass(hint):
            types_of = field_types(hint)
            self.fields = {f.name: _loader(types_of[f.name]).load for f in dataclasses.fields(hint)}
            fields = self.fields
            self.load = lambda value: (
                None
                if value is None
                else hint(**{k: fields[k](v) for k, v in value.items() if k in fields})
            )
        else:
            self.load = lambda value: value


@functools.cache
def _loader(hint) -> _Loader:
    return _Loader(hint)


@dataclass
class Candidate(Record):
    KIND: typing.ClassVar[str] = "candidate"
    name: str
    date_of_birth: date
    registration_number: str
    qualification: str
    units: list[str]
    registered_on: date
    workplace: str = ""
    contact: str = ""
    assessor: str = ""


@dataclass
class WordConfirmation:
    """The assessor's word that what the relationship check asked about is not a personal
    relationship: the words it asked about, who confirmed, and when."""

    words: list[str]
    by: str
    at: datetime | None = None


@dataclass
class Witness(Record):
    KIND: typing.ClassVar[str] = "witness"
    name: str
    job_title: str = ""
    organisation: str = ""
    role: str = ""  # one of WITNESS_ROLES (or OLDER_WITNESS_ROLES): the status statement's role
    relationship: str = ""  # the witness's relationship to the candidate, in their words
    contact: str = ""
    knows_standards: bool = False
    status_statement: str = ""  # anything more the witness or assessor said about their status
    role_description: str = ""  # what their role is, when it is 'other'
    relative: str = NOT_ASKED  # 'yes' / 'no'; UNANSWERED; NOT_ASKED in older records
    confirmed: WordConfirmation | None = None  # words of the relationship the assessor confirmed


@dataclass
class Evidence(Record):
    """Something that can count towards criteria: every kind below."""

    KIND: typing.ClassVar[str] = "evidence"
    date: date
    links: list[Link] = field(default_factory=list)
    context: str = "real_work"
    # with context "simulation", where the qualification names the reasons simulation may be
    # used for: the one it was used for (an id of Qualification.simulation_reasons). Empty when
    # not simulation, or not recorded (a record written before the reason was asked for).
    simulation_reason: str = ""

    @property
    def summary(self) -> str:
        return ""


@dataclass
class Observation(Evidence):
    KIND: typing.ClassVar[str] = "observation"
    time: time | None = None
    venue: str = ""
    activity: str = ""  # what the candidate did
    decision: str = "competent"
    justification: str = ""
    feedback: str = ""

    @property
    def summary(self) -> str:
        return self.activity


@dataclass
class Testimony(Evidence):
    KIND: typing.ClassVar[str] = "testimony"
    witness_id: str = ""
    form: str = "written"  # written | verbal (recorded by the assessor)
    candidate_name: str = ""
    time: time | None = None
    venue: str = ""
    description: str = ""  # what the candidate did, in the witness's words
    written_on: date | None = None
    relationship: str = ""  # as the testimony states it
    signed: bool = False
    job_title: str = ""
    contact: str = ""
    written_by: str = "witness"  # witness | candidate | assessor
    confirmed: WordConfirmation | None = None  # words of `relationship` the assessor confirmed

    @property
    def summary(self) -> str:
        return self.description


@dataclass
class Discussion(Evidence):
    KIND: typing.ClassVar[str] = "discussion"
    planned_on: date | None = None
    topics: str = ""
    notes: str = ""
    recording_ref: str = ""
    duration_minutes: int | None = None

    @property
    def summary(self) -> str:
        return self.topics


@dataclass
class QuestionAnswer:
    question: str
    answer: str
    links: list[Link] = field(default_factory=list)


@dataclass
class Questioning(Evidence):
    KIND: typing.ClassVar[str] = "questioning"
    questions: list[QuestionAnswer] = field(default_factory=list)
    decision: str = NOT_RECORDED  # one of DECISIONS; NOT_RECORDED in older records
    justification: str = ""
    feedback: str = ""

    @property
    def summary(self) -> str:
        return "; ".join(q.question for q in self.questions)

    @property
    def all_links(self) -> list[Link]:
        out = list(self.links)
        for qa in self.questions:
            out.extend(link for link in qa.links if link not in out)
        return out


@dataclass
class WorkProduct(Evidence):
    KIND: typing.ClassVar[str] = "work_product"
    title: str = ""
    description: str = ""  # what it shows
    location: str = ""  # where it is kept
    confidential: bool = False
    decision: str = NOT_RECORDED  # one of DECISIONS; NOT_RECORDED in older records
    justification: str = ""
    feedback: str = ""

    @property
    def summary(self) -> str:
        return self.title


# How a planned item will be assessed: one of the kinds of evidence the logbook records.
PLAN_METHODS = ("observation", "testimony", "discussion", "questioning", "work_product")


@dataclass
class PlannedItem:
    """One line of an assessment plan: how the candidate will be assessed (`method`, one of
    PLAN_METHODS), what evidence will come of it, the criteria of which units it is for, and the
    date it is due by."""

    method: str
    evidence: str
    links: list[Link] = field(default_factory=list)
    due: date | None = None


@dataclass
class Plan(Record):
    """An assessment plan, made and agreed by the candidate and the assessor (OCR Level 3 NVQ
    Diploma, "The assessment plan": the units it covers, when and where the candidate will be
    observed, what they will be doing, what evidence they will produce).

    A plan saved before planned items and agreement were recorded (an older record) has no
    items, an empty initial assessment, and None for who agreed it: it stays valid as it was.
    A plan is never rewritten by its reviews: each review is a `PlanReview` of its own."""

    KIND: typing.ClassVar[str] = "plan"
    agreed_on: date
    units: list[str]
    planned_for: date | None = None  # when the candidate will be observed (the first visit)
    venue: str = ""
    activities: str = ""  # what the candidate will do
    expected_evidence: str = ""
    items: list[PlannedItem] = field(default_factory=list)  # none in an older record
    initial_assessment: str = ""  # the starting point found at initial assessment; "" if none
    # the names of who agreed the plan, on `agreed_on`; None: not recorded (an older record)
    agreed_by_candidate: str | None = None
    agreed_by_assessor: str | None = None


@dataclass
class PlanReview(Record):
    """A dated review of a plan: progress reviewed and what comes next, with the next visit's
    date. It points at the plan it reviews and never changes it (the seed's "assessment
    planning cycle": "You will review, update and amend your plan many times")."""

    KIND: typing.ClassVar[str] = "plan_review"
    plan_id: str
    date: date
    notes: str
    next_visit: date | None = None
    reviewed_by: str = ""


@dataclass
class SignOff(Record):
    KIND: typing.ClassVar[str] = "signoff"
    unit: str
    date: date
    assessor: str
    decision: str = "competent"
    candidate_declaration: bool = False
    iv_name: str = ""
    iv_date: date | None = None
    # for a unit the standards give by title only: the assessor confirms the whole unit's
    # criteria were covered. None: not asked (the unit lists its criteria, or an older record
    # written before the question was asked).
    whole_unit_confirmed: bool | None = None


EVIDENCE_KINDS: dict[str, type[Evidence]] = {
    cls.KIND: cls for cls in (Observation, Testimony, Discussion, Questioning, WorkProduct)
}
RECORD_KINDS: dict[str, type[Record]] = {
    **EVIDENCE_KINDS,
    "candidate": Candidate,
    "witness": Witness,
    "plan": Plan,
    "plan_review": PlanReview,
    "signoff": SignOff,
}
EVIDENCE_NAMES = {
    "observation": "observation",
    "testimony": "witness testimony",
    "discussion": "professional discussion",
    "questioning": "questioning",
    "work_product": "work product",
}


def record_from_dict(data: dict) -> Record:
    kind = data.get("kind")
    cls = RECORD_KINDS.get(kind)
    if cls is None:
        raise ValueError(f"unknown record kind {kind!r}")
    return cls.from_dict(data)


def evidence_links(evidence: Evidence) -> list[Link]:
    if isinstance(evidence, Questioning):
        return evidence.all_links
    return list(evidence.links)


def current_records(records: list[Record]) -> list[Record]:
    """The records in force: a record that a correction replaces is left out."""
    replaced = {r.corrects for r in records if r.corrects}
    return [r for r in records if r.id not in replaced]
