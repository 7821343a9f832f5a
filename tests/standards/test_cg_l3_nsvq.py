"""The City & Guilds Level 3 N/SVQ in Customer Service against its source.

The literal data below is copied from "City & Guilds Level 3 N/SVQ in Customer Service: Standards
and Assessment Requirements": the section 9 unit table (C&G number, ICS number, QCA ref, title),
each unit's theme (its Rationale, or Appendix 3), and counts and texts of the units whose
standards the document gives in full.
"""

import pytest

from tests.standards.helpers import bare_rules, load_standard, repeated_codes

NAME = "cg-l3-nsvq.json"

# C&G unit number, ICS unit number, QCA ref, title, level, theme
UNITS = [
    (
        "301",
        "7",
        "R/103/6284",
        "Understand customer service to improve service delivery",
        3,
        "foundations",
    ),
    (
        "302",
        "8",
        "Y/103/6285",
        "Know the rules to follow when developing customer service",
        3,
        "foundations",
    ),
    ("205", "13", "A/103/6277", "Make customer service personal", 2, "impression"),
    ("206", "14", "F/103/6278", "Go the extra mile in customer service", 2, "impression"),
    ("207", "15", "J/103/6279", "Deal with customers in writing or using ICT", 2, "impression"),
    ("303", "18", "T/103/6312", "Use customer service as a competitive tool", 3, "impression"),
    (
        "304",
        "19",
        "A/103/6313",
        "Organise the promotion of services or products to customers",
        3,
        "impression",
    ),
    (
        "211",
        "22",
        "J/103/6282",
        "Deliver customer services on your customers’ premises",
        2,
        "delivery",
    ),
    (
        "212",
        "23",
        "L/103/6283",
        "Recognise diversity when delivering customer service",
        2,
        "delivery",
    ),
    (
        "305",
        "24",
        "F/103/6314",
        "Deliver customer service using service partnerships",
        3,
        "delivery",
    ),
    (
        "306",
        "25",
        "Y/103/6318",
        "Organise the delivery of reliable customer service",
        3,
        "delivery",
    ),
    ("307", "26", "K/103/6792", "Improve the customer relationship", 3, "delivery"),
    ("308", "32", "D/103/6790", "Monitor and solve customer service problems", 3, "problems"),
    ("309", "33", "D/103/6319", "Apply risk assessment to customer service", 3, "problems"),
    ("310", "34", "Y/103/6321", "Process customer service complaints", 3, "problems"),
    ("311", "39", "H/103/6791", "Work with others to improve customer service", 3, "development"),
    (
        "312",
        "40",
        "J/103/6329",
        "Promote continuous improvement in customer service",
        3,
        "development",
    ),
    (
        "313",
        "41",
        "J/103/6332",
        "Develop your own and others’ customer service skills",
        3,
        "development",
    ),
    ("314", "42", "M/103/6339", "Lead a team to improve customer service", 3, "development"),
    (
        "315",
        "43",
        "R/103/6348",
        "Gather, analyse and interpret customer feedback",
        3,
        "development",
    ),
]

# unit: elements, criteria, knowledge items, evidence requirements, range items
COUNTS = {
    "301": (2, 20, 0, 6, 0),
    "302": (2, 11, 0, 7, 3),
    "205": (2, 13, 7, 6, 8),
    "206": (3, 15, 7, 7, 10),
    "207": (3, 17, 8, 8, 12),
    "303": (2, 12, 8, 7, 11),
    "304": (3, 12, 5, 6, 7),
    "211": (2, 19, 4, 7, 10),
}

# units the source gives without standards (212 only a rationale, 305-315 only a title)
WHOLE_UNITS = ["212", "305", "306", "307", "308", "309", "310", "311", "312", "313", "314", "315"]

THEMES = ["impression", "delivery", "problems", "development"]


DOC = load_standard(NAME)
BY_CODE = {unit["code"]: unit for unit in DOC["units"]}


def _all_items(unit):
    """(code, text) of every element, criterion, knowledge item, requirement and range item."""
    for element in unit["elements"]:
        yield element["code"], element["title"]
        for criterion in element["criteria"]:
            yield criterion["code"], criterion["text"]
    for item in unit["knowledge"]:
        yield item["code"], item["text"]
    for requirement in unit["evidence_requirements"]:
        yield requirement["code"], requirement["text"]
        for item in requirement["range"]:
            yield item["code"], item["text"]


def _text(code):
    for unit in DOC["units"]:
        for item_code, text in _all_items(unit):
            if item_code == code:
                return text
    raise KeyError(code)


def test_header():
    assert DOC["format"] == 1
    assert DOC["id"] == "cg-l3-nsvq"
    assert DOC["title"] == "City & Guilds Level 3 N/SVQ in Customer Service"
    assert DOC["awarding_body"] == "City & Guilds"
    assert DOC["level"] == 3
    assert DOC["accreditation_number"] is None
    assert DOC["unit_code_name"] == "C&G unit number"


def test_groups():
    groups = [(g["id"], g["title"], g["noun"], g["mandatory"]) for g in DOC["groups"]]
    assert groups == [
        ("foundations", "Foundations", "theme", True),
        ("impression", "Impression and image", "theme", False),
        ("delivery", "Delivery", "theme", False),
        ("problems", "Handling problems", "theme", False),
        ("development", "Development and improvement", "theme", False),
    ]


def test_every_unit_of_the_table_and_no_other():
    assert [unit["code"] for unit in DOC["units"]] == [row[0] for row in UNITS]


@pytest.mark.parametrize(("cg", "ics", "qca", "title", "level", "theme"), UNITS)
def test_unit_row(cg, ics, qca, title, level, theme):
    unit = BY_CODE[cg]
    assert unit["refs"] == {"cg": cg, "ics": ics, "qca": qca}
    assert unit["title"] == title
    assert unit["level"] == level
    assert unit["group"] == theme
    assert unit["credits"] is None
    assert unit["glh"] is None
    # "The C&G table prints ICS numbers beside unit numbers": typed, they name the unit
    assert unit["aliases"] == [ics]


@pytest.mark.parametrize("code", list(COUNTS))
def test_counts_of_fully_given_units(code):
    unit = BY_CODE[code]
    elements, criteria, knowledge, requirements, range_items = COUNTS[code]
    assert unit["assessed_as_whole"] is False
    assert len(unit["elements"]) == elements
    assert sum(len(e["criteria"]) for e in unit["elements"]) == criteria
    assert len(unit["knowledge"]) == knowledge
    assert len(unit["evidence_requirements"]) == requirements
    assert sum(len(r["range"]) for r in unit["evidence_requirements"]) == range_items


@pytest.mark.parametrize("code", list(COUNTS))
def test_codes_follow_the_scheme(code):
    unit = BY_CODE[code]
    for e_number, element in enumerate(unit["elements"], 1):
        assert element["code"] == f"{code}.{e_number}"
        for c_number, criterion in enumerate(element["criteria"], 1):
            assert criterion["code"] == f"{code}.{e_number}.{c_number}"
    assert [k["code"] for k in unit["knowledge"]] == [
        f"{code} K{letter}" for letter in "abcdefgh"[: len(unit["knowledge"])]
    ]
    for r_number, requirement in enumerate(unit["evidence_requirements"], 1):
        assert requirement["code"] == f"{code} ER{r_number}"
        assert [r["code"] for r in requirement["range"]] == [
            f"{code} ER{r_number}{letter}" for letter in "abcd"[: len(requirement["range"])]
        ]


@pytest.mark.parametrize("code", WHOLE_UNITS)
def test_units_without_standards_are_assessed_as_a_whole(code):
    unit = BY_CODE[code]
    assert unit["assessed_as_whole"] is True
    assert unit["elements"] == []
    assert unit["knowledge"] == []
    assert unit["evidence_requirements"] == []


def test_knowledge_units_state_knowledge():
    for code in ("301", "302"):
        criteria = [c for e in BY_CODE[code]["elements"] for c in e["criteria"]]
        assert criteria and all(c.get("kind") == "knowledge" for c in criteria)
    for code in ("205", "206", "207", "303", "304", "211"):
        criteria = [c for e in BY_CODE[code]["elements"] for c in e["criteria"]]
        assert all(c.get("kind", "performance") == "performance" for c in criteria)


@pytest.mark.parametrize(
    ("codes", "performance", "knowledge"),
    [
        (["301", "302"], ["real_work"], ["real_work"]),
        # "Simulation is not allowed for any performance evidence within this Unit": knowledge
        # evidence is not banned by it
        (["303", "304"], ["real_work"], ["real_work", "simulation"]),
        (["205", "206", "207", "211"], ["real_work", "rwe"], ["real_work", "rwe", "simulation"]),
        (["212"], ["real_work", "rwe"], ["real_work", "rwe"]),
        (WHOLE_UNITS[1:], ["real_work"], ["real_work"]),
    ],
)
def test_contexts(codes, performance, knowledge):
    for code in codes:
        contexts = BY_CODE[code]["contexts"]
        assert contexts["performance"] == performance, code
        assert contexts["knowledge"] == knowledge, code
        assert contexts["basis"]


def test_rules():
    assert bare_rules(DOC) == [
        {"type": "all_units_in_group", "group": "foundations"},
        {"type": "award_units", "groups": THEMES, "count": 6},
        {"type": "min_units_each_group", "groups": THEMES, "min": 1},
        {"type": "max_units_at_level", "level": 2, "max": 3},
    ]


def test_no_code_repeats():
    assert repeated_codes(DOC) == []


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("301.1", "Use accepted customer service language and apply its principles"),
        (
            "301.1.4",
            "give examples of how customers may form their "
            "expectations of the services or products",
        ),
        (
            "301.2.6",
            "explain the ethical and values base of your "
            "organisation’s approach to customer service",
        ),
        ("302.2.2", "describe relevant regulation and legislation relating to data protection"),
        ("302 ER7c", "your organisation’s policies"),
        ("205.1", "Identify opportunities for making customer service personal"),
        ("205 ER4", "You must provide evidence of making customer service personal:"),
        ("205 ER4a", "during routine delivery of customer service"),
        ("205 ER4b", "during a busy period for your organisation"),
        ("205 ER4c", "during a quiet period for your organisation"),
        ("205 ER4d", "when people, systems or resources have let you down"),
        (
            "205 Kc",
            "types of personal information about customers that "
            "should and should not be kept on record",
        ),
        ("206.2", "Check that your extra mile ideas are feasible"),
        (
            "206 ER7b",
            "intangible in that they are represented solely by feelings "
            "and perceptions of the customer experience",
        ),
        ("207 Ka", "the importance of using clear and concise language"),
        (
            "207 Kh",
            "the risks associated with the confidentiality of written or ICT communications",
        ),
        ("207 ER5c", "have made a specific request for information"),
        ("207 ER7a", "individual communications with customers"),
        ("303 Kc", "the services and products offered by competitors"),
        ("303 ER7c", "new customers"),
        (
            "304 Ke",
            "how to give appropriate, balanced information to your "
            "customers about services or products",
        ),
        ("304 ER5a", "taken responsibility for your own actions in promoting services or products"),
        (
            "211.2.10",
            "ensure that your customer has the appropriate details to "
            "contact your organisation if they need to",
        ),
        (
            "211 Ka",
            "the importance of sensitivity to people’s feelings "
            "about their own premises and possessions",
        ),
        (
            "211 Kd",
            "the organisational procedures you would take if any "
            "accidental damage is incurred by you on "
            "your customer’s premises",
        ),
        ("211 ER7b", "when your customer is not present"),
    ],
)
def test_texts(code, text):
    assert _text(code) == text


def test_first_evidence_requirements():
    assert BY_CODE["301"]["evidence_requirements"][0]["text"].endswith(
        "Simulation is not allowed for any evidence within this Unit."
    )
    assert BY_CODE["205"]["evidence_requirements"][0]["text"].endswith(
        "However, for this Unit, evidence collected in a realistic working environment or a work "
        "placement is permissible. Simulation is not allowed for any performance evidence within "
        "this Unit."
    )


def test_notes_record_the_judgement_calls():
    notes = " ".join(DOC["source"]["notes"])
    for phrase in (
        "J/103/6282",
        "ldentify",
        "contained in the Customer Service Standards above",
        "305-315",
    ):
        assert phrase in notes
