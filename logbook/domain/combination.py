"""Rules of combination: does a set of units achieve a qualification, and if not, why not.

Every unmet rule is said in words an assessor understands, e.g. "needs 1 more unit from the
theme Handling problems" or "has 4 Level 2 units, at most 3 may be imported".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from logbook.domain.standards import Qualification, Rule, Unit


class UnknownUnitsError(ValueError):
    """Some of the units named are not in the qualification."""

    def __init__(self, qualification: Qualification, unknown: list[str]):
        self.unknown = unknown
        known = ", ".join(u.code for u in qualification.units)
        names = ", ".join(repr(code) for code in unknown)
        noun = "unit" if len(unknown) == 1 else "units"
        super().__init__(f"{qualification.title} has no {noun} {names}; its units are: {known}")


@dataclass(frozen=True)
class CombinationResult:
    qualification: Qualification
    units: tuple[Unit, ...]
    unmet: tuple[str, ...]

    @property
    def achieved(self) -> bool:
        return not self.unmet

    @property
    def credits(self) -> int:
        return sum(u.credits or 0 for u in self.units)


def resolve_units(qualification: Qualification, codes: Iterable[str]) -> tuple[Unit, ...]:
    """The units named by `codes`, each once, in the order given; unknown codes are refused."""
    units: list[Unit] = []
    unknown: list[str] = []
    for code in codes:
        unit = qualification.unit(code)
        if unit is None:
            unknown.append(code)
        elif unit not in units:
            units.append(unit)
    if unknown:
        raise UnknownUnitsError(qualification, unknown)
    return tuple(units)


def check_combination(qualification: Qualification, codes: Iterable[str]) -> CombinationResult:
    """Run every rule of the qualification over the units named by `codes`."""
    units = resolve_units(qualification, codes)
    unmet: list[str] = []
    for rule in qualification.rules:
        unmet.extend(_CHECKS[rule.type](qualification, rule, units))
    return CombinationResult(qualification, units, tuple(unmet))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _in_groups(rule: Rule, units: tuple[Unit, ...]) -> list[Unit]:
    if not rule.groups:
        return list(units)
    return [u for u in units if u.group in rule.groups]


def _groups_phrase(qualification: Qualification, groups: tuple[str, ...]) -> str:
    if not groups:
        return ""
    optional = {g.id for g in qualification.groups if not g.mandatory}
    if set(groups) == optional and len(groups) > 1:
        return " from the optional " + (
            "themes" if qualification.group(groups[0]).noun == "theme" else "groups"
        )
    return " from " + " and ".join(qualification.group(g).name for g in groups)


def _all_units_in_group(qualification, rule, units):
    for unit in qualification.units_in(rule.group):
        if unit not in units:
            kind = "mandatory unit" if qualification.group(rule.group).mandatory else "unit"
            yield f"needs the {kind} {unit.code} ({unit.title})"


def _min_units(qualification, rule, units):
    have = len(_in_groups(rule, units))
    if have < rule.min:
        where = _groups_phrase(qualification, rule.groups)
        yield (
            f"needs {_plural(rule.min - have, 'more unit')}{where} "
            f"(has {have}, at least {rule.min} needed)"
        )


def _min_units_each_group(qualification, rule, units):
    for group_id in rule.groups:
        have = sum(1 for u in units if u.group == group_id)
        if have < rule.min:
            group = qualification.group(group_id)
            yield f"needs {_plural(rule.min - have, 'more unit')} from {group.name}"


def _max_units_at_level(qualification, rule, units):
    at_level = [u for u in units if u.level == rule.level]
    if len(at_level) > rule.max:
        verb = "imported" if rule.level < qualification.level else "taken"
        codes = ", ".join(u.code for u in at_level)
        yield (
            f"has {_plural(len(at_level), f'Level {rule.level} unit')} ({codes}), "
            f"at most {rule.max} may be {verb}"
        )


def _min_credits(qualification, rule, units):
    have = sum(u.credits or 0 for u in _in_groups(rule, units))
    if have < rule.min:
        where = _groups_phrase(qualification, rule.groups)
        yield f"has {_plural(have, 'credit')}{where}, at least {rule.min} needed"


def _min_credits_at_level(qualification, rule, units):
    have = sum(u.credits or 0 for u in _in_groups(rule, units) if u.level == rule.level)
    if have < rule.min:
        where = _groups_phrase(qualification, rule.groups)
        yield (
            f"has {_plural(have, 'credit')} at Level {rule.level}{where}, "
            f"at least {rule.min} needed"
        )


_CHECKS = {
    "all_units_in_group": _all_units_in_group,
    "min_units": _min_units,
    "min_units_each_group": _min_units_each_group,
    "max_units_at_level": _max_units_at_level,
    "min_credits": _min_credits,
    "min_credits_at_level": _min_credits_at_level,
}
RULE_TYPES = tuple(_CHECKS)
