"""Which loaded document replaces which: a newer edition of the same document.

Why inferred, not read: a council rarely writes "this replaces the 2006 strategy", but a
reader knows that the 2009-12 "Children and Young People's Plan" of the same partnership for
the same area is the next edition of its 2006-09 plan. The rule is that reading, nothing
more: the same type of document, for the same area, from a publisher they share, whose titles
are the same once dates, periods and edition words ("interim", "draft", "refreshed") are set
aside, and one dated later than the other (issue date, else period start). Each document
replaces the edition just before it.

A newer edition need not be loaded: a loaded document of the area may name it ("the
Oxfordshire Children and Young People's Plan, 2015-2018"). A named document replaces a loaded
one when they are of the same type (when both say), their titles are the same once dates are
set aside *and name the area* (a generic "Children's Plan" of another council does not
match), and the named one's period starts after the loaded one is dated. Publishers are not
required here: a document named in passing seldom says who wrote it, and the area in the title
does that job.

The result lives in its own named graph, ``ckgid:graph/inferred``, rewritten in one update
after every build or removal: ``newer dcterms:replaces older``, ``older
dcterms:isReplacedBy newer`` and a ``ckg:Replacement`` node whose ``rdfs:comment`` says why.

>>> title_core("Children & Young People's Plan 2006 – 2009")
'children and young people plan'
>>> title_core("Elmshire's Sufficiency Strategy for 2031/32-2033/34")
'elmshire sufficiency strategy'
>>> title_core("Interim Commissioning Strategy 2016/17 (refreshed March 2017)")
'commissioning strategy'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from rdflib import Graph, Literal, URIRef

from ckg.graph.namespaces import CKG, CKGID, DCTERMS, INFERRED_GRAPH, PROV, RDF, RDFS
from ckg.graph.sparql_files import sparql
from ckg.graph.store import Store
from ckg.loaders.dates import MONTH
from ckg.loaders.extract.metadata import period_from_text

# Words that name an edition, not a different document.
_EDITION = re.compile(
    r"\b(?:interim|draft|final|refresh(?:ed)?|update[d]?|revised|revision|version|edition|v\d+)\b", re.I
)
_DATES = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTH})\b|\b(?:19|20)\d\d(?:\s*/\s*\d{{2,4}})?\b", re.I
)


_TRAILING = {"for", "of", "to", "in", "and", "from", "the", "a"}


def title_core(title: str) -> str:
    """The title with dates, periods, edition words and punctuation set aside."""
    t = _DATES.sub(" ", title.replace("&", " and "))
    t = _EDITION.sub(" ", t)
    t = re.sub(r"[‘’]", "'", t.lower())
    t = re.sub(r"'s\b", "", t)  # "Elmshire's plan" is "Elmshire plan"
    words = re.sub(r"[^\w]+", " ", t).split()
    while words and words[-1] in _TRAILING:  # what a removed date leaves: "Strategy for"
        words.pop()
    return " ".join(words)


@dataclass(frozen=True)
class Edition:
    """One loaded document as the rule sees it."""

    iri: str
    title: str
    type: str | None
    area: str | None
    publishers: frozenset[str]
    start: int | None
    end: int | None
    issued: str | None

    @property
    def when(self) -> tuple[int, int, int, int] | None:
        """Issue date (year, month, day), else the period's start; then the period's end."""
        if self.issued:
            parts = [int(p) for p in self.issued.split("-")[:3]]
            parts += [0] * (3 - len(parts))
            return (parts[0], parts[1], parts[2], self.end or 0)
        if self.start:
            return (self.start, 0, 0, self.end or 0)
        return None

    @property
    def dated(self) -> str:
        if self.start and self.end:
            return f"{self.start}-{self.end}"
        return self.issued[:4] if self.issued else str(self.start or "undated")


@dataclass(frozen=True)
class Replacement:
    newer: Edition
    older: Edition
    why: str


@dataclass(frozen=True)
class NamedEdition:
    """A document a loaded document names, with the period it prints."""

    iri: str
    title: str
    type: str | None
    area: str
    start: int
    end: int | None
    named_in_title: str


def editions(store: Store) -> list[Edition]:
    out = []
    for row in store.query(sparql("documents-for-replacement"), union=False).values():
        out.append(
            Edition(
                iri=row["document"],
                title=row["title"],
                type=row.get("type"),
                area=row.get("area"),
                publishers=frozenset(p for p in (row.get("publishers") or "").split("|") if p),
                start=_int(row.get("start")),
                end=_int(row.get("end")),
                issued=str(row["issued"]) if row.get("issued") is not None else None,
            )
        )
    return out


def named_editions(store: Store) -> list[NamedEdition]:
    out = []
    for row in store.query(sparql("named-editions"), union=False).values():
        start, end = period_from_text(str(row["period"]))
        if start:
            out.append(
                NamedEdition(
                    row["document"],
                    row["title"],
                    row.get("type"),
                    row["area"],
                    start,
                    end,
                    row["namedInTitle"],
                )
            )
    return out


def _names_area(core: str, area: str) -> bool:
    return f" {title_core(area)} " in f" {core} "


def named_replacements(docs: list[Edition], named: list[NamedEdition], taken: set[str]) -> list[Replacement]:
    """Loaded documents (not already replaced by a loaded edition, ``taken``) that a later
    edition named in the area's documents replaces: the earliest such edition."""
    found: list[Replacement] = []
    for old in docs:
        if old.iri in taken or old.when is None or not old.area:
            continue
        core = title_core(old.title)
        if not core or not _names_area(core, old.area):
            continue
        later = [
            n
            for n in named
            if n.area == old.area
            and n.iri != old.iri
            and title_core(n.title) == core
            and (not n.type or not old.type or n.type == old.type)
            and n.start > old.when[0]
        ]
        if not later:
            continue
        newer = min(later, key=lambda n: (n.start, n.iri))
        why = (
            f"Both are editions of \u201c{core}\u201d (dates and edition words aside) for {old.area}: "
            f"{newer.named_in_title} names the edition for {newer.start}"
            f"{f'-{newer.end}' if newer.end and newer.end != newer.start else ''}; "
            f"the loaded one is dated {old.dated}."
        )
        as_edition = Edition(
            newer.iri, newer.title, newer.type, newer.area, frozenset(), newer.start, newer.end, None
        )
        found.append(Replacement(as_edition, old, why))
    return found


def _int(value: object) -> int | None:
    try:
        return int(str(value)[:4]) if value is not None else None
    except ValueError:
        return None


def replacements(docs: list[Edition]) -> list[Replacement]:
    """Each dated document replaces the previous edition of the same document (see module doc).

    Editions whose publishers do not overlap are different documents even with one title (two
    councils' "Sufficiency Strategy"); undated ones cannot be ordered and are left alone.
    """
    found: list[Replacement] = []

    def family(d: Edition) -> tuple[str, str, str]:
        return (d.type or "", d.area or "", title_core(d.title))

    candidates = [d for d in docs if d.area and d.publishers and d.when is not None and title_core(d.title)]
    for key, group in groupby(sorted(candidates, key=family), key=family):
        ordered = sorted(group, key=lambda d: (d.when, d.iri))
        for i, newer in enumerate(ordered):
            # the nearest earlier edition that shares a publisher with this one
            for older in reversed(ordered[:i]):
                shared = newer.publishers & older.publishers
                if shared and older.when < newer.when:
                    why = (
                        f"Both are editions of the {(key[0] or 'document').lower()} \u201c{key[2]}\u201d (dates and "
                        f"edition words aside) for {key[1]}, published by "
                        f"{', '.join(sorted(shared))}; the newer is dated "
                        f"{newer.dated}, the older {older.dated}."
                    )
                    found.append(Replacement(newer, older, why))
                    break
    return found


def _tail(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def replacement_graph(found: list[Replacement]) -> Graph:
    g = Graph()
    for r in found:
        newer, older = URIRef(r.newer.iri), URIRef(r.older.iri)
        node = URIRef(f"{CKGID}replacement/{_tail(r.newer.iri)}/{_tail(r.older.iri)}")
        g.add((newer, DCTERMS.replaces, older))
        g.add((older, DCTERMS.isReplacedBy, newer))
        g.add((node, RDF.type, CKG.Replacement))
        g.add((node, CKG.newer, newer))
        g.add((node, CKG.older, older))
        g.add((node, RDFS.comment, Literal(r.why)))
        g.add((node, PROV.wasDerivedFrom, newer))
        g.add((node, PROV.wasDerivedFrom, older))
    return g


def refresh_replacements(store: Store) -> list[Replacement]:
    """Recompute which document replaces which and rewrite ``ckgid:graph/inferred`` in one update."""
    docs = editions(store)
    found = replacements(docs)
    found += named_replacements(docs, named_editions(store), {r.older.iri for r in found})
    store.replace_graph(str(INFERRED_GRAPH), replacement_graph(found))
    return found
