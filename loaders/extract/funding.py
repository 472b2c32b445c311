"""Funding lines: every money figure attached to a service, budget or grant.

One money figure is one line. Tables (resource envelopes, budget breakdowns with "£",
"£ (million)" or "£000s" columns) are read by ``funding_tables``; running text by
``funding_prose`` (the noun phrase a figure attaches to, its period, thresholds counted
once); funders by ``funding_funders``. This module walks the document in order and keeps
what the parts share: the theme (the last heading above, numbering dropped, skipping
generic headings such as "Resource Envelope"), the budget holder a section or a table's
lead-in sentence names ("The PCT can identify a spend of approximately £98m ... broken down
into:"), and the funder of the previous sentence for "Of this, £321m ...".

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("## 6.1 Be Healthy\\n\\n## Resource Envelope\\n\\n> PCT - CAMHS\\t£2,827,361\\n"
...                   "> Domestic Violence\\tTo be advised\\n")
>>> recs = extract_funding(doc, Context.for_document(doc, area="Bedfordshire"))
>>> [(r.item, r.amount, r.funder, r.theme, r.kind) for r in recs]
[('PCT - CAMHS', '2827361', 'Bedfordshire Primary Care Trust', 'Be Healthy', 'revenue'), ('Domestic Violence', None, None, 'Be Healthy', 'unknown')]
"""

from __future__ import annotations

import re

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.funding_funders import agent_funder, body, subject_funder
from ckg.loaders.extract.funding_prose import (
    NOT_FUNDING,
    NOT_FUNDING_SENTENCE,
    PERIOD,
    describe,
    funded_statements,
    is_threshold,
    period_near,
    sentences,
)
from ckg.loaders.extract.funding_tables import TableReader, kind_of
from ckg.loaders.extract.money import decimal_str, find_amounts
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
# Sentences that go on about the figure of the sentence before ("Of this, £321m is ...").
_CONTINUES = re.compile(
    r"^\s*(?:of\s+this|of\s+which|a\s+further|the\s+remaining|the\s+rest|this|it|in\s+addition|additionally|also)\b",
    re.I,
)


def _theme_text(heading: str) -> str:
    return _NUMBERING.sub("", heading).strip() or heading


class _Walker:
    """The state of one pass over a document."""

    def __init__(self, doc: StructuredDocument, ctx: Context):
        self.doc, self.ctx = doc, ctx
        self.theme: str | None = None
        self.section_funder: str | None = None
        self.budget_section = False
        self.thresholds: set[str] = set()
        self.out: list[FundingRecord] = []

    def heading(self, block: Block) -> None:
        text = _theme_text(block.text)
        self.budget_section = bool(_BUDGET_HEADING.search(text))
        if _GENERIC_HEADING.match(text):
            return
        self.theme = text
        self.section_funder = body(text, self.ctx.orgs, budget_holder=True) if len(text) < 80 else None

    def table(self, rows: list[Block], lead: str | None) -> None:
        funder = period = None
        kind = "revenue" if self.budget_section else "unknown"
        if lead:
            for s, e in sentences(lead, 0, len(lead)):
                funder = funder or subject_funder(lead[s:e], e - s, self.ctx.orgs)
            if m := PERIOD.search(lead):
                period = re.sub(r"\s+", " ", m.group(0))
            kind = kind_of(lead, kind)
        reader = TableReader(
            self.ctx, self.theme, funder=funder or self.section_funder, period=period, kind=kind
        )
        self.out.extend(reader.read(rows))
        for cell in reader.prose_cells:
            self.prose(cell.start, cell.end)

    def prose(self, start: int, end: int, default_kind: str = "unknown") -> None:
        text, reg = self.doc.text, self.ctx.orgs
        last_funder: str | None = None
        for s, e in sentences(text, start, end):
            sentence = text[s:e]
            money = find_amounts(text, s, e)
            if money and NOT_FUNDING_SENTENCE.search(sentence):
                continue  # benchmarks: unit costs against comparator averages are not budgets
            if not money:
                self._funded_without_amount(sentence, s, e)
                last_funder = None
                continue
            items: list[str] = []
            skipped = -1
            for k, m in enumerate(money):
                a, b = m.start - s, m.end - s
                chained = k and re.fullmatch(r"\s*(?:and|to|or|-|–|,)\s*", sentence[money[k - 1].end - s : a])
                if NOT_FUNDING.search(sentence[:a]) or (chained and skipped == k - 1):
                    skipped = k  # "income between £15,000 and £19,000": not public money
                    items.append("")
                    continue
                if (
                    k
                    and re.fullmatch(r"\s*\(\s*|[^()£]*,\s*", sentence[money[k - 1].end - s : a])
                    and "(" in sentence[:a]
                ):
                    item = items[-1]  # "£91m (£43m in 2009-10, £48m in 2010-11)": parts of the same sum
                else:
                    item = describe(sentence, a, b)
                items.append(item)
                threshold = is_threshold(sentence, a, b, m.qualifier)
                if threshold:
                    key = decimal_str(m.amount)
                    if key in self.thresholds:
                        continue
                    self.thresholds.add(key)
                funder = agent_funder(sentence[a:], reg) or subject_funder(sentence, a, reg)
                if funder is None and last_funder and _CONTINUES.match(sentence):
                    funder = last_funder
                funder = funder or self.section_funder
                window = f"{item} {sentence[b : b + 30]}"
                self.out.append(
                    FundingRecord(
                        item=item,
                        amount=decimal_str(m.amount),
                        approximate=m.approximate,
                        qualifier=m.qualifier,
                        kind="unknown" if threshold else kind_of(window, kind_of(sentence, default_kind)),
                        funder=funder,
                        period=period_near(sentence, a),
                        theme=self.theme,
                        note="threshold" if threshold else None,
                        spans=[Span(s, e)],
                    )
                )
                last_funder = funder or last_funder

    def _funded_without_amount(self, sentence: str, s: int, e: int) -> None:
        """ "Story Makers was commissioned and funded by Devon County Council": a line with no amount."""
        if not re.search(r"\bfunded\b", sentence):
            return
        for subject, pos, named in funded_statements(sentence):
            funder = body(named, self.ctx.orgs) if named else agent_funder(sentence[pos:], self.ctx.orgs)
            if funder is None:
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
                    spans=[Span(s, e)],
                )
            )


def _lead_in(blocks: list[Block], i: int) -> str | None:
    """The paragraph that introduces the table starting at block ``i`` (captions skipped)."""
    j = i - 1
    while j >= 0 and blocks[j].kind == "paragraph" and _CAPTION.match(blocks[j].text) and i - j < 3:
        j -= 1
    if j >= 0 and blocks[j].kind == "paragraph" and not _CAPTION.match(blocks[j].text):
        return blocks[j].text
    return None


def _row_like(blocks: list[Block], j: int) -> bool:
    """A short line between two table rows (a row the converter lost the tabs of)."""
    b = blocks[j]
    return (
        b.kind == "paragraph"
        and len(b.text) < 120
        and "\n" not in b.text
        and j + 1 < len(blocks)
        and blocks[j + 1].kind == "table_row"
    )


def _dedupe(records: list[FundingRecord]) -> list[FundingRecord]:
    """One line per (item, amount, funder): repeated garbled cells print the same line twice."""
    seen: dict[tuple, FundingRecord] = {}
    out = []
    for r in records:
        key = (r.item.lower(), r.amount, r.funder, r.kind)
        if key in seen:
            for sp in r.spans:
                if sp not in seen[key].spans:
                    seen[key].spans.append(sp)
            continue
        seen[key] = r
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
            walker.table(blocks[i:j], _lead_in(blocks, i))
            i = j
        else:
            # a list under "The most costly groups in terms of the total cost ... are:" shares its kind
            lead = next((b.text for b in reversed(blocks[max(0, i - 30) : i]) if b.kind != "list_item"), "")
            kind = kind_of(lead) if block.kind == "list_item" and lead.rstrip().endswith(":") else "unknown"
            walker.prose(block.start, block.end, kind)
            i += 1
    return _dedupe(walker.out)
