"""Funding lines in tables: resource envelopes, budget breakdowns, "£ (million)" / "£000s" columns.

Why these rules: a budget table prints one money figure per line, either with "£" in the
cell ("£2,827,361", "£1,632,000 revenue") or as a bare number under a header that gives
the unit ("£ (million)", "£000s", "£"). Each figure is one line; the label is the row's
text cells. Rows converted from PDF are garbled: a label split over two rows ("care" /
"commissioned" under "Residential and foster" / "External") is joined back, repeated
header rows are skipped, zero cells are not lines, and "Total" rows are left out (they
add up lines already taken). A row "(less £96,264 reduction ...)" is a saving attached
to the line above, paid by the same funder. Tables of rates (unit costs, per week) have
no money header and are not budget lines.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("Spend on children:\\n\\n\\t£ (million)\\nPrimary care\\t20\\nMaternity\\t7.5\\nTotal\\t27.5\\n")
>>> ctx = Context.for_document(doc, area="Oxfordshire")
>>> rows = [b for b in doc.blocks if b.kind == "table_row"]
>>> [(r.item, r.amount) for r in TableReader(ctx, theme=None).read(rows)]
[('Primary care', '20000000'), ('Maternity', '7500000')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.funding_funders import COUNCIL_FUNCTION, line_funder
from ckg.loaders.extract.money import bare_number, column_scale, decimal_str, find_amounts
from ckg.loaders.extract.records import FundingRecord, Span
from ckg.loaders.structure import Block, Cell

TBA = re.compile(r"\b(?:to be (?:advised|confirmed|agreed|determined)|TBA|TBC|TBD)\b", re.I)
_TOTAL = re.compile(r"^\s*(?:grand\s+|sub[- ]?)?totals?\b", re.I)
_KIND_WORD = re.compile(
    r"^\s*(?:revenue|capital|grant|one[- ]off|recurrent|recurring|p\.?a\.?|per\s+annum)\s*$", re.I
)
_SAVING = re.compile(r"^\s*\(?\s*(?:less|minus)\b|\b(?:reduction|saving|savings|cut)\b", re.I)
_PROSE_WORDS = 9  # a cell with more words than this beside its figure is a sentence, read as prose


def kind_of(text: str, default: str = "unknown") -> str:
    """Funding kind from the words of a line.

    >>> kind_of("Teenage Pregnancy gt"), kind_of("Youth Opportunities Capital Fund"), kind_of("PRU", "revenue")
    ('grant', 'capital', 'revenue')
    """
    t = text.lower()
    if re.search(r"\bcapital\b", t):
        return "capital"
    if re.search(r"\b(?:less|saving|savings|saved?|reductions?|cuts?)\b", t):
        return "saving"
    if re.search(r"\brevenue\b", t):
        return "revenue"
    if re.search(r"\b(?:grants?|gt|fund)\b", t):
        return "grant"
    if re.search(r"\b(?:spend|spent|spending|expenditure|costs?|costing)\b", t):
        return "spend"
    if re.search(r"\bbudgets?\b", t):
        return "revenue"
    return default


@dataclass
class _Column:
    scale: Decimal
    label: str


@dataclass
class TableReader:
    """Reads one run of table rows; ``funder``/``period``/``kind`` come from the lead-in text."""

    ctx: Context
    theme: str | None
    funder: str | None = None
    period: str | None = None
    kind: str = "unknown"
    prose_cells: list[Cell] = field(default_factory=list)
    _columns: dict[int, _Column] = field(default_factory=dict)
    _headers: list[list[str]] = field(default_factory=list)
    _prev_row: list[FundingRecord] = field(default_factory=list)
    _prev_label: list[str] = field(default_factory=list)

    def read(self, rows: list[Block]) -> list[FundingRecord]:
        out: list[FundingRecord] = []
        for row in rows:
            recs = self._row(row)
            out.extend(recs)
            self._prev_row = recs if recs else ([] if self._is_blank(row) else self._prev_row)
        if not self._columns and all(r.amount is None for r in out):
            return []  # "To be agreed" in a table of targets: no money in this table at all
        return out

    # ------------------------------------------------------------------ rows
    @staticmethod
    def _is_blank(row: Block) -> bool:
        return not any(c.text.strip() for c in row.cells)

    def _header(self, row: Block) -> bool:
        """A row that gives money columns ("£ (million)", "£000s"): remember them."""
        texts = [c.text for c in row.cells]
        if any(find_amounts(t) for t in texts) or any(len(t) > 60 for t in texts):
            return False
        scales = {i: column_scale(t) for i, t in enumerate(texts)}
        scales = {i: s for i, s in scales.items() if s is not None}
        if not scales:
            if not self._columns and not any(bare_number(t) is not None for t in texts):
                self._headers.append(texts)
            return False
        self._columns = {}
        for i, scale in scales.items():
            parts = [h[i] for h in self._headers[-2:] if i < len(h)] + [texts[i]]
            label = " ".join(p for p in parts if p)
            label = re.sub(r"£\s*\(?\s*(?:million|mn|m|[’']?000'?s?|k)?\s*\)?", " ", label, flags=re.I)
            label = re.sub(r"\s+", " ", label).strip(" -–:")
            self._columns[i] = _Column(scale, label)
        head = " ".join(t for t in texts if t)
        if self.kind == "unknown":
            self.kind = kind_of(head)
        return True

    def _row(self, row: Block) -> list[FundingRecord]:
        # a line printed between rows without tabs ("(less £96,264 reduction ...)") is a one-cell row
        cells = row.cells or [Cell(row.text, row.start, row.end)]
        texts = [c.text.strip() for c in cells]
        if not any(texts) or self._header(row):
            return []
        figures: list[
            tuple[int, Decimal, str | None, str]
        ] = []  # (cell index, amount, qualifier, extra words)
        for i, cell in enumerate(cells):
            money = find_amounts(cell.text)
            if money:
                rest = cell.text
                for m in reversed(money):
                    rest = rest[: m.start] + " " + rest[m.end :]
                if len(re.findall(r"[A-Za-z]+", rest)) > _PROSE_WORDS:
                    self.prose_cells.append(cell)
                    continue
                for m in money:
                    figures.append((i, m.amount, m.qualifier, rest.strip()))
            elif i in self._columns and (n := bare_number(cell.text)) is not None:
                figures.append((i, n * self._columns[i].scale, None, ""))
        if not figures and len(self._columns) == 1:
            numbers = [(i, bare_number(t)) for i, t in enumerate(texts) if bare_number(t) is not None]
            if len(numbers) == 1 and numbers[0][0] > 0:
                (col,) = self._columns.values()
                figures.append((numbers[0][0], numbers[0][1] * col.scale, None, ""))
        used = {i for i, *_ in figures} | {i for i, c in enumerate(cells) if c in self.prose_cells}
        label_cells = [
            t
            for i, t in enumerate(texts)
            if i not in used
            and t
            and bare_number(t) is None
            and not TBA.search(t)
            and not _KIND_WORD.match(t)
        ]
        if texts and not texts[0] and self._prev_label and label_cells:
            label_cells = [
                self._prev_label[0],
                *label_cells,
            ]  # "\tIn-house\t0\t2,145" continues "Other budgets"
        span = Span(row.start, row.end)
        if not figures:
            return self._no_figure(row, texts, label_cells, span)
        if not label_cells and len(figures) == 1 and figures[0][3]:
            label_cells = [texts[figures[0][0]]]  # the figure is part of the line as printed
            figures = [(i, a, q, "") for i, a, q, _ in figures]
        self._prev_label = label_cells or self._prev_label
        label = " – ".join(label_cells)
        if not label or _TOTAL.match(label) or len(label) > 160:
            return []
        if [t for t in texts if t] == [h for h in self._headers[-1:] for h in h if h]:
            return []
        return self._lines(label, figures, texts, span)

    def _lines(self, label: str, figures, texts: list[str], span: Span) -> list[FundingRecord]:
        out = []
        saving = bool(_SAVING.match(label)) and bool(self._prev_row)
        for i, amount, qualifier, extra in figures:
            if amount == 0:
                continue
            item = label
            column = self._columns.get(i)
            if extra and _KIND_WORD.match(extra):
                item = f"{label} ({extra.strip().lower()})"
            elif column and column.label and len(self._columns) > 1:
                item = f"{label} ({column.label})"
            own = line_funder(label, self.ctx.orgs)
            funds = _funds(label, own)
            if saving:
                prev = self._prev_row[-1]
                funder, note, funds = prev.funder, f"reduction applied to {prev.item}", prev.funds
            else:
                funder, note = own or self.funder, None
            kind = (
                "saving"
                if saving
                else kind_of(f"{label} {extra}", self.kind if self.kind != "unknown" else "revenue")
            )
            out.append(
                FundingRecord(
                    item=item,
                    amount=decimal_str(amount),
                    approximate=qualifier not in (None, "less"),
                    qualifier=qualifier,
                    kind=kind,
                    funder=funder,
                    period=self.period,
                    theme=self.theme,
                    funds=funds,
                    note=note,
                    spans=[span],
                )
            )
        return out

    def _no_figure(
        self, row: Block, texts: list[str], label_cells: list[str], span: Span
    ) -> list[FundingRecord]:
        joined = " ".join(t for t in texts if t)
        if TBA.search(joined) and label_cells and len(label_cells[0]) < 120:
            label = label_cells[0]
            self._prev_label = label_cells
            return [
                FundingRecord(
                    item=label,
                    amount=None,
                    kind="unknown",
                    funder=line_funder(label, self.ctx.orgs) or self.funder,
                    period=self.period,
                    theme=self.theme,
                    note=TBA.search(joined).group(0),
                    spans=[span],
                )
            ]
        first = next((t for t in texts if t), "")
        if self._prev_row and first[:1].islower() and len(joined) < 80:  # a label split over two rows
            parts = [*self._prev_label]
            for k, t in enumerate(t for t in texts if t):
                if k < len(parts):
                    parts[k] = f"{parts[k]} {t}"
            for rec in self._prev_row:
                old = " – ".join(self._prev_label)
                rec.item = rec.item.replace(old, " – ".join(parts), 1)
                if rec.funds == old:
                    rec.funds = " – ".join(parts)
                rec.spans.append(span)
            self._prev_label = parts
        return []


def _funds(label: str, funder: str | None) -> str | None:
    """The service a line pays for: the label without its funder prefix ("PCT - CAMHS" -> "CAMHS").

    A line that is itself the funder ("Mid Beds District Council") names no service.
    """
    m = re.match(r"^\s*[A-Za-z&'’. ]{1,40}?\s*[-–:]\s+(.+)$", label)
    if m and funder:
        return m.group(1).strip() or None
    if funder and not COUNCIL_FUNCTION.match(label):
        return None
    return label.strip() or None
