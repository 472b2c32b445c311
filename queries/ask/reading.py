"""Answers read from the text of the best passages (queries.ask.spans), merged with the graph's.

Which kinds of span a question wants follows from its intent and shape: bodies for "who
funds/commissions/provides", people for contact questions, sums for "how much", counts for
"how many", dates for "when", posts for "who chairs", documents for "which strategy". A span
scores by its passage's retrieval score times how well its own sentence matches the question.
A span naming a graph resource answers as that resource, so graph facts and reading agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ckg.queries.ask.facts import Fact
from ckg.queries.ask.linking import normalise
from ckg.queries.ask.ranking import AUTHORSHIP, Candidate, Question
from ckg.queries.ask.spans import SpanReader, passage_score, sentence_scores

KINDS_BY_INTENT: dict[str, set[str]] = {
    "who-funds": {"body"}, "who-commissions": {"body"}, "who-provides": {"body"}, "relationship": {"body"},
    "contact": {"person", "body"}, "amount": {"amount"}, "documents": {"document"},
}
KINDS_BY_SHAPE: dict[str, set[str]] = {
    "amount": {"amount"}, "count": {"count"}, "when": {"when"}, "document": {"document"}, "person": {"person", "post"},
    "body": {"body"}, "place": {"place"}, "service": {"service", "body"},
}
FRAME_BY_INTENT = {"who-funds": "funder", "who-commissions": "commissioner", "who-provides": "provider",
                   "relationship": "partner"}
WEIGHT = {"body": 0.85, "person": 0.9, "document": 0.85, "amount": 0.95, "count": 0.95, "when": 0.9, "post": 0.95,
          "place": 0.9, "service": 0.9}
_LEAD = re.compile(r"\bchair|\blead|\bheads?\b|\bmanages?\b|\bin charge\b|\bresponsible\b", re.I)


def frame_asked(question: str) -> str | None:
    """The relation the question's verb asks about ("who runs" -> provider)."""
    if AUTHORSHIP.search(question):
        return "author"
    for pattern, frame in ((r"\bworking with\b|\bpartner", "partner"), (r"\bfund|\bpa(?:y|id)|\bmoney", "funder"),
                           (r"\bcommission|\bcontract|\bawarded|\btender", "commissioner"),
                           (r"\bruns?\b|\bprovid|\bdeliver|\boperat|\bbehind\b", "provider")):
        if re.search(pattern, question, re.I):
            return frame
    return None


def wanted_kinds(q: Question) -> set[str]:
    kinds = set(KINDS_BY_SHAPE.get(q.shape.answer_kind or "", set()))
    if not kinds or q.shape.answer_kind == "body":
        kinds |= KINDS_BY_INTENT.get(q.intent, set())
    if q.secondary:
        kinds |= KINDS_BY_INTENT.get(q.secondary, set())
    if _LEAD.search(q.text):
        kinds |= {"post", "person"}
    return kinds


def read_spans(q: Question, rows: dict[str, dict[str, Any]], reader: SpanReader,
               idf: Callable[[str], float], places: list[str] | None = None, top: int = 12) -> list[Candidate]:
    kinds = wanted_kinds(q)
    if not kinds:
        return []
    linked = q.links.iris("orgs") | q.links.iris("documents")
    wanted_frame = frame_asked(q.text) or FRAME_BY_INTENT.get(q.intent)
    # the words that say what is asked: without the names of the bodies and areas it is asked about
    # (those scope the question; the answer's sentence need not repeat them), with topic synonyms
    subject_words = {w for lk in q.links.orgs for w in normalise(lk.mention).split()} | {
        w for a in q.links.areas for w in normalise(a).split()}
    asked = " ".join(w for w in normalise(q.text).split() if w not in subject_words)
    question_text = asked + " " + " ".join(lab for lk in q.links.topics for lab in lk.extra_labels)
    head = normalise(q.shape.head or "").rstrip("s")
    best: dict[str, Candidate] = {}
    for h in q.hits[:top]:
        row = rows.get(h.item.id)
        if row is None:
            continue
        quote = row["quote"]
        sentences = sentence_scores(quote, question_text, idf)
        whole = passage_score(quote, question_text, idf)
        for span in reader.spans(quote, kinds, head, places):
            sent = next((s for s in sentences if s[0] <= span.start < s[1]), None)
            match = 0.6 * (sent[2] if sent else 0.0) + 0.4 * whole  # the sentence, and the passage around it
            score = h.score * (0.25 + 0.75 * match) * WEIGHT.get(span.kind, 0.8)
            if span.iri and span.iri in linked:
                score *= 0.4  # the question's own subject
            if head and span.kind == "body" and re.search(rf"\b{re.escape(head)}", normalise(span.label)):
                score *= 1.5
            if span.kind == "post" and _LEAD.search(q.text):
                score *= 1.5  # "who chairs / manages / is responsible": a post answers
            if span.frame and span.frame == wanted_frame:
                score *= 1.6  # "run by X" answers "who runs ..."
            if q.focus_docs and row["doc"] not in q.focus_docs:
                score *= 0.6
            if span.kind == "count" and q.shape.wants_share and "%" not in span.label and "per" not in span.label:
                score *= 0.5
            key = span.iri or f"{span.kind}:{normalise(span.label)}"
            f = Fact(span.iri or h.item.id, span.label, f"read-{span.kind}", None, None, h.item.id, quote,
                     row.get("section"), row["doc"], row["docTitle"], "passages", extra={})
            cand = best.get(key)
            if cand is None:
                best[key] = Candidate(span.iri or f"{h.item.id}#{span.start}", span.label, score, [(score, f)],
                                      "graph" if span.iri else "passage")
            else:
                cand.facts.append((score, f))
                cand.score = max(cand.score, score)
    for c in best.values():
        c.facts.sort(key=lambda sf: -sf[0])
    return list(best.values())


def merge(graph: list[Candidate], read: list[Candidate]) -> list[Candidate]:
    """One list: a resource found both ways scores its best plus a share of the other."""
    by_key: dict[str, Candidate] = {c.iri: c for c in graph}
    out = list(graph)
    for r in read:
        g = by_key.get(r.iri)
        if g is not None:
            g.score = max(g.score, r.score) + 0.3 * min(g.score, r.score)
            g.facts.extend(r.facts[:1])
        else:
            out.append(r)
    seen, ranked = set(), []
    for c in sorted(out, key=lambda c: (-c.score, c.label)):
        key = normalise(c.label)
        if key not in seen:
            seen.add(key)
            ranked.append(c)
    return ranked
