"""The one way a logbook file is read and written: TinyDB, over `LogbookStorage`.

Layout (TinyDB tables): `meta` (format version, candidate id), `records` (every record, each
with its own UUID `id`: TinyDB's document ids are reused after a delete, so nothing refers to
them) and `history` (the hash-chained, signed, append-only log of every change). Nothing but
this module knows it: everything else asks TinyDB for a table.

Reading (`read`, once per TinyDB): the file is read only if it is a plain file (never through a
symbolic link) and never more than a logbook may hold; it must be JSON, hold a `meta` table
with a format this program knows (an older one is brought up to date in memory, `migrate`),
be named by its candidate's id (`<uuid>.json`) with a meta that agrees, and every table must be
TinyDB's (document ids as keys, documents as values), each history row a history entry.
Anything else is CorruptLogbook, by name, and the file is never written to. The tables are
handed to TinyDB in document-id order.

A summary first: a file this version writes starts with one line, `{"summary":{...},`, before
the tables: what the caseload shows of the candidate (`of`, worked out by the domain and handed
to `commit` as `summary`), what it was worked out against (`version`, `standards`), the length
of the rest of the file (`bytes`) and the SHA-256 of those fields and the rest (`sha256`). It is
written in the same atomic write as the records. `read_summary` reads that line alone and
believes it only if the file is as long as it says; `file_summary` checks the checksum over the
whole file. The file is still one JSON document (the summary is one more key, never a table);
a file without the line (older, or rewritten by another tool) is read as before, and a file
whose checksum does not hold has its summary ignored: it is decoded in full.

Kept between actions: the tables last read or written (a few files, `_PARSED`), reused while
the file has the same inode, size, mtime and checksum.

Writing: TinyDB's `write` only changes the copy in memory, so several table changes (a record
and its history entry) land in one write or not at all. `commit` makes that write: refused if
the file would be larger than a logbook may be (the most that is ever read) or if records were
removed, reordered or repeated; else written to a 0600 temporary file, fsynced, renamed over the
old file and the folder fsynced (`atomic_write`), and the new length of the history recorded in
the caseload's checkpoint. A storage opened for writing (`writing=True`) holds the file's lock
(`locked`: flock on a lock file that must be a plain file) from its opening to its `close`,
around the whole read-modify-write; `close` without `commit` writes nothing.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from contextlib import ExitStack
from pathlib import Path

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from logbook.domain.ids import is_id
from logbook.domain.validation import Problem, RecordRefused
from logbook.store import history as chain
from logbook.store.checkpoint import record_checkpoint
from logbook.store.storage import (
    MAX_FILE_BYTES,
    DamagedFile,
    DamagedLock,
    UnreadableFile,
    atomic_write,
    dump_json,
    locked,
    make_private,
    read_file,
    read_head,
    remove_stale_temporaries,
    stat_key,
)

FORMAT = 2
META, RECORDS, HISTORY = "meta", "records", "history"
SUMMARY = "summary"
_HEAD = b'{"summary":'
MAX_SUMMARY_BYTES = 256 * 1024  # a summary line longer than this is not believed
_UNCHECKED = ("bytes", "sha256")
_KEPT = 2  # logbooks whose tables are kept between actions
_PARSED: OrderedDict[Path, tuple[tuple, str | None, dict]] = OrderedDict()
_PARSED_LOCK = threading.Lock()  # the app reads and saves from worker threads


class CorruptLogbook(DamagedFile):
    """A logbook file that cannot be read or believed; reported by name and left untouched."""


class LogbookTooLarge(RecordRefused):
    """A change that would make the file larger than a logbook may be (and so unreadable)."""


def _table(data: dict, name: str, path: Path) -> dict[str, dict]:
    """The table `name` as TinyDB keeps it, in document-id order; CorruptLogbook if it is not
    one (TinyDB would fail on a key that is not a number, or a row that is not a document)."""
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise CorruptLogbook(path, f"its {name} table is not a JSON object")
    previous, ordered = 0, True
    for key, row in table.items():
        if not (key.isascii() and key.isdigit()) or not isinstance(row, dict):
            raise CorruptLogbook(path, f"{name} entry {key!r:.40} is not a document")
        number = int(key)
        ordered = ordered and number > previous
        previous = number
    if ordered:  # as this program writes it
        return table
    return dict(sorted(table.items(), key=lambda item: int(item[0])))


_HEX64 = frozenset("0123456789abcdef")
_ENTRY_TEXT = ("at", "by", "action", "record", "kind", "note")


def _entry_problem(entry: dict) -> str | None:
    """Why a history row is not a history entry (the fields `make_entry` writes)."""
    seq = entry.get("seq")
    if type(seq) is not int or seq < 1:
        return "it has no sequence number"
    for name in ("hash", "prev", "digest"):
        value = entry.get(name)
        if not isinstance(value, str) or len(value) != 64 or not _HEX64.issuperset(value):
            return f"its {name} is not a SHA-256 hash"
    for name in _ENTRY_TEXT:
        if not isinstance(entry.get(name), str):
            return f"its {name} is not text"
    for name in ("key", "sig"):
        if name in entry and not isinstance(entry[name], str):
            return f"its {name} is not text"
    return None


def _check_history(history: dict[str, dict], path: Path) -> None:
    for position, entry in enumerate(history.values(), 1):
        problem = _entry_problem(entry)
        if problem:
            raise CorruptLogbook(path, f"history entry {position} is damaged: {problem}")


def migrate(data: dict, path: Path) -> dict:
    """Bring an older file's data up to FORMAT, in memory; never refuse an older file."""
    meta = list(_table(data, META, path).values())
    version = meta[0].get("format") if meta else None
    if type(version) is not int:
        raise CorruptLogbook(path, "it has no format version: it is not a logbook file")
    if version > FORMAT:
        raise CorruptLogbook(
            path, f"it was written by a newer logbook (format {version}); update logbook to open it"
        )
    if version < 1:
        raise CorruptLogbook(path, f"it has no format version {version}: it is not a logbook file")
    if version == 1:
        # format 1 had no history: start the chain from the records as they stand
        entries: list[dict] = []
        for record in _table(data, RECORDS, path).values():
            if not isinstance(record.get("id"), str) or not isinstance(record.get("kind"), str):
                raise CorruptLogbook(path, "a record has no id or kind")
            entries.append(
                chain.make_entry(
                    entries[-1] if entries else None,
                    "migrate",
                    record,
                    "logbook",
                    note="format 1 to 2: history starts here",
                )
            )
        data = dict(data)
        data[HISTORY] = {str(i): e for i, e in enumerate(entries, 1)}
        data[META] = {"1": {**meta[0], "format": 2}}
    return data


def _load(path: Path, max_bytes: int) -> tuple[dict, tuple | None, dict | None]:
    """The file's tables, checked and migrated to the current format, its (inode, size,
    mtime) and its summary fields if their checksum holds; CorruptLogbook if not a logbook."""
    key, head = None, None
    try:
        found = read_file(path, max_bytes)
        data = None
        if found is not None:
            raw, status = found
            key = stat_key(status)
            if not raw.strip():
                raise UnreadableFile("it is empty")
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError as error:
                raise UnreadableFile(f"it is not valid JSON ({error})") from None
            if raw.startswith(_HEAD):
                head = _summary_of(raw)
    except UnreadableFile as error:
        raise CorruptLogbook(path, str(error)) from None
    except RecursionError:
        raise CorruptLogbook(path, "it is nested too deeply to be a logbook") from None
    except OSError as error:
        raise CorruptLogbook(path, f"it cannot be read ({error.strerror})") from None
    if data is None and not (path.is_symlink() or path.exists()):
        raise CorruptLogbook(path, "there is no such file")
    if not isinstance(data, dict) or META not in data:
        raise CorruptLogbook(path, "it is not a logbook file (no meta table)")
    data.pop(SUMMARY, None)  # never a table: `head` holds it when its checksum holds
    data = migrate(data, path)
    if not is_id(path.stem):
        raise CorruptLogbook(
            path, "its name is not a candidate's id (<uuid>.json): it is not a logbook"
        )
    data[META] = _table(data, META, path)
    meta = next(iter(data[META].values()))
    if "candidate" in meta and meta["candidate"] != path.stem:
        raise CorruptLogbook(
            path,
            f"its meta names candidate {meta['candidate']!r:.60}, not {path.stem} as "
            "its name says: it was copied or renamed by hand",
        )
    data[HISTORY] = _table(data, HISTORY, path)
    _check_history(data[HISTORY], path)
    data[RECORDS] = _table(data, RECORDS, path)
    return data, key, head


def _checksum(fields: dict, rest: bytes) -> str:
    return hashlib.sha256(orjson.dumps(fields) + rest).hexdigest()


def encode(data: dict, summary: dict | None = None) -> bytes:
    """The bytes of a logbook file holding `data` (its tables), with `summary` (plain data)
    first in it and the checksum of both; without a summary, as older versions wrote it."""
    body = dump_json({name: table for name, table in data.items() if name != SUMMARY})
    if summary is None:
        return body
    rest = body[1:]  # after the opening brace: the tables, one key a line
    head = {**summary, "bytes": len(rest), "sha256": _checksum(summary, rest)}
    return _HEAD + orjson.dumps(head) + b"," + rest


def _head(line: bytes) -> dict | None:
    """The summary fields of a file's first line, if it is a summary line."""
    if not (line.startswith(_HEAD) and line.endswith(b",")):
        return None
    try:
        head = orjson.loads(line[len(_HEAD) : -1])
    except orjson.JSONDecodeError:
        return None
    checksum = head.get("sha256") if isinstance(head, dict) else None
    if (
        type(head.get("bytes") if isinstance(head, dict) else None) is not int
        or not isinstance(checksum, str)
        or len(checksum) != 64
        or not _HEX64.issuperset(checksum)
    ):
        return None
    return head


def _summary_of(raw: bytes) -> dict | None:
    """The summary fields first in the file `raw` if its checksum holds over the rest."""
    end = raw.find(b"\n", 0, MAX_SUMMARY_BYTES)
    head = _head(raw[:end]) if end > 0 else None
    if head is None:
        return None
    rest = raw[end:]
    fields = {k: v for k, v in head.items() if k not in _UNCHECKED}
    if len(rest) != head["bytes"] or _checksum(fields, rest) != head["sha256"]:
        return None
    return head


def read_summary(path: Path) -> tuple[dict, tuple[int, int, int, int]] | None:
    """The summary line of the file `path`, read alone, and the file's (inode, size, mtime),
    if there is one and the file is as long as it says; None if not (an older file, one
    rewritten by another tool). Its checksum is not checked: `file_summary` does. UnreadableFile
    if `path` is not a plain file."""
    found = read_head(path, MAX_SUMMARY_BYTES)
    if found is None:
        return None
    line, status = found
    head = _head(line)
    if head is None or status.st_size != len(line) + head["bytes"]:
        return None
    return head, stat_key(status)


def file_summary(path: Path, max_bytes: int = MAX_FILE_BYTES):
    """The summary first in the file `path` if its checksum holds over the whole file, and
    the file's (inode, size, mtime); (None, key) if not; None if there is no file."""
    found = read_file(path, max_bytes)
    if found is None:
        return None
    raw, status = found
    return _summary_of(raw), stat_key(status)


def _remember(path: Path, key: tuple, checksum: str | None, data: dict) -> None:
    with _PARSED_LOCK:
        _PARSED[path] = (key, checksum, {name: dict(table) for name, table in data.items()})
        _PARSED.move_to_end(path)
        while len(_PARSED) > _KEPT:
            _PARSED.popitem(last=False)


def _remembered(path: Path) -> tuple[dict, tuple, dict | None] | None:
    """The tables kept for `path` if the file is unchanged since (inode, size, mtime and the
    checksum of its summary line), a copy TinyDB may change; else None."""
    with _PARSED_LOCK:
        kept = _PARSED.get(path)
    if kept is None:
        return None
    key, checksum, data = kept
    try:
        found = read_head(path, MAX_SUMMARY_BYTES)
    except UnreadableFile:
        found = None
    head = _head(found[0]) if found is not None else None
    if found is None or stat_key(found[1]) != key or (head and head["sha256"]) != checksum:
        forget(path)
        return None
    return {name: dict(table) for name, table in data.items()}, key, head


def forget(path: Path) -> None:
    """Drop what is kept of `path` (its tables were changed in memory and not written)."""
    with _PARSED_LOCK:
        _PARSED.pop(Path(path), None)


class LogbookStorage(Storage):
    """TinyDB storage of one logbook file (the module's docstring says how it reads and writes).

    `TinyDB(path, storage=LogbookStorage)` reads; with `writing=True` it holds the file's lock
    until closed and `commit()` writes; with `new=True` the file must not exist yet and TinyDB
    starts from an empty logbook (its meta only). `created`: the new logbook's creation time.
    `summary`: set before `commit` to write it first in the file (`encode`); `head`: the
    summary fields read from the file (their checksum held), or None; `token`: what the file
    was when read or last written (inode, size, mtime, checksum), to know it again.
    """

    def __init__(
        self,
        path: Path,
        max_bytes: int = MAX_FILE_BYTES,
        writing: bool = False,
        new: bool = False,
        created: str | None = None,
    ):
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.data: dict | None = None
        self.changed = False
        self.summary: dict | None = None
        self.head: dict | None = None
        self.token: tuple | None = None
        self._before: list | None = None
        self._held = ExitStack()
        if writing:
            try:
                self._held.enter_context(locked(self.path))
            except DamagedLock as error:
                raise CorruptLogbook(
                    self.path, f"its lock file {error.path.name}: {error.reason}"
                ) from None
            try:
                remove_stale_temporaries(self.path)  # once a process
                if new and (self.path.is_symlink() or self.path.exists()):
                    raise FileExistsError(f"{self.path.name} already exists")
            except BaseException:
                self._held.close()
                raise
        if new:
            meta = {"format": FORMAT, "candidate": self.path.stem}
            meta["created"] = created or chain.now_iso()
            self.data = {META: {"1": meta}}
            self._before = []

    @property
    def candidate_id(self) -> str:
        return self.path.stem

    def read(self) -> dict:
        if self.data is None:
            kept = _remembered(self.path)
            if kept is not None:
                self.data, key, self.head = kept
            else:
                self.data, key, self.head = _load(self.path, self.max_bytes)
                if key is not None:
                    _remember(self.path, key, self.head and self.head["sha256"], self.data)
            self.token = (key, self.head and self.head["sha256"])
            self._before = [row.get("id") for row in self.data[RECORDS].values()]
        return self.data

    def write(self, data: dict) -> None:
        self.data = data
        self.changed = True

    def payload(self) -> bytes:
        """The file's bytes as they are now in memory (with `summary` first, if set)."""
        return encode(self.read(), self.summary)

    def commit(self) -> None:
        """Write the changes TinyDB made, durably, and record them in the checkpoint."""
        if not self.changed:
            return
        data = self.read()
        records = data.get(RECORDS, {}).values()
        after = [row.get("id") for row in records]
        before = self._before or []
        # one change adds at most one record; a sync may add several, never removes one
        grown = after[: len(before)] == before and len(after) >= len(before)
        if not grown or len(set(after)) != len(after):
            raise RuntimeError("a write removed, reordered or repeated records: nothing written")
        payload = encode(data, self.summary)
        if len(payload) > self.max_bytes:
            raise LogbookTooLarge(
                [
                    Problem(
                        "record",
                        f"the logbook would be {len(payload):,} bytes, more than a logbook may "
                        f"hold ({self.max_bytes:,}): nothing was saved",
                    )
                ]
            )
        folder = self.path.parent
        make_private(folder)
        forget(self.path)
        atomic_write(self.path, payload, lock_held=True)
        key = stat_key(os.lstat(self.path))  # the lock is held: nobody else wrote it since
        checksum = _head(payload[: payload.find(b"\n")]) if self.summary is not None else None
        checksum = checksum and checksum["sha256"]
        self.token = (key, checksum)
        _remember(self.path, key, checksum, data)
        history = list(data[HISTORY].values())
        record_checkpoint(folder, self.candidate_id, history, history[-1]["at"])
        self.changed = False

    def close(self) -> None:
        """Release the lock; changes not committed are dropped (and what is kept of the file:
        TinyDB may have changed its rows in memory)."""
        if self.changed:
            forget(self.path)
        self.changed = False
        self._held.close()


def open_logbook(path: Path, **options) -> TinyDB:
    """TinyDB over the logbook file `path` (`options`: LogbookStorage's)."""
    return TinyDB(path, storage=LogbookStorage, **options)


__all__ = [
    "FORMAT",
    "HISTORY",
    "META",
    "RECORDS",
    "SUMMARY",
    "CorruptLogbook",
    "LogbookStorage",
    "LogbookTooLarge",
    "encode",
    "file_summary",
    "forget",
    "migrate",
    "open_logbook",
    "read_summary",
]
