"""Hostile input at every place a request value reaches a query: the search box and /api/ask,
entity and document paths, ``?iri=``, the map's filters and focus, /api/path, /api/node,
/api/graph/find, the SPARQL editor's prefill.

Each request must get an answer below 500, without a traceback, with any markup it carried
escaped in HTML; and afterwards the graph must be exactly what it was: the same quad count and
the same hash of the store's N-Quads dump, read through the store API by a fresh reader (so a
write by the server process would show). Why no mocking: the values travel through the real
views into ``bind()``/``term_n3`` and the real Oxigraph parser; a breakout that got through would
surface as a parse error (500), a changed answer, or a changed store.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
from urllib.parse import quote, urlsplit

import pytest

# SPARQL breakouts, IRI breakers, control characters, encodings, traversal, markup, size.
HOSTILE = [
    '"} ; DROP ALL ; #',
    "'} ; CLEAR DEFAULT ; #",
    "> } UNION { ?s ?p ?o",
    "https://w3id.org/ckg/id/org/x> } ; DELETE WHERE { ?s ?p ?o } #",
    'https://w3id.org/ckg/id/area/reading" ; DROP ALL',
    "https://w3id.org/ckg/id/topic/cse>\n} INSERT DATA { <a:b> <a:b> <a:b> } #",
    "<http://example.org/has space>",
    "<http://example.org/x>",
    "a\"b'c<d>e`f{g}h|i^j",
    "?s ?p ?o",
    "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }",
    "ünïcødé ☃ 𝔘 — Ōxford",
    "\u202eRTL override\ufeff\u200b",
    "nul\x00byte",
    'back\\slash\\u0022\\"',
    "%00",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "\n\r\t",
    "",
    "x" * 5000,
    "a" * 70_000,
]
IDS = [repr(h[:24]) for h in HOSTILE]


def q(value: str) -> str:
    return quote(value, safe="")


def fingerprint(store_dir) -> tuple[int, str]:
    """Quad count and SHA-256 of the sorted N-Quads dump, read by a fresh read-only store."""
    from ckg.kg import KnowledgeGraph

    kg = KnowledgeGraph(str(store_dir))
    try:
        dump = kg.store().dump("nquads")
        n = kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]["n"].value
    finally:
        kg.close()
    lines = sorted(line for line in dump.splitlines() if line.strip())
    return int(n), hashlib.sha256(b"\n".join(lines)).hexdigest()


@pytest.fixture(scope="module")
def before(corpus_store):
    return fingerprint(corpus_store)


@pytest.fixture(autouse=True)
def _quiet_rdflib(caplog):
    caplog.set_level(logging.ERROR, logger="rdflib")


def check(resp, url: str) -> None:
    """Below 500, no traceback, markup escaped in pages."""
    body = resp.get_data(as_text=True)
    assert resp.status_code < 500, f"{url[:120]} -> {resp.status_code}: {body[:300]}"
    assert "Traceback" not in body and 'File "' not in body, url[:120]
    if resp.mimetype == "text/html":
        assert "<script>alert" not in body and "<img src=x" not in body, f"markup reflected by {url[:120]}"


def hit_all(client, urls: list[str], accept: str = "text/html") -> dict[int, int]:
    statuses: dict[int, int] = {}
    for url in urls:
        resp = client.get(url, headers={"Accept": accept})
        check(resp, url)
        statuses[resp.status_code] = statuses.get(resp.status_code, 0) + 1
    return statuses


def test_search_page_and_api_ask(client, corpus_store, before):
    urls = []
    for h in HOSTILE:
        urls += [
            f"/?q={q(h)}",
            f"/?q={q(h)}&fragment=1",
            f"/api/ask?q={q(h)}",
            f"/api/ask?q=who+funds+CAMHS&top={q(h)}",
        ]
    # each value wrapped in a real question too, so it reaches linking and the templates' bindings
    urls += [f"/api/ask?q={q('who funds ' + h[:300] + ' in Reading?')}" for h in HOSTILE]
    statuses = hit_all(client, urls)
    assert statuses.get(200) and statuses.get(400), statuses  # answered, or refused clearly
    assert fingerprint(corpus_store) == before


def test_entity_and_document_paths(client, corpus_store, before):
    urls = []
    for h in HOSTILE:
        urls += [
            f"/entity/{q(h)}",
            f"/entity/{quote(h, safe='/')}",
            f"/entity/org/{q(h)}",
            f"/entity/doc/{q(h)}",
            f"/entity/passage/{q(h)}/1-2",
            f"/entity?iri={q(h)}",
            f"/entity?iri={q('https://w3id.org/ckg/id/org/' + h)}",
            f"/entity/{q(h)}?format=ttl",
            f"/entity?iri={q(h)}&format=jsonld",
            f"/entity/org/oxfordshire-county-council?format={q(h)}",
            f"/entity/documents?page={q(h)}",
        ]
    statuses = hit_all(client, urls)
    assert set(statuses) <= {200, 400, 404, 406}, statuses
    # RDF clients too (errors as JSON or text, never a 500)
    hit_all(client, [f"/entity/{q(h)}" for h in HOSTILE], accept="text/turtle")
    assert fingerprint(corpus_store) == before


def test_map_filters_focus_and_find(client, corpus_store, before):
    urls = []
    for h in HOSTILE:
        for name in ("area", "topic", "document", "types", "focus", "depth", "limit", "facets"):
            urls.append(f"/api/graph?{name}={q(h)}")
        urls += [
            f"/api/graph?focus=https%3A%2F%2Fw3id.org%2Fckg%2Fid%2Farea%2Freading&area={q(h)}",
            f"/graph?area={q(h)}&topic={q(h)}&focus={q(h)}",
            f"/api/path?from={q(h)}&to={q(h)}",
            f"/api/path?from=https%3A%2F%2Fw3id.org%2Fckg%2Fid%2Farea%2Freading&to={q(h)}",
            f"/api/node?iri={q(h)}",
            f"/api/graph/find?q={q(h)}",
            f"/api/graph/find?q=council&limit={q(h)}",
        ]
    statuses = hit_all(client, urls)
    assert set(statuses) <= {200, 400, 404}, statuses
    assert statuses.get(400, 0) > len(HOSTILE) * 5  # bad values are refused, not silently ignored
    assert fingerprint(corpus_store) == before


def test_sparql_editor_prefill_and_endpoint(client, corpus_store, before):
    urls = [f"/sparql?query={q(h)}" for h in HOSTILE if len(h) < 10_000]
    hit_all(client, urls)  # the editor page, prefilled (escaped into its JSON config)
    statuses = hit_all(client, urls, accept="application/sparql-results+json")
    assert set(statuses) <= {400, 413}, statuses  # none of these is a runnable read query
    assert fingerprint(corpus_store) == before


def test_injected_values_do_not_change_answers(client):
    """A breakout glued to a real resource finds nothing, rather than that resource or more."""
    good = "https://w3id.org/ckg/id/area/reading"
    assert client.get(f"/api/node?iri={q(good)}").status_code == 200
    for tail in ("> } UNION { ?s ?p ?o", '" } ; DROP ALL ; #', ">\n} #"):
        for url in (f"/api/node?iri={q(good + tail)}", f"/entity?iri={q(good + tail)}"):
            assert client.get(url).status_code in (400, 404), url


RAW_PATHS = [
    "/entity/%00",
    "/entity/org/%00%22%7D%3B",
    "/entity/..%2F..%2F..%2Fetc%2Fpasswd",
    "/entity/doc/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2F..%2Fapp.py",
    "/static/%2e%2e/%2e%2e/web/app.py",
    "/vendor/..%2Fpackage.json",
    "/vendor/%2e%2e%2f%2e%2e%2fpackage.json",
    "/entity/%C0%AE%C0%AE/%C0%AE%C0%AE/etc/passwd",
    "/entity/%ff%fe",
    "/api/graph?area=%00&topic=%ZZ",
    "/api/node?iri=%E2%80%AE%00",
    "/?q=%00%00%00",
    "/api/ask?q=%F0%9F%98%80%22%7D%3BDROP+ALL",
    "/entity?iri=" + "%41" * 3000,
]


def test_raw_urls_through_the_real_server(live_server, corpus_store, before):
    """Byte-level paths (NUL, overlong UTF-8, encoded traversal) sent as-is to waitress: no 500,
    no file from outside the app's static folders."""
    parts = urlsplit(live_server)
    for path in RAW_PATHS:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        try:
            conn.putrequest("GET", path, skip_accept_encoding=True)
            conn.putheader("Accept", "text/html")
            conn.endheaders()
            resp = conn.getresponse()
            body = resp.read().decode("utf-8", "replace")
        finally:
            conn.close()
        assert resp.status < 500, f"{path} -> {resp.status}: {body[:300]}"
        assert "Traceback" not in body
        assert "root:" not in body and "create_app" not in body and '"dependencies"' not in body, path
    assert fingerprint(corpus_store) == before
