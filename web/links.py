"""How resources map to pages: ``ckgid:`` IRIs live under ``/entity/``.

A ``ckgid:`` IRI ``https://w3id.org/ckg/id/org/x`` is served at ``/entity/org/x``; any other
IRI (ontology terms, external links) at ``/entity?iri=...``. A passage
``ckgid:passage/{doc}/{start}-{end}`` is shown in its document page at the anchor
``#p-{start}-{end}``.

>>> entity_path("https://w3id.org/ckg/id/org/reading-borough-council")
'/entity/org/reading-borough-council'
>>> iri_for_path("org/reading-borough-council")
'https://w3id.org/ckg/id/org/reading-borough-council'
>>> passage_link("https://w3id.org/ckg/id/passage/jsna-2016/120-340")
'/entity/doc/jsna-2016#p-120-340'
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ckg.graph.namespaces import CKGID

BASE = str(CKGID)
# What may not appear in an IRI (RFC 3987): controls, space, <>"{}|^`\. Checked before a request
# value becomes an rdflib URIRef, so hostile paths get a clear 400 instead of warnings and a
# refusal deep in the store.
_NOT_IN_IRI = re.compile(r'[\x00-\x20\x7f<>"{}|^`\\]')


def entity_path(iri: str) -> str:
    """The page of a resource."""
    if iri.startswith(BASE):
        return "/entity/" + quote(iri[len(BASE) :], safe="/-._~")
    return "/entity?iri=" + quote(iri, safe="")


def is_valid_iri(iri: str) -> bool:
    """True when ``iri`` has a scheme and none of the characters an IRI may not contain.

    >>> is_valid_iri("https://w3id.org/ckg/id/org/x"), is_valid_iri("https://x/a> } UNION {")
    (True, False)
    """
    return bool(re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri)) and not _NOT_IN_IRI.search(iri)


def iri_for_path(path: str) -> str:
    return BASE + path


def passage_anchor(passage_iri: str) -> str | None:
    """``p-{start}-{end}`` for a passage IRI, or None."""
    if not passage_iri.startswith(BASE + "passage/"):
        return None
    return "p-" + passage_iri.rsplit("/", 1)[-1]


def passage_link(passage_iri: str) -> str | None:
    """Where a passage is shown: its document page, at the passage's anchor."""
    rest = passage_iri[len(BASE + "passage/") :] if passage_iri.startswith(BASE + "passage/") else None
    if not rest or "/" not in rest:
        return None
    doc, span = rest.rsplit("/", 1)
    return f"/entity/doc/{quote(doc, safe='-._~')}#p-{span}"
