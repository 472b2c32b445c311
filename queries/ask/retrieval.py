"""Hybrid passage retrieval: BM25 and dense (MiniLM) rankings, and BM25 over windows of
neighbouring passages, fused by reciprocal rank.

BM25 finds exact terms (acronyms, names, amounts), the embeddings find paraphrases
("round-the-clock" for "24/7", "kids" for "children"); reciprocal-rank fusion needs no
score calibration between them. Windows (runs of consecutive passages of about 600
characters, overlapping by half) find the passage whose words are split from their
context: a table row whose subject is in the row above, a list item under its lead-in, a
sentence cut where a PDF broke the line. The same class serves the baselines that
bench/answers.py scores beside the engine.

>>> tokens("Children's Centres provided by the DfES in 2008")
['children', 'centr', 'provid', 'dfes', '2008']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import bm25s
import numpy as np
import snowballstemmer

from ckg.graph.embeddings import EmbeddingIndex, IndexItem
from ckg.queries.ask.linking import STOP, normalise

RRF_K = 60
WINDOW_CHARS = 600  # a window's length; a new one starts every half of it
RARE_DF = 3  # a word printed in at most this many passages names what a question asks about
RARE_WEIGHT = 1.0  # its passages get one ranking more, weighed like each of the others


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def tokens(text: str) -> list[str]:
    """Lower-case content words, hyphenated words split, Snowball-stemmed ("steers", "steering" -> "steer")."""
    out = []
    for w in normalise(text).replace("-", " ").replace("/", " ").split():
        if w in STOP or len(w) < 2:
            continue
        out.append(_stem(w))
    return out


@dataclass
class Hit:
    item: IndexItem
    score: float  # fused score, 0..1 (1 = best possible)
    bm25_rank: int | None
    dense_rank: int | None
    dense_sim: float
    bm25: float = 0.0  # BM25 score over the best BM25 score of the question (0..1)
    window: float = 0.0  # BM25 score of its best window over the best window's (0..1)
    origin: str = "search"  # search | near (a line around a hit) | named (the document asked about)


class HybridRetriever:
    def __init__(self, index: EmbeddingIndex) -> None:
        self.index = index
        self.positions = [i for i, it in enumerate(index.items) if it.kind == "passage"]
        self.items = [index.items[i] for i in self.positions]
        self.vectors = index.vectors[self.positions] if self.positions else np.zeros((0, 384), np.float32)
        self._bm25: bm25s.BM25 | None = None
        self._windows: tuple[bm25s.BM25, list[list[int]]] | None = None
        self._df: dict[str, int] | None = None
        self._rare_postings: dict[str, list[int]] = {}  # passages of each word printed in few

    @property
    def bm25(self) -> bm25s.BM25 | None:
        """BM25 (Okapi, bm25s's sparse implementation: ~0.1 ms a query where rank_bm25 took 60)."""
        if self._bm25 is None and self.items:
            bm = bm25s.BM25(method="robertson")
            bm.index([tokens(it.text) or ["_"] for it in self.items], show_progress=False)
            self._bm25 = bm
        return self._bm25

    @property
    def windows(self) -> tuple[bm25s.BM25, list[list[int]]] | None:
        """BM25 over windows of consecutive passages, and each window's passages (by position)."""
        if self._windows is None and self.items:
            by_doc: dict[str, list[tuple[int, int, int]]] = {}
            for i, it in enumerate(self.items):
                start, end = _offsets(it.id)
                by_doc.setdefault(it.doc, []).append((start, end, i))
            members: list[list[int]] = []
            for rows in by_doc.values():
                rows.sort()
                last: int | None = None
                for k, (start, _end, _i) in enumerate(rows):
                    if last is not None and start - last < WINDOW_CHARS // 2:
                        continue
                    last = start
                    window = [i for s0, _e, i in rows[k:] if s0 < start + WINDOW_CHARS] or [rows[k][2]]
                    members.append(window)
            bm = bm25s.BM25(method="robertson")
            bm.index(
                [[t for i in w for t in tokens(self.items[i].text)] or ["_"] for w in members],
                show_progress=False,
            )
            self._windows = (bm, members)
        return self._windows

    def __len__(self) -> int:
        return len(self.items)

    def _frequencies(self) -> dict[str, int]:
        """Each (stemmed) token's passage count, and the passages of the rarest, built once."""
        if self._df is None:
            df: dict[str, int] = {}
            postings: dict[str, list[int]] = {}
            for i, it in enumerate(self.items):
                for t in set(tokens(it.text)):
                    df[t] = df.get(t, 0) + 1
                    if df[t] <= RARE_DF:
                        postings.setdefault(t, []).append(i)
            self._df = df
            self._rare_postings = {t: ids for t, ids in postings.items() if df[t] <= RARE_DF}
        return self._df

    def idf(self, token: str) -> float:
        """Inverse document frequency of a (stemmed) token over the passages: rare words weigh more."""
        n = max(1, len(self.items))
        return float(np.log(1 + n / (1 + self._frequencies().get(token, 0))))

    def knows(self, token: str) -> bool:
        """Does any passage hold this (stemmed) token, or one a typo away from it?"""
        df = self._frequencies()
        if token in df:
            return True
        if len(token) < 5:
            return False
        from rapidfuzz import fuzz, process

        return process.extractOne(token, df.keys(), scorer=fuzz.ratio, score_cutoff=85) is not None

    def bm25_scores(self, query: str) -> np.ndarray:
        q = tokens(query)
        if not q or self.bm25 is None:
            return np.zeros(len(self.items))
        return np.asarray(self.bm25.get_scores(q), dtype=np.float64)

    def dense_scores(self, vector: np.ndarray) -> np.ndarray:
        if not len(self.items):
            return np.zeros(0)
        return self.vectors @ vector

    def search(
        self,
        query: str,
        vector: np.ndarray,
        k: int = 40,
        depth: int = 200,
        weights: np.ndarray | None = None,
        bm25_query: str | None = None,
    ) -> list[Hit]:
        """Top-k passages; ``weights`` (per passage, >0) scale the fused score, e.g. to favour an area."""
        n = len(self.items)
        if not n:
            return []
        bm = self.bm25_scores(bm25_query or query)
        dense = self.dense_scores(vector)
        bm_order = [i for i in np.argsort(-bm)[:depth] if bm[i] > 0]
        dense_order = list(np.argsort(-dense)[:depth])
        window_rank, window_score = self._window_ranks(bm25_query or query, depth)
        rare_rank = self._rare_ranks(bm25_query or query, bm)
        fused: dict[int, float] = {}
        bm_rank = {i: r for r, i in enumerate(bm_order)}
        dense_rank = {i: r for r, i in enumerate(dense_order)}
        for i in set(bm_order) | set(dense_order) | set(window_rank) | set(rare_rank):
            s = RARE_WEIGHT / (RRF_K + rare_rank[i]) if i in rare_rank else 0.0
            if i in bm_rank:
                s += 1.0 / (RRF_K + bm_rank[i])
            if i in dense_rank:
                s += 1.0 / (RRF_K + dense_rank[i])
            if i in window_rank:
                s += 1.0 / (RRF_K + window_rank[i])
            if weights is not None:
                s *= float(weights[i])
            fused[i] = s
        best = 3.0 / RRF_K
        top_bm25 = float(bm[bm_order[0]]) if bm_order else 1.0
        top = sorted(fused, key=lambda i: -fused[i])[:k]
        return [
            Hit(
                self.items[i],
                fused[i] / best,
                bm_rank.get(i),
                dense_rank.get(i),
                float(dense[i]),
                float(bm[i]) / top_bm25 if top_bm25 > 0 else 0.0,
                window_score.get(i, 0.0),
            )
            for i in top
        ]

    def _rare_ranks(self, query: str, bm: np.ndarray) -> dict[int, int]:
        """The passages holding a word of the query that almost no passage holds (an acronym, a
        project's name), ranked by BM25: such a word names what is asked, and the few passages
        that print it must not drown under passages sharing many common words with the question."""
        df = self._frequencies()
        rare = {t for t in tokens(query) if t.isalpha() and 0 < df.get(t, 0) <= RARE_DF}
        if not rare:
            return {}
        holding = {i for t in rare for i in self._rare_postings[t]}
        return {i: r for r, i in enumerate(sorted(holding, key=lambda i: -bm[i]))}

    def _window_ranks(self, query: str, depth: int) -> tuple[dict[int, int], dict[int, float]]:
        """Each passage's rank by its best window, and that window's score over the best window's."""
        q = tokens(query)
        if not q or self.windows is None:
            return {}, {}
        bm, members = self.windows
        scores = np.asarray(bm.get_scores(q), dtype=np.float64)
        order = [w for w in np.argsort(-scores)[: depth // 4] if scores[w] > 0]
        top = float(scores[order[0]]) if order else 1.0
        rank: dict[int, int] = {}
        score: dict[int, float] = {}
        for r, w in enumerate(order):
            for i in members[w]:
                if i not in rank:
                    rank[i] = r
                    score[i] = float(scores[w]) / top
        return rank, score

    def bm25_only(self, query: str, k: int = 5) -> list[IndexItem]:
        bm = self.bm25_scores(query)
        return [self.items[i] for i in np.argsort(-bm)[:k]]

    def dense_only(self, vector: np.ndarray, k: int = 5) -> list[IndexItem]:
        dense = self.dense_scores(vector)
        return [self.items[i] for i in np.argsort(-dense)[:k]]


def _offsets(passage_iri: str) -> tuple[int, int]:
    tail = passage_iri.rsplit("/", 1)[-1]
    start, _, end = tail.partition("-")
    return (int(start), int(end)) if start.isdigit() and end.isdigit() else (0, 0)
