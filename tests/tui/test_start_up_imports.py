"""What the app's start imports: not the checker of standards files (jsonschema), not the
signing library (cryptography loads on the first signature), not the tests' libraries, not the
command line's commands nor its output. Each was a share of a start-up an assessor waits for
(issue 11: "app start <= 1.2x the bare Textual app")."""

from __future__ import annotations

import json
import subprocess
import sys

from logbook.demo import write_demo

PROBE = """
import json, sys
from logbook.cli import _app_arguments
args = _app_arguments(["--data-dir", sys.argv[1], "--assessor", "Test Assessor"])
from logbook.tui.app import LogbookApp
from logbook.tui.screens.caseload import CaseloadScreen
app = LogbookApp(args.data_dir, assessor=args.assessor)
rows = list(app.caseload.each())
print(json.dumps({"rows": len(rows), "modules": sorted(sys.modules)}))
"""


def _probe(script: str, folder, timeout: int = 60) -> dict:
    """What `script` prints (JSON) given the caseload `folder`, run in a process of its own (its
    own sys.modules), from the folder above it."""
    result = subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=folder.parent,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


NOT_AT_START = ("jsonschema", "cryptography", "hypothesis", "pytest", "psycopg")


def test_the_app_starts_without_the_checker_the_signer_or_the_commands(tmp_path):
    folder = tmp_path / "caseload"
    write_demo(folder)
    found = _probe(PROBE, folder)
    assert found["rows"] == 5  # the demo caseload, read: the app works without them
    loaded = {name.split(".")[0] for name in found["modules"]}
    assert [name for name in NOT_AT_START if name in loaded] == []
    commands = [m for m in found["modules"] if m.startswith("logbook.cli.")]
    # nor what prints a command's output (its pattern for JSON's escapes took 5 ms to make)
    assert commands == ["logbook.cli.assessor", "logbook.cli.errors"]


def test_a_command_line_that_is_not_the_app_is_read_by_the_whole_parser(cli, tmp_path):
    """The quick reading of a bare `logbook` leaves every other command line as it was."""
    helped = cli("--help")
    assert helped.returncode == 0 and "standards" in helped.stdout
    wrong = cli("--data-dir", tmp_path, "--no-such-option")
    assert wrong.returncode == 2
    assert "unrecognized arguments: --no-such-option" in wrong.stderr
    listed = cli("--data-dir", tmp_path / "caseload", "candidates", "--json")
    assert (listed.returncode, json.loads(listed.stdout)) == (0, [])


WARM_PROBE = """
import json, sys
from logbook.tui.app import LogbookApp
from logbook.tui.screens.caseload import row_of
app = LogbookApp(sys.argv[1], assessor="Test Assessor")
rows = [row_of(summary, app.today) for summary in app.caseload.each()]
print(json.dumps({"rows": len(rows), "modules": sorted(sys.modules)}))
"""

# what reads, checks and saves a logbook: a save or an open imports them, not the list; nor the
# standards, with no centre's own standards files in the data folder
NOT_FOR_THE_LIST = (
    "logbook.qualifications",
    "logbook.domain.standards",
    "tinydb",
    "logbook.store.logbooks",
    "logbook.store.logbook_storage",
    "logbook.store.roles",
    "logbook.domain.validation",
    "logbook.domain.records",
    "logbook.domain.portfolio",
    "logbook.domain.iqa",
    # dateutil, which reads dates typed by people (weekday names): the list only says its
    # visit dates; hashlib, for a file's checksum: a warm start checks none
    "dateutil",
    "hashlib",
)


def test_a_warm_start_imports_only_what_draws_the_list_from_the_index(tmp_path):
    from logbook.store.caseload import Caseload

    folder = tmp_path / "caseload"
    write_demo(folder)
    Caseload(folder).view()  # the index, as a caseload in daily use has it
    found = _probe(WARM_PROBE, folder)
    assert found["rows"] == 5
    assert [name for name in NOT_FOR_THE_LIST if name in found["modules"]] == []


def test_the_list_is_keyed_by_the_centre_folder_the_standards_name(tmp_path):
    """The index is worked out against the centre's standards files: the caseload looks for them
    where the standards keep them, without importing the standards to ask where that is."""
    from logbook import qualifications
    from logbook.store import caseload

    assert caseload.CENTRE_FOLDER == qualifications.CENTRE_FOLDER
    folder = tmp_path / "caseload"
    write_demo(folder)
    assert caseload.Caseload(folder)._standards_key() == ""
    (folder / caseload.CENTRE_FOLDER).mkdir()
    (folder / caseload.CENTRE_FOLDER / "unit.json").write_text("{}")
    assert caseload.Caseload(folder)._standards_key() == qualifications.centre_fingerprint(folder)
    assert caseload.Caseload(folder)._standards_key() != ""


AHEAD_PROBE = """
import asyncio, json, sys, threading
from importlib.abc import MetaPathFinder

first_imported = {}  # a screen's module: imported on the UI thread (the main one)?


class Seen(MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.startswith("logbook.tui.screens."):
            first_imported[name] = threading.current_thread() is threading.main_thread()
        return None


sys.meta_path.insert(0, Seen())
from logbook.tui.app import LogbookApp


async def until(pilot, ready):
    for _ in range(1200):  # 30 s, for a machine under load
        if ready():
            return
        await pilot.pause(0.025)
    raise TimeoutError


async def main():
    app = LogbookApp(sys.argv[1], assessor="Test Assessor")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "shown_once", False))
        await app.workers.wait_for_complete()
        ahead = dict(first_imported)
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "OverviewScreen")
        await pilot.press("o")
        await until(pilot, lambda: type(app.screen).__name__ == "ObservationScreen")
        print(json.dumps({"ahead": ahead, "all": first_imported}))


asyncio.run(main())
"""


def test_the_screens_enter_and_o_open_are_imported_ahead_off_the_ui_thread(tmp_path):
    """Once the caseload is drawn, the overview and the forms its keys open are imported in a
    thread of their own: the first Enter and the first `o` of a session do not import them on
    the UI thread, where the observation form's import alone was 18 ms, over a frame."""
    from logbook.tui.screens.registry import AHEAD

    folder = tmp_path / "caseload"
    write_demo(folder)
    found = _probe(AHEAD_PROBE, folder, timeout=120)
    # imported before any key, each in the thread
    assert {module: found["ahead"].get(module) for module in AHEAD} == dict.fromkeys(AHEAD, False)
    # and Enter, then `o`, imported none of them on the UI thread
    assert [m for m in AHEAD if found["all"][m]] == []
