"""Reading a question's shape: what kind of thing it wants back, and the figures and years it names.

Independent of the graph: plain patterns over English question forms ("which panel ...",
"how many ...", "what do X and Y commission", "... and who delivers it?").

>>> s = shape_of("Which partner chips in £38k to the Stay Safe pooled budget?")
>>> s.head, s.answer_kind, s.generic_head, [str(a) for a in s.amounts]
('partner', 'body', True, ['38000'])
>>> shape_of("what's the budget for residential placements (foster agencies and homes) in Kent?").answer_kind
'amount'
>>> shape_of("What is the combined annual value of the pooled budgets?").answer_kind
'amount'
>>> shape_of("Which commissioning strategy underpins most of CEF's work?").answer_kind
'document'
>>> shape_of("what legislation lets the council and PCT pool budgets?").answer_kind
'document'
>>> shape_of("what's the plan for young people's drug treatment?").answer_kind is None
True
>>> shape_of("What training do senior managers have to do?").answer_kind
'thing'
>>> shape_of("which areas did the Board target?").answer_kind
'place'
>>> shape_of("how much revenue did the DfES give between April 2006 and March 2008?").years
[2006, 2008]
>>> shape_of("Which Oxfordshire County Council team deals with exploitation?").head
'team'
>>> shape_of("What do the County Council and the CCG commission jointly?").answer_kind
'thing'
>>> shape_of("What are the six themes of the strategy?").answer_kind is None
True
>>> s = shape_of("How many locality commissioning groups are there?"); s.head, s.answer_kind
('groups', 'count')
>>> shape_of("what new domestic violence services are planned?").answer_kind
'service'
>>> shape_of("name of the senior commissioning manager for joint commissioning").answer_kind
'person'
>>> shape_of("how do I get in touch with Reading's head of commissioning?").answer_kind
'person'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ckg.loaders.extract.money import find_amounts

# Nouns a "which X" may ask for, by the family of body that answers it. A specific noun
# ("panel") wants a body so called; a generic one ("group", "body") any body of its family.
BODY_NOUNS: dict[str, tuple[str, ...]] = {
    "partnership": (
        "panel",
        "board",
        "forum",
        "partnership",
        "committee",
        "sub-group",
        "subgroup",
        "network",
        "alliance",
        "consortium",
        "group",
        "collaborative",
    ),
    "team": ("team", "directorate", "department", "unit", "hub", "part", "section", "division"),
    "local-authority": ("council", "authority"),
    "health-body": ("ccg", "pct", "nhs", "icb", "trust"),
    "any": (
        "body",
        "organisation",
        "organization",
        "partner",
        "agency",
        "provider",
        "charity",
        "member",
        "school",
        "funder",
        "commissioner",
        "firm",
        "company",
        "consultancy",
        "contractor",
    ),
}
GENERIC_HEADS = frozenset(
    {"group", "body", "organisation", "organization", "partner", "agency", "member", "part"}
)
DOCUMENT_NOUNS = (
    "strategy",
    "strategies",
    "plan",
    "plans",
    "act",
    "acts",
    "law",
    "legislation",
    "bill",
    "report",
    "reports",
    "document",
    "documents",
    "guidance",
    "framework",
    "white paper",
    "assessment",
    "review",
)
PERSON_NOUNS = ("person", "officer", "manager", "director", "contact", "lead", "chair", "councillor")
SERVICE_NOUNS = (
    "service",
    "services",
    "programme",
    "programmes",
    "project",
    "projects",
    "scheme",
    "schemes",
    "initiative",
    "initiatives",
    "provision",
)
_ROLE_NOUNS = (
    r"(?:manager|officer|director|head|lead|chief|chair|chairman|chairperson|councillor|"
    r"commissioner|executive|(?:cabinet|lead|portfolio) member|contact|coordinator|co-ordinator|consultant|adviser|advisor)"
)
_PERSON_ASKED = re.compile(
    rf"\bname of (?:the|a)\b.{{0,60}}\b{_ROLE_NOUNS}\b|"
    rf"\bwho(?:'s| is| was| are| were| will be)\s+(?:the|a|an|their|its)\b.{{0,50}}\b{_ROLE_NOUNS}s?\b",
    re.I,
)
# "Reading's head of commissioning" in a question about reaching someone: a person is wanted
_POST_NAMED = re.compile(rf"\b{_ROLE_NOUNS}\s+(?:of|for)\b", re.I)
_REACH = re.compile(
    r"\b(?:get in touch|contact|reach|e-?mail|phone|ring|call|speak|talk|write to)\b|^\s*who\b", re.I
)
_HEADS = sorted(
    {n + s for ns in BODY_NOUNS.values() for n in ns for s in ("", "s")}
    | {n[:-1] + "ies" for ns in BODY_NOUNS.values() for n in ns if n.endswith("y")}
    | set(DOCUMENT_NOUNS)
    | set(PERSON_NOUNS)
    | set(SERVICE_NOUNS),
    key=len,
    reverse=True,
)
_AUX = r"(?!(?:do|does|did|is|are|was|were|will|has|have|had|can|could|should|would|must)\b)"
_WH = re.compile(
    r"\b(?:which|what(?:'s|\s+is|\s+are|\s+was|\s+were)?|how many)\s+"
    + _AUX
    + r"((?:[\w'&-]+\s+){0,4})("
    + "|".join(_HEADS)
    + r")\b",
    re.I,
)
# "what legislation lets the council ...": the noun right after the wh-word is the head.
_WH_DIRECT = re.compile(r"\b(?:which|what|how many)\s+()(" + "|".join(_HEADS) + r")\b", re.I)
_WH_NOUN = re.compile(
    r"^\s*(?:which|what)\s+(?!(?:do|does|did|is|are|was|were|will|has|have|had|can|could|should|"
    r"would|must|kind|sort|type|about|if|happens|happened)\b)[a-z][\w'-]*\s+"
    r"(?:do|does|did|is|are|was|were|will|has|have|can|should|must)\b",
    re.I,
)
_PLAN_FOR = re.compile(r"\bwhat(?:'s| is| are)? the plans? (?:for|to)\b|\bany plans?\b|\bplans? for\b", re.I)
_PLACE = re.compile(
    r"\bwhich (?:areas?|towns?|localit(?:y|ies)|districts?|places?|wards?|parts of the county)\b|"
    r"^\s*where\b",
    re.I,
)
_YEAR = re.compile(r"\b((?:19|20)\d\d)(?:\s*[-–/]\s*((?:19|20)?\d\d))?\b")
_AMOUNT_ASKED = re.compile(
    r"\bhow much\b|\bwhat(?:'s| is| was| are)? the (?:[\w-]+\s+){0,3}(?:budget|value|figure|amount|cost|spend|"
    r"total|threshold|allocation)s?\b|\bhow big\b|\babove what\b|\bbelow what\b|\bwhat(?:'s| is)? the figure\b",
    re.I,
)
_COUNT_ASKED = re.compile(
    r"\bhow many\b|\bwhat (?:share|proportion|percentage|percent|number|rate)\b|"
    r"\bhow much of\b|\bwhat %|\bhow (?:big|large) (?:a|is the) (?:share|proportion)\b",
    re.I,
)
_WHEN = re.compile(r"\bwhen\b|\bby when\b|\bwhat date\b|\bhow soon\b|\btimescale\b", re.I)
_THING = re.compile(r"^\s*(?:what|which)\s+(?:do|does|did|will|can)\b(?!.*\b(?:who|which body)\b)", re.I)
_HOW = re.compile(
    r"^\s*how\s+(?:does|do|did|will|can|could|should|would|is|are|was|were)\b(?!.*\b(?:funded|"
    r"paid|commissioned|provided|run|delivered|financed|managed|get in touch|contact|reach|e-?mail|phone|"
    r"ring|call|speak to|talk to)\b)",
    re.I,
)
_SECONDARY = re.compile(r"\band\s+(who|which|what|how much|has|have|is|are|when|where)\b(.*)$", re.I)
# "what does the PCT fund?", "which services does the council commission?", "what is X paying for?":
# the named body is the subject; the answer is what it funds, commissions or provides.
_INVERSE = re.compile(
    r"^\s*(?:what|which)(?:\s+(?:services?|programmes?|projects?|things?|work|schemes?|initiatives?|"
    r"activities))?\s+(?:does|do|did|will|has|have|is|are|was|were)\s+(?P<subject>.{2,80}?)\s+"
    r"(?P<verb>fund(?:s|ed|ing)?|pay(?:s|ing)? for|paid for|spend(?:s|ing)? (?:\w+ )?on|spent (?:\w+ )?on|"
    r"commission(?:s|ed|ing)?|buy(?:s|ing)?|bought|procur(?:e|es|ed|ing)|provid(?:e|es|ed|ing)|"
    r"deliver(?:s|ed|ing)?|run(?:s|ning)?|ran|offer(?:s|ed|ing)?)\b",
    re.I,
)
INVERSE_INTENTS = {
    "fund": "funded-by",
    "pay": "funded-by",
    "paid": "funded-by",
    "spen": "funded-by",
    "comm": "commissioned-by",
    "buy": "commissioned-by",
    "boug": "commissioned-by",
    "proc": "commissioned-by",
}


def inverse_of(question: str) -> tuple[str, str] | None:
    """(subject as typed, intent) when the question asks what a body funds, commissions or provides.

    >>> inverse_of("what does Bedfordshire PCT fund?")
    ('Bedfordshire PCT', 'funded-by')
    >>> inverse_of("Which services does the County Council commission for disabled children?")
    ('the County Council', 'commissioned-by')
    >>> inverse_of("what does the trust pay for?")[1]
    'funded-by'
    >>> inverse_of("who funds CAMHS?") is None
    True
    """
    m = _INVERSE.search(question)
    if not m:
        return None
    verb = m.group("verb").lower().split()[0]
    return m.group("subject"), INVERSE_INTENTS.get(verb[:4], INVERSE_INTENTS.get(verb[:3], "provided-by"))


CUT_WORDS = re.compile(r"\b(?:cut|cuts|reduc\w*|saving\w*|less)\b", re.I)


@dataclass
class Shape:
    head: str | None = None  # the noun a "which/what X" asks for
    head_phrase: str | None = None  # with the words before it ("OYAN members", "district council")
    generic_head: bool = False  # "group", "body": any body of the family will do
    answer_kind: str | None = None  # body | document | person | amount | when | thing | None
    body_family: str | None = None  # partnership | team | local-authority | health-body | any
    amounts: list[Decimal] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    secondary: str | None = None  # the text of a second question joined by "and ..."
    wants_cut: bool = False
    wants_share: bool = False  # a percentage or proportion


def _singular(noun: str) -> str:
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def shape_of(question: str) -> Shape:
    s = Shape()
    q = question.strip()
    s.amounts = [m.amount for m in find_amounts(q)]
    for m in _YEAR.finditer(q):
        start = int(m.group(1))
        s.years.append(start)
        if m.group(2):
            end = int(m.group(2)) if len(m.group(2)) == 4 else (start // 100) * 100 + int(m.group(2))
            if start < end <= start + 30:
                s.years.append(end)
    s.years = sorted(set(s.years))
    if _PLACE.search(q):
        s.answer_kind = "place"
    elif m := (_WH_DIRECT.search(q) or _WH.search(q)):
        s.head = m.group(2).lower()
        s.head_phrase = (m.group(1) + m.group(2)).strip()
        single = _singular(s.head)
        if s.head in DOCUMENT_NOUNS:
            s.answer_kind = "document"
        elif s.head in PERSON_NOUNS:
            s.answer_kind = "person"
        elif s.head in SERVICE_NOUNS:
            s.answer_kind = "service"
        else:
            s.answer_kind = "body"
            s.body_family = next((f for f, nouns in BODY_NOUNS.items() if single in nouns), "any")
            s.generic_head = single in GENERIC_HEADS or s.body_family == "any"
    if s.answer_kind == "document" and _PLAN_FOR.search(q):
        s.answer_kind, s.head = None, None  # "what's the plan for X" asks for intentions, not a document
    if _PERSON_ASKED.search(q) or (_POST_NAMED.search(q) and _REACH.search(q)):
        s.answer_kind = "person"
    if _COUNT_ASKED.search(q):
        s.answer_kind = "count"
    elif _AMOUNT_ASKED.search(q):
        s.answer_kind = s.answer_kind if s.answer_kind == "body" else "amount"
    elif s.answer_kind is None and _WHEN.search(q):
        s.answer_kind = "when"
    elif s.answer_kind is None and (_THING.search(q) or _HOW.search(q) or _WH_NOUN.search(q)):
        s.answer_kind = "thing"
    elif s.answer_kind is None and re.match(r"^\s*(?:who|whom)\b", q, re.I):
        s.answer_kind = "body"
    if m := _SECONDARY.search(q):
        s.secondary = (m.group(1) + m.group(2)).strip()
    s.wants_cut = bool(CUT_WORDS.search(q))
    s.wants_share = bool(re.search(r"\b(?:share|proportion|percentage|percent|%|rate)\b", q, re.I))
    return s
