"""A fresh one-candidate logbook for the store tests that start writer processes on it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson

from logbook.demo import write_demo
from logbook.domain.records import Candidate, Link, Observation
from logbook.store.logbooks import LogbookFile

TODAY = date(2025, 6, 1)


def new_logbook(folder: Path) -> LogbookFile:
    folder.mkdir(mode=0o700)
    candidate = Candidate(
        name="Gareth Jones",
        date_of_birth=date(1979, 6, 21),
        registration_number="OCR-NVQ-1187",
        qualification="ocr-l3-nvq",
        units=["1", "2", "3", "4", "5", "6"],
        registered_on=date(2025, 1, 6),
    )
    book = LogbookFile(folder / f"{candidate.id}.json")
    book.create(candidate, "test", TODAY)
    return book


def observation(n: int) -> Observation:
    """The `n`th observation of the logbook `new_logbook` makes (its activity numbered)."""
    return Observation(
        date=date(2025, 5, 1),
        venue="Valley Leisure Centre reception",
        activity=f"Dealt with complaint {n} at the desk",
        links=[Link("1", "1.2")],
        justification="Recorded accurately",
        feedback="Well done",
    )


def richest_demo_logbook(folder: Path) -> tuple[Path, list[dict]]:
    """The demo caseload written into `folder`, and its logbook with the most kinds of record:
    its path and its rows as read."""
    write_demo(folder, TODAY)
    found = []
    for path in folder.glob("*.json"):
        if path.name.startswith("."):
            continue
        rows = list(orjson.loads(path.read_bytes())["records"].values())
        found.append((len({r["kind"] for r in rows}), len(rows), path, rows))
    _, _, path, rows = max(found, key=lambda f: f[:2])
    return path, rows
