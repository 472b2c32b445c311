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
from ckg.loaders.sentences import sentence_spans
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
# A commissioning act's object after "will": "will be awarded through Lot 3", "will use a
# short-term contract", "will be involved in designing the new service and in evaluating bids".
_COMM_OBJECT = re.compile(
    r"\b(?:award(?:ed)?|let|call(?:ed)?[\s-]+off|extend(?:ed)?|transfer(?:red)?|re-?procured?|reopen(?:ed)?|"
    r"bring\s+\w+(?:\s+\w+)?\s+in-?house|brought\s+in-?house|in-?house|de-?commissioned?)\b|"
    r"\b(?:contracts?|frameworks?|placements?|lodgings|approved\s+provider\s+lists?|block\s+beds?|bids|"
    r"tenders?|lots?|sufficiency\s+strategy|market\s+position\s+statement|"
    r"(?:section\s+75\s+|partnership\s+)?agreement)\b",
    re.I,
)
# A body commits itself: "The Board will publish ...", "the Council will continue to expand ...",
# "The Partners may agree to extend it", "Officers will continue to work with ...".
_BODY_COMMITS = re.compile(
    r"(?:^|[,;:]\s+|\bthat\s+|\band\s+|\bbut\s+)(?:the\s+)?(?P<subj>(?:[A-Z][\w'’&-]*\s+(?:(?:and|of|for)\s+)?){0,6}"
    r"(?:Council|Partners|Board|ICB|CCG|Authority|Officers|Commissioners|Cabinet|Trust|Partnership|Forum|Group|"
    r"Panel|Team|Service))\s+(?:will|shall|may\s+agree\s+to|has\s+agreed\s+to|have\s+agreed\s+(?:to|that)|"
    r"intends?\s+to|plans?\s+to|proposes?\s+to|is\s+to|are\s+to)\s+(?!be\s+(?:able|expected|required|"
    r"responsible|asked|consulted|informed|notified)\b)(?:also\s+|then\s+)?[a-z]",
)
_NOT_AN_ACT = re.compile(
    r"(?:will|shall)\s+(?:not\s+)?(?:have|need|remain|mean|help|allow|include|depend|be\s+(?:able|expected|"
    r"required|responsible|subject|eligible|available|entitled|necessary|important|shared|returned|met))\b",
    re.I,
)
_PASSIVE = re.compile(r"(?:will|shall)\s+(?:also\s+)?be\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|un|lt|nt|ght)\b", re.I)
_AGENT = re.compile(
    r"\bby\s+(?:the\s+)?((?:[A-Z][\w'’&-]*\s+(?:(?:and|of|for)\s+)?){0,6}(?:Council|Partners|Board|ICB|CCG|"
    r"Authority|Officers|Commissioners|Cabinet|Trust|Partnership|Panel|Team))\b"
)
_COMM_SUBJECT = re.compile(
    r"\b(?:contracts?|frameworks?|contributions?|agreement|pooled\s+(?:fund|budget)|tenders?|bids|lots?|"
    r"placements?|scheme|service|strategy|specification|approved\s+provider\s+list)\b",
    re.I,
)
_SELF_REFERENCE = re.compile(r"^(?:This|The)\s+(?:Strategy|Plan|Document|Report|Statement)$", re.I)
_GENERIC_BODY = re.compile(
    r"(?:the\s+)?(?:Council|Partners|Board|ICB|CCG|Authority|Local\s+Authority|Officers|Commissioners|Cabinet)",
    re.I,
)
# A sentence that names who acts is an intention of its own, not the tail of the one before:
# "The Council will re-procure ... Ravensholme Parent Carer Forum will be involved in ...".
_OWN_SUBJECT = re.compile(
    r"^(?:(?:The|A|An|Each|Both|Two|Three)\s+)?(?P<subj>(?:[A-Z][\w'’&+-]*\s+(?:(?:and|of|for|in)\s+)?){1,7}?)"
    r"(?:will|shall|may|is|are)\s+(?:also\s+)?(?:be\s+)?\w+",
)
# "It is recommended that WSCC now moves on to explore ...": a recommendation in prose.
_RECOMMENDED_THAT = re.compile(r"\b(?:it\s+is|we|are|is)\s+recommend(?:ed)?\s+that\b", re.I)
# Work under way that will change a service: "WSCC is currently working with X to develop an extra
# care housing scheme", "The Network is developing an action plan", "... but due to be reviewed".
_ONGOING = re.compile(
    r"\b(?:is|are)\s+(?:currently\s+|also\s+|now\s+|already\s+)?(?:developing\s+(?:an?\s+|the\s+|new\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:plans?|schemes?|services?|protocols?|strateg(?:y|ies)|pathways?|models?|frameworks?|"
    r"specifications?|hubs?|programmes?)\b|"
    r"working\s+(?:with\s+[^.;]{1,80}?\s+)?to\s+(?:develop|establish|set\s+up|create|commission|design|review)|"
    r"re-?commissioning|re-?tendering|re-?procuring|procuring|designing|piloting|setting\s+up)\b|"
    r"\bdue\s+to\s+be\s+(?:reviewed|re-?commissioned|re-?tendered|re-?procured|decommissioned|replaced|"
    r"extended|renewed|launched|introduced)\b",
    re.I,
)
# A commissioning decision already taken: "WSCC has awarded the contract for ... to Amaze".
_DONE_DEAL = re.compile(
    r"\b(?:has|have)\s+(?:recently\s+|now\s+|also\s+)?(?:awarded|let|re-?commissioned|decommissioned|re-?tendered|"
    r"re-?procured)\s+(?:the\s+|a\s+|an\s+)?(?:new\s+)?(?:contract|framework|service|block)",
    re.I,
)
_LEAD_COMMISSIONER = re.compile(
    r"\b(?:is|are|will\s+be|acts?\s+as)\s+(?:the\s+)?lead\s+commissioners?\s+for\b", re.I
)
_INVESTING = re.compile(
    r"\b(?:is|are)\s+(?:also\s+)?(?:adding|investing|allocating|committing|contributing)\s+(?:a\s+)?"
    r"(?:one-off\s+|further\s+|additional\s+|recurrent\s+)?£",
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
# The part of a decision report that sets out what will be done.
_PROPOSAL_SECTION = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:the\s+)?proposals?|proposed\s+(?:changes|arrangements|model|approach)|"
    r"next\s+steps|implementation(?:\s+plan)?|the\s+way\s+forward|(?:preferred|recommended)\s+option|"
    r"delivery\s+arrangements)\b",
    re.I,
)
_ASKS = re.compile(
    r"(?<!\bthe\s)\b(?:should|must|needs\s+to|need\s+to\s+be|is\s+required\s+to|are\s+required\s+to)\b", re.I
)
# Decisions a report asks its deciding body to take: each is a commissioning intention.
_DECISION_START = re.compile(
    r"^(?:to\s+)?(?:approve|agree|note|delegate|authorise|authorize|endorse|confirm|adopt|award|grant|accept|"
    r"instruct|request|give|support|extend|transfer|decommission|re-?procure|procure|tender|let|bring|"
    r"not\s+renew|ask|invite|receive|recommend|consider)\b",
    re.I,
)


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
        *,
        method: str,
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
                method=method,
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
    """Who "we" commission for: the document's body if it is a commissioning body, else the council,
    else the council the document names most (a decision report is its council's)."""
    body = document_body(doc, ctx)
    rec = ctx.orgs.get(body) if body else None
    if body and (
        rec is None or rec.kind in ("local-authority", "health-body") or _COMMISSIONING_NAME.search(body)
    ):
        return body
    return ctx.orgs.council_name() or body or _most_named_council(doc, ctx)


def _most_named_council(doc: StructuredDocument, ctx: Context) -> str | None:
    """The council printed most often in the document (ties: the first printed)."""
    best: tuple[int, int, str] | None = None
    for rec in ctx.orgs.records():
        if rec.kind != "local-authority" or not re.fullmatch(r"(?:[A-Z][\w'’-]*\s+){1,4}Council", rec.name):
            continue
        count = doc.text.count(rec.name)
        first = doc.text.find(rec.name)
        if count and (best is None or (count, -first) > (best[0], -best[1])):
            best = (count, first, rec.name)
    return best[2] if best else None


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
            if recommendation and not (
                starts_with_action(text) or _ASKS.search(text) or _DECISION_START.match(text)
            ):
                continue
            if (len(text.split()) < 3 and not starts_with_action(text)) or text.endswith("?"):
                continue  # a stray title ("Commissioning Principles"), a question
            theme = _run_theme(run)
            if item.parent is not None and role == "intention" and run.role != "intention":
                theme = run.items[item.parent].text
            col.add(text, [Span(item.block.start, item.block.end)], theme, method="list-item")
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
        spans = sentence_spans(b.text)
        end = spans[0][1] if spans else len(b.text)
        title = _recommendation_title(paths[i])
        text = f"{title}: {b.text[:end]}" if title else b.text[:end]
        col.add(text, [Span(b.start, b.start + end)], _theme(paths[i]), method="list-item")
        used.add(i)


def _recommendation_title(path: tuple[str, ...]) -> str | None:
    """A numbered recommendation's own title ("3.8 Extend short breaks"), when the paragraph sits
    under one: the title says what is recommended, the paragraph how."""
    if len(path) < 2 or _RECOMMEND.search(path[-1]) or not any(_RECOMMEND.search(h) for h in path[:-1]):
        return None
    title = re.sub(
        r"^\s*(?:\d+(?:\.\d+)*\.?|[a-z][.)]|recommendation\s+\d+(?:\.\d+)*:?)\s+", "", path[-1], flags=re.I
    )
    return title.strip() or None


def _prose(doc: StructuredDocument, col: _Collector, used: set[int]) -> None:
    blocks = doc.blocks
    paths = section_paths(doc)
    for i, b in enumerate(blocks):
        if i in used or b.kind not in ("paragraph", "list_item") or len(b.text) < 20:
            continue
        if any(_PRINCIPLES.search(h) for h in paths[i][-2:]):
            continue  # a statement of principle ("we will commission only provision that ...")
        proposal = any(_PROPOSAL_SECTION.match(h) for h in paths[i])
        spans = sentence_spans(b.text)
        hits = [
            k
            for k, (a, e) in enumerate(spans)
            if _states_intention(b.text[a:e], col.ctx) or (proposal and _commits(b.text[a:e]))
        ]
        groups: list[list[int]] = []
        for k in hits:  # sentences of one intention sit together; a gap of 2+ sentences splits
            own = (m := _OWN_SUBJECT.match(b.text[spans[k][0] : spans[k][1]])) and (
                len(re.findall(r"\b[A-Z]", m.group("subj"))) >= 2
                or _GENERIC_BODY.fullmatch(m.group("subj").strip())
            )
            if groups and k - groups[-1][-1] - 1 <= 1 and not own:
                groups[-1].append(k)
            else:
                groups.append([k])
        if hits and b.kind == "list_item" and len(b.text) < 400 and len(groups) == 1:
            # the item from its first to its last intention ("... will not have to move" is not one)
            start, end = (0 if hits[0] == 0 else spans[hits[0]][0]), spans[hits[-1]][1]
            col.add(
                b.text[start:end],
                [Span(b.start + start, b.start + end)],
                _theme(paths[i]),
                method="prose-pattern",
            )
            continue
        for g in groups:
            s, e = spans[g[0]][0], spans[g[-1]][1]
            lead = re.match(r"\s*(?:\d{1,2}(?:\.\d{1,2})+\s+)?", b.text[s:e])  # "7.3 Work is ..."
            s += lead.end() if lead else 0
            who = commissioner_of(b.text[s:e], col.ctx) or _named_before(b.text[:s], col.ctx)
            col.add(
                b.text[s:e],
                [Span(b.start + s, b.start + e)],
                _theme(paths[i]),
                commissioner=who,
                method="prose-pattern",
            )
        _opportunities(doc, i, col, used)


def _states_intention(sentence: str, ctx: Context | None = None) -> bool:
    """An intention marker followed, within a few words, by a commissioning act; or a commissioning
    body's stated commitment ("The Board will publish ...", "The Partners may agree to extend it");
    or a lead-commissioning or investment statement ("The ICB is lead commissioner for Scheme 2")."""
    if _PRINCIPLE.match(sentence.strip()):
        return False
    if (
        _LEAD_COMMISSIONER.search(sentence)
        or _INVESTING.search(sentence)
        or _RECOMMENDED_THAT.search(sentence)
        or _ONGOING.search(sentence)
        or _DONE_DEAL.search(sentence)
    ):
        return True
    for mark in _INTENT_MARK.finditer(sentence):
        after = sentence[mark.start() :]
        window = " ".join(after.split()[: _WINDOW + len(mark.group(0).split())])
        if _COMM_ACT.search(window):
            return True
        if _NOT_AN_ACT.match(after) or not mark.group(0).lower().startswith(("will", "shall")):
            continue
        if _COMM_OBJECT.search(window):
            return True
        before = sentence[: mark.start()]
        if len(before.split()) <= 8 and _COMM_SUBJECT.search(before) and _PASSIVE.match(after):
            return (
                True  # "Contributions for later years will be agreed ...", "The Agreement will be reviewed"
            )
        if (
            _PASSIVE.match(after)
            and (agent := _AGENT.search(after))
            and (ctx is None or _is_body(agent.group(1), ctx))
        ):
            return True  # "... will be agreed each year by the Joint Commissioning Board"
    for m in _BODY_COMMITS.finditer(sentence):
        if not _SELF_REFERENCE.match(m.group("subj")) and (ctx is None or _is_body(m.group("subj"), ctx)):
            return True
    return False


def _commits(sentence: str) -> bool:
    """A sentence of a report's proposal that says what will be done ("A Registered Manager will be
    recruited ..."), not what will be the case ("Children will not have to move")."""
    return any(
        not _NOT_AN_ACT.match(sentence[m.start() :])
        and not re.match(r"(?:will|shall)\s+not\b", sentence[m.start() :])
        for m in re.finditer(r"\b(?:will|shall)\s+\w+", sentence)
    )


def _is_body(subject: str, ctx: Context) -> bool:
    """Whether a sentence's subject is a commissioning body: "the Council", "the Partners", a board."""
    if _GENERIC_BODY.fullmatch(subject):
        return True
    name = ctx.orgs.resolve(subject)
    rec = ctx.orgs.get(name) if name else None
    return bool(rec and rec.kind in ("local-authority", "health-body", "partnership", "team"))


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
        spans = sentence_spans(nxt.text)
        end = spans[0][1] if spans else len(nxt.text)
        col.add(
            nxt.text[:end],
            [Span(nxt.start, nxt.start + end)],
            _theme(section_paths(doc)[j]),
            method="list-item",
        )
        used.add(j)


def extract_intentions(doc: StructuredDocument, ctx: Context) -> list[IntentionRecord]:
    col = _Collector(doc, ctx)
    rows, used = table_intentions(doc)
    for r in rows:
        who = ctx.orgs.resolve(r.responsibility) if r.responsibility else None
        method = "mangled-table" if r.mangled else "table-row"
        col.add(
            r.text, r.spans, r.theme, r.timescale, who, r.action_text if r.intention else None, method=method
        )
    used |= _lists(doc, col, used)
    _recommendation_paragraphs(doc, col, used)
    _prose(doc, col, used)
    return _without_restatements(sorted(col.out, key=lambda r: (r.spans[0].start, r.spans[0].end)))


_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "or",
        "for",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "be",
        "will",
        "shall",
        "that",
        "this",
        "its",
        "their",
        "our",
        "it",
        "which",
        "who",
        "we",
        "they",
        "has",
        "have",
        "been",
        "was",
        "were",
        "under",
        "into",
        "so",
        "than",
        "not",
        "also",
        "all",
        "any",
        "each",
    ]
)


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {w[:5] if len(w) > 5 else w for w in words if w not in _STOP}


def _without_restatements(records: list[IntentionRecord]) -> list[IntentionRecord]:
    """Drop an intention that restates an earlier one: a report's milestone table or body saying
    again what a recommendation asked ("Framework extension begins" after "Agree a six-month
    extension of the Framework"). Restated = three quarters of its words (6 or more) in one earlier
    intention not four times as long (a long paragraph shares words with any short bullet)."""
    kept: list[tuple[IntentionRecord, set[str]]] = []
    for rec in records:
        stems = _stems(rec.text.split(": ", 1)[-1])
        if len(stems) >= 6 and any(
            len(stems & earlier) >= 0.75 * len(stems) and len(earlier) <= 4 * len(stems)
            for _, earlier in kept
        ):
            continue
        kept.append((rec, _stems(rec.text)))
    return [rec for rec, _ in kept]
