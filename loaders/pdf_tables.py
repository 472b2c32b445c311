"""Tables in PDFs: ruled grids (from ruling lines), and unruled ones read from white "rivers".

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

import bisect
import itertools
import operator
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


def grid_tables(edges: list[dict], rule_shapes: int, chars: list[dict]) -> list[Table]:
    """Tables from ruling lines PDFium drew (``pdf_pdfium``), with the cells' text from ``chars``.

    The grid is found by pdfplumber's own table geometry (snap and join the edges, find
    their crossings, the smallest cells, and cells sharing corners), with its default
    tolerances, so a table reads as it did when pdfplumber parsed the page too; only the
    edges and the characters come from PDFium. A cell's text is its characters whose centre
    falls inside it, read as words (``pdf_layout.chars_words``).
    """
    if rule_shapes < 4 or len(edges) < 4:
        return []
    from pdfplumber import table as grid  # pure geometry; pdfminer is not run

    from .pdf_layout import cell_text

    try:
        merged = merge_edges(edges)
        cells = smallest_cells(crossings(merged))
        # a trusted table has two rows of two filled cells or more (``_trusted``): four cells
        found = [grid.Table(None, group) for group in cell_groups(cells) if len(group) >= 4]
    except Exception:  # odd geometry: read the page's text without ruled tables
        return []
    out = []
    mids: list[tuple[float, float, dict]] | None = None
    for t in found:
        rows = []
        bx0, btop, bx1, bbottom = bbox = t.bbox  # a property pdfplumber computes afresh at each access
        if mids is None:  # each character's centre, once per page
            mids = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c) for c in chars]
        in_table = [m for m in mids if bx0 <= m[0] < bx1 and btop <= m[1] < bbottom]
        for row in t.rows:
            _, rtop, _, rbottom = row.bbox
            in_row = [m for m in in_table if rtop <= m[1] < rbottom]
            rows.append(
                [
                    ""
                    if cell is None
                    else cell_text(
                        [c for h, v, c in in_row if cell[0] <= h < cell[2] and cell[1] <= v < cell[3]]
                    )
                    for cell in row.cells
                ]
            )
        table = _trusted([[_cell(c) for c in r] for r in rows])
        if table is not None:
            out.append((tuple(float(v) for v in bbox), table))
    return out


def merge_edges(edges: list[dict]) -> list[dict]:
    """pdfplumber's edge merging with its default tolerances, the same edges in the same order:
    ``filter_edges(merge_edges(filter_edges(edges, min_length=1), 3, 3, 3, 3), min_length=3)``.

    Why: pdfplumber copies an edge's dict each time it moves or grows one (a Word table's
    shaded cells give thousands of edges a page); here an edge is a list until it is kept,
    and the arithmetic is pdfplumber's, step for step, so the floats come out the same.
    Snapping: edges of one orientation whose positions (x0 of a vertical edge, top of a
    horizontal one) chain within 3 pt move to their mean. Joining: edges on one line that
    overlap or lie within 3 pt of each other become one.
    """
    vertical = [e for e in edges if e["orientation"] == "v" and e["height"] >= 1]
    horizontal = [e for e in edges if e["orientation"] != "v" and e["width"] >= 1]
    # [kind, line position, start, end, length, shift, edge]: a vertical edge runs from top to
    # bottom on the line x0, a horizontal one from x0 to x1 on the line top
    items = [
        ["v", pos, e["top"], e["bottom"], e["height"], shift, e] for pos, shift, e in _snap(vertical, "x0")
    ]
    items += [
        ["h", pos, e["x0"], e["x1"], e["width"], shift, e] for pos, shift, e in _snap(horizontal, "top")
    ]
    out: list[dict] = []
    for _, group in itertools.groupby(sorted(items, key=_LINE), key=_LINE):
        ordered = sorted(group, key=_START)
        joined = [list(ordered[0])]
        for item in ordered[1:]:
            last = joined[-1]
            if item[2] <= last[3] + 3:
                if item[3] > last[3]:  # pdfplumber's resize_object
                    if last[0] == "v":
                        last[4] = last[4] + (item[3] - last[3])
                    else:
                        last[4] = item[3] - last[2]
                    last[3] = item[3]
            else:
                joined.append(list(item))
        for kind, pos, _, end, length, shift, e in joined:
            if length < 3:
                continue
            if kind == "v":
                out.append(dict(e, x0=pos, x1=e["x1"] + shift, bottom=end, height=length))
            else:
                out.append(dict(e, top=pos, bottom=e["bottom"] + shift, x1=end, width=length))
    return out


_LINE = operator.itemgetter(0, 1)
_START = operator.itemgetter(2)


def _snap(edges: list[dict], attr: str) -> list[tuple[float, float, dict]]:
    """pdfplumber's ``snap_objects``: (new position, shift, edge) for each edge, cluster by cluster."""
    cluster: dict[float, int] = {}
    k, last = 0, None
    for v in sorted({e[attr] for e in edges}):
        if last is not None and v > last + 3:
            k += 1
        cluster[v] = k
        last = v
    groups: dict[int, list[dict]] = {}
    for e in sorted(edges, key=lambda e: cluster[e[attr]]):
        groups.setdefault(cluster[e[attr]], []).append(e)
    out = []
    for members in groups.values():
        mean = sum(e[attr] for e in members) / len(members)
        for e in members:
            shift = mean - e[attr]
            out.append((e[attr] + shift, shift, e))
    return out


def crossings(edges: list[dict], tolerance: float = 3) -> dict[tuple[float, float], dict[str, list[dict]]]:
    """pdfplumber's ``edges_to_intersections(edges, 3, 3)``: the same points, edges and order.

    Why: pdfplumber tries every horizontal edge against every vertical one (and sorts the
    horizontal edges again for each vertical one); here only the horizontal edges whose top
    lies near the vertical edge's span are tried, found by bisection, with pdfplumber's own
    test applied to each (the bisection is widened a little, so rounding cannot lose one).
    """
    vertical = sorted((e for e in edges if e["orientation"] == "v"), key=_X0_TOP)
    horizontal = sorted((e for e in edges if e["orientation"] == "h"), key=_TOP_X0)
    tops = [h["top"] for h in horizontal]
    out: dict[tuple[float, float], dict[str, list[dict]]] = {}
    for v in vertical:
        vx, vtop, vbottom = v["x0"], v["top"], v["bottom"]
        first = bisect.bisect_left(tops, vtop - tolerance - 1e-6)
        last = bisect.bisect_right(tops, vbottom + tolerance + 1e-6)
        for h in horizontal[first:last]:
            if (
                vtop <= h["top"] + tolerance
                and vbottom >= h["top"] - tolerance
                and vx >= h["x0"] - tolerance
                and vx <= h["x1"] + tolerance
            ):
                point = (vx, h["top"])
                if point not in out:
                    out[point] = {"v": [], "h": []}
                out[point]["v"].append(v)
                out[point]["h"].append(h)
    return out


_X0_TOP = operator.itemgetter("x0", "top")
_TOP_X0 = operator.itemgetter("top", "x0")


def cell_groups(
    cells: list[tuple[float, float, float, float]],
) -> list[list[tuple[float, float, float, float]]]:
    """pdfplumber's ``cells_to_tables``: the same groups of cells sharing corners, in the same order.

    Why: pdfplumber removes each cell it places from the list of those left (a search and a
    shift of the list each time, so quadratic in a page's cells); here a cell placed is
    marked, and the passes over the cells left are otherwise pdfplumber's. Cells are distinct
    (``smallest_cells`` finds one per top-left corner); if some were not, pdfplumber's
    ``remove`` (of the first equal cell) would order them its own way, so it is asked instead.
    """
    if len(set(cells)) != len(cells):
        from pdfplumber.table import cells_to_tables

        return cells_to_tables(cells)
    taken = [False] * len(cells)
    left = len(cells)
    corners: set[tuple[float, float]] = set()
    group: list[tuple[float, float, float, float]] = []
    groups: list[list[tuple[float, float, float, float]]] = []
    while left:
        before = len(group)
        for i, cell in enumerate(cells):
            if taken[i]:
                continue
            x0, top, x1, bottom = cell
            own = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not group or any(c in corners for c in own):  # the first cell, or one touching
                corners.update(own)
                group.append(cell)
                taken[i] = True
                left -= 1
        if len(group) == before:  # a pass that added nothing: the group is whole
            groups.append(list(group))
            corners.clear()
            group.clear()
    if group:
        groups.append(list(group))
    groups.sort(key=lambda g: min((c[1], c[0]) for c in g))
    return [g for g in groups if len(g) > 1]


def smallest_cells(intersections: dict) -> list[tuple[float, float, float, float]]:
    """pdfplumber's ``intersections_to_cells``, the same cells in the same order, faster.

    Why: pdfplumber scans all later crossing points for each point (quadratic), which on a
    chart's gridlines cost more than reading the page; here the points below and to the
    right of a point come from indexes by x and by y, and each point's edges are made into
    sets once.
    """
    points = sorted(intersections)
    vsets = {p: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in intersections[p]["v"]} for p in points}
    hsets = {p: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in intersections[p]["h"]} for p in points}

    def connects(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        if p1[0] == p2[0] and not vsets[p1].isdisjoint(vsets[p2]):
            return True
        return p1[1] == p2[1] and not hsets[p1].isdisjoint(hsets[p2])

    by_x: dict[float, list[tuple[float, float]]] = {}
    by_y: dict[float, list[tuple[float, float]]] = {}
    for p in points:  # sorted by (x, y): by_x lists run down, by_y lists run right
        by_x.setdefault(p[0], []).append(p)
        by_y.setdefault(p[1], []).append(p)
    cells = []
    for pt in points:
        below = [q for q in by_x[pt[0]] if q[1] > pt[1]]
        right = [q for q in by_y[pt[1]] if q[0] > pt[0]]
        found = None
        for below_pt in below:
            if not connects(pt, below_pt):
                continue
            for right_pt in right:
                if not connects(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if corner in vsets and connects(corner, right_pt) and connects(corner, below_pt):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


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
