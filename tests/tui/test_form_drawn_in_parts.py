"""The observation form is drawn a part a frame (logbook.tui.widgets.fields.FormBody): its first
fields with the screen, each of the others a frame later, so no frame of work keeps a key
waiting. Meanwhile the screen holds every key and paste (logbook.tui.screens.form.FormScreen
.hold) and hands them on, in order, once the form is whole and laid out: nothing of what the
form promised changes. The keys typed as it is drawn land where they would on the whole form,
across Tab and Shift+Tab (focus goes by position on screen, and a field not drawn yet cannot
take it); ctrl+s saves everything typed before it; Escape and ctrl+q ask before dropping
typing, and only then."""

from __future__ import annotations

import asyncio

from textual import events

from logbook.tui.screens.observation import ObservationScreen
from logbook.tui.screens.overview import OverviewScreen
from logbook.tui.widgets.fields import FormBody
from tests.tui.helpers import SIZE, TODAY, candidate_id, demo_app, open_overview
from tests.tui.test_keys_in_one_burst import burst


def shift_tab(app) -> None:
    app.post_message(events.Key("shift+tab", None))


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


async def saved_on(pilot, app, screen) -> None:
    for _ in range(200):
        await pilot.pause(0.02)
        if "Saved" in str(screen.status().content):
            break
    await app.workers.wait_for_complete()
    assert "Saved" in str(screen.status().content), screen.status().content


def saved_observation(app, cid: str, activity: str):
    [saved] = [
        r
        for r in app.caseload.logbook(cid).read(TODAY).evidence
        if getattr(r, "activity", "") == activity
    ]
    return saved


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
        await saved_on(pilot, app, screen)
    saved = saved_observation(app, cid, "Served a queue of six.")
    assert [link.code for link in saved.links] == ["205.2.3", "205.2.4"]
    assert saved.decision == "competent"
    assert saved.justification == "Followed the policy."
    assert saved.feedback == "Well done."


async def test_keys_and_pastes_across_tab_and_shift_tab_as_the_form_is_drawn_land_in_place(
    tmp_path,
):
    """Shift+Tab back to the venue, Tabs forward past fields not drawn yet, a paste, and
    Shift+Tab back from the last field: each key lands in the field it would on the whole
    form."""
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    async with app.run_test(size=SIZE) as pilot:
        screen = await form_in_parts(pilot, app)
        burst(app, "Did it")
        shift_tab(app)
        burst(app, "Hall")  # the venue, its text replaced (selected as it takes the focus)
        burst(app, "\t\t205.2.3\r\t\tc\t")  # back past the activity, to the justification
        app.post_message(events.Paste("Why: pasted"))
        burst(app, "\tWell done.")  # the feedback
        shift_tab(app)
        burst(app, " so\t Thanks.\x13")  # the justification again, the feedback, save
        await saved_on(pilot, app, screen)
    saved = saved_observation(app, cid, "Did it")
    assert saved.venue == "Hall"
    assert [link.code for link in saved.links] == ["205.2.3"]
    assert saved.decision == "competent"
    assert saved.justification == "Why: pasted so"
    assert saved.feedback == "Well done. Thanks."


async def asked_to_drop_then_kept(pilot, app) -> None:
    """The form asks (within 1 s) before dropping what was typed; `n` keeps it."""
    for _ in range(100):
        await pilot.pause(0.01)
        if type(app.screen).__name__ == "ConfirmDiscardScreen":
            break
    assert type(app.screen).__name__ == "ConfirmDiscardScreen"
    await pilot.press("n")
    await pilot.pause()


async def test_escape_as_the_form_is_drawn_asks_before_dropping_typing(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await form_in_parts(pilot, app)
        burst(app, "Canteen")
        app.post_message(events.Key("escape", "\x1b"))
        await asked_to_drop_then_kept(pilot, app)
        assert app.screen.query_one("#activity").text == "Canteen"
        assert app.screen.query_one(FormBody).whole


async def test_ctrl_q_as_the_form_is_drawn_asks_before_dropping_typing(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await form_in_parts(pilot, app)
        burst(app, "Canteen")
        await asyncio.sleep(0.1)  # the activity has taken its keys: ctrl+q asks at once
        app.post_message(events.Key("ctrl+q", None))
        await asked_to_drop_then_kept(pilot, app)
        assert app.screen is screen
        assert screen.query_one("#activity").text == "Canteen"


async def test_escape_as_the_form_is_drawn_with_nothing_typed_goes_back_at_once(tmp_path):
    """Fields drawn after the first frame (the context's choice, set as it is drawn) are not
    typing: nothing is asked."""
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await form_in_parts(pilot, app)
        assert not screen.dirty
        app.post_message(events.Key("escape", "\x1b"))
        for _ in range(100):
            await pilot.pause(0.01)
            if isinstance(app.screen, OverviewScreen):
                break
        assert isinstance(app.screen, OverviewScreen)


async def test_typing_in_a_field_drawn_late_is_unsaved_typing(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await form_in_parts(pilot, app)
        for _ in range(100):
            await pilot.pause(0.01)
            if screen.query_one(FormBody).whole:
                break
        await pilot.pause()
        screen.query_one("#feedback").focus()
        await pilot.press(*"Well done")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDiscardScreen"
