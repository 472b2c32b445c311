"""The four main pages (search, entity, SPARQL, map) by keyboard, in Debian's Chromium over the
real server: every visible field, button and link has a name; Tab reaches the page's main
control and Enter (Ctrl+Enter in the SPARQL editor) does its job; no request fails, the site
icon included (a missing favicon is a 404 in every browser console).
"""

from __future__ import annotations

import json
import re

import pytest
from ckgtest import tab_until
from playwright.sync_api import expect

TIMEOUT = 60_000

# Visible controls without an accessible name (label, aria-label, aria-labelledby, title, text).
UNNAMED = """() => {
  const shown = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
    && getComputedStyle(el).visibility !== 'hidden';
  const named = (el) => (el.getAttribute('aria-label') || '').trim()
    || el.getAttribute('aria-labelledby')
    || (el.labels && el.labels.length)
    || (el.getAttribute('title') || '').trim()
    || (['BUTTON', 'A'].includes(el.tagName) && (el.textContent || '').trim())
    || (el.tagName === 'INPUT' && ['submit', 'button'].includes(el.type) && el.value);
  return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]')]
    .filter((el) => shown(el) && !named(el))
    .map((el) => el.outerHTML.slice(0, 120));
}"""
FOCUSED = "document.activeElement && (document.activeElement.id || document.activeElement.getAttribute('aria-label'))"

PAGES = {
    "search": "/",
    "entity": "/entity/org/reading-borough-council",
    "sparql": "/sparql",
    "map": "/graph",
}


def tab_to(page, wanted: str, limit: int = 40) -> None:
    tab_until(page, f"({FOCUSED}) === {json.dumps(wanted)}", repr(wanted), limit)


def ready(page, name: str) -> None:
    if name == "sparql":
        expect(page.locator(".CodeMirror")).to_be_visible(timeout=TIMEOUT)
    elif name == "map":
        expect(page.locator("#map-status")).to_have_text(re.compile(r"^Showing \d+ nodes"), timeout=TIMEOUT)
    else:
        expect(page.locator("h1").first).to_be_visible()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_control_has_a_name_and_nothing_fails_to_load(page, name):
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.goto(PAGES[name])
    ready(page, name)
    page.wait_for_timeout(500)  # the browser asks for the icon after the load
    assert page.evaluate(UNNAMED) == []
    assert failed == []
    icon = page.evaluate(
        "document.querySelector('link[rel=icon]') && document.querySelector('link[rel=icon]').href"
    )
    assert icon and icon.endswith("/static/favicon.svg")


def test_search_by_keyboard(page):
    page.goto(PAGES["search"])
    tab_to(page, "q")
    page.keyboard.type("who commissions short breaks?")
    page.keyboard.press("Enter")
    expect(page.locator("li.answer").first).to_be_visible(timeout=TIMEOUT)


def test_entity_page_skip_link_lands_in_the_content(page):
    page.goto(PAGES["entity"])
    page.keyboard.press("Tab")
    expect(page.locator("a.skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is inside the content, not the header again
    assert page.evaluate("document.activeElement.closest('#main') !== null")


def test_sparql_editor_by_keyboard(page):
    page.goto(PAGES["sparql"])
    ready(page, "sparql")
    tab_to(page, "SPARQL query")
    page.keyboard.press("Control+A")
    page.keyboard.type("SELECT ?d WHERE { ?d a ckg:Document } LIMIT 3")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".yasr tbody tr")).to_have_count(3, timeout=TIMEOUT)
    # Tab indents inside the editor; Escape then Tab moves on (no keyboard trap), as the hint says
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert "Escape" in page.locator(f"#{described}").inner_text()
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) != "SPARQL query"


def test_map_search_by_keyboard(page):
    page.goto(PAGES["map"])
    ready(page, "map")
    tab_to(page, "map-search-input")
    page.keyboard.type("reading borough council")
    page.keyboard.press("Enter")
    expect(page.locator("#map-panel h2")).to_have_text("Reading Borough Council", timeout=TIMEOUT)
