"""The sampling plan against a centre's real portfolios: CAVIAR coverage, the grids, the
proposed sample and what is overdue."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from logbook.domain.iqa import RISK_RATINGS, Action, RiskShare, StandardisationMeeting
from logbook.domain.sampling import (
    Cell,
    centre_work,
    overdue,
    plan_coverage,
    propose_sample,
    share_of,
    share_status,
    work_of,
)
from tests.domain.centre_helpers import (
    assessment_plan,
    candidate,
    evidence,
    plan,
    portfolio,
    sample,
    signoff,
)

MORGAN, SAM, RIA = "Morgan Ellis", "Sam Okafor", "Ria Patel"


def centre():
    """Morgan (new): two candidates at one shop. Sam (experienced): four candidates at a hotel
    and a bank, each with a different method. Ria has a candidate but is not in the plan."""
    priya = portfolio(
        candidate("Priya Shah", MORGAN, "Greenway Stores", id="c-priya"),
        evidence("observation", "205"),
        evidence("discussion", "301"),
        signoff("301", MORGAN),
        assessment_plan(),
    )
    tom = portfolio(
        candidate("Tom Hart", MORGAN, "Greenway Stores", id="c-tom"),
        evidence("work_product", "206"),
    )
    ada = portfolio(
        candidate("Ada Byrne", SAM, "Harbour Hotel", id="c-ada"), evidence("observation", "205")
    )
    ben = portfolio(
        candidate("Ben Cole", SAM, "Harbour Hotel", id="c-ben"), evidence("questioning", "206")
    )
    cara = portfolio(
        candidate("Cara Diaz", SAM, "City Bank", id="c-cara"), evidence("testimony", "211")
    )
    dev = portfolio(
        candidate("Dev Egan", SAM, "City Bank", id="c-dev"),
        evidence("discussion", "301"),
        signoff("301", SAM),
    )
    noor = portfolio(
        candidate("Noor Ali", RIA, "Harbour Hotel", id="c-noor"), evidence("observation", "302")
    )
    return {p.candidate.name.split()[0].lower(): p for p in (priya, tom, ada, ben, cara, dev, noor)}


PLAN = plan((MORGAN, "new"), (SAM, "experienced"))


def test_work_to_sample_is_a_unit_with_evidence_or_a_sign_off_at_its_stage():
    priya = centre()["priya"]
    work = {w.unit: w for w in work_of(priya)}
    assert sorted(work) == ["205", "301"]  # the other six units have nothing in them yet
    assert work["205"].stage == "interim" and work["205"].methods == ("observation",)
    assert work["301"].stage == "summative" and work["301"].methods == ("discussion",)
    assert work["301"].workplace == "Greenway Stores"


def test_the_assessor_of_a_signed_off_unit_is_the_one_who_signed_it():
    handed_over = portfolio(
        candidate("Priya Shah", MORGAN, id="c-p"),
        evidence("discussion", "301"),
        signoff("301", SAM),
        evidence("observation", "205"),
    )
    assessors = {w.unit: w.assessor for w in work_of(handed_over)}
    assert assessors == {"301": SAM, "205": MORGAN}


def test_shares_follow_the_risk_rating_rounded_up():
    statuses = {s.assessor: s for s in share_status(PLAN, list(centre().values()), [])}
    morgan, sam = statuses[MORGAN], statuses[SAM]
    assert (morgan.candidates, morgan.candidates_needed, morgan.units, morgan.units_needed) == (
        2, 2, 3, 3,
    )  # fmt: skip
    assert (sam.candidates, sam.candidates_needed, sam.units, sam.units_needed) == (4, 1, 4, 1)
    assert share_of(25, 1) == 1 and share_of(10, 30) == 3 and share_of(10, 31) == 4


def test_the_proposal_covers_first_what_no_sample_has_covered():
    folios = list(centre().values())
    proposal = propose_sample(PLAN, folios, [])
    by = {}
    for p in proposal:
        by.setdefault(p.assessor, []).append((p.candidate, p.unit, p.stage))
    # Morgan is new: everything. The summative piece first (a stage and a workplace unseen).
    assert sorted(by[MORGAN]) == [
        ("Priya Shah", "205", "interim"),
        ("Priya Shah", "301", "summative"),
        ("Tom Hart", "206", "interim"),
    ]
    # Sam's quarter is one piece: Ben's questioning, a method no sample has reached yet (Cara's
    # testimony covers as much and loses on the name). Ada's observation would cover less.
    assert by[SAM] == [("Ben Cole", "206", "interim")]
    assert RIA not in by  # not in the plan: flagged, not proposed


def test_the_proposal_skips_what_is_sampled_and_meets_the_share():
    c = centre()
    folios = list(c.values())
    done = [sample(c["ben"], "206")]
    proposal = propose_sample(PLAN, folios, done)
    assert [p.candidate for p in proposal if p.assessor == SAM] == []  # a quarter is met
    # half of Sam's four: one more. Dev's sign-off is the summative stage no sample has seen.
    strict = plan((SAM, "experienced"), shares=[RiskShare("experienced", 50, 50)])
    proposal = propose_sample(strict, folios, done)
    assert [(p.candidate, p.unit, p.stage) for p in proposal] == [("Dev Egan", "301", "summative")]


def test_coverage_grids_count_sampled_work_per_assessor_unit_and_method():
    c = centre()
    folios = list(c.values())
    decisions = [sample(c["ada"], "205"), sample(c["priya"], "301")]
    coverage = plan_coverage(PLAN, folios, decisions)
    assert coverage.units.rows == (MORGAN, SAM, RIA)
    assert coverage.units.columns == ("205", "206", "211", "301", "302")
    assert coverage.units.cell(SAM, "205") == Cell(1, 1)
    assert coverage.units.cell(SAM, "301") == Cell(0, 1)
    assert coverage.units.cell(MORGAN, "301") == Cell(1, 1)
    assert coverage.units.cell(MORGAN, "205") == Cell(0, 1)
    assert coverage.units.cell(MORGAN, "211") == Cell(0, 0)
    assert coverage.methods.columns == (
        "observation", "testimony", "discussion", "questioning", "work_product",
    )  # fmt: skip
    assert coverage.methods.cell(SAM, "observation") == Cell(1, 1)
    assert coverage.methods.cell(MORGAN, "discussion") == Cell(1, 1)
    assert coverage.methods.cell(MORGAN, "observation") == Cell(0, 1)
    assert (RIA, "302") in coverage.units.uncovered()
    assert coverage.unplanned == (RIA,)


def test_caviar_factors_name_what_is_not_yet_covered():
    c = centre()
    decisions = [sample(c["ada"], "205"), sample(c["priya"], "301")]
    factors = plan_coverage(PLAN, list(c.values()), decisions).factors
    assert factors["candidates"].covered == ("Ada Byrne", "Priya Shah")
    assert "Tom Hart" in factors["candidates"].missing
    assert factors["assessors"].missing == (RIA,)
    assert factors["venues"].covered == ("Greenway Stores", "Harbour Hotel")
    assert factors["venues"].missing == ("City Bank",)
    assert factors["instruments"].missing == ("testimony", "questioning", "work_product")
    assert factors["decisions"].covered == (f"{MORGAN}: summative", f"{SAM}: interim")
    assert f"{MORGAN}: interim" in factors["decisions"].missing
    assert factors["records"].present == ("plan", "signoff")
    assert factors["records"].covered == ("signoff",)  # Priya's sign-off was looked at


def test_overdue_names_late_actions_short_shares_and_assessors_left_out():
    c = centre()
    late = sample(c["ada"], "205", "agree_with_actions")  # action due 1 Dec 2026
    meeting = StandardisationMeeting(
        date=date(2026, 10, 1),
        attendees=["Jo Barnes", MORGAN],
        actions=[Action("Agree the busy-period wording", date(2026, 10, 15)),
                 Action("Done already", date(2026, 10, 15), done=True)],
    )  # fmt: skip
    found = overdue(PLAN, list(c.values()), [late], [meeting], date(2026, 12, 2))
    assert [(o.kind, o.message) for o in found] == [
        ("action", "standardisation Thu 1 Oct 2026: Agree the busy-period wording "
                   "(due Thu 15 Oct 2026)"),
        ("action", "Sam Okafor, Ada Byrne unit 205: Add the busy period (due Tue 1 Dec 2026)"),
        ("share", "Morgan Ellis (new): sampled 0 of the 2 candidates the plan asks for and 0 of "
                  "the 3 units the plan asks for"),
        ("unplanned", "Ria Patel has work to sample but is not in the plan"),
    ]  # fmt: skip
    on_time = overdue(PLAN, list(c.values()), [late], [], date(2026, 12, 1))
    assert [o.kind for o in on_time] == ["share", "unplanned"]


# --- properties over random centres -----------------------------------------------------------

ASSESSORS = ["Morgan Ellis", "Sam Okafor", "Ria Patel"]
KINDS = ["observation", "discussion", "questioning", "work_product", "testimony"]
UNITS = ["301", "302", "205", "206", "211"]


@st.composite
def centres(draw):
    count = draw(st.integers(1, 3))
    names = ASSESSORS[:count]
    shares = [
        RiskShare(r, draw(st.integers(1, 100)), draw(st.integers(1, 100))) for r in RISK_RATINGS
    ]
    the_plan = plan(*[(n, draw(st.sampled_from(RISK_RATINGS))) for n in names], shares=shares)
    folios = []
    for number in range(draw(st.integers(1, 7))):
        assessor = draw(st.sampled_from(names))
        workplace = draw(st.sampled_from(["", "Greenway Stores", "Harbour Hotel"]))
        records = []
        for unit in draw(st.lists(st.sampled_from(UNITS), unique=True, max_size=4)):
            for kind in draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=2)):
                records.append(evidence(kind, unit))
            if draw(st.booleans()):
                records.append(signoff(unit, draw(st.sampled_from(names))))
        person = candidate(f"Candidate {number}", assessor, workplace, id=f"c{number}")
        folios.append(portfolio(person, *records))
    work = centre_work(folios)
    by_id = {f.candidate.id: f for f in folios}
    done = draw(st.lists(st.sampled_from(work), unique_by=lambda w: w.key)) if work else []
    decisions = [sample(by_id[w.candidate_id], w.unit) for w in done]
    return the_plan, folios, decisions


def _decide(folios, proposal):
    by_id = {f.candidate.id: f for f in folios}
    return [sample(by_id[p.candidate_id], p.unit) for p in proposal]


@settings(max_examples=100, deadline=None)
@given(centres())
def test_sampling_the_proposal_meets_every_assessors_share(given_centre):
    the_plan, folios, decisions = given_centre
    proposal = propose_sample(the_plan, folios, decisions)
    after = share_status(the_plan, folios, decisions + _decide(folios, proposal))
    assert all(s.met for s in after), [s.shortfall() for s in after]


@settings(max_examples=100, deadline=None)
@given(centres())
def test_the_proposal_never_repeats_a_sample_and_takes_no_more_than_the_shortfall(given_centre):
    the_plan, folios, decisions = given_centre
    proposal = propose_sample(the_plan, folios, decisions)
    sampled = {(d.candidate_id, d.unit) for d in decisions}
    keys = [(p.candidate_id, p.unit) for p in proposal]
    assert len(keys) == len(set(keys))
    assert not sampled & set(keys)
    for status in share_status(the_plan, folios, decisions):
        taken = [p for p in proposal if p.assessor == status.assessor]
        short = max(
            status.candidates_needed - status.candidates_sampled,
            status.units_needed - status.units_sampled,
            0,
        )
        assert len(taken) == short


@settings(max_examples=50, deadline=None)
@given(centres(), st.randoms(use_true_random=False))
def test_the_proposal_is_the_same_whatever_the_order_of_its_inputs(given_centre, rng):
    the_plan, folios, decisions = given_centre
    first = propose_sample(the_plan, folios, decisions)
    folios, decisions = list(folios), list(decisions)
    rng.shuffle(folios)
    rng.shuffle(decisions)
    assert propose_sample(the_plan, folios, decisions) == first


def test_shuffled_centre_gives_the_same_grids():
    c = centre()
    folios = list(c.values())
    decisions = [sample(c["ada"], "205"), sample(c["priya"], "301")]
    first = plan_coverage(PLAN, folios, decisions)
    random.Random(3).shuffle(folios)
    again = plan_coverage(PLAN, folios, list(reversed(decisions)))
    assert again.units.cells == first.units.cells and again.factors == first.factors
