"""The SPARQL 1.1 Protocol's request side: where the query is, which dataset, which format.

Kept apart from the view so the rules read in one place (https://www.w3.org/TR/sparql11-protocol/):

- query by GET (``?query=``), by POST form (``query=``), or by POST ``application/sparql-query``
  (the body is the query; dataset parameters then come in the URL);
- ``update=`` or ``application/sparql-update`` is an update request: refused (read-only);
- ``default-graph-uri`` / ``named-graph-uri`` give the dataset (checked against the store later);
- the result format by ``format=`` (json, xml, csv, tsv, turtle/ttl, ntriples/nt, jsonld, or a
  media type), else by ``Accept`` with its q-values; JSON for results and Turtle for graphs
  when the client accepts anything.

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", None)
('xml', None)
>>> negotiate("application/sparql-results+json,*/*;q=0.9", None)
('json', 'turtle')
>>> negotiate("text/turtle", None)
(None, 'turtle')
>>> negotiate("image/png", None)
(None, None)
>>> negotiate("text/turtle", "csv")
('csv', None)
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ckg.errors import QueryError
from ckg.queries.formats import GRAPH_FORMATS, SELECT_FORMATS
from ckg.queries.public import UPDATE_MESSAGE

# media type -> format, in the server's order of preference (first wins a tie)
SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
}
FORMAT_NAMES = {
    **{name: name for name in (*SELECT_FORMATS, *GRAPH_FORMATS)},
    "ttl": "turtle",
    "nt": "ntriples",
    "json-ld": "jsonld",
    **{mime: fmt for mime, fmt in SELECT_TYPES.items() if mime != "application/json"},
    **{mime: fmt for mime, fmt in GRAPH_TYPES.items() if mime != "application/json"},
}
# what each format is sent as (text types carry their charset)
CONTENT_TYPES = {
    **{fmt: mime for fmt, mime in SELECT_FORMATS.items()},
    **{fmt: mime for fmt, mime in GRAPH_FORMATS.items()},
}
CONTENT_TYPES = {f: m + "; charset=utf-8" if m.startswith("text/") else m for f, m in CONTENT_TYPES.items()}
FORM_TYPES = ("application/x-www-form-urlencoded",)


@dataclass(frozen=True)
class ProtocolRequest:
    query: str | None
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    format: str | None


def read(request: Request, max_bytes: int) -> ProtocolRequest:
    """The query request in ``request``; ``QueryError`` with 400/413/415 when it is not one."""
    if len(request.query_string) > max_bytes:
        raise QueryError(f"query string longer than the {max_bytes // 1024} KB limit", status=413)
    params = request.args
    query: list[str] = params.getlist("query")
    if request.method == "POST":
        mimetype = request.mimetype
        if mimetype == "application/sparql-update":
            raise QueryError(UPDATE_MESSAGE)
        if mimetype in FORM_TYPES:
            form = request.form  # raises 413 past MAX_CONTENT_LENGTH / MAX_FORM_MEMORY_SIZE
            if "update" in form:
                raise QueryError(UPDATE_MESSAGE)
            query = form.getlist("query") + query
            params = params.copy()
            for key in ("default-graph-uri", "named-graph-uri", "format"):
                params.setlist(key, form.getlist(key) + params.getlist(key))
        elif mimetype == "application/sparql-query":
            body = request.get_data(cache=False)  # raises 413 past MAX_CONTENT_LENGTH
            try:
                query = [body.decode(request.mimetype_params.get("charset") or "utf-8")]
            except (UnicodeDecodeError, LookupError):
                raise QueryError("the query is not valid UTF-8") from None
        else:
            raise QueryError(
                f"cannot read a query sent as {mimetype or 'no content type'}: send "
                "application/x-www-form-urlencoded (query=...) or application/sparql-query",
                status=415,
            )
    if "update" in request.args:
        raise QueryError(UPDATE_MESSAGE)
    if len(query) > 1:
        raise QueryError("give one query, not several")
    fmt = params.get("format") or None
    if fmt is not None and fmt.strip().lower() not in FORMAT_NAMES:
        names = ", ".join(n for n in FORMAT_NAMES if "/" not in n)
        raise QueryError(f"unknown format {fmt[:40]!r}: use one of {names} (or a media type)")
    defaults, named = params.getlist("default-graph-uri"), params.getlist("named-graph-uri")
    protocol_dataset = bool(defaults or named)
    return ProtocolRequest(
        query=query[0] if query else None,
        default_graphs=tuple(defaults) if protocol_dataset else None,
        named_graphs=tuple(named) if protocol_dataset else None,
        format=FORMAT_NAMES[fmt.strip().lower()] if fmt else None,
    )


def negotiate(accept: str | None, fmt: str | None) -> tuple[str | None, str | None]:
    """(format for a SELECT/ASK result, format for a CONSTRUCT/DESCRIBE result); None = 406."""
    if fmt is not None:
        return (fmt, None) if fmt in SELECT_FORMATS else (None, fmt)
    accepted = parse_accept_header(accept or "*/*", MIMEAccept)
    select = accepted.best_match(list(SELECT_TYPES))
    graph = accepted.best_match(list(GRAPH_TYPES))
    return (SELECT_TYPES[select] if select else None, GRAPH_TYPES[graph] if graph else None)


def wants_page(accept: str | None) -> bool:
    """A browser asking for a page: HTML preferred over every result format (ties go to data)."""
    accepted = parse_accept_header(accept or "", MIMEAccept)
    return accepted.best_match([*SELECT_TYPES, *GRAPH_TYPES, "text/html"]) == "text/html"


__all__ = ["CONTENT_TYPES", "ProtocolRequest", "negotiate", "read", "wants_page"]
