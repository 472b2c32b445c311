"""Who pays for a funding line: the body a line is prefixed with, is, is "provided by", or the writer.

Why these rules: in council resource envelopes and budget tables a line is either a
contribution from a budget-holding agency ("PCT - Speech Therapy", "North Wessex District
Council", "YOS", "WDAT(alcohol services)") or a service being paid for ("Youth Service",
"LSCB"). Only agencies that hold budgets (councils, NHS commissioners, government
departments, police, drug action teams, youth offending services, community safety
partnerships, Connexions, lottery and arts funders) are read as funders; boards, services
and teams are what the money buys. In prose the funder is the agent of "funded/provided/paid
by X", "a grant from X", "£35,000 from the Department for Education", or the subject of "X
can identify a spend of ...", "X's budget ... is £312m", "the ICB will contribute £0.8m" (not
"X is paid £70,000 by Y", where X receives). When nothing names a payer, a document one
council (or one NHS body) writes about its own money is paid for by that body: the
``Writer`` is the body its title names, unless the masthead names two (a joint agreement).

>>> from ckg.loaders.extract.context import OrgRegistry
>>> reg = OrgRegistry(area="Wessex")
>>> line_funder("PCT - Speech Therapy", reg), line_funder("WDAT(alcohol services)", reg)
('Wessex Primary Care Trust', 'Wessex Drug Action Team')
>>> line_funder("Youth Service", reg), line_funder("Social Care family support", reg)
(None, 'Wessex County Council')
>>> agent_funder("£1.3 million has been provided by the DfES for the period", reg)
'Department for Education and Skills'
>>> agent_funder("£35,000 from the Department for Education's play grant", reg)
'Department for Education'
>>> subject_funder("The Council is paid a fee of £12,000 a year by the ICB", 29, reg) is None
True
"""

from __future__ import annotations

import re

from ckg.loaders.extract.context import OrgRegistry, normalise_name

# Budget-holding agencies named by a generic term: (pattern over the mention, canonical template, kind).
# "{area}" is filled with the document's area; acronyms prefixed with the area's initials
# ("BDAT", "OCCG", "WSCC") are expanded by ``_area_acronym``.
AGENCIES: tuple[tuple[str, str, str], ...] = (
    (r"(?:drug\s+action\s+team|dat)", "{area} Drug Action Team", "partnership"),
    (r"(?:drug\s+and\s+alcohol\s+action\s+team|daat)", "{area} Drug and Alcohol Action Team", "partnership"),
    (
        r"(?:crime\s+and\s+disorder\s+reduction\s+partnership|cdrp)",
        "{area} Crime and Disorder Reduction Partnership",
        "partnership",
    ),
    (r"(?:community\s+safety\s+partnership|csp)", "{area} Community Safety Partnership", "partnership"),
    (r"(?:youth\s+offending\s+(?:service|team)|yos|yot)", "{area} Youth Offending Service", "team"),
    (r"(?:cc|county\s+council)", "{council}", "local-authority"),
    (r"connexions(?:\s+services?|\s+partnership)?", "Connexions", "other"),
    (r"(?:learning\s+(?:and\s+)?skills\s+council|lsc)", "Learning and Skills Council", "national-body"),
    (r"(?:central\s+)?government|hm\s+government", "Central Government", "national-body"),
    (
        r"(?:dfes|department\s+for\s+education\s+and\s+skills)",
        "Department for Education and Skills",
        "national-body",
    ),
    (r"(?:dfe|department\s+for\s+education)", "Department for Education", "national-body"),
    (
        r"(?:dcsf|department\s+for\s+children,?\s+schools\s+and\s+families)",
        "Department for Children, Schools and Families",
        "national-body",
    ),
    (
        r"(?:doh|dh|department\s+of\s+health(?:\s+and\s+social\s+care)?)",
        "Department of Health",
        "national-body",
    ),
    (r"(?:home\s+office)", "Home Office", "national-body"),
    (
        r"(?:odpm|office\s+of\s+the\s+deputy\s+prime\s+minist?er)",
        "Office of the Deputy Prime Minister",
        "national-body",
    ),
    (r"(?:ace|arts\s+council(?:\s+england)?)", "Arts Council England", "national-body"),
    (r"(?:big\s+lottery\s+fund|national\s+lottery)", "Big Lottery Fund", "national-body"),
    (r"(?:nhs\s+england)", "NHS England", "national-body"),
    (r"(?:phe|public\s+health\s+england)", "Public Health England", "national-body"),
)
# Names that are budget holders whatever the registry calls them.
FUNDING_BODY = re.compile(
    r"\b(?:councils?|primary\s+care\s+trusts?|pcts?|clinical\s+commissioning\s+groups?|ccgs?|"
    r"integrated\s+care\s+(?:boards?|systems?)|icbs?|health\s+authority|nhs\s+england|police|constabulary|"
    r"probation|department\s+(?:for|of)|government|home\s+office|cabinet\s+office|lottery|arts\s+council|"
    r"sport\s+england|public\s+health\s+england|skills\s+council|funding\s+agency|connexions|"
    r"action\s+team|youth\s+offending|crime\s+and\s+disorder|community\s+safety\s+partnership|"
    r"foundation|office\s+of\s+the\s+deputy)\b",
    re.I,
)
# A name whose head is a budget holder ("... County Council"), not a part of one ("... Council Cabinet").
_BUDGET_HOLDER_END = re.compile(
    r"(?:council|primary\s+care\s+trust|pct|clinical\s+commissioning\s+group|ccg|integrated\s+care\s+board|icb|"
    r"nhs\s+england|police|constabulary|probation(?:\s+service)?|government|office|lottery(?:\s+fund)?|"
    r"arts\s+council(?:\s+england)?|sport\s+england|public\s+health\s+england|skills\s+council|agency|"
    r"connexions|action\s+team|youth\s+offending\s+(?:service|team)|partnership|foundation|trust|"
    r"department\s+(?:for|of)\s+[\w ,&]+|minist\w+)$",
    re.I,
)


def _holds_budget(name: str | None) -> bool:
    return bool(name and FUNDING_BODY.search(name) and _BUDGET_HOLDER_END.search(name.strip()))


# Council functions: a line headed by one of them is the council's money ("Social Care family support").
COUNCIL_FUNCTION = re.compile(
    r"^(?:children'?s\s+)?(?:social\s+care|social\s+services|children'?s\s+services)\b", re.I
)
_PREFIX = re.compile(r"^\s*([A-Za-z][A-Za-z&'’. ]{1,40}?)\s*[-–:]\s+\S")
_AGENT = re.compile(
    r"\b(?:(?:provided|funded|paid|given|allocated|awarded|contributed|invested|financed|sponsored|granted|"
    r"commissioned\s+and\s+funded|grant[- ]aided|met|covered|underwritten)\s+(?:\S+\s+){0,8}?by|"
    r"(?:grants?|funding|contributions?|money|monies|allocations?|payments?)\s+from)\s+"
    r"(?P<body>(?:the\s+)?[\w&'’,. -]{2,90})",
    re.I,
)
# "£35,000 from the Department for Education's grant": a budget holder the money comes from.
_FIGURE = r"^\s*(?:£\s?[\d,.]+(?:\s?(?:million|billion|thousand|mn|bn|m|k)\b)?\+?)?"
_FROM = re.compile(_FIGURE + r"[^.;£]{0,40}?\bfrom\s+(?P<body>(?:the\s+)?[\w&'’,. -]{2,90})", re.I)
# "£0.8m of NHS England funding", "£35,000 of the Council's grant": the body the money is of.
_OF_BODY = re.compile(
    _FIGURE + r"\s+of\s+(?P<body>(?:the\s+)?[\w&'’ -]{2,80})\s+"
    r"(?:funding|grants?|money|monies|allocations?|investment|contributions?|budgets?)\b",
    re.I,
)
# "is paid a fee of £70,000 a year by the ICB": the payer named after the figure of a passive verb.
_PASSIVE_BEFORE = re.compile(
    r"\b(?:paid|provided|funded|given|awarded|allocated|contributed|granted|met|covered|financed)\b[^.;]*$",
    re.I,
)
_BY_AFTER = re.compile(_FIGURE + r"[^.;£]{0,60}?\bby\s+(?P<body>(?:the\s+)?[\w&'’,. -]{2,90})", re.I)
# A body the money goes to: "X is paid ...", "X receives ...".
_RECIPIENT_AFTER = re.compile(
    r"^['’]?s?\s*(?:is|are|was|were|will\s+be|has\s+been|have\s+been)\s+(?:\w+ly\s+)?"
    r"(?:paid|given|awarded|granted|allocated|offered)\b|^\s*(?:receives?|received|will\s+receive|gets?)\b",
    re.I,
)
_NAME_RUN = re.compile(
    r"(?:[A-Z][\w'’&-]*|[a-z]+\s+(?=government))(?:\s+(?:of|for|and|the|&|[A-Z][\w'’&-]*|government))*"
)
# A proper name ending in a budget holder's head noun ("Thames Valley Police", "Mid Beds District Council").
_PROPER_BUDGET_HOLDER = re.compile(
    r"(?:[A-Z][\w'’-]*\s+){1,5}(?:Council|Police|Constabulary|Foundation|Primary\s+Care\s+Trust|"
    r"Clinical\s+Commissioning\s+Group|Integrated\s+Care\s+Board)"
)
_SENTENCE_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "by",
        "for",
        "from",
        "to",
        "this",
        "that",
        "these",
        "our",
        "their",
        "its",
        "all",
        "each",
        "every",
        "based",
        "as",
        "at",
        "of",
        "with",
        "and",
        "or",
        "but",
        "if",
        "when",
        "where",
        "while",
        "within",
        "under",
        "over",
    ]
)
_GENERIC_MENTION = re.compile(
    r"\b(?:the\s+)?(?:county\s+council|local\s+authority|council|pct|ccg|icb|"
    r"primary\s+care\s+trust|central\s+government|government)\b",
    re.I,
)


def _fill(template: str, reg: OrgRegistry) -> str | None:
    if "{council}" in template:
        return reg.council_name()
    if "{area}" in template:
        return template.format(area=reg.area) if reg.area else template.replace("{area} ", "")
    return template


def _initials(area: str | None) -> list[str]:
    if not area:
        return []
    words = re.findall(r"[A-Za-z]+", area)
    out = ["".join(w[0] for w in words).upper()]
    if len(words) == 1:
        out.append(words[0][:2].upper())
    return out


def _agency(mention: str, reg: OrgRegistry) -> tuple[str, str] | None:
    """(canonical name, kind) when the mention is a generic budget-holding agency."""
    key = normalise_name(mention).lower().replace("&", "and")
    for pattern, template, kind in AGENCIES:
        if re.fullmatch(pattern, key):
            name = _fill(template, reg)
            return (name, kind) if name else None
    return None


def _area_acronym(mention: str, reg: OrgRegistry) -> tuple[str, str] | None:
    """ "BDAT" in a Bedfordshire document, "WSCC" in a West Sussex one: area initials + a generic acronym."""
    if not re.fullmatch(r"[A-Z]{3,7}", mention):
        return None
    for ini in _initials(reg.area):
        if mention.startswith(ini) and len(mention) > len(ini) + 1:
            rest = mention[len(ini) :]
            if name := reg.resolve(rest):
                return name, "other"
            if found := _agency(rest, reg):
                return found
    return None


def body(mention: str, reg: OrgRegistry, *, budget_holder: bool = False) -> str | None:
    """Canonical name of the body a mention names (registered on first use), else None.

    With ``budget_holder`` only bodies that hold budgets count: a line that *is* a board or
    a service names what is paid for, not who pays.
    """
    mention = normalise_name(re.sub(r"[’']s$", "", mention.strip()))
    if not mention or len(mention) > 90:
        return None
    found = _agency(mention, reg) or _area_acronym(mention, reg)
    name = reg.resolve(mention)
    if name is None and found is None:
        if _PROPER_BUDGET_HOLDER.fullmatch(mention) and mention.split()[0].lower() not in _SENTENCE_WORDS:
            return reg.resolve_or_add(mention, "local-authority" if mention.endswith("Council") else "other")
        return None
    if budget_holder and not (found or _holds_budget(name) or FUNDING_BODY.search(mention)):
        return None
    if found and (name is None or not FUNDING_BODY.search(name)):
        canonical, kind = found
        reg.add(canonical, kind, aliases=[mention] if mention.lower() != canonical.lower() else [])
        return reg.resolve(canonical) or canonical
    return reg.resolve_or_add(mention)


def line_funder(label: str, reg: OrgRegistry) -> str | None:
    """Funder of a table line: "PCT - X", a line that is a budget holder, or a council function."""
    if (m := _PREFIX.match(label)) and (name := body(m.group(1), reg, budget_holder=True)):
        return name
    head = re.split(r"\s*[(\t]", label.strip(), maxsplit=1)[0].strip()
    if head and (name := body(head, reg, budget_holder=True)):
        return name
    if COUNCIL_FUNCTION.match(label) and (council := reg.council_name()):
        return reg.resolve_or_add(council, "local-authority")
    if _CONTRIBUTION.search(label):  # "Less: NHS Wessex ICB contribution to joint placements"
        return subject_funder(label, len(label), reg)
    return None


_CONTRIBUTION = re.compile(r"\b(?:contributions?|contributed|income|funding\s+from|grants?\s+from)\b", re.I)


def bodies_in(text: str, reg: OrgRegistry, *, budget_holder: bool) -> list[tuple[int, str]]:
    """(offset, canonical name) of the bodies named in ``text``, in order."""
    found: list[tuple[int, str]] = []
    for m in list(_NAME_RUN.finditer(text)) + list(_GENERIC_MENTION.finditer(text)):
        words = m.group(0).split()
        # the longest resolvable run of words, dropping leading words ("Based on ... WSCC's")
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                cand = " ".join(words[i:j]).strip(",.;:")
                if re.fullmatch(r"(?:of|for|and|the|&)", cand.split()[-1], re.I):
                    continue
                name = body(cand, reg, budget_holder=budget_holder)
                if name:
                    found.append((m.start() + len(" ".join(words[:i])), name))
                    break
            else:
                continue
            break
    found.sort()
    return found


def _named_in(tail: str, reg: OrgRegistry, *, budget_holder: bool = False) -> str | None:
    """The body a phrase starts with ("the DfES for the period" -> DfES), longest words first."""
    tail = re.split(r"\s+(?:but|which|who|that)\s+|[;.(]|,\s+(?![A-Z])", tail)[0]
    tail = re.sub(r"^(?:the|a|an)\s+", "", tail.strip(), flags=re.I)
    words = tail.split()
    for j in range(min(len(words), 10), 0, -1):
        if name := body(" ".join(words[:j]), reg, budget_holder=budget_holder):
            return name
    return None


def agent_funder(sentence: str, reg: OrgRegistry, before: str = "") -> str | None:
    """The agent of "funded by X", "provided by the DfES", "a grant from central government".

    ``sentence`` starts at the figure; ``before`` is the text before it, so that "X is paid
    a fee of £N by Y" finds Y.
    """
    for m in _AGENT.finditer(sentence):
        if name := _named_in(m.group("body"), reg):
            return name
    if (m := _FROM.match(sentence)) and (name := _named_in(m.group("body"), reg, budget_holder=True)):
        return name
    if (m := _OF_BODY.match(sentence)) and (name := _named_in(m.group("body"), reg, budget_holder=True)):
        return name
    if (
        before
        and _PASSIVE_BEFORE.search(before)
        and (m := _BY_AFTER.match(sentence))
        and (name := _named_in(m.group("body"), reg))
    ):
        return name
    return None


def subject_funder(sentence: str, before: int, reg: OrgRegistry) -> str | None:
    """The first of ``payers``."""
    found = payers(sentence, before, reg)
    return found[0] if found else None


def payers(sentence: str, before: int, reg: OrgRegistry) -> list[str]:
    """Budget holders named before offset ``before`` as the subject or owner of the figure.

    "The PCT can identify a spend of approximately £61m": the PCT; "Wessex County
    Council's ... budget ... is £312m": the council. A body after "to/for/with" is a
    recipient, not the payer, and so is one that "is paid" or "receives" the money.
    """
    out: list[str] = []
    covered = -1  # end of the last mention: "County Council" inside "Wessex County Council" is not another
    for start, name in bodies_in(sentence[:before], reg, budget_holder=True):
        if start < covered:
            continue
        covered = _mention_end(sentence, start)
        prev = sentence[:start].split()[-1:] or [""]
        if prev[0].lower() in _NOT_PAYER_BEFORE:
            continue
        if reg.area and re.match(
            re.escape(reg.area) + r"\b(?!['’]s|\s+(?:county|borough|city|district))", sentence[start:], re.I
        ):
            continue  # "lower schools in Wessex": the place, not its council
        end = _mention_end(sentence, start)
        if _RECIPIENT_AFTER.match(sentence[end:before]):
            continue
        if name not in out:
            out.append(name)
    return out


def _mention_end(sentence: str, start: int) -> int:
    """End of the run of name words starting at ``start``."""
    m = _NAME_RUN.match(sentence, start) or _GENERIC_MENTION.match(sentence, start)
    return m.end() if m else start


_NOT_PAYER_TEXT = "to for with from between and by of than via in at across within throughout into on"
_NOT_PAYER_BEFORE = frozenset(_NOT_PAYER_TEXT.split())

# ---------------------------------------------------------------------------- the writer
# A body a title or masthead names as its publisher: a council or an NHS commissioner.
_PUBLISHER = re.compile(
    r"\b(?:NHS\s+)?(?:[A-Z][\w'’-]*\s+(?:(?:and|&|of|upon|on)\s+)?){1,6}?"
    r"(?:(?:County|City|Borough|District|Metropolitan\s+Borough|Town|Parish)\s+)?"
    r"(?:Council|Integrated\s+Care\s+Board|Clinical\s+Commissioning\s+Group|Primary\s+Care\s+Trust)\b"
)
_GENERIC_OWN = re.compile(
    r"(?:the\s+)?(?:(?:county|city|borough|district)\s+)?council|(?:the\s+)?(?:local\s+authority|authority)",
    re.I,
)
_GENERIC_NHS = re.compile(
    r"(?:the\s+)?(?P<head>icb|integrated\s+care\s+board|ccg|clinical\s+commissioning\s+group|"
    r"pct|primary\s+care\s+trust)",
    re.I,
)
_NHS_HEAD = {
    "icb": "Integrated Care Board",
    "integrated care board": "Integrated Care Board",
    "ccg": "Clinical Commissioning Group",
    "clinical commissioning group": "Clinical Commissioning Group",
    "pct": "Primary Care Trust",
    "primary care trust": "Primary Care Trust",
}
_MASTHEAD_BLOCKS = 15


class Resolver:
    """The registry, with "the Council" meaning the writer's council when the area is unknown.

    A council's own report calls itself "the Council" without the registry knowing its area
    (an area not in the gazetteer); "the ICB" is the one ICB the document names.
    """

    def __init__(self, reg: OrgRegistry, own_council: str | None = None):
        self.reg = reg
        self.own_council = own_council

    def __getattr__(self, name: str):
        return getattr(self.reg, name)

    def _fallback(self, mention: str) -> str | None:
        key = normalise_name(re.sub(r"['’]s$", "", mention.strip()))
        if self.own_council and _GENERIC_OWN.fullmatch(key):
            return self.own_council
        if m := _GENERIC_NHS.fullmatch(key):
            head = _NHS_HEAD[re.sub(r"\s+", " ", m.group("head").lower())]
            named = [
                o.name for o in self.reg.records() if o.name.endswith(head) or o.name.endswith(head + "s")
            ]
            if len(named) == 1:
                return named[0]
        return None

    def resolve(self, mention: str | None) -> str | None:
        if not mention:
            return None
        return self.reg.resolve(mention) or self._fallback(mention)

    def resolve_or_add(self, mention: str, kind: str = "other", span=None) -> str:
        if self.reg.resolve(mention) is None and (name := self._fallback(mention)):
            return name
        return self.reg.resolve_or_add(mention, kind, span)

    def council_name(self) -> str | None:
        return self.reg.council_name() or self.own_council


def writer(doc, reg: OrgRegistry) -> tuple[str | None, str | None]:
    """(the council the document is by, the single body writing it) from its title and masthead.

    The second is None for a joint document: a masthead naming two budget holders ("Wessex
    City Council and NHS Wessex Integrated Care Board") writes about money both hold.
    """
    title = doc.title or ""
    found = [m.group(0) for m in _PUBLISHER.finditer(title)]
    own = None
    for mention in found:
        if name := body(mention, reg):
            own = name
            break
    if own is None:
        return reg.council_name(), None
    masthead = [title]
    for k, b in enumerate(doc.blocks[:_MASTHEAD_BLOCKS]):
        started = any(x.kind not in ("heading", "title") for x in doc.blocks[:k])
        if b.kind in ("heading", "title") and b.text.strip() != title.strip() and started:
            break  # the first section heading after the masthead
        masthead.append(b.text)
    names = set()
    for text in masthead:
        for m in _PUBLISHER.finditer(text):
            if name := body(m.group(0), reg):
                names.add(name)
    council = own if re.search(r"\bCouncil$", own) else reg.council_name()
    return council, (own if len(names) <= 1 else None)
