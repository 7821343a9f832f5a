"""Recording an observation from the keyboard, and its refusals."""

from __future__ import annotations

from logbook.domain.records import Observation
from logbook.tui.screens.observation import ObservationScreen
from logbook.tui.screens.overview import OverviewScreen
from tests.tui.helpers import SIZE, candidate_id, demo_app, open_form


async def open_observation(pilot, app, name="Priya Shah"):
    return await open_form(pilot, app, "o", ObservationScreen, name)


async def test_observation_is_recorded_by_keystrokes(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_observation(pilot, app)
        screen = app.screen
        screen.query_one("#date").value = "23/11"
        screen.query_one("#venue").value = "Service desk"
        screen.query_one("#activity").text = "Dealt with a refund for a customer in a hurry."
        screen.query_one("#criteria .picker-search").focus()
        await pilot.press(*"205.2.2", "enter")
        await pilot.press(*"busy period")
        await pilot.press("enter")
        screen.query_one("#decision").focus()
        await pilot.press("c")  # competent: no default, one key
        screen.query_one("#justification").text = "Met the standard under pressure."
        screen.query_one("#feedback").text = "Well done."
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Saved" in str(screen.query_one("#form-status").render())
    stored = app.caseload.logbook(candidate_id(app, "Priya Shah")).read(app.today)
    mine = [r for r in stored.evidence if isinstance(r, Observation) and r.venue == "Service desk"]
    assert len(mine) == 1
    assert mine[0].date.isoformat() == "2026-11-23"
    assert {link.code for link in mine[0].links} == {"205.2.2", "205 ER4b"}


async def test_bad_date_is_marked_and_nothing_is_saved(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    before = app.caseload.logbook(cid).path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_observation(pilot, app)
        screen = app.screen
        screen.query_one("#date").value = "31/02/2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        note = str(screen.query_one("#field-date .field-note").render())
        assert "February 2026 has 28 days" in note
        assert "Not saved" in str(screen.query_one("#form-status").render())
    assert app.caseload.logbook(cid).path.read_bytes() == before


async def test_escape_warns_before_dropping_typing(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_observation(pilot, app)
        await pilot.press(*"Canteen")  # what the candidate did: the focus is there at once
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDiscardScreen"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ObservationScreen)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)


async def test_saving_twice_changes_the_saved_entry_instead_of_adding_another(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_observation(pilot, app)
        screen = app.screen
        screen.query_one("#venue").value = "Till 3"
        screen.query_one("#activity").text = "Served a customer with a complaint about a refund."
        screen.query_one("#criteria").pick("205.1.3")
        screen.query_one("#decision").value = "competent"
        screen.query_one("#justification").text = "Met."
        screen.query_one("#feedback").text = "Good."
        for _ in range(2):
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert "Already saved" in str(screen.query_one("#form-status").render())
        screen.query_one("#feedback").text = "Good; note it on the account next time."
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    stored = app.caseload.logbook(candidate_id(app, "Priya Shah")).read(app.today)
    mine = [r for r in stored.evidence if isinstance(r, Observation) and r.venue == "Till 3"]
    assert len(mine) == 1
    assert mine[0].feedback == "Good; note it on the account next time."
