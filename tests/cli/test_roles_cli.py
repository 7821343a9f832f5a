"""`logbook roles`: who is who comes from the login and a roles file only a lead IQA changes.

Issue 12: "Roles: assessor (own candidates), IQA (the candidates of the assessors assigned to
them), lead IQA (all), EQA (read-only, all). Who the user is comes from their login (SSH user
or database role), never from a name typed in a form."
"""

from __future__ import annotations

import json
import stat
from datetime import date

import pytest

from logbook.demo import write_demo
from logbook.domain.records import Link, Observation
from logbook.domain.validation import RecordRefused
from logbook.store.roles import RoleCaseload, current_person, roles_path


def as_login(login: str) -> dict:
    return {"LOGNAME": login, "USER": login, "LNAME": login, "USERNAME": login}


def test_the_first_roles_make_the_login_running_them_lead_iqa(cli, data_dir):
    refused = cli("--data-dir", data_dir, "roles", "set", "jo", "lead_iqa", "--name", "Jo",
                  env=as_login("sam"))  # fmt: skip
    assert refused.returncode == 2
    assert "the first roles must make you (sam) lead IQA; nothing was changed" in refused.stderr
    assert not roles_path(data_dir).exists()
    done = cli("--data-dir", data_dir, "roles", "set", "jo", "lead_iqa", "--name", "Jo Barnes",
               env=as_login("jo"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "jo is now lead IQA (Jo Barnes)" in done.stdout
    assert stat.S_IMODE(roles_path(data_dir).stat().st_mode) == 0o600


def test_only_a_lead_iqa_changes_the_roles(cli, data_dir):
    lead = as_login("jo")
    cli("--data-dir", data_dir, "roles", "set", "jo", "lead_iqa", "--name", "Jo Barnes", env=lead)
    added = cli("--data-dir", data_dir, "roles", "set", "ruth", "iqa", "--name", "Ruth Okoye",
                "--assessor", "Morgan Ellis", env=lead)  # fmt: skip
    assert added.returncode == 0, added.stderr
    before = roles_path(data_dir).read_bytes()
    promoted = cli("--data-dir", data_dir, "roles", "set", "ruth", "lead_iqa", "--name", "Ruth",
                   env=as_login("ruth"))  # fmt: skip
    assert promoted.returncode == 2
    assert "only a lead IQA changes the roles; ruth is not one" in promoted.stderr
    # the last lead IQA cannot take themself out: nobody could change the roles after
    gone = cli("--data-dir", data_dir, "roles", "remove", "jo", env=lead)
    assert gone.returncode == 2 and "someone must stay lead IQA" in gone.stderr
    assert roles_path(data_dir).read_bytes() == before
    listed = cli("--data-dir", data_dir, "roles", env=as_login("ruth"))
    assert listed.stdout.splitlines() == [
        "jo: lead IQA, Jo Barnes",
        "ruth: IQA, Ruth Okoye; samples Morgan Ellis",
    ]


@pytest.mark.parametrize(
    "args, words",
    [
        (["set", "bad login", "iqa", "--name", "X"], "is not a login name"),
        (["set", "x", "iqa", "--name", "X\x1b[2J"], "control characters"),
        (["set", "x", "assessor", "--name", "X", "--assessor", "Y"], "only an IQA is assigned"),
        (["set", "x", "boss", "--name", "X"], "invalid choice"),
        (["remove", "nobody"], "is not in the roles"),
    ],
)
def test_bad_roles_are_refused_with_what_to_fix(cli, data_dir, args, words):
    lead = as_login("jo")
    cli("--data-dir", data_dir, "roles", "set", "jo", "lead_iqa", "--name", "Jo Barnes", env=lead)
    before = roles_path(data_dir).read_bytes()
    result = cli("--data-dir", data_dir, "roles", *args, env=lead)
    assert result.returncode == 2
    assert words in result.stderr
    assert "\x1b" not in result.stderr
    assert roles_path(data_dir).read_bytes() == before


def test_an_iqa_sees_the_candidates_of_their_assessors_and_the_eqa_writes_nothing(cli, tmp_path):
    today = date(2026, 11, 24)
    folder = tmp_path / "caseload"
    caseload = write_demo(folder, today)
    everyone = {s["name"] for s in caseload.view(today).summaries}
    lead = as_login("jo")
    for args in (
        ["jo", "lead_iqa", "--name", "Jo Barnes"],
        ["ruth", "iqa", "--name", "Ruth Okoye", "--assessor", "Morgan Ellis"],
        ["rita", "iqa", "--name", "Rita Khan", "--assessor", "Somebody Else"],
        ["eve", "eqa", "--name", "Eve Stone"],
    ):
        assert cli("--data-dir", folder, "roles", "set", *args, env=lead).returncode == 0
    ruth = RoleCaseload(folder, current_person(folder, "ruth"))
    assert {s["name"] for s in ruth.view(today).summaries} == everyone  # Morgan's caseload
    rita = RoleCaseload(folder, current_person(folder, "rita"))
    assert rita.view(today).summaries == []
    some_id = caseload.view(today).summaries[0]["id"]
    with pytest.raises(KeyError, match="not one of your candidates"):
        rita.logbook(some_id)
    eve = RoleCaseload(folder, current_person(folder, "eve"))
    logbook = eve.logbook(some_id)
    before = logbook.path.read_bytes()
    with pytest.raises(RecordRefused, match="you are the EQA: the logbooks are read-only"):
        logbook.add(Observation(date=today, links=[Link("301", "301.1.1")]), "Eve Stone", today)
    assert logbook.path.read_bytes() == before
    with pytest.raises(RecordRefused, match="is not in the centre's roles"):
        current_person(folder, "mallory")
    # a roles file edited by hand to break the rule lets nobody in
    data = json.loads(roles_path(folder).read_text())
    data["people"].append(dict(data["people"][0]))
    roles_path(folder).write_text(json.dumps(data))
    listed = cli("--data-dir", folder, "roles", env=lead)
    assert listed.returncode == 2 and "is given twice" in listed.stderr


def test_a_name_another_login_has_is_refused_without_saying_whose(cli, data_dir):
    """The name decides whose candidates a login sees: a second login with it is refused,
    and the refusal names neither the other login nor its person."""
    lead = as_login("jo")
    cli("--data-dir", data_dir, "roles", "set", "jo", "lead_iqa", "--name", "Jo Barnes", env=lead)
    cli("--data-dir", data_dir, "roles", "set", "morgan", "assessor", "--name", "Morgan Ellis",
        env=lead)  # fmt: skip
    before = roles_path(data_dir).read_bytes()
    clash = cli("--data-dir", data_dir, "roles", "set", "m2", "assessor", "--name",
                " morgan  ELLIS", env=lead)  # fmt: skip
    assert clash.returncode == 2
    assert (
        "the name is already used by another person in the roles file; nothing was changed"
        in clash.stderr
    )
    assert "morgan" not in clash.stderr.casefold().replace("m2", "")
    assert roles_path(data_dir).read_bytes() == before
    # the same login keeps its own name when its role changes
    kept = cli("--data-dir", data_dir, "roles", "set", "morgan", "iqa", "--name", "Morgan Ellis",
               env=lead)  # fmt: skip
    assert kept.returncode == 0, kept.stderr
