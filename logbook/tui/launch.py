"""Start the terminal app on a data folder (or on a fresh demo caseload)."""

from __future__ import annotations


def run_app(data_dir: str | None = None, demo: bool = False) -> int:
    from logbook.tui.app import LogbookApp

    LogbookApp().run()
    return 0
