"""Random sequences of adds, updates, corrections and sign-offs never rewrite signed-off content.

A hypothesis state machine drives a real logbook file (a copy of the demo's Priya Shah: units
301 and 302 signed off, 205 in progress) with every write the store offers, honest and hostile
alike: records that claim to correct another without saying who or why, updates that move
evidence between units or set correction fields, corrections into another kind or another unit,
sign-offs of incomplete units, countersignatures. After every step:

- every record that was sealed (a sign-off, a corrected record, evidence for a signed-off unit,
  the witness behind such a testimony) is still in the file, byte for byte as it was sealed;
- no unit that was signed off stops being signed off;
- every record that corrects another names who, when and why, and no other record does;
- no witness the app refuses (answered a relative, or named one in their words) is saved, and
  no work product or questioning is saved without a decision;
- and at the end the file verifies clean.

The records it writes carry the fields of the witness's status (role from the short list, a
description for 'other', the assessor's answer on relatives, words the assessor confirmed),
the decisions of work products and questioning, simulation and its reason, and a sign-off's
whole-unit confirmation, honest and hostile values alike.

The seed sentence (DOMAIN.md): "After sign-off the unit's records are part of a verified
portfolio: they must not change silently; a correction is a new, attributed, dated entry."
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from logbook.domain.records import (
    WITNESS_ROLES,
    Discussion,
    Link,
    Observation,
    Plan,
    QuestionAnswer,
    Questioning,
    SignOff,
    Witness,
    WordConfirmation,
    WorkProduct,
    new_id,
    record_from_dict,
)
from logbook.domain.records import Testimony as WitnessTestimony  # not a test class
from logbook.domain.validation import RecordRefused
from logbook.domain.witnesses import REFUSED, judge_witness
from logbook.store.caseload import Caseload
from tests.security.helpers import ASSESSOR, TODAY, write_template

_TEMPLATE: list[Path] = []


def _template() -> Path:
    if not _TEMPLATE:
        _TEMPLATE.append(write_template(Path(tempfile.mkdtemp(prefix="stateful-")) / "demo"))
    return _TEMPLATE[0]


STATS = {"written": 0, "refused": 0, "sealed": 0}  # printed with -s: the machine's reach
ADDED = ("observation", "discussion", "witness", "plan", "work_product", "questioning")

UNITS = ["301", "302", "205", "206"]
CODES = {
    "301": ["301.1.1", "301.1.2", "301 Ka"],
    "302": ["302.1.1", "302.2.1", "302 ER7a"],
    "205": ["205.1.1", "205.1.3", "205.2.2", "205 ER4c"],
    "206": ["206.1.1"],
}
links = st.lists(
    st.sampled_from([(u, c) for u in UNITS for c in CODES[u]]).map(lambda p: Link(*p)),
    min_size=1,
    max_size=4,
)
names = st.sampled_from(["", "  ", ASSESSOR, "Ruth Okoye", "Someone"])
reasons = st.sampled_from(["", " ", "typo", "wrong unit"])
days = st.integers(min_value=-30, max_value=0).map(lambda n: TODAY + timedelta(days=n))
decisions = st.sampled_from(["competent", "competent", "not_yet_competent", "", "maybe"])
contexts = st.sampled_from([("real_work", ""), ("rwe", ""), ("simulation", ""), ("real_work", "x")])
# the witness's own words: plain, a word the assessor must confirm, a relative
relationships = st.sampled_from(["colleague", "friend from work", "her mum", ""])
confirmations = st.sampled_from(
    [None, WordConfirmation(["friend"], ASSESSOR, datetime(2025, 6, 1, 9, tzinfo=UTC))]
)


def witnesses(extra: dict):
    return st.builds(
        Witness,
        name=st.just("Jo Bloggs"),
        role=st.sampled_from([*WITNESS_ROLES, "", "cousin"]),
        role_description=st.sampled_from(["", "runs the stockroom"]),
        relationship=relationships,
        relative=st.sampled_from(["no", "", "yes", "not_asked"]),
        confirmed=confirmations,
        **{k: st.just(v) for k, v in extra.items()},
    )


class SignedOffStaysPut(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="signed-off-"))
        shutil.copytree(_template(), self.folder / "caseload")
        self.book = Caseload(self.folder / "caseload").find("Priya Shah")
        self.sealed: dict[str, dict] = {}
        self.signed: set[str] = set()
        self._seal()

    def teardown(self):
        try:
            assert self.book.verify() == []
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    # what the file holds -------------------------------------------------------------------

    def _rows(self) -> dict[str, dict]:
        records, _ = self.book.rows()
        return {row["id"]: row for row in records}

    def _seal(self) -> None:
        """Remember, as they are now, the records that may no longer change: sign-offs,
        corrected records, evidence for a signed-off unit and the witnesses behind it."""
        self.portfolio = portfolio = self.book.read(TODAY)
        self.rows = rows = self._rows()
        sealed = [r for r in portfolio.records if isinstance(r, SignOff)]
        sealed += [r for r in portfolio.records if r not in portfolio.current]
        signed_evidence = [r for r in portfolio.evidence if portfolio.locked_units(r)]
        sealed += signed_evidence
        behind = {r.witness_id for r in signed_evidence if isinstance(r, WitnessTestimony)}
        sealed += [r for r in portfolio.records if r.id in behind]
        for record in sealed:
            self.sealed.setdefault(record.id, rows[record.id])
        self.unsigned = self.signed - set(portfolio.signed_units)
        self.signed |= set(portfolio.signed_units)
        STATS["sealed"] = max(STATS["sealed"], len(self.sealed))

    def _try(self, write) -> None:
        try:
            write()
            STATS["written"] += 1
        except RecordRefused:
            STATS["refused"] += 1
        self._seal()

    def _pick(self, data):
        return data.draw(st.sampled_from(self.portfolio.records))

    # the writes ----------------------------------------------------------------------------

    @rule(data=st.data(), kind=st.sampled_from(ADDED))
    def add(self, data, kind):
        target = self._pick(data)
        corrects = data.draw(st.sampled_from([None, None, target.id]))
        extra = {
            "corrects": corrects,
            "corrected_by": data.draw(names) if corrects else "",
            "correction_reason": data.draw(reasons) if corrects else "",
            "corrected_at": datetime.now(UTC) if corrects and data.draw(st.booleans()) else None,
        }
        decided = {
            "decision": data.draw(decisions),
            "justification": data.draw(st.sampled_from(["Clear and complete", "Clear", ""])),
            "feedback": data.draw(st.sampled_from(["Keep it up", "Good", ""])),
        }
        if kind == "observation":
            context, reason = data.draw(contexts)
            record = Observation(
                date=data.draw(days),
                venue="Service desk",
                activity="Served a customer",
                justification="Done well",
                feedback="Good",
                links=data.draw(links),
                context=context,
                simulation_reason=reason,
                **extra,
            )
        elif kind == "discussion":
            record = Discussion(
                date=data.draw(days), topics="Service", links=data.draw(links), **extra
            )
        elif kind == "witness":
            record = data.draw(witnesses(extra))
        elif kind == "work_product":
            record = WorkProduct(
                date=data.draw(days),
                title="Refunds log",
                location="Store office",
                links=data.draw(links),
                **decided,
                **extra,
            )
        elif kind == "questioning":
            qa = QuestionAnswer("Who approves a refund?", "The supervisor.", data.draw(links))
            record = Questioning(date=data.draw(days), questions=[qa], **decided, **extra)
        else:
            record = Plan(agreed_on=data.draw(days), units=["205"], **extra)
        self._try(lambda: self.book.add(record, ASSESSOR, TODAY))

    @rule(data=st.data())
    def update(self, data):
        record = self._pick(data)
        other = self._pick(data)
        change = data.draw(
            st.sampled_from(
                ["links", "text", "corrects", "units", "kind", "signoff", "witness", "decision"]
            )
        )
        if change == "links" and hasattr(record, "links"):
            new = replace(record, links=data.draw(links))
        elif change == "text" and hasattr(record, "venue"):
            new = replace(record, venue="Somewhere else")
        elif change == "corrects":
            new = replace(
                record,
                corrects=other.id,
                corrected_by=data.draw(names),
                correction_reason=data.draw(reasons),
            )
        elif change == "units" and record.KIND == "candidate":
            new = replace(record, units=data.draw(st.lists(st.sampled_from(UNITS), unique=True)))
        elif change == "kind":
            new = replace(other, id=record.id)
        elif change == "signoff" and isinstance(record, SignOff):
            new = replace(record, unit=data.draw(st.sampled_from(UNITS)), date=data.draw(days))
        elif change == "witness" and isinstance(record, Witness):
            new = replace(
                record,
                relationship=data.draw(relationships),
                relative=data.draw(st.sampled_from(["no", "", "yes"])),
                confirmed=data.draw(confirmations),
            )
        elif change == "decision" and isinstance(record, WorkProduct | Questioning):
            new = replace(record, decision=data.draw(decisions))
        else:
            new = replace(record)
        self._try(lambda: self.book.update(new, data.draw(names) or ASSESSOR, TODAY))

    @rule(data=st.data())
    def correct(self, data):
        old = self._pick(data)
        source = data.draw(st.sampled_from([old, self._pick(data)]))
        new = replace(source, id=data.draw(st.sampled_from([new_id(), old.id, source.id])))
        if hasattr(new, "links") and data.draw(st.booleans()):
            new = replace(new, links=data.draw(links))
        if isinstance(new, SignOff) and data.draw(st.booleans()):
            new = replace(new, unit=data.draw(st.sampled_from(UNITS)))
        by, why = data.draw(names), data.draw(reasons)
        self._try(lambda: self.book.correct(old.id, new, by, why, TODAY))

    @rule(
        unit=st.sampled_from(UNITS),
        decision=st.sampled_from(["competent", "not_yet_competent"]),
        declared=st.booleans(),
        whole=st.sampled_from([None, True, False]),
    )
    def sign_off(self, unit, decision, declared, whole):
        signoff = SignOff(
            unit=unit,
            date=TODAY,
            assessor=ASSESSOR,
            decision=decision,
            candidate_declaration=declared,
            whole_unit_confirmed=whole,
        )
        self._try(lambda: self.book.sign_off(signoff, ASSESSOR, TODAY))

    @precondition(lambda self: bool(self.signed))
    @rule(data=st.data())
    def countersign(self, data):
        unit = data.draw(st.sampled_from(sorted(self.signed)))
        iv = data.draw(st.sampled_from(["", "Ruth Okoye (IV)"]))
        when = data.draw(st.sampled_from([TODAY, date(2020, 1, 1)]))
        self._try(lambda: self.book.countersign(unit, iv, when, "Ruth Okoye", TODAY))

    # what must hold after every step ---------------------------------------------------------

    @invariant()
    def sealed_records_never_change(self):
        rows = self.rows
        for record_id, row in self.sealed.items():
            assert rows.get(record_id) == row, f"sealed {row['kind']} {record_id} changed"

    @invariant()
    def signed_units_stay_signed(self):
        assert not self.unsigned, f"unit {self.unsigned} is no longer signed off"

    @invariant()
    def every_correction_says_who_when_and_why(self):
        for row in self.rows.values():
            if row["corrects"] is not None:
                assert row["corrected_by"].strip(), row
                assert row["corrected_at"], row
                assert row["correction_reason"].strip(), row
            else:
                assert not (row["corrected_by"] or row["corrected_at"] or row["correction_reason"])

    @invariant()
    def no_refused_witness_and_no_undecided_method_is_saved(self):
        for row in self.rows.values():
            if row["kind"] == "witness":
                refused = [f for f in judge_witness(record_from_dict(row)) if f.kind == REFUSED]
                assert not refused, (row, refused)
            if row["kind"] in ("work_product", "questioning"):
                assert row["decision"] in ("competent", "not_yet_competent"), row


SignedOffStaysPut.TestCase.settings = settings(
    max_examples=20,
    stateful_step_count=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestSignedOffContentNeverChanges = SignedOffStaysPut.TestCase


def teardown_module():
    print(f"\nstateful: {STATS}")
    for folder in _TEMPLATE:
        shutil.rmtree(folder.parent, ignore_errors=True)
