"""Taking documents out of the store: their named graphs, their cache entries, their vectors.

Why this order, and why a kill at any moment leaves nothing half done (docs/architecture.md,
"The store directory"):

1. the named graphs go in one SPARQL UPDATE (``DROP SILENT GRAPH`` per document, one
   request), which the store applies in one transaction: all the documents or none;
2. a new index generation is written from the cache of the documents left and switched in
   by ``current.json``; until then the saved index records a store state that is no longer
   the store's, so a reader assembles the right index from the cache (graph.index_state)
   and never serves a removed document's vectors;
3. the removed documents' cache entries are deleted, unless another loaded document has the
   same content. A kill before this leaves entries nobody reads (the cache also keeps the
   entries of files' earlier versions); it never leaves an entry a loaded document needs.

Shared resources stay right by construction: every triple lives in the named graph of the
document it was extracted from, so a body or service that another document also names keeps
that document's triples (its label, its links) when this one goes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import URIRef

from ckg.graph.cache import BuildCache
from ckg.graph.documents import LoadedDocument
from ckg.graph.index_state import rebuild_index
from ckg.graph.replacement import refresh_replacements
from ckg.graph.sparql_files import sparql
from ckg.graph.store import Store


@dataclass
class RemovedDocument:
    iri: str
    title: str
    source: str
    path: str | None
    triples: int = 0  # triples its named graph held
    passages: int = 0
    cache_entries: int = 0  # cache files deleted (0 when another document has the same content)

    def line(self) -> str:
        return f'"{self.title}" <{self.iri}> ({self.triples} triples, {self.passages} passages)'


@dataclass
class RemovalReport:
    removed: list[RemovedDocument] = field(default_factory=list)
    seconds: float = 0.0
    index_seconds: float = 0.0

    def summary(self) -> str:
        triples = sum(r.triples for r in self.removed)
        return f"{len(self.removed)} removed ({triples} triples) in {self.seconds:.1f} s"

    def to_dict(self) -> dict:
        return {"seconds": round(self.seconds, 2), "removed": [asdict(r) for r in self.removed]}


def remove_documents(
    store: Store,
    docs: list[LoadedDocument],
    cache: BuildCache,
    *,
    index_dir: Path | None,
    ann_threshold: int,
    on_stage: Callable[[str, str], None] | None = None,
) -> RemovalReport:
    """Remove ``docs`` (already found, so nothing is touched unless all are); see the module
    notes. ``index_dir`` None: the caller writes the index itself (a build does, at its end).
    ``on_stage(name, documents)`` is called before each step ("find", "drop", "index", "cache")."""
    t0 = time.perf_counter()
    report = RemovalReport()
    if not docs:
        return report
    stage = on_stage or (lambda name, doc: None)
    stage("find", " ".join(d.slug for d in docs))
    for d in docs:
        size = store.query(sparql("graph-size"), {"g": URIRef(d.iri)}, union=False).rows
        row = size[0] if size else {}
        report.removed.append(
            RemovedDocument(
                d.iri,
                d.title,
                d.source,
                d.path,
                triples=int(row["triples"].value) if "triples" in row else 0,
                passages=int(row["passages"].value) if "passages" in row else 0,
            )
        )
    stage("drop", " ".join(d.slug for d in docs))
    store.drop_graphs([d.iri for d in docs])
    # which edition replaces which, without them (a kill before this leaves a replacement that
    # names a dropped document; every reader joins it to the document's own graph, so it is
    # ignored until the next build or removal rewrites the graph)
    refresh_replacements(store)
    if index_dir is not None:
        stage("index", "-")
        t = time.perf_counter()
        rebuild_index(store, cache, index_dir, ann_threshold)
        report.index_seconds = time.perf_counter() - t
    stage("cache", "-")
    still_loaded = {sha for sha, _version in store.document_versions().values()}
    for d, r in zip(docs, report.removed, strict=True):
        if d.sha not in still_loaded:
            r.cache_entries = cache.remove(d.sha)
    report.seconds = time.perf_counter() - t0
    return report


__all__ = ["RemovalReport", "RemovedDocument", "remove_documents"]
