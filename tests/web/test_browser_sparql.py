"""The SPARQL editor in Debian's Chromium against the real server: pick an example, run it, read
the rows; a link carrying ?query= runs it; refusals and the row cap show in the page; nothing is
fetched from anywhere but this server and the CSP is never violated. Screenshots go to
test-artifacts/web-sparql-*.png."""

from __future__ import annotations

from urllib.parse import quote, urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
EDITOR = ".yasqe .CodeMirror"
ROWS = ".yasr table.dataTable tbody tr"


def watch_console(page) -> list[str]:
    """Console errors worth failing on: CSP refusals and script errors (not the favicon's 404)."""
    problems: list[str] = []

    def record(msg) -> None:
        if msg.type == "error" and "favicon.ico" not in (msg.location or {}).get("url", ""):
            problems.append(msg.text)

    page.on("console", record)
    return problems


def open_editor(page, path: str = "/sparql") -> list[str]:
    problems = watch_console(page)
    page.goto(path)
    expect(page.locator(EDITOR)).to_be_visible(timeout=TIMEOUT)
    return problems


def editor_text(page) -> str:
    return page.evaluate("document.querySelector('.yasqe .CodeMirror').CodeMirror.getValue()")


def set_editor_text(page, text: str) -> None:
    page.evaluate("(t) => document.querySelector('.yasqe .CodeMirror').CodeMirror.setValue(t)", text)


def run(page) -> None:
    page.locator(".yasqe_queryButton").click()


def test_pick_an_example_run_it_and_see_the_rows(page, shot):
    problems = open_editor(page)
    expect(page.locator(".yasqe .parseErrorIcon")).to_have_count(0)  # ckg: needs no PREFIX here
    example = page.locator("a[data-example='documents']")
    expect(example).to_have_text("Documents loaded")
    example.click()
    assert "/sparql?" not in page.url  # loaded in place, not followed
    assert "ckg:Document" in editor_text(page)
    expect(example).to_have_attribute("aria-current", "true")
    expect(page.locator(".yasgui .tabsList .tab.active")).to_contain_text("Documents loaded")

    run(page)
    rows = page.locator(ROWS)
    expect(rows).to_have_count(5, timeout=TIMEOUT)
    expect(page.locator(".yasr table.dataTable thead")).to_contain_text("title")
    expect(rows.first).to_contain_text("ckgid:doc/")  # IRIs shortened with ckg's prefixes
    expect(page.locator("#sparql-truncated")).to_be_hidden()
    shot(page, "sparql-example")

    posts = [u for u in page.request_log.urls if urlparse(u).path == "/sparql"]
    assert len(posts) >= 2  # the page, then the query to this server's endpoint

    # a document's IRI in the results opens ckg's page for it, not w3id.org
    set_editor_text(page, "SELECT ?d WHERE { ?d a ckg:Document ; dcterms:source ?s } ORDER BY ?d")
    run(page)
    link = page.locator(".yasr a[href*='/ckg/id/doc/']").first
    expect(link).to_be_visible(timeout=TIMEOUT)
    with page.context.expect_page() as opened:
        link.click()
    entity_page = opened.value
    entity_page.wait_for_load_state()
    assert urlparse(entity_page.url).path.startswith("/entity/doc/")
    assert urlparse(entity_page.url).hostname == "127.0.0.1"
    entity_page.close()
    assert problems == []


def test_a_link_with_a_query_opens_it_and_runs_it(page):
    query = "SELECT ?t WHERE { ?d a ckg:Document ; dcterms:source ?s ; dcterms:title ?t } LIMIT 3"
    # a link naming another endpoint: the query still goes to this server (and nowhere else)
    problems = open_editor(
        page, "/sparql?query=" + quote(query) + "&endpoint=" + quote("https://example.org/sparql")
    )
    expect(page.locator(ROWS)).to_have_count(3, timeout=TIMEOUT)
    assert editor_text(page) == query
    assert problems == []


def test_refusals_and_syntax_errors_show_the_servers_message(page, shot):
    problems = open_editor(page)
    set_editor_text(page, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    run(page)
    expect(page.locator(".yasr")).to_contain_text("SERVICE (federated query) is not allowed", timeout=TIMEOUT)
    shot(page, "sparql-refused")

    set_editor_text(page, "SELECT * WHERE { ?s ?p ?o } LIMT 5")
    run(page)
    expect(page.locator(".yasr")).to_contain_text("syntax error", timeout=TIMEOUT)
    assert not [u for u in page.request_log.urls if ":9/" in u]
    assert [p for p in problems if "Content Security Policy" in p] == []


def test_the_row_cap_is_said_above_the_results(browser, tight_server, shot):
    """Against the server with a 5-row cap: the editor says the result was cut."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=tight_server)
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    try:
        problems = open_editor(page)
        set_editor_text(page, "SELECT ?p ?text WHERE { ?p a ckg:Passage ; ckg:text ?text } ORDER BY ?p")
        run(page)
        expect(page.locator(ROWS)).to_have_count(5, timeout=TIMEOUT)
        note = page.locator("#sparql-truncated")
        expect(note).to_be_visible()
        expect(note).to_contain_text("Only the first 5 rows")
        shot(page, "sparql-truncated")
        assert problems == []
    finally:
        context.close()
    assert [u for u in urls if urlparse(u).hostname not in ("127.0.0.1", "localhost")] == []


def test_phone_width_stacks_examples_below_the_editor(browser, live_server, shot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server)
    page = context.new_page()
    try:
        open_editor(page)
        editor_box = page.locator("#yasgui").bounding_box()
        examples_box = page.locator(".sparql-examples").bounding_box()
        assert editor_box and examples_box and examples_box["y"] > editor_box["y"]
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 400, f"the page scrolls sideways ({width}px)"
        shot(page, "sparql-phone")
    finally:
        context.close()
