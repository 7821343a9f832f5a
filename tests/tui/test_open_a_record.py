"""Open any record from the overview (enter on the evidence list or the locator): read it whole,
edit it while its unit is not signed off, correct it with a reason once it is. The forms are the
recording forms, filled from the record; whether it may change is the domain's answer."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, TextArea

from logbook.domain import records
from logbook.domain.changes import sealed_reason
from logbook.domain.dates import say_date
from logbook.domain.records import Observation
from logbook.tui.screens.observation import ObservationScreen
from logbook.tui.screens.record import RecordScreen
from tests.tui.helpers import SIZE, candidate_id, cover_gareths_unit_2, demo_app, open_overview

WIDE = (120, 50)


def text(screen) -> str:
    return "\n".join(str(w.render()) for w in screen.query("Plain"))


def evidence(app, cid, kind, sealed: bool):
    portfolio = app.caseload.logbook(cid).read(app.today)
    for record in portfolio.evidence:
        if isinstance(record, kind) and (sealed_reason(portfolio, record) is not None) == sealed:
            return record
    raise AssertionError(f"the demo has no {kind.__name__} sealed={sealed}")


def history(app, cid):
    return app.caseload.logbook(cid).rows()[1]


async def saved(pilot, app):
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_enter_on_the_evidence_list_shows_the_record_whole(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        overview = await open_overview(pilot, app)
        await pilot.press("2")
        await pilot.pause()
        table = overview.query_one("#evidence-table", DataTable)
        table.focus()
        first = table.coordinate_to_cell_key((0, 0)).row_key.value
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        assert screen.record.id == first
        shown = text(screen)
        record = overview.portfolio.find(first)
        for name in ("date", "context"):
            if hasattr(record, name):
                assert f"{name.capitalize()}: " in shown
        assert "No corrections." in shown or "Corrections:" in shown


async def test_a_testimony_shows_the_witness_behind_it(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    portfolio = app.caseload.logbook(cid).read(app.today)
    testimony = next(r for r in portfolio.evidence if isinstance(r, records.Testimony))
    witness = app.caseload.logbook(cid).read(app.today).witnesses[testimony.witness_id]
    async with app.run_test(size=WIDE) as pilot:
        app.push_screen(RecordScreen(cid, testimony.id))
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = text(app.screen)
    assert "The witness behind it:" in shown
    assert f"Name: {witness.name}" in shown
    assert f"Description: {testimony.description.splitlines()[0]}" in shown


async def test_the_record_reads_in_words_without_empty_or_internal_fields(tmp_path):
    # Walked at 80x24: a testimony opened showed "Corrects: —", "Correction reason: —",
    # "Context: real_work" and the witness's id, pushing what the witness wrote off the screen.
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    portfolio = app.caseload.logbook(cid).read(app.today)
    testimony = next(r for r in portfolio.evidence if isinstance(r, records.Testimony))
    async with app.run_test(size=WIDE) as pilot:
        app.push_screen(RecordScreen(cid, testimony.id))
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = text(app.screen)
    assert "Context: real work" in shown
    assert "real_work" not in shown
    assert testimony.witness_id not in shown
    for empty in ("Corrects:", "Corrected by:", "Correction reason:", "Simulation reason:"):
        assert empty not in shown
    assert "Description: " in shown and "Date: " in shown


async def test_evidence_not_signed_off_is_edited_in_place_with_the_same_form(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    old = evidence(app, cid, Observation, sealed=False)
    entries = len(history(app, cid))
    async with app.run_test(size=WIDE) as pilot:
        app.push_screen(RecordScreen(cid, old.id))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "e edits it in place" in text(app.screen)
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ObservationScreen)
        # every field filled from the record
        assert form.query_one("#activity", TextArea).text == old.activity
        assert form.query_one("#date").value == old.date.strftime("%d/%m/%Y")
        assert form.query_one("#venue").value == old.venue
        assert form.picked_links() == old.links
        assert form.value("decision") == old.decision
        assert not form.dirty
        form.query_one("#activity", TextArea).text = "Handled the refund queue alone."
        await saved(pilot, app)
        assert "Saved" in str(form.status().render())
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Activity: Handled the refund queue alone." in text(app.screen)
    now = app.caseload.logbook(cid).read(app.today).find(old.id)
    assert now.activity == "Handled the refund queue alone."
    assert now.links == old.links and now.date == old.date
    added = history(app, cid)[entries:]
    assert [(e["action"], e["record"]) for e in added] == [("update", old.id)]


async def test_signed_off_evidence_is_corrected_with_a_reason_and_the_old_stays_readable(
    tmp_path,
):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Tom Reilly")
    old = evidence(app, cid, Observation, sealed=True)
    async with app.run_test(size=WIDE) as pilot:
        app.push_screen(RecordScreen(cid, old.id))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Read-only: unit" in text(app.screen)
        assert "is signed off" in text(app.screen)
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ObservationScreen)
        assert form.query_one("#activity", TextArea).text == old.activity
        assert form.focused.id == "correction_reason"
        form.query_one("#venue").value = "Head office, front desk"
        await saved(pilot, app)  # no reason given: refused, said beside the field
        note = str(form.query_one("#field-correction_reason .field-note").render())
        assert "say why the record is corrected" in note
        assert app.caseload.logbook(cid).read(app.today).find(old.id) == old
        form.query_one("#correction_reason", TextArea).text = "Venue was recorded wrong."
        await saved(pilot, app)
        assert "Saved" in str(form.status().render())
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = text(app.screen)
        assert "Venue: Head office, front desk" in shown
        assert "Correction reason: Venue was recorded wrong." in shown
        assert "Corrected by: Test Assessor" in shown
        assert f"replaced entry ({old.id})" in shown
        assert f"Venue: {old.venue}" in shown  # the old entry, readable
    portfolio = app.caseload.logbook(cid).read(app.today)
    new = next(r for r in portfolio.records if getattr(r, "corrects", "") == old.id)
    assert new.venue == "Head office, front desk" and new.corrected_by == "Test Assessor"
    assert portfolio.find(old.id) == old  # kept, and exported with the rest
    assert history(app, cid)[-1]["action"] == "correct"


async def test_every_kind_of_evidence_loads_into_its_form_unchanged(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    portfolio = app.caseload.logbook(cid).read(app.today)
    kinds = {}
    for record in portfolio.evidence:
        kinds.setdefault(record.KIND, record)
    assert {"observation", "testimony", "discussion", "questioning", "work_product"} <= set(kinds)
    async with app.run_test(size=WIDE) as pilot:
        for record in kinds.values():
            app.push_screen(RecordScreen(cid, record.id))
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            await pilot.pause()
            form = app.screen
            assert form.loaded == record
            assert not form.dirty, record.KIND
            built = form.finish(form.build())
            for name in ("date", "context", "decision", "links", "questions", "witness_id"):
                if hasattr(record, name) and name in vars(built):
                    assert getattr(built, name) == getattr(record, name), (record.KIND, name)
            form.dismiss()
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()


async def test_enter_on_a_locator_row_with_several_pieces_of_evidence_asks_which(tmp_path):
    """Enter on a criterion covered more than once lists its evidence; the one chosen opens
    (not always the first). One piece of evidence opens at once."""
    from logbook.domain.dates import say_date
    from logbook.domain.records import EVIDENCE_NAMES
    from logbook.tui.screens.choose_evidence import ChooseEvidenceScreen
    from tests.tui.test_plan_screens import drawn

    app = demo_app(tmp_path)
    gareth = cover_gareths_unit_2(app)  # an observation of 2.1, 2.2 and 2.3
    gareth.add(
        Observation(
            date=app.today - timedelta(days=1),
            venue="Valley Leisure Centre, gym floor",
            activity="Explained the new booking rules to a member, calmly and clearly.",
            links=[records.Link("2", "2.1")],
            decision="competent",
            justification="Clear and courteous.",
            feedback="Well done.",
        ),
        "Test Assessor",
        app.today,
    )
    async with app.run_test(size=SIZE) as pilot:
        overview = await open_overview(pilot, app, "gareth")
        await pilot.press("3")
        await pilot.pause()
        table = overview.query_one("#locator-table", DataTable)
        keys = [table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(table.row_count)]
        several = next(k for k in keys if len(overview.located[k]) > 1)
        once = next(k for k in keys if len(overview.located[k]) == 1)
        ids = overview.located[several]
        table.move_cursor(row=keys.index(several))
        await pilot.press("enter")
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, ChooseEvidenceScreen)
        screen_text = drawn(app)
        assert f"{several.split('/', 1)[1]}: {len(ids)} pieces of evidence" in screen_text
        for record_id in ids:
            record = overview.portfolio.find(record_id)
            assert f"{EVIDENCE_NAMES[record.KIND]} {say_date(record.date)} ·" in screen_text
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RecordScreen)
        assert app.screen.record.id == ids[1]  # the second, as chosen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is overview
        assert table.cursor_row == keys.index(several)  # still on the criterion
        # escape on the list goes back to the locator, opening nothing
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChooseEvidenceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is overview
        table.move_cursor(row=keys.index(once))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RecordScreen)
        assert app.screen.record.id == overview.located[once][0]


async def test_a_sign_off_is_corrected_from_its_record_through_the_sign_off_form(tmp_path):
    """Enter on a signed-off unit shows its sign-off; e opens the sign-off form filled from it,
    to correct it: a reason is required, the domain refuses what a correction may not do (take
    the unit back), and the old sign-off stays readable."""
    from logbook.tui.screens.signoff import SignOffScreen
    from tests.tui.test_plan_screens import drawn

    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    old = app.caseload.logbook(cid).read(app.today).signoff_for("301")
    assert old.iv_name  # countersigned: the correction keeps the countersignature
    async with app.run_test(size=SIZE) as pilot:
        overview = await open_overview(pilot, app)
        assert overview.query_one("#units-table", DataTable).cursor_row == 0  # unit 301
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        record = app.screen
        assert isinstance(record, RecordScreen)
        shown = " ".join(drawn(app).split())
        assert "Sign-off of unit 301 · Priya Shah" in shown
        assert "Read-only: a sign-off is part of the verified portfolio" in shown
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SignOffScreen) and form.correcting
        assert form.focused.id == "correction_reason"
        assert form.value("decision") == "competent"
        assert form.query_one("#date").value == old.date.strftime("%d/%m/%Y")
        assert form.value("iv_name") == old.iv_name
        assert form.query_one("#unit").disabled
        assert "Correcting the sign-off of unit 301" in " ".join(drawn(app).split())
        day_before = old.date - timedelta(days=1)
        form.query_one("#date").value = day_before.strftime("%d/%m/%Y")
        await saved(pilot, app)  # no reason: refused, said beside the field
        assert "say why the record is corrected" in str(
            form.query_one("#field-correction_reason .field-note").render()
        )
        await pilot.press(*"Sign-off date was typed a day late.")
        form.query_one("#decision").focus()
        await pilot.press("n")  # a correction cannot take the unit back: the domain says so
        await saved(pilot, app)
        assert "a correction cannot take a signed-off unit back" in str(
            form.query_one("#field-decision .field-note").render()
        )
        assert app.caseload.logbook(cid).read(app.today).signoff_for("301") == old
        await pilot.press("c")
        await saved(pilot, app)
        assert "The sign-off of unit 301 is corrected" in str(form.status().render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is record
        shown = text(record)
        assert f"Date: {say_date(day_before)}" in shown
        assert "Correction reason: Sign-off date was typed a day late." in shown
        assert "Corrected by: Test Assessor" in shown
        assert f"replaced entry ({old.id})" in shown
        assert f"Date: {say_date(old.date)}" in shown  # the old sign-off, readable
    portfolio = app.caseload.logbook(cid).read(app.today)
    new = portfolio.signoff_for("301")
    assert new.corrects == old.id and new.date == day_before
    assert (new.iv_name, new.iv_date) == (old.iv_name, old.iv_date)
    assert portfolio.find(old.id) == old
    assert history(app, cid)[-1]["action"] == "correct"
