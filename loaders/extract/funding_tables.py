"""Funding lines in tables, read by what their headers mean.

Why these rules: a budget table prints one money figure per line, either with "£" in the
cell ("£4,310,275", "£820,000 capital") or as a bare number under a header or caption that
gives the unit ("£ (million)", "£000s", "Table 4: Budget lines (£000)"). Each figure is one
line, labelled by the row's label cells. What a column is comes from its header, whatever
the layout:

- a money column: a unit ("£000s"), a money noun ("Spend", "Budget", "Annual value",
  "Contribution") or a period ("2025/26 budget", "2024/25 outturn": each cell is the line
  for that period, of the kind the header says);
- a partner column: the header names a budget holder ("Wessex City Council", "NHS Wessex
  ICB"): each cell is that body's contribution; with two or more, a "Total" column is money
  both pay into and has no single funder;
- a funder column ("Commissioned by", "Funder", "Held by", "Lead commissioner", "Partner"):
  the row's funder; a provider column ("Provider(s)", "Delivered by"): who is paid (a note);
- date, count and comment columns ("End date", "Beds", "Notes") are not part of the label.

A table comparing authorities ("Statistical neighbours", "Local authority" down the first
column) is a benchmark: only the document's own area's row is its money. Rows converted
from PDF are garbled: a label split over two rows ("care" / "commissioned" under
"Residential and foster" / "External") is joined back, repeated header rows are skipped,
"0" is a line (a nil budget) but "-" is not, a bracketed number "(1,170)" is a deduction,
and "Total" rows are lines of their own. A row "(less £81,530 reduction ...)" is a saving
attached to the line above, paid by the same funder. Tables with no unit anywhere (counts,
unit costs without "£") are not budget lines.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("Spend on children:\\n\\n\\t£ (million)\\nPrimary care\\t12\\nMaternity\\t4.5\\nTotal\\t16.5\\n")
>>> ctx = Context.for_document(doc, area="Wessex")
>>> rows = [b for b in doc.blocks if b.kind == "table_row"]
>>> [(r.item, r.amount, r.note) for r in TableReader(ctx, theme=None).read(rows)]
[('Primary care', '12000000', None), ('Maternity', '4500000', None), ('Total', '16500000', 'total')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.funding_funders import (
    COUNCIL_FUNCTION,
    body,
    line_funder,
)
from ckg.loaders.extract.funding_prose import PERIOD
from ckg.loaders.extract.money import cell_number, column_scale, decimal_str, find_amounts
from ckg.loaders.extract.records import FundingRecord, Span
from ckg.loaders.structure import Block, Cell

TBA = re.compile(r"\b(?:to be (?:advised|confirmed|agreed|determined)|TBA|TBC|TBD)\b", re.I)
_TOTAL = re.compile(r"^\s*(?:(?:grand|net|gross|overall)\s+|sub[- ]?)?totals?\b", re.I)
_KIND_WORD = re.compile(
    r"^\s*(?:revenue|capital|grant|one[- ]off|recurrent|recurring|p\.?a\.?|per\s+annum)\s*$", re.I
)
_DEDUCTION = re.compile(r"^\s*\(?\s*(?:less|minus)\b", re.I)
# Words after a period in a column header that say what the figure is: "2026/27 forecast".
_STATUS = re.compile(
    r"^\s*(?:outturn|budget|forecast|actuals?|estimated?|estimates|plan(?:ned)?|projected|projection|"
    r"provisional|indicative|approved|draft|revised|original)\s*$",
    re.I,
)
_PROSE_WORDS = 9  # a cell with more words than this beside its figure is a sentence, read as prose
# What a column header says the column is.
_MONEY_HEADER = re.compile(
    r"£|\b(?:spend|spent|spending|budgets?|costs?|value|amount|contributions?|funding|allocations?|"
    r"outturn|forecast|estimate|expenditure|income|grant|price|fee|payments?|savings?|totals?|"
    r"pooled\s+fund|investment|resources?)\b",
    re.I,
)
_FUNDER_HEADER = re.compile(
    r"\b(?:commissioned\s+by|(?:lead\s+)?commissioners?|funders?|funded\s+by|funding\s+(?:body|source|from|partner)|"
    r"source\s+of\s+funding|paid\s+by|held\s+by|budget\s+holders?|partners?|contributors?|contributed\s+by|"
    r"lead\s+(?:agency|body|organisation)|organisations?|agency|agencies|payer)\b",
    re.I,
)
_PROVIDER_HEADER = re.compile(
    r"\b(?:providers?(?:\s*\(s\))?|provided\s+by|delivered\s+by|suppliers?|contractors?|delivery\s+partners?|"
    r"operated\s+by|run\s+by)\b",
    re.I,
)
_OTHER_HEADER = re.compile(
    r"\b(?:dates?|start|starts|end|ends|expiry|expires|term|duration|length|status|notes?|comments?|rag|review|"
    r"lots?|ref(?:erence)?|no\.|numbers?|beds|places|units|children|young\s+people|families|fte|posts|hours|"
    r"nights|sessions|targets?|baseline|measures?|outcomes?|%|per\s*cent|percentage|rate|ratio|share)\b",
    re.I,
)
# First-column headers of a table comparing authorities (a benchmark) ...
_COMPARISON_HEADER = re.compile(
    r"^\s*(?:statistical\s+neighbours?|comparators?|comparator\s+authorit(?:y|ies))\b", re.I
)
# ... or of a table listing authorities, a benchmark when what it lists is a rate or an average.
_AUTHORITY_HEADER = re.compile(
    r"^\s*(?:(?:local\s+)?authorit(?:y|ies)|councils?|la|local\s+authority\s+area)\b", re.I
)
_RATE_WORDS = re.compile(
    r"\b(?:unit\s+costs?|per\s+(?:head|child|pupil|capita|week|placement)|averages?|benchmark\w*|comparis\w+)\b",
    re.I,
)
# "X, as lead authority for the Y Partnership", "X on behalf of ...": acting for others who pay.
_ON_BEHALF = re.compile(
    r"\bon\s+behalf\s+of\b|\bas\s+(?:the\s+)?(?:lead|host)\s+(?:authority|commissioner|body|agency|partner)\b",
    re.I,
)
_CAPTION_NUMBER = re.compile(r"^\s*(?:table|figure|chart)\s*[\w.]*\s*[:.–-]?\s*", re.I)
_DATE_CELL = re.compile(
    r"^\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+(?:19|20)\d\d\s*$"
    r"|^\s*\d{1,2}/\d{1,2}/(?:19|20)?\d\d\s*$",
    re.I,
)


def kind_of(text: str, default: str = "unknown") -> str:
    """Funding kind from the words of a line.

    >>> kind_of("Healthy Schools gt"), kind_of("Play Areas Capital Fund"), kind_of("Outreach", "revenue")
    ('grant', 'capital', 'revenue')
    >>> kind_of("2024/25 outturn", "revenue"), kind_of("2025/26 budget", "spend")
    ('spend', 'revenue')
    """
    t = text.lower()
    if re.search(r"\bcapital\b", t):
        return "capital"
    if re.search(r"\b(?:less|saving|savings|saved?|reductions?|cuts?)\b", t):
        return "saving"
    if re.search(r"\brevenue\b", t):
        return "revenue"
    if re.search(r"\b(?:grants?|gt)\b|(?<!pooled\s)\bfund\b", t):
        return "grant"
    if re.search(r"\bcontributions?\b", t):
        return "revenue"
    if re.search(r"\b(?:spend|spent|spending|expenditure|costs?|costing|outturn|actuals?)\b", t):
        return "spend"
    if re.search(r"\bbudgets?\b", t):
        return "revenue"
    return default


@dataclass
class _Column:
    scale: Decimal | None  # pounds per unit of a bare number in this column
    label: str  # the header without its unit
    role: str = "text"  # money | funder | provider | other | text
    period: str | None = None
    kind: str | None = None
    funder: str | None = None  # a partner column: the budget holder the header names
    by_header: bool = False  # the header says the column holds money


@dataclass
class TableReader:
    """Reads one run of table rows; ``funder``/``period``/``kind``/``scale`` come from the lead-in or caption."""

    ctx: Context
    theme: str | None
    funder: str | None = None
    period: str | None = None
    kind: str = "unknown"
    scale: Decimal | None = None  # the unit a caption gives: "Table 3: Budget lines (£000)"
    caption: str | None = None
    orgs: object = None  # the funder resolver (defaults to ctx.orgs)
    own_council: str | None = None
    prose_cells: list[Cell] = field(default_factory=list)
    _columns: dict[int, _Column] = field(default_factory=dict)
    _headers: list[list[str]] = field(default_factory=list)
    _header_rows: list[list[str]] = field(default_factory=list)
    _comparison: bool = False
    _content: dict[int, tuple[int, int]] = field(default_factory=dict)  # column -> (figure cells, word cells)
    _prev_row: list[FundingRecord] = field(default_factory=list)
    _prev_label: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.orgs is None:
            self.orgs = self.ctx.orgs

    def read(self, rows: list[Block]) -> list[FundingRecord]:
        out: list[FundingRecord] = []
        for row in rows:  # what each column holds: figures or words
            for i, c in enumerate(row.cells):
                t = c.text.strip()
                if t:
                    figure = bool(find_amounts(t)) or cell_number(t) is not None or t in ("-", "–", "—")
                    figs, words = self._content.get(i, (0, 0))
                    self._content[i] = (figs + figure, words + (not figure))
        for row in rows:
            recs = self._row(row)
            out.extend(recs)
            self._prev_row = recs if recs else ([] if self._is_blank(row) else self._prev_row)
        if all(r.amount is None for r in out):
            return []  # "To be agreed" in a table of targets: no money in this table at all
        return out

    # ------------------------------------------------------------------ headers
    @staticmethod
    def _is_blank(row: Block) -> bool:
        return not any(c.text.strip() for c in row.cells)

    @staticmethod
    def _has_figure(texts: list[str]) -> bool:
        return any(find_amounts(t) for t in texts) or any(cell_number(t) is not None for t in texts)

    def _header(self, row: Block, texts: list[str]) -> bool:
        """A row that names columns: remember it; True when it gives money columns now."""
        if self._has_figure(texts) or any(len(t) > 60 for t in texts):
            return False
        if any(column_scale(t) is not None for t in texts) or (
            not self._columns and not self._prev_row and self._looks_like_header(texts)
        ):
            self._headers.append(texts)
            self._set_columns(self._headers[-3:])
            return True
        if [t for t in texts if t] == [h for h in (self._header_rows[-1:] or [[]])[0] if h]:
            return True  # a header row repeated on a new page
        if not self._columns and not self._prev_row:
            self._headers.append(texts)
        return False

    def _looks_like_header(self, texts: list[str]) -> bool:
        """A first row of short names where some column is money, a period or a budget holder."""
        filled = [t for t in texts if t]
        if len(filled) < 2:
            return False
        return any(
            _MONEY_HEADER.search(t) or PERIOD.search(t) or self._partner(t) or _FUNDER_HEADER.search(t)
            for t in filled[1:]
        )

    def _partner(self, header: str) -> str | None:
        """The budget holder a column header names ("Wessex City Council", "ICB contribution")."""
        head = re.sub(r"\s*(?:\bcontributions?|\bshare|£.*|\(.*\))\s*$", "", header, flags=re.I).strip()
        if not re.search(r"[A-Z][A-Za-z]", head) or len(head) > 80:
            return None
        if _FUNDER_HEADER.fullmatch(head) or COUNCIL_FUNCTION.match(head) or _MONEY_HEADER.fullmatch(head):
            return None
        return body(head, self.orgs, budget_holder=True)

    def _set_columns(self, header_rows: list[list[str]]) -> None:
        self._header_rows = header_rows
        width = max(len(h) for h in header_rows)
        all_text = " ".join(" ".join(h) for h in header_rows)
        self._columns = {}
        for i in range(width):
            parts = [h[i] for h in header_rows if i < len(h) and h[i]]
            text = re.sub(r"\s+", " ", " ".join(parts)).strip()
            scale = column_scale(text)
            label = re.sub(r"£\s*\(?\s*(?:million|mn|m|[’']?000[’']?s?|k)?\s*\)?", " ", text, flags=re.I)
            label = re.sub(r"\s+", " ", label).strip(" -–:()")
            period = PERIOD.search(text)
            partner = self._partner(text) if i > 0 else None
            if i == 0 and (
                _COMPARISON_HEADER.match(text)
                or (_AUTHORITY_HEADER.match(text) and _RATE_WORDS.search(f"{self.caption or ''} {all_text}"))
            ):
                self._comparison = True
            figs, words = self._content.get(i, (0, 0))
            if words > figs:
                scale = partner = period = None  # a column of words under a money-sounding header
            col = _Column(scale, label)
            if partner:
                col.role, col.funder, col.by_header = "money", partner, True
            elif scale is not None or (i > 0 and (period or _MONEY_HEADER.search(text)) and figs >= words):
                col.role, col.by_header = "money", True
            elif _PROVIDER_HEADER.search(text):
                col.role = "provider"
            elif _FUNDER_HEADER.search(text) and i > 0:
                col.role = "funder"
            elif _OTHER_HEADER.search(text) and i > 0:
                col.role = "other"
            if col.role == "money":
                col.period = re.sub(r"\s+", " ", period.group(0)) if period else None
                rest = text.replace(period.group(0), " ") if period else ""
                if period and _STATUS.match(re.sub(r"[()]", " ", rest)):
                    col.period = re.sub(r"\s+", " ", text).strip()  # "2026/27 forecast"
                col.kind = kind_of(text, "") or None
                if (
                    _OTHER_HEADER.search(text)
                    and not scale
                    and not partner
                    and not _MONEY_HEADER.search(text)
                ):
                    col.role, col.by_header = "other", False  # "Number of places", "% of budget"
            self._columns[i] = col
        if self.kind == "unknown":
            self.kind = kind_of(" ".join(" ".join(h) for h in header_rows))

    def _scale(self, i: int) -> Decimal | None:
        col = self._columns.get(i)
        if col and col.role == "money":
            return col.scale or self.scale
        if col is None and not self._columns:
            return self.scale if self.scale is not None and i > 0 else None
        return None

    # ------------------------------------------------------------------ rows
    def _row(self, row: Block) -> list[FundingRecord]:
        # a line printed between rows without tabs ("(less £81,530 reduction ...)") is a one-cell row
        cells = row.cells or [Cell(row.text, row.start, row.end)]
        texts = [c.text.strip() for c in cells]
        if not any(texts) or self._header(row, texts):
            return []
        # (cell index, amount, qualifier, words beside the figure, printed as a deduction)
        figures: list[tuple[int, Decimal, str | None, str, bool]] = []
        for i, cell in enumerate(cells):
            col = self._columns.get(i)
            if col and col.role in ("other", "funder", "provider"):
                continue
            money = find_amounts(cell.text)
            if money:
                rest = cell.text
                for m in reversed(money):
                    rest = rest[: m.start] + " " + rest[m.end :]
                if len(re.findall(r"[A-Za-z]+", rest)) > _PROSE_WORDS:
                    self.prose_cells.append(cell)
                    continue
                negative = bool(re.fullmatch(r"\s*\(\s*£[^()]*\)\s*", cell.text))
                for m in money:
                    figures.append((i, m.amount, m.qualifier, rest.strip(), negative or m.negative))
            elif (scale := self._scale(i)) is not None and (n := cell_number(cell.text)) is not None:
                if n[0] == 0 and not (col and col.by_header) and self.scale is None:
                    continue
                figures.append((i, n[0] * scale, "less" if n[1] else None, "", n[1]))
        money_columns = [c for c in self._columns.values() if c.role == "money"]
        if not figures and len(money_columns) == 1:
            numbers = [(i, cell_number(t)) for i, t in enumerate(texts) if cell_number(t) is not None]
            if len(numbers) == 1 and numbers[0][0] > 0 and numbers[0][1][0] != 0:
                scale = money_columns[0].scale or self.scale
                if scale is not None:
                    i, (n, neg) = numbers[0]
                    figures.append((i, n * scale, "less" if neg else None, "", neg))
        used = {f[0] for f in figures} | {i for i, c in enumerate(cells) if c in self.prose_cells}
        label_cells = [
            t
            for i, t in enumerate(texts)
            if i not in used
            and t
            and self._is_label_column(i)
            and cell_number(t) is None
            and not TBA.search(t)
            and not _KIND_WORD.match(t)
            and not _DATE_CELL.match(t)
            and t not in ("-", "–", "—", "n/a", "N/A", "nil", "Nil")
        ]
        if texts and not texts[0] and self._prev_label and label_cells:
            # "\tIn-house\t0\t1,386" continues "Other budgets"
            label_cells = [self._prev_label[0], *label_cells]
        span = Span(row.start, row.end)
        if not figures:
            return self._no_figure(texts, label_cells, span)
        if not label_cells and len(figures) == 1 and figures[0][3]:
            label_cells = [texts[figures[0][0]]]  # the figure is part of the line as printed
            figures = [(i, a, q, "", n) for i, a, q, _, n in figures]
        self._prev_label = label_cells or self._prev_label
        label = " – ".join(label_cells)
        if not label or len(label) > 160:
            return []
        if self._comparison and not self._own_area(label):
            return []  # another authority's figure in a benchmark table
        return self._lines(label, figures, texts, span)

    def _is_label_column(self, i: int) -> bool:
        col = self._columns.get(i)
        return col is None or col.role == "text"

    def _own_area(self, label: str) -> bool:
        names = [n for n in (self.ctx.orgs.area, self.own_council) if n]
        places = {
            re.sub(r"\s+(?:County|City|Borough|District|Metropolitan)?\s*Council$", "", n) for n in names
        }
        return any(p and re.search(r"\b" + re.escape(p) + r"\b", label, re.I) for p in places)

    def _blank_funder(self, texts: list[str]) -> bool:
        """The row leaves its funder column blank (a total over several holders)."""
        cols = [i for i, c in self._columns.items() if c.role == "funder"]
        return bool(cols) and not any(i < len(texts) and texts[i] for i in cols)

    def _row_funder(self, texts: list[str], label: str) -> str | None:
        for i, col in self._columns.items():
            if col.role == "funder" and i < len(texts) and texts[i]:
                if _ON_BEHALF.search(texts[i]):
                    continue  # a lead authority letting a contract for a partnership: each member pays
                if name := _first_body(texts[i], self.orgs):
                    return name
        return line_funder(label, self.orgs)

    def _row_note(self, texts: list[str]) -> str | None:
        providers = [
            texts[i] for i, c in self._columns.items() if c.role == "provider" and i < len(texts) and texts[i]
        ]
        return f"provider: {'; '.join(providers)}" if providers else None

    def _lines(self, label: str, figures, texts: list[str], span: Span) -> list[FundingRecord]:
        out = []
        own = self._row_funder(texts, label)
        saving = bool(_DEDUCTION.match(label)) and bool(self._prev_row) and own is None
        money_columns = [c for c in self._columns.values() if c.role == "money"]
        partners = [c for c in money_columns if c.funder]
        total = bool(_TOTAL.match(label))
        provider_note = self._row_note(texts)
        for i, amount, qualifier, extra, negative in figures:
            if amount == 0 and not (self._columns.get(i) or self.scale):
                continue  # "£0" printed in a headerless table of lines
            item = label
            column = self._columns.get(i)
            if extra and _KIND_WORD.match(extra):
                item = f"{label} ({extra.strip().lower()})"
            elif (
                column
                and column.label
                and column.role == "money"
                and not column.period
                and len(money_columns) > 1
            ):
                item = f"{label} ({column.label})"
            if self._comparison and self.caption:
                item = f"{self.caption} – {label}"
            funds = _funds(label, own)
            note = "total" if total or (column and _TOTAL.match(column.label or "")) else None
            if saving:
                prev = self._prev_row[-1]
                funder, note, funds = prev.funder, f"reduction applied to {prev.item}", prev.funds
            elif column and column.funder:
                funder = column.funder
            elif own:
                funder = own
            elif len(partners) >= 2 or self._blank_funder(texts):
                funder = None  # a total of what several partners pay in, or a blank "Held by"
            elif self._comparison:
                funder = self.own_council
            else:
                funder = self.funder
            default = (column.kind if column and column.kind else None) or (
                self.kind if self.kind != "unknown" else "revenue"
            )
            # "Less: NHS Wessex ICB contribution": a partner's money netted off the budget, not a saving
            words = re.sub(r"^\s*\(?\s*(?:less|minus)\b\s*:?", "", label, flags=re.I) if own else label
            own_kind = kind_of(f"{words} {extra}", "")
            if saving:
                kind = "saving"
            elif own_kind not in ("", "spend") or not (column and column.kind):
                kind = own_kind or default  # the line says what it is: "Play Areas Capital Fund"
            else:
                kind = column.kind  # "2025/26 budget": the column says what its figures are
            note = note or provider_note
            if negative and not saving:
                note = f"{note}; deducted" if note else "deducted"
            out.append(
                FundingRecord(
                    item=item,
                    amount=decimal_str(amount),
                    approximate=qualifier not in (None, "less", "minus"),
                    qualifier=qualifier,
                    kind=kind,
                    funder=funder,
                    period=(column.period if column and column.period else None) or self.period,
                    theme=self.theme,
                    funds=funds,
                    note=note,
                    spans=[span],
                    method="table-row",
                )
            )
        return out

    def _no_figure(self, texts: list[str], label_cells: list[str], span: Span) -> list[FundingRecord]:
        joined = " ".join(t for t in texts if t)
        if TBA.search(joined) and label_cells and len(label_cells[0]) < 120:
            label = label_cells[0]
            self._prev_label = label_cells
            return [
                FundingRecord(
                    item=label,
                    amount=None,
                    kind="unknown",
                    funder=self._row_funder(texts, label) or self.funder,
                    period=self.period,
                    theme=self.theme,
                    note=TBA.search(joined).group(0),
                    spans=[span],
                    method="table-row",
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


def caption_topic(caption: str | None) -> str | None:
    """What a table caption says the table is, without its number: "Table 3: Budget lines (£000)" -> "Budget lines"."""
    if not caption:
        return None
    text = _CAPTION_NUMBER.sub("", caption)
    text = re.sub(r"\(\s*£[^)]*\)|\(\s*approx\w*\s*\)", " ", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip(" ,;:-–") or None


def _first_body(cell: str, reg) -> str | None:
    """The body a funder cell names: "Wessex City Council, as lead authority for ..." -> the council."""
    words = re.split(r"[,;(]", cell)[0].split()
    for j in range(min(len(words), 10), 0, -1):
        if name := body(" ".join(words[:j]), reg):
            return name
    return None


def _funds(label: str, funder: str | None) -> str | None:
    """The service a line pays for: the label without its funder prefix ("PCT - Speech Therapy" -> "Speech Therapy").

    A line that is itself the funder ("North Wessex District Council") names no service.
    """
    m = re.match(r"^\s*[A-Za-z&'’. ]{1,40}?\s*[-–:]\s+(.+)$", label)
    if m and funder:
        return m.group(1).strip() or None
    if funder and not COUNCIL_FUNCTION.match(label):
        return None
    return label.strip() or None
