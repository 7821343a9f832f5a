"""What an assessor records, as plain data with stable ids: the one description of a record.

Every record kind is a dataclass here, and its fields are the whole of its shape: the type of
every field, a `Literal` for every choice, and the size of every string (`Line`, `Notes`). What
else needs a record's shape is derived from these classes: reading a row from a file or an
import (`record_from_dict`, which refuses a row that is not a record of its kind), the rule on
stored text (`validation.check_text` reads the sizes from the types), and the export's JSON
Schema (`logbook.store.schema`, generated from these classes). A new record kind is one
dataclass and one entry in `RECORD_KINDS`.

Decoding uses msgspec, a pure data library (no I/O, no UI, no database): it checks a row
against the dataclass and its `Annotated` limits in one C pass, and writes the JSON Schema of
the same classes. Its `Meta` is the one place a size, a pattern or a field's description is
declared. Nothing else of msgspec is used by the domain.

Every record carries its own UUID (`id`), so references survive whatever the store does with its
own document ids. Dates are `date` objects here and ISO strings on disk (`to_dict`/`from_dict`).
Evidence refers to the standards by code: a `Link` is (unit code, item code).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Annotated, Literal

import msgspec

from logbook.domain.ids import UUID_PATTERN, id_problem
from logbook.domain.text import MAX_LINE, MAX_NOTES


def new_id() -> str:
    return str(uuid.uuid4())


# The sizes of stored text: one line of a form, or the free text of notes (which alone may hold
# line breaks and tabs). The limits live here, on the types; `validation.check_text` reads them.
Line = Annotated[str, msgspec.Meta(max_length=MAX_LINE)]
Notes = Annotated[str, msgspec.Meta(max_length=MAX_NOTES, extra={"multiline": True})]
Id = Annotated[str, msgspec.Meta(pattern=f"^{UUID_PATTERN}$", description="A UUID.")]
# a testimony's witness: an id, or '' before one was chosen
IdOrEmpty = Annotated[
    str, msgspec.Meta(pattern=f"^({UUID_PATTERN})?$", description="A UUID, or ''.")
]

Context = Literal["real_work", "rwe", "simulation"]
CONTEXT_CHOICES: tuple[str, ...] = typing.get_args(Context)
Decision = Literal["competent", "not_yet_competent"]
DECISIONS: tuple[str, ...] = typing.get_args(Decision)
DECISION_NAMES = {"competent": "competent", "not_yet_competent": "not yet competent"}
# The decision of a work product or questioning saved before those records held one: it counts
# as it did when it was saved (the assessor's decision was not asked for then).
NOT_RECORDED = ""
DecisionOrNotRecorded = Annotated[
    Literal[Decision, ""],
    msgspec.Meta(
        description="The assessor's decision; '' (or absent) in a record saved before this "
        "kind held a decision (older record), which counts as it did then."
    ),
]

# The witness's role, from the seeds' statement of the witness's status (C&G: "defining the role
# that the witness has played in the gathering of evidence (ie as colleague, worker from another
# organisation)"; OCR: "They may be your supervisor or line manager"; both name the expert
# witness); 'other' needs a description.
WitnessRole = Literal[
    "colleague",
    "line_manager",
    "worker_other_organisation",
    "expert_witness",
    "customer",
    "other",
]
WITNESS_ROLES: tuple[str, ...] = typing.get_args(WitnessRole)
# Roles records saved before the short list may hold; still valid, shown as they were.
OlderWitnessRole = Literal["supervisor", "manager"]
OLDER_WITNESS_ROLES: tuple[str, ...] = typing.get_args(OlderWitnessRole)
StoredWitnessRole = Annotated[
    Literal["", WitnessRole, OlderWitnessRole],
    msgspec.Meta(
        description="The witness's role; 'supervisor' and 'manager' are in records saved "
        "before the short list (older records); '' when not given yet."
    ),
]
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
RelativeAnswer = Literal["yes", "no"]
RELATIVE_ANSWERS: tuple[str, ...] = typing.get_args(RelativeAnswer)
UNANSWERED = ""  # a witness recorded before the assessor answered: cannot be used yet
NOT_ASKED = "not_asked"  # a record saved before the question was asked (older record)
StoredRelativeAnswer = Annotated[
    Literal[RelativeAnswer, "", "not_asked"],
    msgspec.Meta(
        description="Is the witness a relative of the candidate, or someone with whom the "
        "candidate has a significant personal relationship? 'yes' is never saved; '' is not "
        "answered yet (the witness cannot be used yet); 'not_asked' (or absent) is a record "
        "saved before the question was asked (older record), judged by its words alone."
    ),
]
TestimonyForm = Literal["written", "verbal"]  # verbal: recorded by the assessor
TESTIMONY_FORMS: tuple[str, ...] = typing.get_args(TestimonyForm)
WrittenBy = Literal["witness", "candidate", "assessor"]
WRITERS: tuple[str, ...] = typing.get_args(WrittenBy)
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_LINE)]


@dataclass(frozen=True)
class Link:
    """Evidence cross-referenced to one criterion, knowledge item or range item of a unit: the
    unit's code and the item's code, as the standards print them."""

    unit: Code
    code: Code

    def __str__(self) -> str:
        return self.code


class RecordUnreadable(ValueError):
    """A row that is not a record of its kind: `field` (a path such as `links[0].code`, or ''
    for the row itself) and what is wrong with it."""

    def __init__(self, field: str, reason: str):
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}" if field else reason)


_AT = re.compile(r"^(?P<what>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_MISSING = re.compile(r"Object missing required field `(?P<name>[^`]*)`")
_TOO_LONG = re.compile(r"Expected `(?:str|array)` of length <= (?P<most>[0-9]+)")
_STEP = re.compile(r"\.?([^.\[]+)|\[([0-9]+)\]")


def _value_at(data, path: str):
    for name, index in _STEP.findall(path):
        data = data[int(index)] if index else data[name]
    return data


def _unreadable(error: msgspec.ValidationError, data: dict) -> RecordUnreadable:
    """msgspec's words on a row, as a field and a reason an assessor can act on."""
    found = _AT.match(str(error))
    what, path = found["what"], (found["path"] or "").lstrip(".")
    too_long = _TOO_LONG.fullmatch(what)
    if too_long:
        size, most = len(_value_at(data, path)), int(too_long["most"])
        return RecordUnreadable(
            path, f"it is {size:,} characters long; at most {most:,} can be stored"
        )
    missing = _MISSING.fullmatch(what)
    if missing:
        path = f"{path}.{missing['name']}".lstrip(".")
        return RecordUnreadable(path, "is missing")
    if "matching regex" in what and UUID_PATTERN in what:
        return RecordUnreadable(path, id_problem(None).replace("None ", "it ", 1))
    what = what.replace("`", "")
    return RecordUnreadable(path, what[:1].lower() + what[1:])


@dataclass
class Record:
    id: Id = field(default_factory=new_id, kw_only=True)
    # a correction: the record it replaces, who, when and why; empty on every other record
    corrects: Id | None = field(default=None, kw_only=True)
    corrected_by: Line = field(default="", kw_only=True)
    corrected_at: datetime | None = field(default=None, kw_only=True)
    correction_reason: Line = field(default="", kw_only=True)

    KIND: typing.ClassVar[str] = "record"

    def to_dict(self) -> dict:
        out = {"kind": self.KIND}
        for f in dataclasses.fields(self):
            out[f.name] = _dump(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls, data: dict):
        """The record `data` holds; RecordUnreadable if it is not a record of this kind. A field
        an older record lacks takes its default, which says "not recorded (older record)"."""
        try:
            return msgspec.convert(data, cls)
        except msgspec.ValidationError as error:
            raise _unreadable(error, data) from None


def _dump(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    return value


@functools.cache
def field_types(cls) -> dict:
    """The resolved type of every field of a record class, `Annotated` kept (once per class)."""
    return typing.get_type_hints(cls, include_extras=True)


def text_limit(hint) -> tuple[int, bool] | None:
    """(most characters, may hold line breaks) of a string type (`Line`, `Notes`, `Id`...),
    looking inside lists and optional values; None for a type that holds no text."""
    if typing.get_origin(hint) is Annotated:
        inner, *extras = typing.get_args(hint)
        for meta in extras:
            if isinstance(meta, msgspec.Meta) and meta.max_length is not None:
                return meta.max_length, bool((meta.extra or {}).get("multiline"))
        return text_limit(inner)
    if typing.get_origin(hint) in (list, tuple, typing.Union, types.UnionType):
        for arg in typing.get_args(hint):
            found = text_limit(arg)
            if found:
                return found
    return None


@dataclass
class Candidate(Record):
    KIND: typing.ClassVar[str] = "candidate"
    name: Line
    date_of_birth: date
    registration_number: Line
    qualification: Line
    units: list[Line]
    registered_on: date
    workplace: Line = ""
    contact: Line = ""
    assessor: Line = ""


@dataclass
class WordConfirmation:
    """The assessor's word that what the relationship check asked about is not a personal
    relationship: the words it asked about, who confirmed, and when."""

    words: Annotated[list[Code], msgspec.Meta(min_length=1)]
    by: Code
    at: datetime | None = None


@dataclass
class Witness(Record):
    KIND: typing.ClassVar[str] = "witness"
    name: Line
    job_title: Line = ""
    organisation: Line = ""
    role: StoredWitnessRole = ""  # one of WITNESS_ROLES (or OLDER_WITNESS_ROLES)
    relationship: Line = ""  # the witness's relationship to the candidate, in their words
    contact: Line = ""
    knows_standards: bool = False
    status_statement: Notes = ""  # anything more the witness or assessor said about their status
    role_description: Line = ""  # what their role is, when it is 'other'
    relative: StoredRelativeAnswer = NOT_ASKED
    confirmed: WordConfirmation | None = None  # words of the relationship the assessor confirmed


@dataclass
class Evidence(Record):
    """Something that can count towards criteria: every kind below."""

    KIND: typing.ClassVar[str] = "evidence"
    date: date
    links: list[Link] = field(default_factory=list)
    context: Context = "real_work"
    # with context "simulation", where the qualification names the reasons simulation may be
    # used for: the one it was used for (an id of Qualification.simulation_reasons).
    simulation_reason: Annotated[
        Line,
        msgspec.Meta(
            description="With context simulation: the reason it was used for. Empty: not "
            "simulation, or not recorded (older record)."
        ),
    ] = ""

    @property
    def summary(self) -> str:
        return ""


@dataclass
class Observation(Evidence):
    KIND: typing.ClassVar[str] = "observation"
    time: time | None = None
    venue: Line = ""
    activity: Notes = ""  # what the candidate did
    decision: Decision = "competent"
    justification: Notes = ""
    feedback: Notes = ""

    @property
    def summary(self) -> str:
        return self.activity


@dataclass
class Testimony(Evidence):
    KIND: typing.ClassVar[str] = "testimony"
    witness_id: IdOrEmpty = ""
    form: TestimonyForm = "written"
    candidate_name: Line = ""
    time: time | None = None
    venue: Line = ""
    description: Notes = ""  # what the candidate did, in the witness's words
    written_on: date | None = None
    relationship: Line = ""  # as the testimony states it
    signed: bool = False
    job_title: Line = ""
    contact: Line = ""
    written_by: WrittenBy = "witness"
    confirmed: WordConfirmation | None = None  # words of `relationship` the assessor confirmed

    @property
    def summary(self) -> str:
        return self.description


@dataclass
class Discussion(Evidence):
    KIND: typing.ClassVar[str] = "discussion"
    planned_on: date | None = None
    topics: Line = ""
    notes: Notes = ""
    recording_ref: Line = ""
    duration_minutes: int | None = None

    @property
    def summary(self) -> str:
        return self.topics


@dataclass
class QuestionAnswer:
    question: Notes
    answer: Notes
    links: list[Link] = field(default_factory=list)


@dataclass
class Questioning(Evidence):
    KIND: typing.ClassVar[str] = "questioning"
    questions: list[QuestionAnswer] = field(default_factory=list)
    decision: DecisionOrNotRecorded = NOT_RECORDED
    justification: Notes = ""
    feedback: Notes = ""

    @property
    def summary(self) -> str:
        return "; ".join(q.question for q in self.questions)

    @property
    def all_links(self) -> list[Link]:
        """The record's links, then each question's not among those before it (looked up in
        a set: a link is a value, equal links hash alike)."""
        out = list(self.links)
        seen = set(out)
        for qa in self.questions:
            for link in qa.links:
                if link not in seen:
                    seen.add(link)
                    out.append(link)
        return out


@dataclass
class WorkProduct(Evidence):
    KIND: typing.ClassVar[str] = "work_product"
    title: Line = ""
    description: Notes = ""  # what it shows
    location: Line = ""  # where it is kept
    confidential: bool = False
    decision: DecisionOrNotRecorded = NOT_RECORDED
    justification: Notes = ""
    feedback: Notes = ""

    @property
    def summary(self) -> str:
        return self.title


# How a planned item will be assessed: one of the kinds of evidence the logbook records.
PlanMethod = Literal["observation", "testimony", "discussion", "questioning", "work_product"]
PLAN_METHODS: tuple[str, ...] = typing.get_args(PlanMethod)


@dataclass
class PlannedItem:
    """One line of an assessment plan: how the candidate will be assessed (`method`), what
    evidence will come of it, the criteria of which units it is for, and the date it is due by."""

    method: PlanMethod
    evidence: Line
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
    units: list[Line]
    planned_for: date | None = None  # when the candidate will be observed (the first visit)
    venue: Line = ""
    activities: Notes = ""  # what the candidate will do
    expected_evidence: Notes = ""
    items: list[PlannedItem] = field(default_factory=list)  # none in an older record
    initial_assessment: Notes = ""  # the starting point found at initial assessment; "" if none
    # the names of who agreed the plan, on `agreed_on`; None: not recorded (an older record)
    agreed_by_candidate: Line | None = None
    agreed_by_assessor: Line | None = None


@dataclass
class PlanReview(Record):
    """A dated review of a plan: progress reviewed and what comes next, with the next visit's
    date. It points at the plan it reviews and never changes it (the seed's "assessment
    planning cycle": "You will review, update and amend your plan many times")."""

    KIND: typing.ClassVar[str] = "plan_review"
    plan_id: Id
    date: date
    notes: Notes
    next_visit: date | None = None
    reviewed_by: Line = ""


@dataclass
class SignOff(Record):
    KIND: typing.ClassVar[str] = "signoff"
    unit: Line
    date: date
    assessor: Line
    decision: Decision = "competent"
    candidate_declaration: bool = False
    iv_name: Line = ""
    iv_date: date | None = None
    # for a unit the standards give by title only: the assessor confirms the whole unit's
    # criteria were covered.
    whole_unit_confirmed: Annotated[
        bool | None,
        msgspec.Meta(
            description="For a unit given by title only: the assessor confirmed the whole "
            "unit's criteria were covered. Null or absent: not asked (the unit lists its "
            "criteria, or an older record)."
        ),
    ] = None


# An internal quality assurer's sample of one assessment decision: its own record in the
# candidate's logbook, not a correction of the sign-off (`logbook.domain.iqa` holds its rules).
IqaStage = Literal["interim", "summative"]
IqaOutcome = Literal["agree", "agree_with_actions", "disagree"]


@dataclass
class Action:
    """Something the IQA (or a standardisation meeting) asks for, by a date."""

    text: Notes
    due: date
    done: bool = False


@dataclass
class IqaDecision(Record):
    KIND: typing.ClassVar[str] = "iqa_decision"
    candidate_id: Id
    unit: Line
    assessor: Line  # whose assessment decision was sampled
    stage: IqaStage
    outcome: IqaOutcome
    iqa: Line  # the IQA who sampled
    date: date
    criteria: list[Line] = field(default_factory=list)  # item codes of the unit looked at
    evidence_ids: list[Id] = field(default_factory=list)  # records of the portfolio looked at
    feedback: Notes = ""  # to the assessor; with "disagree", the reason the unit goes back
    actions: list[Action] = field(default_factory=list)


EVIDENCE_KINDS: dict[str, type[Evidence]] = {
    cls.KIND: cls for cls in (Observation, Testimony, Discussion, Questioning, WorkProduct)
}
# Every kind of record a logbook holds, by the `kind` it is stored with: a new kind of record is
# a dataclass above and an entry here (its reading, checking and schema follow from the class).
RECORD_KINDS: dict[str, type[Record]] = {
    **EVIDENCE_KINDS,
    "candidate": Candidate,
    "witness": Witness,
    "plan": Plan,
    "plan_review": PlanReview,
    "signoff": SignOff,
    "iqa_decision": IqaDecision,
}
EVIDENCE_NAMES = {
    "observation": "observation",
    "testimony": "witness testimony",
    "discussion": "professional discussion",
    "questioning": "questioning",
    "work_product": "work product",
}


def record_from_dict(data: dict) -> Record:
    """The record a stored row holds; RecordUnreadable (a ValueError) if it is not one."""
    kind = data.get("kind")
    cls = RECORD_KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise RecordUnreadable("kind", f"unknown kind {kind!r:.40}")
    return cls.from_dict(data)


def records_of_kind(rows: list[dict], cls: type[Record]) -> list[Record] | None:
    """The records of class `cls` the rows hold, decoded in one call (as `cls.from_dict` would
    each), or None if one is not such a record: `record_from_dict` then says which and why."""
    try:
        return msgspec.convert(rows, list[cls])
    except msgspec.ValidationError:
        return None


def evidence_links(evidence: Evidence) -> list[Link]:
    if isinstance(evidence, Questioning):
        return evidence.all_links
    return list(evidence.links)


def current_records(records: list[Record]) -> list[Record]:
    """The records in force: a record that a correction replaces is left out."""
    replaced = {r.corrects for r in records if r.corrects}
    return [r for r in records if r.id not in replaced]
