"""The centre's roles: which login is an assessor, an IQA (and whose candidates they sample),
a lead IQA or an EQA; kept in `.roles.json` in the data folder (0600), changed only by a lead
IQA through `logbook roles` (`logbook.cli.roles`).

Who the user is comes from the operating system's login (`getpass.getuser()`; over SSH, the SSH
user), looked up here: never from a name typed in a form. With no roles file the logbook is the
single assessor's app it always was (`current_person` is None).

With roles, the caseload a person opens is theirs (`RoleCaseload`): an IQA sees the candidates
of the assessors assigned to them, an assessor their own, a lead IQA and an EQA all; an EQA's
caseload writes nothing. The rule of who sees what is the domain's (`Person.may_see`).
"""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path

from logbook.domain.iqa import Person, name_clash, person_for, roles_problems, writer_problems
from logbook.domain.text import visible
from logbook.domain.validation import Problem, RecordRefused
from logbook.store.caseload import ROLES_FILE, Caseload, CaseloadView, UnknownCandidate
from logbook.store.logbooks import LogbookFile
from logbook.store.storage import (
    DamagedFile,
    UnreadableFile,
    atomic_write,
    dump_json,
    locked,
    make_private,
    read_json,
)

FORMAT = "logbook-roles"
MAX_ROLES_BYTES = 1024 * 1024
_FIELDS = {"login", "role", "name", "assessors"}


class DamagedRoles(DamagedFile):
    """The roles file cannot be read or believed: nobody is let in on it."""


def login_name() -> str:
    """Who is logged in, as the operating system says (the SSH user over SSH)."""
    return getpass.getuser()


def roles_path(folder: Path) -> Path:
    return Path(folder) / ROLES_FILE


def read_roles(folder: Path) -> list[Person] | None:
    """The centre's people; None when there is no roles file; DamagedRoles if it is damaged
    or breaks the domain's rule (a login twice, a role that is not one, no lead IQA)."""
    path = roles_path(folder)
    try:
        data = read_json(path, MAX_ROLES_BYTES)
    except (UnreadableFile, RecursionError) as error:
        raise DamagedRoles(path, str(error) or "it is not JSON") from None
    if data is None:
        if path.is_symlink() or path.exists():
            raise DamagedRoles(path, "it is not a plain file")
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DamagedRoles(path, f"it has no format {FORMAT!r}")
    rows = data.get("people")
    if not isinstance(rows, list):
        raise DamagedRoles(path, "'people' must be a list")
    people = []
    for number, row in enumerate(rows, 1):
        if (
            not isinstance(row, dict)
            or set(row) - _FIELDS
            or not all(isinstance(row.get(k), str) for k in ("login", "role", "name"))
            or not isinstance(row.get("assessors", []), list)
            or not all(isinstance(a, str) for a in row.get("assessors", []))
        ):
            raise DamagedRoles(path, f"person {number} is not a login, a role and a name")
        assessors = list(row.get("assessors", []))
        people.append(Person(row["login"], row["role"], row["name"], assessors))
    problems = roles_problems(people)
    if problems:
        raise DamagedRoles(path, problems[0].message)
    return people


def write_roles(
    folder: Path, people: list[Person], by_login: str, setting: Person | None = None
) -> None:
    """Keep `people` as the centre's roles. Refused (RecordRefused, nothing written) unless
    `by_login` is a lead IQA in the file as it stands, or there is no file yet and `by_login`
    makes themself lead IQA; if the roles break the domain's rule; and if the person being set
    (`setting`) takes a name another login has (`name_clash`: the other is never named)."""
    path = roles_path(folder)
    with locked(path):
        current = read_roles(folder)
        who = person_for(current if current is not None else people, by_login)
        if who is None or who.role != "lead_iqa":
            if current is None:
                why = f"the first roles must make you ({by_login}) lead IQA"
            else:
                why = f"only a lead IQA changes the roles; {by_login} is not one"
            raise RecordRefused([Problem("login", why)])
        problems = roles_problems(people)
        clash = name_clash(people, setting) if setting is not None else None
        if clash is not None:
            problems.append(clash)
        if problems:
            raise RecordRefused(problems)
        payload = {
            "format": FORMAT,
            "version": 1,
            "people": [
                {"login": p.login, "role": p.role, "name": p.name, "assessors": p.assessors}
                for p in people
            ],
        }
        make_private(Path(folder))
        atomic_write(path, dump_json(payload))


def current_person(folder: Path, login: str | None = None) -> Person | None:
    """The person logged in, by the roles file; None with no roles file. With a roles file
    that does not name this login, RecordRefused: the app does not open for a stranger."""
    people = read_roles(folder)
    if people is None:
        return None
    login = login or login_name()
    person = person_for(people, login)
    if person is None:
        raise RecordRefused(
            [Problem("login", f"{login!r:.70} is not in the centre's roles: ask a lead IQA")]
        )
    return person


def caseload_for(folder: Path, library=None, login: str | None = None) -> Caseload:
    """The caseload the login may work on: with a roles file, theirs (`RoleCaseload`); with
    none, the whole folder's (`Caseload`). A login the roles file does not name is refused
    (RecordRefused), and so is everyone on a damaged roles file (DamagedRoles)."""
    person = current_person(folder, login)
    if person is None:
        return Caseload(folder, library)
    return RoleCaseload(folder, person, library)


EQA_READ_ONLY = "you are the EQA: the logbooks are read-only"


class _ReadOnlyLogbook(LogbookFile):
    def _transaction(self, by: str, create: bool = False):
        raise RecordRefused([Problem("by", EQA_READ_ONLY)])


class _PersonLogbook(LogbookFile):
    """A logbook as one person of the centre writes it: every change is first asked whether
    that person may write the record at all (`writer_problems`: an assessor records no IQA
    decision), then the logbook's own rules, as for anyone."""

    person: Person

    def _apply(self, db, portfolio, change, *args, **kwargs):
        problems = writer_problems(self.person, change.new)
        if problems:
            raise RecordRefused(problems)
        return super()._apply(db, portfolio, change, *args, **kwargs)


class RoleCaseload(Caseload):
    """The caseload as one person of the centre may see it."""

    def __init__(self, folder: Path, person: Person, library=None):
        super().__init__(folder, library)
        self.person = person

    def visible(self, summary: dict) -> bool:
        return self.person.may_see(summary.get("assessor", ""))

    def whose(self) -> str:
        """Whose candidates this login sees, said to them."""
        if self.person.role in ("lead_iqa", "eqa"):
            return "every candidate"
        if self.person.role == "iqa":
            names = ", ".join(visible(a, multiline=False) for a in self.person.assessors)
            return f"the candidates of {names or 'no assessor yet'}"
        return f"the candidates of {visible(self.person.name, multiline=False)}"

    def import_problems(self, where: str, candidate: dict) -> list[str]:
        def shown(key: str) -> str:
            return visible(str(candidate.get(key, "")), multiline=False)[:60]

        who = f"{shown('name')} ({shown('registration_number')})"
        if self.person.read_only:
            return [f"{where}: {who}: {EQA_READ_ONLY}, nothing is imported"]
        assessor = candidate.get("assessor")
        if not isinstance(assessor, str) or not self.person.may_see(assessor):
            return [
                f"{where}: {who} is a candidate of {shown('assessor') or 'no assessor'}: "
                f"{self.person.login} may add only {self.whose()}"
            ]
        return []

    _viewing = False

    def view(self, today: date | None = None, quick: bool = False) -> CaseloadView:
        self._viewing = True
        try:
            view = super().view(today, quick)
        finally:
            self._viewing = False
        view.summaries = [s for s in view.summaries if self.visible(s)]
        return view

    def logbook(self, candidate_id: str) -> LogbookFile:
        logbook = super().logbook(candidate_id)
        if self.person.role not in ("lead_iqa", "eqa") and logbook.path.exists():
            candidate = logbook.read().candidate
            if not self.person.may_see(candidate.assessor):
                raise UnknownCandidate(f"{candidate_id} is not one of your candidates")
        if self.person.read_only:
            return _ReadOnlyLogbook(logbook.path, logbook.library, logbook.max_bytes)
        if not self.person.samples:
            written = _PersonLogbook(logbook.path, logbook.library, logbook.max_bytes)
            written.person = self.person
            return written
        return logbook

    def files(self) -> list[Path]:
        files = super().files()
        if self._viewing or self.person.role in ("lead_iqa", "eqa"):
            return files
        ids = {s["id"] for s in self.view().summaries}
        return [f for f in files if f.stem in ids]
