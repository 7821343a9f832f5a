"""The internal verifier's view at 80x24: every unit signed off and not yet countersigned across
the caseload (ctrl+t on the caseload, or the palette), countersigned from there; a second
countersign refused with its reason wherever it is tried; and the keys a sign-off with the
candidate's declaration and the IV's countersign take.

Issue 10: "The IV's view: a list of units signed off and not yet countersigned, across the
caseload, with the countersign from there." and "A second countersign silently replaces the
first (the panel still says "may countersign"): refuse, or ask and record it as a correction
with a reason."
"""

from __future__ import annotations

from textual import events
from textual.command import CommandPalette

from logbook.tui.screens.countersign import CountersignScreen
from logbook.tui.screens.signoff import SignOffScreen
from tests.tui.helpers import SIZE, candidate_id, cover_gareths_unit_2, demo_app, open_overview
from tests.tui.test_palette_and_colours import palette_prompts
from tests.tui.test_plan_screens import drawn, settle, text


async def open_iv_view(pilot, app) -> CountersignScreen:
    """ctrl+t on the caseload."""
    await settle(pilot, app)
    await pilot.press("ctrl+t")
    await settle(pilot, app)
    assert isinstance(app.screen, CountersignScreen)
    return app.screen


def awaiting(screen) -> list[list[str]]:
    table = screen.query_one("#awaiting")
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_iv_view_lists_the_whole_caseload_and_countersigns_from_there(tmp_path):
    app = demo_app(tmp_path)
    priya = app.caseload.logbook(candidate_id(app, "Priya Shah"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_iv_view(pilot, app)
        assert isinstance(screen, CountersignScreen)
        # the longest waiting first; unit 301 is countersigned already, so not listed
        assert [row[:3] for row in awaiting(screen)] == [
            ["Gareth Jones", "1", "Mon 27 Jul 2026"],
            ["Tom Reilly", "F3", "Thu 6 Aug 2026"],
            ["Priya Shah", "302", "Fri 28 Aug 2026"],
        ]
        assert "3 units signed off, not yet countersigned" in drawn(app)
        assert app.focused.id == "iv_name"
        # the candidate highlighted on the caseload (Priya: today's work on top) comes first
        assert screen.selected() == (priya.candidate_id, "302")
        await pilot.press(*"Ruth Okoye", "ctrl+s")
        await settle(pilot, app)
        assert "Unit 302 of Priya Shah countersigned by Ruth Okoye on Tue 24 Nov 2026" in text(
            screen, "#form-status"
        )
        assert [row[1] for row in awaiting(screen)] == ["1", "F3"]
        # the next one, with the same name: down into the list, ctrl+s
        await pilot.press("down", "ctrl+s")
        await settle(pilot, app)
        assert [row[1] for row in awaiting(screen)] == ["F3"]
    countersigned = priya.read(app.today).signoff_for("302")
    assert (countersigned.iv_name, countersigned.iv_date) == ("Ruth Okoye", app.today)
    assert countersigned.corrected_by == "Test Assessor"
    gareth = app.caseload.logbook(candidate_id(app, "Gareth Jones")).read(app.today)
    assert gareth.signoff_for("1").iv_name == "Ruth Okoye"


async def test_the_iv_view_is_in_the_palette_and_needs_a_name(tmp_path):
    app = demo_app(tmp_path)
    before = {p: p.read_bytes() for p in app.caseload.files()}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"countersign")
        assert (await palette_prompts(pilot, app))[0] == "IV countersign"
        await pilot.press("enter")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, CountersignScreen)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "the internal verifier's name is needed" in text(
            screen, "#field-iv_name .field-note"
        )
    assert {p: p.read_bytes() for p in app.caseload.files()} == before


async def test_a_unit_countersigned_meanwhile_is_refused_with_the_reason(tmp_path):
    app = demo_app(tmp_path)
    priya = app.caseload.logbook(candidate_id(app, "Priya Shah"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_iv_view(pilot, app)
        assert screen.selected() == (priya.candidate_id, "302")
        # another terminal countersigns it first
        priya.countersign("302", "Sam Other", app.today, "Sam Other", app.today)
        before = priya.path.read_bytes()
        await pilot.press(*"Ruth Okoye", "ctrl+s")
        await settle(pilot, app)
        refused = text(screen, "#field-iv_name .field-note")
        assert "unit 302 is already countersigned by Sam Other on Tue 24 Nov 2026" in refused
        assert "a second countersignature is refused" in refused
        assert "Not saved" in text(screen, "#form-status")
    assert priya.path.read_bytes() == before
    assert priya.read(app.today).signoff_for("302").iv_name == "Sam Other"


async def test_the_signoff_of_a_countersigned_unit_says_so_and_refuses_another(tmp_path):
    app = demo_app(tmp_path)
    priya = app.caseload.logbook(candidate_id(app, "Priya Shah"))
    before = priya.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SignOffScreen(priya.candidate_id, "301"))
        await settle(pilot, app)
        screen = app.screen
        readiness = text(screen, "#signoff-readiness")
        assert "Unit 301 is already countersigned by Ruth Okoye (IV) on" in readiness
        assert "may countersign" not in readiness  # it said so before, and took a second one
        assert not screen.query_one("#field-iv_name").display
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "Not saved" in text(screen, "#form-status")
        assert "already countersigned" in text(screen, "#field-unit .field-note")
    assert priya.path.read_bytes() == before


class Keys:
    """Presses keys through the Pilot, counting every key that is not free text."""

    def __init__(self, pilot, app):
        self.pilot, self.app, self.count, self.pressed = pilot, app, 0, []

    async def press(self, *keys: str) -> None:
        for key in keys:
            self.count += 1
            self.pressed.append(key)
            await self.pilot.press(key)
            await settle(self.pilot, self.app)

    async def type(self, words: str) -> None:
        await self.pilot.press(*words)
        await settle(self.pilot, self.app)


async def test_a_sign_off_with_decision_declaration_and_iv_countersign_take_six_keys(tmp_path):
    app = demo_app(tmp_path)
    gareth = cover_gareths_unit_2(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_overview(pilot, app, "gareth")
        keys = Keys(pilot, app)
        await keys.press("down")  # to unit 2 in the units list (focused on arrival): the unit
        chosen = keys.count
        await keys.press("s")  # sign off: the form opens on the decision (no default)
        assert isinstance(app.screen, SignOffScreen) and app.screen.unit_code == "2"
        assert app.focused.id == "decision"
        await keys.press("c")  # competent: on to the declaration
        assert app.focused.id == "candidate_declaration"
        await keys.press("space", "ctrl+s")
        assert "Unit 2 is signed off" in text(app.screen, "#form-status")
        assert app.focused.id == "iv_name"  # the IV countersigns there and then; date today
        await keys.type("Ruth Okoye")
        await keys.press("ctrl+s")
        assert "countersigned by Ruth Okoye" in text(app.screen, "#form-status")
        signing = keys.count - chosen
        assert keys.pressed == ["down", "s", "c", "space", "ctrl+s", "ctrl+s"]
        # issue 10: at most 6 (11 before; 5 while the decision defaulted to competent)
        assert signing == 5 and keys.count == 6
        # or later, from the IV's own view: back to the caseload, ctrl+t, the name, ctrl+s
    signoff = gareth.read(app.today).signoff_for("2")
    assert signoff.candidate_declaration and signoff.assessor == "Test Assessor"
    assert (signoff.iv_name, signoff.iv_date) == ("Ruth Okoye", app.today)


async def test_from_the_ivs_view_a_new_sign_off_is_countersigned_in_two_keys(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        keys = Keys(pilot, app)
        await keys.type("gareth")  # the caseload filtered to one candidate: free text
        await keys.press("ctrl+t")
        assert app.screen.selected() == (candidate_id(app, "Gareth Jones"), "1")
        await keys.type("Ruth Okoye")
        await keys.press("ctrl+s")
        assert "Unit 1 of Gareth Jones countersigned by Ruth Okoye" in text(
            app.screen, "#form-status"
        )
        assert keys.count == 2


async def test_a_name_that_draws_nothing_does_not_countersign(tmp_path):
    """A zero-width space pasted as the IV's name: the unit would be countersigned by nobody
    the screen can show, and a real countersignature refused after it."""
    app = demo_app(tmp_path)
    priya = app.caseload.logbook(candidate_id(app, "Priya Shah"))
    before = priya.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_iv_view(pilot, app)
        assert screen.selected() == (priya.candidate_id, "302")
        app.post_message(events.Paste("\u200b\u2060"))
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "the internal verifier's name is needed" in text(
            screen, "#field-iv_name .field-note"
        )
        assert [row[1] for row in awaiting(screen)] == ["1", "F3", "302"]
    assert priya.path.read_bytes() == before
