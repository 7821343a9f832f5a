"""A save that adds a record encodes that record alone, and writes the file a full encode would.

The store keeps the bytes of the file it last wrote, cut into parts that each end with a table's
last row, and the SHA-256 state after each part; a save that only adds rows splices them in and
hashes them alone (`logbook.store.logbook_storage`). These tests read every file back fresh, as
another process would, and compare it byte for byte with the file a full encode of its tables
makes: a splice that put a row anywhere else, or a checksum that did not cover every byte, shows.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from itertools import pairwise

import orjson

from logbook.domain.records import Link, Observation, Witness
from logbook.store import logbook_storage as layout
from logbook.store.caseload import Caseload
from logbook.store.checkpoint import checkpoint_path, read_checkpoint
from logbook.store.logbook_storage import encode, file_summary, forget, open_logbook
from tests.store.helpers import TODAY, new_logbook


def _observation(n: int, activity: str = "") -> Observation:
    return Observation(
        date=date(2025, 5, 1),
        venue="Valley Leisure Centre reception",
        activity=activity or f"Dealt with complaint {n} at the desk",
        links=[Link("1", "1.2")],
        justification="Recorded accurately",
        feedback="Well done",
    )


def _fresh(path) -> tuple[bytes, dict, dict]:
    """The file's bytes, its tables and its summary fields, read as another process would."""
    forget(path)
    raw = path.read_bytes()
    with open_logbook(path) as db:
        tables = {name: dict(table) for name, table in db.storage.read().items()}
    head = file_summary(path)[0]
    assert head is not None, "its summary's checksum does not hold"
    fields = {k: v for k, v in head.items() if k not in ("bytes", "sha256")}
    return raw, tables, fields


def _pieces_kept(path) -> int:
    """How many pieces the kept encoding holds the file in: more than one per part once a
    save has spliced rows in instead of encoding the file anew."""
    encoding = layout._PARSED[path][3]
    return sum(len(part.pieces) for part in encoding.parts) - len(encoding.parts)


def test_records_added_one_by_one_give_the_file_a_full_encode_gives(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    witness = Witness(
        name="Zoë Ødegaard",
        job_title="Duty manager",
        organisation="Valley Leisure",
        role="line_manager",
        relationship="her manager",
        contact="0113 496 0002",
        knows_standards=True,
        relative="no",
    )
    book.add(witness, "test", TODAY)
    spliced = 0
    for n in range(1, 41):  # past the number of pieces a part is kept in before it is joined
        odd = f'Complaint {n}: «refund» \\ "quoted"\tthen a tab, 日本語'
        activity = odd if n % 7 == 0 else ""
        book.add(_observation(n, activity), "test", TODAY)
        spliced = max(spliced, _pieces_kept(book.path))
        if n % 10 == 0:
            raw, tables, fields = _fresh(book.path)
            assert encode(tables, fields) == raw
    assert spliced > 0  # the saves did splice rows in rather than encode the file anew
    portfolio = book.read(TODAY)
    assert len(portfolio.records) == 42
    assert portfolio.records[-1].activity == "Dealt with complaint 40 at the desk"
    assert book.check().problems == []  # its history, checkpoint and summary all hold
    view = Caseload(book.folder).view(TODAY)
    assert not view.problems
    assert [s["evidence_count"] for s in view.summaries] == [40]


def test_a_change_in_place_between_additions_is_written_as_a_full_encode(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    first = book.add(_observation(1), "test", TODAY)
    book.add(_observation(2), "test", TODAY)
    book.update(replace(first, activity="Dealt with complaint 1, then rang back"), "test", TODAY)
    book.add(_observation(3), "test", TODAY)
    raw, tables, fields = _fresh(book.path)
    assert encode(tables, fields) == raw
    activities = [getattr(r, "activity", None) for r in book.read(TODAY).records]
    assert activities[1:] == [
        "Dealt with complaint 1, then rang back",
        "Dealt with complaint 2 at the desk",
        "Dealt with complaint 3 at the desk",
    ]
    assert book.check().problems == []


def test_a_file_changed_behind_the_back_between_saves_is_read_again_before_the_next(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    book.add(_observation(1), "test", TODAY)
    book.add(_observation(2), "test", TODAY)  # spliced: the process keeps the file's bytes
    raw = book.path.read_bytes()
    first, rest = raw.split(b"\n", 1)
    status = book.path.stat()
    # another tool edits a record in place: same length, the summary line left as it was
    book.path.write_bytes(first + b"\n" + rest.replace(b"complaint 1 ", b"complaint 9 "))
    os.utime(book.path, ns=(status.st_atime_ns, status.st_mtime_ns))
    book.add(_observation(3), "test", TODAY)
    raw, tables, fields = _fresh(book.path)
    assert encode(tables, fields) == raw
    activities = [getattr(r, "activity", None) for r in book.read(TODAY).records]
    assert activities[1:] == [
        "Dealt with complaint 9 at the desk",  # the other tool's edit is kept, not undone
        "Dealt with complaint 2 at the desk",
        "Dealt with complaint 3 at the desk",
    ]
    assert any("was changed after it was written" in p for p in book.check().problems)


def _first_form(raw: bytes) -> bytes:
    """The file as versions before the checksum by parts wrote it: the checksum over the
    summary fields and the whole rest."""
    line, rest = raw.split(b"\n", 1)
    head = orjson.loads(line[len(b'{"summary":') : -1])
    fields = {k: v for k, v in head.items() if k not in ("bytes", "sha256", "checksum")}
    rest = b"\n" + rest
    checksum = hashlib.sha256(orjson.dumps(fields) + rest).hexdigest()
    head = {**fields, "bytes": len(rest), "sha256": checksum}
    return b'{"summary":' + orjson.dumps(head) + b"," + rest


def test_a_file_whose_checksum_is_of_the_first_form_still_reads_and_verifies(tmp_path, cli):
    book = new_logbook(tmp_path / "caseload")
    book.add(_observation(1), "test", TODAY)
    book.path.write_bytes(_first_form(book.path.read_bytes()))
    forget(book.path)
    head = file_summary(book.path)[0]
    assert head is not None and "checksum" not in head
    assert book.check().problems == []
    result = cli("--data-dir", book.folder, "verify")
    assert result.returncode == 0, result.stdout + result.stderr
    book.add(_observation(2), "test", TODAY)  # the next save writes the second form
    assert file_summary(book.path)[0]["checksum"] == 2
    assert len(book.read(TODAY).records) == 3
    # a first-form file with one byte changed: its summary is not believed
    first_form = _first_form(book.path.read_bytes())
    book.path.write_bytes(first_form.replace(b"complaint 2", b"complaint 3"))
    assert file_summary(book.path)[0] is None


def test_the_checksum_covers_every_part_of_the_file(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    book.add(_observation(1), "test", TODAY)
    raw = book.path.read_bytes()
    assert file_summary(book.path)[0] is not None
    line_end = raw.index(b"\n")
    tables = (b'"meta"', b'"records"', b'"history"')
    meta, records, history = (raw.index(table, line_end) for table in tables)
    # one byte changed in each table, and in the closing brace after the last
    for at in (meta + 40, records + 60, history + 60, len(raw) - 1):
        changed = bytearray(raw)
        changed[at] = ord(b"}") if raw[at] != ord(b"}") else ord(b"]")
        book.path.write_bytes(bytes(changed))
        assert file_summary(book.path)[0] is None, f"a change at byte {at} was not seen"


def test_a_summary_line_of_a_form_not_known_or_of_too_many_parts_is_not_believed(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    book.add(_observation(1), "test", TODAY)
    raw = book.path.read_bytes()
    line, rest = raw.split(b"\n", 1)
    head = orjson.loads(line[len(b'{"summary":') : -1])
    fields = {k: v for k, v in head.items() if k not in ("bytes", "sha256")}
    rest = b"\n" + rest
    # a checksum form this version does not know, its value recomputed the second form's way
    unknown = {**fields, "checksum": 3}
    digests = [hashlib.sha256(rest).digest()]
    sha = hashlib.sha256(orjson.dumps(unknown) + b"".join(digests)).hexdigest()
    head = {**unknown, "bytes": len(rest), "sha256": sha}
    book.path.write_bytes(b'{"summary":' + orjson.dumps(head) + b"," + rest)
    assert file_summary(book.path)[0] is None
    # a rest cut into more parts than any logbook has, its checksum made right: not believed
    # (and, cut into few, believed: the checksum is made as a reader makes it), whether the
    # cuts are found in the file or stated, with their sizes, among the checksummed fields
    assert sum(fields.pop(layout.PARTS)) == len(rest)  # what a save states
    for count, believed in ((3, True), (layout.MAX_PARTS + 5, False)):
        cut = b"\n" + b"\n  }" * count
        cuts = [i for i in range(len(cut)) if cut.startswith(b"\n  }", i)]
        bounds = [0, *cuts, len(cut)]
        digests = [hashlib.sha256(cut[a:b]).digest() for a, b in pairwise(bounds)]
        sizes = [b - a for a, b in pairwise(bounds)]
        for stated in ({}, {layout.PARTS: sizes}):
            sha = hashlib.sha256(orjson.dumps({**fields, **stated}) + b"".join(digests))
            head = {**fields, **stated, "bytes": len(cut), "sha256": sha.hexdigest()}
            book.path.write_bytes(b'{"summary":' + orjson.dumps(head) + b"," + cut)
            assert (file_summary(book.path)[0] is not None) == believed, (count, stated)
    # stated sizes that do not add up to the rest, the checksum made over them: not believed
    cut = b"\n" + b"\n  }" * 3
    for sizes in ([1, 4, 4, 5], [1, 4, 4, 3], [1, 4, 4, -1, 5], [13.0]):
        bounds = [0]
        for size in sizes:
            bounds.append(bounds[-1] + int(size))
        digests = [hashlib.sha256(cut[a:b]).digest() for a, b in pairwise(bounds)]
        stated = {**fields, layout.PARTS: sizes}
        sha = hashlib.sha256(orjson.dumps(stated) + b"".join(digests)).hexdigest()
        head = {**stated, "bytes": len(cut), "sha256": sha}
        book.path.write_bytes(b'{"summary":' + orjson.dumps(head) + b"," + cut)
        assert file_summary(book.path)[0] is None, sizes


def test_a_checkpoint_another_process_compacted_between_saves_is_followed(tmp_path):
    """A save reads only the first line of the checkpoint's base, for the name its journal
    goes under, and takes it again only while the base is the file it read: after another
    session's save compacted the checkpoint (a new base, a new name), this process's next save
    goes into the new journal, and the other session's entry is kept."""
    book = new_logbook(tmp_path / "caseload")
    book.add(_observation(1), "test", TODAY)
    path = checkpoint_path(book.folder)
    recorded = read_checkpoint(book.folder)
    other = "7d3c2b1a-0000-4000-8000-000000000001"
    compacted = (
        "from pathlib import Path; from logbook.store import checkpoint; "
        "checkpoint.COMPACT_BYTES = 0; "
        f"assert checkpoint.record_checkpoint(Path({str(book.folder)!r}), {other!r}, "
        "[{'hash': 'a' * 64}], '2025-06-01T10:00:00.000+00:00')"
    )
    before = orjson.loads(path.read_bytes())["journal"]
    subprocess.run([sys.executable, "-c", compacted], check=True)
    assert orjson.loads(path.read_bytes())["journal"] != before  # a new base
    book.add(_observation(2), "test", TODAY)
    after = read_checkpoint(book.folder)
    assert after[other]["last"] == "a" * 64  # the other session's entry is kept
    assert after[book.candidate_id]["count"] == recorded[book.candidate_id]["count"] + 1
    # a checkpoint damaged by hand is never written over, even by a process that wrote it
    path.write_bytes(b"not a checkpoint")
    book.add(_observation(3), "test", TODAY)
    assert path.read_bytes() == b"not a checkpoint"
    assert any("checkpoint" in p for p in Caseload(book.folder).verify().problems)
