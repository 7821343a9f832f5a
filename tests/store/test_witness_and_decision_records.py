"""The witness's answer and confirmations, and the decisions of work products and questioning, as
the store keeps them: saved, in the history, exported, and imported, from before and after the
change. Real files in tmp_path, the demo caseload, the real standards."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pytest

from logbook.demo import write_demo
from logbook.domain.records import (
    NOT_ASKED,
    NOT_RECORDED,
    Link,
    Observation,
    SignOff,
    Witness,
    WordConfirmation,
    WorkProduct,
    new_id,
)
from logbook.domain.validation import RecordRefused
from logbook.domain.witnesses import witness_problems
from logbook.store import history as chain
from logbook.store.caseload import Caseload
from logbook.store.exchange import SCHEMA_PATH, ImportRefused, export_logbooks, import_export

TODAY = date(2026, 11, 24)
SEED_BAN = (
    "the use of witness testimony from relatives or those with whom the candidate has a "
    "significant personal relationship is not acceptable"
)  # C&G, Witnesses: "The use of witness testimony from relatives or those with whom ..."
NEW_WITNESS_FIELDS = ("relative", "role_description", "confirmed")
NEW_DECISION_FIELDS = ("decision", "justification", "feedback")


@pytest.fixture(autouse=True)
def _real_standards(monkeypatch):
    monkeypatch.delenv("LOGBOOK_STANDARDS_DIR", raising=False)


@pytest.fixture
def demo(tmp_path) -> Caseload:
    return write_demo(tmp_path / "demo", TODAY)


def export_of(demo: Caseload, name: str) -> dict:
    return json.loads(json.dumps(export_logbooks([demo.find(name)])))


def rechained(data: dict) -> dict:
    """The export with a fresh (unsigned) history for its first logbook's records as they now
    are, and the length and last hash the export gives to match."""
    logbook = data["logbooks"][0]
    entries: list[dict] = []
    for row in logbook["records"]:
        entries.append(chain.make_entry(entries[-1] if entries else None, "add", row, "tester"))
    logbook["history"] = entries
    logbook.update(history_count=len(entries), last_hash=entries[-1]["hash"])
    return data


def save(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def rows(data: dict, kind: str) -> list[dict]:
    return [r for r in data["logbooks"][0]["records"] if r["kind"] == kind]


def older(data: dict) -> dict:
    """The export as a logbook from before the witness question and the decisions wrote it."""
    for row in data["logbooks"][0]["records"]:
        if row["kind"] == "witness":
            for name in NEW_WITNESS_FIELDS:
                row.pop(name, None)
            if row["role"] == "line_manager":
                row["role"] = "supervisor"  # a role from before the short list
        if row["kind"] in ("work_product", "questioning"):
            for name in NEW_DECISION_FIELDS:
                row.pop(name, None)
        if row["kind"] == "testimony":
            row.pop("confirmed", None)
    return rechained(data)


def import_refused(caseload: Caseload, path: Path) -> str:
    with pytest.raises(ImportRefused) as refusal:
        import_export(caseload, path)
    assert not list(caseload.folder.glob("*.json")), "a refused import wrote a logbook"
    return str(refusal.value)


def test_an_export_from_before_the_change_imports_and_counts_as_it_did(demo, tmp_path):
    data = older(export_of(demo, "Priya Shah"))
    target = Caseload(tmp_path / "other")
    (cid,) = import_export(target, save(tmp_path, data))
    portfolio = target.logbook(cid).read(TODAY)
    sam = next(w for w in portfolio.witnesses.values() if w.name == "Sam Patel")
    assert (sam.relative, sam.role, sam.confirmed) == (NOT_ASKED, "supervisor", None)
    assert witness_problems(sam) == []  # usable, as it was when it was saved
    product = next(r for r in portfolio.evidence if isinstance(r, WorkProduct))
    assert product.decision == NOT_RECORDED
    assert portfolio.coverage("302").evidence_for("302 ER7a") == [product.id]


def test_an_older_witness_the_word_check_now_refuses_imports_but_cannot_be_used(demo, tmp_path):
    data = older(export_of(demo, "Priya Shah"))
    rows(data, "witness")[0]["relationship"] = "lodger"  # the old list let 'lodger' through
    target = Caseload(tmp_path / "other")
    (cid,) = import_export(target, save(tmp_path, rechained(data)))
    portfolio = target.logbook(cid).read(TODAY)
    sam = next(w for w in portfolio.witnesses.values() if w.name == "Sam Patel")
    assert "'lodger'" in witness_problems(sam)[0]
    refused = [r.reason for r in portfolio.coverage("205").refused]
    assert any("witness Sam Patel: refused: 'lodger'" in reason for reason in refused)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"relative": "yes"},
            "relative: refused: the assessor answered that Sam Patel is a relative",
        ),
        ({"relationship": "my mum"}, "'mum' names a relative"),
        ({"relative": "perhaps"}, "'perhaps' is not one of"),
        ({"role": "cousin"}, "'cousin' is not one of"),
        ({"confirmed": {"words": [], "by": "Morgan Ellis"}}, "confirmed.words: is empty"),
    ],
)
def test_a_witness_the_app_could_never_have_saved_is_refused(demo, tmp_path, change, expected):
    data = export_of(demo, "Priya Shah")
    rows(data, "witness")[0].update(change)
    message = import_refused(Caseload(tmp_path / "other"), save(tmp_path, rechained(data)))
    assert expected in message


def test_a_decision_that_is_not_one_of_the_choices_is_refused(demo, tmp_path):
    data = export_of(demo, "Priya Shah")
    rows(data, "work_product")[0]["decision"] = "maybe"
    message = import_refused(Caseload(tmp_path / "other"), save(tmp_path, rechained(data)))
    assert "decision: 'maybe' is not one of: competent, not_yet_competent" in message


def confirmed_friend() -> Witness:
    """A witness whose 'friend' the assessor confirmed is no personal relationship."""
    return Witness(
        name="Dev Mistry",
        role="colleague",
        relationship="friend from work",
        relative="no",
        confirmed=WordConfirmation(
            ["friend"], "Morgan Ellis", datetime(2026, 11, 24, 9, tzinfo=UTC)
        ),
    )


def test_the_export_carries_the_answer_the_confirmation_and_the_decisions(demo, tmp_path):
    book = demo.find("Priya Shah")
    dev = confirmed_friend()
    book.add(dev, "Morgan Ellis", TODAY)
    data = export_of(demo, "Priya Shah")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    (row,) = [r for r in rows(data, "witness") if r["name"] == "Dev Mistry"]
    assert row["relative"] == "no"
    assert row["confirmed"] == {
        "words": ["friend"],
        "by": "Morgan Ellis",
        "at": "2026-11-24T09:00:00+00:00",
    }
    product = rows(data, "work_product")[0]
    assert product["decision"] == "competent"
    assert product["justification"] and product["feedback"]
    assert rows(data, "questioning")[0]["decision"] == "competent"
    # and the history entry of the witness says who confirmed what, and when
    (entry,) = [e for e in data["logbooks"][0]["history"] if e["record"] == dev.id]
    assert entry["note"] == (
        "Morgan Ellis confirmed that 'friend' does not name a relative or a significant personal "
        "relationship (2026-11-24T09:00:00+00:00)"
    )


def test_saving_again_with_the_same_confirmation_does_not_repeat_it_in_the_history(demo):
    book = demo.find("Priya Shah")
    dev = confirmed_friend()
    book.add(dev, "Morgan Ellis", TODAY)
    dev.contact = "0113 496 0009"
    book.update(dev, "Morgan Ellis", TODAY)
    _, history = book.rows()
    notes = [e["note"] for e in history if e["record"] == dev.id]
    assert notes[0].startswith("Morgan Ellis confirmed that 'friend'")
    assert notes[1] == ""


def test_a_relative_answered_yes_is_refused_on_saving_and_nothing_is_written(demo):
    book = demo.find("Priya Shah")
    before = book.path.read_bytes()
    anita = Witness(name="Anita Shah", role="other", role_description="helps at home",
                    relationship="helps out", relative="yes")  # fmt: skip
    with pytest.raises(RecordRefused) as refused:
        book.add(anita, "Morgan Ellis", TODAY)
    assert [p.field for p in refused.value.problems] == ["relative"]
    assert SEED_BAN in str(refused.value).lower()
    assert book.path.read_bytes() == before


def test_a_new_work_product_without_a_decision_is_refused_on_saving(demo):
    book = demo.find("Priya Shah")
    before = book.path.read_bytes()
    product = WorkProduct(
        date=TODAY, title="Complaints log", location="Office", links=[Link("302", "302 ER7a")]
    )
    with pytest.raises(RecordRefused) as refused:
        book.add(product, "Morgan Ellis", TODAY)
    assert [p.field for p in refused.value.problems] == ["decision", "justification", "feedback"]
    assert book.path.read_bytes() == before


def test_older_simulation_and_title_only_sign_off_are_taken_as_they_were_written(demo, tmp_path):
    """OCR Level 3 Diploma, Simulation: simulation counts with one of the reasons the section
    names recorded; a unit given by title only is signed off with the whole unit confirmed. A
    record written before either was asked for is imported as it was: the simulation does not
    count, the sign-off stands. A record that gives a wrong answer is refused."""
    book = demo.find("Tom Reilly")
    staged = Observation(
        date=date(2026, 11, 2),
        venue="Training room",
        activity="Handled a staged complaint about a data breach",
        links=[Link("A13", "A13")],
        context="simulation",
        simulation_reason="risk_of_harm",
        justification="Followed the breach procedure",
        feedback="Calm and clear",
    )
    book.add(staged, "Morgan Ellis", TODAY)
    with pytest.raises(RecordRefused) as refused:
        book.add(replace(staged, id=new_id(), simulation_reason=""), "Morgan Ellis", TODAY)
    assert "say why simulation is used" in str(refused.value)
    signoff = SignOff(unit="A13", date=TODAY, assessor="Morgan Ellis",
                      candidate_declaration=True, whole_unit_confirmed=True)  # fmt: skip
    book.sign_off(signoff, "Morgan Ellis", TODAY)

    data = export_of(demo, "Tom Reilly")
    (row,) = [r for r in rows(data, "observation") if r["id"] == staged.id]
    older_row = {**row, "id": new_id(), "simulation_reason": ""}
    data["logbooks"][0]["records"].insert(-1, older_row)  # before the sign-off, as written
    (signed,) = [r for r in rows(data, "signoff") if r["unit"] == "A13"]
    signed["whole_unit_confirmed"] = None
    target = Caseload(tmp_path / "other")
    (cid,) = import_export(target, save(tmp_path, rechained(data)))
    portfolio = target.logbook(cid).read(TODAY)
    assert portfolio.signoff_for("A13").whole_unit_confirmed is None
    coverage = portfolio.coverage("A13")
    assert coverage.evidence_for("A13") == [staged.id]  # the older simulation does not count
    assert any(r.evidence_id == older_row["id"] for r in coverage.refused)

    signed["whole_unit_confirmed"] = False
    message = import_refused(Caseload(tmp_path / "third"), save(tmp_path, rechained(data)))
    assert "unit A13 is given by title only: confirm that the whole unit's criteria" in message
    signed["whole_unit_confirmed"] = None
    older_row["simulation_reason"] = "cheaper"
    message = import_refused(Caseload(tmp_path / "fourth"), save(tmp_path, rechained(data)))
    assert "simulation_reason: 'cheaper' is not a reason" in message


def test_an_imported_witness_with_a_word_to_confirm_counts_only_once_it_is_confirmed(
    demo, tmp_path
):
    """judge_witness on import: a word the check asks about ('friend') is no reason to refuse
    the file, but until the assessor's confirmation is in the record the witness cannot be
    used, so their testimony does not count; with it, it does."""
    data = export_of(demo, "Priya Shah")
    sam = next(r for r in rows(data, "witness") if r["name"] == "Sam Patel")
    sam.update(relationship="friend from work", relative="no", confirmed=None)
    target = Caseload(tmp_path / "unconfirmed")
    (cid,) = import_export(target, save(tmp_path, rechained(data)))
    portfolio = target.logbook(cid).read(TODAY)
    refused = [r.reason for r in portfolio.coverage("205").refused]
    assert any("the assessor must confirm it does not" in reason for reason in refused)

    sam["confirmed"] = {"words": ["friend"], "by": "Morgan Ellis", "at": None}
    target = Caseload(tmp_path / "confirmed")
    (cid,) = import_export(target, save(tmp_path, rechained(data)))
    portfolio = target.logbook(cid).read(TODAY)
    assert not [r for r in portfolio.coverage("205").refused if "Sam Patel" in r.reason]
