"""An import killed at any moment leaves all of its candidates or none, and a retry works.

Real `logbook import` processes (the command line's `main`, in a child started ahead of time
so that each kill costs no start-up) import an export of five candidates and are killed with
SIGKILL: at moments spread over the whole import, and, since the writing is a small part of
it, at moments counted from when the import begins writing into the data folder. After
each kill the next command to open the caseload finds 0 or 5 candidates, never some; no
staging folder is left; the caseload verifies; and importing the same file again either
imports all five (if none were there) or refuses it whole as already there.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections import Counter, deque
from pathlib import Path

import pytest

from logbook.demo import write_demo
from logbook.store.exchange import export_logbooks, write_export
from tests.security.helpers import TODAY, here

SPREAD = 4  # kills spread over the whole import
IN_THE_WRITE = 8  # kills counted from the first thing the import writes
WARM = 2

CHILD = r"""
import sys
import logbook.store.exchange  # what the import needs, loaded before "go"
from logbook.cli import main

print("ready", flush=True)
folder, path = sys.stdin.readline().rstrip("\n").split("\t")
raise SystemExit(main(["--data-dir", folder, "import", path]))
"""


def _start() -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "LOGBOOK_ASSESSOR": "Morgan Ellis"},
    )
    return child


def _ready(child: subprocess.Popen) -> None:
    ready, _, _ = select.select([child.stdout], [], [], 30)
    assert ready and child.stdout.readline() == b"ready\n", child.stderr.read().decode()


def _written(folder: Path) -> bool:
    """Has the import begun writing: anything in the data folder but lock files?"""
    with contextlib.suppress(FileNotFoundError):
        return any(not name.endswith(".lock") for name in os.listdir(folder))
    return False


def _writing_starts(folder: Path, child: subprocess.Popen, limit: float) -> bool:
    """Wait until the import begins writing into `folder` (False: it ended first)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and child.poll() is None:
        if _written(folder):
            return True
    return False


def _spin(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    caseload = write_demo(folder / "caseload", TODAY)
    path = folder / "all.json"
    write_export(
        path, export_logbooks(caseload.logbook(s["id"]) for s in caseload.view().summaries)
    )
    return path


def test_an_import_killed_anywhere_leaves_all_or_nothing_and_a_retry_works(tmp_path, export):
    # how long one uninterrupted import takes, from "go" to its end
    warm: deque[subprocess.Popen] = deque(_start() for _ in range(WARM))
    timing = warm.popleft()
    warm.append(_start())
    _ready(timing)
    started = time.perf_counter()
    timing.communicate(f"{tmp_path / 'timing'}\t{export}\n".encode(), timeout=60)
    took = time.perf_counter() - started
    assert timing.returncode == 0

    outcomes: Counter = Counter()
    mid_write = 0
    plans = [("spread", took * (i + 0.5) / SPREAD) for i in range(SPREAD)]
    plans += [("write", 0.002 * i) for i in range(IN_THE_WRITE)]
    try:
        for number, (how, delay) in enumerate(plans):
            folder = tmp_path / f"kill-{number}"
            child = warm.popleft()
            warm.append(_start())
            _ready(child)
            child.stdin.write(f"{folder}\t{export}\n".encode())
            child.stdin.flush()
            if how == "spread" or _writing_starts(folder, child, limit=30):
                _spin(delay)
            if child.poll() is None:
                mid_write += _written(folder)
                child.send_signal(signal.SIGKILL)
            child.communicate(timeout=30)

            # the next command to open the caseload sees all five or none
            listed = here("--data-dir", folder, "candidates", "--json")
            assert listed.returncode == 0, listed.stderr
            count = len(json.loads(listed.stdout))
            outcomes[count] += 1
            context = f"kill {number} ({how}, {delay * 1000:.1f} ms)"
            assert count in (0, 5), f"{context}: {count} of 5 candidates"
            if folder.exists():
                assert not [n for n in os.listdir(folder) if n.startswith(".import-")], context
                verified = here("--data-dir", folder, "verify")
                assert verified.returncode == 0, f"{context}: {verified.stdout}"

            # and the same file again: all five, or refused whole as already there
            retry = here("--data-dir", folder, "import", export)
            if count == 0:
                assert retry.returncode == 0, f"{context}: {retry.stderr}"
            else:
                assert retry.returncode == 2
                assert retry.stderr.count("is already in the caseload") == 5, retry.stderr
            listed = here("--data-dir", folder, "candidates", "--json")
            assert len(json.loads(listed.stdout)) == 5, context
    finally:
        for child in warm:
            child.kill()
            child.communicate()
    print(
        f"\n{len(plans)} kills of a {took * 1000:.0f} ms import: {dict(outcomes)} candidates "
        f"after the kill; {mid_write} killed after it began writing"
    )
    assert mid_write >= 1  # some kills did land in the writing
