"""A logbook file is read only through TinyDB over `LogbookStorage`: nothing else knows its layout.

The first test watches every file the process opens (Python's audit hook, which sees every
`open` and `os.open` without replacing either) while a caseload goes through its whole life:
written, opened, summarised, verified, changed, corrected, exported and imported into another
caseload. Every time a logbook file (`<uuid>.json`) is opened for reading, the code in this
package that asked for it (past the plain-file helpers of `logbook/store/storage.py`) must be
`logbook/store/logbook_storage.py`. The second reads the package's source: TinyDB is opened
with no other storage, and no other TinyDB storage exists.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from datetime import date
from pathlib import Path

import pytest

import logbook
from logbook.demo import write_demo
from logbook.domain.records import Candidate, Link, Observation
from logbook.store.caseload import Caseload
from logbook.store.exchange import export_logbooks, import_export, write_export

PACKAGE = Path(logbook.__file__).resolve().parent
STORAGE = PACKAGE / "store" / "logbook_storage.py"
PLAIN_FILE_HELPERS = PACKAGE / "store" / "storage.py"
LOGBOOK_NAME = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json")

_watching: list[tuple[Path, str]] | None = None  # (file, the package file that read it)


def _asker() -> Path | None:
    """The file of this package, past the plain-file helpers, whose code is opening a file."""
    frame = sys._getframe(2)
    while frame is not None:
        where = Path(frame.f_code.co_filename)
        if where.is_relative_to(PACKAGE) and where != PLAIN_FILE_HELPERS:
            return where
        frame = frame.f_back
    return None


def _on_audit(event: str, args: tuple) -> None:
    if _watching is None or event != "open":
        return
    path, _mode, flags = args
    if isinstance(path, int) or flags is None or flags & os.O_ACCMODE != os.O_RDONLY:
        return
    path = Path(os.fsdecode(path))
    if LOGBOOK_NAME.fullmatch(path.name):
        asker = _asker()
        if asker is not None:  # a test's own look at a file is not the product's
            _watching.append((path.resolve(), str(asker.relative_to(PACKAGE.parent))))


sys.addaudithook(_on_audit)  # hooks stay for the process; it does nothing unless watching


@pytest.fixture
def watched():
    global _watching
    _watching = []
    try:
        yield _watching
    finally:
        _watching = None


@pytest.fixture(autouse=True)
def _real_standards(monkeypatch):
    monkeypatch.delenv("LOGBOOK_STANDARDS_DIR", raising=False)


def test_every_read_of_a_logbook_file_goes_through_its_tinydb_storage(tmp_path, watched):
    caseload = write_demo(tmp_path / "caseload")
    today = date(2025, 6, 1)
    assert not caseload.view(today).problems  # cold: no index yet, every file read
    assert not caseload.verify().problems
    assert caseload.find("Priya Shah").read().candidate.name == "Priya Shah"
    candidate = Candidate(
        name="Gareth Jones",
        date_of_birth=date(1979, 6, 21),
        registration_number="OCR-NVQ-1187",
        qualification="ocr-l3-nvq",
        units=["1", "2", "3", "4", "5", "6"],
        registered_on=date(2025, 1, 6),
    )
    book = caseload.create(candidate, "Sam Assessor", today)
    observation = Observation(
        date=date(2025, 5, 1),
        venue="Valley Leisure Centre reception",
        activity="Logged an enquiry on the bookings system",
        links=[Link("1", "1.1")],
        justification="Recorded accurately",
        feedback="Well done",
    )
    book.add(observation, "Sam Assessor", today)
    book.correct(observation.id, observation, "Sam Assessor", "wrong activity", today)
    assert book.check().problems == []
    export = tmp_path / "priya.json"
    write_export(export, export_logbooks([book]))
    other = Caseload(tmp_path / "other")
    (imported,) = import_export(other, export, by="Sam Assessor")
    assert other.logbook(imported).read(today).candidate.name == "Gareth Jones"
    assert not other.verify().problems  # the import recorded its checkpoint, read through it

    readers = {reader for _, reader in watched}
    assert readers == {"logbook/store/logbook_storage.py"}, sorted(set(watched))
    read = {path for path, _ in watched}
    assert read == {path.resolve() for path in caseload.files() + other.files()}  # all of them


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name)
    ]


def test_tinydb_is_opened_only_over_the_logbook_storage():
    trees = {
        path: ast.parse(path.read_text(encoding="utf-8"), str(path))
        for path in PACKAGE.rglob("*.py")
    }
    opened = {path for path, tree in trees.items() if _calls(tree, "TinyDB")}
    assert opened == {STORAGE}
    (call,) = _calls(trees[STORAGE], "TinyDB")
    assert {k.arg: getattr(k.value, "id", None) for k in call.keywords}["storage"] == (
        "LogbookStorage"
    )
    storages = {
        path
        for path, tree in trees.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(getattr(base, "id", None) == "Storage" for base in node.bases)
    }
    assert storages == {STORAGE}
