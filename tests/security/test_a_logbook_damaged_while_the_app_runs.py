"""A logbook file damaged behind the app's back, after the caseload was read: opening the
overview or a form on it says on the screen which file and what is wrong, changes nothing, and
the app keeps running (issue 9: "Special files ... and damaged rows ... are reported by name as
damaged; none raises a traceback, hangs, or is written to. A file reported damaged is never
written to.").

The files are damaged as another program would: written over in place, cut short, taken away.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from logbook.tui.screens.caseload import CaseloadScreen
from logbook.tui.screens.overview import OverviewScreen
from tests.security.hostile import logbook_of
from tests.tui.helpers import SIZE, demo_app, drawn, open_overview


def cut_short(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def not_json(path):
    path.write_bytes(b"Priya's notes, pasted over the file by mistake\n")


def foreign_json(path):
    path.write_bytes(b'{"theme": "dark", "recent": ["a.txt", "b.txt"]}\n')


def a_list(path):
    path.write_bytes(b"[1, 2, 3]\n")


def taken_away(path):
    path.unlink()


def a_folder(path):
    path.unlink()
    path.mkdir()


# what the screen says is wrong: the store's reason (a folder is "it cannot be read (Is a
# directory)" from the read, or "it is a folder, not a file" where the store looks first)
DAMAGES = {
    cut_short: ("it is not valid JSON",),
    not_json: ("it is not valid JSON",),
    foreign_json: ("it is not a logbook file (no meta table)",),
    a_list: ("it is not a logbook file (no meta table)",),
    taken_away: ("there is no such file",),
    a_folder: ("it cannot be read", "it is a folder, not a file"),
}


def on_screen(app) -> str:
    """The screen as drawn, its words joined by single spaces (a message wraps at 80)."""
    return " ".join(" ".join(drawn(app)).split())


def state(path) -> bytes | str:
    """What the damaged path holds, to check nothing was written to it."""
    if path.is_dir():
        return sorted(p.name for p in path.iterdir())
    return path.read_bytes() if path.exists() else "absent"


def said(app, path, reasons: tuple[str, ...]) -> None:
    text = on_screen(app)
    assert any(f"Could not open {path.name}: {reason}" in text for reason in reasons), text
    assert "Nothing was changed" in text and "Escape goes back" in text
    assert app.is_running and app.return_code is None


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda damage: damage.__name__)
async def test_the_overview_of_a_logbook_damaged_after_the_caseload_was_read(tmp_path, damage):
    app = demo_app(tmp_path)
    path = logbook_of(app.caseload.folder, "Priya Shah")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        damage(path)
        damaged = state(path)
        screen = await open_overview(pilot, app, "priya")  # the list still names her
        await app.workers.wait_for_complete()
        await pilot.pause()
        said(app, path, DAMAGES[damage])
        assert screen.portfolio is None
        assert all(table.row_count == 0 for table in screen.query(DataTable))
        await pilot.press("o", "s", "e")  # nothing to record into: no form opens
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        said(app, path, DAMAGES[damage])
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        if path.exists():  # the caseload, read again, names the file too
            assert f"Could not open {path.name}" in on_screen(app)
        assert state(path) == damaged
    # leaving run_test without an error: the app never stopped on an exception (it re-raises)


FORM_KEYS = ["o", "w", "t", "d", "q", "p", "s", "e"]


async def test_no_form_opens_on_a_logbook_damaged_while_its_overview_is_open(tmp_path):
    app = demo_app(tmp_path)
    path = logbook_of(app.caseload.folder, "Priya Shah")
    good = path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_overview(pilot, app, "priya")
        await app.workers.wait_for_complete()
        await pilot.pause()
        not_json(path)
        damaged = path.read_bytes()
        for key in FORM_KEYS:
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key
            said(app, path, ("it is not valid JSON",))
        await pilot.press("5", "tab", "enter")  # a witness, to edit
        await pilot.pause()
        assert app.screen is screen
        said(app, path, ("it is not valid JSON",))
        assert path.read_bytes() == damaged
        path.write_bytes(good)  # put right: the forms open again
        await pilot.press("o")
        await pilot.pause()
        assert type(app.screen).__name__ == "ObservationScreen"
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen and "Could not open" not in on_screen(app)
        assert screen.portfolio is not None


async def test_back_from_a_form_to_an_overview_whose_logbook_was_damaged_meanwhile(tmp_path):
    app = demo_app(tmp_path)
    path = logbook_of(app.caseload.folder, "Priya Shah")
    async with app.run_test(size=SIZE) as pilot:
        overview = await open_overview(pilot, app, "priya")
        await pilot.press("d")  # the discussion form
        await pilot.pause()
        cut_short(path)
        damaged = path.read_bytes()
        await pilot.press("escape")  # nothing typed: back at once, the overview read again
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is overview
        said(app, path, ("it is not valid JSON",))
        assert overview.portfolio is None  # what it showed before is not shown as if current
        assert isinstance(app.screen, OverviewScreen)
        assert path.read_bytes() == damaged
