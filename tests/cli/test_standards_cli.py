"""`logbook standards list | show | check`, run as a user runs them: the real command line in a
child process, on the real standards (or, where said, a folder of standards in tmp_path).

Exit codes: 0 done / achieved, 1 a set of units that does not achieve, 2 bad input.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STANDARDS = REPO / "standards"
FIVE = ["cg-l3-nsvq", "edexcel-l3", "ocr-l3-diploma", "ocr-l3-nvq", "ocr-l4-diploma"]


def units(text: str) -> list[str]:
    """Unit codes as an assessor types them, apart by spaces."""
    return text.split()


@pytest.fixture(autouse=True)
def _real_standards(monkeypatch):
    monkeypatch.delenv("LOGBOOK_STANDARDS_DIR", raising=False)


def standard(qualification_id: str) -> dict:
    return json.loads((STANDARDS / f"{qualification_id}.json").read_text(encoding="utf-8"))


# --- list ---------------------------------------------------------------------------------------


def test_list_json_is_an_array_of_every_qualification(cli):
    result = cli("standards", "list", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    assert [row["id"] for row in rows] == FIVE
    by_id = {row["id"]: row for row in rows}
    assert by_id["cg-l3-nsvq"]["title"] == "City & Guilds Level 3 N/SVQ in Customer Service"
    assert by_id["cg-l3-nsvq"]["awarding_body"] == "City & Guilds"
    assert by_id["ocr-l4-diploma"]["level"] == 4
    assert by_id["ocr-l4-diploma"]["awarding_body"] == "OCR"
    for row in rows:
        assert {"id", "title", "awarding_body", "level"} <= set(row)
        assert isinstance(row["level"], int)


def test_list_text_names_every_qualification_once(cli):
    result = cli("standards", "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == FIVE
    assert "Edexcel Level 3 NVQ in Customer Service" in lines[1]
    assert "(59 units)" in lines[2]
    assert "OCR Level 3 NVQ in Customer Service" in lines[3]


def test_list_shows_a_new_file_and_reports_a_broken_one(cli, tmp_path):
    shutil.copy(STANDARDS / "schema.json", tmp_path)
    data = standard("ocr-l3-nvq")
    data["id"] = "centre-l3"
    data["title"] = "Centre Level 3 NVQ"
    (tmp_path / "centre-l3.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"candidates": []}', encoding="utf-8")

    result = cli("standards", "list", "--json", env={"LOGBOOK_STANDARDS_DIR": str(tmp_path)})
    assert result.returncode == 0
    assert [row["id"] for row in json.loads(result.stdout)] == ["centre-l3"]
    assert "standards file refused: broken.json: not a qualification standard" in result.stderr

    check = cli(
        "standards",
        "check",
        "centre-l3",
        *units("1 2 3 4 5 6"),
        env={"LOGBOOK_STANDARDS_DIR": str(tmp_path)},
    )
    assert check.returncode == 0
    assert check.stdout == "Achieves Centre Level 3 NVQ.\n"


# --- show ---------------------------------------------------------------------------------------


def test_show_a_qualification_lists_its_units_by_theme(cli):
    result = cli("standards", "show", "cg-l3-nsvq")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("City & Guilds Level 3 N/SVQ in Customer Service\nCity & Guilds, Level 3")
    headings = [line for line in out.splitlines() if line.startswith("The theme")]
    assert headings == [
        "The theme Foundations (mandatory)",
        "The theme Impression and image (optional)",
        "The theme Delivery (optional)",
        "The theme Handling problems (optional)",
        "The theme Development and improvement (optional)",
    ]
    # each unit sits under its theme, with its level
    sections = out.split("\n\n")
    problems = next(s for s in sections if s.startswith("The theme Handling problems"))
    assert [line.split()[0] for line in problems.splitlines()[1:]] == ["308", "309", "310"]
    impression = next(s for s in sections if s.startswith("The theme Impression"))
    assert "205   L2  Make customer service personal" in impression


def test_show_a_credit_qualification_gives_groups_and_credits(cli):
    result = cli("standards", "show", "ocr-l4-diploma")
    assert result.returncode == 0, result.stderr
    assert "OCR, Level 4, 500/9203/0" in result.stdout
    assert "Group A (Mandatory units) (mandatory)" in result.stdout
    assert "Group D (Handling problems) (optional)" in result.stdout
    assert "D15   L4  Plan and organise the development of customer service" in result.stdout


def test_show_a_unit_gives_criteria_knowledge_and_evidence_requirements(cli):
    result = cli("standards", "show", "cg-l3-nsvq", "205")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    lines = out.splitlines()
    assert lines[0] == "City & Guilds Level 3 N/SVQ in Customer Service: unit 205"
    assert lines[1] == "Make customer service personal"
    assert lines[2].startswith("Level 2, the theme Impression and image")
    assert "Performance evidence from: real work, a realistic working environment" in out
    assert "205.1 Identify opportunities for making customer service personal" in out
    assert "  205.2.4  use your customer’s name where it is known and appropriate" in lines
    assert "Knowledge and understanding" in lines
    assert any(line.startswith("  205 Kg  your own preferences") for line in lines)
    assert "Evidence requirements" in lines
    assert any(line.startswith("  205 ER1  Your evidence should be collected") for line in lines)
    # range items are shown under their requirement, further in
    er4 = lines.index("  205 ER4  You must provide evidence of making customer service personal:")
    assert lines[er4 + 1 : er4 + 5] == [
        "    205 ER4a  during routine delivery of customer service",
        "    205 ER4b  during a busy period for your organisation",
        "    205 ER4c  during a quiet period for your organisation",
        "    205 ER4d  when people, systems or resources have let you down",
    ]


@pytest.mark.parametrize(
    ("qualification_id", "unit"), [("edexcel-l3", "23"), ("ocr-l3-diploma", "F4")]
)
def test_show_a_unit_keeps_a_long_element_title_together(cli, qualification_id, unit):
    """A title too long for one line wraps under itself, not after a blank line, where its end
    would read as a separate line of the unit."""
    result = cli("standards", "show", qualification_id, unit)
    assert result.returncode == 0, result.stderr
    body = result.stdout.split("\n\n")[1:]
    codes = [e["code"] for e in _elements(qualification_id, unit)]
    titles = [e["title"] for e in _elements(qualification_id, unit)]
    paragraphs = [p for p in body if not p.startswith(("Knowledge", "Evidence"))]
    assert [p.split("\n")[0].split(" ")[0] for p in paragraphs] == [c.split(" ")[0] for c in codes]
    for paragraph, code, title in zip(paragraphs, codes, titles, strict=True):
        assert " ".join(paragraph.split()).startswith(f"{code} {title}")


def _elements(qualification_id: str, unit: str) -> list[dict]:
    data = standard(qualification_id)
    return next(u for u in data["units"] if u["code"] == unit)["elements"]


def test_show_a_unit_as_json(cli):
    result = cli("standards", "show", "ocr-l3-diploma", "F3", "--json")
    assert result.returncode == 0, result.stderr
    unit = json.loads(result.stdout)
    assert unit["code"] == "F3"
    assert unit["title"] == "Demonstrate understanding of customer service"
    assert (unit["level"], unit["credits"], unit["group"]) == (3, 6, "A")
    assert unit["assessed_as_whole"] is False
    assert unit["refs"]["uan"] == "K/601/1622"
    assert len(unit["items"]) == 25
    by_code = {item["code"]: item for item in unit["items"]}
    assert by_code["F3 3.12"]["parent"] == "F3 LO3"
    assert by_code["F3 3.12"]["kind"] == "criterion"
    assert by_code["F3 1.1"]["text"].startswith("Communicate to customers")


def test_show_finds_a_unit_however_it_is_typed(cli):
    typed = cli("standards", "show", "OCR-L3-Diploma", "f3", "--json")
    assert typed.returncode == 0, typed.stderr
    assert json.loads(typed.stdout)["code"] == "F3"


def test_show_an_unknown_unit_is_bad_input(cli):
    result = cli("standards", "show", "edexcel-l3", "205")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        "logbook: Edexcel Level 3 NVQ in Customer Service has no unit '205'; its units are: 7, 8,"
    )


# --- check --------------------------------------------------------------------------------------


def test_check_an_achieving_set(cli):
    result = cli("standards", "check", "edexcel-l3", *units("7 8 13 14 22 18 32 39"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Achieves Edexcel Level 3 NVQ in Customer Service.\n"


def test_check_a_failing_set_lists_every_unmet_rule(cli):
    result = cli("standards", "check", "edexcel-l3", *units("7 13 14 15 22 18 39"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "Does not yet achieve Edexcel Level 3 NVQ in Customer Service:",
        "  - needs the mandatory unit 8 (Know the rules to follow when developing customer "
        "service)",
        "  - needs 1 more unit from the theme Handling problems",
        "  - has 4 Level 2 units (13, 14, 15, 22), at most 3 may be imported",
    ]


def test_check_a_credit_qualification(cli):
    achieving = cli("standards", "check", "ocr-l4-diploma", *units("F5 F6 A17 B13 C8 D14 D17"))
    assert achieving.returncode == 0, achieving.stderr
    failing = cli("standards", "check", "ocr-l4-diploma", *units("F5 F6 A13 B9 C5 D15 D12 C6"))
    assert failing.returncode == 1
    assert failing.stdout.splitlines()[1:] == [
        "  - has 9 credits at Level 4 from the optional groups, at least 15 needed (read as "
        "credits from optional units at exactly Level 4: credits from Level 3 units do not count "
        "towards these 15)"
    ]


def test_check_json(cli):
    achieving = cli("standards", "check", "ocr-l3-nvq", *units("1 2 3 4 5 6"), "--json")
    assert achieving.returncode == 0, achieving.stderr
    answer = json.loads(achieving.stdout)
    assert answer["achieved"] is True
    assert answer["unmet"] == []
    assert answer["units"] == ["1", "2", "3", "4", "5", "6"]

    failing = cli("standards", "check", "ocr-l3-nvq", "1", "2", "3", "4", "5", "--json")
    assert failing.returncode == 1
    answer = json.loads(failing.stdout)
    assert answer["achieved"] is False
    assert answer["unmet"] == ["needs 1 more unit from Optional units (has 0, the award counts 1)"]


def test_check_an_unknown_unit_is_bad_input(cli):
    result = cli("standards", "check", "ocr-l3-nvq", "1", "2", "3", "4", "5", "9")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "logbook: OCR Level 3 NVQ in Customer Service has no unit '9'; "
        "its units are: 1, 2, 3, 4, 5, 6, 7, 8\n"
    )


def test_check_an_unknown_unit_with_json_answers_in_json(cli):
    result = cli("standards", "check", "ocr-l4-diploma", "F5", "A3", "--json")
    assert result.returncode == 2
    assert "has no unit 'A3'; its units are: F5, F6, A13," in result.stderr
    answer = json.loads(result.stdout)
    assert answer["exit"] == 2
    assert answer["unknown"] == ["A3"]
    assert "has no unit 'A3'; its units are: F5, F6, A13," in answer["error"]


def test_check_an_unknown_qualification_is_bad_input(cli):
    result = cli("standards", "check", "cg-l2", "201")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "logbook: no qualification 'cg-l2'; the qualifications are: " + ", ".join(FIVE) + "\n"
    )


def test_check_needs_at_least_one_unit(cli):
    result = cli("standards", "check", "ocr-l3-nvq")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "UNIT" in result.stderr
