"""Keep a bracketed paste whole, however many escape characters it holds.

A terminal sends a paste as `ESC [200~ text ESC [201~`. Textual's input parser (Textual 8)
stops at an `ESC` inside the text and, not finding a key in what follows, sends those
characters on as key presses at once, `ESC` as `^`, while the rest of the paste waits for the
end marker. Pasting `a ESC[31mRED ESC[0m b` into a field then typed `^[31mRED^[0m b` and only
afterwards pasted `a `: the text came out reordered.

`PasteGuard` filters what the terminal sends before the parser reads it: inside a paste, an
`ESC` that does not start the end marker is passed as a stand-in character the parser keeps in
the paste; the driver turns it back into `ESC` in the Paste event it delivers. The app then
puts the whole paste, in order, in the field, its control characters shown as `^[`
(`logbook.tui.app.pasted_text`). Outside a paste nothing is changed or held back.
"""

from __future__ import annotations

import types

from textual import events
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

ESC = "\x1b"
PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
STAND_IN = "\ufdd0"  # a Unicode noncharacter, kept for a program's internal use


def _partial(text: str, marker: str) -> int:
    """The length of the longest end of `text` that begins `marker` (but is not all of it)."""
    for size in range(min(len(text), len(marker) - 1), 0, -1):
        if marker.startswith(text[-size:]):
            return size
    return 0


class PasteGuard:
    """Turns every ESC inside a bracketed paste, but the end marker's, into STAND_IN."""

    def __init__(self) -> None:
        self.in_paste = False
        self.seen = ""  # outside a paste: the end of what was passed on that may begin START
        self.held = ""  # inside a paste: the end of the data that may begin END, not passed yet

    def __call__(self, data: str) -> str:
        if not data:  # end of input: pass on whatever was held
            held, self.held = self.held, ""
            return held.replace(ESC, STAND_IN)
        out: list[str] = []
        while data:
            if not self.in_paste:
                joined = self.seen + data
                found = joined.find(PASTE_START)
                if found < 0:
                    out.append(data)
                    self.seen = joined[len(joined) - _partial(joined, PASTE_START) :]
                    break
                after = found + len(PASTE_START) - len(self.seen)  # where the paste begins
                out.append(data[:after])
                data, self.seen, self.in_paste = data[after:], "", True
            else:
                joined = self.held + data
                self.held = ""
                found = joined.find(PASTE_END)
                if found < 0:
                    keep = _partial(joined, PASTE_END)
                    out.append(joined[: len(joined) - keep].replace(ESC, STAND_IN))
                    self.held = joined[len(joined) - keep :]
                    break
                out.append(joined[:found].replace(ESC, STAND_IN) + PASTE_END)
                data, self.in_paste = joined[found + len(PASTE_END) :], False
        return "".join(out)


class PasteKeepingParser(XTermParser):
    """Textual's parser, reading the terminal's input through a PasteGuard."""

    def __init__(self, *args, **kwargs) -> None:
        self.guard = PasteGuard()
        super().__init__(*args, **kwargs)

    def feed(self, data: str):
        if not data:  # the end of input: what was held back, then the end
            held = self.guard("")
            if held:
                yield from super().feed(held)
            yield from super().feed("")
            return
        guarded = self.guard(data)
        if guarded:  # else all held back: it may be the start of a paste's end marker
            yield from super().feed(guarded)


def _reading_with(function, parser: type) -> types.FunctionType:
    """`function` (the driver's input loop) creating `parser` where it creates XTermParser."""
    if "XTermParser" not in function.__code__.co_names:
        raise RuntimeError("Textual's input loop no longer creates an XTermParser")
    namespace = {**function.__globals__, "XTermParser": parser}
    return types.FunctionType(
        function.__code__, namespace, function.__name__, function.__defaults__
    )


class PasteKeepingDriver(LinuxDriver):
    """The POSIX terminal driver, its paste events whole and in the order pasted."""

    run_input_thread = _reading_with(LinuxDriver.run_input_thread, PasteKeepingParser)

    def process_message(self, message) -> None:
        if isinstance(message, events.Paste):
            message.text = message.text.replace(STAND_IN, ESC)
        super().process_message(message)


def paste_keeping(driver: type) -> type:
    """The driver to run the app with: `driver`, keeping pastes whole where it reads a POSIX
    terminal (on Windows, or a driver chosen through TEXTUAL_DRIVER, `driver` as it is)."""
    return PasteKeepingDriver if driver is LinuxDriver else driver
