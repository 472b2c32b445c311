"""Funding lines in running text: one line per money figure, labelled by what the money is.

Why: a sentence often carries several figures ("£2.9 million of capital funding and £3.2
million of revenue funding has been provided by the DfES"); each is its own line, named
by the noun phrase it attaches to ("capital funding"), with the kind, period and funder
read from the words around *that* figure, not from the whole sentence. Figures that are
procurement thresholds ("services worth £25K+", "tenders over £25k") are one line per
amount in a document however often they are repeated. Sentences that say who funds
something without an amount ("X was commissioned and funded by Y") are lines too.

>>> import re
>>> s = "In total there is an annual spend of approximately £677m, including £321m that goes to schools."
>>> [describe(s, m.start(), m.end()) for m in re.finditer(r"£\\d+m", s)]
['annual spend', 'goes to schools']
>>> describe("83 children with ASD (£3.8 million)", 22, 34)
'83 children with ASD'
>>> period_near("funding for the period April 2006 to March 2008.", 0)
'April 2006 to March 2008'
"""

from __future__ import annotations

import re

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_YEAR = r"(?:19|20)\d\d(?:\s*/\s*\d\d(?:\d\d)?)?"
PERIOD = re.compile(
    r"\b(?:"
    + _MONTH
    + r"\s+"
    + _YEAR
    + r"\s*(?:to|until|and|[-–—])\s*"
    + _MONTH
    + r"\s+"
    + _YEAR
    + r"|"
    + _YEAR
    + r"\s*(?:[-–—]|to)\s*(?:19|20)?\d\d(?:\s*/\s*\d\d)?"
    + r"|"
    + _MONTH
    + r"\s+"
    + _YEAR
    + r"|(?:19|20)\d\d\s*/\s*\d\d"
    + r"|per\s+(?:annum|year)|a\s+year|annual(?:ly)?|each\s+year|one-off"
    + r"|over\s+(?:the\s+)?(?:next\s+)?(?:\d+|two|three|four|five|ten|fifteen)\s+years?"
    + r"|\d+\s+year\s+period)\b",
    re.I,
)
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(£\"“‘])")
_LINK_BEFORE = re.compile(
    r"(?:\b(?:is|are|was|were|of|totalling|totaling|totals?|worth|costing|costs?|at|amounting\s+to|"
    r"valued\s+at|stands?\s+at|reached|be|by)\s*)$",
    re.I,
)
_QUALIFIER_END = re.compile(
    r"\s*\b(?:approximately|approx\.?|nearly|over|around|about|some|almost|an?\s+estimated|estimated|"
    r"in\s+excess\s+of|in\s+the\s+region\s+of|just\s+over|just\s+under|more\s+than|up\s+to|circa)\s*$",
    re.I,
)
_CLAUSE_BOUNDARY = re.compile(
    r"(?:[,;:(]|\b(?:that|which|but|while|whereas|there\s+is|there\s+are|we\s+estimate|"
    r"of\s+this|in\s+total|overall|currently|now|also)\b)\s*",
    re.I,
)
_ASIDE = re.compile(r"^\s*(?:including|such\s+as|e\.g\.|i\.e\.|particularly|especially|mainly)\b", re.I)
_MODAL_END = re.compile(
    r"\s*\b(?:will|would|could|should|may|might|can|must|"
    r"(?:is\s+|are\s+)?(?:expected|likely|estimated|anticipated|projected|set)\s+to)\s*(?:be\s*)?$",
    re.I,
)
_DETERMINER = re.compile(r"\b(?:a|an|the|its|their|our|this|his|her)\s+", re.I)
MONEY_NOUN = re.compile(
    r"\b(?:budgets?|spend|spending|expenditure|investment|funding|funds?|grants?|allocations?|value|costs?|"
    r"contributions?|income|savings?|envelope|resources?)\b",
    re.I,
)
# Money that is not public funding: household incomes, pay, prices.
NOT_FUNDING_SENTENCE = re.compile(
    r"\bunit\s+costs?\b|\b(?:comparator|national|england|regional|statistical\s+neighbour)\s+average\b",
    re.I,
)
NOT_FUNDING = re.compile(
    r"\b(?:income|incomes|salary|salaries|earn\w*|wages?|paid\s+(?:an?\s+)?hour|house\s+prices?|rent|"
    r"prices?|fees?\s+(?:of|per))\b[^£]{0,60}$",
    re.I,
)
_LEAD_JUNK = re.compile(
    r"^(?:(?:a|an|the|its|their|our|this|these|approximately|some|around|about|of|further|total\s+of|"
    r"and|or|then|followed\s+by|(?:they|it|these|this|we)\s+(?:are|were|is|was|have\s+been|has\s+been))\s+)+",
    re.I,
)
_AFTER_OF = re.compile(
    r"^\s*(?:of|in)\s+((?:(?!\b(?:is|are|was|were|has|have|will|from|by|provided|and\s+(?:£|an?\s|the\s))\b)[^,;.()£])+)",
    re.I,
)
_AFTER_FOR = re.compile(
    r"^\s*(?:that\s+|which\s+)?(?:is\s+|are\s+|was\s+|were\s+|has\s+been\s+|have\s+been\s+|will\s+be\s+)?"
    r"(?:\w+ly\s+)?(?:(?:provided|allocated|spent|invested|available|used|set\s+aside|earmarked|"
    r"committed|paid|given|awarded|goes|go|went)\s+)?(?:\w+ly\s+)?(?:for|to\s+fund|to|on|towards|into)\s+"
    r"((?:(?!\b(?:is|are|was|were|which|that|and\s+£)\b)[^,;.()£])+)",
    re.I,
)
# Thresholds: the figure is a limit rules apply to, not money given to something.
_THRESHOLD_BEFORE = re.compile(
    r"(?:\bworth|\bthreshold\s+of|\b(?:tenders?|contracts?|bids?|opportunities|purchases?|those|"
    r"services)\s+(?:of\s+)?(?:exceeding)?)\s*$",
    re.I,
)
_COMPARATOR = frozenset(
    ["over", "under", "above", "below", "up to", "less than", "more than", "or more", "in excess of"]
)
_FUNDING_BEFORE = re.compile(r"\b(?:grants?|funding|allocation|investment|budget|award)\s+of\s*$", re.I)
# "X was commissioned and funded by Y", "X is currently funded through a grant from Y".
FUNDED_CLAUSE = re.compile(
    r"(?P<subject>(?:[A-Z][\w'’-]*)(?:\s+[\w'’()-]+){0,9}?)\s+(?:is|was|are|were|has\s+been|have\s+been)\s+"
    r"(?:\w+ly\s+)?(?:commissioned\s+and\s+)?funded\s+(?:by|through|from)\b"
)
FUNDED_ATTRIBUTE = re.compile(
    r"(?P<subject>(?:[A-Z][\w'’-]*)(?:\s+[\w'’-]+){0,8}?)\s+is\s+an?\s+(?:[\w-]+\s+){0,3}?"
    r"(?P<funder>(?:[A-Z][\w'’&-]*\s+){1,5})funded\s+(?:programme|project|scheme|initiative|service)"
)
_PRONOUN = re.compile(r"^(?:it|this|they|these|that|those|which|he|she|we|there)$", re.I)


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text[start:end]``."""
    out = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _tidy(phrase: str, max_words: int = 16) -> str:
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:-–(")
    phrase = _LEAD_JUNK.sub("", phrase)
    words = phrase.split()
    return " ".join(words[:max_words]).rstrip(" ,;:-–(")


def _noun_phrase_before(head: str) -> str | None:
    """The noun phrase that ends ``head`` ("... there is a total annual spend" -> "total annual spend")."""
    head = _MODAL_END.sub("", _QUALIFIER_END.sub("", head))
    parts = [_MODAL_END.sub("", p) for p in _CLAUSE_BOUNDARY.split(head)]
    parts = [p for p in parts if p.strip() and not _ASIDE.match(p)]
    chosen = parts[-1] if parts else ""
    # "the packages are | placements for 2 ...", but not "spending is projected to increase"
    chosen = re.split(r"\s\b(?:is|are|was|were)\s(?!\w+(?:ed|ing)\b)", chosen)[-1]
    dets = list(_DETERMINER.finditer(chosen))
    if dets and MONEY_NOUN.search(chosen[dets[-1].end() :]):
        chosen = chosen[dets[-1].end() :]
    phrase = _tidy(chosen)
    if not phrase or _PRONOUN.match(phrase) or re.fullmatch(r"[\W\d]*", phrase):
        return None
    return phrase


def describe(sentence: str, start: int, end: int) -> str:
    """What the money figure at ``sentence[start:end]`` is: the noun phrase it attaches to."""
    before, after = sentence[:start], sentence[end:]
    if re.match(r"\s*\)", after) and before.rstrip().endswith("("):  # "83 children with ASD (£3.8m)"
        head = re.split(r"[;:]|\.\s", before.rstrip()[:-1])[-1]
        if phrase := _tidy(head):
            return phrase
    if m := _AFTER_OF.match(after):  # "£2.9 million of capital funding"
        phrase = _tidy(m.group(1), 12)
        if phrase and not re.fullmatch(r"(?:19|20)\d\d\S*", phrase):
            return phrase
    before = _QUALIFIER_END.sub("", before)
    if _LINK_BEFORE.search(before):  # "a spend of approximately £98m on ...", "the budget ... is £504m"
        phrase = _noun_phrase_before(_LINK_BEFORE.sub("", before))
        if phrase is None:  # "we estimate that this is £10m": the money noun said before
            nouns = list(MONEY_NOUN.finditer(before))
            phrase = nouns[-1].group(0) if nouns else None
        if phrase:
            pp = re.match(r"\s*((?:on|for|in)\s+[^,;.()£]+)", after)
            if (
                pp
                and MONEY_NOUN.search(phrase.split()[-1])
                and not re.match(r"\s*in\s+(?:19|20)\d\d", pp.group(1))
            ):
                phrase = _tidy(f"{phrase} {pp.group(1)}")
            return phrase
    if m := _AFTER_FOR.match(after):  # "£7.5m is provided to fund apprenticeship schemes"
        phrase = re.sub(
            r"^\s*(?:that|which)?\s*(?:is|are|was|were|has\s+been|have\s+been|will\s+be)?\s*", "", m.group(0)
        )
        if phrase := _tidy(phrase, 10):
            return phrase
    # the clause as printed, figure included: "We are hoping to access a minimum of £100m"
    left = " ".join(_CLAUSE_BOUNDARY.split(before)[-1].split()[-10:])
    right = " ".join(re.split(r"[,;.]\s|\s+and\s+|\s+but\s+", after)[0].split()[:6])
    return re.sub(r"\s+", " ", f"{left} {sentence[start:end]} {right}").strip(" ,;:-–(")


def period_near(sentence: str, pos: int) -> str | None:
    """The period printed nearest to offset ``pos`` in the sentence, as printed."""
    best = None
    for m in PERIOD.finditer(sentence):
        dist = m.start() - pos if m.start() >= pos else pos - m.end()
        if best is None or dist < best[0]:
            best = (dist, m.group(0))
    return re.sub(r"\s+", " ", best[1]) if best else None


def is_threshold(sentence: str, start: int, end: int, qualifier: str | None) -> bool:
    """A limit rules apply to ("services worth £25K+", "tenders over £25k"), not money given."""
    before = sentence[:start]
    if _FUNDING_BEFORE.search(before):
        return False
    if re.search(r"\b(?:worth|threshold\s+of)\s*$", before, re.I):
        return True
    return qualifier in _COMPARATOR and bool(_THRESHOLD_BEFORE.search(before))


def funded_statements(sentence: str) -> list[tuple[str, int, str | None]]:
    """(subject, its offset, funder as printed if before "funded") of "X is/was funded by ..." clauses.

    >>> funded_statements("The Hub is a three-year Arts Council England funded programme.")
    [('Hub', 0, 'Arts Council England')]
    """
    out = []
    for rx in (FUNDED_CLAUSE, FUNDED_ATTRIBUTE):
        for m in rx.finditer(sentence):
            subject = m.group("subject")
            if re.search(r"\b(?:that|which|who)$", subject):
                continue  # "other services that are funded by ...": the subject is not named
            subject = re.split(r",\s*|\b(?:which|that|and)\s+", subject)[-1]
            subject = _tidy(subject, 10)
            if not subject or _PRONOUN.match(subject.split()[0]) or subject.lower() in ("service", "project"):
                continue
            funder = m.groupdict().get("funder")
            out.append((subject, m.start("subject"), funder.strip() if funder else None))
    return out
