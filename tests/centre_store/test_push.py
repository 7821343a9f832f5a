"""A push in batches: many logbooks' entries go to the centre in a few large transactions, and a
push cut short anywhere (its connection closed between two batches, the process killed after
the centre took a batch but before the laptop noted it) resumes with nothing lost and nothing
stored twice. Row-level security checks every row of a batch as it checks one INSERT."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from psycopg import errors

from logbook.centre import admin
from logbook.centre.events import NoTemporaryTable
from logbook.centre.keys import register
from logbook.centre.sync import SyncReport, SyncState, centre_key, push_new, sync
from logbook.store.caseload import Caseload
from logbook.store.logbooks import LogbookFile
from logbook.store.signing import Keyring
from tests.centre_store.test_sync import TODAY, WITNESS, candidate

REPO = Path(__file__).resolve().parents[2]
AMY = "Amy Jones"


def amys_laptop(folder: Path, centre, count: int = 6, assigned: bool = True) -> list[str]:
    """`count` logbooks of Amy's, each a candidate and a witness (2 entries)."""
    ids = []
    for n in range(count):
        book = Caseload(folder).create(candidate(f"Candidate {n}"), AMY, TODAY)
        book.add(WITNESS, AMY, TODAY)
        if assigned:
            with centre.connect() as conn:
                admin.assign_candidate(conn, "amy", book.candidate_id)
        ids.append(book.candidate_id)
    return ids


def entry_ids(folder: Path) -> set[str]:
    return {e["id"] for p in Caseload(folder).files() for e in LogbookFile(p).rows()[1]}


def at_centre(centre) -> list[str]:
    with centre.connect() as conn:
        return [r[0] for r in conn.execute("SELECT event_id::text FROM logbook.event")]


def test_a_push_whose_connection_closes_between_batches_resumes_without_loss_or_duplicates(
    centre, tmp_path
):
    folder = tmp_path / "amy"
    amys_laptop(folder, centre)
    wrote = entry_ids(folder)
    assert len(wrote) == 12
    report = SyncReport()
    with centre.connect("amy") as conn:
        register(conn, Keyring(folder).own())  # as a sync does first
        state = SyncState(folder, centre_key(conn))

        def cut(sent: int) -> None:
            conn.close()  # the line drops after the first batch is in

        with pytest.raises(psycopg.OperationalError, match="closed"):
            push_new(conn, folder, state, AMY, report, batch=4, after_batch=cut)
    first = set(at_centre(centre))
    assert report.sent == report.pushed == len(first) == 4  # two whole files, one transaction
    assert first < wrote
    with centre.connect("amy") as conn:
        again = sync(conn, folder, AMY)
    assert (again.sent, again.pushed) == (8, 8)  # only what the centre did not confirm
    stored = at_centre(centre)
    assert len(stored) == len(set(stored)) == 12 and set(stored) == wrote
    with centre.connect("iris") as conn:  # Amy's IQA gets every logbook whole
        iris = sync(conn, tmp_path / "iris", "Iris Khan")
    assert (iris.pulled, len(iris.created), iris.refused) == (12, 6, [])
    assert entry_ids(tmp_path / "iris") == wrote
    for path in Caseload(tmp_path / "iris").files():
        assert LogbookFile(path).verify() == []


KILLED_PUSH = """
import os, signal, sys
from pathlib import Path
import psycopg
from logbook.centre.keys import register
from logbook.centre.sync import SyncReport, SyncState, centre_key, push_new
from logbook.store.signing import Keyring

class KilledBeforeTheMarks(SyncState):
    def save_marks(self, marks):
        os.kill(os.getpid(), signal.SIGKILL)  # the centre has the batch; the laptop never knew

folder = Path(sys.argv[1])
with psycopg.connect(sys.argv[2], autocommit=True) as conn:
    register(conn, Keyring(folder).own())  # as a sync does first
    state = KilledBeforeTheMarks(folder, centre_key(conn))
    push_new(conn, folder, state, "Amy Jones", SyncReport(), batch=4)
"""


def test_a_push_killed_after_the_centre_took_a_batch_sends_it_again_and_stores_it_once(
    centre, tmp_path
):
    folder = tmp_path / "amy"
    amys_laptop(folder, centre)
    wrote = entry_ids(folder)
    child = subprocess.run(
        [sys.executable, "-c", KILLED_PUSH, folder, centre.dsn("amy")],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )  # fmt: skip
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert len(at_centre(centre)) == 4  # the first batch was committed
    with centre.connect("amy") as conn:
        again = sync(conn, folder, AMY)
    assert (again.sent, again.pushed) == (12, 8)  # all sent again; the centre kept 4 as they were
    stored = at_centre(centre)
    assert len(stored) == len(set(stored)) == 12 and set(stored) == wrote
    with centre.connect("amy") as conn:
        assert sync(conn, folder, AMY).sent == 0  # noted now: nothing is sent a third time


def test_a_batch_holding_a_candidate_not_assigned_sends_the_others_and_names_that_one(
    centre, tmp_path
):
    folder = tmp_path / "amy"
    mine = amys_laptop(folder, centre, count=3)
    (stranger,) = amys_laptop(folder, centre, count=1, assigned=False)
    with centre.connect("amy") as conn:
        report = sync(conn, folder, AMY)
    assert (report.sent, report.pushed) == (6, 6)
    assert report.refused == [
        f"candidate {stranger}: the centre does not let your login write for this candidate "
        "(not assigned to you): not sent"
    ]
    with centre.connect() as conn:
        held = {r[0] for r in conn.execute("SELECT DISTINCT candidate_id FROM logbook.event")}
    assert held == set(mine)
    with centre.connect() as conn:  # assigned later: the next sync sends it
        admin.assign_candidate(conn, "amy", stranger)
    with centre.connect("amy") as conn:
        later = sync(conn, folder, AMY)
    assert (later.sent, later.pushed, later.refused) == (2, 2, [])


def test_copy_straight_into_the_event_table_is_refused_to_an_assessor(centre):
    """Row-level security covers COPY too: PostgreSQL refuses COPY FROM into a table whose
    policies apply to the role, so a push can only go through the INSERT the policies check."""
    row = (
        "3b241101-e2bb-4255-8caf-4136c566a962", "c-ben-1", "r", "observation", "{}",
        "2026-11-24 09:30+00", "d", None, "a" * 64,
    )  # fmt: skip
    copy_in = (
        "COPY logbook.event (event_id, candidate_id, record_id, kind, content, at, device, "
        "parent_hash, chain_hash) FROM STDIN"
    )
    with (
        centre.connect("amy") as amy,
        amy.cursor() as cur,
        pytest.raises(errors.FeatureNotSupported, match="row-level security"),
        cur.copy(copy_in) as copy,
    ):
        copy.write_row(row)
    assert at_centre(centre) == []


def test_a_centre_that_took_temporary_tables_away_says_so_and_its_init_gives_them_back(
    centre, tmp_path
):
    """A push stages its batch in a temporary table: the schema grants the roles that write
    events the right to make one, even where the centre took it from PUBLIC."""
    folder = tmp_path / "amy"
    amys_laptop(folder, centre, count=2)
    revoke = f"REVOKE TEMPORARY ON DATABASE {centre.dbname} FROM PUBLIC, assessor, iqa, lead_iqa"
    with centre.connect() as conn:
        conn.execute(revoke)
    with centre.connect("amy") as conn, pytest.raises(NoTemporaryTable, match="centre init"):
        sync(conn, folder, AMY)
    assert at_centre(centre) == []
    with centre.connect() as conn:
        conn.execute(revoke.replace(", assessor, iqa, lead_iqa", ""))  # PUBLIC only
        admin.create_schema(conn)
    with centre.connect("amy") as conn:
        report = sync(conn, folder, AMY)
    assert (report.sent, report.pushed, report.refused) == (4, 4, [])
    assert set(at_centre(centre)) == entry_ids(folder)
