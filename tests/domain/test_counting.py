"""Whether a record, as saved, will count: the same reasons the unit's coverage gives, said for
one record (the form says them at save)."""

from __future__ import annotations

from datetime import date

from logbook.domain import records
from logbook.domain.counting import NotCounting, will_not_count
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import Candidate, Link, Observation, Witness, WorkProduct
from logbook.qualifications import load_library

TODAY = date(2026, 11, 24)
LIBRARY = load_library()
CG = LIBRARY.get("cg-l3-nsvq")
OCR_L3 = LIBRARY.get("ocr-l3-diploma")
PRIYA = Candidate(
    name="Priya Shah", date_of_birth=date(1994, 3, 14), registration_number="CG-1",
    qualification="cg-l3-nsvq", units=["301", "302", "205", "206", "211", "303", "308", "311"],
    registered_on=date(2026, 6, 1),
)  # fmt: skip
SAM = Witness(
    name="Sam Patel", job_title="Supervisor", role="line_manager", relationship="line manager",
    contact="0113 496 0002", relative="no",
)  # fmt: skip


def seen(*codes: str, **changes) -> Observation:
    values = dict(
        date=date(2026, 11, 2), links=[Link(c.split(".")[0].split()[0], c) for c in codes],
        venue="Desk", activity="Served customers", justification="Met", feedback="Good",
        decision="competent",
    )  # fmt: skip
    values.update(changes)
    return Observation(**values)


def reasons(record, witnesses=None) -> list[NotCounting]:
    return will_not_count(record, CG, PRIYA, witnesses or {}, TODAY)


def test_evidence_that_counts_has_no_reasons():
    assert reasons(seen("205.1.1", "205 Ka")) == []


def test_simulation_where_the_unit_does_not_allow_it_names_the_items_it_stops():
    # C&G unit 205, Evidence requirements: "Simulation is not allowed for any performance
    # evidence within this Unit."
    found = reasons(seen("205 Ka", "205.2.1", "205.2.2", context="simulation"))
    assert [(n.codes, len(n.reasons)) for n in found] == [(("205.2.1", "205.2.2"), 1)]
    assert str(found[0]) == (
        "It will not count for 205.2.1, 205.2.2: evidence from simulation cannot count for unit "
        "205: its performance evidence must come from real work or a realistic working "
        "environment."
    )
    # every item stopped: no list of codes, the reason alone
    assert reasons(seen("205.2.1", context="simulation"))[0].codes == ()


def test_not_yet_competent_counts_for_nothing():
    # OCR: "Your assessor's decision will be either - that you are competent or - that you are
    # not yet competent."
    (found,) = reasons(seen("205.1.1", decision="not_yet_competent"))
    assert str(found) == "It will not count: the observation's decision was 'not yet competent'."
    product = WorkProduct(
        date=date(2026, 11, 2), links=[Link("205", "205.1.1")], title="Log", location="Desk",
        decision="not_yet_competent", justification="No", feedback="Again",
    )  # fmt: skip
    assert "the work product's decision was 'not yet competent'" in str(reasons(product)[0])


def stated(witness_id: str, **changes) -> records.Testimony:
    values = dict(
        date=date(2026, 11, 2), witness_id=witness_id, form="verbal",
        description=(
            "On a busy Saturday Priya calmed a customer whose online order had gone missing, "
            "found it in the stock room and phoned him the next day."
        ),
        links=[Link("205", "205.1.5")],
    )  # fmt: skip
    values.update(changes)
    return records.Testimony(**values)


def test_a_testimony_from_a_witness_who_cannot_be_used_says_why():
    unasked = Witness(name="Chris Dale", job_title="Driver", relative="")
    (found,) = reasons(stated(unasked.id), {unasked.id: unasked})
    assert found.codes == ()
    assert any(r.startswith("witness Chris Dale: ") for r in found.reasons)
    assert reasons(stated(SAM.id), {SAM.id: SAM}) == []


def test_a_testimony_the_candidate_wrote_does_not_count():
    # OCR: "It is not acceptable for you to produce written witness testimonies for witnesses
    # to sign."
    (found,) = reasons(stated(SAM.id, written_by="candidate"), {SAM.id: SAM})
    assert found.reasons[0].startswith("the candidate wrote it")


def test_the_reasons_are_the_ones_the_gaps_give():
    record = seen("205 Ka", "205.2.1", context="simulation")
    folio = Portfolio(CG, [PRIYA, record], TODAY)
    gaps = {r.code: r.reason for r in folio.coverage("205").refused}
    (found,) = reasons(record)
    assert gaps == {"205.2.1": f"observation: {found.reasons[0]}"}


def test_simulation_without_one_of_the_ocr_reasons_does_not_count():
    # OCR Level 3 NVQ Diploma, Simulation: "Examples of where simulation may be used include:
    # where performance is critical but events occur infrequently ..."
    tom = Candidate(
        name="Tom Reilly", date_of_birth=date(1990, 1, 1), registration_number="O-1",
        qualification="ocr-l3-diploma", units=["F3", "F4", "A14", "B9", "C5", "D8", "D1"],
        registered_on=date(2026, 6, 1),
    )  # fmt: skip
    record = seen(context="simulation", links=[Link("F3", "F3 1.1")])
    (found,) = will_not_count(record, OCR_L3, tom, {}, TODAY)
    assert "only with one of the reasons" in found.reasons[0]
    record.simulation_reason = "infrequent_critical_event"
    assert will_not_count(record, OCR_L3, tom, {}, TODAY) == []
