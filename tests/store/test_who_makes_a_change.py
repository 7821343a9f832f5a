"""Who makes a change is asked by one rule (`validation.by_problems`) on both of the store's
write paths: a candidate's logbook and the centre's file of sampling plans and meetings. A name
that reads as nothing, spaces or characters that draw nothing, is no name; one with a control
character is not one line of text. Either is refused, and nothing is written."""

from __future__ import annotations

import pytest

from logbook.domain.iqa import AssessorRisk, SamplingPlan
from logbook.domain.validation import RecordRefused
from logbook.store.centre_records import CentreFile
from tests.store.helpers import TODAY, new_logbook, observation

NAMES = {
    "spaces": ("   ", "say who is making the change"),
    "a zero-width space": ("\u200b", "say who is making the change"),
    "a Hangul filler": ("\u3164", "say who is making the change"),
    "an escape": ("Jo\x1b[2J Barnes", "the name of who makes the change: it holds control"),
}


@pytest.mark.parametrize(("by", "said"), NAMES.values(), ids=NAMES.keys())
def test_a_logbook_refuses_a_change_by_no_name(tmp_path, by, said):
    book = new_logbook(tmp_path / "caseload")
    before = book.path.read_bytes()
    with pytest.raises(RecordRefused) as refused:
        book.add(observation(1), by, TODAY)
    assert said in str(refused.value)
    assert book.path.read_bytes() == before


@pytest.mark.parametrize(("by", "said"), NAMES.values(), ids=NAMES.keys())
def test_the_centres_file_refuses_a_plan_saved_by_no_name(tmp_path, by, said):
    centre = CentreFile(tmp_path)
    plan = SamplingPlan(
        iqa="Jo Barnes", made_on=TODAY, assessors=[AssessorRisk("Morgan Ellis", "experienced")]
    )
    with pytest.raises(RecordRefused) as refused:
        centre.save(plan, by, TODAY)
    assert said in str(refused.value)
    assert list(tmp_path.iterdir()) == []  # nothing written
    centre.save(plan, "Jo Barnes", TODAY)  # the same plan by a name is taken
    assert list(tmp_path.iterdir()) != []
