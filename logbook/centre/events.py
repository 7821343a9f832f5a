"""Events in and out of the centre: push a batch idempotently, pull after a cursor, resumably.

An event is one change of one record by one device: its content, when, the device, the hash of
the version it changes and the device's chain hash after it. Its id is a UUID made on the
device, so sending the same events again stores nothing new (`ON CONFLICT (event_id) DO
NOTHING`). Who wrote it is not sent: the centre records the database role that inserted it.

A push is one transaction, however many events: they are copied (COPY FROM STDIN) into a
temporary table of the session's own, then moved into the event table by one `INSERT ...
SELECT ... ON CONFLICT (event_id) DO NOTHING`. The INSERT is what row-level security checks,
row by row, exactly as for an INSERT of one event: COPY straight into the event table is
refused by PostgreSQL itself for a role row-level security applies to.

A pull returns events in the order the centre committed them, after a cursor, and the cursor
after them. The client stores the events first and saves the cursor only then (`pull_into`):
killed in between, it pulls the same events again and stores them again, which changes nothing.
The cursor is (transaction id, sequence) and a pull returns only events of transactions that
every later pull will see as finished, so an event committed late by a slow push is never
skipped. An assessor's or an IQA's pull with few events ahead (an incremental sync) names
the candidates they may see and reads only those candidates' events, through the index on
(candidate_id, tx, seq): the events other laptops pushed for other people's candidates, which
row-level security hides, are not walked past.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import orjson
import psycopg

from logbook.domain.text import control_characters

MAX_ID = 100
MAX_KIND = 50
MAX_DEVICE = 200
MAX_CONTENT = 1_000_000  # bytes of the content's JSON
# a hash as the schema takes it: hex, base64 or an 'algorithm:' prefix, 16 to 200 characters
HASH = re.compile(r"[0-9A-Za-z:+/=_-]{16,200}")


class EventRefused(ValueError):
    """A batch with an event the centre would refuse: nothing of the batch was sent."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Event:
    event_id: str
    candidate_id: str
    record_id: str
    kind: str
    content: dict
    at: datetime
    device: str
    chain_hash: str
    parent_hash: str | None = None  # the hash of the version it changes; None: a new record
    who: str = ""  # the database role that stored it; set by the centre, never sent


@dataclass(frozen=True, order=True)
class Cursor:
    tx: int = 0
    seq: int = 0

    def __str__(self) -> str:
        return f"{self.tx}:{self.seq}"

    @classmethod
    def parse(cls, text: str) -> Cursor:
        try:
            tx, seq = text.strip().split(":")
            cursor = cls(int(tx), int(seq))
        except ValueError:
            raise ValueError(f"{text!r} is not a cursor (two whole numbers, as 12:34)") from None
        if cursor.tx < 0 or cursor.seq < 0:
            raise ValueError(f"{text!r} is not a cursor: its numbers cannot be negative")
        return cursor


START = Cursor()


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _not_finite(value) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_not_finite(v) for v in value.values())
    if isinstance(value, list):
        return any(_not_finite(v) for v in value)
    return False


def encode_content(content) -> tuple[str | None, str | None]:
    """The content as the JSON text sent to the centre (encoded once, compact), or None and why
    it cannot be sent."""
    if not isinstance(content, dict):
        return None, "the content is a JSON object"
    try:
        data = orjson.dumps(content)
    except TypeError:  # what orjson does not take (an integer beyond 64 bits) json may
        try:
            data = json.dumps(content, ensure_ascii=False, separators=(",", ":"),
                              allow_nan=False).encode()  # fmt: skip
        except (TypeError, ValueError) as error:
            return None, f"the content is not JSON ({error})"
    # orjson writes NaN and infinity as null and a NUL as \u0000: look closer only then
    if b"null" in data and orjson.loads(data) != content and _not_finite(content):
        return None, "the content is not JSON (a number that is not finite)"
    if len(data) > MAX_CONTENT:
        return None, f"the content is {len(data)} bytes; at most {MAX_CONTENT}"
    if b"\\u0000" in data and _has_nul(content):
        return None, "the content holds a NUL character, which cannot be stored"
    return data.decode(), None


def event_problems(event: Event, content: str | None = None) -> list[str]:
    """Why the centre would refuse this event; empty when it would take it. `content`: the
    content's JSON text when already encoded (by `encode_content`)."""
    out = []
    name = f"event {event.event_id!r}"[:60]
    try:
        uuid.UUID(str(event.event_id))
    except ValueError:
        out.append(f"{name}: the event id is not a UUID")
    for field, value, limit in (
        ("candidate_id", event.candidate_id, MAX_ID),
        ("record_id", event.record_id, MAX_ID),
        ("kind", event.kind, MAX_KIND),
        ("device", event.device, MAX_DEVICE),
    ):
        if not isinstance(value, str) or not value.strip():
            out.append(f"{name}: {field} is needed")
        elif len(value) > limit:
            out.append(f"{name}: {field} is {len(value)} characters; at most {limit}")
        elif control_characters(value, multiline=False):
            out.append(f"{name}: {field} holds control characters")
    for field, value in (("chain_hash", event.chain_hash), ("parent_hash", event.parent_hash)):
        if value is None and field == "parent_hash":
            continue
        if not isinstance(value, str) or not HASH.fullmatch(value):
            out.append(f"{name}: {field} is not a hash (16 to 200 letters, digits or :+/=_-)")
    if content is None:
        _, problem = encode_content(event.content)
        if problem:
            out.append(f"{name}: {problem}")
    if not isinstance(event.at, datetime) or event.at.tzinfo is None:
        out.append(f"{name}: the time needs its time zone")
    return out


# A push's events wait in a temporary table of the session's own (no other session sees it,
# emptied at every commit) until one INSERT moves them, in the order given: the INSERT is
# checked by row-level security, row by row. The transaction's work_mem lets a batch of a few
# thousand events be put in order in memory rather than on disk.
_STAGE = """
SET LOCAL work_mem = '32MB';
CREATE TEMPORARY TABLE IF NOT EXISTS logbook_push (
    n integer NOT NULL, event_id uuid NOT NULL, candidate_id text NOT NULL,
    record_id text NOT NULL, kind text NOT NULL, content jsonb NOT NULL,
    at timestamptz NOT NULL, device text NOT NULL, parent_hash text, chain_hash text NOT NULL
) ON COMMIT DELETE ROWS;
DELETE FROM pg_temp.logbook_push
"""
_COLUMNS = "event_id, candidate_id, record_id, kind, content, at, device, parent_hash, chain_hash"
_COPY = f"COPY pg_temp.logbook_push (n, {_COLUMNS}) FROM STDIN"
_MOVE = f"""
INSERT INTO logbook.event ({_COLUMNS})
SELECT {_COLUMNS} FROM pg_temp.logbook_push ORDER BY n
ON CONFLICT (event_id) DO NOTHING
"""


def prepare(events: Iterable[Event]) -> list[tuple]:
    """The rows a push sends for these events, each content encoded once; EventRefused, naming
    every problem, if the centre would refuse any of them."""
    problems, rows = [], []
    for e in events:
        content, _ = encode_content(e.content)
        found = event_problems(e, content)  # encodes again only to say why it could not
        if found:
            problems += found
            continue
        rows.append((e.event_id, e.candidate_id, e.record_id, e.kind, content, e.at, e.device,
                     e.parent_hash, e.chain_hash))  # fmt: skip
    if problems:
        raise EventRefused(problems)
    return rows


class NoTemporaryTable(psycopg.Error):
    """The centre does not let this login make the temporary table a push needs."""


def push_rows(conn: psycopg.Connection, rows: list[tuple]) -> int:
    """Store rows made by `prepare` in one transaction, in their order; how many were new."""
    if not rows:
        return 0
    with conn.transaction(), conn.cursor() as cur:
        try:
            cur.execute(_STAGE)
        except psycopg.errors.InsufficientPrivilege:
            raise NoTemporaryTable(
                "the centre does not let this login make a temporary table, which a push "
                "needs: the centre's administrator runs 'logbook centre init' again (it grants "
                "the logbook's roles TEMPORARY on the database)"
            ) from None
        with cur.copy(_COPY) as copy:
            for n, row in enumerate(rows):
                copy.write_row((n, *row))
        cur.execute(_MOVE)
        return max(cur.rowcount, 0)


def push(conn: psycopg.Connection, events: Iterable[Event]) -> int:
    """Store a batch of events in one transaction; returns how many were new. Events the centre
    already holds are left as they are. A batch the role may not write (another assessor's
    candidate) fails whole: `psycopg.errors.InsufficientPrivilege`, nothing stored. A batch
    with an event the centre would refuse: EventRefused, nothing sent. However many events,
    the batch is sent in a few round trips."""
    return push_rows(conn, prepare(events))


# ORDER BY names the table's columns: the output column tx::text would sort as text ("1000"
# before "999") and make a cursor skip events
_COLUMNS_OUT = """e.tx::text AS tx_text, e.seq, e.event_id::text, e.candidate_id, e.record_id,
       e.kind, e.content, e.at, e.device, e.parent_hash, e.chain_hash, e.who"""
_AFTER = """(e.tx, e.seq) > (%(tx)s::text::xid8, %(seq)s)
  AND e.tx < pg_snapshot_xmin(pg_current_snapshot())"""

# Every event after the cursor in the centre's order; row-level security hides the ones this
# role may not see. A lead IQA's or an EQA's pull, and any pull with many events ahead.
_PULL = f"""
SELECT {_COLUMNS_OUT}
FROM logbook.event AS e
WHERE {_AFTER}
ORDER BY e.tx, e.seq
LIMIT %(limit)s
"""

# The events after the cursor of the candidates this role may see, named one by one
# (`logbook.visible_candidates()`), each read through the index event_candidate_cursor: the
# events of other people's candidates are never touched. At most `limit` of each candidate,
# of which the first `limit` in the centre's order. Row-level security still applies.
_PULL_VISIBLE = f"""
SELECT e.*
FROM unnest(logbook.visible_candidates()) AS v(candidate_id)
CROSS JOIN LATERAL (
    SELECT {_COLUMNS_OUT}, e.tx
    FROM logbook.event AS e
    WHERE e.candidate_id = v.candidate_id AND {_AFTER}
    ORDER BY e.tx, e.seq
    LIMIT %(limit)s
) AS e
ORDER BY e.tx, e.seq
LIMIT %(limit)s
"""

# NULL when the role may see every event; else how many events of its candidates are after
# the cursor, counted up to `ahead` only
_AHEAD = """
SELECT v IS NULL, (
    SELECT count(*) FROM (
        SELECT FROM unnest(v) AS c(candidate_id)
        CROSS JOIN LATERAL (
            SELECT FROM logbook.event AS e
            WHERE e.candidate_id = c.candidate_id AND (e.tx, e.seq) > (%(tx)s::text::xid8, %(seq)s)
            LIMIT %(ahead)s
        ) AS k
        LIMIT %(ahead)s
    ) AS n
)
FROM logbook.visible_candidates() AS v
"""
# a pull names the candidates when fewer than this many batches of their events are ahead (an
# incremental pull); with more (a first pull) it walks the table in order, as reading all of
# them again for every batch would cost more than the events it skips
AHEAD_BATCHES = 2


@dataclass(frozen=True)
class Pulled:
    events: list[Event]
    cursor: Cursor  # where the next pull starts; the one given when nothing came


def pull(conn: psycopg.Connection, after: Cursor = START, limit: int = 1000) -> Pulled:
    """The events after `after` that this role may see, oldest first, at most `limit`."""
    given = {"tx": str(after.tx), "seq": after.seq, "limit": limit}
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(_AHEAD, {**given, "ahead": AHEAD_BATCHES * limit})
        sees_all, ahead = cur.fetchone()
        named = not sees_all and ahead < AHEAD_BATCHES * limit
        cur.execute(_PULL_VISIBLE if named else _PULL, given)
        rows = cur.fetchall()
    events = [
        Event(
            event_id=r[2],
            candidate_id=r[3],
            record_id=r[4],
            kind=r[5],
            content=r[6],
            at=r[7],
            device=r[8],
            parent_hash=r[9],
            chain_hash=r[10],
            who=r[11],
        )
        for r in rows
    ]
    cursor = Cursor(int(rows[-1][0]), rows[-1][1]) if rows else after
    return Pulled(events, cursor)


class CursorFile:
    """Where a device keeps its pull cursor: one line, replaced whole (written to a temporary
    file, flushed and renamed), readable by its owner only."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def load(self) -> Cursor:
        if not self.path.exists():
            return START
        return Cursor.parse(self.path.read_text(encoding="ascii"))

    def save(self, cursor: Cursor) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".cursor-")
        try:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(f"{cursor}\n")
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def pull_into(
    conn: psycopg.Connection,
    cursor_file: CursorFile,
    store: Callable[[list[Event]], None],
    limit: int = 1000,
) -> int:
    """Pull everything new, batch by batch: each batch is given to `store` and only when that
    returns is the cursor saved. Returns how many events were pulled."""
    count = 0
    while True:
        batch = pull(conn, cursor_file.load(), limit)
        if not batch.events:
            return count
        store(batch.events)
        cursor_file.save(batch.cursor)
        count += len(batch.events)
