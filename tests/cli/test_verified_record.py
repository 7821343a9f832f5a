"""`logbook verify` takes a logbook unchanged since a check found it clean as verified, from the
record of verified files in the user's own state folder (`logbook.store.verified`), and checks
every other one in full. The record must never vouch for a file it should not: a file changed
by a byte, a changed checkpoint entry, a removed key, changed standards, and every forged,
misplaced or unprotected record or key all end in a full check that finds the damage.

Each forgery test first shows the forgery is well made (the same entry, with the right MAC
under the user's own key in a record of the user's own, is taken as verified): what then stops
it is the one thing the test changes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import orjson
import pytest

from logbook.demo import write_demo
from logbook.store.caseload import Caseload
from logbook.store.logbook_storage import encode
from logbook.store.logbooks import LogbookFile
from logbook.store.verified import KEY_NAME, RECORD_NAME, mac, state_folder
from tests.store.helpers import observation

TODAY = date(2025, 6, 1)
HAND_EDITED = "was changed without a history entry"
VENUE = b'"venue": "'


@pytest.fixture
def caseload(tmp_path) -> Path:
    folder = tmp_path / "caseload"
    write_demo(folder, TODAY)
    return folder


def books(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))


def verify(cli, folder: Path, *more: str, env: dict | None = None, cwd: Path | None = None):
    return cli("--data-dir", folder, "verify", *more, env=env, cwd=cwd)


def unchanged_line(result) -> str | None:
    return next((line for line in result.stdout.splitlines() if " unchanged since " in line), None)


def edit_one_byte(path: Path) -> None:
    """A record's venue edited by hand, one byte, the file the same length."""
    raw = path.read_bytes()
    at = raw.index(VENUE) + len(VENUE)
    path.write_bytes(raw[:at] + (b"X" if raw[at : at + 1] != b"X" else b"Y") + raw[at + 1 :])


def record_path() -> Path:
    return state_folder() / RECORD_NAME


def key_path() -> Path:
    return state_folder() / KEY_NAME


def read_record(path: Path | None = None) -> tuple[bytes, dict]:
    first, _, body = (path or record_path()).read_bytes().partition(b"\n")
    return first, orjson.loads(body)


def write_record(data: dict, key: bytes | None, path: Path | None = None, old_mac=b"") -> None:
    """The record `data`, with its MAC under `key` (or `old_mac`, kept as it was)."""
    body = orjson.dumps(data)
    path = path or record_path()
    path.write_bytes((mac(key, body) if key is not None else old_mac) + b"\n" + body)
    path.chmod(0o600)


def forged(folder: Path, name: str) -> dict:
    """The record as it is, with an entry vouching for the file `name` as it is now."""
    slot, key = Caseload(folder).verified_keys()[name]
    _, data = read_record()
    data["files"][slot] = {
        "key": key,
        "signers": {},
        "signed": False,
        "notes": [],
        "at": "2026-11-25T09:14:00+00:00",
    }
    return data


def test_a_second_verify_of_an_unchanged_caseload_uses_the_record(cli, caseload):
    first = verify(cli, caseload)
    assert first.returncode == 0
    assert unchanged_line(first) is None
    assert first.stdout.splitlines()[-1] == "5 logbooks, all verified"
    again = verify(cli, caseload)
    assert again.returncode == 0
    assert unchanged_line(again).startswith("5 of 5 logbooks unchanged since they were verified")
    assert unchanged_line(again).endswith("; 0 checked in full")
    # the caseload's own findings are the same: who signed, by key
    notes = [line for line in first.stdout.splitlines() if line.startswith("note: signed by")]
    assert notes and notes == [
        line for line in again.stdout.splitlines() if line.startswith("note: signed by")
    ]
    assert again.stdout.splitlines()[-1] == "5 logbooks, all verified"


def test_a_file_changed_by_one_byte_is_checked_in_full(cli, caseload):
    assert verify(cli, caseload).returncode == 0
    edited = next(p for p in books(caseload) if VENUE in p.read_bytes())
    size = edited.stat().st_size
    edit_one_byte(edited)
    assert edited.stat().st_size == size
    result = verify(cli, caseload)
    assert result.returncode == 1
    assert any(
        line.startswith(edited.name) and HAND_EDITED in line for line in result.stdout.splitlines()
    )
    assert unchanged_line(result).startswith("4 of 5 logbooks unchanged")
    assert unchanged_line(result).endswith("; 1 checked in full")
    assert result.stdout.splitlines()[-1] == "1 of 5 logbooks failed verification"
    # a file with a finding is never recorded: it is found again, in full
    again = verify(cli, caseload)
    assert again.returncode == 1
    assert any(HAND_EDITED in line for line in again.stdout.splitlines())


def test_a_forged_summary_is_checked_in_full(cli, caseload):
    """The summary line rewritten by whoever knows the format, its checksum recomputed."""
    assert verify(cli, caseload).returncode == 0
    book = books(caseload)[0]
    data = orjson.loads(book.read_bytes())
    head = data.pop("summary")
    fields = {k: v for k, v in head.items() if k not in ("bytes", "sha256")}
    fields["of"] = {**fields["of"], "achieved": not fields["of"]["achieved"]}
    book.write_bytes(encode(data, fields))
    result = verify(cli, caseload)
    assert result.returncode == 1
    assert any(
        line.startswith(book.name) and "does not match its records" in line
        for line in result.stdout.splitlines()
    )
    assert unchanged_line(result).endswith("; 1 checked in full")


def test_a_logbook_put_back_as_it_was_when_verified_is_checked_against_the_checkpoint(
    cli, caseload
):
    """The same bytes as the check that found them clean, but the checkpoint has moved on
    since: an older copy put back (a rollback) is found."""
    assert verify(cli, caseload).returncode == 0
    book = next(p for p in books(caseload) if b'"qualification":"ocr-l3-nvq"' in p.read_bytes())
    older = book.read_bytes()
    LogbookFile(book).add(observation(1), "Morgan Ellis", TODAY)  # a known key: no new one
    book.write_bytes(older)
    result = verify(cli, caseload)
    assert result.returncode == 1
    assert any(line.startswith(book.name) for line in result.stdout.splitlines())
    assert unchanged_line(result).endswith("; 1 checked in full")


def test_a_removed_key_checks_its_files_in_full(cli, caseload):
    first = verify(cli, caseload)
    assert first.returncode == 0
    keys = sorted((caseload / ".keys").iterdir())
    assert keys
    for key in keys:
        key.unlink()
    result = verify(cli, caseload)
    assert result.returncode == 1
    assert unchanged_line(result) is None  # every file signed with them checked in full
    assert "failed verification" in result.stdout.splitlines()[-1]


def test_changed_standards_check_every_file_in_full(cli, caseload, tmp_path):
    assert verify(cli, caseload).returncode == 0
    assert unchanged_line(verify(cli, caseload)) is not None
    standards = tmp_path / "standards"
    shutil.copytree(Path(__file__).resolve().parents[2] / "standards", standards)
    shipped = standards / "ocr-l3-nvq.json"
    shipped.write_text(shipped.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = cli("--data-dir", caseload, "verify", env={"LOGBOOK_STANDARDS_DIR": str(standards)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert unchanged_line(result) is None


def _damaged_with_a_forged_entry(cli, caseload) -> dict:
    assert verify(cli, caseload).returncode == 0
    book = next(p for p in books(caseload) if VENUE in p.read_bytes())
    edit_one_byte(book)
    return forged(caseload, book.name)


def test_a_well_made_forgery_is_what_the_key_stops(cli, caseload):
    """The control for the tests below: an entry for a damaged file, under the user's own key,
    is believed (so the tests below fail if what they change is not checked)."""
    data = _damaged_with_a_forged_entry(cli, caseload)
    write_record(data, key_path().read_bytes())
    result = verify(cli, caseload)
    assert unchanged_line(result).startswith("5 of 5 logbooks unchanged")
    assert HAND_EDITED not in result.stdout


def _damage_found_and_record_not_used(result, why: str) -> None:
    assert result.returncode == 1
    assert HAND_EDITED in result.stdout
    assert unchanged_line(result) is None
    notes = [line for line in result.stdout.splitlines() if "record of verified files" in line]
    assert len(notes) == 1 and why in notes[0], result.stdout


def test_an_entry_added_with_a_wrong_mac_is_not_believed(cli, caseload):
    data = _damaged_with_a_forged_entry(cli, caseload)
    old_mac, _ = read_record()
    write_record(data, None, old_mac=old_mac)
    _damage_found_and_record_not_used(verify(cli, caseload), "does not match its key")
    # written afresh: the next verify uses it, and still finds the damage
    again = verify(cli, caseload)
    assert "record of verified files" not in again.stdout
    assert unchanged_line(again).startswith("4 of 5 logbooks unchanged")
    assert HAND_EDITED in again.stdout


def test_a_record_from_another_users_state_folder_is_not_believed(cli, caseload, tmp_path):
    data = _damaged_with_a_forged_entry(cli, caseload)
    write_record(data, os.urandom(32))  # made under another user's own key
    _damage_found_and_record_not_used(verify(cli, caseload), "does not match its key")


def test_a_deleted_key_file_means_no_record(cli, caseload):
    data = _damaged_with_a_forged_entry(cli, caseload)
    write_record(data, key_path().read_bytes())
    key_path().unlink()
    _damage_found_and_record_not_used(verify(cli, caseload), "is missing")
    assert key_path().stat().st_mode & 0o777 == 0o600  # a new one


@pytest.mark.parametrize("which", ["record", "key"])
def test_a_symbolic_link_is_not_believed(cli, caseload, tmp_path, which):
    data = _damaged_with_a_forged_entry(cli, caseload)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if which == "record":
        write_record(data, key_path().read_bytes(), elsewhere / RECORD_NAME)
        record_path().unlink()
        record_path().symlink_to(elsewhere / RECORD_NAME)
        why = "symbolic link"
    else:
        write_record(data, key_path().read_bytes())
        shutil.copy(key_path(), elsewhere / KEY_NAME)
        key_path().unlink()
        key_path().symlink_to(elsewhere / KEY_NAME)
        why = "symbolic link"
    _damage_found_and_record_not_used(verify(cli, caseload), why)
    assert not record_path().is_symlink() and not key_path().is_symlink()  # written afresh


@pytest.mark.parametrize("which", ["record", "key"])
def test_a_record_or_key_others_may_read_is_not_believed(cli, caseload, which):
    data = _damaged_with_a_forged_entry(cli, caseload)
    write_record(data, key_path().read_bytes())
    (record_path() if which == "record" else key_path()).chmod(0o644)
    _damage_found_and_record_not_used(verify(cli, caseload), "others than you may read")
    assert record_path().stat().st_mode & 0o777 == 0o600
    assert key_path().stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    "damage", [b"", b"not a record", b"0" * 64 + b"\n{}", b"x" * 100 + b"\n" + b"[" * 100000]
)
def test_a_damaged_record_is_not_used_and_written_afresh(cli, caseload, damage):
    assert verify(cli, caseload).returncode == 0
    record_path().write_bytes(damage)
    result = verify(cli, caseload)
    assert result.returncode == 0
    assert unchanged_line(result) is None
    assert (
        sum("record of verified files was not used" in line for line in result.stdout.splitlines())
        == 1
    )
    assert unchanged_line(verify(cli, caseload)).startswith("5 of 5")


def test_a_record_too_big_is_not_read(cli, caseload):
    assert verify(cli, caseload).returncode == 0
    with record_path().open("ab") as out:
        out.truncate(65 * 1024 * 1024)  # sparse: no disk used
    result = verify(cli, caseload)
    assert "larger than" in result.stdout and unchanged_line(result) is None
    assert record_path().stat().st_size < 1024 * 1024


def test_full_checks_every_file_and_refreshes_the_record(cli, caseload):
    assert verify(cli, caseload).returncode == 0
    record_path().write_bytes(b"damaged")
    full = verify(cli, caseload, "--full")
    assert full.returncode == 0
    assert unchanged_line(full) is None
    assert "record of verified files" not in full.stdout  # not used, so nothing to say
    assert unchanged_line(verify(cli, caseload)).startswith("5 of 5")


def test_full_finds_what_a_first_verify_finds(cli, caseload):
    """`--full` after a verify prints what that verify printed, line for line."""
    book = books(caseload)[0]
    edit_target = next(p for p in books(caseload) if VENUE in p.read_bytes())
    edit_one_byte(edit_target)
    first = verify(cli, caseload)
    full = verify(cli, caseload, "--full")
    assert first.returncode == full.returncode == 1
    assert first.stdout == full.stdout
    assert book.exists()


def test_two_verifies_at_once_leave_a_record_both_can_use(caseload):
    command = [sys.executable, "-m", "logbook", "--data-dir", str(caseload), "verify"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    third = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert "5 of 5 logbooks unchanged" in third.stdout, third.stdout
    assert "record of verified files" not in third.stdout


def test_the_record_and_its_key_are_private(cli, caseload):
    folder = state_folder()
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    assert verify(cli, caseload).returncode == 0
    assert folder.stat().st_mode & 0o777 == 0o700
    for path in (record_path(), key_path()):
        assert path.stat().st_mode & 0o777 == 0o600
    assert len(key_path().read_bytes()) == 32
    # nothing of it is in the data folder
    assert not [p for p in caseload.rglob("*") if "verified" in p.name]


def test_the_record_holds_no_entry_for_a_file_with_a_finding(cli, caseload):
    edit_one_byte(next(p for p in books(caseload) if VENUE in p.read_bytes()))
    assert verify(cli, caseload).returncode == 1
    _, data = read_record()
    assert len(data["files"]) == 4
    assert all(json.dumps(entry) for entry in data["files"].values())


def test_a_file_whose_lock_file_is_damaged_is_checked_in_full(cli, caseload, tmp_path):
    assert verify(cli, caseload).returncode == 0
    book = books(caseload)[0]
    lock = caseload / f".{book.name}.lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(tmp_path / "elsewhere")
    result = verify(cli, caseload)
    assert result.returncode == 1
    assert any(
        line.startswith(book.name) and "lock file" in line for line in result.stdout.splitlines()
    )
    assert unchanged_line(result).endswith("; 1 checked in full")


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
@pytest.mark.parametrize("which", ["record", "key"])
def test_a_record_or_key_of_another_user_is_not_believed(cli, caseload, which):
    data = _damaged_with_a_forged_entry(cli, caseload)
    write_record(data, key_path().read_bytes())
    os.chown(record_path() if which == "record" else key_path(), 65534, 65534)
    _damage_found_and_record_not_used(verify(cli, caseload), "belongs to another user")
    assert record_path().stat().st_uid == key_path().stat().st_uid == os.getuid()


def _a_copy_of_the_code(tmp_path) -> tuple[Path, dict]:
    """The package copied, and the environment that runs `logbook` from the copy (from
    `tmp_path`: not from a folder that holds the package itself)."""
    import logbook

    code = tmp_path / "code"
    unneeded = shutil.ignore_patterns("__pycache__")
    shutil.copytree(Path(logbook.__file__).parent, code / "logbook", ignore=unneeded)
    env = {
        "PYTHONPATH": str(code),
        "PYTHONDONTWRITEBYTECODE": "1",
        "LOGBOOK_STANDARDS_DIR": str(Path(__file__).resolve().parents[2] / "standards"),
    }
    ran = subprocess.run(
        [sys.executable, "-c", "import logbook; print(logbook.__file__)"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=tmp_path,
        check=True,
    )
    assert ran.stdout.startswith(str(code))  # the copy is what runs
    return code / "logbook", env


def test_a_change_to_the_rules_checks_every_file_in_full_again(cli, caseload, tmp_path):
    """A caseload verified by one version of the rules is not taken as verified by another
    (an upgrade, a fix): the record keys each check by the code that made it."""
    package, env = _a_copy_of_the_code(tmp_path)

    def run():
        return verify(cli, caseload, env=env, cwd=tmp_path)

    assert run().returncode == 0
    assert unchanged_line(run()) is not None
    # the screens and the command line are not what checks a file: the record still holds
    screen = package / "tui" / "app.py"
    screen.write_text(screen.read_text(encoding="utf-8") + "\n# a screen changed\n", "utf-8")
    assert unchanged_line(run()).startswith("5 of 5 logbooks unchanged")
    # a rule of the domain changed (here, by a comment): every file is checked in full
    rules = package / "domain" / "validation.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# a rule changed\n", "utf-8")
    result = run()
    assert result.returncode == 0, result.stdout + result.stderr
    assert unchanged_line(result) is None
    assert result.stdout.splitlines()[-1] == "5 logbooks, all verified"
    # and found clean by this code, the next verify takes them from the record again
    assert unchanged_line(run()).startswith("5 of 5 logbooks unchanged")
