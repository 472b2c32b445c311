"""The map as a table, in Debian's Chromium over the real server: the toggle (by mouse and by
keyboard alone), the tables holding exactly the nodes and links the drawing holds through a
filter change and an expansion, links to entity pages and evidence, ``?view=table`` in the
address, and a phone width. Screenshots go to test-artifacts/web-map-table-*.png."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from ckgtest import tab_until
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

CKGID = "https://w3id.org/ckg/id/"
SAFEGUARDING = CKGID + "topic/safeguarding"
READING = CKGID + "org/reading-borough-council"
LOADED = re.compile(r"^Showing \d+ nodes")

# What the drawing holds, read from Cytoscape itself: node ids, and edges as (from, label, to).
CY_NODES = "() => window.ckgMap.cy.nodes(':visible').map((n) => n.id())"
CY_EDGES = (
    "() => window.ckgMap.cy.edges(':visible').map((e) => [e.source().id(), e.data('label'), e.target().id()])"
)
# The same read from the tables: a node row's id and its link; a link row's two ends and verb.
TABLE_NODES = """() => [...document.querySelectorAll('#map-table-nodes-body tr')].map((tr) =>
  [tr.dataset.id, tr.querySelector('th[scope=row] a').getAttribute('href'), tr.cells[1].textContent])"""
TABLE_EDGES = """() => [...document.querySelectorAll('#map-table-edges-body tr')].map((tr) =>
  [tr.dataset.id, tr.cells[0].querySelector('a').textContent, tr.cells[1].textContent,
   tr.cells[2].querySelector('a').textContent])"""


def open_map(page: Page, path: str = "/graph") -> None:
    page.goto(path)
    expect(page.locator("#map-status")).to_have_text(LOADED, timeout=30_000)


def assert_table_matches_map(page: Page) -> tuple[int, int]:
    """The tables' rows are the drawing's nodes and edges, one for one; (nodes, edges)."""
    nodes = set(page.evaluate(CY_NODES))
    edges = page.evaluate(CY_EDGES)
    rows = page.evaluate(TABLE_NODES)
    assert len(rows) == len(nodes) and {r[0] for r in rows} == nodes
    assert all(href.startswith("/entity/") for _, href, _ in rows)
    labels = dict(page.evaluate("() => window.ckgMap.cy.nodes().map((n) => [n.id(), n.data('label')])"))
    edge_ids = set(page.evaluate("() => window.ckgMap.cy.edges(':visible').map((e) => e.id())"))
    table_edges = page.evaluate(TABLE_EDGES)
    assert len(table_edges) == len(edges) and {r[0] for r in table_edges} == edge_ids
    drawn = sorted((labels[s], verb, labels[t]) for s, verb, t in edges)
    assert sorted((a, verb, b) for _, a, verb, b in table_edges) == drawn
    expect(page.locator("#map-table-nodes-caption")).to_have_text(f"Nodes in view ({len(nodes)})")
    expect(page.locator("#map-table-edges-caption")).to_have_text(f"Links in view ({len(edges)})")
    return len(nodes), len(edges)


def test_toggle_to_the_table_then_filter(page, shot):
    open_map(page)
    table = page.locator("#map-table")
    expect(table).to_be_hidden()
    as_table = page.get_by_role("button", name="Table")
    expect(as_table).to_have_attribute("aria-pressed", "false")
    as_table.click()
    expect(as_table).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Map")).to_have_attribute("aria-pressed", "false")
    expect(table).to_be_visible()
    expect(page.locator("#cy")).to_be_hidden()  # visibility: hidden, still laid out beneath
    assert parse_qs(urlparse(page.url).query)["view"] == ["table"]
    before = assert_table_matches_map(page)
    assert before[0] > 0 and before[1] > 0
    # the tables are real tables: a caption, column and row headers
    headers = page.locator("#map-table table").first.locator("thead th")
    expect(headers).to_have_text(["Name", "Kind", "Area", "Documents"])
    for th in headers.all():
        expect(th).to_have_attribute("scope", "col")

    # a filter changes both the drawing and the table, in step
    page.select_option("#map-topic", SAFEGUARDING)
    expect(page).to_have_url(re.compile(r"topic="))
    expect(page.locator("#map-status")).to_have_text(LOADED)
    expect(page.locator("#map-table-nodes-caption")).not_to_have_text(f"Nodes in view ({before[0]})")
    after = assert_table_matches_map(page)
    assert after != before
    assert parse_qs(urlparse(page.url).query)["view"] == ["table"]  # the filter kept the table
    shot(page, "map-table", full_page=False)

    # back to the map: the drawing shows again with the same elements
    page.get_by_role("button", name="Map").click()
    expect(page.locator("#cy")).to_be_visible()
    expect(table).to_be_hidden()
    assert "view" not in parse_qs(urlparse(page.url).query)
    assert len(page.evaluate(CY_NODES)) == after[0]


def test_added_neighbours_appear_in_the_table(page):
    """Not only filters: nodes added in the map (a node's neighbours) are rows too."""
    open_map(page, f"/graph?focus={READING}&depth=0")
    assert page.evaluate(CY_NODES) == [READING]
    page.evaluate(f"() => window.ckgMap.cy.getElementById('{READING}').emit('tap')")
    page.get_by_role("button", name="Show its neighbours").click()
    expect(page.locator("#map-status")).to_contain_text("Added")
    page.get_by_role("button", name="Table").click()
    nodes, edges = assert_table_matches_map(page)
    assert nodes > 1 and edges > 0


def test_view_table_in_the_address_and_links_to_entity_pages(page, live_server):
    open_map(page, f"/graph?topic={SAFEGUARDING}&view=table")
    expect(page.locator("#map-table")).to_be_visible()
    expect(page.get_by_role("button", name="Table")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#map-topic")).to_have_value(SAFEGUARDING)
    assert_table_matches_map(page)
    # evidence links go to the passage in its document
    evidence = page.locator("#map-table-edges-body td:nth-child(4) a").first
    href = evidence.get_attribute("href")
    assert href and re.match(r"^/entity/doc/[^#]+#p-\d+-\d+$", href)
    # a node's name opens its page
    first = page.locator("#map-table-nodes-body th[scope=row] a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/entity/"))
    expect(page.locator("h1")).to_have_text(name)


def test_the_toggle_by_keyboard_alone(page):
    open_map(page)
    tab_until(page, "document.activeElement.id === 'map-as-map'", "the Map | Table toggle", limit=30)
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused toggle shows its focus"
    page.keyboard.press("Tab")
    expect(page.locator("#map-as-table")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#map-as-table")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#map-table")).to_be_visible()
    # Tab goes on into the table: the node table's scroll region, then its first link
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    expect(page.locator("#map-as-map")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#map-table")).to_be_hidden()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.locator("#map-table")).to_be_visible()
    tab_until(page, "!!document.activeElement.closest('#map-table-nodes-body a')", "the table's links")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(href)))


def test_phone_width(page, shot):
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page, "/graph?view=table")
    expect(page.locator("#map-table")).to_be_visible()
    nodes, edges = assert_table_matches_map(page)
    assert 0 < nodes <= 60 and edges > 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    shot(page, "map-table-phone", full_page=False)
    # a filter at phone width (the filters are folded away there)
    page.locator("#map-filters-box summary").click()
    page.select_option("#map-topic", SAFEGUARDING)
    expect(page).to_have_url(re.compile(r"topic="))
    expect(page.locator("#map-status")).to_have_text(LOADED)
    expect(page.locator("#map-table-nodes-caption")).not_to_have_text(f"Nodes in view ({nodes})")
    assert_table_matches_map(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
