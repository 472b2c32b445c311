"""What a question asks for, read from its English form: the kind of answer, the relation.

Independent of the graph and of any document: patterns over English question forms. The
answer *types* say what a right answer is (a body, a person, an amount of money, a date, a
count, an identifier, a list, a phrase, a document...); the *relation* says how the answer
stands to the question's subject (who funds, commissions, provides, chairs or wrote it, or
whom to contact). The ranker learns how much each fit matters; this module only reads.

>>> s = shape_of("Which charity runs the Brookfield youth hub?")
>>> s.answer_types[0], s.relation, s.head
('body', 'provider', 'charity')
>>> shape_of("how much is the Elmstead short breaks contract worth a year?").answer_types[0]
'amount'
>>> shape_of("When does the current fostering contract end?").answer_types[0]
'date'
>>> shape_of("How many children's homes does the council run?").answer_types[0]
'count'
>>> shape_of("What is the decision number of the report?").answer_types[0]
'identifier'
>>> shape_of("what's the decision number for the Elmshire lodgings report?").contact
False
>>> shape_of("What are the strategy's four aims?").answer_types[:2]
('priority', 'list')
>>> shape_of("which act gives the council its sufficiency duty?").answer_types[0]
'document'
>>> shape_of("who should I email about the tender?").answer_types[:2]
('person', 'contact')
>>> shape_of("what will happen to the supported lodgings service?").answer_types[:2]
('intention', 'phrase')
>>> shape_of("which service will the pooled budget cover first?").answer_types[:2]
('service', 'body')
>>> shape_of("who chairs the Elmbury Youth Justice Board?").answer_types[:3]
('post', 'person', 'body')
>>> shape_of("what do respite placements cost Elmshire each year?").answer_types[0]
'amount'
>>> shape_of("which charity runs counselling for 13-25 year olds in Northby?").list_size is None
True
>>> shape_of("at what level is respite care commissioned?").answer_types[0]
'phrase'
>>> s = shape_of("who pays for the respite beds in Fenwick, and how much?"); s.relation, s.secondary
('funder', 'how much?')

Typed into a search box, without a question word:

>>> shape_of("Fenwick youth hub budget 2024").answer_types[0], shape_of("number of foster carers in Elmshire").answer_types[0]
('amount', 'count')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ckg.loaders.extract.money import find_amounts

# Nouns a "which X" may ask for, by the family of body that answers it.
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
        "cabinet",
    ),
    # not "service": in commissioning, "which service" asks for a service bought or run (the
    # body running it still fits as the second kind of answer)
    "team": ("team", "directorate", "department", "unit", "hub", "part", "section", "division"),
    "local-authority": ("council", "authority", "authorities", "councils"),
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
DOCUMENT_NOUNS = frozenset(
    [
        "strategy",
        "strategies",
        "plan",
        "plans",
        "act",
        "acts",
        "law",
        "laws",
        "legislation",
        "bill",
        "report",
        "reports",
        "document",
        "documents",
        "guidance",
        "framework",
        "frameworks",
        "white",
        "paper",
        "assessment",
        "review",
        "reviews",
        "policy",
        "policies",
        "paper",
        "papers",
        "statute",
        "regulations",
    ]
)
PERSON_NOUNS = frozenset(
    [
        "person",
        "officer",
        "manager",
        "director",
        "contact",
        "lead",
        "chair",
        "councillor",
        "member",
        "cabinet-member",
        "author",
        "job",
        "role",
        "post",
        "title",
    ]
)
SERVICE_NOUNS = frozenset(
    [
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
        "contract",
        "contracts",
        "placement",
        "placements",
    ]
)
PRIORITY_NOUNS = frozenset(
    [
        "priority",
        "priorities",
        "aim",
        "aims",
        "objective",
        "objectives",
        "outcome",
        "outcomes",
        "theme",
        "themes",
        "goal",
        "goals",
        "ambition",
        "ambitions",
        "principle",
        "principles",
        "vision",
    ]
)
_ROLE = (
    r"(?:manager|officer|director|head|lead|chief|chair|chairman|chairperson|councillor|cllr|"
    r"commissioner|executive|(?:cabinet|lead|portfolio) member|contact|co-?ordinator|consultant|adviser|advisor)"
)
_WH_HEAD = re.compile(
    r"\b(?:which|what(?:'s| is| are| was| were)?|name (?:the|of the)|list (?:the|all)?)\s+"
    r"(?!(?:do|does|did|is|are|was|were|will|has|have|had|can|could|should|would|must)\b)"
    r"((?:[\w'&-]+\s+){0,3}?)([a-z][\w-]*)\b",
    re.I,
)
# a small number of things ("the three aims", "5 priorities"), not an age or a range ("13-25 year olds")
_NUMBER_WORD = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|(?<![-–/.,\d])\d{1,2}(?![-–/.,\d])"
    r"(?!\s+(?:years?|months?|weeks?|days?|hours?|year-olds?)\b))"
)
_LIST = re.compile(
    rf"\b(?:what|which) (?:are|were) (?:the|its|their|[\w']+'s?)\s+(?:\w+\s+){{0,2}}?(?:{_NUMBER_WORD}\s+)?"
    r"[\w-]+s\b|\b" + _NUMBER_WORD + r"\s+(?:[\w-]+\s+){0,2}[\w-]+s\b|\blist\b|\bwhat (?:are|were) all\b|"
    r"\bwhich (?:[\w-]+\s+)?(?:groups|bodies|organisations|partners|services|areas|documents)\b|"
    # "what gaps did the review find?", "what changes in funding were agreed?": a plural asked for
    r"^\s*(?:what|which)\s+(?:[a-z-]+\s+)?[a-z-]+s(?<!ss)(?<!us)(?<!is)(?:\s+(?:in|of|to|for)\s+[a-z-]+)?"
    r"\s+(?:did|do|does|have|has|had|are|were|will|would|should|can|could)\b",
    re.I,
)
_AMOUNT = re.compile(
    r"\bhow much\b|\bwhat(?:'s| is| was| are| were)? the (?:[\w-]+\s+){0,3}(?:budget|value|figure|amount|"
    r"cost|spend|total|allocation|grant|contribution|price|fee|rate|saving|overspend)s?\b|\bhow big\b|\bworth\b|"
    # "above what contract value does ...", "what annual budget does ...": a money noun after "what"
    r"\bwhat\s+(?:[\w-]+\s+){0,2}(?:value|budget|amount|allocation|contribution|price|fee)s?\s+"
    r"(?:does|did|do|is|was|are|were|will|would|has|have|had|must|should|can)\b|"
    r"\bhow (?:expensive|costly)\b|\bwhat does it cost\b|"
    r"\bwhat\b(?![^?]*\bon\s*\??\s*$)[^?]*\b(?:cost|costs|spend|spends|spent)\b|"
    r"\b(?:total|annual|yearly)\s+(?:[\w-]+\s+){0,3}(?:spend|cost|budget|expenditure)s?\b",
    re.I,
)
_MONEY_NOUN = re.compile(
    r"\b(?:budgets?|value|cost|costs|spend|spending|expenditure|allocations?|grants?|contributions?|price|"
    r"fees?|savings?|overspend|underspend|worth)\b",
    re.I,
)
_COUNT = re.compile(
    r"\bhow many\b|\bwhat (?:share|proportion|percentage|percent|number|rate|fraction)\b|\bwhat %|"
    r"\bwhat(?:'s| is| was| are| were) the (?:total |overall )?number of\b|"
    r"\bhow (?:big|large|high|low) (?:a|is the|was the) (?:share|proportion|rate|number)\b|\bhow often\b|"
    r"\bhow far (?:did|has|have|does|will|is|was)\b[^?]*\b(?:fall|fell|fallen|rise|rose|risen|drop|dropped|"
    r"grow|grown|increase|increased|decrease|decreased|reduce|reduced)\b",
    re.I,
)
_DATE = re.compile(
    r"^\s*(?:and\s+)?(?:by\s+|until\s+|since\s+)?when\b|\b(?:by|until|since|from) when\b|\bwhat (?:date|year|month|day)\b|\bhow long\b|\btimescale\b|\bdeadline\b|"
    r"\bwhich (?:year|date|month)\b|\buntil when\b|\bstart date\b|\bend date\b",
    re.I,
)
# A length of time asked for: "how long is the wait", "what is the length of the contract".
_DURATION = re.compile(
    r"\bhow long\b(?!\s+ago)|"
    r"\bwhat (?:is|was|are|were) the (?:[\w-]+\s+){0,2}(?:duration|length|waiting times?|wait)\b",
    re.I,
)
_IDENTIFIER = re.compile(
    r"\b(?:reference|ref|decision|report|item|agenda item|forward plan|key decision|version|paragraph|"
    r"section|appendix|minute|procurement|contract)\s+(?:no\.?|number|ref(?:erence)?|id|code)\b|"
    r"\bwhat (?:number|reference|ref|code)\b|\bwhich (?:agenda )?item\b|\bwhat item\b|"
    # "what's the LSOA code", "which guideline number": a code asked for by name (not a phone number
    # and not "the number of", which is a count)
    r"\b(?:what|which)(?:'s|\s+is|\s+was|\s+are)?\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?<!phone )(?<!telephone )(?<!contact )(?<!fax )(?<!mobile )(?<!helpline )(?<!tel )"
    r"(?:code|number|ref(?:erence)?)\b(?!\s+of\b)",
    re.I,
)
_PLACE = re.compile(
    r"\bwhich (?:areas?|towns?|localit(?:y|ies)|districts?|places?|wards?|parts of the (?:county|borough|city))\b|"
    r"^\s*where\b(?!.*\b(?:come|comes|coming|came) from\b)",
    re.I,
)
_PERSON = re.compile(
    rf"\bname of (?:the|a)\b.{{0,60}}\b{_ROLE}\b|"
    rf"\bwho(?:'s| is| was| are| were| will be)\s+(?:the|a|an|their|its)\b.{{0,50}}\b{_ROLE}s?\b|"
    r"\bwho (?:wrote|authored|signed|drafted|prepared|compiled|presented)\b|\bwhose name\b|"
    r"\bwho (?:should|do|can|could) (?:i|we|you|one|people|providers)\b",
    re.I,
)
_CONTACT = re.compile(
    r"\b(?:contact|e-?mail|phone|telephone|address|get in touch|speak to|talk to|write to|reach|freepost)\b|"
    # "the number for the hub" is a phone number; "the decision number for the report" is not
    r"(?<!decision )(?<!reference )(?<!report )(?<!item )(?<!agenda )(?<!version )(?<!contract )\bnumber for\b|"
    r"\b(?:i|we|you|to|can|should)\s+(?:ring|call)\b",
    re.I,
)
_INTENTION = re.compile(
    r"\bplan(?:s|ned|ning)? (?:to|for)\b|\bwill\b|\bgoing to\b|\bintend|\bproposal|\bproposed|\bpropose|"
    r"\brecommend|\bre-?commission|\bdecommission|\bre-?tender|\btender|\bprocure|\bnext steps?\b|"
    r"\bwhat happens\b|\bwhat is happening\b|\bfuture\b|\bdecid|\bagree[ds]?\b|\bapprove",
    re.I,
)
_PRIORITY = re.compile(
    r"\bpriorit|\baims?\b|\bobjectives?\b|\bthemes?\b|\boutcomes?\b|\bgoals?\b|\bambitions?\b|"
    r"\bfocus(?:es|ing)? on\b|\bareas? of focus\b|\bvision\b|\bprinciples?\b",
    re.I,
)
# A verb form used as a modifier ("the commissioning strategy", "the funding formula") names a thing,
# not the relation asked about.
_MODIFIED = (
    r"(?!\s+(?:strateg\w*|plans?|framework\w*|team\w*|manager\w*|intentions?|boards?|groups?|sub-?groups?|"
    r"cycle|process|arrangements?|principles?|work|programmes?|functions?|guide|budgets?|support|hubs?|"
    r"lines?|streams?|formula|agreements?|allocations?|lists?|panels?|partnerships?|officers?|leads?|"
    r"review|approach|model|activity|activities|capacity|priorities|landscape|unit)\b)"
)
# The relation asked about, read from the question's verbs (English, not any document's words).
RELATIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "author",
        re.compile(
            r"\bwho (?:wrote|authored|drafted|prepared|produced|compiled|carried out|conducted|undertook|"
            r"published|presented|signed)\b|\bwritten by\b|\bauthors?\b|\breport (?:is )?by\b",
            re.I,
        ),
    ),
    (
        "funder",
        re.compile(
            r"\bfund(?:s|ed|ing|er|ers)?\b"
            + _MODIFIED
            + r"|\bpa(?:y|ys|ying|id)\b|\bmoney\b|\bfinanc|\bcontribut|\bfoot the bill\b|"
            r"\bput(?:s|ting)? (?:up|in)\b|\b(?:come|comes|coming|came) from\b|\bgrant\b",
            re.I,
        ),
    ),
    (
        "commissioner",
        re.compile(
            r"\bcommission(?:s|ed|ing|er|ers)?\b"
            + _MODIFIED
            + r"|\bbuy(?:s|ing)?\b|\bbought\b|\bprocur|\bpurchas|\btender|"
            r"\bawards?\b|\bawarded\b|\bcontracts? (?:with|for)\b|\bresponsible for commissioning\b",
            re.I,
        ),
    ),
    (
        "provider",
        re.compile(
            r"\bprovid(?:e|es|ed|ing|er|ers)\b"
            + _MODIFIED
            + r"|\bruns?\b|\brunning\b|\bdeliver(?:s|ed|ing)?\b|\boperat|"
            r"\bhosts?\b|\boffers?\b|\bdeals? with\b|\bhandles?\b|\bsupplier\b",
            re.I,
        ),
    ),
    (
        "leader",
        re.compile(
            r"\bchair(?:s|ed|ing)?\b|\bleads?\b|\bled\b|\bheads?\b|\bin charge\b|\bmanages?\b|\boversees?\b|"
            r"\baccountable\b|\breports? to\b|\bresponsible\b",
            re.I,
        ),
    ),
    (
        "parent",
        re.compile(
            r"\bwhich part of\b|\bpart of (?:which|what)\b|\bsits? (?:in|within|under)\b|\bbelongs? to\b|"
            r"\bwhich (?:directorate|department|division|service area)\b|\bwithin (?:which|what)\b|\bhoused in\b|"
            r"\bhosted by\b",
            re.I,
        ),
    ),
    ("member", re.compile(r"\bmembers?\b|\bsits? on\b|\brepresented\b|\bpart of\b|\bbelongs?\b", re.I)),
)
_YEAR = re.compile(r"\b((?:19|20)\d\d)(?:\s*[-–/]\s*((?:19|20)?\d\d))?\b")
_SECONDARY = re.compile(
    r"(?:,\s*|\s)and\s+((?:(?:by|in|at|from|to|for|on)\s+)?(?:who|which|what|how much|how many|when|where|whom|"
    r"is|are|has|have|does|do|did)\b.*)$",
    re.I,
)
# "what does the PCT fund?", "which services does the council commission?": the named body is the
# subject; the answer is what it funds, commissions or provides.
_INVERSE_HEAD = (
    r"^\s*(?:what|which)(?:\s+(?:services?|programmes?|projects?|things?|work|schemes?|initiatives?|"
    r"activities|contracts?|placements?|lines?))?\s+"
)
# The verb's form agrees with the auxiliary ("does X commission", "has X commissioned"), so "what
# does the commissioning board say" has no such verb. "What is X commissioning" is left out: in
# questions that form is far more often a noun ("what are the joint commissioning priorities").
_INVERSE = tuple(
    re.compile(
        _INVERSE_HEAD + rf"(?:{aux})\s+(?P<subject>.{{2,80}}?)\s+(?P<verb>{verbs})\b",
        re.I,
    )
    for aux, verbs in (
        (
            "does|do|did|will",
            r"fund|pay for|spend (?:\w+ )?on|commission|buy|procure|provide|deliver|run|offer",
        ),
        (
            "has|have",
            r"funded|paid for|spent (?:\w+ )?on|commissioned|bought|procured|provided|delivered|run|offered",
        ),
    )
)
# Asked of the document itself: when it was published, by whom, which version (read on its title page).
_OF_DOCUMENT = re.compile(
    r"\b(?:published|issued|written|wrote|prepared|produced|dated|finali[sz]ed|updated|revised|version|"
    r"compiled|drafted|authored|carried out|undertaken|presented)\b",
    re.I,
)
CUT_WORDS = re.compile(r"\b(?:cut|cuts|reduc\w*|saving\w*|less|overspend\w*)\b", re.I)
# The JSON's ``intent`` names (interfaces.md), from the relation and the first answer type.
INTENT_OF_RELATION = {
    "funder": "who-funds",
    "commissioner": "who-commissions",
    "provider": "who-provides",
    "leader": "relationship",
    "member": "relationship",
    "parent": "relationship",
    "author": "contact",
}
INTENT_OF_TYPE = {
    "amount": "amount",
    "document": "documents",
    "priority": "priorities",
    "intention": "intentions",
    "person": "contact",
    "contact": "contact",
}
INVERSE_INTENTS = {"fund": "funded-by", "pay": "funded-by", "paid": "funded-by", "spen": "funded-by"}


@dataclass
class Shape:
    answer_types: tuple[str, ...] = ("phrase",)  # what a right answer is, most wanted first
    relation: str | None = None  # funder | commissioner | provider | leader | member | author
    contact: bool = False  # asks how to reach someone (email, phone, address)
    head: str | None = None  # the noun a "which/what X" asks for
    body_family: str | None = None  # partnership | team | local-authority | health-body | any
    generic_head: bool = False
    inverse: tuple[str, str] | None = None  # (subject as typed, intent) for "what does X fund?"
    amounts: list[Decimal] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    secondary: str | None = None  # a second question joined by "and ..."
    wants_cut: bool = False
    wants_share: bool = False  # a percentage or proportion
    list_size: int | None = None  # "the three aims"
    of_document: bool = False  # asks when, by whom or in which version a document was made

    @property
    def intent(self) -> str:
        if self.inverse:
            return self.inverse[1]
        first = self.answer_types[0]
        if first in INTENT_OF_TYPE and not (first == "person" and self.relation in ("leader", "member")):
            return INTENT_OF_TYPE[first]
        if self.relation in INTENT_OF_RELATION:
            return INTENT_OF_RELATION[self.relation]
        return "intentions" if "intention" in self.answer_types else "relationship"


def inverse_of(question: str) -> tuple[str, str] | None:
    """(subject as typed, intent) when the question asks what a body funds, commissions or provides.

    >>> inverse_of("what does Fenwick Borough Council fund?")
    ('Fenwick Borough Council', 'funded-by')
    >>> inverse_of("Which services does the ICB commission for disabled children?")
    ('the ICB', 'commissioned-by')
    >>> inverse_of("who funds the hub?") is None
    True
    >>> inverse_of("What does the Fenwick commissioning plan say about respite?") is None
    True
    >>> inverse_of("what has the Fenwick commissioning board commissioned?")
    ('the Fenwick commissioning board', 'commissioned-by')
    """
    m = next((m for pattern in _INVERSE if (m := pattern.search(question))), None)
    if not m:
        return None
    verb = m.group("verb").lower()
    if verb.startswith(("comm", "buy", "boug", "proc")):
        return m.group("subject"), "commissioned-by"
    return m.group("subject"), INVERSE_INTENTS.get(verb[:4], INVERSE_INTENTS.get(verb[:3], "provided-by"))


def _singular(noun: str) -> str:
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def relation_of(question: str) -> str | None:
    """The relation the question's verb asks about: the one named first (authorship wins).

    >>> relation_of("who is paying for the new unit?"), relation_of("who runs the hub?")
    ('funder', 'provider')
    >>> relation_of("who runs the commissioning panel for fostering?")
    'provider'
    """
    found = []
    for order, (name, pattern) in enumerate(RELATIONS):
        if m := pattern.search(question):
            found.append((0 if name == "author" else 1, m.start(), order, name))
    return min(found)[3] if found else None


def _years(q: str) -> list[int]:
    years: list[int] = []
    for m in _YEAR.finditer(q):
        start = int(m.group(1))
        years.append(start)
        if m.group(2):
            end = int(m.group(2)) if len(m.group(2)) == 4 else (start // 100) * 100 + int(m.group(2))
            if start < end <= start + 30:
                years.append(end)
    return sorted(set(years))


def _head(q: str) -> tuple[str | None, str | None]:
    """The noun a wh-phrase asks for ("which charity" -> charity) and its kind."""
    for m in _WH_HEAD.finditer(q):
        words = (m.group(1) + m.group(2)).lower().split()
        for word in reversed(words):
            single = _singular(word)
            if word in DOCUMENT_NOUNS or single in DOCUMENT_NOUNS:
                return single, "document"
            if single in PRIORITY_NOUNS or word in PRIORITY_NOUNS:
                return single, "priority"
            if any(single in nouns for nouns in BODY_NOUNS.values()) or word in BODY_NOUNS["local-authority"]:
                return single, "body"
            if word in SERVICE_NOUNS or single in SERVICE_NOUNS:
                return single, "service"
            if single in PERSON_NOUNS:
                return single, "person"
    return None, None


def shape_of(question: str, names: list[str] | tuple[str, ...] = ()) -> Shape:
    """The shape of ``question``; ``names`` (the bodies and documents it names, as typed) are not
    read for its verbs ("who runs the Joint Commissioning Team": runs, not commissions)."""
    q = question.strip()
    s = Shape()
    s.amounts = [m.amount for m in find_amounts(q)]
    s.years = _years(q)
    s.inverse = inverse_of(q)
    main = q
    if m := _SECONDARY.search(q):
        s.secondary = m.group(1).strip()
        main = q[: m.start()]
    masked = _mask(main, names)
    s.relation = relation_of(masked) or (relation_of(_mask(s.secondary, names)) if s.secondary else None)
    s.contact = bool(_CONTACT.search(q))
    s.wants_cut = bool(CUT_WORDS.search(q))
    s.wants_share = bool(re.search(r"\b(?:share|proportion|percentage|percent|%|rate)\b", q, re.I))
    if m := re.search(rf"\b({_NUMBER_WORD})\s+(?:[\w-]+\s+){{0,2}}[\w-]+s\b", q, re.I):
        word = m.group(1).lower()
        s.list_size = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
    s.head, head_kind = _head(main)
    if head_kind == "body":
        single = s.head or ""
        s.body_family = next((f for f, nouns in BODY_NOUNS.items() if single in nouns), "any")
        s.generic_head = single in GENERIC_HEADS or s.body_family == "any"
    s.answer_types = _answer_types(masked, s, head_kind)
    s.of_document = bool(_OF_DOCUMENT.search(main)) and (
        s.relation == "author" or s.answer_types[0] in ("date", "identifier", "person")
    )
    return s


def _mask(text: str, names: list[str] | tuple[str, ...]) -> str:
    for name in sorted((n for n in names if len(n) >= 3), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", "X", text, flags=re.I)
    return text


_PEOPLE_VERB = re.compile(r"\b(?:chair(?:s|ed|ing)?|manages?|managed|heads?|headed)\b", re.I)
_LEVEL = re.compile(r"\b(?:at\s+)?(?:what|which)\s+(?:level|scale|tier)s?\b", re.I)


def _answer_types(q: str, s: Shape, head_kind: str | None) -> tuple[str, ...]:
    """The kinds of answer that fit, best first; "sentence" (the stating sentence) always fits a little."""
    types: list[str] = []

    def add(*kinds: str) -> None:
        types.extend(k for k in kinds if k not in types)

    if s.inverse:
        add({"funded-by": "amount", "commissioned-by": "intention", "provided-by": "service"}[s.inverse[1]])
        add("service", "intention", "list")
    phoning = re.search(r"\b(?:call|ring|dial|phone)\b", q, re.I)  # "what number should I ring?"
    # A search-box query without a question word names what it wants by its noun: "youth hub
    # budget 2024" asks an amount, "number of children in care" a count.
    no_wh = not re.search(r"\b(?:who|whom|whose|what|which|when|where|why|how)\b", q, re.I)
    keyword_amount = no_wh and _MONEY_NOUN.search(q)
    keyword_count = no_wh and re.search(r"(?<!phone )(?<!telephone )\bnumber of\b", q, re.I)
    if _IDENTIFIER.search(q) and not phoning:
        add("identifier")
    if (_COUNT.search(q) or keyword_count) and not (phoning and not re.search(r"\bhow many\b", q, re.I)):
        add("count")
    if _AMOUNT.search(q) or keyword_amount:
        add("amount")
    if _DURATION.search(q) and not types:
        # "when does it start and how long can it run?": the point in time first
        add(*(("date", "duration") if re.match(r"\s*when\b", q, re.I) else ("duration", "date")))
    if _DATE.search(q) and not types:
        add("date")
    if _PLACE.search(q):
        add("place")
    if head_kind == "document":
        add("document")
    if (
        _PERSON.search(q)
        or head_kind == "person"
        or (s.contact and re.match(r"\s*who\b", q, re.I))
        or (no_wh and re.search(rf"\b{_ROLE}\b", q, re.I))  # "commissioning manager for short breaks?"
    ):
        add("person", "contact", "post")
    elif s.contact:
        add("contact", "person", "post")
    if (
        head_kind == "body"
        or s.relation == "parent"
        or (re.match(r"\s*(?:who|whom)\b", q, re.I) and s.relation != "author")
    ):
        if s.relation == "leader" and _PEOPLE_VERB.search(q) and head_kind != "body":
            add("post", "person")  # a meeting is chaired, a team managed, by a person in a post
        add("body")
        if s.relation in ("leader", "member"):
            add("person", "post")
    if s.relation == "author":
        add("body", "person")
    if head_kind == "service":
        add("service", "body")
    if head_kind == "priority" or _PRIORITY.search(q):
        add("priority")
    if _INTENTION.search(q):
        add("intention")
    if _LIST.search(q) or s.list_size:
        add("list")
    if not types and s.relation in ("funder", "commissioner", "provider", "leader", "parent"):
        add("body")  # "where does the money come from?", "how is it funded?"
    if _LEVEL.search(q):
        types.insert(0, "phrase")  # "at what level is it commissioned?" asks a level, not a body
    if re.match(r"\s*who\b", q, re.I) and not s.relation and "body" in types:
        add("person")  # "who did the mapping?" may be a person as well as a body
    if not types or types[0] in ("priority", "intention", "service", "list"):
        add("phrase")
    if s.secondary:
        add(*(t for t in shape_of(s.secondary).answer_types if t != "sentence"))
    add("sentence")
    return tuple(types)
