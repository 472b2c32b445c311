"""Funding lines in running text: one line per money figure, labelled by what the money is.

Why: a sentence often carries several figures ("£1.6 million of capital funding and £2.4
million of revenue funding has been provided by the DfE"); each is its own line, named
by the noun phrase it attaches to ("capital funding"), with the kind, period and funder
read from the words around *that* figure, not from the whole sentence. Figures that are
procurement thresholds ("services worth £30K+", "tenders over £30k") are one line per
amount in a document however often they are repeated. Sentences that say who funds
something without an amount ("X was commissioned and funded by Y") are lines too.

>>> import re
>>> s = "In total there is an annual spend of approximately £415m, including £190m that goes to schools."
>>> [describe(s, m.start(), m.end()) for m in re.finditer(r"£\\d+m", s)]
['annual spend', 'goes to schools']
>>> describe("41 children with autism (£1.7 million)", 25, 37)
'41 children with autism'
>>> period_near("funding for the period April 2019 to March 2021.", 0)
'April 2019 to March 2021'
"""

from __future__ import annotations

import re

from ckg.loaders.dates import MONTH, YEAR
from ckg.loaders.sentences import sentence_spans

_NUMBER_WORD = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|twenty[- ]five)"
)
_FULL_YEAR = r"(?:19|20)\d\d"
_DAY_MONTH_YEAR = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{MONTH}\s+{_FULL_YEAR}"
# The period a figure is for, as printed: "2025/26", "2024 to 2027", "April 2026 to March 2028",
# "per annum", "a week", "over three years", "one-off". Month and year patterns from loaders.dates.
PERIOD = re.compile(
    r"\b(?:"
    + rf"{_DAY_MONTH_YEAR}\s*(?:to|until|and|[-–—])\s*{_DAY_MONTH_YEAR}"
    + rf"|{YEAR}\s*(?:[-–—]|to|and)\s*{YEAR}(?!\s*/)"
    + rf"|{_FULL_YEAR}\s*[-–]\s*\d\d(?!\d)"
    + rf"|{MONTH}\s+{_FULL_YEAR}"
    + rf"|{_FULL_YEAR}\s*/\s*\d\d(?:\d\d)?"
    + rf"|(?<=\bin\s){_FULL_YEAR}(?![\d/])"
    + r"|per\s+(?:annum|year|week|month|day|night)|an?\s+(?:year|week|month|day|night)(?!\s+(?:of|on|ago)\b)"
    + r"|annually|annual(?=\s+(?:budgets?|spend|spending|costs?|value|contracts?|contributions?|fees?|grants?|"
    + r"funding|allocations?|income|savings?|running\s+costs?|total|expenditure|investment)\b)"
    + r"|each\s+year(?:\s+thereafter)?|every\s+year|weekly|monthly|yearly|one[- ]off"
    + rf"|(?:over|for)\s+(?:the\s+|a\s+)?(?:next\s+|first\s+|last\s+|further\s+|maximum\s+of\s+)?{_NUMBER_WORD}\s+years?"
    + rf"|(?:term|period)\s+of\s+(?:up\s+to\s+)?{_NUMBER_WORD}\s+years?"
    + rf"|{_NUMBER_WORD}[- ]years?\s+period|{_NUMBER_WORD}[- ]year\s+(?:programme|contract|agreement|term)"
    + r")(?![\w/])",
    re.I,
)
_LINK_BEFORE = re.compile(
    r"(?:\b(?:is|are|was|were|of|totalling|totaling|totals?|worth|costing|costs?|at|amounting\s+to|"
    r"valued\s+at|stands?\s+at|reached|be|by|includes?)\s*)$",
    re.I,
)
_QUALIFIER_END = re.compile(
    r"\s*\b(?:approximately|approx\.?|nearly|over|around|about|some|almost|an?\s+estimated|estimated|"
    r"in\s+excess\s+of|in\s+the\s+region\s+of|just\s+over|just\s+under|more\s+than|up\s+to|circa|"
    r"on\s+average|an\s+average\s+of|in\s+total|a\s+total\s+of)\s*$",
    re.I,
)
_ADVERB_END = re.compile(r"\s+(?:now|currently|still|also|only|just|already|presently)\s*$", re.I)
# Between two figures of one measure: "£80k in 2026/27 and £1.1m in 2027/28", "£5,210, up from £3,960".
SAME_MEASURE = re.compile(
    r"\s*(?:(?:in|for|during|by)\s+[\w/–-]+\s*)?,?\s*(?:and|or|to|then|against|"
    r"(?:up|down|rising|falling|risen|fallen|increased|decreased|reduced|rose|fell)\s+(?:from|to)|"
    r"compared\s+(?:with|to))\s*$",
    re.I,
)
_CLAUSE_BOUNDARY = re.compile(
    r"(?:[,;:(]|\b(?:that|which|but|while|whereas|there\s+is|there\s+are|we\s+estimate|"
    r"of\s+this|in\s+total|overall|currently|now|also)\b)\s*",
    re.I,
)
_ASIDE = re.compile(
    r"^\s*(?:including|such\s+as|e\.g\.|i\.e\.|particularly|especially|mainly|assuming|excluding|"
    r"based\s+on|subject\s+to|according\s+to)\b",
    re.I,
)
_MODAL_END = re.compile(
    r"\s*\b(?:will|would|could|should|may|might|can|must|"
    r"(?:is\s+|are\s+)?(?:expected|likely|estimated|anticipated|projected|set)\s+to|"
    r"(?:is|are|was|were|has\s+been|have\s+been|will\s+be)\s+(?:estimated|expected|forecast|projected|budgeted|"
    r"valued|calculated|put|set|capped|fixed))\s*(?:be\s*)?$",
    re.I,
)
_DETERMINER = re.compile(r"\b(?:a|an|the|its|their|our|this|his|her)\s+", re.I)
MONEY_NOUN = re.compile(
    r"\b(?:budgets?|spend|spending|expenditure|investment|funding|funds?|grants?|allocations?|value|costs?|"
    r"contributions?|income|savings?|envelope|resources?|fees?|payments?)\b",
    re.I,
)
# Benchmarks: an average of other bodies the document compares itself with, not its own money.
BENCHMARK = re.compile(
    r"\b(?:comparators?|national|england|english|regional|statistical\s+neighbours?|benchmark|"
    r"other\s+(?:authorities|councils|areas))(?:'s?)?\s+(?:authorities\s+)?(?:average|mean|median)s?\b|"
    r"\baverages?\s+(?:for|of|across|in)\s+(?:england|comparators?|comparator\s+authorities|statistical\s+neighbours|"
    r"similar\s+authorities|other\s+(?:authorities|councils|areas)|the\s+region|all\s+(?:authorities|councils))\b",
    re.I,
)
# Money that is not public funding: household incomes, pay, prices.
NOT_FUNDING = re.compile(
    r"\b(?:income|incomes|salary|salaries|earn\w*|wages?|paid\s+(?:an?\s+)?hour|house\s+prices?|rent|"
    r"prices?|fees?\s+(?:of|per))\b[^£]{0,60}$",
    re.I,
)
_LEAD_JUNK = re.compile(
    r"^(?:\d+(?:\.\d+)+\s+|(?:a|an|the|its|their|our|this|these|approximately|some|around|about|of|in|on|at|with|further|total\s+of|"
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
    r"(?:\bthreshold\s+of|\b(?:tenders?|contracts?|bids?|opportunities|purchases?|those|services|anything|"
    r"\w+s\s+(?:valued\s+at|worth|exceeding))\s+(?:of\s+)?(?:exceeding)?)\s*$",
    re.I,
)
# A cap or limit is a threshold whatever its qualifier: "capped at £250,000 a year".
_LIMIT_BEFORE = re.compile(
    r"\b(?:threshold|limit|ceiling|cap)\s+(?:of\s+)?$|\b(?:capped|limited)\s+(?:at|to)\s+$", re.I
)
# "services worth £30K+", "contracts worth £15,000": a class of purchases, not one contract's value.
_CLASS_WORTH = re.compile(
    r"\b(?:services|contracts|tenders|bids|opportunities|purchases|those|anything|any\s+\w+)\s+worth\s*$",
    re.I,
)
_COMPARATOR = frozenset(
    ["over", "under", "above", "below", "up to", "less than", "more than", "or more", "in excess of"]
)
_FUNDING_BEFORE = re.compile(r"\b(?:grants?|funding|allocation|investment|budget|award)\s+of\s*$", re.I)
# "X was commissioned and funded by Y", "X is currently funded through a grant from Y".
FUNDED_CLAUSE = re.compile(
    r"(?P<subject>(?:[A-Z][\w'’-]*)(?:\s+[\w'’()-]+){0,9}?)\s+(?:is|was|are|were|has\s+been|have\s+been)\s+"
    r"(?:\w+ly\s+)?(?:commissioned\s+and\s+)?(?:(?:joint|part|co)[- ])?funded\s+(?:by|through|from|via)\b"
)
# "funded through the Better Care Fund": the fund, grant or programme money comes through.
FUNDED_THROUGH = re.compile(
    r"\bfunded\s+(?:through|from|via|out\s+of)\s+(?:the\s+|a\s+)?(?P<source>(?:[A-Z][\w'’-]*\s+){0,5}"
    r"(?:Fund|Grant|Programme|Budget|Allocation|Levy|Premium))\b"
)
FUNDED_ATTRIBUTE = re.compile(
    r"(?P<subject>(?:[A-Z][\w'’-]*)(?:\s+[\w'’-]+){0,8}?)\s+is\s+an?\s+(?:[\w-]+\s+){0,3}?"
    r"(?P<funder>(?:[A-Z][\w'’&-]*\s+){1,5})funded\s+(?:programme|project|scheme|initiative|service)"
)
_PRONOUN = re.compile(r"^(?:it|this|they|these|that|those|which|he|she|we|there)$", re.I)


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text[start:end]`` (the shared splitter's)."""
    return [(start + a, start + b) for a, b in sentence_spans(text[start:end])]


def _tidy(phrase: str, max_words: int = 16) -> str:
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:-–(")
    phrase = _LEAD_JUNK.sub("", phrase)
    words = phrase.split()
    return " ".join(words[:max_words]).rstrip(" ,;:-–(")


def _noun_phrase_before(head: str) -> str | None:
    """The noun phrase that ends ``head`` ("... there is a total annual spend" -> "total annual spend")."""
    head = _MODAL_END.sub("", _QUALIFIER_END.sub("", _MODAL_END.sub("", head)))
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
    if re.match(r"\s*\)", after) and before.rstrip().endswith("("):  # "41 children with autism (£1.7m)"
        head = re.split(r"[;:]|\.\s", before.rstrip()[:-1])[-1]
        if phrase := _tidy(head):
            return phrase
    if m := _AFTER_OF.match(after):  # "£1.6 million of capital funding"
        phrase = _tidy(m.group(1), 12)
        if phrase and not re.fullmatch(r"(?:19|20)\d\d\S*", phrase):
            return phrase
    before = _ADVERB_END.sub(" ", _QUALIFIER_END.sub("", before))
    if _LINK_BEFORE.search(before):  # "a spend of approximately £61m on ...", "the budget ... is £312m"
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


# "a block contract worth £264,000 a year", "a grant agreement of £35,000", "the contract value will be up to £2m".
_CONTRACT_BEFORE = re.compile(
    r"\b(?:an?|the|this|its|their|our|new)\s+(?P<np>(?:[\w+'’-]+\s+){0,5}?(?:contracts?|agreements?|frameworks?|"
    r"service\s+level\s+agreement))(?:\s+value)?\s+(?:(?:is|was|will\s+be|would\s+be)\s+)?"
    r"(?:worth|of|valued\s+at|totalling|totaling|with\s+a\s+(?:total\s+|annual\s+)?value\s+of|costing)?\s*$",
    re.I,
)
_PARTY_AFTER = re.compile(
    r"^[^.;]{0,40}?\bwith\s+(?P<party>(?:the\s+)?[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|for|&))*)"
)
_PARTY_BEFORE = re.compile(
    r"\b(?:delivered|provided|run|operated|supplied)\s+by\s+(?P<party>(?:the\s+)?[A-Z][\w&'’.-]*"
    r"(?:\s+(?:[A-Z][\w&'’.-]*|of|and|for|&))*)\s+under\b[^.;]*$"
)


def contract_value(sentence: str, start: int, end: int) -> tuple[str, str | None] | None:
    """(the contract, the party paid) when the figure is a contract's value, else None.

    >>> s = "We hold a block contract worth £264,000 a year with Brightpath Trust."
    >>> contract_value(s, s.index("£"), s.index("£") + 8)
    ('block contract with Brightpath Trust', 'Brightpath Trust')
    >>> s = "It is run by Elmfield Care under a contract of £90,000."
    >>> contract_value(s, s.index("£"), s.index("£") + 7)
    ('contract with Elmfield Care', 'Elmfield Care')
    """
    before = _QUALIFIER_END.sub("", sentence[:start])
    m = _CONTRACT_BEFORE.search(before)
    if not m:
        return None
    np = _tidy(m.group("np"), 8)
    party = None
    if (p := _PARTY_AFTER.match(sentence[end:])) or (p := _PARTY_BEFORE.search(before)):
        party = p.group("party")
    if party:
        party = re.sub(r"^the\s+", "", party.strip()).rstrip(".")
        if not re.search(r"\bwith\b", np):
            return f"{np} with {party}", party
    return np, party


def period_near(sentence: str, pos: int, end: int | None = None, others: tuple[int, ...] = ()) -> str | None:
    """The period printed for the figure at ``sentence[pos:end]``, as printed.

    A period right after the figure (before the next figure ``others``) is its own; else
    the nearest one before it with no other figure between; else the nearest anywhere.
    """
    end = pos if end is None else end
    others = tuple(o for o in others if o != pos)
    found = list(PERIOD.finditer(sentence))
    if not found:
        return None
    nxt = min((o for o in others if o >= end), default=len(sentence))
    prev = max((o for o in others if o < pos), default=-1)
    after = [
        m
        for m in found
        if end <= m.start() < nxt
        and m.start() - end < 60
        and not _CLAUSE_END.search(sentence, end, m.start())
    ]
    before = [
        m
        for m in found
        if prev < m.start() and m.end() <= pos and not _CLAUSE_END.search(sentence, m.end(), pos)
    ]
    if after:
        best = after[0]
    elif before:
        best = before[-1]
    else:  # the nearest in the same clause: "£1.7m and £2.1m ... for the period April 2016 to March 2018"
        same = [
            m
            for m in found
            if not _CLAUSE_END.search(sentence, *((end, m.start()) if m.start() >= end else (m.end(), pos)))
        ]
        if not same:
            return None
        best = min(same, key=lambda m: m.start() - end if m.start() >= end else pos - m.end())
    return re.sub(r"\s+", " ", best.group(0))


# Where one clause ends and another begins: a period across it is not the figure's.
_CLAUSE_END = re.compile(r",\s+(?:and|but|which|while|whereas|subject)\b|;|\.\s")


def is_threshold(sentence: str, start: int, end: int, qualifier: str | None) -> bool:
    """A limit rules apply to ("services worth £30K+", "tenders over £30k", "capped at £250,000").

    "A contract worth £0.9 million" is that contract's value, not a threshold.
    """
    before = sentence[:start]
    if _FUNDING_BEFORE.search(before):
        return False
    if _LIMIT_BEFORE.search(before):
        return True
    if re.search(r"\bworth\s*$", before, re.I):
        return qualifier in _COMPARATOR or bool(_CLASS_WORTH.search(before))
    return qualifier in _COMPARATOR and bool(_THRESHOLD_BEFORE.search(before))


def is_benchmark(sentence: str, start: int) -> bool:
    """A comparator's average ("above the comparator average of £600"), named just before the figure."""
    window = sentence[max(0, start - 80) : start]
    return bool(BENCHMARK.search(window)) and not re.search(r"£", window[-40:])


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
