"""Priorities written inline: prose lists and numbered runs inside one paragraph or cell.

Two shapes recur in council documents and in their PDF conversions:

- a sentence that names a set of priorities and lists them after a colon, semicolon or
  dash: "an outcomes framework ...: Be Healthy, Stay Safe, Enjoy & Achieve, Make a Positive
  Contribution and Economic Well-Being", "three focus areas—older people, mental health and
  well-being, and place-based commissioning—", "two areas for improvement ...; continue to
  improve ... and secure ...". When the sentence gives a count, the list must have exactly
  that many items (the count also decides where "and" separates items); without a count
  the items must read as a list (three or more short items);
- numbered items run together on one line ("Priority 1: ... Priority 2: ...",
  "ii. Urgent care iii. Planned care"), as table cells often are after conversion.

Offsets are relative to the text passed in.

>>> [text for text, _, _ in prose_list("The three focus areas—older people, mental health and "
...                                     "well-being, and place-based commissioning—exist.").items]
['older people', 'mental health and well-being', 'place-based commissioning']
>>> [text for text, _, _ in prose_list("It works on the outcomes of: play, housing, and family and "
...                                     "friends.").items]
['play', 'housing', 'family and friends']
>>> [(r, t) for r, t, _, _ in inline_numbered("Trust Priority 1: Safe children Priority 2: Healthy lives")]
[(1, 'Safe children'), (2, 'Healthy lives')]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ckg.loaders.extract.priorities_lists import WORD_NUMBERS

_COUNT = r"(?P<count>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
_NOUN = (
    r"(?P<noun>priorit(?:y|ies)|themes|objectives|outcomes(?:\s+framework)?|aims|goals|ambitions|"
    r"focus\s+areas|areas\s+(?:of|for)\s+(?:focus|improvement|development)|key\s+elements|"
    r"strategic\s+objectives|work\s*streams)"
)
_LEAD = re.compile(rf"\b(?:{_COUNT}\s+(?:[\w-]+\s+){{0,3}}?)?{_NOUN}\b", re.I)
_DELIM = re.compile(
    r"\s*(?P<d>:-?|;|—|\s[–-]\s|\.\s+(?:They\s+)?[Ii]nclud(?:e|es|ing)\b:?|\binclud(?:e|es|ing)\b:?|"
    r"\bwhich\s+are\b:?|\bare\b:(?:-)?)\s*"
)
_SENTENCE_END = re.compile(r"\.(?=\s+[A-Z(\"'‘“]|\s*$)|\n")
_BODY_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)\.(?=\s|$)|\n")
_ITEM_MAX_WORDS = 14


@dataclass
class ProseList:
    lead: str  # the sentence up to the list
    count: int | None
    items: list[tuple[str, int, int]] = field(default_factory=list)  # (text, start, end)


def _pieces(body: str, offset: int) -> list[tuple[str, int, int]]:
    """Split a list body on commas and semicolons outside brackets; strip "and"/"or"."""
    out: list[tuple[str, int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(body + ","):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in ",;" and depth == 0:
            seg = body[start:i]
            m = re.match(r"\s*(?:(?:and|or)\s+)?", seg)
            s = start + (m.end() if m else 0)
            e = start + len(seg.rstrip(" .;,"))
            if e > s:
                out.append((body[s:e], offset + s, offset + e))
            start = i + 1
    return out


def _split_and(piece: tuple[str, int, int], capital_next: bool) -> list[tuple[str, int, int]]:
    text, s, _ = piece
    for m in re.finditer(r"\s+and\s+", text):
        right = text[m.end() :]
        if capital_next and not right[:1].isupper():
            continue
        return [(text[: m.start()], s, s + m.start()), (right, s + m.end(), s + len(text))]
    return [piece]


def _items(body: str, offset: int, count: int | None) -> list[tuple[str, int, int]]:
    pieces = _pieces(body, offset)
    if not pieces:
        return []
    capitalised = pieces[0][0][:1].isupper()
    if capitalised:  # "A, B, C, alongside other things": stop at the first piece that is prose again
        for k, p in enumerate(pieces):
            if not p[0][:1].isupper():
                pieces = pieces[:k]
                break
    if not pieces:
        return []
    if count is None:
        only_semicolons = ";" in body and not re.search(r",(?![^(]*\))", body)
        # "a, b, and c and d": a serial comma has already put "and" between the last two
        # items, so the last one is kept whole.
        serial = re.search(r",\s+(?:and|or)\s+[^,;]*$", body)
        if len(pieces) >= 2 and not only_semicolons and not serial:  # "a; b; c and d" keeps "c and d" whole
            pieces = pieces[:-1] + _split_and(pieces[-1], capitalised)
    else:
        k = len(pieces) - 1
        while len(pieces) < count and k >= 0:
            split = _split_and(pieces[k], capitalised)
            if len(split) == 1:
                k -= 1
                continue
            pieces = pieces[:k] + split + pieces[k + 1 :]
            k = len(pieces) - 1
    return pieces


def prose_list(text: str, start: int = 0) -> ProseList | None:
    """The first inline list of priorities in ``text`` at or after ``start``, or None."""
    for m in _LEAD.finditer(text, start):
        count = None
        if c := m.group("count"):
            count = int(c) if c.isdigit() else WORD_NUMBERS.get(c.lower())
        window = text[m.end() : m.end() + 160]
        cut = _SENTENCE_END.search(window)
        d = _DELIM.search(window)
        if not d or (
            cut
            and d.start() > cut.start()
            and not d.group("d").lstrip(". ").lower().startswith(("incl", "they"))
        ):
            continue
        body_start = m.end() + d.end()
        if d.group("d").strip() == "—":
            close = text.find("—", body_start)
            body_end = close if close != -1 else len(text)
        else:
            end = _BODY_END.search(text, body_start)
            body_end = end.start() if end else len(text)
        items = _items(text[body_start:body_end], body_start, count)
        explicit = d.group("d").strip().startswith((":", ".")) or d.group("d").strip().endswith(":")
        if not _valid(items, count, explicit):
            continue
        stop = text.rfind(". ", 0, m.start())
        sentence_start = max(stop + 2 if stop >= 0 else 0, text.rfind("\n", 0, m.start()) + 1)
        return ProseList(text[sentence_start : m.end() + d.start()], count, items)
    return None


def _valid(items: list[tuple[str, int, int]], count: int | None, explicit: bool) -> bool:
    """A list must match its count; without one, Title Case items, or 3+ after a colon/"Include"."""
    if items and re.match(r"(?:they|it|we|these|this|there)\b", items[0][0], re.I):
        return False  # a clause ("they should be healthy, safe, ..."), not a list of priorities
    if len(items) < 2 or any(len(t.split()) > _ITEM_MAX_WORDS or len(t) < 3 for t, _, _ in items):
        return False
    if count is not None:
        return len(items) == count
    if len(items) < 3:
        return False
    return explicit or all(t[:1].isupper() for t, _, _ in items)


def prose_lists(text: str) -> list[ProseList]:
    """Every inline list of priorities in ``text``."""
    out: list[ProseList] = []
    pos = 0
    while (found := prose_list(text, pos)) is not None:
        out.append(found)
        pos = found.items[-1][2]
    return out


_INLINE = re.compile(
    r"(?:(?<=\s)|^)(?:(?P<word>Priority|Theme|Objective|Outcome|Aim)\s+(?P<n>\d{1,2})\s*[:.\-–]?"
    r"|(?P<roman>[ivx]{1,4})[.)]|(?P<num>\d{1,2})[.)])\s+(?=[A-Za-z])"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


def inline_numbered(text: str) -> list[tuple[int, str, int, int]]:
    """(rank, text, start, end) for numbered items run together in ``text``.

    Only a consistent sequence counts (the same kind of marker, numbers rising by one), so a
    stray "2." in prose does not split it.
    """
    marks = list(_INLINE.finditer(text))
    if len(marks) < 2:
        return []

    def kind_value(m: re.Match[str]) -> tuple[str, int]:
        if m.group("word"):
            return m.group("word").lower(), int(m.group("n"))
        if m.group("roman"):
            return "roman", _ROMAN.get(m.group("roman"), 0)
        return "num", int(m.group("num"))

    kinds = [kind_value(m) for m in marks]
    first_kind = kinds[0][0]
    seq = [(m, v) for m, (k, v) in zip(marks, kinds, strict=True) if k == first_kind]
    if len(seq) < 2 or any(b[1] != a[1] + 1 for a, b in itertools.pairwise(seq)):
        return []
    out: list[tuple[int, str, int, int]] = []
    for k, (m, value) in enumerate(seq):
        s = m.end()
        e = seq[k + 1][0].start() if k + 1 < len(seq) else len(text)
        seg = text[s:e]
        e = s + len(seg.rstrip(" .;,\n"))
        if e > s:
            out.append((value, text[s:e], s, e))
    return out
