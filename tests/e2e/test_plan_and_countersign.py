"""End to end: in a real terminal at 80x24, a plan reviewed from the overview and a unit
countersigned from the IV's view, both found in the export."""

from __future__ import annotations

import os
import subprocess

from tests.e2e.terminal import Terminal, exported_records, logbook_command

ENTER, TAB, ESC, CTRL_S, CTRL_Q, CTRL_T = "\r", "\t", "\x1b", "\x13", "\x11", "\x14"


def test_a_plan_review_and_a_countersign_typed_in_a_real_terminal_are_in_the_export(tmp_path):
    data = tmp_path / "caseload"
    command = str(logbook_command())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    env.update(TERM="xterm", COLORTERM="", LOGBOOK_ASSESSOR="E2E Assessor", LANG="C.UTF-8")
    made = subprocess.run([command, "demo", str(data)], capture_output=True, text=True, env=env)
    assert made.returncode == 0, made.stderr

    terminal = Terminal([command, "--data-dir", str(data)], env)
    try:
        terminal.wait_for("late")  # the caseload: Priya Shah's overdue plan item, on top
        terminal.type("priya")
        terminal.press(ENTER, settle=1.0)
        terminal.wait_for("Units")
        terminal.press("r", settle=1.0)
        terminal.wait_for("Plan review")
        terminal.type("Saturday rush observed; complaints log next visit.")
        terminal.wait_on_screen("Saturday rush observed")  # in the notes (late under load)
        terminal.press(TAB)  # the next visit
        terminal.type("05/12/2026")
        terminal.wait_on_screen("Sat 5 Dec 2026")  # the date said back: read
        terminal.press(CTRL_S, settle=1.0)
        terminal.wait_for("Review saved")
        terminal.press(ESC, settle=0.8)
        terminal.press(ESC, settle=0.8)
        terminal.press(CTRL_T, settle=1.0)  # the IV's view, at Priya's unit awaiting countersign
        terminal.wait_for("IV countersign")
        terminal.type("Ruth Okoye")
        terminal.press(CTRL_S, settle=1.0)
        terminal.wait_for("stored safely")
        terminal.press(ESC, settle=0.8)
        terminal.press(CTRL_Q, settle=0.5)
    finally:
        code = terminal.close()
    assert code == 0

    records = exported_records(command, data, env)
    [review] = [r for r in records if r["kind"] == "plan_review" and "rush observed" in r["notes"]]
    assert review["next_visit"] == "2026-12-05" and review["reviewed_by"] == "E2E Assessor"
    [countersigned] = [
        r for r in records if r["kind"] == "signoff" and r["iv_name"] == "Ruth Okoye"
    ]
    assert countersigned["unit"] == "302" and countersigned["corrects"]
