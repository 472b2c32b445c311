"""Who pays for a funding line: the body a line is prefixed with, is, or is "provided by".

Why these rules: in council resource envelopes and budget tables a line is either a
contribution from a budget-holding agency ("PCT - CAMHS", "Mid Beds District Council",
"YOS", "BDAT(substance misuse)") or a service being paid for ("Youth Service", "LSCB").
Only agencies that hold budgets (councils, NHS commissioners, government departments,
police, drug action teams, youth offending services, community safety partnerships,
Connexions, lottery and arts funders) are read as funders; boards, services and teams are
what the money buys. In prose the funder is the agent of "funded/provided by X", "a grant
from X", or the subject of "X can identify a spend of ...", "X's budget ... is £504m".

>>> from ckg.loaders.extract.context import OrgRegistry
>>> reg = OrgRegistry(area="Bedfordshire")
>>> line_funder("PCT - CAMHS", reg), line_funder("BDAT(substance misuse)", reg)
('Bedfordshire Primary Care Trust', 'Bedfordshire Drug Action Team')
>>> line_funder("Youth Service", reg), line_funder("Social Care family support", reg)
(None, 'Bedfordshire County Council')
>>> agent_funder("£2.9 million has been provided by the DfES for the period", reg)
'Department for Education and Skills'
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
# Council functions: a line headed by one of them is the council's money ("Social Care family support").
COUNCIL_FUNCTION = re.compile(
    r"^(?:children'?s\s+)?(?:social\s+care|social\s+services|children'?s\s+services)\b", re.I
)
_PREFIX = re.compile(r"^\s*([A-Za-z][A-Za-z&'’. ]{1,40}?)\s*[-–:]\s+\S")
_AGENT = re.compile(
    r"\b(?:(?:provided|funded|paid|given|allocated|awarded|contributed|invested|financed|sponsored|"
    r"commissioned\s+and\s+funded|grant[- ]aided)\s+(?:\w+\s+){0,6}?by|grants?\s+from|funding\s+from|"
    r"contributions?\s+from)\s+(?P<body>(?:the\s+)?[\w&'’,. -]{2,90})",
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
    if budget_holder and not (found or FUNDING_BODY.search(name or "") or FUNDING_BODY.search(mention)):
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
    return None


def _bodies_in(text: str, reg: OrgRegistry, *, budget_holder: bool) -> list[tuple[int, str]]:
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


def agent_funder(sentence: str, reg: OrgRegistry) -> str | None:
    """The agent of "funded by X", "provided by the DfES", "a grant from central government"."""
    for m in _AGENT.finditer(sentence):
        tail = re.split(
            r"\s+(?:for|in|to|from|during|between|until|and\s+(?:took|was|is|has))\s+|[,;.(]", m.group("body")
        )[0]
        tail = re.sub(r"^(?:the|a|an)\s+", "", tail.strip(), flags=re.I)
        words = tail.split()
        for j in range(len(words), 0, -1):
            if name := body(" ".join(words[:j]), reg):
                return name
    return None


def subject_funder(sentence: str, before: int, reg: OrgRegistry) -> str | None:
    """A budget holder named before offset ``before`` as the subject or owner of the figure.

    "The PCT can identify a spend of approximately £98m": the PCT; "Oxfordshire County
    Council's ... budget ... is £504m": the council. A body after "to/for/with" is a
    recipient, not the payer.
    """
    for start, name in _bodies_in(sentence[:before], reg, budget_holder=True):
        prev = sentence[:start].split()[-1:] or [""]
        if prev[0].lower() in _NOT_PAYER_BEFORE:
            continue
        if reg.area and re.match(
            re.escape(reg.area) + r"\b(?!['’]s|\s+(?:county|borough|city|district))", sentence[start:], re.I
        ):
            continue  # "lower schools in Bedfordshire": the place, not its council
        return name
    return None


_NOT_PAYER_TEXT = "to for with from between and by of than via in at across within throughout into on"
_NOT_PAYER_BEFORE = frozenset(_NOT_PAYER_TEXT.split())
