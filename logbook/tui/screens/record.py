"""One saved record, whole and read-only: every field, the witness behind a testimony, and its
corrections (the entries it replaced, each still readable). Opened with enter on the overview's
evidence list or locator.

`e` opens the record's own recording form filled from it: to edit it in place while it may
change, or, once the domain says it is sealed (`logbook.domain.changes.sealed_reason`: its unit
is signed off), to correct it with a reason. The screen shows the domain's reason; it holds no
rule of its own.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time
from types import UnionType
from typing import Annotated, Literal, Union, get_args, get_origin, get_type_hints

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header

from logbook.domain.changes import sealed_reason
from logbook.domain.dates import say_date
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import (
    EVIDENCE_NAMES,
    Link,
    Plan,
    QuestionAnswer,
    SignOff,
    Testimony,
    Witness,
)
from logbook.tui.unreadable import READ_ERRORS, cannot_open
from logbook.tui.widgets.plain import Plain

HIDDEN = {"kind", "id", "witness_id"}  # a testimony's witness is shown whole below it


def said(value) -> str:
    """A record's value in words, for reading."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return say_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, list):
        if value and all(isinstance(v, Link) for v in value):
            return ", ".join(link.code for link in value)
        if value and all(isinstance(v, QuestionAnswer) for v in value):
            return "".join(
                f"\n  {n}. {qa.question}\n     → {qa.answer}  [{said(qa.links)}]"
                for n, qa in enumerate(value, 1)
            )
        return ", ".join(map(said, value)) or "—"
    if dataclasses.is_dataclass(value):
        return "; ".join(
            f"{f.name.replace('_', ' ')} {said(getattr(value, f.name))}"
            for f in dataclasses.fields(value)
        )
    return str(value)


def is_choice(hint) -> bool:
    """A field whose values are the record model's fixed choices (a `Literal`), not free text."""
    while get_origin(hint) in (Annotated, Union, UnionType):
        hint = next(a for a in get_args(hint) if a is not type(None))
    return get_origin(hint) is Literal


def shown_value(record, field) -> str:
    value = said(getattr(record, field.name))
    if is_choice(get_type_hints(type(record), include_extras=True).get(field.name)):
        return value.replace("_", " ")  # real_work: real work, never a person's own text
    return value


def whole(record) -> str:
    """Every field of `record` that holds something, a line each (a correction's fields on a
    record never corrected, a simulation reason on real work: left out)."""
    lines = []
    for field in dataclasses.fields(record):
        value = shown_value(record, field)
        if field.name in HIDDEN or value == "—":
            continue
        lines.append(f"{field.name.replace('_', ' ').capitalize()}: {value}")
    return "\n".join(lines)


OTHER_NAMES = {"signoff": "sign-off", "plan": "assessment plan", "plan_review": "plan review"}


def kind_name(record) -> str:
    if isinstance(record, SignOff):
        return f"sign-off of unit {record.unit}"
    name = EVIDENCE_NAMES.get(record.KIND) or OTHER_NAMES.get(record.KIND)
    return name or record.KIND.replace("_", " ")


class RecordScreen(Screen):
    BINDINGS = [
        Binding("e", "change", "Edit or correct"),
        Binding("escape", "back", "Back"),
    ]
    # the portfolio handed by the overview (read once there); a save of the form opened from
    # here sets it (PortfolioSaved), and what is shown follows it
    portfolio: reactive[Portfolio | None] = reactive(None, init=False, always_update=True)

    def __init__(self, candidate_id: str, record_id: str, portfolio: Portfolio | None = None):
        super().__init__()
        self.candidate_id = candidate_id
        self.record_id = record_id
        self.set_reactive(RecordScreen.portfolio, portfolio)
        self.record = None
        self.logbook = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain("", id="record-title", classes="form-title")
        with VerticalScroll(classes="form"):
            yield Plain("", id="record-state")
            yield Plain("", id="record-fields")
            yield Plain("", id="record-witness")
            yield Plain("", id="record-history")
        yield Footer()

    def on_mount(self) -> None:
        if self.logbook is None:
            self.logbook = self.app.caseload.logbook(self.candidate_id)
        if self.portfolio is not None:
            self.show(self.portfolio)
        else:  # opened on its own, with no portfolio handed to it
            self.load()

    def watch_portfolio(self, portfolio: Portfolio | None) -> None:
        if portfolio is not None:
            self.show(portfolio)

    def follow(self, saved) -> None:
        """A save on this candidate (the form opened from here): the record as it now is."""
        self.portfolio = saved.portfolio

    @work(thread=True, exclusive=True, group="record")
    def load(self) -> None:
        try:
            portfolio = self.logbook.read(self.app.today)
        except READ_ERRORS as error:
            self.app.call_from_thread(self.say, cannot_open(error, self.logbook.path), "refused")
            return
        self.app.call_from_thread(setattr, self, "portfolio", portfolio)

    def say(self, text: str, state: str = "") -> None:
        if self.query("#record-state"):
            shown = self.query_one("#record-state", Plain)
            shown.update(text)
            shown.set_classes(state)

    def latest(self, portfolio: Portfolio, record_id: str):
        """The record, or the correction that now stands for it."""
        record = portfolio.find(record_id)
        seen = {record_id}
        while record is not None:
            newer = next(
                (r for r in portfolio.records if getattr(r, "corrects", "") == record.id), None
            )
            if newer is None or newer.id in seen:
                return record
            seen.add(newer.id)
            record = newer
        return None

    def show(self, portfolio: Portfolio) -> None:
        if not self.is_attached or not self.query("#record-fields"):
            return
        record = self.latest(portfolio, self.record_id)
        self.record = record
        if record is None:
            self.say("There is no such record in this logbook.", "refused")
            return
        self.record_id = record.id
        self.query_one("#record-title", Plain).update(
            f"{kind_name(record).capitalize()} · {portfolio.candidate.name}"
        )
        reason = sealed_reason(portfolio, record)
        if reason:
            self.say(f"Read-only: {reason}. e corrects it, saying why.", "saving")
        else:
            self.say("Not signed off: e edits it in place (the history keeps the change).")
        self.query_one("#record-fields", Plain).update(whole(record))
        witness = self.query_one("#record-witness", Plain)
        if isinstance(record, Testimony):
            behind = portfolio.witnesses.get(record.witness_id)
            witness.update(
                "\nThe witness behind it:\n" + (whole(behind) if behind else "— not in the logbook")
            )
        else:
            witness.update("")
        self.query_one("#record-history", Plain).update(self.history(portfolio, record))
        self.refresh_bindings()

    @staticmethod
    def history(portfolio: Portfolio, record) -> str:
        """The entries this record replaced, newest first, each whole."""
        parts = []
        old_id = getattr(record, "corrects", "")
        seen = set()
        while old_id and old_id not in seen:
            seen.add(old_id)
            old = portfolio.find(old_id)
            if old is None:
                parts.append(f"Corrects {old_id}, which is not in this logbook.")
                break
            parts.append(f"— replaced entry ({old.id}) —\n{whole(old)}")
            old_id = getattr(old, "corrects", "")
        if not parts:
            return "\nNo corrections."
        return "\nCorrections: the entries it replaced, as they were\n" + "\n\n".join(parts)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "change":
            return self.record is not None and self.form_for(self.record) is not None
        return True

    def form_for(self, record):
        """The form that records `record`'s kind, to be filled from it; None for a kind no
        form records (a plan's review, the candidate: the overview's e edits them)."""
        from logbook.tui.screens import registry

        if isinstance(record, SignOff):
            from logbook.tui.screens.signoff import SignOffScreen

            return SignOffScreen(self.candidate_id, record.unit)
        if isinstance(record, Plan):
            from logbook.tui.screens.plan import PlanScreen

            return PlanScreen(self.candidate_id)
        if isinstance(record, Witness):
            from logbook.tui.screens.witness import WitnessScreen

            return WitnessScreen(self.candidate_id, record.id)
        if record.KIND not in registry.SCREENS:
            return None
        return registry.evidence_screen(record.KIND, self.candidate_id)

    def action_change(self) -> None:
        record, portfolio = self.record, self.portfolio
        if record is None or portfolio is None:
            return
        screen = self.form_for(record)
        if screen is None:
            return
        screen.portfolio = portfolio  # read once: the form does not read the file again
        screen.logbook = self.logbook
        screen.open_on(record, correct=sealed_reason(portfolio, record) is not None)
        self.app.push_screen(screen)

    def action_back(self) -> None:
        self.dismiss()
