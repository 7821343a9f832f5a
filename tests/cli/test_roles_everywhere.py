"""Under the centre's roles every command of the command line works on the login's caseload.

Issue 12: "Roles: assessor (own candidates), IQA (the candidates of the assessors assigned to
them), lead IQA (all), EQA (read-only, all). Who the user is comes from their login (SSH user
or database role), never from a name typed in a form."
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from logbook.demo import write_demo
from logbook.domain.iqa import Person
from logbook.domain.records import Candidate
from logbook.store.caseload import Caseload
from logbook.store.roles import roles_path, write_roles

TODAY = date(2026, 11, 24)
MORGANS = {"Aisha Okafor", "Gareth Jones", "Lena Novak", "Priya Shah", "Tom Reilly"}
DANAS = {"Lena Hart", "Owen Price"}


def as_login(login: str) -> dict:
    return {"LOGNAME": login, "USER": login, "LNAME": login, "USERNAME": login}


def dana_candidate(name: str, number: str) -> Candidate:
    return Candidate(
        name=name,
        date_of_birth=date(1990, 1, 2),
        registration_number=number,
        qualification="cg-l3-nsvq",
        units=["301"],
        registered_on=date(2026, 6, 1),
        assessor="Dana Hughes",
    )


@pytest.fixture
def centre(tmp_path):
    """Morgan Ellis's five demo candidates and two of Dana Hughes's, with the centre's roles."""
    folder = tmp_path / "centre"
    caseload = write_demo(folder, TODAY)
    caseload.create(dana_candidate("Lena Hart", "CG-9001"), "Dana Hughes", TODAY)
    caseload.create(dana_candidate("Owen Price", "CG-9002"), "Dana Hughes", TODAY)
    people = [
        Person("jo", "lead_iqa", "Jo Barnes"),
        Person("morgan", "assessor", "Morgan Ellis"),
        Person("dana", "assessor", "Dana Hughes"),
        Person("ruth", "iqa", "Ruth Okoye", ["Dana Hughes"]),
        Person("eve", "eqa", "Eve Stone"),
    ]
    write_roles(folder, people, "jo")
    return folder


def names(cli, folder, login) -> set[str]:
    listed = cli("--data-dir", folder, "candidates", "--json", env=as_login(login))
    assert listed.returncode == 0, listed.stderr
    return {row["name"] for row in json.loads(listed.stdout)}


def candidate_id(folder, name: str) -> str:
    return next(s["id"] for s in Caseload(folder).view(TODAY).summaries if s["name"] == name)


def snapshot(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def test_an_assessor_lists_exports_and_verifies_only_their_candidates(cli, centre, tmp_path):
    assert names(cli, centre, "morgan") == MORGANS
    assert names(cli, centre, "dana") == DANAS
    out = tmp_path / "out"
    exported = cli("--data-dir", centre, "export", "--all", "-o", out, env=as_login("dana"))
    assert exported.returncode == 0, exported.stderr
    assert "Exported 2 of 2 candidates" in exported.stdout
    assert {p.name for p in out.iterdir()} == {"CG-9001.json", "CG-9002.json"}
    # another assessor's candidate is not found by name, nor by id
    by_name = cli("--data-dir", centre, "export", "Priya Shah", env=as_login("dana"))
    assert by_name.returncode == 2 and "no candidate matches 'Priya Shah'" in by_name.stderr
    priya = candidate_id(centre, "Priya Shah")
    by_id = cli("--data-dir", centre, "export", priya, env=as_login("dana"))
    assert by_id.returncode == 2 and "is not one of your candidates" in by_id.stderr
    assert by_id.stdout == ""
    # verify checks Dana's two, and does not call Morgan's five missing from the checkpoint
    verified = cli("--data-dir", centre, "verify", env=as_login("dana"))
    assert verified.returncode == 0, verified.stdout
    assert "2 logbooks, all verified" in verified.stdout
    assert "missing" not in verified.stdout
    assert "note: as dana, the candidates of Dana Hughes were verified" in verified.stdout


def test_a_logbook_gone_from_disk_is_still_missing_under_a_role(cli, centre):
    lena = candidate_id(centre, "Lena Hart")
    (centre / f"{lena}.json").unlink()
    verified = cli("--data-dir", centre, "verify", env=as_login("dana"))
    assert verified.returncode == 1
    assert f"{lena}.json is missing: the checkpoint recorded" in verified.stdout
    assert "1 logbook, all verified" not in verified.stdout


def test_an_iqa_sees_the_candidates_of_their_assessors_and_a_lead_iqa_all(cli, centre, tmp_path):
    assert names(cli, centre, "ruth") == DANAS
    assert names(cli, centre, "jo") == MORGANS | DANAS
    verified = cli("--data-dir", centre, "verify", env=as_login("ruth"))
    assert verified.returncode == 0 and "2 logbooks, all verified" in verified.stdout
    out = tmp_path / "ruth-out"
    exported = cli("--data-dir", centre, "export", "--all", "-o", out, env=as_login("ruth"))
    assert exported.returncode == 0 and "Exported 2 of 2 candidates" in exported.stdout


def test_the_eqa_reads_and_exports_everything_and_imports_nothing(cli, centre, tmp_path):
    assert names(cli, centre, "eve") == MORGANS | DANAS
    out = tmp_path / "eqa-out"
    exported = cli("--data-dir", centre, "export", "--all", "-o", out, env=as_login("eve"))
    assert exported.returncode == 0 and "Exported 7 of 7 candidates" in exported.stdout
    other = tmp_path / "other"
    Caseload(other).create(dana_candidate("Nia Cole", "CG-9003"), "Dana Hughes", TODAY)
    new = tmp_path / "new.json"
    assert cli("--data-dir", other, "export", "Nia Cole", "-o", new).returncode == 0
    before = snapshot(centre)
    refused = cli("--data-dir", centre, "import", new, env=as_login("eve"))
    assert refused.returncode == 2
    assert "eve is the EQA: the logbooks are read-only, so nothing is imported" in refused.stderr
    assert snapshot(centre) == before


def test_an_assessor_cannot_import_another_assessors_candidate(cli, centre, tmp_path):
    other = tmp_path / "other"
    Caseload(other).create(dana_candidate("Nia Cole", "CG-9003"), "Dana Hughes", TODAY)
    new = tmp_path / "new.json"
    assert cli("--data-dir", other, "export", "Nia Cole", "-o", new).returncode == 0
    before = snapshot(centre)
    refused = cli("--data-dir", centre, "import", new, env=as_login("morgan"))
    assert refused.returncode == 2
    assert (
        "Nia Cole (CG-9003) is a candidate of Dana Hughes: morgan may add only the candidates "
        "of Morgan Ellis" in refused.stderr
    )
    assert snapshot(centre) == before
    taken = cli("--data-dir", centre, "import", new, env=as_login("dana"))
    assert taken.returncode == 0, taken.stderr
    assert names(cli, centre, "dana") == DANAS | {"Nia Cole"}
    assert names(cli, centre, "morgan") == MORGANS


def test_a_login_not_in_the_roles_or_damaged_roles_open_nothing(cli, centre):
    before = snapshot(centre)
    for command in (["candidates"], ["verify"], ["export", "--all", "-o", centre.parent / "x"]):
        stranger = cli("--data-dir", centre, *command, env=as_login("mallory"))
        assert stranger.returncode == 2, command
        assert "'mallory' is not in the centre's roles: ask a lead IQA" in stranger.stderr
        assert stranger.stdout == ""
    assert not (centre.parent / "x").exists()
    assert snapshot(centre) == before
    roles_path(centre).write_text("{not json")
    before = snapshot(centre)
    damaged = cli("--data-dir", centre, "candidates", env=as_login("jo"))
    assert damaged.returncode == 2
    assert "nobody may open the caseload until a lead IQA puts the roles right" in damaged.stderr
    assert snapshot(centre) == before


def test_with_no_roles_file_every_command_works_on_the_whole_folder(cli, centre, tmp_path):
    roles_path(centre).unlink()
    assert names(cli, centre, "morgan") == MORGANS | DANAS
    verified = cli("--data-dir", centre, "verify", env=as_login("morgan"))
    assert verified.returncode == 0 and "7 logbooks, all verified" in verified.stdout
    assert "note: as" not in verified.stdout
    other = tmp_path / "other"
    Caseload(other).create(dana_candidate("Nia Cole", "CG-9003"), "Dana Hughes", TODAY)
    new = tmp_path / "new.json"
    assert cli("--data-dir", other, "export", "Nia Cole", "-o", new).returncode == 0
    taken = cli("--data-dir", centre, "import", new, env=as_login("eve"))
    assert taken.returncode == 0, taken.stderr
    assert "Nia Cole" in names(cli, centre, "eve")


def test_the_eqa_pack_is_made_by_an_iqa_the_lead_iqa_or_the_eqa_never_an_assessor(
    cli, centre, tmp_path
):
    """Issue 12: the EQA pack holds the sampling plan and the IQA records: with the centre's
    roles an assessor is refused, clearly, and nothing is written."""
    from datetime import date as day
    from datetime import timedelta

    from logbook.domain.iqa import AssessorRisk, SamplingPlan
    from logbook.store.centre_records import CentreFile

    today = day.today()  # the pack is made today
    CentreFile(centre).save(
        SamplingPlan(
            iqa="Jo Barnes", made_on=today - timedelta(days=30),
            assessors=[AssessorRisk("Morgan Ellis", "experienced"),
                       AssessorRisk("Dana Hughes", "new")],
        ),
        "Jo Barnes", today,
    )  # fmt: skip
    before = snapshot(centre)
    refused = cli("--data-dir", centre, "eqa-pack", "-o", tmp_path / "m", env=as_login("morgan"))
    assert refused.returncode == 2
    assert (
        "the centre's roles name your login (morgan) as an assessor: the EQA pack is made by "
        "an IQA, the lead IQA or the EQA; nothing was written"
    ) in refused.stderr
    assert not (tmp_path / "m").exists() and snapshot(centre) == before
    for login in ("jo", "ruth", "eve"):
        made = cli("--data-dir", centre, "eqa-pack", "-o", tmp_path / login, env=as_login(login))
        assert made.returncode == 0, (login, made.stderr)
        assert (tmp_path / login / "summary.md").is_file()
    assert snapshot(centre) == before


def test_a_registration_number_clash_with_a_hidden_candidate_does_not_name_them(
    cli, centre, tmp_path
):
    """Morgan imports a candidate of his own whose registration number Dana's Lena Hart
    already has: refused, without telling Morgan whose it is; Dana is told it is Lena Hart."""
    other = tmp_path / "other"
    mine = Candidate(
        name="Nia Cole", date_of_birth=date(1990, 1, 2), registration_number="CG-9001",
        qualification="cg-l3-nsvq", units=["301"], registered_on=date(2026, 6, 1),
        assessor="Morgan Ellis",
    )  # fmt: skip
    Caseload(other).create(mine, "Morgan Ellis", TODAY)
    new = tmp_path / "new.json"
    assert cli("--data-dir", other, "export", "Nia Cole", "-o", new).returncode == 0
    before = snapshot(centre)
    refused = cli("--data-dir", centre, "import", new, env=as_login("morgan"))
    assert refused.returncode == 2, refused.stdout
    assert "registration number CG-9001 is already used by another person" in refused.stderr
    assert "Lena" not in refused.stderr + refused.stdout
    assert snapshot(centre) == before
    told = cli("--data-dir", centre, "import", new, env=as_login("jo"))  # the lead IQA sees all
    assert told.returncode == 2 and "the caseload already has Lena Hart" in told.stderr
