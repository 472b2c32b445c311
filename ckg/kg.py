"""The Python API: one object that builds, queries, answers, validates and exports.

The CLI and the web app are thin shells over ``KnowledgeGraph``; a notebook uses it the
same way::

    from ckg.kg import KnowledgeGraph
    kg = KnowledgeGraph("/tmp/ckg-store")
    kg.build()                                   # the bundled corpus
    kg.sparql("funding-by-funder").values()[:3]  # a named query, as Python values
    kg.ask("who funds CSE prevention?")          # the ask JSON as a dict
    kg.remove(["plan.txt"])                      # a document out again (file, IRI or title)

The store opens lazily: read-only (shared lock) for queries, read-write (exclusive lock)
for ``build``, so ``ckg serve`` and ``ckg ask`` can share a store while a build waits its turn.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ckg.errors import CkgError, DocumentNotFound, StoreError
from ckg.graph.embeddings import Embedder, EmbeddingIndex
from ckg.graph.iris import slug
from ckg.graph.store import Store, open_store
from ckg.graph.terms import QueryResult
from ckg.queries import library
from ckg.settings import Settings

if TYPE_CHECKING:
    from ckg.graph.build import BuildReport
    from ckg.graph.removal import RemovalReport


class KnowledgeGraph:
    def __init__(self, store: str | None = None, settings: Settings | None = None) -> None:
        self.settings = (settings or Settings.from_env()).with_(store=store)
        self.location = self.settings.store_location
        self._store: Store | None = None
        self._writable = False
        self._embedder: Embedder | None = None
        self._index: EmbeddingIndex | None = None
        self._engine = None
        self._engine_versions: dict[str, tuple[str, str]] | None = None  # remote: store state it read
        self.purpose = "ckg"  # names this process to one refused by the store lock ("ckg serve")

    # ------------------------------------------------------------------ locations
    @property
    def work_dir(self) -> Path:
        """Where the cache and the embedding index live: the store directory, or for a remote
        store a per-endpoint folder under $XDG_CACHE_HOME/ckg/remote (~/.cache/ckg/remote): the
        endpoint holds the graph, this machine keeps what it needs to build and answer fast."""
        if self.settings.is_remote:
            digest = hashlib.sha1(self.location.encode()).hexdigest()[:10]
            cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
            return Path(cache) / "ckg" / "remote" / f"{slug(self.location, 40)}-{digest}"
        return Path(self.location).expanduser()

    @property
    def index_dir(self) -> Path:
        return self.work_dir / "index"

    @property
    def cache_dir(self) -> Path:
        return self.work_dir / "cache"

    # ------------------------------------------------------------------ store
    def store(self, *, write: bool = False, purpose: str | None = None) -> Store:
        if self._store is not None and (self._writable or not write):
            return self._store
        if self._store is not None:
            self._store.close()
            self._store = None
        self._store = open_store(
            self.location,
            read_only=not write,
            purpose=purpose or ("ckg build" if write else self.purpose),
            settings=self.settings,
        )
        self._writable = write
        return self._store

    def close(self) -> None:
        """Release the store (and its lock); used again, the object reopens it and reads it anew."""
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._engine is not None and hasattr(self._engine, "close"):
            self._engine.close()
        self._engine = None  # it holds the closed store
        self._index = None

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ build
    def build(
        self,
        paths: list[str | Path] | None = None,
        *,
        progress: bool = True,
        on_stage=None,
        prune: bool = False,
    ) -> BuildReport:
        """Load files or folders (default: the bundled corpus) into the store; with ``prune``,
        also remove the documents whose file lay under one of the folders and is gone."""
        from ckg.graph.build import Builder

        targets = [Path(p) for p in paths] if paths else [self.settings.documents_dir]
        store = self.store(write=True)
        builder = Builder(
            store,
            self.settings,
            index_dir=self.index_dir,
            cache_dir=self.cache_dir,
            embedder=self._embedder,
            progress=progress,
            on_stage=on_stage,
        )
        report = builder.build(targets, prune=prune)
        self._embedder = builder._embedder
        self._written(store)
        return report

    def remove(self, documents: list[str], *, on_stage=None) -> RemovalReport:
        """Remove documents, each named by its file, IRI or title (graph.documents): their
        named graphs in one transaction, then their vectors and cache entries
        (graph.removal). All are found before anything changes: a name that fits no document,
        or several, raises ``DocumentNotFound`` and the store stays as it was."""
        from ckg.graph.cache import BuildCache
        from ckg.graph.documents import find_documents, loaded_documents
        from ckg.graph.removal import remove_documents

        if not documents:
            raise DocumentNotFound("name at least one document (a file, an IRI or a title)")
        store = self.store(write=True, purpose="ckg remove")
        chosen = find_documents(documents, loaded_documents(store))
        report = remove_documents(
            store,
            chosen,
            BuildCache(self.cache_dir),
            index_dir=self.index_dir,
            ann_threshold=self.settings.ann_threshold,
            on_stage=on_stage,
        )
        self._written(store)
        return report

    def _written(self, store: Store) -> None:
        """After a write: flush, and forget what was read from the store before it."""
        if hasattr(store, "flush"):
            store.flush()
        self._index = None
        if self._engine is not None and hasattr(self._engine, "close"):
            self._engine.close()
        self._engine = None

    # ------------------------------------------------------------------ query
    def sparql(self, query_or_name: str, bindings: dict[str, Any] | None = None) -> QueryResult:
        """Run a SPARQL query given as text, a ``.rq`` path or the name of a query in ``queries/``."""
        return self.store().query(library.resolve(query_or_name), bindings)

    def stats(self) -> dict[str, Any]:
        store = self.store()
        counts = {row["class"].value: int(row["count"].value) for row in self.sparql("counts-by-class").rows}
        docs = self.sparql("documents").values()
        return {
            "store": self.location,
            "documents": docs,
            "counts": counts,
            "size_bytes": store.size_bytes(),
            "named_graphs": len(store.named_graphs()),
            "index_vectors": len(self.index),
        }

    def summary(self, csv_dir: str | Path | None = None):
        """A first look at the store (``ckg.queries.summary.Summary``): documents, counts, top
        funders with each allocation counted once, example commissioning; with ``csv_dir``,
        the wide listings are written there as CSV files too."""
        from ckg.queries.summary import summarise, write_csv

        result = summarise(self.sparql)
        if csv_dir is not None:
            result.csv_files = write_csv(self.sparql, Path(csv_dir).expanduser())
        return result

    def export(self, fmt: str = "turtle") -> bytes:
        return self.store().dump(fmt)

    def validate(self):
        from ckg.graph.validate import data_graph_of, validate_graph

        return validate_graph(data_graph_of(self.store()))

    # ------------------------------------------------------------------ embeddings and answers
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = Embedder(self.settings)
        return self._embedder

    @property
    def index(self) -> EmbeddingIndex:
        if self._index is None:
            from ckg.graph.index_state import current_index  # matches the store after a killed build

            self._index = current_index(self.store(), self.index_dir, self.cache_dir)
        return self._index

    @property
    def engine(self):
        """The question-answering engine (built on first use)."""
        if self._engine is None:
            try:
                from ckg.queries.ask.engine import AskEngine
            except ImportError as e:  # pragma: no cover - the engine ships with ckg
                raise CkgError(f"question answering is not available: {e}") from None
            versions = self.store().document_versions() if self.settings.is_remote else None
            self._engine = AskEngine(self.store(), self.index, self.embedder, self.settings)
            self._engine_versions = versions
        return self._engine

    def ask(self, question: str, top: int | None = None) -> dict[str, Any]:
        self._forget_if_changed()
        return self.engine.ask(question, top or self.settings.ask_top)

    def _forget_if_changed(self) -> None:
        """Drop the index and engine when a SPARQL endpoint's documents changed under us.

        Why only remote stores: an embedded store cannot change while this process reads it
        (a build or ``ckg remove`` needs the lock to itself, and this process's own writes
        reset both), but an endpoint can be built into or removed from by another machine
        while ``ckg serve`` runs, and the engine must not go on serving the vectors of a
        removed document. One small query per question, as the map does per request."""
        if self._engine is None or not self.settings.is_remote:
            return
        if self.store().document_versions() != self._engine_versions:
            self._index = None
            self._engine = None


__all__ = ["KnowledgeGraph", "StoreError"]
