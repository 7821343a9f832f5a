"""The standards loader: every qualification in standards/ loads; a broken or foreign file is
refused with its name, the place in it and what is wrong, and the others still load; adding a
qualification is adding a file. Then what a loaded qualification answers: units by the code an
assessor types, and the items each unit's evidence must cover.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from logbook.domain.combination import check_combination
from logbook.qualifications import (
    StandardsError,
    load_library,
    load_qualification_file,
    standards_dir,
)

REPO = Path(__file__).resolve().parents[1]
STANDARDS = REPO / "standards"
FIVE = {"cg-l3-nsvq", "edexcel-l3", "ocr-l3-nvq", "ocr-l3-diploma", "ocr-l4-diploma"}


def units(text: str) -> list[str]:
    """Unit codes as an assessor types them, apart by spaces."""
    return text.split()


def standard(qualification_id: str) -> dict:
    return json.loads((STANDARDS / f"{qualification_id}.json").read_text(encoding="utf-8"))


def folder_with_the_five(tmp_path: Path) -> Path:
    folder = tmp_path / "standards"
    folder.mkdir()
    shutil.copy(STANDARDS / "schema.json", folder)
    for qualification_id in FIVE:
        shutil.copy(STANDARDS / f"{qualification_id}.json", folder)
    return folder


# --- the real standards -------------------------------------------------------------------------


def test_all_five_standards_load_with_no_problems():
    library = load_library(STANDARDS)
    assert [str(problem) for problem in library.problems] == []
    assert set(library.qualifications) == FIVE
    assert {q.id for q in library} == FIVE


def test_the_default_folder_is_the_repos_standards(monkeypatch):
    monkeypatch.delenv("LOGBOOK_STANDARDS_DIR", raising=False)
    assert standards_dir().resolve() == STANDARDS
    assert set(load_library().qualifications) == FIVE


def test_logbook_standards_dir_points_the_loader_elsewhere(tmp_path, monkeypatch):
    shutil.copy(STANDARDS / "schema.json", tmp_path)
    shutil.copy(STANDARDS / "ocr-l3-nvq.json", tmp_path)
    monkeypatch.setenv("LOGBOOK_STANDARDS_DIR", str(tmp_path))
    assert list(load_library().qualifications) == ["ocr-l3-nvq"]


@pytest.mark.parametrize(
    ("qualification_id", "title", "awarding_body", "level", "unit_count"),
    [
        ("cg-l3-nsvq", "City & Guilds Level 3 N/SVQ in Customer Service", "City & Guilds", 3, 20),
        ("edexcel-l3", "Edexcel Level 3 NVQ in Customer Service", "Edexcel", 3, 20),
        ("ocr-l3-nvq", "OCR Level 3 NVQ in Customer Service", "OCR", 3, 8),
        ("ocr-l3-diploma", "OCR Level 3 NVQ Diploma in Customer Service", "OCR", 3, 59),
        ("ocr-l4-diploma", "OCR Level 4 NVQ Diploma in Customer Service", "OCR", 4, 33),
    ],
)
def test_each_qualification_is_named_as_printed(
    qualification_id, title, awarding_body, level, unit_count
):
    qual = load_library(STANDARDS).get(qualification_id)
    assert (qual.title, qual.awarding_body, qual.level, len(qual.units)) == (
        title,
        awarding_body,
        level,
        unit_count,
    )


def test_an_unknown_qualification_is_refused_with_the_list_of_those_that_exist():
    library = load_library(STANDARDS)
    assert library.get(" OCR-L3-NVQ ").id == "ocr-l3-nvq"
    with pytest.raises(KeyError) as caught:
        library.get("cg-l2")
    assert caught.value.args[0] == (
        "no qualification 'cg-l2'; the qualifications are: "
        "cg-l3-nsvq, edexcel-l3, ocr-l3-diploma, ocr-l3-nvq, ocr-l4-diploma"
    )


# --- a broken or foreign file -------------------------------------------------------------------


def _wrong_type_deep_inside():
    data = standard("cg-l3-nsvq")
    data["units"][3]["elements"][0]["criteria"][2]["code"] = 42
    return json.dumps(data, indent=2).encode()


def _level_as_text():
    data = standard("ocr-l4-diploma")
    data["units"][7]["level"] = "4"
    return json.dumps(data, indent=2).encode()


def _missing_title():
    data = standard("edexcel-l3")
    del data["units"][4]["title"]
    return json.dumps(data, indent=2).encode()


def _unknown_field():
    data = standard("ocr-l3-nvq")
    data["units"][1]["credit"] = 10
    return json.dumps(data, indent=2).encode()


def _unit_in_a_group_that_does_not_exist():
    data = standard("ocr-l3-diploma")
    data["units"][5]["group"] = "F"
    return json.dumps(data, indent=2).encode()


def _rule_naming_an_unknown_group():
    data = standard("ocr-l4-diploma")
    data["rules"][3]["groups"].append("F")
    return json.dumps(data, indent=2).encode()


def _all_units_rule_naming_an_unknown_group():
    data = standard("ocr-l3-nvq")
    data["rules"][0]["group"] = "core"
    return json.dumps(data, indent=2).encode()


def _repeated_unit_code():
    data = standard("edexcel-l3")
    data["units"][9]["code"] = "7"
    return json.dumps(data, indent=2).encode()


def _invalid_json():
    lines = json.dumps(standard("ocr-l3-nvq"), indent=2).splitlines()
    lines[3] = '  "x":,'
    return "\n".join(lines).encode()


def _not_utf8():
    raw = (STANDARDS / "ocr-l3-nvq.json").read_bytes()
    at = raw.index(b"Customer Service")
    return raw[:at] + "Café ".encode("latin-1") + raw[at:]


def _not_utf8_offset():
    raw = (STANDARDS / "ocr-l3-nvq.json").read_bytes()
    return raw.index(b"Customer Service") + len("Caf")


BROKEN = {
    "wrong type deep inside": (
        _wrong_type_deep_inside,
        "units[3].elements[0].criteria[2].code",
        "42 is not of type 'string'",
    ),
    "level as text": (_level_as_text, "units[7].level", "'4' is not of type 'integer'"),
    "missing title": (_missing_title, "units[4]", "'title' is a required property"),
    "unknown field": (_unknown_field, "units[1]", "('credit' was unexpected)"),
    "unit in a group that does not exist": (
        _unit_in_a_group_that_does_not_exist,
        "units[5].group",
        "no group 'F'",
    ),
    "rule naming an unknown group": (_rule_naming_an_unknown_group, "rules[3]", "no group 'F'"),
    "all-units rule naming an unknown group": (
        _all_units_rule_naming_an_unknown_group,
        "rules[0]",
        "no group 'core'",
    ),
    "repeated unit code": (_repeated_unit_code, "units[9]", "unit code '7' is used twice"),
    "invalid JSON": (_invalid_json, "line 4 column 7", "not valid JSON (Expecting value)"),
    "a JSON array": (
        lambda: b"[]",
        "",
        "not a qualification standard (a JSON array",
    ),
    "a foreign JSON object": (
        lambda: json.dumps({"candidates": []}).encode(),
        "",
        "not a qualification standard (",
    ),
    "non-UTF-8 bytes": (_not_utf8, f"byte {_not_utf8_offset()}", "not UTF-8 text"),
    "hugely nested JSON": (
        lambda: b'{"format": 1, "units": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "",
        "nested too deeply to be a standards file",
    ),
    "empty file": (lambda: b"", "line 1 column 1", "not valid JSON (Expecting value)"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_file_is_refused_with_its_name_the_place_and_the_problem(tmp_path, case):
    make, where, problem = BROKEN[case]
    folder = folder_with_the_five(tmp_path)
    path = folder / "broken.json"
    path.write_bytes(make())

    with pytest.raises(StandardsError) as caught:
        load_qualification_file(path)
    error = caught.value
    assert error.path == path
    assert error.where == where
    assert problem in error.problem
    place = f" at {where}" if where else ""
    assert str(error).startswith(f"broken.json{place}: ")
    assert str(error).endswith(error.problem)


@pytest.mark.parametrize("case", BROKEN)
def test_the_other_files_in_the_folder_still_load(tmp_path, case):
    make, where, problem = BROKEN[case]
    folder = folder_with_the_five(tmp_path)
    (folder / "broken.json").write_bytes(make())

    library = load_library(folder)
    assert set(library.qualifications) == FIVE
    assert len(library.problems) == 1
    refused = library.problems[0]
    assert refused.path.name == "broken.json"
    assert refused.where == where
    assert problem in refused.problem


def test_wrong_type_deep_inside_the_exact_message(tmp_path):
    folder = folder_with_the_five(tmp_path)
    (folder / "broken.json").write_bytes(_wrong_type_deep_inside())
    [refused] = load_library(folder).problems
    assert str(refused) == (
        "broken.json at units[3].elements[0].criteria[2].code: 42 is not of type 'string'"
    )


def test_a_foreign_object_is_called_not_a_qualification_standard(tmp_path):
    path = tmp_path / "caseload.json"
    path.write_text(json.dumps({"candidates": []}), encoding="utf-8")
    shutil.copy(STANDARDS / "schema.json", tmp_path)
    with pytest.raises(StandardsError) as caught:
        load_qualification_file(path)
    message = str(caught.value)
    assert message.startswith("caseload.json: not a qualification standard (")
    assert "'candidates'" in message


def _with_a_repeated_criterion(code: str) -> bytes:
    data = standard("ocr-l3-diploma")
    criteria = data["units"][0]["elements"][2]["criteria"]
    assert criteria[11]["code"] == "F3 3.12"
    criteria[12]["code"] = code
    return json.dumps(data, indent=2).encode()


@pytest.mark.parametrize("code", ["F3 3.12", "f3 3.12", "F33.12"])
def test_a_repeated_criterion_code_is_refused_even_spelled_differently(tmp_path, code):
    folder = folder_with_the_five(tmp_path)
    (folder / "broken.json").write_bytes(_with_a_repeated_criterion(code))
    library = load_library(folder)
    assert set(library.qualifications) == FIVE
    [refused] = library.problems
    assert str(refused).startswith("broken.json at units[0].elements[2].criteria[")
    assert refused.problem.startswith(f"code {code!r} is already used at units[0]")


def test_a_repeated_criterion_code_names_the_place_of_the_repeat(tmp_path):
    path = tmp_path / "broken.json"
    shutil.copy(STANDARDS / "schema.json", tmp_path)
    path.write_bytes(_with_a_repeated_criterion("F3 3.12"))
    with pytest.raises(StandardsError) as caught:
        load_qualification_file(path)
    assert caught.value.where == "units[0].elements[2].criteria[12].code"


def test_a_whole_standard_wrapped_in_an_array_gets_a_short_message(tmp_path):
    path = tmp_path / "wrapped.json"
    shutil.copy(STANDARDS / "schema.json", tmp_path)
    path.write_text(json.dumps([standard("ocr-l3-diploma")]), encoding="utf-8")
    with pytest.raises(StandardsError) as caught:
        load_qualification_file(path)
    assert str(caught.value).startswith("wrapped.json: not a qualification standard")
    assert len(str(caught.value)) < 500


def test_two_files_with_the_same_id_the_later_by_name_is_refused(tmp_path):
    folder = folder_with_the_five(tmp_path)
    data = standard("ocr-l3-nvq")
    data["title"] = "A stale copy"
    (folder / "zz-old-ocr.json").write_text(json.dumps(data), encoding="utf-8")
    library = load_library(folder)
    assert set(library.qualifications) == FIVE
    assert library.get("ocr-l3-nvq").title == "OCR Level 3 NVQ in Customer Service"
    assert [str(p) for p in library.problems] == [
        "zz-old-ocr.json at id: id 'ocr-l3-nvq' is already used"
    ]


def test_the_schema_is_not_taken_for_a_qualification(tmp_path):
    folder = folder_with_the_five(tmp_path)
    library = load_library(folder)
    assert library.problems == []
    assert set(library.qualifications) == FIVE


# --- adding a qualification is adding a file ----------------------------------------------------


def test_a_new_qualification_is_a_new_file(tmp_path):
    folder = folder_with_the_five(tmp_path)
    data = standard("ocr-l3-nvq")
    data["id"] = "centre-l3-nvq"
    data["title"] = "Centre copy of the OCR Level 3 NVQ in Customer Service"
    (folder / "centre-l3-nvq.json").write_text(json.dumps(data, indent=2), encoding="utf-8")

    library = load_library(folder)
    assert library.problems == []
    assert set(library.qualifications) == FIVE | {"centre-l3-nvq"}
    added = library.get("centre-l3-nvq")
    assert added.title == "Centre copy of the OCR Level 3 NVQ in Customer Service"
    assert [u.code for u in added.units] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert check_combination(added, units("1 2 3 4 5 6")).achieved
    assert not check_combination(added, units("1 2 3 4 5")).achieved


def test_a_new_qualification_alone_in_a_folder(tmp_path):
    shutil.copy(STANDARDS / "schema.json", tmp_path)
    data = standard("ocr-l4-diploma")
    data["id"] = "ocr-l4-diploma-2012"
    (tmp_path / "anything.json").write_text(json.dumps(data), encoding="utf-8")
    library = load_library(tmp_path)
    assert library.problems == []
    assert list(library.qualifications) == ["ocr-l4-diploma-2012"]
    assert library.get("ocr-l4-diploma-2012").unit("F5").credits == 10


# --- the qualification-level API ----------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    return load_library(STANDARDS)


@pytest.mark.parametrize(
    ("qualification_id", "typed", "code"),
    [
        ("ocr-l3-diploma", "F3", "F3"),
        ("ocr-l3-diploma", "f3", "F3"),
        ("ocr-l3-diploma", " F 3 ", "F3"),
        ("ocr-l3-diploma", "unit F3", "F3"),
        ("ocr-l3-diploma", "d12", "D12"),
        ("cg-l3-nsvq", "205", "205"),
        ("cg-l3-nsvq", "Unit 301", "301"),
        ("edexcel-l3", "7", "7"),
        ("ocr-l4-diploma", "f5", "F5"),
    ],
)
def test_a_unit_is_found_by_its_code_ignoring_case_and_spaces(
    library, qualification_id, typed, code
):
    assert library.get(qualification_id).unit(typed).code == code


@pytest.mark.parametrize(
    ("qualification_id", "typed"),
    [
        ("ocr-l3-diploma", "F33"),
        ("ocr-l3-diploma", "F"),
        ("ocr-l4-diploma", "A3"),  # a Level 3 diploma unit, not in the Level 4 structure
        ("edexcel-l3", "301"),  # a C&G number
        ("cg-l3-nsvq", "205.1"),  # an element, not a unit
        ("cg-l3-nsvq", ""),
    ],
)
def test_a_code_that_is_not_a_unit_finds_nothing(library, qualification_id, typed):
    assert library.get(qualification_id).unit(typed) is None


def test_items_of_a_fully_given_unit_cg_205(library):
    unit = library.get("cg-l3-nsvq").unit("205")
    items = unit.items
    assert len(items) == 28
    assert Counter(i.kind for i in items) == {"criterion": 13, "knowledge": 7, "range": 8}
    codes = [i.code for i in items]
    assert codes[:2] == ["205.1.1", "205.1.2"]
    assert codes[13:20] == [f"205 K{letter}" for letter in "abcdefg"]
    assert codes[20:] == [
        "205 ER4a",
        "205 ER4b",
        "205 ER4c",
        "205 ER4d",
        "205 ER5a",
        "205 ER5b",
        "205 ER6a",
        "205 ER6b",
    ]
    busy = unit.item("205er4b")
    assert busy.code == "205 ER4b"
    assert busy.text == "during a busy period for your organisation"
    assert (busy.kind, busy.evidence, busy.parent) == ("range", "performance", "205 ER4")
    assert unit.item("205 ka").evidence == "knowledge"
    assert unit.item("205.2.3").parent == "205.2"


def test_guidance_and_headings_are_not_items(library):
    unit = library.get("cg-l3-nsvq").unit("205")
    assert unit.item("205 ER1") is None  # an evidence requirement with no range is guidance
    assert unit.item("205 ER4") is None  # covered through its lettered range items
    assert unit.item("205.1") is None  # an element with criteria is a heading
    assert unit.item("205") is None


def test_items_of_a_unit_with_learning_outcomes_ocr_f3(library):
    unit = library.get("ocr-l3-diploma").unit("F3")
    assert len(unit.items) == 25
    assert {i.kind for i in unit.items} == {"criterion"}
    item = unit.item("f3 3.12")
    assert item.code == "F3 3.12"
    assert item.parent == "F3 LO3"
    assert item.evidence == "knowledge"  # learning outcome 3 is 'Understand ...'
    assert unit.item("F3 1.1").evidence == "performance"
    assert unit.item("F33.12") is item


def test_items_of_an_elements_only_unit_edexcel_7(library):
    unit = library.get("edexcel-l3").unit("7")
    assert [i.code for i in unit.items] == ["7.1", "7.2"]
    assert [i.text for i in unit.items] == [e.title for e in unit.elements]
    assert {i.kind for i in unit.items} == {"criterion"}


def test_items_of_a_whole_unit_ocr_l4_f5(library):
    unit = library.get("ocr-l4-diploma").unit("F5")
    assert unit.assessed_as_whole
    [item] = unit.items
    assert (item.code, item.text, item.kind) == ("F5", unit.title, "criterion")
    assert unit.item("f5") is item


def test_find_item_searches_every_unit(library):
    unit, item = library.get("cg-l3-nsvq").find_item("302 ER7c")
    assert unit.code == "302"
    assert item.code == "302 ER7c"
    assert library.get("cg-l3-nsvq").find_item("999.9.9") is None


def test_mandatory_units(library):
    assert [u.code for u in library.get("ocr-l3-nvq").mandatory_units] == ["1", "2", "3", "4", "5"]
    assert [u.code for u in library.get("ocr-l4-diploma").mandatory_units] == ["F5", "F6"]
    assert [u.code for u in library.get("cg-l3-nsvq").mandatory_units] == ["301", "302"]
