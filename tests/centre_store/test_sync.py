"""`logbook sync` against a real PostgreSQL centre: laptops that edit offline push and pull
self-contained history entries; nothing is lost, every laptop ends with the same logbook, and
an edit of the same field on two laptops is kept twice and flagged "2 versions: choose"."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from psycopg import errors

from logbook.centre import admin
from logbook.centre.events import push
from logbook.centre.keys import register
from logbook.centre.sync import sync, to_event
from logbook.domain.iqa import IqaDecision
from logbook.domain.records import Candidate, Witness
from logbook.store import history as chain
from logbook.store.caseload import Caseload
from logbook.store.logbooks import LogbookFile
from logbook.store.merges import flags
from logbook.store.signing import Keyring

TODAY = date(2026, 11, 24)


def candidate(name: str = "Priya Shah") -> Candidate:
    return Candidate(
        name=name, date_of_birth=date(1994, 3, 14), registration_number="CG-4471-0931",
        qualification="cg-l3-nsvq", units=["301", "302", "205"],
        registered_on=date(2026, 9, 1), workplace="Greenway Stores, Leeds",
    )  # fmt: skip


WITNESS = Witness(
    name="Sam Patel", job_title="Customer Service Adviser", organisation="Greenway Stores",
    role="line_manager", relationship="line manager for two years", relative="no",
)  # fmt: skip


@pytest.fixture
def laptops(tmp_path, centre):
    """Amy's laptop with one candidate of hers (assigned to her at the centre) and a witness;
    Iris's laptop (the IQA of Amy), empty; Ben's laptop, empty."""
    amy = Caseload(tmp_path / "amy")
    book = amy.create(candidate(), "Amy Jones", TODAY)
    book.add(WITNESS, "Amy Jones", TODAY)
    with centre.connect() as conn:
        admin.assign_candidate(conn, "amy", book.candidate_id)
    return {
        "amy": tmp_path / "amy", "iris": tmp_path / "iris", "ben": tmp_path / "ben",
        "candidate": book.candidate_id,
    }  # fmt: skip


NAMES = {"amy": "Amy Jones", "iris": "Iris Khan", "ben": "Ben Ode"}


def run_sync(centre, laptops, who):
    with centre.connect(who) as conn:
        return sync(conn, laptops[who], NAMES[who])


def book(laptops, who) -> LogbookFile:
    return LogbookFile(Path(laptops[who]) / f"{laptops['candidate']}.json")


def witness(laptops, who) -> Witness:
    return next(r for r in book(laptops, who).read(TODAY).records if isinstance(r, Witness))


def test_a_first_sync_pushes_everything_and_the_iqa_pulls_the_same_logbook(centre, laptops):
    first = run_sync(centre, laptops, "amy")
    assert (first.pushed, first.sent) == (2, 2)
    assert run_sync(centre, laptops, "amy").sent == 0  # nothing new: nothing sent
    pulled = run_sync(centre, laptops, "iris")
    assert (pulled.pulled, pulled.stored, pulled.created) == (2, 2, {laptops["candidate"]})
    assert book(laptops, "iris").rows()[0] == book(laptops, "amy").rows()[0]
    assert book(laptops, "iris").verify() == []
    # ben is not assigned amy's candidate: the centre itself shows him nothing
    assert run_sync(centre, laptops, "ben").pulled == 0
    assert not (laptops["ben"] / f"{laptops['candidate']}.json").exists()


def test_edits_of_different_fields_merge_and_the_same_field_is_kept_twice(centre, laptops):
    run_sync(centre, laptops, "amy")
    run_sync(centre, laptops, "iris")
    at_amy, at_iris = witness(laptops, "amy"), witness(laptops, "iris")
    book(laptops, "amy").update(
        replace(at_amy, job_title="Supervisor", organisation="Greenway Leeds"), "Amy Jones", TODAY
    )
    book(laptops, "iris").update(
        replace(at_iris, job_title="Store Manager", contact="0113 496 0002"), "Iris Khan", TODAY
    )
    run_sync(centre, laptops, "amy")
    iris = run_sync(centre, laptops, "iris")
    amy = run_sync(centre, laptops, "amy")
    assert iris.merged and [f.text for f in iris.flags] == [f.text for f in amy.flags]
    (flag,) = amy.flags
    assert "job_title: 2 versions: choose" in flag.text
    one, other = witness(laptops, "amy"), witness(laptops, "iris")
    assert one == other
    assert (one.organisation, one.contact) == ("Greenway Leeds", "0113 496 0002")  # merged
    assert one.job_title in ("Supervisor", "Store Manager")
    for who in ("amy", "iris"):
        assert book(laptops, who).verify() == [], who
    # choosing is a normal change of the record: the flag goes on every laptop
    book(laptops, "amy").update(
        replace(one, job_title="Supervisor"), "Amy Jones", TODAY, resolves=("job_title",)
    )
    run_sync(centre, laptops, "amy")
    assert run_sync(centre, laptops, "iris").flags == []
    assert witness(laptops, "iris").job_title == "Supervisor"


def test_each_laptop_keeps_its_own_chain_and_the_file_holds_both(centre, laptops):
    run_sync(centre, laptops, "amy")
    run_sync(centre, laptops, "iris")
    w = witness(laptops, "iris")
    book(laptops, "iris").update(replace(w, contact="sam@example.org"), "Iris Khan", TODAY)
    run_sync(centre, laptops, "iris")
    run_sync(centre, laptops, "amy")
    _, history = book(laptops, "amy").rows()
    devices = {chain.device_of(e) for e in history}
    assert len(devices) == 2
    for device in devices:
        assert [e["seq"] for e in history if chain.device_of(e) == device] == list(
            range(1, 1 + sum(chain.device_of(e) == device for e in history))
        )
    assert book(laptops, "amy").verify() == []
    assert witness(laptops, "amy").contact == "sam@example.org"


# --- hostile events from the centre ------------------------------------------------------------


def forged(entry: dict, signer=None, rehash: bool = True, **changes) -> dict:
    """The entry as another event (a new id) with `changes`; its hash recomputed unless
    `rehash` is False, and signed again by `signer` if one is given."""
    out = {**entry, "id": str(uuid.uuid4()), **changes}
    if signer is not None:
        out["key"] = signer.public_key
    if rehash:
        out["hash"] = chain.entry_hash(out)
    if signer is not None:
        out["sig"] = signer.sign(out["hash"])
    return out


def hostile_cases(entry: dict, mallory) -> dict[str, tuple[dict, str]]:
    content = dict(entry["content"])
    bad_text = {**content, "job_title": "Boss\x1b[2J"}
    return {
        "changed": (forged(entry, rehash=False), "it was changed after it was written"),
        "signed by another key in amy's name": (
            forged(entry, mallory, by="Amy Jones"), "the centre holds its key for 'Mallory'"
        ),
        "not signed by its key": (forged(entry, sig="0" * 128), "does not carry the signature"),
        "control characters": (
            forged(entry, mallory, by="Mallory", content=bad_text, digest=chain.digest(bad_text)),
            "breaks the rule on text",
        ),
        "digest of another content": (
            forged(entry, mallory, by="Mallory", content={**content, "name": "X"}),
            "its content is not the version its digest names",
        ),
        "another candidate's record": (
            forged(entry, mallory, by="Mallory", kind="candidate",
                   content={**content, "kind": "candidate"}),
            "is not",
        ),
    }  # fmt: skip


def test_a_forged_event_from_the_centre_is_named_and_not_stored(centre, laptops, tmp_path):
    """Iris's login (allowed to write for Amy's candidates) sends forged entries, signed with a
    key of her own registered as Mallory's; the centre refuses those under Amy's key from her
    login, so its superuser inserts them by hand. Amy's laptop names each and stores none."""
    run_sync(centre, laptops, "amy")
    (tmp_path / "mallory").mkdir()
    mallory = Keyring(tmp_path / "mallory").signer("Mallory")
    with centre.connect("iris") as iris:
        assert register(iris, {mallory.public_key: "Mallory"}) == []
    _, history = book(laptops, "amy").rows()
    entry = next(e for e in history if e["kind"] == "witness")
    before = book(laptops, "amy").path.read_bytes()
    cases = hostile_cases(entry, mallory)
    for name, (bad, expected) in cases.items():
        with centre.connect("iris") as iris:
            if bad["key"] == entry["key"]:  # amy's key: not from iris's login, says the centre
                with pytest.raises(errors.InsufficientPrivilege):
                    push(iris, [to_event(bad, laptops["candidate"])])
                with centre.connect() as superuser:
                    push(superuser, [to_event(bad, laptops["candidate"])])
            else:
                push(iris, [to_event(bad, laptops["candidate"])])
        report = run_sync(centre, laptops, "amy")
        assert len(report.refused) == 1, (name, report.refused)
        assert expected in report.refused[0] and "not stored" in report.refused[0], name
        assert book(laptops, "amy").path.read_bytes() == before, name
    assert book(laptops, "amy").verify() == []
    # a good event after them is still taken
    run_sync(centre, laptops, "iris")
    w = witness(laptops, "iris")
    book(laptops, "iris").update(replace(w, contact="sam@example.org"), "Iris Khan", TODAY)
    run_sync(centre, laptops, "iris")
    assert run_sync(centre, laptops, "amy").refused == []
    assert witness(laptops, "amy").contact == "sam@example.org"


def test_saving_the_flagged_record_as_it_stands_chooses_the_version_it_shows(centre, laptops):
    run_sync(centre, laptops, "amy")
    run_sync(centre, laptops, "iris")
    for who, title in (("amy", "Supervisor"), ("iris", "Store Manager")):
        w = witness(laptops, who)
        book(laptops, who).update(replace(w, job_title=title), NAMES[who], TODAY)
        run_sync(centre, laptops, who)
    assert [f.kind for f in run_sync(centre, laptops, "amy").flags] == ["choose"]
    shown = witness(laptops, "amy")
    # the assessor opens the record, changes another field and saves: the shown title is chosen
    book(laptops, "amy").update(replace(shown, contact="0113 496 0002"), "Amy Jones", TODAY)
    run_sync(centre, laptops, "amy")
    assert run_sync(centre, laptops, "iris").flags == []
    assert witness(laptops, "iris").job_title == shown.job_title
    assert witness(laptops, "iris").contact == "0113 496 0002"


def test_a_rule_broken_by_what_two_laptops_did_is_flagged_for_the_iqa_not_refused(centre, laptops):
    run_sync(centre, laptops, "amy")
    run_sync(centre, laptops, "iris")
    for who in ("amy", "iris"):  # both correct the same witness, each unaware of the other
        w = witness(laptops, who)
        book(laptops, who).correct(
            w.id, replace(w, job_title=f"Corrected by {who}"), NAMES[who], "wrong title", TODAY
        )
        run_sync(centre, laptops, who)
    report = run_sync(centre, laptops, "amy")
    rules = [f for f in report.flags if f.for_whom == "iqa"]
    assert rules and all("after a sync" in f.text for f in rules), report.flags
    records, _ = book(laptops, "amy").rows()
    assert sum(r.get("corrects") is not None for r in records) == 2  # both kept
    run_sync(centre, laptops, "iris")
    assert [f.text for f in flags(book(laptops, "iris").path)] == [f.text for f in rules]


def test_a_logbook_written_before_entries_were_events_syncs_with_a_baseline(centre, laptops):
    """An older file: one chain, entries without device or content. It still verifies; its
    first sync adds one baseline entry per record (the record whole) and pushes those."""
    import orjson

    path = book(laptops, "amy").path
    data = orjson.loads(path.read_bytes())
    signer = Keyring(laptops["amy"]).signer("Amy Jones")
    previous = None
    for key in sorted(data["history"], key=int):
        entry = data["history"][key]
        for name in ("id", "device", "parents", "fields", "content", "hash", "sig", "key"):
            entry.pop(name, None)
        entry["seq"] = previous["seq"] + 1 if previous else 1
        entry["prev"] = previous["hash"] if previous else chain.GENESIS
        entry["key"] = signer.public_key
        entry["hash"] = chain.entry_hash(entry)
        entry["sig"] = signer.sign(entry["hash"])
        previous = entry
    path.write_bytes(orjson.dumps(data))
    (laptops["amy"] / ".checkpoint.json").unlink()
    assert book(laptops, "amy").verify() == []
    report = run_sync(centre, laptops, "amy")
    assert report.pushed == 2 and report.refused == []
    _, history = book(laptops, "amy").rows()
    assert [e["action"] for e in history][-2:] == ["baseline", "baseline"]
    assert book(laptops, "amy").verify() == []
    run_sync(centre, laptops, "iris")
    assert book(laptops, "iris").rows()[0] == book(laptops, "amy").rows()[0]
    assert book(laptops, "iris").verify() == []


def test_a_version_chosen_on_one_laptop_clears_the_flag_on_every_laptop(centre, laptops):
    """The chooser's save (logbook/store/merges.py choose) goes through the centre like any
    change: after the syncs both laptops hold the same record, the value chosen, and no flag."""
    from logbook.store.merges import choices, choose

    run_sync(centre, laptops, "amy")
    run_sync(centre, laptops, "iris")
    for who, title in (("amy", "Supervisor"), ("iris", "Store Manager")):
        book(laptops, who).update(replace(witness(laptops, who), job_title=title), NAMES[who],
                                  TODAY)  # fmt: skip
        run_sync(centre, laptops, who)
    run_sync(centre, laptops, "amy")
    (choice,) = choices(book(laptops, "amy").path)
    kept = next(s for s in choice.fields["job_title"] if s.value == "Store Manager")
    assert kept.by == "Iris Khan"
    choose(book(laptops, "amy").path, choice, {"job_title": kept}, "Amy Jones", TODAY)
    for who in ("amy", "iris", "amy"):
        assert run_sync(centre, laptops, who).refused == []
    for who in ("amy", "iris"):
        assert flags(book(laptops, who).path) == [], who
        assert witness(laptops, who).job_title == "Store Manager"
        assert book(laptops, who).verify() == []
    assert book(laptops, "amy").rows()[0] == book(laptops, "iris").rows()[0]


def _forged_job_title_pushed(centre, laptops, entry: dict, login: str, signer):
    """`entry` (a witness's) as an edit of their job title, signed by `signer` and pushed by
    `login`; then Amy's sync: her logbook as it was before it, and what the sync said (it
    refused one event)."""
    content = {**entry["content"], "job_title": "Forged"}
    bad = forged(entry, signer, by=signer.name, content=content, digest=chain.digest(content))
    with centre.connect(login) as conn:
        assert register(conn, {signer.public_key: signer.name}) == []
        push(conn, [to_event(bad, laptops["candidate"])])
    before = book(laptops, "amy").path.read_bytes()
    report = run_sync(centre, laptops, "amy")
    assert len(report.refused) == 1, report.refused
    return before, report


def test_an_event_from_another_login_in_this_laptops_device_name_is_refused(centre, laptops):
    """Iris's login (allowed to write for Amy's candidates) pushes an edit signed with her own
    key but naming Amy's laptop as its device. Stored on Amy's laptop it would break Amy's own
    chain (`verify` would call her logbook tampered with), be sent again by Amy's next push,
    which the centre refuses whole, so none of Amy's later work on the candidate would reach
    the centre, and the merge would say the forged value came from Amy's laptop. It is named
    and not stored; Amy's next change is pushed as usual."""
    run_sync(centre, laptops, "amy")
    run_sync(centre, laptops, "iris")
    _, history = book(laptops, "iris").rows()
    entry = next(e for e in history if e["kind"] == "witness")  # written on Amy's laptop
    iris = Keyring(laptops["iris"]).signer("Iris Khan")
    before, report = _forged_job_title_pushed(centre, laptops, entry, "iris", iris)
    assert "says it was written on this laptop" in report.refused[0]
    assert "not stored" in report.refused[0]
    assert book(laptops, "amy").path.read_bytes() == before
    assert book(laptops, "amy").verify() == []
    w = witness(laptops, "amy")
    book(laptops, "amy").update(replace(w, contact="sam@example.org"), "Amy Jones", TODAY)
    assert run_sync(centre, laptops, "amy").refused == []
    run_sync(centre, laptops, "iris")
    assert witness(laptops, "iris").contact == "sam@example.org"


def test_events_that_would_make_a_logbook_too_large_are_refused_and_the_sync_goes_on(
    centre, laptops
):
    """Iris's login pushes 70 edits of a witness, each within what the centre takes (1 MB),
    with notes that make Amy's logbook larger than a logbook may be (64 MB). Amy's sync names
    them and stores none; the pull goes on past them, so what comes after (here Iris's change
    of another field) is not held back on every sync that follows."""
    from logbook.store.device import device_id

    run_sync(centre, laptops, "amy")
    run_sync(centre, laptops, "iris")
    _, history = book(laptops, "iris").rows()
    entry = next(e for e in history if e["kind"] == "witness")
    iris = Keyring(laptops["iris"]).signer("Iris Khan")
    note = "x" * 990_000
    bad = [
        forged(entry, iris, by="Iris Khan", device=device_id(laptops["iris"]), note=note)
        for _ in range(70)
    ]
    with centre.connect("iris") as conn:
        assert register(conn, {iris.public_key: "Iris Khan"}) == []
        push(conn, [to_event(b, laptops["candidate"]) for b in bad])
    before = book(laptops, "amy").path.read_bytes()
    report = run_sync(centre, laptops, "amy")
    assert len(report.refused) == 1 and "not stored" in report.refused[0], report.refused
    assert book(laptops, "amy").path.read_bytes() == before
    w = witness(laptops, "iris")
    book(laptops, "iris").update(replace(w, contact="sam@example.org"), "Iris Khan", TODAY)
    run_sync(centre, laptops, "iris")
    assert run_sync(centre, laptops, "amy").refused == []
    assert witness(laptops, "amy").contact == "sam@example.org"


def decision(laptops, who: str) -> IqaDecision:
    return IqaDecision(
        candidate_id=laptops["candidate"], unit="301", assessor="Amy Jones", stage="interim",
        outcome="agree", iqa=NAMES[who], date=TODAY, evidence_ids=[witness(laptops, who).id],
    )  # fmt: skip


def decisions(laptops, who: str) -> list[IqaDecision]:
    return [r for r in book(laptops, who).read(TODAY).records if isinstance(r, IqaDecision)]


def test_an_iqa_decision_is_taken_from_an_iqas_login_only(centre, laptops):
    """Amy's laptop holds no roles file, so she could record an IQA decision "agree" on her own
    unit; pushed, it would count as sampled on her IQA's laptop and go into the EQA's pack as
    the IQA's. The centre holds amy as an assessor: Iris's laptop names it and stores it not.
    Iris's own decision (an IQA at the centre) reaches Amy's laptop as before."""
    run_sync(centre, laptops, "amy")
    run_sync(centre, laptops, "iris")
    book(laptops, "amy").add(decision(laptops, "amy"), "Amy Jones", TODAY)
    assert run_sync(centre, laptops, "amy").refused == []  # the centre keeps her event
    before = book(laptops, "iris").path.read_bytes()
    report = run_sync(centre, laptops, "iris")
    assert len(report.refused) == 1, report.refused
    assert "it is an IQA decision, but login amy is not an IQA" in report.refused[0]
    assert book(laptops, "iris").path.read_bytes() == before
    assert decisions(laptops, "iris") == []
    book(laptops, "iris").add(decision(laptops, "iris"), "Iris Khan", TODAY)
    assert run_sync(centre, laptops, "iris").refused == []
    assert run_sync(centre, laptops, "amy").refused == []
    assert [d.iqa for d in decisions(laptops, "amy")] == ["Amy Jones", "Iris Khan"]


def test_an_event_in_another_laptops_device_name_from_another_login_is_refused(
    centre, laptops, tmp_path
):
    """Lee's login (the lead IQA: allowed to write for every candidate) pushes an edit signed
    with his own key but naming Iris's laptop as its device. Stored on Amy's laptop it would
    break Iris's chain in Amy's file (`verify` would call it tampered with) and say the value
    came from Iris's laptop. A device's events come from the login its first events came
    from: it is named and not stored, and Iris's next change is taken as usual."""
    run_sync(centre, laptops, "amy")
    run_sync(centre, laptops, "iris")
    w = witness(laptops, "iris")
    book(laptops, "iris").update(replace(w, job_title="Store Manager"), "Iris Khan", TODAY)
    run_sync(centre, laptops, "iris")
    run_sync(centre, laptops, "amy")
    _, history = book(laptops, "amy").rows()
    entry = [e for e in history if e["kind"] == "witness"][-1]  # written on Iris's laptop
    (tmp_path / "lee").mkdir()
    lee = Keyring(tmp_path / "lee").signer("Lee Grant")
    before, report = _forged_job_title_pushed(centre, laptops, entry, "lee", lee)
    assert (
        f"names device {entry['device']}, whose events come from login iris" in (report.refused[0])
    )
    assert book(laptops, "amy").path.read_bytes() == before
    assert book(laptops, "amy").verify() == []
    w = witness(laptops, "iris")
    book(laptops, "iris").update(replace(w, contact="sam@example.org"), "Iris Khan", TODAY)
    run_sync(centre, laptops, "iris")
    assert run_sync(centre, laptops, "amy").refused == []
    assert witness(laptops, "amy").contact == "sam@example.org"


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Iris\x1b[2J Khan", "the name of who made it: it holds control characters"),
        ("\u200b\u2060", "it does not say who made it"),
    ],
    ids=["control characters", "a name that draws nothing"],
)
def test_an_event_by_a_name_a_laptop_never_stores_is_refused(centre, laptops, tmp_path, name, said):
    """A login registers a key of its own at the centre under a name holding the escape that
    starts a terminal's commands, or made only of characters that draw nothing, and pushes an
    event by that name: a name a laptop never stores (the rule on who makes a change). Amy's
    laptop names it and stores it not."""
    from logbook.store.device import device_id

    run_sync(centre, laptops, "amy")
    run_sync(centre, laptops, "iris")
    _, history = book(laptops, "iris").rows()
    entry = next(e for e in history if e["kind"] == "witness")
    (tmp_path / "mallory").mkdir()
    mallory = Keyring(tmp_path / "mallory").signer("Mallory")
    bad = forged(entry, mallory, by=name, device=device_id(laptops["iris"]))
    with centre.connect("iris") as conn:
        assert register(conn, {mallory.public_key: name}) == []
        push(conn, [to_event(bad, laptops["candidate"])])
    before = book(laptops, "amy").path.read_bytes()
    report = run_sync(centre, laptops, "amy")
    assert len(report.refused) == 1, report.refused
    assert said in report.refused[0]
    assert "not stored" in report.refused[0]
    assert book(laptops, "amy").path.read_bytes() == before
