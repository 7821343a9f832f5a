"""A logbook changed behind the app's back: the caseload and the overview show what its records
say, never a summary that no longer matches them.

The app draws the caseload from the index and from each file's summary line (written first in
the file by every save, with a checksum over it and the rest), then checks every summary it took
unchecked against its file. Another tool rewriting a logbook while the list is on screen, a
restore putting back older files with new modification times, and a summary line forged to say
something its records do not are each seen: the list is put right once the caseload is read
again (ctrl+r, or back from a screen), and at start without anyone asking. The store's and the
command line's side: tests/store/test_changed_behind_the_back.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
from textual.widgets import DataTable

from logbook.store.logbook_storage import encode
from logbook.tui.app import LogbookApp
from logbook.tui.screens.caseload import CaseloadScreen
from logbook.tui.screens.overview import OverviewScreen
from tests.tui.helpers import (
    SIZE,
    TODAY,
    candidate_id,
    cover_gareths_unit_2,
    demo_app,
    open_overview,
)

DEMO_NAMES = ["Aisha Okafor", "Gareth Jones", "Lena Novak", "Priya Shah", "Tom Reilly"]
GARETHS_PROGRESS = "1/6 signed, 16%"  # the demo's: unit 2 not yet covered


def listed(app) -> dict[str, list[str]]:
    table = app.screen.query_one("#caseload", DataTable)
    rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
    return {row[0]: row for row in rows}


async def settled(pilot, app) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def edit_records_in_place(path: Path, old: bytes, new: bytes) -> None:
    """What a tool editing the file's records does: its summary line is left as it was."""
    raw = path.read_bytes()
    first, rest = raw.split(b"\n", 1)
    assert old in rest
    status = path.stat()
    path.write_bytes(first + b"\n" + rest.replace(old, new))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 10_000_000))


def forge_summary(path: Path, old: bytes, new: bytes) -> None:
    """A summary line changed to say what the records do not (the same length: the file is as
    long as the line says, only its checksum does not hold)."""
    assert len(old) == len(new)
    raw = path.read_bytes()
    first, rest = raw.split(b"\n", 1)
    assert old in first
    status = path.stat()
    path.write_bytes(first.replace(old, new) + b"\n" + rest)
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 10_000_000))


def overview_title(app) -> str:
    assert isinstance(app.screen, OverviewScreen)
    return str(app.screen.query_one("#overview-title").render())


def units_covered(app) -> dict[str, str]:
    table = app.screen.query_one("#units-table", DataTable)
    rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
    return {row[0]: row[1] for row in rows}


async def test_another_tool_rewriting_a_logbook_while_the_list_is_shown_is_seen(tmp_path):
    app = demo_app(tmp_path)
    path = app.caseload.logbook(candidate_id(app, "Gareth Jones")).path
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot, app)
        assert sorted(listed(app)) == DEMO_NAMES
        edit_records_in_place(path, b'"Gareth Jones"', b'"Gareth Smith"')
        await pilot.press("ctrl+r")
        await settled(pilot, app)
        names = sorted(listed(app))
        assert "Gareth Smith" in names and "Gareth Jones" not in names
        await open_overview(pilot, app, "smith")
        assert "Gareth Smith" in overview_title(app)
        edit_records_in_place(path, b'"Gareth Smith"', b'"Gareth Brown"')
        await pilot.press("escape")  # back to the list: the caseload is read again
        await settled(pilot, app)
        assert isinstance(app.screen, CaseloadScreen)
        assert listed(app) == {}  # still filtered by "smith": nobody is called that now
        await pilot.press("escape")  # the filter cleared
        names = sorted(listed(app))
        assert "Gareth Brown" in names and "Gareth Smith" not in names


async def test_a_restore_of_older_files_with_new_mtimes_shows_the_older_logbook(tmp_path):
    app = demo_app(tmp_path)
    path = app.caseload.logbook(candidate_id(app, "Gareth Jones")).path
    backup = path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot, app)
        assert listed(app)["Gareth Jones"][2] == GARETHS_PROGRESS
        cover_gareths_unit_2(app)  # saved in another terminal
        await pilot.press("ctrl+r")
        await settled(pilot, app)
        assert listed(app)["Gareth Jones"][2] != GARETHS_PROGRESS
        restoring = path.with_name("restoring")
        restoring.write_bytes(backup)  # a new inode and a new mtime, the older content
        os.replace(restoring, path)
        await pilot.press("ctrl+r")
        await settled(pilot, app)
        assert listed(app)["Gareth Jones"][2] == GARETHS_PROGRESS
        await open_overview(pilot, app, "gareth")
        assert units_covered(app)["2"] != "3/3"


async def test_a_restore_while_the_app_was_closed_is_seen_at_start(tmp_path):
    app = demo_app(tmp_path)
    path = app.caseload.logbook(candidate_id(app, "Gareth Jones")).path
    backup = path.read_bytes()
    cover_gareths_unit_2(app)
    app.caseload.view(TODAY)  # the index knows the newer file
    restoring = path.with_name("restoring")
    restoring.write_bytes(backup)
    os.replace(restoring, path)
    again = LogbookApp(app.caseload.folder, assessor="Test Assessor", today=TODAY)
    async with again.run_test(size=SIZE) as pilot:
        await settled(pilot, again)
        assert listed(again)["Gareth Jones"][2] == GARETHS_PROGRESS


async def test_a_forged_summary_is_put_right_at_start_with_no_index(tmp_path):
    app = demo_app(tmp_path)
    path = app.caseload.logbook(candidate_id(app, "Gareth Jones")).path
    forge_summary(path, b'"Gareth Jones"', b'"Forged Name!"')
    app.caseload.index_path.unlink()  # a first start, or after a sync
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot, app)
        assert sorted(listed(app)) == DEMO_NAMES  # the records' name, not the forged line's
        await open_overview(pilot, app, "gareth")
        assert "Gareth Jones" in overview_title(app)
    # and the index the app wrote holds what the records say
    assert "Forged Name!" not in app.caseload.index_path.read_text()


async def test_records_edited_under_their_summary_are_put_right_at_start(tmp_path):
    app = demo_app(tmp_path)
    path = app.caseload.logbook(candidate_id(app, "Gareth Jones")).path
    edit_records_in_place(path, b'"Gareth Jones"', b'"Gareth Smith"')  # the line says Jones
    async with app.run_test(size=SIZE) as pilot:  # the index, too, knew the file as Jones
        await settled(pilot, app)
        names = sorted(listed(app))
        assert "Gareth Smith" in names and "Gareth Jones" not in names


async def test_a_file_whose_summary_holds_but_whose_records_are_damaged_is_named(tmp_path):
    app = demo_app(tmp_path)
    path = app.caseload.logbook(candidate_id(app, "Gareth Jones")).path
    edit_records_in_place(path, b'"records"', b'"rec0rds"')  # the line is as it was
    app.caseload.index_path.unlink()
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot, app)
        assert sorted(listed(app)) == sorted(set(DEMO_NAMES) - {"Gareth Jones"})
        problems = str(app.screen.query_one("#caseload-problems").render())
        assert f"Could not open {path.name}" in problems


async def test_an_index_whose_entries_are_not_summaries_is_not_believed(tmp_path):
    """The index is a copy of what the logbooks say: an entry another tool changed (its key
    still the file's) is summarised again from the file, never shown and never crashing."""
    app = demo_app(tmp_path)
    app.caseload.view(TODAY)
    index = app.caseload.index_path
    data = orjson.loads(index.read_bytes())
    damage = ["not json", '{"id": 5}', "[1, 2]", None, '{"id": "x", "name": "Forged Name!"}']
    for entry, summary in zip(data["files"].values(), damage, strict=False):
        entry["summary"] = summary
    index.write_bytes(orjson.dumps(data))
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot, app)
        assert sorted(listed(app)) == DEMO_NAMES
        assert str(app.screen.query_one("#caseload-problems").render()) == ""


async def test_a_summary_line_with_a_date_that_is_not_one_names_the_file(tmp_path):
    """A summary of the right shape whose next visit is not a date (written by a tool that knew
    the format, its checksum recomputed): the rest of the list is shown and the file named."""
    app = demo_app(tmp_path)
    path = app.caseload.logbook(candidate_id(app, "Priya Shah")).path
    app.caseload.index_path.unlink()
    data = orjson.loads(path.read_bytes())
    head = data.pop("summary")
    fields = {k: v for k, v in head.items() if k not in ("bytes", "sha256")}
    fields["of"] = {**fields["of"], "plan": {"next_visit": "the 31st of Nevuary"}}
    path.write_bytes(encode(data, fields))
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot, app)
        assert sorted(listed(app)) == sorted(set(DEMO_NAMES) - {"Priya Shah"})
        problems = str(app.screen.query_one("#caseload-problems").render())
        assert f"Could not open {path.name}: its summary cannot be shown" in problems
