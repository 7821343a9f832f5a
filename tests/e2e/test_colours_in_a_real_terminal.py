"""Every character the app draws can be read: under NO_COLOR, in 16 colours and in 8 (issue 10,
"NO_COLOR=1 is unreadable").

The installed app runs in a real pseudo-terminal with TERM and COLORTERM as a plain xterm sets
them, and what it writes is played through a terminal emulator (pyte); every cell of the
caseload, the overview, an observation form and a sign-off is then read back. A character
whose foreground is its background cannot be read, and fails the test; in 8 colours the bright
colours are shown as their plain ones, as such a terminal does. Under NO_COLOR no cell may have
a colour at all (the terminal's own colours only), and what colour marked (the highlighted row,
the focused field) is marked by reverse video, bold or underline.

A snapshot cannot catch this: it stores whatever is drawn, black on black included.
"""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from tests.e2e.terminal import Terminal, logbook_command

DOWN, ENTER, TAB, ESC, CTRL_Q = "\x1b[B", "\r", "\t", "\x1b", "\x11"
SHIFT_TAB = "\x1b[Z"
# A plain xterm (TERM=xterm, no COLORTERM) gets the app's 16-colour output; a terminal of 8
# colours gets the same bytes (Rich has no 8-colour mode) and shows the bright ones as plain.
TERMINALS = {"no-color": {"NO_COLOR": "1"}, "16-and-8-colours": {}}


def colours(cell, fold_bright: bool) -> tuple[str, str]:
    """The colours a cell is seen in: (foreground, background), reverse video applied; the
    terminal's default foreground and background are two colours, not one."""
    fg = "default-fg" if cell.fg == "default" else cell.fg
    bg = "default-bg" if cell.bg == "default" else cell.bg
    if cell.reverse:
        fg, bg = bg, fg
    if fold_bright:
        fg, bg = fg.removeprefix("bright"), bg.removeprefix("bright")
    return fg, bg


def is_text(char: str) -> bool:
    """A character that says something: not a space, not a line or block of a border or a
    scrollbar (box drawing and block elements, U+2500 to U+259F, drawn in the background's
    colour on purpose where a border meets the panel)."""
    return bool(char.strip()) and not 0x2500 <= ord(char[0]) <= 0x259F


def unreadable(screen, fold_bright: bool) -> list[str]:
    """Every line holding characters drawn in their own background's colour, with those."""
    found = []
    for y in range(screen.lines):
        hidden = [
            cell.data
            for cell in (screen.buffer[y][x] for x in range(screen.columns))
            if is_text(cell.data) and len(set(colours(cell, fold_bright))) == 1
        ]
        if hidden:
            found.append(f"line {y}: {''.join(hidden)!r} in {screen.display[y]!r}")
    return found


def coloured(screen) -> list[str]:
    return sorted(
        {
            f"{cell.fg}/{cell.bg}"
            for row in screen.buffer.values()
            for cell in row.values()
            if cell.fg != "default" or cell.bg != "default"
        }
    )


def line_with(screen, text: str) -> int:
    return next(y for y, line in enumerate(screen.display) if text in line)


def venue_focused(app: Terminal, timeout: float = 20.0) -> None:
    """Until the venue is drawn focused (under load the redraw can come late)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        screen = app.screen()
        if screen.buffer[line_with(screen, "Venue") + 1][2].reverse:
            return
        app.read(0.2)


@pytest.fixture(scope="module")
def caseload(tmp_path_factory):
    folder = tmp_path_factory.mktemp("colours") / "caseload"
    made = subprocess.run(
        [str(logbook_command()), "demo", str(folder)], capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    return folder


@pytest.mark.parametrize("terminal", list(TERMINALS))
def test_every_drawn_character_can_be_read(terminal, caseload, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PYTEST"))}
    env.pop("NO_COLOR", None)
    env.update(TERM="xterm", COLORTERM="", LANG="C.UTF-8", LOGBOOK_ASSESSOR="E2E Assessor")
    env.update(TERMINALS[terminal])
    app = Terminal([str(logbook_command()), "--data-dir", str(caseload)], env)
    seen = {}
    try:
        app.wait_for("Tom Reilly")
        # Aisha Okafor: her first unit is open to sign off (the list puts Priya Shah first,
        # whose first unit is signed off and countersigned)
        app.type("aisha")
        app.press(DOWN, settle=0.5)  # into the list: the first candidate is highlighted
        seen["caseload"] = app.screen()
        app.press(ENTER, settle=0.1)
        app.wait_for("Units")
        app.read(0.5)
        seen["overview"] = app.screen()
        app.press("o", settle=0.1)
        app.wait_for("What the candidate did")
        app.press(SHIFT_TAB, settle=0.1)  # the form opens on what the candidate did: the venue
        app.read(0.5)
        if terminal == "no-color":
            venue_focused(app)  # shown by reverse video (checked below)
        seen["observation form"] = app.screen()
        app.press(ESC, settle=0.3)
        app.press("s", settle=0.1)
        app.wait_for("Sign-off date")
        for _ in range(4):
            app.press(TAB, settle=0.1)  # to the declaration's box
        app.read(0.5)
        seen["sign-off"] = app.screen()
        app.press(CTRL_Q, settle=0.3)
    finally:
        code = app.close()
    assert code == 0
    for name, screen in seen.items():
        assert unreadable(screen, fold_bright=False) == [], f"{terminal}, {name}"
        assert unreadable(screen, fold_bright=True) == [], f"{terminal} (as 8), {name}"
    if terminal != "no-color":
        return
    for name, screen in seen.items():
        assert coloured(screen) == [], f"NO_COLOR, {name}: colours sent"
    caseload_screen = seen["caseload"]
    highlighted = line_with(caseload_screen, "Aisha Okafor")
    assert all(cell.reverse for cell in caseload_screen.buffer[highlighted].values())
    assert not any(cell.reverse for cell in caseload_screen.buffer[highlighted + 1].values())
    form = seen["observation form"]
    focused = line_with(form, "Venue") + 1  # the venue (the workplace), focused
    assert form.buffer[focused][2].reverse and form.buffer[focused][2].data.strip()
    signoff = seen["sign-off"]
    box = line_with(signoff, "The candidate declares")
    assert "▐ ▌" in signoff.display[box]  # not ticked: an empty box, not an X told by colour
