"""The question engine: a question in, ranked graph answers with their evidence out.

1. Understand: intent (queries.ask.intents), the shape of the question (queries.ask.question:
   what kind of thing it wants, figures and years it names), and the bodies, people,
   documents, areas and topics it names (queries.ask.linking).
2. Retrieve: hybrid BM25 + dense passage search (queries.ask.retrieval), favouring the
   documents of the areas named.
3. Read the graph: the intent's SPARQL templates (queries/ask/*.rq) bound to the retrieved
   passages give typed facts: who funds which line, who commissions which service, which
   person holds which post...
4. Rank (queries.ask.ranking) and group facts into answers, each with quotes.
5. Say so when nothing fits: no answer is invented; the closest passages are offered.

Answers follow ../shared/design/interfaces.md (``ask`` JSON); ``sparql`` is the template
that produced the graph part, with the passages bound inline, runnable at /sparql.
"""

from __future__ import annotations

import bisect
import re
import time
from functools import lru_cache
from typing import Any

import numpy as np
from rdflib import URIRef

from ckg.graph.embeddings import Embedder, EmbeddingIndex
from ckg.graph.store import Store
from ckg.loaders.extract.metadata import gazetteer
from ckg.loaders.extract.topics import TopicTagger
from ckg.queries.ask.abstain import lacks_figure, missing_value, unknown_names
from ckg.queries.ask.answers import answer_json, passage_answer
from ckg.queries.ask.facts import READERS, Fact, bound_query, template
from ckg.queries.ask.intents import INTENTS, IntentClassifier, cue_scores
from ckg.queries.ask.linking import Lexicon, Links, expand_informal, normalise
from ckg.queries.ask.question import Shape, inverse_of, shape_of
from ckg.queries.ask.ranking import AUTHORSHIP, INVERSE_ROLES, Candidate, Question, Ranker
from ckg.queries.ask.reading import merge, read_spans
from ckg.queries.ask.retrieval import Hit, HybridRetriever, tokens
from ckg.queries.ask.spans import SpanReader
from ckg.queries.ask.spelling import CueSpelling, words_of
from ckg.settings import Settings

TEMPLATES: dict[str, tuple[str, ...]] = {
    "who-funds": ("funding", "intentions", "services", "bodies"),
    "who-commissions": ("intentions", "services", "funding", "bodies"),
    "who-provides": ("services", "intentions", "bodies"),
    "contact": ("people", "bodies", "publishers"),
    "priorities": ("priorities", "intentions"),
    "intentions": ("intentions", "services", "priorities"),
    "amount": ("funding",),
    "documents": ("documents", "bodies"),
    "relationship": ("bodies", "priorities", "intentions", "services", "documents"),
    "funded-by": ("funding", "intentions", "services"),
    "commissioned-by": ("intentions", "services", "funding"),
    "provided-by": ("services", "intentions"),
}
# Lines that credit a document's authors.
AUTHOR_CUE = re.compile(
    r"\bauthors?\b|\bauthor\(s\)|\breport by\b|\bprepared by\b|\bwritten by\b|\bcompiled by\b|"
    r"\bproduced by\b|\bdrafted by\b|\bcontributors?\b|\backnowledge?ments?\b|\bfor further information\b",
    re.I,
)
_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}s?")
PASSAGE_TYPE = "https://w3id.org/ckg/ontology#Passage"
MIN_CONFIDENCE = 0.34  # dense similarity of the best passage below which a question is out of scope
WEAK_ANSWER = 0.3  # below this, the best passages are offered beside the graph answers


class AskEngine:
    def __init__(self, store: Store, index: EmbeddingIndex, embedder: Embedder, settings: Settings) -> None:
        self.store = store
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.tagger = TopicTagger.default()
        self.retriever = HybridRetriever(index)
        self.classifier = IntentClassifier(self.embedder.encode)
        self.spelling = CueSpelling(words_of(it.text for it in self.retriever.items))
        self._label_row = {it.id: i for i, it in enumerate(index.items) if it.kind != "passage"}
        docs = self.store.query(template("documents-meta")).values()
        self.doc_area = {d["doc"]: d.get("area") for d in docs}
        topic_labels = {k: (t.label, list(t.labels)) for k, t in self.tagger.topics.items()}
        self.lexicon = Lexicon(
            self.store.query(template("lexicon")).values(),
            sorted({a for a in self.doc_area.values() if a}),
            topic_labels,
        )
        self._topic_vectors = self._embed_topics()
        self.span_reader = SpanReader(self.lexicon.entries())
        self.places = [p for p, kind in gazetteer().items() if kind != "region" and len(p) > 3]
        self.ranker = Ranker(self._label_similarity, self.lexicon.names_of, self._tag, self.doc_area)
        self._item_by_id = {it.id: it for it in self.retriever.items}
        self._doc_of = {it.id: it.doc for it in self.retriever.items}
        per_doc: dict[str, list[tuple[int, str]]] = {}
        for it in self.retriever.items:
            per_doc.setdefault(it.doc, []).append((_offsets(it.id)[0], it.id))
        self._name_tokens = {t for w in self.lexicon.name_words() for t in tokens(w)}
        self._doc_passages = {
            d: ([s for s, _ in sorted(v)], [i for _, i in sorted(v)]) for d, v in per_doc.items()
        }

    # ------------------------------------------------------------------ helpers
    def _embed_topics(self) -> tuple[list[str], np.ndarray] | None:
        keys = list(self.tagger.topics)
        if not keys:
            return None
        texts = [f"{t.label}: " + ", ".join(t.labels[:6]) for t in self.tagger.topics.values()]
        return keys, self.embedder.encode(texts)

    def _label_similarity(self, iri: str, qvec: np.ndarray) -> float:
        i = self._label_row.get(iri)
        return float(self.index.vectors[i] @ qvec) if i is not None else 0.0

    @lru_cache(maxsize=4096)  # noqa: B019 - one engine per process; labels repeat across questions
    def _tag(self, text: str) -> list[str]:
        return self.tagger.tag(text)

    # ------------------------------------------------------------------ the question
    def ask(self, question: str, top: int = 5) -> dict[str, Any]:
        """Answer a question; the JSON echoes it as asked, though it is read with typos fixed."""
        asked = (question or "").strip()[:500]
        asked = asked.encode("utf-8", "replace").decode("utf-8")  # lone surrogates broke the tokenizer
        return {**self._ask(asked, top), "question": asked}

    def _ask(self, question: str, top: int) -> dict[str, Any]:
        t0 = time.perf_counter()
        top = max(1, min(int(top or 5), 50))
        empty: dict[str, Any] = {
            "question": question,
            "intent": None,
            "answers": [],
            "sparql": None,
            "truncated": False,
        }
        if not re.search(r"[A-Za-z]{2}", question) or not len(self.retriever):
            return {**empty, "message": "Ask a question in words, e.g. 'who funds CSE prevention?'"}
        question = self.spelling(question)
        qvec = self.embedder.encode([question])[0]
        shape = shape_of(question)
        intent, scores = self.classifier.classify(question, qvec)
        links = self.lexicon.link(question, self.tagger, self._topic_vectors, qvec)
        if not links.areas:
            links.areas = self.lexicon.implied_areas(links)
        intent = _correct_intent(intent, scores, shape, question, links)
        if unknown := unknown_names(question, self._knows):
            return self._miss(
                question, intent, qvec, links, f"The documents loaded do not mention {unknown[0]}."
            )
        secondary = _secondary_intent(intent, shape)
        hits = self._retrieve(question, qvec, links)
        q = Question(
            question,
            intent,
            secondary,
            qvec,
            links,
            shape,
            hits,
            focus_docs=set() if links.areas else _focus(hits),
        )
        confident = bool(hits) and (
            max(h.dense_sim for h in hits[:5]) >= MIN_CONFIDENCE
            or bool(links.orgs or links.people or links.documents or links.topics)
        )
        if not confident:
            return self._miss(
                question, intent, qvec, links, "The documents loaded do not answer this question.", hits
            )
        names = list(dict.fromkeys(TEMPLATES[intent] + (TEMPLATES[secondary] if secondary else ())))
        passages = [h.item.id for h in hits]
        facts: list[Fact] = []
        for name in names:
            facts.extend(READERS[name](self.store.query(bound_query(name, passages)).values()))
        if "contact" in (intent, secondary):
            facts.extend(self._people_near(hits))
        candidates = self.ranker.rank(q, facts)
        candidates = merge(candidates, self._read(q))
        candidates = self._with_passages(q, candidates)
        answers = [answer_json(self, q, c) for c in candidates[:top]]
        lacking = missing_value(question, answers[:top])
        if (
            lacking is None
            and shape.answer_kind == "amount"
            and intent == "amount"
            and lacks_figure(answers[:top])
        ):
            lacking = "a sum of money"
        if lacking:
            return self._miss(
                question, intent, qvec, links, f"No answer in the documents loaded gives {lacking}.", hits
            )
        return {
            "question": question,
            "intent": intent,
            "answers": answers,
            "sparql": _graph_query(answers),
            "entities": {
                "bodies": [lk.label for lk in links.orgs],
                "people": [lk.label for lk in links.people],
                "areas": links.areas,
                "topics": [lk.label for lk in links.topics],
                "documents": [lk.label for lk in links.documents],
            },
            "truncated": len(candidates) > top,
            "took_ms": round((time.perf_counter() - t0) * 1000, 1),
        }

    def _knows(self, token: str) -> bool:
        return token in self._name_tokens or self.retriever.knows(token)

    def _miss(
        self,
        question: str,
        intent: str,
        qvec: np.ndarray,
        links: Links,
        message: str,
        hits: list[Hit] | None = None,
    ) -> dict[str, Any]:
        """An honest miss: no answers, a message saying why, and the closest passages to read."""
        if hits is None:
            hits = self._retrieve(question, qvec, links)
        return {
            "question": question,
            "intent": intent,
            "answers": [],
            "sparql": None,
            "truncated": False,
            "message": message,
            "passages": [self._passage_json(h) for h in hits[:3]],
        }

    def _retrieve(self, question: str, qvec: np.ndarray, links: Links) -> list[Hit]:
        weights = None
        if links.areas:
            wanted = set(links.areas)
            weights = np.array(
                [1.0 if self.doc_area.get(it.doc) in wanted else 0.3 for it in self.retriever.items]
            )
        topic_words = [
            lab for lk in links.topics for lab in self.lexicon.topic_labels.get(lk.iri, ("", []))[1][:8]
        ]
        # short forms are how tables and lists print names ("PCT - CAMHS"): a question in full
        # words should still find them
        short_forms = [
            name
            for lk in [*links.orgs, *links.topics]
            for name in (
                self.lexicon.names_of(lk.iri)
                if lk.kind == "org"
                else self.lexicon.topic_labels.get(lk.iri, ("", []))[1]
            )
            if _ACRONYM.fullmatch(name)
        ]
        expansion = " ".join(
            [expand_informal(question), *topic_words, *short_forms]
            + [lk.label for lk in links.orgs if normalise(lk.mention) != normalise(lk.label)]
            + [lk.label for lk in links.documents]
        )
        hits = self.retriever.search(question, qvec, k=50, weights=weights, bm25_query=expansion)
        hits = self._add_stated(hits, links)
        if AUTHORSHIP.search(question):
            hits = self._add_front_matter(hits, links)
        return self._widen(hits)

    def _add_front_matter(self, hits: list[Hit], links: Links, reach: int = 2500) -> list[Hit]:
        """For "who wrote ...": the passages that credit a document's authors (its title page, an
        "Author(s)" or "Report by" block, acknowledgements) in the document asked about."""
        docs = [lk.iri for lk in links.documents if lk.iri in self._doc_passages]
        if not docs:
            weight: dict[str, float] = {}
            for h in hits[:8]:
                weight[h.item.doc] = weight.get(h.item.doc, 0.0) + h.score
            docs = sorted(weight, key=lambda d: -weight[d])[:1]
        have = {h.item.id for h in hits}
        best = hits[0].score if hits else 1.0
        extra = []
        for doc in docs:
            starts, ids = self._doc_passages[doc]
            credits = [
                pid
                for start, pid in zip(starts, ids, strict=True)
                if AUTHOR_CUE.search(self._item_by_id[pid].text if start < reach else self._own_text(pid))
            ][:8]
            front = [pid for start, pid in zip(starts, ids, strict=True) if start < reach][:10]
            for pid in dict.fromkeys([*credits, *front]):
                if pid not in have:
                    score = best * (0.95 if pid in credits else 0.75)
                    extra.append(Hit(self._item_by_id[pid], score, None, None, 0.0))
        return sorted([*hits, *extra], key=lambda h: -h.score)

    def _own_text(self, passage: str) -> str:
        """A passage's own text, without the section path the index prefixes to it."""
        start, end = _offsets(passage)
        text = self._item_by_id[passage].text
        return text[max(0, len(text) - (end - start)) :]

    def _add_stated(self, hits: list[Hit], links: Links) -> list[Hit]:
        """Passages stating the priorities of a document the question names."""
        if not links.documents:
            return hits
        rows = self.store.query(
            template("stated-in"), {"statedIn": [URIRef(lk.iri) for lk in links.documents]}
        ).values()
        have = {h.item.id for h in hits}
        best = hits[0].score if hits else 1.0
        extra = [
            Hit(self._item_by_id[r["passage"]], 0.7 * best, None, None, 0.0)
            for r in rows
            if r["passage"] in self._item_by_id and r["passage"] not in have
        ]
        return sorted([*hits, *extra], key=lambda h: -h.score)

    def _widen(self, hits: list[Hit], top: int = 8, width: int = 300) -> list[Hit]:
        """Add the lines around the best passages: a table row's neighbours, a contact block's other
        lines, the rest of a list; they inherit part of the hit's score."""
        have = {h.item.id: h for h in hits}
        added: dict[str, Hit] = {}
        for h in hits[:top]:
            for near in self._near(h.item.id, width):
                item = self._item_by_id.get(near)
                if near in have or item is None:
                    continue
                score = 0.6 * h.score
                if near not in added or added[near].score < score:
                    added[near] = Hit(item, score, None, None, h.dense_sim * 0.8)
        return sorted([*hits, *added.values()], key=lambda h: -h.score)

    def _near(self, passage: str, width: int) -> list[str]:
        """Passages of the same document starting within ``width`` characters of this one, in order."""
        doc = self._doc_of.get(passage)
        if doc is None:
            return [passage]
        starts, ids = self._doc_passages[doc]
        start, end = _offsets(passage)
        lo = bisect.bisect_left(starts, start - width)
        hi = bisect.bisect_right(starts, end + width)
        return ids[lo:hi]

    def _people_near(self, hits: list[Hit]) -> list[Fact]:
        """People in the documents of the best passages, credited by how near they are to them."""
        docs: dict[str, float] = {}
        for h in hits[:10]:
            docs[h.item.doc] = docs.get(h.item.doc, 0.0) + h.score
        top_docs = sorted(docs, key=lambda d: -docs[d])[:3]
        if not top_docs:
            return []
        rows = self.store.query(
            template("people-in-documents"), {"doc": [URIRef(d) for d in top_docs]}
        ).values()
        return READERS["people"](rows)

    def _read(self, q: Question) -> list[Candidate]:
        """Typed spans read from the text of the best passages (queries.ask.reading)."""
        top = q.hits[:12]
        before = {h.item.id: self._previous(h.item.id) for h in top}
        ids = {h.item.id for h in top} | {p for p in before.values() if p}
        rows = self.store.query(template("passages"), {"passage": [URIRef(p) for p in ids]}).values()
        by_id = {r["passage"]: dict(r) for r in rows}
        for passage, prev in before.items():
            if passage in by_id and prev in by_id:
                by_id[passage]["antecedent"] = by_id[prev]
        return read_spans(q, by_id, self.span_reader, self.retriever.idf, self.places)

    def _previous(self, passage: str) -> str | None:
        """The passage just before this one in its document, when the two run on (a paragraph cut
        in two), so that a passage opening "They ..." can be read with the one naming them."""
        doc = self._doc_of.get(passage)
        if doc is None:
            return None
        starts, ids = self._doc_passages[doc]
        start, _ = _offsets(passage)
        i = bisect.bisect_left(starts, start)
        if i == 0:
            return None
        prev = ids[i - 1]
        return prev if start - _offsets(prev)[1] <= 3 else None

    def _with_passages(self, q: Question, candidates: list[Candidate]) -> list[Candidate]:
        """When the graph's best answer is weak, or the question asks for a thing the graph does not
        type ("what do X and Y commission jointly?"), the best passages themselves are answers too
        (a passage is a graph resource as well), ranked with the rest."""
        best = candidates[0].score if candidates else 0.0
        # "what do X and Y commission jointly?": what two bodies share is said in the text, not typed
        thing = q.shape.answer_kind == "thing" and (q.intent not in INVERSE_ROLES or len(q.links.orgs) >= 2)
        if best >= WEAK_ANSWER and not thing:
            return candidates
        rows = self.store.query(
            template("passages"), {"passage": [URIRef(h.item.id) for h in q.hits[:3]]}
        ).values()
        by_id = {r["passage"]: r for r in rows}
        extra = [
            passage_answer(q, h, by_id[h.item.id], 0.9 if thing else 0.5, self.retriever.idf)
            for h in q.hits[:3]
            if h.item.id in by_id
        ]
        return sorted(candidates + extra, key=lambda c: -c.score)

    def _passage_json(self, h: Hit) -> dict[str, Any]:
        rows = self.store.query(template("passages"), {"passage": URIRef(h.item.id)}).values()
        r = rows[0] if rows else {}
        return {
            "quote": r.get("quote", h.item.text),
            "document": r.get("docTitle"),
            "document_iri": h.item.doc,
            "section": r.get("section"),
            "passage_iri": h.item.id,
            "score": round(h.score, 3),
        }

    def neighbours(self, passage: str, width: int = 300) -> list[dict[str, Any]]:
        """The passages around one, with their text and section (one query for all of them)."""
        near = self._near(passage, width)
        rows = self.store.query(template("passages"), {"passage": [URIRef(p) for p in near]}).values()
        by_id = {r["passage"]: r for r in rows}
        return [
            {"near": p, "quote": by_id[p]["quote"], "section": by_id[p].get("section")}
            for p in near
            if p in by_id
        ]

    def types_of(self, iri: str) -> list[str]:
        rows = self.store.query("SELECT DISTINCT ?t WHERE { ?s a ?t }", {"s": URIRef(iri)}).rows
        return sorted(r["t"].value for r in rows)

    def siblings(self, item: str) -> list[str]:
        return [
            r["siblingLabel"] for r in self.store.query(template("siblings"), {"item": URIRef(item)}).values()
        ]


def _graph_query(answers: list[dict[str, Any]]) -> str | None:
    """The query behind the best answer that came from the graph (else the best answer's)."""
    for a in answers:
        if a["types"] != [PASSAGE_TYPE]:
            return a["sparql"]
    return answers[0]["sparql"] if answers else None


def _focus(hits: list[Hit], top: int = 8, share: float = 0.6) -> set[str]:
    """The document the best passages come from, when one holds most of them (the question's
    subject is then that document's, even if the question does not name its area)."""
    mass: dict[str, float] = {}
    for h in hits[:top]:
        mass[h.item.doc] = mass.get(h.item.doc, 0.0) + h.score
    total = sum(mass.values()) or 1.0
    best = max(mass, key=mass.get) if mass else None
    return {best} if best and mass[best] / total >= share else set()


def _offsets(passage_iri: str) -> tuple[int, int]:
    m = re.search(r"/(\d+)-(\d+)$", passage_iri)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def _correct_intent(intent: str, scores: dict[str, float], shape: Shape, question: str, links: Links) -> str:
    """The kind of thing asked for overrules a classifier that followed the topic words."""
    inverse = inverse_of(question)
    if inverse and any(normalise(lk.mention) in normalise(inverse[0]) for lk in links.orgs):
        return inverse[1]  # "what does the PCT fund?": the PCT is the subject, its items the answer
    who = ("who-funds", "who-commissions", "who-provides", "relationship")
    contact_words = re.search(
        r"\b(?:contact|email|e-mail|phone|telephone|ring|call|address|freepost|role|job|"
        r"post|title|works? for|wrote|author)",
        question,
        re.I,
    )
    if shape.answer_kind == "document":
        return "documents"
    if links.people and (contact_words or re.match(r"\s*who\b", question, re.I)):
        return "contact"  # a named person: their post, body and contact details
    if shape.answer_kind == "body" and intent == "contact" and not contact_words:
        return max(who, key=lambda k: scores[k])
    if shape.answer_kind == "body" and intent not in (*who, "contact"):
        return max(who, key=lambda k: scores[k])
    if shape.answer_kind == "person" and intent not in ("contact", "relationship"):
        return "contact"
    if shape.answer_kind == "amount" and intent not in ("amount", *who):
        return "amount"
    if shape.amounts and intent == "amount" and shape.answer_kind != "amount":
        return max(who, key=lambda k: scores[k])
    return intent


def _secondary_intent(intent: str, shape: Shape) -> str | None:
    if not shape.secondary:
        return None
    cues = cue_scores(shape.secondary)
    best = max(INTENTS, key=lambda k: cues[k])
    if cues[best] <= 0 or best == intent:
        return None
    return best
