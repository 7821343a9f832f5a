"""Durable, private, serialised file writes (a logbook's TinyDB storage is built on them).

A confirmed write is written whole to a temporary file beside the target, flushed to disk
(fsync), renamed over the old file (os.replace, atomic on POSIX) and the folder entry synced: a
reader or a crash sees the old file or the new one, never half of one. Writers on the same file
take its lock first (an flock on a lock file beside it), across processes. Every file is created
readable by its owner only (0600) and the folders this program creates 0700.

Replacing a large file frees the old one's blocks, and a rename that drops a file's last name
does it inside the rename (1 to 1.5 ms of a 7 MB logbook). A writer holding the file's lock may
keep the old file for a moment under a second name of its own (`replaced_path`, a hard link made
just before the rename), so the rename drops only a name, and have that name unlinked once the
save is done, by a thread of this process (`unlink_later`; `settle` waits for it; at exit it is
done). The second name is the same file, 0600; it is one of the store's temporary names, found
and removed by the next locked write of the file (and by `remove_stale_temporaries`) if a writer
was killed holding it; nothing lists it as a logbook (it does not end in `.json`). Where a hard
link cannot be made (a file system without them, or something that is not ours in the way), or
the old file is not private (someone opened it up: it is not kept a moment longer), the rename
frees the old file itself, as before.

Every file in the data folder may have been put there by someone else: a file is read only if it
is a plain file (never through a symbolic link, never a named pipe, a device or a folder, which
would hang or feed a read forever), and never more than a file may hold; a lock file that is
not a plain file is refused rather than followed.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import fcntl
import os
import stat
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import orjson

from logbook.domain.text import visible

FILE_MODE = 0o600
DIR_MODE = 0o700
LOCK_TIMEOUT_S = 20.0
MAX_FILE_BYTES = 64 * 1024 * 1024


class StoreBusy(RuntimeError):
    """Another session held the file's lock for too long; nothing was written."""


class UnreadableFile(ValueError):
    """A file that is not a usable JSON document, with what is wrong with it."""


class DamagedFile(ValueError):
    """A file in the data folder that cannot be used; reported by name and left untouched."""

    def __init__(self, path: Path, reason: str):
        self.path = Path(path)
        self.reason = reason
        name = visible(self.path.name, multiline=False)  # a file's name is anyone's text
        super().__init__(f"{name}: {reason}; the file was left untouched")


def ensure_private_dir(folder: Path) -> None:
    """Create `folder` (0700) if it is not there; an existing folder keeps its permissions."""
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)


def make_private(folder: Path) -> None:
    """Before a write: take group and other access away from `folder`, keeping its other bits
    (setgid, sticky). Reading never calls this; only writing personal data does."""
    mode = folder.stat().st_mode
    if mode & 0o077:
        # a folder someone else owns (a centre's shared folder) stays as it is: the files in
        # it are 0600 whatever the folder allows
        with contextlib.suppress(PermissionError):
            folder.chmod(stat.S_IMODE(mode) & ~0o077)


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_a_file(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    what = next((words for test, words in _KINDS if test(mode)), "not a plain file")
    return f"it is {what}, not a file"


def stat_key(status: os.stat_result) -> tuple[int, int, int, int]:
    """What tells a file changed without reading it: inode, size, mtime and ctime (another
    tool can put back a file's size and mtime, as `touch -r` does, but any write sets its
    ctime)."""
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def open_plain(path: Path, flags: int = os.O_RDONLY) -> int | None:
    """A descriptor on `path` if it is a plain file; None if there is nothing there.

    Never follows a symbolic link and never blocks on a named pipe; UnreadableFile, saying what
    it is instead, for anything but a plain file.
    """
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnreadableFile("it is a symbolic link, not a file") from None
        if error.errno in (errno.EISDIR, errno.ENXIO):
            raise UnreadableFile(
                "it is a folder, not a file"
                if error.errno == errno.EISDIR
                else "it is a socket, not a file"
            ) from None
        raise UnreadableFile(f"it cannot be read ({error.strerror})") from None
    problem = _not_a_file(os.fstat(fd).st_mode)
    if problem:
        os.close(fd)
        raise UnreadableFile(problem)
    return fd


def read_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes, os.stat_result] | None:
    """The bytes of the plain file `path` and its status as read, or None if there is none;
    UnreadableFile if it is not a plain file or holds more than `max_bytes`."""
    fd = open_plain(path)
    if fd is None:
        return None
    try:
        status = os.fstat(fd)
        if status.st_size > max_bytes:
            raise UnreadableFile(
                f"it is {status.st_size} bytes, larger than any logbook ({max_bytes})"
            )
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 24, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise UnreadableFile(f"it is larger than any logbook ({max_bytes} bytes)")
        return b"".join(chunks), status
    except OSError as error:
        raise UnreadableFile(f"it cannot be read ({error.strerror})") from None
    finally:
        os.close(fd)


def read_head(path: Path, limit: int) -> tuple[bytes, os.stat_result] | None:
    """The first line of the plain file `path` (at most `limit` bytes; b"" if it has no line
    break that soon) and its status, or None if there is none; UnreadableFile as `read_file`."""
    fd = open_plain(path)
    if fd is None:
        return None
    try:
        status = os.fstat(fd)
        start = b""
        end = -1
        while end < 0 and len(start) < limit:
            # a summary line is a few KB: read that much first, more only if it is longer
            more = os.read(fd, min(limit - len(start), 4096 if not start else 1 << 16))
            if not more:
                break
            start += more
            end = start.find(b"\n")
        return (start[:end] if end >= 0 else b""), status
    except OSError as error:
        raise UnreadableFile(f"it cannot be read ({error.strerror})") from None
    finally:
        os.close(fd)


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes | None:
    """The bytes of the plain file `path`, or None if there is none; UnreadableFile if it is
    not a plain file or holds more than `max_bytes`."""
    found = read_file(path, max_bytes)
    return None if found is None else found[0]


def file_problem(path: Path) -> str | None:
    """Why `path` is not a plain file (without following a link); None if it is or is absent."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        return "it is a symbolic link, not a file"
    return _not_a_file(mode)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_new(path: Path, payload: bytes | Sequence[bytes]) -> None:
    """Write `payload` (bytes, or pieces of them written one after the other) to the new file
    `path`, durably (FileExistsError if anything is there)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    try:
        for piece in [payload] if isinstance(payload, bytes | bytearray) else payload:
            view = memoryview(piece)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    os.close(fd)


def create_once(path: Path, payload: bytes) -> None:
    """Make the file `path` holding `payload`, whole and durably, unless a file of that name is
    there already (made meanwhile by another session: it is kept, never written over)."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    write_new(tmp, payload)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def temporary_path(path: Path) -> Path:
    """The temporary file a writer holding the lock of `path` writes first (`atomic_write`)."""
    return path.with_name(f".{path.name}.writing.tmp")


def replaced_path(path: Path) -> Path:
    """The second name a writer holding the lock of `path` gives the file it replaces, until
    that name is unlinked after the write (`atomic_write` with `free_later`)."""
    return path.with_name(f".{path.name}.replaced.tmp")


def _remove_ours(path: Path) -> bool:
    """Remove `path` if it is a plain file (a temporary name of ours); True if nothing is
    there now. Anything else of that name is not ours and stays."""
    if file_problem(path) is not None:
        return False
    path.unlink(missing_ok=True)
    return True


def atomic_write(
    path: Path,
    payload: bytes | Sequence[bytes],
    sync_folder: bool = True,
    lock_held: bool = False,
    free_later: bool = False,
) -> Path | None:
    """Replace `path` with `payload` (bytes, or their pieces in order: `write_new`), durably;
    the file is 0600 from its first byte.

    Without `sync_folder` a crash may leave the old file in place (never a half-written one):
    for files that may lag behind, like the checkpoint. With `lock_held` (the writer holds the
    lock of `path`) the temporary file has one name, `temporary_path`, so what a writer killed
    mid-write left is found without listing the folder, and written over. With `free_later`
    too, the old file is given a second name first (`replaced_path`) and that name returned
    (None if there is none): the caller hands it to `unlink_later` once its save is done (the
    module's docstring says why)."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    replaced = None
    if lock_held:
        fixed = temporary_path(path)
        if _remove_ours(fixed):  # nothing, or what a killed writer left
            tmp = fixed
        if free_later:
            replaced = replaced_path(path)
            if not _remove_ours(replaced):  # what a killed writer left, or a pending unlink
                replaced = None
    write_new(tmp, payload)
    if replaced is not None and not _second_name(path, replaced):
        replaced = None
    try:
        os.replace(tmp, path)
        if sync_folder:
            fsync_dir(path.parent)
    except BaseException:
        unlink_later(replaced)
        raise
    return replaced


def _second_name(path: Path, replaced: Path) -> bool:
    """Give the file `path` the second name `replaced`; False if it is not given: no file yet,
    no hard links on this file system (EXDEV, EPERM, ENOTSUP...), something in the way, or a
    file opened up by hand to others (not kept one moment longer)."""
    try:
        if os.lstat(path).st_mode & 0o077:
            return False
        os.link(path, replaced, follow_symlinks=False)
    except OSError:
        return False
    return True


def _unlink_replaced(path: Path) -> None:
    with contextlib.suppress(OSError):
        _remove_ours(path)


class _Deferred:
    """The second names of replaced files, unlinked by a thread of this process (one thread,
    started at the first, started again in a forked child), in the order given."""

    def __init__(self) -> None:
        self._reset()
        os.register_at_fork(after_in_child=self._reset)
        atexit.register(self.wait, 30.0)  # a stuck unlink: the next write removes the name

    def _reset(self) -> None:
        self._ready = threading.Condition()
        self._paths: list[Path] = []
        self._busy = False
        self._thread: threading.Thread | None = None

    def put(self, path: Path) -> None:
        with self._ready:
            self._paths.append(path)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="logbook-unlink-replaced", daemon=True
                )
                self._thread.start()
            self._ready.notify_all()

    def _run(self) -> None:
        ready = self._ready
        while True:
            with ready:
                while not self._paths:
                    ready.wait()
                path = self._paths.pop(0)
                self._busy = True
            try:
                _unlink_replaced(path)
            finally:
                with ready:
                    self._busy = False
                    ready.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every name given is unlinked; False if `timeout` passed first."""
        with self._ready:
            if self._thread is None or not self._thread.is_alive():
                leftover, self._paths = self._paths, []
            else:
                return self._ready.wait_for(lambda: not self._paths and not self._busy, timeout)
        for path in leftover:  # no thread to do it (the interpreter is stopping)
            _unlink_replaced(path)
        return True


_DEFERRED = _Deferred()


def unlink_later(replaced: Path | None) -> None:
    """Have the second name `replaced` (`atomic_write` with `free_later`) unlinked by a thread
    of this process, after the caller returned: that frees the old file's blocks."""
    if replaced is not None:
        _DEFERRED.put(replaced)


def settle(timeout: float | None = None) -> bool:
    """Wait until the old files that writes replaced are unlinked (`atomic_write` with
    `free_later` leaves that to a thread); False if `timeout` passed first."""
    return _DEFERRED.wait(timeout)


_SWEPT: set[Path] = set()
_FOUND: dict[Path, set[str]] = {}  # folder: the temporary files its one listing found
_SWEEPING = threading.Lock()  # the app saves from worker threads


def remove_stale_temporaries(path: Path, every_time: bool = False) -> None:
    """Temporary files a killed writer left beside `path`; call only while holding its lock.
    Only plain files are removed: anything else of that name is not ours. Listing the folder
    costs as much as it holds, so it is listed once a process (the temporary files of every
    logbook found at once) and each file's are removed at its first write (a writer killed
    since then was another process: the next process to write the file removes what it left;
    and a writer that held the lock wrote to one name, which the next write writes over),
    unless `every_time`: the folder listed again."""
    path = Path(path)
    folder, prefix = path.parent, f".{path.name}."
    with _SWEEPING:
        if path in _SWEPT and not every_time:
            return
        _SWEPT.add(path)
        found = _FOUND.get(folder)
        if found is None or every_time:
            with os.scandir(folder) as entries:
                found = {e.name for e in entries if e.name[:1] == "." and e.name[-4:] == ".tmp"}
            _FOUND[folder] = found
        mine = [name for name in found if name.startswith(prefix)]
        found.difference_update(mine)
    for name in mine:
        stale = folder / name
        if file_problem(stale) is None:
            stale.unlink(missing_ok=True)


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


class DamagedLock(DamagedFile):
    """A lock file that is not a plain file (a symbolic link, a folder...): never followed."""


def _open_lock(lock: Path) -> int:
    try:
        fd = os.open(
            lock,
            os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
            FILE_MODE,
        )
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise DamagedLock(lock, "it is a symbolic link, not a lock file") from None
        if error.errno == errno.EISDIR:
            raise DamagedLock(lock, "it is a folder, not a lock file") from None
        raise
    problem = _not_a_file(os.fstat(fd).st_mode)
    if problem:
        os.close(fd)
        raise DamagedLock(lock, problem.replace("not a file", "not a lock file"))
    return fd


@contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the cross-process lock of `path` (released when the process ends, however).

    DamagedLock if the lock file is anything but a plain file; StoreBusy after `timeout`."""
    fd = _open_lock(lock_path(path))
    try:
        deadline = time.monotonic() + timeout
        pause = 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        f"{path.name} is being written by another session; nothing was saved, "
                        "try again"
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.02)
        yield
    finally:
        os.close(fd)  # releases the lock


def try_lock(path: Path) -> int | None:
    """The lock of `path` if it is free now (a descriptor to close to release it), else None."""
    fd = _open_lock(lock_path(path))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def read_json(path: Path, max_bytes: int = MAX_FILE_BYTES):
    """The JSON document in `path`, or None if there is no file; UnreadableFile if unusable."""
    raw = read_bytes(path, max_bytes)
    if raw is None:
        return None
    if not raw.strip():
        raise UnreadableFile("it is empty")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise UnreadableFile(f"it is not valid JSON ({error})") from None


def dump_json(data) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2)
