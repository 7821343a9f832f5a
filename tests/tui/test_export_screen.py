"""Exporting from inside the app: one candidate or the whole caseload, to a private file."""

from __future__ import annotations

import json
import stat

from logbook.tui.screens.export import ExportScreen
from logbook.tui.screens.overview import OverviewScreen
from tests.tui.helpers import SIZE, candidate_id, demo_app


def status(screen) -> str:
    return str(screen.query_one("#export-status").render())


async def export(pilot, app) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()


def stored_ids(app, cid: str) -> list[str]:
    rows, _ = app.caseload.logbook(cid).rows()
    return [row["id"] for row in rows]


async def test_one_candidate_is_exported_from_the_overview(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press(*"priya", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("x")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.query_one("#what").value == "one"
        await export(pilot, app)
        written = tmp_path / "logbook-export-CG-4471-0931-2026-11-24.json"
        said = status(screen)
        assert f"Exported 1 candidate ({len(stored_ids(app, cid))} records)" in said
        assert str(written) in said.replace("\n", "")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    data = json.loads(written.read_text())
    [logbook] = data["logbooks"]
    assert logbook["candidate_id"] == cid
    assert [row["id"] for row in logbook["records"]] == stored_ids(app, cid)
    assert any(row.get("name") == "Priya Shah" for row in logbook["records"])


async def test_the_whole_caseload_is_exported_from_the_caseload_a_file_each(tmp_path):
    app = demo_app(tmp_path)
    target = tmp_path / "exports" / "everyone"
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        await pilot.press("shift+tab", "enter", "down", "enter")  # the whole caseload
        assert screen.query_one("#what").value == "all"
        assert screen.query_one("#path").value.endswith("logbook-export-2026-11-24")
        screen.query_one("#path").value = str(target)
        await export(pilot, app)
        assert "Exported 5 candidates" in status(screen)
        assert "a file each" in status(screen)
    files = sorted(target.iterdir())
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in files)
    ids = {summary["id"] for summary in app.caseload.view(app.today).summaries}
    found = set()
    for path in files:  # as `logbook export --all -o DIR` writes them: by registration number
        [logbook] = json.loads(path.read_text())["logbooks"]
        candidate = logbook["records"][0]
        assert path.name == f"{candidate['registration_number']}.json"
        assert [row["id"] for row in logbook["records"]] == stored_ids(app, logbook["candidate_id"])
        found.add(logbook["candidate_id"])
    assert found == ids


async def test_a_folder_that_does_not_exist_is_reported(tmp_path):
    app = demo_app(tmp_path)
    target = tmp_path / "no-such-folder" / "export.json"
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ExportScreen(candidate_id(app, "Tom Reilly")))
        await pilot.pause()
        screen = app.screen
        screen.query_one("#path").value = str(target)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = status(screen)
        assert said.startswith("Not exported: there is no folder")
        assert "no-such-folder" in said
        assert "no-such-folder" in str(screen.query_one("#field-path .field-note").render())
    assert not target.parent.exists()


async def test_an_existing_file_is_replaced_only_when_asked_twice(tmp_path):
    app = demo_app(tmp_path)
    target = tmp_path / "old.json"
    target.write_text("keep me")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ExportScreen(candidate_id(app, "Lena Novak")))
        await pilot.pause()
        screen = app.screen
        screen.query_one("#path").value = str(target)
        await export(pilot, app)
        assert "exists: ctrl+s again to replace it" in status(screen)
        assert target.read_text() == "keep me"
        await export(pilot, app)
        assert "Exported 1 candidate" in status(screen)
    assert json.loads(target.read_text())["logbooks"][0]["records"][0]["name"] == "Lena Novak"
