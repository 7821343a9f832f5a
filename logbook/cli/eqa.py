"""`logbook eqa-pack -o DIR`: what an external quality assurer asks for before a visit, in a
folder they can open without the app.

The IQA's records come from the store: the IQA decisions from the candidates' logbooks, the
sampling plans and standardisation meetings from the centre's file
(`logbook.store.centre_records`). `--iqa FILE` still reads them from a `logbook-iqa` JSON file
instead (the format the pack itself writes as iqa-records.json).
Everything is checked first by the domain's rules; a problem is named and nothing is written.
The rules (coverage, shares, the proposal, what is overdue) are the domain's; this module only
lays them out.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import stat
from datetime import date
from pathlib import Path

from logbook.cli.caseload import open_caseload
from logbook.cli.errors import EXIT_OK, CommandError
from logbook.domain.dates import say_date
from logbook.domain.iqa import (
    OUTCOME_NAMES,
    REOPENED,
    RISK_NAMES,
    ROLE_NAMES,
    IqaRecords,
    decision_problems,
    read_iqa_records,
    reopening_states,
)
from logbook.domain.portfolio import Portfolio
from logbook.domain.records import EVIDENCE_NAMES
from logbook.domain.sampling import (
    FACTOR_NAMES,
    FACTORS,
    RECORD_NAMES,
    Grid,
    overdue,
    plan_coverage,
    propose_sample,
    share_status,
)
from logbook.domain.text import visible
from logbook.store.caseload import Caseload
from logbook.store.location import data_dir
from logbook.store.logbooks import CorruptLogbook, LogbookFile

MAX_IQA_FILE = 16 * 1024 * 1024
SHOWN_PROBLEMS = 20
PACK_FILES = {
    "summary.md": "this page",
    "sampling-plan.json": "the sampling plans, their coverage, shares and proposed sample",
    "iqa-records.json": "the IQA decisions and standardisation meetings (logbook-iqa format)",
    "sampled-logbooks.json": "the full logbook of every sampled candidate (logbook-export "
    "format: `logbook import` reads it)",
}


def add_commands(commands) -> None:
    pack = commands.add_parser(
        "eqa-pack",
        help="write the sampling plan, IQA records and sampled logbooks for an EQA visit",
        description=(
            "Write into the new or empty folder DIR what an external quality assurer asks for: "
            "the sampling plans with their coverage, the IQA decisions and standardisation "
            "meetings, the full logbook of every sampled candidate, and summary.md, one page "
            "to read without the app. The IQA's records come from the data folder (or from "
            "FILE, a logbook-iqa JSON file, with --iqa); everything is checked first, and "
            "nothing is written if anything is wrong."
        ),
    )
    pack.add_argument(
        "--iqa", metavar="FILE", help="the IQA's records from this file, not the data folder"
    )
    pack.add_argument("-o", "--output", metavar="DIR", required=True, help="a new or empty folder")
    pack.set_defaults(run=run_eqa_pack)


def _problems_error(what: str, problems: list[str]) -> CommandError:
    lines = [f"{what}; nothing was written:"]
    lines += [f"  {visible(p, multiline=False)}" for p in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"  ... and {len(problems) - SHOWN_PROBLEMS} more problems")
    return CommandError("\n".join(lines), {"problems": problems})


def _iqa_file_bytes(path: Path) -> bytes:
    """The bytes of the file `path` (a link followed), at most MAX_IQA_FILE: opened without
    waiting for a writer, and refused unless it is a plain file, so a named pipe or a device
    (/dev/zero has no size) is never waited on or read for ever."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(status.st_mode):
            raise CommandError(f"{path} is not a file: give the IQA records file")
        if status.st_size > MAX_IQA_FILE:
            size = status.st_size
            raise CommandError(f"{path} is {size} bytes; an IQA records file is at most 16 MB")
        with os.fdopen(fd, "rb", closefd=False) as file:
            raw = file.read(MAX_IQA_FILE + 1)
    finally:
        os.close(fd)
    if len(raw) > MAX_IQA_FILE:  # grew after its size was looked at
        raise CommandError(f"{path} is larger than 16 MB; an IQA records file is at most 16 MB")
    return raw


def _read_iqa_file(path: Path, today: date) -> IqaRecords:
    try:
        data = json.loads(_iqa_file_bytes(path))
    except FileNotFoundError:
        raise CommandError(f"there is no file {path}") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is a folder: give the IQA records file") from None
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    except (ValueError, RecursionError) as error:
        raise CommandError(f"{path} is not JSON: {error}") from None
    records, problems = read_iqa_records(data, today)
    if problems:
        raise _problems_error(f"{path.name} cannot be used", problems)
    if not records.plans:
        raise CommandError(f"{path.name} holds no sampling plan: the EQA asks for it first")
    return records


def _stored_records(folder: Path, portfolios: list[Portfolio]) -> IqaRecords:
    from logbook.store.centre_records import CorruptCentreFile, centre_iqa_records

    try:
        records = centre_iqa_records(folder, portfolios)
    except CorruptCentreFile as error:
        raise CommandError(f"cannot read {error}; nothing was written") from None
    if not records.plans:
        raise CommandError(
            "the data folder holds no sampling plan: the EQA asks for it first (make it on the "
            "IQA's sampling plan screen, or give --iqa FILE)"
        )
    return records


def _portfolios(caseload: Caseload, today: date) -> tuple[list[Portfolio], dict[str, Path]]:
    portfolios, paths = [], {}
    for path in caseload.files():
        try:
            portfolio = LogbookFile(path, caseload.library).read(today)
        except (CorruptLogbook, ValueError) as error:
            raise CommandError(
                f"cannot read {error}; run 'logbook verify' and fix it before making the pack"
            ) from None
        portfolios.append(portfolio)
        paths[portfolio.candidate.id] = path
    return portfolios, paths


def _check_against_logbooks(records: IqaRecords, portfolios: list[Portfolio], today: date):
    by_id = {p.candidate.id: p for p in portfolios}
    problems = []
    for number, decision in enumerate(records.decisions, 1):
        portfolio = by_id.get(decision.candidate_id)
        where = f"IQA decision {number} ({decision.unit})"
        if portfolio is None:
            problems.append(f"{where}: candidate {decision.candidate_id} is not in this caseload")
            continue
        if portfolio.find(decision.id) == decision:
            # in the logbook already: checked when saved, under that day's state of the unit (a
            # summative disagree reopens the unit it sampled; a new sign-off may follow it)
            continue
        problems += [f"{where}: {p}" for p in decision_problems(decision, portfolio, today)]
    if problems:
        raise _problems_error("the IQA records do not match the logbooks", problems)


def _output_folder(value: str, data_folder: Path) -> Path:
    folder = Path(value).expanduser()
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{folder} is not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise CommandError(f"{folder} is not empty: choose a new or empty folder")
    if folder.resolve() == data_folder.resolve():
        raise CommandError("write the pack outside the data folder")
    return folder


def run_eqa_pack(args) -> int:
    from logbook.store.exchange import export_logbooks  # loaded by the command that needs it
    from logbook.store.storage import atomic_write, dump_json, make_private

    today = date.today()
    folder = data_dir(args.data_dir)
    if not folder.is_dir():
        raise CommandError(f"there is no caseload in {folder}")
    caseload = open_caseload(folder)
    person = getattr(caseload, "person", None)  # with the centre's roles: who is logged in
    if person is not None and not person.makes_eqa_pack:
        role = ROLE_NAMES.get(person.role, person.role)
        article = "an" if role[:1] in "aeiouAEIOU" else "a"
        raise CommandError(
            f"the centre's roles name your login ({visible(person.login, multiline=False)}) "
            f"as {article} {role}: the EQA pack is made by an IQA, the lead IQA or the EQA; "
            "nothing was written"
        )
    output = _output_folder(args.output, folder)
    if args.iqa:
        records = _read_iqa_file(Path(args.iqa).expanduser(), today)
        portfolios, paths = _portfolios(caseload, today)
    else:
        portfolios, paths = _portfolios(caseload, today)
        records = _stored_records(folder, portfolios)
    _check_against_logbooks(records, portfolios, today)

    sampled = sorted({d.candidate_id for d in records.decisions})
    files = [LogbookFile(paths[c], caseload.library) for c in sampled]
    plan_data = sampling_data(records, portfolios, today)
    try:
        logbooks = export_logbooks(files)
    except CorruptLogbook as error:
        raise CommandError(f"cannot export {error}") from None
    try:
        output.mkdir(mode=0o700, parents=True, exist_ok=True)
        make_private(output)  # an empty folder made before: the user's only, as a new one
        atomic_write(output / "sampling-plan.json", dump_json(plan_data))
        atomic_write(output / "iqa-records.json", dump_json(records.to_dict()))
        atomic_write(output / "sampled-logbooks.json", dump_json(logbooks))
        page = summary_page(records, portfolios, today)
        atomic_write(output / "summary.md", page.encode("utf-8"))
    except OSError as error:
        raise CommandError(f"cannot write the pack in {output}: {error.strerror}") from None
    print(
        f"Wrote the EQA pack to {output}: {len(records.plans)} sampling plan(s), "
        f"{len(records.decisions)} IQA decision(s), {len(records.meetings)} standardisation "
        f"meeting(s), {len(sampled)} sampled logbook(s). Open {output / 'summary.md'}."
    )
    return EXIT_OK


# --- the JSON of the sampling plan ------------------------------------------------------------


def _grid_data(grid: Grid) -> dict:
    return {
        "rows": list(grid.rows),
        "columns": list(grid.columns),
        "cells": [
            {"row": r, "column": c, "sampled": grid.cell(r, c).sampled,
             "total": grid.cell(r, c).total}
            for r in grid.rows for c in grid.columns if grid.cell(r, c).total
        ],
    }  # fmt: skip


def sampling_data(records: IqaRecords, portfolios: list[Portfolio], today: date) -> dict:
    plans = []
    for plan in records.plans:
        coverage = plan_coverage(plan, portfolios, records.decisions)
        plans.append(
            {
                "plan": plan.to_dict(),
                "shares": [dataclasses.asdict(s) for s in share_status(plan, portfolios,
                                                                       records.decisions)],
                "coverage": {
                    name: {"present": list(f.present), "covered": list(f.covered),
                           "missing": list(f.missing)}
                    for name, f in coverage.factors.items()
                },
                "assessor_by_unit": _grid_data(coverage.units),
                "assessor_by_method": _grid_data(coverage.methods),
                "not_in_plan": list(coverage.unplanned),
                "proposed_sample": [
                    dataclasses.asdict(p)
                    for p in propose_sample(plan, portfolios, records.decisions)
                ],
                "overdue": [
                    {**dataclasses.asdict(o), "due": o.due.isoformat() if o.due else None}
                    for o in overdue(plan, portfolios, records.decisions, records.meetings, today)
                ],
            }
        )  # fmt: skip
    return {
        "format": "logbook-eqa-sampling",
        "version": 1,
        "made_on": today.isoformat(),
        "plans": plans,
        "reopened_units": [
            {**dataclasses.asdict(r), "on": r.on.isoformat(), "state": state}
            for r, state in reopening_states(records.decisions, portfolios)
        ],
    }


# --- the summary page -------------------------------------------------------------------------

_MARKDOWN = re.compile(r"([\\`*_\[\]<>|#~&])")
# what makes a line of a quote a list item, a rule or a heading's underline
_LINE_START = re.compile(r"^(\s*\d{0,9})([-+=.)])")


def md(text: str) -> str:
    """Text from a person or a file, as Markdown that shows it as it is: one line, control
    characters in their visible form, and Markdown's own characters escaped (no link, no HTML,
    no entity such as `&rlm;` decoded, no table cell broken by a '|')."""
    return _MARKDOWN.sub(r"\\\1", visible(" ".join(text.splitlines()), multiline=False))


def _quote_line(line: str) -> str:
    """One line of a quote, as text: one that begins like a list (`- `, `+ `, `1. `), a rule
    (`---`) or a heading's underline (`===`) has that start escaped too."""
    return "> " + _LINE_START.sub(r"\1\\\2", md(line), count=1)


def _quote(text: str) -> list[str]:
    return [_quote_line(line) if line.strip() else ">" for line in text.strip().splitlines()]


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def _grid_lines(grid: Grid, names: dict[str, str]) -> list[str]:
    if not grid.columns:
        return ["Nothing to sample yet.", ""]
    rows = []
    for row in grid.rows:
        cells = []
        for column in grid.columns:
            cell = grid.cell(row, column)
            cells.append(f"{cell.sampled}/{cell.total}" if cell.total else "")
        rows.append([md(row), *cells])
    return _table(["Assessor", *(md(names.get(c, c)) for c in grid.columns)], rows)


def summary_page(records: IqaRecords, portfolios: list[Portfolio], today: date) -> str:
    names = {p.candidate.id: p.candidate.name for p in portfolios}
    lines = [
        "# EQA pack",
        "",
        f"Made on {say_date(today)}. In the grids a cell reads *sampled/in all*; a blank "
        "cell has nothing to sample.",
        "",
        "## Sampling plans",
        "",
    ]
    for plan in records.plans:
        lines += _plan_lines(plan, records, portfolios, today)
    lines += ["## Units reopened by a disagree", ""]
    states = reopening_states(records.decisions, portfolios)
    for r, state in states:
        said = f"reopened by {md(r.iqa)} on {say_date(r.on)}: {md(r.reason)}"
        if state != REOPENED:  # signed off again since: the IQA's to sample again
            said = f"{state} (it was {said})"
        who = md(names.get(r.candidate_id, r.candidate_id))
        lines.append(f"- {who}, unit {md(r.unit)}: {said}")
    if not states:
        lines.append("None.")
    lines += ["", "## IQA decisions", ""]
    lines += _decision_lines(records, names)
    lines += ["## Standardisation meetings", ""]
    lines += _meeting_lines(records, names)
    lines += ["## In this pack", ""]
    lines += [f"- `{name}`: {what}" for name, what in PACK_FILES.items()]
    return "\n".join(lines) + "\n"


def _plan_lines(plan, records: IqaRecords, portfolios, today) -> list[str]:
    lines = [f"### The plan of {md(plan.iqa)}, made on {say_date(plan.made_on)}", ""]
    shares = "; ".join(
        f"{RISK_NAMES[r]}: {plan.share_for(r).candidates}% of candidates, "
        f"{plan.share_for(r).units}% of units"
        for r in RISK_NAMES
    )
    lines += [f"Shares by risk rating (the centre's policy): {shares}.", ""]
    statuses = share_status(plan, portfolios, records.decisions)
    lines += _table(
        ["Assessor", "Risk", "Candidates sampled", "Units sampled", "Share met"],
        [
            [md(s.assessor), RISK_NAMES.get(s.rating, md(s.rating)),
             f"{s.candidates_sampled} of {s.candidates_needed} needed ({s.candidates} in all)",
             f"{s.units_sampled} of {s.units_needed} needed ({s.units} in all)",
             "yes" if s.met else "**no**"]
            for s in statuses
        ],
    )  # fmt: skip
    coverage = plan_coverage(plan, portfolios, records.decisions)
    lines += ["#### Coverage (CAVIAR)", ""]
    for name in FACTORS:
        factor = coverage.factors[name]
        shown = RECORD_NAMES | EVIDENCE_NAMES
        missing = "; ".join(md(shown.get(m, m)) for m in factor.missing)
        line = f"- {FACTOR_NAMES[name]}: {len(factor.covered)} of {len(factor.present)} covered"
        lines.append(line + (f"; not yet: {missing}" if missing else ""))
    if coverage.unplanned:
        lines.append("- not in the plan: " + ", ".join(md(a) for a in coverage.unplanned))
    lines += ["", "#### Assessor by unit", ""]
    lines += _grid_lines(coverage.units, {})
    lines += ["#### Assessor by method", ""]
    lines += _grid_lines(coverage.methods, EVIDENCE_NAMES)
    lines += ["#### Proposed next sample", ""]
    proposal = propose_sample(plan, portfolios, records.decisions)
    lines += [
        f"- {md(p.candidate)}, unit {md(p.unit)} ({md(p.assessor)}, {p.stage})" for p in proposal
    ] or ["Nothing: every share is met."]
    lines += ["", "#### Overdue", ""]
    late = overdue(plan, portfolios, records.decisions, records.meetings, today)
    lines += [f"- {md(o.message)}" for o in late] or ["Nothing."]
    return [*lines, ""]


def _action_lines(actions) -> list[str]:
    return [
        f"- action: {md(a.text)}, due {say_date(a.due)}{' (done)' if a.done else ''}"
        for a in actions
    ]


def _decision_lines(records: IqaRecords, names: dict[str, str]) -> list[str]:
    if not records.decisions:
        return ["None yet.", ""]
    lines = []
    for d in sorted(records.decisions, key=lambda d: (d.date, d.id)):
        who = md(names.get(d.candidate_id, d.candidate_id))
        lines += [
            f"### {say_date(d.date)}: {who}, unit {md(d.unit)}",
            "",
            f"- assessor: {md(d.assessor)}; IQA: {md(d.iqa)}; stage: {d.stage}",
            f"- outcome: **{OUTCOME_NAMES.get(d.outcome, md(d.outcome))}**",
            f"- criteria looked at: {', '.join(md(c) for c in d.criteria) or 'not listed'}",
            f"- records looked at: {len(d.evidence_ids)}",
        ]
        lines += _action_lines(d.actions)
        if d.feedback.strip():
            lines += ["", "Feedback to the assessor:", "", *_quote(d.feedback)]
        lines.append("")
    return lines


def _meeting_lines(records: IqaRecords, names: dict[str, str]) -> list[str]:
    if not records.meetings:
        return ["None yet.", ""]
    lines = []
    for m in sorted(records.meetings, key=lambda m: (m.date, m.id)):
        lines += [
            f"### {say_date(m.date)}",
            "",
            f"- attendees: {', '.join(md(a) for a in m.attendees)}",
        ]
        lines += [
            f"- sample: {md(names.get(s.candidate_id, s.candidate_id))}, unit {md(s.unit)}"
            for s in m.samples
        ]
        lines += _action_lines(m.actions)
        if m.agreed.strip():
            lines += ["", "Agreed:", "", *_quote(m.agreed)]
        lines.append("")
    return lines
