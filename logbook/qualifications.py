"""Load the qualification standards in `standards/` into domain objects, checking each file.

A file is checked against `standards/schema.json` and against what a schema cannot say (codes
that repeat, groups that do not exist). A broken or foreign file is refused with its name, the
place in it and what is wrong; the other qualifications still load.
"""

from __future__ import annotations

# jsonschema is imported where it is used: a caseload drawn from its summary index needs no
# standards at all, and start-up time is what an assessor waits for.
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from logbook.domain.standards import (
    Contexts,
    Criterion,
    Element,
    EvidenceRequirement,
    Group,
    Qualification,
    Rule,
    Unit,
    normalise_code,
)

SCHEMA_NAME = "schema.json"
MAX_FILE_BYTES = 5_000_000


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
    installed = Path(__file__).parent / "standards_data"
    if (installed / SCHEMA_NAME).is_file():
        return installed
    return Path(__file__).resolve().parents[1] / "standards"


@cache
def _validator(schema_path: Path):
    import jsonschema  # imported when a standard is first loaded, not at start-up

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _place(path_parts) -> str:
    out = ""
    for part in path_parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _read_json(path: Path):
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise StandardsError(path, "", f"file is larger than {MAX_FILE_BYTES} bytes")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise StandardsError(path, f"byte {error.start}", "not UTF-8 text") from error
    except OSError as error:
        raise StandardsError(path, "", f"cannot be read ({error.strerror})") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise StandardsError(
            path, f"line {error.lineno} column {error.colno}", f"not valid JSON ({error.msg})"
        ) from error
    except RecursionError as error:
        raise StandardsError(path, "", "nested too deeply to be a standards file") from error


def load_qualification_file(path: Path, schema_path: Path | None = None) -> Qualification:
    """Read, check and build one qualification; raise StandardsError if it cannot be used."""
    path = Path(path)
    data = _read_json(path)
    validator = _validator(schema_path or path.parent / SCHEMA_NAME)
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.path), list(e.path)))
    if errors:
        if not isinstance(data, dict) or "format" not in data or "units" not in data:
            if isinstance(data, dict):
                keys = ", ".join(repr(k) for k in list(data)[:5]) or "no keys"
                found = f"a JSON object with {keys}"
            else:
                found = {list: "a JSON array", str: "a JSON string"}.get(type(data), "a JSON value")
            raise StandardsError(
                path,
                "",
                f"not a qualification standard ({found}, not the 'format', 'id' and 'units' "
                "of a standard)",
            )
        from jsonschema.exceptions import best_match

        error = best_match(errors)
        raise StandardsError(path, _place(error.absolute_path), _short(error.message))
    _cross_check(path, data)
    return _build(data)


def _short(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _cross_check(path: Path, data: dict) -> None:
    group_ids = [g["id"] for g in data["groups"]]
    _no_repeats(path, "groups", group_ids, "group id")
    _no_repeats(path, "units", [normalise_code(u["code"]) for u in data["units"]], "unit code")
    codes: list[tuple[str, str]] = []  # (code, where)
    for i, unit in enumerate(data["units"]):
        where = f"units[{i}]"
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
        codes.append((unit["code"], f"{where}.code"))
        for e, element in enumerate(unit["elements"]):
            codes.append((element["code"], f"{where}.elements[{e}].code"))
            codes.extend(
                (c["code"], f"{where}.elements[{e}].criteria[{n}].code")
                for n, c in enumerate(element["criteria"])
            )
        codes.extend(
            (k["code"], f"{where}.knowledge[{n}].code") for n, k in enumerate(unit["knowledge"])
        )
        for r, requirement in enumerate(unit["evidence_requirements"]):
            codes.append((requirement["code"], f"{where}.evidence_requirements[{r}].code"))
            codes.extend(
                (item["code"], f"{where}.evidence_requirements[{r}].range[{n}].code")
                for n, item in enumerate(requirement["range"])
            )
    seen: dict[str, str] = {}
    for code, place in codes:
        key = normalise_code(code)
        if key in seen:
            raise StandardsError(path, place, f"code {code!r} is already used at {seen[key]}")
        seen[key] = place
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


def _build(data: dict) -> Qualification:
    units = tuple(
        Unit(
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
            ),
            elements=tuple(
                Element(
                    e["code"], e["title"], _criteria(e["criteria"]), e.get("kind", "performance")
                )
                for e in u["elements"]
            ),
            knowledge=_criteria(u["knowledge"]),
            evidence_requirements=tuple(
                EvidenceRequirement(r["code"], r["text"], _criteria(r["range"]))
                for r in u["evidence_requirements"]
            ),
            refs=dict(u["refs"]),
            aliases=tuple(u.get("aliases", ())),
        )
        for u in data["units"]
    )
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
            )
            for r in data["rules"]
        ),
        source=data["source"]["document"],
        notes=tuple(data["source"].get("notes", ())),
        unit_code_name=data.get("unit_code_name", "unit number"),
    )


@dataclass
class Library:
    """Every qualification that loaded, and the files that were refused, with why."""

    qualifications: dict[str, Qualification] = field(default_factory=dict)
    problems: list[StandardsError] = field(default_factory=list)

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


def load_library(directory: Path | None = None) -> Library:
    """Load every `*.json` standard in `directory` (default: `standards_dir()`)."""
    directory = Path(directory) if directory else standards_dir()
    library = Library()
    schema_path = directory / SCHEMA_NAME
    for path in sorted(directory.glob("*.json")):
        if path.name == SCHEMA_NAME:
            continue
        try:
            qualification = load_qualification_file(path, schema_path)
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
