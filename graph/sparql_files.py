"""SPARQL the graph package runs itself, kept in ``graph/sparql/*.rq`` rather than in Python strings."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def sparql(name: str) -> str:
    return resources.files("ckg.graph").joinpath("sparql", f"{name}.rq").read_text(encoding="utf-8")
