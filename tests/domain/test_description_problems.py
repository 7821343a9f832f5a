"""A testimony's description is searched for criteria codes only when it could hold one
(`witnesses._names_criteria`): the same answer as searching every description with every
pattern, as `description_problems` did before, for texts made of words, codes in any case,
digits of other scripts, letters that fold to ASCII ones, bullets and line breaks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from logbook.domain.witnesses import _CODE_PATTERNS, _names_criteria, description_problems


def _any_pattern_finds(text: str) -> bool:
    """What `description_problems` asked before: every pattern searched over every text."""
    return any(pattern.search(text) for pattern in _CODE_PATTERNS)


PIECES = [
    "Priya served the customer",
    " calmly and kept the queue moving while the till was down",
    "301.1.4", "205 ER4b", "205er4", "F3 3.12", "f3 3.12", "3",
    "performance criteria", "Assessment CRITERION", "criteria", "CRITERI", "crİteria",
    "٣٠١.١.٤", "３", "ＥＲ", "ſ", "K", "\n", "\n- ", "\n1) ", "\n* ", " ", "é",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_a_description_names_criteria_exactly_when_a_pattern_finds_a_code(pieces):
    text = "".join(pieces)
    assert _names_criteria(text) == _any_pattern_finds(text)


def test_codes_in_any_case_or_script_are_still_found():
    for text in ("Did 301.1.4 well", "met the PERFORMANCE CRITERIA", "١٢.٣.٤ done", "205 er4b"):
        assert description_problems(text)[0].startswith("it names criteria"), text


def test_a_code_with_a_character_that_draws_nothing_in_it_is_found_as_it_reads():
    # "205<ZWSP>.1.1" is drawn "205.1.1" on every screen and in every export
    said = "Priya calmed the customer at the desk and explained the refund policy to her. "
    hidden_codes = ("205\u200b.1.1", "301.1\u2060.4", "205 E\u00adR4b", "assessment crit\u200beria")
    for hidden in hidden_codes:
        assert description_problems(said + hidden)[0].startswith("it names criteria"), hidden
    # the character still parts what is either side of it, as it did
    assert description_problems(said + "Done\u200b301.1.4")[0].startswith("it names criteria")
