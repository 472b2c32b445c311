"""Deterministic IRIs: the same name always gives the same IRI, on any machine, in any order.

Why not UUIDs or counters over the whole store: rebuilding must give the same graph, and
the same body named in two documents must meet at one IRI without a lookup.

>>> slug("Children & Young People's Strategic Partnership (C&YPSP)")
'children-and-young-peoples-strategic-partnership-c-and-ypsp'
>>> str(org_iri("Oxfordshire County Council"))
'https://w3id.org/ckg/id/org/oxfordshire-county-council'
>>> len(slug("word " * 40)) <= 80
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from ckg.graph.namespaces import CKGID

MAX_SLUG = 80


def slug(text: str, max_len: int = MAX_SLUG) -> str:
    s = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii").lower()
    s = s.replace("&", " and ")
    s = re.sub(r"['’`]", "", s)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    if not s:
        s = "x" + hashlib.sha1((text or "").encode()).hexdigest()[:8]
    if len(s) > max_len:
        digest = hashlib.sha1(s.encode()).hexdigest()[:6]
        s = s[: max_len - 7].rstrip("-") + "-" + digest
    return s


def _iri(*parts: str) -> URIRef:
    return URIRef(str(CKGID) + "/".join(parts))


def doc_iri(file_stem: str) -> URIRef:
    return _iri("doc", slug(file_stem))


def referenced_doc_iri(title: str) -> URIRef:
    return _iri("doc", "ref", slug(title))


def passage_iri(doc_slug: str, start: int, end: int) -> URIRef:
    return _iri("passage", doc_slug, f"{start}-{end}")


def org_iri(name: str) -> URIRef:
    return _iri("org", slug(name))


def person_iri(name: str) -> URIRef:
    return _iri("person", slug(name))


def post_iri(name: str, role: str) -> URIRef:
    return _iri("post", slug(name), slug(role, 60))


def priority_iri(stating_title: str, text: str) -> URIRef:
    return _iri("priority", slug(stating_title, 60), slug(text, 70))


def numbered_iri(kind: str, doc_slug: str, n: int) -> URIRef:
    return _iri(kind, doc_slug, str(n))


def service_iri(area: str | None, name: str) -> URIRef:
    return _iri("service", slug(area or "national"), slug(name))


def topic_iri(key: str) -> URIRef:
    return _iri("topic", key)


def area_iri(name: str) -> URIRef:
    return _iri("area", slug(name))


def document_type_iri(key: str) -> URIRef:
    return _iri("document-type", slug(key))


def activity_iri(method: str) -> URIRef:
    """The prov:Activity of one extraction method (``loaders.extract.methods``), declared in ckg.ttl."""
    return _iri("activity", "extract", method)
