"""Text from a record or a file, shown as text: never read as markup, never sent raw.

Every string the app shows that came from a person or a file (a name, an activity, a unit title,
a file name, an error message quoting either) goes through `shown()`: it becomes a Rich `Text`,
which Textual never parses for markup (`Jo Smith [nee Jones]` stays whole, `[/]` cannot crash a
table), with its control characters in their visible form (`ESC` as `^[`, by the domain's
`visible`), so no escape sequence in the data reaches the terminal.

The widgets here apply it for the screens: `Plain` is a Static whose text is always shown plain,
`PlainTable` a DataTable whose cells are. A screen uses them where it would use Static and
DataTable, and `shown()` for anything else it hands to a widget (Select and option labels).

`PlainTable.fill` lays a whole list out a screenful first: the rows that show are added at once,
the rest a step at a time after, so a long list (a year of evidence) never keeps a key waiting.
"""

from __future__ import annotations

import asyncio
import queue
import threading

from rich.text import Text
from textual import events, work
from textual.message import Message
from textual.widgets import DataTable, Static

from logbook.domain.text import visible

_BREAKS = str.maketrans({"\n": " ", "\t": " "})


def shown(value: object, *, one_line: bool = False) -> Text:
    """`value` as plain text, its control characters visible; with `one_line`, line breaks and
    tabs become spaces (a table cell or an option label is one line)."""
    if isinstance(value, Text):
        return value
    text = visible(str(value))
    if one_line:
        text = text.translate(_BREAKS)
    return Text(text, end="")


def field_value(value: object) -> str:
    """A stored value put back into a one-line input for editing: what it shows is what the
    input holds, so a control character in it is its visible form there too."""
    return visible(str(value), multiline=False)


class StyledOnce:
    """For a screen: its first ScreenResume does not style every widget again. Textual sends
    it as the screen is pushed, once its widgets are mounted (and styled as they were), and
    restyles the whole screen: a third of the first frame's work of the overview and of a
    form. Coming back to the screen later, it restyles as usual."""

    _resumed = False

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.ScreenResume) and not self._resumed:
            self._resumed = True
            event.refresh_styles = False
        await super().on_event(event)


_LET_GO: queue.SimpleQueue | None = None


def _let_go(held: object) -> None:
    """Drop the last reference to `held` in a thread of its own, where freeing it costs the UI
    thread nothing."""
    global _LET_GO
    if _LET_GO is None:
        _LET_GO = queue.SimpleQueue()
        threading.Thread(target=_letting_go, args=(_LET_GO,), name="let-go", daemon=True).start()
    _LET_GO.put(held)


def _letting_go(held: queue.SimpleQueue) -> None:
    while True:
        held.get()  # and dropped at once


class Plain(Static):
    """A Static that shows its text as it is: no markup, control characters visible."""

    def __init__(self, content: object = "", **kwargs):
        kwargs.setdefault("markup", False)
        super().__init__(shown(content), **kwargs)

    def update(self, content: object = "", *, layout: bool = True) -> None:
        super().update(shown(content), layout=layout)


FILL_STEP = 50  # rows added at a time past the first screenful
FILL_PAUSE = 0.002  # seconds between steps: the table measures the rows of a step meanwhile
LET_GO_AT = 500  # rows from which a list cleared lets go of them in a thread


class PlainTable(DataTable):
    """A DataTable whose cells are shown as plain text (DataTable reads a str cell as markup)."""

    _filling: object = None  # the rows of the latest fill: an older fill still running stops

    class Filled(Message):
        """A fill done a step at a time has put its last row in."""

    def fill(
        self, rows: list[tuple[str, tuple]], keep: str | None = None, first: int | None = None
    ) -> None:
        """Replace the rows by `rows` (key, cells): `first` rows now (by default a screenful;
        0 for a table out of sight), the rest a step at a time (`_fill_rest`), so a key pressed
        meanwhile is answered first. The row keyed `keep` is highlighted again once it is in
        (the list filled again keeps its place)."""
        self._filling = rows
        self.clear()
        if first is None:
            first = self.app.size.height  # a screenful, whatever the table's height
        for key, cells in rows[:first]:
            self.add_row(*cells, key=key)
        self._keep(keep)
        if len(rows) > first:
            self._fill_rest(rows, first, keep)

    def clear(self, columns: bool = False):
        """Clear the table. A long list's rows are let go of in a thread: freeing the cells of
        5000 rows (a year of evidence filled again after a save) took the UI thread 6 to 17 ms;
        nothing else holds them."""
        if self.row_count >= LET_GO_AT:
            _let_go((self._data, self.rows, self._row_locations))
            self._data, self.rows = {}, {}
        return super().clear(columns)

    def _keep(self, key: str | None) -> bool:
        if key is None or key not in self.rows:
            return False
        self.move_cursor(row=self.get_row_index(key), animate=False)
        return True

    # described in words: by default Textual describes a worker by the repr of its arguments,
    # 5000 rows of them, which took longer than the fill itself
    @work(exclusive=True, group="table-fill", description="the rest of a list")
    async def _fill_rest(self, rows: list, start: int, keep: str | None) -> None:
        kept = keep is None or keep in self.rows
        for at in range(start, len(rows), FILL_STEP):
            # a real pause, not a bare yield: the table goes idle and measures the rows just
            # added (DataTable measures every row added since its last idle at once)
            await asyncio.sleep(FILL_PAUSE)
            if self._filling is not rows or not self.is_attached:
                return  # filled again meanwhile, or gone
            for key, cells in rows[at : at + FILL_STEP]:
                self.add_row(*cells, key=key)
            if not kept and self.cursor_row == 0:  # not moved by the user meanwhile
                kept = self._keep(keep)
        self.post_message(self.Filled())

    def add_row(self, *cells, **kwargs):
        return super().add_row(*(shown(cell, one_line=True) for cell in cells), **kwargs)

    def update_cell(self, row_key, column_key, value, **kwargs) -> None:
        super().update_cell(row_key, column_key, shown(value, one_line=True), **kwargs)

    def update_cell_at(self, coordinate, value, **kwargs) -> None:
        super().update_cell_at(coordinate, shown(value, one_line=True), **kwargs)
