"""The append-only history of a logbook, each entry chained to the one before by hash.

An entry says who did what to which record, when, and the digest of the record as it was
saved. Its `hash` covers the entry and the previous entry's hash, so a changed, removed or
reordered entry breaks the chain, and a record changed without an entry no longer matches its
digest. `verify` finds both.

A hash chain alone only catches naive edits: whoever recomputes the hashes rewrites history. So
every entry this version writes is also signed (`logbook.store.signing`): `key` is the signer's
public key (covered by the hash) and `sig` the Ed25519 signature of the hash. Entries written
before signing existed have neither; they may only come first, before any signed entry.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from logbook.store.signing import Signer, fingerprint, signature_valid

GENESIS = "0" * 64
UNHASHED = ("hash", "sig")


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(record: dict) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()


def entry_hash(entry: dict) -> str:
    body = {k: v for k, v in entry.items() if k not in UNHASHED}
    return hashlib.sha256(canonical(body)).hexdigest()


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
) -> dict:
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
    if signer is not None:
        entry["key"] = signer.public_key
    entry["hash"] = entry_hash(entry)
    if signer is not None:
        entry["sig"] = signer.sign(entry["hash"])
    return entry


def signature_problems(history: list[dict], keys: dict[str, str]) -> list[str]:
    """Every entry whose signature does not hold, whose key is unknown (`keys`: public key to
    its owner's name), whose key is someone else's, or that is unsigned after a signed one."""
    problems = []
    signed_before = False
    for position, entry in enumerate(history, 1):
        if not isinstance(entry, dict) or entry_hash(entry) != entry.get("hash"):
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
        if not signature_valid(key, entry["hash"], entry.get("sig", "")):
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


def verify_chain(history: list[dict], records: list[dict]) -> list[str]:
    """Every break in the chain and every record that differs from its last entry, in words."""
    problems = []
    previous_hash = GENESIS
    last_digest: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for position, entry in enumerate(history, 1):
        if (
            not isinstance(entry, dict)
            or "hash" not in entry
            or not isinstance(entry.get("record"), str)
        ):
            problems.append(f"history entry {position} is not a history entry")
            previous_hash = None
            continue
        if entry.get("seq") != position:
            problems.append(f"history entry {position} has sequence number {entry.get('seq')}")
        if previous_hash is not None and entry.get("prev") != previous_hash:
            problems.append(f"history entry {position} does not follow the entry before it")
        if entry_hash(entry) != entry["hash"]:
            problems.append(f"history entry {position} was changed after it was written")
        previous_hash = entry["hash"]
        last_digest[entry.get("record")] = entry.get("digest")
        kinds[entry.get("record")] = entry.get("kind")
    present = {record.get("id") for record in records}
    for record_id in last_digest:
        if record_id not in present:  # the store never deletes: a correction keeps the old
            problems.append(f"{kinds[record_id]} {record_id} was removed without a history entry")
    for record in records:
        expected = last_digest.get(record.get("id"))
        if expected is None:
            problems.append(f"{record.get('kind')} {record.get('id')} has no history entry")
        elif digest(record) != expected:
            problems.append(
                f"{record.get('kind')} {record.get('id')} was changed without a history entry"
            )
    return problems
