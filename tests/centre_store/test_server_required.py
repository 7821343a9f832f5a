"""Without a PostgreSQL server the centre tests skip and say how to install one; in CI
(LOGBOOK_REQUIRE_POSTGRES=1, set by .ci/run) the same absence fails the run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ONE_TEST = (
    "tests/centre_store/test_centre_store.py"
    "::test_no_application_role_holds_update_delete_or_truncate"
)


def run_without_server(tmp_path, **env):
    full = {k: v for k, v in os.environ.items() if k != "LOGBOOK_REQUIRE_POSTGRES"}
    full.update(LOGBOOK_PG_BINDIR=str(tmp_path / "no-server-here"), **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", ONE_TEST],
        capture_output=True, text=True, cwd=REPO, env=full, timeout=120,
    )  # fmt: skip


def test_no_server_skips_with_how_to_install_it(tmp_path):
    result = run_without_server(tmp_path)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "apt-get install postgresql" in result.stdout


def test_no_server_fails_when_the_centre_tests_are_required(tmp_path):
    result = run_without_server(tmp_path, LOGBOOK_REQUIRE_POSTGRES="1")
    assert result.returncode == 1, result.stdout
    assert "1 error" in result.stdout
    assert "LOGBOOK_REQUIRE_POSTGRES=1: these tests must run" in result.stdout
