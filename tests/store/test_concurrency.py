"""Two terminals on one logbook never lose each other's entries.

Three processes add records to the same logbook at the same moment (they wait at a barrier
file until all have started). Afterwards every entry each of them was told was saved is there,
nothing else is, and the history chain verifies.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from tests.store.helpers import TODAY, new_logbook

WRITERS = 3
EACH = 40

WRITER = r"""
import json
import sys
import time
from datetime import date
from pathlib import Path

from logbook.domain.records import Link, Observation, Plan, Witness
from logbook.store.logbooks import LogbookFile

path, barrier, name, count = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
book = LogbookFile(path)
print("ready", flush=True)
while not barrier.exists():
    time.sleep(0.001)
started = time.time()
for n in range(count):
    if n % 3 == 0:
        record = Witness(
            name=f"{name} witness {n}", role="colleague", relationship="works beside her"
        )
    elif n % 3 == 1:
        record = Plan(agreed_on=date(2025, 5, 1), units=["1"], activities=f"{name} plan {n}")
    else:
        record = Observation(
            date=date(2025, 5, 1),
            venue="Valley Leisure Centre reception",
            activity=f"{name} observation {n}",
            links=[Link("1", "1.1")],
            justification="Recorded accurately",
            feedback="Well done",
        )
    book.add(record, name, date(2025, 6, 1))
    print(record.id, flush=True)
print(json.dumps({"started": started, "finished": time.time()}), flush=True)
"""


def test_writers_at_the_same_moment_keep_every_entry(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    barrier = tmp_path / "go"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, book.path, barrier, f"writer {k}", str(EACH)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(WRITERS)
    ]
    try:
        for child in children:
            assert child.stdout.readline() == "ready\n", child.stderr.read()
        barrier.touch()
        outputs = [child.communicate(timeout=60) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.communicate()

    acknowledged: dict[str, str] = {}
    spans = []
    for k, (child, (out, err)) in enumerate(zip(children, outputs, strict=True)):
        assert child.returncode == 0, err
        *ids, span = out.splitlines()
        assert len(ids) == EACH
        acknowledged.update((record_id, f"writer {k}") for record_id in ids)
        spans.append(json.loads(span))
    assert len(acknowledged) == WRITERS * EACH

    # the writers really overlapped: each started before any other had finished
    assert max(s["started"] for s in spans) < min(s["finished"] for s in spans)

    portfolio = book.read(TODAY)
    saved = [record.id for record in portfolio.records]
    assert len(saved) == 1 + WRITERS * EACH  # the candidate, and exactly the entries acknowledged
    assert len(set(saved)) == len(saved)
    assert set(saved) - {portfolio.candidate.id} == set(acknowledged)

    assert book.verify() == []
    _, history = book.rows()
    assert [entry["seq"] for entry in history] == list(range(1, 2 + WRITERS * EACH))
    by = {entry["record"]: entry["by"] for entry in history if entry["action"] == "add"}
    assert by == acknowledged  # each entry is attributed to the process that wrote it
    assert not list(book.path.parent.glob(".*.tmp"))


def test_a_slow_writer_does_not_block_readers(tmp_path):
    """A reader never waits for the lock, and always sees a whole file."""
    book = new_logbook(tmp_path / "caseload")
    barrier = tmp_path / "go"
    barrier.touch()
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, book.path, barrier, "writer", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reads = 0
    try:
        while child.poll() is None:
            started = time.perf_counter()
            portfolio = book.read(TODAY)
            assert time.perf_counter() - started < 1.0
            assert portfolio.candidate.name == "Gareth Jones"
            reads += 1
        _, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 0, err
    assert reads > 0
    assert len(book.read(TODAY).records) == 61
    assert book.verify() == []
