"""The internal verifier's countersignature: once per unit, never before the sign-off.

Issue 10: "A second countersign silently replaces the first (the panel still says "may
countersign"): refuse, or ask and record it as a correction with a reason." DOMAIN.md: "After
sign-off the unit's records are part of a verified portfolio: they must not change silently"."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from logbook.domain.records import SignOff
from logbook.domain.signoff import (
    IV_NAME_NEEDED,
    already_countersigned,
    countersign_problems,
    signoff_correction_problems,
)

TODAY = date(2026, 11, 24)
SIGNED = SignOff(unit="302", date=date(2026, 8, 28), assessor="Morgan Ellis")
COUNTERSIGNED = dataclasses.replace(SIGNED, iv_name="Ruth Okoye", iv_date=date(2026, 9, 1))


def test_a_unit_awaiting_countersign_may_be_countersigned_once():
    assert already_countersigned(SIGNED) is None
    assert countersign_problems("Ruth Okoye", SIGNED, TODAY, TODAY) == []
    assert countersign_problems(" ", SIGNED, TODAY, TODAY) == [IV_NAME_NEEDED]
    assert already_countersigned(COUNTERSIGNED) == (
        "unit 302 is already countersigned by Ruth Okoye on Tue 1 Sep 2026: a unit is "
        "countersigned once, and a second countersignature is refused"
    )
    assert countersign_problems("Sam Other", COUNTERSIGNED, TODAY, TODAY) == [
        already_countersigned(COUNTERSIGNED)
    ]


def test_a_countersign_is_dated_between_the_sign_off_and_today():
    early = SIGNED.date - timedelta(days=1)
    assert countersign_problems("R", SIGNED, early, TODAY) == [
        "the internal verifier cannot countersign before the sign-off"
    ]
    assert countersign_problems("R", SIGNED, TODAY + timedelta(days=1), TODAY) == [
        "the countersignature date Wed 25 Nov 2026 is in the future"
    ]
    assert countersign_problems("R", SIGNED, SIGNED.date, TODAY) == []


def test_a_correction_keeps_the_countersignature_it_corrects():
    assert signoff_correction_problems(SIGNED, COUNTERSIGNED) == []  # the countersign itself
    same = dataclasses.replace(COUNTERSIGNED, assessor="Morgan Ellis (assessor)")
    assert signoff_correction_problems(COUNTERSIGNED, same) == []
    other = dataclasses.replace(COUNTERSIGNED, iv_name="Sam Other")
    assert signoff_correction_problems(COUNTERSIGNED, other) == [
        already_countersigned(COUNTERSIGNED)
    ]
    removed = dataclasses.replace(COUNTERSIGNED, iv_name="", iv_date=None)
    assert signoff_correction_problems(COUNTERSIGNED, removed) == [
        "unit 302 was countersigned by Ruth Okoye on Tue 1 Sep 2026: a correction keeps the "
        "countersignature"
    ]
