"""A unit the standards give by title only is one item, so one linked record covers it: sign-off
asks the assessor to confirm that the whole unit's criteria were covered.

The issue: "102 units ship with their title only ... so one linked record signs them off and
'what is still missing' says nothing." The OCR Level 4 structure gives titles only: "The
document gives unit titles only, so every unit is assessed as a whole" (standards notes).
"""

from __future__ import annotations

from datetime import date

import pytest

from logbook.domain.portfolio import Portfolio
from logbook.domain.records import Link, Observation, SignOff, new_id
from logbook.domain.signoff import signoff_problems
from logbook.qualifications import load_library
from tests.centre import lena

TODAY = date(2026, 11, 24)
L4 = load_library().get("ocr-l4-diploma")
LENA = lena()
SEEN = Observation(
    date=date(2026, 11, 2), links=[Link("F6", "F6")], venue="Meridian",
    activity="Applied the complaints rules", justification="Met", feedback="Good",
)  # fmt: skip


def problems(signoff: SignOff) -> list[str]:
    folio = Portfolio(L4, [LENA, SEEN], TODAY)
    return signoff_problems(LENA, folio.coverage("F6"), signoff, [], TODAY, minimum_age=None)


def signoff(**changes) -> SignOff:
    values = dict(unit="F6", date=date(2026, 11, 20), assessor="M Ellis",
                  candidate_declaration=True)  # fmt: skip
    values.update(changes)
    return SignOff(**values)


ASK = (
    "unit F6 is given by title only: confirm that the whole unit's criteria were covered, "
    "checked against the awarding body's unit specification"
)


@pytest.mark.parametrize("answer", [None, False])
def test_a_title_only_unit_is_not_signed_off_unconfirmed(answer):
    assert L4.unit("F6").title_only
    assert problems(signoff(whole_unit_confirmed=answer)) == [ASK]


def test_a_title_only_unit_is_signed_off_once_confirmed():
    assert problems(signoff(whole_unit_confirmed=True)) == []


def test_an_older_sign_off_without_the_answer_can_still_be_corrected():
    """Written before the question was asked (no answer recorded): a correction of it, such as
    the internal verifier's countersignature, is not refused for want of an answer."""
    older = signoff(whole_unit_confirmed=None, corrects="the-older-record-id",
                    iv_name="R Okoye", iv_date=date(2026, 11, 21))  # fmt: skip
    assert problems(older) == []


def test_a_unit_that_lists_its_criteria_is_not_asked():
    folio = Portfolio(load_library().get("ocr-l3-diploma"), [], TODAY)
    assert not folio.qualification.unit("F3").title_only
    assert SignOff(unit="F3", date=TODAY, assessor="M").whole_unit_confirmed is None


def test_older_records_read_without_the_new_fields():
    """A record written before these fields existed loads with 'not recorded'."""
    old_signoff = {"kind": "signoff", "id": new_id(), "unit": "F6", "date": "2026-11-20",
                   "assessor": "M Ellis", "candidate_declaration": True}  # fmt: skip
    assert SignOff.from_dict(old_signoff).whole_unit_confirmed is None
    old_observation = SEEN.to_dict()
    del old_observation["simulation_reason"]
    assert Observation.from_dict(old_observation).simulation_reason == ""
