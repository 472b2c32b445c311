"""Passages: the spans of a document's text that facts point to and searches return.

One passage per block (heading, paragraph, list item, table row); blocks longer than
``MAX_CHARS`` are cut at sentence ends, because a 3,000-character garbled table row is
useless as evidence and dilutes its embedding. Cutting is deterministic, so passage IRIs
(which hold the offsets) are stable across rebuilds.

>>> from ckg.loaders.text import load_string
>>> doc = load_string("# T\\n\\n" + "A sentence here. " * 80)
>>> ps = split_passages(doc)
>>> all(p.end - p.start <= MAX_CHARS for p in ps), doc.text[ps[1].start:ps[1].end][:16]
(True, 'A sentence here.')

A block is cut where a sentence ends, not mid-sentence:

>>> doc = load_string("# T\\n\\n" + "Harlow Vale runs a youth club on Fridays. " * 30)
>>> [doc.text[p.end - 8 : p.end] for p in split_passages(doc)[1:]]
['Fridays.', 'Fridays.']
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ckg.loaders.structure import StructuredDocument

MAX_CHARS = 700
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z0-9“\"'(•])|\n+|\s{2,}(?=[A-Z•])")


@dataclass(frozen=True)
class Passage:
    order: int  # 1-based position in the document
    start: int
    end: int
    block: int  # index of the block it comes from
    kind: str
    section: tuple[str, ...]
    page: int | None


def split_passages(doc: StructuredDocument) -> list[Passage]:
    out: list[Passage] = []
    for bi, b in enumerate(doc.blocks):
        for start, end in _cut(doc.text, b.start, b.end):
            out.append(Passage(len(out) + 1, start, end, bi, b.kind, b.section, b.page))
    return out


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= MAX_CHARS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    cur = start
    breaks = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]  # offsets in ``text``
    while end - cur > MAX_CHARS:
        limit = cur + MAX_CHARS
        candidates = [b for b in breaks if cur + MAX_CHARS // 4 < b <= limit]
        cut = candidates[-1] if candidates else _space_before(text, cur, limit)
        pieces.append((cur, _rstrip(text, cur, cut)))
        cur = _lstrip(text, cut, end)
    if cur < end:
        pieces.append((cur, end))
    return [(a, b) for a, b in pieces if b > a]


def _space_before(text: str, lo: int, hi: int) -> int:
    i = text.rfind(" ", lo + 1, hi)
    return i if i > lo else hi


def _rstrip(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


def _lstrip(text: str, lo: int, hi: int) -> int:
    while lo < hi and text[lo].isspace():
        lo += 1
    return lo


class PassageLocator:
    """Finds the passage that contains an offset (records point at offsets, facts at passages)."""

    def __init__(self, passages: list[Passage]) -> None:
        self.passages = passages
        self._starts = [p.start for p in passages]

    def at(self, offset: int) -> Passage | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return self.passages[0] if self.passages else None
        p = self.passages[i]
        if offset < p.end or i + 1 >= len(self.passages):
            return p
        return self.passages[i + 1]  # offset fell in the gap between blocks
