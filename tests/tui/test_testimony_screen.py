"""Recording a witness testimony: only usable witnesses, a live checklist of the parts a written
testimony needs, and whether it counts once saved."""

from __future__ import annotations

from textual.widgets import OptionList

from logbook.domain import records
from logbook.tui.screens import testimony
from tests.tui.helpers import SIZE, candidate_id, demo_app, open_form

DESCRIPTION = (
    "On a busy Saturday Priya calmed a customer whose online order had gone missing, found it in "
    "the stock room and phoned him the next day to check he was happy."
)


async def open_testimony(pilot, app, name="Priya Shah"):
    # by surname: 'tom' is in 'customer' too
    return await open_form(
        pilot, app, "t", testimony.TestimonyScreen, name, name.split()[-1].lower()
    )


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def witness_named(app, cid, name):
    witnesses = app.caseload.logbook(cid).read(app.today).witnesses.values()
    return next(w for w in witnesses if w.name == name)


async def test_complete_written_testimony_is_stored_and_counts(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    sam = witness_named(app, cid, "Sam Patel")
    chris = witness_named(app, cid, "Chris Dale")
    async with app.run_test(size=SIZE) as pilot:
        await open_testimony(pilot, app)
        screen = app.screen
        # only the witness who can be used is offered; Chris Dale has no status statement
        witness = screen.query_one("#witness_id")
        offered = " / ".join(str(o.prompt) for o in witness.query_one(OptionList).options)
        assert "Sam Patel" in offered
        assert chris.name not in offered
        assert witness.value == sam.id

        checklist = "#checklist"
        for part in ("candidate's name", "time", "venue", "date written", "relationship"):
            assert f"✗ {part}" in text(screen, checklist)
        assert "✗ signed" in text(screen, checklist)

        screen.query_one("#candidate_name").focus()
        await pilot.press(*"Priya Shah")
        assert "✓ candidate's name" in text(screen, checklist)
        screen.query_one("#date").value = "21/11"
        await pilot.press("tab", "tab", *"14:30")  # time of the activity
        assert "✓ time" in text(screen, checklist)
        screen.query_one("#venue").value = "Greenway Stores, Leeds"
        screen.query_one("#description").text = DESCRIPTION
        screen.query_one("#written_on").value = "22/11"
        screen.query_one("#relationship").value = "her line manager"
        screen.query_one("#signed").focus()
        await pilot.press("space")
        screen.query_one("#job_title").value = "Customer Service Supervisor"
        screen.query_one("#contact").value = "0113 496 0002"
        await pilot.pause()
        assert "✗" not in text(screen, checklist)
        assert "⚠" not in text(screen, checklist)
        screen.query_one("#criteria").pick("205.1.5")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Saved" in text(screen, "#form-status")
        assert "It counts" in text(screen, "#form-status")
    stored = app.caseload.logbook(cid).read(app.today)
    (mine,) = [r for r in stored.evidence if isinstance(r, records.Testimony) and r.date.day == 21]
    assert mine.witness_id == sam.id
    assert mine.form == "written"
    assert mine.candidate_name == "Priya Shah"
    assert mine.time.isoformat() == "14:30:00"
    assert mine.written_on.isoformat() == "2026-11-22"
    assert mine.signed is True
    assert mine.description == DESCRIPTION
    assert [link.code for link in mine.links] == ["205.1.5"]


async def test_criteria_list_is_stored_but_flagged_as_not_counting(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    async with app.run_test(size=SIZE) as pilot:
        await open_testimony(pilot, app)
        screen = app.screen
        await pilot.press("enter", *"verb", "enter")  # a verbal testimony
        screen.query_one("#date").value = "20/11"
        screen.query_one("#description").text = "Meets 205.1.1 and 205.1.2"
        await pilot.pause()
        assert "⚠ it names criteria" in text(screen, "#checklist")
        screen.query_one("#criteria").pick("205.1.1")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = text(screen, "#form-status")
        assert "Saved" in status
        assert "will not count" in status
        assert "it names criteria" in status
    stored = app.caseload.logbook(cid).read(app.today)
    (mine,) = [r for r in stored.evidence if isinstance(r, records.Testimony) and r.date.day == 20]
    assert mine.form == "verbal"
    assert mine.description == "Meets 205.1.1 and 205.1.2"


async def test_without_a_usable_witness_the_screen_says_record_one_first(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Tom Reilly")
    before = app.caseload.logbook(cid).path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_testimony(pilot, app, "Tom Reilly")
        screen = app.screen
        assert testimony.NO_WITNESS in text(screen, "#field-witness_id .field-note")
        screen.query_one("#date").value = "20/11"
        screen.query_one("#description").text = DESCRIPTION
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Not saved" in text(screen, "#form-status")
        assert "choose a witness" in text(screen, "#field-witness_id .field-note")
    assert app.caseload.logbook(cid).path.read_bytes() == before


async def test_a_word_of_the_stated_relationship_is_named_and_confirmed_with_a_key(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    async with app.run_test(size=SIZE) as pilot:
        await open_testimony(pilot, app)
        screen = app.screen
        await pilot.press("enter", *"verb", "enter")  # verbal: no written parts to fill in
        screen.query_one("#date").value = "19/11"
        screen.query_one("#description").text = DESCRIPTION
        screen.query_one("#criteria").pick("205.1.5")
        screen.query_one("#relationship").value = "her supervisor and a friend from work"
        await pilot.pause()
        checklist = text(screen, "#checklist")
        assert "⚠ the testimony's relationship says 'friend'" in checklist
        assert "? ctrl+y confirms 'friend' is not a personal relationship here" in checklist
        await pilot.press("ctrl+y")
        await pilot.pause()
        checklist = text(screen, "#checklist")
        assert "⚠" not in checklist
        assert "✓ 'friend' confirmed by Test Assessor" in checklist
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "It counts" in text(screen, "#form-status")
    stored = app.caseload.logbook(cid).read(app.today)
    (mine,) = [r for r in stored.evidence if isinstance(r, records.Testimony) and r.date.day == 19]
    assert mine.confirmed.words == ["friend"] and mine.confirmed.by == "Test Assessor"


async def test_a_relative_named_in_the_testimony_is_flagged_as_typed(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_testimony(pilot, app)
        screen = app.screen
        screen.query_one("#relationship").value = "her partner"
        await pilot.pause()
        assert "⚠ the testimony gives the relationship as 'her partner'" in text(
            screen, "#checklist"
        )
        assert "ctrl+y" not in text(screen, "#checklist")  # a refusal is not confirmed away
        assert "ctrl+y" not in app.screen.active_bindings
