"""A logbook written by an older version opens; one written by a newer version is refused.

Format 1 had no history table. Such a file must open and read the same records, verify clean
(its history starts from the records as they stand), be left as it is by reading, and be
upgraded to format 2, with history, by the next write.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, time
from pathlib import Path

import orjson
import pytest

from logbook.domain.records import Candidate, Link, Observation
from logbook.store.caseload import Caseload
from logbook.store.logbooks import FORMAT, CorruptLogbook, LogbookFile

TODAY = date(2025, 6, 1)
CANDIDATE_ID = "5b0f6f0e-3c55-4a2f-9a4e-2f1c1f0e7a11"
OBSERVATION_ID = "a3c1d2e4-7b8f-4e1a-9c2d-0f6e5d4c3b2a"

FORMAT_1 = {
    "meta": {"1": {"format": 1, "candidate": CANDIDATE_ID}},
    "records": {
        "1": {
            "kind": "candidate",
            "id": CANDIDATE_ID,
            "name": "Gareth Jones",
            "date_of_birth": "1979-06-21",
            "registration_number": "OCR-NVQ-1187",
            "qualification": "ocr-l3-nvq",
            "units": ["1", "2", "3", "4", "5", "6"],
            "registered_on": "2025-01-06",
            "workplace": "Valley Leisure Centre, Swansea",
        },
        "2": {
            "kind": "observation",
            "id": OBSERVATION_ID,
            "date": "2025-02-10",
            "time": "09:00:00",
            "venue": "Valley Leisure Centre reception",
            "activity": "Planned the week's bookings rota and logged every enquiry.",
            "links": [{"unit": "1", "code": "1.1"}, {"unit": "1", "code": "1.2"}],
            "context": "real_work",
            "decision": "competent",
            "justification": "Reliable service planned, reviewed and recorded.",
            "feedback": "Well organised.",
        },
    },
}


@pytest.fixture
def old_file(tmp_path) -> Path:
    folder = tmp_path / "caseload"
    folder.mkdir(mode=0o700)
    path = folder / f"{CANDIDATE_ID}.json"
    path.write_text(json.dumps(FORMAT_1, indent=4))  # as an older logbook might have
    return path


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_a_format_1_file_opens_with_the_same_records(old_file):
    before = _fingerprint(old_file)
    book = LogbookFile(old_file)
    portfolio = book.read(TODAY)

    assert [r.id for r in portfolio.records] == [CANDIDATE_ID, OBSERVATION_ID]
    candidate, observation = portfolio.records
    assert isinstance(candidate, Candidate)
    assert candidate.name == "Gareth Jones"
    assert candidate.date_of_birth == date(1979, 6, 21)
    assert candidate.units == ["1", "2", "3", "4", "5", "6"]
    assert isinstance(observation, Observation)
    assert observation.date == date(2025, 2, 10)
    assert observation.time == time(9, 0)
    assert observation.links == [Link("1", "1.1"), Link("1", "1.2")]
    assert observation.activity == FORMAT_1["records"]["2"]["activity"]

    assert book.verify() == []
    view = Caseload(old_file.parent).view(TODAY)
    assert view.problems == []
    assert [s["name"] for s in view.summaries] == ["Gareth Jones"]
    assert _fingerprint(old_file) == before  # opening never rewrites a file


def test_the_next_write_upgrades_a_format_1_file_with_history(old_file):
    book = LogbookFile(old_file)
    new = Observation(
        date=date(2025, 3, 3),
        venue="Valley Leisure Centre reception",
        activity="Logged a complaint and followed it up the next day.",
        links=[Link("1", "1.3")],
        justification="Followed up without prompting.",
        feedback="Good.",
    )
    book.add(new, "Morgan Ellis", TODAY)

    data = orjson.loads(old_file.read_bytes())
    assert data["meta"]["1"]["format"] == FORMAT == 2
    assert data["meta"]["1"]["candidate"] == CANDIDATE_ID
    history = [data["history"][k] for k in sorted(data["history"], key=int)]
    assert [(e["action"], e["record"]) for e in history] == [
        ("migrate", CANDIDATE_ID),
        ("migrate", OBSERVATION_ID),
        ("add", new.id),
    ]
    # the migrated entries are the file's older chain; the new one starts this device's chain
    assert [e["seq"] for e in history] == [1, 2, 1]
    assert "device" not in history[1] and history[2]["prev"] == "0" * 64
    assert history[2]["device"] and history[2]["content"] == new.to_dict()
    # the old records are kept as they were
    records = list(data["records"].values())
    assert records[:2] == list(FORMAT_1["records"].values())
    assert book.verify() == []

    # and the upgraded file stays put: reading it again changes nothing
    after = _fingerprint(old_file)
    assert [r.id for r in book.read(TODAY).records] == [CANDIDATE_ID, OBSERVATION_ID, new.id]
    assert _fingerprint(old_file) == after


def test_an_upgraded_file_can_be_changed_like_any_other(old_file):
    book = LogbookFile(old_file)
    observation = book.read(TODAY).find(OBSERVATION_ID)
    observation.feedback = "Well organised; note follow-ups on the account."
    book.update(observation, "Morgan Ellis", TODAY)
    assert book.read(TODAY).find(OBSERVATION_ID).feedback.endswith("on the account.")
    assert book.verify() == []
    history = book.rows()[1]
    assert [e["action"] for e in history] == ["migrate", "migrate", "update"]


def test_a_file_from_a_newer_logbook_is_refused_and_left_alone(old_file):
    newer = {**FORMAT_1, "meta": {"1": {"format": 99, "candidate": CANDIDATE_ID}}, "history": {}}
    old_file.write_bytes(orjson.dumps(newer))
    before = _fingerprint(old_file)
    book = LogbookFile(old_file)

    with pytest.raises(CorruptLogbook, match="written by a newer logbook") as refused:
        book.read(TODAY)
    assert "format 99" in str(refused.value)
    assert old_file.name in str(refused.value)
    with pytest.raises(CorruptLogbook, match="written by a newer logbook"):
        book.add(
            Observation(
                date=date(2025, 3, 3),
                venue="Reception",
                activity="Anything",
                links=[Link("1", "1.3")],
                justification="j",
                feedback="f",
            ),
            "test",
            TODAY,
        )
    view = Caseload(old_file.parent).view(TODAY)
    assert [p.path.name for p in view.problems] == [old_file.name]
    assert "newer logbook" in view.problems[0].reason
    assert _fingerprint(old_file) == before
