"""Signed-off evidence is read-only, through every path of the store.

Each test is an exploit that rewrote signed-off evidence through the store's own API while
`verify` stayed green. Every one must now be refused with a reason, leave the file's bytes as
they were, and leave the unit signed off on the same evidence. The seed sentence (DOMAIN.md,
from the awarding bodies' documents): "After sign-off the unit's records are part of a verified
portfolio: they must not change silently; a correction is a new, attributed, dated entry."
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from logbook.domain.records import Discussion, Link, Observation, SignOff, Witness
from logbook.domain.validation import RecordRefused
from tests.security.helpers import (
    ASSESSOR,
    TODAY,
    demo_copy,
    fingerprint,
    witnessed_unit,
    write_template,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return write_template(tmp_path_factory.mktemp("demo") / "caseload")


@pytest.fixture
def caseload(template, tmp_path):
    return demo_copy(template, tmp_path / "caseload")


@pytest.fixture
def priya(caseload):
    """City & Guilds: 301 (countersigned) and 302 signed off, 205 in progress."""
    return caseload.find("Priya Shah")


def _refused(book, attempt) -> str:
    """Run an exploit; it must be refused, the file untouched and still verifying clean."""
    before = fingerprint(book.path)
    signed_before = {s.unit: s for s in book.read(TODAY).signoffs}
    with pytest.raises(RecordRefused) as refusal:
        attempt()
    assert fingerprint(book.path) == before, "a refused change wrote to the file"
    assert book.verify() == []
    assert {s.unit: s for s in book.read(TODAY).signoffs} == signed_before
    return str(refusal.value)


def _evidence_for(portfolio, unit: str):
    return next(r for r in portfolio.evidence if portfolio.locked_units(r) == [unit])


def test_add_with_corrects_pointing_at_a_sign_off_is_refused(priya):
    portfolio = priya.read(TODAY)
    signoff = portfolio.signoff_for("302")
    hijack = Observation(
        date=TODAY,
        venue="Service desk",
        activity="Anything",
        justification="x",
        feedback="y",
        links=[Link("205", "205.1.1")],
        corrects=signoff.id,  # no who, no why
    )
    message = _refused(priya, lambda: priya.add(hijack, ASSESSOR, TODAY))
    assert "only a correction replaces a record" in message
    # and so the evidence behind 302 is still read-only
    evidence = _evidence_for(priya.read(TODAY), "302")
    message = _refused(priya, lambda: priya.update(replace(evidence, date=TODAY), ASSESSOR, TODAY))
    assert "unit 302 is signed off, so this evidence is read-only" in message


def test_update_that_sets_corrects_on_a_sign_off_is_refused(priya):
    portfolio = priya.read(TODAY)
    signoff = portfolio.signoff_for("302")
    observation = next(r for r in portfolio.evidence if isinstance(r, Observation))  # 205
    message = _refused(
        priya,
        lambda: priya.update(replace(observation, corrects=signoff.id), ASSESSOR, TODAY),
    )
    assert "set by a correction and never changed afterwards" in message


def test_a_sign_off_cannot_be_corrected_into_a_sign_off_of_another_unit(caseload):
    book, _, _ = witnessed_unit(caseload)
    book.add(  # unit 2 is now complete, but not signed off
        Observation(
            date=TODAY,
            venue="Valley Leisure Centre reception",
            activity="Reviewed the rota against last month's enquiries and changed it",
            justification="Reviewed and improved",
            feedback="Good",
            links=[Link("2", "2.1"), Link("2", "2.2"), Link("2", "2.3")],
        ),
        ASSESSOR,
        TODAY,
    )
    signoff = book.read(TODAY).signoff_for("1")
    moved = replace(signoff, unit="2")
    message = _refused(book, lambda: book.correct(signoff.id, moved, ASSESSOR, "typo", TODAY))
    assert "corrected into a sign-off of the same unit" in message
    assert book.read(TODAY).signed_units == ["1"]


def test_a_sign_off_cannot_be_corrected_into_not_yet_competent(priya):
    signoff = priya.read(TODAY).signoff_for("302")
    taken_back = replace(signoff, decision="not_yet_competent")
    message = _refused(
        priya, lambda: priya.correct(signoff.id, taken_back, ASSESSOR, "changed my mind", TODAY)
    )
    assert "cannot take a signed-off unit back" in message


def test_add_with_corrects_hiding_signed_evidence_is_refused(priya):
    evidence = _evidence_for(priya.read(TODAY), "301")
    cover = Discussion(
        date=TODAY,
        topics="Nothing",
        links=[Link("205", "205.1.1")],
        corrects=evidence.id,
        corrected_at=datetime.now(UTC),
    )
    message = _refused(priya, lambda: priya.add(cover, ASSESSOR, TODAY))
    assert "only a correction replaces a record" in message


def test_a_correction_that_takes_evidence_from_a_signed_unit_is_refused(priya):
    evidence = _evidence_for(priya.read(TODAY), "301")
    emptied = replace(evidence, links=[Link("205", "205.1.1")])
    message = _refused(
        priya, lambda: priya.correct(evidence.id, emptied, ASSESSOR, "wrong unit", TODAY)
    )
    assert "unit 301 is signed off on this evidence" in message


def test_editing_the_witness_behind_a_signed_off_testimony_is_refused(caseload):
    book, witness, _ = witnessed_unit(caseload)
    for edit in (
        replace(witness, role=""),
        replace(witness, name="Someone Else"),
        replace(witness, relationship="his sister"),
    ):
        message = _refused(book, lambda edit=edit: book.update(edit, ASSESSOR, TODAY))
        assert "the witness behind testimony for unit 1, which is signed off" in message
    # nor replaced by a correction that leaves the testimony without its witness
    message = _refused(
        book,
        lambda: book.correct(
            witness.id, replace(witness, contact="new"), ASSESSOR, "new email", TODAY
        ),
    )
    assert "unit 1 is signed off on this evidence" in message


def test_the_generic_update_cannot_drop_a_signed_unit(priya):
    candidate = priya.read(TODAY).candidate
    dropped = replace(candidate, units=[u for u in candidate.units if u != "302"])
    message = _refused(priya, lambda: priya.update(dropped, ASSESSOR, TODAY))
    assert "unit 302 is signed off and stays chosen" in message
    message = _refused(priya, lambda: priya.update_candidate(dropped, ASSESSOR, TODAY))
    assert "unit 302 is signed off and stays chosen" in message


def test_a_correction_cannot_reuse_the_id_of_a_sign_off(priya):
    portfolio = priya.read(TODAY)
    signoff = portfolio.signoff_for("302")
    observation = next(r for r in portfolio.evidence if isinstance(r, Observation))
    twin = replace(observation, id=signoff.id, venue="Elsewhere")
    message = _refused(priya, lambda: priya.correct(observation.id, twin, ASSESSOR, "venue", TODAY))
    assert f"a record {signoff.id} is already saved" in message


def test_a_sign_off_is_never_changed_in_place(priya):
    signoff = priya.read(TODAY).signoff_for("302")
    message = _refused(
        priya, lambda: priya.update(replace(signoff, assessor="Someone"), ASSESSOR, TODAY)
    )
    assert "a sign-off is part of the verified portfolio" in message


def test_the_honest_paths_still_work(priya):
    """A correction with who and why, the IV's countersignature, and new evidence are kept."""
    portfolio = priya.read(TODAY)
    evidence = _evidence_for(portfolio, "301")
    fixed = priya.correct(
        evidence.id, replace(evidence, recording_ref="Audio PD-PS-01b"), ASSESSOR, "ref", TODAY
    )
    assert fixed.corrects == evidence.id and fixed.corrected_by == ASSESSOR
    assert fixed.correction_reason == "ref" and fixed.corrected_at is not None
    countersigned = priya.countersign("302", "Ruth Okoye (IV)", TODAY, "Ruth Okoye", TODAY)
    assert countersigned.unit == "302" and countersigned.iv_name == "Ruth Okoye (IV)"
    assert isinstance(countersigned, SignOff)
    assert priya.verify() == []
    assert sorted(priya.read(TODAY).signed_units) == ["301", "302"]


def test_a_sign_off_is_held_to_the_rule_on_text(caseload):
    book, _, _ = witnessed_unit(caseload)
    book.add(
        Observation(
            date=TODAY,
            venue="Valley Leisure Centre reception",
            activity="Reviewed the rota against last month's enquiries and changed it",
            justification="Reviewed and improved",
            feedback="Good",
            links=[Link("2", "2.1"), Link("2", "2.2"), Link("2", "2.3")],
        ),
        ASSESSOR,
        TODAY,
    )
    signoff = SignOff(
        unit="2", date=TODAY, assessor="Morgan\x1b[2J Ellis", candidate_declaration=True
    )
    message = _refused(book, lambda: book.sign_off(signoff, ASSESSOR, TODAY))
    assert "assessor: it holds control characters or line breaks (^[)" in message


def test_a_change_by_a_name_that_draws_nothing_is_refused(priya):
    """The history says who made each change: a zero-width space is nobody."""
    witness = Witness(
        name="Alys Price",
        job_title="Duty manager",
        organisation="Greenway Stores",
        role="manager",
        relationship="her duty manager",
        contact="alys.price@example.org",
        knows_standards=True,
    )
    message = _refused(priya, lambda: priya.add(witness, "\u200b", TODAY))
    assert "say who is making the change" in message
    portfolio = priya.read(TODAY)
    evidence = next(r for r in portfolio.evidence if not portfolio.locked_units(r))
    message = _refused(priya, lambda: priya.correct(evidence.id, evidence, "\u3164", "x", TODAY))
    assert "say who makes the correction" in message


def test_a_correction_cannot_countersign_in_the_future(priya):
    """The store's countersign refuses a date to come; a correction of the sign-off carrying
    the countersignature (what the sign-off form saves) is held to the same rule."""
    signoff = priya.read(TODAY).signoff_for("302")
    future = replace(signoff, iv_name="Ruth Okoye (IV)", iv_date=date(2099, 1, 1))
    message = _refused(
        priya, lambda: priya.correct(signoff.id, future, "Ruth Okoye", "countersigned", TODAY)
    )
    assert "the countersignature date Thu 1 Jan 2099 is in the future" in message
