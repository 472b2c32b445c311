"""SPARQL the graph package runs itself, kept in ``graph/sparql/*.rq`` rather than in Python strings."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def sparql(name: str) -> str:
    return resources.files("ckg.graph").joinpath("sparql", f"{name}.rq").read_text(encoding="utf-8")
