"""Moving logbooks between caseloads: the export file, and an import that checks it all first.

The export format, version 2 (described in full by `export.schema.json`, beside this module,
which `logbook.store.schema` generates from the records' dataclasses):

    {
      "format": "logbook-export",
      "version": 2,
      "exported_at": "2025-03-01T09:30:00.000+00:00",
      "logbook_version": "0.1.0",
      "keys": [{"name": "Morgan Ellis", "public_key": "<64 hex>", "fingerprint": "3f2a ..."}],
      "logbooks": [
        {
          "candidate_id": "<the id of the candidate record, a UUID>",
          "qualification": "cg-l3-nsvq",
          "records": [{"kind": "candidate", "id": "...", ...}, {"kind": "observation", ...}],
          "history": [{"seq": 1, "action": "create", "record": "...", "hash": "...",
                       "key": "<signer's public key>", "sig": "<signature of hash>", ...}],
          "history_count": 14,
          "last_hash": "<hash of the last history entry>"
        }
      ]
    }

Version 1 (before history entries were signed) has no `keys`, `history_count`, `last_hash`,
`key` or `sig`, and is still imported.

Each logbook's records and history entries are exactly as the logbook stores them, in saved
order: every record has its `kind` and `id`, and refers to the standards by code (a link is a
unit code and an item code, a plan names unit codes, a sign-off its unit's code). The history
is the hash-chained log of `logbook.store.history`, so a record or entry changed after export
no longer verifies.

An import checks everything before it writes anything: the file's size, that it is JSON, the schema
(every id a UUID), that every record can be read, that the qualification is in the standards and
every unit and item code is in it, that every testimony's witness is in the logbook, that the
history chain verifies and its signatures hold (each key named in `keys`, by the name its entries
give), that the history is as long as the export says, that no candidate is already in the
caseload, and that every record keeps the domain's rules as the app applies them
(`logbook.domain.changes.logbook_problems`: text, sign-offs, witnesses, corrections), under the
rules of the day it was written (a witness is judged by `judge_witness` as its own version judged
it: a record from before the relative question stays valid; work products, questioning and
sign-offs from before they held a decision or a confirmation stay valid as they were): its dates
are judged against its history entry's time, not against today, so history accepted when it was
written is not refused for being old; a history entry written in the future of this machine's clock
is. The logbook files it would write must each fit the size a logbook may have. Only then are the
logbooks written, all at once or not at all (`logbook.store.staging`), in the current file format,
with their records and history as they were plus one signed history entry saying they were
imported; the keys that came with them join the caseload's keyring.
"""

from __future__ import annotations

import errno
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path

import msgspec
import orjson

from logbook import __version__
from logbook.domain.changes import TIME_ZONE_SLACK, logbook_problems, written_on
from logbook.domain.ids import UUID_PATTERN
from logbook.domain.records import Candidate, PlanReview, Record, Testimony, record_from_dict
from logbook.store import history as chain
from logbook.store import staging
from logbook.store.caseload import Caseload
from logbook.store.device import device_id
from logbook.store.logbook_storage import HISTORY, RECORDS, open_logbook
from logbook.store.logbooks import CorruptLogbook, LogbookFile
from logbook.store.signing import Keyring, fingerprint
from logbook.store.storage import DamagedFile, StoreBusy, atomic_write, dump_json, locked

EXPORT_FORMAT = "logbook-export"
EXPORT_VERSION = 2
READ_VERSIONS = (1, 2)
SCHEMA_PATH = Path(__file__).with_name("export.schema.json")
MAX_IMPORT_BYTES = 64 * 1024 * 1024
MAX_PROBLEMS = 200  # kept on the exception; a file this broken is not worth listing in full
SHOWN_PROBLEMS = 20  # said in the message


class ImportRefused(ValueError):
    """An export file that was not imported, with every problem found and where; nothing written."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = Path(path)
        self.problems = list(problems)
        lines = [f"{self.path.name} was not imported, nothing was written:"]
        lines.extend(f"  {problem}" for problem in self.problems[:SHOWN_PROBLEMS])
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append(f"  ... and {len(self.problems) - SHOWN_PROBLEMS} more problems")
        super().__init__("\n".join(lines))


# export ------------------------------------------------------------------------------------------


def export_logbooks(logbook_files: Iterable[LogbookFile]) -> dict:
    """The export of these logbooks; CorruptLogbook if one cannot be read."""
    logbooks = []
    signers: dict[str, str] = {}
    known: dict[str, str] = {}
    for logbook in logbook_files:
        rows, history = logbook.rows()
        candidate = next(row for row in rows if row.get("kind") == "candidate")  # one, checked
        logbooks.append(
            {
                "candidate_id": candidate.get("id"),
                "qualification": candidate.get("qualification"),
                "records": rows,
                "history": history,
                "history_count": len(history),
                "last_hash": history[-1]["hash"],
            }
        )
        signers.update(chain.signers(history))
        keys, _ = Keyring(logbook.folder).known()
        known.update(keys)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": chain.now_iso(),
        "logbook_version": __version__,
        "keys": [
            {"name": known.get(key, by), "public_key": key, "fingerprint": fingerprint(key)}
            for key, by in signers.items()
        ],
        "logbooks": logbooks,
    }


OUTSIDE_DATA_FOLDER = "write the export outside the data folder, or it is taken for a logbook"


def in_data_folder(folder: Path, data_folder: Path) -> bool:
    """Would export files in `folder` sit among the logbooks (and be read as one)?"""
    return Path(folder).resolve() == Path(data_folder).resolve()


def write_export(path: Path, data: dict, max_bytes: int = MAX_IMPORT_BYTES) -> None:
    """Write an export durably (whole or not at all), readable by its owner only; an OSError
    (EFBIG) and nothing written if it is larger than an import reads (`max_bytes`)."""
    payload = dump_json(data)
    if len(payload) > max_bytes:
        raise OSError(
            errno.EFBIG,
            f"the export would be {len(payload):,} bytes, more than an import reads "
            f"({max_bytes:,}): export fewer candidates at a time",
        )
    atomic_write(Path(path), payload)


# import: reading and the schema ------------------------------------------------------------------


def _read_export(path: Path, max_bytes: int):
    try:
        if not path.is_file():
            what = "there is no such file" if not path.exists() else "it is not a file"
            raise ImportRefused(path, [what])
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportRefused(
                path, [f"it is {size} bytes, larger than an export can be ({max_bytes} bytes)"]
            )
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        raise ImportRefused(path, [f"it cannot be read ({error.strerror})"]) from None
    if len(raw) > max_bytes:
        raise ImportRefused(path, [f"it is larger than an export can be ({max_bytes} bytes)"])
    if not raw.strip():
        raise ImportRefused(path, ["it is empty"])
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno} (byte {error.pos})"
        if error.msg.startswith(("recursion", "depth")):
            problem = f"{where}: it is nested too deeply to be an export"
            raise ImportRefused(path, [problem]) from None
        raise ImportRefused(path, [f"{where}: it is not valid JSON ({error.msg})"]) from None


def _parses(kind: type):
    """A format check that reads a value as the records' decoder does (`record_from_dict`)."""

    def check(instance) -> bool:
        if not isinstance(instance, str):
            return True
        try:
            msgspec.convert(instance, kind)
        except msgspec.ValidationError:
            return False
        return True

    return check


@cache
def _validator():
    import jsonschema  # only when an export is checked: start-up does not pay for it

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    formats = jsonschema.FormatChecker(formats=())
    formats.checks("date")(_parses(date))
    formats.checks("time")(_parses(time))
    formats.checks("date-time")(_parses(datetime))
    return jsonschema.Draft202012Validator(schema, format_checker=formats)


def schema() -> dict:
    """The export schema (JSON Schema, draft 2020-12)."""
    return _validator().schema


def _place(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the export"


_JSON_TYPES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
    "array": "a list",
    "object": "an object",
}
_FORMATS = {
    "date": "a date (YYYY-MM-DD)",
    "time": "a time (HH:MM or HH:MM:SS)",
    "date-time": "a date and time (ISO 8601)",
}


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _short(value) -> str:
    text = repr(value) if isinstance(value, str | int | float | bool) or value is None else ""
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(error) -> str:
    """What is wrong, in words, without echoing a large value back."""
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_JSON_TYPES.get(n, n) for n in names)
        shown = _short(value)
        return f"should be {wanted}, not {_json_type(value)}" + (f" ({shown})" if shown else "")
    if kind in ("format", "pattern") and error.schema.get("format") in _FORMATS:
        return f"{_short(value)} is not {_FORMATS[error.schema['format']]}"
    if kind == "pattern" and UUID_PATTERN in expected:
        return f"{_short(value)} is not an id (a UUID)"
    if kind == "maxLength" and isinstance(value, str):
        return f"it is {len(value):,} characters long; at most {expected:,} can be stored"
    if kind == "pattern":
        return f"{_short(value)} is not in the expected form"
    if kind == "anyOf" and isinstance(value, str):
        return f"{_short(value)} is not an id (a UUID)"
    if kind == "const":
        return f"should be {expected!r}, not {_short(value) or _json_type(value)}"
    if kind == "enum":
        choices = ", ".join(str(choice) for choice in expected if choice != "")
        empty = " (or empty)" if "" in expected else ""
        return f"{_short(value) or _json_type(value)} is not one of: {choices}{empty}"
    if kind == "required":
        missing = [name for name in expected if name not in value]
        verb = "is" if len(missing) == 1 else "are"
        return f"{', '.join(map(repr, missing))} {verb} missing"
    if kind in ("additionalProperties", "unevaluatedProperties"):
        found = re.search(r"\((.*) (?:was|were) unexpected\)", error.message)
        names = found.group(1) if found else "some"
        return f"has fields a logbook export does not have: {names}"
    if kind == "minItems":
        return "is empty" if expected == 1 else f"needs at least {expected} items"
    message = error.message
    return message if len(message) <= 200 else message[:197] + "..."


def _inner(error):
    """An optional value (`anyOf` a definition or null) that is neither: what is wrong inside
    the branch of its own type, rather than "not valid under any of the given schemas"."""
    if error.validator != "anyOf" or not error.context:
        yield error
        return
    inside = [e for e in error.context if e.validator != "type" or e.path]
    if not inside:
        yield error
        return
    for sub in inside:
        yield from _inner(sub)


def _schema_problems(data) -> list[str]:
    found = itertools.chain.from_iterable(map(_inner, _validator().iter_errors(data)))
    errors = list(itertools.islice(found, MAX_PROBLEMS))
    errors.sort(key=lambda e: [(0, p, "") if isinstance(p, int) else (1, 0, p) for p in e.path])
    paths = [list(e.absolute_path) for e in errors]
    problems = []
    for error, path in zip(errors, paths, strict=True):
        # a field that is wrong counts as "unevaluated" too (2020-12 drops a failed subschema's
        # annotations): then say only what is wrong with the field
        if error.validator == "unevaluatedProperties" and any(
            other is not path and other[: len(path)] == path for other in paths
        ):
            continue
        problems.append(f"{_place(path)}: {_describe(error)}")
    return list(dict.fromkeys(problems))  # a bad date breaks its pattern and its format


# import: what a schema cannot say ----------------------------------------------------------------


def _history_problems(logbook: dict, keys: dict[str, str], today: date) -> list[str]:
    """The chain, its signatures, its length as exported, and no entry from the future."""
    rows, history = logbook["records"], logbook["history"]
    problems = chain.verify_chain(history, rows)
    problems.extend(chain.signature_problems(history, keys))
    if "history_count" in logbook and logbook["history_count"] != len(history):
        problems.append(
            f"it has {len(history)} entries, but the export says it had "
            f"{logbook['history_count']}: entries were removed or added after export"
        )
    if "last_hash" in logbook and history[-1]["hash"] != logbook["last_hash"]:
        problems.append("its last entry is not the one the export says it ends with")
    for position, entry in enumerate(history, 1):
        day = written_on(entry["at"])
        if day is None:
            problems.append(f"history entry {position}: {entry['at'][:40]!r} is not a time")
        elif day > today + TIME_ZONE_SLACK:
            problems.append(
                f"history entry {position} says it was written on {day.isoformat()}, which is "
                "in the future"
            )
    return problems


def _logbook_problems(where: str, logbook: dict, caseload: Caseload, keys: dict) -> list[str]:
    """Everything wrong with one schema-valid logbook of an export."""
    problems: list[str] = []
    rows = logbook["records"]
    records: list[tuple[int, Record]] = []
    for position, row in enumerate(rows):
        try:
            records.append((position, record_from_dict(row)))
        except (TypeError, ValueError, AttributeError, KeyError) as error:
            problems.append(
                f"{where}.records[{position}]: the {row.get('kind')} record cannot be read "
                f"({str(error)[:200]})"
            )
    ids: dict[str, int] = {}
    for position, row in enumerate(rows):
        if row["id"] in ids:
            problems.append(
                f"{where}.records[{position}].id: {row['id']} is also the id of "
                f"records[{ids[row['id']]}]"
            )
        ids.setdefault(row["id"], position)
    count = sum(row["kind"] == "candidate" for row in rows)
    if count != 1:
        problems.append(f"{where}.records: a logbook holds one candidate record, this has {count}")
    candidates = [(p, r) for p, r in records if isinstance(r, Candidate)]
    if count != 1 or len(candidates) != 1:
        return problems
    _, candidate = candidates[0]
    if candidate.id != logbook["candidate_id"]:
        problems.append(
            f"{where}.candidate_id: {logbook['candidate_id']} is not the id of the candidate "
            f"record ({candidate.id})"
        )
    if candidate.qualification != logbook["qualification"]:
        problems.append(
            f"{where}.qualification: {logbook['qualification']!r:.60} is not the candidate's "
            f"qualification ({candidate.qualification!r:.60})"
        )
    qualification = None
    try:
        qualification = caseload.library.get(candidate.qualification)
    except KeyError as error:
        problems.append(f"{where}.qualification: {str(error.args[0])[:200]}")
    witness_ids = {r.id for _, r in records if r.KIND == "witness"}
    plan_ids = {r.id for _, r in records if r.KIND == "plan"}
    for position, record in records:
        place = f"{where}.records[{position}]"
        if isinstance(record, Testimony) and record.witness_id not in witness_ids:
            problems.append(
                f"{place}.witness_id: there is no witness {record.witness_id!r} in this logbook"
            )
        if isinstance(record, PlanReview) and record.plan_id not in plan_ids:
            problems.append(f"{place}.plan_id: there is no plan {record.plan_id!r} in this logbook")
        if record.corrects is not None and record.corrects not in ids:
            problems.append(
                f"{place}.corrects: there is no record {record.corrects!r} in this logbook"
            )
    today = datetime.now(UTC).date()
    history = [f"{where}.history: {p}" for p in _history_problems(logbook, keys, today)]
    if problems or qualification is None:
        return problems + history
    problems = history
    written = {}
    for entry in logbook["history"]:
        day = written_on(entry["at"])
        if day is not None:
            written[entry["record"]] = day
    decoded = [record for _, record in records]
    for position, problem in logbook_problems(decoded, written, qualification):
        problems.append(f"{where}.records[{position}].{problem.field}: {problem.message}")
    return problems


def _registration_numbers(caseload: Caseload) -> dict[str, dict]:
    """The candidate record of every readable logbook, by registration number.

    Read from the files themselves, not `Caseload.view()`, which may refresh its index: a
    refused import leaves the data folder exactly as it was.
    """
    found = {}
    for path in caseload.stored_files():  # the whole folder's, whoever may see them
        try:
            rows, _ = LogbookFile(path, caseload.library).rows()
        except CorruptLogbook:
            continue
        for row in rows:
            number = row.get("registration_number")
            if row.get("kind") == "candidate" and isinstance(number, str):
                found[number.casefold()] = row
    return found


def _already_there(caseload: Caseload, logbooks: list[dict]) -> list[str]:
    problems = []
    existing = _registration_numbers(caseload)
    seen: dict[str, int] = {}
    for index, logbook in enumerate(logbooks):
        candidate = next((r for r in logbook["records"] if r["kind"] == "candidate"), None)
        if candidate is None:
            continue  # said already
        who = f"{candidate['name']} ({candidate['registration_number']})"
        where = f"logbooks[{index}]"
        problems.extend(caseload.import_problems(where, candidate))
        if (caseload.folder / f"{logbook['candidate_id']}.json").exists():
            problems.append(f"{where}: {who} is already in the caseload")
        elif candidate["registration_number"].casefold() in existing:
            other = existing[candidate["registration_number"].casefold()]
            if getattr(caseload, "visible", lambda row: True)(other):
                problems.append(
                    f"{where}: {who}: the caseload already has {other['name']} with "
                    f"registration number {other['registration_number']}"
                )
            else:  # a candidate the centre's roles hide from this login: never named to them
                problems.append(
                    f"{where}: {who}: registration number {candidate['registration_number']} "
                    "is already used by another person in the caseload (not one you may see)"
                )
        for key in (logbook["candidate_id"], candidate["registration_number"].casefold()):
            if key in seen:
                problems.append(f"{where}: {who} is also in logbooks[{seen[key]}]")
                break
        for key in (logbook["candidate_id"], candidate["registration_number"].casefold()):
            seen.setdefault(key, index)
    return problems


def check_export(caseload: Caseload, path: Path, max_bytes: int = MAX_IMPORT_BYTES) -> dict:
    """The export in `path` if it can be imported into `caseload`; ImportRefused if not."""
    path = Path(path)
    data = _read_export(path, max_bytes)
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ImportRefused(
            path, [f'it is not a logbook export (it has no "format": "{EXPORT_FORMAT}")']
        )
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > EXPORT_VERSION:
        raise ImportRefused(
            path,
            [f"it was written by a newer logbook (export version {version}); update logbook"],
        )
    try:
        problems = _schema_problems(data)
    except RecursionError:
        raise ImportRefused(path, ["it is nested too deeply to be an export"]) from None
    if problems:
        raise ImportRefused(path, problems)
    keys = {key["public_key"]: key["name"] for key in data.get("keys", [])}
    for index, logbook in enumerate(data["logbooks"]):
        problems.extend(_logbook_problems(f"logbooks[{index}]", logbook, caseload, keys))
        if len(problems) >= MAX_PROBLEMS:
            break
    problems.extend(_already_there(caseload, data["logbooks"]))
    if problems:
        raise ImportRefused(path, problems[:MAX_PROBLEMS])
    return data


# import: writing ---------------------------------------------------------------------------------


def _logbook_file(
    caseload: Caseload, logbook: dict, by: str, note: str, signer, device: str
) -> bytes:
    """The bytes of the logbook file an imported logbook becomes: its records and its history,
    and a signed entry saying it was imported, written into a new logbook through TinyDB."""
    records, history = logbook["records"], logbook["history"]
    candidate = next(r for r in records if r["kind"] == "candidate")
    entry = chain.append_entry(
        history, "import", candidate, by, note=note, signer=signer,
        device=device, old=candidate,
    )  # fmt: skip
    path = caseload.folder / f"{logbook['candidate_id']}.json"
    with open_logbook(path, new=True, created=entry["at"]) as db:
        db.table(RECORDS, cache_size=0).insert_multiple(records)
        db.table(HISTORY, cache_size=0).insert_multiple([*history, entry])
        return db.storage.payload()


def import_export(
    caseload: Caseload, path: Path, by: str = "logbook", max_bytes: int = MAX_IMPORT_BYTES
) -> list[str]:
    """Import every logbook of the export in `path`; the candidates' ids, in the file's order.

    Checks everything first and raises ImportRefused, writing nothing, if anything is wrong
    (a logbook file it would write larger than a logbook may be, too). The logbooks are then
    added all at once: a process killed half-way leaves all of them or none
    (`logbook.store.staging`).
    """
    path = Path(path)
    data = check_export(caseload, path, max_bytes)
    note = f"imported from {path.name[:200]}, exported {data['exported_at']}"
    # sizes first, with a stand-in signature of the same length: a refused import makes no key
    too_large = []
    for index, logbook in enumerate(data["logbooks"]):
        size = len(_logbook_file(caseload, logbook, by, note, _SAME_SIZE, _LONGEST_DEVICE))
        if size > caseload.max_bytes:
            too_large.append(
                f"logbooks[{index}]: its logbook file would be {size:,} bytes, more than a "
                f"logbook may hold ({caseload.max_bytes:,})"
            )
    if too_large:
        raise ImportRefused(path, too_large)
    with locked(staging.import_lock(caseload.folder)):
        staging.recover_held(caseload.folder)
        appeared = _already_there(caseload, data["logbooks"])
        if appeared:
            raise ImportRefused(path, appeared)
        signer = Keyring(caseload.folder).signer(by)
        device = device_id(caseload.folder)
        files = {
            f"{logbook['candidate_id']}.json": _logbook_file(
                caseload, logbook, by, note, signer, device
            )
            for logbook in data["logbooks"]
        }
        staging.commit(caseload.folder, files, data.get("keys", []), path.name[:200])
    return [logbook["candidate_id"] for logbook in data["logbooks"]]


class _SameSize:
    """Signs like a key, with zeros: an entry exactly as long as a signed one."""

    public_key = "0" * 64

    @staticmethod
    def sign(message_hex: str) -> str:
        return "0" * 128


_SAME_SIZE = _SameSize()
_LONGEST_DEVICE = "d" * 93  # as long as a device name can be (`logbook.store.device`)


# the whole caseload, both ways: a folder of one export file per candidate ------------------------

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass
class FileExported:
    """One candidate's export file written by `export_caseload`."""

    name: str  # the candidate's name
    path: Path
    records: int


@dataclass
class CaseloadExport:
    written: list[FileExported] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # a logbook that could not be read, and why


def export_caseload(caseload: Caseload, folder: Path) -> CaseloadExport:
    """Export every candidate of `caseload` into `folder`, one file each, named by registration
    number (or the candidate's id when that is not a safe file name, or is taken): what "export
    the whole caseload" means on the command line and in the app; `import_paths` takes the
    folder back. A logbook that cannot be read is said in `failed` and the rest are written;
    an OSError if the folder or a file cannot be written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    done = CaseloadExport()
    used: set[str] = set()
    for path in caseload.files():
        logbook = LogbookFile(path, caseload.library)
        try:
            data = export_logbooks([logbook])
        except CorruptLogbook as error:
            done.failed.append(str(error))
            continue
        entry = data["logbooks"][0]
        candidate = next(r for r in entry["records"] if r.get("kind") == "candidate")
        name = str(candidate.get("registration_number", ""))
        if not SAFE_NAME.match(name) or name.casefold() in used:
            name = entry["candidate_id"]
        used.add(name.casefold())
        target = folder / f"{name}.json"
        write_export(target, data)
        done.written.append(
            FileExported(str(candidate.get("name", "")), target, len(entry["records"]))
        )
    return done


def export_files(paths: Iterable[Path]) -> list[Path]:
    """The export files named by `paths`: a file as it is; a folder, every `*.json` file in it
    (not hidden ones), in name order."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                sorted(p for p in path.glob("*.json") if not p.name.startswith(".") and p.is_file())
            )
        else:
            found.append(path)
    return found


@dataclass
class FileImport:
    """What importing one export file did: the candidates' ids imported, or why none were."""

    path: Path
    ids: list[str] = field(default_factory=list)
    refused: str = ""  # the whole message; empty when imported


def import_paths(
    caseload: Caseload, paths: Iterable[Path], by: str = "logbook"
) -> list[FileImport]:
    """Import every export file named by `paths` (files, or folders of them: `export_files`),
    each all or nothing, one after the other; a file refused does not stop the next."""
    results = []
    for path in export_files(paths):
        try:
            results.append(FileImport(path, ids=import_export(caseload, path, by=by)))
        except ImportRefused as error:
            results.append(FileImport(path, refused=str(error)))
        except (StoreBusy, DamagedFile) as error:
            results.append(FileImport(path, refused=f"{path.name}: {error}; nothing was imported"))
        except OSError as error:
            results.append(
                FileImport(
                    path,
                    refused=(
                        f"{path.name}: the import could not be written ({error}): the caseload "
                        "is as it was, or the import is finished the next time the caseload is "
                        "opened"
                    ),
                )
            )
    return results


__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "MAX_IMPORT_BYTES",
    "SAFE_NAME",
    "CaseloadExport",
    "FileExported",
    "FileImport",
    "ImportRefused",
    "check_export",
    "export_caseload",
    "export_files",
    "export_logbooks",
    "import_export",
    "import_paths",
    "schema",
    "write_export",
]
