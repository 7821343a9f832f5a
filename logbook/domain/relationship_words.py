"""The safety net under the witness's relationship to the candidate: what its words say.

The assessor answers the question itself (is the witness a relative, or someone with whom the
candidate has a significant personal relationship?); this check reads the words of the
relationship as typed and gives one of three outcomes:

* **refuse**: the words name a relative or a significant personal relationship ("my mum",
  "ex-husband", "we live together", "lodger");
* **accept**: no such word, or every such word is negated ("not related", "no relation",
  "unrelated", "colleague (not a friend or relative)") or part of a working phrase ("Partner at
  John Lewis", "senior partner at the practice", "family liaison officer", "head of children's
  services", "manager at our sister store");
* **ask**: a word that may be either ("partner", "friend", "family", "children", "related")
  stands alone: the assessor is asked to confirm, and the check names the word.

How the words are read: the text is cut into clauses at punctuation and at "but", "however"...;
a negation ("not", "no", "never", "neither", "nor", "non-", "un-", "without", "-n't") covers the
next few words of its clause up to an "and", "who", "because"... ("not just", "no longer" and
"any more" negate nothing); "her", "his", "my", "their" and "the candidate's" before an ambiguous
word make it personal ("her partner"), while a word that belongs to someone else ("her mum's
neighbour", "my friend's dad", "mother of a resident") only asks.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from logbook.domain.text import drawn

REFUSE, ASK, ACCEPT = "refuse", "ask", "accept"
MAX_WORD = 40  # a word or phrase named in a message is never longer
_RANK = {ACCEPT: 0, ASK: 1, REFUSE: 2}


@dataclass(frozen=True)
class WordCheck:
    """The outcome, and the words it turned on: the words refused, or the words to confirm."""

    outcome: str
    words: tuple[str, ...] = ()


# vocabulary --------------------------------------------------------------------------------------

_KIN = (
    r"mum|mom|mam|mums|mummy|mommy|mammy|mother|mothers|dad|dads|daddy|father|fathers"
    r"|brothers?|bro|sisters?|sis|siblings?|sons?|daughters?|aunts?|auntie|aunty|uncles?"
    r"|nieces?|nephews?|cousins?|nan|nana|nanna|gran|granny|grandma|grandpa|grandad|granddad"
    r"|grandparents?|grandmother|grandfather|grandsons?|granddaughters?|grandchild|grandchildren"
    r"|grandkids?|twin|twins|husband|hubby|wife|wifey|spouse|boyfriend|girlfriend|bf|gf"
    r"|fianc[eé]e?|lover|missus|missis"
)
_KIN_PREFIX = r"(?:(?:step|grand|great|half|foster|god|ex|adoptive)\s?){0,4}"  # bounded: linear
# kin whose kin is kin too: her mum's sister is her aunt (her girlfriend's cousin is not)
_BLOOD_OR_MARRIAGE = re.compile(
    rf"^(?!(?:boyfriend|girlfriend|bf|gf|fianc[eé]e?|lover)$)(?:{_KIN})$"
)

# Clear personal relationships: refused unless negated or belonging to someone else.
_CLEAR = [
    rf"\b{_KIN_PREFIX}(?:{_KIN})\b",
    r"\b(?:step|foster|adoptive|god)\s?(?:parents?|child|children|kids?)\b",
    r"\bin\s?laws?\b",
    r"\b(?:ex|former|previous|life|civil|domestic|unmarried|romantic|long term|longterm"
    r"|long standing|common law|de facto) partners?\b",
    r"\bpartners? (?:of|to) (?:her|him|hers|his|mine|me|the candidate|candidate)\b",
    r"\b(?:live|lives|living|lived) (?:together|with)\b",
    r"\b(?:share|shares|sharing|shared) (?:a |an |the |her |his |my |our |their )?"
    r"(?:house|flat|home|apartment|bedroom)\b",
    r"\b(?:same|one) (?:household|address|home)\b",
    r"\bunder (?:the )?same roof\b",
    r"\blodgers?\b",
    r"\blodg(?:es|ed|ing) (?:with|at)\b",
    r"\brents? (?:a |the )?room (?:in|at|from)\b",
    r"\b(?:used to|we|they) (?:go|went) out\b(?! (?:on|to|for|with (?:customers|clients)))",
    r"\b(?:flat|house|room) ?mates?\b",
    r"\b(?:married|marry)\b",
    r"\bengaged(?= to\b| ?$)",
    r"\bdating\b",
    r"\bgoing out (?:with|together)\b",
    r"\bseeing each other\b",
    r"\bin a relationship\b",
    r"\b(?:personal|romantic|intimate|sexual) relationship\b",
    r"\bromantic(?:ally)?\b",
    r"\b(?:other|better) half\b",
    r"\bsignificant other\b",
    r"\bsweetheart\b",
    r"\b(?:been|are|were) together\b",
    r"\bcouple\b(?! of)",
    r"\b(?:best|close|closest|oldest|lifelong|childhood|personal|family|bosom) "
    r"(?:friends?|mates?|pals?)\b",
    r"\bfriends? of (?:the|her|his|my|our) family\b",
    r"\bbff\b",
    r"\bbestie\b",
    r"\bmore than (?:just )?(?:a )?(?:friends?|colleagues?)\b",
    r"\brelatives?\b",
    r"\brelated (?:to (?:her|him|me|them|us|you|the candidate|candidate|each other)"
    r"|by (?:marriage|blood))\b",
    r"\b(?:closely|distantly|directly) related\b",
    r"\b(?:we are|are|is|were|was) related$",
    r"\bfamily members?\b",
    r"\bmembers? of (?:her|his|my|their|the candidate|the same|our) family\b",
    r"\brelations? (?:of|to) (?:her|him|hers|his|mine|me|the candidate|candidate)\b",
    r"\b(?:next of )?kin\b",
    r"\bex$",
    r"\b(?:my|her|his|their) ex\b",
]

# Words that may be either: asked about, unless negated or in a working phrase.
_AMBIGUOUS = [
    r"\bpartners?\b",
    r"\b[a-z]{0,12}friends?\b",
    r"\bfamil(?:y|ies)\b",
    r"\b(?:child|children|kids?)\b",
    r"\bparents?\b",
    r"\brelated\b",
    r"\brelations?\b",
    r"\b(?:class|school|college|uni|play)?mates?\b",
    r"\bpals?\b",
    r"\bneighbou?rs?\b",
    r"\blandl(?:ord|ady|adies|ords)\b",
    r"\bacquaintances?\b",
    r"\bcarers?\b",
    r"\bsocially\b",
    r"\bsociali[sz]e\b",
    r"\boutside (?:of )?work\b",
    r"\bfriendly with\b",
    r"\bknows? (?:her|him|the candidate|each other) personally\b",
    r"\b(?:know|known|knew) each other (?:from|since|through) \w+\b",
    r"\b(?:school|college|university|uni) together\b",
    r"\bgrew up together\b",
    r"\bsince (?:school|childhood|college|we were)\b",
]
# Ambiguous words that are personal when the candidate's: "her partner", "my family".
_OWNED_REFUSE = re.compile(
    r"^(?:partners?|famil(?:y|ies)|child|children|kids?|parents?|relations?)$"
)

_WHO = (
    r"(?:(?:a|an|the|one|two|three|some|several|many|our|one of the|one of our|a few) )?(?:\w+ )?"
    r"(?:child|children|kids?|pupils?|bab(?:y|ies)|toddlers?|residents?|patients?|customers?"
    r"|clients?|students?|guests?|service users?|learners?|members?|tenants?|visitors?)\b"
)
# Working phrases: a word of the lists above inside one of these is no relationship at all.
_WORKING = [
    # 'partner' at work: the John Lewis Partnership, practices and firms, partner organisations
    r"\bpartners? at\b(?! (?:home|the time|the moment|present|last)\b)",
    r"\bpartners? (?:in|of) (?:the |a |an |our |this |that )?(?:\w+ )?(?:firm|practice|business"
    r"|company|store|shop|branch|partnership|department|section|team|agency|organi[sz]ation"
    r"|restaurant|salon|surgery|pharmacy|hotel|dealership|consultancy|office|store)s?\b",
    r"\b(?:senior|junior|managing|equity|salaried|founding|business|service|delivery|trading"
    r"|supply|supplier|channel|retail|hr|learning|sales|fellow|practice|store|shop|section"
    r"|department|strategic|corporate|commercial|community|contract|external|agency|key"
    r"|preferred|approved|training|lead|associate|named|health|care|housing|charity|network"
    r"|technology|logistics|distribution|implementation|franchise|venture|john lewis"
    r"|waitrose) partners?\b",
    r"\bpartners? (?:organi[sz]ations?|compan(?:y|ies)|agenc(?:y|ies)|firms?|schools?"
    r"|colleges?|providers?|business(?:es)?|stores?|authorit(?:y|ies)|charit(?:y|ies)|councils?"
    r"|sites?|brands?|banks?|retailers?|suppliers?|services?|network|programme|scheme|manager"
    r"|managers|relationship|relationships)\b",
    r"\bpartners? (?:at |in |of |with )?(?:john lewis|waitrose)\b",
    # family, children and relatives as the work: services, wards, the people served
    r"\bfamil(?:y|ies) (?:liaison|support|services?|centres?|center|hub|court|law|practitioners?"
    r"|workers?|team|room|rooms|planning|run|friendly|holidays?|intervention|officers?"
    r"|assessments?|assessor|social|nurse|partnership|information|outreach|learning|days?"
    r"|entertainment|tickets?|pass|passes|clinic)\b",
    r"\b(?:child|children|kids?) (?:services?|centres?|center|wards?|department|dept"
    r"|nurser(?:y|ies)|team|homes?|hospital|hospices?|library|section|wear|clothing|clothes|play|playgroup|unit"
    r"|charity|trust|social care|safeguarding|protection|care|books?|entertainment|entertainers?"
    r"|activities|activity|clubs?|zone|menu|part(?:y|ies)|workers?|commissioner|theatre|toys"
    r"|shoes|dental|health|mental health|hearing|eye|development|minders?|carers?"
    r"|practitioners?|psychologists?|nurses?)\b",
    r"\b(?:work|works|working|worked|teach|teaches|teaching|care|cares|caring|looks after"
    r"|look after|looking after) (?:with |for )?(?:young |the |small |local )?"
    r"(?:children|kids|child|families)\b",
    rf"\b(?:mother|father|parent|mum|dad|grandparent|grandmother|grandfather|relative"
    rf"|(?:grand)?daughter|(?:grand)?son|famil(?:y|ies)|carer)s? (?:of|to) {_WHO}",
    r"\b(?:residents?|patients?|clients?|customers?|pupils?|students?|guests?|tenants?"
    r"|service users?|child|children|bab(?:y|ies)|visitors?) (?:relatives?|famil(?:y|ies)|mum"
    r"|mother|dad|father|parents?|daughter|son|next of kin)\b",
    r"\bparents? (?:governors?|helpers?|volunteers?|reps?|representatives?|partnership|liaison"
    r"|support|evenings?|council|forum)\b",
    r"\b(?:mother|parent|parents) and (?:baby|toddler|toddlers)\b",
    r"\bfather christmas\b",
    r"\b(?:sister|parent|daughter|brother|mother)s? (?:compan(?:y|ies)|stores?|branch(?:es)?|sites?"
    r"|organi[sz]ations?|firms?|groups?|hotels?|shops?|offices?|teams?|brands?|papers?|schools?"
    r"|charit(?:y|ies)|clubs?|pubs?|restaurants?|business(?:es)?|centres?|practices?)\b",
    r"\b(?:works? for|working for|worked for) (?:the |our |a )?parent\b",
    r"\b(?:ward|senior|junior|charge|nursing|theatre|night|day|staff|clinic|unit|outpatients?)"
    r" sisters?\b",
    r"\bsisters? (?:on (?:the )?(?:ward|unit)|in charge|of (?:the )?(?:ward|unit))\b",
    r"\b(?:and|&) (?:sons?|daughters?|brothers|bros)\b",
    r"\b(?:sons|daughters|brothers|bros) (?:and co|ltd|limited|plc|llp|inc)\b",
    # relations and related, at work
    r"\b(?:customer|public|guest|client|community|employee|staff|industrial|investor|media|press"
    r"|tenant|member|members|patient|supplier|government|labour|trade|international|race)"
    r" relations?\b",
    r"\brelations? (?:manager|officer|team|department|advisor|adviser|executive|assistant|lead"
    r"|coordinator)s?\b",
    r"\b(?:work|job|customer|service|health|safety|role|business|sales|complaints?|task|industry"
    r"|products?|stock|payments?|finance|accounts?|it|technical|training|qualification|nvq"
    r"|course|dut(?:y|ies)|shift)s? related\b",
    # friends and mates at work
    r"\bfriends of (?:the |st |our )?(?!family\b|her\b|his\b|my\b|mine\b|the candidate\b"
    r"|candidate\b)\w+\b",
    r"\bdementia friends?\b",
    r"\b(?:team|work|ship|first|running|course) mates?\b",
    # landlords of the workplace
    r"\b(?:pub|bar|inn|hotel|housing|social|private|registered|commercial) (?:landl(?:ord|ady)s?"
    r"|landladies)\b",
    r"\blandl(?:ord|ady) (?:of|at) (?:the )?(?:\w+ )?(?:pub|bar|inn|hotel|arms|tavern)\b",
    r"\blandlord (?:liaison|services)\b",
    r"\bcarers? (?:at|in|for|with) (?:the |a |an )?(?:\w+ )?(?:home|agency|service|centre|ward"
    r"|company|trust|council|hospice)\b",
]

_CLEAR_RE = [re.compile(p) for p in _CLEAR]
_AMBIGUOUS_RE = [re.compile(p) for p in _AMBIGUOUS]
_WORKING_RE = [re.compile(p) for p in _WORKING]

_NEGATIONS = {"not", "no", "never", "nor", "neither", "non", "un", "without", "none", "nothing"}
_NOT_A_NEGATION_AFTER = {"just", "only", "simply", "merely", "longer", "exactly"}
_SCOPE_ENDS = {
    "and", "but", "who", "which", "whom", "whose", "because", "so", "also", "although",
    "though", "while", "whilst", "however", "yet", "plus", "except", "since",
}  # fmt: skip
_NEGATION_REACH = 6  # words
_CANDIDATE_OWNERS = {"my", "her", "his", "their"}
_OWNER_NOUNS = {"candidate", "candidates", "learner", "learners", "apprentice", "apprentices"}
_BETWEEN_OWNER = {
    "new", "current", "old", "late", "own", "dear", "younger", "older", "elder", "big",
    "little", "eldest", "youngest", "only", "real", "biological", "actual",
}  # fmt: skip
# "children's librarian": a word for people in general, naming a kind of work
_GENERIC_OWNERS = re.compile(r"^(?:children|kids|families|parents)$")
# "childminder for her son": the kin is who the witness works for, not who the witness is
_PREPOSITIONS = {"for", "of", "to", "with", "from", "at", "by", "about", "towards"}
_OF_CANDIDATE = re.compile(r"^(?:her|him|hers|his|mine|me|the candidate|candidate|the learner)\b")

# the John Lewis Partnership calls every employee a Partner; a ward sister is a senior nurse
_PARTNERSHIP = re.compile(r"\b(?:john lewis|waitrose|jlp)\b")
_NURSING = re.compile(
    r"\b(?:ward|wards|nurse|nurses|nursing|hospital|nhs|clinic|matron|theatres?)\b"
)
_PUB = re.compile(r"\b(?:pub|bar|inn|tavern|arms|brewery|public house)\b")
_NURSING_TITLES = {
    "ward", "senior", "junior", "charge", "nursing", "theatre", "night", "day", "staff",
}  # fmt: skip

# text handling -----------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "＇": "'"})
_CONTRACTIONS = (
    (re.compile(r"won't\b"), "will not"),
    (re.compile(r"can't\b"), "can not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
)
# "Related? No", "family: none", "partner - n/a": the answer comes after the word
_ANSWERED_NO = re.compile(
    r"\b(related|relations?|relatives?|family|partners?|friends?|personal relationship)"
    r"\s*[?:=\-–]+\s*(?:no|none|nil|n/?a|not applicable)\b"
)
_ANSWER_NO = re.compile(r"no|none|nil|n/?a|not applicable|no it is not|not at all")
_HYPHEN_IN_WORD = re.compile(r"(?<=[a-z0-9à-ÿ])-(?=[a-zà-ÿ])")
_CLAUSE_BREAK = re.compile(
    r"[,;:.!?()\[\]{}/\\|\"\n\r\t<>*#=~]+|\s[-–—]+\s|[–—]|\s-+$|^-+\s"
    r"|\b(?:but|however|although|though|whereas|except)\b"
)
_TOKEN = re.compile(r"[a-z0-9à-ÿ]+(?:'s?)?")


@dataclass
class _Clause:
    words: list[str]  # the words without a possessive ending
    owned: list[bool]  # the word ended in 's or s'
    text: str  # the words joined by single spaces
    starts: list[int]  # where each word starts in text
    denied: bool = False  # answered "no"
    ended: bool = False  # "any more", "any longer": what was so still counts

    def __post_init__(self) -> None:
        self.ended = bool(re.search(r"\bany ?(?:more|longer)\b", self.text))

    def span(self, match: re.Match) -> range:
        """The words a match covers."""
        first = bisect_right(self.starts, match.start()) - 1
        if self.starts[first] + len(self.words[first]) <= match.start():
            first += 1  # the match starts at the space after a word
        last = bisect_left(self.starts, match.end()) - 1
        return range(first, last + 1)


def _plain(text: str) -> str:
    """Lower case, compatibility forms folded ('ＭＵＭ' is 'mum') and accents dropped ('fiancée'
    is 'fiancee'), so no spelling of a word slips past the lists."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).lower()


def _clauses(text: str) -> list[_Clause]:
    text = _plain(text).translate(_APOSTROPHES).replace("&", " and ").replace("+", " and ")
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = _ANSWERED_NO.sub(r"not \1", text)
    text = _HYPHEN_IN_WORD.sub(" ", text)
    clauses: list[_Clause] = []
    for part in _CLAUSE_BREAK.split(text):
        if clauses and _ANSWER_NO.fullmatch((part or "").strip()):
            clauses[-1].denied = True  # "Any personal relationship? No"
            continue
        words, owned = [], []
        for token in _TOKEN.findall(part or ""):
            base = token.rstrip("'")
            is_owned = token.endswith("'") or base.endswith("'s")
            base = base.removesuffix("'s")
            words.append(base)
            owned.append(is_owned)
        if not words:
            continue
        starts, position = [], 0
        for word in words:
            starts.append(position)
            position += len(word) + 1
        clauses.append(_Clause(words, owned, " ".join(words), starts))
    return clauses


def _negated(clause: _Clause, first: int) -> bool:
    words = clause.words
    if clause.denied:
        return True
    if clause.ended:
        return False  # "not living together any more": it was so, and that counts
    for at in range(first - 1, max(-1, first - 1 - _NEGATION_REACH), -1):
        if words[at] in _SCOPE_ENDS:
            return False
        if words[at] in _NEGATIONS:
            following = words[at + 1] if at + 1 < len(words) else ""
            return following not in _NOT_A_NEGATION_AFTER
    return False


def _owner(clause: _Clause, first: int) -> str:
    """Whose the word at `first` is: 'candidate' ("her partner"), 'other' ("my friend's dad",
    "her mum's"), or '' when nobody's."""
    words, owned = clause.words, clause.owned
    before = first - 1
    if before >= 1 and words[before] in _BETWEEN_OWNER:
        before -= 1  # "her new partner"
    if before >= 0:
        if words[before] in _CANDIDATE_OWNERS:
            return "candidate"
        if owned[before]:
            if words[before] in _OWNER_NOUNS or _BLOOD_OR_MARRIAGE.match(words[before]):
                return "candidate"
            return "other"
    return ""


def _after_preposition(clause: _Clause, first: int) -> bool:
    """Is the owner of the word at `first` ("her", "the candidate's") after a preposition?"""
    before = first - 1
    if before >= 1 and clause.words[before] in _BETWEEN_OWNER:
        before -= 1
    if before >= 1 and clause.words[before] == "candidate" and clause.words[before - 1] == "the":
        before -= 1
    return before >= 1 and clause.words[before - 1] in _PREPOSITIONS


def _of_whom(clause: _Clause, last: int) -> str:
    """'candidate' for "brother of the candidate", 'other' for "mother of two", else ''."""
    if last + 1 < len(clause.words) and clause.words[last + 1] == "of":
        rest = " ".join(clause.words[last + 2 : last + 5])
        return "candidate" if _OF_CANDIDATE.match(rest) else "other"
    return ""


@dataclass(frozen=True)
class _Context:
    """What the whole text says about where the witness works."""

    partnership: bool  # the John Lewis Partnership: every employee is a Partner
    nursing: bool  # a ward: a sister is a senior nurse
    pub: bool  # a pub: the landlord is the employer

    @classmethod
    def of(cls, whole: str) -> _Context:
        return cls(
            bool(_PARTNERSHIP.search(whole)), bool(_NURSING.search(whole)), bool(_PUB.search(whole))
        )


def _exempt_by_context(
    clause: _Clause, first: int, word: str, context: _Context, owner: str
) -> bool:
    """A Partner of the John Lewis Partnership; a ward sister; the landlord of the pub."""
    if owner:
        return False
    previous = clause.words[first - 1] if first > 0 else ""
    if context.partnership and re.fullmatch(r"partners?", word):
        return first == 0 or previous in {"a", "the", "fellow", "as", "senior", "section"}
    if context.nursing and re.fullmatch(r"sisters?", word):
        return first == 0 or previous in _NURSING_TITLES
    return context.pub and bool(re.fullmatch(r"landl(?:ord|ady)", word))


def _clause_findings(clause: _Clause, context: _Context) -> list[tuple[str, str]]:
    working: set[int] = set()
    for pattern in _WORKING_RE:
        for match in pattern.finditer(clause.text):
            working.update(clause.span(match))
    findings = []
    for kind, patterns in ((REFUSE, _CLEAR_RE), (ASK, _AMBIGUOUS_RE)):
        for pattern in patterns:
            for match in pattern.finditer(clause.text):
                words = clause.span(match)
                if not words or set(words) <= working:
                    continue
                if any(clause.owned[i] for i in words[:-1]):
                    continue  # "her other half's sister" is not a half-sister
                word = match.group(0)[:MAX_WORD]
                owner = _owner(clause, words[0])
                of_whom = _of_whom(clause, words[-1])
                if _exempt_by_context(clause, words[0], word, context, owner):
                    continue
                outcome = kind
                personal = owner == "candidate" or of_whom == "candidate"
                if kind == ASK and personal and _OWNED_REFUSE.match(word):
                    outcome = REFUSE
                if clause.owned[words[-1]]:
                    if not owner and _GENERIC_OWNERS.match(word):
                        continue  # "head of children's services"
                    outcome = ASK  # it names whose the witness is: "her husband's boss"
                elif owner == "candidate" and _after_preposition(clause, words[0]):
                    outcome = ASK  # "childminder for her son"
                elif owner == "other" or (of_whom == "other" and owner != "candidate"):
                    outcome = ASK  # someone else's: "my friend's mum", "mother of two"
                if _negated(clause, words[0]):
                    outcome = ACCEPT
                findings.append((words[0], outcome, word))
    return [(outcome, word) for _, outcome, word in sorted(findings, key=lambda f: f[0])]


@lru_cache(maxsize=4096)
def check_relationship_words(text: str) -> WordCheck:
    """Refuse, accept or ask, and the words it turned on (see the module's docstring). A text
    holding characters that draw nothing is judged twice, as it is held (each such character
    parting words, as ever) and as it reads on the screen (without them: 'm\u200bum' is
    'mum'), and the graver answer stands, so hiding a word in plain sight changes nothing."""
    held = _check(text)
    folded = unicodedata.normalize("NFKD", text)
    shown = drawn(folded)
    if shown == folded:
        return held
    read = _check(shown)
    return read if _RANK[read.outcome] > _RANK[held.outcome] else held


def _check(text: str) -> WordCheck:
    clauses = _clauses(text)
    context = _Context.of(" ".join(c.text for c in clauses))
    findings = [f for clause in clauses for f in _clause_findings(clause, context)]
    if not findings:
        return WordCheck(ACCEPT)
    worst = max((outcome for outcome, _ in findings), key=_RANK.__getitem__)
    if worst == ACCEPT:
        return WordCheck(ACCEPT)
    words = tuple(dict.fromkeys(word for outcome, word in findings if outcome == worst))
    return WordCheck(worst, words)
