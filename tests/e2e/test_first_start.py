"""End to end, the installed `logbook` in a real terminal at 80x24: the first start asks who is
recording and keeps the answer; `--assessor` is shown; and `--demo` exports stay in the folder
the app was started in after the demo's own folder has gone."""

from __future__ import annotations

import json
import os
import shlex
import stat

from tests.e2e.terminal import Terminal, logbook_command

ENTER, ESC, CTRL_E, CTRL_S, CTRL_Q = "\r", "\x1b", "\x05", "\x13", "\x11"


def _env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    env.update(TERM="xterm", COLORTERM="", LANG="C.UTF-8", TMPDIR=str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return env


def in_folder(folder, *args: str) -> list[str]:
    """Run `logbook ARGS` with `folder` as the current folder, as a user who cd'd there."""
    command = shlex.join([str(logbook_command()), *args])
    return ["sh", "-c", f"cd {shlex.quote(str(folder))} && exec {command}"]


def test_the_first_start_asks_who_is_recording_and_keeps_it(tmp_path, settings_file):
    settings_file.unlink()
    terminal = Terminal([str(logbook_command()), "--demo"], _env(tmp_path))
    try:
        terminal.wait_for("Who is recording?")
        terminal.type("Dana Okafor")
        terminal.press(ENTER, settle=0.8)
        terminal.wait_for("assessor: Dana Okafor")
        terminal.press(CTRL_Q, settle=0.5)
    finally:
        code = terminal.close()
    assert code == 0
    assert json.loads(settings_file.read_text(encoding="utf-8")) == {"assessor": "Dana Okafor"}
    assert stat.S_IMODE(settings_file.stat().st_mode) == 0o600


def test_demo_exports_stay_in_the_folder_it_was_started_in(tmp_path):
    here = tmp_path / "here"
    here.mkdir()
    argv = in_folder(here, "--demo", "--assessor", "E2E Assessor")
    terminal = Terminal(argv, _env(tmp_path))
    try:
        terminal.wait_for("assessor: E2E Assessor")
        terminal.wait_for("Tom Reilly")
        terminal.press(CTRL_E, settle=0.8)
        terminal.wait_for("Write to")
        terminal.press(CTRL_S, settle=1.0)
        terminal.wait_for("Exported 1 candidate")  # the first listed, Aisha Okafor
        terminal.press(ESC, settle=0.5)
        terminal.press(CTRL_Q, settle=0.5)
    finally:
        code = terminal.close()
    assert code == 0
    [written] = here.iterdir()
    assert written.name.startswith("logbook-export-") and written.suffix == ".json"
    [logbook] = json.loads(written.read_text())["logbooks"]
    assert logbook["records"][0]["name"] == "Aisha Okafor"
    assert list((tmp_path / "tmp").iterdir()) == []  # the demo's own folder is gone
