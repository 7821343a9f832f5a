"""A quick answer, for the usual record of a replayed logbook, to "does it break a rule?".

A logbook replayed from its file (`changes.logbook_problems`) asks every record added the rules
of a record as it was written (`validation.check_record` with `as_written`). Almost every piece
of evidence breaks none, and working that out through every check, problem list and message
costs more than the rest of the replay. `surely_clean` says, by plain comparisons on the
record's fields, that a piece of evidence breaks none of those rules; when it cannot say so
(anything unusual: a blank field, a date after the day it was written, a link not in the
qualification, simulation with a reason, a kind it does not know, a value of another type),
it says False and the full check stays the judge, its problems and messages as ever.

It answers only what `check_evidence` asks, never more loosely: a field it looks at must hold
what every problem of `check_evidence` asks for, or it sends the record to the full check
(`tests/domain/test_as_written_fast_path.py` shows both agree on every record they meet).
"""

from __future__ import annotations

from datetime import date

from logbook.domain.records import (
    CONTEXT_CHOICES,
    DECISIONS,
    NOT_RECORDED,
    TESTIMONY_FORMS,
    WRITERS,
    Candidate,
    Discussion,
    Evidence,
    Observation,
    Questioning,
    Record,
    Testimony,
    Witness,
    WorkProduct,
)
from logbook.domain.standards import Qualification
from logbook.domain.validation import link_problems

# the fields each kind must not leave blank (`validation._required`, in `check_evidence`)
_REQUIRED = {
    Observation: ("venue", "activity", "justification", "feedback"),
    Testimony: ("description",),
    Discussion: (),
    Questioning: (),
    WorkProduct: ("title", "location"),
}
_DECIDED = ("justification", "feedback")  # a decision recorded: `validation._decision_problems`


def _filled(record: Record, names: tuple[str, ...]) -> bool:
    for name in names:
        value = getattr(record, name)
        if not (isinstance(value, str) and value.strip()):
            return False
    return True


def _day(value, today: date, since: date) -> bool:
    """A date of the record `_date_problems` finds nothing wrong with (a `date`, not a
    `datetime`, which does not compare with one)."""
    return type(value) is date and since <= value <= today


class AsWritten:
    """The quick answer for one logbook's replay: `everyone` and `qualification` as
    `changes._as_written_problems` takes them; each link's answer is `link_problems`' own,
    asked once a replay."""

    def __init__(self, everyone: Candidate, qualification: Qualification):
        self.everyone = everyone
        self.qualification = qualification
        self._fine: set[tuple] = set()  # (unit, code) of each link `link_problems` allows

    def _links_fine(self, links: list) -> bool:
        fine = self._fine
        for link in links:
            try:
                key = (link.unit, link.code)
                if key in fine:
                    continue
            except (AttributeError, TypeError):  # not a link of text codes: the full check says
                return False
            if link_problems([link], self.everyone, self.qualification):
                return False
            fine.add(key)
        return True

    def surely_clean(self, record: Record, witnesses: dict[str, Witness], today: date) -> bool:
        """True only if `check_evidence(record, everyone, qualification, witnesses, today,
        as_written=True)` finds nothing (a testimony's `witness_id` problems aside when its
        witness is in `witnesses`, as `_as_written_problems` leaves them out); False: ask it."""
        cls = type(record)
        required = _REQUIRED.get(cls)
        if required is None or not isinstance(record, Evidence):
            return False
        if not _day(record.date, today, self.everyone.registered_on):
            return False
        if record.context not in CONTEXT_CHOICES or record.simulation_reason != "":
            return False  # with no reason, simulation as written is not asked for one
        # `evidence_links`: the record's links and its questions', each once
        links = record.links
        if not self._links_fine(links):
            return False
        if cls is Questioning:
            for qa in record.questions:
                if not self._links_fine(qa.links):
                    return False
                links = links or qa.links
        if not links:
            return False
        if not _filled(record, required):
            return False
        if cls is Observation:
            return record.decision in DECISIONS
        if cls is Testimony:
            written_on = record.written_on
            return (
                isinstance(record.witness_id, str)
                and record.witness_id in witnesses
                and record.form in TESTIMONY_FORMS
                and record.written_by in WRITERS
                and (written_on is None or (type(written_on) is date and written_on <= today))
            )
        if cls is Discussion:
            minutes = record.duration_minutes
            return (
                isinstance(record.notes, str)
                and isinstance(record.topics, str)
                and bool(record.notes.strip() or record.topics.strip())
                and (minutes is None or (type(minutes) is int and 0 < minutes <= 600))
            )
        if cls is Questioning and not (
            record.questions
            and all(
                isinstance(qa.question, str)
                and isinstance(qa.answer, str)
                and qa.question.strip()
                and qa.answer.strip()
                for qa in record.questions
            )
        ):
            return False
        # a questioning or a work product: no decision recorded (an older record) stands
        if record.decision == NOT_RECORDED:
            return True
        return record.decision in DECISIONS and _filled(record, _DECIDED)
