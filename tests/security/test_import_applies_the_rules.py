"""`logbook import` applies the same domain rules as the app, to every record, and refuses the
file whole, naming the first problems, writing nothing.

Each case takes a real export, changes what a forger would change, and recomputes the history
so that the hash chain holds: the chain is no defence here, the rules are. A record is judged
by the rules of the day it was written (its history entry's time), so an older valid export is
still taken: `tests/store/data/export-v1-demo.json` was written by logbook 0.1.0 before entries
were signed.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest

from tests.security.helpers import folder_state, here, rechained, write_template

V1_EXPORT = Path(__file__).resolve().parents[1] / "store" / "data" / "export-v1-demo.json"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict:
    """Priya Shah's export, as a file holds it (301 and 302 signed off, 301 countersigned)."""
    folder = write_template(tmp_path_factory.mktemp("demo") / "caseload")
    out = folder.parent / "priya.json"
    assert here("--data-dir", folder, "export", "Priya Shah", "-o", out).returncode == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _records(data: dict, kind: str) -> list[dict]:
    return [r for r in data["logbooks"][0]["records"] if r["kind"] == kind]


def _signoff(data: dict, unit: str) -> dict:
    return next(r for r in _records(data, "signoff") if r["unit"] == unit and not r["corrects"])


def _no_evidence_for_302(data):
    records = data["logbooks"][0]["records"]
    records[:] = [
        r
        for r in records
        if not any(link["unit"] == "302" for link in r.get("links", []))
        and not any(link["unit"] == "302" for q in r.get("questions", []) for link in q["links"])
    ]


def _append_correction(data: dict, base: dict, corrected: dict, **fields) -> None:
    """A record made from `base` (a new id, `fields` over it) that corrects `corrected`,
    added to the export as a forger would."""
    data["logbooks"][0]["records"].append(
        {**base, "id": str(uuid.uuid4()), "corrects": corrected["id"], **fields}
    )


def _unsigning_correction(data):
    _append_correction(
        data,
        _records(data, "observation")[0],
        _signoff(data, "302"),
        corrected_by="Morgan Ellis",
        corrected_at="2025-05-01T10:00:00+00:00",
        correction_reason="withdrawn",
    )


def _signoff_moved_by_correction(data):
    signoff = _signoff(data, "302")
    _append_correction(
        data,
        signoff,
        signoff,
        unit="205",
        corrected_by="Morgan Ellis",
        corrected_at="2025-05-01T10:00:00+00:00",
        correction_reason="moved",
    )


def _silent_correction(data):
    _append_correction(data, _records(data, "discussion")[0], _records(data, "work_product")[0])


def _correction_by_nobody(data):
    """A correction of evidence of an open unit, by a name that draws nothing."""
    observation = _records(data, "observation")[0]
    _append_correction(
        data,
        observation,
        observation,
        venue="Somewhere else",
        corrected_by="\u200b",
        corrected_at="2026-09-01T10:00:00+00:00",
        correction_reason="\u2060\u3164",
    )


# name: (what the forger changes, words the refusal must hold)
CASES = {
    "a sign-off with no evidence": (_no_evidence_for_302, "signed off with no evidence"),
    "a not-yet-competent sign-off counted as signed": (
        lambda d: _signoff(d, "302").__setitem__("decision", "not_yet_competent"),
        "signed off only on a decision of competent",
    ),
    "a sign-off without the candidate's declaration": (
        lambda d: _signoff(d, "302").__setitem__("candidate_declaration", False),
        "has not declared that the evidence is their own",
    ),
    "a relative as witness": (
        lambda d: _records(d, "witness")[0].__setitem__("relationship", "her mum"),
        "'mum' names a relative",
    ),
    "a relative behind a zero-width space": (
        lambda d: _records(d, "witness")[0].__setitem__("relationship", "her m\u200bum"),
        "'mum' names a relative",
    ),
    "a partner in the status statement": (
        lambda d: _records(d, "witness")[0].__setitem__("status_statement", "Her boyfriend."),
        "'boyfriend' names a relative or a significant personal relationship",
    ),
    "a negative duration": (
        lambda d: _records(d, "discussion")[0].__setitem__("duration_minutes", -45),
        "a duration is 1 to 600 minutes",
    ),
    "a registration date in 2099": (
        lambda d: _records(d, "candidate")[0].__setitem__("registered_on", "2099-01-01"),
        "registered_on: Thu 1 Jan 2099 is in the future",
    ),
    "a candidate aged 12": (
        lambda d: _records(d, "candidate")[0].__setitem__("date_of_birth", "2013-01-01"),
        "not approved for anyone under 16",
    ),
    "evidence dated after the day it was written": (
        lambda d: _records(d, "observation")[0].__setitem__("date", "2099-05-01"),
        "date: Fri 1 May 2099 is in the future",
    ),
    "a correction that silently unsigns a unit": (
        _unsigning_correction,
        "a correction is a record of the same kind",
    ),
    "a sign-off corrected into another unit": (
        _signoff_moved_by_correction,
        "corrected into a sign-off of the same unit",
    ),
    "a correction without who, when or why": (
        _silent_correction,
        "say who makes the correction",
    ),
    "a correction by a name that draws nothing": (_correction_by_nobody, "say who makes"),
    "a correction whose reason draws nothing": (_correction_by_nobody, "say why the record"),
    "a sign-off by an assessor whose name draws nothing": (
        lambda d: _signoff(d, "302").__setitem__("assessor", "\u3164"),
        "the assessor's name is needed",
    ),
    "a witness whose name draws nothing": (
        lambda d: _records(d, "witness")[0].__setitem__("name", "\u200b\u200b"),
        "name is needed",
    ),
    "a countersignature dated in 2099": (
        lambda d: next(r for r in _records(d, "signoff") if r["iv_name"]).__setitem__(
            "iv_date", "2099-01-01"
        ),
        "the countersignature date Thu 1 Jan 2099 is in the future",
    ),
    "a 50 MB name": (
        lambda d: _records(d, "candidate")[0].__setitem__("name", "P" * 50_000_000),
        "name: it is 50,000,000 characters long; at most 500 can be stored",
    ),
    "a name that sets the window title": (
        lambda d: _records(d, "candidate")[0].__setitem__("name", "Priya\x1b]0;owned\x07 Shah"),
        "name: it holds control characters or line breaks (^[, ^G)",
    ),
    "notes with a screen-clearing escape": (
        lambda d: _records(d, "discussion")[0].__setitem__("notes", "fine\x1b[2J"),
        "notes: it holds control characters (^[)",
    ),
    "a witness whose name is a line break": (
        lambda d: _records(d, "witness")[0].__setitem__("name", "Sam\nPatel"),
        "name: it holds control characters or line breaks (^J)",
    ),
}


def _forged(exported: dict, change, tmp_path: Path) -> Path:
    data = json.loads(json.dumps(exported))
    change(data)
    data["logbooks"][0] = rechained(data["logbooks"][0])
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CASES)
def test_an_import_that_breaks_a_rule_is_refused_whole(exported, tmp_path, case):
    change, words = CASES[case]
    path = _forged(exported, change, tmp_path)
    target = tmp_path / "caseload"

    result = here("--data-dir", target, "import", path)
    assert result.returncode == 2
    assert result.stderr.startswith("logbook: forged.json was not imported, nothing was written:")
    assert words in result.stderr, result.stderr[:2000]
    assert len(result.stderr) < 5000  # the first problems, never a 50 MB echo
    assert folder_state(target) == {}
    assert not (target / ".keys").exists()


def test_one_bad_logbook_refuses_the_whole_file(exported, tmp_path):
    data = json.loads(json.dumps(exported))
    bad = json.loads(json.dumps(exported))["logbooks"][0]
    bad_record = next(r for r in bad["records"] if r["kind"] == "discussion")
    bad_record["duration_minutes"] = -1
    for record in bad["records"]:  # another candidate, so only the rule is wrong
        if record["kind"] == "candidate":
            record["id"] = bad["candidate_id"] = str(uuid.uuid4())
            record["registration_number"] = "CG-0000-0001"
    data["logbooks"].append(rechained(bad))
    path = tmp_path / "two.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = here("--data-dir", tmp_path / "caseload", "import", path)
    assert result.returncode == 2
    assert "logbooks[1].records[" in result.stderr and "a duration is 1 to 600" in result.stderr
    assert "logbooks[0]" not in result.stderr
    assert folder_state(tmp_path / "caseload") == {}


def test_an_entry_written_in_the_future_is_refused(exported, tmp_path):
    data = json.loads(json.dumps(exported))
    logbook = rechained(data["logbooks"][0])
    from logbook.store import history as chain

    entries: list[dict] = []
    for row in logbook["records"]:
        previous = entries[-1] if entries else None
        entries.append(chain.make_entry(previous, "add", row, "x", at="2099-01-01T09:00:00Z"))
    data["logbooks"][0] = {**logbook, "history": entries, "last_hash": entries[-1]["hash"]}
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = here("--data-dir", tmp_path / "caseload", "import", path)
    assert result.returncode == 2
    assert "history entry 1 says it was written on 2099-01-01, which is in the future" in (
        result.stderr
    )


def test_a_signed_history_recomputed_without_the_key_is_refused(exported, tmp_path):
    data = json.loads(json.dumps(exported))
    logbook = data["logbooks"][0]
    observation = next(r for r in logbook["records"] if r["kind"] == "observation")
    observation["venue"] = "Somewhere else"
    from logbook.store import history as chain

    previous = None
    for entry in logbook["history"]:  # every hash recomputed, the signatures kept as they were
        if entry["record"] == observation["id"]:
            entry["digest"] = chain.digest(observation)
        entry["prev"] = previous["hash"] if previous else chain.GENESIS
        entry["hash"] = chain.entry_hash(entry)
        previous = entry
    logbook["last_hash"] = previous["hash"]
    path = tmp_path / "recomputed.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = here("--data-dir", tmp_path / "caseload", "import", path)
    assert result.returncode == 2
    assert "does not carry the signature of the key it names" in result.stderr


def test_an_export_cut_short_is_refused(exported, tmp_path):
    data = json.loads(json.dumps(exported))
    logbook = data["logbooks"][0]
    countersign = logbook["records"].pop()  # the IV's countersignature and its entry
    assert countersign["iv_name"]
    logbook["history"].pop()
    path = tmp_path / "short.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = here("--data-dir", tmp_path / "caseload", "import", path)
    assert result.returncode == 2
    assert "the export says it had" in result.stderr


def test_an_older_valid_export_is_still_taken(tmp_path):
    """Written by logbook 0.1.0: export version 1, no signatures, no history length."""
    old = json.loads(V1_EXPORT.read_text(encoding="utf-8"))
    assert old["version"] == 1 and "keys" not in old
    path = tmp_path / "old.json"
    shutil.copy(V1_EXPORT, path)
    target = tmp_path / "caseload"
    result = here("--data-dir", target, "import", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Imported ") == 5
    verified = here("--data-dir", target, "verify")
    assert verified.returncode == 0, verified.stdout
    assert "unsigned entries before" in verified.stdout
    assert verified.stdout.strip().endswith("5 logbooks, all verified")
