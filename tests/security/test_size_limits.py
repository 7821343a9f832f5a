"""Every write has a size limit, and it is the read limit: nothing is saved that cannot be read.

A logbook file is read only up to `MAX_FILE_BYTES` (64 MB): a bigger one is reported damaged.
So a save that would make the file bigger is refused, with a reason, before anything is
written, and so is an import that would write a bigger file; and one string never holds more
than the rule on text allows (`MAX_NOTES` for notes), so a 66 MB note is refused at once.
"""

from __future__ import annotations

import errno
import json
import uuid

import orjson
import pytest

from logbook.domain.records import Discussion, Link, Observation
from logbook.domain.text import MAX_NOTES
from logbook.domain.validation import RecordRefused
from logbook.store import history as chain
from logbook.store.caseload import Caseload
from logbook.store.exchange import ImportRefused, export_logbooks, import_export, write_export
from logbook.store.logbooks import LogbookFile
from logbook.store.storage import MAX_FILE_BYTES
from tests.security.helpers import ASSESSOR, TODAY, demo_copy, fingerprint, here, write_template


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return write_template(tmp_path_factory.mktemp("demo") / "caseload")


@pytest.fixture
def caseload(template, tmp_path):
    return demo_copy(template, tmp_path / "caseload")


def test_a_66_mb_note_is_refused_at_save_and_the_logbook_still_opens(caseload):
    book = caseload.find("Priya Shah")
    before = fingerprint(book.path)
    huge = Discussion(
        date=TODAY,
        topics="Everything",
        notes="n" * (66 * 1024 * 1024),
        links=[Link("205", "205 Ka")],
    )
    with pytest.raises(RecordRefused) as refusal:
        book.add(huge, ASSESSOR, TODAY)
    assert f"at most {MAX_NOTES:,} can be stored" in str(refusal.value)
    assert refusal.value.problems[0].field == "notes"
    assert fingerprint(book.path) == before
    assert book.read(TODAY).candidate.name == "Priya Shah"


def test_a_save_that_would_pass_the_read_limit_is_refused_and_the_file_still_opens(tmp_path):
    """A real logbook a few kilobytes short of 64 MB: the next record would not fit."""
    caseload = Caseload(tmp_path / "caseload")
    template = write_template(tmp_path / "demo")
    gareth = Caseload(template).find("Gareth Jones")
    data = orjson.loads(gareth.path.read_bytes())
    rows = [data["records"][k] for k in sorted(data["records"], key=int)]
    history = [data["history"][k] for k in sorted(data["history"], key=int)]
    observation = next(r for r in rows if r["kind"] == "observation")
    notes = "Reviewed the bookings with the duty manager. " * 400  # 18,000 characters

    def grow(count: int) -> bytes:
        for _ in range(count):
            row = {**observation, "id": str(uuid.uuid4()), "justification": notes}
            rows.append(row)
            history.append(chain.make_entry(history[-1], "add", row, ASSESSOR))
        data["records"] = {str(i): r for i, r in enumerate(rows, 1)}
        data["history"] = {str(i): e for i, e in enumerate(history, 1)}
        return orjson.dumps(data, option=orjson.OPT_INDENT_2)

    base = len(grow(0))
    after = len(grow(10))
    each = (after - base) // 10 + 1  # the bytes one more record costs
    payload = grow((MAX_FILE_BYTES - after) // each - 1)
    assert len(payload) <= MAX_FILE_BYTES < len(payload) + each  # one more will not fit
    book = LogbookFile(caseload.folder / gareth.path.name)
    book.path.write_bytes(payload)
    before = fingerprint(book.path)

    record = Observation(
        date=TODAY,
        venue="Valley Leisure Centre reception",
        activity="One more",
        justification=notes,
        feedback="Good",
        links=[Link("1", "1.1")],
    )
    with pytest.raises(RecordRefused) as refusal:
        book.add(record, ASSESSOR, TODAY)
    assert "more than a logbook may hold" in str(refusal.value)
    assert fingerprint(book.path) == before
    assert len(book.read(TODAY).records) == len(rows)  # and it still opens


def test_a_smaller_limit_is_the_read_limit_and_the_write_limit(caseload):
    book = caseload.find("Gareth Jones")
    limit = book.path.stat().st_size + 5_000
    small = LogbookFile(book.path, max_bytes=limit)
    saved = 0
    with pytest.raises(RecordRefused, match="more than a logbook may hold"):
        for n in range(100):
            small.add(
                Observation(
                    date=TODAY,
                    venue="Reception",
                    activity=f"Enquiry {n}",
                    justification="j" * 900,
                    feedback="f",
                    links=[Link("1", "1.1")],
                ),
                ASSESSOR,
                TODAY,
            )
            saved += 1
    assert 0 < saved < 100
    assert book.path.stat().st_size <= limit
    assert len(small.read(TODAY).evidence) == 1 + saved


def test_an_import_that_would_pass_the_limit_is_refused_before_it_writes(caseload, tmp_path):
    """The export is compact; the logbook file it makes is indented and bigger."""
    path = tmp_path / "priya.json"
    write_export(path, export_logbooks([caseload.find("Priya Shah")]))
    compact = tmp_path / "compact.json"
    compact.write_text(json.dumps(json.loads(path.read_bytes()), separators=(",", ":")))
    target = Caseload(tmp_path / "target", max_bytes=compact.stat().st_size + 100)
    with pytest.raises(ImportRefused) as refusal:
        import_export(target, compact)
    assert "its logbook file would be" in str(refusal.value)
    assert "more than a logbook may hold" in str(refusal.value)
    assert [p.name for p in target.folder.iterdir() if not p.name.endswith(".lock")] == []


def test_an_export_larger_than_an_import_reads_is_not_written(caseload, tmp_path):
    data = export_logbooks([caseload.find("Priya Shah")])
    path = tmp_path / "priya.json"
    with pytest.raises(OSError, match="more than an import reads") as refusal:
        write_export(path, data, max_bytes=10_000)
    assert refusal.value.errno == errno.EFBIG
    assert not path.exists()
    result = here("--data-dir", caseload.folder, "export", "--all", "-o", tmp_path / "all")
    assert result.returncode == 0  # the real limit: 64 MB, as `logbook import` reads
