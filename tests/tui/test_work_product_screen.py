"""Recording a work product (examining evidence) from the keyboard: `p` on the overview.

OCR Level 3 NVQ Diploma, Examining evidence: "Your work could be: notebook entries, completed
forms, computer records, statements obtained, or reports completed. After the assessor has
examined the evidence, the assessor must record an assessment decision and the justification for
the decision. The assessor must also give you feedback on your evidence and the decision made."
"""

from __future__ import annotations

from logbook.domain.records import WorkProduct
from logbook.tui.screens.overview import OverviewScreen
from logbook.tui.screens.work_product import WorkProductScreen
from tests.tui.helpers import SIZE, candidate_id, demo_app, open_form


async def open_work_product(pilot, app, name="Priya Shah"):
    return await open_form(pilot, app, "p", WorkProductScreen, name)


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def save(pilot, app) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()


def products(app, title: str) -> list[WorkProduct]:
    portfolio = app.caseload.logbook(candidate_id(app, "Priya Shah")).read(app.today)
    return [r for r in portfolio.evidence if isinstance(r, WorkProduct) and r.title == title]


async def test_a_work_product_is_recorded_by_keystrokes(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_work_product(pilot, app)
        assert screen.focused is screen.query_one("#title")
        await pilot.press(*"Log", "tab", *"Desk", "tab", "space", "tab")  # confidential
        await pilot.press(*"On time", "tab", *"205.1.3", "enter")
        screen.query_one("#decision").focus()
        await pilot.press("c", "tab", *"All done", "tab", *"Good")
        await save(pilot, app)
        assert "Saved" in text(screen, "#form-status")
        assert "stored safely on disk" in text(screen, "#form-status")
    (mine,) = products(app, "Log")
    assert mine.location == "Desk"
    assert mine.confidential is True
    assert mine.description == "On time"
    assert [link.code for link in mine.links] == ["205.1.3"]
    assert mine.decision == "competent"
    assert mine.justification == "All done"
    assert mine.feedback == "Good"
    assert mine.date == app.today


async def test_the_decision_has_no_default_and_not_yet_competent_does_not_count(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    before = app.caseload.logbook(cid).path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_work_product(pilot, app)
        assert screen.query_one("#decision").value == ""
        assert "○ c competent" in text(screen, "#decision")
        assert "●" not in text(screen, "#decision")
        screen.query_one("#title").value = "Till reconciliation sheet"
        screen.query_one("#location").value = "Copy in the portfolio"
        screen.query_one("#criteria").pick("205.1.4")
        await save(pilot, app)
        assert "Not saved" in text(screen, "#form-status")
        decision = text(screen, "#field-decision .field-note")
        assert decision == "choose competent or not yet competent"
        assert "justification" in text(screen, "#field-justification .field-note")
        assert "feedback" in text(screen, "#field-feedback .field-note")
        assert screen.focused is screen.query_one("#decision")
        assert app.caseload.logbook(cid).path.read_bytes() == before  # nothing written

        await pilot.press("n")
        assert "● n not yet competent" in text(screen, "#decision")
        screen.query_one("#justification").text = "Two entries do not add up"
        screen.query_one("#feedback").text = "Check the totals before signing"
        await save(pilot, app)
        said = text(screen, "#form-status")
        assert "because the work product's decision was 'not yet competent'" in said
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        await pilot.press("4")
        gaps = text(overview, "#gaps-text")
        assert (
            "not counted for 205.1.4: work product: the work product's decision was "
            "'not yet competent'"
        ) in gaps
    (mine,) = products(app, "Till reconciliation sheet")
    assert mine.decision == "not_yet_competent"
