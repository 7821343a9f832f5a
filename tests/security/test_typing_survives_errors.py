"""The app never loses typing to an error (issue 9): whatever stops a save is said on the form
in words, the typing stays, ctrl+s tries again, and ctrl+o writes the typing to a file.

Each failure is made with real files. The tests may run as root, where permission bits do not
stop a write: a read-only folder is then a read-only mount and a full disk a small one (both
need the right to mount, else those two are skipped), and a write limit that root also obeys
(RLIMIT_FSIZE) stands for a disk that refuses to take more.
"""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from logbook.demo import write_demo
from logbook.domain.records import Observation
from logbook.store.storage import lock_path
from logbook.tui.app import LogbookApp
from logbook.tui.screens.observation import ObservationScreen
from tests.security.hostile import logbook_of
from tests.tui.helpers import SIZE, TODAY, demo_app, open_form, screen_class

ACTIVITY = "Calmed a customer whose delivery was late and rebooked it for the morning."


async def type_observation(pilot, app) -> ObservationScreen:
    form = await open_form(pilot, app, "o", ObservationScreen, "Priya Shah")
    form.query_one("#venue").value = "Service desk"
    form.query_one("#activity").text = ACTIVITY
    form.query_one("#criteria").pick("205.1.3")
    form.query_one("#decision").value = "competent"  # no default: c on the form
    form.query_one("#justification").text = "Listened, apologised, acted."
    form.query_one("#feedback").text = "Well handled."
    return form


async def save(pilot, app) -> str:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return str(app.screen.query_one("#form-status").render())


def observations(app, path: Path) -> list[Observation]:
    portfolio = app.caseload.logbook(path.stem).read(TODAY)
    return [r for r in portfolio.evidence if isinstance(r, Observation) and r.activity == ACTIVITY]


async def fails_then_saves(tmp_path, app, break_it, mend_it, *words: str) -> None:
    """Type an observation, break the store, save: said, typing kept, nothing stored; mend it,
    ctrl+s again: saved."""
    path = logbook_of(app.caseload.folder, "Priya Shah")
    async with app.run_test(size=SIZE) as pilot:
        form = await type_observation(pilot, app)
        before = form._snapshot()
        break_it(path)
        try:
            status = await save(pilot, app)
        finally:
            mend_it(path)
        assert app.screen is form  # no crash, no traceback, the form still there
        assert status.startswith("Not saved: ")
        for word in words:
            assert word in status, status
        assert "ctrl+s tries again" in status
        assert form._snapshot() == before  # every field as typed
        assert observations(app, path) == []
        assert (await save(pilot, app)).startswith("Saved: stored safely on disk.")
    assert len(observations(app, path)) == 1


def move_aside(path: Path) -> None:
    path.rename(path.with_name("aside"))


def move_back(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        path.rmdir()
    path.with_name("aside").rename(path)


async def test_a_logbook_replaced_by_a_folder(tmp_path):
    def break_it(path):
        move_aside(path)
        path.mkdir()

    await fails_then_saves(tmp_path, demo_app(tmp_path), break_it, move_back, "it is a folder")


async def test_a_logbook_replaced_by_a_dangling_symlink(tmp_path):
    def break_it(path):
        move_aside(path)
        path.symlink_to(tmp_path / "gone.json")

    await fails_then_saves(tmp_path, demo_app(tmp_path), break_it, move_back, "symbolic link")


async def test_a_damaged_logbook(tmp_path):
    saved = {}

    def break_it(path):
        saved["bytes"] = path.read_bytes()
        path.write_bytes(b'{"meta": {"1": {"format": 2}}, "records": [1, 2')

    def mend_it(path):
        path.write_bytes(saved["bytes"])

    await fails_then_saves(tmp_path, demo_app(tmp_path), break_it, mend_it, "not valid JSON")


async def test_a_lock_file_that_is_a_symlink(tmp_path):
    def break_it(path):
        lock = lock_path(path)
        lock.unlink(missing_ok=True)
        lock.symlink_to(tmp_path)  # a symlink to a folder

    def mend_it(path):
        lock_path(path).unlink()

    await fails_then_saves(tmp_path, demo_app(tmp_path), break_it, mend_it, ".lock")


@contextmanager
def write_limit(size: int):
    """No file of this process may grow past `size` bytes (root too): writes fail with EFBIG."""
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, old_limit[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)


async def test_a_write_the_system_refuses(tmp_path):
    limit = write_limit(1024)
    await fails_then_saves(
        tmp_path,
        demo_app(tmp_path),
        lambda path: limit.__enter__(),
        lambda path: limit.__exit__(None, None, None),
        "the file has grown past the size this system allows",
    )


# a small disk of its own: full, or read-only ------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KiB tmpfs at tmp_path/disk, unmounted afterwards; skipped where mounting is not
    allowed (only then is a full or read-only disk out of reach of a test)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(disk)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small disk is not allowed here: " + mounted.stderr.decode())
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def app_on(folder: Path) -> LogbookApp:
    write_demo(folder / "caseload", TODAY)
    return LogbookApp(folder / "caseload", assessor="Test Assessor", today=TODAY)


async def test_a_full_disk(small_disk):
    app = app_on(small_disk)
    filler = small_disk / "filler"

    def fill(path):
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(fd, b"x" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC
        finally:
            os.close(fd)

    await fails_then_saves(small_disk, app, fill, lambda path: filler.unlink(), "the disk is full")


def remount(disk: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(disk)], check=True)


async def test_a_read_only_folder(small_disk):
    app = app_on(small_disk)
    if os.geteuid() == 0:  # permission bits do not stop root: make the disk read-only
        await fails_then_saves(
            small_disk,
            app,
            lambda path: remount(small_disk, "ro"),
            lambda path: remount(small_disk, "rw"),
            "read-only",
        )
    else:
        folder = small_disk / "caseload"
        await fails_then_saves(
            small_disk,
            app,
            lambda path: folder.chmod(0o500),
            lambda path: folder.chmod(0o700),
            "permission denied",
        )


# copying the typing out -------------------------------------------------------------------


async def test_ctrl_o_writes_the_typing_to_a_private_file_beside_the_data_folder(tmp_path):
    app = demo_app(tmp_path)
    path = logbook_of(app.caseload.folder, "Priya Shah")
    async with app.run_test(size=SIZE) as pilot:
        await type_observation(pilot, app)
        move_aside(path)
        path.mkdir()
        assert (await save(pilot, app)).startswith("Not saved")
        await pilot.press("ctrl+o")
        await pilot.pause()
        status = str(app.screen.query_one("#form-status").render())
    [copy] = tmp_path.glob("logbook-unsaved-observation-*.txt")
    assert str(copy) in status.replace("\n", "")
    assert copy.stat().st_mode & 0o777 == 0o600
    text = copy.read_text(encoding="utf-8")
    assert "Observation · Priya Shah" in text
    assert f"What the candidate did: {ACTIVITY}" in text
    assert "Venue: Service desk" in text and "205.1.3" in text
    shutil.rmtree(path)


async def test_ctrl_o_writes_the_questions_already_added_too(tmp_path):
    app = demo_app(tmp_path)
    path = logbook_of(app.caseload.folder, "Priya Shah")
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, app, "q", screen_class("questioning"), "Priya Shah")
        app.screen.query_one("#question").value = "Why apologise first?"
        app.screen.query_one("#answer").text = "It shows the customer they were heard."
        await pilot.press("ctrl+a")
        move_aside(path)
        path.mkdir()
        assert (await save(pilot, app)).startswith("Not saved")
        await pilot.press("ctrl+o")
        await pilot.pause()
    [copy] = tmp_path.glob("logbook-unsaved-questioning-*.txt")
    text = copy.read_text(encoding="utf-8")
    assert "Question 1: Why apologise first?\n" in text
    assert "Answer 1: It shows the customer they were heard.\n" in text
    move_back(path)


# an error nobody foresaw ---------------------------------------------------------------------


async def test_an_unforeseen_error_stops_the_app_without_printing_the_logbook(tmp_path, capsys):
    app = demo_app(tmp_path)

    def fails() -> None:
        contact = app.caseload.logbook(logbook_of(app.caseload.folder, "Priya Shah").stem)
        contact = contact.read(TODAY).candidate.contact  # a local holding personal data
        raise RuntimeError(f"something unforeseen ({len(contact)})")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            app.call_later(fails)
            await pilot.pause()
    report = capsys.readouterr().err  # the traceback printed as the app stopped
    assert "RuntimeError: something unforeseen (37)" in report
    assert "priya.shah@example.org" not in report  # Textual's own listed the locals
    assert app.return_code == 1
