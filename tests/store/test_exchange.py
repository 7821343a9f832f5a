"""Export and import of logbooks: real files in tmp_path, the real standards, the demo caseload.

An export moves a candidate's logbook, with its whole history, to another caseload. An import
checks everything before it writes anything: a refused file leaves the data folder as it was.
"""

from __future__ import annotations

import dataclasses
import json
import stat
import uuid
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest

from logbook.demo import write_demo
from logbook.domain.records import RECORD_KINDS, Link, Observation
from logbook.store import history as chain
from logbook.store.caseload import Caseload
from logbook.store.exchange import (
    EXPORT_FORMAT,
    MAX_IMPORT_BYTES,
    SCHEMA_PATH,
    ImportRefused,
    export_logbooks,
    import_export,
    write_export,
)
from logbook.store.logbooks import FORMAT, LogbookFile

NAMES = ["Priya Shah", "Tom Reilly", "Aisha Okafor", "Gareth Jones", "Lena Novak"]


@pytest.fixture(autouse=True)
def _real_standards(monkeypatch):
    monkeypatch.delenv("LOGBOOK_STANDARDS_DIR", raising=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Caseload:
    return write_demo(tmp_path_factory.mktemp("demo") / "caseload")


@pytest.fixture
def empty(tmp_path) -> Caseload:
    return Caseload(tmp_path / "other")


def export_of(demo: Caseload, name: str) -> dict:
    """A candidate's export as plain JSON data, as a file would hold it."""
    return json.loads(json.dumps(export_logbooks([demo.find(name)])))


def save(tmp_path: Path, data, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def contents(folder: Path) -> dict[str, bytes]:
    """Every file in a folder and the folders in it, hidden ones too, with its bytes."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<folder>"
        for p in sorted(folder.rglob("*"))
    }


def rechained(logbook: dict) -> dict:
    """The logbook with a fresh, valid (unsigned) history for its records as they now are, and
    the export's length and last hash to match: what someone recomputing the chain would do."""
    entries: list[dict] = []
    for row in logbook["records"]:
        entries.append(chain.make_entry(entries[-1] if entries else None, "add", row, "tester"))
    return {
        **logbook,
        "history": entries,
        "history_count": len(entries),
        "last_hash": entries[-1]["hash"],
    }


def record(data: dict, kind: str, n: int = 0) -> dict:
    """The n-th record of a kind in the export's first logbook."""
    return [r for r in data["logbooks"][0]["records"] if r["kind"] == kind][n]


def refused(caseload: Caseload, path: Path) -> str:
    """Import `path`, expecting a refusal that writes nothing; the refusal's message."""
    before = contents(caseload.folder)
    with pytest.raises(ImportRefused) as refusal:
        import_export(caseload, path)
    assert contents(caseload.folder) == before, "a refused import changed the data folder"
    return str(refusal.value)


# the round trip ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_export_then_import_gives_back_the_same_logbook(demo, empty, tmp_path, name):
    original = demo.find(name)
    path = tmp_path / "out.json"
    write_export(path, export_logbooks([original]))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    ids = import_export(empty, path)

    assert ids == [original.candidate_id]
    imported = empty.logbook(ids[0])
    assert stat.S_IMODE(imported.path.stat().st_mode) == 0o600
    assert imported.verify() == []
    today = date.today()
    assert imported.read(today) == original.read(today)
    records, history = imported.rows()
    old_records, old_history = original.rows()
    assert records == old_records
    assert history[:-1] == old_history
    assert history[-1]["action"] == "import"
    assert history[-1]["note"].startswith("imported from out.json")
    assert empty.view().summaries == [original.read(today).summary()]

    again = export_logbooks([imported])["logbooks"][0]
    first = export_logbooks([original])["logbooks"][0]
    assert again["records"] == first["records"]
    assert again["history"][:-1] == first["history"]


def test_an_export_of_several_candidates_imports_them_all_in_order(demo, empty, tmp_path):
    books = [demo.find(name) for name in NAMES]
    path = tmp_path / "all.json"
    write_export(path, export_logbooks(books))

    assert import_export(empty, path) == [b.candidate_id for b in books]
    assert sorted(s["name"] for s in empty.view().summaries) == sorted(NAMES)


def test_the_imported_file_is_in_the_current_format(demo, empty, tmp_path):
    path = save(tmp_path, export_of(demo, "Tom Reilly"))
    (candidate_id,) = import_export(empty, path)
    stored = json.loads(empty.logbook(candidate_id).path.read_text(encoding="utf-8"))
    assert stored["meta"]["1"]["format"] == FORMAT
    assert stored["meta"]["1"]["candidate"] == candidate_id


def test_dates_are_judged_against_the_day_they_were_written(tmp_path, empty):
    # written a day "ahead" (an assessor east of UTC just after midnight): each record's dates
    # are judged against its history entry's time, with a day's slack for time zones
    ahead = write_demo(tmp_path / "ahead", today=date.today() + timedelta(days=1))
    path = tmp_path / "ahead.json"
    write_export(path, export_logbooks([ahead.find("Priya Shah")]))

    (candidate_id,) = import_export(empty, path)
    assert empty.logbook(candidate_id).verify() == []


def test_a_record_dated_after_the_day_it_was_written_is_refused(tmp_path, empty):
    # an assessor whose clock ran a year ahead: records dated long after their history entries
    ahead = write_demo(tmp_path / "ahead", today=date.today() + timedelta(days=365))
    path = tmp_path / "ahead.json"
    write_export(path, export_logbooks([ahead.find("Priya Shah")]))
    message = refused(empty, path)
    assert "logbooks[0].records[0].registered_on:" in message
    assert "is in the future" in message


def test_a_logbook_of_500_records_goes_out_and_back_whole(tmp_path, demo):
    # how fast: bench/store_bench.py measures it (a timed test fails on a busy machine)
    priya = demo.find("Priya Shah")
    records, _ = priya.rows()
    rows = list(records)
    template = next(r for r in records if r["kind"] == "observation")
    while len(rows) < 500:
        rows.append(
            {**template, "id": str(uuid.uuid4()), "activity": f"Served customer {len(rows)}"}
        )
    logbook = rechained({"records": rows})
    data = {
        "meta": {"1": {"format": FORMAT, "candidate": priya.candidate_id, "created": "x"}},
        "records": {str(i): r for i, r in enumerate(rows, 1)},
        "history": {str(i): e for i, e in enumerate(logbook["history"], 1)},
    }
    big = LogbookFile(tmp_path / f"{priya.candidate_id}.json")
    big.path.write_text(json.dumps(data), encoding="utf-8")

    export = export_logbooks([big])
    target = tmp_path / "big-export.json"
    write_export(target, export)
    assert len(export["logbooks"][0]["records"]) == 500

    (candidate_id,) = import_export(Caseload(tmp_path / "elsewhere"), target)
    assert len(Caseload(tmp_path / "elsewhere").logbook(candidate_id).rows()[0]) == 500


# the schema --------------------------------------------------------------------------------------


def test_every_export_validates_against_the_shipped_schema(demo):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    data = json.loads(json.dumps(export_logbooks([demo.find(n) for n in NAMES])))
    assert list(validator.iter_errors(data)) == []
    assert data["format"] == EXPORT_FORMAT
    assert data["version"] == 2


def test_the_schema_knows_every_field_of_every_record_kind():
    # a field the schema did not know would make the export of a real logbook unimportable
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    defs = schema["$defs"]
    record = defs["record"]
    assert set(record["properties"]["kind"]["enum"]) == set(RECORD_KINDS)
    by_kind = {
        rule["if"]["properties"]["kind"]["const"]: rule["then"]["$ref"].split("/")[-1]
        for rule in record["allOf"]
    }
    assert set(by_kind) == set(RECORD_KINDS)
    for kind, cls in RECORD_KINDS.items():
        definition = defs[by_kind[kind]]
        known = set(definition["properties"])
        for part in definition.get("allOf", []):
            known |= set(defs[part["$ref"].split("/")[-1]]["properties"])
        fields = {f.name for f in dataclasses.fields(cls)} | {"kind"}
        assert known == fields, f"{kind}: schema {sorted(known ^ fields)}"
        assert definition["unevaluatedProperties"] is False


# refusals: nothing is written --------------------------------------------------------------------


def test_truncated_json_is_refused_with_where(demo, empty, tmp_path):
    text = json.dumps(export_of(demo, "Priya Shah"), indent=2)
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    message = refused(empty, path)
    assert "not valid JSON" in message
    assert "line " in message and "column " in message


def test_a_foreign_json_file_is_refused(empty):
    standards = Path(__file__).resolve().parents[2] / "standards" / "cg-l3-nsvq.json"
    message = refused(empty, standards)
    assert "not a logbook export" in message


def test_a_record_with_a_wrong_type_is_refused_naming_the_field(demo, empty, tmp_path):
    data = export_of(demo, "Priya Shah")
    records = data["logbooks"][0]["records"]
    position = next(i for i, r in enumerate(records) if r["kind"] == "observation")
    records[position]["date"] = 20240101
    message = refused(empty, save(tmp_path, data))
    assert f"logbooks[0].records[{position}].date: should be a string" in message


def test_a_malformed_date_is_refused(demo, empty, tmp_path):
    data = export_of(demo, "Priya Shah")
    record(data, "signoff")["date"] = "2024-13-45"
    message = refused(empty, save(tmp_path, data))
    assert "'2024-13-45' is not a date" in message


def test_a_criterion_not_in_its_unit_is_refused_by_code(demo, empty, tmp_path):
    data = export_of(demo, "Priya Shah")
    record(data, "testimony")["links"][0]["code"] = "205.9.9"
    data["logbooks"][0] = rechained(data["logbooks"][0])  # the chain holds: only the code is bad
    message = refused(empty, save(tmp_path, data))
    assert "205.9.9 is not in unit 205" in message
    assert "records[" in message and "].links: 205.9.9" in message
    assert "history" not in message


def test_a_unit_not_in_the_qualification_is_refused(demo, empty, tmp_path):
    data = export_of(demo, "Gareth Jones")
    record(data, "observation")["links"] = [{"unit": "99", "code": "99.1"}]
    data["logbooks"][0] = rechained(data["logbooks"][0])
    message = refused(empty, save(tmp_path, data))
    assert "has no unit 99" in message


def test_an_unknown_qualification_is_refused(demo, empty, tmp_path):
    data = export_of(demo, "Aisha Okafor")
    data["logbooks"][0]["qualification"] = "btec-l9"
    record(data, "candidate")["qualification"] = "btec-l9"
    data["logbooks"][0] = rechained(data["logbooks"][0])
    message = refused(empty, save(tmp_path, data))
    assert "logbooks[0].qualification: no qualification 'btec-l9'" in message


def test_a_testimony_whose_witness_is_missing_is_refused(demo, empty, tmp_path):
    data = export_of(demo, "Priya Shah")
    someone = str(uuid.uuid4())
    record(data, "testimony")["witness_id"] = someone
    data["logbooks"][0] = rechained(data["logbooks"][0])
    message = refused(empty, save(tmp_path, data))
    assert f"witness_id: there is no witness '{someone}'" in message


def test_a_tampered_history_is_refused(demo, empty, tmp_path):
    data = export_of(demo, "Priya Shah")
    data["logbooks"][0]["history"][2]["by"] = "Someone Else"
    message = refused(empty, save(tmp_path, data))
    assert "logbooks[0].history: history entry 3 was changed after it was written" in message


def test_a_record_changed_after_export_is_refused(demo, empty, tmp_path):
    data = export_of(demo, "Priya Shah")
    observation = record(data, "observation")
    observation["venue"] = "Somewhere else"
    message = refused(empty, save(tmp_path, data))
    assert f"observation {observation['id']} was changed without a history entry" in message


def test_a_removed_history_entry_is_refused(demo, empty, tmp_path):
    data = export_of(demo, "Tom Reilly")
    del data["logbooks"][0]["history"][1]
    message = refused(empty, save(tmp_path, data))
    assert "history entry 2" in message


def test_a_candidate_id_that_is_not_a_file_name_is_refused(demo, empty, tmp_path):
    data = export_of(demo, "Lena Novak")
    data["logbooks"][0]["candidate_id"] = "../../outside"
    message = refused(empty, save(tmp_path, data))
    assert "logbooks[0].candidate_id" in message
    assert not (tmp_path / "outside.json").exists()


def test_a_newer_export_version_is_refused(demo, empty, tmp_path):
    data = export_of(demo, "Lena Novak")
    data["version"] = 3
    assert "newer logbook" in refused(empty, save(tmp_path, data))


def test_one_bad_logbook_refuses_the_whole_file(demo, empty, tmp_path):
    good = export_of(demo, "Lena Novak")
    bad = export_of(demo, "Tom Reilly")
    bad["logbooks"][0]["history"][0]["note"] = "edited"
    good["logbooks"].append(bad["logbooks"][0])
    message = refused(empty, save(tmp_path, good))
    assert "logbooks[1].history" in message
    assert "logbooks[0]" not in message


def test_a_candidate_already_in_the_caseload_is_refused_by_name(demo, tmp_path):
    caseload = Caseload(tmp_path / "mine")
    path = save(tmp_path, export_of(demo, "Priya Shah"))
    import_export(caseload, path)
    message = refused(caseload, path)
    assert "Priya Shah (CG-4471-0931) is already in the caseload" in message


def test_the_same_registration_number_under_another_id_is_refused(demo, tmp_path):
    caseload = Caseload(tmp_path / "mine")
    data = export_of(demo, "Priya Shah")
    import_export(caseload, save(tmp_path, data, "first.json"))
    logbook = data["logbooks"][0]
    record(data, "candidate")["id"] = logbook["candidate_id"] = str(uuid.uuid4())
    data["logbooks"][0] = rechained(logbook)
    message = refused(caseload, save(tmp_path, data, "second.json"))
    assert "already has Priya Shah with registration number CG-4471-0931" in message


def test_the_same_candidate_twice_in_one_file_is_refused(demo, empty, tmp_path):
    data = export_of(demo, "Gareth Jones")
    data["logbooks"].append(data["logbooks"][0])
    message = refused(empty, save(tmp_path, data))
    assert "logbooks[1]: Gareth Jones (OCR-NVQ-1187) is also in logbooks[0]" in message


def test_every_problem_is_listed_not_just_the_first(demo, empty, tmp_path):
    data = export_of(demo, "Priya Shah")
    record(data, "observation")["date"] = "yesterday"
    record(data, "signoff")["candidate_declaration"] = "yes"
    message = refused(empty, save(tmp_path, data))
    assert "'yesterday' is not a date" in message
    assert "candidate_declaration: should be true or false" in message


# refusals: files that are not worth reading ------------------------------------------------------


def test_a_huge_file_is_refused_without_reading_it(empty, tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)  # sparse: big on paper, nothing on disk
    assert "larger than an export can be" in refused(empty, path)


def test_a_file_over_a_smaller_cap_is_refused(demo, empty, tmp_path):
    path = save(tmp_path, export_of(demo, "Priya Shah"))
    before = contents(empty.folder)
    with pytest.raises(ImportRefused, match="larger than an export can be"):
        import_export(empty, path, max_bytes=1000)
    assert contents(empty.folder) == before


def test_deeply_nested_json_is_refused_cleanly(empty, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(
        '{"format": "logbook-export", "logbooks": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    assert "nested too deeply" in refused(empty, path)


def test_nesting_inside_a_record_is_refused_cleanly(demo, empty, tmp_path):
    data = export_of(demo, "Priya Shah")
    text = json.dumps(data).replace(
        '"venue": "', '"venue": ' + "[" * 900 + "]" * 900 + ', "x": "', 1
    )
    path = tmp_path / "nested.json"
    path.write_text(text, encoding="utf-8")
    message = refused(empty, path)
    assert "].venue: should be a string, not a list" in message


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "empty"), (b"   \n", "empty"), (b"\xff\xfe\x00", "not valid JSON"), (b"[]", "not a")],
)
def test_files_that_are_not_exports_are_refused(empty, tmp_path, content, words):
    path = tmp_path / "odd.json"
    path.write_bytes(content)
    assert words in refused(empty, path)


def test_a_missing_file_is_refused(empty, tmp_path):
    assert "no such file" in refused(empty, tmp_path / "nowhere.json")


def test_a_folder_is_refused(empty, tmp_path):
    assert "not a file" in refused(empty, tmp_path)


def test_an_export_of_a_new_logbook_made_in_code_round_trips(tmp_path, empty):
    # not the demo: a logbook made through the store today, with a correction in its history
    source = Caseload(tmp_path / "source")
    demo = write_demo(tmp_path / "seed")
    priya = demo.find("Priya Shah").read()
    book = source.create(priya.candidate, "Assessor")
    first = book.add(
        Observation(
            date=priya.candidate.registered_on + timedelta(days=3),
            venue="Shop floor",
            activity="Served a customer",
            justification="Did it well",
            feedback="Keep going",
            links=[Link("205", "205.1.1")],
        ),
        "Assessor",
    )
    book.correct(first.id, dataclasses.replace(first, venue="Service desk"), "Assessor", "typo")
    path = tmp_path / "x.json"
    write_export(path, export_logbooks([book]))
    (candidate_id,) = import_export(empty, path)
    imported = empty.logbook(candidate_id)
    assert imported.read() == book.read()
    assert [e["action"] for e in imported.rows()[1]] == ["create", "add", "correct", "import"]
    assert imported.read().find(first.id) is not None  # the corrected record is kept too
