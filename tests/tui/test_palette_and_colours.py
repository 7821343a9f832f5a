"""Every action is in the command palette; every screen draws at 80x24 without colour (NO_COLOR)
and with the 8/16 colours of a plain xterm."""

from __future__ import annotations

import importlib.util

import textual.constants
from rich.color import ColorSystem, ColorType
from textual.command import CommandList, CommandPalette

from logbook.tui.screens import registry
from logbook.tui.screens.candidate import CandidateScreen
from logbook.tui.screens.confirm import ConfirmDiscardScreen
from logbook.tui.screens.countersign import CountersignScreen
from logbook.tui.screens.export import ExportScreen
from logbook.tui.screens.overview import OverviewScreen
from logbook.tui.screens.plan import PlanScreen
from logbook.tui.screens.plan_review import PlanReviewScreen
from logbook.tui.screens.signoff import SignOffScreen
from tests.tui.helpers import SIZE, candidate_id, demo_app, drawn, open_overview


async def palette_prompts(pilot, app) -> list[str]:
    """The commands the palette lists now, once its search has settled."""
    commands = app.screen.query_one(CommandList)
    seen: list[str] = []
    for _ in range(50):
        await pilot.pause(0.02)
        prompts = [
            str(commands.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(commands.option_count)
        ]
        if prompts and prompts == seen:
            return prompts
        seen = prompts
    return seen


async def test_the_palette_lists_the_screens_actions_and_runs_one(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_overview(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        listed = await palette_prompts(pilot, app)
        for action in (
            "Observation",
            "Witness",
            "Work product",
            "Sign off",
            "Edit",
            "Export",
            "Gaps",
            "Quit",
        ):
            assert action in listed
        await pilot.press(*"sign off")
        assert (await palette_prompts(pilot, app))[0] == "Sign off"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SignOffScreen)


async def test_f1_says_what_tab_and_shift_tab_do(tmp_path):
    """f1's keys panel names every key with what it does: Tab and shift+Tab (the app's own
    bindings, which take a Tab before the keys after it) were listed with nothing beside them."""
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_overview(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        panel = " ".join(" ".join(line.split("▏")[-1].split()) for line in drawn(app))
        assert " tab Next field " in panel
        assert " shift+tab Previous field " in panel  # in two lines: the panel is narrow


async def test_the_palette_on_the_caseload_registers_a_candidate(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+p")
        await pilot.pause()
        listed = await palette_prompts(pilot, app)
        assert {"New candidate", "Export", "Reload"} <= set(listed)
        assert "Observation" not in listed  # only the current screen's actions
        await pilot.press(*"new cand")
        await palette_prompts(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CandidateScreen)


def colours(app) -> set:
    found = set()
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            if segment.style:
                found.update(c for c in (segment.style.color, segment.style.bgcolor) if c)
    return found


def every_screen(app) -> list:
    """Every screen of the app, opened on a demo candidate (screens not written yet left out)."""
    cid = candidate_id(app, "Priya Shah")
    screens = [CandidateScreen(), ExportScreen(), OverviewScreen(cid)]
    for kind, (module, _) in registry.SCREENS.items():
        if importlib.util.find_spec(module) is not None:
            screens.append(registry.evidence_screen(kind, cid))
    screens += [SignOffScreen(cid, "205"), SignOffScreen(cid, "301"), CandidateScreen(cid)]
    screens += [ExportScreen(cid), ConfirmDiscardScreen()]
    screens += [PlanScreen(cid), PlanReviewScreen(cid), CountersignScreen(cid)]
    return screens


async def visit_every_screen(pilot, app, check, tabs: bool = True) -> list[str]:
    """Draw every screen at 80x24 (and the overview's tabs), checking how each is drawn."""
    visited = []

    async def drawn() -> None:
        await app.workers.wait_for_complete()
        await pilot.pause()
        check(app)
        visited.append(type(app.screen).__name__)

    await drawn()  # the caseload
    for screen in every_screen(app):
        app.push_screen(screen)
        await drawn()
        if isinstance(screen, OverviewScreen) and tabs:
            for tab in ("evidence", "locator", "gaps", "witnesses", "plan"):
                await screen.action_tab(tab)
                await drawn()
        app.pop_screen()
    return visited


def check_no_colour(app) -> None:
    for colour in colours(app):
        if not colour.is_default:
            red, green, blue = colour.get_truecolor()
            assert red == green == blue, f"{colour} on {type(app.screen).__name__}"


def check_sixteen_colours(app) -> None:
    """Every colour on the screen goes to the terminal as one of its 16 (Textual's downgrade,
    as the driver sends it), none as 256-colour or 24-bit codes."""
    system = ColorSystem[app.console.color_system.upper()]
    assert system == ColorSystem.STANDARD
    for colour in colours(app):
        sent = colour.downgrade(system)
        assert sent.type in (ColorType.STANDARD, ColorType.DEFAULT), colour
        assert all(";" not in code for code in sent.get_ansi_codes())


async def test_every_screen_draws_with_no_color(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        visited = await visit_every_screen(pilot, app, check_no_colour)
        assert app.no_color
    assert {"CandidateScreen", "SignOffScreen", "ExportScreen", "ObservationScreen"} <= set(visited)
    assert len(visited) >= 15


async def test_every_screen_draws_in_sixteen_colours(tmp_path, monkeypatch):
    # a plain xterm: Textual picks 8/16 colours from TERM and COLORTERM
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM", raising=False)
    app = demo_app(tmp_path)
    assert app.console.color_system == "standard"
    async with app.run_test(size=SIZE) as pilot:
        visited = await visit_every_screen(pilot, app, check_sixteen_colours, tabs=False)
    assert len(visited) >= 11


async def test_textual_color_system_standard_is_honoured(tmp_path, monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")
    # Textual reads TEXTUAL_COLOR_SYSTEM once, when it is imported
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "standard")
    app = demo_app(tmp_path)
    assert app.console.color_system == "standard"
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        check_sixteen_colours(app)
