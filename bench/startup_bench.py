"""Start-up benchmark: launching `logbook` until the caseload is drawn, 100 x 500 caseload,
beside a bare Textual app with the same widgets and no data.

Run: .venv/bin/python bench/startup_bench.py [--runs N]

Both run as real processes in a pseudo-terminal of 80x24. The logbook quits as soon as its
caseload list is drawn (LOGBOOK_EXIT_WHEN_DRAWN); the bare app quits after its first refresh.
Figures: median and spread of wall-clock time from spawn to exit.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from store_bench import build_caseload

from logbook.qualifications import default_library

BARE_APP = """
from textual.app import App
from textual.widgets import DataTable, Footer, Header, Input, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Input(placeholder="type to filter")
        yield DataTable()
        yield Static("")
        yield Static("")
        yield Footer()

    def on_mount(self):
        self.query_one(DataTable).add_columns("Candidate", "Qualification", "Progress", "Missing")
        self.call_after_refresh(self.exit)

Bare().run()
"""


def run_in_terminal(argv: list[str], env: dict) -> float:
    """Seconds from spawn to exit of a process drawing into an 80x24 pseudo-terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    while process.poll() is None:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                os.read(master, 65536)
            except OSError:
                break
    process.wait()
    elapsed = time.perf_counter() - started
    os.close(master)
    if process.returncode != 0:
        raise SystemExit(f"{argv[0]} exited {process.returncode}")
    return elapsed


def describe(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    return f"median {statistics.median(ms):7.0f} ms   (min {ms[0]:.0f}, max {ms[-1]:.0f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument("--records", type=int, default=500)
    args = parser.parse_args()
    logbook = Path(sys.executable).parent / "logbook"
    env = dict(os.environ, TERM="xterm-256color", LOGBOOK_EXIT_WHEN_DRAWN="1")
    with tempfile.TemporaryDirectory(prefix="logbook-startup-") as tmp:
        folder = Path(tmp) / "caseload"
        build_caseload(folder, args.candidates, args.records, default_library())
        command = [str(logbook), "--data-dir", str(folder)]
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE_APP)
        bare = [sys.executable, str(bare_script)]

        cold = run_in_terminal(command, env)  # builds the caseload summary index
        ours = [run_in_terminal(command, env) for _ in range(args.runs)]
        theirs = [run_in_terminal(bare, env) for _ in range(args.runs)]

    ratio = statistics.median(ours) / statistics.median(theirs)
    print(f"start-up to caseload drawn, {args.candidates} candidates x {args.records} records,")
    print(f"80x24 pseudo-terminal, {args.runs} runs each")
    print(f"  logbook, first start (no summary index yet): {cold * 1000:7.0f} ms")
    print(f"  logbook                                 {describe(ours)}")
    print(f"  bare Textual app, same widgets, no data {describe(theirs)}")
    print(f"  logbook costs {100 * (ratio - 1):+.0f}% (target: at most +30%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
