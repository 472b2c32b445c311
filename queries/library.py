"""The named SPARQL queries shipped in ``queries/*.rq``.

Each file starts with comment lines that document it::

    # title: Funding by funder, with totals
    # description: every funding line ... (one or more lines,
    #   continued on indented lines)
    # param: funder  IRI of a body (optional; bound with VALUES)

``ckg sparql NAME`` runs one; the web editor offers them all as examples. Queries are
plain SPARQL with the ckg prefixes declared, runnable as-is on any SPARQL 1.1 endpoint.

>>> q = get("funding-by-funder")
>>> q.title.lower().startswith("funding")
True
>>> resolve("SELECT * WHERE { ?s ?p ?o } LIMIT 1").startswith("SELECT")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ckg.errors import QueryError


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    params: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def _parse(name: str, text: str) -> NamedQuery:
    title, desc, params = name, [], []
    in_description = False
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line.lstrip("#").strip()
        continued = in_description and line.startswith("#  ") and body
        in_description = False
        if m := re.match(r"title:\s*(.+)", body, re.I):
            title = m.group(1)
        elif m := re.match(r"param:\s*(\w+)\s*(.*)", body, re.I):
            params.append((m.group(1), m.group(2)))
        elif m := re.match(r"description:\s*(.*)", body, re.I):
            desc.append(m.group(1))
            in_description = True
        elif continued:
            # the description goes on over indented lines; other comments are notes
            desc.append(body)
            in_description = True
    return NamedQuery(name, title, " ".join(desc).strip(), text, tuple(params))


@lru_cache(maxsize=1)
def all_queries() -> dict[str, NamedQuery]:
    out: dict[str, NamedQuery] = {}
    for entry in sorted(resources.files("ckg.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = _parse(name, entry.read_text(encoding="utf-8"))
    return out


def get(name: str) -> NamedQuery:
    try:
        return all_queries()[name]
    except KeyError:
        raise QueryError(f"no named query {name!r} (see `ckg sparql --list`)") from None


def resolve(query_or_file: str) -> str:
    """The SPARQL text for a query string, a path to a ``.rq`` file, or a named query."""
    s = query_or_file.strip()
    if s in all_queries():
        return all_queries()[s].text
    if s.endswith((".rq", ".sparql")) and "\n" not in s:
        path = Path(s).expanduser()
        if not path.is_file():
            raise QueryError(f"no such query file: {s}")
        return path.read_text(encoding="utf-8")
    if not re.search(r"\b(select|ask|construct|describe)\b", s, re.I):
        raise QueryError(
            f"{s[:60]!r} is neither a SPARQL query, a .rq file nor a named query (see `ckg sparql --list`)"
        )
    return s
