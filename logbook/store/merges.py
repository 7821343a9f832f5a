"""What merges left in a logbook: "2 versions: choose" for the assessor, and the rules a merged
record breaks, for the IQA. Worked out from the file alone (its self-contained history entries,
`logbook.domain.merge`), so every device that holds the same entries says the same flags."""

from __future__ import annotations

from pathlib import Path

from logbook.domain.changes import logbook_problems, written_on
from logbook.domain.merge import Flag, conflict_flags, merge_record
from logbook.store import history as chain
from logbook.store.logbooks import LogbookFile, decode_records


def flags(path: Path) -> list[Flag]:
    """What a merge left in one logbook: '2 versions: choose' for the assessor, and, where the
    versions of several devices met, every rule the records break together, for the IQA (never
    a refusal: the versions are all kept)."""
    book = LogbookFile(path)
    rows, history = book.rows()
    versions = chain.versions_by_record(history)
    out: list[Flag] = []
    merged_ids = set()
    for record_id, group in sorted(versions.items()):
        merged = merge_record(group)
        if any(v.merge for v in group) or len(merged.heads) > 1:
            merged_ids.add(record_id)
        out.extend(conflict_flags(merged, f"{path.stem[:8]} {merged.content.get('kind')}"))
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
        for position, problem in logbook_problems(
            records, written, book.qualification_of(records)
        ):
            record = records[position]
            text = f"{path.stem[:8]} {record.KIND} after a sync: {problem}"
            out.append(Flag(record.id, "rule", "iqa", text))
    return out
