"""One candidate's logbook: a TinyDB JSON file that never loses a confirmed entry.

Layout (TinyDB tables): `meta` (format version, candidate id), `records` (every record, each
with its own UUID `id`: TinyDB's document ids are reused after a delete, so nothing refers to
them) and `history` (the hash-chained, append-only log of every change).

Every change is one transaction: take the file's lock, read the file, check the change against
the rules, apply it through TinyDB to an in-memory copy, write the copy durably, release. The
call returns only after the write is on disk; it raises and changes nothing when refused.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path

from tinydb import Query, TinyDB

from logbook.domain.coverage import unit_coverage
from logbook.domain.planning import agreed_record_reason
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import Candidate, Record, SignOff, new_id, record_from_dict
from logbook.domain.signoff import (
    countersign_problems,
    signoff_correction_problems,
    signoff_problems,
)
from logbook.domain.standards import Qualification
from logbook.domain.validation import Problem, RecordRefused, check_record
from logbook.domain.witnesses import confirmation_note
from logbook.qualifications import Library, library_for
from logbook.store import history as chain
from logbook.store.storage import (
    MemoryStorage,
    UnreadableFile,
    atomic_write,
    dump_json,
    locked,
    read_json,
    remove_stale_temporaries,
)

FORMAT = 2
META, RECORDS, HISTORY = "meta", "records", "history"
ALWAYS_DECODED = ("candidate", "witness", "signoff", "plan")


class CorruptLogbook(ValueError):
    """A logbook file that cannot be read; it is reported by name and left untouched."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path.name}: {reason}; the file was left untouched")


def _table(data: dict, name: str, path: Path) -> list[dict]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise CorruptLogbook(path, f"its {name} table is not a JSON object")
    rows = []
    for key, row in table.items():
        if not key.isdigit() or not isinstance(row, dict):
            raise CorruptLogbook(path, f"{name} entry {key!r} is not a document")
        rows.append((int(key), row))
    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]


def migrate(data: dict, path: Path) -> dict:
    """Bring an older file's data up to FORMAT, in memory; never refuse an older file."""
    meta = _table(data, META, path)
    version = meta[0].get("format") if meta else None
    if not isinstance(version, int):
        raise CorruptLogbook(path, "it has no format version: it is not a logbook file")
    if version > FORMAT:
        raise CorruptLogbook(
            path, f"it was written by a newer logbook (format {version}); update logbook to open it"
        )
    if version == 1:
        # format 1 had no history: start the chain from the records as they stand
        entries: list[dict] = []
        for record in _table(data, RECORDS, path):
            if "id" not in record or "kind" not in record:
                raise CorruptLogbook(path, "a record has no id or kind")
            entries.append(
                chain.make_entry(
                    entries[-1] if entries else None,
                    "migrate",
                    record,
                    "logbook",
                    note="format 1 to 2: history starts here",
                )
            )
        data = dict(data)
        data[HISTORY] = {str(i): e for i, e in enumerate(entries, 1)}
        data[META] = {"1": {**meta[0], "format": 2}}
        version = 2
    return data


@cache
def _decoder(kind: str):
    from logbook.domain.records import RECORD_KINDS

    return RECORD_KINDS.get(kind)


_JSON_TYPES = {str: (str, "text"), bool: (bool, "true or false"), int: (int, "a whole number")}


@cache
def _checker(hint):
    """A function telling why a stored value cannot be a `hint`, or None when it can.

    Built once per type, so every row of a file can be checked on every save, cheaply: a value
    of the wrong type would otherwise load and break the rules that read it, far from the file.
    """
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = _checker(next(a for a in typing.get_args(hint) if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if typing.get_origin(hint) in (list, tuple):
        item = _checker(typing.get_args(hint)[0])

        def check_list(value):
            if not isinstance(value, list):
                return f"{value!r:.40} is not a list"
            return next(filter(None, map(item, value)), None)

        return check_list
    if dataclasses.is_dataclass(hint):
        fields = _row_checker(hint)
        return lambda value: (
            fields(value) if isinstance(value, dict) else f"{value!r:.40} is not an object"
        )
    if hint in (date, time, datetime):

        def check_iso(value):
            try:
                hint.fromisoformat(value)
            except (TypeError, ValueError):
                return f"{value!r:.40} is not a {hint.__name__} (YYYY-MM-DD...)"
            return None

        return check_iso
    if hint in _JSON_TYPES:
        wanted, words = _JSON_TYPES[hint]
        return lambda value: (
            None
            if isinstance(value, wanted) and (wanted is bool or not isinstance(value, bool))
            else f"{value!r:.40} is not {words}"
        )
    return lambda value: None


@cache
def _row_checker(cls):
    hints = typing.get_type_hints(cls)
    checks = {f.name: _checker(hints[f.name]) for f in dataclasses.fields(cls)}
    # the common fields, checked without a call: text, yes/no and whole numbers by exact type
    # (JSON gives exactly str, bool, int), dates by parsing; None where the field allows it
    fast: dict[str, tuple] = {}
    for name in checks:
        hint, nullable = hints[name], False
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(hint) if a is not type(None)]
            hint, nullable = options[0], len(options) == 1
        if hint in _JSON_TYPES:
            fast[name] = (hint, None, nullable)
        elif hint in (date, time, datetime):
            fast[name] = (str, hint.fromisoformat, nullable)

    def check(row: dict) -> str | None:
        for name, value in row.items():
            spec = fast.get(name)
            if spec is not None:
                wanted, parse, nullable = spec
                if value is None and nullable:
                    continue
                if type(value) is wanted:
                    if parse is None:
                        continue
                    try:
                        parse(value)
                        continue
                    except ValueError:
                        pass
            check_value = checks.get(name)
            problem = check_value(value) if check_value else None
            if problem:
                return f"{name} {problem}"
        return None

    return check


def decode_records(path: Path, rows: list[dict], kinds: tuple[str, ...] | None = None):
    """The records of `kinds` (all if None); every row is checked, whether decoded or not, so
    a file with a damaged record is never written to."""
    records = []
    for position, row in enumerate(rows, 1):
        kind = row.get("kind")
        if not isinstance(kind, str):
            raise CorruptLogbook(path, f"record {position} has no kind")
        cls = _decoder(kind)
        if cls is None:
            raise CorruptLogbook(path, f"record {position} has an unknown kind {kind!r}")
        if not isinstance(row.get("id"), str) or not row["id"]:
            raise CorruptLogbook(path, f"record {position} ({kind}) has no id")
        problem = _row_checker(cls)(row)
        if problem:
            raise CorruptLogbook(path, f"record {position} ({kind}) is damaged: {problem}")
        if kinds is not None and kind not in kinds:
            continue
        try:
            records.append(record_from_dict(row))
        except (TypeError, ValueError, AttributeError) as error:
            raise CorruptLogbook(path, f"record {position} ({kind}) is damaged: {error}") from None
    return records


class LogbookFile:
    """The file of one candidate's logbook."""

    def __init__(self, path: Path, library: Library | None = None):
        self.path = Path(path)
        # the standards of the data folder the file is in (the centre's files merged in)
        self.library = library or library_for(self.path.parent)

    @property
    def candidate_id(self) -> str:
        return self.path.stem

    # reading ---------------------------------------------------------------------------------

    def read_data(self) -> dict:
        """The file's data, migrated to the current format; CorruptLogbook if it cannot be."""
        try:
            data = read_json(self.path)
        except UnreadableFile as error:
            raise CorruptLogbook(self.path, str(error)) from None
        except RecursionError:
            raise CorruptLogbook(self.path, "it is nested too deeply to be a logbook") from None
        except OSError as error:
            raise CorruptLogbook(self.path, f"it cannot be read ({error.strerror})") from None
        if data is None and not self.path.exists():
            raise CorruptLogbook(self.path, "there is no such file")
        if not isinstance(data, dict) or META not in data:
            raise CorruptLogbook(self.path, "it is not a logbook file (no meta table)")
        return migrate(data, self.path)

    def rows(self, data: dict | None = None) -> tuple[list[dict], list[dict]]:
        data = data if data is not None else self.read_data()
        return _table(data, RECORDS, self.path), _table(data, HISTORY, self.path)

    def qualification_of(self, records: list[Record]) -> Qualification:
        candidate = next((r for r in reversed(records) if isinstance(r, Candidate)), None)
        if candidate is None:
            raise CorruptLogbook(self.path, "it holds no candidate")
        try:
            return self.library.get(candidate.qualification)
        except KeyError:
            raise CorruptLogbook(
                self.path, f"its qualification {candidate.qualification!r} is not in standards/"
            ) from None

    def read(self, today: date | None = None) -> Portfolio:
        """The whole portfolio as it is on disk now."""
        rows, _ = self.rows()
        records = decode_records(self.path, rows)
        return Portfolio(self.qualification_of(records), records, today or date.today())

    def verify(self) -> list[str]:
        """Breaks in the history chain, and records changed without a history entry."""
        rows, entries = self.rows()
        decode_records(self.path, rows)
        return chain.verify_chain(entries, rows)

    # writing ---------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, create: bool = False) -> Iterator[TinyDB]:
        with locked(self.path):
            remove_stale_temporaries(self.path)
            if create:
                if self.path.exists():
                    raise FileExistsError(f"{self.path.name} already exists")
                data: dict = {}
            else:
                data = self.read_data()
            storage = MemoryStorage(data)
            db = TinyDB(storage=_Given(storage))
            yield db
            if storage.changed:
                atomic_write(self.path, dump_json(storage.data))

    @staticmethod
    def _append(db: TinyDB, action: str, row: dict, by: str, note: str = "") -> None:
        log = db.table(HISTORY, cache_size=0)
        entries = log.all()
        previous = max(entries, key=lambda e: e["seq"]) if entries else None
        log.insert(chain.make_entry(previous, action, row, by, note))

    def create(self, candidate: Candidate, by: str, today: date | None = None) -> Candidate:
        qualification = self._qualification_for(candidate)
        problems = check_record(candidate, candidate, qualification, {}, today or date.today())
        if problems:
            raise RecordRefused(problems)
        with self._transaction(create=True) as db:
            db.table(META, cache_size=0).insert(
                {"format": FORMAT, "candidate": candidate.id, "created": chain.now_iso()}
            )
            row = candidate.to_dict()
            db.table(RECORDS, cache_size=0).insert(row)
            self._append(db, "create", row, by)
        return candidate

    def _qualification_for(self, candidate: Candidate) -> Qualification | None:
        try:
            return self.library.get(candidate.qualification)
        except KeyError:
            return None

    def _portfolio(self, db: TinyDB, today: date, kinds=ALWAYS_DECODED) -> Portfolio:
        rows = db.table(RECORDS, cache_size=0).all()
        records = decode_records(self.path, rows, kinds)
        return Portfolio(self.qualification_of(records), records, today)

    def _check(self, record: Record, portfolio: Portfolio, today: date) -> None:
        candidate = record if isinstance(record, Candidate) else portfolio.candidate
        qualification = (
            self._qualification_for(record)
            if isinstance(record, Candidate)
            else portfolio.qualification
        )
        problems = check_record(
            record,
            candidate,
            qualification,
            portfolio.witnesses,
            today,
            plans={plan.id: plan for plan in portfolio.plans},
        )
        if problems:
            raise RecordRefused(problems)

    def add(self, record: Record, by: str, today: date | None = None) -> Record:
        """Save a new record; returns once it is on disk. RecordRefused if it breaks a rule."""
        today = today or date.today()
        if isinstance(record, SignOff):
            return self.sign_off(record, by, today)
        if isinstance(record, Candidate):
            raise RecordRefused([Problem("kind", "a logbook holds one candidate: edit it")])
        with self._transaction() as db:
            table = db.table(RECORDS, cache_size=0)
            if table.contains(Query().id == record.id):
                raise RecordRefused([Problem("id", f"a record {record.id} is already saved")])
            self._check(record, self._portfolio(db, today), today)
            row = record.to_dict()
            table.insert(row)
            self._append(db, "add", row, by, confirmation_note(record))
        return record

    def update(self, record: Record, by: str, today: date | None = None) -> Record:
        """Change a record in place: only before any unit it is evidence for is signed off."""
        today = today or date.today()
        with self._transaction() as db:
            table = db.table(RECORDS, cache_size=0)
            portfolio = self._portfolio(db, today, kinds=None)  # CorruptLogbook before refusals
            old_row = table.get(Query().id == record.id)
            if old_row is None:
                raise RecordRefused([Problem("id", "there is no such record to change")])
            if old_row["kind"] != record.KIND:
                raise RecordRefused([Problem("kind", "a record cannot change its kind")])
            old = portfolio.find(record.id)
            self._refuse_if_locked(portfolio, old)
            self._refuse_if_locked(portfolio, record)
            if any(r.corrects == record.id for r in portfolio.records):
                raise RecordRefused(
                    [Problem("id", "this record was corrected: edit the correction")]
                )
            self._check(record, portfolio, today)
            row = record.to_dict()
            table.update(_replace_all(row), Query().id == record.id)
            self._append(db, "update", row, by, confirmation_note(record, old))
        return record

    @staticmethod
    def _refuse_if_locked(portfolio: Portfolio, record: Record | None) -> None:
        if isinstance(record, SignOff):
            raise RecordRefused(
                [Problem("id", "a sign-off is part of the verified portfolio: correct it instead")]
            )
        agreed = agreed_record_reason(record)
        if agreed:
            raise RecordRefused([Problem("id", agreed)])
        locked_units = portfolio.locked_units(record) if record else []
        if locked_units:
            raise RecordRefused(
                [
                    Problem(
                        "id",
                        f"unit {', '.join(locked_units)} is signed off, so this evidence is "
                        "read-only: make a correction, saying why",
                    )
                ]
            )

    def correct(
        self, old_id: str, new: Record, by: str, why: str, today: date | None = None
    ) -> Record:
        """Replace a record with a new one that points at it, saying who, when and why."""
        today = today or date.today()
        if not why.strip():
            raise RecordRefused([Problem("correction_reason", "say why the record is corrected")])
        if not by.strip():
            raise RecordRefused([Problem("corrected_by", "say who makes the correction")])
        with self._transaction() as db:
            table = db.table(RECORDS, cache_size=0)
            portfolio = self._portfolio(db, today, kinds=None)
            old = portfolio.find(old_id)
            if old is None:
                raise RecordRefused([Problem("corrects", "there is no such record to correct")])
            if old not in portfolio.current:
                raise RecordRefused([Problem("corrects", "that record was already corrected")])
            if old.KIND != new.KIND or isinstance(old, Candidate):
                raise RecordRefused([Problem("kind", "a correction is a record of the same kind")])
            new = replace(
                new,
                id=new.id if new.id != old_id else new_id(),
                corrects=old_id,
                corrected_by=by,
                corrected_at=datetime.now(UTC).replace(microsecond=0),
                correction_reason=why.strip(),
            )
            if isinstance(new, SignOff):
                kept = signoff_correction_problems(old, new)
                if kept:
                    raise RecordRefused([Problem("iv_name", p) for p in kept])
                self._check_signoff(new, portfolio, today, correcting=old)
            else:
                self._check(new, portfolio, today)
            row = new.to_dict()
            table.insert(row)
            note = "; ".join(filter(None, [why.strip(), confirmation_note(new, old)]))
            self._append(db, "correct", row, by, note=note)
        return new

    def _check_signoff(
        self, signoff: SignOff, portfolio: Portfolio, today: date, correcting=None
    ) -> None:
        unit = portfolio.qualification.unit(signoff.unit)
        if unit is None:
            raise RecordRefused(
                [Problem("unit", f"{portfolio.qualification.title} has no unit {signoff.unit}")]
            )
        signoff.unit = unit.code
        coverage = unit_coverage(
            unit, portfolio.evidence, portfolio.candidate, portfolio.witnesses, today
        )
        signed = [u for u in portfolio.signed_units if correcting is None or u != correcting.unit]
        problems = signoff_problems(
            portfolio.candidate,
            coverage,
            signoff,
            signed,
            today,
            minimum_age=portfolio.qualification.minimum_age,
        )
        if problems:
            raise RecordRefused([Problem("unit", p) for p in problems])

    def sign_off(self, signoff: SignOff, by: str, today: date | None = None) -> SignOff:
        """Sign a unit off; refused until every item is covered by evidence that counts."""
        today = today or date.today()
        with self._transaction() as db:
            portfolio = self._portfolio(db, today, kinds=None)
            self._check_signoff(signoff, portfolio, today)
            row = signoff.to_dict()
            db.table(RECORDS, cache_size=0).insert(row)
            self._append(db, "sign_off", row, by)
        return signoff

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
        today = today or date.today()
        with self._transaction() as db:
            table = db.table(RECORDS, cache_size=0)
            portfolio = self._portfolio(db, today)
            if candidate.id != portfolio.candidate.id:
                raise RecordRefused([Problem("id", "this logbook belongs to another candidate")])
            dropped = [u for u in portfolio.signed_units if u not in candidate.units]
            if dropped:
                raise RecordRefused(
                    [Problem("units", f"unit {', '.join(dropped)} is signed off and stays chosen")]
                )
            self._check(candidate, portfolio, today)
            row = candidate.to_dict()
            table.update(_replace_all(row), Query().id == candidate.id)
            self._append(db, "update", row, by)
        return candidate


def _replace_all(row: dict):
    def transform(document: dict) -> None:
        document.clear()
        document.update(row)

    return transform


class _Given:
    """Hands TinyDB an existing storage object where it expects a storage class."""

    def __init__(self, storage: MemoryStorage):
        self.storage = storage

    def __call__(self, *args, **kwargs) -> MemoryStorage:
        return self.storage
