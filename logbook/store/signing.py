"""Who wrote each history entry, in a way a third party can check: an Ed25519 key per assessor.

Each assessor who saves anything has a key pair, made on their first save and kept in the data
folder's `.keys/` (the folder 0700, each file 0600): `<hash of the name>.key` holds the name,
the public key and the private key. A history entry carries the public key (`key`) and the
signature of its hash (`sig`), so whoever has the public key can check the entry was signed by
whoever holds that private key, and that nothing in the chain up to it was changed since.

Public keys that came with an import are kept as `<fingerprint>.pub` (the name and the public
key, no private key): they are how this caseload knows the keys of the assessors whose logbooks
it imported. The export carries the public key of everyone who signed an entry in it.

A key file is personal data's seal: it is read only if it is a plain file of the right shape;
anything else is reported by name and never used or written over.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

if TYPE_CHECKING:  # cryptography loads on the first signature made or checked, not at start
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from logbook.store.storage import (
    DIR_MODE,
    DamagedFile,
    UnreadableFile,
    create_once,
    read_json,
)

KEYS_DIR = ".keys"
MAX_KEY_FILE = 64 * 1024


@functools.lru_cache(maxsize=256)  # verify asks it of each entry signed with an unknown key
def fingerprint(public_key: str) -> str:
    """A short form of a public key to read out and compare: `3f2a 91c0 5b7e d104`."""
    digest = hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def _is_hex(text: object, length: int) -> bool:
    if not isinstance(text, str) or len(text) != length:
        return False
    try:
        bytes.fromhex(text)
    except ValueError:
        return False
    return text == text.lower()


def is_public_key(text: object) -> bool:
    return _is_hex(text, 64)


def is_signature(text: object) -> bool:
    """Has `text` the form of a signature (hex of 64 bytes), unchecked?"""
    return _is_hex(text, 128)


def signature_shaped(public_key: object, signature: object) -> bool:
    """Are these a public key and a signature in form (hex of 32 and 64 bytes), unchecked?"""
    return is_public_key(public_key) and is_signature(signature)


def signature_valid(public_key: str, message_hex: str, signature: str) -> bool:
    """Does `signature` (hex) sign the bytes of `message_hex` under `public_key` (hex)?"""
    if not (is_public_key(public_key) and _is_hex(signature, 128) and _is_hex(message_hex, 64)):
        return False
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
        key.verify(bytes.fromhex(signature), bytes.fromhex(message_hex))
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Signer:
    """One assessor's private key, to sign history entries with."""

    name: str
    public_key: str
    _private: Ed25519PrivateKey

    def sign(self, message_hex: str) -> str:
        return self._private.sign(bytes.fromhex(message_hex)).hex()


class Keyring:
    """The keys of one data folder: the private keys of its assessors and the public keys it
    was given with imports."""

    def __init__(self, data_folder: Path):
        self.folder = Path(data_folder) / KEYS_DIR

    def _key_path(self, name: str) -> Path:
        return self.folder / f"{hashlib.sha256(name.encode()).hexdigest()[:32]}.key"

    def _check_folder(self) -> bool:
        """Is there a folder of keys (never a link to one elsewhere)? DamagedFile if it is
        something else."""
        if self.folder.is_symlink() or (self.folder.exists() and not self.folder.is_dir()):
            raise DamagedFile(self.folder, "it is not a folder of keys (a link or a file)")
        return self.folder.is_dir()

    def _ensure_folder(self) -> None:
        if not self._check_folder():
            try:
                self.folder.mkdir(mode=DIR_MODE)
            except FileExistsError:
                raise DamagedFile(self.folder, "it is not a folder of keys") from None

    def _read(self, path: Path) -> dict | None:
        try:
            data = read_json(path, MAX_KEY_FILE)
        except UnreadableFile as error:
            raise DamagedFile(path, str(error)) from None
        if data is None:
            return None
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("name"), str)
            or not is_public_key(data.get("public_key"))
        ):
            raise DamagedFile(path, "it is not a key file")
        return data

    def signer(self, name: str) -> Signer:
        """The key `name` signs with, made on first use; DamagedFile if its file is damaged."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        path = self._key_path(name)
        data = self._read(path) if self._check_folder() else None
        if data is None:
            self._ensure_folder()
            private = Ed25519PrivateKey.generate()
            public = private.public_key().public_bytes_raw().hex()
            payload = orjson.dumps(
                {
                    "name": name,
                    "public_key": public,
                    "private_key": private.private_bytes_raw().hex(),
                }
            )
            create_once(path, payload)  # never over a key made meanwhile by another session
            data = self._read(path)
            if data is None:
                raise DamagedFile(path, "it vanished as it was made")
        if data["name"] != name or not _is_hex(data.get("private_key"), 64):
            raise DamagedFile(path, "it is not the key file of " + repr(name)[:60])
        private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(data["private_key"]))
        if private.public_key().public_bytes_raw().hex() != data["public_key"]:
            raise DamagedFile(path, "its private and public keys do not belong together")
        return Signer(name, data["public_key"], private)

    def known(self) -> tuple[dict[str, str], list[DamagedFile]]:
        """Every public key this caseload knows, with its owner's name; and damaged key files."""
        keys: dict[str, str] = {}
        damaged: list[DamagedFile] = []
        try:
            if not self._check_folder():
                return keys, damaged
        except DamagedFile as error:
            return keys, [error]
        for path in sorted(self.folder.iterdir()):
            if path.name.startswith(".") or path.suffix not in (".key", ".pub"):
                continue
            try:
                data = self._read(path)
            except DamagedFile as error:
                damaged.append(error)
                continue
            if data is not None:
                keys.setdefault(data["public_key"], data["name"])
        return keys, damaged

    def own(self) -> dict[str, str]:
        """The public key of every person who signs on this data folder (a private key here),
        with their name; damaged key files are left out (`known` names them)."""
        out: dict[str, str] = {}
        try:
            if not self._check_folder():
                return out
        except DamagedFile:
            return out
        for path in sorted(self.folder.glob("*.key")):
            try:
                data = self._read(path)
            except DamagedFile:
                continue
            if data is not None and _is_hex(data.get("private_key"), 64):
                out.setdefault(data["public_key"], data["name"])
        return out

    def add_public(self, public_key: str, name: str, source: str) -> None:
        """Remember another assessor's public key (from an import); a key known already stays."""
        if not is_public_key(public_key):
            raise ValueError(f"{public_key!r:.80} is not a public key")
        known, _ = self.known()
        if public_key in known:
            return
        self._ensure_folder()
        path = self.folder / f"{public_key[:32]}.pub"
        payload = orjson.dumps({"name": name, "public_key": public_key, "from": source})
        create_once(path, payload)
