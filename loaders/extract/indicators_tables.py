"""Indicators in performance tables: one row per KPI or national indicator, with its figures.

Tables of targets have the same shape in any council's plan or needs assessment, however
the PDF-to-text conversion garbles them: a label cell (often with a code such as "NI 62"
in it or in its own cell), a latest-data or baseline column, and one or more target
columns headed by years ("2009-10 2010-11") or "Targets". Header rows (no figures; words
such as Baseline, Latest data, Year, Target, or year labels) say which column is which;
they repeat after page breaks and are re-read each time.

- baseline: the cell under a Baseline/Data/Latest/Actual heading, else the first figure;
- target: the *next* target as printed: the first target column whose year is later than
  the row's data year when the row lines up with its header, else the first figure after
  the baseline; notes such as "To be agreed" count as printed.

A table is read only when it is about targets: its header names a baseline or targets,
a row carries an indicator code, or a heading above says "targets", "indicators" or
"KPIs". Plain statistics tables of a needs assessment are not indicators.

>>> from ckg.loaders.text import load_string
>>> doc = load_string("\\tYear\\tData\\t2009-10\\t2010-11\\n"
...                   "Stability of placements (NI 62)\\t2008/09\\t9.2%\\t11.7%\\t11.0%\\n")
>>> [(r.label, r.baseline, r.target) for r in table_indicators(doc)]
[('Stability of placements (NI 62)', '9.2%', '11.7%')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ckg.loaders.extract.records import IndicatorRecord, Span
from ckg.loaders.structure import Block, StructuredDocument

CODE = re.compile(r"\b(?:NI|PI|KPI|BVPI|PAF|LAA|PSA|CF|VSC)\s?-?\s?\d{1,3}[a-z]?\b")
_FIG = r"[<>≤≥~+-]?\s?\d[\d,]*(?:\.\d+)?\s?(?:%|pc\s+points|per\s?cent|points|pts)?"
FIGURE = re.compile(
    rf"^(?:{_FIG})(?:\s*\([^)]{{0,30}}\))?(?:\s+(?:19|20)\d\d(?:/\d\d)?)?(?:\s*\([^)]*\))?$|^(?:{_FIG})(?:\s+{_FIG})+$",
    re.I,
)
NOTE = re.compile(
    r"^(?:to\s+be\s+(?:agreed|set|confirmed|advised|determined)|tbc|tba|tbd|n/?a|not\s+(?:available|applicable|set)|"
    r"new\s+indicator|-|–)\b.{0,120}$|^[-–]$",
    re.I,
)
YEAR = re.compile(r"^(?P<y>(?:19|20)\d\d)(?:\s*[-/–]\s*(?:\d{2}|(?:19|20)\d\d)|\d{2})?\b")
_BASELINE_WORDS = re.compile(
    r"\b(?:baseline|latest|data|actual|current|outturn|performance|position)\b", re.I
)
_TARGET_WORDS = re.compile(r"\b(?:targets?|targ|trajectory|ambition)\b", re.I)
_HEADER_CELL = re.compile(
    r"^(?:latest\s+|current\s+)?(?:data|baseline|actual|outturn|performance|position)(?:\s+\S+){0,3}$|"
    r"^(?:\S+\s+){0,3}(?:targets?|targ)\b.{0,30}$",
    re.I,
)


@dataclass
class _Header:
    baseline: int | None = None
    year_col: int | None = None
    targets: dict[int, int] = field(default_factory=dict)  # column -> start year (0 when not a year)
    width: int = 0
    about_targets: bool = False


def _figure(text: str) -> bool:
    t = text.strip()
    if not t or (YEAR.match(t) and not re.search(r"%", t)):
        return False
    return bool(FIGURE.match(t) or NOTE.match(t))


def _header_of(row: Block, previous: _Header | None) -> _Header | None:
    """Column roles if ``row`` is a header row (no figures, heading words or year labels), else None."""
    cells = [c.text.strip() for c in row.cells]
    if any(FIGURE.match(c) for c in cells if c and not YEAR.match(c)):
        return None
    if any(len(c.split()) > 6 for c in cells):
        return None  # header cells are short: "Latest Data", "Targets", "2009-10"
    words = " ".join(cells)
    years = [i for i, c in enumerate(cells) if YEAR.match(c)]
    headed = any(_HEADER_CELL.match(c) for c in cells)
    if not (headed or len(years) >= 2):
        return None
    h = _Header(width=len(cells))
    if previous and previous.width == len(cells):
        h.baseline, h.targets = previous.baseline, dict(previous.targets)
    h.about_targets = bool(_TARGET_WORDS.search(words) or _BASELINE_WORDS.search(words)) or (
        previous is not None and previous.width == len(cells) and previous.about_targets
    )
    for i, c in enumerate(cells):
        if re.fullmatch(r"years?", c, re.I):
            h.year_col = i
        elif YEAR.match(c):
            h.targets[i] = int(YEAR.match(c).group("y"))
        elif (_BASELINE_WORDS.search(c) and h.baseline is None) or re.fullmatch(r"data|baseline", c, re.I):
            h.baseline = i
        elif _TARGET_WORDS.search(c):
            h.targets.setdefault(i, 0)
    if h.baseline is not None:
        h.targets.pop(h.baseline, None)
    return h


def _label(cells: list[str]) -> tuple[str | None, int]:
    """The indicator's name (with its code) and the index of the cell it ends at."""
    code, code_at = None, 0
    for i, c in enumerate(cells):
        if not c:
            continue
        if CODE.fullmatch(c):
            code, code_at = code or c, i
            continue
        if _figure(c):
            break  # the figures have started: cells after them are notes or partners
        if YEAR.match(c) or len(re.findall(r"[A-Za-z]{2,}", c)) < 2:
            continue
        label = re.split(r"\s+(?:Note|NB|N\.B\.)\b:?\s", c)[0].rstrip(" :;.")
        if code and code not in label:
            label = f"{label} ({code})"
        return label, i
    return (code, code_at) if code else (None, 0)


def _pick(cells: list[str], after: int, header: _Header | None) -> tuple[str | None, str | None]:
    """(baseline, target) of a data row."""
    aligned = header is not None and len(cells) == header.width
    figs = [(i, c) for i, c in enumerate(cells) if i > after and _figure(c) and c not in ("-", "–")]
    baseline = None
    if header and header.baseline is not None and aligned and header.baseline < len(cells):
        baseline = cells[header.baseline] or None
        rest = [(i, c) for i, c in figs if i > header.baseline]
    elif header and header.targets and header.baseline is None:
        rest = figs  # every figure is a target ("2008 | 2009 | 2010")
    else:
        baseline = figs[0][1] if figs else None
        rest = figs[1:]
    target = None
    if aligned and header and header.year_col is not None and header.targets:
        m = YEAR.match(cells[header.year_col]) if header.year_col < len(cells) else None
        data_year = int(m.group("y")) if m else None
        later = [(i, c) for i, c in rest if data_year is None or header.targets.get(i, 0) > data_year]
        target = later[0][1] if later else None
    if target is None and rest:
        target = rest[0][1]
    if target and re.fullmatch(rf"(?:{_FIG})(?:\s+{_FIG})+", target, re.I):
        target = target.split()[0]  # "60.0% 67.8% 74.0%": the next one
    return baseline, target


def table_indicators(doc: StructuredDocument) -> list[IndicatorRecord]:
    out: list[IndicatorRecord] = []
    header: _Header | None = None
    last: IndicatorRecord | None = None
    for b in doc.blocks:
        if b.kind in ("heading", "title") and len(b.text.split()) >= 3:
            header, last = None, None
            continue
        if b.kind == "paragraph" and last is not None and b.text[:1].islower() and len(b.text) < 300:
            last.label += " " + re.split(r"(?<=[)a-z])\.\s", b.text.strip())[0].rstrip(".")  # label runs on
            continue
        if b.kind != "table_row" or len(b.cells) < 2:
            continue
        new_header = _header_of(b, header)
        if new_header is not None:
            header, last = new_header, None
            continue
        cells = [c.text.strip() for c in b.cells]
        label, at = _label(cells)
        if label is None:
            continue
        if label[:1].islower() and last is not None:  # a label wrapped onto the next row
            last.label += " " + label  # "... not in | full-time education (NEET) (NI 117)"
            if last.target is None and any(_figure(c) for c in cells[at + 1 :]):
                last.target = _pick(cells, at, None)[0]
            continue
        following = next((c for c in cells[at + 1 :] if c), "")
        if not following or not (_figure(following) or YEAR.match(following)):
            continue  # no figures, or label then more words: a diagram or a prose table
        if not CODE.search(label) and (header is None or not header.about_targets):
            last = None  # a statistics table, or a footnote under a table of coded indicators
            continue
        baseline, target = _pick(cells, at, header)
        last = IndicatorRecord(
            label=label, baseline=baseline, target=target, spans=[Span(b.start, b.end)], method="table-row"
        )
        out.append(last)
    return out
