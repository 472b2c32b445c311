"""Commissioning intentions: what a body intends to commission, re-commission, decommission or develop.

First version: list items under a "Commissioning Intentions"-like heading, rows of tables
headed "Commissioning intention", and sentences saying "will (re-)commission/tender".

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context, OrgRegistry
>>> doc = load_string("## 6.0 Commissioning Intentions\\n\\n### 6.1 Be Healthy\\n\\n"
...                   "- Develop 18 more children's centres by 2008;\\n")
>>> r = extract_intentions(doc, Context.for_document(doc))[0]
>>> r.text, r.action, r.timescale, r.priority
("Develop 18 more children's centres by 2008", 'develop', 'by 2008', '6.1 Be Healthy')
"""

from __future__ import annotations

import re

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.records import IntentionRecord, Span
from ckg.loaders.structure import StructuredDocument

_SECTION = re.compile(
    r"commissioning\s+(?:intentions?|plans?|priorities|work\s+programme)|action\s+plan|"
    r"what\s+we\s+will\s+(?:do|commission)",
    re.I,
)
_ACTIONS = (
    "re-commission",
    "recommission",
    "decommission",
    "de-commission",
    "commission",
    "re-tender",
    "retender",
    "tender",
    "procure",
    "develop",
    "review",
    "implement",
    "provide",
    "increase",
    "reduce",
    "improve",
    "establish",
    "extend",
    "expand",
    "introduce",
    "evaluate",
    "redesign",
    "re-design",
    "roll out",
    "pilot",
    "ensure",
    "deliver",
    "explore",
    "agree",
    "create",
    "strengthen",
    "map",
    "target",
    "use",
)
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
TIMESCALE = re.compile(
    rf"\b(?:by|from|before|during|until|in|for)\s+(?:the\s+end\s+of\s+)?(?:{_MONTHS}\s+)?(?:19|20)\d\d(?:\s*/\s*\d\d)?\b"
    rf"|\((?:19|20)\d\d\s*/\s*\d\d\)|\b(?:{_MONTHS})\s+(?:19|20)\d\d\b",
    re.I,
)


def action_of(text: str) -> str | None:
    t = text.strip().lower()
    for a in _ACTIONS:
        if t.startswith(a):
            return {
                "recommission": "re-commission",
                "retender": "re-tender",
                "de-commission": "decommission",
                "re-design": "redesign",
            }.get(a, a)
    m = re.search(r"\b(re-commission|recommission|decommission|commission|re-tender|tender)\w*", t)
    return m.group(1).replace("recommission", "re-commission") if m else None


def timescale_of(text: str) -> str | None:
    m = TIMESCALE.search(text)
    return m.group(0).strip("() ") if m else None


def _theme(section: tuple[str, ...]) -> str | None:
    for heading in reversed(section):
        if not _SECTION.search(heading) and not re.search(r"resource envelope", heading, re.I):
            return heading
    return None


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(";,.")


def extract_intentions(doc: StructuredDocument, ctx: Context) -> list[IntentionRecord]:
    out: list[IntentionRecord] = []
    seen: set[str] = set()

    def add(text: str, start: int, end: int, theme: str | None) -> None:
        text = _tidy(text)
        key = text.lower()
        if len(text) < 12 or key in seen:
            return
        seen.add(key)
        out.append(
            IntentionRecord(
                text=text,
                action=action_of(text),
                timescale=timescale_of(text),
                priority=theme,
                spans=[Span(start, end)],
            )
        )

    for b in doc.blocks:
        in_section = any(_SECTION.search(h) for h in b.section)
        if b.kind == "list_item" and in_section:
            add(b.text, b.start, b.end, _theme(b.section))
        elif b.kind == "table_row" and in_section and len(b.cells) >= 2:
            if re.search(r"commissioning intention", b.text, re.I):
                continue
            for c in b.cells[1:]:
                if len(c.text) > 15:
                    add(c.text, c.start, c.end, b.cells[0].text or _theme(b.section))
        elif b.kind == "paragraph":
            for m in re.finditer(
                r"[^.]*\bwill\s+(?:be\s+)?(?:re-?commission|decommission|commission|re-?tender)"
                r"[^.]*\.",
                b.text,
                re.I,
            ):
                add(m.group(0), b.start + m.start(), b.start + m.end(), _theme(b.section))
    return out
