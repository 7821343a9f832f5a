"""Registering and editing a candidate: stored when the store accepts it, refused at the field
when it does not, and the rules of combination run live over the units typed."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable

from logbook.tui.screens.candidate import CandidateScreen
from logbook.tui.screens.caseload import CaseloadScreen
from logbook.tui.screens.overview import OverviewScreen
from tests.tui.helpers import SIZE, candidate_id, demo_app


def folder_bytes(app) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in app.caseload.files()}


def note(screen, field: str) -> str:
    return str(screen.query_one(f"#field-{field} .field-note").render())


def combination(screen) -> str:
    return str(screen.query_one("#combination").render())


def status(screen) -> str:
    return str(screen.query_one("#form-status").render())


async def open_new(pilot, app) -> CandidateScreen:
    await app.workers.wait_for_complete()
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert isinstance(app.screen, CandidateScreen)
    return app.screen


def fill(screen, **values) -> None:
    for name, value in values.items():
        screen.query_one(f"#{name}").value = value


async def save(pilot, app) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_candidate_registered_by_keystrokes_is_stored_and_listed(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_new(pilot, app)
        await pilot.press(*"Nia Evans", "tab")
        await pilot.press(*"2/5/1999", "tab")
        await pilot.press(*"N-24", "tab")
        await pilot.press("enter", *"ocr level 3 nvq i", "enter", "tab")  # the qualification
        await pilot.press(*"1,2 3 4 5 6")
        assert "achieves the qualification" in combination(screen)
        await pilot.press("tab", *"today", "tab")  # registered on: typed (no default)
        await pilot.press(*"Cardiff", "tab")
        await pilot.press(*"nia@x")
        await save(pilot, app)
        assert "Saved" in status(screen)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        table = app.screen.query_one("#caseload", DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "Nia Evans" in names and len(names) == 6
    stored = app.caseload.logbook(candidate_id(app, "Nia Evans")).read(app.today).candidate
    assert stored.date_of_birth == date(1999, 5, 2)
    assert stored.registration_number == "N-24"
    assert stored.qualification == "ocr-l3-nvq"
    assert stored.units == ["1", "2", "3", "4", "5", "6"]
    assert stored.registered_on == app.today
    assert (stored.workplace, stored.contact) == ("Cardiff", "nia@x")
    assert stored.assessor == "Test Assessor"


async def test_under_sixteen_is_refused_at_the_date_of_birth(tmp_path):
    app = demo_app(tmp_path)
    before = folder_bytes(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_new(pilot, app)
        fill(screen, name="Young Person", date_of_birth="01/09/2012", registered_on="today")
        fill(screen, registration_number="CG-1", qualification="cg-l3-nsvq", units="301 302")
        await save(pilot, app)
        assert "not approved for anyone under 16" in note(screen, "date_of_birth")
        assert "Not saved" in status(screen)
    assert folder_bytes(app) == before


async def test_a_unit_not_in_the_qualification_is_named_live_and_refused(tmp_path):
    app = demo_app(tmp_path)
    before = folder_bytes(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_new(pilot, app)
        fill(screen, name="Sam Lee", date_of_birth="1/1/1990", registration_number="CG-2")
        fill(screen, registered_on="1/9/2026")
        fill(screen, qualification="cg-l3-nsvq")
        await pilot.pause()
        screen.query_one("#units").focus()
        await pilot.press(*"301 302 999")
        assert "has no unit '999'" in combination(screen)
        await save(pilot, app)
        assert "has no unit '999'" in note(screen, "units")
        assert "Not saved" in status(screen)
    assert folder_bytes(app) == before


async def test_a_missing_name_is_refused_at_its_field(tmp_path):
    app = demo_app(tmp_path)
    before = folder_bytes(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_new(pilot, app)
        fill(screen, date_of_birth="1/1/1990", registration_number="CG-3", registered_on="today")
        fill(screen, qualification="cg-l3-nsvq", units="301 302")
        await save(pilot, app)
        assert "the candidate's name is needed" in note(screen, "name")
    assert folder_bytes(app) == before


async def test_the_live_text_lists_unmet_rules_then_says_achieves(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_new(pilot, app)
        assert "Choose the qualification" in combination(screen)
        fill(screen, qualification="cg-l3-nsvq")
        await pilot.pause()
        screen.query_one("#units").focus()
        await pilot.press(*"301 302 205")
        lacking = combination(screen)
        assert "does not yet achieve the qualification" in lacking
        assert "needs 1 more unit from the theme Delivery" in lacking
        assert "needs 1 more unit from the theme Handling problems" in lacking
        assert "(has 1, the award counts 6)" in lacking
        screen.query_one("#units").value += ", 206 211 308 311 312"
        await pilot.pause()
        assert "achieves the qualification" in combination(screen)
        assert "does not" not in combination(screen)


async def test_editing_a_candidate_from_the_overview_updates_them(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Gareth Jones")
    before = app.caseload.logbook(cid).path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*"gareth", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        overview = app.screen
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CandidateScreen)
        # the registration form, opened on the candidate's record (open_on/load, as the other
        # forms are), from the portfolio the overview holds: every field filled, nothing typed
        candidate = overview.portfolio.candidate
        assert screen.loaded is candidate and not screen.dirty
        assert screen.query_one("#name").value == "Gareth Jones"
        assert screen.query_one("#date_of_birth").value == candidate.date_of_birth.strftime(
            "%d/%m/%Y"
        )
        assert screen.query_one("#registered_on").value == candidate.registered_on.strftime(
            "%d/%m/%Y"
        )
        assert screen.query_one("#qualification").value == candidate.qualification
        assert screen.query_one("#registration_number").value == candidate.registration_number
        assert "Candidate · Gareth Jones · " in str(screen.query_one("#candidate-title").render())
        assert screen.query_one("#units").value == "1 2 3 4 5 6"
        screen.query_one("#units").value = "2 3 4 5 6"  # unit 1 is signed off: it stays
        await save(pilot, app)
        assert "unit 1 is signed off and stays chosen" in note(screen, "units")
        assert app.caseload.logbook(cid).path.read_bytes() == before
        screen.query_one("#units").value = "1 2 3 4 5 6 7"
        screen.query_one("#workplace").value = "Valley Leisure Centre, Neath"
        await save(pilot, app)
        assert "Saved" in status(screen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is overview  # with unit 7 listed: the portfolio the save posted
        units = overview.query_one("#units-table")
        assert str(units.get_row_at(units.row_count - 1)[0]) == "7"
    stored = app.caseload.logbook(cid).read(app.today).candidate
    assert stored.id == cid
    assert stored.units == ["1", "2", "3", "4", "5", "6", "7"]
    assert stored.workplace == "Valley Leisure Centre, Neath"
    assert stored.name == "Gareth Jones"
