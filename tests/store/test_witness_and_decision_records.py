"""The witness's answer and confirmations, and the decisions of work products and questioning, as
the store keeps them: saved, in the history, exported, and imported, from before and after the
change. Real files in tmp_path, the demo caseload, the real standards."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pytest

from logbook.demo import write_demo
from logbook.domain.records import (
    NOT_ASKED,
    NOT_RECORDED,
    Link,
    Witness,
    WordConfirmation,
    WorkProduct,
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
    logbook = data["logbooks"][0]
    entries: list[dict] = []
    for row in logbook["records"]:
        entries.append(chain.make_entry(entries[-1] if entries else None, "add", row, "tester"))
    logbook["history"] = entries
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
