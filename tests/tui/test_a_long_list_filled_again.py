"""A long list filled again (a year of evidence after a save) shows the new rows, every one, and
none of the old: the old rows are let go of in a thread (logbook.tui.widgets.plain.PlainTable)."""

from __future__ import annotations

from textual.app import App

from logbook.tui.widgets.plain import LET_GO_AT, PlainTable


class OneList(App):
    def compose(self):
        yield PlainTable(id="list")


def rows(prefix: str, count: int) -> list[tuple[str, tuple]]:
    return [(f"{prefix}{n}", (f"{prefix}{n}", f"what {n}")) for n in range(count)]


async def filled(pilot, table: PlainTable, count: int) -> None:
    for _ in range(500):
        if table.row_count == count:
            return
        await pilot.pause(0.01)
    raise AssertionError(f"{table.row_count} rows of {count}")


async def test_a_long_list_filled_again_holds_the_new_rows_only():
    count = LET_GO_AT + 100
    app = OneList()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PlainTable)
        table.add_columns("Key", "What")
        table.fill(rows("old", count))
        await filled(pilot, table, count)
        table.fill(rows("new", count + 1), first=0)  # out of sight: every row a step later
        await filled(pilot, table, count + 1)
        keys = [table.coordinate_to_cell_key((n, 0)).row_key.value for n in range(count + 1)]
        assert keys == [f"new{n}" for n in range(count + 1)]
        assert str(table.get_cell_at((count, 1))) == f"what {count}"
        assert "old0" not in table.rows
