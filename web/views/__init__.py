"""One module per page or API, each a Flask blueprint; ``register`` mounts them all.

Modules are optional while the app grows: a view module that does not exist yet is
simply not mounted.
"""

from __future__ import annotations

import importlib

from flask import Flask

VIEW_MODULES = ("health", "vendor", "favicon", "search", "entity", "documents", "sparql", "graph_map", "area")


def register(app: Flask) -> None:
    for name in VIEW_MODULES:
        try:
            module = importlib.import_module(f"ckg.web.views.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"ckg.web.views.{name}":
                continue
            raise
        app.register_blueprint(module.bp)
