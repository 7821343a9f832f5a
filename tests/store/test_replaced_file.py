"""A save gives the logbook it replaces a second name of the store's own for a moment (a hard
link, `logbook.store.storage.replaced_path`), so that the rename over it does not free the old
file's blocks inside the save; the second name is unlinked after the save returned.

A writer killed (SIGKILL) between the link and the rename, or after the rename, leaves the
logbook old or new, every acknowledged record in it, and a leftover second name that the next
save removes; the leftover is never taken for a logbook. Where the link cannot be made (no hard
links on that file system, something not the store's in the way) the save renames over the old
file as before.

The writers here are real processes running the real store; an audit hook (`sys.addaudithook`)
in the child sees the store's own `os.link`, `os.replace` and unlink calls and kills the child
(SIGKILL) at the moment under test, or makes the link fail as a file system without hard links
does.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from datetime import date

import pytest

from logbook.store.caseload import Caseload
from logbook.store.exchange import export_files
from logbook.store.storage import replaced_path, settle, temporary_path
from tests.store.helpers import TODAY, new_logbook, observation

CHILD = r"""
import errno, os, signal, sys
from datetime import date
from pathlib import Path

from logbook.domain.records import Link, Observation
from logbook.store.logbooks import LogbookFile
from logbook.store.storage import replaced_path, settle

path, moment = Path(sys.argv[1]), sys.argv[2]
second = str(replaced_path(path))
seen = []


def hook(event, args):
    if not armed:
        return
    if event == "os.link" and str(args[1]) == second:
        seen.append("linked")
        if moment in ("EXDEV", "EPERM"):  # as a file system without hard links answers
            raise OSError(getattr(errno, moment), os.strerror(getattr(errno, moment)))
    elif event == "os.rename" and seen == ["linked"]:
        seen.append("renamed")
        if moment == "between-link-and-rename":
            os.kill(os.getpid(), signal.SIGKILL)
    elif event == "open" and seen == ["linked", "renamed"] and moment == "after-rename":
        os.kill(os.getpid(), signal.SIGKILL)  # before the folder is synced
    elif event == "os.remove" and str(args[0]) == second and seen == ["linked", "renamed"]:
        if moment == "before-unlink":
            os.kill(os.getpid(), signal.SIGKILL)  # the save returned: the second name is left


def record(n):
    return Observation(
        date=date(2025, 5, 1), venue="Valley Leisure Centre reception",
        activity=f"Logged enquiry {n} on the bookings system", links=[Link("1", "1.1")],
        justification="Recorded accurately", feedback="Well done",
    )


armed = moment == "report"  # each save says whether it gave the old file a second name
sys.addaudithook(hook)
book = LogbookFile(path)
first = record(1)
book.add(first, "writer", date(2025, 6, 1))
settle()
print(first.id, flush=True)
if moment == "report":
    print(f"links:{seen.count('linked')}", flush=True)
    seen.clear()
armed = True
second_record = record(2)
book.add(second_record, "writer", date(2025, 6, 1))
print(second_record.id, flush=True)
settle()
if moment == "report":
    print(f"links:{seen.count('linked')}", flush=True)
print("settled", flush=True)
"""


def _run(book, moment: str) -> tuple[int, list[str]]:
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(book.path), moment],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return child.returncode, child.stdout.split()


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("moment", ["between-link-and-rename", "after-rename", "before-unlink"])
def test_a_writer_killed_around_the_rename_leaves_the_logbook_whole_and_the_leftover_is_removed(
    tmp_path, moment
):
    book = new_logbook(tmp_path / "caseload")
    code, said = _run(book, moment)
    assert code == -signal.SIGKILL, said
    second = replaced_path(book.path)
    assert second.exists(), "the kill came before the second name was unlinked"
    held = os.stat(second)
    assert stat.S_IMODE(held.st_mode) == 0o600  # the old logbook itself: private as it was
    saved = {r.id for r in book.read(TODAY).records}
    assert set(said) <= saved  # every acknowledged record kept
    # killed as the second name is unlinked: the save is done, its record maybe not yet said
    assert len(said) == 1 or moment == "before-unlink"
    if moment == "between-link-and-rename":
        assert held.st_ino == os.stat(book.path).st_ino  # the logbook as it was: old
        assert len(saved) == 2  # the candidate and the first record
    else:
        assert held.st_ino != os.stat(book.path).st_ino  # the new logbook in place
        assert len(saved) == 3
    assert book.verify() == []

    book.add(observation(3), "test", TODAY)  # the next save removes what was left
    settle()
    assert _leftovers(book.folder) == []
    assert os.stat(book.path).st_nlink == 1
    assert book.verify() == []
    assert set(said) <= {r.id for r in book.read(TODAY).records}


def test_what_a_killed_writer_left_is_removed_by_the_next_process_to_write_the_logbook(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    code, said = _run(book, "between-link-and-rename")
    assert code == -signal.SIGKILL and replaced_path(book.path).exists()
    code, said = _run(book, "none")  # a later session's saves
    assert code == 0 and said[-1] == "settled"
    assert _leftovers(book.folder) == []
    assert book.verify() == []


def test_the_second_name_is_never_taken_for_a_logbook(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    code, _ = _run(book, "between-link-and-rename")
    assert code == -signal.SIGKILL
    assert replaced_path(book.path).exists() and temporary_path(book.path).exists()
    caseload = Caseload(book.folder)
    assert caseload.files() == [book.path]
    view = caseload.view(TODAY)
    assert [s["id"] for s in view.summaries] == [book.candidate_id] and not view.problems
    check = caseload.verify()
    assert list(check.logbooks) == [book.path.name]
    assert not check.bad and not check.problems
    assert export_files([book.folder]) == [book.path]


def test_a_save_removes_the_second_name_once_it_returned(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    for n in range(3):
        book.add(observation(n), "test", TODAY)
    assert settle(timeout=30)
    assert _leftovers(book.folder) == []
    assert os.stat(book.path).st_nlink == 1
    assert book.verify() == []


@pytest.mark.parametrize("error", ["EXDEV", "EPERM"])
def test_where_no_hard_link_can_be_made_the_save_renames_over_the_old_file(tmp_path, error):
    book = new_logbook(tmp_path / "caseload")
    code, said = _run(book, error)
    assert code == 0 and said[-1] == "settled"
    assert set(said[:2]) <= {r.id for r in book.read(TODAY).records}
    assert _leftovers(book.folder) == []
    assert book.verify() == []


def test_a_logbook_opened_up_by_hand_is_not_kept_under_a_second_name(tmp_path):
    """The second name is the old file itself: one opened up to others (chmod 644) is freed
    by the rename as before, not kept readable a moment longer; the new file is private."""
    book = new_logbook(tmp_path / "caseload")
    book.path.chmod(0o644)
    code, said = _run(book, "report")
    assert code == 0 and said[-1] == "settled"
    assert said[1] == "links:0" and said[3] == "links:1"  # once private again, kept
    assert stat.S_IMODE(os.stat(book.path).st_mode) == 0o600
    assert _leftovers(book.folder) == [] and book.verify() == []


def test_something_not_the_stores_under_the_second_name_is_left_alone(tmp_path):
    book = new_logbook(tmp_path / "caseload")
    second = replaced_path(book.path)
    second.mkdir()
    kept = second / "notes.txt"
    kept.write_text("someone else's")
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("not the store's")
    book.add(observation(1), "test", TODAY)  # no second name: renamed over the old file
    settle()
    assert second.is_dir() and kept.read_text() == "someone else's"
    second.joinpath("notes.txt").unlink()
    second.rmdir()
    second.symlink_to(outside)
    book.add(observation(2), "test", TODAY)
    settle()
    assert second.is_symlink() and outside.read_text() == "not the store's"
    assert len(book.read(TODAY).records) == 3 and book.verify() == []
    assert os.stat(book.path).st_nlink == 1


def test_two_saves_at_once_keep_both_records(tmp_path):
    """Two writers under the file's lock, each giving the old file the second name in turn."""
    book = new_logbook(tmp_path / "caseload")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(book.path), "none"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    said = []
    for writer in writers:
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        said += out.split()[:2]
    assert set(said) <= {r.id for r in book.read(date(2025, 6, 1)).records}
    assert _leftovers(book.folder) == []
    assert book.verify() == []
