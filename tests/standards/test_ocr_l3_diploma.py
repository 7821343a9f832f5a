"""OCR Level 3 NVQ Diploma in Customer Service (03456): the data file against its source.

The tables below are copied from the OCR student guide (unit table for Groups A to E, and the
learning outcomes and assessment criteria of F3 and F4) as printed there.
"""

import json

import jsonschema
import pytest

from tests.standards.helpers import STANDARDS, bare_rules, load_standard, repeated_codes

NAME = "ocr-l3-diploma.json"

# (unit no, UAN, unit title, credit value, level, group), as the guide's table prints them.
TABLE = [
    # Group A
    ("F3", "K/601/1622", "Demonstrate understanding of customer service", 6, 3, "A"),
    (
        "F4",
        "J/601/1627",
        "Demonstrate understanding of the rules that impact on improvements in customer service",
        6,
        3,
        "A",
    ),
    # Group B
    ("A3", "R/601/1212", "Communicate effectively with customers", 5, 2, "B"),
    (
        "A4",
        "L/601/0933",
        "Give customers a positive impression of yourself and your organisation",
        5,
        2,
        "B",
    ),
    ("A5", "D/601/0936", "Promote additional services or products to customers", 6, 2, "B"),
    ("A6", "H/601/1215", "Process information about customers", 5, 2, "B"),
    ("A7", "M/601/1217", "Live up to the customer service promise", 6, 2, "B"),
    ("A8", "T/601/1218", "Make customer service personal", 6, 2, "B"),
    ("A9", "M/601/1220", "Go the extra mile in customer service", 6, 2, "B"),
    ("A10", "T/601/1221", "Deal with customers face to face", 5, 2, "B"),
    ("A11", "F/601/1223", "Deal with incoming telephone calls from customers", 5, 2, "B"),
    ("A12", "J/601/1224", "Make telephone calls to customers", 6, 2, "B"),
    ("A13", "R/601/1226", "Deal with customers in writing or electronically", 6, 3, "B"),
    ("A14", "D/601/1228", "Use customer service as a competitive tool", 8, 3, "B"),
    (
        "A15",
        "D/601/1231",
        "Organise the promotion of additional services or products to customers",
        7,
        3,
        "B",
    ),
    ("A16", "K/601/1233", "Build a customer service knowledge set", 7, 3, "B"),
    ("A17", "T/601/1235", "Champion customer service", 10, 4, "B"),
    (
        "A18",
        "F/601/1237",
        "Make customer service environmentally friendly and sustainable",
        11,
        4,
        "B",
    ),
    # Group C
    ("B2", "J/601/1210", "Deliver reliable customer service", 5, 2, "C"),
    ("B3", "Y/601/1213", "Deliver customer service on your customer's premises", 5, 2, "C"),
    ("B4", "K/601/1216", "Recognise diversity when delivering customer service", 5, 2, "C"),
    ("B5", "A/601/1219", "Deal with customers across a language divide", 8, 2, "C"),
    ("B6", "A/601/1222", "Use questioning techniques when delivering customer service", 4, 2, "C"),
    ("B7", "L/601/1225", "Deal with customers using bespoke software", 5, 2, "C"),
    ("B8", "Y/601/1227", "Maintain customer service through effective handover", 4, 2, "C"),
    ("B9", "H/601/1229", "Deliver customer service using service partnerships", 6, 3, "C"),
    ("B10", "Y/601/1230", "Organise the delivery of reliable customer service", 6, 3, "C"),
    ("B11", "H/601/1232", "Improve the customer relationship", 7, 3, "C"),
    (
        "B12",
        "M/601/1234",
        "Maintain and develop a healthy and safe customer service environment",
        8,
        4,
        "C",
    ),
    ("B13", "A/601/1236", "Plan, organise and control customer service operations", 10, 4, "C"),
    ("B14", "J/601/1238", "Review the quality of customer service", 8, 4, "C"),
    ("B15", "L/601/1239", "Build and maintain effective customer relations", 8, 4, "C"),
    ("B16", "F/601/1240", "Deliver seamless customer service with a team", 8, 4, "C"),
    # Group D
    ("C3", "M/601/1511", "Resolve customer service problems", 6, 2, "D"),
    ("C4", "T/601/1512", "Deliver customer service to difficult customers", 6, 2, "D"),
    ("C5", "J/601/1515", "Monitor and solve customer service problems", 6, 3, "D"),
    ("C6", "D/601/1519", "Apply risk assessment to customer service", 10, 3, "D"),
    ("C7", "D/601/1522", "Process customer service complaints", 6, 3, "D"),
    ("C8", "K/601/1524", "Handle referred customer complaints", 10, 4, "D"),
    # Group E
    ("D1", "T/601/1526", "Develop customer relationships", 6, 2, "E"),
    ("D2", "A/601/1530", "Support customer service improvements", 5, 2, "E"),
    (
        "D3",
        "R/601/1534",
        "Develop personal performance through delivering customer service",
        6,
        2,
        "E",
    ),
    ("D4", "H/601/1540", "Support customers using on-line customer services", 5, 2, "E"),
    ("D5", "M/601/1542", "Buddy a colleague to develop their customer service skills", 5, 2, "E"),
    ("D6", "R/601/1548", "Develop your own customer service skills through self-study", 6, 2, "E"),
    ("D7", "Y/601/1549", "Support customers using self-service technology", 5, 2, "E"),
    ("D8", "D/601/1553", "Work with others to improve customer service", 8, 3, "E"),
    ("D9", "H/601/1554", "Promote continuous improvement", 7, 3, "E"),
    ("D10", "K/601/1555", "Develop your own and others' customer service skills", 8, 3, "E"),
    ("D11", "H/601/1568", "Lead a team to improve customer service", 7, 3, "E"),
    ("D12", "H/601/1571", "Gather, analyse and interpret customer feedback", 10, 3, "E"),
    ("D13", "T/601/1574", "Monitor the quality of customer service transactions", 7, 3, "E"),
    ("D14", "L/601/1578", "Implement quality improvements to customer service", 10, 4, "E"),
    ("D15", "L/601/1581", "Plan and organise the development of customer service staff", 9, 4, "E"),
    (
        "D16",
        "M/601/1587",
        "Develop a customer service strategy for a part of an organisation",
        11,
        4,
        "E",
    ),
    ("D17", "A/601/1592", "Manage a customer service award programme", 7, 4, "E"),
    (
        "D18",
        "Y/601/1597",
        "Apply technology to other resources to improve customer service",
        11,
        4,
        "E",
    ),
    ("D19", "R/601/1601", "Review and re-engineer customer service processes", 11, 4, "E"),
    ("D20", "K/601/1605", "Manage customer service performance", 7, 4, "E"),
]

# Where the printed table is corrected: the guide prints D18 as "Apply technology to other
# resources ..."; OCR's Level 4 structure prints the same unit (Y/601/1597) with "or".
CLEANED_TITLES = {"D18": "Apply technology or other resources to improve customer service"}

GROUPS = [
    ("A", "Mandatory units", True),
    ("B", "Impression and image", False),
    ("C", "Delivery", False),
    ("D", "Handling problems", False),
    ("E", "Development and improvement", False),
]

OUTCOMES = {
    "F3": [
        ("F3 LO1", "Follow your organisation's accepted customer service language", 3),
        ("F3 LO2", "Apply customer service principles in your customer service role", 3),
        ("F3 LO3", "Understand principles of customer service", 19),
    ],
    "F4": [
        (
            "F4 LO1",
            "Demonstrate an understanding of the organisational rules and procedures that "
            "impact on customer service improvements",
            3,
        ),
        (
            "F4 LO2",
            "Demonstrate an understanding of the legislation and external regulation that "
            "impact on customer service improvements",
            3,
        ),
        ("F4 LO3", "Understand the rules that impact on improvements in customer service", 11),
    ],
}

SPOT_CHECKS = [
    (
        "F3 1.1",
        "Communicate to customers my organisation's service offer, how it balances "
        "organisational and customer needs and how it meets customer expectations",
    ),
    (
        "F3 2.3",
        "Discuss with colleagues how our organisation's ethical and value base fits with "
        "organisational needs and customer expectations",
    ),
    ("F3 3.1", "Describe how my organisation's service offer meets customer expectations"),
    ("F3 3.12", "Describe the importance of continuous improvement within customer service"),
    (
        "F3 3.19",
        "Explain how my behaviour when improving customer service delivery affects the success "
        "of any changes to customer expectations and needs",
    ),
    (
        "F4 1.3",
        "Agree with colleagues or service partners the actions needed to meet organisational "
        "requirements when implementing proposed customer service improvements",
    ),
    (
        "F4 2.1",
        "Identify relevant customer related legislation and external legislation that may "
        "affect the implementation of customer service improvements",
    ),
    ("F4 3.6", "Explain relevant legislation and external regulation relating to data protection"),
    (
        "F4 3.11",
        "Explain legislation and external regulation that affect customer service in my "
        "industry in particular",
    ),
]

RULES = [
    {"type": "all_units_in_group", "group": "A"},
    {"type": "min_credits", "groups": ["A"], "min": 12},
    {"type": "min_credits", "groups": ["B", "C", "D", "E"], "min": 30},
    {"type": "min_units_each_group", "groups": ["B", "C", "D", "E"], "min": 1},
    {"type": "min_credits_at_level", "groups": ["B", "C", "D", "E"], "level": 3, "min": 10},
    {"type": "min_credits", "min": 42},
]


DATA = load_standard(NAME)
UNITS = {u["code"]: u for u in DATA["units"]}


def criteria(unit_code):
    return {c["code"]: c for e in UNITS[unit_code]["elements"] for c in e["criteria"]}


def test_file_follows_the_schema():
    schema = json.loads((STANDARDS / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(DATA)


def test_header():
    assert DATA["id"] == "ocr-l3-diploma"
    assert DATA["title"] == "OCR Level 3 NVQ Diploma in Customer Service"
    assert DATA["awarding_body"] == "OCR"
    assert DATA["level"] == 3
    assert DATA["accreditation_number"] is None
    assert any("03456" in note for note in DATA["source"]["notes"])
    assert DATA["unit_code_name"] == "OCR unit number"


def test_groups():
    got = [(g["id"], g["title"], g["mandatory"]) for g in DATA["groups"]]
    assert got == GROUPS
    assert all(g["noun"] == "group" and g["label"] == f"Group {g['id']}" for g in DATA["groups"])


@pytest.mark.parametrize(("code", "uan", "title", "credits", "level", "group"), TABLE)
def test_unit_matches_table_row(code, uan, title, credits, level, group):
    unit = UNITS[code]
    assert unit["refs"] == {"uan": uan, "ocr": code}
    assert unit["title"] == CLEANED_TITLES.get(code, title)
    assert unit["credits"] == credits
    assert unit["level"] == level
    assert unit["group"] == group
    assert unit["glh"] is None


def test_no_unit_beyond_the_table():
    assert [u["code"] for u in DATA["units"]] == [row[0] for row in TABLE]


def test_d18_title_cleaned():
    assert (
        UNITS["D18"]["title"] == "Apply technology or other resources to improve customer service"
    )


@pytest.mark.parametrize(
    ("group", "units", "credits"),
    [("A", 2, 12), ("B", 16, 104), ("C", 15, 97), ("D", 6, 44), ("E", 20, 151)],
)
def test_group_totals(group, units, credits):
    members = [u for u in DATA["units"] if u["group"] == group]
    assert len(members) == units
    assert sum(u["credits"] for u in members) == credits


def test_no_code_repeats():
    assert repeated_codes(DATA) == []


@pytest.mark.parametrize("unit_code", sorted(OUTCOMES))
def test_outcomes(unit_code):
    unit = UNITS[unit_code]
    assert unit["assessed_as_whole"] is False
    assert unit["knowledge"] == []
    assert unit["evidence_requirements"] == []
    got = [(e["code"], e["title"], len(e["criteria"])) for e in unit["elements"]]
    assert got == OUTCOMES[unit_code]
    for n, element in enumerate(unit["elements"], start=1):
        expected = [f"{unit_code} {n}.{i}" for i in range(1, len(element["criteria"]) + 1)]
        assert [c["code"] for c in element["criteria"]] == expected
        kind = "knowledge" if n == 3 else "performance"
        assert element.get("kind", "performance") == kind
        assert all(c.get("kind", "performance") == kind for c in element["criteria"])
        assert all(not c["text"].endswith(".") for c in element["criteria"])


@pytest.mark.parametrize(("code", "text"), SPOT_CHECKS)
def test_criterion_text(code, text):
    assert criteria(code.split()[0])[code]["text"] == text


@pytest.mark.parametrize("code", [row[0] for row in TABLE if row[0] not in OUTCOMES])
def test_title_only_units_are_assessed_as_whole(code):
    unit = UNITS[code]
    assert unit["assessed_as_whole"] is True
    assert unit["elements"] == []
    assert unit["knowledge"] == []
    assert unit["evidence_requirements"] == []


def test_contexts_are_real_work_and_simulation_with_a_reason():
    # "Examples of where simulation may be used include: ..."
    for unit in DATA["units"]:
        assert unit["contexts"]["performance"] == ["real_work", "simulation"]
        assert unit["contexts"]["knowledge"] == ["real_work", "simulation"]
        assert "Simulation" in unit["contexts"]["basis"]
    assert [r["id"] for r in DATA["simulation"]["reasons"]] == [
        "infrequent_critical_event",
        "risk_of_harm",
        "supplementary",
    ]


def test_rules():
    assert bare_rules(DATA) == RULES
