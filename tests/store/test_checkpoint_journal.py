"""The checkpoint a save records: one line appended, whatever the size of the caseload.

Each save appends its logbook's history length and last hash to `.checkpoint.log`, the journal
of `.checkpoint.json` (the base, rewritten whole only now and then, `logbook.store.checkpoint`).
These tests kill writers mid-append and mid-compaction, cut the journal's last line short, run
writers at the same moment, put older and hostile checkpoints in the folder, and read back
what `verify` reads.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import orjson
import pytest

from logbook.store.caseload import Caseload
from logbook.store.checkpoint import (
    checkpoint_path,
    journal_path,
    read_checkpoint,
    record_checkpoint,
)
from logbook.store.storage import DamagedFile
from tests.store.helpers import TODAY, new_logbook, observation

OTHERS = [f"7d3c2b1a-0000-4000-8000-{n:012d}" for n in range(1, 6)]


def _history(count: int) -> list[dict]:
    return [{"hash": f"{count:064x}"}] * count


def _problems(folder) -> list[str]:
    check = Caseload(folder).verify()
    return check.problems + [p for v in check.logbooks.values() for p in v.problems]


def test_a_save_appends_one_line_and_leaves_the_base_of_every_candidate_alone(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    base, journal = checkpoint_path(book.folder), journal_path(book.folder)
    entry = {"count": 3, "last": "e" * 64, "at": "2025-05-01T10:00:00.000+00:00"}
    caseload = {f"7d3c2b1a-0000-4000-8000-{n:012d}": entry for n in range(400)}
    base.write_bytes(orjson.dumps({"version": 1, "logbooks": caseload}))  # 400 others
    book.add(observation(1), "test", TODAY)  # their checkpoint given a journal
    assert len(orjson.loads(base.read_bytes())["logbooks"]) == 401
    status, before = base.stat(), journal.read_bytes()
    book.add(observation(2), "test", TODAY)
    assert base.stat().st_ino == status.st_ino and base.stat().st_mtime_ns == status.st_mtime_ns
    added = journal.read_bytes()
    assert added.startswith(before) and added.count(b"\n") == before.count(b"\n") + 1
    line = orjson.loads(added[len(before) :])
    assert line["id"] == book.candidate_id and line["count"] == len(book.rows()[1])
    assert book.verify() == []


def test_a_line_cut_short_is_ignored_and_cut_off_by_the_next_save(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    book.add(observation(1), "test", TODAY)
    book.add(observation(2), "test", TODAY)
    journal = journal_path(book.folder)
    recorded = read_checkpoint(book.folder)
    whole = journal.read_bytes()
    # what a save killed mid-append leaves: part of its line, never acknowledged
    torn = orjson.dumps({"id": book.candidate_id, "count": 99, "last": "f" * 64})[:40]
    journal.write_bytes(whole + torn)
    assert read_checkpoint(book.folder) == recorded
    assert _problems(book.folder) == []
    book.add(observation(3), "test", TODAY)
    after = journal.read_bytes()
    assert after.startswith(whole) and after.count(b"\n") == whole.count(b"\n") + 1
    assert orjson.loads(after[len(whole) :])["count"] == len(book.rows()[1])  # torn line gone
    assert read_checkpoint(book.folder)[book.candidate_id]["count"] == len(book.rows()[1])
    assert _problems(book.folder) == []


WRITER = r"""
import sys
from pathlib import Path

from logbook.store import checkpoint

checkpoint.COMPACT_BYTES = int(sys.argv[3])  # small: compactions among the appends
folder, (start, limit) = Path(sys.argv[1]), map(int, sys.argv[2].split(":"))
ids = sys.argv[4:]
print("ready", flush=True)
if sys.stdin.readline().strip() != "go":
    raise SystemExit(0)
count = start
while count < start + limit:
    count += 1
    candidate = ids[count % len(ids)]
    if not checkpoint.record_checkpoint(folder, candidate, [{"hash": f"{count:064x}"}] * count,
                                        "2025-06-01T10:00:00.000+00:00"):
        raise SystemExit("not recorded")
    sys.stdout.write(f"{candidate} {count}\n")
    sys.stdout.flush()
"""


def _writer(folder, start: int, compact: int, ids: list[str], limit=10**6) -> subprocess.Popen:
    """A process recording counts from `start` on (at most `limit`), round the candidates
    `ids`, printing each once recorded; started and waiting for "go"."""
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), f"{start}:{limit}", str(compact), *ids],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout.readline() == b"ready\n", child.stderr.read().decode()
    return child


def _acknowledged(out: bytes) -> dict[str, int]:
    """The last count each candidate was acknowledged with: whole lines only."""
    last: dict[str, int] = {}
    for line in out.split(b"\n")[:-1]:
        candidate, count = line.decode().split()
        last[candidate] = max(last.get(candidate, 0), int(count))
    return last


def _whole_lines_only(folder) -> None:
    raw = journal_path(folder).read_bytes()
    assert raw.endswith(b"\n"), raw[-80:]
    for line in raw.split(b"\n")[:-1]:
        orjson.loads(line)


def test_writers_killed_mid_append_or_mid_compaction_never_lose_an_acknowledged_entry(tmp_path):
    seed = int(os.environ.get("LOGBOOK_KILL_SEED", random.randrange(1 << 32)))
    rng = random.Random(seed)
    folder = tmp_path / "caseload"
    folder.mkdir(mode=0o700)
    acknowledged: dict[str, int] = {}
    bases: set[str] = set()
    for kill in range(12):
        # the journal folded into the base every few lines: kills land in both
        child = _writer(folder, 1000 * kill, rng.choice([400, 900, 4000]), OTHERS)
        child.stdin.write(b"go\n")
        child.stdin.flush()
        waited = b"".join(child.stdout.readline() for _ in range(rng.randrange(40)))
        time.sleep(rng.uniform(0, 0.005))  # and then at any moment
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate()
        out = waited + out
        assert child.returncode == -signal.SIGKILL, err.decode()
        for candidate, count in _acknowledged(out).items():
            acknowledged[candidate] = max(acknowledged.get(candidate, 0), count)
        recorded = read_checkpoint(folder)  # never damaged by a kill
        context = f"after kill {kill} (LOGBOOK_KILL_SEED={seed})"
        for candidate, count in acknowledged.items():
            assert recorded[candidate]["count"] >= count, context
        if recorded is not None:
            bases.add(orjson.loads(checkpoint_path(folder).read_bytes())["journal"])
    assert acknowledged, "no writer was acknowledged"
    assert len(bases) > 3, "the checkpoint was hardly ever compacted"
    record_checkpoint(folder, OTHERS[0], _history(10**6), "x")  # cuts off a torn line
    _whole_lines_only(folder)
    assert read_checkpoint(folder)[OTHERS[0]]["count"] == 10**6


def test_writers_at_the_same_moment_keep_every_line(tmp_path):
    folder = tmp_path / "caseload"
    folder.mkdir(mode=0o700)
    compacts = [600, 3000, 10**6]  # often, now and then, never
    children = [
        _writer(folder, 10**6 * (n + 1), compact, [OTHERS[n]], limit=120)
        for n, compact in enumerate(compacts)
    ]
    for child in children:
        child.stdin.write(b"go\n")
        child.stdin.flush()
    last = {}
    for child in children:
        out, err = child.communicate()
        assert child.returncode == 0, err.decode()
        last.update(_acknowledged(out))
    recorded = read_checkpoint(folder)
    for n, candidate in enumerate(OTHERS[:3], 1):  # each writer's last entry
        assert last[candidate] == recorded[candidate]["count"] == 10**6 * n + 120
    record_checkpoint(folder, OTHERS[4], _history(1), "x")
    _whole_lines_only(folder)


def test_a_checkpoint_of_an_older_version_is_read_and_given_a_journal_at_the_next_save(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    base = checkpoint_path(book.folder)
    history = book.rows()[1]
    entry = {"count": len(history), "last": history[-1]["hash"], "at": history[-1]["at"]}
    other = {"count": 7, "last": "e" * 64, "at": "2025-05-01T10:00:00.000+00:00"}
    older = {"version": 1, "logbooks": {book.candidate_id: entry, OTHERS[0]: other}}
    base.write_bytes(orjson.dumps(older, option=orjson.OPT_INDENT_2))
    journal_path(book.folder).unlink()
    assert read_checkpoint(book.folder) == older["logbooks"]
    book.add(observation(1), "test", TODAY)
    named = orjson.loads(base.read_bytes())
    assert len(named["journal"]) == 32 and named["logbooks"][OTHERS[0]] == other
    assert read_checkpoint(book.folder)[book.candidate_id]["count"] == len(history) + 1

    # an older version saves again: it rewrites the base whole, knowing nothing of the journal
    book.add(observation(2), "test", TODAY)
    base.write_bytes(orjson.dumps(older, option=orjson.OPT_INDENT_2))
    assert read_checkpoint(book.folder) == older["logbooks"]  # lags behind: allowed
    assert book.verify() == []
    book.add(observation(3), "test", TODAY)
    assert read_checkpoint(book.folder)[book.candidate_id]["count"] == len(book.rows()[1])


def test_a_removed_base_leaves_no_checkpoint_whatever_the_journal_says(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    book.add(observation(1), "test", TODAY)
    checkpoint_path(book.folder).unlink()
    assert journal_path(book.folder).stat().st_size > 0
    assert read_checkpoint(book.folder) is None
    book.add(observation(2), "test", TODAY)
    assert read_checkpoint(book.folder)[book.candidate_id]["count"] == len(book.rows()[1])


def test_a_history_cut_back_is_found_through_the_journal(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    before = book.path.read_bytes()
    book.add(observation(1), "test", TODAY)
    base = orjson.loads(checkpoint_path(book.folder).read_bytes())["logbooks"]
    assert base[book.candidate_id]["count"] == 1  # the base says one entry, the journal two
    book.path.write_bytes(before)  # an older copy put back
    assert any("it had 2 at its save of" in p for p in _problems(book.folder))


@pytest.mark.parametrize(
    "damage, said",
    [
        (lambda raw: raw + b'{"id": "not an id"}\n', "its line 3 is not a logbook checkpoint"),
        (lambda raw: raw + b"x" * 5000, "it does not end with a whole line"),
    ],
)
def test_a_journal_damaged_by_hand_is_reported_and_never_written_over(tmp_path, damage, said):
    book = new_logbook(tmp_path / "caseload")
    book.add(observation(1), "test", TODAY)
    journal = journal_path(book.folder)
    damaged = damage(journal.read_bytes())
    journal.write_bytes(damaged)
    with pytest.raises(DamagedFile, match=said):
        read_checkpoint(book.folder)
    book.add(observation(2), "test", TODAY)  # the record is saved all the same
    assert len(book.rows()[0]) == 3
    assert journal.read_bytes().startswith(damaged)
    assert any(".checkpoint.log" in p and said in p for p in _problems(book.folder))


def test_a_journal_that_is_a_link_is_never_followed(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    book.add(observation(1), "test", TODAY)
    target = tmp_path / "elsewhere.txt"
    target.write_bytes(b"someone else's file\n")
    journal = journal_path(book.folder)
    journal.unlink()
    journal.symlink_to(target)
    book.add(observation(2), "test", TODAY)
    assert target.read_bytes() == b"someone else's file\n"
    assert len(book.rows()[0]) == 3
    assert any(".checkpoint.log" in p and "symbolic link" in p for p in _problems(book.folder))
    assert journal.is_symlink()
