"""Recording a professional discussion from the keyboard, and its refusals."""

from __future__ import annotations

from logbook.domain.records import Discussion
from logbook.tui.screens.discussion import DiscussionScreen
from tests.tui.helpers import SIZE, candidate_id, demo_app, open_form


async def open_discussion(pilot, app, name="Priya Shah"):
    return await open_form(pilot, app, "d", DiscussionScreen, name)


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_discussion_is_recorded_by_keystrokes(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_discussion(pilot, app)
        screen = app.screen
        await pilot.press(*"17/11")  # planned for
        assert "Tue 17 Nov 2026" in text(screen, "#field-planned_on .field-note")
        screen.query_one("#topics").value = "Added value and going the extra mile"
        screen.query_one("#notes").text = "Priya explained the service offer and how it is set."
        screen.query_one("#criteria .picker-search").focus()
        await pilot.press(*"206 ka", "enter", *"206 kb", "enter")
        screen.query_one("#recording_ref").value = "Audio PD-PS-02"
        screen.query_one("#duration_minutes").focus()
        await pilot.press(*"40")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Saved" in text(screen, "#form-status")
    stored = app.caseload.logbook(candidate_id(app, "Priya Shah")).read(app.today)
    (mine,) = [
        r
        for r in stored.evidence
        if isinstance(r, Discussion) and r.recording_ref == "Audio PD-PS-02"
    ]
    assert mine.planned_on.isoformat() == "2026-11-17"
    assert mine.date == app.today
    assert mine.topics == "Added value and going the extra mile"
    assert mine.duration_minutes == 40
    assert [link.code for link in mine.links] == ["206 Ka", "206 Kb"]


async def test_bad_date_and_duration_are_marked_and_nothing_is_saved(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    before = app.caseload.logbook(cid).path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_discussion(pilot, app)
        screen = app.screen
        await pilot.press("tab", "ctrl+u", *"32/13")  # date held
        assert "there is no month 13" in text(screen, "#field-date .field-note")
        screen.query_one("#notes").text = "Talked through complaints."
        screen.query_one("#criteria").pick("206 Ka")
        screen.query_one("#duration_minutes").focus()
        await pilot.press(*"an hour")  # a number input: letters are not taken
        assert screen.query_one("#duration_minutes").value == ""
        await pilot.press("-")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not saved" in text(screen, "#form-status")
        assert "there is no month 13" in text(screen, "#field-date .field-note")
        assert "type minutes as a number" in text(screen, "#field-duration_minutes .field-note")
        assert "invalid" in screen.query_one("#field-duration_minutes").classes
    assert app.caseload.logbook(cid).path.read_bytes() == before
