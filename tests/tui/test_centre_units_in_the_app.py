"""A centre's unit file in the app: the unit's criteria on the overview, its gaps and its
sign-off; units still given by title only marked, and their sign-off confirmed.

The issue: "102 units ship with their title only (... all 33 OCR Level 4 units), so one linked
record signs them off and 'what is still missing' says nothing." The centre's file here
(tests/fixtures/centre-standards/) gives OCR Level 4 unit F5 criteria invented for the tests.
"""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable

from logbook.domain.records import Link, Observation
from logbook.tui.screens.overview import OverviewScreen
from logbook.tui.screens.signoff import SignOffScreen
from tests.centre import F5_ITEMS, centre_data, install
from tests.tui.helpers import SIZE, candidate_id, demo_app, open_overview


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def units_rows(screen) -> dict[str, list[str]]:
    table = screen.query_one("#units-table", DataTable)
    return {
        str(row.value): [str(cell) for cell in table.get_row(row)] for row in table.rows
    }  # fmt: skip


def lena_app(tmp_path):
    app = demo_app(tmp_path)
    install(app.caseload.folder)
    return app


def observe(app, *codes: str, unit: str = "F5") -> None:
    app.caseload.logbook(candidate_id(app, "Lena Novak")).add(
        Observation(
            date=app.today - timedelta(days=2),
            venue="Meridian contact centre",
            activity="Ran the weekly service review.",
            links=[Link(unit, c) for c in codes],
            justification="Met.",
            feedback="Good.",
        ),
        "Test Assessor",
        app.today,
    )


async def test_the_overview_counts_the_centres_criteria_and_marks_title_only_units(tmp_path):
    app = lena_app(tmp_path)
    observe(app, "F5 1.1", "F5 ER1a")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_overview(pilot, app, "lena")
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = units_rows(screen)
        assert rows["F5"][:3] == ["F5", "2/5", "3 missing"]
        assert rows["F5"][3] == "Demonstrate understanding of customer service management"
        assert rows["F6"][3].startswith("title only · Follow organisational rules")
        await pilot.press("4")
        await pilot.pause()
        gaps = text(screen, "#gaps-text")
    assert "missing: F5 1.2, F5 2.1, F5 ER1b" in gaps
    assert "missing: F6\n  given by title only: its criteria are in the awarding body's" in gaps


async def test_sign_off_of_the_centres_unit_waits_for_every_criterion(tmp_path):
    app = lena_app(tmp_path)
    observe(app, *F5_ITEMS[:3])
    logbook = app.caseload.logbook(candidate_id(app, "Lena Novak"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_overview(pilot, app, "lena")
        await pilot.press("s")  # the units list has the focus, on F5
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SignOffScreen) and screen.unit_code == "F5"
        coverage = text(screen, "#signoff-coverage")
        assert "Covered: 3 of 5" in coverage
        assert "F5 ER1b  TEST: a review after a service failure" in coverage
        assert "title only" not in coverage
        assert not screen.query_one("#field-whole_unit_confirmed").display
        screen.query_one("#decision").value = "competent"
        screen.query_one("#candidate_declaration").value = True
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "unit F5 still needs evidence for 2 of 5: F5 ER1a, F5 ER1b" in text(
            screen, "#field-unit .field-note"
        )
        observe(app, "F5 ER1a", "F5 ER1b")
        await pilot.press("escape", "y")  # drop the typing; the overview reads the logbook again
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("s")  # the units list has the focus, on F5
        await pilot.pause()
        screen = app.screen
        assert "Covered: 5 of 5" in text(screen, "#signoff-coverage")
        screen.query_one("#decision").value = "competent"
        screen.query_one("#candidate_declaration").value = True
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Unit F5 is signed off" in text(screen, "#form-status")
    assert logbook.read(app.today).signoff_for("F5").whole_unit_confirmed is None


async def test_a_title_only_unit_asks_the_assessor_to_confirm_the_whole_unit(tmp_path):
    app = lena_app(tmp_path)
    observe(app, "F6", unit="F6")
    logbook = app.caseload.logbook(candidate_id(app, "Lena Novak"))
    async with app.run_test(size=SIZE) as pilot:
        await open_overview(pilot, app, "lena")
        await pilot.press("down", "s")  # the units list has the focus: F6, the second unit
        await pilot.pause()
        screen = app.screen
        assert screen.unit_code == "F6"
        assert "Covered: 1 of 1" in text(screen, "#signoff-coverage")
        assert "given by title only in the standards" in " ".join(
            text(screen, "#signoff-coverage").split()
        )
        assert screen.query_one("#field-whole_unit_confirmed").display
        screen.query_one("#decision").value = "competent"
        screen.query_one("#candidate_declaration").value = True
        await pilot.pause()
        readiness = " ".join(text(screen, "#signoff-readiness").split())
        assert "confirm that the whole unit's criteria were covered" in readiness
        before = logbook.path.read_bytes()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Not saved" in text(screen, "#form-status")
        assert logbook.path.read_bytes() == before
        screen.query_one("#whole_unit_confirmed").focus()
        await pilot.press("space")
        assert "Ready to sign off" in text(screen, "#signoff-readiness")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Unit F6 is signed off" in text(screen, "#form-status")
    assert logbook.read(app.today).signoff_for("F6").whole_unit_confirmed is True


async def test_markup_in_a_centres_file_is_shown_as_text(tmp_path):
    """A centre's file is text from outside: Rich markup in it is shown as typed, never obeyed
    (and never stops a screen: '[/]' closes nothing)."""
    app = demo_app(tmp_path)
    data = centre_data()
    unit = data["replaces"][0]
    unit["title"] = "TEST [/] a [bold red]title[/bold red]"
    unit["elements"][0]["criteria"][0]["text"] = "TEST [reverse]a criterion[/]"
    install(app.caseload.folder, data)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_overview(pilot, app, "lena")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert units_rows(screen)["F5"][3] == "TEST [/] a [bold red]title[/bold red]"
        await pilot.press("4")
        await pilot.pause()
        assert "F5 TEST [/] a [bold red]title[/bold red]\n" in text(screen, "#gaps-text")
        await pilot.press("1", "s")
        await pilot.pause()
        coverage = text(app.screen, "#signoff-coverage")
        assert "F5 1.1  TEST [reverse]a criterion[/]" in coverage
        await pilot.press("escape", "o")
        await pilot.pause()
        options = app.screen.query_one("#criteria .picker-options")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(p.startswith("  F5 1.1") for p in prompts)
        assert "  F5 1.1    not yet    TEST [reverse]a criterion[/]" in prompts


async def test_a_centres_file_broken_by_hand_is_named_not_silently_left_out(tmp_path):
    app = demo_app(tmp_path)
    data = centre_data()
    data["replaces"][0]["credits"] = 12
    install(app.caseload.folder, data)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_overview(pilot, app, "lena")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert units_rows(screen)["F5"][1] == "0/1"  # the shipped F5 stands
        said = [n.message for n in app._notifications]
    assert said == [
        "standards file refused: ocr-l4-f5-invented.json at replaces[0].credits: unit F5 has "
        "credits 10 in ocr-l4-diploma.json, not 12: a centre's file gives a unit's criteria; it "
        "does not change its level, credits or group"
    ]
