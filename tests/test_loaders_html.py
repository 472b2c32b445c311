"""HTML loader: council-style pages with furniture, nested lists, tables and awkward encodings."""

from __future__ import annotations

from pathlib import Path

import pytest

from ckg.loaders.registry import load_file
from ckg.loaders.structure import StructuredDocument

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Children's Services Plan – Northshire County Council</title>
<meta name="description" content="Our plan for children">
<style>body { color: red; } .hidden { display: none }</style>
<script>var tracking = "SCRIPT-TEXT-MUST-NOT-APPEAR";</script>
</head><body>
<header class="site"><a href="/">Home</a> | Cookie banner: we use cookies</header>
<nav><ul><li>Menu item one</li><li>Menu item two</li></ul></nav>
<main><article>
<header><h1>Children's Services Plan 2024</h1></header>
<!-- a comment that must not appear -->
<p>The plan sets out <strong>five priorities</strong> for the
   next three years.</p>
<h2>Priorities</h2>
<div>Text straight inside a div.<br>Second line after a break.</div>
<ul>
  <li>Keep children safe
    <ul><li>Reduce repeat referrals</li><li>Tackle exploitation</li></ul>
  </li>
  <li>Improve <em>emotional</em> health</li>
</ul>
<ol start="3" type="a"><li>Third, lettered</li><li>Fourth, lettered</li></ol>
<h3>Funding</h3>
<table>
  <caption>Table 1: Budget</caption>
  <thead><tr><th>Service</th><th>Budget</th></tr></thead>
  <tbody><tr><td>CAMHS</td><td>£2,827,361</td></tr>
  <tr><td colspan="2">Total to be advised</td></tr>
  <tr><td>Nested</td><td><table><tr><td>inner a</td><td>inner b</td></tr></table></td></tr></tbody>
</table>
<noscript>Please enable JavaScript</noscript>
<aside>Related pages sidebar</aside>
</article></main>
<footer>Copyright Northshire County Council</footer>
</body></html>
"""


@pytest.fixture(scope="module")
def doc(tmp_path_factory) -> StructuredDocument:
    path = tmp_path_factory.mktemp("html") / "plan.html"
    path.write_text(PAGE, encoding="utf-8")
    d = load_file(path)
    d.validate()
    return d


def test_title_and_metadata(doc):
    assert doc.title == "Children's Services Plan – Northshire County Council"
    assert doc.metadata["description"] == "Our plan for children"
    assert doc.metadata["language"] == "en-GB"
    assert doc.media_type == "text/html"


def test_furniture_scripts_and_comments_absent(doc):
    for junk in (
        "SCRIPT-TEXT",
        "color: red",
        "Cookie banner",
        "Menu item",
        "comment that",
        "enable JavaScript",
        "sidebar",
        "Copyright",
    ):
        assert junk not in doc.text
    assert "<" not in doc.text and ">" not in doc.text


def test_headings_paragraphs_and_sections(doc):
    heads = [(b.text, b.level) for b in doc.blocks if b.kind == "heading"]
    assert heads == [("Children's Services Plan 2024", 1), ("Priorities", 2), ("Funding", 3)]
    p = next(b for b in doc.blocks if b.text.startswith("The plan"))
    assert p.text == "The plan sets out five priorities for the next three years."
    div = next(b for b in doc.blocks if b.text.startswith("Text straight"))
    assert div.text == "Text straight inside a div.\nSecond line after a break."
    assert div.section == ("Children's Services Plan 2024", "Priorities")


def test_nested_and_ordered_lists(doc):
    items = [(b.text, b.level, b.marker) for b in doc.blocks if b.kind == "list_item"]
    assert items == [
        ("Keep children safe", 0, "•"),
        ("Reduce repeat referrals", 1, "•"),
        ("Tackle exploitation", 1, "•"),
        ("Improve emotional health", 0, "•"),
        ("Third, lettered", 0, "c."),
        ("Fourth, lettered", 0, "d."),
    ]


def test_table_rows(doc):
    rows = [[c.text for c in b.cells] for b in doc.blocks if b.kind == "table_row"]
    assert rows == [
        ["Service", "Budget"],
        ["CAMHS", "£2,827,361"],
        ["Total to be advised"],
        ["Nested", "inner a inner b"],
    ]
    caption = next(b for b in doc.blocks if b.text == "Table 1: Budget")
    assert caption.kind == "paragraph"
    row = next(b for b in doc.blocks if b.kind == "table_row")
    assert row.section == ("Children's Services Plan 2024", "Priorities", "Funding")


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>T</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    "head, encoding",
    [
        ('<meta charset="iso-8859-1">', "cp1252"),  # declared Latin-1, really Windows-1252 (curly quotes)
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', "cp1252"),
        ("", "cp1252"),  # no declaration at all
        ('<meta charset="utf-8">', "cp1252"),  # a wrong declaration
        ('<meta charset="utf-8">', "utf-8"),
    ],
)
def test_charsets(tmp_path, head, encoding):
    path = tmp_path / "p.htm"
    path.write_bytes(_page("Budget of £3.8 million – ‘nearly’ agreed", head).encode(encoding))
    doc = load_file(path)
    assert doc.blocks[0].text == "Budget of £3.8 million – ‘nearly’ agreed"


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "p.html"
    path.write_bytes(_page("Café £5").encode("utf-16"))
    assert load_file(path).blocks[0].text == "Café £5"


def test_xml_declaration_is_tolerated(tmp_path):
    path = tmp_path / "x.html"
    path.write_bytes(('<?xml version="1.0" encoding="utf-8"?>\n' + _page("Hello £1")).encode())
    assert load_file(path).blocks[0].text == "Hello £1"


def test_title_falls_back_to_first_heading(tmp_path):
    path = Path(tmp_path / "t.html")
    path.write_text("<html><body><h1>Youth Justice Plan</h1><p>Text.</p></body></html>", encoding="utf-8")
    assert load_file(path).title == "Youth Justice Plan"
