"""`logbook roles`: who is who in the centre, by login; changed only by a lead IQA.

    logbook roles                                   # list
    logbook roles set LOGIN ROLE --name NAME [--assessor NAME ...]
    logbook roles remove LOGIN

Who runs the command is their operating system login, never a name typed: `set` and `remove`
are refused unless that login is a lead IQA in the roles file (or, with no file yet, the first
`set` makes that login lead IQA). The rules are the domain's (`logbook.domain.iqa`).
"""

from __future__ import annotations

import dataclasses

from logbook.cli.errors import EXIT_OK, CommandError
from logbook.domain.iqa import ROLE_NAMES, ROLES, Person, person_for
from logbook.domain.text import visible
from logbook.domain.validation import RecordRefused
from logbook.store.location import data_dir
from logbook.store.roles import DamagedRoles, login_name, read_roles, write_roles


def add_commands(commands) -> None:
    roles = commands.add_parser(
        "roles",
        help="list or change who is an assessor, IQA, lead IQA or EQA (by login)",
        description=(
            "The centre's roles, by operating system login. With no roles file the logbook is "
            "one assessor's app. Only a lead IQA changes the roles; the first 'set' must make "
            "the login running it lead IQA."
        ),
    )
    actions = roles.add_subparsers(dest="roles_action", metavar="ACTION")
    put = actions.add_parser("set", help="give a login a role (and an IQA their assessors)")
    put.add_argument("login")
    put.add_argument("role", choices=ROLES)
    put.add_argument("--name", required=True, help="the name the person signs with")
    put.add_argument(
        "--assessor",
        action="append",
        default=[],
        metavar="NAME",
        help="an IQA's assessor, as the logbooks name them (repeat for each)",
    )
    put.set_defaults(run=run_set)
    remove = actions.add_parser("remove", help="take a login out of the roles")
    remove.add_argument("login")
    remove.set_defaults(run=run_remove)
    roles.set_defaults(run=run_list)


def _people(args) -> list[Person] | None:
    try:
        return read_roles(data_dir(args.data_dir))
    except DamagedRoles as error:
        raise CommandError(f"{error}; nothing was changed") from None


def _write(args, people: list[Person], said: str, setting: Person | None = None) -> int:
    folder = data_dir(args.data_dir)
    if not folder.is_dir():
        raise CommandError(f"there is no caseload in {folder}")
    try:
        write_roles(folder, people, login_name(), setting)
    except RecordRefused as refused:
        raise CommandError(
            "; ".join(p.message for p in refused.problems) + "; nothing was changed"
        ) from None
    print(said)
    return EXIT_OK


def run_list(args) -> int:
    people = _people(args)
    if people is None:
        print("No roles: the logbook is one assessor's app. 'logbook roles set' starts them.")
        return EXIT_OK
    for person in people:
        line = f"{person.login}: {ROLE_NAMES[person.role]}, {person.name}"
        if person.assessors:
            line += f"; samples {', '.join(person.assessors)}"
        print(visible(line, multiline=False))
    return EXIT_OK


def run_set(args) -> int:
    people = list(_people(args) or [])
    person = Person(args.login, args.role, args.name.strip(), [a.strip() for a in args.assessor])
    found = person_for(people, args.login)
    if found is not None:
        people[people.index(found)] = dataclasses.replace(person)
    else:
        people.append(person)
    said = f"{args.login} is now {ROLE_NAMES[args.role]} ({args.name.strip()})"
    return _write(args, people, visible(said, multiline=False), person)


def run_remove(args) -> int:
    people = _people(args) or []
    found = person_for(people, args.login)
    if found is None:
        raise CommandError(f"{visible(args.login)!r:.70} is not in the roles; nothing was changed")
    people.remove(found)
    return _write(args, people, f"{args.login} is no longer in the roles")
