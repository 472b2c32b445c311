"""What the per-kind extractors share about one document: its area, its bodies, its topics.

``OrgRegistry`` is the entity resolver. Extractors never invent IRIs or spell bodies their
own way: they ask ``ctx.orgs.resolve("the PCT")`` for the canonical name, and register
bodies with ``ctx.orgs.add``. Resolution rules hold for any council:

- acronyms the text defines ("Oxfordshire Clinical Commissioning Group (OCCG)") and those
  in a glossary resolve to the full name;
- "the County Council", "the Council", "the Local Authority" resolve to the council of the
  document's area; "the PCT"/"CCG"/"ICB" to that area's NHS body;
- a known generic acronym expands with the area ("PCT" in a Bedfordshire document is
  "Bedfordshire Primary Care Trust").

>>> reg = OrgRegistry(area="Bedfordshire")
>>> reg.resolve("the PCT")
'Bedfordshire Primary Care Trust'
>>> reg.resolve("the County Council")
'Bedfordshire County Council'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ckg.loaders.extract.records import DocumentRecord, OrgRecord, Span
from ckg.loaders.extract.topics import TopicTagger
from ckg.loaders.structure import StructuredDocument

# Generic names that, in a document about one area, mean that area's body: (pattern, template, kind).
AREA_BODIES: tuple[tuple[str, str, str], ...] = (
    (
        r"(?:the\s+)?(?:county\s+council|council|local\s+authority|la)",
        "{area} County Council",
        "local-authority",
    ),
    (r"(?:the\s+)?(?:pct|pcts|pct's|primary\s+care\s+trust)", "{area} Primary Care Trust", "health-body"),
    (
        r"(?:the\s+)?(?:ccg|clinical\s+commissioning\s+group)",
        "{area} Clinical Commissioning Group",
        "health-body",
    ),
    (
        r"(?:the\s+)?(?:lscb|local\s+safeguarding\s+children'?s?\s+board)",
        "{area} Local Safeguarding Children Board",
        "partnership",
    ),
    (
        r"(?:the\s+)?(?:hwb|health\s+and\s+well-?being\s+board)",
        "{area} Health and Wellbeing Board",
        "partnership",
    ),
    (
        r"(?:the\s+)?(?:yos|yot|youth\s+offending\s+(?:service|team))",
        "{area} Youth Offending Service",
        "team",
    ),
)
# Areas that are boroughs or cities, whose council is not a "County Council".
_COUNCIL_SUFFIX_BY_KIND = {
    "county": "County Council",
    "unitary": "Council",
    "london-borough": "Council",
    "metropolitan": "Council",
    "district": "District Council",
    "city": "City Council",
}


def normalise_name(name: str) -> str:
    """Whitespace and quotes tidied, a leading article dropped: the key for matching mentions."""
    s = re.sub(r"\s+", " ", name.replace("’", "'").replace("‘", "'")).strip(" ,.;:-–")
    s = re.sub(r"^(?:the|a|an)\s+", "", s, flags=re.I)
    return s


def _key(name: str) -> str:
    return normalise_name(name).lower().replace("&", "and")


@dataclass
class OrgRegistry:
    area: str | None = None
    area_kind: str | None = None
    _records: dict[str, OrgRecord] = field(default_factory=dict)  # canonical name -> record
    _index: dict[str, str] = field(default_factory=dict)  # key of any alias -> canonical name

    def council_name(self) -> str | None:
        if not self.area:
            return None
        if re.search(r"\b(council|borough)\b", self.area, re.I):
            return self.area
        suffix = _COUNCIL_SUFFIX_BY_KIND.get(self.area_kind or "county", "County Council")
        return f"{self.area} {suffix}"

    def add(
        self,
        name: str,
        kind: str = "other",
        aliases: tuple[str, ...] | list[str] = (),
        parent: str | None = None,
        span: Span | None = None,
    ) -> OrgRecord:
        """Register a body (or more evidence for one already known); returns its record."""
        name = normalise_name(name)
        canonical = self._index.get(_key(name), name)
        rec = self._records.get(canonical)
        if rec is None:
            rec = OrgRecord(name=canonical, kind=kind, parent=parent, area=None)
            self._records[canonical] = rec
            self._index[_key(canonical)] = canonical
        elif rec.kind == "other" and kind != "other":
            rec.kind = kind
        if parent and not rec.parent and parent != canonical:
            rec.parent = parent
        for alias in aliases:
            alias = normalise_name(alias)
            if alias and _key(alias) not in self._index:
                self._index[_key(alias)] = canonical
            if alias and alias != canonical and alias not in rec.aliases:
                rec.aliases.append(alias)
        if span and span not in rec.spans:
            rec.spans.append(span)
        return rec

    def resolve(self, mention: str | None) -> str | None:
        """Canonical name for a mention, or None when the mention is not a known body."""
        if not mention:
            return None
        key = _key(mention)
        if key in self._index:
            return self._index[key]
        if self.area:
            for pattern, template, _ in AREA_BODIES:
                if re.fullmatch(pattern, key, re.I):
                    if template.startswith("{area} County Council"):
                        return self.council_name()
                    return template.format(area=self.area)
        return None

    def resolve_or_add(self, mention: str, kind: str = "other", span: Span | None = None) -> str:
        """Resolve a mention; if it is an area-generic body ("the PCT"), register it on first use."""
        name = self.resolve(mention)
        if name is not None:
            if name not in self._records:
                kind = next((k for p, _, k in AREA_BODIES if re.fullmatch(p, _key(mention), re.I)), kind)
                self.add(name, kind, aliases=[normalise_name(mention)], span=span)
            elif span:
                self.add(name, span=span)
            return name
        return self.add(mention, kind, span=span).name

    def get(self, name: str) -> OrgRecord | None:
        return self._records.get(name)

    def records(self) -> list[OrgRecord]:
        return list(self._records.values())


@dataclass
class Context:
    """One document being extracted."""

    doc: StructuredDocument
    meta: DocumentRecord
    orgs: OrgRegistry
    tagger: TopicTagger

    @property
    def area(self) -> str | None:
        return self.meta.area

    @staticmethod
    def span(start: int, end: int) -> Span:
        return Span(start, end)

    @classmethod
    def for_document(
        cls, doc: StructuredDocument, area: str | None = None, tagger: TopicTagger | None = None
    ) -> Context:
        """A context for extracting from ``doc`` as if its area were ``area`` (for tests and notebooks)."""
        meta = DocumentRecord(title=doc.title, area=area)
        return cls(doc=doc, meta=meta, orgs=OrgRegistry(area=area), tagger=tagger or TopicTagger.default())
