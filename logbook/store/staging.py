"""Several new logbooks added to a caseload all at once, or not at all (an import).

Files cannot be renamed into place together, so an import is a small journal:

1. every new logbook file, and the public keys that came with them, are written durably into a
   staging folder `.import-<id>.partial` in the data folder;
2. the folder is renamed `.import-<id>.ready`: the import is committed;
3. each file is linked into place (never over an existing file), the checkpoint records each
   logbook, the keys join the keyring, and the staging folder is removed.

All of it happens under the caseload's import lock. A process killed before step 2 leaves a
`.partial` folder, which the next opening of the caseload removes: nothing was imported. Killed
after step 2, it leaves a `.ready` folder, which the next opening finishes: everything was. An
opening never touches the folder of an import that is still running (its lock is held).
"""

from __future__ import annotations

import contextlib
import os
import stat
import uuid
from pathlib import Path

import orjson

from logbook.domain.ids import is_id
from logbook.store.checkpoint import record_checkpoint
from logbook.store.storage import (
    DIR_MODE,
    DamagedFile,
    UnreadableFile,
    fsync_dir,
    make_private,
    read_json,
    try_lock,
    write_new,
)

PREFIX = ".import-"
PARTIAL, READY, CONFLICT = ".partial", ".ready", ".conflict"
KEYS_FILE = "keys.json"
IMPORT_LOCK = ".import"


def import_lock(folder: Path) -> Path:
    """The path whose lock every import (and every recovery) of this caseload holds."""
    return Path(folder) / IMPORT_LOCK


def _real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def _remove(staging: Path) -> None:
    """Remove a staging folder: its plain files, then the folder; anything else stays put."""
    if not _real_folder(staging):
        return
    for entry in staging.iterdir():
        if not entry.is_symlink() and entry.is_file():
            entry.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        staging.rmdir()


def commit(folder: Path, files: dict[str, bytes], keys: list[dict], source: str) -> None:
    """Add the new logbook files `files` (file name: bytes) to the caseload in `folder`, and
    the public `keys`, all at once. The caller holds the import lock."""
    staging = folder / f"{PREFIX}{uuid.uuid4().hex}{PARTIAL}"
    staging.mkdir(mode=DIR_MODE)
    try:
        for name, payload in files.items():
            write_new(staging / name, payload)
        write_new(staging / KEYS_FILE, orjson.dumps({"source": source, "keys": keys}))
        fsync_dir(staging)
        ready = staging.with_name(staging.name[: -len(PARTIAL)] + READY)
        os.rename(staging, ready)
    except BaseException:
        _remove(staging)
        raise
    fsync_dir(folder)
    finish(folder, ready)


def finish(folder: Path, ready: Path) -> None:
    """Put a committed import's files in place, record them, and remove its staging folder."""
    # here, not at the top: every opening of a caseload imports this module (`recover`)
    from logbook.store.logbook_storage import HISTORY, open_logbook
    from logbook.store.signing import Keyring

    make_private(folder)
    names = sorted(p.name for p in ready.iterdir() if p.name != KEYS_FILE)
    for name in names:
        staged, target = ready / name, folder / name
        if not is_id(Path(name).stem) or not name.endswith(".json"):
            continue
        try:
            os.link(staged, target)
        except FileExistsError:
            if not os.path.samefile(staged, target):
                ready.rename(ready.with_name(ready.name[: -len(READY)] + CONFLICT))
                raise DamagedFile(
                    target, "an interrupted import would have replaced it: it was kept"
                ) from None
    fsync_dir(folder)
    for name in names:
        try:
            with open_logbook(folder / name) as db:
                history = db.table(HISTORY, cache_size=0).all()
            record_checkpoint(folder, Path(name).stem, history, history[-1]["at"])
        except (DamagedFile, IndexError):
            continue  # verify will say the logbook is not in the checkpoint
    try:
        given = read_json(ready / KEYS_FILE) or {}
        keyring = Keyring(folder)
        for key in given.get("keys", []):
            keyring.add_public(key["public_key"], key["name"], given.get("source", "an import"))
    except (UnreadableFile, DamagedFile, KeyError, TypeError, ValueError, AttributeError):
        pass  # verify will say which keys it does not know
    _remove(ready)


def leftovers(folder: Path) -> list[Path]:
    """Staging folders an import left in `folder` (finished or not)."""
    try:
        return sorted(p for p in Path(folder).glob(f"{PREFIX}*") if _real_folder(p))
    except OSError:
        return []


def recover_held(folder: Path) -> None:
    """Finish or undo every import left in `folder`; the caller holds the import lock."""
    for leftover in leftovers(folder):
        if leftover.name.endswith(PARTIAL):
            _remove(leftover)
        elif leftover.name.endswith(READY):
            with contextlib.suppress(DamagedFile, OSError):
                finish(folder, leftover)


def recover(folder: Path) -> None:
    """Finish or undo an import that was cut short, unless one is still running."""
    if not any(p.name.endswith((PARTIAL, READY)) for p in leftovers(folder)):
        return
    try:
        fd = try_lock(import_lock(folder))
    except (DamagedFile, OSError):
        return
    if fd is None:
        return  # an import is running: its folder is its own
    try:
        recover_held(folder)
    finally:
        os.close(fd)


__all__ = ["commit", "import_lock", "leftovers", "recover", "recover_held"]
