"""Where an export goes by default, and the message that names it in full: for `logbook --demo`
(whose caseload is in a temporary folder that goes on quit) the folder the app was started in.
"""

from __future__ import annotations

import json

from logbook.demo import write_demo
from logbook.tui.app import LogbookApp
from logbook.tui.screens.export import ExportScreen
from tests.tui.helpers import SIZE, TODAY


def status(screen) -> str:
    return str(screen.query_one("#export-status").render()).replace("\n", "")


async def test_exports_go_to_the_export_folder_and_the_message_names_the_file_in_full(
    tmp_path, monkeypatch
):
    demo = tmp_path / "logbook-demo-x" / "caseload"  # as `logbook --demo` makes it
    write_demo(demo, TODAY)
    started_in = tmp_path / "started-here"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    app = LogbookApp(demo, today=TODAY, export_folder=started_in)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        written = started_in / "logbook-export-EDX-77120-2026-11-24.json"  # the first listed
        assert screen.query_one("#path").value == str(written)  # seen before it is written
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Exported 1 candidate (" in status(screen)
        assert f"to {written}" in status(screen)

        screen.query_one("#path").value = "mine.json"  # a name alone: in the folder started in
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"to {started_in / 'mine.json'}" in status(screen)
    [logbook] = json.loads(written.read_text())["logbooks"]
    assert logbook["records"][0]["name"] == "Aisha Okafor"
    assert json.loads((started_in / "mine.json").read_text())["logbooks"] == [logbook]
    assert not list(demo.parent.glob("logbook-export-*"))  # nothing left to vanish with the demo


async def test_without_an_export_folder_exports_go_beside_the_data_folder(tmp_path):
    caseload = tmp_path / "caseload"
    write_demo(caseload, TODAY)
    app = LogbookApp(caseload, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+e")
        await pilot.pause()
        path = app.screen.query_one("#path").value
        assert path == str(tmp_path / "logbook-export-EDX-77120-2026-11-24.json")
