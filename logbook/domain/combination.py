"""Rules of combination: does a set of units achieve a qualification, and if not, why not.

Every unmet rule is said in words an assessor understands, e.g. "needs 1 more unit from the
theme Handling problems" or "has 4 Level 2 units, at most 3 may be imported". Where the data
records how it reads words that could be read two ways (`Rule.reading`), the reason says it.

An `award_units` rule says the award counts exactly so many units of some groups. Fewer do not
achieve it; more are not wrong (each unit is still signed off and certificated on its own) but
more than the award needs: the result says so in `remarks`, and the other rules are checked on
the units the award counts, the best choice of them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from logbook.domain.standards import Qualification, Rule, Unit


class UnitChoiceError(ValueError):
    """The units named cannot be checked: some are not in the qualification, or some are
    named more than once."""

    def __init__(
        self,
        message: str,
        unknown: list[str] | None = None,
        repeated: list[tuple[str, list[str]]] | None = None,
    ):
        super().__init__(message)
        self.unknown = unknown or []
        self.repeated = repeated or []  # (unit code, the codes typed for it)


def _repeats_phrase(repeated: list[tuple[str, list[str]]]) -> str:
    parts = []
    for code, typed in repeated:
        shown = " and ".join(repr(t) for t in typed) if len(set(typed)) > 1 else repr(typed[0])
        times = {2: "twice"}.get(len(typed), f"{len(typed)} times")
        parts.append(
            f"unit {code} is named {times}" + (f" ({shown})" if len(set(typed)) > 1 else "")
        )
    return "; ".join(parts) + ": name each unit once"


class UnknownUnitsError(UnitChoiceError):
    """Some of the units named are not in the qualification."""

    def __init__(
        self,
        qualification: Qualification,
        unknown: list[str],
        repeated: list[tuple[str, list[str]]] | None = None,
    ):
        known = ", ".join(u.code for u in qualification.units)
        names = ", ".join(repr(code) for code in unknown)
        noun = "unit" if len(unknown) == 1 else "units"
        message = f"{qualification.title} has no {noun} {names}; its units are: {known}"
        if repeated:
            message += f"; and {_repeats_phrase(repeated)}"
        super().__init__(message, unknown, repeated)


class RepeatedUnitsError(UnitChoiceError):
    """A unit is named twice (perhaps once by its number and once by an alias)."""

    def __init__(self, repeated: list[tuple[str, list[str]]]):
        super().__init__(_repeats_phrase(repeated), [], repeated)


@dataclass(frozen=True)
class CombinationResult:
    qualification: Qualification
    units: tuple[Unit, ...]
    unmet: tuple[str, ...]
    remarks: tuple[str, ...] = ()  # said about the choice without stopping it: extra units
    counted: tuple[Unit, ...] = ()  # the units the award counts, where it counts fewer

    @property
    def achieved(self) -> bool:
        return not self.unmet

    @property
    def credits(self) -> int:
        return sum(u.credits or 0 for u in self.units)


def resolve_units(qualification: Qualification, codes: Iterable[str]) -> tuple[Unit, ...]:
    """The units named by `codes`, in the order given. A code the qualification does not have
    is refused (UnknownUnitsError), and so is a unit named twice (RepeatedUnitsError), whether
    typed the same way twice or once by its number and once by an alias ('301' and '7')."""
    units: list[Unit] = []
    unknown: list[str] = []
    typed: dict[str, list[str]] = {}
    for code in codes:
        unit = qualification.unit(code)
        if unit is None:
            unknown.append(code)
            continue
        typed.setdefault(unit.code, []).append(code)
        if unit not in units:
            units.append(unit)
    repeated = [(code, names) for code, names in typed.items() if len(names) > 1]
    if unknown:
        raise UnknownUnitsError(qualification, unknown, repeated)
    if repeated:
        raise RepeatedUnitsError(repeated)
    return tuple(units)


def check_combination(qualification: Qualification, codes: Iterable[str]) -> CombinationResult:
    """Run every rule of the qualification over the units named by `codes`."""
    units = resolve_units(qualification, codes)
    award_rules = [r for r in qualification.rules if r.type == "award_units"]
    remarks = tuple(
        remark for rule in award_rules for remark in _more_than_needed(qualification, rule, units)
    )
    best: tuple[tuple[Unit, ...], list[str]] | None = None
    for counted in _award_choices(award_rules, units):
        unmet = _unmet(qualification, counted)
        if best is None or len(unmet) < len(best[1]):
            best = (counted, unmet)
        if not unmet:
            break
    counted, unmet = best if best is not None else (units, _unmet(qualification, units))
    return CombinationResult(
        qualification,
        units,
        tuple(unmet),
        remarks,
        counted if counted != units else (),
    )


def _unmet(qualification: Qualification, units: tuple[Unit, ...]) -> list[str]:
    unmet: list[str] = []
    for rule in qualification.rules:
        unmet.extend(_CHECKS[rule.type](qualification, rule, units))
    return unmet


def _award_choices(rules: list[Rule], units: tuple[Unit, ...]) -> Iterable[tuple[Unit, ...]]:
    """Every essentially different choice of the units the award counts, when more are
    chosen than `award_units` rules count; just the units themselves otherwise.

    Units of one group, level and credit value are alike to every rule but one that names
    units (the mandatory ones, which an award rule never counts), so choices are made between
    kinds of unit, not units: a few dozen at most, not the thousands of subsets."""
    per_rule = []
    for rule in rules:
        members = [u for u in units if u.group in rule.groups]
        if len(members) <= rule.count:
            continue
        kinds: dict[tuple, list[Unit]] = {}
        for unit in members:
            kinds.setdefault((unit.group, unit.level, unit.credits), []).append(unit)
        per_rule.append((members, _take(list(kinds.values()), rule.count)))
    if not per_rule:
        yield units
        return
    dropped_from = [set(map(id, members)) for members, _ in per_rule]
    for picks in itertools.product(*(choices for _, choices in per_rule)):
        kept = {id(u) for pick in picks for u in pick}
        yield tuple(u for u in units if id(u) in kept or not any(id(u) in d for d in dropped_from))


def _take(kinds: list[list[Unit]], count: int) -> list[list[Unit]]:
    """Each way of taking `count` units from the kinds, as the first units of each kind,
    those typed first first."""
    if count == 0:
        return [[]]
    if not kinds:
        return []
    first, rest = kinds[0], kinds[1:]
    return [
        first[:n] + tail
        for n in range(min(len(first), count), -1, -1)
        for tail in _take(rest, count - n)
    ]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _read(rule: Rule) -> str:
    return f" ({rule.reading})" if rule.reading else ""


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
            f"(has {have}, at least {rule.min} needed){_read(rule)}"
        )


def _award_units(qualification, rule, units):
    have = len(_in_groups(rule, units))
    if have < rule.count:
        where = _groups_phrase(qualification, rule.groups)
        yield (
            f"needs {_plural(rule.count - have, 'more unit')}{where} "
            f"(has {have}, the award counts {rule.count})"
        )


def _more_than_needed(qualification, rule, units):
    have = len(_in_groups(rule, units))
    if have > rule.count:
        where = _groups_phrase(qualification, rule.groups)
        reading = f"; {rule.reading}" if rule.reading else ""
        yield (
            f"has {_plural(have, 'unit')}{where}, {have - rule.count} more than the award "
            f"needs: it counts {rule.count}, and the others are still signed off and "
            f"certificated as units{reading}"
        )


def _min_units_each_group(qualification, rule, units):
    for group_id in rule.groups:
        have = sum(1 for u in units if u.group == group_id)
        if have < rule.min:
            group = qualification.group(group_id)
            yield f"needs {_plural(rule.min - have, 'more unit')} from {group.name}{_read(rule)}"


def _max_units_at_level(qualification, rule, units):
    at_level = [u for u in units if u.level == rule.level]
    if len(at_level) > rule.max:
        verb = "imported" if rule.level < qualification.level else "taken"
        codes = ", ".join(u.code for u in at_level)
        yield (
            f"has {_plural(len(at_level), f'Level {rule.level} unit')} ({codes}), "
            f"at most {rule.max} may be {verb}{_read(rule)}"
        )


def _min_credits(qualification, rule, units):
    have = sum(u.credits or 0 for u in _in_groups(rule, units))
    if have < rule.min:
        where = _groups_phrase(qualification, rule.groups)
        yield f"has {_plural(have, 'credit')}{where}, at least {rule.min} needed{_read(rule)}"


def _min_credits_at_level(qualification, rule, units):
    have = sum(u.credits or 0 for u in _in_groups(rule, units) if u.level == rule.level)
    if have < rule.min:
        where = _groups_phrase(qualification, rule.groups)
        yield (
            f"has {_plural(have, 'credit')} at Level {rule.level}{where}, "
            f"at least {rule.min} needed{_read(rule)}"
        )


_CHECKS = {
    "all_units_in_group": _all_units_in_group,
    "min_units": _min_units,
    "award_units": _award_units,
    "min_units_each_group": _min_units_each_group,
    "max_units_at_level": _max_units_at_level,
    "min_credits": _min_credits,
    "min_credits_at_level": _min_credits_at_level,
}
RULE_TYPES = tuple(_CHECKS)


def describe_rule(qualification: Qualification, rule: Rule) -> str:
    """A rule in words, as `logbook standards show` lists it beside where it is written."""
    where = _groups_phrase(qualification, rule.groups)
    if rule.type == "all_units_in_group":
        codes = ", ".join(u.code for u in qualification.units_in(rule.group))
        return f"every unit of {qualification.group(rule.group).name} ({codes})"
    if rule.type == "min_units":
        return f"at least {_plural(rule.min, 'unit')}{where}"
    if rule.type == "award_units":
        return f"the award counts exactly {_plural(rule.count, 'unit')}{where}"
    if rule.type == "min_units_each_group":
        names = ", ".join(qualification.group(g).name for g in rule.groups)
        return f"at least {_plural(rule.min, 'unit')} from each of: {names}"
    if rule.type == "max_units_at_level":
        return f"at most {_plural(rule.max, 'unit')} at Level {rule.level}"
    if rule.type == "min_credits":
        return f"at least {_plural(rule.min, 'credit')}{where or ' in all'}"
    if rule.type == "min_credits_at_level":
        return f"at least {_plural(rule.min, 'credit')} at Level {rule.level}{where}"
    return rule.type
