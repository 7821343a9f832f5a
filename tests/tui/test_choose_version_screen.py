"""v on the overview of a logbook flagged "2 versions: choose": the versions of the field, each
with its device, who and when; the assessor keeps one from the keyboard at 80x24, and the flag
is gone from the overview, also when the unit was signed off (then the choice is a correction).
"""

from __future__ import annotations

from logbook.domain.records import Discussion
from logbook.store.merges import flags
from logbook.tui.app import LogbookApp
from logbook.tui.screens.choose_version import ChooseVersionScreen
from logbook.tui.screens.overview import OverviewScreen
from tests.store.test_choose_versions import (  # noqa: F401  (two_laptops: a fixture)
    AMY,
    TODAY,
    both_edit_the_notes,
    discussion,
    exchange,
    sign_off_the_unit,
    two_laptops,
)
from tests.tui.helpers import SIZE, open_overview


def said(screen, name: str) -> str:
    return str(screen.query_one(name).render())


async def choose_the_second_value(app, pilot) -> tuple[str, str]:
    """From the overview: v, then the second value of the list kept. Returns the values shown."""
    overview = await open_overview(pilot, app, "tom")
    problem = said(overview, "#overview-problem")
    assert "discussion: notes: 2 versions: choose" in problem
    assert "v: choose which version to keep" in problem
    await pilot.press("v")
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ChooseVersionScreen)
    table = screen.query_one("#versions-table")
    assert table.row_count == 2
    rows = [[str(c) for c in table.get_row_at(n)] for n in range(2)]
    assert {r[0] for r in rows} == {"notes"} and all(r[3] == AMY for r in rows)
    assert len({r[2] for r in rows}) == 2  # each value with the device it came from
    assert all(r[4].startswith("20") for r in rows)  # and when
    assert table.region.bottom <= SIZE[1] and table.region.right <= SIZE[0]
    await pilot.press("down")
    await pilot.pause()
    assert rows[1][1] in said(screen, "#versions-value")  # the highlighted value, whole
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, OverviewScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert "versions" not in said(app.screen, "#overview-problem")
    return rows[0][1], rows[1][1]


async def test_the_assessor_keeps_one_version_and_the_flag_goes(two_laptops):  # noqa: F811
    one, other = two_laptops
    both_edit_the_notes(one, other)
    exchange(one, other)
    app = LogbookApp(one.folder, assessor=AMY, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        current, kept = await choose_the_second_value(app, pilot)
    assert current != kept and discussion(one).notes == kept
    assert flags(one.path) == [] and one.verify() == []
    exchange(one, other)  # the other laptop computes the same: no flag, the value kept
    assert flags(other.path) == [] and discussion(other).notes == kept


async def test_on_a_signed_off_unit_the_choice_is_a_correction_and_the_flag_goes(two_laptops):  # noqa: F811
    one, other = two_laptops
    both_edit_the_notes(one, other)
    sign_off_the_unit(one)
    exchange(one, other)
    old = discussion(one)
    app = LogbookApp(one.folder, assessor=AMY, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        _, kept = await choose_the_second_value(app, pilot)
    new = discussion(one)
    assert isinstance(new, Discussion) and new.corrects == old.id and new.notes == kept
    assert one.read(TODAY).is_signed_off("F3")
    assert flags(one.path) == [] and one.verify() == []
    exchange(one, other)
    assert flags(other.path) == [] and discussion(other).notes == kept


async def test_v_with_nothing_to_choose_says_so_and_opens_nothing(two_laptops):  # noqa: F811
    one, _ = two_laptops
    app = LogbookApp(one.folder, assessor=AMY, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_overview(pilot, app, "tom")
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)


async def test_values_are_shown_as_text_never_as_markup(two_laptops):  # noqa: F811
    """A value is anyone's text: markup in it is shown as typed, on the list and whole."""
    from dataclasses import replace

    one, other = two_laptops
    hostile = "[bold red]Notes[/] [link=http://x]typed[/link] \\[x]"
    one.update(replace(discussion(one), notes=hostile), AMY, TODAY)
    other.update(replace(discussion(other), notes="Notes typed at the desk"), AMY, TODAY)
    exchange(one, other)
    app = LogbookApp(one.folder, assessor=AMY, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_overview(pilot, app, "tom")
        await pilot.press("v")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#versions-table")
        values = [str(table.get_row_at(n)[1]) for n in range(table.row_count)]
        assert any(v.startswith("[bold red]Notes[/]") for v in values), values
        for _ in range(table.row_count):
            if hostile in said(screen, "#versions-value"):
                break
            await pilot.press("down")
            await pilot.pause()
        assert hostile in said(screen, "#versions-value")
