"""The web app: search box, entity and document pages, SPARQL editor and endpoint, the map.

``create_app(kg, settings)`` builds the Flask app over a ``KnowledgeGraph``; ``ckg serve``
runs it under waitress (``ckg.web.server``). The web part only reads: it never writes to
the store.
"""

from ckg.web.app import create_app

__all__ = ["create_app"]
