"""How fast is a sync with the centre? `.venv/bin/python bench/centre_bench.py`

Starts a throwaway PostgreSQL (initdb and pg_ctl on a Unix socket, as the centre tests do),
creates the centre's schema, 10 assessors and an IQA assigned all of them, and gives each
assessor a laptop (a data folder) with 100 candidates of 500 history entries each (the
candidate and 499 witnesses, each a signed, self-contained entry), then measures

  * the first push of all 1000 candidates x 500 events (each laptop's first `sync`)
  * an incremental sync of 100 new events (100 edits on 10 candidates, made through
    LogbookFile.update, then `sync`: push, pull, push)                          target <= 1 s,
    twice: first after the other laptops' first pushes, then again
  * the IQA's caseload of 10 assessors x 100 candidates opened from the centre: a first sync
    into an empty laptop (pulls every event, makes 1000 logbooks, checks every hash and
    signature) and then Caseload.view()

Smaller runs: --assessors 2 --candidates 10 --events 50.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from logbook.centre import admin
from logbook.centre.events import _PULL, _PULL_VISIBLE, START, Cursor, CursorFile
from logbook.centre.sync import sync
from logbook.domain.records import Candidate, Witness
from logbook.store import history as chain
from logbook.store.caseload import Caseload
from logbook.store.device import device_id
from logbook.store.logbook_storage import HISTORY, RECORDS, open_logbook
from logbook.store.logbooks import LogbookFile
from logbook.store.signing import Keyring
from logbook.store.storage import atomic_write
from tests.centre_store.conftest import ADMIN, _run, _runner, find_bindir

TODAY = date(2026, 11, 24)
PORT = 5498


def start_server(base: Path):
    bindir = find_bindir()
    if bindir is None:
        sys.exit("no PostgreSQL server binaries: install postgresql (see the README)")
    as_user, account = _runner()
    data, sock = base / "data", base / "sock"
    sock.mkdir(parents=True)
    if account is not None:
        for path in (base, sock):
            os.chown(path, account.pw_uid, account.pw_gid)
    _run([bindir / "initdb", "-D", data, "-U", ADMIN, "-A", "trust", "-E", "UTF8",
          "--locale=C", "--no-sync"], as_user, base)  # fmt: skip
    options = f"-k {sock} -h '' -p {PORT} -F -c max_connections=50"
    _run([bindir / "pg_ctl", "-D", data, "-l", base / "log", "-w", "-o", options, "start"],
         as_user, base)  # fmt: skip

    def stop():
        _run([bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"], as_user, base)

    return sock, stop


def build_laptop(folder: Path, name: str, candidates: int, events: int) -> list[str]:
    """`candidates` logbooks of `events` signed self-contained entries, written whole."""
    folder.mkdir(mode=0o700, parents=True)
    signer = Keyring(folder).signer(name)
    device = device_id(folder)
    ids = []
    for k in range(candidates):
        person = Candidate(
            name=f"{name} candidate {k:03d}", date_of_birth=date(1990, 1, 1),
            registration_number=f"CG-{k:04d}", qualification="cg-l3-nsvq",
            units=["301", "302", "205"], registered_on=date(2026, 9, 1),
        )  # fmt: skip
        rows = [person.to_dict()]
        rows += [
            Witness(
                name=f"Witness {n}",
                job_title="Adviser",
                organisation="Greenway Stores",
                relative="no",
            ).to_dict()
            for n in range(events - 1)
        ]
        history, previous = [], None
        for row in rows:
            previous = chain.make_entry(
                previous, "add" if history else "create", row, name, signer=signer,
                device=device, parents=[],
            )  # fmt: skip
            history.append(previous)
        path = folder / f"{person.id}.json"
        with open_logbook(path, new=True, created=history[0]["at"]) as db:
            db.table(RECORDS).insert_multiple(rows)
            db.table(HISTORY).insert_multiple(history)
            atomic_write(path, db.storage.payload(), sync_folder=False)
        ids.append(person.id)
    return ids


class Steps:
    """A sync's `step` callback: the seconds spent in each of its steps, added up."""

    def __init__(self, into: dict[str, float]):
        self.into = into
        self.started = self.last = time.perf_counter()
        self.cpu_started = time.process_time()
        self.name: str | None = None
        self.total = self.cpu = 0.0

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        if self.name is not None:
            self.into[self.name] = self.into.get(self.name, 0.0) + now - self.last
        self.name, self.last, self.total = name, now, now - self.started
        self.cpu = time.process_time() - self.cpu_started


def read_by(conn: psycopg.Connection, query: str, after: Cursor) -> tuple[float, int]:
    """The server's time (ms) for a pull's query and the rows its scans of the event table
    returned or threw away (EXPLAIN ANALYZE)."""
    given = {"tx": str(after.tx), "seq": after.seq, "limit": 1000}
    plan = conn.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query, given).fetchone()[0][0]

    def rows(node: dict) -> int:
        own = node["Actual Loops"] * (node["Actual Rows"] + node.get("Rows Removed by Filter", 0))
        here = own if node.get("Relation Name") == "event" else 0
        return here + sum(rows(child) for child in node.get("Plans", []))

    return plan["Execution Time"], round(rows(plan["Plan"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessors", type=int, default=10)
    parser.add_argument("--candidates", type=int, default=100, help="per assessor")
    parser.add_argument("--events", type=int, default=500, help="per candidate")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile the first push (the client's side)")  # fmt: skip
    parser.add_argument(
        "--no-iqa",
        action="store_true",
        help="stop after the incremental syncs (skip the IQA's first sync)",
    )
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cpus, "
          f"load average {os.getloadavg()[0]:.1f} at the start")  # fmt: skip
    # stopped (ctrl+c, kill): the server is stopped and the folder removed all the same
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    base = Path(tempfile.mkdtemp(prefix="logbook-centre-bench-"))
    os.chmod(base, 0o755)
    sock, stop = start_server(base / "pg")
    try:
        dsn = f"host={sock} port={PORT} dbname=centre user="
        with psycopg.connect(f"host={sock} port={PORT} user={ADMIN} dbname=postgres",
                             autocommit=True) as conn:  # fmt: skip
            conn.execute("CREATE DATABASE centre")
        assessors = [f"assessor{n:02d}" for n in range(args.assessors)]
        started = time.perf_counter()
        laptops: dict[str, tuple[Path, list[str]]] = {}
        with psycopg.connect(dsn + ADMIN, autocommit=True) as conn:
            admin.create_schema(conn)
            admin.add_person(conn, "iqa1", "iqa")
            for login in assessors:
                admin.add_person(conn, login, "assessor")
                admin.assign_assessor(conn, "iqa1", login)
                folder = base / "laptops" / login
                ids = build_laptop(folder, login.title(), args.candidates, args.events)
                laptops[login] = (folder, ids)
                with conn.transaction():
                    conn.cursor().executemany(
                        "INSERT INTO logbook.assignment (role, member, candidate_id) "
                        "VALUES ('assessor', %s, %s)", [(login, c) for c in ids],
                    )  # fmt: skip
        total = args.assessors * args.candidates
        size = sum(p.stat().st_size for p in (base / "laptops").rglob("*.json"))
        built_s = time.perf_counter() - started
        print(f"built {args.assessors} laptops, {total} candidates x {args.events} events "
              f"({size / 1e6:.0f} MB of logbooks) in {built_s:.1f} s")  # fmt: skip

        # 1. the first push of everything
        push_s = cpu_s = 0.0
        pushed = 0
        steps: dict[str, float] = {}
        profile = cProfile.Profile() if args.profile else None
        for login, (folder, _) in laptops.items():
            with psycopg.connect(dsn + login, autocommit=True) as conn:
                clock = Steps(steps)
                if profile:
                    profile.enable()
                report = sync(conn, folder, login.title(), step=clock)
                if profile:
                    profile.disable()
                clock("end")
            pushed += report.pushed
            push_s += clock.total
            cpu_s += clock.cpu
        print(f"first push: {pushed} events of {total} candidates in {push_s:.1f} s "
              f"({pushed / push_s:,.0f} events/s; each laptop's first sync, own events "
              "pulled back and found present included)")  # fmt: skip
        print("  of which " + ", ".join(f"{name} {s:.1f} s" for name, s in steps.items())
              + f" (pushing alone: {pushed / steps['pushing']:,.0f} events/s); "
              f"the client's CPU {cpu_s:.1f} s")  # fmt: skip
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)

        # 2. an incremental sync of 100 new events: the first after the other laptops' first
        # pushes (its pull walks past their events, which this login may not see), then one
        # more, as when a laptop syncs again later the same day
        login = assessors[0]
        folder, ids = laptops[login]
        for when, edit in (("after the others' first pushes", "Supervisor"), ("again", "Lead")):
            for candidate_id in ids[:10]:
                book = LogbookFile(folder / f"{candidate_id}.json")
                witnesses = [r for r in book.read(TODAY).records if isinstance(r, Witness)][:10]
                for n, witness in enumerate(witnesses):
                    book.update(replace(witness, job_title=f"{edit} {n}"), login.title(), TODAY)
            steps = {}
            cursors = sorted(folder.rglob("cursor"))
            before = CursorFile(cursors[0]).load() if cursors else START
            with psycopg.connect(dsn + login, autocommit=True) as conn:
                clock = Steps(steps)
                report = sync(conn, folder, login.title(), step=clock)
                clock("end")
                walked, named = (read_by(conn, query, before) for query in (_PULL, _PULL_VISIBLE))
            verdict = "met" if clock.total <= 1.0 else "MISSED"
            print(f"incremental sync ({when}): {report.pushed} new events pushed, "
                  f"{report.pulled} pulled, in {clock.total * 1000:.0f} ms (target <= 1000 ms: "
                  f"{verdict}; " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in steps.items())
                  + f"; the client's CPU {clock.cpu * 1000:.0f} ms)")  # fmt: skip
            print("  the same pull at the centre: walking the events in order "
                  f"{walked[0]:.1f} ms, reading {walked[1]} rows; naming the candidates "
                  f"{named[0]:.1f} ms, reading {named[1]} rows")  # fmt: skip

        if args.no_iqa:
            return
        # 3. the IQA's caseload, from the centre
        iqa = base / "laptops" / "iqa"
        with psycopg.connect(dsn + "iqa1", autocommit=True) as conn:
            started, cpu = time.perf_counter(), time.process_time()
            report = sync(conn, iqa, "Iqa")
            iqa_sync_s, iqa_cpu_s = time.perf_counter() - started, time.process_time() - cpu
        started = time.perf_counter()
        view = Caseload(iqa).view(TODAY)
        view_s = time.perf_counter() - started
        started = time.perf_counter()
        Caseload(iqa).view(TODAY)
        warm_s = time.perf_counter() - started
        if len(view.summaries) != total or view.problems or report.refused:
            print(f"!! the IQA's caseload holds {len(view.summaries)} of {total} candidates; "
                  f"problems {view.problems[:3]}; not synced {report.refused[:3]}")  # fmt: skip
        print(f"IQA's first sync: {report.pulled} events into {len(report.created)} new logbooks "
              f"in {iqa_sync_s:.1f} s ({report.pulled / iqa_sync_s:,.0f} events/s; the client's "
              f"CPU {iqa_cpu_s:.1f} s)")  # fmt: skip
        print(f"IQA's caseload of {len(view.summaries)} candidates opened: {view_s:.2f} s cold, "
              f"{warm_s:.2f} s warm")  # fmt: skip
    finally:
        stop()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
