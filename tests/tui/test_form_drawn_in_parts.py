"""The observation form is drawn a part a frame (logbook.tui.widgets.fields.FormBody): its first
fields with the screen, each of the others a frame later, so no frame of work keeps a key
waiting. Nothing of what the form promised changes: the keys typed as it is drawn land in the
field that has the focus, in order; Tab goes to fields not drawn yet; ctrl+s saves every field;
Escape asks before dropping typing, and only then."""

from __future__ import annotations

import asyncio

from textual import events

from logbook.tui.screens.observation import ObservationScreen
from logbook.tui.screens.overview import OverviewScreen
from logbook.tui.widgets.fields import FormBody
from tests.tui.helpers import SIZE, TODAY, candidate_id, demo_app, open_overview
from tests.tui.test_keys_in_one_burst import burst


async def form_in_parts(pilot, app) -> ObservationScreen:
    """`o` on Priya's overview, up to the form's first frame: its later fields not drawn yet."""
    await open_overview(pilot, app)
    while app.screen.portfolio is None:
        await pilot.pause(0.01)
    burst(app, "o")
    while not (isinstance(app.screen, ObservationScreen) and app.screen.query(FormBody)):
        await asyncio.sleep(0)
    screen = app.screen
    while not (screen.query("#activity") and screen.query_one("#activity").has_focus):
        await asyncio.sleep(0)
    assert not screen.query_one(FormBody).whole  # the decision, the feedback: still to come
    assert not screen.query("#feedback")
    return screen


async def drawn_whole(pilot, screen) -> None:
    """Wait (up to 2 s) for the form's every field to be drawn, a part a frame."""
    for _ in range(200):
        if screen.query_one(FormBody).whole:
            break
        await pilot.pause(0.01)
    assert screen.query_one(FormBody).whole and screen.query("#feedback")


async def test_a_whole_observation_typed_as_the_form_is_drawn_is_saved_as_typed(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    async with app.run_test(size=SIZE) as pilot:
        screen = await form_in_parts(pilot, app)
        burst(
            app,
            "Served a queue of six."
            "\t205.2.3\r205.2.4\r"  # Tab to the criteria: not drawn when the Tab came
            "\t\tc"
            "\tFollowed the policy."
            "\tWell done."
            "\x13",
        )
        for _ in range(200):
            await pilot.pause(0.02)
            if "Saved" in str(screen.status().content):
                break
        await app.workers.wait_for_complete()
        assert "Saved" in str(screen.status().content)
    [saved] = [
        r
        for r in app.caseload.logbook(cid).read(TODAY).evidence
        if getattr(r, "activity", "") == "Served a queue of six."
    ]
    assert [link.code for link in saved.links] == ["205.2.3", "205.2.4"]
    assert saved.decision == "competent"
    assert saved.justification == "Followed the policy."
    assert saved.feedback == "Well done."


async def test_escape_as_the_form_is_drawn_asks_before_dropping_typing(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await form_in_parts(pilot, app)
        burst(app, "Canteen")
        app.post_message(events.Key("escape", "\x1b"))
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDiscardScreen"
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#activity").text == "Canteen"
        assert app.screen.query_one(FormBody).whole


async def test_escape_as_the_form_is_drawn_with_nothing_typed_goes_back_at_once(tmp_path):
    """Fields drawn after the form was marked clean (the context's choice, set as it is
    drawn) are not typing: nothing is asked."""
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await form_in_parts(pilot, app)
        assert not screen.dirty
        await drawn_whole(pilot, screen)  # every field drawn, the form still clean
        assert not screen.dirty
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)


async def test_typing_in_a_field_drawn_late_is_unsaved_typing(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await form_in_parts(pilot, app)
        await drawn_whole(pilot, screen)
        screen.query_one("#feedback").focus()
        await pilot.press(*"Well done")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDiscardScreen"
