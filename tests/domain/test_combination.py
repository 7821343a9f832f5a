"""The rules of combination on the real standards: which sets of units achieve a qualification,
and, for those that do not, the words that tell the assessor which rule is unmet.

Each qualification style is here: a fixed count (OCR Level 3 NVQ), themes (City & Guilds and
Edexcel Level 3), and credits (OCR Level 3 and Level 4 NVQ Diplomas). Credit values and levels
in the cases are those the awarding bodies print (see standards/*.json).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from logbook.domain.combination import UnknownUnitsError, check_combination
from logbook.qualifications import load_library

STANDARDS = Path(__file__).resolve().parents[2] / "standards"


def units(text: str) -> list[str]:
    """Unit codes as an assessor types them, apart by spaces."""
    return text.split()


@pytest.fixture(scope="module")
def library():
    library = load_library(STANDARDS)
    assert library.problems == []
    return library


def unmet(library, qualification_id: str, codes: str) -> list[str]:
    return list(check_combination(library.get(qualification_id), codes.split()).unmet)


def title(library, qualification_id: str, code: str) -> str:
    return library.get(qualification_id).unit(code).title


# --- a fixed count: OCR Level 3 NVQ, five mandatory units plus one optional ---------------------


@pytest.mark.parametrize("codes", ["1 2 3 4 5 6", "1 2 3 4 5 8", "5 4 3 2 1 7", "1 2 3 4 5 6 7 8"])
def test_ocr_l3_nvq_five_mandatory_and_an_optional_unit_achieve(library, codes):
    result = check_combination(library.get("ocr-l3-nvq"), codes.split())
    assert result.achieved
    assert result.unmet == ()


def test_ocr_l3_nvq_missing_a_mandatory_unit(library):
    assert unmet(library, "ocr-l3-nvq", "1 2 4 5 6 7") == [
        f"needs the mandatory unit 3 ({title(library, 'ocr-l3-nvq', '3')})"
    ]


def test_ocr_l3_nvq_names_every_missing_mandatory_unit(library):
    assert unmet(library, "ocr-l3-nvq", "1 6") == [
        f"needs the mandatory unit {code} ({title(library, 'ocr-l3-nvq', code)})"
        for code in ("2", "3", "4", "5")
    ]


def test_ocr_l3_nvq_without_an_optional_unit(library):
    assert unmet(library, "ocr-l3-nvq", "1 2 3 4 5") == [
        "needs 1 more unit from Optional units (has 0, the award counts 1)"
    ]


def test_ocr_l3_nvq_six_units_are_not_enough_if_they_are_the_wrong_six(library):
    # six units, but two of them optional in place of a mandatory one
    result = check_combination(library.get("ocr-l3-nvq"), units("1 2 3 4 6 7"))
    assert not result.achieved
    assert result.unmet == (f"needs the mandatory unit 5 ({title(library, 'ocr-l3-nvq', '5')})",)


# --- themes: City & Guilds and Edexcel Level 3 ---------------------------------------------------

# mandatory units, then six options: one from each theme, at most three at Level 2
THEMES = {
    "cg-l3-nsvq": {
        "achieves": "301 302 205 206 211 303 308 311",
        "no_problems_theme": "301 302 205 303 211 305 311 312",
        "four_level_2": ("301 302 205 206 207 211 308 311", "205, 206, 207, 211"),
        "four_options": "301 302 303 305 308 311",
        "mandatory": ("302", "301 205 206 211 303 308 311"),
    },
    "edexcel-l3": {
        "achieves": "7 8 13 14 22 18 32 39",
        "no_problems_theme": "7 8 13 18 22 24 39 40",
        "four_level_2": ("7 8 13 14 15 22 32 39", "13, 14, 15, 22"),
        "four_options": "7 8 18 24 32 39",
        "mandatory": ("8", "7 13 14 22 18 32 39"),
    },
}


@pytest.mark.parametrize("qualification_id", THEMES)
def test_themes_two_mandatory_and_six_options_across_the_themes_achieve(library, qualification_id):
    result = check_combination(
        library.get(qualification_id), THEMES[qualification_id]["achieves"].split()
    )
    assert result.achieved, result.unmet
    assert len(result.units) == 8


@pytest.mark.parametrize("qualification_id", THEMES)
def test_themes_a_set_missing_a_theme(library, qualification_id):
    assert unmet(library, qualification_id, THEMES[qualification_id]["no_problems_theme"]) == [
        "needs 1 more unit from the theme Handling problems"
    ]


@pytest.mark.parametrize("qualification_id", THEMES)
def test_themes_at_most_three_level_2_units_may_be_imported(library, qualification_id):
    codes, level_2 = THEMES[qualification_id]["four_level_2"]
    assert unmet(library, qualification_id, codes) == [
        f"has 4 Level 2 units ({level_2}), at most 3 may be imported"
    ]


@pytest.mark.parametrize(
    ("qualification_id", "codes"),
    [("cg-l3-nsvq", "301 302 205 206 207 305 308 311"), ("edexcel-l3", "7 8 13 14 15 24 32 39")],
)
def test_themes_exactly_three_level_2_units_is_allowed(library, qualification_id, codes):
    qual = library.get(qualification_id)
    assert [u.level for u in qual.units if u.code in codes.split()].count(2) == 3
    assert check_combination(qual, codes.split()).achieved


@pytest.mark.parametrize("qualification_id", THEMES)
def test_themes_too_few_optional_units(library, qualification_id):
    assert unmet(library, qualification_id, THEMES[qualification_id]["four_options"]) == [
        "needs 2 more units from the optional themes (has 4, the award counts 6)"
    ]


@pytest.mark.parametrize("qualification_id", THEMES)
def test_themes_missing_a_mandatory_unit(library, qualification_id):
    missing, codes = THEMES[qualification_id]["mandatory"]
    assert unmet(library, qualification_id, codes) == [
        f"needs the mandatory unit {missing} ({title(library, qualification_id, missing)})"
    ]


def test_themes_every_unmet_rule_is_reported_together(library):
    assert unmet(library, "edexcel-l3", "7 13 14 15 22") == [
        f"needs the mandatory unit 8 ({title(library, 'edexcel-l3', '8')})",
        "needs 2 more units from the optional themes (has 4, the award counts 6)",
        "needs 1 more unit from the theme Handling problems",
        "needs 1 more unit from the theme Development and improvement",
        "has 4 Level 2 units (13, 14, 15, 22), at most 3 may be imported",
    ]


READ_LEVEL_3 = (
    " (read as credits from optional units at exactly Level 3: credits from Level 4 units do "
    "not count towards these 10)"
)
READ_LEVEL_4 = (
    " (read as credits from optional units at exactly Level 4: credits from Level 3 units do "
    "not count towards these 15)"
)


# --- credits: OCR Level 3 NVQ Diploma (42 = 12 from A + 30 optional, 10 of them at Level 3) -------
# credits as printed: F3 6, F4 6; A3 5, A4 5, A14 8; B2 5, B6 4, B9 6; C3 6, C5 6;
# D1 6, D8 8, D12 10, D13 7; A5 6, A7 6 (all Level 2 but A14, B9, C5, D8, D12, D13 at Level 3)


def test_ocr_l3_diploma_a_set_with_credit_to_spare_achieves(library):
    result = check_combination(library.get("ocr-l3-diploma"), units("F3 F4 A14 B9 C5 D8 D1"))
    assert result.achieved, result.unmet
    assert result.credits == 6 + 6 + 8 + 6 + 6 + 8 + 6


def test_ocr_l3_diploma_exactly_on_every_threshold_achieves(library):
    # A: 12; optional: A3 5 + B2 5 + C3 6 + D12 10 + B6 4 = 30, of which Level 3: D12 10
    result = check_combination(library.get("ocr-l3-diploma"), units("F3 F4 A3 B2 C3 D12 B6"))
    assert result.achieved, result.unmet
    assert result.credits == 42


def test_ocr_l3_diploma_short_of_optional_and_total_credits(library):
    # optional: A3 5 + B2 5 + C3 6 + D12 10 = 26
    assert unmet(library, "ocr-l3-diploma", "F3 F4 A3 B2 C3 D12") == [
        "has 26 credits from the optional groups, at least 30 needed",
        "has 38 credits, at least 42 needed",
    ]


def test_ocr_l3_diploma_short_of_the_mandatory_groups_credits(library):
    assert unmet(library, "ocr-l3-diploma", "F3 A14 B9 C5 D8 D1") == [
        f"needs the mandatory unit F4 ({title(library, 'ocr-l3-diploma', 'F4')})",
        "has 6 credits from Group A (Mandatory units), at least 12 needed",
        "has 40 credits, at least 42 needed",
    ]


def test_ocr_l3_diploma_a_missing_optional_group(library):
    # no unit from Group D, though the optional credits are there: A14 8 + B9 6 + D8 8 + D12 10
    assert unmet(library, "ocr-l3-diploma", "F3 F4 A14 B9 D8 D12") == [
        "needs 1 more unit from Group D (Handling problems)"
    ]


def test_ocr_l3_diploma_too_few_credits_at_level_3(library):
    # optional: A3 5 + B2 5 + C3 6 + D13 7 + A5 6 + A7 6 = 35, but only D13 (7) is at Level 3
    assert unmet(library, "ocr-l3-diploma", "F3 F4 A3 B2 C3 D13 A5 A7") == [
        "has 7 credits at Level 3 from the optional groups, at least 10 needed" + READ_LEVEL_3
    ]


def test_ocr_l3_diploma_mandatory_level_3_credits_do_not_count_towards_the_optional_ten(library):
    # F3 and F4 are Level 3, 12 credits; the Level 3 rule is about the optional credits
    assert unmet(library, "ocr-l3-diploma", "F3 F4 A3 B2 C3 D1 A5 A7") == [
        "has 0 credits at Level 3 from the optional groups, at least 10 needed" + READ_LEVEL_3
    ]


# --- credits: OCR Level 4 NVQ Diploma (67 = 20 from A + 47 optional, 15 of them at Level 4) -------
# credits as printed: F5 10, F6 10; A13 6, A17 10; B9 6, B13 10; C5 6, C6 10, C8 10;
# D12 10, D14 10, D15 9, D16 11, D17 7, D19 11 (Level 4: A17, B13, C8, D14-D19)


def test_ocr_l4_diploma_exactly_67_credits_achieves(library):
    result = check_combination(library.get("ocr-l4-diploma"), units("F5 F6 A17 B13 C8 D14 D17"))
    assert result.achieved, result.unmet
    assert result.credits == 67


def test_ocr_l4_diploma_short_of_optional_and_total_credits(library):
    assert unmet(library, "ocr-l4-diploma", "F5 F6 A17 B13 C8 D14") == [
        "has 40 credits from the optional groups, at least 47 needed",
        "has 60 credits, at least 67 needed",
    ]


def test_ocr_l4_diploma_short_of_the_mandatory_groups_credits(library):
    assert unmet(library, "ocr-l4-diploma", "F5 A17 B13 C8 D14 D17") == [
        f"needs the mandatory unit F6 ({title(library, 'ocr-l4-diploma', 'F6')})",
        "has 10 credits from Group A (Mandatory units), at least 20 needed",
        "has 57 credits, at least 67 needed",
    ]


def test_ocr_l4_diploma_a_missing_optional_group(library):
    # 52 optional credits, all Level 4, but nothing from Group D
    assert unmet(library, "ocr-l4-diploma", "F5 F6 A17 B13 D14 D19 D16") == [
        "needs 1 more unit from Group D (Handling problems)"
    ]


def test_ocr_l4_diploma_too_few_credits_at_level_4(library):
    # optional: A13 6 + B9 6 + C5 6 + D15 9 + D12 10 + C6 10 = 47; only D15 (9) is at Level 4
    assert unmet(library, "ocr-l4-diploma", "F5 F6 A13 B9 C5 D15 D12 C6") == [
        "has 9 credits at Level 4 from the optional groups, at least 15 needed" + READ_LEVEL_4
    ]


def test_the_credit_cases_use_the_printed_credit_values(library):
    """Guard for the cases above: if a credit value changes, the cases must be rebuilt."""
    printed = {
        "ocr-l3-diploma": "F3 6 F4 6 A3 5 A4 5 A5 6 A7 6 A14 8 B2 5 B6 4 B9 6 C3 6 C5 6 D1 6 "
        "D8 8 D12 10 D13 7",
        "ocr-l4-diploma": "F5 10 F6 10 A13 6 A17 10 B9 6 B13 10 C5 6 C6 10 C8 10 D12 10 D14 10 "
        "D15 9 D16 11 D17 7 D19 11",
    }
    for qualification_id, pairs in printed.items():
        words = pairs.split()
        qual = library.get(qualification_id)
        for code, credits in zip(words[::2], words[1::2], strict=True):
            assert qual.unit(code).credits == int(credits), (qualification_id, code)


# --- what every style shares --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualification_id", "codes", "unknown"),
    [
        ("ocr-l3-nvq", "1 2 3 4 5 9", ["9"]),
        ("edexcel-l3", "7 8 301", ["301"]),
        ("ocr-l4-diploma", "F5 F6 A3 F3", ["A3", "F3"]),
        ("cg-l3-nsvq", "301 302 7.1", ["7.1"]),
    ],
)
def test_unknown_units_are_refused_by_name(library, qualification_id, codes, unknown):
    qual = library.get(qualification_id)
    with pytest.raises(UnknownUnitsError) as caught:
        check_combination(qual, codes.split())
    assert caught.value.unknown == unknown
    message = str(caught.value)
    names = ", ".join(repr(code) for code in unknown)
    assert message.startswith(f"{qual.title} has no unit{'s' if len(unknown) > 1 else ''} {names};")
    assert message.endswith("its units are: " + ", ".join(u.code for u in qual.units))


def test_codes_are_matched_without_regard_to_case_or_spaces(library):
    codes = ["f5", "F6", "a17", "b 13", "c8", "Unit D14", "d17"]
    result = check_combination(library.get("ocr-l4-diploma"), codes)
    assert [u.code for u in result.units] == ["F5", "F6", "A17", "B13", "C8", "D14", "D17"]
    assert result.achieved
