"""PDF pages through PDFium (pypdfium2's raw API): characters with boxes and fonts, and ruling lines.

Why PDFium and its raw API: pdfminer (under pdfplumber) interprets every page in Python
and spends about 0.2 s on a page of a council report; PDFium parses the same page in C in a
few milliseconds, and then the cost is in the calls Python makes per character. So the
page's text comes in one call, and a word PDFium read from one text object (one font, size
and baseline) comes out as one wide "character" from the boxes of its first and last glyph;
only words that mix text objects (a superscript, a font change inside a word) or hold a
bullet are read glyph by glyph. Font, size and matrix are asked once per text object.

The characters come out in pdfplumber's shape (dicts with ``text``, ``x0``, ``x1``, ``top``,
``bottom``, ``size``, ``fontname``; ``top`` measured from the top of the page as displayed),
so ``pdf_layout`` reads them with the same rules as before:

- the box is pdfminer's: from the font's descent up by the font size (``bottom`` is PDFium's
  loose box bottom, ``top`` is ``bottom - size``), so gaps between lines measure as before;
- the size is the font size times the text's vertical scale (PDFium reports the ``Tf`` size,
  often 1, with the scale in the matrix);
- a page with ``/Rotate`` is turned the way a viewer shows it, as pdfminer does;
- line breaks PDFium generates are skipped; a space between two words is a zero-width
  space between them, unless it is a drawn space whose middle falls inside a neighbouring
  glyph (a space printed over a letter, "N eeds"), as ``pdf_layout._drop_hidden_spaces``
  rules for pdfplumber's characters; a space PDFium generates is always kept as a
  space between its neighbours (Word draws word spaces as no-break spaces in a second font,
  which PDFium folds into a generated space and pdfplumber read as a space: without it
  "go for" in italics, whose gap is under pdfplumber's 0.15 em, reads "gofor"); words are
  then split on spaces and on gaps, as pdfplumber does. A line-end hyphen, which PDFium
  marks as U+0002 (U+FFFE in bulk text), is a hyphen again.

Ruling lines (``edges``) are the straight, axis-parallel segments of the page's path
objects, in pdfplumber's edge shape, for ``pdf_tables.grid_tables``; ``rule_shapes`` counts
the lines and rectangles among them (pdfplumber's cheap test for "may hold a ruled table").
Form XObjects are not descended into for rules (the council PDFs seen draw tables directly).
"""

from __future__ import annotations

import ctypes
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ckg.errors import LoadError

_META_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate")
_MAX_SEGMENTS = 5000  # a path with more is a chart or a map, not a table's rules
_UNMAPPED = frozenset("\x00\ufffd\uffff")
_BULLETS = "•●▪■◦‣⁃○◆◇►▶➢➤✓✔❖□◘"  # pdf_layout._BULLET_GLYPHS


@dataclass
class PdfiumPage:
    number: int
    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    rule_shapes: int = 0


def _raw():
    import pypdfium2  # noqa: F401  (importing the package initialises the library)
    import pypdfium2.raw as raw

    return raw


class PdfiumDocument:
    """An open PDFium document over ``data``; raises ``LoadError`` with a one-line reason."""

    def __init__(self, data: bytes, name: str):
        r = _raw()
        self._r = r
        self._buf = ctypes.create_string_buffer(data, len(data))  # PDFium reads it while open
        self._doc = r.FPDF_LoadMemDocument64(self._buf, len(data), None)
        if not self._doc:
            err = r.FPDF_GetLastError()
            if err == r.FPDF_ERR_PASSWORD:
                raise LoadError(name, "encrypted PDF (password protected)")
            if err == r.FPDF_ERR_SECURITY:
                raise LoadError(name, "encrypted PDF (unsupported encryption)")
            raise LoadError(name, "corrupt or truncated PDF")
        self.pages = r.FPDF_GetPageCount(self._doc)
        if self.pages <= 0:
            self.close()
            raise LoadError(name, "PDF has no pages")

    def close(self) -> None:
        if self._doc:
            self._r.FPDF_CloseDocument(self._doc)
            self._doc = None

    def __enter__(self) -> PdfiumDocument:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def metadata(self) -> dict[str, str]:
        """The document information dictionary (the keys pypdf's reader gave, lower-cased)."""
        r = self._r
        out: dict[str, str] = {}
        for key in _META_KEYS:
            n = r.FPDF_GetMetaText(self._doc, key.encode(), None, 0)
            if n <= 2:
                continue
            buf = ctypes.create_string_buffer(n)
            r.FPDF_GetMetaText(self._doc, key.encode(), buf, n)
            value = buf.raw[: n - 2].decode("utf-16-le", errors="replace")
            if value.strip():
                out[key.lower()] = " ".join(value.split())
        return out

    def iter_pages(self) -> Iterator[PdfiumPage | None]:
        """Each page's characters and rules; ``None`` for a page PDFium cannot open."""
        for i in range(self.pages):
            yield self._page(i)

    def _page(self, i: int) -> PdfiumPage | None:
        r = self._r
        page = r.FPDF_LoadPage(self._doc, i)
        if not page:
            return None
        try:
            to_display, width, height, linear = _display_transform(r, page)
            out = PdfiumPage(i + 1, width, height)
            textpage = r.FPDFText_LoadPage(page)
            if textpage:
                try:
                    out.chars = _chars(r, textpage, to_display, linear)
                finally:
                    r.FPDFText_ClosePage(textpage)
            out.edges, out.rule_shapes = _edges(r, page, to_display, linear == (1.0, 0.0, 0.0, 1.0))
            return out
        finally:
            r.FPDF_ClosePage(page)


# ---------------------------------------------------------------------------- geometry
def _display_transform(r, page):
    """User space to pdfplumber's displayed space (x from the left, y down from the top).

    Returns (point function, width, height, linear part of the rotation as (a, b, c, d)).
    """
    box = r.FS_RECTF()
    if not r.FPDF_GetPageBoundingBox(page, box):
        box.left, box.bottom = 0.0, 0.0
        box.right, box.top = r.FPDF_GetPageWidthF(page), r.FPDF_GetPageHeightF(page)
    x0, y0 = min(box.left, box.right), min(box.bottom, box.top)
    x1, y1 = max(box.left, box.right), max(box.bottom, box.top)
    rot = r.FPDFPage_GetRotation(page) % 4
    if rot == 1:  # shown turned 90 degrees clockwise (pdfminer's ctm (0, -1, 1, 0, -y0, x1))
        return (lambda x, y: (y - y0, x - x0)), y1 - y0, x1 - x0, (0.0, -1.0, 1.0, 0.0)
    if rot == 2:
        return (lambda x, y: (x1 - x, y - y0)), x1 - x0, y1 - y0, (-1.0, 0.0, 0.0, -1.0)
    if rot == 3:
        return (lambda x, y: (y1 - y, x1 - x)), y1 - y0, x1 - x0, (0.0, 1.0, -1.0, 0.0)
    return (lambda x, y: (x - x0, y1 - y)), x1 - x0, y1 - y0, (1.0, 0.0, 0.0, 1.0)


def _page_text(r, textpage, n: int) -> str:
    """The page's characters, one per index, from one call (one by one if one is outside the BMP)."""
    buf = (ctypes.c_ushort * (n + 1))()
    r.FPDFText_GetText(textpage, 0, n, buf)
    text = ctypes.string_at(buf, 2 * n).decode("utf-16-le", "surrogatepass")
    if len(text) != n:  # a UTF-16 pair became one character: indices would shift
        return "".join(chr(r.FPDFText_GetUnicode(textpage, k)) for k in range(n))
    return text


_TOKEN = re.compile(r"\S+")
# a token holding one of these is read glyph by glyph (a bullet glued to its text, PDFium's
# line-end hyphen mark, a glyph without Unicode)
_SPECIAL = re.compile("[\x00\x02\ufffd\ufffe\uffff\ue000-\uf8ff" + "".join(sorted(_BULLETS)) + "]")


def _chars(r, textpage, to_display, linear) -> list[dict]:
    """The page's text as character dicts: one per run of glyphs PDFium read as one word from
    one text object (same font, size and baseline), else one per glyph.

    Why runs: a box and a text object per glyph cost two C calls and a dict each, three
    times what PDFium takes to read the page; a word drawn by one text object needs the
    boxes of its first and last glyph only. The layout code treats a run like a wide glyph
    (``pdf_layout.chars_words`` joins and splits them by the same rules). A run is read glyph
    by glyph when its first and last glyph come from different text objects (a superscript,
    a change of font inside a word) or it holds a bullet or a marked hyphen.
    """
    n = r.FPDFText_CountChars(textpage)
    if n <= 0:
        return []
    texts = _page_text(r, textpage, n)
    v, i = ctypes.c_void_p, ctypes.c_int
    get_object = _fast(r, "FPDFText_GetTextObject", v, v, i)
    loose = _fast(r, "FPDFText_GetLooseCharBox", i, v, i, ctypes.POINTER(r.FS_RECTF))
    get_matrix = _fast(r, "FPDFText_GetMatrix", i, v, i, ctypes.POINTER(r.FS_MATRIX))
    font_size = _fast(r, "FPDFText_GetFontSize", ctypes.c_double, v, i)
    font_info = _fast(r, "FPDFText_GetFontInfo", ctypes.c_ulong, v, i, v, ctypes.c_ulong, v)
    tp_addr = ctypes.cast(textpage, ctypes.c_void_p).value
    rect = r.FS_RECTF()
    rect_p = ctypes.pointer(rect)
    matrix = r.FS_MATRIX()
    matrix_p = ctypes.pointer(matrix)
    name_buf = ctypes.create_string_buffer(256)
    name_addr = ctypes.addressof(name_buf)
    flags = ctypes.c_int()
    flags_addr = ctypes.addressof(flags)
    ra, rb, rc, rd = linear
    unturned = linear == (1.0, 0.0, 0.0, 1.0)
    ox, oy = to_display(0.0, 0.0)
    ox = -ox  # unturned: x - left edge, top edge - y
    objects: dict[int, tuple[float, str, bool]] = {}

    def style(obj: int, k: int) -> tuple[float, str, bool]:
        """(size, font name, upright) of a text object, asked through its glyph ``k``."""
        got = objects.get(obj)
        if got is None:
            get_matrix(tp_addr, k, matrix_p)
            # the glyph's matrix as displayed: upright text has no shear or turn
            a = matrix.a * ra + matrix.b * rc
            b = matrix.a * rb + matrix.b * rd
            c = matrix.c * ra + matrix.d * rc
            d = matrix.c * rb + matrix.d * rd
            upright = abs(b) < 1e-6 and abs(c) < 1e-6 and a * d > 0
            size = font_size(tp_addr, k) * abs(d if upright else (c * c + d * d) ** 0.5)
            ok = font_info(tp_addr, k, name_addr, 256, flags_addr)
            got = objects[obj] = (size, name_buf.value.decode("latin-1") if ok else "", upright)
        return got

    def box(k: int) -> tuple[float, float, float]:
        """x0, x1 and bottom (pdfplumber's: from the page top) of glyph ``k``'s loose box."""
        loose(tp_addr, k, rect_p)
        if unturned:  # the common case, without two calls through to_display
            return rect.left - ox, rect.right - ox, oy - rect.bottom
        xa, ya = to_display(rect.left, rect.bottom)
        xb, yb = to_display(rect.right, rect.top)
        return min(xa, xb), max(xa, xb), max(ya, yb)

    def glyphs(start: int, end: int, out: list[dict]) -> None:
        for k in range(start, end):
            obj = get_object(tp_addr, k)
            if not obj:
                continue
            size, font, upright = style(obj, k)
            if not upright:
                continue  # rotated chart labels; pdfplumber's words dropped them too
            ch = texts[k]
            if ch == "\x02" or ch == "\ufffe":
                ch = "-"  # PDFium's mark for a hyphen that ends a line
            elif ch in _UNMAPPED:
                ch = "\ue000"  # a glyph with no Unicode: mostly a dingbat bullet
            x0, x1, bottom = box(k)
            out.append({"text": ch, "x0": x0, "x1": x1, "top": bottom - size, "bottom": bottom,
                        "size": size, "fontname": font})  # fmt: skip

    text = texts
    out: list[dict] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        sep = text[prev_end:start]
        prev_end = end
        before = len(out)
        first = get_object(tp_addr, start)
        last = get_object(tp_addr, end - 1) if end - start > 1 else first
        token = m.group()
        if not first or first != last or _SPECIAL.search(token):
            glyphs(start, end, out)
        else:
            size, font, upright = style(first, start)
            if not upright:
                continue
            x0, x1, bottom = box(start)
            if end - start > 1:
                x1 = box(end - 1)[1]
            out.append({"text": token, "x0": x0, "x1": x1, "top": bottom - size, "bottom": bottom,
                        "size": size, "fontname": font})  # fmt: skip
        if len(out) == before or before == 0 or not sep or "\r" in sep or "\n" in sep:
            continue
        space = _space_between(out[before - 1], out[before])
        if space is None:
            continue
        if len(sep) == 1:
            drawn = start - 1 if get_object(tp_addr, start - 1) else None
        else:
            drawn = next((k for k in range(start - len(sep), start) if get_object(tp_addr, k)), None)
        if drawn is not None:
            # a drawn space whose middle falls inside the glyph before or after it was printed
            # over a letter ("N eeds"): no word break (pdf_layout._drop_hidden_spaces's rule)
            x0, x1, _ = box(drawn)
            mid = (x0 + x1) / 2
            if mid < out[before - 1]["x1"] - 0.5 or mid > out[before]["x0"] + 0.5:
                continue
        out.insert(before, space)
    return out


def _space_between(a: dict, b: dict) -> dict | None:
    """A zero-width space between two characters of one line that sorts between them by x."""
    if abs(a["top"] - b["top"]) > 3 or b["x0"] <= a["x0"]:
        return None
    x = min(a["x1"], b["x0"] - 1e-3)
    if x <= a["x0"]:
        x = (a["x0"] + b["x0"]) / 2
    return dict(a, text=" ", x0=x, x1=x)


_FAST: dict[str, object] = {}


def _fast(r, name: str, restype, *argtypes):
    """A PDFium function taking and returning handles as plain addresses (ints).

    Why: pypdfium2's bindings wrap every returned handle in a ctypes pointer object; on
    pages of charts, with thousands of path segments, that wrapping costs more than PDFium.
    """
    fn = _FAST.get(name)
    if fn is None:
        addr = ctypes.cast(getattr(r, name), ctypes.c_void_p).value
        fn = _FAST[name] = ctypes.CFUNCTYPE(restype, *argtypes)(addr)
    return fn


def _edges(r, page, to_display, unturned: bool = False) -> tuple[list[dict], int]:
    """Axis-parallel straight segments of the page's paths, and how many lines/rectangles drew them.

    ``unturned``: the page has no /Rotate, so ``to_display`` is a shift (done inline here).
    """
    ox, oy = to_display(0.0, 0.0)
    ox = -ox
    v, i, fp = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)
    get_object = _fast(r, "FPDFPage_GetObject", v, v, i)
    get_type = _fast(r, "FPDFPageObj_GetType", i, v)
    count_segments = _fast(r, "FPDFPath_CountSegments", i, v)
    get_segment = _fast(r, "FPDFPath_GetPathSegment", v, v, i)
    get_point = _fast(r, "FPDFPathSegment_GetPoint", i, v, fp, fp)
    segment_type = _fast(r, "FPDFPathSegment_GetType", i, v)
    segment_close = _fast(r, "FPDFPathSegment_GetClose", i, v)
    get_matrix = _fast(r, "FPDFPageObj_GetMatrix", i, v, ctypes.POINTER(r.FS_MATRIX))
    path_type, moveto = r.FPDF_PAGEOBJ_PATH, r.FPDF_SEGMENT_MOVETO
    page_addr = ctypes.cast(page, ctypes.c_void_p).value
    matrix = r.FS_MATRIX()
    fx, fy = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.pointer(fx), ctypes.pointer(fy)
    subpaths: list[tuple[list[tuple[float, float]], bool]] = []
    for k in range(r.FPDFPage_CountObjects(page)):
        obj = get_object(page_addr, k)
        if get_type(obj) != path_type:
            continue
        nseg = count_segments(obj)
        if nseg <= 1 or nseg > _MAX_SEGMENTS:
            continue
        get_matrix(obj, matrix)
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        pts: list[tuple[float, float]] = []
        closed = False
        for s in range(nseg):
            seg = get_segment(obj, s)
            get_point(seg, px, py)
            x, y = fx.value, fy.value
            pt = (
                (a * x + c * y + e - ox, oy - b * x - d * y - f)
                if unturned
                else to_display(a * x + c * y + e, b * x + d * y + f)
            )
            if segment_type(seg) == moveto:
                if len(pts) > 1:
                    subpaths.append((pts, closed))
                pts, closed = [pt], False
            else:
                pts.append(pt)
            if segment_close(seg):
                closed = True
        if len(pts) > 1:
            subpaths.append((pts, closed))
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


def _is_rect(pts: list[tuple[float, float]]) -> bool:
    xs = {round(x, 1) for x, _ in pts}
    ys = {round(y, 1) for _, y in pts}
    return len(xs) <= 2 and len(ys) <= 2


def _edge(xa: float, ya: float, xb: float, yb: float) -> dict | None:
    if abs(ya - yb) < 0.01 and abs(xa - xb) >= 0.01:
        x0, x1 = min(xa, xb), max(xa, xb)
        return {"x0": x0, "x1": x1, "top": ya, "bottom": ya, "width": x1 - x0, "height": 0.0,
                "orientation": "h", "object_type": "line"}  # fmt: skip
    if abs(xa - xb) < 0.01 and abs(ya - yb) >= 0.01:
        top, bottom = min(ya, yb), max(ya, yb)
        return {"x0": xa, "x1": xa, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
                "orientation": "v", "object_type": "line"}  # fmt: skip
    return None
