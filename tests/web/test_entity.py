"""Entity pages (``/entity/<path>``, ``/entity?iri=``): labels, grouped relations, funding,
contacts, evidence, the map's hook, RDF by content negotiation, and 404s."""

from __future__ import annotations

import json
import time
from pathlib import Path

import lxml.html
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

ID = "https://w3id.org/ckg/id/"
PCT = "/entity/org/bedfordshire-primary-care-trust"
OCC = "/entity/org/oxfordshire-county-council"
READING = "/entity/org/reading-borough-council"
TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


def html(resp) -> lxml.html.HtmlElement:
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    return lxml.html.fromstring(resp.get_data(as_text=True))


def section(doc: lxml.html.HtmlElement, heading_id: str) -> lxml.html.HtmlElement:
    (sec,) = doc.xpath(f"//section[@aria-labelledby='{heading_id}']")
    return sec


def test_body_page_has_label_types_and_other_names(client):
    doc = html(client.get(PCT))
    assert doc.xpath("//h1")[0].text_content().strip() == "Bedfordshire Primary Care Trust"
    badges = [b.text_content() for b in doc.xpath("//p[@class='entity-types']/a")]
    assert "Health body" in badges
    assert all(a.get("href").startswith("/entity?iri=") for a in doc.xpath("//p[@class='entity-types']/a"))
    alts = [a.text_content() for a in doc.xpath("//p[@class='alt-labels']/span[@class='alt']")]
    assert "PCT" in alts


def test_relations_are_grouped_by_kind_and_linked(client):
    doc = html(client.get(PCT))
    groups = {
        g.xpath("./h3")[0].text_content().split("(")[0].strip(): g
        for g in section(doc, "relations-h").xpath(".//section[@class='relation-group']")
    }
    assert "Commissions" in groups
    links = groups["Commissions"].xpath(".//a")
    assert links and all(a.get("href").startswith("/entity/") for a in links)
    occ = html(client.get(OCC))
    headings = [
        h.text_content().split("(")[0].strip() for h in occ.xpath("//section[@class='relation-group']/h3")
    ]
    assert "Has parts" in headings and "Priorities" in headings


def test_funding_lines_show_money_and_a_total(client):
    doc = html(client.get(PCT))
    table = section(doc, "funding-h").xpath(".//table")[0]
    rows = table.xpath("./tbody/tr")
    assert len(rows) >= 5
    amounts = [m.text_content() for m in table.xpath("./tbody//span[@class='money']")]
    assert "£2,827,361" in amounts
    assert "(£2.8 million)" in [s.text_content() for s in table.xpath(".//span[@class='money-short']")]
    total = table.xpath("./tfoot//span[@class='money']")[0].text_content()
    assert total.startswith("£") and total.replace("£", "").replace(",", "").isdigit()
    # savings ("less £96,264 reduction") are listed but not added to the total
    assert "saving not added" in table.xpath("./tfoot")[0].text_content()


def test_contacts_have_mailto_and_person_links(client):
    doc = html(client.get(READING))
    contacts = section(doc, "contacts-h")
    assert contacts.xpath(".//a[starts-with(@href, '/entity/person/')]")
    (mail,) = contacts.xpath(".//a[starts-with(@href, 'mailto:')]")
    assert "@" in mail.text_content() and not mail.text_content().startswith("mailto:")
    person = html(client.get("/entity/person/angela-dakin"))
    assert section(person, "contacts-h").xpath(".//a[starts-with(@href, 'mailto:')]")


def test_evidence_quotes_link_to_passage_anchors(client):
    doc = html(client.get(PCT))
    ev = section(doc, "evidence-h")
    quotes = ev.xpath(".//blockquote")
    assert quotes and all(q.text_content().strip() for q in quotes)
    link = ev.xpath(".//a[contains(@href, '#p-')]")[0].get("href")
    page, anchor = link.split("#")
    target = html(client.get(page))
    assert target.xpath(f"//*[@id='{anchor}']"), "the evidence link must land on a passage"


def test_map_hook_points_at_api_graph(client):
    doc = html(client.get(PCT))
    (box,) = doc.xpath("//div[@id='entity-map']")
    assert box.get("data-graph-url").startswith("/api/graph?focus=https%3A%2F%2Fw3id.org")
    assert box.get("data-graph-url").endswith("&depth=1")
    assert box.get("hidden") is not None, "hidden until the script has drawn it"
    srcs = [s.get("src") for s in doc.xpath("//script")]
    assert "/vendor/cytoscape.min.js" in srcs and any(s.endswith("js/entity.js") for s in srcs)


def test_topic_page_lists_what_is_about_it_with_passages_in_their_documents(client):
    doc = html(client.get("/entity/topic/cse"))
    assert doc.xpath("//h1")[0].text_content().strip() == "Child sexual exploitation"
    about = [
        g for g in doc.xpath("//section[@class='relation-group']") if "About this topic" in g.text_content()
    ]
    assert about
    passage_links = about[0].xpath(".//a[@class='passage-ref']")
    assert passage_links and all("#p-" in a.get("href") for a in passage_links)


def test_other_iris_use_the_query_form(client):
    doc = html(client.get("/entity", query_string={"iri": "https://w3id.org/ckg/ontology#LocalAuthority"}))
    assert doc.xpath("//h1")[0].text_content().strip() == "Local authority"
    instances = [a.get("href") for a in section(doc, "instances-h").xpath(".//a")]
    assert "/entity/org/oxfordshire-county-council" in instances


def test_passage_iri_redirects_to_its_place_in_the_document(client, web_kg):
    row = web_kg.sparql("SELECT ?p WHERE { ?p a ckg:Passage } LIMIT 1").rows[0]
    iri = row["p"].value
    resp = client.get("/entity/" + iri[len(ID) :])
    assert resp.status_code == 303
    assert resp.headers["Location"].startswith("/entity/doc/") and "#p-" in resp.headers["Location"]


# ---------------------------------------------------------------------------- RDF
def test_turtle_by_accept_header(client):
    resp = client.get(READING, headers={"Accept": "text/turtle"})
    assert resp.status_code == 200 and resp.mimetype == "text/turtle"
    assert "Accept" in resp.headers["Vary"]
    g = Graph().parse(data=resp.get_data(as_text=True), format="turtle")
    s = URIRef(ID + "org/reading-borough-council")
    assert (s, RDFS.label, Literal("Reading Borough Council")) in g
    assert any(g.subjects(None, s)), "triples pointing at the resource are included"


@pytest.mark.parametrize(
    ("fmt", "mimetype", "rdflib_format"),
    [
        ("ttl", "text/turtle", "turtle"),
        ("nt", "application/n-triples", "nt"),
        ("jsonld", "application/ld+json", "json-ld"),
    ],
)
def test_format_links(client, fmt, mimetype, rdflib_format):
    resp = client.get(PCT, query_string={"format": fmt})
    assert resp.status_code == 200 and resp.mimetype == mimetype
    g = Graph().parse(data=resp.get_data(as_text=True), format=rdflib_format)
    assert (URIRef(ID + "org/bedfordshire-primary-care-trust"), None, None) in g
    if fmt == "jsonld":
        json.loads(resp.get_data(as_text=True))


def test_accept_json_ld_and_browser_accept(client):
    assert client.get(PCT, headers={"Accept": "application/ld+json"}).mimetype == "application/ld+json"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get(PCT, headers={"Accept": browser}).mimetype == "text/html"
    assert client.get(PCT, headers={"Accept": "*/*"}).mimetype == "text/html"
    links = html(client.get(PCT)).xpath("//p[@class='formats']/a")
    assert [a.get("href") for a in links] == [f"{PCT}?format=ttl", f"{PCT}?format=jsonld", f"{PCT}?format=nt"]


def test_unknown_format_is_400(client):
    assert client.get(PCT, query_string={"format": "xls"}).status_code == 400


# ---------------------------------------------------------------------------- errors, safety, speed
def test_unknown_iri_is_404_page_and_404_rdf(client):
    resp = client.get("/entity/org/no-such-body-anywhere")
    assert resp.status_code == 404
    assert lxml.html.fromstring(resp.get_data(as_text=True)).xpath("//h1")[0].text_content() == "404"
    assert (
        client.get("/entity/org/no-such-body-anywhere", headers={"Accept": "text/turtle"}).status_code == 404
    )
    assert client.get("/entity", query_string={"iri": "http://example.org/nothing"}).status_code == 404


def test_bad_iri_is_a_clear_error_and_escaped(client):
    resp = client.get("/entity", query_string={"iri": 'http://x/<script>alert("x")</script>'})
    assert resp.status_code == 400
    doc = lxml.html.fromstring(resp.get_data(as_text=True))
    assert not doc.xpath("//script[contains(., 'alert')]")
    assert client.get("/entity").status_code == 400


def test_templates_never_mark_document_text_safe():
    for path in TEMPLATES.glob("**/*.html"):
        if path.name.startswith(("search", "entity", "document")) or "/partials/" in path.as_posix():
            text = path.read_text()
            assert "|safe" not in text.replace(" ", ""), f"{path.name} uses |safe"


def test_entity_page_is_fast_when_warm(client):
    client.get(OCC)
    t0 = time.perf_counter()
    assert client.get(OCC).status_code == 200
    elapsed = time.perf_counter() - t0
    # ~50 ms on a laptop; the bound only catches a query per link or per passage creeping in
    assert elapsed < 1.0, f"entity page took {elapsed:.2f} s"
