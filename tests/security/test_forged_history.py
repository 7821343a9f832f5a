"""`logbook verify` checks every entry's hash and link, and a signature wherever no later
signature of the same key vouches for it (`history._vouched`): each way of forging a signed
history is still found, and said in the words verify has always used.

The demo's logbook of Priya Shah has a signed history of 16 entries from one device, written
by Morgan Ellis and, at its end, Ruth Okoye (the internal verifier): runs of two keys.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import orjson
import pytest

from logbook.store import history as chain
from logbook.store.caseload import Caseload
from logbook.store.signing import Keyring
from tests.security.helpers import ASSESSOR, demo_copy, here, write_template

VERIFIER = "Ruth Okoye"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return write_template(tmp_path_factory.mktemp("demo") / "caseload")


@pytest.fixture
def caseload(template, tmp_path) -> Caseload:
    return demo_copy(template, tmp_path / "caseload")


def _tables(path: Path) -> tuple[dict, list[dict]]:
    data = orjson.loads(path.read_bytes())
    data.pop("summary", None)  # the summary line: its checksum would no longer hold anyway
    return data, [data["history"][k] for k in sorted(data["history"], key=int)]


def _save(path: Path, data: dict, entries: list[dict]) -> None:
    data["history"] = {str(i): e for i, e in enumerate(entries, 1)}
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))


def _rehash(entries: list[dict], start: int, signer=None) -> None:
    """Every entry from `start` on linked and hashed anew; signed anew by `signer`, if given,
    else keeping the signature each had."""
    for position in range(start, len(entries)):
        entry = entries[position]
        if position:
            entry["prev"] = entries[position - 1]["hash"]
        if signer is not None:
            entry["key"] = signer.public_key
        entry["hash"] = chain.entry_hash(entry)
        if signer is not None:
            entry["sig"] = signer.sign(entry["hash"])


def _verify(caseload: Caseload):
    result = here("--data-dir", caseload.folder, "verify")
    assert result.returncode == 1, result.stdout
    return result.stdout


def _a_morgan_run(entries: list[dict]) -> int:
    """The position (from 0) of an entry by Morgan Ellis followed by another of his."""
    return next(
        i
        for i in range(1, len(entries) - 1)
        if entries[i]["by"] == entries[i + 1]["by"] == ASSESSOR
    )


def test_the_demo_has_runs_of_two_keys(caseload):
    _, entries = _tables(caseload.find("Priya Shah").path)
    keys = [e["key"] for e in entries]
    runs = sum(1 for a, b in pairwise(keys) if a != b) + 1
    assert runs >= 2 and len(entries) > runs  # entries vouched for by a later signature


def test_a_changed_middle_entry_is_found(caseload):
    path = caseload.find("Priya Shah").path
    data, entries = _tables(path)
    middle = _a_morgan_run(entries)
    entries[middle]["note"] = "written later by hand"
    _save(path, data, entries)
    assert f"history entry {middle + 1} was changed after it was written" in _verify(caseload)


def test_a_middle_entry_rehashed_with_the_rest_keeping_their_signatures_is_found(caseload):
    """Nobody but the key's holder can sign the end of the run the changed entry is in."""
    path = caseload.find("Priya Shah").path
    data, entries = _tables(path)
    middle = _a_morgan_run(entries)
    entries[middle]["note"] = "written later by hand"
    _rehash(entries, middle)
    _save(path, data, entries)
    out = _verify(caseload)
    assert "does not carry the signature of the key it names" in out
    assert "was changed after it was written" not in out  # every hash holds


def test_a_middle_entry_resigned_by_another_known_key_is_found(caseload):
    """The internal verifier, whose key the caseload knows, rewrites one of the assessor's
    entries as hers and signs it; the entries after it keep the assessor's signatures."""
    path = caseload.find("Priya Shah").path
    ruth = Keyring(caseload.folder).signer(VERIFIER)
    data, entries = _tables(path)
    middle = _a_morgan_run(entries)
    entries[middle]["by"] = VERIFIER
    entries[middle]["note"] = "written later by hand"
    entries[middle]["key"] = ruth.public_key
    entries[middle]["hash"] = chain.entry_hash(entries[middle])
    entries[middle]["sig"] = ruth.sign(entries[middle]["hash"])
    _rehash(entries, middle + 1)
    _save(path, data, entries)
    assert "does not carry the signature of the key it names" in _verify(caseload)


def test_an_entry_forged_in_anothers_name_before_entries_signed_anew_is_found(caseload):
    """The internal verifier forges one of the assessor's entries (his key named, a signature
    of the right shape that is not his) and signs every entry after it, as hers: a run of his
    key ends at the forged entry, so its own signature is checked."""
    path = caseload.find("Priya Shah").path
    ruth = Keyring(caseload.folder).signer(VERIFIER)
    data, entries = _tables(path)
    middle = _a_morgan_run(entries)
    entries[middle]["note"] = "written later by hand"
    entries[middle]["hash"] = chain.entry_hash(entries[middle])
    for entry in entries[middle + 1 :]:
        entry["by"] = VERIFIER
    _rehash(entries, middle + 1, signer=ruth)
    _save(path, data, entries)
    out = _verify(caseload)
    assert f"history entry {middle + 1} does not carry the signature of the key it names" in out


def test_a_chain_resigned_with_another_known_key_in_the_assessors_name_is_found(caseload):
    path = caseload.find("Priya Shah").path
    ruth = Keyring(caseload.folder).signer(VERIFIER)
    data, entries = _tables(path)
    middle = _a_morgan_run(entries)
    entries[middle]["note"] = "written later by hand"
    _rehash(entries, middle, signer=ruth)  # every signature holds; `by` still says Morgan
    _save(path, data, entries)
    out = _verify(caseload)
    assert f"history entry {middle + 1} says it is by 'Morgan Ellis' but is signed with " in out
    assert "does not carry the signature" not in out


def test_a_chain_resigned_with_an_unknown_key_is_found(caseload, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    impostor = Keyring(tmp_path / "elsewhere").signer(ASSESSOR)
    path = caseload.find("Priya Shah").path
    data, entries = _tables(path)
    middle = _a_morgan_run(entries)
    entries[middle]["note"] = "written later by hand"
    _rehash(entries, middle, signer=impostor)
    _save(path, data, entries)
    out = _verify(caseload)
    assert f"history entry {middle + 1} is signed with a key this caseload does not know" in out
    assert f"history entry {len(entries)} is signed with a key this caseload does not know" in out


def test_a_dropped_entry_is_found(caseload):
    path = caseload.find("Priya Shah").path
    data, entries = _tables(path)
    middle = _a_morgan_run(entries)
    del entries[middle]
    _save(path, data, entries)
    out = _verify(caseload)
    assert f"history entry {middle + 1} does not follow the entry before it" in out
    assert f"history entry {middle + 1} has sequence number {middle + 2}" in out


def test_another_logbooks_chain_spliced_in_is_found(caseload):
    """Two genuine chains signed by the same key, joined: each signature holds, the link
    between them does not."""
    path = caseload.find("Priya Shah").path
    _, others = _tables(caseload.find("Tom Reilly").path)
    data, entries = _tables(path)
    middle = _a_morgan_run(entries)
    spliced = entries[: middle + 1] + others
    _save(path, data, spliced)
    out = _verify(caseload)
    assert f"history entry {middle + 2} does not follow the entry before it" in out
    assert "does not carry the signature" not in out  # every entry is as its signer wrote it


def test_an_entry_vouched_for_but_without_a_signature_is_found(caseload):
    path = caseload.find("Priya Shah").path
    data, entries = _tables(path)
    middle = _a_morgan_run(entries)
    del entries[middle]["sig"]
    _save(path, data, entries)
    out = _verify(caseload)
    assert f"history entry {middle + 1} does not carry the signature of the key it names" in out


def test_a_signature_checked_on_its_own_for_each_entry_when_taken_one_by_one(caseload):
    """An import takes entries one by one (`every=True`): a signature replaced by another
    of the right shape is found there, on the entry itself."""
    path = caseload.find("Priya Shah").path
    _, entries = _tables(path)
    keys, _ = Keyring(caseload.folder).known()
    middle = _a_morgan_run(entries)
    entries[middle]["sig"] = entries[middle + 1]["sig"]
    problems = chain.signature_problems(entries, keys)
    assert problems == [
        f"history entry {middle + 1} does not carry the signature of the key it names: it was "
        "written or re-hashed without that key"
    ]
