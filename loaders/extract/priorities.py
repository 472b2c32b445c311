"""Priorities: numbered or listed priorities, themes, objectives and outcomes a body has set.

Rules, each one a layout councils use for any plan:

- "Priority One: ...", "Priority 1 - ...", "Theme 2: ..." as a heading, list item or short
  paragraph; the list that follows it holds its "areas of focus" (``parent``);
- list items introduced by a lead-in that names priorities ("Key agreed priorities within
  the Plan are:-", "The four main statutory duties for CEF are,", "we will be focussing on
  the following:") or listed straight under a heading such as "Areas for Improvement",
  "Aims", "Objectives" (see ``priorities_lists``); an item ending "including:" takes its
  sub-items into its text; a trailing "Key measures are:" is dropped with its sub-items;
- inline lists in prose ("the five outcomes ...; Be Healthy, Stay Safe, ...") and numbered
  runs inside one cell ("Priority 1: ... Priority 2: ..."), see ``priorities_prose``;
- lists rebuilt from the objectives column of a summary table (``priorities_tables``).

``rank`` is the number printed with the item (bullets have none). ``stated_in`` is the
referenced document that states the priorities (named in the lead-in, the block before it,
a heading above it, or the table row), ``owner`` the body that set them: one named in the
lead-in or heading, the owner of the stating document, else the document's own body.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("Key agreed priorities within the Plan are:-\\n\\n1. Reduce health inequalities.\\n"
...                   "2. Improve healthy lifestyles.\\n")
>>> [(p.rank, p.text) for p in extract_priorities(doc, Context.for_document(doc))]
[(1, 'Reduce health inequalities'), (2, 'Improve healthy lifestyles')]
"""

from __future__ import annotations

import re

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.priorities_lists import (
    NOT_A_LIST_OF_AIMS,
    PRIORITY_HEADING_NUMBERED,
    WORD_NUMBERS,
    ListRun,
    lead_role,
    list_runs,
    rank_of,
    tidy,
)
from ckg.loaders.extract.priorities_owners import (
    document_body,
    find_doc_title,
    is_this_document,
    owner_of_document,
)
from ckg.loaders.extract.priorities_prose import inline_numbered, prose_list
from ckg.loaders.extract.priorities_tables import table_lists
from ckg.loaders.extract.records import PriorityRecord, Span
from ckg.loaders.structure import Block, StructuredDocument

_ORG_MENTION = re.compile(
    r"((?:[A-Z][\w'’&-]*\s+(?:(?:and|&|of|for|the)\s+)*){0,7}"
    r"(?:Trust|Board|Partnership|Council|Group|Directorate|Forum|Panel|Commission|Service|Government))\b"
    r"|\b([A-Z]{2,6})\b"
)
_TRAILING_LEAD = re.compile(
    r"[:.,]?\s*(?:we\s+will|this\s+will\s+include|this\s+includes|key\s+measures\s+are)\s*:-?\s*$", re.I
)
_MERGE_CHILDREN = re.compile(r"(?:including|looking at|such as|for example|in particular)\s*:?$", re.I)
_OWN_RANK = re.compile(r"\((?:outcome|priority|objective|theme|aim)\s+(\d{1,2})\)", re.I)
_WORD_MARK = re.compile(r"\b(?:priority|theme|objective|outcome|aim)\s+\d{1,2}\s*[:.\-–]?\s*$", re.I)
_FROM_TITLE = re.compile(r"\bfrom\s+(?:the\s+)?((?:[A-Z][\w'’&-]*\s*){2,8})")


class _Collector:
    """Priorities in document order, each stated once per stating document."""

    def __init__(self, doc: StructuredDocument, ctx: Context) -> None:
        self.doc, self.ctx = doc, ctx
        self.out: list[PriorityRecord] = []
        self.seen: set[tuple[str, str]] = set()
        self.body = document_body(doc, ctx)

    def add(
        self,
        text: str,
        rank: int | None,
        spans: list[Span],
        stated_in: str | None = None,
        owner: str | None = None,
        parent: str | None = None,
        *,
        method: str,
    ) -> PriorityRecord | None:
        if text.rstrip().endswith("?"):
            return None  # a question, not a priority
        text = tidy(text)
        if len(text) < 3 or len(text) > 320 or not re.search(r"[A-Za-z]{3}", text):
            return None
        if is_this_document(stated_in, self.ctx):
            stated_in = None
        key = (_norm(text), _title_key(stated_in))
        if key in self.seen or (stated_in is None and any(k[0] == key[0] for k in self.seen)):
            return None
        self.seen.add(key)
        if owner is None and stated_in:
            owner = owner_of_document(stated_in, self.doc, self.ctx)
        rec = PriorityRecord(
            text=text,
            rank=rank,
            owner=owner or (None if stated_in else self.body),
            stated_in=stated_in,
            parent=parent,
            spans=spans,
            method=method,
        )
        self.out.append(rec)
        return rec


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).strip()


def _title_key(title: str | None) -> str:
    words = [w for w in _norm(title or "").split() if not w.isdigit() and w not in ("the", "a", "s")]
    return " ".join(words[:3])


def _org_in(text: str, ctx: Context) -> str | None:
    """A body the registry knows, named in ``text`` (a lead-in or heading)."""
    for m in _ORG_MENTION.finditer(text):
        mention = (m.group(1) or m.group(2) or "").strip()
        for variant in (mention, re.sub(r"['’]s\b", "", mention)):
            words = variant.split()
            for k in range(len(words)):  # drop leading words until it resolves
                if name := ctx.orgs.resolve(" ".join(words[k:])):
                    return name
    return None


def _from_title(text: str) -> str | None:
    """A name after "from" that is not a body: "the five outcomes from Every Child Matters"."""
    m = _FROM_TITLE.search(text)
    if m and not _ORG_MENTION.fullmatch(m.group(1).strip()):
        return m.group(1).strip()
    return None


def _heading_source(doc: StructuredDocument, i: int, ctx: Context) -> tuple[str | None, str | None]:
    """(stated_in, owner) from the headings above block ``i``: a document title or a body's name.

    Converted Markdown levels are unreliable ("### Plan title" then "## Priority One"), so
    the two headings printed just before the block count as well as its section path.
    """
    block = doc.blocks[i]
    candidates = list(reversed(block.section[-3:]))
    seen = 0
    for j in range(i - 1, max(-1, i - 40), -1):
        if doc.blocks[j].kind == "heading" and seen < 2:
            candidates.append(doc.blocks[j].text)
            seen += 1
    for heading in candidates:
        title = find_doc_title(heading)
        if title and not is_this_document(title, ctx):
            return title, _org_in(title, ctx)
        stem = re.sub(r"\s*(?:priorities|objectives|aims|themes|outcomes)\s*:?$", "", heading, flags=re.I)
        if stem != heading and (owner := _org_in(stem, ctx)):
            return None, owner
    return None, None


def _lead_source(lead: Block | None, before: Block | None, ctx: Context) -> tuple[str | None, str | None]:
    """(stated_in, owner) named in a lead-in, or in a short block just before it."""
    if lead is None:
        return None, None
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z])", lead.text.strip())[-1]
    title = find_doc_title(sentence) or _from_title(sentence)
    if not title and before is not None and len(before.text) < 240 and len(lead.text) < 200:
        title = find_doc_title(before.text)
    owner = _org_in(lead.text, ctx)
    return title, owner


def _numbered(doc: StructuredDocument, col: _Collector) -> dict[int, tuple[str, str | None, str | None]]:
    """Blocks reading "Priority One: ..."; block index -> (text, stated_in, owner) for their sub-lists.

    A run of numbered priorities shares one source: "Priority Three" inherits the plan
    named above "Priority One".
    """
    found: dict[int, tuple[str, str | None, str | None]] = {}
    last: tuple[int | None, str | None, str | None] = (None, None, None)
    for i, b in enumerate(doc.blocks):
        if b.kind not in ("heading", "list_item", "paragraph") or len(b.text) > 240:
            continue
        m = PRIORITY_HEADING_NUMBERED.match(b.text) or re.match(
            r"^(?:[-•]\s*)?(priority)\s*:\s*(.+)$", b.text, re.I
        )
        if not m:
            continue
        n = m.group(1).lower()
        rank = int(n) if n.isdigit() else WORD_NUMBERS.get(n)
        raw = re.split(r"\s+(?:areas\s+of\s+focus|key\s+issues)\b", m.group(2), flags=re.I)[0]
        start = b.start + b.text.index(m.group(2))
        stated_in, owner = _heading_source(doc, i, col.ctx)
        if not stated_in and not owner and rank and last[0] is not None and rank == last[0] + 1:
            stated_in, owner = last[1], last[2]
        last = (rank, stated_in, owner)
        rec = col.add(raw, rank, [Span(start, start + len(raw))], stated_in, owner, method="labelled-line")
        found[i] = (rec.text if rec else tidy(raw), stated_in, owner)
    return found


def _heading_priority(doc: StructuredDocument, run: ListRun, col: _Collector) -> str | None:
    """A heading above the list that is itself a priority already found ("7b) Raising achievement ...")."""
    known = {_norm(r.text): r.text for r in col.out}
    before = [
        b.text
        for b in reversed(doc.blocks[max(0, run.first_index - 80) : run.first_index])
        if b.kind == "heading"
    ]
    for heading in [*reversed(run.section[-3:]), *before[:4]]:
        key = _norm(re.sub(r"^\s*(?:\d{1,2}[a-z]?[.)]|[a-z][.)])\s*", "", heading))
        if key in known:
            return known[key]
    return None


def _item_text(run: ListRun, k: int) -> tuple[str, bool]:
    """An item's priority text, and whether its sub-items were taken into it."""
    item = run.items[k]
    text = item.block.text.strip()
    if item.children and _MERGE_CHILDREN.search(text):
        parts = []
        for c in item.children:
            t = run.items[c].text
            parts.append(t[0].lower() + t[1:] if len(t) > 1 and t[1].islower() else t)
        return tidy(re.sub(r"\s*:\s*$", "", text)) + " " + ", ".join(parts), True
    text = _TRAILING_LEAD.sub("", text)  # "...: We will:", "... This will include:"
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    if len(sentences) > 1 and sentences[-1].rstrip().endswith((":", ":-")):
        text = " ".join(sentences[:-1])  # "... (outcome 2). Key measures are:"
    return tidy(text), False


def _lists(
    doc: StructuredDocument, col: _Collector, numbered: dict[int, tuple[str, str | None, str | None]]
) -> None:
    blocks = doc.blocks
    index = {id(b): i for i, b in enumerate(blocks)}
    for run in list_runs(doc):
        parent = None
        if run.lead is not None and index[id(run.lead)] in numbered:
            parent = numbered[index[id(run.lead)]]
        elif run.heading is not None and index[id(run.heading)] in numbered:
            parent = numbered[index[id(run.heading)]]
        parent_text = parent[0] if parent else _heading_priority(doc, run, col)
        lead_i = index[id(run.lead)] if run.lead is not None else None
        before = blocks[lead_i - 1] if lead_i else None
        stated_in, owner = _lead_source(run.lead, before, col.ctx)
        if parent and not stated_in and not owner:
            stated_in, owner = parent[1], parent[2]
        if not stated_in and not owner:
            stated_in, owner = _heading_source(doc, run.first_index, col.ctx)
        skip: set[int] = set()
        for k, item in enumerate(run.items):
            if k in skip or index[id(item.block)] in numbered:
                continue
            role = run.role
            if item.parent is not None:
                up = run.items[item.parent].block.text
                role = lead_role(up) or (None if up.rstrip().endswith(":") else role)
            if role != "priority":
                continue
            text, merged = _item_text(run, k)
            if merged:
                skip.update(item.children)
            rank = rank_of(item.block.marker)
            if m := _OWN_RANK.search(text):
                rank = int(m.group(1))
            col.add(
                text,
                rank,
                [Span(item.block.start, item.block.end)],
                stated_in,
                owner,
                parent_text,
                method="list-item",
            )


def _tables(doc: StructuredDocument, col: _Collector) -> None:
    for entry in table_lists(doc):
        owner = owner_of_document(entry.title, doc, col.ctx) if entry.title else None
        for it in entry.items:
            col.add(it.text, it.rank, it.spans, entry.title, owner, method="table-row")
        for pl, offsets in entry.prose:
            title = find_doc_title(pl.lead) or entry.title
            for text, s, e in pl.items:
                col.add(text, None, [_to_doc(offsets, s, e)], title, method="prose-pattern")


def _to_doc(offsets: list[tuple[int, int]], s: int, e: int) -> Span:
    """Map a span in joined trailer text back to the document (the piece it starts in)."""
    base, doc_start = max((o for o in offsets if o[0] <= s), default=offsets[0])
    return Span(doc_start + s - base, doc_start + e - base)


def _inline(doc: StructuredDocument, col: _Collector) -> None:
    """Numbered priorities run together in one block or cell ("Priority 1: ... Priority 2: ...")."""
    for i, b in enumerate(doc.blocks):
        for text, start in [(c.text, c.start) for c in b.cells] or [(b.text, b.start)]:
            items = inline_numbered(text)
            if len(items) < 2 or not _WORD_MARK.search(text[: items[0][2]]):
                continue
            stated_in, owner = _heading_source(doc, i, col.ctx)
            if b.cells:
                stated_in = next((t for c in b.cells if (t := find_doc_title(c.text))), None) or stated_in
            for rank, t, s, e in items:
                col.add(t, rank, [Span(start + s, start + e)], stated_in, owner, method="labelled-line")


def _prose(doc: StructuredDocument, col: _Collector) -> None:
    for b in doc.blocks:
        if b.kind not in ("paragraph", "list_item"):
            continue
        pos = 0
        while (pl := prose_list(b.text, pos)) is not None:
            pos = pl.items[-1][2]
            if NOT_A_LIST_OF_AIMS.search(pl.lead):
                continue
            title = find_doc_title(pl.lead)
            title = title or _from_title(pl.lead)
            owner = _org_in(pl.lead, col.ctx)
            for text, s, e in pl.items:
                col.add(text, None, [Span(b.start + s, b.start + e)], title, owner, method="prose-pattern")


def extract_priorities(doc: StructuredDocument, ctx: Context) -> list[PriorityRecord]:
    col = _Collector(doc, ctx)
    numbered = _numbered(doc, col)
    _lists(doc, col, numbered)
    _tables(doc, col)
    _inline(doc, col)
    _prose(doc, col)
    return sorted(col.out, key=lambda r: (r.spans[0].start, r.spans[0].end))
