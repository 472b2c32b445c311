"""``/vendor/<file>``: the browser libraries installed from npm by the setup step.

Why served from ``web/node_modules`` rather than copied into git: the setup step
(`make setup` runs `npm ci --prefix web`) installs exact versions from
``web/package-lock.json``, each package with its licence beside it. Only the files listed
here are reachable; nothing is fetched from the internet by the pages.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_from_directory

bp = Blueprint("vendor", __name__)

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"

# public name -> path under node_modules (versions pinned in web/package.json)
VENDOR_FILES: dict[str, str] = {
    "yasgui.min.js": "@zazuko/yasgui/build/yasgui.min.js",
    "yasgui.min.css": "@zazuko/yasgui/build/yasgui.min.css",
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "layout-base.js": "layout-base/layout-base.js",
    "cose-base.js": "cose-base/cose-base.js",
    "cytoscape-fcose.js": "cytoscape-fcose/cytoscape-fcose.js",
}


def vendor_available() -> dict[str, bool]:
    """Which vendored files are installed (``/healthz`` and the tests read this)."""
    return {name: (NODE_MODULES / rel).is_file() for name, rel in VENDOR_FILES.items()}


@bp.get("/vendor/<name>")
def vendor_file(name: str):
    rel = VENDOR_FILES.get(name)
    if rel is None:
        abort(404)
    path = NODE_MODULES / rel
    if not path.is_file():
        abort(404, f"{name} is not installed; run `make setup` (npm ci --prefix web)")
    resp = send_from_directory(path.parent, path.name, max_age=86400)
    return resp
