"""``ckg serve``: the app under waitress, a production WSGI server (not Flask's dev server).

``--get PATH`` answers one request in-process and prints it (Datasette's trick): a smoke
test without a port.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from ckg.errors import CkgError
from ckg.web.app import create_app

if TYPE_CHECKING:
    from ckg.kg import KnowledgeGraph


def serve(kg: KnowledgeGraph, host: str = "127.0.0.1", port: int = 8000, get: str | None = None) -> int:
    settings = kg.settings
    kg.store()  # open now (read-only, shared lock): a missing or busy store fails before listening
    app = create_app(kg, settings)
    if get:
        resp = app.test_client().get(get)
        sys.stdout.write(resp.get_data(as_text=True))
        if not resp.get_data(as_text=True).endswith("\n"):
            sys.stdout.write("\n")
        return 0 if resp.status_code < 400 else 1

    try:
        import waitress
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise CkgError(f"waitress is not installed: {e}") from None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    print(f"ckg serving {kg.location} on http://{host}:{port}/  (Ctrl-C stops)", file=sys.stderr)
    waitress.serve(
        app,
        host=host,
        port=port,
        threads=settings.web_threads,
        max_request_body_size=settings.max_request_kb * 1024,
        ident="ckg",
        clear_untrusted_proxy_headers=True,
    )
    return 0
