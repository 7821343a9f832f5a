"""Choosing between the versions a merge kept ("2 versions: choose", logbook/store/merges.py).

Two laptops hold the same logbook and change the same field without seeing each other; when
their entries meet, the field is kept twice and flagged. The assessor picks one value: it is
saved as an edit, or, when the record is part of a signed-off unit, as a correction, naming
the versions it settles, and the flag clears on both laptops, whose files still verify.
The entries travel between the two folders as a sync would carry them (`apply_entries`).
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, time

import pytest

from logbook.centre.sync import SyncReport, apply_entries
from logbook.domain.records import Candidate, Discussion, Link, Observation, SignOff
from logbook.domain.validation import RecordRefused
from logbook.store.caseload import Caseload
from logbook.store.device import device_id
from logbook.store.logbooks import LogbookFile
from logbook.store.merges import choices, choose, flags
from logbook.store.storage import settle

TODAY = date(2025, 6, 1)
AMY = "Amy Jones"


def tom() -> Candidate:
    return Candidate(
        name="Tom Reilly", date_of_birth=date(2001, 9, 2), registration_number="OCR-03456-2290",
        qualification="ocr-l3-diploma", units=["F3", "F4", "A13", "B9", "C5", "D8", "D9"],
        registered_on=date(2025, 2, 1), workplace="Northern Rail ticket office, York",
    )  # fmt: skip


@pytest.fixture
def two_laptops(tmp_path) -> tuple[LogbookFile, LogbookFile]:
    """Tom's logbook with the evidence that completes unit F3 (not signed off yet), on the
    first laptop and on a second one that started from a copy of its data folder."""
    caseload = Caseload(tmp_path / "a")
    book = caseload.create(tom(), AMY, TODAY)
    f3 = caseload.library.get("ocr-l3-diploma").unit("F3")
    book.add(
        Observation(
            date=date(2025, 3, 3),
            time=time(8, 15),
            venue="York station ticket office",
            activity="Explained off-peak fares and the delay-repay scheme to commuters.",
            links=[Link("F3", i.code) for i in f3.items if i.evidence == "performance"],
            justification="Service offer explained accurately.",
            feedback="Check understanding.",
        ),
        AMY,
        TODAY,
    )
    book.add(
        Discussion(
            date=date(2025, 3, 5),
            topics="Principles of customer service in rail",
            notes="Tom covered learning outcome 3 with examples.",
            duration_minutes=50,
            links=[Link("F3", i.code) for i in f3.items if i.evidence == "knowledge"],
        ),
        AMY,
        TODAY,
    )
    settle()  # the saves done: the old files' second names unlinked (replaced_path)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    other = LogbookFile(tmp_path / "b" / book.path.name)
    assert device_id(tmp_path / "b") != device_id(tmp_path / "a")  # a device of its own
    return book, other


def discussion(book: LogbookFile) -> Discussion:
    return next(r for r in book.read(TODAY).current if isinstance(r, Discussion))


def exchange(one: LogbookFile, other: LogbookFile) -> None:
    """Each laptop takes the other's history entries, as a sync would bring them."""
    for source, target in ((one, other), (other, one)):
        entries = [dict(e) for e in source.rows()[1]]
        apply_entries(target.path, entries, AMY, device_id(target.folder), SyncReport())


def both_edit_the_notes(one: LogbookFile, other: LogbookFile) -> None:
    for book, notes in ((one, "Notes typed on the laptop"), (other, "Notes typed at the desk")):
        book.update(replace(discussion(book), notes=notes), AMY, TODAY)


def sign_off_the_unit(book: LogbookFile) -> None:
    """The unit of the discussion both laptops edited is signed off on `book`."""
    book.sign_off(
        SignOff(unit="F3", date=date(2025, 5, 1), assessor=AMY, candidate_declaration=True),
        AMY,
        TODAY,
    )


def test_a_choice_is_an_edit_that_clears_the_flag_on_both_laptops(two_laptops):
    one, other = two_laptops
    both_edit_the_notes(one, other)
    exchange(one, other)
    (choice,) = choices(one.path)
    assert list(choice.fields) == ["notes"]
    values = {s.value: s.device for s in choice.fields["notes"]}
    assert values == {
        "Notes typed on the laptop": device_id(one.folder),
        "Notes typed at the desk": device_id(other.folder),
    }
    assert all(s.by == AMY and s.at for s in choice.fields["notes"])
    assert [f.kind for f in flags(one.path)] == ["choose"]
    picked = next(s for s in choice.fields["notes"] if s.value == "Notes typed at the desk")
    current_before = discussion(one).notes
    saved = choose(one.path, choice, {"notes": picked}, AMY, TODAY)
    assert saved.id == choice.record_id and saved.corrects is None  # an edit, in place
    assert discussion(one).notes == "Notes typed at the desk"
    assert choices(one.path) == [] and flags(one.path) == []
    assert current_before in ("Notes typed on the laptop", "Notes typed at the desk")
    entry = one.rows()[1][-1]
    assert sorted(entry["settles"]) == sorted(
        e for s in choice.fields["notes"] for e in s.event_ids
    )
    exchange(one, other)
    for book in (one, other):
        assert flags(book.path) == [] and discussion(book).notes == "Notes typed at the desk"
        assert book.verify() == []
    assert one.read(TODAY).records == other.read(TODAY).records


def test_a_choice_on_a_signed_off_unit_is_a_correction_and_the_flag_still_clears(two_laptops):
    one, other = two_laptops
    both_edit_the_notes(one, other)
    sign_off_the_unit(one)
    exchange(one, other)
    (choice,) = choices(one.path)
    old_id = choice.record_id
    with pytest.raises(RecordRefused, match="read-only"):  # an edit is refused, as before
        one.update(replace(discussion(one), notes="x"), AMY, TODAY)
    picked = next(s for s in choice.fields["notes"] if s.device == device_id(other.folder))
    saved = choose(one.path, choice, {"notes": picked}, AMY, TODAY)
    assert saved.corrects == old_id and saved.notes == picked.value
    assert "chose between versions kept by a sync" in saved.correction_reason
    portfolio = one.read(TODAY)
    assert portfolio.is_signed_off("F3")
    assert portfolio.find(old_id) is not None  # the old record stays, unchanged
    assert flags(one.path) == [] and choices(one.path) == []
    exchange(one, other)
    for book in (one, other):
        assert flags(book.path) == [], book.folder
        assert discussion(book).id == saved.id and discussion(book).notes == picked.value
        assert book.verify() == []


def test_a_choice_for_a_record_corrected_since_is_made_on_its_correction(two_laptops):
    """The flagged record was corrected (another field) before the assessor chose: the value
    chosen goes into the correction in force, and the flag clears."""
    one, other = two_laptops
    both_edit_the_notes(one, other)
    sign_off_the_unit(one)
    exchange(one, other)
    (choice,) = choices(one.path)
    flagged = discussion(one)
    corrected = one.correct(
        flagged.id, replace(flagged, topics="Complaints"), AMY, "the topics were missing", TODAY
    )
    (choice,) = choices(one.path)  # still to choose: the correction named no version
    picked = next(s for s in choice.fields["notes"] if s.device == device_id(other.folder))
    saved = choose(one.path, choice, {"notes": picked}, AMY, TODAY)
    assert saved.corrects == corrected.id
    assert (saved.notes, saved.topics) == (picked.value, "Complaints")  # both changes kept
    assert flags(one.path) == [] and choices(one.path) == []
    assert discussion(one).id == saved.id and one.verify() == []
    exchange(one, other)
    assert flags(other.path) == [] and discussion(other).notes == picked.value


def test_a_version_that_arrives_after_the_choice_is_flagged_again(two_laptops, tmp_path):
    one, other = two_laptops
    settle()  # the saves done: the old files' second names unlinked (replaced_path)
    shutil.copytree(tmp_path / "b", tmp_path / "c")
    third = LogbookFile(tmp_path / "c" / one.path.name)
    both_edit_the_notes(one, other)
    exchange(one, other)
    (choice,) = choices(one.path)
    choose(one.path, choice, {"notes": choice.fields["notes"][0]}, AMY, TODAY)
    third.update(replace(discussion(third), notes="Notes typed on a third laptop"), AMY, TODAY)
    exchange(third, other)  # the third never saw the choice: its version is not settled
    (again,) = choices(other.path)
    assert "Notes typed on a third laptop" in {s.value for s in again.fields["notes"]}


def test_a_choice_must_pick_every_field_it_shows(two_laptops):
    one, other = two_laptops
    both_edit_the_notes(one, other)
    exchange(one, other)
    (choice,) = choices(one.path)
    before = one.path.read_bytes()
    with pytest.raises(RecordRefused, match="choose one of the versions of: notes"):
        choose(one.path, choice, {}, AMY, TODAY)
    assert one.path.read_bytes() == before
