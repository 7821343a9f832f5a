"""A long caseload's page of rows: laid out as the assessor reaches it, never seen half made.

The list lays out a screenful or two at start and after each filter key, and the rest of the
page as the cursor or the view comes near (logbook/tui/widgets/page_table.py). What the
assessor sees is the whole page all the same: the scrollbar measures it, ctrl+end and page down
walk it in order, and a view scrolled anywhere shows candidates, never blank lines.
"""

from __future__ import annotations

from textual.widgets import DataTable

from logbook.tui.screens.caseload import MAX_ROWS
from tests.tui.helpers import SIZE, demo_app, drawn
from tests.tui.test_caseload_screen import add_copies, loaded


def table_lines(app) -> list[str]:
    """The lines of the list as drawn, its header left out."""
    table = app.screen.query_one("#caseload", DataTable)
    top = table.region.y + 1
    return drawn(app)[top : table.region.bottom]


def highlighted(screen) -> str:
    return str(screen.query_one("#caseload-detail").render()).split(" · ")[0]


async def test_page_down_walks_the_whole_page_in_order(tmp_path):
    app = demo_app(tmp_path)
    add_copies(app, 600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        table = screen.query_one("#caseload", DataTable)
        # the scrollbar measures the page of 500, its header line with it
        assert table.virtual_size.height == MAX_ROWS + 1
        await pilot.press("down")  # into the list
        seen = []
        for _ in range(60):
            await pilot.press("pagedown")
            await pilot.pause()
            seen.append(table.cursor_row)
            assert highlighted(screen) == screen.rows[table.cursor_row].name
            lines = table_lines(app)
            assert all(line.strip() for line in lines), "a blank line in the list"
            if table.cursor_row == MAX_ROWS - 1:
                break
        assert seen == sorted(seen) and seen[-1] == MAX_ROWS - 1
        assert table.row_count == MAX_ROWS


async def test_a_view_scrolled_far_down_shows_the_candidates_there(tmp_path):
    """What a mouse wheel or the scrollbar does: the view moves without the cursor."""
    app = demo_app(tmp_path)
    add_copies(app, 600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        table = screen.query_one("#caseload", DataTable)
        table.scroll_to(y=400, animate=False)
        await pilot.pause()
        await pilot.pause()
        lines = table_lines(app)
        assert all(line.strip() for line in lines), "a blank line in the list"
        top = int(table.scroll_y)
        assert top == 400
        assert screen.rows[top].name in lines[0]
        assert screen.rows[top + len(lines) - 1].name in lines[-1]


async def test_a_filter_key_after_scrolling_shows_the_narrower_list_from_its_top(tmp_path):
    app = demo_app(tmp_path)
    add_copies(app, 600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        table = screen.query_one("#caseload", DataTable)
        await pilot.press("down", "pagedown", "pagedown")  # part of the page laid out
        assert table.cursor_row > 0
        await pilot.press(*"quinn 059")
        await pilot.pause()
        names = [r.name for r in screen.rows if "quinn" in r.words and "059" in r.words]
        assert len(names) == table.row_count == 11  # 0059 and 0590 to 0599
        assert [str(table.get_row_at(i)[0]) for i in range(11)] == names
        assert table.virtual_size.height == 12 and table.scroll_y == 0
        assert names[0] in table_lines(app)[0]


async def test_a_screenful_is_laid_out_at_start_and_the_cursor_never_meets_a_blank_line(tmp_path):
    """At start (and after each filter key) one screenful of rows is laid out: the rows under
    it are laid out as the cursor comes down to them, before they are drawn."""
    app = demo_app(tmp_path)
    add_copies(app, 600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot, app)
        table = screen.query_one("#caseload", DataTable)
        assert table.row_count == SIZE[1]  # of the page of 500
        await pilot.press("down")  # into the list
        for at in range(1, 40):
            await pilot.press("down")
            await pilot.pause()
            assert table.cursor_row == at
            assert highlighted(screen) == screen.rows[at].name
            assert all(line.strip() for line in table_lines(app)), "a blank line in the list"
        assert SIZE[1] < table.row_count < MAX_ROWS
