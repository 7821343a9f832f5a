"""`--assessor NAME`: who the command line records as, for the commands that write.

First found wins: `--assessor NAME`, then `$LOGBOOK_ASSESSOR`, then the settings file in the
user's config folder (`logbook.store.settings`); a command that writes with none of them
records the login name. A name that breaks the rule on text, or a settings file that cannot be
used, is bad input (exit 2): nothing is written under a name nobody chose.
"""

from __future__ import annotations

import getpass

from logbook.cli.errors import CommandError
from logbook.store.settings import (
    ENV_VAR,
    AssessorRefused,
    SettingsDamaged,
    named_assessor,
    saved_assessor,
)


def add_option(parser) -> None:
    parser.add_argument(
        "--assessor",
        metavar="NAME",
        help=f"who you are, for what you record (default: ${ENV_VAR}, else the name kept in "
        "the settings file, which the app asks for on first start)",
    )


def named(args) -> str | None:
    """The name given by --assessor or LOGBOOK_ASSESSOR, checked; None when neither gave one."""
    try:
        found = named_assessor(args.assessor)
    except AssessorRefused as error:
        raise CommandError(f"{error}; nothing was done") from None
    return found[0] if found else None


def assessor(args) -> str:
    """Who a command that writes records as."""
    name = named(args)
    if name is not None:
        return name
    try:
        return saved_assessor() or getpass.getuser()
    except SettingsDamaged as error:
        raise CommandError(
            f"{error}; nothing was done: put it right or remove it (the app writes a new one), "
            "or give your name with --assessor NAME"
        ) from None
