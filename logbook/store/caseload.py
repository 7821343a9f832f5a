"""The caseload: every candidate's logbook in one data folder, and its summary for the list.

One file per candidate, named by the candidate's id (a UUID: no other name is ever made into
a path, so nothing a file says can point outside the data folder). The summary the caseload
list shows is written first in each logbook file by every save (`logbook_storage`), and kept
in a cache file, the index, keyed by each logbook's inode, size and mtime and by its content
(the checksum of its summary line, or the SHA-256 of an older file): an atomic save always
makes a new inode, so a changed file is never taken for the cached one; a file whose inode or
mtime changed but not its content (a restore, a sync) is found by its checksum, and a file the
index does not know is summarised from its summary line once its checksum holds over the whole
file (hashing it, not decoding it). A file whose summary line is missing, worked out against
other standards or does not match the file is decoded in full, that file alone. The index
keeps each summary as its JSON text, decoded as it is handed out: a caseload of a thousand
never holds a thousand decoded summaries at once. The cache is only ever a copy of what the
logbooks say; an entry that is not a summary is not believed (the file is summarised again).
(A summary does not depend on the day it is worked out: the store refuses evidence dated in the
future.)

The index is the user's own, kept in their state folder (`index_path`), never in the data
folder: that may be a copy, a restore, a synced or a shared folder, and an index there could
say anything of the files beside it (a summary edited in it was the list's row, and `verify`
does not read the index). It is written as the checkpoint is (`logbook.store.checkpoint`): a
pass that changed a few entries (a save, then the list again) appends them, one line each, to
its journal (`index_journal`: `{"file": name, "entry": entry or null}` after a first line naming
the index it follows), instead of rewriting an index of every candidate; once the journal is
larger than the index (and than INDEX_COMPACT_BYTES), or most entries changed, the index is
written whole under a new name and the journal started again. The journal is read over the
index only while it names that index, up to its first line that is not whole and an entry:
being a copy, it is not synced (a line lost in a crash is a file summarised again).

A corrupt logbook is reported by name and left untouched; the rest of the caseload
still opens.

Opening a caseload creates its folder (0700) if it is not there, and finishes or undoes an
import that was cut short (`logbook.store.staging`); it never changes an existing folder's
permissions: only a save takes group and other access away (`storage.make_private`).
"""

from __future__ import annotations

import gc
import os
import re
import stat
import sys
import uuid
import zlib
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from logbook.domain.ids import is_id
from logbook.store import staging
from logbook.store.location import state_folder
from logbook.store.storage import (
    DIR_MODE,
    MAX_FILE_BYTES,
    DamagedFile,
    UnreadableFile,
    atomic_write,
    dump_json,
    ensure_private_dir,
    locked,
    read_file,
    read_json,
    stat_key,
)

# Only what lists the caseload from its index is imported here: the app's first screen needs
# no more. Reading, checking and saving a logbook (the store's logbooks, the domain's rules, the
# standards) are imported when first used: tests/tui/test_start_up_imports.py.
if TYPE_CHECKING:
    from logbook.domain.records import Candidate
    from logbook.qualifications import Library
    from logbook.store.logbooks import CorruptLogbook, LogbookFile, Verification
    from logbook.store.verified import VerifiedRecord

# the caseloads' indexes, in the user's state folder (`logbook.store.location.state_folder`)
INDEX_FOLDER = "caseloads"
# where the index and its journal were kept before, in the data folder: taken away when the
# index is next written
FORMER_INDEX_FILES = (".caseload-index.json", ".caseload-index.log")
# where a centre keeps its own standards files in the data folder (as
# logbook.qualifications.CENTRE_FOLDER says): without it, the list needs none of the standards'
# code
CENTRE_FOLDER = "standards"
ROLES_FILE = ".roles.json"  # the centre's roles (logbook.store.roles), when it has them
# 3: files checked against their names, and the standards they were read by; 4: summaries
# hold the plan and the units awaiting countersign; 5: each file's content checksum; 6: summaries
# hold the candidate's assessor; 7: each summary kept as its JSON text; 8: in the user's state
# folder, naming the data folder it is the index of
INDEX_VERSION = 8
INDEX_COMPACT_BYTES = 64 * 1024
# the start of an index this version writes: its journal's name, read without the entries
_NAMED = re.compile(rb'\A\{\s*"journal":\s*"([0-9a-f]{32})",')


@dataclass
class CaseloadCheck:
    """What `logbook verify` found: each logbook's verification, by file, and the caseload's
    own problems (its checkpoint, its keys, logbooks missing) and notes (who signed)."""

    logbooks: dict[str, Verification] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # with a record of verified files: the logbooks taken as verified (unchanged since a check
    # that found them clean), and when those checks were (UTC, ISO)
    unchanged: list[str] = field(default_factory=list)
    verified_at: list[str] = field(default_factory=list)

    @property
    def bad(self) -> int:
        return sum(1 for v in self.logbooks.values() if v.problems)


@dataclass
class CaseloadView:
    summaries: list[dict] = field(default_factory=list)
    problems: list[CorruptLogbook] = field(default_factory=list)


_TEXTS = ("name", "registration_number", "qualification", "qualification_title", "workplace")


def a_summary(summary: object, candidate_id: str) -> bool:
    """Whether `summary` has the shape of the summary of the candidate `candidate_id`
    (`Portfolio.summary`): what an index entry or a summary line must be to be believed."""
    # written out, not with all() over the names: a caseload of a thousand checks this for
    # each of its rows at every start of the app
    if not isinstance(summary, dict) or summary.get("id") != candidate_id:
        return False
    get = summary.get
    for name in _TEXTS:
        if not isinstance(get(name), str):
            return False
    units = get("units")
    if not isinstance(units, list) or not isinstance(get("signed_off"), list):
        return False
    for unit in units:
        if not isinstance(unit, dict):
            return False
        get = unit.get
        if (
            not isinstance(get("code"), str)
            or not isinstance(get("signed_off"), bool)
            or type(get("done")) is not int
            or type(get("total")) is not int
            or type(get("missing_count")) is not int
        ):
            return False
    plan = summary.get("plan")
    return isinstance(summary.get("achieved"), bool) and (plan is None or isinstance(plan, dict))


def _decoded(entry: dict, candidate_id: str) -> dict | None:
    """The summary an index entry keeps, decoded; None if it is not one."""
    try:
        summary = orjson.loads(entry.get("summary"))
    except (orjson.JSONDecodeError, TypeError):
        return None
    return summary if a_summary(summary, candidate_id) else None


def _open_index_journal(path: Path) -> int:
    """A descriptor appending to the index's journal (made 0600); OSError if it is not a plain
    file (never followed)."""
    fd = os.open(
        path,
        os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
        0o600,
    )
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path.name} is not a plain file")
    return fd


def _journal_over(path: Path, name: str, files: dict) -> None:
    """The lines of the index's journal `path` put over `files`, if the journal follows the
    index `name`, up to its first line that is not a whole line and an entry."""
    try:
        found = read_file(path, MAX_FILE_BYTES)
    except UnreadableFile:
        return
    if found is None:
        return
    lines = found[0].split(b"\n")[:-1]  # the last is not whole
    if not lines or lines[0] != orjson.dumps({"base": name}):
        return
    for line in lines[1:]:
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError:
            return
        if not isinstance(value, dict) or not isinstance(value.get("file"), str):
            return
        entry = value.get("entry")
        if entry is None:
            files.pop(value["file"], None)
        elif isinstance(entry, dict):
            files[value["file"]] = entry
        else:
            return


class UnknownCandidate(KeyError):
    def __str__(self) -> str:
        return self.args[0]


# verifying files in processes of their own ------------------------------------------------------

# The checks `verify` makes of a file (`LogbookFile.check` and what it calls: the history chain,
# signatures, the checkpoint, the rules, the summary line). The record of verified files
# (`logbook.store.verified`) keys each check by the code that made it (`checks_fingerprint`), so
# a change to any of them has every file checked in full again; bump CHECKS_VERSION for a change
# to what is checked that is not in that code.
CHECKS_VERSION = 1

_FEWEST_PER_PROCESS = 4  # fewer files than this for each process: checked in this one
_CHECKING: tuple = ()  # in a checking process: (library, max_bytes, keys, checkpoint)


def _checks(files: list[Path], library, max_bytes: int, keys, recorded, processes: int):
    """Each file's `LogbookFile.check` (a Verification), or the reason it cannot be read or
    believed (a str), in the order of `files`. With `processes` > 1 and enough files, they are
    checked that many at a time, in processes forked from this one (which share its standards,
    keys and checkpoint, read once) on Linux; elsewhere (where forking is not the usual way
    to start a process, and may not be safe), one by one here."""
    import multiprocessing

    if (
        processes > 1
        and len(files) >= 2 * _FEWEST_PER_PROCESS
        and sys.platform.startswith("linux")  # forking is its own way to start a process
    ):
        from concurrent.futures import ProcessPoolExecutor

        processes = min(processes, len(files) // _FEWEST_PER_PROCESS)
        for stream in (sys.stdout, sys.stderr):  # nothing written yet is written twice
            if stream is not None:
                stream.flush()
        with ProcessPoolExecutor(
            processes,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_checking,
            initargs=(library, max_bytes, keys, recorded),
        ) as pool:
            chunk = max(1, len(files) // (processes * 8))
            # the processes start as the files are handed out: what this one holds already is
            # left out of their collections of garbage, so its pages stay shared, not copied
            gc.freeze()
            try:
                checked = pool.map(_check_file, files, chunksize=chunk)
            finally:
                gc.unfreeze()
            yield from checked
        return
    for path in files:
        yield _check_one(path, library, max_bytes, keys, recorded)


def _start_checking(library, max_bytes: int, keys, recorded) -> None:
    global _CHECKING
    _CHECKING = (library, max_bytes, keys, recorded)


def _check_file(path: Path):
    return _check_one(path, *_CHECKING)


def _check_one(path: Path, library, max_bytes: int, keys, recorded):
    """One file's `LogbookFile.check`, or why it cannot be read or believed. The collector of
    reference cycles waits while the file is checked: its rows, entries and records are
    hundreds of thousands of objects at thousands of records, which each collection would
    walk again (a sixth of the check's time at 5000 records); whatever cycles the check
    leaves are collected after it, and a file is at most MAX_FILE_BYTES."""
    from logbook.store.logbooks import CorruptLogbook, LogbookFile

    collecting = gc.isenabled()
    gc.disable()
    try:
        return LogbookFile(path, library, max_bytes).check(keys, recorded)
    except CorruptLogbook as error:
        return error.reason
    finally:
        if collecting:
            gc.enable()


class Caseload:
    unchecked = 0  # summaries the last pass of `each` gave unchecked (quick)
    # whether the pass of `each` under way has gone past the index to reading files: a list
    # filled as it goes shows the index's rows at once, and the rest as they come
    reading_files = False

    def __init__(
        self, folder: Path, library: Library | None = None, max_bytes: int = MAX_FILE_BYTES
    ):
        self.folder = Path(folder)
        self._library = library
        self.max_bytes = max_bytes
        ensure_private_dir(self.folder)
        staging.recover(self.folder)

    @property
    def library(self) -> Library:
        """The standards of this data folder (the shipped ones with the centre's files in its
        standards/ folder), loaded when first needed: a warm caseload list needs none."""
        if self._library is None:
            from logbook.qualifications import library_for

            self._library = library_for(self.folder)
        return self._library

    def _standards_key(self) -> str:
        """What the summaries were worked out against: the centre's files, if any (a unit
        they give in full has more to cover than its title)."""
        if self._library is not None and self._library.centre_folder is None:
            return ""  # given a library without the centre's files
        if not (self.folder / CENTRE_FOLDER).is_dir():
            return ""  # no centre's files: what centre_fingerprint says, without importing it
        from logbook.qualifications import centre_fingerprint

        return centre_fingerprint(self.folder)

    def may_have_roles(self) -> bool:
        """Whether anything is where the centre's roles file goes (a file, or a link or folder
        that `logbook.store.roles` refuses): with nothing there, the roles are not read."""
        return os.path.lexists(self.folder / ROLES_FILE)

    @cached_property
    def _where(self) -> str:
        """The data folder's own path (links resolved): what its index is the index of, and
        where the record of verified files keeps its files' slots."""
        return str(self.folder.resolve())

    @cached_property
    def index_path(self) -> Path:
        """The index of this caseload, in the user's state folder, named by a checksum of the
        data folder's path; the index names the folder too, and is believed for it alone."""
        name = zlib.crc32(self._where.encode("utf-8", "surrogateescape"))
        return state_folder() / INDEX_FOLDER / f"{name:08x}.json"

    def stored_files(self) -> list[Path]:
        """Every logbook file in the folder, whoever may see it (`*.json`, not hidden), by name.
        The names are listed and sorted as strings: pathlib's glob and its comparisons took
        several milliseconds of every start at a thousand candidates."""
        folder = self.folder
        try:
            with os.scandir(folder) as entries:
                names = sorted(
                    entry.name
                    for entry in entries
                    if entry.name.endswith(".json") and not entry.name.startswith(".")
                )
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            return []  # as pathlib's glob had it: nothing listed
        return [folder / name for name in names]

    def files(self) -> list[Path]:
        """The logbook files this caseload lists, opens, exports and verifies (all of them;
        fewer under a role, `logbook.store.roles.RoleCaseload`)."""
        return self.stored_files()

    def import_problems(self, where: str, candidate: dict) -> list[str]:
        """Why this caseload may not take in an imported logbook of `candidate` (its candidate
        record as a dict), beyond the logbook's own rules: nothing here; a role may refuse."""
        return []

    def logbook(self, candidate_id: str) -> LogbookFile:
        """The logbook of the candidate with this id; UnknownCandidate if it is not an id."""
        from logbook.store.logbooks import LogbookFile

        if not is_id(candidate_id):
            raise UnknownCandidate(f"{candidate_id!r:.60} is not a candidate's id")
        return LogbookFile(self.folder / f"{candidate_id}.json", self.library, self.max_bytes)

    def create(self, candidate: Candidate, by: str, today: date | None = None) -> LogbookFile:
        logbook = self.logbook(candidate.id)
        logbook.create(candidate, by, today)
        return logbook

    def view(self, today: date | None = None, quick: bool = False) -> CaseloadView:
        """Every candidate's summary, sorted by name, and every file that could not be read.

        `quick`: a file the index does not know is summarised from its summary line if the
        file is as long as that line says, without checking its checksum (a first answer to
        draw at once; call again without `quick` to have every file checked)."""
        view = CaseloadView()
        for found in self.each(today, quick):
            if isinstance(found, dict):
                view.summaries.append(found)
            else:
                view.problems.append(found)
        view.summaries.sort(key=lambda s: (s["name"].casefold(), s["id"]))
        return view

    def each(
        self, today: date | None = None, quick: bool = False
    ) -> Iterator[dict | CorruptLogbook]:
        """Each candidate's summary, or the problem of a file that could not be read, as it is
        found: first every file the index holds as it is now, then each other file as it is
        summarised (for a list that shows rows as they come: a slow or damaged file holds up no
        row the index has). The index is written once every file has been gone through.

        `quick` (see `view`): `unchecked` says, once the pass is over, how many summaries it
        gave without checking them; a pass without `quick` checks every one."""
        today = today or date.today()
        self.unchecked = 0
        self.reading_files = False
        cached = self._read_index()
        fresh: dict[str, dict] = {}
        stale: list[tuple[Path, dict | None]] = []
        standards = self._standards_key()
        for path in self.files():
            try:
                stat = os.lstat(path)  # a link is not followed: it is reported, never read
            except FileNotFoundError:
                continue
            key = list(stat_key(stat))
            name = path.name
            entry = cached.get(name)
            believed = entry is not None and entry.get("key") == key
            summary = _decoded(entry, name[:-5]) if believed else None  # the stem: its id
            if summary is None:
                stale.append((path, entry))
                continue
            fresh[name] = entry
            yield summary
        self.reading_files = bool(stale)
        for path, entry in stale:
            try:
                entry = self._summarise(path, entry, standards, today, quick)
            except DamagedFile as problem:  # from decoding it: the logbooks are imported
                from logbook.store.logbooks import CorruptLogbook

                if not isinstance(problem, CorruptLogbook):
                    raise
                yield problem
                continue
            if entry["sha256"] is None:
                self.unchecked += 1
            summary = entry["summary"]
            if isinstance(summary, str):  # the index's, for a file the same as it was then
                summary = _decoded(entry, path.stem)
            else:
                entry = {**entry, "summary": orjson.dumps(summary).decode()}
            fresh[path.name] = entry
            yield summary
        # a quick pass that had to check every file it gave (no summary line to believe: older
        # files, or files another tool wrote, decoded in full) writes the index too, else a
        # caseload of older files was decoded whole at every start of the app
        if fresh != cached and (not quick or self.unchecked == 0):
            self._write_index(fresh, cached)

    def _summarise(
        self, path: Path, entry: dict | None, standards: str, today: date, quick: bool
    ) -> dict:
        """The index entry of a file the index does not know by inode and mtime: from its
        summary line once its checksum holds over the file (hashing, not decoding, it), else
        from the index by content (an older file the same as when it was summarised), else
        decoded in full."""
        from logbook.domain.portfolio import SUMMARY_VERSION
        from logbook.store.logbook_storage import file_summary, read_summary
        from logbook.store.logbooks import LogbookFile

        try:
            found = read_summary(path)
        except UnreadableFile:
            found = None  # decoding says what is wrong with it
        if found is not None:
            head, key = found
            usable = head.get("version") == SUMMARY_VERSION and head.get("standards") == standards
            summary = head.get("of")
            # a file copied or renamed to another candidate's name is decoded, and named
            if usable and a_summary(summary, path.stem):
                if quick:
                    return {"key": list(key), "sha256": None, "summary": head["of"]}
                checked = file_summary(path, self.max_bytes)
                if checked is not None and checked[0] is not None:
                    head, key = checked
                    return {
                        "key": list(key),
                        "sha256": head["sha256"],
                        "size": key[1],
                        "summary": head["of"],
                    }
        # no summary line to believe: an older file, or one another tool wrote
        try:
            raw = read_file(path, self.max_bytes)
        except (UnreadableFile, OSError):
            raw = None
        import hashlib  # not at start: the list is drawn from the index and summary lines

        content = hashlib.sha256(raw[0]).hexdigest() if raw else None
        if (
            content
            and entry is not None
            and entry.get("sha256") == content
            and _decoded(entry, path.stem) is not None
        ):
            return {**entry, "key": list(stat_key(raw[1]))}
        book = LogbookFile(path, self.library, self.max_bytes)
        portfolio = book.read(today)
        key = list(stat_key(raw[1])) if raw else [0, 0, 0]
        size = raw[1].st_size if raw else 0
        return {"key": key, "sha256": content, "size": size, "summary": portfolio.summary()}

    @property
    def index_journal(self) -> Path:
        return self.index_path.with_suffix(".log")

    def _read_index(self) -> dict:
        try:
            data = read_json(self.index_path)
        except (UnreadableFile, OSError, RecursionError):
            return {}
        if (
            not isinstance(data, dict)
            or data.get("version") != INDEX_VERSION
            or data.get("folder") != self._where
            or not isinstance(data.get("files"), dict)
            or data.get("standards", "") != self._standards_key()
        ):
            return {}
        files = data["files"]
        name = data.get("journal")
        if isinstance(name, str):
            _journal_over(self.index_journal, name, files)
        return files

    def _write_index(self, files: dict, cached: dict | None = None) -> None:
        """The index of `files` (each file's entry, by name): the entries that differ from
        `cached` (the index as this pass read it) appended to its journal if they are few,
        else the index written whole."""
        try:
            state = self.index_path.parent
            if not state.is_dir():
                state.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
                state.mkdir(exist_ok=True, mode=DIR_MODE)
            with locked(self.index_path, timeout=1.0):
                if cached and self._append_index(files, cached):
                    return
                name = uuid.uuid4().hex
                atomic_write(
                    self.index_path,
                    dump_json(
                        {
                            "journal": name,
                            "folder": self._where,
                            "version": INDEX_VERSION,
                            "standards": self._standards_key(),
                            "files": dict(sorted(files.items())),
                        }
                    ),
                )
                fd = _open_index_journal(self.index_journal)
                try:  # cut short here, the journal names no index: it is not read
                    os.ftruncate(fd, 0)
                    os.write(fd, orjson.dumps({"base": name}) + b"\n")
                finally:
                    os.close(fd)
        except Exception:
            return
        for former in FORMER_INDEX_FILES:
            with suppress(OSError):
                (self.folder / former).unlink()

    def _append_index(self, files: dict, cached: dict) -> bool:
        """Append the entries of `files` that differ from `cached`, and those gone from it, to
        the journal of the index in place; False (nothing written) if they are most of them,
        if the journal does not follow that index or would outgrow it."""
        lines = [
            orjson.dumps({"file": name, "entry": entry}) + b"\n"
            for name, entry in files.items()
            if cached.get(name) != entry
        ]
        gone = cached.keys() - files.keys()
        lines += [orjson.dumps({"file": name, "entry": None}) + b"\n" for name in gone]
        if len(lines) * 2 > len(files):
            return False
        status = os.lstat(self.index_path)
        fd = os.open(self.index_path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            named = _NAMED.match(os.pread(fd, 128, 0)) if stat.S_ISREG(status.st_mode) else None
        finally:
            os.close(fd)
        if named is None:
            return False
        fd = _open_index_journal(self.index_journal)
        try:
            size = os.fstat(fd).st_size
            header = orjson.dumps({"base": named.group(1).decode()}) + b"\n"
            if (
                os.pread(fd, len(header), 0) != header
                or os.pread(fd, 1, size - 1) != b"\n"
                or size + sum(map(len, lines)) > max(INDEX_COMPACT_BYTES, status.st_size)
            ):
                return False
            os.write(fd, b"".join(lines))
        finally:
            os.close(fd)
        return True

    def find(self, query: str) -> LogbookFile:
        """The logbook of the candidate a person means: id, registration number, or name."""
        wanted = query.strip().casefold()
        if is_id(query.strip()) and (self.folder / f"{query.strip()}.json").is_file():
            return self.logbook(query.strip())
        view = self.view()
        matches = [
            s
            for s in view.summaries
            if wanted in (s["registration_number"].casefold(), s["name"].casefold())
            or s["id"].startswith(wanted)
        ]
        if not matches:
            matches = [s for s in view.summaries if wanted in s["name"].casefold()]
        if len(matches) == 1:
            return self.logbook(matches[0]["id"])
        if not matches:
            unread = "".join(f"\n  cannot read {problem}" for problem in view.problems)
            raise UnknownCandidate(f"no candidate matches {query!r}{unread}")
        names = "; ".join(f"{s['name']} ({s['registration_number']})" for s in matches)
        raise UnknownCandidate(f"{query!r} matches {len(matches)} candidates: {names}")

    def _verified_before(self, files: list[Path], keys: dict, recorded, record, full: bool):
        """The files `record` holds as verified (by name, what their check found), with what
        they are now; and for every file that could be hashed, its slot in the record, the key
        of its check (`verified.check_key`: everything the check depends on) and its status
        as it was hashed."""
        from logbook.store.logbooks import Verification

        taken: dict[str, Verification] = {}
        times: set[str] = set()
        if record is None:
            return taken, {}, times
        record.load()
        if full:
            record.unused = None  # nothing of it is used
        keyed = self._keyed(files, keys, recorded)
        for name, (slot, key, _) in keyed.items():
            before = None if full else record.verified(slot, key)
            if before is not None:
                taken[name] = Verification(
                    notes=list(before["notes"]),
                    signers=dict(before["signers"]),
                    signed=before["signed"],
                )
                times.add(before["at"])
        return taken, keyed, times

    def verified_keys(self) -> dict[str, tuple[str, str]]:
        """Each file's slot in the record of verified files and the key of its check as it is
        now (`_keyed`), by name."""
        from logbook.store.checkpoint import read_checkpoint
        from logbook.store.signing import Keyring

        try:
            recorded = read_checkpoint(self.folder)
        except DamagedFile:
            recorded = None
        keyed = self._keyed(self.files(), Keyring(self.folder).known()[0], recorded)
        return {name: (slot, key) for name, (slot, key, _) in keyed.items()}

    def _keyed(self, files: list[Path], keys: dict, recorded) -> dict[str, tuple]:
        """For each file that can be hashed and whose lock file is sound, its slot in the
        record of verified files, the key of its check and its status as it was hashed."""
        import hashlib

        from logbook import __version__
        from logbook.store.storage import file_problem, lock_path
        from logbook.store.verified import check_key, checks_fingerprint, standards_fingerprint

        keyed: dict[str, tuple[str, str, tuple]] = {}
        common = check_key(
            CHECKS_VERSION,
            __version__,
            checks_fingerprint(),
            standards_fingerprint(self.folder),
            sorted(keys.items()),
            self.max_bytes,
        )
        folder = self._where
        for path in files:
            if file_problem(lock_path(path)):
                continue  # a finding: checked in full
            try:
                found = read_file(path, self.max_bytes)
            except UnreadableFile:
                continue
            if found is None:
                continue
            content = hashlib.sha256(found[0]).hexdigest()
            # what the check knows of the file's checkpoint entry: none to check against (no
            # checkpoint, or a damaged one), none for this file, or the entry
            entry = ["no checkpoint"] if recorded is None else ["entry", recorded.get(path.stem)]
            key = check_key(common, path.name, content, entry)
            slot = os.path.join(folder, path.name)
            keyed[path.name] = (slot, key, stat_key(found[1]))
        return keyed

    def _record_clean(self, record, logbooks: dict, keyed: dict, taken: dict) -> None:
        """Write `record` with every file whose check found nothing, while it is as it was
        hashed (a file changed meanwhile is left out: what was checked may not be what was
        hashed)."""
        from logbook.store.verified import now

        clean: dict[str, dict] = {}
        at = now()
        for name, (slot, key, status) in keyed.items():
            found = logbooks[name]
            if found.problems:
                continue
            if name in taken:  # as it was when it was checked in full
                clean[slot] = record.verified(slot, key)
                continue
            try:
                if stat_key(os.lstat(self.folder / name)) != status:
                    continue
            except OSError:
                continue
            clean[slot] = {
                "key": key,
                "signers": found.signers,
                "signed": found.signed,
                "notes": found.notes,
                "at": at,
            }
        record.save(clean, forget=self._where + os.sep)

    def verify(
        self, processes: int = 1, record: VerifiedRecord | None = None, full: bool = False
    ) -> CaseloadCheck:
        """Every logbook checked (`LogbookFile.check`), and the caseload as a whole: logbooks
        the checkpoint recorded that are gone, a damaged checkpoint or key file, an import
        that could not be finished. `processes`: how many files may be checked at once, each
        in a process of its own (`_checks`); the same findings, in the same order.

        `record` (`logbook.store.verified`): a file whose full check found nothing, with the
        same bytes, standards, known keys, checkpoint entry and checks now, is taken as
        verified from it (hashed, not checked); every other file is checked in full, and the
        record rewritten with the files found clean. `full`: every file checked in full (the
        record only rewritten)."""
        from logbook.store.checkpoint import CHECKPOINT_NAME, read_checkpoint
        from logbook.store.logbooks import Verification
        from logbook.store.signing import Keyring, fingerprint

        result = CaseloadCheck()
        keys, damaged_keys = Keyring(self.folder).known()
        result.problems.extend(str(error) for error in damaged_keys)
        try:
            recorded = read_checkpoint(self.folder)
        except DamagedFile as error:
            result.problems.append(f"{error}: truncation and rollback cannot be checked")
            recorded = None
        checkpoint = recorded or {}
        signers: dict[str, str] = {}
        files = self.files()
        taken, keyed, times = self._verified_before(files, keys, recorded, record, full)
        unknown = [path for path in files if path.name not in taken]
        library = self.library if unknown else None  # none to load if every file is known
        checks = _checks(unknown, library, self.max_bytes, keys, recorded, processes)
        found = dict(zip((path.name for path in unknown), checks, strict=True))
        for path in files:
            checked = taken.get(path.name) or found[path.name]
            if isinstance(checked, str):  # the file could not be read or believed
                result.logbooks[path.name] = Verification(problems=[checked])
            else:
                result.logbooks[path.name] = checked
                signers.update(checked.signers)
        if record is not None:
            result.unchanged = list(taken)
            result.verified_at = sorted(times)
            self._record_clean(record, result.logbooks, keyed, taken)
        # a file this caseload does not list (another assessor's, under a role) is on disk:
        # not checked, and not missing either; one gone from disk is missing whoever verifies
        # (nobody can say any more whose it was)
        on_disk = {path.stem for path in self.stored_files()}
        for candidate_id, recorded in sorted(checkpoint.items()):
            if candidate_id not in on_disk:
                result.problems.append(
                    f"{candidate_id}.json is missing: the checkpoint recorded {recorded['count']} "
                    f"history entries for it at its save of {recorded['at'][:19]}"
                )
        if not checkpoint and any(v.signed for v in result.logbooks.values()):
            result.problems.append(
                f"there is no {CHECKPOINT_NAME}, though histories are signed: truncation and "
                "rollback cannot be checked until every logbook is saved again"
            )
        for leftover in staging.leftovers(self.folder):
            result.problems.append(
                f"{leftover.name}: an import that could not be finished (a file of the same "
                "name was already there); its files were kept"
            )
        for key in sorted(signers, key=lambda k: (keys.get(k, ""), k)):
            if key in keys:
                result.notes.append(f"signed by {keys[key]}: key {fingerprint(key)}")
        return result
