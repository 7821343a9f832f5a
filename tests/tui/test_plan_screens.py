"""The assessment plan in the app, at 80x24 from the keyboard: made and agreed from the overview
(a), reviewed (r), its items done, late or to come on the overview's plan tab (6), and each
candidate's next visit and overdue items on the caseload, today's work on top.

OCR Level 3 NVQ Diploma, "The assessment plan": "With your assessor you will make and agree an
assessment plan. This will show: the units the plan covers; when you will be observed; where
you will be observed; what you will be doing; what evidence you will produce." and "You will
also meet regularly to review your progress and evidence, and update your assessment plan."
"""

from __future__ import annotations

from datetime import date

from logbook.domain.records import PlanReview
from logbook.tui.screens.caseload import CaseloadScreen
from logbook.tui.screens.overview import OverviewScreen
from logbook.tui.screens.plan import PlanScreen
from logbook.tui.screens.plan_review import PlanReviewScreen
from tests.tui.helpers import SIZE, candidate_id, demo_app, open_overview
from tests.tui.helpers import drawn as drawn_lines


def drawn(app) -> str:
    """The screen as drawn: what the assessor sees."""
    return "\n".join(drawn_lines(app))


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def settle(pilot, app) -> None:
    """Wait until no worker is running: a save's worker may start another (a form that reads
    the caseload again once its save is stored) after the first wait began."""
    for _ in range(50):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            return


async def test_a_plan_is_made_and_agreed_from_the_overview_by_keys(tmp_path):
    app = demo_app(tmp_path)
    logbook = app.caseload.logbook(candidate_id(app, "Gareth Jones"))
    async with app.run_test(size=SIZE) as pilot:
        await open_overview(pilot, app, "gareth")
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        assert app.focused.id == "initial_assessment"
        await pilot.press(*"Runs reception well; no evidence yet of handling complaints.")
        await pilot.press("tab", *"01/12/2026")  # first visit
        assert "Tue 1 Dec 2026" in text(screen, "#field-planned_for .field-note")
        await pilot.press("tab", "tab", *"Reception on a Monday morning")  # the workplace stays
        await pilot.press("tab", "o", "tab", *"Handling a complaint at reception")
        await pilot.press("tab", *"2.1", "enter", *"2.2", "enter", "tab", *"08/12/2026")
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert "item 1 added" in text(screen, "#field-items .field-note")
        assert "1. observation: Handling a complaint at reception" in text(screen, "#items-list")
        assert app.focused.id == "method"  # ready for the next item
        await pilot.press("p", "tab", *"Bookings log", "tab", *"2.3", "enter", "tab")
        await pilot.press(*"15/12/2026", "tab", "space")  # the candidate agrees
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "Plan agreed with 2 items" in text(screen, "#form-status")
    [plan] = [p for p in logbook.read(app.today).plans]
    assert plan.agreed_on == app.today and plan.units == ["2"]
    assert plan.planned_for == date(2026, 12, 1) and plan.venue == "Valley Leisure Centre, Swansea"
    assert plan.initial_assessment.startswith("Runs reception well")
    assert plan.activities == "Reception on a Monday morning"
    assert (plan.agreed_by_candidate, plan.agreed_by_assessor) == ("Gareth Jones", "Test Assessor")
    assert [(i.method, i.evidence, [link.code for link in i.links], i.due) for i in plan.items] == [
        ("observation", "Handling a complaint at reception", ["2.1", "2.2"], date(2026, 12, 8)),
        ("work_product", "Bookings log", ["2.3"], date(2026, 12, 15)),
    ]


async def test_a_plan_not_agreed_or_without_items_is_refused_and_nothing_written(tmp_path):
    app = demo_app(tmp_path)
    logbook = app.caseload.logbook(candidate_id(app, "Gareth Jones"))
    before = logbook.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_overview(pilot, app, "gareth")
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "Not saved" in text(screen, "#form-status")
        assert "plan at least one item" in text(screen, "#field-items .field-note")
        note = text(screen, "#field-agreed_by_candidate .field-note")
        assert "the plan is agreed by the candidate" in note
        # an item the domain refuses is not added: a due date before the plan
        screen.query_one("#method").focus()
        await pilot.press("o", "tab", *"Complaint", "tab", *"2.1", "enter", "tab")
        await pilot.press(*"01/11/2026", "ctrl+a")
        await pilot.pause()
        assert "before the plan was agreed" in text(screen, "#field-items .field-note")
        assert screen.added == []
        await pilot.press("escape")  # typed: the app asks before dropping it
        await pilot.pause()
        assert not isinstance(app.screen, OverviewScreen)
    assert logbook.path.read_bytes() == before


async def test_the_plan_tab_lists_items_late_to_come_and_done(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_overview(pilot, app, "priya")
        await pilot.press("6")
        await pilot.pause()
        shown = drawn(app)
        assert "Next visit Sat 28 Nov 2026 · 1 late" in shown
        rows = [line.split()[:2] for line in shown.splitlines()]
        states = [row[0] for row in rows if row and row[0] in ("late", "to", "done", "older")]
        assert states == ["late", "to", "done", "older"]  # late first, the older plan last
        assert "late        Sun 25 Oct 2026  205.1.3, 205.1.4, 205 E…" in shown
        assert "done        Tue 11 Aug 2026" in shown
        assert screen.query_one("#plan-table").row_count == 4
        await pilot.press("down", "enter")  # 6 put the focus in the list; the to-come item
        await settle(pilot, app)
        assert isinstance(app.screen, PlanReviewScreen)
        assert "TO COME  work product: The complaints log" in text(app.screen, "#review-plan")


async def test_a_plan_is_reviewed_with_a_note_and_the_next_visit(tmp_path):
    app = demo_app(tmp_path)
    logbook = app.caseload.logbook(candidate_id(app, "Priya Shah"))
    agreed = [p.to_dict() for p in logbook.read(app.today).plans]
    async with app.run_test(size=SIZE) as pilot:
        await open_overview(pilot, app, "priya")
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlanReviewScreen)
        assert app.focused.id == "notes"
        plan = text(screen, "#review-plan")
        assert "LATE     observation: The Saturday rush at the tills" in plan
        assert "still to show: 205.1.3, 205.1.4" in plan
        await pilot.press(*"Rush observed at last; complaints log next.", "tab", *"05/12/2026")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "Next visit Sat 5 Dec 2026" in text(screen, "#form-status")
        assert "Reviewed Tue 24 Nov 2026 by Test Assessor; next visit Sat 5 Dec 2026" in text(
            screen, "#review-plan"
        )
        await pilot.press("escape")
        await settle(pilot, app)
        assert "Next visit Sat 5 Dec 2026" in str(app.screen.query_one("#plan-summary").render())
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, CaseloadScreen)
        assert "1 late, 5 Dec" in drawn(app)
    portfolio = logbook.read(app.today)
    [review] = [r for r in portfolio.current if isinstance(r, PlanReview) and r.date == app.today]
    assert review.notes == "Rush observed at last; complaints log next."
    assert review.next_visit == date(2026, 12, 5) and review.reviewed_by == "Test Assessor"
    assert [p.to_dict() for p in portfolio.plans] == agreed  # the plan as agreed is unchanged


async def test_a_review_without_notes_is_refused_in_plain_english(tmp_path):
    """Saved without notes, the review is refused beside its notes: "the review's notes are
    needed", not "the review's notes is needed"."""
    app = demo_app(tmp_path)
    logbook = app.caseload.logbook(candidate_id(app, "Priya Shah"))
    before = logbook.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_overview(pilot, app, "priya")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, PlanReviewScreen)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert text(app.screen, "#field-notes .field-note") == "the review's notes are needed"
        assert "the review's notes are needed" in drawn(app)
    assert logbook.path.read_bytes() == before


async def test_a_review_without_a_plan_says_to_make_one_first(tmp_path):
    app = demo_app(tmp_path)
    logbook = app.caseload.logbook(candidate_id(app, "Tom Reilly"))
    before = logbook.path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_overview(pilot, app, "reilly")
        await pilot.press("r")
        await pilot.pause()
        assert "No plan yet: a on the overview makes" in drawn(app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "No plan yet" in text(app.screen, "#form-status")
    assert logbook.path.read_bytes() == before


async def test_the_caseload_puts_todays_work_on_top_at_80_columns(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        lines = drawn(app).splitlines()
        table = [line for line in lines if line.startswith(" ") and "signed," in line]
        names = [" ".join(line.split()[:2]) for line in table]
        # an overdue plan item first, then the nearest next visit, then the rest by name
        assert names == [
            "Priya Shah",
            "Lena Novak",
            "Aisha Okafor",
            "Gareth Jones",
            "Tom Reilly",
        ]
        assert "1 late, 28 Nov" in table[0]
        assert "8 Dec" in table[1] and "205: 22 to cover" in table[0]  # every column fits
        assert all(len(line) <= 80 for line in lines)
        assert "Late: observation: The Saturday rush at the tills" in "\n".join(lines)


async def test_an_agreed_plan_is_corrected_with_a_reason_through_the_plan_form(tmp_path):
    """A plan as agreed is never rewritten: c on the plan tab opens the plan form filled from
    the plan of the highlighted item, and saving corrects it, saying why; the plan as first
    agreed stays readable."""
    app = demo_app(tmp_path)
    logbook = app.caseload.logbook(candidate_id(app, "Priya Shah"))
    async with app.run_test(size=SIZE) as pilot:
        overview = await open_overview(pilot, app, "priya")
        await pilot.press("6")
        await pilot.pause()
        assert "a new plan, r review, c correct" in drawn(app)
        table = overview.query_one("#plan-table")
        plan_id = table.coordinate_to_cell_key((0, 0)).row_key.value.split("|")[0]
        old = next(p for p in overview.portfolio.plans if p.id == plan_id)
        await pilot.press("c")
        await settle(pilot, app)
        form = app.screen
        assert isinstance(form, PlanScreen) and form.correcting and form.loaded is old
        assert app.focused.id == "correction_reason"
        assert not form.dirty
        assert form.query_one("#agreed_on").value == old.agreed_on.strftime("%d/%m/%Y")
        assert form.query_one("#venue").value == old.venue
        assert form.added == old.items
        assert f"Planned items ({len(old.items)}):" in text(form, "#items-list")
        form.query_one("#venue").value = "Contact centre, second floor"
        before = logbook.path.read_bytes()
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "say why the record is corrected" in text(
            form, "#field-correction_reason .field-note"
        )
        assert logbook.path.read_bytes() == before
        await pilot.press(*"The venue moved upstairs.")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "Plan corrected; the plan as first agreed stays readable" in text(
            form, "#form-status"
        )
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen is overview
        assert overview.query_one("#plan-table").row_count == 4  # the same items, once
    portfolio = logbook.read(app.today)
    new = next(p for p in portfolio.records if getattr(p, "corrects", "") == old.id)
    assert new.venue == "Contact centre, second floor" and new.items == old.items
    assert new.correction_reason == "The venue moved upstairs."
    assert new.corrected_by == "Test Assessor"
    assert portfolio.find(old.id) == old  # as agreed, readable and exported
    assert [p.id for p in portfolio.plans].count(old.id) == 0  # the correction stands for it
