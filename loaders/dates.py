"""Dates, years, periods and timescales as councils print them: the one place for months.

Why here: extraction reads timescales of intentions and periods of funding lines, and asking
reads dates as answers ("when does the contract end?"); both must agree on what a date is.

>>> [d for d, _, _ in dates_in("The contract ends on 31 March 2026 and may be extended to 2027/28.")]
['31 March 2026', 'to 2027/28']
>>> [d for d, _, _ in dates_in("Review by the end of Q3 2025; the strategy runs 2024-2027.")]
['by the end of Q3 2025', '2024-2027']
>>> [d for d, _, _ in dates_in("Agreed at the meeting on the 4th of June 2024.")]
['4th of June 2024']
>>> [d for d, _, _ in dates_in("There were 2024 referrals.")]
[]
>>> [d for d, _, _ in dates_in("Spend rose between 2019 and 2020, and again in 2024-25.")]
['2019', '2020', 'in 2024-25']
>>> [d for d, _, _ in dates_in("Decision ref. CAB-2024-117 under agreement ELM/S75/2025, made in 2025.")]
['in 2025']
>>> [d for d, _, _ in durations_in("Families waited over 18 weeks; the three-year contract may run a further two years.")]
['over 18 weeks', 'three-year', 'a further two years']
>>> [d for d, _, _ in durations_in("The wait is now no more than 13 weeks.")]
['no more than 13 weeks']
"""

from __future__ import annotations

import re

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
YEAR = r"(?:19|20)\d\d(?:\s*/\s*(?:19|20)?\d\d)?"
# Words of one timescale are apart by spaces, never by a tab: a tab ends a table cell ("Held by\t2025/26").
GAP = r"[^\S\t]+"
# A timescale as printed with its preposition: "by March 2015", "2014/15", "Q3 2025", "end of 2026".
TIMESCALE = re.compile(
    rf"\b(?:(?:by|from|before|during|until|till|to|in|for|between{GAP}now{GAP}and|no{GAP}later{GAP}than|end{GAP}of|"
    rf"by{GAP}the{GAP}end{GAP}of){GAP})?"
    rf"(?:(?:early|mid|late|spring|summer|autumn|winter|the{GAP}end{GAP}of){GAP})?(?:{MONTH}{GAP})?{YEAR}\b"
    rf"|\b(?:(?:by|from|before|until|in|by{GAP}the{GAP}end{GAP}of|end{GAP}of){GAP})?(?:Q[1-4]|quarter{GAP}[1-4]){GAP}{YEAR}\b",
    re.I,
)
# A day, month and year: "31 March 2026", "the 4th of June 2024", "March 31, 2026", "31/03/2026".
FULL_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?{MONTH}\.?,?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d\d\b"
    r"|\b\d{1,2}/\d{1,2}/(?:19|20)?\d\d\b",
    re.I,
)
# A period of years: "2024-2027", "2016-17", "2024 to 2027".
PERIOD = re.compile(r"\b(?:19|20)\d\d\s*(?:-|–|to)\s*(?:(?:19|20)\d\d|\d\d)\b")
_BARE_YEAR_COUNT = re.compile(r"^(?:19|20)\d\d$")
# words after a year that make it a year, not a count ("between 2019 and 2020", "2024 onwards")
_NOT_A_NOUN = (
    r"(?:and|or|to|in|on|at|for|by|with|until|till|onwards?|the|was|were|is|are|will|when|as|from|"
    r"through|under|of|but|which|that|where|after|before|respectively)"
)


def _inside_code(text: str, a: int, b: int) -> bool:
    """A year that is one part of a reference code ("RCC/S75/CYP/2025", "CAB-2024-117")."""
    before = text[max(0, a - 2) : a]
    after = text[b : b + 2]
    return bool(re.fullmatch(r"[A-Za-z0-9][/-]", before) or re.fullmatch(r"[/-][A-Za-z0-9]", after))


def dates_in(text: str) -> list[tuple[str, int, int]]:
    """Dates, periods and timescales in ``text`` as (as printed, start, end), in order.

    A bare four-digit number followed by a noun ("2024 referrals") is a count, not a year. A
    table's cells are apart by tabs: a preposition ends its cell, the year starts the next.

    >>> dates_in("Budget\\tHeld by\\t2025/26"), dates_in("Ends by March 2027.")
    ([('2025/26', 15, 22)], [('by March 2027', 5, 18)])
    """
    found: list[tuple[str, int, int]] = []

    def add(label: str, a: int, b: int) -> None:
        nonlocal found
        inside = [d for d in found if a <= d[1] and d[2] <= b]
        if any(x[1] <= a and b <= x[2] for x in found if x not in inside):
            return  # already within a fuller date
        for x in [d for d in found if d not in inside and d[1] < b and a < d[2]]:
            inside.append(x)  # overlapping ("in 2024" and "2024-25"): one date, "in 2024-25"
            a, b = min(a, x[1]), max(b, x[2])
            label = text[a:b]
        found = [d for d in found if d not in inside] + [(label, a, b)]

    for pattern in (FULL_DATE, PERIOD, TIMESCALE):
        for m in pattern.finditer(text):
            label = m.group(0).strip("() ,.")
            a = m.start() + m.group(0).find(label)
            if _BARE_YEAR_COUNT.match(label) and (
                re.match(rf"\s+(?!{_NOT_A_NOUN}\b)[a-z]", text[m.end() :])
                or _inside_code(text, a, a + len(label))
            ):
                continue
            add(label, a, a + len(label))
    return sorted(found, key=lambda d: d[1])


# How long something lasts: "18 weeks", "over 12 months", "up to two years", "a three-year contract".
_NUMBER = (
    r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|eighteen|twenty|thirty|forty|fifty|sixty|ninety)"
)
_UNIT = r"(?:minute|hour|day|working\s+day|week|month|year)"
DURATION = re.compile(
    rf"\b(?:(?:over|(?:no\s+|not\s+)?(?:more|less|fewer|longer|shorter)\s+than|under|up\s+to|within|at\s+least|at\s+most|around|"
    rf"about|approximately|nearly|almost|a\s+further|an\s+additional|a\s+maximum\s+of|a\s+minimum\s+of)\s+)?"
    rf"(?:{_NUMBER}(?:\s*(?:-|–|to|or)\s*{_NUMBER})?\s+{_UNIT}s?|{_NUMBER}-{_UNIT})\b"
    rf"(?:\s+(?:plus|and)\s+(?:an?\s+)?(?:optional\s+)?(?:{_NUMBER}\s+{_UNIT}s?|{_NUMBER}-{_UNIT})\b)?",
    re.I,
)


def durations_in(text: str) -> list[tuple[str, int, int]]:
    """Lengths of time in ``text`` as (as printed, start, end): waits, contract terms, periods.

    Why apart from ``dates_in``: "how long" is answered by a length ("18 weeks", "a three-year
    contract"), not by a point in time; a bare "a year" or "one day" is an idiom, not a length.
    """
    out = []
    for m in DURATION.finditer(text):
        label = m.group(0)
        if re.fullmatch(rf"(?:an?|one)\s+{_UNIT}", label, re.I):
            continue
        out.append((label, m.start(), m.end()))
    return out
