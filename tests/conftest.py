"""Shared fixtures: real folders, real files, the real command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test touches the real user's data folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("LOGBOOK_DATA_DIR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    path = tmp_path / "caseload"
    path.mkdir()
    return path


def run_cli(*args, env=None, input=None, cwd=None) -> subprocess.CompletedProcess:
    """Run the real `logbook` command line in a child process."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "logbook", *map(str, args)],
        capture_output=True,
        text=True,
        env=full_env,
        input=input,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture
def cli():
    return run_cli
