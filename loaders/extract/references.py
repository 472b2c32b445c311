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
from bisect import bisect_right
from dataclasses import dataclass

from ckg.loaders.extract.context import Context
from ckg.loaders.extract.methods import stronger
from ckg.loaders.extract.records import ReferenceRecord, Span
from ckg.loaders.extract.references_citations import citations, is_body, is_citation_block
from ckg.loaders.extract.references_patterns import (
    APPOSED,
    AUTHORS_WORK,
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
    known_kind,
    period_of,
)
from ckg.loaders.extract.references_prose import prose_references, survey_key
from ckg.loaders.sentences import sentence_spans
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
# Headings of the list of documents a report rests on (decision reports, agreements, appendices)
_PAPER_LIST = re.compile(
    r"(?:list\s+of\s+)?(?:background\s+(?:papers|documents|reading|information)|supporting\s+(?:documents|papers)|"
    r"documents?\s+referred\s+to|documents\s+(?:used|consulted)|related\s+documents|source\s+documents|"
    r"appendices|annexes|appendix|annex)\s*:?$",
    re.I,
)
# "Source: DWP Stat-Explore", "Sources: ONS mid-year estimates; School Census"
_SOURCE = re.compile(
    r"(?:^|(?<=\s))Sources?\s*:\s*([^\n]+?)(?=\s+(?:Notes?|Sources?)\s*:|\.\s+[A-Z]|\.?\s*\n|\.?\s*$)"
)
# what is said of a framework that is a contract: providers are appointed to it, places bought through it
_PROCUREMENT = re.compile(
    r"\b(?:procure\w*|re-?procure\w*|tender\w*|lots?\s+\d|call-?off|spot[- ]purchas\w*|dynamic\s+purchasing|"
    r"providers?\s+(?:on|appointed)|appointed\s+to|(?:let|awarded)\s+(?:and|by|to|in|the|for)|"
    r"(?:purchas|buy|bought|commission)\w*\s+(?:[\w-]+\s+){0,3}(?:through|from|via|under)|"
    r"places\s+on|framework\s+agreement|extension\s+of)\b",
    re.I,
)


_PERSON = r"[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z'’-]+"
_AUTHORS = re.compile(r",\s+" + _PERSON + r"(?:(?:,\s+|\s+and\s+|\s*&\s*)" + _PERSON + r")+\b.*$")


# "Sellick et al. 2004 and Munro & Hardy 2007", "Dahlgren and Whitehead": authors and years, no title
_AUTHOR_YEARS = re.compile(
    r"(?:[A-Z][a-z'’-]+(?:\s+(?:and|&)\s+[A-Z][a-z'’-]+)?(?:\s+et\s+al\.?)?,?\s*\(?(?:(?:19|20)\d\d[a-z]?)?\)?"
    r"(?:\s*(?:and|&|;|,)\s*)?)+"
)
_SOURCE_NOTE = re.compile(r"\b(?:not|where|which|relates?|excludes?|based\s+on|refers?|figures?\s+are)\b")


def _title_from_address(url: str) -> str:
    """ "https://www.gov.uk/.../characteristics-of-children-in-need-2014-to-2015" -> its words."""
    slug = [p for p in re.split(r"[/?#]", url.rstrip("/")) if p][-1]
    slug = re.sub(r"\.(?:html?|pdf|aspx?|php)$", "", slug)
    words = [w for w in re.split(r"[-_]+", slug) if w]
    if len(words) < 3 or not all(re.fullmatch(r"[a-z0-9]+", w) for w in words):
        return ""
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


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
        rows = blocks[i:j]
        if _contents(rows):
            i = j
            continue
        width = max(len(r.cells) for r in rows)
        # a row of labels and values ("Report to | Cabinet") or a header row ("Arrangement |
        # Provider(s)") is not the first line of a title wrapped down its column
        cells_alone = _key_value(rows)
        header = rows[0] if len(rows) >= 3 and not cells_alone else None
        for col in range(width):
            parts: list = []
            for r in [*rows, None]:
                cell = r.cells[col] if r is not None and col < len(r.cells) else None
                if cell is not None and cell.text.strip():
                    if cells_alone or r is header:
                        out.append(_Unit(cell.text.strip(), cell.start, cell.end))
                        continue
                    parts.append(cell)
                    continue
                if parts:  # an empty cell ends the run of this column
                    out.append(_Unit(" ".join(c.text.strip() for c in parts), parts[0].start, parts[-1].end))
                    parts = []
        i = j
    return out


def _key_value(rows: list[Block]) -> bool:
    """Rows of two cells, a label and its value, all filled: a cover sheet or a form, not a wrapped table."""
    filled = [[c for c in r.cells if c.text.strip()] for r in rows]
    return (
        len(rows) >= 3
        and all(len(f) == 2 for f in filled)
        and all(len(f[0].text.split()) <= 5 for f in filled)
    )


def _contents(rows: list[Block]) -> bool:
    """A table of contents: section names against page numbers (the document's own parts)."""
    last = [next((c.text.strip() for c in reversed(r.cells) if c.text.strip()), "") for r in rows]
    return len(rows) >= 3 and sum(1 for t in last if re.fullmatch(r"\d{1,3}", t)) >= 0.8 * len(rows)


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
        self.method = "name-pattern"  # how the shape being read reads (loaders.extract.methods)

    def add(
        self,
        title: str,
        span: Span,
        period: str | None = None,
        kind: str | None = None,
        raw: bool = False,
        source: bool = False,
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
        dated = re.search(r"\s*\(([^()]*\b(?:19|20)\d\d\b[^()]*)\)$", title)
        if dated and dated.start() > 0:  # "Sufficiency Strategy 2023–2026 (Cabinet, 14 March 2023)"
            period = period or period_of(dated.group(1))
            title = title[: dated.start()].rstrip(" ,;:-–")
        period = period_of(period or "") or None
        if (
            period
            and re.fullmatch(r"(?:19|20)\d\d", period)
            and re.search(r"\b(?:Act|Bill|Regulations)$", title)
        ):
            title = f"{title} {period}"  # an act or a statutory instrument is named with its year
        words = title.split()
        if (
            len(words) < 2
            or len(title) > 200
            or not (title[:1].isupper() or (source and title[:1].isdigit()))
        ):
            return
        if re.search(r"[a-z]- |(?:\w+-){3}", title):
            return  # a file name or a word broken over lines ("CCG- Commissioning-Contracting- Intentions")
        if re.search(r"\bDirectory$", title) and not period:
            return  # a directory with no edition is a service ("Family Information Directory")
        if NOT_A_DOCUMENT.search(re.split(r":\s", title)[0]) or re.search(r"[\t|]", title):
            return
        key = key_of(title, self.area)
        kind = kind or known_kind(title) or kind_of(title)
        main = key_of(re.split(r":\s", title)[0], self.area)
        if (
            not key
            or len(key.split()) < 2
            or key in self.own
            or main in self.own
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
                method=self.method,
            )
            return
        rec.method = stronger(rec.method, self.method)
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
        self.method = "name-pattern"
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
        self.method = "vocabulary"  # national_documents.txt
        for m in KNOWN.finditer(text):
            if any(a <= m.start() < b for a, b in quoted):
                continue
            self.add(m.group("title"), Span(at(m.start()), at(m.end())), m.group("period"))
        self.method = "name-pattern"
        for m in LOWER_HEAD.finditer(text):
            self.add(m.group("title"), Span(at(m.start()), at(m.end())), m.group("period"))
        for m in APPOSED.finditer(text):
            group = "title" if m.group("title") else "named"
            title = m.group(group).strip()
            if group == "named" and (
                sum(w[:1].isupper() for w in title.split()) < 2 or re.search(r"\d", title)
            ):
                continue  # "(see below)", "(2015 data)": a remark in brackets, not a title
            kind = kind_of(m.group(0)) if kind_of(title) == "other" else kind_of(title)
            self.add(
                title, Span(at(m.start(group)), at(m.end(group))), m.group("period"), kind=kind, raw=True
            )
        for m in AUTHORS_WORK.finditer(text):
            title = m.group("title")
            kind = kind_of(title)
            self.add(
                title,
                Span(at(m.start("title")), at(m.end("title"))),
                m.group("period"),
                kind=kind if kind != "other" else "report",
                raw=True,
            )
        self._file_notes(unit)
        self.method = "prose-pattern"
        for title, kind, period, s, e in prose_references(text, self.ctx.orgs.resolve):
            self.add(title, Span(at(s), at(e)), period, kind=kind, raw=True, source=True)

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

    def paper_lists(self, blocks: list[Block]) -> None:
        """Every item under "Background papers", "Documents referred to" or "Appendices" names a document.

        Decision reports and agreements list what they rest on at the end, one document an item,
        with its publisher in front and its date in brackets: "Department for Education, Stable
        Homes: Implementation Strategy (February 2023)", "Report to Cabinet, 12 November 2024: X".
        """
        for b in blocks:
            if b.kind not in ("list_item", "paragraph") or not b.section:
                continue
            heading = _PAPER_LIST.match(re.sub(r"^[\d.]+\s*", "", b.section[-1].strip()))
            if not heading:
                continue
            attachments = bool(re.match(r"(?:appendi|annex)", heading.group(0), re.I))
            for line in b.text.split("\n"):
                item = re.sub(r"^\s*(?:[-•*]|\d+[.)]|[a-z][.)])\s+", "", line).strip(" .;")
                if not item or len(item) > 220 or not item[:1].isupper() or len(item.split()) < 2:
                    continue
                if attachments and not re.match(r"(?:Appendix|Annex|Annexe)\s+[A-Z0-9]{1,3}\b", item):
                    continue  # the sections of an appendix, not the list of attachments
                if b.kind == "paragraph" and (len(item.split()) > 25 or re.search(r"[a-z]\.\s+[A-Z]", item)):
                    continue  # prose under the heading, not a listed paper
                if re.search(r"@|\btel(?:ephone)?\b|https?://", item, re.I) and not re.search(
                    r"[A-Z]\w+\s+[A-Z]", item
                ):
                    continue
                start = b.start + b.text.find(line)
                self.paper(item, Span(start, start + len(line)))

    def paper(self, item: str, span: Span) -> None:
        """One listed document: its date in brackets is its period, a body in front its publisher."""
        period = None
        dated = re.search(r"\s*\(([^()]*\b(?:19|20)\d\d\b[^()]*)\)\s*$", item)
        if dated:
            period = period_of(dated.group(1))
            item = item[: dated.start()].rstrip(" ,")
        publisher = None
        first, sep, rest = item.partition(", ")
        if sep and rest[:1].isupper() and (name := self.ctx.orgs.resolve(first)):
            publisher, item = name, rest  # "Department for Education, Sufficiency: ..."
        if not period:
            period = period_of(item)
        # "Appendix A – Equality Impact Assessment": the attachment's own title
        item = re.sub(r"^(?:Appendix|Annexe?)\s+[A-Z0-9]{1,3}\s*[:–—-]\s*(?=[A-Z])", "", item)
        kind = kind_of(item)
        if kind == "other" and re.match(r"(?:report|appendix|annex|minutes)\b", item, re.I):
            kind = "report"
        key = key_of(item, self.area)
        self.add(item, span, period, kind=kind, raw=True)
        rec = self.by_key.get(key)
        if rec is not None and publisher and not rec.publisher:
            rec.publisher = publisher

    def sources(self, blocks: list[Block]) -> None:
        """ "Source: DWP Stat-Explore" under a table or chart: the data source is a referenced document.

        A source that is only a body ("Source: Department for Education", "Source: WSCC") names
        who published the figures, not a document, and is left to the organisations."""
        for b in blocks:
            if b.kind not in ("paragraph", "list_item", "table_row", "heading"):
                continue
            for m in _SOURCE.finditer(b.text):
                for part in re.split(r";\s+", m.group(1)):
                    self._source(part, b.start + m.start(1) + m.group(1).find(part))

    def _source(self, part: str, at: int) -> None:
        cited = citations(part.strip())
        if cited:  # "DfES (2007) Targeted Youth Support – A Guide"
            title, year, author, _s, _e = cited[0]
            self.add(title, Span(at, at + len(part)), year, kind=kind_of(title), raw=True, source=True)
            rec = self.by_key.get(key_of(re.sub(r"\s+", " ", title).strip(" ,;:-–"), self.area))
            if rec is not None and not rec.publisher and is_body(author):
                rec.publisher = self.ctx.orgs.resolve(author)
            return
        urls = _URLISH.findall(part)
        text = re.sub(r"\s+", " ", _URLISH.sub(" ", part)).strip(" ,.;:-–")
        if not text and urls:
            text = _title_from_address(urls[0])
        period = period_of(text)
        # "Title, Jo Bloggs, Sam Smith and Al Jones June 2014": the authors and date follow the title
        text = _AUTHORS.sub("", text).strip(" ,.;:-–")
        if not text or len(text.split()) < 2 or len(text) > 160 or not re.match(r"[A-Z0-9]", text):
            return
        if self.ctx.orgs.resolve(text) or re.fullmatch(
            r"[A-Z&/ ]+|.*\b(?:Council|Trust|Department|Office)", text
        ):
            return  # a body, not a document
        authors = _AUTHOR_YEARS.fullmatch(text) and re.search(
            r"\d{4}|\bet\s+al\b|^\S+\s+(?:and|&)\s+\S+$", text
        )
        if authors or _SOURCE_NOTE.search(text):
            return  # "Hunt et al 2008": a study cited by its authors; "Data not disclosed where ...": a note
        kind = kind_of(text)
        self.add(text, Span(at, at + len(part)), period, kind=kind, raw=True, source=True)

    def drop_contracts(self, doc: StructuredDocument) -> None:
        """A framework that providers are appointed to is a contract, not a document: "places on
        each Lot of the Open Framework", "IFA placements purchased through the Framework". Every
        place the title is printed is read, and a framework named after a contract one ("the
        Elmshire-led Open Framework") is one too."""
        starts = [b.start for b in doc.blocks]
        dropped: list[str] = []
        for key, rec in list(self.by_key.items()):
            if not re.search(r"\bFramework$", rec.title):
                continue
            for m in list(re.finditer(re.escape(rec.title), doc.text))[:20]:
                b = doc.blocks[max(0, bisect_right(starts, m.start()) - 1)]
                at = m.start() - b.start
                sent = next((b.text[x:y] for x, y in sentence_spans(b.text) if x <= at < y), b.text)
                on_it = re.search(
                    r"\b(?:are|were|is|was)\s+on\s+(?:the\s+)?$", doc.text[max(0, m.start() - 20) : m.start()]
                )
                if _PROCUREMENT.search(sent) or on_it:  # "84 agencies are on the Dale Fostering Framework"
                    dropped.append(key)
                    del self.by_key[key]
                    break
        for key, rec in list(self.by_key.items()):
            if re.search(r"\bFramework$", rec.title) and any(key.endswith(" " + d) for d in dropped):
                del self.by_key[key]

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

    def merge_surveys(self) -> None:
        """Variants of one dated survey are one reference, named by the longest."""
        first: dict[str, str] = {}
        for key, rec in sorted(self.by_key.items(), key=lambda kv: -len(kv[1].title)):
            skey = survey_key(rec.title)
            if skey is None:
                continue
            if skey not in first:
                first[skey] = key
                continue
            keep = self.by_key[first[skey]]
            keep.spans.extend(sp for sp in self.by_key.pop(key).spans if sp not in keep.spans)

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
    refs.method = "list-item"
    refs.list_titles(doc.blocks)
    refs.method = "labelled-line"
    refs.resource_headings(doc.blocks)
    refs.method = "list-item"
    refs.cited(doc.blocks)
    refs.paper_lists(doc.blocks)
    refs.method = "labelled-line"  # "Source: ..." notes
    refs.sources(doc.blocks)
    refs.drop_contracts(doc)
    refs.merge_act_years()
    refs.merge_surveys()
    refs.merge_subtitled()
    return list(refs.by_key.values())
