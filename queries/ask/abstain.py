"""When to say "the documents do not answer this": honest misses instead of invented answers.

Two checks, both conservative (a wrong abstention costs a right answer; an invented one costs
trust):

1. The question names something the corpus never mentions: a capitalised name or acronym that
   is neither a word of any passage (allowing for typos) nor a name the graph knows. "What is
   the population of Mars?" has passages about population, none about Mars.
2. The question asks for a kind of value no answer carries: an email address or phone number
   when no answer's evidence holds one; a sum of money when no answer is a figure.

>>> unknown_names("What is the population of Mars?", lambda w: w in {"population"})
['Mars']
>>> unknown_names("Who funds CAMHS in Oxfordshire?", lambda w: True)
[]
>>> missing_value("email address of the commissioner?", [{"label": "A Body", "evidence": [{"quote": "no mail"}]}])
'an email address'
>>> missing_value("who should I call about short breaks?", [{"label": "Short Breaks Team"}])
'a phone number'
>>> missing_value("what does the Elmbury plan call its three aims?", [{"label": "growing well"}]) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ckg.loaders.extract.contacts import EMAIL, phones_in
from ckg.queries.ask.retrieval import tokens

_NAME = re.compile(r"(?<![\w'’-])([A-Z][a-z]{2,}|[A-Z]{2,6}s?)(?![\w'’-])")
# capitalised words that start questions or are English, not names
_COMMON = frozenset(
    [
        "who",
        "what",
        "which",
        "when",
        "where",
        "why",
        "how",
        "whose",
        "whom",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "has",
        "have",
        "had",
        "the",
        "a",
        "an",
        "in",
        "on",
        "of",
        "for",
        "to",
        "and",
        "or",
        "i",
        "my",
        "our",
        "their",
        "its",
        "please",
        "tell",
        "me",
        "list",
        "show",
        "name",
        "find",
        "give",
        "any",
        "there",
        "this",
        "that",
        "these",
        "those",
    ]
)
_ASKS_EMAIL = re.compile(r"\be-?mail\b", re.I)
# "call" and "ring" ask for a number only when someone is to make the call ("who do I call",
# "a number to ring"); otherwise "call" is naming ("what does the plan call the three aims").
_ASKS_PHONE = re.compile(
    r"\b(?:phone|telephone|tel)\b(?!\s+(?:for|on)\s+(?:evidence|tender))"
    r"|\b(?:i|we|you|they|to|can|could|should|do)\s+(?:ring|call)\b(?!\s+(?:for|on)\s+(?:evidence|tender))"
    r"|\b(?:number|who|whom)\s+to\s+(?:ring|call)\b",
    re.I,
)
_FIGURE = re.compile(r"£\s?\d|\d[\d,.]*\s?(?:%|per\s?cent|k\b|m\b|million|bn|billion)|\b\d[\d,]{2,}\b", re.I)


def unknown_names(question: str, known_word: Callable[[str], bool]) -> list[str]:
    """Capitalised names and acronyms in the question that no passage contains (typos allowed by
    ``known_word``, which gets a stemmed token)."""
    out = []
    first = True
    for m in _NAME.finditer(question):
        word = m.group(1)
        at_start = first and not question[: m.start()].strip(" \"'“‘(")
        first = False
        if at_start or word.lower() in _COMMON:
            continue
        toks = tokens(word)
        if toks and not any(known_word(t) for t in toks):
            out.append(word)
    return out


def detail_asked(question: str) -> str | None:
    """ "email" or "phone" when the question asks for that contact detail, else None.

    A question that starts "who" asks for a person, whose details come with them.

    >>> detail_asked("email for the head of early help?"), detail_asked("what number do I ring about fostering?")
    ('email', 'phone')
    >>> detail_asked("who should I ring about fostering?") is None
    True
    >>> detail_asked("what does the plan call its aims?") is None
    True
    """
    if re.match(r"\s*(?:who|whom|whose)\b", question, re.I):
        return None
    if _ASKS_EMAIL.search(question):
        return "email"
    if _ASKS_PHONE.search(question):
        return "phone"
    return None


def missing_value(question: str, answers: Iterable[dict[str, Any]]) -> str | None:
    """The kind of value the question asks for when none of the answers carries it, else None."""
    answers = list(answers)

    def texts() -> Iterable[str]:
        for a in answers:
            yield a.get("label", "")
            yield a.get("why", "") or ""
            for ev in a.get("evidence", []) or []:
                yield ev.get("quote", "") or ""

    if _ASKS_EMAIL.search(question) and not any(EMAIL.search(t) for t in texts()):
        return "an email address"
    if (
        _ASKS_PHONE.search(question)
        and not _ASKS_EMAIL.search(question)
        and not any(phones_in(t) for t in texts())
    ):
        return "a phone number"
    return None


def lacks_figure(answers: Iterable[dict[str, Any]]) -> bool:
    """No answer is a figure (for questions asking "how much")."""
    return not any(_FIGURE.search(a.get("label", "") or "") for a in answers)
