"""How fast is the app at a whole centre's scale? `.venv/bin/python bench/app_bench.py`

For each caseload size (default 100x500, 1000x500 and 100x5000 candidates x records; `--sizes`
to pick) it prints, side by side with its anchor:

  app start, warm             whole process in an 80x24 pseudo-terminal, from spawn to the
                              caseload list drawn (LOGBOOK_EXIT_WHEN_DRAWN), the summary index
                              in place | a bare Textual app with the same widgets, to its first
                              paint (ratio; goal <= 1.2x)
  app start, no index         the same with the index removed first: time to the first paint
                              (the filter's placeholder on screen), to the list drawn (from
                              the files' summary lines) and to every row checked against its
                              file (LOGBOOK_EXIT_WHEN_DRAWN=checked; the index written again)
                              | the bare app's first paint (goal: first paint within 300 ms of
                              it)
  filter key -> settled       in process (App.run_test): a key typed in the filter until the
                              screen is settled (the page of rows laid out), and the UI-thread
                              work of that key (the filter's handler) | a key in a bare Input
  enter -> overview drawn     in process: Enter on the first candidate until the overview is
                              drawn and its workers are done
  o -> observation form       in process: `o` on the overview until the form is drawn
  standards load              whole process: the first `default_library()` of a process,
                              jsonschema's import included if it is imported (goal <= 20 ms)
  RSS                         whole process: peak resident memory of a warm start | the bare
                              app's (goal <= 1.5x at 1000x500); the caseloads are built in a
                              process of their own, and this one never imports Textual, so a
                              child's peak is its own (it counts the pages it was forked with)

Caseloads are built once per size into `--cache` (default: a temporary folder) with the fast
generator of bench/scale_bench.py when it is there, else the one of bench/store_bench.py, and
reused: run it once on the code before a change and once after, with the same `--cache`, to
compare. Whole processes run `python -m logbook` of whatever `logbook` the interpreter imports
(PYTHONPATH picks another checkout). Figures are medians.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import platform
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

BARE_APP = """
import os
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
        self.query_one(DataTable).add_columns("Candidate", "Next visit", "Progress", "Missing")
        self.call_after_refresh(self.exit)

Bare().run()
"""

# the filter's placeholder: the first frame is on screen (its first letter is drawn apart, under
# the cursor of the focused filter)
FIRST_PAINT = b"ype to filter"
INDEX_NAME = ".caseload-index.json"


# caseloads --------------------------------------------------------------------------------------


def caseload(cache: Path, candidates: int, records: int) -> Path:
    folder = cache / f"{candidates}x{records}"
    if folder.is_dir() and any(folder.glob("*.json")):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--build", str(folder), "--build-size", folder.name],
        check=True,
        cwd=tempfile.gettempdir(),
    )
    print(f"  built {folder.name} in {time.perf_counter() - started:.0f} s", flush=True)
    return folder


def build(folder: Path, candidates: int, records: int) -> None:
    """Build a caseload (in a process of its own: see RSS)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from logbook.qualifications import default_library

    try:
        from scale_bench import build_caseload
    except ImportError:  # before the faster generator: the store benchmark's
        from store_bench import build_caseload
    build_caseload(folder, candidates, records, default_library())


# whole processes --------------------------------------------------------------------------------


def in_terminal(argv: list[str], env: dict) -> tuple[float, float | None, int]:
    """Run a process drawing into an 80x24 pseudo-terminal: seconds to its exit, seconds to its
    first paint (None if never seen), and its peak resident memory in KB."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=tempfile.gettempdir()
    )
    os.close(slave)
    painted = None
    seen = b""
    status = rusage = None
    while status is None:
        ready, _, _ = select.select([master], [], [], 0.02)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if painted is None:
                seen = (seen + chunk)[-4096:]
                if FIRST_PAINT in seen:
                    painted = time.perf_counter() - started
        pid, status_, rusage_ = os.wait4(process.pid, os.WNOHANG)
        if pid:
            status, rusage = status_, rusage_
    elapsed = time.perf_counter() - started
    os.close(master)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {process.returncode}")
    return elapsed, painted, rusage.ru_maxrss


def median(values) -> float:
    return statistics.median(values)


def whole_process_rows(folder: Path, runs: int, tmp: Path) -> dict:
    env = dict(
        os.environ,
        TERM="xterm-256color",
        LOGBOOK_EXIT_WHEN_DRAWN="1",
        HOME=str(tmp / "home"),
        XDG_CONFIG_HOME=str(tmp / "home" / ".config"),
        XDG_DATA_HOME=str(tmp / "home" / ".local" / "share"),
    )
    ours = [sys.executable, "-m", "logbook", "--assessor", "Bench", "--data-dir", str(folder)]
    bare_script = tmp / "bare.py"
    bare_script.write_text(BARE_APP)
    bare = [sys.executable, str(bare_script)]
    # the index is written, the files are in the page cache
    in_terminal(ours, dict(env, LOGBOOK_EXIT_WHEN_DRAWN="checked"))
    warm, bare_paint, our_rss, bare_rss = [], [], [], []
    for _ in range(runs):  # interleaved: a busy machine slows both alike
        elapsed, _, rss = in_terminal(ours, env)
        warm.append(elapsed)
        our_rss.append(rss)
        elapsed, painted, rss = in_terminal(bare, env)
        bare_paint.append(elapsed)
        bare_rss.append(rss)
    cold, cold_paint, cold_checked = [], [], []
    checked_env = dict(env, LOGBOOK_EXIT_WHEN_DRAWN="checked")
    for _ in range(max(1, runs // 2)):
        (folder / INDEX_NAME).unlink(missing_ok=True)
        elapsed, painted, _ = in_terminal(ours, env)
        cold.append(elapsed)
        cold_paint.append(painted if painted is not None else float("nan"))
        (folder / INDEX_NAME).unlink(missing_ok=True)
        elapsed, _, _ = in_terminal(ours, checked_env)
        cold_checked.append(elapsed)
    in_terminal(ours, checked_env)  # the index back, as it was
    return {
        "warm": median(warm),
        "bare": median(bare_paint),
        "cold": median(cold),
        "cold_paint": median(cold_paint),
        "cold_checked": median(cold_checked),
        "rss": median(our_rss) / 1024,
        "bare_rss": median(bare_rss) / 1024,
    }


def standards_load(runs: int) -> float:
    probe = (
        "import time\n"
        "from logbook.qualifications import default_library\n"
        "t = time.perf_counter(); default_library(); print(time.perf_counter() - t)"
    )
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            check=True,
            cwd=tempfile.gettempdir(),  # not a checkout's folder: `-c` imports from the cwd first
        ).stdout
        times.append(float(out))
    return median(times)


# in process: keys ------------------------------------------------------------------------------


async def settle(pilot, app) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()


async def keys_in_the_app(folder: Path, runs: int) -> dict:
    from textual.widgets import Input

    from logbook.tui.app import LogbookApp

    app = LogbookApp(folder, assessor="Bench")
    result: dict = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        handler_ms: list[float] = []
        original = screen.refill  # what the filter's handler does with a key

        def timed_refill(*args, **kwargs):
            started = time.perf_counter()
            original(*args, **kwargs)
            handler_ms.append((time.perf_counter() - started) * 1000)

        screen.refill = timed_refill
        settled = []
        for _ in range(max(1, runs // 3)):
            for key in ("q", "u", "i", "backspace", "backspace", "backspace"):
                started = time.perf_counter()
                await pilot.press(key)
                await settle(pilot, app)
                settled.append((time.perf_counter() - started) * 1000)
        result["filter"] = median(settled)
        result["filter_ui"] = median(handler_ms) if handler_ms else float("nan")
        screen.query_one("#filter", Input).value = ""
        await settle(pilot, app)

        enter, form = [], []
        for _ in range(runs):
            started = time.perf_counter()
            await pilot.press("enter")
            await settle(pilot, app)
            enter.append((time.perf_counter() - started) * 1000)
            assert type(app.screen).__name__ == "OverviewScreen", app.screen
            started = time.perf_counter()
            await pilot.press("o")
            await settle(pilot, app)
            form.append((time.perf_counter() - started) * 1000)
            assert type(app.screen).__name__ == "ObservationScreen", app.screen
            await pilot.press("escape")
            await settle(pilot, app)
            await pilot.press("escape")
            await settle(pilot, app)
        result["enter"] = median(enter)
        result["form"] = median(form)
    return result


async def key_in_a_bare_input(runs: int) -> float:
    from textual.app import App
    from textual.widgets import Input

    class Bare(App):
        def compose(self):
            yield Input()

    app = Bare()
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(runs):
            for key in ("q", "backspace"):
                started = time.perf_counter()
                await pilot.press(key)
                await settle(pilot, app)
                times.append((time.perf_counter() - started) * 1000)
    return median(times)


def keys_in_a_child(folder: Path, runs: int) -> dict:
    """keys_in_the_app in a process of its own: this one stays small, so the peak memory of
    the processes it starts is theirs (a child's peak counts the pages it was forked with)."""
    out = subprocess.run(
        [sys.executable, __file__, "--keys-in", str(folder), "--key-runs", str(runs)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),
    ).stdout
    return json.loads(out.splitlines()[-1])


# the table --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100x500,1000x500,100x5000")
    parser.add_argument("--runs", type=int, default=7, help="runs of each whole process")
    parser.add_argument("--key-runs", type=int, default=9, help="runs of each key, in process")
    parser.add_argument("--cache", type=Path, help="where the caseloads are built and kept")
    parser.add_argument("--keys-in", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build-size", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build, *(int(n) for n in args.build_size.split("x")))
        return 0
    if args.keys_in:
        print(json.dumps(asyncio.run(keys_in_the_app(args.keys_in, args.key_runs))))
        return 0
    from importlib.metadata import version
    from importlib.util import find_spec

    print(  # neither Textual nor logbook imported here: see RSS
        f"app benchmark: Python {platform.python_version()} on {platform.platform()}, "
        f"{os.cpu_count()} cores, Textual {version('textual')}, logbook from "
        f"{Path(find_spec('logbook').origin).parent}"
    )
    with tempfile.TemporaryDirectory(prefix="logbook-app-bench-") as tmp_name:
        tmp = Path(tmp_name)
        cache = args.cache or tmp / "caseloads"
        cache.mkdir(parents=True, exist_ok=True)
        standards_ms = standards_load(args.runs) * 1000
        bare_key = asyncio.run(key_in_a_bare_input(args.key_runs))
        table = {}
        for size in args.sizes.split(","):
            candidates, records = (int(n) for n in size.split("x"))
            folder = caseload(cache, candidates, records)
            print(f"  measuring {size} ...", flush=True)
            table[size] = whole_process_rows(folder, args.runs, tmp)
            table[size].update(keys_in_a_child(folder, args.key_runs))

    sizes = list(table)
    print()
    print("medians; ms unless said; whole processes in an 80x24 pseudo-terminal")
    print(f"{'':38}" + "".join(f"{s:>18}" for s in sizes) + "   anchor / goal")

    def line(label: str, cell, anchor: str) -> None:
        print(f"{label:38}" + "".join(f"{cell(table[s]):>18}" for s in sizes) + f"   {anchor}")

    line(
        "app start, warm (x bare)",
        lambda r: f"{r['warm'] * 1000:.0f} ({r['warm'] / r['bare']:.2f}x)",
        "bare Textual app to first paint; goal <= 1.2x",
    )
    line("  bare Textual app", lambda r: f"{r['bare'] * 1000:.0f}", "")
    line(
        "app start, no index: first paint",
        lambda r: f"{r['cold_paint'] * 1000:.0f} (+{(r['cold_paint'] - r['bare']) * 1000:.0f})",
        "goal: within 300 ms of the bare app's",
    )
    line(
        "app start, no index: list drawn",
        lambda r: f"{r['cold'] * 1000:.0f}",
        "from the summary lines, unchecked",
    )
    line(
        "app start, no index: list checked",
        lambda r: f"{r['cold_checked'] * 1000:.0f}",
        "every row checked against its file",
    )
    line(
        "filter key -> settled",
        lambda r: f"{r['filter']:.1f}",
        f"a bare Input: {bare_key:.1f}",
    )
    line(
        "  UI-thread work of the key",
        lambda r: f"{r['filter_ui']:.1f}",
        "goal <= 16 ms (one frame)",
    )
    line("enter -> overview drawn", lambda r: f"{r['enter']:.0f}", "")
    line("o -> observation form drawn", lambda r: f"{r['form']:.0f}", "")
    line("standards load", lambda r: f"{standards_ms:.1f}", "goal <= 20 ms")
    line(
        "RSS, warm start, MB (x bare)",
        lambda r: f"{r['rss']:.0f} ({r['rss'] / r['bare_rss']:.2f}x)",
        "goal <= 1.5x the bare app's",
    )
    line("  bare Textual app, MB", lambda r: f"{r['bare_rss']:.0f}", "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
