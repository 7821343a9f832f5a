"""The command line: parses, calls the store and the rules, prints. No rules live here.

Exit codes: 0 done (or, for checks, achieved / all well), 1 a check that found a problem,
2 bad input (a wrong name, a file that cannot be used).
"""

from __future__ import annotations

import argparse
import os
import sys

from logbook import __version__
from logbook.cli import assessor, caseload, eqa, standards, sync
from logbook.cli.errors import EXIT_BAD_INPUT, EXIT_OK, CommandError, UsageError
from logbook.cli.output import print_json, visible_output
from logbook.domain.text import visible


class Parser(argparse.ArgumentParser):
    """argparse, but a wrong command line raises UsageError instead of leaving, so that main()
    can answer it as it answers any bad input (in JSON when --json was asked for)."""

    def error(self, message: str):
        raise UsageError(message, self.format_usage())


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="logbook",
        description=(
            "The NVQ assessor's logbook for Customer Service candidates. With no command, "
            "opens the caseload in the terminal."
        ),
        epilog="Run 'logbook COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"logbook {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="the folder holding the caseload (default: $LOGBOOK_DATA_DIR, "
        "else the user's data folder)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a sample caseload in a temporary folder, to try everything safely",
    )
    assessor.add_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    standards.add_commands(commands)
    caseload.add_commands(commands)
    eqa.add_commands(commands)
    sync.add_commands(commands)
    return parser


def _bad_input(error: CommandError, wants_json: bool) -> int:
    if isinstance(error, UsageError):
        sys.stderr.write(visible(error.usage))
    # the message may quote a name or a file: its control characters are shown, not sent
    print(f"logbook: {visible(str(error))}", file=sys.stderr)
    if wants_json:
        print_json({"error": str(error), "exit": EXIT_BAD_INPUT, **error.details})
    return EXIT_BAD_INPUT


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as error:
        return _bad_input(error, "--json" in argv)
    try:
        if args.command is None:
            from logbook.tui.launch import run_app

            assessor.named(args)  # a name that breaks the rule on text: exit 2, no app
            return run_app(data_dir=args.data_dir, demo=args.demo, assessor=args.assessor)
        with visible_output():  # no escape sequence from the data reaches the terminal raw
            return args.run(args)
    except CommandError as error:
        return _bad_input(error, getattr(args, "json", False))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`logbook standards show ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
