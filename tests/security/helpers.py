"""What the security tests share: a fresh copy of the demo caseload, and a file's fingerprint."""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import subprocess
from datetime import date, time
from pathlib import Path

from logbook.demo import write_demo
from logbook.domain.records import Candidate, Link, SignOff, Testimony, Witness
from logbook.store.caseload import Caseload
from logbook.store.logbooks import LogbookFile

TODAY = date(2025, 6, 1)
ASSESSOR = "Morgan Ellis"


def here(*args) -> subprocess.CompletedProcess:
    """The real command line (`logbook ARGS`), run in this process, with what it printed."""
    from logbook.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def demo_copy(template: Path, folder: Path) -> Caseload:
    """A fresh copy of a demo caseload written once per module (`write_demo(template)`)."""
    shutil.copytree(template, folder, symlinks=True)
    return Caseload(folder)


def write_template(folder: Path) -> Path:
    write_demo(folder, TODAY)
    return folder


def fingerprint(path: Path) -> tuple[str, int]:
    """The bytes and the modification time of a file: equal means not written to."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def folder_state(folder: Path) -> dict[str, str]:
    """Every logbook file in a folder with a hash of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob("*.json"))
        if not p.name.startswith(".") and p.is_file() and not p.is_symlink()
    }


def witnessed_unit(caseload: Caseload) -> tuple[LogbookFile, Witness, Testimony]:
    """A logbook whose unit 1 is signed off on a written testimony alone."""
    candidate = Candidate(
        name="Dylan Morgan",
        date_of_birth=date(1990, 4, 2),
        registration_number="OCR-NVQ-3301",
        qualification="ocr-l3-nvq",
        units=["1", "2", "3", "4", "5", "6"],
        registered_on=date(2025, 1, 6),
    )
    book = caseload.create(candidate, ASSESSOR, TODAY)
    witness = Witness(
        name="Alys Price",
        job_title="Duty manager",
        organisation="Valley Leisure Centre",
        role="manager",
        relationship="his duty manager for a year",
        contact="alys.price@example.org",
        knows_standards=True,
    )
    book.add(witness, ASSESSOR, TODAY)
    testimony = Testimony(
        date=date(2025, 3, 3),
        witness_id=witness.id,
        form="written",
        candidate_name="Dylan Morgan",
        time=time(9, 0),
        venue="Valley Leisure Centre reception",
        description=(
            "Dylan planned the week's bookings rota with the team, checked it against the "
            "expected demand for the school holidays, changed two shifts when a coach party "
            "booked, and logged every enquiry and what was done about it on the system."
        ),
        written_on=date(2025, 3, 4),
        relationship="his duty manager",
        signed=True,
        job_title="Duty manager",
        contact="alys.price@example.org",
        links=[Link("1", "1.1"), Link("1", "1.2"), Link("1", "1.3")],
    )
    book.add(testimony, ASSESSOR, TODAY)
    book.sign_off(
        SignOff(unit="1", date=date(2025, 3, 10), assessor=ASSESSOR, candidate_declaration=True),
        ASSESSOR,
        TODAY,
    )
    return book, witness, testimony


def rechained(logbook: dict) -> dict:
    """The export's logbook with a history recomputed for its records as they now are, and its
    length and last hash to match: what a forger recomputing the chain would do (unsigned, as
    an export written before entries were signed)."""
    from logbook.store import history as chain

    entries: list[dict] = []
    for row in logbook["records"]:
        entries.append(chain.make_entry(entries[-1] if entries else None, "add", row, "forger"))
    forged = {**logbook, "history": entries}
    if "history_count" in logbook:  # version 2 exports say how long the history is
        forged.update(history_count=len(entries), last_hash=entries[-1]["hash"])
    return forged
