"""The commissioning map's JSON (/api/graph, /api/path, /api/node, /api/graph/find) and page,
through the Flask test client over the session corpus store."""

from __future__ import annotations

import re

import networkx as nx
import pytest
from lxml import html

CKGID = "https://w3id.org/ckg/id/"
READING = CKGID + "org/reading-borough-council"
NODE_KINDS = {
    "body", "person", "post", "service", "priority", "intention", "funding",
    "document", "topic", "area", "indicator", "other",
}  # fmt: skip
EDGE_KINDS = {
    "commissions", "funds", "provides", "member-of", "part-of", "states", "about", "contact", "other",
}  # fmt: skip


def get_graph(client, **params):
    r = client.get("/api/graph", query_string=params)
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def check_shape(body: dict) -> None:
    """Every reply: well-formed nodes, edges between returned nodes only, unique ids."""
    ids = [n["id"] for n in body["nodes"]]
    assert len(ids) == len(set(ids))
    for n in body["nodes"]:
        assert n["kind"] in NODE_KINDS
        assert isinstance(n["label"], str) and n["label"]
        assert n["url"].startswith("/entity")
        assert 0.0 <= n["size"] <= 1.0
        assert n["types"] and all(t.startswith("http") for t in n["types"])
        for key in ("areas", "topics", "documents"):
            assert isinstance(n[key], list)
        assert n["amount"] is None or isinstance(n["amount"], int | float)
    edge_ids = [e["id"] for e in body["edges"]]
    assert len(edge_ids) == len(set(edge_ids))
    members = set(ids)
    for e in body["edges"]:
        assert e["source"] in members and e["target"] in members, e
        assert e["kind"] in EDGE_KINDS and e["label"]
    assert isinstance(body["truncated"], bool)
    assert body["total_nodes"] >= len(ids)


def nx_of(body: dict) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in body["nodes"])
    g.add_edges_from((e["source"], e["target"]) for e in body["edges"])
    return g


# --------------------------------------------------------------------------- default view
def test_default_view_is_capped_central_bodies_and_their_links(client, app):
    cap = app.extensions["ckg.settings"].graph_max_nodes
    body = get_graph(client)
    check_shape(body)
    assert 0 < len(body["nodes"]) <= cap
    assert body["focus"] is None
    kinds = {n["kind"] for n in body["nodes"]}
    assert "body" in kinds and kinds <= {"body", "service", "funding", "intention", "person", "post"}
    assert {e["kind"] for e in body["edges"]} & {"commissions", "funds", "provides"}
    # readable: every node drawn is joined to something
    g = nx_of(body)
    assert not [n for n in g if g.degree(n) == 0]
    # the largest bodies come first, and the most central body of the corpus is there
    sizes = [n["size"] for n in body["nodes"] if n["kind"] == "body"]
    assert max(sizes) == 1.0


def test_default_view_says_when_it_was_cut(client):
    small = get_graph(client, limit=20)
    assert len(small["nodes"]) == 20
    assert small["truncated"] is True and small["total_nodes"] > 20
    check_shape(small)
    full = get_graph(client)
    assert full["total_nodes"] == small["total_nodes"]


def test_same_request_same_answer(client):
    assert get_graph(client) == get_graph(client)


# --------------------------------------------------------------------------- focus
def test_focus_depth_one_is_the_neighbourhood(client):
    body = get_graph(client, focus=READING, depth=1)
    check_shape(body)
    assert body["focus"] == READING and body["depth"] == 1
    g = nx_of(body)
    assert READING in g and len(g) > 3
    assert all(n == READING or g.has_edge(READING, n) for n in g), "depth 1: only direct neighbours"
    labels = {n["label"] for n in body["nodes"]}
    assert "Reading Borough Council" in labels


def test_focus_depths_nest(client):
    zero = get_graph(client, focus=READING, depth=0)
    assert [n["id"] for n in zero["nodes"]] == [READING] and zero["edges"] == []
    one = {n["id"] for n in get_graph(client, focus=READING, depth=1)["nodes"]}
    two = get_graph(client, focus=READING, depth=2)
    check_shape(two)
    assert one <= {n["id"] for n in two["nodes"]} or two["truncated"]
    assert len(two["nodes"]) > len(one)


def test_focus_on_a_topic_lists_what_is_about_it(client):
    topic = CKGID + "topic/safeguarding"
    body = get_graph(client, focus=topic, depth=1)
    check_shape(body)
    others = [n for n in body["nodes"] if n["id"] != topic]
    assert others and all(topic in n["topics"] for n in others)


# --------------------------------------------------------------------------- filters
def facets(client) -> dict:
    return get_graph(client, facets=1, limit=1)["facets"]


def test_facets_offer_the_filter_values(client):
    f = facets(client)
    assert len(f["documents"]) == 5
    assert {a["label"] for a in f["areas"]} >= {"Oxfordshire", "Reading", "Bedfordshire"}
    assert len(f["topics"]) > 20 and all(t["count"] > 0 for t in f["topics"])


@pytest.mark.parametrize("facet,param", [("topics", "topic"), ("areas", "area"), ("documents", "document")])
def test_filters_really_filter(client, facet, param):
    default = {n["id"] for n in get_graph(client)["nodes"]}
    values = sorted(facets(client)[facet], key=lambda v: -v["count"])
    value = values[len(values) // 3]["id"]  # a middling value, not the one that covers everything
    body = get_graph(client, **{param: value})
    check_shape(body)
    assert body["nodes"], f"{param}={value} left nothing"
    assert all(value in n[facet] for n in body["nodes"]), "a node without the filter value came through"
    assert {n["id"] for n in body["nodes"]} != default


def test_short_filter_values_name_resources_by_path(client):
    by_iri = get_graph(client, area=CKGID + "area/reading")
    assert get_graph(client, area="reading") == by_iri
    assert all(CKGID + "area/reading" in n["areas"] for n in by_iri["nodes"])


def test_types_filter_keeps_only_those_kinds(client):
    body = get_graph(client, types="body,service")
    check_shape(body)
    assert body["nodes"] and {n["kind"] for n in body["nodes"]} <= {"body", "service"}
    focus = get_graph(client, focus=READING, depth=1, types="intention")
    assert {n["kind"] for n in focus["nodes"] if n["id"] != READING} == {"intention"}


def test_filters_combine_with_a_focus(client):
    area = CKGID + "area/reading"
    body = get_graph(client, focus=READING, depth=2, area=area)
    assert all(area in n["areas"] for n in body["nodes"] if n["id"] != READING)


# --------------------------------------------------------------------------- paths
def test_path_between_two_connected_bodies(client):
    view = get_graph(client)
    g = nx_of(view)
    bodies = [n["id"] for n in view["nodes"] if n["kind"] == "body"]
    a, b = next(
        (x, y)
        for x in bodies
        for y in bodies
        if x < y and nx.has_path(g, x, y) and nx.shortest_path_length(g, x, y) >= 2
    )
    r = client.get("/api/path", query_string={"from": a, "to": b})
    assert r.status_code == 200
    body = r.get_json()
    check_shape(body)
    assert body["from"] == a and body["to"] == b
    assert 1 <= body["length"] <= nx.shortest_path_length(g, a, b)
    pg = nx_of(body)
    for path in body["paths"]:
        assert path[0] == a and path[-1] == b and len(path) == body["length"] + 1
        assert all(pg.has_edge(path[i], path[i + 1]) for i in range(len(path) - 1))


def test_path_not_found_is_404(client, app):
    from ckg.web.views.graph_map import map_graph

    with app.test_request_context("/api/path"):
        mg = map_graph()
        lonely = next(n for n in mg.und if mg.und.degree(n) == 0)
    r = client.get("/api/path", query_string={"from": READING, "to": lonely})
    assert r.status_code == 404 and r.get_json()["status"] == 404


def test_path_needs_both_ends(client):
    assert client.get("/api/path", query_string={"from": READING}).status_code == 400


# --------------------------------------------------------------------------- node and find
def test_node_has_evidence_from_the_documents(client):
    r = client.get("/api/node", query_string={"iri": READING})
    assert r.status_code == 200
    body = r.get_json()
    assert body["label"] == "Reading Borough Council" and body["kind"] == "body"
    assert body["evidence"], "a body read from a document has a passage"
    for ev in body["evidence"]:
        assert ev["quote"] and ev["document"]
        assert ev["passage_link"].startswith("/entity/doc/") and "#p-" in ev["passage_link"]
    assert body["links"] and body["link_count"] >= len(body["links"])
    assert all({"id", "label"} <= set(a) for a in body["areas"])


def test_find_ranks_exact_names_and_aliases_first(client):
    r = client.get("/api/graph/find", query_string={"q": "reading borough"})
    results = r.get_json()["results"]
    assert results[0]["id"] == READING and results[0]["match"] == "prefix"
    exact = client.get("/api/graph/find", query_string={"q": "Reading Borough Council"}).get_json()
    assert exact["results"][0] == {
        "id": READING, "label": "Reading Borough Council", "kind": "body",
        "url": "/entity/org/reading-borough-council", "match": "exact",
    }  # fmt: skip
    cse = client.get("/api/graph/find", query_string={"q": "CSE"}).get_json()["results"]
    assert cse[0]["id"] == CKGID + "topic/cse" and cse[0]["match"] == "exact"  # its acronym
    assert len(cse) > 1 and all(r["match"] != "exact" for r in cse[1:])
    assert client.get("/api/graph/find").status_code == 400
    assert client.get("/api/graph/find", query_string={"q": "x" * 201}).status_code == 400


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "params,status",
    [
        ({"depth": "9"}, 400),
        ({"depth": "-1"}, 400),
        ({"depth": "one"}, 400),
        ({"limit": "0"}, 400),
        ({"focus": "not an iri"}, 400),
        ({"focus": CKGID + "org/no-such-body"}, 404),
        ({"topic": CKGID + "topic/no-such-topic"}, 404),
        ({"topic": READING}, 400),  # a body is not a topic
        ({"area": "Reading Borough!"}, 400),
        ({"types": "body,dragons"}, 400),
    ],
)
def test_bad_parameters_are_json_errors(client, params, status):
    r = client.get("/api/graph", query_string=params)
    assert r.status_code == status
    assert r.is_json and r.get_json()["status"] == status


INJECTIONS = [
    READING + "> } ; DROP ALL ; #",
    'https://w3id.org/ckg/id/org/x" } } DELETE WHERE { ?s ?p ?o } #',
    "https://w3id.org/ckg/id/org/<script>alert(1)</script>",
    "' OR 1=1 --",
    '" } UNION { ?s ?p ?o } #',
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_do_no_harm(client, value):
    before = get_graph(client)
    for path, name in [("/api/graph", "focus"), ("/api/graph", "topic"), ("/api/graph", "document"),
                       ("/api/path", "from"), ("/api/node", "iri")]:  # fmt: skip
        r = client.get(path, query_string={name: value, "to": READING})
        assert r.status_code in (400, 404), (path, name, r.status_code)
        assert r.is_json and "<script>" not in r.get_data(as_text=True)
    r = client.get("/api/graph/find", query_string={"q": value})
    assert r.status_code == 200 and r.get_json()["results"] == []
    assert get_graph(client) == before
    assert client.get("/healthz").get_json()["documents"] == 5


# --------------------------------------------------------------------------- the page
def test_map_page_is_labelled_and_loads_only_local_scripts(client):
    r = client.get("/graph")
    assert r.status_code == 200
    doc = html.fromstring(r.get_data(as_text=True))
    scripts = doc.xpath("//script")
    assert scripts and all(
        s.get("src") and s.get("src").startswith("/") and not (s.text or "").strip() for s in scripts
    )
    assert not doc.xpath("//@*[starts-with(name(), 'on')]"), "inline event handlers break the CSP"
    for control in doc.xpath("//select | //input[not(@type='checkbox')]"):
        assert doc.xpath(f"//label[@for='{control.get('id')}']"), control.get("id")
    legend = doc.xpath("//details[contains(@class,'map-legend')]//li")
    assert len(legend) >= 10
    offered = {c.get("value") for c in doc.xpath("//input[@name='types']")}
    assert offered >= {"body", "service", "funding", "topic"}


# --------------------------------------------------------------------------- cache
def test_map_cache_is_rebuilt_when_the_store_changes(tmp_path, embedder):
    """The graph is read once per store state: same documents, same object; a rebuilt store
    (new document versions) gives a new graph with the new document's bodies."""
    from ckg.kg import KnowledgeGraph
    from ckg.web.map_graph import MapCache

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "testshire-plan.txt").write_text(
        "Testshire Children's Services Commissioning Plan 2020-2023\n\n"
        "Testshire County Council commissions the Family Support Service, which is provided by Barnardo's.\n"
    )
    (docs / "otherborough-strategy.txt").write_text(
        "Otherborough Early Help Strategy 2021-2024\n\n"
        "Otherborough Council commissions the Early Help Hub, provided by Action for Children.\n"
    )
    kg = KnowledgeGraph(str(tmp_path / "store"))
    kg._embedder = embedder
    kg.build([docs / "testshire-plan.txt"], progress=False)
    kg.close()
    cache = MapCache()
    first = cache.get(kg)
    assert cache.get(kg) is first
    labels = {d["label"] for _, d in first.g.nodes(data=True)}
    assert "Testshire County Council" in labels and "Otherborough Council" not in labels
    kg.close()
    kg.build([docs / "otherborough-strategy.txt"], progress=False)
    kg.close()
    second = cache.get(kg)
    assert second is not first
    assert "Otherborough Council" in {d["label"] for _, d in second.g.nodes(data=True)}
    kg.close()


# --------------------------------------------------------------------------- the table's fields
def test_edges_carry_the_passage_that_states_them(client, web_kg):
    """An edge's evidence is a passage of a document the edge's item was read from, which names
    the other end when one does; the map's table links it (None when no passage states it)."""
    from rdflib import URIRef

    body = get_graph(client, limit=80)
    nodes = {n["id"]: n for n in body["nodes"]}
    with_evidence = [e for e in body["edges"] if e["evidence"]]
    assert len(with_evidence) >= len(body["edges"]) // 2
    naming = 0
    for e in with_evidence:
        ev = e["evidence"]
        assert re.fullmatch(r"/entity/doc/[^#]+#p-\d+-\d+", ev["link"]), ev
        docs = set(nodes[e["source"]]["documents"]) | set(nodes[e["target"]]["documents"])
        row = web_kg.sparql(
            "SELECT ?doc ?text WHERE { ?p <https://w3id.org/ckg/ontology#inDocument> ?doc ;"
            " <https://w3id.org/ckg/ontology#text> ?text }",
            {"p": URIRef(ev["passage"])},
        ).rows
        assert len(row) == 1 and row[0]["doc"].value in docs
        text = row[0]["text"].value.lower()
        naming += any(nodes[x]["label"].lower() in text for x in (e["source"], e["target"]))
    assert naming >= len(with_evidence) // 2


def test_nodes_name_their_areas_and_documents(client):
    body = get_graph(client, area="reading")
    reading = next(n for n in body["nodes"] if n["id"] == READING)
    assert "Reading" in reading["area_names"]
    assert len(reading["document_names"]) == len([d for d in reading["documents"] if d != READING])
    assert all(isinstance(x, str) and x for x in reading["document_names"])
