"""End to end, in a real pseudo-terminal: escapes in a logbook never reach the terminal, a
candidate named '[/]' opens, a paste keeps its order, and ctrl+q asks before dropping typing
(issues 9 and 10)."""

from __future__ import annotations

import os
import re

from logbook.demo import write_demo
from tests.e2e.terminal import Terminal, exported_records, logbook_command
from tests.security.hostile import CLOSING, ESCAPES, RAW_BYTES, logbook_of, plant

ENTER, TAB, ESC, CTRL_S, CTRL_Q = "\r", "\t", "\x1b", "\x13", "\x11"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
OSC = re.compile(rb"\x1b\](\d*)")  # operating system commands: title, clipboard, ...


def environment(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    env.pop("NO_COLOR", None)
    env.update(TERM="xterm", COLORTERM="", LANG="C.UTF-8", LOGBOOK_ASSESSOR="E2E Assessor")
    env.update(HOME=str(tmp_path / "home"))
    return env


def test_escapes_in_a_logbook_never_reach_the_terminal(tmp_path):
    folder = tmp_path / "caseload"
    write_demo(folder)
    plant(logbook_of(folder, "Priya Shah"), ESCAPES, name=f"Priya {ESCAPES} Shah")
    plant(logbook_of(folder, "Tom Reilly"), CLOSING, name=CLOSING)
    terminal = Terminal([str(logbook_command()), "--data-dir", str(folder)], environment(tmp_path))
    try:
        terminal.wait_for("Aisha Okafor")
        terminal.read(0.5)
        reported = b"Could not open" in terminal.output  # the store refused the file
        terminal.type("cg-l3")  # Priya's qualification: the filter finds her by it
        terminal.press(ENTER, settle=0.2)
        if not reported:
            terminal.wait_for("Units")
            for tab in "2345":  # evidence, locator, gaps, witnesses
                terminal.press(tab, settle=0.25)
            terminal.press("o", settle=0.2)
            terminal.wait_for("What the candidate did")
            terminal.read(0.5)
            terminal.press(ESC, settle=0.3)
            terminal.press(ESC, settle=0.3)
        terminal.press(ESC, settle=0.2)  # clear the filter
        terminal.type("ocr-l3-diploma")  # Tom's, now called '[/]'
        terminal.press(ENTER, settle=0.2)
        terminal.wait_for("[/] · OCR-")
        terminal.read(0.3)
        terminal.press(CTRL_Q, settle=0.5)
    finally:
        code = terminal.close()
    assert code == 0
    output = terminal.output
    for raw in RAW_BYTES:
        assert raw not in output, raw
    assert {number for number in OSC.findall(output)} <= {b"22"}  # the mouse pointer's shape
    assert b"^[]0;PWNED^G" in output or b"Could not open" in output


def test_a_bracketed_paste_keeps_its_order_and_ctrl_q_asks_first(tmp_path):
    folder = tmp_path / "caseload"
    write_demo(folder)
    env = environment(tmp_path)
    command = str(logbook_command())
    terminal = Terminal([command, "--data-dir", str(folder)], env)
    try:
        terminal.wait_for("Priya")
        terminal.type("priya")
        terminal.press(ENTER, settle=0.2)
        terminal.wait_for("Units")
        terminal.press("o", settle=0.2)
        terminal.wait_for("What the candidate did")
        terminal.read(0.3)
        terminal.press("\x1b[Z", settle=0.2)  # shift+tab: from what the candidate did to the venue
        terminal.press("\x15", settle=0.2)  # ctrl+u: clear the prefilled venue
        terminal.press(f"{PASTE_START}Till 3 \x1b]0;T\x07\nsecond line{PASTE_END}", settle=0.3)
        terminal.press(TAB, settle=0.2)  # what the candidate did
        terminal.press(f"{PASTE_START}a \x1b[31mRED\x1b[0m b\nnext line{PASTE_END}", settle=0.3)
        terminal.press(TAB, settle=0.2)  # criteria search
        terminal.press("205.2.4", settle=0.3)
        terminal.press(ENTER, settle=0.3)
        terminal.press(TAB, settle=0.15)  # context
        terminal.press(TAB, settle=0.15)  # decision
        terminal.press("c", settle=0.15)  # competent: no default
        terminal.press(TAB, settle=0.15)  # justification
        terminal.press("Followed the policy.", settle=0.3)
        terminal.press(TAB, settle=0.2)  # feedback
        terminal.press("Good.", settle=0.3)
        terminal.press(CTRL_Q, settle=0.1)
        terminal.wait_for("Quit and drop what you typed?")
        terminal.press("n", settle=0.3)
        terminal.wait_gone("Quit and drop what you typed?")  # back on the form, as typed
        terminal.press(CTRL_S, settle=0.1)
        terminal.wait_for("stored safely")
        terminal.press(CTRL_Q, settle=0.3)  # saved: nothing to lose, it quits at once
    finally:
        code = terminal.close()
    assert code == 0

    records = exported_records(command, folder, env)
    [saved] = [r for r in records if r.get("feedback") == "Good."]
    assert saved["activity"] == "a ^[[31mRED^[[0m b\nnext line"  # in order, escapes visible
    assert saved["venue"] == "Till 3 ^[]0;T^G"  # a one-line field takes the first line
