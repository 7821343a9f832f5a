"""Importing from inside the app (ctrl+o on the caseload, or "Import" in the palette): a file or
a folder of export files, a line per file said on the screen; the caseload then lists them."""

from __future__ import annotations

import json

from logbook.demo import write_demo
from logbook.store.caseload import Caseload
from logbook.store.exchange import export_caseload
from logbook.tui.app import LogbookApp
from logbook.tui.screens.caseload import CaseloadScreen
from logbook.tui.screens.import_files import ImportScreen
from tests.tui.helpers import SIZE, TODAY


def status(screen) -> str:
    return str(screen.query_one("#import-status").render())


def exported_demo(tmp_path):
    demo = tmp_path / "demo"
    write_demo(demo, TODAY)
    folder = tmp_path / "exports"
    export_caseload(Caseload(demo), folder)
    return folder


async def test_a_folder_exported_whole_is_imported_into_an_empty_caseload(tmp_path):
    folder = exported_demo(tmp_path)
    (folder / "CG-4471-0931.json").write_text("{}", encoding="utf-8")  # one file spoiled
    app = LogbookApp(tmp_path / "empty", assessor="Test Assessor", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#path").value = str(folder)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = status(screen)
        assert said.startswith("4 of 5 files imported, 1 refused")
        assert "CG-4471-0931.json was not imported, nothing was written" in said
        assert "EDX-77120.json: imported Aisha Okafor (EDX-77120)" in said
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        names = set(app.screen.names)
    assert names == {"Aisha Okafor", "Gareth Jones", "Lena Novak", "Tom Reilly"}


async def test_one_file_from_the_palette_and_a_wrong_path_said_on_the_field(tmp_path):
    folder = exported_demo(tmp_path)
    app = LogbookApp(tmp_path / "empty", assessor="Test Assessor", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+p", *"import", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#path").value = str(tmp_path / "nowhere")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert status(screen).startswith("Nothing imported: there is no file or folder")
        assert "nowhere" in str(screen.query_one("#field-path .field-note").render())
        assert not (tmp_path / "empty").exists() or not list((tmp_path / "empty").glob("*.json"))
        screen.query_one("#path").value = str(folder / "OCR-03456-2290.json")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "1 of 1 files imported" in status(screen)
        assert "imported Tom Reilly (OCR-03456-2290)" in status(screen)
    [summary] = app.caseload.view(TODAY).summaries
    assert summary["name"] == "Tom Reilly"
    rows, history = app.caseload.logbook(summary["id"]).rows()
    assert history[-1]["action"] == "import" and history[-1]["by"] == "Test Assessor"
    exported = json.loads((folder / "OCR-03456-2290.json").read_text())["logbooks"][0]
    assert rows == exported["records"]


async def test_names_in_the_results_are_shown_as_text(tmp_path):
    from dataclasses import replace

    from tests.security.hostile import MARKUP

    demo = tmp_path / "demo"
    write_demo(demo, TODAY)
    caseload = Caseload(demo)
    logbook = caseload.find("Priya Shah")
    named = replace(logbook.read(TODAY).candidate, name=f"Jo {MARKUP}")
    logbook.update_candidate(named, "Test Assessor", TODAY)
    folder = tmp_path / "exports"
    export_caseload(caseload, folder)
    app = LogbookApp(tmp_path / "empty", assessor="Test Assessor", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.query_one("#path").value = str(folder)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = status(app.screen)
    assert f"imported Jo {MARKUP} (CG-4471-0931)" in said, said
