"""What the entity and document pages call things: classes as badges, properties as headings.

Why a table rather than the ontology's ``rdfs:label``s: a page groups links by what they mean
to a reader ("Commissions", "Part of"), and the same property reads differently from each end
(``ckg:commissionedBy`` is "Commissioned by" on a service, "Commissions" on its body). Both
directions of one relation share a group key, so ``org:subOrganizationOf`` pointing in and
``org:hasSubOrganization`` pointing out land in one list.

>>> primary_type([ORG + "Organization", CKG + "LocalAuthority"]).label
'Local authority'
>>> relation_group("in", CKG + "commissionedBy")
('commissions', 'Commissions')
>>> relation_group("out", "http://example.org/p")[1]
'http://example.org/p'
"""

from __future__ import annotations

from dataclasses import dataclass

from ckg.queries.formats import shorten

CKG = "https://w3id.org/ckg/ontology#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
VCARD = "http://www.w3.org/2006/vcard/ns#"


@dataclass(frozen=True)
class TypeInfo:
    iri: str
    label: str
    kind: str  # body, person, post, service, priority, intention, funding, document, topic, area, ...


# Most specific first: the first type of a resource found here is its badge.
_TYPES: list[tuple[str, str, str]] = [
    (CKG + "LocalAuthority", "Local authority", "body"),
    (CKG + "HealthBody", "Health body", "body"),
    (CKG + "School", "School", "body"),
    (CKG + "Provider", "Provider", "body"),
    (CKG + "Partnership", "Partnership", "body"),
    (CKG + "Team", "Team", "body"),
    (CKG + "NationalBody", "National body", "body"),
    (ORG + "OrganizationalCollaboration", "Partnership", "body"),
    (ORG + "OrganizationalUnit", "Team", "body"),
    (ORG + "Organization", "Organisation", "body"),
    (FOAF + "Person", "Person", "person"),
    (ORG + "Post", "Post", "post"),
    (CKG + "Service", "Service", "service"),
    (CKG + "CommissioningIntention", "Commissioning intention", "intention"),
    (CKG + "Priority", "Priority", "priority"),
    (CKG + "FundingAllocation", "Funding line", "funding"),
    (CKG + "Indicator", "Indicator", "indicator"),
    (CKG + "Document", "Document", "document"),
    (FOAF + "Document", "Document", "document"),
    (CKG + "Passage", "Passage", "passage"),
    (CKG + "Topic", "Topic", "topic"),
    (CKG + "Area", "Area", "area"),
    (SKOS + "ConceptScheme", "Concept scheme", "other"),
    (SKOS + "Concept", "Concept", "topic"),
    (OWL + "Class", "Class", "class"),
    (RDFS + "Class", "Class", "class"),
    (OWL + "ObjectProperty", "Property", "property"),
    (OWL + "DatatypeProperty", "Property", "property"),
    (RDF + "Property", "Property", "property"),
    (OWL + "Ontology", "Ontology", "other"),
]
_TYPE_INDEX = {iri: (i, TypeInfo(iri, label, kind)) for i, (iri, label, kind) in enumerate(_TYPES)}
OTHER = TypeInfo("", "Resource", "other")


def type_info(iri: str) -> TypeInfo:
    hit = _TYPE_INDEX.get(iri)
    return hit[1] if hit else TypeInfo(iri, shorten(iri), "other")


def primary_type(types: list[str] | set[str]) -> TypeInfo:
    """The badge of a resource with these types: the most specific one ckg knows."""
    known = sorted((_TYPE_INDEX[t] for t in types if t in _TYPE_INDEX), key=lambda x: x[0])
    if known:
        return known[0][1]
    return type_info(sorted(types)[0]) if types else OTHER


def badge_types(types: list[str] | set[str]) -> list[TypeInfo]:
    """Every type worth a badge, most specific first, without the duplicates that only restate
    a ckg class's OWL superclass (ckg:Partnership and org:OrganizationalCollaboration)."""
    infos = sorted(
        (_TYPE_INDEX[t] if t in _TYPE_INDEX else (len(_TYPES), type_info(t)) for t in set(types)),
        key=lambda x: (x[0], x[1].label),
    )
    out: list[TypeInfo] = []
    for _, info in infos:
        if any(o.label == info.label for o in out):
            continue
        out.append(info)
    return out


# (direction, property) -> (group key, heading). Order here is the order on the page.
_RELATIONS: list[tuple[str, str, str, str]] = [
    ("out", ORG + "subOrganizationOf", "part-of", "Part of"),
    ("in", ORG + "hasSubOrganization", "part-of", "Part of"),
    ("in", ORG + "subOrganizationOf", "parts", "Has parts"),
    ("out", ORG + "hasSubOrganization", "parts", "Has parts"),
    ("out", ORG + "memberOf", "member-of", "Member of"),
    ("in", ORG + "hasMember", "member-of", "Member of"),
    ("out", ORG + "hasMember", "members", "Members"),
    ("in", ORG + "memberOf", "members", "Members"),
    ("in", CKG + "commissionedBy", "commissions", "Commissions"),
    ("in", CKG + "commissioner", "commissions", "Commissions"),
    ("out", CKG + "commissionedBy", "commissioned-by", "Commissioned by"),
    ("out", CKG + "commissioner", "commissioned-by", "Commissioned by"),
    ("in", CKG + "providedBy", "provides", "Provides"),
    ("out", CKG + "providedBy", "provided-by", "Provided by"),
    ("out", CKG + "funder", "funded-by", "Funded by"),
    ("out", CKG + "funds", "funds", "Funds"),
    ("in", CKG + "priorityOf", "priorities", "Priorities"),
    ("out", CKG + "priorityOf", "priority-of", "Priority of"),
    ("out", CKG + "subPriorityOf", "under", "Under priority"),
    ("in", CKG + "subPriorityOf", "focus", "Areas of focus"),
    ("out", CKG + "supportsPriority", "supports", "Supports priority"),
    ("in", CKG + "supportsPriority", "supported-by", "Supported by intentions"),
    ("out", CKG + "concernsService", "concerns", "Concerns service"),
    ("in", CKG + "concernsService", "concerned-by", "Intentions about this service"),
    ("in", ORG + "postIn", "posts", "Posts and contacts"),
    ("out", ORG + "holds", "posts-held", "Posts held"),
    ("in", ORG + "heldBy", "posts-held", "Posts held"),
    ("out", ORG + "heldBy", "held-by", "Held by"),
    ("in", ORG + "holds", "held-by", "Held by"),
    ("out", ORG + "postIn", "post-in", "Post in"),
    ("out", DCT + "publisher", "published-by", "Published by"),
    ("in", DCT + "publisher", "publishes", "Publishes"),
    ("out", CKG + "statedIn", "stated-in", "Stated in"),
    ("in", CKG + "statedIn", "states", "States"),
    ("in", DCT + "replaces", "replaced-by", "Replaced by a newer edition"),
    ("out", DCT + "replaces", "replaces", "Replaces an older edition"),
    ("out", DCT + "references", "references", "References"),
    ("in", DCT + "references", "referenced-by", "Referenced by"),
    ("out", CKG + "inDocument", "in-document", "In document"),
    ("out", CKG + "area", "area", "Area"),
    ("in", CKG + "area", "in-area", "In this area"),
    ("out", CKG + "documentType", "document-type", "Document type"),
    ("in", CKG + "documentType", "of-type", "Documents of this type"),
    ("out", DCT + "subject", "topics", "Topics"),
    ("in", DCT + "subject", "about", "About this topic"),
    ("out", SKOS + "broader", "broader", "Broader topics"),
    ("in", SKOS + "broader", "narrower", "Narrower topics"),
    ("out", SKOS + "related", "related", "Related"),
    ("in", SKOS + "related", "related", "Related"),
    ("out", SKOS + "inScheme", "in-scheme", "In scheme"),
    ("in", SKOS + "inScheme", "scheme-members", "Concepts in this scheme"),
    ("out", RDFS + "subClassOf", "superclass", "Subclass of"),
    ("in", RDFS + "subClassOf", "subclasses", "Subclasses"),
    ("in", PROV + "wasDerivedFrom", "derived", "Facts read from this passage"),
]
_RELATION_INDEX = {(d, p): (i, key, heading) for i, (d, p, key, heading) in enumerate(_RELATIONS)}

# Shown elsewhere on the page (types, evidence, funding and contact tables, the document's
# text), so never as a relation list.
NOT_RELATIONS = {
    ("out", RDF + "type"),
    ("out", PROV + "wasDerivedFrom"),
    ("out", PROV + "wasGeneratedBy"),  # shown with the evidence: "read from a table row"
    ("in", CKG + "funder"),
    ("in", CKG + "funds"),
    ("in", CKG + "inDocument"),
    ("out", VCARD + "hasEmail"),
    ("out", VCARD + "hasTelephone"),
    ("out", DCT + "isReplacedBy"),  # shown as "Replaced by" (the inverse of dcterms:replaces)
    ("in", DCT + "isReplacedBy"),
    ("in", CKG + "newer"),  # the ckg:Replacement node: its reason is shown with the link
    ("in", CKG + "older"),
}


def relation_group(direction: str, prop: str) -> tuple[str, str]:
    """(group key, heading) of a link; unknown properties get their own group, named by the
    property's short name (``ckg:foo is``... would be guessing)."""
    hit = _RELATION_INDEX.get((direction, prop))
    if hit:
        return hit[1], hit[2]
    name = shorten(prop)
    return f"{direction}:{prop}", (name if direction == "out" else f"{name} (pointing here)")


def relation_order(key: str) -> int:
    for i, (_, _, k, _) in enumerate(_RELATIONS):
        if k == key:
            return i
    return len(_RELATIONS)


# Literal-valued properties: how their rows are labelled in the facts table.
ATTRIBUTES: dict[str, str] = {
    CKG + "amount": "Amount",
    CKG + "amountQualifier": "Amount as printed",
    CKG + "approximate": "Approximate",
    CKG + "fundingKind": "Kind of funding",
    CKG + "period": "Period",
    CKG + "periodStart": "Period start",
    CKG + "periodEnd": "Period end",
    CKG + "action": "Action",
    CKG + "timescale": "Timescale",
    CKG + "theme": "Theme",
    CKG + "note": "Note",
    CKG + "rank": "Rank",
    CKG + "target": "Target",
    CKG + "baseline": "Baseline",
    CKG + "address": "Address",
    CKG + "section": "Section",
    CKG + "page": "Page",
    CKG + "blockKind": "Block kind",
    CKG + "order": "Order",
    CKG + "startChar": "Start character",
    CKG + "endChar": "End character",
    CKG + "text": "Text",
    DCT + "source": "Source file",
    CKG + "mediaType": "Media type",
    CKG + "contentHash": "Content hash (SHA-256)",
    CKG + "extractorVersion": "Extractor version",
    RDFS + "comment": "Description",
    SKOS + "definition": "Definition",
    SKOS + "scopeNote": "Scope note",
    SKOS + "hiddenLabel": "Also matched as",
    SKOS + "notation": "Notation",
}
# The name of a resource, shown as the page's heading rather than as facts.
NAME_PROPERTIES = (RDFS + "label", SKOS + "prefLabel", DCT + "title", FOAF + "name")
ALT_LABEL = SKOS + "altLabel"


def attribute_label(prop: str) -> str:
    return ATTRIBUTES.get(prop) or shorten(prop)


def attribute_order(prop: str) -> int:
    keys = list(ATTRIBUTES)
    return keys.index(prop) if prop in keys else len(keys)
