"""A table given a page of rows at once that lays out only what is in view or about to be.

Laying a row out in a DataTable (its cells made, measured, kept) costs some tens of
microseconds: a page of 500 rows was about 40 ms of the UI thread after every filter key and at
start, most of it for rows nobody scrolled to. `PageTable.show` lays out a screenful and keeps
the rest of the page waiting; the rows are laid out as the cursor, page down, ctrl+end or
the view (a mouse wheel, the scrollbar) comes near them. The scrollbar and ctrl+end count
the whole page from the start: the table is as tall as the page, the rows not yet laid out are
blank lines until they come into view, and they are laid out before they can be seen.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from textual.geometry import Size

from logbook.tui.widgets.plain import PlainTable

AHEAD = 1  # screenfuls laid out past the cursor or the view


class PageTable(PlainTable):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._waiting: list[tuple[str, Sequence]] = []  # (key, cells) not laid out yet, in order
        self._next = 0  # the first of them
        # set once the table's lines are first drawn: the first frame is on its way to the
        # terminal (a worker can wait for it, rather than compete with it)
        self.drawn = threading.Event()

    @property
    def rows_waiting(self) -> int:
        """How many rows of the page are not laid out yet."""
        return len(self._waiting) - self._next

    def _screenful(self) -> int:
        return max(self.size.height, self.app.size.height, 1)

    def show(self, rows: Sequence[tuple[str, Sequence]], upto: int | None = None) -> None:
        """Put this page of (key, cells) rows in the table in place of what it held: the
        first `upto` (a screenful if not said: the view is at the top) laid out now, the rest
        when reached (the cursor, the view or ctrl+end lay out the screenful after the one they
        come to before it is seen). A screenful, not two: laying out and measuring a row is
        some 0.1 ms, at start and after every filter key."""
        self._waiting, self._next = [], 0  # clearing scrolls to the top: nothing to lay out
        self.clear()
        self._waiting = list(rows)
        self.lay_out(upto if upto is not None else self._screenful())

    def lay_out(self, upto: int | None = None) -> None:
        """Lay out the waiting rows until the table holds `upto` rows (every row if None)."""
        end = len(self._waiting)
        if upto is not None:
            end = min(end, self._next + upto - self.row_count)
        add = self.add_row
        for key, cells in self._waiting[self._next : end]:
            add(*cells, key=key)
        if end > self._next:
            self._next = end
            if self._next == len(self._waiting):
                self._waiting, self._next = [], 0

    def lay_out_to_index(self, index: int) -> None:
        """The rows up to `index` and the screenfuls after it laid out."""
        self.lay_out(index + 1 + AHEAD * self._screenful())

    def index_of(self, key: str) -> int | None:
        """Where the row `key` is in the page, laid out or not."""
        if key in self.rows:
            return self.get_row_index(key)
        for at in range(self._next, len(self._waiting)):
            if self._waiting[at][0] == key:
                return self.row_count + at - self._next
        return None

    def render_lines(self, crop):
        lines = super().render_lines(crop)
        self.drawn.set()
        return lines

    # the page's height counts the rows not laid out yet ----------------------------------------

    def _update_dimensions(self, new_rows) -> None:
        super()._update_dimensions(new_rows)
        if self.rows_waiting:
            size = self.virtual_size
            self.virtual_size = Size(size.width, size.height + self.rows_waiting)

    # what reaches rows not laid out yet ----------------------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.rows_waiting:
            self.lay_out(int(new_value) + (1 + AHEAD) * self._screenful())

    def action_cursor_down(self) -> None:
        if self.rows_waiting:
            self.lay_out_to_index(self.cursor_row + 1)
        super().action_cursor_down()

    def action_page_down(self) -> None:
        if self.rows_waiting:
            self.lay_out_to_index(self.cursor_row + self._screenful())
        super().action_page_down()

    def action_scroll_bottom(self) -> None:
        self.lay_out()
        super().action_scroll_bottom()
