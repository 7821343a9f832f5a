"""Where the caseload lives: --data-dir, then LOGBOOK_DATA_DIR, then the user's data folder; and
where what is the user's alone is kept (`state_folder`)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "LOGBOOK_DATA_DIR"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir("logbook", appauthor=False))


def state_folder() -> Path:
    """The user's own state folder for logbook (XDG_STATE_HOME/logbook on Linux): what only the
    user's own runs may vouch for (the caseload's index, the record of verified files), kept out
    of every data folder, which may be a copy, a restore, a synced or a shared folder."""
    return Path(platformdirs.user_state_dir("logbook", appauthor=False))
