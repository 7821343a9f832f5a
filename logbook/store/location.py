"""Where the caseload lives: --data-dir, then LOGBOOK_DATA_DIR, then the user's data folder."""

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
