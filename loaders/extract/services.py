"""Services: named services, programmes, projects and teams delivering to children and families.

The rules (in ``services_lists`` and ``services_sentences``) each propose candidate names
with the bodies that commission or provide them; this module merges them into one record
per service. Rules run from the most to the least structured: lists a lead-in announces,
"e.g." enumerations, budget lines, relations ("X commissioned by Y"), case studies,
commissioning actions, and last proper names ending in Service/Programme/... . A proper
name printed inside a longer name a list already gave ("Youth Inclusion Support
Programme" in "Youth Inclusion Support Programme/Youth Inclusion Programme") adds nothing.

Records merge on ``service_key`` (case, plurals, trailing "services", leading area folded;
"PRU" meets "Pupil Referral Units (PRU)"); the longest printed form names the record, and
the first body a rule gives as commissioner or provider is kept. Records come out in the
order their names first appear in the document.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("Review and re-tender the School Health Nursing Service by April 2014.")
>>> [s.name for s in extract_services(doc, Context.for_document(doc))]
['School Health Nursing Service']
"""

from __future__ import annotations

import re
from functools import lru_cache

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.metadata import gazetteer
from ckg.loaders.extract.methods import stronger
from ckg.loaders.extract.organisations_names import OWN_COUNCIL
from ckg.loaders.extract.records import ServiceRecord, Span
from ckg.loaders.extract.services_lists import (
    budget_candidates,
    example_candidates,
    project_heading_candidates,
    region_candidates,
    table_candidates,
)
from ckg.loaders.extract.services_names import Candidate, acronym_in_brackets, service_key, tidy
from ckg.loaders.extract.services_providers import provider_candidates
from ckg.loaders.extract.services_relations import case_study_candidates, relation_candidates
from ckg.loaders.extract.services_sentences import (
    action_candidates,
    arrangement_candidates,
    heading_name_candidates,
    proper_name_candidates,
)
from ckg.loaders.sentences import sentence_at
from ckg.loaders.structure import StructuredDocument

_MAX_SPANS = 5
# How each rule reads (loaders.extract.methods): a record read by several keeps the surest.
RULE_METHODS = {
    "table": "table-row",
    "budget": "table-row",
    "list": "list-item",
    "projects": "labelled-line",
    "heading": "labelled-line",
    "case-study": "labelled-line",
    "examples": "prose-pattern",
    "relation": "prose-pattern",
    "provider": "prose-pattern",
    "arrangement": "prose-pattern",
    "action": "prose-pattern",
    "proper": "name-pattern",
}


class _Merger:
    """One record per service key; acronyms in brackets join bare acronyms to full names."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.text = ctx.doc.text
        self.records: dict[str, ServiceRecord] = {}
        self.first: dict[str, int] = {}
        self.alias: dict[str, str] = {}  # key of an acronym -> key of the full name
        self.claimed: list[tuple[int, int]] = []

    def _key(self, name: str, rule: str = "") -> str:
        key = service_key(name, self.ctx.area)
        key = self.alias.get(key, key)
        return key if key in self.records else self._similar(key, rule) or key

    def _similar(self, key: str, rule: str) -> str | None:
        """A known key for the same service printed longer or shorter.

        A name and the same name followed by whom or where it serves are one service.
        "Total Respect initiative" ~ "Total Respect Training initiative" (same first and last
        word, one's words within the other's); an action's object cut at different places in
        repeated garbled cells ("local residential provision" ~ "... provision for CSE").
        """
        words = key.split()
        core = _core(words)
        for known in self.records:
            other = known.split()
            short, long = sorted((words, other), key=len)
            if len(short) >= 2 and long[: len(short)] == short and long[len(short)] in ("for", "in"):
                return known  # "Elm youth clubs" ~ "Elm youth clubs for young people", "... in Northvale"
            if min(len(words), len(other)) < 3:
                continue
            small, big = sorted((set(words), set(other)), key=len)
            if words[0] == other[0] and words[-1] == other[-1] and small <= big and len(big - small) == 1:
                return known
            if rule == "action" and len(core) >= 2 and core == _core(other):
                return known
        return None

    def inside_claimed(self, c: Candidate) -> bool:
        return any(s <= c.start and c.end <= e and (e - s) > (c.end - c.start) for s, e in self.claimed)

    def fragment_of_known(self, c: Candidate) -> bool:
        """A proper name that is the tail of a known service's name ("Nursing Service" of "Specialist Nursing Service")."""
        line_start = (
            c.start == 0
            or self.text[c.start - 1] in "\n\t"
            or self.text[max(0, c.start - 2) : c.start] == "- "
        )
        key = self._key(c.name)
        return line_start and key not in self.records and any(k.endswith(" " + key) for k in self.records)

    def _fold(self, src: str, dst: str) -> None:
        """Merge the record under ``src`` into the one under ``dst`` (moving it if there is none)."""
        rec = self.records.pop(src)
        first = self.first.pop(src)
        into = self.records.get(dst)
        if into is None:
            self.records[dst], self.first[dst] = rec, first
            return
        into.commissioner = into.commissioner or rec.commissioner
        into.provider = into.provider or rec.provider
        into.method = stronger(into.method, rec.method)
        into.spans.extend(s for s in rec.spans if s not in into.spans)
        del into.spans[_MAX_SPANS:]
        self.first[dst] = min(self.first[dst], first)

    def add(self, c: Candidate) -> None:
        name = tidy(c.name)
        if not name:
            return
        key = self._key(name, c.rule)
        for acronym in filter(None, (acronym_in_brackets(name), c.alias)):
            akey = service_key(acronym, self.ctx.area)
            if akey != key:
                self.alias[akey] = key
                if akey in self.records:  # the bare acronym came first
                    self._fold(akey, key)
        rec = self.records.get(key)
        span = Span(c.start, c.end)
        if rec is None:
            self.records[key] = ServiceRecord(
                name=name,
                commissioner=c.commissioner,
                provider=c.provider,
                spans=[span],
                method=RULE_METHODS[c.rule],
            )
            self.first[key] = c.start
        else:
            if len(name) > len(rec.name) and _words(rec.name) < _words(name):
                rec.name = name  # "Young Carers" -> "Young Carers services", not "CAMHS" -> "CAMH services"
            rec.commissioner = rec.commissioner or c.commissioner
            rec.provider = rec.provider or c.provider
            rec.method = stronger(rec.method, RULE_METHODS[c.rule])
            if span not in rec.spans and len(rec.spans) < _MAX_SPANS:
                rec.spans.append(span)
            self.first[key] = min(self.first[key], c.start)
        self.claimed.append((c.start, c.end))

    def fold_local_names(self) -> None:
        """'CAMHS Getting More Help Service' is the 'Ravensholme CAMHS Getting More Help Service'
        printed elsewhere: a name that another ends with, the extra words naming a place (the
        area, a council's or NHS body's place name) or "<place>-led", is the same service."""
        places = _place_words(self.ctx)
        for key in sorted(self.records, key=lambda k: (self.first[k], k)):
            if key not in self.records or len(self.records[key].name.split()) < 2:
                continue
            for other in sorted(self.records, key=lambda k: (self.first[k], k)):
                if other == key or not other.endswith(" " + key):
                    continue
                extra = other.split()[: len(other.split()) - len(key.split())]
                if extra and all(w in places or (w == "led" and i) for i, w in enumerate(extra)):
                    self._fold(key, other)
                    break

    def fold_alternatives(self) -> None:
        """'Children's Centres/Sure Start' is the known 'Children's Centres' printed with another name."""
        for key in sorted(self.records, key=lambda k: (self.first[k], k)):
            name = self.records[key].name
            if "/" not in name or key not in self.records:
                continue
            for part in name.split("/"):
                other = self._key(part.strip())
                if other != key and other in self.records and len(part.split()) >= 2:
                    self._fold(key, other)
                    break

    def result(self) -> list[ServiceRecord]:
        self.fold_alternatives()
        self.fold_local_names()
        keys = sorted(self.records, key=lambda k: (self.first[k], k))
        out = []
        for k in keys:
            rec = self.records[k]
            rec.spans.sort(key=lambda s: (s.start, s.end))
            if rec.provider == rec.name and not rec.commissioner:
                rec.provider = None
            out.append(rec)
        return out


def extract_services(doc: StructuredDocument, ctx: Context) -> list[ServiceRecord]:
    merger = _Merger(ctx)
    structured = (
        table_candidates,
        region_candidates,
        project_heading_candidates,
        example_candidates,
        budget_candidates,
        relation_candidates,
        provider_candidates,
        arrangement_candidates,
        heading_name_candidates,
        case_study_candidates,
        action_candidates,
    )
    for rule in structured:
        for c in rule(doc, ctx):
            merger.add(c)
    for c in proper_name_candidates(doc, ctx):
        if merger.inside_claimed(c) or merger.fragment_of_known(c):
            continue
        merger.add(c)
    out = [r for r in merger.result() if re.search(r"[A-Za-z]", r.name)]
    for r in out:
        r.area = _other_area(r.name, ctx.area) or _other_area(r.commissioner or r.provider or "", ctx.area)
    _own_commissioning(doc, ctx, out)
    return out


# The writing council as the subject of its own sentence, and the words of buying a service.
_WE = re.compile(rf"\b(?:we|our|the\s+{OWN_COUNCIL})\b", re.I)
_BUYING = re.compile(
    r"\b(?:(?:re-?)?commission(?:s|ed|ing)?|procure[sd]?|procurement|tender(?:s|ed|ing)?|purchas(?:e|es|ed|ing)|"
    r"call[- ]off|spot[- ]purchas\w*|block contract|consortium|contracts? with|"
    r"part of (?:a|the) (?:[\w/-]+ )?(?:framework|panel|consortium)|sign(?:ed)? up to)\b",
    re.I,
)
# Another body that may be the buyer: "... commissioned by the CCG", "NHS Elmshire ICB tenders ...".
_OTHER_BUYER = re.compile(r"\b(?:NHS|CCGs?|ICBs?|PCTs?|Trust|Board|Partnership|Government|Department)\b")


def _own_commissioning(doc: StructuredDocument, ctx: Context, services: list[ServiceRecord]) -> None:
    """A service the writing council says it buys ("The Council is in a commissioning consortium
    for the Elmshire Fostering Framework", "we spot purchase places from ...", or in its own
    action plan "Leaving Care Framework - prepare tender exercise") is commissioned by that
    council, when no other buyer is named. Only a document one council publishes: in a joint
    one, "we" is both partners."""
    publishers = ctx.meta.publishers if ctx.meta else []
    # the budget holders among its publishers (a committee it reports to is the council's own)
    holders = [
        p for p in publishers if (rec := ctx.orgs.get(p)) and rec.kind in ("local-authority", "health-body")
    ]
    council = holders[0] if len(holders) == 1 and holders[0].endswith("Council") else None
    if council is None:
        return
    for r in services:
        if r.commissioner or not r.spans:
            continue
        a, b = sentence_at(doc.text, r.spans[0].start)
        sentence = doc.text[a:b]
        # the council says it buys it, or its own action plan says to buy it and names no other buyer
        if _BUYING.search(sentence) and (_WE.search(sentence) or not _OTHER_BUYER.search(sentence)):
            r.commissioner = council


_NOT_PLACE = frozenset(
    [
        "County",
        "City",
        "Borough",
        "District",
        "Metropolitan",
        "Council",
        "NHS",
        "Integrated",
        "Care",
        "Board",
        "Clinical",
        "Commissioning",
        "Group",
        "Trust",
        "Foundation",
        "Partnership",
        "and",
        "of",
        "the",
        "Health",
        "Healthcare",
        "Community",
        "Primary",
        "Authority",
        "Local",
        "Children's",
        "Children",
        "Services",
        "Service",
        "Royal",
        "University",
        "Hospitals",
        "Hospital",
    ]
)


def _place_words(ctx: Context) -> frozenset[str]:
    """Words naming the document's places: its area and the place names of councils and NHS bodies."""
    words = set((ctx.area or "").split())
    for rec in ctx.orgs.records():
        if rec.kind in ("local-authority", "health-body"):
            words.update(w for w in rec.name.split() if w[:1].isupper() and w not in _NOT_PLACE)
    return frozenset(w.lower() for w in words)


def _core(words: list[str]) -> list[str]:
    """Words of a key before its first preposition: 'local residential provision' of '... for CSE'."""
    for i, w in enumerate(words):
        if w in ("for", "of", "in", "to", "on", "at", "with"):
            return words[:i]
    return words


def _words(name: str) -> set[str]:
    """Content words of a printed name: 'services for young carers' ~ 'Young Carers services'."""
    words = set(re.findall(r"[a-z0-9]+", name.lower().replace("'s", "")))
    return words - {"for", "of", "the", "and", "to", "in", "a", "an"}


def _other_area(name: str, area: str | None) -> str | None:
    """The area a service's name starts with when it is not the document's ("Banbury Early Intervention Hub").

    >>> _other_area("Telford and Wrekin Music Education Hub", "Oxfordshire")
    'Telford and Wrekin'
    """
    first = name.split(" ", 1)[0]
    places = [p for p in _places_by_first_word().get(first, ()) if name.startswith(p + " ")]
    best = max(places, key=len, default=None)
    return best if best and best != area else None


@lru_cache(maxsize=1)
def _places_by_first_word() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for place, kind in gazetteer().items():
        if kind != "region":
            out.setdefault(place.split(" ", 1)[0], []).append(place)
    return {k: tuple(v) for k, v in out.items()}
