"""The per-document half of a build that needs no model and no store: load, extract, RDF, items.

Why a module of its own: ``graph.build`` runs this part of many documents at once in worker
processes (``Settings.workers``), while the parent keeps the two things that must stay
single: the embedding model (one copy, large batches across documents) and the store (one
writer, one atomic replace per document). Workers are started with the 'spawn' method and
this module imports neither torch nor the store, so a worker is cheap to start and never
inherits a forked copy of a loaded model.

Each stage is cached by content hash (graph.cache), so an unchanged file is never parsed or
extracted twice, whichever process does it. Cache entries appear by rename, so two workers
writing the same entry is harmless.
"""

from __future__ import annotations

import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ckg.errors import LoadError
from ckg.graph import iris
from ckg.graph.cache import BuildCache
from ckg.graph.documents import source_path
from ckg.graph.embeddings import IndexItem
from ckg.graph.lifeline import wait_for_cpu
from ckg.graph.namespaces import CKG
from ckg.graph.passages import split_passages
from ckg.graph.rdf_builder import build_document_graph
from ckg.loaders.extract.pipeline import extract, loader_version
from ckg.loaders.extract.records import Extraction
from ckg.loaders.registry import load_file
from ckg.loaders.structure import StructuredDocument
from ckg.settings import Settings

PREPARE_STAGES = ("load", "extract", "rdf")
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
class Prepared:
    """One document made ready for embedding and writing (or the one-line reason it failed)."""

    path: str
    sha: str
    doc_iri: str
    reason: str | None = None  # set when the document failed to load
    items: list[IndexItem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    passages: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    graph_bytes: bytes | None = None  # pickled rdflib Graph (from a worker process)
    graph: Graph | None = None  # the Graph itself (prepared in-process)

    def rdf(self) -> Graph:
        """The document's graph; a worker's is unpickled only now, when it is written, so the
        documents waiting for their embedding batch hold compact bytes, not rdflib objects."""
        if self.graph is None:
            if self.graph_bytes is None:
                raise ValueError(f"{self.path}: no graph was prepared")
            self.graph = pickle.loads(self.graph_bytes)
            self.graph_bytes = None
        return self.graph


def prepare_document(
    path: str,
    sha: str,
    settings: Settings,
    cache_dir: str,
    version: str,
    *,
    pickled: bool = False,
    on_stage=None,
) -> Prepared:
    """Load, extract and build the RDF of one file; a ``LoadError`` becomes ``reason``.

    ``pickled`` (in worker processes): return the graph as pickle bytes, which cross the
    process boundary about as fast as rdflib builds the graph, and stay small in the parent.
    ``on_stage(name)`` is called before each stage (in a worker: wait while the parent embeds).
    """
    file = Path(path)
    out = Prepared(path=path, sha=sha, doc_iri=str(iris.doc_iri(file.stem)))
    cache = BuildCache(cache_dir)
    timings: dict[str, float] = {}
    try:
        if on_stage:
            on_stage("load")
        t = time.perf_counter()
        doc = _load(cache, file, sha, settings)
        timings["load"] = time.perf_counter() - t

        if on_stage:
            on_stage("extract")
        t = time.perf_counter()
        extraction = _extract(cache, doc, sha, version)
        timings["extract"] = time.perf_counter() - t

        if on_stage:
            on_stage("rdf")
        t = time.perf_counter()
        graph = build_document_graph(doc, extraction, version)
        # where the file is, for `ckg build --prune`; not part of the cached stages, so a file
        # moved or copied elsewhere is recorded where it is now
        graph.add((URIRef(out.doc_iri), CKG.sourcePath, Literal(source_path(file))))
        out.items = embedding_items(doc, extraction, out.doc_iri)
        if pickled:
            out.graph_bytes = pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            out.graph = graph
        timings["rdf"] = time.perf_counter() - t
        out.counts = extraction.counts()
        out.passages = len(split_passages(doc))
    except LoadError as e:
        out.reason = e.reason
    out.stage_seconds = timings
    return out


def prepare_in_worker(path: str, sha: str, settings: Settings, cache_dir: str, version: str) -> Prepared:
    """The pool's entry point (a top-level function, so 'spawn' workers can import it)."""
    return prepare_document(path, sha, settings, cache_dir, version, pickled=True, on_stage=wait_for_cpu)


def _load(cache: BuildCache, path: Path, sha: str, settings: Settings) -> StructuredDocument:
    version = loader_version() + ("" if settings.pdf_engine == "pdfium" else f"-{settings.pdf_engine}")
    cached = cache.get_json(sha, "doc", version)
    if cached is not None:
        doc = StructuredDocument.from_dict(cached)
        doc.source = path.name
        return doc
    doc = load_file(path, settings)
    cache.put_json(sha, "doc", version, doc.to_dict())
    return doc


def _extract(cache: BuildCache, doc: StructuredDocument, sha: str, version: str) -> Extraction:
    cached = cache.get_json(sha, "extraction", version)
    if cached is not None:
        return Extraction.from_dict(cached)
    extraction = extract(doc)
    cache.put_json(sha, "extraction", version, extraction.to_dict())
    return extraction


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
    seen: set[tuple[str, str]] = set()
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


__all__ = ["Prepared", "embedding_items", "prepare_document", "prepare_in_worker"]
