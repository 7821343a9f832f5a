"""The caseload list: every candidate with progress, filtering as you type, a corrupt file named,
and a long caseload kept responsive."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import orjson
from textual.widgets import DataTable, Static

from logbook.domain.dates import say_date
from logbook.tui.screens.caseload import MAX_ROWS, CaseloadScreen, day_month
from logbook.tui.screens.overview import OverviewScreen
from tests.tui.helpers import SIZE, TODAY, demo_app

DEMO_NAMES = ["Aisha Okafor", "Gareth Jones", "Lena Novak", "Priya Shah", "Tom Reilly"]


def rows(screen) -> list[list[str]]:
    table = screen.query_one("#caseload", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def loaded(pilot, app) -> CaseloadScreen:
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, CaseloadScreen)
    return app.screen


def test_the_next_visit_is_said_as_the_app_says_a_date():
    """The list's "28 Nov" is the day and month of the app's "Sat 28 Nov 2026", on every day
    of a year (the list works it out without the dates module, which it does not import)."""
    for days in range(366):
        day = date(2028, 1, 1) + timedelta(days=days)
        assert day_month(day) == " ".join(say_date(day).split()[1:3])


async def test_the_demo_candidates_are_listed_with_progress(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        listed = {row[0]: row for row in rows(screen)}
        assert sorted(listed) == DEMO_NAMES
        assert listed["Priya Shah"][1:] == ["1 late, 28 Nov", "2/8 signed, 30%", "205: 22 to cover"]
        assert listed["Gareth Jones"][2] == "1/6 signed, 16%"
        assert listed["Lena Novak"][2] == "0/8 signed, 0%"
        assert "5 of 5 candidates" not in str(screen.query_one("#caseload-problems").render())
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)


async def test_typing_filters_the_list(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        await pilot.press(*"ocr")
        assert sorted(row[0] for row in rows(screen)) == [
            "Gareth Jones",
            "Lena Novak",
            "Tom Reilly",
        ]
        await pilot.press("space", *"l4")
        assert [row[0] for row in rows(screen)] == ["Lena Novak"]
        await pilot.press("escape")
        assert len(rows(screen)) == 5
        await pilot.press(*"priya")
        assert [row[0] for row in rows(screen)] == ["Priya Shah"]
        await pilot.press("escape", *"leeds")  # the workplace counts too
        assert sorted(row[0] for row in rows(screen)) == ["Lena Novak", "Priya Shah"]
        await pilot.press("escape", *"nobody")
        assert rows(screen) == []


async def test_backspace_in_the_list_takes_back_a_letter_of_the_filter(tmp_path):
    """A letter typed in the list goes to the filter; so does Backspace, which did nothing
    there: back from a candidate (the list has the focus), the filter could be added to but
    not taken back, and "aispri" found no one."""
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        await pilot.press(*"ais", "down")
        assert screen.query_one("#caseload", DataTable).has_focus
        await pilot.press("backspace", "backspace", "backspace", *"pri")
        assert screen.query_one("#filter").value == "pri"
        assert [row[0] for row in rows(screen)] == ["Priya Shah"]
        await pilot.press("backspace")  # in the filter, as ever: one letter, not two
        assert screen.query_one("#filter").value == "pr"


async def test_a_corrupt_file_is_named_and_the_rest_still_listed(tmp_path):
    app = demo_app(tmp_path)
    broken = tmp_path / "caseload" / "broken-logbook.json"
    broken.write_text('{"meta": {"1": {"format": 2}}, "records": ')
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        assert sorted(row[0] for row in rows(screen)) == DEMO_NAMES
        problems = str(screen.query_one("#caseload-problems", Static).render())
        assert "Could not open broken-logbook.json" in problems
    assert broken.read_text() == '{"meta": {"1": {"format": 2}}, "records": '  # left untouched


def add_copies(app, count: int) -> None:
    """`count` more candidates, cheaply: copies of a demo logbook, each its own candidate."""
    folder = app.caseload.folder
    template = app.caseload.find("Lena Novak").path
    data = orjson.loads(template.read_bytes())
    for number in range(count):
        new_id = str(uuid.uuid4())
        records = {key: dict(row) for key, row in data["records"].items()}
        for row in records.values():
            if row["kind"] == "candidate":
                row.update(id=new_id, name=f"Zara Quinn {number:04d}")
        meta = {"1": {**data["meta"]["1"], "candidate": new_id}}
        copy = {**data, "meta": meta, "records": records}
        (folder / f"{new_id}.json").write_bytes(orjson.dumps(copy))
    app.caseload.view(TODAY)  # the summaries' cache, as a caseload in daily use has it


async def test_a_long_caseload_shows_a_page_and_filtering_reaches_beyond_it(tmp_path):
    app = demo_app(tmp_path)
    add_copies(app, 1995)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        assert len(screen.names) == 2000
        table = screen.query_one("#caseload", DataTable)
        detail = str(screen.query_one("#caseload-detail").render())
        # the highlighted candidate (today's work on top: an overdue plan item), under it the note
        assert "Priya Shah ·" in detail
        assert f"{MAX_ROWS} of 2000 candidates (first {MAX_ROWS}: type to narrow)" in detail
        # the page's last candidate is the last row: ctrl+end in the list goes there
        await pilot.press("down", "ctrl+end")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1 == MAX_ROWS - 1
        assert rows(screen)[-1][0] == screen.rows[MAX_ROWS - 1].name
        await pilot.press("escape", *"quinn 1990")  # sorted by name, far beyond the first page
        assert [row[0] for row in rows(screen)] == ["Zara Quinn 1990"]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert "Zara Quinn 1990" in str(app.screen.query_one("#overview-title").render())
