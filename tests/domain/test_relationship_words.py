"""The word check under the witness's relationship: refuse, accept or ask.

C&G, Standards and Assessment Requirements, Witnesses: "Please note: The use of witness testimony
from relatives or those with whom the candidate has a significant personal relationship is not
acceptable." The statement of the witness's status "should indicate the relationship between the
candidate and the witness". The phrasings below are written as witnesses and assessors write a
relationship on a status list or a testimony, not made from the check's word lists.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logbook.domain.relationship_words import (
    ACCEPT,
    ASK,
    MAX_WORD,
    REFUSE,
    check_relationship_words,
)

# A relative, or a significant personal relationship: refused, whatever else the text says.
REFUSED = [
    "my mum",
    "She is my mother",
    "Candidate's father",
    "her dad",
    "ex-husband",
    "my ex-wife",
    "we live together",
    "lodger",
    "lives with the candidate",
    "Lodger at her house for two years",
    "her husband",
    "wife",
    "Her older brother",
    "younger sister, also works in the shop",
    "brother-in-law",
    "sister in law",
    "Mother-in-law",
    "step-dad",
    "stepmother",
    "her grandmother",
    "Grandad",
    "Nan",
    "aunt",
    "Auntie (mum's sister)",
    "uncle, owns the cafe where she works",
    "cousin",
    "second cousin",
    "niece",
    "nephew, works on the same shift",
    "her son",
    "daughter",
    "twin sister",
    "boyfriend",
    "my girlfriend",
    "fiancé",
    "Fiancée",
    "Partner (we live together)",
    "her partner",
    "my partner of six years",
    "long-term partner",
    "civil partner",
    "common-law husband",
    "we are married",
    "married to the candidate",
    "engaged to the candidate",
    "we're engaged",
    "we have been together for three years",
    "flatmate",
    "housemate and colleague",
    "shares a flat with the candidate",
    "best friend",
    "close friend since school",
    "family friend",
    "childhood friend",
    "my ex",
    "ex-partner",
    "former boyfriend",
    "godmother",
    "goddaughter",
    "half-brother",
    "foster mum",
    "her foster father",
    "related to the candidate",
    "we are related",
    "related by marriage",
    "distant relative",
    "a relative of the candidate",
    "member of her family",
    "family member who also works at the store",
    "in a relationship with the candidate",
    "dating the candidate",
    "other half",
    "significant other",
    "lives with her",
    "living together",
    "same household",
    "we share a house",
    "lodges with the candidate's family",
    "granddaughter",
    "great-aunt",
    "stepson",
    "spouse",
    "hubby",
    "used to live together",
    "no longer married",
    "not married but we live together",
    "not related, but she is my partner",
    "colleague and also my sister",
    "manager at the shop, and her mum",
    "Supervisor. Also the candidate's husband.",
    "more than friends",
    "personal relationship with the candidate",
    "not living together any more",
    "not just a colleague, my girlfriend",
    "Brother of the candidate",
    "her mum’s sister",  # a typographic apostrophe: the sister is still an aunt
    "she is my daughter-in-law",
]

# Measured on the main branch before this check (issue 8): refused although acceptable.
OLD_FALSE_REFUSALS = [
    "not related",
    "no relation, line manager",
    "colleague (not a friend or relative)",
    "manager at the children's centre",
    "family liaison officer",
    "head of children's services",
    "Partner at John Lewis",
    "senior partner at the practice",
    "supervisor (MA)",
    "duty manager; engaged customers daily",
]
# ... and let through although personal.
OLD_LET_THROUGH = ["we live together", "lodger"]

# Working relationships, negated relationship words, and working phrases: accepted.
ACCEPTED = [
    *OLD_FALSE_REFUSALS,
    "line manager",
    "colleague on the service desk",
    "team leader on the same shift",
    "works alongside the candidate on the tills",
    "store manager",
    "customer of the branch for ten years",
    "regular customer",
    "delivery driver from FastFreight who delivers to the store daily",
    "unrelated; shift supervisor",
    "business partner of the company",
    "service partner organisation",
    "manager at our sister store",
    "works for the parent company",
    "ex-colleague",
    "former manager",
    "Ward Sister on the children's ward",
    "Senior Sister, outpatients",
    "Partner, Waitrose Leeds",
    "fellow Partner in the menswear department",
    "Section manager (Partner), John Lewis Oxford Street",
    "HR business partner",
    "delivery partner for the council contract",
    "partner agency caseworker",
    "managing partner of the firm",
    "Equity partner at Smith & Sons solicitors",
    "Operations manager at J. Bloggs & Sons Ltd",
    "Family support worker",
    "family services manager",
    "nurse on the children's ward",
    "teacher at the children's nursery where she works",
    "manager of the kids' club at the leisure centre",
    "relative of a resident at the care home",
    "daughter of one of the residents, visits daily",
    "parent of a child at the nursery",
    "customer relations manager",
    "guest relations supervisor",
    "not a relative; team leader",
    "no family connection, works in accounts",
    "not family",
    "not a friend outside work, just a colleague",
    "no personal relationship; her manager",
    "not related to the candidate in any way",
    "neither friend nor family",
    "unrelated, area manager",
    "non-family member of staff",
    "relationship: professional only",
    "Related? No. Deputy manager",
    "team mate on the help desk",
    "workmate",
    "Trainer who delivered her induction",
    "mentor at work",
    "assistant manager, works the same shifts",
    "supervisor for 18 months",
    "Partner & section manager, John Lewis",
    "Head of Customer Services at the council",
    "Housing officer at the same housing association",
    "pharmacist at the branch",
    "supplier's account manager",
    "receptionist at the front desk with her",
    "Charge Nurse on the ward",
    "not her partner — a Partner at John Lewis",
    "Ex-Army, now security supervisor",
    "colleague, not family",
    "Account manager at our delivery partner",
    "Friends of the Library volunteer coordinator",
    "Dementia Friends champion at the branch",
    "landlord of the Red Lion, where she works the bar",
    "works with children at the same after-school club",
    "family-run business, owner and her employer",
    "Father Christmas at the grotto, seasonal colleague",
    "customer relations; no relation to the candidate",
    "not in a relationship with the candidate, her supervisor",
    "does not live with the candidate",
    "Family: none. Supervisor",
    "work-related contact only",
    "we don't socialise outside work",
    "Mothercare store manager",
    "parent governor at the school where she works",
]

# A word that may name a personal relationship, not negated and not in a working phrase: the
# assessor is asked to confirm, and the word is named.
ASKED = [
    ("partner", "partner"),
    ("Partner", "partner"),
    ("friend", "friend"),
    ("friend from work", "friend"),
    ("colleague and friend", "friend"),
    ("family", "family"),
    ("related", "related"),
    ("we are friends outside work", "friends"),
    ("my manager, and a good friend", "friend"),
    ("friends on Facebook", "friends"),
    ("neighbour", "neighbour"),
    ("next-door neighbour, also a regular customer", "neighbour"),
    ("we know each other socially", "socially"),
    ("knows the candidate outside work", "outside work"),
    ("our children attend the same school", "children"),
    ("our kids are in the same class", "kids"),
    ("runs the family business where she works", "family"),
    ("relation", "relation"),
    ("old schoolfriend", "schoolfriend"),
    ("mate", "mate"),
    ("mates from college", "mates"),
    ("landlady", "landlady"),
    ("landlord of the flat she rents", "landlord"),
    ("parent", "parent"),
    ("children", "children"),
    ("coach of her kids' football team", "kids"),
    ("her mum's friend", "mum"),
    ("her husband's boss", "husband"),
    ("friendly with the candidate", "friendly with"),
    ("we socialise together", "socialise"),
    ("team leader, partner", "partner"),
    ("colleague; our families are close", "families"),
    ("went to school together", "school together"),
    ("grew up together", "grew up together"),
    ("my partner's colleague", "partner"),
    ("friend of a friend", "friend"),
    ("acquaintance", "acquaintance"),
    ("her child's teacher", "child"),
    ("daughter's football coach", "daughter"),
    ("the candidate's son's headteacher", "son"),
    ("we are partners", "partners"),
    ("friend on the same team", "friend"),
    ("work friend", "friend"),
    ("known each other since primary school", "known each other since primary"),
    ("my wife's colleague", "wife"),
    ("dad's business partner", "dad"),
    ("friend and former colleague", "friend"),
    ("mum of one of her friends", "mum"),
    ("brother of a colleague", "brother"),
    ("daughter of the shop owner", "daughter"),
    ("my friend's mum", "friend"),
    ("housemate's sister", "housemate"),
    ("relations", "relations"),
    ("the candidate's friend", "friend"),
    ("our families know each other", "families"),
    ("family connection", "family"),
    ("a pal from the gym", "pal"),
    ("knows her personally", "knows her personally"),
    ("since school", "since school"),
    ("partner in crime on the tills", "partner"),
    ("school friend, now a colleague", "friend"),
    ("Priya's partner", "partner"),
    ("girlfriend's cousin", "girlfriend"),
    ("Partner (see note)", "partner"),
    ("her partner's brother", "partner"),
    ("friends since college", "friends"),
    ("neighbours for years", "neighbours"),
    ("classmate at college", "classmate"),
    ("mother of two, works on the tills", "mother"),
]


def test_there_are_at_least_sixty_phrasings_of_each_outcome():
    assert len(set(REFUSED)) == len(REFUSED) >= 60
    assert len(set(ACCEPTED)) == len(ACCEPTED) >= 60 + len(OLD_FALSE_REFUSALS)
    assert len({text for text, _ in ASKED}) == len(ASKED) >= 60


@pytest.mark.parametrize("text", REFUSED)
def test_a_relative_or_personal_relationship_is_refused(text):
    check = check_relationship_words(text)
    assert check.outcome == REFUSE, check
    assert check.words  # the word is named


@pytest.mark.parametrize("text", ACCEPTED)
def test_a_working_relationship_or_a_negated_word_is_accepted(text):
    assert check_relationship_words(text).outcome == ACCEPT, check_relationship_words(text)


@pytest.mark.parametrize(("text", "word"), ASKED)
def test_a_word_that_may_be_either_asks_and_names_the_word(text, word):
    check = check_relationship_words(text)
    assert check.outcome == ASK, check
    assert word in check.words


def test_the_issue_cases_measured_on_the_old_main():
    for text in OLD_FALSE_REFUSALS:
        assert check_relationship_words(text).outcome == ACCEPT, text
    for text in OLD_LET_THROUGH:
        assert check_relationship_words(text).outcome == REFUSE, text


# Working relationships built from parts, to go beyond the written list.
_ROLES = st.sampled_from(
    [
        "line manager", "supervisor", "team leader", "colleague", "duty manager", "Partner",
        "senior partner", "store manager", "family liaison officer", "receptionist",
        "customer", "head of children's services", "section manager", "deputy manager",
        "trainer", "charge nurse", "Ward Sister", "pharmacist", "account manager",
    ]
)  # fmt: skip
_PLACES = st.sampled_from(
    [
        "John Lewis", "the practice", "the children's centre", "Greenway Stores", "the council",
        "our sister store", "the parent company", "the branch", "Waitrose Leeds", "the ward",
        "the help desk", "the family services team", "the service desk",
    ]
)  # fmt: skip
_TAILS = st.sampled_from(
    [
        "", " for two years", "; engaged customers daily", " (MA)", ", same shift",
        ", not a friend", " and mentor", ", no relation", " since 2019", ", unrelated",
    ]
)  # fmt: skip
_BUILT = st.builds(lambda r, p, t: f"{r} at {p}{t}", _ROLES, _PLACES, _TAILS)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(ACCEPTED), _BUILT))
def test_not_related_in_front_of_an_accepted_phrasing_keeps_it_accepted(text):
    if check_relationship_words(text).outcome != ACCEPT:
        return  # a built phrasing the check asks about is no accepted phrasing
    assert check_relationship_words("not related, " + text).outcome == ACCEPT


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(ACCEPTED), _BUILT))
def test_every_built_working_phrasing_is_accepted(text):
    assert check_relationship_words(text).outcome == ACCEPT


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(REFUSED), st.sampled_from(ACCEPTED))
def test_a_personal_relationship_beside_a_working_one_is_still_refused(personal, working):
    assert check_relationship_words(f"{working}; {personal}").outcome == REFUSE
    assert check_relationship_words(f"{personal}, {working}").outcome == REFUSE


# hostile text: anything typed or imported is read, quickly, and never breaks the check ------------

HOSTILE = [
    "ex" * 5000,
    "great " * 3000 + "x",
    "step " * 4000 + "mum",
    "not " * 4000 + "friend",
    "friend " * 4000,
    "friends of the " * 1500,
    "mum-" * 5000,
    "partner at " * 3000,
    "my mum's " * 3000,
    "a" * 20_000,
    "'" * 20_000,
    "-" * 20_000,
    "(" * 10_000 + "mum" + ")" * 10_000,
    "\x1b[31mmy mum\x1b[0m",
    "\u202emum ym",
    "line\x00manager",
    "[bold]partner[/bold]",
    "m\u0301um",
    "ＭＵＭ",
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: f"{t[:12]!r}x{len(t)}")
def test_hostile_text_is_read_in_linear_time_and_names_short_words(text):
    started = time.perf_counter()
    check = check_relationship_words(text)
    assert time.perf_counter() - started < 1.0  # 20,000 characters: tens of milliseconds
    assert check.outcome in (ACCEPT, ASK, REFUSE)
    assert all(len(word) <= MAX_WORD for word in check.words)


def test_a_relationship_behind_control_characters_or_odd_letters_is_still_refused():
    assert check_relationship_words("\x1b[31mmy mum\x1b[0m").outcome == REFUSE
    assert check_relationship_words("[bold]her husband[/bold]").outcome == REFUSE
    assert check_relationship_words("ＭＹ ＭＵＭ").outcome == REFUSE  # full-width letters
    assert check_relationship_words("her fiance\u0301e").outcome == REFUSE  # a combining accent
    assert check_relationship_words("HER HUSBAND").outcome == REFUSE


# Characters that draw nothing (Unicode's default-ignorable code points): "m\u200bum" is shown
# as "mum" on every screen and in every export, and was accepted.
INVISIBLE = [
    "\u00ad",  # soft hyphen
    "\u034f",  # combining grapheme joiner
    "\u061c",  # Arabic letter mark
    "\u180e",  # Mongolian vowel separator
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\u2064",  # invisible plus
    "\ufe0f",  # variation selector 16
    "\ufeff",  # zero-width no-break space
    "\U000e0041",  # tag letter A
]


@pytest.mark.parametrize("mark", INVISIBLE, ids=lambda m: f"U+{ord(m):04X}")
def test_a_relationship_with_a_character_that_draws_nothing_in_it_is_judged_as_it_reads(mark):
    assert check_relationship_words(f"her m{mark}um") == check_relationship_words("her mum")
    assert check_relationship_words(f"hus{mark}band") == check_relationship_words("husband")
    partner = check_relationship_words(f"her {mark}partner{mark}")
    assert partner == check_relationship_words("her partner")
    assert check_relationship_words(f"not{mark} related") == check_relationship_words("not related")
    # between two words it still parts them, as it did: "my<ZWSP>mum" is refused as ever
    assert check_relationship_words(f"my{mark}mum") == check_relationship_words("my mum")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_one_of_the_three_outcomes(text):
    check = check_relationship_words(text)
    assert check.outcome in (ACCEPT, ASK, REFUSE)
    assert (check.outcome == ACCEPT) == (check.words == ())
