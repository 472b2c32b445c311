"""The Flask application factory.

Why a factory taking the ``KnowledgeGraph``: the CLI, the tests and a notebook each build
the graph object their way and hand it over; the app never opens a store itself.
Every response gets the security headers below; errors are pages (or JSON for API and
SPARQL clients) without tracebacks.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from ckg.errors import CkgError
from ckg.settings import Settings
from ckg.web import links

if TYPE_CHECKING:  # the web part receives the graph object; it does not construct one
    from ckg.kg import KnowledgeGraph

log = logging.getLogger("ckg.web")

# Only the app's own origin: every script, style and font is served by ckg itself.
# 'unsafe-inline' for styles only, because CodeMirror (in YASGUI) and Cytoscape set
# element styles from script; scripts stay 'self' only (no inline script anywhere).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def create_app(kg: KnowledgeGraph, settings: Settings | None = None) -> Flask:
    """The web app over ``kg`` (opened read-only by the views on first use)."""
    settings = settings or kg.settings
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_kb * 1024
    app.config["MAX_FORM_MEMORY_SIZE"] = settings.max_request_kb * 1024
    app.config["JSON_SORT_KEYS"] = False
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["ckg"] = kg
    app.extensions["ckg.settings"] = settings

    app.jinja_env.globals.update(
        entity_path=links.entity_path, passage_link=links.passage_link, passage_anchor=links.passage_anchor
    )
    from ckg.web.views import register

    register(app)

    @app.after_request
    def _headers(resp):
        for k, v in SECURITY_HEADERS.items():
            resp.headers.setdefault(k, v)
        return resp

    @app.errorhandler(HTTPException)
    def _http_error(e: HTTPException):
        return error_response(e.code or 500, e.description or e.name)

    @app.errorhandler(CkgError)
    def _ckg_error(e: CkgError):
        return error_response(400, str(e))

    @app.errorhandler(Exception)
    def _unexpected(e: Exception):  # never a traceback to the client
        log.exception("unhandled error on %s", request.path)
        return error_response(500, "internal error; the server log has the details")

    return app


def wants_json() -> bool:
    """API paths and clients that prefer JSON get JSON errors; browsers get a page."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_response(status: int, message: str) -> Any:
    if request.path.startswith("/sparql") and not _browser():
        return message + "\n", status, {"Content-Type": "text/plain; charset=utf-8"}
    if wants_json():
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def _browser() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "*/*"]) == "text/html" and (
        request.accept_mimetypes["text/html"] > request.accept_mimetypes["*/*"]
        or request.accept_mimetypes["text/html"] == 1
    )
