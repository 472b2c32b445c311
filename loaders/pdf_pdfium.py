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

Ruling lines (``edges``, ``rule_shapes``) come from ``pdf_rules``; the C calls themselves
from ``pdfium_calls``.
"""

from __future__ import annotations

import ctypes
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field

from ckg.errors import LoadError

from .pdf_rules import page_edges
from .pdfium_calls import fast as _fast
from .pdfium_calls import raw as _raw

_META_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate")
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
            text_objects: set[int] = set()
            if textpage:
                try:
                    out.chars = _chars(r, textpage, to_display, linear, text_objects)
                finally:
                    r.FPDFText_ClosePage(textpage)
            unturned = linear == (1.0, 0.0, 0.0, 1.0)
            out.edges, out.rule_shapes = page_edges(r, page, to_display, unturned, text_objects)
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


def _chars(r, textpage, to_display, linear, text_objects: set[int] | None = None) -> list[dict]:
    """The page's text as character dicts: one per run of glyphs PDFium read as one word from
    one text object (same font, size and baseline), else one per glyph.

    Why runs: a box and a text object per glyph cost two C calls and a dict each, three
    times what PDFium takes to read the page; a word drawn by one text object needs the
    boxes of its first and last glyph only. The layout code treats a run like a wide glyph
    (``pdf_layout.chars_words`` joins and splits them by the same rules). A run is read glyph
    by glyph when its first and last glyph come from different text objects (a superscript,
    a change of font inside a word) or it holds a bullet or a marked hyphen.

    What each C call costs is what this reader costs (half a microsecond each, and Word
    draws every word as a text object of its own), so: a font's name is asked once per
    font, not once per text object, and a drawn space is measured only where the gap it
    stands in is narrow enough for it to matter (see ``_hidden_space``). The text objects
    met go into ``text_objects``, which ``pdf_rules.page_edges`` need not ask about.
    """
    n = r.FPDFText_CountChars(textpage)
    if n <= 0:
        return []
    text = _page_text(r, textpage, n)
    v, i = ctypes.c_void_p, ctypes.c_int
    get_object = _fast(r, "FPDFText_GetTextObject", v, v, i)
    get_font = _fast(r, "FPDFTextObj_GetFont", v, v)
    loose = _fast(r, "FPDFText_GetLooseCharBox", i, v, i, v)  # the box by address: quicker
    get_matrix = _fast(r, "FPDFText_GetMatrix", i, v, i, v)
    font_size = _fast(r, "FPDFText_GetFontSize", ctypes.c_double, v, i)
    font_info = _fast(r, "FPDFText_GetFontInfo", ctypes.c_ulong, v, i, v, ctypes.c_ulong, v)
    tp_addr = ctypes.cast(textpage, ctypes.c_void_p).value
    rect = r.FS_RECTF()
    rect_p = ctypes.addressof(rect)
    matrix = r.FS_MATRIX()
    matrix_p = ctypes.addressof(matrix)
    read_matrix = struct.Struct("4f").unpack_from  # a, b, c, d in one go
    name_buf = ctypes.create_string_buffer(256)
    name_addr = ctypes.addressof(name_buf)
    flags = ctypes.c_int()
    flags_addr = ctypes.addressof(flags)
    ra, rb, rc, rd = linear
    unturned = linear == (1.0, 0.0, 0.0, 1.0)
    ox, oy = to_display(0.0, 0.0)
    ox = -ox  # unturned: x - left edge, top edge - y
    objects: dict[int, tuple[float, str, bool]] = {}
    fonts: dict[int | None, str] = {}  # font handle -> name; handles live as long as the page

    def style(obj: int, k: int) -> tuple[float, str, bool]:
        """(size, font name, upright) of a text object, asked through its glyph ``k``."""
        got = objects.get(obj)
        if got is None:
            get_matrix(tp_addr, k, matrix_p)
            # the glyph's matrix as displayed: upright text has no shear or turn
            a, b, c, d = ma, mb, mc, md = read_matrix(matrix)
            if not unturned:
                a = ma * ra + mb * rc
                b = ma * rb + mb * rd
                c = mc * ra + md * rc
                d = mc * rb + md * rd
            upright = abs(b) < 1e-6 and abs(c) < 1e-6 and a * d > 0
            size = font_size(tp_addr, k) * abs(d if upright else (c * c + d * d) ** 0.5)
            handle = get_font(obj)
            font = fonts.get(handle)
            if font is None:
                ok = font_info(tp_addr, k, name_addr, 256, flags_addr)
                font = fonts[handle] = name_buf.value.decode("latin-1") if ok else ""
            got = objects[obj] = (size, font, upright)
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
            ch = text[k]
            if ch == "\x02" or ch == "\ufffe":
                ch = "-"  # PDFium's mark for a hyphen that ends a line
            elif ch in _UNMAPPED:
                ch = "\ue000"  # a glyph with no Unicode: mostly a dingbat bullet
            x0, x1, bottom = box(k)
            out.append({"text": ch, "x0": x0, "x1": x1, "top": bottom - size, "bottom": bottom,
                        "size": size, "fontname": font})  # fmt: skip

    special = _SPECIAL.search
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
        if not first or first != last or special(token):
            glyphs(start, end, out)
        else:
            size, font, upright = objects.get(first) or style(first, start)
            if not upright:
                continue
            if unturned:  # box() inline: the common case, once or twice for every word
                loose(tp_addr, start, rect_p)
                x0, bottom = rect.left - ox, oy - rect.bottom
                if end - start > 1:
                    loose(tp_addr, end - 1, rect_p)
                x1 = rect.right - ox
            else:
                x0, x1, bottom = box(start)
                if end - start > 1:
                    x1 = box(end - 1)[1]
            out.append({"text": token, "x0": x0, "x1": x1, "top": bottom - size, "bottom": bottom,
                        "size": size, "fontname": font})  # fmt: skip
        if len(out) == before or before == 0 or not sep or "\r" in sep or "\n" in sep:
            continue
        a, b = out[before - 1], out[before]
        if b["x0"] > a["x1"] + 0.15 * a["size"]:
            continue  # a gap that wide splits the words without a space (pdf_layout._char_words)
        space = _space_between(a, b)
        if space is None:
            continue
        if len(sep) == 1:
            drawn = start - 1 if get_object(tp_addr, start - 1) else None
        else:
            drawn = next((k for k in range(start - len(sep), start) if get_object(tp_addr, k)), None)
        if drawn is not None and _hidden_space(box(drawn), a, b):
            continue
        out.insert(before, space)
    if text_objects is not None:
        text_objects.update(objects)
    return out


def _hidden_space(space: tuple[float, float, float], a: dict, b: dict) -> bool:
    """A drawn space between ``a`` and ``b`` whose middle falls inside one of them was printed
    over a letter ("N eeds"): no word break (``pdf_layout._drop_hidden_spaces``'s rule).

    Asked only where ``b`` starts within 0.15 em of ``a``'s end: across a wider gap
    ``pdf_layout.chars_words`` splits the words with or without the space.
    """
    mid = (space[0] + space[1]) / 2
    return mid < a["x1"] - 0.5 or mid > b["x0"] + 0.5


def _space_between(a: dict, b: dict) -> dict | None:
    """A zero-width space between two characters of one line that sorts between them by x."""
    if abs(a["top"] - b["top"]) > 3 or b["x0"] <= a["x0"]:
        return None
    x = min(a["x1"], b["x0"] - 1e-3)
    if x <= a["x0"]:
        x = (a["x0"] + b["x0"]) / 2
    return dict(a, text=" ", x0=x, x1=x)
