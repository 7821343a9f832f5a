"""Is a unit ready to be signed off, and does the candidate's qualification add up?"""

from __future__ import annotations

from datetime import date

from logbook.domain.combination import CombinationResult, check_combination
from logbook.domain.coverage import UnitCoverage
from logbook.domain.dates import age_on, say_date
from logbook.domain.records import Candidate, SignOff
from logbook.domain.standards import MinimumAge, Qualification, normalise_code
from logbook.domain.text import blank

MISSING_SHOWN = 12
# the assessor decides: a sign-off has no decision until one is chosen
DECISION_NEEDED = "choose the decision: c competent, n not yet competent"
NOT_COMPETENT = "a unit is signed off only on a decision of competent"
DECISION_PROBLEMS = (DECISION_NEEDED, NOT_COMPETENT)


def too_young(minimum: MinimumAge | None, age: int) -> str | None:
    """Why a candidate of `age` cannot take the qualification, where its source writes a
    minimum age (City & Guilds does; the other documents write none); None if they can."""
    if minimum is None or age >= minimum.years:
        return None
    return f"these NVQs are not approved for anyone under {minimum.years}"


def whole_unit_unconfirmed(coverage: UnitCoverage, signoff: SignOff) -> str | None:
    """A unit given by title only is one item, so one linked record covers it: the assessor
    confirms at sign-off that the whole unit's criteria were covered. An older sign-off, made
    before the question was asked (None), stands when corrected or countersigned."""
    unit = coverage.unit
    if not unit.title_only or signoff.whole_unit_confirmed:
        return None
    if signoff.whole_unit_confirmed is None and signoff.corrects:
        return None
    return (
        f"unit {unit.code} is given by title only: confirm that the whole unit's criteria were "
        "covered, checked against the awarding body's unit specification"
    )


def signoff_problems(
    candidate: Candidate,
    coverage: UnitCoverage,
    signoff: SignOff,
    signed_units: list[str],
    today: date | None = None,
    *,
    minimum_age: MinimumAge | None,
) -> list[str]:
    """Why this sign-off cannot be made; empty when it can. `minimum_age` is the
    qualification's (None where its source writes none)."""
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
    unconfirmed = whole_unit_unconfirmed(coverage, signoff)
    if unconfirmed:
        problems.append(unconfirmed)
    if not signoff.decision:
        problems.append(DECISION_NEEDED)
    elif signoff.decision != "competent":
        problems.append(NOT_COMPETENT)
    if blank(signoff.assessor):
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
    age = age_on(candidate.date_of_birth, signoff.date)
    young = too_young(minimum_age, age)
    if young:
        problems.append(f"the candidate is {age} on {say_date(signoff.date)}; {young}")
    if not blank(signoff.iv_name) and signoff.iv_date is None:
        problems.append("the internal verifier's countersignature needs its date")
    if signoff.iv_date is not None and signoff.iv_date < signoff.date:
        problems.append("the internal verifier cannot countersign before the sign-off")
    if signoff.iv_date is not None and signoff.iv_date > today:
        problems.append(future_countersign(signoff.iv_date))
    return problems


IV_NAME_NEEDED = "the internal verifier's name is needed"


def future_countersign(iv_date: date) -> str:
    """A countersignature is dated the day the internal verifier makes it, or before."""
    return f"the countersignature date {say_date(iv_date)} is in the future"


def already_countersigned(signed: SignOff) -> str | None:
    """Why a unit's sign-off cannot be countersigned again: it is countersigned once, and the
    countersignature then stands (a second one would silently replace the first)."""
    if blank(signed.iv_name):
        return None
    when = f" on {say_date(signed.iv_date)}" if signed.iv_date else ""
    return (
        f"unit {signed.unit} is already countersigned by {signed.iv_name}{when}: a unit is "
        "countersigned once, and a second countersignature is refused"
    )


def countersign_problems(
    iv_name: str,
    signed: SignOff | None = None,
    iv_date: date | None = None,
    today: date | None = None,
) -> list[str]:
    """Why the internal verifier's countersignature of `signed` cannot be recorded: no name,
    a unit already countersigned, a date before the sign-off or in the future. Without
    `signed`, only the name is checked (a form asks before it knows the unit)."""
    problems = [IV_NAME_NEEDED] if blank(iv_name) else []
    if signed is None:
        return problems
    again = already_countersigned(signed)
    if again:
        return [again]
    if iv_date is not None and iv_date < signed.date:
        problems.append("the internal verifier cannot countersign before the sign-off")
    if iv_date is not None and today is not None and iv_date > today:
        problems.append(future_countersign(iv_date))
    return problems


def signoff_correction_problems(old: SignOff, new: SignOff) -> list[str]:
    """A correction of a countersigned sign-off keeps its countersignature: the internal
    verifier's name and date are never replaced or removed."""
    if blank(old.iv_name) or (new.iv_name, new.iv_date) == (old.iv_name, old.iv_date):
        return []
    if blank(new.iv_name):
        when = f" on {say_date(old.iv_date)}" if old.iv_date else ""
        return [
            f"unit {old.unit} was countersigned by {old.iv_name}{when}: a correction keeps the "
            "countersignature"
        ]
    return [already_countersigned(old)]


def qualification_progress(
    qualification: Qualification, signed_units: list[str]
) -> CombinationResult:
    """The signed-off units run through the rules of combination."""
    known = [code for code in signed_units if qualification.unit(code) is not None]
    return check_combination(qualification, known)
