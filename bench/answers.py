"""Answer quality and latency of `ckg ask` on the development questions, beside two baselines.

usage: python bench/answers.py [--store DIR] [--misses]

1. Builds (or reuses) a store of the bundled corpus.
2. Runs every question file in ../shared/eval/questions/ through
   `ckg ask --batch FILE --json` (a real subprocess) and scores the JSON Lines with
   ../shared/eval/qa_score.py, exactly as the evaluation does.
3. In the same run scores two baselines on the same questions, the lenient way qa_score.py
   scores its own BM25 baseline (a top-k passage counts if an expected name appears in it
   and the must-mention strings appear in the top k): BM25 over passages, and dense
   retrieval over passages with the same MiniLM model.
4. Measures warm latency of `ask` in-process (median, p95) beside the latency of one plain
   SPARQL query in the same process, and prints the ratio.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CORPUS, EVAL, OUT, load_json, question_files

ROOT = Path(__file__).resolve().parent.parent


def qa_module():
    spec = importlib.util.spec_from_file_location("qa_score", EVAL / "qa_score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_batch(store: str, questions: list[dict], out_path: Path) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        for q in questions:
            fh.write(q["question"].replace("\n", " ") + "\n")
        batch = fh.name
    exe = Path(sys.executable).parent / "ckg"
    t0 = time.perf_counter()
    with open(out_path, "w") as out:
        r = subprocess.run(
            [str(exe), "ask", "--batch", batch, "--json", "--store", store],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
        )
    if r.returncode:
        sys.exit(f"ckg ask --batch failed: {r.stderr[-2000:]}")
    return time.perf_counter() - t0


def score_file(qfile: Path, answers: Path, show_misses: bool) -> dict[str, float]:
    r = subprocess.run(
        [sys.executable, str(EVAL / "qa_score.py"), str(qfile), str(answers)], capture_output=True, text=True
    )
    lines = r.stdout.strip().splitlines()
    if show_misses:
        for line in lines[:-1]:
            print("   ", line[:400])
    last = lines[-1]
    return {k: float(v) for k, v in re.findall(r"(hit@1|hit@5|MRR)=([\d.]+)", last)}


def baseline_hits(qa, questions: list[dict], ranked_texts: list[list[str]]) -> tuple[float, float]:
    h1 = h5 = 0
    for q, texts in zip(questions, ranked_texts, strict=True):
        for k in (1, 5):
            top = texts[:k]
            exp = q.get("expected") or []
            ok_exp = (not exp) or any(qa.norm(e) in qa.norm(" ".join(top)) for e in exp)
            if ok_exp and qa.mentions_ok(q.get("must_mention"), top):
                if k == 1:
                    h1 += 1
                else:
                    h5 += 1
    n = max(1, len(questions))
    return h1 / n, h5 / n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", default=str(OUT / "answers-store"))
    ap.add_argument("--misses", action="store_true", help="print the questions ckg missed")
    args = ap.parse_args()

    from rdflib import URIRef

    from ckg.kg import KnowledgeGraph
    from ckg.queries.ask.retrieval import HybridRetriever

    kg = KnowledgeGraph(args.store)
    report = kg.build([str(CORPUS)], progress=False)
    kg.close()
    if not report.ok:
        sys.exit(f"build failed: {[o.reason for o in report.failed]}")
    qa = qa_module()
    OUT.mkdir(parents=True, exist_ok=True)

    all_questions, rows = [], []
    batch_seconds = 0.0
    for qfile in question_files():
        questions = load_json(qfile)
        all_questions.extend(questions)
        answers = OUT / f"answers-{qfile.stem}.jsonl"
        batch_seconds += run_batch(args.store, questions, answers)
        if args.misses:
            print(f"\n{qfile.stem}:")
        scores = score_file(qfile, answers, args.misses)
        rows.append((qfile.stem, len(questions), scores))

    # Baselines and latency, in this process.
    kg = KnowledgeGraph(args.store)
    retriever = HybridRetriever(kg.index)
    quote_of: dict[str, str] = {}

    def quotes(items) -> list[str]:
        out = []
        for it in items:
            if it.id not in quote_of:
                r = kg.sparql("SELECT ?t WHERE { ?p ckg:text ?t }", {"p": URIRef(it.id)}).rows
                quote_of[it.id] = r[0]["t"].value if r else it.text
            out.append(quote_of[it.id])
        return out

    vectors = kg.embedder.encode([q["question"] for q in all_questions])
    # BM25 as the scorer's own baseline does it (its normalisation, no stemming), over ckg's passages
    from rank_bm25 import BM25Okapi

    passage_texts = quotes(retriever.items)
    plain_bm25 = BM25Okapi([qa.norm(t).split() or ["_"] for t in passage_texts])

    def bm25_top(question: str, k: int = 5) -> list[str]:
        scores = plain_bm25.get_scores(qa.norm(question).split())
        return [passage_texts[i] for i in sorted(range(len(scores)), key=lambda i: -scores[i])[:k]]

    bm25_texts = [bm25_top(q["question"]) for q in all_questions]
    dense_texts = [quotes(retriever.dense_only(v, 5)) for v in vectors]
    # and the scorer's own baseline exactly as qa_score.py runs it (its paragraphs of the raw texts)
    scorer_bm25 = (qa.bm25_baseline(all_questions, CORPUS, 1), qa.bm25_baseline(all_questions, CORPUS, 5))
    bm25 = baseline_hits(qa, all_questions, bm25_texts)
    dense = baseline_hits(qa, all_questions, dense_texts)

    kg.ask("warm up the engine")
    latencies = []
    for q in all_questions:
        t0 = time.perf_counter()
        kg.ask(q["question"])
        latencies.append((time.perf_counter() - t0) * 1000)
    sparql_ms = []
    for _ in range(20):
        t0 = time.perf_counter()
        kg.sparql("documents")
        sparql_ms.append((time.perf_counter() - t0) * 1000)
    kg.close()

    n = len(all_questions)
    total = {k: sum(s[k] * m for _, m, s in rows) / n for k in ("hit@1", "hit@5", "MRR")}
    print(f"\nAnswers on the development questions ({n} questions, {len(rows)} files)")
    print(f"{'system':<34}{'hit@1':>8}{'hit@5':>8}{'MRR':>8}")
    for stem, _m, s in rows:
        print(f"  ckg ask: {stem[:23]:<23}{s['hit@1']:>8.2f}{s['hit@5']:>8.2f}{s['MRR']:>8.2f}")
    print(f"{'ckg ask (all)':<34}{total['hit@1']:>8.2f}{total['hit@5']:>8.2f}{total['MRR']:>8.2f}")
    print(f"{'baseline: BM25 over passages':<34}{bm25[0]:>8.2f}{bm25[1]:>8.2f}")
    print(f"{'baseline: dense over passages':<34}{dense[0]:>8.2f}{dense[1]:>8.2f}")
    print(f"{'baseline: qa_score.py BM25 (raw)':<34}{scorer_bm25[0]:>8.2f}{scorer_bm25[1]:>8.2f}")
    better = max(bm25[0], dense[0], scorer_bm25[0])
    print(f"hit@1 margin over the better baseline: {100 * (total['hit@1'] - better):+.0f} points")
    p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 20 else max(latencies)
    med_sparql = statistics.median(sparql_ms)
    print(
        f"\nwarm ask latency: median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms "
        f"(plain SPARQL query 'documents': median {med_sparql:.2f} ms; ask/sparql = "
        f"{statistics.median(latencies) / med_sparql:.0f}x)"
    )
    print(
        f"ckg ask --batch wall time: {batch_seconds:.1f} s for {n} questions "
        f"({batch_seconds / n * 1000:.0f} ms/question including model load)"
    )
    print(
        json.dumps(
            {
                "hit@1": round(total["hit@1"], 3),
                "hit@5": round(total["hit@5"], 3),
                "bm25": bm25,
                "bm25_scorer": scorer_bm25,
                "dense": dense,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
