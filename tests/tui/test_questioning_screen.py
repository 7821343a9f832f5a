"""Recording questioning: several questions and answers, each with the knowledge it shows."""

from __future__ import annotations

from logbook.domain.records import Questioning
from logbook.tui.screens.questioning import QuestioningScreen
from tests.tui.helpers import SIZE, candidate_id, demo_app, open_form


async def open_questioning(pilot, app, name="Priya Shah"):
    return await open_form(pilot, app, "q", QuestioningScreen, name)


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_two_questions_are_added_and_saved(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_questioning(pilot, app)
        screen = app.screen
        assert screen.focused is screen.query_one("#question")
        await pilot.press(*"Why use names?")
        # a question without its answer is not added: the domain says why
        await pilot.press("ctrl+a")
        assert "question 1 needs its answer" in text(screen, "#field-questions .field-note")
        screen.query_one("#answer").text = "It makes the service feel personal."
        screen.query_one("#criteria .picker-search").focus()
        await pilot.press(*"205 ka", "enter")
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert "1. Why use names?" in text(screen, "#qa-list")
        assert screen.query_one("#question").value == ""
        assert screen.query_one("#answer").text == ""
        assert screen.query_one("#criteria").picked == []
        assert screen.focused is screen.query_one("#question")

        screen.query_one("#question").value = "What do regulars like?"
        screen.query_one("#answer").text = "Being remembered, and not having to explain again."
        picker = screen.query_one("#criteria")
        picker.pick("205 Kd")
        picker.pick("205 Kc")
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert "2. What do regulars like?" in text(screen, "#qa-list")
        # the decision has no default: a save without it is refused, saying what to fill in
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Not saved" in text(screen, "#form-status")
        decision = text(screen, "#field-decision .field-note")
        assert decision == "choose competent or not yet competent"
        assert "justification" in text(screen, "#field-justification .field-note")
        assert "feedback" in text(screen, "#field-feedback .field-note")
        assert screen.focused is screen.query_one("#decision")
        await pilot.press("c", "tab", *"Knew", "tab", *"Good")  # competent, then the reasons
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Saved" in text(screen, "#form-status")
        assert "2 questions" in text(screen, "#form-status")
    stored = app.caseload.logbook(candidate_id(app, "Priya Shah")).read(app.today)
    (mine,) = [r for r in stored.evidence if isinstance(r, Questioning) and r.date == app.today]
    assert [qa.question for qa in mine.questions] == ["Why use names?", "What do regulars like?"]
    assert mine.questions[0].answer == "It makes the service feel personal."
    assert [link.code for link in mine.questions[0].links] == ["205 Ka"]
    assert [link.code for link in mine.questions[1].links] == ["205 Kd", "205 Kc"]
    assert mine.decision == "competent"
    assert mine.justification == "Knew"
    assert mine.feedback == "Good"


async def test_saving_with_no_question_is_refused(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    before = app.caseload.logbook(cid).path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_questioning(pilot, app)
        screen = app.screen
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Not saved" in text(screen, "#form-status")
        note = text(screen, "#field-questions .field-note")
        assert "record at least one question and answer" in note
        assert screen.focused is screen.query_one("#question")
    assert app.caseload.logbook(cid).path.read_bytes() == before


async def test_not_yet_competent_questioning_is_saved_and_does_not_count(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_questioning(pilot, app)
        screen = app.screen
        screen.query_one("#question").value = "What does the refunds policy say about receipts?"
        screen.query_one("#answer").text = "I am not sure."
        screen.query_one("#criteria").pick("205 Ka")
        screen.query_one("#decision").focus()
        await pilot.press("n")
        screen.query_one("#justification").text = "Could not say what the policy requires"
        screen.query_one("#feedback").text = "Read the policy; we will ask again next visit"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = text(screen, "#form-status")
        assert "because the questioning's decision was 'not yet competent'" in said
    portfolio = app.caseload.logbook(candidate_id(app, "Priya Shah")).read(app.today)
    (mine,) = [r for r in portfolio.evidence if isinstance(r, Questioning) and r.date == app.today]
    assert mine.decision == "not_yet_competent"
    assert portfolio.coverage("205").evidence_for("205 Ka") == []
    assert any(
        r.reason == "questioning: the questioning's decision was 'not yet competent'"
        for r in portfolio.coverage("205").refused
    )
