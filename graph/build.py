"""The build: files -> structured text -> extraction -> RDF + embeddings -> the store.

Per document, stages run in this order, each cached by content hash (graph.cache):
load, extract, rdf, embed, then write. The write is last and atomic (one SPARQL UPDATE
replacing the document's named graph), so a failure or a kill at any earlier point
leaves the store's previous version of that document untouched.

A document whose content hash and pipeline version already match its named graph is
skipped without loading the model or parsing the file: re-running ``ckg build`` on
unchanged files is quick.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ckg.errors import LoadError
from ckg.graph import iris
from ckg.graph.cache import BuildCache
from ckg.graph.embeddings import Embedder, EmbeddingIndex, IndexItem
from ckg.graph.ontology_graphs import load_ontology_graphs
from ckg.graph.passages import split_passages
from ckg.graph.rdf_builder import build_document_graph
from ckg.graph.store import Store
from ckg.loaders.extract.pipeline import extract, loader_version, pipeline_version
from ckg.loaders.extract.records import Extraction
from ckg.loaders.registry import iter_input_files, load_file
from ckg.loaders.structure import StructuredDocument, sha256_bytes
from ckg.settings import Settings

STAGES = ("load", "extract", "rdf", "embed", "write")
LABEL_KINDS = {
    "organisations": ("Organization", "name"),
    "priorities": ("Priority", "text"),
    "intentions": ("CommissioningIntention", "text"),
    "services": ("Service", "name"),
    "funding": ("FundingAllocation", "item"),
    "contacts": ("Person", "name"),
    "references": ("Document", "title"),
}


@dataclass
class DocumentOutcome:
    path: str
    status: str  # "loaded", "unchanged", "failed"
    document: str | None = None  # IRI
    reason: str | None = None
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    passages: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class BuildReport:
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[DocumentOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        by = {s: sum(1 for o in self.outcomes if o.status == s) for s in ("loaded", "unchanged", "failed")}
        return (
            f"{by['loaded']} loaded, {by['unchanged']} unchanged, {by['failed']} failed "
            f"in {self.seconds:.1f} s"
        )


class _Progress:
    """One bar per document, stepping through the stages (tqdm on stderr; silent when quiet)."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled = enabled
        self.overall = None
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

    def document(self, name: str):
        if not self.enabled:
            return None
        return self._tqdm(
            total=len(STAGES),
            desc=f"  {name[:40]}",
            position=1,
            leave=False,
            file=sys.stderr,
            bar_format="{desc} {bar} {n_fmt}/{total_fmt} {postfix}",
            dynamic_ncols=True,
        )

    def write(self, line: str) -> None:
        if self.enabled:
            self._tqdm.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr)

    def advance(self) -> None:
        if self.overall is not None:
            self.overall.update(1)

    def close(self) -> None:
        if self.overall is not None:
            self.overall.close()


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
        self.on_stage = on_stage  # test hook: called before each stage (e.g. to kill mid-build)
        self.version = pipeline_version()

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = Embedder(self.settings)
        return self._embedder

    # ------------------------------------------------------------------ whole build
    def build(self, paths: list[Path]) -> BuildReport:
        t0 = time.perf_counter()
        report = BuildReport()
        files, notes = iter_input_files(paths)
        report.notes.extend(notes)
        progress = _Progress(self.progress_enabled and sys.stderr.isatty(), len(files))
        for note in notes:
            progress.write(f"skipped: {note}")
        load_ontology_graphs(self.store)
        versions = self.store.document_versions()
        seen_iris: dict[str, str] = {}
        for path in files:
            outcome = self._build_one(path, versions, progress)
            if outcome.document and outcome.document in seen_iris and outcome.status != "failed":
                report.notes.append(
                    f"{path}: same document name as {seen_iris[outcome.document]}; "
                    "the later file replaced the earlier one"
                )
            if outcome.document:
                seen_iris[outcome.document] = str(path)
            report.outcomes.append(outcome)
            if outcome.status == "failed":
                progress.write(f"failed: {outcome.path}: {outcome.reason}")
            progress.advance()
        progress.close()
        self.rebuild_index()
        report.seconds = time.perf_counter() - t0
        return report

    def _stage(self, bar, name: str, doc_name: str) -> None:
        if self.on_stage:
            self.on_stage(name, doc_name)
        if bar is not None:
            bar.set_postfix_str(name)

    def _build_one(
        self, path: Path, versions: dict[str, tuple[str, str]], progress: _Progress
    ) -> DocumentOutcome:
        t0 = time.perf_counter()
        doc_iri = str(iris.doc_iri(path.stem))
        outcome = DocumentOutcome(path=str(path), status="loaded", document=doc_iri)
        bar = progress.document(path.name)
        try:
            try:
                data = path.read_bytes()
            except OSError as e:
                raise LoadError(str(path), f"cannot read file ({e.strerror or e})") from None
            sha = sha256_bytes(data)
            if versions.get(doc_iri) == (sha, self.version) and self._embeddings_cached(sha):
                outcome.status = "unchanged"
                return outcome
            timings: dict[str, float] = {}

            def timed(name: str):
                self._stage(bar, name, path.name)
                timings[name] = time.perf_counter()

            def done(name: str):
                timings[name] = time.perf_counter() - timings[name]
                if bar is not None:
                    bar.update(1)

            timed("load")
            doc = self._load(path, sha)
            done("load")
            timed("extract")
            extraction = self._extract(doc, sha)
            done("extract")
            timed("rdf")
            graph = build_document_graph(doc, extraction, self.version)
            done("rdf")
            timed("embed")
            self._embed(doc, extraction, sha, doc_iri)
            done("embed")
            timed("write")
            self.store.replace_graph(doc_iri, graph)
            done("write")
            outcome.counts = extraction.counts()
            outcome.passages = len(split_passages(doc))
            outcome.stage_seconds = timings
        except LoadError as e:
            outcome.status = "failed"
            outcome.reason = e.reason
        finally:
            outcome.seconds = time.perf_counter() - t0
            if bar is not None:
                bar.close()
        return outcome

    # ------------------------------------------------------------------ stages
    def _load(self, path: Path, sha: str) -> StructuredDocument:
        cached = self.cache.get_json(sha, "doc", loader_version())
        if cached is not None:
            doc = StructuredDocument.from_dict(cached)
            doc.source = path.name
            return doc
        doc = load_file(path, self.settings)
        self.cache.put_json(sha, "doc", loader_version(), doc.to_dict())
        return doc

    def _extract(self, doc: StructuredDocument, sha: str) -> Extraction:
        cached = self.cache.get_json(sha, "extraction", self.version)
        if cached is not None:
            return Extraction.from_dict(cached)
        extraction = extract(doc)
        self.cache.put_json(sha, "extraction", self.version, extraction.to_dict())
        return extraction

    def _embeddings_cached(self, sha: str) -> bool:
        return self.cache.get_json(sha, "emb-items", self.version) is not None

    def _embed(self, doc: StructuredDocument, extraction: Extraction, sha: str, doc_iri: str) -> None:
        """Vectors for the document's passages and labels, embedding only texts not seen before.

        Vectors are cached per text (keyed by the text's hash, stored per source file), so a
        change to extraction code re-embeds only the labels it changed, not every passage.
        """
        if self._embeddings_cached(sha):
            return
        items = embedding_items(doc, extraction, doc_iri)
        known = self._text_vectors(sha)
        missing = sorted({it.text for it in items if text_key(it.text) not in known})
        if missing:
            for text, vec in zip(missing, self.embedder.encode(missing), strict=True):
                known[text_key(text)] = vec
            keys = sorted(known)
            self.cache.put_arrays(
                sha, "textvec", "v1", {"keys": np.array(keys), "vectors": np.stack([known[k] for k in keys])}
            )
        self.cache.put_json(sha, "emb-items", self.version, [it.__dict__ for it in items])

    def _text_vectors(self, sha: str) -> dict[str, np.ndarray]:
        arrays = self.cache.get_arrays(sha, "textvec", "v1")
        if arrays is None:
            return {}
        return {str(k): v for k, v in zip(arrays["keys"], arrays["vectors"], strict=True)}

    # ------------------------------------------------------------------ index
    def rebuild_index(self) -> EmbeddingIndex:
        """Concatenate the cached embeddings of the documents now in the store."""
        parts: list[np.ndarray] = []
        items: list[IndexItem] = []
        for _doc, (sha, version) in sorted(self.store.document_versions().items()):
            meta = self.cache.get_json(sha, "emb-items", version)
            known = self._text_vectors(sha)
            if meta is None or any(text_key(m["text"]) not in known for m in meta):
                continue
            parts.append(np.stack([known[text_key(m["text"])] for m in meta]))
            items.extend(IndexItem(**m) for m in meta)
        vectors = np.concatenate(parts) if parts else np.zeros((0, 384), dtype=np.float32)
        index = EmbeddingIndex(vectors, items)
        index.save(self.index_dir)
        return index


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def embedding_items(doc: StructuredDocument, extraction: Extraction, doc_iri: str) -> list[IndexItem]:
    """What gets a vector: every passage with words, and the label of every extracted resource."""
    slug = iris.slug(doc.source.rsplit(".", 1)[0])
    items: list[IndexItem] = []
    for p in split_passages(doc):
        text = doc.text[p.start : p.end]
        if len(text.strip()) < 3:
            continue
        section = " > ".join(p.section[-2:])
        items.append(
            IndexItem(
                str(iris.passage_iri(slug, p.start, p.end)),
                "passage",
                doc_iri,
                f"{section}: {text}" if section else text,
            )
        )
    seen: set[str] = set()
    for attr, (kind, field_name) in LABEL_KINDS.items():
        for rec in getattr(extraction, attr):
            label = getattr(rec, field_name)
            if not label or (kind, label) in seen:
                continue
            seen.add((kind, label))
            items.append(IndexItem(_label_iri(kind, rec, slug, extraction), kind, doc_iri, label))
    return items


def _label_iri(kind: str, rec: object, slug: str, extraction: Extraction) -> str:
    if kind == "Organization":
        return str(iris.org_iri(rec.name))
    if kind == "Priority":
        return str(iris.priority_iri(rec.stated_in or extraction.document.title, rec.text))
    if kind == "Service":
        return str(iris.service_iri(rec.area or extraction.document.area, rec.name))
    if kind == "Person":
        return str(iris.person_iri(rec.name))
    if kind == "Document":
        return str(iris.referenced_doc_iri(rec.title))
    if kind == "CommissioningIntention":
        return str(iris.numbered_iri("intention", slug, extraction.intentions.index(rec) + 1))
    return str(iris.numbered_iri("funding", slug, extraction.funding.index(rec) + 1))


__all__ = ["BuildReport", "Builder", "DocumentOutcome", "embedding_items"]
