"""`logbook export | import | verify | demo | candidates`: the caseload from the command line."""

from __future__ import annotations


def add_commands(commands) -> None:
    return None
