"""A writer killed at any moment never costs an acknowledged entry, nor the file.

A child process adds observations to one logbook in a loop and prints each record's id only
after `add()` returned. The test kills it with SIGKILL at random moments (80 times in the
suite; set LOGBOOK_KILLS for more) on the same logbook; after every kill the file must load,
its history must verify, and every id the child acknowledged must be in it. Children are
started ahead of time and wait for "go" on stdin, so the package is imported once per child
while another child is writing.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
import uuid
from collections import deque
from dataclasses import replace
from datetime import date

from logbook.domain.records import Link, Observation
from logbook.store import history as chain
from logbook.store.checkpoint import checkpoint_problem, read_checkpoint
from logbook.store.logbooks import LogbookFile
from logbook.store.storage import settle, temporary_path
from tests.store.helpers import TODAY, new_logbook

# 80 kills in the suite (about a third of its former cost); LOGBOOK_KILLS=400 for a longer run
KILLS = int(os.environ.get("LOGBOOK_KILLS", "80"))
FULL_CHECK_EVERY = 10  # else the chain and the checkpoint: signatures cost 0.1 ms an entry
WARM_CHILDREN = 3
ACK_TIMEOUT_S = 30.0

WRITER = r"""
import sys
from datetime import date
from pathlib import Path

from logbook.domain.records import Link, Observation
from logbook.store.logbooks import LogbookFile

book = LogbookFile(Path(sys.argv[1]))
print("ready", flush=True)
if sys.stdin.readline().strip() != "go":
    raise SystemExit(0)
n = 0
while True:
    n += 1
    record = Observation(
        date=date(2025, 5, 1),
        venue="Valley Leisure Centre reception",
        activity=f"Logged enquiry {n} on the bookings system",
        links=[Link("1", "1.1")],
        justification="Recorded accurately",
        feedback="Well done",
    )
    book.add(record, "durability writer", date(2025, 6, 1))
    sys.stdout.write(record.id + "\n")
    sys.stdout.flush()
"""


def _start(book: LogbookFile) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(book.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )


def _read_line(child: subprocess.Popen, pending: bytearray) -> bytes:
    """The next whole line the child printed; fails if it prints none in time."""
    deadline = time.monotonic() + ACK_TIMEOUT_S
    while b"\n" not in pending:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([child.stdout], [], [], max(left, 0))
        chunk = os.read(child.stdout.fileno(), 65536) if ready else b""
        if not chunk:
            child.kill()
            _, err = child.communicate()
            raise AssertionError(f"the writer stopped without acknowledging: {err.decode()}")
        pending += chunk
    line, _, rest = bytes(pending).partition(b"\n")
    pending[:] = rest
    return line


def _kill(child: subprocess.Popen, pending: bytearray) -> list[str]:
    """SIGKILL the child; the ids it acknowledged, whole lines only."""
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=ACK_TIMEOUT_S)
    assert child.returncode == -signal.SIGKILL, err.decode()
    lines = (bytes(pending) + out).split(b"\n")[:-1]  # a line without its newline is no ack
    return [line.decode() for line in lines]


def test_sigkill_at_random_moments_never_loses_an_acknowledged_entry(tmp_path):
    seed = int(os.environ.get("LOGBOOK_KILL_SEED", random.randrange(1 << 32)))
    rng = random.Random(seed)
    book = new_logbook(tmp_path / "caseload")
    acknowledged: set[str] = set()
    waited_for_an_ack = killed_mid_write = 0
    warm: deque[subprocess.Popen] = deque(_start(book) for _ in range(WARM_CHILDREN))
    try:
        for kill in range(1, KILLS + 1):
            child = warm.popleft()
            warm.append(_start(book))  # imports while this one writes
            pending = bytearray()
            assert _read_line(child, pending) == b"ready"
            child.stdin.write(b"go\n")
            if rng.random() < 0.8:  # at a random moment after its first acknowledged entry
                acknowledged.add(_read_line(child, pending).decode())
                waited_for_an_ack += 1
                time.sleep(rng.uniform(0, 0.040))
            else:  # or somewhere inside its first transaction
                time.sleep(rng.uniform(0, 0.010))
            acknowledged.update(_kill(child, pending))

            if list(book.path.parent.glob(".*.tmp")):
                killed_mid_write += 1
            context = f"after kill {kill} (LOGBOOK_KILL_SEED={seed})"
            portfolio = book.read(TODAY)
            saved = {record.id for record in portfolio.records}
            lost = acknowledged - saved
            assert not lost, f"{context}: {len(lost)} acknowledged entries are gone"
            if kill % FULL_CHECK_EVERY == 0 or kill == KILLS:
                assert book.verify() == [], context  # signatures, checkpoint and rules too
            else:
                records, history = book.rows()
                assert chain.verify_chain(history, records) == [], context
                assert (
                    checkpoint_problem(read_checkpoint(book.folder)[book.candidate_id], history)
                    is None
                ), context
    finally:
        for child in warm:
            child.kill()
            child.communicate()

    assert len(acknowledged) >= waited_for_an_ack
    # a killed writer's temporary file never outlives the next successful write (a writer
    # holding the lock writes to one name, so it finds what a killed one left without
    # listing the folder)
    stray = temporary_path(book.path)
    stray.write_bytes(b'{"half": ')  # what a writer killed mid-write leaves, in case none did
    book.add(
        Observation(
            date=date(2025, 5, 2),
            venue="Valley Leisure Centre reception",
            activity="The entry after the last kill",
            links=[Link("1", "1.2")],
            justification="Recorded accurately",
            feedback="Well done",
        ),
        "test",
        TODAY,
    )
    settle()  # the old file's second name is unlinked once the save is done (replaced_path)
    assert sorted(p.name for p in book.path.parent.glob(".*.tmp")) == []
    assert book.verify() == []
    records = book.read(TODAY).records
    assert acknowledged <= {r.id for r in records}
    assert all(str(uuid.UUID(r.id)) == r.id for r in records)
    print(
        f"{KILLS} kills (seed {seed}): {len(acknowledged)} acknowledged entries all kept, "
        f"{killed_mid_write} kills left a temporary file behind"
    )


SAVER = r"""
import sys
from datetime import date
from pathlib import Path

from logbook.domain.records import Link, Observation
from logbook.store.logbooks import LogbookFile

for name in sys.argv[1:]:
    LogbookFile(Path(name)).add(
        Observation(
            date=date(2025, 5, 1),
            venue="Valley Leisure Centre reception",
            activity="Logged an enquiry on the bookings system",
            links=[Link("1", "1.1")],
            justification="Recorded accurately",
            feedback="Well done",
        ),
        "test",
        date(2025, 6, 1),
    )
"""


def test_what_writers_killed_before_the_process_started_left_is_removed_at_each_first_write(
    tmp_path,
):
    """The folder is listed once a process, for every logbook's leftovers (not once for each
    logbook: that costs as much as the caseload at each candidate's first save); each
    logbook's are removed when it is first written, under its lock."""
    first = new_logbook(tmp_path / "caseload")
    second = LogbookFile(first.folder / f"{uuid.uuid4()}.json")
    second.create(replace(first.read(TODAY).candidate, id=second.candidate_id), "test", TODAY)
    left = [first.folder / f".{book.path.name}.{uuid.uuid4().hex}.tmp" for book in (first, second)]
    for path in left:
        path.write_bytes(b'{"half": ')
    kept = first.folder / f".{first.path.name}.{uuid.uuid4().hex}.tmp"
    kept.mkdir()  # not a plain file: not ours
    subprocess.run([sys.executable, "-c", SAVER, str(first.path)], check=True)
    assert not left[0].exists() and left[1].exists() and kept.is_dir()
    subprocess.run([sys.executable, "-c", SAVER, str(first.path), str(second.path)], check=True)
    assert not left[1].exists() and kept.is_dir()
    assert first.verify() == [] and second.verify() == []
