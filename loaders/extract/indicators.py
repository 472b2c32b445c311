"""Indicators: KPIs and national indicators with baselines and targets.

First version: table rows naming an indicator ("(NI 62)", "KPI", "percentage of ...") with
numeric cells: the first figure is read as the baseline, the last as the target.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("Stability of placements (NI 62)\\t2008/09\\t9.2%\\t11.7%\\t8.0%")
>>> r = extract_indicators(doc, Context.for_document(doc))[0]
>>> r.label, r.baseline, r.target
('Stability of placements (NI 62)', '9.2%', '8.0%')
"""

from __future__ import annotations

import re

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.records import IndicatorRecord, Span
from ckg.loaders.structure import StructuredDocument

_INDICATOR = re.compile(
    r"\(NI\s?\d+[a-z]?\)|\bNI\s?\d+\b|\bKPI\b|\b(?:percentage|proportion|rate|number) of\b", re.I
)
_FIGURE = re.compile(r"^[<>≤≥~-]?\s*\d[\d,.]*\s*%?|^(?:to be agreed|tbc)$", re.I)


def extract_indicators(doc: StructuredDocument, ctx: Context) -> list[IndicatorRecord]:
    out: list[IndicatorRecord] = []
    for b in doc.blocks:
        if b.kind != "table_row" or len(b.cells) < 3:
            continue
        label = b.cells[0].text
        if not _INDICATOR.search(label) or len(label) > 250:
            continue
        figures = [
            c.text
            for c in b.cells[1:]
            if _FIGURE.match(c.text) and not re.fullmatch(r"(19|20)\d\d/\d\d", c.text)
        ]
        if not figures:
            continue
        out.append(
            IndicatorRecord(
                label=label,
                baseline=figures[0],
                target=figures[-1] if len(figures) > 1 else None,
                spans=[Span(b.cells[0].start, b.end)],
            )
        )
    return out
