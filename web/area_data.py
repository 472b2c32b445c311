"""The area page's picture, from the named query ``area-profile``: who commissions what in an
area, the area's documents as a table (title, owner, period, type, themes in order), and whom
to contact. Every cell keeps the passage it was read from.

Why one query and Python grouping: the profile is a few hundred rows for a county, one round
trip; grouping (bodies by what they do, themes in order, one figure stated by several documents
counted once) is clearer here than in SPARQL, and the same rows feed the CSV and JSON downloads.

"As of YEAR" keeps the documents dated up to YEAR (issue date, else period start; undated ones
stay) and marks those a newer edition dated up to YEAR replaces as historical.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ckg.graph.replacement import title_core
from ckg.loaders.extract.metadata import period_from_text
from ckg.queries.funding_totals import FundingStatement, allocation_total
from ckg.web.links import entity_path, passage_link
from ckg.web.money import to_decimal

if TYPE_CHECKING:
    from ckg.graph.terms import QueryResult
    from ckg.kg import KnowledgeGraph


@dataclass
class Cell:
    """A value with the page of its resource and the passage it was read from."""

    text: str
    url: str | None = None
    evidence: str | None = None


@dataclass
class DocumentRow:
    iri: str
    title: Cell
    loaded: bool  # a loaded document (else one the area's documents name)
    owners: list[Cell] = field(default_factory=list)
    period: str | None = None
    issued: str | None = None
    doc_type: str | None = None
    themes: list[Cell] = field(default_factory=list)  # numbered priorities or themes, in order
    other_themes: list[Cell] = field(default_factory=list)  # priorities it states without a number
    replaced_by: str | None = None  # IRI of the newer edition (as of the view's year)
    replaced_by_title: str | None = None
    year: int | None = None  # the year it is dated by (issue date, else period start)

    @property
    def historical(self) -> bool:
        return self.replaced_by is not None


@dataclass
class Item:
    """One thing a body commissions, provides or funds."""

    label: Cell
    kind: str  # "service", "intention", "funding"
    topics: list[str]
    amount: Decimal | None
    period: str | None
    document: str
    historical: bool = False
    statement: FundingStatement | None = None  # a funding line, for totals


@dataclass
class BodyRow:
    iri: str
    name: str
    url: str
    commissions: list[Item] = field(default_factory=list)
    provides: list[Item] = field(default_factory=list)
    funds: list[Item] = field(default_factory=list)

    @property
    def funded_total(self) -> Decimal | None:
        """The body's current funding, each allocation counted once however many documents
        state it (``queries/funding_totals``); lines of replaced editions are history."""
        current = [
            i.statement for i in self.funds if i.statement and i.amount is not None and not i.historical
        ]
        return allocation_total(current) if current else None

    def grouped(self, items: list[Item]) -> list[tuple[str, list[Item]]]:
        """Items under their first topic ("Other" when none), topics in alphabetical order."""
        groups: dict[str, list[Item]] = {}
        for item in items:
            groups.setdefault(item.topics[0] if item.topics else "Other", []).append(item)
        return sorted(groups.items(), key=lambda kv: (kv[0] == "Other", kv[0]))


@dataclass
class ContactRow:
    iri: str
    name: Cell
    post: str | None
    body: Cell | None
    email: str | None
    phone: str | None
    document: str


@dataclass
class AreaProfile:
    name: str
    iri: str
    as_of: int | None
    documents: list[DocumentRow]
    bodies: list[BodyRow]
    contacts: list[ContactRow]
    years: list[int]  # the years the area's documents are dated by, for the "as of" choice


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _v(row: dict[str, Any], key: str) -> str | None:
    term = row.get(key)
    return None if term is None else str(term.value)


def _year(text: str | None) -> int | None:
    m = re.match(r"((?:19|20)\d\d)", text or "")
    return int(m.group(1)) if m else None


def _evidence(row: dict[str, Any]) -> str | None:
    p = _v(row, "evidence")
    return passage_link(p) if p else None


def _order_key(row: dict[str, Any]) -> tuple[int, int]:
    """Themes in their printed order: where the document states them, then their number (a
    table row or list printing several numbered themes is one passage)."""
    rank, at = _v(row, "rank"), _v(row, "at")
    return (int(at) if at and at.isdigit() else 1 << 30, int(rank) if rank and rank.isdigit() else 1 << 20)


def profile(area_iri: str, name: str, rows: QueryResult, as_of: int | None) -> AreaProfile:
    docs: dict[str, DocumentRow] = {}
    themes: dict[str, list[dict[str, Any]]] = {}
    item_rows: list[dict[str, Any]] = []
    contacts: dict[str, ContactRow] = {}
    for r in rows.rows:
        section = _v(r, "section")
        document = _v(r, "document") or ""
        if section in ("document", "reference"):
            d = docs.get(document)
            if d is None:
                title = _v(r, "title") or document
                d = docs[document] = DocumentRow(
                    iri=document,
                    title=Cell(title, entity_path(document), _evidence(r)),
                    loaded=section == "document",
                    period=_v(r, "period"),
                    issued=_v(r, "issued"),
                    doc_type=_v(r, "type"),
                    replaced_by=_v(r, "replacedBy"),
                )
                if not d.period:  # a named document's period is often only in its title
                    start, end = period_from_text(title)
                    d.period = (
                        f"{start}-{end}"
                        if start and end and end != start
                        else (str(start) if start else None)
                    )
                d.year = _year(d.issued) or _year(d.period)
            body = _v(r, "body")
            if body and all(o.url != entity_path(body) for o in d.owners):
                d.owners.append(Cell(_v(r, "bodyLabel") or body, entity_path(body)))
        elif section == "theme":
            themes.setdefault(document, []).append(r)
        elif section in ("commissions", "provides", "funds"):
            item_rows.append(r)
        elif section == "contact":
            iri = _v(r, "item") or ""
            if iri in contacts:
                continue
            body = _v(r, "body")
            contacts[iri] = ContactRow(
                iri=iri,
                name=Cell(_v(r, "label") or iri, entity_path(iri), _evidence(r)),
                post=_v(r, "post"),
                body=Cell(_v(r, "bodyLabel") or body, entity_path(body)) if body else None,
                email=_v(r, "email") or None,
                phone=_v(r, "phone") or None,
                document=document,
            )
    docs = _merge_same_references(docs, themes)
    titles = {iri: d.title.text for iri, d in docs.items()}
    # as of a year: later documents go; a replacement counts once its newer edition is out
    if as_of is not None:
        docs = {k: d for k, d in docs.items() if d.year is None or d.year <= as_of}
    for d in docs.values():
        if d.replaced_by and (d.replaced_by not in docs):
            d.replaced_by = None  # replaced only by an edition after the year asked about
        if d.replaced_by:
            d.replaced_by_title = titles.get(d.replaced_by)
        seen: set[str] = set()
        for t in sorted(themes.get(d.iri, []), key=_order_key):
            label = _v(t, "label") or ""
            if _norm(label) in seen:
                continue
            seen.add(_norm(label))
            target = d.themes if _v(t, "rank") else d.other_themes
            target.append(Cell(label, entity_path(_v(t, "item") or ""), _evidence(t)))
    shown = {k for k, d in docs.items() if d.loaded}
    old = {k for k, d in docs.items() if d.historical}
    bodies = _bodies(item_rows, shown, old)
    ordered_docs = sorted(
        docs.values(), key=lambda d: (not d.loaded, d.historical, -(d.year or 0), d.title.text.lower())
    )
    ordered_bodies = sorted(
        bodies.values(), key=lambda b: (-(len(b.commissions) + len(b.provides) + len(b.funds)), b.name)
    )
    kept_contacts = [c for c in contacts.values() if c.document in shown]
    return AreaProfile(
        name=name,
        iri=area_iri,
        as_of=as_of,
        documents=ordered_docs,
        bodies=ordered_bodies,
        # people with an email or phone first: the ones a provider can actually reach
        contacts=sorted(
            kept_contacts,
            key=lambda c: (not (c.email or c.phone), c.body.text if c.body else "~", c.name.text),
        ),
        years=sorted({d.year for d in docs.values() if d.year and d.loaded}),
    )


def _bodies(item_rows: list[dict[str, Any]], shown: set[str], old: set[str]) -> dict[str, BodyRow]:
    """Each body with what it commissions, provides and funds in the documents shown; items of
    a replaced edition marked historical."""
    bodies: dict[str, BodyRow] = {}
    for r in item_rows:
        document = _v(r, "document") or ""
        if document not in shown:
            continue
        body = _v(r, "body") or ""
        b = bodies.get(body)
        if b is None:
            b = bodies[body] = BodyRow(body, _v(r, "bodyLabel") or body, entity_path(body))
        section = _v(r, "section")
        role = _v(r, "role") or ""
        kind = "funding" if section == "funds" else ("service" if role.endswith("Service") else "intention")
        amount = _v(r, "amount")
        item = Item(
            label=Cell(_v(r, "label") or "", entity_path(_v(r, "item") or ""), _evidence(r)),
            kind=kind,
            topics=[t for t in (_v(r, "topics") or "").split("; ") if t],
            amount=to_decimal(amount) if amount else None,
            period=_v(r, "period"),
            document=document,
            historical=document in old,
        )
        if section == "funds":  # every line listed; the total counts each allocation once
            item.statement = FundingStatement(
                _v(r, "item") or "",
                item.label.text,
                item.amount,
                _v(r, "fundingKind"),
                body,
                _v(r, "funds"),
                item.period,
                document,
            )
            b.funds.append(item)
            continue
        target = b.commissions if section == "commissions" else b.provides
        if all(_norm(i.label.text) != _norm(item.label.text) for i in target):
            target.append(item)
    return bodies


def _merge_same_references(
    docs: dict[str, DocumentRow], themes: dict[str, list[dict[str, Any]]]
) -> dict[str, DocumentRow]:
    """One row per document: a loaded document another names stays one row, and a document
    named twice ("X Strategy" with its period in one place, "X Strategy: 2012 - 2015" with its
    themes in another) is one row with both. Titles
    are compared with dates and edition words aside (``title_core``); two named documents
    with one title and different periods stay apart (they are two editions)."""
    kept: dict[str, DocumentRow] = {}
    by_core: dict[str, DocumentRow] = {}
    for iri, d in sorted(docs.items(), key=lambda kv: not kv[1].loaded):  # loaded documents first
        core = title_core(d.title.text)
        same = by_core.get(core) if not d.loaded else None
        if same is None or (same.period and d.period and _year(same.period) != _year(d.period)):
            kept[iri] = d
            by_core.setdefault(core, d)
            continue
        same.period = same.period or d.period
        same.doc_type = same.doc_type or d.doc_type
        same.owners += [o for o in d.owners if all(o.url != x.url for x in same.owners)]
        themes.setdefault(same.iri, []).extend(themes.get(iri, []))
    return kept


# --------------------------------------------------------------------------- downloads
DOCUMENT_COLUMNS = (
    "title",
    "owner",
    "period",
    "dated",
    "type",
    "themes",
    "other_priorities",
    "status",
    "loaded",
    "iri",
)


def document_records(p: AreaProfile) -> list[dict[str, str]]:
    """The documents table as plain rows (CSV and JSON downloads)."""
    return [
        {
            "title": d.title.text,
            "owner": "; ".join(o.text for o in d.owners),
            "period": d.period or "",
            "dated": d.issued or "",
            "type": d.doc_type or "",
            "themes": " | ".join(t.text for t in d.themes),
            "other_priorities": " | ".join(t.text for t in d.other_themes),
            "status": f"replaced by {d.replaced_by_title}" if d.historical else "current",
            "loaded": "yes" if d.loaded else "named by a loaded document",
            "iri": d.iri,
        }
        for d in p.documents
    ]


def as_json(p: AreaProfile) -> dict[str, Any]:
    def item(i: Item) -> dict[str, Any]:
        return {
            "label": i.label.text,
            "iri": i.label.url,
            "kind": i.kind,
            "topics": i.topics,
            "amount": str(i.amount) if i.amount is not None else None,
            "period": i.period,
            "document": i.document,
            "historical": i.historical,
            "evidence": i.label.evidence,
        }

    return {
        "area": p.name,
        "iri": p.iri,
        "as_of": p.as_of,
        "documents": document_records(p),
        "commissioners": [
            {
                "body": b.name,
                "iri": b.iri,
                "commissions": [item(i) for i in b.commissions],
                "provides": [item(i) for i in b.provides],
                "funds": [item(i) for i in b.funds],
                "funded_total": str(b.funded_total) if b.funded_total is not None else None,
            }
            for b in p.bodies
        ],
        "contacts": [
            {
                "name": c.name.text,
                "post": c.post,
                "body": c.body.text if c.body else None,
                "email": c.email,
                "phone": c.phone,
                "document": c.document,
                "evidence": c.name.evidence,
            }
            for c in p.contacts
        ],
    }


# --------------------------------------------------------------------------- cache
class AreaCache:
    """The profile query's rows per area, kept while the store's documents are unchanged (the
    page is read far more often than the store changes; a build or removal changes the key)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: dict[tuple[tuple, str], QueryResult] = {}

    def rows(self, kg: KnowledgeGraph, area_iri: str, key: tuple) -> QueryResult:
        with self._lock:
            hit = self._rows.get((key, area_iri))
        if hit is not None:
            return hit
        from rdflib import URIRef

        rows = kg.sparql("area-profile", {"area": URIRef(area_iri)})
        with self._lock:
            self._rows = {k: v for k, v in self._rows.items() if k[0] == key}
            self._rows[(key, area_iri)] = rows
        return rows
