"""The rules the logbook applies, as the command line shows them: where each is written (the
seed's section and words), the working contexts, the minimum age, a centre's unit file, and the
rules of combination with their readings. Each test quotes the seed sentence it comes from.

Run as a user runs it: the real `logbook` in a child process.
"""

from __future__ import annotations

import json

import pytest

from tests.centre import CENTRE_F5, F5_ITEMS, snapshot


def units(text: str) -> list[str]:
    """Unit codes as an assessor types them, apart by spaces."""
    return text.split()


@pytest.fixture(autouse=True)
def _real_standards(monkeypatch):
    monkeypatch.delenv("LOGBOOK_STANDARDS_DIR", raising=False)


# --- section 2: working contexts, the age rule, and where every rule is written ----------------


def test_edexcel_units_accept_a_realistic_working_environment(cli):
    # Edexcel logbook, Introduction: "NVQs are designed to be assessed in the workplace, or in
    # conditions resembling the workplace." ... "These conditions are described as being a
    # 'realistic working environment' (RWE)."
    result = cli("standards", "show", "edexcel-l3", "13")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Performance evidence from: real work, a realistic working environment\n" in out
    assert "Knowledge evidence from: real work, a realistic working environment\n" in out
    assert "conditions resembling the workplace" in " ".join(out.split())


def test_cg_knowledge_evidence_may_come_from_simulation(cli):
    # C&G unit 205, evidence requirement 1: "Simulation is not allowed for any performance
    # evidence within this Unit."
    result = cli("standards", "show", "cg-l3-nsvq", "205")
    out = result.stdout
    assert "Performance evidence from: real work, a realistic working environment\n" in out
    assert "Knowledge evidence from: real work, a realistic working environment, simulation\n" in (
        out
    )
    assert "Where this is written: Unit 205, Evidence requirements, 1:" in out


def test_ocr_diploma_simulation_needs_one_of_the_guides_reasons(cli):
    # OCR student guide, Simulation: "Examples of where simulation may be used include: where
    # performance is critical but events occur infrequently ...; where performance is critical,
    # happens frequently but where there is risk of harm to you in a real situation; as a
    # supplementary form of evidence."
    result = cli("standards", "show", "ocr-l3-diploma", "--json")
    answer = json.loads(result.stdout)
    assert [r["id"] for r in answer["simulation"]["reasons"]] == [
        "infrequent_critical_event",
        "risk_of_harm",
        "supplementary",
    ]
    assert answer["simulation"]["source"].startswith("Student guide, Simulation:")
    f3 = next(u for u in answer["units"] if u["code"] == "F3")
    assert f3["contexts"]["performance"] == ["real_work", "simulation"]
    assert f3["contexts"]["simulation_reasons"] == [
        "infrequent_critical_event",
        "risk_of_harm",
        "supplementary",
    ]


def test_the_age_rule_is_shown_where_it_is_written_and_only_there(cli):
    # C&G, Age restrictions: "These N/SVQs are not approved for the use of those who are under
    # 16 years of age." No other seed writes an age.
    cg = cli("standards", "show", "cg-l3-nsvq").stdout
    age = cg[cg.index("Minimum age") :].split("\n\n")[0]
    assert " ".join(age.split()) == (
        'Minimum age 16: Section 3, Candidate entry and progression, Age restrictions: "These '
        'N/SVQs are not approved for the use of those who are under 16 years of age."'
    )
    edexcel = cli("standards", "show", "edexcel-l3").stdout  # (every other: tests/domain)
    assert "Minimum age\n  none: the document writes no age rule for this qualification" in edexcel


def test_every_rule_says_where_it_is_written(cli):
    answer = json.loads(cli("standards", "show", "ocr-l3-nvq", "--json").stdout)
    assert all(rule["source"] for rule in answer["rules"])
    assert all(unit["contexts"]["basis"] for unit in answer["units"])
    text = cli("standards", "show", "ocr-l4-diploma").stdout
    assert "Rules of combination, and where they are written" in text
    assert "Working contexts, and where they are written" in text
    assert '"of which a minimum of 15 credits must be achieved at Level 4"' in " ".join(
        text.split()
    )


# --- section 3: a centre's unit file ------------------------------------------------------------


def test_add_a_centres_file_then_list_and_show_name_it(cli, tmp_path):
    data_dir = tmp_path / "caseload"
    before = cli("--data-dir", data_dir, "standards", "show", "ocr-l4-diploma", "F5", "--json")
    assert json.loads(before.stdout)["title_only"] is True
    assert not data_dir.exists()  # reading never creates the data folder

    added = cli("--data-dir", data_dir, "standards", "add", CENTRE_F5)
    assert added.returncode == 0, added.stderr
    assert "replaces ocr-l4-diploma unit F5" in added.stdout

    listing = cli("--data-dir", data_dir, "standards", "list", "--json")
    row = next(r for r in json.loads(listing.stdout) if r["id"] == "ocr-l4-diploma")
    assert row["unit_files"] == [
        {"file": "ocr-l4-diploma.json", "centre": False, "units": 32},
        {"file": "ocr-l4-f5-invented.json", "centre": True, "units": 1},
    ]
    text = cli("--data-dir", data_dir, "standards", "list").stdout
    assert "1 from ocr-l4-f5-invented.json (the centre's file)" in text

    shown = json.loads(
        cli("--data-dir", data_dir, "standards", "show", "ocr-l4-diploma", "F5", "--json").stdout
    )
    assert shown["source_file"] == "ocr-l4-f5-invented.json"
    assert shown["title_only"] is False
    assert [i["code"] for i in shown["items"]] == F5_ITEMS
    unit_text = cli("--data-dir", data_dir, "standards", "show", "ocr-l4-diploma", "F5").stdout
    assert "From the centre's file ocr-l4-f5-invented.json: INVENTED FOR THE TESTS" in unit_text
    whole = cli("--data-dir", data_dir, "standards", "show", "ocr-l4-diploma").stdout
    assert "F5    L4  Demonstrate understanding of customer service management  10 credits *" in (
        whole
    )
    assert "Units marked * come from the centre's file ocr-l4-f5-invented.json" in whole
    # the environment's data folder is the same data folder
    env = {"LOGBOOK_DATA_DIR": str(data_dir)}
    assert "F5 ER1b" in cli("standards", "show", "ocr-l4-diploma", "F5", env=env).stdout


def test_a_broken_centres_file_is_refused_and_changes_nothing(cli, tmp_path):
    data_dir = tmp_path / "caseload"
    assert cli("--data-dir", data_dir, "standards", "add", CENTRE_F5).returncode == 0
    before = snapshot(data_dir)
    broken = json.loads(CENTRE_F5.read_text(encoding="utf-8"))
    broken["replaces"][0]["refs"]["uan"] = "D/601/1634"
    path = tmp_path / "in" / CENTRE_F5.name
    path.parent.mkdir()
    path.write_text(json.dumps(broken), encoding="utf-8")
    result = cli("--data-dir", data_dir, "standards", "add", path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "logbook: ocr-l4-f5-invented.json at replaces[0].refs.uan: unit F5 has UAN J/601/1630, "
        "not D/601/1634: is this the specification of another unit?; nothing was added\n"
    )
    assert snapshot(data_dir) == before
    as_json = cli("--data-dir", data_dir, "standards", "add", path, "--json")
    assert as_json.returncode == 2
    answer = json.loads(as_json.stdout)
    assert answer["where"] == "replaces[0].refs.uan"
    assert snapshot(data_dir) == before


# --- section 5: rules of combination ------------------------------------------------------------


def test_cg_more_units_than_eight_are_said_not_refused(cli):
    # C&G, Qualification structure: "candidates must complete eight units for this award, two
    # mandatory and six optional" -- read as exactly eight counted towards the award.
    result = cli("standards", "check", "cg-l3-nsvq", *units("301 302 205 206 211 303 308 311 312"))
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert out.startswith("Achieves City & Guilds Level 3 N/SVQ in Customer Service. Note: has 7")
    assert "1 more than the award needs: it counts 6" in out
    assert "read as exactly eight units, two mandatory and six optional" in out


def test_ocr_nvq_more_than_a_total_of_six_units_is_said_in_json(cli):
    # OCR Level 3 NVQ: "five mandatory units plus one optional unit, making a total of six units"
    result = cli("standards", "check", "ocr-l3-nvq", *units("1 2 3 4 5 6 7"), "--json")
    answer = json.loads(result.stdout)
    assert answer["achieved"] is True
    assert answer["counted"] == ["1", "2", "3", "4", "5", "6"]
    (remark,) = answer["remarks"]
    assert remark.startswith("has 2 units from Optional units, 1 more than the award needs")
    assert (
        'read as exactly six units, five mandatory and one optional ("a total of six units")'
        in (remark)
    )


def test_a_unit_typed_twice_is_reported(cli):
    result = cli("standards", "check", "edexcel-l3", *units("7 8 13 14 22 32 32 39"))
    assert result.returncode == 2
    assert result.stderr == "logbook: unit 32 is named twice: name each unit once\n"


def test_ics_numbers_name_the_cg_units(cli):
    # C&G table: "QCA/SQA unit ref. | City & Guilds unit number | ICS unit number", e.g.
    # "R/103/6284 301 Unit 7"
    shown = cli("standards", "show", "cg-l3-nsvq", "Unit 7", "--json")
    assert json.loads(shown.stdout)["code"] == "301"
    typed = cli("standards", "check", "cg-l3-nsvq", *units("7 8 13 14 22 18 32 39"), "--json")
    assert typed.returncode == 0, typed.stderr
    assert json.loads(typed.stdout)["units"] == ["301", "302", "205", "206", "211", "303", "308",
                                                 "311"]  # fmt: skip
    twice = cli("standards", "check", "cg-l3-nsvq", "301", "7", "--json")
    assert twice.returncode == 2
    answer = json.loads(twice.stdout)
    assert answer["error"] == "unit 301 is named twice ('301' and '7'): name each unit once"
    assert answer["repeated"] == ["301"]


@pytest.mark.parametrize(
    "args",
    [
        ("standards", "show", "cg-l3", "--json"),
        ("standards", "show", "cg-l3-nsvq", "999", "--json"),
        ("standards", "check", "ocr-l3-nvq", "--json"),
        ("standards", "add", "/no/such/file.json", "--json"),
    ],
)
def test_bad_input_with_json_is_json(cli, args):
    result = cli(*args)
    assert result.returncode == 2
    answer = json.loads(result.stdout)
    assert answer["exit"] == 2
    assert answer["error"] and answer["error"] in result.stderr
