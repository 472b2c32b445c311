"""Word (.docx) files to structured text, read from the document XML in body order.

Why the XML rather than ``Document.paragraphs``/``.tables``: those lists lose the order
of paragraphs and tables, and a table's place under its heading is what gives a funding
row its theme. python-docx opens the package and resolves styles; the walk over
``w:body`` is ours. Headings come from "Heading N"/"Title" styles or outline levels; list
items from numbering (``w:numPr`` on the paragraph or its style) with the marker Word
would print ("1.", "a)", "•") and the nesting level; a merged table cell is kept once
(python-docx's ``row.cells`` repeats it in every grid column it spans).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ckg.errors import LoadError

from .structure import StructuredDocument

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_STYLE = re.compile(r"^(heading|überschrift|titre|titolo|kop)\s*(\d)$", re.I)
_LIST_STYLE = re.compile(r"^list\s+(bullet|number)(?:\s+(\d))?$", re.I)
_BULLET_KEEP = set("o-–*•▪◦■○➢")
_BAD_TITLE = re.compile(r"^(microsoft\s+word\b|untitled\b|document\d*$|title$)", re.I)


def load(path: Path, data: bytes, sha256: str) -> StructuredDocument:
    """Read a .docx; raise ``LoadError`` when it is not a Word document."""
    name = str(path)
    document = _open(data, name)
    numbering = Numbering(document)
    styles = _StyleInfo(document)
    parts: list[tuple] = []
    for el in _body_items(document.element.body):
        if el.tag == W + "tbl":
            for cells in table_rows(el):
                parts.append(("table_row", "", 0, "", cells))
            continue
        for p in [el, *_text_boxes(el)]:
            part = _paragraph_part(p, styles, numbering)
            if part is not None:
                parts.append(part)
    metadata = _core_properties(document)
    title = next((p[1] for p in parts if p[0] == "title"), "")
    if not title and metadata.get("title") and not _BAD_TITLE.match(metadata["title"]):
        title = metadata["title"]
    return StructuredDocument.from_blocks(
        path.name, sha256, MEDIA_TYPE, parts, title=title, metadata=metadata
    )


def _open(data: bytes, name: str):
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile as exc:
        raise LoadError(name, "not a Word document (corrupt ZIP archive)") from exc
    if "word/document.xml" not in names:
        raise LoadError(name, "not a Word document (ZIP archive without word/document.xml)")
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors, PackageNotFoundError
        raise LoadError(name, f"not a Word document ({_short(exc)})") from exc


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]


# ---------------------------------------------------------------------------- body walk
def _body_items(body):
    """Paragraphs and tables in order, looking inside content controls and custom XML."""
    for el in body.iterchildren():
        tag = el.tag
        if tag in (W + "p", W + "tbl"):
            yield el
        elif tag in (W + "sdt", W + "customXml"):
            inner = el.find(W + "sdtContent") if tag == W + "sdt" else el
            if inner is not None:
                yield from _body_items(inner)


def _text_boxes(p) -> list:
    """Paragraphs of text boxes anchored in ``p`` (once: Word also stores a VML fallback copy)."""
    out = []
    for box in p.iter(W + "txbxContent"):
        if any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
            continue
        out.extend(box.iter(W + "p"))
    return out


def paragraph_text(p) -> str:
    """The visible text of a ``w:p``: runs, hyperlinks, insertions; not deletions or field codes."""
    chunks: list[str] = []
    _collect(p, chunks)
    text = "".join(chunks)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _collect(el, out: list[str]) -> None:
    for child in el.iterchildren():
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append(" ")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag in (W + "noBreakHyphen", W + "softHyphen"):
            out.append("-" if tag == W + "noBreakHyphen" else "")
        elif (
            tag in (W + "del", W + "txbxContent", W + "pPr", W + "rPr", W + "instrText", W + "delText")
            or tag == _MC_FALLBACK
        ):
            continue
        else:
            _collect(child, out)


def _paragraph_part(p, styles: _StyleInfo, numbering: Numbering) -> tuple | None:
    text = paragraph_text(p)
    if not text:
        return None
    style_id = _val(p.find(f"{W}pPr/{W}pStyle"))
    style_name = styles.name(style_id)
    if style_name.lower() == "title":
        return ("title", text, 0)
    num_id, ilvl = _num_pr(p.find(f"{W}pPr/{W}numPr"))
    s_num, s_ilvl, s_outline = styles.props(style_id)
    m = _HEADING_STYLE.match(style_name) or _HEADING_STYLE.match(style_id or "")
    outline = _val(p.find(f"{W}pPr/{W}outlineLvl"))
    level = int(m.group(2)) if m else None
    if level is None and (outline or s_outline) is not None:
        lvl = int(outline if outline is not None else s_outline)
        level = lvl + 1 if lvl < 9 else None
    num_id = num_id if num_id is not None else s_num
    list_style = _LIST_STYLE.match(style_name)
    if ilvl is None:
        ilvl = (int(list_style.group(2)) - 1) if list_style and list_style.group(2) else (s_ilvl or 0)
    marker = numbering.marker(num_id, ilvl) if num_id and num_id != "0" else ""
    if level is not None:
        return ("heading", text, max(1, min(level, 9)), marker)
    if marker or list_style:
        if not marker:
            marker = "•" if list_style and list_style.group(1).lower() == "bullet" else "-"
        return ("list_item", text, ilvl, marker)
    return ("paragraph", text, 0)


def _val(el) -> str | None:
    return None if el is None else el.get(W + "val")


def _num_pr(num_pr) -> tuple[str | None, int | None]:
    if num_pr is None:
        return None, None
    num_id = _val(num_pr.find(W + "numId"))
    ilvl = _val(num_pr.find(W + "ilvl"))
    return num_id, int(ilvl) if ilvl is not None and ilvl.isdigit() else None


def table_rows(tbl) -> list[list[str]]:
    """Rows of cell texts; a horizontally merged cell once, a vertically merged one blank below."""
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(W + "tr"):
        cells: list[str] = []
        for tc in tr.iterchildren(W + "tc"):
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            if vmerge is not None and vmerge.get(W + "val") in (None, "continue"):
                cells.append("")
                continue
            texts = [paragraph_text(p) for p in tc.iter(W + "p")]
            cells.append(" ".join(t.replace("\n", " ") for t in texts if t))
        if any(cells):
            rows.append(cells)
    return rows


# ---------------------------------------------------------------------------- styles, numbering
class _StyleInfo:
    """Style names and inherited list/outline properties, by style id."""

    def __init__(self, document) -> None:
        self._styles: dict[str, object] = {}
        try:
            for el in document.styles.element.iterchildren(W + "style"):
                sid = el.get(W + "styleId")
                if sid:
                    self._styles[sid] = el
        except Exception:  # a document without a styles part: every paragraph is Normal
            pass
        self._cache: dict[str | None, tuple[str | None, int | None, str | None]] = {}

    def name(self, style_id: str | None) -> str:
        el = self._styles.get(style_id or "")
        return (_val(el.find(W + "name")) or style_id or "") if el is not None else (style_id or "")

    def props(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, outline level) from the style or the styles it is based on."""
        if style_id in self._cache:
            return self._cache[style_id]
        num_id = ilvl = outline = None
        seen: set[str] = set()
        sid = style_id
        while sid and sid not in seen and sid in self._styles:
            seen.add(sid)
            el = self._styles[sid]
            n, i = _num_pr(el.find(f"{W}pPr/{W}numPr"))
            num_id = num_id if num_id is not None else n
            ilvl = ilvl if ilvl is not None else i
            outline = outline if outline is not None else _val(el.find(f"{W}pPr/{W}outlineLvl"))
            sid = _val(el.find(W + "basedOn"))
        self._cache[style_id] = (num_id, ilvl, outline)
        return self._cache[style_id]


class Numbering:
    """Word list numbering: the marker each numbered paragraph would show, counted in order."""

    def __init__(self, document) -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._counts: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part: lists fall back to style-based markers
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iterchildren(W + "abstractNum"):
            lv: dict[int, tuple[str, str, int]] = {}
            for lvl in an.iterchildren(W + "lvl"):
                i = int(lvl.get(W + "ilvl", "0"))
                start = _val(lvl.find(W + "start"))
                lv[i] = (
                    _val(lvl.find(W + "numFmt")) or "decimal",
                    _val(lvl.find(W + "lvlText")) or "",
                    int(start) if start and start.lstrip("-").isdigit() else 1,
                )
            abstract[an.get(W + "abstractNumId", "")] = lv
        for num in root.iterchildren(W + "num"):
            aid = _val(num.find(W + "abstractNumId"))
            levels = dict(abstract.get(aid or "", {}))
            for ov in num.iterchildren(W + "lvlOverride"):
                i = int(ov.get(W + "ilvl", "0"))
                so = _val(ov.find(W + "startOverride"))
                if so and so.isdigit() and i in levels:
                    fmt, text, _ = levels[i]
                    levels[i] = (fmt, text, int(so))
            self._levels[num.get(W + "numId", "")] = levels

    def marker(self, num_id: str | None, ilvl: int) -> str:
        levels = self._levels.get(num_id or "")
        if not levels:
            return "•" if num_id else ""
        fmt, text, start = levels.get(ilvl, ("bullet", "•", 1))
        counts = self._counts.setdefault(num_id or "", {})
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        if fmt == "bullet":
            return text if text in _BULLET_KEEP else "•"
        if fmt == "none":
            return ""

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            f, _, s = levels.get(k, ("decimal", "", 1))
            return _format(counts.get(k, s), f)

        return re.sub(r"%(\d)", sub, text).strip() or _format(counts[ilvl], fmt)


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(97 + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out += sym
            n -= value
    return out


def _core_properties(document) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        cp = document.core_properties
        for key in (
            "title",
            "author",
            "subject",
            "keywords",
            "category",
            "comments",
            "last_modified_by",
            "created",
            "modified",
        ):
            value = getattr(cp, key, None)
            if value is not None and str(value).strip():
                out[key] = value.isoformat() if hasattr(value, "isoformat") else " ".join(str(value).split())
    except Exception:  # broken docProps/core.xml: the text is still worth having
        pass
    return out
