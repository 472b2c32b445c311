"""Priorities: numbered or listed priorities, themes, objectives and outcomes.

First version: "Priority One: ..." headings, and list items that follow a lead-in naming
priorities ("The three priorities ... are:", "Key agreed priorities ... are:-").

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context, OrgRegistry
>>> doc = load_string("Key agreed priorities within the Plan are:-\\n\\n1. Reduce health inequalities.\\n"
...                   "2. Improve healthy lifestyles.\\n")
>>> [(p.rank, p.text) for p in extract_priorities(doc, Context.for_document(doc))]
[(1, 'Reduce health inequalities'), (2, 'Improve healthy lifestyles')]
"""

from __future__ import annotations

import re

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.records import PriorityRecord, Span
from ckg.loaders.structure import StructuredDocument

_LEAD_IN = re.compile(
    r"\b(?:priorit(?:y|ies)|themes?|objectives?|outcomes?|aims?)\b.*[:\-]\s*-?$", re.I | re.S
)
_PRIORITY_HEADING = re.compile(
    r"^Priority\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*[:.\-–]\s*(.+)$", re.I
)
_WORD_NUM = {
    w: i
    for i, w in enumerate(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], 1)
}


def _rank(marker: str) -> int | None:
    m = re.match(r"\(?(\d{1,2})", marker)
    return int(m.group(1)) if m else None


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".;,")


def extract_priorities(doc: StructuredDocument, ctx: Context) -> list[PriorityRecord]:
    out: list[PriorityRecord] = []
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        if b.kind == "heading" and (m := _PRIORITY_HEADING.match(b.text)):
            n = m.group(1).lower()
            rank = int(n) if n.isdigit() else _WORD_NUM.get(n)
            text = re.split(r"\s+Areas of focus", m.group(2))[0]
            out.append(PriorityRecord(text=_tidy(text), rank=rank, spans=[Span(b.start, b.end)]))
            continue
        if b.kind in ("paragraph", "heading") and _LEAD_IN.search(b.text) and len(b.text) < 400:
            j = i + 1
            position = 0
            while j < len(blocks) and blocks[j].kind == "list_item":
                item = blocks[j]
                if item.level == 0:
                    position += 1
                    out.append(
                        PriorityRecord(
                            text=_tidy(item.text),
                            rank=_rank(item.marker) or position,
                            spans=[Span(item.start, item.end)],
                        )
                    )
                j += 1
    return out
