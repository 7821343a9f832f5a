"""Shared set-up for the screen tests: a real demo caseload in a temporary folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from logbook.demo import write_demo
from logbook.tui.app import LogbookApp

TODAY = date(2026, 11, 24)
SIZE = (80, 24)


def demo_app(folder: Path, today: date = TODAY) -> LogbookApp:
    caseload = folder / "caseload"
    write_demo(caseload, today)
    return LogbookApp(caseload, assessor="Test Assessor", today=today)


def candidate_id(app: LogbookApp, name: str) -> str:
    return next(s["id"] for s in app.caseload.view(app.today).summaries if s["name"] == name)
