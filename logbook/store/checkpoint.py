"""The caseload's checkpoint: how long each logbook's history was at its last save.

A signed hash chain shows that no entry was changed, but not that the last entries are all
there: a file cut back to an earlier entry (the last sign-offs and the IV's countersignature
removed with their history), or an older copy put back, is still a valid chain. So every save
records the number of entries of that logbook's history and the hash of the last one; `verify`
finds a logbook whose history is shorter than that, or does not pass through that hash, and a
logbook that is missing.

Two files beside the logbooks hold it. `.checkpoint.json` (the base) holds every logbook's
entry, as at its last compaction, and a random `journal` name; `.checkpoint.log` (the journal)
starts with a line naming the base it follows (`{"base": name}`) and then holds one line per
save since, appended (O_APPEND, fdatasync): `{"id", "count", "last", "at"}`. A save appends its
line alone, whatever the number of candidates; once the journal is larger than the base (and
than COMPACT_BYTES) the save compacts: the base rewritten whole with the journal's lines in it
and a new name (atomically, the folder synced), then the journal started again under that name.
A reader takes the journal's lines over the base, in order, only when the journal names the
base: a journal left by a compaction cut short, a base deleted (no checkpoint), or rewritten
whole by an older version of this program (which did not know the journal), is ignored, and
the base alone is the checkpoint: it lags behind, which is allowed. A base without a name (the
checkpoint of older versions) is read as before, and given a name at its first save.

The checkpoint is written after the logbook: a save cut short in between leaves the logbook one
entry ahead, which is fine (its history still passes through the recorded hash). A line cut
short at the journal's end (a save killed mid-append: never acknowledged) is ignored, and the
next save cuts it off before it appends. A damaged checkpoint (a base or a journal line that
is not one, a journal that is not a plain file) is reported by `verify` and never written over:
saves go on without it. Every write holds the checkpoint's lock; readers take none (they read
the journal first, then the base: a compaction in between leaves the journal's lines in the
base, or its name changed).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import uuid
from pathlib import Path

import orjson

from logbook.domain.ids import is_id
from logbook.store.storage import (
    FILE_MODE,
    DamagedFile,
    StoreBusy,
    UnreadableFile,
    atomic_write,
    dump_json,
    locked,
    read_file,
    read_json,
    remove_stale_temporaries,
    stat_key,
)

CHECKPOINT_NAME = ".checkpoint.json"
JOURNAL_NAME = ".checkpoint.log"
CHECKPOINT_VERSION = 1
MAX_CHECKPOINT_BYTES = 16 * 1024 * 1024
MAX_LINE_BYTES = 1024  # a journal line is about 200 bytes; a longer fragment is not a torn line
COMPACT_BYTES = 64 * 1024  # the journal is folded into the base past this and the base's size
_HEAD_BYTES = 256
# the start of a base this version writes: its name is read without reading every entry
_NAMED = re.compile(rb'\A\{\s*"version":\s*1,\s*"journal":\s*"([0-9a-f]{32})",')


def checkpoint_path(folder: Path) -> Path:
    return Path(folder) / CHECKPOINT_NAME


def journal_path(folder: Path) -> Path:
    return Path(folder) / JOURNAL_NAME


def _valid_entry(value) -> bool:
    return (
        isinstance(value, dict)
        and type(value.get("count")) is int
        and value["count"] >= 1
        and isinstance(value.get("last"), str)
        and isinstance(value.get("at"), str)
    )


def _name(value) -> str | None:
    """A base's or a journal's name, if it is one."""
    if isinstance(value, str) and len(value) == 32 and all(c in "0123456789abcdef" for c in value):
        return value
    return None


def _read_base(folder: Path) -> tuple[dict[str, dict], str | None] | None:
    """The base's entries by candidate id and its name (None if it has none: an older
    version's); None if there is no base; DamagedFile if it is not a checkpoint."""
    path = checkpoint_path(folder)
    try:
        data = read_json(path, MAX_CHECKPOINT_BYTES)
    except UnreadableFile as error:
        raise DamagedFile(path, str(error)) from None
    if data is None:
        return None
    logbooks = data.get("logbooks") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("version") != CHECKPOINT_VERSION
        or not isinstance(logbooks, dict)
        or not all(is_id(k) and _valid_entry(v) for k, v in logbooks.items())
    ):
        raise DamagedFile(path, "it is not a logbook checkpoint")
    return logbooks, _name(data.get("journal"))


def _header(line: bytes) -> str | None:
    """The name of the base a journal's first line says it follows."""
    try:
        head = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return _name(head.get("base")) if isinstance(head, dict) and len(head) == 1 else None


def _journal_lines(raw: bytes) -> tuple[str | None, list[bytes], bytes]:
    """A journal's name (None if its first line is not a whole header), its whole lines after
    the header, and what follows the last line break (a line cut short, or nothing)."""
    end = raw.rfind(b"\n")
    whole, tail = (raw[: end + 1], raw[end + 1 :]) if end >= 0 else (b"", raw)
    lines = whole.split(b"\n")[:-1]
    if not lines:
        return None, [], tail
    return _header(lines[0]), lines[1:], tail


def _read_journal(folder: Path) -> tuple[str | None, list[bytes], bytes] | None:
    """The journal (`_journal_lines`), or None if there is none; DamagedFile if it is not a
    plain file."""
    path = journal_path(folder)
    try:
        found = read_file(path, MAX_CHECKPOINT_BYTES)
    except UnreadableFile as error:
        raise DamagedFile(path, str(error)) from None
    return None if found is None else _journal_lines(found[0])


def _journal_entries(path: Path, lines: list[bytes], tail: bytes) -> list[tuple[str, dict]]:
    """Each line of the journal `path` as (candidate id, entry); DamagedFile for one that is
    not, or for a journal that does not end with a line cut short but with more."""
    entries = []
    for position, line in enumerate(lines, 2):
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError:
            value = None
        candidate = value.pop("id", None) if isinstance(value, dict) else None
        if not (is_id(candidate) and _valid_entry(value) and len(value) == 3):
            raise DamagedFile(path, f"its line {position} is not a logbook checkpoint entry")
        entries.append((candidate, value))
    if len(tail) > MAX_LINE_BYTES:  # longer than any line this program appends
        raise DamagedFile(path, "it does not end with a whole line")
    return entries


def read_checkpoint(folder: Path) -> dict[str, dict] | None:
    """Each logbook's recorded history length and last hash, by candidate id; None if there is
    no checkpoint yet; DamagedFile if the base or the journal it names is not a checkpoint."""
    journal = _read_journal(folder)  # first: see the module's docstring
    base = _read_base(folder)
    if base is None:
        return None
    logbooks, name = base
    if journal is not None and name is not None and journal[0] == name:
        for candidate, entry in _journal_entries(journal_path(folder), journal[1], journal[2]):
            logbooks[candidate] = entry
    return logbooks


# the name of each base as this process last read or wrote it, by the base's status (inode,
# size, mtime, ctime): a save reads no more of the base than its first line
_NAMES: dict[Path, tuple[tuple[int, int, int, int], str | None]] = {}


def _base_name(path: Path) -> tuple[str | None, int] | None:
    """The name the base gives its journal (None if it gives none: an older version's, or not
    a checkpoint) and its size, from the base's first bytes; None if there is no base."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    key = stat_key(status)
    known = _NAMES.get(path)
    if known is not None and known[0] == key:
        return known[1], status.st_size
    name = None
    if stat.S_ISREG(status.st_mode):
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            found = _NAMED.match(os.pread(fd, _HEAD_BYTES, 0))
            key = stat_key(os.fstat(fd))
        finally:
            os.close(fd)
        name = found.group(1).decode() if found else None
    _NAMES[path] = (key, name)
    return name, status.st_size


def _open_journal(path: Path) -> int:
    """A descriptor on the journal, for appending (made 0600 if absent); DamagedFile if it is
    not a plain file."""
    try:
        fd = os.open(
            path,
            os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
            FILE_MODE,
        )
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
            raise DamagedFile(path, "it is not a plain file") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise DamagedFile(path, "it is not a plain file")
    return fd


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _append(path: Path, name: str, line: bytes) -> int | None:
    """Append `line` to the journal at `path` if it follows the base `name`, durably; the
    journal's size after it, or None if it follows another base (or none: it is started
    again by a compaction). A line cut short at its end (a save killed mid-append) is cut
    off first; DamagedFile if what ends it is longer than a line."""
    fd = _open_journal(path)
    try:
        size = os.fstat(fd).st_size
        header = os.pread(fd, _HEAD_BYTES, 0)
        end = header.find(b"\n")
        if end < 0 or _header(header[:end]) != name:
            return None
        if os.pread(fd, 1, size - 1) != b"\n":
            start = max(end + 1, size - MAX_LINE_BYTES - 1)
            cut = os.pread(fd, size - start, start).rfind(b"\n")
            if cut < 0 and start > end + 1:
                raise DamagedFile(path, "it does not end with a whole line")
            size = start + cut + 1 if cut >= 0 else end + 1
            os.ftruncate(fd, size)
        _write_all(fd, line)
        os.fdatasync(fd)
        return size + len(line)
    finally:
        os.close(fd)


def _compact(folder: Path, candidate_id: str, entry: dict) -> None:
    """Rewrite the base whole, with the journal it names and `entry` in it, under a new name,
    and start the journal again under that name. DamagedFile (nothing written) if the base or
    its journal is damaged."""
    path, journal = checkpoint_path(folder), journal_path(folder)
    logbooks = read_checkpoint(folder) or {}
    logbooks[candidate_id] = entry
    name = uuid.uuid4().hex
    payload = dump_json({"version": CHECKPOINT_VERSION, "journal": name, "logbooks": logbooks})
    if len(payload) > MAX_CHECKPOINT_BYTES:
        raise DamagedFile(path, "it would be larger than a checkpoint may be")  # never written
    # the folder synced: the base is there before the journal starts again under its name
    atomic_write(path, payload, lock_held=True)
    _NAMES[path] = (stat_key(os.lstat(path)), name)
    fd = _open_journal(journal)
    try:
        os.ftruncate(fd, 0)  # cut short here, the journal names no base: it is ignored
        _write_all(fd, orjson.dumps({"base": name}) + b"\n")  # made durable by the next append
    finally:
        os.close(fd)


def record_checkpoint(folder: Path, candidate_id: str, history: list[dict], at: str) -> bool:
    """Record a logbook's history as it now is; False (nothing written) if the checkpoint is
    damaged or busy, which `verify` then says."""
    path = checkpoint_path(folder)
    entry = {"count": len(history), "last": history[-1]["hash"], "at": at}
    line = orjson.dumps({"id": candidate_id, **entry}) + b"\n"
    try:
        with locked(path, timeout=5.0):
            remove_stale_temporaries(path)
            base = _base_name(path)
            if base is not None and base[0] is not None:
                size = _append(journal_path(folder), base[0], line)
                if size is not None and size <= max(COMPACT_BYTES, base[1]):
                    return True
            _compact(folder, candidate_id, entry)
    except (DamagedFile, StoreBusy, OSError):
        return False
    return True


def checkpoint_problem(recorded: dict | None, history: list[dict]) -> str | None:
    """Why this history is not the one the checkpoint recorded, or a shortened copy of it."""
    if recorded is None:
        return None
    count, last, at = recorded["count"], recorded["last"], recorded["at"][:19].replace("T", " ")
    if len(history) < count:
        missing = count - len(history)
        cut = "the last entry was" if missing == 1 else f"the last {missing} entries were"
        return (
            f"its history has {len(history)} entries, but it had {count} at its save of {at}: "
            f"{cut} removed, or this is an older copy of the file"
        )
    entry = history[count - 1]
    if not isinstance(entry, dict) or entry.get("hash") != last:
        return (
            f"its history is not the one it had at its save of {at}: it was rewritten, or "
            "replaced by another copy"
        )
    return None
