"""The PDFium reader's shortcuts give what the plain way gives, on PDFs drawn here.

Each shortcut (``pdf_rules`` reading a path's segments from PDFium's array, ...) exists only
for speed, so each test reads a generated page both ways and wants the same result.
"""

from __future__ import annotations

import ctypes
import struct
from pathlib import Path

import pytest

from ckg.loaders import pdf_rules
from ckg.loaders.pdf_pdfium import PdfiumDocument, _display_transform
from ckg.loaders.pdfium_calls import address, fast, raw


def _canvas_pdf(path: Path, draw) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    draw(c)
    c.showPage()
    c.save()
    return path


def _shapes(c) -> None:
    """Rules and shapes of every kind a path can have: lines, rectangles, a figure of two
    subpaths, a closed triangle, a curve, a table grid, and the same grid turned."""
    c.setFont("Helvetica", 10)
    c.drawString(72, 800, "Rules and shapes")
    for y in (700, 680, 660, 640):
        c.line(72, y, 400, y)
    for x in (72, 200, 400):
        c.line(x, 640, x, 700)
    c.rect(72, 500, 150, 40, stroke=1, fill=0)
    c.rect(250, 500, 150, 40, stroke=0, fill=1)
    p = c.beginPath()
    p.moveTo(72, 450)
    p.lineTo(300, 450)
    p.moveTo(72, 430)
    p.lineTo(300, 430)
    c.drawPath(p)
    p = c.beginPath()
    p.moveTo(72, 380)
    p.lineTo(150, 380)
    p.lineTo(110, 420)
    p.close()
    c.drawPath(p, fill=1)
    c.bezier(72, 300, 120, 350, 200, 250, 300, 300)
    c.saveState()
    c.translate(400, 200)
    c.rotate(90)
    for y in (0, 20, 40):
        c.line(0, y, 100, y)
    c.restoreState()


@pytest.fixture(scope="module")
def shapes_pdf(tmp_path_factory) -> Path:
    return _canvas_pdf(tmp_path_factory.mktemp("fast") / "shapes.pdf", _shapes)


def _path_objects(r, page) -> list[tuple[int, int]]:
    get_object = fast(r, "FPDFPage_GetObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
    count = fast(r, "FPDFPath_CountSegments", ctypes.c_int, ctypes.c_void_p)
    objs = [get_object(address(page), k) for k in range(r.FPDFPage_CountObjects(page))]
    return [(o, count(o)) for o in objs if count(o) > 0]


def test_path_segments_from_the_array_are_pdfiums_own(shapes_pdf):
    r = raw()
    with PdfiumDocument(shapes_pdf.read_bytes(), "shapes.pdf") as doc:
        page = r.FPDF_LoadPage(doc._doc, 0)
        try:
            paths = _path_objects(r, page)
            reader = pdf_rules._Reader(r)
            kinds = set()
            for obj, nseg in paths:
                by_calls = reader.by_calls(obj, nseg)
                first = fast(r, "FPDFPath_GetPathSegment", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
                    obj, 0
                )
                assert pdf_rules._from_array(first, nseg) == by_calls
                kinds.update(kind for _, _, kind, _ in by_calls)
        finally:
            r.FPDF_ClosePage(page)
    # moveto, lineto and bezierto all seen, and a closed figure among them
    assert len(paths) >= 10 and kinds == {
        r.FPDF_SEGMENT_MOVETO,
        r.FPDF_SEGMENT_LINETO,
        r.FPDF_SEGMENT_BEZIERTO,
    }


def _edges(path: Path) -> tuple[list[dict], int]:
    r = raw()
    with PdfiumDocument(path.read_bytes(), path.name) as doc:
        page = r.FPDF_LoadPage(doc._doc, 0)
        try:
            to_display, _, _, linear = _display_transform(r, page)
            return pdf_rules.page_edges(r, page, to_display, linear == (1.0, 0.0, 0.0, 1.0))
        finally:
            r.FPDF_ClosePage(page)


def test_page_edges_the_same_with_and_without_the_array(shapes_pdf, monkeypatch):
    fast_edges, fast_shapes = _edges(shapes_pdf)
    with PdfiumDocument(shapes_pdf.read_bytes(), "shapes.pdf") as doc:
        page = next(doc.iter_pages())  # asks only objects the text reader did not meet
    assert page is not None and (page.edges, page.rule_shapes) == (fast_edges, fast_shapes)
    assert pdf_rules._array_state["checked"] == pdf_rules._CHECKS and pdf_rules._array_state["usable"]
    monkeypatch.setitem(pdf_rules._array_state, "usable", False)
    slow_edges, slow_shapes = _edges(shapes_pdf)
    assert (fast_edges, fast_shapes) == (slow_edges, slow_shapes)
    # seven grid lines, two rectangles, two lines of one path, three turned lines
    assert fast_shapes >= 14
    horizontal = sorted(round(e["top"], 1) for e in fast_edges if e["orientation"] == "h" and e["x0"] < 73)
    assert len(horizontal) >= 8


def test_an_array_that_disagrees_is_not_used(shapes_pdf, monkeypatch):
    """If PDFium's array ever stops holding (x, y, type, close) as checked, the calls are used."""
    monkeypatch.setitem(pdf_rules._array_state, "checked", 0)
    monkeypatch.setitem(pdf_rules._array_state, "usable", True)
    monkeypatch.setattr(pdf_rules, "_POINT", struct.Struct("=ffxxBB"))  # a wrong layout
    edges, shapes = _edges(shapes_pdf)
    assert not pdf_rules._array_state["usable"]
    monkeypatch.setitem(pdf_rules._array_state, "usable", False)
    assert _edges(shapes_pdf) == (edges, shapes)


def test_words_split_as_pdfplumbers_reader_splits_them():
    """Spaces: PDFium's are kept only where the gap is narrow enough to matter (a wide gap
    splits the words anyway); a space printed over a letter joins; tight word spacing splits
    until the gap closes entirely."""
    import io

    import pdfplumber
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from ckg.loaders.pdf_layout import chars_words, dedupe, page_words

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = 780
    for spacing in (0, -1, -1.8, -2.3, 3):
        t = c.beginText(72, y)
        t.setFont("Helvetica", 10)
        t.setWordSpace(spacing)
        t.textLine("Short breaks go for it in the county")
        c.drawText(t)
        y -= 20
    c.setFont("Helvetica", 10)
    c.drawString(72, y, "Needs")
    c.drawString(75, y, " ")  # a space printed over the "e"
    c.drawString(72, y - 20, "wide")
    c.drawString(120, y - 20, "gap")
    c.save()
    data = buf.getvalue()
    with PdfiumDocument(data, "spaces.pdf") as doc:
        page = next(doc.iter_pages())
    assert page is not None
    new = [w.text for w in chars_words(dedupe(page.chars))]
    with pdfplumber.open(io.BytesIO(data)) as pl:
        old = [w.text for w in page_words(pl.pages[0])]
    assert new == old
    assert new.count("county") == 4 and "Shortbreaksgoforitinthecounty" in new
    assert new[-3:] == ["Needs", "wide", "gap"]


def _line(x0: float, top: float, x1: float, bottom: float) -> dict:
    o = "h" if top == bottom else "v"
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": o, "object_type": "line"}  # fmt: skip


def test_merge_edges_is_pdfplumbers(shapes_pdf):
    import random

    from pdfplumber import table as grid
    from pdfplumber.utils import filter_edges

    from ckg.loaders.pdf_grid import merge_edges

    def reference(edges: list[dict]) -> list[dict]:
        return filter_edges(grid.merge_edges(filter_edges(edges, min_length=1), 3, 3, 3, 3), min_length=3)

    rng = random.Random(15)
    cases = [_edges(shapes_pdf)[0], []]
    for _ in range(300):  # rules that nearly meet, overlap, chain within the tolerance, or are too short
        edges = []
        for _ in range(rng.randint(1, 30)):
            length = rng.choice([0.5, 2, 2.9, 3, 10, 40])
            if rng.random() < 0.5:
                x, top = rng.choice([10, 10.5, 12.7, 50, 52.2, 100]) + rng.random() * 0.3, rng.uniform(0, 100)
                edges.append(_line(x, top, x, top + length))
            else:
                y, x0 = rng.choice([10, 11, 13.5, 50, 53, 100]) + rng.random() * 0.3, rng.uniform(0, 100)
                edges.append(_line(x0, y, x0 + length, y))
        cases.append(edges)
    for edges in cases:
        assert merge_edges(edges) == reference(edges)
    assert merge_edges(cases[0])


def test_table_rows_keep_their_offsets_in_a_long_text():
    """A row's text is its own cells (not a slice of the whole text joined again per row)."""
    from ckg.loaders.structure import TextBuilder

    tb = TextBuilder()
    for k in range(300):
        tb.add("paragraph", f"Paragraph {k} about short breaks.")
        tb.add_row([f"Service {k}", " Provider ", f"£{k},000"])
    text = tb.text
    rows = [b for b in tb.blocks if b.kind == "table_row"]
    assert len(rows) == 300 and rows[7].text == "Service 7\tProvider\t£7,000"
    for b in tb.blocks:
        assert text[b.start : b.end] == b.text
        for c in b.cells:
            assert text[c.start : c.end] == c.text


def test_the_cycle_collector_is_left_as_it_was(shapes_pdf, tmp_path):
    """Reading pauses Python's cycle collector; after a read, good or failed, it is as before."""
    import gc

    from ckg.errors import LoadError
    from ckg.loaders.registry import load_file
    from ckg.settings import Settings

    settings = Settings.from_env(pdf_engine="pdfium")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(shapes_pdf.read_bytes()[:200] + b"\n%%EOF\n")
    assert gc.isenabled()
    try:
        assert "Rules and shapes" in load_file(shapes_pdf, settings).text
        assert gc.isenabled()
        with pytest.raises(LoadError):
            load_file(bad, settings)
        assert gc.isenabled()
        gc.disable()
        load_file(shapes_pdf, settings)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_crossings_are_pdfplumbers(shapes_pdf):
    import random

    from pdfplumber import table as grid

    from ckg.loaders.pdf_grid import crossings, merge_edges

    rng = random.Random(15)
    cases = [merge_edges(_edges(shapes_pdf)[0]), []]
    for _ in range(300):  # rules that end just within or just beyond the 3 pt tolerance of each other
        edges = []
        for _ in range(rng.randint(1, 30)):
            near = rng.choice([0, 0.1, 1e-9, 2.9999999, 3.0000001])
            start = rng.choice([0, 10, 13, 50, 97]) + rng.random()
            length = rng.choice([3, 10, 40, 2.9999999])
            if rng.random() < 0.5:
                x = rng.choice([10, 13, 16.0, 50, 53.0, 100]) + near
                edges.append(_line(x, start, x, start + length))
            else:
                y = rng.choice([10, 13, 16.0, 50, 53, 100]) + near
                edges.append(_line(start, y, start + length, y))
        cases.append(edges)
    for edges in cases:
        assert list(crossings(edges).items()) == list(grid.edges_to_intersections(edges, 3, 3).items())
    assert crossings(cases[0])


def test_cell_groups_are_pdfplumbers(shapes_pdf):
    import random

    from pdfplumber import table as grid

    from ckg.loaders.pdf_grid import cell_groups, crossings, merge_edges, smallest_cells

    rng = random.Random(15)
    cases = [smallest_cells(crossings(merge_edges(_edges(shapes_pdf)[0]))), []]
    for _ in range(300):  # cells of a few grids, touching at corners or not, in a shuffled order
        cells = []
        for _ in range(rng.randint(1, 4)):
            x, y = rng.choice([0, 30, 60, 200]), rng.choice([0, 20, 40, 300])
            for r in range(rng.randint(1, 4)):
                for c in range(rng.randint(1, 4)):
                    cells.append((x + 30 * c, y + 20 * r, x + 30 * (c + 1), y + 20 * (r + 1)))
        rng.shuffle(cells)
        # distinct cells, as smallest_cells finds them; now and then overlapping grids' twins
        cases.append(cells if rng.random() < 0.2 else list(dict.fromkeys(cells)))
    assert sum(len(set(c)) == len(c) for c in cases) > 200
    for cells in cases:
        assert cell_groups(cells) == grid.cells_to_tables(cells)
    assert cell_groups(cases[0])


def test_a_line_that_covers_the_middle_covers_every_step():
    """order_columns' shortcut for prose lines gives what counting each word's reach gives."""
    import math
    import random

    from ckg.loaders.pdf_layout import Line, Word, _blocked_steps, _covers

    rng = random.Random(15)
    shortcut = 0
    for _ in range(2000):
        lo = rng.randint(150, 250)
        hi = lo + rng.randint(20, 200)
        x, words = lo - rng.uniform(0, 60), []
        while x < hi + 60:  # gaps around 6 pt, where two words' 3 pt reaches just meet or not
            width = rng.uniform(1, 40)
            words.append(Word("w", x, x + width, 0.0, 10.0, 10.0, "Arial"))
            x += width + rng.choice([rng.uniform(0, 6.5), 5.999, 6.0, 6.001, rng.uniform(0, 30)])
        exact: set[int] = set()
        for w in words:
            a, b = max(lo, math.floor(w.x0 - 3) + 1), min(hi + 1, math.ceil(w.x1 + 3))
            exact.update(range(a + (a - lo) % 2, b, 2))
        every = set(range(lo, hi + 1, 2))
        assert _blocked_steps(Line(words, 1), lo, hi, every) == exact
        shortcut += _covers(words, lo, hi)
    assert shortcut > 100
