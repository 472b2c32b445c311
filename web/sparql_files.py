"""SPARQL the web pages run, kept in ``web/sparql/*.rq`` rather than in Python strings.

Values from requests are never pasted into these texts: they are bound with
``KnowledgeGraph.sparql(name_or_text, bindings)`` (a ``VALUES`` block built by the store
from escaped terms).
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def web_sparql(name: str) -> str:
    return resources.files("ckg.web").joinpath("sparql", f"{name}.rq").read_text(encoding="utf-8")
