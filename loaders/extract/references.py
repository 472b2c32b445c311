"""Referenced documents: acts, bills, strategies, plans, frameworks, guidance and reports a document names.

Titles are read in the shapes of ``references_patterns`` from every paragraph, list item
and heading, and from table *columns* (cells of one column joined down consecutive rows),
because PDF tables split a title over rows ("Oxfordshire Autism Joint" / "Commissioning
Strategy," / "2013-2017"). Variants of one title in a document ("Children & Young
People's Plan", "Children and Young People's Plan 2006 – 2009") are one reference, named
by its fullest variant; the document itself is not a reference.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.context import Context
>>> doc = load_string("# Our Plan\\n\\nThe Children Act 2004 requires a Children's Trust by 2008.")
>>> [(r.title, r.kind, r.period) for r in extract_references(doc, Context.for_document(doc))]
[('Children Act 2004', 'act', '2004')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.records import ReferenceRecord, Span
from ckg.loaders.extract.references_citations import citations, is_body, is_citation_block
from ckg.loaders.extract.references_patterns import (
    FILE_NOTE,
    KNOWN,
    LOWER_HEAD,
    NOT_A_DOCUMENT,
    QUOTED,
    TITLE,
    clean_title,
    is_attributive,
    key_of,
    kind_of,
    period_of,
)
from ckg.loaders.structure import Block, StructuredDocument

_DOC_LEAD_IN = re.compile(
    r"\b(?:documents?|polic(?:y|ies)|legislation|legislative|bills?|acts|guidance|"
    r"white\s+papers?|drivers|policy\s+context)\b",
    re.I,
)
_RESOURCES = re.compile(
    r"\b(?:resources|links|further\s+reading|bibliography|references|useful\s+(?:documents|publications)|sources)\b",
    re.I,
)
_STOP_WORDS = frozenset(["a", "an", "and", "of", "for", "the", "to", "in", "on", "with", "at", "&"])
_URLISH = re.compile(r"\S*(?:https?:|www\.|\.pdf|\.docx?|/)\S*")
# a subtitle after a title and a colon, read from where the title ends
_SUBTITLE = re.compile(r":\s+([A-Z][^,.;:()]{3,80})")


@dataclass
class _Unit:
    """A run of text to search: a block, or one column of a table run."""

    text: str
    start: int
    end: int
    block: Block | None = None


def _units(doc: StructuredDocument) -> list[_Unit]:
    out: list[_Unit] = []
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind != "table_row":
            out.append(_Unit(b.text, b.start, b.end, b))
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind == "table_row":
            j += 1
        width = max(len(r.cells) for r in blocks[i:j])
        for col in range(width):
            parts: list = []
            for r in [*blocks[i:j], None]:
                cell = r.cells[col] if r is not None and col < len(r.cells) else None
                if cell is not None and cell.text.strip():
                    parts.append(cell)
                    continue
                if parts:  # an empty cell ends the run of this column
                    out.append(_Unit(" ".join(c.text.strip() for c in parts), parts[0].start, parts[-1].end))
                    parts = []
        i = j
    return out


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if w.lower() not in _STOP_WORDS]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.75


class _Refs:
    def __init__(self, doc: StructuredDocument, ctx: Context):
        self.ctx = ctx
        self.area = ctx.area
        titles = {doc.title or "", ctx.meta.title or ""}
        self.own = {
            key_of(p, self.area) for t in titles for p in [t, *re.split(r"\s*(?::|\s[–-]\s)\s*", t)] if p
        }
        self.own |= {re.sub(r"^(?:(?:county|borough|city|district)\s+)?council\s+", "", o) for o in self.own}
        self.by_key: dict[str, ReferenceRecord] = {}

    def add(
        self, title: str, span: Span, period: str | None = None, kind: str | None = None, raw: bool = False
    ) -> None:
        if not raw:
            if (
                title.count(",") > 1
            ):  # "Needs and Disability, Work Force Planning, ..., Common Assessment Framework"
                title = title.rsplit(",", 1)[-1]
            title = clean_title(title)
            if re.search(r"(?:\b[A-Z][\w'’-]*\s+){6}[A-Z]", title) and not re.search(
                r"\b(?:and|of|for|to|the|in)\b", title
            ):
                return  # a row of headings ("Vision National Drivers Partnership Working ...")
        title = re.sub(r"\s+", " ", title).strip(" ,;:-–")
        period = period_of(period or "") or None
        if period and re.fullmatch(r"(?:19|20)\d\d", period) and re.search(r"\b(?:Act|Bill)$", title):
            title = f"{title} {period}"  # an act is named with its year
        words = title.split()
        if len(words) < 2 or len(title) > 200 or not title[:1].isupper():
            return
        if re.search(r"[a-z]- |(?:\w+-){3}", title):
            return  # a file name or a word broken over lines ("CCG- Commissioning-Contracting- Intentions")
        if re.search(r"\bDirectory$", title) and not period:
            return  # a directory with no edition is a service ("Family Information Directory")
        if NOT_A_DOCUMENT.search(re.split(r":\s", title)[0]) or re.search(r"[\t|]", title):
            return
        key = key_of(title, self.area)
        kind = kind or kind_of(title)
        if (
            not key
            or len(key.split()) < 2
            or key in self.own
            or any(o.startswith(key + " ") for o in self.own)
        ):
            return  # the document itself
        rec = self.by_key.get(key)
        if rec is None:
            self.by_key[key] = ReferenceRecord(
                title=title,
                period=period,
                kind=kind,
                publisher=self._publisher(title),
                spans=[span],
            )
            return
        if self._rank(title, key) > self._rank(rec.title, key):  # the fullest variant names the reference
            rec.title = title
            rec.publisher = rec.publisher or self._publisher(title)
        rec.period = rec.period or period
        if span not in rec.spans:
            rec.spans.append(span)

    def _rank(self, title: str, key: str) -> tuple:
        """Which variant names a reference: the area's own spelling, with its period, the longest.

        A well-known national title is named by its shortest variant ("Every Child Matters").
        """
        if key.startswith("known "):
            return (-len(title),)
        starts_with_area = bool(self.area and title.startswith(self.area))
        return (starts_with_area, bool(period_of(title)), len(title))

    def _publisher(self, title: str) -> str | None:
        """The body a title is prefixed with ("Oxfordshire CCG strategy ...") or credited to ("(Cabinet Office)")."""
        if re.search(r"\b(?:Act|Bill)(?: (?:19|20)\d\d)?$", title):
            return None  # Parliament's
        credited = re.search(r"\(([A-Z][^()]{2,60})\)\s*$", title)
        if credited and (name := self.ctx.orgs.resolve(credited.group(1))):
            return name
        words = re.sub(r"['’]s\b", "", title).replace(",", "").split()
        for n in range(min(6, len(words) - 1), 1, -1):
            prefix = " ".join(words[:n])
            if re.search(r"\b(?:Framework|Strategy|Plan|Act|Report)$", prefix):
                break  # "National Service Framework for ...": a document, not its publisher
            name = self.ctx.orgs.resolve(prefix)
            if not name:
                continue
            exact = key_of(prefix) == key_of(name) or bool(self.area and prefix.startswith(self.area))
            if exact or re.fullmatch(r"[A-Z]{2,}", prefix.split()[-1]):
                return name
        return None

    # ------------------------------------------------------------------ shapes
    def titles(self, unit: _Unit) -> None:
        text = unit.text
        at = (lambda pos: unit.start + pos) if unit.block else (lambda pos: unit.start)
        quoted: list[tuple[int, int]] = []
        for m in QUOTED.finditer(text):
            noun = clean_title(m.group("noun"))
            doc_noun = re.search(r"paper|report|strategy|guidance|plan|review", noun, re.I)
            title = m.group("title").strip(" ,.;:")
            if doc_noun and len(noun.split()) > 1:
                title = f"{title} ({noun})"  # "Our Health, Our Care, Our Say (Health White Paper)"
            quoted.append((m.start(), m.end()))
            self.add(
                title,
                Span(at(m.start("title")), at(m.end("title"))),
                kind=kind_of(noun) if doc_noun else None,
                raw=True,
            )
        for m in TITLE.finditer(text):
            if any(a <= m.start("head") < b for a, b in quoted):
                continue
            after = text[m.end() :]
            if is_attributive(after):
                continue
            title = self._subtitle(m.group("title") + m.group("tail"), after)
            start = at(m.start("title"))
            self.add(title, Span(start, max(start + 1, min(unit.end, start + len(title)))), m.group("period"))
        for m in KNOWN.finditer(text):
            if any(a <= m.start() < b for a, b in quoted):
                continue
            self.add(m.group("title"), Span(at(m.start()), at(m.end())), m.group("period"))
        for m in LOWER_HEAD.finditer(text):
            self.add(m.group("title"), Span(at(m.start()), at(m.end())), m.group("period"))
        self._file_notes(unit)

    @staticmethod
    def _subtitle(title: str, after: str) -> str:
        """ "A Strategy for Change: Improving Educational Outcomes in Oxfordshire"."""
        m = re.match(r"\s*[:–-]\s+([A-Z][^.;:()\n]{3,80})", after)
        if (
            m
            and _title_case(m.group(1))
            and not re.match(r"\s*(?:19|20)\d\d", m.group(1))
            and len(m.group(1).split()) <= 9
        ):
            sub = re.split(r"\s+(?:which|that|is|are|was|sets|will|has)\s", m.group(1))[0]
            return f"{title}: {sub.strip()}"
        return title

    def _file_notes(self, unit: _Unit) -> None:
        """Titles of linked files: "Working together to engage in commissioning (272KB, PDF)"."""
        text = unit.text
        prev = 0
        for m in FILE_NOTE.finditer(text):
            chunk = text[prev : m.start()]
            prev = m.end()
            chunk = _URLISH.sub(" ", chunk)
            chunk = re.split(
                r"(?<=[.!?])\s+|\bdownload\s+the\s+full\s+\w+,?|\bor\b\s+(?=[a-z])|\bSource:", chunk
            )[-1]
            chunk = re.sub(r"^\s*(?:read|see|link\s+to|view|access)\s+(?:the\s+)?", "", chunk, flags=re.I)
            title = re.sub(r"\s+", " ", chunk).strip(" ,;:-–")
            if len(title.split()) < 3 or not title[:1].isupper():
                continue
            period = period_of(title[-20:])
            if period and title.endswith(period):
                title = title[: -len(period)].rstrip(" ,:-–(")
            start = unit.start + m.start() - len(chunk) if unit.block else unit.start
            kind = kind_of(title)
            self.add(
                title,
                Span(max(unit.start, start), unit.start + m.end() if unit.block else unit.end),
                period,
                kind=kind if kind != "other" else "report",
            )

    def list_titles(self, blocks: list[Block]) -> None:
        """List items led by a title under "the following key policy documents:"."""
        lead = ""
        for b in blocks:
            if b.kind in ("paragraph", "heading"):
                lead = b.text
                continue
            if b.kind != "list_item":
                continue
            seg = re.split(
                r"\.\s|\.$|\s(?:which|that|sets out|outlines|requires|lays out)\s|\s[–-]\s|:", b.text
            )[0]
            # "Children's Trusts: Statutory guidance on co-operation arrangements"
            sub = _SUBTITLE.match(b.text, len(seg)) if b.text.startswith(seg) else None
            if sub and len(sub.group(1).split()) <= 10:
                seg = f"{seg}: {sub.group(1).strip()}"
            if re.search(r"[‘'\"“]", seg.replace("’s", "").replace("'s", "")):
                continue  # a quoted title: read by QUOTED
            words = seg.split()
            if not (2 <= len(words) <= 16) or not _title_case(seg) or not seg[:1].isupper():
                continue
            seg = re.split(r",\s+(?=[a-z])", seg)[0].rstrip(
                " ;,"
            )  # "Young Carers Strategy 2008-13, estimates"
            # a title printed with its year ("Youth Matters 2006."), not an action with a deadline ("by 2017")
            dated = re.search(r"(?:19|20)\d\d\W*$", seg) and not re.search(
                r"\b(?:by|in|from|until)\s+\S+$", seg
            )
            if not (_DOC_LEAD_IN.search(lead) and lead.rstrip().endswith(":")) and not dated:
                continue
            for part in re.split(r"\s+and\s+the\s+(?=[A-Z])", seg):  # "X Strategy and the Common Core of ..."
                self.add(part, Span(b.start, b.start + len(seg)), period_of(part))

    def resource_headings(self, blocks: list[Block]) -> None:
        """In a "resources and links" appendix, a heading followed by its web address names a document."""
        in_resources = False
        for k, b in enumerate(blocks[:-1]):
            if b.kind != "heading":
                continue
            if _RESOURCES.search(b.text):
                in_resources = True
                continue
            if re.match(r"^(?:appendix|annex|section|chapter|part|\d)", b.text, re.I):
                in_resources = False
            if not in_resources:
                continue
            nxt = blocks[k + 1].text.strip()
            if re.match(r"^(?:https?://|www\.)\S+$", nxt) and len(b.text.split()) >= 3:
                self.add(b.text, Span(b.start, b.end), period_of(b.text), raw=True)

    def cited(self, blocks: list[Block]) -> None:
        """Entries of a reference list and footnotes: "Department of Health (2007) Title. HMSO."."""
        for b in blocks:
            if not is_citation_block(b.kind, b.text, b.section):
                continue
            for title, year, author, s, e in citations(b.text):
                span = Span(b.start + s, b.start + e)
                kind = kind_of(title)
                self.add(title, span, year, kind=kind if kind != "other" else "report", raw=True)
                rec = self.by_key.get(key_of(re.sub(r"\s+", " ", title).strip(" ,;:-–"), self.area))
                if rec is not None and not rec.publisher and is_body(author):
                    rec.publisher = self.ctx.orgs.resolve_or_add(author, span=span)

    def merge_subtitled(self) -> None:
        """ "The Big Plan" and "The Big Plan - Making a Difference for Adults ..." are one document."""
        for key, rec in list(self.by_key.items()):
            main = re.split(r"\s*(?::|\s[-–]\s)\s*", rec.title, maxsplit=1)
            if len(main) < 2:
                continue
            short = key_of(main[0], self.area)
            if short != key and short in self.by_key and key in self.by_key:
                other = self.by_key.pop(short)
                rec.period = rec.period or other.period
                rec.spans.extend(sp for sp in other.spans if sp not in rec.spans)

    def merge_act_years(self) -> None:
        """ "the Children Act" and "the Children Act 2004" in one document are one act."""
        for key in [k for k in self.by_key if re.search(r"\b(?:act|bill)$", k)]:
            dated = [k for k in self.by_key if re.fullmatch(re.escape(key) + r" (?:19|20)\d\d", k)]
            if len(dated) == 1:
                rec = self.by_key.pop(key)
                self.by_key[dated[0]].spans.extend(
                    sp for sp in rec.spans if sp not in self.by_key[dated[0]].spans
                )


def extract_references(doc: StructuredDocument, ctx: Context) -> list[ReferenceRecord]:
    refs = _Refs(doc, ctx)
    for unit in _units(doc):
        refs.titles(unit)
    refs.list_titles(doc.blocks)
    refs.resource_headings(doc.blocks)
    refs.cited(doc.blocks)
    refs.merge_act_years()
    refs.merge_subtitled()
    return list(refs.by_key.values())
