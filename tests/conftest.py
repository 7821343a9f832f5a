"""Shared fixtures: real folders, real files, the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


TEST_ASSESSOR = "Test Assessor"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test touches the real user's data or config folder. The user's settings file names
    TEST_ASSESSOR, so the app does not ask for a name at start: the tests of the first start
    remove it (see `settings_file`)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.delenv("LOGBOOK_DATA_DIR", raising=False)
    monkeypatch.delenv("LOGBOOK_ASSESSOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    config = home / ".config" / "logbook"
    config.mkdir(parents=True, mode=0o700)
    settings = config / "settings.json"
    settings.write_text(json.dumps({"assessor": TEST_ASSESSOR}), encoding="utf-8")
    settings.chmod(0o600)


@pytest.fixture
def settings_file() -> Path:
    """The settings file the app and the command line use in this test (it names
    TEST_ASSESSOR until the test changes or removes it)."""
    return Path(os.environ["XDG_CONFIG_HOME"]) / "logbook" / "settings.json"


@pytest.fixture
def data_dir(tmp_path) -> Path:
    path = tmp_path / "caseload"
    path.mkdir()
    return path


def run_cli(
    *args, env=None, input=None, cwd=None, timeout=120, preexec_fn=None
) -> subprocess.CompletedProcess:
    """Run the real `logbook` command line in a child process (`preexec_fn`: run in the child
    before it starts, to limit it)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "logbook", *map(str, args)],
        capture_output=True,
        text=True,
        env=full_env,
        input=input,
        cwd=cwd,
        timeout=timeout,
        preexec_fn=preexec_fn,
    )


@pytest.fixture
def cli():
    return run_cli
