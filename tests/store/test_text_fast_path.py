"""Reading a logbook checks the rule on text field by field only in rows whose JSON might hold a
control character (`logbook.store.logbooks.check_rows`): a shortcut that must never let through
what the field-by-field check refuses, nor refuse what it lets through.

The policy (developers' guide): "stored text never holds control characters except newline and
tab in multi-line fields". Each case damages one string of a real logbook's rows (the demo's)
and reads them both ways: the same records, or the same message naming the same record.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logbook.domain.text import MAX_LINE, control_characters
from logbook.store.logbooks import CorruptLogbook, _may_hold_controls, check_rows
from tests.store.helpers import richest_demo_logbook

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def logbook(tmp_path_factory) -> tuple[Path, list[dict]]:
    """The demo logbook with the most kinds of record: its path and its rows as read."""
    return richest_demo_logbook(tmp_path_factory.mktemp("demo") / "caseload")


def _strings(value, where=()):
    """The place of every string inside a row (keys and list positions), and the string."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, (*where, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _strings(inner, (*where, index))


def _put(row: dict, where: tuple, text: str) -> None:
    for step in where[:-1]:
        row = row[step]
    row[where[-1]] = text


def _read(path: Path, rows: list[dict], every_text: bool):
    try:
        return [r.to_dict() for r in check_rows(path, rows, every_text=every_text)]
    except CorruptLogbook as error:
        return str(error)


# what is put into a string: what the rule refuses, what it allows in notes alone, and text
REFUSED = [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\x9f", "\u200e", "\u2028", "\u202e"]
REFUSED += ["\u2066", "\u2069"]
ALLOWED = ["a", " ", "é", "£", "\u00a0", "\u2014", "😀", "\\", '"', "/", "\\n", "\\u001b", "\ufeff"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_shortcut_and_the_field_by_field_check_agree(logbook, data):
    path, rows = logbook
    rows = copy.deepcopy(rows)
    for _ in range(data.draw(st.integers(1, 2))):
        position = data.draw(st.integers(0, len(rows) - 1))
        places = list(_strings(rows[position]))
        where, text = data.draw(st.sampled_from(places))
        added = data.draw(st.lists(st.sampled_from(REFUSED + ALLOWED), min_size=1, max_size=3))
        at = data.draw(st.integers(0, len(text)))
        changed = text[:at] + "".join(added) + text[at:]
        if data.draw(st.booleans()):  # to the size of a line, or one beyond
            changed = (changed * MAX_LINE)[: MAX_LINE + data.draw(st.integers(0, 1))]
        _put(rows[position], where, changed)
    assert _read(path, rows, every_text=False) == _read(path, rows, every_text=True)


def test_a_line_break_in_a_line_is_refused_and_in_notes_kept(logbook):
    """The shortcut must not skip a row whose only escape is an allowed line break."""
    path, rows = logbook
    rows = copy.deepcopy(rows)
    position, row = next((i, r) for i, r in enumerate(rows, 1) if r["kind"] == "observation")
    row["feedback"] = "Good.\nKeep it up.\tThanks"
    assert len(check_rows(path, rows)) == len(rows)
    row["venue"] = "Front\ndesk"
    with pytest.raises(CorruptLogbook) as refused:
        check_rows(path, rows)
    assert f"record {position} (observation) is damaged: venue" in str(refused.value)
    assert "line breaks" in str(refused.value)


def test_every_character_the_rule_refuses_is_seen_in_the_json():
    """Every code point the rule on text refuses (in a line: a line break too) makes the
    shortcut look field by field, however another tool escaped it: the rows are encoded
    again as orjson writes them."""
    refused = [c for c in range(0x10000) if control_characters(chr(c), multiline=False)]
    assert len(refused) > 70  # C0, DEL, C1 and the marks that reorder or hide text
    for code in refused:
        assert _may_hold_controls([{"notes": f"x{chr(code)}y"}]), hex(code)
    # above U+FFFF the rule refuses nothing, and the shortcut sees plain text as plain
    assert not control_characters("".join(map(chr, range(0x10000, 0x11000))))
    assert not _may_hold_controls([{"notes": "Plain text, £5 and é: fine."}])
