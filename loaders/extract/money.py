"""Money as printed -> pounds: "£4,310,275", "£1.6 million", "£6m", "nearly £6m", "£30K+", "45p".

Also ranges ("£2m-£3m", "£2-3 million", "between £2m and £3m": one figure, the lower bound,
with ``upper`` set), figures printed as deductions ("-£95,500", "minus £0.7m"), the
scale of a table column or caption ("£ (million)", "£000s", "£'000", "£k", "£") so bare
numbers under such a header become pounds, and bare numbers as printed in a cell
("(1,170)" in a budget table is a deduction).

>>> [(m.amount, m.qualifier) for m in find_amounts("nearly £6m and over £35m, less £81,530; £30K+")]
[(Decimal('6000000'), 'nearly'), (Decimal('35000000'), 'over'), (Decimal('81530'), 'less'), (Decimal('30000'), 'or more')]
>>> [(m.amount, m.upper, m.qualifier) for m in find_amounts("a contract worth £2-3 million a year")]
[(Decimal('2000000'), Decimal('3000000'), 'between')]
>>> [(m.amount, m.negative) for m in find_amounts("a variance of -£37,500 and a fare of 85p")]
[(Decimal('37500'), True), (Decimal('0.85'), False)]
>>> parse_amount("3.2", "million")
Decimal('3200000')
>>> column_scale("£ (million)"), column_scale("Needs - £000s"), column_scale("£"), column_scale("2015")
(Decimal('1000000'), Decimal('1000'), Decimal('1'), None)
>>> bare_number("4,217"), bare_number("7.5"), bare_number("12%"), bare_number("2009-10")
(Decimal('4217'), Decimal('7.5'), None, None)
>>> cell_number("(1,170)"), cell_number("-"), cell_number("£0.4m")
((Decimal('1170'), True), None, None)
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
    "minus",
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
    "between",
)
# Qualifiers that make the figure approximate (a bound or an estimate, not the exact sum).
APPROXIMATE = frozenset(q for q in QUALIFIERS if q not in ("less", "minus")) | {"or more"}
_MULT = {
    "m": 10**6,
    "million": 10**6,
    "mn": 10**6,
    "bn": 10**9,
    "billion": 10**9,
    "k": 10**3,
    "thousand": 10**3,
}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULT_RX = r"million|billion|thousand|mn|bn|m|k"
MONEY = re.compile(
    r"(?:\b(?P<q>" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+)?"
    r"(?P<neg>(?<![\w£])[-−–](?=£))?£\s?(?P<num>" + _NUM + r")"
    r"(?:\s?(?P<mult>" + _MULT_RX + r")\b)?(?P<plus>\+)?",
    re.I,
)
# The upper end of a range after a figure: "£2-3 million", "£2m-£3m", "£2m to £3m", "(between) £2m and £3m".
RANGE_TAIL = re.compile(
    r"(?P<sep>\s?[-–]\s?|\s+to\s+|\s+and\s+)(?P<pound>£)?\s?(?P<num>" + _NUM + r")"
    r"(?:\s?(?P<mult>" + _MULT_RX + r")\b)?",
    re.I,
)
# "85p", "12.5 pence": amounts under a pound.
PENCE = re.compile(r"(?<![\w£.,])(?P<num>\d{1,3}(?:\.\d+)?)\s?(?:p|pence)\b(?!\.\w)", re.I)
# Column headers that give the unit of the bare numbers below them.
_SCALE_MILLION = re.compile(
    r"£\s*\(?\s*(?:million|mn|m)\s*\)?(?![a-z])|\(\s*£\s*m\s*\)|£m\b|\bmillions?\s+of\s+pounds\b", re.I
)
_SCALE_THOUSAND = re.compile(
    r"£\s*\(?\s*[’']?\s*(?:000|k|thousands?)\s*[’']?s?\s*\)?(?![a-z\d])|\bthousands?\s+of\s+pounds\b", re.I
)
_SCALE_POUNDS = re.compile(
    r"(?:^|[\s(])£\s*\)?\s*$|^\s*\(?£\)?\s*$|\(£\)|\(\s*£\s*(?:per|a)\b|£\s*per\b", re.I
)
_BARE = re.compile(r"\(?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?|\(?\d+(?:\.\d+)?\)?")


@dataclass(frozen=True)
class Money:
    amount: Decimal
    qualifier: str | None
    start: int
    end: int
    text: str
    upper: Decimal | None = None  # the top of a range ("£2m-£3m"); ``amount`` is its bottom
    negative: bool = False  # printed as a deduction ("-£37,500", "(1,170)" in a budget table)

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


def _range(text: str, m: re.Match, stop: int) -> tuple[re.Match, Decimal, str | None] | None:
    """The upper end of the range that figure ``m`` opens, with the multiplier both ends share.

    "£2-3 million" (the lower end is in millions too), "£2m-£3m", "between £2m and £3m";
    not "from £2m to £3m" (a change), nor "£5 - 10 children" (no unit after the dash).
    """
    t = RANGE_TAIL.match(text, m.end(), stop)
    if not t or m.group("plus"):
        return None
    sep = t.group("sep").strip().lower()
    before = text[max(0, m.start() - 12) : m.start()].lower()
    between = (m.group("q") or "").lower() == "between"
    if sep == "and" and not between:
        return None
    if sep == "to" and re.search(r"\bfrom\s*$", before):
        return None
    if not (t.group("pound") or t.group("mult")):
        return None
    mult = m.group("mult") or t.group("mult")
    low = parse_amount(m.group("num"), mult)
    top = parse_amount(t.group("num"), t.group("mult") or m.group("mult"))
    if low is None or top is None or top <= low:
        return None
    return t, top, mult


def find_amounts(text: str, start: int = 0, end: int | None = None) -> list[Money]:
    """Every "£" figure (and pence figure) in ``text[start:end]``, with the qualifier printed before it."""
    stop = len(text) if end is None else end
    out: list[Money] = []
    taken = start
    for m in MONEY.finditer(text, start, stop):
        if m.start() < taken:
            continue  # the upper end of a range already read
        if re.fullmatch(r"0+", m.group("num")):  # "£000s" is a unit, not a figure
            continue
        q = m.group("q").lower() if m.group("q") else None
        if m.group("plus") and not q:
            q = "or more"
        top = None
        end_at = m.end()
        if rng := _range(text, m, stop):
            tail, top, mult = rng
            amount, q, end_at = parse_amount(m.group("num"), mult), "between", tail.end()
        else:
            amount = parse_amount(m.group("num"), m.group("mult"))
        if amount is None:
            continue
        negative = bool(m.group("neg")) or q == "minus"
        if negative and not q:
            q = "less"
        out.append(Money(amount, q, m.start(), end_at, text[m.start() : end_at], top, negative))
        taken = end_at
    for m in PENCE.finditer(text, start, stop):
        if any(x.start <= m.start() < x.end for x in out):
            continue
        amount = parse_amount(m.group("num"))
        if amount:
            out.append(Money(amount / 100, None, m.start(), m.end(), m.group(0)))
    out.sort(key=lambda x: x.start)
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
    """A cell that is only a number ("4,217", "7.5"), else None (percentages, years, ranges)."""
    found = cell_number(cell)
    return found[0] if found else None


def cell_number(cell: str) -> tuple[Decimal, bool] | None:
    """(number, printed as a deduction) of a cell that is only a number: "(1,170)" and "-45" are deductions."""
    s = cell.strip().replace("−", "-")
    negative = False
    if re.fullmatch(r"[-–]\s*\d[\d,.]*", s):
        s, negative = s.lstrip("-– "), True
    if not _BARE.fullmatch(s):
        return None
    if re.fullmatch(r"(?:19|20)\d\d", s):  # a year heading a column, not an amount
        return None
    if s.startswith("(") != s.endswith(")"):
        return None
    negative = negative or s.startswith("(")
    value = parse_amount(s.strip("()"))
    return (value, negative) if value is not None else None


def decimal_str(d: Decimal) -> str:
    """Decimal pounds as a plain string: no exponent, no trailing zeros.

    >>> decimal_str(Decimal("2.7E+6")), decimal_str(Decimal("7.50"))
    ('2700000', '7.5')
    """
    return format(d.normalize(), "f")
