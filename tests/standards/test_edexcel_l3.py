"""The Edexcel Level 3 NVQ in Customer Service against its source tables.

The literal data below is copied from "Edexcel Level 3 NVQ in Customer Service: logbook for
candidates (Issue 2, September 2006)": every unit row (level, number, title, theme) and every
element (code, title).
"""

from collections import Counter

import pytest

from tests.standards.helpers import bare_rules, load_standard, repeated_codes

NAME = "edexcel-l3.json"

OPTION_THEMES = ["impression", "delivery", "problems", "development"]

# level, unit number, title, theme (units 41-43 follow the Development and improvement heading)
UNITS = [
    (3, "7", "Understand customer service to improve service delivery", "foundations"),
    (3, "8", "Know the rules to follow when developing customer service", "foundations"),
    (2, "13", "Make customer service personal", "impression"),
    (2, "14", "Go the extra mile in customer service", "impression"),
    (2, "15", "Deal with customers in writing or using ICT", "impression"),
    (3, "18", "Use customer service as a competitive tool", "impression"),
    (3, "19", "Organise the promotion of services or products to customers", "impression"),
    (2, "22", "Deliver customer service on your customer's premises", "delivery"),
    (2, "23", "Recognise diversity when delivering customer service", "delivery"),
    (3, "24", "Deliver customer service using service partnerships", "delivery"),
    (3, "25", "Organise the delivery of reliable customer service", "delivery"),
    (3, "26", "Improve the customer relationship", "delivery"),
    (3, "32", "Monitor and solve customer service problems", "problems"),
    (3, "33", "Apply risk assessment to customer service", "problems"),
    (3, "34", "Process customer service complaints", "problems"),
    (3, "39", "Work with others to improve customer service", "development"),
    (3, "40", "Promote continuous improvement in customer service", "development"),
    (3, "41", "Develop your own and others' customer service skills", "development"),
    (3, "42", "Lead a team to improve customer service", "development"),
    (3, "43", "Gather, analyse and interpret customer feedback", "development"),
]

ELEMENTS = [
    ("7.1", "Use accepted customer service language and apply its principles"),
    (
        "7.2",
        "Place customer service principles in context for your professional customer service role",
    ),
    ("8.1", "Develop customer service following organisational rules and procedures"),
    ("8.2", "Develop customer service following external regulation and legislation"),
    ("13.1", "Identify opportunities for making customer service personal"),
    ("13.2", "Treat your customer as an individual"),
    ("14.1", "Distinguish between routine service standards and going the extra mile"),
    ("14.2", "Check that your extra mile ideas are feasible"),
    ("14.3", "Go the extra mile"),
    ("15.1", "Use written or ICT communication effectively"),
    ("15.2", "Plan and send an effective written or ICT communication"),
    ("15.3", "Handle incoming written or ICT communications effectively"),
    ("18.1", "Organise customer service to gain a competitive advantage"),
    ("18.2", "Deliver a competitive service"),
    ("19.1", "Offer additional services or products"),
    ("19.2", "Organise support to promote use of additional services or products"),
    ("19.3", "Monitor the promotion of additional services or products"),
    ("22.1", "Establish a rapport with your customer"),
    ("22.2", "Balance customer service with your own skills and expertise"),
    ("23.1", "Use reasonable assumptions about your customer whilst avoiding stereotyping"),
    (
        "23.2",
        "Adapt customer service to recognise the different needs and expectations of "
        "diverse groups of customers",
    ),
    ("24.1", "Work effectively within a customer service chain"),
    ("24.2", "Build and nurture positive relationships in a customer service chain"),
    ("25.1", "Plan and organise the delivery of reliable customer service"),
    ("25.2", "Review and maintain customer service delivery"),
    ("25.3", "Use recording systems to maintain reliable customer service"),
    ("26.1", "Improve communication with your customers"),
    ("26.2", "Balance the needs of your customer and your organisation"),
    ("26.3", "Exceed customer expectations to develop the relationship"),
    ("32.1", "Solve immediate customer service problems"),
    ("32.2", "Identify repeated customer service problems and options for solving them"),
    ("32.3", "Take action to avoid the repetition of customer service problems"),
    ("33.1", "Analyse customer service processes for risk"),
    ("33.2", "Assess customer service risks and take appropriate actions"),
    ("34.1", "Recognise the signs that a query or problem is about to produce a complaint"),
    ("34.2", "Deal with a complaint effectively"),
    ("39.1", "Improve customer service by working with others"),
    ("39.2", "Monitor your own performance when improving customer service"),
    ("39.3", "Monitor joint performance when improving customer service"),
    ("40.1", "Plan improvements in customer service based on customer feedback"),
    ("40.2", "Implement changes in customer service"),
    ("40.3", "Review changes to promote continuous improvement"),
    ("41.1", "Develop your own customer service skills"),
    ("41.2", "Plan the coaching of others in customer service"),
    ("41.3", "Coach others in customer service"),
    ("42.1", "Plan and organise the work of a team"),
    ("42.2", "Provide support for team members"),
    ("42.3", "Review performance of team members"),
    ("43.1", "Plan to gather customer feedback"),
    ("43.2", "Gather customer feedback"),
    ("43.3", "Analyse and interpret customer feedback"),
]


DOC = load_standard(NAME)
UNITS_BY_CODE = {u["code"]: u for u in DOC["units"]}
ELEMENTS_BY_CODE = {e["code"]: (u["code"], e) for u in DOC["units"] for e in u["elements"]}


def test_header():
    assert DOC["format"] == 1
    assert DOC["id"] == "edexcel-l3"
    assert DOC["title"] == "Edexcel Level 3 NVQ in Customer Service"
    assert DOC["awarding_body"] == "Edexcel"
    assert DOC["level"] == 3
    assert DOC["accreditation_number"] is None
    assert DOC["unit_code_name"] == "Edexcel unit number"


@pytest.mark.parametrize(
    ("gid", "title", "mandatory"),
    [
        ("foundations", "Foundations", True),
        ("impression", "Impression and image", False),
        ("delivery", "Delivery", False),
        ("problems", "Handling problems", False),
        ("development", "Development and improvement", False),
    ],
)
def test_theme(gid, title, mandatory):
    groups = {g["id"]: g for g in DOC["groups"]}
    assert gid in groups
    assert groups[gid]["title"] == title
    assert groups[gid]["noun"] == "theme"
    assert groups[gid]["mandatory"] is mandatory


def test_no_extra_themes():
    assert sorted(g["id"] for g in DOC["groups"]) == sorted(["foundations", *OPTION_THEMES])


def test_rules():
    assert bare_rules(DOC) == [
        {"type": "all_units_in_group", "group": "foundations"},
        {"type": "award_units", "groups": OPTION_THEMES, "count": 6},
        {"type": "min_units_each_group", "groups": OPTION_THEMES, "min": 1},
        {"type": "max_units_at_level", "level": 2, "max": 3},
    ]


@pytest.mark.parametrize(("level", "code", "title", "theme"), UNITS, ids=[u[1] for u in UNITS])
def test_unit_row(level, code, title, theme):
    unit = UNITS_BY_CODE.get(code)
    assert unit is not None, f"unit {code} missing"
    assert unit["title"] == title
    assert unit["level"] == level
    assert unit["group"] == theme
    assert unit["refs"] == {"edexcel": code}
    assert unit["credits"] is None
    assert unit["glh"] is None
    assert unit["assessed_as_whole"] is False
    assert unit["knowledge"] == []
    assert unit["evidence_requirements"] == []
    # "NVQs are designed to be assessed in the workplace, or in conditions resembling the
    # workplace" (a realistic working environment); simulation "will be shown in the individual
    # units", and none shows it
    assert unit["contexts"]["performance"] == ["real_work", "rwe"]
    assert unit["contexts"]["knowledge"] == ["real_work", "rwe"]


def test_no_extra_units():
    codes = [u["code"] for u in DOC["units"]]
    assert Counter(codes) == Counter(code for _, code, _, _ in UNITS)


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
