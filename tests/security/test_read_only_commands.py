"""Commands that only read never change the data folder's permissions.

A caseload may live in a shared folder on a centre's server with setgid and sticky bits; the
program used to chmod it to 0700 whenever it opened it, even to list it. Now reading leaves an
existing folder exactly as it is; a folder the program creates is 0700 (personal data); a save
takes group and other access away and keeps the folder's other bits (tests/store).
"""

from __future__ import annotations

import os
import shutil
import stat

import pytest

from logbook.store.caseload import Caseload
from tests.security.helpers import here, write_template

SHARED = 0o3770  # setgid, sticky, and the group may read and write


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return write_template(tmp_path_factory.mktemp("demo") / "caseload")


@pytest.mark.parametrize(
    "command",
    [
        ["candidates"],
        ["candidates", "--json"],
        ["verify"],
        ["export", "Priya Shah", "-o", "{out}/priya.json"],
        ["export", "--all", "-o", "{out}/all"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_a_read_only_command_leaves_the_folders_permissions_alone(template, tmp_path, command):
    folder = tmp_path / "shared"
    shutil.copytree(template, folder)
    Caseload(folder).index_path.unlink(missing_ok=True)  # so that listing writes it
    folder.chmod(SHARED)
    out = tmp_path / "out"
    out.mkdir()
    result = here("--data-dir", folder, *[part.format(out=out) for part in command])
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(folder.stat().st_mode) == SHARED


def test_a_folder_the_program_creates_is_private(template, tmp_path):
    previous = os.umask(0)
    try:
        export = tmp_path / "priya.json"
        assert here("--data-dir", template, "export", "Priya Shah", "-o", export).returncode == 0
        created = tmp_path / "new" / "caseload"
        assert here("--data-dir", created, "import", export).returncode == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(created.stat().st_mode) == 0o700
    assert stat.S_IMODE((created / ".keys").stat().st_mode) == 0o700
