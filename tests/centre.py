"""A centre's unit file for the tests (tests/fixtures/centre-standards/, invented, not shipped)
and what the tests that use it share."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from logbook.domain.records import Candidate

FIXTURES = Path(__file__).parent / "fixtures" / "centre-standards"
CENTRE_F5 = FIXTURES / "ocr-l4-f5-invented.json"
# the items of the invented F5, in order: what must be covered before F5 can be signed off
F5_ITEMS = ["F5 1.1", "F5 1.2", "F5 2.1", "F5 ER1a", "F5 ER1b"]


def centre_data() -> dict:
    return json.loads(CENTRE_F5.read_text(encoding="utf-8"))


def write_json(folder: Path, name: str, data) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def install(data_dir: Path, data: dict | None = None, name: str = "ocr-l4-f5-invented.json"):
    """Put a centre's file in a data folder's standards/ folder, as 'standards add' does."""
    folder = data_dir / "standards"
    if data is None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(CENTRE_F5.read_bytes())
        return folder / name
    return write_json(folder, name, data)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder and its bytes: to show that nothing changed."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


def lena(units=("F5", "F6", "A17", "B13", "C8", "D14", "D17")) -> Candidate:
    """An OCR Level 4 candidate, as in the demo caseload."""
    return Candidate(
        name="Lena Novak",
        date_of_birth=date(1985, 11, 3),
        registration_number="OCR-L4-5521",
        qualification="ocr-l4-diploma",
        units=list(units),
        registered_on=date(2026, 8, 1),
    )
