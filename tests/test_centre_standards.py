"""A centre's own unit specifications: a file that replaces or adds units of a shipped
qualification, checked when it is added and merged into the standards of its data folder.

The issue: "102 units ship with their title only ... A centre has the full unit specifications
from the awarding body. Let it add them". The file used here (tests/fixtures/centre-standards/)
holds one OCR Level 4 unit, F5, with criteria invented for the tests.

Every broken file is refused by the real command line (`logbook standards add`, run in this
process for speed; tests/cli/ runs it as a child process too) with its place and its reason,
and leaves the data folder exactly as it was.
"""

from __future__ import annotations

import copy
import json
import os
from datetime import date

import pytest

from logbook.cli import main
from logbook.domain.records import Link, Observation, SignOff
from logbook.domain.validation import RecordRefused
from logbook.qualifications import (
    centre_fingerprint,
    default_library,
    library_for,
    read_centre_file,
)
from logbook.store.caseload import Caseload
from tests.centre import (
    CENTRE_F5,
    F5_ITEMS,
    centre_data,
    install,
    lena,
    snapshot,
    write_json,
)

TODAY = date(2026, 11, 24)
F5_TITLE = "Demonstrate understanding of customer service management"


def add(data_dir, path, capsys, *more) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "standards", "add", str(path), *more])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- what a centre's file does -------------------------------------------------------------------


def test_the_shipped_f5_is_given_by_title_only():
    unit = default_library().get("ocr-l4-diploma").unit("F5")
    assert unit.title_only
    assert [i.code for i in unit.items] == ["F5"]


def test_a_centres_file_replaces_a_title_only_unit_with_its_criteria(tmp_path):
    install(tmp_path)
    qualification = library_for(tmp_path).get("ocr-l4-diploma")
    unit = qualification.unit("F5")
    assert not unit.title_only
    assert [i.code for i in unit.items] == F5_ITEMS
    assert unit.source_file == "ocr-l4-f5-invented.json"
    assert unit.centre_source.startswith("INVENTED FOR THE TESTS")
    assert qualification.centre_files == ("ocr-l4-f5-invented.json",)
    # the rest of the qualification is as shipped, in the same order
    shipped = default_library().get("ocr-l4-diploma")
    assert [u.code for u in qualification.units] == [u.code for u in shipped.units]
    assert qualification.unit("F6") is shipped.unit("F6")
    # and another data folder is not touched by it
    assert library_for(tmp_path / "other").get("ocr-l4-diploma").unit("F5").title_only


def test_a_centres_file_adds_a_unit_to_its_group(tmp_path):
    data = centre_data()
    new = copy.deepcopy(data["replaces"][0])
    new.update(code="Z1", title="TEST: an invented extra unit", refs={}, group="B", level=3)
    for element in new["elements"]:
        element["code"] = element["code"].replace("F5", "Z1")
        for criterion in element["criteria"]:
            criterion["code"] = criterion["code"].replace("F5", "Z1")
    new["evidence_requirements"] = []
    data["adds"] = [new]
    install(tmp_path, data)
    qualification = library_for(tmp_path).get("ocr-l4-diploma")
    group_b = [u.code for u in qualification.units_in("B")]
    assert group_b[-1] == "Z1"
    assert qualification.unit("z1").from_centre
    assert library_for(tmp_path).problems == []


def test_the_merged_standards_are_loaded_once_while_the_files_are_unchanged(tmp_path):
    install(tmp_path)
    first = library_for(tmp_path)
    assert library_for(tmp_path) is first
    fingerprint = centre_fingerprint(tmp_path)
    data = centre_data()
    data["replaces"][0]["elements"][0]["criteria"].pop()
    install(tmp_path, data)
    assert centre_fingerprint(tmp_path) != fingerprint
    again = library_for(tmp_path)
    assert again is not first
    assert "F5 1.2" not in [i.code for i in again.get("ocr-l4-diploma").unit("F5").items]


def test_coverage_gaps_and_sign_off_work_on_the_centres_unit(tmp_path):
    """Through the store, on a real logbook: the unit's criteria are missing one by one, and
    sign-off is refused until every one is covered."""
    install(tmp_path)
    caseload = Caseload(tmp_path)
    book = caseload.create(lena(), "test", TODAY)
    seen = Observation(
        date=date(2026, 11, 2), links=[Link("F5", "F5 1.1"), Link("F5", "F5 ER1a")],
        venue="Meridian", activity="Ran the weekly review", justification="Met",
        feedback="Good",
    )  # fmt: skip
    book.add(seen, "test", TODAY)
    coverage = book.read(TODAY).coverage("F5")
    assert (coverage.done, coverage.total) == (2, 5)
    assert [i.code for i in coverage.missing] == ["F5 1.2", "F5 2.1", "F5 ER1b"]
    signoff = SignOff(unit="F5", date=TODAY, assessor="M Ellis", candidate_declaration=True)
    with pytest.raises(RecordRefused) as refused:
        book.sign_off(signoff, "test", TODAY)
    assert "unit F5 still needs evidence for 3 of 5: F5 1.2, F5 2.1, F5 ER1b" in str(refused.value)
    rest = Observation(
        date=date(2026, 11, 3), links=[Link("F5", c) for c in ("F5 1.2", "F5 2.1", "F5 ER1b")],
        venue="Meridian", activity="Chaired the review after the outage", justification="Met",
        feedback="Good",
    )  # fmt: skip
    book.add(rest, "test", TODAY)
    book.sign_off(signoff, "test", TODAY)  # F5 lists its criteria: no whole-unit question
    assert book.read(TODAY).is_signed_off("F5")
    # the caseload list follows the centre's file: F5 counts five items
    summary = caseload.view(TODAY).summaries[0]
    assert next(u for u in summary["units"] if u["code"] == "F5")["total"] == 5


def test_the_caseload_list_is_worked_out_again_when_a_centres_file_arrives(tmp_path):
    caseload = Caseload(tmp_path)
    caseload.create(lena(["F5", "F6"]), "test", TODAY)
    before = caseload.view(TODAY).summaries[0]["units"][0]
    assert (before["code"], before["total"]) == ("F5", 1)
    install(tmp_path)
    after = Caseload(tmp_path).view(TODAY).summaries[0]["units"][0]
    assert (after["code"], after["total"], after["missing_count"]) == ("F5", 5, 5)


# --- adding a file ------------------------------------------------------------------------------


def test_add_copies_the_file_privately_and_says_what_it_replaces(tmp_path, capsys):
    data_dir = tmp_path / "caseload"
    code, out, err = add(data_dir, CENTRE_F5, capsys)
    assert (code, err) == (0, "")
    target = data_dir / "standards" / "ocr-l4-f5-invented.json"
    assert target.read_bytes() == CENTRE_F5.read_bytes()
    assert target.stat().st_mode & 0o777 == 0o600
    assert (data_dir / "standards").stat().st_mode & 0o777 == 0o700
    assert f"replaces ocr-l4-diploma unit F5 {F5_TITLE}: 5 items" in out
    # added again (an updated copy under the same name): it replaces the earlier copy
    code, out, _ = add(data_dir, CENTRE_F5, capsys)
    assert code == 0 and "(replacing the earlier copy)" in out


def test_add_with_json(tmp_path, capsys):
    code, out, _ = add(tmp_path, CENTRE_F5, capsys, "--json")
    assert code == 0
    answer = json.loads(out)
    assert answer["replaces"] == ["F5"] and answer["adds"] == []
    assert answer["units"] == {"F5": 5}


def _raw(text: bytes):
    return lambda tmp_path: _write_bytes(tmp_path, text)


# a broken file is offered as an updated copy of the centre's file: it must not replace it
NAME = "ocr-l4-f5-invented.json"


def _write_bytes(tmp_path, payload: bytes):
    path = tmp_path / "in" / NAME
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(payload)
    return path


def _changed(change):
    def make(tmp_path):
        data = centre_data()
        change(data)
        return write_json(tmp_path / "in", NAME, data)

    return make


def _unit(data) -> dict:
    return data["replaces"][0]


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _whole_standard(tmp_path):
    from tests.standards.helpers import load_standard

    return write_json(tmp_path / "in", NAME, load_standard("ocr-l3-nvq.json"))


def _cg(data):
    data["extends"] = "cg-l3-nsvq"
    unit = _unit(data)
    unit.update(code="13", refs={}, level=2, credits=None, glh=None, group="impression")


BROKEN = {
    "not JSON": (_raw(b'{"format": 1,'), "line 1 column 14", "not valid JSON"),
    "not UTF-8": (_raw(b'{"format": 1, "extends": "\xff"}'), "byte 26", "not UTF-8 text"),
    "a JSON array": (_raw(b"[1, 2]"), "", "not a centre's file of units (a JSON array"),
    "nested too deeply": (_raw(_nested(100_000)), "", "nested too deeply"),
    "too large": (_raw(b" " * 5_000_001), "", "larger than 5000000 bytes"),
    "a whole standard": (_whole_standard, "", "a whole qualification standard"),
    "format 2": (_changed(lambda d: d.update(format=2)), "format", "1 was expected"),
    "no source": (_changed(lambda d: d.pop("source")), "", "'source' is a required property"),
    "nothing to add": (
        _changed(lambda d: d.pop("replaces")),
        "",
        "the file replaces and adds no units: give them under 'replaces' or 'adds'",
    ),
    "an unknown key": (
        _changed(lambda d: d.update(units=[])),
        "",
        "Additional properties are not allowed ('units' was unexpected)",
    ),
    "an unknown qualification": (
        _changed(lambda d: d.update(extends="ocr-l5-diploma")),
        "extends",
        "no qualification 'ocr-l5-diploma'; the qualifications are: cg-l3-nsvq,",
    ),
    "a unit the qualification lacks": (
        _changed(lambda d: _unit(d).update(code="F99")),
        "replaces[0].code",
        "has no unit 'F99' to replace: give a new unit under 'adds'",
    ),
    "a shipped unit under adds": (
        _changed(lambda d: d.update(adds=d.pop("replaces"))),
        "adds[0].code",
        "already has unit F5: give it under 'replaces'",
    ),
    "another level": (
        _changed(lambda d: _unit(d).update(level=3)),
        "replaces[0].level",
        "unit F5 has level 4 in ocr-l4-diploma.json, not 3",
    ),
    "other credits": (
        _changed(lambda d: _unit(d).update(credits=12)),
        "replaces[0].credits",
        "unit F5 has credits 10",
    ),
    "another group": (
        _changed(lambda d: _unit(d).update(group="B")),
        "replaces[0].group",
        "unit F5 has group 'A'",
    ),
    "a group the qualification lacks": (
        _changed(lambda d: _unit(d).update(group="Z")),
        "replaces[0].group",
        "no group 'Z'",
    ),
    "another unit's UAN": (
        _changed(lambda d: _unit(d)["refs"].update(uan="D/601/1634")),
        "replaces[0].refs.uan",
        "unit F5 has UAN J/601/1630, not D/601/1634: is this the specification of another unit?",
    ),
    "a unit by its alias": (
        _changed(_cg),
        "replaces[0].code",
        "give unit 205 by its number '205', not '13'",
    ),
    "a code twice": (
        _changed(lambda d: _unit(d)["elements"][1]["criteria"][0].update(code="F5 1.1")),
        "replaces[0].elements[1].criteria[0].code",
        "code 'F5 1.1' is already used at replaces[0].elements[0].criteria[0].code",
    ),
    "another unit's code": (
        _changed(lambda d: _unit(d)["elements"][0].update(code="F6")),
        "replaces[0].elements[0].code",
        "code 'F6' is already used by unit F6",
    ),
    "a whole unit with elements": (
        _changed(lambda d: _unit(d).update(assessed_as_whole=True)),
        "replaces[0].elements",
        "a unit assessed as a whole has no elements",
    ),
    "an escape in a title": (
        _changed(lambda d: _unit(d).update(title="Demonstrate\x1b[2J understanding")),
        "replaces[0].title",
        "the text holds control characters (^[)",
    ),
    "a right-to-left override": (
        _changed(lambda d: _unit(d)["elements"][0].update(title="TEST \u202e weiver")),
        "replaces[0].elements[0].title",
        "control characters (<U+202E>)",
    ),
    "a line break in a criterion": (
        _changed(lambda d: _unit(d)["elements"][0]["criteria"][0].update(text="a\nb")),
        "replaces[0].elements[0].criteria[0].text",
        "control characters (^J)",
    ),
    "an overlong criterion": (
        _changed(lambda d: _unit(d)["elements"][0]["criteria"][0].update(text="x" * 2001)),
        "replaces[0].elements[0].criteria[0].text",
        "the text is longer than 2000 characters",
    ),
    "a code with a slash-dot path": (
        _changed(lambda d: _unit(d)["elements"][0].update(code="../../etc")),
        "replaces[0].elements[0].code",
        "does not match",
    ),
    "an unknown context": (
        _changed(lambda d: _unit(d)["contexts"].update(performance=["home"])),
        "replaces[0].contexts.performance[0]",
        "'home' is not one of ['real_work', 'rwe', 'simulation']",
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_file_is_refused_with_its_place_and_reason_and_changes_nothing(
    tmp_path, capsys, case
):
    make, where, reason = BROKEN[case]
    data_dir = tmp_path / "caseload"
    install(data_dir)  # the centre's good file is there already
    before = snapshot(data_dir)
    path = make(tmp_path)
    code, out, err = add(data_dir, path, capsys)
    assert code == 2
    assert out == ""
    place = f" at {where}" if where else ""
    assert err.startswith(f"logbook: {NAME}{place}: "), err
    assert reason in err, err
    assert err.rstrip().endswith("nothing was added")
    assert snapshot(data_dir) == before
    # and the JSON answer names the place and the problem
    add(data_dir, path, capsys)  # (the same again, to show it is still refused)
    code, out, _ = add(data_dir, path, capsys, "--json")
    answer = json.loads(out)
    assert (code, answer["exit"], answer["file"]) == (2, 2, NAME)
    assert answer["where"].startswith(where) and reason in answer["problem"] + answer["where"]
    assert snapshot(data_dir) == before


def test_two_files_cannot_both_replace_a_unit(tmp_path, capsys):
    install(tmp_path)
    other = write_json(tmp_path / "in", "second.json", centre_data())
    code, _, err = add(tmp_path, other, capsys)
    assert code == 2
    assert "second.json at replaces[0].code: unit F5 is already given by the centre's file " in err
    assert "ocr-l4-f5-invented.json" in err


def test_a_file_broken_by_hand_in_the_data_folder_is_left_out_and_named(tmp_path, capsys):
    data = centre_data()
    _unit(data)["level"] = 3
    install(tmp_path, data)
    library = library_for(tmp_path)
    assert library.get("ocr-l4-diploma").unit("F5").title_only  # the shipped unit stands
    assert [str(p) for p in library.problems] == [
        "ocr-l4-f5-invented.json at replaces[0].level: unit F5 has level 4 in "
        "ocr-l4-diploma.json, not 3: a centre's file gives a unit's criteria; it does not change "
        "its level, credits or group"
    ]
    assert main(["--data-dir", str(tmp_path), "standards", "list"]) == 0
    assert "standards file refused: ocr-l4-f5-invented.json at replaces[0].level" in (
        capsys.readouterr().err
    )


def test_a_link_pipe_or_folder_in_the_centres_folder_is_named_and_never_read(tmp_path, capsys):
    """The data folder's rule (README, Where data lives): a symbolic link, named pipe, device or
    folder is never followed or read; a pipe would hold every command up for ever."""
    folder = tmp_path / "standards"
    folder.mkdir()
    (folder / "linked.json").symlink_to(CENTRE_F5)  # a good file, but through a link
    os.mkfifo(folder / "pipe.json")
    (folder / "folder.json").mkdir()
    library = library_for(tmp_path)
    assert library.get("ocr-l4-diploma").unit("F5").title_only  # the link was not followed
    assert sorted(str(p) for p in library.problems) == [
        "folder.json: it is a folder, not a file, and is never read",
        "linked.json: it is a symbolic link, not a file, and is never read",
        "pipe.json: it is a named pipe, device or socket, not a file, and is never read",
    ]
    assert main(["--data-dir", str(tmp_path), "standards", "list"]) == 0
    assert "standards file refused: pipe.json: it is a named pipe" in capsys.readouterr().err
    # and a good file added beside them is taken, the pipe never opened
    code, _, err = add(tmp_path, CENTRE_F5, capsys)
    assert (code, err) == (0, "")
    assert not library_for(tmp_path).get("ocr-l4-diploma").unit("F5").title_only


def test_a_centres_file_is_not_a_shipped_standard(tmp_path):
    from logbook.qualifications import StandardsError, load_qualification_file

    with pytest.raises(StandardsError, match="a centre's file of units, not a qualification"):
        load_qualification_file(CENTRE_F5)
    with pytest.raises(StandardsError, match="a whole qualification standard"):
        read_centre_file(_whole_standard(tmp_path), default_library())


def test_the_new_fields_go_out_in_an_export_and_come_back(tmp_path):
    """simulation_reason (evidence) and whole_unit_confirmed (sign-off) are part of the export
    format, and an import takes them back; the receiving data folder needs the centre's file
    for the centre's criteria, as it needs the standards for the shipped ones."""
    from logbook.store.exchange import export_logbooks, import_export, write_export

    source = tmp_path / "here"
    install(source)
    caseload = Caseload(source)
    book = caseload.create(lena(["F5", "F6"]), "test", TODAY)
    whole = Observation(date=date(2026, 11, 2), links=[Link("F6", "F6"), Link("F5", "F5 1.1")],
                        venue="V", activity="A", justification="J", feedback="F")  # fmt: skip
    book.add(whole, "test", TODAY)
    book.sign_off(
        SignOff(unit="F6", date=TODAY, assessor="M", candidate_declaration=True,
                whole_unit_confirmed=True),
        "test",
        TODAY,
    )  # fmt: skip
    exported = export_logbooks([book])
    rows = exported["logbooks"][0]["records"]
    assert next(r for r in rows if r["kind"] == "signoff")["whole_unit_confirmed"] is True
    assert next(r for r in rows if r["kind"] == "observation")["simulation_reason"] == ""
    path = tmp_path / "lena.json"
    write_export(path, exported)
    elsewhere = tmp_path / "there"
    install(elsewhere)
    (cid,) = import_export(Caseload(elsewhere), path)
    assert Caseload(elsewhere).logbook(cid).read(TODAY).signoff_for("F6").whole_unit_confirmed
