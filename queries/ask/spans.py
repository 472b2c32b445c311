"""Reads typed answer spans out of the best passages: bodies, people, documents, sums, counts,
dates and posts, each scored by how well the sentence around it matches the question.

The graph holds what extraction typed; many answers are only in the text ("16 adolescent
beds", "61% of referrals", "chaired by the PCT Director of Redesign", "Funded and commissioned
by NHS England"). A classic reader finds them: the question says what kind of thing it wants,
retrieval says where to look, and the sentence that shares the question's rarest words says
which span it is.

>>> counts_in("The building has the facility for 16 adolescent beds and 8 day places.")[0][0]
'16 adolescent beds'
>>> counts_in("Overall 61% of referrals were accepted.")[0][0]
'61% of referrals'
>>> posts_in("The sub-group is chaired by the PCT Director of Redesign, with officers from the Council.")[0][0]
'PCT Director of Redesign'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ckg.loaders.extract.intentions_fields import TIMESCALE
from ckg.loaders.extract.money import find_amounts
from ckg.queries.ask.retrieval import tokens

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
_COUNT = re.compile(
    r"(?<![\w£.,/-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")"
    r"(?P<pct>\s?%|\s?per\s?cent)?"
    r"(?P<tail>(?:\s+(?:of\s+)?(?!and\b|or\b|in\b|to\b|by\b|for\b|at\b|on\b|with\b|from\b|were\b|was\b|are\b|is\b)"
    r"[A-Za-z][\w'’-]*){0,3})",
    re.I,
)
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATE_TAIL = re.compile(rf"\s+(?:(?:of\s+)?(?:{_MONTHS})\b|since\b|years?\s+old\b)", re.I)
_POST = re.compile(
    r"\b(?:chaired|led|headed|managed|convened|co-ordinated|coordinated)\s+by\s+(?:the\s+|a\s+|an\s+|its\s+)?"
    r"(?P<post>[A-Z][\w'’&/-]*(?:\s+(?:[A-Z][\w'’&/()-]*|of|for|and|&|the)){0,8})"
    r"|(?P<post2>[A-Z][\w'’&/-]*(?:\s+(?:[A-Z][\w'’&/-]*|of|for|and|&|the|,)){0,8})\s*\((?:chair|chairman|chairperson|"
    r"chairwoman|chair of the board|lead)\)",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z0-9“\"(])|\n+|\t+")
QUESTION_WORDS = frozenset(tokens("who what which how much many when where does did is are the"))


@dataclass
class Span:
    label: str
    kind: str  # body | person | document | amount | count | when | post
    start: int
    end: int
    iri: str | None = None
    frame: str | None = None  # the relation a verb frame states ("funder" for "funded by X")


def counts_in(text: str) -> list[tuple[str, int, int]]:
    """Numbers with the words they count ("16 adolescent beds", "61% of referrals"), years excluded."""
    out = []
    for m in _COUNT.finditer(text):
        num = m.group("num")
        if re.fullmatch(r"(?:19|20)\d\d", num) and not m.group("pct"):
            continue  # a year
        tail = m.group("tail") or ""
        if not m.group("pct") and _DATE_TAIL.match(tail):
            continue  # "31 March", "3 since 2012": a date, not a count
        label = (num + (m.group("pct") or "") + tail).strip()
        out.append((re.sub(r"\s+", " ", label), m.start(), m.end()))
    return out


_ROLE = re.compile(
    r"\b(?P<role>(?:(?:Associate|Assistant|Deputy|Interim|Joint|Senior|Strategic|Executive|Corporate|Service|"
    r"Principal|Lead|Independent)\s+)*(?:Director|Head|Manager|Lead|Officer|Chief Executive|Commissioner|"
    r"Chair(?:man|person)?|Cabinet Member|Member|Co-?ordinator|Consultant|Adviser|Advisor)"
    r"(?:\s*/\s*[A-Z][\w]*)*(?:\s+(?:of|for)\s+[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&()-]*|and|&|of|for)){0,6})?)"
)
_ACTIVE_POST = re.compile(
    r"(?P<post>[A-Z][\w'’/&-]*(?:\s+(?:[A-Z][\w'’/&()-]*|of|for|and|&)){1,8})\s+"
    r"(?:chairs|leads|manages|heads|convenes|co-ordinates|coordinates)\b"
)


def roles_in(text: str) -> list[tuple[str, int, int]]:
    """Posts as printed ("Associate Director for Change Management (CYPF)", "Head of Joint Commissioning")."""
    out = []
    for m in _ROLE.finditer(text):
        role = re.sub(r"\s+(?:of|for|and|&)$", "", m.group("role")).strip()
        if len(role.split()) >= 2:
            out.append((role, m.start("role"), m.start("role") + len(role)))
    return out


def posts_in(text: str) -> list[tuple[str, int, int]]:
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


def headed_names(text: str, head: str) -> list[tuple[str, int, int]]:
    """Capitalised names ending in the noun a question asks for ("a separate Children's Trust Unit")."""
    if not head:
        return []
    pattern = re.compile(rf"\b((?:[A-Z][\w'’&-]*\s+){{1,6}}{re.escape(head[:1].upper() + head[1:])}s?)\b")
    out = []
    for m in pattern.finditer(text):
        name = re.sub(r"^(?:The|A|An|This|These|Our|Each|Every)\s+", "", m.group(1))
        if len(name.split()) >= 2:
            out.append((name, m.end(1) - len(name), m.end(1)))
    return out


_PERSON_NAME = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+(?:[A-Z]\.\s*)?[A-Z][a-z]*[’']?[A-Z]?[a-z]+(?:-[A-Z][a-z]+)?)"
    r"(?![\w'’-])"
)
_NOT_PERSON = re.compile(
    r"\b(?:Council|Trust|Service|Services|Team|Unit|Board|Group|Partnership|Health|Care|Public|County|"
    r"Borough|District|City|Department|Directorate|Office|Observatory|Institute|University|College|School|"
    r"Children|Young|People|Report|Needs|Assessment|Strategy|Plan|Date|Version|Contents|Page|Revised|"
    r"Street|Road|House|Floor|Lane|Way|January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Final|Draft|Executive|Summary|Introduction|Mental|Social|Research|Information|"
    r"Consultant|Manager|Director|Officer|Specialist|Practitioner|Commissioner|Analyst|Intelligence|"
    r"Adults|Shared|Associate|Senior|Head|Lead|Chief|West|East|North|South|Sussex|Mid|Key|Performance|"
    r"Indicators?|Early|Help|Local|National|Joint|Further|Annual|Youth|Family|Families|Looked|After|Special|"
    r"Educational|Best|Value|Total|Current|New|Our|Their|This|The|Appendix|Table|Figure|Section|Committee|"
    r"Purpose|Scope|Background|Recommendations?|Action|Decision|Item|Agenda|Ward|Wards|Title|Subject|"
    r"Interim|Commissioning|Education|Adult|Adults|Learning|Skills|Development|Support|Primary|Secondary)\b"
)


def person_names_in(text: str) -> list[tuple[str, int, int]]:
    """Names of people as credited in a title page or author list ("Jacqueline Clay", "Sue D’Authreau").

    Only used on lines that credit authors: elsewhere two capitalised words are too often a heading.

    >>> [n for n, _, _ in person_names_in("Jacqueline Clay, Sue D’Authreau, Matthew Minns (West Sussex County Council)")]
    ['Jacqueline Clay', 'Sue D’Authreau', 'Matthew Minns']
    """
    out = []
    for m in _PERSON_NAME.finditer(text):
        name = m.group(1)
        if not _NOT_PERSON.search(name):
            out.append((name, m.start(1), m.end(1)))
    return out


def places_in(text: str, places: list[str]) -> list[tuple[str, int, int]]:
    out = []
    for place in places:
        for m in re.finditer(rf"(?<![\w-]){re.escape(place)}(?![\w-])", text):
            out.append((place, m.start(), m.end()))
    return out


_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?:{_MONTHS})\.?,?\s+(?:19|20)\d\d\b", re.I
)


def dates_in(text: str) -> list[tuple[str, int, int]]:
    """Timescales as printed ("by March 2015", "2014/15", "Q3") and dates ("20th of March 2017").

    >>> [d for d, _, _ in dates_in("The board met on the 20th of March 2017 and in June 2018.")]
    ['20th of March 2017', 'in June 2018']
    """
    out = [(m.group(0).strip("() "), m.start(), m.end()) for m in TIMESCALE.finditer(text)]
    for m in _DATE.finditer(text):
        inside = [d for d in out if m.start() <= d[1] and d[2] <= m.end()]  # the fuller date wins
        if inside or not any(a < m.end() and m.start() < b for _, a, b in out):
            out = [d for d in out if d not in inside] + [(m.group(0), m.start(), m.end())]
    return sorted(out, key=lambda d: d[1])


def amounts_in(text: str) -> list[tuple[str, int, int]]:
    return [(m.text, m.start, m.end) for m in find_amounts(text)]


class SpanReader:
    """Finds named resources (via the graph's names) and typed figures in a passage."""

    def __init__(self, names: Iterable[tuple[str, str, str]]) -> None:
        """``names``: (iri, label, kind) for bodies, people and documents, from the lexicon."""
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

    def named(self, text: str) -> list[Span]:
        if self._names is None:
            return []
        out = []
        for m in self._names.finditer(text):
            name = self._canon.get(re.sub(r"\s+", " ", m.group(0)).lower())
            if name is None:
                continue
            iri, kind = self._iris[name][0]
            out.append(Span(name, {"org": "body"}.get(kind, kind), m.start(), m.end(), iri))
        return out

    def spans(
        self, text: str, kinds: set[str], head: str = "", places: list[str] | None = None
    ) -> list[Span]:
        out: list[Span] = []
        if kinds & {"body", "person", "document"}:
            out += [s for s in self.named(text) if s.kind in kinds]
        if kinds & {"body", "person"}:
            named = {(s.start, s.end) for s in out}
            for np, a, b, verb in framed_bodies(text):
                inner = [s for s in self.named(np) if s.kind in ("body", "person")]
                if inner and inner[0].label == np:
                    span = Span(np, inner[0].kind, a, b, inner[0].iri, frame_relation(verb))
                else:
                    span = Span(np, "body", a, b, None, frame_relation(verb))
                out = [s for s in out if (s.start, s.end) != (a, b)] if (a, b) in named else out
                out.append(span)
        if "amount" in kinds:
            out += [Span(lab, "amount", a, b) for lab, a, b in amounts_in(text)]
        if "count" in kinds:
            out += [Span(lab, "count", a, b) for lab, a, b in counts_in(text)]
        if "when" in kinds:
            out += [Span(lab, "when", a, b) for lab, a, b in dates_in(text)]
        if "post" in kinds:
            out += [Span(lab, "post", a, b) for lab, a, b in posts_in(text)]
            out += [Span(lab, "post", a, b) for lab, a, b in roles_in(text)]
        if "body" in kinds and head:
            have = {(sp.start, sp.end) for sp in out}
            out += [Span(lab, "body", a, b) for lab, a, b in headed_names(text, head) if (a, b) not in have]
        if "credited" in kinds:
            have = {(sp.start, sp.end) for sp in out}
            out += [Span(lab, "person", a, b) for lab, a, b in person_names_in(text) if (a, b) not in have]
        if "place" in kinds and places:
            out += [Span(lab, "place", a, b) for lab, a, b in places_in(text, places)]
        if "service" in kinds:
            out += [sp for sp in self.named(text) if sp.kind == "service"]
        return out


def _weights(question: str, idf: Callable[[str], float]) -> dict[str, float]:
    return {t: idf(t) for t in set(tokens(question)) if t not in QUESTION_WORDS}


def _matched(words: set[str], weights: dict[str, float], synonyms: list[list[set[str]]]) -> float:
    """Weight of the question's words in ``words``; a topic counts once, as the mean word weight,
    when any of its other names is there (so a topic with many synonyms does not dilute the rest)."""
    got = sum(w for t, w in weights.items() if t in words)
    unit = sum(weights.values()) / len(weights) if weights else 1.0
    for names in synonyms:
        if any(name and name <= words for name in names):
            got += unit
    return got


def synonym_sets(labels_per_topic: list[tuple[str, ...]]) -> list[list[set[str]]]:
    return [[set(tokens(lab)) for lab in labels] for labels in labels_per_topic if labels]


def passage_score(
    text: str, question: str, idf: Callable[[str], float], synonyms: list[list[set[str]]] | None = None
) -> float:
    """The idf-weighted share of the question's words the whole text holds."""
    weights = _weights(question, idf)
    synonyms = synonyms or []
    total = sum(weights.values()) + (sum(weights.values()) / len(weights) if weights else 1.0) * len(synonyms)
    return _matched(set(tokens(text)), weights, synonyms) / (total or 1.0)


def sentence_scores(
    text: str, question: str, idf: Callable[[str], float], synonyms: list[list[set[str]]] | None = None
) -> list[tuple[int, int, float]]:
    """(start, end, score) per sentence: the idf-weighted share of the question's words it holds."""
    weights = _weights(question, idf)
    synonyms = synonyms or []
    total = sum(weights.values()) + (sum(weights.values()) / len(weights) if weights else 1.0) * len(synonyms)
    out = []
    start = 0
    for m in [*_SENTENCE.finditer(text), None]:
        end = m.start() if m else len(text)
        if end > start:
            out.append(
                (start, end, _matched(set(tokens(text[start:end])), weights, synonyms) / (total or 1.0))
            )
        start = m.end() if m else len(text)
    return out


# "funded by X", "run by X", "awarded the contract ... to X", "working with X", "jointly funded with X":
# the body a verb frame names, whether or not extraction knew it as a body.
_FRAME_VERBS = (
    r"(?:report|developed|funded|commissioned|provided|delivered|run|operated|managed|hosted|led|chaired|supported|"
    r"paid for|financed|employed|drafted|written|prepared|produced|completed|carried out|undertaken|"
    r"conducted|owned|awarded)"
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
    """Capitalised names a verb frame presents as the doer ("run by Leonard Cheshire").

    >>> framed_bodies("a scheme in Worthing (Fethneys) run by Leonard Cheshire. It opened in 2010.")[0][0]
    'Leonard Cheshire'
    >>> framed_bodies("The service is funded through the Better Care Fund.")[0][0]
    'Better Care Fund'
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
    """The relation a frame verb states: funder, commissioner, provider, author or partner."""
    if re.match(r"fund|paid|financ|jointly funded", verb):
        return "funder"
    if re.match(r"commission|awarded|given|let|granted|contract", verb):
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
