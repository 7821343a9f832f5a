"""The record of verified files: what lets `logbook verify` take a file it found clean before,
and unchanged since, as verified, for the cost of hashing it.

The record lives outside the data folder, in the user's own state folder
(`platformdirs.user_state_dir`: 0700, its files 0600), never in the data folder: that folder
may be a restore, a copy, a synced folder or edited by another tool, so nothing in it can
vouch for a file. The record is authenticated with a secret of the user's own: `KEY_NAME`, 32
random bytes made on first use, and an HMAC-SHA256 of the whole record first in it. A record or
key that is damaged, not a plain file, someone else's, readable by group or other, too big, or
whose MAC does not match is not believed (`unused` says why: every file is checked in full) and
written afresh afterwards. Writes are atomic (a new file, synced, renamed over the old): two
verifies at once each leave a whole record, the last one written standing.

Each file has one slot, by its path: the key of the check that found it clean (`check_key`: a
digest of everything the check depended on, so a change to any of them is a new key, and a
full check) and what the caseload's check needs of it (its signers, whether it is signed, its
notes) and when. Only a file whose full check found nothing is recorded.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from datetime import UTC, datetime
from pathlib import Path

import orjson

from logbook.store.location import state_folder
from logbook.store.storage import (
    UnreadableFile,
    atomic_write,
    create_once,
    read_file,
)

RECORD_NAME = "verified-files.json"
KEY_NAME = "verified-files.key"
KEY_BYTES = 32
MAX_RECORD_BYTES = 64 * 1024 * 1024
MAX_SLOTS = 100_000  # beyond this, the files verified longest ago are forgotten
_FORMAT = 1
_DOMAIN = b"logbook verified-files record 1\n"  # what the MAC is over begins with this


def check_key(*parts) -> str:
    """The digest of everything a check depended on (JSON-able parts, in order)."""
    return hashlib.sha256(orjson.dumps(list(parts), option=orjson.OPT_SORT_KEYS)).hexdigest()


def mac(key: bytes, body: bytes) -> bytes:
    """The MAC the record's first line holds: HMAC-SHA256 of its body under the user's key."""
    return hmac.new(key, _DOMAIN + body, hashlib.sha256).hexdigest().encode()


def _private_file_problem(status: os.stat_result, limit: int) -> str | None:
    if not stat.S_ISREG(status.st_mode):
        return "it is not a plain file"
    if status.st_uid != os.getuid():
        return "it belongs to another user"
    if status.st_mode & 0o077:
        return "others than you may read or change it"
    if status.st_size > limit:
        return f"it is larger than {limit} bytes"
    return None


def _read_private(path: Path, limit: int) -> bytes | None:
    """The bytes of `path`, one of the user's own private files; None if it is not there;
    UnreadableFile saying why it cannot be believed (a link, another's, group or other may read
    it, too big)."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise UnreadableFile(f"it cannot be read ({error.strerror})") from None
    if stat.S_ISLNK(status.st_mode):
        raise UnreadableFile("it is a symbolic link")
    problem = _private_file_problem(status, limit)
    if problem:
        raise UnreadableFile(problem)
    found = read_file(path, limit)  # never follows a link: one put there meanwhile is refused
    if found is None:
        return None
    problem = _private_file_problem(found[1], limit)
    if problem:
        raise UnreadableFile(problem)
    return found[0]


class VerifiedRecord:
    """The record of verified files in `folder` (the user's state folder by default)."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else state_folder()
        self.unused: str | None = None  # why the record was not believed, if it was not
        self.unsaved: str | None = None  # why it could not be written, if it could not
        self._slots: dict[str, dict] = {}
        self._key: bytes | None = None

    @property
    def path(self) -> Path:
        return self.folder / RECORD_NAME

    @property
    def key_path(self) -> Path:
        return self.folder / KEY_NAME

    # reading ---------------------------------------------------------------------------------

    def load(self) -> None:
        """Read the record, if it can be believed; else `unused` says why (no record yet is
        not a reason: there is nothing to say)."""
        self._slots = {}
        try:
            self._check_folder()
            raw = _read_private(self.path, MAX_RECORD_BYTES)
        except UnreadableFile as error:
            self.unused = f"{RECORD_NAME} {error}"
            return
        try:
            key = _read_private(self.key_path, KEY_BYTES)
        except UnreadableFile as error:
            key = None
            if raw is not None:
                self.unused = f"its key {KEY_NAME}: {error}"
                return
        if raw is None:
            return
        if key is None:
            self.unused = f"its key {KEY_NAME} is missing"
            return
        if len(key) != KEY_BYTES:
            self.unused = f"its key {KEY_NAME} is not {KEY_BYTES} bytes"
            return
        self._key = key
        given, _, body = raw.partition(b"\n")
        if not hmac.compare_digest(given, mac(key, body)):
            self.unused = f"{RECORD_NAME} does not match its key (it was changed or replaced)"
            return
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            data = None
        if (
            not isinstance(data, dict)
            or data.get("format") != _FORMAT
            or not isinstance(data.get("files"), dict)
        ):
            self.unused = f"{RECORD_NAME} is not a record this version reads"
            return
        self._slots = {slot: entry for slot, entry in data["files"].items() if _an_entry(entry)}

    def _check_folder(self) -> None:
        """The state folder is a folder of the user's own, 0700 (made so if it was not)."""
        try:
            status = os.stat(self.folder)
        except FileNotFoundError:
            return
        if not stat.S_ISDIR(status.st_mode):
            raise UnreadableFile(f"cannot be kept: {self.folder} is not a folder")
        if status.st_uid != os.getuid():
            raise UnreadableFile(f"cannot be kept: {self.folder} belongs to another user")
        if status.st_mode & 0o077:
            os.chmod(self.folder, stat.S_IMODE(status.st_mode) & 0o700)

    def verified(self, slot: str, key: str) -> dict | None:
        """What the check of the file in `slot` found when it was clean, if it was checked with
        the key `key` (the same bytes, standards, keys, checkpoint entry and checks)."""
        entry = self._slots.get(slot)
        if entry is None or entry["key"] != key:
            return None
        return entry

    # writing ---------------------------------------------------------------------------------

    def save(self, clean: dict[str, dict], forget: str) -> None:
        """Write the record: the slots of `clean` (slot: key, signers, signed, notes, at) over
        what was read, the other slots under `forget` (a data folder's path and a separator:
        its files, found not clean this time or gone) dropped. Never raises: `unsaved` says
        why the record could not be written."""
        slots = {
            slot: entry
            for slot, entry in self._slots.items()
            if not slot.startswith(forget) and slot not in clean
        }
        slots.update(clean)
        if len(slots) > MAX_SLOTS:
            newest = sorted(slots, key=lambda s: slots[s]["at"], reverse=True)[:MAX_SLOTS]
            slots = {slot: slots[slot] for slot in newest}
        body = orjson.dumps({"format": _FORMAT, "files": slots})
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._check_folder()
            key = self._usable_key()
            atomic_write(self.path, [mac(key, body), b"\n", body])
        except (OSError, UnreadableFile) as error:
            self.unsaved = f"{RECORD_NAME} could not be written ({error})"
            return
        self._slots = slots

    def _usable_key(self) -> bytes:
        """The user's key: the one read, or the one in the folder if it can be believed, else
        a new one (made once: two verifies at once use the same)."""
        if self._key is not None:
            return self._key
        try:
            key = _read_private(self.key_path, KEY_BYTES)
        except UnreadableFile:
            key = None
            atomic_write(self.key_path, secrets.token_bytes(KEY_BYTES))  # over the bad one
        else:
            if key is None:
                create_once(self.key_path, secrets.token_bytes(KEY_BYTES))
            elif len(key) != KEY_BYTES:
                atomic_write(self.key_path, secrets.token_bytes(KEY_BYTES))
        key = _read_private(self.key_path, KEY_BYTES)
        if key is None or len(key) != KEY_BYTES:
            raise UnreadableFile(f"its key {KEY_NAME} could not be made")
        self._key = key
        return key


def _an_entry(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("key"), str)
        and isinstance(entry.get("at"), str)
        and isinstance(entry.get("signed"), bool)
        and isinstance(entry.get("signers"), dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in entry["signers"].items())
        and isinstance(entry.get("notes"), list)
        and all(isinstance(note, str) for note in entry["notes"])
    )


# the parts of the package that are not what checks a file: its screens and its command line
_NOT_THE_CHECKS = ("tui", "cli")


def checks_fingerprint(package: Path | None = None) -> str:
    """A digest of the code that checks a file: every file of the package (`package`: logbook's
    own folder by default) but its screens' and its command line's, by path and content. Each
    check in the record is keyed by it, so a file found clean by code whose rules said
    otherwise (an upgrade, a fix, a file edited in place) is checked in full again: a record
    of verified files never vouches for a file the code running now has not found clean."""
    import logbook

    root = Path(package) if package is not None else Path(logbook.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        part = path.relative_to(root)
        if part.parts[0] in _NOT_THE_CHECKS or "__pycache__" in part.parts or not path.is_file():
            continue
        digest.update(
            orjson.dumps([part.as_posix(), hashlib.sha256(path.read_bytes()).hexdigest()])
        )
    return digest.hexdigest()


def standards_fingerprint(data_folder: Path) -> str:
    """A digest of the standards a data folder's files are checked against, by content: every
    file of the standards in use (shipped, or LOGBOOK_STANDARDS_DIR) and the centre's files in
    its standards/ folder, with the record of those checked (what cannot be read, by why)."""
    from logbook.qualifications import CHECKED_NAME, centre_files, centre_folder, standards_dir

    digest = hashlib.sha256()
    shipped = sorted(standards_dir().glob("*.json"))
    centre = [*centre_files(data_folder), centre_folder(data_folder) / CHECKED_NAME]
    for where, paths in (("standards", shipped), ("centre", centre)):
        for path in paths:
            try:
                found = read_file(path)
                content = b"none" if found is None else found[0]
            except UnreadableFile as error:
                content = str(error).encode()
            digest.update(orjson.dumps([where, path.name, hashlib.sha256(content).hexdigest()]))
    return digest.hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
