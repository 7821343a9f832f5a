"""Signing a unit off: refused while anything is missing, stored when complete; the internal
verifier's countersign stored as a correction."""

from __future__ import annotations

from logbook.tui.screens.overview import OverviewScreen
from logbook.tui.screens.signoff import SignOffScreen
from tests.tui.helpers import SIZE, candidate_id, cover_gareths_unit_2, demo_app, drawn


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def open_signoff(pilot, app, name: str, row: int) -> SignOffScreen:
    """From the caseload: open the candidate, go down the units to `row`, press s."""
    await app.workers.wait_for_complete()
    await pilot.press(*name.split()[0].lower(), "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, OverviewScreen)
    await pilot.press(*["down"] * row, "s")  # the units list has the focus
    await pilot.pause()
    assert isinstance(app.screen, SignOffScreen)
    return app.screen


async def save(pilot, app) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_an_incomplete_unit_is_refused_with_what_is_missing(tmp_path):
    app = demo_app(tmp_path)
    logbook = app.caseload.logbook(candidate_id(app, "Priya Shah"))
    before = logbook.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_signoff(pilot, app, "Priya Shah", 2)
        assert screen.unit_code == "205"
        coverage = text(screen, "#signoff-coverage")
        assert "Covered: 6 of 28" in coverage
        assert "205.1.3  let your customer know that you understand" in coverage
        assert "205 ER6b" in coverage
        assert "the candidate wrote it" in coverage  # the refused testimony, with why
        readiness = text(screen, "#signoff-readiness")
        assert readiness.startswith("Not ready to sign off")
        assert "still needs evidence for 22 of 28" in readiness
        screen.query_one("#candidate_declaration").value = True
        await save(pilot, app)
        refused = text(screen, "#field-unit .field-note")
        assert "unit 205 still needs evidence for 22 of 28: 205.1.3, 205.1.4" in refused
        assert "Not saved" in text(screen, "#form-status")
    assert logbook.path.read_bytes() == before


async def test_a_complete_unit_signs_off_by_keystrokes(tmp_path):
    app = demo_app(tmp_path)
    logbook = cover_gareths_unit_2(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_signoff(pilot, app, "Gareth Jones", 1)
        assert screen.unit_code == "2"
        assert "Covered: 3 of 3" in text(screen, "#signoff-coverage")
        readiness = text(screen, "#signoff-readiness")
        assert "the candidate has not declared that the evidence is their own" in readiness
        # a unit ready to sign off opens on the decision, which has no default (issue 10:
        # "the decision defaults to "competent" (make the assessor choose)"); date and name
        # are set; the decision's key moves on to the declaration
        assert app.focused.id == "decision"
        assert "choose the decision: c competent, n not yet competent" in readiness
        await pilot.press("c")
        assert app.focused.id == "candidate_declaration"
        await pilot.press("space")
        assert "Ready to sign off" in text(screen, "#signoff-readiness")
        await save(pilot, app)
        assert "Unit 2 is signed off" in text(screen, "#form-status")
        assert "Signed off Tue 24 Nov 2026 by Test Assessor" in text(screen, "#signoff-readiness")
    signoff = logbook.read(app.today).signoff_for("2")
    assert signoff is not None
    assert signoff.date == app.today
    assert signoff.assessor == "Test Assessor"
    assert signoff.candidate_declaration is True
    assert signoff.decision == "competent"


async def test_the_iv_countersign_is_stored_as_a_correction(tmp_path):
    app = demo_app(tmp_path)
    logbook = app.caseload.logbook(candidate_id(app, "Priya Shah"))
    original = logbook.read(app.today).signoff_for("302")
    assert original.iv_name == ""
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_signoff(pilot, app, "Priya Shah", 1)
        assert screen.unit_code == "302"
        assert not screen.query_one("#signoff-fields").display  # signed off: countersign only
        assert "Signed off Fri 28 Aug 2026" in text(screen, "#signoff-readiness")
        before = logbook.path.read_bytes()
        await save(pilot, app)  # no name yet: refused, nothing written
        assert "the internal verifier's name" in text(screen, "#field-iv_name .field-note")
        assert logbook.path.read_bytes() == before
        assert app.focused.id == "iv_name"  # a unit awaiting countersign: the IV's name first
        assert screen.query_one("#iv_date").value == "today"
        await pilot.press(*"Ruth Okoye", "tab", "ctrl+u", *"20/11")
        await save(pilot, app)
        assert "countersigned by Ruth Okoye" in text(screen, "#form-status")
    portfolio = logbook.read(app.today)
    countersigned = portfolio.signoff_for("302")
    assert countersigned.id != original.id
    assert countersigned.corrects == original.id
    assert countersigned.iv_name == "Ruth Okoye"
    assert countersigned.iv_date.isoformat() == "2026-11-20"
    assert countersigned.correction_reason == "countersigned by Ruth Okoye"
    assert countersigned.corrected_by == "Test Assessor"
    assert (countersigned.date, countersigned.assessor) == (original.date, original.assessor)
    assert original.id in {r.id for r in portfolio.records}  # the original is kept


async def test_choosing_another_unit_shows_its_coverage(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(SignOffScreen(candidate_id(app, "Tom Reilly"), "F4"))
        await pilot.pause()
        screen = app.screen
        assert "Unit F4" in text(screen, "#signoff-coverage")
        assert screen.query_one("#signoff-fields").display
        screen.query_one("#unit").value = "F3"
        await pilot.pause()
        assert "Unit F3" in text(screen, "#signoff-coverage")
        assert "Signed off" in text(screen, "#signoff-readiness")
        assert not screen.query_one("#signoff-fields").display
        await pilot.press("escape")  # choosing a unit is not typing: no question asked
        await pilot.pause()
        assert not isinstance(app.screen, SignOffScreen)


async def test_a_candidate_with_no_units_is_told_to_choose_them(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Lena Novak")
    logbook = app.caseload.logbook(cid)
    candidate = logbook.read(app.today).candidate
    candidate.units = []
    logbook.update_candidate(candidate, "Test Assessor", app.today)
    before = logbook.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*"lena", "enter")
        await app.workers.wait_for_complete()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SignOffScreen)
        assert "No units are chosen" in text(screen, "#signoff-readiness")
        await save(pilot, app)
        assert "No units are chosen" in text(screen, "#form-status")
    assert logbook.path.read_bytes() == before


async def test_the_decision_has_no_default_and_saving_without_it_says_what_to_fix(tmp_path):
    """Issue 10: "the decision defaults to "competent" (make the assessor choose)"."""
    app = demo_app(tmp_path)
    logbook = cover_gareths_unit_2(app)
    before = logbook.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_signoff(pilot, app, "Gareth Jones", 1)
        assert screen.value("decision") == ""
        assert text(screen, "#decision").split() == [
            "○",
            "c",
            "competent",
            "○",
            "n",
            "not",
            "yet",
            "competent",
        ]
        await pilot.press("tab", "space")  # the declaration, and no decision chosen
        assert screen.query_one("#candidate_declaration").value
        await save(pilot, app)
        assert "Not saved" in text(screen, "#form-status")
        assert "choose the decision: c competent, n not yet competent" in text(
            screen, "#field-decision .field-note"
        )
        assert app.focused.id == "decision"  # where the fix is typed
        await pilot.press("c")
        assert "● c competent" in text(screen, "#decision")
        await save(pilot, app)
        assert "Unit 2 is signed off" in text(screen, "#form-status")
    assert before != logbook.path.read_bytes()
    assert logbook.read(app.today).signoff_for("2").decision == "competent"


async def test_the_unit_refused_still_shows_which_unit_it_is(tmp_path):
    """Refused, the unit's field is marked, and still says the unit: the mark on a Select was
    a border two rows tall on a field one row high, which hid the unit's name at 80x24."""
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_signoff(pilot, app, "Priya Shah", 2)
        form = screen.query_one("#field-unit").region  # the left half: the panel names it too
        assert "205 Make customer service" in unit_as_drawn(app, form)
        await save(pilot, app)
        assert screen.query_one("#field-unit").has_class("invalid")
        assert "205 Make customer service" in unit_as_drawn(app, form)


def unit_as_drawn(app, field) -> str:
    """The text drawn where the unit's field is."""
    lines = drawn(app)[field.y : field.bottom]
    return "\n".join(line[field.x : field.right] for line in lines)


async def test_the_whole_unit_confirmation_is_read_in_full_at_80x24(tmp_path):
    """A unit given by title only asks the assessor to confirm the whole unit was covered,
    checked against its specification: the box's words are all drawn, not cut at the
    form's edge after "criteria were"."""
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_signoff(pilot, app, "Priya Shah", 5)
        assert screen.unit_code == "308"
        field = screen.query_one("#field-whole_unit_confirmed")
        field.scroll_visible(animate=False)
        await pilot.pause()
        box = unit_as_drawn(app, field.region).replace("▎", " ").replace("▊", " ")
        shown = " ".join(box.split())
        assert "criteria were covered (checked against its specification)" in shown
