"""What the commands print, and how it reaches the terminal.

Names, activities, unit titles, file names and the error messages that quote them come from a
person or a file; none may reach the terminal as an escape sequence. `main` runs every command
with its standard output and error behind `VisibleText`, which writes each control character
in its visible form (`ESC` as `^[`, by the domain's `visible`): a stray `print` cannot send one
raw. `cell` does the same for one cell of a table, line breaks included, so that the columns
stay aligned. JSON output escapes what JSON requires (`\\u001b`) and, beyond that, every other
control character (DEL, C1, the marks that reorder text on screen), so it stays JSON, means the
same, and passes through `VisibleText` unchanged.
"""

from __future__ import annotations

import io
import json
import re
import sys
from contextlib import contextmanager

from logbook.domain.text import visible

_NOT_ASCII = re.compile("[\x7f-\U0010ffff]")


def cell(value) -> str:
    """One cell of a table: one line, its control characters visible."""
    return visible(str(value), multiline=False)


def _json_escape(match: re.Match) -> str:
    char = match.group()
    if visible(char) == char:
        return char
    return f"\\u{ord(char):04x}"  # only control characters, all in the BMP


def json_text(text: str) -> str:
    """JSON text `text` with every control character in a string written as a \\u escape (JSON
    itself writes those below U+0020 so; this adds DEL, C1 and the bidirectional marks)."""
    return _NOT_ASCII.sub(_json_escape, text)


def print_json(value) -> None:
    sys.stdout.write(json_text(json.dumps(value, indent=2, ensure_ascii=False)) + "\n")


class VisibleText(io.TextIOBase):
    """A text stream writing to `stream` with every control character made visible (but the
    line break and tab that lay out plain output)."""

    def __init__(self, stream):
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def buffer(self):
        """The bytes underneath, for output that is already safe (the export's JSON)."""
        return self.stream.buffer

    @property
    def encoding(self):
        return self.stream.encoding


@contextmanager
def visible_output():
    """Standard output and error behind VisibleText while a command runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleText(sys.stdout), VisibleText(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved  # VisibleText keeps nothing back: nothing to flush
