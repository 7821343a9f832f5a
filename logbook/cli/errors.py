"""What every command shares: exit codes and the bad-input error."""

EXIT_OK, EXIT_PROBLEM, EXIT_BAD_INPUT = 0, 1, 2


class CommandError(Exception):
    """Bad input: printed on stderr as 'logbook: ...', exit 2, nothing changed."""
