"""The IQA's screens at 80x24, keyboard only, on a real demo caseload in tmp_path: the proposed
sample and what is overdue, an IQA decision that reopens the unit on the overview, the sampling
plan with each assessor's risk rating, the coverage grid and a standardisation meeting.

Issue 12: "A "disagree" reopens the unit for the assessor with the reason shown on the
overview." and "The app proposes a sample that covers what is not yet covered, shows the plan's
coverage as a grid (assessor × unit, and method), and flags what is overdue."
"""

from __future__ import annotations

from textual.widgets import Select, TextArea

from logbook.domain.iqa import IqaDecision
from logbook.store.centre_records import CentreFile
from logbook.tui.app import LogbookApp
from logbook.tui.screens.iqa_coverage import CoverageScreen
from logbook.tui.screens.iqa_decision import IqaDecisionScreen
from logbook.tui.screens.iqa_sample import ProposedSampleScreen
from logbook.tui.screens.overview import OverviewScreen
from logbook.tui.screens.sampling_plan import SamplingPlanScreen
from logbook.tui.screens.standardisation import StandardisationScreen
from tests.tui.helpers import SIZE, candidate_id, demo_app, open_overview
from tests.tui.test_plan_screens import drawn, settle


def rows(table) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def make_plan(pilot, app) -> SamplingPlanScreen:
    await settle(pilot, app)
    await pilot.press("f3")
    await settle(pilot, app)
    assert isinstance(app.screen, SamplingPlanScreen)
    return app.screen


async def test_the_plan_rates_each_assessor_and_is_kept_in_the_centre_file(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await make_plan(pilot, app)
        table = screen.query_one("#plan-assessors")
        assert [r[:2] for r in rows(table)] == [["Morgan Ellis", "new"]]
        await pilot.press("e", "ctrl+s")
        await settle(pilot, app)
        assert "Saved: the sampling plan is stored safely on disk." in drawn(app)
        assert rows(table)[0][1] == "experienced"
        assert "Sampling plan of Test Assessor" in drawn(app)
    (plan,) = CentreFile(app.caseload.folder).read().plans
    assert [(a.assessor, a.rating) for a in plan.assessors] == [("Morgan Ellis", "experienced")]


async def test_a_disagree_from_the_proposed_sample_reopens_the_unit_on_the_overview(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await make_plan(pilot, app)
        await pilot.press("ctrl+s", "escape", "f5")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ProposedSampleScreen)
        proposals = rows(screen.query_one("#proposals"))
        assert proposals and all(r[2] == "Morgan Ellis" for r in proposals)
        assert "Overdue" in drawn(app)  # the new assessor's share is not met yet
        candidate, unit = proposals[0][0], proposals[0][1]
        await pilot.press("enter")
        await settle(pilot, app)
        form = app.screen
        assert isinstance(form, IqaDecisionScreen)
        assert form.query_one("#unit", Select).value == unit
        form.query_one("#outcome", Select).value = "disagree"
        await pilot.press("ctrl+s")  # no reason: refused, nothing saved
        await settle(pilot, app)
        assert "say why you disagree" in drawn(app)
        form.query_one("#feedback", TextArea).focus()
        await pilot.press(*"Name the procedure [red]followed[/]")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert f"Unit {unit} is reopened for Morgan Ellis" in drawn(app)
        await pilot.press("escape", "escape", "escape")
        await settle(pilot, app)
        await open_overview(pilot, app, candidate.split()[0].lower())
        await settle(pilot, app)
        assert isinstance(app.screen, OverviewScreen)
        shown = drawn(app)
        assert f"Unit {unit} reopened by Test Assessor" in shown
        reopened = str(app.screen.query_one("#overview-reopened").content)
        assert reopened.endswith(": Name the procedure [red]followed[/]")  # text, not markup
        units = rows(app.screen.query_one("#units-table"))
        assert [r[2] for r in units if r[0] == unit] == ["reopened by IQA"]
    logbook = app.caseload.logbook(candidate_id(app, candidate))
    (decision,) = [r for r in logbook.read(app.today).records if isinstance(r, IqaDecision)]
    assert (decision.outcome, decision.iqa, decision.unit) == ("disagree", "Test Assessor", unit)


async def test_the_coverage_grid_shows_assessor_by_unit_and_by_method(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("f4")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, CoverageScreen)
        by_unit = rows(screen.query_one("#grid-units"))
        assert by_unit[0][0] == "Morgan Ellis"
        assert all(cell.startswith("0/") for cell in by_unit[0][1:] if cell)
        await pilot.press("2")
        await settle(pilot, app)
        methods = screen.query_one("#grid-methods")
        assert "obs" in [str(c.label) for c in methods.columns.values()]
        await pilot.press("3")
        await settle(pilot, app)
        assert "candidates: 0 of" in drawn(app)


async def test_a_standardisation_meeting_is_recorded_in_the_centre_file(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("f6")
        await settle(pilot, app)
        assert isinstance(app.screen, StandardisationScreen)
        await pilot.press("end", *", Morgan Ellis")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "kept in the centre's file" in str(app.screen.status().content)
    (meeting,) = CentreFile(app.caseload.folder).read().meetings
    assert meeting.attendees == ["Test Assessor", "Morgan Ellis"]
    assert meeting.date == app.today


async def test_with_roles_the_name_comes_from_the_login_and_the_eqa_saves_nothing(
    tmp_path, monkeypatch
):
    from logbook.domain.iqa import Person
    from logbook.store.roles import roles_path, write_roles

    app = demo_app(tmp_path)
    folder = app.caseload.folder
    people = [Person("jo", "lead_iqa", "Jo Barnes"), Person("eve", "eqa", "Eve Stone")]
    write_roles(folder, people, "jo")
    assert roles_path(folder).exists()
    monkeypatch.setenv("LOGNAME", "eve")
    app = LogbookApp(folder, assessor="Typed Name", today=app.today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert "EQA: Eve Stone" in app.sub_title
        assert len(app.caseload.view(app.today).summaries) == 5  # sees all
        await pilot.press("f3")
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "Only an IQA or a lead IQA keeps a sampling plan: not saved." in drawn(app)
    assert CentreFile(folder).read().plans == []


async def test_a_reopened_unit_is_edited_in_place_and_signed_off_again_by_keys(tmp_path):
    """Issue 12: "A "disagree" reopens the unit for the assessor": the overview says so, e on
    its evidence edits it in place (no correction asked for), and s signs it off again."""
    from datetime import timedelta

    from logbook.tui.screens.discussion import DiscussionScreen
    from logbook.tui.screens.record import RecordScreen
    from logbook.tui.screens.signoff import SignOffScreen
    from tests.store.test_iqa_decisions_stored import decision

    app = demo_app(tmp_path)
    logbook = app.caseload.logbook(candidate_id(app, "Priya Shah"))
    before = logbook.read(app.today)
    first = before.signoff_for("301")
    logbook.add(decision(before, date=app.today - timedelta(days=3)), "Jo Barnes", app.today)
    (talked,) = [e for e in before.evidence if e.KIND == "discussion"]
    async with app.run_test(size=SIZE) as pilot:
        await open_overview(pilot, app, "priya")
        await settle(pilot, app)
        assert "Unit 301 reopened by Jo Barnes" in drawn(app)
        units = rows(app.screen.query_one("#units-table"))
        assert [r[2] for r in units if r[0] == "301"] == ["reopened by IQA"]
        await pilot.press("2")
        table = app.screen.query_one("#evidence-table")
        await pilot.press(*["down"] * table.get_row_index(talked.id), "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, RecordScreen)
        assert "e edits it in place" in " ".join(drawn(app).split())
        await pilot.press("e")
        await settle(pilot, app)
        form = app.screen
        assert isinstance(form, DiscussionScreen) and not form.correcting
        form.query_one("#notes", TextArea).focus()
        await pilot.press("end", *" Named the refunds procedure.", "ctrl+s")
        await settle(pilot, app)
        assert "Saved" in drawn(app)
        await pilot.press("escape", "escape")
        await settle(pilot, app)
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("1", "s")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, SignOffScreen) and screen.unit_code == "301"
        await pilot.press("c", "space", "ctrl+s")
        await settle(pilot, app)
        assert "Unit 301 is signed off" in drawn(app)
    after = logbook.read(app.today)
    assert "Named the refunds procedure." in after.find(talked.id).notes
    assert after.find(talked.id).corrects is None  # changed in place, not corrected
    assert after.signoff_for("301").date == app.today and after.reopened == {}
    assert first in after.signoff_history  # the old sign-off stays in the history


async def test_an_assessor_under_the_centres_roles_records_no_iqa_decision(tmp_path, monkeypatch):
    """An IQA decision is an IQA's (or the lead IQA's): an assessor who presses f2 on their own
    candidate and marks their own unit "agree" is refused, and the logbook holds no decision
    (it would count as sampled, and go into the EQA's pack as the IQA's)."""
    from logbook.domain.iqa import Person
    from logbook.store.roles import write_roles

    app = demo_app(tmp_path)
    folder = app.caseload.folder
    people = [Person("jo", "lead_iqa", "Jo Barnes"), Person("morgan", "assessor", "Morgan Ellis")]
    write_roles(folder, people, "jo")
    monkeypatch.setenv("LOGNAME", "morgan")
    app = LogbookApp(folder, assessor="Typed Name", today=app.today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert "Morgan Ellis" in app.sub_title
        await pilot.press("f2")
        await settle(pilot, app)
        form = app.screen
        assert isinstance(form, IqaDecisionScreen)
        form.query_one("#unit", Select).value = next(iter(form.work))
        form.query_one("#outcome", Select).value = "agree"
        await settle(pilot, app)
        before = form.logbook.path.read_bytes()
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "only an IQA or a lead IQA records an IQA decision" in drawn(app)
        assert form.logbook.path.read_bytes() == before
    records = form.logbook.read(app.today).records
    assert not any(isinstance(r, IqaDecision) for r in records)
