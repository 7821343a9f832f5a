"""The shape of a qualification standard: units, their assessable items, groups and rules.

Plain data, built by `logbook.qualifications` from the files in `standards/`. Codes are what an
assessor types; `normalise_code` makes `f3 3.12`, `F3 3.12` and `F33.12` the same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

CONTEXTS = ("real_work", "rwe", "simulation")
CONTEXT_NAMES = {
    "real_work": "real work",
    "rwe": "a realistic working environment",
    "simulation": "simulation",
}


@lru_cache(maxsize=16384)
def normalise_code(code: str) -> str:
    """The form codes are compared in: case and spaces do not matter."""
    return "".join(code.split()).casefold()


@dataclass(frozen=True)
class Item:
    """One thing a unit's evidence must cover: a criterion, a knowledge item or a range item."""

    code: str
    text: str
    kind: str  # "criterion" | "knowledge" | "range"
    evidence: str  # "performance" | "knowledge": which of the unit's context lists applies
    parent: str | None = None  # the element or evidence requirement it belongs to

    @property
    def kind_name(self) -> str:
        return {"criterion": "criterion", "knowledge": "knowledge item", "range": "range item"}[
            self.kind
        ]


@dataclass(frozen=True)
class Criterion:
    code: str
    text: str
    kind: str = "performance"


@dataclass(frozen=True)
class Element:
    code: str
    title: str
    criteria: tuple[Criterion, ...]
    kind: str = "performance"


@dataclass(frozen=True)
class EvidenceRequirement:
    code: str
    text: str
    range: tuple[Criterion, ...]


@dataclass(frozen=True)
class SimulationReason:
    """A kind of criterion for which a source allows simulation, e.g. OCR's 'risk of harm'."""

    id: str
    text: str


@dataclass(frozen=True)
class Contexts:
    performance: tuple[str, ...]
    knowledge: tuple[str, ...]
    basis: str
    # where the qualification names the reasons simulation may be used for, simulation counts
    # only with one of them recorded (the ids of `Qualification.simulation_reasons`)
    simulation_reasons: tuple[str, ...] = ()

    def allows(self, context: str, evidence: str) -> bool:
        allowed = self.performance if evidence == "performance" else self.knowledge
        return context in allowed

    @property
    def allows_simulation(self) -> bool:
        return "simulation" in self.performance or "simulation" in self.knowledge


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    noun: str  # "group" | "theme"
    mandatory: bool
    label: str = ""

    @property
    def name(self) -> str:
        """How a message names it: 'the theme Delivery' or 'Group D (Handling problems)'."""
        if self.noun == "theme":
            return f"the theme {self.title}"
        if self.label and self.label != self.title:
            return f"{self.label} ({self.title})"
        return self.title


@dataclass(frozen=True)
class Unit:
    code: str
    title: str
    level: int
    credits: int | None
    glh: int | None
    group: str
    assessed_as_whole: bool
    contexts: Contexts
    elements: tuple[Element, ...] = ()
    knowledge: tuple[Criterion, ...] = ()
    evidence_requirements: tuple[EvidenceRequirement, ...] = ()
    refs: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    source_file: str = ""  # the standards file the unit came from
    centre_source: str = ""  # for a unit from a centre's file: the document that file names

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title_only(self) -> bool:
        """The standards give the unit by its title only: the logbook cannot list its criteria,
        so the unit is one item and sign-off asks the assessor to confirm the whole unit."""
        return self.assessed_as_whole

    @property
    def from_centre(self) -> bool:
        return bool(self.centre_source)

    @property
    def items(self) -> tuple[Item, ...]:
        """Everything that must be covered before this unit can be signed off, in order."""
        cached = self.__dict__.get("_items")
        if cached is None:
            cached = tuple(self._build_items())
            object.__setattr__(self, "_items", cached)
        return cached

    def _build_items(self):
        if self.assessed_as_whole:
            yield Item(self.code, self.title, "criterion", "performance")
        for element in self.elements:
            if not element.criteria:
                yield Item(element.code, element.title, "criterion", element.kind)
            for criterion in element.criteria:
                evidence = (
                    "knowledge"
                    if "knowledge" in (criterion.kind, element.kind)
                    else ("performance")
                )
                yield Item(criterion.code, criterion.text, "criterion", evidence, element.code)
        for knowledge in self.knowledge:
            yield Item(knowledge.code, knowledge.text, "knowledge", "knowledge")
        for requirement in self.evidence_requirements:
            for item in requirement.range:
                yield Item(item.code, item.text, "range", "performance", requirement.code)

    def item(self, code: str) -> Item | None:
        index = self.__dict__.get("_item_index")
        if index is None:  # by normalised code, the first item of each (a lookup per link)
            index = {}
            for item in self.items:
                index.setdefault(normalise_code(item.code), item)
            object.__setattr__(self, "_item_index", index)
        return index.get(normalise_code(code))


@dataclass(frozen=True)
class Rule:
    type: str
    groups: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    level: int | None = None
    group: str | None = None
    count: int | None = None  # award_units: how many units of `groups` the award counts
    source: str = ""  # where the rule is written: section and words of the source document
    reading: str = ""  # how the logbook reads words that could be read two ways


@dataclass(frozen=True)
class MinimumAge:
    years: int
    source: str


@dataclass(frozen=True)
class Qualification:
    id: str
    title: str
    awarding_body: str
    level: int
    accreditation_number: str | None
    units: tuple[Unit, ...]
    groups: tuple[Group, ...]
    rules: tuple[Rule, ...]
    source: str = ""
    notes: tuple[str, ...] = ()
    unit_code_name: str = "unit number"
    minimum_age: MinimumAge | None = None  # only where the source document writes one
    simulation_reasons: tuple[SimulationReason, ...] = ()
    simulation_source: str = ""
    source_file: str = ""
    centre_files: tuple[str, ...] = ()  # the centre's files that replace or add units

    def simulation_reason(self, reason_id: str) -> SimulationReason | None:
        return next((r for r in self.simulation_reasons if r.id == reason_id), None)

    def group(self, group_id: str) -> Group:
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)

    def unit(self, code: str) -> Unit | None:
        """The unit an assessor means by `code` (its number as printed, or an alias)."""
        wanted = normalise_code(code)
        if wanted.startswith("unit") and len(wanted) > 4:
            wanted = wanted[4:]
        index = self.__dict__.get("_unit_index")
        if index is None:  # by normalised code and alias, the first unit of each
            index = {}
            for unit in self.units:
                for name in (unit.code, *unit.aliases):
                    index.setdefault(normalise_code(name), unit)
            object.__setattr__(self, "_unit_index", index)
        return index.get(wanted)

    def units_in(self, group_id: str) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.group == group_id)

    @property
    def mandatory_units(self) -> tuple[Unit, ...]:
        mandatory = {g.id for g in self.groups if g.mandatory}
        return tuple(u for u in self.units if u.group in mandatory)

    def find_item(self, code: str) -> tuple[Unit, Item] | None:
        """The unit and item a code names, searching every unit of the qualification."""
        for unit in self.units:
            item = unit.item(code)
            if item is not None:
                return unit, item
        return None
