"""How ckg's cost grows: builds stores from 5, 50 and 500 documents and measures each.

    .venv/bin/python bench/scale.py                      # sizes 5,50,500 (the 500 takes a while)
    .venv/bin/python bench/scale.py --sizes 5,50 --workers 2 --out /tmp/scale

The corpus of size N is the five bundled documents plus N-5 documents generated from them
by the seeded recipe in ``bench/scale_corpus.py`` (new area, NHS body, council, local
bodies, people and sums; shorter than the sources, see there why). Each size is built into
a fresh store in a child process of its own (so its peak memory is its own) and measured:

- build: seconds per document, passages per second, the share of the build spent inside
  the embedding model, and the build time as a ratio to embedding the same texts alone in
  the same process (the model is the physical limit of a build: a ratio of 1.5 means
  everything else costs half as much again). The reference embeds, after the build and in
  one call, exactly the distinct texts the build embedded, read back from its index (past
  ``--embed-sample`` texts, a seeded sample of them, scaled to the number embedded: an
  earlier version timed texts sampled from 40 documents, which ran 13% faster per text than
  the texts a 500-document build embeds and flattered the ratio); the ratio is given in wall
  time and in CPU time (this process and its workers), which is less disturbed by others'
  work on a shared machine. The model is loaded before the build (its import and load, a
  few seconds, are reported apart);
- per stage: seconds per document in load, extract, rdf (in the workers), embed, write, and
  the index rebuild, to show which stage grows with the store;
- store: size on disk (Oxigraph, embedding index, build cache), triples, organisations;
- peak memory: the build process and its largest worker (``getrusage`` max RSS);
- queries: median and 95th percentile of ``ask`` over twenty questions written for this
  benchmark, and of three named SPARQL queries (each run ``--repeat`` times), all warm. Each
  named query is timed twice: as the full listing, whose rows grow with the corpus (so its
  time can only grow as fast as the rows: reported beside the row count), and bound to one
  body or area (its documented parameter), the way an entity page or a researcher looking at
  one council uses it: the same question at every size. The bound value is the commonest in
  the smallest store's listing, and the same value is used at every size;
- the approximate index: recall@10 of an HNSW index over the store's passage vectors
  against exact search, and the time of each per query.

Prints a markdown table and writes ``scale.json`` (all figures) into ``--out``
(default ``bench/out/scale``, which also holds the generated documents and the stores).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from scale_corpus import write_corpus  # noqa: E402

CORPUS = ROOT / "data" / "documents"
SEED = 8
# the named queries timed, each with the parameter it is also timed bound to (one body or area)
SPARQL = {
    "funding-by-funder": "funder",
    "who-commissions-what": "commissioner",
    "bodies-by-area-and-type": "area",
}
QUESTIONS = [
    "who funds child and adolescent mental health services",
    "who do I contact about short breaks",
    "who commissions services for looked after children",
    "what are the priorities for children and young people",
    "how much is spent on youth services",
    "who provides support for young carers",
    "which partnership oversees the children and young people's plan",
    "who is responsible for safeguarding children",
    "what are the commissioning intentions for early help",
    "who funds services for disabled children",
    "what is the budget for CAMHS",
    "who commissions substance misuse services for young people",
    "who do I contact about commissioning",
    "which organisations provide parenting support",
    "what does the primary care trust fund",
    "how are teenage pregnancy services funded",
    "who commissions speech and language therapy",
    "what are the priorities for reducing child poverty",
    "which documents set out the strategy for children's services",
    "who provides youth offending services",
]


# ---------------------------------------------------------------------------- one size (child)
def measure(
    size: int,
    corpus: Path,
    store_dir: Path,
    workers: int | None,
    embed_sample: int,
    repeat: int,
    ask_timeout: float,
    bound_values: dict[str, str] | None = None,
) -> dict:
    """Build ``corpus`` into a fresh ``store_dir`` and measure it (runs in a child process)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from rdflib import URIRef

    from ckg.graph.build import Builder
    from ckg.graph.embeddings import Embedder, EmbeddingIndex
    from ckg.graph.store import open_store
    from ckg.kg import KnowledgeGraph
    from ckg.settings import Settings

    shutil.rmtree(store_dir, ignore_errors=True)
    settings = Settings.from_env().with_(store=str(store_dir), workers=workers)
    embedder = Embedder(settings)
    t = time.perf_counter()
    embedder.encode(["warm up"])  # import and load the model: a fixed cost, reported apart
    model_load = time.perf_counter() - t
    store = open_store(str(store_dir), purpose="bench/scale.py")
    builder = Builder(
        store,
        settings,
        index_dir=store_dir / "index",
        cache_dir=store_dir / "cache",
        embedder=embedder,
        progress=sys.stderr.isatty(),
    )
    cpu0 = cpu_seconds()
    t0 = time.perf_counter()
    with WorkerPeak() as workers_peak:
        report = builder.build([corpus])
    build_seconds = time.perf_counter() - t0
    build_cpu = cpu_seconds() - cpu0
    store.close()
    peak_build_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_worker_mb = workers_peak.mb
    if not report.ok:
        print(
            f"  {len(report.failed)} documents failed: {[o.path for o in report.failed][:3]}", file=sys.stderr
        )

    loaded = [o for o in report.outcomes if o.status == "loaded"]
    stage_totals = {s: sum(o.stage_seconds.get(s, 0.0) for o in loaded) for s in builder_stages()}
    passages = sum(o.passages for o in loaded)

    index = EmbeddingIndex.load(store_dir / "index")
    # the reference: the texts this build embedded (a fresh store: its index's distinct
    # texts), embedded again alone, in one call
    texts = sorted({it.text for it in index.items})
    sample = texts if len(texts) <= embed_sample else random.Random(SEED).sample(texts, embed_sample)
    alone = timed_encode(embedder, sample)
    scale = report.embedded_texts / max(len(sample), 1)
    embed_alone, embed_alone_cpu = alone[0] * scale, alone[1] * scale

    # queries, warm; `ask` in a worker process that is killed past the deadline (pyoxigraph
    # cannot stop a query), so one runaway question cannot stall the benchmark
    partial = {"documents": size, "build_seconds": build_seconds, "embedded_texts": report.embedded_texts}
    (store_dir.parent / f"partial-{size}.json").write_text(json.dumps(partial))
    ask_first, ask_ms, ask_timeouts = ask_latencies(store_dir, ask_timeout)
    kg = KnowledgeGraph(str(store_dir), settings=settings)
    kg._embedder = embedder
    sparql_ms: dict[str, list[float]] = {}
    sparql_rows: dict[str, int] = {}
    bound_ms: dict[str, list[float]] = {}
    bound_rows: dict[str, int] = {}
    bound_values = dict(bound_values or {})
    for name, param in SPARQL.items():
        listing = kg.sparql(name).values()  # warm
        sparql_rows[name] = len(listing)
        sparql_ms[name] = timed_runs(kg, name, None, repeat)
        if name not in bound_values:
            found = [r[param] for r in listing if str(r.get(param, "")).startswith("http")]
            bound_values[name] = max(sorted(set(found)), key=found.count)
        binding = {param: URIRef(bound_values[name])}
        bound_rows[name] = len(kg.sparql(name, binding).rows)  # warm
        bound_ms[name] = timed_runs(kg, name, binding, repeat)
    # every other named query too, as its full listing (3 runs): a query that joins the copies
    # a shared body has in the union of graphs shows up here as time growing faster than rows
    from ckg.queries import library

    for name in library.all_queries():
        if name not in SPARQL:
            sparql_rows[name] = len(kg.sparql(name).rows)
            sparql_ms[name] = timed_runs(kg, name, None, 3)
    counts = {row["class"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: int(row["count"].value)
              for row in kg.sparql("counts-by-class").rows}  # fmt: skip
    triples = int(kg.sparql(str(ROOT / "bench" / "sparql" / "scale-triples.rq")).rows[0]["n"].value)
    store_bytes = kg.store().size_bytes() or 0
    ann = ann_recall(index, embedder)
    kg.close()

    return {
        "documents": size,
        "loaded": len(loaded),
        "failed": len(report.failed),
        "workers": report.workers,
        "build_seconds": build_seconds,
        "seconds_per_document": build_seconds / max(size, 1),
        "passages": passages,
        "passages_per_second": passages / build_seconds,
        "index_vectors": len(index),
        "distinct_texts": len({it.text for it in index.items}),
        "embedded_texts": report.embedded_texts,
        "embed_seconds": report.embed_seconds,
        "embed_share": report.embed_seconds / build_seconds,
        "embed_alone_seconds": embed_alone,
        "embed_alone_sampled": len(sample) != report.embedded_texts,
        "embed_alone_texts_timed": len(sample),
        "build_to_embed_ratio": build_seconds / embed_alone if embed_alone else None,
        "build_cpu_seconds": build_cpu,
        "embed_alone_cpu_seconds": embed_alone_cpu,
        "build_to_embed_cpu_ratio": build_cpu / embed_alone_cpu if embed_alone_cpu else None,
        "model_load_seconds": model_load,
        "stage_seconds_total": stage_totals,
        "stage_seconds_per_document": {k: v / max(len(loaded), 1) for k, v in stage_totals.items()},
        "index_seconds": report.index_seconds,
        "store_mb": store_bytes / 2**20,
        "index_mb": folder_bytes(store_dir / "index") / 2**20,
        "cache_mb": folder_bytes(store_dir / "cache") / 2**20,
        "triples": triples,
        "counts": counts,
        "peak_build_mb": peak_build_mb,
        "peak_worker_mb": peak_worker_mb,
        "peak_with_queries_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "ask_first_seconds": ask_first,
        "ask_timeout_seconds": ask_timeout,
        "ask_timeouts": ask_timeouts,
        "ask_ms": ask_ms,
        "ask_p50_ms": percentile(ask_ms, 50),
        "ask_p95_ms": percentile(ask_ms, 95),
        "sparql_ms": sparql_ms,
        "sparql_rows": sparql_rows,
        "sparql_p50_ms": {k: percentile(v, 50) for k, v in sparql_ms.items()},
        "sparql_p95_ms": {k: percentile(v, 95) for k, v in sparql_ms.items()},
        "bound_values": bound_values,
        "bound_ms": bound_ms,
        "bound_rows": bound_rows,
        "bound_p50_ms": {k: percentile(v, 50) for k, v in bound_ms.items()},
        "bound_p95_ms": {k: percentile(v, 95) for k, v in bound_ms.items()},
        "ann": ann,
    }


def timed_runs(kg, name: str, binding: dict | None, repeat: int) -> list[float]:
    """Milliseconds of ``repeat`` runs of a named query (results fetched in full)."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        kg.sparql(name, binding)
        runs.append((time.perf_counter() - t) * 1000)
    return runs


_KG = None


def _open_for_asking(store: str) -> None:
    global _KG
    from ckg.kg import KnowledgeGraph

    _KG = KnowledgeGraph(store)


def _timed_ask(question: str) -> float:
    t = time.perf_counter()
    _KG.ask(question)
    return (time.perf_counter() - t) * 1000


def ask_latencies(store_dir: Path, timeout: float) -> tuple[float, list[float], list[str]]:
    """Seconds of the first (cold) ask, then milliseconds of each question, warm; a question
    past ``timeout`` seconds counts as the timeout (a lower bound) and is listed."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures import TimeoutError as Timeout

    def pool() -> ProcessPoolExecutor:
        p = ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_open_for_asking,
            initargs=(str(store_dir),),
        )
        p.submit(_timed_ask, "who funds services for children").result()  # warm: model, engine
        return p

    t = time.perf_counter()
    asking = pool()
    first = time.perf_counter() - t
    latencies, timeouts = [], []
    for q in QUESTIONS:
        fut = asking.submit(_timed_ask, q)
        try:
            latencies.append(fut.result(timeout=timeout))
        except Timeout:
            latencies.append(timeout * 1000)
            timeouts.append(q)
            for proc in list(asking._processes.values()):
                proc.kill()
            asking.shutdown(wait=True, cancel_futures=True)
            asking = pool()
    asking.shutdown()
    return first, latencies, timeouts


def timed_encode(embedder, texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one call embedding ``texts``."""
    cpu, t = cpu_seconds(), time.perf_counter()
    embedder.encode(texts)
    return time.perf_counter() - t, cpu_seconds() - cpu


class WorkerPeak:
    """The largest peak RSS (VmHWM) of this process's children while the block runs, polled.

    Why not ``getrusage(RUSAGE_CHILDREN)``: a spawned worker is forked from this process
    before it execs a fresh interpreter, and Linux counts the fork's (shared) pages in the
    child's max RSS, so a worker would look as large as the parent holding the model."""

    def __init__(self, interval: float = 0.25) -> None:
        self.interval, self.kb, self._stop = interval, 0, threading.Event()

    @property
    def mb(self) -> float:
        return self.kb / 1024

    def _poll(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(self.interval):
            for status in Path("/proc").glob("[0-9]*/status"):
                try:
                    fields = dict(
                        line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
                    )
                except OSError:
                    continue
                if fields.get("PPid", "").strip() == me and "VmHWM" in fields:
                    self.kb = max(self.kb, int(fields["VmHWM"].split()[0]))

    def __enter__(self) -> WorkerPeak:
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds() -> float:
    """CPU time of this process and of its reaped children (the build's workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def builder_stages() -> tuple[str, ...]:
    from ckg.graph.build import STAGES

    return STAGES


def ann_recall(index, embedder, k: int = 10) -> dict:
    """Recall@k of an HNSW index (graph.ann) over the passage vectors against exact search."""
    from ckg.graph.ann import KindAnn

    rows = np.array([i for i, it in enumerate(index.items) if it.kind == "passage"])
    if len(rows) < 100:
        return {}
    t = time.perf_counter()
    ann = KindAnn.build(index.vectors, rows)
    build_seconds = time.perf_counter() - t
    rng = np.random.default_rng(SEED)
    own = index.vectors[rng.choice(rows, 180, replace=False)]
    noisy = own + 0.05 * rng.standard_normal(own.shape).astype(np.float32)
    queries = np.concatenate(
        [embedder.encode(QUESTIONS), noisy / np.linalg.norm(noisy, axis=1, keepdims=True)]
    )
    passages = np.ascontiguousarray(index.vectors[rows])
    recalls, ann_ms, exact_ms = [], [], []
    for q in queries:
        t = time.perf_counter()
        got, _ = ann.search(q, k)
        ann_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        exact = rows[np.argsort(-(passages @ q))[:k]]
        exact_ms.append((time.perf_counter() - t) * 1000)
        recalls.append(len(set(got.tolist()) & set(exact.tolist())) / k)
    return {
        "vectors": len(rows),
        "queries": len(queries),
        "recall_at_10": float(np.mean(recalls)),
        "build_seconds": build_seconds,
        "ann_ms_p50": percentile(ann_ms, 50),
        "exact_ms_p50": percentile(exact_ms, 50),
    }


def percentile(values: list[float], p: float) -> float:
    return float(np.percentile(values, p)) if values else float("nan")


def folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.exists() else 0


# ---------------------------------------------------------------------------- all sizes (parent)
def corpus_of(size: int, out: Path, generated: list[Path]) -> Path:
    """A folder holding the bundled documents and the first ``size - 5`` generated ones (links)."""
    folder = out / f"corpus-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    bundled = sorted(CORPUS.glob("*.txt"))
    for path in [*bundled, *generated[: max(0, size - len(bundled))]][:size]:
        (folder / path.name).symlink_to(path.resolve())
    return folder


def table(results: list[dict]) -> str:
    head = (
        "| docs | passages | vectors | orgs | triples | build s | s/doc | passages/s | embed share "
        "| build / embed alone (wall, CPU) | store MB (graph+index+cache) | peak MB build / worker "
        "| ask p50 / p95 ms | " + " | ".join(f"{q} p50 / p95 ms" for q in SPARQL) + " |"
    )
    lines = [head, "|" + "---|" * (13 + len(SPARQL))]
    for r in results:
        ratio = r["build_to_embed_ratio"]
        sparql = " | ".join(f"{r['sparql_p50_ms'][q]:.1f} / {r['sparql_p95_ms'][q]:.1f}" for q in SPARQL)
        lines.append(
            f"| {r['documents']} | {r['passages']} | {r['index_vectors']} | {r['counts'].get('Organization', 0)} "
            f"| {r['triples']} | {r['build_seconds']:.0f} | {r['seconds_per_document']:.2f} "
            f"| {r['passages_per_second']:.1f} | {r['embed_share']:.0%} "
            f"| {ratio:.2f}, {r['build_to_embed_cpu_ratio']:.2f}{'*' if r['embed_alone_sampled'] else ''} "
            f"| {r['store_mb']:.0f}+{r['index_mb']:.0f}+{r['cache_mb']:.0f} "
            f"| {r['peak_build_mb']:.0f} / {r['peak_worker_mb']:.0f} "
            f"| {r['ask_p50_ms']:.0f} / {r['ask_p95_ms']:.0f}{timeouts(r)} | {sparql} |"
        )
    return "\n".join(lines)


def query_table(results: list[dict]) -> str:
    """The named queries: full listing (rows, p50 / p95 ms) and bound to one value."""
    lines = [
        "| docs | "
        + " | ".join(f"{q}: listing rows, p50 / p95 ms | bound rows, p50 / p95 ms" for q in SPARQL)
        + " |",
        "|" + "---|" * (1 + 2 * len(SPARQL)),
    ]
    for r in results:
        cells = []
        for q in SPARQL:
            cells.append(f"{r['sparql_rows'][q]}, {r['sparql_p50_ms'][q]:.1f} / {r['sparql_p95_ms'][q]:.1f}")
            if "bound_rows" in r:
                cells.append(f"{r['bound_rows'][q]}, {r['bound_p50_ms'][q]:.1f} / {r['bound_p95_ms'][q]:.1f}")
            else:
                cells.append("")
        lines.append(f"| {r['documents']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def other_queries_table(results: list[dict]) -> str:
    """Every other named query: rows and p50 ms of its full listing at each size."""
    names = sorted(n for n in results[-1]["sparql_rows"] if n not in SPARQL)
    lines = [
        "| named query | " + " | ".join(f"{r['documents']} docs: rows, p50 ms" for r in results) + " |",
        "|" + "---|" * (1 + len(results)),
    ]
    for n in names:
        cells = [
            f"{r['sparql_rows'][n]}, {r['sparql_p50_ms'][n]:.1f}" if n in r["sparql_rows"] else ""
            for r in results
        ]
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def timeouts(r: dict) -> str:
    n = len(r.get("ask_timeouts", []))
    return f" ({n} over {r['ask_timeout_seconds']:.0f} s)" if n else ""


def stage_table(results: list[dict]) -> str:
    stages = list(results[0]["stage_seconds_per_document"])
    lines = [
        "| docs | " + " | ".join(f"{s} s/doc" for s in stages) + " | index rebuild s | HNSW recall@10 |",
        "|" + "---|" * (len(stages) + 3),
    ]
    for r in results:
        per = r["stage_seconds_per_document"]
        recall = r["ann"].get("recall_at_10")
        lines.append(
            f"| {r['documents']} | "
            + " | ".join(f"{per[s]:.3f}" for s in stages)
            + f" | {r['index_seconds']:.2f} | {'' if recall is None else f'{recall:.3f}'} |"
        )
    return "\n".join(lines)


def ratios(results: list[dict]) -> list[str]:
    first, last = results[0], results[-1]
    out = [
        "build time / embedding alone (wall, CPU): "
        + ", ".join(
            f"{r['documents']} docs {r['build_to_embed_ratio']:.2f}, {r['build_to_embed_cpu_ratio']:.2f}"
            for r in results
        )
        + " (target <= 1.5)"
    ]
    if last is not first:
        n0, n1 = first["documents"], last["documents"]
        out.append(
            f"ask latency {n1} vs {n0} docs: p50 x{last['ask_p50_ms'] / first['ask_p50_ms']:.2f}, "
            f"p95 x{last['ask_p95_ms'] / first['ask_p95_ms']:.2f} (target <= 3)"
        )
        for q, param in SPARQL.items():
            if "bound_p50_ms" in first and "bound_p50_ms" in last:
                out.append(
                    f"{q} bound to one {param}, {n1} vs {n0} docs: "
                    f"p50 x{last['bound_p50_ms'][q] / first['bound_p50_ms'][q]:.2f}, "
                    f"p95 x{last['bound_p95_ms'][q] / first['bound_p95_ms'][q]:.2f} (target <= 3; rows "
                    f"{first['bound_rows'][q]} -> {last['bound_rows'][q]})"
                )
            rows = last["sparql_rows"][q] / max(first["sparql_rows"][q], 1)
            p50 = last["sparql_p50_ms"][q] / first["sparql_p50_ms"][q]
            out.append(
                f"{q} full listing, {n1} vs {n0} docs: p50 x{p50:.2f}, "
                f"p95 x{last['sparql_p95_ms'][q] / first['sparql_p95_ms'][q]:.2f} for x{rows:.1f} the rows "
                f"(x{p50 / rows:.2f} per row)"
            )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="5,50,500", help="corpus sizes, comma-separated (default 5,50,500)")
    ap.add_argument("--workers", type=int, default=None, help="build workers (default: the setting)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "scale"), help="output folder")
    ap.add_argument("--passages", type=int, default=70, help="blocks per generated document (default 70)")
    ap.add_argument("--seed", type=int, default=SEED, help="seed of the generated corpus")
    ap.add_argument("--embed-sample", type=int, default=60000, help="most texts timed for 'embedding alone'")
    ap.add_argument("--repeat", type=int, default=7, help="runs of each SPARQL query")
    ap.add_argument("--ask-timeout", type=float, default=60.0, help="seconds one question may take")
    ap.add_argument("--measure", type=int, help=argparse.SUPPRESS)  # child: one size
    ap.add_argument("--bound-values", help=argparse.SUPPRESS)  # child: query -> bound IRI (JSON)
    args = ap.parse_args(argv)
    out = Path(args.out).resolve()

    if args.measure is not None:  # child process: one size, result as JSON on stdout
        result = measure(
            args.measure,
            out / f"corpus-{args.measure}",
            out / f"store-{args.measure}",
            args.workers,
            args.embed_sample,
            args.repeat,
            args.ask_timeout,
            json.loads(args.bound_values) if args.bound_values else None,
        )
        print(json.dumps(result))
        return 0

    sizes = sorted(int(s) for s in args.sizes.split(","))
    out.mkdir(parents=True, exist_ok=True)
    bundled = len(list(CORPUS.glob("*.txt")))
    print(
        f"generating {max(sizes) - bundled} documents (seed {args.seed}) into {out / 'generated'}", flush=True
    )
    generated = write_corpus(
        out / "generated", CORPUS, max(0, max(sizes) - bundled), args.seed, args.passages
    )
    previous = out / "scale.json"
    results = []
    if previous.exists():  # sizes measured before with the same recipe are kept unless re-run
        old = json.loads(previous.read_text())
        if (old.get("seed"), old.get("passages")) == (args.seed, args.passages):
            results = [r for r in old.get("results", []) if r["documents"] not in sizes]
    for size in sizes:
        corpus_of(size, out, generated)
        print(f"building {size} documents ...", flush=True)
        cmd = [sys.executable, __file__, "--measure", str(size), "--out", str(out),
               "--embed-sample", str(args.embed_sample), "--repeat", str(args.repeat),
               "--ask-timeout", str(args.ask_timeout)]  # fmt: skip
        if args.workers is not None:
            cmd += ["--workers", str(args.workers)]
        smallest = results[0] if results and results[0]["documents"] < size else None
        if smallest and "bound_values" in smallest:  # the same body or area at every size
            cmd += ["--bound-values", json.dumps(smallest["bound_values"])]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        results = sorted([*results, result], key=lambda r: r["documents"])
        print(
            f"  {size} docs: build {result['build_seconds']:.0f} s, ratio to embedding alone "
            f"{result['build_to_embed_ratio']:.2f} wall, {result['build_to_embed_cpu_ratio']:.2f} CPU, "
            f"ask p50 {result['ask_p50_ms']:.0f} ms",
            flush=True,
        )
        (out / "scale.json").write_text(
            json.dumps({"seed": args.seed, "passages": args.passages, "results": results}, indent=2)
        )
    print()
    print(table(results))
    print()
    print(stage_table(results))
    print()
    print(query_table(results))
    print()
    print(other_queries_table(results))
    print()
    for line in ratios(results):
        print(line)
    if any(r["embed_alone_sampled"] for r in results):
        print("* embedding alone timed on a seeded sample of the distinct texts, scaled to those embedded")
    print(f"\nfigures: {out / 'scale.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
