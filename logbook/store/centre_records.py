"""The centre's own IQA records: sampling plans and standardisation meetings, in one file of
the data folder (`.centre-iqa.json`, private: 0600).

IQA decisions are not here: each is a record of the sampled candidate's logbook. Plans and
meetings belong to no one candidate, so the centre keeps them in this file, laid out as a
logbook is (tables `meta`, `records`, `history`) and written with the same primitives (TinyDB
itself is opened only over a logbook's storage): under the file's lock, read-check-write,
atomic and fsynced (`logbook.store.storage`), each change with a
signed, hash-chained history entry (`logbook.store.history`). Every row is read back through
the records' one description and checked by the domain's rules (`logbook.domain.iqa`); a file
that is not what it should be is reported by name and never written to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from logbook.domain.iqa import (
    IqaRecords,
    SamplingPlan,
    StandardisationMeeting,
    meeting_problems,
    plan_problems,
)
from logbook.domain.records import RecordUnreadable
from logbook.domain.validation import Problem, RecordRefused, by_problems, check_text
from logbook.store import history as chain
from logbook.store.signing import Keyring
from logbook.store.storage import (
    MAX_FILE_BYTES,
    DamagedFile,
    UnreadableFile,
    atomic_write,
    dump_json,
    locked,
    make_private,
    read_json,
)

CENTRE_FILE = ".centre-iqa.json"
FORMAT = "logbook-centre-iqa"
KINDS = {cls.KIND: cls for cls in (SamplingPlan, StandardisationMeeting)}


class CorruptCentreFile(DamagedFile):
    """The centre's IQA file cannot be read or believed: reported by name, left untouched."""


@dataclass
class CentreRecords:
    plans: list[SamplingPlan] = field(default_factory=list)
    meetings: list[StandardisationMeeting] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)


def _load(path: Path) -> dict:
    try:
        data = read_json(path, MAX_FILE_BYTES)
    except UnreadableFile as error:
        raise CorruptCentreFile(path, str(error)) from None
    except RecursionError:
        raise CorruptCentreFile(path, "it is nested too deeply") from None
    if data is None:
        if path.is_symlink() or path.exists():
            raise CorruptCentreFile(path, "it is not a plain file")
        return {"meta": {"1": {"format": FORMAT, "version": 1}}, "records": {}, "history": {}}
    if not isinstance(data, dict):
        raise CorruptCentreFile(path, "it is not the centre's IQA file")
    meta = data.get("meta", {})
    first = next(iter(meta.values()), None) if isinstance(meta, dict) else None
    if not isinstance(first, dict) or first.get("format") != FORMAT:
        raise CorruptCentreFile(path, f"it has no format {FORMAT!r}")
    for name in ("records", "history"):
        table = data.get(name, {})
        if not isinstance(table, dict) or not all(
            k.isascii() and k.isdigit() and isinstance(v, dict) for k, v in table.items()
        ):
            raise CorruptCentreFile(path, f"its {name} table is damaged")
        data[name] = dict(sorted(table.items(), key=lambda item: int(item[0])))
    return data


def _decode(path: Path, rows: list[dict]) -> CentreRecords:
    out = CentreRecords()
    seen: set[str] = set()
    for position, row in enumerate(rows, 1):
        cls = KINDS.get(row.get("kind")) if isinstance(row.get("kind"), str) else None
        if cls is None:
            raise CorruptCentreFile(path, f"record {position} is not a plan or a meeting")
        try:
            record = cls.from_dict(row)
        except RecordUnreadable as error:
            raise CorruptCentreFile(path, f"record {position} is damaged: {error}") from None
        problems = check_text(record)
        if problems or record.id in seen:
            what = problems[0] if problems else "its id is used twice"
            raise CorruptCentreFile(path, f"record {position} is damaged: {what}")
        seen.add(record.id)
        (out.plans if isinstance(record, SamplingPlan) else out.meetings).append(record)
    return out


class CentreFile:
    """The centre's sampling plans and standardisation meetings in the data folder."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / CENTRE_FILE

    def read(self) -> CentreRecords:
        """What the file holds (nothing yet if there is no file); CorruptCentreFile if damaged."""
        data = _load(self.path)
        records = _decode(self.path, list(data["records"].values()))
        records.history = list(data["history"].values())
        return records

    def verify(self) -> list[str]:
        data = _load(self.path)
        return chain.verify_chain(list(data["history"].values()), list(data["records"].values()))

    def save(self, record: SamplingPlan | StandardisationMeeting, by: str, today: date):
        """Add a plan or a meeting, or replace a plan (the IQA's plan is kept up to date: a
        plan saved with the id of one saved before replaces it, and the history keeps both).
        RecordRefused, changing nothing, if the domain's rule refuses it."""
        problems = by_problems(by)
        if problems:
            raise RecordRefused(problems)
        if isinstance(record, SamplingPlan):
            problems = plan_problems(record, today)
        elif isinstance(record, StandardisationMeeting):
            problems = meeting_problems(record, today)
        else:
            raise RecordRefused([Problem("kind", "the centre file holds plans and meetings")])
        problems = check_text(record) + problems
        if problems:
            raise RecordRefused(problems)
        row = record.to_dict()
        with locked(self.path):
            data = _load(self.path)
            table, log = data["records"], data["history"]
            _decode(self.path, list(table.values()))
            old = next((k for k, r in table.items() if r.get("id") == record.id), None)
            if old is not None and table[old].get("kind") != "sampling_plan":
                raise RecordRefused(
                    [Problem("id", "a standardisation meeting is recorded once: add another")]
                )
            key = old or str(max(map(int, table), default=0) + 1)
            table[key] = row
            entries = list(log.values())
            previous = max(entries, key=lambda e: e["seq"]) if entries else None
            signer = Keyring(self.path.parent).signer(by)
            action = "update" if old is not None else "add"
            entry = chain.make_entry(previous, action, row, by, signer=signer)
            log[str(max(map(int, log), default=0) + 1)] = entry
            payload = dump_json(data)
            if len(payload) > MAX_FILE_BYTES:
                raise RecordRefused(
                    [Problem("record", "the centre's IQA file would be too large: nothing saved")]
                )
            make_private(self.path.parent)
            atomic_write(self.path, payload)
        return record


def centre_iqa_records(folder: Path, portfolios) -> IqaRecords:
    """Every IQA record of the centre: plans and meetings from the centre file, decisions
    from the candidates' logbooks (`portfolios`)."""
    from logbook.domain.iqa import IqaDecision

    centre = CentreFile(folder).read()
    decisions = [r for p in portfolios for r in p.records if isinstance(r, IqaDecision)]
    return IqaRecords(plans=centre.plans, decisions=decisions, meetings=centre.meetings)


def load_centre(caseload, today: date):
    """The portfolios this caseload shows (a role's caseload shows its own) and the centre's
    IQA records about them: what the IQA screens work from. CorruptCentreFile if the centre
    file is damaged; a logbook that cannot be read is left out (the caseload says so)."""
    from logbook.store.logbooks import CorruptLogbook

    portfolios = []
    for summary in caseload.view(today).summaries:
        try:
            portfolios.append(caseload.logbook(summary["id"]).read(today))
        except (CorruptLogbook, KeyError):
            continue
    return portfolios, centre_iqa_records(caseload.folder, portfolios)
