"""Files dropped into the data folder are not believed, and special files are never followed.

A logbook file's name is its candidate's id (`<uuid>.json`) and its contents must agree; every
id is a UUID. A file that says otherwise (a candidate id of `../victim`, another candidate's id,
an id that is not a UUID) is reported by name as damaged and never used: no export of another
person's logbook, no write outside the data folder. Special files (a symbolic link to
/dev/zero, a named pipe, a folder named like a logbook, a lock file that is a symbolic link)
and damaged rows are reported by name: no traceback, no hang, nothing written.

The command line runs in this process (`here`) where nothing can hang, and in a child process
with a time limit and a memory limit (`run`) where a special file could make it hang or read
forever: then the test fails instead of the machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import textwrap
import uuid
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from logbook.domain.records import Link, Observation
from logbook.store import history as chain
from logbook.store.logbooks import CorruptLogbook, LogbookFile
from tests.security.helpers import TODAY, folder_state, here, write_template

LIMIT_S = 30
MEMORY = 1 << 30


def _limits():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The real command line, or with `-c` a Python snippet, bounded in time and memory."""
    command = [
        sys.executable,
        *(["-c", args[1], *args[2:]] if args[0] == "-c" else ["-m", "logbook", *args]),
    ]
    try:
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=LIMIT_S,
            preexec_fn=_limits,
            input=stdin,
            env={**os.environ, "LOGBOOK_ASSESSOR": "Morgan Ellis"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(map(str, args))[:80]} hung for {LIMIT_S} s")


def clean(result: subprocess.CompletedProcess) -> None:
    """No traceback and no memory error: whatever went wrong was said in words."""
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream, stream[-2000:]
        assert "MemoryError" not in stream, stream[-2000:]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return write_template(tmp_path_factory.mktemp("demo") / "caseload")


@pytest.fixture
def caseload(template, tmp_path) -> Path:
    folder = tmp_path / "caseload"
    shutil.copytree(template, folder)
    return folder


def _file_of(folder: Path, name: str) -> Path:
    """The logbook file of the candidate `name` (plain files only: never a pipe or a link)."""
    return next(
        p
        for p in folder.glob("*.json")
        if not p.name.startswith(".")
        and p.is_file()
        and not p.is_symlink()
        and f'"name": "{name}"' in p.read_text(encoding="utf-8")
    )


def _with_candidate_id(path: Path, new_id: str) -> bytes:
    """The file's data with its candidate's id replaced, and a history recomputed to match:
    a forgery that passes the hash chain."""
    data = orjson.loads(path.read_bytes())
    old_id = data["meta"]["1"]["candidate"]
    data["meta"]["1"]["candidate"] = new_id
    rows = [data["records"][k] for k in sorted(data["records"], key=int)]
    for row in rows:
        if row["id"] == old_id:
            row["id"] = new_id
    entries: list[dict] = []
    for row in rows:
        entries.append(chain.make_entry(entries[-1] if entries else None, "add", row, "x"))
    data["history"] = {str(i): e for i, e in enumerate(entries, 1)}
    return orjson.dumps(data, option=orjson.OPT_INDENT_2)


# forged files ------------------------------------------------------------------------------------


def test_a_file_whose_id_is_a_path_exports_nothing_from_outside_and_is_named(caseload, tmp_path):
    priya, tom = _file_of(caseload, "Priya Shah"), _file_of(caseload, "Tom Reilly")
    victim = caseload.parent / "victim.json"  # another person's logbook, outside the folder
    victim.write_bytes(tom.read_bytes())
    before = victim.read_bytes()
    priya.write_bytes(_with_candidate_id(priya, "../victim"))

    out = tmp_path / "out.json"
    result = here("--data-dir", caseload, "export", "Priya Shah", "-o", out)
    clean(result)
    assert result.returncode == 2
    assert not out.exists() or "Tom Reilly" not in out.read_text(encoding="utf-8")
    assert priya.name in result.stderr  # the forged file is named
    assert "its meta names candidate '../victim'" in result.stderr

    listed = here("--data-dir", caseload, "candidates")
    clean(listed)
    assert f"cannot read {priya.name}" in listed.stderr
    assert "Priya Shah" not in listed.stdout

    # and nothing writes there: the store will not make a path of it
    script = textwrap.dedent(
        """
        import sys
        from datetime import date
        from logbook.domain.records import Link, Observation
        from logbook.store.caseload import Caseload
        caseload = Caseload(sys.argv[1])
        try:
            book = caseload.find("Priya Shah")
        except KeyError as error:
            print("refused:", error)
            raise SystemExit(0)
        book.add(Observation(date=date(2025, 5, 1), venue="v", activity="a", justification="j",
                 feedback="f", links=[Link("205", "205.1.1")]), "x", date(2025, 6, 1))
        print("written")
        """
    )
    wrote = run("-c", script, caseload)
    clean(wrote)
    assert "refused" in wrote.stdout
    assert victim.read_bytes() == before


def test_a_file_with_another_candidates_id_is_named_and_not_used(caseload, tmp_path):
    priya, tom = _file_of(caseload, "Priya Shah"), _file_of(caseload, "Tom Reilly")
    priya.write_bytes(_with_candidate_id(priya, tom.stem))
    out = tmp_path / "out.json"

    result = here("--data-dir", caseload, "export", "Priya Shah", "-o", out)
    clean(result)
    assert result.returncode == 2
    assert not out.exists()
    assert priya.name in result.stderr
    assert f"its meta names candidate '{tom.stem}', not {priya.stem}" in result.stderr

    verified = here("--data-dir", caseload, "verify")
    clean(verified)
    assert verified.returncode == 1
    assert f"{priya.name}: its meta names candidate '{tom.stem}'" in verified.stdout


async def test_the_app_opens_a_caseload_holding_a_forged_file(caseload):
    from logbook.tui.app import LogbookApp

    priya, tom = _file_of(caseload, "Priya Shah"), _file_of(caseload, "Tom Reilly")
    priya.write_bytes(_with_candidate_id(priya, tom.stem))
    app = LogbookApp(caseload, assessor="Test", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        names = app.screen.names
        assert names == ["Aisha Okafor", "Gareth Jones", "Lena Novak", "Tom Reilly"]
        assert [p.path.name for p in app.screen.problems] == [priya.name]


def _rename(path: Path, name: str) -> Path:
    target = path.with_name(name)
    path.rename(target)
    return target


FORGERIES = {
    "renamed to another uuid": lambda p: _rename(p, f"{uuid.uuid4()}.json"),
    "named like a note": lambda p: _rename(p, "notes.json"),
    "an id that is not a UUID": lambda p: p.write_bytes(
        p.read_bytes().replace(b'"id": "', b'"id": "x', 2)
    ),
    "meta names another": lambda p: p.write_bytes(
        p.read_bytes().replace(f'"candidate": "{p.stem}"'.encode(), b'"candidate": "../x"')
    ),
    "a witness id that is a path": lambda p: p.write_bytes(
        p.read_bytes().replace(b'"witness_id": "', b'"witness_id": "../', 1)
    ),
    "a record id used twice": lambda p: p.write_bytes(_twice(p)),
    "a name with an escape": lambda p: p.write_bytes(
        _in_records(p, b'"Priya Shah"', b'"Priya \\u001b]0;owned\\u0007Shah"')
    ),
    "a 600-character venue": lambda p: p.write_bytes(
        p.read_bytes().replace(b'"venue": "', b'"venue": "' + b"v" * 600, 1)
    ),
}


def _in_records(path: Path, old: bytes, new: bytes) -> bytes:
    """The file with `old` replaced in its records (after the summary line a save writes
    first: a forged summary alone is ignored, and the file decoded in full)."""
    raw = path.read_bytes()
    first, rest = raw.split(b"\n", 1)
    return first + b"\n" + rest.replace(old, new, 1)


def _twice(path: Path) -> bytes:
    data = orjson.loads(path.read_bytes())
    rows = data["records"]
    rows[str(len(rows) + 1)] = dict(rows["2"])
    return orjson.dumps(data)


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_forged_file_is_named_and_the_rest_of_the_caseload_opens(caseload, forgery):
    path = FORGERIES[forgery](_file_of(caseload, "Priya Shah")) or None
    path = next(
        p
        for p in caseload.glob("*.json")
        if not p.name.startswith(".") and ("Priya" in p.read_text(encoding="utf-8"))
    )
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    listed = here("--data-dir", caseload, "candidates")
    clean(listed)
    assert f"cannot read {path.name}: " in listed.stderr
    assert "Priya" not in listed.stdout
    assert listed.stdout.count("\n") == 5  # the header and the other four

    verified = here("--data-dir", caseload, "verify")
    clean(verified)
    assert verified.returncode == 1
    assert f"{path.name}: " in verified.stdout
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_an_import_with_ids_that_are_not_uuids_is_refused(caseload, tmp_path):
    out = tmp_path / "priya.json"
    here("--data-dir", caseload, "export", "Priya Shah", "-o", out)
    for field in ("candidate_id", "record id", "witness_id", "corrects", "history record"):
        data = json.loads(out.read_text(encoding="utf-8"))
        logbook = data["logbooks"][0]
        if field == "candidate_id":
            logbook["candidate_id"] = "../../outside"
        elif field == "record id":
            logbook["records"][3]["id"] = "record-4"
        elif field == "witness_id":
            next(r for r in logbook["records"] if r["kind"] == "testimony")["witness_id"] = "../w"
        elif field == "corrects":
            logbook["records"][3]["corrects"] = "../../etc/passwd"
        else:
            logbook["history"][0]["record"] = "../x"
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(data), encoding="utf-8")
        target = tmp_path / f"target-{field.replace(' ', '-')}"
        result = here("--data-dir", target, "import", bad)
        clean(result)
        assert result.returncode == 2, field
        assert "is not an id (a UUID)" in result.stderr, (field, result.stderr)
        assert folder_state(target) == {}
        assert not (tmp_path / "outside.json").exists()


# special files -----------------------------------------------------------------------------------


def _lock_of(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


SPECIAL = {
    "a symbolic link to /dev/zero": lambda f: os.symlink("/dev/zero", f / f"{uuid.uuid4()}.json"),
    "a named pipe": lambda f: os.mkfifo(f / f"{uuid.uuid4()}.json"),
    "a folder named like a logbook": lambda f: (f / f"{uuid.uuid4()}.json").mkdir(),
    "a folder named x.json": lambda f: (f / "x.json").mkdir(),
    "a symbolic link to another logbook": lambda f: os.symlink(
        _file_of(f, "Tom Reilly"), f / f"{uuid.uuid4()}.json"
    ),
    "a dangling symbolic link": lambda f: os.symlink(f / "nowhere", f / f"{uuid.uuid4()}.json"),
}


SPECIAL_RUN = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from datetime import date
    from pathlib import Path
    from logbook.cli import main
    from logbook.domain.records import Link, Observation
    from logbook.store.logbooks import LogbookFile
    report = {}
    for command in (["candidates"], ["verify"], ["export", "--all", "-o", sys.argv[2]]):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--data-dir", sys.argv[1], *command])
        report[command[0]] = [code, out.getvalue() + err.getvalue()]
    for name in sys.argv[3:]:
        try:
            LogbookFile(Path(sys.argv[1]) / name).add(
                Observation(date=date(2025, 5, 1), venue="v", activity="a", justification="j",
                            feedback="f", links=[Link("205", "205.1.1")]), "x", date(2025, 6, 1))
            report[name] = "written"
        except ValueError as error:
            report[name] = str(error)
    print(json.dumps(report))
    """
)


def test_special_files_are_named_and_never_read_or_written(caseload, tmp_path):
    """Every special file at once, in one child process bounded in time and memory."""
    names = {}
    for special, make in SPECIAL.items():
        before = {p.name for p in caseload.iterdir()}
        make(caseload)
        (names[special],) = {p.name for p in caseload.iterdir()} - before
    state = folder_state(caseload)

    result = run("-c", SPECIAL_RUN, caseload, tmp_path / "all", *names.values())
    clean(result)
    report = json.loads(result.stdout)
    for special, name in names.items():
        for command in ("candidates", "verify", "export"):
            _, said = report[command]
            assert f"{name}: " in said, (special, command, said)
        assert report[name].startswith(f"{name}: it is "), (special, report[name])
    assert report["verify"][0] == 1
    assert folder_state(caseload) == state
    assert len(list((tmp_path / "all").glob("*.json"))) == 5
    assert not (caseload / "nowhere").exists()


def test_a_lock_file_that_is_a_symbolic_link_is_refused_and_not_followed(caseload, tmp_path):
    priya = _file_of(caseload, "Priya Shah")
    victim = tmp_path / "victim.txt"
    victim.write_text("someone's important file\n")
    lock = _lock_of(priya)
    lock.unlink(missing_ok=True)
    os.symlink(victim, lock)
    before = hashlib.sha256(priya.read_bytes()).hexdigest()
    book = LogbookFile(priya)
    observation = next(r for r in book.read(TODAY).evidence if r.KIND == "observation")

    with pytest.raises(CorruptLogbook) as refusal:
        book.update(replace(observation, feedback="changed"), "x", TODAY)
    assert f"{priya.name}: its lock file .{priya.name}.lock: it is a symbolic link" in str(
        refusal.value
    )
    assert victim.read_text() == "someone's important file\n"
    assert hashlib.sha256(priya.read_bytes()).hexdigest() == before

    verified = here("--data-dir", caseload, "verify")
    clean(verified)
    assert verified.returncode == 1
    assert f"its lock file .{priya.name}.lock: it is a symbolic link" in verified.stdout


# damaged rows ------------------------------------------------------------------------------------


def _damage(path: Path, change) -> None:
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data))


ROWS = {
    "a history entry without seq": lambda d: d["history"]["3"].pop("seq"),
    "a history entry whose seq is text": lambda d: d["history"]["3"].__setitem__("seq", "3"),
    "a history entry whose hash is a number": lambda d: d["history"]["2"].__setitem__("hash", 7),
    "a history entry that is a list": lambda d: d["history"].__setitem__("2", [1]),
    "the history table is a list": lambda d: d.__setitem__("history", [d["history"]["1"]]),
    "the records table is a list": lambda d: d.__setitem__("records", list(d["records"].values())),
    "the meta table is a list": lambda d: d.__setitem__("meta", [{"format": 2}]),
    "a key that is not a number": lambda d: d["history"].__setitem__("x1", d["history"]["1"]),
    "a key of superscript digits": lambda d: d["records"].__setitem__("²", d["records"]["1"]),
    "a format that is true": lambda d: d["meta"]["1"].__setitem__("format", True),
    "a format of 0": lambda d: d["meta"]["1"].__setitem__("format", 0),
    "a record without a required field": lambda d: d["records"]["1"].pop("registered_on"),
    "a word confirmation whose name clears the screen": lambda d: _witness_row(d).__setitem__(
        "confirmed", {"words": ["friend"], "by": "Morgan\x1b[2J", "at": None}
    ),
    "a word confirmation that is a list": lambda d: _witness_row(d).__setitem__(
        "confirmed", ["friend"]
    ),
}


def _witness_row(data: dict) -> dict:
    return next(r for r in data["records"].values() if r["kind"] == "witness")


@pytest.mark.parametrize("damage", ROWS)
def test_a_damaged_row_is_named_without_a_traceback_and_never_written(caseload, damage):
    priya = _file_of(caseload, "Priya Shah")
    _damage(priya, ROWS[damage])
    before = hashlib.sha256(priya.read_bytes()).hexdigest()
    for command in (["candidates"], ["verify"]):
        result = here("--data-dir", caseload, *command)
        clean(result)
        assert f"{priya.name}: " in result.stdout + result.stderr
    with pytest.raises(CorruptLogbook, match=priya.name):
        LogbookFile(priya).add(
            Observation(
                date=TODAY,
                venue="v",
                activity="a",
                justification="j",
                feedback="f",
                links=[Link("205", "205.1.1")],
            ),
            "x",
            TODAY,
        )
    assert hashlib.sha256(priya.read_bytes()).hexdigest() == before
