"""Funding lines: every money figure attached to a service, budget, grant or contract.

One money figure is one line. Tables (resource envelopes, budget breakdowns with "£",
"£ (million)" or "£000s" columns, budgets by year, partner contributions, contract
registers) are read by ``funding_tables``; running text by ``funding_prose`` (the noun
phrase a figure attaches to, its period, thresholds and benchmarks counted once); funders
by ``funding_funders``. This module walks the document in order and keeps what the parts
share: the theme (the last heading above, numbering dropped, skipping generic headings
such as "Resource Envelope"), the budget holder a section names ("Lead commissioner:
Wessex City Council.") or a table's lead-in sentence names ("The PCT can identify a spend
of approximately £61m ... broken down into:"), the funder of the previous sentence for "Of
this, £12m ...", and the body writing the document, who pays for what nothing else says
is paid by someone (a council's own report on its own budget).

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("## 6.1 Be Active\\n\\n## Resource Envelope\\n\\n> PCT - Speech Therapy\\t£4,310,275\\n"
...                   "> Family Mediation\\tTo be advised\\n")
>>> recs = extract_funding(doc, Context.for_document(doc, area="Wessex"))
>>> [(r.item, r.amount, r.funder, r.theme, r.kind) for r in recs]
[('PCT - Speech Therapy', '4310275', 'Wessex Primary Care Trust', 'Be Active', 'revenue'), ('Family Mediation', None, None, 'Be Active', 'unknown')]
"""

from __future__ import annotations

import re

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.funding_funders import (
    Resolver,
    agent_funder,
    body,
    payers,
    subject_funder,
    writer,
)
from ckg.loaders.extract.funding_prose import (
    FUNDED_THROUGH,
    NOT_FUNDING,
    PERIOD,
    SAME_MEASURE,
    contract_value,
    describe,
    funded_statements,
    is_benchmark,
    is_threshold,
    period_near,
    sentences,
)
from ckg.loaders.extract.funding_tables import TableReader, caption_topic, kind_of
from ckg.loaders.extract.money import column_scale, decimal_str, find_amounts
from ckg.loaders.extract.records import FundingRecord, Span
from ckg.loaders.structure import Block, StructuredDocument

_GENERIC_HEADING = re.compile(
    r"^(?:resource\s+envelopes?|resources?|budgets?|funding|finance|financial\s+(?:resources|information)|"
    r"table\s+\d+.*|contents?)$",
    re.I,
)
_BUDGET_HEADING = re.compile(r"resource\s+envelope|budget|funding|finance", re.I)
_NUMBERING = re.compile(
    r"^\s*(?:(?:section|part|chapter)\s+)?(?:\d+(?:\.\d+)*\.?|[a-z][.)]|\d+[a-z]\))(?:\s+|(?=[A-Z]))"
)
_CAPTION = re.compile(r"^\s*(?:table|figure|chart|source)\b", re.I)
# Sentences that go on about the figure of the sentence before ("Of this, £12m is ...").
_CONTINUES = re.compile(
    r"^\s*(?:of\s+this|of\s+which|a\s+further|the\s+remaining|the\s+rest|this|it|in\s+addition|additionally|also)\b",
    re.I,
)
# "Lead commissioner: Wessex City Council." names who pays for the rest of the section.
_SECTION_PAYER = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?:lead\s+commissioner|commissioner|funder|funded\s+by|budget\s+holder|"
    r"lead\s+(?:agency|partner|body|organisation))\s*[:–-]\s*(?P<body>[^.;:]{3,100})",
    re.I,
)
# A figure about the country, not the writer's own budget: "nationally, councils spend £11bn".
_NATIONAL = re.compile(
    r"\b(?:nationally|nationwide|across\s+(?:england|the\s+country|the\s+uk)|in\s+england|england['’]s|"
    r"the\s+national\s+(?:budget|spend|total|funding|programme|allocation)|(?:all|other)\s+(?:local\s+)?"
    r"(?:authorities|councils))\b",
    re.I,
)
# Money that goes on between numbers of the same sum: "£20m (£8m in 2009-10, £12m in 2010-11)".
_CHAIN = re.compile(r"\s*(?:and|to|or|-|–|,)\s*")


# A lead-in that introduces the table after it: "... are summarised below", "as follows:", "broken down into:".
_INTRODUCES = re.compile(
    r"\b(?:below|as\s+follows|the\s+following|broken\s+down|set\s+out\s+in|(?:this|the)\s+table|"
    r"table\s+\d+)\b|:\s*$",
    re.I,
)


def _introduces(lead: str) -> bool:
    """A paragraph that presents the table after it: it says so, or it is one sentence (a summary line)."""
    return bool(_INTRODUCES.search(lead)) or len(sentences(lead, 0, len(lead))) == 1


def _theme_text(heading: str) -> str:
    return _NUMBERING.sub("", heading).strip() or heading


class _Walker:
    """The state of one pass over a document."""

    def __init__(self, doc: StructuredDocument, ctx: Context):
        self.doc, self.ctx = doc, ctx
        own_council, self.writer = writer(doc, ctx.orgs)
        self.orgs = Resolver(ctx.orgs, own_council)
        self.own_council = own_council
        self.theme: str | None = None
        self.section_funder: str | None = None
        self.budget_section = False
        self.thresholds: set[str] = set()
        self.benchmarks: set[str] = set()
        self.prose_ids: set[int] = set()  # lines read from running text (the rest are table lines)
        self.out: list[FundingRecord] = []

    def heading(self, block: Block) -> None:
        text = _theme_text(block.text)
        self.budget_section = bool(_BUDGET_HEADING.search(text))
        if _GENERIC_HEADING.match(text):
            return
        self.theme = text
        name = re.sub(r"\s*\([^()]*\)\s*$", "", text)  # "The Skills Agency (TSA)"
        self.section_funder = body(name, self.orgs, budget_holder=True) if len(name) < 80 else None

    def _lead_funder(self, lead: str) -> str | None:
        """The one budget holder a table's lead-in names as its owner; None if it names several."""
        named = {
            name for s, e in sentences(lead, 0, len(lead)) for name in payers(lead[s:e], e - s, self.orgs)
        }
        return named.pop() if len(named) == 1 else None

    def table(self, rows: list[Block], lead: str | None, caption: str | None) -> None:
        funder = period = scale = None
        kind = "revenue" if self.budget_section else "unknown"
        if lead:
            funder = self._lead_funder(lead) if _introduces(lead) else None
            if m := PERIOD.search(lead):
                period = re.sub(r"\s+", " ", m.group(0))
            kind = kind_of(lead, kind)
            scale = column_scale(lead) if re.search(r"£\s*(?:\(|m\b|k\b|[’']?000)", lead) else None
        if caption:
            if m := PERIOD.search(caption):
                period = re.sub(r"\s+", " ", m.group(0))
            kind = kind_of(caption, kind)
            scale = column_scale(caption) or scale
        reader = TableReader(
            self.ctx,
            self.theme,
            funder=funder or self.section_funder or self.writer,
            period=period,
            kind=kind,
            scale=scale,
            caption=caption_topic(caption),
            orgs=self.orgs,
            own_council=self.own_council,
        )
        self.out.extend(reader.read(rows))
        for cell in reader.prose_cells:
            self.prose(cell.start, cell.end)

    def prose(self, start: int, end: int, default_kind: str = "unknown") -> None:
        text, reg = self.doc.text, self.orgs
        last_funder: str | None = None
        for s, e in sentences(text, start, end):
            sentence = text[s:e]
            if m := _SECTION_PAYER.match(sentence):
                self.section_funder = _named(m.group("body"), reg) or self.section_funder
            money = find_amounts(text, s, e)
            if not money:
                self._funded_without_amount(sentence, s, e)
                last_funder = None
                continue
            items: list[str] = []
            kinds: list[str] = []  # "", "threshold" or "benchmark" of each figure
            skipped = -1
            positions = tuple(m.start - s for m in money)
            for k, m in enumerate(money):
                a, b = m.start - s, m.end - s
                gap = sentence[money[k - 1].end - s : a] if k else ""
                chained = bool(k and _CHAIN.fullmatch(gap))
                payer = agent_funder(sentence[a:], reg, sentence[:a])
                if (NOT_FUNDING.search(sentence[:a]) and not payer) or (chained and skipped == k - 1):
                    skipped = k  # "income between £15,000 and £19,000": not public money
                    items.append("")
                    kinds.append("")
                    continue
                if k and re.fullmatch(r"\s*\(\s*|[^()£]*,\s*", gap) and "(" in sentence[:a]:
                    item = items[-1]  # "£20m (£8m in 2009-10, £12m in 2010-11)": parts of the same sum
                elif k and items[-1] and SAME_MEASURE.fullmatch(gap):
                    item = items[-1]  # "£80k in 2026/27 and £1.1m in 2027/28", "£5,210, up from £3,960"
                else:
                    item = describe(sentence, a, b)
                items.append(item)
                threshold = is_threshold(sentence, a, b, m.qualifier)
                benchmark = not threshold and (
                    is_benchmark(sentence, a) or bool(chained and kinds and kinds[-1] == "benchmark")
                )
                kinds.append("threshold" if threshold else "benchmark" if benchmark else "")
                if threshold or benchmark:
                    key = decimal_str(m.amount)
                    seen = self.thresholds if threshold else self.benchmarks
                    if key in seen:
                        continue
                    seen.add(key)
                contract = None if threshold or benchmark else contract_value(sentence, a, b)
                if contract:
                    item = items[-1] = contract[0]
                funder = payer or subject_funder(sentence, a, reg)
                if contract and contract[1] and funder and funder == body(contract[1], reg):
                    funder = None  # the party to a contract is paid, it does not pay
                if benchmark:
                    funder = None  # other authorities' average, not this body's money
                elif not threshold:  # nobody pays a threshold: it is a rule about purchases
                    if funder is None and last_funder and _CONTINUES.match(sentence):
                        funder = last_funder
                    funder = (
                        funder or self.section_funder or (None if _NATIONAL.search(sentence) else self.writer)
                    )
                window = f"{item} {sentence[b : b + 30]}"
                note = kinds[-1] or (f"provider: {contract[1]}" if contract and contract[1] else None)
                if m.upper is not None:
                    range_note = f"range £{decimal_str(m.amount)} to £{decimal_str(m.upper)}"
                    note = f"{note}; {range_note}" if note else range_note
                self.out.append(
                    FundingRecord(
                        item=item,
                        amount=decimal_str(m.amount),
                        approximate=m.approximate,
                        qualifier=m.qualifier,
                        kind="unknown"
                        if threshold or benchmark
                        else kind_of(window, kind_of(sentence, "revenue" if contract else default_kind)),
                        funder=funder,
                        period=period_near(sentence, a, b, positions),
                        theme=self.theme,
                        note=note,
                        spans=[Span(s, e)],
                        method="prose-pattern",
                    )
                )
                self.prose_ids.add(id(self.out[-1]))
                if not (threshold or benchmark):
                    last_funder = funder or last_funder

    def _funded_without_amount(self, sentence: str, s: int, e: int) -> None:
        """ "Story Makers was commissioned and funded by Wessex County Council": a line with no amount."""
        if not re.search(r"\bfunded\b", sentence):
            return
        for subject, pos, named in funded_statements(sentence):
            funder = body(named, self.orgs) if named else agent_funder(sentence[pos:], self.orgs)
            through = FUNDED_THROUGH.search(sentence, pos)
            if funder is None and through is None:
                continue
            self.out.append(
                FundingRecord(
                    item=subject,
                    amount=None,
                    kind=kind_of(sentence[pos:], "unknown") if "grant" in sentence.lower() else "unknown",
                    funder=funder,
                    period=period_near(sentence, pos),
                    theme=self.theme,
                    funds=subject,
                    note=f"funded through the {through.group('source')}" if through and not funder else None,
                    spans=[Span(s, e)],
                    method="prose-pattern",
                )
            )


def _named(text: str, reg) -> str | None:
    """The body a "Lead commissioner: ..." line names, longest words first."""
    words = re.split(r"[,(]", text)[0].split()
    for j in range(min(len(words), 10), 0, -1):
        if name := body(" ".join(words[:j]), reg):
            return name
    return None


def _lead_in(blocks: list[Block], i: int) -> tuple[str | None, str | None]:
    """(the paragraph that introduces the table starting at block ``i``, its caption)."""
    j = i - 1
    caption = None
    # a caption may come out as a short paragraph or as a heading, depending on the layout
    while (
        j >= 0 and blocks[j].kind in ("paragraph", "heading") and _CAPTION.match(blocks[j].text) and i - j < 3
    ):
        if re.match(r"^\s*(?:table|figure|chart)\b", blocks[j].text, re.I) and caption is None:
            caption = blocks[j].text
        j -= 1
    if j >= 0 and blocks[j].kind == "paragraph" and not _CAPTION.match(blocks[j].text):
        return blocks[j].text, caption
    return None, caption


def _row_like(blocks: list[Block], j: int) -> bool:
    """A short line between two table rows (a row the converter lost the tabs of), not a caption."""
    b = blocks[j]
    return (
        b.kind == "paragraph"
        and len(b.text) < 120
        and "\n" not in b.text
        and not re.match(r"^\s*(?:table|figure|chart)\s*[\w.]*\s*[:.–-]", b.text, re.I)
        and j + 1 < len(blocks)
        and blocks[j + 1].kind == "table_row"
    )


def _dedupe(records: list[FundingRecord]) -> list[FundingRecord]:
    """One line per (item, amount, funder): repeated garbled cells print the same line twice."""
    seen: dict[tuple, FundingRecord] = {}
    out = []
    for r in records:
        key = (r.item.lower(), r.amount, r.funder, r.kind, r.period)
        if key in seen:
            for sp in r.spans:
                if sp not in seen[key].spans:
                    seen[key].spans.append(sp)
            continue
        seen[key] = r
        out.append(r)
    return out


_YEARLY = re.compile(
    r"\b(?:per\s+annum|per\s+year|a\s+year|annual(?:ly)?|each\s+year|every\s+year|yearly|p\.?a\.?)\b", re.I
)
_BARE_TOTAL = re.compile(r"(?:grand\s+|net\s+|gross\s+|sub[- ]?)?totals?", re.I)
_KIND_FAMILY = {
    "spend": "running",
    "revenue": "running",
    "grant": "running",
    "capital": "capital",
    "saving": "saving",
}


def _periods_agree(p: str | None, q: str | None) -> bool:
    """Two periods that may be the same: one missing, equal, a common year, or a year and "per annum"."""
    if not p or not q or p.lower() == q.lower():
        return True
    years_p, years_q = set(re.findall(r"(?:19|20)\d\d", p)), set(re.findall(r"(?:19|20)\d\d", q))
    if years_p & years_q:
        return True
    words = {re.sub(r"\W+", " ", x.lower()).split()[-1] for x in (p, q)}
    if len(words) == 1:
        return True  # "over eight years" and "term of eight years"
    return bool((_YEARLY.search(p) and (years_q or _YEARLY.search(q))) or (_YEARLY.search(q) and years_p))


def _same_money(r: FundingRecord, t: FundingRecord) -> bool:
    if r.amount is None or r.amount != t.amount:
        return False
    if r.note != t.note and (r.note or t.note) in ("threshold", "benchmark"):
        return False
    if r.funder and r.funder != t.funder:
        return False  # a restatement may leave out who pays, not name someone else
    kinds = {_KIND_FAMILY.get(x, x) for x in (r.kind, t.kind) if x != "unknown"}
    return len(kinds) <= 1 and _periods_agree(r.period, t.period)


def _merge_restatements(records: list[FundingRecord], prose_ids: set[int]) -> list[FundingRecord]:
    """A figure restated in running text is one line: its mention joins the line it restates.

    Why: a decision report states the same sum in its summary, recommendations, proposal and
    financial implications, and a table's lead-in repeats the table's total. A prose figure
    joins a table line of its own section with the same amount, funder, kind and period (the
    lead-in or a comment on the table), or an earlier prose line in another section (a
    restatement); figures of one section's prose (the items of one list) stay apart.
    """
    out: list[FundingRecord] = []
    tables = [t for t in records if id(t) not in prose_ids]
    for r in records:
        if id(r) in prose_ids:
            target = next((t for t in tables if t.theme == r.theme and _same_money(r, t)), None) or next(
                (t for t in out if id(t) in prose_ids and t.theme != r.theme and _same_money(r, t)), None
            )
            if target is not None:
                target.spans.extend(sp for sp in r.spans if sp not in target.spans)
                if target.note == "total" and _BARE_TOTAL.fullmatch(target.item):
                    target.item = f"{target.item}: {r.item}"  # the lead-in says what the total is of
                target.funder = target.funder or r.funder
                continue
        out.append(r)
    return out


def extract_funding(doc: StructuredDocument, ctx: Context) -> list[FundingRecord]:
    walker = _Walker(doc, ctx)
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind in ("heading", "title"):
            walker.heading(block)
            i += 1
        elif block.kind == "table_row":
            j = i
            while j < len(blocks) and (blocks[j].kind == "table_row" or _row_like(blocks, j)):
                j += 1
            walker.table(blocks[i:j], *_lead_in(blocks, i))
            i = j
        else:
            # a list under "The most costly groups in terms of the total cost ... are:" shares its kind
            lead = next((b.text for b in reversed(blocks[max(0, i - 30) : i]) if b.kind != "list_item"), "")
            kind = kind_of(lead) if block.kind == "list_item" and lead.rstrip().endswith(":") else "unknown"
            walker.prose(block.start, block.end, kind)
            i += 1
    return _dedupe(_merge_restatements(walker.out, walker.prose_ids))
