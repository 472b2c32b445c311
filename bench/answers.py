"""Answer quality of `ckg ask`, scored leave-one-document-out, beside keyword and dense search.

usage: python bench/answers.py [--method pairwise|pointwise] [--c 1.0] [--misses] [--no-latency]

1. Builds (or reuses) bench/out/qa-store: the bundled corpus, ../shared/corpus-unseen and
   bench/documents.
2. Reads every question (the development set ../shared/eval/questions and ours,
   bench/questions) with the engine once, keeping each question's candidates and features.
3. Scores the ranker three ways, each answer list made by the engine's own ``finish`` (what
   `ckg ask` prints) and scored by ../shared/eval/qa_score.py's rule:
   - cross-validated: for each document, weights fitted on the questions of the other
     documents, scored on this document's (the figure that counts);
   - fitted: weights fitted on every question, scored on the same questions;
   - shipped: queries/ask/ranker.json as committed (bench/fit_ranker.py writes it).
4. In the same run scores three baselines on the same questions, the lenient way qa_score.py
   scores its own (a top-k text counts if an expected answer appears anywhere in it and the
   must-mention strings appear in the top k): BM25 over ckg's passages, dense retrieval over
   them (same model), and BM25 over 600-character paragraphs of each document's text.
5. Prints the per-document table, the development-set totals against the bar, the length of
   the first quotes, and warm `ask` latency beside one plain SPARQL query in the same process.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from qa_folds import (
    STORE,
    build,
    chunk_600,
    document_texts,
    hit,
    items,
    labels,
    lenient_hit,
    median,
    qa_module,
    words_in,
)


def collect(engine, qa, all_items):
    out = []
    for n, item in enumerate(all_items, 1):
        prepared = engine.collect(item.q["question"])
        y = labels(qa, item, prepared.candidates) if prepared.x is not None else np.zeros(0, dtype=np.int64)
        out.append((item, prepared, y))
        if n % 50 == 0:
            print(f"  read {n}/{len(all_items)} questions", file=sys.stderr)
    return out


def answer_lists(engine, rows, ranker_of):
    """The answers `ckg ask` would give each question, with the weights ``ranker_of(item)``."""
    out = []
    for item, prepared, _y in rows:
        ranker = ranker_of(item)
        scores = ranker.margins(prepared.x) if prepared.x is not None else np.zeros(0)
        out.append(engine.finish(prepared, scores, 5).get("answers", []))
    return out


def groups_of(rows, keep):
    return [(p.x, y) for item, p, y in rows if keep(item) and p.x is not None and len(y) and item.answerable]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", default=str(STORE))
    ap.add_argument("--method", default="pairwise", choices=("pairwise", "pointwise"))
    ap.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--misses", action="store_true", help="print the cross-validated misses")
    ap.add_argument("--no-latency", action="store_true")
    args = ap.parse_args()

    from ckg.kg import KnowledgeGraph
    from ckg.queries.ask.features import FEATURES
    from ckg.queries.ask.learn import fit
    from ckg.queries.ask.ranker import LinearRanker
    from ckg.queries.ask.retrieval import HybridRetriever

    build(Path(args.store))
    qa = qa_module()
    kg = KnowledgeGraph(args.store)
    engine = kg.engine
    all_items = items()
    t0 = time.perf_counter()
    rows = collect(engine, qa, all_items)
    print(f"read {len(rows)} questions in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    folds = sorted({item.fold for item in all_items})

    # cross-validated: one ranker per held-out document
    per_fold = {
        fold: fit(groups_of(rows, lambda it, f=fold: it.fold != f), FEATURES, args.method, args.c)
        for fold in folds
    }
    cv = answer_lists(engine, rows, lambda it: per_fold[it.fold])
    fitted_ranker = fit(groups_of(rows, lambda it: True), FEATURES, args.method, args.c)
    fitted = answer_lists(engine, rows, lambda it: fitted_ranker)
    shipped_ranker = LinearRanker.load()
    shipped = answer_lists(engine, rows, lambda it: shipped_ranker)

    # baselines in the same process
    retriever = HybridRetriever(kg.index)
    passage_text = {}
    for r in kg.sparql("SELECT ?p ?t WHERE { ?p a ckg:Passage ; ckg:text ?t }").rows:
        passage_text[r["p"].value] = r["t"].value
    texts = [passage_text.get(it.id, it.text) for it in retriever.items]
    from rank_bm25 import BM25Okapi

    plain = BM25Okapi([qa.norm(t).split() or ["_"] for t in texts])
    paras = [p for text in document_texts() for p in chunk_600(text)]
    bm600 = BM25Okapi([qa.norm(p).split() or ["_"] for p in paras])
    questions = [item.q["question"] for item, _, _ in rows]
    vectors = kg.embedder.encode(questions)

    def top(bm, docs, question, k=5):
        s = bm.get_scores(qa.norm(question).split())
        return [docs[i] for i in np.argsort(-s)[:k]]

    base = defaultdict(list)
    for (item, _, _), question, vec in zip(rows, questions, vectors, strict=True):
        b = top(plain, texts, question)
        d = [texts[retriever.items.index(it)] for it in retriever.dense_only(vec, 5)]
        c600 = top(bm600, paras, question)
        base["bm25"].append((lenient_hit(qa, item.q, b[:1]), lenient_hit(qa, item.q, b)))
        base["dense"].append((lenient_hit(qa, item.q, d[:1]), lenient_hit(qa, item.q, d)))
        base["bm25_600"].append((lenient_hit(qa, item.q, c600[:1]), lenient_hit(qa, item.q, c600)))

    def score(answers, idx):
        h1 = sum(hit(qa, rows[i][0], answers[i], 1) for i in idx)
        h5 = sum(hit(qa, rows[i][0], answers[i], 5) for i in idx)
        n = max(1, len(idx))
        return h1 / n, h5 / n

    def bscore(name, idx):
        n = max(1, len(idx))
        return sum(base[name][i][0] for i in idx) / n, sum(base[name][i][1] for i in idx) / n

    answerable = [i for i, (item, _, _) in enumerate(rows) if item.answerable]
    header = (
        f"{'document (questions)':<46}{'n':>4}  {'cv@1':>5}{'cv@5':>6}  {'fit@1':>5}{'fit@5':>6}  "
        f"{'bm25@1':>6}{'@5':>5}  {'600@5':>5}  {'dense@5':>7}"
    )
    print(
        f"\nAnswers, leave-one-document-out ({args.method}, C={args.c}); {len(answerable)} answerable questions"
    )
    print(header)

    def line(name, idx):
        c1, c5 = score(cv, idx)
        f1, f5 = score(fitted, idx)
        b1, b5 = bscore("bm25", idx)
        _, s5 = bscore("bm25_600", idx)
        _, d5 = bscore("dense", idx)
        print(
            f"{name[:46]:<46}{len(idx):>4}  {c1:>5.2f}{c5:>6.2f}  {f1:>5.2f}{f5:>6.2f}  {b1:>6.2f}{b5:>5.2f}  {s5:>5.2f}  {d5:>7.2f}"
        )
        return c1, c5, f1, f5, b5, s5

    below = []
    for fold in folds:
        for source in ("eval", "ours"):
            idx = [i for i in answerable if rows[i][0].fold == fold and rows[i][0].source == source]
            if idx:
                r = line(f"{fold[:36]} ({source})", idx)
                if source == "eval" and r[1] < max(r[4], r[5]):
                    below.append(fold)
    print("-" * len(header))
    dev = [i for i in answerable if rows[i][0].source == "eval"]
    ours = [i for i in answerable if rows[i][0].source == "ours"]
    d = line("development questions (eval)", dev)
    line("our questions (bench/questions)", ours)
    line("all", answerable)
    s1, s5 = score(shipped, dev)
    print(f"shipped queries/ask/ranker.json on the development questions: hit@1 {s1:.2f}, hit@5 {s5:.2f}")
    print(
        f"bar (development, cross-validated): hit@1 {d[0]:.2f} (>= 0.70), hit@5 {d[1]:.2f} (>= 0.90), "
        f"gap to fitted {d[2] - d[0]:+.2f} / {d[3] - d[1]:+.2f} (within 0.05); "
        f"documents below their BM25 baseline at hit@5: {below or 'none'}"
    )
    lost = [i for i in answerable if base["bm25"][i][1] and not hit(qa, rows[i][0], cv[i], 5)]
    won = [i for i in answerable if not base["bm25"][i][1] and hit(qa, rows[i][0], cv[i], 5)]
    print(
        f"against BM25 over the same passages at 5: ckg finds {len(won)} it misses, misses {len(lost)} it "
        f"finds ({', '.join(rows[i][0].q['id'] for i in lost[:40])}{' ...' if len(lost) > 40 else ''})"
    )
    unanswerable = [i for i, (item, _, _) in enumerate(rows) if not item.answerable]
    honest = sum(1 for i in unanswerable if not cv[i])
    print(f"unanswerable questions answered honestly (no answers): {honest}/{len(unanswerable)}")

    # quotes
    firsts = [a[0] for i, a in enumerate(cv) if a and i in set(answerable)]
    lengths = [len(a["evidence"][0]["quote"]) for a in firsts if a.get("evidence")]
    spans = [
        a for a in firsts if a.get("kind") not in ("sentence", "list") and "ontology#Passage" in a["types"][0]
    ]
    held = sum(words_in(a["label"], a["evidence"][0]["quote"]) for a in spans)
    print(
        f"first quotes of the top answers: median {median(lengths):.0f} characters, "
        f"{sum(x > 300 for x in lengths)} of {len(lengths)} over 300; span answers whose quote holds "
        f"the label's words: {held}/{len(spans)}"
    )

    by_kind = defaultdict(lambda: [0, 0])
    for i in answerable:
        kind = rows[i][0].q.get("answer_type") or rows[i][0].q.get("kind")
        by_kind[kind][0] += 1
        by_kind[kind][1] += hit(qa, rows[i][0], cv[i], 1)
    print(
        "cross-validated hit@1 by question type: "
        + ", ".join(f"{k} {v[1]}/{v[0]}" for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1][0]))
    )
    if args.misses:
        for i in answerable:
            item = rows[i][0]
            if not hit(qa, item, cv[i], 1):
                got = [a["label"][:70] for a in cv[i][:3]]
                at5 = "@5" if hit(qa, item, cv[i], 5) else "  "
                print(
                    f"  MISS{at5} {item.q['id']} [{rows[i][1].shape.answer_types[:2]}] {item.q['question'][:90]!r}"
                    f" expected {item.q.get('expected', [])[:2]} {item.q.get('must_mention')} got {got}"
                )

    result = {
        "cv": {"hit@1": round(d[0], 3), "hit@5": round(d[1], 3)},
        "fitted": {"hit@1": round(d[2], 3), "hit@5": round(d[3], 3)},
    }
    if not args.no_latency:
        dev_q = [rows[i][0].q["question"] for i in dev]
        kg.ask("warm up the engine")
        ms = []
        for q in dev_q:
            t = time.perf_counter()
            kg.ask(q)
            ms.append((time.perf_counter() - t) * 1000)
        sparql_ms = []
        for _ in range(20):
            t = time.perf_counter()
            kg.sparql("documents")
            sparql_ms.append((time.perf_counter() - t) * 1000)
        p95 = statistics.quantiles(ms, n=20)[18]
        print(
            f"warm ask latency over {len(ms)} questions: median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms; "
            f"plain SPARQL query 'documents' median {statistics.median(sparql_ms):.2f} ms "
            f"(ask/sparql = {statistics.median(ms) / statistics.median(sparql_ms):.0f}x)"
        )
        result["ask_ms_median"] = round(statistics.median(ms), 1)
    kg.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
