"""The question engine: a question in, ranked graph answers with their evidence out.

1. Understand: intent (queries.ask.intents), and the bodies, people, documents, areas and
   topics the question names (queries.ask.linking).
2. Retrieve: hybrid BM25 + dense passage search (queries.ask.retrieval), favouring the
   documents of the areas named.
3. Read the graph: the intent's SPARQL templates (queries/ask/*.rq) bound to the retrieved
   passages give typed facts: who funds which line, who commissions which service, which
   person holds which post...
4. Rank: facts scored by their passage's retrieval rank, how the relation fits the intent,
   how their labels match the question, and the entities named; grouped into answers.
5. Say so when nothing fits: no answer is invented; the closest passages are offered.

Answers follow ../shared/design/interfaces.md (``ask`` JSON); ``sparql`` is the template
that produced the graph part, with the passages bound inline, runnable at /sparql.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ckg.graph.embeddings import Embedder, EmbeddingIndex
from ckg.graph.store import Store
from ckg.loaders.extract.topics import TopicTagger
from ckg.queries.ask.facts import READERS, Fact, bound_query, format_amount, template
from ckg.queries.ask.intents import IntentClassifier
from ckg.queries.ask.linking import Lexicon, Links, content_words, expand_informal, normalise
from ckg.queries.ask.retrieval import Hit, HybridRetriever
from ckg.settings import Settings

# Which templates each intent reads, and how well each relation answers it (0..1).
PLAN: dict[str, tuple[tuple[str, ...], dict[str, float]]] = {
    "who-funds": (
        ("funding", "commissioning", "bodies"),
        {"funder": 1.0, "commissioner": 0.75, "provider": 0.35, "named": 0.45},
    ),
    "who-commissions": (
        ("commissioning", "funding", "bodies"),
        {"commissioner": 1.0, "funder": 0.55, "provider": 0.3, "named": 0.5},
    ),
    "who-provides": (("commissioning", "bodies"), {"provider": 1.0, "named": 0.6, "commissioner": 0.35}),
    "contact": (("people", "bodies"), {"person": 1.0, "named": 0.35}),
    "priorities": (("priorities",), {"priority": 1.0}),
    "intentions": (("commissioning",), {"intention": 1.0, "service": 0.45}),
    "amount": (("funding",), {"line": 1.0}),
    "documents": (("documents", "bodies"), {"document": 1.0, "named": 0.25}),
    "relationship": (
        ("bodies", "priorities", "commissioning"),
        {"named": 0.8, "parent-of": 0.7, "priority": 0.45, "intention": 0.35, "service": 0.35},
    ),
}
# Words in a passage that say a body stands in the relation the intent asks about.
CUE_VERBS = {
    "who-funds": r"\bfund|\bpaid\b|\bpays?\b|\bgrant|\bbudget|£|\bmoney\b|\bprovided by\b",
    "who-commissions": r"\bcommission|\bresponsib|\bagree|\bsign|\bsteer|\ballocat",
    "who-provides": r"\bprovid|\bdeliver|\brun\b|\bruns\b|\bteam\b|\bservice",
    "contact": r"@|\btel\b|\btelephone\b|\b0\d{3,4}\s?\d{3}|\bfreepost\b|\baddress\b|\bcontact\b",
    "relationship": r"\bchair|\bpart of\b|\bwithin\b|\bsub[- ]group|\bparallel\b|\bmember|\bjoint|\bestablished\b",
}
MIN_CONFIDENCE = 0.34  # dense similarity of the best passage below which a question is out of scope


@dataclass
class Candidate:
    iri: str
    label: str
    score: float
    facts: list[tuple[float, Fact]] = field(default_factory=list)


class AskEngine:
    def __init__(self, store: Store, index: EmbeddingIndex, embedder: Embedder, settings: Settings) -> None:
        self.store = store
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.tagger = TopicTagger.default()
        self.retriever = HybridRetriever(index)
        self.classifier = IntentClassifier(self._embed)
        self._label_vectors = {it.id: i for i, it in enumerate(index.items) if it.kind != "passage"}
        docs = self.store.query(template("documents-meta")).values()
        self.doc_area = {d["doc"]: d.get("area") for d in docs}
        areas = sorted({a for a in self.doc_area.values() if a})
        topic_labels = {k: (t.label, list(t.labels)) for k, t in self.tagger.topics.items()}
        self.lexicon = Lexicon(self.store.query(template("lexicon")).values(), areas, topic_labels)
        self._topic_vectors = self._embed_topics()
        self._passage_doc = {it.id: it.doc for it in self.retriever.items}

    # ------------------------------------------------------------------ helpers
    def _embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder.encode(texts)

    def _embed_topics(self) -> tuple[list[str], np.ndarray] | None:
        keys, texts = [], []
        for key, topic in self.tagger.topics.items():
            keys.append(key)
            texts.append(f"{topic.label}: " + ", ".join(topic.labels[:6]))
        if not texts:
            return None
        return keys, self._embed(texts)

    def _label_similarity(self, iri: str, qvec: np.ndarray) -> float:
        i = self._label_vectors.get(iri)
        return float(self.index.vectors[i] @ qvec) if i is not None else 0.0

    # ------------------------------------------------------------------ the question
    def ask(self, question: str, top: int = 5) -> dict[str, Any]:
        t0 = time.perf_counter()
        question = (question or "").strip()[:500]
        top = max(1, min(int(top or 5), 50))
        empty = {"question": question, "intent": None, "answers": [], "sparql": None}
        if not re.search(r"[A-Za-z]{2}", question) or not len(self.retriever):
            return {**empty, "message": "Ask a question in words, e.g. 'who funds CSE prevention?'"}
        qvec = self._embed([question])[0]
        intent, _ = self.classifier.classify(question, qvec)
        links = self.lexicon.link(question, self.tagger, self._topic_vectors, qvec)
        hits = self._retrieve(question, qvec, links)
        confident = bool(hits) and (
            max(h.dense_sim for h in hits[:5]) >= MIN_CONFIDENCE
            or links.orgs
            or links.topics
            or links.people
            or links.documents
        )
        if not confident:
            return {
                **empty,
                "intent": intent,
                "message": "The documents loaded do not answer this question.",
                "passages": [self._passage_json(h) for h in hits[:3]],
            }
        templates, _ = PLAN[intent]
        facts: list[Fact] = []
        passages = [h.item.id for h in hits]
        for name in templates:
            rows = self.store.query(bound_query(name, passages)).values()
            facts.extend(READERS[name](rows))
        candidates = self._rank(intent, question, qvec, links, hits, facts)
        answers = [self._answer_json(intent, c) for c in candidates[:top]]
        out = {
            "question": question,
            "intent": intent,
            "answers": answers,
            "sparql": bound_query(templates[0], passages) if answers else None,
            "entities": {
                "bodies": [lk.label for lk in links.orgs],
                "areas": links.areas,
                "topics": [lk.label for lk in links.topics],
                "documents": [lk.label for lk in links.documents],
            },
            "truncated": len(candidates) > top,
            "took_ms": round((time.perf_counter() - t0) * 1000, 1),
        }
        if not answers:
            out["message"] = (
                "No body, person or figure in the graph answers this; the closest passages follow."
            )
            out["passages"] = [self._passage_json(h) for h in hits[:3]]
        return out

    def _retrieve(self, question: str, qvec: np.ndarray, links: Links) -> list[Hit]:
        weights = None
        if links.areas:
            wanted = set(links.areas)
            weights = np.array(
                [1.0 if self.doc_area.get(it.doc) in wanted else 0.55 for it in self.retriever.items]
            )
        expansion = " ".join(
            [expand_informal(question)] + [lk.label for lk in links.topics] + [lk.label for lk in links.orgs]
        )
        return self.retriever.search(question, qvec, k=50, weights=weights, bm25_query=expansion)

    # ------------------------------------------------------------------ ranking
    def _rank(
        self, intent: str, question: str, qvec: np.ndarray, links: Links, hits: list[Hit], facts: list[Fact]
    ) -> list[Candidate]:
        _, weights = PLAN[intent]
        hit_score = {h.item.id: h.score for h in hits}
        linked_orgs = links.iris("orgs")
        q_words = set(content_words(question))
        cue = re.compile(CUE_VERBS[intent], re.I) if intent in CUE_VERBS else None
        topic_words = {w for lk in links.topics for w in content_words(lk.label)}
        by_answer: dict[str, Candidate] = {}
        for f in facts:
            relation = f.relation
            w = weights.get(relation)
            if not w:
                continue
            r = hit_score.get(f.passage, 0.0)
            label_sim = self._label_similarity(f.item or f.answer, qvec)
            words = set(content_words(f"{f.item_label or ''} {f.answer_label}"))
            overlap = len(words & (q_words | topic_words)) / (1 + len(q_words))
            s = w * (0.55 * r + 0.25 * max(label_sim, 0) + 0.3 * overlap)
            if relation == "named" and cue is not None:
                s *= 1.3 if cue.search(f.quote) else 0.6
            if intent in ("who-funds", "who-commissions", "who-provides") and f.answer in linked_orgs:
                s *= 0.5  # the body named in the question is usually its subject, not its answer
            if relation == "parent-of" and f.item in linked_orgs:
                s *= 1.8  # "which part of X is Y in": Y is named, its parent is the answer
            if intent == "contact":
                s *= 1.0 + 0.3 * bool(f.extra.get("email") or f.extra.get("phone"))
                if f.extra.get("body") and f.extra["body"] in linked_orgs:
                    s *= 1.5
            if (
                relation == "named"
                and "ckg" not in " ".join(f.extra.get("types", ()))
                and intent != "relationship"
            ):
                s *= 0.8
            if (
                intent == "amount"
                and f.extra.get("amount") is None
                and not re.search(r"advis|tba|confirm", question, re.I)
            ):
                s *= 0.7
            cand = by_answer.get(f.answer)
            if cand is None:
                cand = by_answer[f.answer] = Candidate(f.answer, f.answer_label, 0.0)
            cand.facts.append((s, f))
        for c in by_answer.values():
            c.facts.sort(key=lambda sf: -sf[0])
            distinct = {f.passage for _, f in c.facts}
            c.score = c.facts[0][0] + 0.04 * min(3, len(distinct) - 1)
        ranked = sorted(by_answer.values(), key=lambda c: (-c.score, c.label))
        return _dedupe_labels(ranked)

    # ------------------------------------------------------------------ JSON
    def _passage_json(self, h: Hit) -> dict[str, Any]:
        rows = self.store.query(template("passages"), {"passage": _uri(h.item.id)}).values()
        r = rows[0] if rows else {}
        return {
            "quote": r.get("quote", h.item.text),
            "document": r.get("docTitle"),
            "document_iri": h.item.doc,
            "section": r.get("section"),
            "passage_iri": h.item.id,
            "score": round(h.score, 3),
        }

    def _answer_json(self, intent: str, c: Candidate) -> dict[str, Any]:
        best = c.facts[0][1]
        label = c.label
        if intent == "amount":
            label = (
                f"{format_amount(best.extra.get('amount'), best.extra.get('qualifier'))} — {best.item_label}"
            )
        evidence, seen = [], set()
        for _, f in c.facts:
            if f.passage in seen:
                continue
            seen.add(f.passage)
            evidence.append(
                {
                    "document": f.doc_title,
                    "document_iri": f.doc,
                    "section": f.section,
                    "quote": f.quote,
                    "passage_iri": f.passage,
                }
            )
            if len(evidence) == 3:
                break
        types = self._types(c.iri)
        return {
            "label": label,
            "iri": c.iri,
            "types": types,
            "score": round(min(1.0, c.score), 3),
            "why": why(intent, best, self._siblings(best) if best.relation == "priority" else None),
            "evidence": evidence,
        }

    def _types(self, iri: str) -> list[str]:
        rows = self.store.query("SELECT DISTINCT ?t WHERE { ?s a ?t }", {"s": _uri(iri)}).rows
        return sorted(r["t"].value for r in rows)

    def _siblings(self, f: Fact) -> list[str]:
        rows = self.store.query(template("siblings"), {"item": _uri(f.answer)}).values()
        return [r["siblingLabel"] for r in rows]


def _uri(iri: str):
    from rdflib import URIRef

    return URIRef(iri)


def _dedupe_labels(cands: list[Candidate]) -> list[Candidate]:
    out, seen = [], set()
    for c in cands:
        key = normalise(c.label)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def why(intent: str, f: Fact, siblings: list[str] | None = None) -> str:
    """A short sentence saying why this answer answers the question."""
    e = f.extra
    money = format_amount(e.get("amount"), e.get("qualifier")) if f.template == "funding" else None
    if f.relation == "funder":
        return f"funder of '{f.item_label}'" + (f" ({money})" if money else "")
    if f.relation == "line":
        bits = [f"'{f.item_label}'"]
        if e.get("funderLabel"):
            bits.append(f"funded by {e['funderLabel']}")
        for key in ("kind", "period", "theme", "note"):
            if e.get(key) and e[key] != "unknown":
                bits.append(str(e[key]))
        return f"{money}: " + "; ".join(bits)
    if f.relation == "commissioner":
        when = f", {e['timescale']}" if e.get("timescale") else ""
        return f"commissioner of '{f.item_label}'{when}"
    if f.relation == "provider":
        return f"provider of '{f.item_label}'"
    if f.relation in ("intention", "service"):
        bits = []
        if e.get("commissionerLabel"):
            bits.append(f"commissioned by {e['commissionerLabel']}")
        if e.get("providerLabel"):
            bits.append(f"provided by {e['providerLabel']}")
        if e.get("timescale"):
            bits.append(f"timescale: {e['timescale']}")
        if e.get("theme"):
            bits.append(f"theme: {e['theme']}")
        return f"{f.relation} in {f.doc_title}" + (f" ({'; '.join(bits)})" if bits else "")
    if f.relation == "person":
        bits = [str(e[k]) for k in ("role", "bodyLabel") if e.get(k)]
        if e.get("email"):
            bits.append(f"email {e['email']}")
        if e.get("phone"):
            bits.append(f"telephone {e['phone']}")
        if e.get("address"):
            bits.append(str(e["address"]))
        return "; ".join(bits) or f"named in {f.doc_title}"
    if f.relation == "priority":
        head = f"priority {e['rank']}" if e.get("rank") is not None else "priority"
        owner = f" of {e['ownerLabel']}" if e.get("ownerLabel") else ""
        where = e.get("statedInTitle") or f.doc_title
        text = f"{head}{owner} in {where}"
        if e.get("parentLabel"):
            text += f", under '{e['parentLabel']}'"
        if siblings and len(siblings) > 1:
            listing = "; ".join(siblings)
            text += f". The list: {listing[:700]}{'…' if len(listing) > 700 else ''}"
        return text
    if f.relation == "document":
        bits = [f"named in {f.doc_title}"]
        if e.get("period"):
            bits.append(str(e["period"]))
        if e.get("publisherLabel"):
            bits.append(f"by {e['publisherLabel']}")
        return "; ".join(bits)
    if f.relation == "parent-of":
        return f"{f.item_label} is part of {f.answer_label}"
    parent = f" (part of {e['parentLabel']})" if e.get("parentLabel") else ""
    return f"named in {f.doc_title}{parent}" + (f", section {f.section}" if f.section else "")


__all__ = ["AskEngine", "Candidate", "math"]
