"""The user's settings: who the assessor is, kept in a JSON file in the user's config folder.

Who records, first found wins: `--assessor NAME` on the command line, then `$LOGBOOK_ASSESSOR`,
then the settings file (`settings.json` in `platformdirs.user_config_dir("logbook")`,
`~/.config/logbook` on Linux); when none says, the app asks once and saves the answer there.

The settings file is the user's own: written whole or not at all (`atomic_write`), readable by
its owner only (0600, in a 0700 folder). What is found in it is checked like anything read from
a file: a plain file of the user's, at most MAX_SETTINGS_BYTES, a JSON object, and the name held
to the same rule on text as any name typed. A file that is not is reported by `SettingsDamaged`,
saying what is wrong; it is never a reason not to start.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from logbook.domain.assessor import assessor_name_problem, clean_assessor_name
from logbook.domain.text import visible
from logbook.store.storage import DIR_MODE, atomic_write

ENV_VAR = "LOGBOOK_ASSESSOR"
SETTINGS_FILE = "settings.json"
MAX_SETTINGS_BYTES = 64 * 1024
COMMAND_LINE = "--assessor"


class AssessorRefused(ValueError):
    """A name given for the assessor that breaks the rule on text; says where and what to fix."""


class SettingsDamaged(ValueError):
    """A settings file that cannot be used, with where it is and what is wrong with it."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(
            f"the settings file {visible(str(path), multiline=False)} cannot be used: {reason}"
        )


@dataclass(frozen=True)
class KnownAssessor:
    """Who the assessor is, as far as the command line, the environment and the settings file
    say: `name` is None when none of them does (the app then asks); `source` says which one
    did; `problems` what was passed over on the way, and why."""

    name: str | None
    source: str = ""
    problems: tuple[str, ...] = ()


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir("logbook", appauthor=False)) / SETTINGS_FILE


def checked_name(name: str, where: str) -> str:
    """`name` as stored; AssessorRefused, naming `where` it came from, if it breaks the rule."""
    problem = assessor_name_problem(name)
    if problem:
        raise AssessorRefused(f"{where}: {problem}")
    return clean_assessor_name(name)


def named_assessor(given: str | None = None) -> tuple[str, str] | None:
    """The name given by `--assessor`, else by LOGBOOK_ASSESSOR, and which of them gave it;
    None when neither did. AssessorRefused when the name given breaks the rule on text."""
    if given is not None:
        return checked_name(given, COMMAND_LINE), COMMAND_LINE
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return checked_name(from_env, ENV_VAR), ENV_VAR
    return None


def _read(path: Path) -> bytes | None:
    """The bytes of the settings file, or None if there is none; never follows a link, never
    blocks on a pipe, never reads more than MAX_SETTINGS_BYTES."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise SettingsDamaged(path, "it is a symbolic link, not a file") from None
        raise SettingsDamaged(path, f"it cannot be read ({error.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SettingsDamaged(path, "it is not a plain file")
        if info.st_uid != os.getuid():
            raise SettingsDamaged(path, f"it belongs to another user (uid {info.st_uid})")
        if info.st_size > MAX_SETTINGS_BYTES:
            raise SettingsDamaged(
                path, f"it is {info.st_size:,} bytes, more than a settings file holds"
            )
        raw = os.read(fd, MAX_SETTINGS_BYTES + 1)
    except OSError as error:
        raise SettingsDamaged(path, f"it cannot be read ({error.strerror})") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_SETTINGS_BYTES:
        raise SettingsDamaged(path, "it is more than a settings file holds")
    return raw


def read_settings(path: Path | None = None) -> dict:
    """The settings in the file (empty when there is none); SettingsDamaged if it is unusable."""
    path = path or settings_path()
    raw = _read(path)
    if raw is None:
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SettingsDamaged(path, "it is not text (UTF-8)") from None
    except ValueError as error:
        raise SettingsDamaged(path, f"it is not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise SettingsDamaged(path, "it is not a JSON object of settings")
    return data


def saved_assessor(path: Path | None = None) -> str | None:
    """The assessor's name in the settings file; None when it holds none."""
    path = path or settings_path()
    name = read_settings(path).get("assessor")
    if name is None:
        return None
    if not isinstance(name, str):
        raise SettingsDamaged(path, "its assessor is not a text")
    problem = assessor_name_problem(name)
    if problem:
        raise SettingsDamaged(path, f"its assessor name is refused: {problem}")
    return clean_assessor_name(name)


def known_assessor(given: str | None = None, path: Path | None = None) -> KnownAssessor:
    """Who the assessor is: `given` (from --assessor), else LOGBOOK_ASSESSOR, else the settings
    file; a name of None when none says. A refused `given` raises AssessorRefused; a refused
    LOGBOOK_ASSESSOR or a damaged settings file is passed over and said in `problems`."""
    problems: list[str] = []
    if given is not None:
        return KnownAssessor(checked_name(given, COMMAND_LINE), COMMAND_LINE)
    try:
        named = named_assessor()
    except AssessorRefused as error:
        problems.append(f"{error}; it was not used")
    else:
        if named is not None:
            return KnownAssessor(*named)
    path = path or settings_path()
    try:
        name = saved_assessor(path)
    except SettingsDamaged as error:
        problems.append(f"{error}; a name saved from the app replaces it")
        name = None
    return KnownAssessor(name, str(path) if name else "", tuple(problems))


def save_assessor(name: str, path: Path | None = None) -> Path:
    """Keep `name` as the assessor's in the settings file, and return the file's path.

    AssessorRefused (and nothing written) if the name breaks the rule on text; OSError if the
    file cannot be written. Other settings in the file are kept; a damaged file is replaced."""
    name = checked_name(name, "the assessor's name")
    path = path or settings_path()
    try:
        settings = read_settings(path)
    except SettingsDamaged:
        settings = {}  # replaced whole: it was said to be damaged when it was read
    settings["assessor"] = name
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    info = folder.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
        folder.chmod(DIR_MODE)
    payload = json.dumps(settings, indent=2, ensure_ascii=False) + "\n"
    atomic_write(path, payload.encode("utf-8"))
    return path
