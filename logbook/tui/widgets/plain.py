"""Text from a record or a file, shown as text: never read as markup, never sent raw.

Every string the app shows that came from a person or a file (a name, an activity, a unit title,
a file name, an error message quoting either) goes through `shown()`: it becomes a Rich `Text`,
which Textual never parses for markup (`Jo Smith [nee Jones]` stays whole, `[/]` cannot crash a
table), with its control characters in their visible form (`ESC` as `^[`, by the domain's
`visible`), so no escape sequence in the data reaches the terminal.

The widgets here apply it for the screens: `Plain` is a Static whose text is always shown plain,
`PlainTable` a DataTable whose cells are. A screen uses them where it would use Static and
DataTable, and `shown()` for anything else it hands to a widget (Select and option labels).
"""

from __future__ import annotations

from rich.text import Text
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


class Plain(Static):
    """A Static that shows its text as it is: no markup, control characters visible."""

    def __init__(self, content: object = "", **kwargs):
        kwargs.setdefault("markup", False)
        super().__init__(shown(content), **kwargs)

    def update(self, content: object = "", *, layout: bool = True) -> None:
        super().update(shown(content), layout=layout)


class PlainTable(DataTable):
    """A DataTable whose cells are shown as plain text (DataTable reads a str cell as markup)."""

    def add_row(self, *cells, **kwargs):
        return super().add_row(*(shown(cell, one_line=True) for cell in cells), **kwargs)

    def update_cell(self, row_key, column_key, value, **kwargs) -> None:
        super().update_cell(row_key, column_key, shown(value, one_line=True), **kwargs)

    def update_cell_at(self, coordinate, value, **kwargs) -> None:
        super().update_cell_at(coordinate, shown(value, one_line=True), **kwargs)
