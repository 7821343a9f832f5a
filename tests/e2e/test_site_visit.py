"""End to end: the installed `logbook` in a real terminal, an observation recorded by
keystrokes, and found in the export."""

from __future__ import annotations

import os
import subprocess

from tests.e2e.terminal import Terminal, exported_records, logbook_command

ENTER, TAB, ESC, CTRL_S, CTRL_Q = "\r", "\t", "\x1b", "\x13", "\x11"


def demo_caseload(tmp_path) -> tuple[str, dict, object]:
    """The installed command, its environment (a plain xterm) and a demo caseload for it."""
    data = tmp_path / "caseload"
    command = str(logbook_command())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    env.update(TERM="xterm", COLORTERM="", LOGBOOK_ASSESSOR="E2E Assessor", LANG="C.UTF-8")
    made = subprocess.run([command, "demo", str(data)], capture_output=True, text=True, env=env)
    assert made.returncode == 0, made.stderr
    return command, env, data


def test_an_observation_typed_in_a_real_terminal_is_in_the_export(tmp_path):
    command, env, data = demo_caseload(tmp_path)
    terminal = Terminal([command, "--data-dir", str(data)], env)
    try:
        terminal.wait_for("Priya")
        terminal.type("priya")
        terminal.press(ENTER, settle=1.0)
        terminal.wait_for("Units")
        terminal.press("o", settle=1.0)
        terminal.wait_for("Observation")
        # date, time and venue come filled in: the form opens on what the candidate did
        terminal.type("Calmed an angry customer at the tills and rebooked her delivery.")
        terminal.press(TAB)  # criteria search
        terminal.type("205.2.4")
        terminal.press(ENTER)
        terminal.type("quiet period")
        terminal.press(ENTER)
        terminal.press(TAB)  # context
        terminal.press(TAB)  # decision
        terminal.press("c")  # competent: no default
        terminal.press(TAB)  # justification
        terminal.type("Stayed calm and followed the returns policy.")
        terminal.press(TAB)  # feedback
        terminal.type("Good recovery.")
        terminal.press(CTRL_S, settle=1.0)
        terminal.wait_for("stored safely")
        terminal.press(ESC, settle=0.8)
        terminal.press(ESC, settle=0.8)
        terminal.press(CTRL_Q, settle=0.5)
    finally:
        code = terminal.close()
    assert code == 0

    records = exported_records(command, data, env)
    [seen] = [r for r in records if r.get("activity", "").startswith("Calmed an angry customer")]
    assert seen["kind"] == "observation"
    assert seen["justification"] == "Stayed calm and followed the returns policy."
    assert {link["code"] for link in seen["links"]} == {"205.2.4", "205 ER4c"}


def test_a_name_typed_at_launch_filters_the_caseload(tmp_path):
    """Keys typed straight after `logbook` is started, before the caseload is drawn, are not
    lost: the filter gets them (over SSH the first keys often come before the first screen)."""
    command, env, data = demo_caseload(tmp_path)
    terminal = Terminal([command, "--data-dir", str(data)], env)
    try:
        terminal.type("priya", pause=0.01)  # at once: nothing is drawn yet
        # only Priya is listed, so she is the one highlighted and described under the list
        terminal.wait_for("Priya Shah · CG-4471-0931")
        terminal.press(ENTER, settle=1.0)
        terminal.wait_for("2 of 8 units signed off")
        terminal.press(CTRL_Q, settle=0.5)
    finally:
        code = terminal.close()
    assert code == 0


def _env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    env.pop("LOGBOOK_DATA_DIR", None)
    env.update(TERM="xterm", COLORTERM="", LANG="C.UTF-8", HOME=str(tmp_path / "home"))
    env.pop("XDG_DATA_HOME", None)
    env.update(extra)
    return env


def test_demo_opens_a_sample_caseload_and_leaves_nothing_behind(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    terminal = Terminal([str(logbook_command()), "--demo"], _env(tmp_path, TMPDIR=str(scratch)))
    try:
        terminal.wait_for("Priya Shah")
        terminal.wait_for("Tom Reilly")
        terminal.press(CTRL_Q, settle=0.5)
    finally:
        code = terminal.close()
    assert code == 0
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "home").exists()  # the demo never touches the real store


def test_bare_logbook_opens_the_default_store_in_the_users_data_folder(tmp_path):
    terminal = Terminal([str(logbook_command())], _env(tmp_path))
    try:
        terminal.wait_for("No candidates yet")
        terminal.press(CTRL_Q, settle=0.5)
    finally:
        code = terminal.close()
    assert code == 0
    store = tmp_path / "home" / ".local" / "share" / "logbook"
    assert store.is_dir()
    assert store.stat().st_mode & 0o777 == 0o700
