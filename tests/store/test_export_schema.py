"""The export schema is generated from the records' one description, and shipped as generated."""

from __future__ import annotations

import dataclasses
import json

from logbook.domain.records import RECORD_KINDS, field_types, text_limit
from logbook.store.schema import REGENERATE, SCHEMA_PATH, export_schema, render


def test_the_shipped_schema_is_the_generated_one():
    shipped = SCHEMA_PATH.read_text(encoding="utf-8")
    assert shipped == render(), (
        f"{SCHEMA_PATH.name} is not what the record dataclasses generate: run `{REGENERATE}`"
    )


def test_every_field_size_and_choice_of_a_record_is_in_the_schema():
    defs = export_schema()["$defs"]
    for kind, cls in RECORD_KINDS.items():
        properties = defs[cls.__name__]["properties"]
        assert properties["kind"] == {"const": kind}
        for f in dataclasses.fields(cls):
            limit = text_limit(field_types(cls)[f.name])
            shown = json.dumps(properties[f.name])
            if limit:
                assert f'"maxLength": {limit[0]}' in shown, (kind, f.name)
    assert defs["Witness"]["properties"]["relative"]["default"] == "not_asked"
    assert set(defs["Observation"]["properties"]["context"]["enum"]) == {
        "real_work",
        "rwe",
        "simulation",
    }
