"""One candidate's overview: units with progress, the evidence, the locator and the gaps."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, TabbedContent

from logbook.domain.dates import say_date
from logbook.tui.screens.overview import OverviewScreen
from tests.tui.helpers import SIZE, TODAY, demo_app, open_overview


def day(n: int) -> str:
    """The demo's day n, in words: its caseload starts 150 days before today."""
    return say_date(TODAY - timedelta(days=150) + timedelta(days=n))


def table_rows(screen, table_id: str) -> dict[str, list[str]]:
    table = screen.query_one(f"#{table_id}", DataTable)
    rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
    return {row[0]: row for row in rows}


async def open_priya(pilot, app) -> OverviewScreen:
    return await open_overview(pilot, app)


async def test_units_and_evidence_tabs(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priya(pilot, app)
        title = str(screen.query_one("#overview-title").render())
        assert "Priya Shah · CG-4471-0931" in title and "2 of 8 units signed off" in title
        units = table_rows(screen, "units-table")
        assert list(units) == ["301", "302", "205", "206", "211", "308", "311", "312"]
        assert units["301"][2] == f"signed off {day(60)}"
        assert units["302"][2] == f"signed off {day(62)}"
        assert units["205"][1:3] == ["6/28", "22 missing"]
        assert units["308"][1:3] == ["0/1", "1 missing"]

        await pilot.press("2")
        assert screen.query_one(TabbedContent).active == "evidence"
        evidence = screen.query_one("#evidence-table", DataTable)
        assert evidence.row_count == 6
        kinds = sorted(str(evidence.get_row_at(i)[1]) for i in range(evidence.row_count))
        assert kinds == [
            "observation",
            "professional discussion",
            "questioning",
            "witness testimony",
            "witness testimony",
            "work product",
        ]
        newest = [str(cell) for cell in evidence.get_row_at(0)]
        assert newest[:2] == [day(50), "witness testimony"]
        assert "205.2.2" in newest[3]


async def test_locator_and_gaps_tabs(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priya(pilot, app)
        await pilot.press("3")
        assert screen.query_one(TabbedContent).active == "locator"
        locator = table_rows(screen, "locator-table")
        assert locator["205.1.1"][1] == f"observation {day(40)}"
        assert locator["205 ER4b"][1] == f"witness testimony {day(44)}"
        assert locator["205.1.3"][1] == "— missing"
        assert locator["205.2.2"][1] == "— missing"  # only the refused testimony claims it
        assert locator["302.2.1"][1] == f"questioning {day(35)}"

        await pilot.press("4")
        assert screen.query_one(TabbedContent).active == "gaps"
        gaps = str(screen.query_one("#gaps-text").render())
        assert "missing: 205.1.3, 205.1.4, 205.1.5" in gaps
        assert (
            "not counted for 205.2.2: witness testimony: the candidate wrote it: a testimony the "
            "candidate wrote for the witness to sign is not acceptable"
        ) in gaps
        assert "301" not in gaps.split("Qualification:")[0]  # signed-off units have no gaps
        assert "Qualification: needs 6 more units from the optional themes" in gaps
