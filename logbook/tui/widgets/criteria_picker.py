"""Pick the criteria, knowledge and range items a piece of evidence shows, by code or by words.

Type part of a code (`205.1`, `er4`) or words (`busy period`); the list narrows as you type;
Enter adds the highlighted item (Up and Down move in the list from the search); Enter on an item
already picked unpicks it. The line above the search says what is picked; each item in the list says
whether the candidate's evidence already covers it, and by how many pieces of evidence, as the
domain's coverage counts them (evidence that does not count is not counted).
"""

from __future__ import annotations

from textual import events
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
OPTIONS_AT_ONCE = 10  # options put in the list as it is filled: more than its 7 lines show
OPTIONS_STEP = 50  # the rest, this many a frame
SIGNED_OFF = "signed off"
NOT_YET = "not yet"
CODE_WIDTH = 9
STATE_WIDTH = 10
LEGEND = "covered ×2: two pieces of evidence that count already show it; ✓ picked"


def covered_text(count: int) -> str:
    return f"covered ×{count}" if count else NOT_YET


class PickerOptions(OptionList, can_focus=False):
    """The list under the search: driven from the search (Up, Down, Enter), so Tab goes from
    the search straight to the next field."""


class PickerSearch(Input):
    """The picker's search. Enter picks here, in the order the keys came: over SSH a burst such
    as `205.2.3⏎205.2.4⏎` arrives at once, and an Enter left to the key bindings (run once the
    key has gone up to the app) would come after `205.2.4` was typed and pick neither."""

    def on_key(self, event: events.Key) -> None:
        picker = self.parent
        if event.key == "enter" and isinstance(picker, CriteriaPicker):
            event.stop()
            event.prevent_default()
            picker.pick_typed(self.value)
            self.value = ""  # ready for the next code


class CriteriaPicker(Vertical):
    DEFAULT_CLASSES = "criteria-picker"
    BINDINGS = [Binding("ctrl+d", "remove_last", "Unpick last", show=False)]
    _filled_for: str | None = None  # the search text the list was last filled for
    _filling: object = None  # the options of the latest fill: an older one still going stops

    class Changed(Message):
        def __init__(self, picker: CriteriaPicker):
            super().__init__()
            self.picker = picker

    def __init__(
        self,
        units: list[Unit],
        picked: list[Link] | None = None,
        *,
        covered: dict[Link, int] | None = None,
        signed_off: set[str] | frozenset[str] = frozenset(),
        **kwargs,
    ):
        """`covered`: how many pieces of counting evidence show each item already;
        `signed_off`: the codes of the units signed off."""
        super().__init__(**kwargs)
        # the units still to cover first: a signed-off unit's items are listed, marked, below
        self.units = [u for u in units if u.code not in signed_off] + [
            u for u in units if u.code in signed_off
        ]
        self.picked: list[Link] = list(picked or [])
        self.covered = covered or {}
        self.signed_off = signed_off
        self._choices = [
            (unit, item, normalise_code(item.code), item.text.casefold())
            for unit in self.units
            for item in unit.items
        ]

    def compose(self) -> ComposeResult:
        yield Plain("", classes="picker-picked")
        yield PickerSearch(
            placeholder="type a code or words, Enter to pick", classes="picker-search"
        )
        yield PickerOptions(classes="picker-options")

    def focus(self, scroll_visible: bool = True) -> CriteriaPicker:
        """Focusing the picker (a refused save pointing at it) puts the keys in its search."""
        self.query_one(Input).focus(scroll_visible)
        return self

    def on_mount(self) -> None:
        self._refill("")
        self._show_picked()

    def on_descendant_focus(self) -> None:
        """Coming to the search, the whole picker comes into view: what is picked above it and
        the list below it, at 24 rows too; the item Enter would pick is marked (-searching)."""
        for options in self.query(OptionList):  # none while the picker is being drawn
            options.add_class("-searching")
        target = self.parent if self.parent is not None else self
        self.call_after_refresh(target.scroll_visible, top=True, animate=False)

    def on_descendant_blur(self) -> None:
        for options in self.query(OptionList):  # none once the picker is taken away
            options.remove_class("-searching")

    def state(self, unit: Unit, link: Link) -> str:
        if unit.code in self.signed_off:
            return SIGNED_OFF
        return covered_text(self.covered.get(link, 0))

    def _refill(self, text: str) -> None:
        words = text.casefold().split()
        code = normalise_code(text)
        options = []
        for unit, item, item_code, item_text in self._choices:
            if words and code not in item_code and not all(w in item_text for w in words):
                continue
            link = Link(unit.code, item.code)
            mark = "✓ " if link in self.picked else "  "
            state = self.state(unit, link)
            # as text, never markup: the items come from the standards (a centre's file too)
            prompt = shown(
                f"{mark}{item.code:<{CODE_WIDTH}} {state:<{STATE_WIDTH}} {item.text}",
                one_line=True,
            )
            options.append(Option(prompt, id=f"{unit.code}|{item.code}"))
            if len(options) >= MAX_SHOWN:
                break
        option_list = self.query_one(OptionList)
        highlighted = option_list.highlighted
        same = text == self._filled_for  # an item toggled: stay on it
        at = highlighted if same and highlighted is not None and highlighted < len(options) else 0
        # the options the list shows (and the highlighted one) at once; the rest a step a
        # frame (`_add_rest`): the whole list of 200 cost the form's first frame 16 ms
        now = at + OPTIONS_AT_ONCE
        option_list.clear_options()
        option_list.add_options(options[:now])
        if options:
            option_list.highlighted = at
        self._filled_for = text
        self._filling = options
        if len(options) > now:
            self.call_after_refresh(self._add_rest, options, now)

    def _add_rest(self, options: list[Option], start: int) -> None:
        if self._filling is not options or not self.is_attached:
            return  # filled again meanwhile (a key typed in the search), or gone
        self.query_one(OptionList).add_options(options[start : start + OPTIONS_STEP])
        if len(options) > start + OPTIONS_STEP:
            self.call_after_refresh(self._add_rest, options, start + OPTIONS_STEP)

    def on_input_changed(self, event: Input.Changed) -> None:
        if "picker-search" in event.input.classes:
            event.stop()
            self._refill(event.value)

    def pick_typed(self, text: str) -> None:
        """Enter in the search: toggle the item highlighted for `text` (the list is filled for
        it first when its change has not reached the picker yet)."""
        if text != self._filled_for:
            self._refill(text)
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            self._toggle(option_list.get_option_at_index(option_list.highlighted).id)

    def on_key(self, event) -> None:
        search = self.query_one(".picker-search", Input)
        option_list = self.query_one(OptionList)
        if search.has_focus and event.key in ("down", "up", "pagedown", "pageup"):
            event.stop()
            event.prevent_default()
            {
                "down": option_list.action_cursor_down,
                "up": option_list.action_cursor_up,
                "pagedown": option_list.action_page_down,
                "pageup": option_list.action_page_up,
            }[event.key]()

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

    def show_coverage(self, covered: dict[Link, int], signed_off: set[str]) -> None:
        """What covers each item now (a save has added the evidence this form holds): each
        item's state said anew, the list where it was."""
        self.covered, self.signed_off = covered, signed_off
        self._refill(self.query_one(".picker-search", Input).value)

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
