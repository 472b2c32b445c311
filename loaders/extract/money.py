"""Money as printed -> pounds: "£2,827,361", "£2.9 million", "£7m", "nearly £7m", "£25K+".

>>> [(m.amount, m.qualifier) for m in find_amounts("nearly £7m and over £30m, less £96,264; £25K+")]
[(Decimal('7000000'), 'nearly'), (Decimal('30000000'), 'over'), (Decimal('96264'), 'less'), (Decimal('25000'), None)]
>>> parse_amount("3.2", "million")
Decimal('3200000')
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
)
APPROXIMATE = {
    "nearly",
    "almost",
    "over",
    "around",
    "approximately",
    "approx.",
    "about",
    "in excess of",
    "more than",
    "less than",
    "up to",
    "under",
    "some",
    "circa",
    "c.",
    "at least",
    "in the region of",
    "just over",
    "just under",
    "an estimated",
    "estimated",
    "a minimum of",
}
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
    r"(?:(?P<q>" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+)?"
    r"£\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<mult>million|billion|thousand|mn|bn|m|k)\b)?",
    re.I,
)


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
    out = []
    for m in MONEY.finditer(text, start, len(text) if end is None else end):
        amount = parse_amount(m.group("num"), m.group("mult"))
        if amount is None:
            continue
        q = m.group("q").lower() if m.group("q") else None
        out.append(Money(amount, q, m.start(), m.end(), m.group(0)))
    return out


def decimal_str(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s
