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
  keys                        in process (App.run_test), each key in turn: a key typed in the
                              filter (and the filter's handler alone | a key in a bare Input),
                              Enter on the first candidate (the overview), `o` on the overview
                              (the observation form) and ctrl+s in that form filled in (a
                              save, into a copy of the caseload made of hard links). For each:
                              the wall time until settled (workers done, screen laid out); the
                              first paint of the screen that answers it (the new screen, its
                              data maybe still being read); and the longest block of the event
                              loop while the key is handled until settled (a task sleeping
                              1 ms in a loop: its largest gap, less the 1 ms: wall clock, so
                              the machine's load and a worker holding the GIL are in it); and
                              the longest UI-thread work, the longest single callback of the
                              loop by the UI thread's CPU time (goal <= 16 ms, one frame);
                              median and max of the runs. Beside Enter and `o`, the floor: a
                              bare app with the app's stylesheet pushing an empty screen of
                              the same widgets (the overview's, the observation form's)
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
import contextlib
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
        XDG_STATE_HOME=str(tmp / "home" / ".local" / "state"),
    )
    # the caseloads' indexes (logbook.store.caseload.INDEX_FOLDER, in the user's state folder)
    indexes = tmp / "home" / ".local" / "state" / "logbook" / "caseloads"
    # warm means compiled too: an installed app runs from its bytecode, as Textual here does
    # (pip compiled it); with PYTHONDONTWRITEBYTECODE set (some shells and CI set it) every
    # run would compile our modules from source again, about 25 ms the app would not pay
    env.pop("PYTHONDONTWRITEBYTECODE", None)
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
        shutil.rmtree(indexes, ignore_errors=True)
        elapsed, painted, _ = in_terminal(ours, env)
        cold.append(elapsed)
        cold_paint.append(painted if painted is not None else float("nan"))
        shutil.rmtree(indexes, ignore_errors=True)
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


WORK = None  # CallbackWork, in the process that runs the keys


class LoopProbe:
    """The longest the event loop was kept from running anything else: a task that sleeps
    1 ms in a loop records the largest gap between its turns, less the 1 ms it asked for.
    Everything the UI thread does (a key's handler, Textual's mount and layout of a screen,
    waiting for the GIL a worker thread holds) is in it."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last - 0.001)
            last = now

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def reset(self) -> None:
        self.longest = 0.0

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


class CallbackWork:
    """The longest single callback of the event loop by the UI thread's own CPU time
    (`time.thread_time`): the work a key puts on the UI thread, apart from the machine's load
    (other processes running meanwhile) and from waiting for the GIL a worker thread holds,
    which the wall-clock probe counts too."""

    def __init__(self) -> None:
        self.longest = 0.0
        original = asyncio.events.Handle._run
        work = self

        def run(handle):
            started = time.thread_time()
            try:
                return original(handle)
            finally:
                work.longest = max(work.longest, time.thread_time() - started)

        asyncio.events.Handle._run = run

    def reset(self) -> None:
        self.longest = 0.0


class Paints:
    """When each screen was last painted: the compositor's update handed to the driver (the
    headless driver of run_test writes it nowhere, but it is rendered all the same)."""

    def __init__(self, app) -> None:
        self.first: dict[int, float] = {}  # id(screen) -> its first paint since reset()
        original = app._display

        def display(screen, renderable):
            if renderable is not None and not app._batch_count:
                self.first.setdefault(id(screen), time.perf_counter())
            return original(screen, renderable)

        app._display = display

    def reset(self) -> None:
        self.first.clear()

    def since(self, screen, started: float) -> float:
        painted = self.first.get(id(screen))
        return float("nan") if painted is None else (painted - started) * 1000


class KeyTimes:
    """One key's figures over its runs: wall time to settled (workers done, screen laid out),
    to the first paint of the screen that answers it, and the longest block of the loop."""

    def __init__(self) -> None:
        self.settled: list[float] = []
        self.painted: list[float] = []
        self.blocked: list[float] = []
        self.worked: list[float] = []

    async def press(self, pilot, app, probe, paints, key: str, answers=None) -> None:
        """Press `key`; `answers` names the screen class that answers it (else the screen the
        key was pressed on)."""
        await settle(pilot, app)
        probe.reset()
        paints.reset()
        WORK.reset()
        started = time.perf_counter()
        await pilot.press(key)
        await settle(pilot, app)
        self.settled.append((time.perf_counter() - started) * 1000)
        self.blocked.append(probe.longest * 1000)
        self.worked.append(WORK.longest * 1000)
        screen = app.screen
        if answers is not None:
            assert type(screen).__name__ == answers, (key, screen)
        self.painted.append(paints.since(screen, started))

    def medians(self, name: str) -> dict:
        return {
            name: median(self.settled),
            f"{name}_paint": median(self.painted),
            f"{name}_block": median(self.blocked),
            f"{name}_block_max": max(self.blocked),
            f"{name}_work": median(self.worked),
            f"{name}_work_max": max(self.worked),
            f"{name}_work_first": self.worked[0],
        }


def fill_observation(screen) -> None:
    """What an assessor types in an observation before ctrl+s (not timed)."""
    from textual.widgets import TextArea

    from logbook.tui.widgets.criteria_picker import CriteriaPicker
    from logbook.tui.widgets.key_choice import KeyChoice

    screen.query_one("#activity", TextArea).text = "Dealt with a refund for a customer."
    picker = screen.query_one(CriteriaPicker)
    picker.pick(picker._choices[0][1].code)
    screen.query_one("#decision", KeyChoice).value = "competent"
    screen.query_one("#justification", TextArea).text = "Met the standard."
    screen.query_one("#feedback", TextArea).text = "Well done."


async def keys_in_the_app(folder: Path, runs: int) -> dict:
    from textual.widgets import Input

    from logbook.tui.app import LogbookApp
    from logbook.tui.launch import lives_as_long_as_the_app

    app = LogbookApp(folder, assessor="Bench")
    lives_as_long_as_the_app()  # as `logbook` does before it runs the app
    result: dict = {}
    probe = LoopProbe()
    async with app.run_test(size=(80, 24)) as pilot:
        paints = Paints(app)
        probe.start()
        await settle(pilot, app)
        screen = app.screen
        handler_ms: list[float] = []
        original = screen.refill  # what the filter's handler does with a key

        def timed_refill(*args, **kwargs):
            started = time.perf_counter()
            original(*args, **kwargs)
            handler_ms.append((time.perf_counter() - started) * 1000)

        screen.refill = timed_refill
        filter_key = KeyTimes()
        for _ in range(max(1, runs // 3)):
            for key in ("q", "u", "i", "backspace", "backspace", "backspace"):
                await filter_key.press(pilot, app, probe, paints, key)
        result.update(filter_key.medians("filter"))
        result["filter_ui"] = median(handler_ms) if handler_ms else float("nan")
        screen.query_one("#filter", Input).value = ""
        await settle(pilot, app)

        enter, form, save = KeyTimes(), KeyTimes(), KeyTimes()
        for _ in range(runs):
            await enter.press(pilot, app, probe, paints, "enter", "OverviewScreen")
            await form.press(pilot, app, probe, paints, "o", "ObservationScreen")
            fill_observation(app.screen)
            await save.press(pilot, app, probe, paints, "ctrl+s", "ObservationScreen")
            status = str(app.screen.query_one("#form-status").render())
            assert status.startswith("Saved"), status
            await pilot.press("escape")
            await settle(pilot, app)
            await pilot.press("escape")
            await settle(pilot, app)
        result.update(enter.medians("enter"))
        result.update(form.medians("form"))
        result.update(save.medians("save"))
        probe.stop()
    return result


BARE_SCREENS = """
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    DataTable, Footer, Header, Input, Label, OptionList, Select, Static, TabbedContent, TabPane,
    TextArea,
)


class BareOverview(Screen):
    \"\"\"The overview's widgets and keys, empty: no data, no handlers.\"\"\"

    BINDINGS = [Binding(k, "app.bell", d) for k, d in (
        ("s", "Sign off"), ("e", "Edit"), ("x", "Export"), ("o", "Observation"),
        ("w", "Witness"), ("t", "Testimony"), ("d", "Discussion"), ("q", "Questions"),
        ("p", "Work product"), ("escape", "Back"), ("a", "Plan"))]

    def compose(self):
        yield Header()
        for _ in range(3):
            yield Static("")
        with TabbedContent(initial="units"):
            for n, name in enumerate(("units", "evidence", "locator")):
                with TabPane(f"{n + 1} {name}", id=name):
                    yield DataTable(id=f"{name}-table", cursor_type="row")
            with TabPane("4 Gaps", id="gaps"), VerticalScroll():
                yield Static("")
            with TabPane("5 Witnesses", id="witnesses"):
                yield Static("")
                yield DataTable(cursor_type="row")
            with TabPane("6 Plan", id="plan"):
                yield Static("")
                yield DataTable(cursor_type="row")
        yield Static("", classes="keys")
        yield Footer()

    def on_mount(self):
        for table in self.query(DataTable):
            table.add_columns("A", "B", "C", "D")


class BareForm(Screen):
    \"\"\"The observation form's widgets and keys, empty: nine labelled fields (the criteria
    picker's list holding 200 items), no data, no handlers.\"\"\"

    AUTO_FOCUS = "#activity"
    BINDINGS = [Binding("ctrl+s", "app.bell", "Save"), Binding("escape", "app.bell", "Back")]

    def compose(self):
        def field(control):
            with Vertical(classes="field"):
                yield Label("Label", classes="field-label")
                yield control
                yield Static("", classes="field-note")

        yield Header()
        yield Static("Observation", classes="form-title")
        with VerticalScroll(classes="form"):
            yield from field(Input("24/11/2026"))
            yield from field(Input("10:00"))
            yield from field(Input("Venue"))
            yield from field(TextArea(id="activity"))
            with Vertical(classes="field"):
                yield Label("Criteria", classes="field-label")
                with Vertical(classes="criteria-picker"):
                    yield Static("", classes="picker-picked")
                    yield Input(classes="picker-search")
                    yield OptionList(
                        *(f"  {n:<9} not yet    an item of a unit" for n in range(200)),
                        classes="picker-options",
                    )
                yield Static("", classes="field-note")
            yield from field(Select([("real work", "r")], value="r", allow_blank=False))
            yield from field(Static("c competent  n not yet competent"))
            yield from field(TextArea())
            yield from field(TextArea())
        yield Static("", id="form-status")
        yield Footer()
"""


async def bare_screens(runs: int) -> dict:
    """The floor under a pushed screen: a bare Textual app with the app's stylesheet pushes a
    screen of the same widgets as the overview (and as the observation form), with no data and
    no handlers: the longest block of the loop and the first paint, as for the keys."""
    from textual.app import App

    from logbook.tui import app as logbook_app

    namespace: dict = {}
    exec(BARE_SCREENS, namespace)

    class Bare(App):
        CSS_PATH = Path(logbook_app.__file__).parent / "logbook.tcss"

    app = Bare()
    probe = LoopProbe()
    result = {}
    async with app.run_test(size=(80, 24)) as pilot:
        paints = Paints(app)
        probe.start()
        for key, screen_class in (("enter", "BareOverview"), ("form", "BareForm")):
            painted, blocked, worked = [], [], []
            for _ in range(runs):
                await settle(pilot, app)
                probe.reset()
                paints.reset()
                WORK.reset()
                started = time.perf_counter()
                app.push_screen(namespace[screen_class]())
                await settle(pilot, app)
                blocked.append(probe.longest * 1000)
                worked.append(WORK.longest * 1000)
                painted.append(paints.since(app.screen, started))
                app.pop_screen()
            result[f"{key}_bare_paint"] = median(painted)
            result[f"{key}_bare_block"] = median(blocked)
            result[f"{key}_bare_work"] = median(worked)
        probe.stop()
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


@contextlib.contextmanager
def linked_copy(folder: Path):
    """A copy of the caseload made of hard links, for the keys to save into: the store writes a
    new logbook and renames it over the old, so the cached caseload is left as it was (checked:
    a file written in place would be a change to it, and stops the benchmark). The store's own
    files (the index, the checkpoint and their journals, appended in place) are copied."""
    copy = folder.parent / f".keys-{folder.name}"
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir(mode=0o700)
    before = {}
    for path in folder.iterdir():
        if path.is_file():
            if path.name.startswith("."):
                shutil.copy2(path, copy / path.name)
            else:
                os.link(path, copy / path.name)
            status = path.stat()
            before[path.name] = (status.st_ino, status.st_size, status.st_mtime_ns)
    try:
        yield copy
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    for path in folder.iterdir():
        status = path.stat()
        if path.is_file() and before.get(path.name) != (
            status.st_ino,
            status.st_size,
            status.st_mtime_ns,
        ):
            raise SystemExit(f"{path} changed while the keys ran in a copy of {folder}")


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


KEYS = (
    ("filter", "filter key"),
    ("enter", "enter on a candidate"),
    ("form", "o on the overview"),
    ("save", "ctrl+s in the form"),
)


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
        global WORK
        WORK = CallbackWork()
        with linked_copy(args.keys_in) as folder:  # ctrl+s saves: into a copy
            result = asyncio.run(keys_in_the_app(folder, args.key_runs))
        result.update(asyncio.run(bare_screens(args.key_runs)))
        print(json.dumps(result))
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
    for key, label in KEYS:
        anchor = f"a bare Input: {bare_key:.1f}" if key == "filter" else "workers done"
        line(f"{label} -> settled", lambda r, k=key: f"{r[k]:.1f}", anchor)
        bare = "a bare screen of the same widgets: {:.1f}" if key in ("enter", "form") else ""
        line(
            "  first paint of its answer",
            lambda r, k=key: f"{r[k + '_paint']:.1f}",
            bare.format(table[sizes[0]].get(f"{key}_bare_paint", 0)),
        )
        line(
            "  longest block of the loop (max)",
            lambda r, k=key: f"{r[k + '_block']:.1f} ({r[k + '_block_max']:.0f})",
            bare.format(table[sizes[0]].get(f"{key}_bare_block", 0)) if bare else "wall clock",
        )
        line(
            "  longest UI-thread work (max)",
            lambda r, k=key: f"{r[k + '_work']:.1f} ({r[k + '_work_max']:.0f})",
            "goal <= 16 ms (one frame); " + bare.format(table[sizes[0]].get(f"{key}_bare_work", 0))
            if bare
            else "goal <= 16 ms (one frame)",
        )
        line(
            "  UI-thread work, first of the session",
            lambda r, k=key: f"{r[k + '_work_first']:.1f}",
            "goal <= 16 ms",
        )
        if key == "filter":
            line("  the filter's handler", lambda r: f"{r['filter_ui']:.1f}", "")
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
