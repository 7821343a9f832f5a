"""Recording a witness from the keyboard at 80x24: the role with one key, the relative question
with y or n ('y' refuses on the spot), relatives refused as they are typed, and a word that may
name a personal relationship named and confirmed with ctrl+y.

C&G, Witnesses: "a statement of the witness' status should be included in the candidate's
portfolio of evidence. This can be done by using the Witness Status list (form N/SVQ5) ... The
statement should indicate the relationship between the candidate and the witness and should
enable the assessor, by defining the role that the witness has played in the gathering of
evidence (ie as colleague, worker from another organisation) to judge the extent of the witness'
knowledge" and "The use of witness testimony from relatives or those with whom the candidate has
a significant personal relationship is not acceptable."
"""

from __future__ import annotations

from textual.widgets import DataTable

from logbook.domain.records import NOT_ASKED
from logbook.tui.screens.overview import OverviewScreen
from logbook.tui.screens.witness import WitnessScreen
from tests.domain.test_relationship_words import OLD_FALSE_REFUSALS
from tests.tui.helpers import SIZE, candidate_id, demo_app, drawn, open_form, open_overview

SEED_BAN = (
    "the use of witness testimony from relatives or those with whom the candidate has a "
    "significant personal relationship is not acceptable"
)


async def open_witness(pilot, app, name="Priya Shah"):
    return await open_form(pilot, app, "w", WitnessScreen, name)


def note(screen, field: str) -> str:
    return str(screen.query_one(f"#field-{field} .field-note").render())


def status(screen) -> str:
    return str(screen.query_one("#form-status").render())


async def save(pilot, app) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()


def stored_witness(app, name: str, who: str = "Priya Shah"):
    portfolio = app.caseload.logbook(candidate_id(app, who)).read(app.today)
    (witness,) = [w for w in portfolio.witnesses.values() if w.name == name]
    return witness


def confirm_bound(app) -> bool:
    return "ctrl+y" in app.screen.active_bindings


async def test_witness_is_recorded_by_keystrokes(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_witness(pilot, app)
        screen = app.screen
        await pilot.press(*"Alex Green", "tab", *"Lead", "tab", *"Greenway")
        await pilot.press("tab", "l")  # role: line manager or supervisor, one key
        assert screen.query_one("#role").value == "line_manager"
        assert "● l line manager or supervisor" in str(screen.query_one("#role").render())
        await pilot.press("tab", "tab", *"line manager")  # past 'role, if other'
        await pilot.pause()
        assert "invalid" not in screen.query_one("#field-relationship").classes
        await pilot.press("tab", "n")  # not a relative
        assert screen.query_one("#relative").value == "no"
        await pilot.press("tab", *"0113 4960", "tab", "space", "tab")
        assert screen.focused is screen.query_one("#status_statement")
        await pilot.press(*"Sees her daily.")
        await save(pilot, app)
        assert "Saved" in status(screen)
        assert "Alex Green can be used as a witness" in status(screen)
    alex = stored_witness(app, "Alex Green")
    assert alex.role == "line_manager"
    assert alex.relationship == "line manager"
    assert alex.relative == "no"
    assert alex.job_title == "Lead"
    assert alex.organisation == "Greenway"
    assert alex.contact == "0113 4960"
    assert alex.knows_standards is True
    assert alex.status_statement == "Sees her daily."
    assert alex.confirmed is None


async def test_relatives_and_partners_are_refused_and_nothing_is_written(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    before = app.caseload.logbook(cid).path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_witness(pilot, app)
        screen = app.screen
        await pilot.press(*"Anita Shah")
        relationship = screen.query_one("#relationship")
        relationship.focus()
        await pilot.press(*"my mum")
        await pilot.pause()
        # refused on the spot, before any save, with the seed's reason
        assert "'mum' names a relative" in note(screen, "relationship")
        assert SEED_BAN in note(screen, "relationship").lower()
        assert "invalid" in screen.query_one("#field-relationship").classes
        await save(pilot, app)
        assert "Not saved" in status(screen)
        assert "'mum' names a relative" in note(screen, "relationship")

        for typed, word in (
            ("brother-in-law", "brother"),
            ("flatmate and girlfriend", "flatmate"),
            ("we live together", "live together"),
            ("lodger", "lodger"),
        ):
            relationship.value = typed
            await pilot.pause()
            assert f"refused: '{word}'" in note(screen, "relationship")
            await save(pilot, app)
            assert "Not saved" in status(screen)
            assert f"'{word}'" in note(screen, "relationship")
            assert SEED_BAN in note(screen, "relationship").lower()

        # a working relationship clears the refusal as it is typed; so do the phrasings the
        # old word list refused
        for typed in ("team leader on the same shift", *OLD_FALSE_REFUSALS):
            relationship.value = typed
            await pilot.pause()
            assert note(screen, "relationship") == "in their words, e.g. line manager for two years"
            assert "invalid" not in screen.query_one("#field-relationship").classes
            assert not confirm_bound(app)
    assert app.caseload.logbook(cid).path.read_bytes() == before


async def test_yes_to_the_relative_question_refuses_the_witness_on_the_spot(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    before = app.caseload.logbook(cid).path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_witness(pilot, app)
        screen = app.screen
        await pilot.press(*"Dev Shah", "tab", "tab", "tab", "c")  # a colleague...
        screen.query_one("#relationship").value = "works on the same tills"
        screen.query_one("#relative").focus()
        await pilot.press("y")  # ...who is her brother-in-law, the assessor knows
        await pilot.pause()
        assert "the assessor answered that Dev Shah is a relative" in note(screen, "relative")
        assert SEED_BAN in note(screen, "relative").lower()
        assert "invalid" in screen.query_one("#field-relative").classes
        await save(pilot, app)
        assert "Not saved" in status(screen)
        assert screen.focused is screen.query_one("#relative")
        await pilot.press("n")
        await pilot.pause()
        assert "invalid" not in screen.query_one("#field-relative").classes
    assert app.caseload.logbook(cid).path.read_bytes() == before


async def test_a_word_that_may_be_either_is_named_and_confirmed_with_a_key(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_witness(pilot, app)
        screen = app.screen
        await pilot.press(*"Dev", "tab", "tab", "tab", "c", "tab", "tab")
        await pilot.press(*"a friend")
        await pilot.pause()
        asked = note(screen, "relationship")
        assert "'friend' can name a personal relationship" in asked
        assert "ctrl+y confirms" in asked
        assert "invalid" not in screen.query_one("#field-relationship").classes  # not refused
        assert confirm_bound(app)
        await pilot.press("tab", "n")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "✓ confirmed by Test Assessor: 'friend'" in note(screen, "relationship")
        assert not confirm_bound(app)
        await save(pilot, app)
        assert "Dev can be used as a witness" in status(screen)
    dev = stored_witness(app, "Dev")
    assert dev.confirmed.words == ["friend"]
    assert dev.confirmed.by == "Test Assessor"
    assert dev.confirmed.at is not None
    _, history = app.caseload.logbook(candidate_id(app, "Priya Shah")).rows()
    (entry,) = [e for e in history if e["record"] == dev.id]
    assert entry["note"].startswith(
        "Test Assessor confirmed that 'friend' does not name a relative"
    )


async def test_an_unconfirmed_word_or_other_role_is_saved_but_cannot_be_used_yet(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_witness(pilot, app)
        screen = app.screen
        await pilot.press(*"Kim Lowe", "tab", "tab", "tab", "o")  # other...
        screen.query_one("#relationship").value = "neighbour, runs the volunteer rota"
        screen.query_one("#relative").focus()
        await pilot.press("n")
        await save(pilot, app)
        said = status(screen)
        assert "Saved" in said and "'neighbour'" in said and "ctrl+y confirms" in said
        assert "a description of their role" in said
        assert stored_witness(app, "Kim Lowe").confirmed is None
        await pilot.press("ctrl+y")
        await save(pilot, app)
        assert "a description of their role" in status(screen)
        screen.query_one("#role_description").value = "volunteer coordinator, food bank"
        await save(pilot, app)
        assert "Kim Lowe can be used as a witness" in status(screen)
    kim = stored_witness(app, "Kim Lowe")  # the same record, changed: one witness
    assert kim.confirmed.words == ["neighbour"]
    assert kim.role_description == "volunteer coordinator, food bank"


async def test_enter_on_a_witness_opens_them_to_confirm_the_word(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        overview = await open_overview(pilot, app)
        await pilot.press("5")
        table = overview.query_one("#witness-table", DataTable)
        rows = {str(table.get_row_at(i)[0]): i for i in range(table.row_count)}
        jo_row = [str(c) for c in table.get_row_at(rows["Jo Reid"])]
        assert "'friend'" in jo_row[2]  # cannot be used until confirmed, the word is named
        table.focus()
        table.move_cursor(row=rows["Jo Reid"])
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WitnessScreen)
        assert screen.query_one("#name").value == "Jo Reid"
        assert screen.query_one("#relative").value == "no"
        assert "'friend' can name a personal relationship" in note(screen, "relationship")
        await pilot.press("ctrl+y")
        await save(pilot, app)
        assert "Jo Reid can be used as a witness" in status(screen)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        table = app.screen.query_one("#witness-table", DataTable)
        by_name = {str(table.get_row_at(i)[0]): i for i in range(table.row_count)}
        assert str(table.get_row_at(by_name["Jo Reid"])[2]) == "yes"
    witnesses = [w for w in app.caseload.find("Priya Shah").read(app.today).witnesses.values()]
    assert [w.name for w in witnesses].count("Jo Reid") == 1


async def test_an_older_witness_opens_with_the_question_not_asked(tmp_path):
    app = demo_app(tmp_path)
    cid = candidate_id(app, "Priya Shah")
    from logbook.domain.records import Witness

    older = Witness(name="Lou Bell", role="supervisor", relationship="shift supervisor")
    app.caseload.logbook(cid).add(older, "Test Assessor", app.today)
    assert older.relative == NOT_ASKED
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(WitnessScreen(cid, older.id))
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#relative").value == ""
        assert "not asked when this witness was recorded" in note(screen, "relative")
        assert screen.query_one("#role").value == "line_manager"  # the same role, on the list
        screen.query_one("#relative").focus()
        await pilot.press("n")
        await save(pilot, app)
        assert "Lou Bell can be used as a witness" in status(screen)
    lou = stored_witness(app, "Lou Bell")
    assert (lou.relative, lou.role) == ("no", "line_manager")


async def test_why_a_witness_cannot_be_used_is_read_whole_on_the_overview(tmp_path):
    """The list's "Can be used" column holds 70 characters of the reason, cut mid-word ("the
    statement of the witness's status needs their"); the witness highlighted has it whole,
    under the list, at 80x24."""
    from logbook.domain.witnesses import witness_problems

    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        overview = await open_overview(pilot, app)
        chris = next(w for w in overview.portfolio.witnesses.values() if w.name == "Chris Dale")
        whole = " ".join(witness_problems(chris))
        assert len(whole) > 70
        await pilot.press("5")
        table = overview.query_one("#witness-table", DataTable)
        rows = {str(table.get_row_at(i)[0]): i for i in range(table.row_count)}
        await pilot.press(*["down"] * rows["Chris Dale"])
        await pilot.pause()
        assert whole in " ".join(" ".join(drawn(app)).split())
        await pilot.press("down")  # Jo Reid: her word confirmed, what was said goes with it
        await pilot.pause()
        assert "the assessor must confirm it does not" in " ".join(" ".join(drawn(app)).split())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WitnessScreen)
        await pilot.press("ctrl+y")
        await save(pilot, app)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is overview
        assert "the assessor must confirm" not in " ".join(" ".join(drawn(app)).split())
