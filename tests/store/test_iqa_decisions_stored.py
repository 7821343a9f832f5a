"""IQA decisions are their own record kind in the candidate's logbook: saved through the store
with a signed history entry, checked by the domain's rule whether typed or imported, exported
and imported again, and never a correction of the sign-off.

Issue 12: "IQA decisions are their own record kind (not a correction of the sign-off): sampled
candidate, unit, assessor, stage (interim during the programme, summative at sign-off), the
criteria and evidence sampled, the outcome (agree / agree with actions / disagree: refer back),
feedback to the assessor, actions with due dates."
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta

import pytest

from logbook.demo import write_demo
from logbook.domain.iqa import Action, IqaDecision, reopening
from logbook.domain.validation import RecordRefused
from logbook.store.caseload import Caseload
from logbook.store.exchange import ImportRefused, export_logbooks, import_export, write_export

TODAY = date(2026, 11, 24)


@pytest.fixture
def caseload(tmp_path) -> Caseload:
    return write_demo(tmp_path / "caseload", TODAY)


def priya(caseload: Caseload):
    summary = next(s for s in caseload.view(TODAY).summaries if s["name"] == "Priya Shah")
    return caseload.logbook(summary["id"])


def decision(portfolio, **changes) -> IqaDecision:
    on_301 = [e.id for e in portfolio.evidence if any(link.unit == "301" for link in e.links)]
    values = dict(
        candidate_id=portfolio.candidate.id,
        unit="301",
        assessor="Morgan Ellis",
        stage="summative",
        outcome="disagree",
        iqa="Jo Barnes",
        date=TODAY - timedelta(days=1),
        criteria=[],
        evidence_ids=on_301[:2],
        feedback="The observation does not say which procedure was followed.",
        actions=[Action("Re-observe with the procedure named", TODAY + timedelta(days=14))],
    )
    values.update(changes)
    return IqaDecision(**values)


def test_a_decision_is_saved_as_its_own_record_with_a_signed_history_entry(caseload):
    logbook = priya(caseload)
    before = logbook.read(TODAY)
    saved = logbook.add(decision(before), "Jo Barnes", TODAY)
    after = logbook.read(TODAY)
    assert after.find(saved.id) == saved
    # the sign-off is untouched: not corrected, kept in the history; the disagree reopened
    # the unit, so it is no longer the sign-off in force (tests/store/test_reopened_unit.py)
    assert after.signoff_history == before.signoff_history
    assert after.signoff_for("301") is None and before.signoff_for("301") is not None
    _, history = logbook.rows()
    assert history[-1]["record"] == saved.id and history[-1]["action"] == "add"
    assert history[-1]["by"] == "Jo Barnes" and "sig" in history[-1]
    assert logbook.verify() == []
    # the domain's rule reads it back: the unit is reopened with the IQA's reason
    decisions = [r for r in after.records if isinstance(r, IqaDecision)]
    assert str(reopening(decisions, after.candidate.id, "301")).endswith(
        "The observation does not say which procedure was followed."
    )


@pytest.mark.parametrize(
    "changes, field, words",
    [
        (dict(outcome="disagree", feedback="  "), "feedback", "say why you disagree"),
        (dict(evidence_ids=[]), "evidence_ids", "at least one record"),
        (dict(unit="999"), "unit", "not one of Priya Shah's units"),
        (dict(date=TODAY + timedelta(days=2)), "date", "in the future"),
        (dict(feedback="bad\x1b[2Jfeedback"), "feedback", "control characters"),
        (dict(iqa="x" * 501), "iqa", "at most 500"),
        (dict(outcome="agree_with_actions", actions=[]), "actions", "at least one action"),
        (dict(criteria=["301.99"]), "criteria", "is not in unit 301"),
    ],
)
def test_a_decision_that_breaks_a_rule_is_refused_and_nothing_changes(
    caseload, changes, field, words
):
    logbook = priya(caseload)
    before = logbook.path.read_bytes()
    with pytest.raises(RecordRefused) as refused:
        logbook.add(decision(logbook.read(TODAY), **changes), "Jo Barnes", TODAY)
    assert any(p.field == field and words in p.message for p in refused.value.problems), (
        refused.value.problems
    )
    assert logbook.path.read_bytes() == before


def test_a_decision_is_never_changed_in_place_or_corrected(caseload):
    logbook = priya(caseload)
    saved = logbook.add(decision(logbook.read(TODAY)), "Jo Barnes", TODAY)
    before = logbook.path.read_bytes()
    agreed = dataclasses.replace(saved, outcome="agree", feedback="")
    with pytest.raises(RecordRefused, match="record a later decision"):
        logbook.update(agreed, "Jo Barnes", TODAY)
    with pytest.raises(RecordRefused, match="record a later decision"):
        logbook.correct(saved.id, agreed, "Jo Barnes", "changed my mind", TODAY)
    assert logbook.path.read_bytes() == before


def test_decisions_travel_in_an_export_and_are_checked_again_on_import(caseload, tmp_path):
    logbook = priya(caseload)
    saved = logbook.add(decision(logbook.read(TODAY)), "Jo Barnes", TODAY)
    data = export_logbooks([logbook])
    kinds = [r["kind"] for r in data["logbooks"][0]["records"]]
    assert "iqa_decision" in kinds
    path = tmp_path / "priya.json"
    write_export(path, data)
    elsewhere = Caseload(tmp_path / "elsewhere", caseload.library)
    (candidate_id,) = import_export(elsewhere, path, by="Jo Barnes")
    imported = elsewhere.logbook(candidate_id).read(TODAY)
    assert imported.find(saved.id) == saved

    # the same decision, made hostile in the file: refused on import by the same rule
    row = next(r for r in data["logbooks"][0]["records"] if r["kind"] == "iqa_decision")
    row["feedback"] = ""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    third = Caseload(tmp_path / "third", caseload.library)
    with pytest.raises(ImportRefused) as refused:
        import_export(third, bad, by="Jo Barnes")
    assert "say why you disagree" in str(refused.value)
    assert third.files() == []
