"""Money as printed -> pounds: "£2,827,361", "£2.9 million", "£7m", "nearly £7m", "£25K+".

Also the scale of a table column ("£ (million)", "£000s", "£'000", "£k", "£") so bare
numbers under such a header become pounds, and bare numbers as printed in a cell.

>>> [(m.amount, m.qualifier) for m in find_amounts("nearly £7m and over £30m, less £96,264; £25K+")]
[(Decimal('7000000'), 'nearly'), (Decimal('30000000'), 'over'), (Decimal('96264'), 'less'), (Decimal('25000'), 'or more')]
>>> parse_amount("3.2", "million")
Decimal('3200000')
>>> column_scale("£ (million)"), column_scale("Needs - £000s"), column_scale("£"), column_scale("2015")
(Decimal('1000000'), Decimal('1000'), Decimal('1'), None)
>>> bare_number("3,054"), bare_number("7.5"), bare_number("12%"), bare_number("2009-10")
(Decimal('3054'), Decimal('7.5'), None, None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

QUALIFIERS = (
    "nearly",
    "almost",
    "over",
    "around",
    "approximately",
    "approx.",
    "approx",
    "about",
    "in excess of",
    "more than",
    "less than",
    "up to",
    "under",
    "some",
    "circa",
    "c.",
    "less",
    "at least",
    "in the region of",
    "just over",
    "just under",
    "an estimated",
    "estimated",
    "a minimum of",
    "a maximum of",
    "below",
    "above",
    "roughly",
)
# Qualifiers that make the figure approximate (a bound or an estimate, not the exact sum).
APPROXIMATE = frozenset(q for q in QUALIFIERS if q != "less") | {"or more"}
_MULT = {
    "m": 10**6,
    "million": 10**6,
    "mn": 10**6,
    "bn": 10**9,
    "billion": 10**9,
    "k": 10**3,
    "thousand": 10**3,
}
MONEY = re.compile(
    r"(?:\b(?P<q>" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+)?"
    r"£\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<mult>million|billion|thousand|mn|bn|m|k)\b)?(?P<plus>\+)?",
    re.I,
)
# Column headers that give the unit of the bare numbers below them.
_SCALE_MILLION = re.compile(r"£\s*\(?\s*(?:million|mn|m)\s*\)?(?![a-z])|\(\s*£\s*m\s*\)|£m\b", re.I)
_SCALE_THOUSAND = re.compile(r"£\s*\(?\s*[’']?\s*(?:000|k)\s*'?s?\s*\)?(?![a-z\d])", re.I)
_SCALE_POUNDS = re.compile(r"(?:^|[\s(])£\s*\)?\s*$|^\s*\(?£\)?\s*$|\(£\)")
_BARE = re.compile(r"\(?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?|\(?\d+(?:\.\d+)?\)?")


@dataclass(frozen=True)
class Money:
    amount: Decimal
    qualifier: str | None
    start: int
    end: int
    text: str

    @property
    def approximate(self) -> bool:
        return (self.qualifier or "").lower() in APPROXIMATE


def parse_amount(number: str, multiplier: str | None = None) -> Decimal | None:
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None
    if multiplier:
        value *= _MULT.get(multiplier.lower(), 1)
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


def find_amounts(text: str, start: int = 0, end: int | None = None) -> list[Money]:
    """Every "£" figure in ``text[start:end]``, with the qualifier printed before it."""
    out = []
    for m in MONEY.finditer(text, start, len(text) if end is None else end):
        amount = parse_amount(m.group("num"), m.group("mult"))
        if amount is None or re.fullmatch(r"0+", m.group("num")):  # "£000s" is a unit, not a figure
            continue
        q = m.group("q").lower() if m.group("q") else None
        if m.group("plus") and not q:
            q = "or more"
        out.append(Money(amount, q, m.start(), m.end(), m.group(0)))
    return out


def column_scale(header: str) -> Decimal | None:
    """Pounds per unit of the numbers under a column header, or None if it is not a money header."""
    if _SCALE_MILLION.search(header):
        return Decimal(10**6)
    if _SCALE_THOUSAND.search(header):
        return Decimal(1000)
    if _SCALE_POUNDS.search(header.strip()):
        return Decimal(1)
    return None


def bare_number(cell: str) -> Decimal | None:
    """A cell that is only a number ("3,054", "7.5"), else None (percentages, years, ranges)."""
    s = cell.strip()
    if not _BARE.fullmatch(s):
        return None
    if re.fullmatch(r"(?:19|20)\d\d", s):  # a year heading a column, not an amount
        return None
    return parse_amount(s.strip("()"))


def decimal_str(d: Decimal) -> str:
    """Decimal pounds as a plain string: no exponent, no trailing zeros.

    >>> decimal_str(Decimal("3.8E+6")), decimal_str(Decimal("7.50"))
    ('3800000', '7.5')
    """
    return format(d.normalize(), "f")
