"""The build: files -> structured text -> extraction -> RDF + embeddings -> the store.

Per document, stages run in this order, each cached by content hash (graph.cache):
load, extract, rdf, embed, then write. The write is last and atomic (one SPARQL UPDATE
replacing the document's named graph), so a failure or a kill at any earlier point
leaves the store's previous version of that document untouched.

How the machine is used: load, extract and rdf (``graph.prepare``) need neither the model
nor the store, so they run for many documents at once in worker processes
(``Settings.workers``; 1 = in this process). Their results come back in input order to the
parent, which keeps the two single things: the model, which embeds the new texts of a group
of documents in one call (``GROUP_TEXTS``: fewer calls, texts of similar length batched
together, a text repeated across documents embedded once), and the store, written one
atomic replace per document right after its group is embedded.

A document whose content hash and pipeline version already match its named graph is
skipped without loading the model or parsing the file: re-running ``ckg build`` on
unchanged files is quick.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ckg.errors import LoadError
from ckg.graph import iris
from ckg.graph.cache import BuildCache
from ckg.graph.documents import loaded_documents, source_path, stale_documents
from ckg.graph.embeddings import Embedder, EmbeddingIndex
from ckg.graph.index_state import rebuild_index, text_key, text_vectors
from ckg.graph.lifeline import background_worker
from ckg.graph.ontology_graphs import load_ontology_graphs
from ckg.graph.prepare import (
    PREPARE_STAGES,
    Prepared,
    embedding_items,
    prepare_document,
    prepare_in_worker,
)
from ckg.graph.removal import RemovedDocument, remove_documents
from ckg.graph.replacement import refresh_replacements
from ckg.graph.store import Store
from ckg.loaders.extract.pipeline import pipeline_version
from ckg.loaders.registry import iter_input_files, read_checked
from ckg.loaders.structure import sha256_bytes
from ckg.settings import Settings

STAGES = (*PREPARE_STAGES, "embed", "write")
# New texts gathered across documents before one call to the model. Not a tunable: sorting
# more texts by length saves padding (6,144 texts: 32.7 s in calls of 1,024, 30.6 s of
# 2,048, 30.5 s in one), and the bound keeps the documents waiting for their vectors (and so
# the parent's memory: some 100 KB a document) small.
GROUP_TEXTS = 2048
GROUP_DOCUMENTS = 128
EMBEDDED_MEMO = 200_000  # texts remembered across groups (~1.5 KB each)
# Prepared documents a worker pool may run ahead of the one the parent is writing: enough for
# the workers to prepare the next group while the parent writes this one.
AHEAD_PER_WORKER = 64


@dataclass
class DocumentOutcome:
    path: str
    status: str  # "loaded", "unchanged", "failed"
    document: str | None = None  # IRI
    reason: str | None = None
    seconds: float = 0.0  # the document's own share of work (sum of its stages)
    counts: dict[str, int] = field(default_factory=dict)
    passages: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class BuildReport:
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1  # processes that prepared documents (1 = in-process)
    embedded_texts: int = 0  # texts the model encoded (new, distinct within their group)
    embed_seconds: float = 0.0  # wall time inside the model
    index_seconds: float = 0.0  # wall time rebuilding the embedding index
    replacements: int = 0  # documents replaced by a newer edition (graph/replacement.py)
    removed: list[RemovedDocument] = field(default_factory=list)  # pruned (``--prune``)

    @property
    def failed(self) -> list[DocumentOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        by = {s: sum(1 for o in self.outcomes if o.status == s) for s in ("loaded", "unchanged", "failed")}
        pruned = f", {len(self.removed)} removed" if self.removed else ""
        return (
            f"{by['loaded']} loaded, {by['unchanged']} unchanged, {by['failed']} failed{pruned} "
            f"in {self.seconds:.1f} s"
        )


class _Progress:
    """Documents done, with documents and passages per second, and a line naming the current
    step (tqdm on stderr; silent when quiet or not a terminal)."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled = enabled
        self.overall = self.status = None
        self.t0 = time.perf_counter()
        self.passages = 0
        if enabled:
            from tqdm import tqdm

            self._tqdm = tqdm
            self.overall = tqdm(
                total=total,
                desc="documents",
                unit="doc",
                position=0,
                file=sys.stderr,
                leave=True,
                dynamic_ncols=True,
            )
            self.status = tqdm(
                total=0, position=1, leave=False, file=sys.stderr, bar_format="  {desc}", dynamic_ncols=True
            )

    def step(self, text: str) -> None:
        if self.status is not None:
            self.status.set_description_str(text)

    def write(self, line: str) -> None:
        """A line above the bars, as it happens. Without bars, nothing: the report (``ckg build``
        prints it) has the line, so a log holds exactly one line per failed or skipped file."""
        if self.enabled:
            self._tqdm.write(line, file=sys.stderr)

    def advance(self, passages: int = 0) -> None:
        self.passages += passages
        if self.overall is not None:
            rate = self.passages / max(time.perf_counter() - self.t0, 1e-6)
            self.overall.set_postfix_str(f"{rate:.1f} passages/s", refresh=False)
            self.overall.update(1)

    def close(self) -> None:
        for bar in (self.status, self.overall):
            if bar is not None:
                bar.close()


class Builder:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        index_dir: Path,
        cache_dir: Path,
        embedder: Embedder | None = None,
        progress: bool = True,
        on_stage: Callable[[str, str], None] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.cache = BuildCache(cache_dir)
        self.index_dir = index_dir
        self._embedder = embedder
        self.progress_enabled = progress
        # Test hook, called before each stage of each document (e.g. to kill mid-build). With
        # worker processes, load/extract/rdf are reported when the parent receives the document,
        # so the order per document is always load, extract, rdf, embed, write.
        self.on_stage = on_stage
        # the PDF reader shapes every PDF's text: the fallback reader's results are cached apart
        self.version = pipeline_version() + (
            "" if settings.pdf_engine == "pdfium" else f"-{settings.pdf_engine}"
        )
        # Texts embedded earlier in this build: documents of one council repeat boilerplate
        # across files (headers, footers, standard paragraphs), so a text is embedded once per
        # build, not once per group. Bounded; past the bound, repeats are embedded again.
        self._embedded: dict[str, np.ndarray] = {}
        self._cpu_free = None  # the workers' gate while a pool runs (see _encode_alone)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = Embedder(self.settings)
        return self._embedder

    def worker_count(self, documents: int) -> int:
        """Processes to prepare ``documents`` with: the setting (0 = one per usable core),
        never more than the documents; 1 means in this process."""
        wanted = self.settings.workers or len(os.sched_getaffinity(0))
        return max(1, min(wanted, documents))

    # ------------------------------------------------------------------ whole build
    def build(self, paths: list[Path], *, prune: bool = False) -> BuildReport:
        """Load ``paths`` (files and folders); with ``prune``, then remove the documents whose
        file lay under one of the folders and is gone (graph.documents.stale_documents)."""
        t0 = time.perf_counter()
        report = BuildReport()
        files, notes = iter_input_files(paths)
        report.notes.extend(notes)
        progress = _Progress(self.progress_enabled and sys.stderr.isatty(), len(files))
        for note in notes:
            progress.write(f"skipped: {note}")
        load_ontology_graphs(self.store)
        self.cache.sweep()  # temporary files of a killed build's cache writes
        versions = self.store.document_versions()
        recorded = {d.iri: d.path for d in loaded_documents(self.store)}
        outcomes: list[DocumentOutcome | None] = [None] * len(files)
        todo: list[tuple[int, Path, str]] = []
        for i, path in enumerate(files):
            doc_iri = str(iris.doc_iri(path.stem))
            try:
                sha = sha256_bytes(read_checked(path, self.settings))  # size checked before reading
            except LoadError as e:
                outcomes[i] = self._failed(str(path), doc_iri, e.reason)
                progress.write(f"failed: {path}: {outcomes[i].reason}")
                progress.advance()
                continue
            if (
                versions.get(doc_iri) == (sha, self.version)
                and recorded.get(doc_iri) == source_path(path)  # moved: record where it is now
                and self._embeddings_cached(sha)
            ):
                outcomes[i] = DocumentOutcome(path=str(path), status="unchanged", document=doc_iri)
                progress.advance()
            else:
                todo.append((i, path, sha))

        report.workers = self.worker_count(len(todo))
        group: list[tuple[int, Prepared]] = []
        group_texts = 0  # texts of the group's documents that have no cached vectors yet
        try:
            for i, prepared in self._prepare_all(todo, report.workers, progress):
                if prepared.reason is not None:
                    outcomes[i] = self._failed(prepared.path, prepared.doc_iri, prepared.reason)
                    progress.write(f"failed: {prepared.path}: {prepared.reason}")
                    progress.advance()
                    continue
                group.append((i, prepared))
                if not self._embeddings_cached(prepared.sha):
                    group_texts += len(prepared.items)
                if len(group) >= GROUP_DOCUMENTS or group_texts >= GROUP_TEXTS:
                    self._embed_and_write(group, outcomes, report, progress)
                    group, group_texts = [], 0
            self._embed_and_write(group, outcomes, report, progress)
        finally:
            progress.close()

        report.outcomes = [o for o in outcomes if o is not None]
        seen_iris: dict[str, str] = {}
        for o in report.outcomes:
            if o.document and o.document in seen_iris and o.status != "failed":
                report.notes.append(
                    f"{o.path}: same document name as {seen_iris[o.document]}; "
                    "the later file replaced the earlier one"
                )
            if o.document:
                seen_iris[o.document] = o.path
        if prune:
            report.removed = self.prune(paths)
        report.replacements = len(refresh_replacements(self.store))
        self._stage("index", "")
        t = time.perf_counter()
        self.rebuild_index()
        report.index_seconds = time.perf_counter() - t
        report.seconds = time.perf_counter() - t0
        return report

    def _stage(self, name: str, doc_name: str) -> None:
        if self.on_stage:
            self.on_stage(name, doc_name)

    @staticmethod
    def _failed(path: str, doc_iri: str, reason: str) -> DocumentOutcome:
        return DocumentOutcome(path=path, status="failed", document=doc_iri, reason=reason)

    # ------------------------------------------------------------------ load, extract, rdf
    def _prepare_all(
        self, todo: list[tuple[int, Path, str]], workers: int, progress: _Progress
    ) -> Iterator[tuple[int, Prepared]]:
        """Prepared documents in input order: in this process, or from a pool of workers."""
        cache_dir = str(self.cache.directory)
        if workers <= 1:
            for i, path, sha in todo:
                progress.step(f"reading {path.name}")
                trace = lambda name, p=path: self._stage(name, p.name)  # noqa: E731
                prepared = prepare_document(
                    str(path), sha, self.settings, cache_dir, self.version, on_stage=trace
                )
                yield i, prepared
            return
        # 'spawn': a fresh interpreter per worker, never a fork of a parent that may hold the
        # model (torch's threads do not survive a fork) or the store.
        context = multiprocessing.get_context("spawn")
        self._cpu_free = context.Event()  # cleared while the model runs: workers wait
        self._cpu_free.set()
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=background_worker,  # no orphans of a killed build; the model keeps the CPU
            initargs=(os.getpid(), self._cpu_free),
        )
        pending: deque[tuple[int, Path, Future[Prepared]]] = deque()
        queue = iter(todo)

        def submit() -> None:
            for i, path, sha in queue:
                fut = pool.submit(prepare_in_worker, str(path), sha, self.settings, cache_dir, self.version)
                pending.append((i, path, fut))
                return

        try:
            for _ in range(workers * AHEAD_PER_WORKER):
                submit()
            while pending:
                i, path, fut = pending.popleft()
                progress.step(f"reading {path.name} ({workers} workers)")
                prepared = fut.result()
                submit()
                for name in PREPARE_STAGES:
                    self._stage(name, path.name)
                yield i, prepared
        finally:
            self._cpu_free.set()
            pool.shutdown(wait=True, cancel_futures=True)
            self._cpu_free = None

    # ------------------------------------------------------------------ embed, write
    def _embed_and_write(
        self,
        group: list[tuple[int, Prepared]],
        outcomes: list[DocumentOutcome | None],
        report: BuildReport,
        progress: _Progress,
    ) -> None:
        """Embed the group's new texts in one call, cache each document's vectors, then write
        each document (its own atomic replace), in input order."""
        if not group:
            return
        for _, p in group:
            self._stage("embed", Path(p.path).name)
        known: dict[str, dict[str, np.ndarray]] = {}
        wanted: dict[str, set[str]] = {}
        for _, p in group:
            if self._embeddings_cached(p.sha):
                continue
            known[p.sha] = vecs = text_vectors(self.cache, p.sha)
            wanted[p.sha] = {it.text for it in p.items if text_key(it.text) not in vecs}
        missing = sorted({t for texts in wanted.values() for t in texts if t not in self._embedded})
        t = time.perf_counter()
        if missing:
            if self._embedder is None or self._embedder._model is None:
                progress.step("loading the embedding model")
                _ = self.embedder.model
            progress.step(f"embedding {len(missing)} texts of {len(group)} documents")
            new = dict(zip(missing, self._encode_alone(missing), strict=True))
            room = EMBEDDED_MEMO - len(self._embedded)
            self._embedded.update(list(new.items())[: max(room, 0)])
        else:
            new = {}
        embed_seconds = time.perf_counter() - t
        report.embed_seconds += embed_seconds
        report.embedded_texts += len(missing)
        shares = {sha: len(texts) for sha, texts in wanted.items()}
        total_share = sum(shares.values()) or 1
        for _, p in group:
            t = time.perf_counter()
            if p.sha in wanted:
                vecs = known[p.sha]
                if wanted[p.sha]:
                    for text in wanted[p.sha]:
                        vecs[text_key(text)] = new[text] if text in new else self._embedded[text]
                    keys = sorted(vecs)
                    self.cache.put_arrays(
                        p.sha,
                        "textvec",
                        "v1",
                        {"keys": np.array(keys), "vectors": np.stack([vecs[k] for k in keys])},
                    )
                self.cache.put_json(p.sha, "emb-items", self.version, [it.__dict__ for it in p.items])
            p.stage_seconds["embed"] = (
                embed_seconds * shares.get(p.sha, 0) / total_share + time.perf_counter() - t
            )

        for i, p in group:
            name = Path(p.path).name
            self._stage("write", name)
            progress.step(f"writing {name}")
            t = time.perf_counter()
            self.store.replace_graph(p.doc_iri, p.rdf())
            p.stage_seconds["write"] = time.perf_counter() - t
            p.graph = None  # written: let it go
            outcomes[i] = DocumentOutcome(
                path=p.path,
                status="loaded",
                document=p.doc_iri,
                seconds=sum(p.stage_seconds.values()),
                counts=p.counts,
                passages=p.passages,
                stage_seconds=p.stage_seconds,
            )
            progress.advance(p.passages)

    def _encode_alone(self, texts: list[str]) -> np.ndarray:
        """Embed with the workers waiting (``lifeline.wait_for_cpu``): torch uses every core,
        and workers running beside it cost the model more than they gain (embedding the 6,261
        texts of 100 generated documents on 2 cores: 35 s beside the workers, 31 s taking
        turns, 27-29 s alone)."""
        gate = self._cpu_free
        if gate is not None:
            gate.clear()
        try:
            return self.embedder.encode(texts)
        finally:
            if gate is not None:
                gate.set()

    def _embeddings_cached(self, sha: str) -> bool:
        return self.cache.get_json(sha, "emb-items", self.version) is not None

    # ------------------------------------------------------------------ prune
    def prune(self, folders: list[Path]) -> list[RemovedDocument]:
        """Remove documents whose file under ``folders`` is gone (the index follows at the
        build's end, as for the documents written)."""
        stale = stale_documents(loaded_documents(self.store), folders)
        removal = remove_documents(
            self.store,
            stale,
            self.cache,
            index_dir=None,
            ann_threshold=self.settings.ann_threshold,
            on_stage=self.on_stage,
        )
        return removal.removed

    # ------------------------------------------------------------------ index
    def rebuild_index(self) -> EmbeddingIndex:
        """Concatenate the cached embeddings of the documents now in the store (graph.index_state);
        past ``Settings.ann_threshold`` vectors of a kind, the saved index also holds an HNSW
        index of that kind (graph.ann)."""
        return rebuild_index(self.store, self.cache, self.index_dir, self.settings.ann_threshold)


__all__ = ["BuildReport", "Builder", "DocumentOutcome", "embedding_items"]
