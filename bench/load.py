"""Load: the real ``ckg serve`` under concurrent clients, with a pathological query in the mix.

usage: python bench/load.py [--store DIR] [--clients 8] [--seconds 60] [--max-requests 50000]
                            [--query-timeout 5] [--threads 8] [--host 127.0.0.1] [--json PATH]

Starts ``ckg serve`` (waitress, real store: ``--store``, else the bundled corpus built into a
temporary store) on a free loopback port, then for ``--seconds`` (or until ``--max-requests``)
runs ``--clients`` threads that each loop over a mix of

- ``/api/ask?q=`` with questions written for this bench (not the evaluation set),
- ``/sparql`` with the named queries from ``queries/`` (GET and POST, form and direct body;
  JSON, XML, CSV and TSV),
- entity and document pages (``/entity/...``, HTML and Turtle) of resources read from the store,

plus one client that sends ``bench/sparql/load-slow.rq`` (a counted cross join that cannot
finish), waits one time limit, and sends it again: each run must come back 503 at the
server's ``query_timeout``.

It prints requests per second, p50/p95/p99 latency per endpoint and overall, errors (non-2xx
or no answer, except the slow client's expected 503s, counted apart), the server's resident
memory with its query workers at start and end and its trend, and the stall ratio: the other
clients' latency while a slow query was running divided by their latency when none was.

Why a thread pool with ``requests`` rather than locust: one file, no extra service, and the
slow-query windows need the exact start and end of every request, which we record ourselves.
Loopback only: the script refuses any host that is not a loopback address. It stops by
itself: the run is bounded in time and in count, and every request has its own timeout.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import math
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
BENCH_SPARQL = ROOT / "bench" / "sparql"

# Questions a commissioner might type; written for this bench (the evaluation set stays out).
QUESTIONS = [
    "who commissions short breaks for disabled children?",
    "who funds CAMHS in Oxfordshire?",
    "what are the priorities of the Reading interim commissioning strategy?",
    "how much money goes to youth services?",
    "who is the contact for commissioning in Reading?",
    "which bodies provide services for looked-after children?",
    "what does the primary care trust fund in Bedfordshire?",
    "who commissions services to prevent child sexual exploitation?",
    "what are the commissioning intentions for early help?",
    "which documents mention the Children Act?",
    "who provides speech and language therapy?",
    "how is the arts and culture work for young people funded?",
]
SPARQL_FORMATS = [  # (Accept header, format= parameter)
    ("application/sparql-results+json", None),
    ("application/sparql-results+xml", None),
    ("text/csv", None),
    (None, "tsv"),
]
MIX = (("ask", 3), ("sparql", 4), ("entity", 3))  # relative weights of the clients' requests


@dataclass
class Sample:
    endpoint: str
    start: float
    end: float
    status: int  # 0 = no answer (connection error or client timeout)
    detail: str = ""

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    slow: list[Sample] = field(default_factory=list)
    # (t, RSS MB of the server with its workers, RSS MB of the server process alone, processes)
    memory: list[tuple[float, float, float, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, s: Sample) -> None:
        with self.lock:
            self.samples.append(s)


# ---------------------------------------------------------------------------- the server
def require_loopback(host: str) -> None:
    """Refuse to load anything but this machine."""
    try:
        addrs = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as e:
        sys.exit(f"cannot resolve {host!r}: {e}")
    if not addrs or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addrs):
        sys.exit(f"refusing {host!r}: bench/load.py only drives a server on a loopback address")


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def ckg_exe() -> str:
    return shutil.which("ckg", path=str(Path(sys.executable).parent)) or "ckg"


def build_corpus(store: Path) -> None:
    print(f"building the bundled corpus into {store} ...", flush=True)
    t0 = time.perf_counter()
    subprocess.run([ckg_exe(), "build", "--store", str(store)], check=True, stdout=subprocess.DEVNULL)
    print(f"built in {time.perf_counter() - t0:.0f} s", flush=True)


class Server:
    """``ckg serve`` in a subprocess; its memory is the process plus its children (the query
    workers it forks)."""

    def __init__(self, store: Path, host: str, port: int, env: dict[str, str], log: Path) -> None:
        self.base = f"http://{host}:{port}"
        self.log_path = log
        self._log = log.open("w")
        self.proc = subprocess.Popen(
            [ckg_exe(), "serve", "--store", str(store), "--host", host, "--port", str(port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env},
        )
        self.ps = psutil.Process(self.proc.pid)

    def wait_ready(self, limit: float = 180) -> None:
        deadline = time.time() + limit
        while time.time() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"ckg serve exited:\n{self.log_path.read_text()[-2000:]}")
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        sys.exit(f"ckg serve did not answer /healthz within {limit:.0f} s")

    def rss_mb(self) -> tuple[float, float, int]:
        """RSS of the server with its children, of the server alone (MB), and how many processes."""
        procs = [self.ps]
        with contextlib.suppress(psutil.Error):
            procs += self.ps.children(recursive=True)
        total = main = 0
        for p in procs:
            try:
                rss = p.memory_info().rss
            except psutil.Error:
                continue
            total += rss
            if p is self.ps:
                main = rss
        return total / 2**20, main / 2**20, len(procs)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self._log.close()


# ---------------------------------------------------------------------------- the work
def entity_paths(store: Path, limit: int, rng: random.Random) -> list[str]:
    """Pages of resources read from the store (opened read-only before the server starts)."""
    from ckg.kg import KnowledgeGraph
    from ckg.web.links import entity_path

    kg = KnowledgeGraph(str(store))
    try:
        rows = kg.sparql((BENCH_SPARQL / "load-entities.rq").read_text(encoding="utf-8")).values()
    finally:
        kg.close()
    iris = sorted({r["s"] for r in rows})
    if not iris:
        sys.exit(f"no resources in {store}: build it first")
    rng.shuffle(iris)
    return [entity_path(i) for i in iris[:limit]]


def named_queries() -> list[tuple[str, str]]:
    from ckg.queries import library

    return sorted((q.name, q.text) for q in library.all_queries().values())


class Workload:
    def __init__(
        self, base: str, entities: list[str], queries: list[tuple[str, str]], timeout: float
    ) -> None:
        self.base = base
        self.entities = entities
        self.queries = queries
        self.timeout = timeout

    def one(self, session: requests.Session, rng: random.Random) -> Sample:
        kind = rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX])[0]
        start = time.perf_counter()
        try:
            if kind == "ask":
                q = rng.choice(QUESTIONS)
                r = session.get(self.base + "/api/ask", params={"q": q}, timeout=self.timeout)
                detail = q[:40]
            elif kind == "sparql":
                r, detail = self._sparql(session, rng)
            else:
                path = rng.choice(self.entities)
                turtle = rng.random() < 0.2
                headers = {"Accept": "text/turtle" if turtle else "text/html"}
                r = session.get(self.base + path, headers=headers, timeout=self.timeout)
                detail = path[:60]
            _ = r.content  # read the whole body: the latency includes the transfer
            status = r.status_code
            if not 200 <= status < 300:
                detail += " -> " + " ".join(r.text.split())[:80]
        except requests.RequestException as e:
            status, detail = 0, f"{type(e).__name__}: {str(e)[:80]}"
        return Sample(kind, start, time.perf_counter(), status, detail)

    def _sparql(self, session: requests.Session, rng: random.Random) -> tuple[requests.Response, str]:
        name, text = rng.choice(self.queries)
        accept, fmt = rng.choice(SPARQL_FORMATS)
        headers = {"Accept": accept} if accept else {}
        params = {"format": fmt} if fmt else {}
        how = rng.choice(("GET", "POST form", "POST body"))
        url = self.base + "/sparql"
        if how == "GET":
            r = session.get(url, params={"query": text, **params}, headers=headers, timeout=self.timeout)
        elif how == "POST form":
            r = session.post(url, data={"query": text, **params}, headers=headers, timeout=self.timeout)
        else:
            headers["Content-Type"] = "application/sparql-query"
            r = session.post(
                url, params=params, data=text.encode("utf-8"), headers=headers, timeout=self.timeout
            )
        return r, f"{name} {how} {accept or fmt}"


def client(work: Workload, run: Run, seed: int, stop_at: float, budget: threading.Semaphore) -> None:
    rng = random.Random(seed)
    with requests.Session() as session:
        while time.perf_counter() < stop_at and budget.acquire(blocking=False):
            run.add(work.one(session, rng))


def slow_client(base: str, run: Run, gap: float, timeout: float, stop_at: float) -> None:
    """The pathological query, then a pause as long as the time limit, until the end."""
    query = (BENCH_SPARQL / "load-slow.rq").read_text(encoding="utf-8")
    with requests.Session() as session:
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            try:
                r = session.post(
                    base + "/sparql",
                    data={"query": query},
                    headers={"Accept": "application/sparql-results+json"},
                    timeout=timeout,
                )
                status, detail = r.status_code, r.text[:80].strip()
            except requests.RequestException as e:
                status, detail = 0, f"{type(e).__name__}"
            end = time.perf_counter()
            with run.lock:
                run.slow.append(Sample("slow", start, end, status, detail))
            pause_until = min(stop_at, time.perf_counter() + gap)
            while time.perf_counter() < pause_until:
                time.sleep(0.1)


def watch_memory(server: Server, run: Run, stop: threading.Event, t0: float) -> None:
    while not stop.is_set():
        total, main, n = server.rss_mb()
        with run.lock:
            run.memory.append((time.perf_counter() - t0, total, main, n))
        stop.wait(1.0)


# ---------------------------------------------------------------------------- the figures
def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0..100) of ``values``."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[k]


def latency_row(label: str, samples: list[Sample], seconds: float) -> dict[str, float | int | str]:
    ms = [s.seconds * 1000 for s in samples]
    return {
        "endpoint": label,
        "requests": len(samples),
        "rps": len(samples) / seconds if seconds else 0.0,
        "p50_ms": pct(ms, 50),
        "p95_ms": pct(ms, 95),
        "p99_ms": pct(ms, 99),
        "max_ms": max(ms) if ms else float("nan"),
        "errors": sum(1 for s in samples if not 200 <= s.status < 300),
    }


def overlaps(s: Sample, windows: list[Sample]) -> bool:
    return any(s.start < w.end and s.end > w.start for w in windows)


def stall(samples: list[Sample], windows: list[Sample]) -> dict[str, dict[str, float | int]]:
    """Per endpoint: latency of requests that overlapped a slow query vs those that did not."""
    out: dict[str, dict[str, float | int]] = {}
    for label in [*sorted({s.endpoint for s in samples}), "all"]:
        group = [s for s in samples if label in ("all", s.endpoint)]
        during = [s.seconds * 1000 for s in group if overlaps(s, windows)]
        outside = [s.seconds * 1000 for s in group if not overlaps(s, windows)]
        p50_in, p50_out = pct(during, 50), pct(outside, 50)
        p95_in, p95_out = pct(during, 95), pct(outside, 95)
        out[label] = {
            "n_during": len(during),
            "n_outside": len(outside),
            "p50_during_ms": p50_in,
            "p50_outside_ms": p50_out,
            "p50_ratio": p50_in / p50_out if outside and during else float("nan"),
            "p95_during_ms": p95_in,
            "p95_outside_ms": p95_out,
            "p95_ratio": p95_in / p95_out if outside and during else float("nan"),
            "max_during_ms": max(during) if during else float("nan"),
        }
    return out


def memory_trend(memory: list[tuple[float, float, float, int]]) -> dict[str, float]:
    """Start, end, peak and least-squares slope (MB per minute) of the server's RSS with its
    workers, the slope also over the second half of the run (the first burst fills caches and
    thread arenas, then the server levels off),
    and the same for the server process alone: a killed worker is replaced by a fresh one, so
    the total saws up and down with the slow query, while a leak would show in the server."""
    ts = [t for t, _, _, _ in memory]
    mbs = [m for _, m, _, _ in memory]
    mains = [m for _, _, m, _ in memory]
    tenth = max(1, len(mbs) // 10)
    half = len(mbs) // 2

    def slope(xs: list[float], ys: list[float]) -> float:
        return statistics.linear_regression(xs, ys).slope * 60 if len(xs) >= 3 else float("nan")

    return {
        "slope_mb_per_min": slope(ts, mbs),
        "steady_slope_mb_per_min": slope(ts[half:], mbs[half:]),
        "start_mb": mbs[0],
        "end_mb": mbs[-1],
        "peak_mb": max(mbs),
        "first_tenth_mean_mb": statistics.fmean(mbs[:tenth]),
        "last_tenth_mean_mb": statistics.fmean(mbs[-tenth:]),
        "main_start_mb": mains[0],
        "main_end_mb": mains[-1],
        "main_steady_slope_mb_per_min": slope(ts[half:], mains[half:]),
        "processes_start": memory[0][3],
        "processes_end": memory[-1][3],
    }


def print_report(summary: dict) -> None:
    cfg = summary["config"]
    print()
    print(
        f"load: {cfg['clients']} clients + 1 slow client, {summary['seconds']:.1f} s, "
        f"{cfg['threads']} server threads, {cfg['query_workers']} query workers, "
        f"query timeout {cfg['query_timeout']:g} s, store {cfg['store']}"
    )
    print()
    head = f"{'endpoint':<9} {'requests':>8} {'rps':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}"
    print(head)
    print("-" * len(head))
    for row in summary["latency"]:
        print(
            f"{row['endpoint']:<9} {row['requests']:>8} {row['rps']:>7.1f} {row['p50_ms']:>8.0f} "
            f"{row['p95_ms']:>8.0f} {row['p99_ms']:>8.0f} {row['max_ms']:>8.0f} {row['errors']:>6}"
        )
    s = summary["slow"]
    print()
    print(
        f"slow query: {s['runs']} runs, {s['timeouts_503']} stopped with 503 "
        f"(p50 {s['p50_s']:.2f} s, max {s['max_s']:.2f} s for a {cfg['query_timeout']:g} s limit), "
        f"{s['unexpected']} unexpected"
    )
    print()
    print("stall (other clients, during a slow query vs outside; ratio = during / outside):")
    for label, st in summary["stall"].items():
        print(
            f"  {label:<8} n {st['n_during']:>5}/{st['n_outside']:<5} p50 {st['p50_during_ms']:>7.0f} / "
            f"{st['p50_outside_ms']:<7.0f} ms ratio {st['p50_ratio']:.2f}   p95 {st['p95_during_ms']:>7.0f} / "
            f"{st['p95_outside_ms']:<7.0f} ms ratio {st['p95_ratio']:.2f}   max during {st['max_during_ms']:.0f} ms"
        )
    m = summary["memory"]
    print()
    print(
        f"server memory (RSS, with query workers): start {m['start_mb']:.0f} MB, end {m['end_mb']:.0f} MB, "
        f"peak {m['peak_mb']:.0f} MB; first tenth {m['first_tenth_mean_mb']:.0f} MB, last tenth "
        f"{m['last_tenth_mean_mb']:.0f} MB; trend {m['slope_mb_per_min']:+.1f} MB/min "
        f"({m['steady_slope_mb_per_min']:+.1f} MB/min over the second half); "
        f"processes {m['processes_start']} -> {m['processes_end']}"
    )
    print(
        f"server process alone: start {m['main_start_mb']:.0f} MB, end {m['main_end_mb']:.0f} MB, "
        f"trend {m['main_steady_slope_mb_per_min']:+.1f} MB/min over the second half"
    )
    errs = summary["error_examples"]
    print()
    print(f"errors: {summary['errors']}" + ("" if not errs else "; e.g. " + "; ".join(errs)))


# ---------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", help="a built store (default: build the bundled corpus into a temporary one)")
    ap.add_argument("--host", default="127.0.0.1", help="loopback address to serve on (others are refused)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients besides the slow one")
    ap.add_argument("--seconds", type=float, default=60, help="how long to drive the server (at most 900)")
    ap.add_argument("--max-requests", type=int, default=50_000, help="stop after this many requests")
    ap.add_argument("--query-timeout", type=float, default=5.0, help="the server's CKG_QUERY_TIMEOUT")
    ap.add_argument("--threads", type=int, default=8, help="the server's CKG_WEB_THREADS")
    ap.add_argument("--query-workers", type=int, default=2, help="the server's CKG_QUERY_WORKERS")
    ap.add_argument("--entities", type=int, default=300, help="entity pages to draw from")
    ap.add_argument("--no-slow", action="store_true", help="leave out the slow client")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    if not 1 <= args.clients <= 64:
        ap.error("--clients must be 1..64")
    if not 1 <= args.seconds <= 900:
        ap.error("--seconds must be 1..900")
    require_loopback(args.host)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    tmp = tempfile.TemporaryDirectory(prefix="ckg-load-")
    if args.store:
        store = Path(args.store).expanduser()
    else:
        store = Path(tmp.name) / "store"
        build_corpus(store)
    rng = random.Random(args.seed)
    entities = entity_paths(store, args.entities, rng)
    queries = named_queries()

    env = {
        "CKG_QUERY_TIMEOUT": str(args.query_timeout),
        "CKG_WEB_THREADS": str(args.threads),
        "CKG_QUERY_WORKERS": str(args.query_workers),
    }
    server = Server(store, args.host, free_port(args.host), env, Path(tmp.name) / "serve.log")
    run = Run()
    stop_watch = threading.Event()
    try:
        server.wait_ready()
        request_timeout = max(120.0, 6 * args.query_timeout)
        work = Workload(server.base, entities, queries, request_timeout)
        # warm every path once (model load, query workers, map cache) before the clock starts
        with requests.Session() as s:
            s.get(server.base + "/api/ask", params={"q": QUESTIONS[0]}, timeout=600)
            s.get(
                server.base + "/sparql",
                params={"query": queries[0][1]},
                headers={"Accept": "text/csv"},
                timeout=120,
            )
            s.get(server.base + entities[0], timeout=120)
        t0 = time.perf_counter()
        watcher = threading.Thread(target=watch_memory, args=(server, run, stop_watch, t0), daemon=True)
        watcher.start()
        stop_at = t0 + args.seconds
        budget = threading.Semaphore(args.max_requests)
        threads = [
            threading.Thread(
                target=client, args=(work, run, args.seed * 1000 + i, stop_at, budget), daemon=True
            )
            for i in range(args.clients)
        ]
        if not args.no_slow:
            threads.append(
                threading.Thread(
                    target=slow_client,
                    args=(server.base, run, args.query_timeout, request_timeout, stop_at),
                    daemon=True,
                )
            )
        print(f"driving {server.base} for {args.seconds:g} s ...", flush=True)
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.seconds + request_timeout + 30)
        elapsed = max(s.end for s in run.samples) - t0 if run.samples else args.seconds
        time.sleep(1.5)  # one more memory sample after the last request
        stop_watch.set()
        watcher.join(5)
    finally:
        stop_watch.set()
        server.stop()

    samples = run.samples
    latency = [latency_row(k, [s for s in samples if s.endpoint == k], elapsed) for k, _ in MIX]
    latency.append(latency_row("all", samples, elapsed))
    slow_s = [s.seconds for s in run.slow]
    summary = {
        "config": {
            "clients": args.clients,
            "threads": args.threads,
            "query_workers": args.query_workers,
            "query_timeout": args.query_timeout,
            "store": str(store) if args.store else "bundled corpus (temporary)",
            "entities": len(entities),
            "named_queries": len(queries),
        },
        "seconds": elapsed,
        "latency": latency,
        "errors": sum(1 for s in samples if not 200 <= s.status < 300),
        "error_examples": [
            f"{s.endpoint} {s.status} {s.detail}" for s in samples if not 200 <= s.status < 300
        ][:5],
        "slow": {
            "runs": len(run.slow),
            "timeouts_503": sum(1 for s in run.slow if s.status == 503),
            "unexpected": sum(1 for s in run.slow if s.status != 503),
            "p50_s": pct(slow_s, 50),
            "max_s": max(slow_s) if slow_s else float("nan"),
        },
        "stall": stall(samples, run.slow),
        "memory": memory_trend(run.memory),
        "memory_samples": run.memory,
    }
    print_report(summary)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    tmp.cleanup()
    return 0 if summary["errors"] == 0 and summary["slow"]["unexpected"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
