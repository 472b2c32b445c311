"""What the document pages show: a loaded document's text as passages, what was extracted
from it, and the list of loaded documents.

Why one query for the whole text: a West Sussex PDF has about 2,000 passages, and a query per
passage would take seconds; ``document-passages`` returns them all in order (about 150 ms for 2,800
passages on an idle laptop; the page renders in about half a second). What was extracted from a document is what is typed in its named
graph (``document-extracted``), so a body named in three documents appears on all three pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import URIRef

from ckg.web import entity_kinds as K
from ckg.web.entity_data import Link, link_for
from ckg.web.links import passage_anchor
from ckg.web.money import to_decimal, total
from ckg.web.sparql_files import web_sparql

if TYPE_CHECKING:
    from ckg.kg import KnowledgeGraph

HEADING_KINDS = {"heading", "title"}

# Kind of extracted resource -> heading on the document page, in page order.
EXTRACTED_KINDS: list[tuple[str, str]] = [
    ("body", "Organisations"),
    ("priority", "Priorities"),
    ("intention", "Commissioning intentions"),
    ("service", "Services"),
    ("funding", "Funding lines"),
    ("person", "Contacts"),
    ("post", "Posts"),
    ("document", "Referenced documents"),
    ("indicator", "Indicators"),
    ("area", "Areas"),
    ("other", "Other"),
]
_KIND_HEADINGS = dict(EXTRACTED_KINDS)


@dataclass
class PassageView:
    iri: str
    anchor: str
    text: str
    kind: str
    section: str | None
    page: int | None
    new_page: bool = False

    @property
    def is_heading(self) -> bool:
        return self.kind in HEADING_KINDS

    @property
    def heading_level(self) -> int:
        """h3 for top-level headings (the page has h1 title, h2 "Text"), deeper by section depth."""
        depth = len(self.section.split(" > ")) if self.section else 0
        return min(6, 3 + depth)

    @property
    def cells(self) -> list[str]:
        """A table row's cells (the loaders join cells with tabs)."""
        return [c.strip() for c in self.text.split("\t")]


@dataclass
class ExtractedGroup:
    kind: str
    heading: str
    links: list[Link] = field(default_factory=list)
    amounts: dict[str, Decimal] = field(default_factory=dict)  # funding line IRI -> amount
    savings: set[str] = field(default_factory=set)  # funding lines that are savings or reductions

    @property
    def total(self) -> Decimal:
        """Every amount but the savings ("less £12,345 reduction"), which are not money spent."""
        return total([a for iri, a in self.amounts.items() if iri not in self.savings])


@dataclass
class DocumentSummary:
    iri: str
    title: str
    publishers: str | None
    area: str | None
    period: str | None
    doc_type: str | None
    source: str
    counts: list[tuple[str, int]]
    passages: int


def load_passages(kg: KnowledgeGraph, doc_iri: str) -> list[PassageView]:
    """The document's text, passage by passage, in order (one query)."""
    rows = kg.sparql(web_sparql("document-passages"), {"doc": URIRef(doc_iri)}).rows
    out: list[PassageView] = []
    last_page: int | None = None
    seen: set[str] = set()
    for r in rows:
        iri = r["passage"].value
        if iri in seen:
            continue
        seen.add(iri)
        page = int(r["page"].value) if "page" in r else None
        view = PassageView(
            iri=iri,
            anchor=passage_anchor(iri) or "",
            text=r["text"].value,
            kind=r["kind"].value if "kind" in r else "paragraph",
            section=r["section"].value if "section" in r else None,
            page=page,
            new_page=page is not None and page != last_page,
        )
        last_page = page if page is not None else last_page
        out.append(view)
    return out


def load_extracted(kg: KnowledgeGraph, doc_iri: str) -> list[ExtractedGroup]:
    """Resources typed in the document's named graph, grouped by kind, labelled, with amounts."""
    rows = kg.sparql(web_sparql("document-extracted"), {"doc": URIRef(doc_iri)}).rows
    items: dict[str, dict] = {}
    for r in rows:
        entry = items.setdefault(
            r["x"].value, {"types": set(), "label": None, "amount": None, "saving": False}
        )
        entry["types"].add(r["type"].value)
        if entry["label"] is None and "label" in r:
            entry["label"] = r["label"].value
        if entry["amount"] is None and "amount" in r:
            entry["amount"] = to_decimal(r["amount"].value)
        if "fundingKind" in r and r["fundingKind"].value == "saving":
            entry["saving"] = True
    groups: dict[str, ExtractedGroup] = {}
    for iri, entry in items.items():
        link = link_for(iri, entry["label"], entry["types"])
        kind = link.type.kind if link.type.kind in _KIND_HEADINGS else "other"
        group = groups.setdefault(kind, ExtractedGroup(kind, _KIND_HEADINGS[kind]))
        group.links.append(link)
        if entry["amount"] is not None:
            group.amounts[iri] = entry["amount"]
        if entry["saving"]:
            group.savings.add(iri)
    order = [k for k, _ in EXTRACTED_KINDS]
    for group in groups.values():
        if group.kind in ("funding", "intention", "indicator"):
            group.links.sort(key=lambda lk: _numbered(lk.iri))  # document order
        else:
            group.links.sort(key=lambda lk: lk.label.lower())
    return sorted(groups.values(), key=lambda g: order.index(g.kind))


def _numbered(iri: str) -> tuple[int, str]:
    """``.../funding/doc/12`` sorts by 12 (these IRIs number lines in document order)."""
    tail = iri.rsplit("/", 1)[-1]
    return (int(tail), iri) if tail.isdigit() else (1 << 30, iri)


def list_documents(kg: KnowledgeGraph) -> list[DocumentSummary]:
    """Every loaded document with its metadata and how much was extracted from it."""
    counts: dict[str, dict[str, int]] = {}
    for r in kg.sparql(web_sparql("document-counts")).rows:
        kind = K.type_info(r["type"].value).kind
        per_doc = counts.setdefault(r["doc"].value, {})
        # a body has several types (org:Organization, ckg:LocalAuthority): count its kind once
        per_doc[kind] = max(per_doc.get(kind, 0), int(r["n"].value))
    out = []
    for r in kg.sparql("documents").rows:
        iri = r["document"].value
        start = r["start"].value if "start" in r else None
        end = r["end"].value if "end" in r else None
        period = f"{start}–{end}" if start and end and start != end else (start or end)
        per_doc = counts.get(iri, {})
        out.append(
            DocumentSummary(
                iri=iri,
                title=r["title"].value,
                publishers=(r["publishers"].value or None) if "publishers" in r else None,
                area=r["area"].value if "area" in r else None,
                period=period,
                doc_type=r["type"].value if "type" in r else None,
                source=r["source"].value,
                counts=[(_KIND_HEADINGS[k], per_doc[k]) for k, _ in EXTRACTED_KINDS if per_doc.get(k)],
                passages=per_doc.get("passage", 0),
            )
        )
    return out


@dataclass
class ReplacementView:
    """A newer edition replacing this document (``role`` "replaced-by") or an older one it replaces."""

    role: str
    other: str
    other_title: str
    why: str


def load_replacements(kg: KnowledgeGraph, doc_iri: str) -> list[ReplacementView]:
    rows = kg.sparql(web_sparql("document-replacements"), {"doc": URIRef(doc_iri)}).rows
    return [
        ReplacementView(r["role"].value, r["other"].value, r["otherTitle"].value, r["why"].value)
        for r in rows
    ]
