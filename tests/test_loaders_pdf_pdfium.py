"""The PDFium reader (``pdf_engine = pdfium``, the default) on PDFs drawn with reportlab here.

What it must keep from the pdfplumber reader it replaced: characters where the page shows
them (top measured from the top, pdfminer's box), headings by font size, two columns read
one after the other, ruled tables found from the page's own ruling lines, running
headers and footers dropped, the offset invariant, and the one-line errors. The last test
loads the same generated report with both readers and wants the same blocks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_loaders_pdf import make_report

from ckg.errors import LoadError
from ckg.loaders.pdf_grid import grid_tables
from ckg.loaders.pdf_layout import chars_words, dedupe
from ckg.loaders.pdf_pdfium import PdfiumDocument
from ckg.loaders.registry import load_file
from ckg.loaders.structure import StructuredDocument
from ckg.settings import Settings

A4_H = 841.8897637795277
BODY = "Foster carers in the county look after children who cannot live at home for a while. "


def _load(path: Path, engine: str = "pdfium") -> StructuredDocument:
    doc = load_file(path, Settings.from_env(pdf_engine=engine))
    doc.validate()
    for b in doc.blocks:  # the offset invariant, for blocks and table cells
        assert doc.text[b.start : b.end] == b.text
        for c in b.cells or ():
            assert doc.text[c.start : c.end] == c.text
    return doc


def _canvas_pdf(path: Path, draw) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    draw(c)
    c.save()
    return path


@pytest.fixture(scope="module")
def grid_report(tmp_path_factory) -> Path:
    return make_report(tmp_path_factory.mktemp("pdfium") / "grid.pdf", grid=True)


def test_characters_are_placed_as_the_page_shows_them(tmp_path):
    def draw(c):
        c.setFont("Helvetica-Bold", 20)
        c.drawString(100, 700, "Short")
        c.setFont("Helvetica", 10)
        c.drawString(300, 100, "breaks")

    path = _canvas_pdf(tmp_path / "place.pdf", draw)
    with PdfiumDocument(path.read_bytes(), str(path)) as doc:
        page = next(doc.iter_pages())
    assert page is not None and page.number == 1
    assert abs(page.height - A4_H) < 0.01
    words = {w.text: w for w in chars_words(dedupe(page.chars))}
    short, breaks = words["Short"], words["breaks"]
    # pdfminer's box: from the font's descent (about a fifth of an em below the baseline) up
    # by the font size, in points from the top of the page
    assert abs(short.x0 - 100) < 0.01 and short.size == 20
    assert 0.15 * 20 < short.bottom - (A4_H - 700) < 0.25 * 20
    assert abs(short.top - (short.bottom - 20)) < 0.01
    import pdfplumber

    with pdfplumber.open(path) as pl:
        ref = {w["text"]: w for w in pl.pages[0].extract_words()}
    for w in (short, breaks):  # where pdfplumber put them (base-14 font metrics differ a little)
        assert abs(w.x0 - ref[w.text]["x0"]) < 0.05 and abs(w.x1 - ref[w.text]["x1"]) < 0.05
        assert abs(w.top - ref[w.text]["top"]) < 0.5 and abs(w.bottom - ref[w.text]["bottom"]) < 0.5
    assert short.bold and not breaks.bold
    assert breaks.top > short.bottom  # "breaks" is lower on the page: larger top
    assert breaks.size == 10 and abs(breaks.x0 - 300) < 0.01


def test_heading_by_font_size_alone(tmp_path):
    def draw(c):
        y = 760
        c.setFont("Helvetica", 16)
        c.drawString(72, y, "Short breaks for disabled children")
        c.setFont("Helvetica", 10)
        for k in range(12):
            y -= 13
            c.drawString(72, y, (BODY * 2)[k * 7 : k * 7 + 85])

    doc = _load(_canvas_pdf(tmp_path / "head.pdf", draw))
    heads = [b.text for b in doc.blocks if b.kind in ("heading", "title")]
    assert heads and heads[0] == "Short breaks for disabled children"
    assert any(b.kind == "paragraph" for b in doc.blocks)


def test_ruled_table_found_from_the_pages_own_rules(grid_report, tmp_path):
    with PdfiumDocument(grid_report.read_bytes(), "grid.pdf") as doc:
        pages = [p for p in doc.iter_pages() if p is not None]
    tables = [t for p in pages for t in grid_tables(p.edges, p.rule_shapes, dedupe(p.chars))]
    assert [rows for _, rows in tables] == [
        [
            ["Service", "Provider", "Budget"],
            ["CAMHS Tier 3", "Sussex Partnership Trust", "£2,827,361"],
            ["Early Help Hubs", "Northshire County Council", "£1,250,000"],
            ["Youth Offending Service", "Northshire County Council", "£640,500"],
        ]
    ]
    # without rules there is nothing for the grid finder (the gap reader takes that table)
    plain = make_report(tmp_path / "plain.pdf")
    with PdfiumDocument(plain.read_bytes(), "plain.pdf") as doc:
        assert not [t for p in doc.iter_pages() for t in grid_tables(p.edges, p.rule_shapes, p.chars)]
    doc = _load(grid_report)
    rows = [[c.text for c in b.cells] for b in doc.blocks if b.kind == "table_row"]
    assert rows[1] == ["CAMHS Tier 3", "Sussex Partnership Trust", "£2,827,361"]


def test_running_header_and_footer_dropped_email_kept_once(grid_report):
    doc = _load(grid_report)
    assert "Page 2 of 4" not in doc.text and "Commissioning Strategy 2024-2027" not in doc.text
    assert doc.text.count("commissioning@northshire.example.gov.uk") == 1
    assert doc.metadata["pages"] == "4" and doc.metadata["author"] == "Northshire County Council"


def test_password_protected_pdf_is_a_load_error(tmp_path):
    path = make_report(tmp_path / "locked.pdf", encrypt="secret")
    with pytest.raises(LoadError) as err:
        _load(path)
    assert err.value.reason == "encrypted PDF (password protected)"


def test_owner_password_only_pdf_opens(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = make_report(tmp_path / "owner.pdf", encrypt=StandardEncryption("", ownerPassword="owner"))
    doc = _load(path)
    assert doc.title == "Northshire Children and Young People's Commissioning Strategy"


def test_truncated_pdf_is_a_one_line_load_error(grid_report, tmp_path):
    data = grid_report.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 3] + b"\n%%EOF\n")
    try:
        doc = _load(cut)  # PDFium may rebuild what it can read of a cut file ...
        assert doc.text.strip()
    except LoadError as exc:  # ... or say in one line why not
        assert "\n" not in exc.reason and "PDF" in exc.reason


def test_unknown_engine_is_a_load_error(grid_report):
    with pytest.raises(LoadError, match="unknown PDF engine"):
        _load(grid_report, engine="mupdf")


@pytest.mark.parametrize("grid", [False, True])
def test_both_readers_give_the_same_blocks(tmp_path, grid):
    path = make_report(tmp_path / "same.pdf", grid=grid)
    new, old = _load(path, "pdfium"), _load(path, "pdfplumber")
    assert [(b.kind, b.text, b.page) for b in new.blocks] == [(b.kind, b.text, b.page) for b in old.blocks]
    assert new.title == old.title and new.metadata == old.metadata


def test_smallest_cells_agree_with_pdfplumbers(grid_report):
    from pdfplumber import table as grid
    from pdfplumber.utils import filter_edges

    from ckg.loaders.pdf_grid import smallest_cells

    def line(x0, top, x1, bottom):
        o = "h" if top == bottom else "v"
        return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
                "orientation": o, "object_type": "line"}  # fmt: skip

    # three rows beside two split cells over a merged one, and a second one-cell table
    edges = [line(10, y, 130, y) for y in (10, 30, 50)] + [line(10, 70, 70, 70)]
    edges += [line(x, 10, x, 70) for x in (10, 70)] + [line(130, 10, 130, 50), line(100, 10, 100, 30)]
    edges += [
        line(200, 200, 260, 200),
        line(200, 230, 260, 230),
        line(200, 200, 200, 230),
        line(260, 200, 260, 230),
    ]
    with PdfiumDocument(grid_report.read_bytes(), "grid.pdf") as doc:
        real = [p.edges for p in doc.iter_pages() if p is not None and p.rule_shapes >= 4]
    assert real
    for es in [edges, *real]:
        merged = filter_edges(grid.merge_edges(filter_edges(es, min_length=1), 3, 3, 3, 3), min_length=3)
        inter = grid.edges_to_intersections(merged, 3, 3)
        assert smallest_cells(inter) == grid.intersections_to_cells(inter)
    assert len(smallest_cells(grid.edges_to_intersections(edges, 3, 3))) == 7


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_turned_pages_place_words_as_pdfplumber_does(rotation):
    import io

    import pdfplumber
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from ckg.loaders.pdf_layout import page_words

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setPageRotation(rotation)  # /Rotate: the viewer turns the page ...
    w, h = A4
    shift = {0: (0, 0), 90: (w, 0), 180: (w, h), 270: (0, h)}[rotation]
    c.translate(*shift)
    c.rotate(rotation)  # ... and the text is drawn turned too (as a landscape page in a report)
    c.setFont("Helvetica", 12)
    c.drawString(72, 100, "Short breaks for disabled children")
    c.drawString(300, 300, "Foster care")
    c.save()
    data = buf.getvalue()
    with PdfiumDocument(data, "turned.pdf") as doc:
        page = next(doc.iter_pages())
    assert page is not None
    new = sorted((w.text, w.x0, w.top) for w in chars_words(dedupe(page.chars)))
    with pdfplumber.open(io.BytesIO(data)) as pl:
        old = sorted((w.text, w.x0, w.top) for w in page_words(pl.pages[0]))
    assert len(new) == 7 and [t for t, _, _ in new] == [t for t, _, _ in old]
    for (_, x_new, top_new), (_, x_old, top_old) in zip(new, old, strict=True):
        assert abs(x_new - x_old) < 0.1 and abs(top_new - top_old) < 0.5
