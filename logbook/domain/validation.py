"""Is a record fit to be saved? Problems are tied to the field an assessor must fix.

The store refuses a record with problems and changes nothing; the screens show each problem
beside its field. Whether saved evidence *counts* for a unit is `coverage`'s question.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from dataclasses import dataclass
from datetime import date

from logbook.domain.combination import UnitChoiceError, resolve_units
from logbook.domain.coverage import context_refusal, why_evidence_does_not_count
from logbook.domain.dates import age_on, say_date
from logbook.domain.ids import id_problem
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import (
    CONTEXT_CHOICES,
    DECISIONS,
    EVIDENCE_NAMES,
    NOT_ASKED,
    NOT_RECORDED,
    PLAN_METHODS,
    RELATIVE_ANSWERS,
    TESTIMONY_FORMS,
    UNANSWERED,
    WITNESS_ROLE_NAMES,
    WITNESS_ROLES,
    WRITERS,
    Candidate,
    Discussion,
    Evidence,
    Link,
    Observation,
    Plan,
    PlannedItem,
    PlanReview,
    Questioning,
    Record,
    SignOff,
    Testimony,
    Witness,
    WorkProduct,
    evidence_links,
    field_types,
    text_limit,
)
from logbook.domain.signoff import too_young
from logbook.domain.standards import Qualification, normalise_code
from logbook.domain.text import MAX_LINE, blank, control_characters
from logbook.domain.witnesses import (
    REFUSED,
    WORD_CHECKED,
    judge_witness,
    role_known,
    witness_problems,
)


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field of a draft record: the field (a record's field name, as the
    forms name their inputs), a short headline to show beside it, and the full reason when there
    is more to say than the headline (the rule, the seed's words, what to do instead)."""

    field: str
    message: str  # the headline: short enough to show beside the field
    reason: str = ""  # the full reason; empty when the headline says it all

    @property
    def headline(self) -> str:
        return self.message

    @property
    def full(self) -> str:
        """The whole explanation: the full reason if there is one, else the headline."""
        return self.reason or self.message

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class RecordRefused(ValueError):
    """A record the store will not save, with every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def _required(record, names: dict[str, str]) -> list[Problem]:
    out = []
    for name, words in names.items():
        value = getattr(record, name)
        if value is None or (isinstance(value, str) and blank(value)):
            out.append(Problem(name, f"{words} is needed"))
    return out


def _date_problems(name: str, value: date | None, candidate: Candidate | None, today: date):
    if value is None:
        return [Problem(name, "a date is needed")]
    out = []
    if value > today:
        out.append(Problem(name, f"{say_date(value)} is in the future"))
    if candidate is not None and value < candidate.registered_on:
        out.append(
            Problem(
                name,
                f"{say_date(value)} is before the candidate's registration on "
                f"{say_date(candidate.registered_on)}",
            )
        )
    return out


def check_candidate(
    candidate: Candidate, qualification: Qualification | None, today: date
) -> list[Problem]:
    problems = _required(
        candidate,
        {"name": "the candidate's name", "registration_number": "the registration number"},
    )
    if qualification is None:
        problems.append(Problem("qualification", f"no qualification {candidate.qualification!r}"))
    else:
        try:
            resolve_units(qualification, candidate.units)
        except UnitChoiceError as error:
            problems.append(Problem("units", str(error)))
    if candidate.registered_on > today:
        problems.append(
            Problem("registered_on", f"{say_date(candidate.registered_on)} is in the future")
        )
    if candidate.date_of_birth >= candidate.registered_on:
        problems.append(Problem("date_of_birth", "the date of birth must be before registration"))
    elif qualification is not None:
        age = age_on(candidate.date_of_birth, candidate.registered_on)
        young = too_young(qualification.minimum_age, age)
        if young:
            problems.append(
                Problem("date_of_birth", f"the candidate was {age} at registration; {young}")
            )
    return problems


def check_witness(witness: Witness) -> list[Problem]:
    """What stops a witness record being saved: no name, a role or answer not on the lists, and
    the refusals of `judge_witness` (a relative, by the assessor's answer or by the words).
    A witness whose statement is unfinished, or who has words to confirm, may be saved: the
    judgement says they cannot be used yet."""
    problems = _required(witness, {"name": "the witness's name"})
    if witness.role and not role_known(witness.role):
        names = ", ".join(WITNESS_ROLE_NAMES[r] for r in WITNESS_ROLES)
        problems.append(Problem("role", f"choose one of: {names}"))
    if witness.relative not in (*RELATIVE_ANSWERS, UNANSWERED, NOT_ASKED):
        problems.append(Problem("relative", "answer yes or no"))
    confirmation = witness.confirmed
    if confirmation is not None and not (confirmation.words and not blank(confirmation.by)):
        problems.append(
            Problem("confirmed", "a confirmation names the words confirmed and who confirmed them")
        )
    problems.extend(
        Problem(f.field, f.message) for f in judge_witness(witness) if f.kind == REFUSED
    )
    return problems


def check_imported_witness(witness: Witness) -> list[Problem]:
    """A witness record in an export: as `check_witness`, except that a record saved before the
    relative question was asked (NOT_ASKED) stays valid as it was judged then. Its words are
    still judged: a word the check now refuses makes the witness unusable, not the file."""
    problems = check_witness(witness)
    if witness.relative == NOT_ASKED:
        problems = [p for p in problems if p.field not in WORD_CHECKED]
    return problems


def check_links(
    record: Evidence, candidate: Candidate, qualification: Qualification
) -> list[Problem]:
    links = evidence_links(record)
    problems = [
        Problem("links", message) for message in link_problems(links, candidate, qualification)
    ]
    if not links:
        problems.insert(0, Problem("links", "link at least one criterion, knowledge or range item"))
    return problems


_UNSEEN = object()
_MOST_LINKS_KEPT = 5000  # the answers kept for each choice of units, at most


def link_problems(links: list[Link], candidate: Candidate, qualification: Qualification):
    """Why each of these links cannot be made for this candidate: no such unit, a unit they did
    not choose, no such item in the unit. Each (unit, code)'s answer for a choice of units is
    kept with the qualification (it depends on nothing else): a logbook's links recur."""
    kept = qualification.__dict__.get("_link_problems")
    if kept is None:
        kept = {}
        object.__setattr__(qualification, "_link_problems", kept)
    try:
        units = tuple(candidate.units)
        answers = kept.get(units)
        if answers is None or len(answers) > _MOST_LINKS_KEPT:
            answers = kept[units] = {}
        problems = []
        for link in links:
            key = (link.unit, link.code)
            answer = answers.get(key, _UNSEEN)
            if answer is _UNSEEN:
                answer = answers[key] = _link_problems([link], candidate, qualification)
            problems.extend(answer)
    except TypeError:  # not text where codes go (not as read from a file): worked out as is
        return _link_problems(links, candidate, qualification)
    return problems


def _link_problems(links: list[Link], candidate: Candidate, qualification: Qualification):
    problems = []
    chosen = {normalise_code(u) for u in candidate.units}
    for link in links:
        unit = qualification.unit(link.unit)
        if unit is None:
            problems.append(f"{qualification.title} has no unit {link.unit}")
        elif normalise_code(unit.code) not in chosen:
            problems.append(f"unit {unit.code} is not one of the candidate's units")
        elif unit.item(link.code) is None:
            problems.append(
                f"{link.code} is not in unit {unit.code} ({unit.title}); "
                f"its codes run {unit.items[0].code} to {unit.items[-1].code}"
            )
    return problems


def simulation_needs_reason(record: Evidence, qualification: Qualification) -> bool:
    """Simulation evidence linked to a unit whose qualification names the reasons simulation
    may be used for (the OCR Level 3 NVQ Diploma's 'Simulation' section) needs one of them."""
    for link in evidence_links(record):
        unit = qualification.unit(link.unit)
        if unit is not None and unit.contexts.simulation_reasons:
            return True
    return False


def simulation_problems(record: Evidence, qualification: Qualification) -> list[Problem]:
    reason = record.simulation_reason
    if record.context != "simulation":
        if reason:
            return [Problem("simulation_reason", "a reason is given only for simulation")]
        return []
    allowed = qualification.simulation_reasons
    choices = "; ".join(f"{r.text} ({r.id})" for r in allowed)
    if not allowed:
        if reason:
            return [
                Problem(
                    "simulation_reason",
                    f"{qualification.title} names no reasons for simulation: leave it empty",
                )
            ]
        return []
    if not reason:
        if simulation_needs_reason(record, qualification):
            return [
                Problem(
                    "simulation_reason",
                    f"say why simulation is used; {qualification.title} allows it for: {choices}",
                )
            ]
        return []
    if qualification.simulation_reason(reason) is None:
        return [Problem("simulation_reason", f"{reason!r} is not a reason; choose: {choices}")]
    return []


def check_evidence(
    record: Evidence,
    candidate: Candidate,
    qualification: Qualification,
    witnesses: dict[str, Witness],
    today: date,
    *,
    as_written: bool = False,
) -> list[Problem]:
    """What stops this evidence being saved; `as_written`: see `check_record`."""
    problems = _date_problems("date", record.date, candidate, today)
    problems.extend(check_links(record, candidate, qualification))
    if record.context not in CONTEXT_CHOICES:
        problems.append(Problem("context", f"choose one of: {', '.join(CONTEXT_CHOICES)}"))
    if not (as_written and record.context == "simulation" and not record.simulation_reason):
        problems.extend(simulation_problems(record, qualification))
    if isinstance(record, Observation):
        problems.extend(
            _required(
                record,
                {
                    "venue": "the venue",
                    "activity": "what the candidate did",
                    "justification": "the justification for the decision",
                    "feedback": "the feedback given to the candidate",
                },
            )
        )
        if record.decision not in DECISIONS:
            problems.append(Problem("decision", "choose competent or not yet competent"))
    elif isinstance(record, Testimony):
        witness = witnesses.get(record.witness_id)
        if witness is None:
            problems.append(Problem("witness_id", "choose a witness from the candidate's list"))
        elif witness_problems(witness):
            problems.append(
                Problem(
                    "witness_id",
                    f"{witness.name} cannot be used: " + "; ".join(witness_problems(witness)),
                )
            )
        if record.form not in TESTIMONY_FORMS:
            problems.append(Problem("form", "choose written or verbal"))
        if record.written_by not in WRITERS:
            problems.append(Problem("written_by", "choose witness, candidate or assessor"))
        problems.extend(_required(record, {"description": "what the candidate did"}))
        if record.written_on is not None:
            problems.extend(p for p in _date_problems("written_on", record.written_on, None, today))
    elif isinstance(record, Discussion):
        if blank(record.notes) and blank(record.topics):
            problems.append(Problem("notes", "the discussion's topics or notes are needed"))
        if record.duration_minutes is not None and not 0 < record.duration_minutes <= 600:
            problems.append(Problem("duration_minutes", "a duration is 1 to 600 minutes"))
    elif isinstance(record, Questioning):
        if not record.questions:
            problems.append(Problem("questions", "record at least one question and answer"))
        for number, qa in enumerate(record.questions, 1):
            asked, answered = not blank(qa.question), not blank(qa.answer)
            if not asked and not answered:
                problems.append(Problem("questions", f"question {number} and its answer are empty"))
            elif not asked:
                problems.append(
                    Problem("questions", f"question {number} is missing: type the question asked")
                )
            elif not answered:
                problems.append(Problem("questions", f"question {number} needs its answer"))
        problems.extend(_decision_problems(record, as_written))
    elif isinstance(record, WorkProduct):
        problems.extend(
            _required(
                record,
                {"title": "what the work product is", "location": "where it is kept"},
            )
        )
        problems.extend(_decision_problems(record, as_written))
    return problems


def _decision_problems(record: Questioning | WorkProduct, as_written: bool) -> list[Problem]:
    """OCR Level 3 NVQ Diploma, Examining evidence and Questioning: the assessor records an
    assessment decision, its justification, and the feedback given to the candidate. As
    written, a record saved before these held a decision (NOT_RECORDED) stands as it was."""
    if as_written and record.decision == NOT_RECORDED:
        return []
    problems = []
    if record.decision not in DECISIONS:
        problems.append(Problem("decision", "choose competent or not yet competent"))
    problems.extend(
        _required(
            record,
            {
                "justification": "the justification for the decision",
                "feedback": "the feedback given to the candidate",
            },
        )
    )
    return problems


def check_plan(
    plan: Plan, candidate: Candidate, qualification: Qualification, today: date | None = None
) -> list[Problem]:
    """OCR Level 3 NVQ Diploma, "The assessment plan": "With your assessor you will make and
    agree an assessment plan. This will show: the units the plan covers; when you will be
    observed; where you will be observed; what you will be doing; what evidence you will
    produce." A plan with planned items or a record of who agreed it is held to all of it; an
    older plan (no items, None for who agreed) to the rules it was saved under."""
    problems = []
    if not plan.units:
        problems.append(Problem("units", "name the units the plan covers"))
    chosen = {normalise_code(u) for u in candidate.units}
    for code in plan.units:
        if normalise_code(code) not in chosen:
            problems.append(Problem("units", f"unit {code} is not one of the candidate's units"))
    if plan.planned_for is not None and plan.planned_for < plan.agreed_on:
        problems.append(Problem("planned_for", "the assessment cannot be before the plan"))
    older = not plan.items and plan.agreed_by_candidate is None and plan.agreed_by_assessor is None
    if older:
        return problems
    if today is not None:
        problems.extend(_date_problems("agreed_on", plan.agreed_on, candidate, today))
    if blank(plan.agreed_by_candidate or ""):
        problems.append(
            Problem("agreed_by_candidate", "the plan is agreed by the candidate: record it")
        )
    if blank(plan.agreed_by_assessor or ""):
        problems.append(Problem("agreed_by_assessor", "the assessor who agreed it is needed"))
    if not plan.items:
        problems.append(
            Problem("items", "plan at least one item: what evidence, for which criteria, by when")
        )
    covered = {normalise_code(u) for u in plan.units}
    for number, item in enumerate(plan.items, 1):
        problems.extend(
            Problem("items", f"item {number}: {message}")
            for message in _item_problems(item, plan, covered, candidate, qualification)
        )
    return problems


def _item_problems(
    item: PlannedItem,
    plan: Plan,
    covered: set[str],
    candidate: Candidate,
    qualification: Qualification,
) -> list[str]:
    problems = check_planned_item(item, plan.agreed_on, candidate, qualification)
    outside = sorted({link.unit for link in item.links if normalise_code(link.unit) not in covered})
    if outside:
        problems.append(f"unit {', '.join(outside)} is not one of the units the plan covers")
    return problems


def check_planned_item(
    item: PlannedItem, agreed_on: date, candidate: Candidate, qualification: Qualification
) -> list[str]:
    """What stops one planned item going into a plan agreed on `agreed_on`: how it is assessed,
    what evidence, which criteria (of the candidate's units), and a due date not before the
    plan."""
    problems = []
    if item.method not in PLAN_METHODS:
        names = ", ".join(EVIDENCE_NAMES[m] for m in PLAN_METHODS)
        problems.append(f"choose how it is assessed: {names}")
    if blank(item.evidence):
        problems.append("say what evidence will come of it")
    if not item.links:
        problems.append("pick the criteria it is for")
    problems.extend(link_problems(item.links, candidate, qualification))
    if item.due is None:
        problems.append("say when it is due")
    elif item.due < agreed_on:
        problems.append(
            f"it is due on {say_date(item.due)}, before the plan was agreed on "
            f"{say_date(agreed_on)}"
        )
    return problems


def check_plan_review(
    review: PlanReview, plans: dict[str, Plan], candidate: Candidate, today: date
) -> list[Problem]:
    """A review of a plan: dated, with its notes and who reviewed it, of a plan in this logbook,
    not before the plan was agreed, and a next visit not before the review."""
    problems = []
    if review.notes is None or not review.notes.strip():  # plural: _required says "is needed"
        problems.append(Problem("notes", "the review's notes are needed"))
    problems.extend(_required(review, {"reviewed_by": "who reviewed it"}))
    plan = plans.get(review.plan_id)
    if plan is None:
        problems.append(Problem("plan_id", "choose the plan reviewed: it is not in this logbook"))
    problems.extend(_date_problems("date", review.date, candidate, today))
    if plan is not None and review.date < plan.agreed_on:
        problems.append(
            Problem(
                "date",
                f"{say_date(review.date)} is before the plan was agreed on "
                f"{say_date(plan.agreed_on)}",
            )
        )
    if review.next_visit is not None and review.next_visit < review.date:
        problems.append(
            Problem("next_visit", f"{say_date(review.next_visit)} is before the review")
        )
    return problems


def text_problem(text: str, limit: int = MAX_LINE, multiline: bool = False) -> str | None:
    """Why `text` cannot be stored in a field of at most `limit` characters (which may hold line
    breaks and tabs when `multiline`): too long, or a control character."""
    if len(text) <= limit and text.isprintable():
        return None  # every control character and line break is unprintable: the usual case
    if len(text) > limit:
        return f"it is {len(text):,} characters long; at most {limit:,} can be stored"
    found = control_characters(text, multiline=multiline)
    if found:
        what = "control characters" if multiline else "control characters or line breaks"
        return f"it holds {what} ({', '.join(found[:5])}), which are never stored: remove them"
    return None


@functools.cache
def _text_fields(cls) -> tuple[tuple[str, int, bool] | tuple[str, None, None], ...]:
    """Each field of a record class that holds text or records: (name, limit, multiline) from
    its type (`records.Line`, `records.Notes`), or (name, None, None) for a field that holds
    records (links, questions, a confirmation) whose own fields say."""
    out = []
    for f in dataclasses.fields(cls):
        hint = field_types(cls)[f.name]
        found = text_limit(hint)
        if found:
            out.append((f.name, *found))
        elif _holds_records(hint):
            out.append((f.name, None, None))
    return tuple(out)


def _holds_records(hint) -> bool:
    if dataclasses.is_dataclass(hint):
        return True
    return any(_holds_records(arg) for arg in typing.get_args(hint))


def _text_in(value, limit: int | None, multiline: bool | None) -> str | None:
    """The first problem with the text inside one field's value."""
    if isinstance(value, str):
        if len(value) <= (limit or MAX_LINE) and value.isprintable():
            return None  # the usual case, without a call (every record of a file is checked)
        return text_problem(value, limit or MAX_LINE, bool(multiline))
    if value is None:
        return None
    if isinstance(value, list | tuple):
        for item in value:
            problem = _text_in(item, limit, multiline)
            if problem:
                return problem
        return None
    fields = _record_text_fields(type(value))
    if fields:
        for name, inner_limit, inner_multiline in fields:
            problem = _text_in(getattr(value, name), inner_limit, inner_multiline)
            if problem:
                return problem
    return None


@functools.cache
def _record_text_fields(cls) -> tuple:
    """`_text_fields` of a record class (a dataclass); () for any other type."""
    return _text_fields(cls) if dataclasses.is_dataclass(cls) else ()


def by_problems(by: object) -> list[Problem]:
    """Why `by`, who makes a change, cannot be written in a history: no name (nothing, or
    only what draws nothing), or a name that is not one line of text."""
    if not isinstance(by, str) or blank(by):
        return [Problem("by", "say who is making the change")]
    problem = text_problem(by)
    if problem:
        return [Problem("by", f"the name of who makes the change: {problem}")]
    return []


def check_text(record) -> list[Problem]:
    """The rule on every stored string: one line or notes, of the size its type allows
    (`records.Line`, `records.Notes`), no control characters. The same whether the record was
    typed, imported or found in a file; a problem is reported on the record's field (a
    question's on `questions`)."""
    problems = []
    for name, limit, multiline in _text_fields(type(record)):
        problem = _text_in(getattr(record, name), limit, multiline)
        if problem:
            problems.append(Problem(name, problem))
    return problems


ID_FIELDS = ("id", "corrects", "witness_id", "plan_id")


@functools.cache
def id_fields(cls) -> tuple[str, ...]:
    """The fields of `ID_FIELDS` a record class has (a field, or any attribute of the class):
    a record of it has no other (looked for by name, one not there is None)."""
    names = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set()
    return tuple(name for name in ID_FIELDS if name in names or hasattr(cls, name))


def check_ids(record: Record) -> list[Problem]:
    """Every id in a record is a UUID: its own, the record it corrects, its witness, the plan
    it reviews."""
    problems = []
    for name in id_fields(type(record)):
        value = getattr(record, name, None)
        if value is None or (name == "witness_id" and value == ""):
            continue
        problem = id_problem(value)
        if problem:
            problems.append(Problem(name, problem))
    return problems


def check_record(
    record: Record,
    candidate: Candidate | None,
    qualification: Qualification | None,
    witnesses: dict[str, Witness],
    today: date,
    *,
    as_written: bool = False,
    plans: dict[str, Plan] | None = None,
    text: bool = True,
    ids: bool = True,
) -> list[Problem]:
    """Every problem that stops this record being saved to the candidate's logbook. A plan's
    review is checked against the logbook's `plans` (by id): none given, none to review.

    `as_written`: the record is one already saved (found in a file, or imported), judged as the
    version that wrote it judged it: a field added since that holds its "not recorded (older
    record)" value is not asked for. So a witness not asked the relative question (NOT_ASKED) is
    judged as `check_imported_witness` says, a testimony is not refused for the words of such a
    witness, a work product or questioning without a decision (NOT_RECORDED) and simulation
    without its reason stand as they were. Everything the older version checked still holds.

    `text`: check the rule on text (`check_text`); False only for records whose text was
    checked already, as every record read from a file is (`logbook_problems`). `ids`: check
    every id is a UUID (`check_ids`); False only where that was asked already.
    """
    problems = (check_ids(record) if ids else []) + (check_text(record) if text else [])
    if isinstance(record, Candidate):
        return problems + check_candidate(record, qualification, today)
    if isinstance(record, Witness):
        if as_written:
            return problems + check_imported_witness(record)
        return problems + check_witness(record)
    if candidate is None or qualification is None:
        return [*problems, Problem("candidate", "the logbook has no candidate")]
    if isinstance(record, Evidence):
        return problems + check_evidence(
            record, candidate, qualification, witnesses, today, as_written=as_written
        )
    if isinstance(record, Plan):
        return problems + check_plan(record, candidate, qualification, today)
    if isinstance(record, PlanReview):
        return problems + check_plan_review(record, plans or {}, candidate, today)
    if isinstance(record, SignOff):
        return problems  # sign-off readiness: logbook.domain.changes, against coverage
    return [*problems, Problem("kind", f"cannot save a {type(record).__name__}")]


# whether saved evidence will count ---------------------------------------------------------------


def will_not_count(record: Evidence, portfolio: Portfolio) -> list[Problem]:
    """Why a valid draft evidence record WILL NOT COUNT towards some or all of the criteria it is
    linked to, if saved into `portfolio` (empty: it counts for every link). The same reasons
    the coverage gives afterwards (`coverage.why_evidence_does_not_count`, `context_refusal`),
    said at save: a decision of 'not yet competent', a witness who cannot be used yet, a
    testimony missing its parts, a context or simulation the unit does not allow."""
    name = EVIDENCE_NAMES.get(record.KIND, record.KIND)
    problems = []
    for reason in why_evidence_does_not_count(
        record, portfolio.candidate, portfolio.witnesses, portfolio.today
    ):
        where = "witness_id" if isinstance(record, Testimony) else "decision"
        problems.append(
            Problem(where, f"this {name} will not count", f"it will not count because {reason}")
        )
    seen: set[str] = set()
    for link in evidence_links(record):
        unit = portfolio.qualification.unit(link.unit)
        item = unit.item(link.code) if unit is not None else None
        if item is None:
            continue  # not a valid link: check_links says so
        refusal = context_refusal(unit, item, record.context, record.simulation_reason)
        if refusal and refusal not in seen:
            seen.add(refusal)
            field = "simulation_reason" if refusal.startswith("simulation counts") else "context"
            problems.append(
                Problem(field, f"will not count for unit {unit.code}", f"{link.code}: {refusal}")
            )
    return problems
