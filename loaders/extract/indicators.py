"""Indicators: KPIs and national indicators, with a baseline and a target where printed.

Two layouts, both general to plans, strategies and needs assessments:

- rows of a performance table (``indicators_tables``): label, latest data, targets;
- lines of a KPI list: the lines under a heading or lead-in that names KPIs, performance
  indicators or "key measures" ("No more than 22% of re-referrals within 12 months",
  "An increase in the % of schools with Healthy Schools status"), and any list item that
  carries a national-indicator code ("NI 62 - Stability of placements"). A threshold printed
  in the line ("at least 85%", "3 or more", "1.19 or less") is its target.

One indicator per code ("NI 62") or, without a code, per label; a list mention of a coded
indicator that a table also gives adds nothing but its span.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("Appendix B KPIs\\n\\nNo more than 22% of re-referrals within 12 months\\n"
...                   "At least 85% of assessments completed in under 45 working days\\n")
>>> [(r.label, r.target) for r in extract_indicators(doc, Context.for_document(doc))]
[('No more than 22% of re-referrals within 12 months', 'No more than 22%'), ('At least 85% of assessments completed in under 45 working days', 'At least 85%')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.indicators_tables import CODE, table_indicators
from ckg.loaders.extract.methods import stronger
from ckg.loaders.extract.records import IndicatorRecord, Span
from ckg.loaders.structure import StructuredDocument

_KPI_LEAD = re.compile(
    r"\b(?:KPIs?|KPI's|key\s+performance\s+indicators?|performance\s+indicators?|national\s+indicators?|"
    r"key\s+measures?|measures\s+of\s+success|success\s+measures?)\b",
    re.I,
)
_MEASURE_START = re.compile(
    r"^(?:(?:the\s+)?(?:number|percentage|proportion|rate|ratio|level|average|%)\b|(?:an?\s+)?"
    r"(?:increase|decrease|reduction|improvement|rise|fall)\b|no\s+more\s+than|at\s+least|less\s+than|"
    r"more\s+than|fewer\s+than)",
    re.I,
)
_NUMBER = re.compile(r"(?<![\w/])(?!(?:19|20)\d\d\b)\d[\d,.]*%?")
_N = r"\d[\d,.]*"
# Targets a KPI line prints, most explicit first.
_THRESHOLDS = (
    re.compile(
        rf"(?:no\s+more\s+than|not\s+more\s+than|at\s+least|less\s+than|more\s+than|fewer\s+than|up\s+to|"
        rf"(?:be\s+)?maintained\s+at|equal\s+to\s+or\s+(?:less|more|greater)\s+than|(?<=\s)to)\s+"
        rf"(?:{_N}\s?%?|the\s+[\w\s]{{0,40}}?average)",
        re.I,
    ),
    re.compile(
        rf"(?:^|(?<=\bbe\s)|(?<=\bis\s)|(?<=\bare\s)|(?<=:\s)){_N}\s?%?\+?\s?or\s+(?:more|less|above|below|fewer)",
        re.I,
    ),
    re.compile(rf"(?:^|(?<=\bbe\s)|(?<=\bis\s)|(?<=\bare\s)|(?<=:\s)){_N}\s?%\+?"),
    re.compile(rf"^{_N}\s?\+?(?:\s+per\s+[\d,]+)?"),
)


def target_in(text: str) -> str | None:
    """The threshold a KPI line prints: 'No more than 22%', '3 or more', '90%+', '376 per 100,000'.

    >>> target_in("1.19 or less frequency rate of re-offending"), target_in("Level 2 attainment at age 19")
    ('1.19 or less', None)
    """
    for pattern in _THRESHOLDS:
        m = pattern.search(text)
        if m:
            return m.group().strip()
    return None


def _is_kpi_line(line: str) -> bool:
    if len(line.split()) < 3 or len(line.split()) > 30:
        return False
    return bool(_MEASURE_START.match(line) or _NUMBER.search(line) or CODE.search(line))


def _lines(doc: StructuredDocument, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """Whole printed lines of a block (a list marker the loader split off is part of the line: '3 or more ...')."""
    start = doc.text.rfind("\n", 0, start) + 1
    pos = start
    for line in doc.text[start:end].split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        text = re.sub(r"^[\s>*•·-]+|[\s*]+$", "", line)
        text = re.sub(r"^(?:\d{1,2}[.)]|[a-z][.)]|[ivx]+[.)])\s+", "", text)  # "3. Hospital admissions ..."
        if text:
            yield text, a + line.find(text), a + line.find(text) + len(text)


def list_indicators(doc: StructuredDocument) -> Iterator[IndicatorRecord]:
    """Lines under a KPI heading or lead-in, and list items carrying an indicator code."""
    in_kpis = False
    for b in doc.blocks:
        text = b.text.strip().strip("*").strip()
        if b.kind in ("heading", "title"):
            in_kpis = bool(_KPI_LEAD.search(text))
            continue
        if b.kind == "table_row":
            continue
        if b.kind == "paragraph" and len(text.split()) > 40 and "\n" not in text:
            in_kpis = False
            continue
        if _KPI_LEAD.search(text) and text.rstrip().endswith(":") and len(text.split()) <= 25:
            in_kpis = True  # "Key measures are:"
            continue
        for line, start, end in _lines(doc, b.start, b.end):
            coded = CODE.search(line)
            if in_kpis and len(line.split()) > 30:
                in_kpis = False  # prose again
            if in_kpis and _KPI_LEAD.search(line) and not _NUMBER.search(line):
                continue  # a sub-heading: "Education KPIs"
            if not ((in_kpis and _is_kpi_line(line)) or (coded and b.kind == "list_item")):
                continue
            label = line.rstrip(" .;,")
            if (
                coded and not in_kpis and coded.start() > 10
            ):  # "Hospital admissions ... (NI 70): a better ..."
                label = label[: coded.end() + (1 if label[coded.end() : coded.end() + 1] == ")" else 0)]
            yield IndicatorRecord(
                label=label, target=target_in(line), spans=[Span(start, end)], method="list-item"
            )


def _key(rec: IndicatorRecord) -> str:
    m = CODE.search(rec.label)
    if m:
        return re.sub(r"[\s-]", "", m.group()).upper()
    return re.sub(r"\W+", " ", rec.label.lower()).strip()


def extract_indicators(doc: StructuredDocument, ctx: Context) -> list[IndicatorRecord]:
    found: dict[str, IndicatorRecord] = {}
    for rec in [*table_indicators(doc), *list_indicators(doc)]:
        rec.label = re.sub(r"\s+", " ", rec.label).strip()
        if not re.search(r"[A-Za-z]{3}", rec.label):
            continue
        key = _key(rec)
        known = found.get(key)
        if known is None:
            found[key] = rec
            continue
        if re.match(
            rf"^{CODE.pattern}\s+[a-z]", known.label
        ):  # a garbled table label: the list prints it whole
            known.label = rec.label
        known.method = stronger(known.method, rec.method)
        known.baseline = known.baseline or rec.baseline
        known.target = known.target or rec.target
        if len(known.spans) < 5:
            known.spans.extend(s for s in rec.spans if s not in known.spans)
    return sorted(found.values(), key=lambda r: (r.spans[0].start, r.label))
