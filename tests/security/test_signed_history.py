"""The history says who signed each entry in a way a third party can check, and `verify` finds
what a hash chain alone cannot: entries cut from the end, an older copy put back, a chain
recomputed without the key.

Each entry is signed with its assessor's Ed25519 key (kept 0600 in the data folder's `.keys/`);
the public keys travel in the export. Every save records the history's length and last hash in
the caseload's `.checkpoint.json`. Files written before entries were signed still open, and
verify as "unsigned entries before <date>".
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from dataclasses import replace
from pathlib import Path

import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from logbook.domain.records import Link, Observation
from logbook.store import history as chain
from logbook.store.caseload import Caseload
from tests.security.helpers import ASSESSOR, TODAY, demo_copy, here, write_template

OLD_CASELOAD = Path(__file__).resolve().parents[1] / "store" / "data" / "caseload-0.1-unsigned"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return write_template(tmp_path_factory.mktemp("demo") / "caseload")


@pytest.fixture
def caseload(template, tmp_path) -> Caseload:
    return demo_copy(template, tmp_path / "caseload")


def _load(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def _save(path: Path, data: dict) -> None:
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))


def _verify(caseload: Caseload) -> subprocess.CompletedProcess:
    return here("--data-dir", caseload.folder, "verify")


def test_the_demo_verifies_and_says_who_signed(caseload):
    result = _verify(caseload)
    assert result.returncode == 0, result.stdout
    assert "note: signed by Morgan Ellis: key " in result.stdout
    assert "note: signed by Ruth Okoye: key " in result.stdout


def test_the_last_sign_offs_and_the_countersign_cut_from_the_end_are_found(caseload):
    priya = caseload.find("Priya Shah")
    data = _load(priya.path)
    records = sorted(data["records"], key=int)
    history = sorted(data["history"], key=int)
    assert [data["records"][k]["kind"] for k in records[-3:]] == ["signoff"] * 3
    for key in records[-2:]:  # the sign-off of 302, and the IV's countersignature of 301
        del data["records"][key]
    for key in history[-2:]:  # and their history: what is left is a valid chain
        del data["history"][key]
    _save(priya.path, data)
    assert chain.verify_chain(*reversed(priya.rows())) == []

    result = _verify(caseload)
    assert result.returncode == 1
    assert (
        f"{priya.path.name}: its history has {len(history) - 2} entries, but it had "
        f"{len(history)} at its save of "
    ) in result.stdout
    assert "the last 2 entries were removed, or this is an older copy of the file" in (
        result.stdout
    )


def test_an_older_copy_put_back_is_found(caseload):
    priya = caseload.find("Priya Shah")
    old = priya.path.read_bytes()
    observation = next(r for r in priya.read(TODAY).evidence if isinstance(r, Observation))
    priya.update(replace(observation, feedback="Noted on the account."), ASSESSOR, TODAY)
    priya.path.write_bytes(old)  # a backup restored over the newer file

    result = _verify(caseload)
    assert result.returncode == 1
    assert "the last 1 entry was removed, or this is an older copy of the file" not in (
        result.stdout
    )
    assert "the last entry was removed, or this is an older copy of the file" in result.stdout


def test_a_chain_recomputed_without_the_key_is_found(caseload):
    priya = caseload.find("Priya Shah")
    data = _load(priya.path)
    observation = next(r for r in data["records"].values() if r["kind"] == "observation")
    observation["activity"] = "Something that did not happen"
    entries = [data["history"][k] for k in sorted(data["history"], key=int)]
    previous = None
    for entry in entries:  # every hash recomputed, every signature kept as it was
        if entry["record"] == observation["id"]:
            entry["digest"] = chain.digest(observation)
            if "content" in entry:  # a self-contained entry holds the record too
                entry["content"] = observation
        entry["prev"] = previous["hash"] if previous else chain.GENESIS
        entry["hash"] = chain.entry_hash(entry)
        previous = entry
    _save(priya.path, data)
    assert chain.verify_chain(*reversed(priya.rows())) == []  # the chain alone is fooled

    result = _verify(caseload)
    assert result.returncode == 1
    assert "does not carry the signature of the key it names" in result.stdout


def test_a_chain_recomputed_without_signatures_is_found(caseload):
    priya = caseload.find("Priya Shah")
    data = _load(priya.path)
    observation = next(r for r in data["records"].values() if r["kind"] == "observation")
    observation["activity"] = "Something that did not happen"
    rows = [data["records"][k] for k in sorted(data["records"], key=int)]
    entries: list[dict] = []
    for row in rows:  # as if written before entries were signed
        entries.append(chain.make_entry(entries[-1] if entries else None, "add", row, ASSESSOR))
    data["history"] = {str(i): e for i, e in enumerate(entries, 1)}
    _save(priya.path, data)

    result = _verify(caseload)
    assert result.returncode == 1
    assert f"{priya.path.name}: its history is not the one it had at its save of" in result.stdout


def test_a_chain_signed_with_another_key_is_found(caseload, tmp_path):
    """Someone without the assessor's key makes their own, in the assessor's name."""
    from logbook.store.signing import Keyring

    (tmp_path / "elsewhere").mkdir()
    impostor = Keyring(tmp_path / "elsewhere").signer(ASSESSOR)
    priya = caseload.find("Priya Shah")
    data = _load(priya.path)
    rows = [data["records"][k] for k in sorted(data["records"], key=int)]
    entries: list[dict] = []
    for row in rows:
        previous = entries[-1] if entries else None
        entries.append(chain.make_entry(previous, "add", row, ASSESSOR, signer=impostor))
    data["history"] = {str(i): e for i, e in enumerate(entries, 1)}
    _save(priya.path, data)

    result = _verify(caseload)
    assert result.returncode == 1
    assert "is signed with a key this caseload does not know" in result.stdout


def test_a_logbook_removed_from_the_folder_is_found(caseload):
    tom = caseload.find("Tom Reilly")
    tom.path.unlink()
    result = _verify(caseload)
    assert result.returncode == 1
    assert f"{tom.path.name} is missing: the checkpoint recorded" in result.stdout


def test_a_third_party_checks_every_signature_with_the_exported_keys(caseload, tmp_path):
    """With the export alone, and no logbook code: each entry's hash, and its signature."""
    out = tmp_path / "priya.json"
    assert here("--data-dir", caseload.folder, "export", "Priya Shah", "-o", out).returncode == 0
    export = json.loads(out.read_text(encoding="utf-8"))
    names = {k["public_key"]: k["name"] for k in export["keys"]}
    assert sorted(names.values()) == ["Morgan Ellis", "Ruth Okoye"]
    logbook = export["logbooks"][0]
    assert logbook["history_count"] == len(logbook["history"])
    assert logbook["last_hash"] == logbook["history"][-1]["hash"]
    import hashlib

    previous = "0" * 64
    for entry in logbook["history"]:
        body = {k: v for k, v in entry.items() if k not in ("hash", "sig")}
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(text.encode()).hexdigest() == entry["hash"]
        assert entry["prev"] == previous
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(entry["key"]))
        key.verify(bytes.fromhex(entry["sig"]), bytes.fromhex(entry["hash"]))  # raises if not
        assert names[entry["key"]] == entry["by"]
        previous = entry["hash"]


def test_keys_are_private_even_with_an_open_umask(tmp_path):
    previous = os.umask(0)
    try:
        caseload = Caseload(tmp_path / "caseload")
        write_template(caseload.folder)
    finally:
        os.umask(previous)
    keys = caseload.folder / ".keys"
    assert stat.S_IMODE(keys.stat().st_mode) == 0o700
    files = list(keys.iterdir())
    assert len(files) == 2  # Morgan Ellis and Ruth Okoye
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert "private_key" in json.loads(path.read_text())
    assert stat.S_IMODE((caseload.folder / ".checkpoint.json").stat().st_mode) == 0o600


def test_files_written_before_entries_were_signed_open_and_verify(tmp_path):
    """Logbooks written by logbook 0.1.0: unsigned history, no checkpoint."""
    folder = tmp_path / "caseload"
    shutil.copytree(OLD_CASELOAD, folder)
    for path in folder.iterdir():
        path.chmod(0o600)
    caseload = Caseload(folder)
    result = _verify(caseload)
    assert result.returncode == 0, result.stdout
    assert "13 unsigned entries up to " in result.stdout
    assert result.stdout.strip().endswith("5 logbooks, all verified")

    priya = caseload.find("Priya Shah")
    written = priya.add(
        Observation(
            date=priya.read(TODAY).candidate.registered_on,
            venue="Service desk",
            activity="Served a customer",
            justification="Done well",
            feedback="Good",
            links=[Link("205", "205.1.1")],
        ),
        ASSESSOR,
    )
    result = _verify(caseload)
    assert result.returncode == 0, result.stdout
    assert f"{priya.path.name}: note: 13 unsigned entries before " in result.stdout
    assert written.id in {e["record"] for e in priya.rows()[1] if "sig" in e}

    # an unsigned entry after a signed one is not from this program
    data = _load(priya.path)
    entries = [data["history"][k] for k in sorted(data["history"], key=int)]
    rows = [data["records"][k] for k in sorted(data["records"], key=int)]
    entries.append(chain.make_entry(entries[-1], "update", rows[-1], ASSESSOR))
    data["history"] = {str(i): e for i, e in enumerate(entries, 1)}
    _save(priya.path, data)
    result = _verify(caseload)
    assert result.returncode == 1
    assert f"history entry {len(entries)} is not signed, though entries before it are" in (
        result.stdout
    )
