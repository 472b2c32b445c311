"""PDF lines (in reading order) to blocks: headings, list items, paragraphs, table rows.

Why these rules: council PDFs rarely carry tags, so structure has to be read from the
print. A heading is a short line set larger than the body text (body = the size with most
characters), a short bold line, or a short standalone line numbered like "5.2.4 Leaving
care" / "Appendix 2". Its level comes from its numbering depth, else from where its size
sits among the numbered headings' sizes. A paragraph ends at a wider vertical gap, a change
of font size or weight, a list marker, or a short line ending a sentence; a paragraph cut by
a column or page break is joined again when the next part starts in lower case.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from .pdf_layout import Line, is_pua

_NUM_HEAD = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?$")
_NUM_MARK = re.compile(
    r"^(?:\(?\d{1,2}[.)]|\(?[a-zA-Z][.)]|\((?:[ivxlc]{1,5}|[IVXLC]{1,5})\)|[ivxlc]{1,5}[.)])$"
)
_DASH_MARKS = {"-", "\u2010", "\u2011", "–", "—", "*", "o", "»", "·", "−", "‒", "→", "○"}
_NAMED_HEAD = re.compile(
    r"^(chapter|section|part|appendix|annex|annexe|schedule)\s+(\d{1,3}|[A-Z]|[IVXLC]{1,5})\b", re.I
)
_CAPTION = re.compile(
    r"^(table|figure|fig\.?|chart|graph|box|source|sources|note|notes|map|diagram|key)\b", re.I
)
_DATE_LINE = re.compile(r"^(\d{1,2}(st|nd|rd|th)?\s+)?[A-Z][a-z]+\s+\d{4}$")
_ROMAN_OR_NUM = re.compile(r"^([0-9]{1,4}|[ivxlcdm]{1,7})$", re.I)
# a line-end hyphen after one of these is a compound's own ("well-being"), not a word broken in two
_COMPOUND_PREFIXES = frozenset(
    re.findall(
        r"\w+",
        "multi non self co pre post cross inter well long short high low full part semi anti sub ex mid over "
        "under age year cost evidence community school family person child young early",
    )
)
_CONTROL_OR_PUA = re.compile("[\x00-\x08\x0a-\x1f\ue000-\uf8ff]")  # what is_pua and "< space" meant
_CHAR_FIXES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u00a0": " ", "\u200b": None, "\ufeff": None})


@dataclass
class Stats:
    body: float = 10.0
    gap0: float = 2.0
    vocab: set[str] = field(default_factory=set)


@dataclass
class Chunk:
    lines: list[Line]
    gap_before: bool = True
    marker: str = ""
    marker_x: float = 0.0
    text_x: float = 0.0
    kind: str = "paragraph"
    level: int = 0
    depth: int = 0  # numbering depth of a numbered heading ("5.2.4" -> 3)
    text: str = ""

    @property
    def size(self) -> float:
        return self.lines[0].size

    @property
    def bold(self) -> bool:
        return all(ln.bold for ln in self.lines)

    @property
    def flow(self) -> tuple[int, int, int]:
        return self.lines[0].flow


def doc_stats(lines: list[Line]) -> Stats:
    sizes: Counter[float] = Counter()
    vocab: set[str] = set()
    for ln in lines:
        if ln.rows is None:
            sizes[ln.size] += len(ln.text)
            vocab.update(t.lower().strip(".,;:()\"'‘’“”") for t in ln.text.split())
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    gaps: Counter[float] = Counter()
    for a, b in itertools.pairwise(lines):
        if a.flow == b.flow and a.rows is None and b.rows is None and a.size == body == b.size:
            g = b.top - a.bottom
            if -2 < g < 2 * body:
                gaps[round(g)] += 1
    gap0 = float(gaps.most_common(1)[0][0]) if gaps else 0.2 * body
    return Stats(body=body, gap0=max(gap0, 0.0), vocab=vocab)


# ---------------------------------------------------------------------------- chunks
def _marker(line: Line, prev: Line | None, after_gap: bool) -> tuple[str, int] | None:
    """(marker as printed, words it takes) when the line opens a list item."""
    ws = line.words
    w0 = ws[0]
    rest = ws[1:]
    if w0.is_bullet:
        return ("•" if is_pua(w0.text) or w0.symbol else w0.text), 1
    t = w0.text
    if t in _DASH_MARKS and rest:
        nxt = rest[0]
        if t == "o" and not (nxt.font != w0.font or nxt.x0 - w0.x1 > 0.6 * w0.size):
            return None
        if nxt.text[:1].isupper() or nxt.text[:1].isdigit() or nxt.text[:1] in "\"'‘“(£":
            return ("•" if t == "·" else "-" if t in "\u2010\u2011" else t), 1
        return None
    if rest and _NUM_MARK.match(t) and (after_gap or prev is None or prev.text.rstrip()[-1:] in ".:;?!)"):
        return t, 1
    return None


def _gap_break(prev: Line, ln: Line, st: Stats) -> bool:
    size = max(prev.size, ln.size)
    gap = ln.top - prev.bottom
    return gap > st.gap0 * size / st.body + 0.45 * size or ln.bottom < prev.top


def _numbered_start(ln: Line) -> bool:
    ws = ln.words
    if len(ws) < 2 or not ws[1].text[:1].isupper():
        return False
    m = _NUM_HEAD.match(ws[0].text)
    return bool(m and "." in m.group(1)) or bool(_NAMED_HEAD.match(ln.text))


def _continues(prev: Line, ln: Line) -> bool:
    """The line carries on a sentence: the one above ends mid-sentence and this starts in lower case."""
    return ln.text[:1].islower() and prev.text.rstrip()[-1:] not in ".:;?!"


def make_chunks(lines: list[Line], st: Stats) -> list[Chunk]:
    chunks: list[Chunk] = []
    cur: Chunk | None = None
    prev: Line | None = None
    for ln in lines:
        if ln.rows is not None:
            chunks.append(Chunk([ln], kind="table"))
            cur, prev = None, None
            continue
        gap = cur is None or prev is None or ln.flow != prev.flow or _gap_break(prev, ln, st)
        if (
            cur is not None
            and not gap
            and cur.marker
            and len(cur.lines) == 1
            and len(cur.lines[0].words) == 1
        ):
            cur.lines.append(ln)  # the bullet stood alone on its line; this is its text
            cur.text_x = ln.x0
            prev = ln
            continue
        mk = _marker(ln, None if gap else prev, gap)
        if mk is None and cur is not None and cur.marker and len(ln.words) > 1 and not gap:
            w0 = ln.words[0]
            same_kind = w0.text == cur.marker or (_NUM_MARK.match(w0.text) and _NUM_MARK.match(cur.marker))
            if same_kind and abs(w0.x0 - cur.marker_x) < 3:
                mk = w0.text, 1  # the next item of a run ("2." after "1.", "- lower case" after "- ")
        new = gap or mk is not None
        if not new and cur is not None and prev is not None:
            widest = max(max(x.x1 for x in cur.lines), ln.x1)
            new = (
                abs(ln.size - prev.size) > 0.6
                or ln.bold != prev.bold
                or (_numbered_start(ln) and prev.text.rstrip()[-1:] in ".:;?!")
                or (bool(cur.marker) and ln.x0 < cur.text_x - 4 and not _continues(prev, ln))
                or (prev.text.rstrip()[-1:] in ".!?:" and prev.x1 < widest - 3 * ln.size)
            )
        if new:
            cur = Chunk([ln], gap_before=gap)
            if mk is not None:
                cur.marker = mk[0]
                cur.marker_x = ln.words[0].x0
                cur.text_x = ln.words[1].x0 if len(ln.words) > 1 else ln.x1
            chunks.append(cur)
        else:
            assert cur is not None
            cur.lines.append(ln)
        prev = ln
    return chunks


def merge_broken(chunks: list[Chunk]) -> list[Chunk]:
    """Re-join a paragraph that a column or page break cut in two."""
    out: list[Chunk] = []
    for c in chunks:
        p = out[-1] if out else None
        if p is not None and len(out) > 1 and p.size < c.size - 0.5 and p.flow != c.flow:
            p = out[-2]  # a footnote sits between the two halves at the foot of the page
        if (
            p is not None
            and p.kind == c.kind == "paragraph"
            and not c.marker
            and c.flow != p.flow
            and abs(c.size - p.size) <= 0.6
            and c.lines[0].text[:1].islower()
            and p.lines[-1].text.rstrip()[-1:] not in ".!?:"
        ):
            p.lines.extend(c.lines)
            continue
        out.append(c)
    return out


# ---------------------------------------------------------------------------- text
def chunk_text(c: Chunk, st: Stats) -> str:
    text = ""
    for i, ln in enumerate(c.lines):
        if not (i == 0 and c.marker):
            if ln.words:  # the line's text is these words so joined (Line.refresh)
                text = _join_line(text, ln.text, st)
            continue
        words = ln.words[1:]
        if not words:
            continue
        part = "".join((" " if j and not w.glued else "") + w.text for j, w in enumerate(words))
        text = _join_line(text, part, st)
    return clean(text)


def _join_line(text: str, part: str, st: Stats) -> str:
    if not text:
        return part
    if text.endswith("\u00ad"):
        return text[:-1] + part
    if text[-1:] in "-\u2010" and text[-2:-1].isalpha() and part[:1].islower():
        head = text[:-1].split(" ")[-1]
        tail = part.split(" ")[0].rstrip(".,;:)")
        hyphened, joined = f"{head}-{tail}".lower(), f"{head}{tail}".lower()
        if hyphened in st.vocab or (joined not in st.vocab and head.lower() in _COMPOUND_PREFIXES):
            return text + part
        return text[:-1] + part
    return f"{text} {part}"


def clean(text: str) -> str:
    text = text.translate(_CHAR_FIXES)
    text = _CONTROL_OR_PUA.sub("", text)  # control characters but the tab, and private-use glyphs
    return " ".join(text.split())


# ---------------------------------------------------------------------------- classify
def classify(chunks: list[Chunk], st: Stats, title_lines: set[int]) -> None:
    title = ""
    for i, c in enumerate(chunks):
        if c.kind == "table":
            continue
        c.text = chunk_text(c, st)
        if title_lines and all(id(ln) in title_lines for ln in c.lines):
            c.kind = "title"
            title += " " + c.text.lower()
            continue
        if title and c.lines[0].page <= 3 and len(c.text) >= 8 and c.text.lower() in title:
            continue  # the title printed again on the inside cover is not a section heading
        nxt = chunks[i + 1] if i + 1 < len(chunks) else None
        after = chunks[i + 2] if i + 2 < len(chunks) else None
        if c.marker and not (_NUM_HEAD.match(c.marker) and (c.size >= st.body * 1.15 or c.bold)):
            c.kind = "list_item"
        elif _is_heading(c, nxt, after, st):
            c.kind = "heading"


def _is_heading(c: Chunk, nxt: Chunk | None, after: Chunk | None, st: Stats) -> bool:
    text = c.text
    words = text.split()
    if (
        not words
        or len(c.lines) > 3
        or len(words) > 25
        or _CAPTION.match(text)
        or _DATE_LINE.match(text)
        or not any(ch.isalpha() for ch in text)
    ):
        return False
    last = c.lines[-1].words
    if len(last) > 1 and _ROMAN_OR_NUM.match(last[-1].text) and last[-1].x0 - last[-2].x1 > 3 * c.size:
        return False  # a contents-page entry ("Introduction ..... 5")
    ends_sentence = text[-1] in ".;,"
    first = c.lines[0].words[0].text
    m = _NUM_HEAD.match(first)
    if m and len(words) > 1 and (words[1][:1].isupper() or words[1][:1] in "(‘'\""):
        c.depth = len([p for p in m.group(1).split(".") if p]) - (1 if m.group(1).endswith(".0") else 0)
    if c.size >= st.body * 1.15 and (not ends_sentence or len(words) <= 8):
        return True
    if ends_sentence:
        return False
    if c.bold and len(words) <= 15 and len(c.lines) <= 2 and (text[0].isupper() or text[0].isdigit()):
        return True
    standalone = c.gap_before and len(c.lines) <= 2
    if standalone and c.depth and ("." in (m.group(1) if m else "")) and len(words) <= 20:
        return True
    if standalone and _NAMED_HEAD.match(text) and len(words) <= 15:
        c.depth = 1
        return True
    if (
        len(c.lines) == 1
        and c.gap_before
        and len(words) <= 12
        and text[0].isupper()
        and text[-1] not in ":-–"
        and not _tabular(c.lines[0], text)
        and nxt is not None
        and nxt.flow == c.flow
        and (_is_body(nxt) or (after is not None and _is_body(after) and len(nxt.lines) == 1))
    ):
        c.depth = -1  # a minor heading: plain line standing alone above a paragraph
        return True
    return False


def _tabular(line: Line, text: str) -> bool:
    """A table header or chart label rather than a heading: wide gaps, or mostly figures."""
    ws = line.words
    if any(b.x0 - a.x1 > 1.5 * line.size for a, b in itertools.pairwise(ws)):
        return True
    chars = [ch for ch in text if not ch.isspace()]
    return sum(ch.isdigit() or ch in "%£." for ch in chars) >= 0.25 * len(chars)


def _is_body(c: Chunk) -> bool:
    return c.kind == "table" or bool(c.marker) or len(c.lines) >= 2


def assign_levels(chunks: list[Chunk], st: Stats) -> None:
    heads = [c for c in chunks if c.kind == "heading"]
    by_size: dict[float, Counter[int]] = {}
    for c in heads:
        if c.depth > 0:
            by_size.setdefault(c.size, Counter())[c.depth] += 1
    size_level = {s: min(cnt.items(), key=lambda kv: (-kv[1], kv[0]))[0] for s, cnt in by_size.items()}
    plain = sorted({c.size for c in heads if c.depth == 0}, reverse=True)

    def level_of(size: float) -> int:
        if size in size_level:
            return size_level[size]
        if size_level:
            return 1 + len({lv for s, lv in size_level.items() if s > size})
        return 1 + plain.index(size)

    for c in heads:
        c.level = c.depth if c.depth > 0 else level_of(c.size) if c.depth == 0 else 0
    deepest = max([c.level for c in heads if c.depth >= 0], default=0)
    for c in heads:
        if c.depth < 0:
            c.level = min(deepest + 1, 6)
    stack: list[float] = []
    flow: tuple[int, int, int] | None = None
    for c in chunks:
        if c.kind != "list_item":
            stack = []
            continue
        if c.flow != flow:
            stack, flow = [], c.flow
        while stack and c.marker_x < stack[-1] - 6:
            stack.pop()
        if not stack or c.marker_x > stack[-1] + 6:
            stack.append(c.marker_x)
        c.level = len(stack) - 1


def build_parts(lines: list[Line], title_lines: set[int], st: Stats) -> tuple[list[tuple], list[int | None]]:
    """(parts for ``StructuredDocument.from_blocks``, page of each part)."""
    chunks = merge_broken(make_chunks(lines, st))
    classify(chunks, st, title_lines)
    assign_levels(chunks, st)
    parts: list[tuple] = []
    pages: list[int | None] = []
    for c in chunks:
        if c.kind == "table":
            for row in c.lines[0].rows or []:
                cells = [clean(x) for x in row]
                if any(cells):
                    parts.append(("table_row", "", 0, "", cells))
                    pages.append(c.lines[0].page)
        elif c.kind == "title" and parts and parts[-1][0] == "title":
            parts[-1] = ("title", f"{parts[-1][1]} {c.text}", 0, "")  # one title, however it was spaced
        elif c.text:
            parts.append((c.kind, c.text, c.level, c.marker if c.kind == "list_item" else ""))
            pages.append(c.lines[0].page)
    return parts, pages
