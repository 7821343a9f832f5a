"""One candidate's logbook: a TinyDB JSON file that never loses a confirmed entry.

The file is read and written only through TinyDB over `LogbookStorage`
(`logbook.store.logbook_storage`), which alone knows its layout (tables `meta`, `records`,
`history`) and makes every write locked, atomic and fsynced.

The file is named by its candidate's id (`<uuid>.json`), and its contents must agree: a file
whose candidate, or whose meta, names another id is not believed (it would make the app open,
export or write another person's logbook). Every id is a UUID, every string meets the domain's
rule on text, every row has the shape of its kind, and the history's rows are history entries;
anything else is reported by name as damaged and the file is never written to.

Every change is one transaction: take the file's lock, read the file, ask the domain whether
the change may be made (`logbook.domain.changes`: one rule for every write path), apply it
through TinyDB to the storage's in-memory copy, sign its history entry, write the copy durably
(refused first if it would be larger than a logbook may be, which is also the most that is ever
read), record the new length of the history in the caseload's checkpoint, release. The call returns
only after the write is on disk; it raises and changes nothing when refused. Every write puts
the candidate's summary (`Portfolio.summary`, the domain's) first in the file, in the same
atomic write (`logbook.store.logbook_storage`).

Kept between actions: the decoded records and the portfolio of the last few logbooks read or
written (`_DECODED`), reused while the file is what was read or written (inode, size, mtime and
checksum: the storage's `token`). Adding a record then checks that record alone (its row, its id
unused, through the portfolio's index of ids) and works the portfolio out from the one kept
(`Portfolio.added`), instead of decoding and checking every record again; its history entry
follows no earlier version when no entry names the record (`LogbookStorage.in_history`), and the
storage encodes and hashes the two rows added alone (`logbook.store.logbook_storage`).
"""

from __future__ import annotations

import re
import threading
from collections import ChainMap, OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
from tinydb import Query, TinyDB

from logbook.domain.changes import (
    ADD,
    CORRECT,
    CREATE,
    SIGN_OFF,
    UPDATE,
    Change,
    change_problems,
    logbook_problems,
    signoff_unit,
    written_on,
)
from logbook.domain.merge import changed_fields
from logbook.domain.portfolio import SUMMARY_VERSION, Portfolio
from logbook.domain.records import (
    RECORD_KINDS,
    Candidate,
    Record,
    RecordUnreadable,
    SignOff,
    new_id,
    record_from_dict,
    records_of_kind,
)
from logbook.domain.signoff import countersign_problems
from logbook.domain.standards import Qualification
from logbook.domain.text import blank
from logbook.domain.validation import Problem, RecordRefused, by_problems, check_text
from logbook.domain.witnesses import confirmation_note
from logbook.qualifications import Library, centre_fingerprint, library_for
from logbook.store import history as chain
from logbook.store.checkpoint import checkpoint_problem, read_checkpoint
from logbook.store.device import device_id
from logbook.store.logbook_storage import (
    FORMAT,
    HISTORY,
    RECORDS,
    CorruptLogbook,
    LogbookTooLarge,
    open_logbook,
    read_once,
)
from logbook.store.signing import Keyring
from logbook.store.storage import MAX_FILE_BYTES, DamagedFile, file_problem, lock_path

ALWAYS_DECODED = ("candidate", "witness", "signoff", "plan")
_KEPT = 2
_DECODED: OrderedDict[Path, tuple] = OrderedDict()  # path: (token, library, records, portfolio)
_DECODED_LOCK = threading.Lock()


def _kept(path: Path, token, library) -> tuple[list[Record], Portfolio] | None:
    with _DECODED_LOCK:
        kept = _DECODED.get(path)
    if kept is None or token is None or token[0] is None:
        return None
    if kept[0] != token or kept[1] is not library:
        return None
    return kept[2], kept[3]


def _keep(path: Path, token, library, records: list[Record], portfolio: Portfolio) -> None:
    with _DECODED_LOCK:
        _DECODED[path] = (token, library, records, portfolio)
        _DECODED.move_to_end(path)
        while len(_DECODED) > _KEPT:
            _DECODED.popitem(last=False)


# What a control character (`logbook.domain.text`) looks like in JSON as orjson writes it: an
# escape (every character below U+0020 is one; `\"` and `\\` are not looked for), or the UTF-8
# of DEL, a C1 control, or a mark that reorders or hides text (U+200E-F, U+2028-E, U+2066-9).
# `tests/store/test_text_fast_path.py` checks every character the rule refuses is found.
_ESCAPE_OR_CONTROL = re.compile(
    rb"\\[bfnrtu]|\x7f|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]"
)


def _may_hold_controls(value) -> bool:
    """Might a string inside `value` (rows as read) hold a control character, a line break or
    a tab? False only when its JSON holds none of them: its strings then meet the rule on
    text whatever their fields (their sizes are checked when the row is decoded)."""
    try:
        encoded = orjson.dumps(value)
    except (orjson.JSONEncodeError, TypeError):
        return True
    if encoded.isascii() and b"\\" not in encoded and b"\x7f" not in encoded:
        return False  # the usual case: nothing escaped, nothing beyond ASCII but DEL
    return _ESCAPE_OR_CONTROL.search(encoded) is not None


def check_rows(
    path: Path, rows: list[dict], every_text: bool = False, one_by_one: bool = False
) -> list[Record]:
    """Every stored row decoded: a record of its kind (`record_from_dict`: the record's one
    description says its fields, their types, choices and sizes), its id a UUID used once, its
    strings within the rule on text, and the file holds one candidate: the one it is named by.
    CorruptLogbook, naming the record and the field, for the first row that is not.

    The rows are decoded kind by kind, each kind in one call (`_decoded_by_kind`); if one is
    not a record, an id is missing or used twice, a text breaks the rule, or if `one_by_one`,
    they are decoded row by row (`_check_row`), which names the first that is not (the same
    records or the same message: `tests/store/test_rows_by_kind.py`). The rule on text is
    checked field by field (`check_text`) only in the rows whose JSON might hold a control
    character (`_may_hold_controls`), or in every row if `every_text` (the same answer,
    slower: `tests/store/test_text_fast_path.py`)."""
    texts = every_text or _may_hold_controls(rows)
    records = None if one_by_one else _decoded_by_kind(rows)
    if (
        records is not None
        and texts
        and any(
            check_text(record)
            for row, record in zip(rows, records, strict=True)
            if every_text or _may_hold_controls(row)
        )
    ):
        records = None  # a text breaks the rule: row by row names its record, as ever
    if records is None:
        ids: dict[str, int] = {}
        records = [
            _check_row(path, ids, position, row, texts and (every_text or _may_hold_controls(row)))
            for position, row in enumerate(rows, 1)
        ]
    candidates = [r.id for r in records if isinstance(r, Candidate)]
    if len(candidates) != 1:
        raise CorruptLogbook(
            path, "it holds no candidate" if not candidates else "it holds more than one candidate"
        )
    if candidates[0] != path.stem:
        raise CorruptLogbook(
            path,
            f"it holds the logbook of candidate {candidates[0]}, not of {path.stem} as its name "
            "says: it was copied or renamed by hand",
        )
    return records


def _decoded_by_kind(rows: list[dict]) -> list[Record] | None:
    """Every row's record, the rows of each kind decoded in one call (`records_of_kind`), in
    the rows' order, if every row has an id of text used once and is a record of its kind;
    else None (`check_rows` then decodes them row by row, naming the first that is not).

    The ids and kinds are checked in C, over all rows at once: joining fails unless each is
    text (a `str`, as `isinstance` says), `all` finds an empty id, a set one used twice."""
    ids = [row.get("id") for row in rows]
    kinds = [row.get("kind") for row in rows]
    try:
        "".join(ids)
        "".join(kinds)
    except TypeError:
        return None
    if not all(ids) or len(set(ids)) != len(ids):
        return None
    positions: dict[str, list[int]] = {}
    for position, kind in enumerate(kinds):
        positions.setdefault(kind, []).append(position)
    records: list = [None] * len(rows)
    for kind, where in positions.items():
        cls = RECORD_KINDS.get(kind)
        if cls is None:
            return None
        decoded = records_of_kind([rows[position] for position in where], cls)
        if decoded is None:
            return None
        for position, record in zip(where, decoded, strict=True):
            records[position] = record
    return records


def _check_row(
    path: Path, ids: dict[str, int], position: int, row: dict, texts: bool = True
) -> Record:
    """The stored row at `position` decoded and checked (`check_rows`), its id added to `ids`
    (id: position of every row before it); `texts`: False when its JSON shows its strings
    hold no control character (`_may_hold_controls`)."""
    kind = row.get("kind")
    what = f"record {position} ({kind})" if isinstance(kind, str) else f"record {position}"
    record_id = row.get("id")
    if not isinstance(record_id, str) or not record_id:
        raise CorruptLogbook(path, f"{what} has no id")
    if record_id in ids:
        raise CorruptLogbook(path, f"{what} has the id of record {ids[record_id]}")
    ids[record_id] = position
    try:
        record = record_from_dict(row)
    except RecordUnreadable as error:
        raise CorruptLogbook(path, f"{what} is damaged: {error}") from None
    problems = check_text(record) if texts else None
    if problems:
        raise CorruptLogbook(path, f"{what} is damaged: {problems[0]}")
    return record


def decode_records(path: Path, rows: list[dict], kinds: tuple[str, ...] | None = None):
    """The records of `kinds` (all if None); every row is checked (`check_rows`), whether
    wanted or not, so a file with a damaged record is never written to."""
    records = check_rows(path, rows)
    if kinds is None:
        return records
    return [record for record in records if record.KIND in kinds]


@dataclass
class Verification:
    """What `verify` found: problems (the file is not what its history says) and notes."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    signers: dict[str, str] = field(default_factory=dict)  # public key: name, as entries say
    signed: bool = False  # some history entry is signed


class LogbookFile:
    """The file of one candidate's logbook."""

    def __init__(self, path: Path, library: Library | None = None, max_bytes: int = MAX_FILE_BYTES):
        self.path = Path(path)
        # the standards of the data folder the file is in (the centre's files merged in)
        self.library = library or library_for(self.path.parent)
        self.max_bytes = max_bytes

    @property
    def candidate_id(self) -> str:
        return self.path.stem

    @property
    def folder(self) -> Path:
        return self.path.parent

    # reading ---------------------------------------------------------------------------------

    def _tables(self, *names: str) -> list[list[dict]]:
        """The rows of the tables `names`, read through TinyDB; CorruptLogbook if the file
        cannot be read or believed."""
        with open_logbook(self.path, max_bytes=self.max_bytes) as db:
            return [db.table(name, cache_size=0).all() for name in names]

    def rows(self) -> tuple[list[dict], list[dict]]:
        """The records and the history, every row checked; CorruptLogbook if one is damaged."""
        records, history = self._tables(RECORDS, HISTORY)
        check_rows(self.path, records)
        return records, history

    def qualification_of(self, records: list[Record]) -> Qualification:
        candidate = next((r for r in reversed(records) if isinstance(r, Candidate)), None)
        if candidate is None:
            raise CorruptLogbook(self.path, "it holds no candidate")
        try:
            return self.library.get(candidate.qualification)
        except KeyError:
            raise CorruptLogbook(
                self.path,
                f"its qualification {candidate.qualification!r:.60} is not in standards/",
            ) from None

    def read(self, today: date | None = None) -> Portfolio:
        """The whole portfolio as it is on disk now."""
        with open_logbook(self.path, max_bytes=self.max_bytes) as db:
            return self._portfolio(db, today or date.today())

    def summary_fields(self, portfolio: Portfolio) -> dict:
        """What is written first in the file: the portfolio's summary and what it was worked
        out against (the caseload believes it only if that is what it would use)."""
        return {
            "version": SUMMARY_VERSION,
            "standards": self.standards_key(),
            "of": portfolio.summary(),
        }

    def standards_key(self) -> str:
        """The centre's standards files the summary is worked out with ("" if none)."""
        if self.library.centre_folder is None:
            return ""
        return centre_fingerprint(self.folder)

    def check(
        self, keys: dict[str, str] | None = None, checkpoint: dict | bool | None = False
    ) -> Verification:
        """Everything `logbook verify` says of this file: breaks in the history chain, records
        changed without an entry, entries whose signature does not hold or whose key is not
        known (`keys`: public key to name; else the caseload's), a history shorter than the
        checkpoint recorded (`checkpoint`: the caseload's, read already, or None if it has
        none or is damaged; else read here), records that break the rules of the day they
        were written, and a summary line that does not match the records.

        The file is read once: every hash is worked out once, and a signature checked where
        no later one vouches for it (`history.signature_problems`)."""
        # files verified before by other code than this are checked again: the record of
        # verified files keys each check by the code (logbook.store.verified.checks_fingerprint)
        result = Verification()
        lock = file_problem(lock_path(self.path))
        if lock:
            result.problems.append(f"its lock file {lock_path(self.path).name}: {lock}")
        # as stored, read from disk once (nothing kept: verify changes nothing), and the
        # summary line if its checksum holds
        tables, head = read_once(self.path, self.max_bytes)
        rows = list(tables.get(RECORDS, {}).values())
        entries = list(tables.get(HISTORY, {}).values())
        records = check_rows(self.path, rows)
        result.signers = chain.signers(entries)
        result.signed = any("key" in e for e in entries)
        holds = chain.hashes_holding(entries)
        result.problems.extend(chain.verify_chain(entries, rows, holds))
        if keys is None:
            keys, _ = Keyring(self.folder).known()
        result.problems.extend(chain.signature_problems(entries, keys, holds, every=False))
        if checkpoint is False:
            try:
                checkpoint = read_checkpoint(self.folder)
            except DamagedFile:
                checkpoint = None  # the caseload's verify says so, once
        if checkpoint is not None:
            problem = checkpoint_problem(checkpoint.get(self.candidate_id), entries)
            if problem is None and self.candidate_id not in checkpoint and result.signed:
                problem = (
                    "it is not in the checkpoint, though its history is signed: it was put here "
                    "by hand, or its last save was cut short"
                )
            if problem:
                result.problems.append(problem)
        if not result.problems:  # a file that is not what its history says: said already
            qualification = self.qualification_of(records)
            result.problems.extend(
                f"record {position + 1} ({records[position].KIND}) {p}"
                for position, p in logbook_problems(
                    records, _written(entries), qualification, texts_checked=True
                )  # check_rows checked every record's text
            )
        if not result.problems:
            result.problems.extend(self._summary_problems(records, head))
        note = chain.unsigned_note(entries)
        if note:
            result.notes.append(note)
        return result

    def _summary_problems(self, records: list[Record], head: dict | None) -> list[str]:
        """The summary first in the file (`head`, read with the records, its checksum held),
        against the records: one that disagrees was written by another tool (whoever
        recomputed its checksum)."""
        if head is None or head.get("version") != SUMMARY_VERSION:
            return []
        if head.get("standards") != self.standards_key():
            return []  # worked out with other standards files: the caseload works it out anew
        portfolio = Portfolio(self.qualification_of(records), records)
        if head.get("of") != portfolio.summary():
            return [
                "its summary (what the caseload list shows of it) does not match its "
                "records: it was written by another tool; the candidate's own screens show "
                "what the records say, and the next save writes the summary again"
            ]
        return []

    def verify(self) -> list[str]:
        """The problems `check` finds; empty when the file is what its history says."""
        return self.check().problems

    # writing ---------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, by: str, today: date, create: bool = False) -> Iterator[TinyDB]:
        """TinyDB over the file, its lock held throughout; the changes made through it are
        written once, durably, when the block ends without an error (else nothing is)."""
        _check_by(by)
        db = open_logbook(self.path, max_bytes=self.max_bytes, writing=True, new=create)
        db.after = None  # the portfolio the change leaves, when the change works it out
        try:
            yield db
            storage = db.storage
            if storage.changed:
                after = db.after
                if after is None:  # worked out anew from every row, as written
                    after = self._portfolio(db, today, cached=False)
                try:
                    storage.summary = self.summary_fields(after)
                except (ValueError, KeyError):  # no summary: the caseload decodes it in full
                    storage.summary = None
                storage.commit()
                if db.after is not None:
                    _keep(self.path, storage.token, self.library, after.records, after)
        finally:
            db.close()

    def _append(
        self,
        db: TinyDB,
        action: str,
        row: dict,
        by: str,
        note: str = "",
        old: dict | None = None,
        resolves: tuple[str, ...] = (),
        settles: tuple[str, ...] = (),
    ) -> None:
        """Sign and add the history entry of a change: a self-contained event of this device's
        chain (`old`: the record as it was; `resolves`: fields set by choosing a version;
        `settles`: the event ids of the versions that choice settles)."""
        log = db.table(HISTORY, cache_size=0)
        entries = db.storage.read().get(HISTORY, {}).values()  # as stored: no copies, no list
        signer = Keyring(self.folder).signer(by)
        fields = None
        if resolves:
            fields = sorted(set(changed_fields(old, row)) | set(resolves))
        # a record no entry names has no versions to follow: not looked for through them all
        parents = [] if action == ADD and not db.storage.in_history(row["id"]) else None
        entry = chain.append_entry(
            entries, action, row, by, note=note, signer=signer,
            device=device_id(self.folder), old=old, fields=fields, parents=parents,
            settles=list(settles),
        )  # fmt: skip
        log.insert(entry)

    def _apply(
        self,
        db: TinyDB,
        portfolio: Portfolio | None,
        change: Change,
        qualification: Qualification | None,
        by: str,
        today: date,
        note: str = "",
        resolves: tuple[str, ...] = (),
        settles: tuple[str, ...] = (),
    ) -> Record:
        """Make one change, if the domain's rule says it may be made: the only way a record is
        written."""
        problems = change_problems(portfolio, change, qualification, today)
        if problems:
            raise RecordRefused(problems)
        row = change.new.to_dict()
        table = db.table(RECORDS, cache_size=0)
        old = None
        if change.action == UPDATE:
            stored = table.get(Query().id == row["id"])
            old = dict(stored) if stored is not None else None
            table.update(_replace_all(row), Query().id == row["id"])
        else:
            table.insert(row)
        # a word confirmation given with a witness or testimony is said in its history entry
        note = "; ".join(filter(None, [note, confirmation_note(change.new, change.old)]))
        self._append(db, change.action, row, by, note, old=old, resolves=resolves, settles=settles)
        return change.new

    def create(self, candidate: Candidate, by: str, today: date | None = None) -> Candidate:
        today = today or date.today()
        qualification = self._qualification_for(candidate)
        problems = change_problems(None, Change(CREATE, candidate), qualification, today)
        if problems:
            raise RecordRefused(problems)
        if candidate.id != self.path.stem:
            raise RecordRefused([Problem("id", "a logbook's file is named by its candidate's id")])
        with self._transaction(by, today, create=True) as db:
            self._apply(db, None, Change(CREATE, candidate), qualification, by, today)
        return candidate

    def _qualification_for(self, candidate: Candidate) -> Qualification | None:
        try:
            return self.library.get(candidate.qualification)
        except KeyError:
            return None

    def _portfolio(self, db: TinyDB, today: date, cached: bool = True) -> Portfolio:
        """The portfolio of every record, each row checked: the one kept if the file is the
        one it was worked out from (and the day is the same), else decoded anew and kept."""
        if cached:
            storage = db.storage
            storage.read()
            kept = _kept(self.path, storage.token, self.library)
            if kept is not None and kept[1].today == today:
                return kept[1]
        rows = db.table(RECORDS, cache_size=0).all()
        records = decode_records(self.path, rows)
        portfolio = Portfolio(self.qualification_of(records), records, today)
        if cached:
            _keep(self.path, db.storage.token, self.library, records, portfolio)
        return portfolio

    def add(self, record: Record, by: str, today: date | None = None) -> Record:
        """Save a new record; returns once it is on disk. RecordRefused if it breaks a rule."""
        today = today or date.today()
        if isinstance(record, SignOff):
            return self.sign_off(record, by, today)
        with self._transaction(by, today) as db:
            portfolio = self._portfolio(db, today)
            if portfolio.find(record.id) is not None:
                raise RecordRefused([Problem("id", f"a record {record.id} is already saved")])
            change = Change(ADD, record)
            saved = self._apply(db, portfolio, change, portfolio.qualification, by, today)
            # the row as the file holds it, checked as a row read back would be
            ids = ChainMap({}, portfolio.positions)  # id: position, of every record before it
            row = db.storage.read()[RECORDS]
            position = len(portfolio.records) + 1
            stored = _check_row(self.path, ids, position, next(reversed(row.values())))
            if not isinstance(record, Candidate | SignOff) and not record.corrects:
                db.after = portfolio.added(stored)
            return saved

    def update(
        self,
        record: Record,
        by: str,
        today: date | None = None,
        resolves: tuple[str, ...] = (),
        settles: tuple[str, ...] = (),
    ) -> Record:
        """Change a record in place: only while it is not part of a signed-off unit. `resolves`:
        the fields whose "2 versions: choose" this change answers, `settles` the event ids of
        the versions it chooses among (`logbook.domain.merge`)."""
        today = today or date.today()
        with self._transaction(by, today) as db:
            portfolio = self._portfolio(db, today)  # CorruptLogbook before refusals
            old = portfolio.find(record.id)
            if old is None:
                raise RecordRefused([Problem("id", "there is no such record to change")])
            qualification = (
                self._qualification_for(record)
                if isinstance(record, Candidate)
                else portfolio.qualification
            )
            change = Change(UPDATE, record, old)
            return self._apply(
                db, portfolio, change, qualification, by, today, resolves=tuple(resolves),
                settles=tuple(settles),
            )  # fmt: skip

    def correct(
        self,
        old_id: str,
        new: Record,
        by: str,
        why: str,
        today: date | None = None,
        settles: tuple[str, ...] = (),
    ) -> Record:
        """Replace a record with a new one that points at it, saying who, when and why
        (`settles`: the event ids of the versions of the old record this correction chooses
        among, `logbook.domain.merge`)."""
        today = today or date.today()
        if blank(why):
            raise RecordRefused([Problem("correction_reason", "say why the record is corrected")])
        if blank(by):
            raise RecordRefused([Problem("corrected_by", "say who makes the correction")])
        with self._transaction(by, today) as db:
            portfolio = self._portfolio(db, today)
            old = portfolio.find(old_id)
            if old is None:
                raise RecordRefused([Problem("corrects", "there is no such record to correct")])
            new = replace(
                new,
                id=new.id if new.id != old_id else new_id(),
                corrects=old_id,
                corrected_by=by.strip(),
                corrected_at=datetime.now(UTC).replace(microsecond=0),
                correction_reason=why.strip(),
            )
            if isinstance(new, SignOff):
                new = signoff_unit(new, portfolio.qualification)
            change = Change(CORRECT, new, old)
            return self._apply(
                db, portfolio, change, portfolio.qualification, by, today, note=why.strip(),
                settles=tuple(settles),
            )  # fmt: skip

    def sign_off(self, signoff: SignOff, by: str, today: date | None = None) -> SignOff:
        """Sign a unit off; refused until every item is covered by evidence that counts."""
        today = today or date.today()
        with self._transaction(by, today) as db:
            portfolio = self._portfolio(db, today)
            signoff = signoff_unit(signoff, portfolio.qualification)
            change = Change(SIGN_OFF, signoff)
            return self._apply(db, portfolio, change, portfolio.qualification, by, today)

    def countersign(
        self, unit_code: str, iv_name: str, iv_date: date, by: str, today: date | None = None
    ) -> SignOff:
        """The internal verifier's countersignature: a dated, attributed correction."""
        problems = countersign_problems(iv_name)
        if problems:
            raise RecordRefused([Problem("iv_name", p) for p in problems])
        portfolio = self.read(today)
        old = portfolio.signoff_for(unit_code)
        if old is None:
            raise RecordRefused([Problem("unit", f"unit {unit_code} is not signed off yet")])
        problems = countersign_problems(iv_name, old, iv_date, today or date.today())
        if problems:
            raise RecordRefused([Problem("iv_name", p) for p in problems])
        new = replace(old, iv_name=iv_name.strip(), iv_date=iv_date)
        return self.correct(old.id, new, by, f"countersigned by {iv_name.strip()}", today)

    def update_candidate(self, candidate: Candidate, by: str, today: date | None = None):
        """Change the candidate's details or chosen units (signed-off units stay chosen)."""
        if not isinstance(candidate, Candidate):
            raise RecordRefused([Problem("kind", "this is not the candidate's record")])
        return self.update(candidate, by, today)


def _check_by(by: str) -> None:
    problems = by_problems(by)
    if problems:
        raise RecordRefused(problems)


def _written(entries: list[dict]) -> dict[str, date]:
    """The day each record was last written, from its last history entry."""
    days: dict[str, date] = {}
    for entry in entries:
        day = written_on(entry.get("at"))
        if day is not None and isinstance(entry.get("record"), str):
            days[entry["record"]] = day
    return days


def _replace_all(row: dict):
    def transform(document: dict) -> None:
        document.clear()
        document.update(row)

    return transform


__all__ = [
    "FORMAT",
    "CorruptLogbook",
    "LogbookFile",
    "LogbookTooLarge",
    "Verification",
    "check_rows",
    "decode_records",
]
