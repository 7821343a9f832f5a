"""The name of this device: which chain of a logbook's history its entries belong to.

Made once per data folder, on its first save, and kept in `.device` (0600): the machine's name
and a random part, so that two laptops with the same name, or two data folders on one machine,
are two devices. A damaged `.device` file is reported by name, never written over.
"""

from __future__ import annotations

import os
import re
import socket
import uuid
from pathlib import Path

from logbook.store.storage import DamagedFile, UnreadableFile, create_once, read_bytes

DEVICE_FILE = ".device"
_NAME = re.compile(r"[A-Za-z0-9._-]{1,80}-[0-9a-f]{12}")
_known: dict[Path, str] = {}


def _machine() -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", socket.gethostname()).strip("-.")
    return (name or "device")[:60]


def device_id(folder: Path) -> str:
    """This data folder's device name, made on first use."""
    folder = Path(os.path.abspath(folder))
    if folder in _known:
        return _known[folder]
    path = folder / DEVICE_FILE
    try:
        data = read_bytes(path, 1024)
    except UnreadableFile as error:
        raise DamagedFile(path, str(error)) from None
    if data is None:
        name = f"{_machine()}-{uuid.uuid4().hex[:12]}"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        create_once(path, (name + "\n").encode())  # never over another session's name
        data = read_bytes(path, 1024) or b""
    name = data.decode("ascii", "replace").strip()
    if not _NAME.fullmatch(name):
        raise DamagedFile(path, "it is not a device name")
    _known[folder] = name
    return name
