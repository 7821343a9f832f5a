"""`logbook eqa-pack`: the real command line on the demo caseload, writing what an EQA asks
for, and refusing bad IQA records with nothing written."""

from __future__ import annotations

import json
import os
import resource
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from logbook.demo import write_demo
from logbook.domain.iqa import (
    Action,
    AssessorRisk,
    IqaDecision,
    IqaRecords,
    SampleRef,
    SamplingPlan,
    StandardisationMeeting,
)
from logbook.store.logbooks import LogbookFile
from tests.conftest import run_cli

TODAY = date.today()


@pytest.fixture
def demo(data_dir):
    caseload = write_demo(data_dir, today=TODAY)
    portfolios = [LogbookFile(p, caseload.library).read(TODAY) for p in caseload.files()]
    return {p.candidate.name.split()[0].lower(): p for p in portfolios}


def records(demo, **changes) -> IqaRecords:
    priya = demo["priya"]
    on_205 = [e.id for e in priya.evidence if any(link.unit == "205" for link in e.links)]
    decision = dict(
        candidate_id=priya.candidate.id,
        unit="205",
        assessor="Morgan Ellis",
        stage="interim",
        outcome="disagree",
        iqa="Jo Barnes",
        date=TODAY - timedelta(days=3),
        criteria=["205.1.1"],
        evidence_ids=on_205,
        feedback="The testimony does not say when the busy period was.\nAsk the witness.",
        actions=[Action("Re-observe a busy period", TODAY - timedelta(days=1))],
    )
    decision.update(changes)
    return IqaRecords(
        plans=[
            SamplingPlan(
                iqa="Jo Barnes",
                assessors=[AssessorRisk("Morgan Ellis", "experienced")],
                made_on=TODAY - timedelta(days=100),
            )
        ],
        decisions=[IqaDecision(**decision)],
        meetings=[
            StandardisationMeeting(
                date=TODAY - timedelta(days=10),
                attendees=["Jo Barnes", "Morgan Ellis"],
                samples=[SampleRef(priya.candidate.id, "205", on_205[:1])],
                agreed="Record the time of day of a busy period.",
            )
        ],
    )


def write_records(tmp_path: Path, data) -> Path:
    path = tmp_path / "iqa.json"
    payload = data.to_dict() if isinstance(data, IqaRecords) else data
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_the_pack_holds_the_plan_the_records_the_sampled_logbooks_and_a_page(
    cli, data_dir, demo, tmp_path
):
    iqa = write_records(tmp_path, records(demo))
    out = tmp_path / "pack"
    result = cli("--data-dir", data_dir, "eqa-pack", "--iqa", iqa, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "1 sampling plan(s), 1 IQA decision(s), 1 standardisation meeting(s)" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "iqa-records.json", "sampled-logbooks.json", "sampling-plan.json", "summary.md",
    ]  # fmt: skip
    assert oct(out.stat().st_mode & 0o777) == "0o700"
    assert {oct(p.stat().st_mode & 0o777) for p in out.iterdir()} == {"0o600"}

    logbooks = json.loads((out / "sampled-logbooks.json").read_text())
    assert logbooks["format"] == "logbook-export"
    assert [lb["candidate_id"] for lb in logbooks["logbooks"]] == [demo["priya"].candidate.id]

    plan = json.loads((out / "sampling-plan.json").read_text())["plans"][0]
    morgan = plan["shares"][0]
    # experienced: a quarter, rounded up, of the 4 candidates and 7 units with work to sample
    assert (morgan["candidates_needed"], morgan["units_needed"]) == (1, 2)
    assert (morgan["candidates_sampled"], morgan["units_sampled"]) == (1, 1)
    assert len(plan["proposed_sample"]) == 1
    assert plan["coverage"]["candidates"]["covered"] == ["Priya Shah"]
    assert {"row": "Morgan Ellis", "column": "205", "sampled": 1, "total": 1} in plan[
        "assessor_by_unit"
    ]["cells"]

    page = (out / "summary.md").read_text()
    assert "### The plan of Jo Barnes" in page
    row = "| Morgan Ellis | experienced | 1 of 1 needed (4 in all) | 1 of 2 needed (7 in all) |"
    assert row in page
    assert "- Priya Shah, unit 205: reopened by Jo Barnes on" in page
    assert "The testimony does not say when the busy period was. Ask the witness." in page
    assert "Re-observe a busy period" in page and "#### Overdue" in page
    assert "- attendees: Jo Barnes, Morgan Ellis" in page
    again = json.loads((out / "iqa-records.json").read_text())
    assert again == json.loads(iqa.read_text())


def test_markdown_in_a_name_or_feedback_is_shown_as_text_not_run(cli, data_dir, demo, tmp_path):
    hostile = "<script>alert(1)</script> | [click](http://x) **bold** `code`"
    iqa = write_records(tmp_path, records(demo, feedback=hostile, iqa="Jo | Barnes"))
    out = tmp_path / "pack"
    result = cli("--data-dir", data_dir, "eqa-pack", "--iqa", iqa, "-o", out)
    assert result.returncode == 0, result.stderr
    page = (out / "summary.md").read_text()
    assert "<script>" not in page and "[click](" not in page
    assert r"\<script\>alert(1)\</script\> \| \[click\](http://x) \*\*bold\*\* \`code\`" in page
    assert r"IQA: Jo \| Barnes" in page


def test_entities_and_line_starts_in_the_page_are_shown_as_typed(cli, data_dir, demo, tmp_path):
    """What a Markdown viewer shows of summary.md is the text as typed: an entity (`&amp;`,
    `&rlm;`, a mark that reorders text) is not decoded, and a feedback line that begins like a
    list, a rule or a heading's underline stays a line of text."""
    import html
    import re

    from markdown_it import MarkdownIt

    lines = ["Seen twice:", "1. the till", "---", "+ the floor", "===", "see &rlm;below &amp; up"]
    iqa = write_records(tmp_path, records(demo, feedback="\n".join(lines), iqa="Jo &amp; Barnes"))
    out = tmp_path / "pack"
    result = cli("--data-dir", data_dir, "eqa-pack", "--iqa", iqa, "-o", out)
    assert result.returncode == 0, result.stderr
    rendered = MarkdownIt("commonmark").render((out / "summary.md").read_text())
    quoted = rendered.split("<blockquote>")[1].split("</blockquote>")[0]
    assert re.findall(r"<(\w+)", quoted) == ["p"]  # one paragraph: no list, rule or heading
    shown = html.unescape(re.sub(r"<[^>]*>", "", rendered))
    assert "\n".join(lines) in shown
    assert "IQA: Jo &amp; Barnes;" in shown


def test_an_empty_folder_given_for_the_pack_is_made_private(cli, data_dir, demo, tmp_path):
    """The pack holds the sampled candidates' logbooks: written into an empty folder made
    before (0755, as `mkdir` leaves it), the folder is made the user's only, as a new one is."""
    iqa = write_records(tmp_path, records(demo))
    out = tmp_path / "pack"
    out.mkdir(mode=0o755)
    out.chmod(0o755)
    result = cli("--data-dir", data_dir, "eqa-pack", "--iqa", iqa, "-o", out)
    assert result.returncode == 0, result.stderr
    assert oct(out.stat().st_mode & 0o777) == "0o700"
    assert {oct(p.stat().st_mode & 0o777) for p in out.iterdir()} == {"0o600"}


BAD = [
    (lambda d: records(d, feedback="bell\x07"), "feedback holds control characters (^G)"),
    (
        lambda d: records(d, candidate_id="00000000-0000-4000-8000-000000000000"),
        "candidate 00000000-0000-4000-8000-000000000000 is not in this",
    ),
    (lambda d: records(d, candidate_id="nobody-here"), "candidate_id: it is not an id"),
    (lambda d: records(d, outcome="disagree", feedback=""), "say why you disagree"),
    (lambda d: records(d, stage="summative"), "unit 205 is not signed off yet"),
    (lambda d: {"format": "something-else"}, "not an IQA records file"),
    (lambda d: {"format": "logbook-iqa", "version": 1, "records": [{"kind": "iqa_decision"}]},
     "record 1 (iqa_decision): candidate_id is missing"),
    (lambda d: {"format": "logbook-iqa", "version": 1, "records": [
        {**records(d).to_dict()["records"][1], "date": "24/11/2026"}]},
     "record 1 (iqa_decision).date: '24/11/2026' is not a date (2026-11-24)"),
    (lambda d: {"format": "logbook-iqa", "version": 1, "records": [
        {**records(d).to_dict()["records"][0], "shares": "all"}]},
     "record 1 (sampling_plan).shares: a list is needed"),
    (lambda d: IqaRecords(decisions=records(d).decisions), "holds no sampling plan"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "expected"), BAD)
def test_bad_iqa_records_are_refused_and_nothing_is_written(
    cli, data_dir, demo, tmp_path, make, expected
):
    iqa = write_records(tmp_path, make(demo))
    out = tmp_path / "pack"
    result = cli("--data-dir", data_dir, "eqa-pack", "--iqa", iqa, "-o", out)
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr
    assert not out.exists()


def test_a_file_that_is_not_json_or_an_output_that_is_not_empty_is_refused(
    cli, data_dir, demo, tmp_path
):
    out = tmp_path / "p"
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = cli("--data-dir", data_dir, "eqa-pack", "--iqa", broken, "-o", out)
    assert result.returncode == 2 and "broken.json is not JSON" in result.stderr
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    iqa = write_records(tmp_path, records(demo))
    result = cli("--data-dir", data_dir, "eqa-pack", "--iqa", iqa, "-o", full)
    assert result.returncode == 2 and "is not empty" in result.stderr
    assert [p.name for p in full.iterdir()] == ["keep.txt"]
    result = cli("--data-dir", data_dir, "eqa-pack", "--iqa", tmp_path / "none.json", "-o", out)
    assert result.returncode == 2 and "there is no file" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("special", ["named pipe", "device"])
def test_a_named_pipe_or_a_device_as_the_iqa_file_is_refused_at_once(
    cli, data_dir, demo, tmp_path, special
):
    """A named pipe made the command wait for a writer for ever, and /dev/zero (whose size is
    0) was read until memory ran out: the 16 MB limit looked at the size alone."""
    out = tmp_path / "p"
    if special == "named pipe":
        given = tmp_path / "iqa.json"
        os.mkfifo(given)
    else:
        given = Path("/dev/zero")
    try:
        result = run_cli_within(20, "--data-dir", data_dir, "eqa-pack", "--iqa", given, "-o", out)
    except subprocess.TimeoutExpired:
        pytest.fail(f"eqa-pack --iqa on a {special} did not answer in 20 seconds")
    assert result.returncode == 2
    assert f"{given} is not a file: give the IQA records file" in result.stderr, result.stderr
    assert not out.exists()


def run_cli_within(seconds: int, *args) -> subprocess.CompletedProcess:
    """The real command line, stopped after `seconds`, with at most 200 MB of memory: a
    command reading a device for ever fails here instead of taking the machine's memory."""

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (200 * 2**20, 200 * 2**20))

    return run_cli(*args, timeout=seconds, preexec_fn=limited)
