"""The commissioning map: ``/graph`` (the page) and its JSON (``/api/graph``, ``/api/path``,
``/api/node``, ``/api/graph/find``).

Why every parameter is checked here before anything runs: the values come from URLs people
share, so a bad one gets a clear 400 (an unknown resource a 404) rather than an empty map.
Filter values and the focus are looked up in the cached graph; the one SPARQL query with a
request value (evidence for a node) binds it with ``VALUES``, never pastes it.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from rdflib import URIRef

from ckg.graph.namespaces import CKGID
from ckg.web import links
from ckg.web.context import current_kg, current_settings
from ckg.web.map_graph import MapCache, MapGraph
from ckg.web.map_kinds import KIND_NAMES, legend
from ckg.web.map_views import Filters, default_view, find_nodes, focus_view, node_json, path_view, view_json
from ckg.web.sparql_files import web_sparql

bp = Blueprint("graph_map", __name__)

MAX_DEPTH = 3
MAX_QUOTE = 700
_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`]{1,2000}")
_SHORT = re.compile(r"[a-z0-9][a-z0-9._/-]{0,200}")
# A short value (no scheme) names a resource under ckgid: by its path: topic=cse, area=reading.
_SHORT_PREFIX = {"topic": "topic/", "area": "area/", "document": "doc/"}


@bp.record_once
def _setup(state) -> None:
    state.app.extensions.setdefault("ckg.map", MapCache())


def map_graph() -> MapGraph:
    return current_app.extensions["ckg.map"].get(current_kg())


# --------------------------------------------------------------------------- parameters
def _iri_param(mg: MapGraph, name: str, *, kind: str | None = None, required: bool = False) -> str | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        if required:
            abort(400, f"missing parameter {name!r}")
        return None
    if kind in _SHORT_PREFIX and "://" not in raw and _SHORT.fullmatch(raw):
        raw = str(CKGID) + _SHORT_PREFIX[kind] + raw
    if not _IRI.fullmatch(raw):
        abort(400, f"parameter {name!r} is not an IRI")
    if raw not in mg:
        abort(404, f"{name}: no such resource in the map")
    if kind is not None and mg.node(raw)["kind"] != kind:
        abort(400, f"parameter {name!r} is not a {kind}")
    return raw


def _int_param(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"\d{1,4}", raw) or not low <= int(raw) <= high:
        abort(400, f"parameter {name!r} must be a whole number from {low} to {high}")
    return int(raw)


def _kinds_param() -> frozenset[str] | None:
    values = [v.strip() for raw in request.args.getlist("types") for v in raw.split(",") if v.strip()]
    if not values:
        return None
    unknown = [v for v in values if v not in KIND_NAMES]
    if unknown:
        abort(400, f"unknown node type {unknown[0][:40]!r} (use {', '.join(KIND_NAMES)})")
    return frozenset(values)


def _filters(mg: MapGraph) -> Filters:
    return Filters(
        topic=_iri_param(mg, "topic", kind="topic"),
        area=_iri_param(mg, "area", kind="area"),
        document=_iri_param(mg, "document", kind="document"),
        kinds=_kinds_param(),
    )


# --------------------------------------------------------------------------- routes
@bp.get("/graph")
def graph_page():
    return render_template(
        "graph.html", legend=legend(), max_nodes=current_settings().graph_max_nodes, max_depth=MAX_DEPTH
    )


@bp.get("/api/graph")
def api_graph():
    """Nodes and edges for one view of the map (how views are chosen: ``map_views``).

    Parameters: ``focus`` (IRI; without it, the overview), ``depth`` (0..3, default 1),
    ``topic`` / ``area`` / ``document`` (IRI, or its path under ckgid:, e.g. ``area=reading``),
    ``types`` (comma-separated kinds), ``limit`` (at most ``graph_max_nodes``), ``facets=1``
    (add the filter values with counts).
    """
    mg = map_graph()
    settings = current_settings()
    focus = _iri_param(mg, "focus")
    depth = _int_param("depth", 1, 0, MAX_DEPTH)
    cap = _int_param("limit", settings.graph_max_nodes, 1, settings.graph_max_nodes)
    filters = _filters(mg)
    view = focus_view(mg, focus, depth, filters, cap) if focus else default_view(mg, filters, cap)
    body = view_json(mg, view)
    body["depth"] = depth if focus else None
    if request.args.get("facets") == "1":
        body["facets"] = mg.facets
    return jsonify(body)


@bp.get("/api/path")
def api_path():
    """How two resources are connected: the shortest paths between them, as a map view."""
    mg = map_graph()
    source = _iri_param(mg, "from", required=True)
    target = _iri_param(mg, "to", required=True)
    assert source and target
    found = path_view(mg, source, target, current_settings().graph_max_nodes)
    if found is None:
        abort(404, "these two are not connected in the map")
    view, paths, via_hubs = found
    pairs = [(p[i], p[i + 1]) for p in paths for i in range(len(p) - 1)]
    body = view_json(mg, view, only_edges=pairs)
    body.update(
        {"from": source, "to": target, "paths": paths, "length": len(paths[0]) - 1, "via_hubs": via_hubs}
    )
    return jsonify(body)


@bp.get("/api/node")
def api_node():
    """One node for the side panel: what it is, its links in the map, and its evidence."""
    mg = map_graph()
    iri = _iri_param(mg, "iri", required=True)
    assert iri
    body = node_json(mg, iri)
    for facet in ("areas", "topics", "documents"):
        body[facet] = [{"id": v, "label": mg.node(v)["label"]} for v in body[facet] if v in mg]
    body["evidence"] = _evidence(iri, body["label"])
    body["links"], body["link_count"] = _links(mg, iri)
    return jsonify(body)


@bp.get("/api/graph/find")
def api_find():
    """Nodes whose name or alias contains the text, best first (the map's search field)."""
    q = " ".join(request.args.get("q", "").split())
    if not 1 <= len(q) <= 200:
        abort(400, "parameter 'q' must be 1 to 200 characters")
    limit = _int_param("limit", 10, 1, 50)
    mg = map_graph()
    found, more = find_nodes(mg, q, limit)
    results = [
        {
            "id": n,
            "label": mg.node(n)["label"],
            "kind": mg.node(n)["kind"],
            "url": links.entity_path(n),
            "match": m,
        }
        for n, m in found
    ]
    return jsonify({"q": q, "results": results, "truncated": more})


def _evidence(iri: str, label: str) -> list[dict[str, Any]]:
    """Up to 8 passages the node was read from, the telling ones first: sentences that name it,
    then other sentences, then bare headings and titles (hardly longer than the name)."""
    rows = current_kg().sparql(web_sparql("map-evidence"), {"node": URIRef(iri)}).rows
    name = label.lower()

    def telling(row) -> int:
        quote = row["quote"].value
        if len(quote) < len(label) + 25:
            return 2
        return 0 if name in quote.lower() else 1

    rows = sorted(rows, key=telling)  # stable: document order within each group
    out = []
    for row in rows[:8]:
        quote = " ".join(row["quote"].value.split())
        if len(quote) > MAX_QUOTE:
            quote = quote[: MAX_QUOTE - 1].rstrip() + "…"
        passage = row["passage"].value
        out.append(
            {
                "quote": quote,
                "document": row["docTitle"].value if "docTitle" in row else None,
                "document_iri": row["doc"].value,
                "section": row["section"].value if "section" in row else None,
                "passage": passage,
                "passage_link": links.passage_link(passage),
            }
        )
    return out


def _links(mg: MapGraph, iri: str, limit: int = 40) -> tuple[list[dict[str, Any]], int]:
    items = []
    for direction, edges in (("out", mg.g.out_edges(iri, data=True)), ("in", mg.g.in_edges(iri, data=True))):
        for u, v, data in edges:
            other = v if direction == "out" else u
            d = mg.node(other)
            items.append(
                {
                    "direction": direction,
                    "kind": data["kind"],
                    "label": data["label"],
                    "node": {
                        "id": other,
                        "label": d["label"],
                        "kind": d["kind"],
                        "url": links.entity_path(other),
                    },
                    "_size": d["size"],
                }
            )
    items.sort(key=lambda x: (x["kind"] in ("states", "about"), -x["_size"], x["node"]["label"]))
    for x in items:
        del x["_size"]
    return items[:limit], len(items)
