"""Hostile text, and logbook files that hold it as another tool could have written them.

The store refuses control characters in what is typed or imported; a file written by another
tool (or by an older version) may still hold them, and any text may hold square brackets. These
helpers put such text straight into a logbook file, past the store's rules, so that what the
app and the command line show can be checked against it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from logbook.domain.text import visible
from logbook.store.storage import atomic_write, dump_json, read_json

# Escape sequences a name or a note could carry: the window title (OSC 0), the clipboard
# (OSC 52), clear screen (CSI 2 J), the same as an 8-bit C1 CSI, and a right-to-left override.
TITLE = "\x1b]0;PWNED\x07"
CLIPBOARD = "\x1b]52;c;SGVsbG8=\x07"
CLEAR = "\x1b[2J"
C1_CLEAR = "\x9b2J"
REORDER = "\u202e"
ESCAPES = f"{TITLE} {CLIPBOARD} {CLEAR} {C1_CLEAR} {REORDER}"
ESCAPES_SHOWN = visible(ESCAPES)  # '^[]0;PWNED^G ^[]52;c;SGVsbG8=^G ^[[2J <U+009B>2J <U+202E>'

# Text that Rich or Textual would read as markup if it were not shown as text.
CLOSING = "[/]"
NEE = "Jo Smith [nee Jones]"
MARKUP = "[bold]B1[/bold] [@click=app.quit]Q1[/] [/]"

# The free-text fields of the records (the domain's dataclasses), and of a question's answer.
FREE_TEXT = {
    "name", "registration_number", "workplace", "contact", "job_title", "organisation",
    "relationship", "status_statement", "venue", "activity", "justification", "feedback",
    "candidate_name", "description", "topics", "notes", "recording_ref", "question", "answer",
    "iv_name", "activities", "expected_evidence", "title", "review_note",
    "role_description", "location", "correction_reason", "assessor", "by",
}  # fmt: skip

# Bytes that must never leave the program: what the data's escapes would send to a terminal.
RAW_BYTES = [
    b"\x1b]0;PWNED",
    b"\x1b]52;",
    CLEAR.encode(),
    C1_CLEAR.encode(),
    REORDER.encode(),
]


def raw_control(text: str) -> list[str]:
    """The control characters in `text` (line breaks and tabs aside), in their visible form."""
    return sorted({visible(c) for c in text if visible(c) != c})


def _spoil(value, added: str, counter: list[str], first: bool = False):
    """`value` (a row, or a list or object inside one) with `added` after each free text (before
    it, when `first`)."""
    if isinstance(value, list):
        return [_spoil(item, added, counter, first) for item in value]
    if not isinstance(value, dict):
        return value
    spoiled = {}
    for key, item in value.items():
        if key in FREE_TEXT and isinstance(item, str):
            spoiled[key] = (f"{added} {item}" if first else f"{item} {added}").strip()
            counter.append(key)
        else:
            spoiled[key] = _spoil(item, added, counter, first)
    return spoiled


def plant(path: Path, added: str, *, name: str | None = None, first: bool = False) -> int:
    """Add `added` to every free-text field of every record in the logbook file `path` (at the
    start when `first`), and set the candidate's name to `name` when given, as another tool
    would; returns how many fields were changed."""
    data = read_json(path)
    counter: list[str] = []
    records = {key: _spoil(row, added, counter, first) for key, row in data["records"].items()}
    if name is not None:
        for row in records.values():
            if row["kind"] == "candidate":
                row["name"] = name
    data["records"] = records
    atomic_write(path, dump_json(data))
    return len(counter)


def logbook_of(folder: Path, name: str) -> Path:
    """The file of the candidate called `name` in the caseload `folder`."""
    for path in folder.glob("*.json"):
        if path.name.startswith("."):
            continue
        rows = json.loads(path.read_bytes())["records"].values()
        if any(r["kind"] == "candidate" and r["name"] == name for r in rows):
            return path
    raise LookupError(name)


def hostile_standards(target: Path, source: Path, added: str) -> Path:
    """A centre's copy of the standards in `source` with `added` in every unit's title and the
    qualifications' titles."""
    shutil.copytree(source, target)
    for path in target.glob("*.json"):
        if path.name == "schema.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        data["title"] = f"{data['title']} {added}"
        for unit in data["units"]:
            unit["title"] = f"{unit['title']} {added}"
        path.write_text(json.dumps(data), encoding="utf-8")
    return target
