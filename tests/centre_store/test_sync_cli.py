"""The real command line: `logbook centre init` on an empty database, `logbook sync` from two
data folders, and the clear message when no centre is named or it cannot be reached."""

from __future__ import annotations

import json
import uuid

from logbook.centre import admin
from logbook.store.caseload import Caseload
from tests.centre_store.test_sync import TODAY, candidate


def test_centre_init_creates_the_schema_and_running_it_again_changes_nothing(server, cli):
    name = f"fresh_{uuid.uuid4().hex[:10]}"
    with server.connect() as conn:
        conn.execute(f"CREATE DATABASE {name}")
    dsn = f"host={server.socket_dir} port={server.port} user=centre_admin dbname={name}"
    for _ in range(2):
        result = cli("centre", "init", "--centre", dsn)
        assert result.returncode == 0, result.stderr
        assert "schema is ready" in result.stdout
    assert cli("centre", "add-person", "amy", "assessor", "--centre", dsn).returncode == 0
    with server.connect(dbname=name) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'logbook' ORDER BY 1"
        ).fetchall()
        assert tables == [("assignment",), ("event",), ("signing_key",)]
        assert conn.execute("SELECT pg_has_role('amy', 'assessor', 'member')").fetchone() == (True,)
    with server.connect() as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def test_sync_from_the_command_line_twice_and_from_the_iqa(centre, cli, tmp_path):
    amy_dir, iris_dir = tmp_path / "amy", tmp_path / "iris"
    book = Caseload(amy_dir).create(candidate(), "Amy Jones", TODAY)
    with centre.connect() as conn:
        admin.assign_candidate(conn, "amy", book.candidate_id)
    first = cli("--data-dir", amy_dir, "--assessor", "Amy Jones", "sync",
                "--centre", centre.dsn("amy"))  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "pushed 1 new event" in first.stdout
    again = cli("--data-dir", amy_dir, "sync", "--json", env={"LOGBOOK_CENTRE": centre.dsn("amy")})
    assert json.loads(again.stdout)["sent"] == 0
    iris = cli("--data-dir", iris_dir, "--assessor", "Iris Khan", "sync", "--json",
               "--centre", centre.dsn("iris"))  # fmt: skip
    assert iris.returncode == 0, iris.stderr
    assert json.loads(iris.stdout)["created"] == [book.candidate_id]
    listed = cli("--data-dir", iris_dir, "candidates", "--json")
    assert [c["name"] for c in json.loads(listed.stdout)] == ["Priya Shah"]
    assert cli("--data-dir", iris_dir, "verify").returncode == 0


def test_no_centre_named_says_how_to_name_one(cli, tmp_path):
    result = cli("--data-dir", tmp_path, "sync")
    assert result.returncode == 2
    assert "no centre to sync with: give --centre" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_centre_that_cannot_be_reached_is_said_and_nothing_changes(cli, tmp_path):
    Caseload(tmp_path / "data").create(candidate(), "Amy Jones", TODAY)
    before = sorted(p.name for p in (tmp_path / "data").iterdir())
    result = cli("--data-dir", tmp_path / "data", "sync", "--centre",
                 f"host={tmp_path} port=9 user=amy connect_timeout=2")  # fmt: skip
    assert result.returncode == 2
    assert "cannot reach the centre" in result.stderr and "nothing was done" in result.stderr
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == before


def test_a_centre_string_with_control_characters_is_refused(cli, tmp_path):
    result = cli("--data-dir", tmp_path, "sync", "--centre", "host=x\x1b[2J")
    assert result.returncode == 2
    assert "is not a connection string" in result.stderr
