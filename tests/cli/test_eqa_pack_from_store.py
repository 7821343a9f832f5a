"""`logbook eqa-pack -o DIR` reads the IQA's records from the store: decisions from the
candidates' logbooks, the sampling plan and standardisation meetings from the centre's file.

Issue 12: "EQA pack: `logbook eqa-pack -o DIR` writes the sampling plan, the IQA records, and
the full logbooks of every sampled candidate as JSON, plus one readable summary page"."""

from __future__ import annotations

import json
import stat
from datetime import date, timedelta

from logbook.demo import write_demo
from logbook.domain.iqa import (
    AssessorRisk,
    IqaDecision,
    SampleRef,
    SamplingPlan,
    StandardisationMeeting,
)
from logbook.store.centre_records import CENTRE_FILE, CentreFile

TODAY = date.today()


def test_the_pack_comes_from_the_store(cli, data_dir, tmp_path):
    caseload = write_demo(data_dir, today=TODAY)
    empty = cli("--data-dir", data_dir, "eqa-pack", "-o", tmp_path / "none")
    assert empty.returncode == 2
    assert "the data folder holds no sampling plan" in empty.stderr
    assert not (tmp_path / "none").exists()

    centre = CentreFile(data_dir)
    plan = SamplingPlan(
        iqa="Jo Barnes",
        assessors=[AssessorRisk("Morgan Ellis", "experienced")],
        made_on=TODAY - timedelta(days=30),
    )
    centre.save(plan, "Jo Barnes", TODAY)
    summary = next(s for s in caseload.view(TODAY).summaries if s["name"] == "Priya Shah")
    priya = caseload.logbook(summary["id"])
    portfolio = priya.read(TODAY)
    on_205 = [e.id for e in portfolio.evidence if any(link.unit == "205" for link in e.links)]
    decision = IqaDecision(
        candidate_id=portfolio.candidate.id, unit="205", assessor="Morgan Ellis",
        stage="interim", outcome="disagree", iqa="Jo Barnes", date=TODAY - timedelta(days=1),
        evidence_ids=on_205, feedback="Ask the witness when the busy period was.",
    )  # fmt: skip
    priya.add(decision, "Jo Barnes", TODAY)
    centre.save(
        StandardisationMeeting(
            date=TODAY - timedelta(days=1), attendees=["Jo Barnes", "Morgan Ellis"],
            samples=[SampleRef(portfolio.candidate.id, "205")], agreed="Name the busy period.",
        ),
        "Jo Barnes", TODAY,
    )  # fmt: skip
    assert stat.S_IMODE((data_dir / CENTRE_FILE).stat().st_mode) == 0o600
    assert centre.verify() == []

    out = tmp_path / "pack"
    result = cli("--data-dir", data_dir, "eqa-pack", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "1 sampling plan(s), 1 IQA decision(s), 1 standardisation meeting(s)" in result.stdout
    records = json.loads((out / "iqa-records.json").read_text())
    assert {r["kind"] for r in records["records"]} == {
        "sampling_plan", "iqa_decision", "standardisation"
    }  # fmt: skip
    logbooks = json.loads((out / "sampled-logbooks.json").read_text())["logbooks"]
    assert [book["candidate_id"] for book in logbooks] == [portfolio.candidate.id]
    page = (out / "summary.md").read_text()
    assert "Priya Shah, unit 205: reopened by Jo Barnes" in page
    assert "Ask the witness when the busy period was." in page


def test_a_damaged_centre_file_is_named_and_nothing_is_written(cli, data_dir, tmp_path):
    write_demo(data_dir, today=TODAY)
    (data_dir / CENTRE_FILE).write_text('{"meta": {"1": {"format": "something else"}}}')
    result = cli("--data-dir", data_dir, "eqa-pack", "-o", tmp_path / "pack")
    assert result.returncode == 2
    assert CENTRE_FILE in result.stderr and "has no format" in result.stderr
    assert not (tmp_path / "pack").exists()


def test_a_unit_signed_off_again_after_a_disagree_awaits_the_iqa_in_the_pack(
    cli, data_dir, tmp_path
):
    """Issue 12: a "disagree" reopens the unit; once its assessor signs it off again the pack
    says "signed off again, awaiting IQA", not "reopened"."""
    from logbook.domain.records import SignOff
    from tests.store.test_iqa_decisions_stored import decision

    caseload = write_demo(data_dir, today=TODAY)
    CentreFile(data_dir).save(
        SamplingPlan(
            iqa="Jo Barnes", assessors=[AssessorRisk("Morgan Ellis", "experienced")],
            made_on=TODAY - timedelta(days=30),
        ),
        "Jo Barnes", TODAY,
    )  # fmt: skip
    summary = next(s for s in caseload.view(TODAY).summaries if s["name"] == "Priya Shah")
    priya = caseload.logbook(summary["id"])
    priya.add(decision(priya.read(TODAY), date=TODAY - timedelta(days=3)), "Jo Barnes", TODAY)

    def pack(name: str) -> tuple[str, dict]:
        made = cli("--data-dir", data_dir, "eqa-pack", "-o", tmp_path / name)
        assert made.returncode == 0, made.stderr
        plan = json.loads((tmp_path / name / "sampling-plan.json").read_text())
        return (tmp_path / name / "summary.md").read_text(), plan

    page, plan = pack("reopened")
    assert "Priya Shah, unit 301: reopened by Jo Barnes" in page
    assert [(r["unit"], r["state"]) for r in plan["reopened_units"]] == [("301", "reopened")]
    again = SignOff(unit="301", date=TODAY, assessor="Morgan Ellis", candidate_declaration=True)
    priya.sign_off(again, "Morgan Ellis", TODAY)
    page, plan = pack("signed-again")
    assert "Priya Shah, unit 301: signed off again, awaiting IQA (it was reopened by Jo" in page
    assert "unit 301: reopened" not in page
    assert [(r["unit"], r["state"]) for r in plan["reopened_units"]] == [
        ("301", "signed off again, awaiting IQA")
    ]
