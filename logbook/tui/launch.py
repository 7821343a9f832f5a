"""Start the terminal app on a data folder, or on a fresh demo caseload."""

from __future__ import annotations

import tempfile
from pathlib import Path

from logbook.store.location import data_dir as resolve_data_dir


def run_app(data_dir: str | None = None, demo: bool = False, assessor: str | None = None) -> int:
    from logbook.tui.app import LogbookApp

    if demo:
        from logbook.demo import write_demo

        with tempfile.TemporaryDirectory(prefix="logbook-demo-") as folder:
            path = Path(folder) / "caseload"
            write_demo(path)
            # the demo's folder goes when the app quits; its exports stay where it was started
            app = LogbookApp(path, assessor=assessor, export_folder=Path.cwd())
            app.run()
        return app.return_code or 0
    app = LogbookApp(resolve_data_dir(data_dir), assessor=assessor)
    app.run()
    return app.return_code or 0  # 1 when the app stopped on an error
