"""Views of the map graph: the default overview, a focus neighbourhood, filters, paths.

Each view picks a set of nodes from a ``MapGraph`` and returns them with every edge between
them, in the ``/api/graph`` JSON shape. Views are capped (``settings.graph_max_nodes``) and say
so (``truncated``, ``total_nodes``): never a silent cut.

Why the default view is built from bodies outward: the map is about who commissions, funds
and provides what. It takes the most central bodies, then the services, funding lines and
intentions that join two of them, then each body's own most central items in turn (round
robin, so one council's hundred intentions cannot crowd out everyone else).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ckg.web import links
from ckg.web.map_graph import MapGraph
from ckg.web.map_kinds import HUB_KINDS

# The default view draws commissioning, funding and provision; priorities, indicators and
# the hubs come in through a focus or an explicit type filter.
DEFAULT_KINDS = frozenset({"body", "service", "funding", "intention", "person", "post"})
# In a body's round robin, items that can join bodies come before its intentions.
_KIND_ORDER = {"body": 0, "service": 0, "funding": 0, "person": 1, "post": 1, "intention": 2}
MAX_PATHS = 5


@dataclass(frozen=True)
class Filters:
    """What the user asked to see; empty fields do not filter."""

    topic: str | None = None
    area: str | None = None
    document: str | None = None
    kinds: frozenset[str] | None = None

    def active(self) -> bool:
        return bool(self.topic or self.area or self.document or self.kinds)

    def keeps(self, data: dict[str, Any]) -> bool:
        if self.kinds is not None and data["kind"] not in self.kinds:
            return False
        if self.topic and self.topic not in data["topics"]:
            return False
        if self.area and self.area not in data["areas"]:
            return False
        return not (self.document and self.document not in data["documents"])


@dataclass
class View:
    nodes: list[str]
    focus: str | None
    truncated: bool
    total: int


# --------------------------------------------------------------------------- views
def pool(mg: MapGraph, filters: Filters) -> set[str]:
    """The nodes the filters keep."""
    return {n for n, d in mg.g.nodes(data=True) if filters.keeps(d)}


def default_view(mg: MapGraph, filters: Filters, cap: int) -> View:
    """The overview: central bodies and what joins them, grown outward to the cap."""
    keep = pool(mg, filters)
    allowed = filters.kinds if filters.kinds is not None else DEFAULT_KINDS
    cand = {n for n in keep if mg.node(n)["kind"] in allowed}
    linked = {n for n in cand if any(m in cand for m in mg.und[n])}
    if not linked:  # nothing joined (e.g. only topics asked for): the most central on their own
        ranked = sorted(cand, key=lambda n: _rank_key(mg, n))
        return View(ranked[:cap], None, len(ranked) > cap, len(ranked))

    size = lambda n: mg.node(n)["size"]  # noqa: E731
    bodies = sorted((n for n in linked if mg.node(n)["kind"] == "body"), key=lambda n: _rank_key(mg, n))
    chosen: dict[str, None] = {}  # insertion-ordered set
    for b in bodies[: max(1, cap // 5)]:
        chosen[b] = None
    if not chosen:
        chosen[min(linked, key=lambda n: _rank_key(mg, n))] = None

    def add(items: Iterable[str]) -> bool:
        for n in items:
            if len(chosen) >= cap:
                return False
            chosen.setdefault(n, None)
        return len(chosen) < cap

    # 1. items joining two or more chosen bodies
    seeds = list(chosen)
    joins: dict[str, int] = {}
    for b in seeds:
        for m in mg.und[b]:
            if m in linked and m not in chosen:
                joins[m] = joins.get(m, 0) + 1
    bridges = sorted((m for m, c in joins.items() if c >= 2), key=lambda m: (-joins[m], -size(m), m))
    if add(bridges):
        # 2. round robin over the chosen bodies, each taking its next best item
        queues = [
            iter(
                sorted(
                    (m for m in mg.und[b] if m in linked),
                    key=lambda m: (_KIND_ORDER.get(mg.node(m)["kind"], 3), -size(m), m),
                )
            )
            for b in seeds
        ]
        while queues and len(chosen) < cap:
            alive = []
            for q in queues:
                for m in q:
                    if m not in chosen:
                        chosen[m] = None
                        alive.append(q)
                        break
                if len(chosen) >= cap:
                    break
            queues = alive
        # 3. whatever else touches the view, most central first
        _grow(mg, chosen, linked, cap)
    return View(list(chosen), None, len(linked) > len(chosen), len(linked))


def focus_view(mg: MapGraph, focus: str, depth: int, filters: Filters, cap: int) -> View:
    """The neighbourhood of ``focus`` up to ``depth`` links, nearest and most central first.

    The walk does not pass through documents, topics and areas (other than the focus): they
    join everything about them, and a two-step neighbourhood would be the whole graph.
    """
    keep = pool(mg, filters) | {focus}
    dist = {focus: 0}
    frontier = [focus]
    for d in range(1, depth + 1):
        nxt = []
        for n in frontier:
            if n != focus and mg.node(n)["kind"] in HUB_KINDS:
                continue
            for m in mg.und[n]:
                if m in keep and m not in dist:
                    dist[m] = d
                    nxt.append(m)
        frontier = nxt
    ranked = sorted(dist, key=lambda n: (dist[n], _rank_key(mg, n)))
    return View(ranked[:cap], focus, len(ranked) > cap, len(ranked))


def path_view(mg: MapGraph, source: str, target: str, cap: int) -> tuple[View, list[list[str]], bool] | None:
    """Shortest paths from ``source`` to ``target`` (at most ``MAX_PATHS``), whether they pass
    through a hub, or None.

    Paths through actors and items come first; only when there is none may a path pass
    through a shared document, topic or area (a weaker link: "both mentioned in ...").
    """
    for through_hubs in (False, True):
        graph = mg.und
        if not through_hubs:
            graph = nx.subgraph_view(
                mg.und, filter_node=lambda n: n in (source, target) or mg.node(n)["kind"] not in HUB_KINDS
            )
        try:
            paths = list(itertools.islice(nx.all_shortest_paths(graph, source, target), MAX_PATHS))
        except nx.NetworkXNoPath:
            continue
        nodes: dict[str, None] = {}
        for p in paths:
            for n in p:
                nodes.setdefault(n, None)
        ordered = list(nodes)[:cap]
        return View(ordered, None, len(nodes) > cap, len(nodes)), paths, through_hubs
    return None


# Search prefers the things people look for by name.
_FIND_ORDER = {k: i for i, k in enumerate(("body", "topic", "area", "service", "document", "person", "post"))}


FIND_MATCHES = ("exact", "prefix", "word", "part")


def find_nodes(mg: MapGraph, q: str, limit: int) -> tuple[list[tuple[str, str]], bool]:
    """(node, how it matched) for nodes whose name or alias ("CSE", "CAMHS") contains ``q``, best
    first: exact names, then names starting with it, then a word starting with it, then anywhere;
    bodies and topics first within each. The flag says whether more matched than ``limit``."""
    q = " ".join(q.split()).lower()
    word = re.compile(r"\b" + re.escape(q))
    hits = []
    for n, d in mg.g.nodes(data=True):
        names = [d["label"].lower(), *(a.lower() for a in d["aliases"])]
        if any(q == x for x in names):
            tier = 0
        elif any(x.startswith(q) for x in names):
            tier = 1
        elif any(word.search(x) for x in names):
            tier = 2
        elif any(q in x for x in names):
            tier = 3
        else:
            continue
        hits.append(((tier, _FIND_ORDER.get(d["kind"], 9), -d["size"], d["label"]), n))
    hits.sort()
    return [(n, FIND_MATCHES[key[0]]) for key, n in hits[:limit]], len(hits) > limit


def _grow(mg: MapGraph, chosen: dict[str, None], allowed: set[str], cap: int) -> None:
    """Add neighbours of the view, most central first, until the cap."""
    frontier = {m for n in chosen for m in mg.und[n] if m in allowed and m not in chosen}
    while frontier and len(chosen) < cap:
        best = min(frontier, key=lambda n: _rank_key(mg, n))
        frontier.discard(best)
        chosen[best] = None
        frontier |= {m for m in mg.und[best] if m in allowed and m not in chosen}


def _rank_key(mg: MapGraph, n: str) -> tuple[float, str]:
    return (-mg.node(n)["size"], n)


# --------------------------------------------------------------------------- JSON
def node_json(mg: MapGraph, iri: str) -> dict[str, Any]:
    d = mg.node(iri)
    return {
        "id": iri,
        "label": d["label"],
        "kind": d["kind"],
        "types": list(d["types"]),
        "url": links.entity_path(iri),
        "size": d["size"],
        "areas": list(d["areas"]),
        "topics": list(d["topics"]),
        "documents": list(d["documents"]),
        "area_names": _names(mg, d["areas"], exclude=iri),
        "document_names": _names(mg, d["documents"], exclude=iri),
        "amount": d["amount"],
    }


def _names(mg: MapGraph, iris: Iterable[str], exclude: str) -> list[str]:
    """Labels of a node's areas or documents, for the map's table (the node itself left out)."""
    return sorted(mg.node(v)["label"] if v in mg else v for v in iris if v != exclude)


def edge_json(u: str, v: str, k: str, data: dict[str, Any]) -> dict[str, Any]:
    """One edge; ``evidence`` links to the passage that states it (None when none does)."""
    src = data.get("evidence")
    evidence = None
    if src is not None and (link := links.passage_link(src.passage)):
        evidence = {"passage": src.passage, "link": link, "document": src.doc_title}
    return {
        "id": k,
        "source": u,
        "target": v,
        "kind": data["kind"],
        "label": data["label"],
        "evidence": evidence,
    }


def view_json(mg: MapGraph, view: View, *, only_edges: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """The ``/api/graph`` reply for a view; ``only_edges`` limits edges to those node pairs."""
    members = set(view.nodes)
    edges = []
    pairs = {frozenset(p) for p in only_edges} if only_edges is not None else None
    for u, v, k, data in mg.edges_between(members):
        if pairs is not None and frozenset((u, v)) not in pairs:
            continue
        edges.append(edge_json(u, v, k, data))
    return {
        "nodes": [node_json(mg, n) for n in view.nodes],
        "edges": edges,
        "focus": view.focus,
        "truncated": view.truncated,
        "total_nodes": view.total,
    }
