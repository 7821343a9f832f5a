"""The command line: parses, calls the store and the rules, prints. No rules live here.

Exit codes: 0 done (or, for checks, achieved / all well), 1 a check that found a problem,
2 bad input (a wrong name, a file that cannot be used).
"""

from __future__ import annotations

import argparse
import os
import sys

from logbook import __version__
from logbook.cli import assessor
from logbook.cli.errors import EXIT_BAD_INPUT, EXIT_OK, CommandError, UsageError
from logbook.domain.text import visible

# The commands' modules (and the store and rules they use, and what prints their output) are
# imported when a command line names a command: a bare `logbook` starts the app without them
# (`_app_arguments`).


class Parser(argparse.ArgumentParser):
    """argparse, but a wrong command line raises UsageError instead of leaving, so that main()
    can answer it as it answers any bad input (in JSON when --json was asked for)."""

    def error(self, message: str):
        raise UsageError(message, self.format_usage())


def build_parser() -> argparse.ArgumentParser:
    from logbook.cli import caseload, eqa, roles, standards, sync

    parser = Parser(
        prog="logbook",
        description=(
            "The NVQ assessor's logbook for Customer Service candidates. With no command, "
            "opens the caseload in the terminal."
        ),
        epilog="Run 'logbook COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"logbook {__version__}")
    _app_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    standards.add_commands(commands)
    caseload.add_commands(commands)
    eqa.add_commands(commands)
    roles.add_commands(commands)
    sync.add_commands(commands)
    return parser


def _app_options(parser: argparse.ArgumentParser) -> None:
    """The options that come before a command, and all that a bare `logbook` takes."""
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


def _app_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The arguments of a command line that starts the app (options only, all of them the
    app's), read without building every command's parser; None for any other command line
    (a command, --help, --version, an option the app does not take, a mistake): the whole
    parser reads that, and answers it as ever."""
    quick = Parser(prog="logbook", add_help=False)
    _app_options(quick)
    try:
        args, rest = quick.parse_known_args(argv)
    except UsageError:
        return None
    if rest:
        return None
    args.command = None
    return args


def _bad_input(error: CommandError, wants_json: bool) -> int:
    if isinstance(error, UsageError):
        sys.stderr.write(visible(error.usage))
    # the message may quote a name or a file: its control characters are shown, not sent
    print(f"logbook: {visible(str(error))}", file=sys.stderr)
    if wants_json:
        from logbook.cli.output import print_json

        print_json({"error": str(error), "exit": EXIT_BAD_INPUT, **error.details})
    return EXIT_BAD_INPUT


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _app_arguments(argv)
    if args is None:
        try:
            args = build_parser().parse_args(argv)
        except UsageError as error:
            return _bad_input(error, "--json" in argv)
    try:
        if args.command is None:
            from logbook.tui.launch import run_app

            assessor.named(args)  # a name that breaks the rule on text: exit 2, no app
            return run_app(data_dir=args.data_dir, demo=args.demo, assessor=args.assessor)
        from logbook.cli.output import visible_output

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
