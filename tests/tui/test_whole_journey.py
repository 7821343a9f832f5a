"""One candidate's whole journey through the app, key by key at 80x24, as an assessor works it.

Issue 10, "Done when": "A test drives the whole journey through the Pilot for one candidate:
register, plan, three visits with mixed evidence, one correction after sign-off, all units
signed off, IV countersign, export, import into an empty folder, and the exported files equal."

The qualification is the OCR Level 3 NVQ, the one with the fewest units: "To achieve a full
award, candidates must complete five mandatory units plus one optional unit, making a total of
six units." Its source "gives only element titles (three per unit), so each element is its own
assessable criterion" (standards/README.md): eighteen criteria, shared out over the evidence.

Free text is typed as key events one character after another (`T(...)`); every other key goes
through `pilot.press` and is counted, so the test also says how many keys the journey takes
beyond free text.
"""

from __future__ import annotations

import json
from datetime import date

from textual import events
from textual.keys import _character_to_key
from textual.widgets import DataTable, Select

from logbook.tui.app import LogbookApp
from logbook.tui.screens import testimony
from logbook.tui.screens.candidate import CandidateScreen
from logbook.tui.screens.caseload import CaseloadScreen
from logbook.tui.screens.countersign import CountersignScreen
from logbook.tui.screens.discussion import DiscussionScreen
from logbook.tui.screens.export import ExportScreen
from logbook.tui.screens.import_files import ImportScreen
from logbook.tui.screens.observation import ObservationScreen
from logbook.tui.screens.overview import OverviewScreen
from logbook.tui.screens.plan import PlanScreen
from logbook.tui.screens.questioning import QuestioningScreen
from logbook.tui.screens.record import RecordScreen
from logbook.tui.screens.signoff import SignOffScreen
from logbook.tui.screens.witness import WitnessScreen
from logbook.tui.screens.work_product import WorkProductScreen
from logbook.tui.widgets.key_choice import KeyChoice
from tests.tui.helpers import SIZE

TODAY = date(2026, 11, 24)  # the day of the sign-offs, the correction and the countersign
NAME = "Nia Evans"
UNITS = ["1", "2", "3", "4", "5", "6"]  # five mandatory, one optional
KEYS = 217  # beyond free text, but for choosing each unit's sign-off decision (below)
REASON = "Venue recorded wrong: it was the conference desk, not the front desk."


class T(str):
    """Free text: typed one character after another, not counted as keys."""


class Assessor:
    """The keyboard, and how many keys beyond free text it has taken."""

    def __init__(self, pilot, app):
        self.pilot, self.app = pilot, app
        self.count = 0
        self.deciding = 0  # of those, the keys that chose a sign-off's decision

    async def keys(self, *keys: str) -> None:
        for key in keys:
            if isinstance(key, T):
                await self.type(key)
            else:
                self.count += 1
                await self.pilot.press(key)
        await self.settle()

    async def type(self, words: str) -> None:
        """The key event `pilot.press` makes for each character, posted to the app one after
        another without waiting for it to be idle in between (a fast typist; it keeps the test
        quick). Only free text: a key the app acts on by a binding (Enter, Tab) goes through
        `pilot.press`, as a binding is run once the key has gone up to the app, after any
        character already typed (so a burst "2.1 Enter 2.2" reaches the search as "2.12.2")."""
        for character in words:
            key = character if character.isalnum() else _character_to_key(character)
            event = events.Key(key, character)
            event.set_sender(self.app)
            self.app.post_message(event)
        await self.settle()

    async def settle(self) -> None:
        """Until no worker runs: a save's worker may start another once it is stored."""
        for _ in range(50):
            await self.app.workers.wait_for_complete()
            await self.pilot.pause()
            if not any(worker.is_running for worker in self.app.workers):
                return

    async def pick(self, *codes: str) -> None:
        """In the criteria picker's search: a code typed, Enter picks it."""
        for code in codes:
            await self.keys(T(code), "enter")

    async def save(self, said: str = "Saved") -> str:
        """ctrl+s; the form says `said`."""
        await self.keys("ctrl+s")
        status = text(self.app.screen, "#form-status")
        assert said in status, status
        return status

    async def opens(self, key: str, screen: type):
        await self.keys(key)
        assert isinstance(self.app.screen, screen), self.app.screen
        return self.app.screen

    async def back(self, to: type) -> None:
        await self.keys("escape")
        assert isinstance(self.app.screen, to), self.app.screen

    @property
    def focused(self) -> str:
        return self.app.focused.id if self.app.focused is not None else ""


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


# the journey, step by step ---------------------------------------------------------------------


async def register(you: Assessor) -> None:
    await you.settle()
    screen = await you.opens("ctrl+n", CandidateScreen)
    await you.keys(T(NAME), "tab", T("02/05/1999"), "tab", T("OCR-NVQ-0042"), "tab")
    await you.keys("enter", T("ocr level 3 nvq i"), "enter", "tab")  # the qualification
    await you.keys(T(" ".join(UNITS)))
    assert "achieves the qualification" in text(screen, "#combination")
    await you.keys("tab", T("01/09/2026"), "tab")  # registered on: no default
    await you.keys(T("Harbour Hotel, Cardiff"), "tab", T("nia@example.org"))
    await you.save(f"{NAME} is in the caseload")
    await you.back(CaseloadScreen)


async def make_the_plan(you: Assessor) -> None:
    screen = await you.opens("a", PlanScreen)
    assert you.focused == "initial_assessment"
    await you.keys("shift+tab", "ctrl+u", T("01/09/2026"), "tab")  # agreed on registration day
    await you.keys(T("Runs the front desk; has not yet led a team or handled escalations."))
    await you.keys("tab", T("15/09/2026"), "tab", "tab")  # the first visit; the workplace
    await you.keys(T("Check-in at the front desk, the team's morning briefing"))
    # an item a visit: how, what evidence, the criteria, due by; ctrl+a adds it
    await you.keys("tab", "o", "tab", T("Check-in rush at the front desk"), "tab")
    await you.pick("1.1", "1.2", "1.3", "2.1", "2.2")
    await you.keys("tab", T("15/09/2026"), "ctrl+a")
    assert "item 1 added" in text(screen, "#field-items .field-note")
    await you.keys("p", "tab", T("Complaints log, September"), "tab")
    await you.pick("4.3", "5.1", "5.2")
    await you.keys("tab", T("06/10/2026"), "ctrl+a")
    await you.keys("q", "tab", T("Questions on coaching and reviews"), "tab")
    await you.pick("5.3", "6.1", "6.2", "6.3")
    await you.keys("tab", T("03/11/2026"), "ctrl+a")
    assert "item 3 added" in text(screen, "#field-items .field-note")
    assert you.focused == "method"
    await you.keys("tab", "tab", "tab", "tab")  # past the empty item to the agreement
    assert you.focused == "candidate_agrees"
    await you.keys("space")  # the candidate agrees; the assessor's name is there
    await you.save("Plan agreed with 3 items")
    await you.back(OverviewScreen)


async def first_visit(you: Assessor) -> None:
    """15 September: an observation, the supervisor as a witness, her written testimony."""
    screen = await you.opens("o", ObservationScreen)
    assert you.focused == "activity"
    await you.keys("shift+tab", "shift+tab", "shift+tab", "ctrl+u", T("15/09/2026"))
    await you.keys("tab", "ctrl+u", T("08:30"), "tab", "ctrl+u", T("Harbour Hotel front desk"))
    await you.keys("tab", T("Ran check-in for a coach party; kept the queue informed."), "tab")
    await you.pick("1.1", "1.2", "1.3", "2.1", "2.2")
    await you.keys("tab", "tab", "c")  # past real work to the decision: competent
    await you.keys("tab", T("Planned the desk and kept every guest told."))
    await you.keys("tab", T("Well organised."))
    await you.save()
    assert screen.value("decision") == "competent"
    await you.back(OverviewScreen)

    await you.opens("w", WitnessScreen)
    await you.keys(T("Owen Price"), "tab", T("Front Office Manager"), "tab", T("Harbour Hotel"))
    await you.keys("tab", "l", "tab", "tab", T("her line manager"))  # past 'role, if other'
    await you.keys("tab", "n", "tab", T("029 2000 0001"), "tab", "space", "tab")
    await you.keys(T("Manages the front office; trained in the standards."))
    await you.save()
    await you.back(OverviewScreen)

    screen = await you.opens("t", testimony.TestimonyScreen)
    assert you.focused == "form"  # written, as chosen; the witness is the one accepted
    await you.keys("tab", "tab", T(NAME), "tab", T("16/09/2026"), "tab", T("18:00"))
    await you.keys("tab", T("Harbour Hotel front desk"), "tab")
    await you.keys(T("Nia took a guest's complaint about a double booking, found a room and "))
    await you.keys(T("arranged a partner hotel for the rest of the party."))
    await you.keys("tab", T("17/09/2026"), "tab", T("her line manager"), "tab", "space")
    await you.keys("tab", "tab")  # past 'written by the witness' to the criteria
    await you.pick("2.3", "3.1", "3.2")
    await you.save("It counts as witness testimony")
    await you.back(OverviewScreen)


async def second_visit(you: Assessor) -> None:
    """6 October: a professional discussion and a work product examined."""
    await you.opens("d", DiscussionScreen)
    assert you.focused == "planned_on"
    await you.keys(T("01/10/2026"), "tab", "ctrl+u", T("06/10/2026"), "tab")
    await you.keys(T("Team working; handling problems"), "tab")
    await you.keys(T("How she briefs the team and escalates complaints."), "tab")
    await you.pick("3.3", "4.1", "4.2")
    await you.keys("tab", T("Audio PD-NE-01"), "tab", T("40"))
    await you.save()
    await you.back(OverviewScreen)

    screen = await you.opens("p", WorkProductScreen)
    assert you.focused == "title"
    await you.keys("shift+tab", "ctrl+u", T("06/10/2026"), "tab")
    await you.keys(T("Complaints log, September"), "tab", T("Front office, cabinet 2"))
    await you.keys("tab", "space", "tab")  # confidential
    await you.keys(T("Each complaint logged, resolved and reviewed for trends."), "tab")
    await you.pick("4.3", "5.1", "5.2")
    await you.keys("tab", "tab", "c", "tab", T("Complete and reviewed."), "tab", T("Good."))
    await you.save()
    assert screen.value("decision") == "competent"
    await you.back(OverviewScreen)


async def third_visit(you: Assessor) -> None:
    """3 November: questioning, two questions."""
    screen = await you.opens("q", QuestioningScreen)
    assert you.focused == "question"
    await you.keys("shift+tab", "ctrl+u", T("03/11/2026"), "tab")
    await you.keys(T("How do you coach a new receptionist?"), "tab")
    await you.keys(T("Shadowing, then a checklist, then a review after a week."), "tab")
    await you.pick("5.3", "6.1")
    await you.keys("ctrl+a")
    await you.keys(T("How do you review your own service?"), "tab")
    await you.keys(T("Guest feedback each month, and one goal from it."), "tab")
    await you.pick("6.2", "6.3")
    await you.keys("tab", "tab", "c", "tab", T("Clear, with examples."), "tab", T("Good."))
    await you.save("2 questions and answers saved")
    assert screen.value("decision") == "competent"
    await you.back(OverviewScreen)


async def plan_items_done(you: Assessor, overview: OverviewScreen) -> None:
    """The plan tab (6): every planned item done, by the evidence of its visit."""
    await you.keys("6")
    table = overview.query_one("#plan-table", DataTable)
    states = [str(table.get_row_at(row)[0]) for row in range(table.row_count)]
    assert states == ["done", "done", "done"], states


async def choose_competent(you: Assessor, screen: SignOffScreen) -> None:
    """The sign-off's decision, chosen by the assessor: `c` where it is a choice by key (no
    default), else from its list."""
    before = you.count
    await choose(you, screen)
    you.deciding += you.count - before


async def choose(you: Assessor, screen: SignOffScreen) -> None:
    decision = screen.query_one("#decision")
    if isinstance(decision, KeyChoice):
        if you.focused != "decision":
            while you.focused != "decision":
                await you.keys("shift+tab")
        await you.keys("c")
        return
    assert isinstance(decision, Select)
    assert you.focused == "candidate_declaration"
    await you.keys("shift+tab", "shift+tab", "shift+tab")  # the assessor, the date, the decision
    assert you.focused == "decision"
    await you.keys("enter", "home", "enter")  # competent, chosen from the list
    await you.keys("tab", "tab", "tab")
    assert decision.value == "competent"


async def sign_off_every_unit(you: Assessor, overview: OverviewScreen) -> None:
    await you.keys("1")  # the units, focused
    for number, unit in enumerate(UNITS):
        if number:
            await you.keys("down")
        screen = await you.opens("s", SignOffScreen)
        assert screen.unit_code == unit
        await choose_competent(you, screen)
        assert you.focused == "candidate_declaration"
        await you.keys("space")
        await you.save(f"Unit {unit} is signed off")
        await you.back(OverviewScreen)  # the unit signed off is still the one highlighted
    assert "achieves the qualification" in text(overview, "#overview-title")


async def correct_the_observation(you: Assessor, overview: OverviewScreen) -> None:
    """The observation, its unit signed off: opened from the evidence list, corrected with a
    reason."""
    await you.keys("2")
    table = overview.query_one("#evidence-table", DataTable)
    while "Ran check-in" not in " ".join(str(c) for c in table.get_row_at(table.cursor_row)):
        await you.keys("down")
    record = await you.opens("enter", RecordScreen)
    assert "is signed off" in "\n".join(str(w.render()) for w in record.query("Plain"))
    form = await you.opens("e", ObservationScreen)
    assert you.focused == "correction_reason"
    await you.keys(T(REASON), "tab", "tab", "tab")  # the date, the time, the venue
    assert you.focused == "venue"
    await you.keys("ctrl+u", T("Harbour Hotel conference desk"))
    await you.save()
    assert form.correcting
    await you.back(RecordScreen)
    await you.back(OverviewScreen)


async def countersign_every_unit(you: Assessor) -> None:
    screen = await you.opens("ctrl+t", CountersignScreen)
    assert you.focused == "iv_name"
    await you.keys(T("Ruth Okoye"))
    for _ in UNITS:
        await you.save("countersigned by Ruth Okoye")
    table = screen.query_one("#awaiting", DataTable)
    assert table.row_count == 0
    await you.back(CaseloadScreen)


async def export_the_candidate(you: Assessor, path) -> None:
    """ctrl+e on the caseload: the candidate highlighted (the only one), to the file typed."""
    await you.opens("ctrl+e", ExportScreen)
    assert you.focused == "path"
    await you.keys("ctrl+u", T(str(path)), "ctrl+s")
    said = text(you.app.screen, "#export-status")
    assert "Exported 1 candidate" in said, said
    await you.back(CaseloadScreen)


async def import_the_file(you: Assessor, path) -> None:
    await you.opens("ctrl+o", ImportScreen)
    assert you.focused == "path"
    await you.keys("ctrl+u", T(str(path)), "ctrl+s")
    said = text(you.app.screen, "#import-status")
    assert "1 of 1 files imported" in said and f"imported {NAME}" in said, said
    await you.back(CaseloadScreen)


def the_export(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


async def test_one_candidate_from_registration_to_an_export_that_imports_whole(tmp_path):
    first, second = tmp_path / "nia.json", tmp_path / "nia-again.json"
    app = LogbookApp(tmp_path / "caseload", assessor="Dana Okafor", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        you = Assessor(pilot, app)
        await register(you)
        await you.keys(T("nia"))  # the filter
        overview = await you.opens("enter", OverviewScreen)
        await make_the_plan(you)
        await first_visit(you)
        await second_visit(you)
        await third_visit(you)
        await plan_items_done(you, overview)
        await sign_off_every_unit(you, overview)
        await correct_the_observation(you, overview)
        await you.back(CaseloadScreen)
        await countersign_every_unit(you)
        await export_the_candidate(you, first)
        keys = you.count  # beyond free text, from the first key to the export
        deciding = you.deciding

    empty = tmp_path / "empty"
    again = LogbookApp(empty, assessor="Dana Okafor", today=TODAY)
    async with again.run_test(size=SIZE) as pilot:
        you = Assessor(pilot, again)
        await you.settle()
        await import_the_file(you, first)
        await export_the_candidate(you, second)

    before, after = the_export(first), the_export(second)
    [logbook], [imported] = before["logbooks"], after["logbooks"]
    # what was typed is all there: the records, kind by kind
    records = logbook["records"]
    kinds = [r["kind"] for r in records]
    assert kinds[:8] == [
        "candidate", "plan", "observation", "witness", "testimony", "discussion",
        "work_product", "questioning",
    ]  # fmt: skip
    [candidate] = [r for r in records if r["kind"] == "candidate"]
    assert (candidate["name"], candidate["units"]) == (NAME, UNITS)
    [plan] = [r for r in records if r["kind"] == "plan"]
    assert [item["method"] for item in plan["items"]] == ["observation", "work_product",
                                                          "questioning"]  # fmt: skip
    assert plan["agreed_by_candidate"] == NAME and plan["agreed_by_assessor"] == "Dana Okafor"
    # the correction points at the old entry, which stays, as it was
    [old] = [r for r in records if r["kind"] == "observation" and not r.get("corrects")]
    [new] = [r for r in records if r.get("corrects") == old["id"]]
    assert old["venue"] == "Harbour Hotel front desk"
    assert new["venue"] == "Harbour Hotel conference desk" and new["activity"] == old["activity"]
    assert (new["correction_reason"], new["corrected_by"]) == (REASON, "Dana Okafor")
    # every unit signed off by the assessor, then countersigned by the IV
    countersigned = [r for r in records if r["kind"] == "signoff" and r["iv_name"]]
    assert sorted(r["unit"] for r in countersigned) == UNITS
    assert {(r["iv_name"], r["decision"], r["candidate_declaration"]) for r in countersigned} == {
        ("Ruth Okoye", "competent", True)
    }
    history = logbook["history"]
    assert [e["action"] for e in history] == (
        ["create"] + ["add"] * 7 + ["sign_off"] * 6 + ["correct"] + ["correct"] * 6
    )
    assert history[14]["note"] == REASON and history[14]["by"] == "Dana Okafor"

    # exported again from the empty folder it was imported into: the same records, the same
    # history, and one entry more, signed there, saying it was imported
    assert (after["format"], after["version"]) == (before["format"], before["version"])
    assert imported["candidate_id"] == logbook["candidate_id"]
    assert imported["records"] == records
    assert imported["history"][:-1] == history
    last = imported["history"][-1]
    assert (last["action"], last["by"]) == ("import", "Dana Okafor")
    # each device keeps its own chain: the import begins the chain of the folder it came into
    assert last["device"] not in {e.get("device") for e in history}
    assert last["prev"] == "0" * 64
    assert last["note"].startswith(f"imported from {first.name}, exported {before['exported_at']}")
    assert imported["history_count"] == logbook["history_count"] + 1
    # the signing keys: the first folder's, and the key of the folder it was imported into
    assert before["keys"][0] in after["keys"] and len(after["keys"]) == 2
    # a decision chosen by its key takes 1 key a unit; chosen from a list, 9
    assert keys - deciding == KEYS and deciding in (len(UNITS), 9 * len(UNITS)), (keys, deciding)
