"""Run untrusted SPARQL in worker processes that are killed at their time limit.

Why processes: pyoxigraph has no query timeout of its own (its cancellation token is Rust-only,
oxigraph/oxigraph#1409; the Python request is oxigraph/oxigraph#1926) and it evaluates in Rust
without coming back to Python, so a thread cannot interrupt a runaway query (a cross join of
every triple with every triple). A process can be killed. At the deadline the pool sends the
worker SIGKILL (its store is read-only, there is nothing to flush) and starts a fresh one.

Each worker opens the store once through ``open_store(location, read_only=True)``. For a
directory that is ``pyoxigraph.Store.read_only`` plus the shared ``ckg.lock``, so a build cannot
start writing under a serving store, and a killed worker's lock goes with its process. For a
remote SPARQL store (``graph.remote``) it is an HTTP client: the query runs on the server, and
killing the worker at the deadline closes the connection (the server's own timeout, e.g.
``oxigraph serve --timeout-s``, stops the work there); the screen still runs here, under the limit.

The pool knows nothing of the web or of what is allowed. The caller passes two picklable
functions that run *inside the worker*: a ``screen`` (``ckg.queries.public.screen``) that vets
each job, so that parsing a hostile query (rdflib's parser takes seconds on some 100 KB
queries) is under the same time limit as running it; and a ``render``
(``ckg.queries.public.render``) that serialises the result there, so the web process receives
finished bytes: pickling 10,000 rows of terms across the pipe cost about 240 ms, bytes cost
almost nothing, and the server's threads stay free while results are written.

>>> job = QueryJob("SELECT ?s WHERE { ?s ?p ?o }", limit=1)
>>> store = ox.Store()
>>> for i in range(3):
...     store.add(ox.Quad(ox.NamedNode(f"https://x/{i}"), ox.NamedNode("https://x/p"), ox.Literal(i)))
>>> result = execute(store, job)
>>> len(result.rows), result.truncated
(1, True)
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ckg.errors import CkgError, QueryError, QueryTimeout, StoreError
from ckg.graph.namespaces import PREFIXES
from ckg.graph.store import Store, open_store, ox_term, tidy_parser_message
from ckg.graph.terms import QueryResult

log = logging.getLogger("ckg.query_pool")

# rdflib's pyparsing grammar recurses once per triple pattern (RDFLib/rdflib#1336, #2136): at
# Python's default limit a query of 100 patterns fails. Workers run jobs on a thread with a
# large stack and a high recursion limit instead; deeper still is refused as too nested.
WORKER_RECURSION_LIMIT = 60_000
WORKER_STACK_BYTES = 512 * 1024 * 1024  # address space reserved, not memory used


@dataclass(frozen=True)
class QueryJob:
    """One query and how to run it.

    ``union``: the default graph is the union of all graphs (ckg's convention); a screen turns
    it off when the query names its own dataset with FROM / FROM NAMED. ``default_graphs`` /
    ``named_graphs``: a dataset given by the protocol (``default-graph-uri``,
    ``named-graph-uri``), which overrides both. ``limit``: rows (or triples) returned; one
    more is read to know whether the result was cut. ``output``: opaque to the pool, for its
    ``render`` (ckg's: the formats for a SELECT/ASK and for a CONSTRUCT/DESCRIBE result).
    """

    text: str
    union: bool = True
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    limit: int | None = None
    output: tuple[str | None, str | None] | None = None


# vets a job against the store's named graphs; raises QueryError, returns the job to run
Screen = Callable[[QueryJob, frozenset[str]], QueryJob]
# turns a result into what ``QueryPool.run`` returns (e.g. the body of an HTTP response)
Render = Callable[[QueryResult, QueryJob], Any]


def execute(store: ox.Store, job: QueryJob) -> QueryResult:
    """Run ``job`` on a pyoxigraph store, reading at most ``job.limit + 1`` rows or triples."""
    options: dict[str, object] = {"prefixes": dict(PREFIXES)}
    if job.default_graphs is not None or job.named_graphs is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()]
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
    elif job.union:
        options["use_default_graph_as_union"] = True
    try:
        res = store.query(job.text, **options)  # type: ignore[arg-type]
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            variables = [v.value for v in res.variables]
            solutions, cut = _capped(res, job.limit)
            rows = [{v: ox_term(s[v]) for v in variables if s[v] is not None} for s in solutions]
            return QueryResult("select", variables=variables, rows=rows, truncated=cut)
        triples, cut = _capped(res, job.limit)
        out = [(ox_term(t.subject), ox_term(t.predicate), ox_term(t.object)) for t in triples]
        return QueryResult("graph", triples=out, truncated=cut)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {tidy_parser_message(str(e))}") from None
    except OSError as e:  # evaluation errors (e.g. a SERVICE call) come as OSError subclasses
        raise QueryError(f"query failed: {tidy_parser_message(str(e))}") from None


def run_job(store: Store, job: QueryJob) -> QueryResult:
    """Run ``job`` on an opened store: pyoxigraph directly when embedded (rows read lazily up to
    the cap), else through the store's ``query`` with the protocol's dataset, cut at the cap."""
    raw = getattr(store, "raw", None)
    if raw is not None:
        return execute(raw, job)
    result = store.query(  # type: ignore[call-arg]  (RemoteStore's dataset arguments)
        job.text, union=job.union, default_graphs=job.default_graphs, named_graphs=job.named_graphs
    )
    if job.limit is not None and len(result) > job.limit:
        result.rows, result.triples = result.rows[: job.limit], result.triples[: job.limit]
        result.truncated = True
    return result


def _capped(items: Iterable, limit: int | None) -> tuple[list, bool]:
    if limit is None:
        return list(items), False
    got = list(islice(items, limit + 1))
    return got[:limit], len(got) > limit


# ---------------------------------------------------------------------------- the worker process
def _worker_main(
    conn: Connection, location: str, screen: Screen | None, render: Render | None, settings: Any = None
) -> None:
    """Entry point of a worker: open the store, then answer jobs until the pipe closes."""
    sys.setrecursionlimit(WORKER_RECURSION_LIMIT)
    threading.stack_size(WORKER_STACK_BYTES)
    t = threading.Thread(
        target=_serve, args=(conn, location, screen, render, settings), name="ckg-query-worker"
    )
    t.start()
    t.join()


def _serve(
    conn: Connection, location: str, screen: Screen | None, render: Render | None, settings: Any
) -> None:
    try:
        store = open_store(location, read_only=True, purpose="ckg serve (query worker)", settings=settings)
        graphs = frozenset(store.named_graphs())
    except CkgError as e:
        conn.send(("failed", str(e)))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the server went away: so do we
            return
        try:
            if screen is not None:
                job = screen(job, graphs)
            result = run_job(store, job)
            reply = ("ok", render(result, job) if render is not None else result)
        except QueryError as e:
            reply = ("error", (str(e), e.status))
        except RecursionError:
            reply = ("error", ("query is nested too deeply (or has too many patterns) to check", 400))
        except Exception as e:  # report, stay alive: the next query deserves a worker
            reply = ("error", (f"query failed: {type(e).__name__}: {str(e)[:200]}", 500))
        conn.send(reply)


# ---------------------------------------------------------------------------- the pool
class _Worker:
    def __init__(
        self, ctx, location: str, screen: Screen | None, render: Render | None, settings: Any = None
    ) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main,
            args=(child, location, screen, render, settings),
            name="ckg-query-worker",
            daemon=True,
        )
        self.process.start()
        child.close()  # the worker's end lives in the worker; EOF reaches it when we close ours
        self.ready = False
        self._ready_lock = threading.Lock()

    def wait_ready(self, timeout: float) -> bool:
        with self._ready_lock:
            if self.ready:
                return True
            if not self.conn.poll(max(timeout, 0)):
                return False
            kind, detail = self.conn.recv()
            if kind != "ready":
                raise StoreError(f"query worker could not open the store: {detail}")
            self.ready = True
            return True

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """``workers`` processes over the store at ``location`` (a directory or a SPARQL endpoint URL,
    opened with ``settings``: credentials, endpoints); ``run`` answers within ``timeout``.

    Thread-safe: web server threads call ``run`` at once; each takes an idle worker (waiting
    at most ``timeout`` for one, else "busy"), and a worker that overruns is killed and replaced.
    """

    def __init__(
        self,
        location: str | Path,
        *,
        workers: int,
        timeout: float,
        screen: Screen | None = None,
        render: Render | None = None,
        settings: Any = None,
    ) -> None:
        self.location = str(location)
        self.settings = settings
        self.timeout = timeout
        self.screen = screen
        self.render = render
        # spawn, not fork: the server is multi-threaded and holds an open RocksDB; a forked
        # child would inherit both in an undefined state.
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._closed = False
        for _ in range(max(workers, 1)):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self.location, self.screen, self.render, self.settings)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            self._all.discard(w)
            closed = self._closed
        if not closed:
            self._idle.put(self._spawn())

    def run(self, job: QueryJob) -> Any:
        """The job's result (as ``render`` made it); ``QueryTimeout`` past the limit, ``QueryError``
        if the screen refused it or it failed."""
        w = self._acquire(time.monotonic() + self.timeout)
        try:
            w.conn.send(job)
            if not w.conn.poll(self.timeout):
                log.warning("query over its %g s limit; killing worker %s", self.timeout, w.process.pid)
                self._replace(w)
                raise QueryTimeout(self.timeout)
            kind, payload = w.conn.recv()
        except (EOFError, OSError):
            log.error("query worker %s died (exit code %s)", w.process.pid, w.process.exitcode)
            self._replace(w)
            raise QueryError("the query stopped its worker process unexpectedly", status=500) from None
        self._idle.put(w)
        if kind == "ok":
            return payload
        message, status = payload
        raise QueryError(message, status=status)

    def _acquire(self, deadline: float) -> _Worker:
        while True:
            try:
                w = self._idle.get(timeout=max(deadline - time.monotonic(), 0.001))
            except queue.Empty:
                raise QueryError("all query workers are busy; try again in a moment", status=503) from None
            if not w.process.is_alive():  # died while idle (killed from outside, out of memory)
                self._replace(w)
                continue
            try:
                if w.wait_ready(deadline - time.monotonic()):
                    return w
            except StoreError as e:
                self._replace(w)
                raise QueryError(str(e), status=503) from None
            self._idle.put(w)  # still starting: let another request try it; give up at the deadline
            if time.monotonic() >= deadline:
                raise QueryError("the query workers are still starting; try again in a moment", status=503)

    def warm(self, timeout: float = 30.0) -> None:
        """Wait until the workers have opened the store (tests and ``serve`` call this)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            workers = list(self._all)
        for w in workers:
            try:
                w.wait_ready(deadline - time.monotonic())
            except (StoreError, EOFError, OSError):
                continue

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.process.pid for w in self._all if w.process.pid)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()


__all__ = ["QueryJob", "QueryPool", "Render", "Screen", "execute", "run_job"]
