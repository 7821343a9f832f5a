"""Load the qualification standards in `standards/` into domain objects, checking each file.

A file is checked against `standards/schema.json` and against what a schema cannot say (codes
that repeat, groups that do not exist). A broken or foreign file is refused with its name, the
place in it and what is wrong; the other qualifications still load.

When each file is checked against the schema (jsonschema is slow to import and slower to run,
and start-up is what an assessor waits for):
- the shipped standards when they are built and tested (tests/standards/test_shipped_files.py
  fails when a shipped file breaks the schema or holds a control character), not on every run;
  a shipped file that cannot be built all the same is checked in full, and refused as any file;
- any other folder of standards (LOGBOOK_STANDARDS_DIR, a folder given to `load_library`) on
  every load;
- a centre's file in a data folder's standards/ once, when `logbook standards add` copies it in:
  the command keeps the sha256 of what it checked (`CHECKED_NAME`, with the schema's own), and a
  file whose content is not listed there (put there by hand, or changed since) is checked in
  full on every load.
"""

from __future__ import annotations

# jsonschema is imported where it is used (a file that is checked against the schema): never
# on the way to a drawn caseload.
import hashlib
import json
import os
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from logbook.domain.standards import (
    Contexts,
    Criterion,
    Element,
    EvidenceRequirement,
    Group,
    MinimumAge,
    Qualification,
    Rule,
    SimulationReason,
    Unit,
    normalise_code,
)
from logbook.domain.text import control_characters

SCHEMA_NAME = "schema.json"
MAX_FILE_BYTES = 5_000_000
CENTRE_FOLDER = "standards"  # in the data folder: the centre's own unit specifications
# in the centre's folder: the sha256 of each file `standards add` checked against the schema
CHECKED_NAME = ".checked.json"


class StandardsError(ValueError):
    """A standards file that cannot be used, with its name, the place in it and what is wrong."""

    def __init__(self, path: Path, where: str, problem: str):
        self.path = path
        self.where = where
        self.problem = problem
        place = f" at {where}" if where else ""
        super().__init__(f"{path.name}{place}: {problem}")


def standards_dir() -> Path:
    """Where the standards are: LOGBOOK_STANDARDS_DIR, the installed copy, or the repo's."""
    override = os.environ.get("LOGBOOK_STANDARDS_DIR")
    if override:
        return Path(override)
    return shipped_dir()


def shipped_dir() -> Path:
    """The standards that ship with the program: the installed copy, or the repo's."""
    installed = Path(__file__).parent / "standards_data"
    if (installed / SCHEMA_NAME).is_file():
        return installed
    return Path(__file__).resolve().parents[1] / "standards"


def _is_shipped(directory: Path) -> bool:
    try:
        return directory.resolve() == shipped_dir().resolve()
    except OSError:
        return False


def file_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@cache
def _validator(schema_path: Path, definition: str = ""):
    """The schema's validator; with `definition`, one for that part of it (`centre_file`)."""
    import jsonschema  # imported when a standard is first loaded, not at start-up

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    if definition:
        schema = {
            "$schema": schema.get("$schema"),
            "$defs": schema["$defs"],
            "$ref": f"#/$defs/{definition}",
        }
    return jsonschema.Draft202012Validator(schema)


def _place(path_parts) -> str:
    out = ""
    for part in path_parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_standards_bytes(path: Path) -> bytes:
    """A standards file's bytes; StandardsError when it is too big or cannot be read."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise StandardsError(path, "", f"file is larger than {MAX_FILE_BYTES} bytes")
        with open(path, "rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise StandardsError(path, "", f"cannot be read ({error.strerror})") from error
    if len(raw) > MAX_FILE_BYTES:  # grew after its size was looked at
        raise StandardsError(path, "", f"file is larger than {MAX_FILE_BYTES} bytes")
    return raw


def _read_json(path: Path, raw: bytes | None = None):
    raw = read_standards_bytes(path) if raw is None else raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StandardsError(path, f"byte {error.start}", "not UTF-8 text") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise StandardsError(
            path, f"line {error.lineno} column {error.colno}", f"not valid JSON ({error.msg})"
        ) from error
    except RecursionError as error:
        raise StandardsError(path, "", "nested too deeply to be a standards file") from error


def _found(data) -> str:
    if isinstance(data, dict):
        keys = ", ".join(repr(k) for k in list(data)[:5]) or "no keys"
        return f"a JSON object with {keys}"
    return {list: "a JSON array", str: "a JSON string"}.get(type(data), "a JSON value")


def _schema_check(path: Path, data, validator) -> None:
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.path), list(e.path)))
    if errors:
        from jsonschema.exceptions import best_match

        error = best_match(errors)
        raise StandardsError(path, _place(error.absolute_path), _schema_message(error))


def _schema_message(error) -> str:
    """jsonschema's message, with the offending value cut short: a message names the place and
    the problem, it does not repeat a long text or the whole file."""
    if error.validator == "maxLength":
        return f"the text is longer than {error.validator_value} characters"
    if error.validator == "maxItems":
        return f"more than {error.validator_value} items"
    message = error.message
    shown = repr(error.instance)
    if message.startswith(shown) and len(shown) > 60:
        message = _short(shown, 60) + message[len(shown) :]
    return _short(message)


def _text_check(path: Path, data, where: str = "") -> None:
    """Every string of a standards file is shown to assessors: refuse control characters."""
    if isinstance(data, str):
        found = control_characters(data, multiline=False)
        if found:
            raise StandardsError(
                path, where, f"the text holds control characters ({', '.join(found)})"
            )
    elif isinstance(data, dict):
        for key, value in data.items():
            _text_check(path, key, where)
            _text_check(path, value, f"{where}.{key}" if where else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _text_check(path, value, f"{where}[{i}]")


def load_qualification_file(
    path: Path,
    schema_path: Path | None = None,
    source_file: str | None = None,
    *,
    checked: bool = True,
) -> Qualification:
    """Read, check and build one qualification; raise StandardsError if it cannot be used.

    `checked=False` is for a shipped file, checked against the schema when it was tested: it is
    built after the checks a schema cannot make, and checked in full only if it cannot be."""
    path = Path(path)
    data = _read_json(path)
    if not checked and isinstance(data, dict) and "format" in data and "units" in data:
        try:
            _cross_check(path, data)
            return _build(data, source_file or path.name)
        except StandardsError:
            raise
        except Exception:  # not the shape the schema gives: the full check says what is wrong
            pass
    if not isinstance(data, dict) or "format" not in data or "units" not in data:
        if isinstance(data, dict) and "extends" in data:
            raise StandardsError(
                path,
                "",
                "a centre's file of units, not a qualification standard: add it to a data "
                "folder with 'logbook standards add'",
            )
        validator = _validator(schema_path or path.parent / SCHEMA_NAME)
        if not validator.is_valid(data):
            raise StandardsError(
                path,
                "",
                f"not a qualification standard ({_found(data)}, not the 'format', 'id' and "
                "'units' of a standard)",
            )
    _schema_check(path, data, _validator(schema_path or path.parent / SCHEMA_NAME))
    _text_check(path, data)
    _cross_check(path, data)
    return _build(data, source_file or path.name)


def _short(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _unit_shape(path: Path, unit: dict, where: str, group_ids: list[str]) -> None:
    if unit["group"] not in group_ids:
        raise StandardsError(path, f"{where}.group", f"no group {unit['group']!r}")
    if unit["assessed_as_whole"] and unit["elements"]:
        raise StandardsError(
            path, f"{where}.elements", "a unit assessed as a whole has no elements"
        )
    if not unit["assessed_as_whole"] and not unit["elements"] and not unit["knowledge"]:
        raise StandardsError(
            path, where, "a unit with no elements must be marked assessed_as_whole"
        )


def _unit_codes(unit: dict, where: str) -> Iterator[tuple[str, str]]:
    """Every code a unit uses, with its place in the file."""
    yield unit["code"], f"{where}.code"
    for e, element in enumerate(unit["elements"]):
        yield element["code"], f"{where}.elements[{e}].code"
        for n, c in enumerate(element["criteria"]):
            yield c["code"], f"{where}.elements[{e}].criteria[{n}].code"
    for n, k in enumerate(unit["knowledge"]):
        yield k["code"], f"{where}.knowledge[{n}].code"
    for r, requirement in enumerate(unit["evidence_requirements"]):
        yield requirement["code"], f"{where}.evidence_requirements[{r}].code"
        for n, item in enumerate(requirement["range"]):
            yield item["code"], f"{where}.evidence_requirements[{r}].range[{n}].code"


def _unit_names(unit: dict, where: str) -> Iterator[tuple[str, str]]:
    """The codes that name a unit when an assessor types one: its number and its aliases."""
    yield unit["code"], f"{where}.code"
    for n, alias in enumerate(unit.get("aliases", [])):
        yield alias, f"{where}.aliases[{n}]"


def _no_clash(path: Path, pairs, what: str, seen: dict[str, str] | None = None) -> None:
    seen = {} if seen is None else seen
    for code, place in pairs:
        key = normalise_code(code)
        if key in seen:
            raise StandardsError(path, place, f"{what} {code!r} is already used at {seen[key]}")
        seen[key] = place


def _cross_check(path: Path, data: dict) -> None:
    group_ids = [g["id"] for g in data["groups"]]
    _no_repeats(path, "groups", group_ids, "group id")
    _no_repeats(path, "units", [normalise_code(u["code"]) for u in data["units"]], "unit code")
    for i, unit in enumerate(data["units"]):
        _unit_shape(path, unit, f"units[{i}]", group_ids)
    _no_clash(
        path,
        (pair for i, u in enumerate(data["units"]) for pair in _unit_codes(u, f"units[{i}]")),
        "code",
    )
    _no_clash(
        path,
        (pair for i, u in enumerate(data["units"]) for pair in _unit_names(u, f"units[{i}]")),
        "unit number",
    )
    for i, rule in enumerate(data["rules"]):
        for group_id in rule.get("groups", []) + ([rule["group"]] if "group" in rule else []):
            if group_id not in group_ids:
                raise StandardsError(path, f"rules[{i}]", f"no group {group_id!r}")


def _no_repeats(path: Path, where: str, values: list[str], what: str) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            raise StandardsError(path, f"{where}[{i}]", f"{what} {value!r} is used twice")
        seen.add(value)


def _criteria(items) -> tuple[Criterion, ...]:
    return tuple(Criterion(c["code"], c["text"], c.get("kind", "performance")) for c in items)


def _build_unit(
    u: dict, reasons: tuple[str, ...], source_file: str, centre_source: str = ""
) -> Unit:
    simulation = "simulation" in u["contexts"]["performance"] + u["contexts"]["knowledge"]
    return Unit(
        code=u["code"],
        title=u["title"],
        level=u["level"],
        credits=u["credits"],
        glh=u["glh"],
        group=u["group"],
        assessed_as_whole=u["assessed_as_whole"],
        contexts=Contexts(
            tuple(u["contexts"]["performance"]),
            tuple(u["contexts"]["knowledge"]),
            u["contexts"]["basis"],
            reasons if simulation else (),
        ),
        elements=tuple(
            Element(e["code"], e["title"], _criteria(e["criteria"]), e.get("kind", "performance"))
            for e in u["elements"]
        ),
        knowledge=_criteria(u["knowledge"]),
        evidence_requirements=tuple(
            EvidenceRequirement(r["code"], r["text"], _criteria(r["range"]))
            for r in u["evidence_requirements"]
        ),
        refs=dict(u["refs"]),
        aliases=tuple(u.get("aliases", ())),
        source_file=source_file,
        centre_source=centre_source,
    )


def _build(data: dict, source_file: str = "") -> Qualification:
    simulation = data.get("simulation")
    reasons = tuple(
        SimulationReason(r["id"], r["text"]) for r in (simulation or {}).get("reasons", ())
    )
    reason_ids = tuple(r.id for r in reasons)
    units = tuple(_build_unit(u, reason_ids, source_file) for u in data["units"])
    age = data.get("minimum_age")
    return Qualification(
        id=data["id"],
        title=data["title"],
        awarding_body=data["awarding_body"],
        level=data["level"],
        accreditation_number=data.get("accreditation_number"),
        units=units,
        groups=tuple(
            Group(g["id"], g["title"], g["noun"], g["mandatory"], g.get("label", ""))
            for g in data["groups"]
        ),
        rules=tuple(
            Rule(
                type=r["type"],
                groups=tuple(r.get("groups", ())),
                min=r.get("min"),
                max=r.get("max"),
                level=r.get("level"),
                group=r.get("group"),
                count=r.get("count"),
                source=r.get("source", ""),
                reading=r.get("reading", ""),
            )
            for r in data["rules"]
        ),
        source=data["source"]["document"],
        notes=tuple(data["source"].get("notes", ())),
        unit_code_name=data.get("unit_code_name", "unit number"),
        minimum_age=MinimumAge(age["years"], age["source"]) if age else None,
        simulation_reasons=reasons,
        simulation_source=(simulation or {}).get("source", ""),
        source_file=source_file,
    )


@dataclass
class Library:
    """Every qualification that loaded, and the files that were refused, with why."""

    qualifications: dict[str, Qualification] = field(default_factory=dict)
    problems: list[StandardsError] = field(default_factory=list)
    centre_folder: Path | None = None  # the data folder's standards/, when its files are merged

    def __iter__(self) -> Iterator[Qualification]:
        return iter(self.qualifications.values())

    def get(self, qualification_id: str) -> Qualification:
        found = self.qualifications.get(qualification_id.strip().lower())
        if found is None:
            known = ", ".join(self.qualifications) or "none"
            raise KeyError(
                f"no qualification {qualification_id!r}; the qualifications are: {known}"
            )
        return found


def load_library(directory: Path | None = None, *, checked: bool | None = None) -> Library:
    """Load every `*.json` standard in `directory` (default: `standards_dir()`). Each file is
    checked against the schema unless it is the shipped standards (checked when tested), or
    `checked` says otherwise."""
    directory = Path(directory) if directory else standards_dir()
    if checked is None:
        checked = not _is_shipped(directory)
    library = Library()
    schema_path = directory / SCHEMA_NAME
    for path in sorted(directory.glob("*.json")):
        if path.name == SCHEMA_NAME:
            continue
        try:
            qualification = load_qualification_file(path, schema_path, checked=checked)
        except StandardsError as error:
            library.problems.append(error)
            continue
        if qualification.id in library.qualifications:
            library.problems.append(
                StandardsError(path, "id", f"id {qualification.id!r} is already used")
            )
            continue
        library.qualifications[qualification.id] = qualification
    return library


@cache
def default_library() -> Library:
    """The standards the app runs on, loaded once a process."""
    return load_library()


# a centre's own unit specifications ---------------------------------------------------------
#
# A centre's file (`$defs/centre_file` of the schema) names the shipped qualification it
# `extends`, the document its units come from (`source`), the units it `replaces` (given by the
# shipped data less fully, usually by title only: same code, level, credits, group and
# references) and the units it `adds` (not in the shipped data, each in one of its groups).
# Files live in the data folder's standards/ folder; every command and the app on that data
# folder use the shipped standards with them merged in.


@dataclass(frozen=True)
class CentreFile:
    """A checked centre file: what it extends, replaces and adds, and where it came from."""

    path: Path
    extends: str
    document: str
    replaces: tuple[tuple[Unit, str], ...]  # (unit, its place in the file)
    adds: tuple[tuple[Unit, str], ...]
    codes: tuple[tuple[str, str], ...]  # every code its units use (normalised), with its place
    digest: str = ""  # sha256 of the bytes that were read and checked

    @property
    def name(self) -> str:
        return self.path.name


def centre_folder(data_dir: Path) -> Path:
    return Path(data_dir) / CENTRE_FOLDER


def centre_files(data_dir: Path) -> list[Path]:
    folder = centre_folder(data_dir)
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.glob("*.json") if not p.name.startswith(".") and p.name != SCHEMA_NAME
    )


def not_a_plain_file(path: Path) -> str | None:
    """Why a file in the centre's folder is never read: a symbolic link (it could point
    anywhere), a named pipe, device or socket (a read could wait forever) or a folder. None for
    a plain file, or for one that is gone (the read says so)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        what = "a symbolic link"
    elif stat.S_ISDIR(mode):
        what = "a folder"
    else:
        what = "a named pipe, device or socket"
    return f"it is {what}, not a file, and is never read"


def centre_fingerprint(data_dir: Path) -> str:
    """What the centre's files are now, cheaply (names, sizes, times; nothing is read): a
    cache of anything worked out from the standards is good only while this is unchanged."""
    parts = []
    for path in centre_files(data_dir):
        try:
            stat = path.stat()
        except OSError:
            continue
        parts.append(f"{path.name}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}")
    if not parts:
        return ""
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def schema_digest(schema_path: Path | None = None) -> str:
    """The sha256 of the schema files are checked against: a record of checked files holds for
    this schema only."""
    schema_path = schema_path or standards_dir() / SCHEMA_NAME
    try:
        return file_digest(schema_path.read_bytes())
    except OSError:
        return ""


def checked_digests(data_dir: Path, schema_path: Path | None = None) -> frozenset[str]:
    """The sha256 of each centre's file `standards add` checked against the schema now in use
    (`CHECKED_NAME`); none when the record is missing, damaged or for another schema."""
    path = centre_folder(data_dir) / CHECKED_NAME
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode) or os.lstat(path).st_size > 1_000_000:
            return frozenset()
        record = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return frozenset()
    if not isinstance(record, dict) or record.get("schema") != schema_digest(schema_path):
        return frozenset()
    files = record.get("files")
    if not isinstance(files, dict):
        return frozenset()
    return frozenset(d for d in files.values() if isinstance(d, str) and len(d) == 64)


def checked_record(data_dir: Path, added: CentreFile) -> bytes:
    """The record of checked files with `added` in it, in place of any file of its name, and
    without files that are gone: what `standards add` writes to `CHECKED_NAME`."""
    schema = schema_digest()
    folder = centre_folder(data_dir)
    try:
        record = json.loads((folder / CHECKED_NAME).read_bytes())
    except (OSError, ValueError, RecursionError):
        record = {}
    files = record.get("files") if isinstance(record, dict) else None
    if not isinstance(files, dict) or record.get("schema") != schema:
        files = {}
    present = {p.name for p in centre_files(data_dir)}
    kept = {
        name: digest
        for name, digest in files.items()
        if isinstance(name, str) and name in present and isinstance(digest, str)
    }
    kept[added.name] = added.digest
    return json.dumps({"schema": schema, "files": dict(sorted(kept.items()))}, indent=1).encode()


def read_centre_file(
    path: Path,
    shipped: Library,
    schema_path: Path | None = None,
    *,
    checked: frozenset[str] = frozenset(),
    raw: bytes | None = None,
) -> CentreFile:
    """Read and check a centre's file against the shipped qualification it extends. A file
    whose sha256 is in `checked` was checked against the schema when it was added, and is not
    again; the rest of the checks are made every time. `raw`: the file's bytes, already read."""
    path = Path(path)
    schema_path = schema_path or standards_dir() / SCHEMA_NAME
    raw = read_standards_bytes(path) if raw is None else raw
    digest = file_digest(raw)
    data = _read_json(path, raw)
    if not isinstance(data, dict) or "extends" not in data:
        if isinstance(data, dict) and "units" in data and "format" in data:
            raise StandardsError(
                path,
                "",
                "a whole qualification standard, not a centre's file of units: a centre's "
                "file names the qualification it 'extends' and the units it 'replaces' or 'adds'",
            )
        raise StandardsError(
            path,
            "",
            f"not a centre's file of units ({_found(data)}, not the 'format', 'extends', "
            "'source' and 'replaces' or 'adds' of a centre's file)",
        )
    if not data.get("replaces") and not data.get("adds"):
        raise StandardsError(
            path, "", "the file replaces and adds no units: give them under 'replaces' or 'adds'"
        )
    if digest not in checked:
        _schema_check(path, data, _validator(schema_path, "centre_file"))
    _text_check(path, data)
    try:
        return _centre_file(path, data, shipped, digest)
    except StandardsError:
        raise
    except Exception:
        if digest not in checked:
            raise
        # listed as checked, but not the shape the schema gives (the record was copied from
        # elsewhere, or forged): checked in full, as a file that was never added
        return read_centre_file(path, shipped, schema_path, raw=raw)


def _centre_file(path: Path, data: dict, shipped: Library, digest: str) -> CentreFile:
    try:
        base = shipped.qualifications[data["extends"]]
    except KeyError:
        known = ", ".join(shipped.qualifications) or "none"
        raise StandardsError(
            path,
            "extends",
            f"no qualification {data['extends']!r}; the qualifications are: {known}",
        ) from None
    group_ids = [g.id for g in base.groups]
    document = data["source"]["document"]
    reasons = tuple(r.id for r in base.simulation_reasons)
    every = [("replaces", u) for u in data.get("replaces", [])] + [
        ("adds", u) for u in data.get("adds", [])
    ]
    places = {"replaces": 0, "adds": 0}
    replaces, adds = [], []
    names_seen: dict[str, str] = {}
    codes_seen: dict[str, str] = {}
    for kind, raw in every:
        where = f"{kind}[{places[kind]}]"
        places[kind] += 1
        _unit_shape(path, raw, where, group_ids)
        _no_clash(path, _unit_codes(raw, where), "code", codes_seen)
        _no_clash(path, _unit_names(raw, where), "unit number", names_seen)
        shipped_unit = base.unit(raw["code"])
        if kind == "replaces":
            _check_replacement(path, where, raw, shipped_unit, base)
            raw = {**raw, "aliases": _merged_aliases(raw, shipped_unit)}
            replaces.append((_build_unit(raw, reasons, path.name, document), where))
        else:
            if shipped_unit is not None:
                raise StandardsError(
                    path,
                    f"{where}.code",
                    f"{base.title} already has unit {shipped_unit.code}: give it under "
                    "'replaces' to replace it",
                )
            for alias, place in _unit_names(raw, where):
                if base.unit(alias) is not None:
                    raise StandardsError(
                        path, place, f"{alias!r} already names unit {base.unit(alias).code}"
                    )
            adds.append((_build_unit(raw, reasons, path.name, document), where))
    return CentreFile(
        path,
        base.id,
        document,
        tuple(replaces),
        tuple(adds),
        tuple(codes_seen.items()),
        digest,
    )


def _merged_aliases(raw: dict, shipped_unit: Unit) -> list[str]:
    aliases = list(shipped_unit.aliases)
    known = {normalise_code(a) for a in aliases}
    aliases.extend(a for a in raw.get("aliases", []) if normalise_code(a) not in known)
    return aliases


def _check_replacement(path: Path, where: str, raw: dict, shipped: Unit | None, base) -> None:
    if shipped is None:
        raise StandardsError(
            path,
            f"{where}.code",
            f"{base.title} has no unit {raw['code']!r} to replace: give a new unit under 'adds'",
        )
    if normalise_code(raw["code"]) != normalise_code(shipped.code):
        raise StandardsError(
            path,
            f"{where}.code",
            f"give unit {shipped.code} by its number {shipped.code!r}, not {raw['code']!r}",
        )
    for name, words in (("level", "level"), ("credits", "credits"), ("group", "group")):
        if raw[name] != getattr(shipped, name):
            raise StandardsError(
                path,
                f"{where}.{name}",
                f"unit {shipped.code} has {words} {getattr(shipped, name)!r} in "
                f"{shipped.source_file or base.id}, not {raw[name]!r}: a centre's file gives a "
                "unit's criteria; it does not change its level, credits or group",
            )
    for key, value in raw["refs"].items():
        if key in shipped.refs and normalise_code(value) != normalise_code(shipped.refs[key]):
            raise StandardsError(
                path,
                f"{where}.refs.{key}",
                f"unit {shipped.code} has {key.upper()} {shipped.refs[key]}, not {value}: "
                "is this the specification of another unit?",
            )


def merge_centre_file(qualification: Qualification, centre: CentreFile) -> Qualification:
    """The qualification with the file's units in place; StandardsError when the file clashes
    with a file merged before it."""
    replaced = {normalise_code(u.code): (u, where) for u, where in centre.replaces}
    for unit in qualification.units:
        if normalise_code(unit.code) in replaced and unit.from_centre:
            _, where = replaced[normalise_code(unit.code)]
            raise StandardsError(
                centre.path,
                f"{where}.code",
                f"unit {unit.code} is already given by the centre's file {unit.source_file}",
            )
    for unit, where in centre.adds:
        for name in (unit.code, *unit.aliases):
            if qualification.unit(name) is not None:
                raise StandardsError(
                    centre.path,
                    f"{where}.code",
                    f"{name!r} already names unit {qualification.unit(name).code} (from "
                    f"{qualification.unit(name).source_file})",
                )
    # item codes are unique across a qualification: a code names one thing
    theirs = {normalise_code(code): place for code, place in centre.codes}
    for unit in qualification.units:
        if normalise_code(unit.code) in replaced:
            continue
        for item in (unit.code, *(i.code for i in unit.items), *_parent_codes(unit)):
            if normalise_code(item) in theirs:
                raise StandardsError(
                    centre.path,
                    theirs[normalise_code(item)],
                    f"code {item!r} is already used by unit {unit.code}",
                )
    units = [replaced.get(normalise_code(u.code), (u,))[0] for u in qualification.units]
    for unit, _ in centre.adds:
        last = max((i for i, u in enumerate(units) if u.group == unit.group), default=None)
        units.insert(len(units) if last is None else last + 1, unit)
    return replace(
        qualification,
        units=tuple(units),
        centre_files=(*qualification.centre_files, centre.name),
    )


def _parent_codes(unit: Unit) -> Iterator[str]:
    yield from (e.code for e in unit.elements)
    yield from (r.code for r in unit.evidence_requirements)


def with_centre_files(
    shipped: Library,
    paths: list[Path],
    folder: Path | None = None,
    checked: frozenset[str] = frozenset(),
) -> Library:
    """The shipped standards with each centre file merged in, in order; a file that cannot be
    used is left out and named in `problems`, changing nothing. `checked`: the sha256 of the
    files checked against the schema when they were added (`checked_digests`)."""
    library = Library(dict(shipped.qualifications), list(shipped.problems), folder)
    for path in paths:
        problem = not_a_plain_file(path)
        if problem:
            library.problems.append(StandardsError(path, "", problem))
            continue
        try:
            centre = read_centre_file(path, shipped, checked=checked)
            qualification = library.qualifications[centre.extends]
            library.qualifications[centre.extends] = merge_centre_file(qualification, centre)
        except StandardsError as error:
            library.problems.append(error)
    return library


_libraries: dict[str, tuple[str, Library]] = {}
_libraries_lock = threading.Lock()


def library_for(data_dir: Path | None) -> Library:
    """The standards of a data folder: the shipped ones with the centre's files in its
    standards/ folder merged in; loaded once a process while the files are unchanged."""
    if data_dir is None:
        return default_library()
    key = str(Path(data_dir).resolve())
    fingerprint = centre_fingerprint(data_dir)
    with _libraries_lock:
        cached = _libraries.get(key)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
    if not fingerprint:
        library = default_library()
    else:
        library = with_centre_files(
            default_library(),
            centre_files(data_dir),
            centre_folder(data_dir),
            checked_digests(data_dir),
        )
    with _libraries_lock:
        _libraries[key] = (fingerprint, library)
    return library
