"""What an organisation's name looks like: head nouns, kinds, spelling variants, acronyms.

Shared by the finder (``organisations_finder``), the resolver (``context.OrgRegistry``) and
the list rules. Everything here is general knowledge of how English public bodies are
named, not knowledge of any one document:

- a name ends in a head noun that says what kind of body it is ("... Board", "... Trust",
  "... Directorate"), or starts with one that takes a complement ("Department for ...");
- bodies every area has (PCT, CCG, LSCB, YOS ...) are named after the area, so a bare
  "Local Safeguarding Children's Board" in a Bedfordshire document is the Bedfordshire one;
- printed spellings vary ("Oxfordshire CCG", "Mid Beds District Council", "Well-being"),
  so ``canonical_form`` rewrites them to one spelling and ``loose_key`` matches the rest.

>>> canonical_form("Mid Beds District Council", area="Bedfordshire")
'Mid Bedfordshire District Council'
>>> canonical_form("Oxfordshire CCG", area="Oxfordshire")
'Oxfordshire Clinical Commissioning Group'
>>> canonical_form("Local Safeguarding Children's Board", area="Bedfordshire")
'Bedfordshire Safeguarding Children Board'
>>> kind_of("Oxford Health NHS Foundation Trust"), kind_of("Children's Trust")
('health-body', 'partnership')
>>> acronym_matches("Multi-Agency Allocation Groups", "MAAG")
True
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ckg.loaders.extract.organisations_bodies import expand_abbreviations, generic_bodies, generic_full_names


def wordset(text: str) -> frozenset[str]:
    """A set of words written as one string (easier to read and edit than a list literal)."""
    return frozenset(text.split())


# Head noun (capitalised, as printed at the end of a name) -> kind.
HEAD_KINDS: dict[str, str] = {
    "Council": "local-authority",
    "Councils": "local-authority",
    "Authority": "local-authority",
    "Trust": "health-body",
    "Trusts": "health-body",
    "CCG": "health-body",
    "CCGs": "health-body",
    "PCT": "health-body",
    "ICB": "health-body",
    "Hospital": "health-body",
    "Hospitals": "health-body",
    "Board": "partnership",
    "Boards": "partnership",
    "Partnership": "partnership",
    "Partnerships": "partnership",
    "Panel": "partnership",
    "Panels": "partnership",
    "Forum": "partnership",
    "Forums": "partnership",
    "Group": "partnership",
    "Groups": "partnership",
    "Committee": "partnership",
    "Sub-Group": "partnership",
    "Sub-group": "partnership",
    "Subgroup": "partnership",
    "Sub-Committee": "partnership",
    "Sub-committee": "partnership",
    "Alliance": "partnership",
    "Consortium": "partnership",
    "Network": "partnership",
    "Collaborative": "partnership",
    "Parliament": "partnership",
    "Cabinet": "partnership",
    "Team": "team",
    "Teams": "team",
    "Directorate": "team",
    "Directorates": "team",
    "Division": "team",
    "Service": "team",
    "Services": "team",
    "Unit": "team",
    "Hub": "team",
    "Department": "national-body",
    "Ministry": "national-body",
    "Office": "national-body",
    "Agency": "national-body",
    "Commission": "national-body",
    "Inspectorate": "national-body",
    # legal forms of companies and charities: "Brightwater Care Ltd", "Fenwick Play CIC"
    "Ltd": "provider",
    "Limited": "provider",
    "CIC": "provider",
    "PLC": "provider",
    "plc": "provider",
    "LLP": "provider",
    "CIO": "provider",
    "Club": "provider",
    "Association": "provider",
    "Society": "provider",
    "Charity": "provider",
    "Foundation": "provider",
    "Federation": "provider",
    "Institute": "other",
    "Theatre": "provider",
    "Museum": "provider",
    "Gallery": "provider",
    "School": "school",
    "Academy": "school",
    "College": "school",
    "Primary": "school",
    "Nursery": "school",
    "University": "other",
    "Police": "other",
    "Constabulary": "other",
    "Centre": "other",
}
# Heads that also name things that are not bodies ("Family Support Services", "Free School"):
# a name with one of these needs a word that singles it out (a place, a proper noun, an acronym).
RISKY_HEADS = wordset(
    "Service Services Centre School Primary Nursery Academy College Unit Hub Group Groups Club Limited "
    "Office Department Foundation Trust Trusts Network Association Society Division Hospital"
)
# Heads printed in lower case after a capitalised name ("Kingfisher team", "Be Healthy sub group").
LOWER_HEADS = wordset(
    "group groups team forum forums panel board partnership committee sub-group subgroup sub-groups subgroups"
)
# Heads that take a complement: "Department for Education", "Partnership Board for Autism".
COMPLEMENT_HEADS = wordset(
    "Department Ministry Office Commission Alliance Association Society Institute Federation "
    "Council Board Boards Partnership Trust Agency College University Inspectorate Forum "
    "Directorate Service Network Foundation Centre Academy School"
)
# Words of a group's name that make it a standing body rather than a group of people
# ("Age Groups", "Parenting Group" are not bodies; "Steering Group" is).
BODY_GROUP_WORDS = wordset(
    "commissioning management steering working strategic strategy partnership executive advisory "
    "reference implementation operational officers allocation locality joint practice stakeholder "
    "project programme delivery transformation integration leadership governance planning "
    "performance action sub housing provider providers heads chief"
)
# Role words: a span with one of these is a post ("Director of Children's Services").
ROLE_WORDS = wordset(
    "Director Manager Officer Head Chair Chairman Chairperson Member "
    "Coordinator Co-ordinator Adviser Advisor Consultant Practitioner Specialist "
    "Paediatrician Psychologist Dentist Clinician Councillor Cllr Secretary Minister Analyst "
    "Assistant Administrator Executive Commissioner Principal Deputy Associate Leader Partner Lawyer Solicitor "
    "GP Doctor Surgeon Therapist Counsellor Clerk Inspector Governor Headteacher"
)
# Words that make a span a document, a plan or a measure rather than a body.
DOCUMENT_WORDS = wordset(
    "Act Acts Bill Framework Agenda Plan Plans Policy Report Review Guidance Statement Assessment "
    "Indicator Indicators Outcome Outcomes Survey Award Awards Standard Standards Regulations Paper "
    "Agreement Agreements Priority Priorities Measure Set Tool Toolkit Budget Grant Funds Contract "
    "Model Offer Scheme Prospectus"
)
# Acronyms that are common terms, not bodies (a span with one of them is not singled out by it).
TERM_ACRONYMS = wordset(
    "SEN SEND LAC CSE ADHD ASD LD LDD EAL KS GCSE NEET BME BAME CAF PEP SALT OT OTs DMT EHC EHCP "
    "IAPT PRU PE ICT IT FE HE LA LAA JSNA KPI KPIs CIN CP CIC STI STIs SRE PSHE FSM YP "
    "CYP CYPP ECM MH MST ABA IQ EBD SEMH MLD SLD PMLD ASC BESD SPLD HI VI MSI PD TA"
)

_FUNCTION = wordset("and & of for the in on to at with a an")
_LOOSE_DROP = wordset("the local of nhs foundation")
_SCHOOL_DROP = wordset("community catholic rc ce church england voluntary aided controlled c e")


def tidy(name: str) -> str:
    """Whitespace, quotes and a leading article tidied: how a printed name is compared."""
    s = re.sub(r"\s+", " ", name.replace("’", "'").replace("‘", "'")).strip(" ,.;:-–")
    s = re.sub(r"^(?:the|a|an)\s+", "", s, flags=re.I)
    return s


def words_of(name: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9][\w'&.-]*|&", name)


def head_of(name: str) -> str | None:
    """The head noun a name ends with (or None)."""
    ws = words_of(name)
    if not ws:
        return None
    last = ws[-1].rstrip(".")
    if last in HEAD_KINDS:
        return last
    if last.lower() in LOWER_HEADS:
        return last.lower()
    # "Department for Education": the head is the last head noun before a complement
    for i in range(len(ws) - 2, -1, -1):
        if ws[i] in COMPLEMENT_HEADS and ws[i + 1] in ("for", "of"):
            return ws[i]
    return None


# How a council's own document names it without its place: "the Council", "the County Council",
# "the Authority", "the local authority" (a regex fragment, used whole or inside a sentence).
OWN_COUNCIL = r"(?:(?:county|city|borough|district)\s+)?(?:council|local\s+authority|authority)"


# Words that say what kind of thing a body is, or which of several, but name none of them.
_NOT_A_NAME = (
    wordset(
        "agreement partner partners government scheme host lead one each both either other all any "
        "council councils authority trust trusts service services"
    )
    | LOWER_HEADS
)


def names_a_body(name: str) -> bool:
    """Whether ``name`` names a body rather than a kind of one ("the Board", "one Partner") or a
    fragment of a longer name cut at a possessive ("Council's Children" of "the Council's Children
    with Disabilities Service").

    >>> [names_a_body(n) for n in ("Board", "One Partner", "Agreement", "Council's Children")]
    [False, False, False, False]
    >>> [names_a_body(n) for n in ("Elmshire Youth Board", "NSPCC", "Fenwick Foyer Trust", "Children's Society")]
    [True, True, True, True]
    """
    words = words_of(tidy(name))
    if not words or all(w.lower() in _NOT_A_NAME for w in words):
        return False
    possessive = next((i for i, w in enumerate(words) if w.lower().endswith("'s")), None)
    if possessive is not None and words[possessive][:-2].lower() in _NOT_A_NAME:
        # "Council's Children" is cut short; "Council's Youth Service" is not
        return head_of(name) is not None
    return True


def kind_of(name: str) -> str:
    """The kind of body a name says it is (records.ORG_KINDS)."""
    low = name.lower().replace("’", "'")
    words = re.findall(r"[a-z]+", low)
    if re.search(r"\bchildren(?:'s| and young people's)? trust\b", low):
        return "partnership"
    head = head_of(name)
    head_kind = HEAD_KINDS.get(head or "") or ("team" if head == "team" else "partnership" if head else None)
    if head_kind == "team":
        return "team"
    if head_kind == "partnership":
        nhs = r"(?:clinical commissioning groups?|ccgs?|integrated care boards?|icbs?)$|^nhs\b"
        return "health-body" if re.search(nhs, low) else "partnership"
    if re.search(
        r"\b(?:nhs|ccg|pct|icb|clinical commissioning|primary care|hospitals?|integrated care (?:board|system)|"
        r"commissioning support unit|strategic health authority)\b",
        low,
    ):
        return "health-body"
    if re.search(r"\b(?:county|borough|district|city|town|parish|metropolitan) councils?\b", low):
        return "local-authority"
    if re.search(r"\b(?:youth council|in care council|youth cabinet)\b", low):
        return "partnership"
    if words and words[0] == "national":
        return "national-body"
    if head_kind is None:
        return "other"
    if head_kind == "health-body" and head.startswith("Trust"):
        return "health-body" if re.search(r"\b(?:health|care|partnership|ambulance)\b", low) else "provider"
    if head == "College" and re.search(r"\bcollege of\b", low):
        return "other"  # "Royal College of ...": a professional body
    if head_kind == "national-body" and re.search(r"\b(?:council|county|borough|city|local)\b", low):
        return "team"
    return head_kind


_TAILS = {
    "CC": "County Council",
    "BC": "Borough Council",
    "DC": "District Council",
    "MBC": "Metropolitan Borough Council",
}


def _fix_caps(name: str) -> str:
    """ "Oxford HEALTH NHS Foundation Trust" -> "Oxford Health ...": shouting words inside mixed-case names."""
    ws = name.split(" ")
    if sum(1 for w in ws if w[:1].isupper() and not w.isupper()) < 1:
        return name

    def shouting(w: str) -> bool:
        return w.isupper() and len(w) > 4 and w.isalpha() and sum(c in "AEIOU" for c in w) >= 2

    return " ".join(w.capitalize() if shouting(w) else w for w in ws)


@lru_cache(maxsize=50_000)
def canonical_form(name: str, area: str | None = None) -> str:
    """One spelling for a body however it is printed (the IRI is made from it)."""
    s = tidy(name)
    s = re.sub(r"(?i)\bwell[- ]being\b", "Wellbeing", s)
    s = re.sub(r"\b(\w+)( \1\b)+", r"\1", s)  # "Trust Trust"
    s = re.sub(r"(?i)(safeguarding) children'?s (board|partnership)", r"\1 Children \2", s)
    s = _fix_caps(expand_abbreviations(s))
    s = _council_of_place(s)
    # "West Sussex CC", "Crawley BC": a place and a council's initials
    s = re.sub(r"^((?:[A-Z][\w'’-]*\s+){1,3})(CC|BC|DC|MBC)$", lambda m: m.group(1) + _TAILS[m.group(2)], s)
    m = re.fullmatch(r"(.+?)\s+(" + "|".join(generic_bodies()) + r")", s)
    if m and m.group(1)[:1].isupper() and not m.group(1).isupper():
        s = f"{m.group(1)} {generic_bodies()[m.group(2)][0]}"
    if area:
        bare = re.sub(r"^(?:Joint|Statutory)\s+", "", _strip_place(s, area))
        for full, _kind in generic_full_names():
            same_number = bare.split()[-1].endswith("s") == full.split()[-1].endswith("s")
            if same_number and loose_key(bare) == loose_key(full):
                return f"{area} {full}"
    return s


def _council_of_place(name: str) -> str:
    """ "Young People West Sussex County Council" (a garbled table cell) -> "West Sussex County Council"."""
    from ckg.loaders.extract.metadata import gazetteer

    m = re.search(
        r"((?:[A-Z][\w'-]*\s+){1,3})(?:(?:County|Borough|City|District|Metropolitan Borough)\s+)?Council$",
        name,
    )
    if not m or m.start() == 0:
        return name
    words = m.group(1).split()
    for i in range(len(words)):
        place = " ".join(words[i:])
        prefix = (name[: m.start()] + " ".join(words[:i])).strip()
        if place in gazetteer() and prefix:
            if re.search(
                r"(?:\b(?:and|of|for|North|South|East|West|Mid|Central|Greater|Coastal)|[&,])$", prefix
            ):
                return name  # "Telford and Wrekin", "Mid Bedfordshire": the place goes on
            return name[len(name[: m.start()]) + len(" ".join(words[:i])) :].strip()
    return name


def _strip_place(name: str, area: str) -> str:
    return re.sub(r"^" + re.escape(area) + r"(?:'s)?\s+", "", name, flags=re.I)


@lru_cache(maxsize=200_000)
def loose_key(name: str, area: str | None = None) -> str:
    """A matching key that ignores spelling detail: case, "&", plurals, "Local", "NHS", the area.

    >>> loose_key("Oxford Health NHS Foundation Trust") == loose_key("Oxford Health NHS Trust")
    True
    >>> loose_key("Bedfordshire Youth Offending Service", "Bedfordshire") == loose_key("Youth Offending Service")
    True
    """
    s = tidy(name).lower().replace("&", " and ").replace("'s", "").replace("'", "")
    s = re.sub(r"well[- ]being", "wellbeing", s)
    s = s.replace("strategic", "strategy").replace("st.", "st")
    s = re.sub(r"\bsub[- ]?(group|committee|board)", r"sub\1", s)
    if area:
        s = re.sub(r"\b" + re.escape(area.lower()) + r"\b", " ", s)
    ws = [w for w in re.findall(r"[a-z0-9]+", s) if w not in _LOOSE_DROP]
    if ws and ws[-1] in ("primary", "school", "academy"):
        ws = [w for w in ws if w not in _SCHOOL_DROP]
    ws = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in ws]
    return " ".join(ws)


def acronym_letters(acr: str) -> str:
    """The letters of an acronym as they must match initials: "C&YPSP" -> "CYPSP", "PVI's" -> "PVI"."""
    a = re.sub(r"'s$|’s$|s$(?<=[A-Z]s)", "", acr)
    return "".join(c for c in a if c.isalpha()).upper()


def acronym_matches(full: str, acr: str, skip_leading: int = 0) -> bool:
    """Whether an acronym is made of the name's words' initials (a word may give up to 3 letters).

    >>> acronym_matches("Oxford University Hospitals NHS Trust", "OUH FT")
    True
    """
    letters = acronym_letters(acr)
    if letters.endswith("FT") and re.search(r"\bTrust$", full):  # "... NHS (Foundation) Trust" = "FT"
        letters = letters[:-2]
        full = re.sub(r"\s+(?:NHS\s+)?(?:Foundation\s+)?Trust$", "", full)
    ws = re.findall(r"[A-Z]{2,}(?![a-z])|[A-Za-z][a-z'’]*", full.replace("-", " "))
    if not letters or not ws:
        return False

    @cache
    def go(i: int, j: int, skipped: int) -> bool:
        if i == len(letters):
            return all(w.lower() in _FUNCTION for w in ws[j:]) or (skipped == 0 and len(ws) - j == 1)
        if j == len(ws):
            return False
        w = ws[j]
        if w.lower() in _FUNCTION and go(i, j + 1, skipped):
            return True
        for n in range(1, 4):
            if i + n <= len(letters) and w[:n].upper() == letters[i : i + n] and go(i + n, j + 1, skipped):
                return True
        return skipped < 1 and i > 0 and go(i, j + 1, skipped + 1)

    start = 0
    while start <= skip_leading and start < len(ws):
        if go(0, start, 0):
            return True
        start += 1
    return False


def is_acronym(word: str) -> bool:
    """ "OCCG", "C&YPSP", "PVI's", "CCGs": a run of capitals (with & and a plural or possessive s)."""
    return bool(re.fullmatch(r"[A-Z][A-Z&]{1,8}(?:'s|’s|s)?", word)) and sum(c.isupper() for c in word) >= 2
