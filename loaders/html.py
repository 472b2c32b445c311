"""HTML pages to structured text: headings, paragraphs, nested lists and table rows.

Why a walk of our own over lxml's tree: council web pages wrap the content in navigation,
cookie banners and scripts, and put paragraphs straight inside ``div`` s. We drop the page
furniture (script, style, nav, aside, noscript, and header/footer that are not inside the
article itself, where they often hold the ``h1``), then emit a block for every heading,
run of inline text, list item (``li``, nested by depth) and table row (``th``/``td``).

The encoding is the declared charset when the bytes really are in it (a page saying
"iso-8859-1" is read as Windows-1252, as browsers do), else ``encoding.decode_text``.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ckg.errors import LoadError

from .encoding import decode_text
from .structure import StructuredDocument

MEDIA_TYPE = "text/html"
_DROP = {
    "script",
    "style",
    "noscript",
    "nav",
    "aside",
    "template",
    "svg",
    "iframe",
    "object",
    "select",
    "button",
    "head",
    "canvas",
    "map",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "address",
    "figure",
    "figcaption",
    "pre",
    "center",
    "form",
    "fieldset",
    "legend",
    "details",
    "summary",
    "body",
    "html",
    "header",
    "footer",
    "dt",
    "dd",
    "li",
    "td",
    "th",
    "caption",
    "hgroup",
    "search",
    "dialog",
}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I)
_LATIN1 = {
    "iso-8859-1",
    "iso8859-1",
    "latin-1",
    "latin1",
    "l1",
    "ascii",
    "us-ascii",
    "windows-1252",
    "cp1252",
}


def load(path: Path, data: bytes, sha256: str) -> StructuredDocument:
    """Read an HTML page; raise ``LoadError`` when it holds no parsable markup."""
    import lxml.etree
    import lxml.html

    name = str(path)
    text = decode_html(data, name)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise LoadError(name, "no extractable text (empty HTML document)") from exc
    title_el = root.find(".//title")
    title = _norm(title_el.text_content()) if title_el is not None else ""
    metadata = _meta(root)
    _strip(root)
    walker = _Walker()
    body = root.find("body")
    walker.block(body if body is not None else root)
    walker.flush()
    return StructuredDocument.from_blocks(
        path.name, sha256, MEDIA_TYPE, walker.parts, title=title, metadata=metadata
    )


def decode_html(data: bytes, name: str) -> str:
    """Honour a BOM or a declared charset when the bytes decode in it; otherwise sniff."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, name)
    head = data[:4096]
    m = _CHARSET.search(head) or _XML_DECL.search(head)
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        enc = "cp1252" if declared in _LATIN1 else declared
        try:
            codecs.lookup(enc)
            return data.decode(enc).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall back to sniffing
    return decode_text(data, name)


def _meta(root) -> dict[str, str]:
    out: dict[str, str] = {}
    lang = root.get("lang")
    if lang:
        out["language"] = lang
    for m in root.iter("meta"):
        key = (m.get("name") or m.get("property") or "").strip().lower()
        content = _norm(m.get("content") or "")
        if (
            key
            in (
                "description",
                "author",
                "keywords",
                "dc.title",
                "dc.creator",
                "dc.date",
                "dcterms.created",
                "og:title",
                "dc.publisher",
            )
            and content
        ):
            out[key] = content
    return out


def _strip(root) -> None:
    """Remove page furniture and comments; header/footer only when outside the article."""
    import lxml.html

    doomed = []
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if not isinstance(el, lxml.html.HtmlElement) or not tag:
            doomed.append(el)  # comments, processing instructions
        elif _is_furniture(el, tag.lower()):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()


_BR = "\u2028"  # a <br> inside running text, kept as a line break once whitespace is collapsed


def _is_furniture(el, tag: str) -> bool:
    if tag in _DROP or el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    return tag in ("header", "footer") and not any(a.tag in ("article", "main") for a in el.iterancestors())


def _norm(text: str) -> str:
    return " ".join(text.split())


def _text(el) -> str:
    """Text of an element with a space wherever a block, cell or break separates words."""
    out: list[str] = []

    def walk(e) -> None:
        tag = e.tag.lower() if isinstance(e.tag, str) else ""
        sep = tag in _BLOCKS or tag in _HEADINGS or tag in ("br", "tr", "ul", "ol", "table", "img")
        if sep:
            out.append(" ")
        if e.text:
            out.append(e.text)
        for child in e.iterchildren():
            walk(child)
            if child.tail:
                out.append(child.tail)
        if sep:
            out.append(" ")

    walk(el)
    return _norm("".join(out))


class _Walker:
    """Turns the cleaned tree into (kind, text, level[, marker[, cells]]) parts in order."""

    def __init__(self) -> None:
        self.parts: list[tuple] = []
        self._buf: list[str] = []

    def flush(self) -> None:
        lines = [_norm(line) for line in "".join(self._buf).split(_BR)]
        text = "\n".join(line for line in lines if line)
        self._buf = []
        if text:
            self.parts.append(("paragraph", text, 0))

    def block(self, el) -> None:
        """Walk a container: inline text gathers into paragraphs, block children break them."""
        if el.text:
            self._buf.append(el.text)
        for child in el.iterchildren():
            self.node(child)
            if child.tail:
                self._buf.append(child.tail)

    def node(self, el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _HEADINGS:
            self.flush()
            text = _text(el)
            if text:
                self.parts.append(("heading", text, _HEADINGS[tag]))
        elif tag in ("ul", "ol", "menu", "dir"):
            self.flush()
            self.list(el, 0)
        elif tag == "table":
            self.flush()
            self.table(el)
        elif tag == "br":
            self._buf.append(_BR)
        elif tag in ("hr",):
            self.flush()
        elif tag in _BLOCKS or _has_block(el):
            self.flush()
            self.block(el)
            self.flush()
        else:
            self._buf.append(" " + _text(el) + " " if tag in ("img", "input") else _inline(el))

    def list(self, el, depth: int) -> None:
        ordered = el.tag.lower() == "ol"
        try:
            n = int(el.get("start", "1"))
        except ValueError:
            n = 1
        kind = (el.get("type") or "1") if ordered else ""
        for li in el.iterchildren():
            if not isinstance(li.tag, str):
                continue
            if li.tag.lower() in ("ul", "ol"):
                self.list(li, depth + 1)
                continue
            if li.tag.lower() != "li":
                continue
            text_parts: list[str] = [li.text or ""]
            nested = []
            for child in li.iterchildren():
                if isinstance(child.tag, str) and child.tag.lower() in ("ul", "ol"):
                    nested.append(child)
                elif isinstance(child.tag, str) and child.tag.lower() == "br":
                    text_parts.append(" ")
                else:
                    text_parts.append(_text(child) if isinstance(child.tag, str) else "")
                text_parts.append(child.tail or "")
            text = _norm(" ".join(text_parts))
            if text:
                marker = _ol_marker(n, kind) if ordered else "•"
                self.parts.append(("list_item", text, depth, marker))
            if ordered:
                n += 1
            for sub in nested:
                self.list(sub, depth + 1)

    def table(self, el) -> None:
        caption = el.find("caption")
        if caption is not None and _text(caption):
            self.parts.append(("paragraph", _text(caption), 0))
        for tr in el.iter("tr"):
            if _nearest_table(tr) is not el:
                continue  # rows of a nested table are part of their cell's text
            cells = [
                _text(c)
                for c in tr.iterchildren()
                if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")
            ]
            if any(cells):
                self.parts.append(("table_row", "", 0, "", cells))


def _inline(el) -> str:
    """Inline markup's text, keeping its <br>s as line breaks."""
    out = [el.text or ""]
    for child in el.iterchildren():
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        out.append(_BR if tag == "br" else _inline(child) if tag else "")
        out.append(child.tail or "")
    return "".join(out)


def _nearest_table(el):
    for a in el.iterancestors():
        if a.tag == "table":
            return a
    return None


def _has_block(el) -> bool:
    for d in el.iterdescendants():
        if isinstance(d.tag, str) and (
            d.tag.lower() in _BLOCKS or d.tag.lower() in _HEADINGS or d.tag.lower() in ("ul", "ol", "table")
        ):
            return True
    return False


def _ol_marker(n: int, kind: str) -> str:
    if kind in ("a", "A") and 1 <= n <= 26:
        s = chr(96 + n)
        return (s.upper() if kind == "A" else s) + "."
    if kind in ("i", "I"):
        vals = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
        s, m = "", n
        for v, sym in vals:
            while m >= v:
                s += sym
                m -= v
        return (s.upper() if kind == "I" else s) + "."
    return f"{n}."
