"""A logbook that cannot be read when a screen opens on it: what the screens catch, and what
they say.

The caseload list is read once; a candidate's file can be damaged after that, behind the app's
back (cut short, overwritten with something that is not JSON, replaced by another program's
JSON, taken away). Opening the overview or a form on it then says so on the screen, naming the
file and what is wrong with it, changes nothing, and the app keeps running.

What is caught is the store's own errors for a file it cannot use, by the base classes the store
raises them as: `CorruptLogbook` (the logbook named, with the reason: not JSON, no meta table, a
damaged record, a qualification not in the standards, no such file...), `UnreadableFile` (a bare
JSON read), `StoreBusy` (a lock held too long), and `OSError` (the system's refusal). A file
reported here is never written to: the screen that reports it holds no form to save.
"""

from __future__ import annotations

from pathlib import Path

from logbook.store.logbooks import CorruptLogbook
from logbook.store.storage import StoreBusy, UnreadableFile

READ_ERRORS = (CorruptLogbook, UnreadableFile, StoreBusy, OSError)


def what_is_wrong(error: BaseException, path: Path) -> tuple[Path, str]:
    """The file that could not be read (the store's word for it, else `path`) and why."""
    if isinstance(error, CorruptLogbook):
        return Path(error.path), error.reason
    if isinstance(error, OSError):
        return path, f"it cannot be read ({error.strerror or 'the system refused it'})"
    return path, str(error)


def cannot_open(error: BaseException, path: Path) -> str:
    """Why the logbook at `path` could not be opened, in words: the file, what is wrong, and
    that nothing was changed (shown through Plain: the name and reason are shown as text)."""
    path, reason = what_is_wrong(error, path)
    return (
        f"Could not open {path.name}: {reason}. Nothing was changed; the file is in "
        f"{path.parent}. Escape goes back."
    )
