"""Every id in a record is a UUID (`validation.check_ids`, and `changes.logbook_problems` for a
whole logbook): the fields looked at are those each kind of record has (`validation.id_fields`,
worked out once a kind), and a record of any kind with anything but a UUID in any of them is
refused, naming the field."""

from __future__ import annotations

import dataclasses

import pytest

from logbook.domain.records import RECORD_KINDS
from logbook.domain.validation import ID_FIELDS, check_ids, id_fields


@pytest.mark.parametrize("kind", sorted(RECORD_KINDS))
def test_each_id_field_a_kind_has_is_checked(kind):
    cls = RECORD_KINDS[kind]
    names = {f.name for f in dataclasses.fields(cls)}
    assert id_fields(cls) == tuple(n for n in ID_FIELDS if n in names)
    assert {"id", "corrects"} <= set(id_fields(cls))
    for name in id_fields(cls):
        record = cls.__new__(cls)  # every field None but the one damaged
        for field in dataclasses.fields(cls):
            object.__setattr__(record, field.name, None)
        object.__setattr__(record, name, "../victim")
        assert [p.field for p in check_ids(record)] == [name], (kind, name)


def test_a_testimony_and_a_review_have_their_own_ids_checked():
    assert "witness_id" in id_fields(RECORD_KINDS["testimony"])
    assert "plan_id" in id_fields(RECORD_KINDS["plan_review"])


def test_a_replayed_logbook_refuses_an_empty_id_as_before():
    """`logbook_problems` asks `check_ids` again only of a record with an empty id or plan id
    (its own look refuses every other id that is not a UUID): those are still refused."""
    from datetime import date

    from logbook.domain.changes import logbook_problems
    from logbook.domain.records import PlanReview
    from tests.domain.test_coverage_and_signoff import CG, candidate, observation
    from tests.domain.test_portfolio_added import PLAN

    who = candidate()
    review = PlanReview(plan_id="", date=date(2026, 11, 2), notes="Done")
    nameless = dataclasses.replace(observation([]), id="")
    for record, field in ((review, "plan_id"), (nameless, "id")):
        found = logbook_problems([who, PLAN, record], {}, CG, texts_checked=True)
        assert (2, field) in [(position, p.field) for position, p in found], (field, found)
