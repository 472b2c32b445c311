"""Funding lines: every money figure attached to a service, budget or grant.

First version: table rows with an amount cell (resource envelopes, budget tables, with
"£ (million)" columns scaled), rows that say "To be advised", and sentences with "£".
Funders come from a body named in the line ("PCT - CAMHS") or "provided/funded by X".

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context, OrgRegistry
>>> doc = load_string("## 6.1 Be Healthy\\n\\n> PCT - CAMHS\\t£2,827,361\\n> Domestic Violence\\tTo be advised\\n")
>>> recs = extract_funding(doc, Context.for_document(doc, area="Bedfordshire"))
>>> [(r.item, r.amount, r.funder, r.theme) for r in recs]
[('PCT - CAMHS', '2827361', 'Bedfordshire Primary Care Trust', '6.1 Be Healthy'), ('Domestic Violence', None, None, '6.1 Be Healthy')]
"""

from __future__ import annotations

import re

from ckg.loaders.extract.context import Context, OrgRegistry
from ckg.loaders.extract.money import decimal_str, find_amounts, parse_amount
from ckg.loaders.extract.records import FundingRecord, Span
from ckg.loaders.structure import Block, StructuredDocument

_TBA = re.compile(r"\b(?:to be (?:advised|confirmed|agreed)|TBA|TBC)\b", re.I)
_MILLION_HEADER = re.compile(r"£\s*\(?\s*(?:million|m)\s*\)?|£m\b", re.I)
_BY = re.compile(
    r"\b(?:provided|funded|paid|given|allocated|awarded|contributed)\s+by\s+(?:the\s+)?"
    r"([A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|and|of|for|&))*)"
)
_PREFIX_FUNDER = re.compile(r"^\s*([A-Za-z&'’ ]{2,40}?)\s*[-–:]\s+\S")


def _kind(text: str) -> str:
    t = text.lower()
    if re.search(r"\bcapital\b", t):
        return "capital"
    if re.search(r"\brevenue\b", t):
        return "revenue"
    if re.search(r"\b(?:saving|savings|reduction|less|cut|cuts)\b", t):
        return "saving"
    if re.search(r"\b(?:grant|gt|fund)\b", t):
        return "grant"
    if re.search(r"\b(?:spend|spent|spending|expenditure)\b", t):
        return "spend"
    if re.search(r"\bbudget\b", t):
        return "revenue"
    return "unknown"


def _theme(block: Block) -> str | None:
    for heading in reversed(block.section):
        if not re.search(r"resource envelope|^resources?$|budget", heading, re.I):
            return heading
    return block.section[-1] if block.section else None


def _funder_of(item: str, reg: OrgRegistry, span: Span) -> str | None:
    m = _PREFIX_FUNDER.match(item)
    if m:
        name = reg.resolve(m.group(1).strip())
        if name:
            return reg.resolve_or_add(m.group(1).strip(), span=span)
    head = re.split(r"[(\t]", item)[0].strip()
    if reg.resolve(head):
        return reg.resolve_or_add(head, span=span)
    m = _BY.search(item)
    if m and reg.resolve(m.group(1)):
        return reg.resolve_or_add(m.group(1), span=span)
    return None


def extract_funding(doc: StructuredDocument, ctx: Context) -> list[FundingRecord]:
    out: list[FundingRecord] = []
    million_table = False
    for block in doc.blocks:
        if block.kind == "heading":
            million_table = False
            continue
        if block.kind == "table_row":
            if _MILLION_HEADER.search(block.text) and not find_amounts(block.text):
                million_table = True
                continue
            cells = [c for c in block.cells if c.text]
            if not cells:
                continue
            label_cells = [
                c
                for c in cells
                if not find_amounts(c.text)
                and not _TBA.search(c.text)
                and not re.fullmatch(r"[\d.,%\s]+", c.text)
            ]
            amounts = find_amounts(block.text)
            label = label_cells[0].text if label_cells else cells[0].text
            span = Span(block.start, block.end)
            if amounts:
                money = amounts[0]
                if label_cells and len(label_cells[0].text) > 160:
                    continue
                out.append(
                    FundingRecord(
                        item=label,
                        amount=decimal_str(money.amount),
                        approximate=money.approximate,
                        qualifier=money.qualifier,
                        kind=_kind(block.text),
                        funder=_funder_of(label, ctx.orgs, span),
                        theme=_theme(block),
                        spans=[span],
                    )
                )
            elif million_table and label_cells and len(cells) >= 2:
                number = next((c.text for c in cells if re.fullmatch(r"\d+(?:\.\d+)?", c.text)), None)
                if number:
                    amount = parse_amount(number, "million")
                    out.append(
                        FundingRecord(
                            item=label,
                            amount=decimal_str(amount),
                            kind=_kind(block.text),
                            funder=_funder_of(label, ctx.orgs, span),
                            theme=_theme(block),
                            spans=[span],
                        )
                    )
            elif _TBA.search(block.text) and label_cells and len(cells) <= 3 and len(label) < 120:
                out.append(
                    FundingRecord(
                        item=label,
                        amount=None,
                        kind="unknown",
                        note="To be advised",
                        funder=_funder_of(label, ctx.orgs, span),
                        theme=_theme(block),
                        spans=[span],
                    )
                )
            continue
        for money in find_amounts(doc.text, block.start, block.end):
            sentence_start = max(doc.text.rfind(". ", block.start, money.start) + 2, block.start)
            sentence_end = doc.text.find(". ", money.end, block.end)
            sentence_end = block.end if sentence_end < 0 else sentence_end + 1
            sentence = doc.text[sentence_start:sentence_end].strip()
            span = Span(sentence_start, sentence_end)
            out.append(
                FundingRecord(
                    item=sentence[:300],
                    amount=decimal_str(money.amount),
                    approximate=money.approximate,
                    qualifier=money.qualifier,
                    kind=_kind(sentence),
                    funder=_funder_of(sentence, ctx.orgs, span),
                    theme=_theme(block),
                    spans=[span],
                )
            )
    return out
