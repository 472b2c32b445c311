"""ckg validate: the bundled corpus conforms to the SHACL shapes; a broken graph does not."""

from __future__ import annotations

from decimal import Decimal

from ckgtest import run_ckg
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from ckg.graph.namespaces import CKG
from ckg.graph.validate import validate_graph


def test_corpus_validates_clean(corpus_location):
    r = run_ckg("validate", "--store", str(corpus_location))
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr
    assert "conforms" in r.stdout


def test_violations_are_reported():
    g = Graph()
    doc, passage = URIRef("https://w3id.org/ckg/id/doc/x"), URIRef("https://w3id.org/ckg/id/passage/x/0-5")
    g.add((doc, RDF.type, CKG.Document))
    g.add((doc, URIRef("http://purl.org/dc/terms/title"), Literal("X")))
    g.add((passage, RDF.type, CKG.Passage))
    g.add((passage, CKG.inDocument, doc))
    g.add((passage, CKG.text, Literal("hello")))
    g.add((passage, CKG.startChar, Literal(0, datatype=XSD.integer)))
    g.add((passage, CKG.endChar, Literal(5, datatype=XSD.integer)))
    good = URIRef("https://w3id.org/ckg/id/funding/x/1")
    g.add((good, RDF.type, CKG.FundingAllocation))
    g.add((good, RDFS.label, Literal("line")))
    g.add((good, CKG.amount, Literal(Decimal("10"), datatype=XSD.decimal)))
    g.add((good, PROV.wasDerivedFrom, passage))
    g.add((good, CKG.statedIn, doc))
    assert validate_graph(g).conforms
    bad = URIRef("https://w3id.org/ckg/id/funding/x/2")
    g.add((bad, RDF.type, CKG.FundingAllocation))
    g.add((bad, RDFS.label, Literal("line")))
    g.add((bad, CKG.amount, Literal("ten pounds")))
    g.add((bad, PROV.wasDerivedFrom, passage))
    g.add((bad, CKG.statedIn, doc))
    report = validate_graph(g)
    assert not report.conforms
    focus = {v.focus for v in report.violations}
    assert str(bad) in focus and str(good) not in focus
