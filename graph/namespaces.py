"""Namespaces and the IRIs of ckg's named graphs (see ../shared/design/ontology-core.md).

>>> str(CKG.FundingAllocation)
'https://w3id.org/ckg/ontology#FundingAllocation'
>>> PREFIXES["ckgid"]
'https://w3id.org/ckg/id/'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

CKG = Namespace("https://w3id.org/ckg/ontology#")
CKGID = Namespace("https://w3id.org/ckg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, str] = {
    "ckg": str(CKG),
    "ckgid": str(CKGID),
    "org": str(ORG),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}

# Named graphs that are not documents.
ONTOLOGY_GRAPH = URIRef(str(CKGID) + "graph/ontology")
SHAPES_GRAPH = URIRef(str(CKGID) + "graph/shapes")
TOPICS_GRAPH = URIRef(str(CKGID) + "graph/topics")
# Facts inferred across documents (which document replaces which), rewritten after every change.
INFERRED_GRAPH = URIRef(str(CKGID) + "graph/inferred")
TOPIC_SCHEME = URIRef(str(CKGID) + "topics")


def sparql_prologue() -> str:
    """``PREFIX`` lines for every namespace above, to prepend to queries."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


__all__ = [
    "CKG",
    "CKGID",
    "DCTERMS",
    "FOAF",
    "INFERRED_GRAPH",
    "ONTOLOGY_GRAPH",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SHAPES_GRAPH",
    "SKOS",
    "TOPICS_GRAPH",
    "TOPIC_SCHEME",
    "VCARD",
    "XSD",
    "sparql_prologue",
]
