"""Start the terminal app on a data folder, or on a fresh demo caseload."""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

from logbook.store.location import data_dir as resolve_data_dir


def lives_as_long_as_the_app() -> None:
    """What the start has made so far (the modules, their classes and tables, the app) lives as
    long as the process: it is set aside from the collector of cyclic garbage (`gc.freeze`).
    Else the start's allocations (a caseload of a thousand decoded from its index) brought on a
    full collection, going through every object Textual and the app had made: some 15 ms of
    the start, for no garbage. What is made later is collected as before."""
    gc.freeze()


def run_app(data_dir: str | None = None, demo: bool = False, assessor: str | None = None) -> int:
    from logbook.tui.app import LogbookApp

    if demo:
        from logbook.demo import write_demo

        with tempfile.TemporaryDirectory(prefix="logbook-demo-") as folder:
            path = Path(folder) / "caseload"
            write_demo(path)
            # the demo's folder goes when the app quits; its exports stay where it was started
            app = LogbookApp(path, assessor=assessor, export_folder=Path.cwd())
            lives_as_long_as_the_app()
            app.run()
        return app.return_code or 0
    app = LogbookApp(resolve_data_dir(data_dir), assessor=assessor)
    lives_as_long_as_the_app()
    app.run()
    return app.return_code or 0  # 1 when the app stopped on an error
