"""Whose signing key is whose, as the centre holds it (`logbook.signing_key`, schema.sql).

A sync first registers the public keys of everyone who signs on this data folder, under the
login it connects as: the centre records the login itself (`current_user`), keeps a key for one
login for good, holds a name for the login whose keys first gave it, and stores an event
carrying a key only if it holds that key for the role that inserts it. A pull then takes an
entry only under a key the centre holds for the login that pushed it, and under the name the
entry gives: a key first seen is trusted for its owner's login, never for whichever login
happened to send it first.
"""

from __future__ import annotations

import psycopg
from psycopg import errors

from logbook.store.signing import fingerprint, is_public_key

_HELD = "SELECT key, login, name FROM logbook.signing_key WHERE key = ANY(%s)"


def register(conn: psycopg.Connection, keys: dict[str, str]) -> list[str]:
    """Register `keys` (public key: its owner's name) for the connection's login; what could
    not be, in words (a key the centre holds for another login or name, a name another
    login's keys give). A role that writes nothing (the EQA) registers nothing."""
    wanted = {k: n[:200] for k, n in keys.items() if is_public_key(k) and n}
    if not wanted:
        return []
    can = conn.execute(
        "SELECT has_column_privilege('logbook.signing_key', 'key', 'INSERT')"
    ).fetchone()
    if not can[0]:
        return []
    problems = []
    for key, name in wanted.items():
        try:
            with conn.transaction():
                conn.execute(
                    "INSERT INTO logbook.signing_key (key, name) VALUES (%s, %s) "
                    "ON CONFLICT (key) DO NOTHING",
                    (key, name),
                )
        except errors.InsufficientPrivilege:
            problems.append(
                f"the name {name!r:.60} is held at the centre by another login's keys: the "
                f"key {fingerprint(key)} was not registered, and entries signed with it are "
                "not accepted; ask the centre's administrator"
            )
    me = conn.execute("SELECT current_user").fetchone()[0]
    for key, login, name in conn.execute(_HELD, (list(wanted),)).fetchall():
        if login != me:
            problems.append(
                f"the signing key of {wanted[key]!r:.60} ({fingerprint(key)}) is held by the "
                f"centre for another login: entries signed with it are not accepted from "
                f"{me[:60]}; ask the centre's administrator"
            )
        elif name != wanted[key]:
            problems.append(
                f"the signing key {fingerprint(key)} is held by the centre for the name "
                f"{name!r:.60}, not {wanted[key]!r:.60}"
            )
    return problems


class CentreKeys:
    """The centre's record of keys, read as a pull needs them (each key asked once)."""

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn
        self.held: dict[str, tuple[str, str] | None] = {}

    def holder(self, key: str) -> tuple[str, str] | None:
        """The login and name the centre holds `key` for; None if it holds it for nobody."""
        if key not in self.held:
            row = self.conn.execute(_HELD, ([key],)).fetchone()
            self.held[key] = (row[1], row[2]) if row else None
        return self.held[key]

    def problem(self, key: str, name: str, who: str) -> str | None:
        """Why an entry that says it is by `name`, signed with `key`, pushed by login `who`,
        is not to be trusted; None if the centre holds the key for that login and name."""
        held = self.holder(key)
        if held is None:
            return f"it is signed with a key ({fingerprint(key)}) the centre holds for nobody"
        login, owner = held
        if login != who:
            return (
                f"it is signed with a key the centre holds for login {login[:60]}, "
                f"but came from login {who[:60]}"
            )
        if owner != name:
            return f"it says it is by {name!r:.60} but the centre holds its key for {owner!r:.60}"
        return None
