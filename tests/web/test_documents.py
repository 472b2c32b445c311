"""Document pages: the list of loaded documents, and one document's metadata, what was read
from it, and its whole text as anchored passages (escaped, in order, one query)."""

from __future__ import annotations

import time

import lxml.html
import pytest
from rdflib import URIRef

ID = "https://w3id.org/ckg/id/"
BEDS = "bedfordshire-cyp-commissioning-strategy-2006-09"
READING = "reading-cyp-interim-commissioning-strategy-2016-17"


def html(resp) -> lxml.html.HtmlElement:
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    return lxml.html.fromstring(resp.get_data(as_text=True))


@pytest.fixture(scope="module")
def beds_page(app):
    with app.test_client() as c:
        return html(c.get(f"/entity/doc/{BEDS}"))


def test_documents_list_shows_every_loaded_document(client, web_kg):
    doc = html(client.get("/entity/documents"))
    cards = doc.xpath("//ul[@class='documents']/li")
    assert len(cards) == 5
    titles = {r["title"] for r in web_kg.sparql("documents").values()}
    assert {c.xpath(".//h2/a")[0].text_content() for c in cards} == titles
    for card in cards:
        assert card.xpath(".//h2/a")[0].get("href").startswith("/entity/doc/")
        counts = card.xpath(".//p[@class='doc-counts']")[0].text_content()
        assert "passages" in counts and "organisations" in counts
    beds = next(c for c in cards if BEDS in c.xpath(".//h2/a")[0].get("href"))
    meta = beds.xpath(".//dl")[0].text_content()
    assert "Bedfordshire" in meta and "2006–2009" in meta


def test_document_page_has_metadata(beds_page):
    title = beds_page.xpath("//h1")[0].text_content()
    assert title == "Commissioning Strategy Children & Young People's Plan 2006 – 2009"  # & unescaped once
    meta = {
        d.xpath("./dt")[0].text_content(): d.xpath("./dd")[0]
        for d in beds_page.xpath("//dl[contains(@class, 'doc-meta')]/div")
    }
    assert {"Published by", "Area", "Period", "Type", "Source file", "Media type"} <= set(meta)
    assert meta["Source file"].text_content() == f"{BEDS}.txt"
    assert meta["Published by"].xpath(".//a[starts-with(@href, '/entity/org/')]")


def test_extracted_resources_grouped_with_counts_and_funding_total(beds_page):
    groups = {
        s.xpath("./h3")[0].text_content().split("(")[0].strip(): s
        for s in beds_page.xpath("//section[@class='extracted-group']")
    }
    assert {"Organisations", "Priorities", "Commissioning intentions", "Services", "Funding lines"} <= set(
        groups
    )
    for name, sec in groups.items():
        count = int(sec.xpath("./h3/span[@class='count']")[0].text_content().strip("()"))
        assert count == len(sec.xpath(".//ul/li")), name
    funding = groups["Funding lines"]
    assert any(m.text_content() == "£2,827,361" for m in funding.xpath(".//span[@class='money']"))
    total = funding.xpath(".//p[@class='funding-total']/span[@class='money']")[0].text_content()
    assert total.startswith("£")


def test_text_is_every_passage_in_order_with_anchors(beds_page, web_kg):
    rows = web_kg.sparql(
        "SELECT ?start ?end WHERE { ?p ckg:inDocument ?doc ; ckg:order ?o ; ckg:startChar ?start ;"
        " ckg:endChar ?end } ORDER BY ?o",
        {"doc": URIRef(ID + f"doc/{BEDS}")},
    ).values()
    expected = [f"p-{r['start']}-{r['end']}" for r in rows]
    ids = [e.get("id") for e in beds_page.xpath("//div[@class='doc-text']/*[contains(@class, 'passage')]")]
    assert ids == expected
    headings = beds_page.xpath("//div[@class='doc-text']/*[self::h3 or self::h4 or self::h5 or self::h6]")
    assert headings, "section headings are shown as headings"


def test_passage_text_is_escaped_not_interpreted(client, web_kg):
    rows = web_kg.sparql(
        "SELECT ?start ?end ?text WHERE { ?p ckg:inDocument ?doc ; ckg:text ?text ; ckg:startChar ?start ;"
        " ckg:endChar ?end ; ckg:blockKind 'paragraph' . FILTER(CONTAINS(?text, '&')) } LIMIT 1",
        {"doc": URIRef(ID + f"doc/{READING}")},
    ).values()
    assert rows, "the Reading report has an ampersand somewhere"
    page = client.get(f"/entity/doc/{READING}")
    doc = html(page)
    (el,) = doc.xpath(f"//*[@id='p-{rows[0]['start']}-{rows[0]['end']}']")
    assert el.text_content() == rows[0]["text"]
    assert "&amp;" in page.get_data(as_text=True)
    assert not doc.xpath("//div[@class='doc-text']//script")


def test_evidence_link_from_an_entity_lands_on_a_passage(client):
    ent = html(client.get("/entity/org/bedfordshire-primary-care-trust"))
    hrefs = [
        a.get("href")
        for a in ent.xpath("//section[@aria-labelledby='evidence-h']//a[contains(@href, '#p-')]")
    ]
    assert hrefs
    for href in hrefs[:3]:
        path, anchor = href.split("#")
        doc = html(client.get(path))
        assert len(doc.xpath(f"//*[@id='{anchor}']")) == 1


def test_document_as_rdf(client):
    resp = client.get(f"/entity/doc/{BEDS}", query_string={"format": "ttl"})
    assert resp.status_code == 200 and resp.mimetype == "text/turtle"
    assert "dcterms:title" in resp.get_data(as_text=True)


def test_referenced_document_is_an_entity_page_not_a_document_page(client, web_kg):
    row = web_kg.sparql(
        "SELECT ?d WHERE { ?d a ckg:Document . FILTER NOT EXISTS { ?d dcterms:source ?s } } LIMIT 1"
    ).rows[0]
    doc = html(client.get("/entity/" + row["d"].value[len(ID) :]))
    assert not doc.xpath("//div[@class='doc-text']")
    assert "Referenced by" in [
        h.text_content().split("(")[0].strip() for h in doc.xpath("//section[@class='relation-group']/h3")
    ]


def test_document_page_is_fast_when_warm(client):
    client.get(f"/entity/doc/{BEDS}")
    t0 = time.perf_counter()
    assert client.get(f"/entity/doc/{BEDS}").status_code == 200
    elapsed = time.perf_counter() - t0
    # ~100 ms for 500 passages on a laptop; a query per passage would take seconds
    assert elapsed < 2.0, f"document page took {elapsed:.2f} s"
