"""Can this witness be used, and does this testimony count? Each answer comes with its reasons.

The rules come from the awarding bodies' assessment strategies: a statement of the witness's
status (role and relationship to the candidate) must be in the portfolio; testimony from relatives
or anyone with whom the candidate has a significant personal relationship is not acceptable; a
written testimony must hold the candidate's name, the date, time and venue of the activity, a
description of what the candidate did, the date written, the witness's relationship to the
candidate, signature, job title and contact details; it must describe what the candidate did, not
list the skills it claims; and a testimony the candidate wrote for the witness to sign is not
acceptable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from logbook.domain.dates import say_date
from logbook.domain.records import (
    NOT_ASKED,
    OLDER_WITNESS_ROLES,
    UNANSWERED,
    WITNESS_ROLES,
    Candidate,
    Testimony,
    Witness,
    WordConfirmation,
)
from logbook.domain.relationship_words import ASK, REFUSE, check_relationship_words
from logbook.domain.text import blank, drawn

# City & Guilds, Standards and Assessment Requirements, 7 Witnesses: "Please note: The use of
# witness testimony from relatives or those with whom the candidate has a significant personal
# relationship is not acceptable."
RELATIVE_BAN = (
    "the use of witness testimony from relatives or those with whom the candidate has a "
    "significant personal relationship is not acceptable (City & Guilds, Witnesses)"
)
RELATIVE_QUESTION = (
    "Is the witness a relative of the candidate, or someone with whom the candidate has a "
    "significant personal relationship?"
)
# The witness's own words, read by the word check; in the order they are judged.
WORD_CHECKED = {
    "relationship": "the relationship",
    "status_statement": "the status statement",
    "role_description": "the role",
}

REFUSED, TO_CONFIRM, INCOMPLETE = "refused", "to_confirm", "incomplete"


@dataclass(frozen=True)
class Finding:
    """One reason a witness cannot be used: the field it is about, what to say, and its kind:
    refused (never acceptable), to_confirm (a word the assessor must confirm) or incomplete
    (the statement of the witness's status is not finished)."""

    field: str
    message: str
    kind: str
    words: tuple[str, ...] = ()


_WORD = re.compile(r"[a-zà-ÿ]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def confirmed_words(*confirmations: WordConfirmation | None) -> set[str]:
    """The words these confirmations cover (a confirmation without who confirmed covers none)."""
    return {
        word
        for confirmation in confirmations
        if confirmation is not None and not blank(confirmation.by)
        for word in confirmation.words
    }


def refused_words_message(words: tuple[str, ...]) -> str:
    named = ", ".join(f"'{w}'" for w in words)
    verb = "names" if len(words) == 1 else "name"
    return (
        f"refused: {named} {verb} a relative or a significant personal relationship; {RELATIVE_BAN}"
    )


def confirm_words_message(words: tuple[str, ...], where: str) -> str:
    named = ", ".join(f"'{w}'" for w in words)
    return (
        f"{where} says {named}, which can name a personal relationship: the assessor must "
        "confirm it does not before the witness can be used"
    )


def judge_witness(witness: Witness) -> list[Finding]:
    """Every reason this witness cannot be used, in the order an assessor would fix them; empty
    when they can. The one judgement of a witness: the witness form, testimony counting, the
    checks on saving and on import all ask it.

    The assessor's answer to RELATIVE_QUESTION decides first ('yes' is refused); the word check
    is the safety net under it, for records with an answer and for older records without one
    (NOT_ASKED), which are judged as they were then, by their words alone.
    """
    findings = []
    if witness.relative == "yes":
        findings.append(
            Finding(
                "relative",
                f"refused: the assessor answered that {witness.name.strip() or 'the witness'} is "
                "a relative of the candidate or someone with whom the candidate has a "
                f"significant personal relationship; {RELATIVE_BAN}",
                REFUSED,
            )
        )
    confirmed = confirmed_words(witness.confirmed)
    for name, where in WORD_CHECKED.items():
        check = check_relationship_words(getattr(witness, name))
        if check.outcome == REFUSE:
            findings.append(Finding(name, refused_words_message(check.words), REFUSED, check.words))
        elif check.outcome == ASK:
            unconfirmed = tuple(w for w in check.words if w not in confirmed)
            if unconfirmed:
                message = confirm_words_message(unconfirmed, where)
                findings.append(Finding(name, message, TO_CONFIRM, unconfirmed))
    missing = []
    if blank(witness.role):
        missing.append("their role (colleague, supervisor, worker from another organisation...)")
    elif (
        witness.role == "other"
        and witness.relative != NOT_ASKED
        and blank(witness.role_description)
    ):
        missing.append("a description of their role (it is 'other')")
    if blank(witness.relationship):
        missing.append("their relationship to the candidate")
    if witness.relative == UNANSWERED:
        missing.append(
            "the assessor's answer: is the witness a relative, or someone with whom the "
            "candidate has a significant personal relationship?"
        )
    if missing:
        findings.append(
            Finding(
                "status",
                "cannot be used yet: the statement of the witness's status needs "
                + " and ".join(missing),
                INCOMPLETE,
            )
        )
    if blank(witness.name):
        findings.append(Finding("name", "the witness has no name", INCOMPLETE))
    return findings


def witness_problems(witness: Witness) -> list[str]:
    """Why this witness cannot be used; empty when they can."""
    return [finding.message for finding in judge_witness(witness)]


def words_to_confirm(witness: Witness) -> list[str]:
    """The words of the witness's statement the assessor is asked to confirm, each once."""
    found = [w for f in judge_witness(witness) if f.kind == TO_CONFIRM for w in f.words]
    return list(dict.fromkeys(found))


def confirmation_note(record, previous=None) -> str:
    """What the history entry of a saved witness or testimony says of a confirmation given with
    it (who, when, the words); empty when it brings none, or the same one as before."""
    confirmation = getattr(record, "confirmed", None)
    if confirmation is None or confirmation == getattr(previous, "confirmed", None):
        return ""
    words = ", ".join(f"'{w}'" for w in confirmation.words)
    when = confirmation.at.isoformat(timespec="seconds") if confirmation.at else "no time given"
    return (
        f"{confirmation.by.strip()} confirmed that {words} does not name a relative or a "
        f"significant personal relationship ({when})"
    )


def role_known(role: str) -> bool:
    """A role from the short list, or one an older record may hold."""
    return role in WITNESS_ROLES or role in OLDER_WITNESS_ROLES


_CODE_PATTERNS = (
    re.compile(r"\b\d{1,3}\.\d{1,2}\.\d{1,2}\b"),  # 301.1.4
    re.compile(r"\b\d{1,3}\s*ER\s*\d+[a-z]?\b", re.I),  # 205 ER4b
    re.compile(r"\b[A-F]\d{1,2}\s+\d\.\d{1,2}\b"),  # F3 3.12
    re.compile(r"\b(performance|assessment) criteri(on|a)\b", re.I),
)
_DIGITS = "0123456789"


def _names_criteria(text: str) -> bool:
    """Whether one of `_CODE_PATTERNS` is found in the text. Each but the last needs a digit
    and the last "criteri" in any case: an ASCII text with neither is not searched (the usual
    description: `tests/domain/test_description_problems.py`). A text holding characters that
    draw nothing is searched as it reads too (`drawn`: "205\u200b.1.1" is "205.1.1")."""
    if not text.isascii():  # an ASCII text has no character that draws nothing
        shown = drawn(text)
        if shown != text and _names_criteria(shown):
            return True
    if text.isascii() and "criteri" not in text.lower() and not any(d in text for d in _DIGITS):
        return False
    return any(p.search(text) for p in _CODE_PATTERNS)


_BULLET = re.compile(r"^\s*([-*•·]|\d+[.)]|[a-z][.)]|\[[ x]\])\s+", re.I)
MIN_DESCRIPTION_WORDS = 15


def description_problems(description: str) -> list[str]:
    """Why a testimony's text is not a description of what the candidate did."""
    text = description.strip()
    if not text:
        return ["there is no description of what the candidate did"]
    problems = []
    if _names_criteria(text):
        problems.append(
            "it names criteria: a testimony must describe what the candidate did, not list the "
            "skills or criteria it claims (the assessor decides what it shows)"
        )
    else:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) >= 3 and sum(1 for line in lines if _BULLET.match(line)) / len(lines) >= 0.6:
            problems.append(
                "it is a list, not a description: a testimony must describe what the candidate did"
            )
    if len(_words(text)) < MIN_DESCRIPTION_WORDS:
        problems.append(
            f"the description is too short to say what the candidate did "
            f"(at least {MIN_DESCRIPTION_WORDS} words)"
        )
    return problems


def testimony_problems(
    testimony: Testimony,
    witness: Witness | None,
    candidate: Candidate,
    today: date | None = None,
) -> list[str]:
    """Why this testimony does not count; empty when it does."""
    today = today or date.today()
    problems: list[str] = []
    if witness is None:
        problems.append("it is not linked to a witness on the candidate's witness list")
    else:
        problems.extend(f"witness {witness.name}: {p}" for p in witness_problems(witness))
    if testimony.written_by == "candidate":
        problems.append(
            "the candidate wrote it: a testimony the candidate wrote for the witness to sign is "
            "not acceptable"
        )
    problems.extend(stated_relationship_problems(testimony, witness))
    problems.extend(description_problems(testimony.description))
    if testimony.date > today:
        problems.append(f"the activity date {say_date(testimony.date)} is in the future")
    if testimony.form == "written":
        problems.extend(_written_parts_missing(testimony, candidate, today))
    return problems


def stated_words_to_confirm(testimony: Testimony, witness: Witness | None) -> list[str]:
    """The words of the relationship the testimony states that the assessor must confirm."""
    check = check_relationship_words(testimony.relationship)
    if check.outcome != ASK:
        return []
    confirmed = confirmed_words(testimony.confirmed, witness.confirmed if witness else None)
    return [w for w in check.words if w not in confirmed]


def stated_relationship_problems(testimony: Testimony, witness: Witness | None) -> list[str]:
    """The relationship as the testimony states it, judged by the same word check as the
    witness's status statement; a word already refused on the witness is not said twice."""
    check = check_relationship_words(testimony.relationship)
    if check.outcome == REFUSE:
        already = witness is not None and any(f.kind == REFUSED for f in judge_witness(witness))
        if already:
            return []
        return [
            f"the testimony gives the relationship as {testimony.relationship.strip()!r}: "
            + refused_words_message(check.words)
        ]
    unconfirmed = stated_words_to_confirm(testimony, witness)
    if unconfirmed:
        return [confirm_words_message(tuple(unconfirmed), "the testimony's relationship")]
    return []


REQUIRED_PARTS = (
    ("candidate_name", "the candidate's name"),
    ("time", "the time of the activity"),
    ("venue", "the venue of the activity"),
    ("written_on", "the date it was written"),
    ("relationship", "the witness's relationship to the candidate"),
    ("signed", "the witness's signature"),
    ("job_title", "the witness's job title"),
    ("contact", "the witness's contact details"),
)


def missing_parts(testimony: Testimony) -> list[str]:
    """The parts a written testimony must include that this one lacks, in words."""
    missing = []
    for attr, words in REQUIRED_PARTS:
        value = getattr(testimony, attr)
        if value is None or value is False or (isinstance(value, str) and blank(value)):
            missing.append(words)
    return missing


def _written_parts_missing(testimony: Testimony, candidate: Candidate, today: date) -> list[str]:
    problems = []
    missing = missing_parts(testimony)
    if missing:
        problems.append("a written testimony must include " + ", ".join(missing))
    name = testimony.candidate_name.strip()
    if name and _words(name) != _words(candidate.name):
        problems.append(f"it names {name!r}, but the candidate is {candidate.name!r}")
    if testimony.written_on is not None:
        if testimony.written_on < testimony.date:
            problems.append(
                f"it was written on {say_date(testimony.written_on)}, before the activity it "
                f"describes ({say_date(testimony.date)})"
            )
        if testimony.written_on > today:
            problems.append(f"its writing date {say_date(testimony.written_on)} is in the future")
    return problems
