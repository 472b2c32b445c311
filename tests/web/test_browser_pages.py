"""Search, entity and document pages in Debian's Chromium against the real server: ask, read
the answer, follow its evidence to the sentence, use the keyboard alone, and a phone-width
layout. Screenshots go to test-artifacts/web-*.png."""

from __future__ import annotations

import re

import pytest
import requests
from ckgtest import tab_until
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

QUESTION = "who funds CSE prevention?"
TIMEOUT = 120_000  # the first question loads the model in the server


def ask(page, question: str = QUESTION) -> None:
    page.goto("/")
    page.get_by_label("Your question").fill(question)
    page.get_by_role("button", name="Ask").click()
    expect(page.locator("li.answer").first).to_be_visible(timeout=TIMEOUT)


def test_ask_then_follow_the_evidence_to_the_sentence(page, shot):
    ask(page)
    assert re.search(r"[?&]q=who\+funds\+CSE", page.url), "the URL carries the question"
    card = page.locator("li.answer").first
    expect(card.locator("blockquote.quote").first).to_be_visible()
    expect(card.locator("blockquote mark").first).to_be_visible()
    shot(page, "search-answer")

    card.locator("a.passage-link").first.click()
    page.wait_for_load_state()
    assert "/entity/doc/" in page.url and "#p-" in page.url
    anchor = page.url.split("#", 1)[1]
    target = page.locator(f"[id='{anchor}']")
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the :target passage is highlighted"
    shot(page, "document-passage", full_page=False)

    page.go_back()
    expect(page.locator("li.answer").first).to_be_visible(timeout=TIMEOUT)
    # a "who funds" question answers with bodies among its first answers; follow the first one
    body = page.locator("li.answer h3 a[href*='/entity/org/']").first
    expect(body).to_be_visible()
    label = body.inner_text()
    body.click()
    page.wait_for_load_state()
    assert "/entity/org/" in page.url
    expect(page.locator("h1")).to_have_text(label)
    expect(page.locator("#evidence-h")).to_be_visible()
    shot(page, "entity")


def test_keyboard_only_search_and_navigation(page):
    page.goto("/")
    tab_until(page, "document.activeElement && document.activeElement.id === 'q'", "the search box", limit=12)
    page.keyboard.type("who commissions short breaks?")
    page.keyboard.press("Enter")
    expect(page.locator("li.answer").first).to_be_visible(timeout=TIMEOUT)
    # Tab on from the box to the first answer's link, and open it with Enter
    tab_until(page, "document.activeElement.closest('li.answer h3') !== null", "the first answer", limit=20)
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(href.split("#")[0])))
    expect(page.locator("h1")).to_be_visible()


def test_search_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server)
    try:
        pg = context.new_page()
        pg.goto("/")
        pg.get_by_label("Your question").fill(QUESTION)
        pg.get_by_label("Your question").press("Enter")
        pg.wait_for_url(re.compile(r"q=who"))
        expect(pg.locator("li.answer").first).to_be_visible(timeout=TIMEOUT)
    finally:
        context.close()


def test_phone_width_has_no_sideways_scroll(browser, live_server, shot):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server, is_mobile=True
    )
    try:
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto("/?q=" + QUESTION.replace(" ", "+"))
        expect(pg.locator("li.answer").first).to_be_visible(timeout=TIMEOUT)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 391
        shot(pg, "search-phone")
        pg.goto("/entity/org/bedfordshire-primary-care-trust")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 391
        shot(pg, "entity-phone")
        pg.goto("/entity/doc/reading-cyp-interim-commissioning-strategy-2016-17")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 391
        assert errors == []
    finally:
        context.close()


def test_entity_map_draws(page, live_server, shot):
    """The entity page's neighbourhood map draws what /api/graph gives for its focus (the map
    API is part of the app: a page that fails to draw it fails here)."""
    focus = "https://w3id.org/ckg/id/org/reading-borough-council"
    api = requests.get(live_server + "/api/graph", params={"focus": focus, "depth": 1}, timeout=30)
    assert api.status_code == 200
    nodes = {n["id"] for n in api.json()["nodes"]}
    assert focus in nodes and len(nodes) > 1
    page.goto("/entity/org/reading-borough-council")
    box = page.locator("#entity-map")
    expect(box).to_be_visible(timeout=15_000)
    expect(box.locator("canvas").first).to_be_attached()
    drawn = page.evaluate("() => window.ckgEntityMap.cy.nodes().map((n) => n.id())")
    assert set(drawn) == nodes
    expect(page.locator("#relations-h")).to_be_visible()  # the lists stay beside the drawing
    shot(page, "entity-map")


def test_documents_list_and_document_page(page, shot):
    page.goto("/entity/documents")
    cards = page.locator("ul.documents > li")
    expect(cards).to_have_count(5)
    cards.first.locator("h2 a").click()
    page.wait_for_load_state()
    expect(page.locator("#text-h")).to_be_visible()
    assert page.locator(".doc-text .passage").count() > 100
    shot(page, "document", full_page=False)
