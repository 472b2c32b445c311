"""Every place a document names a body or a person, added to its provenance.

Extractors record where they *found* a body (its definition, a list it sits in); the body is
usually named many more times. Linking every mention (by its names and acronyms) to the
record lets a question reach the body through any passage that names it ("These services are
commissioned by the West Sussex County Council ...") and lets an entity page show all of it.

Generic aliases ("the Board", "the Council") are not searched: alone they could mean another
body, and the mentions that matter carry the full name or the acronym.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.records import Extraction, DocumentRecord, OrgRecord, Span
>>> doc = load_string("The Youth Offending Service (YOS) works with courts.\\n\\nThe YOS reduced re-offending.")
>>> ex = Extraction(DocumentRecord("T"), organisations=[OrgRecord("Youth Offending Service", aliases=["YOS"],
...                 spans=[Span(0, 10)])])
>>> add_mention_spans(doc, ex)
>>> len(ex.organisations[0].spans)
4
"""

from __future__ import annotations

import re

from ckg.loaders.extract.records import Extraction, Span
from ckg.loaders.structure import StructuredDocument

MAX_SPANS = 120
_GENERIC = re.compile(
    r"^(?:the\s+)?(?:county\s+)?(?:council|board|trust|partnership|group|panel|team|service|"
    r"services|authority|local authority|government|department|forum|committee|unit|hub|"
    r"network|directorate|commissioning|nhs trust|primary care trust)$",
    re.I,
)


def _searchable(name: str) -> bool:
    name = name.strip()
    if not name or _GENERIC.match(name):
        return False
    if re.fullmatch(r"[A-Z][A-Z&'’]{1,9}s?", name):
        return len(name) >= 2
    return len(name.split()) >= 2 and len(name) >= 6


def _pattern(names: list[str]) -> re.Pattern[str] | None:
    parts = []
    for name in sorted(set(names), key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in name.split())
        if re.fullmatch(r"[A-Z][A-Z&'’]{1,9}s?", name):
            parts.append(f"(?-i:{body})")
        else:
            parts.append(body)
    if not parts:
        return None
    return re.compile(r"(?<![\w&-])(?:" + "|".join(parts) + r")(?![\w&-])", re.I)


def add_mention_spans(doc: StructuredDocument, ex: Extraction) -> None:
    """Extend each organisation's and person's spans with every mention of its names."""
    records = [(o, [o.name, *o.aliases]) for o in ex.organisations] + [(c, [c.name]) for c in ex.contacts]
    for rec, names in records:
        pattern = _pattern([n for n in names if _searchable(n)])
        if pattern is None:
            continue
        have = set(rec.spans)
        for m in pattern.finditer(doc.text):
            if len(rec.spans) >= MAX_SPANS:
                break
            span = Span(m.start(), m.end())
            if span not in have:
                have.add(span)
                rec.spans.append(span)
