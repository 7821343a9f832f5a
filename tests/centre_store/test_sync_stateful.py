"""Three laptops and an IQA against one real PostgreSQL centre, driven by hypothesis: offline
edits, duplicate pushes, pushes cut off between batches, syncs killed between storing and
saving where they are, syncs in any order, an IQA given a new assessor. Whatever happens:

* no event is lost: a laptop never loses an entry it held, and once everyone has synced the
  centre holds every entry every laptop wrote, and every laptop every entry of its candidates;
* every laptop that holds a logbook computes the same records and the same flags;
* every chain verifies on every laptop;
* an assessor's login cannot read another assessor's candidates: checked in the database with
  SET ROLE, not in Python.

8 runs of 10 steps in the suite; LOGBOOK_SYNC_EXAMPLES=200 for a longer one.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)

from logbook.centre import admin
from logbook.centre.events import pull, push
from logbook.centre.keys import CentreKeys, register
from logbook.centre.sync import (
    SyncReport,
    SyncState,
    _Puller,
    centre_key,
    flags,
    push_new,
    sync,
    to_event,
)
from logbook.domain.records import Witness
from logbook.store import history as chain
from logbook.store.caseload import Caseload
from logbook.store.device import device_id
from logbook.store.logbooks import LogbookFile
from logbook.store.merges import choices, choose
from logbook.store.signing import Keyring
from tests.centre_store.test_sync import TODAY, WITNESS, candidate

# laptop: (database login, the name its user records as)
LAPTOPS = {
    "amy-desk": ("amy", "Amy Jones"),
    "amy-site": ("amy", "Amy Jones"),
    "ben": ("ben", "Ben Ode"),
    "iris": ("iris", "Iris Khan"),
}
FIELDS = ["job_title", "organisation", "contact"]
VALUES = ["Supervisor", "Manager", "Greenway Leeds", "0113 496 0002"]


def run_stateful(centre, tmp_path):
    class Centre(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.root = Path(tmp_path) / f"run-{uuid.uuid4().hex[:12]}"
            self.folders = {name: self.root / name for name in LAPTOPS}
            self.held: dict[str, set[str]] = {name: set() for name in LAPTOPS}
            self.candidates: dict[str, str] = {}  # candidate id -> assessor login
            # logins of this run's own: roles are the server's, shared by every run
            self.suffix = uuid.uuid4().hex[:8]

        def login(self, base: str) -> str:
            return f"{base}_{self.suffix}"

        def name(self, laptop: str) -> str:
            """The name a laptop's user records as, this run's own: the centre holds a name
            for the login whose keys first gave it, and every run has logins of its own."""
            return f"{LAPTOPS[laptop][1]} {self.suffix}"

        def connect(self, laptop: str):
            return centre.connect(self.login(LAPTOPS[laptop][0]))

        def books(self, laptop: str) -> dict[str, LogbookFile]:
            return {p.stem: LogbookFile(p) for p in Caseload(self.folders[laptop]).files()}

        @initialize()
        def two_assessors_amy_with_two_candidates_ben_with_one(self):
            with centre.connect() as conn:
                for base, role in (("amy", "assessor"), ("ben", "assessor"), ("iris", "iqa")):
                    admin.add_person(conn, self.login(base), role)
                admin.assign_assessor(conn, self.login("iris"), self.login("amy"))
            made = (("amy-desk", "amy", 1), ("amy-desk", "amy", 2), ("ben", "ben", 1))
            for laptop, base, n in made:
                login = self.login(base)
                book = Caseload(self.folders[laptop]).create(
                    candidate(f"Candidate {n} of {login}"), self.name(laptop), TODAY
                )
                book.add(WITNESS, self.name(laptop), TODAY)
                with centre.connect() as conn:
                    admin.assign_candidate(conn, login, book.candidate_id)
                self.candidates[book.candidate_id] = login
            for laptop in LAPTOPS:  # everyone starts with the logbooks they may see
                self.sync(laptop)

        # --- what people do ------------------------------------------------------------------

        @rule(laptop=st.sampled_from(list(LAPTOPS)), field=st.sampled_from(FIELDS),
              value=st.sampled_from(VALUES), which=st.integers(0, 3))  # fmt: skip
        def edit_a_witness_offline(self, laptop, field, value, which):
            books = list(self.books(laptop).values())
            if not books:
                return
            book = books[which % len(books)]
            witnesses = [r for r in book.read(TODAY).records if isinstance(r, Witness)]
            target = witnesses[which % len(witnesses)]
            if getattr(target, field) == value:
                return
            book.update(replace(target, **{field: value}), self.name(laptop), TODAY)

        @rule(field=st.sampled_from(FIELDS))
        def the_same_field_on_both_of_amys_laptops(self, field):
            """Amy changes one field of the same witness at her desk and on site, offline: the
            next syncs flag it "2 versions: choose"."""
            for laptop in ("amy-desk", "amy-site"):
                books = self.books(laptop)
                for candidate_id in sorted(books):
                    if self.candidates.get(candidate_id) != self.login("amy"):
                        continue
                    book = books[candidate_id]
                    target = next(r for r in book.read(TODAY).current if isinstance(r, Witness))
                    value = f"{field} typed on {laptop}"
                    if getattr(target, field) != value:
                        book.update(replace(target, **{field: value}), self.name(laptop), TODAY)
                    break

        @rule(laptop=st.sampled_from(list(LAPTOPS)), which=st.integers(0, 3))
        def add_a_witness_offline(self, laptop, which):
            books = list(self.books(laptop).values())
            if books:
                witness = Witness(name=f"Witness {which}", job_title="Adviser", relative="no")
                books[which % len(books)].add(witness, self.name(laptop), TODAY)

        @rule(laptop=st.sampled_from(list(LAPTOPS)), pick=st.integers(0, 3))
        def choose_a_version(self, laptop, pick):
            """The assessor keeps one of the versions a flag shows (the chooser's save)."""
            for book in self.books(laptop).values():
                for choice in choices(book.path):
                    picked = {n: s[pick % len(s)] for n, s in choice.fields.items()}
                    choose(book.path, choice, picked, self.name(laptop), TODAY)
                    event("a version chosen")
                    return

        @rule(laptop=st.sampled_from(list(LAPTOPS)))
        def sync(self, laptop):
            with self.connect(laptop) as conn:
                sync(conn, self.folders[laptop], self.name(laptop))

        @rule(laptop=st.sampled_from(list(LAPTOPS)))
        def push_everything_again(self, laptop):
            """A push re-sent whole, as after a kill before its mark was saved."""
            me = device_id(self.folders[laptop])
            with self.connect(laptop) as conn:
                register(conn, Keyring(self.folders[laptop]).own())  # as a sync does first
                for candidate_id, book in self.books(laptop).items():
                    _, history = book.rows()
                    mine = [to_event(e, candidate_id) for e in history if e.get("device") == me]
                    login = self.login(LAPTOPS[laptop][0])
                    if mine and self.candidates.get(candidate_id) in (login, None):
                        push(conn, mine)

        @rule(laptop=st.sampled_from(list(LAPTOPS)), after=st.integers(1, 4),
              forget=st.booleans())  # fmt: skip
        def push_cut_off_between_batches(self, laptop, after, forget):
            """A push of one-event batches whose connection drops once `after` were sent; with
            `forget`, of everything again, as after a kill before the marks were saved."""
            folder = self.folders[laptop]
            with self.connect(laptop) as conn:
                register(conn, Keyring(folder).own())  # as a sync does first
                state = SyncState(folder, centre_key(conn))
                if forget:
                    state.save_marks({})

                def cut(sent: int) -> None:
                    if sent >= after:
                        conn.close()

                try:
                    push_new(conn, folder, state, self.name(laptop), SyncReport(), batch=1,
                             after_batch=cut)  # fmt: skip
                except psycopg.OperationalError:
                    event("a push cut off between batches")

        @rule(laptop=st.sampled_from(list(LAPTOPS)))
        def pull_killed_before_the_cursor_is_saved(self, laptop):
            folder = self.folders[laptop]
            with self.connect(laptop) as conn:
                state = SyncState(folder, centre_key(conn))
                batch = pull(conn, state.cursor.load(), limit=3)
                puller = _Puller(
                    folder, state, self.name(laptop), SyncReport(), conn.info.user,
                    CentreKeys(conn),
                )  # fmt: skip
                puller(batch.events)
                # killed here: the events are stored, the cursor is not saved

        @rule()
        def the_iqa_is_given_ben_too(self):
            with centre.connect() as conn:
                admin.assign_assessor(conn, self.login("iris"), self.login("ben"))

        # --- what must always hold -----------------------------------------------------------

        @invariant()
        def no_laptop_loses_an_entry_and_every_chain_verifies(self):
            for laptop in LAPTOPS:
                now = set()
                for book in self.books(laptop).values():
                    assert book.verify() == [], (laptop, book.verify())
                    now |= {e.get("id") or e["hash"] for e in book.rows()[1]}
                assert self.held[laptop] <= now, laptop
                self.held[laptop] = now

        @invariant()
        def an_assessor_sees_only_their_own_candidates_in_the_database(self):
            with centre.connect() as conn:
                for login in (self.login("amy"), self.login("ben")):
                    conn.execute(f"SET ROLE {login}")
                    seen = {r[0] for r in conn.execute("SELECT candidate_id FROM logbook.event")}
                    conn.execute("RESET ROLE")
                    assert seen <= {c for c, who in self.candidates.items() if who == login}

        def teardown(self):
            for _ in range(3):  # everyone syncs, in turn, until nothing is left to say
                for laptop in LAPTOPS:
                    self.sync(laptop)
            self.no_laptop_loses_an_entry_and_every_chain_verifies()
            with centre.connect() as conn:
                at_centre = {r[0] for r in conn.execute("SELECT event_id::text FROM logbook.event")}
            views: dict[str, dict] = {}
            for laptop in LAPTOPS:
                for candidate_id, book in self.books(laptop).items():
                    rows, history = book.rows()
                    ids = {e["id"] for e in history if "id" in e}
                    assert ids <= at_centre, laptop  # every entry reached the centre
                    seen = (
                        sorted(map(chain.canonical, rows)),
                        sorted(f.text for f in flags(book.path)),
                        ids,
                    )
                    views.setdefault(candidate_id, {})[laptop] = seen
                    event(f"flags at the end: {len(seen[1])}")
                    event(f"merges: {sum(e.get('action') == 'merge' for e in history) > 0}")
            for by_laptop in views.values():
                first = next(iter(by_laptop.values()))
                for laptop, seen in by_laptop.items():
                    assert seen[0] == first[0], f"{laptop} differs on the records"
                    assert seen[1] == first[1], f"{laptop} differs on the flags"
                    assert seen[2] == first[2], f"{laptop} differs on the entries"
            amy = self.login("amy")
            assert "amy-site" in views[next(c for c, w in self.candidates.items() if w == amy)]

    return Centre


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_three_laptops_and_an_iqa_never_lose_an_event_and_agree(centre, tmp_path):
    machine = run_stateful(centre, tmp_path)
    machine.TestCase.settings = settings(
        max_examples=int(os.environ.get("LOGBOOK_SYNC_EXAMPLES", "8")),
        stateful_step_count=10, deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )  # fmt: skip
    machine.TestCase().runTest()
