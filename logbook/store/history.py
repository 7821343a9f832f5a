"""The append-only history of a logbook, each entry chained to the one before by hash.

An entry says who did what to which record, when, and the digest of the record as it was
saved. Its `hash` covers the entry and the previous entry's hash, so a changed, removed or
reordered entry breaks the chain, and a record changed without an entry no longer matches its
digest. `verify` finds both.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

GENESIS = "0" * 64


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(record: dict) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()


def entry_hash(entry: dict) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(canonical(body)).hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def make_entry(
    previous: dict | None, action: str, record: dict, by: str, note: str = "", at: str = ""
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
    entry["hash"] = entry_hash(entry)
    return entry


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
