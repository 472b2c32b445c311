"""The named SPARQL library: every query documented, runnable, and returning what it promises."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import URIRef

from ckg.errors import QueryError
from ckg.graph.iris import org_iri
from ckg.queries import library

REQUIRED = (
    "bodies-by-area-and-type",
    "who-commissions-what",
    "funding-by-funder",
    "contacts-by-body",
    "priorities-by-document",
    "intentions-by-topic",
    "documents-referenced",
    "provenance",
)


def test_library_has_the_queries_a_researcher_needs():
    names = set(library.all_queries())
    assert set(REQUIRED) <= names
    assert len(names) >= 8
    for q in library.all_queries().values():
        assert q.title and q.title != q.name, f"{q.name} lacks a '# title:' header"
        assert len(q.description) > 30, f"{q.name} lacks a '# description:' header"


@pytest.mark.parametrize("name", sorted(library.all_queries()))
def test_every_named_query_runs_on_the_corpus(kg, name):
    result = kg.sparql(name)
    assert result.kind == "select"
    assert result.variables


@pytest.mark.parametrize(
    "name", [n for n in REQUIRED if n not in ("intentions-by-topic", "who-commissions-what")]
)
def test_core_queries_return_rows(kg, name):
    assert len(kg.sparql(name)) > 0


def test_funding_by_funder_lists_envelope_lines_and_budgets(kg):
    rows = kg.sparql("funding-by-funder").values()
    by_amount = {(r["amount"], r["funderName"]) for r in rows if r.get("amount") is not None}
    assert (Decimal("2827361"), "Bedfordshire Primary Care Trust") in by_amount
    oxon = [r for r in rows if "Oxfordshire" in r["document"] and r.get("amount")]
    assert any(r["amount"] == Decimal("504000000") for r in oxon)  # the council's revenue budget
    assert any(r["amount"] == Decimal("98000000") for r in oxon)  # the PCT's spend
    totals = {r["funderName"]: r["funderTotal"] for r in rows}
    pct_lines = [
        r["amount"]
        for r in rows
        if r["funderName"] == "Bedfordshire Primary Care Trust"
        and r.get("amount")
        and r.get("kind") != "saving"
    ]
    assert totals["Bedfordshire Primary Care Trust"] <= sum(pct_lines)


def test_provenance_query_binds_one_resource(kg):
    rows = kg.sparql("provenance", {"resource": URIRef(org_iri("Bedfordshire County Council"))}).values()
    assert rows
    assert all(r["resource"] == str(org_iri("Bedfordshire County Council")) for r in rows)
    assert all(r["quote"] and r["documentTitle"] for r in rows)


def test_bound_values_cannot_change_the_query(kg):
    hostile = 'x" } } ; DROP ALL ; SELECT * WHERE { ?s ?p "'
    rows = kg.sparql("provenance", {"resource": hostile}).rows
    assert rows == []
    with pytest.raises(QueryError):
        kg.sparql("provenance", {"resource": URIRef("http://x/> } DROP ALL <")})
    assert len(kg.sparql("documents")) == 5


def test_resolve_accepts_text_files_and_names(tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("SELECT ?s WHERE { ?s a ckg:Document } LIMIT 1")
    assert "ckg:Document" in library.resolve(str(f))
    assert library.resolve("documents").lstrip().startswith("#")
    with pytest.raises(QueryError):
        library.resolve("no-such-query")
    with pytest.raises(QueryError):
        library.resolve(str(tmp_path / "missing.rq"))


# parameters that take a resource's IRI (min_confidence, a number, has its own test)
PARAMETRISED = sorted(
    (q.name, p) for q in library.all_queries().values() for p, desc in q.params if "IRI" in desc
)


@pytest.mark.parametrize("name,param", PARAMETRISED, ids=[f"{n}?{p}" for n, p in PARAMETRISED])
def test_a_bound_parameter_keeps_only_its_rows(kg, name, param):
    """Binding a documented parameter narrows the listing to rows with that value, and to
    rows the listing has: a VALUES block at the top is no filter for a variable the query
    reads in an OPTIONAL or a BIND (it once kept every line, or was a syntax error)."""
    everything = kg.sparql(name).values()
    values = [r[param] for r in everything if str(r.get(param, "")).startswith("https://")]
    assert values, f"{name} lists no {param} to bind"
    value = max(set(values), key=values.count)  # the commonest, so rows of others exist too
    bound = kg.sparql(name, {param: URIRef(value)}).values()
    assert bound, f"{name} bound to {value} returns nothing"
    assert all(r.get(param) == value for r in bound)
    listed = {tuple(sorted((k, str(v)) for k, v in r.items())) for r in everything}
    assert {tuple(sorted((k, str(v)) for k, v in r.items())) for r in bound} <= listed
    assert len(bound) < len(everything) or len(set(values)) == 1


def test_description_runs_over_indented_lines_and_stops_at_notes():
    text = (
        "# title: T\n# description: first part\n#   second part\n# param: x  an IRI\n"
        "# A note for whoever edits the query.\nSELECT * WHERE { ?x ?p ?o }\n"
    )
    q = library._parse("t", text)
    assert q.description == "first part second part"
    assert q.params == (("x", "an IRI"),)


def test_when_bound_markers_become_values_only_when_bound():
    from ckg.graph.store import bind

    text = "SELECT * WHERE {\n  #@ when x: ?s ?p ?x .\n  OPTIONAL {\n    #@ when x: ?x ?q ?o .\n  }\n}"
    assert bind(text, None) == text
    assert bind(text, {"y": 1}).count("#@ when x") == 2  # another variable: comments stay
    bound = bind(text, {"x": URIRef("https://x/a")})
    assert "#@" not in bound
    assert bound.count("VALUES ?x { <https://x/a> }") == 3  # at the top and at both markers
    assert "?s ?p ?x ." in bound and "?x ?q ?o ." in bound
    hostile = bind(text, {"x": 'a" } DROP ALL { "'})
    assert hostile.count('"a\\" } DROP ALL { \\""') == 3  # still one escaped literal each
