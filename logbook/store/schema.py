"""The export's JSON Schema, generated: `logbook/store/export.schema.json` is this module's output.

The records are described once, by the dataclasses of `logbook.domain.records`; their part of the
schema (one definition per record kind, and `record`, which picks the definition by `kind`) is
made from those classes by msgspec, with the format of every date, time and date-time added and
unknown fields refused. The envelope around them (the export file, each logbook, its history
entries and the signers' keys) is the store's own format, described here.

Regenerate the shipped file after changing a record:

    .venv/bin/python -m logbook.store.schema --write

`tests/store/test_export_schema.py` fails while the shipped file differs from this output.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from datetime import date, datetime, time
from pathlib import Path

import msgspec

from logbook.domain.records import RECORD_KINDS, field_types

SCHEMA_PATH = Path(__file__).with_name("export.schema.json")
REGENERATE = ".venv/bin/python -m logbook.store.schema --write"
_FORMATS = {date: "date", time: "time", datetime: "date-time"}

ENVELOPE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:logbook:export:2",
    "title": "Logbook export, version 2 (version 1 files are read too)",
    "description": (
        "Candidates' logbooks moved between caseloads by 'logbook export' and 'logbook "
        "import'. Every record and history entry is exactly as the logbook stores it, in "
        "saved order. Records refer to the qualification, its units and their criteria, "
        "knowledge and range items by code (a link is a unit code and an item code). Every id"
        " is a UUID. The history is the logbook's hash-chained log: each entry's hash covers "
        "the entry and the previous entry's hash, and its digest is the SHA-256 of the record"
        " as it was saved. Since version 2 each entry is signed with its author's Ed25519 key"
        " (key, sig), the public keys of everyone who signed are in keys, and each logbook "
        "says how long its history was when it was exported (history_count, last_hash). "
        "Version 1 files have none of these: their entries are unsigned."
    ),
    "type": "object",
    "required": ["format", "version", "exported_at", "logbook_version", "logbooks"],
    "additionalProperties": False,
    "properties": {
        "format": {
            "const": "logbook-export",
        },
        "version": {
            "enum": [1, 2],
        },
        "exported_at": {
            "$ref": "#/$defs/dateTime",
        },
        "logbook_version": {
            "type": "string",
            "minLength": 1,
        },
        "logbooks": {
            "type": "array",
            "minItems": 1,
            "items": {
                "$ref": "#/$defs/logbook",
            },
        },
        "keys": {
            "description": (
                "Version 2: the public key of everyone who signed a history entry in this "
                "file, with their name. Compare a key's fingerprint (the first 16 hex digits "
                "of the SHA-256 of its 32 bytes) with the one the assessor gives you before "
                "trusting what it signed."
            ),
            "type": "array",
            "items": {
                "$ref": "#/$defs/publicKey",
            },
        },
    },
}

ENVELOPE_DEFS = {
    "logbook": {
        "description": "One candidate's logbook.",
        "type": "object",
        "required": ["candidate_id", "qualification", "records", "history"],
        "additionalProperties": False,
        "properties": {
            "candidate_id": {
                "description": (
                    "The id of the logbook's candidate record; the logbook's file is named by it."
                ),
                "$ref": "#/$defs/id",
            },
            "qualification": {
                "description": ("The qualification's id in the standards, e.g. cg-l3-nsvq."),
                "type": "string",
                "minLength": 1,
            },
            "records": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "$ref": "#/$defs/record",
                },
            },
            "history": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "$ref": "#/$defs/historyEntry",
                },
            },
            "history_count": {
                "description": (
                    "Version 2: the number of history entries when the logbook was exported."
                ),
                "type": "integer",
                "minimum": 1,
            },
            "last_hash": {
                "description": (
                    "Version 2: the hash of the last history entry when the logbook was exported."
                ),
                "$ref": "#/$defs/sha256",
            },
        },
    },
    "historyEntry": {
        "description": (
            "One entry of the hash-chained history: who did what to which record, when. Its "
            "hash is the SHA-256 of the entry without hash and sig, as JSON with sorted keys "
            "and no spaces; sig is the Ed25519 signature, by key, of the hash's 32 bytes."
        ),
        "type": "object",
        "required": [
            "seq",
            "at",
            "by",
            "action",
            "record",
            "kind",
            "digest",
            "note",
            "prev",
            "hash",
        ],
        "additionalProperties": False,
        "properties": {
            "seq": {
                "type": "integer",
                "minimum": 1,
            },
            "at": {
                "type": "string",
                "minLength": 1,
            },
            "by": {
                "type": "string",
            },
            "action": {
                "type": "string",
                "minLength": 1,
            },
            "record": {
                "$ref": "#/$defs/id",
            },
            "kind": {
                "type": "string",
                "minLength": 1,
            },
            "digest": {
                "$ref": "#/$defs/sha256",
            },
            "note": {
                "type": "string",
            },
            "prev": {
                "$ref": "#/$defs/sha256",
            },
            "hash": {
                "$ref": "#/$defs/sha256",
            },
            "key": {
                "description": (
                    "Version 2: the signer's Ed25519 public key, 32 bytes in hex. Absent on "
                    "entries written before entries were signed, which only ever come first."
                ),
                "type": "string",
                "pattern": "^[0-9a-f]{64}$",
            },
            "sig": {
                "description": ("Version 2: the Ed25519 signature of the hash, 64 bytes in hex."),
                "type": "string",
                "pattern": "^[0-9a-f]{128}$",
            },
            "id": {
                "description": (
                    "Since the centre store: the entry is a self-contained event with this id. "
                    "Absent on older entries, which form one chain of their own."
                ),
                "$ref": "#/$defs/id",
            },
            "device": {
                "description": (
                    "Since the centre store: the device that wrote the entry; seq and prev "
                    "follow that device's earlier entries in the history."
                ),
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
            },
            "parents": {
                "description": (
                    "Since the centre store: the digests of the versions of the record this "
                    "entry changes (none for a new record, several for a merge)."
                ),
                "type": "array",
                "maxItems": 200,
                "items": {"$ref": "#/$defs/sha256"},
            },
            "fields": {
                "description": "Since the centre store: the fields of the record it sets.",
                "type": "array",
                "maxItems": 200,
                "items": {"type": "string", "maxLength": 100},
            },
            "content": {
                "description": (
                    "Since the centre store: the record as this entry saved it; digest is the "
                    "SHA-256 of it."
                ),
                "type": "object",
            },
        },
        "dependentRequired": {
            "key": ["sig"],
            "sig": ["key"],
            "device": ["id", "parents", "fields", "content"],
        },
    },
    "publicKey": {
        "type": "object",
        "required": ["name", "public_key"],
        "additionalProperties": False,
        "properties": {
            "name": {
                "type": "string",
                "maxLength": 500,
            },
            "public_key": {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$",
            },
            "fingerprint": {
                "type": "string",
            },
        },
    },
    "id": {
        "description": "A record id: a UUID, lower case, with its hyphens.",
        "type": "string",
        "pattern": ("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
    },
    "sha256": {
        "type": "string",
        "pattern": "^[0-9a-f]{64}$",
    },
    "dateTime": {
        "type": "string",
        "format": "date-time",
        "pattern": (
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?(Z|[+-][0-9"
            "]{2}:[0-9]{2})?$"
        ),
    },
}


def _plain(hint):
    """`hint` without Annotated and without None: the type a value has when it is there."""
    while typing.get_origin(hint) is typing.Annotated:
        hint = typing.get_args(hint)[0]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) == 1:
            return _plain(options[0])
    return hint


def _add_formats(definition: dict, cls) -> None:
    """msgspec leaves out the format of an optional time or date-time: say it from the type."""
    for f in dataclasses.fields(cls):
        wanted = _FORMATS.get(_plain(field_types(cls)[f.name]))
        if wanted is None:
            continue
        prop = definition["properties"][f.name]
        for branch in prop.get("anyOf", [prop]):
            if branch.get("type") == "string":
                branch["format"] = wanted


def record_schema() -> dict[str, dict]:
    """The definitions of every record kind (and of what records hold), by name, plus `record`."""
    classes = list(RECORD_KINDS.values())
    _, components = msgspec.json.schema_components(classes, ref_template="#/$defs/{name}")
    by_name = {cls.__name__: cls for cls in classes}
    for cls in classes:
        for f in dataclasses.fields(cls):
            for inner in _dataclasses_in(field_types(cls)[f.name]):
                by_name[inner.__name__] = inner
    for name, definition in components.items():
        cls = by_name[name]
        _add_formats(definition, cls)
        if cls in classes:
            definition["properties"] = {
                "kind": {"const": cls.KIND},
                **definition["properties"],
            }
            definition["unevaluatedProperties"] = False
        else:
            definition["additionalProperties"] = False
    kinds = list(RECORD_KINDS)
    components["record"] = {
        "description": "One saved record; its kind says which fields it has.",
        "type": "object",
        "required": ["kind", "id"],
        "properties": {"kind": {"enum": kinds}},
        "allOf": [
            {
                "if": {"required": ["kind"], "properties": {"kind": {"const": kind}}},
                "then": {"$ref": f"#/$defs/{cls.__name__}"},
            }
            for kind, cls in RECORD_KINDS.items()
        ],
    }
    return dict(sorted(components.items()))


def _dataclasses_in(hint) -> list[type]:
    if dataclasses.is_dataclass(hint):
        found = [hint]
        for f in dataclasses.fields(hint):
            found.extend(_dataclasses_in(field_types(hint)[f.name]))
        return found
    return [inner for arg in typing.get_args(hint) for inner in _dataclasses_in(arg)]


def export_schema() -> dict:
    """The whole export schema (JSON Schema, draft 2020-12)."""
    return {**ENVELOPE, "$defs": {**ENVELOPE_DEFS, **record_schema()}}


def render() -> str:
    """The text of `export.schema.json`, as shipped."""
    return json.dumps(export_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        SCHEMA_PATH.write_text(render(), encoding="utf-8")
        print(f"wrote {SCHEMA_PATH}")
        return 0
    sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
