"""What every command shares: exit codes and the bad-input error."""

EXIT_OK, EXIT_PROBLEM, EXIT_BAD_INPUT = 0, 1, 2


class CommandError(Exception):
    """Bad input: printed on stderr as 'logbook: ...', exit 2, nothing changed. With --json
    it is also printed on stdout as a JSON object: the message, and any `details`."""

    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.details = details or {}


class UsageError(CommandError):
    """The command line itself is wrong (argparse's complaint), with the usage to show."""

    def __init__(self, message: str, usage: str):
        super().__init__(message)
        self.usage = usage
