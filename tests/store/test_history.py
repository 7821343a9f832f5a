"""Every change is in a hash-chained history; signed-off evidence is only ever corrected.

Tampering with a file by hand (a record's text, a history entry removed or moved, a record
removed) is reported by `verify()`. After sign-off a unit's evidence is read-only: an update is
refused, and a correction, saying who, when and why, replaces the record while keeping the old
one. Records that break the rules are refused and change nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logbook.demo import write_demo
from logbook.domain.records import (
    Discussion,
    Link,
    Observation,
    SignOff,
    Witness,
)
from logbook.domain.records import Testimony as WitnessTestimony  # not a test class
from logbook.domain.validation import RecordRefused
from logbook.store.logbooks import LogbookFile

TODAY = date(2025, 6, 1)
ASSESSOR = "Morgan Ellis"


@pytest.fixture
def caseload(tmp_path):
    return write_demo(tmp_path / "caseload", TODAY)


@pytest.fixture
def priya(caseload) -> LogbookFile:
    """City & Guilds: units 301 (countersigned) and 302 signed off, 205 in progress."""
    return caseload.find("Priya Shah")


def _load(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def _save(path: Path, data: dict) -> None:
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _row_key(data: dict, kind: str) -> str:
    return next(k for k, r in data["records"].items() if r["kind"] == kind)


# --- tampering ---------------------------------------------------------------------------------


def test_the_demo_caseload_verifies_clean(caseload):
    for path in caseload.files():
        assert LogbookFile(path).verify() == [], path.name


def test_a_record_edited_by_hand_is_found(priya):
    data = _load(priya.path)
    row = data["records"][_row_key(data, "observation")]
    row["activity"] = row["activity"].replace("regular customer", "very regular customer")
    _save(priya.path, data)
    assert priya.verify() == [f"observation {row['id']} was changed without a history entry"]


def test_a_date_edited_by_hand_is_found(priya):
    data = _load(priya.path)
    row = data["records"][_row_key(data, "signoff")]
    row["date"] = "2025-01-01"
    _save(priya.path, data)
    assert f"signoff {row['id']} was changed without a history entry" in priya.verify()


def test_a_deleted_history_entry_is_found(priya):
    data = _load(priya.path)
    removed = data["history"].pop("3")
    _save(priya.path, data)
    problems = priya.verify()
    assert "history entry 3 has sequence number 4" in problems
    assert "history entry 3 does not follow the entry before it" in problems
    assert f"{removed['kind']} {removed['record']} has no history entry" in problems


def test_the_last_history_entry_deleted_is_found(priya):
    data = _load(priya.path)
    last = max(data["history"], key=int)
    removed = data["history"].pop(last)
    _save(priya.path, data)
    problems = priya.verify()
    assert problems
    assert any(removed["record"] in p for p in problems)


def test_reordered_history_entries_are_found(priya):
    data = _load(priya.path)
    history = data["history"]
    history["4"], history["5"] = history["5"], history["4"]
    _save(priya.path, data)
    problems = priya.verify()
    assert "history entry 4 has sequence number 5" in problems
    assert "history entry 4 does not follow the entry before it" in problems


def test_a_history_entry_edited_by_hand_is_found(priya):
    data = _load(priya.path)
    data["history"]["2"]["by"] = "Someone Else"
    _save(priya.path, data)
    assert priya.verify() == ["history entry 2 was changed after it was written"]


def test_a_record_deleted_by_hand_is_found(priya):
    data = _load(priya.path)
    removed = data["records"].pop(_row_key(data, "signoff"))
    _save(priya.path, data)
    assert priya.verify() == [f"signoff {removed['id']} was removed without a history entry"]


def test_every_change_is_in_the_history(priya):
    before = len(priya.rows()[1])
    portfolio = priya.read(TODAY)
    observation = next(r for r in portfolio.current if isinstance(r, Observation))
    priya.update(replace(observation, feedback="Note it on the account."), ASSESSOR, TODAY)
    entries = priya.rows()[1]
    assert len(entries) == before + 1
    assert entries[-1]["action"] == "update"
    assert entries[-1]["record"] == observation.id
    assert entries[-1]["by"] == ASSESSOR
    assert priya.verify() == []


# --- signed-off evidence ---------------------------------------------------------------------


def _discussion_for_301(portfolio) -> Discussion:
    (discussion,) = [r for r in portfolio.current if isinstance(r, Discussion)]
    assert {link.unit for link in discussion.links} == {"301"}
    assert portfolio.is_signed_off("301")
    return discussion


def test_evidence_of_a_signed_off_unit_cannot_be_updated(priya):
    discussion = _discussion_for_301(priya.read(TODAY))
    before = _fingerprint(priya.path)
    with pytest.raises(RecordRefused, match="read-only") as refused:
        priya.update(replace(discussion, notes="Rewritten after sign-off"), ASSESSOR, TODAY)
    assert "unit 301 is signed off" in str(refused.value)
    assert _fingerprint(priya.path) == before


def test_a_sign_off_cannot_be_updated(priya):
    signoff = priya.read(TODAY).signoff_for("302")
    before = _fingerprint(priya.path)
    with pytest.raises(RecordRefused, match="correct it instead"):
        priya.update(replace(signoff, assessor="Someone Else"), ASSESSOR, TODAY)
    assert _fingerprint(priya.path) == before


def test_evidence_of_a_signed_off_unit_is_corrected_saying_who_when_and_why(priya):
    old = _discussion_for_301(priya.read(TODAY))
    why = "The recording reference was for another candidate"
    new = priya.correct(
        old.id, replace(old, recording_ref="Audio PD-PS-02"), "Ruth Okoye", why, TODAY
    )

    assert new.id != old.id
    assert new.corrects == old.id
    assert new.corrected_by == "Ruth Okoye"
    assert new.corrected_at is not None
    assert new.correction_reason == why

    portfolio = priya.read(TODAY)
    saved = portfolio.find(new.id)
    assert (saved.corrects, saved.corrected_by, saved.correction_reason) == (
        old.id,
        "Ruth Okoye",
        why,
    )
    assert saved.corrected_at == new.corrected_at
    assert portfolio.find(old.id) == old  # the old record stays in the file, unchanged
    rows = {row["id"]: row for row in _load(priya.path)["records"].values()}
    assert rows[old.id]["recording_ref"] == "Audio PD-PS-01 (centre drive)"
    discussions = [r for r in portfolio.current if isinstance(r, Discussion)]
    assert [d.id for d in discussions] == [new.id]  # only the correction is in force
    assert portfolio.is_signed_off("301")

    entry = priya.rows()[1][-1]
    assert (entry["action"], entry["record"], entry["by"], entry["note"]) == (
        "correct",
        new.id,
        "Ruth Okoye",
        why,
    )
    assert priya.verify() == []

    with pytest.raises(RecordRefused, match="already corrected"):
        priya.correct(old.id, replace(old, notes="again"), ASSESSOR, "again", TODAY)


@pytest.mark.parametrize(("by", "why"), [(ASSESSOR, ""), (ASSESSOR, "   \n"), ("  ", "typo")])
def test_a_correction_without_who_or_why_is_refused_and_changes_nothing(priya, by, why):
    old = _discussion_for_301(priya.read(TODAY))
    before = priya.path.read_bytes()
    with pytest.raises(RecordRefused, match="say w"):
        priya.correct(old.id, replace(old, notes="Changed"), by, why, TODAY)
    assert priya.path.read_bytes() == before


def test_evidence_of_a_unit_not_signed_off_can_still_be_updated(priya):
    portfolio = priya.read(TODAY)
    observation = next(r for r in portfolio.current if isinstance(r, Observation))
    assert not portfolio.is_signed_off("205")
    priya.update(replace(observation, venue="Greenway Stores, main entrance"), ASSESSOR, TODAY)
    assert priya.read(TODAY).find(observation.id).venue == "Greenway Stores, main entrance"


# --- refused records ---------------------------------------------------------------------------


def _observation(**changes) -> Observation:
    fields = {
        "date": TODAY - timedelta(days=1),
        "venue": "Greenway Stores service desk",
        "activity": "Dealt with a refund for a damaged kettle.",
        "links": [Link("205", "205.1.1")],
        "justification": "Followed the refunds policy.",
        "feedback": "Good.",
    }
    return Observation(**{**fields, **changes})


def _refused(book: LogbookFile, attempt) -> RecordRefused:
    before = _fingerprint(book.path)
    with pytest.raises(RecordRefused) as refused:
        attempt()
    assert _fingerprint(book.path) == before
    return refused.value


def test_the_control_observation_is_accepted(priya):
    priya.add(_observation(), ASSESSOR, TODAY)


def test_a_relative_as_witness_is_refused(priya):
    mum = Witness(name="Anita Shah", role="other", relationship="my mum")
    refused = _refused(priya, lambda: priya.add(mum, ASSESSOR, TODAY))
    assert [p.field for p in refused.problems] == ["relationship"]
    assert "'mum'" in str(refused)
    assert "relative" in str(refused)


def test_an_observation_dated_in_the_future_is_refused(priya):
    tomorrow = TODAY + timedelta(days=1)
    refused = _refused(priya, lambda: priya.add(_observation(date=tomorrow), ASSESSOR, TODAY))
    assert [p.field for p in refused.problems] == ["date"]
    assert "in the future" in str(refused)


def test_a_link_to_a_criterion_not_in_the_unit_is_refused(priya):
    wrong = _observation(links=[Link("205", "205.9.9")])
    refused = _refused(priya, lambda: priya.add(wrong, ASSESSOR, TODAY))
    assert [p.field for p in refused.problems] == ["links"]
    assert "205.9.9 is not in unit 205" in str(refused)


def test_signing_off_a_unit_with_missing_evidence_is_refused(priya):
    missing = [item.code for item in priya.read(TODAY).coverage("205").missing]
    assert missing
    signoff = SignOff(unit="205", date=TODAY, assessor=ASSESSOR, candidate_declaration=True)
    refused = _refused(priya, lambda: priya.sign_off(signoff, ASSESSOR, TODAY))
    message = str(refused)
    assert f"unit 205 still needs evidence for {len(missing)} of" in message
    for code in missing[:12]:
        assert code in message
    # add() passes a sign-off to the same check
    _refused(priya, lambda: priya.add(signoff, ASSESSOR, TODAY))


def test_a_testimony_from_a_witness_without_a_status_statement_is_refused(priya):
    portfolio = priya.read(TODAY)
    (chris,) = [w for w in portfolio.witnesses.values() if w.name == "Chris Dale"]
    assert not chris.role and not chris.relationship
    testimony = WitnessTestimony(
        date=TODAY - timedelta(days=2),
        witness_id=chris.id,
        candidate_name="Priya Shah",
        description="Priya unloaded my delivery and checked every item against the note.",
        written_on=TODAY - timedelta(days=1),
        signed=True,
        links=[Link("205", "205.1.2")],
    )
    refused = _refused(priya, lambda: priya.add(testimony, ASSESSOR, TODAY))
    assert [p.field for p in refused.problems] == ["witness_id"]
    assert "Chris Dale cannot be used" in str(refused)
    assert "statement of the witness's status" in str(refused)


# verify's fast check of a hash: the same answer as the canonical form -------------------------

_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(value=_JSON, other=_JSON)
def test_verify_finds_a_hash_as_the_canonical_form_does(value, other):
    """A value as a file holds it (read back by orjson) has the digest `canonical` gives it,
    and no other value does: the fast check agrees with `digest` both ways."""
    from logbook.store import history as chain

    read = orjson.loads(orjson.dumps(value))
    assert chain.digest_holds(read, chain.digest(read))
    other = orjson.loads(orjson.dumps(other))
    assert chain.digest_holds(other, chain.digest(read)) == (
        chain.digest(other) == chain.digest(read)
    )
