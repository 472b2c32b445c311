"""Referenced documents: acts, bills, strategies, plans, frameworks and guidance a document names.

First version: capitalised titles ending in Act/Bill/Strategy/Plan/Framework/Guidance/
White Paper/Review/Report/Assessment, with a year or period when printed.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("The Children Act 2004 requires a Children's Trust by 2008.")
>>> [(r.title, r.kind, r.period) for r in extract_references(doc, Context.for_document(doc))]
[('Children Act 2004', 'act', '2004')]
"""

from __future__ import annotations

import re

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.records import ReferenceRecord, Span
from ckg.loaders.structure import StructuredDocument

_W = r"(?:[A-Z][\w'’-]*|and|of|for|the|to|in|on|&|[A-Z]{2,})"
_PERIOD = r"(?:[ \t,]*\(?(?:19|20)\d\d(?:\s*/\s*\d\d)?(?:\s*[-–]\s*(?:19|20)?\d\d(?:\s*/\s*\d\d)?)?\)?)?"
REF = re.compile(
    r"\b((?:[A-Z][\w'’-]*)(?:[ \t]+" + _W + r"){0,9}?[ \t]+"
    r"(Act|Bill|Strategy|Plan|Framework|Guidance|White Paper|Green Paper|Review|Report|Assessment|Agenda|Statement))"
    r"(" + _PERIOD + r")"
)
KIND = {
    "act": "act",
    "bill": "act",
    "strategy": "strategy",
    "plan": "plan",
    "framework": "guidance",
    "guidance": "guidance",
    "white paper": "other",
    "green paper": "other",
    "review": "report",
    "report": "report",
    "assessment": "report",
    "agenda": "other",
    "statement": "other",
}
_JUNK_START = re.compile(r"^(?:The|This|Our|A|An|By|In|Under|Develop|Implement|Publish|Agree|Deliver)\s+")


def extract_references(doc: StructuredDocument, ctx: Context) -> list[ReferenceRecord]:
    found: dict[str, ReferenceRecord] = {}
    own = (doc.title or "").lower()
    for b in doc.blocks:
        for m in REF.finditer(doc.text, b.start, b.end):
            title = (m.group(1) + m.group(3)).strip(" ,")
            while _JUNK_START.match(title):
                title = _JUNK_START.sub("", title, count=1)
            if len(title.split()) < 2 or title.lower() == own:
                continue
            period_m = re.search(
                r"(?:19|20)\d\d(?:\s*/\s*\d\d)?(?:\s*[-–]\s*(?:19|20)?\d\d(?:\s*/\s*\d\d)?)?", m.group(3)
            )
            key = title.lower()
            if key not in found:
                found[key] = ReferenceRecord(
                    title=title,
                    period=period_m.group(0) if period_m else None,
                    kind=KIND.get(m.group(2).lower(), "other"),
                    spans=[Span(m.end(3) - len(title), m.end(3))],
                )
    return list(found.values())
