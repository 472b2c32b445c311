"""Hybrid passage retrieval on an invented index, with the real MiniLM model.

The passages are invented: many share the common words of a question ("commissioning work
programme"), one prints the rare name the question is about. That one passage must come
first, although BM25 and the embeddings each prefer the passages with more common words.
"""

from __future__ import annotations

import pytest

from ckg.graph.embeddings import EmbeddingIndex, IndexItem
from ckg.queries.ask.retrieval import HybridRetriever

COMMON = [
    "The commissioning work programme for Fenwick is proposed for the next three years.",
    "Work on the commissioning programme will be reported to the board every quarter.",
    "The proposed work programme sets out joint commissioning across the partnership.",
    "Commissioning work in the programme will be led by the joint commissioning team.",
    "The programme of commissioning work was proposed at the spring workshop.",
    "This work programme describes how commissioning will change over three years.",
    "The partnership proposed a commissioning programme of work for early help.",
    "A commissioning work programme is proposed for children's health services.",
]
RARE = "Review future options for the HALO pilots in Fenwick's secondary schools."
# Other passages of the documents, on other subjects, so that the common words are not in all.
OTHER = [
    f"{place} {topic} {measure} in {year}."
    for place in ("Fenwick", "Elmshire", "Wexcombe", "Dunmore", "Harlow Vale")
    for topic in (
        "school attendance rose",
        "foster carers were recruited",
        "referrals fell",
        "waiting times grew",
    )
    for measure in ("by a tenth", "slightly", "across the county", "in the north", "for older children")
    for year in ("2024", "2025")
]


@pytest.fixture(scope="module")
def retriever(embedder) -> HybridRetriever:
    texts = [*OTHER, *COMMON, RARE]
    items = [IndexItem(f"urn:p:{i}", "passage", "urn:doc:fenwick", t) for i, t in enumerate(texts)]
    return HybridRetriever(EmbeddingIndex(embedder.encode(texts), items))


def test_a_passage_printing_the_rare_name_asked_about_comes_first(retriever, embedder):
    question = "What does the proposed commissioning work programme say about HALO?"
    hits = retriever.search(question, embedder.encode([question])[0], k=5)
    assert hits[0].item.text == RARE


def test_a_common_word_makes_no_passage_rare(retriever, embedder):
    question = "What does the commissioning work programme propose?"
    hits = retriever.search(question, embedder.encode([question])[0], k=5)
    assert RARE not in [h.item.text for h in hits]
