"""`logbook sync` and `logbook centre ...`: the laptop and the centre's PostgreSQL store.

`sync` pushes this laptop's new history entries and pulls what others wrote for the candidates
the user's database login may see (`logbook.centre.sync`). `centre init` creates the centre's
schema; `centre add-person`, `assign-candidate` and `assign-iqa` say who is who (run by the
centre's administrator). The centre is named by `--centre`, `$LOGBOOK_CENTRE` or the settings
file's "centre": any libpq connection string, so a Unix socket, an SSH tunnel's local port or
TLS (`sslmode=verify-full`) all work.
"""

from __future__ import annotations

import sys

from logbook.cli.assessor import assessor
from logbook.cli.errors import EXIT_OK, EXIT_PROBLEM, CommandError
from logbook.cli.output import print_json
from logbook.store.location import data_dir

CENTRE_HELP = (
    "the centre's PostgreSQL: a libpq connection string or postgresql:// URI (default: "
    '$LOGBOOK_CENTRE, else "centre" in the settings file)'
)


def add_commands(commands) -> None:
    syncing = commands.add_parser(
        "sync",
        help="push this laptop's new entries to the centre and pull what others wrote",
        description=(
            "Push the history entries this laptop wrote since its last sync to the centre, "
            "and pull every entry others wrote for the candidates your database login may see. "
            "Safe to stop and to run again: nothing is sent or stored twice. Edits made on two "
            "laptops are merged; the same field edited on both is kept twice and flagged "
            "'2 versions: choose'. Exit 0 done, 1 something was not synced (said why), "
            "2 no centre or it cannot be reached."
        ),
    )
    syncing.add_argument("--centre", metavar="CONNINFO", help=CENTRE_HELP)
    syncing.add_argument("--json", action="store_true", help="print what was done as JSON")
    syncing.set_defaults(run=run_sync)

    centre = commands.add_parser(
        "centre", help="set up the centre's PostgreSQL store (for its administrator)"
    )
    actions = centre.add_subparsers(dest="centre_command", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init", help="create (or bring up to date) the centre's tables, roles and policies"
    )
    init.set_defaults(run=run_init)
    person = actions.add_parser(
        "add-person", help="a login role for one person: assessor, iqa, lead_iqa or eqa"
    )
    person.add_argument("login")
    person.add_argument("role", choices=["assessor", "iqa", "lead_iqa", "eqa"])
    person.set_defaults(run=run_add_person)
    candidate = actions.add_parser(
        "assign-candidate", help="let an assessor's login see and write one candidate"
    )
    candidate.add_argument("assessor", metavar="ASSESSOR_LOGIN")
    candidate.add_argument("candidate", metavar="CANDIDATE_ID")
    candidate.set_defaults(run=run_assign_candidate)
    iqa = actions.add_parser(
        "assign-iqa", help="let an IQA's login see the candidates of an assessor"
    )
    iqa.add_argument("iqa", metavar="IQA_LOGIN")
    iqa.add_argument("assessor", metavar="ASSESSOR_LOGIN")
    iqa.set_defaults(run=run_assign_iqa)
    for parser in (init, person, candidate, iqa):
        parser.add_argument("--centre", metavar="CONNINFO", help=CENTRE_HELP)


# psycopg is imported by the commands that use it: a bare `logbook` starts without it


def _connect(args):
    import psycopg

    from logbook.centre.sync import NoCentre, centre_conninfo, connect

    try:
        return connect(centre_conninfo(args.centre))
    except NoCentre as error:
        raise CommandError(f"{error}; nothing was done") from None
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CommandError(f"cannot reach the centre ({reason}); nothing was done") from None


def run_sync(args) -> int:
    import psycopg

    from logbook.centre.sync import sync

    folder = data_dir(args.data_dir)
    by = assessor(args)
    with _connect(args) as conn:
        try:
            report = sync(conn, folder, by)
        except psycopg.Error as error:
            raise CommandError(
                f"the centre stopped the sync ({str(error).strip()[:300]}); what was done is "
                "kept: run logbook sync again"
            ) from None
    if args.json:
        print_json(
            {
                "pushed": report.pushed, "sent": report.sent, "pulled": report.pulled,
                "stored": report.stored, "candidates": sorted(report.candidates),
                "created": sorted(report.created), "merged": report.merged,
                "flags": [f.text for f in report.flags], "refused": report.refused,
                "repulled": report.repulled,
            }
        )  # fmt: skip
    else:
        for line in report.lines():
            print(line)
    return EXIT_PROBLEM if report.refused else EXIT_OK


def _admin(args, action) -> int:
    import psycopg

    with _connect(args) as conn:
        try:
            action(conn)
        except (psycopg.Error, ValueError) as error:
            raise CommandError(f"{str(error).strip()[:300]}; nothing was done") from None
    return EXIT_OK


def run_init(args) -> int:
    from logbook.centre import admin

    code = _admin(args, admin.create_schema)
    print("the centre's schema is ready (tables logbook.event and logbook.assignment)")
    return code


def run_add_person(args) -> int:
    from logbook.centre import admin

    code = _admin(args, lambda conn: admin.add_person(conn, args.login, args.role))
    print(f"{args.login} can log in as {args.role}", file=sys.stdout)
    return code


def run_assign_candidate(args) -> int:
    from logbook.centre import admin

    code = _admin(args, lambda conn: admin.assign_candidate(conn, args.assessor, args.candidate))
    print(f"{args.assessor} assesses candidate {args.candidate}")
    return code


def run_assign_iqa(args) -> int:
    from logbook.centre import admin

    code = _admin(args, lambda conn: admin.assign_assessor(conn, args.iqa, args.assessor))
    print(f"{args.iqa} quality-assures {args.assessor}'s candidates")
    return code
