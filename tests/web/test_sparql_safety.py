"""What keeps /sparql safe to expose: no SERVICE request ever leaves the server (checked with a
real listening socket), comments and strings do not fool the checks, a runaway query is
stopped at its time limit and its worker replaced, and the server keeps answering."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time

import pyoxigraph as ox
import pytest
import requests

from ckg.errors import QueryError, QueryTimeout
from ckg.graph.query_pool import QueryJob, QueryPool
from ckg.queries.public import SERVICE_MESSAGE, UPDATE_MESSAGE, keywords, screen, vet

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # every triple, cubed


class Listener:
    """A TCP socket on a free local port that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.connections.append(conn.recv(4096))
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    lis = Listener()
    yield lis
    lis.close()


def service_queries(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"CONSTRUCT WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",  # a codepoint escape
        f'SELECT * WHERE {{ ?s ?p "x\\u0022 }} SERVICE <{url}> {{ ?a ?b ?c }} #" }}',  # the string ends early
        f"PREFIX svc: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE svc:sparql {{ ?s ?p ?o }} }}",
    ]


def test_the_listener_would_see_pyoxigraph_call_out(listener):
    """The control: run directly, pyoxigraph does connect, so the next test means something."""
    with pytest.raises(OSError):
        list(ox.Store().query(service_queries(listener.port)[0]))  # type: ignore[arg-type]
    deadline = time.time() + 3
    while not listener.connections and time.time() < deadline:
        time.sleep(0.05)
    assert listener.connections and listener.connections[0].startswith(b"POST /sparql")


def test_service_queries_are_refused_and_nothing_is_called(live_server, listener):
    for query in service_queries(listener.port):
        r = requests.post(live_server + "/sparql", data={"query": query}, timeout=30)
        assert r.status_code == 400, query
        assert "SERVICE" in r.text, (query, r.text)
    time.sleep(0.5)
    assert listener.connections == []


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> { }",
        "SELECT * WHERE { ?s ?p 'SERVICE <http://127.0.0.1:9/> { ?a ?b ?c }' }",
        'SELECT * WHERE { ?s ?p """DROP ALL ; SERVICE <x> { }""" }',
        "SELECT ?service WHERE { ?service <http://example.org/SERVICE> ?o }",
        "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:SERVICE ?o }",
        'SELECT * WHERE { ?s ?p "x"@service }',
        "# INSERT DATA { <a> <b> <c> }\nSELECT * WHERE { ?s ?p ?o }",
    ],
)
def test_comments_strings_and_names_do_not_fool_the_checks(query):
    assert vet(query).form == "select"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", SERVICE_MESSAGE),
        ("SELECT * WHERE { ?s ?p ?o } SERVICE", SERVICE_MESSAGE),  # broken, but names SERVICE
        ("INSERT DATA { <https://x/a> <https://x/b> <https://x/c> }", UPDATE_MESSAGE),
        ("WITH <https://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", UPDATE_MESSAGE),
        ("BASE <https://x/> PREFIX x: <y> COPY DEFAULT TO <g>", UPDATE_MESSAGE),
        ("CREATE GRAPH <https://x/g>", UPDATE_MESSAGE),
    ],
)
def test_refusals_name_the_reason(query, message):
    with pytest.raises(QueryError) as e:
        vet(query)
    assert str(e.value) == message and e.value.status == 400


def test_the_lexer_skips_what_cannot_be_a_keyword():
    text = "PREFIX s: <http://x/#SERVICE> SELECT ?service { ?s s:SERVICE 'SERVICE' } # SERVICE"
    assert keywords(text) == ["PREFIX", "SELECT"]


def test_from_outside_the_store_is_refused_inside_is_kept():
    graphs = frozenset({"https://w3id.org/ckg/id/graph/topics"})
    kept = screen(QueryJob("SELECT * FROM ckgid:graph\\/topics WHERE { ?s ?p ?o }"), graphs)
    assert kept.union is False  # the query's own dataset, not the union of all graphs
    with pytest.raises(QueryError, match="not in this store"):
        screen(QueryJob("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"), graphs)
    with pytest.raises(QueryError, match="not in this store"):
        screen(QueryJob("ASK {}", default_graphs=("https://example.org/g",), named_graphs=()), graphs)


# ---------------------------------------------------------------------------- time limit
def test_a_runaway_query_is_stopped_on_time_and_the_server_answers_the_next(tight_server):
    t0 = time.monotonic()
    r = requests.post(tight_server + "/sparql", data={"query": SLOW}, timeout=30)
    took = time.monotonic() - t0
    assert r.status_code == 503
    assert "exceeded the 2 s time limit" in r.text
    assert 1.9 < took < 4.0, took

    t0 = time.monotonic()
    after = requests.post(tight_server + "/sparql", data={"query": "ASK { ?s a ckg:Document }"}, timeout=30)
    assert after.status_code == 200 and after.json()["boolean"] is True
    assert time.monotonic() - t0 < 5.0  # the one worker was replaced and is ready
    for _ in range(3):
        assert requests.get(tight_server + "/sparql", params={"query": "ASK {}"}, timeout=10).ok


@pytest.fixture
def pool(corpus_store):
    p = QueryPool(corpus_store, workers=1, timeout=2, screen=screen)
    p.warm()
    yield p
    p.close()


def test_pool_kills_and_replaces_a_worker_at_the_deadline(pool):
    before = pool.pids()
    with pytest.raises(QueryTimeout):
        pool.run(QueryJob(SLOW))
    assert pool.pids() != before
    assert pool.run(QueryJob("ASK { ?s ?p ?o }")).boolean is True


def test_parsing_is_under_the_time_limit_too(pool):
    """rdflib's parser takes many seconds on this 100 KB filter; the worker is stopped anyway."""
    huge = "SELECT * WHERE { ?s ?p ?o FILTER(" + " + ".join(["?o"] * 20000) + ") }"
    t0 = time.monotonic()
    with pytest.raises(QueryTimeout):
        pool.run(QueryJob(huge))
    assert time.monotonic() - t0 < 3.5


def test_pool_survives_a_worker_killed_from_outside(pool):
    os.kill(pool.pids()[0], signal.SIGKILL)
    time.sleep(0.2)
    assert pool.run(QueryJob("ASK { ?s ?p ?o }")).boolean is True


def test_deep_nesting_is_a_400_not_a_crash(pool):
    nested = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    with pytest.raises(QueryError) as e:
        pool.run(QueryJob(nested))
    assert e.value.status == 400 and "nested too deeply" in str(e.value)


def test_a_long_query_is_not_mistaken_for_a_deep_one(pool):
    """300 triple patterns: past rdflib's default recursion limit (about 90), fine in a worker."""
    patterns = " ".join(f"?s{i} a ckg:NoSuchClass ." for i in range(300))
    result = pool.run(QueryJob(f"SELECT * WHERE {{ {patterns} }} LIMIT 1"))
    assert result.kind == "select" and result.rows == []
