"""Typos in the words that carry a question's intent ("who comissions...", "who fundes...").

Why: the intent is read from cue words and from the embedding of the question; a
misspelt cue word misses its pattern and moves the embedding, so "who comissions tier 2
CAMHS" read as a relationship question. Body and topic names are matched fuzzily by the
linker already; this corrects only the small, fixed vocabulary of intent words, and only
words that the loaded documents themselves never use (so a real word is never "fixed").

>>> fix = CueSpelling(known_words={"tier", "camhs"})
>>> fix("who comissions tier 2 CAMHS?")
'who commissions tier 2 CAMHS?'
>>> fix("who fundes the youth servce")
'who funds the youth servce'
>>> fix("what are the priorites for SEND")
'what are the priorities for SEND'
>>> fix("who commissions it")
'who commissions it'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

# The words whose spelling decides what a question asks (see question.RELATIONS); kept short on purpose.
CUE_WORDS: tuple[str, ...] = (
    "commission",
    "commissions",
    "commissioned",
    "commissioner",
    "commissioners",
    "commissioning",
    "fund",
    "funds",
    "funded",
    "funding",
    "funder",
    "funders",
    "provide",
    "provides",
    "provided",
    "provider",
    "providers",
    "deliver",
    "delivers",
    "delivered",
    "contact",
    "contacts",
    "email",
    "telephone",
    "priority",
    "priorities",
    "recommend",
    "recommendations",
    "intention",
    "intentions",
    "budget",
    "budgets",
    "spend",
    "spending",
    "responsible",
    "strategy",
    "legislation",
    "partnership",
    "members",
)

_WORD = re.compile(r"[A-Za-z]{4,}")


class CueSpelling:
    """Replace a misspelt intent word by the nearest cue word (edit distance 1, or 2 if long)."""

    def __init__(self, known_words: Iterable[str] = ()) -> None:
        self.known = {w.lower() for w in known_words} | set(CUE_WORDS)

    def _correct(self, word: str) -> str:
        low = word.lower()
        if low in self.known or word.isupper() or len(low) < 5:  # acronyms (SEND, CAMHS) are names
            return word
        limit = 1 if len(low) < 8 else 2
        best, best_d = None, limit + 1
        for cue in CUE_WORDS:
            if cue[0] != low[0] or abs(len(cue) - len(low)) > limit:
                continue
            d = Levenshtein.distance(low, cue, score_cutoff=limit)
            if d < best_d:
                best, best_d = cue, d
        if best is None:
            return word
        return best.capitalize() if word[0].isupper() else best

    def __call__(self, question: str) -> str:
        return _WORD.sub(lambda m: self._correct(m.group(0)), question)


def words_of(texts: Iterable[str]) -> set[str]:
    """The lower-case words of the loaded passages: what must never be 'corrected'."""
    out: set[str] = set()
    for t in texts:
        out.update(w.lower() for w in _WORD.findall(t))
    return out
