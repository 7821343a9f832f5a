"""The overview reads a candidate's portfolio once, off the UI thread, and hands it to the
screens it opens: a form does not read the logbook to be drawn, and after a save nothing reads
the file again (the save says what it wrote, and every screen on that candidate follows).

Issue 10: "A screen reads the logbook from disk in `compose` (the file is read about six times
between opening an observation form and exporting). Load a candidate's portfolio once, off the
UI thread, hold it in a `reactive` on the screen that owns it, hand it to the screens opened from
there, and let widgets follow it with `watch_`/`data_bind`; a save posts a message with the new
portfolio instead of a reread." and "disk reads between opening a form and saving it (goal: none
before the save's own locked read)".

Reads are counted as `tests/store/test_one_storage.py` does: Python's audit hook sees every open
of the candidate's file for reading, whoever asks.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from textual.widgets import TextArea

from logbook.tui.screens.observation import ObservationScreen
from logbook.tui.screens.signoff import SignOffScreen
from tests.tui.helpers import SIZE, candidate_id, cover_gareths_unit_2, demo_app, open_overview
from tests.tui.test_plan_screens import drawn

_watched: Path | None = None
_reads: list[Path] = []


def _on_audit(event: str, args: tuple) -> None:
    if _watched is None or event != "open":
        return
    path, _mode, flags = args
    if isinstance(path, int) or flags is None or flags & os.O_ACCMODE != os.O_RDONLY:
        return
    if Path(os.fsdecode(path)).resolve() == _watched:
        _reads.append(_watched)


sys.addaudithook(_on_audit)  # hooks stay for the process; it does nothing unless watching


class Reads:
    """How many times the logbook file at `path` is opened for reading, from now on."""

    def __init__(self, path: Path):
        global _watched
        _watched = path.resolve()
        _reads.clear()

    @property
    def count(self) -> int:
        return len(_reads)

    def stop(self) -> None:
        global _watched
        _watched = None


async def settle(pilot, app) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def fill_an_observation(pilot, form) -> None:
    form.query_one("#date").value = "23/11"
    form.query_one("#venue").value = "Service desk"
    form.query_one("#activity", TextArea).text = "Dealt with a refund for a customer in a hurry."
    form.query_one("#criteria .picker-search").focus()
    await pilot.press(*"205.2.2", "enter")
    form.query_one("#decision").focus()
    await pilot.press("c")
    form.query_one("#justification", TextArea).text = "Met the standard under pressure."
    form.query_one("#feedback", TextArea).text = "Well done."


async def test_opening_a_form_and_saving_it_reads_the_logbook_once_the_saves_own(tmp_path):
    """Before: the file was read once to open the form, once by the save, and once more on the
    way back to the overview (3). Now: the save's own read, and none else."""
    app = demo_app(tmp_path)
    logbook = app.caseload.logbook(candidate_id(app, "Priya Shah"))
    async with app.run_test(size=SIZE) as pilot:
        overview = await open_overview(pilot, app)
        await settle(pilot, app)
        reads = Reads(logbook.path)
        try:
            await pilot.press("o")
            await settle(pilot, app)
            form = app.screen
            assert isinstance(form, ObservationScreen)
            opening = reads.count
            await fill_an_observation(pilot, form)
            await pilot.press("ctrl+s")
            await settle(pilot, app)
            assert "Saved" in str(form.query_one("#form-status").render())
            saving = reads.count - opening
            await pilot.press("escape")
            await settle(pilot, app)
            back = reads.count - opening - saving
        finally:
            reads.stop()
        assert (opening, saving, back) == (0, 1, 0)
        assert app.screen is overview
        # the overview shows what was saved, from the portfolio the save posted
        await pilot.press("2")
        await settle(pilot, app)
        assert "Dealt with a refund for a customer" in drawn(app)
        assert overview.portfolio is form.portfolio
        on_disk = logbook.read(app.today)
        assert overview.portfolio.records == on_disk.records  # as the store wrote it


async def test_a_sign_off_and_countersign_read_only_the_saves_own(tmp_path):
    app = demo_app(tmp_path)
    gareth = cover_gareths_unit_2(app)
    async with app.run_test(size=SIZE) as pilot:
        overview = await open_overview(pilot, app, "gareth")
        reads = Reads(gareth.path)
        try:
            await pilot.press("down", "s")
            await settle(pilot, app)
            assert isinstance(app.screen, SignOffScreen) and reads.count == 0
            await pilot.press("c", "space", "ctrl+s")
            await settle(pilot, app)
            assert "Unit 2 is signed off" in drawn(app)
            assert reads.count == 1
            await pilot.press(*"Ruth Okoye", "ctrl+s")  # the IV countersigns there and then
            await settle(pilot, app)
            assert "countersigned by Ruth Okoye" in drawn(app)
            # the countersign is the store's: it reads the sign-off, then corrects it under its
            # lock (logbook/store/logbooks.py, LogbookFile.countersign): two reads of its own
            saves = reads.count
            assert saves == 3
            await pilot.press("escape")
            await settle(pilot, app)
            assert app.screen is overview and reads.count == saves
        finally:
            reads.stop()
        assert "signed off Tue 24 Nov 2026" in drawn(app)
        assert overview.portfolio.records == gareth.read(app.today).records


async def test_no_screen_opened_from_the_overview_reads_the_logbook(tmp_path):
    app = demo_app(tmp_path)
    logbook = app.caseload.logbook(candidate_id(app, "Priya Shah"))
    async with app.run_test(size=SIZE) as pilot:
        overview = await open_overview(pilot, app)
        reads = Reads(logbook.path)
        opened = []
        try:
            for key in ["o", "w", "t", "d", "q", "p", "s", "a", "r", "c", "e"]:
                await pilot.press(key)
                await settle(pilot, app)
                assert app.screen is not overview, key
                opened.append(type(app.screen).__name__)
                app.pop_screen()
                await settle(pilot, app)
            await pilot.press("2", "enter")  # a record, whole
            await settle(pilot, app)
            opened.append(type(app.screen).__name__)
        finally:
            reads.stop()
        assert reads.count == 0, opened
        assert opened == [
            "ObservationScreen",
            "WitnessScreen",
            "TestimonyScreen",
            "DiscussionScreen",
            "QuestioningScreen",
            "WorkProductScreen",
            "SignOffScreen",
            "PlanScreen",
            "PlanReviewScreen",
            "PlanScreen",
            "CandidateScreen",
            "RecordScreen",
        ]
