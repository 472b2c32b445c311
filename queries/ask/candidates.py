"""Answer candidates: every thing that might answer a question, with the sentences that state it.

Three sources feed one pool, and the ranker (queries.ask.ranker) orders it:

- graph facts (queries.ask.facts): bodies, people, funding lines, priorities, intentions,
  services and documents that extraction typed, read from the retrieved passages;
- spans read from the best sentences (queries.ask.spans): amounts, dates, counts,
  identifiers, lists, posts, places, contact details and names extraction did not type;
- the best sentences themselves, so the pool always holds what keyword search would show.

A candidate keeps its evidence as sentences of passages with their offsets, best first: the
first quote of an answer is the sentence or table row that states it, not the passage.
Candidates naming the same thing (a body found as a funder and again by its name in a
sentence) are merged by ``key``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ckg.loaders.extract.money import find_amounts
from ckg.loaders.sentences import sentence_at, sentence_spans
from ckg.queries.ask.facts import Fact, format_amount
from ckg.queries.ask.linking import normalise
from ckg.queries.ask.retrieval import Hit

# The type of answer a graph relation gives.
TYPE_OF_RELATION = {
    "line": "amount",
    "funder": "body",
    "commissioner": "body",
    "provider": "body",
    "named": "body",
    "parent-of": "body",
    "leader": "body",
    "publisher": "body",
    "person": "person",
    "priority": "priority",
    "intention": "intention",
    "service": "service",
    "document": "document",
}
MAX_LABEL = 300


@dataclass
class Passage:
    """A passage as the engine reads it: its own text and where it sits."""

    iri: str
    doc: str
    doc_title: str
    section: str | None
    start: int  # offset of the passage in its document's text
    text: str
    hit: Hit | None = None
    rank: int | None = None  # position in the retrieval ranking (0 = best), None if not retrieved

    def sentence_of(self, position: int) -> tuple[int, int]:
        return sentence_at(self.text, position)

    def sentences(self) -> tuple[tuple[int, int], ...]:
        return sentence_spans(self.text)


@dataclass
class Evidence:
    passage: Passage
    start: int  # the stating sentence, relative to the passage text
    end: int
    span: tuple[int, int] | None = None  # where the answer itself is in the passage text, if known
    located: bool = True  # False: the passage does not say which sentence; the engine picks the best
    item: str | None = None  # the item a graph fact relates the answer to here (the line it funds...)

    @property
    def quote(self) -> str:
        return self.passage.text[self.start : self.end]


@dataclass
class Candidate:
    key: str
    label: str
    ctype: str  # body person post contact amount count date identifier list place document
    # priority intention service phrase sentence
    iri: str | None = None  # the graph resource, when the answer is one
    sources: set[str] = field(default_factory=set)  # graph | span | sentence
    relations: set[str] = field(default_factory=set)  # funder, commissioner, provider, leader, author...
    facts: list[Fact] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)

    def absorb(self, other: Candidate) -> None:
        """Merge a candidate naming the same thing: sources, relations, facts, evidence."""
        self.sources |= other.sources
        self.relations |= other.relations
        self.facts.extend(other.facts)
        have = {(e.passage.iri, e.start) for e in self.evidence}
        self.evidence.extend(e for e in other.evidence if (e.passage.iri, e.start) not in have)
        for k, v in other.extra.items():
            self.extra.setdefault(k, v)
        self.iri = self.iri or other.iri


def passage_from_fact(f: Fact) -> Passage:
    m = re.search(r"/(\d+)-(\d+)$", f.passage)
    return Passage(f.passage, f.doc, f.doc_title, f.section, int(m.group(1)) if m else 0, f.quote)


@lru_cache(maxsize=8192)
def _needle(needle: str) -> re.Pattern[str]:
    pattern = r"\s+".join(re.escape(w) for w in needle.split())
    return re.compile(rf"(?<![\w]){pattern}(?![\w])", re.I)


def locate(text: str, needles: list[str]) -> tuple[int, int] | None:
    """Where the first of ``needles`` (longest first, any case and spacing) is in ``text``."""
    for needle in sorted((n for n in needles if n and len(n) >= 2 and n.split()), key=len, reverse=True):
        m = _needle(needle).search(text)
        if m:
            return m.start(), m.end()
    return None


def evidence_at(p: Passage, span: tuple[int, int] | None) -> Evidence:
    """The sentence of ``p`` holding ``span`` (or its first sentence when none is given)."""
    if span is None:
        spans = p.sentences()
        a, b = spans[0] if spans else (0, len(p.text))
        return Evidence(p, a, b, None, located=False)
    a, b = p.sentence_of(span[0])
    return Evidence(p, a, b, span)


def _money_words(amount: object) -> list[str]:
    """How an amount may be printed, to find it in its sentence: "£1,234,567", "4.1 million"."""
    if amount is None:
        return []
    value = Decimal(str(amount))
    out = [f"{value:,.0f}", f"{value:.0f}"]
    if value >= 1_000_000:
        out.append(f"{value / 1_000_000:.1f}".rstrip("0").rstrip("."))
    if value >= 1000:
        out.append(f"{value / 1000:.0f}k")
    return out


def pounds(value: Decimal) -> str:
    """A sum written out in full: "£9,731,000", or with pence "£0.85"."""
    return f"£{value:,.0f}" if value == value.to_integral() else f"£{value:,.2f}"


def printed_amount(text: str, amount: object) -> tuple[str, int, int] | None:
    """A funding line's sum as its passage prints it, with the full figure beside a short form.

    The reader sees the document's own words ("£2.4 million", "9,731" in a £000s table), not a
    re-formatting of them; the full figure follows when the printed form abbreviates it.

    >>> printed_amount("A contract worth £2.4 million over four years.", Decimal("2400000"))
    ('£2.4 million (£2,400,000)', 17, 29)
    >>> printed_amount("Fostering  8,315  9,731", Decimal("9731000"))
    ('£9,731,000 (9,731 in £000s)', 18, 23)
    >>> printed_amount("Hosting fee £95,000.", Decimal("95000"))
    ('£95,000', 12, 19)
    """
    if amount is None:
        return None
    value = Decimal(str(amount))
    full = pounds(value)
    for m in find_amounts(text):
        if m.amount == value and not m.upper:
            shown = m.text if normalise(m.text) == normalise(full) else f"{m.text} ({full})"
            return shown, m.start, m.end
    if value >= 1000 and value % 1000 == 0:
        thousands = f"{value / 1000:,.0f}"
        hit = re.search(rf"(?<![\d,.]){re.escape(thousands)}(?![\d,]|\.\d)", text)
        if hit:
            return f"{full} ({thousands} in £000s)", hit.start(), hit.end()
    return None


def from_facts(facts: list[Fact], names_of) -> list[Candidate]:
    """One candidate per graph fact, its evidence the sentence naming the answer (or the item)."""
    out = []
    for f in facts:
        ctype = TYPE_OF_RELATION.get(f.relation)
        if ctype is None:
            continue
        p = passage_from_fact(f)
        extra = dict(f.extra)
        if f.relation == "line":
            printed = printed_amount(p.text, extra.get("amount"))
            if printed is not None:
                label = f"{printed[0]} — {f.item_label}"
                span = printed[1:]
            else:
                label = f"{format_amount(extra.get('amount'), extra.get('qualifier'))} — {f.item_label}"
                span = locate(p.text, _money_words(extra.get("amount"))) or locate(
                    p.text, [f.item_label or ""]
                )
        else:
            label = f.answer_label
            span = locate(p.text, [*names_of(f.answer), f.answer_label])
        evidence = [evidence_at(p, span)] if span is not None else []
        if f.item_label and f.relation in ("funder", "commissioner", "provider", "parent-of"):
            # the relation is stated where the item is (a table row, the sentence funding it): that
            # sentence comes first when the name is printed elsewhere in the passage
            item = locate(p.text, [f.item_label])
            if item is not None and (span is None or p.sentence_of(item[0]) != p.sentence_of(span[0])):
                evidence.insert(0, evidence_at(p, item))
                evidence[0].span = None
        if not evidence:
            evidence = [evidence_at(p, None)]
        for e in evidence:
            e.item = f.item_label
        relations = {f.relation} if ctype == "body" else set()
        if f.relation == "person":
            relations = {"person"}
        extra["item_label"] = f.item_label
        out.append(
            Candidate(
                key=f.answer,
                label=_short(label),
                ctype=ctype,
                iri=f.answer,
                sources={"graph"},
                relations=relations,
                facts=[f],
                evidence=evidence,
                extra=extra,
            )
        )
    return out


_DATE_PREPOSITION = re.compile(
    r"^(?:by|in|from|until|till|to|during|before|after|since|(?:by\s+)?the\s+end\s+of)\s+"
)


def text_key(ctype: str, label: str) -> str:
    """One key for one answer read in several places; a date's preposition does not make it another
    date ("by September 2026" and "in September 2026" are one answer, the first one read kept).

    >>> text_key("date", "by September 2026") == text_key("date", "in September 2026")
    True
    """
    key = normalise(label)
    if ctype == "date":
        key = _DATE_PREPOSITION.sub("", key)
    return f"{ctype}:{key}"


def merge(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per key, in first-seen order; evidence ordered by its passage's retrieval."""
    by_key: dict[str, Candidate] = {}
    for c in candidates:
        have = by_key.get(c.key)
        if have is None:
            by_key[c.key] = c
        else:
            have.absorb(c)
    out = _fold_amounts(list(by_key.values()))
    for c in out:
        c.evidence.sort(key=lambda e: -_passage_score(e.passage))
    return out


def _fold_amounts(candidates: list[Candidate]) -> list[Candidate]:
    """A sum read from a sentence that a graph funding line of the same passage holds is that line."""
    lines: dict[tuple[str, Decimal], Candidate] = {}
    for c in candidates:
        if c.ctype == "amount" and "graph" in c.sources and c.extra.get("amount") is not None:
            for e in c.evidence:
                lines.setdefault((e.passage.iri, Decimal(str(c.extra["amount"]))), c)
    if not lines:
        return candidates
    out = []
    for c in candidates:
        value = c.extra.get("amount")
        if c.ctype == "amount" and "graph" not in c.sources and value is not None:
            line = next((lines.get((e.passage.iri, Decimal(str(value)))) for e in c.evidence), None)
            if line is not None:
                line.absorb(c)
                continue
        out.append(c)
    return out


def _passage_score(p: Passage) -> float:
    return p.hit.score if p.hit is not None else 0.0


def _short(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def short_label(label: str) -> str:
    return _short(label)
