"""Keys that reach the app together (over SSH a line of typing can arrive in one packet) are
applied in the order typed. The terminal's driver posts each key to the app as it reads them;
here they are posted the same way, all at once, before the app has handled the first."""

from __future__ import annotations

import asyncio

from textual import events

from logbook.tui.screens.observation import ObservationScreen
from tests.tui.helpers import SIZE, TODAY, candidate_id, demo_app, open_form

NAMED = {"\t": ("tab", None), "\r": ("enter", "\r"), "\x13": ("ctrl+s", None)}
PUNCTUATION = {".": "full_stop", " ": "space"}


def burst(app, typed: str) -> None:
    for character in typed:
        key, sent = NAMED.get(character, (PUNCTUATION.get(character, character), character))
        app.post_message(events.Key(key, sent))


async def test_an_observation_typed_in_one_burst_is_saved_as_typed(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, app, "o", ObservationScreen, "Priya Shah")
        burst(
            app,
            "Served a queue of six."
            "\t205.2.3\r205.2.4\r"  # two codes picked, neither wiped by the Enter before it
            "\t\tc"  # past the context to the decision: competent
            "\tFollowed the policy."
            "\tWell done."
            "\x13",  # ctrl+s: saves what was typed before it
        )
        for _ in range(100):
            await pilot.pause(0.02)
            if "Saved" in str(screen.status().content):
                break
        await app.workers.wait_for_complete()
        assert "Saved" in str(screen.status().content)
    saved = [
        r
        for r in app.caseload.logbook(cid).read(TODAY).evidence
        if getattr(r, "activity", "") == "Served a queue of six."
    ]
    assert len(saved) == 1
    assert [link.code for link in saved[0].links] == ["205.2.3", "205.2.4"]
    assert saved[0].decision == "competent"
    assert saved[0].justification == "Followed the policy."
    assert saved[0].feedback == "Well done."


async def filtered_to_priya(pilot, app) -> None:
    await app.workers.wait_for_complete()
    await pilot.press(*"priya")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def priyas_observation_form(pilot, app) -> None:
    """Wait (up to 4 s) for the keys posted to open Priya's observation form."""
    for _ in range(200):
        await pilot.pause(0.02)
        if isinstance(app.screen, ObservationScreen):
            break
    assert isinstance(app.screen, ObservationScreen)
    assert app.screen.candidate.name == "Priya Shah"


async def overview_being_read(pilot, app) -> None:
    """Enter on Priya: her overview answers before her logbook is read (in a worker)."""
    from logbook.tui.screens.overview import OverviewScreen

    await filtered_to_priya(pilot, app)
    burst(app, "\r")
    while not isinstance(app.screen, OverviewScreen):
        await asyncio.sleep(0)
    assert app.screen.portfolio is None  # the overview answered; the read is to come


async def test_a_form_key_pressed_while_the_logbook_is_read_opens_the_form(tmp_path):
    """Enter then `o` at once: the overview answers Enter before the logbook is read (in a
    worker); the `o` typed meanwhile opens the observation form once it is read, not lost
    (it was dropped: an assessor typing ahead found the form never opened)."""
    from logbook.tui.screens.overview import OverviewScreen

    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await overview_being_read(pilot, app)
        burst(app, "o")
        await priyas_observation_form(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)


async def test_enter_and_o_in_one_burst_from_the_filter_open_the_observation_form(tmp_path):
    """`enter o` typed at once over SSH arrives in one packet: the `o` reached the filter
    before the Enter was handled, so the filter read "priyao", matched nobody, and nothing
    opened. The Enter opens Priya and the `o` goes to her overview."""
    from logbook.tui.screens.caseload import CaseloadScreen

    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await filtered_to_priya(pilot, app)
        burst(app, "\ro")
        await priyas_observation_form(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        assert app.screen.query_one("#filter").value == "priya"


async def test_what_is_typed_after_o_while_the_logbook_is_read_goes_into_the_form(tmp_path):
    """Enter, `o` and the observation typed at once: the `o` waits for the logbook to be read,
    and what is typed after it is meant for the form it opens. Its letters are the overview's
    keys too (`t` a testimony, `s` a sign-off, `d` a discussion, `e` edit): they were taken as
    such, so the observation never opened and a testimony form did."""

    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await overview_being_read(pilot, app)
        burst(app, "oServed two customers at the desk")
        await priyas_observation_form(pilot, app)
        screen = app.screen
        for _ in range(200):
            await pilot.pause(0.02)
            if screen.query_one("#activity").text:
                break
        assert screen.query_one("#activity").text == "Served two customers at the desk"
        await pilot.pause(0.2)
        assert app.screen is screen  # nothing else opened over it


async def test_a_witness_typed_in_one_burst_with_w_goes_into_the_witness_form(tmp_path):
    """On an overview read already: `w` and the witness's name in one burst. The `w` opens
    the form as it arrives, and the name waits for the form to be drawn: its letters were
    the overview's keys (`s` a sign-off, `a` the plan) or were lost on a form not drawn yet."""
    from logbook.tui.screens.overview import OverviewScreen
    from logbook.tui.screens.witness import WitnessScreen

    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await filtered_to_priya(pilot, app)
        burst(app, "\r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen) and app.screen.portfolio is not None
        burst(app, "wSasha Adams")
        for _ in range(200):
            await pilot.pause(0.02)
            if isinstance(app.screen, WitnessScreen) and app.screen.query_one("#name").value:
                break
        assert isinstance(app.screen, WitnessScreen)
        assert app.screen.query_one("#name").value == "Sasha Adams"
