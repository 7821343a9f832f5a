"""`logbook candidates | export | import | verify | demo`: the caseload from the command line.

Every command works on the data folder chosen by `--data-dir`, else `$LOGBOOK_DATA_DIR`, else
the user's data folder. Commands that only read never create it.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from logbook.cli.assessor import assessor
from logbook.cli.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEM, CommandError
from logbook.cli.output import cell, json_text, print_json
from logbook.domain.validation import RecordRefused
from logbook.store import history as chain
from logbook.store.caseload import Caseload, UnknownCandidate
from logbook.store.location import data_dir
from logbook.store.logbooks import CorruptLogbook, LogbookFile
from logbook.store.roles import DamagedRoles, RoleCaseload, caseload_for
from logbook.store.signing import Keyring, fingerprint
from logbook.store.storage import dump_json

# exchange (with jsonschema) and demo are imported inside the commands that use them, so that a
# bare `logbook`, which opens the app, starts without them.


def add_commands(commands) -> None:
    candidates = commands.add_parser(
        "candidates", help="the caseload: every candidate and their progress"
    )
    candidates.add_argument("--json", action="store_true", help="print a JSON array")
    candidates.set_defaults(run=run_candidates)

    export = commands.add_parser(
        "export",
        help="write candidates' logbooks, with their history, to an export file",
        description=(
            "Export one candidate's logbook (to stdout, or to FILE with -o), or with --all every "
            "candidate's, one file each in the folder DIR named by registration number (or id). "
            "Files are readable by their owner only. With --all, a logbook that cannot be read "
            "is named on stderr and the rest are exported (exit 1)."
        ),
    )
    export.add_argument(
        "candidate", metavar="CANDIDATE", nargs="?", help="id, registration number or name"
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (DIR with --all)")
    export.add_argument(
        "--all", action="store_true", help="every candidate, one file each in -o DIR"
    )
    export.set_defaults(run=run_export)

    importing = commands.add_parser(
        "import",
        help="add the logbooks of export files (or folders of them) to the caseload",
        description=(
            "Import each FILE, and every export file (*.json) in each folder DIR, so that "
            "'export --all -o DIR' is taken back by 'import DIR'. Each file is checked whole "
            "first and imported only if all is well in it, else it is said why and nothing of it "
            "is written; the next file is still tried. A line per file. Exit 0 all imported, 2 "
            "one or more refused."
        ),
    )
    importing.add_argument(
        "files",
        metavar="FILE|DIR",
        nargs="+",
        help="a file written by 'logbook export', or a folder of them ('export --all -o DIR')",
    )
    importing.set_defaults(run=run_import)

    verify = commands.add_parser(
        "verify",
        help="check every logbook and its signed history; exit 0 all well, 1 a problem",
        description=(
            "Check every logbook: its records against its hash-chained history, each history "
            "entry's signature against its assessor's key, the history's length against the "
            "caseload's checkpoint (finding entries removed from the end, or an older copy put "
            "back), and every record against the rules of the day it was written. Says who "
            "signed, by key fingerprint. See the README for what this proves and what it "
            "cannot."
        ),
    )
    verify.add_argument(
        "--full",
        action="store_true",
        help=(
            "check every logbook in full, even those unchanged since a check found them clean "
            "(taken as verified from the record of verified files in your own state folder)"
        ),
    )
    verify.set_defaults(run=run_verify)

    demo = commands.add_parser(
        "demo", help="write a sample caseload into a folder, to try everything safely"
    )
    demo.add_argument("folder", metavar="DIR", help="a new or empty folder")
    demo.set_defaults(run=run_demo)


def _folder(args) -> Path:
    return data_dir(args.data_dir)


def open_caseload(folder: Path) -> Caseload:
    """The caseload the login may work on (`caseload_for`): with the centre's roles file, the
    candidates its role may see; a login the roles do not name, or a damaged roles file, is
    bad input (exit 2) and nothing is read or written."""
    try:
        return caseload_for(folder)
    except RecordRefused as refused:
        said = "; ".join(p.message for p in refused.problems)
        raise CommandError(f"{said}; nothing was done") from None
    except DamagedRoles as error:
        raise CommandError(
            f"{error}: nobody may open the caseload until a lead IQA puts the roles right; "
            "nothing was done"
        ) from None


def _existing_caseload(args) -> Caseload | None:
    """The caseload, or None when its folder does not exist yet (reading never creates it)."""
    folder = _folder(args)
    if not folder.exists():
        return None
    if not folder.is_dir():
        raise CommandError(f"the data folder {folder} is not a folder")
    return open_caseload(folder)


def _find(caseload: Caseload | None, query: str, folder: Path) -> LogbookFile:
    if caseload is None:
        raise CommandError(f"no candidate matches {query!r}: there is no caseload in {folder}")
    try:
        return caseload.find(query)
    except UnknownCandidate as error:
        raise CommandError(str(error)) from None


# candidates --------------------------------------------------------------------------------------


def run_candidates(args) -> int:
    caseload = _existing_caseload(args)
    summaries, problems = [], []
    if caseload is not None:
        view = caseload.view()
        summaries, problems = view.summaries, view.problems
    for problem in problems:
        print(f"logbook: cannot read {problem}", file=sys.stderr)
    rows = [
        {
            "id": s["id"],
            "name": s["name"],
            "registration_number": s["registration_number"],
            "qualification": s["qualification"],
            "qualification_title": s["qualification_title"],
            "units_signed_off": len(s["signed_off"]),
            "units_chosen": len(s["units"]),
            "signed_off": s["signed_off"],
            "achieved": s["achieved"],
        }
        for s in summaries
    ]
    if args.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        print(f"No candidates in {_folder(args)}.")
        return EXIT_OK
    headers = ("NAME", "REGISTRATION", "QUALIFICATION", "SIGNED OFF", "ACHIEVED")
    table = [
        (
            cell(r["name"]),
            cell(r["registration_number"]),
            cell(r["qualification"]),
            f"{r['units_signed_off']}/{r['units_chosen']} units",
            "yes" if r["achieved"] else "no",
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in [headers, *table]) for i in range(len(headers))]
    for line in [headers, *table]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        )
    return EXIT_OK


# export ------------------------------------------------------------------------------------------


def _write(path: Path, data: dict) -> None:
    from logbook.store.exchange import write_export  # loaded by the command that needs it

    try:
        write_export(path, data)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror}") from None


def run_export(args) -> int:
    from logbook.store.exchange import OUTSIDE_DATA_FOLDER, export_logbooks, in_data_folder

    folder = _folder(args)
    if args.all:
        return _export_all(args, folder)
    if not args.candidate:
        raise CommandError(
            "say which candidate to export (id, registration number or name), or --all"
        )
    logbook = _find(_existing_caseload(args), args.candidate, folder)
    try:
        data = export_logbooks([logbook])
    except CorruptLogbook as error:
        raise CommandError(f"cannot export {error}") from None
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(json_text(dump_json(data).decode()).encode() + b"\n")
        sys.stdout.buffer.flush()
        return EXIT_OK
    output = Path(args.output).expanduser()
    if output.is_dir():
        raise CommandError(f"{output} is a folder: give a file name (or use --all)")
    if in_data_folder(output.parent, folder):
        raise CommandError(OUTSIDE_DATA_FOLDER)
    _write(output, data)
    candidate = data["logbooks"][0]
    print(f"Exported {_who(logbook)} ({len(candidate['records'])} records) to {output}")
    return EXIT_OK


def _who(logbook: LogbookFile) -> str:
    try:
        candidate = logbook.read().candidate
    except (CorruptLogbook, ValueError):
        return logbook.candidate_id
    return f"{candidate.name} ({candidate.registration_number})"


def _export_all(args, folder: Path) -> int:
    from logbook.store.exchange import OUTSIDE_DATA_FOLDER, export_caseload, in_data_folder

    if args.candidate:
        raise CommandError("give a candidate or --all, not both")
    if not args.output:
        raise CommandError("--all needs -o DIR: the folder to write one file per candidate into")
    target = Path(args.output).expanduser()
    if target.exists() and not target.is_dir():
        raise CommandError(f"{target} is not a folder")
    if in_data_folder(target, folder):
        raise CommandError(OUTSIDE_DATA_FOLDER)
    caseload = _existing_caseload(args)
    try:
        if caseload is None:
            target.mkdir(parents=True, exist_ok=True, mode=0o700)
            written, failed = [], []
        else:
            done = export_caseload(caseload, target)
            written, failed = done.written, done.failed
    except OSError as error:
        raise CommandError(f"cannot write {error.filename or target}: {error.strerror}") from None
    for problem in failed:
        print(f"logbook: not exported: {problem}", file=sys.stderr)
    for exported in written:
        print(f"{exported.name}: {exported.path}")
    total = len(written) + len(failed)
    print(f"Exported {len(written)} of {total} candidates to {target}")
    return EXIT_PROBLEM if failed else EXIT_OK


# import ------------------------------------------------------------------------------------------


def run_import(args) -> int:
    from logbook.store.exchange import export_files, import_paths  # loaded by the command

    paths = [Path(name).expanduser() for name in args.files]
    for path in paths:
        if path.is_dir() and not export_files([path]):
            raise CommandError(f"{path} holds no export files (*.json): nothing was imported")
    caseload = open_caseload(_folder(args))
    if isinstance(caseload, RoleCaseload):
        if caseload.person.read_only:
            raise CommandError(
                f"{caseload.person.login} is the EQA: the logbooks are read-only, so nothing "
                "is imported (export and verify still work)"
            )
        by = caseload.person.name  # who the login is, never a name given on the command line
    else:
        by = assessor(args)
    results = import_paths(caseload, paths, by=by)
    signers: dict[str, str] = {}
    for result in results:
        if result.refused:
            print(f"logbook: {result.refused}", file=sys.stderr)
            continue
        for candidate_id in result.ids:
            logbook = caseload.logbook(candidate_id)
            records, history = logbook.rows()
            signers.update(chain.signers(history))
            print(
                f"Imported {_who(logbook)}: {len(records)} records, "
                f"{len(history)} history entries, into {caseload.folder}"
            )
    refused = sum(1 for result in results if result.refused)
    if len(results) > 1:
        print(
            f"{len(results) - refused} of {len(results)} files imported"
            + (f", {refused} refused (nothing of those was written)" if refused else "")
        )
    known, _ = Keyring(caseload.folder).known()
    for key in sorted(signers, key=lambda k: known.get(k, "")):
        print(f"History signed by {known.get(key, signers[key])}: key {fingerprint(key)}")
    if signers:
        print("Compare each key with the one its assessor gives you before trusting it.")
    return EXIT_BAD_INPUT if refused else EXIT_OK


# verify ------------------------------------------------------------------------------------------


def _cores() -> int:
    """The processors this process may run on: verify checks that many files at once."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def run_verify(args) -> int:
    caseload = _existing_caseload(args)
    if caseload is None:
        print("0 logbooks, all verified")
        return EXIT_OK
    from logbook.store.verified import VerifiedRecord

    record = VerifiedRecord()
    check = caseload.verify(processes=_cores(), record=record, full=args.full)
    for name, found in check.logbooks.items():
        for problem in found.problems:
            print(f"{name}: {problem}")
        for note in found.notes:
            print(f"{name}: note: {note}")
    for problem in check.problems:
        print(problem)
    for note in check.notes:
        print(f"note: {note}")
    if isinstance(caseload, RoleCaseload):
        print(f"note: as {caseload.person.login}, {caseload.whose()} were verified")
    count = len(check.logbooks)
    noun = "logbook" if count == 1 else "logbooks"
    if record.unused:
        print(
            f"note: the record of verified files was not used ({record.unused}): every "
            "logbook was checked in full, and the record written afresh"
        )
    if record.unsaved:
        print(f"note: {record.unsaved}")
    if check.unchanged:
        print(
            f"{len(check.unchanged)} of {count} {noun} unchanged since "
            f"{_verified_when(check.verified_at)}; {count - len(check.unchanged)} checked in full"
        )
    if check.bad or check.problems:
        print(f"{check.bad} of {count} {noun} failed verification")
        if check.problems and not check.bad:
            print("the caseload as a whole failed verification")
        return EXIT_PROBLEM
    print(f"{count} {noun}, all verified")
    return EXIT_OK


def _verified_when(times: list[str]) -> str:
    """'they were verified on 25 Nov 2026 09:14' (local time), or between two such times."""
    from datetime import datetime

    def shown(at: str) -> str:
        try:
            return datetime.fromisoformat(at).astimezone().strftime("%d %b %Y %H:%M")
        except ValueError:
            return "an unknown time"

    first, last = shown(times[0]), shown(times[-1])
    if first == last:
        return f"they were verified on {first}"
    return f"they were verified, between {first} and {last}"


# demo --------------------------------------------------------------------------------------------


def run_demo(args) -> int:
    from logbook.demo import write_demo  # loaded by the command that needs it

    folder = Path(args.folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{folder} is not a folder")
    if folder.is_dir() and any(not p.name.startswith(".") for p in folder.glob("*.json")):
        raise CommandError(f"{folder} already holds logbooks: choose a new or empty folder")
    try:
        caseload = write_demo(folder)
    except OSError as error:
        raise CommandError(f"cannot write the sample caseload to {folder}: {error}") from None
    count = len(caseload.files())
    print(f"Wrote a sample caseload of {count} candidates to {folder}")
    print(f"Open it with:  logbook --data-dir {shlex.quote(str(folder))}")
    return EXIT_OK
