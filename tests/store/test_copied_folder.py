"""A data folder copied elsewhere (or restored) must not fork its device's chain
(logbook/store/device.py): the copy starts a device of its own, the old chain stays as it is,
and once the two folders' entries meet, every chain still verifies."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import pytest

from logbook.centre.sync import SyncReport, apply_entries
from logbook.domain.records import Witness
from logbook.store import history as chain
from logbook.store.device import DEVICE_FILE, PLACE_FILE, device_id
from logbook.store.logbooks import LogbookFile
from logbook.store.storage import DamagedFile, settle
from tests.store.helpers import new_logbook

TODAY = date(2025, 6, 1)
WITNESS = Witness(
    name="Sam Patel", job_title="Customer Service Adviser", organisation="Greenway Stores",
    role="line_manager", relationship="line manager for two years", relative="no",
)  # fmt: skip


def witness(book: LogbookFile) -> Witness:
    return next(r for r in book.read(TODAY).current if isinstance(r, Witness))


def exchange(one: LogbookFile, other: LogbookFile) -> None:
    for source, target in ((one, other), (other, one)):
        entries = [dict(e) for e in source.rows()[1]]
        apply_entries(target.path, entries, "test", device_id(target.folder), SyncReport())


@pytest.mark.parametrize("how", ["copytree", "cp -a"])
def test_a_copied_folder_saves_on_a_new_chain_and_both_verify_after_they_meet(tmp_path, how):
    one = new_logbook(tmp_path / "a")
    one.add(WITNESS, "test", TODAY)
    first = device_id(one.folder)
    settle()  # the save done: the old file's second name unlinked, as before a copy by hand
    if how == "copytree":
        shutil.copytree(tmp_path / "a", tmp_path / "b")
    else:
        subprocess.run(["cp", "-a", str(tmp_path / "a"), str(tmp_path / "b")], check=True)
    other = LogbookFile(tmp_path / "b" / one.path.name)
    one.update(replace(witness(one), job_title="Supervisor"), "test", TODAY)
    other.update(replace(witness(other), contact="0113 496 0002"), "test", TODAY)
    second = device_id(other.folder)
    assert second != first and device_id(one.folder) == first
    assert (tmp_path / "b" / DEVICE_FILE).read_text().split("\n")[0] == second
    for name in (DEVICE_FILE, PLACE_FILE):
        assert (tmp_path / "b" / name).stat().st_mode & 0o777 == 0o600
    exchange(one, other)
    for book in (one, other):
        assert book.verify() == [], book.folder
        history = book.rows()[1]
        assert {chain.device_of(e) for e in history} == {first, second}
        # the copy's own chain starts afresh; the old one runs on, unbroken, on the first
        for device in (first, second):
            seqs = [e["seq"] for e in history if chain.device_of(e) == device]
            assert seqs == list(range(1, len(seqs) + 1)), device
        own = next(e for e in history if chain.device_of(e) == second)
        assert own["prev"] == chain.GENESIS and own["record"] != one.candidate_id
        assert (witness(book).job_title, witness(book).contact) == ("Supervisor", "0113 496 0002")


def test_a_folder_restored_in_place_is_a_new_device(tmp_path):
    one = new_logbook(tmp_path / "a")
    first = device_id(one.folder)
    shutil.copytree(tmp_path / "a", tmp_path / "backup")
    shutil.rmtree(tmp_path / "a")
    shutil.copytree(tmp_path / "backup", tmp_path / "a")  # the same path, another folder
    assert device_id(tmp_path / "a") != first
    one.add(WITNESS, "test", TODAY)
    assert one.verify() == []


def test_a_folder_renamed_in_place_keeps_its_device(tmp_path):
    one = new_logbook(tmp_path / "a")
    first = device_id(one.folder)
    os.rename(tmp_path / "a", tmp_path / "renamed")
    assert device_id(tmp_path / "renamed") == first


def test_a_device_file_written_before_it_said_where_is_kept_and_told_where(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir(mode=0o700)
    (folder / DEVICE_FILE).write_text("old-laptop-0123456789ab\n")
    assert device_id(folder) == "old-laptop-0123456789ab"
    lines = (folder / DEVICE_FILE).read_text().split("\n")
    assert lines[0] == "old-laptop-0123456789ab" and lines[1].startswith("made-at ")


@pytest.mark.parametrize(
    "content", ["laptop-0123456789ab\nsomewhere else\n", "\x1b[31m-0123456789ab\n", ""]
)
def test_a_damaged_device_file_is_named_and_not_written_over(tmp_path, content):
    folder = tmp_path / "damaged"
    folder.mkdir(mode=0o700)
    (folder / DEVICE_FILE).write_text(content)
    with pytest.raises(DamagedFile, match=DEVICE_FILE):
        device_id(folder)
    assert (folder / DEVICE_FILE).read_text() == content
