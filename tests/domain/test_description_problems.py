"""A testimony's description is searched for criteria codes only when it could hold one
(`witnesses._names_criteria`): the same problems as searching every description with every
pattern, as `description_problems` did before, for texts made of words, codes in any case,
digits of other scripts, letters that fold to ASCII ones, bullets and line breaks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from logbook.domain.witnesses import (
    _BULLET,
    _CODE_PATTERNS,
    MIN_DESCRIPTION_WORDS,
    _words,
    description_problems,
)


def _as_before(description: str) -> list[str]:
    """`description_problems` as it was: every pattern counted over every text."""
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


PIECES = [
    "Priya served the customer",
    " calmly and kept the queue moving while the till was down",
    "301.1.4", "205 ER4b", "205er4", "F3 3.12", "f3 3.12", "3",
    "performance criteria", "Assessment CRITERION", "criteria", "CRITERI", "crİteria",
    "٣٠١.١.٤", "３", "ＥＲ", "ſ", "K", "\n", "\n- ", "\n1) ", "\n* ", " ", "é",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_a_description_is_judged_as_when_every_pattern_searched_it(pieces):
    text = "".join(pieces)
    assert description_problems(text) == _as_before(text)


def test_codes_in_any_case_or_script_are_still_found():
    for text in ("Did 301.1.4 well", "met the PERFORMANCE CRITERIA", "١٢.٣.٤ done", "205 er4b"):
        assert description_problems(text)[0].startswith("it names criteria"), text
        assert description_problems(text) == _as_before(text)
