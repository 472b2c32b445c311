"""Priorities listed inside table cells: summary tables of strategies and their objectives.

A guide's "Summary of key commissioning documents" table has a column headed "High level
objectives in the Strategy"; converted from PDF, each strategy's list is spread over many
rows, one line of the printed cell per row, numbered ("1.", "2)", "iv.", "Theme 3") or not,
with wrapped lines, lines repeated and two items run together on one line. This module
rebuilds each list: an entry starts at a list header in that column ("4 priorities",
"5 major transformational programmes are:", "Objectives", "The key elements of the
strategy are:"), numbered lines start items, unnumbered lowercase lines continue them,
repeated lines are dropped, and when the header gives a count the list stops there (what
follows is prose, read for inline lists). The stating document is the title found in the
other columns of the entry's rows.

>>> from ckg.loaders.text import load_string
>>> doc = load_string("Strategy\\tObjectives in the strategy\\n"
...                   "Autism Joint Commissioning Strategy 2013\\t3 strategic objectives\\n"
...                   "\\t1. Diagnosis and\\n\\tinformation\\n\\t2. Support for families:\\n"
...                   "\\t3. Fulfilling lives\\n")
>>> [(e.title, [(i.rank, i.text) for i in e.items]) for e in table_lists(doc)]
[('Autism Joint Commissioning Strategy 2013', [(1, 'Diagnosis and information'), (2, 'Support for families'), (3, 'Fulfilling lives')])]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ckg.loaders.extract.priorities_lists import WORD_NUMBERS, tidy
from ckg.loaders.extract.priorities_owners import find_doc_title
from ckg.loaders.extract.priorities_prose import ProseList, prose_lists
from ckg.loaders.extract.records import Span
from ckg.loaders.structure import Block, StructuredDocument

_OBJECTIVE_HEADER = re.compile(r"objective|priorit|\bthemes?\b|\boutcomes?\b|\baims?\b", re.I)
_LIST_HEADER = re.compile(
    r"^(?:(?P<count>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:priorities|themes|objectives|outcomes|aims|programmes|services|"
    r"elements|areas|goals|strands|ambitions)\b.*"
    r"|(?:key\s+|strategic\s+|main\s+)?(?:objectives|priorities|themes|outcomes|aims)\s*:?"
    r"|.*\b(?:are|include)\s*:)$",
    re.I,
)
_ENUM = re.compile(
    r"^(?:(?:Theme|Priority|Objective|Outcome)\s+(\d{1,2})\b\s*[:.\-–]?|(\d{1,2})[.)]|([ivx]{1,4})[.)]|[•·▪-])\s*"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_INLINE_ENUM = re.compile(r"\s(?=(?:[ivx]{1,4}|\d{1,2})[.)]\s+[A-Za-z])")
_URLISH = re.compile(r"https?:|www\.|\.(?:pdf|doc|uk|com|org)\b|[a-z]/[a-z]|format,|\d+\s*[KM]B\b", re.I)


@dataclass
class TableItem:
    text: str
    rank: int | None
    spans: list[Span] = field(default_factory=list)


@dataclass
class TableList:
    title: str | None  # the stating document, from the entry's other columns
    header: str
    items: list[TableItem] = field(default_factory=list)
    trailer: list[tuple[str, Span]] = field(default_factory=list)  # text after a counted list
    prose: list[tuple[ProseList, list[tuple[int, int]]]] = field(default_factory=list)


def _table_runs(doc: StructuredDocument) -> list[list[Block]]:
    runs: list[list[Block]] = []
    current: list[Block] = []
    for b in doc.blocks:
        if b.kind == "table_row":
            current.append(b)
        elif current and b.kind == "paragraph" and len(b.text) < 30:
            continue  # stray page furniture between rows of one table
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _pieces(cell_text: str, start: int) -> list[tuple[str, int, int]]:
    """Lines of a cell, with items run together on one line split apart."""
    out: list[tuple[str, int, int]] = []
    pos = 0
    for line in cell_text.split("\n"):
        s = start + pos
        cuts = [0] + [m.end() for m in _INLINE_ENUM.finditer(line)] + [len(line)]
        for a, b in itertools.pairwise(cuts):
            seg = line[a:b]
            lead = len(seg) - len(seg.lstrip())
            seg = seg.strip()
            if seg:
                out.append((seg, s + a + lead, s + a + lead + len(seg)))
        pos += len(line) + 1
    return out


def _rank(m: re.Match[str]) -> int | None:
    if m.group(1) or m.group(2):
        return int(m.group(1) or m.group(2))
    if m.group(3):
        return _ROMAN.get(m.group(3).lower())
    return None


def _dedupe(items: list[TableItem]) -> list[TableItem]:
    """Drop repeated lines; cut an item that ends with another item's text ("A B" + "B" -> "A")."""
    out: list[TableItem] = []
    seen: set[str] = set()
    for it in items:
        key = it.text.lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(it)
    texts = {it.text.lower() for it in out}
    for it in out:
        for other in texts:
            low = it.text.lower()
            if other != low and low.endswith(" " + other) and len(low) > len(other) + 3:
                it.text = it.text[: len(it.text) - len(other)].rstrip(" ,;")
    return out


def _finish(entry: TableList) -> None:
    entry.items = [it for it in _dedupe(entry.items) if len(it.text) > 2]
    first = next((k for k, it in enumerate(entry.items) if it.rank), None)
    if first and entry.items[first].rank == first + 1:
        for k in range(first):
            entry.items[k].rank = k + 1  # the first lines lost their numbers in conversion
    if entry.trailer:
        text = ""
        offsets: list[tuple[int, int]] = []  # (position in joined text, document offset)
        for piece, span in entry.trailer:
            offsets.append((len(text), span.start))
            text += piece + " "
        for pl in prose_lists(text):
            entry.prose.append((pl, offsets))


def _entry_title(rows: list[Block], col: int) -> str | None:
    """The stating document's title: read down each other column (first column first)."""
    width = max(len(r.cells) for r in rows)
    for k in range(width):
        if k == col:
            continue
        words = [
            w for r in rows if k < len(r.cells) for w in r.cells[k].text.split() if not _URLISH.search(w)
        ]
        if title := find_doc_title(" ".join(words)):
            return title
    return None


def table_lists(doc: StructuredDocument) -> list[TableList]:
    """Lists of priorities rebuilt from table columns headed objectives/priorities/themes."""
    out: list[TableList] = []
    for rows in _table_runs(doc):
        header = rows[0]
        col = next((k for k, c in enumerate(header.cells) if _OBJECTIVE_HEADER.search(c.text)), None)
        if col is None or re.search(r"commissioning\s+intention|what\s+will", header.text, re.I):
            continue
        entry: TableList | None = None
        entry_rows: list[Block] = []
        count: int | None = None
        for row in rows[1:]:
            cell = row.cells[col] if col < len(row.cells) else None
            head = _LIST_HEADER.match(cell.text.strip()) if cell is not None else None
            if head:
                if entry is not None:
                    _close(entry, entry_rows, col, out)
                entry = TableList(None, cell.text.strip())
                entry_rows = []
                c = head.group("count")
                count = (int(c) if c.isdigit() else WORD_NUMBERS.get(c.lower())) if c else None
            if entry is None:
                continue
            entry_rows.append(row)
            if head or cell is None:
                continue
            for text, s, e in _pieces(cell.text, cell.start):
                _add_piece(entry, count, text, Span(s, e))
        if entry is not None:
            _close(entry, entry_rows, col, out)
    return out


def _close(entry: TableList, rows: list[Block], col: int, out: list[TableList]) -> None:
    entry.title = _entry_title(rows, col)
    _finish(entry)
    out.append(entry)


def _add_piece(entry: TableList, count: int | None, text: str, span: Span) -> None:
    """Numbered lines start items, lowercase lines continue them, text after a full list is trailer."""
    full = count is not None and len({it.text.lower() for it in entry.items}) >= count
    if entry.trailer:
        entry.trailer.append((text, span))
        return
    m = _ENUM.match(text)
    body = tidy(text[m.end() :]) if m else ""
    if m and body:
        if any(it.text.lower() == body.lower() for it in entry.items):
            return  # a line repeated by the conversion
        if full:
            entry.trailer.append((text, span))
        else:
            entry.items.append(TableItem(body, _rank(m), [span]))
        return
    if not text[:1].islower() and any(it.rank for it in entry.items):
        entry.trailer.append((text, span))  # prose after a numbered list
    elif text[:1].islower() and entry.items:
        last = entry.items[-1]
        last.text = tidy(f"{last.text} {text}")
        last.spans.append(span)
    elif full:
        entry.trailer.append((text, span))
    else:
        entry.items.append(TableItem(tidy(text), None, [span]))
