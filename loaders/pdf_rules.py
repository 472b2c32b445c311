"""A PDF page's ruling lines through PDFium: the axis-parallel straight segments of its paths.

Why a module of its own: ``pdf_tables.grid_tables`` finds ruled tables from these edges
(in pdfplumber's edge shape), and reading them is half of what the PDFium reader costs on
a council report, whose Word export draws every shaded cell as a rectangle: one C call per
page object to find the paths, and four per path segment (the segment, its point, its type,
its close flag). So the segments of a path are read in one go from the array PDFium keeps
them in (``_segments``), once that array has been checked, in this process, to hold exactly
what PDFium's own functions return; where it does not, the four calls are made as before.

``rule_shapes`` counts the lines and rectangles among the subpaths (pdfplumber's cheap test
for "may hold a ruled table"). Form XObjects are not descended into for rules (the council
PDFs seen draw tables directly).
"""

from __future__ import annotations

import ctypes
import itertools
import struct
from itertools import repeat
from typing import Any

from .pdfium_calls import address, fast

_MAX_SEGMENTS = 5000  # a path with more is a chart or a map, not a table's rules
# PDFium's CFX_Path::Point, the element of the array a FPDF_PATHSEGMENT points into:
# x and y (floats), the segment type (FPDF_SEGMENT_*, one byte), the close flag (one byte)
_POINT = struct.Struct("=ffBBxx")
_CHECKS = 4  # paths read both ways before the array is trusted
_array_state = {"checked": 0, "usable": True}

Segment = tuple[float, float, int, int]  # x, y, type, closes the figure


def page_edges(
    r: Any, page: Any, to_display: Any, unturned: bool = False, text_objects: set[int] | None = None
) -> tuple[list[dict], int]:
    """Axis-parallel straight segments of the page's paths, and how many lines/rectangles drew them.

    ``unturned``: the page has no /Rotate, so ``to_display`` is a shift (done inline here).
    ``text_objects``: page objects known to be text (the text reader met them), not asked about.
    """
    known = text_objects or set()
    ox, oy = to_display(0.0, 0.0)
    ox = -ox
    v, i = ctypes.c_void_p, ctypes.c_int
    get_object = fast(r, "FPDFPage_GetObject", v, v, i)
    # -1 for an object that is not a path: one call both finds the paths and counts segments
    count_segments = fast(r, "FPDFPath_CountSegments", i, v)
    get_matrix = fast(r, "FPDFPageObj_GetMatrix", i, v, v)  # the matrix by address: quicker
    read = _Reader(r)
    moveto = r.FPDF_SEGMENT_MOVETO
    page_addr = address(page)
    matrix = r.FS_MATRIX()
    matrix_addr = ctypes.addressof(matrix)
    subpaths: list[tuple[list[tuple[float, float]], bool]] = []
    n = r.FPDFPage_CountObjects(page)
    objs = [obj for obj in map(get_object, repeat(page_addr, n), range(n)) if obj not in known]
    for obj, nseg in zip(objs, map(count_segments, objs), strict=True):  # map: no Python loop per call
        if nseg <= 1 or nseg > _MAX_SEGMENTS:
            continue
        get_matrix(obj, matrix_addr)
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        segs = read(obj, nseg)
        if unturned:
            pts = [(a * x + c * y + e - ox, oy - b * x - d * y - f) for x, y, _, _ in segs]
        else:
            pts = [to_display(a * x + c * y + e, b * x + d * y + f) for x, y, _, _ in segs]
        if segs[0][2] == moveto and not any(s[2] == moveto for s in itertools.islice(segs, 1, None)):
            subpaths.append((pts, any(s[3] for s in segs)))  # one figure: most paths, a rectangle
        else:
            _split_figures(segs, pts, moveto, subpaths)
    shapes = 0
    for n, (pts, closed) in enumerate(subpaths):
        if closed and pts[-1] != pts[0]:
            pts = [*pts, pts[0]]
            subpaths[n] = (pts, closed)
        if len(pts) == 2 or (len(pts) == 5 and _is_rect(pts)):
            shapes += 1
    if shapes < 4:  # pdfplumber's test: too few lines and rectangles for a ruled table
        return [], shapes
    edges: list[dict] = []
    for pts, _ in subpaths:
        for (xa, ya), (xb, yb) in itertools.pairwise(pts):
            edge = _edge(xa, ya, xb, yb)
            if edge is not None:
                edges.append(edge)
    return edges, shapes


def _split_figures(
    segs: list[Segment], pts: list[tuple[float, float]], moveto: int, out: list[tuple[list, bool]]
) -> None:
    """A path's figures (subpaths of two points or more, each with its close flag) into ``out``."""
    fig: list[tuple[float, float]] = []
    closed = False
    for (_, _, kind, close), pt in zip(segs, pts, strict=True):
        if kind == moveto:
            if len(fig) > 1:
                out.append((fig, closed))
            fig, closed = [pt], False
        else:
            fig.append(pt)
        if close:
            closed = True
    if len(fig) > 1:
        out.append((fig, closed))


class _Reader:
    """A path's segments as (x, y, type, close), from PDFium's array or by its functions."""

    def __init__(self, r: Any):
        v, i, fp = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)
        self.get_segment = fast(r, "FPDFPath_GetPathSegment", v, v, i)
        self.get_point = fast(r, "FPDFPathSegment_GetPoint", i, v, fp, fp)
        self.segment_type = fast(r, "FPDFPathSegment_GetType", i, v)
        self.segment_close = fast(r, "FPDFPathSegment_GetClose", i, v)
        self.fx, self.fy = ctypes.c_float(), ctypes.c_float()
        self.px, self.py = ctypes.pointer(self.fx), ctypes.pointer(self.fy)

    def __call__(self, obj: int, nseg: int) -> list[Segment]:
        state = _array_state
        if not state["usable"]:
            return self.by_calls(obj, nseg)
        first = self.get_segment(obj, 0)
        if state["checked"] < _CHECKS:  # read both ways until the array has proved itself
            got = self.by_calls(obj, nseg)
            stride = self.get_segment(obj, 1) - first
            if stride != _POINT.size or _from_array(first, nseg) != got:
                state["usable"] = False
            else:
                state["checked"] += 1
            return got
        return _from_array(first, nseg)

    def by_calls(self, obj: int, nseg: int) -> list[Segment]:
        """PDFium's functions, four calls a segment: the reference the array is checked against."""
        out: list[Segment] = []
        fx, fy, px, py = self.fx, self.fy, self.px, self.py
        for s in range(nseg):
            seg = self.get_segment(obj, s)
            self.get_point(seg, px, py)
            out.append((fx.value, fy.value, self.segment_type(seg), 1 if self.segment_close(seg) else 0))
        return out


def _from_array(first: int, nseg: int) -> list[Segment]:
    return [
        (x, y, kind, 1 if close else 0)
        for x, y, kind, close in _POINT.iter_unpack(ctypes.string_at(first, _POINT.size * nseg))
    ]


def _is_rect(pts: list[tuple[float, float]]) -> bool:
    """Corners on two x and two y values (to 0.1 pt); rounding only merges, so unrounded first."""
    xs = {x for x, _ in pts}
    if len(xs) > 2:
        xs = {round(x, 1) for x in xs}
    ys = {y for _, y in pts}
    if len(ys) > 2:
        ys = {round(y, 1) for y in ys}
    return len(xs) <= 2 and len(ys) <= 2


def _edge(xa: float, ya: float, xb: float, yb: float) -> dict | None:
    """The segment as pdfplumber's edge dict if it is horizontal or vertical and at least 1 pt
    long: pdfplumber's table finder drops shorter edges first (``filter_edges(min_length=1)``),
    and Word draws each rule as a thin filled rectangle, whose two ends are such edges."""
    if abs(ya - yb) < 0.01:
        x0, x1 = min(xa, xb), max(xa, xb)
        if x1 - x0 < 1:
            return None
        return {"x0": x0, "x1": x1, "top": ya, "bottom": ya, "width": x1 - x0, "height": 0.0,
                "orientation": "h", "object_type": "line"}  # fmt: skip
    if abs(xa - xb) < 0.01:
        top, bottom = min(ya, yb), max(ya, yb)
        if bottom - top < 1:
            return None
        return {"x0": xa, "x1": xa, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
                "orientation": "v", "object_type": "line"}  # fmt: skip
    return None
