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

from contextlib import ExitStack
from pathlib import Path

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
    read_json,
    remove_stale_temporaries,
)

FORMAT = 2
META, RECORDS, HISTORY = "meta", "records", "history"


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


def _load(path: Path, max_bytes: int) -> dict:
    """The file's tables, checked and migrated to the current format; CorruptLogbook if not."""
    try:
        data = read_json(path, max_bytes)
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
    return data


class LogbookStorage(Storage):
    """TinyDB storage of one logbook file (the module's docstring says how it reads and writes).

    `TinyDB(path, storage=LogbookStorage)` reads; with `writing=True` it holds the file's lock
    until closed and `commit()` writes; with `new=True` the file must not exist yet and TinyDB
    starts from an empty logbook (its meta only). `created`: the new logbook's creation time.
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
                remove_stale_temporaries(self.path)
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
            self.data = _load(self.path, self.max_bytes)
            self._before = [row.get("id") for row in self.data[RECORDS].values()]
        return self.data

    def write(self, data: dict) -> None:
        self.data = data
        self.changed = True

    def payload(self) -> bytes:
        """The file's bytes as they are now in memory."""
        return dump_json(self.read())

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
        payload = dump_json(data)
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
        atomic_write(self.path, payload)
        history = list(data[HISTORY].values())
        record_checkpoint(folder, self.candidate_id, history, history[-1]["at"])
        self.changed = False

    def close(self) -> None:
        """Release the lock; changes not committed are dropped."""
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
    "CorruptLogbook",
    "LogbookStorage",
    "LogbookTooLarge",
    "migrate",
    "open_logbook",
]
