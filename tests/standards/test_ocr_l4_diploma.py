"""OCR Level 4 NVQ Diploma in Customer Service (500/9203/0): the data file against its source.

The table below is copied from the qualification structure (section 6.1) as printed there.
"""

import json

import jsonschema
import pytest

from tests.standards.helpers import STANDARDS, bare_rules, load_standard, repeated_codes

NAME = "ocr-l4-diploma.json"

# (unit no, UAN, unit title, credit value, level, group, GLH), as the structure table prints them.
TABLE = [
    # Group A
    (
        "F5",
        "J/601/1630",
        "Demonstrate understanding of customer service management",
        10,
        4,
        "A",
        65,
    ),
    (
        "F6",
        "D/601/1634",
        "Follow organisational rules, legislation and external regulations when managing "
        "customer service",
        10,
        4,
        "A",
        65,
    ),
    # Group B
    ("A13", "R/601/1226", "Deal with customers in writing or electronically", 6, 3, "B", 40),
    ("A14", "D/601/1228", "Use customer service as a competitive tool", 8, 3, "B", 53),
    (
        "A15",
        "D/601/1231",
        "Organise the promotion of additional services or products to customers",
        7,
        3,
        "B",
        47,
    ),
    ("A16", "K/601/1233", "Build a customer service knowledge set", 7, 3, "B", 47),
    ("A17", "T/601/1235", "Champion customer service", 10, 4, "B", 67),
    (
        "A18",
        "F/601/1237",
        "Make customer service environmentally friendly and sustainable",
        11,
        4,
        "B",
        73,
    ),
    # Group C
    ("B9", "H/601/1229", "Deliver customer service using service partnerships", 6, 3, "C", 40),
    ("B10", "Y/601/1230", "Organise the delivery of reliable customer service", 6, 3, "C", 40),
    ("B11", "H/601/1232", "Improve the customer relationship", 7, 3, "C", 47),
    (
        "B12",
        "M/601/1234",
        "Maintain and develop a healthy and safe customer service environment",
        8,
        4,
        "C",
        53,
    ),
    ("B13", "A/601/1236", "Plan, organise and control customer service operations", 10, 4, "C", 67),
    ("B14", "J/601/1238", "Review the quality of customer service", 8, 4, "C", 53),
    ("B15", "L/601/1239", "Build and maintain effective customer relations", 8, 4, "C", 53),
    ("B16", "F/601/1240", "Deliver seamless customer service with a team", 8, 4, "C", 53),
    # Group D
    ("C5", "J/601/1515", "Monitor and solve customer service problems", 6, 3, "D", 40),
    ("C6", "D/601/1519", "Apply risk assessment to customer service", 10, 3, "D", 67),
    ("C7", "D/601/1522", "Process customer service complaints", 6, 3, "D", 40),
    ("C8", "K/601/1524", "Handle referred customer complaints", 10, 4, "D", 67),
    # Group E
    ("D8", "D/601/1553", "Work with others to improve customer service", 8, 3, "E", 53),
    ("D9", "H/601/1554", "Promote continuous improvement", 7, 3, "E", 47),
    ("D10", "K/601/1555", "Develop your own and others' customer service skills", 8, 3, "E", 53),
    ("D11", "H/601/1568", "Lead a team to improve customer service", 7, 3, "E", 47),
    ("D12", "H/601/1571", "Gather, analyse and interpret customer feedback", 10, 3, "E", 67),
    ("D13", "T/601/1574", "Monitor the quality of customer service transactions", 7, 3, "E", 47),
    ("D14", "L/601/1578", "Implement quality improvements to customer service", 10, 4, "E", 67),
    (
        "D15",
        "L/601/1581",
        "Plan and organise the development of customer service staff",
        9,
        4,
        "E",
        60,
    ),
    (
        "D16",
        "M/601/1587",
        "Develop a customer service strategy for a part of an organisation",
        11,
        4,
        "E",
        73,
    ),
    ("D17", "A/601/1592", "Manage a customer service award programme", 7, 4, "E", 47),
    (
        "D18",
        "Y/601/1597",
        "Apply technology or other resources to improve customer service",
        11,
        4,
        "E",
        73,
    ),
    ("D19", "R/601/1601", "Review and re-engineer customer service processes", 11, 4, "E", 73),
    ("D20", "K/601/1605", "Manage customer service performance", 7, 4, "E", 47),
]

GROUPS = [
    ("A", "Mandatory units", True),
    ("B", "Impression and image", False),
    ("C", "Delivery", False),
    ("D", "Handling problems", False),
    ("E", "Development and improvement", False),
]

RULES = [
    {"type": "all_units_in_group", "group": "A"},
    {"type": "min_credits", "groups": ["A"], "min": 20},
    {"type": "min_credits", "groups": ["B", "C", "D", "E"], "min": 47},
    {"type": "min_units_each_group", "groups": ["B", "C", "D", "E"], "min": 1},
    {"type": "min_credits_at_level", "groups": ["B", "C", "D", "E"], "level": 4, "min": 15},
    {"type": "min_credits", "min": 67},
]


DATA = load_standard(NAME)
UNITS = {u["code"]: u for u in DATA["units"]}


def test_file_follows_the_schema():
    schema = json.loads((STANDARDS / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(DATA)


def test_header():
    assert DATA["id"] == "ocr-l4-diploma"
    assert DATA["title"] == "OCR Level 4 NVQ Diploma in Customer Service"
    assert DATA["awarding_body"] == "OCR"
    assert DATA["level"] == 4
    assert DATA["accreditation_number"] == "500/9203/0"
    assert DATA["unit_code_name"] == "OCR unit number"


def test_groups():
    got = [(g["id"], g["title"], g["mandatory"]) for g in DATA["groups"]]
    assert got == GROUPS
    assert all(g["noun"] == "group" and g["label"] == f"Group {g['id']}" for g in DATA["groups"])


@pytest.mark.parametrize(("code", "uan", "title", "credits", "level", "group", "glh"), TABLE)
def test_unit_matches_table_row(code, uan, title, credits, level, group, glh):
    unit = UNITS[code]
    assert unit["refs"] == {"uan": uan, "ocr": code}
    assert unit["title"] == title
    assert unit["credits"] == credits
    assert unit["level"] == level
    assert unit["group"] == group
    assert unit["glh"] == glh


def test_no_unit_beyond_the_table():
    assert [u["code"] for u in DATA["units"]] == [row[0] for row in TABLE]


def test_no_code_repeats():
    assert repeated_codes(DATA) == []


@pytest.mark.parametrize(
    ("group", "units", "credits"),
    [("A", 2, 20), ("B", 6, 49), ("C", 8, 61), ("D", 4, 32), ("E", 13, 113)],
)
def test_group_totals(group, units, credits):
    members = [u for u in DATA["units"] if u["group"] == group]
    assert len(members) == units
    assert sum(u["credits"] for u in members) == credits


@pytest.mark.parametrize("code", [row[0] for row in TABLE])
def test_units_are_assessed_as_whole(code):
    unit = UNITS[code]
    assert unit["assessed_as_whole"] is True
    assert unit["elements"] == []
    assert unit["knowledge"] == []
    assert unit["evidence_requirements"] == []
    assert unit["contexts"]["performance"] == ["real_work"]
    assert unit["contexts"]["knowledge"] == ["real_work"]


def test_rules():
    assert bare_rules(DATA) == RULES
