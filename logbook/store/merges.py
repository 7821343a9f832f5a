"""What merges left in a logbook: "2 versions: choose" for the assessor, and the rules a merged
record breaks, for the IQA. Worked out from the file alone (its self-contained history entries,
`logbook.domain.merge`), so every device that holds the same entries says the same flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from logbook.domain.changes import in_force, logbook_problems, sealed_reason, written_on
from logbook.domain.merge import (
    Flag,
    Sibling,
    conflict_flags,
    merge_record,
    open_conflicts,
    settled_by,
    settles,
)
from logbook.domain.records import Record, RecordUnreadable, record_from_dict
from logbook.domain.validation import Problem, RecordRefused
from logbook.store import history as chain
from logbook.store.logbooks import LogbookFile, decode_records


def flags(path: Path) -> list[Flag]:
    """What a merge left in one logbook: '2 versions: choose' for the assessor, and, where the
    versions of several devices met, every rule the records break together, for the IQA (never
    a refusal: the versions are all kept)."""
    book = LogbookFile(path)
    rows, history = book.rows()
    versions = chain.versions_by_record(history)
    settled = settled_by(v for group in versions.values() for v in group)
    out: list[Flag] = []
    merged_ids = set()
    for record_id, group in sorted(versions.items()):
        merged = merge_record(group)
        if any(v.merge for v in group) or len(merged.heads) > 1:
            merged_ids.add(record_id)
        what = f"{path.stem[:8]} {merged.content.get('kind')}"
        out.extend(conflict_flags(merged, what, settled))
    devices = {chain.device_of(e) for e in history if chain.is_event(e)}
    if merged_ids or len(devices) > 1:
        # versions from several devices met: what each laptop allowed may not hold together
        # (two corrections of one record, a record merged field by field)
        records = decode_records(path, rows)
        written = {}
        for entry in history:
            day = written_on(entry.get("at", ""))
            if day is not None:
                written[entry.get("record")] = day
        for position, problem in logbook_problems(records, written, book.qualification_of(records)):
            record = records[position]
            text = f"{path.stem[:8]} {record.KIND} after a sync: {problem}"
            out.append(Flag(record.id, "rule", "iqa", text))
    return out


@dataclass(frozen=True)
class Choice:
    """One record flagged "2 versions: choose": each field still to choose, with its values
    (the current one first), each with the device, person and time that set it."""

    record_id: str
    kind: str
    fields: dict[str, list[Sibling]]


def choices(path: Path) -> list[Choice]:
    """Every record of a logbook with fields still to choose (`open_conflicts`), by record id."""
    _, history = LogbookFile(path).rows()
    versions = chain.versions_by_record(history)
    settled = settled_by(v for group in versions.values() for v in group)
    out = []
    for record_id, group in sorted(versions.items()):
        merged = merge_record(group)
        fields = open_conflicts(merged, settled)
        if fields:
            kind = str(merged.content.get("kind", ""))
            out.append(Choice(record_id, kind, dict(sorted(fields.items()))))
    return out


def choose(
    path: Path, choice: Choice, picked: dict[str, Sibling], by: str, today: date | None = None
) -> Record:
    """Save the values the assessor picked (`picked`: one of `choice.fields[name]` for every
    field) as one change naming the versions it settles: an edit of the record (of the
    correction in force, if it was corrected since), or, when the domain keeps it read-only
    (a signed-off unit's evidence, a sign-off), a correction of it saying what was chosen.
    Either way the flag clears on every device that holds it."""
    today = today or date.today()
    missing = [name for name in choice.fields if name not in picked]
    unknown = [n for n, s in picked.items() if s not in choice.fields.get(n, [])]
    if missing or unknown:
        words = ", ".join(missing or unknown)
        raise RecordRefused([Problem("choice", f"choose one of the versions of: {words}")])
    book = LogbookFile(path)
    portfolio = book.read(today)
    record = portfolio.find(choice.record_id)
    if record is None:
        raise RecordRefused([Problem("id", "there is no such record to choose for")])
    record = in_force(portfolio, record)  # corrected since: the choice goes into the correction
    row = record.to_dict()
    for name, sibling in picked.items():
        if sibling.value is None:
            row.pop(name, None)  # the version without the field: as that version had it
        else:
            row[name] = sibling.value
    try:
        new = record_from_dict(row)
    except RecordUnreadable as error:
        raise RecordRefused([Problem("choice", f"that version cannot be used: {error}")]) from None
    named = settles(s for siblings in choice.fields.values() for s in siblings)
    if sealed_reason(portfolio, record) is None:
        return book.update(new, by, today, resolves=tuple(picked), settles=named)
    what = "; ".join(f"{name} from {s.device}" for name, s in sorted(picked.items()))
    why = f"chose between versions kept by a sync: {what}"
    return book.correct(record.id, new, by, why[:500], today, settles=named)
