"""Amounts of money as people read them on the pages: pounds with thousands separators, and
millions in words beside the exact figure.

Why not the question engine's ``format_amount``: that one writes the short forms printed in
strategy documents ("£5m"); a page has room for "£1.2 million", which reads better aloud to a
screen reader than "£1.2m".

>>> money(1234567)
'£1,234,567'
>>> money("1500.5")
'£1,500.50'
>>> short_money(4_100_000)
'£4.1 million'
>>> short_money(1_234_567)
'£1.2 million'
>>> short_money(45_000) is None
True
>>> money_text(5_000_000, qualifier="nearly")
'nearly £5,000,000 (£5 million)'
>>> money(None)
''
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def to_decimal(value: object) -> Decimal | None:
    """A number from a SPARQL value (Decimal, int, float or numeric string), or None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def money(value: object) -> str:
    """£ with thousands separators; pence only when the amount has them."""
    d = to_decimal(value)
    if d is None:
        return ""
    if d == d.to_integral():
        return f"£{d:,.0f}"
    return f"£{d:,.2f}"


def short_money(value: object) -> str | None:
    """The short form, "£2.9 million", for a million or more (one decimal, trailing .0 dropped); None below."""
    d = to_decimal(value)
    if d is None or abs(d) < 1_000_000:
        return None
    if abs(d) >= 1_000_000_000:
        text, unit = f"{d / 1_000_000_000:.1f}", "billion"
    else:
        text, unit = f"{d / 1_000_000:.1f}", "million"
    return f"£{text.removesuffix('.0')} {unit}"


def money_text(value: object, qualifier: str | None = None) -> str:
    """The exact figure, with the short form in brackets when it helps, and the printed
    qualifier ("over", "nearly") in front."""
    exact = money(value)
    if not exact:
        return ""
    short = short_money(value)
    text = f"{exact} ({short})" if short else exact
    return f"{qualifier} {text}" if qualifier else text


def total(values: list[object]) -> Decimal:
    """The sum of the amounts that are numbers (lines "to be advised" have none)."""
    return sum((d for v in values if (d := to_decimal(v)) is not None), Decimal(0))
