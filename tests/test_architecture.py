"""The folder tree is the architecture: imports point one way, and the domain is plain Python."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_domain_imports_no_ui_and_no_database():
    probe = (
        "import sys, pkgutil, importlib, logbook.domain as d\n"
        "for m in pkgutil.iter_modules(d.__path__):\n"
        "    importlib.import_module('logbook.domain.' + m.name)\n"
        "found = ('textual', 'tinydb', 'filelock', 'rich', 'jsonschema', 'psycopg')\n"
        "print(sorted(n for n in found if n in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_import_contracts_hold():
    """lint-imports checks the layers declared in pyproject.toml."""
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint)], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken" in result.stdout


def test_code_is_clean_under_ruff():
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff), "check", "logbook", "tests", "bench"], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, result.stdout
