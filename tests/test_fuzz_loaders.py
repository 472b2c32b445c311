"""Fuzzing the HTML, text and Word loaders, and what a build does next with their output.

Whatever the bytes, ``load_file`` either returns a document that keeps its offset invariant
or raises ``LoadError`` (one line); and a document it returns goes through extraction and
RDF without an exception, because any other exception there would end ``ckg build`` with a
traceback. Inputs are mutations of realistic council documents (tags, tables, lists, money,
entities, encodings), token soups from their vocabulary, and hypothesis's own text, which
includes control characters, NULs, lone surrogates' neighbours, and right-to-left marks.
(PDF and random-bytes fuzzing is in test_loaders_bad_input.py.)
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ckg.errors import LoadError
from ckg.graph.rdf_builder import build_document_graph
from ckg.loaders.extract.pipeline import extract, pipeline_version
from ckg.loaders.registry import load_file

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Northshire Children's Commissioning Plan 2021&ndash;2024</title>
<meta name="author" content="Northshire County Council"><script>var x = "<p>not text</p>";</script>
<style>p { color: red }</style></head><body><nav><a href="/">Home</a></nav>
<main><h1>Northshire Children&#39;s Commissioning Plan</h1>
<p>The <b>Northshire Clinical Commissioning Group</b> funds CAMHS with &pound;1.2m a year.</p>
<h2>1. Priorities</h2><ol><li>Reduce child poverty<ul><li>Free school meals</li></ul></li>
<li>Improve attendance &amp; attainment</li></ol>
<table><tr><th>Funder</th><th>Service</th><th>2021/22</th></tr>
<tr><td>PCT</td><td>Short breaks</td><td>£300,000</td></tr>
<tr><td colspan="2">Youth Service</td><td>To be advised</td></tr></table>
<h3>Contact</h3><address>Jo Bloggs, Head of Commissioning, 01234 567890,
<a href="mailto:jo@example.gov.uk">jo@example.gov.uk</a></address></main>
<footer>&copy; Northshire</footer></body></html>
"""
TEXT = """# Southshire Youth Justice Plan 2019 - 2021

Prepared by the Southshire Youth Offending Partnership (YOP).

## 2. Our priorities

1. Reduce first-time entrants.
2) Cut re-offending by 10% by 2021;
- > Health – CAMHS\t£250,000
• Early help\t£1,100,000\tTo be advised

| Funder | Amount |
|---|---|
| Southshire Council | £2.9 million |

For further information contact **Sam Smith**, Service Manager, Telephone: 01234 567 890,
Email: sam.smith@southshire.gov.uk
"""
TOKENS = [
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<h1>",
    "</h2>",
    "<li>",
    "<ul>",
    "</ol>",
    "<table>",
    "<tr>",
    "<td>",
    "</td>",
    "<th colspan=99999>",
    "<br/>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?xml version='1.0' encoding='utf-16'?>",
    '<meta charset="shift_jis">',
    '<meta charset="no-such-codec">',
    "&pound;",
    "&#0;",
    "&#x110000;",
    "&#xD800;",
    "&amp",
    "\x00",
    "\x1b[31m",
    "\r",
    "\r\n",
    "\t",
    "\u2028",
    "\u202e",
    "\ufeff",
    "£",
    "€",
    "–",
    "£1.2m",
    "£",
    "1,000,000,000,000,000,000",
    "# ",
    "## ",
    "1. ",
    "a) ",
    "- > ",
    "• ",
    "| a | b |",
    "|---|",
    "**",
    "_",
    "Council",
    "PCT",
    "CAMHS",
    "funds",
    "commissions",
    "Telephone: ",
    "Email: x@y",
    "2019-2021",
    "\n",
    "\n\n",
    " ",
]


def _check(path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        doc = load_file(path)
    except LoadError as e:
        assert "\n" not in str(e) and e.reason
        return
    doc.validate()
    extraction = extract(doc)
    build_document_graph(doc, extraction, pipeline_version())


def _mutate(base: str, edits: list[tuple[float, int, str]]) -> str:
    text = base
    for where, cut, insert in edits:
        i = int(where * len(text))
        text = text[:i] + insert + text[i + cut :]
    return text


EDITS = st.lists(
    st.tuples(
        st.floats(0, 1),
        st.integers(0, 40),
        st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)),
    ),
    min_size=1,
    max_size=8,
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"])


@FUZZ
@given(edits=EDITS, encoding=ENCODINGS)
def test_mutated_html(tmp_path_factory, edits, encoding):
    text = _mutate(HTML, edits)
    _check(tmp_path_factory.mktemp("h") / "page.html", text.encode(encoding, errors="replace"))


@FUZZ
@given(soup=st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=200))
@example(soup=["<div>"] * 5000 + ["deep"])  # nesting deeper than the parser's default limits
@example(soup=["<table>", "<tr>"] + ["<td>£1</td>"] * 3000)
def test_html_token_soup(tmp_path_factory, soup):
    _check(tmp_path_factory.mktemp("h") / "soup.htm", "".join(soup).encode("utf-8", errors="replace"))


@FUZZ
@given(edits=EDITS, encoding=ENCODINGS, suffix=st.sampled_from([".txt", ".md"]))
def test_mutated_text_and_markdown(tmp_path_factory, edits, encoding, suffix):
    text = _mutate(TEXT, edits)
    _check(tmp_path_factory.mktemp("t") / f"plan{suffix}", text.encode(encoding, errors="replace"))


@FUZZ
@given(lines=st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=30)), max_size=120))
@example(lines=["- " * 2000 + "x"])
@example(lines=["\t" * 5000 + "£5"])
@example(lines=["# " + "x" * 200_000])
def test_text_token_soup(tmp_path_factory, lines):
    _check(tmp_path_factory.mktemp("t") / "soup.txt", "\n".join(lines).encode("utf-8", errors="replace"))


_XML_SAFE = st.characters(exclude_categories=("Cs", "Cc"))


@FUZZ
@given(
    blocks=st.lists(
        st.tuples(
            st.sampled_from(
                ["Title", "Heading 1", "Heading 3", "List Bullet", "List Number", "Normal", "table"]
            ),
            st.text(alphabet=_XML_SAFE, max_size=60),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_generated_word_documents(tmp_path_factory, blocks):
    """Valid .docx files with hostile content: every style, tables of odd text, any characters."""
    import docx

    d = docx.Document()
    for style, text in blocks:
        if style == "table":
            t = d.add_table(rows=2, cols=3)
            for cell in t._cells:
                cell.text = text
        else:
            d.add_paragraph(text, style=style)
    buf = io.BytesIO()
    d.save(buf)
    _check(tmp_path_factory.mktemp("d") / "generated.docx", buf.getvalue())


@pytest.mark.parametrize("depth", [200, 3000])
def test_deeply_nested_lists_in_html(tmp_path, depth):
    _check(tmp_path / "nested.html", ("<ul><li>item " * depth + "</li></ul>" * depth).encode())
