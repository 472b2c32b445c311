"""Security headers on every kind of response, and error pages that say what went wrong without
a traceback: pages, API JSON, RDF, SPARQL results, static and vendored files, the favicon, and
the 400/404/405/413/500 answers, through the app and through the real waitress server.

Why the CSP is parsed rather than compared as a string: what matters is that no directive lets
in another origin, inline script or eval, whatever order or spacing a later edit gives it.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

import pytest
import requests

ORG = "/entity/org/reading-borough-council"
DOC = "/entity/doc/reading-cyp-interim-commissioning-strategy-2016-17"

PAGES = {
    "search": "/",
    "answers": "/?q=" + quote("who commissions short breaks?"),
    "entity": ORG,
    "document": DOC,
    "documents": "/entity/documents",
    "map": "/graph",
    "sparql editor": "/sparql",
}
OTHER = {
    "api ask": ("/api/ask?q=who+funds+CAMHS", "application/json"),
    "api graph": ("/api/graph", "application/json"),
    "api node": (
        "/api/node?iri=" + quote("https://w3id.org/ckg/id/org/reading-borough-council", safe=""),
        "*/*",
    ),
    "entity turtle": (ORG + "?format=ttl", "*/*"),
    "sparql json": ("/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o } LIMIT 1"), "application/json"),
    "sparql csv": ("/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o } LIMIT 1") + "&format=csv", "*/*"),
    "health": ("/healthz", "*/*"),
    "static css": ("/static/css/app.css", "*/*"),
    "vendor js": ("/vendor/cytoscape.min.js", "*/*"),
    "favicon": ("/favicon.ico", "*/*"),
}
ALLOWED_SOURCES = {"'self'", "'none'", "data:", "blob:", "'unsafe-inline'"}
TRACE_MARKERS = ("Traceback", 'File "', "werkzeug", "site-packages", '.py", line', "/work/")


def csp(value: str) -> dict[str, list[str]]:
    out = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


def assert_security_headers(headers, what: str) -> None:
    policy = csp(headers.get("Content-Security-Policy", ""))
    assert policy, f"{what}: no Content-Security-Policy"
    assert policy["default-src"] == ["'self'"], what
    assert policy["script-src"] == ["'self'"], f"{what}: scripts must come from the app only"
    assert policy["object-src"] == ["'none'"], what
    assert policy["frame-ancestors"] == ["'none'"], what
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"], what
    assert policy["connect-src"] == ["'self'"], what
    for directive, sources in policy.items():
        extra = set(sources) - ALLOWED_SOURCES
        assert not extra, f"{what}: {directive} lets in {extra}"
        if "'unsafe-inline'" in sources:
            assert directive == "style-src", f"{what}: 'unsafe-inline' outside style-src"
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("X-Frame-Options") == "DENY", what
    assert headers.get("Referrer-Policy") in (
        "same-origin",
        "no-referrer",
        "strict-origin-when-cross-origin",
    ), what


def assert_clean_error(body: str, what: str) -> None:
    for marker in TRACE_MARKERS:
        assert marker not in body, f"{what}: {marker!r} in the error body: {body[:300]}"


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_type_has_the_headers(client, name):
    resp = client.get(PAGES[name], headers={"Accept": "text/html"})
    assert resp.status_code == 200, name
    assert resp.mimetype == "text/html"
    assert_security_headers(resp.headers, name)
    html = resp.get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg"' in html, f"{name}: no favicon link"


@pytest.mark.parametrize("name", list(OTHER))
def test_every_other_response_has_the_headers(client, name):
    path, accept = OTHER[name]
    with client.get(path, headers={"Accept": accept}) as resp:  # files stream: close them
        assert resp.status_code == 200, (name, resp.get_data(as_text=True)[:200])
        assert_security_headers(resp.headers, name)


def test_favicon_is_an_svg_and_linked_one_is_served(client):
    for path in ("/favicon.ico", "/static/favicon.svg"):
        with client.get(path) as resp:
            assert resp.status_code == 200
            assert resp.mimetype == "image/svg+xml"
            assert resp.get_data(as_text=True).lstrip().startswith("<svg")


ERRORS = [
    ("GET", "/no/such/page", None, 404),
    ("GET", "/api/no/such/thing", None, 404),
    ("GET", "/entity/org/no-such-body-anywhere", None, 404),
    ("GET", "/entity", None, 400),
    ("GET", "/api/graph?depth=lots", None, 400),
    ("GET", "/api/ask?q=", None, 400),
    ("GET", "/entity?iri=" + quote("http://x/<a> } UNION {", safe=""), None, 400),
    # format= asks for results, so a browser gets the error page rather than the editor
    ("GET", "/sparql?format=json&query=SELEKT", None, 400),
    ("GET", "/sparql?format=json&query=" + quote("DROP ALL"), None, 400),
    ("POST", "/", b"q=x", 405),
    ("POST", "/sparql", b"query=" + b"x" * (300 * 1024), 413),
]


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
@pytest.mark.parametrize(
    ("method", "path", "body", "status"), ERRORS, ids=[f"{e[3]} {e[1][:30]}" for e in ERRORS]
)
def test_error_answers_have_headers_and_no_traceback(client, method, path, body, status, accept):
    headers = {"Accept": accept}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    resp = client.open(path, method=method, data=body, headers=headers)
    assert resp.status_code == status, resp.get_data(as_text=True)[:300]
    assert_security_headers(resp.headers, f"{status} {path[:40]}")
    text = resp.get_data(as_text=True)
    assert_clean_error(text, f"{status} {path[:40]}")
    assert text.strip(), "an error says something"
    if accept == "text/html" and resp.mimetype == "text/html":
        assert f"<h1>{status}</h1>" in text


def test_unexpected_exception_is_a_500_page_without_traceback(web_kg, caplog):
    """A bug in a view (forced here by a route that raises) gives the site's error page or JSON,
    never the exception text; the traceback goes to the server log instead."""
    from ckg.web import create_app

    app = create_app(web_kg)

    @app.get("/api/broken")
    @app.get("/broken")
    def broken():
        raise RuntimeError("secret internals at /srv/ckg/store: password=hunter2")

    client = app.test_client()
    caplog.set_level(logging.ERROR, logger="ckg.web")
    for path, accept, mimetype in (
        ("/broken", "text/html", "text/html"),
        ("/api/broken", "text/html", "application/json"),
        ("/broken", "application/json", "application/json"),
    ):
        resp = client.get(path, headers={"Accept": accept})
        assert resp.status_code == 500
        assert resp.mimetype == mimetype
        text = resp.get_data(as_text=True)
        assert "hunter2" not in text and "RuntimeError" not in text and "/srv/ckg" not in text
        assert_clean_error(text, path)
        assert_security_headers(resp.headers, "500")
    assert "hunter2" in caplog.text  # the operator still gets the details


def test_real_server_sends_the_headers_and_clean_errors(live_server):
    """The same through waitress (what people run), including its 413 for an oversized body."""
    for path in [*PAGES.values(), "/favicon.ico", "/api/graph"]:
        resp = requests.get(live_server + path, headers={"Accept": "text/html"}, timeout=120)
        assert resp.status_code == 200, path
        assert_security_headers(resp.headers, path)
    for path, status in (("/no/such/page", 404), ("/entity", 400), ("/sparql?format=json&query=SELEKT", 400)):
        resp = requests.get(live_server + path, headers={"Accept": "text/html"}, timeout=60)
        assert resp.status_code == status
        assert_security_headers(resp.headers, path)
        assert_clean_error(resp.text, path)
    big = requests.post(
        live_server + "/sparql",
        data={"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * (300 * 1024)},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    assert big.status_code == 413
    assert_clean_error(big.text, "413")
