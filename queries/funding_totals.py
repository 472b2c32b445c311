"""Funding totals that count each allocation once, however many documents state it.

Why: a plan and a framework from the same partnership both print "total annual public sector
spend £677m"; the graph rightly holds two funding lines (each document's statement, each with
its own evidence), but a total that adds both counts £677m twice. So a total adds
*allocations*, not lines: lines of different documents that state the same allocation share
one key and count once, and every line stays listed, with its document, as evidence. Within
one document, lines are counted as printed (a table may well list two services at £15m each):
a key stated twice in one document is two allocations, restated by another document or not.

The key of a line with an amount (``allocation_key``):

- the funder (IRI; "" when none is stated), the recipient (what it ``ckg:funds``; the
  smallest IRI when several, "" when none) and the period as printed (lower-cased, spaces
  collapsed; "" when none);
- the amount, negative for a saving;
- and, when neither a recipient nor a period is stated, the line's label (lower-cased, spaces
  collapsed): with so little known, two equal round sums are one allocation only if the
  documents also describe them alike.

The same rule is written in SPARQL in ``queries/funding-by-funder.rq`` (its ``funderTotal``);
``tests/test_funding_totals.py`` checks the two agree.

>>> a = FundingStatement("l1", "total annual spend", Decimal(677_000_000), "spend", None, None, None, "d1")
>>> b = FundingStatement("l2", "Total  annual spend", Decimal("677000000.0"), "spend", None, None, None, "d2")
>>> [len(x.statements) for x in allocations([a, b])]
[2]
>>> allocation_total([a, b])
Decimal('677000000')
>>> c = FundingStatement("l3", "total annual spend", Decimal(677_000_000), "spend", None, None, None, "d2")
>>> allocation_total([a, b, c])  # d2 states it twice: two allocations, d1 restates one of them
Decimal('1354000000')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

NOT_STATED = "(funder not stated)"


@dataclass(frozen=True)
class FundingStatement:
    """One funding line as a document states it."""

    line: str  # the line's IRI
    label: str
    amount: Decimal | None
    kind: str | None
    funder: str | None  # IRI
    recipient: str | None  # IRI of what it funds
    period: str | None
    document: str  # IRI of the stating document

    @property
    def is_saving(self) -> bool:
        return self.kind == "saving"

    @property
    def signed(self) -> Decimal | None:
        """The amount, negative for a saving or reduction; None when the line has none."""
        if self.amount is None:
            return None
        return -self.amount if self.is_saving else self.amount


@dataclass
class Allocation:
    """One allocation: the amount counted once, and every line (document) that states it.
    ``key`` is the lines' ``allocation_key`` and the line's place among its document's lines
    with that key (0 for the first)."""

    key: tuple[str, ...]
    signed: Decimal
    statements: list[FundingStatement] = field(default_factory=list)

    @property
    def documents(self) -> list[str]:
        return sorted({s.document for s in self.statements})


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).lower()


def allocation_key(s: FundingStatement) -> tuple[str, ...] | None:
    """The key lines stating the same allocation share (None for a line with no amount)."""
    if s.signed is None:
        return None
    recipient = s.recipient or ""
    period = _norm(s.period)
    label = _norm(s.label) if not recipient and not period else ""
    return (s.funder or "", recipient, period, str(s.signed.normalize()), label)


def allocations(statements: Iterable[FundingStatement]) -> list[Allocation]:
    """The distinct allocations among the lines with an amount, in first-stated order: the
    n-th line of a document with a key and the n-th line of another document with the same
    key state one allocation."""
    out: dict[tuple[str, ...], Allocation] = {}
    seen: dict[tuple[tuple[str, ...], str], int] = {}
    for s in statements:
        base = allocation_key(s)
        if base is None:
            continue
        n = seen.get((base, s.document), 0)
        seen[(base, s.document)] = n + 1
        key = (*base, str(n))
        if key not in out:
            out[key] = Allocation(key, s.signed or Decimal(0))
        out[key].statements.append(s)
    return list(out.values())


def allocation_total(statements: Iterable[FundingStatement], *, savings: bool = True) -> Decimal:
    """The sum of the distinct allocations; ``savings=False`` leaves savings out rather than
    subtracting them (what a page's "total of the lines" shows)."""
    kept = (a for a in allocations(statements) if savings or not a.statements[0].is_saving)
    return sum((a.signed for a in kept), Decimal(0))
