"""The package a newcomer installs, runs and tests with two commands."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from logbook import __version__

REPO = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", text, re.S)
    assert first_block, "README.md opens with a code block of the two commands"
    return [line for line in first_block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_two_commands_that_set_themselves_up():
    before = (REPO / "README.md").read_text(encoding="utf-8").split("```")[0]
    assert before.count("\n") <= 4, "the two commands come first"
    run, test = readme_commands()
    for command in (run, test):
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install")
    assert run.endswith(".venv/bin/logbook")
    assert "pytest" in test


def test_ci_runs_the_readme_test_command_and_nothing_clever():
    _, test = readme_commands()
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [
        line for line in script.splitlines() if line.strip() and not line.startswith(("#", "set "))
    ]
    assert commands[-1] == test
    assert "set -euo pipefail" in script


def test_help_lists_every_command(cli):
    result = cli("--help")
    assert result.returncode == 0
    for command in ("standards", "candidates", "export", "import", "verify", "demo"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.M), command


def test_version(cli):
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"logbook {__version__}"


def test_console_script_does_what_python_m_does():
    script = Path(sys.executable).parent / "logbook"
    assert script.exists(), "the package installs a `logbook` console script"
    result = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == f"logbook {__version__}"


def test_unknown_command_is_refused_with_usage(cli):
    result = cli("fly")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_installed_wheel_finds_its_standards(tmp_path):
    """A wheel installed outside the repo carries standards/ and loads it."""
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("logbook-*.whl")
    site = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    env = dict(os.environ, PYTHONPATH=str(site))
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import logbook, logbook.qualifications as q;"
            "lib = q.load_library();"
            "print(logbook.__file__); print(q.standards_dir());"
            "print(sorted(x.id for x in lib)); print(len(lib.problems))",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert probe.returncode == 0, probe.stderr
    module_file, folder, ids, problems = probe.stdout.splitlines()
    assert module_file.startswith(str(site))
    assert folder.startswith(str(site))
    assert "cg-l3-nsvq" in ids and "ocr-l4-diploma" in ids
    assert problems == "0"
    listed = subprocess.run(
        [sys.executable, "-m", "logbook", "standards", "list", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert listed.returncode == 0 and "ocr-l3-diploma" in listed.stdout
