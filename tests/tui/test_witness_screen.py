"""Recording a witness from the keyboard; relatives and partners are refused as they are typed."""

from __future__ import annotations

from logbook.tui.screens.witness import WitnessScreen
from tests.tui.helpers import SIZE, candidate_id, demo_app, open_form


async def open_witness(pilot, app, name="Priya Shah"):
    return await open_form(pilot, app, "w", WitnessScreen, name)


def note(screen, field: str) -> str:
    return str(screen.query_one(f"#field-{field} .field-note").render())


def status(screen) -> str:
    return str(screen.query_one("#form-status").render())


async def test_witness_is_recorded_by_keystrokes(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_witness(pilot, app)
        screen = app.screen
        screen.query_one("#name").value = "Alex Green"
        screen.query_one("#job_title").value = "Team leader"
        screen.query_one("#organisation").value = "Greenway Stores"
        screen.query_one("#role").focus()
        await pilot.press("enter", *"sup", "enter")  # role: supervisor
        await pilot.press("tab", *"line manager")
        await pilot.pause()
        assert "invalid" not in screen.query_one("#field-relationship").classes
        screen.query_one("#contact").value = "alex.green@example.org"
        await pilot.press("tab", "tab", "space", "tab")  # knows the standards
        assert screen.focused is screen.query_one("#status_statement")
        screen.focused.text = "Sees Priya work every day on the service desk."
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Saved" in status(screen)
        assert "Alex Green can be used as a witness" in status(screen)
    stored = app.caseload.logbook(candidate_id(app, "Priya Shah")).read(app.today)
    (alex,) = [w for w in stored.witnesses.values() if w.name == "Alex Green"]
    assert alex.role == "supervisor"
    assert alex.relationship == "line manager"
    assert alex.job_title == "Team leader"
    assert alex.organisation == "Greenway Stores"
    assert alex.contact == "alex.green@example.org"
    assert alex.knows_standards is True
    assert alex.status_statement == "Sees Priya work every day on the service desk."


async def test_relatives_and_partners_are_refused_and_nothing_is_written(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    before = app.caseload.logbook(cid).path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_witness(pilot, app)
        screen = app.screen
        await pilot.press(*"Anita Shah")
        relationship = screen.query_one("#relationship")
        relationship.focus()
        await pilot.press(*"my mum")
        await pilot.pause()
        # refused on the spot, before any save
        assert "'mum' names a relative" in note(screen, "relationship")
        assert "invalid" in screen.query_one("#field-relationship").classes
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Not saved" in status(screen)
        assert "'mum' names a relative" in note(screen, "relationship")
        assert "never acceptable" in note(screen, "relationship")

        for typed, word in (("brother-in-law", "brother"), ("flatmate and girlfriend", "flatmate")):
            relationship.value = typed
            await pilot.pause()
            assert f"refused: '{word}' names a relative" in note(screen, "relationship")
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "Not saved" in status(screen)
            assert f"'{word}'" in note(screen, "relationship")
            assert "never acceptable" in note(screen, "relationship")

        # a working relationship clears the refusal as it is typed
        relationship.value = "team leader on the same shift"
        await pilot.pause()
        assert "invalid" not in screen.query_one("#field-relationship").classes
    assert app.caseload.logbook(cid).path.read_bytes() == before
