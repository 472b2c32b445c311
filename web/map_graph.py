"""The commissioning map's graph: read once from the store into networkx, cached per app.

Why networkx rather than a SPARQL query per request: the map needs centrality (node sizes,
the default view), neighbourhoods that stop at hubs, and shortest paths; all are cheap on a
graph of a few thousand nodes held in memory, and awkward in SPARQL. The store is read-only
while the app serves, so the graph is built once and rebuilt only when the store's document
versions (content hash and extractor version of every loaded document) change.

The SPARQL lives in ``web/sparql/map-*.rq``; nothing from a request reaches these queries.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from ckg.web.map_kinds import EDGE_RULES, HUB_EDGE_KINDS, HUB_KINDS, LABEL_PROPERTIES, kind_of
from ckg.web.sparql_files import web_sparql

if TYPE_CHECKING:
    from ckg.kg import KnowledgeGraph

# Edges along which a body takes on the topics of what it commissions, funds, provides or
# prioritises (so "filter by topic" keeps the bodies behind the matching services).
_TOPIC_CARRYING = {"commissions", "funds", "provides"}
_TOPIC_CARRYING_LABELS = {"has priority"}
_ACTOR_KINDS = {"body", "person", "post"}


@dataclass
class MapGraph:
    """The map's nodes (with their attributes) and oriented, labelled edges."""

    g: nx.MultiDiGraph
    und: nx.Graph  # undirected, one edge per linked pair: traversal and paths
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    key: tuple = ()

    def node(self, iri: str) -> dict[str, Any]:
        return self.g.nodes[iri]

    def __contains__(self, iri: object) -> bool:
        return iri in self.g

    def edges_between(self, nodes: set[str]) -> list[tuple[str, str, str, dict[str, Any]]]:
        """Every edge whose two ends are in ``nodes`` (the induced subgraph)."""
        out = []
        for u in nodes:
            for _, v, k, data in self.g.out_edges(u, keys=True, data=True):
                if v in nodes:
                    out.append((u, v, k, data))
        out.sort(key=lambda e: e[2])
        return out


@dataclass(frozen=True)
class Source:
    """A passage a resource was read from: its IRI, document (IRI and title), text lower-cased."""

    passage: str
    doc: str
    doc_title: str | None
    text: str


# --------------------------------------------------------------------------- building
def build_map_graph(kg: KnowledgeGraph) -> MapGraph:
    """Read nodes, labels, edges, mentions and amounts from the store into a ``MapGraph``."""
    types: dict[str, set[str]] = defaultdict(set)
    for row in kg.sparql(web_sparql("map-nodes")).rows:
        types[row["node"].value].add(row["type"].value)

    labels: dict[str, tuple[int, str]] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    rank = {p: i for i, p in enumerate(LABEL_PROPERTIES)}
    for row in kg.sparql(web_sparql("map-labels")).rows:
        iri = row["node"].value
        if iri not in types:
            continue
        text = " ".join(row["label"].value.split())
        if row["prop"].value not in rank:  # skos:altLabel
            aliases[iri].add(text)
            continue
        cand = (rank[row["prop"].value], text)
        if iri not in labels or cand < labels[iri]:
            labels[iri] = cand

    g = nx.MultiDiGraph()
    for iri, classes in types.items():
        label = labels[iri][1] if iri in labels else _tail(iri)
        g.add_node(
            iri,
            label=label,
            kind=kind_of(classes),
            types=tuple(sorted(classes)),
            amount=None,
            aliases=tuple(sorted(aliases.get(iri, ()))),
        )

    seen: set[tuple[str, str, str]] = set()
    for row in kg.sparql(web_sparql("map-edges")).rows:
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        rule = EDGE_RULES.get(p)
        if rule is None or s not in g or o not in g or s == o:
            continue
        src, dst = (o, s) if rule.reverse else (s, o)
        if (src, dst, rule.label) in seen:
            continue
        seen.add((src, dst, rule.label))
        g.add_edge(
            src, dst, key=edge_id(src, dst, rule.label), kind=rule.kind, label=rule.label, stated=(s, o)
        )

    # Topics and areas nothing points at are not worth a node.
    g.remove_nodes_from(
        [n for n, d in g.nodes(data=True) if d["kind"] in ("topic", "area") and not g.degree(n)]
    )

    for row in kg.sparql(web_sparql("map-amounts")).rows:
        if row["node"].value in g:
            g.nodes[row["node"].value]["amount"] = float(row["amount"].value)

    derived: dict[str, list[Source]] = defaultdict(list)
    for row in kg.sparql(web_sparql("map-derivations")).rows:
        title = row["docTitle"].value if "docTitle" in row else None
        derived[row["node"].value].append(
            Source(row["passage"].value, row["doc"].value, title, row["text"].value.lower())
        )
    mentions = {node: {src.doc for src in sources} for node, sources in derived.items()}

    _attach_attributes(g, mentions)
    _attach_evidence(g, derived)
    und = nx.Graph(g.to_undirected(as_view=True))
    _attach_sizes(g, und)
    loaded = {d for docs in mentions.values() for d in docs}
    return MapGraph(g=g, und=und, facets=_facets(g, loaded))


def edge_id(source: str, target: str, label: str) -> str:
    """A short stable id for an edge (same graph, same ids).

    >>> edge_id("https://x/a", "https://x/b", "funds") == edge_id("https://x/a", "https://x/b", "funds")
    True
    """
    import hashlib

    return "e" + hashlib.sha1(f"{source}|{label}|{target}".encode()).hexdigest()[:16]


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")


def _attach_attributes(g: nx.MultiDiGraph, mentions: dict[str, set[str]]) -> None:
    """Give every node its documents, areas and topics (the lists the filters test)."""
    direct_areas: dict[str, set[str]] = defaultdict(set)
    direct_topics: dict[str, set[str]] = defaultdict(set)
    documents: dict[str, set[str]] = defaultdict(set)
    for u, v, data in g.edges(data=True):
        vk = g.nodes[v]["kind"]
        if data["kind"] == "about" and vk == "area":
            direct_areas[u].add(v)
        elif data["kind"] == "about" and vk == "topic":
            direct_topics[u].add(v)
        elif data["kind"] == "states" or data["label"] == "references":
            documents[v].add(u)
    for node, docs in mentions.items():
        if node in g:
            documents[node] |= docs

    for n, d in g.nodes(data=True):
        kind = d["kind"]
        docs = set(documents[n]) | ({n} if kind == "document" else set())
        areas = set(direct_areas[n]) | ({n} if kind == "area" else set())
        for doc in docs:
            areas |= direct_areas.get(doc, set())
        topics = set(direct_topics[n]) | ({n} if kind == "topic" else set())
        if kind in _ACTOR_KINDS:
            for _, v, data in g.out_edges(n, data=True):
                if data["kind"] in _TOPIC_CARRYING or data["label"] in _TOPIC_CARRYING_LABELS:
                    topics |= direct_topics.get(v, set())
        d["documents"] = tuple(sorted(docs))
        d["areas"] = tuple(sorted(areas))
        d["topics"] = tuple(sorted(topics))


def _attach_evidence(g: nx.MultiDiGraph, derived: dict[str, list[Source]]) -> None:
    """Give every edge the passage that shows it (``evidence``: a ``Source``, or None).

    Why the stated subject's passages: the triple ``s p o`` was read with ``s`` (a service and
    its commissioner come from the service's sentence), so one of ``s``'s passages states it;
    the one naming ``o`` (or, for "states", lying in the document ``o``) is the telling one.
    When ``s`` has no passage (a loaded document), ``o``'s passages naming ``s`` are tried.
    """
    for _, _, data in g.edges(data=True):
        s, o = data.pop("stated")
        data["evidence"] = _telling(derived.get(s, ()), g.nodes[o]) or _telling(
            derived.get(o, ()), g.nodes[s], fallback=False
        )


def _telling(sources, other: dict[str, Any], fallback: bool = True) -> Source | None:
    """The first passage that names ``other`` (or lies in it, for a document); else the first."""
    if not sources:
        return None
    names = [n.lower() for n in (other["label"], *other["aliases"]) if len(n) > 2]
    for src in sources:
        if any(n in src.text for n in names):
            return src
    if other["kind"] == "document":
        docs = [src for src in sources if src.doc in other["documents"]]
        if docs:
            return docs[0]
    return sources[0] if fallback else None


def _attach_sizes(g: nx.MultiDiGraph, und: nx.Graph) -> None:
    """Node size 0..1 from centrality.

    Actors and items: PageRank over the relationship graph without documents, topics and
    areas (so a body is big because it commissions, funds and sits in structures, not because
    a document mentions it). Hubs: their degree among hubs. Square roots spread the small
    values, which are most of them.
    """
    rel = nx.Graph()
    rel.add_nodes_from(n for n, d in g.nodes(data=True) if d["kind"] not in HUB_KINDS)
    rel.add_edges_from(
        (u, v) for u, v, d in g.edges(data=True) if d["kind"] not in HUB_EDGE_KINDS and u in rel and v in rel
    )
    try:
        score = nx.pagerank(rel) if rel.number_of_edges() else {}
    except ImportError:  # pragma: no cover - pagerank needs scipy; degree is a fair stand-in
        score = nx.degree_centrality(rel)
    top = max(score.values(), default=0.0) or 1.0
    low = min(score.values(), default=0.0)
    hub_top = max((und.degree(n) for n, d in g.nodes(data=True) if d["kind"] in HUB_KINDS), default=0) or 1
    for n, d in g.nodes(data=True):
        if d["kind"] in HUB_KINDS:
            d["size"] = round(math.sqrt(und.degree(n) / hub_top), 4)
        else:
            raw = (score.get(n, low) - low) / ((top - low) or 1.0)
            d["size"] = round(math.sqrt(max(raw, 0.0)), 4)


def _facets(g: nx.MultiDiGraph, loaded: set[str]) -> dict[str, list[dict[str, Any]]]:
    """The values the page's filters offer: areas, topics and loaded documents, with counts."""
    counts: dict[str, dict[str, int]] = {
        "areas": defaultdict(int),
        "topics": defaultdict(int),
        "documents": defaultdict(int),
    }
    kinds: dict[str, int] = defaultdict(int)
    for _, d in g.nodes(data=True):
        kinds[d["kind"]] += 1
        for facet in counts:
            for v in d[facet]:
                counts[facet][v] += 1
    out: dict[str, list[dict[str, Any]]] = {}
    for facet, c in counts.items():
        keep = [v for v in c if v in g and (facet != "documents" or v in loaded)]
        out[facet] = sorted(
            ({"id": v, "label": g.nodes[v]["label"], "count": c[v]} for v in keep),
            key=lambda x: x["label"].lower(),
        )
    out["kinds"] = [{"id": k, "count": n} for k, n in sorted(kinds.items())]
    return out


# --------------------------------------------------------------------------- cache
class MapCache:
    """One ``MapGraph`` per app, rebuilt when the store's document versions change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._graph: MapGraph | None = None

    def get(self, kg: KnowledgeGraph) -> MapGraph:
        key = store_key(kg)
        graph = self._graph
        if graph is not None and graph.key == key:
            return graph
        with self._lock:
            if self._graph is None or self._graph.key != key:
                built = build_map_graph(kg)
                built.key = key
                self._graph = built
            return self._graph


def store_key(kg: KnowledgeGraph) -> tuple:
    versions = kg.store().document_versions()
    return tuple(sorted(versions.items()))
