"""`logbook sync`: this laptop's new history entries to the centre, and back what others wrote.

A sync is three steps, each safe to cut short and to repeat:

1. **push**: every history entry this device wrote that the centre may not have yet is sent
   (`events.push_rows`: the centre keeps an event once, whatever is sent again). Each file is
   read once and its entries encoded once; the entries of whole files go together in
   transactions of about `PUSH_BATCH` events. Which entries were sent is remembered per
   logbook file (`pushed.json`: how many history entries had been looked at, and the file's
   size and time then), written after each transaction, only once the centre has committed it:
   killed in between, or cut off in the next one, the next sync sends those again, which
   stores nothing new. A record written before entries were self-contained gets one
   `baseline` entry first, holding it whole.
2. **pull**: every event after the cursor that this user's database role may see, oldest first,
   checked like anything read from outside (its hash, its signature, its record under the
   domain's rules; a bad one is named and not stored), added to its candidate's file (made if
   it is new here) unless the file has it already (what this sync's push just sent from the
   files is not looked for again), and the cursor saved only then
   (`events.pull_into`). Each record the new entries touch becomes what the merge rule makes of
   all its versions (`logbook.domain.merge`); where versions were made without seeing each
   other, a `merge` entry of this device records it. When the user's assignments change (an IQA
   given a new assessor, an assessor a new candidate), the pull starts again from the beginning.
   Entries of a candidate whose own record has not arrived yet wait in `pending/`.
3. **push** again: the merge entries the pull wrote.

Everything a sync keeps is in the data folder's `.sync/<centre>/` (0700, files 0600), one per
centre and login, so two centres never share a cursor.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psycopg
from psycopg import errors
from tinydb import Query

from logbook.centre.events import (
    START,
    CursorFile,
    Event,
    EventRefused,
    prepare,
    pull_into,
    push_rows,
)
from logbook.centre.keys import CentreKeys, register
from logbook.centre.roles import CentreRoles
from logbook.domain.changes import written_on
from logbook.domain.ids import is_id
from logbook.domain.merge import Flag, merge_record
from logbook.domain.records import RecordUnreadable, record_from_dict
from logbook.domain.text import blank, visible
from logbook.domain.validation import check_text, text_problem
from logbook.store import history as chain
from logbook.store.device import device_id
from logbook.store.logbook_storage import (
    HISTORY,
    RECORDS,
    CorruptLogbook,
    LogbookTooLarge,
    open_logbook,
)
from logbook.store.merges import flags
from logbook.store.settings import SettingsDamaged, read_settings
from logbook.store.signing import Keyring, signature_valid
from logbook.store.storage import atomic_write, dump_json, ensure_private_dir, read_json

STATE_DIR = ".sync"
BASELINE = "baseline"
PUSH_BATCH = 5000  # events sent in one transaction (whole files: a batch may hold more)
_HEX64 = frozenset("0123456789abcdef")


@dataclass
class SyncReport:
    """What a sync did, for the screen and the command line to say."""

    sent: int = 0  # entries of this device sent to the centre
    pushed: int = 0  # of those, how many the centre did not have
    pulled: int = 0  # events that came from the centre
    stored: int = 0  # of those, how many this laptop did not have
    candidates: set[str] = field(default_factory=set)  # logbooks the pull changed
    created: set[str] = field(default_factory=set)  # logbooks the pull made
    merged: list[str] = field(default_factory=list)  # "candidate: kind record" merges written
    refused: list[str] = field(default_factory=list)  # what was not sent or not stored, and why
    repulled: bool = False  # the assignments changed: pulled again from the start
    flags: list[Flag] = field(default_factory=list)
    merges_in: set[str] = field(default_factory=set)  # logbooks where versions met

    def lines(self) -> list[str]:
        out = [
            f"pushed {self.pushed} new event{'s' * (self.pushed != 1)} "
            f"({self.sent} sent; the centre had the rest)",
            f"pulled {self.pulled} event{'s' * (self.pulled != 1)}, {self.stored} new here, "
            f"into {len(self.candidates)} logbook{'s' * (len(self.candidates) != 1)} "
            f"({len(self.created)} new)",
        ]
        if self.repulled:
            out.append("your assignments changed: pulled again from the start")
        out += [f"merged: {m}" for m in self.merged]
        out += [f"flag: {f.text}" for f in self.flags]
        out += [f"not synced: {r}" for r in self.refused]
        return [visible(line, multiline=False) for line in out]


class SyncState:
    """What a sync keeps between runs for one centre and login."""

    def __init__(self, folder: Path, key: str):
        self.folder = Path(folder) / STATE_DIR / key
        self.cursor = CursorFile(self.folder / "cursor")

    def _ensure(self) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.folder.parent, 0o700)

    def _read(self, name: str, default):
        try:
            data = read_json(self.folder / name, 256 * 1024 * 1024)
        except Exception:  # a damaged state file only costs a full push or pull again
            return default
        return default if data is None or not isinstance(data, type(default)) else data

    def _write(self, name: str, data) -> None:
        self._ensure()
        atomic_write(self.folder / name, dump_json(data), sync_folder=False)

    def marks(self) -> dict:
        return self._read("pushed.json", {})

    def save_marks(self, marks: dict) -> None:
        self._write("pushed.json", marks)

    def assignments(self) -> list | None:
        if not (self.folder / "assignments.json").exists():
            return None
        return self._read("assignments.json", [])

    def save_assignments(self, rows: list) -> None:
        self._write("assignments.json", rows)

    def signers(self) -> dict[str, tuple[str, str]]:
        data = self._read("signers.json", {})
        return {
            k: (v[0], v[1])
            for k, v in data.items()
            if isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)
        }

    def save_signers(self, signers: dict) -> None:
        self._write("signers.json", {k: list(v) for k, v in signers.items()})

    def devices(self) -> dict[str, str]:
        data = self._read("devices.json", {})
        return {k: v for k, v in data.items() if isinstance(v, str)}

    def save_devices(self, devices: dict[str, str]) -> None:
        self._write("devices.json", devices)

    def pending(self, candidate_id: str) -> list[dict]:
        return self._read(f"pending/{candidate_id}.json", [])

    def save_pending(self, candidate_id: str, entries: list[dict]) -> None:
        self._ensure()
        (self.folder / "pending").mkdir(mode=0o700, exist_ok=True)
        self._write(f"pending/{candidate_id}.json", entries)

    def drop_pending(self, candidate_id: str) -> None:
        (self.folder / "pending" / f"{candidate_id}.json").unlink(missing_ok=True)


def centre_key(conn: psycopg.Connection) -> str:
    info = conn.info
    where = f"{info.host}|{info.port}|{info.dbname}|{info.user}"
    return hashlib.sha256(where.encode()).hexdigest()[:16]


# push ------------------------------------------------------------------------------------------


def to_event(entry: dict, candidate_id: str) -> Event:
    parents = entry.get("parents") or []
    return Event(
        event_id=entry["id"],
        candidate_id=candidate_id,
        record_id=entry["record"],
        kind=entry["kind"],
        content=entry,
        at=datetime.fromisoformat(entry["at"]),
        device=entry["device"],
        chain_hash=entry["hash"],
        parent_hash=parents[0] if parents else None,
    )


def _history(path: Path) -> list[dict]:
    with open_logbook(path) as db:
        return db.table(HISTORY, cache_size=0).all()


def add_baselines(path: Path, by: str, device: str) -> int:
    """A `baseline` entry, holding the record whole, for every record of the file that has no
    self-contained entry yet (written before entries were); how many were written."""
    with open_logbook(path, writing=True) as db:
        log = db.table(HISTORY, cache_size=0)
        history = log.all()
        versions = chain.versions_by_record(history)
        rows = [r for r in db.table(RECORDS, cache_size=0).all() if r.get("id") not in versions]
        if not rows:
            return 0
        signer = Keyring(path.parent).signer(by)
        for row in rows:
            entry = chain.append_entry(
                history, BASELINE, dict(row), by, signer=signer, device=device,
                note="the record as it stood before its history was kept as events",
            )  # fmt: skip
            log.insert(entry)
            history.append(entry)
        db.storage.commit()
        return len(rows)


def push_new(
    conn,
    folder: Path,
    state: SyncState,
    by: str,
    report: SyncReport,
    batch: int = PUSH_BATCH,
    after_batch: Callable[[int], None] | None = None,
    sent: set[str] | None = None,
) -> None:
    """Send every entry of this device the centre may not have yet (see the module). Each file
    is read once; its new entries go with those of the next files into one transaction of
    about `batch` events, and the marks of the files a batch holds are saved when the centre
    has it (then `after_batch` is told how many entries were sent so far). The ids of the
    entries the centre took are added to `sent`."""
    me = device_id(folder)
    marks = state.marks()
    waiting: list[tuple[str, list[tuple], list]] = []  # candidate, its rows, its mark
    count = 0

    def send() -> None:
        nonlocal count
        for candidate_id, mark, rows in _send(conn, waiting, report):
            marks[candidate_id] = mark
            if sent is not None:
                sent.update(row[0] for row in rows)
        state.save_marks(marks)
        waiting.clear()
        count = 0
        if after_batch is not None:
            after_batch(report.sent)

    for path in sorted(Path(folder).glob("*.json")):
        candidate_id = path.stem
        if path.name.startswith(".") or not is_id(candidate_id) or not path.is_file():
            continue
        stat = path.stat()
        mark = marks.get(candidate_id)
        if isinstance(mark, list) and mark[1:] == [stat.st_size, stat.st_mtime_ns]:
            continue
        try:
            history = _history(path)
            if any("device" not in e for e in history) and add_baselines(path, by, me):
                stat = path.stat()
                history = _history(path)
        except CorruptLogbook as error:
            report.refused.append(f"{path.name}: {error}")
            continue
        start = mark[0] if isinstance(mark, list) and 0 <= mark[0] <= len(history) else 0
        events = [to_event(e, candidate_id) for e in history[start:] if e.get("device") == me]
        # the file as it was before it was read: changed since, it is read again next time
        now = [len(history), stat.st_size, stat.st_mtime_ns]
        if not events:
            marks[candidate_id] = now
            continue
        try:
            rows = prepare(events)
        except EventRefused as error:
            report.refused.append(f"candidate {candidate_id}: {error}"[:500])
            continue
        waiting.append((candidate_id, rows, now))
        count += len(rows)
        if count >= batch:
            send()
    if waiting:
        send()
    else:
        state.save_marks(marks)


def _send(conn, waiting: list[tuple[str, list[tuple], list]], report: SyncReport):
    """Push the entries of several files in one transaction; the (candidate, mark, rows) of each
    file the centre took. Refused whole (a candidate not assigned to this login), each file is sent
    on its own, so only what this login may not write is left out."""
    try:
        report.pushed += push_rows(conn, [row for _, rows, _ in waiting for row in rows])
    except errors.InsufficientPrivilege:
        if len(waiting) > 1:
            return [done for one in waiting for done in _send(conn, [one], report)]
        report.refused.append(
            f"candidate {waiting[0][0]}: the centre does not let your login write for "
            "this candidate (not assigned to you): not sent"
        )
        return []
    report.sent += sum(len(rows) for _, rows, _ in waiting)
    return [(candidate_id, mark, rows) for candidate_id, rows, mark in waiting]


# pull ------------------------------------------------------------------------------------------


def _entry_problem(entry, event: Event, candidate_id: str) -> str | None:
    """Why an event from the centre is not a history entry this laptop may store."""
    if not isinstance(entry, dict):
        return "it is not a history entry"
    if not is_id(candidate_id):
        return "its candidate id is not a UUID"
    for name in ("hash", "prev", "digest"):
        value = entry.get(name)
        if not isinstance(value, str) or len(value) != 64 or not _HEX64.issuperset(value):
            return f"its {name} is not a SHA-256 hash"
    if type(entry.get("seq")) is not int or entry["seq"] < 1:
        return "it has no sequence number"
    for name in ("at", "by", "action", "record", "kind", "note"):
        if not isinstance(entry.get(name), str):
            return f"its {name} is not text"
    if "device" not in entry:
        return "it is not a self-contained event"
    if blank(entry["by"]):  # as a laptop's own write asks it (LogbookFile._check_by)
        return "it does not say who made it"
    problem = text_problem(entry["by"])  # the rule on who makes a change, as on this laptop
    if problem:
        return f"the name of who made it: {problem}"
    if (entry.get("id"), entry["record"], entry.get("device")) != (
        event.event_id, event.record_id, event.device,
    ):  # fmt: skip
        return "it is not the event the centre filed it as"
    if chain.entry_hash(entry) != entry["hash"] or entry["hash"] != event.chain_hash:
        return "it was changed after it was written"
    shape = chain.event_shape_problem(entry)
    if shape:
        return shape
    if not signature_valid(entry.get("key", ""), entry["hash"], entry.get("sig", "")):
        return "it does not carry the signature of the key it names"
    if written_on(entry["at"]) is None:
        return "its time is not a time"
    try:
        record = record_from_dict(entry["content"])
    except RecordUnreadable as error:
        return f"its record is not one: {error}"
    problems = check_text(record)
    if problems:
        return f"its record breaks the rule on text: {problems[0]}"
    if record.KIND == "candidate" and record.id != candidate_id:
        return "it holds another candidate's record"
    return None


def merge_note(merged) -> str:
    if merged.conflicts:
        names = ", ".join(sorted(merged.conflicts))
        return f"merged {len(merged.heads)} versions; 2 versions kept of: {names}"
    return f"merged {len(merged.heads)} versions: their fields differ"


def apply_entries(
    path: Path,
    entries: list[dict],
    by: str,
    device: str,
    report: SyncReport,
    accept: Callable[[dict], bool] = lambda entry: True,
) -> bool:
    """Add the entries the file does not have (and `accept` takes: it checks them), make each
    record they touch what the merge rule says, and record a merge where versions met. False
    (nothing written) if the file cannot be made yet: a new logbook whose candidate record has
    not arrived."""
    new_file = not path.exists()
    if new_file and not any(
        e.get("record") == path.stem and e.get("kind") == "candidate" for e in entries
    ):
        return False
    with open_logbook(path, writing=True, new=new_file, created=entries[0]["at"]) as db:
        log = db.table(HISTORY, cache_size=0)
        history = log.all()
        have = {e.get("id") for e in history}
        unseen = {e["id"]: e for e in entries if e["id"] not in have}
        fresh = [e for e in unseen.values() if accept(e)]
        if new_file and not any(
            e["record"] == path.stem and e["kind"] == "candidate" for e in fresh
        ):
            return not unseen  # its candidate record was refused: wait for a good one
        if not fresh:
            return True
        log.insert_multiple(fresh)
        history.extend(fresh)
        table = db.table(RECORDS, cache_size=0)
        present = {row.get("id") for row in table.all()}
        signer = None
        touched = dict.fromkeys(e["record"] for e in fresh)
        by_record = chain.versions_by_record([e for e in history if e.get("record") in touched])
        merged_any = False
        for record_id in touched:
            versions = by_record[record_id]
            merged = merge_record(versions)
            head = [v for v in versions if v.node in merged.heads]
            if len(merged.heads) > 1 or chain.digest(head[0].content) != chain.digest(
                merged.content
            ):
                signer = signer or Keyring(path.parent).signer(by)
                entry = chain.append_entry(
                    history, chain.MERGE, merged.content, by, note=merge_note(merged),
                    signer=signer, device=device, parents=list(merged.heads), fields=[],
                )  # fmt: skip
                log.insert(entry)
                history.append(entry)
                report.merged.append(f"{path.stem}: {merged.content.get('kind')} {record_id}")
                merged_any = True
            if record_id in present:
                table.update(_replace_all(merged.content), Query().id == record_id)
            else:
                table.insert(merged.content)
                present.add(record_id)
        db.storage.commit()
    if merged_any or any(len(by_record[r]) > 1 for r in touched) or not new_file:
        report.merges_in.add(path.stem)  # versions met: the rules are asked again
    report.stored += len(fresh)
    report.candidates.add(path.stem)
    if new_file:
        report.created.add(path.stem)
    return True


def _replace_all(row: dict):
    def transform(document: dict) -> None:
        document.clear()
        document.update(row)

    return transform


class _Puller:
    def __init__(
        self,
        folder: Path,
        state: SyncState,
        by: str,
        report: SyncReport,
        login: str,
        centre_keys: CentreKeys | None = None,
        centre_roles: CentreRoles | None = None,
    ):
        self.folder = Path(folder)
        self.state = state
        self.by = by
        self.report = report
        self.device = device_id(folder)
        self.keyring = Keyring(folder)
        self.keys, _ = self.keyring.known()
        # each signer's key with the login their entries came from; this laptop's own keys
        # (and those it imported) are its user's
        self.signers = {k: (n, login) for k, (n, login) in state.signers().items()}
        for key, name in self.keys.items():
            self.signers.setdefault(key, (name, login))
        self.changed = False
        self.centre_keys = centre_keys  # whose key is whose, as the centre holds it
        self.login = login
        self.centre_roles = centre_roles  # who is an IQA, as the centre's roles say
        # each device with the login its events come from (the first that pushed one); this
        # laptop's own device is its user's
        self.devices = state.devices()
        self.devices[self.device] = login

    def _refuse(self, event: Event, problem: str) -> None:
        self.report.refused.append(
            f"event {event.event_id[:36]} of candidate {event.candidate_id[:60]} "
            f"from {event.who[:60]}: {problem}: not stored"
        )

    def _device(self, event: Event) -> str | None:
        """Does an event come from the login of the device it names? A device's chain is
        written on one laptop and pushed by its user's login: another login's event in its
        name would break that chain in every file it reaches (`verify` would call it tampered
        with) and say its value came from that laptop; in this laptop's own name it would be
        sent again by the next push, which the centre refuses whole. A device first seen here
        is taken for the login its first event came from."""
        owner = self.devices.get(event.device)
        if owner is None:
            self.devices[event.device] = event.who
            self.changed = True
            return None
        if owner == event.who:
            return None
        if event.device == self.device:
            return (
                f"it says it was written on this laptop ({self.device}), but came from login "
                f"{event.who[:60]}"
            )
        return (
            f"it names device {event.device[:60]}, whose events come from login {owner[:60]}, "
            f"but came from login {event.who[:60]}"
        )

    def _writer(self, entry: dict, who: str) -> str | None:
        """Is an IQA decision from a login the centre holds as an IQA or a lead IQA
        (`logbook.centre.roles`)? (The entry's kind is its record's: checked before.)"""
        if entry["kind"] != "iqa_decision" or self.centre_roles is None:
            return None
        if self.centre_roles.samples(who):
            return None
        return (
            f"it is an IQA decision, but login {who[:60]} is not an IQA or a lead IQA at the centre"
        )

    def _key(self, entry: dict, who: str) -> str | None:
        """Is the entry's key the one of whom it names, and did it come from their login? The
        centre must hold the key for the login that pushed the entry, under the name the entry
        gives (`logbook.centre.keys`); then, as before, a key first seen here is taken for its
        name only from a login that name's keys came from before."""
        key, name = entry["key"], entry["by"]
        if self.centre_keys is not None:  # the centre's record first: a key is its login's
            problem = self.centre_keys.problem(key, name, who)
            if problem:
                return problem
        if key in self.signers:
            known, login = self.signers[key]
            if known != name:
                return f"it says it is by {name!r:.60} but is signed with the key of {known!r:.60}"
            if login != who:
                return (
                    f"it is signed with the key of {name!r:.60}, whose login is {login}, "
                    f"but came from login {who}"
                )
            return None
        logins = sorted({login for n, login in self.signers.values() if n == name})
        if logins and who not in logins:
            return (
                f"it says it is by {name!r:.60}, whose entries come from login "
                f"{', '.join(logins)[:100]}, but came from login {who}"
            )
        if key in self.keys and self.keys[key] != name:
            owner = self.keys[key]
            return f"it says it is by {name!r:.60} but is signed with the key of {owner!r:.60}"
        if key not in self.keys:
            self.keyring.add_public(key, name, f"the centre (login {who})"[:200])
            self.keys[key] = name
        self.signers[key] = (name, who)
        self.changed = True
        return None

    def __call__(self, events: list[Event]) -> None:
        """Store a batch of pulled events: each checked (only if this laptop lacks it)."""
        self.report.pulled += len(events)
        by_candidate: dict[str, list[dict]] = {}
        events_by_id: dict[str, Event] = {}
        for event in events:
            entry = event.content
            if not isinstance(entry, dict) or entry.get("id") != event.event_id:
                self._refuse(event, "it is not a history entry, or not the one the centre says")
                continue
            events_by_id[event.event_id] = event
            by_candidate.setdefault(event.candidate_id, []).append(entry)

        def accept(entry: dict) -> bool:
            event = events_by_id.get(entry["id"])
            if event is None:  # waited in pending/: checked when it came
                return True
            problem = _entry_problem(entry, event, event.candidate_id)
            if problem is None:
                problem = self._key(entry, event.who)
            if problem is None:
                problem = self._device(event)
            if problem is None:
                problem = self._writer(entry, event.who)
            if problem:
                self._refuse(event, problem)
            return problem is None

        for candidate_id, entries in by_candidate.items():
            if not is_id(candidate_id):
                for entry in entries:
                    self._refuse(events_by_id[entry["id"]], "its candidate id is not a UUID")
                continue
            waiting = self.state.pending(candidate_id)
            path = self.folder / f"{candidate_id}.json"
            if not path.exists():  # what waits is checked now, before it waits
                entries = [e for e in entries if accept(e)]
                if not entries:
                    continue
            try:
                applied = apply_entries(
                    path, [*waiting, *entries], self.by, self.device, self.report, accept
                )
            except CorruptLogbook as error:
                self.report.refused.append(f"{path.name}: {error}: its events were not stored")
                continue
            except LogbookTooLarge as error:  # named like a bad event: the pull goes on
                self.report.refused.append(
                    f"{path.name}: its {len(entries)} new events from the centre were not "
                    f"stored: {error.problems[0].message}"
                )
                continue
            if applied:
                if waiting:
                    self.state.drop_pending(candidate_id)
            else:
                self.state.save_pending(candidate_id, [*waiting, *entries])
        if self.changed:  # before the cursor moves past the events that taught them
            self.state.save_signers(self.signers)
            self.state.save_devices(self.devices)
            self.changed = False


def _assignments(conn) -> list:
    rows = conn.execute(
        "SELECT role, coalesce(candidate_id, ''), coalesce(assessor, '') "
        "FROM logbook.assignment WHERE member = current_user ORDER BY 1, 2, 3"
    ).fetchall()
    return [list(r) for r in rows]


def pull_new(
    conn, folder: Path, state: SyncState, by: str, report: SyncReport, sent: set[str] = frozenset()
) -> None:
    """Pull (see the module). `sent`: ids of entries this sync's push just sent from this
    laptop's files; coming back, they are counted as pulled but not looked for in the files
    again (they are there: that is where they were read from)."""
    assignments = _assignments(conn)
    before = state.assignments()
    if before is not None and before != assignments:
        state.cursor.save(START)
        report.repulled = True
    puller = _Puller(folder, state, by, report, conn.info.user, CentreKeys(conn), CentreRoles(conn))

    def store(events: list[Event]) -> None:
        rest = [e for e in events if e.event_id not in sent]
        report.pulled += len(events) - len(rest)
        if rest:
            puller(rest)

    pull_into(conn, state.cursor, store if sent else puller)
    state.save_assignments(assignments)


# the whole sync --------------------------------------------------------------------------------


def sync(
    conn: psycopg.Connection,
    folder: Path,
    by: str,
    step: Callable[[str], None] | None = None,
) -> SyncReport:
    """Push, pull, push (see the module); returns what was done."""
    folder = Path(folder)
    ensure_private_dir(folder)
    state = SyncState(folder, centre_key(conn))
    report = SyncReport()
    say = step or (lambda _: None)
    sent: set[str] = set()
    say("pushing")
    report.refused += register(conn, Keyring(folder).own())  # the keys this folder signs with
    push_new(conn, folder, state, by, report, sent=sent)
    say("pulling")
    pull_new(conn, folder, state, by, report, sent)
    if report.merged:
        say("pushing the merges")
        push_new(conn, folder, state, by, report)
    for candidate_id in sorted(report.merges_in):  # flags come only where versions met
        try:
            report.flags.extend(flags(folder / f"{candidate_id}.json"))
        except CorruptLogbook as error:
            report.refused.append(str(error))
    return report


CENTRE_ENV = "LOGBOOK_CENTRE"


class NoCentre(ValueError):
    """No centre named, or one named in a way that cannot be used; says what to do."""


def centre_conninfo(given: str | None = None) -> str:
    """Where the centre is: `--centre`, else $LOGBOOK_CENTRE, else the settings file's
    "centre". NoCentre, saying how to name one, when none does."""
    for source, value in (
        ("--centre", given),
        (f"${CENTRE_ENV}", os.environ.get(CENTRE_ENV)),
        ('the settings file\'s "centre"', None if given else _settings_centre()),
    ):
        if value is None or value == "":
            continue
        if not isinstance(value, str) or len(value) > 2000 or not value.isprintable():
            raise NoCentre(f"{source} is not a connection string (one line of text)")
        return value
    raise NoCentre(
        "no centre to sync with: give --centre 'host=... dbname=... user=...' (a libpq "
        f'connection string or postgresql:// URI), set ${CENTRE_ENV}, or put "centre" in the '
        "settings file"
    )


def _settings_centre():
    try:
        return read_settings().get("centre")
    except SettingsDamaged as error:
        raise NoCentre(str(error)) from None


def connect(conninfo: str) -> psycopg.Connection:
    """A connection to the centre: any libpq connection string or URI (a Unix socket, an SSH
    tunnel's local port, TLS with sslmode=verify-full)."""
    return psycopg.connect(conninfo, autocommit=True, connect_timeout=10)
