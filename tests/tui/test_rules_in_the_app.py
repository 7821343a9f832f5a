"""The seeds' rules as an assessor meets them in the app: the working context (and, for the OCR
Level 3 NVQ Diploma, the reason for simulation), the age rule where it is written, and the rules
of combination while the units are typed. Each test quotes the seed sentence it comes from.
"""

from __future__ import annotations

from logbook.domain.records import Observation
from logbook.tui.screens.observation import ObservationScreen
from tests.tui.helpers import SIZE, candidate_id, demo_app, open_form
from tests.tui.test_candidate_screen import combination, fill, note, open_new, save, status


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def observed(screen, venue: str, *codes: str) -> None:
    screen.query_one("#venue").value = venue
    screen.query_one("#activity").text = "Handled the situation as the procedure says."
    for code in codes:
        assert screen.query_one("#criteria").pick(code)
    screen.query_one("#decision").value = "competent"  # no default: c on the form
    screen.query_one("#justification").text = "Met the standard."
    screen.query_one("#feedback").text = "Well done."


async def record(pilot, app, name: str, venue: str, context: str, *codes: str):
    """Record an observation for `name` in `context` through the form, and save it."""
    screen = await open_form(pilot, app, "o", ObservationScreen, name)
    observed(screen, venue, *codes)
    screen.query_one("#context").value = context
    await save(pilot, app)
    assert "Saved" in status(screen)
    return screen


def counts(app, name: str, venue: str, unit: str, code: str) -> bool:
    """Whether the one observation saved at `venue` is the evidence for `code` of `unit`."""
    (saved,) = stored(app, name, venue)
    portfolio = app.caseload.logbook(candidate_id(app, name)).read(app.today)
    return portfolio.coverage(unit).evidence_for(code) == [saved.id]


def stored(app, name: str, venue: str) -> list[Observation]:
    portfolio = app.caseload.logbook(candidate_id(app, name)).read(app.today)
    return [r for r in portfolio.evidence if isinstance(r, Observation) and r.venue == venue]


async def test_ocr_diploma_simulation_asks_for_its_reason(tmp_path):
    # OCR student guide, Simulation: "Examples of where simulation may be used include: where
    # performance is critical but events occur infrequently ...; where performance is critical,
    # happens frequently but where there is risk of harm to you in a real situation; as a
    # supplementary form of evidence."
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_form(pilot, app, "o", ObservationScreen, "Tom Reilly", "reilly")
        reason = screen.query_one("#field-simulation_reason")
        assert not reason.display  # real work: no reason is asked
        observed(screen, "Fire drill, Crown Hotel", "F3 1.1")
        screen.query_one("#context").focus()
        await pilot.press("enter", "down", "down", "enter")  # real work, RWE, simulation
        await pilot.pause()
        assert screen.query_one("#context").value == "simulation"
        assert reason.display
        await save(pilot, app)
        assert "say why simulation is used" in text(screen, "#field-simulation_reason .field-note")
        assert "Not saved" in status(screen)
        assert stored(app, "Tom Reilly", "Fire drill, Crown Hotel") == []
        assert app.focused.id == "simulation_reason"  # the refusal took the focus to it
        await pilot.press("enter", "down", "enter")  # the first reason: infrequent events
        await pilot.pause()
        assert screen.query_one("#simulation_reason").value == "infrequent_critical_event"
        await save(pilot, app)
        assert "Saved" in status(screen)
    (record,) = stored(app, "Tom Reilly", "Fire drill, Crown Hotel")
    assert (record.context, record.simulation_reason) == ("simulation", "infrequent_critical_event")
    coverage = app.caseload.logbook(candidate_id(app, "Tom Reilly")).read(app.today)
    assert record.id in coverage.coverage("F3").evidence_for("F3 1.1")


async def test_cg_forms_ask_no_reason_and_knowledge_from_simulation_counts(tmp_path):
    # C&G unit 205: "Simulation is not allowed for any performance evidence within this Unit."
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await record(
            pilot, app, "Priya Shah", "Role play, training room", "simulation", "205 Ka", "205.2.1"
        )
        assert not screen.query("#field-simulation_reason")  # C&G names no reasons
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.press("4")  # the gaps
        await pilot.pause()
        gaps = text(app.screen, "#gaps-text")
    assert "not counted for 205.2.1: observation: evidence from simulation cannot count" in gaps
    assert counts(app, "Priya Shah", "Role play, training room", "205", "205 Ka")


async def test_edexcel_a_realistic_working_environment_counts(tmp_path):
    # Edexcel: "NVQs are designed to be assessed in the workplace, or in conditions resembling
    # the workplace." ... "These conditions are described as being a 'realistic working
    # environment' (RWE)."
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await record(pilot, app, "Aisha Okafor", "College training shop", "rwe", "13.1")
    assert counts(app, "Aisha Okafor", "College training shop", "13", "13.1")


async def test_the_age_rule_applies_where_it_is_written(tmp_path):
    # C&G, Age restrictions: "These N/SVQs are not approved for the use of those who are under
    # 16 years of age." The Edexcel logbook writes no age rule.
    app = demo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_new(pilot, app)
        fill(screen, name="Jo Young", date_of_birth="1/1/2011", registration_number="Y-1",
             qualification="cg-l3-nsvq", units="301 302", registered_on="today")  # fmt: skip
        await save(pilot, app)
        assert "not approved for anyone under 16" in note(screen, "date_of_birth")
        fill(screen, qualification="edexcel-l3", units="7 8")
        await pilot.pause()
        await save(pilot, app)
        assert "Saved" in status(screen)


async def test_the_candidate_screen_reports_units_named_twice_and_more_than_needed(tmp_path):
    # C&G: "candidates must complete eight units for this award, two mandatory and six optional"
    # and the table's ICS numbers ("R/103/6284 301 Unit 7")
    app = demo_app(tmp_path)
    before = {p.name: p.read_bytes() for p in app.caseload.files()}
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_new(pilot, app)
        fill(screen, name="Kai Moss", date_of_birth="2/5/1999", registration_number="K-1",
             qualification="cg-l3-nsvq", registered_on="today")  # fmt: skip
        await pilot.pause()
        fill(screen, units="301 302 7")
        await pilot.pause()
        assert combination(screen) == (
            "✗ unit 301 is named twice ('301' and '7'): name each unit once"
        )
        await save(pilot, app)
        assert "unit 301 is named twice ('301' and '7')" in note(screen, "units")
        assert {p.name: p.read_bytes() for p in app.caseload.files()} == before
        fill(screen, units="7 8 13 14 22 18 32 39 40")  # by ICS numbers, one more than needed
        await pilot.pause()
        said = " ".join(combination(screen).split())
        assert said.startswith("✓ 9 units: this choice achieves the qualification.")
        assert "Note: has 7 units from the optional themes, 1 more than the award needs" in said
        await save(pilot, app)
        assert "Saved" in status(screen)
    cid = candidate_id(app, "Kai Moss")
    units = app.caseload.logbook(cid).read(app.today).candidate.units
    assert units == ["301", "302", "205", "206", "211", "303", "308", "311", "312"]
