"""One file's `logbook verify`, in parts: `.venv/bin/python bench/check_bench.py [--signed]`

Builds a caseload as `scale_bench.build_caseload` does (`--candidates` logbooks of `--records`
records; `--signed`: signed, self-contained events, as the app writes them) and prints, per
file, the CPU time (median of `--runs`) of:

  anchor        read the file, orjson.loads it and SHA-256 it (what issue 11 measures against)
  read+chain    what `LogbookFile.check` does before the domain's rules: the file read and its
                tables checked (`read_once`), the rows decoded (`check_rows`), the hash chain
                (`hashes_holding`, `verify_chain`) and the signatures (`signature_problems`)
  whole check   `LogbookFile.check(keys, checkpoint=None)`: the above and the domain's rules

The two checks run each file with the garbage collector held off, as the caseload's verify
runs each (`logbook.store.caseload._check_one`); the anchor as `scale_bench` measures it.
`--profile` also prints the cProfile of read+chain (profiling slows Python code ~3x, not C).
The machine is shared: compare runs made back to back, under the same load.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import pstats
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import orjson
from scale_bench import build_caseload

from logbook.qualifications import default_library
from logbook.store import history as chain
from logbook.store.logbook_storage import HISTORY, RECORDS, read_once
from logbook.store.logbooks import LogbookFile, check_rows
from logbook.store.signing import Keyring


def anchor(paths: list[Path], library, keys) -> None:
    for path in paths:
        raw = path.read_bytes()
        orjson.loads(raw)
        hashlib.sha256(raw).hexdigest()


@contextmanager
def uncollected():
    """The block run with the garbage collector held off (as verify checks each file)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def read_and_chain(paths: list[Path], library, keys) -> None:
    for path in paths:
        with uncollected():
            _read_and_chain(path, keys)


def _read_and_chain(path: Path, keys) -> None:
    tables, _ = read_once(path)
    rows = list(tables.get(RECORDS, {}).values())
    entries = list(tables.get(HISTORY, {}).values())
    check_rows(path, rows)
    chain.signers(entries)
    holds = chain.hashes_holding(entries)
    chain.verify_chain(entries, rows, holds)
    chain.signature_problems(entries, keys, holds, every=False)


def whole_check(paths: list[Path], library, keys) -> None:
    for path in paths:
        with uncollected():
            LogbookFile(path, library).check(keys, checkpoint=None)


def per_file_ms(action, paths: list[Path], library, keys, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        action(paths, library, keys)
        times.append(time.process_time() - start)
    return statistics.median(times) / len(paths) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--signed", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    library = default_library()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "caseload"
        paths = build_caseload(folder, args.candidates, args.records, library, args.signed)
        keys, _ = Keyring(folder).known()
        print(
            f"{len(paths)} files of {args.records} records, "
            f"{'signed events' if args.signed else 'unsigned entries'}; CPU ms per file, "
            f"median of {args.runs}"
        )
        for name, action in (
            ("anchor", anchor),
            ("read+chain", read_and_chain),
            ("whole check", whole_check),
        ):
            ms = per_file_ms(action, paths, library, keys, args.runs)
            print(f"  {name:<12} {ms:8.2f}")
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(read_and_chain, paths, library, keys)
            pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
