"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pyshacl).

The data graph is the union of every document's named graph plus the topic scheme: read
straight from an embedded store through oxrdflib (no export/re-parse), or from a remote store
with one CONSTRUCT (``graph/sparql/validation-data.rq``) into memory, since pyshacl needs an
rdflib graph it can walk. The ontology is passed as ``ont_graph`` with RDFS inference, so a
``ckg:School`` counts as an ``org:Organization``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ckg.graph.namespaces import ONTOLOGY_GRAPH, SH, SHAPES_GRAPH
from ckg.graph.ontology_graphs import parsed
from ckg.graph.sparql_files import sparql
from ckg.graph.terms import Term


@dataclass
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""


def data_graph_of(store) -> Graph:
    """An rdflib view of the store's union graph, minus the ontology and shapes graphs."""
    from oxrdflib import OxigraphStore as RdflibOxigraph

    raw = getattr(store, "raw", None)
    if raw is None:  # remote store: pull the data graphs into memory
        g = Graph()
        for s, p, o in store.query(sparql("validation-data"), union=False).triples:
            g.add((_rdflib(s), _rdflib(p), _plain(_rdflib(o))))
        return g
    ds = Dataset(store=RdflibOxigraph(store=raw))
    out = Graph()
    for ctx in ds.graphs():
        if ctx.identifier in (ONTOLOGY_GRAPH, SHAPES_GRAPH):
            continue
        for s, p, o in ctx:
            out.add((s, p, _plain(o)))
    return out


def _rdflib(t: Term):
    if t.type == "uri":
        return URIRef(t.value)
    if t.type == "bnode":
        return BNode(t.value)
    return Literal(t.value, lang=t.lang, datatype=URIRef(t.datatype) if t.datatype else None)


def _plain(term):
    """Oxigraph returns simple literals typed xsd:string; rdflib's sh:in compares them unequal
    to the shapes' plain literals (RDF 1.1 says they are the same), so drop the datatype."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def validate_graph(data: Graph) -> ValidationReport:
    import pyshacl

    conforms, results, text = pyshacl.validate(
        data,
        shacl_graph=parsed("shapes.ttl"),
        ont_graph=parsed("ckg.ttl"),
        inference="rdfs",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    violations = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        violations.append(
            Violation(
                focus=str(results.value(r, SH.focusNode)),
                path=str(results.value(r, SH.resultPath) or "") or None,
                message=str(results.value(r, SH.resultMessage) or ""),
                severity=str(results.value(r, SH.resultSeverity) or "").rsplit("#", 1)[-1],
            )
        )
    violations.sort(key=lambda v: (v.severity, v.focus, v.path or ""))
    return ValidationReport(bool(conforms), violations, text)


__all__ = ["ONTOLOGY_GRAPH", "ValidationReport", "Violation", "data_graph_of", "validate_graph"]
