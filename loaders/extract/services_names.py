"""Service names: tidying a candidate, deciding whether it names a service, and its dedup key.

A service name comes from many places (a list under "Services for disabled children", a
budget line "Health - Speech Therapy £412,930", the object of "Re-tender the School Health
Nursing Service") so the same service is printed several ways: "Young Carers" and
"Young carers services", "CAMH services" and "CAMHS". ``service_key`` folds case,
plurals, a trailing generic head ("services", "programme") and a leading area name, so
they meet at one record; ``looks_like_service`` keeps out sentences, documents and
bodies that a pattern catches by accident.

>>> service_key("Young Carers services") == service_key("young carer")
True
>>> tidy("the School Health Nursing Service;")
'School Health Nursing Service'
>>> looks_like_service("Inspection of Children's Services"), looks_like_service("Family Group Meetings")
(False, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ckg.loaders.extract.context import Context


def wordset(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list: keeps long vocabularies readable."""
    return frozenset(text.split())


# Heads that make a phrase a service, programme, project or team rather than a topic.
SERVICE_HEADS = (
    r"services?|programmes?|programs?|projects?|schemes?|initiatives?|pathways?|provision|"
    r"help\s?lines?|clinics?|teams?|units?|hubs?|centres?|centers?|support|accommodation|housing|"
    r"counselling|therapy|therapies|nursing|visiting|advocacy|breaks|refuges?|care|outreach|"
    r"interventions?|placements|workers|mentoring|clubs?|groups?\s+work"
)
SERVICE_HEAD = re.compile(rf"\b(?:{SERVICE_HEADS})$", re.I)
# Heads that make a phrase a body (an organisation), never a service on its own.
BODY_HEADS = re.compile(
    r"\b(?:board|trust|council|partnership|authority|department|directorate|committee|group|"
    r"panel|forum|agency|commission|network|alliance|association|consortium|office|ccg|pct|icb)$",
    re.I,
)
# Words that make a phrase a document, a plan or a money line rather than a service.
DOCUMENT_WORDS = re.compile(
    r"\bneeds\s+assessments?\b|\bassessment\s+of\b|"
    r"\b(?:strategy|strategies|plan|plans|framework|statement|report|act|bill|regulations|guidance|"
    r"policy|agenda|survey|inspection|protocol|specifications?|budgets?|costs?|funding|grant|monies|"
    r"income|expenditure|tariff|contracts?|analysis|analyses|data|statistics|projections|estimates|census|prevalence)\b|\bfunds?$|^(?:grand\s+|sub-?)?totals?(?:\s+\w+)?$",
    re.I,
)
# A finite verb: the phrase is a sentence or a clause, not a name.
_VERB = re.compile(
    r"\b(?:is|are|was|were|will|would|should|shall|can|could|may|must|has|have|had|we|our|they|"
    r"this|these|there|it|ensure|ensures|ensuring|provides?|meets?|aims?|means|requires?|enables?|being\s+\w+ed|need|needs\s+to)\b",
    re.I,
)
_GENERIC = wordset(
    """
    service services provision support programme programmes project projects initiative initiatives
    scheme schemes care team teams system systems arrangement arrangements new existing current other
    additional appropriate effective relevant local such all these those more better structured evidence
    based evidence-based high quality good range a an the of for and to in our their its children's
    childrens children young people people's peoples adult adults customer social public health council
    county national specialist universal targeted statutory key main wider commissioned in-house
    external provider providers families some own any many most few so community fully integrated
    required inclusive accessible seamless timely flexible responsive innovative improved enhanced
    comprehensive specific sustainable efficient cost-effective excellent outstanding joined-up
    individual groups pathway pathways needs led needs-led area areas free only personal no available
    advice information guidance work tier tiers
    """
)
# Professions and staff: "Health Visitors", "doctors", "social workers" are people, not services.
_PEOPLE_WORDS = re.compile(
    r"\b(?:visitors|nurses|doctors|gps|g\.p'?s|teachers|therapists|social\s+workers|practitioners|dentists|"
    r"midwives|clinicians|officers|managers|staff|councillors|members|director|directors|head\s+of)\b",
    re.I,
)
_NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})"
_LEADING_JUNK = re.compile(
    r"^(?:[-–•·>*\s]+|\d+[.)]\s+|"
    + _NUMBER_WORDS
    + r"\s+(?=\S+\s+\S)|(?:the|a|an|our|their|its|this|these|all|any|new|more|and|or|e\.g\.?|some|several|"
    r"various|many|a\s+number\s+of|a\s+range\s+of|"
    r"i\.e\.?|eg|including|include|such\s+as|to|of)\s+|(?:existing|current|additional|effective|"
    r"appropriate|relevant|structured|increased|specific)\s+(?=\S+\s+\S))",
    re.I,
)
_TRAILING_JUNK = re.compile(
    r"(?:[\s,;:.\-–•·]+|(?<!\bblock)(?<!\bspot)(?<!call-off)\s+contracts?|"
    r"\s+(?:etc|and|or|by|in|to|for|with|as|at|of|from|up|out)|\s+\d{1,2}/\d{1,2})$",
    re.I,
)
_WORD = re.compile(r"[A-Za-z0-9][\w'’&/-]*")
# Commissioning arrangements: what a commissioner buys through, named like documents but bought
# like services ("the Residential Care Framework", "a block contract", "the Approved Provider List").
ARRANGEMENT = re.compile(
    r"\b(?:(?:open|closed|regional|sub-?regional|national|framework)\s+)?framework(?:\s+agreement)?s?\b|"
    r"\b(?:(?:block|spot|call-?off|framework|lead\s+provider|prime\s+provider|grant|service|"
    r"short-?term|operating)\s+)?contracts?\b|\bdynamic\s+purchasing\s+system\b|"
    r"\b(?:approved|preferred|select)\s+providers?\s+lists?\b|\bprovider\s+lists?\b",
    re.I,
)
# What a purchasing framework buys: a framework named so is an arrangement, not a document.
_PURCHASE_WORDS = re.compile(
    r"\b(?:fostering|foster|ifas?|residential|homes?|placements?|accommodation|lodgings|short\s+breaks?|"
    r"leaving\s+care|care\s+leavers?|agenc(?:y|ies)|providers?|supported\s+living|home\s+care|domiciliary|"
    r"transport|schools?|secure|semi-independent|open|respite|day\s+care|therap(?:y|ies)|advocacy|beds?|"
    r"nursing|purchasing|travel|tuition|alternative\s+provision|care\s+and\s+support)\b",
    re.I,
)
# Frameworks that are documents: outcomes, assessment, quality, policy ...
_DOCUMENT_FRAMEWORK = re.compile(
    r"\b(?:commissioning|outcomes?|assessment|competenc\w*|quality|performance|policy|governance|service|"
    r"national|strategic|planning|legislative|regulatory|inspection|accountability|financial|partnership|"
    r"safeguarding|improvement|delivery|results|evaluation|monitoring|practice|curriculum|qualifications?|"
    r"skills|health\s+care|healthcare)\s+framework\b",
    re.I,
)
# The sentence buys through it: "let", "tendered", "call-off", "providers on", "lots".
_PROCUREMENT_CUE = re.compile(
    r"\b(?:re-?procure\w*|procure\w*|tender\w*|let|awarded|award|call-?offs?|called\s+off|join(?:ed|ing)?|"
    r"sign-?up|providers?\s+on|lots?|commissioning\s+arrangements?|spot[\s-]+purchas\w*|places\s+on|"
    r"appointed|placements?)\b",
    re.I,
)
# Panels that decide on placements, packages or funding (a commissioning mechanism), not scrutiny or voice.
_CASEWORK = re.compile(
    r"\b(?:placements?|resources?|funding|complex|needs|solutions|allocations?|access|gateway|commissioning|"
    r"admissions?|brokerage|accommodation|fostering|adoption|permanence|care|education|sen|send|"
    r"transitions?|exclusions?|joint|multi-agency|referrals?|decisions?|packages?|tripartite|continuing|"
    r"high\s+cost|out\s+of\s+(?:county|area|borough))\b",
    re.I,
)
_PANEL_CUE = re.compile(r"\b(?:framework|placements?|packages?\s+of\s+care|spot[\s-]+purchas\w*)\b", re.I)
_NOT_CASEWORK = re.compile(
    r"\b(?:corporate|scrutiny|youth|young|parents?|citizens?'?|advisory|steering|stakeholders?|reference|expert|"
    r"members?'?|interview\w*|appeals?|independent|review|audit|ethics|editorial|judging|selection)\b",
    re.I,
)


def is_arrangement(name: str, sentence: str = "") -> bool:
    """Whether ``name`` is a commissioning arrangement: a purchasing framework, a DPS, an approved
    provider list, a block contract, or a panel that decides placements and funding.

    >>> is_arrangement("South Central IFA Framework"), is_arrangement("Outcomes Framework")
    (True, False)
    >>> is_arrangement("Mid Southern Framework", "deliver options paper for commissioning arrangements")
    True
    >>> is_arrangement("Children's Placements Resource Panel"), is_arrangement("Youth Scrutiny Panel")
    (True, False)
    """
    if re.search(r"\bpanels?$", name, re.I):
        if _NOT_CASEWORK.search(name):
            return False
        return bool(_CASEWORK.search(name) or _PANEL_CUE.search(sentence))
    if re.search(r"\bframeworks?$", name, re.I):
        if _DOCUMENT_FRAMEWORK.search(name):
            return False
        return bool(_PURCHASE_WORDS.search(name) or _PROCUREMENT_CUE.search(sentence))
    return bool(ARRANGEMENT.search(name))


# Corporate support functions: a council's own back office, never a service it commissions.
BACK_OFFICE = re.compile(
    r"^(?:the\s+)?(?:council'?s\s+)?(?:legal|finance|financial|hr|human\s+resources|ict|it|procurement|audit|"
    r"internal\s+audit|democratic|committee|property|facilities|communications|payroll|revenues|"
    r"benefits\s+and\s+revenues|customer|corporate|business\s+support)\s+(?:services?|teams?|units?)$",
    re.I,
)
# Acronyms of a need or a group of children ("SEN", "LAC"): who a service is for, not a service.
_NEED_ACRONYM = re.compile(r"(?:SEND?|SENCOs?|LDD|ASD|ADHD|EBD|SEMH|SLCN|PMLD|LAC|CLA|CIN|CP|NEET|CYP|UASC)")
# Commissioners' own teams: the commissioner, not a service it buys.
COMMISSIONING_TEAM = re.compile(
    r"\b(?:Commissioning|Contracting|Procurement|Contracts)\b[\w\s&,'’-]{0,40}?\b(?:Teams?|Units?|Services?)$",
    re.I,
)


def tidy(name: str) -> str:
    """Strip list markers, articles, trailing punctuation and connectives; collapse whitespace."""
    s = re.sub(r"\s+", " ", name.replace("’", "'")).strip()
    s = re.sub(r"^\*+|\*+$", "", s).strip()
    for _ in range(4):
        before = s
        s = _LEADING_JUNK.sub("", s)
        s = _TRAILING_JUNK.sub("", s)
        if s == before:
            break
    s = re.sub(r"\s+[–-]\s+(?=[a-z]).*$", "", s)  # "Children with disabilities team – supporting 0-15"
    # "Family Support Services offering individualised support": what follows the name describes it
    s = re.sub(
        rf"\b((?:{SERVICE_HEADS}))\s+(?:offering|providing|supporting|delivering|working\s+with)\s+.*$",
        r"\1",
        s,
        flags=re.I,
    )
    if s.startswith("(") and ")" in s:  # "(Primary) Child and Adolescent ..." -> "Primary Child ..."
        inner, _, rest = s[1:].partition(")")
        if len(inner.split()) <= 2 and rest.strip():
            s = f"{inner} {rest.strip()}"
    if s.count("(") > s.count(")"):
        s = s[: s.rfind("(")].strip()
    return s.strip(" ,;:-–")


def strip_brackets(name: str) -> str:
    """'Primary CAMHS (PCAMHS/CAMHS)' -> 'Primary CAMHS': for testing a name's head noun."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()


def is_need(name: str) -> bool:
    """'SEN', 'LAC': the acronym of a need or a group of children, not a service."""
    return bool(_NEED_ACRONYM.fullmatch(name.strip()))


def is_people(name: str) -> bool:
    """'Health Visitors', 'doctors', 'social workers': professions and staff rather than services."""
    return bool(_PEOPLE_WORDS.search(name))


def content_words(name: str) -> list[str]:
    """Words of ``name`` that are not generic ("services", "children's", "new", ...)."""
    return [w for w in _WORD.findall(name.lower().replace("’", "'")) if w not in _GENERIC and not w.isdigit()]


def looks_like_service(
    name: str,
    *,
    allow_single: bool = True,
    need_head: bool = False,
    allow_body: bool = False,
    arrangement: bool = False,
    listed_name: bool = False,
) -> bool:
    """Is ``name`` plausibly the name of a service (not a sentence, a document, a body or a fragment)?

    ``listed_name``: the name lists its nouns with commas in capitals ("Information, Advice
    and Support Service"), a proper name even when each word alone is generic.

    ``arrangement``: the name may be a commissioning arrangement ("Residential Care Framework",
    "Linden House block contract"), which reads like a document but is bought like a service.
    """
    words = name.split()
    if BACK_OFFICE.match(name) or _NEED_ACRONYM.fullmatch(name.strip()):
        return False
    if not words or len(words) > 18 or len(name) > 150:
        return False
    if not allow_single and len(words) < 2:
        return False
    if not re.search(r"[A-Za-z]{2}", name) or re.search(r"[£$@]|https?:|www\.", name):
        return False
    plain = ARRANGEMENT.sub(" ", name) if arrangement else name
    if _VERB.search(name) or DOCUMENT_WORDS.search(plain) or (BODY_HEADS.search(name) and not allow_body):
        return False
    if re.match(
        r"^(?:of|in|on|at|to|by|with|from|that|which|who|where|when|and|or|but|as|through|across|within|via|"
        r"into|between|among|amongst|around)\b",
        name,
        re.I,
    ):
        return False
    if need_head and not SERVICE_HEAD.search(strip_brackets(name)):
        return False
    if re.search(r"\.\s+[A-Z]|\d\s?%", name):
        return False
    if re.match(
        r"(?:review|context|use|ways?|range|number|level|lack|quality|availability|impact|analysis)\s+of\b",
        name,
        re.I,
    ):
        return False  # an activity or a measure, not a service
    if re.match(r"Services?\b", name) or re.search(r"\b(?:for|of|to|in)\s+and\b", name):
        return (
            False  # "Services for children at high risk": a heading; "support for and outcomes": a fragment
        )
    letters = [c for c in name if c.isalpha()]
    if len(words) > 3 and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return False  # a title in capitals
    return bool(content_words(name)) or (listed_name and "," in name and len(words) >= 4)


def _singular(word: str) -> str:
    if word.isupper() and len(word) >= 4 and word.endswith("S"):
        return word[:-1].lower()  # CAMHS ~ CAMH, SENSS ~ SENS: acronym plurals
    w = word.lower()
    if w == "children":
        return "child"
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and len(w) > 3 and not w.endswith(("ss", "us", "is", "'s")):
        return w[:-1]
    return w


def service_key(name: str, area: str | None = None) -> str:
    """Dedup key: case, plurals, quotes, "&", a leading area and a trailing generic head folded.

    >>> service_key("Oxfordshire Family Information Services", "Oxfordshire") == service_key("Family Information Service")
    True
    >>> service_key("PRU") == service_key("Pupil Referral Units")
    False
    """
    s = name.replace("’", "'").replace("&", " and ")
    s = re.sub(r"\([^)]*\)", " ", s)
    words = [_singular(w) for w in re.findall(r"[A-Za-z0-9]+(?:'s)?", s)]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    if area:
        area_words = [w.lower() for w in area.split()]
        if words[: len(area_words)] == area_words and len(words) > len(area_words):
            words = words[len(area_words) :]
    while len(words) > 1 and (
        words[-1] in ("service", "programme", "provision", "team") or words[-1].isdigit()
    ):
        words = words[:-1]
    # "services for young carers" ~ "young carers services"; "... to schools" adds nothing
    if len(words) > 2 and words[0] in ("service", "support", "provision") and words[1] == "for":
        words = words[2:]
    if len(words) > 2 and words[-2] in ("to", "for", "in") and words[-1] in ("school", "child", "family"):
        words = words[:-2]
    while len(words) > 1 and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def acronym_in_brackets(name: str) -> str | None:
    """'Pupil Referral Units (PRU)' -> 'PRU'; the acronym lets a bare 'PRU' line meet the full name."""
    m = re.search(r"\(([A-Z][A-Za-z]{1,7}s?)(?:/[A-Z]+)?\)\s*$", name)
    return m.group(1) if m else None


_CONNECTORS = frozenset(
    ["and", "of", "for", "the", "to", "in", "with", "&", "at", "on", "or", "by", "including", "e.g.", "a"]
)
_BODY_WORDS = {"board", "council", "partnership", "trust", "authority", "forum", "panel", "committee"}


def split_run_together(line: str) -> list[str]:
    """Split a line where a table's cells ran together: 'Referral and assessment Family Support'.

    A new name starts at a capitalised word that follows a lower-case word, a number or a
    body's head noun; an acronym right after a lower-case word is the previous name's
    acronym ('SEN support services SENSS Identification ...').

    >>> split_run_together("SEN support services SENSS Identification and assessment Early Years SEN Inclusion Teachers")
    ['SEN support services (SENSS)', 'Identification and assessment', 'Early Years SEN Inclusion Teachers']
    >>> split_run_together("EI Hubs 7 Children's centres – 44 Youth and engagement")
    ['EI Hubs 7', "Children's centres – 44", 'Youth and engagement']
    """
    tokens = line.split()
    segments: list[list[str]] = []
    depth = 0
    force_new = False
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i else ""
        new = force_new
        force_new = False
        if i and depth == 0 and tok[:1].isupper() and prev.lower() not in _CONNECTORS and not new:
            prev_lower = prev[:1].islower() and prev.rstrip(",;:") == prev
            prev_number = bool(re.fullmatch(r"\d+", prev))
            prev_body = prev.lower() in _BODY_WORDS
            inside_body = any(t.lower() in _BODY_WORDS for t in tokens[i : i + 3])
            new = (prev_lower and not inside_body) or prev_number or prev_body
        if new and tok.isupper() and len(tok) >= 3 and prev[:1].islower():
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if not nxt or (nxt[:1].isupper() and not nxt.isupper()):
                segments[-1].append(f"({tok})")  # the previous name's acronym
                force_new = True
                continue
        if not segments or new:
            segments.append([])
        segments[-1].append(tok)
        depth = max(depth + tok.count("(") - tok.count(")"), 0)
    out: list[str] = []
    for seg in segments:
        s = " ".join(seg)
        if out and (s.startswith("(") or not re.search(r"[A-Za-z]", s)):
            out[-1] += " " + s
        else:
            out.append(s)
    return out


@dataclass
class Candidate:
    """A service name found by one rule, with where it is printed and who runs or pays for it."""

    name: str
    start: int
    end: int
    commissioner: str | None = None
    provider: str | None = None
    rule: str = ""
    alias: str | None = None  # another printing of the same name ("CAMHS" for the team's full name)


# Org kinds that are bodies (councils, NHS commissioners, boards, national bodies), never services.
BODY_KINDS = ("local-authority", "health-body", "partnership", "national-body")
_CAP_RUN = re.compile(
    r"(?:[A-Z][\w'’&-]*|[A-Z]{2,}s?)(?:[ \t]+(?:(?:of|and|for|the|&)[ \t]+)?(?:[A-Z][\w'’&-]*|[A-Z]{2,}s?))*"
)


_STRONG_BODY_END = re.compile(
    r"\b(?:Council|Board|Trust|ICB|CCG|Authority|Clinical\s+Commissioning\s+Group|Foundation\s+Trust)$"
)


def find_org(text: str, ctx: Context, register: bool = False) -> str | None:
    """The first body ``text`` names that the registry knows (longest mention first), or None.

    A run of capitalised words that ends like a body's name ("NHS Fenwick Integrated Care Board")
    is that body: when the registry does not know it, it is registered (``register``) or skipped,
    never read as the shorter body inside it ("NHS").

    >>> from ckg.loaders.extract.context import Context
    >>> from ckg.loaders.text import load_string
    >>> find_org("The main services provided by the PCT are:", Context.for_document(load_string("x"), area="Kent"))
    'Kent Primary Care Trust'
    """
    for m in _CAP_RUN.finditer(text):
        words = m.group().split()
        full = re.sub(r"^(?:The|A|An)\s+", "", m.group())
        if len(full.split()) >= 2 and _STRONG_BODY_END.search(full) and not ctx.orgs.resolve(full):
            whole = re.sub(r"^(?:[A-Z][a-z]+\s*:\s*)", "", full)
            if register:
                return ctx.orgs.resolve_or_add(whole, _kind_of(whole, "other"))
            continue
        for n in range(len(words), 0, -1):
            for i in range(len(words) - n + 1):
                mention = " ".join(words[i : i + n])
                if words[i].lower() in ("of", "and", "for", "the", "&"):
                    continue
                canonical = ctx.orgs.resolve(mention)
                if canonical:
                    return canonical
    return None


def body_kind(name: str, ctx: Context) -> str | None:
    """The kind of the body ``name`` resolves to when that body is not a service-like team, else None."""
    canonical = ctx.orgs.resolve(name)
    if canonical is None:
        return None
    rec = ctx.orgs.get(canonical)
    kind = rec.kind if rec else "other"
    if kind in BODY_KINDS or BODY_HEADS.search(canonical):
        return kind
    return None


_POSTS = re.compile(
    r"\b(?:practitioners?|workers?|officers?|managers?|directors?|nurses?|counsellors?|consultants?|staff)$",
    re.I,
)


def org_named(mention: str, ctx: Context, kind: str = "provider", add: bool = True) -> str | None:
    """Canonical name of a body named in a relation; registers a proper multi-word name on first use."""
    mention = re.sub(r"^(?:the|an?)\s+", "", mention.strip(" ,.;:"), flags=re.I)
    if not mention:
        return None
    canonical = ctx.orgs.resolve(mention)
    if canonical or not add or mention[:1].islower() or _POSTS.search(mention):
        return canonical  # a post ("an Emotional Well Being Practitioner") is not a body
    if len(mention.split()) >= 2 or mention.isupper():
        return ctx.orgs.resolve_or_add(mention, _kind_of(mention, kind))
    return None


_KINDS = (
    (re.compile(r"\b(?:Council|Authority)$"), "local-authority"),
    (re.compile(r"\b(?:Trust|CCG|PCT|ICB|NHS)\b"), "health-body"),
    (re.compile(r"\b(?:Board|Partnership|Forum|Group|Panel|Network|Alliance)$"), "partnership"),
    (re.compile(r"\b(?:Unit|Team|Service|Services|Directorate)$"), "team"),
    (re.compile(r"\b(?:School|Academy|College)$"), "school"),
)


def _kind_of(name: str, default: str) -> str:
    """An org kind from a new body's head noun ("WSCC Joint Commissioning Unit" is a team)."""
    return next((kind for pattern, kind in _KINDS if pattern.search(name)), default)
