"""Embedding speed and agreement of the backends (CKG_EMBED_BACKEND), measured in one run.

usage: python bench/embedding_speed.py [--backends torch,onnx,onnx-int8,openvino] [--chunk 256] [--limit N]

Texts: the passages of the bundled corpus (data/documents) and ../shared/corpus-unseen, as
``ckg build`` embeds them (section heading, colon, passage text; graph.prepare). Queries:
every question of bench/questions and ../shared/eval/questions.

Why interleaved: the machine is shared, so throughput drifts by 2-4x within minutes. The
passages are cut into chunks and every backend encodes each chunk in turn (rotating which
goes first), so each backend sees the same load; the table gives throughput over the whole
run, its ratio to the torch path, and the median of the per-chunk ratios (robust to a burst
of load landing on one backend's turn).

Quality, against the torch path's vectors of the same texts:
- cosine agreement of each passage's vector (mean and minimum);
- milliseconds to embed one question alone (median), as `ckg ask` does;
- recall@10 of passage search: for each question, the share of the torch path's top 10
  passages (torch query vector against torch passage vectors) that the backend's own top 10
  (its query vector against its passage vectors) also holds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CORPUS, EVAL, load_json

BENCH = Path(__file__).resolve().parent
SOURCES = [CORPUS, EVAL.parent / "corpus-unseen"]
QUESTIONS = [BENCH / "questions", EVAL / "questions"]


def passage_texts(limit: int = 0) -> list[str]:
    """The passage texts of the documents of SOURCES, in document order (the first ``limit``)."""
    from ckg.graph.prepare import embedding_items
    from ckg.loaders.extract.records import Extraction
    from ckg.loaders.registry import iter_input_files, load_file

    files, _skipped = iter_input_files([p for p in SOURCES if p.is_dir()])
    texts: list[str] = []
    for path in files:
        if limit and len(texts) >= limit:
            break
        t = time.perf_counter()
        doc = load_file(path)
        items = embedding_items(doc, Extraction(document=None), "urn:bench")
        texts += [it.text for it in items if it.kind == "passage"]
        print(
            f"  {path.name}: {len(items)} passages ({time.perf_counter() - t:.1f} s to read)", file=sys.stderr
        )
    return texts[:limit] if limit else texts


def question_texts() -> list[str]:
    out = []
    for folder in QUESTIONS:
        for f in sorted(folder.glob("*.json")):
            out += [q["question"] for q in load_json(f)]
    return out


def top10(queries: np.ndarray, passages: np.ndarray) -> list[set[int]]:
    scores = queries @ passages.T
    return [set(np.argsort(-row, kind="stable")[:10].tolist()) for row in scores]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backends", default="torch,onnx,onnx-int8,openvino", help="the first is the reference")
    ap.add_argument("--chunk", type=int, default=256, help="texts per interleaved turn")
    ap.add_argument("--limit", type=int, default=0, help="embed only the first N passages (0 = all)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    from ckg.graph.embeddings import Embedder
    from ckg.settings import Settings

    backends = args.backends.split(",")
    print("reading the documents", file=sys.stderr)
    texts = passage_texts(args.limit)
    questions = question_texts()
    print(f"{len(texts)} passages, {len(questions)} questions", file=sys.stderr)

    embedders = {}
    load_seconds = {}
    for b in backends:  # load (and export, on first use) before any timing
        t = time.perf_counter()
        embedders[b] = Embedder(Settings.from_env().with_(embed_backend=b))
        embedders[b].encode(["warm up"])
        load_seconds[b] = time.perf_counter() - t

    chunks = [texts[i : i + args.chunk] for i in range(0, len(texts), args.chunk)]
    seconds = {b: 0.0 for b in backends}
    chunk_ratios: dict[str, list[float]] = {b: [] for b in backends}
    parts: dict[str, list[np.ndarray]] = {b: [] for b in backends}
    for n, chunk in enumerate(chunks):
        order = backends[n % len(backends) :] + backends[: n % len(backends)]
        took = {}
        for b in order:
            t = time.perf_counter()
            parts[b].append(embedders[b].encode(chunk))
            took[b] = time.perf_counter() - t
            seconds[b] += took[b]
        for b in backends:
            chunk_ratios[b].append(took[backends[0]] / took[b])
        print(
            f"  chunk {n + 1}/{len(chunks)}: " + ", ".join(f"{b} {took[b]:.1f} s" for b in backends),
            file=sys.stderr,
        )
    vectors = {b: np.concatenate(parts[b]) for b in backends}
    queries = {b: embedders[b].encode(questions) for b in backends}
    # one question per call, as `ckg ask` embeds it: latency, interleaved question by question
    query_ms: dict[str, list[float]] = {b: [] for b in backends}
    for n, question in enumerate(questions):
        for b in backends[n % len(backends) :] + backends[: n % len(backends)]:
            t = time.perf_counter()
            embedders[b].encode([question])
            query_ms[b].append(1000 * (time.perf_counter() - t))

    ref = backends[0]
    ref_top = top10(queries[ref], vectors[ref])
    rows = []
    for b in backends:
        cos = np.sum(vectors[b] * vectors[ref], axis=1)
        qcos = np.sum(queries[b] * queries[ref], axis=1)
        top = top10(queries[b], vectors[b])
        recall = float(np.mean([len(t & r) / len(r) for t, r in zip(top, ref_top, strict=True)]))
        rows.append(
            {
                "backend": b,
                "texts_per_second": len(texts) / seconds[b],
                "ratio": seconds[ref] / seconds[b],
                "median_chunk_ratio": statistics.median(chunk_ratios[b]),
                "cosine_mean": float(cos.mean()),
                "cosine_min": float(cos.min()),
                "query_cosine_min": float(qcos.min()),
                "recall_at_10": recall,
                "query_ms_median": statistics.median(query_ms[b]),
                "load_seconds": load_seconds[b],
            }
        )

    print(
        f"\n{len(texts)} passages in {len(chunks)} interleaved chunks of {args.chunk}; {len(questions)} questions"
    )
    print(f"reference: {ref}")
    for b in backends:  # bf16 or f32 by the CPU: the figures of openvino depend on it
        if hasattr(embedders[b].model, "precision"):
            print(f"{b} runs in {embedders[b].model.precision}")
    print()
    print(
        "| backend | texts/s | × reference (total) | × reference (median chunk) | cosine mean | cosine min "
        "| query cosine min | recall@10 | ms per query | load s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['backend']} | {r['texts_per_second']:.1f} | {r['ratio']:.2f} | {r['median_chunk_ratio']:.2f} "
            f"| {r['cosine_mean']:.5f} | {r['cosine_min']:.5f} | {r['query_cosine_min']:.5f} "
            f"| {r['recall_at_10']:.4f} | {r['query_ms_median']:.1f} | {r['load_seconds']:.1f} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
