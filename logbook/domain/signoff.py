"""Is a unit ready to be signed off, and does the candidate's qualification add up?"""

from __future__ import annotations

from datetime import date

from logbook.domain.combination import CombinationResult, check_combination
from logbook.domain.coverage import UnitCoverage
from logbook.domain.dates import age_on, say_date
from logbook.domain.records import Candidate, SignOff
from logbook.domain.standards import Qualification, normalise_code

MINIMUM_AGE = 16
MISSING_SHOWN = 12


def signoff_problems(
    candidate: Candidate,
    coverage: UnitCoverage,
    signoff: SignOff,
    signed_units: list[str],
    today: date | None = None,
) -> list[str]:
    """Why this sign-off cannot be made; empty when it can."""
    today = today or date.today()
    unit = coverage.unit
    problems: list[str] = []
    if normalise_code(unit.code) in {normalise_code(u) for u in signed_units}:
        problems.append(f"unit {unit.code} is already signed off")
    if normalise_code(unit.code) not in {normalise_code(u) for u in candidate.units}:
        problems.append(f"unit {unit.code} is not one of the candidate's chosen units")
    if coverage.missing:
        codes = ", ".join(item.code for item in coverage.missing[:MISSING_SHOWN])
        more = len(coverage.missing) - MISSING_SHOWN
        tail = f" and {more} more" if more > 0 else ""
        problems.append(
            f"unit {unit.code} still needs evidence for {len(coverage.missing)} of "
            f"{coverage.total}: {codes}{tail}"
        )
    if signoff.decision != "competent":
        problems.append("a unit is signed off only on a decision of competent")
    if not signoff.assessor.strip():
        problems.append("the assessor's name is needed")
    if not signoff.candidate_declaration:
        problems.append("the candidate has not declared that the evidence is their own")
    if signoff.date > today:
        problems.append(f"the sign-off date {say_date(signoff.date)} is in the future")
    if signoff.date < candidate.registered_on:
        problems.append(
            f"the sign-off date {say_date(signoff.date)} is before the candidate's registration "
            f"on {say_date(candidate.registered_on)}"
        )
    if age_on(candidate.date_of_birth, signoff.date) < MINIMUM_AGE:
        problems.append(
            f"the candidate is {age_on(candidate.date_of_birth, signoff.date)} on "
            f"{say_date(signoff.date)}; these NVQs are not for anyone under {MINIMUM_AGE}"
        )
    if signoff.iv_name.strip() and signoff.iv_date is None:
        problems.append("the internal verifier's countersignature needs its date")
    if signoff.iv_date is not None and signoff.iv_date < signoff.date:
        problems.append("the internal verifier cannot countersign before the sign-off")
    return problems


IV_NAME_NEEDED = "the internal verifier's name is needed"


def countersign_problems(iv_name: str) -> list[str]:
    """Why a countersignature cannot be recorded; its date is checked where it is read."""
    return [] if iv_name.strip() else [IV_NAME_NEEDED]


def qualification_progress(
    qualification: Qualification, signed_units: list[str]
) -> CombinationResult:
    """The signed-off units run through the rules of combination."""
    known = [code for code in signed_units if qualification.unit(code) is not None]
    return check_combination(qualification, known)
