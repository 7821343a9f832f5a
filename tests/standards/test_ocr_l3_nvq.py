"""The OCR Level 3 NVQ in Customer Service (eight-unit structure) against its source tables.

The literal data below is copied from "OCR Level 3 NVQ in Customer Service: NVQ units of
competence": every unit (number, title, group) and every element (code, title).
"""

from collections import Counter

import pytest

from tests.standards.helpers import bare_rules, load_standard, repeated_codes

NAME = "ocr-l3-nvq.json"

# unit number, title, group; the source prints no unit levels, so every unit is Level 3
UNITS = [
    ("1", "Organise, deliver and maintain reliable customer service", "mandatory"),
    ("2", "Improve the customer relationship", "mandatory"),
    ("3", "Work with others to improve customer service", "mandatory"),
    ("4", "Monitor and solve customer service problems", "mandatory"),
    ("5", "Promote continuous improvement", "mandatory"),
    ("6", "Develop your own and others' customer service skills", "optional"),
    ("7", "Organise and promote products or services to customers", "optional"),
    ("8", "Lead the work of teams and individuals to improve customer service", "optional"),
]

ELEMENTS = [
    ("1.1", "Plan and organise the delivery of reliable customer service"),
    ("1.2", "Review and maintain customer service delivery"),
    ("1.3", "Use recording systems to maintain reliable customer service"),
    ("2.1", "Improve communications with your customers"),
    ("2.2", "Balance the needs of your customer and your organisation"),
    ("2.3", "Exceed customer expectations to develop the relationship"),
    ("3.1", "Work with others to follow plans for improving customer service"),
    ("3.2", "Monitor your own performance against plans to improve customer service"),
    ("3.3", "Monitor joint performance against plans to improve customer service"),
    ("4.1", "Solve immediate customer service problems"),
    ("4.2", "Identify repeated customer service problems and options for solving them"),
    ("4.3", "Take action to avoid the repetition of customer service problems"),
    ("5.1", "Plan improvements in customer service based on customer feedback"),
    ("5.2", "Implement changes in customer service"),
    ("5.3", "Review changes that promote continuous improvement"),
    ("6.1", "Develop your own customer service skills"),
    ("6.2", "Plan the coaching of others in customer service"),
    ("6.3", "Coach others in customer service"),
    ("7.1", "Offer additional products or services"),
    ("7.2", "Organise customer support to promote use of additional products or services"),
    ("7.3", "Monitor the promotion of additional products or services"),
    ("8.1", "Plan and organise the work of teams and individuals"),
    ("8.2", "Provide support for team members and individuals"),
    ("8.3", "Review performance of team members and individuals"),
]


DOC = load_standard(NAME)
UNITS_BY_CODE = {u["code"]: u for u in DOC["units"]}
ELEMENTS_BY_CODE = {e["code"]: (u["code"], e) for u in DOC["units"] for e in u["elements"]}


def test_header():
    assert DOC["format"] == 1
    assert DOC["id"] == "ocr-l3-nvq"
    assert DOC["title"] == "OCR Level 3 NVQ in Customer Service"
    assert DOC["awarding_body"] == "OCR"
    assert DOC["level"] == 3
    assert DOC["accreditation_number"] is None
    assert DOC["unit_code_name"] == "OCR unit number"


def test_groups():
    groups = {g["id"]: g for g in DOC["groups"]}
    assert set(groups) == {"mandatory", "optional"}
    assert groups["mandatory"]["mandatory"] is True
    assert groups["optional"]["mandatory"] is False


def test_rules_five_mandatory_plus_one_optional():
    assert bare_rules(DOC) == [
        {"type": "all_units_in_group", "group": "mandatory"},
        {"type": "award_units", "groups": ["optional"], "count": 1},
    ]


@pytest.mark.parametrize(("code", "title", "group"), UNITS, ids=[u[0] for u in UNITS])
def test_unit_row(code, title, group):
    unit = UNITS_BY_CODE.get(code)
    assert unit is not None, f"unit {code} missing"
    assert unit["title"] == title
    assert unit["level"] == 3
    assert unit["group"] == group
    assert unit["refs"] == {"ocr": code}
    assert unit["credits"] is None
    assert unit["glh"] is None
    assert unit["assessed_as_whole"] is False
    assert unit["knowledge"] == []
    assert unit["evidence_requirements"] == []
    assert unit["contexts"]["performance"] == ["real_work"]
    assert unit["contexts"]["knowledge"] == ["real_work"]


def test_no_extra_units():
    codes = [u["code"] for u in DOC["units"]]
    assert Counter(codes) == Counter(code for code, _, _ in UNITS)


@pytest.mark.parametrize(("code", "title"), ELEMENTS, ids=[e[0] for e in ELEMENTS])
def test_element(code, title):
    assert code in ELEMENTS_BY_CODE, f"element {code} missing"
    unit_code, element = ELEMENTS_BY_CODE[code]
    assert unit_code == code.split(".")[0]
    assert element["title"] == title
    assert element["criteria"] == []


def test_no_extra_elements():
    codes = [e["code"] for u in DOC["units"] for e in u["elements"]]
    assert Counter(codes) == Counter(code for code, _ in ELEMENTS)


def test_codes_unique():
    assert repeated_codes(DOC) == []
