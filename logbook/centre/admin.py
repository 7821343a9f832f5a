"""Setting a centre up: the schema, people's login roles and who is assigned to whom.

Run as a superuser (or the database owner able to create roles). The application roles are
created by `schema.sql`; a person gets their own login role, member of one of them.
"""

from __future__ import annotations

from importlib import resources

import psycopg
from psycopg import sql

ROLES = ("assessor", "iqa", "lead_iqa", "eqa")


def schema_sql() -> str:
    return resources.files("logbook.centre").joinpath("schema.sql").read_text(encoding="utf-8")


def create_schema(conn: psycopg.Connection) -> None:
    """Create (or bring up to date) the centre's tables, roles and policies. Safe to re-run."""
    with conn.transaction():
        conn.execute(schema_sql())


def whoami(conn: psycopg.Connection) -> str:
    """The database role the connection acts as: who the user is, for the centre."""
    return conn.execute("SELECT current_user").fetchone()[0]


def add_person(conn: psycopg.Connection, login: str, role: str) -> None:
    """A login role for one person, member of `role` (assessor, iqa, lead_iqa or eqa). With no
    password: they reach the centre through its SSH access (a local socket and peer
    authentication) or a password set by the administrator."""
    if role not in ROLES:
        raise ValueError(f"choose one of {', '.join(ROLES)}, not {role!r}")
    with conn.transaction():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(login)))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(role), sql.Identifier(login)))
        if role in ("lead_iqa", "eqa"):
            _assign(conn, role, login, None, None)


def _assign(conn, role: str, member: str, candidate_id: str | None, assessor: str | None):
    conn.execute(
        "INSERT INTO logbook.assignment (role, member, candidate_id, assessor) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
        (role, member, candidate_id, assessor),
    )


def assign_candidate(conn: psycopg.Connection, assessor: str, candidate_id: str) -> None:
    with conn.transaction():
        _assign(conn, "assessor", assessor, candidate_id, None)


def assign_assessor(conn: psycopg.Connection, iqa: str, assessor: str) -> None:
    with conn.transaction():
        _assign(conn, "iqa", iqa, None, assessor)
