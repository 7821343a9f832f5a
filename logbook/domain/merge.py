"""What a record is when several devices changed it: one rule, the same on every device.

Every change is a *version* of a record: its content (the whole record), its `node` (the hash of
the history entry that wrote it; for a merge, a hash of its parents and content, so that two
devices merging the same versions make the same node), the nodes of the versions it changed
(`parents`; none for a new record) and the fields it set. Versions arrive in any order, more
than once, from any device; the current record is a function of the *set* of versions alone, so
every device that holds the same versions computes the same record and the same flags.

The rule, field by field (nothing is lost and nobody re-keys):

* a field takes the value of the version that set it last along the history: a version set by
  a change made after seeing another (its ancestor) replaces it;
* two changes made without seeing each other (neither an ancestor of the other) that set
  *different* fields are both kept: the fields are merged;
* two such changes that set the *same* field to different values: the current value is the one
  with the later clock, then the greater device name (then event id), so every device picks the
  same one; the other is kept as a sibling and the field is flagged "2 versions: choose" for the
  assessor. A later change made after seeing the flag that sets the field resolves it.

A choice *settles* the versions it names (`settles`: their event ids): a conflict whose every
version is named by some version of the logbook is no longer flagged, whichever record names
them. So a choice made on a record of a signed-off unit, saved as a correction (a new record),
clears the flag of the record it corrects; a version that arrives later, unnamed, flags the
field again. Entries written before choices named versions name none (`settles` empty).

A merge version (`merge=True`) sets no field: it only says that its content descends from its
parents, so that a change made on the merged record is known to have seen them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

MISSING = object()


@dataclass(frozen=True)
class Version:
    event_id: str
    record_id: str
    node: str
    parents: tuple[str, ...]
    fields: tuple[str, ...]
    content: dict
    at: str
    device: str
    by: str = ""
    merge: bool = False
    settles: tuple[str, ...] = ()  # event ids of the versions a choice settles (none: older)


@dataclass(frozen=True)
class Sibling:
    """A value of a field kept beside the current one: who set it, where and when
    (`event_id`: the latest version that set it; `event_ids`: every current version that did)."""

    value: object
    at: str
    device: str
    by: str
    event_id: str
    event_ids: tuple[str, ...] = ()


@dataclass
class Merged:
    """One record as the versions make it."""

    record_id: str
    content: dict
    heads: tuple[str, ...]  # the nodes no other version descends from
    conflicts: dict[str, list[Sibling]] = field(default_factory=dict)  # current value first

    @property
    def needs_merge_entry(self) -> bool:
        return len(self.heads) > 1


def _key(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _order(version: Version) -> tuple[str, str, str]:
    return (version.at, version.device, version.event_id)


def _ancestors(versions: list[Version]) -> dict[str, frozenset[str]]:
    """For each node, every node it descends from (through versions known here)."""
    parents: dict[str, set[str]] = {}
    for version in versions:
        parents.setdefault(version.node, set()).update(version.parents)
    known = set(parents)
    out: dict[str, frozenset[str]] = {}
    for start in parents:
        seen: set[str] = set()
        stack = [p for p in parents[start] if p in known]
        while stack:
            node = stack.pop()
            if node in seen or node == start:
                continue
            seen.add(node)
            stack.extend(p for p in parents.get(node, ()) if p in known)
        out[start] = frozenset(seen)
    return out


def _written_fields(version: Version, known: set[str]) -> tuple[str, ...]:
    """The fields a version sets; `known`: the nodes here."""
    if version.merge:
        return ()
    if not version.parents or not all(p in known and p != version.node for p in version.parents):
        # a new record, or a change of a version not known here: it stands for all it holds
        return tuple(sorted(set(version.content) | set(version.fields)))
    return version.fields


def _sibling(name: str, same: list[Version]) -> Sibling:
    """One value of a field in conflict: the latest version that set it, and all that did."""
    v = same[0]
    ids = tuple(sorted(w.event_id for w in same))
    return Sibling(v.content.get(name), v.at, v.device, v.by, v.event_id, ids)


def merge_record(versions: Iterable[Version]) -> Merged | None:
    """The current content of one record, with the fields in conflict; None without versions."""
    unique = {v.event_id: v for v in versions}
    versions = sorted(unique.values(), key=_order)
    if not versions:
        return None
    if len(versions) == 1 and not versions[0].merge:
        # one version (most records): what the rule below makes of it, without the work of
        # it: every field it holds, as it holds them, its node the one head, no conflict
        only = versions[0]
        return Merged(only.record_id, dict(only.content), (only.node,), {})
    known = {v.node for v in versions}
    ancestors = _ancestors(versions)
    below = set().union(*ancestors.values())
    heads = tuple(sorted(d for d in known if d not in below))
    writers: dict[str, list[Version]] = {}
    for version in versions:
        for name in _written_fields(version, known):
            writers.setdefault(name, []).append(version)
    values: dict[str, object] = {}
    conflicts: dict[str, list[Sibling]] = {}
    for name, wrote in writers.items():
        current = [
            w
            for w in wrote
            if not any(w.node in ancestors[o.node] for o in wrote if o.node != w.node)
        ]
        current.sort(key=_order, reverse=True)
        winner = current[0]
        values[name] = winner.content.get(name, MISSING)
        distinct: dict[str, list[Version]] = {}
        for version in current:
            distinct.setdefault(_key(version.content.get(name)), []).append(version)
        if len(distinct) > 1:
            conflicts[name] = [_sibling(name, same) for same in distinct.values()]
    latest = versions[-1].content
    order = [k for k in latest if k in values] + sorted(k for k in values if k not in latest)
    content = {k: values[k] for k in order if values[k] is not MISSING}
    return Merged(versions[0].record_id, content, heads, conflicts)


def merge_all(versions: Iterable[Version]) -> dict[str, Merged]:
    """Every record the versions speak of, merged (`merge_record`), by record id."""
    by_record: dict[str, list[Version]] = {}
    for version in versions:
        by_record.setdefault(version.record_id, []).append(version)
    out = {}
    for record_id, group in by_record.items():
        merged = merge_record(group)
        if merged is not None:
            out[record_id] = merged
    return out


def changed_fields(old: dict | None, new: dict) -> tuple[str, ...]:
    """The fields a change sets: every field of a new record, else those that differ."""
    if old is None:
        return tuple(sorted(new))
    names = set(old) | set(new)
    return tuple(sorted(n for n in names if old.get(n, MISSING) != new.get(n, MISSING)))


def settled_by(versions: Iterable[Version]) -> frozenset[str]:
    """The event ids the choices among these versions (of any record of a logbook) settle."""
    return frozenset(e for v in versions for e in v.settles)


def open_conflicts(merged: Merged, settled: frozenset[str] = frozenset()) -> dict:
    """The fields of a merged record still to choose: those in conflict whose versions are not
    all settled by a choice (`settled_by`)."""
    return {
        name: siblings
        for name, siblings in merged.conflicts.items()
        if not all(e in settled for s in siblings for e in (s.event_ids or (s.event_id,)))
    }


def settles(siblings: Iterable[Sibling]) -> tuple[str, ...]:
    """What a choice among these values names: every version that set one of them."""
    return tuple(sorted({e for s in siblings for e in (s.event_ids or (s.event_id,))}))


CHOOSE = "2 versions: choose"


@dataclass(frozen=True)
class Flag:
    """Something a merge left for a person: for the assessor to choose, or for the IQA to see."""

    record_id: str
    kind: str
    for_whom: str  # "assessor" or "iqa"
    text: str


def _shown(value, limit: int = 40) -> str:
    text = value if isinstance(value, str) else _key(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def conflict_flags(merged: Merged, what: str, settled: frozenset[str] = frozenset()) -> list[Flag]:
    """'2 versions: choose', one flag per field set twice without either seeing the other and
    not settled by a choice: each value (the current one first, cut to 40 characters) and the
    device it came from."""
    out = []
    for name, siblings in sorted(open_conflicts(merged, settled).items()):
        count = len(siblings)
        words = CHOOSE if count == 2 else f"{count} versions: choose"
        versions = "; ".join(f"{_shown(s.value)} from {s.device}" for s in siblings)
        out.append(
            Flag(merged.record_id, "choose", "assessor", f"{what}: {name}: {words}: {versions}")
        )
    return out
