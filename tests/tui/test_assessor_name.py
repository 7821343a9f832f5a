"""Who is recording: the app asks once on first start, keeps the name in the user's settings
file, shows it in the header, and the palette changes it; a bad name is refused with what to
fix, and a damaged settings file is said and does not stop the app.

The settings file is the one of this test's own config folder (XDG_CONFIG_HOME, set for every
test in tests/conftest.py, where it names "Test Assessor"); the first-start tests remove it.
"""

from __future__ import annotations

import getpass
import json
import os
import stat
from datetime import date

from textual.command import CommandPalette
from textual.widgets import Input

from logbook.demo import write_demo
from logbook.store.settings import ENV_VAR
from logbook.tui.app import LogbookApp
from logbook.tui.screens.assessor_name import AssessorNameScreen
from logbook.tui.screens.candidate import CandidateScreen
from logbook.tui.screens.caseload import CaseloadScreen
from tests.conftest import TEST_ASSESSOR
from tests.tui.helpers import SIZE, TODAY, candidate_id
from tests.tui.test_palette_and_colours import palette_prompts


def app_on_demo(tmp_path, assessor: str | None = None, today: date = TODAY) -> LogbookApp:
    """The app as `logbook` starts it: no name given, so it finds (or asks for) one itself."""
    caseload = tmp_path / "caseload"
    if not caseload.exists():
        write_demo(caseload, today)
    return LogbookApp(caseload, assessor=assessor, today=today)


def note(screen) -> str:
    return str(screen.query_one("#field-assessor-name .field-note").render())


def notifications(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def started(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def name_typed(pilot, name: str) -> None:
    await pilot.press("home", "ctrl+k", *name, "enter")
    await pilot.pause()


def inside(region, size=SIZE) -> bool:
    width, height = size
    return (
        region.width > 0
        and region.x >= 0
        and region.y >= 0
        and (region.right <= width and region.bottom <= height)
    )


# first start -------------------------------------------------------------------------------------


async def test_first_start_asks_once_and_keeps_the_name_in_a_private_settings_file(
    tmp_path, settings_file
):
    settings_file.unlink()
    app = app_on_demo(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = app.screen
        assert isinstance(screen, AssessorNameScreen)
        assert screen.query_one("#assessor-name", Input).value == ""  # not "root": asked
        assert getpass.getuser() in note(screen)  # what Escape would record as
        await name_typed(pilot, "Dana Okafor")
        assert isinstance(app.screen, CaseloadScreen)
        assert app.assessor == "Dana Okafor"
        assert "assessor: Dana Okafor" in app.sub_title
        assert f"kept in {settings_file}" in notifications(app)
    assert json.loads(settings_file.read_text(encoding="utf-8")) == {"assessor": "Dana Okafor"}
    assert stat.S_IMODE(settings_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(settings_file.parent.stat().st_mode) == 0o700
    assert [p.name for p in settings_file.parent.iterdir()] == ["settings.json"]

    again = app_on_demo(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert isinstance(again.screen, CaseloadScreen)  # the second start does not ask
        assert again.assessor == "Dana Okafor"
        assert "assessor: Dana Okafor" in again.sub_title


async def test_escape_on_first_start_records_as_the_login_name_this_session_only(
    tmp_path, settings_file
):
    settings_file.unlink()
    app = app_on_demo(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert isinstance(app.screen, AssessorNameScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        assert app.assessor == getpass.getuser()
        assert f"assessor: {getpass.getuser()}" in app.sub_title
        said = notifications(app)
        assert "for this session only" in said and "Assessor name" in said
    assert not settings_file.exists()  # nothing kept: the next start asks again
    again = app_on_demo(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert isinstance(again.screen, AssessorNameScreen)


async def test_the_name_screen_is_whole_at_80x24_with_a_damaged_settings_file(
    tmp_path, settings_file
):
    settings_file.write_text('{"assessor": "Dana', encoding="utf-8")  # cut short
    app = app_on_demo(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = app.screen
        assert isinstance(screen, AssessorNameScreen)
        for part in ("#assessor-name", "#field-assessor-name .field-note", ".keys"):
            assert inside(screen.query_one(part).region), part


# a name that cannot be stored -------------------------------------------------------------------


async def test_a_name_with_an_escape_sequence_or_600_characters_is_refused_saying_what_to_fix(
    tmp_path, settings_file
):
    settings_file.unlink()
    app = app_on_demo(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        screen = app.screen
        field = screen.query_one("#assessor-name", Input)
        for bad, fix in (
            ("Dana \x1b[31mOkafor", "control characters or line breaks (^[)"),
            ("Dana\x07", "(^G)"),
            ("D" * 600, "600 characters long; at most 500"),
            ("   ", "the name is empty"),
        ):
            field.value = bad  # however it reached the field (a paste, a terminal's bytes)
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen, repr(bad)
            said = note(screen)
            assert "Not saved" in said and fix in said, said
            assert "\x1b" not in said  # the refusal quotes the character in its visible form
            assert not settings_file.exists()
            assert app.assessor == getpass.getuser()
        await name_typed(pilot, "Dana Okafor")  # put right: saved
        assert app.assessor == "Dana Okafor"
    assert json.loads(settings_file.read_text(encoding="utf-8")) == {"assessor": "Dana Okafor"}


# a damaged settings file -------------------------------------------------------------------------


async def test_a_damaged_settings_file_is_reported_and_the_app_still_starts(
    tmp_path, settings_file
):
    damaged = b'{"assessor": ["not", "a", "name"]}'
    settings_file.write_bytes(damaged)
    app = app_on_demo(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        said = notifications(app)
        assert f"the settings file {settings_file} cannot be used" in said
        assert "its assessor is not a text" in said
        screen = app.screen
        assert isinstance(screen, AssessorNameScreen)  # no name known: asked, the file named
        assert "its assessor is not a text" in note(screen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)  # the caseload works as ever
        assert app.screen.query_one("#caseload").row_count == 5
    assert settings_file.read_bytes() == damaged  # left as it was until a name is saved


async def test_a_name_in_the_settings_file_with_an_escape_sequence_is_not_used(
    tmp_path, settings_file
):
    settings_file.write_text(json.dumps({"assessor": "Mal\x1b]0;owned\x07"}), encoding="utf-8")
    app = app_on_demo(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert "its assessor name is refused" in notifications(app)
        assert isinstance(app.screen, AssessorNameScreen)
        await name_typed(pilot, "Dana Okafor")
        assert "\x1b" not in app.sub_title
    assert json.loads(settings_file.read_text(encoding="utf-8")) == {"assessor": "Dana Okafor"}


# the palette -------------------------------------------------------------------------------------


async def test_the_palette_changes_the_name_and_the_next_record_saved_carries_it(
    tmp_path, settings_file
):
    app = app_on_demo(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert isinstance(app.screen, CaseloadScreen)  # the settings file named someone
        assert app.assessor == TEST_ASSESSOR
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert f"Assessor name: {TEST_ASSESSOR}" in await palette_prompts(pilot, app)
        await pilot.press(*"assessor name")
        assert (await palette_prompts(pilot, app))[0] == f"Assessor name: {TEST_ASSESSOR}"
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AssessorNameScreen)
        assert screen.query_one("#assessor-name", Input).value == TEST_ASSESSOR
        assert "from the settings file" in note(screen)
        await name_typed(pilot, "Dana Okafor")
        assert isinstance(app.screen, CaseloadScreen)
        assert "assessor: Dana Okafor" in app.sub_title

        await pilot.press("ctrl+n")  # the next record saved: a new candidate
        await pilot.pause()
        assert isinstance(app.screen, CandidateScreen)
        await pilot.press(*"Nia Evans", "tab", *"2/5/1999", "tab", *"N-24", "tab")
        await pilot.press("enter", *"ocr level 3 nvq i", "enter", "tab", *"1,2 3 4 5 6")
        await pilot.press("tab", *"today", "tab", *"Cardiff", "tab", *"nia@x", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    logbook = app.caseload.logbook(candidate_id(app, "Nia Evans"))
    _, history = logbook.rows()
    assert [entry["by"] for entry in history] == ["Dana Okafor"]
    assert logbook.read(app.today).candidate.assessor == "Dana Okafor"
    assert json.loads(settings_file.read_text(encoding="utf-8")) == {"assessor": "Dana Okafor"}


async def test_escape_from_the_palette_keeps_the_name(tmp_path, settings_file):
    before = settings_file.read_bytes()
    app = app_on_demo(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.action_assessor_name()
        await pilot.pause()
        await pilot.press("home", "ctrl+k", *"Someone Else", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        assert app.assessor == TEST_ASSESSOR
    assert settings_file.read_bytes() == before


async def test_a_name_is_shown_as_text_in_the_header_and_the_palette(tmp_path, settings_file):
    name = "Jo [b]Smith[/b] [nee Jones]"
    settings_file.write_text(json.dumps({"assessor": name}), encoding="utf-8")
    app = app_on_demo(tmp_path)
    async with app.run_test(size=(120, 24)) as pilot:
        await started(pilot)
        assert app.assessor == name
        header = app.screen.query_one("HeaderTitle")
        assert name in str(header.render())
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"assessor")
        assert (await palette_prompts(pilot, app))[0] == f"Assessor name: {name}"


# what comes first --------------------------------------------------------------------------------


async def test_the_command_line_and_logbook_assessor_come_before_the_settings_file(
    tmp_path, settings_file, monkeypatch
):
    app = app_on_demo(tmp_path, assessor="From The Command Line")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert app.assessor == "From The Command Line"
        app.action_assessor_name()
        await pilot.pause()
        assert "At the next start --assessor still comes first" in note(app.screen)

    monkeypatch.setenv(ENV_VAR, "From The Environment")
    app = app_on_demo(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.assessor == "From The Environment"
        assert "assessor: From The Environment" in app.sub_title

    monkeypatch.setenv(ENV_VAR, "Bad\x1b[2J")  # refused: said, and the settings file is used
    app = app_on_demo(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.assessor == TEST_ASSESSOR
        said = notifications(app)
        assert f"{ENV_VAR}: it holds control characters or line breaks (^[)" in said
        assert "it was not used" in said
    assert os.environ[ENV_VAR] == "Bad\x1b[2J"
