"""One of a few choices, each picked with its own key: `c` colleague, `y` yes, `n` not yet
competent. Left and right move between them; nothing is chosen until a key is pressed (a form
that needs an answer does not get one by default). The chosen one is marked with ● and shown in
reverse video, so it reads the same in 8 colours and with NO_COLOR."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


@dataclass(frozen=True)
class Choice:
    keys: str  # the keys that pick it, the first shown: "ls" picks with l or s
    label: str
    value: str


class KeyChoice(Widget, can_focus=True):
    DEFAULT_CLASSES = "key-choice"
    BINDINGS = [
        Binding("left", "move(-1)", "Previous choice", show=False),
        Binding("right", "move(1)", "Next choice", show=False),
    ]
    value: reactive[str] = reactive("")

    class Changed(Message):
        def __init__(self, choice: KeyChoice, value: str):
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> KeyChoice:
            return self.choice

    def __init__(self, choices: list[Choice], value: str = "", **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self._by_key = {key: c.value for c in choices for key in c.keys}
        self.set_reactive(KeyChoice.value, value)

    def _lines(self, width: int) -> list[list[tuple[str, str]]]:
        """The choices, packed into lines of `width` without breaking one across two lines."""
        lines: list[list[tuple[str, str]]] = [[]]
        used = 0
        for choice in self.choices:
            chosen = choice.value == self.value and self.value != ""
            label = f"{'●' if chosen else '○'} {choice.keys[0]} {choice.label}"
            needed = len(label) + (2 if lines[-1] else 0)
            if lines[-1] and width > 0 and used + needed > width:
                lines.append([])
                used, needed = 0, len(label)
            if lines[-1]:
                lines[-1].append(("  ", ""))
            lines[-1].append((label, "bold reverse" if chosen else ""))
            used += needed
        return lines

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        lines = self._lines(self.content_size.width)
        return Content("\n").join(Content.assemble(*line) for line in lines)

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))

    def on_key(self, event: events.Key) -> None:
        key = (event.character or "").lower()
        if key in self._by_key:
            event.stop()
            event.prevent_default()
            self.value = self._by_key[key]

    def action_move(self, step: int) -> None:
        values = [c.value for c in self.choices]
        if self.value in values:
            self.value = values[(values.index(self.value) + step) % len(values)]
        else:
            self.value = values[0 if step > 0 else -1]
