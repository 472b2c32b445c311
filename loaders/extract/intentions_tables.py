"""Commissioning intentions from tables: "intention | what will we do" grids and action plans.

Two table shapes carry intentions in council documents:

- a two-column grid headed "Commissioning intention | What will we do to achieve this?",
  with theme rows ("Promoting and protecting health", or a repeated header "Commissioning
  intention Child and Adolescent Mental Health") between the intention rows;
- an action plan headed "Action | Timescale" or "Planned change | Actions | Responsibility"
  (with status columns and "Subject: ..." lines naming the theme of each block).

Converted from PDF, a printed row is often spread over several text rows: a row whose
cells start in lower case (or with a digit or bracket), or a one-word row, continues the
row above. Each action cell is split into one intention per sentence or bullet; the text
of an intention is "intention: action" when the grid has an intention column, so the
goal and the planned action stay together. Rows mangled beyond a grid (cells repeated
and interleaved many times) are handed to ``intentions_garbled``.

>>> from ckg.loaders.text import load_string
>>> doc = load_string("Commissioning intention\\tWhat will we do to achieve this?\\n"
...                   "Promoting health\\t\\n"
...                   "Better outcomes\\tRe-commission attachment services by April 2014. Review programmes.\\n")
>>> [(r.text, r.theme) for r in table_intentions(doc)[0]]
[('Better outcomes: Re-commission attachment services by April 2014', 'Promoting health'), ('Better outcomes: Review programmes', 'Promoting health')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ckg.loaders.extract.intentions_fields import timescale_of
from ckg.loaders.extract.intentions_garbled import garbled_intentions, garbled_theme
from ckg.loaders.extract.records import Span
from ckg.loaders.structure import Block, StructuredDocument

_INTENT_COL = re.compile(
    r"^(?:commissioning\s+intentions?|planned\s+changes?|intentions?|objectives?|outcomes?|"
    r"priorit(?:y|ies)|what\s+we\s+want(?:\s+to\s+achieve)?|aims?)\b",
    re.I,
)
_ACTION_COL = re.compile(
    r"^(?:what\s+will\s+we\s+do|what\s+we\s+will\s+do|how\s+will\s+we|actions?|key\s+actions|"
    r"activit(?:y|ies)|tasks?|steps|(?:key\s+)?milestones?|deliverables?|key\s+(?:dates|stages)|next\s+steps)\b",
    re.I,
)
# A milestone that is only the decision or a meeting, not something that will be done.
_GOVERNANCE_STEP = re.compile(
    r"^(?:(?:cabinet|committee|board|council|executive|panel|member|members|dmt|scrutiny|full\s+council)\s+)?"
    r"(?:decision|approval|meeting|sign-?off|call-?in(?:\s+period)?(?:\s+ends)?)s?$",
    re.I,
)
_TIME_COL = re.compile(r"^(?:timescales?|by\s+when|deadline|target\s+date|dates?|when|timing)\b", re.I)
_RESP_COL = re.compile(r"^(?:responsib\w*|lead(?:\s+officer)?|owner|who)\b", re.I)
_SUBJECT = re.compile(r"^(?:subject|theme|priority|area|workstream)\s*:\s*(.+)$", re.I)
_STATUS = re.compile(
    r"^(?:COMPLETE[D]?|IN\s+PROGRESS|YET\s+TO\s+COMMENCE|NOT\s+STARTED|ON\s+TRACK|DELAYED)\b\s*"
)
_GARBLED_CELL = 1200
_GARBLED_TEXT = re.compile(
    r"(?:^|\S\s+)(?:what\s+will\s+we\s+do|commissioning\s+intention)\b.{40,}", re.I | re.S
)


@dataclass
class _Row:
    intent: str
    action: str
    time: str
    resp: str
    theme: str | None
    spans: list[Span] = field(default_factory=list)


@dataclass
class TableIntention:
    text: str
    action_text: str
    intention: str | None
    theme: str | None
    timescale: str | None
    responsibility: str | None
    spans: list[Span]
    mangled: bool = False  # rebuilt from a grid the conversion ran together (intentions_garbled)


@dataclass
class _Columns:
    intent: int | None
    action: int
    time: int | None
    resp: int | None


def _header(row: Block) -> tuple[_Columns, str | None] | None:
    """Column roles if ``row`` is a header row, and a theme printed in the header cell."""
    cells = [c.text.strip() for c in row.cells]
    if len(cells) < 2 or any(len(c) > 90 for c in cells):
        return None
    intent = next((k for k, c in enumerate(cells) if _INTENT_COL.match(c)), None)
    action = next((k for k, c in enumerate(cells) if _ACTION_COL.match(c)), None)
    if action is None:
        return None
    time = next((k for k, c in enumerate(cells) if _TIME_COL.match(c)), None)
    resp = next((k for k, c in enumerate(cells) if _RESP_COL.match(c)), None)
    theme = None
    if intent is not None and (m := _INTENT_COL.match(cells[intent])):
        theme = cells[intent][m.end() :].strip(" :-–") or None
    return _Columns(intent, action, time, resp), theme


def _cell(row: Block, k: int | None) -> tuple[str, Span | None]:
    if k is None or k >= len(row.cells) or not row.cells[k].text.strip():
        return "", None
    c = row.cells[k]
    return c.text.strip(), Span(c.start, c.end)


def _repeats(text: str) -> bool:
    """Whether a cell repeats a stretch of its own text (a sign of a mangled conversion)."""
    if len(text) < 200:
        return False
    probes = {text[k : k + 40] for k in range(0, len(text) - 40, 20)}
    return any(text.count(p) > 1 for p in probes)


def _clean_row(b: Block) -> bool:
    """A grid row after a mangled stretch: two or more short cells, each starting a phrase."""
    cells = [c.text.strip() for c in b.cells if re.search(r"[A-Za-z]{2}", c.text)]
    return len(cells) >= 2 and all(len(c) <= 120 and c[:1].isupper() for c in cells)


def _continues(text: str) -> bool:
    """A cell that carries on the row above: lower case, a bracket, or a year ("2014).")."""
    if not text:
        return False
    if text[:1].isdigit():
        return not re.match(r"\d{1,2}[.)]\s", text)  # "2. Develop ..." starts a numbered row
    return text[:1].islower() or text[:1] in ")(&,;-–"


def _rows(doc: StructuredDocument, start: int) -> tuple[list[_Row], list[Block], int]:
    """Rows of the table whose header is block ``start``; returns rows, garbled rows, next index."""
    blocks = doc.blocks
    head = _header(blocks[start])
    assert head is not None
    cols, theme = head
    if theme is None:
        theme = _theme_before(doc, start)
    rows: list[_Row] = []
    garbled: list[Block] = []
    mangled = False  # inside a stretch the conversion mangled
    i = start + 1
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "heading":
            break
        if mangled:
            if not _clean_row(b):
                garbled.append(b)  # inside a mangled stretch until a row reads as a clean grid row
                i += 1
                continue
            mangled = False
            theme = garbled_theme(garbled) or theme
        if b.kind != "table_row":
            line = b.text.split("\n")[0].strip()
            subjects = [m.group(1).strip() for ln in b.text.split("\n") if (m := _SUBJECT.match(ln.strip()))]
            if subjects:
                theme = subjects[-1]
            elif _GARBLED_TEXT.search(b.text):
                garbled.append(b)
                mangled = True
            elif len(b.text) > 200:
                break
            elif rows and (_continues(line) or len(line.split()) == 1):
                rows[-1].intent = f"{rows[-1].intent} {line}".strip()  # a wrapped line of the last row
                rows[-1].spans.append(Span(b.start, b.end))
            elif cols.intent is not None and len(line) < 90 and not line.endswith(".") and line[:1].isupper():
                theme = line  # a theme line between intention rows
            i += 1
            continue
        if (h := _header(b)) is not None:
            cols, theme = h  # a repeated header starts a new block: its own theme or none
            i += 1
            continue
        if any(len(c.text) > _GARBLED_CELL or _repeats(c.text) for c in b.cells) or _GARBLED_TEXT.search(
            b.text
        ):
            garbled.append(b)
            mangled = True
            i += 1
            continue
        if not re.search(r"[A-Za-z]{2}", b.text):
            i += 1
            continue  # a rule line ("--\t--")
        intent, s1 = _cell(b, cols.intent)
        action, s2 = _cell(b, cols.action)
        time, s3 = _cell(b, cols.time)
        resp, _ = _cell(b, cols.resp)
        spans = [s for s in (s1, s2, s3) if s]
        i += 1
        if not spans:
            continue
        prev = rows[-1] if rows else None
        one_word = not action and len(intent.split()) == 1
        if prev and (
            _continues(intent)
            or _continues(action)
            or one_word
            or (not intent and action and cols.intent is not None)
        ):
            prev.intent = f"{prev.intent} {intent}".strip()
            prev.action = f"{prev.action} {action}".strip()
            prev.time = f"{prev.time} {time}".strip()
            prev.resp = f"{prev.resp} {resp}".strip()
            prev.spans.extend(spans)
            continue
        if (
            cols.intent is not None
            and intent
            and not action
            and len(intent) < 90
            and not intent.endswith(".")
        ):
            theme = intent  # a theme row between intention rows
            continue
        rows.append(_Row(intent, action, time, resp, theme, spans))
    return rows, garbled, i


def _theme_before(doc: StructuredDocument, start: int) -> str | None:
    """A "Subject: ..." line just before the table names its theme."""
    for j in range(start - 1, max(-1, start - 3), -1):
        b = doc.blocks[j]
        for line in reversed(b.text.split("\n")):
            if m := _SUBJECT.match(line.strip()):
                return m.group(1).strip()
        if b.kind == "heading":
            return None
    return None


def split_actions(text: str) -> list[str]:
    """One action per sentence or bullet ("A. B.  • C" -> [A, B, C]).

    >>> split_actions("Work with providers. Monitor activity (2014 / 2015).  • Agree a pathway")
    ['Work with providers', 'Monitor activity (2014 / 2015)', 'Agree a pathway']
    """
    parts = re.split(r"\s*[•·▪]\s*|(?<![A-Z]\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<=[.!?])\s+(?=[A-Z(])", text)
    return [p.strip().rstrip(".;, ").strip() for p in parts if p and len(p.strip(" .;,")) > 3]


def _tidy_intent(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^\d{1,2}[.)]\s*", "", text)
    return text.rstrip(" .;:,")


def table_intentions(doc: StructuredDocument) -> tuple[list[TableIntention], set[int]]:
    """Intentions from every intention grid and action plan; and the indices of blocks read."""
    out: list[TableIntention] = []
    used: set[int] = set()
    i = 0
    blocks = doc.blocks
    while i < len(blocks):
        if blocks[i].kind != "table_row" or _header(blocks[i]) is None:
            i += 1
            continue
        rows, garbled, nxt = _rows(doc, i)
        used.update(range(i, nxt))
        for row in rows:
            intent = _tidy_intent(row.intent)
            time_cell = _STATUS.sub("", row.time).strip()
            for action in split_actions(row.action) or ([intent] if intent else []):
                if _GOVERNANCE_STEP.match(action):
                    continue
                text = f"{intent}: {action}" if intent and action != intent else action
                out.append(
                    TableIntention(
                        text=text,
                        action_text=action,
                        intention=intent or None,
                        theme=row.theme,
                        timescale=timescale_of(time_cell)
                        or (time_cell if 0 < len(time_cell) <= 25 else None),
                        responsibility=row.resp or None,
                        spans=list(row.spans),
                    )
                )
        for g in garbled_intentions(doc, garbled):
            out.append(
                TableIntention(g.text, g.action, g.intention, g.theme, None, None, g.spans, mangled=True)
            )
        i = nxt
    return out, used
