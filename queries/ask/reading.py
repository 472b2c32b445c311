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

from ckg.queries.ask.candidates import Candidate, Evidence, Passage, short_label, text_key
from ckg.queries.ask.spans import SpanReader

# A block that credits a document's authors (not contributors or acknowledgements: they helped).
AUTHOR_LINE = re.compile(
    r"\bauthors?\b|\bauthor\(s\)|\breport by\b|\bprepared by\b|\bwritten by\b|\bcompiled by\b|"
    r"\bproduced by\b|\bdrafted by\b|\breport author\b|\bcontact officer\b|\blead officer\b|"
    r"\bfurther information\b|\bcontact details\b",
    re.I,
)
_LEAD_IN = re.compile(r":\s*$|\b(?:are|include|includes|were|as follows|following)\s*:?\s*$", re.I)
SPAN_TYPE = {"body": "body", "person": "person", "document": "document", "service": "service"}


def span_candidates(
    passages: list[Passage], reader: SpanReader, head: str = "", kinds_at: dict | None = None
) -> list[Candidate]:
    """Typed spans of every sentence of the passages; ``kinds_at`` collects the kinds each
    sentence holds, keyed by (passage IRI, sentence start)."""
    out: list[Candidate] = []
    for p in passages:
        credits = bool(AUTHOR_LINE.search(f"{p.section or ''} {p.text}"))
        for a, b in p.sentences():
            sentence = p.text[a:b]
            spans = reader.spans(sentence, head, credits)
            if kinds_at is not None:
                kinds_at[(p.iri, a)] = {SPAN_TYPE.get(sp.kind, sp.kind) for sp in spans}
            for sp in spans:
                start, end = a + sp.start, a + sp.end
                ctype = SPAN_TYPE.get(sp.kind, sp.kind)
                key = sp.iri or text_key(ctype, sp.label)
                out.append(
                    Candidate(
                        key=key,
                        label=short_label(sp.label),
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
    passages: list[Passage], overlap: Callable[[str], float], per_passage: int = 1
) -> list[Candidate]:
    """The best sentences of each passage (by ``overlap`` with the question) as answers."""
    out = []
    for p in passages:
        spans = p.sentences()
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


def list_candidates(
    passages: list[Passage], following: Callable[[Passage], list[Passage]]
) -> list[Candidate]:
    """A lead-in ending in a colon ("The three aims are:") and the short passages after it."""
    out = []
    for p in passages:
        spans = p.sentences()
        if not spans:
            continue
        a, b = spans[-1]
        if not _LEAD_IN.search(p.text[a:b]):
            continue
        items = following(p)
        if len(items) < 2:
            continue
        label = "; ".join(" ".join(i.text.split()).rstrip(";,.") for i in items)
        out.append(
            Candidate(
                key=f"list:{p.iri}",
                label=short_label(label),
                ctype="list",
                sources={"span"},
                evidence=[Evidence(p, a, b, (a, b)), *(Evidence(i, 0, len(i.text), None) for i in items[:2])],
                extra={"items": [i.text for i in items]},
            )
        )
    return out
