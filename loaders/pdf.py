"""PDF files to structured text: PDFium for characters, fonts, rules and metadata (pdfplumber optional).

Why PDFium (``pdf_pdfium``): council PDFs run to a hundred pages and more, and a user's
library to thousands; pdfminer (under pdfplumber) spent 0.2 s interpreting each page in
Python, PDFium reads one in a few milliseconds. It gives every character with its box,
font size and font name, which is what headings, lists, columns and tables are read from
(``pdf_layout``, ``pdf_tables``, ``pdf_blocks``, unchanged), the page's ruling lines for
ruled tables, the document information dictionary, and the password check (an
empty-password PDF opens; one that needs a password is refused in one line). A page PDFium
cannot open is skipped, so one bad page does not lose a 130-page report.

The older reader, pdfplumber for the layout with pypdf for metadata, encryption and plain
text of a page pdfplumber chokes on, is kept behind ``engine="pdfplumber"`` (the setting
``pdf_engine``): the benchmarks compare the two record by record, and a user can fall back.

Running headers and footers (lines that recur at the top or bottom of many pages, bare
page numbers, "Page 3 of 40") are dropped before structure is read; one that gives an email
or web address is kept once, as it may be the document's only contact point. The title is the PDF's
/Title when it looks like a real title (not "Microsoft Word - foo.doc"), else the largest
text on the first page.
"""

from __future__ import annotations

import gc
import io
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from ckg.errors import LoadError

from .pdf_blocks import Stats, build_parts, clean, doc_stats
from .pdf_grid import grid_tables
from .pdf_layout import (
    Line,
    Word,
    chars_words,
    drop_doubles,
    group_lines,
    is_garbage,
    order_columns,
    page_words,
)
from .pdf_tables import Table, find_tables, inside, ruled_tables
from .structure import StructuredDocument

MEDIA_TYPE = "application/pdf"
_META_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate")
_BAD_TITLE = re.compile(
    r"^(microsoft\s+(word|powerpoint|excel)\b|untitled\b|document\d*$|slide\s*\d|title$)", re.I
)
_FILE_TITLE = re.compile(r"\.(docx?|pdf|rtf|odt|pptx?|xlsx?|indd|qxd|txt|html?)$", re.I)
_NOT_TITLE = re.compile(
    r"^((\d{1,2}(st|nd|rd|th)?\s+)?[A-Z][a-z]+\s+\d{4}|(final|draft|interim|full|summary)\s+"
    r"(report|version|draft)|(version|v)\s*\d.*)$",
    re.I,
)
_PAGE_NO = re.compile(r"^(page\s*)?#+(\s*(of|/)\s*#+)?$|^[ivxlcdm]{1,7}$")


def load(path: Path, data: bytes, sha256: str, engine: str = "pdfium") -> StructuredDocument:
    """Read a PDF's bytes; raise ``LoadError`` for encrypted, truncated or unreadable files.

    ``engine`` is ``pdfium`` (the default) or ``pdfplumber`` (the older, slower reader,
    kept for comparison and as a fallback; setting ``pdf_engine``).
    """
    name = str(path)
    if b"%%EOF" not in data:
        raise LoadError(name, "corrupt or truncated PDF (no end-of-file marker)")
    if engine == "pdfplumber":
        reader = _open_reader(data, name)
        metadata = _metadata(reader)
        lines = _read_pages(data, reader, name)
        return _structure(path, sha256, metadata, lines, len(reader.pages))
    if engine == "pdfium":
        # paused over reading and structuring alike: when it resumes only the document is left
        # of all they made, so the first collection after has little to look at
        with _collector_paused():
            return _structure(path, sha256, *_read_pdfium(data, name))
    raise LoadError(name, f"unknown PDF engine {engine!r} (pdfium or pdfplumber)")


def _structure(
    path: Path, sha256: str, metadata: dict[str, str], lines: list[Line], npages: int
) -> StructuredDocument:
    """The document from its pages' lines: running lines dropped, tables, title, blocks."""
    metadata["pages"] = str(npages)
    lines = remove_running_lines(lines, npages)
    lines = _gap_tables(lines)
    st = doc_stats(lines)
    title, title_lines = find_title(lines, st)
    meta_title = metadata.get("title", "")
    if good_title(meta_title, path):
        title = " ".join(meta_title.split())
    parts, pages = build_parts(lines, title_lines, st)
    return StructuredDocument.from_blocks(
        path.name, sha256, MEDIA_TYPE, parts, title=title, metadata=metadata, page_of=pages
    )


# ---------------------------------------------------------------------------- PDFium
@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a PDF is read, back as it was after.

    Why: reading makes a dict or an object for every word, character and rule (hundreds of
    thousands for a long report) and no reference cycles; each few hundred allocations set
    off a collection that finds nothing, 6-8% of loading the 100-page West Sussex PDF alone,
    and more in a build whose process also holds the embedding model's objects.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _read_pdfium(data: bytes, name: str) -> tuple[dict[str, str], list[Line], int]:
    """Metadata, lines of every page and the page count, through PDFium."""
    from .pdf_pdfium import PdfiumDocument

    with PdfiumDocument(data, name) as doc:
        try:
            metadata = doc.metadata()
        except Exception:  # a broken info dictionary is not worth failing the document for
            metadata = {}
        lines: list[Line] = []
        failed = 0
        for page in doc.iter_pages():
            if page is None:
                failed += 1
                continue
            chars = drop_doubles(page.chars)
            words = chars_words(chars)
            tables = grid_tables(page.edges, page.rule_shapes, chars)
            lines.extend(assemble_page(words, tables, page.width, page.height, page.number))
        npages = doc.pages
    if failed == npages:
        raise LoadError(name, "corrupt or truncated PDF")
    return metadata, lines, npages


def assemble_page(
    words: list[Word], tables: list[Table], width: float, height: float, pno: int
) -> list[Line]:
    """One page's lines in reading order, with trusted ruled tables as pseudo-lines."""
    if tables:
        words = [w for w in words if not any(inside(w, bbox) for bbox, _ in tables)]
    lines = [Line(ws, pno, page_height=height) for ws in group_lines(words)]
    lines = [ln for ln in lines if not is_garbage(ln.text)]
    for bbox, rows in tables:
        box = Word("", bbox[0], bbox[2], bbox[1], bbox[3], 0.0, "")
        lines.append(Line([box], pno, page_height=height, rows=rows))
    lines.sort(key=lambda ln: ln.top)
    return order_columns(lines, width, pno)


# ---------------------------------------------------------------------------- pdfplumber + pypdf
def _open_reader(data: bytes, name: str):
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # pypdf raises DependencyError/NotImplementedError for odd ciphers
                raise LoadError(name, "encrypted PDF (unsupported encryption)") from exc
            if not ok:
                raise LoadError(name, "encrypted PDF (password protected)")
        if len(reader.pages) == 0:
            raise LoadError(name, "PDF has no pages")
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(name, "corrupt or truncated PDF") from exc
    return reader


def _metadata(reader) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        info = reader.metadata or {}
        for key in _META_KEYS:
            value = info.get("/" + key)
            if value is not None and str(value).strip():
                out[key.lower()] = " ".join(str(value).split())
    except Exception:  # a broken info dictionary is not worth failing the document for
        pass
    return out


def _read_pages(data: bytes, reader, name: str) -> list[Line]:
    """Lines of every page; a page pdfplumber cannot read falls back to pypdf's text."""
    import pdfplumber

    lines: list[Line] = []
    failed = 0
    try:
        pdf = pdfplumber.open(io.BytesIO(data), password="")
    except Exception:
        pdf = None
    n = len(reader.pages)
    for i in range(n):
        got: list[Line] | None = None
        if pdf is not None:
            try:
                page = pdf.pages[i]
                try:
                    got = page_lines(page, i + 1)
                finally:
                    page.close()
            except Exception:
                got = None
        if got is None:
            failed += 1
            try:
                got = fallback_lines(reader.pages[i].extract_text() or "", i + 1)
            except Exception:
                got = []
                failed += n  # neither library can read this page
        lines.extend(got)
    if pdf is not None:
        pdf.close()
    if failed > n and not lines:
        raise LoadError(name, "corrupt or truncated PDF")
    return lines


def page_lines(page, pno: int) -> list[Line]:
    """One pdfplumber page's lines in reading order, with trusted ruled tables as pseudo-lines."""
    return assemble_page(page_words(page), ruled_tables(page), float(page.width), float(page.height), pno)


# ---------------------------------------------------------------------------- cleaning
_CONTACT_POINT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|\bwww\.[\w-]+\.|https?://", re.I)


def _key(text: str) -> str:
    t = re.sub(r"\d+", "#", text.lower())
    t = re.sub(r"[|\-–—_•·]+", " ", t)
    return " ".join(t.split())


def remove_running_lines(lines: list[Line], npages: int) -> list[Line]:
    """Drop running headers/footers and page numbers (top or bottom tenth of the page)."""

    def in_zone(ln: Line) -> bool:
        return ln.rows is None and (ln.top < 0.1 * ln.page_height or ln.bottom > 0.9 * ln.page_height)

    pages_of: dict[str, set[int]] = defaultdict(set)
    for ln in lines:
        if in_zone(ln):
            pages_of[_key(ln.text)].add(ln.page)
    need = max(2, min(npages, max(3, int(0.15 * npages))))
    out = []
    kept: set[str] = set()
    for ln in lines:
        if in_zone(ln):
            key = _key(ln.text)
            if _PAGE_NO.match(key):
                continue
            if len(pages_of[key]) >= need and npages > 1:
                # a footer that gives an email or web address may be the only place the
                # document says whom to contact: keep its first occurrence, drop the repeats
                if not _CONTACT_POINT.search(ln.text) or key in kept:
                    continue
                kept.add(key)
                ln = replace(ln, words=[w for w in ln.words if _CONTACT_POINT.search(w.text)])
        out.append(ln)
    return out


def _gap_tables(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    start = 0
    for i in range(1, len(lines) + 1):
        if i == len(lines) or lines[i].flow != lines[start].flow:
            out.extend(find_tables(lines[start:i]))
            start = i
    return out


# ---------------------------------------------------------------------------- title
def good_title(title: str, path: Path) -> bool:
    """A /Title worth showing: not a Word file name, not empty, not the file's own name."""
    t = " ".join(title.split())
    if len(t) < 4 or not re.search(r"[A-Za-z]{3}", t) or _BAD_TITLE.match(t) or _FILE_TITLE.search(t):
        return False
    return t.lower() != path.stem.lower() and not (" " not in t and re.search(r"[_\-]", t))


def find_title(lines: list[Line], st: Stats) -> tuple[str, set[int]]:
    """The largest text on the first page that has text (or the second), if it stands out."""
    for page in sorted({ln.page for ln in lines})[:2]:
        cands = [
            ln
            for ln in lines
            if ln.page == page
            and ln.rows is None
            and sum(ch.isalpha() for ch in ln.text) >= 3
            and not is_garbage(ln.text)
        ]
        if not cands:
            continue
        size = max(ln.size for ln in cands)
        if size < st.body * 1.2:
            return "", set()
        picked: list[Line] = []
        for ln in cands:
            if picked:
                prev = picked[-1]
                if (
                    abs(ln.size - size) > 0.5
                    or ln.bold != prev.bold
                    or ln.top - prev.bottom > 1.6 * size
                    or _NOT_TITLE.match(ln.text)
                    or ln.top < prev.top
                    or len(picked) >= 6
                ):
                    break
                picked.append(ln)
            elif abs(ln.size - size) <= 0.5:
                picked.append(ln)
        text = clean(" ".join(ln.text for ln in picked))
        return text, {id(ln) for ln in picked}
    return "", set()


def fallback_lines(text: str, page: int) -> list[Line]:
    """Lines with made-up geometry from pypdf's plain text, for a page pdfplumber cannot read."""
    out: list[Line] = []
    y = 0.0
    for raw in text.splitlines():
        if not raw.strip():
            y += 12.0
            continue
        x, words = 0.0, []
        for t in raw.split():
            words.append(Word(t, x, x + 5.0 * len(t), y, y + 10.0, 10.0, "fallback"))
            x += 5.0 * len(t) + 3.0
        out.append(Line(words, page, (page, 0, 0)))
        y += 12.0
    return out
