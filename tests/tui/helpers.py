"""Shared set-up for the screen tests: a real demo caseload in a temporary folder."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from logbook.demo import write_demo
from logbook.domain.records import Link, Observation
from logbook.tui.app import LogbookApp

TODAY = date(2026, 11, 24)
SIZE = (80, 24)


def drawn(app) -> list[str]:
    """The lines of the screen as drawn (the text Textual would send to the terminal): what
    the assessor sees."""
    return [
        "".join(segment.text for segment in strip)
        for strip in app.screen._compositor.render_strips()
    ]


def demo_app(folder: Path, today: date = TODAY) -> LogbookApp:
    caseload = folder / "caseload"
    write_demo(caseload, today)
    return LogbookApp(caseload, assessor="Test Assessor", today=today)


def candidate_id(app: LogbookApp, name: str) -> str:
    return next(s["id"] for s in app.caseload.view(app.today).summaries if s["name"] == name)


async def open_overview(pilot, app, typed: str = "priya"):
    """From the caseload: type to filter, Enter opens the first candidate's overview."""
    from logbook.tui.screens.overview import OverviewScreen

    await app.workers.wait_for_complete()
    await pilot.press(*typed, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, OverviewScreen)
    return app.screen


async def open_form(pilot, app, key: str, screen_type, name: str, typed: str | None = None):
    """From the caseload: open the candidate `name` (filtering by `typed`, else their first
    name), press the form's key on the overview, and check the form is theirs."""
    await open_overview(pilot, app, typed or name.split()[0].lower())
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, screen_type)
    assert app.screen.candidate.name == name
    return app.screen


def screen_class(kind: str) -> type:
    """The class of the screen that records `kind` of evidence (see screens/registry.py)."""
    from importlib import import_module

    from logbook.tui.screens.registry import SCREENS

    module, name = SCREENS[kind]
    return getattr(import_module(module), name)


def cover_gareths_unit_2(app: LogbookApp):
    """Gareth Jones's unit 2 covered in full by one observation, ready to sign off; his logbook."""
    logbook = app.caseload.logbook(candidate_id(app, "Gareth Jones"))
    logbook.add(
        Observation(
            date=app.today - timedelta(days=3),
            venue="Valley Leisure Centre reception",
            activity="Dealt with a complaint about a cancelled class and rebooked the member.",
            links=[Link("2", code) for code in ("2.1", "2.2", "2.3")],
            decision="competent",
            justification="Problem resolved within the centre's procedures.",
            feedback="Good.",
        ),
        "Test Assessor",
        app.today,
    )
    return logbook
