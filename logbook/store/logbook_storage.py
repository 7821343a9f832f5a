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
to `commit` as `summary`), what it was worked out against (`version`, `standards`), the form of
its checksum (`checksum`), the length of the rest of the file (`bytes`) and the SHA-256 of those
fields and the rest (`sha256`). It is written in the same atomic write as the records.
`read_summary` reads that line alone and believes it only if the file is as long as it says;
`file_summary` checks the checksum over the whole file. The file is still one JSON document (the
summary is one more key, never a table); a file without the line (older, or rewritten by another
tool) is read as before, and a file whose checksum does not hold has its summary ignored: it is
decoded in full.

The checksum, second form (`"checksum": 2`): the rest of the file is cut before each closing of
a top-level table (`\n  }`: deeper closings are indented more, and a string holds no line
break), so each part but the last ends with a table's last row; the checksum is the SHA-256 of
the summary fields and of the SHA-256 digests of the parts, in order (`_cuts`, `_part_digests`).
Every byte is covered, as before, but a row added at a table's end changes one part, whose hash
state the writer kept. A file of the first form (no `checksum` field: the SHA-256 of the fields
and the whole rest, as versions before this wrote) still reads and verifies; a form this version
does not know, or a rest of more than MAX_PARTS parts, is not believed (decoded in full). Older
versions read a file of the second form in full, its summary not believed: nothing is lost.

Kept between actions: the tables last read or written (a few files, `_PARSED`), reused while
the file has the same inode, size, mtime, ctime and checksum; and, for a file this process wrote,
its encoding (`_Encoding`: the rest's parts in bytes and their hash states). A save that only
adds rows at the ends of tables (TinyDB's `insert`, new document ids, records with new ids: what
adding a record does) encodes and hashes those rows alone and splices them in: the file is byte
for byte the one a full encode would write (`tests/store/test_save_encoding.py`). Anything else
(TinyDB changing a row in place or removing one, a table added) is encoded whole, as before.

Writing: TinyDB's `write` only changes the copy in memory, so several table changes (a record
and its history entry) land in one write or not at all. `commit` makes that write: refused if
the file would be larger than a logbook may be (the most that is ever read) or if records were
removed, reordered or repeated; else written to a 0600 temporary file, fsynced, renamed over the
old file and the folder fsynced (`atomic_write`), and the new length of the history recorded in
the caseload's checkpoint. The old file is kept under a second name of the store's own during
the rename (a hard link: the rename then does not free its blocks inside the save), unlinked by
a thread once the save is done (`unlink_later`). A storage opened for writing (`writing=True`)
holds the file's lock (`locked`: flock on a lock file that must be a plain file) from its
opening to its `close`, around the whole read-modify-write; `close` without `commit` writes
nothing. Rows are added through `_Table.insert`: TinyDB's, without copying the table twice or
scanning it for its largest document id (the ids of a table are in increasing order, so the new
one is the last plus one).
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from contextlib import ExitStack
from itertools import islice, pairwise
from pathlib import Path

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

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
    unlink_later,
)

FORMAT = 2
META, RECORDS, HISTORY = "meta", "records", "history"
SUMMARY = "summary"
_HEAD = b'{"summary":'
MAX_SUMMARY_BYTES = 256 * 1024  # a summary line longer than this is not believed
_UNCHECKED = ("bytes", "sha256")
CHECKSUM = "checksum"  # the form of the checksum: absent in files of the first form
CHECKSUM_FORM = 2
PARTS = "parts"  # the second form's part sizes, in the checksummed fields: no search for cuts
_CLOSE = b"\n  }"  # a top-level table's closing (deeper ones are indented more)
MAX_PARTS = 64  # a file cut into more parts than this: its checksum is not believed
_PIECES = 32  # a part kept in more pieces than this is joined into one
_KEPT = 2  # logbooks whose tables are kept between actions
_PARSED: OrderedDict[Path, tuple[tuple, str | None, dict, _Encoding | None]] = OrderedDict()
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


_HEX192 = re.compile("[0-9a-f]{192}")


def _entry_whole(entry: dict) -> bool:
    """True when `_entry_problem` finds nothing, asked faster (every entry of a file is): the
    same fields (`_ENTRY_TEXT` among them), text exactly; False sends it to `_entry_problem`.
    `tests/store/test_history_shape_fast_path.py` checks they agree."""
    get = entry.get
    seq, hashes = get("seq"), (get("hash"), get("prev"), get("digest"))
    try:
        joined = "".join(hashes)  # TypeError unless all three are text
    except TypeError:
        return False
    return (
        type(seq) is int
        and seq >= 1
        and len(joined) == 192
        and len(hashes[0]) == len(hashes[1]) == 64
        and _HEX192.fullmatch(joined) is not None
        and type(get("at")) is type(get("by")) is type(get("action")) is str
        and type(get("record")) is type(get("kind")) is type(get("note")) is str
        and type(get("key", "")) is type(get("sig", "")) is str
    )


def _check_history(history: dict[str, dict], path: Path) -> None:
    for position, entry in enumerate(history.values(), 1):
        if _entry_whole(entry):
            continue
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


def read_once(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[dict, dict | None]:
    """The file's tables, read from disk now and checked as `LogbookStorage.read` checks them,
    and its summary fields if their checksum holds; nothing kept for later reads, nothing
    taken from them (`logbook verify` reads each file once). CorruptLogbook as `read`."""
    data, _, head = _load(Path(path), max_bytes)
    return data, head


def _checksum(fields: dict, rest) -> str:
    """The first form: the SHA-256 of the summary fields and the whole rest of the file."""
    hasher = hashlib.sha256(orjson.dumps(fields))
    hasher.update(rest)
    return hasher.hexdigest()


def _parts_checksum(fields: dict, digests: list[bytes]) -> str:
    """The second form: the SHA-256 of the summary fields and the digests of the parts."""
    return hashlib.sha256(orjson.dumps(fields) + b"".join(digests)).hexdigest()


def _cuts(buffer: bytes, start: int, stop: int, limit: int | None = None) -> list[int] | None:
    """Where the rest of a file (`buffer[start:stop]`) is cut into parts: before each closing
    of a top-level table, so that each part but the last ends with a table's last row; None
    if there are more than `limit` parts."""
    cuts, at = [], start
    while True:
        at = buffer.find(_CLOSE, at, stop)
        if at < 0:
            return cuts
        if limit is not None and len(cuts) >= limit - 1:
            return None
        cuts.append(at)
        at += 1


def _part_digests(raw: bytes, start: int, sizes=None) -> list[bytes] | None:
    """The SHA-256 digest of each part of `raw[start:]`, cut where `sizes` (the summary's,
    covered by its checksum) say, or else found (`_cuts`: a search of the whole file); None if
    it has too many parts or the sizes do not add up to the rest."""
    if sizes is None:
        cuts = _cuts(raw, start, len(raw), MAX_PARTS)
        if cuts is None:
            return None
        bounds = [start, *cuts, len(raw)]
    else:
        if not (
            isinstance(sizes, list)
            and 0 < len(sizes) <= MAX_PARTS
            and all(type(size) is int and size >= 0 for size in sizes)
            and sum(sizes) == len(raw) - start
        ):
            return None
        bounds = [start]
        for size in sizes:
            bounds.append(bounds[-1] + size)
    view = memoryview(raw)
    return [hashlib.sha256(view[a:b]).digest() for a, b in pairwise(bounds)]


class _Part:
    """One part of the rest of a file (`_cuts`): its bytes, in pieces, their length, and the
    SHA-256 state after them, copied to add rows at the part's end without hashing it again."""

    __slots__ = ("digest", "hasher", "pieces", "size")

    def __init__(self, pieces: list[bytes], size: int, hasher) -> None:
        self.pieces = pieces
        self.size = size
        self.hasher = hasher
        self.digest = hasher.digest()

    def extended(self, more: bytes) -> _Part:
        hasher = self.hasher.copy()
        hasher.update(more)
        pieces = [*self.pieces, more]
        if len(pieces) > _PIECES:
            pieces = [b"".join(pieces)]
        return _Part(pieces, self.size + len(more), hasher)


class _Encoding:
    """A logbook file's tables as encoded (`encode`), kept between saves while the file is the
    one written: its parts, which part ends with each table's last row (`ends`), each table's
    number of rows and last document id, and of the records table the ids in order (`order`,
    `ids`) and of the history the records its entries name (`named`). A save that only adds
    rows at the ends of tables (TinyDB's `insert`) encodes those rows alone (`appended`)."""

    __slots__ = ("counts", "ends", "ids", "last", "named", "names", "order", "parts")

    def __init__(self, data: dict) -> None:
        tables = {name: table for name, table in data.items() if name != SUMMARY}
        body = dump_json(tables)
        cuts = _cuts(body, 1, len(body)) or []
        bounds = [1, *cuts, len(body)]
        self.parts = [
            _Part([part], len(part), hashlib.sha256(part))
            for part in (body[a:b] for a, b in pairwise(bounds))
        ]
        self.names = tuple(tables)
        self.ends: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self.last: dict[str, int | None] = {}
        self.order: list = []
        self.ids: set = set()
        self.named: set = set()
        if not all(isinstance(table, dict) for table in tables.values()):
            return  # not a layout rows can be added to: every save encodes it all
        filled = [name for name, table in tables.items() if table]
        if len(filled) != len(cuts):
            return
        # each part but the last ends with the last row of a table that has rows, in order
        self.ends = dict(zip(filled, range(len(cuts)), strict=True))
        self.counts = {name: len(table) for name, table in tables.items()}
        self.last = {name: _last_id(table) for name, table in tables.items()}
        self.order = [row.get("id") for row in tables.get(RECORDS, {}).values()]
        self.ids = set(self.order)
        self.named = {row.get("record") for row in tables.get(HISTORY, {}).values()}

    def appended(self, data: dict) -> tuple[list[_Part], dict] | None:
        """The parts of `data` if it is the data encoded with rows added at the ends of its
        tables (new document ids, records with new ids), and those rows by table; else None."""
        if not self.ends or tuple(data) != self.names:
            return None
        parts, added = list(self.parts), {}
        for name, table in data.items():
            count = len(table) - self.counts[name]
            if count == 0:
                continue
            if count < 0 or name not in self.ends:
                return None
            tail = list(islice(reversed(table.items()), count + 1))[::-1]
            if _document_id(tail[0][0]) != self.last[name]:
                return None  # not the table encoded, with rows after its last
            keys = [_document_id(key) for key, _ in tail]
            if any(b is None or a is None or b <= a for a, b in pairwise(keys)):
                return None
            rows = [row for _, row in tail[1:]]
            if name == RECORDS:
                ids = [row.get("id") for row in rows]
                if len(set(ids)) != len(ids) or not self.ids.isdisjoint(ids):
                    return None  # a record repeated: the full check says so
            added[name] = rows
            more = b"".join(b",\n" + _row(key, row) for key, row in tail[1:])
            index = self.ends[name]
            parts[index] = parts[index].extended(more)
        return parts, added

    def add(self, parts: list[_Part], added: dict, data: dict) -> None:
        """Take in the rows `appended` found (once they are written)."""
        self.parts = parts
        for name, rows in added.items():
            self.counts[name] += len(rows)
            self.last[name] = _document_id(next(reversed(data[name])))
        records = added.get(RECORDS, [])
        self.order.extend(row.get("id") for row in records)
        self.ids.update(row.get("id") for row in records)
        self.named.update(row.get("record") for row in added.get(HISTORY, []))


def _document_id(key) -> int | None:
    return int(key) if isinstance(key, str) and key.isascii() and key.isdigit() else None


def _last_id(table) -> int | None:
    return _document_id(next(reversed(table))) if isinstance(table, dict) and table else None


_WRAPPED = (len(b'{\n  "t": {\n'), len(b"\n  }\n}"))


def _row(key: str, row: dict) -> bytes:
    """The bytes of one table row as `dump_json` writes it in a table of the file."""
    wrapped = dump_json({"t": {key: row}})
    return wrapped[_WRAPPED[0] : -_WRAPPED[1]]


def _payload(parts: list[_Part], summary: dict | None) -> tuple[list[bytes], str | None]:
    """The bytes of the file whose rest is `parts`, in pieces, with `summary` first in it,
    and the checksum of its summary line (None without a summary, as older versions wrote)."""
    pieces = [piece for part in parts for piece in part.pieces]
    if summary is None:
        return [b"{", *pieces], None
    fields = {k: v for k, v in summary.items() if k not in _UNCHECKED}
    fields[CHECKSUM] = CHECKSUM_FORM
    fields[PARTS] = [part.size for part in parts]
    checksum = _parts_checksum(fields, [part.digest for part in parts])
    head = {**fields, "bytes": sum(part.size for part in parts), "sha256": checksum}
    return [_HEAD + orjson.dumps(head) + b",", *pieces], checksum


def encode(data: dict, summary: dict | None = None) -> bytes:
    """The bytes of a logbook file holding `data` (its tables), with `summary` (plain data)
    first in it and the checksum of both; without a summary, as older versions wrote it."""
    return b"".join(_payload(_Encoding(data).parts, summary)[0])


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
    """The summary fields first in the file `raw` if its checksum holds over the rest: of the
    first form (over the rest whole) or the second (over the digests of its parts)."""
    end = raw.find(b"\n", 0, MAX_SUMMARY_BYTES)
    head = _head(raw[:end]) if end > 0 else None
    if head is None or len(raw) - end != head["bytes"]:
        return None
    fields = {k: v for k, v in head.items() if k not in _UNCHECKED}
    form = fields.get(CHECKSUM)
    if form is None:
        checksum = _checksum(fields, memoryview(raw)[end:])
    elif form == CHECKSUM_FORM:
        digests = _part_digests(raw, end, fields.get(PARTS))
        checksum = None if digests is None else _parts_checksum(fields, digests)
    else:
        checksum = None  # a form this version does not know: decoded in full
    return head if checksum == head["sha256"] else None


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


def _copy(data: dict) -> dict:
    """The tables, each a new dict (TinyDB replaces a table it changes; rows are shared)."""
    return {name: dict(table) if isinstance(table, dict) else table for name, table in data.items()}


def _remember(
    path: Path,
    key: tuple,
    checksum: str | None,
    data: dict,
    encoding: _Encoding | None = None,
    copy: bool = True,
) -> None:
    """Keep the tables `data` of the file `path` as it now is; `copy=False`: `data` itself,
    which its owner no longer uses (a storage that wrote it)."""
    kept = _copy(data) if copy else data
    with _PARSED_LOCK:
        _PARSED[path] = (key, checksum, kept, encoding)
        _PARSED.move_to_end(path)
        while len(_PARSED) > _KEPT:
            _PARSED.popitem(last=False)


def _remembered(path: Path) -> tuple[dict, tuple, dict | None, _Encoding | None] | None:
    """The tables kept for `path` if the file is unchanged since (inode, size, mtime and the
    checksum of its summary line), a copy TinyDB may change, and their encoding if it was
    written by this process; else None."""
    with _PARSED_LOCK:
        kept = _PARSED.get(path)
    if kept is None:
        return None
    key, checksum, data, encoding = kept
    try:
        found = read_head(path, MAX_SUMMARY_BYTES)
    except UnreadableFile:
        found = None
    head = _head(found[0]) if found is not None else None
    if found is None or stat_key(found[1]) != key or (head and head["sha256"]) != checksum:
        forget(path)
        return None
    return _copy(data), key, head, encoding


def forget(path: Path) -> None:
    """Drop what is kept of `path` (its tables were changed in memory and not written)."""
    with _PARSED_LOCK:
        _PARSED.pop(Path(path), None)


class _Table(Table):
    """TinyDB's table, with `insert` adding the document after the last without copying the
    table twice and looking through every id for the largest: the ids of a logbook's table
    are in increasing order (as read, `_table`, and as TinyDB adds them), so the new one is
    the last one's plus one, as TinyDB would make it."""

    def insert(self, document: Mapping) -> int:
        tables = self._storage.read()
        table = tables.get(self.name) if isinstance(tables, dict) else None
        if (
            not isinstance(table, dict)
            or not table
            or not isinstance(document, Mapping)
            or isinstance(document, self.document_class)
            or self._next_id is not None
        ):
            return super().insert(document)
        last = _document_id(next(reversed(table)))
        if last is None or str(last + 1) in table:
            return super().insert(document)
        table[str(last + 1)] = dict(document)
        self._storage.write(tables)
        self.clear_cache()
        return last + 1


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
        self._writing = writing
        self._encoding: _Encoding | None = None  # as written, if only rows are added since
        self._seen: dict[str, tuple[object, int]] = {}  # table: (the dict, its length)
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
            encoding = None
            if kept is not None:
                self.data, key, self.head, encoding = kept
            else:
                self.data, key, self.head = _load(self.path, self.max_bytes)
                if key is not None:
                    _remember(self.path, key, self.head and self.head["sha256"], self.data)
            self.token = (key, self.head and self.head["sha256"])
            if self._writing and encoding is not None and encoding.ends:
                self._encoding = encoding
                self._before = encoding.order  # the records' ids as written
                self._seen = {name: (table, len(table)) for name, table in self.data.items()}
            else:
                self._before = [row.get("id") for row in self.data[RECORDS].values()]
        return self.data

    def write(self, data: dict) -> None:
        if self._encoding is not None:
            self._follow(data)
        self.data = data
        self.changed = True

    def _follow(self, data: dict) -> None:
        """Keep the encoding only while TinyDB adds rows (a table grows; TinyDB changes a row
        in place and removes rows without growing its table)."""
        if data is not self.data or data.keys() != self._seen.keys():
            self._encoding = None
            return
        for name, table in data.items():
            seen, length = self._seen[name]
            grown = len(table) > length or (table is seen and len(table) == length)
            if not grown:  # a table rebuilt no longer (a change in place), or shorter
                self._encoding = None
                return
            self._seen[name] = (table, len(table))

    def in_history(self, record_id: str) -> bool:
        """Does an entry of the history (as it is now in memory) name the record `record_id`?"""
        history = self.read().get(HISTORY, {})
        encoding = self._encoding
        if encoding is not None:
            added = len(history) - encoding.counts.get(HISTORY, 0)
            if record_id in encoding.named:
                return True
            rows = islice(reversed(history.values()), added)
        else:
            rows = history.values()
        return any(row.get("record") == record_id for row in rows)

    def payload(self) -> bytes:
        """The file's bytes as they are now in memory (with `summary` first, if set)."""
        return encode(self.read(), self.summary)

    def commit(self) -> None:
        """Write the changes TinyDB made, durably, and record them in the checkpoint."""
        if not self.changed:
            return
        data = self.read()
        kept = self._encoding
        appended = kept.appended(data) if kept is not None else None
        if appended is None:  # encoded whole, every record's id checked
            records = data.get(RECORDS, {}).values()
            after = [row.get("id") for row in records]
            before = self._before or []
            # one change adds at most one record; a sync may add several, never removes one
            grown = after[: len(before)] == before and len(after) >= len(before)
            if not grown or len(set(after)) != len(after):
                raise RuntimeError(
                    "a write removed, reordered or repeated records: nothing written"
                )
            encoding = _Encoding(data)
            payload, checksum = _payload(encoding.parts, self.summary)
        else:  # rows added, new ids (`_Encoding.appended`): those rows alone encoded
            encoding = kept
            parts, added = appended
            payload, checksum = _payload(parts, self.summary)
        size = sum(map(len, payload))
        if size > self.max_bytes:
            raise LogbookTooLarge(
                [
                    Problem(
                        "record",
                        f"the logbook would be {size:,} bytes, more than a logbook may "
                        f"hold ({self.max_bytes:,}): nothing was saved",
                    )
                ]
            )
        folder = self.path.parent
        make_private(folder)
        forget(self.path)
        self._encoding = None  # whatever happens now, it is not the file's any longer
        replaced = atomic_write(self.path, payload, lock_held=True, free_later=True)
        try:
            if appended is not None:
                encoding.add(parts, added, data)
            key = stat_key(os.lstat(self.path))  # the lock is held: nobody else wrote it since
            self.token = (key, checksum)
            history = list(data[HISTORY].values())
            # kept as they are, not copied: read again, this storage takes a copy as any does
            _remember(self.path, key, checksum, data, encoding, copy=False)
            self.data = None
            self.changed = False
            record_checkpoint(folder, self.candidate_id, history, history[-1]["at"])
        finally:
            unlink_later(replaced)  # the old file freed once this save is done, not inside it

    def close(self) -> None:
        """Release the lock; changes not committed are dropped (and what is kept of the file:
        TinyDB may have changed its rows in memory)."""
        if self.changed:
            forget(self.path)
        self.changed = False
        self._held.close()


def open_logbook(path: Path, **options) -> TinyDB:
    """TinyDB over the logbook file `path` (`options`: LogbookStorage's), its tables `_Table`."""
    db = TinyDB(path, storage=LogbookStorage, **options)
    db.table_class = _Table  # before any table is made
    return db


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
    "read_once",
    "read_summary",
]
