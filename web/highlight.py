"""The question's words marked in an evidence quote, safely.

Why not a regex over escaped HTML: replacing inside escaped text could split an entity
(``&amp;``) or match inside one. Instead the matches are found in the *raw* text, and the
output is built from escaped pieces, with ``<mark>`` wrapped round the escaped matches only.
The result is ``Markup`` (already safe), so templates never need ``|safe`` on document text.

>>> str(highlight("Fund the <CSE> prevention work", "who funds CSE prevention?"))
'<mark>Fund</mark> the &lt;<mark>CSE</mark>&gt; <mark>prevention</mark> work'
>>> str(highlight("Tom & Jerry", "amp"))
'Tom &amp; Jerry'
>>> query_stems("Who funds the short breaks?")
['fund', 'short', 'break']
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# Words too common in questions to be worth marking in a quote.
_STOP_TEXT = """a about after all also an and any are as at be been being but by can could did do does
    doing for from had has have how i in into is it its me my of on or our out over so than that
    the their them then there these they this those through to under up us was we were what when
    where which who whom whose why will with would you your much many list show tell give"""
STOPWORDS = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_SUFFIXES = ("ing", "ies", "es", "ed", "s")


def _stem(word: str) -> str:
    """A crude stem so "funds" marks "funding" and "breaks" marks "break"; never under 3 letters."""
    w = word.lower().replace("’", "'").removesuffix("'s")
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def query_stems(question: str) -> list[str]:
    """The stems worth marking: content words of at least three letters (and any figure)."""
    out: list[str] = []
    for m in _WORD.finditer(question or ""):
        word = m.group(0).strip("'’-")
        if len(word) < 3 and not word.isdigit():
            continue
        if word.lower() in STOPWORDS:
            continue
        stem = _stem(word)
        if stem not in out:
            out.append(stem)
    return out


def _pattern(stems: list[str]) -> re.Pattern[str] | None:
    if not stems:
        return None
    alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})[A-Za-z0-9]*", re.IGNORECASE)


def highlight(text: str, question: str) -> Markup:
    """``text`` escaped, with the words of ``question`` wrapped in ``<mark>``."""
    text = text or ""
    pattern = _pattern(query_stems(question))
    if pattern is None:
        return Markup(escape(text))
    parts: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        parts.append(str(escape(text[pos : m.start()])))
        parts.append(f"<mark>{escape(m.group(0))}</mark>")
        pos = m.end()
    parts.append(str(escape(text[pos:])))
    return Markup("".join(parts))
