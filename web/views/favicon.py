"""``GET /favicon.ico``: the site icon where browsers look for it without a page's ``<link>``.

Why: pages link ``/static/favicon.svg``, but a browser showing JSON, Turtle or an error from
/api or /sparql still asks for ``/favicon.ico``, and a 404 there fills consoles and logs.
"""

from __future__ import annotations

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("favicon", __name__)


@bp.get("/favicon.ico")
def favicon():
    static = current_app.static_folder
    assert static is not None
    return send_from_directory(static, "favicon.svg", mimetype="image/svg+xml", max_age=86400)
