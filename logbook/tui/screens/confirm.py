"""Ask before dropping unsaved typing."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from logbook.tui.widgets.plain import Plain


class ConfirmDiscardScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes, drop it"),
        Binding("n,escape", "answer(False)", "No, keep typing"),
    ]

    def __init__(
        self,
        question: str = "Drop what you typed? It has not been saved.",
        yes: str = "drop it and go back",
    ):
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Plain(self.question)
            yield Plain(f"y  {self.yes}      n  keep typing", classes="keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
