"""The embedding index that matches the store, even after a build was killed half-way.

Why: a build writes each document's named graph as it goes and rebuilds the index
(``index/``) once at the end, so a build killed in between leaves a store that is ahead of
its index: new documents without vectors, or vectors of passages whose IRIs are gone. The
index therefore records the store state it was made from (``EmbeddingIndex.documents``), and
a reader whose store differs assembles the right index in memory from the build cache,
which holds every document version's vectors (entries are written before the graph is).
A reader never writes the index: the next ``ckg build`` (or ``ckg remove``) does.
"""

from __future__ import annotations

import hashlib
import sys

import numpy as np

from ckg.graph.cache import BuildCache
from ckg.graph.embeddings import DIM, EmbeddingIndex, IndexItem
from ckg.graph.namespaces import CKGID
from ckg.graph.store import Store

TEXT_VECTORS = ("textvec", "v1")  # cache stage and version of the per-text vectors


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def text_vectors(cache: BuildCache, sha: str) -> dict[str, np.ndarray]:
    """A source file's cached vectors by ``text_key`` (empty if none)."""
    arrays = cache.get_arrays(sha, *TEXT_VECTORS)
    if arrays is None:
        return {}
    return {str(k): v for k, v in zip(arrays["keys"], arrays["vectors"], strict=True)}


# IRIs of embedded items that carry the document's slug (graph.iris): passage/{slug}/{start}-{end},
# intention/{slug}/{n}, funding/{slug}/{n}
_PER_DOCUMENT = ("passage", "intention", "funding")


def items_of(meta: list[dict], doc: str) -> list[IndexItem]:
    """The cached index items of a file's content, as the items of document ``doc``.

    Why: items are cached by content hash, and two files with the same content under two
    names are two documents, while the entry names the one that wrote it. Read as written,
    the copy's vectors would cite the other document, and go on citing it after that one is
    removed (``ckg remove``).

    >>> meta = [{"id": str(CKGID) + "passage/plan/0-9", "kind": "passage", "doc": str(CKGID) + "doc/plan", "text": "t"}]
    >>> items_of(meta, str(CKGID) + "doc/plan-copy")[0].id
    'https://w3id.org/ckg/id/passage/plan-copy/0-9'
    """
    out: list[IndexItem] = []
    for m in meta:
        if m["doc"] != doc:
            old, new = m["doc"].rsplit("/", 1)[-1], doc.rsplit("/", 1)[-1]
            item_id = m["id"]
            for kind in _PER_DOCUMENT:
                prefix = f"{CKGID}{kind}/{old}/"
                if item_id.startswith(prefix):
                    item_id = f"{CKGID}{kind}/{new}/" + item_id[len(prefix) :]
            m = {**m, "doc": doc, "id": item_id}
        out.append(IndexItem(**m))
    return out


def assemble_index(versions: dict[str, tuple[str, str]], cache: BuildCache) -> EmbeddingIndex:
    """Concatenate the cached embeddings of the given document versions (IRI -> hash, version).

    A document whose embeddings are not in the cache is left out (the build that wrote it
    always caches them first, so this only happens if the cache was deleted).
    """
    parts: list[np.ndarray] = []
    items: list[IndexItem] = []
    for _doc, (sha, version) in sorted(versions.items()):
        meta = cache.get_json(sha, "emb-items", version)
        known = text_vectors(cache, sha)
        if meta is None or any(text_key(m["text"]) not in known for m in meta):
            continue
        parts.append(np.stack([known[text_key(m["text"])] for m in meta]))
        items.extend(items_of(meta, _doc))
    vectors = np.concatenate(parts) if parts else np.zeros((0, DIM), dtype=np.float32)
    return EmbeddingIndex(vectors, items, documents=dict(versions))


def rebuild_index(store: Store, cache: BuildCache, index_dir, ann_threshold: int) -> EmbeddingIndex:
    """Write a new index generation for the store as it is now (a build's end, a removal): the
    cached embeddings of the documents in the store, switched in by ``current.json``; past
    ``ann_threshold`` vectors of a kind it also holds an HNSW index of that kind (graph.ann)."""
    index = assemble_index(store.document_versions(), cache)
    index.save(index_dir, ann_threshold=ann_threshold)
    return index


def current_index(store: Store, index_dir, cache_dir) -> EmbeddingIndex:
    """The saved index if it was made from the store as it is now, else one assembled from the cache."""
    index = EmbeddingIndex.load(index_dir)
    versions = store.document_versions()
    if index.documents == versions or (index.documents is None and len(index)):
        return index  # current (or saved before indexes recorded their store state: trusted)
    if index.documents is not None:
        print(
            "ckg: the embedding index is older than the store (a build or removal was interrupted?); "
            "using the cached embeddings instead. Run `ckg build` to refresh it.",
            file=sys.stderr,
        )
    return assemble_index(versions, BuildCache(cache_dir))


__all__ = ["assemble_index", "current_index", "items_of", "rebuild_index", "text_key", "text_vectors"]
