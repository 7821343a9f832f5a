"""Logbooks hold personal data: every file is readable by its owner only, and the folder too.

The tests run with a umask of 0, so nothing here is private by the umask's grace: the store
itself must ask for 0600 files and a 0700 folder.
"""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from logbook.demo import write_demo
from logbook.domain.records import Link, Observation
from logbook.store.caseload import Caseload
from logbook.store.storage import settle

TODAY = date(2025, 6, 1)


@pytest.fixture(autouse=True)
def _open_umask():
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _assert_private(folder: Path) -> None:
    settle()  # the saves done: the old files' second names unlinked (replaced_path)
    assert _mode(folder) & 0o077 == 0, f"{folder} is {oct(_mode(folder))}"
    files = list(folder.iterdir())
    assert files
    for path in files:
        assert _mode(path) & 0o077 == 0, f"{path.name} is {oct(_mode(path))}"


def test_a_folder_the_caseload_creates_is_private(tmp_path):
    folder = tmp_path / "not" / "there" / "yet"
    Caseload(folder)
    assert folder.is_dir()
    assert _mode(folder) == 0o700


def _observation() -> Observation:
    return Observation(
        date=TODAY,
        venue="Valley Leisure Centre reception",
        activity="Reviewed the bookings rota with the duty manager",
        links=[Link("1", "1.2")],
        justification="Reviewed and recorded",
        feedback="Good",
    )


def test_an_existing_open_folder_is_made_private_by_the_next_save_keeping_its_other_bits(
    tmp_path,
):
    folder = tmp_path / "caseload"
    caseload = write_demo(folder, TODAY)
    folder.chmod(0o3775)  # setgid and sticky, as a shared folder on a centre's server may be
    Caseload(folder).view(TODAY)
    assert _mode(folder) == 0o3775  # opening and reading leave it as it is
    caseload.find("Gareth Jones").add(_observation(), "test", TODAY)
    assert _mode(folder) == 0o3700


def test_every_file_of_a_caseload_is_private(tmp_path):
    folder = tmp_path / "caseload"
    caseload = write_demo(folder, TODAY)
    caseload.view(TODAY)
    logbooks = caseload.files()
    assert len(logbooks) == 5
    for path in logbooks:
        assert _mode(path) == 0o600
    _assert_private(folder)  # and the lock files beside them
    # the index of its summaries: the user's own, in their state folder, never in the data folder
    index = Caseload(folder).index_path
    assert index.is_file() and not index.is_relative_to(folder)
    assert _mode(index) == 0o600 and _mode(index.parent) == 0o700
    _assert_private(index.parent)


def test_a_logbook_opened_up_by_hand_is_private_again_after_the_next_save(tmp_path):
    folder = tmp_path / "caseload"
    caseload = write_demo(folder, TODAY)
    book = caseload.find("Gareth Jones")
    book.path.chmod(0o644)
    Caseload(folder).index_path.unlink(missing_ok=True)
    book.add(_observation(), "test", TODAY)
    assert _mode(book.path) == 0o600
    caseload.view(TODAY)
    _assert_private(folder)


def test_a_folder_opened_up_after_creation_is_private_again_after_the_next_save(tmp_path):
    folder = tmp_path / "caseload"
    write_demo(folder, TODAY)
    folder.chmod(0o777)
    caseload = Caseload(folder)
    assert len(caseload.view(TODAY).summaries) == 5
    caseload.find("Tom Reilly").add(
        Observation(
            date=TODAY,
            venue="York station ticket office",
            activity="Sold a season ticket",
            links=[Link("F3", "F3 1.1")],
            justification="Accurate",
            feedback="Good",
        ),
        "test",
        TODAY,
    )
    assert _mode(folder) == 0o700
    _assert_private(folder)
