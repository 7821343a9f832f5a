"""One candidate: units with progress, the evidence list, the evidence locator and the gaps.

The overview owns the candidate's portfolio: read once, off the UI thread, held in a reactive the
tabs follow, and handed to every screen opened from here. A save there posts the portfolio it
made (logbook.tui.messages.PortfolioSaved); the file is read again only if it changed on disk.

Enter on a candidate is answered at once: the screen is drawn saying the logbook is being read,
and what the tabs show (`OverviewView`: the domain's coverage, gaps, plan and witness checks, as
rows of text) is worked out in a worker thread; the UI thread only puts it on screen, each list
a screenful first (`PlainTable.fill`). The domain and the store are imported by that worker, not
when the screen is pushed.
"""

from __future__ import annotations

import asyncio
import gc
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, TabbedContent, TabPane

from logbook.tui.messages import file_stamp
from logbook.tui.widgets.plain import Plain, PlainTable, StyledOnce

if TYPE_CHECKING:
    from logbook.domain.portfolio import Portfolio
    from logbook.tui.messages import PortfolioSaved

READING = "Reading the logbook…"

TITLE_ONLY_GAP = (
    "given by title only: its criteria are in the awarding body's unit specification "
    "(a centre can add them: logbook standards add)"
)


CHOOSE_KEY = "v: choose which version to keep"

RECORD = Binding.Group("record")
RECORD_KINDS = (
    ("o", "observation"),
    ("w", "witness"),
    ("t", "testimony"),
    ("d", "discussion"),
    ("q", "questions"),
    ("p", "work product"),
)


def record_keys() -> Text:
    """The keys that record evidence, each key in reverse video: one line at 80 columns."""
    parts: list = []
    for key, name in RECORD_KINDS:
        parts += [(key, "bold reverse"), f" {name} "]
    return Text.assemble(*parts, end="")


TAB_TITLES = {
    "units": "Units",
    "evidence": "Evidence",
    "locator": "Locator",
    "gaps": "Gaps",
    "witnesses": "Witnesses",
    "plan": "Plan",
}

# what each tab's key puts the focus in
FOCUS_IN = {
    "units": "units-table",
    "evidence": "evidence-table",
    "locator": "locator-table",
    "gaps": "gaps-scroll",
    "witnesses": "witness-table",
    "plan": "plan-table",
}


Rows = list[tuple[str, tuple]]  # (key, cells) for PlainTable.fill


@contextmanager
def kept_from_collection():
    """Run the block (in a worker: a logbook read, a portfolio saved and its view worked out)
    with the garbage collector held off, then freeze what it made with everything else
    (gc.freeze). A year of records is a heap of objects that live as long as the overview: a
    full collection in the midst of the read scanned every object of the app, and held the GIL
    (the UI thread) 360 ms at 5000 records, and the next one came on the UI thread, in the
    middle of a key. The overview unfreezes them when it closes (on_unmount)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@dataclass
class OverviewView:
    """What the tabs show for one portfolio, as text: worked out off the UI thread."""

    title: str
    reopened: str
    units: Rows
    evidence: Rows
    locator: Rows
    located: dict[str, list[str]]  # locator key -> the ids of the evidence that shows it
    gaps: str
    witnesses: Rows
    witness_said: dict[str, str]  # witness id -> why they cannot be used, whole; "" if they can
    plan_summary: str
    plan: Rows


def overview_view(portfolio: Portfolio, today) -> OverviewView:
    """Everything the tabs show, in words, from what the domain says of `portfolio` (its
    coverage, gaps, sign-offs, reopenings, witnesses and plan): run in a worker thread."""
    from logbook.domain.dates import say_date
    from logbook.domain.iqa import portfolio_reopenings
    from logbook.domain.records import EVIDENCE_NAMES, WITNESS_ROLE_NAMES, evidence_links
    from logbook.domain.standards import normalise_code
    from logbook.domain.witnesses import witness_problems

    candidate = portfolio.candidate
    progress = portfolio.progress()
    state = (
        "achieves the qualification"
        if progress.achieved
        else (f"{len(portfolio.signed_units)} of {len(portfolio.units)} units signed off")
    )
    title = (
        f"{candidate.name} · {candidate.registration_number} · "
        f"{portfolio.qualification.title} · {state}"
    )
    reopened = portfolio_reopenings(portfolio)  # an IQA's "disagree": back to the assessor
    units = []
    for unit in portfolio.units:
        coverage = portfolio.coverage(unit.code)
        signoff = portfolio.signoff_for(unit.code)
        if normalise_code(unit.code) in reopened:
            status = "reopened by IQA"
        elif signoff:
            status = f"signed off {say_date(signoff.date)}"
        elif coverage.complete:
            status = "ready to sign off"
        else:
            status = f"{len(coverage.missing)} missing"
        unit_title = f"title only · {unit.title}" if unit.title_only else unit.title
        units.append(
            (unit.code, (unit.code, f"{coverage.done}/{coverage.total}", status, unit_title))
        )
    evidence = []
    for record in sorted(portfolio.evidence, key=lambda r: r.date, reverse=True):
        links = ", ".join(link.code for link in evidence_links(record))
        cells = (
            say_date(record.date),
            EVIDENCE_NAMES[record.KIND],
            record.summary[:60],
            links[:60],
        )
        evidence.append((record.id, cells))
    locator = []
    located: dict[str, list[str]] = {}
    names = {r.id: f"{EVIDENCE_NAMES[r.KIND]} {say_date(r.date)}" for r in portfolio.evidence}
    for unit in portfolio.units:
        coverage = portfolio.coverage(unit.code)
        for item in unit.items:
            ids = coverage.evidence_for(item.code)
            key = f"{unit.code}/{item.code}"
            located[key] = list(ids)
            locator.append((key, (item.code, "; ".join(names[i] for i in ids) or "— missing")))
    gaps = []
    for unit in portfolio.units:
        coverage = portfolio.coverage(unit.code)
        if portfolio.is_signed_off(unit.code):
            continue
        if coverage.missing:
            codes = ", ".join(i.code for i in coverage.missing)
            gaps.append(f"{unit.code} {unit.title}\n  missing: {codes}")
            if unit.title_only:
                gaps.append(f"  {TITLE_ONLY_GAP}")
        for refusal in coverage.refused[:10]:
            gaps.append(f"  not counted for {refusal.code}: {refusal.reason}")
    if not progress.achieved:
        gaps.append("Qualification: " + "; ".join(progress.unmet))
    witnesses = []
    witness_said = {}
    for witness in portfolio.witnesses.values():
        problems = witness_problems(witness)
        cells = (
            witness.name,
            WITNESS_ROLE_NAMES.get(witness.role, witness.role) or "—",
            "yes" if not problems else problems[0][:70],
        )
        witnesses.append((witness.id, cells))
        witness_said[witness.id] = f"{witness.name}: " + "\n".join(problems) if problems else ""
    plan_summary, plan = plan_rows(portfolio, today)
    return OverviewView(
        title=title,
        reopened="\n".join(f"Unit {r.unit} {r}" for r in reopened.values()),
        units=units,
        evidence=evidence,
        locator=locator,
        located=located,
        # as text, never markup: titles come from the standards, a centre's file among them
        gaps="\n".join(gaps) or "Nothing missing.",
        witnesses=witnesses,
        witness_said=witness_said,
        plan_summary=plan_summary,
        plan=plan,
    )


def plan_rows(portfolio: Portfolio, today) -> tuple[str, Rows]:
    """The plan tab: the next visit and the plans, then every planned item, late first."""
    from logbook.domain.dates import say_date
    from logbook.domain.planning import plan_state

    state = plan_state(portfolio, today)
    lines = []
    latest = state.latest
    if latest is None:
        lines.append("No assessment plan yet: a makes and agrees one.")
    else:
        when = say_date(state.next_visit) if state.next_visit else "not set"
        past = " (past: review the plan)" if state.visit_past else ""
        lines.append(
            f"Next visit {when}{past} · {state.late} late · a new plan, r review, c correct"
        )
        agreed = (
            f" by {latest.agreed_by_candidate} and {latest.agreed_by_assessor}"
            if latest.agreed_by_candidate
            else ""
        )
        review = state.last_review
        reviewed = f" · reviewed {say_date(review.date)}" if review else ""
        lines.append(
            f"Plan agreed {say_date(latest.agreed_on)}{agreed}{reviewed}: "
            f"units {', '.join(latest.units)}"
        )
    rows = []
    for number, status in enumerate(state.statuses):
        codes = ", ".join(link.code for link in status.item.links)
        cells = (
            status.state,
            say_date(status.item.due) if status.item.due else "—",
            codes if len(codes) <= 24 else codes[:23] + "…",
            status.what[:80],
        )
        rows.append((f"{status.plan.id}|{number}", cells))
    for plan in portfolio.plans:
        if not plan.items:  # an older plan: no items, its units and date stand
            when = say_date(plan.planned_for) if plan.planned_for else "—"
            what = plan.activities or plan.expected_evidence or "older plan"
            rows.append((plan.id, ("older plan", when, ", ".join(plan.units), what[:80])))
    return "\n".join(lines), rows


class OverviewScreen(StyledOnce, Screen):
    # the footer at 80 columns shows these in this order: sign off, edit and export first, then
    # the six kinds of evidence as one group of keys (named in the line above the footer), the
    # way back, and the plan; reviewing and correcting the plan are named on the plan tab and in
    # the palette (the footer has no room for them whole)
    BINDINGS = [
        # the keys that open a screen act as they arrive (priority: no field here takes
        # letters), before the keys typed after them are handed on: those are for the screen
        # opened (`o`, then the observation, in one burst), which holds them till it is drawn
        Binding("s", "sign_off", "Sign off", priority=True),
        Binding("e", "edit_candidate", "Edit", priority=True),
        Binding("x", "export", "Export", priority=True),
        Binding("o", "record('observation')", "Observation", group=RECORD, priority=True),
        Binding("w", "record('witness')", "Witness", group=RECORD, priority=True),
        Binding("t", "record('testimony')", "Testimony", group=RECORD, priority=True),
        Binding("d", "record('discussion')", "Discussion", group=RECORD, priority=True),
        Binding("q", "record('questioning')", "Questions", group=RECORD, priority=True),
        Binding("p", "record('work_product')", "Work product", group=RECORD, priority=True),
        Binding("escape", "back", "Back"),
        Binding("a", "plan", "Plan", priority=True),
        Binding("r", "review_plan", "Review plan", show=False, priority=True),
        Binding("c", "correct_plan", "Correct plan", show=False, priority=True),
        Binding("v", "choose_versions", "Choose versions", show=False, priority=True),
        Binding("1", "tab('units')", "Units", show=False),
        Binding("2", "tab('evidence')", "Evidence", show=False),
        Binding("3", "tab('locator')", "Locator", show=False),
        Binding("4", "tab('gaps')", "Gaps", show=False),
        Binding("5", "tab('witnesses')", "Witnesses", show=False),
        Binding("6", "tab('plan')", "Plan items", show=False),
    ]

    # the candidate's portfolio, read once (off the UI thread) and handed to every screen
    # opened from here; a save anywhere on this candidate sets it (PortfolioSaved), and what
    # the tabs show follows it (watch_portfolio)
    portfolio: reactive[Portfolio | None] = reactive(None, init=False, always_update=True)
    _to_mount: list | None = None  # what is still to be mounted, a part a frame (on_mount)

    def __init__(self, candidate_id: str):
        super().__init__()
        self.candidate_id = candidate_id
        self.stamp = None  # the file as it was when the portfolio was read (file_stamp)
        self.problem = ""  # why the logbook could not be read or a form not opened, if so
        self.flags_said: list[str] = []  # what a sync's merge left in the logbook
        self.located: dict[str, list[str]] = {}  # the locator's rows: the evidence of each
        self.witness_said: dict[str, str] = {}  # why each witness cannot be used, whole
        self._view: OverviewView | None = None  # worked out with the portfolio being set
        self._prepared: tuple | None = None  # (portfolio, its view) worked out by a save
        self._on_read = None  # a key pressed while the logbook is being read: done once read
        # the keys typed after it, for the screen it opens (`hold`); None when none is kept
        self._typed_ahead: list | None = None
        self._waiting = None  # what to show once every part of the screen is mounted

    @property
    def logbook(self):
        return self.app.caseload.logbook(self.candidate_id)

    def compose(self) -> ComposeResult:
        # the first frame: the title saying the logbook is being read, the keys and the footer;
        # the tabs come the frame after, then each tab's list or text a frame at a time
        # (`_mount_next`): Textual styles, lays out and draws a screen of widgets in one go,
        # and the whole overview at once kept Enter waiting 25 to 30 ms of UI-thread work
        yield Header()
        yield Plain(READING, id="overview-title")
        yield Plain("", id="overview-problem")
        yield Plain("", id="overview-reopened")
        yield Plain(record_keys(), id="record-keys", classes="keys")
        yield Footer()

    @staticmethod
    def _tab_contents() -> list[tuple[str, list]]:
        """Each tab's id and what it holds, in the order they are mounted."""
        return [
            ("units", [PlainTable(id="units-table", cursor_type="row")]),
            ("evidence", [PlainTable(id="evidence-table", cursor_type="row")]),
            ("locator", [PlainTable(id="locator-table", cursor_type="row")]),
            ("gaps", [VerticalScroll(Plain("", id="gaps-text"), id="gaps-scroll")]),
            (
                "witnesses",
                [
                    Plain(
                        "enter on a witness: answer, complete or correct their status statement",
                        classes="keys",
                    ),
                    PlainTable(id="witness-table", cursor_type="row"),
                    Plain("", id="witness-said"),
                ],
            ),
            (
                "plan",
                [Plain("", id="plan-summary"), PlainTable(id="plan-table", cursor_type="row")],
            ),
        ]

    def on_mount(self) -> None:
        self._to_mount = self._tab_contents()
        self._lock = asyncio.Lock()  # one part mounted at a time
        self.call_after_refresh(self._mount_next)
        # the read starts once the screen is drawn: a worker thread reading meanwhile would
        # hold the GIL half the time Textual lays the screen out
        self.call_after_refresh(self.load)

    @property
    def whole(self) -> bool:
        return self._to_mount is not None and not self._to_mount and not self._lock.locked()

    async def _mount_part(self) -> None:
        """Mount the next part of the screen: first the tabs, empty, then what each holds."""
        if not self.is_attached or not self._to_mount:
            return
        tab, widgets = self._to_mount[0]
        if not self.query(TabbedContent):
            # the tab bar with the first tab's pane alone: the six panes at once were 44
            # widgets to lay out and draw in that frame, 16 to 19 ms of UI-thread work
            tabs = TabbedContent(initial=tab)
            tabs.compose_add_child(self._pane(tab))
            await self.mount(tabs, before="#record-keys")
            return
        if not self.query(f"TabPane#{tab}"):  # each other tab's pane, a frame before its list
            await self.query_one(TabbedContent).add_pane(self._pane(tab))
            return
        self._to_mount.pop(0)
        await self.query_one(f"#{tab}", TabPane).mount_all(widgets)
        self._mounted(tab)

    @staticmethod
    def _pane(tab: str) -> TabPane:
        """The tab's pane, titled with its number (its key) and name."""
        number = list(TAB_TITLES).index(tab) + 1
        return TabPane(f"{number} {TAB_TITLES[tab]}", id=tab)

    async def _mount_next(self) -> None:
        async with self._lock:
            await self._mount_part()
        self._if_whole()
        if self._to_mount:
            self.call_after_refresh(self._mount_next)

    async def whole_screen(self) -> None:
        """Mount now every part still to come, for a key that needs them (a tab's key)."""
        async with self._lock:
            while self._to_mount and self.is_attached:
                await self._mount_part()
        self._if_whole()

    def _if_whole(self) -> None:
        if self.whole and self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            waiting()

    def when_whole(self, then) -> None:
        """Do `then` once every part is mounted: at once if it is (the latest wins)."""
        if self.whole:
            then()
        else:
            self._waiting = then

    def _mounted(self, tab: str) -> None:
        """A tab's contents are in: its list gets its columns (the units' list the focus)."""
        columns = {
            "units": ("units-table", ("Unit", "Covered", "Status", "Title")),
            "evidence": ("evidence-table", ("Date", "Kind", "What", "Links")),
            "locator": ("locator-table", ("Criterion", "Evidence")),
            "witnesses": ("witness-table", ("Witness", "Role", "Can be used")),
            "plan": ("plan-table", ("State", "Due", "Criteria", "What")),
        }
        if tab in columns:
            table, names = columns[tab]
            self.query_one(f"#{table}", PlainTable).add_columns(*names)
        if tab == "units" and self.focused is None:
            self.query_one("#units-table", DataTable).focus()  # Down moves in the units at once

    def on_screen_resume(self) -> None:
        """Come back to from a form: what was saved there is here already (PortfolioSaved);
        the file is read again only if it changed on disk since (another program, another
        terminal). The first read starts in on_mount, once the tables exist to be filled."""
        if (self.portfolio is not None or self.problem) and not self.unchanged_on_disk():
            self.load()

    def not_read_yet(self, action) -> bool:
        """True if there is no logbook to act on: while it is being read, a key pressed (`o`
        right after Enter) is kept and done once it is read, not lost, and what is typed after
        it is kept for the screen it opens (`hold`); nothing is done if the logbook cannot be
        read."""
        if self.portfolio is not None:
            return False
        if not self.problem:
            self._on_read = action
            self._typed_ahead = []
        return True

    def hold(self, event) -> bool:
        """Called by the app (logbook.tui.app.LogbookApp.on_event) for every key, paste and
        click before it is handed on: once a key that opens a screen is kept while the logbook
        is read (`not_read_yet`), what is typed after it is meant for that screen (`o`, then
        the observation typed at once), not for this one, where its letters are keys (`t`, a
        testimony; `s`, a sign-off). It is kept, in order, and handed to the screen once it is
        open (`_push`). Quitting is never held: a read that does not end must not keep the
        assessor in."""
        if self._typed_ahead is None:
            return False
        if isinstance(event, events.Key) and event.key in ("ctrl+q", "ctrl+c"):
            return False
        self._typed_ahead.append(event)
        return True

    def _do_pending(self, pending) -> None:
        pending()
        if self.app.screen is self:  # it opened nothing (yet): what was typed is this screen's
            self._hand_on(self._typed_ahead_taken())

    def _typed_ahead_taken(self) -> list:
        typed, self._typed_ahead = self._typed_ahead or [], None
        return typed

    def _hand_on(self, typed: list, to=None) -> None:
        """The keys typed ahead handed on in order, in the turn of `to` (the screen just
        opened: after it is composed, so a form drawn a part a frame holds them in turn), or
        of this screen."""
        if typed:
            (to or self).call_after_refresh(self.app.hand_on, typed)

    def unchanged_on_disk(self) -> bool:
        return self.stamp is not None and file_stamp(self.logbook.path) == self.stamp

    @work(thread=True, exclusive=True, group="overview")
    def load(self) -> None:
        from logbook.store.merges import flags as merge_flags
        from logbook.tui.unreadable import READ_ERRORS

        stamp = file_stamp(self.logbook.path)  # before the read: a change meanwhile is seen
        try:
            with kept_from_collection():
                portfolio = self.logbook.read(self.app.today)
                portfolio.summary()  # works out coverage off the UI thread
                # what a sync's merge left: "2 versions: choose", a rule broken after a merge
                said = merge_flags(self.logbook.path)
                flags_said = [f.text for f in said]
                if any(f.kind == "choose" for f in said):
                    flags_said.append(CHOOSE_KEY)
                view = overview_view(portfolio, self.app.today)
        except READ_ERRORS as error:  # damaged or taken away since the caseload was read
            self.app.call_from_thread(self._unreadable, error)
            return
        self.app.call_from_thread(self._loaded, portfolio, stamp, view, flags_said)

    def _loaded(self, portfolio: Portfolio, stamp, view=None, flags_said=None) -> None:
        if not self.is_attached or not self.query("#overview-title"):
            return  # closed (or the app quit) while the logbook was being read
        self.stamp = stamp
        if flags_said is not None:
            self.flags_said = flags_said
        self.say_problem("")
        self._view = view  # worked out with the portfolio: shown as it is set
        self.portfolio = portfolio
        pending, self._on_read = self._on_read, None
        if pending is not None and self.app.screen is self:
            self.call_after_refresh(self._do_pending, pending)
        else:
            self._hand_on(self._typed_ahead_taken())

    def prepare_to_follow(self, portfolio: Portfolio) -> None:
        """In a form's save worker (FormScreen.prepare_followers): what the tabs will show of
        the portfolio the save made, worked out there rather than on the UI thread."""
        self._prepared = (portfolio, overview_view(portfolio, self.app.today))

    def follow(self, saved: PortfolioSaved) -> None:
        """A save on this candidate, made from a screen opened from here."""
        self.stamp = saved.stamp
        self.say_problem("")
        prepared, self._prepared = self._prepared, None
        self._view = prepared[1] if prepared and prepared[0] is saved.portfolio else None
        self.portfolio = saved.portfolio

    def watch_portfolio(self, portfolio: Portfolio | None) -> None:
        if portfolio is None:
            return
        view, self._view = self._view, None
        if view is not None:
            self._show(view)
        else:  # a portfolio a form saved: what the tabs show is worked out in a worker
            self._prepare_view(portfolio)

    # described in words: Textual describes a worker by the repr of its arguments, here a
    # whole portfolio (5000 records of it), on the UI thread
    @work(thread=True, exclusive=True, group="overview-view", description="the overview's view")
    def _prepare_view(self, portfolio: Portfolio) -> None:
        with kept_from_collection():
            view = overview_view(portfolio, self.app.today)
        self.app.call_from_thread(self._view_ready, portfolio, view)

    def _view_ready(self, portfolio: Portfolio, view: OverviewView) -> None:
        if portfolio is self.portfolio:  # else a newer portfolio's view is on its way
            self._show(view)

    def _unreadable(self, error: BaseException) -> None:
        """The logbook cannot be read: say which file and why, show nothing of it (what was
        shown before may no longer be what the file holds), offer no form to record into."""
        from logbook.tui.unreadable import cannot_open

        if not self.is_attached or not self.query("#overview-problem"):
            return
        self.portfolio = None
        self.stamp = None
        self._on_read = None
        self._typed_ahead = None  # meant for a screen that does not open
        self.say_problem(cannot_open(error, self.logbook.path))
        self.query_one("#overview-title", Plain).update(self.logbook.path.name)
        self.when_whole(self._show_nothing)

    def _show_nothing(self) -> None:
        for table in self.query(PlainTable):
            table.fill([])
        self.query_one("#gaps-text", Plain).update("")

    def say_problem(self, message: str) -> None:
        self.problem = message
        shown = self.query_one("#overview-problem", Plain)
        shown.update(message)
        shown.set_class(bool(message), "refused")

    def open_screen(self, screen, on=None, correct: bool = False) -> None:
        """Push a screen on this candidate, handing it the portfolio read once. Only when the
        file changed on disk since (another program wrote it, or damaged it) is it read again
        first, in a worker; a logbook that cannot be read is said here instead, and nothing
        opens."""
        if self.unchanged_on_disk():
            self._push(screen, on, correct)
        else:
            self._read_then_open(screen, on, correct)

    @work(thread=True, exclusive=True, group="overview-open", description="read, then open")
    def _read_then_open(self, screen, on, correct: bool) -> None:
        from logbook.tui.unreadable import READ_ERRORS, cannot_open

        stamp = file_stamp(self.logbook.path)
        try:
            with kept_from_collection():
                portfolio = self.logbook.read(self.app.today)
                portfolio.summary()
                view = overview_view(portfolio, self.app.today)
        except READ_ERRORS as error:
            self.app.call_from_thread(self.say_problem, cannot_open(error, self.logbook.path))
            return
        self.app.call_from_thread(self._read_and_open, portfolio, stamp, view, screen, on, correct)

    def _read_and_open(self, portfolio, stamp, view, screen, on, correct: bool) -> None:
        if not self.is_current:
            return  # left (or another screen opened) while the file was read
        self._loaded(portfolio, stamp, view)
        self._push(screen, on, correct)

    def _push(self, screen, on, correct: bool) -> None:
        screen.portfolio = self.portfolio
        screen.logbook = self.logbook
        if on is not None:  # a form opened on a saved record: to change, or to correct it
            screen.open_on(on(self.portfolio), correct=correct)
        self.app.push_screen(screen)
        self._hand_on(self._typed_ahead_taken(), to=screen)

    def _show(self, view: OverviewView) -> None:
        """Put `view` on screen: each list keeps its highlighted row (by key) when filled
        again, a screenful at once and the rest after (PlainTable.fill)."""
        if not self.is_attached or not self.query("#overview-title"):
            return
        self.app.warn_of_refused_standards()
        if self.flags_said:  # said where a problem is said, but it is not one: nothing is lost
            shown = self.query_one("#overview-problem", Plain)
            shown.update("\n".join(self.flags_said))
            shown.set_class(True, "refused")
        self.query_one("#overview-title", Plain).update(view.title)
        said = self.query_one("#overview-reopened", Plain)
        said.update(view.reopened)
        said.set_class(bool(view.reopened), "refused")
        self.located = view.located
        self.witness_said = view.witness_said
        # the tabs' lists and texts once every tab is mounted (the lines above: at once)
        self.when_whole(lambda: self._show_tabs(view))

    def _show_tabs(self, view: OverviewView) -> None:
        if not self.is_attached:
            return
        # the list in sight gets a screenful at once; the others (and all of them while a form
        # is open over this screen) are filled a step at a time
        in_sight = FOCUS_IN.get(self.query_one(TabbedContent).active) if self.is_current else ""
        for table, rows in (
            ("units-table", view.units),
            ("evidence-table", view.evidence),
            ("locator-table", view.locator),
            ("witness-table", view.witnesses),
            ("plan-table", view.plan),
        ):
            shown_in = self.query_one(f"#{table}", PlainTable)
            first = None if table == in_sight else 0
            shown_in.fill(rows, keep=self._highlighted(shown_in), first=first)
        self.query_one("#gaps-text", Plain).update(view.gaps)
        self.query_one("#plan-summary", Plain).update(view.plan_summary)
        self._say_witness()  # the witness highlighted may be one saved just now
        # a year of records is a heap of objects that live as long as this screen: kept out of
        # the garbage collector's full passes (each one a pause of the UI thread of 100 ms and
        # more at 5000 records) until the screen closes (on_unmount)
        gc.freeze()

    def on_plain_table_filled(self) -> None:
        """A list filled to its last row: its rows (5000 of them for a year of evidence) are
        frozen too, kept out of the full collections that would scan them in the middle of a
        key (63 ms at 5000 records as the observation form opened)."""
        gc.freeze()

    def on_unmount(self) -> None:
        gc.unfreeze()  # what this screen held is collected again as usual

    @staticmethod
    def _highlighted(table: DataTable) -> str | None:
        """The key of the row `table` has highlighted, to keep when it is filled again: back
        from signing off a unit, the unit signed off is still the one selected."""
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value

    def action_back(self) -> None:
        self.dismiss()

    async def action_tab(self, tab: str) -> None:
        """Show the tab and put the focus in its list, so Down moves in it (not on the tab
        bar, where it does nothing)."""
        await self.whole_screen()
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#{FOCUS_IN[tab]}").focus()
        if tab == "witnesses":
            self._say_witness()  # its list filled while out of sight

    def _selected_unit(self) -> str | None:
        if not self.whole:
            return None  # none chosen yet
        table = self.query_one("#units-table", DataTable)
        if not table.row_count or self.query_one(TabbedContent).active != "units":
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value

    def action_record(self, kind: str) -> None:
        if self.not_read_yet(lambda: self.action_record(kind)):
            return
        from logbook.tui.screens import registry

        self.open_screen(registry.evidence_screen(kind, self.candidate_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a witness: their statement of status, to complete or correct. Enter on a
        piece of evidence (or a criterion of the locator: its evidence, chosen from a list when
        there are several): the record, whole, to read, edit or correct."""
        if self.portfolio is None:
            return
        table = event.data_table.id
        if table == "units-table":  # enter on a signed-off unit: its sign-off, to correct
            signoff = self.portfolio.signoff_for(event.row_key.value)
            if signoff is not None:
                from logbook.tui.screens.record import RecordScreen

                self.open_screen(RecordScreen(self.candidate_id, signoff.id))
            return
        if table == "plan-table":  # enter on a planned item: review its plan
            from logbook.tui.screens.plan_review import PlanReviewScreen

            plan_id = event.row_key.value.split("|")[0]
            self.open_screen(PlanReviewScreen(self.candidate_id, plan_id))
            return
        if table in ("evidence-table", "locator-table"):
            from logbook.tui.screens.record import RecordScreen

            ids = (
                [event.row_key.value]
                if table == "evidence-table"
                else self.located.get(event.row_key.value, [])
            )

            def open_record(record_id: str | None) -> None:
                if record_id and self.portfolio is not None:
                    self.open_screen(RecordScreen(self.candidate_id, record_id))

            if len(ids) > 1:  # a criterion covered several times: the assessor chooses
                from logbook.tui.screens.choose_evidence import ChooseEvidenceScreen

                found = [self.portfolio.find(i) for i in ids]
                criterion = event.row_key.value.split("/", 1)[1]
                self.app.push_screen(
                    ChooseEvidenceScreen(criterion, [r for r in found if r is not None]),
                    open_record,
                )
            elif ids:
                open_record(ids[0])
            return
        if table != "witness-table":
            return
        from logbook.tui.screens.witness import WitnessScreen

        self.open_screen(WitnessScreen(self.candidate_id, event.row_key.value))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "witness-table":
            self._say_witness()

    def _say_witness(self) -> None:
        """The witness highlighted: why they cannot be used, whole, under the list (its column
        holds the first 70 characters of the first reason); nothing when they can be."""
        if not self.whole:
            return
        key = self._highlighted(self.query_one("#witness-table", DataTable))
        said = self.witness_said.get(key, "") if key is not None else ""
        self.query_one("#witness-said", Plain).update(said)

    def action_sign_off(self) -> None:
        if self.not_read_yet(self.action_sign_off):
            return
        from logbook.tui.screens.signoff import SignOffScreen

        unit = self._selected_unit() or next(
            (u.code for u in self.portfolio.units if not self.portfolio.is_signed_off(u.code)),
            self.portfolio.units[0].code if self.portfolio.units else "",  # none chosen yet
        )
        self.open_screen(SignOffScreen(self.candidate_id, unit))

    def action_plan(self) -> None:
        if self.not_read_yet(self.action_plan):
            return
        from logbook.tui.screens.plan import PlanScreen

        self.open_screen(PlanScreen(self.candidate_id))

    def action_review_plan(self) -> None:
        if self.not_read_yet(self.action_review_plan):
            return
        from logbook.tui.screens.plan_review import PlanReviewScreen

        self.open_screen(PlanReviewScreen(self.candidate_id))

    def _selected_plan(self):
        """The plan of the planned item highlighted on the plan tab, else the latest."""
        table = self.query_one("#plan-table", DataTable) if self.whole else None
        if table is not None and table.row_count and self.query_one(TabbedContent).active == "plan":
            key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
            plan_id = key.split("|")[0]
            found = next((p for p in self.portfolio.plans if p.id == plan_id), None)
            if found is not None:
                return found
        from logbook.domain.planning import latest_plan

        return latest_plan(self.portfolio)

    def action_correct_plan(self) -> None:
        """An agreed plan is never rewritten: it is corrected, saying why, through the plan
        form opened on it (the plan as first agreed stays readable)."""
        if self.not_read_yet(self.action_correct_plan):
            return
        from logbook.domain.planning import latest_plan

        plan = self._selected_plan()
        if plan is None:
            self.say_problem("No assessment plan yet: a makes and agrees one.")
            return
        from logbook.tui.screens.plan import PlanScreen

        plan_id = plan.id
        self.open_screen(
            PlanScreen(self.candidate_id),
            on=lambda p: next((x for x in p.plans if x.id == plan_id), None) or latest_plan(p),
            correct=True,
        )

    def action_edit_candidate(self) -> None:
        """The candidate's details, in the registration form opened on their record."""
        if self.not_read_yet(self.action_edit_candidate):
            return
        from logbook.tui.screens.candidate import CandidateScreen

        self.open_screen(CandidateScreen(self.candidate_id), on=lambda p: p.candidate)

    def action_choose_versions(self) -> None:
        """The versions a sync kept of a field ("2 versions: choose"), to keep one of."""
        if self.not_read_yet(self.action_choose_versions):
            return
        if not any(text == CHOOSE_KEY for text in self.flags_said):
            self.notify("Nothing to choose: no field of this logbook is kept twice.")
            return
        from logbook.tui.screens.choose_version import ChooseVersionScreen

        self.app.push_screen(ChooseVersionScreen(self.candidate_id), self._chosen)

    def _chosen(self, saved: int | None) -> None:
        if saved:  # the file changed: read again, flags and all
            self.flags_said = []
            self.say_problem("")
            self.load()

    def action_export(self) -> None:
        from logbook.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(candidate_id=self.candidate_id))
