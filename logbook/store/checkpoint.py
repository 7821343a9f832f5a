"""The caseload's checkpoint: how long each logbook's history was at its last save.

A signed hash chain shows that no entry was changed, but not that the last entries are all
there: a file cut back to an earlier entry (the last sign-offs and the IV's countersignature
removed with their history), or an older copy put back, is still a valid chain. So every save
records, in `.checkpoint.json` beside the logbooks, the number of entries of that logbook's
history and the hash of the last one; `verify` finds a logbook whose history is shorter than
that, or does not pass through that hash, and a logbook that is missing.

The checkpoint is written after the logbook: a save cut short in between leaves the logbook one
entry ahead, which is fine (its history still passes through the recorded hash). A damaged
checkpoint is reported by `verify` and never written over; saves go on without it.
"""

from __future__ import annotations

import os
from pathlib import Path

from logbook.domain.ids import is_id
from logbook.store.storage import (
    DamagedFile,
    StoreBusy,
    UnreadableFile,
    atomic_write,
    dump_json,
    locked,
    read_json,
    remove_stale_temporaries,
)

CHECKPOINT_NAME = ".checkpoint.json"
CHECKPOINT_VERSION = 1
MAX_CHECKPOINT_BYTES = 16 * 1024 * 1024


def checkpoint_path(folder: Path) -> Path:
    return Path(folder) / CHECKPOINT_NAME


def _valid_entry(value) -> bool:
    return (
        isinstance(value, dict)
        and type(value.get("count")) is int
        and value["count"] >= 1
        and isinstance(value.get("last"), str)
        and isinstance(value.get("at"), str)
    )


def read_checkpoint(folder: Path) -> dict[str, dict] | None:
    """Each logbook's recorded history length and last hash, by candidate id; None if there is
    no checkpoint yet; DamagedFile if the file is not a checkpoint."""
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
    return logbooks


def _status(path: Path) -> tuple[int, int, int, int] | None:
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


# what this process last wrote of each checkpoint: (its inode, size, mtime, ctime; logbooks),
# taken again while the file is unchanged, so a save does not read and check every candidate's
_WRITTEN: dict[Path, tuple[tuple[int, int, int, int], dict[str, dict]]] = {}


def record_checkpoint(folder: Path, candidate_id: str, history: list[dict], at: str) -> bool:
    """Record a logbook's history as it now is; False (nothing written) if the checkpoint is
    damaged or busy, which `verify` then says."""
    path = checkpoint_path(folder)
    try:
        with locked(path, timeout=5.0):
            remove_stale_temporaries(path)
            written = _WRITTEN.pop(path, None)
            if written is not None and written[0] == _status(path):
                logbooks = written[1]
            else:
                logbooks = read_checkpoint(folder) or {}
            logbooks[candidate_id] = {"count": len(history), "last": history[-1]["hash"], "at": at}
            payload = dump_json({"version": CHECKPOINT_VERSION, "logbooks": logbooks})
            if len(payload) > MAX_CHECKPOINT_BYTES:
                return False  # never write what would not be read back
            # lagging behind is allowed
            atomic_write(path, payload, sync_folder=False, lock_held=True)
            status = _status(path)
            if status is not None:
                _WRITTEN[path] = (status, logbooks)
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
