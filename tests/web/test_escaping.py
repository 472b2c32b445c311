"""Document text is shown, never run: a store built from two hostile documents (a .txt and an
.html full of ``<script>``, ``onerror=``, ``javascript:`` links and markup in titles, headings,
paragraphs and list items), served by the real ``ckg serve``, opened in Debian's Chromium.

Every payload would set ``window.__pwned``, call ``alert`` or log to the console. On each page
that shows that text (the document pages, the documents list, entity pages derived from it, the
search results quoting it, by link and by the search box's script, the map's side panel, the
SPARQL editor's results) the test asserts: no dialog, no console message from a payload, no CSP
violation (escaping must hold on its own, the CSP is the second wall), ``window.__pwned``
undefined, no inline script or ``on*`` attribute or ``javascript:`` link in the DOM, and the
markup visible as text. The raw HTML carries the escaped form.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from ckgtest import free_port, stop, wait_until_healthy
from playwright.sync_api import expect

from ckg.graph.namespaces import CKGID

TIMEOUT = 60_000

HOSTILE_TXT = """\
HOSTILE BOROUGH COUNCIL <script>window.__pwned = 1; alert("title")</script>

Children's Commissioning Plan <img src=x onerror="window.__pwned=2;alert('img')"> 2020-21

1. Introduction <b onmouseover="window.__pwned=3">bold</b>

Hostile Borough Council commissions short breaks for disabled children \
<script>window.__pwned=4;console.error("pwned")</script> with the Hostile Clinical \
Commissioning Group. See <a href="javascript:window.__pwned=5">our site</a> for more.

2. Priorities

- Priority 1: Keep children safe from exploitation <svg onload="window.__pwned=6">
- Priority 2: Improve emotional wellbeing and CAMHS <iframe src="javascript:window.__pwned=7"></iframe>

3. Funding

The Hostile Clinical Commissioning Group will fund CAMHS <script>window.__pwned=8</script> with \
£250,000 in 2020-21.

Contact: Jane <Doe> "Smith", Head of Commissioning <style>body{display:none}</style>, \
jane.smith@hostile.gov.uk
"""

# In HTML the visible text carries the markup escaped (so it survives the loader as text), and
# the page itself has real script, handlers and javascript: links the loader must drop.
HOSTILE_HTML = """\
<!doctype html>
<html><head><title>Hostile Partnership &lt;script&gt;window.__pwned=9&lt;/script&gt; Report</title>
<script>window.__pwned = 10;</script></head>
<body>
<h1>Hostile Partnership &lt;script&gt;window.__pwned=11;alert(11)&lt;/script&gt; Strategy 2021</h1>
<h2>Commissioning &lt;img src=x onerror=alert(12)&gt; intentions</h2>
<p>The Hostile Children's Trust &lt;script&gt;window.__pwned=13&lt;/script&gt; will commission a CAMHS
outreach service &lt;a href="javascript:alert(14)"&gt;click&lt;/a&gt; for looked-after children.</p>
<p onclick="window.__pwned=15">Hostile Borough Council funds the youth service with £1.2m
&lt;svg/onload=alert(16)&gt;.</p>
<p><a href="javascript:window.__pwned=17">A real javascript link</a> and
<img src="x" onerror="window.__pwned=18"></p>
</body></html>
"""

ESCAPED = "&lt;script&gt;window.__pwned"
RAW = "<script>window.__pwned"

# Scans the DOM for anything a payload could have become.
DOM_AUDIT = """() => {
  const bad = [];
  for (const s of document.querySelectorAll('script')) {
    if (!s.src && s.type !== 'application/json') bad.push('inline script: ' + s.textContent.slice(0, 60));
    if (s.textContent.includes('__pwned') && s.type !== 'application/json') bad.push('payload script');
  }
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push(el.tagName + ' ' + a.name);
      if (/^\\s*javascript:/i.test(a.value)) bad.push(el.tagName + ' ' + a.name + '=' + a.value.slice(0, 40));
    }
  }
  for (const el of document.querySelectorAll('iframe, object, embed, svg[onload], img[src="x"]')) {
    bad.push('element ' + el.tagName);
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory, embedder) -> Path:
    from ckg.kg import KnowledgeGraph

    root = tmp_path_factory.mktemp("hostile")
    docs = root / "docs"
    docs.mkdir()
    (docs / "hostile-borough-plan.txt").write_text(HOSTILE_TXT, encoding="utf-8")
    (docs / "hostile-partnership-report.html").write_text(HOSTILE_HTML, encoding="utf-8")
    store = root / "store"
    kg = KnowledgeGraph(str(store))
    kg._embedder = embedder
    report = kg.build([docs], progress=False)
    kg.close()
    assert report.ok, [o.reason for o in report.failed]
    return store


@pytest.fixture(scope="module")
def hostile_iris(hostile_store) -> dict[str, str]:
    """Resources whose labels carry a payload, found in the store (their slugs end in hashes)."""
    from ckg.kg import KnowledgeGraph

    kg = KnowledgeGraph(str(hostile_store))
    try:
        rows = kg.sparql(
            "SELECT DISTINCT ?s ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(?l, '__pwned')) }"
        ).values()
    finally:
        kg.close()
    found: dict[str, str] = {}
    for r in rows:
        kind = r["s"].removeprefix(str(CKGID)).split("/", 1)[0]
        found.setdefault(kind, r["s"])
    assert {"service", "intention", "priority", "doc"} <= set(found), found
    return found


@pytest.fixture(scope="module")
def hostile_server(hostile_store):
    port = free_port()
    exe = shutil.which("ckg", path=str(Path(sys.executable).parent)) or "ckg"
    log = (hostile_store.parent / "serve.log").open("w")
    proc = subprocess.Popen(
        [exe, "serve", "--store", str(hostile_store), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "CKG_WEB_THREADS": "4"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(proc, base, log, 120, "ckg serve")
        requests.get(base + "/api/ask", params={"q": "who commissions short breaks"}, timeout=300)
        yield base
    finally:
        stop(proc)
        log.close()


def _without_csp(route) -> None:
    resp = route.fetch()
    headers = {k: v for k, v in resp.headers.items() if k.lower() != "content-security-policy"}
    route.fulfill(response=resp, headers=headers)


@pytest.fixture(params=["csp", "no-csp"])
def hpage(request, browser, hostile_server):
    """A page on the hostile server recording dialogs, console messages and script errors.

    Run twice: as served, and with the Content-Security-Policy header stripped from every
    response, so that escaping is shown to hold on its own (the CSP is only the second wall).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=hostile_server)
    if request.param == "no-csp":
        context.route("**/*", _without_csp)
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.console = []  # type: ignore[attr-defined]
    pg.errors = []  # type: ignore[attr-defined]

    def on_dialog(d) -> None:
        pg.dialogs.append(d.message)  # type: ignore[attr-defined]
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("console", lambda m: pg.console.append(f"{m.type}: {m.text}"))  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    yield pg
    context.close()


def assert_inert(pg, where: str) -> None:
    pg.wait_for_timeout(300)  # let any deferred handler (img onerror, svg onload) have its chance
    assert pg.evaluate("typeof window.__pwned") == "undefined", f"a payload ran on {where}"
    assert pg.dialogs == [], f"dialogs on {where}: {pg.dialogs}"
    payload_logs = [m for m in pg.console if "pwned" in m or "Content Security Policy" in m]
    assert payload_logs == [], f"console on {where}: {payload_logs[:3]}"
    assert pg.errors == [], f"script errors on {where}: {pg.errors[:3]}"
    assert pg.evaluate(DOM_AUDIT) == [], f"live markup on {where}"


def test_document_pages_show_markup_as_text(hpage, hostile_server, hostile_iris):
    for slug in ("hostile-borough-plan", "hostile-partnership-report"):
        hpage.goto(f"/entity/doc/{slug}")
        expect(hpage.locator("h1")).to_contain_text("<script>window.__pwned")
        assert_inert(hpage, slug)
    body = hpage.locator("main").inner_text()
    assert "<svg/onload=alert(16)>" in body  # paragraph text, shown as written
    assert "A real javascript link" in body  # the HTML's real link: its text kept, its href gone
    hpage.goto("/entity/documents")
    expect(hpage.locator("main")).to_contain_text("<script>window.__pwned")
    assert_inert(hpage, "the documents list")


def test_entity_pages_derived_from_the_documents(hpage, hostile_iris):
    paths = ["/entity/org/hostile-borough-council"] + [
        "/entity/" + hostile_iris[k].removeprefix(str(CKGID)) for k in ("service", "intention", "priority")
    ]
    for path in paths:
        hpage.goto(path)
        expect(hpage.locator("main")).to_contain_text("__pwned")
        assert_inert(hpage, path)


def test_search_results_quoting_the_documents(hpage):
    question = "who commissions short breaks for disabled children"
    hpage.goto("/?q=" + quote(question))
    answers = hpage.locator("li.answer")
    expect(answers.first).to_be_visible(timeout=TIMEOUT)
    expect(hpage.locator("#search-results")).to_contain_text("<script>window.__pwned", timeout=TIMEOUT)
    assert_inert(hpage, "the search results page")
    # and through the search box's script, which puts the server's fragment into the page
    hpage.goto("/")
    hpage.fill("#q", "who will fund CAMHS")
    hpage.keyboard.press("Enter")
    expect(hpage.locator("#search-results")).to_contain_text("__pwned", timeout=TIMEOUT)
    assert_inert(hpage, "the results fetched by the search box")


def test_map_side_panel(hpage, hostile_iris):
    iri = hostile_iris["service"]
    hpage.goto("/graph?" + "&".join(f"{k}={quote(iri, safe='')}" for k in ("focus", "sel")))
    panel = hpage.locator("#map-panel")
    expect(panel).to_be_visible(timeout=TIMEOUT)
    expect(panel.locator("h2")).to_contain_text("<script>window.__pwned")
    expect(panel).to_contain_text("__pwned")
    assert_inert(hpage, "the map panel")
    # the node list under the map carries the labels too
    hpage.locator("#map-nodes-summary").click()
    expect(hpage.locator("#map-node-list")).to_contain_text("__pwned")
    assert_inert(hpage, "the map's node list")


def test_sparql_editor_results_table(hpage):
    query = "SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(CONTAINS(?label, '__pwned')) }"
    hpage.goto("/sparql?query=" + quote(query))
    expect(hpage.locator(".yasr")).to_contain_text("__pwned", timeout=TIMEOUT)
    assert_inert(hpage, "the SPARQL editor's results")


def test_raw_html_carries_the_escaped_form(hostile_server, hostile_iris):
    pages = [
        "/entity/doc/hostile-borough-plan",
        "/entity/doc/hostile-partnership-report",
        "/entity/documents",
        "/entity/org/hostile-borough-council",
        "/entity/" + hostile_iris["service"].removeprefix(str(CKGID)),
        "/?q=" + quote("who commissions short breaks for disabled children"),
    ]
    for path in pages:
        resp = requests.get(hostile_server + path, timeout=120)
        assert resp.status_code == 200, path
        html = resp.text
        assert ESCAPED in html, path
        assert RAW not in html, path
        assert not re.search(r"<(img|svg|iframe)[^>]*on(error|load)=", html, re.I), path
        assert not re.search(r"""href=["']?\s*javascript:""", html, re.I), path
    # JSON carries the text as data; served as JSON with nosniff, never as a page
    resp = requests.get(hostile_server + "/api/node", params={"iri": hostile_iris["service"]}, timeout=60)
    assert resp.headers["Content-Type"].startswith("application/json")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
