"""The centre store on a real PostgreSQL server: row-level security really isolates, the event
table is append-only for everyone, and push and pull are idempotent and resumable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg import errors

from logbook.centre import admin
from logbook.centre.events import (
    _PULL,
    _PULL_VISIBLE,
    START,
    Cursor,
    CursorFile,
    Event,
    EventRefused,
    pull,
    pull_into,
    push,
)

REPO = Path(__file__).resolve().parents[2]
WHEN = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def event(candidate: str, n: int = 0, **changes) -> Event:
    values = dict(
        event_id=str(uuid.uuid4()),
        candidate_id=candidate,
        record_id=f"r-{candidate}-{n}",
        kind="observation",
        content={"kind": "observation", "activity": f"Served customer {n}", "links": []},
        at=WHEN + timedelta(minutes=n),
        device="amy-laptop",
        chain_hash=f"{n:064x}",
    )
    values.update(changes)
    return Event(**values)


def ids(events) -> set[str]:
    return {e.event_id for e in events}


def everything(conn, after=START) -> list[Event]:
    out, cursor = [], after
    while True:
        batch = pull(conn, cursor, limit=7)
        if not batch.events:
            return out
        out += batch.events
        cursor = batch.cursor


# --- the schema -------------------------------------------------------------------------------


def test_the_tables_belong_to_no_application_role_and_force_row_level_security(centre):
    with centre.connect() as conn:
        admin.create_schema(conn)  # a second run changes nothing and does not fail
        rows = conn.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity, "
            "c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'logbook' AND c.relkind = 'r' ORDER BY 1"
        ).fetchall()
    assert rows == [
        ("assignment", "logbook_owner", True, True),
        ("event", "logbook_owner", True, True),
        ("signing_key", "logbook_owner", True, True),
    ]


def test_no_application_role_holds_update_delete_or_truncate(centre):
    with centre.connect() as conn:
        granted = conn.execute(
            "SELECT grantee, privilege_type FROM information_schema.role_table_grants "
            "WHERE table_schema = 'logbook' AND table_name IN ('event', 'signing_key') "
            "AND grantee IN ('assessor', 'iqa', 'lead_iqa', 'eqa', 'PUBLIC')"
        ).fetchall()
    assert {p for _, p in granted} == {"SELECT"}  # INSERT is granted column by column
    assert {g for g, _ in granted} == {"assessor", "iqa", "lead_iqa", "eqa"}


# --- row-level security -----------------------------------------------------------------------


def test_an_assessor_reads_only_their_own_candidates_events(centre):
    with centre.connect("amy") as amy, centre.connect("ben") as ben:
        push(amy, [event("c-amy-1", 1), event("c-amy-2", 2)])
        push(ben, [event("c-ben-1", 3, device="ben-laptop")])
        assert {e.candidate_id for e in everything(amy)} == {"c-amy-1", "c-amy-2"}
        assert {e.candidate_id for e in everything(ben)} == {"c-ben-1"}
        # not a filter in Python: the database itself shows amy nothing else
        assert amy.execute("SELECT count(*) FROM logbook.event").fetchone() == (2,)
        assert amy.execute(
            "SELECT count(*) FROM logbook.event WHERE candidate_id = 'c-ben-1'"
        ).fetchone() == (0,)


def test_set_role_shows_the_same_isolation(centre):
    with centre.connect("amy") as amy, centre.connect("ben") as ben:
        push(amy, [event("c-amy-1")])
        push(ben, [event("c-ben-1")])
    with centre.connect() as conn:
        conn.execute("SET ROLE ben")
        assert conn.execute("SELECT candidate_id FROM logbook.event").fetchall() == [("c-ben-1",)]
        conn.execute("SET ROLE assessor")  # the group role itself is assigned nobody
        assert conn.execute("SELECT count(*) FROM logbook.event").fetchone() == (0,)


def test_an_assessor_cannot_insert_for_another_assessors_candidate_and_nothing_is_stored(centre):
    with centre.connect("amy") as amy:
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            push(amy, [event("c-amy-1", 1), event("c-ben-1", 2)])
        with pytest.raises(errors.InsufficientPrivilege):
            amy.execute(
                "INSERT INTO logbook.event (event_id, candidate_id, record_id, kind, content, "
                "at, device, chain_hash) VALUES (gen_random_uuid(), 'c-ben-1', 'r', 'x', "
                "'{}', now(), 'd', repeat('a', 64))"
            )
    with centre.connect() as conn:
        assert conn.execute("SELECT count(*) FROM logbook.event").fetchone() == (0,)


def test_who_wrote_an_event_is_the_database_role_and_cannot_be_typed(centre):
    with centre.connect("amy") as amy:
        push(amy, [event("c-amy-1", content={"kind": "observation", "who": "Ben"})])
        assert [e.who for e in everything(amy)] == ["amy"]
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            amy.execute(
                "INSERT INTO logbook.event (event_id, candidate_id, record_id, kind, content, "
                "at, device, chain_hash, who) VALUES (gen_random_uuid(), 'c-amy-1', 'r', 'x', "
                "'{}', now(), 'd', repeat('a', 64), 'ben')"
            )


def test_an_iqa_sees_and_writes_for_the_candidates_of_their_assessors_only(centre):
    with centre.connect("amy") as amy, centre.connect("ben") as ben:
        push(amy, [event("c-amy-1", 1)])
        push(ben, [event("c-ben-1", 2)])
    with centre.connect("iris") as iris:
        assert {e.candidate_id for e in everything(iris)} == {"c-amy-1"}
        decision = event("c-amy-1", 3, kind="iqa_decision", device="iris-laptop")
        assert push(iris, [decision]) == 1
        with pytest.raises(errors.InsufficientPrivilege):
            push(iris, [event("c-ben-1", 4, kind="iqa_decision")])
    with centre.connect("amy") as amy:  # the assessor sees the IQA's decision on their candidate
        assert [e.who for e in everything(amy) if e.kind == "iqa_decision"] == ["iris"]


def test_a_new_assignment_lets_the_iqa_see_that_assessors_candidates(centre):
    with centre.connect("ben") as ben:
        push(ben, [event("c-ben-1")])
    with centre.connect("iris") as iris:
        assert everything(iris) == []
        with centre.connect() as conn:
            admin.assign_assessor(conn, "iris", "ben")
        assert {e.candidate_id for e in everything(iris)} == {"c-ben-1"}


def test_the_lead_iqa_sees_and_writes_all(centre):
    with centre.connect("amy") as amy, centre.connect("ben") as ben:
        push(amy, [event("c-amy-1")])
        push(ben, [event("c-ben-1")])
    with centre.connect("lee") as lee:
        assert {e.candidate_id for e in everything(lee)} == {"c-amy-1", "c-ben-1"}
        assert push(lee, [event("c-new", kind="standardisation")]) == 1


def test_the_eqa_reads_everything_and_writes_nothing(centre):
    with centre.connect("amy") as amy, centre.connect("ben") as ben:
        push(amy, [event("c-amy-1")])
        push(ben, [event("c-ben-1")])
    with centre.connect("eve") as eve:
        assert {e.candidate_id for e in everything(eve)} == {"c-amy-1", "c-ben-1"}
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            push(eve, [event("c-amy-1", 9)])
    with centre.connect() as conn:
        assert conn.execute("SELECT count(*) FROM logbook.event").fetchone() == (2,)


def test_an_assessor_reads_only_their_own_assignments(centre):
    with centre.connect("amy") as amy:
        rows = amy.execute("SELECT member, candidate_id FROM logbook.assignment ORDER BY 2")
        assert rows.fetchall() == [("amy", "c-amy-1"), ("amy", "c-amy-2")]
        with pytest.raises(errors.InsufficientPrivilege):
            amy.execute("INSERT INTO logbook.assignment (role, member, candidate_id) "
                        "VALUES ('assessor', 'amy', 'c-ben-1')")  # fmt: skip


def test_the_policies_functions_tell_a_login_nothing_of_other_peoples_assignments(centre):
    """The functions the policies call read the assignments as their owner, for the login the
    policy names (its own). Called by hand with another login's name, they said whose
    candidates another assessor has and which candidates an IQA samples; now they answer
    for the caller only (or a role a superuser has SET ROLE to, as before)."""
    with centre.connect("ben") as ben:
        assert ben.execute("SELECT logbook.candidates_of_assessor('amy')").fetchall() == []
        assert ben.execute("SELECT logbook.candidates_of_iqa('iris')").fetchall() == []
        assert ben.execute("SELECT logbook.holds('lee', 'lead_iqa')").fetchone() == (False,)
        assert ben.execute("SELECT logbook.candidates_of_assessor('ben')").fetchall() == [
            ("c-ben-1",)
        ]
    with centre.connect("iris") as iris:
        got = iris.execute("SELECT logbook.candidates_of_iqa('iris') ORDER BY 1").fetchall()
        assert got == [("c-amy-1",), ("c-amy-2",)]
    with centre.connect("lee") as lee:
        assert lee.execute("SELECT logbook.holds('lee', 'lead_iqa')").fetchone() == (True,)


# --- append-only ------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["amy", "iris", "lee", "eve"])
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE logbook.event SET kind = 'changed'",
        "DELETE FROM logbook.event",
        "TRUNCATE logbook.event",
    ],
)
def test_no_role_can_change_or_remove_an_event(centre, person, statement):
    with centre.connect("amy") as amy:
        push(amy, [event("c-amy-1")])
    with centre.connect(person) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute(statement)
    with centre.connect() as conn:
        assert conn.execute("SELECT kind FROM logbook.event").fetchall() == [("observation",)]


@pytest.mark.parametrize(
    "statement",
    ["UPDATE logbook.event SET kind = 'changed'", "DELETE FROM logbook.event",
     "TRUNCATE logbook.event"],
)  # fmt: skip
def test_even_the_owner_and_the_administrator_cannot_change_an_event(centre, statement):
    with centre.connect("amy") as amy:
        push(amy, [event("c-amy-1")])
    with centre.connect() as conn:
        with pytest.raises(errors.InsufficientPrivilege, match="append-only"):
            conn.execute(statement)
        conn.execute("SET ROLE logbook_owner")
        with pytest.raises(errors.InsufficientPrivilege, match="append-only"):
            conn.execute(statement)
        conn.execute("RESET ROLE")
        assert conn.execute("SELECT count(*) FROM logbook.event").fetchone() == (1,)


# --- push and pull ----------------------------------------------------------------------------


def test_pushing_the_same_events_twice_stores_them_once(centre):
    batch = [event("c-amy-1", n) for n in range(5)]
    with centre.connect("amy") as amy:
        assert push(amy, batch) == 5
        assert push(amy, batch) == 0
        assert push(amy, [*batch[:2], event("c-amy-2", 9)]) == 1
        pulled = everything(amy)
    assert len(pulled) == 6 and len(ids(pulled)) == 6
    with centre.connect("amy") as amy:  # twice in one batch: once too
        assert push(amy, [event("c-amy-1", 7)] * 2) == 1
        assert len(everything(amy)) == 7
    first = next(e for e in pulled if e.event_id == batch[0].event_id)
    assert (first.content, first.at, first.chain_hash, first.parent_hash) == (
        batch[0].content, batch[0].at, batch[0].chain_hash, None,
    )  # fmt: skip


def test_a_pull_resumes_from_its_cursor_and_an_empty_pull_keeps_it(centre):
    with centre.connect("amy") as amy:
        push(amy, [event("c-amy-1", n) for n in range(3)])
        first = pull(amy, START, limit=2)
        assert len(first.events) == 2
        rest = pull(amy, first.cursor)
        assert len(rest.events) == 1 and rest.cursor > first.cursor
        assert pull(amy, rest.cursor).events == [] and pull(amy, rest.cursor).cursor == rest.cursor
        push(amy, [event("c-amy-1", 7)])
        assert [e.record_id for e in pull(amy, rest.cursor).events] == ["r-c-amy-1-7"]


def test_a_cursor_across_a_power_of_ten_of_transaction_ids_skips_nothing(centre):
    """Transaction ids are numbers, not text: 999 comes before 1000 (ordered as text, "1000"
    came first and a pull after it skipped the events of 999)."""
    with centre.connect("amy") as amy, centre.connect() as conn:
        current = int(conn.execute("SELECT pg_current_xact_id()::text").fetchone()[0])
        power = 10 ** len(str(current + 2))
        for _ in range(power - current - 3):  # the next push gets an id just below the power
            conn.execute("SELECT pg_current_xact_id()")
        push(amy, [event("c-amy-1", 1)])
        push(amy, [event("c-amy-1", 2)])
        push(amy, [event("c-amy-1", 3)])
        txs = [int(r[0]) for r in conn.execute("SELECT tx::text FROM logbook.event ORDER BY seq")]
        assert len(str(txs[0])) < len(str(txs[-1]))  # the ids cross the power of ten
        got, cursor = [], START
        while batch := pull(amy, cursor, limit=1).events:
            got += batch
            cursor = pull(amy, cursor, limit=1).cursor
    assert [e.record_id for e in got] == ["r-c-amy-1-1", "r-c-amy-1-2", "r-c-amy-1-3"]


def test_an_event_committed_late_by_a_slow_push_is_not_skipped(centre):
    """A push that started first but commits last must not fall behind a cursor."""
    with centre.connect("amy") as slow, centre.connect("amy") as fast, centre.connect("amy") as me:
        slow_event = event("c-amy-1", 1)
        with slow.transaction():
            push(slow, [slow_event])  # inside the open transaction: not committed yet
            push(fast, [event("c-amy-1", 2)])
            early = pull(me, START)
            assert early.events == []  # the fast one waits for the slow one to finish
        later = pull(me, early.cursor)
    assert [e.record_id for e in later.events] == ["r-c-amy-1-1", "r-c-amy-1-2"]


KILLED_PULL = """
import os, signal, sys
import psycopg
from pathlib import Path
from logbook.centre.events import CursorFile, pull_into

out = Path(sys.argv[1])
def store(events):
    with out.open("a") as f:
        for e in events:
            f.write(e.event_id + "\\n")
        f.flush()
        os.fsync(f.fileno())
    os.kill(os.getpid(), signal.SIGKILL)  # killed after storing, before the cursor is saved

with psycopg.connect(sys.argv[2], autocommit=True) as conn:
    pull_into(conn, CursorFile(Path(sys.argv[3])), store)
"""


def test_a_pull_killed_before_its_cursor_is_saved_gets_the_same_events_again(centre, tmp_path):
    pushed = [event("c-amy-1", n) for n in range(4)]
    with centre.connect("amy") as amy:
        push(amy, pushed)
    stored, cursor_path = tmp_path / "stored.txt", tmp_path / "sync" / "cursor"
    dsn = centre.dsn("amy")
    child = subprocess.run(
        [sys.executable, "-c", KILLED_PULL, stored, dsn, cursor_path],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert set(stored.read_text().split()) == ids(pushed)
    assert not cursor_path.exists()  # the cursor was not saved
    again: list[Event] = []
    with centre.connect("amy") as amy:
        assert pull_into(amy, CursorFile(cursor_path), again.extend) == 4
        assert ids(again) == ids(pushed)
        assert CursorFile(cursor_path).load() > START
        assert pull_into(amy, CursorFile(cursor_path), again.extend) == 0  # nothing new
    assert oct(cursor_path.stat().st_mode & 0o777) == "0o600"


def test_a_store_that_fails_leaves_the_cursor_where_it_was(centre, tmp_path):
    cursor_file = CursorFile(tmp_path / "cursor")
    with centre.connect("amy") as amy:
        push(amy, [event("c-amy-1", n) for n in range(3)])

        def broken(events):
            raise OSError("disk full")

        with pytest.raises(OSError):
            pull_into(amy, cursor_file, broken, limit=2)
        assert cursor_file.load() == START
        got: list[Event] = []
        assert pull_into(amy, cursor_file, got.extend, limit=2) == 3


@settings(
    max_examples=25, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(data=st.data())
def test_events_pushed_in_any_order_and_batches_pull_back_the_same_set(centre, data):
    candidate = f"c-{uuid.uuid4().hex[:8]}"
    with centre.connect() as conn:
        admin.assign_candidate(conn, "amy", candidate)
    events = [event(candidate, n) for n in range(data.draw(st.integers(1, 12)))]
    order = data.draw(st.permutations(events))
    cuts = sorted(data.draw(st.lists(st.integers(0, len(order)), max_size=4)))
    batches = [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)], strict=True)]
    resend = data.draw(st.lists(st.sampled_from(events), max_size=3))
    with centre.connect("amy") as amy:
        stored = sum(push(amy, batch) for batch in [*batches, resend])
        pulled = [e for e in everything(amy) if e.candidate_id == candidate]
    assert stored == len(events)
    assert len(pulled) == len(events) and ids(pulled) == ids(events)
    assert {(e.record_id, e.chain_hash) for e in pulled} == {
        (e.record_id, e.chain_hash) for e in events
    }


# --- hostile input ----------------------------------------------------------------------------

HOSTILE = [
    ({"event_id": "not-a-uuid"}, "the event id is not a UUID"),
    ({"device": "laptop\x1b[2J"}, "device holds control characters"),
    ({"candidate_id": "c-amy-1\u202e"}, "candidate_id holds control characters"),
    ({"candidate_id": " "}, "candidate_id is needed"),
    ({"record_id": "r" * 101}, "record_id is 101 characters; at most 100"),
    ({"kind": "k\x00"}, "kind holds control characters"),
    ({"content": {"note": "nul\x00inside"}}, "holds a NUL character"),
    ({"content": ["not", "an", "object"]}, "the content is a JSON object"),
    ({"content": {"x": object()}}, "the content is not JSON"),
    ({"content": {"notes": "x" * 1_000_001}}, "at most 1000000"),
    ({"content": {"minutes": float("nan")}}, "a number that is not finite"),
    ({"content": {"minutes": [1, {"x": float("-inf")}]}}, "a number that is not finite"),
    ({"at": datetime(2026, 11, 24, 9, 30)}, "the time needs its time zone"),
    ({"chain_hash": ""}, "chain_hash is not a hash"),
    ({"chain_hash": "abc"}, "chain_hash is not a hash"),
    ({"parent_hash": "0" * 63 + "\n"}, "parent_hash is not a hash"),
    ({"parent_hash": "'; DROP TABLE logbook.event; --"}, "parent_hash is not a hash"),
]


@pytest.mark.parametrize(("changes", "expected"), HOSTILE)
def test_a_bad_event_is_refused_whole_before_anything_is_sent(centre, changes, expected):
    with centre.connect("amy") as amy:
        with pytest.raises(EventRefused, match=expected.replace("(", r"\(")):
            push(amy, [event("c-amy-1", 1), event("c-amy-1", 2, **changes)])
        assert everything(amy) == []


def test_contents_that_only_look_like_trouble_are_stored_as_they_are(centre):
    """The checks for NUL and for numbers that are not finite look closer only at what might
    hold them: the text \\u0000, a null, an integer beyond 64 bits go through unchanged."""
    contents = [
        {"kind": "observation", "note": "JSON writes NUL as \\u0000", "links": []},
        {"kind": "observation", "score": None, "minutes": 12.5, "links": [None]},
        {"kind": "observation", "count": 2**70, "links": []},
        {"kind": "observation", "note": "caf\u00e9 \U0001f600 \u202e", "links": []},
    ]
    sent = [event("c-amy-1", n, content=c) for n, c in enumerate(contents)]
    with centre.connect("amy") as amy:
        assert push(amy, sent) == 4
        pulled = {e.event_id: e.content for e in everything(amy)}
    assert [pulled[e.event_id] for e in sent] == contents


def test_the_database_itself_refuses_what_a_client_should_have_caught(centre):
    """A client that skips `push` and writes SQL meets the same rules in the schema."""
    insert = (
        "INSERT INTO logbook.event (event_id, candidate_id, record_id, kind, content, at, device, "
        "chain_hash) VALUES (gen_random_uuid(), 'c-amy-1', 'r', 'x', %s::jsonb, now(), 'd', %s)"
    )
    with centre.connect("amy") as amy:
        with pytest.raises(errors.CheckViolation):
            amy.execute(insert, ("[]", "a" * 64))  # content must be an object
        with pytest.raises(errors.CheckViolation):
            amy.execute(insert, ("{}", "x; DROP"))  # not a hash
        assert everything(amy) == []


@pytest.mark.parametrize("text", ["", "12", "a:b", "1:2:3", "-1:5"])
def test_a_cursor_that_is_not_one_says_so(text):
    with pytest.raises(ValueError, match="is not a cursor"):
        Cursor.parse(text)


def test_a_connection_to_no_server_fails_with_the_servers_own_message(tmp_path):
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host=str(tmp_path), port=5, user="amy", connect_timeout=2)


def test_the_cursor_file_is_written_whole(tmp_path):
    cursor_file = CursorFile(tmp_path / "deep" / "cursor")
    cursor_file.save(Cursor(12, 34))
    assert cursor_file.load() == Cursor(12, 34)
    assert (tmp_path / "deep" / "cursor").read_text() == "12:34\n"
    assert oct((tmp_path / "deep").stat().st_mode & 0o777) == "0o700"
    assert [p.name for p in (tmp_path / "deep").iterdir()] == ["cursor"]
    os.chmod(tmp_path / "deep" / "cursor", 0o600)


def _nodes(plan: dict) -> list[dict]:
    return [plan] + [node for child in plan.get("Plans", []) for node in _nodes(child)]


def _read(plan: dict) -> int:
    """The rows the plan's scans of the event table returned or threw away (per loop in
    EXPLAIN, times the loops)."""
    return round(sum(
        n["Actual Loops"] * (n["Actual Rows"] + n.get("Rows Removed by Filter", 0)
                             + n.get("Rows Removed by Index Recheck", 0))
        for n in _nodes(plan) if n.get("Relation Name") == "event"
    ))  # fmt: skip


def test_an_assessors_pull_reads_their_candidates_events_only_not_the_hidden_ones(centre):
    """Another assessor's laptop pushed many events after amy's cursor: amy's pull names her
    candidates and reads their events through the index on (candidate_id, tx, seq), never
    walking past the events row-level security hides from her; so too once the centre has
    gathered the table's statistics (ANALYZE, as autovacuum does)."""
    with centre.connect("amy") as amy, centre.connect("ben") as ben, centre.connect() as owner:
        push(amy, [event("c-amy-1", 0)])
        cursor = pull(amy).cursor
        push(ben, [event("c-ben-1", n, device="ben-laptop") for n in range(3000)])
        push(amy, [event("c-amy-1", 1), event("c-amy-2", 2)])
        got = pull(amy, cursor)
        assert [e.record_id for e in got.events] == ["r-c-amy-1-1", "r-c-amy-2-2"]
        assert pull(amy, got.cursor).events == []
        given = {"tx": str(cursor.tx), "seq": cursor.seq, "limit": 1000}
        explain = "EXPLAIN (ANALYZE, FORMAT JSON) "
        for analyzed in (False, True):
            if analyzed:
                owner.execute("ANALYZE logbook.event")
            named = amy.execute(explain + _PULL_VISIBLE, given).fetchone()[0][0]["Plan"]
            used = {n["Index Name"] for n in _nodes(named) if "Index Name" in n}
            assert used == {"event_candidate_cursor"}, (analyzed, used)
            assert not [n for n in _nodes(named) if n["Node Type"] == "Seq Scan"], analyzed
            assert _read(named) <= 2, analyzed
        walked = amy.execute(explain + _PULL, given).fetchone()[0][0]["Plan"]
        assert _read(walked) >= 3000  # what the walk in the centre's order reads


def test_a_lead_iqa_and_an_eqa_pull_every_event_an_iqa_and_assessors_their_own(centre):
    with centre.connect("amy") as amy, centre.connect("ben") as ben:
        push(amy, [event("c-amy-1", n) for n in range(3)])
        push(ben, [event("c-ben-1", n) for n in range(3)])
    for login, seen in (("lee", 6), ("eve", 6), ("iris", 3), ("amy", 3), ("ben", 3)):
        with centre.connect(login) as conn:
            assert len(everything(conn)) == seen, login
