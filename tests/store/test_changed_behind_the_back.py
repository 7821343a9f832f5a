"""A logbook file changed behind the app's back: the caseload still shows what its records say.

Every save writes the candidate's summary first in the file, with a checksum over it and the
rest; the caseload reads that line alone when it can. Another tool rewriting a logbook, a
restore putting back older files with new mtimes, or a summary forged to disagree with its
records must never make the caseload (the store's view, `logbook candidates`) show anything
but what the records say.
"""

from __future__ import annotations

import json
import os

import orjson

from logbook.store.caseload import Caseload
from logbook.store.logbook_storage import encode, file_summary, read_summary
from tests.store.helpers import TODAY, new_logbook, observation


def _caseload_with_one(tmp_path, records: int = 2):
    book = new_logbook(tmp_path / "caseload")
    for n in range(records):
        book.add(observation(n), "test", TODAY)
    return book, Caseload(book.folder)


def _replace_in_records(path, old: bytes, new: bytes) -> None:
    """What a tool editing the file in place does: the first line (the summary) left as is."""
    raw = path.read_bytes()
    first, rest = raw.split(b"\n", 1)
    assert old in rest
    status = path.stat()
    path.write_bytes(first + b"\n" + rest.replace(old, new))
    # a later edit, on a file system whose clock ticks slower than this test
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 10_000_000))


def _names(cli, folder) -> list[str]:
    result = cli("--data-dir", folder, "candidates", "--json")
    assert result.returncode == 0, result.stderr
    return [row["name"] for row in json.loads(result.stdout)]


def test_a_save_writes_the_summary_first_and_it_is_what_the_records_say(tmp_path):
    book, caseload = _caseload_with_one(tmp_path)
    raw = book.path.read_bytes()
    assert raw.startswith(b'{"summary":')
    assert "summary" in orjson.loads(raw)  # still one JSON document
    head, _ = read_summary(book.path)
    assert head["of"] == book.read(TODAY).summary()
    assert head["of"]["evidence_count"] == 2
    checked, _ = file_summary(book.path)
    assert checked == head
    assert caseload.view(TODAY).summaries == [head["of"]]


def test_another_tool_editing_the_records_in_place_is_seen(tmp_path, cli):
    book, caseload = _caseload_with_one(tmp_path)
    assert [s["name"] for s in caseload.view(TODAY).summaries] == ["Gareth Jones"]
    _replace_in_records(book.path, b'"Gareth Jones"', b'"Gareth Smith"')
    assert read_summary(book.path)[0]["of"]["name"] == "Gareth Jones"  # the line is stale
    assert [s["name"] for s in caseload.view(TODAY).summaries] == ["Gareth Smith"]
    assert book.read(TODAY).candidate.name == "Gareth Smith"  # not the logbook kept in memory
    Caseload(book.folder).index_path.unlink()
    assert _names(cli, book.folder) == ["Gareth Smith"]


def test_another_tool_rewriting_the_whole_file_is_decoded_in_full(tmp_path, cli):
    book, caseload = _caseload_with_one(tmp_path)
    data = json.loads(book.path.read_bytes())
    data["records"]["1"]["name"] = "Gareth Rewritten"
    book.path.write_text(json.dumps(data, indent=1))  # its own layout: no summary line first
    assert read_summary(book.path) is None
    assert [s["name"] for s in caseload.view(TODAY).summaries] == ["Gareth Rewritten"]
    assert _names(cli, book.folder) == ["Gareth Rewritten"]


def test_a_restore_of_older_files_with_new_mtimes_shows_the_older_logbook(tmp_path, cli):
    book, caseload = _caseload_with_one(tmp_path, records=1)
    backup = book.path.read_bytes()
    assert caseload.view(TODAY).summaries[0]["evidence_count"] == 1
    for n in range(3):
        book.add(observation(10 + n), "test", TODAY)
    assert caseload.view(TODAY).summaries[0]["evidence_count"] == 4
    restored = book.path.with_name("restoring")
    restored.write_bytes(backup)  # a new inode and a new mtime, the older content
    os.replace(restored, book.path)
    assert caseload.view(TODAY).summaries[0]["evidence_count"] == 1
    assert caseload.view(TODAY, quick=True).summaries[0]["evidence_count"] == 1
    Caseload(book.folder).index_path.unlink()
    assert caseload.view(TODAY).summaries[0]["evidence_count"] == 1
    assert book.read(TODAY).summary()["evidence_count"] == 1  # not the logbook kept in memory


def test_a_forged_summary_is_not_shown(tmp_path, cli):
    book, caseload = _caseload_with_one(tmp_path)
    caseload.view(TODAY)
    raw = book.path.read_bytes()
    first, rest = raw.split(b"\n", 1)
    forged = first.replace(b'"Gareth Jones"', b'"Forged Name!"')  # the same length
    assert forged != first
    status = book.path.stat()
    book.path.write_bytes(forged + b"\n" + rest)
    os.utime(book.path, ns=(status.st_atime_ns, status.st_mtime_ns + 10_000_000))
    assert file_summary(book.path)[0] is None  # its checksum does not hold
    assert [s["name"] for s in caseload.view(TODAY).summaries] == ["Gareth Jones"]
    Caseload(book.folder).index_path.unlink()
    assert _names(cli, book.folder) == ["Gareth Jones"]


def test_a_forged_summary_with_its_checksum_recomputed_fails_verify(tmp_path, cli):
    book, _ = _caseload_with_one(tmp_path)
    data = orjson.loads(book.path.read_bytes())
    head = data.pop("summary")
    fields = {k: v for k, v in head.items() if k not in ("bytes", "sha256")}
    fields["of"] = {**fields["of"], "signed_off": ["1", "2", "3"], "achieved": True}
    book.path.write_bytes(encode(data, fields))  # whoever knows the format
    assert book.verify() == [
        "its summary (what the caseload list shows of it) does not match its records: it was "
        "written by another tool; the candidate's own screens show what the records say, and "
        "the next save writes the summary again"
    ]
    result = cli("--data-dir", book.folder, "verify")
    assert result.returncode != 0
    assert "does not match its records" in result.stdout
    # as it says: the candidate's logbook reads as its records, and a save puts the line right
    assert book.read(TODAY).summary()["achieved"] is False
    book.add(observation(7), "test", TODAY)
    assert book.verify() == []


def test_an_older_file_without_a_summary_still_opens_and_is_summarised(tmp_path, cli):
    book, caseload = _caseload_with_one(tmp_path)
    expected = book.read(TODAY).summary()
    data = orjson.loads(book.path.read_bytes())
    del data["summary"]
    book.path.write_bytes(encode(data))  # as versions before the summary wrote it
    assert read_summary(book.path) is None
    assert caseload.view(TODAY).summaries == [expected]
    assert book.verify() == []
    book.add(observation(99), "test", TODAY)  # the next save writes the summary
    assert read_summary(book.path)[0]["of"]["evidence_count"] == 3


def test_an_edit_that_puts_back_the_size_and_mtime_is_still_seen(tmp_path):
    # a tool that edits in place and restores the file's times (as `touch -r` does), keeping its
    # size: neither the kept tables nor the index may stand for the file any longer
    book, caseload = _caseload_with_one(tmp_path)
    assert book.read(TODAY).candidate.name == "Gareth Jones"  # read, and its tables kept
    assert [s["name"] for s in caseload.view(TODAY).summaries] == ["Gareth Jones"]
    status = book.path.stat()
    raw = book.path.read_bytes()
    first, rest = raw.split(b"\n", 1)
    book.path.write_bytes(first + b"\n" + rest.replace(b'"Gareth Jones"', b'"Gareth Jonas"'))
    os.utime(book.path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert book.path.stat().st_size == status.st_size
    assert book.path.stat().st_mtime_ns == status.st_mtime_ns
    assert book.read(TODAY).candidate.name == "Gareth Jonas"
    assert [s["name"] for s in caseload.view(TODAY).summaries] == ["Gareth Jonas"]


def test_older_files_read_by_the_apps_quick_pass_are_indexed_once(tmp_path):
    """The app's first read takes each file's summary line unchecked (`quick`) and checks them
    after; files without one (older versions', another tool's) are decoded in full, so that
    pass checked them all: it writes the index, and the next start reads the index alone."""
    book, caseload = _caseload_with_one(tmp_path)
    expected = book.read(TODAY).summary()
    data = orjson.loads(book.path.read_bytes())
    del data["summary"]
    book.path.write_bytes(encode(data))  # as versions before the summary wrote it
    Caseload(tmp_path / "caseload").index_path.unlink(missing_ok=True)
    assert list(caseload.each(TODAY, quick=True)) == [expected]
    assert caseload.unchecked == 0
    assert Caseload(tmp_path / "caseload").index_path.exists()
    again = Caseload(tmp_path / "caseload")
    assert list(again.each(TODAY, quick=True)) == [expected]
    assert again.reading_files is False  # every row from the index: no file read


def test_an_index_planted_in_the_data_folder_is_never_believed(tmp_path, cli):
    """Whoever can write the data folder (a synced or shared folder, a restore, another tool)
    could write an index there, and the list showed its rows: Gareth's six units achieved,
    his name changed, with `verify` finding nothing wrong (it does not read the index). The
    list now reads the user's own index, in their state folder; one found in the data folder,
    as a former version kept it there, is not read, and the next index written takes it away."""
    book, caseload = _caseload_with_one(tmp_path)
    caseload.view(TODAY)
    data = orjson.loads(caseload.index_path.read_bytes())
    assert not caseload.index_path.is_relative_to(book.folder)
    # the index as a former version kept it in the data folder, its keys the files' own
    (entry,) = data["files"].values()
    forged = {**orjson.loads(entry["summary"]), "name": "Forged Name!"}
    entry["summary"] = orjson.dumps(forged).decode()
    planted = {"version": 7, "standards": "", "files": data["files"]}
    (book.folder / ".caseload-index.json").write_bytes(orjson.dumps(planted))
    assert _names(cli, book.folder) == ["Gareth Jones"]
    assert [s["name"] for s in Caseload(book.folder).view(TODAY).summaries] == ["Gareth Jones"]
    book.add(observation(9), "test", TODAY)
    Caseload(book.folder).view(TODAY)  # the list again after a save: its index written
    assert not (book.folder / ".caseload-index.json").exists()
