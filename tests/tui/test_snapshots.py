"""What the screens look like at 80x24, on the demo caseload of a fixed day.

Candidate ids are random UUIDs: no screen shows them, so the snapshots are stable. The
observation form's time says back the time of day, so it is set to a fixed time first.
Regenerate after a deliberate change with: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from logbook.tui.screens.observation import ObservationScreen
from logbook.tui.screens.overview import OverviewScreen
from logbook.tui.screens.signoff import SignOffScreen
from tests.tui.helpers import SIZE, demo_app


async def settled(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def to_overview(pilot) -> None:
    await settled(pilot)
    await pilot.press(*"priya", "enter")
    await settled(pilot)
    assert isinstance(pilot.app.screen, OverviewScreen)


def test_caseload(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=settled)


def test_overview(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=to_overview)


def test_observation_form(snap_compare, tmp_path):
    async def run_before(pilot) -> None:
        await to_overview(pilot)
        await pilot.press("o")
        await settled(pilot)
        assert isinstance(pilot.app.screen, ObservationScreen)
        pilot.app.screen.query_one("#time").value = "10:30"
        await settled(pilot)

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_signoff_of_an_incomplete_unit(snap_compare, tmp_path):
    async def run_before(pilot) -> None:
        await to_overview(pilot)
        await pilot.press("down", "down", "s")  # unit 205: the units list has the focus
        await settled(pilot)
        assert isinstance(pilot.app.screen, SignOffScreen)

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_overview_with_no_color(snap_compare, tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=to_overview)
