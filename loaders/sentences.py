"""Sentences with their offsets: the one splitter extraction and asking share.

Why one splitter: evidence is quoted to the sentence, and a fact found by extraction must
point at the same sentence a question's answer quotes. Local regex splitters each broke on
different abbreviations ("e.g.", "Cllr.", "No. 4") and on different table layouts.

Splitting follows the layout first, then the language: a line break or a tab-separated
table row ends a sentence (a table row is quoted as one "sentence", cells and all), and
within a line pysbd (a maintained rule-based sentence boundary detector) finds the ends.
A line with no sentence-ending punctuation inside it is one sentence without asking pysbd
(most passages are headings, list items and table rows: this keeps asking fast).

>>> text = "The Panel meets monthly. It is chaired by the Head of Service, e.g. Dr. Lee.\\nBudget\\t£4m"
>>> [text[a:b] for a, b in sentence_spans(text)]
['The Panel meets monthly.', 'It is chaired by the Head of Service, e.g. Dr. Lee.', 'Budget\\t£4m']
>>> sentence_spans("  ")
()
"""

from __future__ import annotations

import re
from functools import lru_cache

_LINE = re.compile(r"[^\n]+")
# A full stop, question or exclamation mark (possibly closing a quote or bracket) followed by a
# space and something that could start a sentence: only then is pysbd worth asking.
_MAYBE_END = re.compile(r"[.!?][\"'”’)\]]*\s+[\"'“‘(\[]?[A-Z0-9•]")


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_line(line: str) -> list[tuple[int, int]]:
    if "\t" in line or not _MAYBE_END.search(line):
        return [(0, len(line))]
    spans = []
    cursor = 0
    for piece in _segmenter().segment(line):
        # pysbd's spans include trailing spaces; find each piece from where the last ended, so
        # a repeated sentence maps to its own place
        at = line.find(piece.sent, cursor)
        if at < 0:
            at = piece.start
        spans.append((at, at + len(piece.sent)))
        cursor = at + len(piece.sent)
    return spans or [(0, len(line))]


@lru_cache(maxsize=16384)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of ``text``, trimmed of surrounding spaces, in order."""
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        for a, b in _split_line(m.group(0)):
            start, end = _trimmed(text, m.start() + a, m.start() + b)
            if end > start:
                out.append((start, end))
    return tuple(out)


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings.

    >>> sentences("Short breaks are funded by the Council. They start in May 2026.")
    ['Short breaks are funded by the Council.', 'They start in May 2026.']
    """
    return [text[a:b] for a, b in sentence_spans(text)]


def sentence_at(text: str, position: int) -> tuple[int, int]:
    """The (start, end) of the sentence holding character ``position`` (or the nearest one).

    >>> t = "First one. The grant is £20k. Last."
    >>> a, b = sentence_at(t, t.index("£")); t[a:b]
    'The grant is £20k.'
    """
    spans = sentence_spans(text)
    if not spans:
        return (0, len(text))
    for a, b in spans:
        if a <= position < b:
            return (a, b)
    return min(spans, key=lambda s: min(abs(s[0] - position), abs(s[1] - position)))
