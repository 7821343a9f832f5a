"""Choose which piece of evidence to open: enter on a locator row whose criterion is covered by
more than one. Each is listed by kind, date and what it is, in the locator's order; enter opens
the one highlighted, escape goes back to the locator."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from logbook.domain.dates import say_date
from logbook.domain.records import EVIDENCE_NAMES
from logbook.tui.widgets.plain import Plain, shown


class ChooseEvidenceScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, criterion: str, records: list):
        super().__init__()
        self.criterion = criterion
        self.records = records

    def compose(self) -> ComposeResult:
        with Vertical(id="choose-box"):
            yield Plain(
                shown(f"{self.criterion}: {len(self.records)} pieces of evidence", one_line=True),
                id="choose-title",
            )
            yield OptionList(
                *(
                    Option(
                        shown(
                            f"{EVIDENCE_NAMES.get(r.KIND, r.KIND)} {say_date(r.date)} · "
                            f"{r.summary[:60]}",
                            one_line=True,
                        ),
                        id=r.id,
                    )
                    for r in self.records
                ),
                id="choose-list",
            )
            yield Plain("↑↓ choose   enter open   esc back", classes="keys")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_back(self) -> None:
        self.dismiss(None)
