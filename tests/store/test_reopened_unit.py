"""A unit an IQA's "disagree" reopens, on a real logbook file: its evidence is changed in
place, the assessor signs it off again, the IQA agrees; the file verifies, the old sign-off
stays in the history and the export, and an import of the export replays the same rules.

Issue 12: "A "disagree" reopens the unit for the assessor with the reason shown on the
overview." DOMAIN.md: "disagree, so the decision goes back to the assessor".
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from logbook.demo import write_demo
from logbook.domain.records import Evidence, IqaDecision, SignOff
from logbook.domain.validation import RecordRefused
from logbook.store.caseload import Caseload
from logbook.store.exchange import export_logbooks, import_export, write_export
from tests.store.test_iqa_decisions_stored import decision

TODAY = date(2026, 11, 24)


@pytest.fixture
def caseload(tmp_path) -> Caseload:
    return write_demo(tmp_path / "caseload", TODAY)


def only_301(portfolio) -> Evidence:
    """Evidence for Priya's unit 301 and no other signed-off unit."""
    return next(
        e
        for e in portfolio.evidence
        if {link.unit for link in e.links} == {"301"} and e.KIND == "discussion"
    )


def test_a_disagree_reopens_a_stored_unit_until_it_is_signed_off_again(caseload, tmp_path):
    summary = next(s for s in caseload.view(TODAY).summaries if s["name"] == "Priya Shah")
    logbook = caseload.logbook(summary["id"])
    before = logbook.read(TODAY)
    seen, first = only_301(before), before.signoff_for("301")
    edit = dataclasses.replace(seen, notes="Named the refunds procedure followed.")
    with pytest.raises(RecordRefused, match="unit 301 is signed off"):
        logbook.update(edit, "Morgan Ellis", TODAY)

    logbook.add(decision(before, date=TODAY - timedelta(days=3)), "Jo Barnes", TODAY)
    reopened = logbook.read(TODAY)
    assert "301" not in reopened.signed_units and "301" in reopened.reopened
    (shown,) = [s for s in caseload.view(TODAY).summaries if s["id"] == summary["id"]]
    assert "301" not in shown["signed_off"]
    logbook.update(edit, "Morgan Ellis", TODAY)  # in place: no correction asked for
    assert logbook.read(TODAY).find(seen.id).notes == edit.notes

    again = SignOff(unit="301", date=TODAY, assessor="Morgan Ellis", candidate_declaration=True)
    with pytest.raises(RecordRefused, match="sign it off again on or after"):
        logbook.sign_off(dataclasses.replace(again, date=TODAY - timedelta(days=4)), "M", TODAY)
    logbook.sign_off(again, "Morgan Ellis", TODAY)
    signed = logbook.read(TODAY)
    assert signed.signoff_for("301") == again and "301" in signed.signed_units
    assert signed.signoff_history[-1] == again and first in signed.signoff_history
    with pytest.raises(RecordRefused, match="unit 301 is signed off"):
        logbook.update(dataclasses.replace(edit, notes="Again"), "Morgan Ellis", TODAY)

    agree = decision(signed, outcome="agree", stage="summative", date=TODAY, actions=[])
    logbook.add(dataclasses.replace(agree, evidence_ids=[again.id]), "Jo Barnes", TODAY)
    assert logbook.read(TODAY).reopened == {}
    assert logbook.verify() == []

    # the export holds both sign-offs and both decisions; an import replays the same rules
    exported = export_logbooks([logbook])
    (book,) = exported["logbooks"]
    kinds = [r["kind"] for r in book["records"]]
    assert kinds.count("signoff") == len([r for r in before.records if r.KIND == "signoff"]) + 1
    assert kinds.count("iqa_decision") == 2
    path = tmp_path / "export.json"
    write_export(path, exported)
    other = Caseload(tmp_path / "other", caseload.library)
    (imported,) = import_export(other, path)
    back = other.logbook(imported).read(TODAY)
    assert back.signoff_for("301") == again and back.reopened == {}
    assert len([r for r in back.records if isinstance(r, IqaDecision)]) == 2
