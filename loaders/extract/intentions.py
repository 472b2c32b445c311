"""Commissioning intentions: what a body intends to commission, re-commission, decommission or develop.

Where they are found, in any council's documents:

- tables: "Commissioning intention | What will we do to achieve this?" grids and action
  plans ("Action | Timescale", "Planned change | Actions | Responsibility"), see
  ``intentions_tables`` (and ``intentions_garbled`` for grids the conversion mangled);
- list items whose lead-in or section makes them intentions (see ``priorities_lists``):
  under a "Commissioning Intentions" heading and its theme sub-headings, after "We will:",
  in an action plan or a commissioning work programme;
- recommendations of a needs assessment, when they ask for an action ("Commissioners
  should review ...", "Develop arrangements to ...", "Extend the short breaks service ...").
  Recommendations that only describe a problem are not intentions: a needs assessment's
  recommendations are de-facto commissioning intentions exactly when they direct an action;
- prose: a sentence that states an intention (will, intends, the intention is, envisaged,
  direction of travel, requires ... to) about commissioning (commission, re-commission,
  tender, procure, contracts, pooled or aligned budgets), and paragraphs listing current
  commissioning opportunities ("Current opportunities advertised on the Portal are below").

The commissioner is the body the text or the Responsibility column names, else the
document's own body ("we"); the priority is the theme the intention sits under (a theme
row, a "Subject:" line, the sub-heading of the intentions section).

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("## 6.0 Commissioning Intentions\\n\\n### 6.1 Be Healthy\\n\\n"
...                   "- Develop 12 more family hubs by 2011;\\n")
>>> r = extract_intentions(doc, Context.for_document(doc))[0]
>>> r.text, r.action, r.timescale, r.priority
('Develop 12 more family hubs by 2011', 'develop', 'by 2011', 'Be Healthy')
"""

from __future__ import annotations

import re

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.intentions_fields import action_of, commissioner_of, service_of, timescale_of
from ckg.loaders.extract.intentions_tables import table_intentions
from ckg.loaders.extract.priorities_lists import (
    INTENTION_SECTION,
    ListRun,
    lead_role,
    list_runs,
    section_paths,
    starts_with_action,
)
from ckg.loaders.extract.priorities_owners import document_body
from ckg.loaders.extract.records import IntentionRecord, Span
from ckg.loaders.structure import StructuredDocument

_INTENT_MARK = re.compile(
    r"\b(?:will|shall|intends?\s+to|intention\s+is|plans?\s+to|planning\s+to|propose[sd]?\s+to|"
    r"is\s+to|are\s+to|envisaged|direction\s+of\s+travel|being\s+undertaken\s+to|aims?\s+to|"
    r"going\s+to|due\s+to\s+be|(?i:requires?)\s+(?:the\s+)?[A-Z][\w\s]*?\s+to)\b",
)
_COMM_ACT = re.compile(
    r"(?:^\s*|\b(?:will|to|shall|would|should|must|can|could|may|and|or|we|they|jointly|also|then)\s+(?:\w+\s+)?)"
    r"(?:re-?\s?|de-?)?commission\b(?!\s+(?:for|on)\s+[A-Z])|"
    r"\b(?:be|been|being|is|are|was|were)\s+(?:\w+\s+)?(?:re-?|de-?)?commissioned\b|"
    r"\b(?:re-?|de-?)?commissioning\s+(?:for|a|an|new|more|additional|effective|services?|support|"
    r"in\s+which|[a-z]+\s+services?)\b|\bresponsibility\s+for\s+commissioning\b|"
    r"\b(?:re-?)?tender(?:ed|ing)?\b(?!\s+(?:process|exercise)\b)|\bprocure(?:d|ment\s+of)?\b|"
    r"\bwill\s+be\s+(?:advertised|renegotiated|re-negotiated|awarded|let|"
    r"re-?procured|de-?commissioned)\b|"
    r"\b(?:align|pool|join\s+up)\w*\s+(?:\w+\s+)?(?:funding|budgets?|resources)\b|\bpooled\s+budget|"
    r"\bcommissioning\s+unit\b",
    re.I,
)
_PRINCIPLE = re.compile(
    r"^(?:all\s+|our\s+|the\s+|any\s+)?(?:commissioning|procurement|tendering|contracting)\b"
    r"[^.]{0,60}?\b(?:will|should|must)\b",
    re.I,
)
_PRINCIPLES = re.compile(r"\bprinciples?\b|\bvalues\b", re.I)
_WINDOW = 12  # words between "will"/"intends"/... and the commissioning act it governs
_OPPORTUNITIES = re.compile(r"\bopportunit(?:y|ies)\b[^.]*\b(?:below|as\s+follows|following)\b", re.I)
_OPPORTUNITY_TEXT = re.compile(r"advertis|tender|contract|approved\s+provider|procure", re.I)
_RECOMMEND = re.compile(r"\brecommend", re.I)
_ASKS = re.compile(
    r"(?<!\bthe\s)\b(?:should|must|needs\s+to|need\s+to\s+be|is\s+required\s+to|are\s+required\s+to)\b", re.I
)
_SENTENCE = re.compile(r"(?:[^.!?]|[.!?](?!\s+[A-Z'‘\"“(]|\s*$))+[.!?]?", re.S)


class _Collector:
    def __init__(self, doc: StructuredDocument, ctx: Context) -> None:
        self.ctx = ctx
        self.body = _commissioning_body(doc, ctx)
        self.out: list[IntentionRecord] = []
        self.seen: set[str] = set()

    def add(
        self,
        text: str,
        spans: list[Span],
        priority: str | None,
        timescale: str | None = None,
        commissioner: str | None = None,
        service_text: str | None = None,
    ) -> None:
        text = re.sub(r"\s+", " ", text).strip().strip(";,").rstrip(".").strip()
        key = re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
        if len(text) < 12 or key in self.seen or not spans:
            return
        self.seen.add(key)
        action_part = text.split(": ", 1)[-1]
        self.out.append(
            IntentionRecord(
                text=text,
                action=action_of(action_part) or action_of(text),
                commissioner=commissioner or commissioner_of(action_part, self.ctx) or self.body,
                timescale=timescale or timescale_of(action_part) or timescale_of(text),
                priority=priority,
                service=service_of(service_text or action_part) or service_of(text),
                spans=spans,
            )
        )


_COMMISSIONING_NAME = re.compile(
    r"\b(?:council|authority|trust|partnership|board|commissioning|directorate|department|ccg|pct|icb|nhs|"
    r"children'?s\s+services|public\s+health)\b",
    re.I,
)
_MENTION = re.compile(
    r"\b(?:[Tt]he\s+)?(?:(?:[A-Z][\w'’&-]*|and|of|for)\s+){0,6}?"
    r"(?:Council|Authority|Trust|Partnership|Board|Group|Directorate|CCG|PCT|OCCG|ICB)\b"
)


def _commissioning_body(doc: StructuredDocument, ctx: Context) -> str | None:
    """Who "we" commission for: the document's body if it is a commissioning body, else the council."""
    body = document_body(doc, ctx)
    rec = ctx.orgs.get(body) if body else None
    if body and (
        rec is None or rec.kind in ("local-authority", "health-body") or _COMMISSIONING_NAME.search(body)
    ):
        return body
    return ctx.orgs.council_name() or body


def _named_before(text: str, ctx: Context) -> str | None:
    """The commissioning body last named in ``text`` (the paragraph before an intention sentence)."""
    found = None
    for m in _MENTION.finditer(text):
        name = ctx.orgs.resolve(m.group(0))
        rec = ctx.orgs.get(name) if name else None
        if name and (rec is None or rec.kind in ("local-authority", "health-body", "partnership", "team")):
            found = name
    return found


def _theme(section: tuple[str, ...]) -> str | None:
    """The theme an item sits under: the innermost heading that is not the intentions heading."""
    for heading in reversed(section):
        if INTENTION_SECTION.search(heading) or re.search(r"resource\s+envelope|appendix", heading, re.I):
            continue
        return re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?|[a-z]\))\s+", "", heading).strip() or None
    return None


def _run_theme(run: ListRun) -> str | None:
    """The theme of a list: its heading, or a short title-like line just before it."""
    lead = run.lead
    if lead is None or lead.kind == "heading":
        return _theme(run.section)
    text = lead.text.strip()
    if (
        len(text) <= 80
        and not lead_role(text)
        and not INTENTION_SECTION.search(text)
        and not text.endswith(":")
    ):
        return re.sub(r"[.:]+$", "", text)
    heading_near = run.heading is not None and run.first_index - blocks_between(run) <= 5
    return _theme(run.section) if heading_near else None


def blocks_between(run: ListRun) -> int:
    """Block index of the run's heading (to tell whether the heading is close above the list)."""
    return run.heading_index if run.heading_index is not None else -100


def _is_recommendation(run: ListRun) -> bool:
    texts = [run.lead.text if run.lead is not None else "", *run.section]
    return any(_RECOMMEND.search(t) for t in texts)


def _lists(doc: StructuredDocument, col: _Collector, used: set[int]) -> set[int]:
    """Intentions from lists; returns the blocks read (lists of principles are read and skipped)."""
    taken: set[int] = set()
    index = {id(b): i for i, b in enumerate(doc.blocks)}
    for run in list_runs(doc):
        lead = run.lead.text[-300:] if run.lead is not None else ""
        under = run.section[-1:] if run.lead is None or run.lead.kind == "heading" else ()
        if _PRINCIPLES.search(lead) or any(_PRINCIPLES.search(h) for h in under):
            taken.update(index[id(it.block)] for it in run.items)  # principles, not intentions
            continue
        recommendation = _is_recommendation(run)
        for item in run.items:
            role = run.role
            if item.parent is not None:
                up = run.items[item.parent].block.text
                role = lead_role(up) or role
            i = index[id(item.block)]
            if role != "intention" or i in used:
                continue
            text = item.text
            if recommendation and not (starts_with_action(text) or _ASKS.search(text)):
                continue
            if (len(text.split()) < 3 and not starts_with_action(text)) or text.endswith("?"):
                continue  # a stray title ("Commissioning Principles"), a question
            theme = _run_theme(run)
            if item.parent is not None and role == "intention" and run.role != "intention":
                theme = run.items[item.parent].text
            col.add(text, [Span(item.block.start, item.block.end)], theme)
            taken.add(i)
    return taken


def _recommendation_paragraphs(doc: StructuredDocument, col: _Collector, used: set[int]) -> None:
    """An action paragraph under a recommendation heading ("3.8 Extend short breaks" + "Extend ...")."""
    paths = section_paths(doc)
    for i, b in enumerate(doc.blocks):
        if i in used or b.kind != "paragraph" or not any(_RECOMMEND.search(h) for h in paths[i]):
            continue
        if not starts_with_action(b.text) or len(b.text) > 600:
            continue
        first = _SENTENCE.match(b.text)
        end = first.end() if first else len(b.text)
        col.add(b.text[:end], [Span(b.start, b.start + end)], _theme(paths[i]))
        used.add(i)


def _prose(doc: StructuredDocument, col: _Collector, used: set[int]) -> None:
    blocks = doc.blocks
    paths = section_paths(doc)
    for i, b in enumerate(blocks):
        if i in used or b.kind not in ("paragraph", "list_item") or len(b.text) < 20:
            continue
        if any(_PRINCIPLES.search(h) for h in paths[i][-2:]):
            continue  # a statement of principle ("we will commission only provision that ...")
        hits = [m for m in _SENTENCE.finditer(b.text) if m.group(0).strip() and _states_intention(m.group(0))]
        groups: list[list[re.Match[str]]] = []
        for m in hits:  # sentences of one intention sit together; a gap of 2+ sentences splits
            if groups and _gap(b.text, groups[-1][-1].end(), m.start()) <= 1:
                groups[-1].append(m)
            else:
                groups.append([m])
        if hits and b.kind == "list_item":
            groups = [[hits[0], hits[-1]]] if len(b.text) < 400 else groups
            if len(b.text) < 400:
                col.add(b.text, [Span(b.start, b.end)], _theme(paths[i]))
                continue
        for g in groups:
            s, e = g[0].start(), g[-1].end()
            lead = re.match(r"\s*(?:\d{1,2}(?:\.\d{1,2})+\s+)?", b.text[s:e])  # "7.3 Work is ..."
            s += lead.end() if lead else 0
            who = commissioner_of(b.text[s:e], col.ctx) or _named_before(b.text[:s], col.ctx)
            col.add(b.text[s:e], [Span(b.start + s, b.start + e)], _theme(paths[i]), commissioner=who)
        _opportunities(doc, i, col, used)


def _states_intention(sentence: str) -> bool:
    """An intention marker followed, within a few words, by a commissioning act."""
    if _PRINCIPLE.match(sentence.strip()):
        return False
    for mark in _INTENT_MARK.finditer(sentence):
        after = sentence[mark.start() :]
        window = " ".join(after.split()[: _WINDOW + len(mark.group(0).split())])
        if _COMM_ACT.search(window):
            return True
    return False


def _gap(text: str, a: int, b: int) -> int:
    return sum(1 for m in _SENTENCE.finditer(text[a:b]) if m.group(0).strip())


def _opportunities(doc: StructuredDocument, i: int, col: _Collector, used: set[int]) -> None:
    """Paragraphs after "Current opportunities advertised on the Portal are below"."""
    b = doc.blocks[i]
    if not _OPPORTUNITIES.search(b.text):
        return
    for j in range(i + 1, min(len(doc.blocks), i + 8)):
        nxt = doc.blocks[j]
        if nxt.kind == "heading":
            break
        if nxt.kind != "paragraph" or not _OPPORTUNITY_TEXT.search(nxt.text):
            continue
        first = _SENTENCE.match(nxt.text)
        end = first.end() if first else len(nxt.text)
        col.add(nxt.text[:end], [Span(nxt.start, nxt.start + end)], _theme(section_paths(doc)[j]))
        used.add(j)


def extract_intentions(doc: StructuredDocument, ctx: Context) -> list[IntentionRecord]:
    col = _Collector(doc, ctx)
    rows, used = table_intentions(doc)
    for r in rows:
        who = ctx.orgs.resolve(r.responsibility) if r.responsibility else None
        col.add(r.text, r.spans, r.theme, r.timescale, who, r.action_text if r.intention else None)
    used |= _lists(doc, col, used)
    _recommendation_paragraphs(doc, col, used)
    _prose(doc, col, used)
    return sorted(col.out, key=lambda r: (r.spans[0].start, r.spans[0].end))
