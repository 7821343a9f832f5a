"""Durable, private, serialised file writes, and the TinyDB storage that uses them.

A confirmed write is written whole to a temporary file beside the target, flushed to disk
(fsync), renamed over the old file (os.replace, atomic on POSIX) and the folder entry synced: a
reader or a crash sees the old file or the new one, never half of one. Writers on the same file
take its lock first (filelock), across processes. Every file is created readable by its owner
only (0600) and folders 0700.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
from filelock import FileLock, Timeout
from tinydb.storages import Storage

FILE_MODE = 0o600
DIR_MODE = 0o700
LOCK_TIMEOUT_S = 20.0
MAX_FILE_BYTES = 64 * 1024 * 1024


class StoreBusy(RuntimeError):
    """Another session held the file's lock for too long; nothing was written."""


class UnreadableFile(ValueError):
    """A file that is not a usable JSON document, with what is wrong with it."""


def ensure_private_dir(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if folder.stat().st_mode & 0o077:
        folder.chmod(DIR_MODE)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload`, durably; the file is 0600 from its first byte."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def remove_stale_temporaries(path: Path) -> None:
    """Temporary files a killed writer left beside `path`; call only while holding its lock."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the cross-process lock of `path`."""
    lock = FileLock(lock_path(path), mode=FILE_MODE)
    try:
        lock.acquire(timeout=timeout)
    except Timeout as error:
        raise StoreBusy(
            f"{path.name} is being written by another session; nothing was saved, try again"
        ) from error
    try:
        yield
    finally:
        lock.release()


def read_json(path: Path):
    """The JSON document in `path`, or None if there is no file; UnreadableFile if unusable."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"it is {size} bytes, larger than any logbook ({MAX_FILE_BYTES})")
    raw = path.read_bytes()
    if not raw.strip():
        raise UnreadableFile("it is empty")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise UnreadableFile(f"it is not valid JSON ({error})") from None


def dump_json(data) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2)


class MemoryStorage(Storage):
    """TinyDB storage over one transaction's in-memory copy of a file.

    The logbook reads the file once under its lock, lets TinyDB change this copy, and writes it
    back once with `atomic_write`: several table changes (a record and its history entry) land
    in one durable write, or not at all.
    """

    def __init__(self, data: dict | None = None):
        self.data = data if data is not None else {}
        self.changed = False

    def read(self):
        return self.data

    def write(self, data) -> None:
        self.data = data
        self.changed = True
