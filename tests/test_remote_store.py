"""What only a remote store has: endpoints, credentials from the environment, network failures
as one-line errors, all-or-nothing graph replacement over HTTP, the union default graph.

The store-facing tests elsewhere run on a remote Oxigraph server too (``corpus_location``,
``empty_location``); these cover the rest. Real servers throughout: ``oxigraph serve`` for the
store, and a small local HTTP server that records what ckg sends where headers matter.
"""

from __future__ import annotations

import base64
import json
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ckgtest import free_port, run_ckg
from rdflib import Graph, Literal, URIRef

from ckg.errors import QueryError, StoreError
from ckg.graph.remote import RemoteStore, endpoints
from ckg.settings import Settings

pytestmark = pytest.mark.remote

G = "https://w3id.org/ckg/id/doc/test-graph"
P = URIRef("https://w3id.org/ckg/ontology#note")


def graph_of(*values: str) -> Graph:
    g = Graph()
    for i, v in enumerate(values):
        g.add((URIRef(f"https://w3id.org/ckg/id/thing/{i}"), P, Literal(v)))
    return g


def notes(store: RemoteStore, *, union: bool = True) -> set[str]:
    return {r["v"].value for r in store.query("SELECT ?v WHERE { ?s ckg:note ?v }", union=union).rows}


def one_line_error(r) -> str:
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


# ---------------------------------------------------------------------------- a recording server
class Recorder:
    """A local HTTP server that records each request and answers with ``reply(method, path)``."""

    def __init__(self, reply: Callable[[BaseHTTPRequestHandler], tuple[int, dict, bytes]]) -> None:
        self.requests: list[dict] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.body = self.rfile.read(length) if length else b""
                recorder.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.body,
                    }
                )
                status, headers, body = reply(self)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _handle

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


ASK_TRUE = (200, {"Content-Type": "application/sparql-results+json"}, b'{"head": {}, "boolean": true}')


@pytest.fixture
def recorder() -> Iterator[Callable[..., Recorder]]:
    made: list[Recorder] = []

    def make(reply=lambda h: ASK_TRUE) -> Recorder:
        made.append(Recorder(reply))
        return made[-1]

    yield make
    for r in made:
        r.close()


# ---------------------------------------------------------------------------- endpoints
def test_endpoints_default_to_oxigraph_servers_layout_and_settings_override_them():
    bare = endpoints("http://h:7878")
    assert bare == endpoints("http://h:7878/query")
    qlever = endpoints(
        "http://h:7001/", Settings(remote_update_url="http://h:7001/", remote_gsp_url="http://h:7001/")
    )
    assert qlever == ("http://h:7001/",) * 3  # an explicit path, even the root, is the query endpoint
    assert bare.query == "http://h:7878/query" and bare.update == "http://h:7878/update"
    assert bare.gsp == "http://h:7878/store"
    s = Settings(
        remote_update_url="http://h:7200/repositories/ckg/statements",
        remote_gsp_url="http://h:7200/repositories/ckg/rdf-graphs/service",
    )
    graphdb = endpoints("http://h:7200/repositories/ckg", s)
    assert graphdb.query == "http://h:7200/repositories/ckg"
    assert graphdb.update.endswith("/statements") and graphdb.gsp.endswith("/rdf-graphs/service")


def test_credentials_in_the_url_are_refused_with_the_way_to_give_them(recorder):
    url = recorder().url.replace("http://", "http://me:secret@")
    line = one_line_error(run_ckg("sparql", "ASK {}", "--store", url))
    assert "CKG_REMOTE_USER" in line and "secret" not in line


# ---------------------------------------------------------------------------- credentials
def test_basic_credentials_come_from_the_environment(recorder):
    rec = recorder()
    r = run_ckg(
        "sparql",
        "ASK { ?s a ckg:Document }",
        "--store",
        rec.url + "/sparql",
        env={"CKG_REMOTE_USER": "ckg-reader", "CKG_REMOTE_PASSWORD": "s3cret:pass"},
    )
    assert r.returncode == 0, r.stderr
    expected = "Basic " + base64.b64encode(b"ckg-reader:s3cret:pass").decode()
    assert [q["headers"].get("Authorization") for q in rec.requests] == [expected] * len(rec.requests)
    assert {q["path"] for q in rec.requests} == {"/sparql"}  # the URL given is the query endpoint
    sent = rec.requests[-1]["body"].decode()
    assert "PREFIX+ckg%3A" in sent  # the prologue the endpoint needs
    assert "union-default-graph=" in sent  # Oxigraph's union parameter (remote_union=param)


def test_a_bearer_token_comes_from_the_environment(recorder):
    rec = recorder()
    r = run_ckg("sparql", "ASK {}", "--store", rec.url, env={"CKG_REMOTE_TOKEN": "tok-123"})
    assert r.returncode == 0, r.stderr
    assert all(q["headers"].get("Authorization") == "Bearer tok-123" for q in rec.requests)
    assert all(q["path"] == "/query" for q in rec.requests)


def test_digest_credentials_answer_the_challenge(recorder):
    def reply(h):
        if not h.headers.get("Authorization", "").startswith("Digest "):
            return 401, {"WWW-Authenticate": 'Digest realm="SPARQL", nonce="abc123", qop="auth"'}, b""
        return ASK_TRUE

    rec = recorder(reply)
    env = {"CKG_REMOTE_USER": "dba", "CKG_REMOTE_PASSWORD": "pw", "CKG_REMOTE_AUTH": "digest"}
    r = run_ckg("sparql", "ASK {}", "--store", rec.url + "/sparql-auth", env=env)
    assert r.returncode == 0, r.stderr
    answered = [q["headers"]["Authorization"] for q in rec.requests if "Authorization" in q["headers"]]
    assert answered and all('username="dba"' in a and "pw" not in a for a in answered)


def test_refused_credentials_are_one_line_naming_the_settings(recorder):
    rec = recorder(lambda h: (401, {"WWW-Authenticate": 'Basic realm="x"'}, b"Unauthorized"))
    line = one_line_error(run_ckg("stats", "--store", rec.url))
    assert "refused access (401)" in line and "CKG_REMOTE_USER" in line


# ---------------------------------------------------------------------------- network failures
def test_a_refused_port_is_one_line():
    line = one_line_error(run_ckg("stats", "--store", f"http://127.0.0.1:{free_port()}"))
    assert "cannot reach the SPARQL store" in line and "connection refused" in line


def test_a_killed_connection_is_one_line():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        def kill_each() -> None:
            for _ in range(4):  # requests retries nothing by default; be generous
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                conn.recv(1024)
                conn.close()  # hang up mid-request

        threading.Thread(target=kill_each, daemon=True).start()
        line = one_line_error(run_ckg("sparql", "ASK {}", "--store", f"http://127.0.0.1:{port}"))
    assert "closed the connection" in line or "connection was" in line


def test_a_server_that_never_answers_times_out_in_one_line():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()  # accepts (the kernel does), never answers
        port = listener.getsockname()[1]
        r = run_ckg("stats", "--store", f"http://127.0.0.1:{port}", env={"CKG_REMOTE_TIMEOUT": "1"})
    line = one_line_error(r)
    assert "did not answer within 1 s" in line and "remote_timeout" in line


def test_a_wrong_endpoint_path_is_one_line(oxigraph):
    url = oxigraph()
    line = one_line_error(run_ckg("stats", "--store", url + "/nope/sparql"))
    assert "no SPARQL query endpoint" in line and "(404)" in line


def test_syntax_errors_point_at_the_users_lines_not_the_prologue(oxigraph):
    url = oxigraph()
    line = one_line_error(run_ckg("sparql", "SELECT ?x\nWHERE { ?x ?y", "--store", url))
    assert "syntax error" in line.lower() and "at 2:" in line


# ---------------------------------------------------------------------------- writing
def test_replace_graph_replaces_and_a_refused_update_leaves_the_old_graph(oxigraph):
    store = RemoteStore(oxigraph(), settings=Settings())
    store.replace_graph(G, graph_of("old one", "old two"))
    store.replace_graph(G, graph_of("new one"))
    assert notes(store) == {"new one"}  # replaced, not added to
    bad = graph_of("newer")
    bad.add((URIRef("https://w3id.org/ckg/id/thing/x"), P, Literal("x", datatype=URIRef("http://a b"))))
    with pytest.raises(StoreError, match="refused the update"):
        store.replace_graph(G, bad)  # the store rejects the request: neither DROP nor INSERT happened
    assert notes(store) == {"new one"}
    store.close()


class CuttingProxy:
    """Forwards one connection to ``port`` until ``limit`` bytes of the request have passed, then
    hangs up on both sides: a build killed mid-upload, or a network that drops."""

    def __init__(self, port: int, limit: int) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.port, self.limit = port, limit
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        try:
            client, _ = self.listener.accept()
        except OSError:
            return
        upstream = socket.create_connection(("127.0.0.1", self.port))
        sent = 0
        while sent < self.limit:
            data = client.recv(min(65536, self.limit - sent))
            if not data:
                break
            upstream.sendall(data)
            sent += len(data)
        upstream.close()
        client.close()

    def close(self) -> None:
        self.listener.close()


def test_a_connection_cut_mid_upload_leaves_the_old_graph(oxigraph):
    url = oxigraph()
    store = RemoteStore(url, settings=Settings())
    store.replace_graph(G, graph_of("before"))
    port = int(url.rsplit(":", 1)[1])
    proxy = CuttingProxy(port, limit=20_000)
    settings = Settings(remote_update_url=proxy.url + "/update")
    writer = RemoteStore(url, settings=settings)
    big = graph_of(*(f"after {i} " + "x" * 200 for i in range(2000)))  # ~500 KB of N-Triples
    with pytest.raises(StoreError, match="SPARQL store"):
        writer.replace_graph(G, big)
    proxy.close()
    assert notes(store) == {"before"}
    store.close()
    writer.close()


def test_a_read_only_store_refuses_writes(oxigraph):
    store = RemoteStore(oxigraph(), read_only=True, settings=Settings())
    with pytest.raises(StoreError, match="read-only"):
        store.replace_graph(G, graph_of("x"))
    with pytest.raises(StoreError, match="read-only"):
        store.drop_graph(G)


# ---------------------------------------------------------------------------- the union default graph
def test_union_by_parameter_or_by_the_servers_configuration(oxigraph):
    plain, union_server = oxigraph(), oxigraph("--union-default-graph")
    for url in (plain, union_server):
        RemoteStore(url, settings=Settings()).replace_graph(G, graph_of("in a named graph"))
    by_param = RemoteStore(plain, settings=Settings(remote_union="param"))
    by_server = RemoteStore(union_server, settings=Settings(remote_union="server"))
    assert notes(by_param) == notes(by_server) == {"in a named graph"}
    assert notes(by_param, union=False) == set()  # without the parameter: Oxigraph's own default graph
    misconfigured = RemoteStore(plain, settings=Settings(remote_union="server"))
    assert notes(misconfigured) == set()  # what the README's caveat warns about
    with pytest.raises(StoreError, match="remote_union"):
        RemoteStore(plain, settings=Settings(remote_union="sometimes"))


# ---------------------------------------------------------------------------- reading
def test_dump_without_a_graph_store_endpoint_reads_graph_by_graph(oxigraph):
    url = oxigraph()
    store = RemoteStore(url, settings=Settings())
    store.replace_graph(G, graph_of("one", "two"))
    store.replace_graph(G + "-b", graph_of("three"))
    by_gsp = sorted(store.dump("nquads").decode().splitlines())
    no_gsp = RemoteStore(url, settings=Settings(remote_gsp_url=url + "/no-graph-store"))
    by_construct = sorted(no_gsp.dump("nquads").decode().splitlines())
    assert by_gsp == by_construct and len(by_gsp) == 3
    assert json.loads(no_gsp.dump("jsonld"))  # the other dataset formats go the same way


def test_query_errors_are_query_errors(oxigraph):
    store = RemoteStore(oxigraph(), settings=Settings())
    with pytest.raises(QueryError, match="syntax error"):
        store.query("SELECT * WHERE { ?s ?p }")


def test_stats_of_a_remote_store_report_no_size(oxigraph):
    r = run_ckg("stats", "--store", oxigraph())
    assert r.returncode == 0, r.stderr
    assert "size not reported" in r.stdout and "documents loaded: 0" in r.stdout
