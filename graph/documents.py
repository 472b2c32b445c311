"""The documents a store holds, and finding one by what a user calls it: file, IRI or title.

Why a module of its own: ``ckg remove`` takes documents as a person names them (the file they
loaded, the IRI a query printed, the title they read), and ``ckg build --prune`` needs to know
where each document's file was. Both read the same short listing, one row per loaded
document's named graph (``graph/sparql/loaded-documents.rq``).

Finding is strict, because what is found gets deleted: an exact IRI, a file (its path as
recorded, or the name the build gives a file, ``doc/{slug(stem)}``), a title equal but for
case, and only then a slug or a prefix of one that fits exactly one document. Anything else
is a one-line ``DocumentNotFound`` naming the close candidates.

>>> docs = [
...     LoadedDocument("https://w3id.org/ckg/id/doc/fernshire-plan", "Fernshire Early Help Plan", "fernshire-plan.txt", None, "aa"),
...     LoadedDocument("https://w3id.org/ckg/id/doc/fernshire-report", "Fernshire Annual Report", "fernshire-report.txt", None, "bb"),
... ]
>>> find_document("fernshire early help plan", docs).source
'fernshire-plan.txt'
>>> find_document("ckgid:doc/fernshire-report", docs).title
'Fernshire Annual Report'
>>> find_document("Fernshire Ann", docs).title
'Fernshire Annual Report'
>>> find_document("fernshire", docs)
Traceback (most recent call last):
...
ckg.errors.DocumentNotFound: 'fernshire' matches 2 documents: "Fernshire Annual Report" (fernshire-report.txt), "Fernshire Early Help Plan" (fernshire-plan.txt); give the full title, the file or the IRI
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ckg.errors import DocumentNotFound
from ckg.graph import iris
from ckg.graph.namespaces import CKGID
from ckg.graph.sparql_files import sparql

if TYPE_CHECKING:  # prepare.py (build workers) imports this module, and never the store
    from ckg.graph.store import Store

SHOWN = 5  # candidates an error names


@dataclass(frozen=True)
class LoadedDocument:
    iri: str
    title: str
    source: str  # the file name (dcterms:source)
    path: str | None  # the absolute path it was built from (None: built before ckg recorded it)
    sha: str  # content hash of the file

    @property
    def slug(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    def describe(self) -> str:
        return f'"{self.title}" ({self.source or self.iri})'


def loaded_documents(store: Store) -> list[LoadedDocument]:
    """Every loaded document, by IRI order (one row per document graph)."""
    out: dict[str, LoadedDocument] = {}
    for r in store.query(sparql("loaded-documents"), union=False).rows:
        g = r["g"].value
        if g in out:
            continue
        source = r["source"].value if "source" in r else ""
        title = r["title"].value if "title" in r else source or g
        path = r["path"].value if "path" in r else None
        out[g] = LoadedDocument(g, title, source, path, r["h"].value)
    return [out[g] for g in sorted(out)]


def source_path(path: str | Path) -> str:
    """How a document's file is recorded (``ckg:sourcePath``) and compared: absolute, resolved."""
    return str(Path(path).expanduser().resolve())


# ---------------------------------------------------------------------------- finding
def find_documents(specs: Iterable[str], docs: list[LoadedDocument]) -> list[LoadedDocument]:
    """The documents named by ``specs``, each once, in the order given; the first spec that
    names none, or more than one, raises (so a caller changes nothing unless all are found)."""
    found: dict[str, LoadedDocument] = {}
    for spec in specs:
        doc = find_document(spec, docs)
        found.setdefault(doc.iri, doc)
    return list(found.values())


def find_document(spec: str, docs: list[LoadedDocument]) -> LoadedDocument:
    """The one document ``spec`` names: an IRI, a file, a title; see the module notes."""
    text = spec.strip()
    if not text:
        raise DocumentNotFound("an empty document name; give a file, an IRI or a title")
    if text.startswith(("http://", "https://", "ckgid:")):
        return _by_iri(text, docs)
    by_file = _by_file(text, docs)
    if by_file is not None:
        return by_file
    if _looks_like_path(text):
        titled = [d for d in docs if d.title.casefold() == text.casefold()]  # "Plan 2021/22"
        if len(titled) == 1:
            return titled[0]
        raise DocumentNotFound(f"no loaded document was built from {text}{_close(Path(text).stem, docs)}")
    return _by_title(text, docs)


def _by_iri(text: str, docs: list[LoadedDocument]) -> LoadedDocument:
    iri = str(CKGID) + text[len("ckgid:") :] if text.startswith("ckgid:") else text
    for d in docs:
        if d.iri == iri:
            return d
    raise DocumentNotFound(f"no loaded document has the IRI {iri}{_close(iri.rsplit('/', 1)[-1], docs)}")


def _looks_like_path(text: str) -> bool:
    return os.sep in text or "/" in text or Path(text).suffix.lower() in _SUFFIXES


_SUFFIXES = {".txt", ".md", ".markdown", ".pdf", ".docx", ".html", ".htm"}


def _by_file(text: str, docs: list[LoadedDocument]) -> LoadedDocument | None:
    """The document built from this file: by the path recorded, else by the name a build gives
    the file (the IRI comes from the file's stem, so a deleted file still finds its document)."""
    if not _looks_like_path(text) and not Path(text).exists():
        return None
    wanted = source_path(text)
    for d in docs:
        if d.path == wanted:
            return d
    iri = str(iris.doc_iri(Path(text).stem))
    return next((d for d in docs if d.iri == iri), None)


def _by_title(text: str, docs: list[LoadedDocument]) -> LoadedDocument:
    folded = text.casefold()
    exact = [d for d in docs if d.title.casefold() == folded]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise _ambiguous(text, exact)
    key = iris.slug(text)
    for test in (
        lambda d: key in (d.slug, iris.slug(d.title)),
        lambda d: d.slug.startswith(key) or iris.slug(d.title).startswith(key),
    ):
        hits = [d for d in docs if key and test(d)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise _ambiguous(text, hits)
    raise DocumentNotFound(f"no loaded document is called {text!r}{_close(text, docs)}")


def _ambiguous(text: str, hits: list[LoadedDocument]) -> DocumentNotFound:
    hits = sorted(hits, key=lambda d: (d.title.casefold(), d.iri))
    more = f" and {len(hits) - SHOWN} more" if len(hits) > SHOWN else ""
    named = ", ".join(d.describe() for d in hits[:SHOWN])
    return DocumentNotFound(
        f"{text!r} matches {len(hits)} documents: {named}{more}; give the full title, the file or the IRI"
    )


def _close(text: str, docs: list[LoadedDocument]) -> str:
    """'; did you mean ...' naming the documents closest to ``text`` (by title and file name)."""
    by_key: dict[str, LoadedDocument] = {}
    for d in docs:
        by_key.setdefault(d.title.casefold(), d)
        by_key.setdefault(iris.slug(d.title), d)
        by_key.setdefault(d.slug, d)
    keys = difflib.get_close_matches(text.casefold(), list(by_key), n=SHOWN * 3, cutoff=0.5)
    keys += difflib.get_close_matches(iris.slug(text), list(by_key), n=SHOWN * 3, cutoff=0.5)
    close: dict[str, LoadedDocument] = {}
    for k in keys:
        close.setdefault(by_key[k].iri, by_key[k])
    if close:
        return "; did you mean " + ", ".join(d.describe() for d in list(close.values())[:SHOWN]) + "?"
    if not docs:
        return " (the store holds no documents)"
    return "; `ckg stats` lists the documents loaded"


# ---------------------------------------------------------------------------- pruning
def stale_documents(docs: list[LoadedDocument], folders: Iterable[Path]) -> list[LoadedDocument]:
    """Documents built from a file under one of ``folders`` that no longer exists.

    Only folders that exist count: a folder that is missing (unmounted, mistyped) says nothing
    about its files, so nothing under it is taken as gone. Documents built before ckg recorded
    paths (``path`` None) and documents from elsewhere are never stale.
    """
    roots = [Path(source_path(f)) for f in folders if Path(f).is_dir()]
    stale = []
    for d in docs:
        if d.path is None:
            continue
        path = Path(d.path)
        if any(path.is_relative_to(root) for root in roots) and not path.exists():
            stale.append(d)
    return stale


__all__ = [
    "LoadedDocument",
    "find_document",
    "find_documents",
    "loaded_documents",
    "source_path",
    "stale_documents",
]
