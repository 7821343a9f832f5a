"""`verify` asks of every self-contained history entry whether it has the shape of an event
(`history.event_shape_problem`) and of every record whether it is what its entries make of it
(`history.verify_chain`), by shortcuts: an id as this program writes it is taken for a UUID
without asking `uuid.UUID` (`_is_uuid`), lists of names and of hashes are checked in C
(`_short_texts`, `_sha256_hashes`), a record with one sound entry is checked against that
entry's digest without the merge (`_is_current`), and a key's shape is asked once for all the
entries that name it (`_signature_shaped`). Each must give the answer of the full check on
every value, damaged or odd, so a damaged file is reported as before."""

from __future__ import annotations

import re
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from logbook.domain.merge import merge_record
from logbook.store import history as chain
from logbook.store.history import (
    MAX_FIELDS,
    _is_current,
    _is_uuid,
    _same_version,
    _sha256_hashes,
    _short_texts,
    _signature_shaped,
    event_shape_problem,
    version_of,
)
from logbook.store.signing import signature_shaped

A_UUID = "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
UUID_FORMS = [
    A_UUID,
    A_UUID.upper(),
    "{" + A_UUID + "}",
    "urn:uuid:" + A_UUID,
    A_UUID.replace("-", ""),
    A_UUID + "\n",
    " " + A_UUID,
    A_UUID[:-1],
    A_UUID[:-1] + "g",
    A_UUID[:8] + "_" + A_UUID[9:],
    "",
]


def _reads_as_uuid(value) -> bool:
    """The full check, as `event_shape_problem` asked it before the shortcut."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class Text(str):
    """A `str` of another type: `isinstance` says it is text."""


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.sampled_from(UUID_FORMS),
        st.sampled_from(UUID_FORMS).map(Text),
        st.uuids().map(str),
        st.uuids().map(lambda u: u.hex),
        st.uuids(),
        st.text(max_size=40),
        st.integers(),
        st.none(),
        st.lists(st.just(A_UUID), max_size=1),
    )
)
def test_the_uuid_shortcut_gives_the_answer_of_uuid_itself(value):
    assert _is_uuid(value) == _reads_as_uuid(value)


def _short_texts_in_full(value) -> bool:
    """The full check on an entry's `fields` (and `settles`), as it was asked item by item."""
    return (
        isinstance(value, list)
        and len(value) <= MAX_FIELDS
        and all(isinstance(f, str) and len(f) <= 100 for f in value)
    )


ITEMS = st.one_of(
    st.text(max_size=4),
    st.sampled_from(["a" * 100, "a" * 101, "é" * 101, ""]),
    st.sampled_from(["date", "a" * 101]).map(Text),
    st.integers(0, 2),
    st.none(),
    st.booleans(),
    st.lists(st.just("date"), max_size=1),
    st.binary(max_size=2),
)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.lists(ITEMS, max_size=6),
        st.sampled_from([["f"] * MAX_FIELDS, ["f"] * (MAX_FIELDS + 1), []]),
        st.tuples(st.just("date")),
        st.text(max_size=3),
        st.none(),
        st.dictionaries(st.text(max_size=2), st.text(max_size=2), max_size=2),
    )
)
def test_the_names_shortcut_gives_the_answer_of_the_full_check(value):
    assert _short_texts(value) == _short_texts_in_full(value)


def _event(record: dict, parents=(), at="2026-01-05T09:00:00.000+00:00") -> dict:
    return chain.make_entry(
        None, "add", record, "Test Assessor", at=at, device="laptop", parents=list(parents)
    )


RECORD = {"kind": "witness", "id": A_UUID, "name": "Ann Lee", "knows_standards": False}


def _damages() -> list[tuple[str, dict, list[dict]]]:
    """(what, the record as the file holds it, the record's entries), each one damage."""
    cases = []
    entry = _event(RECORD)
    cases.append(("as written", dict(RECORD), [entry]))
    cases.append(("record changed", {**RECORD, "name": "Bob"}, [entry]))
    cases.append(("a field added", {**RECORD, "contact": ""}, [entry]))
    cases.append(("a bool for a number", {**RECORD, "knows_standards": 0}, [entry]))
    # content and record changed alike, the digest left: the merge finds them the same
    changed = {**RECORD, "name": "Bob"}
    cases.append(("content changed with the record", changed, [{**entry, "content": changed}]))
    cases.append(("content changed, not the record", dict(RECORD), [{**entry, "content": changed}]))
    cases.append(("digest changed", dict(RECORD), [{**entry, "digest": "0" * 64}]))
    cases.append(("digest not text", dict(RECORD), [{**entry, "digest": None}]))
    cases.append(("a merge", dict(RECORD), [{**entry, "action": chain.MERGE}]))
    cases.append(("a merge, changed", changed, [{**entry, "action": chain.MERGE}]))
    cases.append(("id not a UUID", dict(RECORD), [{**entry, "id": "x"}]))
    cases.append(("fields not names", changed, [{**entry, "fields": [1]}]))
    later = _event(changed, parents=[entry["hash"]], at="2026-01-06T09:00:00.000+00:00")
    cases.append(("two versions, the later kept", changed, [entry, later]))
    cases.append(("two versions, the earlier kept", dict(RECORD), [entry, later]))
    cases.append(("one entry twice", dict(RECORD), [entry, entry]))
    return cases


def test_a_record_with_one_entry_is_judged_as_the_merge_judges_it():
    for what, record, events in _damages():
        sound = {id(e) for e in events if "device" in e and event_shape_problem(e) is None}
        merged = merge_record([version_of(e) for e in events])
        assert _is_current(record, events, sound) == _same_version(record, merged.content), what


def test_verify_names_the_same_problems_of_a_record_with_one_damaged_entry():
    """The whole check, on the cases where the shortcut and the merge could part: the entry's
    content changed with the record (the merge finds no change to the record; its digest
    alone would), and the record changed alone."""
    entry = _event(RECORD)
    changed = {**RECORD, "name": "Bob"}
    tampered = {**entry, "content": changed}
    tampered["hash"] = chain.entry_hash(tampered)
    assert chain.verify_chain([tampered], [changed]) == [
        "history entry 1 is not a self-contained event: its content is not the version its "
        "digest names"
    ]
    assert chain.verify_chain([entry], [changed]) == [
        f"witness {A_UUID} was changed without a history entry"
    ]
    assert chain.verify_chain([entry], [dict(RECORD)]) == []


KEY = "ab" * 32
SHAPES = st.one_of(
    st.sampled_from([KEY, KEY.upper(), KEY[:-1], KEY + "0", "zz" * 32, "", "cd" * 64, "CD" * 64]),
    st.sampled_from(["ef" * 64, "ef" * 63 + "g0", "ef" * 64 + " ", " " + "ef" * 63 + "e"]),
    st.sampled_from([KEY, "ef" * 64]).map(Text),
    st.none(),
    st.integers(),
    st.lists(st.just(KEY), max_size=1),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(SHAPES, SHAPES), max_size=6))
def test_the_signature_shape_asked_once_per_key_gives_the_answer_of_each_asked_alone(pairs):
    """`signature_problems` asks a key's shape once for all the entries that name it."""
    shaped: dict[str, bool] = {}
    for key, sig in pairs:
        assert _signature_shaped(key, sig, shaped) == signature_shaped(key, sig)


def _hashes_in_full(value) -> bool:
    """The full check on an entry's `parents`, as it was asked item by item."""
    return (
        isinstance(value, list)
        and len(value) <= MAX_FIELDS
        and all(isinstance(p, str) and re.fullmatch("[0-9a-f]{64}", p) for p in value)
    )


HASHES = st.one_of(
    st.sampled_from(["ab" * 32, "AB" * 32, "ab" * 31 + "a", "ab" * 32 + "a", "g" * 64, ""]),
    st.sampled_from(["ab" * 32 + "\n", " " + "ab" * 31 + "a", "ab" * 64, "é" * 64]),
    st.sampled_from(["ab" * 32]).map(Text),
    st.none(),
    st.integers(),
    st.lists(st.just("ab" * 32), max_size=1),
)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.lists(HASHES, max_size=4),
        st.sampled_from([["ab" * 32] * MAX_FIELDS, ["ab" * 32] * (MAX_FIELDS + 1)]),
        st.tuples(st.just("ab" * 32)),
        st.text(max_size=3),
        st.none(),
    )
)
def test_the_hashes_shortcut_gives_the_answer_of_the_full_check(value):
    assert _sha256_hashes(value) == _hashes_in_full(value)
