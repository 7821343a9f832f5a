"""The append-only history of a logbook, each entry chained to the one before by hash.

An entry says who did what to which record, when, and the digest of the record as it was
saved. Its `hash` covers the entry and the previous entry's hash, so a changed, removed or
reordered entry breaks the chain, and a record changed without an entry no longer matches its
digest. `verify` finds both.

A hash chain alone only catches naive edits: whoever recomputes the hashes rewrites history. So
every entry this version writes is also signed (`logbook.store.signing`): `key` is the signer's
public key (covered by the hash) and `sig` the Ed25519 signature of the hash. Entries written
before signing existed have neither; they may only come first, before any signed entry.
`verify` checks every entry's hash and link, and checks a signature where no later signature
of the same key vouches for it (the end of each run of one key in a device's chain:
`_vouched` says why that finds every forgery a signature on each entry would); whoever takes
entries one by one (an import) checks each.

Entries are self-contained events (since the centre store): each also carries its own `id` (a
UUID), the `device` that wrote it, the record's whole `content`, the digests of the versions it
changes (`parents`: none for a new record, several for a merge) and the `fields` it sets. Each
device keeps its own chain: `seq` and `prev` follow the earlier entries of the same device, so a
file holds the union of the chains it knows, in the order it learnt them. Entries written before
this have no `device`: they form one chain of their own (device ""), and a file of them alone
verifies as it always did. The record a file holds is what `logbook.domain.merge` makes of the
self-contained entries of that record (the last entry's digest for records that have none).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import UTC, datetime

import orjson

from logbook.domain.merge import Version, changed_fields, merge_record
from logbook.store.signing import (
    Signer,
    fingerprint,
    is_public_key,
    is_signature,
    signature_shaped,
    signature_valid,
)

GENESIS = "0" * 64
MERGE = "merge"
UNHASHED = ("hash", "sig")


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(record: dict) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()


def entry_hash(entry: dict) -> str:
    body = {k: v for k, v in entry.items() if k not in UNHASHED}
    return hashlib.sha256(canonical(body)).hexdigest()


def _hash_of_holds(value, expected: object) -> bool:
    """Is `expected` the SHA-256 of `value`'s canonical form (`canonical`)? For checking many
    values read from a file, fast: orjson's sorted form first, `canonical` only if that does
    not match.

    Why this says no more than `canonical` would: both forms are JSON texts, and reading a text
    back gives one value. For a value `v` read from a file (orjson: dicts with text keys,
    lists, text, numbers, booleans, null; never NaN or infinity, which orjson does not read),
    orjson's sorted form reads back as `v`. So if it is the text whose SHA-256 was signed, `v`
    is what that text reads as: the signed value, as `canonical` would have found by matching
    bytes (short of a SHA-256 collision). The forms agree on such values (sorted keys, no
    spaces, text unescaped but for quotes, backslashes and control characters); where they do
    not, the fast form fails to match and `canonical` decides, as it always did."""
    if not isinstance(expected, str):
        return False
    try:
        fast = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except (orjson.JSONEncodeError, TypeError):
        fast = None
    if fast is not None and hashlib.sha256(fast).hexdigest() == expected:
        return True
    return hashlib.sha256(canonical(value)).hexdigest() == expected


def digest_holds(record: dict, expected: object) -> bool:
    """Is `expected` the digest of `record` (`digest(record) == expected`, faster)?"""
    return _hash_of_holds(record, expected)


def entry_hash_holds(entry: dict) -> bool:
    """Does the entry's `hash` cover the rest of it (`entry_hash(entry) == entry["hash"]`)?"""
    body = dict(entry)
    expected = body.pop("hash", None)
    body.pop("sig", None)
    return _hash_of_holds(body, expected)


def hashes_holding(history: list) -> list[bool]:
    """For each entry of a history, does its hash cover it? (Worked out once, for
    `verify_chain` and `signature_problems` both.)"""
    return [isinstance(e, dict) and "hash" in e and entry_hash_holds(e) for e in history]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def make_entry(
    previous: dict | None,
    action: str,
    record: dict,
    by: str,
    note: str = "",
    at: str = "",
    signer: Signer | None = None,
    *,
    device: str | None = None,
    old: dict | None = None,
    parents: list[str] | None = None,
    fields: list[str] | None = None,
    entry_id: str | None = None,
    settles: list[str] | None = None,
) -> dict:
    """The entry for `record` after `previous` (the last entry of the same chain). With
    `device`, a self-contained event: its id, device, content, the versions it changes
    (`parents`: their nodes, `node_of`) and the fields it sets (those that differ from `old`
    unless `fields` is given); without, an entry as written before events existed."""
    entry = {
        "seq": (previous["seq"] + 1) if previous else 1,
        "at": at or now_iso(),
        "by": by,
        "action": action,
        "record": record["id"],
        "kind": record["kind"],
        "digest": digest(record),
        "note": note,
        "prev": previous["hash"] if previous else GENESIS,
    }
    if device is not None:
        entry["id"] = entry_id or str(uuid.uuid4())
        entry["device"] = device
        entry["parents"] = list(parents or [])
        entry["fields"] = list(changed_fields(old, record) if fields is None else fields)
        entry["content"] = record
        if settles:  # a choice among versions: the event ids it settles (logbook.domain.merge)
            entry["settles"] = sorted(settles)
    if signer is not None:
        entry["key"] = signer.public_key
    entry["hash"] = entry_hash(entry)
    if signer is not None:
        entry["sig"] = signer.sign(entry["hash"])
    return entry


def device_of(entry: dict) -> str:
    """The chain an entry belongs to: its device, or "" for an entry written before devices."""
    device = entry.get("device") if isinstance(entry, dict) else None
    return device if isinstance(device, str) else ""


def last_of(history: list[dict], device: str) -> dict | None:
    """The last entry of `device`'s chain in this history, if it has one."""
    for entry in reversed(history):
        if isinstance(entry, dict) and device_of(entry) == device:
            return entry
    return None


def append_entry(history: list[dict], action: str, record: dict, by: str, **options) -> dict:
    """The next entry of `options['device']`'s chain (of the legacy chain without a device).
    A self-contained entry changes the record's current versions unless `parents` is given; an
    update of a record with fields flagged "2 versions: choose" sets them (chooses them)."""
    previous = last_of(history, options.get("device") or "")
    if options.get("device") and options.get("parents") is None:
        versions = versions_of(history, record["id"])
        merged = merge_record(versions) if versions else None
        options["parents"] = list(merged.heads) if merged else []
        if merged and merged.conflicts and action == "update":
            # saving a record flagged "2 versions: choose" chooses what was saved
            fields = options.get("fields")
            if fields is None:
                fields = changed_fields(options.get("old"), record)
            options["fields"] = sorted(set(fields) | set(merged.conflicts))
    return make_entry(previous, action, record, by, **options)


def node_of(entry: dict) -> str:
    """The version an entry wrote, as later entries name it in their `parents`: its hash; for a
    merge, the hash of its parents and content, the same whichever device made it."""
    if entry.get("action") == MERGE:
        body = {"parents": sorted(entry["parents"]), "digest": entry["digest"]}
        return hashlib.sha256(canonical(body)).hexdigest()
    return entry["hash"]


MAX_FIELDS = 200


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _is_uuid(value: object) -> bool:
    """Does `uuid.UUID` read `str(value)`? Asked faster: a UUID as this program writes it
    (lowercase, hyphens where `str(uuid)` puts them) is read without asking; any other value
    is asked, so the forms `uuid.UUID` also reads (braces, capitals, no hyphens) still are."""
    if type(value) is str and _UUID.fullmatch(value):
        return True
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


_HEXES = re.compile(r"[0-9a-f]*")


def _sha256_hashes(value: object) -> bool:
    """Is `value` a list of at most MAX_FIELDS SHA-256 hashes (64 lowercase hex digits each)?
    Asked in C: joining fails unless every item is text (a `str`, as `isinstance` says), each
    is 64 characters long, and the digits of all of them are matched at once."""
    if not isinstance(value, list) or len(value) > MAX_FIELDS:
        return False
    try:
        joined = "".join(value)
    except TypeError:
        return False
    return all(map((64).__eq__, map(len, value))) and _HEXES.fullmatch(joined) is not None


def _short_texts(value: object) -> bool:
    """Is `value` a list of at most MAX_FIELDS texts of at most 100 characters each (a field
    name, an event id)? Asked in C: joining fails unless every item is text (a `str`, as
    `isinstance` says), and the longest is measured once."""
    if not isinstance(value, list) or len(value) > MAX_FIELDS:
        return False
    try:
        "".join(value)
    except TypeError:
        return False
    return max(map(len, value), default=0) <= 100


def event_shape_problem(entry: dict) -> str | None:
    """Why an entry that says it is a self-contained event is not one; None if it is (or if it
    is an entry written before events existed)."""
    if "device" not in entry:
        return None
    if not _is_uuid(entry.get("id")):
        return "its id is not a UUID"
    device = entry.get("device")
    if not isinstance(device, str) or not device or len(device) > 200 or not device.isprintable():
        return "its device is not a device name"
    parents, fields = entry.get("parents"), entry.get("fields")
    if not _sha256_hashes(parents):
        return "its parents are not a list of SHA-256 hashes"
    if not isinstance(entry.get("hash"), str):
        return "it has no hash"
    if not _short_texts(fields):
        return "its fields are not a list of field names"
    if not _short_texts(entry.get("settles", [])):
        return "the versions it settles are not a list of event ids"
    content = entry.get("content")
    if not isinstance(content, dict):
        return "its content is not a record"
    if content.get("id") != entry.get("record") or content.get("kind") != entry.get("kind"):
        return "its content is not the record it names"
    if not digest_holds(content, entry.get("digest")):
        return "its content is not the version its digest names"
    return None


def version_of(entry: dict) -> Version:
    """A self-contained entry as the domain's merge rule takes it."""
    return Version(
        event_id=entry["id"],
        record_id=entry["record"],
        node=node_of(entry),
        parents=tuple(entry["parents"]),
        fields=tuple(entry["fields"]),
        content=entry["content"],
        at=entry["at"],
        device=entry["device"],
        by=entry.get("by", ""),
        merge=entry.get("action") == MERGE,
        settles=tuple(entry.get("settles") or ()),
    )


def is_event(entry) -> bool:
    """Has the entry the fields of a self-contained event, of their types? (What the merge rule
    reads; `event_shape_problem` checks the rest, as `verify_chain` does.)"""
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("device"), str)
        and isinstance(entry.get("id"), str)
        and isinstance(entry.get("record"), str)
        and isinstance(entry.get("hash"), str)
        and isinstance(entry.get("at"), str)
        and isinstance(entry.get("content"), dict)
        and isinstance(entry.get("parents"), list)
        and isinstance(entry.get("fields"), list)
        and isinstance(entry.get("settles", []), list)
        and (entry.get("action") != MERGE or isinstance(entry.get("digest"), str))
    )


def versions_of(history: list[dict], record_id: str) -> list[Version]:
    """The self-contained entries of one record."""
    return [version_of(e) for e in history if is_event(e) and e["record"] == record_id]


def versions_by_record(history: list[dict]) -> dict[str, list[Version]]:
    """The self-contained entries of a history, grouped by record."""
    out: dict[str, list[Version]] = {}
    for entry in history:
        if is_event(entry):
            out.setdefault(entry["record"], []).append(version_of(entry))
    return out


def _vouched(history: list, holds: list[bool]) -> set[int]:
    """The positions (from 1) of the signed entries whose signature need not be checked on its
    own, because a later signature vouches for them: the next entry of the same device's chain
    names the same key, its hash holds and its `prev` is this entry's hash.

    Why that is enough. An entry's hash is the SHA-256 of everything in it but `hash` and `sig`
    (`entry_hash`): its `prev` (the hash of the entry before it in its chain), its `key` and
    what it says (record, digest, content, who, when). Take a run of entries e1 .. en of one
    chain, each naming key K, each hash holding, each `prev` the hash of the one before. The
    last, en, is not vouched for (the chain ends, or the next entry names another key, is
    unsigned, does not hold or does not follow), so its signature is checked: whoever signed
    it holds K's private key and signed hash(en). hash(en) covers en's `prev` = hash(e(n-1)),
    which covers e(n-1) whole, its `prev` included, and so on down to e1. Changing anything in
    e1 .. e(n-1) (its `key` too) changes its hash, so breaks the next `prev` or, recomputed up
    the run, changes hash(en), whose signature then fails; to keep hash(en) is to find a
    SHA-256 collision. So K's holder signed each of e1 .. en, as a signature on each would
    show, and every entry is vouched for by a signature of the key it names itself (a run ends
    wherever the key changes, so an entry naming someone else's key is never vouched for by
    another key). The check on each entry that its key is known and is that of who it says
    wrote it (`by`, covered by its hash) is made on every entry. What is not checked on a
    vouched entry is its `sig` field itself, which no hash covers: only that it has the shape
    of a signature.
    """
    vouched: set[int] = set()
    last: dict[str, int] = {}  # device: the position of its chain's latest entry so far
    for position, entry in enumerate(history, 1):
        if not isinstance(entry, dict):
            last.clear()  # a row that is not an entry: nothing before it is vouched for
            continue
        device = device_of(entry)
        before = last.get(device)
        if before is not None and holds[position - 1]:
            prior = history[before - 1]
            key = entry.get("key")
            if (
                isinstance(key, str)
                and key == prior.get("key")
                and entry.get("prev") == (prior.get("hash"))
            ):
                vouched.add(before)
        last[device] = position
    return vouched


def signature_problems(
    history: list[dict],
    keys: dict[str, str],
    holds: list[bool] | None = None,
    every: bool = True,
) -> list[str]:
    """Every entry whose signature does not hold, whose key is unknown (`keys`: public key to
    its owner's name), whose key is someone else's, or that is unsigned after a signed one.

    `holds`: for each entry, does its hash cover it (`hashes_holding`, if worked out already).
    `every`: check each entry's signature on its own (as whoever takes entries one by one, an
    import, must); else (`verify`'s whole file) only those no later signature vouches for
    (`_vouched` says why that finds the same forgeries), each other's having the shape of one.
    """
    if holds is None:
        holds = hashes_holding(history)
    vouched = set() if every else _vouched(history, holds)
    problems = []
    signed_before = False
    shaped: dict[str, bool] = {}  # public key: has it the shape of one
    for position, entry in enumerate(history, 1):
        if not holds[position - 1]:
            signed_before = signed_before or (isinstance(entry, dict) and "key" in entry)
            continue  # said already: changed after it was written
        key = entry.get("key")
        if key is None:
            if signed_before:
                problems.append(
                    f"history entry {position} is not signed, though entries before it are: "
                    "it was not written by logbook"
                )
            continue
        signed_before = True
        if position in vouched:
            valid = _signature_shaped(key, entry.get("sig", ""), shaped)
        else:
            valid = signature_valid(key, entry["hash"], entry.get("sig", ""))
        if not valid:
            problems.append(
                f"history entry {position} does not carry the signature of the key it names: "
                "it was written or re-hashed without that key"
            )
        elif key not in keys:
            problems.append(
                f"history entry {position} is signed with a key this caseload does not know "
                f"({fingerprint(key)})"
            )
        elif keys[key] != entry.get("by"):
            problems.append(
                f"history entry {position} says it is by {entry.get('by')!r:.60} but is signed "
                f"with the key of {keys[key]!r:.60}"
            )
    return problems


def _signature_shaped(key: object, sig: object, shaped: dict[str, bool]) -> bool:
    """`signature_shaped(key, sig)`, the key's shape asked once per key (`shaped`: the answers
    so far; most entries of a file name the same key) and the signature's on each entry."""
    if type(key) is not str:
        return signature_shaped(key, sig)
    if key not in shaped:
        shaped[key] = is_public_key(key)
    return shaped[key] and is_signature(sig)


def unsigned_note(history: list[dict]) -> str | None:
    """A word on the entries written before entries were signed, if there are any."""
    unsigned = [e for e in history if isinstance(e, dict) and "key" not in e]
    if not unsigned:
        return None
    signed = next((e for e in history if isinstance(e, dict) and "key" in e), None)
    count = len(unsigned)
    noun = "entry" if count == 1 else "entries"
    if signed is None:
        last = str(unsigned[-1].get("at"))[:10]
        return f"{count} unsigned {noun} up to {last} (written before history entries were signed)"
    first = str(signed.get("at"))[:10]
    return f"{count} unsigned {noun} before {first} (written before history entries were signed)"


def signers(history: list[dict]) -> dict[str, str]:
    """The public key of everyone who signed an entry, with the name their entries give."""
    out: dict[str, str] = {}
    for entry in history:
        if isinstance(entry, dict) and isinstance(entry.get("key"), str):
            out.setdefault(entry["key"], str(entry.get("by", "")))
    return out


def _same_version(record: dict, content: dict) -> bool:
    """Is `record` the version `content` (`digest(record) == digest(content)`, faster: the
    sorted forms compared, as `_hash_of_holds` says why)?"""
    try:
        if orjson.dumps(record, option=orjson.OPT_SORT_KEYS) == orjson.dumps(
            content, option=orjson.OPT_SORT_KEYS
        ):
            return True
    except (orjson.JSONEncodeError, TypeError):
        pass
    return digest(record) == digest(content)


def _is_current(record: dict, events: list[dict], sound: set[int]) -> bool:
    """Is `record` what its self-contained entries `events` (in the history's order) make of
    it (`_same_version(record, merge_record(...).content)`)? Asked without the merge when one
    entry, not a merge, names the record and its shape holds (its `id()` in `sound`, as
    `event_shape_problem` found): its digest against the record alone.

    Why that is the same answer. `merge_record` of one version that is not a merge makes its
    content, a copy, the record's content. The entry's shape holding says its digest holds
    over its content (`digest_holds(content, digest)`, the last check of
    `event_shape_problem`): digest(content) is its digest. So `_same_version(record, content)`,
    digest(record) == digest(content), is digest(record) == its digest: `digest_holds`, which
    reads the record once where `_same_version` read both."""
    if len(events) == 1 and events[0].get("action") != MERGE and id(events[0]) in sound:
        return digest_holds(record, events[0]["digest"])
    merged = merge_record([version_of(entry) for entry in events])
    return _same_version(record, merged.content)


def verify_chain(
    history: list[dict], records: list[dict], holds: list[bool] | None = None
) -> list[str]:
    """Every break in a device's chain, every self-contained entry that is not one, and every
    record that differs from what its history makes of it, in words. `holds`: for each entry,
    does its hash cover it (`hashes_holding`), if worked out already."""
    if holds is None:
        holds = hashes_holding(history)
    problems = []
    previous_hash: dict[str, str | None] = {}
    count: dict[str, int] = {}
    last_digest: dict[str, str] = {}
    kinds: dict[str, str] = {}
    sound: set[int] = set()  # id() of the self-contained entries whose shape holds
    events: dict[str, list[dict]] = {}  # record id: its self-contained entries, in order
    for position, entry in enumerate(history, 1):
        if (
            not isinstance(entry, dict)
            or "hash" not in entry
            or not isinstance(entry.get("record"), str)
        ):
            problems.append(f"history entry {position} is not a history entry")
            previous_hash[""] = None
            continue
        device = device_of(entry)
        count[device] = count.get(device, 0) + 1
        if entry.get("seq") != count[device]:
            problems.append(f"history entry {position} has sequence number {entry.get('seq')}")
        expected = previous_hash.get(device, GENESIS)
        if expected is not None and entry.get("prev") != expected:
            problems.append(f"history entry {position} does not follow the entry before it")
        if not holds[position - 1]:
            problems.append(f"history entry {position} was changed after it was written")
        if "device" in entry:  # else neither an event nor said to be one
            shape = event_shape_problem(entry)
            if shape:
                problems.append(f"history entry {position} is not a self-contained event: {shape}")
            else:
                sound.add(id(entry))
            if is_event(entry):
                events.setdefault(entry["record"], []).append(entry)
        previous_hash[device] = entry["hash"]
        last_digest[entry.get("record")] = entry.get("digest")
        kinds[entry.get("record")] = entry.get("kind")
    present = {record.get("id") for record in records}
    for record_id in last_digest:
        if record_id not in present:  # the store never deletes: a correction keeps the old
            problems.append(f"{kinds[record_id]} {record_id} was removed without a history entry")
    for record in records:
        record_id = record.get("id")
        if record_id in events:
            unchanged = _is_current(record, events[record_id], sound)
        else:
            expected = last_digest.get(record_id)
            if expected is None:
                problems.append(f"{record.get('kind')} {record_id} has no history entry")
                continue
            unchanged = digest_holds(record, expected)
        if not unchanged:
            problems.append(f"{record.get('kind')} {record_id} was changed without a history entry")
    return problems
