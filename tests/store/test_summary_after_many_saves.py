"""A save works the candidate's summary out from the one kept from the save before (the new
record alone looked at: `Portfolio.added`, the plans' open items and next visit too), not from
every record; after many saves the summary in the file is the one worked out from scratch.

OCR Level 3 NVQ Diploma, "The assessment plan" (the seed): "With your assessor you will make and
agree an assessment plan. This will show: the units the plan covers; when you will be observed;
where you will be observed; what you will be doing; what evidence you will produce." and "You
will review, update and amend your plan many times as you progress through your qualification."
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from logbook.domain.portfolio import Portfolio
from logbook.domain.records import (
    Candidate,
    Link,
    Observation,
    Plan,
    PlannedItem,
    PlanReview,
    Witness,
)
from logbook.store.logbook_storage import read_summary
from logbook.store.logbooks import LogbookFile, decode_records

TODAY = date(2026, 11, 24)
UNITS = ["301", "205", "206"]


def _logbook(tmp_path) -> LogbookFile:
    folder = tmp_path / "caseload"
    folder.mkdir(mode=0o700)
    candidate = Candidate(
        name="Priya Shah",
        date_of_birth=date(1994, 3, 14),
        registration_number="CG-1",
        qualification="cg-l3-nsvq",
        units=["301", "302", "205", "206", "211", "308", "311", "312"],
        registered_on=date(2026, 1, 5),
    )
    book = LogbookFile(folder / f"{candidate.id}.json")
    book.create(candidate, "Morgan Ellis", TODAY)
    return book


def _from_scratch(book: LogbookFile) -> dict:
    records = decode_records(book.path, book.rows()[0])
    return Portfolio(book.qualification_of(records), records, TODAY).summary()


def _records(book: LogbookFile, rng: random.Random, count: int):
    """`count` records an assessor might save over a year: plans with items due on a few
    days (some the same day), their reviews moving the next visit, and observations of the
    planned criteria, some before a plan, some not yet competent."""
    items = {u: [i.code for i in book.library.get("cg-l3-nsvq").unit(u).items] for u in UNITS}
    plans: list[Plan] = []
    for n in range(count):
        day = date(2026, 3, 1) + timedelta(days=n * 2)
        roll = rng.random()
        if roll < 0.2 or not plans:
            unit = rng.choice(UNITS)
            planned = [
                PlannedItem(
                    "observation",
                    f"At the desk, part {k}",
                    [Link(unit, code) for code in rng.sample(items[unit], 2)],
                    day + timedelta(days=rng.choice([7, 14, 14, 30])),
                )
                for k in range(rng.randint(1, 3))
            ]
            plan = Plan(
                agreed_on=day,
                units=[unit],
                planned_for=day + timedelta(days=rng.choice([3, 7])) if roll < 0.15 else None,
                venue="Service desk",
                activities="Serve customers",
                items=planned,
                agreed_by_candidate="Priya Shah",
                agreed_by_assessor="Morgan Ellis",
            )
            plans.append(plan)
            yield plan
        elif roll < 0.3:
            plan = rng.choice(plans)
            yield PlanReview(
                plan_id=plan.id,
                # some written up late: dated before a visit set since, which stays set
                date=max(plan.agreed_on, day - timedelta(days=rng.choice([0, 0, 12]))),
                notes="Progress reviewed",
                next_visit=day + timedelta(days=rng.choice([5, 10])) if roll < 0.27 else None,
                reviewed_by="Morgan Ellis",
            )
        elif roll < 0.32:
            yield Witness(name=f"Sam Lee {n}", job_title="Team leader", role="colleague")
        else:
            unit = rng.choice(UNITS)
            yield Observation(
                date=day - timedelta(days=rng.choice([0, 0, 0, 40])),  # a few before a plan
                links=[Link(unit, code) for code in rng.sample(items[unit], 2)],
                context="real_work",
                decision="competent" if rng.random() < 0.85 else "not_yet_competent",
                venue="Desk",
                activity=f"Served customer {n}",
                justification="Met",
                feedback="Good",
            )


def test_the_summary_after_many_saves_is_the_one_worked_out_from_scratch(tmp_path):
    book = _logbook(tmp_path)
    rng = random.Random(20261124)
    seen_items = seen_done = 0
    for n, record in enumerate(_records(book, rng, 120), 1):
        book.add(record, "Morgan Ellis", TODAY)
        written = read_summary(book.path)[0]["of"]
        if n % 10 == 0 or n == 120:
            assert written == _from_scratch(book), f"after save {n} ({record.KIND})"
        seen_items = max(seen_items, len(written["plan"]["open_items"]))
        seen_done += len(written["plan"]["open_items"]) < seen_items
    assert written["plan"]["next_visit"] is not None and seen_items >= 3
    assert seen_done  # evidence saved did some planned items: fewer were open after it
    assert book.verify() == []  # the summary against the records, as verify works it out
