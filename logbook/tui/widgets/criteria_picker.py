"""Pick the criteria, knowledge and range items a piece of evidence shows, by code or by words.

Type part of a code (`205.1`, `er4`) or words (`busy period`); the list narrows as you type;
Enter or space adds the highlighted item, Delete removes the last one picked.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from logbook.domain.records import Link
from logbook.domain.standards import Unit, normalise_code
from logbook.tui.widgets.plain import Plain, shown

MAX_SHOWN = 200


class CriteriaPicker(Vertical):
    DEFAULT_CLASSES = "criteria-picker"
    BINDINGS = [Binding("ctrl+d", "remove_last", "Unpick last", show=False)]

    class Changed(Message):
        def __init__(self, picker: CriteriaPicker):
            super().__init__()
            self.picker = picker

    def __init__(self, units: list[Unit], picked: list[Link] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.picked: list[Link] = list(picked or [])
        self._choices = [
            (unit, item, normalise_code(item.code), item.text.casefold())
            for unit in units
            for item in unit.items
        ]

    def compose(self) -> ComposeResult:
        yield Input(placeholder="type a code or words, Enter to pick", classes="picker-search")
        yield OptionList(classes="picker-options")
        yield Plain("", classes="picker-picked")

    def on_mount(self) -> None:
        self._refill("")
        self._show_picked()

    def on_input_changed(self, event: Input.Changed) -> None:
        if "picker-search" in event.input.classes:
            event.stop()
            self._refill(event.value)

    def _refill(self, text: str) -> None:
        words = text.casefold().split()
        code = normalise_code(text)
        options = []
        for unit, item, item_code, item_text in self._choices:
            if words and code not in item_code and not all(w in item_text for w in words):
                continue
            mark = "✓ " if Link(unit.code, item.code) in self.picked else "  "
            # as text, never markup: the items come from the standards (a centre's file too)
            prompt = shown(f"{mark}{item.code}  {item.text}", one_line=True)
            options.append(Option(prompt, id=f"{unit.code}|{item.code}"))
            if len(options) >= MAX_SHOWN:
                break
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options(options)
        if options:
            option_list.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if "picker-search" in event.input.classes:
            event.stop()
            option_list = self.query_one(OptionList)
            if option_list.highlighted is not None:
                self._toggle(option_list.get_option_at_index(option_list.highlighted).id)
                event.input.value = ""  # ready for the next code

    def on_key(self, event) -> None:
        search = self.query_one(".picker-search", Input)
        option_list = self.query_one(OptionList)
        if search.has_focus and event.key in ("down", "up"):
            event.stop()
            event.prevent_default()
            if event.key == "down":
                option_list.action_cursor_down()
            else:
                option_list.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._toggle(event.option.id)

    def _toggle(self, option_id: str | None) -> None:
        if not option_id:
            return
        unit, code = option_id.split("|", 1)
        link = Link(unit, code)
        if link in self.picked:
            self.picked.remove(link)
        else:
            self.picked.append(link)
        self._after_change()

    def action_remove_last(self) -> None:
        if self.picked:
            self.picked.pop()
            self._after_change()

    def _after_change(self) -> None:
        self._refill(self.query_one(".picker-search", Input).value)
        self._show_picked()
        self.post_message(self.Changed(self))

    def refresh_picked(self) -> None:
        """`picked` was set from outside (a form loaded from a record): show it."""
        self._after_change()

    def _show_picked(self) -> None:
        text = ", ".join(link.code for link in self.picked) or "nothing picked yet"
        self.query_one(".picker-picked", Plain).update(f"Picked: {text}")

    def pick(self, code: str) -> bool:
        """Pick an item by code, as an assessor would by typing it and pressing Enter."""
        wanted = normalise_code(code)
        for unit, item, item_code, _ in self._choices:
            if item_code == wanted:
                link = Link(unit.code, item.code)
                if link not in self.picked:
                    self.picked.append(link)
                    self._after_change()
                return True
        return False
