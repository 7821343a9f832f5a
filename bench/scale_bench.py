"""The store at a whole centre's scale: `.venv/bin/python bench/scale_bench.py [--sizes ...]`

Builds caseloads of candidates x records (default 100x500, 1000x500 and 100x5000; `--sizes
100x500,100x5000` to pick; `--only save,verify` for some of the actions) and prints, for each,
every action side by side with its anchor:

  caseload open, no index     Caseload.view() with no index file  | orjson parse of every file,
                                                                     and reading only summaries
  save one record             LogbookFile.add into one logbook,   | write+fsync+rename of it
                              the checkpoint naming every one,
                              saves back to back
    saves spaced out          the same, each once the thread that | what that thread does: the
                              unlinks the old file is done        | unlink of the old file
    checkpoint compaction     its journal folded into its base    | how often a save does it
    first save, file changed  the same, the file just rewritten   | (read, checked, encoded whole)
  verify                      Caseload.verify(), one file at a    | parse+sha256 of every file
                              time; then as `logbook verify` runs   (wall, and CPU with the
                              it, a process per processor           processes' children)
    again, nothing changed    the same with the record of verified  | the same
                              files, after a verify found all clean
  verify, signed (n files)    the same over signed, self-contained events (as the app writes
                              them), in a tenth of the candidates (at most 20)
  candidates --json, warm     the whole command, index in place   | the whole process reading
                                                                     the index file

Building is fast but real: one logbook's records are made in memory as an assessor's would be
(candidate, witnesses, observations walking every item, discussions, questioning, work
products, testimony, plans, a sign-off once a unit's items are all observed), each with its
history entry made by the store's own `history.make_entry`; each other candidate is that
logbook with the candidate record renamed (the other records keep their ids: ids are unique
within a logbook) and its history chain rebuilt, and every file is written directly with the
store's own encoder (`LogbookStorage.payload`), not record by record. The first file of every
caseload is verified (`LogbookFile.check`) before anything is measured. `--only verify`
measures the verify rows alone.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import inspect
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import orjson
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

from logbook.domain.portfolio import Portfolio
from logbook.domain.records import (
    Link,
    Observation,
    SignOff,
    new_id,
)
from logbook.qualifications import default_library
from logbook.store import checkpoint, storage
from logbook.store import history as chain
from logbook.store import logbook_storage as layout
from logbook.store.caseload import Caseload
from logbook.store.checkpoint import checkpoint_path, journal_path, record_checkpoint
from logbook.store.logbooks import LogbookFile
from logbook.store.signing import Keyring
from logbook.store.storage import atomic_write

ROOT = Path(__file__).resolve().parents[1]
CHILDREN = resource.RUSAGE_CHILDREN
ACTIONS = ("open", "save", "verify", "candidates")


# building ----------------------------------------------------------------------------------------


def template_records(count: int, library) -> list:
    """One candidate's `count` records, in saved order, as the app would have saved them."""
    qualification = library.get(QUALIFICATION)
    known = witnesses()
    records: list = [candidate(), *known]
    pending = unit_items(library)
    all_items = list(pending)
    unlinked = {u: {c for uu, c in pending if uu == u} for u in UNITS}
    title_only = {u: qualification.unit(u).title_only for u in UNITS}
    signed: set[str] = set()
    n = 0
    while len(records) < count:
        n += 1
        when = day_of(n, count)
        record = nth_record(n, when, all_items, pending, known)
        records.append(record)
        for link in record.links if isinstance(record, Observation) else []:
            unlinked[link.unit].discard(link.code)
        for unit in UNITS:  # sign a unit off once its items are all observed
            if unit not in signed and not unlinked[unit] and len(records) < count:
                records.append(
                    SignOff(
                        unit=unit,
                        date=when,
                        assessor=ASSESSOR,
                        candidate_declaration=True,
                        whole_unit_confirmed=title_only[unit] or None,
                    )
                )
                signed.add(unit)
    return records


def _written_at(row: dict) -> str:
    day = row.get("date") or row.get("agreed_on") or row.get("registered_on")
    return f"{day}T17:00:00.000+00:00"


def build_caseload(
    folder: Path, candidates: int, count: int, library, signed: bool = False
) -> list[Path]:
    """`candidates` logbooks of `count` records each, written straight to `folder`. `signed`:
    each history entry a signed, self-contained event of one device, as the app writes them
    (its content, parents and fields, signed with the assessor's key from the folder's
    keyring); else each an entry as written before events and signatures."""
    folder.mkdir(mode=0o700, parents=True)
    signer = Keyring(folder).signer(ASSESSOR) if signed else None
    records = template_records(count, library)
    rows = [record.to_dict() for record in records]
    digests = [chain.digest(row) for row in rows[1:]]
    actions = ["sign_off" if row["kind"] == "signoff" else "add" for row in rows[1:]]
    ats = [_written_at(row) for row in rows[1:]]
    created = _written_at(rows[0])
    fields = None
    if hasattr(LogbookFile, "summary_fields"):  # the summary first in the file, as a save
        portfolio = Portfolio(library.get(QUALIFICATION), records, TODAY)
        fields = LogbookFile(folder / "x.json", library).summary_fields(portfolio)
    event = {"signer": signer, "device": "bench-device", "parents": []} if signed else {}
    paths = []
    for k in range(candidates):
        candidate = dict(rows[0])
        candidate["id"] = new_id()
        candidate["name"] = f"{FIRST[k % 10]} {LAST[k // 10 % 10]} {k:04d}"
        candidate["registration_number"] = f"CG-4471-{k:04d}"
        previous = chain.make_entry(None, "create", candidate, ASSESSOR, at=created, **event)
        history = [previous]
        for row, digest, action, at in zip(rows[1:], digests, actions, ats, strict=True):
            if signed:
                previous = chain.make_entry(previous, action, row, ASSESSOR, at=at, **event)
                history.append(previous)
                continue
            entry = {
                "seq": previous["seq"] + 1,
                "at": at,
                "by": ASSESSOR,
                "action": action,
                "record": row["id"],
                "kind": row["kind"],
                "digest": digest,
                "note": "",
                "prev": previous["hash"],
            }
            entry["hash"] = chain.entry_hash(entry)
            history.append(entry)
            previous = entry
        path = folder / f"{candidate['id']}.json"
        storage = layout.LogbookStorage(path, new=True, created=created)
        if fields is not None:
            of = {key: candidate[key] for key in ("id", "name", "registration_number")}
            storage.summary = {**fields, "of": {**fields["of"], **of}}
        storage.write(
            {
                **storage.data,
                layout.RECORDS: {str(i): r for i, r in enumerate([candidate, *rows[1:]], 1)},
                layout.HISTORY: {str(i): e for i, e in enumerate(history, 1)},
            }
        )
        atomic_write(path, storage.payload(), sync_folder=False)
        paths.append(path)
    if signed:  # the checkpoint a save records: verify asks for it once histories are signed
        for path in paths:
            entries = list(orjson.loads(path.read_bytes())[layout.HISTORY].values())
            record_checkpoint(folder, path.stem, entries, entries[-1]["at"])
    return paths


# measuring ---------------------------------------------------------------------------------------


def median_ms(action, runs: int, before=None) -> float:
    seconds = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return 1000 * statistics.median(seconds)


def process_ms(argv: list[str], runs: int, env: dict) -> float:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        seconds.append(time.perf_counter() - started)
    return 1000 * statistics.median(seconds)


def read_heads(paths: list[Path], size: int = 1024) -> None:
    """The anchor of an open that reads only a small summary first in each file."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            head = os.read(fd, size)
        finally:
            os.close(fd)
        line = head.split(b"\n", 1)[0]
        with contextlib.suppress(orjson.JSONDecodeError):
            orjson.loads(line[len(b'{"summary":') :].rstrip(b","))


def parse_all(paths: list[Path]) -> None:
    for path in paths:
        orjson.loads(path.read_bytes())


def parse_and_hash_all(paths: list[Path]) -> None:
    for path in paths:
        raw = path.read_bytes()
        orjson.loads(raw)
        hashlib.sha256(raw).hexdigest()


def fill_checkpoint(folder: Path, paths: list[Path]) -> dict[Path, bytes]:
    """The caseload's checkpoint as after every logbook was saved once (a save records its
    logbook there, among every other candidate's): its files' bytes, to put back."""
    for path in paths:
        history = list(orjson.loads(path.read_bytes())[layout.HISTORY].values())
        record_checkpoint(folder, path.stem, history, history[-1]["at"])
    files = (checkpoint_path(folder), journal_path(folder))
    return {path: path.read_bytes() for path in files if path.exists()}


def compaction_row(folder: Path, paths: list[Path]) -> tuple:
    """What folding the checkpoint's journal into its base costs at this caseload (a save
    does it once the journal outgrows the base), and how many saves there are between two."""
    history = list(orjson.loads(paths[0].read_bytes())[layout.HISTORY].values())
    entry = {"count": len(history), "last": history[-1]["hash"], "at": history[-1]["at"]}

    def compact():
        checkpoint._compact(folder, paths[0].stem, entry)

    ms = median_ms(compact, 5)
    line = len(orjson.dumps({"id": paths[0].stem, **entry})) + 1
    every = max(checkpoint.COMPACT_BYTES, checkpoint_path(folder).stat().st_size) // line
    return (
        "  checkpoint compaction",
        ms,
        f"once every {every} saves: {ms / every * 1000:.1f} us a save, amortised",
    )


def verify_rows(what: str, folder: Path, paths: list[Path], library) -> list[tuple]:
    """`Caseload.verify()` of the whole folder, one file at a time and as `logbook verify` runs
    it (as many processes as processors), beside parsing and hashing every file: wall time,
    and CPU time (the processes' own and their children's: steadier on a shared machine)."""
    processes = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1

    def verify(n: int):
        check = Caseload(folder, library).verify(processes=n)
        assert not check.bad, next(v.problems for v in check.logbooks.values() if v.problems)
        assert not check.problems, check.problems[:2]

    def cpu_ms(action) -> float:
        def used() -> float:
            own, children = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, CHILDREN))
            return sum(u.ru_utime + u.ru_stime for u in (own, children))

        started = used()
        action()
        return 1000 * (used() - started)

    runs = 3 if len(paths) <= 100 else 1
    anchor = median_ms(lambda: parse_and_hash_all(paths), 3)
    cpu_anchor = statistics.median(cpu_ms(lambda: parse_and_hash_all(paths)) for _ in range(3))
    rows = []
    for n in sorted({1, processes}):
        ms = median_ms(lambda n=n: verify(n), runs)
        cpu = cpu_ms(lambda n=n: verify(n))
        label = what if n == 1 else f"  {n} processes"
        rows.append(
            (
                label,
                ms,
                f"parse+sha256 of every file {anchor:.0f} ({ms / anchor:.1f}x); "
                f"CPU {cpu:.0f} against {cpu_anchor:.0f} ({cpu / cpu_anchor:.1f}x); "
                f"load {os.getloadavg()[0]:.1f}",
            )
        )
    if "record" in inspect.signature(Caseload.verify).parameters:
        rows.append(verify_again_row(folder, library, processes, anchor, cpu_anchor, cpu_ms))
    return rows


def verify_again_row(folder: Path, library, processes: int, anchor, cpu_anchor, cpu_ms):
    """`logbook verify` again, nothing changed since it found every file clean: each file
    taken from the record of verified files (a state folder of the benchmark's own) once it
    is hashed."""
    from logbook.store.verified import VerifiedRecord

    state = Path(tempfile.mkdtemp(prefix="logbook-state-"))
    try:

        def again(full: bool = False):
            record = VerifiedRecord(state)
            check = Caseload(folder, library).verify(processes, record=record, full=full)
            assert not check.bad and not check.problems and record.unused is None
            assert full or len(check.unchanged) == len(check.logbooks), record.unsaved

        again(full=True)  # the record filled
        ms = median_ms(again, 3)
        cpu = cpu_ms(again)
    finally:
        shutil.rmtree(state)
    return (
        "  again, nothing changed",
        ms,
        f"parse+sha256 of every file {anchor:.0f} ({ms / anchor:.2f}x); "
        f"CPU {cpu:.0f} against {cpu_anchor:.0f} ({cpu / cpu_anchor:.2f}x); "
        f"load {os.getloadavg()[0]:.1f}",
    )


def measure_signed(tmp: Path, candidates: int, count: int, library) -> list[tuple]:
    """The verify row again, over signed, self-contained events (as the app writes them) in
    a tenth of the candidates (at most 20): every entry's content, digest and signature."""
    few = max(1, min(20, candidates // 10))
    folder = tmp / f"{candidates}x{count}-signed"
    paths = build_caseload(folder, few, count, library, signed=True)
    try:
        return verify_rows(f"verify, signed ({few} files)", folder, paths, library)
    finally:
        shutil.rmtree(folder)


def unlink_row(path: Path, save, runs: int) -> tuple:
    """What a save leaves to a thread: unlinking the old file's second name, which frees its
    blocks (timed here on a copy of the file, written and synced as a save writes it); and a
    save made once the thread is done with the save before it, as saves a person makes are."""
    scratch = path.with_name(f".{path.name}.bench.tmp")

    def copy():
        storage.write_new(scratch, path.read_bytes())

    unlink_ms = median_ms(lambda: os.unlink(scratch), runs, before=copy)
    spaced_ms = median_ms(save, runs, before=storage.settle)
    return (
        "  saves spaced out",
        spaced_ms,
        f"the old file unlinked by a thread after each save: {unlink_ms:.1f}",
    )


def measure(folder: Path, paths: list[Path], library, runs: int, only: set[str]) -> list[tuple]:
    index = Caseload(folder).index_path  # in the state folder main() gives
    few = max(3, runs // 5)
    rows = []

    def open_cold():
        view = Caseload(folder, library).view(TODAY)
        assert len(view.summaries) == len(paths) and not view.problems, view.problems[:2]

    if "open" in only:
        open_cold()  # the page cache warm, as after any earlier start
        cold = median_ms(open_cold, 3, before=lambda: index.unlink(missing_ok=True))
        rows.append(
            (
                "caseload open, no index",
                cold,
                f"parse every file {median_ms(lambda: parse_all(paths), 3):.0f}; "
                f"read 1 KB of each {median_ms(lambda: read_heads(paths), few):.1f}",
            )
        )

    if "open" in only and "quick" in inspect.signature(Caseload.view).parameters:

        def open_quick():
            Caseload(folder, library).view(TODAY, quick=True)

        quick = median_ms(open_quick, 3, before=lambda: index.unlink(missing_ok=True))
        rows.append(("  first answer (quick)", quick, "summary lines only, checksums unchecked"))

    book = LogbookFile(paths[0], library)
    pristine = paths[0].read_bytes()
    recorded = fill_checkpoint(folder, paths)  # every candidate in it, as in a real caseload
    counter = iter(range(1_000_000))

    def save():
        n = 10**5 + next(counter)
        book.add(observation(TODAY - timedelta(days=1), [Link("205", "205.1.1")], n), "b", TODAY)

    def put_back():
        atomic_write(paths[0], pristine)
        for path, raw in recorded.items():  # as it was before the saves
            atomic_write(path, raw)

    if "save" in only:
        save()
        put_back()
        save_ms = median_ms(save, runs)
        write_ms = median_ms(lambda: atomic_write(paths[0], paths[0].read_bytes()), runs)
        # the first save after the file changed (another process wrote it): encoded whole
        first_ms = median_ms(save, few, before=put_back)
        put_back()
        rows.append(("save one record", save_ms, f"write+fsync+rename of that file {write_ms:.1f}"))
        rows.append(("  first save, file changed", first_ms, "reads, checks, encodes it all"))
        if hasattr(storage, "settle"):  # the old file freed by a thread once the save is done
            rows.append(unlink_row(paths[0], save, runs))
        rows.append(compaction_row(folder, paths))
        put_back()

    if "verify" in only:
        rows.extend(verify_rows("verify", folder, paths, library))

    if "candidates" in only:
        Caseload(folder, library).view(TODAY)  # the index in place
        env = {**os.environ, "LOGBOOK_DATA_DIR": str(folder), "NO_COLOR": "1"}
        python = sys.executable
        warm = process_ms([python, "-m", "logbook", "candidates", "--json"], few, env)
        read_index = "import orjson, sys; orjson.loads(open(sys.argv[1], 'rb').read())"
        anchor = process_ms([python, "-c", read_index, str(index)], few, env)
        rows.append(("candidates --json, warm", warm, f"a process reading the index {anchor:.0f}"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100x500,1000x500,100x5000")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each fast action")
    parser.add_argument(
        "--only",
        default=",".join(ACTIONS),
        help=f"the actions to measure, of {','.join(ACTIONS)} (all by default)",
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    if not only <= set(ACTIONS):
        parser.error(f"--only takes {','.join(ACTIONS)}")
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    library = default_library()
    branch = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--abbrev-ref", "HEAD"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    print(
        f"scale benchmark ({branch or 'no git'}): Python {platform.python_version()}, "
        f"{os.cpu_count()} cores; medians in ms"
    )
    table = []
    with tempfile.TemporaryDirectory(prefix="logbook-scale-") as tmp:
        # the caseloads' indexes and the record of verified files: here, not the user's own
        os.environ["XDG_STATE_HOME"] = str(Path(tmp) / "state")
        for candidates, count in sizes:
            folder = Path(tmp) / f"{candidates}x{count}"
            started = time.perf_counter()
            paths = build_caseload(folder, candidates, count, library)
            built = time.perf_counter() - started
            megabytes = sum(p.stat().st_size for p in paths) / 1e6
            check = LogbookFile(paths[0], library).check({})  # its summary line too
            assert not check.problems, check.problems[:3]
            print(f"built {candidates}x{count} ({megabytes:.0f} MB) in {built:.1f} s", flush=True)
            measured = measure(folder, paths, library, args.runs, only)
            if "verify" in only:
                measured += measure_signed(Path(tmp), candidates, count, library)
            for what, ms, anchor in measured:
                table.append((f"{candidates}x{count}", what, ms, anchor))
                print(f"  {what}: {ms:.1f} ms ({anchor})", flush=True)
            shutil.rmtree(folder)
    print(f"\n{'size':9} {'action':26} {'ms':>8}   anchor (ms)")
    for size, what, ms, anchor in table:
        print(f"{size:9} {what:26} {ms:8.1f}   {anchor}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
