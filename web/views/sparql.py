"""``GET, POST /sparql``: the SPARQL 1.1 Protocol endpoint (read-only), and the editor page.

A browser asking for a page (``Accept`` prefers text/html, no ``format=``) gets the YASGUI
editor, with ``?query=`` prefilled and run when a link carries one. Everyone else gets results:
SELECT/ASK as SPARQL JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples or JSON-LD.

Every query is public input, so it runs in a killable worker process (``ckg.graph.query_pool``)
after ``ckg.queries.public.screen`` has vetted it there: no updates, no SERVICE, no graphs from
outside the store, ``query_timeout`` seconds at most, ``max_rows`` rows at most, with the cut
said in ``X-CKG-Truncated`` (and ``"truncated": true`` in JSON).
"""

from __future__ import annotations

import atexit
import threading
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from ckg.errors import QueryError, QueryTimeout
from ckg.graph.namespaces import CKG, CKGID, PREFIXES
from ckg.graph.query_pool import QueryJob, QueryPool
from ckg.queries import library, public
from ckg.web import sparql_protocol as protocol
from ckg.web.app import error_response
from ckg.web.context import current_kg, current_settings

bp = Blueprint("sparql", __name__)

_POOL_KEY = "ckg.query_pool"
_pool_lock = threading.Lock()
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",  # read-only public data; no cookies are involved
    "Access-Control-Expose-Headers": "X-CKG-Truncated, X-CKG-Row-Limit",
}

STARTER_QUERY = """# Predeclared here, no PREFIX lines needed: {prefixes}
# ▶ or Ctrl+Enter runs the query; the examples beside the editor load others.
SELECT ?class (COUNT(DISTINCT ?s) AS ?count)
WHERE { ?s a ?class }
GROUP BY ?class
ORDER BY DESC(?count)
"""


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"], provide_automatic_options=False)
def endpoint():
    if request.method == "OPTIONS":
        return preflight()
    settings = current_settings()
    try:
        req = protocol.read(request, settings.max_request_kb * 1024)
    except QueryError as e:
        return sparql_error(e.status, str(e))
    if req.format is None and request.method == "GET" and protocol.wants_page(request.headers.get("Accept")):
        return editor()
    if req.query is None:
        return sparql_error(
            400, "no query given: send query=... (GET or POST form) or an application/sparql-query body"
        )
    select_fmt, graph_fmt = protocol.negotiate(request.headers.get("Accept"), req.format)
    if select_fmt is None and graph_fmt is None:
        return not_acceptable("any result")
    job = QueryJob(
        req.query,
        default_graphs=req.default_graphs,
        named_graphs=req.named_graphs,
        limit=settings.max_rows,
        output=(select_fmt, graph_fmt),
    )
    try:
        out = run_public(job)
    except QueryTimeout as e:
        return sparql_error(
            e.status,
            f"query exceeded the {e.seconds:g} s time limit and was stopped "
            "(narrow its patterns or add a LIMIT)",
        )
    except QueryError as e:
        return sparql_error(e.status, str(e))
    if out.format is None:
        return not_acceptable("a CONSTRUCT or DESCRIBE result" if out.kind == "graph" else "this result")
    resp = Response(out.body, content_type=protocol.CONTENT_TYPES[out.format])
    resp.headers["X-CKG-Truncated"] = "true" if out.truncated else "false"
    resp.headers["X-CKG-Row-Limit"] = str(settings.max_rows)
    resp.headers["Vary"] = "Accept"
    return resp


def preflight() -> Response:
    """CORS preflight: scripts on other sites may POST queries (read-only, no credentials)."""
    resp = Response(status=204)
    resp.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    resp.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
    resp.headers["Access-Control-Max-Age"] = "86400"
    resp.headers["Allow"] = "GET, HEAD, POST, OPTIONS"
    return resp


@bp.after_request
def _cors(resp: Response) -> Response:
    if request.path == "/sparql":
        for k, v in CORS_HEADERS.items():
            resp.headers.setdefault(k, v)
    return resp


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_e: RequestEntityTooLarge):
    kb = current_settings().max_request_kb
    return sparql_error(413, f"request larger than the {kb} KB limit (setting max_request_kb)")


def sparql_error(status: int, message: str) -> Response | Any:
    """An error as the protocol's clients want it: plain text with the status (YASGUI shows the
    text), or the site's error page for a browser that prefers HTML."""
    if protocol.wants_page(request.headers.get("Accept")):
        return error_response(status, message)
    return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")


def not_acceptable(what: str):
    offered = ", ".join(sorted({*protocol.SELECT_TYPES, *protocol.GRAPH_TYPES}))
    return sparql_error(
        406,
        f"cannot send {what} in a format the Accept header or format= allows; "
        f"SELECT/ASK: json, xml, csv, tsv; CONSTRUCT/DESCRIBE: turtle, ntriples, jsonld ({offered})",
    )


# ---------------------------------------------------------------------------- running
def query_pool() -> QueryPool:
    """The app's worker pool, started on first use (over the store directory or the remote endpoint)."""
    pool = current_app.extensions.get(_POOL_KEY)
    if pool is not None:
        return pool
    with _pool_lock:
        pool = current_app.extensions.get(_POOL_KEY)
        if pool is None:
            store = current_kg().store()
            settings = current_settings()
            pool = QueryPool(
                store.location,
                workers=settings.query_workers,
                timeout=settings.query_timeout,
                screen=public.screen,
                render=public.render,
                settings=current_kg().settings,
            )
            atexit.register(pool.close)
            current_app.extensions[_POOL_KEY] = pool
    return pool


def run_public(job: QueryJob) -> public.Rendered:
    """Run a public query in the worker pool (embedded or remote store alike): screened there,
    killed at the time limit, rows cut at the cap."""
    return query_pool().run(job)


# ---------------------------------------------------------------------------- the editor
def editor():
    query_pool()  # start the workers while the page loads, so the first query does not wait
    settings = current_settings()
    examples = [
        {"name": q.name, "title": q.title, "description": q.description, "text": q.text}
        for q in sorted(library.all_queries().values(), key=lambda q: q.title.lower())
    ]
    config: dict[str, Any] = {
        "endpoint": url_for("sparql.endpoint"),
        "prefixes": dict(PREFIXES),
        "entityBase": str(CKGID),  # IRIs under these open ckg's own pages (see links.entity_path)
        "ontologyBase": str(CKG),
        "starter": STARTER_QUERY.replace("{prefixes}", " ".join(p + ":" for p in PREFIXES)),
        "examples": examples,
        "maxRows": settings.max_rows,
        "timeout": settings.query_timeout,
    }
    return render_template(
        "sparql.html",
        config=config,
        examples=examples,
        query=request.args.get("query", ""),
        settings=settings,
    )
