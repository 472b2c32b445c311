"""The question engine: a question in, ranked answers with the sentences that state them out.

1. Read the question (queries.ask.question: the kinds of answer it wants, the relation it
   asks about, figures and years) and link the bodies, people, documents, areas and topics
   it names (queries.ask.linking).
2. Retrieve passages: BM25 and dense search fused (queries.ask.retrieval), plus the lines
   around the best ones and the passages of a document the question names.
3. Gather candidates (queries.ask.candidates): graph facts of those passages (the templates
   in queries/ask/*.rq), typed spans, lists and the best sentences themselves (queries.ask.reading).
4. Describe each candidate by named features (queries.ask.features) and rank them with the
   weights in queries/ask/ranker.json (queries.ask.ranker), fitted by bench/fit_ranker.py.
5. Answer (queries.ask.answers): label, evidence quoted to the sentence with its offsets,
   why (including which features carried it) and the SPARQL behind it; or say honestly that
   the documents do not answer.

``collect`` (steps 1-4 without the weights) and ``finish`` (ranking and answering) are
separate so that bench/answers.py can fit and score weights without re-reading.
"""

from __future__ import annotations

import bisect
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np
from rdflib import URIRef

from ckg.graph.embeddings import Embedder, EmbeddingIndex
from ckg.graph.store import Store
from ckg.loaders.dates import dates_in
from ckg.loaders.extract.metadata import gazetteer
from ckg.loaders.extract.money import column_scale
from ckg.loaders.extract.organisations_acronyms import inline_definitions
from ckg.loaders.extract.topics import TopicTagger
from ckg.queries.ask.abstain import detail_asked, missing_value, unknown_names
from ckg.queries.ask.answers import answer_json, detail_first
from ckg.queries.ask.candidates import (
    Candidate,
    Evidence,
    Passage,
    evidence_at,
    from_facts,
    merge,
    passage_from_fact,
    text_key,
)
from ckg.queries.ask.facts import READERS, Fact, bound_query, template
from ckg.queries.ask.features import INDEX, Asked, is_issue_date, matrix, states_asked_amount
from ckg.queries.ask.linking import Lexicon, Link, Links, expand_informal, normalise
from ckg.queries.ask.question import Shape, shape_of
from ckg.queries.ask.ranker import LinearRanker
from ckg.queries.ask.reading import (
    AUTHOR_LINE,
    NUMBERED_HEADING,
    add_nearby_evidence,
    heading_list,
    list_candidate,
    list_candidates,
    run_candidates,
    sentence_candidates,
    span_candidates,
)
from ckg.queries.ask.retrieval import Hit, HybridRetriever, tokens
from ckg.queries.ask.scope import DocumentScope
from ckg.queries.ask.spans import SpanReader
from ckg.queries.ask.spelling import CueSpelling, words_of
from ckg.settings import Settings

# The graph templates worth reading for each kind of answer and relation asked about.
TEMPLATES_BY_TYPE: dict[str, tuple[str, ...]] = {
    "body": ("bodies",),
    "person": ("people",),
    "post": ("people",),
    "contact": ("people",),
    "amount": ("funding",),
    "priority": ("priorities",),
    "list": ("priorities",),
    "intention": ("intentions",),
    "phrase": ("intentions",),
    "date": ("intentions",),
    "duration": ("intentions",),
    "service": ("services",),
    "document": ("documents",),
}
TEMPLATES_BY_RELATION: dict[str, tuple[str, ...]] = {
    "funder": ("funding", "intentions", "services", "bodies"),
    "commissioner": ("intentions", "services", "funding", "bodies"),
    "provider": ("services", "intentions", "bodies"),
    "leader": ("bodies", "people"),
    "member": ("bodies",),
    "parent": ("bodies",),
    "author": ("publishers", "bodies", "people"),
}
TEMPLATES_BY_INVERSE = {
    "funded-by": ("funding", "intentions", "services"),
    "commissioned-by": ("intentions", "services", "funding"),
    "provided-by": ("services", "intentions"),
}
PASSAGE_TYPE = "https://w3id.org/ckg/ontology#Passage"
_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}s?")
MIN_CONFIDENCE = 0.34  # dense similarity of the best passage below which a question is out of scope
LIST_TYPES = frozenset({"list", "priority", "intention", "phrase"})  # questions a whole list may answer
READ_PASSAGES = 20  # passages whose sentences are read for spans and sentence answers
FACT_PASSAGES = 40  # passages whose graph facts are read
# A passage's best sentences that are answers: the second is often the one that says it ("The
# panel was set up in 2024. Its members are ..."); 1, 2 and 3 were scored in bench/answers.py
# (leave-one-document-out, all questions 0.63/0.80, 0.63/0.81, 0.63/0.81) and 2 kept.
SENTENCES_PER_PASSAGE = 2
# A passage opening with a pronoun whose referent the sentence before names.
_OPENS_WITH_PRONOUN = re.compile(
    r"(?:They|It|He|She|Its|Their|These|This (?:group|board|body|team|partnership))\b"
)
# The text under a heading that matches, or the sentence a passage's "They" refers to, takes
# nearly the score of the passage that matched.
CONTEXT_SCORE = 0.95


# How far behind a current answer may be and still come before a historical one (one from a
# document a newer edition replaces): one unit of the ranker's margin, the gap at which an
# answer's displayed score falls to 0.37 of the best. Not fitted: no development question
# spans two editions of a document, so there is nothing to fit it on; it is the ranker's own
# scale for "a unit of evidence behind".
HISTORICAL_MARGIN = 1.0


@dataclass
class Prepared:
    """A question read, its passages retrieved and its candidates described (no weights yet)."""

    question: str
    shape: Shape
    links: Links
    asked: Asked | None = None
    hits: list[Hit] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    x: np.ndarray | None = None
    miss: str | None = None  # why the documents cannot answer, when they cannot
    passages: list[dict[str, Any]] = field(default_factory=list)  # closest passages for a miss
    t0: float = 0.0

    @property
    def intent(self) -> str:
        return self.shape.intent


class AskEngine:
    def __init__(
        self,
        store: Store,
        index: EmbeddingIndex,
        embedder: Embedder,
        settings: Settings,
        ranker: LinearRanker | None = None,
    ) -> None:
        self.store = store
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.ranker = ranker or LinearRanker.load()
        self.tagger = TopicTagger.default()
        self.retriever = HybridRetriever(index)
        self.spelling = CueSpelling(words_of(it.text for it in self.retriever.items))
        docs = self.store.query(template("documents-meta")).values()
        self.doc_area = {d["doc"]: d.get("area") for d in docs}
        self.doc_title = {d["doc"]: d.get("docTitle") or "" for d in docs}
        self.doc_issued = {d["doc"]: str(d["issued"]) for d in docs if d.get("issued")}
        # older document -> its newer edition (graph/replacement.py): facts from it are historical
        self.replaced_by = {r["older"]: r for r in self.store.query(template("replaced")).values()}
        topic_labels = {k: (t.label, list(t.labels)) for k, t in self.tagger.topics.items()}
        self.lexicon = Lexicon(
            self.store.query(template("lexicon")).values(),
            sorted({a for a in self.doc_area.values() if a}),
            topic_labels,
        )
        self._topic_vectors = self._embed_topics()
        places = [p for p, kind in gazetteer().items() if kind != "region" and len(p) > 3]
        # areas are read as places (the gazetteer), not as named resources
        self.span_reader = SpanReader(
            [e for e in self.lexicon.entries() if e[2] != "area"], places, self.lexicon.homes()
        )
        self._item_by_id = {it.id: it for it in self.retriever.items}
        self._label_row = {it.id: i for i, it in enumerate(index.items) if it.kind != "passage"}
        self._doc_of = {it.id: it.doc for it in self.retriever.items}
        per_doc: dict[str, list[tuple[int, str]]] = {}
        for it in self.retriever.items:
            per_doc.setdefault(it.doc, []).append((_offsets(it.id)[0], it.id))
        self._name_tokens = {t for w in self.lexicon.name_words() for t in tokens(w)}
        self.acronyms = _corpus_acronyms(self.retriever.items)
        self._doc_passages = {
            d: ([s for s, _ in sorted(v)], [i for _, i in sorted(v)]) for d, v in per_doc.items()
        }
        self.scoper = self._document_scope()
        self._headings_of: dict[str, list[tuple[str, str, str]]] = {}

    # ------------------------------------------------------------------ helpers
    def _embed_topics(self) -> tuple[list[str], np.ndarray] | None:
        keys = list(self.tagger.topics)
        if not keys:
            return None
        texts = [f"{t.label}: " + ", ".join(t.labels[:6]) for t in self.tagger.topics.values()]
        return keys, self.embedder.encode(texts)

    def _document_scope(self) -> DocumentScope:
        names: dict[str, list[str]] = {}
        for r in self.store.query(template("document-names")).values():
            names.setdefault(r["doc"], []).append(r["name"])
        years: dict[str, list[int]] = {}
        for doc, (starts, ids) in self._doc_passages.items():
            front = " ".join(
                self._own_text(pid) for start, pid in zip(starts, ids, strict=True) if start < 1500
            )
            years[doc] = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", front)]
        return DocumentScope(self.doc_title, names, years)

    def _label_similarity(self, qvec: np.ndarray):
        """Cosine of a graph resource's name (its vector in the index) with the question's."""
        vectors = self.index.vectors

        def similarity(iri: str) -> float:
            row = self._label_row.get(iri)
            return float(vectors[row] @ qvec) if row is not None else 0.0

        return similarity

    @lru_cache(maxsize=4096)  # noqa: B019 - one engine per process; labels repeat across questions
    def _tag(self, text: str) -> list[str]:
        return self.tagger.tag(text)

    def _knows(self, token: str) -> bool:
        return token in self._name_tokens or self.retriever.knows(token)

    # ------------------------------------------------------------------ asking
    def ask(self, question: str, top: int = 5) -> dict[str, Any]:
        """Answer a question; the JSON echoes it as asked, though it is read with typos fixed."""
        asked = (question or "").strip()[:500]
        asked = asked.encode("utf-8", "replace").decode("utf-8")  # lone surrogates broke the tokenizer
        prepared = self.collect(asked)
        scores = self.ranker.margins(prepared.x) if prepared.x is not None else np.zeros(0)
        return {**self.finish(prepared, scores, top), "question": asked}

    def collect(self, question: str) -> Prepared:
        """Read the question, retrieve, gather and describe candidates: everything but the weights."""
        t0 = time.perf_counter()
        question = (question or "").strip()
        if not re.search(r"[A-Za-z]{2}", question) or not len(self.retriever):
            return Prepared(
                question,
                shape_of(""),
                Links(),
                miss="Ask a question in words, e.g. 'who funds CSE prevention?'",
                t0=t0,
            )
        read = self.spelling(question)
        qvec = self.embedder.encode([read])[0]
        links = self.lexicon.link(read, self.tagger, self._topic_vectors, qvec)
        if not links.areas:
            links.areas = self.lexicon.implied_areas(links)
        shape = shape_of(read, [lk.mention for lk in (*links.orgs, *links.documents, *links.people)])
        content = read
        if scoped := self.scoper.scope(read):
            doc, a, b = scoped
            content = (read[:a] + read[b:]).strip() or read  # the document's name scopes; it is not asked
            if doc not in links.iris("documents"):
                links.documents.append(Link(doc, self.doc_title.get(doc, ""), "document", 1.0, read[a:b]))
        prepared = Prepared(read, shape, links, t0=t0)
        if unknown := unknown_names(read, self._knows):
            prepared.miss = f"The documents loaded do not mention {unknown[0]}."
            prepared.hits = self._retrieve(content, qvec, links, shape)
            return prepared
        hits = self._retrieve(content, qvec, links, shape, scoped[0] if scoped else None)
        prepared.hits = hits
        confident = bool(hits) and (
            max(h.dense_sim for h in hits[:5]) >= MIN_CONFIDENCE
            or bool(links.orgs or links.people or links.documents or links.topics)
        )
        if not confident:
            prepared.miss = "The documents loaded do not answer this question."
            return prepared
        focus = _focus(hits)
        asked = Asked(
            read,
            shape,
            links,
            self.retriever.idf,
            self.doc_area,
            self._tag,
            focus,
            self._label_similarity(qvec),
            self.lexicon.names_of,
            self.doc_issued,
        )
        prepared.asked = asked
        passages = self._passages(hits)
        facts = self._facts(shape, hits[:FACT_PASSAGES])
        hit_of = {h.item.id: (r, h) for r, h in enumerate(hits)}
        graph = from_facts(facts, self.lexicon.names_of)
        for c in graph:
            for ev in c.evidence:
                self._attach(ev.passage, hit_of)
                if not ev.located:
                    ev.start, ev.end = _best_sentence(ev.passage, asked)
        top = passages[:READ_PASSAGES]
        head = normalise(shape.head or "").rstrip("s")
        kinds_at: dict[tuple[str, int], set[str]] = {}
        text = span_candidates(
            top,
            self.span_reader,
            head,
            kinds_at,
            self.lexicon.pref_label.get,
            self._table_scale,
            self.doc_area.get,
        )
        if LIST_TYPES & set(shape.answer_types):
            # a list answers a question asking for several things, not "who" or "how much"
            text += list_candidates(top, self._following)
            text += run_candidates(top[:8], self._run)
            text += self._sibling_lists(facts, hit_of)
            text += self._heading_lists(top[:8], hit_of)
        else:
            text = [c for c in text if c.ctype != "list"]
        if shape.of_document and shape.answer_types[0] == "date":
            text += self._issue_dates([*links.iris("documents"), focus], hit_of)
        text += sentence_candidates(
            passages[:READ_PASSAGES],
            asked.overlap,
            tells_more=asked.tells_more,
            per_passage=SENTENCES_PER_PASSAGE,
        )
        prepared.candidates = merge(graph + text)
        if shape.inverse:
            prepared.candidates = _items_of_subject(prepared.candidates, links, shape.inverse[1])
        for c in prepared.candidates:
            # the statement that best matches what is asked first (the line it funds, not another)
            c.evidence.sort(
                key=lambda e: (
                    not states_asked_amount(e.quote, asked),  # the row with the sum asked about
                    -round(asked.overlap(e.quote, True) + asked.overlap(e.item or "", True), 2),
                    -(e.passage.hit.score if e.passage.hit else 0.0),
                )
            )
        secondary = (
            Asked(
                shape.secondary,
                shape_of(shape.secondary),
                links,
                self.retriever.idf,
                self.doc_area,
                self._tag,
            )
            if shape.secondary
            else None
        )
        add_nearby_evidence(
            prepared.candidates,
            self._around,
            (lambda t: secondary.overlap(t, asked_only=True)) if secondary else None,
            shape.contact,
        )
        for c in prepared.candidates:
            kinds = set().union(*(kinds_at.get((e.passage.iri, e.start), set()) for e in c.evidence[:5]))
            c.extra["types_in_sentence"] = kinds
        prepared.x = matrix(prepared.candidates, asked)
        return prepared

    def finish(self, prepared: Prepared, scores: np.ndarray, top: int = 5) -> dict[str, Any]:
        """Rank the candidates by ``scores`` (the ranker's margins) and answer (or say why not).

        An answer's ``score`` is its weight beside the best answer's: exp(margin - best margin),
        1.0 for the best, 0.37 for one a unit of evidence behind."""
        top = max(1, min(int(top or 5), 50))
        if prepared.miss:
            return self._miss(prepared, prepared.miss)
        # Two readings of the question order the candidates before the weights do: what the question
        # itself names is its subject, not its answer ("how much does the PCT put into CAMHS?" names a
        # body called CAMHS); and an answer of a kind the question does not ask for ("SEN" for "who
        # funds ...?") comes after those of the kinds it does and after the sentences stating them.
        n = len(prepared.candidates)
        x = prepared.x if prepared.x is not None and len(prepared.x) else np.zeros((n, len(INDEX)))
        named = x[:, INDEX["named_in_question"]] > 0
        unfit = (x[:, INDEX["type_rank"]] == 0) & (x[:, INDEX["is_sentence"]] == 0)
        # Current facts are preferred to those of a document a newer edition replaces, unless the
        # question names a year (then it may be asking about the older edition): a historical
        # answer yields to a current one nearly as well supported (HISTORICAL_MARGIN).
        dated = bool(re.search(r"\b(?:19|20)\d\d\b", prepared.question))
        old = [not dated and bool(self.historical(c)) for c in prepared.candidates]
        ranked = [float(scores[i]) - (HISTORICAL_MARGIN if old[i] else 0.0) for i in range(n)]
        order = sorted(
            range(n),
            key=lambda i: (bool(named[i]), bool(unfit[i]), -ranked[i], prepared.candidates[i].key),
        )
        chosen: list[int] = []
        seen: set[str] = set()
        for i in order:
            c = prepared.candidates[i]
            label = normalise(c.label)
            if not label or label in seen:
                continue
            seen.add(label)
            chosen.append(i)
            if len(chosen) > top:
                break
        best_sentence = next((i for i in order if prepared.candidates[i].ctype == "sentence"), None)
        shown = chosen[:top]
        no_sentence = not any(prepared.candidates[i].ctype == "sentence" for i in shown)
        if top >= 3 and best_sentence is not None and len(shown) == top and no_sentence:
            # never worse than search: the best sentence stating it is always among the answers
            chosen = [*shown[:-1], best_sentence, *[i for i in chosen[top:] if i != best_sentence]]
        types = self._types([prepared.candidates[i].iri for i in chosen[:top]])
        best = ranked[chosen[0]] if chosen else 0.0
        answers = [
            answer_json(
                self,
                prepared,
                prepared.candidates[i],
                float(np.exp(min(0.0, ranked[i] - best))),
                types.get(prepared.candidates[i].iri or "", []),
                self.ranker.explain(prepared.x[i]) if prepared.x is not None else [],
            )
            for i in chosen[:top]
        ]
        answers = detail_first(
            detail_asked(prepared.question), answers, [prepared.candidates[i] for i in chosen[:top]], top
        )
        if not answers:
            return self._miss(prepared, "The documents loaded do not answer this question.")
        if lacking := missing_value(prepared.question, answers):
            return self._miss(prepared, f"No answer in the documents loaded gives {lacking}.")
        links = prepared.links
        return {
            "question": prepared.question,
            "intent": prepared.intent,
            "answers": answers,
            "sparql": _graph_query(answers),
            "entities": {
                "bodies": [lk.label for lk in links.orgs],
                "people": [lk.label for lk in links.people],
                "areas": links.areas,
                "topics": [lk.label for lk in links.topics],
                "documents": [lk.label for lk in links.documents],
            },
            "truncated": len(chosen) > top,
            "took_ms": round((time.perf_counter() - prepared.t0) * 1000, 1),
        }

    def _miss(self, prepared: Prepared, message: str) -> dict[str, Any]:
        """An honest miss: no answers, a message saying why, and the closest passages to read."""
        return {
            "question": prepared.question,
            "intent": prepared.intent if prepared.question else None,
            "answers": [],
            "sparql": None,
            "truncated": False,
            "message": message,
            "passages": [self._passage_json(h) for h in prepared.hits[:3]],
        }

    # ------------------------------------------------------------------ retrieval
    def _retrieve(
        self, question: str, qvec: np.ndarray, links: Links, shape: Shape, document: str | None = None
    ) -> list[Hit]:
        weights = None
        if links.areas or document:
            wanted = set(links.areas)
            weights = np.array(
                [
                    (1.0 if not wanted or self.doc_area.get(it.doc) in wanted else 0.3)
                    * (1.0 if document is None or it.doc == document else 0.3)
                    for it in self.retriever.items
                ]
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
        spelled = [
            full
            for acr in re.findall(r"\b[A-Z][A-Za-z&]{1,7}\b", question)
            for full in self.acronyms.get(acr, ())
        ]
        expansion = " ".join(
            [expand_informal(question), *topic_words, *short_forms, *spelled]
            + [lk.label for lk in links.orgs if normalise(lk.mention) != normalise(lk.label)]
            + [lk.label for lk in links.documents]
        )
        hits = self.retriever.search(question, qvec, k=50, weights=weights, bm25_query=expansion)
        hits = self._add_stated(hits, links)
        if shape.inverse:
            hits = self._add_items_of(hits, links)
        if shape.relation == "author" or shape.of_document:
            hits = self._add_front_matter(hits, links)
        return self._widen(hits)

    def _add_front_matter(self, hits: list[Hit], links: Links, reach: int = 2500) -> list[Hit]:
        """For "who wrote ...", "when was it published": the passages of the document asked about that
        credit its authors and date it (its title page, an "Author(s)" or "Report by" block)."""
        docs = [lk.iri for lk in links.documents if lk.iri in self._doc_passages]
        if not docs:
            docs = [d for d in [_focus(hits)] if d] or ([hits[0].item.doc] if hits else [])
        have = {h.item.id for h in hits}
        best = hits[0].score if hits else 1.0
        extra = []
        for doc in docs:
            starts, ids = self._doc_passages[doc]
            for start, pid in zip(starts, ids, strict=True):
                if pid in have:
                    continue
                credited = AUTHOR_LINE.search(self._own_text(pid))
                if start < reach or credited:
                    score = best * (0.9 if credited else 0.7)
                    extra.append(Hit(self._item_by_id[pid], score, None, None, 0.0, origin="named"))
        extra.sort(key=lambda h: -h.score)  # the lines that credit authors first, then the front page
        return sorted([*hits, *extra[:16]], key=lambda h: -h.score)

    def _add_stated(self, hits: list[Hit], links: Links) -> list[Hit]:
        """Passages stating the priorities of a document the question names."""
        if not links.documents:
            return hits
        rows = self.store.query(
            template("stated-in"), {"statedIn": [URIRef(lk.iri) for lk in links.documents]}
        ).values()
        return self._add_passages(hits, [r["passage"] for r in rows], 0.7)

    def _add_items_of(self, hits: list[Hit], links: Links) -> list[Hit]:
        """For "what does X fund / commission / provide": the passages stating X's items."""
        if not links.orgs:
            return hits
        rows = self.store.query(
            template("items-of-body"), {"body": [URIRef(lk.iri) for lk in links.orgs]}
        ).values()
        return self._add_passages(hits, [r["passage"] for r in rows], 0.8)

    def _add_passages(self, hits: list[Hit], passages: list[str], share: float) -> list[Hit]:
        """Passages the graph points to, as hits worth ``share`` of the best search hit."""
        have = {h.item.id for h in hits}
        best = hits[0].score if hits else 1.0
        extra = [
            Hit(self._item_by_id[p], share * best, None, None, 0.0, origin="named")
            for p in dict.fromkeys(passages)
            if p in self._item_by_id and p not in have
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
                    added[near] = Hit(
                        item, score, None, None, h.dense_sim * 0.8, h.bm25 * 0.5, h.window, "near"
                    )
        for h in hits[:top]:
            # the text printed under a heading that matches the question is what answers; and
            # "They were given ...": the passage before, in the same paragraph, names who "they" are
            before = self._named_before(h.item.id)
            for pid in [*self._under_heading(h.item.id), *([before] if before else [])]:
                score = CONTEXT_SCORE * h.score
                known = have.get(pid) or added.get(pid)
                if known is None or known.score < score:
                    item = self._item_by_id[pid]
                    added[pid] = Hit(item, score, None, None, h.dense_sim, h.bm25, h.window, "near")
        have.update(added)
        return sorted(have.values(), key=lambda h: -h.score)

    def _named_before(self, passage: str) -> str | None:
        """The passage just before ``passage`` in the same paragraph when ``passage`` opens mid-
        sentence or with a pronoun ("They", "It", "This board") whose referent it printed;
        otherwise None."""
        if passage not in self._doc_of:
            return None
        p = self._passage_of(passage)
        if not (p.text[:1].islower() or _OPENS_WITH_PRONOUN.match(p.text)):
            return None
        prev = self._around(p, 1, 0)[0]
        return prev[0].iri if prev and 0 <= p.start - (prev[0].start + len(prev[0].text)) <= 1 else None

    def _under_heading(self, passage: str, most: int = 2) -> list[str]:
        """The first passages printed under ``passage`` when it is a heading (the passages after it
        whose section ends with its text); empty for any other passage."""
        if passage not in self._doc_of:
            return []
        p = self._passage_of(passage)
        heading = " ".join(p.text.split())
        if not heading or len(heading) > 150:
            return []
        out = []
        for q in self._around(p, 0, most)[1]:
            if not " ".join((q.section or "").split()).endswith(heading):
                break
            out.append(q.iri)
        return out

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

    def _passage_of(self, pid: str) -> Passage:
        """A passage from memory (the index): its own text and its last two section levels."""
        start, end = _offsets(pid)
        text = self._item_by_id[pid].text
        own = text[max(0, len(text) - (end - start)) :]
        prefix = text[: len(text) - len(own)]
        section = prefix[:-2] if prefix.endswith(": ") else None
        doc = self._doc_of[pid]
        return Passage(pid, doc, self.doc_title.get(doc, ""), section, start, own)

    def _around(self, p: Passage, before: int = 12, after: int = 12) -> tuple[list[Passage], list[Passage]]:
        """The passages just before and after ``p`` in its document, nearest first."""
        starts, ids = self._doc_passages.get(p.doc, ([], []))
        i = bisect.bisect_left(starts, p.start)
        prev = [self._passage_of(pid) for pid in reversed(ids[max(0, i - before) : i])]
        j = bisect.bisect_right(starts, p.start)
        nxt = [self._passage_of(pid) for pid in ids[j : j + after]]
        return prev, nxt

    def _table_scale(self, p: Passage, reach: int = 15) -> Decimal | None:
        """Pounds per unit of a table row's bare figures: the money unit its table's header rows
        (or the caption just above them) print, "£000s" or "£m"; None when there is none or two."""
        scales = set()
        for q in self._around(p, reach, 0)[0]:
            cells = q.text.split("\t") if "\t" in q.text else [q.text]
            scales |= {sc for c in cells if (sc := column_scale(c)) is not None}
            if "\t" not in q.text:
                break  # the caption or the paragraph before the table: the table ends here
        return scales.pop() if len(scales) == 1 else None

    def _following(self, p: Passage, limit: int = 12, max_chars: int = 400) -> list[Passage]:
        """The short passages right after ``p`` in its document (the items of a list it introduces)."""
        out: list[Passage] = []
        last_end = p.start + len(p.text)
        for q in self._around(p, 0, limit)[1]:
            if q.start - last_end > 40 or len(q.text) > max_chars or q.text.rstrip().endswith(":"):
                break
            out.append(q)
            last_end = q.start + len(q.text)
        return out

    def _run(self, p: Passage, max_chars: int = 250, gap: int = 40, most: int = 15) -> list[Passage]:
        """The run of short passages of one section that ``p`` belongs to (a list), up to ``most``
        items; a table's rows are not a list (each row is its own answer)."""
        if len(p.text) > max_chars:
            return []
        prev, nxt = self._around(p)
        run = [p]
        edge = p.start
        for q in prev:
            if q.section != p.section or len(q.text) > max_chars or edge - (q.start + len(q.text)) > gap:
                break
            run.insert(0, q)
            edge = q.start
        edge = p.start + len(p.text)
        for q in nxt:
            if q.section != p.section or len(q.text) > max_chars or q.start - edge > gap:
                break
            run.append(q)
            edge = q.start + len(q.text)
        if len(run) > most:
            i = run.index(p)
            lo = max(0, min(i - most // 2, len(run) - most))
            run = run[lo : lo + most]
        return run if len(run) >= 3 else []

    def _own_text(self, passage: str) -> str:
        """A passage's own text, without the section path the index prefixes to it."""
        start, end = _offsets(passage)
        text = self._item_by_id[passage].text
        return text[max(0, len(text) - (end - start)) :]

    # ------------------------------------------------------------------ reading the graph
    def _passages(self, hits: list[Hit]) -> list[Passage]:
        """The best passages with their text, document and section, in retrieval order."""
        ids = [h.item.id for h in hits[:READ_PASSAGES]]
        rows = self.store.query(template("passages"), {"passage": [URIRef(p) for p in ids]}).values()
        by_id = {r["passage"]: r for r in rows}
        out = []
        for rank, h in enumerate(hits[:READ_PASSAGES]):
            r = by_id.get(h.item.id)
            if r is None:
                continue
            out.append(
                Passage(
                    h.item.id,
                    r["doc"],
                    r["docTitle"],
                    r.get("section"),
                    int(r["start"]),
                    r["quote"],
                    h,
                    rank if h.origin == "search" else None,
                )
            )
        return out

    def _facts(self, shape: Shape, hits: list[Hit]) -> list[Fact]:
        names: list[str] = []
        if shape.inverse:
            names += TEMPLATES_BY_INVERSE[shape.inverse[1]]
        if shape.relation:
            names += TEMPLATES_BY_RELATION.get(shape.relation, ())
        for t in shape.answer_types:
            names += TEMPLATES_BY_TYPE.get(t, ())
        passages = [h.item.id for h in hits]
        facts: list[Fact] = []
        for name in dict.fromkeys(names):
            facts.extend(READERS[name](self.store.query(bound_query(name, passages)).values()))
        if shape.contact or "person" in shape.answer_types[:2]:
            facts.extend(self._people_near(hits))
        return facts

    def _people_near(self, hits: list[Hit]) -> list[Fact]:
        """People in the documents of the best passages (a contact block is rarely the line that
        matched the question, but it is in the same document)."""
        docs: dict[str, float] = {}
        for h in hits[:10]:
            docs[h.item.doc] = docs.get(h.item.doc, 0.0) + h.score
        top_docs = sorted(docs, key=lambda d: -docs[d])[:2]
        if not top_docs:
            return []
        rows = self.store.query(
            template("people-in-documents"), {"doc": [URIRef(d) for d in top_docs]}
        ).values()
        return READERS["people"](rows)

    def _issue_dates(
        self, docs: list[str | None], hit_of: dict[str, tuple[int, Hit]], reach: int = 5000
    ) -> list[Candidate]:
        """For "when was the report published?": each document's issue date (dcterms:issued, read
        from its cover at build), quoted where its front pages print it."""
        out = []
        for doc in dict.fromkeys(d for d in docs if d in self.doc_issued):
            starts, ids = self._doc_passages.get(doc, ([], []))
            found = None
            for start, pid in zip(starts, ids, strict=True):
                if start > reach or found:
                    break
                p = self._passage_of(pid)
                for label, a, b in dates_in(p.text):
                    if is_issue_date(label, self.doc_issued[doc]):
                        self._attach(p, hit_of)
                        found = Candidate(
                            key=text_key("date", label),
                            label=label,
                            ctype="date",
                            sources={"span"},
                            evidence=[evidence_at(p, (a, b))],
                        )
                        break
            if found:
                out.append(found)
        return out

    def _numbered_headings(self, doc: str) -> list[tuple[str, str, str]]:
        """A document's numbered headings ("Option 2: ...") in order: (parent heading, heading,
        passage), read once per document."""
        cached = self._headings_of.get(doc)
        if cached is None:
            cached = []
            for pid in self._doc_passages.get(doc, ([], []))[1]:
                p = self._passage_of(pid)
                text = p.text.strip()
                if len(text) <= 200 and "\n" not in text and NUMBERED_HEADING.match(text):
                    cached.append(((p.section or "").split(" > ")[-1], text, pid))
            self._headings_of[doc] = cached
        return cached

    def _heading_lists(self, passages: list[Passage], hit_of: dict[str, tuple[int, Hit]]) -> list[Candidate]:
        """The numbered headings a retrieved passage sits under or is one of ("Option 1 ...",
        "Option 2 ...", "Option 3 ..."), as one list: decision reports print their options, and
        strategies their priorities, as headings rather than as a list."""
        out, seen = [], set()
        for p in passages:
            headings = self._numbered_headings(p.doc)
            if not headings:
                continue
            parts = (p.section or "").split(" > ")
            at = next((i for i, h in enumerate(headings) if h[2] == p.iri), None)
            if at is None and len(parts) >= 2:
                at = next(
                    (i for i, h in enumerate(headings) if h[1] == parts[-1] and h[0] == parts[-2]), None
                )
            members = heading_list(headings, at) if at is not None else []
            if not members or (p.doc, members[0]) in seen:
                continue
            seen.add((p.doc, members[0]))
            evidence = []
            for i in members:
                hp = self._passage_of(headings[i][2])
                self._attach(hp, hit_of)
                evidence.append(Evidence(hp, 0, len(hp.text), (0, len(hp.text))))
            if all(e.passage.iri != p.iri for e in evidence):
                evidence.append(evidence_at(p, None))
            key = f"list:headings:{headings[members[0]][2]}"
            out.append(list_candidate(key, [headings[i][1] for i in members], evidence))
        return out

    def _sibling_lists(
        self, facts: list[Fact], hit_of: dict[str, tuple[int, Hit]], groups: int = 3
    ) -> list[Candidate]:
        """The whole list a retrieved priority belongs to (its siblings in rank order), as one answer."""
        best: dict[tuple[str, str, str], tuple[float, Fact]] = {}
        for f in facts:
            if f.relation != "priority":
                continue
            key = (
                str(f.extra.get("statedIn")),
                str(f.extra.get("ownerLabel")),
                str(f.extra.get("parentLabel")),
            )
            score = hit_of[f.passage][1].score if f.passage in hit_of else 0.0
            if key not in best or score > best[key][0]:
                best[key] = (score, f)
        out = []
        for _score, f in sorted(best.values(), key=lambda sf: -sf[0])[:groups]:
            siblings = self.siblings(f.answer)
            if len(siblings) < 2:
                continue
            p = passage_from_fact(f)
            self._attach(p, hit_of)
            c = list_candidate(f"list:{f.answer}", siblings, [evidence_at(p, None)], "graph")
            c.facts.append(f)
            out.append(c)
        return out

    def _attach(self, p: Passage, hit_of: dict[str, tuple[int, Hit]]) -> None:
        found = hit_of.get(p.iri)
        if found is not None:
            rank, hit = found
            p.hit = hit
            p.rank = rank if hit.origin == "search" else None

    def _types(self, iris: list[str | None]) -> dict[str, list[str]]:
        wanted = [URIRef(i) for i in dict.fromkeys(i for i in iris if i)]
        if not wanted:
            return {}
        rows = self.store.query("SELECT DISTINCT ?s ?t WHERE { ?s a ?t }", {"s": wanted}).rows
        out: dict[str, list[str]] = {}
        for r in rows:
            out.setdefault(r["s"].value, []).append(r["t"].value)
        return {k: sorted(v) for k, v in out.items()}

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
            {
                "near": p,
                "quote": by_id[p]["quote"],
                "section": by_id[p].get("section"),
                "start": by_id[p]["start"],
            }
            for p in near
            if p in by_id
        ]

    def historical(self, c: Candidate) -> dict[str, Any] | None:
        """The replacement of the document a candidate is stated in, if every document stating it
        has a newer edition; else None (a fact any current document states is current)."""
        if not self.replaced_by or not c.evidence:
            return None
        docs = {e.passage.doc for e in c.evidence}
        if not all(d in self.replaced_by for d in docs):
            return None
        return self.replaced_by[c.evidence[0].passage.doc]

    def siblings(self, item: str) -> list[str]:
        return [
            r["siblingLabel"] for r in self.store.query(template("siblings"), {"item": URIRef(item)}).values()
        ]


INVERSE_ROLES = {
    "funded-by": ("funder",),
    "commissioned-by": ("commissioner", "funder"),
    "provided-by": ("provider",),
}


def _items_of_subject(candidates: list[Candidate], links: Links, inverse: str) -> list[Candidate]:
    """For "what does X fund / commission / provide": X's own items (the graph says X funds,
    commissions or provides them); other bodies' items, and sentences, are not the answer when
    the graph has X's own."""
    subject = links.iris("orgs")
    roles = INVERSE_ROLES[inverse]
    own = [
        c
        for c in candidates
        if c.iri not in subject and any(str(f.extra.get(r) or "") in subject for f in c.facts for r in roles)
    ]
    if not own:
        return candidates
    return own


def _corpus_acronyms(items, limit: int = 3) -> dict[str, tuple[str, ...]]:
    """What the documents say their acronyms stand for ("TAMHS" -> "Targeted Mental Health in
    Schools"), so a question typed with an acronym finds the passages that spell it out."""
    found: dict[str, dict[str, int]] = {}
    for it in items:
        if "(" not in it.text:
            continue
        for full, acr in inline_definitions(it.text):
            counts = found.setdefault(acr.rstrip("s'’"), {})
            counts[full] = counts.get(full, 0) + 1
    return {acr: tuple(sorted(c, key=lambda f: -c[f])[:limit]) for acr, c in found.items()}


def _best_sentence(p: Passage, asked: Asked) -> tuple[int, int]:
    spans = p.sentences()
    if not spans:
        return 0, len(p.text)
    return max(spans, key=lambda s: (asked.overlap(p.text[s[0] : s[1]]), -s[0]))


def _graph_query(answers: list[dict[str, Any]]) -> str | None:
    """The query behind the best answer that came from the graph (else the best answer's)."""
    for a in answers:
        if a["types"] != [PASSAGE_TYPE]:
            return a["sparql"]
    return answers[0]["sparql"] if answers else None


def _focus(hits: list[Hit], top: int = 8, share: float = 0.6) -> str | None:
    """The document the best passages come from, when one holds most of them."""
    mass: dict[str, float] = {}
    for h in hits[:top]:
        mass[h.item.doc] = mass.get(h.item.doc, 0.0) + h.score
    total = sum(mass.values()) or 1.0
    best = max(mass, key=mass.get) if mass else None
    return best if best and mass[best] / total >= share else None


def _offsets(passage_iri: str) -> tuple[int, int]:
    m = re.search(r"/(\d+)-(\d+)$", passage_iri)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


__all__ = ["AskEngine", "Evidence", "Prepared"]
