"""Everything the entity page shows about one resource, read in a handful of queries.

Why a data layer apart from the view: the page, the document page and the tests all want the
same grouped picture (links out and in by kind, evidence, funding lines, contacts), and the
view then only chooses HTML or RDF. Every query lives in ``web/sparql/entity-*.rq`` and gets the
IRI bound as a term, never pasted into the text. Each list is capped by its query (one row more
than kept, so the page can say it was cut).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import URIRef

from ckg.graph.terms import Term
from ckg.queries.formats import shorten
from ckg.queries.funding_totals import FundingStatement, allocation_total, allocations
from ckg.web import entity_kinds as K
from ckg.web.links import entity_path, passage_link
from ckg.web.money import money_text, to_decimal
from ckg.web.sparql_files import web_sparql

if TYPE_CHECKING:
    from ckg.kg import KnowledgeGraph

ROW_CAP = 3000  # entity-out / entity-in LIMIT is one more


@dataclass
class Link:
    """A resource linked from the page: where to go, what to call it, which badge."""

    iri: str
    label: str
    type: K.TypeInfo
    url: str
    text: str | None = None  # passages: their text, shown as a quote


@dataclass
class Group:
    key: str
    heading: str
    links: list[Link] = field(default_factory=list)

    def by_type(self) -> list[tuple[str, list[Link]]]:
        """The links split by badge (a topic is about priorities, services, passages...)."""
        out: dict[str, list[Link]] = {}
        for link in self.links:
            out.setdefault(link.type.label, []).append(link)
        return list(out.items())


@dataclass
class Value:
    text: str
    url: str | None = None
    money: bool = False


@dataclass
class Attribute:
    label: str
    values: list[Value]


@dataclass
class Reading:
    """How one document's reading made the resource: the method (an activity) and its confidence."""

    method: str  # the activity's IRI
    label: str  # plain words, read after "read from": "a table row"
    comment: str | None
    confidence: Decimal | None

    @property
    def text(self) -> str:
        """ "read from a table row, confidence 0.9": what the page prints beside the evidence."""
        words = f"read from {self.label}"
        return (
            f"{words}, confidence {self.confidence.normalize():f}" if self.confidence is not None else words
        )


@dataclass
class Evidence:
    passage: str
    quote: str
    section: str | None
    doc: str
    doc_title: str
    url: str | None
    replaced_by: str | None = None  # the newer edition of the document, when one replaces it
    replaced_by_title: str | None = None
    reading: Reading | None = None  # how the document this passage is in read the resource


@dataclass
class FundingLine:
    iri: str
    label: str
    role: str  # "funder" (this body pays) or "funded" (this thing is paid for)
    amount: Decimal | None
    qualifier: str | None
    kind: str | None
    period: str | None
    note: str | None
    doc: str
    doc_title: str
    funder: Link | None
    target: Link | None

    @property
    def is_saving(self) -> bool:
        """Savings and reductions ("less £12,345") are not money spent: kept out of totals."""
        return self.kind == "saving"


def funding_statements(lines: list[FundingLine]) -> list[FundingStatement]:
    """The lines as statements of allocations (one per line, whatever roles it plays here)."""
    out: dict[str, FundingStatement] = {}
    for f in lines:
        out.setdefault(
            f.iri,
            FundingStatement(
                line=f.iri,
                label=f.label,
                amount=f.amount,
                kind=f.kind,
                funder=f.funder.iri if f.funder else None,
                recipient=f.target.iri if f.target else None,
                period=f.period,
                document=f.doc,
            ),
        )
    return list(out.values())


def funding_sum(lines: list[FundingLine]) -> Decimal:
    """The sum a page shows under funding lines: every allocation with an amount once, however
    many documents state it (``ckg.queries.funding_totals``), savings left out."""
    return allocation_total(funding_statements(lines), savings=False)


def restated_lines(lines: list[FundingLine]) -> set[str]:
    """Lines that restate an allocation an earlier line (of another document) states: listed
    as evidence, not added again."""
    return {s.line for a in allocations(funding_statements(lines)) for s in a.statements[1:]}


@dataclass
class Contact:
    iri: str
    name: str
    roles: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    address: str | None = None
    bodies: list[Link] = field(default_factory=list)


@dataclass
class Entity:
    iri: str
    label: str
    types: list[K.TypeInfo]
    alt_labels: list[str]
    attributes: list[Attribute]
    groups: list[Group]
    evidence: list[Evidence]
    funding: list[FundingLine]
    contacts: list[Contact]
    instances: list[Link]
    truncated: bool
    type_iris: set[str]
    literals: dict[str, list[Term]]

    @property
    def kind(self) -> str:
        return self.types[0].kind if self.types else "other"

    @property
    def is_loaded_document(self) -> bool:
        """A document ckg read (it has a source file and passages), not one only referenced."""
        return K.CKG + "Document" in self.type_iris and bool(self.literals.get(K.DCT + "source"))

    @property
    def funding_total(self) -> Decimal:
        return funding_sum(self.funding)

    @property
    def funding_restated(self) -> set[str]:
        return restated_lines(self.funding)

    @property
    def funding_unpriced(self) -> int:
        return sum(1 for f in self.funding if f.amount is None)

    @property
    def funding_priced(self) -> int:
        """Lines that count towards the total (an amount, not a saving)."""
        return sum(1 for f in self.funding if f.amount is not None and not f.is_saving)

    @property
    def funding_savings(self) -> int:
        return sum(1 for f in self.funding if f.is_saving and f.amount is not None)

    def first(self, prop: str) -> str | None:
        vals = self.literals.get(prop)
        return vals[0].value if vals else None


def snippet(text: str, limit: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def link_for(iri: str, label: str | None, types: set[str] | list[str], text: str | None = None) -> Link:
    info = K.primary_type(types)
    if info.kind == "passage":
        return Link(
            iri, label or snippet(text or "", 90) or shorten(iri), info, passage_link(iri) or "", text
        )
    return Link(iri, label or shorten(iri), info, entity_path(iri), text)


def load_entity(kg: KnowledgeGraph, iri: str) -> Entity | None:
    """The page's picture of ``iri``, or None when the graph says nothing about it."""
    s = {"s": URIRef(iri)}
    out_rows = kg.sparql(web_sparql("entity-out"), s).rows
    in_rows = kg.sparql(web_sparql("entity-in"), s).rows
    type_iris = {r["o"].value for r in out_rows if r["p"].value == K.RDF + "type"}
    instances = _instances(kg, iri) if type_iris & {K.OWL + "Class", K.RDFS + "Class"} else []
    if not out_rows and not in_rows and not instances:
        return None

    literals: dict[str, list[Term]] = defaultdict(list)
    for r in out_rows:
        if r["o"].type == "literal" and r["o"] not in literals[r["p"].value]:
            literals[r["p"].value].append(r["o"])
    groups = _groups(out_rows, in_rows)
    entity = Entity(
        iri=iri,
        label=_label(literals, iri),
        types=K.badge_types(type_iris),
        alt_labels=sorted({t.value for t in literals.get(K.ALT_LABEL, [])}, key=str.lower),
        attributes=_attributes(literals),
        groups=groups,
        evidence=[],
        funding=[],
        contacts=[],
        instances=instances,
        truncated=len(out_rows) > ROW_CAP or len(in_rows) > ROW_CAP,
        type_iris=type_iris,
        literals=dict(literals),
    )
    if entity.kind != "passage":
        entity.evidence = load_evidence(kg, iri)
    if entity.kind in ("body", "service", "intention", "priority"):
        entity.funding = load_funding(kg, iri)
    if entity.kind == "body":
        entity.contacts = load_contacts(kg, "entity-contacts", {"body": URIRef(iri)})
    elif entity.kind == "person":
        entity.contacts = load_contacts(kg, "entity-person", {"person": URIRef(iri)})
    return entity


def _label(literals: dict[str, list[Term]], iri: str) -> str:
    for prop in K.NAME_PROPERTIES:
        values = literals.get(prop)
        if values:
            english = [t for t in values if t.lang in (None, "en")] or values
            return english[0].value
    text = literals.get(K.CKG + "text")
    if text:
        return snippet(text[0].value, 90)
    return shorten(iri)


def _attributes(literals: dict[str, list[Term]]) -> list[Attribute]:
    out = []
    hidden = {
        *K.NAME_PROPERTIES,
        K.ALT_LABEL,
        K.CKG + "text",
        K.CKG + "confidence",
    }  # confidence: with evidence
    for prop in sorted(literals, key=lambda p: (K.attribute_order(p), p)):
        if prop in hidden:
            continue
        values = []
        for t in literals[prop]:
            if prop == K.CKG + "amount":
                values.append(Value(money_text(t.value), money=True))
            elif prop == K.CKG + "approximate":
                values.append(Value("yes" if t.value in ("true", "1") else "no"))
            else:
                values.append(Value(t.value))
        out.append(Attribute(K.attribute_label(prop), values))
    return out


def _groups(out_rows: list[dict[str, Term]], in_rows: list[dict[str, Term]]) -> list[Group]:
    """Links out and in, grouped by kind of relation, each linked resource once per group."""
    # (direction, property, iri) -> label, types, text
    found: dict[tuple[str, str, str], dict] = {}
    for direction, rows, node, label_var in (
        ("out", out_rows, "o", "oLabel"),
        ("in", in_rows, "x", "xLabel"),
    ):
        for r in rows[:ROW_CAP]:
            term, prop = r[node], r["p"].value
            if term.type != "uri" or (direction, prop) in K.NOT_RELATIONS:
                continue
            entry = found.setdefault(
                (direction, prop, term.value), {"label": None, "types": set(), "text": None}
            )
            if entry["label"] is None and label_var in r:
                entry["label"] = r[label_var].value
            type_var = "oType" if direction == "out" else "xType"
            if type_var in r:
                entry["types"].add(r[type_var].value)
            if "text" in r and entry["text"] is None:
                entry["text"] = r["text"].value
    groups: dict[str, Group] = {}
    seen: set[tuple[str, str]] = set()
    for (direction, prop, iri), entry in found.items():
        key, heading = K.relation_group(direction, prop)
        if (key, iri) in seen:
            continue
        seen.add((key, iri))
        group = groups.setdefault(key, Group(key, heading))
        group.links.append(link_for(iri, entry["label"], entry["types"], entry["text"]))
    for group in groups.values():
        group.links.sort(key=_link_order)
    return sorted(groups.values(), key=lambda g: (K.relation_order(g.key), g.heading))


def _link_order(link: Link) -> tuple:
    """By badge then name; passages last, in document order (their IRIs end in start-end)."""
    if link.type.kind == "passage":
        doc, _, span = link.iri.rpartition("/")
        start = span.split("-", 1)[0]
        return (1, doc, int(start) if start.isdigit() else 0, "")
    return (0, link.type.label, 0, link.label.lower())


def _instances(kg: KnowledgeGraph, iri: str) -> list[Link]:
    rows = kg.sparql(web_sparql("entity-instances"), {"s": URIRef(iri)}).rows
    return [link_for(r["x"].value, r["xLabel"].value if "xLabel" in r else None, {iri}) for r in rows]


def load_evidence(kg: KnowledgeGraph, iri: str) -> list[Evidence]:
    """The passages a resource was read from (``prov:wasDerivedFrom``), in document order."""
    rows = kg.sparql(web_sparql("entity-evidence"), {"s": URIRef(iri)}).rows
    readings = load_readings(kg, iri)
    out, seen = [], set()
    for r in rows:
        p = r["passage"].value
        if p in seen:
            continue
        seen.add(p)
        out.append(
            Evidence(
                passage=p,
                quote=r["quote"].value,
                section=r["section"].value if "section" in r else None,
                doc=r["doc"].value,
                doc_title=r["docTitle"].value,
                url=passage_link(p),
                replaced_by=r["newer"].value if "newer" in r else None,
                replaced_by_title=r["newerTitle"].value if "newerTitle" in r else None,
                reading=readings.get(r["doc"].value),
            )
        )
    return out


def load_readings(kg: KnowledgeGraph, iri: str) -> dict[str, Reading]:
    """Document IRI -> how that document's extraction read ``iri`` (the surest reading, if several)."""
    out: dict[str, Reading] = {}
    for r in kg.sparql(web_sparql("entity-readings"), {"s": URIRef(iri)}).rows:
        conf = to_decimal(r["confidence"].value) if "confidence" in r else None
        method = r["activity"].value
        reading = Reading(
            method=method,
            label=r["methodLabel"].value if "methodLabel" in r else shorten(method),
            comment=_opt(r, "methodComment"),
            confidence=conf,
        )
        known = out.get(r["doc"].value)
        if known is None or (conf is not None and (known.confidence is None or conf > known.confidence)):
            out[r["doc"].value] = reading
    return out


def load_funding(kg: KnowledgeGraph, iri: str) -> list[FundingLine]:
    """Funding lines this resource pays (funder) or is paid by (funds), one row per line."""
    rows = kg.sparql(web_sparql("entity-funding"), {"s": URIRef(iri)}).rows
    lines: dict[tuple[str, str], FundingLine] = {}
    for r in rows:
        key = (r["line"].value, r["role"].value)
        if key in lines:
            continue
        amount = to_decimal(r["amount"].value) if "amount" in r else None
        qualifier = r["qualifier"].value if "qualifier" in r else None
        lines[key] = FundingLine(
            iri=r["line"].value,
            label=r["label"].value,
            role=r["role"].value,
            amount=amount,
            qualifier=qualifier,
            kind=_opt(r, "kind", skip="unknown"),
            period=_opt(r, "period"),
            note=_opt(r, "note"),
            doc=r["doc"].value,
            doc_title=r["docTitle"].value,
            funder=_link_opt(r, "funder", "funderLabel", K.ORG + "Organization"),
            target=_link_opt(r, "target", "targetLabel", None),
        )
    return list(lines.values())


def load_contacts(kg: KnowledgeGraph, query: str, bindings: dict[str, URIRef]) -> list[Contact]:
    """People (one card each) with every role, email and telephone the documents give them."""
    people: dict[str, Contact] = {}
    for r in kg.sparql(web_sparql(query), bindings).rows:
        c = people.setdefault(r["person"].value, Contact(r["person"].value, r["name"].value))
        for var, values in (("role", c.roles), ("email", c.emails), ("phone", c.phones)):
            if var in r and r[var].value not in values:
                values.append(r[var].value)
        if "address" in r and not c.address:
            c.address = r["address"].value
        body = _link_opt(r, "body", "bodyLabel", K.ORG + "Organization")
        if body and all(b.iri != body.iri for b in c.bodies):
            c.bodies.append(body)
    return sorted(people.values(), key=lambda c: c.name.lower())


def _opt(r: dict[str, Term], var: str, skip: str | None = None) -> str | None:
    if var not in r or r[var].value == skip:
        return None
    return r[var].value


def _link_opt(r: dict[str, Term], var: str, label_var: str, type_iri: str | None) -> Link | None:
    if var not in r:
        return None
    label = r[label_var].value if label_var in r else None
    return link_for(r[var].value, label, {type_iri} if type_iri else set())
