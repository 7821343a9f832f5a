"""`logbook standards list | show | check`: the qualifications as the awarding bodies give them."""

from __future__ import annotations

import sys
import textwrap

from logbook.cli.errors import EXIT_OK, EXIT_PROBLEM, CommandError
from logbook.cli.output import print_json
from logbook.domain.combination import UnknownUnitsError, check_combination
from logbook.domain.standards import CONTEXT_NAMES, Qualification, Unit
from logbook.qualifications import default_library


def add_commands(commands) -> None:
    parser = commands.add_parser(
        "standards", help="list, show and check the qualification standards"
    )
    sub = parser.add_subparsers(dest="standards_command", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help="every qualification")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(run=run_list)

    show = sub.add_parser("show", help="a qualification's structure, or one unit in full")
    show.add_argument("qualification", metavar="QUAL", help="qualification id (see 'list')")
    show.add_argument("unit", metavar="UNIT", nargs="?", help="unit number as printed (301, F3)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=run_show)

    check = sub.add_parser(
        "check",
        help="does a set of units achieve the qualification? exit 0 yes, 1 no, 2 bad input",
    )
    check.add_argument("qualification", metavar="QUAL")
    check.add_argument("units", metavar="UNIT", nargs="+", help="units as printed: 301 7 F3 1")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.set_defaults(run=run_check)


def _library():
    library = default_library()
    for problem in library.problems:
        print(f"logbook: standards file refused: {problem}", file=sys.stderr)
    return library


def qualification(qualification_id: str) -> Qualification:
    try:
        return _library().get(qualification_id)
    except KeyError as error:
        raise CommandError(error.args[0]) from None


def run_list(args) -> int:
    library = _library()
    rows = [
        {
            "id": q.id,
            "title": q.title,
            "awarding_body": q.awarding_body,
            "level": q.level,
            "accreditation_number": q.accreditation_number,
            "units": len(q.units),
        }
        for q in library
    ]
    if args.json:
        print_json(rows)
        return EXIT_OK
    width = max((len(r["id"]) for r in rows), default=2)
    for row in rows:
        print(f"{row['id']:<{width}}  {row['title']}  ({row['units']} units)")
    return EXIT_OK


def unit_json(unit: Unit) -> dict:
    return {
        "code": unit.code,
        "title": unit.title,
        "level": unit.level,
        "credits": unit.credits,
        "glh": unit.glh,
        "group": unit.group,
        "refs": unit.refs,
        "assessed_as_whole": unit.assessed_as_whole,
        "contexts": {
            "performance": list(unit.contexts.performance),
            "knowledge": list(unit.contexts.knowledge),
        },
        "items": [
            {"code": i.code, "kind": i.kind, "text": i.text, "parent": i.parent} for i in unit.items
        ],
    }


def run_show(args) -> int:
    qual = qualification(args.qualification)
    if args.unit:
        unit = qual.unit(args.unit)
        if unit is None:
            raise CommandError(str(UnknownUnitsError(qual, [args.unit])))
        if args.json:
            print_json(unit_json(unit))
        else:
            print_unit(qual, unit)
        return EXIT_OK
    if args.json:
        print_json(
            {
                "id": qual.id,
                "title": qual.title,
                "awarding_body": qual.awarding_body,
                "level": qual.level,
                "groups": [
                    {
                        "id": g.id,
                        "title": g.title,
                        "mandatory": g.mandatory,
                        "units": [u.code for u in qual.units_in(g.id)],
                    }
                    for g in qual.groups
                ],
                "units": [unit_json(u) for u in qual.units],
            }
        )
        return EXIT_OK
    print(qual.title)
    print(f"{qual.awarding_body}, Level {qual.level}", end="")
    print(f", {qual.accreditation_number}" if qual.accreditation_number else "")
    for group in qual.groups:
        kind = "mandatory" if group.mandatory else "optional"
        print(f"\n{group.name[0].upper() + group.name[1:]} ({kind})")
        for unit in qual.units_in(group.id):
            credits = f"  {unit.credits} credits" if unit.credits else ""
            print(f"  {unit.code:<5} L{unit.level}  {unit.title}{credits}")
    return EXIT_OK


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent + "  ")


def print_unit(qual: Qualification, unit: Unit) -> None:
    print(f"{qual.title}: unit {unit.code}")
    print(unit.title)
    facts = [f"Level {unit.level}"]
    if unit.credits:
        facts.append(f"{unit.credits} credits")
    if unit.glh:
        facts.append(f"{unit.glh} guided learning hours")
    facts.append(qual.group(unit.group).name)
    facts.extend(f"{k.upper()} {v}" for k, v in unit.refs.items() if k in ("qca", "uan"))
    print(", ".join(facts))
    names = ", ".join(CONTEXT_NAMES[c] for c in unit.contexts.performance)
    print(f"Performance evidence from: {names}")
    if unit.assessed_as_whole:
        print("The source gives only the title: the unit is assessed as a whole.")
    for element in unit.elements:
        # a long title wraps under itself, not onto a blank line at a criterion's indent
        print()
        print(
            textwrap.fill(
                f"{element.code} {element.title}",
                width=100,
                subsequent_indent=" " * (len(element.code) + 1),
            )
        )
        for criterion in element.criteria:
            print(_wrap(f"{criterion.code}  {criterion.text}", "  "))
    if unit.knowledge:
        print("\nKnowledge and understanding")
        for item in unit.knowledge:
            print(_wrap(f"{item.code}  {item.text}", "  "))
    if unit.evidence_requirements:
        print("\nEvidence requirements")
        for requirement in unit.evidence_requirements:
            print(_wrap(f"{requirement.code}  {requirement.text}", "  "))
            for item in requirement.range:
                print(_wrap(f"{item.code}  {item.text}", "    "))


def run_check(args) -> int:
    qual = qualification(args.qualification)
    try:
        result = check_combination(qual, args.units)
    except UnknownUnitsError as error:
        raise CommandError(str(error)) from None
    if args.json:
        print_json(
            {
                "qualification": qual.id,
                "units": [u.code for u in result.units],
                "achieved": result.achieved,
                "unmet": list(result.unmet),
            }
        )
    elif result.achieved:
        print(f"Achieves {qual.title}.")
    else:
        print(f"Does not yet achieve {qual.title}:")
        for reason in result.unmet:
            print(f"  - {reason}")
    return EXIT_OK if result.achieved else EXIT_PROBLEM
