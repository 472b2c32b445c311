"""One resource as RDF: its triples (out and in) as Turtle, JSON-LD or N-Triples.

Why both the ``Accept`` header and ``?format=``: linked-data clients negotiate
(``curl -H 'Accept: text/turtle'``), people click links. A browser's ``Accept`` (``text/html``
first, ``*/*`` last) always gets the page, so HTML wins ties.

>>> FORMAT_ALIASES["ttl"], FORMAT_ALIASES["nt"], FORMAT_ALIASES["jsonld"]
('turtle', 'ntriples', 'jsonld')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Response, abort, request
from rdflib import URIRef

from ckg.queries.formats import GRAPH_FORMATS, write
from ckg.web.sparql_files import web_sparql

if TYPE_CHECKING:
    from ckg.kg import KnowledgeGraph

FORMAT_ALIASES = {
    "ttl": "turtle",
    "turtle": "turtle",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "nt": "ntriples",
    "ntriples": "ntriples",
    "n-triples": "ntriples",
}
# The short names the page links use.
LINK_FORMATS = [("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples")]
_BY_MEDIA = {media: fmt for fmt, media in GRAPH_FORMATS.items()}
_OFFERED = ["text/html", *GRAPH_FORMATS.values(), "application/json"]


def requested_format() -> str | None:
    """The RDF format asked for (``?format=`` first, then ``Accept``), or None for the page.

    An unknown ``?format=`` is a 400, not a silent fall back to HTML.
    """
    fmt = request.args.get("format")
    if fmt:
        name = FORMAT_ALIASES.get(fmt.lower())
        if name is None:
            abort(400, f"unknown format {fmt[:20]!r}: use ttl, jsonld or nt")
        return name
    best = request.accept_mimetypes.best_match(_OFFERED, default="text/html")
    if best == "application/json":  # plain JSON clients get JSON-LD, which is JSON
        return "jsonld"
    return _BY_MEDIA.get(best or "")


def rdf_response(kg: KnowledgeGraph, iri: str, fmt: str) -> Response:
    """The resource's triples in ``fmt``; 404 when the graph has none."""
    result = kg.sparql(web_sparql("entity-triples"), {"s": URIRef(iri)})
    if not result.triples:
        abort(404, f"no resource {iri} in the graph")
    # the default graph is the union of the named graphs: the same triple stated in two
    # documents comes back twice
    result.triples = list(dict.fromkeys(result.triples))
    body = write(result, fmt)
    resp = Response(body, mimetype=GRAPH_FORMATS[fmt])
    if fmt != "jsonld":
        resp.headers["Content-Type"] = f"{GRAPH_FORMATS[fmt]}; charset=utf-8"
    resp.headers["Vary"] = "Accept"
    return resp
