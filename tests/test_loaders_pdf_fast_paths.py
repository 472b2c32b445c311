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
