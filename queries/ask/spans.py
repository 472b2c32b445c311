"""Typed answer spans in a sentence: names, sums, counts, dates, durations, identifiers, posts, contact
details, places and lists.

The graph holds what extraction typed; many answers are only in the text ("12 residential
beds", "40% of referrals", "chaired by the Director of Public Health", "report ref. CAB/24/117",
"run by a local charity"). Each finder here is English or layout, not any document's wording;
none scores anything (the ranker does, from features of the candidate).

>>> counts_in("The home has 12 residential beds and 4 emergency places.")[0][0]
'12 residential beds'
>>> counts_in("Overall 40% of referrals were accepted.")[0][0]
'40% of referrals'
>>> counts_in("Only 5-10% of places are bought from outside providers.")[0][0]
'5-10% of places'
>>> [c for c, _, _ in counts_in("In the Jul to Nov 13 period 61% of referrals were seen; 12 months on, 30 children wait.")]
['61% of referrals', '30 children wait']
>>> posts_in("The panel is chaired by the Assistant Director of Early Help, with officers of the Council.")[0][0]
'Assistant Director of Early Help'
>>> [i for i, _, _ in identifiers_in("Decision ref. CAB/24/117 was taken under Forward Plan reference 2024/058.")]
['CAB/24/117', '2024/058']
>>> [i for i, _, _ in identifiers_in("Guideline NG87 covers it; the area E01099999 (postcode RG12 1AA) is Elmbury North.")]
['NG87', 'E01099999']
>>> [c for c, _, _ in contact_details_in("Email jo.bloggs@example.gov.uk or call 01632 960123.")]
['jo.bloggs@example.gov.uk', '01632 960123']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ckg.loaders.dates import dates_in, durations_in
from ckg.loaders.extract.contacts import EMAIL, POSTCODE, phones_in
from ckg.loaders.extract.money import find_amounts
from ckg.loaders.names import person_names_in

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
}
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")"
_COUNT = re.compile(
    rf"(?<![\w£.,/-])(?P<num>{_NUM}(?:\s?(?:-|–|to)\s?{_NUM}(?![\w.,/-]*\d))?)"  # "12", "5-10": a range
    r"(?P<pct>\s?%|\s?per\s?cent)?"
    r"(?P<tail>(?:\s+(?:of\s+)?(?!(?:and|or|in|to|by|for|at|on|with|from|were|was|are|is|who|that|which|"
    r"have|has|had|a|an|the|be|been|will|would|can|could|it|they|this|these|those|than|as|per\s+annum)\b)"
    r"[a-z][\w'’-]*){0,3})",
    re.I,
)
_DATE_TAIL = re.compile(
    r"\s+(?:(?:of\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b|since\b)",
    re.I,
)
_MONTH_BEFORE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+$",
    re.I,
)
_TIME_UNIT = re.compile(r"\s+(?:years?|months?|weeks?|days?|hours?|minutes?)\b", re.I)
_POST = re.compile(
    r"\b(?:chaired|led|headed|managed|convened|co-ordinated|coordinated)\s+by\s+(?:the\s+|a\s+|an\s+|its\s+)?"
    r"(?P<post>[A-Z][\w'’&/-]*(?:\s+(?:[A-Z][\w'’&/()-]*|of|for|and|&|the)){0,8})"
    r"|(?P<post2>[A-Z][\w'’&/-]*(?:\s+(?:[A-Z][\w'’&/-]*|of|for|and|&|the|,)){0,8})\s*\((?:chair|chairman|chairperson|"
    r"chairwoman|chair of the board|lead)\)",
    re.I,
)
_ROLE = re.compile(
    r"\b(?P<role>(?:(?:Associate|Assistant|Deputy|Interim|Joint|Senior|Strategic|Executive|Corporate|Service|"
    r"Principal|Lead|Independent|Cabinet|Portfolio)\s+)*(?:Director|Head|Manager|Lead|Officer|Chief Executive|"
    r"Commissioner|Chair(?:man|person)?|Cabinet Member|Member|Co-?ordinator|Consultant|Adviser|Advisor)"
    r"(?:\s*/\s*[A-Z][\w]*)*(?:\s+(?:of|for)\s+[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&()-]*|and|&|of|for)){0,6})?)"
)
_ACTIVE_POST = re.compile(
    r"(?P<post>[A-Z][\w'’/&-]*(?:\s+(?:[A-Z][\w'’/&()-]*|of|for|and|&)){1,8})\s+"
    r"(?:chairs|leads|manages|heads|convenes|co-ordinates|coordinates)\b"
)
# A reference a report, decision or item is known by: "CAB/24/117", "Ref: ECS 12-2025", "Item 11".
_ID_CUE = re.compile(
    r"\b(?:ref(?:erence)?|no|number|decision|report|item|agenda\s+item|forward\s+plan(?:\s+ref(?:erence)?)?|"
    r"key\s+decision|minute|version|id|code|procurement)\b\.?\s*(?:no\.?|number|ref(?:erence)?)?\s*[:.#-]?\s*",
    re.I,
)
_ID_TOKEN = re.compile(r"(?=[A-Z0-9]*\d)[A-Z0-9][A-Z0-9]*(?:[/.\-][A-Z0-9]+){0,4}(?:\s?\([A-Za-z0-9]+\))?")
_CODE = re.compile(r"(?<![\w/])[A-Z]{2,6}\s?[/-]?\s?\d{1,4}(?:[/.\-]\d{1,4}){1,3}(?![\w/])")
# A compact code of capitals and digits: "CG28" (a guideline), "E01099999" (a statistical area).
_COMPACT_CODE = re.compile(r"(?<![\w/.@-])[A-Z]{1,4}\d{2,9}(?![\w@-])(?!\s\d[A-Z]{2}\b)")
_POSTAL = re.compile(
    r"\bfreepost\s+[A-Z0-9][A-Z0-9 ]{2,12}\d\b|\bP\.?O\.? Box \d+\b|" + POSTCODE.pattern,
    re.I,
)
_CLAUSE = re.compile(r"[^.;:()\n\t]+")
_LEAD = re.compile(r"^.*?\b(?:are|were|include|includes|including|is|was|as|such as|namely)\s+", re.I)


@dataclass(frozen=True)
class Span:
    label: str
    kind: str  # body | person | document | amount | count | date | duration | identifier | post | contact | place | list
    start: int
    end: int
    iri: str | None = None
    frame: str | None = None  # the relation a verb frame states ("funder" for "funded by X")
    value: object = None  # a sum's amount in pounds


# A number that labels rather than counts: "Tier 3", "Key Stage 2", "Appendix 4", "NI 51", "Year 9".
_LABELLED = re.compile(
    r"\b(?:tier|level|stage|priority|appendix|annex|section|table|figure|fig|page|phase|year|ni|item|no|"
    r"number|paragraph|para|step|wave|version|outcome|objective|recommendation|chapter|part|ks|lot|ward)\.?\s*$",
    re.I,
)


def counts_in(text: str) -> list[tuple[str, int, int]]:
    """Numbers with the words they count ("12 residential beds", "40% of referrals"); years, numbers
    that label ("Tier 3", "Appendix 4") and a table row's number are not counts."""
    out = []
    for m in _COUNT.finditer(text):
        num = m.group("num")
        if _LABELLED.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        if re.match(r"\t", text[m.end("num") :]) and (m.start() == 0 or text[m.start() - 1] == "\n"):
            continue  # "39<tab>Associate Director": a table row's number
        if re.match(r"(?:19|20)\d\d\b", num) and not m.group("pct"):
            continue  # a year, or a period of years ("2019-20")
        tail = m.group("tail") or ""
        if not m.group("pct") and _DATE_TAIL.match(tail):
            continue  # "31 March": a date, not a count
        if not m.group("pct") and _MONTH_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue  # "November 13", "Nov 2013": a month's day or year, not a count
        if not m.group("pct") and _TIME_UNIT.match(tail):
            continue  # "12 months", "38 years": a length of time (durations_in reads it), not a count
        if re.search(r"\d\s?(?:-|–|to)\s?\S", num) and re.match(
            r"\s*(?:-\s*)?(?:year|yr|month|week|day)", tail, re.I
        ):
            continue  # "16-24 year olds", "5-10 years": ages and lengths, not counts
        label = (num + (m.group("pct") or "") + tail).strip()
        out.append((re.sub(r"\s+", " ", label), m.start(), m.end()))
    return out


def roles_in(text: str) -> list[tuple[str, int, int]]:
    """Posts as printed ("Head of Youth Commissioning", "Cabinet Member for Children")."""
    out = []
    for m in _ROLE.finditer(text):
        role = re.sub(r"\s+(?:of|for|and|&)$", "", m.group("role")).strip()
        if len(role.split()) >= 2:
            out.append((role, m.start("role"), m.start("role") + len(role)))
    return out


def posts_in(text: str) -> list[tuple[str, int, int]]:
    """Posts a sentence says chair or lead something ("chaired by the Director of ...")."""
    out = []
    for m in _POST.finditer(text):
        post = (m.group("post") or m.group("post2") or "").strip(" ,")
        post = re.sub(r"\s+(?:of|for|and|&|the|,)$", "", post)
        if len(post.split()) >= 2:
            start = m.start("post") if m.group("post") else m.start("post2")
            out.append((post, start, start + len(post)))
    for m in _ACTIVE_POST.finditer(text):
        post = re.sub(r"^(?:The|A|An)\s+", "", m.group("post")).strip()
        if len(post.split()) >= 2:
            start = m.start("post") + m.group("post").find(post)
            out.append((post, start, start + len(post)))
    return out


def identifiers_in(text: str) -> list[tuple[str, int, int]]:
    """References and numbers a report, decision or item is known by, after a cue word or as a code."""
    out: list[tuple[str, int, int]] = []
    for cue in _ID_CUE.finditer(text):
        m = _ID_TOKEN.match(text, cue.end())
        if m and (len(m.group(0)) >= 2 or cue.group(0).strip().lower().startswith(("item", "agenda"))):
            out.append((m.group(0), m.start(), m.end()))
    for pattern in (_CODE, _COMPACT_CODE):
        for m in pattern.finditer(text):
            if not any(a <= m.start() < b for _, a, b in out):
                out.append((m.group(0), m.start(), m.end()))
    return sorted(out, key=lambda x: x[1])


def contact_details_in(text: str) -> list[tuple[str, int, int]]:
    """Email addresses, telephone numbers, Freepost references, PO boxes and postcodes."""
    out = [
        (m.group(0).rstrip("."), m.start(), m.start() + len(m.group(0).rstrip(".")))
        for m in EMAIL.finditer(text)
    ]
    out += [(m.group(0), m.start(), m.end()) for m in _POSTAL.finditer(text)]
    taken = [(a, b) for _, a, b in out]
    for phone, start, end in phones_in(text):
        if not any(a <= start < b for a, b in taken):
            out.append((phone, start, end))
    return sorted(out, key=lambda x: x[1])


def enumerations_in(text: str) -> list[tuple[str, int, int]]:
    """Lists written in a sentence ("education, health and social care").

    >>> enumerations_in("The three aims are: safer homes, stronger families and better health.")[0][0]
    'safer homes, stronger families and better health'
    """
    out = []
    for m in _CLAUSE.finditer(text):
        clause = m.group(0)
        last = clause.rfind(",")
        if last < 0 or not re.search(r"\b(?:and|or)\b", clause[last:]):
            continue
        lead = _LEAD.match(clause)
        begin = lead.end() if lead and lead.end() < clause.find(",") else 0
        items = clause[begin:].strip(" ,")
        start = m.start() + clause.find(items, begin)
        if items.count(",") >= 1 and len(items) <= 400:
            out.append((items, start, start + len(items)))
    return out


def headed_names(text: str, head: str) -> list[tuple[str, int, int]]:
    """Capitalised names ending in the noun a question asks for ("the Family Link Team")."""
    if not head:
        return []
    pattern = re.compile(rf"\b((?:[A-Z][\w'’&-]*\s+){{1,6}}{re.escape(head[:1].upper() + head[1:])}s?)\b")
    out = []
    for m in pattern.finditer(text):
        name = re.sub(r"^(?:The|A|An|This|These|Our|Each|Every)\s+", "", m.group(1))
        if len(name.split()) >= 2:
            out.append((name, m.end(1) - len(name), m.end(1)))
    return out


def places_in(text: str, places: Iterable[str]) -> list[tuple[str, int, int]]:
    out = []
    for place in places:
        for m in re.finditer(rf"(?<![\w-]){re.escape(place)}(?![\w-])", text):
            out.append((place, m.start(), m.end()))
    return out


def amounts_in(text: str) -> list[tuple[str, int, int]]:
    return [(m.text, m.start, m.end) for m in find_amounts(text)]


# "funded by X", "run by X", "awarded the contract ... to X", "working with X", "jointly funded with X":
# the body a verb frame names, whether or not extraction knew it as a body.
_FRAME_VERBS = (
    r"(?:report|developed|funded|commissioned|provided|delivered|run|operated|managed|hosted|led|chaired|supported|"
    r"paid for|financed|employed|drafted|written|prepared|produced|completed|carried out|undertaken|"
    r"conducted|owned|awarded|procured|purchased|bought)"
)
_BODY_TAIL = (
    r"schools|colleges|partners|councils|practices|providers|commissioners|trusts|groups|teams|"
    r"organisations|charities|agencies|services|boards|partnerships"
)
_NP = (
    r"(?P<np>(?:the\s+)?[A-Z][\w'’&/-]*(?:[ \t]+(?:[A-Z][\w'’&/-]*|of|for|and|&|in|on|the|across|de)){0,8}"
    rf"(?:[ \t]+(?:{_BODY_TAIL}))?)"
)
_FRAMES = [
    re.compile(
        rf"\b(?P<verb>{_FRAME_VERBS})\s+(?:jointly\s+|solely\s+|directly\s+|partly\s+)?(?:by|through|via|from)\s+"
        rf"{_NP}"
    ),
    re.compile(rf"\b(?P<verb>jointly\s+funded|working|partnership|contract\w*|agreement)\s+with\s+{_NP}"),
    re.compile(rf"\b(?P<verb>awarded|given|let|granted)\s+(?:the\s+)?(?:[\w()]+\s+){{0,12}}?to\s+{_NP}"),
    re.compile(rf"\b(?P<verb>funding)\s+from\s+{_NP}"),
]
_NP_STOP = re.compile(
    r"^(?:the\s+)?(?:April|May|June|July|March|January|February|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Table|Figure|Section|Appendix|This|These|"
    r"It|They|We|In|On|At)\b"
)


def framed_bodies(text: str) -> list[tuple[str, int, int, str]]:
    """Capitalised names a verb frame presents as the doer ("run by Brightpath Trust").

    >>> framed_bodies("a short breaks scheme in Elmford run by Brightpath Trust. It opened in 2019.")[0][0]
    'Brightpath Trust'
    >>> framed_bodies("The hub is funded through the Supporting Families Grant.")[0][0]
    'Supporting Families Grant'
    """
    out = []
    for pattern in _FRAMES:
        for m in pattern.finditer(text):
            np = m.group("np")
            np = re.sub(r"^the\s+", "", np)
            np = re.sub(r"(?:\s+(?:of|for|and|&|in|on|the|across|de))+$", "", np).strip(" .,")
            np = re.sub(r"\s*\($", "", np)
            if len(np) < 3 or _NP_STOP.match(np) or (np.isupper() and len(np) < 2):
                continue
            start = m.start("np") + (m.group("np").find(np) if np in m.group("np") else 0)
            out.append((np, start, start + len(np), m.group("verb").lower()))
    return out


def frame_relation(verb: str) -> str:
    """The relation a frame verb states: funder, commissioner, provider, author, leader or partner."""
    if re.match(r"fund|paid|financ|jointly funded", verb):
        return "funder"
    if re.match(r"commission|awarded|given|let|granted|contract|procured|purchased|bought", verb):
        return "commissioner"
    if re.match(
        r"report|developed|drafted|written|prepared|produced|completed|carried out|undertaken|conducted", verb
    ):
        return "author"
    if re.match(r"working|partnership|agreement", verb):
        return "partner"
    if re.match(r"led|chaired|headed|managed|convened|hosted", verb):
        return "leader"
    return "provider"


class SpanReader:
    """Finds named resources (by the graph's names) and typed figures in a sentence."""

    def __init__(
        self,
        names: Iterable[tuple[str, str, str]],
        places: Iterable[str] = (),
        homes: dict[str, str] | None = None,
    ) -> None:
        """``names``: (iri, label, kind) for bodies, people and documents, from the lexicon.
        ``homes``: the area of a body whose full name starts with it ("Elmshire Youth Service"):
        its short names ("Youth Service") name it only in that area's documents."""
        self._homes = homes or {}
        self._read = lru_cache(maxsize=65536)(self._spans)
        by_name: dict[str, list[tuple[str, str]]] = {}
        for iri, label, kind in names:
            if len(label) >= 3 and (len(label.split()) >= 2 or re.fullmatch(r"[A-Z][A-Za-z&]{1,9}", label)):
                by_name.setdefault(label, []).append((iri, kind))
        self._iris = {name: targets for name, targets in by_name.items() if len({t[0] for t in targets}) == 1}
        parts = []
        for name in sorted(self._iris, key=len, reverse=True):
            body = r"\s+".join(re.escape(w) for w in name.split())
            parts.append(f"(?-i:{body})" if re.fullmatch(r"[A-Z][A-Za-z&]{1,9}", name) else body)
        self._names = (
            re.compile(r"(?<![\w&-])(?:" + "|".join(parts) + r")(?![\w&-])", re.I) if parts else None
        )
        self._canon = {name.lower(): name for name in self._iris}
        places = sorted(set(places), key=len, reverse=True)
        self._places = (
            re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in places) + r")(?![\w-])")
            if places
            else None
        )

    def named(self, text: str, area: str | None = None) -> list[Span]:
        """The named resources of ``text``, a sentence of a document of ``area``: a body's short
        name read in another area's document names that area's own body, not this one (the
        span stays, without the IRI).

        >>> r = SpanReader([("b1", "Elmshire Youth Service", "org"), ("b1", "Youth Service", "org")],
        ...                homes={"b1": "Elmshire"})
        >>> [s.iri for s in r.named("The Youth Service runs it.", "Elmshire")]
        ['b1']
        >>> [s.iri for s in r.named("The Youth Service runs it.", "Fenwick")]
        [None]
        """
        if self._names is None:
            return []
        out = []
        for m in self._names.finditer(text):
            name = self._canon.get(re.sub(r"\s+", " ", m.group(0)).lower())
            if name is None:
                continue
            iri, kind = self._iris[name][0]
            home = self._homes.get(iri)
            if home and area and home != area and home.lower() not in name.lower():
                iri = None
            out.append(Span(name, {"org": "body"}.get(kind, kind), m.start(), m.end(), iri))
        return out

    def spans(self, text: str, head: str = "", credits: bool = False, area: str | None = None) -> list[Span]:
        """Every typed span of ``text`` (one sentence of a document of ``area``): the pool the
        ranker chooses from. Read once per sentence and reading: the same passages answer
        many questions."""
        return list(self._read(text, head, credits, area))

    def _spans(self, text: str, head: str, credits: bool, area: str | None) -> tuple[Span, ...]:
        out = self.named(text, area)
        named = {(s.start, s.end) for s in out}
        for np, a, b, verb in framed_bodies(text):
            inner = [s for s in self.named(np, area) if s.kind in ("body", "person")]
            if inner and inner[0].label == np:
                span = Span(np, inner[0].kind, a, b, inner[0].iri, frame_relation(verb))
            else:
                span = Span(np, "body", a, b, None, frame_relation(verb))
            if (a, b) in named:
                out = [s for s in out if (s.start, s.end) != (a, b)]
            out.append(span)
        out += [Span(m.text, "amount", m.start, m.end, value=m.amount) for m in find_amounts(text)]
        out += [Span(lab, "count", a, b) for lab, a, b in counts_in(text)]
        out += [Span(lab, "date", a, b) for lab, a, b in dates_in(text)]
        out += [Span(lab, "duration", a, b) for lab, a, b in durations_in(text)]
        out += [Span(lab, "identifier", a, b) for lab, a, b in identifiers_in(text)]
        out += [Span(lab, "contact", a, b) for lab, a, b in contact_details_in(text)]
        out += [Span(lab, "post", a, b, None, "leader") for lab, a, b in posts_in(text)]
        have = {(sp.start, sp.end) for sp in out}
        out += [Span(lab, "post", a, b) for lab, a, b in roles_in(text) if (a, b) not in have]
        out += [Span(lab, "list", a, b) for lab, a, b in enumerations_in(text)]
        if head:
            have = {(sp.start, sp.end) for sp in out}
            out += [Span(lab, "body", a, b) for lab, a, b in headed_names(text, head) if (a, b) not in have]
        if credits:
            have = {(sp.start, sp.end) for sp in out}
            out += [
                Span(lab, "person", a, b, None, "author")
                for lab, a, b in person_names_in(text)
                if (a, b) not in have
            ]
        if self._places is not None:
            out += [Span(m.group(0), "place", m.start(), m.end()) for m in self._places.finditer(text)]
        return tuple(out)
