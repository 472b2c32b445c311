"""A SPARQL 1.1 endpoint as the store: Oxigraph server, Fuseki, GraphDB, Virtuoso, QLever.

``RemoteStore`` offers the same interface as the embedded ``OxigraphStore`` over three HTTP
protocols, with ``requests`` (a dependency already): SPARQL 1.1 Query for every read, SPARQL
1.1 Update for every write, and the Graph Store Protocol for the dataset dump.

Endpoints. ``--store http://host:7878`` (no path) means Oxigraph server's layout: ``/query``,
``/update`` and ``/store``. A URL with a path (even ``/``, QLever's root) is the query endpoint
itself, and the update and Graph Store endpoints default to its siblings ``update`` and
``store`` (so ``http://host:7878/query`` works the same as the bare form). Stores laid out otherwise set
``remote_update_url`` / ``remote_gsp_url`` (README, "Other SPARQL stores").

Why ``replace_graph`` is one SPARQL Update request (``DROP SILENT GRAPH <g> ; INSERT DATA {
GRAPH <g> {...} }``) rather than a Graph Store PUT: the SPARQL 1.1 Protocol makes one update
request one operation, which Oxigraph, Fuseki (TDB2), GraphDB, Virtuoso and QLever each apply
in one transaction, so a killed build or a refused request leaves the old graph or the new
one, never neither. Every SPARQL 1.1 store has an update endpoint, while Graph Store support
varies (QLever has no PUT; Virtuoso's needs a different URL and digest authentication), and
it is the very statement the embedded store runs (``store.replace_graph_update``), so both
stores are tested on the same text.

Queries see the union of the named graphs as their default graph (ckg's convention). The
protocol has no standard way to ask for it: with ``remote_union = param`` (the default) each
query carries Oxigraph server's ``union-default-graph`` parameter; ``server`` sends nothing,
for stores whose default graph already is the union (Fuseki with ``tdb2:unionDefaultGraph``,
Virtuoso, GraphDB, QLever, ``oxigraph serve --union-default-graph``).

Credentials come only from the environment (settings ``remote_user``/``remote_password``,
HTTP basic or digest auth; ``remote_token`` as a bearer token), never from the URL or the
command line. Every failure is a one-line ``StoreError`` or ``QueryError``.
"""

from __future__ import annotations

import re
import threading
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from rdflib import Graph, URIRef

from ckg.errors import QueryError, StoreError
from ckg.graph.namespaces import PREFIXES
from ckg.graph.sparql_files import sparql
from ckg.graph.store import (
    add_prologue,
    bind,
    check_iri,
    drop_graphs_update,
    ox_term,
    replace_graph_update,
    tidy_parser_message,
)
from ckg.graph.terms import QueryResult, Term

ACCEPT_RESULTS = "application/sparql-results+json, application/json;q=0.9"
# some stores answer CONSTRUCT in JSON bindings if JSON is acceptable at all: ask for RDF only
ACCEPT_RDF = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5, text/plain;q=0.4"
ACCEPT_DATASET = "application/n-quads, application/trig;q=0.9"
UNION_PARAM = "union-default-graph"  # Oxigraph server's protocol extension
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,  # older servers' N-Triples
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "text/x-nquads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
_DATASET_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}
_GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}


class Endpoints(NamedTuple):
    query: str
    update: str
    gsp: str


def endpoints(location: str, settings: Any = None) -> Endpoints:
    """The query, update and Graph Store endpoints for a ``--store`` URL.

    >>> endpoints("http://localhost:7878")
    Endpoints(query='http://localhost:7878/query', update='http://localhost:7878/update', gsp='http://localhost:7878/store')
    >>> endpoints("http://localhost:7878/query").update
    'http://localhost:7878/update'
    >>> endpoints("http://h:3030/ds/sparql").gsp
    'http://h:3030/ds/store'
    >>> endpoints("http://h:7001/").query  # an explicit path, even "/", is the query endpoint (QLever)
    'http://h:7001/'
    """
    parts = urlsplit(location)
    if parts.username or parts.password:
        raise StoreError(
            "credentials do not belong in the store URL (it shows in process lists and logs); "
            "set CKG_REMOTE_USER and CKG_REMOTE_PASSWORD instead"
        )
    query = urlunsplit(parts._replace(path="/query")) if not parts.path else location

    def sibling(name: str) -> str:
        qp = urlsplit(query)
        head = qp.path.rsplit("/", 1)[0]
        return urlunsplit(qp._replace(path=f"{head}/{name}", query="", fragment=""))

    update = getattr(settings, "remote_update_url", None) or sibling("update")
    gsp = getattr(settings, "remote_gsp_url", None) or sibling("store")
    return Endpoints(query, update, gsp)


# ---------------------------------------------------------------------------- results
def term_from_json(binding: dict[str, str]) -> Term:
    """A ``Term`` from one SPARQL 1.1 JSON results binding.

    >>> term_from_json({"type": "literal", "value": "7", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}).python()
    7
    >>> term_from_json({"type": "literal", "value": "hi", "xml:lang": "en"}).lang
    'en'
    """
    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return Term("uri", value)
    if kind == "bnode":
        return Term("bnode", value)
    if kind in ("literal", "typed-literal"):  # typed-literal: SPARQL 1.0-era servers (Virtuoso)
        if binding.get("xml:lang"):
            return Term("literal", value, lang=binding["xml:lang"])
        # a simple literal is an xs:string (RDF 1.1), as the embedded store reports it
        return Term("literal", value, datatype=binding.get("datatype") or XSD_STRING)
    if kind == "triple":
        return Term("triple", str(value))
    raise QueryError(f"the SPARQL store sent a term of unknown type {kind!r}")


def result_from_json(data: dict[str, Any]) -> QueryResult:
    """A ``QueryResult`` from a SPARQL 1.1 JSON results document (SELECT or ASK)."""
    if "boolean" in data:
        return QueryResult("ask", boolean=bool(data["boolean"]))
    variables = list(data.get("head", {}).get("vars", []))
    rows = [{k: term_from_json(v) for k, v in b.items()} for b in data.get("results", {}).get("bindings", [])]
    return QueryResult("select", variables=variables, rows=rows)


def _media_type(resp: requests.Response) -> str:
    return resp.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _rdf_format(resp: requests.Response) -> ox.RdfFormat | None:
    return _RDF_TYPES.get(_media_type(resp))


def _one_line(resp: requests.Response, limit: int = 200) -> str:
    """The gist of an error body: its first meaningful line, tags stripped (some stores answer HTML)."""
    text = re.sub(r"<[^>]+>", " ", resp.text or "")
    for line in text.splitlines():
        if line.strip():
            return tidy_parser_message(line.strip(), limit)
    return resp.reason or ""


# ---------------------------------------------------------------------------- the store
class RemoteStore:
    """The ``Store`` protocol over SPARQL 1.1 Query, Update and Graph Store HTTP endpoints."""

    def __init__(self, location: str, *, read_only: bool = False, settings: Any = None) -> None:
        self.location = location
        self.read_only = read_only
        self.endpoints = endpoints(location, settings)
        self.timeout = float(getattr(settings, "remote_timeout", None) or 60.0)
        self.union = (getattr(settings, "remote_union", None) or "param").lower()
        if self.union not in ("param", "server"):
            raise StoreError(f"remote_union must be 'param' or 'server', not {self.union!r}")
        user = getattr(settings, "remote_user", None)
        password = getattr(settings, "remote_password", None) or ""
        scheme = (getattr(settings, "remote_auth", None) or "basic").lower()
        if scheme not in ("basic", "digest"):
            raise StoreError(f"remote_auth must be 'basic' or 'digest', not {scheme!r}")
        self._auth: Any = None
        if user:
            self._auth = (
                requests.auth.HTTPDigestAuth(user, password) if scheme == "digest" else (user, password)
            )
        token = getattr(settings, "remote_token", None)
        self._headers = {"User-Agent": "ckg"} | ({"Authorization": f"Bearer {token}"} if token else {})
        self._has_credentials = bool(user or token)
        self._local = threading.local()  # one HTTP session per thread (the web app's threads share us)
        self._sessions: list[requests.Session] = []
        self._sessions_lock = threading.Lock()
        self.query("ASK {}")  # fail now, in one line, if the endpoint is not there

    # -- HTTP
    def _session(self) -> requests.Session:
        s = getattr(self._local, "session", None)
        if s is None:
            s = requests.Session()
            s.auth = self._auth
            s.headers.update(self._headers)
            self._local.session = s
            with self._sessions_lock:
                self._sessions.append(s)
        return s

    def _send(self, method: str, url: str, what: str, **kwargs: Any) -> requests.Response:
        """One request; every failure becomes a one-line ``StoreError`` (``QueryError`` for a
        query the store refused)."""
        try:
            resp = self._session().request(
                method, url, timeout=(min(self.timeout, 10.0), self.timeout), **kwargs
            )
        except requests.Timeout:
            raise StoreError(
                f"the SPARQL store at {url} did not answer within {self.timeout:g} s (setting remote_timeout)"
            ) from None
        except requests.ConnectionError as e:
            raise StoreError(f"cannot reach the SPARQL store at {url}: {_reason(e)}") from None
        except requests.RequestException as e:
            raise StoreError(f"request to the SPARQL store at {url} failed: {_reason(e)}") from None
        if resp.status_code < 300:
            return resp
        status = resp.status_code
        if status in (401, 403):
            hint = (
                "check CKG_REMOTE_USER / CKG_REMOTE_PASSWORD (or CKG_REMOTE_TOKEN) and the account's rights"
                if self._has_credentials
                else "set CKG_REMOTE_USER and CKG_REMOTE_PASSWORD (or CKG_REMOTE_TOKEN) in the environment"
            )
            raise StoreError(f"the SPARQL store at {url} refused access ({status}): {hint}")
        if status == 404:
            setting = {"update": " or CKG_REMOTE_UPDATE_URL", "graph store": " or CKG_REMOTE_GSP_URL"}
            raise StoreError(
                f"no SPARQL {what} endpoint at {url} (404); check --store{setting.get(what, '')}"
            )
        if what == "query" and 400 <= status < 500:  # the protocol's answer to a malformed query
            raise QueryError(f"SPARQL syntax error (the store answered {status}): {_one_line(resp)}")
        if what == "query":
            raise QueryError(f"query failed on the SPARQL store ({status}): {_one_line(resp)}", status=502)
        raise StoreError(f"the SPARQL store at {url} refused the {what} ({status}): {_one_line(resp)}")

    def _post_query(
        self,
        text: str,
        *,
        union: bool,
        default_graphs: tuple[str, ...] | None = None,
        named_graphs: tuple[str, ...] | None = None,
    ) -> requests.Response:
        accept = ACCEPT_RDF if query_form(text) in ("CONSTRUCT", "DESCRIBE") else ACCEPT_RESULTS
        full = add_prologue(text)
        form: list[tuple[str, str]] = [("query", full)]
        if default_graphs is not None or named_graphs is not None:
            form += [("default-graph-uri", check_iri(g)) for g in default_graphs or ()]
            form += [("named-graph-uri", check_iri(g)) for g in named_graphs or ()]
        elif union and self.union == "param":
            form.append((UNION_PARAM, ""))
        try:
            return self._send("POST", self.endpoints.query, "query", data=form, headers={"Accept": accept})
        except QueryError as e:  # point at the user's lines, not at the prologue ckg added
            raise QueryError(_shift_lines(str(e), full.count("\n") - text.count("\n")), e.status) from None

    def _update(self, text: str) -> None:
        if self.read_only:
            raise StoreError("store opened read-only")
        self._send(
            "POST",
            self.endpoints.update,
            "update",
            data=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    # -- writing
    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Replace a named graph in one update request, hence one transaction (see the module notes)."""
        self._update(replace_graph_update(graph_iri, graph))

    def drop_graph(self, graph_iri: str) -> None:
        self.drop_graphs([graph_iri])

    def drop_graphs(self, graph_iris: list[str]) -> None:
        """Drop named graphs in one update request, hence one transaction."""
        self._update(drop_graphs_update(graph_iris))

    # -- reading
    def query(
        self,
        sparql: str,
        bindings: dict[str, object] | None = None,
        *,
        union: bool = True,
        default_graphs: tuple[str, ...] | None = None,
        named_graphs: tuple[str, ...] | None = None,
    ) -> QueryResult:
        """Run a query; ``default_graphs``/``named_graphs`` give its dataset by the protocol's
        ``default-graph-uri``/``named-graph-uri`` (the public endpoint passes them through)."""
        resp = self._post_query(
            bind(sparql, bindings), union=union, default_graphs=default_graphs, named_graphs=named_graphs
        )
        media = _media_type(resp)
        if media in ("application/sparql-results+json", "application/json"):
            try:
                return result_from_json(resp.json())
            except ValueError:
                raise QueryError(
                    "the SPARQL store sent results that are not valid JSON", status=502
                ) from None
        triples = self._parse_rdf(resp)
        return QueryResult(
            "graph", triples=[(ox_term(t.subject), ox_term(t.predicate), ox_term(t.object)) for t in triples]
        )

    def _parse_rdf(self, resp: requests.Response) -> list[Any]:
        fmt = _rdf_format(resp)
        if fmt is None:
            raise QueryError(
                f"the SPARQL store answered in {_media_type(resp) or 'no stated format'}, which ckg cannot read",
                status=502,
            )
        try:
            return list(ox.parse(resp.content, format=fmt))
        except SyntaxError as e:
            raise QueryError(
                f"the SPARQL store sent unreadable RDF: {tidy_parser_message(str(e))}", 502
            ) from None

    def named_graphs(self) -> list[str]:
        res = self.query(sparql("named-graphs"), union=False)
        if res.rows and all("g" not in r for r in res.rows):  # ?g left unbound (Virtuoso)
            res = self.query(sparql("named-graphs-scan"), union=False)
        return sorted({r["g"].value for r in res.rows if "g" in r and r["g"].type == "uri"})

    def document_versions(self) -> dict[str, tuple[str, str]]:
        """Loaded document IRI -> (content hash, extractor version), read from their named graphs."""
        res = self.query(sparql("document-versions"), union=False)
        return {r["g"].value: (r["h"].value, r["v"].value) for r in res.rows}

    def dump(self, fmt: str) -> bytes:
        """The whole store: named graphs kept (nquads, trig, jsonld) or their union (turtle, ntriples).

        The dataset comes from one Graph Store GET of the whole store (Oxigraph, Fuseki and
        GraphDB answer it with N-Quads); a store that cannot (Virtuoso, QLever) is read graph
        by graph with CONSTRUCT queries.
        """
        if fmt in _GRAPH_FORMATS:
            triples = self._parse_rdf(self._post_query(sparql("all-triples"), union=True))
            return ox.serialize(
                triples, format=_GRAPH_FORMATS[fmt], prefixes=dict(PREFIXES) if fmt == "turtle" else None
            )
        if fmt not in _DATASET_FORMATS:
            raise StoreError(
                f"unsupported export format {fmt!r} (use turtle, ntriples, nquads, trig or jsonld)"
            )
        quads = self._dataset_by_gsp()
        if quads is None:
            quads = self._dataset_by_construct()
        return ox.serialize(
            quads, format=_DATASET_FORMATS[fmt], prefixes=dict(PREFIXES) if fmt != "nquads" else None
        )

    def _dataset_by_gsp(self) -> list[ox.Quad] | None:
        try:
            resp = self._send("GET", self.endpoints.gsp, "graph store", headers={"Accept": ACCEPT_DATASET})
        except StoreError:
            return None  # no Graph Store endpoint, or no whole-dataset GET: read graph by graph
        if _rdf_format(resp) not in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            return None
        return [q for q in self._parse_rdf(resp) if not isinstance(q.graph_name, ox.DefaultGraph)]

    def _dataset_by_construct(self) -> list[ox.Quad]:
        quads = []
        for n, g in enumerate(self.named_graphs()):
            graph = ox.NamedNode(g)
            text = bind(sparql("graph-triples"), {"g": URIRef(g)})
            for t in self._parse_rdf(self._post_query(text, union=False)):
                # blank node labels are scoped to one response: keep each graph's apart
                s, o = (_scoped(x, n) for x in (t.subject, t.object))
                quads.append(ox.Quad(s, t.predicate, o, graph))
        return quads

    def size_bytes(self) -> int | None:
        return None  # a remote store does not say

    def close(self) -> None:
        with self._sessions_lock:
            sessions, self._sessions = self._sessions, []
        for s in sessions:
            s.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_SKIP = re.compile(
    r"<[^<>\s]*>"  # IRIs
    r"|#[^\n]*"  # comments
    r'|"""[\s\S]*?"""'
    r"|'''[\s\S]*?'''"  # long strings
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"  # strings
)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside IRIs, strings and
    comments (the Accept header depends on it).

    >>> query_form("PREFIX s: <http://x/select#> # ask me\\nCONSTRUCT WHERE { ?s s:p 'ask' }")
    'CONSTRUCT'
    """
    m = _FORM.search(_SKIP.sub(" ", text))
    return m.group(1).upper() if m else None


def _shift_lines(message: str, added: int) -> str:
    """A parser message with line numbers counted from the query as given, before the prologue.

    >>> _shift_lines("error at 14:24: expected ...", 13)
    'error at 1:24: expected ...'
    >>> _shift_lines("Lexical error at line 15, column 3", 13)
    'Lexical error at line 2, column 3'
    """

    def shift(m: re.Match) -> str:
        n = int(m.group(2))
        return f"{m.group(1)}{n - added}" if n > added else m.group(0)

    return re.sub(r"(\b(?:at|line) )(\d+)", shift, message)


def _scoped(term: Any, n: int) -> Any:
    return ox.BlankNode(f"g{n}_{term.value}") if isinstance(term, ox.BlankNode) else term


def _reason(e: Exception) -> str:
    """A short reason from the layers of a requests/urllib3 exception."""
    text = str(e)
    for needle, reason in (
        ("Connection refused", "connection refused (is the server running, on that port?)"),
        ("Name or service not known", "unknown host"),
        ("nodename nor servname", "unknown host"),
        ("RemoteDisconnected", "the server closed the connection without answering"),
        ("Connection aborted", "the connection was closed before an answer"),
        ("Connection reset", "the connection was reset"),
        ("CERTIFICATE_VERIFY_FAILED", "its TLS certificate could not be verified"),
    ):
        if needle in text:
            return reason
    return text.splitlines()[0][:160] if text else type(e).__name__


__all__ = ["Endpoints", "RemoteStore", "endpoints", "result_from_json", "term_from_json"]
