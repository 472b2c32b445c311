"""Tables in PDFs: unruled ones read from white "rivers"; what ruled ones must be trusted.

Ruled grids come from pdfplumber's table finder (the pdfplumber reader, ``ruled_tables``) or
from PDFium's ruling lines (``pdf_grid``); both keep only a grid ``_trusted`` finds clean.

Why: most council PDFs come from Word, where tables (contact lists such as "David Bishop
| Health Improvement Specialist Practitioner | West Sussex PCT", acronym glossaries, small
count tables, contents pages) are drawn without rules, so pdfplumber's table finder sees
nothing. Read as paragraphs they run a name into the next person's job title.

The test is deliberately strict, because a wrong table is worse than a paragraph: at least
two lines with a wide gap, a vertical white river through all of them at the same x, and
every wide gap of most lines falling on a river. Justified prose with an unlucky wide gap
never lines up across lines.
"""

from __future__ import annotations

import itertools
import re

from .pdf_layout import Line, Word

_LEAD = re.compile(r"^(\d{1,2}(\.\d{1,2}){0,4}\.?|\(?[a-zA-Z0-9][.)]|\([ivxlc]{1,5}\)|[-–*\u2010])$")


def _wide_gap(line: Line) -> float:
    return max(1.8 * line.size, 12.0)


def _gaps(line: Line) -> list[tuple[float, float]]:
    """Horizontal gaps between consecutive words that are wide enough to separate cells.

    The tab after a heading number or list marker ("3    Recommendations") is not one.
    """
    ws, limit = line.words, _wide_gap(line)
    gaps = [(a.x1, b.x0) for a, b in itertools.pairwise(ws) if b.x0 - a.x1 >= limit]
    if gaps and len(ws) > 1 and gaps[0][0] == ws[0].x1 and (_LEAD.match(ws[0].text) or ws[0].is_bullet):
        gaps = gaps[1:]
    return gaps


def _rivers(lines: list[Line], min_width: float) -> list[tuple[float, float]]:
    """x-intervals no word of ``lines`` covers, between the leftmost and rightmost word."""
    spans = sorted((w.x0, w.x1) for ln in lines for w in ln.words)
    out: list[tuple[float, float]] = []
    end = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - end >= min_width:
            out.append((end, x0))
        end = max(end, x1)
    return out


def _crosses(line: Line, rivers: list[tuple[float, float]]) -> bool:
    """A word of ``line`` reaches into a river by more than half a point.

    The slack is for rounding: readers place the same glyph a few hundredths of a point
    apart (PDFium's box of a "Y" starts 0.06 pt left of where the cell's other words start).
    """
    return any(w.x0 < b - 0.5 and w.x1 > a + 0.5 for w in line.words for a, b in rivers)


def find_tables(lines: list[Line]) -> list[Line]:
    """Replace runs of lines that form an unruled table by one pseudo-line carrying ``rows``."""
    out: list[Line] = []
    i, n = 0, len(lines)
    gaps = {id(ln): _gaps(ln) for ln in lines}  # asked of each line many times over
    while i < n:
        run = _candidate_run(lines, i, gaps)
        table, used = _as_table(run, lines[i + len(run) :], gaps) if len(run) >= 2 else (None, 0)
        if table is not None:
            out.append(table)
            i += used
        else:
            out.append(lines[i])
            i += 1
    return out


def _near(a: Line, b: Line, limit: float) -> bool:
    return b.rows is None and b.flow == a.flow and b.top - a.bottom <= limit * max(b.size, 1.0)


def _candidate_run(lines: list[Line], i: int, gaps: dict[int, list[tuple[float, float]]]) -> list[Line]:
    """Lines from ``i`` on that may be one table: gappy lines, plus one-cell lines between them
    (``gaps``: ``_gaps`` of each line, by ``id``)."""
    first = lines[i]
    if first.rows is not None:
        return []
    run = [first]
    j = i + 1
    # a row may open with a one-cell line (a vertically centred cell printed higher)
    if not gaps[id(first)] and not (j < len(lines) and gaps[id(lines[j])] and _near(first, lines[j], 0.3)):
        return []
    while j < len(lines) and _near(run[-1], lines[j], 2.5):
        if gaps[id(lines[j])]:
            run.append(lines[j])
            j += 1
            continue
        k = j
        while k < len(lines) and k - j < 4 and _near(lines[k - 1], lines[k], 2.5) and not gaps[id(lines[k])]:
            k += 1
        if k < len(lines) and k > j and _near(lines[k - 1], lines[k], 2.5) and gaps[id(lines[k])]:
            run.extend(lines[j:k])
            j = k
            continue
        break
    # trailing cell continuations: tight below the last row, not starting at the left edge
    while (
        j < len(lines)
        and _near(run[-1], lines[j], 0.4)
        and not gaps[id(lines[j])]
        and lines[j].x0 > first.x0 + 2 * first.size
    ):
        run.append(lines[j])
        j += 1
    return run


def _as_table(
    run: list[Line], following: list[Line], gaps: dict[int, list[tuple[float, float]]]
) -> tuple[Line | None, int]:
    """The table ``run`` holds (cut at the first line that crosses its columns), and lines used."""
    for _ in range(4):
        gappy = [ln for ln in run if gaps[id(ln)]]
        if len(gappy) < 2:
            return None, 0
        size = sorted(ln.size for ln in gappy)[len(gappy) // 2]
        rivers = _rivers(gappy, max(0.8 * size, 4.0))
        if not rivers:
            return None, 0
        cut = next((k for k, ln in enumerate(run) if _crosses(ln, rivers)), None)
        if cut is None:
            break
        run = run[:cut]
    else:
        return None, 0
    # every wide gap of most gappy lines must sit on a river
    explained = sum(
        1
        for ln in gappy
        if all(any(a >= g0 - 1 and b <= g1 + 1 for a, b in rivers) for g0, g1 in gaps[id(ln)])
    )
    if explained < 0.7 * len(gappy):
        return None, 0
    bounds = [(a + b) / 2 for a, b in rivers]
    ncol = len(bounds) + 1
    if following:
        run = run + _more_rows(run[-1], following, rivers, bounds)
    per_line = [_split(ln.words, bounds) for ln in run]
    used = [j for j in range(ncol) if any(cells[j] for cells in per_line)]
    if len(used) < 2:
        return None, 0
    rows = [[r[j] for j in used] for r in _rows(run, per_line)]
    box = Word("", min(ln.x0 for ln in run), max(ln.x1 for ln in run), run[0].top, run[-1].bottom, 0.0, "")
    table = Line([box], run[0].page, run[0].flow, run[0].page_height, rows)
    table.size = size
    return table, len(run)


def _more_rows(
    last: Line, following: list[Line], rivers: list[tuple[float, float]], bounds: list[float]
) -> list[Line]:
    """Rows below the table whose figures sit closer together but still fall between its rivers."""
    out: list[Line] = []
    for ln in following:
        if (
            not _near(last, ln, 2.5)
            or _crosses(ln, rivers)
            or sum(1 for c in _split(ln.words, bounds) if c) < 2
        ):
            break
        out.append(ln)
        last = ln
    return out


def _split(words: list[Word], bounds: list[float]) -> list[str]:
    cells: list[list[str]] = [[] for _ in range(len(bounds) + 1)]
    for w in words:
        mid = (w.x0 + w.x1) / 2
        j = sum(1 for b in bounds if mid > b)
        cells[j].append(w.text)
    return [" ".join(c) for c in cells]


def _rows(run: list[Line], per_line: list[list[str]]) -> list[list[str]]:
    """Group lines into rows: a wrapped cell continues its row; a new first cell starts one."""
    rows: list[list[list[str]]] = []
    prev: Line | None = None
    for ln, cells in zip(run, per_line, strict=True):
        new = not rows
        if rows and prev is not None:
            tight = ln.top - prev.bottom <= 0.5 * ln.size
            starts = bool(cells[0]) and any(rows[-1][0])
            only_first = bool(cells[0]) and not any(cells[1:])
            new = not tight or (starts and not only_first)
        if new:
            rows.append([[c] if c else [] for c in cells])
        else:
            for j, c in enumerate(cells):
                if c:
                    rows[-1][j].append(c)
        prev = ln
    return [[_join(parts) for parts in row] for row in rows]


def _join(parts: list[str]) -> str:
    text = ""
    for p in parts:
        if text.endswith("-") and p[:1].islower() and text[-2:-1].isalpha():
            text = text[:-1] + p
        else:
            text = f"{text} {p}" if text else p
    return text


# ---------------------------------------------------------------------------- ruled tables
Table = tuple[tuple[float, float, float, float], list[list[str]]]


def ruled_tables(page) -> list[Table]:
    """Tables pdfplumber finds from ruling lines on a pdfplumber page (the pdfplumber engine)."""
    if len(page.rects) + len(page.lines) < 4:
        return []
    try:
        found = page.find_tables()
    except Exception:  # pdfplumber's geometry code can trip on odd pages; fall back to gaps
        return []
    out = []
    for t in found:
        try:
            rows = [[_cell(c) for c in row] for row in t.extract()]
        except Exception:
            continue
        table = _trusted(rows)
        if table is not None:
            out.append((tuple(float(v) for v in t.bbox), table))
    return out


def _trusted(rows: list[list[str]]) -> list[list[str]] | None:
    """A found grid's rows if it looks like a clean table, else None.

    Word exports often draw shaded cells as rectangles, which the table finder turns into
    grids of empty or one-column "tables"; a wrong table is worse than plain paragraphs, so
    most cells must be filled and most rows must have two or more filled cells.
    """
    rows = [r for r in rows if any(r)]
    if len(rows) < 2:
        return None
    ncol = max(len(r) for r in rows)
    rows = [r + [""] * (ncol - len(r)) for r in rows]
    keep = [j for j in range(ncol) if any(r[j] for r in rows)]
    rows = [[r[j] for j in keep] for r in rows]
    if len(keep) < 2:
        return None
    filled = sum(1 for r in rows for c in r if c)
    multi = sum(1 for r in rows if sum(1 for c in r if c) >= 2)
    if filled < 0.6 * len(rows) * len(keep) or multi < 0.6 * len(rows):
        return None
    return rows


def _cell(c: str | None) -> str:
    return " ".join((c or "").split())


def inside(w: Word, bbox: tuple[float, float, float, float]) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]
