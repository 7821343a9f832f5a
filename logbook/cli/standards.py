"""`logbook standards list | show | check | add`: the qualifications as the awarding bodies give
them, with the units a centre has added from its own unit specifications.

Every command uses the standards of the data folder (`--data-dir`, else `$LOGBOOK_DATA_DIR`,
else the user's data folder): the shipped files, with the centre's files in its `standards/`
folder merged in. Reading never creates the data folder; `add` does.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

from logbook.cli.errors import EXIT_OK, EXIT_PROBLEM, CommandError
from logbook.cli.output import print_json
from logbook.domain.combination import UnitChoiceError, UnknownUnitsError, check_combination
from logbook.domain.combination import describe_rule as rule_words
from logbook.domain.standards import CONTEXT_NAMES, Qualification, Unit
from logbook.qualifications import (
    CHECKED_NAME,
    SCHEMA_NAME,
    Library,
    StandardsError,
    centre_files,
    centre_folder,
    checked_digests,
    checked_record,
    default_library,
    library_for,
    merge_centre_file,
    not_a_plain_file,
    read_centre_file,
    read_standards_bytes,
)
from logbook.store.location import data_dir

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.json$")


def add_commands(commands) -> None:
    parser = commands.add_parser(
        "standards",
        help="list, show and check the qualification standards; add a centre's unit file",
        description=(
            "The qualification standards: the shipped ones, with the units a centre has added "
            "to its data folder ('standards add')."
        ),
    )
    sub = parser.add_subparsers(dest="standards_command", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help="every qualification, and where its units come from")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(run=run_list)

    show = sub.add_parser(
        "show",
        help="a qualification's structure, rules and their sources, or one unit in full",
    )
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

    add = sub.add_parser(
        "add",
        help="add a centre's file of unit specifications to the data folder",
        description=(
            "Check FILE (a centre's units in the standards schema: the qualification it "
            "'extends', its 'source', the units it 'replaces' and 'adds'; see standards/README.md) "
            "and copy it into the data folder's standards/ folder. From then on the app and "
            "every command on that data folder use its units. A file of the same name is "
            "replaced. A file that cannot be used is refused with its place and reason, and "
            "nothing changes. Exit 0 added, 2 refused."
        ),
    )
    add.add_argument("file", metavar="FILE", help="a JSON file of a qualification's units")
    add.add_argument("--json", action="store_true", help="print JSON")
    add.set_defaults(run=run_add)


def _library(args) -> Library:
    library = library_for(data_dir(args.data_dir))
    for problem in library.problems:
        print(f"logbook: standards file refused: {problem}", file=sys.stderr)
    return library


def qualification(args) -> Qualification:
    try:
        return _library(args).get(args.qualification)
    except KeyError as error:
        raise CommandError(error.args[0]) from None


def _origins(qual: Qualification) -> list[dict]:
    """Each file the qualification's units come from, and how many."""
    counts: dict[str, int] = {qual.source_file: 0}  # the shipped file first
    for unit in qual.units:
        counts[unit.source_file] = counts.get(unit.source_file, 0) + 1
    return [
        {"file": name, "centre": name != qual.source_file, "units": n}
        for name, n in counts.items()
        if n
    ]


def run_list(args) -> int:
    library = _library(args)
    rows = [
        {
            "id": q.id,
            "title": q.title,
            "awarding_body": q.awarding_body,
            "level": q.level,
            "accreditation_number": q.accreditation_number,
            "units": len(q.units),
            "units_title_only": sum(u.title_only for u in q.units),
            "unit_files": _origins(q),
        }
        for q in library
    ]
    if args.json:
        print_json(rows)
        return EXIT_OK
    width = max((len(r["id"]) for r in rows), default=2)
    for row in rows:
        print(f"{row['id']:<{width}}  {row['title']}  ({row['units']} units)")
        if any(origin["centre"] for origin in row["unit_files"]):
            for origin in row["unit_files"]:
                kind = "the centre's file" if origin["centre"] else "shipped"
                print(f"{'':<{width}}    {origin['units']:>3} from {origin['file']} ({kind})")
    return EXIT_OK


def unit_json(unit: Unit) -> dict:
    return {
        "code": unit.code,
        "aliases": list(unit.aliases),
        "title": unit.title,
        "level": unit.level,
        "credits": unit.credits,
        "glh": unit.glh,
        "group": unit.group,
        "refs": unit.refs,
        "assessed_as_whole": unit.assessed_as_whole,
        "title_only": unit.title_only,
        "source_file": unit.source_file,
        "from_centre": unit.from_centre,
        "centre_source": unit.centre_source or None,
        "contexts": {
            "performance": list(unit.contexts.performance),
            "knowledge": list(unit.contexts.knowledge),
            "basis": unit.contexts.basis,
            "simulation_reasons": list(unit.contexts.simulation_reasons),
        },
        "items": [
            {"code": i.code, "kind": i.kind, "text": i.text, "parent": i.parent} for i in unit.items
        ],
    }


def qualification_json(qual: Qualification) -> dict:
    return {
        "id": qual.id,
        "title": qual.title,
        "awarding_body": qual.awarding_body,
        "level": qual.level,
        "source": {"document": qual.source, "file": qual.source_file, "notes": list(qual.notes)},
        "centre_files": list(qual.centre_files),
        "minimum_age": (
            {"years": qual.minimum_age.years, "source": qual.minimum_age.source}
            if qual.minimum_age
            else None
        ),
        "simulation": (
            {
                "reasons": [{"id": r.id, "text": r.text} for r in qual.simulation_reasons],
                "source": qual.simulation_source,
            }
            if qual.simulation_reasons
            else None
        ),
        "groups": [
            {
                "id": g.id,
                "title": g.title,
                "mandatory": g.mandatory,
                "units": [u.code for u in qual.units_in(g.id)],
            }
            for g in qual.groups
        ],
        "rules": [
            {
                "type": r.type,
                "words": rule_words(qual, r),
                "source": r.source or None,
                "reading": r.reading or None,
            }
            for r in qual.rules
        ],
        "units": [unit_json(u) for u in qual.units],
    }


def _unit(qual: Qualification, code: str) -> Unit:
    unit = qual.unit(code)
    if unit is None:
        raise CommandError(str(UnknownUnitsError(qual, [code])), {"unknown": [code]})
    return unit


def run_show(args) -> int:
    qual = qualification(args)
    if args.unit:
        unit = _unit(qual, args.unit)
        if args.json:
            print_json(unit_json(unit))
        else:
            print_unit(qual, unit)
        return EXIT_OK
    if args.json:
        print_json(qualification_json(qual))
        return EXIT_OK
    print_qualification(qual)
    return EXIT_OK


def _wrap(text: str, indent: str, more: str = "  ") -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent + more)


def print_qualification(qual: Qualification) -> None:
    print(qual.title)
    print(f"{qual.awarding_body}, Level {qual.level}", end="")
    print(f", {qual.accreditation_number}" if qual.accreditation_number else "")
    print(_wrap(f"From {qual.source_file}: {qual.source}", "", ""))
    for name in qual.centre_files:
        print(f"Units marked * come from the centre's file {name}")
    for group in qual.groups:
        kind = "mandatory" if group.mandatory else "optional"
        print(f"\n{group.name[0].upper() + group.name[1:]} ({kind})")
        for unit in qual.units_in(group.id):
            credits = f"  {unit.credits} credits" if unit.credits else ""
            also = f"  (also {', '.join(unit.aliases)})" if unit.aliases else ""
            marks = "  (title only)" if unit.title_only else ""
            star = " *" if unit.from_centre else ""
            print(f"  {unit.code:<5} L{unit.level}  {unit.title}{credits}{also}{marks}{star}")
    print("\nWorking contexts, and where they are written")
    kinds: dict[tuple, list[str]] = {}
    for unit in qual.units:
        key = (unit.contexts.performance, unit.contexts.knowledge, unit.contexts.basis)
        kinds.setdefault(key, []).append(unit.code)
    for (performance, knowledge, basis), codes in kinds.items():
        said = (
            f"- {_listed(codes)}: performance evidence from {_contexts(performance)}; "
            f"knowledge evidence from {_contexts(knowledge)}"
        )
        print(_wrap(said, "  "))
        print(_wrap(basis, "      ", ""))
    print("\nRules of combination, and where they are written")
    for rule in qual.rules:
        print(_wrap(f"- {rule_words(qual, rule)}", "  "))
        if rule.source:
            print(_wrap(rule.source, "      ", ""))
        if rule.reading:
            print(_wrap(f"Reading: {rule.reading}", "      ", ""))
    print("\nMinimum age")
    if qual.minimum_age:
        print(_wrap(f"{qual.minimum_age.years}: {qual.minimum_age.source}", "  "))
    else:
        print("  none: the document writes no age rule for this qualification")
    if qual.simulation_reasons:
        print("\nSimulation counts only with one of these reasons recorded")
        for reason in qual.simulation_reasons:
            print(_wrap(f"- {reason.text} ({reason.id})", "  "))
        print(_wrap(qual.simulation_source, "      ", ""))


def _contexts(contexts: tuple[str, ...]) -> str:
    return ", ".join(CONTEXT_NAMES[c] for c in contexts)


def _listed(codes: list[str]) -> str:
    shown = ", ".join(codes[:12])
    return f"units {shown}" + (f" and {len(codes) - 12} more" if len(codes) > 12 else "")


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
    if unit.aliases:
        facts.append("also typed as " + ", ".join(unit.aliases))
    print(", ".join(facts))
    if unit.from_centre:
        print(_wrap(f"From the centre's file {unit.source_file}: {unit.centre_source}", "", ""))
    else:
        print(_wrap(f"From {unit.source_file}: {qual.source}", "", ""))
    names = ", ".join(CONTEXT_NAMES[c] for c in unit.contexts.performance)
    print(f"Performance evidence from: {names}")
    names = ", ".join(CONTEXT_NAMES[c] for c in unit.contexts.knowledge)
    print(f"Knowledge evidence from: {names}")
    if unit.contexts.simulation_reasons:
        print(
            "Simulation counts only with its reason recorded: "
            + ", ".join(unit.contexts.simulation_reasons)
        )
    print(_wrap(f"Where this is written: {unit.contexts.basis}", "", ""))
    if unit.title_only:
        print(
            "Given by title only: the unit is one item, and sign-off asks the assessor to "
            "confirm the whole unit's criteria were covered."
        )
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
    qual = qualification(args)
    try:
        result = check_combination(qual, args.units)
    except UnitChoiceError as error:
        details = {"unknown": error.unknown, "repeated": [c for c, _ in error.repeated]}
        raise CommandError(str(error), details) from None
    if args.json:
        print_json(
            {
                "qualification": qual.id,
                "units": [u.code for u in result.units],
                "counted": [u.code for u in result.counted or result.units],
                "achieved": result.achieved,
                "unmet": list(result.unmet),
                "remarks": list(result.remarks),
            }
        )
    else:
        if result.achieved:
            print(f"Achieves {qual.title}.")
        else:
            print(f"Does not yet achieve {qual.title}:")
            for reason in result.unmet:
                print(f"  - {reason}")
        for remark in result.remarks:
            print(_wrap(f"Note: {remark}", "", "  "))
    return EXIT_OK if result.achieved else EXIT_PROBLEM


def run_add(args) -> int:
    from logbook.store.storage import atomic_write, ensure_private_dir

    source = Path(args.file).expanduser()
    if not source.is_file():
        raise CommandError(f"{source} is not a file")
    if not SAFE_NAME.match(source.name) or source.name == SCHEMA_NAME:
        raise CommandError(
            f"{source.name!r}: name the file with letters, digits, '.', '_' and '-', ending "
            ".json (not schema.json)"
        )
    folder = data_dir(args.data_dir)
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"the data folder {folder} is not a folder")
    shipped = default_library()
    try:
        # read once: the bytes checked are the bytes copied, and the sha256 kept is theirs
        raw = read_standards_bytes(source)
        centre = read_centre_file(source, shipped, raw=raw)
        # merged after the centre's other files, as it will be: a file of the same name is
        # the one this replaces
        merged = shipped.get(centre.extends)
        checked = checked_digests(folder)
        for other in centre_files(folder):
            if other.name == source.name or not_a_plain_file(other):
                continue  # a link, pipe or folder is never read, as when loaded
            try:
                earlier = read_centre_file(other, shipped, checked=checked)
            except StandardsError:
                continue  # a broken file is left out, as it is when loaded
            if earlier.extends == centre.extends:
                merged = merge_centre_file(merged, earlier)
        merged = merge_centre_file(merged, centre)
    except StandardsError as error:
        raise CommandError(
            f"{error}; nothing was added",
            {"file": error.path.name, "where": error.where, "problem": error.problem},
        ) from None
    target = centre_folder(folder) / source.name
    replaced_file = target.exists()
    try:
        ensure_private_dir(folder)
        ensure_private_dir(centre_folder(folder))
        atomic_write(target, raw)
        # checked against the schema now: not again on each start while its content is this
        atomic_write(centre_folder(folder) / CHECKED_NAME, checked_record(folder, centre))
    except OSError as error:
        raise CommandError(f"cannot write {target}: {error.strerror}; nothing was added") from None
    replaced = [unit.code for unit, _ in centre.replaces]
    added = [unit.code for unit, _ in centre.adds]
    if args.json:
        print_json(
            {
                "file": str(target),
                "qualification": merged.id,
                "replaces": replaced,
                "adds": added,
                "replaced_earlier_copy": replaced_file,
                "units": {code: len(merged.unit(code).items) for code in [*replaced, *added]},
            }
        )
        return EXIT_OK
    print(
        f"Added {source.name} to {centre_folder(folder)}"
        + (" (replacing the earlier copy)" if replaced_file else "")
    )
    for code in replaced:
        unit = merged.unit(code)
        print(f"  replaces {merged.id} unit {code} {unit.title}: {len(unit.items)} items")
    for code in added:
        unit = merged.unit(code)
        print(f"  adds {merged.id} unit {code} {unit.title}: {len(unit.items)} items")
    return EXIT_OK
