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
from datetime import date
from functools import lru_cache

from logbook.domain.dates import say_date
from logbook.domain.records import Candidate, Testimony, Witness

RELATIVE_BAN = (
    "testimony from relatives or from anyone with whom the candidate has a significant "
    "personal relationship is never acceptable"
)

# Words that name a relative or a significant personal relationship. Compound forms are reduced
# to these: 'stepmum' -> 'mum', 'grandson' -> 'son', 'brother-in-law' -> 'brother'.
_RELATIVES = {
    "mum", "mom", "mam", "mummy", "mommy", "mammy", "mother", "ma", "dad", "daddy", "father",
    "papa", "parent", "parents", "brother", "bro", "sister", "sis", "sibling", "siblings", "son",
    "daughter", "child", "children", "kid", "aunt", "auntie", "aunty", "uncle", "niece",
    "nephew", "cousin", "nan", "nana", "nanna", "gran", "granny", "grandma", "grandpa", "grandad",
    "granddad", "grandparent", "grandmother", "grandfather", "twin", "relative", "relatives",
    "relation", "related", "family", "kin", "inlaw", "inlaws", "godmother", "godfather",
    "godparent", "godson", "goddaughter",
}  # fmt: skip
_PARTNERS = {
    "husband", "hubby", "wife", "wifey", "spouse", "partner", "boyfriend", "girlfriend", "bf",
    "gf", "fiance", "fiancee", "fiancé", "fiancée", "lover", "missus", "missis", "friend",
    "bestie", "bff", "flatmate", "housemate", "roommate", "married", "engaged", "dating",
    "sweetheart", "other half", "lives with", "living with", "in a relationship", "best mate",
    "significant other",
}  # fmt: skip
# 'partner' in these phrases is a working relationship, not a personal one
_WORKING_PARTNER = re.compile(
    r"\b(business|service|delivery|trading|supply)\s+partners?\b"
    r"|\bpartner\s+(organisation|organization|company|agency|firm)s?\b"
    r"|\b(parent|sister)\s+(company|companies|store|branch|site|organisation|organization"
    r"|firm|group|hotel|shop|office|team)s?\b"
)
_PREFIXES = ("great", "grand", "step", "half", "foster", "adoptive", "ex")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-zà-ÿ]+", text.lower())


def _personal(word: str) -> bool:
    """Is this word, or what is left of it without 'step', 'grand', 'in-law'..., personal?"""
    if word in _RELATIVES or word in _PARTNERS:
        return True
    if word.endswith("inlaw") and _personal(word[: -len("inlaw")]):
        return True
    return any(word.startswith(p) and _personal(word[len(p) :]) for p in _PREFIXES)


@lru_cache(maxsize=4096)
def personal_relationship(relationship: str) -> str | None:
    """The word that makes this relationship personal ('mum', 'partner'), or None."""
    text = relationship.lower()
    working = _WORKING_PARTNER.sub(" ", text)
    words = _words(working)
    joined = " ".join(words)
    for phrase in (p for p in _PARTNERS if " " in p):
        if re.search(rf"\b{phrase}\b", joined):
            return phrase
    # hyphenated compounds, as typed and joined: 'brother-in-law', 'step-mum', 'ex-wife'
    compounds = ["".join(_words(chunk)) for chunk in re.split(r"[\s,/&+;]+", working) if chunk]
    for word in words + compounds:
        if _personal(word):
            return word
    if words and words[-1] == "ex":  # 'my ex'
        return "ex"
    return None


def witness_problems(witness: Witness) -> list[str]:
    """Why this witness cannot be used; empty when they can."""
    problems = []
    word = personal_relationship(witness.relationship)
    if word is None:
        word = personal_relationship(witness.status_statement)
    if word is not None:
        problems.append(
            f"{witness.name or 'The witness'} is the candidate's "
            f"{witness.relationship.strip() or word} ('{word}' names a relative or a significant "
            f"personal relationship): {RELATIVE_BAN}"
        )
    missing = []
    if not witness.role.strip():
        missing.append("their role (colleague, supervisor, worker from another organisation...)")
    if not witness.relationship.strip():
        missing.append("their relationship to the candidate")
    if missing:
        problems.append(
            "cannot be used yet: the statement of the witness's status needs "
            + " and ".join(missing)
        )
    if not witness.name.strip():
        problems.append("the witness has no name")
    return problems


def witness_acceptable(witness: Witness) -> bool:
    return not witness_problems(witness)


_CODE_PATTERNS = (
    re.compile(r"\b\d{1,3}\.\d{1,2}\.\d{1,2}\b"),  # 301.1.4
    re.compile(r"\b\d{1,3}\s*ER\s*\d+[a-z]?\b", re.I),  # 205 ER4b
    re.compile(r"\b[A-F]\d{1,2}\s+\d\.\d{1,2}\b"),  # F3 3.12
    re.compile(r"\b(performance|assessment) criteri(on|a)\b", re.I),
)
_BULLET = re.compile(r"^\s*([-*•·]|\d+[.)]|[a-z][.)]|\[[ x]\])\s+", re.I)
MIN_DESCRIPTION_WORDS = 15


def description_problems(description: str) -> list[str]:
    """Why a testimony's text is not a description of what the candidate did."""
    text = description.strip()
    if not text:
        return ["there is no description of what the candidate did"]
    problems = []
    codes = sum(len(p.findall(text)) for p in _CODE_PATTERNS)
    lines = [line for line in text.splitlines() if line.strip()]
    bullets = sum(1 for line in lines if _BULLET.match(line))
    if codes >= 1:
        problems.append(
            "it names criteria: a testimony must describe what the candidate did, not list the "
            "skills or criteria it claims (the assessor decides what it shows)"
        )
    elif len(lines) >= 3 and bullets / len(lines) >= 0.6:
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
    stated = personal_relationship(testimony.relationship)
    if stated and (witness is None or personal_relationship(witness.relationship) is None):
        problems.append(
            f"the testimony gives the relationship as {testimony.relationship.strip()!r}: "
            f"{RELATIVE_BAN}"
        )
    problems.extend(description_problems(testimony.description))
    if testimony.date > today:
        problems.append(f"the activity date {say_date(testimony.date)} is in the future")
    if testimony.form == "written":
        problems.extend(_written_parts_missing(testimony, candidate, today))
    return problems


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
        if value is None or value is False or (isinstance(value, str) and not value.strip()):
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
