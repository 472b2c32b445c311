"""How each fact was read: every extracted resource names its extraction method (a prov:Activity)
and a confidence in [0, 1]; the shapes check both; named queries hide weaker rows with
``min_confidence``; entity pages say it in words beside the evidence.

The document is invented (invented council, services and people), with a table and prose, so
the same kind of fact (a funding line, a service) is read by two methods.
"""

from __future__ import annotations

import json
from decimal import Decimal

import lxml.html
import pytest
from ckgtest import run_ckg
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ckg.graph.iris import activity_iri
from ckg.graph.namespaces import CKG
from ckg.graph.validate import validate_graph
from ckg.loaders.extract.methods import METHODS
from ckg.queries import library

PLAN = """# Kestrelford Children's Services Commissioning Plan 2031-2034

Kestrelford County Council publishes this plan with the Kestrelford Integrated Care Board.

## Our priorities

Our priorities for 2031-2034 are:

1. Keep children safe at home
2. Improve emotional wellbeing for young people

## Services and budgets

| Service | Provider | Budget 2031/32 |
|---|---|---|
| Heronsgate Family Support Service | Willowmere Family Trust | £450,000 |
| Kestrelford Young Carers Service | Brightwing Carers Charity | £120,000 |

## What we will do

The Council will commission a new Fernlea Mentoring Programme for care leavers by April 2032.
Kestrelford County Council will provide nearly £90,000 for the Fernlea Mentoring Programme.

This plan follows the Children Act 2004.

For further information please contact:

**Marisol Quenby**

Head of Commissioning

Kestrelford County Council

Email: marisol.quenby@kestrelford.gov.uk
"""

READINGS = """
SELECT ?s ?activity ?confidence ?label WHERE {
  GRAPH ?g { ?s prov:wasGeneratedBy ?activity ; ckg:confidence ?confidence . OPTIONAL { ?s rdfs:label ?label } }
}"""


@pytest.fixture(scope="module")
def store(tmp_path_factory, embedder) -> str:
    from ckg.kg import KnowledgeGraph

    docs = tmp_path_factory.mktemp("methods-docs")
    (docs / "kestrelford-commissioning-plan-2031.md").write_text(PLAN, encoding="utf-8")
    location = str(tmp_path_factory.mktemp("methods-store") / "store")
    kg = KnowledgeGraph(location)
    kg._embedder = embedder
    report = kg.build([str(docs)], progress=False)
    kg.close()
    assert report.ok, [o.reason for o in report.failed]
    return location


@pytest.fixture(scope="module")
def kg(store):
    from ckg.kg import KnowledgeGraph

    k = KnowledgeGraph(store)
    yield k
    k.close()


def readings(kg) -> dict[str, dict]:
    return {
        r["s"]: {"method": r["activity"], "confidence": Decimal(r["confidence"]), "label": r.get("label")}
        for r in kg.sparql(READINGS).values()
    }


def by_label(kg, cls: str) -> dict[str, dict]:
    rows = kg.sparql(f"SELECT ?s ?l WHERE {{ ?s a {cls} ; rdfs:label ?l }}").values()
    found = readings(kg)
    return {r["l"]: found[r["s"]] for r in rows if r["s"] in found}


def test_a_table_row_and_a_sentence_are_read_by_their_methods(kg):
    funding = by_label(kg, "ckg:FundingAllocation")
    table = funding["Heronsgate Family Support Service"]
    prose = next(v for k, v in funding.items() if "Fernlea" in k)
    assert table["method"] == str(activity_iri("table-row"))
    assert prose["method"] == str(activity_iri("prose-pattern"))
    assert 0 <= prose["confidence"] < table["confidence"] <= 1
    services = by_label(kg, "ckg:Service")
    assert services["Kestrelford Young Carers Service"]["method"] == str(activity_iri("table-row"))
    priorities = by_label(kg, "ckg:Priority")
    assert priorities["Keep children safe at home"]["method"] == str(activity_iri("list-item"))
    (person,) = by_label(kg, "foaf:Person").values()
    assert person["method"] == str(activity_iri("header-block"))


def test_every_extracted_resource_says_how_it_was_read(kg):
    """Whatever has a passage it was derived from (bar the loaded document) has a method and a
    confidence in [0, 1] in the same document graph, and the method is a declared activity."""
    rows = kg.sparql(
        """SELECT DISTINCT ?s ?activity ?confidence WHERE {
             GRAPH ?g { ?s prov:wasDerivedFrom ?p FILTER(?s != ?g)
                        OPTIONAL { ?s prov:wasGeneratedBy ?activity } OPTIONAL { ?s ckg:confidence ?confidence } }
           }"""
    ).values()
    assert len(rows) > 15
    known = {str(activity_iri(k)) for k in METHODS}
    for r in rows:
        assert r.get("activity") in known, r
        assert 0 <= Decimal(r["confidence"]) <= 1, r
    labels = kg.sparql("SELECT ?l WHERE { ?a a prov:Activity ; rdfs:label ?l }").values()
    assert {r["l"] for r in labels} == {m.label for m in METHODS.values()}


def test_the_built_graph_validates(kg):
    report = kg.validate()
    assert report.conforms, [v.message for v in report.violations][:5]


def test_a_confidence_out_of_range_or_an_unknown_activity_is_a_violation():
    g = Graph()
    doc, passage = URIRef("https://w3id.org/ckg/id/doc/x"), URIRef("https://w3id.org/ckg/id/passage/x/0-5")
    g.add((doc, RDF.type, CKG.Document))
    g.add((doc, DCTERMS.title, Literal("X")))
    g.add((passage, RDF.type, CKG.Passage))
    g.add((passage, CKG.inDocument, doc))
    g.add((passage, CKG.text, Literal("hello")))
    g.add((passage, CKG.startChar, Literal(0, datatype=XSD.integer)))
    g.add((passage, CKG.endChar, Literal(5, datatype=XSD.integer)))
    org = URIRef("https://w3id.org/ckg/id/org/x")
    g.add((org, RDF.type, URIRef("http://www.w3.org/ns/org#Organization")))
    g.add((org, RDFS.label, Literal("X")))
    g.add((org, PROV.wasDerivedFrom, passage))
    g.add((org, CKG.confidence, Literal(Decimal("0.9"), datatype=XSD.decimal)))
    g.add((org, PROV.wasGeneratedBy, activity_iri("table-row")))
    assert validate_graph(g).conforms
    for bad in (
        (org, CKG.confidence, Literal(Decimal("1.5"), datatype=XSD.decimal)),
        (org, CKG.confidence, Literal("sure")),
        (org, PROV.wasGeneratedBy, URIRef("https://w3id.org/ckg/id/activity/extract/guesswork")),
    ):
        g.add(bad)
        report = validate_graph(g)
        assert not report.conforms, bad
        assert {v.focus for v in report.violations} == {str(org)}
        g.remove(bad)


def test_min_confidence_hides_weaker_services(kg):
    everything = kg.sparql("services-and-providers").values()
    strong = kg.sparql("services-and-providers", {"min_confidence": Decimal("0.7")}).values()
    confidence = {k: v["confidence"] for k, v in by_label(kg, "ckg:Service").items()}
    assert {r["service"] for r in everything} == set(confidence)
    assert {r["service"] for r in strong} == {k for k, c in confidence.items() if c >= Decimal("0.7")}
    assert 0 < len(strong) < len(everything)


FILTERED = sorted(q.name for q in library.all_queries().values() if "min_confidence" in dict(q.params))


def test_the_listing_queries_take_min_confidence():
    assert {"services-and-providers", "funding-by-funder", "who-commissions-what"} <= set(FILTERED)


@pytest.mark.parametrize("name", FILTERED)
def test_min_confidence_zero_keeps_every_row_and_one_keeps_none(kg, name):
    def rows(bindings=None):
        return sorted(json.dumps(r, sort_keys=True, default=str) for r in kg.sparql(name, bindings).values())

    everything = rows()
    assert rows({"min_confidence": Decimal("0")}) == everything
    assert rows({"min_confidence": Decimal("1")}) == []  # confidences stop at 0.99


def test_the_command_line_binds_a_number(store):
    r = run_ckg(
        "sparql",
        "services-and-providers",
        "--store",
        store,
        "--bind",
        "min_confidence=0.7",
        "--format",
        "json",
    )
    assert r.returncode == 0, r.stderr
    names = {b["service"]["value"] for b in json.loads(r.stdout)["results"]["bindings"]}
    assert names == {"Heronsgate Family Support Service", "Kestrelford Young Carers Service"}
    listed = run_ckg("sparql", "--list").stdout
    line = next(x for x in listed.splitlines() if x.startswith("services-and-providers "))
    assert "--bind min_confidence=VALUE" in line


def test_the_entity_page_says_how_it_was_read(kg):
    from ckg.web import create_app
    from ckg.web.links import entity_path

    app = create_app(kg)
    app.testing = True
    client = app.test_client()
    funding = kg.sparql("SELECT ?s ?l WHERE { ?s a ckg:FundingAllocation ; rdfs:label ?l }").values()
    pages = {}
    for r in funding:
        resp = client.get(entity_path(r["s"]))
        assert resp.status_code == 200
        doc = lxml.html.fromstring(resp.get_data(as_text=True))
        (section,) = doc.xpath("//section[@aria-labelledby='evidence-h']")
        pages[r["l"]] = [p.text_content().strip() for p in section.xpath(".//p[contains(@class, 'reading')]")]
        facts = doc.xpath("//dl[@class='facts']")
        assert (
            not facts or "confidence" not in facts[0].text_content().lower()
        )  # said once, with the evidence
    assert pages["Heronsgate Family Support Service"] == ["Read from a table row, confidence 0.95"]
    prose = next(v for k, v in pages.items() if "Fernlea" in k)
    assert prose == ["Read from a sentence pattern, confidence 0.6"]
