"""The caseload list after a save appends what changed to the index's journal.

The index (a copy of each logbook's summary, in the user's state folder) is no longer rewritten
whole, one entry per candidate, each time the list is gone through after a save: the entries
that changed are appended to its journal (`logbook.store.caseload`). These tests read
the list back as another process would, after torn and damaged journals, an index rewritten by
an older version, and a journal that is a link, and compare it with the list worked out from
the logbooks alone.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import orjson
import pytest

from logbook.demo import write_demo
from logbook.domain.records import Observation
from logbook.store import caseload as caseload_module
from logbook.store.caseload import Caseload
from logbook.store.storage import settle

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "caseload"
    write_demo(folder, TODAY)
    Caseload(folder).view(TODAY)  # the index written whole
    return folder


@pytest.fixture
def folder(demo, tmp_path) -> Path:
    copy = tmp_path / "caseload"
    shutil.copytree(demo, copy)
    return copy


def _save(folder: Path, n: int) -> str:
    """An observation added to the first logbook listed; its candidate's id."""
    summary = Caseload(folder).view(TODAY).summaries[0]
    book = Caseload(folder).logbook(summary["id"])
    observed = next(r for r in book.read(TODAY).records if isinstance(r, Observation))
    book.add(
        Observation(
            date=TODAY,
            venue="Valley Leisure Centre reception",
            activity=f"Dealt with complaint {n} at the desk",
            links=observed.links[:1],
            justification="Recorded accurately",
            feedback="Well done",
        ),
        "Morgan Ellis",
        TODAY,
    )
    return summary["id"]


def _from_the_logbooks(folder: Path) -> list[dict]:
    """The list worked out from the logbooks alone, in another folder: no index."""
    elsewhere = folder.parent / "without-index"
    shutil.rmtree(elsewhere, ignore_errors=True)
    settle()  # the saves done: the old files' second names unlinked (replaced_path)
    shutil.copytree(folder, elsewhere)
    Caseload(elsewhere).index_path.unlink(missing_ok=True)
    Caseload(elsewhere).index_journal.unlink(missing_ok=True)
    return Caseload(elsewhere).view(TODAY).summaries


def test_a_save_then_the_list_appends_one_line_and_leaves_the_index_alone(folder):
    index, journal = Caseload(folder).index_path, Caseload(folder).index_journal
    Caseload(folder).view(TODAY)  # every file copied: a new inode, the index written whole
    status = index.stat()
    saved = _save(folder, 1)
    before = journal.read_bytes()
    summaries = Caseload(folder).view(TODAY).summaries
    assert index.stat().st_ino == status.st_ino and index.stat().st_mtime_ns == status.st_mtime_ns
    added = journal.read_bytes()[len(before) :]
    assert added.count(b"\n") == 1 and orjson.loads(added)["file"] == f"{saved}.json"
    assert summaries == _from_the_logbooks(folder)
    # as another process reads it: every file known as it is now, nothing written again
    cached = Caseload(folder)._read_index()
    assert cached[f"{saved}.json"]["key"] == list(_key(folder / f"{saved}.json"))
    Caseload(folder).view(TODAY)
    assert journal.read_bytes() == before + added


def _key(path: Path) -> tuple:
    status = path.stat()
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:-20],  # the last line cut short
        lambda raw: raw + b"\0" * 300,  # a crash before the journal was written back
        lambda raw: raw + b'{"file": "x.json", "entry": 7}\n',  # not an entry
        lambda raw: raw.replace(b'"entry":{', b'"entry":[', 1),  # nor this
    ],
)
def test_a_damaged_journal_costs_a_summary_again_never_a_wrong_row(folder, damage):
    _save(folder, 1)
    Caseload(folder).view(TODAY)
    journal = Caseload(folder).index_journal
    journal.write_bytes(damage(journal.read_bytes()))
    assert Caseload(folder).view(TODAY).summaries == _from_the_logbooks(folder)
    _save(folder, 2)
    assert Caseload(folder).view(TODAY).summaries == _from_the_logbooks(folder)
    assert Caseload(folder).view(TODAY).summaries == _from_the_logbooks(folder)


def test_an_index_rewritten_by_an_older_version_is_read_without_the_journal(folder):
    _save(folder, 1)
    Caseload(folder).view(TODAY)
    index = Caseload(folder).index_path
    data = orjson.loads(index.read_bytes())
    del data["journal"]  # an older version wrote it whole, knowing no journal
    index.write_bytes(orjson.dumps(data))
    assert Caseload(folder)._read_index() == data["files"]
    assert Caseload(folder).view(TODAY).summaries == _from_the_logbooks(folder)
    assert "journal" in orjson.loads(index.read_bytes())  # written whole again


def test_a_journal_that_is_a_link_is_never_followed(folder, tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_bytes(b"someone else's file\n")
    Caseload(folder).view(TODAY)  # the index and its journal written
    journal = Caseload(folder).index_journal
    journal.unlink()
    journal.symlink_to(target)
    _save(folder, 1)
    assert Caseload(folder).view(TODAY).summaries == _from_the_logbooks(folder)
    assert target.read_bytes() == b"someone else's file\n"


def test_the_journal_is_folded_into_the_index_once_it_outgrows_it(folder, monkeypatch):
    monkeypatch.setattr(caseload_module, "INDEX_COMPACT_BYTES", 0)
    index, journal = Caseload(folder).index_path, Caseload(folder).index_journal
    names = set()
    for n in range(12):
        _save(folder, n)
        assert Caseload(folder).view(TODAY).summaries == _from_the_logbooks(folder)
        names.add(orjson.loads(index.read_bytes())["journal"])
        assert journal.stat().st_size <= max(index.stat().st_size, 100) + 4096
    assert len(names) > 1  # written whole again now and then
