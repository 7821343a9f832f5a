"""The name of this device: which chain of a logbook's history its entries belong to.

Made once per data folder, on its first save, and kept in `.device` (0600): the machine's name
and a random part, so that two laptops with the same name, or two data folders on one machine,
are two devices. A damaged `.device` file is reported by name, never written over.

A data folder copied to another machine, or to another place on this one, or restored from a
backup, brings its `.device` along: two folders would then append to one chain, each from the
same last entry, and the chain would no longer verify once their entries meet. So `.device` also
says where it was made (its second line): a digest of the machine's id (`/etc/machine-id`, else
the host name) and of the empty file `.device-place` made beside it, by its inode and its
change time (ctime), which no copy, backup tool or restore can give a new file: a copy, here or
on another machine, is another file. When the place differs from the one `.device` names, the
folder is a copy: it starts a new device, named from the old name and the new place (the same
name whichever process of the copy finds it first), and the old chain stays as it is, readable
and verifiable. A folder renamed or moved on its disk keeps its device. A `.device` written
before this has no second line ("where: not recorded"): it is taken as it is, and the place
it is read in is written to it then.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import uuid
from pathlib import Path

from logbook.store.storage import (
    DamagedFile,
    UnreadableFile,
    atomic_write,
    create_once,
    read_bytes,
)

DEVICE_FILE = ".device"
PLACE_FILE = ".device-place"
_NAME = re.compile(r"[A-Za-z0-9._-]{1,80}-[0-9a-f]{12}")
_PLACE = re.compile(r"made-at [0-9a-f]{64}")
_known: dict[Path, tuple[str, str]] = {}  # folder: (device name, the place it was read in)
MACHINE_ID_FILES = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))


def _machine() -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", socket.gethostname()).strip("-.")
    return (name or "device")[:60]


def machine_id() -> str:
    """This machine's id: /etc/machine-id where there is one, else its host name."""
    for path in MACHINE_ID_FILES:
        try:
            text = path.read_text("ascii", "replace").strip()
        except OSError:
            continue
        if text:
            return text[:200]
    return socket.gethostname()


def place_of(folder: Path) -> str:
    """Where a data folder is: a digest of the machine's id and of its `.device-place` file's
    inode and change time (made, empty, if it is not there)."""
    marker = folder / PLACE_FILE
    if not os.path.lexists(marker):
        create_once(marker, b"")
    status = os.lstat(marker)
    text = f"{machine_id()}\n{status.st_ino}\n{status.st_ctime_ns}"
    return "made-at " + hashlib.sha256(text.encode()).hexdigest()


def _content(name: str, place: str) -> bytes:
    return f"{name}\n{place}\n".encode()


def _successor(name: str, place: str) -> str:
    """The device a copy of `name`'s folder at `place` becomes: the same in every process."""
    part = hashlib.sha256(f"{name}\n{place}".encode()).hexdigest()[:12]
    return f"{_machine()}-{part}"


def device_id(folder: Path) -> str:
    """This data folder's device name, made on first use; a new one in a copied folder."""
    folder = Path(os.path.abspath(folder))
    path = folder / DEVICE_FILE
    known = _known.get(folder)
    if known is not None and os.path.lexists(folder / PLACE_FILE) and place_of(folder) == known[1]:
        return known[0]
    try:
        data = read_bytes(path, 1024)
    except UnreadableFile as error:
        raise DamagedFile(path, str(error)) from None
    if data is None:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        name = f"{_machine()}-{uuid.uuid4().hex[:12]}"
        create_once(path, _content(name, place_of(folder)))  # never over another session's
        data = read_bytes(path, 1024) or b""
    lines = data.decode("ascii", "replace").split("\n")
    name = lines[0].strip()
    made_at = lines[1].strip() if len(lines) > 1 else ""
    if not _NAME.fullmatch(name) or (made_at and not _PLACE.fullmatch(made_at)):
        raise DamagedFile(path, "it is not a device name")
    here = place_of(folder)
    if made_at != here:
        if made_at:  # a copy of another folder: a chain of its own from here on
            name = _successor(name, here)
        atomic_write(path, _content(name, here))
    _known[folder] = (name, here)
    return name
