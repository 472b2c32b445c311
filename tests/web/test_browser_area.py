"""The area page in Debian's Chromium against the real server, at desktop and phone widths:
the key-documents table, a body's items, the contacts, the "as of" year by keyboard alone,
and a phone layout that needs no sideways scrolling. Screenshots: test-artifacts/web-area-*.png."""

from __future__ import annotations

import pytest
from ckgtest import tab_until
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_area_page_at_desktop_width(page, shot):
    page.goto("/area")
    page.get_by_role("link", name="Oxfordshire").click()
    page.wait_for_load_state()
    assert page.url.endswith("/area/oxfordshire")
    expect(page.locator("h1")).to_have_text("Who commissions what in Oxfordshire")
    docs = page.locator("table.area-docs tbody tr")
    assert docs.count() >= 10
    first = docs.first
    expect(first.locator("th a").first).to_be_visible()
    assert first.locator("td").nth(0).inner_text().strip()  # an owner
    # a row of Table 2 with its themes numbered in order
    ccg = page.locator("table.area-docs tbody tr", has_text="CCG strategy")
    expect(ccg.locator("ol.themes li").first).to_have_text("Primary care source")
    expect(page.locator("section.body.card").first).to_be_visible()
    contact = page.locator("table.area-contacts tbody tr", has_text="Rachel Coney")
    expect(contact.get_by_role("link", name="hello@healthwatchoxfordshire.co.uk")).to_be_visible()
    shot(page, "area-desktop", full_page=False)
    # a theme's "source" opens the sentence it was read from
    ccg.locator("ol.themes a.evidence").first.click()
    page.wait_for_load_state()
    assert "/entity/doc/oxfordshire-cultural-commissioning-cyp-2015#p-" in page.url
    expect(page.locator(f"[id='{page.url.split('#', 1)[1]}']")).to_be_in_viewport()


def test_as_of_a_year_by_keyboard_alone(page):
    page.goto("/area/oxfordshire")
    tab_until(
        page, "document.activeElement && document.activeElement.id === 'as-of'", "the 'As of year' field"
    )
    page.keyboard.type("2011")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "as_of=2011" in page.url
    expect(page.locator("header p.muted").first).to_contain_text("as the area stood in 2011")
    titles = page.locator("table.area-docs tbody th").all_inner_texts()
    assert not any("2015-2018" in t for t in titles)


def test_area_page_at_phone_width(browser, live_server, shot):
    context = browser.new_context(viewport=PHONE, base_url=live_server, is_mobile=True)
    page = context.new_page()
    try:
        page.goto("/area/oxfordshire")
        expect(page.locator("h1")).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the page scrolls sideways by {overflow}px at phone width"
        row = page.locator("table.area-docs tbody tr").first
        assert row.evaluate("el => getComputedStyle(el).display") == "block"  # one card per row
        label = row.locator("td").first.evaluate("el => getComputedStyle(el, '::before').content")
        assert "Owner" in label
        expect(page.locator("table.area-docs thead")).not_to_be_in_viewport()
        shot(page, "area-phone", full_page=False)
    finally:
        context.close()
