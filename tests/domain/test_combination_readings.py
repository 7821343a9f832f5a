"""The rules of combination where the seeds' words could be read two ways: the reading is
recorded in the data's notes and said in the reason. Also: units named twice, ICS aliases.
"""

from __future__ import annotations

import pytest

from logbook.domain.combination import (
    RepeatedUnitsError,
    UnitChoiceError,
    UnknownUnitsError,
    check_combination,
    resolve_units,
)
from logbook.qualifications import load_library

LIBRARY = load_library()


def check(qualification_id: str, codes: str):
    return check_combination(LIBRARY.get(qualification_id), codes.split())


def notes(qualification_id: str) -> str:
    return " ".join(LIBRARY.get(qualification_id).notes)


# --- "eight units": exactly -----------------------------------------------------------------------
# C&G: "candidates must complete eight units for this award, two mandatory and six optional, they
# must complete at least one optional unit from each theme, the maximum number of units that can
# be imported from level 2 is three."


def test_cg_the_reading_of_eight_units_is_in_the_notes():
    assert "'eight units'" in notes("cg-l3-nsvq")
    assert "is read as exactly: the award is eight units" in notes("cg-l3-nsvq")


def test_cg_eight_units_achieve_with_nothing_to_say():
    result = check("cg-l3-nsvq", "301 302 205 206 211 303 308 311")
    assert result.achieved and result.remarks == () and result.counted == ()


def test_cg_a_ninth_unit_is_more_than_the_award_needs_and_said_so():
    result = check("cg-l3-nsvq", "301 302 205 206 211 303 308 311 312")
    assert result.achieved
    (remark,) = result.remarks
    assert remark.startswith(
        "has 7 units from the optional themes, 1 more than the award needs: it counts 6, and the "
        "others are still signed off and certificated as units; read as exactly eight units"
    )
    assert len(result.counted) == 8


def test_cg_the_level_2_limit_applies_to_the_eight_the_award_counts():
    # four Level 2 units (205 206 207 211) among nine: the award counts eight, three of them at
    # Level 2, and still has a unit from every theme (211 is the only Delivery unit, so it stays)
    result = check("cg-l3-nsvq", "301 302 205 206 207 211 303 308 311")
    assert result.achieved, result.unmet
    assert sum(u.level == 2 for u in result.counted) == 3
    assert [u.code for u in result.counted] == ["301", "302", "205", "206", "211", "303", "308",
                                                "311"]  # fmt: skip
    # ... but five Level 2 options cannot be made into an award by leaving one out
    failing = check("cg-l3-nsvq", "301 302 205 206 207 211 212 308 311")
    assert failing.unmet == ("has 4 Level 2 units (205, 206, 207, 211), at most 3 may be imported",)


def test_cg_fewer_than_eight_say_what_the_award_counts():
    assert check("cg-l3-nsvq", "301 302 205 308 311").unmet[0] == (
        "needs 3 more units from the optional themes (has 3, the award counts 6)"
    )


def test_edexcel_reads_its_six_option_units_the_same_way():
    # Edexcel: "you must prove competence in two mandatory units and six option units"
    result = check("edexcel-l3", "7 8 13 14 22 18 32 39 40")
    assert result.achieved
    assert result.remarks[0].startswith("has 7 units from the optional themes, 1 more than the")


# --- "a total of six units": exactly --------------------------------------------------------------
# OCR Level 3 NVQ: "To achieve a full award, candidates must complete five mandatory units plus
# one optional unit, making a total of six units."


def test_ocr_nvq_the_reading_of_a_total_of_six_units_is_in_the_notes():
    assert "'a total of six units'" in notes("ocr-l3-nvq")
    assert "is read as exactly: the full award is six units" in notes("ocr-l3-nvq")


@pytest.mark.parametrize(("codes", "extra"), [("1 2 3 4 5 6 7", 1), ("1 2 3 4 5 6 7 8", 2)])
def test_ocr_nvq_more_optional_units_are_said(codes, extra):
    result = check("ocr-l3-nvq", codes)
    assert result.achieved
    assert result.remarks == (
        f"has {extra + 1} units from Optional units, {extra} more than the award needs: it counts "
        "1, and the others are still signed off and certificated as units; read as exactly six "
        'units, five mandatory and one optional ("a total of six units"): more optional units may '
        "be taken, but the award counts one",
    )


# --- "at least 10 credits at Level 3" / "15 at Level 4": exactly that level -----------------------
# OCR Level 3 Diploma: "of which a minimum 10 credits must be achieved at Level 3"
# OCR Level 4 Diploma: "of which a minimum of 15 credits must be achieved at Level 4"


def test_ocr_diplomas_the_level_reading_is_in_the_notes_and_the_reason():
    assert "read as credits from optional units at exactly Level 3" in notes("ocr-l3-diploma")
    assert "read as credits from optional units at exactly Level 4" in notes("ocr-l4-diploma")
    # A17 and B13 are Level 4 (21 credits): under this reading they do not make up the ten
    result = check("ocr-l3-diploma", "F3 F4 A17 B13 C3 D1")
    assert result.unmet == (
        "has 0 credits at Level 3 from the optional groups, at least 10 needed (read as credits "
        "from optional units at exactly Level 3: credits from Level 4 units do not count towards "
        "these 10)",
    )
    level_4 = check("ocr-l4-diploma", "F5 F6 A13 B9 C5 D15 D12 C6").unmet[0]
    assert level_4.endswith(
        "(read as credits from optional units at exactly Level 4: credits from Level 3 units "
        "do not count towards these 15)"
    )


# --- a unit named twice is reported -------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualification_id", "codes", "message"),
    [
        ("edexcel-l3", "7 8 13 14 22 32 32 39", "unit 32 is named twice: name each unit once"),
        ("ocr-l3-diploma", "F3 f3 A14", "unit F3 is named twice ('F3' and 'f3'): name each unit "
                                        "once"),
        ("ocr-l3-diploma", "F3 F4 F3 F3", "unit F3 is named 3 times: name each unit once"),
        ("cg-l3-nsvq", "301 302 7 8", "unit 301 is named twice ('301' and '7'); unit 302 is named "
                                      "twice ('302' and '8'): name each unit once"),
    ],
)  # fmt: skip
def test_a_unit_named_twice_is_reported_not_dropped(qualification_id, codes, message):
    with pytest.raises(RepeatedUnitsError) as caught:
        resolve_units(LIBRARY.get(qualification_id), codes.split())
    assert str(caught.value) == message
    with pytest.raises(UnitChoiceError):
        check(qualification_id, codes)


def test_unknown_and_repeated_units_are_reported_together():
    with pytest.raises(UnknownUnitsError) as caught:
        check("ocr-l3-nvq", "1 1 9")
    assert caught.value.unknown == ["9"]
    assert caught.value.repeated == [("1", ["1", "1"])]
    assert str(caught.value).endswith("; and unit 1 is named twice: name each unit once")


# --- ICS unit numbers are aliases of the C&G units ----------------------------------------------
# C&G, section 9 table: "QCA/SQA unit ref. | City & Guilds unit number | ICS unit number", rows
# such as "R/103/6284 301 Unit 7" and "D/103/6790 308 Unit 32".

ICS = {"7": "301", "8": "302", "13": "205", "14": "206", "15": "207", "18": "303", "19": "304",
       "22": "211", "23": "212", "24": "305", "25": "306", "26": "307", "32": "308", "33": "309",
       "34": "310", "39": "311", "40": "312", "41": "313", "42": "314", "43": "315"}  # fmt: skip


@pytest.mark.parametrize(("ics", "cg"), ICS.items())
def test_an_ics_number_names_its_cg_unit(ics, cg):
    qualification = LIBRARY.get("cg-l3-nsvq")
    assert qualification.unit(ics).code == cg
    assert qualification.unit(f"Unit {ics}").code == cg
    assert qualification.unit(ics).refs["ics"] == ics


def test_a_set_typed_by_ics_numbers_is_checked_as_the_cg_units():
    by_ics = check("cg-l3-nsvq", "7 8 13 14 22 18 32 39")
    by_cg = check("cg-l3-nsvq", "301 302 205 206 211 303 308 311")
    assert by_ics.units == by_cg.units and by_ics.achieved
