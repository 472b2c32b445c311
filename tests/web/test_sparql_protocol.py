"""/sparql as a SPARQL 1.1 Protocol endpoint, over real HTTP to ``ckg serve`` (over the embedded
store, then over a remote Oxigraph server: ``sparql_server``): every result
format by Accept (with q-values) and by format=, GET and both POST forms, the refusals (400,
406, 413, 415), the row cap with its flag, CORS, and the editor page for browsers."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import lxml.html
import pytest
import requests
from rdflib import Graph

from ckg.graph.namespaces import CKGID, PREFIXES
from ckg.queries import library

# the five loaded documents (referenced documents have no dcterms:source)
SELECT = "SELECT ?d ?t WHERE { ?d a ckg:Document ; dcterms:source ?s ; dcterms:title ?t } ORDER BY ?t"
CONSTRUCT = (
    "CONSTRUCT { ?d dcterms:title ?t } WHERE { ?d a ckg:Document ; dcterms:source ?s ; dcterms:title ?t }"
)
ASK = "ASK { ?d a ckg:Document }"
SRX = "{http://www.w3.org/2005/sparql-results#}"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def get(base: str, query: str, accept: str | None = None, **params) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    return requests.get(base + "/sparql", params={"query": query, **params}, headers=headers, timeout=30)


def post_form(base: str, query: str, accept: str | None = None, **params) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    return requests.post(base + "/sparql", data={"query": query, **params}, headers=headers, timeout=30)


def post_body(base: str, query: str, accept: str | None = None, **params) -> requests.Response:
    headers = {"Content-Type": "application/sparql-query", **({"Accept": accept} if accept else {})}
    return requests.post(
        base + "/sparql", params=params, data=query.encode("utf-8"), headers=headers, timeout=30
    )


def titles_json(r: requests.Response) -> list[str]:
    body = r.json()
    assert body["head"]["vars"] == ["d", "t"]
    return [b["t"]["value"] for b in body["results"]["bindings"]]


# ---------------------------------------------------------------------------- SELECT and ASK
@pytest.mark.parametrize("send", [get, post_form, post_body], ids=["GET", "POST-form", "POST-body"])
def test_select_as_json_by_get_and_both_posts(sparql_server, send):
    r = send(sparql_server, SELECT, "application/sparql-results+json")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/sparql-results+json")
    assert len(titles_json(r)) == 5
    assert r.headers["X-CKG-Truncated"] == "false"
    assert r.headers["Access-Control-Allow-Origin"] == "*"


def test_select_as_xml_csv_and_tsv_by_accept(sparql_server):
    xml = get(sparql_server, SELECT, "application/sparql-results+xml")
    assert xml.headers["Content-Type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(xml.content)
    assert [v.get("name") for v in root.find(f"{SRX}head")] == ["d", "t"]
    assert len(root.findall(f"{SRX}results/{SRX}result")) == 5

    text = get(sparql_server, SELECT, "text/csv")
    assert text.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(text.text)))
    assert rows[0] == ["d", "t"] and len(rows) == 6
    assert rows[1][0].startswith(str(CKGID) + "doc/")

    tsv = get(sparql_server, SELECT, "text/tab-separated-values")
    assert tsv.headers["Content-Type"].startswith("text/tab-separated-values")
    lines = tsv.text.strip("\n").split("\n")
    assert lines[0] == "?d\t?t" and len(lines) == 6
    assert lines[1].startswith(f"<{CKGID}doc/")


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ],
)
def test_format_parameter_overrides_accept(sparql_server, fmt, media_type):
    r = get(sparql_server, SELECT, "text/turtle", format=fmt)  # Accept names a graph format
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith(media_type)


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("application/sparql-results+json;q=0.1, text/tab-separated-values", "text/tab-separated-values"),
        ("text/*", "text/csv"),
        ("*/*", "application/sparql-results+json"),
        (None, "application/sparql-results+json"),
    ],
)
def test_accept_q_values_are_honoured(sparql_server, accept, media_type):
    r = get(sparql_server, SELECT, accept)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith(media_type)
    assert "Accept" in r.headers["Vary"]


def test_ask_as_json_and_xml(sparql_server):
    assert get(sparql_server, ASK).json() == {"head": {}, "boolean": True}
    root = ET.fromstring(get(sparql_server, "ASK { ?x a ckg:NoSuchClass }", format="xml").content)
    assert root.find(f"{SRX}boolean").text == "false"


# ---------------------------------------------------------------------------- CONSTRUCT and DESCRIBE
@pytest.mark.parametrize(
    ("accept", "fmt", "media_type", "rdflib_format"),
    [
        ("text/turtle", None, "text/turtle", "turtle"),
        ("application/n-triples", None, "application/n-triples", "nt"),
        ("application/ld+json", None, "application/ld+json", "json-ld"),
        (None, "ttl", "text/turtle", "turtle"),
        (None, "nt", "application/n-triples", "nt"),
        ("text/csv", "jsonld", "application/ld+json", "json-ld"),
    ],
)
def test_construct_in_each_graph_format(sparql_server, accept, fmt, media_type, rdflib_format):
    params = {"format": fmt} if fmt else {}
    r = post_form(sparql_server, CONSTRUCT, accept, **params)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith(media_type)
    g = Graph().parse(data=r.text, format=rdflib_format)
    assert len(g) == 5


def test_construct_defaults_to_turtle_and_describe_works(sparql_server):
    r = get(sparql_server, CONSTRUCT, "application/sparql-results+json,*/*;q=0.9")  # YASGUI's Accept
    assert r.headers["Content-Type"].startswith("text/turtle")
    doc = get(sparql_server, SELECT, format="json").json()["results"]["bindings"][0]["d"]["value"]
    described = Graph().parse(data=get(sparql_server, f"DESCRIBE <{doc}>").text, format="turtle")
    assert len(described) > 3


# ---------------------------------------------------------------------------- refusals
@pytest.mark.parametrize(
    ("query", "accept", "fmt"),
    [
        (SELECT, "image/png", None),
        (CONSTRUCT, "text/csv", None),
        (CONSTRUCT, None, "csv"),
        (SELECT, None, "turtle"),
    ],
)
def test_impossible_format_is_406(sparql_server, query, accept, fmt):
    params = {"format": fmt} if fmt else {}
    r = get(sparql_server, query, accept, **params)
    assert r.status_code == 406
    assert r.headers["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE { ?s ?p ", "syntax error"),
        ("SELECT ?x WHERE { ?x a ckg:Document } LIMT 5", "syntax error"),
        ("SELEC * WHERE { ?s ?p ?o }", "starts with SELECT"),
        ("SELECT * WHERE { ?s nope:p ?o }", "undeclared prefix nope:"),
        ("", "empty query"),
        ("INSERT DATA { <https://x/a> <https://x/b> <https://x/c> }", "read-only"),
        ("PREFIX x: <https://x/> DELETE WHERE { ?s ?p ?o }", "read-only"),
        ("DROP ALL", "read-only"),
        ("LOAD <https://example.org/data.ttl>", "read-only"),
        ("CLEAR DEFAULT", "read-only"),
        ("SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <https://example.org/other> WHERE { ?s ?p ?o }", "not in this store"),
        ("SELECT * FROM NAMED <https://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "not in this store"),
    ],
)
def test_refused_queries_are_400_with_a_clear_message(sparql_server, query, message):
    r = post_form(sparql_server, query)
    assert r.status_code == 400
    assert r.headers["Content-Type"].startswith("text/plain")
    assert message in r.text
    assert "Traceback" not in r.text and len(r.text) < 600


def test_updates_by_the_update_parameter_or_media_type_are_refused(sparql_server):
    by_form = requests.post(sparql_server + "/sparql", data={"update": "DROP ALL"}, timeout=10)
    by_type = requests.post(
        sparql_server + "/sparql",
        data=b"DROP ALL",
        headers={"Content-Type": "application/sparql-update"},
        timeout=10,
    )
    by_get = requests.get(sparql_server + "/sparql", params={"update": "DROP ALL"}, timeout=10)
    for r in (by_form, by_type, by_get):
        assert r.status_code == 400 and "read-only" in r.text
    assert get(sparql_server, ASK).json()["boolean"] is True  # and the data is still there


def test_dataset_from_the_stores_own_graphs_is_honoured(sparql_server):
    topics = str(CKGID) + "graph/topics"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ckg:Document }"
    by_from = get(sparql_server, count.replace("WHERE", f"FROM <{topics}> WHERE"), format="csv")
    assert by_from.status_code == 200 and by_from.text.split()[1] == "0"  # no documents in topics
    by_param = get(sparql_server, count, format="csv", **{"default-graph-uri": topics})
    assert by_param.status_code == 200 and by_param.text.split()[1] == "0"
    union = get(sparql_server, count, format="csv")
    assert int(union.text.split()[1]) > 0
    outside = get(sparql_server, count, **{"default-graph-uri": "https://example.org/g"})
    assert outside.status_code == 400 and "not in this store" in outside.text


def test_bad_requests(sparql_server):
    base = sparql_server + "/sparql"
    assert requests.get(base, timeout=10).status_code == 400  # no query, not a browser
    two = requests.get(base, params=[("query", ASK), ("query", ASK)], timeout=10)
    assert two.status_code == 400 and "one query" in two.text
    assert get(sparql_server, ASK, format="png").status_code == 400
    odd = requests.post(base, data=ASK, headers={"Content-Type": "text/x-sparql"}, timeout=10)
    assert odd.status_code == 415


def test_cors_preflight(sparql_server):
    r = requests.options(
        sparql_server + "/sparql",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
        timeout=10,
    )
    assert r.status_code == 204
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]


# ---------------------------------------------------------------------------- limits (tight server)
def test_rows_past_the_cap_are_cut_and_flagged(tight_sparql_server):
    many = "SELECT ?s WHERE { ?s a ckg:Passage } ORDER BY ?s"
    r = get(tight_sparql_server, many)
    assert r.status_code == 200
    body = r.json()
    assert len(body["results"]["bindings"]) == 5
    assert body["truncated"] is True
    assert r.headers["X-CKG-Truncated"] == "true" and r.headers["X-CKG-Row-Limit"] == "5"
    rows = list(csv.reader(io.StringIO(get(tight_sparql_server, many, format="csv").text)))
    assert len(rows) == 6  # header + 5

    exactly = get(tight_sparql_server, many + " LIMIT 5")  # one more row is read to tell 5 from 6
    assert exactly.headers["X-CKG-Truncated"] == "false" and "truncated" not in exactly.json()

    graph = get(tight_sparql_server, "CONSTRUCT WHERE { ?s a ckg:Passage }", format="nt")
    assert graph.headers["X-CKG-Truncated"] == "true"
    assert len(graph.text.strip().splitlines()) == 5


def test_requests_over_the_size_limit_are_413(tight_sparql_server):
    padding = "#" + "x" * 9000 + "\n"  # 8 KB limit on the tight server
    body = post_body(tight_sparql_server, padding + ASK)
    assert body.status_code == 413
    form = post_form(tight_sparql_server, padding + ASK)
    assert form.status_code == 413
    url = get(tight_sparql_server, padding + ASK)
    assert url.status_code == 413 and "8 KB" in url.text
    assert get(tight_sparql_server, ASK).status_code == 200


# ---------------------------------------------------------------------------- the editor page
def test_browsers_get_the_editor_page(sparql_server):
    r = requests.get(sparql_server + "/sparql", headers={"Accept": BROWSER_ACCEPT}, timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    doc = lxml.html.fromstring(r.text)
    assert doc.get_element_by_id("yasgui") is not None
    scripts = [s.get("src") for s in doc.iter("script") if s.get("src")]
    assert "/vendor/yasgui.min.js" in scripts and "/static/js/sparql-editor.js" in scripts
    inline = [s for s in doc.iter("script") if not s.get("src")]
    assert [s.get("type") for s in inline] == ["application/json"]  # data only: CSP holds
    config = json.loads(inline[0].text)
    assert config["endpoint"] == "/sparql"
    assert config["prefixes"] == PREFIXES
    assert {q["name"] for q in config["examples"]} == set(library.all_queries())
    links = doc.xpath("//a[@data-example]")
    assert len(links) == len(library.all_queries())
    assert all(a.get("href").startswith("/sparql?query=") for a in links)


def test_a_browser_link_with_a_query_gets_the_editor_not_results(sparql_server):
    r = requests.get(
        sparql_server + "/sparql", params={"query": ASK}, headers={"Accept": BROWSER_ACCEPT}, timeout=10
    )
    assert r.headers["Content-Type"].startswith("text/html")
    with_format = requests.get(
        sparql_server + "/sparql",
        params={"query": ASK, "format": "json"},
        headers={"Accept": BROWSER_ACCEPT},
        timeout=10,
    )
    assert with_format.json()["boolean"] is True


def test_through_the_test_client_too(client):
    """The same app in-process: the worker pool starts from the Flask test client as well."""
    r = client.post("/sparql", data={"query": SELECT}, headers={"Accept": "text/csv"})
    assert r.status_code == 200
    assert len(r.get_data(as_text=True).strip().splitlines()) == 6
    page = client.get("/sparql", headers={"Accept": BROWSER_ACCEPT})
    assert page.status_code == 200
    assert lxml.html.fromstring(page.data).get_element_by_id("sparql-config") is not None
