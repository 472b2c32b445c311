"""``GET /healthz``: liveness and store status, for load balancers and monitors."""

from __future__ import annotations

import time

from flask import Blueprint, jsonify

from ckg.web.context import current_kg

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    kg = current_kg()
    t0 = time.perf_counter()
    try:
        docs = len(kg.sparql("documents").rows)
        status, code, error = "ok", 200, None
    except Exception as e:  # report, do not raise: this is what monitors read
        docs, status, code, error = None, "error", 503, str(e).splitlines()[0][:200]
    body = {
        "status": status,
        "store": kg.location,
        "remote": kg.settings.is_remote,
        "documents": docs,
        "query_ms": round((time.perf_counter() - t0) * 1000, 1),
    }
    if error:
        body["error"] = error
    return jsonify(body), code
