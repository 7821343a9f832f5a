"""Text from a record is shown as text in every screen of the app: never read as markup, never
drawn with a raw control character (issue 9, "Terminal and markup injection").

The records are written straight into the logbook file, as another tool could, so that the
store's rules do not stand between the hostile text and the screens."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from textual import events
from textual.widgets import Input, Select, TextArea

from logbook.domain.records import Witness, WordConfirmation
from logbook.qualifications import load_library, standards_dir
from logbook.tui.app import LogbookApp
from logbook.tui.screens import registry, testimony
from logbook.tui.screens.candidate import CandidateScreen
from logbook.tui.screens.caseload import CaseloadScreen
from logbook.tui.screens.countersign import CountersignScreen
from logbook.tui.screens.export import ExportScreen
from logbook.tui.screens.observation import ObservationScreen
from logbook.tui.screens.overview import OverviewScreen
from logbook.tui.screens.plan import PlanScreen
from logbook.tui.screens.plan_review import PlanReviewScreen
from logbook.tui.screens.record import RecordScreen
from logbook.tui.screens.signoff import SignOffScreen
from logbook.tui.screens.witness import WitnessScreen
from tests.centre import centre_data, install
from tests.security.hostile import (
    CLOSING,
    ESCAPES,
    MARKUP,
    NEE,
    hostile_standards,
    logbook_of,
    plant,
    raw_control,
)
from tests.tui.helpers import TODAY, demo_app, drawn, open_form, open_overview, screen_class

TUI = Path(__file__).resolve().parents[2] / "logbook" / "tui"
WIDE = (120, 30)  # wide enough to read whole names and titles off the screen
TABS = ("units", "evidence", "locator", "gaps", "witnesses", "plan")


def check_drawn(app, seen: list[str]) -> None:
    lines = drawn(app)
    for number, line in enumerate(lines):
        assert not raw_control(line), f"{type(app.screen).__name__} line {number}: {line!r}"
    seen.append("\n".join(lines))


def read_as_markup(text: str) -> list[str]:
    """Where MARKUP's words are drawn without their tags (the export's file name, made from the
    registration number, holds them as '-bold-B1-': not markup)."""
    return re.findall(r"(?<!\[bold\])(?<!-)B1|(?<!\[@click=app\.quit\])(?<!-)Q1", text)


def text_of(seen: list[str], heading: str) -> str:
    """The one screen drawn whose text holds `heading`."""
    (text,) = [text for text in seen if heading in text]
    return text


def screens_of(candidate_id: str, portfolio) -> list:
    """Every screen of one candidate: a screen added to the app is added here, so that this
    test draws it with hostile records (and the guard below keeps it on Plain and PlainTable)."""
    screens = [OverviewScreen(candidate_id), CandidateScreen(candidate_id)]
    screens += [registry.evidence_screen(kind, candidate_id) for kind in registry.SCREENS]
    # a witness opened to edit (enter on the overview's witness list), its fields filled in:
    # the last recorded (plant() spoils every free-text field of every witness alike)
    screens += [WitnessScreen(candidate_id, witness) for witness in [*portfolio.witnesses][-1:]]
    signed = [unit for unit in portfolio.units if portfolio.is_signed_off(unit.code)]
    open_ = [unit for unit in portfolio.units if not portfolio.is_signed_off(unit.code)]
    screens += [SignOffScreen(candidate_id, unit.code) for unit in (*signed[:1], *open_[:1])]
    # a record opened whole (enter on the evidence list), and its form loaded from it to edit
    screens += [RecordScreen(candidate_id, record.id) for record in portfolio.evidence[:1]]
    screens += [
        registry.evidence_screen(record.KIND, candidate_id).open_on(record)
        for record in portfolio.evidence[:1]
    ]
    screens += [ExportScreen(candidate_id)]
    # the plan and its review (the plan's items, reviews and initial assessment), and the IV's
    # view, which lists the whole caseload's units awaiting countersign
    screens += [PlanScreen(candidate_id), PlanReviewScreen(candidate_id)]
    screens += [CountersignScreen(candidate_id)]
    return screens


async def visit_every_screen(pilot, app, candidate_id: str) -> list[str]:
    """Draw the caseload and every screen of one candidate (every overview tab, the witness
    chooser opened), checking each; returns the text of every screen drawn."""
    seen: list[str] = []
    await app.workers.wait_for_complete()
    await pilot.pause()
    check_drawn(app, seen)
    portfolio = app.caseload.logbook(candidate_id).read(app.today)
    for screen in screens_of(candidate_id, portfolio):
        app.push_screen(screen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        check_drawn(app, seen)
        for field in screen.query(Input):  # a record's text put back into a field to edit
            assert not raw_control(field.value), (type(screen).__name__, field.id)
        for area in screen.query(TextArea):
            assert not raw_control(area.text), (type(screen).__name__, area.id)
        if isinstance(screen, OverviewScreen):
            for tab in TABS[1:]:
                await screen.action_tab(tab)
                await pilot.pause()
                check_drawn(app, seen)
        if isinstance(screen, testimony.TestimonyScreen):
            screen.query_one("#witness_id", Select).expanded = True
            await pilot.pause()
            check_drawn(app, seen)
        app.pop_screen()
        await pilot.pause()
    return seen


async def test_a_candidate_named_closing_tag_does_not_stop_the_caseload_opening(tmp_path):
    app = demo_app(tmp_path)
    plant(logbook_of(app.caseload.folder, "Priya Shah"), "", name=CLOSING)
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        rows = [line.split() for line in drawn(app)]
        wanted = ["[/]", "1", "late,", "28", "Nov", "2/8"]  # the next visit column, progress
        assert any(row[:6] == wanted for row in rows), rows
        await pilot.press(*"cg-l3", "enter")  # the only City & Guilds candidate
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert any(line.startswith(" [/] · CG-4471-0931") for line in drawn(app))


async def test_an_activity_with_a_closing_tag_does_not_stop_the_overview(tmp_path):
    app = demo_app(tmp_path)
    plant(logbook_of(app.caseload.folder, "Priya Shah"), CLOSING, first=True)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_overview(pilot, app)
        await pilot.press("2")
        await pilot.pause()
        keys = "o observation w witness"  # the line of record keys above the footer
        evidence = [line for line in drawn(app) if "observation" in line and keys not in line]
        assert evidence and all("observation              [/] " in line for line in evidence)
        assert screen.portfolio is not None


def add_confirmed_witness(app, path: Path) -> None:
    """A witness whose role is 'other' (described) and whose relationship holds a word the
    assessor confirmed: the fields and the confirmation line the witness screen fills in."""
    app.caseload.logbook(path.stem).add(
        Witness(
            name="Ola Berg",
            job_title="Shift lead",
            role="other",
            role_description="runs the depot's night shift",
            relationship="a friend from work; shift lead on the depot",
            contact="0113 496 0004",
            status_statement="Sees Priya hand over the night deliveries.",
            relative="no",
            confirmed=WordConfirmation(["friend"], "Test Assessor", datetime(2026, 11, 20)),
        ),
        "Test Assessor",
        TODAY,
    )


async def test_markup_in_every_field_is_shown_as_typed_on_every_screen(tmp_path):
    app = demo_app(tmp_path)
    path = logbook_of(app.caseload.folder, "Priya Shah")
    add_confirmed_witness(app, path)
    assert plant(path, MARKUP, name=NEE) >= 40
    async with app.run_test(size=WIDE) as pilot:
        seen = await visit_every_screen(pilot, app, path.stem)
    # the caseload, the overview's five tabs, the candidate form, the evidence forms, the
    # testimony's witness list, a witness to edit, two sign-offs and the export: each shows
    # the name whole
    assert len(seen) >= 18
    assert "Role, if other" in text_of(seen, "Witness: Ola Berg")
    assert f"runs the depot's night shift {MARKUP}" in text_of(seen, "Witness: Ola Berg")
    assert f"✓ confirmed by Test Assessor {MARKUP}: 'friend'" in text_of(seen, "Witness: Ola Berg")
    assert all(NEE in text for text in seen)
    text = "\n".join(seen)
    # read as markup, "[bold]B1[/bold]" would be drawn as a bold "B1", the tags gone (a cell
    # may cut it short after B1, never before)
    assert text.count("[bold]B1") > 20
    assert read_as_markup(text) == []


async def test_escapes_in_every_field_are_drawn_visible_or_the_file_is_reported(tmp_path):
    app = demo_app(tmp_path)
    path = logbook_of(app.caseload.folder, "Priya Shah")
    add_confirmed_witness(app, path)
    assert plant(path, ESCAPES) >= 40
    reported = [p.path for p in app.caseload.view(TODAY).problems]
    async with app.run_test(size=WIDE) as pilot:
        if path in reported:  # the store refuses control characters found on disk
            await app.workers.wait_for_complete()
            await pilot.pause()
            check_drawn(app, [])
            assert any(path.name in line for line in drawn(app))
            return
        seen = await visit_every_screen(pilot, app, path.stem)
        editing = CandidateScreen(path.stem)
        app.push_screen(editing)
        await pilot.pause()
        for field in editing.query(Input):
            assert not raw_control(field.value), field.id
    text = "\n".join(seen)
    assert text.count("^[]0;PWNED^G") > 20  # the window title escape, made visible
    assert "^[]52;c;SGVsbG8=^G" in text and "^[[2J" in text and "<U+202E>" in text
    ola = text_of(seen, "Witness: Ola Berg")
    assert "runs the depot's night shift ^[]0;PWNED^G" in ola
    assert "✓ confirmed by Test Assessor ^[]0;PWNED^G" in ola


async def test_a_notification_quoting_hostile_text_is_shown_as_text(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        app.notify(f"{NEE} {MARKUP} {ESCAPES}", title=CLOSING)
        await pilot.pause()
        check_drawn(app, [])
        text = "\n".join(drawn(app))
        assert "[/]" in text and "[bold]B1" in text and "^[]0;PWNED^G" in text


async def test_a_centres_standards_with_markup_are_shown_as_text(tmp_path):
    centre = hostile_standards(tmp_path / "centre", standards_dir(), MARKUP)
    caseload = tmp_path / "caseload"
    demo_app(tmp_path)  # the demo caseload, written with the standard titles
    app = LogbookApp(caseload, library=load_library(centre), assessor="T", today=TODAY)
    candidate_id = logbook_of(caseload, "Priya Shah").stem
    seen: list[str] = []
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        check_drawn(app, seen)  # the caseload: the qualification's title
        for screen in (OverviewScreen(candidate_id), SignOffScreen(candidate_id, "205")):
            app.push_screen(screen)  # unit titles: the units table, the sign-off panel
            await app.workers.wait_for_complete()
            await pilot.pause()
            check_drawn(app, seen)
        app.push_screen(CandidateScreen(candidate_id))
        await pilot.pause()
        app.screen.query_one("#qualification", Select).expanded = True  # the titles to choose
        await pilot.pause()
        check_drawn(app, seen)
    text = "\n".join(seen)
    assert text.count("[bold]B1") >= 8 and read_as_markup(text) == []


async def test_a_centres_file_with_escapes_is_refused_by_name_never_drawn(tmp_path):
    """Standards are text from a file: control characters in a centre's file are refused by
    the rule for all stored text (logbook/domain/text.py); the app names the file and why, and
    keeps the shipped units."""
    app = demo_app(tmp_path)
    data = centre_data()
    unit = data["replaces"][0]
    unit["title"] = f"{unit['title']} {ESCAPES}"
    unit["elements"][0]["criteria"][0]["text"] += f" {MARKUP} {ESCAPES}"
    install(app.caseload.folder, data)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await open_overview(pilot, app, "lena")
        await app.workers.wait_for_complete()
        await pilot.pause()
        check_drawn(app, [])
        text = " ".join(" ".join(drawn(app)).split())
        said = [n.message for n in app._notifications]
    assert "standards file refused: ocr-l4-f5-invented.json at" in text  # on the screen
    assert said == [
        "standards file refused: ocr-l4-f5-invented.json at replaces[0].title: the text holds "
        "control characters (^[, ^G, <U+009B>, <U+202E>)"
    ]
    assert "Demonstrate understanding of customer service management" in text  # as shipped
    assert "PWNED" not in text


# pasting -----------------------------------------------------------------------------------

PASTED = "a \x1b[31mRED\x1b[0m b"


async def test_a_paste_keeps_its_order_and_shows_its_escapes_in_a_field(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        form = await open_form(pilot, app, "o", ObservationScreen, "Priya Shah")
        venue = form.query_one("#venue", Input)
        venue.value = ""
        venue.focus()
        app.post_message(events.Paste(PASTED))
        await pilot.pause()
        assert venue.value == "a ^[[31mRED^[[0m b"
        activity = form.query_one("#activity", TextArea)
        activity.focus()
        app.post_message(events.Paste("first \x1b]0;T\x07\r\nsecond\tline"))
        await pilot.pause()
        assert activity.text == "first ^[]0;T^G\nsecond\tline"
        check_drawn(app, [])


async def test_a_paste_of_several_lines_into_a_one_line_field_keeps_the_first(tmp_path):
    app = demo_app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        form = await open_form(pilot, app, "w", screen_class("witness"), "Priya Shah")
        name = form.query_one("#name", Input)
        name.focus()
        app.post_message(events.Paste("Sam\tPatel\x1b[2J\nsecond line"))
        await pilot.pause()
        assert name.value == "Sam^IPatel^[[2J"


def test_screens_and_widgets_draw_text_through_the_plain_widgets():
    """A screen added later cannot show a record as markup by accident: Static, Label and
    DataTable read a str as markup, so screens use Plain and PlainTable
    (logbook/tui/widgets/plain.py); a Label of the program's own words says so."""
    unsafe = re.compile(r"\b(Static|Label|DataTable)\(")
    found = []
    for path in sorted(TUI.rglob("*.py")):
        if path.name == "plain.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if unsafe.search(line) and "# program text" not in line:
                found.append(f"{path.relative_to(TUI)}:{number}: {line.strip()}")
    assert found == []
