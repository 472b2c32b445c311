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
from ckg.queries.ask.ranking import AUTHORSHIP, ROLE_WORDS, Candidate, Question
from ckg.queries.ask.spans import Span, SpanReader, passage_score, sentence_scores, synonym_sets

KINDS_BY_INTENT: dict[str, set[str]] = {
    "who-funds": {"body"},
    "who-commissions": {"body"},
    "who-provides": {"body"},
    "relationship": {"body"},
    "contact": {"person", "body"},
    "amount": {"amount"},
    "documents": {"document"},
}
KINDS_BY_SHAPE: dict[str, set[str]] = {
    "amount": {"amount", "count"},  # "how much was cut?" may be answered by "10%"
    "count": {"count"},
    "when": {"when"},
    "document": {"document"},
    "person": {"person", "post"},
    "body": {"body"},
    "place": {"place"},
    "service": {"service", "body"},
}
FRAME_BY_INTENT = {
    "who-funds": "funder",
    "who-commissions": "commissioner",
    "who-provides": "provider",
    "relationship": "partner",
}
WEIGHT = {
    "body": 0.85,
    "person": 0.9,
    "document": 0.85,
    "amount": 0.95,
    "count": 0.95,
    "when": 0.9,
    "post": 0.95,
    "place": 0.9,
    "service": 0.9,
}
# A line or block that credits authors (not contributors or acknowledgements: they helped)
AUTHOR_LINE = re.compile(
    r"\bauthors?\b|\bauthor\(s\)|\breport by\b|\bprepared by\b|\bwritten by\b|\bcompiled by\b|"
    r"\bproduced by\b|\bdrafted by\b|\bdeveloped by\b",
    re.I,
)
# A passage that opens by referring back ("They have been given ...", "This board ...").
ANAPHOR = re.compile(
    r"^\s*(?:They|It|He|She|This|These|Its|Their|The (?:Board|Group|Partnership|Panel|Team|"
    r"Forum|Committee|Trust|Service|Council))\b"
)
_LEAD = re.compile(r"\bchair|\blead|\bheads?\b|\bmanages?\b|\bin charge\b|\bresponsible\b", re.I)


def frame_asked(question: str) -> str | None:
    """The relation the question's verb asks about ("who runs" -> provider)."""
    if AUTHORSHIP.search(question):
        return "author"
    for pattern, frame in (
        (r"\bworking with\b|\bpartner", "partner"),
        (r"\bfund|\bpa(?:y|id)|\bmoney", "funder"),
        (r"\bcommission|\bcontract|\bawarded|\btender", "commissioner"),
        (r"\bruns?\b|\bprovid|\bdeliver|\boperat|\bbehind\b", "provider"),
    ):
        if re.search(pattern, question, re.I):
            return frame
    return "leader" if _LEAD.search(question) else None


def _names_any(label: str, mentions: list[str]) -> bool:
    low = normalise(label)
    return any(re.search(rf"\b{re.escape(m)}\b", low) for m in mentions if m)


def count_fit(label: str, question: str, wants_share: bool) -> float:
    """How well a count's counted words fit the question: "640 looked after children" for "how many
    looked after children", not "3 homes" in the same sentence.

    >>> count_fit("640 looked after children", "how many looked after children are there", False)
    1.3
    >>> count_fit("3 homes", "how many looked after children are there", False)
    0.7
    """
    words = [w for w in normalise(label).split()[1:] if w not in ("of", "the", "per", "cent")]
    asked = set(normalise(question).split())
    shared = sum(1 for w in words if w in asked or w.rstrip("s") in asked)
    fit = 1.3 if shared else (0.85 if not words else 0.7)
    is_share = "%" in label or " per" in label
    if wants_share and not is_share:
        fit *= 0.5
    return fit


def role_fit(label: str, question: str) -> float:
    """A post or person whose role words the question names ("the public health lead") ranks first."""
    asked = set(normalise(question).split())
    words = set(normalise(label).split())
    if words & asked & ROLE_WORDS:
        return 1.3 + 0.1 * min(3, len((words & asked) - ROLE_WORDS))
    return 1.0


def wanted_kinds(q: Question) -> set[str]:
    kinds = set(KINDS_BY_SHAPE.get(q.shape.answer_kind or "", set()))
    if not kinds or q.shape.answer_kind == "body":
        kinds |= KINDS_BY_INTENT.get(q.intent, set())
    if q.secondary:
        kinds |= KINDS_BY_INTENT.get(q.secondary, set())
    if _LEAD.search(q.text):
        kinds |= {"post", "person"}
    return kinds


def read_spans(
    q: Question,
    rows: dict[str, dict[str, Any]],
    reader: SpanReader,
    idf: Callable[[str], float],
    places: list[str] | None = None,
    top: int = 12,
) -> list[Candidate]:
    kinds = wanted_kinds(q)
    if not kinds:
        return []
    linked = q.links.iris("orgs") | q.links.iris("documents")
    wanted_frame = frame_asked(q.text) or FRAME_BY_INTENT.get(q.intent)
    # the words that say what is asked: without the names of the bodies and areas it is asked about
    # (those scope the question; the answer's sentence need not repeat them), with topic synonyms
    subject_words = {w for lk in q.links.orgs for w in normalise(lk.mention).split()} | {
        w for a in q.links.areas for w in normalise(a).split()
    }
    asked = " ".join(w for w in normalise(q.text).split() if w not in subject_words)
    question_text = asked
    synonyms = synonym_sets([lk.extra_labels for lk in q.links.topics])
    head = normalise(q.shape.head or "").rstrip("s")
    mentions = [normalise(lk.mention) for lk in q.links.orgs if len(lk.mention) >= 3]
    best: dict[str, Candidate] = {}
    for h in q.hits[:top]:
        row = rows.get(h.item.id)
        if row is None:
            continue
        quote = row["quote"]
        sentences = sentence_scores(quote, question_text, idf, synonyms)
        whole = passage_score(quote, question_text, idf, synonyms)
        credits = wanted_frame == "author" and bool(AUTHOR_LINE.search(f"{row.get('section') or ''} {quote}"))
        span_kinds = kinds | {"credited"} if credits else kinds
        found = [(span, False) for span in reader.spans(quote, span_kinds, head, places)]
        if credits:
            # names the graph does not know count only right after the credit ("Report by ...")
            cue = AUTHOR_LINE.search(row.get("section") or "") or AUTHOR_LINE.search(quote)
            reach = 0 if AUTHOR_LINE.search(row.get("section") or "") else (cue.end() if cue else 0)
            found = [
                (sp, b)
                for sp, b in found
                if sp.iri
                or sp.kind != "person"
                or sp.frame
                or (reach <= sp.start <= reach + 200)
                or not reach
            ]
        antecedent = row.get("antecedent")
        referring = referring_sentence(quote, sentences) if antecedent else None
        if referring is not None and kinds & {"body", "person"}:
            # "They have been given ...": the doer is named at the end of the passage before
            tail_start = last_sentence_start(antecedent["quote"])
            found += [
                (span, True)
                for span in reader.spans(antecedent["quote"][tail_start:], kinds & {"body", "person"}, head)
            ]
        for span, borrowed in found:
            sent = referring if borrowed else next((s for s in sentences if s[0] <= span.start < s[1]), None)
            match = 0.6 * (sent[2] if sent else 0.0) + 0.4 * whole  # the sentence, and the passage around it
            if credits:
                match = max(match, 0.8)  # an author list shares no words with "who wrote it?"
            score = h.score * (0.25 + 0.75 * match) * WEIGHT.get(span.kind, 0.8)
            if (span.iri and span.iri in linked) or (
                span.kind == "body"
                and not (head and re.search(rf"\b{re.escape(head)}", normalise(span.label)))
                and _names_any(span.label, mentions)
            ):
                score *= 0.4  # the question's own subject (or a longer name holding it)
            if head and span.kind == "body" and re.search(rf"\b{re.escape(head)}", normalise(span.label)):
                score *= 1.5
            if span.kind == "post" and _LEAD.search(q.text):
                score *= 1.5  # "who chairs / manages / is responsible": a post answers
            if credits and span.kind in ("body", "person"):
                span.frame = "author"  # named in a block that credits the authors
            if span.frame and span.frame == wanted_frame:
                score *= 1.6  # "run by X" answers "who runs ..."
            if q.focus_docs and row["doc"] not in q.focus_docs:
                score *= 0.6
            if span.kind == "count" and q.shape.answer_kind == "amount":
                score *= 0.8 if "%" in span.label or " per" in span.label else 0.3
            elif span.kind == "count":
                score *= count_fit(span.label, question_text, q.shape.wants_share)
            if span.kind in ("post", "person") and q.shape.answer_kind == "person":
                score *= role_fit(span.label, question_text)
            key = span.iri or f"{span.kind}:{normalise(span.label)}"
            facts = [_span_fact(span, h.item.id, row)]
            if borrowed:
                score *= 0.9
                facts.insert(0, _span_fact(span, antecedent["passage"], antecedent))
            cand = best.get(key)
            if cand is None:
                best[key] = Candidate(
                    span.iri or f"{h.item.id}#{span.start}",
                    span.label,
                    score,
                    [(score, f) for f in facts],
                    "graph" if span.iri else "passage",
                )
            else:
                cand.facts.extend((score, f) for f in facts)
                cand.score = max(cand.score, score)
    for c in best.values():
        c.facts.sort(key=lambda sf: -sf[0])
    return list(best.values())


def _span_fact(span: Span, passage: str, row: dict[str, Any]) -> Fact:
    return Fact(
        span.iri or passage,
        span.label,
        f"read-{span.kind}",
        None,
        None,
        passage,
        row["quote"],
        row.get("section"),
        row["doc"],
        row["docTitle"],
        "passages",
        extra={},
    )


def referring_sentence(quote: str, sentences: list[tuple[int, int, float]]) -> tuple[int, int, float] | None:
    """The sentence near the start of a passage that refers back to the one before ("They have
    been given ..."), when the passage opens with it or right after the tail of a cut sentence.

    >>> q = "influencers in each agency. They have been given responsibility."
    >>> referring_sentence(q, [(0, 27, 0.1), (28, 64, 0.9)])
    (28, 64, 0.9)
    """
    for i, sent in enumerate(sentences[:2]):
        if i == 1 and not quote[:1].islower():
            break  # the passage opened with a whole sentence that did not refer back
        if ANAPHOR.match(quote[sent[0] : sent[1]]):
            return sent
    return None


def last_sentence_start(text: str) -> int:
    """Where the last sentence of ``text`` starts."""
    starts = [m.end() for m in re.finditer(r"[.;!?]\s+(?=[A-Z0-9“\"(])", text.rstrip())]
    return starts[-1] if starts else 0


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
