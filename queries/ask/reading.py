"""Candidates read from the text of the best passages: typed spans, lists and the sentences.

For each of the best passages, every sentence yields its typed spans (queries.ask.spans): a
span naming a graph resource becomes that resource, so the graph and the text agree. The
sentence that shares most of the question's words becomes a candidate too (label: the
sentence), so the pool always holds what keyword search would show. A passage that ends in a
colon and the list items that follow it make one "list" candidate (label: the items).
Nothing here scores; queries.ask.features describes each candidate for the ranker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from ckg.loaders.extract.money import cell_number
from ckg.queries.ask.candidates import Candidate, Evidence, Passage, pounds, short_label, text_key
from ckg.queries.ask.spans import Span, SpanReader

# A block that credits a document's authors (not contributors or acknowledgements: they helped).
AUTHOR_LINE = re.compile(
    r"\bauthors?\b|\bauthor\(s\)|\breport by\b|\bprepared by\b|\bwritten by\b|\bcompiled by\b|"
    r"\bproduced by\b|\bdrafted by\b|\breport author\b|\bcontact officer\b|\blead officer\b|"
    r"\bfurther information\b|\bcontact details\b",
    re.I,
)
_LEAD_IN = re.compile(r":\s*$|\b(?:are|include|includes|were|as follows|following)\s*:?\s*$", re.I)
# A lead-in of fewer words ("These are:", "They include:") needs the sentence before it.
_BARE_LEAD_IN_WORDS = 5
SPAN_TYPE = {"body": "body", "person": "person", "document": "document", "service": "service"}


def span_candidates(
    passages: list[Passage],
    reader: SpanReader,
    head: str = "",
    kinds_at: dict | None = None,
    label_of: Callable[[str], str | None] = lambda iri: None,
    scale_of: Callable[[Passage], Decimal | None] = lambda p: None,
    area_of: Callable[[str], str | None] = lambda doc: None,
) -> list[Candidate]:
    """Typed spans of every sentence of the passages; ``kinds_at`` collects the kinds each
    sentence holds, keyed by (passage IRI, sentence start). ``scale_of`` gives the pounds per
    unit of a table row's bare figures (its table's header says "£000s"), or None; ``area_of``
    a document's area (a short name names that area's body)."""
    out: list[Candidate] = []
    for p in passages:
        credits = bool(AUTHOR_LINE.search(f"{p.section or ''} {p.text}") or CONTACT_DETAIL.search(p.text))
        scale = scale_of(p) if "\t" in p.text else None
        for a, b in p.sentences():
            sentence = p.text[a:b]
            spans = reader.spans(sentence, head, credits, area_of(p.doc))
            if scale is not None:
                spans += table_sums(sentence, scale)
            if kinds_at is not None:
                kinds_at[(p.iri, a)] = {SPAN_TYPE.get(sp.kind, sp.kind) for sp in spans}
            for sp in spans:
                start, end = a + sp.start, a + sp.end
                ctype = SPAN_TYPE.get(sp.kind, sp.kind)
                key = sp.iri or text_key(ctype, sp.label)
                out.append(
                    Candidate(
                        key=key,
                        label=short_label((label_of(sp.iri) if sp.iri else None) or sp.label),
                        ctype=ctype,
                        iri=sp.iri,
                        sources={"span"},
                        relations={sp.frame} if sp.frame else set(),
                        evidence=[Evidence(p, a, b, (start, end))],
                        extra={"amount": sp.value} if sp.value is not None else {},
                    )
                )
    return out


def sentence_candidates(
    passages: list[Passage],
    overlap: Callable[[str], float],
    per_passage: int = 1,
    tells_more: Callable[[str], bool] = lambda text: True,
) -> list[Candidate]:
    """The best sentences of each passage (by ``overlap`` with the question) as answers; a
    sentence that only echoes the question (``tells_more`` false) is no answer."""
    out = []
    for p in passages:
        spans = [s for s in p.sentences() if tells_more(p.text[s[0] : s[1]])]
        ranked = sorted(spans, key=lambda s: -overlap(p.text[s[0] : s[1]]))[:per_passage]
        for a, b in ranked:
            label = p.text[a:b]
            if len(label.strip()) < 3:
                continue
            out.append(
                Candidate(
                    key=f"sentence:{p.iri}#{a}",
                    label=short_label(label),
                    ctype="sentence",
                    sources={"sentence"},
                    evidence=[Evidence(p, a, b, (a, b))],
                )
            )
    return out


LIST_LABEL = 800  # a list is read whole: its label may be longer than other answers


def list_label(items: list[str]) -> str:
    label = "; ".join(" ".join(i.split()).rstrip(";,.") for i in items)
    return label if len(label) <= LIST_LABEL else label[: LIST_LABEL - 1].rstrip() + "…"


def run_candidates(passages: list[Passage], run_of: Callable[[Passage], list[Passage]]) -> list[Candidate]:
    """Runs of short passages in one section around the best passages (list items, table rows)."""
    out, seen = [], set()
    for p in passages:
        run = run_of(p)
        if not run or run[0].iri in seen:
            continue
        seen.add(run[0].iri)
        others = [Evidence(r, 0, len(r.text), None) for r in run if r.iri != p.iri][:2]
        out.append(
            list_candidate(
                f"list:{run[0].iri}", [r.text for r in run], [Evidence(p, 0, len(p.text), None), *others]
            )
        )
    return out


def list_candidate(key: str, items: list[str], evidence: list[Evidence], source: str = "span") -> Candidate:
    """A whole list as one answer: its items joined in their order, quoted from where it is printed."""
    return Candidate(
        key=key,
        label=list_label(items),
        ctype="list",
        sources={source},
        evidence=evidence,
        extra={"items": items},
    )


def list_candidates(
    passages: list[Passage], following: Callable[[Passage], list[Passage]]
) -> list[Candidate]:
    """A lead-in ending in a colon ("The three aims are:") and the short passages after it.

    A bare lead-in ("These are:") says nothing of what the list is; its quote starts at the
    sentence before, which does ("The board agreed six principles. These are:").
    """
    out = []
    for p in passages:
        spans = p.sentences()
        if not spans:
            continue
        a, b = spans[-1]
        if not _LEAD_IN.search(p.text[a:b]):
            continue
        if len(spans) > 1 and len(p.text[a:b].split()) < _BARE_LEAD_IN_WORDS:
            a = spans[-2][0]
        items = following(p)
        if len(items) < 2:
            continue
        evidence = [Evidence(p, a, b, (a, b)), *(Evidence(i, 0, len(i.text), None) for i in items[:2])]
        out.append(list_candidate(f"list:{p.iri}", [i.text for i in items], evidence))
    return out


_NUMBERS = "one|two|three|four|five|six|seven|eight|nine|ten"
# A heading that numbers its item: "Option 2: ...", "Priority Three - ...", "Scheme 1 (...)".
# Captions number tables and figures, not the items of a list.
NUMBERED_HEADING = re.compile(
    rf"^\s*(?!(?:table|figure|fig|chart|graph|map|page|box)\b)(?P<word>[A-Z][a-z]+)\s+"
    rf"(?P<n>\d{{1,2}}|{_NUMBERS})\b\s*[:.)–—-]?\s*\S",
    re.I,
)


def heading_list(headings: list[tuple[str, str, int]], at: int) -> list[int]:
    """The positions of the numbered headings that ``headings[at]`` is one of: its siblings under
    the same parent heading, numbered with the same word ("Option 1", "Option 2", "Option 3"),
    in document order. ``headings`` is a document's (parent, heading, passage) in order.

    >>> hs = [("6 Options", "Option 1: Extend contracts", 0), ("6 Options", "Option 2: Buy places", 3),
    ...       ("7 Risks", "Risk 1: Cost", 5), ("6 Options", "Option 3: Build homes", 4)]
    >>> heading_list(hs, 1)
    [0, 1, 3]
    >>> heading_list(hs, 2)
    []
    >>> heading_list([("3 Demand", "Table 1: Referrals", 0), ("3 Demand", "Table 2: Waits", 1)], 0)
    []
    """
    m = NUMBERED_HEADING.match(headings[at][1])
    if not m:
        return []
    parent, word = headings[at][0], m.group("word").lower()
    out = [
        i
        for i, (par, heading, _) in enumerate(headings)
        if par == parent and (n := NUMBERED_HEADING.match(heading)) and n.group("word").lower() == word
    ]
    return out if len(out) >= 2 else []


def add_nearby_evidence(
    candidates: list[Candidate],
    around: Callable[[Passage], tuple[list[Passage], list[Passage]]],
    score: Callable[[str], float] | None,
    contact: bool,
    reach: int = 300,
) -> None:
    """Quote what a two-part question's second part asks, and a person's contact details, from the
    lines around each candidate's stating sentence: they are its evidence too ("who funds it, and
    how much?" is stated over two table rows; a contact block puts the email a line below the name)."""
    for c in candidates:
        if not c.evidence:
            continue
        first = c.evidence[0]
        p = first.passage
        prev, nxt = around(p)
        # the lines after a name first (a contact block lists details under it), then those before
        near = (
            [p]
            + [q for q in nxt if q.start - p.start <= reach]
            + [q for q in prev if p.start - q.start <= reach]
        )
        have = {(e.passage.iri, e.start) for e in c.evidence}
        extra: list[Evidence] = []
        if score is not None:
            best, best_score = None, 0.0
            for q in near:
                for a, b in q.sentences():
                    if (q.iri, a) in have:
                        continue
                    v = score(q.text[a:b])
                    if v > best_score:
                        best, best_score = Evidence(q, a, b, None), v
            if best is not None:
                extra.append(best)
        if contact and c.ctype in ("person", "post", "contact", "body"):
            # the lines under the name that hold its details, wherever it is named (the contact
            # block, not only the header that first names the person)
            for e in c.evidence[:3]:
                _before, after = around(e.passage)
                for q in [e.passage, *(x for x in after if x.start - e.passage.start <= reach)]:
                    for a, b in q.sentences():
                        if q is e.passage and a < e.end:
                            continue
                        taken = (q.iri, a) in have or any(
                            (x.passage.iri, x.start) == (q.iri, a) for x in extra
                        )
                        if not taken and CONTACT_DETAIL.search(q.text[a:b]):
                            extra.append(Evidence(q, a, b, None))
                if len(extra) >= 3:
                    break
            extra = extra[:3]
        c.evidence[1:1] = extra


CONTACT_DETAIL = re.compile(
    r"@[\w-]+\.|\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b|\btel\b|\bfreepost\b|\b[A-Z]{1,2}\d{1,2}[A-Z]?\s?\d[A-Z]{2}\b",
    re.I,
)


_UNIT_NAME = {Decimal(1000): "£000s", Decimal(10**6): "£m"}


def table_sums(row: str, scale: Decimal) -> list[Span]:
    r"""The bare figures of a table row as sums, when the table's header gives their unit.

    Why: budget tables print "1,480" under a "£000s" header; the row alone is not a sum to a
    reader of sentences, yet it is the answer to "how much is the respite budget?".

    >>> [(s.label, s.value) for s in table_sums("Respite care\t\t1,250\t0", Decimal(1000))]
    [('£1,250,000 (1,250 in £000s)', Decimal('1250000'))]
    """
    out = []
    at = 0
    for i, cell in enumerate(row.split("\t")):
        start = at + len(cell) - len(cell.lstrip())
        at += len(cell) + 1
        found = cell_number(cell) if i else None  # the first cell names the row; years are not sums
        if found is None or found[0] == 0:
            continue
        value = found[0] * scale
        printed = cell.strip()
        full = pounds(value)
        label = full if scale == 1 else f"{full} ({printed} in {_UNIT_NAME.get(scale, 'units')})"
        out.append(Span(label, "amount", start, start + len(printed), value=-value if found[1] else value))
    return out
