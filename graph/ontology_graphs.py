"""Loads the Turtle files of ``ontology/`` into their own named graphs.

The ontology, the SHACL shapes and the topic scheme travel with the data, so a researcher
querying the store can ask "what is a ckg:FundingAllocation?" or list topics, and
``ckg validate`` reads the shapes from the package, not from the store.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from rdflib import Graph

from ckg.graph.namespaces import ONTOLOGY_GRAPH, SHAPES_GRAPH, TOPICS_GRAPH
from ckg.graph.store import Store

FILES = {"ckg.ttl": ONTOLOGY_GRAPH, "shapes.ttl": SHAPES_GRAPH, "topics.ttl": TOPICS_GRAPH}


def ontology_text(name: str) -> str:
    return resources.files("ckg.ontology").joinpath(name).read_text(encoding="utf-8")


@cache
def parsed(name: str) -> Graph:
    g = Graph()
    g.parse(data=ontology_text(name), format="turtle")
    return g


def load_ontology_graphs(store: Store) -> None:
    for name, graph_iri in FILES.items():
        try:
            graph = parsed(name)
        except FileNotFoundError:
            continue
        store.replace_graph(str(graph_iri), graph)
