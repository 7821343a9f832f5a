"""The merge rule (logbook/domain/merge.py): the current record is a function of the set of
versions, whatever order they came in; nothing is lost, and a field set twice is flagged."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from logbook.domain.merge import CHOOSE, Version, conflict_flags, merge_record


def digest(content: dict) -> str:
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


BASE = {"id": "r1", "kind": "observation", "venue": "Front desk", "activity": "Served", "n": 1}


def version(content, parents=(), fields=None, at="2026-11-24T09:00", device="a", n=0, merge=False):
    if fields is None:
        fields = tuple(sorted(content)) if not parents else ()
    event_id = f"e-{device}-{n}-{at}-{digest(content)[:6]}-{','.join(parents)}"
    # an edit's node is its entry's hash; a merge's, its parents' and content's
    node = digest({"parents": sorted(parents), "content": content} if merge else {"e": event_id})
    return Version(
        event_id=event_id, record_id="r1", node=node, parents=tuple(parents),
        fields=tuple(fields), content=content, at=at, device=device, merge=merge,
    )  # fmt: skip


def edit(parent: Version, at: str, device: str, **changes) -> Version:
    content = {**parent.content, **changes}
    return version(content, [parent.node], tuple(sorted(changes)), at, device)


def test_a_change_made_after_another_replaces_it():
    base = version(BASE)
    first = edit(base, "2026-11-24T10:00", "a", venue="Back office")
    second = edit(first, "2026-11-24T09:00", "b", venue="Stock room")  # an earlier clock
    merged = merge_record([second, base, first])
    assert merged.content["venue"] == "Stock room" and merged.conflicts == {}
    assert merged.heads == (second.node,)


def test_two_changes_of_different_fields_are_both_kept():
    base = version(BASE)
    a = edit(base, "2026-11-24T10:00", "laptop-a", venue="Back office")
    b = edit(base, "2026-11-24T11:00", "laptop-b", activity="Handled a complaint")
    merged = merge_record([a, b, base])
    assert merged.content == {**BASE, "venue": "Back office", "activity": "Handled a complaint"}
    assert merged.conflicts == {} and len(merged.heads) == 2


def test_the_same_field_twice_keeps_both_the_later_clock_current_and_flags_it():
    base = version(BASE)
    a = edit(base, "2026-11-24T12:00", "laptop-a", venue="Back office")
    b = edit(base, "2026-11-24T11:00", "laptop-b", venue="Stock room")
    merged = merge_record([b, a, base])
    assert merged.content["venue"] == "Back office"
    assert [s.value for s in merged.conflicts["venue"]] == ["Back office", "Stock room"]
    (flag,) = conflict_flags(merged, "observation")
    assert CHOOSE in flag.text and flag.for_whom == "assessor"


def test_the_same_clock_is_decided_by_the_device_name():
    base = version(BASE)
    a = edit(base, "2026-11-24T12:00", "laptop-a", venue="Back office")
    b = edit(base, "2026-11-24T12:00", "laptop-b", venue="Stock room")
    assert merge_record([a, b, base]).content["venue"] == "Stock room"


def test_a_change_made_after_the_merge_that_sets_the_field_resolves_it():
    base = version(BASE)
    a = edit(base, "2026-11-24T12:00", "laptop-a", venue="Back office")
    b = edit(base, "2026-11-24T11:00", "laptop-b", venue="Stock room")
    first = merge_record([a, b, base])
    merge = version(first.content, sorted(first.heads), (), "2026-11-24T13:00", "a", merge=True)
    assert merge_record([a, b, base, merge]).conflicts  # a merge alone chooses nothing
    chosen = version({**first.content, "venue": "Stock room"}, [merge.node], ("venue",),
                     "2026-11-24T14:00", "laptop-a")  # fmt: skip
    after = merge_record([a, b, base, merge, chosen])
    assert after.content["venue"] == "Stock room" and after.conflicts == {}


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_every_order_and_every_repetition_gives_the_same_record(data):
    base = version(BASE)
    versions = [base]
    for n in range(data.draw(st.integers(1, 6))):
        parent = data.draw(st.sampled_from(versions))
        field = data.draw(st.sampled_from(["venue", "activity", "n"]))
        value = data.draw(st.sampled_from(["x", "y", 3]))
        device = data.draw(st.sampled_from(["a", "b", "c"]))
        at = f"2026-11-24T{data.draw(st.integers(10, 12))}:00"
        content = {**parent.content, field: value}
        versions.append(version(content, [parent.node], (field,), at, device, n + 1))
    shuffled = data.draw(st.permutations(versions))
    repeated = shuffled + data.draw(st.lists(st.sampled_from(versions), max_size=3))
    one, other = merge_record(versions), merge_record(repeated)
    assert one.content == other.content and one.conflicts == other.conflicts
    assert one.heads == other.heads
    # nothing lost: every value set by a head survives, current or as a sibling
    for v in versions:
        if v.node in one.heads:
            for field in v.fields:
                kept = [s.value for s in one.conflicts.get(field, [])] + [one.content[field]]
                assert v.content[field] in kept


@settings(max_examples=100, deadline=None)
@given(
    content=st.dictionaries(
        st.sampled_from(["id", "kind", "venue", "notes", "links"]),
        st.none() | st.integers() | st.text(max_size=5) | st.lists(st.integers(), max_size=2),
        min_size=1,
    ),
    fields=st.lists(st.sampled_from(["venue", "notes", "other"]), unique=True),
    parents=st.lists(st.sampled_from(["0" * 64, "1" * 64]), max_size=2, unique=True),
)
def test_a_record_with_one_version_is_that_version(content, fields, parents):
    """Most records have one version: it is the record as written, in its order, whatever
    version it says it changed (one not known here) and whatever fields it names."""
    only = version(content, parents=parents, fields=fields)
    merged = merge_record([only])
    assert merged.content == content and list(merged.content) == list(content)
    assert merged.heads == (only.node,) and not merged.conflicts
    assert merged.content is not content  # a copy: the version's content is never changed
