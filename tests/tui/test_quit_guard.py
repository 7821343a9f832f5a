"""ctrl+q on a form with unsaved typing asks first, as Escape does (issue 10); elsewhere, and
on a form with nothing unsaved, it quits at once."""

from __future__ import annotations

from logbook.tui.screens.confirm import ConfirmDiscardScreen
from logbook.tui.screens.observation import ObservationScreen
from logbook.tui.widgets.plain import Plain
from tests.tui.helpers import SIZE, demo_app, open_form, open_overview


async def test_ctrl_q_with_unsaved_typing_asks_and_n_keeps_it(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app, "o", ObservationScreen, "Priya Shah")
        await pilot.press(*"Served a customer")  # what the candidate did: the form opens there
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDiscardScreen)
        assert "Quit and drop what you typed?" in str(app.screen.query_one(Plain).render())
        await pilot.press("ctrl+q")  # asked already: a second ctrl+q does not drop it
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDiscardScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and app.is_running
        assert form.query_one("#activity").text == "Served a customer"
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_ctrl_q_quits_at_once_from_a_form_with_nothing_typed(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, app, "o", ObservationScreen, "Priya Shah")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_q_quits_at_once_from_the_overview(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_overview(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
