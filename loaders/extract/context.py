"""What the per-kind extractors share about one document: its area, its bodies, its topics.

``OrgRegistry`` is the entity resolver. Extractors never invent IRIs or spell bodies their
own way: they ask ``ctx.orgs.resolve("the PCT")`` for the canonical name, and register
bodies with ``ctx.orgs.add``. Resolution rules hold for any council:

- acronyms the text defines ("Oxfordshire Clinical Commissioning Group (OCCG)") and those
  in a glossary resolve to the full name (``extract_organisations`` registers them);
- spelling variants resolve to one name: "Oxfordshire CCG" and "Oxfordshire Clinical
  Commissioning Group", "Oxford Health NHS Trust" and "Oxford Health NHS Foundation Trust",
  "Youth Offending Service" and "Bedfordshire Youth Offending Service" (``loose_key``);
- "the County Council", "the Council", "the Local Authority" resolve to the council of the
  document's area (the one the document prints, e.g. "Reading Borough Council");
  "the PCT"/"CCG"/"LSCB" to that area's body, unless the document names several of that
  kind and none for the whole area (three CCGs in West Sussex: "the CCG" is then unknown);
- the area's initials before a generic acronym ("WSCC", "BDAT") name the area's body.

The registry is shared by extractors that may run concurrently: every method takes a lock.

>>> reg = OrgRegistry(area="Bedfordshire")
>>> reg.resolve("the PCT")
'Bedfordshire Primary Care Trust'
>>> reg.resolve("the County Council")
'Bedfordshire County Council'
>>> _ = reg.add("Oxford Health NHS Foundation Trust", "health-body")
>>> reg.resolve("Oxford Health NHS Trust")
'Oxford Health NHS Foundation Trust'
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from ckg.loaders.extract.methods import stronger
from ckg.loaders.extract.organisations_acronyms import area_acronym
from ckg.loaders.extract.organisations_names import (
    HEAD_KINDS,
    canonical_form,
    generic_bodies,
    head_of,
    loose_key,
)
from ckg.loaders.extract.records import DocumentRecord, OrgRecord, Span
from ckg.loaders.extract.topics import TopicTagger
from ckg.loaders.structure import StructuredDocument

# Generic names that, in a document about one area, mean that area's body: (pattern, template, kind).
AREA_BODIES: tuple[tuple[str, str, str], ...] = (
    (
        r"(?:the\s+)?(?:county\s+council|council|local\s+authority|la|cc)",
        "{area} County Council",
        "local-authority",
    ),
    (r"(?:the\s+)?(?:pct|pcts|pct's|primary\s+care\s+trust)", "{area} Primary Care Trust", "health-body"),
    (
        r"(?:the\s+)?(?:ccg|clinical\s+commissioning\s+group)",
        "{area} Clinical Commissioning Group",
        "health-body",
    ),
    (r"(?:the\s+)?(?:icb|integrated\s+care\s+board)", "{area} Integrated Care Board", "health-body"),
    (
        r"(?:the\s+)?(?:lscb|scb|(?:local\s+)?safeguarding\s+children'?s?\s+board)",
        "{area} Safeguarding Children Board",
        "partnership",
    ),
    (
        r"(?:the\s+)?(?:hwb|hwbb|(?:joint\s+)?health\s+and\s+well-?being\s+board)",
        "{area} Health and Wellbeing Board",
        "partnership",
    ),
    (r"(?:the\s+)?(?:yos|youth\s+offending\s+service)", "{area} Youth Offending Service", "team"),
    (r"(?:the\s+)?(?:yot|youth\s+offending\s+team)", "{area} Youth Offending Team", "team"),
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
_MAX_SPANS = 25


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
    _loose: dict[str, str] = field(default_factory=dict)  # loose key -> canonical name
    _stems: dict[str, str | None] = field(default_factory=dict)  # name without its head noun -> canonical
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    def council_name(self) -> str | None:
        """The area's council: as the document prints it if it does, else the usual title."""
        if not self.area:
            return None
        if re.search(r"\b(council|borough)\b", self.area, re.I):
            return self.area
        with self._lock:
            pattern = (
                re.escape(self.area) + r"(?: (?:County|Borough|City|District|Metropolitan Borough))? Council"
            )
            for name, rec in self._records.items():
                if rec.kind == "local-authority" and re.fullmatch(pattern, name):
                    return name
        suffix = _COUNCIL_SUFFIX_BY_KIND.get(self.area_kind or "county", "County Council")
        return f"{self.area} {suffix}"

    def _lookup(self, mention: str, stems: bool = False) -> str | None:
        key = _key(mention)
        if key in self._index:
            return self._index[key]
        loose = loose_key(mention, self.area)
        if loose and loose in self._loose:
            return self._loose[loose]
        if stems and not head_of(mention) and len(loose) >= 5:
            return self._stems.get(loose)  # "Oxford Health", "John Henry Newman"
        return None

    def _add_stem(self, canonical: str) -> None:
        head = head_of(canonical)
        if head not in HEAD_KINDS or not canonical.endswith(head):
            return
        stem = re.sub(r"(?:\s+NHS)?(?:\s+Foundation)?\s+" + head + r"$", "", canonical)
        key = loose_key(stem + (" " + head if head in ("Primary", "School", "Academy") else ""), self.area)
        key = key.rsplit(" ", 1)[0] if head in ("Primary", "School", "Academy") and " " in key else key
        if len(key) >= 5 and len(stem.split()) >= 1 and key not in self._loose:
            # a stem two bodies share ("Youth" of two services) names neither
            self._stems[key] = None if key in self._stems and self._stems[key] != canonical else canonical

    def add(
        self,
        name: str,
        kind: str = "other",
        aliases: tuple[str, ...] | list[str] = (),
        parent: str | None = None,
        span: Span | None = None,
        method: str | None = None,
    ) -> OrgRecord:
        """Register a body (or more evidence for one already known); returns its record.

        A name that is a spelling variant of a known body adds to that body's record. ``method``
        is how the name was read (``loaders.extract.methods``); a body read several ways keeps
        the surest, and one registered with none is named by another record ("implied").
        """
        with self._lock:
            name = normalise_name(name)
            canonical = self._lookup(name)
            if canonical is None:
                form = canonical_form(name, self.area)
                canonical = self._lookup(form) or form
            rec = self._records.get(canonical)
            if rec is None:
                rec = OrgRecord(name=canonical, kind=kind, parent=parent, area=None, method=method)
                self._records[canonical] = rec
                self._index[_key(canonical)] = canonical
                self._loose.setdefault(loose_key(canonical, self.area), canonical)
                self._add_stem(canonical)
            elif rec.kind == "other" and kind != "other":
                rec.kind = kind
            rec.method = stronger(rec.method, method)
            if parent and not rec.parent and parent != canonical:
                rec.parent = parent
            for alias in (name, *aliases):
                alias = normalise_name(alias)
                if not alias:
                    continue
                self._index.setdefault(_key(alias), canonical)
                if not re.fullmatch(r"[A-Z&]{2,9}(?:'s|s)?", alias):
                    self._loose.setdefault(loose_key(alias, self.area), canonical)
                if alias != canonical and alias not in rec.aliases:
                    rec.aliases.append(alias)
            if span and span not in rec.spans and len(rec.spans) < _MAX_SPANS:
                rec.spans.append(span)
            return rec

    def resolve(self, mention: str | None) -> str | None:
        """Canonical name for a mention, or None when the mention is not a known body."""
        if not mention:
            return None
        mention = re.sub(r"['’]s$", "", normalise_name(mention))
        with self._lock:
            found = self._lookup(mention, stems=True) or self._lookup(canonical_form(mention, self.area))
            if found or not self.area:
                return found
            found = self._lookup(f"{self.council_name()} {mention}")  # "Children's Services": the council's
            if found:
                return found
            key = _key(mention)
            for pattern, template, _ in AREA_BODIES:
                if re.fullmatch(pattern, key, re.I):
                    if template.startswith("{area} County Council"):
                        return self.council_name()
                    return self._area_body(template.replace("{area} ", ""))
            expanded = area_acronym(mention, self.area)
            if expanded:
                return self._lookup(expanded[0]) or expanded[0]
            return None

    def _area_body(self, full: str) -> str | None:
        """The area's body of a generic kind ("Clinical Commissioning Group"), None if ambiguous."""
        own = f"{self.area} {full}"
        if own in self._records:
            return own
        others = [n for n in self._records if n.endswith(" " + full) and n != full]
        if len(others) == 1:
            return others[0]
        return None if others else own

    def resolve_or_add(self, mention: str, kind: str = "other", span: Span | None = None) -> str:
        """Resolve a mention; if it is an area-generic body ("the PCT"), register it on first use."""
        with self._lock:
            name = self.resolve(mention)
            if name is not None:
                if name not in self._records:
                    key = _key(mention)
                    kind = next((k for p, _, k in AREA_BODIES if re.fullmatch(p, key, re.I)), None) or next(
                        (k for f, k in generic_bodies().values() if name.endswith(f)), kind
                    )
                    self.add(name, kind, aliases=[normalise_name(mention)], span=span)
                elif span:
                    self.add(name, span=span)
                return name
            return self.add(mention, kind, span=span).name

    def get(self, name: str) -> OrgRecord | None:
        with self._lock:
            return self._records.get(name)

    def records(self) -> list[OrgRecord]:
        with self._lock:
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
        from ckg.loaders.extract.metadata import gazetteer

        meta = DocumentRecord(title=doc.title, area=area)
        orgs = OrgRegistry(area=area, area_kind=gazetteer().get(area or ""))
        return cls(doc=doc, meta=meta, orgs=orgs, tagger=tagger or TopicTagger.default())
