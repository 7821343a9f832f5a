"""How fast is the store on a big caseload? `.venv/bin/python bench/store_bench.py`

Builds a caseload of 100 candidates x 500 records in a temporary folder, then measures

  * a durable save of one new record into a 500-record logbook (LogbookFile.add: lock, read,
    check, write to a temporary file, fsync, rename, fsync the folder)       target <= 10 ms
  * opening the caseload summary (Caseload.view()) cold (no index) and warm  target <= 150 ms
  * exporting one candidate to a JSON file (logbook.store.exchange)          target <= 50 ms

and the same operations on TinyDB's default single-file storage (tinydb.TinyDB(path), default
JSONStorage) holding the same records: one insert, opening all 100 files and reading all their
records, exporting one. Any figure of ours that misses its target is profiled with cProfile.

The caseload is built fast but for real: one logbook is written record by record through
LogbookFile (adds, updates, sign-offs, corrections); the other 99 are that logbook with every id
replaced, its candidate renamed, and its history chain rebuilt entry by entry with the store's
own `history.make_entry`, written with the store's own `atomic_write`. Every file is checked
with LogbookFile.verify() before anything is measured.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import io
import json
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import orjson
import tinydb
from year_of_evidence import (
    ASSESSOR,
    FIRST,
    LAST,
    QUALIFICATION,
    TODAY,
    UNITS,
    candidate,
    day_of,
    nth_record,
    observation,
    unit_items,
    witnesses,
)

from logbook.domain.records import (
    Link,
    Observation,
    SignOff,
    new_id,
)
from logbook.domain.validation import RecordRefused
from logbook.qualifications import default_library
from logbook.store import history as chain
from logbook.store.caseload import Caseload
from logbook.store.logbook_storage import HISTORY, RECORDS, open_logbook
from logbook.store.logbooks import LogbookFile
from logbook.store.storage import atomic_write

try:
    from logbook.store import exchange
except ImportError:  # before the export exists: read the portfolio and serialise its records
    exchange = None

TARGETS_MS = {"save": 10.0, "cold": 150.0, "warm": 150.0, "export": 50.0}


# building the caseload ---------------------------------------------------------------------


def build_template(path: Path, records: int, library) -> tuple[LogbookFile, dict[str, dict]]:
    """One logbook of `records` records written through LogbookFile, as an assessor would.

    Returns it and every version of every record that was saved, by digest, so the history
    can be rebuilt for copies.
    """
    versions: dict[str, dict] = {}

    def saved(record):
        row = record.to_dict()
        versions[chain.digest(row)] = row
        return record

    title_only = {u: library.get(QUALIFICATION).unit(u).title_only for u in UNITS}
    first = candidate()
    book = LogbookFile(path.with_name(f"{first.id}.json"), library)  # named by its id
    book.create(saved(first), ASSESSOR, TODAY)
    count = 1
    known = witnesses()
    for witness in known:
        book.add(saved(witness), ASSESSOR, TODAY)
        count += 1

    pending = unit_items(library)
    all_items = list(pending)
    unlinked = {u: {c for uu, c in pending if uu == u} for u in UNITS}
    signed: set[str] = set()
    observations: dict[str, Observation] = {}
    n = 0
    while count < records:
        n += 1
        when = day_of(n, records)
        record = nth_record(n, when, all_items, pending, known)
        if isinstance(record, Observation):
            observations[record.id] = record
        book.add(saved(record), ASSESSOR, TODAY)
        count += 1
        for link in record.links if isinstance(record, Observation) else []:
            unlinked[link.unit].discard(link.code)
        for unit in UNITS:  # sign a unit off once its items are all observed
            if unit not in signed and not unlinked[unit] and count < records:
                signoff = SignOff(
                    unit=unit,
                    date=when,
                    assessor=ASSESSOR,
                    candidate_declaration=True,
                    # a unit given by title only is signed off with the whole unit confirmed
                    whole_unit_confirmed=title_only[unit] or None,
                )
                try:
                    book.sign_off(signoff, ASSESSOR, TODAY)
                except RecordRefused:
                    continue
                saved(signoff)
                signed.add(unit)
                count += 1
        if n % 20 == 0 and count < records:  # edits, and corrections once signed off
            portfolio = book.read(TODAY)
            locked = [o for o in observations.values() if portfolio.locked_units(o)]
            open_ = [o for o in observations.values() if not portfolio.locked_units(o)]
            if open_ and (n // 20 % 2 or not locked):
                old = open_[-1]
                changed = replace(old, feedback=f"{old.feedback} (revised {n})")
                book.update(saved(changed), ASSESSOR, TODAY)
                observations[old.id] = changed
            elif locked:
                old = locked[0]
                changed = replace(old, feedback=f"{old.feedback} (revised {n})")
                new = book.correct(old.id, changed, ASSESSOR, "feedback was incomplete", TODAY)
                saved(new)
                del observations[old.id]
                observations[new.id] = new
                count += 1
    return book, versions


def clone(template: dict, versions: dict[str, dict], k: int) -> tuple[str, list, list]:
    """The template logbook as another candidate's: new ids, new name, history rebuilt; its
    id, records and history."""
    ids: dict[str, str] = {}

    def remap(row: dict) -> dict:
        row = copy.deepcopy(row)
        for key in ("id", "witness_id", "corrects"):
            if row.get(key):
                row[key] = ids.setdefault(row[key], new_id())
        if row["kind"] == "candidate":
            row["name"] = f"{FIRST[k % 10]} {LAST[k // 10 % 10]} {k:03d}"
            row["registration_number"] = f"CG-4471-{k:04d}"
        return row

    records = [remap(row) for row in template[RECORDS]]
    history: list[dict] = []
    previous = None
    for entry in template[HISTORY]:
        row = remap(versions[entry["digest"]])
        previous = chain.make_entry(
            previous, entry["action"], row, entry["by"], entry["note"], at=entry["at"]
        )
        history.append(previous)
    candidate = next(row for row in template[RECORDS] if row["kind"] == "candidate")
    return ids[candidate["id"]], records, history


def build_caseload(folder: Path, candidates: int, records: int, library) -> list[Path]:
    folder.mkdir(mode=0o700)
    started = time.perf_counter()
    book, versions = build_template(folder / "template.json", records, library)
    with open_logbook(book.path) as db:  # the file's tables, as TinyDB reads them
        template = {name: db.table(name).all() for name in (RECORDS, HISTORY)}
    template_s = time.perf_counter() - started
    kinds = Counter(row["kind"] for row in template[RECORDS])
    actions = Counter(entry["action"] for entry in template[HISTORY])
    print(f"each logbook: {dict(kinds.most_common())}; history: {dict(actions.most_common())}")
    paths = []
    for k in range(candidates):
        candidate_id, records_k, history_k = clone(template, versions, k)
        path = folder / f"{candidate_id}.json"
        with open_logbook(path, new=True, created=history_k[0]["at"]) as db:
            db.table(RECORDS).insert_multiple(records_k)
            db.table(HISTORY).insert_multiple(history_k)
            atomic_write(path, db.storage.payload())
        paths.append(path)
    book.path.unlink()
    for stale in folder.glob(f".{book.path.name}*"):
        stale.unlink()
    (folder / ".checkpoint.json").unlink(missing_ok=True)  # it named the template
    built_s = time.perf_counter() - started

    started = time.perf_counter()
    for path in paths:
        problems = LogbookFile(path, library).verify()
        assert problems == [], f"{path.name}: {problems[:3]}"
        assert len(LogbookFile(path, library).rows()[0]) == records
    verify_s = time.perf_counter() - started
    size = sum(p.stat().st_size for p in paths)
    print(
        f"built {candidates} logbooks x {records} records ({size / 1e6:.1f} MB) in "
        f"{built_s:.1f} s (the first, through LogbookFile, {template_s:.1f} s); "
        f"every file verifies ({verify_s:.1f} s to verify them all)"
    )
    return paths


# measuring ---------------------------------------------------------------------------------


class Timing:
    def __init__(self, seconds: list[float]):
        self.ms = sorted(s * 1000 for s in seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.ms)

    @property
    def p95(self) -> float:
        return self.ms[min(len(self.ms) - 1, round(0.95 * (len(self.ms) - 1)))]

    def __str__(self) -> str:
        if len(self.ms) == 1:
            return f"{self.median:9.1f} ms"
        return f"{self.median:9.1f} / {self.p95:.1f} ms"


def timed(action, runs: int, before=None, after=None) -> Timing:
    seconds = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
        if after:
            after()
    return Timing(seconds)


def newobservation(n: int) -> Observation:
    return observation(TODAY - timedelta(days=1), [Link("205", "205.1.1")], 10_000 + n)


def profile(label: str, action, top: int = 14) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    action()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    print(f"\n--- profile: {label} (cProfile, cumulative; profiling slows it down) ---")
    for line in lines[start : start + top + 1]:
        print(line[:150])


def measure_ours(folder: Path, paths: list[Path], scratch: Path, runs: int, library) -> dict:
    results = {}
    # a durable save into a 500-record logbook, put back to 500 records between saves
    scratch.mkdir(mode=0o700)
    book = LogbookFile(scratch / paths[0].name, library)
    pristine = paths[0].read_bytes()
    atomic_write(book.path, pristine)
    counter = iter(range(1_000_000))
    for _ in range(5):  # warm up
        book.add(newobservation(next(counter)), "bench", TODAY)
    atomic_write(book.path, pristine)
    results["save"] = timed(
        lambda: book.add(newobservation(next(counter)), "bench", TODAY),
        runs,
        after=lambda: atomic_write(book.path, pristine),
    )
    results["save_profile"] = lambda: [
        book.add(newobservation(next(counter)), "bench", TODAY) for _ in range(20)
    ]

    index = Caseload(folder).index_path  # in the state folder main() gives
    results["cold"] = timed(
        lambda: Caseload(folder, library).view(TODAY),
        max(3, runs // 30),
        before=lambda: index.unlink(missing_ok=True),
    )
    results["cold_profile"] = lambda: (
        index.unlink(missing_ok=True),
        Caseload(folder, library).view(TODAY),
    )
    view = Caseload(folder, library).view(TODAY)
    assert len(view.summaries) == len(paths) and not view.problems, view.problems
    results["warm"] = timed(lambda: Caseload(folder, library).view(TODAY), runs)
    results["warm_profile"] = lambda: [Caseload(folder, library).view(TODAY) for _ in range(20)]

    out = scratch / "export.json"
    one = LogbookFile(paths[1], library)
    if exchange is not None:
        results["export_how"] = "exchange.export_logbooks + exchange.write_export (durable)"

        def export():
            exchange.write_export(out, exchange.export_logbooks([one]))
    else:
        results["export_how"] = "LogbookFile.read() + orjson of every record, written durably"

        def export():
            rows = [r.to_dict() for r in one.read(TODAY).records]
            atomic_write(out, orjson.dumps(rows, option=orjson.OPT_INDENT_2))

    results["export"] = timed(export, runs)
    results["export_profile"] = lambda: [export() for _ in range(10)]
    exported = orjson.loads(out.read_bytes())
    if exchange is not None:
        assert len(exported["logbooks"][0]["records"]) == len(LogbookFile(paths[1]).rows()[0])
    return results


def measure_tinydb(paths: list[Path], folder: Path, runs: int) -> dict:
    """The same records in TinyDB's default JSONStorage files, used as TinyDB is by default."""
    folder.mkdir(mode=0o700)
    copies = []
    for path in paths:  # a logbook file is TinyDB's own layout: tables of documents by id
        with open_logbook(path) as db:
            data = {
                name: {str(doc.doc_id): doc for doc in db.table(name).all()}
                for name in sorted(db.tables())
            }
        copy_path = folder / path.name
        copy_path.write_text(json.dumps(data))  # as TinyDB's JSONStorage writes it
        copies.append(copy_path)
    results = {}

    scratch = folder / "scratch.json"
    pristine = copies[0].read_bytes()
    scratch.write_bytes(pristine)
    counter = iter(range(1_000_000))
    with tinydb.TinyDB(scratch) as db:  # its storage reads the whole file on every insert
        table = db.table(RECORDS)
        results["save"] = timed(
            lambda: table.insert(newobservation(next(counter)).to_dict()),
            runs,
            after=lambda: scratch.write_bytes(pristine),
        )

    expected = sum(len(orjson.loads(p.read_bytes())[RECORDS]) for p in copies)

    def open_all():
        total = 0
        for path in copies:
            with tinydb.TinyDB(path) as each:
                total += len(each.table(RECORDS).all())
        assert total == expected

    results["cold"] = timed(open_all, max(3, runs // 30))
    results["warm"] = timed(open_all, max(3, runs // 30))

    out = folder / "export.json"

    def export():
        with tinydb.TinyDB(copies[1]) as each:
            data = {name: each.table(name).all() for name in sorted(each.tables())}
        out.write_text(json.dumps(data))

    results["export"] = timed(export, runs)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--runs", type=int, default=100, help="timed runs of each fast action")
    parser.add_argument("--no-profile", action="store_true", help="skip profiling missed targets")
    args = parser.parse_args()

    library = default_library()
    print(
        f"store benchmark: Python {platform.python_version()} on {platform.platform()}, "
        f"TinyDB {tinydb.__version__}, orjson {orjson.__version__}"
    )
    with tempfile.TemporaryDirectory(prefix="logbook-bench-") as tmp:
        root = Path(tmp)
        # the caseload's index and the record of verified files: here, not the user's own
        os.environ["XDG_STATE_HOME"] = str(root / "state")
        print(f"in {root}")
        folder = root / "caseload"
        paths = build_caseload(folder, args.candidates, args.records, library)
        ours = measure_ours(folder, paths, root / "scratch", args.runs, library)
        theirs = measure_tinydb(paths, root / "tinydb", args.runs)
        n, r = args.candidates, args.records

        rows = [
            ("save", f"save 1 record into a {r}-record logbook", "insert 1 record (r+, in place)"),
            ("cold", f"open caseload summary, cold ({n} files)", f"open {n} files, read records"),
            ("warm", "open caseload summary, warm (index)", "the same again (it has no index)"),
            ("export", "export one candidate to a JSON file", "read all tables, json.dump to file"),
        ]
        print()
        print("median / p95 over the runs; 'cold' and TinyDB opens: median of 3 or more runs")
        print(f"{'':44}{'ours':>22}  {'target':>8}  {'TinyDB default JSONStorage':>28}")
        for key, what, their_what in rows:
            target = TARGETS_MS[key]
            mark = "ok" if ours[key].median <= target else "MISSED"
            print(
                f"{what:44}{ours[key]!s:>22}  {f'<= {target:g}':>8} {mark:>6}"
                f"  {theirs[key]!s:>22}  ({their_what})"
            )
        print(
            f"\nexport: {ours['export_how']}\n"
            "ours: every save is locked across processes, written to a temporary file, fsynced "
            "and renamed over the old one (then the folder is fsynced), with a hash-chained "
            "history entry and the rules checked.\nTinyDB: rewrites the file in place (seek, "
            "write, fsync, truncate), with no lock: a crash mid-write, or two writers, can "
            "corrupt it or lose entries."
        )

        missed = [key for key, *_ in rows if ours[key].median > TARGETS_MS[key]]
        if missed and not args.no_profile:
            print(f"\nmissed: {', '.join(missed)}; profiles follow")
            for key in missed:
                profile(key, ours[f"{key}_profile"])


if __name__ == "__main__":
    sys.exit(main())
