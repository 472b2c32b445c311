"""Structured text: what every loader produces, whatever the file format.

A ``StructuredDocument`` holds the document's whole text as one string and a list of
``Block`` s (headings, paragraphs, list items, table rows) that point into it by
character offsets. Offsets are the provenance backbone: an extracted fact keeps the
span it came from, the graph stores that span as a ``ckg:Passage`` with
``ckg:startChar``/``ckg:endChar``, and the web app anchors the quote in the text.

Invariant (checked by ``validate()`` and the tests): for every block,
``doc.text[block.start:block.end] == block.text``; for every table cell likewise.

>>> doc = StructuredDocument.from_blocks("x.txt", "abc", "text/plain", [
...     ("heading", "Intro", 1), ("paragraph", "Hello world.", 0)])
>>> doc.text
'Intro\\n\\nHello world.'
>>> doc.blocks[1].section
('Intro',)
>>> doc.text[doc.blocks[1].start:doc.blocks[1].end]
'Hello world.'
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal

BlockKind = Literal["title", "heading", "paragraph", "list_item", "table_row"]

BLOCK_KINDS: tuple[str, ...] = ("title", "heading", "paragraph", "list_item", "table_row")


@dataclass
class Cell:
    """One table cell: its text and its span in the document text."""

    text: str
    start: int
    end: int


@dataclass
class Block:
    """One structural unit of the document.

    ``level`` is the heading level (1 = top) for headings and the nesting depth
    (0 = top) for list items; ``section`` is the path of headings above the block,
    as printed; ``marker`` is the list marker or number as printed ("1.", "a)", "-").
    """

    kind: str
    text: str
    start: int
    end: int
    level: int = 0
    section: tuple[str, ...] = ()
    marker: str = ""
    page: int | None = None
    cells: list[Cell] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["section"] = list(self.section)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Block:
        d = dict(d)
        d["section"] = tuple(d.get("section") or ())
        d["cells"] = [Cell(**c) for c in d.get("cells") or []]
        return cls(**d)


@dataclass
class StructuredDocument:
    """A loaded document: source, text, blocks and whatever metadata the format carried."""

    source: str  # file name (or URL) as given to ckg
    sha256: str  # hash of the file's bytes: the cache key
    media_type: str
    text: str
    blocks: list[Block]
    title: str = ""
    metadata: dict[str, str] = field(default_factory=dict)  # e.g. PDF /Title, /Author, docx core props

    # ------------------------------------------------------------------ building
    @classmethod
    def from_blocks(
        cls,
        source: str,
        sha256: str,
        media_type: str,
        parts: Iterable[
            tuple[str, str, int] | tuple[str, str, int, str] | tuple[str, str, int, str, list[str]]
        ],
        title: str = "",
        metadata: dict[str, str] | None = None,
        page_of: Sequence[int | None] | None = None,
    ) -> StructuredDocument:
        """Build the text and offsets from (kind, text, level[, marker[, cells]]) parts.

        Formats without a text layer of their own (DOCX, HTML, PDF) use this: blocks are
        joined by blank lines, table cells by tabs, so offsets are exact by construction.
        Headings set the section path of the blocks that follow them.
        """
        builder = TextBuilder()
        for i, part in enumerate(parts):
            kind, text, level = part[0], part[1], part[2]
            marker = part[3] if len(part) > 3 else ""
            cells = part[4] if len(part) > 4 else None
            page = page_of[i] if page_of is not None and i < len(page_of) else None
            if cells:
                builder.add_row(cells, page=page)
            else:
                builder.add(kind, text, level=level, marker=marker, page=page)
        doc = cls(
            source=source,
            sha256=sha256,
            media_type=media_type,
            text=builder.text,
            blocks=builder.blocks,
            title=title,
            metadata=dict(metadata or {}),
        )
        if not doc.title:
            doc.title = doc.guess_title()
        return doc

    # ------------------------------------------------------------------ queries
    def guess_title(self) -> str:
        for b in self.blocks:
            if b.kind in ("title", "heading") and len(b.text) > 3:
                return b.text
        for b in self.blocks:
            if b.text.strip():
                return b.text.strip()[:200]
        return self.source

    def block_at(self, offset: int) -> Block | None:
        """The block whose span contains ``offset`` (binary search)."""
        lo, hi = 0, len(self.blocks) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            b = self.blocks[mid]
            if offset < b.start:
                hi = mid - 1
            elif offset >= b.end:
                lo = mid + 1
            else:
                return b
        return None

    def validate(self) -> None:
        """Raise ``ValueError`` if any block or cell does not match its span."""
        last = -1
        for b in self.blocks:
            if self.text[b.start : b.end] != b.text:
                raise ValueError(f"block span mismatch at {b.start}-{b.end}: {b.text[:40]!r}")
            if b.start < last:
                raise ValueError(f"blocks out of order at {b.start}")
            last = b.end
            for c in b.cells:
                if self.text[c.start : c.end] != c.text:
                    raise ValueError(f"cell span mismatch at {c.start}-{c.end}: {c.text[:40]!r}")

    # ------------------------------------------------------------------ (de)serialising for the cache
    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "sha256": self.sha256,
            "media_type": self.media_type,
            "title": self.title,
            "metadata": self.metadata,
            "text": self.text,
            "blocks": [b.to_dict() for b in self.blocks],
        }

    @classmethod
    def from_dict(cls, d: dict) -> StructuredDocument:
        return cls(
            source=d["source"],
            sha256=d["sha256"],
            media_type=d["media_type"],
            text=d["text"],
            blocks=[Block.from_dict(b) for b in d["blocks"]],
            title=d.get("title", ""),
            metadata=d.get("metadata") or {},
        )


# Why bounds: extraction reads blocks line by line with many patterns, and a run-on block (a
# PDF that lost its line breaks, a hostile or broken file: the fuzz tests make lines of
# hundreds of thousands of characters) makes per-match work grow with the square of its
# length. No real paragraph in the bundled corpus passes 4,400 characters, nor a heading 300.
MAX_BLOCK_CHARS = 6_000
MAX_HEADING_CHARS = 500


def split_run_on(text: str, limit: int = MAX_BLOCK_CHARS) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters: at sentence ends, else spaces, else anywhere.

    >>> [len(p) for p in split_run_on("Aa. " * 3000, 5000)]
    [4999, 4999, 1999]
    >>> [len(p) for p in split_run_on("x" * 12000, 5000)]
    [5000, 5000, 2000]
    """
    pieces: list[str] = []
    while len(text) > limit:
        cut = max(text.rfind(". ", 0, limit), text.rfind("; ", 0, limit)) + 1  # keep the full stop
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    pieces.append(text)
    return [p for p in pieces if p]


class TextBuilder:
    """Appends blocks to a growing text, tracking offsets and the heading path.

    >>> tb = TextBuilder()
    >>> _ = tb.add("heading", "Money", level=1)
    >>> row = tb.add_row(["Short breaks", "£4,310,275"])
    >>> [c.text for c in row.cells], row.section
    (['Short breaks', '£4,310,275'], ('Money',))
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self.blocks: list[Block] = []
        self._headings: list[tuple[int, str]] = []  # (level, text)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def _append(self, s: str) -> int:
        start = self._len
        self._parts.append(s)
        self._len += len(s)
        return start

    def _separate(self) -> None:
        if self._len:
            self._append("\n\n")

    def section(self) -> tuple[str, ...]:
        return tuple(t for _, t in self._headings)

    def add(self, kind: str, text: str, level: int = 0, marker: str = "", page: int | None = None) -> Block:
        """Append one block (a run-on paragraph as several; an over-long heading as paragraphs)."""
        text = text.strip()
        if kind in ("heading", "title") and len(text) > MAX_HEADING_CHARS:
            kind, level = "paragraph", 0  # no heading is that long: a run-on line, not a section
        if len(text) <= MAX_BLOCK_CHARS or kind not in ("paragraph", "list_item"):
            return self._add(kind, text, level, marker, page)
        pieces = split_run_on(text)
        block = self._add(kind, pieces[0], level, marker, page)
        for piece in pieces[1:]:
            block = self._add("paragraph", piece, 0, "", page)
        return block

    def _add(self, kind: str, text: str, level: int, marker: str, page: int | None) -> Block:
        self._separate()
        if marker:
            self._append(marker + " ")
        start = self._append(text)
        if kind in ("heading", "title"):
            lvl = max(1, level) if kind == "heading" else 0
            section_before = self.section()
            self._headings = [(lv, t) for lv, t in self._headings if lv < lvl]
            if kind == "heading":
                self._headings.append((lvl, text))
            block = Block(
                kind,
                text,
                start,
                start + len(text),
                lvl,
                section_before if kind == "title" else tuple(t for _, t in self._headings[:-1]),
                marker,
                page,
            )
        else:
            block = Block(kind, text, start, start + len(text), level, self.section(), marker, page)
        self.blocks.append(block)
        return block

    def add_row(self, cells: Sequence[str], page: int | None = None) -> Block:
        self._separate()
        row_start = self._len
        first = len(self._parts)
        made: list[Cell] = []
        for i, c in enumerate(cells):
            if i:
                self._append("\t")
            c = c.strip()
            s = self._append(c)
            made.append(Cell(c, s, s + len(c)))
        text = "".join(self._parts[first:])  # the row alone: joining the whole text made rows quadratic
        block = Block("table_row", text, row_start, self._len, 0, self.section(), "", page, made)
        self.blocks.append(block)
        return block


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
