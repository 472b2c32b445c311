"""StructuredDocument -> Extraction: runs each extractor in order and keeps the records consistent.

Order matters: metadata first (the area drives "the Council"/"the PCT" resolution), then
organisations (the registry every other extractor resolves bodies through), then the
rest; topics last, over every record and passage. The result is deterministic.

``pipeline_version()`` is a digest of the source of everything that shapes an extraction
or its RDF, so the build cache and the "unchanged document" check are invalidated
exactly when that code changes.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ckg.loaders.extract.confidence import score
from ckg.loaders.extract.contacts import extract_contacts
from ckg.loaders.extract.context import Context, OrgRegistry
from ckg.loaders.extract.funding import extract_funding
from ckg.loaders.extract.indicators import extract_indicators
from ckg.loaders.extract.intentions import extract_intentions
from ckg.loaders.extract.mentions import add_mention_spans
from ckg.loaders.extract.metadata import extract_metadata, gazetteer
from ckg.loaders.extract.organisations import extract_organisations
from ckg.loaders.extract.organisations_names import names_a_body
from ckg.loaders.extract.priorities import extract_priorities
from ckg.loaders.extract.records import Extraction, OrgRecord, ReferenceRecord, Span
from ckg.loaders.extract.references import extract_references
from ckg.loaders.extract.references_patterns import key_of
from ckg.loaders.extract.services import extract_services
from ckg.loaders.extract.topics import TopicTagger
from ckg.loaders.structure import StructuredDocument


@lru_cache(maxsize=1)
def loader_version() -> str:
    """Digest of the loaders' sources: the cache key of structured text."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.parent.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """Digest of the loader, extractor and RDF-builder sources plus the topic scheme and gazetteer."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    roots = [here.parent, here, here.parent.parent / "graph"]
    for root in roots:
        for path in sorted([*root.glob("*.py"), *root.glob("*.txt")]):
            if root.name == "graph" and path.stem not in ("rdf_builder", "passages", "iris", "namespaces"):
                continue
            h.update(path.name.encode())
            h.update(path.read_bytes())
    for name in ("topics.ttl", "areas.txt"):
        with contextlib.suppress(FileNotFoundError, ModuleNotFoundError):
            h.update(resources.files("ckg.ontology").joinpath(name).read_bytes())
    return h.hexdigest()[:12]


def extract(doc: StructuredDocument, tagger: TopicTagger | None = None) -> Extraction:
    tagger = tagger or TopicTagger.default()
    meta = extract_metadata(doc)
    registry = OrgRegistry(area=meta.area, area_kind=gazetteer().get(meta.area or ""))
    ctx = Context(doc=doc, meta=meta, orgs=registry, tagger=tagger)
    extract_organisations(doc, ctx)
    ex = Extraction(document=meta)
    ex.priorities = extract_priorities(doc, ctx)
    ex.services = extract_services(doc, ctx)
    ex.intentions = extract_intentions(doc, ctx)
    ex.funding = extract_funding(doc, ctx)
    ex.contacts = extract_contacts(doc, ctx)
    ex.references = extract_references(doc, ctx)
    ex.indicators = extract_indicators(doc, ctx)
    ex.organisations = registry.records()
    _drop_non_bodies(ex)
    _reconcile_stated_in(ex)
    add_mention_spans(doc, ex)
    _tag_topics(ctx, ex)
    _ensure_orgs(ex, registry)
    score(ex)  # last: a record's confidence may rest on the bodies it names
    return ex


# The fields of records that name a body.
_BODY_FIELDS = (
    ("priorities", "owner"),
    ("intentions", "commissioner"),
    ("services", "commissioner"),
    ("services", "provider"),
    ("funding", "funder"),
    ("contacts", "organisation"),
    ("organisations", "parent"),
)


def _drop_non_bodies(ex: Extraction) -> None:
    """Bodies no extractor read as a name, only another record's field ("funded by the Board",
    "one Partner commissions"), are dropped when their name names no body
    (organisations_names.names_a_body), and so is every field naming them."""
    dropped = {o.name for o in ex.organisations if o.method is None and not names_a_body(o.name)}
    if not dropped:
        return
    ex.organisations = [o for o in ex.organisations if o.name not in dropped]
    for kind, field in _BODY_FIELDS:
        for rec in getattr(ex, kind):
            if getattr(rec, field) in dropped:
                setattr(rec, field, None)
    ex.document.publishers = [p for p in ex.document.publishers if p not in dropped]


def _reconcile_stated_in(ex: Extraction) -> None:
    """Priorities quoted from another document name it the way the reference list does.

    Both extractors see the same document under several spellings ("Joint Health & Wellbeing
    Strategy 2012 - 2016", "... Strategy, 2012-16"); one title per document keeps it one node.
    A stating document that is not in the reference list is added to it.
    """
    area = ex.document.area
    by_key = {key_of(r.title, area): r for r in ex.references}
    own = key_of(ex.document.title, area)
    for p in ex.priorities:
        if not p.stated_in:
            continue
        key = key_of(p.stated_in, area)
        if key == own:
            p.stated_in = None
            continue
        ref = by_key.get(key)
        if ref is None:
            ref = ReferenceRecord(
                title=p.stated_in, kind=_kind_of_title(p.stated_in), spans=list(p.spans[:1]), method="implied"
            )
            ex.references.append(ref)
            by_key[key] = ref
        p.stated_in = ref.title


def _kind_of_title(title: str) -> str:
    for pattern, kind in (
        (r"\bstrateg", "strategy"),
        (r"\bplan\b", "plan"),
        (r"\b(?:act|bill)\b", "act"),
        (r"\bguidance\b", "guidance"),
        (r"\breport\b", "report"),
    ):
        if re.search(pattern, title, re.I):
            return kind
    return "other"


def _tag_topics(ctx: Context, ex: Extraction) -> None:
    tag = ctx.tagger.tag
    for rec in ex.priorities:
        rec.topics = tag(rec.text)
    for rec in ex.intentions:
        rec.topics = tag(" ".join(filter(None, [rec.text, rec.priority])))
    for rec in ex.services:
        rec.topics = tag(rec.name)
    for rec in ex.funding:
        rec.topics = tag(" ".join(filter(None, [rec.item, rec.theme])))
    for i, block in enumerate(ctx.doc.blocks):
        keys = tag(block.text)
        if keys:
            ex.passage_topics[i] = keys


def _ensure_orgs(ex: Extraction, registry: OrgRegistry) -> None:
    """Every body a record names exists as an OrgRecord with provenance."""
    known = {o.name for o in ex.organisations}
    fallback = ex.document.spans[0] if ex.document.spans else Span(0, 0)

    def need(name: str | None, spans: list[Span]) -> None:
        if name and name not in known:
            known.add(name)
            ex.organisations.append(
                OrgRecord(name=name, spans=list(spans[:1]) or [fallback], method="implied")
            )

    for p in ex.priorities:
        need(p.owner, p.spans)
    for i in ex.intentions:
        need(i.commissioner, i.spans)
    for s in ex.services:
        need(s.commissioner, s.spans)
        need(s.provider, s.spans)
    for f in ex.funding:
        need(f.funder, f.spans)
    for c in ex.contacts:
        need(c.organisation, c.spans)
    for o in list(ex.organisations):
        need(o.parent, o.spans)
    for name in ex.document.publishers:
        need(name, ex.document.spans)
