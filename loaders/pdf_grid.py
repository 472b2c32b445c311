"""Ruled tables of a PDFium page: cells from its ruling lines (``pdf_rules``), text from its characters.

The grid is found by pdfplumber's table geometry with its default tolerances (snap and join
the edges, find their crossings, the smallest cells, and groups of cells sharing corners), so
a table reads as it did when pdfplumber parsed the page; only the edges and the characters
come from PDFium. Each step is done here rather than by pdfplumber: the same results in the
same order (each function names the pdfplumber one it matches, and the tests compare them on
random and real edges), without what made pdfplumber's slow on a Word report, whose shaded
cells give hundreds of edges a page: a copy of an edge's dict at each move, every horizontal
edge tried (and sorted again) against every vertical one, a list search at each placed cell.
"""

from __future__ import annotations

import bisect
import itertools
import operator

from .pdf_tables import Table, _cell, _trusted


def grid_tables(edges: list[dict], rule_shapes: int, chars: list[dict]) -> list[Table]:
    """Tables from ruling lines PDFium drew (``pdf_rules``), with the cells' text from ``chars``.

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
