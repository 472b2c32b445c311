"""The commissioning map in Debian's Chromium over the real server: draw, filter, select,
find a path, export, keyboard and phone use. Screenshots go to test-artifacts/web-map-*.png."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import networkx as nx
import pytest
import requests
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

CKGID = "https://w3id.org/ckg/id/"
READING = CKGID + "org/reading-borough-council"
SAFEGUARDING = CKGID + "topic/safeguarding"
LOADED = re.compile(r"^Showing \d+ nodes")


def open_map(page: Page, path: str = "/graph") -> None:
    page.goto(path)
    expect(page.locator("#map-status")).to_have_text(LOADED, timeout=30_000)


def drawn_ids(page: Page) -> set[str]:
    return set(page.evaluate("() => window.ckgMap.cy.nodes().map((n) => n.id())"))


def click_node(page: Page, iri: str) -> None:
    """Bring the node to the middle of the canvas and click it there, as a user would."""
    pos = page.evaluate(
        """(id) => { const cy = window.ckgMap.cy; const n = cy.getElementById(id);
                     cy.zoom(1); cy.center(n); return n.renderedPosition(); }""",
        iri,
    )
    box = page.locator("#cy").bounding_box()
    assert box
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_map_draws_the_default_view(page, shot, live_server):
    open_map(page)
    ids = drawn_ids(page)
    api = requests.get(live_server + "/api/graph", timeout=30).json()
    assert ids == {n["id"] for n in api["nodes"]}
    assert 0 < len(ids) <= 150
    expect(page.locator(".map-legend")).to_contain_text("Funding lines")
    expect(page.locator("#map-topic option")).not_to_have_count(1)  # filled from the data
    shot(page, "map-default", full_page=False)


def test_filter_by_topic(page, shot, live_server):
    open_map(page)
    before = drawn_ids(page)
    page.select_option("#map-topic", SAFEGUARDING)
    expect(page).to_have_url(re.compile(r"topic="))
    expect(page.locator("#map-status")).to_have_text(LOADED)
    api = requests.get(live_server + "/api/graph", params={"topic": SAFEGUARDING}, timeout=30).json()
    expect(page.locator("#map-status")).to_contain_text(f"Showing {len(api['nodes'])} nodes")
    ids = drawn_ids(page)
    assert ids == {n["id"] for n in api["nodes"]} and ids != before
    assert query(page)["topic"] == [SAFEGUARDING]
    shot(page, "map-topic", full_page=False)
    # the address keeps the filter: reloading shows the same view with the filter chosen
    page.reload()
    expect(page.locator("#map-status")).to_have_text(LOADED, timeout=30_000)
    expect(page.locator("#map-topic")).to_have_value(SAFEGUARDING)
    assert drawn_ids(page) == ids


def test_clicking_a_node_opens_its_panel_with_evidence(page, shot):
    open_map(page)
    click_node(page, READING)
    panel = page.locator("#map-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("h2")).to_have_text("Reading Borough Council")
    expect(panel.locator(".evidence-quote").first).to_be_visible()
    expect(panel.get_by_role("link", name="Open its page →")).to_have_attribute(
        "href", "/entity/org/reading-borough-council"
    )
    assert query(page)["sel"] == [READING]
    shot(page, "map-panel", full_page=False)
    count = len(drawn_ids(page))
    panel.get_by_role("button", name="Show its neighbours").click()
    expect(page.locator("#map-status")).to_contain_text(re.compile("Added|already in view"))
    assert len(drawn_ids(page)) >= count
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()


def test_keyboard_selects_a_node_from_the_list(page):
    open_map(page)
    page.locator("#map-nodes-summary").focus()
    page.keyboard.press("Enter")  # open the list
    page.keyboard.press("Tab")
    first = page.locator("#map-node-list button").first
    expect(first).to_be_focused()
    label = first.inner_text()
    page.keyboard.press("Enter")
    expect(page.locator("#map-panel h2")).to_have_text(label)
    expect(page.locator("#map-panel")).to_be_focused()  # a screen reader lands in the panel
    selected = page.evaluate("() => window.ckgMap.cy.$(':selected').map((n) => n.data('label'))")
    assert selected == [label]
    page.keyboard.press("Escape")
    expect(page.locator("#map-panel")).to_be_hidden()
    expect(first).to_be_focused()  # and back where it was


def test_search_finds_and_selects_a_node(page):
    open_map(page)
    page.fill("#map-search-input", "reading borough council")
    page.keyboard.press("Enter")
    expect(page.locator("#map-panel h2")).to_have_text("Reading Borough Council")
    # a partial name offers the candidates; choosing one outside the view centres the map on it
    page.fill("#map-search-input", "safeguard")
    page.keyboard.press("Enter")
    choices = page.locator("#map-search-results button")
    expect(choices.first).to_be_focused()
    assert choices.count() > 1
    choice = page.locator("#map-search-results li", has_text="· Topic").locator("button").first
    label = choice.inner_text()
    choice.click()
    expect(page.locator("#map-focusbar a")).to_have_text(label)
    expect(page).to_have_url(re.compile("focus="))


def test_how_are_these_two_connected(page, shot, live_server):
    open_map(page)
    view = requests.get(live_server + "/api/graph", timeout=30).json()
    g = nx.Graph()
    g.add_edges_from((e["source"], e["target"]) for e in view["edges"])
    bodies = sorted(n["id"] for n in view["nodes"] if n["kind"] == "body")
    a, b = next((x, y) for x in bodies for y in bodies if x in g and y in g and nx.has_path(g, x, y)
                and nx.shortest_path_length(g, x, y) >= 3)  # fmt: skip
    click_node(page, a)
    page.locator("#panel-from").click()
    click_node(page, b)
    page.locator("#panel-to").click()
    page.locator("#map-path-go").click()
    steps = page.locator("#map-path-result li")
    expect(steps.first).to_be_visible()
    assert steps.count() >= 4
    on_path = page.evaluate("() => window.ckgMap.cy.$('node.path').map((n) => n.id())")
    assert a in on_path and b in on_path
    assert query(page)["from"] == [a] and query(page)["to"] == [b]
    shot(page, "map-path", full_page=False)


def test_export_png_downloads_the_picture(page, tmp_path):
    open_map(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download PNG").click()
    download = info.value
    assert download.suggested_filename == "ckg-map.png"
    target = tmp_path / "map.png"
    download.save_as(target)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_focus_view_from_the_url(page, shot):
    open_map(page, f"/graph?focus={READING}&depth=1")
    bar = page.locator("#map-focusbar")
    expect(bar).to_be_visible()
    expect(bar.locator("a")).to_have_text("Reading Borough Council")
    assert READING in drawn_ids(page)
    page.select_option("#map-depth", "2")
    expect(page).to_have_url(re.compile("depth=2"))
    expect(page.locator("#map-status")).to_have_text(LOADED)
    shot(page, "map-focus", full_page=False)
    page.get_by_role("button", name="Back to the overview").click()
    expect(bar).to_be_hidden()
    assert "focus" not in query(page)


def test_phone_width(page, shot):
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    expect(page.locator("#cy")).to_be_visible()
    assert len(drawn_ids(page)) <= 60
    shot(page, "map-phone", full_page=False)
    page.locator("#map-nodes-summary").click()
    page.locator("#map-node-list button").first.click()
    expect(page.locator("#map-panel")).to_be_visible()
    shot(page, "map-phone-panel")
