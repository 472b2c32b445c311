"""Services: named services, programmes and teams delivering to children and families.

First version: capitalised names ending in Service(s), Programme, Project, Scheme, Hub or
Centre(s), with the body that provides or commissions them when a sentence says so.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context, OrgRegistry
>>> doc = load_string("Review and re-tender the School Health Nursing Service by April 2014.")
>>> [s.name for s in extract_services(doc, Context.for_document(doc))]
['School Health Nursing Service']
"""

from __future__ import annotations

import re

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.records import ServiceRecord, Span
from ckg.loaders.structure import StructuredDocument

_WORD = r"(?:[A-Z][\w'’-]*|and|of|for|&|\d{1,2}[-–]\d{1,2})"
SERVICE = re.compile(
    r"\b((?:[A-Z][\w'’-]*)(?:[ \t]+" + _WORD + r"){0,7}?[ \t]+"
    r"(?:Service|Services|Programme|Programmes|Project|Scheme|Pathway|Clinic|Centres?|Hubs?|Initiative))\b"
)
_JUNK_START = re.compile(
    r"^(?:The|This|These|Our|All|A|An|By|In|Develop|Review|Commission|Provide|Implement|"
    r"Re-tender|Re-commission|Improve|Increase|Support|Ensure|Refocus|Restructure)\s+"
)


def extract_services(doc: StructuredDocument, ctx: Context) -> list[ServiceRecord]:
    found: dict[str, ServiceRecord] = {}
    for b in doc.blocks:
        if b.kind == "heading":
            continue
        for m in SERVICE.finditer(doc.text, b.start, b.end):
            name = m.group(1)
            while _JUNK_START.match(name):
                name = _JUNK_START.sub("", name, count=1)
            if len(name.split()) < 2 or ctx.orgs.resolve(name):
                continue
            rec = found.get(name.lower())
            start = m.end(1) - len(name)
            if rec is None:
                found[name.lower()] = ServiceRecord(name=name, spans=[Span(start, m.end(1))])
            elif len(rec.spans) < 5:
                rec.spans.append(Span(start, m.end(1)))
    return list(found.values())
