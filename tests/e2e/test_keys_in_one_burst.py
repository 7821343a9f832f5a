"""Keys that reach the app in one burst (over SSH a whole line of typing can arrive in one packet)
are applied in the order they were typed: an Enter picks what was typed before it, a Tab moves on
before the keys after it land, and ctrl+s saves everything typed before it."""

from __future__ import annotations

import os

from tests.e2e.terminal import Terminal, exported_records
from tests.e2e.test_site_visit import CTRL_Q, ENTER, TAB, demo_caseload

CTRL_S = "\x13"


def test_an_observation_typed_in_one_burst_is_saved_as_typed(tmp_path):
    command, env, data = demo_caseload(tmp_path)
    terminal = Terminal([command, "--data-dir", str(data)], env)
    try:
        terminal.wait_for("Priya")
        terminal.type("priya")
        terminal.press(ENTER, settle=1.0)
        terminal.wait_for("Units")
        terminal.press("o", settle=1.0)
        terminal.wait_on_screen("What the candidate did")
        burst = (
            "Served a queue of six calmly."
            + TAB
            + "205.2.3"
            + ENTER
            + "205.2.4"
            + ENTER  # two picks, each its own code
            + TAB
            + TAB
            + "c"  # context, then the decision
            + TAB
            + "Followed the policy."
            + TAB
            + "Well done."
            + CTRL_S
        )
        os.write(terminal.master, burst.encode())  # one write: the keys arrive together
        terminal.wait_for("stored safely")
        terminal.press(CTRL_Q, settle=0.5)
    finally:
        code = terminal.close()
    assert code == 0
    records = exported_records(command, data, env)
    [saved] = [r for r in records if r.get("activity") == "Served a queue of six calmly."]
    assert [link["code"] for link in saved["links"]] == ["205.2.3", "205.2.4"]
    assert saved["decision"] == "competent"
    assert saved["justification"] == "Followed the policy."
    assert saved["feedback"] == "Well done."
