"""What the commissioning map draws: node kinds from classes, edge kinds from properties.

Why one table: the JSON (``kind``), the legend on the page and the Cytoscape styles must
agree, so the colours and shapes live here and the page receives them as data (the
template renders the legend and hands the same table to ``map.js``).

Edges are oriented so they read as sentences from the actor: a service's
``ckg:commissionedBy`` body becomes "body commissions service", a funding line's
``ckg:funder`` becomes "body funds funding line", ``ckg:statedIn`` becomes "document states".

>>> kind_of(["http://www.w3.org/ns/org#Organization", "https://w3id.org/ckg/ontology#Partnership"])
'body'
>>> kind_of(["https://w3id.org/ckg/ontology#FundingAllocation"])
'funding'
>>> EDGE_RULES["https://w3id.org/ckg/ontology#commissionedBy"]
EdgeRule(kind='commissions', label='commissions', reverse=True)
"""

from __future__ import annotations

from dataclasses import dataclass

CKG = "https://w3id.org/ckg/ontology#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
DCT = "http://purl.org/dc/terms/"


@dataclass(frozen=True)
class NodeKind:
    name: str
    label: str  # plural, for the legend and the type filter
    colour: str
    shape: str  # a Cytoscape node shape


# Order = legend order. Colours: Okabe-Ito based (distinguishable with colour-blindness),
# and every kind also has its own shape so colour is never the only cue.
NODE_KINDS: tuple[NodeKind, ...] = (
    NodeKind("body", "Bodies", "#1f5fa8", "ellipse"),
    NodeKind("service", "Services", "#009e73", "round-rectangle"),
    NodeKind("funding", "Funding lines", "#d4a017", "round-hexagon"),
    NodeKind("intention", "Commissioning intentions", "#d55e00", "round-diamond"),
    NodeKind("priority", "Priorities", "#e69f00", "star"),
    NodeKind("person", "People", "#cc79a7", "round-triangle"),
    NodeKind("post", "Posts", "#a8508f", "round-tag"),
    NodeKind("indicator", "Indicators", "#7b61ff", "vee"),
    NodeKind("document", "Documents", "#5f6b7a", "rectangle"),
    NodeKind("topic", "Topics", "#3d9bd1", "barrel"),
    NodeKind("area", "Areas", "#8c6d31", "pentagon"),
    NodeKind("other", "Other", "#9aa3b2", "ellipse"),
)
KIND_NAMES: tuple[str, ...] = tuple(k.name for k in NODE_KINDS)

# Nodes that many things point at; the map does not walk through them (a topic joins
# everything about it) and leaves them out of the default view.
HUB_KINDS = frozenset({"document", "topic", "area"})

# Class IRI -> kind, most specific meaning first (a body may also be typed org:Organization).
_CLASS_KINDS: tuple[tuple[str, str], ...] = (
    (CKG + "FundingAllocation", "funding"),
    (CKG + "CommissioningIntention", "intention"),
    (CKG + "Service", "service"),
    (CKG + "Priority", "priority"),
    (CKG + "Indicator", "indicator"),
    (FOAF + "Person", "person"),
    (ORG + "Post", "post"),
    (CKG + "Document", "document"),
    (CKG + "Topic", "topic"),
    (CKG + "Area", "area"),
    (ORG + "Organization", "body"),
    (CKG + "LocalAuthority", "body"),
    (CKG + "HealthBody", "body"),
    (CKG + "Partnership", "body"),
    (CKG + "Team", "body"),
    (CKG + "Provider", "body"),
    (CKG + "School", "body"),
    (CKG + "NationalBody", "body"),
    (ORG + "OrganizationalCollaboration", "body"),
    (ORG + "OrganizationalUnit", "body"),
)


def kind_of(types: list[str] | set[str] | tuple[str, ...]) -> str:
    """The node kind for a resource's classes (``other`` when none is known)."""
    present = set(types)
    for cls, kind in _CLASS_KINDS:
        if cls in present:
            return kind
    return "other"


@dataclass(frozen=True)
class EdgeKind:
    name: str
    label: str
    colour: str
    line: str  # solid | dashed | dotted


EDGE_KINDS: tuple[EdgeKind, ...] = (
    EdgeKind("commissions", "commissions", "#1f5fa8", "solid"),
    EdgeKind("funds", "funds", "#b8860b", "solid"),
    EdgeKind("provides", "provides", "#009e73", "solid"),
    EdgeKind("member-of", "member of", "#6c7a91", "dashed"),
    EdgeKind("part-of", "part of", "#6c7a91", "dotted"),
    EdgeKind("contact", "contact", "#cc79a7", "dashed"),
    EdgeKind("states", "states", "#b3bac6", "solid"),
    EdgeKind("about", "about", "#8fc3e3", "dotted"),
    EdgeKind("other", "other", "#a0a7b4", "solid"),
)
EDGE_KIND_NAMES: tuple[str, ...] = tuple(k.name for k in EDGE_KINDS)

# Edges that join something to a document, topic or area rather than to another actor.
HUB_EDGE_KINDS = frozenset({"states", "about"})


@dataclass(frozen=True)
class EdgeRule:
    kind: str
    label: str
    reverse: bool  # True: draw object -> subject


EDGE_RULES: dict[str, EdgeRule] = {
    CKG + "commissioner": EdgeRule("commissions", "commissions", True),
    CKG + "commissionedBy": EdgeRule("commissions", "commissions", True),
    CKG + "providedBy": EdgeRule("provides", "provides", True),
    CKG + "funder": EdgeRule("funds", "funds", True),
    CKG + "funds": EdgeRule("funds", "funds", False),
    ORG + "subOrganizationOf": EdgeRule("part-of", "part of", False),
    CKG + "subPriorityOf": EdgeRule("part-of", "part of", False),
    ORG + "hasMember": EdgeRule("member-of", "member of", True),
    ORG + "memberOf": EdgeRule("member-of", "member of", False),
    ORG + "holds": EdgeRule("contact", "holds", False),
    ORG + "heldBy": EdgeRule("contact", "holds", True),
    ORG + "postIn": EdgeRule("contact", "post in", False),
    CKG + "statedIn": EdgeRule("states", "states", True),
    DCT + "subject": EdgeRule("about", "about", False),
    CKG + "area": EdgeRule("about", "in area", False),
    CKG + "priorityOf": EdgeRule("other", "has priority", True),
    CKG + "supportsPriority": EdgeRule("other", "supports", False),
    CKG + "concernsService": EdgeRule("other", "concerns", False),
    DCT + "publisher": EdgeRule("other", "publishes", True),
    DCT + "references": EdgeRule("other", "references", False),
}

# Label properties, preferred first.
LABEL_PROPERTIES: tuple[str, ...] = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    DCT + "title",
    FOAF + "name",
    "http://www.w3.org/2000/01/rdf-schema#label",
)


def legend() -> dict[str, list[dict[str, str]]]:
    """The kinds as plain data for the template and ``map.js``."""
    return {
        "nodes": [k.__dict__.copy() for k in NODE_KINDS],
        "edges": [k.__dict__.copy() for k in EDGE_KINDS],
    }
