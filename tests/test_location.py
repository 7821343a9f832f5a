"""Where the caseload lives: --data-dir, then LOGBOOK_DATA_DIR, then the user's data folder."""

from pathlib import Path

from logbook.store.location import data_dir


def test_explicit_folder_wins_over_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LOGBOOK_DATA_DIR", str(tmp_path / "env"))
    assert data_dir(tmp_path / "flag") == tmp_path / "flag"


def test_environment_wins_over_default(monkeypatch, tmp_path):
    monkeypatch.setenv("LOGBOOK_DATA_DIR", str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"


def test_default_is_the_users_data_folder():
    default = data_dir()
    assert default.name == "logbook"
    assert str(default).startswith(str(Path.home()))
