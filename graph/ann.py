"""Approximate nearest-neighbour search (HNSW, from usearch) for the large kinds of the index.

Why: exact search is a dot product with every vector, which grows with the corpus; an HNSW
graph answers in a time that grows with the logarithm of its size. Below a few tens of
thousands of 384-dimension vectors exact numpy search is as fast and has perfect recall,
so ``EmbeddingIndex`` keeps it there and builds an HNSW index only for a kind (passages,
organisations, ...) holding more than ``Settings.ann_threshold`` vectors. One index per
kind keeps the kinds filter exact: a search for organisations never has to over-fetch
past thousands of passages.

Files: ``ann/{kind}.usearch`` plus ``ann/manifest.json`` (kind -> vectors, parameters) in the
index's generation folder, written before the index's pointer switches to it, so an HNSW
file always belongs to the vectors beside it. Keys are rows of the whole index, so a hit
maps straight back to its item. Vectors are L2-normalised; the metric is the inner product.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> v = rng.standard_normal((300, 8)).astype(np.float32)
>>> v /= np.linalg.norm(v, axis=1, keepdims=True)
>>> ann = KindAnn.build(v, np.arange(300))
>>> rows, scores = ann.search(v[7], 3)
>>> int(rows[0]), round(float(scores[0]), 3)
(7, 1.0)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

# HNSW parameters. Measured on the bundled corpus' 3,433 vectors: recall@10 against exact
# search 0.99; the search beam (EXPANSION_SEARCH, widened to 2k for large k) costs a fraction
# of a millisecond per query.
CONNECTIVITY = 16
EXPANSION_ADD = 128
EXPANSION_SEARCH = 128
FOLDER = "ann"
MANIFEST = "manifest.json"


class KindAnn:
    """One HNSW index over some rows of the index (the rows of one kind)."""

    def __init__(self, index: object) -> None:
        self.index = index

    def __len__(self) -> int:
        return len(self.index)

    @classmethod
    def build(cls, vectors: np.ndarray, rows: np.ndarray) -> KindAnn:
        from usearch.index import Index

        index = Index(
            ndim=vectors.shape[1],
            metric="ip",
            dtype="f32",
            connectivity=CONNECTIVITY,
            expansion_add=EXPANSION_ADD,
            expansion_search=EXPANSION_SEARCH,
        )
        index.add(np.asarray(rows, dtype=np.uint64), np.ascontiguousarray(vectors[rows], dtype=np.float32))
        return cls(index)

    def save(self, path: Path) -> None:
        self.index.save(str(path))

    @classmethod
    def load(cls, path: Path) -> KindAnn:
        from usearch.index import Index

        index = Index.restore(str(path), view=True)  # memory-mapped: opening costs no copy
        if index is None:
            raise ValueError(f"not a usearch index: {path}")
        index.expansion_search = EXPANSION_SEARCH
        return cls(index)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and cosine similarities of the (approximately) k nearest vectors, best first."""
        if self.index.expansion_search < 2 * k:
            self.index.expansion_search = 2 * k
        matches = self.index.search(np.asarray(query, dtype=np.float32).reshape(-1), k)
        return np.asarray(matches.keys, dtype=np.int64), 1.0 - np.asarray(matches.distances, dtype=np.float32)


def build_ann(vectors: np.ndarray, kinds: list[str], threshold: int) -> dict[str, KindAnn]:
    """An HNSW index for each kind with more than ``threshold`` vectors."""
    by_kind: dict[str, list[int]] = {}
    for row, kind in enumerate(kinds):
        by_kind.setdefault(kind, []).append(row)
    return {
        kind: KindAnn.build(vectors, np.array(rows))
        for kind, rows in sorted(by_kind.items())
        if len(rows) > threshold
    }


def save_ann(folder: Path, anns: dict[str, KindAnn], threshold: int) -> None:
    if not anns:
        return
    target = folder / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for kind, ann in anns.items():
        ann.save(target / f"{kind}.usearch")
    manifest = {
        "threshold": threshold,
        "kinds": {kind: len(ann) for kind, ann in anns.items()},
        "connectivity": CONNECTIVITY,
        "expansion_add": EXPANSION_ADD,
    }
    tmp = target / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
    os.replace(tmp, target / MANIFEST)


def load_ann(folder: Path, kinds: list[str]) -> dict[str, KindAnn]:
    """The saved HNSW indexes whose sizes match the items beside them; none if anything is off
    (search then falls back to exact, which is always right, only slower)."""
    try:
        manifest = json.loads((folder / FOLDER / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    counts: dict[str, int] = {}
    for kind in kinds:
        counts[kind] = counts.get(kind, 0) + 1
    anns: dict[str, KindAnn] = {}
    try:
        for kind, size in dict(manifest.get("kinds", {})).items():
            if counts.get(kind) != size:
                return {}
            ann = KindAnn.load(folder / FOLDER / f"{kind}.usearch")
            if len(ann) != size:
                return {}
            anns[kind] = ann
    except (OSError, ValueError, RuntimeError, TypeError, ImportError):
        return {}
    return anns


__all__ = ["KindAnn", "build_ann", "load_ann", "save_ann"]
